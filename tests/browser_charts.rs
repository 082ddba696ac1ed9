//! Browser tests of the charts (wasm-bindgen-test in headless Chromium): canvas pixels where the mapping puts a
//! series, device-pixel sizing, a missing 2D context, hover read-outs, legend toggles, table view, themes.

mod common;

use common::*;
use gigawatt_app::components::canvas::{draw_on_canvas, DrawFailure, SurfaceSize};
use gigawatt_charts::{chart_data, Axis, ChartId, DataOptions, DrawOptions, SeriesStyle, Theme};
use gigawatt_model::{simulate, Scenario};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

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
    let opts = DrawOptions {
        theme,
        ..DrawOptions::default()
    };
    let run = simulate(&Scenario::default());
    let data = chart_data(ChartId::Capacity, &run, DataOptions::default());
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
    let opts = DrawOptions::default();
    let data = chart_data(ChartId::Cash, &run, DataOptions::default());
    let size = SurfaceSize {
        css_width: 400.0,
        css_height: 300.0,
        pixel_ratio: 1.0,
    };
    let failure = draw_on_canvas(&canvas, size, &data, &opts).expect_err("no 2d context");
    assert_eq!(failure, DrawFailure::NoContext);
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
    let opts = DrawOptions::default();
    let data = chart_data(ChartId::Ownership, &run, DataOptions::default());
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
