//! The exposure chart (MODEL-SPEC-V2 §5, §9): who is left holding what the lab did not pay or never took up.
//!
//! Two groups stacked by counterparty: unpaid obligations (arrears plus defaulted obligations, a stock) as
//! solid layers, and the value of announced capacity never taken up (lapsed options, cumulative) as light
//! layers on top. Both are money a supplier counted on and does not get, so the top of the stack is the
//! suppliers' total shortfall; the styling keeps "owed" apart from "never contracted". A counterparty has the
//! same colour in both groups.

use gigawatt_model::{DecisionKind, NamedSeries};

use super::Builder;
use crate::data::{Axis, EventMark, SeriesStyle, Unit};
use crate::theme::{stack_color, GREY};

/// Suffixes naming the two groups' layers ("Oracle / Stargate, unpaid").
pub(crate) const UNPAID: &str = ", unpaid";
pub(crate) const NEVER_TAKEN_UP: &str = ", never taken up";

/// What the chart says instead of an empty frame.
pub const NOTHING_EXPOSED: &str = "No unpaid obligations or lapsed announcements in this scenario";

pub(super) fn exposure(b: &mut Builder) {
    b.month_axis();
    b.data.y_label = "Owed or forgone ($B)".into();
    let run = b.run;
    // Colours by counterparty across both groups, in order of first appearance.
    let mut names: Vec<&str> = Vec::new();
    for s in run
        .unpaid_by_counterparty
        .iter()
        .chain(&run.lapsed_value_by_counterparty)
    {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    let unpaid = group(
        b,
        &run.unpaid_by_counterparty,
        UNPAID,
        SeriesStyle::StackedArea,
        &names,
    );
    let lapsed = group(
        b,
        &run.lapsed_value_by_counterparty,
        NEVER_TAKEN_UP,
        SeriesStyle::StackedLight,
        &names,
    );
    let anything = |t: &[f64]| t.iter().any(|v| v.is_finite() && *v != 0.0);
    if !anything(&unpaid) && !anything(&lapsed) {
        b.data.empty_message = Some(NOTHING_EXPOSED.to_string());
    } else if let Some(last) = run.months.last() {
        let end = |t: &[f64]| t.last().copied().unwrap_or(0.0);
        b.data.notes.push(format!(
            "By {last}: {} unpaid, {} of announced capacity never taken up.",
            crate::format_value(end(&unpaid), Unit::UsdB),
            crate::format_value(end(&lapsed), Unit::UsdB),
        ));
    }
    // The totals are read out and tabulated even when nothing is drawn (the table says "0", not nothing).
    b.push(
        "Unpaid, total",
        unpaid,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    b.push(
        "Never taken up, total",
        lapsed,
        Unit::UsdB,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    let marks: Vec<EventMark> = run
        .events
        .iter()
        .filter_map(|e| {
            let amount = match e.kind {
                DecisionKind::Arrears | DecisionKind::Default | DecisionKind::Renegotiated => {
                    crate::format_value(e.amount, Unit::UsdB)
                }
                DecisionKind::OptionLapsed => crate::format_value(e.amount, Unit::Gw),
                _ => return None,
            };
            let index = run.index_of(e.month)?;
            Some(EventMark {
                index,
                label: format!("{}: {}, {amount}", capitalised(e.kind.label()), e.subject),
            })
        })
        .collect();
    b.data.events.extend(marks);
}

/// Adds the non-zero layers of one group and returns the group's total per month (zeros where nothing).
fn group(
    b: &mut Builder,
    layers: &[NamedSeries],
    suffix: &str,
    style: SeriesStyle,
    names: &[&str],
) -> Vec<f64> {
    let n = b.months();
    let mut total = vec![0.0; n];
    for layer in layers {
        let values: Vec<f64> = (0..n)
            .map(|k| layer.values.get(k).copied().unwrap_or(f64::NAN))
            .collect();
        for (t, v) in total.iter_mut().zip(&values) {
            if v.is_finite() {
                *t += v;
            }
        }
        if values.iter().all(|v| !v.is_finite() || *v == 0.0) {
            continue;
        }
        let colour = stack_color(names.iter().position(|x| *x == layer.name).unwrap_or(0));
        b.push(
            &format!("{}{suffix}", layer.name),
            values,
            Unit::UsdB,
            colour,
            style,
            Axis::Left,
        );
    }
    total
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
