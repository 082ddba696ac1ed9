//! Synthetic chart data for tests that must not depend on the model's numbers.
#![allow(dead_code)]

pub mod bitmap;

use gigawatt_charts::*;
use plotters::style::RGBColor;

pub const STACK_A: RGBColor = RGBColor(0x4e, 0x79, 0xa7);
pub const STACK_B: RGBColor = RGBColor(0xf2, 0x8e, 0x2b);
pub const LINE: RGBColor = RGBColor(0xe1, 0x57, 0x59);
pub const DASHED: RGBColor = RGBColor(0x59, 0xa1, 0x4f);
pub const RIGHT: RGBColor = RGBColor(0xb0, 0x7a, 0xa1);
pub const DOTS: RGBColor = RGBColor(0x9c, 0x75, 0x5f);

pub const WHITE: (u8, u8, u8) = (0xff, 0xff, 0xff);

pub fn rgb(c: RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

/// `color` at opacity `alpha` over `under`.
pub fn over(color: RGBColor, alpha: f64, under: (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |a: u8, b: u8| (f64::from(a) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8;
    (
        mix(color.0, under.0),
        mix(color.1, under.1),
        mix(color.2, under.2),
    )
}

/// Whether two pixels match within 4 per channel.
pub fn close(a: (u8, u8, u8), b: (u8, u8, u8)) -> bool {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).abs();
    d(a.0, b.0) <= 4 && d(a.1, b.1) <= 4 && d(a.2, b.2) <= 4
}

/// Months 2025-01 onwards: (labels, decimal years).
pub fn months(n: usize) -> (Vec<String>, Vec<f64>) {
    let labels = (0..n)
        .map(|m| format!("{}-{:02}", 2025 + m / 12, m % 12 + 1))
        .collect();
    let years = (0..n).map(|m| 2025.0 + m as f64 / 12.0).collect();
    (labels, years)
}

pub fn series(
    name: &str,
    color: RGBColor,
    values: Vec<f64>,
    style: SeriesStyle,
    axis: Axis,
    unit: Unit,
) -> DataSeries {
    DataSeries {
        name: name.into(),
        unit,
        color,
        values,
        style,
        axis,
    }
}

/// 60 months: two stacked layers (1 and 2 GW flat), a rising line, a dashed line, a right-axis line and dots.
pub fn time_chart() -> ChartData {
    let n = 60;
    let (labels, years) = months(n);
    let mut d = ChartData::empty(ChartId::Capacity);
    d.body = ChartBody::Time(TimeAxis {
        labels,
        years,
        history_len: 16,
    });
    d.y_label = "Delivered IT power (GW)".into();
    d.y2_label = Some("Cost ($/hr)".into());
    d.series = vec![
        series(
            "Layer A",
            STACK_A,
            vec![1.0; n],
            SeriesStyle::StackedArea,
            Axis::Left,
            Unit::Gw,
        ),
        series(
            "Layer B",
            STACK_B,
            vec![2.0; n],
            SeriesStyle::StackedArea,
            Axis::Left,
            Unit::Gw,
        ),
        series(
            "Rising",
            LINE,
            (0..n).map(|i| i as f64 / 6.0).collect(),
            SeriesStyle::Line,
            Axis::Left,
            Unit::Gw,
        ),
        series(
            "Announced",
            DASHED,
            vec![8.0; n],
            SeriesStyle::DashedLine,
            Axis::Left,
            Unit::Gw,
        ),
        series(
            "Cost",
            RIGHT,
            vec![0.45; n],
            SeriesStyle::Line,
            Axis::Right,
            Unit::UsdPerHour,
        ),
        series(
            "Marks",
            DOTS,
            (0..n)
                .map(|i| if i % 12 == 6 { 5.0 } else { f64::NAN })
                .collect(),
            SeriesStyle::Dots,
            Axis::Left,
            Unit::Gw,
        ),
        series(
            "Ratio",
            LINE,
            vec![1.5; n],
            SeriesStyle::ReadoutOnly,
            Axis::Left,
            Unit::Multiple,
        ),
    ];
    d.markers = vec![PointMarker {
        index: 11,
        from: 11,
        value: 1.9,
        label: "Reported IT power, 2025-12".into(),
        axis: Axis::Left,
        series: "Announced".into(),
        unit: Unit::Gw,
        total: None,
        source: "Friar, Jan 18 2026 · grade P (primary source)".into(),
        id: "it-gw-2025-12".into(),
    }];
    d.events = vec![EventMark {
        index: 20,
        label: "Deal: Oracle".into(),
        amount: "4.5 GW, $300B".into(),
        source: "Oracle 8-K [P]".into(),
    }];
    d
}

pub fn bar_chart() -> ChartData {
    let mut d = ChartData::empty(ChartId::Circularity);
    d.body = ChartBody::Categories(Categories {
        labels: vec!["NVIDIA".into(), "AMD".into(), "Oracle".into()],
        waterfall_totals: Vec::new(),
    });
    d.y_label = "Cumulative ($B)".into();
    d.series = vec![
        series(
            "Lab spend",
            STACK_A,
            vec![100.0, 50.0, 200.0],
            SeriesStyle::Bar,
            Axis::Left,
            Unit::UsdB,
        ),
        series(
            "Vendor investment",
            STACK_B,
            vec![80.0, 90.0, 0.0],
            SeriesStyle::Bar,
            Axis::Left,
            Unit::UsdB,
        ),
        series(
            "Ratio",
            LINE,
            vec![0.8, 1.8, 0.0],
            SeriesStyle::ReadoutOnly,
            Axis::Left,
            Unit::Multiple,
        ),
    ];
    d
}

pub fn waterfall_chart() -> ChartData {
    let mut d = ChartData::empty(ChartId::Waterfall);
    d.body = ChartBody::Categories(Categories {
        labels: [
            "Revenue",
            "Cost of revenue",
            "Gross profit",
            "R&D",
            "S&M",
            "G&A",
            "Operating income",
        ]
        .map(String::from)
        .to_vec(),
        waterfall_totals: vec![true, false, true, false, false, false, true],
    });
    d.y_label = "2030 ($B)".into();
    d.series = vec![series(
        "P&L",
        STACK_A,
        vec![100.0, -40.0, 60.0, -50.0, -20.0, -10.0, -20.0],
        SeriesStyle::Waterfall,
        Axis::Left,
        Unit::UsdB,
    )];
    d
}

pub fn sankey_chart() -> ChartData {
    let node = |name: &str, column: usize, color: RGBColor| SankeyNode {
        name: name.into(),
        column,
        color,
    };
    let link = |from, to, v, estimated| SankeyLink {
        from,
        to,
        category: if estimated {
            "Indirect hardware".into()
        } else {
            "Equity".into()
        },
        value_usd_b: v,
        estimated,
        color: if estimated { RIGHT } else { STACK_A },
    };
    let mut d = ChartData::empty(ChartId::Sankey);
    d.body = ChartBody::Flows(SankeyData {
        nodes: vec![
            node("Investors", 0, STACK_A),
            node("Customers", 0, DASHED),
            node("Lab", 1, LINE),
            node("Clouds", 2, STACK_B),
            node("Chip vendors", 3, RIGHT),
        ],
        links: vec![
            link(0, 2, 100.0, false),
            link(1, 2, 150.0, false),
            link(2, 3, 200.0, false),
            link(3, 4, 120.0, true),
            link(4, 2, 30.0, false),
        ],
    });
    d
}

/// Draws `data` into a 900×420 SVG string and returns it with the mapping of the same drawing.
pub fn svg_and_mapping(data: &ChartData, opts: &DrawOptions) -> (String, ChartMapping) {
    use plotters::prelude::{IntoDrawingArea, SVGBackend};
    let mut out = String::new();
    let mapping = {
        let root = SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area();
        draw(&root, data, opts).expect("chart draws")
    };
    (out, mapping)
}
