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
//!   tokens-per-prompt growth, re-letting after default), same layout. Shipped on 3 Dec 2026 and frozen; until then it followed the
//!   calibration: `scripts/regenerate-link-v3.sh` rewrote it (and the v3 link corpus) from today's presets.
//! * `v4_defaults.json`: every preset of version 4 (the tapers after 2030 of the training budget,
//!   `train_cap_share_2035`, and of people costs' growth, `personnel_growth_2035`), same layout. Shipped on 3 Dec 2026 and frozen; until then it followed the
//!   calibration: `scripts/regenerate-link-v4.sh` rewrote it (and the v4 link corpus) from today's presets.
//!
//! The build carries each file as a deflated delta (`v<n>_defaults.json.delta`: copies of byte ranges of a base
//! text and literal bytes, see [`undelta`]) against a text it already has: the latest version's against
//! [`live_defaults_json`] (today's presets written as a frozen file is), each older one against the next
//! version's file. The files differ little, so the deltas are a few KB in all instead of about 30 KB of
//! deflated files. A test checks that each rebuilds its `.json` byte for byte; when one does not (the latest's
//! after a preset changes), the `regenerate_frozen_deltas` test of `tests/link_corpus.rs` rewrites them
//! (`scripts/regenerate-link-v4.sh` runs it).
//!
//! A preset the file of a version lacks (one added after that version was frozen) is read as today's preset:
//! its links round-trip, but follow that preset's later changes until a new link version freezes it. This
//! keeps new presets shareable without a new link version.

use super::numbers::{preset_index, PRESETS};
use crate::file::ScenarioFile;
use crate::{ParamId, PresetId, Scenario};
use serde::Deserialize;
use std::sync::OnceLock;

/// The link version [`super::encode`] writes.
pub const LINK_VERSION: u32 = 4;

/// Whether the latest version's frozen file is exactly today's presets and parameter keys (its delta against
/// [`live_defaults_json`] copies the whole text). Then encoding, and decoding a link of the latest version,
/// read the live presets and no frozen file: the web build's first module carries no JSON reader, and only
/// an older link waits for the lazily loaded module that reads frozen files ([`set_frozen_source`]).
/// `latest_frozen_is_live_as_declared` checks it; when a preset changes after the latest version shipped,
/// set it to `false` (every link then waits for that module) or, better, add a link version.
pub const LATEST_FROZEN_IS_LIVE: bool = true;

/// Version 1's frozen defaults: a deflated delta against version 2's file.
const V1_DELTA: &[u8] = include_bytes!("v1_defaults.json.delta");
/// Version 2's frozen defaults: a deflated delta against version 3's file.
const V2_DELTA: &[u8] = include_bytes!("v2_defaults.json.delta");
/// Version 3's frozen defaults: a deflated delta against version 4's file.
const V3_DELTA: &[u8] = include_bytes!("v3_defaults.json.delta");
/// Version 4's frozen defaults: a deflated delta against [`live_defaults_json`].
const V4_DELTA: &[u8] = include_bytes!("v4_defaults.json.delta");

/// Most bytes a frozen file or delta may inflate to.
const INFLATE_LIMIT: usize = 1 << 23;

/// The text of version `version`'s frozen file (`v<version>_defaults.json`), rebuilt from what the build
/// carries.
fn frozen_json(version: u32) -> Result<Vec<u8>, String> {
    let inflate = |bytes: &[u8]| {
        miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, INFLATE_LIMIT)
            .map_err(|_| format!("v{version}: the frozen copy does not inflate"))
    };
    match version {
        1 => undelta(&frozen_json(2)?, &inflate(V1_DELTA)?),
        2 => undelta(&frozen_json(3)?, &inflate(V2_DELTA)?),
        3 => undelta(&frozen_json(4)?, &inflate(V3_DELTA)?),
        _ => undelta(live_defaults_json(4).as_bytes(), &inflate(V4_DELTA)?),
    }
}

/// Today's parameter keys (in table order) and presets, written as the frozen defaults file of link version
/// `version` is written when it is regenerated (one preset a line): the base text of the latest version's
/// delta, and what `scripts/regenerate-link-v4.sh` writes to `v4_defaults.json`.
#[doc(hidden)]
pub fn live_defaults_json(version: u32) -> String {
    let keys: Vec<&str> = crate::param_specs().iter().map(|s| s.key).collect();
    let presets: Vec<String> = PresetId::ALL
        .iter()
        .map(|p| serde_json::to_string(&Scenario::preset(*p)).unwrap_or_default())
        .collect();
    format!(
        "{{\"format\": \"gigawatt share links, version {version} (economics v2): frozen defaults. Regenerated \
         by scripts/regenerate-link-v{version}.sh until version {version} ships; never edited after\",\n\
         \"param_keys\": {},\n\"presets\": [\n{}\n]}}\n",
        serde_json::to_string(&keys).unwrap_or_default(),
        presets.join(",\n")
    )
}

/// Rebuilds a file from `base` (the file it was delta-encoded against) and the inflated `delta`: a sequence of
/// operations, each a LEB128 head `length << 1 | kind`; kind 0 copies `length` bytes of `base` from the LEB128
/// offset that follows, kind 1 appends the `length` literal bytes that follow.
pub(crate) fn undelta(base: &[u8], delta: &[u8]) -> Result<Vec<u8>, String> {
    fn varint(bytes: &[u8], at: &mut usize) -> Option<usize> {
        let mut value: usize = 0;
        for shift in (0..64).step_by(7) {
            let byte = *bytes.get(*at)?;
            *at += 1;
            value |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }
    let mut out = Vec::with_capacity(base.len());
    let mut at = 0;
    while at < delta.len() {
        let piece = varint(delta, &mut at).and_then(|head| {
            let len = head >> 1;
            let (source, start) = if head & 1 == 0 {
                (base, varint(delta, &mut at)?)
            } else {
                at += len;
                (delta, at - len)
            };
            source.get(start..start.checked_add(len)?)
        });
        out.extend_from_slice(piece.ok_or("a frozen delta is damaged")?);
    }
    Ok(out)
}

/// Presets version 1 knew (numbers 0–12); its links never name another.
const V1_PRESETS: usize = 13;

#[derive(Deserialize)]
struct DefaultsFile {
    param_keys: Vec<String>,
    /// Whole scenarios, read through the files' reader (`ScenarioFile::into_complete`).
    presets: Vec<ScenarioFile>,
}

impl DefaultsFile {
    /// Reads a frozen file's JSON text: its keys, and each preset completed as files are.
    fn parse(text: &str) -> Result<FrozenFile, String> {
        let file = serde_json::from_str::<DefaultsFile>(text).map_err(|e| e.to_string())?;
        Ok(FrozenFile {
            param_keys: file.param_keys,
            presets: file
                .presets
                .into_iter()
                .map(ScenarioFile::into_complete)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A frozen file's parameter keys and presets, as read. The web build's lazily loaded JSON module reads the
/// file ([`read_frozen_file`]) and hands this to the first module (each preset as link records,
/// `super::scenario_records`), which registers it with [`set_frozen_source`].
#[derive(Clone, Debug, PartialEq)]
pub struct FrozenFile {
    pub param_keys: Vec<String>,
    pub presets: Vec<Scenario>,
}

/// Where the frozen files come from: a function of the link version.
pub type FrozenSource = fn(u32) -> Result<FrozenFile, String>;

static SOURCE: OnceLock<FrozenSource> = OnceLock::new();

/// Sets where frozen files are read from, once, before the first link of an older version is read (each
/// version's defaults are read once and kept). Native builds read them with [`read_frozen_file`] unless told
/// otherwise; the web build has no JSON reader in its first module and registers what its lazily loaded
/// module read. Returns `false` if a source was already set.
pub fn set_frozen_source(source: FrozenSource) -> bool {
    SOURCE.set(source).is_ok()
}

/// Version `version`'s frozen file from the registered source, or the build's default one.
fn frozen_file(version: u32) -> Result<FrozenFile, String> {
    match SOURCE.get() {
        Some(source) => source(version),
        None => default_source(version),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn default_source(version: u32) -> Result<FrozenFile, String> {
    read_frozen_file(version)
}

/// In WebAssembly the JSON reader is never linked unless a source names it: without one the live presets stand
/// in, and decoding says so.
#[cfg(target_arch = "wasm32")]
fn default_source(version: u32) -> Result<FrozenFile, String> {
    Err(format!(
        "the frozen defaults of version {version} were not loaded"
    ))
}

/// Reads version `version`'s frozen file (rebuilt from its delta) as JSON.
pub fn read_frozen_file(version: u32) -> Result<FrozenFile, String> {
    frozen_json(version)
        // From text, as `Scenario::from_json` reads files: one reader type keeps one copy of the
        // deserialising code in the JSON module.
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
        .and_then(|text| DefaultsFile::parse(&text))
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
        3 => v3(),
        _ => latest(),
    }
}

/// The defaults [`super::encode`] writes against.
pub(crate) fn latest() -> &'static Defaults {
    v4()
}

/// The frozen defaults of the versions after `version`, oldest first (the migration takes a parameter an old
/// link lacks from the first version that had it).
pub(crate) fn after(version: u32) -> impl Iterator<Item = &'static Defaults> {
    (version + 1..=LINK_VERSION).map(for_version)
}

fn v1() -> &'static Defaults {
    static V1: OnceLock<Defaults> = OnceLock::new();
    V1.get_or_init(|| load(1, frozen_file(1), V1_PRESETS))
}

/// Presets version 2 knew (numbers 0–12, the same as version 1).
const V2_PRESETS: usize = 13;

fn v2() -> &'static Defaults {
    static V2: OnceLock<Defaults> = OnceLock::new();
    V2.get_or_init(|| load(2, frozen_file(2), V2_PRESETS))
}

/// Presets version 3 knew (numbers 0–14: version 2's and the two of 2026).
const V3_PRESETS: usize = 15;

fn v3() -> &'static Defaults {
    static V3: OnceLock<Defaults> = OnceLock::new();
    V3.get_or_init(|| load(3, frozen_file(3), V3_PRESETS))
}

fn v4() -> &'static Defaults {
    static V4: OnceLock<Defaults> = OnceLock::new();
    if LATEST_FROZEN_IS_LIVE {
        return live();
    }
    V4.get_or_init(|| load(4, frozen_file(4), PRESETS.len()))
}

/// Today's parameter keys and presets, as defaults: the latest version's while [`LATEST_FROZEN_IS_LIVE`], and
/// what scenarios handed between the web build's modules are written against (`super::scenario_records`).
pub(crate) fn live() -> &'static Defaults {
    static LIVE: OnceLock<Defaults> = OnceLock::new();
    LIVE.get_or_init(live_defaults)
}

fn live_defaults() -> Defaults {
    Defaults {
        version: LINK_VERSION,
        param_keys: crate::param_specs()
            .iter()
            .map(|s| s.key.to_string())
            .collect(),
        presets: PRESETS.iter().map(|id| Scenario::preset(*id)).collect(),
        known_presets: PRESETS.len(),
        problem: None,
    }
}

/// The defaults of a frozen file (`file`, or why it could not be read). If the live model can no longer read
/// it (a field renamed without a serde alias), or it could not be loaded, the live presets stand in and every
/// decode warns, rather than links failing outright.
fn load(version: u32, file: Result<FrozenFile, String>, known_presets: usize) -> Defaults {
    debug_assert!(version <= LINK_VERSION);
    let parsed = file.and_then(|file| {
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
    fn frozen_presets_read_as_scenarios_own_deserialize_reads_them() {
        #[derive(Deserialize)]
        struct AsScenarios {
            presets: Vec<Scenario>,
        }
        for version in 1..=LINK_VERSION {
            let text = String::from_utf8(frozen_json(version).unwrap()).unwrap();
            let expected = serde_json::from_str::<AsScenarios>(&text).unwrap().presets;
            let d = for_version(version);
            assert!(!expected.is_empty());
            for s in &expected {
                assert_eq!(d.preset(s.preset), s, "v{version} {}", s.preset.slug());
            }
        }
        // Fields a whole scenario may leave out take the same defaults through both readers.
        let mut sparse: serde_json::Value = serde_json::from_str(
            &serde_json::to_string(&Scenario::preset(PresetId::Bear)).unwrap(),
        )
        .unwrap();
        let object = sparse.as_object_mut().unwrap();
        for field in [
            "chips",
            "cap_table",
            "marks",
            "seed",
            "mc_runs",
            "uncertainty",
        ] {
            object.remove(field);
        }
        object["params"]
            .as_object_mut()
            .unwrap()
            .remove("base_delay_months");
        let text = sparse.to_string();
        let file: ScenarioFile = serde_json::from_str(&text).unwrap();
        assert_eq!(
            file.into_complete().unwrap(),
            serde_json::from_str::<Scenario>(&text).unwrap()
        );
        for field in ["name", "preset", "params", "contracts", "funding"] {
            let mut lacking = sparse.clone();
            lacking.as_object_mut().unwrap().remove(field);
            let file: ScenarioFile = serde_json::from_str(&lacking.to_string()).unwrap();
            assert!(file.into_complete().is_err(), "{field}");
            assert!(serde_json::from_str::<Scenario>(&lacking.to_string()).is_err());
        }
    }

    #[test]
    fn frozen_defaults_are_readable_and_match_their_json() {
        let files: [(&Defaults, &[u8]); 4] = [
            (v1(), include_bytes!("v1_defaults.json")),
            (v2(), include_bytes!("v2_defaults.json")),
            (v3(), include_bytes!("v3_defaults.json")),
            (v4(), include_bytes!("v4_defaults.json")),
        ];
        for (d, json) in files {
            assert_eq!(d.problem, None, "v{}", d.version);
            assert!(
                frozen_json(d.version).unwrap() == json,
                "v{}: the .delta is stale (UPDATE_LINK_DEFAULTS=deltas cargo test -p gigawatt-model --test \
                 link_corpus -- --ignored regenerate_frozen_deltas rewrites it)",
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
        assert_eq!(v3().known_presets, 15);
        assert_eq!(latest().known_presets, PRESETS.len());
        assert_eq!(latest().version, LINK_VERSION);
        assert_eq!(after(1).map(|d| d.version).collect::<Vec<_>>(), [2, 3, 4]);
    }

    #[test]
    fn latest_frozen_is_live_as_declared() {
        let latest_file = frozen_json(LINK_VERSION).unwrap();
        assert_eq!(
            latest_file == live_defaults_json(LINK_VERSION).as_bytes(),
            LATEST_FROZEN_IS_LIVE,
            "LATEST_FROZEN_IS_LIVE says whether v{LINK_VERSION}_defaults.json is today's presets; a preset \
             changed after it shipped needs a new link version (or LATEST_FROZEN_IS_LIVE = false)"
        );
        // The live defaults the first module uses are those the file reads to.
        let from_file = load(LINK_VERSION, read_frozen_file(LINK_VERSION), PRESETS.len());
        let live = live();
        assert_eq!(live.version, LINK_VERSION);
        assert_eq!(live.param_keys, from_file.param_keys);
        assert_eq!(live.known_presets, from_file.known_presets);
        for p in PRESETS {
            assert_eq!(live.preset(p), from_file.preset(p), "{}", p.slug());
        }
    }

    #[test]
    fn a_delta_copies_and_inserts_and_refuses_damage() {
        // Copy 3 bytes from offset 1, insert "xy", copy 1 byte from offset 0.
        let delta = [3 << 1, 1, (2 << 1) | 1, b'x', b'y', 1 << 1, 0];
        assert_eq!(undelta(b"abcde", &delta).unwrap(), b"bcdxya");
        assert_eq!(undelta(b"abc", &[]).unwrap(), b"");
        for damaged in [
            &[4 << 1, 0][..],
            &[(3 << 1) | 1, b'x'],
            &[0x80],
            &[1 << 1, 0x80],
        ] {
            assert!(undelta(b"abc", damaged).is_err(), "{damaged:?}");
        }
    }

    #[test]
    fn a_preset_the_frozen_file_lacks_is_todays() {
        // As for a preset added after a version was frozen: links to it still round-trip.
        let json = format!(
            r#"{{"param_keys": {}, "presets": [{}]}}"#,
            serde_json::to_string(&v2().param_keys).unwrap(),
            serde_json::to_string(v2().preset(PresetId::AsReported)).unwrap()
        );
        let d = load(2, DefaultsFile::parse(&json), PRESETS.len());
        assert_eq!(d.problem, None);
        assert_eq!(d.preset(PresetId::Bear), &Scenario::preset(PresetId::Bear));
        assert_eq!(
            d.preset(PresetId::AsReported),
            v2().preset(PresetId::AsReported)
        );
        // A damaged file: today's presets stand in, and decoding will say so.
        let d = load(
            2,
            undelta(b"short", &[0x08, 0x03]).map(|_| unreachable!()),
            PRESETS.len(),
        );
        assert!(d.problem.is_some());
        assert_eq!(d.preset(PresetId::Bull), &Scenario::preset(PresetId::Bull));
    }

    #[test]
    fn each_version_appends_to_the_parameter_order_of_the_last() {
        // A link names a parameter by its index: reordering would change what old links mean.
        for (old, new) in [(v1(), v2()), (v2(), v3()), (v3(), v4())] {
            assert_eq!(new.param_keys[..old.param_keys.len()], old.param_keys[..]);
        }
        // The live table appends to the latest's too (parameters added after it are written by key).
        let live: Vec<&str> = crate::param_specs().iter().map(|s| s.key).collect();
        assert_eq!(live[..latest().param_keys.len()], latest().param_keys[..]);
    }
}
