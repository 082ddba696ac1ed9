//! Browser tests of the app's inputs (wasm-bindgen-test in headless Chromium): header, KPI strip, parameters,
//! deal editor, undo/redo. Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! -p gigawatt-app`.
//!
//! Each test mounts a fresh `App` into its own container, drives it through the DOM the way a person would,
//! and checks what the page shows, waiting on the DOM with a deadline rather than fixed sleeps.

mod common;

use common::*;
use gigawatt_model::{param_specs, ParamKind, PresetId, Scenario};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn renders_header_kpis_tabs_and_every_parameter() {
    let m = Mounted::new(1200);
    ready(&m).await;

    assert_eq!(m.text("scenario-name"), Scenario::default().name);
    let picker = m.get("preset-picker");
    let options = picker.query_selector_all("option").expect("options");
    assert_eq!(options.length() as usize, PresetId::ALL.len());
    let values: Vec<String> = (0..options.length())
        .filter_map(|i| options.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .map(|o| o.value())
        .collect();
    let slugs: Vec<String> = PresetId::ALL.iter().map(|p| p.slug().to_string()).collect();
    assert_eq!(values, slugs);
    assert_eq!(
        picker
            .dyn_ref::<web_sys::HtmlSelectElement>()
            .map(|s| s.value()),
        Some("as-reported".to_string())
    );

    for id in [
        "kpi-arr",
        "kpi-it-gw",
        "kpi-cash",
        "kpi-funding-gap",
        "kpi-obligations-ratio",
        "kpi-runway",
        "kpi-foundation",
        "kpi-microsoft",
    ] {
        let text = m.text(id);
        assert!(
            text.chars().any(|c| c.is_ascii_digit()),
            "{id} shows no number: {text:?}"
        );
        assert!(!text.contains("NaN"), "{id} shows {text:?}");
    }
    assert_eq!(m.count("[role=tab]"), 6);
    for tab in [
        "overview",
        "capacity",
        "money",
        "ownership",
        "risk",
        "deals",
    ] {
        assert!(m.find(&format!("tab-{tab}")).is_some(), "missing tab-{tab}");
    }
    // Every parameter of the spec table is on the page, with the controls its kind needs.
    for spec in param_specs() {
        let key = spec.key;
        assert!(
            m.find(&format!("param-{key}")).is_some(),
            "missing param-{key}"
        );
        match spec.kind {
            ParamKind::Toggle => assert!(m.find(&format!("param-{key}-toggle")).is_some()),
            _ => {
                assert!(
                    m.find(&format!("param-{key}-slider")).is_some(),
                    "missing param-{key}-slider"
                );
                assert!(
                    m.find(&format!("param-{key}-number")).is_some(),
                    "missing param-{key}-number"
                );
            }
        }
        assert!(m.find(&format!("param-{key}-reset")).is_some());
        assert!(m.find(&format!("param-{key}-info")).is_some());
    }
}

#[wasm_bindgen_test]
async fn moving_an_input_rerenders_the_kpi_it_drives_and_undo_restores_it() {
    let m = Mounted::new(1200);
    ready(&m).await;
    let before = m.text("kpi-arr");

    // Fewer weekly users in 2030 means less revenue at the end of 2030 (the KPI year).
    let slider = m.get("param-wau_2030_scale-slider");
    let input: &HtmlInputElement = slider.dyn_ref().expect("range input");
    input.set_value("0.55");
    input.dispatch_event(&bubbling("input")).expect("input");
    input.dispatch_event(&bubbling("change")).expect("change");

    let after = wait_for("kpi-arr to change", 5_000, || {
        let now = m.text("kpi-arr");
        (now != before).then_some(now)
    })
    .await;
    assert_ne!(after, before);
    // The typed field follows the slider.
    let number: HtmlInputElement = m
        .get("param-wau_2030_scale-number")
        .dyn_into()
        .expect("input");
    assert_eq!(number.value(), "0.55");

    m.click("undo");
    wait_for("kpi-arr to return after undo", 5_000, || {
        (m.text("kpi-arr") == before).then_some(())
    })
    .await;
    m.click("redo");
    wait_for("kpi-arr to follow redo", 5_000, || {
        (m.text("kpi-arr") == after).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_slider_drag_is_one_undo_step() {
    let m = Mounted::new(1200);
    ready(&m).await;
    let before = m.text("kpi-arr");
    let input: HtmlInputElement = m
        .get("param-wau_2030_scale-slider")
        .dyn_into()
        .expect("range");
    for v in ["0.9", "0.8", "0.7", "0.6"] {
        input.set_value(v);
        input.dispatch_event(&bubbling("input")).expect("input");
        settle().await;
    }
    input.dispatch_event(&bubbling("change")).expect("change");
    settle().await;
    assert_ne!(m.text("kpi-arr"), before);
    m.click("undo");
    wait_for("one undo to undo the whole drag", 5_000, || {
        (m.text("kpi-arr") == before).then_some(())
    })
    .await;
    let undo: web_sys::HtmlButtonElement = m.get("undo").dyn_into().expect("button");
    assert!(
        undo.disabled(),
        "undo still enabled: the drag made more than one step"
    );
}

#[wasm_bindgen_test]
async fn bad_typing_shows_a_message_keeps_the_text_and_changes_nothing() {
    let m = Mounted::new(1200);
    ready(&m).await;
    let before = m.text("kpi-arr");
    let field = m.get("param-wau_2030_scale-number");

    type_into(&field, "abc");
    let message = wait_for("an inline error", 3_000, || {
        m.find("param-wau_2030_scale-error")
    })
    .await;
    assert!(!message.text_content().unwrap_or_default().trim().is_empty());
    type_into(&field, "7");
    settle().await;
    let message = m.text("param-wau_2030_scale-error");
    assert!(
        message.contains("between"),
        "out-of-range message: {message:?}"
    );
    let field_now: HtmlInputElement = field.dyn_into().expect("input");
    assert_eq!(field_now.value(), "7", "the typed text was replaced");
    assert_eq!(
        m.text("kpi-arr"),
        before,
        "a rejected value changed the KPIs"
    );
    let undo: web_sys::HtmlButtonElement = m.get("undo").dyn_into().expect("button");
    assert!(undo.disabled(), "a rejected value made an undo step");

    type_into(&field_now, "1.2");
    wait_for("the error to clear", 3_000, || {
        m.find("param-wau_2030_scale-error").is_none().then_some(())
    })
    .await;
    wait_for("a valid value to apply", 3_000, || {
        (m.text("kpi-arr") != before).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn deleting_a_contract_can_be_undone_from_the_toast() {
    let m = Mounted::new(1200);
    ready(&m).await;
    m.click("tab-deals");
    let rows = wait_for("contract rows", 3_000, || {
        let n = m.count("[data-testid^=deal-row-]");
        (n > 0).then_some(n)
    })
    .await;
    assert_eq!(rows as usize, Scenario::default().contracts.len());
    let ratio_before = m.text("kpi-obligations-ratio");

    m.click("deal-0-delete");
    wait_for("one row fewer", 3_000, || {
        (m.count("[data-testid^=deal-row-]") == rows - 1).then_some(())
    })
    .await;
    let toast = wait_for("the undo toast", 3_000, || m.find("undo-delete")).await;
    toast.dyn_into::<HtmlElement>().expect("button").click();
    wait_for("the row back", 3_000, || {
        (m.count("[data-testid^=deal-row-]") == rows).then_some(())
    })
    .await;
    assert_eq!(m.text("kpi-obligations-ratio"), ratio_before);

    // Editing a contract's value re-renders the obligations KPI.
    let value = m.get("deal-1-value");
    let current: f64 = value
        .dyn_ref::<HtmlInputElement>()
        .expect("input")
        .value()
        .parse()
        .expect("a number");
    type_into(&value, &(current * 3.0).to_string());
    wait_for("the obligations ratio to move", 5_000, || {
        (m.text("kpi-obligations-ratio") != ratio_before).then_some(())
    })
    .await;

    // A bad ramp is refused in place, with the text kept.
    let ramp = m.get("deal-1-ramp");
    type_into(&ramp, "2027-13: 1");
    wait_for("a ramp error", 3_000, || m.find("deal-1-ramp-error")).await;
    assert_eq!(
        ramp.dyn_ref::<HtmlInputElement>().expect("input").value(),
        "2027-13: 1"
    );
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_undo_and_redo() {
    let m = Mounted::new(1200);
    ready(&m).await;
    let before = m.text("kpi-arr");
    let input: HtmlInputElement = m
        .get("param-wau_2030_scale-slider")
        .dyn_into()
        .expect("range");
    input.set_value("0.6");
    input.dispatch_event(&bubbling("input")).expect("input");
    input.dispatch_event(&bubbling("change")).expect("change");
    wait_for("a change", 5_000, || {
        (m.text("kpi-arr") != before).then_some(())
    })
    .await;
    let after = m.text("kpi-arr");

    let press = |shift: bool| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("z");
        init.set_ctrl_key(true);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("event");
        document()
            .body()
            .expect("body")
            .dispatch_event(&event)
            .map_err(|e: JsValue| e)
            .expect("dispatch");
    };
    press(false);
    wait_for("Ctrl+Z to undo", 5_000, || {
        (m.text("kpi-arr") == before).then_some(())
    })
    .await;
    press(true);
    wait_for("Ctrl+Shift+Z to redo", 5_000, || {
        (m.text("kpi-arr") == after).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn half_typed_text_survives_a_re_render_and_an_outside_change_replaces_a_refused_draft() {
    let m = Mounted::new(1200);
    ready(&m).await;
    m.click("tab-risk");
    let runs: HtmlInputElement = wait_for("the runs field", 3_000, || m.find("mc-runs"))
        .await
        .dyn_into()
        .expect("input");
    let runs_before = runs.value();

    // Half-typed, not yet committed: no `change` event.
    runs.set_value("50");
    runs.dispatch_event(&bubbling("input"))
        .expect("input event");
    settle().await;
    // Another field changes the scenario, so the Risk view re-renders with the same run count.
    type_into(&m.get("mc-seed"), "12345");
    wait_for("the seed to apply", 3_000, || {
        let seed: HtmlInputElement = m.get("mc-seed").dyn_into().ok()?;
        (seed.value() == "12345").then_some(())
    })
    .await;
    settle().await;
    assert_eq!(
        runs.value(),
        "50",
        "a re-render wiped the half-typed run count"
    );

    // Committed, the bad count is refused with a message and stays visible.
    runs.dispatch_event(&bubbling("change"))
        .expect("change event");
    wait_for("the runs error", 3_000, || m.find("mc-runs-error")).await;
    assert_eq!(runs.value(), "50");

    // Escape drops the draft and shows the scenario's value again.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    runs.dispatch_event(&escape).expect("keydown");
    wait_for("the runs error to clear", 3_000, || {
        m.find("mc-runs-error").is_none().then_some(())
    })
    .await;
    assert_eq!(runs.value(), runs_before);

    // A refused seed gives way when the seed is changed from elsewhere ("New seed").
    let seed: HtmlInputElement = m.get("mc-seed").dyn_into().expect("input");
    type_into(&seed, "not a seed");
    wait_for("the seed error", 3_000, || m.find("mc-seed-error")).await;
    m.click("mc-new-seed");
    wait_for("the new seed to replace the refused text", 3_000, || {
        (m.find("mc-seed-error").is_none() && seed.value().parse::<u64>().is_ok()).then_some(())
    })
    .await;
}
