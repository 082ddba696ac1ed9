//! Builders of the monthly charts: capacity, obligations, cash, unit cost, margin, ownership, valuation,
//! power.

use gigawatt_model::AnnotationKind;

use super::Builder;
use crate::data::{Axis, EventMark, PointMarker, SeriesStyle, Unit};
use crate::theme::{BLUE, GREEN, GREY, ORANGE, PURPLE, RED, TEAL};
use crate::ChartOptions;

/// Friar's disclosed year-end IT power (GW): Dec 2023, Dec 2024, Dec 2025 (MODEL-SPEC §0, [R]).
const FRIAR_GW: [(i32, f64); 3] = [(2023, 0.2), (2024, 0.6), (2025, 1.9)];

/// Adds the run's annotations of `kind` as event ticks.
fn events(b: &mut Builder, kind: AnnotationKind) {
    let marks: Vec<EventMark> = b
        .run
        .annotations
        .iter()
        .filter(|a| a.kind == kind)
        .filter_map(|a| {
            b.run.index_of(a.month).map(|index| EventMark {
                index,
                label: a.label.clone(),
            })
        })
        .collect();
    b.data.events.extend(marks);
}

/// Chart 1: delivered IT GW stacked by counterparty (or chip vendor) with demand, training and the announced
/// ramp as lines, and Friar's disclosed points as markers.
pub(super) fn capacity(b: &mut Builder, opts: &ChartOptions) {
    b.month_axis();
    b.data.y_label = "IT power (GW)".into();
    let run = b.run;
    let groups = if opts.by_vendor {
        &run.by_vendor_gw
    } else {
        &run.by_counterparty_gw
    };
    b.push_stack(groups, 1.0, Unit::Gw);
    b.add(
        "Inference demand",
        "inference_demand_gw",
        1.0,
        Unit::Gw,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Training",
        "training_gw",
        1.0,
        Unit::Gw,
        PURPLE,
        SeriesStyle::Line,
    );
    b.add(
        "Announced ramp",
        "announced_gw",
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::DashedLine,
    );
    b.add(
        "Idle",
        "idle_gw",
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Fleet",
        "h100e",
        1e-6,
        Unit::MillionH100e,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Utilisation",
        "utilisation",
        100.0,
        Unit::Percent,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    for (year, gw) in FRIAR_GW {
        if let Some(index) = b.index_of(year, 12) {
            b.data.markers.push(PointMarker {
                index,
                value: gw,
                label: format!("Friar: {gw} GW"),
                axis: Axis::Left,
            });
        }
    }
    events(b, AnnotationKind::Deal);
}

/// Chart 2: remaining obligations (binding, announced) against ARR, and commitments signed as a step line.
pub(super) fn obligations(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Obligations and ARR ($B)".into();
    b.add(
        "Binding obligations",
        "obligations_binding_usd_b",
        1.0,
        Unit::UsdB,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Announced obligations",
        "obligations_announced_usd_b",
        1.0,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::DashedLine,
    );
    b.add(
        "Commitments signed",
        "commitments_signed_usd_b",
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Step,
    );
    b.add(
        "ARR",
        "arr_usd_b",
        1.0,
        Unit::UsdB,
        GREEN,
        SeriesStyle::Line,
    );
    let binding = b.series("obligations_binding_usd_b", 1.0);
    let arr = b.series("arr_usd_b", 1.0);
    let ratio = binding
        .iter()
        .zip(&arr)
        .map(|(o, a)| if *a > 0.0 { o / a } else { f64::NAN })
        .collect();
    b.push(
        "Binding ÷ ARR",
        ratio,
        Unit::Multiple,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    b.add(
        "Obligations, next 12 months",
        "obligations_ntm_usd_b",
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Revenue, next 12 months",
        "ntm_revenue_usd_b",
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Compute payments, annualised",
        "compute_payments_usd_b",
        12.0,
        Unit::UsdBPerYear,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, AnnotationKind::Deal);
}

/// Chart 3: cash with auto-funding and with committed funding only, the cumulative funding gap; runway and
/// burn in the read-out.
pub(super) fn cash(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Cash and funding gap ($B)".into();
    b.add(
        "Funding gap (cumulative)",
        "funding_gap_usd_b",
        1.0,
        Unit::UsdB,
        RED,
        SeriesStyle::Area,
    );
    b.add(
        "Cash, auto-funded",
        "cash_usd_b",
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Line,
    );
    b.add(
        "Cash, committed funding only",
        "cash_committed_only_usd_b",
        1.0,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::Line,
    );
    b.add(
        "Runway",
        "runway_months",
        1.0,
        Unit::Months,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Monthly burn",
        "burn_usd_b",
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Debt",
        "debt_usd_b",
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, AnnotationKind::Funding);
}

/// Chart 4: compute cost and revenue per million tokens; fleet cost per H100e-hour on the right axis.
pub(super) fn unit_cost(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Per million tokens ($/Mtok)".into();
    b.data.y2_label = Some("Fleet cost ($/H100e-hr)".into());
    b.add(
        "Cost per Mtok",
        "cost_per_mtok_usd",
        1.0,
        Unit::UsdPerMtok,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Revenue per Mtok",
        "revenue_per_mtok_usd",
        1.0,
        Unit::UsdPerMtok,
        GREEN,
        SeriesStyle::Line,
    );
    let hourly = b.series("cost_per_h100e_hour_usd", 1.0);
    b.push(
        "Fleet $/H100e-hr",
        hourly,
        Unit::UsdPerHour,
        BLUE,
        SeriesStyle::DashedLine,
        Axis::Right,
    );
    let cost = b.series("cost_per_mtok_usd", 1.0);
    let revenue = b.series("revenue_per_mtok_usd", 1.0);
    let margin = revenue.iter().zip(&cost).map(|(r, c)| r - c).collect();
    b.push(
        "Margin per Mtok",
        margin,
        Unit::UsdPerMtok,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
}

/// Chart 5: gross margin and compute margin, in percent.
pub(super) fn margin(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Margin (%)".into();
    b.add(
        "Gross margin",
        "gross_margin",
        100.0,
        Unit::Percent,
        BLUE,
        SeriesStyle::Line,
    );
    b.add(
        "Compute margin",
        "compute_margin",
        100.0,
        Unit::Percent,
        GREEN,
        SeriesStyle::Line,
    );
}

/// Chart 8: ownership per holder as a 100% stack, with funding rounds as events.
pub(super) fn ownership(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Ownership (%)".into();
    let run = b.run;
    b.push_stack(&run.ownership, 100.0, Unit::Percent);
    events(b, AnnotationKind::Funding);
}

/// Chart 9: the model's valuation against observed marks, with the EV/NTM multiple in the read-out.
pub(super) fn valuation(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Valuation ($B)".into();
    b.add(
        "Model valuation",
        "valuation_usd_b",
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Line,
    );
    let mut marks = vec![f64::NAN; b.months()];
    for (month, value) in &b.run.marks {
        if let Some(slot) = b.run.index_of(*month).and_then(|i| marks.get_mut(i)) {
            *slot = *value;
        }
    }
    b.push(
        "Marks",
        marks,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::Dots,
        Axis::Left,
    );
    b.add(
        "EV / NTM revenue",
        "valuation_multiple",
        1.0,
        Unit::Multiple,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, AnnotationKind::Funding);
}

/// Chart 10: facility power, annualised electricity cost (right axis), energy in the read-out.
pub(super) fn power(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Facility power (GW)".into();
    b.data.y2_label = Some("Electricity ($B/yr)".into());
    b.add(
        "Facility power",
        "facility_gw",
        1.0,
        Unit::Gw,
        TEAL,
        SeriesStyle::Area,
    );
    let cost = b.series("power_cost_usd_b", 12.0);
    b.push(
        "Electricity cost",
        cost,
        Unit::UsdBPerYear,
        ORANGE,
        SeriesStyle::Line,
        Axis::Right,
    );
    b.add(
        "Energy",
        "energy_twh_per_year",
        1.0,
        Unit::TwhPerYear,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "IT power",
        "it_gw",
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
}
