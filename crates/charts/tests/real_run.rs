//! Chart data from a real model run (the default scenario): every chart is filled from the run's own
//! numbers, draws, reads out and tabulates.
mod common;

use common::bitmap::render;
use gigawatt_charts::*;
use gigawatt_model::{simulate, Month, PresetId, Run, Scenario, HISTORY_END, OBSERVED_END};

fn run() -> Run {
    simulate(&Scenario::preset(PresetId::AsReported))
}

fn values<'a>(data: &'a ChartData, name: &str) -> &'a [f64] {
    &data
        .series(name)
        .unwrap_or_else(|| panic!("{:?} has no series {name}", data.id))
        .values
}

fn assert_same(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= 1e-9 * (1.0 + y.abs()) || (x.is_nan() && y.is_nan()),
            "{what}[{i}]: {x} vs {y}"
        );
    }
}

#[test]
fn every_chart_is_built_from_the_run_and_draws() {
    let run = run();
    let opts = DrawOptions::default();
    for id in ChartId::ALL {
        let data = chart_data(id, &run, DataOptions::default());
        assert!(
            data.notes.iter().all(|n| !n.contains("has no series")),
            "{id:?}: {:?}",
            data.notes
        );
        let drawable = data
            .series
            .iter()
            .filter(|s| s.style != SeriesStyle::ReadoutOnly);
        let finite = drawable
            .flat_map(|s| s.values.iter())
            .filter(|v| v.is_finite())
            .count();
        if id == ChartId::Sankey {
            let ChartBody::Flows(s) = &data.body else {
                panic!("sankey data")
            };
            assert!(
                s.nodes.len() >= 4 && !s.links.is_empty(),
                "flows in 2025–2030"
            );
        } else if data.empty_message.is_none() {
            assert!(finite > 0, "{id:?} has numbers to draw");
        }
        let svg = to_svg(&data, &opts, 800, 400).unwrap_or_else(|e| panic!("{id:?}: {e}"));
        for entry in legend(&data) {
            assert!(
                svg.to_ascii_lowercase().contains(&entry.css_color),
                "{id:?}: {} not drawn",
                entry.name
            );
        }
        let t = table(&data);
        assert!(!t.rows.is_empty(), "{id:?} table");
        if let ChartBody::Time(TimeAxis {
            labels,
            history_len,
            ..
        }) = &data.body
        {
            assert_eq!(labels.len(), run.months.len());
            assert_eq!(t.rows.len(), run.months.len());
            assert_eq!(labels[0], "2025-01");
            assert_eq!(*history_len, run.index_of(OBSERVED_END).unwrap() + 1);
        }
    }
}

#[test]
fn capacity_stacks_the_counterparties_and_marks_friar() {
    let run = run();
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
    let stacks: Vec<&DataSeries> = data
        .series
        .iter()
        .filter(|s| s.style == SeriesStyle::StackedArea)
        .collect();
    let nonzero: Vec<_> = run
        .by_counterparty_gw
        .iter()
        .filter(|s| s.values.iter().any(|v| *v != 0.0))
        .collect();
    assert!(nonzero.len() >= 3, "several counterparties deliver");
    assert_eq!(
        stacks.len(),
        nonzero.len(),
        "all-zero counterparties are left out"
    );
    for (s, ns) in stacks.iter().zip(nonzero) {
        assert_eq!(s.name, ns.name);
        assert_same(&s.values, &ns.values, &s.name);
    }
    let it = run.series("it_gw").unwrap();
    for (i, it) in it.iter().enumerate() {
        let total: f64 = stacks.iter().map(|s| s.values[i]).sum();
        assert!(
            (total - it).abs() < 1e-6 * (1.0 + it),
            "stack = IT GW at month {i}: {total} vs {it}"
        );
    }
    assert_same(
        values(&data, "Inference demand"),
        run.series("inference_demand_gw").unwrap(),
        "inference",
    );
    assert_same(
        values(&data, "Announced ramp"),
        run.series("announced_gw").unwrap(),
        "announced",
    );
    assert_eq!(
        data.series("Announced ramp").unwrap().style,
        SeriesStyle::DashedLine
    );
    let dec_2025 = run.index_of(Month::from_ym(2025, 12)).unwrap();
    assert_eq!(
        data.markers.len(),
        1,
        "of the disclosed 0.2/0.6/1.9 GW only Dec 2025 is inside a run starting in 2025"
    );
    assert_eq!(
        (data.markers[0].index, data.markers[0].value),
        (dec_2025, 1.9)
    );

    let by_vendor = chart_data(
        ChartId::Capacity,
        &run,
        DataOptions {
            by_vendor: true,
            ..Default::default()
        },
    );
    let names: Vec<&str> = by_vendor
        .series
        .iter()
        .filter(|s| s.style == SeriesStyle::StackedArea)
        .map(|s| s.name.as_str())
        .collect();
    let expected: Vec<&str> = run
        .by_vendor_gw
        .iter()
        .filter(|s| s.values.iter().any(|v| *v != 0.0))
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn time_series_charts_carry_the_run_values_in_display_units() {
    let run = run();
    let opts = DataOptions::default();
    let s = |n: &str| run.series(n).unwrap().to_vec();
    let scaled = |n: &str, k: f64| s(n).iter().map(|v| v * k).collect::<Vec<f64>>();
    let obligations = chart_data(ChartId::Obligations, &run, opts);
    assert_same(
        values(&obligations, "Binding obligations"),
        &s("obligations_binding_usd_b"),
        "binding",
    );
    assert_same(values(&obligations, "ARR"), &s("arr_usd_b"), "arr");
    assert_eq!(
        obligations.series("Commitments signed").unwrap().style,
        SeriesStyle::Step
    );
    assert!(!obligations.events.is_empty(), "deal dates annotated");
    let cash = chart_data(ChartId::Cash, &run, opts);
    assert_same(
        values(&cash, "Cash, committed funding only"),
        &s("cash_committed_only_usd_b"),
        "cash",
    );
    assert_same(values(&cash, "Runway"), &s("runway_months"), "runway");
    let margin = chart_data(ChartId::Margin, &run, opts);
    assert_same(
        values(&margin, "Gross margin"),
        &scaled("gross_margin", 100.0),
        "gm %",
    );
    let power = chart_data(ChartId::Power, &run, opts);
    assert_same(
        values(&power, "Electricity paid directly (owned capacity)"),
        &scaled("power_cost_usd_b", 12.0),
        "annualised",
    );
    let unit = chart_data(ChartId::UnitCost, &run, opts);
    assert_eq!(unit.series("Fleet $/H100e-hr").unwrap().axis, Axis::Right);
    let ownership = chart_data(ChartId::Ownership, &run, opts);
    for i in 0..run.months.len() {
        let total: f64 = ownership.series.iter().map(|s| s.values[i]).sum();
        assert!(
            (total - 100.0).abs() < 1e-6,
            "ownership sums to 100% at month {i}: {total}"
        );
    }
    let valuation = chart_data(ChartId::Valuation, &run, opts);
    // The scenario's marks are the reported ones: drawn once, as reported figures, not also as dots.
    assert!(valuation.series("Marks").is_none());
    assert_eq!(
        valuation.markers.len(),
        run.marks
            .iter()
            .filter(|(m, _)| run.index_of(*m).is_some())
            .count()
    );
}

#[test]
fn waterfall_reconciles_the_year() {
    let run = run();
    for year in [2025, 2030] {
        let data = chart_data(
            ChartId::Waterfall,
            &run,
            DataOptions {
                year,
                ..Default::default()
            },
        );
        let w = &data.series[0].values;
        assert!((w[0] - run.annual_sum("revenue_usd_b", year)).abs() < 1e-9);
        assert!((w[1] + run.annual_sum("cost_of_revenue_usd_b", year)).abs() < 1e-9);
        let last = *w.last().unwrap();
        assert!((last - run.annual_sum("operating_income_usd_b", year)).abs() < 1e-9);
        // The floating bars walk from gross profit to operating income exactly.
        let gp_index = 2;
        let walked: f64 = w[gp_index] + w[gp_index + 1..w.len() - 1].iter().sum::<f64>();
        assert!(
            (walked - last).abs() < 1e-6 * (1.0 + last.abs()),
            "{year}: {walked} vs {last}"
        );
        let ChartBody::Categories(c) = &data.body else {
            panic!("the waterfall has categories")
        };
        assert_eq!(c.waterfall_totals.len(), w.len());
    }
    let revenue_2025 = chart_data(
        ChartId::Waterfall,
        &run,
        DataOptions {
            year: 2025,
            ..Default::default()
        },
    )
    .series[0]
        .values[0];
    assert!(
        (10.0..16.0).contains(&revenue_2025),
        "2025 revenue ≈ $13B, got {revenue_2025}"
    );
    let outside = chart_data(
        ChartId::Waterfall,
        &run,
        DataOptions {
            year: 2099,
            ..Default::default()
        },
    );
    assert!(outside
        .notes
        .iter()
        .any(|n| n.contains("does not cover 2099")));
    to_svg(&outside, &DrawOptions::default(), 600, 300).expect("an empty year still draws");
}

#[test]
fn circularity_and_sankey_follow_the_window() {
    let run = run();
    let opts = DataOptions {
        window: (2030, 2025),
        ..Default::default()
    };
    let data = chart_data(ChartId::Circularity, &run, opts);
    let rows = run.circularity(2025, 2030);
    assert_eq!(data.body.len(), rows.len());
    assert_same(
        values(&data, "Lab spend with vendor"),
        &rows.iter().map(|r| r.lab_spend_usd_b).collect::<Vec<_>>(),
        "spend",
    );
    assert!(data.title.contains("2025–2030"));
    let sankey = chart_data(ChartId::Sankey, &run, opts);
    let ChartBody::Flows(s) = &sankey.body else {
        panic!("the Sankey has flows")
    };
    let total: f64 = s.links.iter().map(|l| l.value_usd_b).sum();
    let ledger: f64 = run.flows_between(2025, 2030).iter().map(|f| f.3).sum();
    assert!(
        (total - ledger).abs() < 1e-6 * ledger,
        "every ledger $ in a band"
    );
    assert!(s.nodes.iter().any(|n| n.name == "The lab"));
    let short = chart_data(
        ChartId::Sankey,
        &run,
        DataOptions {
            window: (2025, 2025),
            ..Default::default()
        },
    );
    let ChartBody::Flows(short) = &short.body else {
        panic!("the Sankey has flows")
    };
    let short_total: f64 = short.links.iter().map(|l| l.value_usd_b).sum();
    assert!(short_total < total);
}

#[test]
fn readout_at_the_end_of_history_reads_the_run() {
    let run = run();
    let data = chart_data(ChartId::Cash, &run, DataOptions::default());
    let r = render(&data, &DrawOptions::default(), 900, 420);
    let i = run.index_of(HISTORY_END).unwrap();
    let (_, t, _, _) = r.mapping.plot_rect();
    let readout = r
        .mapping
        .readout(r.mapping.x_px_of_index(i).unwrap(), t + 10, &data)
        .unwrap();
    assert_eq!(readout.label, "2026-04");
    let cash = run.series("cash_usd_b").unwrap()[i];
    let row = readout
        .rows
        .iter()
        .find(|r| r.0 == "Cash, auto-funded")
        .unwrap();
    assert_eq!(row.1, format_value(cash, Unit::UsdB));
}
