//! Every validation rule of a scenario, written once. [`Scenario::apply`](crate::Scenario::apply) rejects an
//! edit that breaks a rule, [`Scenario::validate`](crate::Scenario::validate) lists what breaks them and
//! [`Scenario::sanitized`](crate::Scenario::sanitized) repairs what breaks them; all three call the functions
//! below, so a rule cannot drift between them.
//!
//! Each kind of item has one `*_problems` function (the rule: every way the item can be wrong, as
//! [`Problem`]s) and, where sanitising repairs it, one `repaired_*` function that is the identity on a valid
//! item and returns a valid item (or `None`: leave it out of the run) for an invalid one. Edits of parameters,
//! the name, chip generations, the cap table, Monte Carlo runs and the uncertainty settings are rejected by
//! `apply`; contracts, funding events and marks are accepted and their problems listed, so the deal editor
//! can pass through an unfinished shape (a ramp typed point by point).
//!
//! A problem's [`ProblemPath`] is typed; its `Display` is the string the app and the CLI show
//! ("base_delay_months", "contracts[2] (L3)").

use crate::deals::{ChipGen, Contract, Pricing, RampPoint};
use crate::funding::{FundingEvent, FundingTiming, Investor, ValuationMark};
use crate::params::{ParamId, ParamKind, ParamSpec};
use crate::uncertainty::Uncertainty;
use crate::Month;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Largest magnitude accepted for money and capacity inputs ($B, GW): beyond it a value is a typo.
pub const MAX_INPUT: f64 = 100_000.0;
/// Largest pre-money valuation of a funding event, $B.
pub const MAX_PRE_MONEY_USD_B: f64 = 1000.0 * MAX_INPUT;
/// The earliest month a ramp point, signing, end or funding event may name (2015-01).
pub const EARLIEST_MONTH: Month = Month::from_ym(2015, 1);
/// The latest month a ramp point, signing, end or funding event may name.
pub const LATEST_MONTH: Month = Month::from_ym(2075, 1);
/// How messages name the range [`EARLIEST_MONTH`]..=[`LATEST_MONTH`].
const MONTH_RANGE_TEXT: &str = "2015–2074";
/// Fewest and most Monte Carlo runs a scenario may ask for.
pub const MIN_MC_RUNS: u32 = 100;
pub const MAX_MC_RUNS: u32 = 100_000;
/// [`MIN_MC_RUNS`] to [`MAX_MC_RUNS`] as messages write it.
pub const MC_RUNS_RANGE_TEXT: &str = "100 to 100,000";
/// Longest scenario name, in characters (longer names are cut).
pub const MAX_NAME_CHARS: usize = 120;
/// How far the cap table's shares may sum from 1.
pub const CAP_TABLE_TOLERANCE: f64 = 1e-6;

/// [`MAX_INPUT`] as messages write it ("100,000").
fn max_input_text() -> String {
    let n = MAX_INPUT as u64;
    format!("{},{:03}", n / 1000, n % 1000)
}

fn in_input_range(x: f64) -> bool {
    (0.0..=MAX_INPUT).contains(&x)
}

fn month_in_range(m: Month) -> bool {
    (EARLIEST_MONTH..=LATEST_MONTH).contains(&m)
}

fn clamp_month(m: Month) -> Month {
    m.clamp(EARLIEST_MONTH, LATEST_MONTH)
}

/// A number brought into 0..=[`MAX_INPUT`]; anything not finite becomes 0.
fn clean(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, MAX_INPUT)
    } else {
        0.0
    }
}

// ---------------------------------------------------------------------------------------------------------
// Paths and problems

/// A list of the scenario, named when an index names none of its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    Contracts,
    Funding,
    Chips,
}

impl Table {
    pub fn key(self) -> &'static str {
        match self {
            Table::Contracts => "contracts",
            Table::Funding => "funding",
            Table::Chips => "chips",
        }
    }
}

/// A scalar of the uncertainty settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UncertaintyField {
    LoiProbability,
    TermSheetProbability,
    Correlation,
}

impl UncertaintyField {
    pub const ALL: [UncertaintyField; 3] = [
        UncertaintyField::LoiProbability,
        UncertaintyField::TermSheetProbability,
        UncertaintyField::Correlation,
    ];
    pub fn key(self) -> &'static str {
        match self {
            UncertaintyField::LoiProbability => "loi_probability",
            UncertaintyField::TermSheetProbability => "term_sheet_probability",
            UncertaintyField::Correlation => "correlation",
        }
    }
    fn of(self, u: &Uncertainty) -> f64 {
        match self {
            UncertaintyField::LoiProbability => u.loi_probability,
            UncertaintyField::TermSheetProbability => u.term_sheet_probability,
            UncertaintyField::Correlation => u.correlation,
        }
    }
    fn of_mut(self, u: &mut Uncertainty) -> &mut f64 {
        match self {
            UncertaintyField::LoiProbability => &mut u.loi_probability,
            UncertaintyField::TermSheetProbability => &mut u.term_sheet_probability,
            UncertaintyField::Correlation => &mut u.correlation,
        }
    }
}

/// Where a problem is. Items carry the name they are shown by (a contract's id, an event's label), so the
/// display reads as the table does.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProblemPath {
    /// "name"
    Name,
    /// A scalar parameter: its key ("base_delay_months").
    Param(ParamId),
    /// A list as a whole ("contracts"), when an edit names an item it does not have.
    Table(Table),
    /// "contracts[2] (L3)"
    Contract { index: usize, id: String },
    /// "funding[0] (SoftBank, $300B round)"
    Funding { index: usize, label: String },
    /// "chips[4] (Vera Rubin NVL144)"
    Chip { index: usize, name: String },
    /// "cap_table"
    CapTable,
    /// "marks[1]"
    Mark { index: usize },
    /// "mc_runs"
    McRuns,
    /// The Monte Carlo range of a parameter: "uncertainty.pue".
    UncertainParam(ParamId),
    /// "uncertainty.correlation"
    Uncertainty(UncertaintyField),
}

impl ProblemPath {
    /// True for the uncertainty settings (what `SetUncertainty` edits).
    pub fn is_uncertainty(&self) -> bool {
        matches!(
            self,
            ProblemPath::UncertainParam(_) | ProblemPath::Uncertainty(_)
        )
    }
}

impl fmt::Display for ProblemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemPath::Name => f.write_str("name"),
            ProblemPath::Param(id) => f.write_str(id.spec().key),
            ProblemPath::Table(t) => f.write_str(t.key()),
            ProblemPath::Contract { index, id } => write!(f, "contracts[{index}] ({id})"),
            ProblemPath::Funding { index, label } => write!(f, "funding[{index}] ({label})"),
            ProblemPath::Chip { index, name } => write!(f, "chips[{index}] ({name})"),
            ProblemPath::CapTable => f.write_str("cap_table"),
            ProblemPath::Mark { index } => write!(f, "marks[{index}]"),
            ProblemPath::McRuns => f.write_str("mc_runs"),
            ProblemPath::UncertainParam(id) => write!(f, "uncertainty.{}", id.spec().key),
            ProblemPath::Uncertainty(field) => write!(f, "uncertainty.{}", field.key()),
        }
    }
}

/// Reads a path back from its display (for [`Problem`]s stored as JSON); nothing in the model parses paths.
impl FromStr for ProblemPath {
    type Err = String;
    fn from_str(s: &str) -> Result<ProblemPath, String> {
        let bad = || format!("'{s}' is not a problem path");
        let fixed = match s {
            "name" => Some(ProblemPath::Name),
            "contracts" => Some(ProblemPath::Table(Table::Contracts)),
            "funding" => Some(ProblemPath::Table(Table::Funding)),
            "chips" => Some(ProblemPath::Table(Table::Chips)),
            "cap_table" => Some(ProblemPath::CapTable),
            "mc_runs" => Some(ProblemPath::McRuns),
            _ => None,
        };
        if let Some(path) = fixed {
            return Ok(path);
        }
        if let Some(id) = ParamId::from_key(s) {
            return Ok(ProblemPath::Param(id));
        }
        if let Some(key) = s.strip_prefix("uncertainty.") {
            if let Some(field) = UncertaintyField::ALL.into_iter().find(|f| f.key() == key) {
                return Ok(ProblemPath::Uncertainty(field));
            }
            return ParamId::from_key(key)
                .map(ProblemPath::UncertainParam)
                .ok_or_else(bad);
        }
        // "list[index]" optionally followed by " (name)".
        let (list, rest) = s.split_once('[').ok_or_else(bad)?;
        let (index, rest) = rest.split_once(']').ok_or_else(bad)?;
        let index: usize = index.parse().map_err(|_| bad())?;
        let name = || {
            rest.strip_prefix(" (")
                .and_then(|r| r.strip_suffix(')'))
                .map(str::to_string)
                .ok_or_else(bad)
        };
        match list {
            "contracts" => Ok(ProblemPath::Contract { index, id: name()? }),
            "funding" => Ok(ProblemPath::Funding {
                index,
                label: name()?,
            }),
            "chips" => Ok(ProblemPath::Chip {
                index,
                name: name()?,
            }),
            "marks" if rest.is_empty() => Ok(ProblemPath::Mark { index }),
            _ => Err(bad()),
        }
    }
}

impl Serialize for ProblemPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProblemPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ProblemPath, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// One problem found by [`Scenario::validate`](crate::Scenario::validate): where, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where: a parameter ("base_delay_months"), an item ("contracts[2] (L3)"), a table ("cap_table").
    pub path: ProblemPath,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl Problem {
    pub fn new(path: ProblemPath, message: impl Into<String>) -> Problem {
        Problem {
            path,
            message: message.into(),
        }
    }
}

/// The first problem, as the error of an edit.
fn first(problems: Vec<Problem>) -> Result<(), Problem> {
    problems.into_iter().next().map_or(Ok(()), Err)
}

// ---------------------------------------------------------------------------------------------------------
// The name

/// The name an edit sets, trimmed and cut to [`MAX_NAME_CHARS`]; an empty name is refused. (Only edits name a
/// scenario: files and links keep whatever name they carry.)
pub(crate) fn checked_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Problem::new(ProblemPath::Name, "the scenario needs a name"));
    }
    Ok(name.chars().take(MAX_NAME_CHARS).collect())
}

// ---------------------------------------------------------------------------------------------------------
// Scalar parameters: the ranges of the parameter table (`ParamSpec::check`)

pub(crate) fn param_problem(spec: &ParamSpec, value: f64) -> Option<Problem> {
    spec.check(value)
        .err()
        .map(|m| Problem::new(ProblemPath::Param(spec.id), m))
}

pub(crate) fn check_param(id: ParamId, value: f64) -> Result<(), Problem> {
    param_problem(id.spec(), value).map_or(Ok(()), Err)
}

/// A valid value: the value brought into range if it is a number that then passes, else the default.
pub(crate) fn repaired_param(spec: &ParamSpec, value: f64) -> f64 {
    if param_problem(spec, value).is_none() {
        return value;
    }
    let clamped = value.clamp(spec.min, spec.max);
    let numeric = value.is_finite() && spec.kind == ParamKind::Number;
    if numeric && param_problem(spec, clamped).is_none() {
        clamped
    } else {
        spec.default
    }
}

// ---------------------------------------------------------------------------------------------------------
// Contracts

/// Every problem of a contract: its ramp (at least one point; capacity a number from 0 to [`MAX_INPUT`] GW;
/// months in range, strictly increasing; capacity never falling), its dates (signing and end in range, the
/// end after the first ramp point, a lease has an end), its prices, equity grant and warrant.
pub(crate) fn contract_problems(c: &Contract, index: usize) -> Vec<Problem> {
    let path = || ProblemPath::Contract {
        index,
        id: c.id.clone(),
    };
    contract_messages(c)
        .into_iter()
        .map(|m| Problem::new(path(), m))
        .collect()
}

fn contract_messages(c: &Contract) -> Vec<String> {
    let mut out = ramp_messages(&c.ramp);
    out.extend(date_messages(c));
    out.extend(money_messages(c));
    out
}

fn ramp_messages(ramp: &[RampPoint]) -> Vec<String> {
    let mut out = Vec::new();
    if ramp.is_empty() {
        out.push("needs at least one ramp point".into());
    }
    for (j, p) in ramp.iter().enumerate() {
        if !p.cumulative_gw.is_finite() || p.cumulative_gw < 0.0 {
            out.push(format!(
                "ramp point {} ({}) has negative or missing capacity",
                j + 1,
                p.month
            ));
        } else if p.cumulative_gw > MAX_INPUT {
            out.push(format!(
                "ramp point {} ({}) exceeds {MAX_INPUT} GW",
                j + 1,
                p.month
            ));
        }
        if !month_in_range(p.month) {
            out.push(format!(
                "ramp point {} ({}) is outside {MONTH_RANGE_TEXT}",
                j + 1,
                p.month
            ));
        }
        if j > 0 {
            let prev = ramp[j - 1];
            if p.month <= prev.month {
                out.push(format!(
                    "ramp point {} ({}) is not after point {} ({})",
                    j + 1,
                    p.month,
                    j,
                    prev.month
                ));
            } else if p.cumulative_gw < prev.cumulative_gw {
                out.push(format!(
                    "ramp goes backwards: {} GW at {} after {} GW at {}",
                    p.cumulative_gw, p.month, prev.cumulative_gw, prev.month
                ));
            }
        }
    }
    out
}

fn date_messages(c: &Contract) -> Vec<String> {
    let mut out = Vec::new();
    if !month_in_range(c.signed) {
        out.push(format!(
            "signing month {} is outside {MONTH_RANGE_TEXT}",
            c.signed
        ));
    }
    if let Some(end) = c.end {
        if !month_in_range(end) {
            out.push(format!("end month {end} is outside {MONTH_RANGE_TEXT}"));
        }
    }
    if let (Some(end), Some(first)) = (c.end, c.ramp.first()) {
        if end <= first.month {
            out.push(format!("ends ({end}) before it starts ({})", first.month));
        }
    }
    if !c.pricing.is_purchase() && c.end.is_none() {
        out.push("a lease needs an end month".into());
    }
    out
}

fn money_messages(c: &Contract) -> Vec<String> {
    let mut out = Vec::new();
    let ok = in_input_range;
    match c.pricing {
        Pricing::LeaseTotal {
            total_value_usd_b: v,
        } if !ok(v) => out.push(format!("total value must be between 0 and {MAX_INPUT} $B")),
        Pricing::LeasePerGwYear {
            usd_b_per_gw_year: v,
        } if !ok(v) => out.push(format!(
            "price must be between 0 and {MAX_INPUT} $B per GW-year"
        )),
        Pricing::Purchase {
            vendor_content_usd_b_per_gw: a,
            other_it_usd_b_per_gw: b,
            ..
        } if !ok(a) || !ok(b) => out.push(format!(
            "hardware cost per GW must be between 0 and {MAX_INPUT} $B"
        )),
        _ => {}
    }
    if !ok(c.equity_grant_usd_b) {
        out.push(format!(
            "equity grant must be between 0 and {} $B",
            max_input_text()
        ));
    }
    if let Some(w) = &c.warrant {
        if ![w.shares_m, w.shares_m_per_gw, w.final_tranche_price_usd]
            .into_iter()
            .all(ok)
        {
            out.push(format!(
                "warrant shares and price must be between 0 and {}",
                max_input_text()
            ));
        }
    }
    out
}

/// A valid contract: the ramp's bad points dropped, the rest sorted, one point a month, capacity brought
/// into range and made non-decreasing; dates brought into range; money brought into range. `None` when its
/// shape cannot be mended (no usable ramp point, a lease without an end, an end before the start): the run
/// leaves it out.
pub(crate) fn repaired_contract(c: &Contract) -> Option<Contract> {
    if contract_messages(c).is_empty() {
        return Some(c.clone());
    }
    let mut c = c.clone();
    if !ramp_messages(&c.ramp).is_empty() {
        c.ramp
            .retain(|p| p.cumulative_gw.is_finite() && month_in_range(p.month));
        crate::sort::sort_by_key(&mut c.ramp, |p| p.month);
        c.ramp.dedup_by_key(|p| p.month);
        let mut high = 0.0f64;
        for p in &mut c.ramp {
            high = high.max(clean(p.cumulative_gw));
            p.cumulative_gw = high;
        }
    }
    c.signed = clamp_month(c.signed);
    c.end = c.end.map(clamp_month);
    c.equity_grant_usd_b = clean(c.equity_grant_usd_b);
    match &mut c.pricing {
        Pricing::LeaseTotal {
            total_value_usd_b: v,
        }
        | Pricing::LeasePerGwYear {
            usd_b_per_gw_year: v,
        } => *v = clean(*v),
        Pricing::Purchase {
            vendor_content_usd_b_per_gw: a,
            other_it_usd_b_per_gw: b,
            ..
        } => {
            *a = clean(*a);
            *b = clean(*b);
        }
    }
    if let Some(w) = &mut c.warrant {
        w.shares_m = clean(w.shares_m);
        w.shares_m_per_gw = clean(w.shares_m_per_gw);
        w.final_tranche_price_usd = clean(w.final_tranche_price_usd);
    }
    contract_messages(&c).is_empty().then_some(c)
}

// ---------------------------------------------------------------------------------------------------------
// Funding events

fn timing_month(t: FundingTiming) -> Month {
    let (FundingTiming::At(m) | FundingTiming::OnTrigger { expires: m, .. }) = t;
    m
}

fn pre_money_ok(p: f64) -> bool {
    p.is_finite() && p > 0.0 && p <= MAX_PRE_MONEY_USD_B
}

/// Every problem of a funding event: the amount from 0 to [`MAX_INPUT`] $B, a pre-money valuation (if any)
/// positive and at most [`MAX_PRE_MONEY_USD_B`], its month (or expiry) in range.
pub(crate) fn funding_problems(f: &FundingEvent, index: usize) -> Vec<Problem> {
    let path = || ProblemPath::Funding {
        index,
        label: f.label.clone(),
    };
    let mut out = Vec::new();
    if !in_input_range(f.amount_usd_b) {
        out.push(Problem::new(
            path(),
            format!("amount must be between 0 and {MAX_INPUT} $B"),
        ));
    }
    if f.pre_money_usd_b.is_some_and(|p| !pre_money_ok(p)) {
        out.push(Problem::new(
            path(),
            "pre-money valuation must be a positive number of $B",
        ));
    }
    let m = timing_month(f.timing);
    if !month_in_range(m) {
        out.push(Problem::new(
            path(),
            format!("month {m} is outside {MONTH_RANGE_TEXT}"),
        ));
    }
    out
}

/// A valid funding event: the amount brought into range, a bad pre-money valuation dropped (the event then
/// prices at the model valuation) or capped, the month brought into range.
pub(crate) fn repaired_funding(f: &FundingEvent) -> FundingEvent {
    let mut f = f.clone();
    if funding_problems(&f, 0).is_empty() {
        return f;
    }
    f.amount_usd_b = clean(f.amount_usd_b);
    f.pre_money_usd_b = f
        .pre_money_usd_b
        .filter(|p| p.is_finite() && *p > 0.0)
        .map(|p| p.min(MAX_PRE_MONEY_USD_B));
    match &mut f.timing {
        FundingTiming::At(m) => *m = clamp_month(*m),
        FundingTiming::OnTrigger { expires, .. } => *expires = clamp_month(*expires),
    }
    f
}

// ---------------------------------------------------------------------------------------------------------
// Chip generations

/// Every problem of a chip generation: density positive and at most [`MAX_INPUT`] H100e per MW, costs per GW
/// from 0 to [`MAX_INPUT`] $B.
pub(crate) fn chip_problems(g: &ChipGen, index: usize) -> Vec<Problem> {
    let path = || ProblemPath::Chip {
        index,
        name: g.name.clone(),
    };
    let mut out = Vec::new();
    if !in_input_range(g.h100e_per_mw) || g.h100e_per_mw <= 0.0 {
        out.push(Problem::new(path(), "H100e per MW must be positive"));
    }
    if !in_input_range(g.vendor_content_usd_b_per_gw) || !in_input_range(g.other_it_usd_b_per_gw) {
        out.push(Problem::new(
            path(),
            format!("costs per GW must be between 0 and {} $B", max_input_text()),
        ));
    }
    out
}

pub(crate) fn check_chip(g: &ChipGen, index: usize) -> Result<(), Problem> {
    first(chip_problems(g, index))
}

/// A valid chip generation: a bad density becomes 1 H100e per MW (or is capped), costs brought into range.
pub(crate) fn repaired_chip(g: &ChipGen) -> ChipGen {
    let mut g = g.clone();
    if chip_problems(&g, 0).is_empty() {
        return g;
    }
    g.h100e_per_mw = if g.h100e_per_mw.is_finite() && g.h100e_per_mw > 0.0 {
        g.h100e_per_mw.min(MAX_INPUT)
    } else {
        1.0
    };
    g.vendor_content_usd_b_per_gw = clean(g.vendor_content_usd_b_per_gw);
    g.other_it_usd_b_per_gw = clean(g.other_it_usd_b_per_gw);
    g
}

// ---------------------------------------------------------------------------------------------------------
// The cap table

/// The cap table's problem: shares non-negative numbers summing to 1 (within [`CAP_TABLE_TOLERANCE`]).
pub(crate) fn cap_table_problem(table: &[(Investor, f64)]) -> Option<Problem> {
    let total: f64 = table.iter().map(|(_, x)| x).sum();
    let bad_share = table.iter().any(|(_, x)| !x.is_finite() || *x < 0.0);
    (bad_share || (total - 1.0).abs() > CAP_TABLE_TOLERANCE).then(|| {
        Problem::new(
            ProblemPath::CapTable,
            format!(
                "shares must be non-negative and sum to 100% (they sum to {:.2}%)",
                total * 100.0
            ),
        )
    })
}

pub(crate) fn check_cap_table(table: &[(Investor, f64)]) -> Result<(), Problem> {
    cap_table_problem(table).map_or(Ok(()), Err)
}

/// A valid cap table: shares brought into range and scaled to sum to 1, or `fallback` when nothing is left.
pub(crate) fn repaired_cap_table(
    table: &[(Investor, f64)],
    fallback: impl FnOnce() -> Vec<(Investor, f64)>,
) -> Vec<(Investor, f64)> {
    if cap_table_problem(table).is_none() {
        return table.to_vec();
    }
    let mut table = table.to_vec();
    for (_, x) in &mut table {
        *x = clean(*x);
    }
    let total: f64 = table.iter().map(|(_, x)| x).sum();
    if total > 0.0 {
        for (_, x) in &mut table {
            *x /= total;
        }
    }
    if total > 0.0 && cap_table_problem(&table).is_none() {
        table
    } else {
        fallback()
    }
}

// ---------------------------------------------------------------------------------------------------------
// Valuation marks

/// A mark's problem: its post-money valuation must be a positive number.
pub(crate) fn mark_problem(m: &ValuationMark, index: usize) -> Option<Problem> {
    (!(m.post_money_usd_b.is_finite() && m.post_money_usd_b > 0.0)).then(|| {
        Problem::new(
            ProblemPath::Mark { index },
            "post-money valuation must be a positive number of $B",
        )
    })
}

// ---------------------------------------------------------------------------------------------------------
// Monte Carlo runs and uncertainty

pub(crate) fn mc_runs_problem(runs: u32) -> Option<Problem> {
    (!(MIN_MC_RUNS..=MAX_MC_RUNS).contains(&runs)).then(|| {
        Problem::new(
            ProblemPath::McRuns,
            format!("Monte Carlo runs must be from {MC_RUNS_RANGE_TEXT}"),
        )
    })
}

pub(crate) fn check_mc_runs(runs: u32) -> Result<(), Problem> {
    mc_runs_problem(runs).map_or(Ok(()), Err)
}

pub(crate) fn repaired_mc_runs(runs: u32) -> u32 {
    runs.clamp(MIN_MC_RUNS, MAX_MC_RUNS)
}

/// Every problem of the uncertainty settings: each parameter's low and high numbers, low ≤ high, both in the
/// parameter's range; the probabilities and the correlation between 0 and 1.
pub(crate) fn uncertainty_problems(u: &Uncertainty) -> Vec<Problem> {
    let mut out = Vec::new();
    for x in &u.params {
        let spec = x.param.spec();
        let path = || ProblemPath::UncertainParam(x.param);
        if !(x.low.is_finite() && x.high.is_finite()) || x.low > x.high {
            out.push(Problem::new(path(), "low must not exceed high"));
        } else if spec.check(x.low).is_err() || spec.check(x.high).is_err() {
            out.push(Problem::new(
                path(),
                format!(
                    "low and high must lie within the parameter's range ({} – {})",
                    spec.format(spec.min),
                    spec.format(spec.max)
                ),
            ));
        }
    }
    for field in UncertaintyField::ALL {
        if !(0.0..=1.0).contains(&field.of(u)) {
            out.push(Problem::new(
                ProblemPath::Uncertainty(field),
                "must be between 0 and 1",
            ));
        }
    }
    out
}

pub(crate) fn check_uncertainty(u: &Uncertainty) -> Result<(), Problem> {
    first(uncertainty_problems(u))
}

/// Valid uncertainty settings: parameters with a bad range dropped, probabilities brought into 0..=1 (0.5 if
/// not a number).
pub(crate) fn repaired_uncertainty(u: &Uncertainty) -> Uncertainty {
    let mut u = u.clone();
    u.params.retain(|x| {
        let spec = x.param.spec();
        x.low <= x.high && spec.check(x.low).is_ok() && spec.check(x.high).is_ok()
    });
    for field in UncertaintyField::ALL {
        let p = field.of_mut(&mut u);
        *p = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.5
        };
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_as_before_and_read_back() {
        let cases = [
            (ProblemPath::Name, "name"),
            (
                ProblemPath::Param(ParamId::BaseDelayMonths),
                "base_delay_months",
            ),
            (ProblemPath::Table(Table::Contracts), "contracts"),
            (ProblemPath::Table(Table::Funding), "funding"),
            (ProblemPath::Table(Table::Chips), "chips"),
            (
                ProblemPath::Contract {
                    index: 2,
                    id: "L3".into(),
                },
                "contracts[2] (L3)",
            ),
            (
                ProblemPath::Funding {
                    index: 0,
                    label: "SoftBank, $300B round (Aug)".into(),
                },
                "funding[0] (SoftBank, $300B round (Aug))",
            ),
            (
                ProblemPath::Chip {
                    index: 4,
                    name: "Vera Rubin NVL144".into(),
                },
                "chips[4] (Vera Rubin NVL144)",
            ),
            (ProblemPath::CapTable, "cap_table"),
            (ProblemPath::Mark { index: 1 }, "marks[1]"),
            (ProblemPath::McRuns, "mc_runs"),
            (ProblemPath::UncertainParam(ParamId::Pue), "uncertainty.pue"),
            (
                ProblemPath::Uncertainty(UncertaintyField::LoiProbability),
                "uncertainty.loi_probability",
            ),
            (
                ProblemPath::Uncertainty(UncertaintyField::TermSheetProbability),
                "uncertainty.term_sheet_probability",
            ),
            (
                ProblemPath::Uncertainty(UncertaintyField::Correlation),
                "uncertainty.correlation",
            ),
        ];
        for (path, text) in cases {
            assert_eq!(path.to_string(), text);
            assert_eq!(text.parse::<ProblemPath>(), Ok(path.clone()), "{text}");
            let problem = Problem::new(path, "why");
            let json = serde_json::to_string(&problem).unwrap();
            assert_eq!(
                json,
                format!(
                    "{{\"path\":{},\"message\":\"why\"}}",
                    serde_json::json!(text)
                )
            );
            assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), problem);
        }
        assert!("contracts[x]".parse::<ProblemPath>().is_err());
        assert!("uncertainty.nope".parse::<ProblemPath>().is_err());
    }

    #[test]
    fn constants_read_as_the_messages_say() {
        assert_eq!(max_input_text(), "100,000");
        assert_eq!(EARLIEST_MONTH, Month(-120));
        assert_eq!(LATEST_MONTH, Month(600));
        assert!(MONTH_RANGE_TEXT.starts_with(&EARLIEST_MONTH.year().to_string()));
    }
}
