//! Gigawatt's charts (MODEL-SPEC §6 items 1–10).
//!
//! Three layers, kept apart so each can be tested natively:
//! 1. [`chart_data`]: pure chart data derived from a model [`Run`](gigawatt_model::Run) — what is drawn, what the
//!    table view and CSV show. It never runs the model.
//! 2. [`draw`]: draws a [`ChartData`] into any plotters backend (canvas in the app, SVG for export and tests) and
//!    returns a [`ChartMapping`] for hover read-outs.
//! 3. [`legend`], [`table`], [`ChartMapping::readout`]: the accessible companions of the canvas.
//!
//! No web crate is used here; the app owns the canvas and the DOM. (On wasm32, plotters itself links
//! wasm-bindgen and web-sys for the browser's text metrics; that is plotters' own target dependency.)
//!
//! # Text and fonts
//! plotters is built with `default-features = false` and only `svg_backend`: no `ttf`/`ab_glyph`, so no
//! font crate, no fontconfig and no font files. Text goes through the backend's `draw_text`: the browser
//! canvas (plotters-canvas, added by the app) and SVG (`<text>` elements) render it with the platform's
//! fonts. Layout uses a width estimate, not font metrics. The one consequence: a native *bitmap* backend
//! cannot rasterise text without a font feature (plotters panics), so native pixel tests wrap the bitmap
//! backend and record text instead (tests/common/bitmap.rs).
//!
//! # HiDPI
//! Draw into a canvas sized `devicePixelRatio` × its CSS size with [`draw_scaled`]; fonts, strokes and
//! margins scale, and [`ChartMapping`] works in backend (device) pixels.

mod build;
mod compare;
mod data;
mod distress;
mod draw;
mod format;
mod mapping;
pub mod risk;
mod table;
mod theme;

pub use build::{chart_data, reported_metrics, NOTHING_EXPOSED};
pub use compare::{with_comparison, PINNED_SUFFIX, PINNED_TOTAL_COLOR};
pub use data::{
    Axis, Categories, ChartBody, ChartData, DataSeries, EventMark, PointMarker, SankeyData,
    SankeyLink, SankeyNode, SeriesStyle, Shading, TimeAxis, TrancheMark, Unit, EVENTS,
    MODEL_DECISION, REPORTED,
};
pub use distress::{distress, stage_label, Distress, NO_DISTRESS};
pub use draw::{
    draw, draw_scaled, footer_lines, to_svg, to_svg_with_footer, wrap_text, FOOTER_LINE_PX,
};
pub use format::{format_tick, format_value};
pub use mapping::{ChartMapping, Readout};
pub use table::{legend, table, tranche_table, LegendEntry, Swatch, Table};
pub use theme::{css_color, Theme, REPORTED_COLOR};

/// The charts of MODEL-SPEC §6 items 1–10 and MODEL-SPEC-V2 §9 (the KPI strip, item 11, is HTML in the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChartId {
    Capacity,
    /// Monthly revenue with weekly users and paying subscribers: the chart of the reported revenue and users.
    Revenue,
    Obligations,
    Cash,
    /// Who is exposed: unpaid obligations and announced capacity never taken up, by counterparty (V2 §5).
    Exposure,
    UnitCost,
    Margin,
    Waterfall,
    Circularity,
    Sankey,
    Ownership,
    Valuation,
    Power,
}

impl ChartId {
    /// Every chart, in the order the app shows them.
    pub const ALL: [ChartId; 13] = [
        ChartId::Capacity,
        ChartId::Revenue,
        ChartId::Obligations,
        ChartId::Cash,
        ChartId::Exposure,
        ChartId::UnitCost,
        ChartId::Margin,
        ChartId::Waterfall,
        ChartId::Circularity,
        ChartId::Sankey,
        ChartId::Ownership,
        ChartId::Valuation,
        ChartId::Power,
    ];

    /// Stable identifier for URLs, file names and element ids ("capacity", "unit-cost").
    pub fn slug(self) -> &'static str {
        match self {
            ChartId::Capacity => "capacity",
            ChartId::Revenue => "revenue",
            ChartId::Obligations => "obligations",
            ChartId::Cash => "cash",
            ChartId::Exposure => "exposure",
            ChartId::UnitCost => "unit-cost",
            ChartId::Margin => "margin",
            ChartId::Waterfall => "waterfall",
            ChartId::Circularity => "circularity",
            ChartId::Sankey => "sankey",
            ChartId::Ownership => "ownership",
            ChartId::Valuation => "valuation",
            ChartId::Power => "power",
        }
    }

    /// Human title shown by the app above the canvas (never drawn inside it).
    pub fn title(self) -> &'static str {
        match self {
            ChartId::Capacity => "Capacity vs demand",
            ChartId::Revenue => "Revenue and users",
            ChartId::Obligations => "Obligations vs revenue",
            ChartId::Cash => "Cash runway and funding gap",
            ChartId::Exposure => "Who is exposed",
            ChartId::UnitCost => "Unit cost per million tokens",
            ChartId::Margin => "Gross and compute margin",
            ChartId::Waterfall => "P&L waterfall",
            ChartId::Circularity => "Circular financing by vendor",
            ChartId::Sankey => "Capital flows",
            ChartId::Ownership => "Ownership dilution",
            ChartId::Valuation => "Valuation path",
            ChartId::Power => "Power and energy",
        }
    }

    /// Inverse of [`ChartId::slug`]; `None` for an unknown slug.
    pub fn from_slug(slug: &str) -> Option<ChartId> {
        ChartId::ALL.into_iter().find(|id| id.slug() == slug)
    }
}

impl std::fmt::Display for ChartId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// What data a chart shows: the viewer's choices that change the numbers, not the picture. [`chart_data`]
/// reads only these, so the app memoises a chart's data on the run and these, and a change of
/// [`DrawOptions`] redraws without rebuilding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DataOptions {
    /// The year of the P&L waterfall.
    pub year: i32,
    /// Years (inclusive) summed by the Sankey and circularity charts.
    pub window: (i32, i32),
    /// Capacity chart stacked by chip vendor instead of counterparty.
    pub by_vendor: bool,
}

impl Default for DataOptions {
    fn default() -> Self {
        DataOptions {
            year: 2030,
            window: (2025, 2030),
            by_vendor: false,
        }
    }
}

impl DataOptions {
    /// The same choices kept inside `years` (a shorter horizon can remove the year that was picked), with the
    /// window in order.
    pub fn within(self, years: &[i32]) -> DataOptions {
        let (first, last) = match (years.first(), years.last()) {
            (Some(first), Some(last)) => (*first, (*last).max(*first)),
            _ => return self,
        };
        let clamp = |y: i32| y.clamp(first, last);
        let from = clamp(self.window.0);
        DataOptions {
            year: clamp(self.year),
            window: (from, clamp(self.window.1).max(from)),
            by_vendor: self.by_vendor,
        }
    }
}

/// How a chart is drawn: the viewer's choices that change only the picture of the same data. [`draw`],
/// [`to_svg`] and the hover read-out ([`ChartMapping`]) read these; [`chart_data`] never does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawOptions {
    /// Light or dark page; series colours stay the same, background, grid and text follow the theme.
    pub theme: Theme,
    /// Series names the viewer switched off in the legend; they are not drawn and not read out.
    pub hidden: Vec<String>,
}

impl DrawOptions {
    /// Whether the viewer hid the series called `name`.
    pub fn is_hidden(&self, name: &str) -> bool {
        self.hidden.iter().any(|h| h == name)
    }

    /// The same options with `name` shown if it was hidden, hidden if it was shown.
    pub fn toggled(&self, name: &str) -> DrawOptions {
        let mut hidden = self.hidden.clone();
        match hidden.iter().position(|h| h == name) {
            Some(pos) => {
                hidden.remove(pos);
            }
            None => hidden.push(name.to_string()),
        }
        DrawOptions {
            theme: self.theme,
            hidden,
        }
    }
}

/// Why a chart could not be drawn. Drawing never panics; problems surface here.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartError {
    /// The drawing area is too small to hold a plot (width, height in pixels).
    AreaTooSmall { width: u32, height: u32 },
    /// The backend reported an error (message from plotters).
    Backend(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::AreaTooSmall { width, height } => {
                write!(
                    f,
                    "the chart area {width}×{height} px is too small to draw in"
                )
            }
            ChartError::Backend(msg) => write!(f, "drawing failed: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_options_stay_inside_the_run_and_the_window_in_order() {
        let years: Vec<i32> = (2025..=2032).collect();
        let o = DataOptions {
            year: 2040,
            window: (2031, 2020),
            by_vendor: true,
        }
        .within(&years);
        assert_eq!(o.year, 2032);
        assert_eq!(o.window, (2031, 2031));
        assert!(o.by_vendor);
        assert_eq!(DataOptions::default().within(&[]), DataOptions::default());
    }

    #[test]
    fn toggling_a_series_hides_then_shows_it() {
        let opts = DrawOptions {
            theme: Theme::Dark,
            hidden: Vec::new(),
        }
        .toggled("Cash");
        assert_eq!(opts.hidden, ["Cash"]);
        assert!(opts.is_hidden("Cash"));
        let shown = opts.toggled("Cash");
        assert!(shown.hidden.is_empty());
        assert_eq!(shown.theme, Theme::Dark);
    }
}
