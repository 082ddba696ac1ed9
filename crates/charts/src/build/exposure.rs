//! The exposure chart (MODEL-SPEC-V2 §5, §9): who is left holding what the lab did not pay or never took up.
//!
//! Two groups stacked by counterparty: unpaid obligations (arrears plus defaulted obligations, a stock) as
//! solid layers, and the value of announced capacity never taken up (lapsed options, cumulative) as light
//! layers on top. Both are money a supplier counted on and does not get, so the top of the stack is the
//! suppliers' total shortfall; the styling keeps "owed" apart from "never contracted". A counterparty has the
//! same colour in both groups.

use gigawatt_model::DecisionKind;

use super::{capitalised, Builder};
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
    let color_of = |_, name: &str| stack_color(names.iter().position(|x| *x == name).unwrap_or(0));
    let unpaid = b.push_layers(
        &run.unpaid_by_counterparty,
        1.0,
        Unit::UsdB,
        SeriesStyle::StackedArea,
        UNPAID,
        color_of,
    );
    let lapsed = b.push_layers(
        &run.lapsed_value_by_counterparty,
        1.0,
        Unit::UsdB,
        SeriesStyle::StackedLight,
        NEVER_TAKEN_UP,
        color_of,
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
            Some(EventMark::decided(
                index,
                format!("{}: {}", capitalised(e.kind.label()), e.subject),
                amount,
            ))
        })
        .collect();
    b.data.events.extend(marks);
}
