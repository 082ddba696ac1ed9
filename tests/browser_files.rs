//! Browser tests of files in and out (wasm-bindgen-test in headless Chromium): the outputs CSV, scenario import
//! (good, broken, with problems), undo of an import, the saved-scenario store over a fake and over the real
//! (cleared) localStorage, and the saved list's handling of a damaged entry in the mounted app.

mod common;

use std::rc::Rc;

use common::*;
use gigawatt_app::files::import::{scenario_from_file, ImportError};
use gigawatt_app::files::outputs::outputs_csv;
use gigawatt_app::files::saved::{
    self, browser_store, KeyValueStore, MemoryStore, SaveOutcome, SavedError, KEY_PREFIX,
};
use gigawatt_app::state::{History, Msg};
use gigawatt_model::{simulate, Action, ParamId, PresetId, Run, Scenario};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn edited_scenario() -> Scenario {
    let mut s = Scenario::preset(PresetId::Bear);
    s.apply(Action::SetParam(ParamId::BaseDelayMonths, 11.0))
        .expect("a valid edit");
    s.apply(Action::Rename("Bear, late".into()))
        .expect("a valid rename");
    s
}

// ---- outputs CSV ------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn outputs_csv_has_one_row_per_month_and_one_column_per_series() {
    json_in_process();
    let run = simulate(&Scenario::default());
    let csv = outputs_csv(&run);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        run.months.len() + 1,
        "header plus one row per month"
    );
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "month");
    assert_eq!(&header[1..], Run::series_names());
    assert!(lines[1].starts_with("2025-01,"), "{}", lines[1]);
    // Every cell reads back to exactly the model's number.
    for (row, line) in lines[1..].iter().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), header.len(), "row {row}");
        assert_eq!(cells[0], run.months[row].to_string());
        for (col, name) in Run::series_names().iter().enumerate() {
            let value: f64 = cells[col + 1].parse().expect("a number");
            assert_eq!(
                value,
                run.series(name).unwrap()[row],
                "{name} in {}",
                cells[0]
            );
        }
    }
    assert!(csv.ends_with('\n'));
}

// ---- import -----------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn an_exported_edited_scenario_imports_to_the_same_scenario() {
    json_in_process();
    let s = edited_scenario();
    let back = scenario_from_file("bear-late.json", &s.to_json()).expect("imports");
    assert_eq!(back, s);
    // With a byte-order mark, as some editors save it.
    let back =
        scenario_from_file("bom.json", &format!("\u{feff}{}", s.to_json())).expect("imports");
    assert_eq!(back, s);
}

#[wasm_bindgen_test]
fn a_broken_file_is_refused_with_where_and_what() {
    json_in_process();
    let error =
        scenario_from_file("broken.json", "{\"preset\": \"bear\",\n \"params\": {").unwrap_err();
    assert!(
        matches!(error, ImportError::NotAScenario { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("broken.json") && message.contains("line 2"),
        "{message}"
    );

    let message = scenario_from_file("x.json", r#"{"params": {"no_such_knob": 3}}"#)
        .unwrap_err()
        .to_string();
    assert!(message.contains("no_such_knob"), "{message}");

    let message = scenario_from_file("x.json", r#"{"presets": "bear"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("presets"),
        "an unknown field is named: {message}"
    );

    let message = scenario_from_file("empty.json", "  \n")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("empty.json") && message.contains("empty"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn a_file_with_bad_values_names_each_problem_and_still_carries_the_scenario() {
    json_in_process();
    let error =
        scenario_from_file("bad.json", r#"{"params": {"base_delay_months": -5}}"#).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("base_delay_months"), "{message}");
    match error {
        ImportError::Problems {
            problems, scenario, ..
        } => {
            assert!(!problems.is_empty());
            assert_eq!(scenario.get(ParamId::BaseDelayMonths), -5.0);
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn replacing_the_scenario_is_one_undo_step_and_redo_brings_it_back() {
    json_in_process();
    let start = History::new(Scenario::default());
    let imported = edited_scenario();
    let h = start.next(Msg::Replace(Rc::new(imported.clone())));
    assert_eq!(h.scenario(), &imported);
    assert_eq!(h.undo_depth(), 1);
    assert!(h.generation > start.generation);
    let h = h.next(Msg::Undo);
    assert_eq!(h.scenario(), &Scenario::default());
    let h = h.next(Msg::Redo);
    assert_eq!(h.scenario(), &imported);
    // Loading what is already there adds no step.
    let again = h.next(Msg::Replace(Rc::new(imported)));
    assert_eq!(again.undo_depth(), h.undo_depth());
}

// ---- saved scenarios over a fake store -----------------------------------------------------------------------

#[wasm_bindgen_test]
fn save_list_open_rename_delete_and_restore() {
    json_in_process();
    let store = MemoryStore::default();
    assert!(saved::list(&store).unwrap().is_empty());
    let a = edited_scenario();
    let b = Scenario::preset(PresetId::Bull);
    let SaveOutcome::Created { key: key_a, .. } =
        saved::save(&store, "  My   bear ", &a, 1_000.0).unwrap()
    else {
        panic!("a new entry")
    };
    saved::save(&store, "Bull case", &b, 2_000.0).unwrap();

    let listed = saved::list(&store).unwrap();
    let names: Vec<String> = listed
        .iter()
        .map(|e| e.content.as_ref().unwrap().name.clone())
        .collect();
    assert_eq!(
        names,
        ["Bull case", "My bear"],
        "newest first, white space tidied"
    );
    assert_eq!(saved::open(&store, &key_a).unwrap().scenario, a);

    // Saving under an existing name (any case) replaces it.
    let outcome = saved::save(&store, "my BEAR", &b, 3_000.0).unwrap();
    assert!(
        matches!(outcome, SaveOutcome::Replaced { ref key, .. } if *key == key_a),
        "{outcome:?}"
    );
    assert_eq!(saved::list(&store).unwrap().len(), 2);
    assert_eq!(saved::open(&store, &key_a).unwrap().scenario, b);

    assert_eq!(saved::rename(&store, &key_a, "Renamed").unwrap(), "Renamed");
    assert_eq!(saved::open(&store, &key_a).unwrap().name, "Renamed");
    let taken = saved::rename(&store, &key_a, "bull case").unwrap_err();
    assert!(matches!(taken, SavedError::BadName(_)), "{taken:?}");
    assert!(matches!(
        saved::rename(&store, &key_a, "   "),
        Err(SavedError::BadName(_))
    ));
    assert!(matches!(
        saved::save(&store, &"x".repeat(101), &a, 4.0),
        Err(SavedError::BadName(_))
    ));

    let raw = saved::delete(&store, &key_a).unwrap();
    assert_eq!(saved::list(&store).unwrap().len(), 1);
    assert_eq!(saved::open(&store, &key_a), Err(SavedError::NotFound));
    saved::restore(&store, &key_a, &raw).unwrap();
    assert_eq!(saved::open(&store, &key_a).unwrap().name, "Renamed");
}

#[wasm_bindgen_test]
fn damaged_entries_are_listed_as_unreadable_and_can_be_deleted() {
    json_in_process();
    let store = MemoryStore::default();
    saved::save(&store, "Good", &Scenario::default(), 5.0).unwrap();
    store
        .set(&format!("{KEY_PREFIX}broken"), "{not json")
        .unwrap();
    store
        .set(&format!("{KEY_PREFIX}alien"), r#"{"format": "gigawatt-saved-scenario", "version": 1, "name": "x", "scenario": {"params": {"nope": 1}}}"#)
        .unwrap();
    store
        .set(
            &format!("{KEY_PREFIX}future"),
            r#"{"format": "gigawatt-saved-scenario", "version": 9}"#,
        )
        .unwrap();
    store.set("someone.else", "{not json").unwrap();

    let listed = saved::list(&store).unwrap();
    assert_eq!(listed.len(), 4, "other apps' keys are not listed");
    assert!(listed[0].content.is_ok(), "readable entries first");
    let reasons: Vec<String> = listed[1..]
        .iter()
        .map(|e| e.content.clone().unwrap_err())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("not JSON")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("nope")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("newer")), "{reasons:?}");
    assert!(matches!(
        saved::open(&store, &listed[1].key),
        Err(SavedError::Unreadable(_))
    ));
    // A damaged entry does not block saving a scenario of any name.
    saved::save(&store, "x", &Scenario::default(), 6.0).unwrap();
    for entry in &listed[1..] {
        saved::delete(&store, &entry.key).unwrap();
    }
    assert_eq!(saved::list(&store).unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn a_full_store_refuses_with_a_message_and_keeps_what_it_had() {
    json_in_process();
    let store = MemoryStore::with_capacity(4_000);
    let error = saved::save(&store, "Too big", &Scenario::default(), 1.0).unwrap_err();
    assert_eq!(error, SavedError::Full);
    assert!(error.to_string().contains("full"), "{error}");
    assert!(saved::list(&store).unwrap().is_empty());
}

// ---- the real localStorage ----------------------------------------------------------------------------------

fn clear_saved() {
    let store = browser_store().expect("localStorage in the test browser");
    for key in store.keys().unwrap() {
        if key.starts_with(KEY_PREFIX) {
            store.remove(&key).unwrap();
        }
    }
}

#[wasm_bindgen_test]
fn the_browser_store_round_trips_a_scenario() {
    json_in_process();
    clear_saved();
    let store = browser_store().expect("localStorage");
    let s = edited_scenario();
    saved::save(&store, "In the browser", &s, js_sys::Date::now()).unwrap();
    let listed = saved::list(&browser_store().unwrap()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].content.as_ref().unwrap().scenario, s);
    clear_saved();
}

#[wasm_bindgen_test]
async fn the_app_lists_a_damaged_entry_deletes_it_and_undoes_the_delete() {
    json_in_process();
    clear_saved();
    let store = browser_store().unwrap();
    saved::save(&store, "Kept", &edited_scenario(), 10.0).unwrap();
    store.set(&format!("{KEY_PREFIX}damaged"), "][").unwrap();

    let m = Mounted::new(1200);
    ready(&m).await;
    m.click("file-menu");
    settle().await;
    assert_eq!(m.count("[data-testid^=\"saved-row-\"]"), 2);
    assert_eq!(m.text("saved-name-0"), "Kept");
    let damaged = m.text("saved-row-1");
    assert!(
        damaged.contains("Unreadable") && damaged.contains("not JSON"),
        "{damaged}"
    );
    assert!(
        m.find("saved-open-1").is_none(),
        "an unreadable entry cannot be opened"
    );

    m.click("saved-delete-1");
    settle().await;
    assert_eq!(m.count("[data-testid^=\"saved-row-\"]"), 1);
    assert_eq!(store.get(&format!("{KEY_PREFIX}damaged")).unwrap(), None);
    m.click("saved-undo-delete");
    settle().await;
    assert_eq!(m.count("[data-testid^=\"saved-row-\"]"), 2);

    // Opening the good one replaces the scenario; the header shows its name and Undo is possible.
    m.click("saved-open-0");
    wait_for("the opened scenario's name", 5_000, || {
        (m.text("scenario-name") == "Bear, late").then_some(())
    })
    .await;
    m.click("undo");
    wait_for("undo to restore the preset", 5_000, || {
        (m.text("scenario-name") == Scenario::default().name).then_some(())
    })
    .await;
    clear_saved();
}

#[wasm_bindgen_test]
async fn every_chart_offers_png_svg_csv_and_copy_or_says_why_not() {
    json_in_process();
    let m = Mounted::new(1200);
    ready(&m).await;
    let slug = "capacity";
    for what in ["png", "svg", "csv", "export"] {
        assert!(
            m.find(&format!("chart-{slug}-{what}")).is_some(),
            "chart-{slug}-{what}"
        );
    }
    let copy = m.find(&format!("chart-{slug}-copy"));
    let unsupported = m.text(&format!("chart-{slug}-copy-unsupported"));
    assert!(
        copy.is_some() == unsupported.is_empty(),
        "either a copy button or the reason, not both"
    );
}

#[wasm_bindgen_test]
fn file_names_come_from_the_scenario_name() {
    json_in_process();
    use gigawatt_app::files::download::file_name_for;
    assert_eq!(
        file_name_for("As reported", "json"),
        "gigawatt-as-reported.json"
    );
    assert_eq!(
        file_name_for("Bear, late / v2!", "csv"),
        "gigawatt-bear-late-v2.csv"
    );
    assert_eq!(file_name_for("  ***  ", "json"), "gigawatt-scenario.json");
    assert_eq!(
        file_name_for(&"é".repeat(200), "json").chars().count(),
        "gigawatt-.json".len() + 60
    );
}
