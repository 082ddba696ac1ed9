//! Event annotations on the time charts (issue 12): every event the run marks (deals, option decisions,
//! funding paid or triggered, the IPO, distress) is a tick that names itself, its amount and its source in the
//! read-out and the table view; the legend entry "Events" hides and shows the ticks.

mod common;

use common::svg_and_mapping as svg;
use gigawatt_charts::*;
use gigawatt_model::{simulate, AnnotationKind, PresetId, Run, Scenario};

/// The IPO preset: deals, rounds, a triggered tranche, the IPO and option decisions all happen in it.
fn ipo_run() -> Run {
    simulate(&Scenario::preset(PresetId::Ipo2026))
}

#[test]
fn the_run_annotates_every_kind_of_event_with_amount_and_source() {
    let run = ipo_run();
    for kind in [
        AnnotationKind::Deal,
        AnnotationKind::Option,
        AnnotationKind::Funding,
        AnnotationKind::Ipo,
    ] {
        let of_kind: Vec<_> = run.annotations.iter().filter(|a| a.kind == kind).collect();
        assert!(!of_kind.is_empty(), "no {kind:?} annotation");
        assert!(
            of_kind.iter().all(|a| !a.source.is_empty()),
            "{kind:?} without a source"
        );
    }
    assert!(run
        .annotations
        .iter()
        .any(|a| a.kind == AnnotationKind::Funding && a.label.ends_with("(triggered)")));
    // Deals and funding carry amounts; option decisions their GW.
    for a in run.annotations.iter().filter(|a| {
        matches!(
            a.kind,
            AnnotationKind::Deal | AnnotationKind::Funding | AnnotationKind::Option
        )
    }) {
        assert!(!a.amount.is_empty(), "{} has no amount", a.label);
    }
}

#[test]
fn each_event_is_in_the_read_out_and_table_with_amount_and_source_and_the_legend_hides_it() {
    let run = ipo_run();
    for (id, kind) in [
        (ChartId::Capacity, AnnotationKind::Deal),
        (ChartId::Capacity, AnnotationKind::Option),
        (ChartId::Cash, AnnotationKind::Funding),
        (ChartId::Valuation, AnnotationKind::Ipo),
    ] {
        let data = chart_data(id, &run, DataOptions::default());
        let note = run
            .annotations
            .iter()
            .find(|a| a.kind == kind && run.index_of(a.month).is_some())
            .unwrap_or_else(|| panic!("{id}: no {kind:?} event"));
        let index = run.index_of(note.month).unwrap();
        let mark = data
            .events
            .iter()
            .find(|e| e.index == index && e.label == note.label)
            .unwrap_or_else(|| panic!("{id}: {} is not a tick", note.label));
        assert_eq!(
            (mark.amount.as_str(), mark.source.as_str()),
            (note.amount.as_str(), note.source.as_str())
        );

        // The legend offers "Events"; the table has an Events column naming amount and source.
        assert!(legend(&data).iter().any(|e| e.name == EVENTS), "{id}");
        let t = table(&data);
        let column = t
            .headers
            .iter()
            .position(|h| h == EVENTS)
            .expect("Events column");
        let cell = &t.rows[index][column];
        assert!(
            cell.contains(&note.label) && cell.contains(&note.source),
            "{id}: {cell:?}"
        );
        if !note.amount.is_empty() {
            assert!(cell.contains(&note.amount), "{id}: {cell:?}");
        }

        // The read-out at that month names it with amount and source, unless the legend hid the events.
        let shown = DrawOptions::default();
        let hidden = DrawOptions {
            hidden: vec![EVENTS.to_string()],
            ..Default::default()
        };
        let (with, mapping) = svg(&data, &shown);
        let (without, hidden_mapping) = svg(&data, &hidden);
        let x = mapping.x_px_of_index(index).unwrap();
        let (_, top, _, _) = mapping.plot_rect();
        let row = mapping
            .readout(x, top + 2, &data)
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.0 == note.label)
            .unwrap_or_else(|| panic!("{id}: {} not read out", note.label));
        assert!(row.1.contains(&note.source), "{id}: {row:?}");
        assert!(!hidden_mapping
            .readout(x, top + 2, &data)
            .unwrap()
            .rows
            .iter()
            .any(|r| r.0 == note.label));
        // Hidden, the ticks are not drawn: fewer polygons in the SVG.
        assert!(
            without.matches("<polygon").count() < with.matches("<polygon").count(),
            "{id}: hiding the events drew the same"
        );
    }
}
