//! The scenario: the one source of truth of the app, its pure transitions and its validation.

use crate::deals::{chip_table, reported_contracts, ChipGen, Contract};
use crate::funding::{recap_cap_table, reported_funding, FundingEvent, Investor, ValuationMark};
use crate::observations::reported_marks;
use crate::params::{ParamId, Params};
use crate::presets::PresetId;
use crate::validation as rule;
pub use crate::validation::{
    Problem, ProblemPath, Table, UncertaintyField, MAX_INPUT, MAX_MC_RUNS, MIN_MC_RUNS,
};
use serde::{Deserialize, Serialize};

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

    /// Applies a transition. A rejected action leaves the scenario unchanged and says why: an edit of a
    /// parameter, the name, a chip generation, the cap table, the run count or the uncertainty settings must
    /// pass its rule (`crate::validation`); contracts and funding events are taken as edited and their
    /// problems listed by [`Scenario::validate`].
    pub fn apply(&mut self, action: Action) -> Result<(), Problem> {
        match action {
            Action::SetParam(id, value) => {
                rule::check_param(id, value)?;
                self.params[id] = value;
            }
            Action::ResetParam(id) => self.params[id] = self.preset_value(id),
            Action::LoadPreset(id) => {
                let (seed, runs) = (self.seed, self.mc_runs);
                *self = Scenario::preset(id);
                self.seed = seed;
                self.mc_runs = runs;
            }
            Action::Rename(name) => self.name = rule::checked_name(&name)?,
            Action::AddContract(c) => self.contracts.push(c),
            Action::UpdateContract(i, c) => *slot(&mut self.contracts, i, Table::Contracts)? = c,
            Action::RemoveContract(i) => {
                slot(&mut self.contracts, i, Table::Contracts)?;
                self.contracts.remove(i);
            }
            Action::InsertContract(i, c) => self.contracts.insert(i.min(self.contracts.len()), c),
            Action::AddFunding(f) => self.funding.push(f),
            Action::UpdateFunding(i, f) => *slot(&mut self.funding, i, Table::Funding)? = f,
            Action::RemoveFunding(i) => {
                slot(&mut self.funding, i, Table::Funding)?;
                self.funding.remove(i);
            }
            Action::InsertFunding(i, f) => self.funding.insert(i.min(self.funding.len()), f),
            Action::SetSeed(seed) => self.seed = seed,
            Action::UpdateChip(i, chip) => {
                rule::check_chip(&chip, i)?;
                *slot(&mut self.chips, i, Table::Chips)? = chip;
            }
            Action::SetCapTable(table) => {
                rule::check_cap_table(&table)?;
                self.cap_table = table;
            }
            Action::SetUncertainty(u) => {
                rule::check_uncertainty(&u)?;
                self.uncertainty = u;
            }
            Action::SetRuns(runs) => {
                rule::check_mc_runs(runs)?;
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
            problems.extend(rule::param_problem(spec, self.params[spec.id]));
        }
        for (i, c) in self.contracts.iter().enumerate() {
            problems.extend(rule::contract_problems(c, i));
        }
        for (i, f) in self.funding.iter().enumerate() {
            problems.extend(rule::funding_problems(f, i));
        }
        problems.extend(rule::cap_table_problem(&self.cap_table));
        for (i, g) in self.chips.iter().enumerate() {
            problems.extend(rule::chip_problems(g, i));
        }
        for (i, m) in self.marks.iter().enumerate() {
            problems.extend(rule::mark_problem(m, i));
        }
        problems.extend(rule::mc_runs_problem(self.mc_runs));
        problems.extend(rule::uncertainty_problems(&self.uncertainty));
        problems
    }

    /// A copy that is safe to simulate, whose `validate()` is empty: each item that breaks a rule repaired
    /// (bad numbers brought into range or replaced by defaults or zero, ramps made monotone) or, when it
    /// cannot be (a contract without a usable ramp or end, a mark without a valuation), left out. Valid
    /// scenarios come back unchanged.
    pub fn sanitized(&self) -> Scenario {
        let mut s = self.clone();
        for spec in crate::params::param_specs() {
            s.params[spec.id] = rule::repaired_param(spec, s.params[spec.id]);
        }
        s.contracts = s
            .contracts
            .iter()
            .filter_map(rule::repaired_contract)
            .collect();
        s.funding = s.funding.iter().map(rule::repaired_funding).collect();
        s.chips = s.chips.iter().map(rule::repaired_chip).collect();
        s.cap_table = rule::repaired_cap_table(&s.cap_table, recap_cap_table);
        s.marks.retain(|m| rule::mark_problem(m, 0).is_none());
        s.mc_runs = rule::repaired_mc_runs(s.mc_runs);
        s.uncertainty = rule::repaired_uncertainty(&s.uncertainty);
        s
    }
}

fn slot<T>(items: &mut [T], i: usize, table: Table) -> Result<&mut T, Problem> {
    let len = items.len();
    items.get_mut(i).ok_or_else(|| {
        Problem::new(
            ProblemPath::Table(table),
            format!("there is no item {i} (there are {len})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deals::RampPoint;
    use crate::Month;

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
        assert_eq!(err.path, ProblemPath::Param(ParamId::BaseDelayMonths));
        assert_eq!(err.path.to_string(), "base_delay_months");
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
        assert!(s.sanitized().validate().iter().all(|p| !matches!(
            p.path,
            ProblemPath::Contract { index: 1 | 2, .. } | ProblemPath::Funding { .. }
        )));
    }

    #[test]
    fn scenario_json_round_trips() {
        let s = Scenario::preset(PresetId::Bear);
        let text = serde_json::to_string(&s).unwrap();
        let back: Scenario = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
    }
}
