//! The output of a run: monthly series (struct of arrays), grouped series, the capital-flow ledger, and
//! derived views (flows for the Sankey; circularity per vendor is in `circularity.rs`).

use crate::deals::Counterparty;
use crate::ledger::Ledger;
/// The ledger's vocabulary, also named here (`run::Node`, `run::FlowCategory`) as before it moved.
pub use crate::ledger::{FlowCategory, Node};
use crate::reuse::{keep_string, put_back, take_kept};
use crate::Month;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

macro_rules! series {
    ($($name:ident : $agg:ident $doc:literal,)*) => {
        /// Every monthly series of a run. Flows are $B within the month, stocks at month end, shares as
        /// fractions.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Series {
            $(#[doc = $doc] pub $name: Vec<f64>,)*
        }

        /// A dropped run's series are kept for the next run's (allocating them was about a tenth of a run's
        /// time); a clone's too. Hence no field can be moved out of a `Series`: take it (`std::mem::take`).
        impl Drop for Series {
            fn drop(&mut self) {
                $(recycle_output(std::mem::take(&mut self.$name));)*
            }
        }

        /// Names of all series, in output order.
        pub const SERIES_NAMES: &[&str] = &[$(stringify!($name),)*];

        /// How series `name` aggregates over a year or a period, as declared where the series is defined;
        /// `None` for a name that is not a series.
        pub fn aggregation(name: &str) -> Option<Aggregation> {
            match name {
                $(stringify!($name) => Some(Aggregation::$agg),)*
                _ => None,
            }
        }

        impl Series {
            /// Every series empty, with room for `n` months: a run appends each series whole (`extend`), so
            /// nothing is zeroed first only to be overwritten; [`Series::pad_to`] then zero-fills any series no
            /// stage wrote.
            pub(crate) fn with_capacity(n: usize) -> Series {
                Series { $($name: output_with_capacity(n),)* }
            }
            /// Zero-fills every series to `n` months (those written already are `n` long).
            pub(crate) fn pad_to(&mut self, n: usize) {
                $(
                    debug_assert!(self.$name.len() <= n, "{} is longer than the run", stringify!($name));
                    self.$name.resize(n, 0.0);
                )*
            }
            /// A series by name.
            pub fn get(&self, name: &str) -> Option<&[f64]> {
                match name {
                    $(stringify!($name) => Some(&self.$name),)*
                    _ => None,
                }
            }
            /// Every series, mutably, with its name (used to sanitise outputs).
            pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&'static str, &mut Vec<f64>)) {
                $(f(stringify!($name), &mut self.$name);)*
            }
            /// Every series with its name.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[f64])> {
                [$((stringify!($name), self.$name.as_slice()),)*].into_iter()
            }
        }
    };
}

series! {
    revenue_usd_b: Sum "Realised revenue.",
    revenue_subscriptions_usd_b: Sum "Consumer subscriptions.",
    revenue_business_usd_b: Sum "Business seats.",
    revenue_api_usd_b: Sum "API and platform.",
    revenue_ads_usd_b: Sum "Free-user ads and commerce.",
    revenue_other_usd_b: Sum "Agents, devices, compute resale.",
    arr_usd_b: End "Annualised revenue run-rate, 12 × monthly revenue.",
    ntm_revenue_usd_b: End "Revenue over the next twelve months.",
    weekly_users: End "Weekly active users.",
    paid_subscribers: End "Paying consumer subscribers.",
    business_seats: End "Paying business seats.",
    tokens_served: Sum "Tokens served in the month.",
    it_gw: End "Delivered IT GW online at month end.",
    facility_gw: End "Facility GW (IT × PUE).",
    announced_gw: End "Announced IT GW: undelayed, fully delivered, LOIs included.",
    h100e: End "Fleet in H100-equivalents.",
    inference_demand_h100e: End "Inference demand, H100e.",
    inference_demand_gw: End "Inference demand converted to GW at the fleet-average density.",
    training_h100e: End "Compute allocated to training, H100e.",
    training_gw: End "Training allocation in GW.",
    idle_h100e: End "Idle compute, H100e.",
    idle_gw: End "Idle compute in GW.",
    utilisation: Mean "(inference + training) ÷ fleet.",
    demand_coverage: Mean "Share of inference demand served (φ).",
    procured_gw: End "GW of leases signed by the model's own procurement, active.",
    compute_cost_usd_b: Sum "Leases, partner leases, depreciation, hosting, power and DC opex.",
    compute_payments_usd_b: Sum "Cash paid for compute: leases, partner leases, hosting, power, DC opex and capex.",
    inference_cost_usd_b: Sum "Compute cost allocated to inference.",
    training_cost_usd_b: Sum "Compute cost allocated to training.",
    idle_cost_usd_b: Sum "Compute cost of idle capacity.",
    rev_share_usd_b: Sum "Microsoft's net revenue share.",
    cost_of_revenue_usd_b: Sum "Inference compute + revenue share + other cost of revenue.",
    gross_profit_usd_b: Sum "Revenue − cost of revenue.",
    gross_margin: Ratio "Gross profit ÷ revenue.",
    compute_margin: Ratio "OpenAI's internal metric: (paid revenue − inference cost of paid tokens) ÷ paid revenue.",
    rnd_usd_b: Sum "R&D: training + idle compute, people, SBC share.",
    sm_usd_b: Sum "Sales and marketing incl. SBC share.",
    ga_usd_b: Sum "General and administrative incl. SBC share.",
    sbc_usd_b: Sum "Stock-based compensation.",
    operating_income_usd_b: Sum "EBIT.",
    ebitda_usd_b: Sum "Adjusted EBITDA: EBIT + depreciation + SBC.",
    net_income_usd_b: Sum "Net income after interest and tax.",
    capex_usd_b: Sum "Capital spending on owned chips and facilities.",
    burn_usd_b: Sum "−(operating + investing cash flow).",
    equity_raised_usd_b: Sum "Equity received (scheduled, conditional, automatic, IPO, vendor).",
    cash_usd_b: End "Cash at month end, with the funding policy.",
    cash_committed_only_usd_b: End "Cash with only scheduled and committed funding.",
    funding_gap_usd_b: End "Largest shortfall below minimum cash so far, committed funding only.",
    runway_months: End "Months until committed-only cash turns negative (to the horizon's end if never).",
    debt_usd_b: End "Revolver + term debt.",
    obligations_binding_usd_b: End "Remaining payments under binding and term-sheet deals.",
    obligations_announced_usd_b: End "Remaining payments including LOIs.",
    obligations_ntm_usd_b: End "Contractual payments due in the next twelve months.",
    obligations_headline_usd_b: End "Remaining lease payments + hardware vendor content of undeployed purchases (Altman's $1.4T basis).",
    commitments_signed_usd_b: End "Cumulative value of deals signed.",
    obligations_to_arr: End "Binding obligations ÷ ARR.",
    valuation_usd_b: End "Model valuation: multiple(growth) × NTM revenue.",
    valuation_multiple: Mean "Valuation ÷ NTM revenue.",
    cost_per_mtok_usd: Ratio "Inference compute cost per million tokens served.",
    revenue_per_mtok_usd: Ratio "Revenue per million tokens served.",
    cost_per_h100e_hour_usd: Ratio "Fleet compute cost per H100e-hour.",
    market_lease_price_usd_per_h100e_hour: Mean "Market lease price per H100e-hour: what procurement, renewals and re-lets sign at.",
    arr_per_gw_usd_b: End "ARR per IT GW.",
    energy_twh_per_year: Mean "Annualised energy use of the fleet.",
    fleet_electricity_usd_b: Sum "Electricity cost of the whole fleet (mostly inside lease prices).",
    power_cost_usd_b: Sum "Electricity paid directly for owned capacity.",
    confirmed_gw: End "IT GW of non-binding steps (LOI, term sheet) confirmed so far, at their planned size.",
    deferred_gw: End "IT GW of non-binding steps currently deferred (failed the need or affordability test).",
    lapsed_gw: End "IT GW of non-binding steps lapsed so far (deferred beyond the limit): announced, never taken up.",
    renewed_gw: End "IT GW online under renewals of expired leases at the market price.",
    idle_binding_gw: End "Idle GW held under binding contracts: paid for and unusable.",
    equity_capacity_usd_b: End "New equity the market would still take in the rolling 12 months (capacity − raised).",
    distress_stage: End "0 none, 1 short of minimum cash (no new options), 2 renegotiating deliveries, 3 arrears or default.",
    arrears_usd_b: End "Payments due and not made, owed to suppliers (stock).",
    defaulted_obligations_usd_b: End "Obligations written off in default: arrears plus remaining payments (cumulative).",
    renegotiation_penalty_usd_b: Sum "Penalties paid to defer undelivered binding capacity in distress.",
    ownership_foundation: End "OpenAI Foundation's share.",
    ownership_microsoft: End "Microsoft's share.",
    ownership_softbank: End "SoftBank's share.",
    ownership_amazon: End "Amazon's share.",
    ownership_nvidia: End "NVIDIA's share.",
    ownership_other_investors: End "Other investors' share.",
    ownership_employees: End "Employees' share.",
    ownership_public: End "Public shareholders' share.",
}

// A run's series and grouped series are some hundred vectors of a horizon each: a dropped run's serve the next
// run's (`Drop` for `Series` and `NamedSeries`).
thread_local! {
    /// Vectors of dropped runs' series, for the next run's series ([`output_with_capacity`],
    /// [`output_from`], [`recycle_output`]).
    static OUTPUTS: RefCell<Vec<Vec<f64>>> = const { RefCell::new(Vec::new()) };
}

/// Most output vectors kept per thread: the series of two runs (or one run's series and grouped series).
const KEEP_OUTPUTS: usize = 2 * SERIES_NAMES.len();

/// An empty vector with room for `n` values that the caller owns: a run's output series, in the storage of a
/// dropped run's series when one is kept. A run's series are some eighty vectors of a horizon each (1,440 bytes
/// for 180 months), too large for the allocator's per-thread caches: allocating and freeing them was about a
/// tenth of a run's time when runs repeat (sliders, `gigawatt bench`).
pub(crate) fn output_with_capacity(n: usize) -> Vec<f64> {
    let mut v = kept_output();
    v.reserve(n);
    v
}

/// An empty vector, a dropped run's when one is kept.
fn kept_output() -> Vec<f64> {
    let mut v = take_kept(&OUTPUTS).unwrap_or_default();
    v.clear();
    v
}

/// `n` zeros in a vector the caller owns (see [`output_with_capacity`]).
pub(crate) fn output_zeros(n: usize) -> Vec<f64> {
    let mut v = output_with_capacity(n);
    v.resize(n, 0.0);
    v
}

/// `values` in a vector the caller owns (a run's grouped series), in a dropped run's vector when one is kept:
/// see [`output_with_capacity`].
pub(crate) fn output_from(values: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut v = kept_output();
    v.extend(values);
    v
}

/// A copy of `values` in a vector the caller owns (see [`output_from`]), copied whole.
pub(crate) fn output_copy(values: &[f64]) -> Vec<f64> {
    let mut v = kept_output();
    v.extend_from_slice(values);
    v
}

/// Keeps `v`, a dropped run's series, for [`output_with_capacity`] and [`output_from`] (frees it when enough
/// are kept).
fn recycle_output(v: Vec<f64>) {
    if v.capacity() > 0 {
        put_back(&OUTPUTS, v, KEEP_OUTPUTS);
    }
}

/// How a monthly series turns into a yearly figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregation {
    /// Flows within the month: the year is their sum.
    Sum,
    /// Stocks and shares at month end: the year is its last month.
    End,
    /// Rates: the year is their average.
    Mean,
    /// Ratios recomputed from annual sums.
    Ratio,
}

/// A named monthly series (grouped outputs such as capacity by counterparty).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedSeries {
    pub name: String,
    pub values: Vec<f64>,
}

/// A dropped run's grouped series are kept for the next run's, as its series are (see [`Series`]), names too.
/// Hence no field can be moved out of a `NamedSeries`: take it (`std::mem::take`).
impl Drop for NamedSeries {
    fn drop(&mut self) {
        recycle_output(std::mem::take(&mut self.values));
        keep_string(std::mem::take(&mut self.name));
    }
}

/// A dated event for the time charts' annotations: what happened, how much, and on whose word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub month: Month,
    /// What happened ("L1: Oracle Stargate", "Option confirmed: N2").
    pub label: String,
    pub kind: AnnotationKind,
    /// The amount as a reader reads it ("$40B", "1.5 GW"); empty when there is none.
    #[serde(default)]
    pub amount: String,
    /// Where it comes from: the deal's or funding event's source, "Scenario input" for a date the user set, or
    /// "Model decision" for what the run itself decided.
    #[serde(default)]
    pub source: String,
}

/// A dropped run's texts are kept for the next run's (see [`crate::reuse::kept_string`]). Hence no field can be
/// moved out of an `Annotation`: take it (`std::mem::take`).
impl Drop for Annotation {
    fn drop(&mut self) {
        for text in [&mut self.label, &mut self.amount, &mut self.source] {
            keep_string(std::mem::take(text));
        }
    }
}

/// What kind of event an [`Annotation`] marks; each time chart shows the kinds that bear on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnnotationKind {
    /// A capacity deal signed.
    Deal,
    /// An option (LOI or term-sheet step) confirmed or lapsed by the run.
    Option,
    /// A funding round paid, or a conditional tranche triggered.
    Funding,
    /// The IPO.
    Ipo,
    /// The month distress begins.
    Distress,
    /// A reference point (a disclosed figure, the end of observed history).
    Marker,
}

impl AnnotationKind {
    /// How the kind reads in a legend or table ("Deal", "Option decision").
    pub fn label(self) -> &'static str {
        match self {
            AnnotationKind::Deal => "Deal",
            AnnotationKind::Option => "Option decision",
            AnnotationKind::Funding => "Funding",
            AnnotationKind::Ipo => "IPO",
            AnnotationKind::Distress => "Distress",
            AnnotationKind::Marker => "Reference",
        }
    }
}

/// Circularity of one vendor's relationship with the lab over a window (spec §2 H).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorCircularity {
    pub vendor: String,
    /// Lease, hardware, indirect hardware (and for Microsoft revenue share) flowing to the vendor, $B.
    pub lab_spend_usd_b: f64,
    /// Equity and vendor equity from the vendor, $B.
    pub vendor_invest_usd_b: f64,
    /// vendor_invest ÷ lab_spend (0 when there is no spend).
    pub ratio: f64,
    /// Lab-related spend ÷ the vendor's projected revenue over the window.
    pub share_of_vendor_revenue: f64,
}

/// The complete output of `simulate`.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub months: Vec<Month>,
    pub series: Series,
    /// Delivered IT GW per counterparty (the capacity stack).
    pub by_counterparty_gw: Vec<NamedSeries>,
    /// Delivered IT GW per chip vendor.
    pub by_vendor_gw: Vec<NamedSeries>,
    /// Compute cost per million tokens if served on each chip vendor's capacity: that capacity's cost per
    /// H100e-hour ÷ tokens per H100e-hour (spec §6.4). Zero in months the vendor has no capacity.
    pub cost_per_mtok_by_vendor: Vec<NamedSeries>,
    /// Ownership fraction per holder; sums to 1 every month.
    pub ownership: Vec<NamedSeries>,
    /// Who pays whom, month by month (spec §2 H).
    pub ledger: Ledger,
    /// Valuation marks (post-money $B) within the run.
    pub marks: Vec<(Month, f64)>,
    pub annotations: Vec<Annotation>,
    /// Every non-binding step (tranche) of a contract and what became of it (spec v2 §4).
    pub tranches: Vec<TrancheOutcome>,
    /// Arrears plus defaulted obligations per counterparty, $B (stock): who is owed what the lab did not pay.
    pub unpaid_by_counterparty: Vec<NamedSeries>,
    /// Value of announced capacity never taken up (lapsed steps), per counterparty, $B (cumulative): the
    /// supplier's lost revenue.
    pub lapsed_value_by_counterparty: Vec<NamedSeries>,
    /// Dated events of the run's own decisions: options confirmed or lapsed, renegotiations, arrears, defaults.
    pub events: Vec<DecisionEvent>,
    /// How many output values were NaN or infinite and were shown as 0 (the last line of defence of the
    /// "never NaN" promise). Zero for every valid scenario (a property test holds it); a scenario that had to
    /// be made runnable may have some, and the app and CLI say so.
    pub non_finite_replaced: usize,
}

/// The fate of one non-binding step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrancheStatus {
    /// Not yet decided by the end of the run (its decision month lies past the horizon).
    Pending,
    Confirmed,
    /// Still deferred at the end of the run.
    Deferred,
    Lapsed,
}

impl TrancheStatus {
    pub fn label(self) -> &'static str {
        match self {
            TrancheStatus::Pending => "pending",
            TrancheStatus::Confirmed => "confirmed",
            TrancheStatus::Deferred => "deferred",
            TrancheStatus::Lapsed => "lapsed",
        }
    }
}

/// One step of a non-binding contract: its planned size and delivery, and the decision taken on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrancheOutcome {
    /// The contract's id ("P1").
    pub contract: String,
    pub counterparty: Counterparty,
    /// Planned IT GW of the step (after delivery fraction and LOI scale).
    pub gw: f64,
    /// First month of planned delivery (announced, before delays).
    pub planned_delivery: Month,
    pub status: TrancheStatus,
    /// Month of the final decision (confirmation or lapse), if any.
    pub decided: Option<Month>,
    /// Months the step was deferred in total.
    pub deferred_months: u32,
}

/// Its text is kept for the next run's (see [`Annotation`]'s `Drop`).
impl Drop for TrancheOutcome {
    fn drop(&mut self) {
        keep_string(std::mem::take(&mut self.contract));
    }
}

/// A dated decision of the run (spec v2 §4, §5), for annotations and the exposure view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionEvent {
    pub month: Month,
    pub kind: DecisionKind,
    /// Contract id or counterparty label the event concerns.
    pub subject: String,
    /// GW for capacity decisions, $B for money.
    pub amount: f64,
}

/// Its text is kept for the next run's (see [`Annotation`]'s `Drop`).
impl Drop for DecisionEvent {
    fn drop(&mut self) {
        keep_string(std::mem::take(&mut self.subject));
    }
}

/// What a [`DecisionEvent`] records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    OptionConfirmed,
    OptionDeferred,
    OptionLapsed,
    DistressBegins,
    Renegotiated,
    Arrears,
    Default,
    /// Capacity withdrawn by a default that serving needs, re-let at the market price.
    Relet,
}

impl DecisionKind {
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::OptionConfirmed => "option confirmed",
            DecisionKind::OptionDeferred => "option deferred",
            DecisionKind::OptionLapsed => "option lapsed",
            DecisionKind::DistressBegins => "distress begins",
            DecisionKind::Renegotiated => "deliveries renegotiated",
            DecisionKind::Arrears => "arrears",
            DecisionKind::Default => "default",
            DecisionKind::Relet => "re-let at market",
        }
    }
}

impl Run {
    /// A monthly series by name; `None` for an unknown name.
    pub fn series(&self, name: &str) -> Option<&[f64]> {
        self.series.get(name)
    }
    /// Names of every monthly series.
    pub fn series_names() -> &'static [&'static str] {
        SERIES_NAMES
    }
    /// Index of a month in this run.
    pub fn index_of(&self, m: Month) -> Option<usize> {
        let i = m.0 - self.months.first()?.0;
        (i >= 0 && (i as usize) < self.months.len()).then_some(i as usize)
    }
    /// Sum of a flow series over a calendar year (0 for years outside the run or unknown names).
    pub fn annual_sum(&self, name: &str, year: i32) -> f64 {
        self.year_values(name, year).iter().sum()
    }
    /// Value of a stock series at the last month of a calendar year inside the run.
    pub fn year_end(&self, name: &str, year: i32) -> f64 {
        self.year_values(name, year).last().copied().unwrap_or(0.0)
    }
    fn year_values(&self, name: &str, year: i32) -> &[f64] {
        let Some(values) = self.series(name) else {
            return &[];
        };
        let from = self.index_of(Month::from_ym(year, 1));
        let to = self
            .index_of(Month::from_ym(year, 12))
            .map(|i| i + 1)
            .or_else(|| from.map(|_| values.len()));
        match (from, to) {
            (Some(a), Some(b)) => &values[a..b],
            _ => &[],
        }
    }
    /// A series for a whole calendar year, aggregated as a reader expects: flows summed, stocks at year end,
    /// rates averaged, ratios recomputed from annual sums (gross margin = annual gross profit ÷ annual revenue).
    /// `None` for an unknown name or a year outside the run.
    pub fn annual(&self, name: &str, year: i32) -> Option<f64> {
        let values = self.year_values(name, year);
        if values.is_empty() {
            return None;
        }
        let sum = |n: &str| self.annual_sum(n, year);
        let ratio = |a: f64, b: f64| if b != 0.0 { a / b } else { 0.0 };
        Some(match aggregation(name)? {
            Aggregation::Sum => values.iter().sum(),
            Aggregation::End => values[values.len() - 1],
            Aggregation::Mean => values.iter().sum::<f64>() / values.len() as f64,
            Aggregation::Ratio => match name {
                "gross_margin" => ratio(sum("gross_profit_usd_b"), sum("revenue_usd_b")),
                "compute_margin" => {
                    let revenue = self.year_values("revenue_usd_b", year);
                    ratio(
                        values.iter().zip(revenue).map(|(m, r)| m * r).sum(),
                        sum("revenue_usd_b"),
                    )
                }
                "cost_per_mtok_usd" => ratio(
                    sum("inference_cost_usd_b") * 1e9,
                    sum("tokens_served") / 1e6,
                ),
                "revenue_per_mtok_usd" => {
                    ratio(sum("revenue_usd_b") * 1e9, sum("tokens_served") / 1e6)
                }
                "cost_per_h100e_hour_usd" => ratio(
                    sum("compute_cost_usd_b") * 1e9,
                    sum("h100e") * crate::month::HOURS_PER_MONTH,
                ),
                _ => values[values.len() - 1],
            },
        })
    }

    /// Calendar years covered by the run.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        let first = self.months.first().map_or(2025, |m| m.year());
        let last = self.months.last().map_or(2025, |m| m.year());
        first..=last
    }

    /// Ledger flows aggregated over years `from_year..=to_year`, by (from, to, category, estimated), largest
    /// first. Feeds the Sankey.
    pub fn flows_between(
        &self,
        from_year: i32,
        to_year: i32,
    ) -> Vec<(Node, Node, FlowCategory, f64, bool)> {
        // A list searched linearly rather than a map: a few dozen edges, and one less map type in the web
        // build. Sorted by value, largest first, then by (from, to, category, estimated) as a map would list.
        let mut sums: Vec<((Node, Node, FlowCategory, bool), f64)> = Vec::new();
        for (edge, total) in self.ledger.totals(self.months_of_years(from_year, to_year)) {
            let key = (edge.from, edge.to, edge.category, edge.estimated);
            match sums.iter_mut().find(|(k, _)| *k == key) {
                Some((_, sum)) => *sum += total,
                None => sums.push((key, total)),
            }
        }
        sums.retain(|(_, v)| *v > 1e-9);
        crate::sort::sort_by(&mut sums, |(ka, a), (kb, b)| {
            b.total_cmp(a).then_with(|| ka.cmp(kb))
        });
        sums.into_iter()
            .map(|((a, b, c, e), v)| (a, b, c, v, e))
            .collect()
    }

    /// Indices of the months in years `from_year..=to_year` (empty when none is in the run).
    pub fn months_of_years(&self, from_year: i32, to_year: i32) -> std::ops::Range<usize> {
        let start = self.months.partition_point(|m| m.year() < from_year);
        let end = self.months.partition_point(|m| m.year() <= to_year);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_series_declares_its_aggregation_and_nothing_else_has_one() {
        for name in SERIES_NAMES {
            assert!(aggregation(name).is_some(), "{name}");
        }
        assert_eq!(aggregation("gross_margin"), Some(Aggregation::Ratio));
        assert_eq!(aggregation("cash_usd_b"), Some(Aggregation::End));
        assert_eq!(aggregation("revenue_usd_b"), Some(Aggregation::Sum));
        assert_eq!(aggregation("utilisation"), Some(Aggregation::Mean));
        // An unknown name is not silently a stock.
        assert_eq!(aggregation("revenue_usd_bn"), None);
    }
}
