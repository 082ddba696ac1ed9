//! Funding events, holders and the initial cap table (spec §4.4, §4.8): data a user can edit.

use crate::Month;
use serde::{Deserialize, Serialize};

/// A holder of the lab's equity (and an investor in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Investor {
    Foundation,
    Microsoft,
    SoftBank,
    Amazon,
    Nvidia,
    OtherInvestors,
    Employees,
    Public,
}

impl Investor {
    pub const ALL: [Investor; 8] = [
        Investor::Foundation,
        Investor::Microsoft,
        Investor::SoftBank,
        Investor::Amazon,
        Investor::Nvidia,
        Investor::OtherInvestors,
        Investor::Employees,
        Investor::Public,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Investor::Foundation => "OpenAI Foundation",
            Investor::Microsoft => "Microsoft",
            Investor::SoftBank => "SoftBank",
            Investor::Amazon => "Amazon",
            Investor::Nvidia => "NVIDIA",
            Investor::OtherInvestors => "Other investors",
            Investor::Employees => "Employees",
            Investor::Public => "Public",
        }
    }
    /// Snake-case key used in series names (`ownership_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Investor::Foundation => "foundation",
            Investor::Microsoft => "microsoft",
            Investor::SoftBank => "softbank",
            Investor::Amazon => "amazon",
            Investor::Nvidia => "nvidia",
            Investor::OtherInvestors => "other_investors",
            Investor::Employees => "employees",
            Investor::Public => "public",
        }
    }
}

/// When a funding event pays.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum FundingTiming {
    /// Paid in this month.
    At(Month),
    /// Paid `lag_months` after the IPO filing / milestone trigger (parameter `amazon_trigger_date`, or the IPO,
    /// whichever comes first), unless that is after `expires`.
    OnTrigger { lag_months: u8, expires: Month },
}

/// A scheduled or conditional equity investment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundingEvent {
    pub label: String,
    pub investor: Investor,
    pub amount_usd_b: f64,
    pub timing: FundingTiming,
    /// Pre-money valuation of the round, $B. Units issue at `pre_money / units before the round`, one price for
    /// every tranche of the round. `None` prices at the model valuation less the raise discount.
    pub pre_money_usd_b: Option<f64>,
    /// Tied to a milestone; may never pay.
    pub conditional: bool,
    /// Where the figures come from, with evidence grades.
    #[serde(default)]
    pub source: String,
}

/// Events up to this month are already in the recap's cap table (spec F: units normalised at Oct 2025, and
/// SoftBank's Dec-2025 tranche is in its 11%).
pub const CAP_TABLE_AS_OF: Month = Month::from_ym(2025, 12);

/// A valuation mark (post-money or secondary price).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValuationMark {
    pub month: Month,
    pub post_money_usd_b: f64,
}

fn at(label: &str, investor: Investor, amount: f64, month: Month, pre: f64) -> FundingEvent {
    let source = if pre < 500.0 {
        "OpenAI, Mar 31 2025; Bloomberg; CNBC Dec 30 2025 [P/R]; the Aug tranche is lower confidence [S]"
    } else {
        "OpenAI, Feb 27 and Mar 31 2026 ($122B at $852B post) [P]; installment dates [A]"
    };
    FundingEvent {
        label: label.into(),
        investor,
        amount_usd_b: amount,
        timing: FundingTiming::At(month),
        pre_money_usd_b: Some(pre),
        conditional: false,
        source: source.into(),
    }
}

/// The funding events of spec §4.4 ("As reported").
pub fn reported_funding() -> Vec<FundingEvent> {
    use Investor::*;
    let m = Month::from_ym;
    vec![
        at("SoftBank, $300B round", SoftBank, 7.5, m(2025, 4), 260.0),
        at(
            "Syndicate, $300B round",
            OtherInvestors,
            2.5,
            m(2025, 4),
            260.0,
        ),
        at(
            "Syndicate, $300B round (Aug)",
            OtherInvestors,
            8.3,
            m(2025, 8),
            260.0,
        ),
        at(
            "SoftBank, released by the recap",
            SoftBank,
            22.5,
            m(2025, 12),
            260.0,
        ),
        at("Amazon, $730B-pre round", Amazon, 15.0, m(2026, 3), 730.0),
        at("NVIDIA, tranche 1", Nvidia, 10.0, m(2026, 3), 730.0),
        at("NVIDIA, tranche 2", Nvidia, 10.0, m(2026, 6), 730.0),
        at("NVIDIA, tranche 3", Nvidia, 10.0, m(2026, 9), 730.0),
        at("SoftBank, tranche 1", SoftBank, 10.0, m(2026, 3), 730.0),
        at("SoftBank, tranche 2", SoftBank, 10.0, m(2026, 6), 730.0),
        at("SoftBank, tranche 3", SoftBank, 10.0, m(2026, 9), 730.0),
        at(
            "Others (a16z, D.E. Shaw, MGX, TPG, T. Rowe, retail)",
            OtherInvestors,
            12.0,
            m(2026, 4),
            730.0,
        ),
        FundingEvent {
            label: "Amazon, conditional on IPO filing or milestone".into(),
            investor: Amazon,
            amount_usd_b: 35.0,
            timing: FundingTiming::OnTrigger {
                lag_months: 1,
                expires: m(2028, 12),
            },
            pre_money_usd_b: Some(730.0),
            conditional: true,
            source: "Amazon 8-K (via Vella Times, Mentat) [P/S]: mandatory on an IPO filing or a redacted milestone; expires 2028-12-31".into(),
        },
    ]
}

/// The cap table at the Oct-28-2025 recapitalisation (spec §4.8), as fractions summing to 1.
pub fn recap_cap_table() -> Vec<(Investor, f64)> {
    use Investor::*;
    vec![
        (Foundation, 0.26),
        (Microsoft, 0.27),
        (SoftBank, 0.11),
        (Employees, 0.20),
        (OtherInvestors, 0.16),
    ]
}
