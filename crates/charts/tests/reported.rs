//! Reported figures (the model's observations table) on the charts: every observation of a metric a chart
//! shows is in that chart's data, its SVG (a diamond at its month and value), its read-out, its table and its
//! CSV; the legend entry "Reported" hides and shows them.

mod common;

use common::svg_and_mapping as svg;
use gigawatt_charts::*;
use gigawatt_model::{observations, simulate, Metric, Observation, PresetId, Run, Scenario};

fn run() -> Run {
    simulate(&Scenario::preset(PresetId::AsReported))
}

/// Centres of the SVG polygons filled with the reported colour.
fn diamonds(svg: &str) -> Vec<(f64, f64)> {
    let fill = css_color(REPORTED_COLOR).to_ascii_lowercase();
    svg.split("<polygon")
        .skip(1)
        .filter(|p| {
            let tag = &p[..p.find('>').unwrap_or(p.len())];
            tag.to_ascii_lowercase()
                .contains(&format!("fill=\"{fill}\""))
        })
        .filter_map(|p| {
            let start = p.find("points=\"")? + 8;
            let end = start + p[start..].find('"')?;
            let pts: Vec<(f64, f64)> = p[start..end]
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (!pts.is_empty()).then(|| {
                let n = pts.len() as f64;
                (
                    pts.iter().map(|p| p.0).sum::<f64>() / n,
                    pts.iter().map(|p| p.1).sum::<f64>() / n,
                )
            })
        })
        .collect()
}

/// The observations chart `id` must draw for `run`: reported (not planned), of a metric it shows, ending
/// inside the run.
fn expected(id: ChartId, run: &Run) -> Vec<(&'static Observation, &'static str)> {
    let shown = reported_metrics(id);
    observations()
        .iter()
        .filter(|o| !o.plan && run.index_of(o.end).is_some())
        .filter_map(|o| {
            shown
                .iter()
                .find(|(m, _)| *m == o.metric)
                .map(|(_, series)| (o, *series))
        })
        .collect()
}

#[test]
fn every_charted_observation_is_in_the_data_svg_readout_table_and_csv() {
    let run = run();
    let opts = DrawOptions::default();
    let mut drawn = 0;
    for id in ChartId::ALL {
        let data = chart_data(id, &run, DataOptions::default());
        let want = expected(id, &run);
        assert_eq!(
            data.markers.len(),
            want.len(),
            "{id:?}: one marker per observation"
        );
        if want.is_empty() {
            assert!(legend(&data).iter().all(|e| e.name != REPORTED));
            continue;
        }
        let (svg, mapping) = svg(&data, &opts);
        let centres = diamonds(&svg);
        let t = table(&data);
        let csv = t.to_csv();
        assert!(legend(&data).iter().any(|e| e.name == REPORTED));
        for (o, series_name) in want {
            let m = data
                .markers
                .iter()
                .find(|m| m.id == o.id)
                .unwrap_or_else(|| panic!("{id:?}: {} not in the chart data", o.id));
            let index = run.index_of(o.end).unwrap();
            assert_eq!(m.index, index, "{}: drawn at the period's last month", o.id);
            assert_eq!(m.series, series_name);
            // Same basis as the chart's series: the model's monthly series and the chart series differ by
            // one factor (units), and the marker is the observation's monthly basis times that factor.
            let series = data
                .series(series_name)
                .unwrap_or_else(|| panic!("{id:?} has no series {series_name}"));
            let model = run.series(o.metric.series()).unwrap();
            let k = (0..model.len())
                .find(|k| model[*k].abs() > 1e-9 && series.values[*k].is_finite())
                .unwrap();
            let factor = series.values[k] / model[k];
            assert!(
                (m.value - o.per_month() * factor).abs() <= 1e-9 * (1.0 + m.value.abs()),
                "{}: {} vs {}",
                o.id,
                m.value,
                o.per_month() * factor
            );
            assert_eq!(m.axis, series.axis, "{}: on its series' axis", o.id);

            // SVG: a diamond centred on the marker's month and value.
            let x = f64::from(mapping.x_px_of_index(index).unwrap());
            let y = f64::from(mapping.y_px_of_value(m.value, m.axis).unwrap());
            assert!(
                centres
                    .iter()
                    .any(|c| (c.0 - x).abs() <= 1.5 && (c.1 - y).abs() <= 1.5),
                "{id:?}: no diamond for {} at ({x}, {y}); diamonds at {centres:?}",
                o.id
            );

            // Read-out at that month: the figure, then its source and grade.
            let (_, top, _, _) = mapping.plot_rect();
            let readout = mapping.readout(x as i32, top + 2, &data).unwrap();
            let row = readout
                .rows
                .iter()
                .position(|r| r.0 == m.label)
                .unwrap_or_else(|| panic!("{}: not read out: {:?}", o.id, readout.rows));
            assert!(readout.rows[row + 1].0.starts_with(o.source));
            assert!(readout.rows[row + 1]
                .0
                .contains(&format!("grade {:?}", o.grade)));

            // Table and CSV: the column of the series' reported figures holds the value at that month.
            let header = format!("{series_name}, reported ({})", series.unit.label());
            let col = t
                .headers
                .iter()
                .position(|h| *h == header)
                .unwrap_or_else(|| panic!("{id:?}: no column {header}: {:?}", t.headers));
            let cell: f64 = t.rows[index][col].parse().unwrap();
            assert!((cell - m.value).abs() <= 1e-5 * (1.0 + m.value.abs()));
            let csv_row = csv.lines().nth(index + 1).unwrap();
            assert!(csv_row.starts_with(&format!("{},", o.end)));
            assert!(csv_row.contains(&t.rows[index][col]));
            drawn += 1;
        }
    }
    assert!(drawn >= 19, "only {drawn} observations drawn");
}

#[test]
fn the_metrics_of_the_issue_each_have_a_chart() {
    let all: Vec<Metric> = ChartId::ALL
        .iter()
        .flat_map(|id| reported_metrics(*id))
        .map(|(m, _)| m)
        .collect();
    for metric in [
        Metric::Revenue,
        Metric::Arr,
        Metric::WeeklyUsers,
        Metric::Subscribers,
        Metric::ItGw,
        Metric::Cash,
        Metric::Burn,
        Metric::GrossMargin,
        Metric::Obligations,
        Metric::Valuation,
    ] {
        assert!(all.contains(&metric), "{metric:?} is drawn on no chart");
    }
}

#[test]
fn a_quarter_of_revenue_is_drawn_as_its_monthly_average_at_its_last_month() {
    let run = run();
    let data = chart_data(ChartId::Revenue, &run, DataOptions::default());
    let q1 = data
        .markers
        .iter()
        .find(|m| m.id == "revenue-2026q1")
        .unwrap();
    let month = |y, m| run.index_of(gigawatt_model::Month::from_ym(y, m)).unwrap();
    assert_eq!((q1.from, q1.index), (month(2026, 1), month(2026, 3)));
    assert!((q1.value - 1.9).abs() < 1e-9);
    assert!((q1.total.unwrap() - 5.7).abs() < 1e-9);
    // Plans (2030 targets) are not drawn on a run's chart.
    assert!(data.markers.iter().all(|m| !m.id.starts_with("plan-")));
}

#[test]
fn the_legend_entry_hides_and_shows_the_markers() {
    let run = run();
    let data = chart_data(ChartId::Revenue, &run, DataOptions::default());
    let shown = DrawOptions::default();
    let hidden = DrawOptions {
        hidden: vec![REPORTED.to_string()],
        ..Default::default()
    };
    let (with, mapping) = svg(&data, &shown);
    let (without, hidden_mapping) = svg(&data, &hidden);
    assert_eq!(diamonds(&with).len(), data.markers.len());
    assert!(
        diamonds(&without).is_empty(),
        "hidden markers are not drawn"
    );
    let q1 = data
        .markers
        .iter()
        .find(|m| m.id == "revenue-2026q1")
        .unwrap();
    let x = mapping.x_px_of_index(q1.index).unwrap();
    let (_, top, _, _) = mapping.plot_rect();
    let read = |m: &ChartMapping| m.readout(x, top + 2, &data).unwrap();
    assert!(read(&mapping).rows.iter().any(|r| r.0 == q1.label));
    assert!(
        !read(&hidden_mapping).rows.iter().any(|r| r.0 == q1.label),
        "hidden markers are not read out"
    );
}
