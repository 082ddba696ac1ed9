//! Hover read-outs and crosshair positions against a known drawing.
mod common;

use common::bitmap::render;
use common::*;
use gigawatt_charts::*;

#[test]
fn readout_names_the_nearest_month_and_its_values() {
    let data = time_chart();
    let r = render(&data, &DrawOptions::default(), 720, 360);
    let x = r.mapping.x_px_of_index(30).unwrap();
    let (_, t, _, b) = r.mapping.plot_rect();
    for dx in [-3, 0, 3] {
        let readout = r
            .mapping
            .readout(x + dx, (t + b) / 2, &data)
            .expect("inside the plot");
        assert_eq!(readout.label, "2027-07");
        assert_eq!(readout.index, 30);
    }
    let readout = r.mapping.readout(x, t + 5, &data).unwrap();
    let row = |name: &str| {
        readout
            .rows
            .iter()
            .find(|r| r.0 == name)
            .map(|r| (r.1.clone(), r.2.clone()))
    };
    assert_eq!(row("Rising"), Some(("5.00 GW".into(), "#e15759".into())));
    assert_eq!(row("Layer B"), Some(("2.00 GW".into(), "#f28e2b".into())));
    assert_eq!(row("Cost").map(|r| r.0), Some("$0.45/hr".into()));
    assert_eq!(
        row("Marks").map(|r| r.0),
        Some("5.00 GW".into()),
        "dot present at month 30"
    );
    assert_eq!(
        row("Ratio").map(|r| r.0),
        Some("1.50×".into()),
        "read-out-only series are read out"
    );
    assert_eq!(r.mapping.crosshair_x(&readout), x);

    let next = r
        .mapping
        .readout(r.mapping.x_px_of_index(31).unwrap(), t + 5, &data)
        .unwrap();
    assert_eq!(next.label, "2027-08");
    assert!(!next.rows.iter().any(|r| r.0 == "Marks"), "no dot, no row");
}

#[test]
fn readout_skips_hidden_series_and_lists_markers_and_events() {
    let data = time_chart();
    let opts = DrawOptions {
        hidden: vec!["Rising".into()],
        ..Default::default()
    };
    let r = render(&data, &opts, 720, 360);
    let (_, t, _, _) = r.mapping.plot_rect();
    let at = |i: usize| {
        r.mapping
            .readout(r.mapping.x_px_of_index(i).unwrap(), t + 2, &data)
            .unwrap()
    };
    assert!(!at(30).rows.iter().any(|r| r.0 == "Rising"));
    let reported = at(11);
    let row = reported
        .rows
        .iter()
        .position(|r| r.0 == "Reported IT power, 2025-12")
        .expect("the reported figure is read out");
    assert_eq!(reported.rows[row].1, "1.90 GW");
    assert!(reported.rows[row + 1]
        .0
        .starts_with("Friar, Jan 18 2026 · grade P"));
    assert!(at(20).rows.iter().any(|r| r.0 == "Deal: Oracle"));
    assert_eq!(at(0).label, "2025-01");
    assert_eq!(at(59).label, "2029-12");
}

#[test]
fn readout_is_none_outside_the_plot() {
    let data = time_chart();
    let r = render(&data, &DrawOptions::default(), 720, 360);
    let (l, t, rr, b) = r.mapping.plot_rect();
    assert!(r.mapping.readout(l - 1, (t + b) / 2, &data).is_none());
    assert!(r.mapping.readout(rr, (t + b) / 2, &data).is_none());
    assert!(r.mapping.readout((l + rr) / 2, t - 1, &data).is_none());
    assert!(r.mapping.readout((l + rr) / 2, b, &data).is_none());
    assert!(r.mapping.readout(-5000, 99999, &data).is_none());
}

#[test]
fn readout_on_bars_names_the_category() {
    let data = bar_chart();
    let r = render(&data, &DrawOptions::default(), 600, 320);
    let (l, t, rr, _) = r.mapping.plot_rect();
    let band = (rr - l) / 3;
    let readout = r
        .mapping
        .readout(l + band + band / 4, t + 10, &data)
        .unwrap();
    assert_eq!(readout.label, "AMD");
    assert_eq!(
        readout.rows[0],
        ("Lab spend".into(), "$50.0B".into(), "#4e79a7".into())
    );
    assert_eq!(readout.rows[2].1, "1.80×");
    let cx = r.mapping.crosshair_x(&readout);
    assert!((cx - (l + band + band / 2)).abs() <= 1);
    assert_eq!(
        r.mapping.readout(rr - 1, t + 10, &data).unwrap().label,
        "Oracle"
    );
}

#[test]
fn readout_on_the_sankey_names_a_node_with_its_flows() {
    let data = sankey_chart();
    let r = render(&data, &DrawOptions::default(), 800, 400);
    let (l, t, rr, b) = r.mapping.node_rect(2).unwrap();
    let readout = r.mapping.readout((l + rr) / 2, (t + b) / 2, &data).unwrap();
    assert_eq!(readout.label, "Lab");
    assert_eq!(readout.rows[0].0, "In");
    assert_eq!(readout.rows[0].1, "$280B");
    assert_eq!(readout.rows[1].1, "$200B");
    assert!(r.mapping.readout(2, 2, &data).is_none(), "empty corner");

    // Over the estimated band between clouds and chip vendors.
    let (clouds, vendors) = (
        r.mapping.node_rect(3).unwrap(),
        r.mapping.node_rect(4).unwrap(),
    );
    let x = (clouds.2 + vendors.0) / 2;
    let hit = (0..400)
        .find_map(|y| r.mapping.readout(x, y, &data))
        .expect("a band under the column");
    assert_eq!(hit.label, "Clouds → Chip vendors");
    assert_eq!(
        hit.rows[0],
        (
            "Indirect hardware".into(),
            "$120B".into(),
            css_color(common::RIGHT)
        )
    );
    assert_eq!(hit.rows[1].0, "Estimated by the model");
    assert_eq!(hit.index, 5 + 3);
    assert_eq!(r.mapping.crosshair_x(&hit), (clouds.2 + vendors.0) / 2);
    // Hiding the category removes its band from the read-out as well as the drawing.
    let opts = DrawOptions {
        hidden: vec!["Indirect hardware".into()],
        ..Default::default()
    };
    let r = render(&data, &opts, 800, 400);
    assert!((0..400).all(|y| r
        .mapping
        .readout(x, y, &data)
        .is_none_or(|h| h.label != "Clouds → Chip vendors")));
}
