//! The corpora of real share links: each must decode, without warnings, to the same scenario forever.
//!
//! * `tests/link-corpus/v1.txt`, `v1/<slug>.json`: version-1 links (economics v1) and what they decoded to
//!   when version 1 shipped. Closed (no v1 link can be made any more) and never edited. They now decode
//!   through the migration: every input the stored scenario holds must come back unchanged, and the parameters
//!   version 1 did not have must take their values in `v2_defaults.json` (see `src/link/migrate.rs`), with the
//!   notice that the figures now come from economics v2.
//! * `tests/link-corpus/v2.txt`, `v2/<slug>.json`: version-2 links (economics v2, December 2026). Closed and
//!   never edited: they decode, against `v2_defaults.json`, to exactly what they did, with the notice that
//!   today's presets have changed since.
//! * `tests/link-corpus/v3.txt`, `v3/<slug>.json`: version-3 links (shipped 3 Dec 2026). Closed and never
//!   edited: they decode, against `v3_defaults.json`, to what they did, with the parameters version 4 added
//!   (`train_cap_share_2035`, `personnel_growth_2035`) taken from `v4_defaults.json`, and the notice that today's presets changed.
//! * `tests/link-corpus/v4.txt`, `v4/<slug>.json`: version-4 links made by `encode` (shipped 3 Dec 2026). Closed
//!   and never edited since [`LINK_V4_SHIPPED`]; before, they followed the calibration: `scripts/regenerate-link-v4.sh` rewrites `src/link/v4_defaults.json` and then
//!   this corpus (two cargo runs, since the frozen file is compiled in):
//!
//!   ```text
//!   UPDATE_LINK_DEFAULTS=4 cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v4_defaults
//!   UPDATE_LINK_DEFAULTS=4 cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v4_corpus
//!   ```
//!
//!   Without `UPDATE_LINK_DEFAULTS=4` the same two tests only check that the frozen file and the corpus match
//!   today's presets. Version 4 has shipped: both are promises like v3's, and the regeneration refuses to write.

mod link_support;

use gigawatt_model::link::{decode, encode, LinkState, View};
use gigawatt_model::*;
use link_support::*;
use std::path::{Path, PathBuf};

/// Whether link version 4 has shipped: from then on `v4_defaults.json` and the v4 corpus can never be
/// regenerated, and a new default needs link version 5 and a migration (`frozen.rs`, `migrate.rs`).
/// (Version 2 shipped with economics v2 on 2 Dec 2026, version 3 with the 2026 recalibration on 3 Dec 2026,
/// version 4 with the later years' costs (`train_cap_share_2035`, `personnel_growth_2035`) on 3 Dec 2026.)
const LINK_V4_SHIPPED: bool = true;
/// The link version whose frozen defaults and corpus the regeneration below writes.
const REGENERATED: u32 = 4;

fn state(scenario: Scenario) -> LinkState {
    LinkState {
        scenario,
        pinned: None,
        view: View::default(),
    }
}

fn link_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/link")
}

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct Expected {
    scenario: Scenario,
    pinned: Option<Scenario>,
    tab: Option<String>,
    year: Option<i32>,
    embed: Option<String>,
}

fn expected_of(s: &LinkState) -> Expected {
    Expected {
        scenario: s.scenario.clone(),
        pinned: s.pinned.clone(),
        tab: s.view.tab.clone(),
        year: s.view.year,
        embed: s.view.embed.clone(),
    }
}

fn read_expected(version: u32, slug: &str) -> (String, Expected) {
    let path = corpus_dir()
        .join(format!("v{version}"))
        .join(format!("{slug}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expected = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{slug}: {e}"));
    (text, expected)
}

/// The parameter keys and presets of a frozen defaults file (`src/link/v<version>_defaults.json`).
fn frozen_file(version: u32) -> (Vec<String>, Vec<Scenario>) {
    #[derive(serde::Deserialize)]
    struct File {
        param_keys: Vec<String>,
        presets: Vec<Scenario>,
    }
    let path = link_dir().join(format!("v{version}_defaults.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: File =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (file.param_keys, file.presets)
}

/// What a stored v1 scenario becomes through the migration: the parameters it does not hold (those added
/// after version 1) take their value in the same preset of `v2_defaults.json`, and Monte Carlo varies them as
/// that preset does (their entries appended). Everything the stored scenario holds is kept as it is.
fn migrated(mut s: Scenario, stored_keys: &[String], v2_presets: &[Scenario]) -> Scenario {
    let v2 = v2_presets
        .iter()
        .find(|p| p.preset == s.preset)
        .cloned()
        .unwrap_or_else(|| Scenario::preset(s.preset));
    let new = |id: ParamId| !stored_keys.iter().any(|k| k == id.spec().key);
    for spec in param_specs().iter().filter(|spec| new(spec.id)) {
        s.params[spec.id] = v2.params[spec.id];
    }
    for u in v2.uncertainty.params.iter().filter(|u| new(u.param)) {
        if !s.uncertainty.params.iter().any(|x| x.param == u.param) {
            s.uncertainty.params.push(*u);
        }
    }
    s
}

/// The parameter keys a stored scenario (JSON object) holds.
fn stored_param_keys(scenario: &serde_json::Value) -> Vec<String> {
    scenario["params"]
        .as_object()
        .expect("a stored scenario lists its parameters")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn v1_links_decode_to_the_same_inputs_forever_migrated_to_v2() {
    let links = corpus(1);
    assert!(links.len() >= 25, "the corpus lost links");
    let (v1_keys, _) = frozen_file(1);
    let (_, v2_presets) = frozen_file(2);
    let mut sorted_v1_keys = v1_keys.clone();
    sorted_v1_keys.sort();
    for (slug, link) in links {
        let decoded = decode(&link);
        assert_eq!(decoded.warnings, Vec::<String>::new(), "{slug}");
        assert_eq!(decoded.economics_version, 1, "{slug}");
        assert_eq!(decoded.notices.len(), 1, "{slug}");
        assert!(
            decoded.notices[0].starts_with("This link was made with Gigawatt's economics v1 ("),
            "{slug}: {:?}",
            decoded.notices
        );
        let (text, stored) = read_expected(1, &slug);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        // The stored scenarios hold exactly version 1's parameters: the others are the new ones.
        let mut keys = stored_param_keys(&json["scenario"]);
        keys.sort();
        assert_eq!(keys, sorted_v1_keys, "{slug}");
        let expected = Expected {
            scenario: migrated(stored.scenario, &keys, &v2_presets),
            pinned: stored.pinned.map(|p| {
                let keys = stored_param_keys(&json["pinned"]);
                migrated(p, &keys, &v2_presets)
            }),
            ..stored
        };
        assert_eq!(expected_of(&decoded.state), expected, "{slug}: {link}");
        assert!(decoded.state.scenario.validate().is_empty(), "{slug}");
        // Every value the stored scenario names, checked once more on the JSON itself (so a field the live
        // model reads differently would show).
        let decoded_json = serde_json::to_value(expected_of(&decoded.state)).unwrap();
        for (field, value) in json.as_object().unwrap() {
            contains(&decoded_json[field], value, &format!("{slug}: {field}"));
        }
    }
}

/// `stored` is `decoded` with, at most, parameters and uncertain entries missing (those added after v1).
fn contains(decoded: &serde_json::Value, stored: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (decoded, stored) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                contains(d.get(k).unwrap_or(&Value::Null), v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(d), Value::Array(s)) if at.ends_with("uncertainty.params") => {
            assert!(d.len() >= s.len(), "{at}");
            for (i, v) in s.iter().enumerate() {
                contains(&d[i], v, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(decoded, stored, "{at}"),
    }
}

#[test]
fn v2_links_decode_to_the_same_scenario_forever() {
    older_links_decode_to_the_same_scenario_forever(2);
}

/// Links of `version`, an older one, decode to their stored scenario with the notice that today's presets
/// have changed since (the parameters added later take their frozen values: see `src/link/migrate.rs`).
fn older_links_decode_to_the_same_scenario_forever(version: u32) {
    let links = corpus(version);
    assert!(links.len() >= 10, "the v{version} corpus lost links");
    for (slug, link) in links {
        let decoded = decode(&link);
        assert_eq!(decoded.warnings, Vec::<String>::new(), "{slug}");
        assert_eq!(decoded.notices.len(), 1, "{slug}");
        let notice =
            format!("This link keeps the defaults it was made with (link version {version})");
        assert!(
            decoded.notices[0].starts_with(&notice),
            "{slug}: {:?}",
            decoded.notices
        );
        assert_eq!(decoded.economics_version, ECONOMICS_VERSION, "{slug}");
        let (_, expected) = read_expected(version, &slug);
        assert_eq!(expected_of(&decoded.state), expected, "{slug}: {link}");
        assert!(decoded.state.scenario.validate().is_empty(), "{slug}");
    }
}

#[test]
fn v3_links_decode_to_the_same_scenario_forever() {
    older_links_decode_to_the_same_scenario_forever(3);
}

#[test]
fn v4_links_decode_to_the_same_scenario_forever() {
    let links = corpus(4);
    assert!(links.len() >= 10, "the v4 corpus lost links");
    for (slug, link) in links {
        let decoded = decode(&link);
        assert_eq!(decoded.warnings, Vec::<String>::new(), "{slug}");
        assert_eq!(decoded.notices, Vec::<String>::new(), "{slug}");
        assert_eq!(decoded.economics_version, ECONOMICS_VERSION, "{slug}");
        let (_, expected) = read_expected(4, &slug);
        assert_eq!(expected_of(&decoded.state), expected, "{slug}: {link}");
        assert!(decoded.state.scenario.validate().is_empty(), "{slug}");
    }
}

/// The slugs of the v1 corpus's edits that the later corpora repeat (plus their own, `v2-…`).
const LATER_CORPUS: [&str; 13] = [
    "default",
    "bear",
    "sliders-bear-3",
    "sliders-10",
    "deal-deleted",
    "deal-added",
    "deal-edited",
    "funding-added-removed",
    "renamed",
    "uncertainty",
    "view-tab-year",
    "embed",
    "pinned-both-edited",
];

/// The edited states the corpora hold, by slug (built from today's presets).
fn corpus_states() -> Vec<(&'static str, &'static str, LinkState)> {
    let mut out = vec![(
        "default",
        "untouched As reported",
        state(Scenario::default()),
    )];
    for p in PresetId::ALL {
        out.push((p.slug(), p.label(), state(Scenario::preset(p))));
    }
    let edit = |preset, f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::preset(preset);
        f(&mut s);
        state(s)
    };
    use ParamId as P;
    out.push((
        "slider-delay",
        "As reported, delivery delay 9 months",
        edit(PresetId::AsReported, &|s| {
            s.params[P::BaseDelayMonths] = 9.0
        }),
    ));
    out.push((
        "sliders-bear-3",
        "Bear with three sliders moved",
        edit(PresetId::Bear, &|s| {
            s.params[P::Pue] = 1.31;
            s.params[P::AutoDebt] = 1.0;
            s.params[P::IpoDate] = 2027.0 + 5.0 / 12.0;
        }),
    ));
    out.push((
        "sliders-10",
        "ten sliders",
        edit(PresetId::AsReported, &|s| ten_sliders(s)),
    ));
    out.push((
        "deal-deleted",
        "As reported without L4 (Oracle 4.5 GW)",
        edit(PresetId::AsReported, &|s| {
            s.contracts.remove(3);
        }),
    ));
    out.push((
        "deal-added",
        "As reported plus a 2 GW lease",
        edit(PresetId::AsReported, &|s| {
            s.contracts
                .push(new_contract("Hypothetical 2 GW lease", 2.0, 2027))
        }),
    ));
    out.push((
        "deal-edited",
        "P3 ramp capped at 4 GW and debt-financed",
        edit(PresetId::AsReported, &|s| {
            let c = &mut s.contracts[11];
            c.ramp
                .iter_mut()
                .for_each(|p| p.cumulative_gw = p.cumulative_gw.min(4.0));
            c.pricing = Pricing::Purchase {
                financing: FinancingMode::Debt,
                vendor_content_usd_b_per_gw: 25.0,
                other_it_usd_b_per_gw: 3.0,
                self_build: true,
            };
        }),
    ));
    out.push((
        "funding-edited",
        "NVIDIA tranche 3 cut to $5B and moved to 2027-01",
        edit(PresetId::AsReported, &|s| {
            s.funding[7].amount_usd_b = 5.0;
            s.funding[7].timing = FundingTiming::At(Month::from_ym(2027, 1));
        }),
    ));
    out.push((
        "funding-added-removed",
        "a new round added, SoftBank tranche 3 removed",
        edit(PresetId::CompanyPlan, &|s| {
            s.funding.remove(10);
            s.funding.push(new_funding(40.0, Month::from_ym(2027, 6)));
        }),
    ));
    out.push((
        "renamed",
        "renamed with unicode",
        edit(PresetId::Bull, &|s| {
            s.name = "Bär 🐻 — “optimistic” 楽観".into()
        }),
    ));
    out.push((
        "seed-runs",
        "custom Monte Carlo seed and runs",
        edit(PresetId::AsReported, &|s| {
            s.seed = 123_456_789_012;
            s.mc_runs = 5000;
        }),
    ));
    out.push((
        "uncertainty",
        "LOI probability 30%",
        edit(PresetId::AsReported, &|s| {
            s.uncertainty.loi_probability = 0.3
        }),
    ));
    let mut v = edit(PresetId::Bear, &|s| s.params[P::Pue] = 1.25);
    v.view = View {
        tab: Some("deals".into()),
        year: Some(2030),
        embed: None,
        theme: None,
    };
    out.push(("view-tab-year", "Bear, deals tab, year 2030", v));
    let mut v = state(Scenario::preset(PresetId::CreditCrunch));
    v.view = View {
        tab: None,
        year: None,
        embed: Some("cash-runway".into()),
        theme: None,
    };
    out.push(("embed", "an embedded chart", v));
    let mut v = edit(PresetId::AsReported, &|s| ten_sliders(s));
    v.pinned = Some(Scenario::preset(PresetId::Bear));
    out.push(("pinned", "ten sliders compared with Bear pinned as A", v));
    let mut v = edit(PresetId::Ipo2026, &|s| {
        s.contracts.push(new_contract("Extra", 1.0, 2028));
        s.name = "IPO + extra".into();
    });
    let mut a = Scenario::preset(PresetId::Bull);
    a.params[P::MultipleScale] = 1.45;
    v.pinned = Some(a);
    v.view.tab = Some("compare".into());
    out.push((
        "pinned-both-edited",
        "both scenarios edited, compare tab",
        v,
    ));
    // Economics v2's parameters (absent from version 1).
    out.push((
        "v2-params",
        "As reported with economics v2's parameters moved",
        edit(PresetId::AsReported, &|s| {
            s.params[P::UsageElasticity] = 0.8;
            s.params[P::AutoRenew] = 0.0;
            s.params[P::EquityCapacityShare] = 0.1;
            s.params[P::DefaultAfterMonths] = 9.0;
        }),
    ));
    out.push((
        "v2-uncertainty",
        "Bear with a narrower Monte Carlo range for usage elasticity and more price pass-through",
        edit(PresetId::Bear, &|s| {
            s.params[P::ApiPricePassThrough] = 0.8;
            let u = s
                .uncertainty
                .params
                .iter_mut()
                .find(|u| u.param == P::UsageElasticity);
            if let Some(u) = u {
                u.low = 1.1;
                u.high = 1.5;
            }
        }),
    ));
    out
}

/// Whether the regeneration may write (`UPDATE_LINK_DEFAULTS=3`); otherwise it only checks.
fn updating() -> bool {
    let update = std::env::var("UPDATE_LINK_DEFAULTS").is_ok_and(|v| v == REGENERATED.to_string());
    assert!(
        !(update && LINK_V4_SHIPPED),
        "link version 4 has shipped: its frozen defaults and corpus are promises and cannot be regenerated \
         (a new default now needs link version 5 and a migration)"
    );
    update
}

/// Writes `text` to `path` when updating; otherwise fails if they differ. Returns whether it changed.
fn write_or_check(path: &Path, text: &[u8]) -> bool {
    let old = std::fs::read(path).unwrap_or_default();
    if old == text {
        return false;
    }
    assert!(
        updating(),
        "{} does not match today's presets; before link version 4 ships, run scripts/regenerate-link-v4.sh",
        path.display()
    );
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("wrote {}", path.display());
    true
}

/// `v4_defaults.json` as it would be frozen today: the parameter keys in table order and every preset, one
/// per line so a regeneration shows as a readable diff (the model's own writer: version 4's delta is against it).
fn latest_defaults_json() -> String {
    gigawatt_model::link::live_defaults_json(REGENERATED)
}

#[test]
#[ignore = "regenerates (UPDATE_LINK_DEFAULTS=4) or checks src/link/v4_defaults.json; see the module docs"]
fn regenerate_v4_defaults() {
    let json = latest_defaults_json();
    // The latest version must read every link the last could name: its order appends to the last's.
    let (previous_keys, _) = frozen_file(REGENERATED - 1);
    let keys: Vec<&str> = param_specs().iter().map(|s| s.key).collect();
    assert_eq!(
        keys[..previous_keys.len()],
        previous_keys[..],
        "the parameter table must append to the previous version's order"
    );
    let name = format!("v{REGENERATED}_defaults.json");
    write_or_check(&link_dir().join(&name), json.as_bytes());
}

/// Rewrites (`UPDATE_LINK_DEFAULTS` set to `deltas` or the regenerated version) or checks the deltas the build
/// carries for the frozen files (see `src/link/frozen.rs`): the latest's against today's presets as written by
/// `live_defaults_json`, each older one against the next version's file. The frozen `.json` files are only
/// read, so this may run after the latest version has shipped (a preset changed: its delta must follow).
#[test]
#[ignore = "regenerates (UPDATE_LINK_DEFAULTS=deltas) or checks src/link/v*_defaults.json.delta"]
fn regenerate_frozen_deltas() {
    let update = std::env::var("UPDATE_LINK_DEFAULTS")
        .is_ok_and(|v| v == "deltas" || v == REGENERATED.to_string());
    let read = |v: u32| {
        let path = link_dir().join(format!("v{v}_defaults.json"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    for version in (1..=REGENERATED).rev() {
        let old = read(version);
        let next = if version == REGENERATED {
            gigawatt_model::link::live_defaults_json(REGENERATED).into_bytes()
        } else {
            read(version + 1)
        };
        let path = link_dir().join(format!("v{version}_defaults.json.delta"));
        let rebuilt =
            miniz_oxide::inflate::decompress_to_vec(&std::fs::read(&path).unwrap_or_default())
                .ok()
                .and_then(|d| undelta(&next, &d));
        if rebuilt.as_deref() != Some(&old[..]) {
            assert!(
                update,
                "{} is stale: run UPDATE_LINK_DEFAULTS=deltas cargo test -p gigawatt-model \
                --test link_corpus -- --ignored regenerate_frozen_deltas",
                path.display()
            );
            let d = delta(&next, &old);
            assert_eq!(undelta(&next, &d).as_deref(), Some(&old[..]));
            std::fs::write(&path, miniz_oxide::deflate::compress_to_vec(&d, 10))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            println!("wrote {}", path.display());
        }
    }
}

/// JSON text cut after each `,`, `[`, `]`, `{` or `}`: the units a delta copies.
fn json_tokens(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|b| matches!(b, b',' | b'[' | b']' | b'{' | b'}'))
        .collect()
}

fn push_varint(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A delta rebuilding `new` from `base` in the format `src/link/frozen.rs` reads (`undelta`): greedy longest
/// copies of runs of at least `K` tokens of `base`, literal bytes between them.
fn delta(base: &[u8], new: &[u8]) -> Vec<u8> {
    const K: usize = 4;
    let (b, n) = (json_tokens(base), json_tokens(new));
    let mut offsets = vec![0];
    for t in &b {
        offsets.push(offsets.last().unwrap() + t.len());
    }
    let mut index: std::collections::HashMap<&[&[u8]], Vec<usize>> = Default::default();
    for i in 0..b.len().saturating_sub(K - 1) {
        index.entry(&b[i..i + K]).or_default().push(i);
    }
    let mut out = Vec::new();
    let mut literal: Vec<u8> = Vec::new();
    let flush = |out: &mut Vec<u8>, literal: &mut Vec<u8>| {
        if !literal.is_empty() {
            push_varint(out, literal.len() << 1 | 1);
            out.append(literal);
        }
    };
    let mut j = 0;
    while j < n.len() {
        let best = (j + K <= n.len())
            .then(|| index.get(&n[j..j + K]))
            .flatten()
            .and_then(|starts| {
                starts
                    .iter()
                    .map(|&i| {
                        let len = b[i..]
                            .iter()
                            .zip(&n[j..])
                            .take_while(|(x, y)| x == y)
                            .count();
                        (len, i)
                    })
                    .max_by_key(|&(len, i)| (len, std::cmp::Reverse(i)))
            });
        match best {
            Some((len, i)) => {
                flush(&mut out, &mut literal);
                push_varint(&mut out, (offsets[i + len] - offsets[i]) << 1);
                push_varint(&mut out, offsets[i]);
                j += len;
            }
            None => {
                literal.extend_from_slice(n[j]);
                j += 1;
            }
        }
    }
    flush(&mut out, &mut literal);
    out
}

/// `src/link/frozen.rs`'s reading of a delta, for checking one before it is written.
fn undelta(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    fn varint(bytes: &[u8], at: &mut usize) -> Option<usize> {
        let mut value = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = *bytes.get(*at)?;
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }
    let (mut out, mut at) = (Vec::new(), 0);
    while at < delta.len() {
        let head = varint(delta, &mut at)?;
        let len = head >> 1;
        if head & 1 == 0 {
            let start = varint(delta, &mut at)?;
            out.extend_from_slice(base.get(start..start + len)?);
        } else {
            out.extend_from_slice(delta.get(at..at + len)?);
            at += len;
        }
    }
    Some(out)
}

#[test]
#[ignore = "regenerates (UPDATE_LINK_DEFAULTS=4) or checks the v4 link corpus; see the module docs"]
fn regenerate_v4_corpus() {
    let dir = corpus_dir();
    let sub = format!("v{REGENERATED}");
    std::fs::create_dir_all(dir.join(&sub)).unwrap();
    let mut text = format!(
        "# Share links of version {REGENERATED} (economics v2) made by `encode` (see tests/link_corpus.rs). Each link \
         follows a\n# '# slug: description' line; {sub}/<slug>.json is what it decodes to. Regenerated with\n\
         # src/link/{sub}_defaults.json by scripts/regenerate-link-{sub}.sh until version {REGENERATED} ships; never \
         edited after.\n",
    );
    let states = corpus_states();
    let mut slugs = Vec::new();
    for (slug, what, s) in states
        .into_iter()
        .filter(|(slug, _, _)| LATER_CORPUS.contains(slug) || slug.starts_with("v2-"))
    {
        let link = encode(&s);
        let decoded = decode(&link);
        assert_eq!(decoded.warnings, Vec::<String>::new(), "{slug}");
        assert_eq!(decoded.state, s, "{slug}: {link}");
        let url = if slug.starts_with("pinned") {
            format!("https://gigawatt.example/?{link}")
        } else {
            link
        };
        text.push_str(&format!("\n# {slug}: {what}\n{url}\n"));
        let json = serde_json::to_string_pretty(&expected_of(&s)).unwrap() + "\n";
        write_or_check(
            &dir.join(&sub).join(format!("{slug}.json")),
            json.as_bytes(),
        );
        slugs.push(format!("{slug}.json"));
    }
    write_or_check(&dir.join(format!("{sub}.txt")), text.as_bytes());
    // Entries no longer made (a slug dropped from the list) go too.
    for entry in std::fs::read_dir(dir.join(&sub)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !slugs.contains(&name) {
            assert!(
                updating(),
                "{} is not in the {sub} corpus any more",
                path.display()
            );
            std::fs::remove_file(&path).unwrap();
        }
    }
}
