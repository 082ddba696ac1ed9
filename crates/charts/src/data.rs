//! Chart data: the plain numbers a chart draws, independent of any backend.

use gigawatt_model::TrancheStatus;
use plotters::style::RGBColor;

use crate::theme::{GREEN, ORANGE, RED, SLATE};
use crate::ChartId;

/// Display unit of a series. Values in a [`DataSeries`] are stored in this unit (percentages as 0–100),
/// so the drawing, the read-out and the table all show the same numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// US$ billions.
    UsdB,
    /// US$ billions per year (annualised monthly flows).
    UsdBPerYear,
    /// Gigawatts (IT or facility, as the series name says).
    Gw,
    /// Terawatt-hours per year.
    TwhPerYear,
    /// Percent, stored as 0–100.
    Percent,
    /// US$ per million tokens.
    UsdPerMtok,
    /// US$ per H100-equivalent hour.
    UsdPerHour,
    /// Months.
    Months,
    /// A plain ratio such as a valuation multiple (shown as "12.3×").
    Multiple,
    /// Millions of H100-equivalents.
    MillionH100e,
    /// Millions (of people: users, subscribers).
    Millions,
    /// The lab's distress stage, 0–3 (MODEL-SPEC-V2 §5); read out in words ("renegotiating").
    Stage,
}

impl Unit {
    /// Short unit label for axis titles, table headers and CSV ("$B", "GW", "%").
    pub fn label(self) -> &'static str {
        match self {
            Unit::UsdB => "$B",
            Unit::UsdBPerYear => "$B/yr",
            Unit::Gw => "GW",
            Unit::TwhPerYear => "TWh/yr",
            Unit::Percent => "%",
            Unit::UsdPerMtok => "$/Mtok",
            Unit::UsdPerHour => "$/H100e-hr",
            Unit::Months => "months",
            Unit::Multiple => "×",
            Unit::MillionH100e => "M H100e",
            Unit::Millions => "M",
            Unit::Stage => "stage 0–3",
        }
    }
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeriesStyle {
    /// A solid line.
    Line,
    /// A dashed line (announced, undelayed or otherwise hypothetical paths).
    DashedLine,
    /// A step line (cumulative quantities that change at discrete events).
    Step,
    /// One layer of a stacked area; consecutive `StackedArea` series stack in order.
    StackedArea,
    /// One layer of a second group stacked on top of the `StackedArea` layers, drawn light with a dashed top
    /// edge, so two kinds of quantity (e.g. unpaid obligations, then lapsed announcements) read apart while
    /// the total stays visible.
    StackedLight,
    /// A filled area from zero (a single quantity, e.g. facility GW).
    Area,
    /// Bars, one per category (grouped side by side when several series are bars).
    Bar,
    /// Floating waterfall bars; see [`Categories::waterfall_totals`].
    Waterfall,
    /// Dots at the finite values only (sparse observations such as valuation marks).
    Dots,
    /// Not drawn: shown in the hover read-out and the table only (ratios, runway).
    ReadoutOnly,
}

impl SeriesStyle {
    /// Whether the series is a layer of a stack (either group).
    pub fn is_stacked(self) -> bool {
        matches!(self, SeriesStyle::StackedArea | SeriesStyle::StackedLight)
    }
}

/// Which vertical axis a series uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    Left,
    Right,
}

/// One named series of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSeries {
    /// Unique within the chart; used by the legend and `DrawOptions::hidden`.
    pub name: String,
    /// Unit of `values`.
    pub unit: Unit,
    /// Colour, shared by light and dark themes (the palette is chosen to read on both).
    pub color: RGBColor,
    /// One value per x position (month or category). NaN means "no value here".
    pub values: Vec<f64>,
    pub style: SeriesStyle,
    pub axis: Axis,
}

/// What a chart draws, by kind. Each kind has its own renderer (`draw/time.rs`, `draw/bars.rs`,
/// `draw/sankey.rs`), table layout and read-out, and each matches on this. A kind's x dimension (months,
/// categories with the waterfall's totals, the Sankey's nodes and links) lives in its variant; the series
/// and the time charts' decorations (markers, events, tranches, shading) stay on [`ChartData`], empty where
/// a kind has none.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartBody {
    /// Monthly series on a time axis.
    Time(TimeAxis),
    /// Bars over named categories (P&L lines, vendors).
    Categories(Categories),
    /// Money flowing between parties, summed over a window (the Sankey diagram); no x axis.
    Flows(SankeyData),
}

/// The monthly time axis of a [`ChartBody::Time`] chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    /// "2027-06" per month.
    pub labels: Vec<String>,
    /// Decimal year at the start of each month (2025.0 for Jan 2025); the drawing coordinate.
    pub years: Vec<f64>,
    /// Number of leading months that are observed history (shaded).
    pub history_len: usize,
}

/// The categories of a [`ChartBody::Categories`] chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Categories {
    /// One name per bar position ("Revenue", "NVIDIA").
    pub labels: Vec<String>,
    /// For waterfall charts: `true` where the bar is a total (drawn from zero), `false` where it is a change
    /// from the running total. Empty for plain bars.
    pub waterfall_totals: Vec<bool>,
}

impl ChartBody {
    /// Number of x positions (months or categories; none on the Sankey).
    pub fn len(&self) -> usize {
        match self {
            ChartBody::Time(axis) => axis.labels.len(),
            ChartBody::Categories(c) => c.labels.len(),
            ChartBody::Flows(_) => 0,
        }
    }

    /// Whether there is no x position at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The label of x position `i` ("2027-06" or the category name).
    pub fn label(&self, i: usize) -> Option<&str> {
        match self {
            ChartBody::Time(axis) => axis.labels.get(i),
            ChartBody::Categories(c) => c.labels.get(i),
            ChartBody::Flows(_) => None,
        }
        .map(String::as_str)
    }
}

/// A reported figure (an [`Observation`](gigawatt_model::Observation) of the model's table) drawn as a diamond
/// on the chart of the same metric; the legend entry [`REPORTED`] hides and shows them all.
///
/// A figure over a period (a quarter's revenue) is drawn on the basis of the monthly series: at the period's
/// last month, at the period total ÷ its months for flows (the monthly average), with a thin line back to
/// the period's first month; stocks and ratios as reported.
#[derive(Clone, Debug, PartialEq)]
pub struct PointMarker {
    /// X position: the month index of the period's last month.
    pub index: usize,
    /// Month index of the period's first month (clamped to the run); `index` for a one-month figure.
    pub from: usize,
    /// In the unit and on the basis of `series`.
    pub value: f64,
    /// "Reported revenue, 2026-01..2026-03".
    pub label: String,
    pub axis: Axis,
    /// The chart series the figure compares to ("Revenue").
    pub series: String,
    pub unit: Unit,
    /// A period's total for flows (`value` × months), for the read-out.
    pub total: Option<f64>,
    /// "The Information via Reuters, Jun 15 2026 · grade R (reputable press)".
    pub source: String,
    /// The observation's stable id ("revenue-2026q1").
    pub id: String,
}

/// Legend entry (and `DrawOptions::hidden` name) of the reported figures.
pub const REPORTED: &str = "Reported";

/// Legend entry (and `DrawOptions::hidden` name) of a time chart's event ticks.
pub const EVENTS: &str = "Events";

/// A dated event (deal signed, option decided, funding round, IPO, distress) shown as a tick along the top of
/// a time chart; the hover read-out and the table view name it, its amount and its source.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMark {
    pub index: usize,
    /// What happened ("L1: Oracle Stargate").
    pub label: String,
    /// The amount as read ("4.5 GW, $300B"); empty when none.
    pub amount: String,
    /// Where it comes from ("Oracle 8-K, Sep 2025 [P]", "Model decision").
    pub source: String,
}

impl EventMark {
    /// A model decision of the run (options, distress): its source is the model itself.
    pub fn decided(index: usize, label: String, amount: String) -> EventMark {
        EventMark {
            index,
            label,
            amount,
            source: MODEL_DECISION.to_string(),
        }
    }

    /// Amount and source in one line ("4.5 GW, $300B · Oracle 8-K [P]").
    pub fn detail(&self) -> String {
        match (self.amount.is_empty(), self.source.is_empty()) {
            (false, false) => format!("{} · {}", self.amount, self.source),
            (false, true) => self.amount.clone(),
            (true, false) => self.source.clone(),
            (true, true) => String::new(),
        }
    }
}

/// The source of what the run itself decided.
pub const MODEL_DECISION: &str = "Model decision";

/// One non-binding step (tranche) of a contract, marked on the capacity chart at its planned delivery month
/// (MODEL-SPEC-V2 §4): the announced path shows what was promised, the marker what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct TrancheMark {
    /// Month index of the planned delivery; `None` when it lies outside the run (tabulated, not drawn).
    pub index: Option<usize>,
    /// Height of the marker: the announced path at that month (NaN when not drawn).
    pub value: f64,
    /// Contract id ("P1").
    pub contract: String,
    /// Counterparty label ("Oracle / Stargate").
    pub counterparty: String,
    /// Planned IT GW of the step.
    pub gw: f64,
    /// Planned delivery month, "2027-06".
    pub planned: String,
    pub status: TrancheStatus,
    /// Month of the final decision (confirmation or lapse), "2026-06".
    pub decided: Option<String>,
    /// Months the step was deferred in total.
    pub deferred_months: u32,
}

impl TrancheMark {
    /// The legend entry (and `DrawOptions::hidden` name) of a status: one toggle per status.
    pub fn legend_name(status: TrancheStatus) -> &'static str {
        match status {
            TrancheStatus::Confirmed => "Tranche confirmed",
            TrancheStatus::Deferred => "Tranche deferred",
            TrancheStatus::Lapsed => "Tranche lapsed",
            TrancheStatus::Pending => "Tranche pending",
        }
    }

    /// Marker colour of a status; the shape differs too (dot, triangle, cross, ring), so colour is never
    /// the only cue.
    pub fn color(status: TrancheStatus) -> RGBColor {
        match status {
            TrancheStatus::Confirmed => GREEN,
            TrancheStatus::Deferred => ORANGE,
            TrancheStatus::Lapsed => RED,
            TrancheStatus::Pending => SLATE,
        }
    }

    /// Read-out and table wording of what happened: "confirmed 2026-06", "lapsed 2028-01 after 24 mo
    /// deferred", "deferred 6 mo, undecided", "pending".
    pub fn outcome(&self) -> String {
        let after = if self.deferred_months > 0 {
            format!(" after {} mo deferred", self.deferred_months)
        } else {
            String::new()
        };
        let decided = self.decided.as_deref().unwrap_or("?");
        match self.status {
            TrancheStatus::Confirmed => format!("confirmed {decided}{after}"),
            TrancheStatus::Lapsed => format!("lapsed {decided}{after}"),
            TrancheStatus::Deferred => {
                format!("deferred {} mo, undecided", self.deferred_months)
            }
            TrancheStatus::Pending => "pending (decided after the horizon)".to_string(),
        }
    }
}

/// A run of months shaded behind a time chart (the cash chart's distress months), darker for a higher
/// `level`.
#[derive(Clone, Debug, PartialEq)]
pub struct Shading {
    /// First and last month index, inclusive.
    pub from: usize,
    pub to: usize,
    /// 1–3: how dark the shade is.
    pub level: u8,
    pub color: RGBColor,
    /// Legend entry (and `DrawOptions::hidden` name); every band with the same name toggles together.
    pub name: String,
}

/// A node of the capital-flow diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct SankeyNode {
    pub name: String,
    /// Column from left (0) to right; money flows mostly left to right.
    pub column: usize,
    pub color: RGBColor,
}

/// A flow between two nodes, summed over the window.
#[derive(Clone, Debug, PartialEq)]
pub struct SankeyLink {
    /// Index into [`SankeyData::nodes`].
    pub from: usize,
    pub to: usize,
    /// Ledger category ("equity", "compute payments").
    pub category: String,
    pub value_usd_b: f64,
    /// The amount is a model estimate, not a disclosed figure; drawn lighter and hatched.
    pub estimated: bool,
    /// Band colour (by category, so the legend can name and toggle categories).
    pub color: RGBColor,
}

/// Nodes and links of the Sankey diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SankeyData {
    pub nodes: Vec<SankeyNode>,
    pub links: Vec<SankeyLink>,
}

/// Pure chart data derived from a run: what is drawn, what the table view and CSV show.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub id: ChartId,
    /// Title for the app's HTML heading (includes the year or window where relevant).
    pub title: String,
    /// Time, categories or flows: what the chart draws along x and which renderer draws it.
    pub body: ChartBody,
    /// Drawn (and read out) in order; stacked areas stack in this order. Empty on the Sankey.
    pub series: Vec<DataSeries>,
    /// Left axis title, with unit ("Delivered IT power (GW)").
    pub y_label: String,
    /// Right axis title when some series use [`Axis::Right`].
    pub y2_label: Option<String>,
    /// Reference points drawn as labelled markers.
    pub markers: Vec<PointMarker>,
    /// Dated events drawn as ticks along the top edge.
    pub events: Vec<EventMark>,
    /// One-line facts for the caption ("Runway at 2026-04: 18 months").
    pub notes: Vec<String>,
    /// Non-binding tranches marked on the announced path (capacity chart).
    pub tranches: Vec<TrancheMark>,
    /// Shaded month ranges behind the series (distress on the cash chart).
    pub shading: Vec<Shading>,
    /// When set, the chart has nothing to draw and says this sentence instead of an empty frame.
    pub empty_message: Option<String>,
}

impl ChartData {
    /// An empty chart of `id` (no series, no categories); the starting point of every builder.
    pub fn empty(id: ChartId) -> ChartData {
        ChartData {
            id,
            title: id.title().to_string(),
            body: ChartBody::Categories(Categories::default()),
            series: Vec::new(),
            y_label: String::new(),
            y2_label: None,
            markers: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
            tranches: Vec::new(),
            shading: Vec::new(),
            empty_message: None,
        }
    }

    /// The series called `name`, if any.
    pub fn series(&self, name: &str) -> Option<&DataSeries> {
        self.series.iter().find(|s| s.name == name)
    }
}
