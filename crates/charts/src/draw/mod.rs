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
    // What was drawn before a failure stays drawn (the background of an area too small), as it did when the
    // painter drew directly.
    let drawn = paint_chart(&painter, data, opts, scale);
    painter.replay(area)?;
    let mapping = drawn?;
    area.present()
        .map_err(|e| ChartError::Backend(e.to_string()))?;
    Ok(mapping)
}

/// The drawing of [`draw_with_font_factor`], into the painter (not generic over the backend).
fn paint_chart(
    painter: &Painter,
    data: &ChartData,
    opts: &DrawOptions,
    scale: f64,
) -> Result<ChartMapping, ChartError> {
    painter.begin(80.0 * scale, 60.0 * scale)?;
    match (&data.empty_message, &data.body) {
        (Some(message), _) => empty::draw(painter, message),
        (None, ChartBody::Time(axis)) => time::draw(painter, data, axis, opts),
        (None, ChartBody::Categories(categories)) => bars::draw(painter, data, categories, opts),
        (None, ChartBody::Flows(flows)) => sankey::draw(painter, flows, opts),
    }
}

/// Fails with [`ChartError::AreaTooSmall`] when the plot rectangle left after margins is too small.
pub(crate) fn check_plot(p: &Painter, plot: (i32, i32, i32, i32)) -> Result<(), ChartError> {
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

/// Height of one footer line of an exported image, CSS px.
pub const FOOTER_LINE_PX: u32 = 16;

/// `text` cut into lines of at most `max_chars` characters at spaces (a word longer than that stands alone).
pub fn wrap_text(text: &str, max_chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max_chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The footer lines of an exported image `width` px wide: each paragraph wrapped to the width (at about 6.5 px
/// a character of 11 px text).
pub fn footer_lines(paragraphs: &[String], width: u32) -> Vec<String> {
    let max_chars = ((f64::from(width) - 16.0) / 6.5).max(20.0) as usize;
    paragraphs
        .iter()
        .flat_map(|p| wrap_text(p, max_chars))
        .collect()
}

/// [`to_svg`] with a footer band under the chart (the caption, the source line and the date of an export):
/// the chart keeps `width`×`height`; the band adds [`FOOTER_LINE_PX`] a line plus padding.
pub fn to_svg_with_footer(
    data: &ChartData,
    opts: &DrawOptions,
    width: u32,
    height: u32,
    footer: &[String],
) -> Result<String, ChartError> {
    let lines = footer_lines(footer, width);
    let band = if lines.is_empty() {
        0
    } else {
        FOOTER_LINE_PX * lines.len() as u32 + 12
    };
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height + band)).into_drawing_area();
        let (chart, foot) = root.split_vertically(height);
        draw_with_font_factor(&chart, data, opts, 1.0, SVG_FONT_FACTOR)?;
        if band > 0 {
            let painter = Painter::new(&foot, opts.theme.chrome(), 1.0, SVG_FONT_FACTOR);
            painter.fill_background()?;
            let color = opts.theme.chrome().muted_text;
            // The painter works in the root's pixels: the band starts at its top edge.
            let (left, top, _, _) = painter.bounds();
            for (i, line) in lines.iter().enumerate() {
                let y = f64::from(top) + 6.0 + f64::from(FOOTER_LINE_PX) * (i as f64 + 0.5);
                painter.text(line, (f64::from(left) + 8.0, y), 11.0, color, Align::Left)?;
            }
            painter.replay(&foot)?;
        }
        root.present()
            .map_err(|e| ChartError::Backend(e.to_string()))?;
    }
    Ok(out)
}
