//! A thin painter over a plotters drawing area: backend-pixel coordinates, theme chrome and scale.

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

/// Draws primitives at absolute backend pixels (fractional inputs are rounded), whatever the area's offset.
pub(crate) struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    base: (i32, i32),
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

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    pub fn new(
        area: &'a DrawingArea<DB, Shift>,
        chrome: Chrome,
        scale: f64,
        font_factor: f64,
    ) -> Self {
        Painter {
            area,
            base: area.get_base_pixel(),
            scale,
            chrome,
            font_factor,
        }
    }

    /// The area's rectangle (left, top, right, bottom) in backend pixels.
    pub fn bounds(&self) -> (i32, i32, i32, i32) {
        let (w, h) = self.area.dim_in_pixel();
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
        self.area
            .fill(&self.chrome.background)
            .map_err(backend_error)
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
        self.area
            .draw(&Rectangle::new([a, c], style))
            .map_err(backend_error)
    }

    pub fn path(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(backend_error)
    }

    pub fn dashed(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        let (dash, gap) = (self.px(6.0).max(2), self.px(4.0).max(2));
        self.area
            .draw(&DashedPathElement::new(pts, dash, gap, style))
            .map_err(backend_error)
    }

    pub fn polygon(&self, points: &[(f64, f64)], style: ShapeStyle) -> Result<(), ChartError> {
        if points.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|p| self.local(*p)).collect();
        self.area
            .draw(&Polygon::new(pts, style))
            .map_err(backend_error)
    }

    pub fn circle(
        &self,
        center: (f64, f64),
        radius_css: f64,
        style: ShapeStyle,
    ) -> Result<(), ChartError> {
        let r = self.px(radius_css).max(1) as u32;
        self.area
            .draw(&Circle::new(self.local(center), r, style))
            .map_err(backend_error)
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
            font: (FONT_FAMILY, size_css * self.scale * self.font_factor).into_font(),
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
        self.area
            .draw(&Text::new(text.to_string(), self.local(at), style))
            .map_err(backend_error)
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
        let font = (FONT_FAMILY, size_css * self.scale * self.font_factor)
            .into_font()
            .transform(FontTransform::Rotate270);
        let style = TextStyle {
            font,
            color: color.to_backend_color(),
            pos: Pos::new(HPos::Center, VPos::Center),
        };
        self.area
            .draw(&Text::new(text.to_string(), self.local(at), style))
            .map_err(backend_error)
    }

    /// Rough width in backend pixels of `text` at `size_css`, for layout decisions (no font metrics needed).
    pub fn text_width(&self, text: &str, size_css: f64) -> f64 {
        text.chars().count() as f64 * size_css * 0.58 * self.scale
    }
}
