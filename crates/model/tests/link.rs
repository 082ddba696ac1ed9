//! Share links: round trips (property test), typical lengths, warnings on bad input, and the corpus of real
//! version-1 links that must decode to the same scenario forever.

mod link_support;

use gigawatt_model::link::{decode, encode, LinkState, View};
use gigawatt_model::*;
use link_support::*;
use proptest::prelude::*;
use std::path::PathBuf;

fn state(scenario: Scenario) -> LinkState {
    LinkState {
        scenario,
        pinned: None,
        view: View::default(),
    }
}

fn round_trip(s: &LinkState) -> LinkState {
    let link = encode(s);
    let decoded = decode(&link);
    assert_eq!(decoded.warnings, Vec::<String>::new(), "{link}");
    decoded.state
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_state_round_trips_exactly(s in link_state()) {
        prop_assume!(s.scenario.validate().is_empty());
        prop_assume!(s.pinned.as_ref().is_none_or(|p| p.validate().is_empty()));
        let link = encode(&s);
        let decoded = decode(&link);
        prop_assert_eq!(&decoded.warnings, &Vec::<String>::new(), "{}", link);
        prop_assert_eq!(&decoded.state, &s, "{}", link);
        // Bit for bit, not only ==.
        for (a, b) in decoded.state.scenario.params.differences(&s.scenario.params) {
            prop_assert!(false, "{:?} {} differs from {}", a, b, s.scenario.params[a]);
        }
        // As a full URL and as a fragment too.
        prop_assert_eq!(&decode(&format!("https://gigawatt.example/app/?{link}")).state, &s);
        prop_assert_eq!(&decode(&format!("https://gigawatt.example/#{link}")).state, &s);
    }

    #[test]
    fn floats_round_trip_bit_exactly(x in prop::num::f64::ANY) {
        // Any bit pattern of a parameter survives encoding (decoding then rejects what is out of range).
        let mut s = Scenario::default();
        s.params[ParamId::Pue] = x;
        s.contracts[0].ramp[1].cumulative_gw = x;
        let link = encode(&state(s.clone()));
        let decoded = decode(&link);
        if x.is_finite() && (1.1..=1.4).contains(&x) && x >= 0.6 {
            prop_assert_eq!(decoded.state.scenario.params[ParamId::Pue].to_bits(), x.to_bits());
            prop_assert_eq!(decoded.state.scenario.contracts[0].ramp[1].cumulative_gw.to_bits(), x.to_bits());
        }
        prop_assert!(decoded.state.scenario.validate().is_empty());
    }
}

#[test]
fn presets_and_defaults_round_trip() {
    assert_eq!(encode(&LinkState::default()), "v=1");
    for p in PresetId::ALL {
        let s = state(Scenario::preset(p));
        assert_eq!(round_trip(&s), s, "{}", p.slug());
    }
    let empty = decode("");
    assert_eq!(empty.state, LinkState::default());
    assert!(empty.warnings.is_empty());
    assert_eq!(
        decode("https://gigawatt.example/").warnings,
        Vec::<String>::new()
    );
}

#[test]
fn typical_lengths_stay_far_below_2000_characters() {
    let mut one = Scenario::default();
    one.params[ParamId::BaseDelayMonths] = 9.0;
    let mut ten = Scenario::default();
    ten_sliders(&mut ten);
    let mut deals = ten.clone();
    deals.contracts[3].ramp[2].cumulative_gw = 3.5;
    deals
        .contracts
        .push(new_contract("Hypothetical 2 GW lease", 2.0, 2027));
    let mut everything = deals.clone();
    everything.name = "My bear case".into();
    everything.funding.remove(4);
    everything.funding[2].amount_usd_b = 6.0;
    everything.seed = 7;
    let with_pinned = LinkState {
        scenario: everything.clone(),
        pinned: Some(Scenario::preset(PresetId::Bear)),
        view: View {
            tab: Some("charts".into()),
            year: Some(2030),
            embed: None,
        },
    };
    let mut pinned_ten = Scenario::preset(PresetId::Bull);
    ten_sliders(&mut pinned_ten);
    let both_edited = LinkState {
        pinned: Some(pinned_ten),
        ..with_pinned.clone()
    };
    let cases = [
        ("default", state(Scenario::default())),
        ("preset 'bear'", state(Scenario::preset(PresetId::Bear))),
        ("1 slider", state(one)),
        ("10 sliders", state(ten)),
        ("10 sliders + 2 deals (1 edited, 1 added)", state(deals)),
        ("+ name, funding edit and removal, seed", state(everything)),
        ("+ pinned A (bear) and view", with_pinned),
        ("+ pinned A with 10 sliders", both_edited),
    ];
    println!("{:<46} {:>6}", "typical link", "chars");
    for (what, s) in &cases {
        let link = encode(s);
        println!(
            "{what:<46} {:>6}   ?{}",
            link.len(),
            if link.len() > 90 { &link[..90] } else { &link }
        );
        assert!(link.len() < 1000, "{what}: {} characters", link.len());
        assert_eq!(&round_trip(s), s, "{what}");
    }
}

#[test]
fn bad_values_keep_the_preset_and_say_why() {
    let mut s = Scenario::default();
    s.params[ParamId::Pue] = 9.0;
    s.params[ParamId::AutoDebt] = 0.5;
    let d = decode(&encode(&state(s)));
    assert_eq!(d.state.scenario, Scenario::default());
    assert!(
        d.warnings
            .contains(&"parameter 'pue' = 9 is outside 1.1–1.4; kept the preset's 1.2".to_string()),
        "{:?}",
        d.warnings
    );
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("parameter 'auto_debt' = 0.5 is not accepted")),
        "{:?}",
        d.warnings
    );

    // An invalid edited contract returns to the preset's; an invalid added one is dropped.
    let mut s = Scenario::preset(PresetId::Bear);
    s.contracts[2].ramp[0].cumulative_gw = -1.0;
    let mut bad = new_contract("Broken", 1.0, 2027);
    bad.end = Some(Month::from_ym(2020, 1));
    s.contracts.push(bad);
    s.params[ParamId::BaseDelayMonths] = 3.0;
    let d = decode(&encode(&state(s)));
    let mut expected = Scenario::preset(PresetId::Bear);
    expected.params[ParamId::BaseDelayMonths] = 3.0;
    assert_eq!(d.state.scenario, expected);
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(
        d.warnings[0].starts_with("contract 'L3' is not valid"),
        "{:?}",
        d.warnings
    );
    assert!(
        d.warnings[1].starts_with("dropped the added contract 'N1'"),
        "{:?}",
        d.warnings
    );
}

#[test]
fn odd_input_decodes_with_warnings() {
    let mut s = Scenario::preset(PresetId::Bull);
    s.params[ParamId::Pue] = 1.3;
    let link = encode(&state(s.clone()));
    let payload = link.trim_start_matches("v=1&");

    let d = decode(&format!("?{link}&utm_source=x&year=abc"));
    assert_eq!(d.state.scenario, s);
    assert_eq!(
        d.warnings,
        vec![
            "ignored unknown link parameter 'utm_source'",
            "ignored year 'abc', which is not a year from 1900 to 2200"
        ]
    );

    let d = decode(payload);
    assert_eq!(d.state.scenario, s);
    assert_eq!(
        d.warnings,
        vec!["the link has no version (v=); read it as version 1"]
    );

    let d = decode(&format!("v=2&{payload}"));
    assert_eq!(d.state.scenario, s);
    assert!(
        d.warnings[0].contains("newer Gigawatt (link version 2)"),
        "{:?}",
        d.warnings
    );

    let d = decode("v=7&s=AAAA_garbage");
    assert_eq!(d.state.scenario, Scenario::default());
    assert!(
        d.warnings[0].contains("cannot be read here"),
        "{:?}",
        d.warnings
    );

    let d = decode("hello world");
    assert_eq!(d.state, LinkState::default());
    assert_eq!(
        d.warnings,
        vec!["'hello world' is not a Gigawatt link; showing the default scenario"]
    );

    // Cut short: whatever was intact before the cut survives, with a warning.
    let cut = &link[..link.len() - 5];
    let d = decode(cut);
    assert!(!d.warnings.is_empty());
    assert!(d.state.scenario.validate().is_empty());

    // Percent-encoded, padded, standard-alphabet and line-wrapped payloads are read too.
    let wrapped = format!(
        "v=1&s={}",
        payload[2..]
            .replace('-', "+")
            .replace('_', "/")
            .chars()
            .collect::<Vec<_>>()
            .chunks(20)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(decode(&wrapped).state.scenario, s);
    assert_eq!(
        decode(&format!("v%3D1&s={}==", &payload[2..]))
            .state
            .scenario,
        s
    );

    // Views survive unicode and separators.
    let v = LinkState {
        view: View {
            tab: Some("a&b=c #d ü".into()),
            year: Some(2031),
            embed: Some("revenue-stack".into()),
        },
        ..state(s)
    };
    assert_eq!(round_trip(&v), v);
}

/// The corpus: `tests/link-corpus/v1.txt` holds links (each after a `# slug: description` comment) and
/// `tests/link-corpus/v1/<slug>.json` what each must decode to, forever.
fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/link-corpus")
}

fn corpus() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpus_dir().join("v1.txt")).expect("corpus file");
    let mut slug = String::new();
    let mut links = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix('#') {
            slug = comment
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
        } else {
            assert!(
                !slug.is_empty(),
                "link without a '# slug: …' comment: {line}"
            );
            links.push((std::mem::take(&mut slug), line.to_string()));
        }
    }
    links
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

#[test]
fn corpus_links_decode_to_the_same_scenario_forever() {
    let links = corpus();
    assert!(links.len() >= 25, "the corpus lost links");
    for (slug, link) in links {
        let decoded = decode(&link);
        assert_eq!(decoded.warnings, Vec::<String>::new(), "{slug}");
        let path = corpus_dir().join("v1").join(format!("{slug}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected: Expected =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert_eq!(expected_of(&decoded.state), expected, "{slug}: {link}");
        assert!(decoded.state.scenario.validate().is_empty(), "{slug}");
    }
}

/// The states of the corpus. Run once with `--ignored` to write missing entries; existing ones are never
/// rewritten (a corpus link is a promise).
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
    };
    out.push(("view-tab-year", "Bear, deals tab, year 2030", v));
    let mut v = state(Scenario::preset(PresetId::CreditCrunch));
    v.view = View {
        tab: None,
        year: None,
        embed: Some("cash-runway".into()),
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
    out
}

#[test]
#[ignore = "writes missing corpus entries; run once when adding to the corpus"]
fn bless_corpus() {
    let dir = corpus_dir();
    std::fs::create_dir_all(dir.join("v1")).unwrap();
    let list = dir.join("v1.txt");
    let mut text = std::fs::read_to_string(&list).unwrap_or_else(|_| "# Share links of version 1 that must decode to the same scenario forever (see tests/link.rs).\n# Each link follows a '# slug: description' line; v1/<slug>.json is what it decodes to. Never edit an entry.\n".into());
    let known: Vec<String> = corpus().into_iter().map(|(s, _)| s).collect::<Vec<_>>();
    for (slug, what, s) in corpus_states() {
        if known.iter().any(|k| k == slug) {
            continue;
        }
        let link = encode(&s);
        let url = if slug.starts_with("pinned") {
            format!("https://gigawatt.example/?{link}")
        } else {
            link
        };
        text.push_str(&format!("\n# {slug}: {what}\n{url}\n"));
        let json = serde_json::to_string_pretty(&expected_of(&s)).unwrap();
        std::fs::write(dir.join("v1").join(format!("{slug}.json")), json + "\n").unwrap();
    }
    std::fs::write(list, text).unwrap();
}
