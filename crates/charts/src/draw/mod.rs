//! Drawing a [`ChartData`] into any plotters backend.
//!
//! Everything is drawn in backend pixels from one [`ChartMapping`], so the drawing and the hover read-out
//! can never disagree. Text goes through the backend's own `draw_text` (SVG `<text>`, canvas `fillText`),
//! so no font crate is needed.

mod bars;
mod empty;
mod paint;
mod sankey;
mod series;
mod ticks;
mod time;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::data::{ChartBody, ChartData};
use crate::mapping::ChartMapping;
use crate::{ChartError, DrawOptions};

pub(crate) use paint::{Align, Painter};
pub(crate) use ticks::{value_ticks, year_ticks};

/// Smallest plot (width, height in pixels at pixel ratio 1) worth drawing.
const MIN_PLOT_PX: (i32, i32) = (40, 30);

/// Draws `data` into `area` (any plotters backend) and returns the pixel↔data mapping for hover read-outs.
/// The title is not drawn: the app shows it in HTML. Same as [`draw_scaled`] with pixel ratio 1.
///
/// Text is handed to the backend's `draw_text`: the browser canvas and SVG render it themselves. plotters
/// built without a font feature cannot rasterise text on a native bitmap backend (it panics there), so
/// native pixel output should wrap the bitmap backend and handle `draw_text` (see the crate's tests).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &DrawOptions,
) -> Result<ChartMapping, ChartError> {
    draw_scaled(area, data, opts, 1.0)
}

/// Like [`draw`], for a backend `pixel_ratio` device pixels per CSS pixel (a HiDPI canvas sized at
/// `devicePixelRatio` × its CSS size): fonts, line widths and margins scale so the chart looks the same.
pub fn draw_scaled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &DrawOptions,
    pixel_ratio: f64,
) -> Result<ChartMapping, ChartError> {
    draw_with_font_factor(area, data, opts, pixel_ratio, 1.0)
}

/// [`draw_scaled`] with font sizes multiplied by `font_factor` (see [`to_svg`]).
fn draw_with_font_factor<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &DrawOptions,
    pixel_ratio: f64,
    font_factor: f64,
) -> Result<ChartMapping, ChartError> {
    let scale = if pixel_ratio.is_finite() {
        pixel_ratio.clamp(0.5, 4.0)
    } else {
        1.0
    };
    let painter = Painter::new(area, opts.theme.chrome(), scale, font_factor);
    painter.fill_background()?;
    let (w, h) = area.dim_in_pixel();
    let too_small = || ChartError::AreaTooSmall {
        width: w,
        height: h,
    };
    if (w as f64) < 80.0 * scale || (h as f64) < 60.0 * scale {
        return Err(too_small());
    }
    let mapping = match (&data.empty_message, &data.body) {
        (Some(message), _) => empty::draw(&painter, message)?,
        (None, ChartBody::Time(axis)) => time::draw(&painter, data, axis, opts)?,
        (None, ChartBody::Categories(categories)) => bars::draw(&painter, data, categories, opts)?,
        (None, ChartBody::Flows(flows)) => sankey::draw(&painter, flows, opts)?,
    };
    area.present()
        .map_err(|e| ChartError::Backend(e.to_string()))?;
    Ok(mapping)
}

/// Fails with [`ChartError::AreaTooSmall`] when the plot rectangle left after margins is too small.
pub(crate) fn check_plot<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: (i32, i32, i32, i32),
) -> Result<(), ChartError> {
    let (l, t, r, b) = plot;
    if f64::from(r - l) < f64::from(MIN_PLOT_PX.0) * p.scale
        || f64::from(b - t) < f64::from(MIN_PLOT_PX.1) * p.scale
    {
        let (l0, t0, r0, b0) = p.bounds();
        return Err(ChartError::AreaTooSmall {
            width: (r0 - l0) as u32,
            height: (b0 - t0) as u32,
        });
    }
    Ok(())
}

/// plotters' SVG backend writes a font of size `s` as CSS `font-size: s / 1.24`; the canvas backend uses `s`.
const SVG_FONT_FACTOR: f64 = 1.24;

/// Renders `data` as a standalone SVG document of `width`×`height` pixels (export and native tests), with
/// the same text sizes as the canvas. (Calling [`draw`] on an `SVGBackend` directly gives text 1.24× smaller.)
pub fn to_svg(
    data: &ChartData,
    opts: &DrawOptions,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw_with_font_factor(&root, data, opts, 1.0, SVG_FONT_FACTOR)?;
        root.present()
            .map_err(|e| ChartError::Backend(e.to_string()))?;
    }
    Ok(out)
}
