//! What Monte Carlo may vary, and how (spec §2 K, §3): which parameters are uncertain with their low/high, the
//! chance that non-binding deals are realised, and the correlation of the three latent factors. Part of the
//! scenario, so the interface can edit it and links carry it.

use crate::params::{param_specs, ParamGroup, ParamId};
use serde::{Deserialize, Serialize};

/// The latent factor a parameter loads on (spec §2 K).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Factor {
    /// Demand and price parameters.
    Demand,
    /// Hardware efficiency, cost and delivery.
    Hardware,
    /// Multiple, raise discount, cost of debt.
    Capital,
    /// Sampled independently.
    Independent,
}

/// One uncertain parameter: a triangular distribution (low, the scenario's value, high), sampled in log space
/// for multiplicative quantities.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Uncertain {
    pub param: ParamId,
    pub low: f64,
    pub high: f64,
}

/// Everything Monte Carlo varies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    pub params: Vec<Uncertain>,
    /// Probability that an LOI is realised in full; otherwise only its first GW is built.
    pub loi_probability: f64,
    /// The same for term sheets.
    pub term_sheet_probability: f64,
    /// Loading ρ of each parameter on its factor: quantile = Φ(ρ z + √(1−ρ²) ε).
    pub correlation: f64,
}

impl Default for Uncertainty {
    /// The spec's MC set: every parameter marked uncertain, over its whole range.
    fn default() -> Uncertainty {
        Uncertainty {
            params: param_specs()
                .iter()
                .filter(|s| s.uncertain)
                .map(|s| {
                    let (low, high) = monte_carlo_range(s.id).unwrap_or((s.min, s.max));
                    Uncertain {
                        param: s.id,
                        low,
                        high,
                    }
                })
                .collect(),
            loi_probability: 0.5,
            term_sheet_probability: 0.8,
            correlation: 0.6,
        }
    }
}

/// Where Monte Carlo samples a narrower range than the slider's: the slider reaches the edge cases, Monte
/// Carlo the plausible range. The spec gives the first two (MODEL-SPEC-V2 §2, §5). The others keep draws
/// coherent: a calibration constant varies around its fitted value (the whole slider range would break 2025),
/// and API volume and price paths are sampled independently, so their edges together compound into revenue
/// growth no market supports (volume ×3 a year at a price falling 10% a year for fifteen years).
fn monte_carlo_range(id: ParamId) -> Option<(f64, f64)> {
    match id {
        ParamId::UsageElasticity => Some((1.0, 1.6)),
        ParamId::EquityCapacityShare => Some((0.08, 0.25)),
        ParamId::Eta2025 => Some((290.0, 400.0)),
        // Fitted jointly with eta_2025 to 2025's cost of revenue: the whole slider range would break 2025, and
        // tokens per prompt falling behind the cost per token would take gross margin past 80%.
        ParamId::TokensPerPrompt2025 => Some((1200.0, 1900.0)),
        ParamId::TokensPerPromptGrowth => Some((0.7, 1.0)),
        ParamId::EtaGrowth => Some((1.3, 2.0)),
        ParamId::ApiVolGrowth2026 => Some((3.0, 7.0)),
        ParamId::ApiVolGrowthFloor => Some((1.6, 2.6)),
        ParamId::ApiPriceChange => Some((-0.60, -0.35)),
        ParamId::TokensPerPromptGrowth2030 => Some((1.1, 1.5)),
        // The market price per H100e-hour tracks hardware cost per H100e; apart, a GW of capacity grows
        // without bound dearer or cheaper.
        ParamId::MarketLeasePriceChange => Some((-0.36, -0.22)),
        ParamId::PerfPerWattGrowth => Some((1.25, 1.6)),
        _ => None,
    }
}

/// How a parameter is sampled: in log space for quantities that multiply (growth factors, prices, densities),
/// in log(1 + x) for annual rates of change, linearly otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Linear,
    Log,
    LogOnePlus,
}

impl Uncertain {
    /// The factor this parameter loads on.
    pub fn factor(&self) -> Factor {
        use ParamId as P;
        match self.param {
            P::BaseDelayMonths | P::DeliveryFraction | P::LoiScale => Factor::Hardware,
            P::MultipleScale | P::RaiseDiscount | P::CostOfDebt => Factor::Capital,
            _ => match self.param.spec().group {
                ParamGroup::Demand => Factor::Demand,
                ParamGroup::Technology => Factor::Hardware,
                ParamGroup::Financing | ParamGroup::Valuation => Factor::Capital,
                ParamGroup::Capacity | ParamGroup::Costs => Factor::Independent,
            },
        }
    }

    /// The sampling scale, from the parameter's unit.
    pub fn scale(&self) -> Scale {
        let spec = self.param.spec();
        match spec.unit {
            "%/yr" => Scale::LogOnePlus,
            "×/yr" | "×" | "tok/s/H100e" | "H100e/MW" | "$/H100e-hr" | "tokens" => Scale::Log,
            _ => Scale::Linear,
        }
    }
}
