//! A thin painter over a plotters drawing area: backend-pixel coordinates, theme chrome and scale.
//!
//! The painter records what it is asked to draw and [`Painter::replay`] hands it to the drawing area
//! afterwards. So the chart drawing code (every file of `draw/` and `risk/draw.rs`) is not generic over the
//! backend: the web build holds one copy of it, not one per backend (canvas on screen, SVG for exports), which
//! was about 8 KB brotli; only the replay is compiled per backend. The backend sees the same calls, in the
//! same order, as when the painter drew directly.

use std::cell::RefCell;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::theme::Chrome;
use crate::ChartError;

/// Horizontal text alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// One recorded drawing call, in the area's own pixels (relative to its top-left corner).
enum Op {
    Fill(RGBColor),
    Rect([(i32, i32); 2], ShapeStyle),
    Path(Vec<(i32, i32)>, ShapeStyle),
    Dashed(Vec<(i32, i32)>, i32, i32, ShapeStyle),
    Polygon(Vec<(i32, i32)>, ShapeStyle),
    Circle((i32, i32), u32, ShapeStyle),
    Text(String, (i32, i32), TextStyle<'static>),
}

/// Draws primitives at absolute backend pixels (fractional inputs are rounded), whatever the area's offset.
/// Records them; [`Painter::replay`] draws them into the area the painter was made for.
pub(crate) struct Painter {
    ops: RefCell<Vec<Op>>,
    base: (i32, i32),
    /// The area's size in backend pixels.
    size: (u32, u32),
    /// Device pixels per CSS pixel.
    pub scale: f64,
    pub chrome: Chrome,
    /// Multiplier on font sizes handed to the backend: plotters' SVG backend writes `size / 1.24` as the
    /// CSS font size while the canvas backend uses `size` as is, so SVG output passes 1.24.
    font_factor: f64,
}

fn backend_error<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Backend(e.to_string())
}

/// Font family for all chart text; the browser and SVG viewers resolve it to the platform UI font.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

impl Painter {
    /// A painter for `area` (replay into the same area).
    pub fn new<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        chrome: Chrome,
        scale: f64,
        font_factor: f64,
    ) -> Self {
        Painter {
            ops: RefCell::new(Vec::new()),
            base: area.get_base_pixel(),
            size: area.dim_in_pixel(),
            scale,
            chrome,
            font_factor,
        }
    }

    /// Draws what was recorded into `area` (the area the painter was made for), in order; stops at the first
    /// call the backend refuses.
    pub fn replay<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        for op in self.ops.into_inner() {
            match op {
                Op::Fill(color) => area.fill(&color),
                Op::Rect(corners, style) => area.draw(&Rectangle::new(corners, style)),
                Op::Path(points, style) => area.draw(&PathElement::new(points, style)),
                Op::Dashed(points, dash, gap, style) => {
                    area.draw(&DashedPathElement::new(points, dash, gap, style))
                }
                Op::Polygon(points, style) => area.draw(&Polygon::new(points, style)),
                Op::Circle(center, radius, style) => area.draw(&Circle::new(center, radius, style)),
                Op::Text(text, at, style) => area.draw(&Text::new(text, at, style)),
            }
            .map_err(backend_error)?;
        }
        Ok(())
    }

    fn record(&self, op: Op) -> Result<(), ChartError> {
        self.ops.borrow_mut().push(op);
        Ok(())
    }

    /// The area's rectangle (left, top, right, bottom) in backend pixels.
    pub fn bounds(&self) -> (i32, i32, i32, i32) {
        let (w, h) = self.size;
        (
            self.base.0,
            self.base.1,
            self.base.0 + w as i32,
            self.base.1 + h as i32,
        )
    }

    /// `css_px` CSS pixels in backend pixels.
    pub fn px(&self, css_px: f64) -> i32 {
        (css_px * self.scale).round() as i32
    }

    /// A line width of `css_px` CSS pixels, at least one backend pixel.
    pub fn stroke(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }

    fn local(&self, p: (f64, f64)) -> (i32, i32) {
        let clamp = |v: f64| {
            if v.is_finite() {
                v.round().clamp(-1e6, 1e6) as i32
            } else {
                0
            }
        };
        (clamp(p.0) - self.base.0, clamp(p.1) - self.base.1)
    }

    pub fn fill_background(&self) -> Result<(), ChartError> {
        self.record(Op::Fill(self.chrome.background))
    }

    /// Fills the background, then fails with [`ChartError::AreaTooSmall`] when the area is narrower than
    /// `min_width` or lower than `min_height` backend pixels: what every chart does first.
    pub fn begin(&self, min_width: f64, min_height: f64) -> Result<(), ChartError> {
        self.fill_background()?;
        let (width, height) = self.size;
        if f64::from(width) < min_width || f64::from(height) < min_height {
            return Err(ChartError::AreaTooSmall { width, height });
        }
        Ok(())
    }

    pub fn rect(
        &self,
        l: f64,
        t: f64,
        r: f64,
        b: f64,
        style: ShapeStyle,
    ) -> Result<(), ChartError> {
        let (a, c) = (
            self.local((l.min(r), t.min(b))),
            self.local((l.max(r), t.max(b))),
        );
        self.record(Op::Rect([a, c], style))
    }

    pub fn path(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        self.record(Op::Path(pts, style))
    }

    pub fn dashed(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        let (dash, gap) = (self.px(6.0).max(2), self.px(4.0).max(2));
        self.record(Op::Dashed(pts, dash, gap, style))
    }

    pub fn polygon(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        self.record(Op::Polygon(pts, style))
    }

    pub fn circle(
        &self,
        center: (f64, f64),
        radius_css: f64,
        style: ShapeStyle,
    ) -> Result<(), ChartError> {
        let r = self.px(radius_css).max(1) as u32;
        self.record(Op::Circle(self.local(center), r, style))
    }

    /// The chart font at `size_css`. Named directly: plotters' `(&str, size).into_font()` lower-cases the name
    /// to look for a generic family, which brings Unicode's case tables (about 3 KB brotli) into the web build.
    fn font(&self, size_css: f64) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            size_css * self.scale * self.font_factor,
            FontStyle::Normal,
        )
    }

    fn text_style(
        &self,
        size_css: f64,
        color: RGBColor,
        align: Align,
        v: VPos,
    ) -> TextStyle<'static> {
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        TextStyle {
            font: self.font(size_css),
            color: color.to_backend_color(),
            pos: Pos::new(h, v),
        }
    }

    /// Text vertically centred on `at`.
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        size_css: f64,
        color: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        self.text_anchored(text, at, size_css, color, align, VPos::Center)
    }

    /// Text hanging below `at` (its top edge at `at`).
    pub fn text_top(
        &self,
        text: &str,
        at: (f64, f64),
        size_css: f64,
        color: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        self.text_anchored(text, at, size_css, color, align, VPos::Top)
    }

    /// Text with the given vertical anchor at `at`; nothing for empty text.
    fn text_anchored(
        &self,
        text: &str,
        at: (f64, f64),
        size_css: f64,
        color: RGBColor,
        align: Align,
        vertical: VPos,
    ) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        let style = self.text_style(size_css, color, align, vertical);
        self.record(Op::Text(text.to_string(), self.local(at), style))
    }

    /// Text rotated a quarter turn counter-clockwise (reading bottom to top), centred on `at`.
    pub fn text_vertical(
        &self,
        text: &str,
        at: (f64, f64),
        size_css: f64,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        let font = self.font(size_css).transform(FontTransform::Rotate270);
        let style = TextStyle {
            font,
            color: color.to_backend_color(),
            pos: Pos::new(HPos::Center, VPos::Center),
        };
        self.record(Op::Text(text.to_string(), self.local(at), style))
    }

    /// Rough width in backend pixels of `text` at `size_css`, for layout decisions (no font metrics needed).
    pub fn text_width(&self, text: &str, size_css: f64) -> f64 {
        text.chars().count() as f64 * size_css * 0.58 * self.scale
    }
}
