//! Property tests: drawing, tables and read-outs never panic, whatever the numbers.
mod common;

use common::bitmap::try_render;
use common::*;
use gigawatt_charts::*;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -1e4..1e4f64,
        1 => Just(f64::NAN),
        1 => Just(0.0),
        1 => prop::num::f64::NORMAL,
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
    ]
}

fn style() -> impl Strategy<Value = SeriesStyle> {
    prop::sample::select(vec![
        SeriesStyle::Line,
        SeriesStyle::DashedLine,
        SeriesStyle::Step,
        SeriesStyle::StackedArea,
        SeriesStyle::StackedLight,
        SeriesStyle::Area,
        SeriesStyle::Bar,
        SeriesStyle::Waterfall,
        SeriesStyle::Dots,
        SeriesStyle::ReadoutOnly,
    ])
}

/// Arbitrary chart data: any length (including empty), series longer or shorter than the axis, any values.
fn chart() -> impl Strategy<Value = ChartData> {
    (
        0usize..40,
        prop::collection::vec(
            (
                prop::collection::vec(value(), 0..45),
                style(),
                any::<bool>(),
            ),
            0..6,
        ),
        any::<bool>(),
        0usize..50,
    )
        .prop_map(|(n, series, categories, history)| {
            let mut d = ChartData::empty(ChartId::Capacity);
            let (labels, years) = months(n);
            d.body = if categories {
                ChartBody::Categories(Categories {
                    labels,
                    waterfall_totals: vec![true, false],
                })
            } else {
                ChartBody::Time(TimeAxis {
                    labels,
                    years,
                    history_len: history,
                })
            };
            d.series = series
                .into_iter()
                .enumerate()
                .map(|(i, (values, style, right))| {
                    let axis = if right { Axis::Right } else { Axis::Left };
                    series_of(&format!("s{i}"), values, style, axis)
                })
                .collect();
            d.markers = vec![PointMarker {
                index: 3,
                from: 0,
                value: f64::NAN,
                label: "m".into(),
                axis: Axis::Right,
                series: "s0".into(),
                unit: Unit::UsdB,
                total: None,
                source: String::new(),
                id: "m".into(),
            }];
            d.events = vec![EventMark {
                index: 100,
                label: "e".into(),
                amount: String::new(),
                source: String::new(),
            }];
            d
        })
}

fn series_of(name: &str, values: Vec<f64>, style: SeriesStyle, axis: Axis) -> DataSeries {
    series(name, STACK_A, values, style, axis, Unit::UsdB)
}

fn sankey() -> impl Strategy<Value = ChartData> {
    (
        prop::collection::vec(0usize..5, 0..8),
        prop::collection::vec((0usize..10, 0usize..10, value(), any::<bool>()), 0..12),
    )
        .prop_map(|(columns, links)| {
            let mut d = sankey_chart();
            let ChartBody::Flows(s) = &mut d.body else {
                unreachable!("sankey_chart has flows")
            };
            s.nodes = columns
                .into_iter()
                .enumerate()
                .map(|(i, column)| SankeyNode {
                    name: format!("n{i}"),
                    column,
                    color: STACK_A,
                })
                .collect();
            s.links = links
                .into_iter()
                .map(|(from, to, value_usd_b, estimated)| SankeyLink {
                    from,
                    to,
                    category: "c".into(),
                    value_usd_b,
                    estimated,
                    color: LINE,
                })
                .collect();
            d
        })
}

fn exercise(data: &ChartData, w: u32, h: u32, dark: bool) {
    let opts = DrawOptions {
        theme: if dark { Theme::Dark } else { Theme::Light },
        hidden: vec!["s1".into()],
    };
    let _ = table(data).to_csv();
    let _ = legend(data);
    match try_render(data, &opts, w, h) {
        Ok(r) => {
            for (x, y) in [
                (0, 0),
                (w as i32 / 2, h as i32 / 2),
                (w as i32 - 1, h as i32 - 1),
                (-3, 7),
                (100_000, 5),
            ] {
                if let Some(readout) = r.mapping.readout(x, y, data) {
                    let _ = r.mapping.crosshair_x(&readout);
                }
            }
        }
        Err(ChartError::AreaTooSmall { .. }) => {
            assert!(w < 200 || h < 150, "{w}×{h} should fit a chart")
        }
        Err(e) => panic!("draw failed: {e}"),
    }
    to_svg(data, &opts, w.max(200), h.max(150)).expect("SVG of a roomy canvas draws");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn charts_never_panic(data in chart(), w in 20u32..900, h in 20u32..500, dark in any::<bool>()) {
        exercise(&data, w, h, dark);
    }

    #[test]
    fn sankeys_never_panic(data in sankey(), w in 20u32..900, h in 20u32..500) {
        exercise(&data, w, h, false);
    }
}
