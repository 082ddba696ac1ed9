//! The preset scenarios of spec §5 and MODEL-SPEC-V2 §8, as overrides on top of the "As reported" defaults.

use crate::deals::{
    ChipChoice, ChipVendor, Contract, ContractStatus, Counterparty, FinancingMode, Pricing,
    RampPoint,
};
use crate::funding::{FundingEvent, Investor};
use crate::params::{ParamId as P, Params};
use crate::Month;
use serde::{Deserialize, Serialize};

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresetId {
    AsReported,
    CompanyPlan,
    Bull,
    Bear,
    NvidiaOnly,
    AsicHeavy,
    NoMilestone,
    GrowthStalls,
    LoisLapse,
    PowerConstrained,
    NvidiaLoiFinancing,
    CreditCrunch,
    #[serde(rename = "ipo-2026")]
    Ipo2026,
    #[serde(rename = "company-plan-2026")]
    CompanyPlan2026,
    #[serde(rename = "hsbc-2025-11")]
    Hsbc2025,
}

impl PresetId {
    pub const ALL: [PresetId; 15] = [
        PresetId::AsReported,
        PresetId::CompanyPlan,
        PresetId::Bull,
        PresetId::Bear,
        PresetId::NvidiaOnly,
        PresetId::AsicHeavy,
        PresetId::NoMilestone,
        PresetId::GrowthStalls,
        PresetId::LoisLapse,
        PresetId::PowerConstrained,
        PresetId::NvidiaLoiFinancing,
        PresetId::CreditCrunch,
        PresetId::Ipo2026,
        PresetId::CompanyPlan2026,
        PresetId::Hsbc2025,
    ];

    /// Stable id used on the command line and in links.
    pub fn slug(self) -> &'static str {
        self.info().0
    }
    pub fn label(self) -> &'static str {
        self.info().1
    }
    /// One line on what the preset changes.
    pub fn summary(self) -> &'static str {
        self.info().2
    }
    pub fn from_slug(slug: &str) -> Option<PresetId> {
        PresetId::ALL.into_iter().find(|p| p.slug() == slug)
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            PresetId::AsReported => ("as-reported", "As reported", "Every reported deal and funding event (NVIDIA 10 GW as an LOI), 6-month delays, 90% delivered"),
            PresetId::CompanyPlan => ("company-plan", "Company plan", "OpenAI's Sep-2025 projections: more seats, faster API growth, $19 ads per free user, $40B other revenue by 2030"),
            PresetId::Bull => ("bull", "Bull", "Company plan plus fast delivery, efficient inference, slower API price falls, richer multiples, cheap debt"),
            PresetId::Bear => ("bear", "Bear", "1.4B users in 2030, steep API price falls, 12-month delays, 80% delivered, 4-year chips, dear capital"),
            PresetId::NvidiaOnly => ("nvidia-only", "NVIDIA only", "AMD, Broadcom, Trainium and Cerebras capacity replaced by NVIDIA systems and leases"),
            PresetId::AsicHeavy => ("asic-heavy", "Trainium/ASIC heavy", "NVIDIA cut to 5 GW; 5 GW more Trainium4 leases from 2028; AMD and Broadcom kept"),
            PresetId::NoMilestone => ("no-milestone", "No milestone tranche", "Amazon's conditional $35B is never paid"),
            PresetId::GrowthStalls => ("growth-stalls", "Revenue growth stalls", "From 2027 users and paid share freeze, API prices fall 50%/yr; obligations unchanged"),
            PresetId::LoisLapse => ("lois-lapse", "LOIs lapse", "Only first tranches: NVIDIA 1 GW, AMD 1 GW, Broadcom 2 GW"),
            PresetId::PowerConstrained => ("power-constrained", "Power-constrained", "18-month delays, 75% delivered, at most 4 GW of new capacity a year"),
            PresetId::NvidiaLoiFinancing => ("nvidia-loi-financing", "NVIDIA LOI financing", "NVIDIA invests $10B per GW deployed (up to $100B) instead of $30B equity"),
            PresetId::CreditCrunch => ("credit-crunch", "Credit crunch", "No new debt, 35% discount on equity, 10% debt, half the multiple, 12% partner rate"),
            PresetId::Ipo2026 => ("ipo-2026", "IPO in Dec 2026", "A $60B primary IPO in Dec 2026 at a 15% discount"),
            PresetId::CompanyPlan2026 => ("company-plan-2026", "Company plan 2026", "OpenAI's Feb-2026 investor update (CNBC, Reuters, Feb 20 2026): >$280B revenue in 2030, consumer and enterprise about equal, ~$600B of compute through 2030; more seats at higher prices, faster API growth, 10% paid, $21 ads per free user"),
            PresetId::Hsbc2025 => ("hsbc-2025-11", "HSBC, Nov 2025", "HSBC Global Investment Research's model of OpenAI (FT Alphaville, Nov 25 2025; The Register, Fortune): 3B weekly users and 10% paying by 2030, LLMs take 2% of digital ads, ~$213B revenue in 2030 ($72B consumer, $143B enterprise), slow delivery (a third of 36 GW online by 2030); HSBC's funding gap ≈ $207B by 2030"),
        }
    }
}

/// The parts of a scenario that presets change (the rest is "As reported" in every preset).
pub(crate) struct Overridable<'a> {
    pub params: &'a mut Params,
    pub contracts: &'a mut Vec<Contract>,
    pub funding: &'a mut Vec<FundingEvent>,
}

/// Applies a preset's overrides to the parts of a fresh "As reported" scenario.
pub(crate) fn apply_overrides(id: PresetId, s: &mut Overridable) {
    let set = |s: &mut Overridable, pairs: &[(P, f64)]| {
        for &(p, v) in pairs {
            s.params[p] = v;
        }
    };
    match id {
        PresetId::AsReported => {}
        PresetId::CompanyPlan => company_plan(s),
        PresetId::Bull => {
            company_plan(s);
            set(
                s,
                &[
                    (P::BaseDelayMonths, 3.0),
                    (P::DeliveryFraction, 1.0),
                    (P::EtaGrowth, 1.8),
                    (P::ApiPriceChange, -0.45),
                    (P::FreeArpu2030, 25.0),
                    (P::MultipleScale, 1.3),
                    (P::CostOfDebt, 0.055),
                    (P::PerfPerWattGrowth, 1.6),
                    (P::MarketLeasePriceChange, -0.35),
                ],
            );
        }
        PresetId::Bear => set(
            s,
            &[
                (P::Wau2030Scale, 0.55),
                (P::PaidShare2030, 0.055),
                (P::ArpuSubGrowth, -0.06),
                (P::ApiPriceChange, -0.60),
                (P::ApiVolGrowthFloor, 1.4),
                (P::FreeArpu2030, 5.0),
                (P::OtherRev2030, 5.0),
                (P::BaseDelayMonths, 12.0),
                (P::DeliveryFraction, 0.8),
                (P::ItLifeYears, 4.0),
                (P::CostOfDebt, 0.09),
                (P::MultipleScale, 0.6),
                (P::RaiseDiscount, 0.30),
            ],
        ),
        PresetId::NvidiaOnly => nvidia_only(s),
        PresetId::AsicHeavy => asic_heavy(s),
        PresetId::NoMilestone => set(s, &[(P::AmazonTriggerDate, 0.0)]),
        PresetId::GrowthStalls => set(s, &[(P::StallFromYear, 2027.0)]),
        PresetId::LoisLapse => {
            for (id, cap) in [("P1", 1.0), ("P2", 1.0), ("P3", 2.0)] {
                if let Some(c) = s.contracts.iter_mut().find(|c| c.id == id) {
                    cap_ramp(c, cap);
                }
            }
        }
        PresetId::PowerConstrained => set(
            s,
            &[
                (P::BaseDelayMonths, 18.0),
                (P::DeliveryFraction, 0.75),
                (P::MaxNewGwPerYear, 4.0),
            ],
        ),
        PresetId::NvidiaLoiFinancing => {
            s.params[P::NvidiaFinancingPerGw] = 1.0;
            s.funding.retain(|f| f.investor != Investor::Nvidia);
        }
        PresetId::CreditCrunch => set(
            s,
            &[
                (P::AutoDebt, 0.0),
                (P::RaiseDiscount, 0.35),
                (P::CostOfDebt, 0.10),
                (P::MultipleScale, 0.5),
                (P::PartnerRate, 0.12),
            ],
        ),
        PresetId::Ipo2026 => set(
            s,
            &[
                (P::IpoDate, 2026.0 + 11.0 / 12.0),
                (P::IpoPrimary, 60.0),
                (P::IpoDiscount, 0.15),
            ],
        ),
        PresetId::CompanyPlan2026 => {
            // Revenue > $280B in 2030 from the Sep-2025 plan's levers pushed further; training grows a little
            // faster in 2028–29 so that the plan needs about 30 GW (MODEL-SPEC-V2 §8, checks #27–#29).
            company_plan(s);
            set(
                s,
                &[
                    (P::SeatScale, 1.7),
                    (P::ArpuSeat, 32.0),
                    (P::ApiVolGrowth2026, 6.5),
                    (P::PaidShare2030, 0.10),
                    (P::FreeArpu2030, 21.0),
                    (P::GTrain2028, 1.9),
                ],
            );
        }
        PresetId::Hsbc2025 => set(
            s,
            &[
                // 3B weekly users by 2030, 44% of adults outside China (3.0 / 2.6 of the plan).
                (P::Wau2030Scale, 1.15),
                // 10% paying by 2030.
                (P::PaidShare2030, 0.10),
                // LLMs take 2% of the digital ad market: about $8 per free user a year.
                (P::FreeArpu2030, 8.0),
                // Consumer ($72B) and enterprise ($143B) only.
                (P::OtherRev2030, 0.0),
                (P::SeatScale, 1.5),
                (P::ApiVolGrowth2026, 6.5),
                // "Only a third [of 36 GW] expected to be online by the end of this decade".
                (P::BaseDelayMonths, 12.0),
            ],
        ),
    }
}

fn company_plan(s: &mut Overridable) {
    for (p, v) in [
        (P::SeatScale, 1.5),
        (P::FreeArpu2030, 19.0),
        (P::OtherRev2030, 40.0),
    ] {
        s.params[p] = v;
    }
}

/// Caps a contract's cumulative ramp at `cap_gw`.
fn cap_ramp(c: &mut Contract, cap_gw: f64) {
    for p in &mut c.ramp {
        p.cumulative_gw = p.cumulative_gw.min(cap_gw);
    }
}

fn find<'a>(s: &'a mut Overridable, id: &str) -> Option<&'a mut Contract> {
    s.contracts.iter_mut().find(|c| c.id == id)
}

fn nvidia_only(s: &mut Overridable) {
    let aws_price = s
        .contracts
        .iter()
        .find(|c| c.id == "L5")
        .map(crate::pricing::implied_price_per_gw_year)
        .unwrap_or(13.3);
    for id in ["P2", "P3"] {
        if let Some(c) = find(s, id) {
            c.counterparty = Counterparty::Nvidia;
            c.chips = ChipChoice::Latest(ChipVendor::Nvidia);
            c.name = format!("{} → NVIDIA systems", c.name);
            c.warrant = None;
            c.pricing = Pricing::Purchase {
                financing: FinancingMode::PartnerLease,
                vendor_content_usd_b_per_gw: 35.0,
                other_it_usd_b_per_gw: 5.0,
                self_build: false,
            };
        }
    }
    if let Some(c) = find(s, "L6") {
        c.chips = ChipChoice::Latest(ChipVendor::Nvidia);
        c.name = "AWS NVIDIA lease (replaces Trainium)".into();
        c.pricing = Pricing::LeasePerGwYear {
            usd_b_per_gw_year: aws_price,
        };
    }
    if let Some(c) = find(s, "L8") {
        c.counterparty = Counterparty::Oracle;
        c.chips = ChipChoice::Latest(ChipVendor::Nvidia);
        c.name = "NVIDIA lease (replaces Cerebras)".into();
        c.pricing = Pricing::LeasePerGwYear {
            usd_b_per_gw_year: 13.3,
        };
    }
}

fn asic_heavy(s: &mut Overridable) {
    let trainium_price = s
        .contracts
        .iter()
        .find(|c| c.id == "L6")
        .map(crate::pricing::implied_price_per_gw_year)
        .unwrap_or(8.1);
    if let Some(c) = find(s, "P1") {
        for p in &mut c.ramp {
            p.cumulative_gw *= 0.5;
        }
        c.name = "NVIDIA 5 GW".into();
    }
    let m = Month::from_ym;
    s.contracts.push(Contract {
        id: "L10".into(),
        name: "AWS Trainium4 +5 GW".into(),
        counterparty: Counterparty::Aws,
        chips: ChipChoice::Latest(ChipVendor::AwsTrainium),
        initial_chips: None,
        status: ContractStatus::TermSheet,
        signed: m(2026, 6),
        ramp: vec![
            RampPoint {
                month: m(2027, 12),
                cumulative_gw: 0.0,
            },
            RampPoint {
                month: m(2030, 12),
                cumulative_gw: 5.0,
            },
        ],
        end: Some(m(2035, 12)),
        pricing: Pricing::LeasePerGwYear {
            usd_b_per_gw_year: trainium_price,
        },
        warrant: None,
        equity_grant_usd_b: 0.0,
        source: "Scenario S5 [A]: 5 GW more Trainium4 at L6's implied price".into(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_unique() {
        for p in PresetId::ALL {
            assert_eq!(PresetId::from_slug(p.slug()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.slug())
            );
        }
        assert_eq!(PresetId::from_slug("nope"), None);
    }
}
