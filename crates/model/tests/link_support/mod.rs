//! Shared by the link tests: the corpora of real links, random valid link states, and typical edits a person
//! makes.

#![allow(dead_code)]

use gigawatt_model::link::{LinkState, View, ViewTheme};
use gigawatt_model::*;
use proptest::prelude::*;
use std::path::PathBuf;

/// `tests/link-corpus`: `v<version>.txt` holds the links, `v<version>/<slug>.json` what each decodes to.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/link-corpus")
}

/// The links of `v<version>.txt` with their slugs, each link after a `# slug: description` comment.
pub fn corpus(version: u32) -> Vec<(String, String)> {
    let path = corpus_dir().join(format!("v{version}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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

/// A valid value for parameter `spec` from `x` in [0, 1] (any f64 in range, to test bit-exact round trips).
pub fn param_value(spec: &ParamSpec, x: f64) -> f64 {
    match spec.kind {
        ParamKind::Toggle => x.round(),
        ParamKind::Date if x < 0.3 => 0.0,
        ParamKind::Date => 2025.0 + (x * 14.0 * 12.0).floor() / 12.0,
        ParamKind::Number if spec.id == ParamId::StallFromYear => {
            if x < 0.5 {
                0.0
            } else {
                2026.0 + (x * 9.0).floor()
            }
        }
        ParamKind::Number if spec.id == ParamId::HorizonMonths => 120.0 + 12.0 * (x * 5.0).floor(),
        ParamKind::Number => spec.min + x * (spec.max - spec.min),
    }
}

/// A new, valid contract.
pub fn new_contract(name: &str, gw: f64, start_year: i32) -> Contract {
    Contract {
        id: "N1".into(),
        name: name.into(),
        counterparty: Counterparty::CoreWeave,
        chips: ChipChoice::Latest(ChipVendor::Nvidia),
        initial_chips: None,
        status: ContractStatus::TermSheet,
        signed: Month::from_ym(2026, 5),
        ramp: vec![
            RampPoint {
                month: Month::from_ym(start_year, 1),
                cumulative_gw: 0.0,
            },
            RampPoint {
                month: Month::from_ym(start_year + 2, 12),
                cumulative_gw: gw,
            },
        ],
        end: Some(Month::from_ym(start_year + 6, 12)),
        pricing: Pricing::LeasePerGwYear {
            usd_b_per_gw_year: 12.5,
        },
        warrant: None,
        equity_grant_usd_b: 0.0,
        source: "Hypothetical [A]".into(),
    }
}

/// A new funding event.
pub fn new_funding(amount: f64, month: Month) -> FundingEvent {
    FundingEvent {
        label: "Sovereign fund round".into(),
        investor: Investor::OtherInvestors,
        amount_usd_b: amount,
        timing: FundingTiming::At(month),
        pre_money_usd_b: Some(1200.0),
        conditional: false,
        source: String::new(),
    }
}

/// Ten typical slider moves.
pub fn ten_sliders(s: &mut Scenario) {
    use ParamId as P;
    for (id, v) in [
        (P::BaseDelayMonths, 9.0),
        (P::DeliveryFraction, 0.85),
        (P::Pue, 1.25),
        (P::PowerPrice, 65.0),
        (P::CostOfDebt, 0.0725),
        (P::MultipleScale, 0.8),
        (P::Wau2030Scale, 0.9),
        (P::PaidShare2030, 0.07),
        (P::ApiPriceChange, -0.45),
        (P::ItLifeYears, 6.0),
    ] {
        s.params[id] = v;
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{1,20}",
        "\\PC{1,24}",
        Just("Bär 🐻 — “pessimistic” 楽観".to_string()),
    ]
}

/// A random valid scenario: a preset, parameters anywhere in range, deals and funding edited, added and
/// removed, renamed, reseeded.
pub fn valid_scenario() -> impl Strategy<Value = Scenario> {
    let presets = prop::sample::select(PresetId::ALL.to_vec());
    let params = prop::collection::vec((0..ParamId::COUNT, 0.0f64..=1.0), 0..14);
    let deal_edits = prop::collection::vec((0usize..16, 0u8..8, 0.0f64..=1.0), 0..5);
    let funding_edits = prop::collection::vec((0usize..16, 0u8..5, 0.0f64..=1.0), 0..4);
    let extras = (
        prop::option::of(text()),
        prop::option::of(any::<u64>()),
        prop::option::of(100u32..=10_000),
        prop::option::of(0.0f64..=1.0),
        prop::option::of((0usize..16, 1.0f64..5000.0)),
        any::<bool>(),
    );
    let tables = (
        prop::option::of((0usize..40, 0.0f64..=1.0, any::<bool>())),
        any::<bool>(),
    );
    (presets, params, deal_edits, funding_edits, extras, tables).prop_map(
        |(
            preset,
            params,
            deals,
            funding,
            (name, seed, runs, loi, chip, marks),
            (uncertain, rotate),
        )| {
            let mut s = Scenario::preset(preset);
            for (i, x) in params {
                let spec = &param_specs()[i];
                s.params[spec.id] = param_value(spec, x);
            }
            for (k, edit, x) in deals {
                if edit == 7 || s.contracts.is_empty() {
                    let c = new_contract(
                        &format!("Deal {x:.3}"),
                        0.1 + 9.0 * x,
                        2026 + (x * 4.0) as i32,
                    );
                    let at = k.min(s.contracts.len());
                    s.contracts.insert(at, c);
                    continue;
                }
                let k = k % s.contracts.len();
                let c = &mut s.contracts[k];
                match edit {
                    0 => c.ramp.iter_mut().for_each(|p| p.cumulative_gw *= 3.0 * x),
                    1 => {
                        let shift = (x * 36.0) as i32;
                        c.ramp
                            .iter_mut()
                            .for_each(|p| p.month = p.month.plus(shift));
                        c.end = c.end.map(|e| e.plus(shift));
                    }
                    2 => c.status = ContractStatus::ALL[(x * 2.99) as usize],
                    3 => c.name = format!("{} ✎", c.name),
                    4 => {
                        c.pricing = match c.pricing {
                            Pricing::LeaseTotal { total_value_usd_b } => Pricing::LeaseTotal {
                                total_value_usd_b: total_value_usd_b * (0.5 + x),
                            },
                            Pricing::LeasePerGwYear { .. } => Pricing::LeasePerGwYear {
                                usd_b_per_gw_year: 5.0 + 20.0 * x,
                            },
                            Pricing::Purchase {
                                vendor_content_usd_b_per_gw,
                                other_it_usd_b_per_gw,
                                ..
                            } => Pricing::Purchase {
                                financing: FinancingMode::ALL[(x * 2.99) as usize],
                                vendor_content_usd_b_per_gw: vendor_content_usd_b_per_gw
                                    * (0.5 + x),
                                other_it_usd_b_per_gw,
                                self_build: x > 0.5,
                            },
                        }
                    }
                    5 => c.equity_grant_usd_b = x,
                    _ => {
                        s.contracts.remove(k);
                    }
                }
            }
            for (k, edit, x) in funding {
                if edit == 4 || s.funding.is_empty() {
                    s.funding
                        .push(new_funding(1.0 + 50.0 * x, Month((x * 100.0) as i32)));
                    continue;
                }
                let k = k % s.funding.len();
                let f = &mut s.funding[k];
                match edit {
                    0 => f.amount_usd_b *= 2.0 * x,
                    1 => f.timing = FundingTiming::At(Month((x * 60.0) as i32)),
                    2 => {
                        f.pre_money_usd_b = if x < 0.3 {
                            None
                        } else {
                            Some(100.0 + 2000.0 * x)
                        }
                    }
                    _ => {
                        s.funding.remove(k);
                    }
                }
            }
            if let Some(name) = name {
                s.name = name;
            }
            if let Some(seed) = seed {
                s.seed = seed;
            }
            if let Some(runs) = runs {
                s.mc_runs = runs;
            }
            if let Some(p) = loi {
                s.uncertainty.loi_probability = p;
            }
            if let Some((k, h)) = chip {
                let k = k % s.chips.len();
                s.chips[k].h100e_per_mw = h;
            }
            if let Some((k, x, remove)) = uncertain {
                let list = &mut s.uncertainty.params;
                let k = k % list.len().max(1);
                if remove && !list.is_empty() {
                    list.remove(k);
                } else if let Some(u) = list.get_mut(k) {
                    u.high = u.low + x * (u.high - u.low);
                }
            }
            if rotate {
                // Same shares, other holders: still sums to 100%.
                let shares: Vec<f64> = s.cap_table.iter().map(|(_, x)| *x).collect();
                for (i, (_, x)) in s.cap_table.iter_mut().enumerate() {
                    *x = shares[(i + 1) % shares.len()];
                }
            }
            if marks {
                s.marks.push(ValuationMark {
                    month: Month::from_ym(2026, 10),
                    post_money_usd_b: 1000.0,
                });
            }
            s
        },
    )
}

pub fn view() -> impl Strategy<Value = View> {
    let slug = prop::option::of(prop_oneof!["[a-z0-9-]{0,16}", "\\PC{0,12}"]);
    let theme = prop::option::of(prop_oneof![Just(ViewTheme::Light), Just(ViewTheme::Dark)]);
    (slug.clone(), prop::option::of(1900i32..=2200), slug, theme).prop_map(
        |(tab, year, embed, theme)| View {
            tab,
            year,
            embed,
            theme,
        },
    )
}

pub fn link_state() -> impl Strategy<Value = LinkState> {
    (valid_scenario(), prop::option::of(valid_scenario()), view()).prop_map(
        |(scenario, pinned, view)| LinkState {
            scenario,
            pinned,
            view,
        },
    )
}

/// Whether every output series of a run of `s` is finite.
pub fn simulates_finitely(s: &Scenario) -> bool {
    let run = simulate(s);
    run.series
        .iter()
        .all(|(_, v)| v.iter().all(|x| x.is_finite()))
        && run.ledger.flows().all(|f| f.amount_usd_b.is_finite())
}
