//! Making a decoded scenario valid: an invalid item goes back to its preset version (or is dropped if the
//! link added it), an invalid table goes back to the preset's, and as a last resort the whole preset.

use super::items::Origin;
use super::wire::Notes;
use crate::{ProblemPath, Scenario};

/// Makes the decoded scenario valid: each invalid item goes back to its preset version (or is dropped if
/// the link added it), an invalid table goes back to the preset's; as a last resort the whole preset.
pub(crate) fn repair(
    mut s: Scenario,
    base: &Scenario,
    mut origins: (Vec<Origin>, Vec<Origin>, Vec<Origin>),
    notes: &mut Notes,
) -> Scenario {
    if !uncertainty_is_sane(&s) {
        notes.warn("the uncertainty settings are not finite numbers; kept the preset's");
        s.uncertainty = base.uncertainty.clone();
    }
    for _ in 0..4 {
        let problems = s.validate();
        if problems.is_empty() {
            return s;
        }
        let mut drop = (Vec::new(), Vec::new(), Vec::new());
        for p in problems {
            let why = &p.message;
            match p.path.clone() {
                ProblemPath::Param(id) => s.params[id] = base.params[id],
                ProblemPath::Contract { index: i, id: name } => match origins.0.get(i) {
                    Some(Origin::Base(k)) => {
                        notes.warn(format!(
                            "contract '{name}' is not valid ({why}); kept the preset's version"
                        ));
                        s.contracts[i] = base.contracts[*k].clone();
                    }
                    _ => {
                        notes.warn(format!("dropped the added contract '{name}' ({why})"));
                        drop.0.push(i);
                    }
                },
                ProblemPath::Funding {
                    index: i,
                    label: name,
                } => match origins.1.get(i) {
                    Some(Origin::Base(k)) => {
                        notes.warn(format!("funding event '{name}' is not valid ({why}); kept the preset's version"));
                        s.funding[i] = base.funding[*k].clone();
                    }
                    _ => {
                        notes.warn(format!("dropped the added funding event '{name}' ({why})"));
                        drop.1.push(i);
                    }
                },
                ProblemPath::Chip { index: i, name } => match origins.2.get(i) {
                    Some(Origin::Base(k)) => {
                        notes.warn(format!("chip generation '{name}' is not valid ({why}); kept the preset's version"));
                        s.chips[i] = base.chips[*k].clone();
                    }
                    _ => {
                        notes.warn(format!(
                            "dropped the added chip generation '{name}' ({why})"
                        ));
                        drop.2.push(i);
                    }
                },
                ProblemPath::CapTable => {
                    notes.warn(format!(
                        "the cap table is not valid ({why}); kept the preset's"
                    ));
                    s.cap_table = base.cap_table.clone();
                }
                ProblemPath::Mark { .. } => {
                    notes.warn(format!(
                        "the valuation marks are not valid ({why}); kept the preset's"
                    ));
                    s.marks = base.marks.clone();
                }
                ProblemPath::McRuns => {
                    notes.warn(format!("{why}; kept the preset's {}", base.mc_runs));
                    s.mc_runs = base.mc_runs;
                }
                ProblemPath::UncertainParam(_) | ProblemPath::Uncertainty(_) => {
                    notes.warn(format!(
                        "the uncertainty settings are not valid ({why}); kept the preset's"
                    ));
                    s.uncertainty = base.uncertainty.clone();
                }
                ProblemPath::Name | ProblemPath::Table(_) => {
                    notes.warn(format!("{p}; showing the preset instead"));
                    return fallback(base, notes);
                }
            }
        }
        remove(&mut s.contracts, &mut origins.0, drop.0);
        remove(&mut s.funding, &mut origins.1, drop.1);
        remove(&mut s.chips, &mut origins.2, drop.2);
    }
    notes.warn("the scenario could not be repaired; showing the preset instead");
    fallback(base, notes)
}

fn remove<T>(items: &mut Vec<T>, origins: &mut Vec<Origin>, mut indices: Vec<usize>) {
    crate::sort::sort_by_key(&mut indices, |i| *i);
    indices.dedup();
    for i in indices.into_iter().rev() {
        if i < items.len() {
            items.remove(i);
        }
        if i < origins.len() {
            origins.remove(i);
        }
    }
}

fn uncertainty_is_sane(s: &Scenario) -> bool {
    let u = &s.uncertainty;
    let p = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
    p(u.loi_probability)
        && p(u.term_sheet_probability)
        && u.correlation.is_finite()
        && (-1.0..=1.0).contains(&u.correlation)
        && u.params
            .iter()
            .all(|x| x.low.is_finite() && x.high.is_finite())
}

/// The frozen preset, or if even that fails today's validation, today's "As reported".
fn fallback(base: &Scenario, notes: &mut Notes) -> Scenario {
    if base.validate().is_empty() {
        base.clone()
    } else {
        notes.warn(
            "the frozen preset is not valid in this version; showing today's \"As reported\"",
        );
        Scenario::default()
    }
}
