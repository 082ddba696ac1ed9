//! Bringing a link of an older version to the latest: its inputs stay exactly what they were, and what did not
//! exist when it was made takes the frozen defaults of the version that introduced it.
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
//!
//! Version 2 → 3 (recalibration after economics v2 shipped; no parameter added): a v2 link keeps every input
//! it had, defaults included, since it is read against `v2_defaults.json`. In general a parameter an old
//! link lacks takes its value from the first version that had it, so each link's migration is fixed once
//! that version is frozen.
//!
//! Version 3 → 4 (`train_cap_share_2035` and `personnel_growth_2035` appended): a v3 link keeps every input and
//! default it had, and takes the new tapers of the training budget and of people costs' growth from
//! `v4_defaults.json` (so do v1 and v2 links, the first version with them being 4). Keeping the budget flat at
//! `train_cap_share` would reproduce the old figures, but also the cash burn for ever that the parameters were
//! added to end; the notice says what changed.

use super::frozen::{self, Defaults};
use crate::{param_specs, ParamId, PresetId, Scenario};

/// The first version after `old` that had parameter `id`, if any frozen version did (a parameter added after
/// the latest version was frozen has none: it takes today's preset value).
fn first_with(old: &Defaults, id: ParamId) -> Option<&'static Defaults> {
    frozen::after(old.version).find(|d| d.param_index(id).is_some())
}

/// The preset a link of `old`'s version is read against: its frozen preset, with every parameter `old` did not
/// have taken from the same preset of the first version that had it. (Its uncertainty list stays `old`'s: the
/// link's edit script refers to it.)
pub(crate) fn base(old: &Defaults, preset: PresetId) -> Scenario {
    let mut s = old.preset(preset).clone();
    for spec in param_specs() {
        if old.param_index(spec.id).is_none() {
            s.params[spec.id] = match first_with(old, spec.id) {
                Some(d) => d.preset(preset).params[spec.id],
                None => frozen::latest().preset(preset).params[spec.id],
            };
        }
    }
    s
}

/// After the link's records are read: Monte Carlo also varies the parameters `old` did not have, as the same
/// preset of the first version that had them does (appended in that preset's order).
pub(crate) fn uncertainty(s: &mut Scenario, old: &Defaults, preset: PresetId) {
    for d in frozen::after(old.version) {
        for u in &d.preset(preset).uncertainty.params {
            let introduced_here = old.param_index(u.param).is_none()
                && first_with(old, u.param).is_some_and(|first| first.version == d.version);
            if introduced_here && !s.uncertainty.params.iter().any(|x| x.param == u.param) {
                s.uncertainty.params.push(*u);
            }
        }
    }
}
