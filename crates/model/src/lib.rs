//! Gigawatt's model: a pure, deterministic monthly simulation of a frontier AI lab's compute build-out and how it
//! is paid for (see MODEL-SPEC.md). No clock, no global randomness, no web dependency: `(scenario)` fixes every
//! output bit for bit, natively and in WebAssembly.
//!
//! The public API: [`Scenario`] (with [`Scenario::apply`] transitions and [`Scenario::validate`]),
//! [`simulate`] → [`Run`] (monthly [`Series`] by name, grouped series, ledger), the parameter table
//! ([`param_specs`]) and the presets ([`PresetId`]).

/// The version of the economics (the model's mechanisms, not its defaults): 1 until the spec's v2
/// (MODEL-SPEC-V2: Jevons demand, options and renewals, finite capital and distress), now 2. Share links
/// record it (`link::economics_of_link`), so a link made under older economics opens with its inputs unchanged
/// and a notice that the figures may differ.
pub const ECONOMICS_VERSION: u32 = 2;

pub mod checks;
mod circularity;
pub mod columns;
pub mod deals;
pub mod file;
pub mod funding;
pub mod ledger;
pub mod link;
mod math;
pub mod montecarlo;
mod month;
pub mod observations;
pub mod params;
pub mod presets;
mod pricing;
mod reuse;
pub mod run;
pub mod scenario;
mod sim;
pub mod slug;
pub mod sort;
pub mod uncertainty;
pub mod validation;

pub use deals::{
    ChipChoice, ChipGen, ChipGenId, ChipVendor, Contract, ContractStatus, Counterparty,
    FinancingMode, Pricing, RampPoint, Warrant,
};
pub use file::FileError;
pub use funding::{FundingEvent, FundingTiming, Investor, ValuationMark};
pub use ledger::{Edge, Flow, FlowCategory, Ledger, Node};
pub use link::{Decoded, LinkState, View};
pub use montecarlo::{monte_carlo, run_range, summarize, tornado, Summary, Tornado};
pub use month::{BadMonth, Month, HISTORY_END, HOURS_PER_MONTH, OBSERVED_END, SECONDS_PER_MONTH};
pub use observations::{observation, observations, observations_of, Metric, ObsUnit, Observation};
pub use params::{param_specs, Grade, ParamGroup, ParamId, ParamKind, ParamSpec, Params};
pub use presets::PresetId;
pub use pricing::implied_price_per_gw_year;
pub use run::{
    aggregation, Aggregation, Annotation, AnnotationKind, DecisionEvent, DecisionKind, NamedSeries,
    Run, Series, TrancheOutcome, TrancheStatus, VendorCircularity, SERIES_NAMES,
};
pub use scenario::{Action, Problem, ProblemPath, Scenario};
pub use sim::{crf, multiple_for_growth, simulate, simulate_detail, PROMPTS_PER_WAU_MONTH};
pub use uncertainty::{Factor, Uncertain, Uncertainty};
