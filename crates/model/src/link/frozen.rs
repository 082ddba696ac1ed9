//! The frozen defaults a link is a difference from: for each link version, the presets and the parameter
//! order exactly as they were when that version shipped. Decoding reads these, never the live presets, so
//! changing a default later cannot move a link already issued; a new default therefore needs a new link
//! version whose decoder migrates the older ones (`migrate.rs`).
//!
//! * `v1_defaults.json`: the 13 presets of version 1 (generated once from `Scenario::preset(..)`). Never
//!   edited, never regenerated.
//! * `v2_defaults.json`: every preset of version 2 (economics v2), keyed by slug, and the parameter keys in
//!   table order (v1's keys, then the parameters added after them). Until version 2 ships it follows the
//!   calibration: `scripts/regenerate-link-v2.sh` rewrites it (and the v2 link corpus) from today's presets.
//!   Version 2 shipped with economics v2 (December 2026) and is frozen like v1's.
//! * `v3_defaults.json`: every preset of version 3 (the recalibration after economics v2 shipped: late
//!   tokens-per-prompt growth, re-letting after default), same layout. Until version 3 ships it follows the
//!   calibration: `scripts/regenerate-link-v3.sh` rewrites it (and the v3 link corpus) from today's presets.
//!
//! Each is kept deflated (`*.json.deflate`) so the web build stays small; a test checks the two copies agree.
//!
//! A preset the file of a version lacks (one added after that version was frozen) is read as today's preset:
//! its links round-trip, but follow that preset's later changes until a new link version freezes it. This
//! keeps new presets shareable without a new link version.

use super::numbers::{preset_index, PRESETS};
use crate::{ParamId, PresetId, Scenario};
use serde::Deserialize;
use std::sync::OnceLock;

/// The link version [`super::encode`] writes.
pub const LINK_VERSION: u32 = 3;

/// Version 1's frozen defaults, deflated.
const V1_DEFLATED: &[u8] = include_bytes!("v1_defaults.json.deflate");
/// Version 2's frozen defaults, deflated.
const V2_DEFLATED: &[u8] = include_bytes!("v2_defaults.json.deflate");
/// Version 3's frozen defaults, deflated.
const V3_DEFLATED: &[u8] = include_bytes!("v3_defaults.json.deflate");

/// Presets version 1 knew (numbers 0–12); its links never name another.
const V1_PRESETS: usize = 13;

#[derive(Deserialize)]
struct DefaultsFile {
    param_keys: Vec<String>,
    presets: Vec<Scenario>,
}

/// The frozen defaults of one link version, read once.
pub(crate) struct Defaults {
    /// The link version these defaults belong to.
    pub version: u32,
    /// Parameter keys in the version's order; a link names a parameter by its index here.
    pub param_keys: Vec<String>,
    /// Every preset, by its number (`numbers::PRESETS`): as frozen, or today's if the file lacks it.
    presets: Vec<Scenario>,
    /// How many presets (by number) links of this version may name. The latest version knows every preset,
    /// since [`super::encode`] writes it.
    pub known_presets: usize,
    /// Why the frozen file could not be read (then the live presets stand in), if it could not.
    pub problem: Option<String>,
}

/// The defaults of link version `version`: its own, or the latest (newer links are read as the latest).
pub(crate) fn for_version(version: u32) -> &'static Defaults {
    match version {
        1 => v1(),
        2 => v2(),
        _ => latest(),
    }
}

/// The defaults [`super::encode`] writes against.
pub(crate) fn latest() -> &'static Defaults {
    v3()
}

/// The frozen defaults of the versions after `version`, oldest first (the migration takes a parameter an old
/// link lacks from the first version that had it).
pub(crate) fn after(version: u32) -> impl Iterator<Item = &'static Defaults> {
    (version + 1..=LINK_VERSION).map(for_version)
}

fn v1() -> &'static Defaults {
    static V1: OnceLock<Defaults> = OnceLock::new();
    V1.get_or_init(|| load(1, V1_DEFLATED, V1_PRESETS))
}

/// Presets version 2 knew (numbers 0–12, the same as version 1).
const V2_PRESETS: usize = 13;

fn v2() -> &'static Defaults {
    static V2: OnceLock<Defaults> = OnceLock::new();
    V2.get_or_init(|| load(2, V2_DEFLATED, V2_PRESETS))
}

fn v3() -> &'static Defaults {
    static V3: OnceLock<Defaults> = OnceLock::new();
    V3.get_or_init(|| load(3, V3_DEFLATED, PRESETS.len()))
}

/// Reads a frozen file. If the live model can no longer read it (a field renamed without a serde alias), the
/// live presets stand in and every decode warns, rather than links failing outright.
fn load(version: u32, deflated: &[u8], known_presets: usize) -> Defaults {
    debug_assert!(version <= LINK_VERSION);
    let parsed = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, 1 << 23)
        .map_err(|e| format!("{e:?}"))
        .and_then(|bytes| serde_json::from_slice::<DefaultsFile>(&bytes).map_err(|e| e.to_string()))
        .and_then(|file| {
            // Version 1's file holds its 13 presets; a later one at least "As reported" (a preset it lacks is
            // today's, see the module docs).
            let required = if version == 1 { V1_PRESETS } else { 1 };
            let has = |p: &PresetId| file.presets.iter().any(|s| s.preset == *p);
            if PRESETS[..required].iter().all(has) {
                Ok(file)
            } else {
                Err("it lacks presets its links may name".into())
            }
        });
    let live_keys = || {
        crate::param_specs()
            .iter()
            .map(|s| s.key.to_string())
            .collect()
    };
    let (param_keys, frozen, problem) = match parsed {
        Ok(file) => (file.param_keys, file.presets, None),
        Err(e) => (live_keys(), Vec::new(), Some(e)),
    };
    let presets = PRESETS
        .iter()
        .map(|id| {
            frozen
                .iter()
                .find(|s| s.preset == *id)
                .cloned()
                .unwrap_or_else(|| Scenario::preset(*id))
        })
        .collect();
    Defaults {
        version,
        param_keys,
        presets,
        known_presets,
        problem,
    }
}

impl Defaults {
    /// The frozen scenario of a preset.
    pub fn preset(&self, id: PresetId) -> &Scenario {
        &self.presets[preset_index(id)]
    }

    /// This version's index of a live parameter, if the version knew it.
    pub fn param_index(&self, id: ParamId) -> Option<usize> {
        let key = id.spec().key;
        self.param_keys.iter().position(|k| k == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_defaults_are_readable_and_match_their_json() {
        let files: [(&Defaults, &[u8], &[u8]); 3] = [
            (v1(), V1_DEFLATED, include_bytes!("v1_defaults.json")),
            (v2(), V2_DEFLATED, include_bytes!("v2_defaults.json")),
            (v3(), V3_DEFLATED, include_bytes!("v3_defaults.json")),
        ];
        for (d, deflated, json) in files {
            assert_eq!(d.problem, None, "v{}", d.version);
            let inflated = miniz_oxide::inflate::decompress_to_vec(deflated).unwrap();
            assert!(
                inflated == json,
                "v{}: the .deflate copy is stale",
                d.version
            );
            for p in PRESETS {
                assert_eq!(d.preset(p).preset, p);
                assert_eq!(
                    d.preset(p).validate(),
                    vec![],
                    "v{} {}",
                    d.version,
                    p.slug()
                );
            }
        }
        assert_eq!(v1().presets.len(), PRESETS.len());
        assert_eq!(v1().known_presets, 13);
        assert_eq!(v2().known_presets, 13);
        assert_eq!(latest().known_presets, PRESETS.len());
        assert_eq!(latest().version, LINK_VERSION);
        assert_eq!(after(1).map(|d| d.version).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn a_preset_the_frozen_file_lacks_is_todays() {
        // As for a preset added after a version was frozen: links to it still round-trip.
        let json = format!(
            r#"{{"param_keys": {}, "presets": [{}]}}"#,
            serde_json::to_string(&v2().param_keys).unwrap(),
            serde_json::to_string(v2().preset(PresetId::AsReported)).unwrap()
        );
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        let d = load(2, &deflated, PRESETS.len());
        assert_eq!(d.problem, None);
        assert_eq!(d.preset(PresetId::Bear), &Scenario::preset(PresetId::Bear));
        assert_eq!(
            d.preset(PresetId::AsReported),
            v2().preset(PresetId::AsReported)
        );
        // A damaged file: today's presets stand in, and decoding will say so.
        let d = load(2, b"not deflate", PRESETS.len());
        assert!(d.problem.is_some());
        assert_eq!(d.preset(PresetId::Bull), &Scenario::preset(PresetId::Bull));
    }

    #[test]
    fn each_version_appends_to_the_parameter_order_of_the_last() {
        // A link names a parameter by its index: reordering would change what old links mean.
        for (old, new) in [(v1(), v2()), (v2(), v3())] {
            assert_eq!(new.param_keys[..old.param_keys.len()], old.param_keys[..]);
        }
        // The live table appends to the latest's too (parameters added after it are written by key).
        let live: Vec<&str> = crate::param_specs().iter().map(|s| s.key).collect();
        assert_eq!(live[..latest().param_keys.len()], latest().param_keys[..]);
    }
}
