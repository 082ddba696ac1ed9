//! Share links: round trips of the latest version (property test), typical lengths, warnings on bad input, and how
//! version-1 links migrate (the corpora of real links are in `link_corpus.rs`).

mod link_support;

use gigawatt_model::link::{decode, encode, LinkState, View, ViewTheme, LINK_VERSION};
use gigawatt_model::*;
use link_support::*;
use proptest::prelude::*;

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
    // "v=4" alone while the frozen v4 defaults are today's; either way the link is version 4 and exact.
    assert!(encode(&LinkState::default()).starts_with("v=4"));
    for p in PresetId::ALL {
        let s = state(Scenario::preset(p));
        assert_eq!(round_trip(&s), s, "{}", p.slug());
        let d = decode(&encode(&s));
        assert_eq!(d.economics_version, ECONOMICS_VERSION);
        assert_eq!(d.notices, Vec::<String>::new());
    }
    // No link at all: today's default, nothing to say.
    for nothing in ["", "https://gigawatt.example/"] {
        let empty = decode(nothing);
        assert_eq!(empty.state, LinkState::default());
        assert_eq!(empty.warnings, Vec::<String>::new());
        assert_eq!(empty.notices, Vec::<String>::new());
        assert_eq!(empty.economics_version, ECONOMICS_VERSION);
    }
}

/// The notice a link made under economics v1 opens with.
const V1_NOTICE: &str = "This link was made with Gigawatt's economics v1 (before options, finite capital and \
     demand that follows the cost of serving). Its inputs are unchanged; the figures now come from economics v2 \
     and may differ.";

#[test]
fn v1_links_keep_their_inputs_and_say_their_economics_changed() {
    let d = decode("https://gigawatt.example/?v=1&tab=money");
    assert_eq!(d.warnings, Vec::<String>::new());
    assert_eq!(d.economics_version, 1);
    assert_eq!(d.notices, vec![V1_NOTICE.to_string()]);
    assert_eq!(d.state.view.tab.as_deref(), Some("money"));
    // What it opens is a valid scenario that links of the latest version carry exactly, with nothing more to say.
    let again = decode(&encode(&d.state));
    assert_eq!(again.state, d.state);
    assert_eq!(again.warnings, Vec::<String>::new());
    assert_eq!(again.notices, Vec::<String>::new());
    assert_eq!(again.economics_version, 2);

    // Every v1 link of the corpus does the same.
    for (_, link) in corpus(1) {
        let d = decode(&link);
        assert_eq!(d.notices, vec![V1_NOTICE.to_string()], "{link}");
        let again = decode(&encode(&d.state));
        assert_eq!(again.state, d.state, "{link}");
        assert!(
            again.warnings.is_empty() && again.notices.is_empty(),
            "{link}"
        );
    }
}

#[test]
fn a_v1_link_migrates_parameters_v1_did_not_have() {
    use ParamId as P;
    let v1 = decode("v=1");
    let v1_bear = decode("v=1&s=AAEBAw");
    let v2 = decode("v=2");
    let v2_bear = decode("v=2&s=AAEBAw");
    // The parameters v1 did not have (those after multiple_scale in the table) take version 2's frozen
    // defaults of the same preset; Monte Carlo varies them as version 2 does, after v1's own entries.
    let first_new = P::MultipleScale as usize + 1;
    for (old, new) in [(&v1, &v2), (&v1_bear, &v2_bear)] {
        let (old, new) = (&old.state.scenario, &new.state.scenario);
        for spec in &param_specs()[first_new..] {
            assert_eq!(
                old.params[spec.id].to_bits(),
                new.params[spec.id].to_bits(),
                "{}",
                spec.key
            );
        }
        let added: Vec<_> = new
            .uncertainty
            .params
            .iter()
            .filter(|u| u.param as usize >= first_new)
            .collect();
        assert!(!added.is_empty());
        let tail = &old.uncertainty.params[old.uncertainty.params.len() - added.len()..];
        assert_eq!(tail.iter().collect::<Vec<_>>(), added);
    }

    // A v1 link could name a parameter v1 did not have by its key (index 0): that value is kept.
    // Records: tag 3 (parameters), length, then index 0, the key, and 0.8 (digits 8 << 2, exponent -1).
    let key = P::UsageElasticity.spec().key.as_bytes();
    let mut body = vec![0, key.len() as u8];
    body.extend_from_slice(key);
    body.extend_from_slice(&[8 << 2, 1]);
    let mut payload = vec![0, 3, body.len() as u8];
    payload.extend_from_slice(&body);
    let link = format!(
        "v=1&s={}",
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &payload)
    );
    let d = decode(&link);
    assert_eq!(d.warnings, Vec::<String>::new());
    assert_eq!(d.state.scenario.params[P::UsageElasticity], 0.8);
    let mut expected = v1.state.scenario.clone();
    expected.params[P::UsageElasticity] = 0.8;
    assert_eq!(d.state.scenario, expected);
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
            theme: None,
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
    // "The preset" is the preset the link is read against: as frozen for version 3, which today's defaults
    // may have moved away from.
    let frozen = decode("v=3").state.scenario;
    let frozen_bear = decode("v=3&s=AAEBAw").state.scenario;
    let mut s = Scenario::default();
    s.params[ParamId::Pue] = 9.0;
    s.params[ParamId::AutoDebt] = 0.5;
    let d = decode(&encode(&state(s)));
    let mut expected = Scenario::default();
    expected.params[ParamId::Pue] = frozen.params[ParamId::Pue];
    expected.params[ParamId::AutoDebt] = frozen.params[ParamId::AutoDebt];
    assert_eq!(d.state.scenario, expected);
    let pue = format!(
        "parameter 'pue' = 9 is outside 1.1–1.4; kept the preset's {}",
        frozen.params[ParamId::Pue]
    );
    assert!(d.warnings.contains(&pue), "{:?}", d.warnings);
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
    let mut expected = s.clone();
    expected.contracts.pop();
    expected.contracts[2] = frozen_bear.contracts[2].clone();
    let d = decode(&encode(&state(s)));
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
    let payload = link.trim_start_matches(&format!("v={LINK_VERSION}&"));

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
        vec!["the link has no version (v=); read it as version 4"]
    );

    let d = decode(&format!("v=5&{payload}"));
    assert_eq!(d.state.scenario, s);
    assert!(
        d.warnings[0].contains("newer Gigawatt (link version 5)"),
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
        "v=3&s={}",
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
        decode(&format!("v%3D2&s={}==", &payload[2..]))
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
            theme: Some(ViewTheme::Dark),
        },
        ..state(s)
    };
    assert_eq!(round_trip(&v), v);
}

#[test]
fn a_link_may_fix_the_embed_theme_and_an_unknown_theme_is_ignored_with_a_warning() {
    let embed = |theme| LinkState {
        view: View {
            embed: Some("cash".into()),
            theme,
            ..View::default()
        },
        ..state(Scenario::default())
    };
    for theme in ViewTheme::ALL {
        let query = encode(&embed(Some(theme)));
        assert_eq!(
            query,
            format!("v={LINK_VERSION}&embed=cash&theme={}", theme.slug())
        );
        let d = decode(&query);
        assert_eq!(d.state, embed(Some(theme)));
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }
    // No theme: nothing in the link (the embed follows the reader), as before the parameter existed.
    assert_eq!(encode(&embed(None)), format!("v={LINK_VERSION}&embed=cash"));
    // Case and spaces are forgiven; anything else is ignored with a warning, and the rest still reads.
    assert_eq!(
        decode("v=4&embed=cash&theme=%20Dark").state.view.theme,
        Some(ViewTheme::Dark)
    );
    for bad in ["blue", "", "auto", "lightish"] {
        let d = decode(&format!("v=4&embed=cash&theme={bad}"));
        assert_eq!(d.state, embed(None), "{bad}");
        assert_eq!(d.warnings.len(), 1, "{bad}: {:?}", d.warnings);
        assert!(d.warnings[0].contains("theme"), "{:?}", d.warnings);
    }
    // The theme travels outside the payload: a v1 link gains it without changing what it decodes to.
    let old = decode("v=1&embed=cash");
    let themed = decode("v=1&embed=cash&theme=light");
    assert_eq!(themed.state.scenario, old.state.scenario);
    assert_eq!(themed.notices, old.notices);
    assert_eq!(themed.state.view.theme, Some(ViewTheme::Light));
}

#[test]
fn an_older_link_keeps_the_defaults_it_was_made_with_and_says_so() {
    use ParamId as P;
    let (v2, v3, v4) = (decode("v=2"), decode("v=3"), decode("v=4"));
    for (old, version) in [(&v2, 2), (&v3, 3)] {
        assert_eq!(old.warnings, Vec::<String>::new());
        assert_eq!(old.economics_version, ECONOMICS_VERSION);
        assert_eq!(old.notices.len(), 1);
        assert!(
            old.notices[0].contains(&format!("link version {version}")),
            "{:?}",
            old.notices
        );
        // Version 4 added the training budget's taper: older links take it (they had no such input).
        assert_eq!(old.state.scenario.params[P::TrainCapShare2035], 0.15);
        assert_eq!(old.state.scenario.params[P::PersonnelGrowth2035], 0.05);
        assert!(old.notices[0].contains("15% by 2035"), "{:?}", old.notices);
    }
    // Version 3 raised the late tokens-per-prompt growth; a v2 link keeps the value of then.
    assert_eq!(v2.state.scenario.params[P::TokensPerPromptGrowth2030], 0.8);
    assert_eq!(v3.state.scenario.params[P::TokensPerPromptGrowth2030], 1.3);
    assert_eq!(v4.notices, Vec::<String>::new());
    assert_eq!(
        v4.state, v3.state,
        "version 4 changed no default, it added one"
    );
    // Re-shared, each becomes a version-4 link of the same inputs, with nothing more to say.
    for old in [v2, v3] {
        let again = decode(&encode(&old.state));
        assert_eq!(again.state, old.state);
        assert!(again.notices.is_empty() && again.warnings.is_empty());
    }
}

/// A scenario the model refuses in every way a file can hold: out-of-range parameters, a broken contract, a
/// negative mark, odd names. Files and saved scenarios may hold such a scenario ("Open anyway").
fn invalid_scenario() -> Scenario {
    let mut s = Scenario::preset(PresetId::Bear);
    s.name = "Quotes \" and \\ back, “unicode”\n".into();
    s.params[ParamId::BaseDelayMonths] = -5.0;
    s.params[ParamId::Pue] = 1e300;
    s.contracts[0].ramp.clear();
    s.contracts[1].equity_grant_usd_b = -3.0;
    s.contracts.push(s.contracts[2].clone());
    s.funding.remove(0);
    s.marks.push(ValuationMark {
        month: Month(-900),
        post_money_usd_b: -1.0,
    });
    s.cap_table.clear();
    s.seed = u64::MAX;
    s.mc_runs = 0;
    s.uncertainty.correlation = 7.0;
    assert!(!s.validate().is_empty());
    s
}

#[test]
fn records_hand_any_scenario_over_exactly() {
    use gigawatt_model::link::{read_frozen_file, scenario_from_records, scenario_records};
    let frozen = (1..=LINK_VERSION).flat_map(|v| read_frozen_file(v).unwrap().presets);
    for s in PresetId::ALL
        .map(Scenario::preset)
        .into_iter()
        .chain([invalid_scenario()])
        .chain(frozen)
    {
        assert_eq!(
            scenario_from_records(&scenario_records(&s)).as_ref(),
            Ok(&s),
            "{}",
            s.name
        );
    }
    assert!(scenario_from_records(&[0xff]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn records_hand_valid_scenarios_over_exactly(s in valid_scenario()) {
        use gigawatt_model::link::{scenario_from_records, scenario_records};
        prop_assert_eq!(scenario_from_records(&scenario_records(&s)), Ok(s));
    }
}

#[test]
fn only_older_links_need_frozen_files() {
    use gigawatt_model::link::{needs_frozen_files, LATEST_FROZEN_IS_LIVE};
    if !LATEST_FROZEN_IS_LIVE {
        // Then every link needs them (see `needs_frozen_files`); the cases below are for the usual state.
        return;
    }
    for plain in [
        "",
        "tab=money",
        "v=4",
        "v=4&s=AAEBAw",
        "s=AAEBAw",
        "v=9&s=AAEBAw",
        "v=x",
        "v=0",
    ] {
        assert!(!needs_frozen_files(plain), "{plain}");
    }
    let latest = encode(&state(Scenario::preset(PresetId::Bear)));
    assert!(!needs_frozen_files(&latest), "{latest}");
    for older in [
        "v=1&s=AAEBAw",
        "v=2",
        "?v=3&s=AAEBAw&tab=money",
        "https://x.test/?v=1&embed=cash",
    ] {
        assert!(needs_frozen_files(older), "{older}");
    }
}
