//! Drawing a chart into an HTML canvas, and keeping the canvas sized to its container.
//!
//! plotters-canvas draws in the canvas's backing-store pixels and knows nothing of devicePixelRatio, so the
//! backing store is sized in device pixels (CSS size × DPR) and the chart is drawn at that size. The returned
//! [`ChartMapping`] is therefore in device pixels; divide by the DPR to place HTML overlays.

use std::cell::Cell;

use gigawatt_charts::{ChartData, ChartMapping, DrawOptions};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, ResizeObserver};
use yew::prelude::*;

/// Size of a chart's drawing surface: CSS pixels of its container and the device pixel ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceSize {
    pub css_width: f64,
    pub css_height: f64,
    pub pixel_ratio: f64,
}

impl SurfaceSize {
    /// Backing-store size in device pixels (at least 1×1).
    pub fn device_pixels(&self) -> (u32, u32) {
        let to_px = |css: f64| (css * self.pixel_ratio).round().clamp(1.0, 16_384.0) as u32;
        (to_px(self.css_width), to_px(self.css_height))
    }

    /// Whether there is room to draw anything (a hidden or collapsed container measures 0).
    pub fn is_drawable(&self) -> bool {
        self.css_width >= 40.0 && self.css_height >= 40.0
    }
}

/// The device pixel ratio of the window (1 when unknown).
pub fn pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Measures `element` in CSS pixels together with the current device pixel ratio.
pub fn measure(element: &HtmlElement) -> SurfaceSize {
    let rect = element.get_bounding_client_rect();
    SurfaceSize {
        css_width: rect.width().floor(),
        css_height: rect.height().floor(),
        pixel_ratio: pixel_ratio(),
    }
}

/// Why a chart could not be drawn, in words for the page.
#[derive(Clone, Debug, PartialEq)]
pub enum DrawFailure {
    /// The browser returned no 2D context (canvas disabled, or out of memory).
    NoContext,
    /// The chart library refused (area too small, backend error).
    Chart(String),
}

impl std::fmt::Display for DrawFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DrawFailure::NoContext => f.write_str(
                "This browser did not provide a 2D drawing context, so the chart cannot be drawn. \
                 The numbers are still available in the table view.",
            ),
            DrawFailure::Chart(msg) => write!(f, "The chart could not be drawn: {msg}."),
        }
    }
}

/// Sizes the canvas backing store to `size` in device pixels and returns a plotters drawing area on it.
pub fn canvas_area(
    canvas: &HtmlCanvasElement,
    size: SurfaceSize,
) -> Result<DrawingArea<CanvasBackend, Shift>, DrawFailure> {
    let (width, height) = size.device_pixels();
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or(DrawFailure::NoContext)?;
    Ok(backend.into_drawing_area())
}

/// Sizes `canvas`'s backing store to `size` in device pixels and draws `data` into it.
pub fn draw_on_canvas(
    canvas: &HtmlCanvasElement,
    size: SurfaceSize,
    data: &ChartData,
    opts: &DrawOptions,
) -> Result<ChartMapping, DrawFailure> {
    let root = canvas_area(canvas, size)?;
    // Fonts, strokes and margins scale with the pixel ratio so the chart looks the same at any DPR.
    let mapping = gigawatt_charts::draw_scaled(&root, data, opts, size.pixel_ratio)
        .map_err(|e| DrawFailure::Chart(e.to_string()))?;
    root.present()
        .map_err(|e| DrawFailure::Chart(e.to_string()))?;
    Ok(mapping)
}

thread_local! {
    static TOTAL_DRAWS: Cell<u64> = const { Cell::new(0) };
}

/// Records one finished draw: `data-draws` on the canvas and the page-wide `data-charts-drawn` on <body>
/// (the end-to-end tests wait on these).
pub fn count_draw(canvas: &HtmlCanvasElement) {
    let previous: u64 = canvas
        .get_attribute("data-draws")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let _ = canvas.set_attribute("data-draws", &(previous + 1).to_string());
    let total = TOTAL_DRAWS.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-charts-drawn", &total.to_string());
    }
}

/// Watches `container` and returns its current [`SurfaceSize`], updated on every resize of the container
/// (ResizeObserver) and of the window (which also catches a change of devicePixelRatio by zooming).
#[hook]
pub fn use_surface_size(container: NodeRef) -> Option<SurfaceSize> {
    let size = use_state_eq(|| None::<SurfaceSize>);
    {
        let size = size.clone();
        use_effect_with(container, move |container| {
            let element = container.cast::<HtmlElement>();
            let mut observer: Option<(ResizeObserver, Closure<dyn FnMut()>)> = None;
            let mut window_listener = None;
            if let Some(element) = element {
                size.set(Some(measure(&element)));
                let on_resize = {
                    let element = element.clone();
                    let size = size.clone();
                    move || size.set(Some(measure(&element)))
                };
                let callback: Closure<dyn FnMut()> = Closure::new(on_resize.clone());
                if let Ok(ro) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
                    ro.observe(&element);
                    observer = Some((ro, callback));
                }
                if let Some(window) = web_sys::window() {
                    window_listener = Some(gloo::events::EventListener::new(
                        &window,
                        "resize",
                        move |_| on_resize(),
                    ));
                }
            }
            move || {
                if let Some((ro, _callback)) = observer {
                    ro.disconnect();
                }
                drop(window_listener);
            }
        });
    }
    *size
}
