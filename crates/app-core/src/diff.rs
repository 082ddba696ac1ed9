//! What differs between two scenarios, in words: the comparison list reads it, and so does the embed
//! caption ([`caption`]).
//!
//! Parameters come from the model (`Params::differences`) with labels and units from `ParamSpec`; contracts
//! are matched by id and funding events by label and investor, so "added", "removed" and "changed (which
//! fields)" read the way a person would describe the edit. Nothing here is economics: it only names inputs.

use gigawatt_model::{Month, ParamId, ParamKind, Params, Scenario};

use crate::format::param_value;

/// One difference between scenario A (pinned) and B (current).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// What it is about ("Base delivery delay", "Contract L4 (Oracle)").
    pub subject: String,
    /// A's side ("6 months", "absent"), or what happened ("removed").
    pub a: String,
    /// B's side.
    pub b: String,
}

/// A parameter value as the assumptions panel shows it, with its unit ("35%", "6 months", "2026-06", "on").
pub fn param_text(id: ParamId, value: f64) -> String {
    let spec = id.spec();
    match spec.kind {
        ParamKind::Toggle => if value != 0.0 { "on" } else { "off" }.to_string(),
        ParamKind::Date if value == 0.0 => "never".to_string(),
        ParamKind::Date => Month::from_decimal_start(value).to_string(),
        ParamKind::Number => {
            let number = param_value(value * spec.display_scale, spec.step * spec.display_scale);
            match spec.unit {
                "" => number,
                unit if unit.starts_with('%') || unit.starts_with('×') => {
                    format!("{number}{unit}")
                }
                unit => format!("{number} {unit}"),
            }
        }
    }
}

/// The parameters of `current` that differ from `base`, as (label, base value, current value), in the
/// order of the parameter table.
pub fn param_changes(current: &Params, base: &Params) -> Vec<(ParamId, String, String)> {
    current
        .differences(base)
        .map(|(id, value)| (id, param_text(id, base[id]), param_text(id, value)))
        .collect()
}

/// Every difference from `a` to `b`: preset and name, parameters, contracts, funding events, then the
/// remaining tables and the Monte Carlo settings.
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |subject: String, a: String, b: String| out.push(Difference { subject, a, b });
    if a.preset != b.preset {
        push(
            "Preset".into(),
            a.preset.label().into(),
            b.preset.label().into(),
        );
    }
    if a.name != b.name {
        push("Name".into(), a.name.clone(), b.name.clone());
    }
    for (id, va, vb) in param_changes(&b.params, &a.params) {
        push(id.spec().label.to_string(), va, vb);
    }

    // Contracts by id.
    for ca in &a.contracts {
        let subject = format!("Contract {} ({})", ca.id, ca.counterparty.label());
        match b.contracts.iter().find(|cb| cb.id == ca.id) {
            None => push(subject, "present".into(), "removed".into()),
            Some(cb) if cb != ca => {
                let fields = changed_fields(gigawatt_model::link::changed_contract_fields(ca, cb));
                push(subject, "as in A".into(), format!("changed: {fields}"));
            }
            Some(_) => {}
        }
    }
    for cb in b
        .contracts
        .iter()
        .filter(|cb| !a.contracts.iter().any(|ca| ca.id == cb.id))
    {
        push(
            format!("Contract {} ({})", cb.id, cb.counterparty.label()),
            "absent".into(),
            "added".into(),
        );
    }

    // Funding events by (label, investor); repeated keys pair up in order.
    let key = |f: &gigawatt_model::FundingEvent| (f.label.clone(), f.investor);
    let mut unmatched_b: Vec<usize> = (0..b.funding.len()).collect();
    for fa in &a.funding {
        let subject = funding_subject(fa);
        match unmatched_b
            .iter()
            .position(|&i| key(&b.funding[i]) == key(fa))
        {
            None => push(subject, "present".into(), "removed".into()),
            Some(pos) => {
                let fb = &b.funding[unmatched_b.remove(pos)];
                if fb != fa {
                    let fields =
                        changed_fields(gigawatt_model::link::changed_funding_fields(fa, fb));
                    push(subject, "as in A".into(), format!("changed: {fields}"));
                }
            }
        }
    }
    for i in unmatched_b {
        push(
            funding_subject(&b.funding[i]),
            "absent".into(),
            "added".into(),
        );
    }

    if a.chips != b.chips {
        push("Chip generations".into(), "as in A".into(), "edited".into());
    }
    if a.cap_table != b.cap_table {
        push("Cap table".into(), "as in A".into(), "edited".into());
    }
    if a.marks != b.marks {
        push("Valuation marks".into(), "as in A".into(), "edited".into());
    }
    if a.seed != b.seed {
        push(
            "Monte Carlo seed".into(),
            a.seed.to_string(),
            b.seed.to_string(),
        );
    }
    if a.mc_runs != b.mc_runs {
        push(
            "Monte Carlo runs".into(),
            a.mc_runs.to_string(),
            b.mc_runs.to_string(),
        );
    }
    if a.uncertainty != b.uncertainty {
        push(
            "Uncertainty settings".into(),
            "as in A".into(),
            "edited".into(),
        );
    }
    out
}

/// "Funding “Series F” (SoftBank)".
fn funding_subject(f: &gigawatt_model::FundingEvent) -> String {
    if f.label.is_empty() {
        format!("Funding from {}", f.investor.label())
    } else {
        format!("Funding “{}” ({})", f.label, f.investor.label())
    }
}

/// The names of the fields that differ ("ramp, status"), as scenario files name them, or "details" when
/// only something no field holds differs. The link codec compares them field by field (each item's fields are
/// numbered there, so a new field is covered as soon as links carry it): no JSON writer on the first view.
fn changed_fields(names: Vec<&'static str>) -> String {
    if names.is_empty() {
        "details".into()
    } else {
        names.join(", ").replace('_', " ")
    }
}

/// How many changes the caption names before summarising the rest.
const CAPTION_CHANGES: usize = 3;

/// "Bear case: Base delivery delay 6 → 12 months; Contract L4 (Oracle) removed; and 2 more changes from
/// the preset." The changes are those from the scenario's own preset, in the parameter table's order.
pub fn caption(scenario: &Scenario) -> String {
    let preset = Scenario::preset(scenario.preset);
    let changes: Vec<String> = differences(&preset, scenario)
        .into_iter()
        .filter(|d| d.subject != "Name")
        .map(|d| match (d.a.as_str(), d.b.as_str()) {
            ("absent", "added") => format!("{} added", d.subject),
            (_, "removed") => format!("{} removed", d.subject),
            ("as in A", change) => match change.strip_prefix("changed: ") {
                Some(fields) => format!("{} changed ({fields})", d.subject),
                None => format!("{} {change}", d.subject),
            },
            (from, to) => format!("{} {from} → {to}", d.subject),
        })
        .collect();
    if changes.is_empty() && scenario.name == scenario.preset.label() {
        return format!("The “{}” preset, unchanged.", scenario.name);
    }
    if changes.is_empty() {
        return format!(
            "{}: the “{}” preset, unchanged.",
            scenario.name,
            scenario.preset.label()
        );
    }
    let mut text = format!("{}: ", scenario.name);
    text.push_str(
        &changes
            .iter()
            .take(CAPTION_CHANGES)
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
    );
    let more = changes.len().saturating_sub(CAPTION_CHANGES);
    if more > 0 {
        text.push_str(&format!(
            "; and {more} more change{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    text.push_str(&format!(" (vs. the “{}” preset).", scenario.preset.label()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::{Action, PresetId};

    #[test]
    fn the_caption_names_the_changes_from_the_preset() {
        let preset = Scenario::preset(PresetId::Bear);
        assert_eq!(
            caption(&preset),
            format!("The “{}” preset, unchanged.", preset.name)
        );
        let mut edited = preset.clone();
        edited
            .apply(Action::SetParam(ParamId::BaseDelayMonths, 17.0))
            .expect("a valid edit");
        let text = caption(&edited);
        assert!(
            text.contains(ParamId::BaseDelayMonths.spec().label),
            "{text}"
        );
        assert!(
            text.ends_with(&format!("(vs. the “{}” preset).", preset.preset.label())),
            "{text}"
        );
    }

    #[test]
    fn equal_scenarios_have_no_differences() {
        assert!(differences(&Scenario::default(), &Scenario::default()).is_empty());
    }

    #[test]
    fn parameters_name_both_values_with_units() {
        let a = Scenario::default();
        let mut b = a.clone();
        let before = a.get(ParamId::BaseDelayMonths);
        b.apply(Action::SetParam(ParamId::BaseDelayMonths, before + 3.0))
            .expect("valid");
        let d = differences(&a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].subject, ParamId::BaseDelayMonths.spec().label);
        assert_eq!(d[0].a, param_text(ParamId::BaseDelayMonths, before));
        assert_eq!(d[0].b, param_text(ParamId::BaseDelayMonths, before + 3.0));
        assert!(d[0].b.contains("month"), "{}", d[0].b);
    }

    #[test]
    fn contracts_and_funding_added_removed_changed() {
        let a = Scenario::default();
        let mut b = a.clone();
        let removed = b.contracts[0].id.clone();
        b.apply(Action::RemoveContract(0)).expect("remove");
        let mut changed = b.contracts[0].clone();
        changed.name = format!("{} (renegotiated)", changed.name);
        let changed_id = changed.id.clone();
        b.apply(Action::UpdateContract(0, changed)).expect("update");
        let mut extra = b.funding[0].clone();
        extra.label = "Bridge round".into();
        b.apply(Action::AddFunding(extra)).expect("add");
        let d = differences(&a, &b);
        let find = |needle: &str| {
            d.iter()
                .find(|x| x.subject.contains(needle))
                .unwrap_or_else(|| panic!("no difference about {needle}: {d:?}"))
        };
        assert_eq!(find(&format!("Contract {removed} ")).b, "removed");
        assert_eq!(find(&format!("Contract {changed_id} ")).b, "changed: name");
        assert_eq!(find("Bridge round").b, "added");
    }

    #[test]
    fn a_preset_change_lists_the_preset_and_its_parameters() {
        let a = Scenario::default();
        let b = Scenario::preset(PresetId::Bear);
        let d = differences(&a, &b);
        assert_eq!(d[0].subject, "Preset");
        assert_eq!(d[0].b, PresetId::Bear.label());
        assert!(d.len() > 2, "{d:?}");
    }
}
