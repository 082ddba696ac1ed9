//! Reported figures (the model's observations table) as markers on the chart of the same metric.

use gigawatt_model::slug::Slug;
use gigawatt_model::{observations_of, Metric};

use super::Builder;
use crate::data::{Axis, PointMarker, Unit};
use crate::ChartId;

/// A metric a chart draws: the chart series it compares to, the factor from the model's unit into the
/// series' unit, the axis, and what the read-out calls it.
struct Target {
    metric: Metric,
    series: &'static str,
    factor: f64,
    unit: Unit,
    axis: Axis,
    what: &'static str,
}

const fn t(
    metric: Metric,
    series: &'static str,
    factor: f64,
    unit: Unit,
    axis: Axis,
    what: &'static str,
) -> Target {
    Target {
        metric,
        series,
        factor,
        unit,
        axis,
        what,
    }
}

use Axis::{Left, Right};
use Metric as M;

/// Every chart's reported metrics, in drawing order.
static TARGETS: [(ChartId, Target); 10] = [
    (
        ChartId::Capacity,
        t(
            M::ItGw,
            "Delivered IT power",
            1.0,
            Unit::Gw,
            Left,
            "IT power",
        ),
    ),
    (
        ChartId::Revenue,
        t(M::Revenue, "Revenue", 1.0, Unit::UsdB, Left, "revenue"),
    ),
    (
        ChartId::Revenue,
        t(
            M::WeeklyUsers,
            "Weekly users",
            1e-6,
            Unit::Millions,
            Right,
            "weekly users",
        ),
    ),
    (
        ChartId::Revenue,
        t(
            M::Subscribers,
            "Paid subscribers",
            1e-6,
            Unit::Millions,
            Right,
            "subscribers",
        ),
    ),
    (
        ChartId::Obligations,
        t(M::Arr, "ARR", 1.0, Unit::UsdB, Left, "ARR"),
    ),
    (
        ChartId::Obligations,
        t(
            M::Obligations,
            HEADLINE,
            1.0,
            Unit::UsdB,
            Left,
            "obligations",
        ),
    ),
    (
        ChartId::Cash,
        t(M::Cash, "Cash, auto-funded", 1.0, Unit::UsdB, Left, "cash"),
    ),
    (
        ChartId::Cash,
        t(M::Burn, "Monthly burn", 1.0, Unit::UsdB, Left, "burn"),
    ),
    (
        ChartId::Margin,
        t(
            M::GrossMargin,
            "Gross margin",
            100.0,
            Unit::Percent,
            Left,
            "gross margin",
        ),
    ),
    (
        ChartId::Valuation,
        t(
            M::Valuation,
            "Model valuation",
            1.0,
            Unit::UsdB,
            Left,
            "valuation",
        ),
    ),
];

fn targets(id: ChartId) -> impl Iterator<Item = &'static Target> {
    TARGETS
        .iter()
        .filter(move |(c, _)| *c == id)
        .map(|(_, t)| t)
}

/// The obligations chart's series on the basis of Altman's $1.4T (leases + hardware vendor content).
pub(crate) const HEADLINE: &str = "Obligations, headline basis";

/// The metrics chart `id` draws as reported markers, each with the chart series it compares to.
pub fn reported_metrics(id: ChartId) -> Vec<(Metric, &'static str)> {
    targets(id).map(|t| (t.metric, t.series)).collect()
}

/// Adds a marker for every reported (not planned) figure of the chart's metrics that ends inside the run.
/// A flow over a period is drawn at its last month at the monthly average (total ÷ months), the basis of
/// the monthly series; stocks and ratios as reported.
pub(super) fn reported(b: &mut Builder) {
    for t in targets(b.data.id) {
        for o in observations_of(t.metric).filter(|o| !o.plan) {
            let Some(index) = b.run.index_of(o.end) else {
                continue;
            };
            let value = o.per_month() * t.factor;
            b.data.markers.push(PointMarker {
                index,
                from: b.run.index_of(o.start).unwrap_or(0).min(index),
                value,
                label: format!("Reported {}, {}", t.what, o.period_label()),
                axis: t.axis,
                series: t.series.to_string(),
                unit: t.unit,
                total: (o.per_month() != o.value).then_some(o.value * t.factor),
                source: format!(
                    "{} · grade {} ({})",
                    o.source,
                    o.grade.slug(),
                    o.grade.label()
                ),
                id: o.id.to_string(),
            });
        }
    }
}
