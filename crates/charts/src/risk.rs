//! Risk charts (MODEL-SPEC §2 K, issue 5): what the Monte Carlo summary and the tornado look like.
//!
//! The same three layers as the other charts, kept small because these charts have fixed shapes:
//! 1. chart data ([`fan`], [`cash_out_probability`], [`first_negative_histogram`], [`tornado_chart`]) — pure
//!    functions of a [`Summary`] or [`Tornado`] from the model (never run the model here);
//! 2. [`draw_risk`] into any plotters backend (canvas in the app, SVG through [`risk_to_svg`] in tests);
//! 3. [`risk_table`]: the same numbers as a table for screen readers and copying.

mod draw;

use gigawatt_model::montecarlo::{Summary, Tornado, TornadoBar};
use gigawatt_model::OBSERVED_END;
use plotters::prelude::*;
use plotters::style::RGBColor;

use crate::format::{format_cell, format_value};
use crate::theme::{css_color, BLUE, GREEN, ORANGE, PURPLE, RED, TEAL};
use crate::{ChartError, Readout, Table, Theme, Unit};

pub use draw::draw_risk;

/// A Monte Carlo fan: the P10–P90 band, the median and the mean of one series, month by month.
#[derive(Clone, Debug, PartialEq)]
pub struct FanData {
    /// The model series summarised ("revenue_usd_b").
    pub series: String,
    /// Stable identifier for element ids ("cash", "revenue").
    pub slug: &'static str,
    /// Heading for the app ("Cash with committed funding only").
    pub title: String,
    /// Unit of every value below (percentages as 0–100).
    pub unit: Unit,
    /// "2027-06" per month.
    pub labels: Vec<String>,
    /// Decimal year at the start of each month (the drawing coordinate).
    pub years: Vec<f64>,
    /// Leading months that are observed history (shaded).
    pub history_len: usize,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
    pub mean: Vec<f64>,
    pub color: RGBColor,
}

/// One value per calendar year, drawn as bars.
#[derive(Clone, Debug, PartialEq)]
pub struct YearBars {
    pub slug: &'static str,
    pub title: String,
    /// Axis title with its unit.
    pub y_label: String,
    pub years: Vec<i32>,
    pub values: Vec<f64>,
    /// Percent (0–100) when `true`; a count of runs otherwise.
    pub percent: bool,
    pub color: RGBColor,
    /// One-line facts under the chart ("312 of 1,000 runs never run out of cash").
    pub notes: Vec<String>,
}

/// Which output of the tornado is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TornadoMetric {
    /// The 2030 funding gap.
    FundingGap,
    /// 2030 revenue.
    Revenue,
}

/// One horizontal bar of a tornado: the output with the parameter at its low and at its high end.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoRow {
    pub label: String,
    /// The parameter's low and high ends as "low → high" text for the table.
    pub range: String,
    pub at_low: f64,
    pub at_high: f64,
}

/// A tornado chart: rows ranked by swing, largest first, around the base value.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoChart {
    pub slug: &'static str,
    pub title: String,
    pub metric: TornadoMetric,
    pub base: f64,
    pub rows: Vec<TornadoRow>,
}

/// Any risk chart.
#[derive(Clone, Debug, PartialEq)]
pub enum RiskChart {
    Fan(FanData),
    Bars(YearBars),
    Tornado(TornadoChart),
}

impl RiskChart {
    /// Stable identifier for element ids (`chart-risk-<slug>`).
    pub fn slug(&self) -> &'static str {
        match self {
            RiskChart::Fan(f) => f.slug,
            RiskChart::Bars(b) => b.slug,
            RiskChart::Tornado(t) => t.slug,
        }
    }

    /// Heading shown by the app above the canvas.
    pub fn title(&self) -> &str {
        match self {
            RiskChart::Fan(f) => &f.title,
            RiskChart::Bars(b) => &b.title,
            RiskChart::Tornado(t) => &t.title,
        }
    }
}

/// The fans the Risk view shows, in order: (model series, slug, title, unit, colour, scale to the unit).
pub const FANS: [(&str, &str, &str, Unit, RGBColor, f64); 5] = [
    (
        "cash_committed_only_usd_b",
        "cash",
        "Cash with committed funding only",
        Unit::UsdB,
        BLUE,
        1.0,
    ),
    (
        "funding_gap_usd_b",
        "funding-gap",
        "Funding gap",
        Unit::UsdB,
        RED,
        1.0,
    ),
    (
        "revenue_usd_b",
        "revenue",
        "Revenue (monthly, annualised)",
        Unit::UsdBPerYear,
        GREEN,
        12.0,
    ),
    (
        "gross_margin",
        "gross-margin",
        "Gross margin",
        Unit::Percent,
        PURPLE,
        100.0,
    ),
    ("it_gw", "it-gw", "Delivered IT power", Unit::Gw, TEAL, 1.0),
];

/// The fan of `series` (a name in [`FANS`]), in display units; `None` when the summary lacks it.
pub fn fan(summary: &Summary, series: &str) -> Option<FanData> {
    let (name, slug, title, unit, color, scale) = FANS.iter().find(|f| f.0 == series)?;
    let fan = summary.fan(name)?;
    let scaled = |v: &Vec<f64>| v.iter().map(|x| x * scale).collect::<Vec<f64>>();
    Some(FanData {
        series: name.to_string(),
        slug,
        title: title.to_string(),
        unit: *unit,
        labels: summary.months.iter().map(|m| m.to_string()).collect(),
        years: summary.months.iter().map(|m| m.decimal_start()).collect(),
        history_len: summary
            .months
            .iter()
            .filter(|m| **m <= OBSERVED_END)
            .count(),
        p10: scaled(&fan.p10),
        p50: scaled(&fan.p50),
        p90: scaled(&fan.p90),
        mean: scaled(&fan.mean),
        color: *color,
    })
}

/// Every fan of [`FANS`] the summary holds.
pub fn fans(summary: &Summary) -> Vec<FanData> {
    FANS.iter().filter_map(|f| fan(summary, f.0)).collect()
}

/// Share of runs (percent) whose committed-only cash has gone negative by the end of each year.
pub fn cash_out_probability(summary: &Summary) -> YearBars {
    YearBars {
        slug: "cash-out-probability",
        title: "Chance the cash has run out (committed funding only)".into(),
        y_label: "Runs out of cash by year end (%)".into(),
        years: summary.p_negative_by_year.iter().map(|(y, _)| *y).collect(),
        values: summary
            .p_negative_by_year
            .iter()
            .map(|(_, p)| p * 100.0)
            .collect(),
        percent: true,
        color: RED,
        notes: Vec::new(),
    }
}

/// How many runs first run out of cash in each year, with the runs that never do as a note.
pub fn first_negative_histogram(summary: &Summary) -> YearBars {
    YearBars {
        slug: "first-negative-year",
        title: "Year the cash first runs out".into(),
        y_label: "Runs".into(),
        years: summary
            .first_negative_year
            .iter()
            .map(|(y, _)| *y)
            .collect(),
        values: summary
            .first_negative_year
            .iter()
            .map(|(_, n)| f64::from(*n))
            .collect(),
        percent: false,
        color: ORANGE,
        notes: vec![format!(
            "{} of {} runs never run out of cash within the horizon.",
            summary.never_negative, summary.runs
        )],
    }
}

/// Rows shown in a tornado (the ranking holds every uncertain parameter; the tail moves little).
pub const TORNADO_ROWS: usize = 12;

/// The tornado of `metric`, ranked by its swing, at most [`TORNADO_ROWS`] rows.
pub fn tornado_chart(t: &Tornado, metric: TornadoMetric) -> TornadoChart {
    let (bars, base, slug, what) = match metric {
        TornadoMetric::FundingGap => (&t.by_gap, t.base_gap, "tornado-gap", "funding gap"),
        TornadoMetric::Revenue => (&t.by_revenue, t.base_revenue, "tornado-revenue", "revenue"),
    };
    let value = |b: &TornadoBar, high: bool| match (metric, high) {
        (TornadoMetric::FundingGap, false) => b.gap_at_low,
        (TornadoMetric::FundingGap, true) => b.gap_at_high,
        (TornadoMetric::Revenue, false) => b.revenue_at_low,
        (TornadoMetric::Revenue, true) => b.revenue_at_high,
    };
    TornadoChart {
        slug,
        title: format!("What moves the {} {what} most", t.year),
        metric,
        base,
        rows: bars
            .iter()
            .take(TORNADO_ROWS)
            .map(|b| TornadoRow {
                label: b.label.clone(),
                range: format!("{} → {}", format_cell(b.low), format_cell(b.high)),
                at_low: value(b, false),
                at_high: value(b, true),
            })
            .collect(),
    }
}

/// The same numbers as a table (screen readers, copying).
pub fn risk_table(chart: &RiskChart) -> Table {
    match chart {
        RiskChart::Fan(f) => {
            let unit = f.unit.label();
            Table {
                headers: vec![
                    "Month".into(),
                    format!("P10 ({unit})"),
                    format!("P50 ({unit})"),
                    format!("P90 ({unit})"),
                    format!("Mean ({unit})"),
                ],
                rows: (0..f.labels.len())
                    .map(|i| {
                        let cell = |v: &[f64]| v.get(i).copied().map_or(String::new(), format_cell);
                        vec![
                            f.labels[i].clone(),
                            cell(&f.p10),
                            cell(&f.p50),
                            cell(&f.p90),
                            cell(&f.mean),
                        ]
                    })
                    .collect(),
            }
        }
        RiskChart::Bars(b) => Table {
            headers: vec!["Year".into(), b.y_label.clone()],
            rows: b
                .years
                .iter()
                .zip(&b.values)
                .map(|(y, v)| vec![y.to_string(), format_cell(*v)])
                .collect(),
        },
        RiskChart::Tornado(t) => Table {
            headers: vec![
                "Parameter".into(),
                "Low → high".into(),
                "At low ($B)".into(),
                "At high ($B)".into(),
                "Swing ($B)".into(),
            ],
            rows: t
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        r.range.clone(),
                        format_cell(r.at_low),
                        format_cell(r.at_high),
                        format_cell((r.at_high - r.at_low).abs()),
                    ]
                })
                .collect(),
        },
    }
}

/// A one-line description of a value for captions ("$12.3B").
pub fn format_risk_value(value: f64, unit: Unit) -> String {
    format_value(value, unit)
}

/// plotters' SVG backend writes font size `s` as CSS `s / 1.24` (see [`crate::to_svg`]).
const SVG_FONT_FACTOR: f64 = 1.24;

/// Renders a risk chart as a standalone SVG document (export and native tests).
pub fn risk_to_svg(
    chart: &RiskChart,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw::draw_with_font_factor(&root, chart, theme, 1.0, SVG_FONT_FACTOR)?;
        root.present()
            .map_err(|e| ChartError::Backend(e.to_string()))?;
    }
    Ok(out)
}

/// How x (or, for the tornado, y) pixels map to what a risk chart shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RiskAxis {
    /// Decimal years `from..to` across the plot width.
    Months { from: f64, to: f64 },
    /// `n` equal slots across the plot width (years of a bar chart).
    Slots { n: usize },
    /// `n` equal rows down the plot height (tornado parameters).
    Rows { n: usize },
}

/// Where a risk chart was drawn, in backend pixels: what the hover read-out needs.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskMapping {
    pub(crate) plot: (f64, f64, f64, f64),
    pub(crate) axis: RiskAxis,
}

impl RiskMapping {
    /// The plot rectangle (left, top, right, bottom) in backend pixels.
    pub fn plot_rect(&self) -> (i32, i32, i32, i32) {
        let (l, t, r, b) = self.plot;
        (l as i32, t as i32, r as i32, b as i32)
    }

    /// The position (month, year slot or tornado row) under backend pixel (x, y), if inside the plot.
    fn index_at(&self, x_px: i32, y_px: i32, count: usize) -> Option<usize> {
        let (l, t, r, b) = self.plot;
        let (x, y) = (f64::from(x_px), f64::from(y_px));
        if count == 0 || x < l || x > r || y < t || y > b || r <= l || b <= t {
            return None;
        }
        let share = match self.axis {
            RiskAxis::Months { from, to } => {
                let year = from + (x - l) / (r - l) * (to - from);
                return Some((((year - from) * 12.0).floor().max(0.0) as usize).min(count - 1));
            }
            RiskAxis::Slots { .. } => (x - l) / (r - l),
            RiskAxis::Rows { .. } => (y - t) / (b - t),
        };
        Some(((share * count as f64).floor().max(0.0) as usize).min(count - 1))
    }

    /// The x pixel at the middle of position `index` (where the app draws the crosshair); `None` for rows.
    pub fn crosshair_x(&self, index: usize) -> Option<i32> {
        let (l, _, r, _) = self.plot;
        match self.axis {
            RiskAxis::Months { from, to } if to > from => {
                let year = from + (index as f64 + 0.5) / 12.0;
                Some((l + (year - from) / (to - from) * (r - l)).round() as i32)
            }
            RiskAxis::Slots { n } if n > 0 => {
                Some((l + (index as f64 + 0.5) * (r - l) / n as f64).round() as i32)
            }
            _ => None,
        }
    }

    /// What lies under backend pixel (x, y): the percentiles of that month, the bar of that year or the
    /// tornado row. `None` outside the plot.
    pub fn readout(&self, x_px: i32, y_px: i32, chart: &RiskChart) -> Option<Readout> {
        match chart {
            RiskChart::Fan(f) => {
                let i = self.index_at(x_px, y_px, f.labels.len())?;
                let color = css_color(f.color);
                let row = |name: &str, v: &[f64]| {
                    let value = v.get(i).copied().unwrap_or(f64::NAN);
                    (name.to_string(), format_value(value, f.unit), color.clone())
                };
                Some(Readout {
                    label: f.labels[i].clone(),
                    rows: vec![
                        row("P90", &f.p90),
                        row("Median (P50)", &f.p50),
                        row("P10", &f.p10),
                        row("Mean", &f.mean),
                    ],
                    index: i,
                })
            }
            RiskChart::Bars(b) => {
                let i = self.index_at(x_px, y_px, b.years.len().min(b.values.len()))?;
                let value = if b.percent {
                    format_value(b.values[i], Unit::Percent)
                } else {
                    format!("{} runs", b.values[i])
                };
                Some(Readout {
                    label: b.years[i].to_string(),
                    rows: vec![(b.y_label.clone(), value, css_color(b.color))],
                    index: i,
                })
            }
            RiskChart::Tornado(t) => {
                let i = self.index_at(x_px, y_px, t.rows.len())?;
                let row = &t.rows[i];
                Some(Readout {
                    label: format!("{} ({})", row.label, row.range),
                    rows: vec![
                        (
                            "At its low end".into(),
                            format_value(row.at_low, Unit::UsdB),
                            css_color(BLUE),
                        ),
                        (
                            "At its high end".into(),
                            format_value(row.at_high, Unit::UsdB),
                            css_color(ORANGE),
                        ),
                        (
                            "Base".into(),
                            format_value(t.base, Unit::UsdB),
                            String::new(),
                        ),
                    ],
                    index: i,
                })
            }
        }
    }
}
