//! Builders of the monthly charts: capacity, obligations, cash, unit cost, margin, ownership, valuation,
//! power.

use gigawatt_model::{observations_of, AnnotationKind, DecisionKind, Metric, Month};

use super::Builder;
use crate::data::{Axis, EventMark, SeriesStyle, Shading, TrancheMark, Unit};
use crate::distress::{distress, stage_of, NO_DISTRESS};
use crate::theme::{BLUE, BROWN, GREEN, GREY, ORANGE, PURPLE, RED, TEAL};

/// The annotation kinds of the capacity and obligations charts: what was signed, and what became of options.
const CAPACITY_EVENTS: &[AnnotationKind] = &[
    AnnotationKind::Deal,
    AnnotationKind::Option,
    AnnotationKind::Distress,
];
/// The annotation kinds of the money charts (cash, ownership, valuation); the first two are money itself.
const MONEY_EVENTS: &[AnnotationKind] = &[
    AnnotationKind::Funding,
    AnnotationKind::Ipo,
    AnnotationKind::Distress,
];

/// Adds the run's annotations of `kinds` as event ticks, each naming its amount and source.
fn events(b: &mut Builder, kinds: &[AnnotationKind]) {
    let marks: Vec<EventMark> = b
        .run
        .annotations
        .iter()
        .filter(|a| kinds.contains(&a.kind))
        .filter_map(|a| {
            b.run.index_of(a.month).map(|index| EventMark {
                index,
                label: a.label.clone(),
                amount: a.amount.clone(),
                source: a.source.clone(),
            })
        })
        .collect();
    b.data.events.extend(marks);
}

/// Chart 1: delivered IT GW stacked by counterparty (or chip vendor) with demand, training and the announced
/// ramp as lines, and Friar's disclosed points as markers.
pub(super) fn capacity(b: &mut Builder, by_vendor: bool) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "IT power (GW)".into();
    let run = b.run;
    let groups = if by_vendor {
        &run.by_vendor_gw
    } else {
        &run.by_counterparty_gw
    };
    b.push_stack(groups, 1.0, Unit::Gw);
    b.add(
        "Inference demand",
        &s.inference_demand_gw,
        1.0,
        Unit::Gw,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Training",
        &s.training_gw,
        1.0,
        Unit::Gw,
        PURPLE,
        SeriesStyle::Line,
    );
    b.add(
        "Announced ramp",
        &s.announced_gw,
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::DashedLine,
    );
    b.add(
        "Idle",
        &s.idle_gw,
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Fleet",
        &s.h100e,
        1e-6,
        Unit::MillionH100e,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Utilisation",
        &s.utilisation,
        100.0,
        Unit::Percent,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Delivered IT power",
        &s.it_gw,
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, CAPACITY_EVENTS);
    tranches(b);
}

/// Monthly revenue (left axis) with weekly users and paying subscribers in millions (right axis): the chart
/// of the reported revenue and user figures.
pub(super) fn revenue(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Revenue ($B per month)".into();
    b.data.y2_label = Some("People (millions)".into());
    b.add(
        "Revenue",
        &s.revenue_usd_b,
        1.0,
        Unit::UsdB,
        GREEN,
        SeriesStyle::Line,
    );
    let users = b.scaled(&s.weekly_users, 1e-6);
    b.push(
        "Weekly users",
        users,
        Unit::Millions,
        BLUE,
        SeriesStyle::Line,
        Axis::Right,
    );
    let subscribers = b.scaled(&s.paid_subscribers, 1e-6);
    b.push(
        "Paid subscribers",
        subscribers,
        Unit::Millions,
        PURPLE,
        SeriesStyle::DashedLine,
        Axis::Right,
    );
    b.add(
        "ARR",
        &s.arr_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
}

/// Marks every non-binding tranche on the announced path at its planned delivery month (V2 §4), so a reader
/// sees which announcements were taken up, deferred or dropped, and when that was decided.
fn tranches(b: &mut Builder) {
    let run = b.run;
    let announced = &run.series.announced_gw;
    let marks: Vec<TrancheMark> = run
        .tranches
        .iter()
        .map(|t| {
            let index = run.index_of(t.planned_delivery);
            TrancheMark {
                index,
                value: index
                    .and_then(|i| announced.get(i).copied())
                    .unwrap_or(f64::NAN),
                contract: t.contract.clone(),
                counterparty: t.counterparty.label().to_string(),
                gw: t.gw,
                planned: t.planned_delivery.to_string(),
                status: t.status,
                decided: t.decided.map(|m| m.to_string()),
                deferred_months: t.deferred_months,
            }
        })
        .collect();
    b.data.tranches = marks;
}

/// Chart 2: remaining obligations (binding, announced) against ARR, and commitments signed as a step line.
pub(super) fn obligations(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Obligations and ARR ($B)".into();
    b.add(
        "Binding obligations",
        &s.obligations_binding_usd_b,
        1.0,
        Unit::UsdB,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Announced obligations",
        &s.obligations_announced_usd_b,
        1.0,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::DashedLine,
    );
    b.add(
        "Commitments signed",
        &s.commitments_signed_usd_b,
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Step,
    );
    b.add(
        "ARR",
        &s.arr_usd_b,
        1.0,
        Unit::UsdB,
        GREEN,
        SeriesStyle::Line,
    );
    let binding = b.scaled(&s.obligations_binding_usd_b, 1.0);
    let arr = b.scaled(&s.arr_usd_b, 1.0);
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
        &s.obligations_ntm_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        super::reported::HEADLINE,
        &s.obligations_headline_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Revenue, next 12 months",
        &s.ntm_revenue_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Compute payments, annualised",
        &s.compute_payments_usd_b,
        12.0,
        Unit::UsdBPerYear,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, CAPACITY_EVENTS);
}

/// Chart 3: cash with auto-funding and with committed funding only, the cumulative funding gap; runway and
/// burn in the read-out.
pub(super) fn cash(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Cash and funding gap ($B)".into();
    b.add(
        "Funding gap (cumulative)",
        &s.funding_gap_usd_b,
        1.0,
        Unit::UsdB,
        RED,
        SeriesStyle::Area,
    );
    b.add(
        "Cash, auto-funded",
        &s.cash_usd_b,
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Line,
    );
    b.add(
        "Cash, committed funding only",
        &s.cash_committed_only_usd_b,
        1.0,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::Line,
    );
    b.add(
        "Runway",
        &s.runway_months,
        1.0,
        Unit::Months,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Monthly burn",
        &s.burn_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Debt",
        &s.debt_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    distress_months(b);
    // Distress has its own ticks here (every distress decision), so only the money events.
    events(b, &MONEY_EVENTS[..2]);
}

/// Name of the cash chart's distress shading (legend entry and `hidden` name).
pub(crate) const DISTRESS: &str = "Distress";

/// The cash chart's distress (V2 §5): months with `distress_stage` ≥ 1 shaded, darker by stage; the stage,
/// arrears and defaults in the read-out and table; the run's distress decisions as event ticks; one sentence
/// saying when it began (or that it never did).
fn distress_months(b: &mut Builder) {
    let s = &b.run.series;
    let stages = b.scaled(&s.distress_stage, 1.0);
    let mut bands: Vec<Shading> = Vec::new();
    for (i, v) in stages.iter().enumerate() {
        let level = stage_of(*v);
        match bands.last_mut() {
            _ if level == 0 => {}
            Some(band) if band.to + 1 == i && band.level == level => band.to = i,
            _ => bands.push(Shading {
                from: i,
                to: i,
                level,
                color: RED,
                name: DISTRESS.to_string(),
            }),
        }
    }
    b.data.shading = bands;
    b.push(
        "Distress stage",
        stages,
        Unit::Stage,
        RED,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    b.add(
        "Arrears",
        &s.arrears_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "Defaulted obligations",
        &s.defaulted_obligations_usd_b,
        1.0,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    let run = b.run;
    let marks: Vec<EventMark> = run
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                DecisionKind::DistressBegins
                    | DecisionKind::Renegotiated
                    | DecisionKind::Arrears
                    | DecisionKind::Default
                    | DecisionKind::Relet
            )
        })
        .filter_map(|e| {
            let index = run.index_of(e.month)?;
            let what = e.kind.label();
            Some(if e.subject.is_empty() {
                EventMark::decided(index, format!("Distress: {what}"), String::new())
            } else {
                EventMark::decided(
                    index,
                    format!("Distress: {what}, {}", e.subject),
                    crate::format_value(e.amount, Unit::UsdB),
                )
            })
        })
        .collect();
    b.data.events.extend(marks);
    b.data.notes.push(match distress(run) {
        Some(d) => d.sentence(),
        None => format!("{NO_DISTRESS}: the lab holds minimum cash throughout."),
    });
}

/// Chart 4: compute cost and revenue per million tokens; fleet cost per H100e-hour on the right axis.
pub(super) fn unit_cost(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Per million tokens ($/Mtok)".into();
    b.data.y2_label = Some("Fleet cost ($/H100e-hr)".into());
    b.add(
        "Cost per Mtok",
        &s.cost_per_mtok_usd,
        1.0,
        Unit::UsdPerMtok,
        RED,
        SeriesStyle::Line,
    );
    b.add(
        "Revenue per Mtok",
        &s.revenue_per_mtok_usd,
        1.0,
        Unit::UsdPerMtok,
        GREEN,
        SeriesStyle::Line,
    );
    let hourly = b.scaled(&s.cost_per_h100e_hour_usd, 1.0);
    b.push(
        "Fleet $/H100e-hr",
        hourly,
        Unit::UsdPerHour,
        BLUE,
        SeriesStyle::DashedLine,
        Axis::Right,
    );
    let cost = b.scaled(&s.cost_per_mtok_usd, 1.0);
    let revenue = b.scaled(&s.revenue_per_mtok_usd, 1.0);
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
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Margin (%)".into();
    b.add(
        "Gross margin",
        &s.gross_margin,
        100.0,
        Unit::Percent,
        BLUE,
        SeriesStyle::Line,
    );
    b.add(
        "Compute margin",
        &s.compute_margin,
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
    events(b, MONEY_EVENTS);
}

/// Chart 9: the model's valuation against observed marks, with the EV/NTM multiple in the read-out.
pub(super) fn valuation(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Valuation ($B)".into();
    b.add(
        "Model valuation",
        &s.valuation_usd_b,
        1.0,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Line,
    );
    // The reported marks are drawn as reported figures (chart_data adds them); a scenario's own marks that
    // differ from every reported one (edited in a file or link) are dots.
    let mut marks = vec![f64::NAN; b.months()];
    let reported: Vec<(Month, f64)> = observations_of(Metric::Valuation)
        .map(|o| (o.end, o.value))
        .collect();
    for (month, value) in &b.run.marks {
        if reported.contains(&(*month, *value)) {
            continue;
        }
        if let Some(slot) = b.run.index_of(*month).and_then(|i| marks.get_mut(i)) {
            *slot = *value;
        }
    }
    if marks.iter().any(|v| v.is_finite()) {
        b.push(
            "Marks",
            marks,
            Unit::UsdB,
            ORANGE,
            SeriesStyle::Dots,
            Axis::Left,
        );
    }
    b.add(
        "EV / NTM revenue",
        &s.valuation_multiple,
        1.0,
        Unit::Multiple,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    events(b, MONEY_EVENTS);
}

/// The power chart's electricity series (legend, read-out, table and CSV headers).
pub(crate) const FLEET_ELECTRICITY: &str = "Fleet electricity (estimate, inside lease prices)";
pub(crate) const OWNED_ELECTRICITY: &str = "Electricity paid directly (owned capacity)";

/// Chart 10: facility power; on the right axis, annualised, the electricity the owned capacity pays directly
/// and the model's estimate of the whole fleet's electricity (V2 §6: leased capacity pays it inside the lease
/// price, so it is dashed and named as an estimate; a large fleet never shows $0 of electricity); energy in
/// the read-out.
pub(super) fn power(b: &mut Builder) {
    let s = &b.run.series;
    b.month_axis();
    b.data.y_label = "Facility power (GW)".into();
    b.data.y2_label = Some("Electricity ($B/yr)".into());
    b.add(
        "Facility power",
        &s.facility_gw,
        1.0,
        Unit::Gw,
        TEAL,
        SeriesStyle::Area,
    );
    let fleet = b.scaled(&s.fleet_electricity_usd_b, 12.0);
    b.push(
        FLEET_ELECTRICITY,
        fleet,
        Unit::UsdBPerYear,
        BROWN,
        SeriesStyle::DashedLine,
        Axis::Right,
    );
    let cost = b.scaled(&s.power_cost_usd_b, 12.0);
    b.push(
        OWNED_ELECTRICITY,
        cost,
        Unit::UsdBPerYear,
        ORANGE,
        SeriesStyle::Line,
        Axis::Right,
    );
    b.add(
        "Energy",
        &s.energy_twh_per_year,
        1.0,
        Unit::TwhPerYear,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
    b.add(
        "IT power",
        &s.it_gw,
        1.0,
        Unit::Gw,
        GREY,
        SeriesStyle::ReadoutOnly,
    );
}
