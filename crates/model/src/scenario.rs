//! The scenario: the one source of truth of the app, its pure transitions and its validation.

use crate::deals::{chip_table, reported_contracts, ChipGen, Contract, Pricing};
use crate::observations::reported_marks;
use crate::funding::{
    recap_cap_table, reported_funding, FundingEvent, FundingTiming, Investor,
    ValuationMark,
};
use crate::params::{ParamId, Params};
use crate::presets::PresetId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything a run depends on. `simulate(&scenario)` is a pure function of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    /// The preset this scenario started from.
    pub preset: PresetId,
    pub params: Params,
    pub contracts: Vec<Contract>,
    pub funding: Vec<FundingEvent>,
    #[serde(default = "chip_table")]
    pub chips: Vec<ChipGen>,
    /// Fractions at the Oct-2025 recapitalisation.
    #[serde(default = "recap_cap_table")]
    pub cap_table: Vec<(Investor, f64)>,
    #[serde(default = "reported_marks")]
    pub marks: Vec<ValuationMark>,
    /// Monte Carlo seed and run count travel with the scenario so every reader sees the same fans.
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_runs")]
    pub mc_runs: u32,
    /// What Monte Carlo varies and how.
    #[serde(default)]
    pub uncertainty: crate::uncertainty::Uncertainty,
}

fn default_seed() -> u64 {
    42
}
fn default_runs() -> u32 {
    1000
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario::preset(PresetId::AsReported)
    }
}

/// One problem found by [`Scenario::validate`]: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where: a parameter key ("base_delay_months"), or "contracts[2].ramp[1]".
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A pure transition of the scenario; the app's reducer and undo stack are built on these.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetParam(ParamId, f64),
    ResetParam(ParamId),
    LoadPreset(PresetId),
    Rename(String),
    AddContract(Contract),
    UpdateContract(usize, Contract),
    RemoveContract(usize),
    InsertContract(usize, Contract),
    AddFunding(FundingEvent),
    UpdateFunding(usize, FundingEvent),
    RemoveFunding(usize),
    InsertFunding(usize, FundingEvent),
    SetSeed(u64),
    SetRuns(u32),
    /// Replaces one row of the chip-generation table.
    UpdateChip(usize, ChipGen),
    /// Replaces the recap cap table (fractions must sum to 1).
    SetCapTable(Vec<(Investor, f64)>),
    /// Replaces what Monte Carlo varies.
    SetUncertainty(crate::uncertainty::Uncertainty),
}

/// Largest magnitude accepted for money and capacity inputs ($B, GW): beyond it a value is a typo.
pub const MAX_INPUT: f64 = 100_000.0;

impl Scenario {
    /// The built-in scenario of a preset.
    pub fn preset(id: PresetId) -> Scenario {
        let mut s = Scenario {
            name: id.label().to_string(),
            preset: id,
            params: Params::default(),
            contracts: reported_contracts(),
            funding: reported_funding(),
            chips: chip_table(),
            cap_table: recap_cap_table(),
            marks: reported_marks(),
            seed: default_seed(),
            mc_runs: default_runs(),
            uncertainty: Default::default(),
        };
        crate::presets::apply_overrides(
            id,
            &mut crate::presets::Overridable {
                params: &mut s.params,
                contracts: &mut s.contracts,
                funding: &mut s.funding,
            },
        );
        s
    }

    /// The value of a scalar parameter.
    pub fn get(&self, id: ParamId) -> f64 {
        self.params[id]
    }

    /// The preset's value of a parameter (what "reset" returns to).
    pub fn preset_value(&self, id: ParamId) -> f64 {
        Scenario::preset(self.preset).params[id]
    }

    /// Applies a transition. A rejected action leaves the scenario unchanged and says why.
    pub fn apply(&mut self, action: Action) -> Result<(), Problem> {
        match action {
            Action::SetParam(id, value) => {
                let spec = id.spec();
                spec.check(value).map_err(|m| Problem::new(spec.key, m))?;
                self.params[id] = value;
            }
            Action::ResetParam(id) => self.params[id] = self.preset_value(id),
            Action::LoadPreset(id) => {
                let (seed, runs) = (self.seed, self.mc_runs);
                *self = Scenario::preset(id);
                self.seed = seed;
                self.mc_runs = runs;
            }
            Action::Rename(name) => {
                let name = name.trim();
                if name.is_empty() {
                    return Err(Problem::new("name", "the scenario needs a name"));
                }
                self.name = name.chars().take(120).collect();
            }
            Action::AddContract(c) => self.contracts.push(c),
            Action::UpdateContract(i, c) => *slot(&mut self.contracts, i, "contracts")? = c,
            Action::RemoveContract(i) => {
                slot(&mut self.contracts, i, "contracts")?;
                self.contracts.remove(i);
            }
            Action::InsertContract(i, c) => self.contracts.insert(i.min(self.contracts.len()), c),
            Action::AddFunding(f) => self.funding.push(f),
            Action::UpdateFunding(i, f) => *slot(&mut self.funding, i, "funding")? = f,
            Action::RemoveFunding(i) => {
                slot(&mut self.funding, i, "funding")?;
                self.funding.remove(i);
            }
            Action::InsertFunding(i, f) => self.funding.insert(i.min(self.funding.len()), f),
            Action::SetSeed(seed) => self.seed = seed,
            Action::UpdateChip(i, chip) => {
                let ok = |x: f64| x.is_finite() && (0.0..=MAX_INPUT).contains(&x);
                if !ok(chip.h100e_per_mw)
                    || chip.h100e_per_mw <= 0.0
                    || !ok(chip.vendor_content_usd_b_per_gw)
                    || !ok(chip.other_it_usd_b_per_gw)
                {
                    return Err(Problem::new(
                        format!("chips[{i}]"),
                        "density must be positive and costs between 0 and 100,000 $B per GW",
                    ));
                }
                *slot(&mut self.chips, i, "chips")? = chip;
            }
            Action::SetCapTable(table) => {
                let total: f64 = table.iter().map(|(_, x)| x).sum();
                if table.iter().any(|(_, x)| !x.is_finite() || *x < 0.0)
                    || (total - 1.0).abs() > 1e-6
                {
                    return Err(Problem::new(
                        "cap_table",
                        format!(
                            "shares must be non-negative and sum to 100% (they sum to {:.2}%)",
                            total * 100.0
                        ),
                    ));
                }
                self.cap_table = table;
            }
            Action::SetUncertainty(u) => {
                let mut trial = self.clone();
                trial.uncertainty = u;
                if let Some(p) = trial
                    .validate()
                    .into_iter()
                    .find(|p| p.path.starts_with("uncertainty"))
                {
                    return Err(p);
                }
                *self = trial;
            }
            Action::SetRuns(runs) => {
                if !(100..=10_000).contains(&runs) {
                    return Err(Problem::new(
                        "mc_runs",
                        "Monte Carlo runs must be between 100 and 10,000",
                    ));
                }
                self.mc_runs = runs;
            }
        }
        Ok(())
    }

    /// Every problem of the scenario; empty when it is valid. `simulate` runs an invalid scenario too (after
    /// [`Scenario::sanitized`]), so callers show these rather than refuse to run.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for spec in crate::params::param_specs() {
            if let Err(message) = spec.check(self.params[spec.id]) {
                problems.push(Problem::new(spec.key, message));
            }
        }
        for (i, c) in self.contracts.iter().enumerate() {
            validate_contract(c, i, &mut problems);
        }
        for (i, f) in self.funding.iter().enumerate() {
            let path = || format!("funding[{i}] ({})", f.label);
            if !f.amount_usd_b.is_finite() || f.amount_usd_b < 0.0 || f.amount_usd_b > MAX_INPUT {
                problems.push(Problem::new(
                    path(),
                    format!("amount must be between 0 and {MAX_INPUT} $B"),
                ));
            }
            if let Some(pre) = f.pre_money_usd_b {
                if !pre.is_finite() || pre <= 0.0 || pre > 1000.0 * MAX_INPUT {
                    problems.push(Problem::new(
                        path(),
                        "pre-money valuation must be a positive number of $B",
                    ));
                }
            }
            let (FundingTiming::At(m) | FundingTiming::OnTrigger { expires: m, .. }) = f.timing;
            if !(-120..=600).contains(&m.0) {
                problems.push(Problem::new(
                    path(),
                    format!("month {m} is outside 2015–2074"),
                ));
            }
        }
        let total: f64 = self.cap_table.iter().map(|(_, x)| x).sum();
        if self
            .cap_table
            .iter()
            .any(|(_, x)| !x.is_finite() || *x < 0.0)
            || (total - 1.0).abs() > 1e-6
        {
            problems.push(Problem::new(
                "cap_table",
                format!(
                    "shares must be non-negative and sum to 100% (they sum to {:.2}%)",
                    total * 100.0
                ),
            ));
        }
        for (i, g) in self.chips.iter().enumerate() {
            let ok = |x: f64| (0.0..=MAX_INPUT).contains(&x);
            if !ok(g.h100e_per_mw) || g.h100e_per_mw <= 0.0 {
                problems.push(Problem::new(
                    format!("chips[{i}] ({})", g.name),
                    "H100e per MW must be positive",
                ));
            }
            if !ok(g.vendor_content_usd_b_per_gw) || !ok(g.other_it_usd_b_per_gw) {
                problems.push(Problem::new(
                    format!("chips[{i}] ({})", g.name),
                    "costs per GW must be between 0 and 100,000 $B",
                ));
            }
        }
        if !(100..=10_000).contains(&self.mc_runs) {
            problems.push(Problem::new(
                "mc_runs",
                "Monte Carlo runs must be between 100 and 10,000",
            ));
        }
        let u = &self.uncertainty;
        for x in &u.params {
            let spec = x.param.spec();
            let path = || format!("uncertainty.{}", spec.key);
            if !(x.low.is_finite() && x.high.is_finite()) || x.low > x.high {
                problems.push(Problem::new(path(), "low must not exceed high"));
            } else if spec.check(x.low).is_err() || spec.check(x.high).is_err() {
                problems.push(Problem::new(
                    path(),
                    format!(
                        "low and high must lie within the parameter's range ({} – {})",
                        spec.format(spec.min),
                        spec.format(spec.max)
                    ),
                ));
            }
        }
        for (name, p) in [
            ("loi_probability", u.loi_probability),
            ("term_sheet_probability", u.term_sheet_probability),
            ("correlation", u.correlation),
        ] {
            if !(0.0..=1.0).contains(&p) {
                problems.push(Problem::new(
                    format!("uncertainty.{name}"),
                    "must be between 0 and 1",
                ));
            }
        }
        problems
    }

    /// A copy that is safe to simulate: bad numbers replaced by defaults or zero, ramps made monotone,
    /// parameters brought into range. Valid scenarios come back unchanged.
    pub fn sanitized(&self) -> Scenario {
        let mut s = self.clone();
        let defaults = Params::default();
        for spec in crate::params::param_specs() {
            let v = s.params[spec.id];
            if spec.check(v).is_err() {
                let clamped = v.clamp(spec.min, spec.max);
                let numeric = v.is_finite() && spec.kind == crate::params::ParamKind::Number;
                s.params[spec.id] = if numeric && spec.check(clamped).is_ok() {
                    clamped
                } else {
                    defaults[spec.id]
                };
            }
        }
        let clean = |x: f64| {
            if x.is_finite() {
                x.clamp(0.0, MAX_INPUT)
            } else {
                0.0
            }
        };
        for c in &mut s.contracts {
            c.ramp
                .retain(|p| p.cumulative_gw.is_finite() && (-120..=600).contains(&p.month.0));
            c.ramp.sort_by_key(|p| p.month);
            c.ramp.dedup_by_key(|p| p.month);
            let mut high = 0.0f64;
            for p in &mut c.ramp {
                high = high.max(clean(p.cumulative_gw));
                p.cumulative_gw = high;
            }
            if let Some(end) = c.end {
                c.end = Some(Month(end.0.clamp(-120, 600)));
            }
            c.signed = Month(c.signed.0.clamp(-120, 600));
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
        }
        for f in &mut s.funding {
            f.amount_usd_b = clean(f.amount_usd_b);
            f.pre_money_usd_b = f
                .pre_money_usd_b
                .filter(|p| p.is_finite() && *p > 0.0)
                .map(|p| p.min(1000.0 * MAX_INPUT));
            match &mut f.timing {
                FundingTiming::At(m) => *m = Month(m.0.clamp(-120, 600)),
                FundingTiming::OnTrigger { expires, .. } => {
                    *expires = Month(expires.0.clamp(-120, 600))
                }
            }
        }
        for g in &mut s.chips {
            g.h100e_per_mw = if g.h100e_per_mw.is_finite() && g.h100e_per_mw > 0.0 {
                g.h100e_per_mw.min(MAX_INPUT)
            } else {
                1.0
            };
            g.vendor_content_usd_b_per_gw = clean(g.vendor_content_usd_b_per_gw);
            g.other_it_usd_b_per_gw = clean(g.other_it_usd_b_per_gw);
        }
        for (_, x) in &mut s.cap_table {
            *x = clean(*x);
        }
        let total: f64 = s.cap_table.iter().map(|(_, x)| x).sum();
        if total > 0.0 {
            for (_, x) in &mut s.cap_table {
                *x /= total;
            }
        } else {
            s.cap_table = recap_cap_table();
        }
        s.marks
            .retain(|m| m.post_money_usd_b.is_finite() && m.post_money_usd_b > 0.0);
        let u = &mut s.uncertainty;
        u.params.retain(|x| {
            let spec = x.param.spec();
            x.low <= x.high && spec.check(x.low).is_ok() && spec.check(x.high).is_ok()
        });
        for p in [
            &mut u.loi_probability,
            &mut u.term_sheet_probability,
            &mut u.correlation,
        ] {
            *p = if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.5
            };
        }
        s.mc_runs = s.mc_runs.clamp(100, 10_000);
        s
    }
}

use crate::Month;

fn slot<'a, T>(items: &'a mut [T], i: usize, what: &str) -> Result<&'a mut T, Problem> {
    let len = items.len();
    items
        .get_mut(i)
        .ok_or_else(|| Problem::new(what, format!("there is no item {i} (there are {len})")))
}

fn validate_contract(c: &Contract, index: usize, problems: &mut Vec<Problem>) {
    let mut add =
        |what: String| problems.push(Problem::new(format!("contracts[{index}] ({})", c.id), what));
    if c.ramp.is_empty() {
        add("needs at least one ramp point".into());
    }
    for (j, p) in c.ramp.iter().enumerate() {
        if !p.cumulative_gw.is_finite() || p.cumulative_gw < 0.0 {
            add(format!(
                "ramp point {} ({}) has negative or missing capacity",
                j + 1,
                p.month
            ));
        } else if p.cumulative_gw > MAX_INPUT {
            add(format!(
                "ramp point {} ({}) exceeds {MAX_INPUT} GW",
                j + 1,
                p.month
            ));
        }
        if !(-120..=600).contains(&p.month.0) {
            add(format!(
                "ramp point {} ({}) is outside 2015–2074",
                j + 1,
                p.month
            ));
        }
        if j > 0 {
            let prev = c.ramp[j - 1];
            if p.month <= prev.month {
                add(format!(
                    "ramp point {} ({}) is not after point {} ({})",
                    j + 1,
                    p.month,
                    j,
                    prev.month
                ));
            } else if p.cumulative_gw < prev.cumulative_gw {
                add(format!(
                    "ramp goes backwards: {} GW at {} after {} GW at {}",
                    p.cumulative_gw, p.month, prev.cumulative_gw, prev.month
                ));
            }
        }
    }
    if let (Some(end), Some(first)) = (c.end, c.ramp.first()) {
        if end <= first.month {
            add(format!("ends ({end}) before it starts ({})", first.month));
        }
    }
    if !c.pricing.is_purchase() && c.end.is_none() {
        add("a lease needs an end month".into());
    }
    let money_ok = |x: f64| x.is_finite() && (0.0..=MAX_INPUT).contains(&x);
    match c.pricing {
        Pricing::LeaseTotal {
            total_value_usd_b: v,
        } if !money_ok(v) => add(format!("total value must be between 0 and {MAX_INPUT} $B")),
        Pricing::LeasePerGwYear {
            usd_b_per_gw_year: v,
        } if !money_ok(v) => add(format!(
            "price must be between 0 and {MAX_INPUT} $B per GW-year"
        )),
        Pricing::Purchase {
            vendor_content_usd_b_per_gw: a,
            other_it_usd_b_per_gw: b,
            ..
        } if !money_ok(a) || !money_ok(b) => add(format!(
            "hardware cost per GW must be between 0 and {MAX_INPUT} $B"
        )),
        _ => {}
    }
    if !money_ok(c.equity_grant_usd_b) {
        add("equity grant must be between 0 and 100,000 $B".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deals::RampPoint;

    #[test]
    fn presets_differ_from_the_default() {
        let base = Scenario::default();
        for p in &PresetId::ALL[1..] {
            let s = Scenario::preset(*p);
            let same = s.params == base.params
                && s.contracts == base.contracts
                && s.funding == base.funding;
            assert!(!same, "{} changes nothing", p.slug());
        }
    }

    #[test]
    fn presets_are_valid() {
        for id in PresetId::ALL {
            let s = Scenario::preset(id);
            assert_eq!(s.validate(), vec![], "{}", id.slug());
            assert_eq!(s.sanitized(), s, "{} changes when sanitized", id.slug());
        }
    }

    #[test]
    fn rejected_actions_leave_the_scenario_unchanged() {
        let mut s = Scenario::default();
        let before = s.clone();
        let err = s
            .apply(Action::SetParam(ParamId::BaseDelayMonths, -3.0))
            .unwrap_err();
        assert_eq!(err.path, "base_delay_months");
        assert!(s.apply(Action::SetParam(ParamId::Pue, f64::NAN)).is_err());
        assert!(s.apply(Action::RemoveContract(99)).is_err());
        assert_eq!(s, before);
        s.apply(Action::SetParam(ParamId::BaseDelayMonths, 12.0))
            .unwrap();
        assert_eq!(s.get(ParamId::BaseDelayMonths), 12.0);
        s.apply(Action::ResetParam(ParamId::BaseDelayMonths))
            .unwrap();
        assert_eq!(s, before);
    }

    #[test]
    fn table_edits_are_checked() {
        let mut s = Scenario::default();
        let mut chip = s.chips[4].clone();
        chip.h100e_per_mw = -1.0;
        assert!(s.apply(Action::UpdateChip(4, chip.clone())).is_err());
        chip.h100e_per_mw = 3000.0;
        s.apply(Action::UpdateChip(4, chip)).unwrap();
        assert_eq!(s.chips[4].h100e_per_mw, 3000.0);
        assert!(s
            .apply(Action::SetCapTable(vec![(Investor::Foundation, 0.5)]))
            .unwrap_err()
            .message
            .contains("50.00%"));
        s.apply(Action::SetCapTable(vec![
            (Investor::Foundation, 0.5),
            (Investor::Microsoft, 0.5),
        ]))
        .unwrap();
        let mut u = s.uncertainty.clone();
        u.params[0].low = u.params[0].high + 1.0;
        assert!(s.apply(Action::SetUncertainty(u)).is_err());
        assert!(s.validate().is_empty());
    }

    #[test]
    fn validation_names_the_bad_ramp() {
        let mut s = Scenario::default();
        s.contracts[1].ramp.push(RampPoint {
            month: Month::from_ym(2026, 1),
            cumulative_gw: 1.0,
        });
        s.contracts[2].ramp[0].cumulative_gw = -1.0;
        s.contracts[3].end = Some(Month::from_ym(2020, 1));
        s.funding[0].amount_usd_b = f64::INFINITY;
        let problems = s.validate();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("contracts[1] (L2)") && t.contains("is not after")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("contracts[2] (L3)") && t.contains("negative")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("contracts[3] (L4)") && t.contains("ends (2020-01) before")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("funding[0]") && t.contains("amount")),
            "{text:?}"
        );
        assert!(s
            .sanitized()
            .validate()
            .iter()
            .all(|p| !p.path.starts_with("contracts[1]")
                && !p.path.starts_with("contracts[2]")
                && !p.path.starts_with("funding")));
    }

    #[test]
    fn scenario_json_round_trips() {
        let s = Scenario::preset(PresetId::Bear);
        let text = serde_json::to_string(&s).unwrap();
        let back: Scenario = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
    }
}
