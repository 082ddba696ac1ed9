//! The charts of the v2 model outputs (MODEL-SPEC-V2 §9): tranche markers on the capacity chart, the
//! exposure chart, distress on the cash chart, fleet electricity on the power chart. The model's v2 outputs
//! are still being filled in, so each test sets them on a simulated run by hand.
mod common;

use common::bitmap::{render, Rendered};
use common::{close, over, rgb, WHITE};
use gigawatt_charts::*;
use gigawatt_model::{
    simulate, Counterparty, DecisionEvent, DecisionKind, Month, NamedSeries, Run, Scenario,
    TrancheOutcome, TrancheStatus,
};
use plotters::style::RGBColor;

/// The default run with its v2 decision outputs cleared, so each test sets exactly what it draws.
fn base_run() -> Run {
    let mut run = simulate(&Scenario::default());
    run.tranches.clear();
    run.unpaid_by_counterparty.clear();
    run.lapsed_value_by_counterparty.clear();
    run.events.clear();
    run
}

fn m(year: i32, month: u32) -> Month {
    Month::from_ym(year, month)
}

/// A series of the run's length: `value` from month index `from` on, zero before.
fn step(run: &Run, from: usize, value: f64) -> Vec<f64> {
    (0..run.months.len())
        .map(|i| if i >= from { value } else { 0.0 })
        .collect()
}

fn tranche(
    contract: &str,
    counterparty: Counterparty,
    gw: f64,
    planned: Month,
    status: TrancheStatus,
    decided: Option<Month>,
    deferred_months: u32,
) -> TrancheOutcome {
    TrancheOutcome {
        contract: contract.into(),
        counterparty,
        gw,
        planned_delivery: planned,
        status,
        decided,
        deferred_months,
    }
}

/// One tranche per status, far enough apart to tell the markers apart, plus one past the horizon.
fn run_with_tranches() -> Run {
    let mut run = base_run();
    run.tranches = vec![
        tranche(
            "P1",
            Counterparty::Oracle,
            1.2,
            m(2027, 6),
            TrancheStatus::Confirmed,
            Some(m(2026, 6)),
            0,
        ),
        tranche(
            "L6",
            Counterparty::CoreWeave,
            0.5,
            m(2028, 6),
            TrancheStatus::Deferred,
            None,
            6,
        ),
        tranche(
            "P2",
            Counterparty::Oracle,
            1.0,
            m(2029, 6),
            TrancheStatus::Lapsed,
            Some(m(2030, 6)),
            24,
        ),
        tranche(
            "P3",
            Counterparty::Azure,
            0.8,
            m(2030, 6),
            TrancheStatus::Pending,
            None,
            0,
        ),
        tranche(
            "P3",
            Counterparty::Azure,
            0.8,
            m(2099, 1),
            TrancheStatus::Pending,
            None,
            0,
        ),
    ];
    run
}

/// The pixel at month `index` and `value` on the left axis.
fn at(r: &Rendered, index: usize, value: f64) -> (i32, i32) {
    (
        r.mapping.x_px_of_index(index).unwrap(),
        r.mapping.y_px_of_value(value, Axis::Left).unwrap(),
    )
}

/// Whether `color` occurs within `radius` pixels of (x, y).
fn near(r: &Rendered, (x, y): (i32, i32), color: (u8, u8, u8), radius: i32) -> bool {
    (-radius..=radius).any(|dx| (-radius..=radius).any(|dy| close(r.pixel(x + dx, y + dy), color)))
}

#[test]
fn tranches_sit_on_the_announced_path_at_their_planned_month() {
    let run = run_with_tranches();
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
    let announced = run.series("announced_gw").unwrap();
    assert_eq!(data.tranches.len(), 5, "every tranche is listed");
    let first = &data.tranches[0];
    let i = run.index_of(m(2027, 6)).unwrap();
    assert_eq!(first.index, Some(i));
    assert_eq!(first.value, announced[i]);
    assert_eq!(
        (first.contract.as_str(), first.counterparty.as_str()),
        ("P1", "Oracle / Stargate")
    );
    assert_eq!(first.decided.as_deref(), Some("2026-06"));
    assert_eq!(data.tranches[4].index, None, "past the horizon: not drawn");
    assert!(data.tranches[4].value.is_nan());
}

#[test]
fn tranche_markers_are_drawn_by_status_at_the_right_x() {
    let run = run_with_tranches();
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
    let r = render(&data, &DrawOptions::default(), 1000, 460);
    let green = rgb(RGBColor(0x59, 0xa1, 0x4f));
    let orange = rgb(RGBColor(0xf2, 0x8e, 0x2b));
    let red = rgb(RGBColor(0xe1, 0x57, 0x59));
    let slate = rgb(RGBColor(0x64, 0x74, 0x85));
    let marker = |k: usize| {
        let t = &data.tranches[k];
        at(&r, t.index.unwrap(), t.value)
    };
    // Confirmed: a filled green dot centred on the announced path.
    assert_eq!(r.pixel(marker(0).0, marker(0).1), green);
    // Deferred: an orange triangle.
    assert!(close(r.pixel(marker(1).0, marker(1).1), orange));
    // Lapsed: a red cross, centre and arms.
    let (x, y) = marker(2);
    assert!(close(r.pixel(x, y), red));
    assert!(close(r.pixel(x + 3, y + 3), red) && close(r.pixel(x - 3, y + 3), red));
    // Pending: a slate ring with a hollow centre.
    let (x, y) = marker(3);
    assert_eq!(r.pixel(x, y), WHITE, "ring is hollow");
    assert!(near(&r, (x, y), slate, 5));
    // Nowhere else: three months either side on the announced path there is no marker colour.
    let announced = run.series("announced_gw").unwrap();
    for (k, colour) in [(0, green), (2, red), (3, slate)] {
        let i = data.tranches[k].index.unwrap();
        for j in [i - 3, i + 3] {
            let (x, y) = at(&r, j, announced[j]);
            assert!(
                !near(&r, (x, y), colour, 2),
                "tranche {k}'s colour also at month {j}"
            );
        }
    }
    // Hiding a status in the legend removes its markers.
    let opts = DrawOptions {
        hidden: vec!["Tranche confirmed".into()],
        ..Default::default()
    };
    let hidden = render(&data, &opts, 1000, 460);
    let (x, y) = marker(0);
    assert_ne!(hidden.pixel(x, y), green);
}

#[test]
fn hover_names_the_tranche_and_its_fate() {
    let run = run_with_tranches();
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
    let r = render(&data, &DrawOptions::default(), 1000, 460);
    let (_, t, _, b) = r.mapping.plot_rect();
    let read = |k: usize, r: &Rendered| {
        let i = data.tranches[k].index.unwrap();
        r.mapping
            .readout(r.mapping.x_px_of_index(i).unwrap(), (t + b) / 2, &data)
            .unwrap()
    };
    let row = |readout: &Readout, name: &str| {
        readout
            .rows
            .iter()
            .find(|row| row.0 == name)
            .map(|row| (row.1.clone(), row.2.clone()))
    };
    let confirmed = read(0, &r);
    assert_eq!(confirmed.label, "2027-06");
    assert_eq!(
        row(&confirmed, "P1 · Oracle / Stargate"),
        Some(("1.20 GW confirmed 2026-06".into(), "#59a14f".into()))
    );
    assert_eq!(
        row(&read(1, &r), "L6 · CoreWeave").map(|r| r.0),
        Some("0.500 GW deferred 6 mo, undecided".into())
    );
    assert_eq!(
        row(&read(2, &r), "P2 · Oracle / Stargate").map(|r| r.0),
        Some("1.00 GW lapsed 2030-06 after 24 mo deferred".into())
    );
    assert!(row(&read(3, &r), "P3 · Microsoft Azure")
        .unwrap()
        .0
        .contains("pending"));
    // A month without a tranche names none.
    let i = data.tranches[0].index.unwrap() + 1;
    let next = r
        .mapping
        .readout(r.mapping.x_px_of_index(i).unwrap(), (t + b) / 2, &data)
        .unwrap();
    assert!(!next.rows.iter().any(|row| row.0.contains(" · ")));
    // A hidden status is not read out either.
    let opts = DrawOptions {
        hidden: vec!["Tranche lapsed".into()],
        ..Default::default()
    };
    let hidden = render(&data, &opts, 1000, 460);
    assert!(row(&read(2, &hidden), "P2 · Oracle / Stargate").is_none());
}

#[test]
fn tranches_have_legend_entries_and_a_table() {
    let run = run_with_tranches();
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
    let entries = legend(&data);
    let find = |name: &str| entries.iter().find(|e| e.name == name).cloned();
    assert_eq!(find("Tranche confirmed").unwrap().swatch, Swatch::Dot);
    assert_eq!(find("Tranche deferred").unwrap().swatch, Swatch::Triangle);
    assert_eq!(find("Tranche lapsed").unwrap().swatch, Swatch::Cross);
    assert_eq!(find("Tranche pending").unwrap().swatch, Swatch::Ring);
    assert_eq!(find("Tranche lapsed").unwrap().css_color, "#e15759");

    let t = tranche_table(&data).expect("a tranche table");
    assert_eq!(
        t.headers,
        [
            "Contract",
            "Counterparty",
            "IT power (GW)",
            "Planned delivery",
            "Status",
            "Decided",
            "Deferred (months)"
        ]
    );
    assert_eq!(t.rows.len(), 5, "also the tranche past the horizon");
    assert_eq!(
        t.rows[0],
        [
            "P1",
            "Oracle / Stargate",
            "1.2",
            "2027-06",
            "confirmed",
            "2026-06",
            "0"
        ]
    );
    assert_eq!(
        t.rows[2],
        [
            "P2",
            "Oracle / Stargate",
            "1",
            "2029-06",
            "lapsed",
            "2030-06",
            "24"
        ]
    );
    assert_eq!(t.rows[1][4..], ["deferred", "", "6"]);
    assert!(t.to_csv().starts_with("Contract,Counterparty,"));
    // No tranches, no table and no legend entries.
    let plain = chart_data(ChartId::Capacity, &base_run(), DataOptions::default());
    assert!(tranche_table(&plain).is_none());
    assert!(!legend(&plain).iter().any(|e| e.name.starts_with("Tranche")));
    // The SVG export draws them too (the cross is two strokes of the lapsed colour).
    let svg = to_svg(&data, &DrawOptions::default(), 900, 420).unwrap();
    assert!(
        svg.to_ascii_lowercase().contains("#647485"),
        "pending ring in the SVG"
    );
}

#[test]
fn exposure_without_anything_unpaid_says_so_in_words() {
    let run = base_run();
    let data = chart_data(ChartId::Exposure, &run, DataOptions::default());
    assert_eq!(ChartId::from_slug("exposure"), Some(ChartId::Exposure));
    assert_eq!(data.empty_message.as_deref(), Some(NOTHING_EXPOSED));
    assert_eq!(
        NOTHING_EXPOSED,
        "No unpaid obligations or lapsed announcements in this scenario"
    );
    assert!(legend(&data).is_empty(), "nothing to toggle");
    let svg = to_svg(&data, &DrawOptions::default(), 800, 400).unwrap();
    assert!(
        svg.contains(&format!(">\n{NOTHING_EXPOSED}\n<")),
        "one line at 800 px"
    );
    assert!(!svg.contains(">\nHistory\n<"), "no empty frame");
    // Narrow: wrapped, every word still there.
    let r = render(&data, &DrawOptions::default(), 300, 200);
    let words: Vec<String> = r.texts.iter().map(|t| t.0.clone()).collect();
    assert!(words.len() > 1, "{words:?}");
    assert_eq!(words.join(" "), NOTHING_EXPOSED);
    assert!(r.mapping.readout(150, 100, &data).is_none(), "no read-out");
    // The table still has the months and the two totals, all zero.
    let t = table(&data);
    assert_eq!(
        t.headers,
        ["Month", "Unpaid, total ($B)", "Never taken up, total ($B)"]
    );
    assert_eq!(t.rows.len(), run.months.len());
    assert!(t.rows.iter().all(|r| r[1] == "0" && r[2] == "0"));
    // Dark theme: the words in the muted dark-theme colour on the dark background.
    let dark = DrawOptions {
        theme: Theme::Dark,
        ..Default::default()
    };
    let svg = to_svg(&data, &dark, 800, 400).unwrap().to_ascii_lowercase();
    assert!(svg.contains("#16191d") && svg.contains("#a0a8b0"));
}

fn run_with_exposure() -> (Run, usize) {
    let mut run = base_run();
    let i = run.index_of(m(2030, 1)).unwrap();
    run.unpaid_by_counterparty = vec![
        NamedSeries {
            name: "Microsoft Azure".into(),
            values: vec![0.0; run.months.len()],
        },
        NamedSeries {
            name: "Oracle / Stargate".into(),
            values: step(&run, i, 5.0),
        },
    ];
    run.lapsed_value_by_counterparty = vec![
        NamedSeries {
            name: "Oracle / Stargate".into(),
            values: step(&run, i - 12, 2.0),
        },
        NamedSeries {
            name: "CoreWeave".into(),
            values: step(&run, i - 24, 1.0),
        },
    ];
    run.events = vec![DecisionEvent {
        month: m(2030, 1),
        kind: DecisionKind::Arrears,
        subject: "Oracle / Stargate".into(),
        amount: 5.0,
    }];
    (run, i)
}

#[test]
fn exposure_stacks_unpaid_then_never_taken_up_by_counterparty() {
    let (run, i) = run_with_exposure();
    let data = chart_data(ChartId::Exposure, &run, DataOptions::default());
    assert!(data.empty_message.is_none());
    let drawn: Vec<(&str, SeriesStyle)> = data
        .series
        .iter()
        .filter(|s| s.style != SeriesStyle::ReadoutOnly)
        .map(|s| (s.name.as_str(), s.style))
        .collect();
    assert_eq!(
        drawn,
        [
            ("Oracle / Stargate, unpaid", SeriesStyle::StackedArea),
            (
                "Oracle / Stargate, never taken up",
                SeriesStyle::StackedLight
            ),
            ("CoreWeave, never taken up", SeriesStyle::StackedLight),
        ],
        "all-zero layers are left out"
    );
    let oracle = |name: &str| data.series(name).unwrap().color;
    assert_eq!(
        oracle("Oracle / Stargate, unpaid"),
        oracle("Oracle / Stargate, never taken up"),
        "a counterparty keeps its colour in both groups"
    );
    assert!(data.notes.iter().any(|n| n.contains("$5.00B unpaid")));
    assert_eq!(data.events.len(), 1);
    assert!(data.events[0]
        .label
        .starts_with("Arrears: Oracle / Stargate"));

    // Pixels at 2031-01: Oracle unpaid 0–5 solid, Oracle lapsed 5–7 light, CoreWeave lapsed 7–8 light.
    let r = render(&data, &DrawOptions::default(), 900, 420);
    let j = i + 12;
    let px = |v: f64| {
        let (x, y) = at(&r, j, v);
        r.pixel(x, y)
    };
    let c = |name: &str| data.series(name).unwrap().color;
    assert!(close(
        px(2.5),
        over(c("Oracle / Stargate, unpaid"), 0.78, WHITE)
    ));
    assert!(
        close(
            px(5.7),
            over(c("Oracle / Stargate, never taken up"), 0.3, WHITE)
        ),
        "{:?}",
        px(5.7)
    );
    assert!(close(
        px(7.5),
        over(c("CoreWeave, never taken up"), 0.3, WHITE)
    ));
    let (x, top) = at(&r, j, 8.0);
    assert!(close(r.pixel(x, top - 4), WHITE), "nothing above the stack");

    let (_, t, _, _) = r.mapping.plot_rect();
    let readout = r
        .mapping
        .readout(r.mapping.x_px_of_index(j).unwrap(), t + 5, &data)
        .unwrap();
    let value = |name: &str| readout.rows.iter().find(|r| r.0 == name).unwrap().1.clone();
    assert_eq!(value("Oracle / Stargate, unpaid"), "$5.00B");
    assert_eq!(value("Unpaid, total"), "$5.00B");
    assert_eq!(value("Never taken up, total"), "$3.00B");

    let entries = legend(&data);
    assert_eq!(entries[0].swatch, Swatch::Area);
    assert_eq!(entries[1].swatch, Swatch::LightArea);
    let tab = table(&data);
    assert_eq!(tab.rows[j][1], "5");
    assert_eq!(tab.rows[j][4], "5", "unpaid total");
    assert_eq!(tab.rows[j][5], "3", "never taken up total");
    assert_eq!(tab.rows[0][5], "0");

    // Hiding the unpaid layer drops the light group to the axis.
    let opts = DrawOptions {
        hidden: vec!["Oracle / Stargate, unpaid".into()],
        ..Default::default()
    };
    let r = render(&data, &opts, 900, 420);
    let (x, y) = at(&r, j, 0.7);
    assert!(close(
        r.pixel(x, y),
        over(c("Oracle / Stargate, never taken up"), 0.3, WHITE)
    ));
    // Comparison: A's two groups sum to one dashed total.
    let compared = with_comparison(&data, &data);
    let total = compared.series("Total (A)").unwrap();
    assert_eq!(total.values[j], 8.0);
}

fn run_with_distress() -> (Run, usize, usize) {
    let mut run = base_run();
    let (a, b) = (
        run.index_of(m(2029, 3)).unwrap(),
        run.index_of(m(2030, 1)).unwrap(),
    );
    for (k, v) in run.series.distress_stage.iter_mut().enumerate() {
        *v = if k >= b {
            3.0
        } else if k >= a {
            1.0
        } else {
            0.0
        };
    }
    run.events = vec![DecisionEvent {
        month: m(2029, 3),
        kind: DecisionKind::DistressBegins,
        subject: String::new(),
        amount: 0.0,
    }];
    (run, a, b)
}

#[test]
fn distress_is_summarised_for_the_kpi_and_the_cash_note() {
    let (run, _, _) = run_with_distress();
    let d = distress(&run).unwrap();
    assert_eq!((d.start, d.start_stage, d.worst), (m(2029, 3), 1, 3));
    assert_eq!(d.worst_month, m(2030, 1));
    assert_eq!(d.short(), "2029-03, stage 3");
    assert_eq!(
        d.sentence(),
        "Distress begins 2029-03 (stage 1: short of minimum cash); worst: stage 3: arrears or default from 2030-01."
    );
    let data = chart_data(ChartId::Cash, &run, DataOptions::default());
    assert!(data.notes.contains(&d.sentence()));
    assert!(data
        .events
        .iter()
        .any(|e| e.label == "Distress: distress begins"));
    // None in a run that never falls short.
    let calm = base_run();
    assert_eq!(distress(&calm), None);
    let data = chart_data(ChartId::Cash, &calm, DataOptions::default());
    assert!(data.shading.is_empty());
    assert!(data.notes.iter().any(|n| n.starts_with(NO_DISTRESS)));
}

#[test]
fn cash_chart_shades_distress_months_by_stage() {
    let (run, a, b) = run_with_distress();
    let data = chart_data(ChartId::Cash, &run, DataOptions::default());
    assert_eq!(data.shading.len(), 2);
    assert_eq!(
        (
            data.shading[0].from,
            data.shading[0].to,
            data.shading[0].level
        ),
        (a, b - 1, 1)
    );
    assert_eq!(
        (
            data.shading[1].from,
            data.shading[1].to,
            data.shading[1].level
        ),
        (b, run.months.len() - 1, 3)
    );
    let red = RGBColor(0xe1, 0x57, 0x59);
    let r = render(&data, &DrawOptions::default(), 900, 420);
    let (_, t, _, bottom) = r.mapping.plot_rect();
    let shaded = |r: &Rendered, i: usize, alpha: f64| {
        let x = r.mapping.x_px_of_index(i).unwrap();
        (t..bottom)
            .filter(|y| close(r.pixel(x, *y), over(red, alpha, WHITE)))
            .count() as i32
    };
    let height = bottom - t;
    assert_eq!(shaded(&r, a - 6, 0.10), 0, "no shade before distress");
    assert!(
        shaded(&r, a + 4, 0.10) > height / 4,
        "stage 1 shaded lightly"
    );
    assert!(
        shaded(&r, b + 6, 0.28) > height / 4,
        "stage 3 shaded darker"
    );
    assert_eq!(shaded(&r, b + 6, 0.10), 0);
    assert!(r.texts.iter().any(|t| t.0 == "Distress"), "labelled");
    // Read-out and table carry the stage in words / as a number.
    let readout = r
        .mapping
        .readout(r.mapping.x_px_of_index(a + 4).unwrap(), t + 5, &data)
        .unwrap();
    let stage = readout
        .rows
        .iter()
        .find(|r| r.0 == "Distress stage")
        .unwrap();
    assert_eq!(stage.1, "1: short of minimum cash");
    let tab = table(&data);
    let col = tab
        .headers
        .iter()
        .position(|h| h == "Distress stage (stage 0–3)")
        .unwrap();
    assert_eq!(tab.rows[b][col], "3");
    assert_eq!(tab.rows[0][col], "0");
    // Legend toggle.
    let entry = legend(&data)
        .into_iter()
        .find(|e| e.name == "Distress")
        .unwrap();
    assert_eq!(entry.swatch, Swatch::Shade);
    let opts = DrawOptions {
        hidden: vec!["Distress".into()],
        ..Default::default()
    };
    let r = render(&data, &opts, 900, 420);
    assert_eq!(shaded(&r, a + 4, 0.10), 0, "hidden");
    // Dark theme: the shade mixes over the dark background.
    let dark = DrawOptions {
        theme: Theme::Dark,
        ..Default::default()
    };
    let r = render(&data, &dark, 900, 420);
    let x = r.mapping.x_px_of_index(b + 6).unwrap();
    let want = over(red, 0.28, (0x16, 0x19, 0x1d));
    assert!((t..bottom).any(|y| close(r.pixel(x, y), want)));
}

#[test]
fn power_chart_shows_fleet_electricity_next_to_owned() {
    let mut run = base_run();
    // Whatever the model fills in, the chart carries it: set a known path.
    run.series.fleet_electricity_usd_b = step(&run, 0, 1.5);
    let data = chart_data(ChartId::Power, &run, DataOptions::default());
    let fleet = data
        .series("Fleet electricity (estimate, inside lease prices)")
        .unwrap();
    assert_eq!(
        fleet.style,
        SeriesStyle::DashedLine,
        "an estimate is dashed"
    );
    assert_eq!(fleet.axis, Axis::Right);
    assert_eq!(fleet.unit, Unit::UsdBPerYear);
    assert!(fleet.values.iter().all(|v| *v == 18.0), "annualised");
    let owned = data
        .series("Electricity paid directly (owned capacity)")
        .unwrap();
    let power = run.series("power_cost_usd_b").unwrap();
    assert_eq!(owned.values[40], power[40] * 12.0);
    let r = render(&data, &DrawOptions::default(), 900, 420);
    let brown = rgb(RGBColor(0x9c, 0x75, 0x5f));
    let dashes = (0..run.months.len() - 1)
        .filter(|i| {
            let x = r.mapping.x_px_of_index(*i).unwrap();
            let y = r.mapping.y_px_of_value(18.0, Axis::Right).unwrap();
            near(&r, (x, y), brown, 1)
        })
        .count();
    assert!(
        dashes > run.months.len() / 3,
        "drawn along the chart ({dashes})"
    );
}
