//! Bringing a link of an older version to the latest: its inputs stay exactly what they were, and what did not
//! exist when it was made takes the latest version's frozen defaults.
//!
//! Version 1 → 2 (economics v2 added 13 parameters at the end of the table, from `usage_elasticity` to
//! `default_after_months`):
//!
//! * Every parameter, contract, funding event, chip, cap table entry, mark, seed, run count and uncertainty
//!   setting a v1 link names, or leaves at its v1 default, keeps its v1 value: the link is read against
//!   `v1_defaults.json` as before.
//! * A parameter version 1 did not have takes its value in the same preset of `v2_defaults.json`. The spec
//!   (MODEL-SPEC-V2 §11) could have asked for values that reproduce v1's economics; for these parameters there
//!   are none (Jevons demand, options, renewals, finite equity and distress are new mechanisms, not switches
//!   of old ones), so the link opens with today's defaults and [`super::Decoded::notices`] says that its
//!   figures now come from economics v2.
//! * Monte Carlo varies those parameters as v2's preset does: their uncertain entries are appended to the
//!   link's list (unless the link already names them), so the v1 entries keep their order and values.
//!
//! Taking the values from the frozen v2 file rather than the live presets keeps the migration itself stable: a
//! v1 link opens the same scenario before and after a later change of defaults.

use super::frozen::Defaults;
use crate::{param_specs, Scenario};

/// The preset a link of `old`'s version is read against: its frozen preset, with every parameter `old` did not
/// have taken from `latest_preset`. (Its uncertainty list stays `old`'s: the link's edit script refers to it.)
pub(crate) fn base(old_preset: &Scenario, old: &Defaults, latest_preset: &Scenario) -> Scenario {
    let mut s = old_preset.clone();
    for spec in param_specs() {
        if old.param_index(spec.id).is_none() {
            s.params[spec.id] = latest_preset.params[spec.id];
        }
    }
    s
}

/// After the link's records are read: Monte Carlo also varies the parameters `old` did not have, as
/// `latest_preset` does.
pub(crate) fn uncertainty(s: &mut Scenario, old: &Defaults, latest_preset: &Scenario) {
    for u in &latest_preset.uncertainty.params {
        let new = old.param_index(u.param).is_none();
        if new && !s.uncertainty.params.iter().any(|x| x.param == u.param) {
            s.uncertainty.params.push(*u);
        }
    }
}
