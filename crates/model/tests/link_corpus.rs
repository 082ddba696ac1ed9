//! The corpus of real version-1 share links: each must decode, without warnings, to the same scenario
//! forever. `tests/link-corpus/v1.txt` holds the links, `tests/link-corpus/v1/<slug>.json` what they decode to.

mod link_support;

use gigawatt_model::link::{decode, encode, LinkState, View};
use gigawatt_model::*;
use link_support::*;
use std::path::PathBuf;

fn state(scenario: Scenario) -> LinkState {
    LinkState {
        scenario,
        pinned: None,
        view: View::default(),
    }
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
    let mut text = std::fs::read_to_string(&list).unwrap_or_else(|_| "# Share links of version 1 that must decode to the same scenario forever (see tests/link_corpus.rs).\n# Each link follows a '# slug: description' line; v1/<slug>.json is what it decodes to. Never edit an entry.\n".into());
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
