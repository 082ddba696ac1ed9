//! Browser tests of the app (wasm-bindgen-test in headless Chromium):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p gigawatt-app`.
//!
//! Each test mounts a fresh `App` into its own container, drives it through the DOM the way a person would
//! (input/change/click events), and checks what the page shows. They wait on the DOM with a deadline rather
//! than fixed sleeps, so a regression fails with a message instead of hanging.

use std::future::Future;

use gigawatt_app::components::canvas::{draw_on_canvas, SurfaceSize};
use gigawatt_app::{App, AppProps};
use gigawatt_charts::{chart_data, Axis, ChartId, ChartOptions, SeriesStyle, Theme};
use gigawatt_model::{param_specs, simulate, ParamKind, PresetId, Scenario};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement,
};

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- helpers

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// A mounted app and its container; unmounted and removed on drop.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

impl Mounted {
    fn new(width_px: u32) -> Mounted {
        let root = document().create_element("div").expect("create div");
        root.set_attribute("style", &format!("width:{width_px}px"))
            .expect("style");
        document()
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let handle =
            yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps::default()).render();
        Mounted {
            root,
            handle: Some(handle),
        }
    }

    fn find(&self, testid: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
    }

    fn get(&self, testid: &str) -> Element {
        self.find(testid)
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }

    fn text(&self, testid: &str) -> String {
        self.find(testid)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|l| l.length())
            .unwrap_or(0)
    }

    fn click(&self, testid: &str) {
        self.get(testid)
            .dyn_into::<HtmlElement>()
            .expect("an HTML element")
            .click();
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Polls `check` every 20 ms until it returns Some, or panics with `what` after `timeout_ms`.
async fn wait_for<T, F: FnMut() -> Option<T>>(what: &str, timeout_ms: i32, mut check: F) -> T {
    let mut waited = 0;
    loop {
        if let Some(v) = check() {
            return v;
        }
        if waited >= timeout_ms {
            panic!("timed out after {timeout_ms} ms waiting for {what}");
        }
        sleep_ms(20).await;
        waited += 20;
    }
}

/// Lets Yew render and effects run (two animation-frame-sized turns).
fn settle() -> impl Future<Output = ()> {
    sleep_ms(60)
}

fn bubbling(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(name, &init).expect("event")
}

/// Types `text` into an input as a person would: value, `input`, then `change` (Enter or blur).
fn type_into(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.dyn_ref().expect("an <input>");
    input.set_value(text);
    input
        .dispatch_event(&bubbling("input"))
        .expect("input event");
    input
        .dispatch_event(&bubbling("change"))
        .expect("change event");
}

fn canvas_in(m: &Mounted, slug: &str) -> HtmlCanvasElement {
    m.get(&format!("chart-{slug}"))
        .query_selector("canvas")
        .ok()
        .flatten()
        .expect("a canvas in the chart")
        .dyn_into()
        .expect("a <canvas>")
}

fn draws(canvas: &HtmlCanvasElement) -> u32 {
    canvas
        .get_attribute("data-draws")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn pixel(canvas: &HtmlCanvasElement, x: i32, y: i32) -> [u8; 4] {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d context")
        .dyn_into()
        .expect("a 2d context");
    let data = ctx
        .get_image_data(f64::from(x), f64::from(y), 1.0, 1.0)
        .expect("getImageData")
        .data();
    [data[0], data[1], data[2], data[3]]
}

fn distance(a: [u8; 4], b: [u8; 3]) -> i32 {
    (0..3)
        .map(|i| (i32::from(a[i]) - i32::from(b[i])).abs())
        .sum()
}

async fn ready(m: &Mounted) {
    wait_for("the KPI strip to show ARR", 10_000, || {
        let t = m.text("kpi-arr");
        t.chars().any(|c| c.is_ascii_digit()).then_some(())
    })
    .await;
}

// ---------------------------------------------------------------- tests

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
    assert_eq!(m.count("[role=tab]"), 5);
    for tab in ["overview", "capacity", "money", "ownership", "deals"] {
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
async fn capacity_canvas_has_series_colour_where_the_mapping_puts_the_first_stack() {
    let m = Mounted::new(1000);
    ready(&m).await;
    let canvas = canvas_in(&m, "capacity");
    wait_for("the capacity chart to be drawn", 10_000, || {
        (draws(&canvas) >= 1).then_some(())
    })
    .await;
    assert!(
        canvas.width() >= 100 && canvas.height() >= 80,
        "canvas {}×{}",
        canvas.width(),
        canvas.height()
    );

    // Draw the same data at the same size on a scratch canvas to get the mapping the component used.
    let theme = match document()
        .document_element()
        .and_then(|e| e.get_attribute("data-theme"))
    {
        Some(t) if t == "dark" => Theme::Dark,
        _ => Theme::Light,
    };
    let opts = ChartOptions {
        theme,
        ..ChartOptions::default()
    };
    let run = simulate(&Scenario::default());
    let data = chart_data(ChartId::Capacity, &run, &opts);
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    let size = SurfaceSize {
        css_width: f64::from(canvas.width()) / ratio,
        css_height: f64::from(canvas.height()) / ratio,
        pixel_ratio: ratio,
    };
    let scratch: HtmlCanvasElement = document()
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("canvas");
    let mapping = draw_on_canvas(&scratch, size, &data, &opts).expect("draws");
    assert_eq!(
        canvas.get_attribute("data-plot-rect"),
        Some({
            let (l, t, r, b) = mapping.plot_rect();
            format!("{l},{t},{r},{b}")
        }),
        "the component and the scratch draw disagree on the plot rectangle"
    );

    // The bottom stacked layer, at the month where it is largest (away from the plot's edges, where a
    // polygon's outline may stop a pixel short): halfway up it must be that series' ink.
    let bottom = data
        .series
        .iter()
        .find(|s| s.style == SeriesStyle::StackedArea)
        .expect("a stacked area series");
    let (index, value) = bottom
        .values
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, v)| {
            v.is_finite() && *i * 20 >= bottom.values.len() && *i * 20 <= bottom.values.len() * 19
        })
        .fold(
            (0, f64::MIN),
            |best, (i, v)| if v > best.1 { (i, v) } else { best },
        );
    assert!(value > 0.0, "{} is never positive", bottom.name);
    let x = mapping.x_px_of_index(index).expect("x of the month");
    let y = mapping
        .y_px_of_value(value / 2.0, Axis::Left)
        .expect("y of half the value");
    let (l, t, r, b) = mapping.plot_rect();
    assert!(
        x >= l && x < r && y >= t && y < b,
        "({x}, {y}) outside the plot {l},{t},{r},{b}"
    );

    let background = pixel(&canvas, 1, 1);
    let ink = pixel(&canvas, x, y);
    let series = [bottom.color.0, bottom.color.1, bottom.color.2];
    assert!(
        distance(ink, [background[0], background[1], background[2]]) > 30,
        "pixel ({x}, {y}) is background {ink:?}"
    );
    assert!(
        distance(ink, series) < distance(ink, [background[0], background[1], background[2]]),
        "pixel ({x}, {y}) = {ink:?} is closer to the background {background:?} than to {} {series:?}",
        bottom.name
    );
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
async fn legend_buttons_hide_series_and_redraw() {
    let m = Mounted::new(1000);
    ready(&m).await;
    let canvas = canvas_in(&m, "capacity");
    wait_for("a first draw", 10_000, || {
        (draws(&canvas) >= 1).then_some(())
    })
    .await;
    settle().await;
    let before = draws(&canvas);
    let button = m.get("chart-capacity-legend-0");
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    m.click("chart-capacity-legend-0");
    wait_for("a redraw", 5_000, || {
        (draws(&canvas) > before).then_some(())
    })
    .await;
    assert_eq!(
        m.get("chart-capacity-legend-0")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );

    m.click("chart-capacity-table-toggle");
    let table = wait_for("the table view", 3_000, || m.find("chart-capacity-table")).await;
    assert!(
        table
            .query_selector_all("tbody tr")
            .map(|l| l.length())
            .unwrap_or(0)
            > 12
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
fn a_canvas_without_a_2d_context_gives_a_message_not_a_panic() {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("canvas");
    // Once a canvas has another kind of context, getContext("2d") returns null.
    let other = canvas.get_context("bitmaprenderer").expect("getContext");
    assert!(
        other.is_some(),
        "the browser has no bitmaprenderer context to occupy the canvas with"
    );
    let run = simulate(&Scenario::default());
    let opts = ChartOptions::default();
    let data = chart_data(ChartId::Cash, &run, &opts);
    let size = SurfaceSize {
        css_width: 400.0,
        css_height: 300.0,
        pixel_ratio: 1.0,
    };
    let failure = draw_on_canvas(&canvas, size, &data, &opts).expect_err("no 2d context");
    assert_eq!(
        failure,
        gigawatt_app::components::canvas::DrawFailure::NoContext
    );
    assert!(failure.to_string().contains("table view"), "{failure}");
}

#[wasm_bindgen_test]
fn canvas_backing_store_is_css_size_times_device_pixel_ratio() {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("canvas");
    let run = simulate(&Scenario::default());
    let opts = ChartOptions::default();
    let data = chart_data(ChartId::Ownership, &run, &opts);
    let size = SurfaceSize {
        css_width: 500.0,
        css_height: 300.0,
        pixel_ratio: 2.0,
    };
    let mapping = draw_on_canvas(&canvas, size, &data, &opts).expect("draws");
    assert_eq!((canvas.width(), canvas.height()), (1000, 600));
    let (_, _, right, bottom) = mapping.plot_rect();
    assert!(
        right > 500 && bottom > 300,
        "the plot was laid out in CSS pixels, not device pixels: {right}×{bottom}"
    );
}

#[wasm_bindgen_test]
async fn hovering_a_chart_shows_a_crosshair_and_the_values_under_it() {
    let m = Mounted::new(1000);
    ready(&m).await;
    let canvas = canvas_in(&m, "cash");
    wait_for("the cash chart to be drawn", 10_000, || {
        (draws(&canvas) >= 1).then_some(())
    })
    .await;
    let rect = canvas.get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + rect.width() * 0.6) as i32);
    init.set_client_y((rect.top() + rect.height() * 0.5) as i32);
    let event =
        web_sys::MouseEvent::new_with_mouse_event_init_dict("pointermove", &init).expect("event");
    canvas.dispatch_event(&event).expect("dispatch");

    let chart = m.get("chart-cash");
    let readout = wait_for("a read-out", 3_000, || {
        chart.query_selector(".readout").ok().flatten()
    })
    .await;
    let text = readout.text_content().unwrap_or_default();
    assert!(text.contains("20"), "the read-out names no month: {text:?}");
    assert!(
        text.contains('$'),
        "the read-out shows no money value: {text:?}"
    );
    assert!(
        chart.query_selector(".crosshair").ok().flatten().is_some(),
        "no crosshair"
    );

    let leave =
        web_sys::MouseEvent::new_with_mouse_event_init_dict("pointerleave", &init).expect("event");
    canvas.dispatch_event(&leave).expect("dispatch");
    wait_for("the read-out to go", 3_000, || {
        chart
            .query_selector(".readout")
            .ok()
            .flatten()
            .is_none()
            .then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_theme_toggle_switches_page_and_chart_colours() {
    let m = Mounted::new(1000);
    ready(&m).await;
    let root = document().document_element().expect("<html>");
    let canvas = canvas_in(&m, "capacity");
    wait_for("a first draw", 10_000, || {
        (draws(&canvas) >= 1).then_some(())
    })
    .await;
    let before_theme = root.get_attribute("data-theme").expect("data-theme is set");
    let before_background = pixel(&canvas, 1, 1);
    let before_draws = draws(&canvas);

    m.click("theme-toggle");
    wait_for("the chart to redraw in the other theme", 5_000, || {
        (draws(&canvas) > before_draws).then_some(())
    })
    .await;
    let after_theme = root.get_attribute("data-theme").expect("data-theme is set");
    assert_ne!(after_theme, before_theme);
    let after_background = pixel(&canvas, 1, 1);
    let luminance = |p: [u8; 4]| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]);
    if after_theme == "dark" {
        assert!(
            luminance(after_background) < luminance(before_background),
            "{after_background:?} is not darker"
        );
    } else {
        assert!(
            luminance(after_background) > luminance(before_background),
            "{after_background:?} is not lighter"
        );
    }
    // Flip back, then leave the system preference in charge for the other tests.
    m.click("theme-toggle");
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.remove_item("gigawatt-theme");
    }
}
