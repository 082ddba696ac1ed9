//! Each validation rule is written once (`gigawatt_model::validation`) and used by `Scenario::apply` (reject),
//! `Scenario::validate` (report) and `Scenario::sanitized` (repair). These properties hold the three together:
//! an edit is rejected exactly when the field it sets would make `validate()` report a problem (the same
//! problem), and `sanitized()` always leaves nothing for `validate()` to report, changing a valid scenario
//! not at all.

use gigawatt_model::validation::{ProblemPath, UncertaintyField};
use gigawatt_model::*;
use proptest::prelude::*;

/// A float that is often in a plausible range and sometimes garbage.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0f64..10.0,
        2 => -200_000.0f64..200_000.0,
        1 => Just(0.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => prop::num::f64::ANY,
    ]
}

/// The edit `apply` gets and the scenario with the same field set directly: `apply` must reject the edit
/// with `validate()`'s first problem of the direct scenario, or accept it and leave that scenario.
fn same_rule(action: Action, direct: Scenario) -> Result<(), TestCaseError> {
    let mut edited = Scenario::default();
    let problems = direct.validate();
    match edited.apply(action) {
        Ok(()) => {
            prop_assert_eq!(problems, vec![]);
            prop_assert_eq!(edited, direct);
        }
        Err(problem) => {
            prop_assert_eq!(Some(&problem), problems.first(), "all: {:?}", problems);
            prop_assert_eq!(
                edited,
                Scenario::default(),
                "a rejected edit changed the scenario"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_parameter_edit_is_rejected_exactly_when_validate_reports_it(
        i in 0..ParamId::COUNT,
        value in prop_oneof![number(), (0.0f64..=1.0).prop_map(|x| x), (2020.0f64..2045.0)],
    ) {
        let id = param_specs()[i].id;
        let mut direct = Scenario::default();
        direct.params[id] = value;
        same_rule(Action::SetParam(id, value), direct)?;
    }

    #[test]
    fn a_chip_edit_is_rejected_exactly_when_validate_reports_it(
        i in 0usize..16,
        density in number(),
        vendor in number(),
        other in number(),
    ) {
        let mut direct = Scenario::default();
        prop_assume!(i < direct.chips.len());
        let mut chip = direct.chips[i].clone();
        chip.h100e_per_mw = density.abs() * 1000.0;
        chip.vendor_content_usd_b_per_gw = vendor;
        chip.other_it_usd_b_per_gw = other;
        direct.chips[i] = chip.clone();
        same_rule(Action::UpdateChip(i, chip), direct)?;
    }

    #[test]
    fn a_cap_table_edit_is_rejected_exactly_when_validate_reports_it(
        shares in prop::collection::vec(prop_oneof![3 => 0.0f64..0.6, 1 => number()], 0..6),
        normalise in any::<bool>(),
    ) {
        let mut shares = shares;
        let total: f64 = shares.iter().sum();
        if normalise && total.is_finite() && total > 0.0 {
            shares.iter_mut().for_each(|x| *x /= total);
        }
        let table: Vec<(Investor, f64)> = shares
            .into_iter()
            .zip([Investor::Foundation, Investor::Microsoft, Investor::SoftBank, Investor::Employees, Investor::OtherInvestors, Investor::Amazon])
            .map(|(x, who)| (who, x))
            .collect();
        let direct = Scenario { cap_table: table.clone(), ..Scenario::default() };
        same_rule(Action::SetCapTable(table), direct)?;
    }

    #[test]
    fn a_run_count_edit_is_rejected_exactly_when_validate_reports_it(
        runs in prop_oneof![0u32..20_000, any::<u32>()],
    ) {
        let direct = Scenario { mc_runs: runs, ..Scenario::default() };
        same_rule(Action::SetRuns(runs), direct)?;
    }

    #[test]
    fn an_uncertainty_edit_is_rejected_exactly_when_validate_reports_it(
        k in 0usize..40,
        low in number(),
        high in number(),
        probabilities in (prop_oneof![3 => 0.0f64..=1.0, 1 => number()], prop_oneof![3 => 0.0f64..=1.0, 1 => number()], prop_oneof![3 => 0.0f64..=1.0, 1 => number()]),
    ) {
        let mut u = Scenario::default().uncertainty;
        let k = k % u.params.len();
        u.params[k].low = low;
        u.params[k].high = high;
        (u.loi_probability, u.term_sheet_probability, u.correlation) = probabilities;
        let direct = Scenario { uncertainty: u.clone(), ..Scenario::default() };
        same_rule(Action::SetUncertainty(u), direct)?;
    }

    /// Contracts and funding events are taken as edited (the deal editor passes through unfinished shapes);
    /// `validate` lists their problems under the item's path.
    #[test]
    fn deal_edits_are_taken_and_their_problems_listed_under_the_item(
        k in 0usize..12,
        ramp in prop::collection::vec((-200i32..700, number()), 0..5),
        end in prop::option::of(-200i32..700),
        amount in number(),
    ) {
        let mut s = Scenario::default();
        let k = k % s.contracts.len();
        let mut c = s.contracts[k].clone();
        c.ramp = ramp.into_iter().map(|(m, gw)| RampPoint { month: Month(m), cumulative_gw: gw }).collect();
        c.end = end.map(Month);
        s.apply(Action::UpdateContract(k, c.clone())).unwrap();
        let mut f = s.funding[0].clone();
        f.amount_usd_b = amount;
        s.apply(Action::UpdateFunding(0, f)).unwrap();
        prop_assert_eq!(format!("{:?}", s.contracts[k]), format!("{c:?}"), "the edit was not taken");
        for p in s.validate() {
            match &p.path {
                ProblemPath::Contract { index, id } => {
                    prop_assert_eq!(*index, k);
                    prop_assert_eq!(id, &c.id);
                }
                ProblemPath::Funding { index, .. } => prop_assert_eq!(*index, 0),
                other => prop_assert!(false, "unexpected problem at {}: {}", other, p.message),
            }
        }
    }

    /// Garbage anywhere: `sanitized()` leaves nothing for `validate()`, is a fixed point, and a valid scenario
    /// comes back unchanged.
    #[test]
    fn sanitized_always_validates(
        values in prop::collection::vec((0..ParamId::COUNT, number()), 0..20),
        ramps in prop::collection::vec((0usize..12, prop::collection::vec((-400i32..900, number()), 0..6)), 0..4),
        dates in prop::collection::vec((0usize..12, -400i32..900, prop::option::of(-400i32..900)), 0..4),
        money in prop::collection::vec((0usize..12, number(), number()), 0..4),
        funding in prop::collection::vec((0usize..13, number(), prop::option::of(number()), -400i32..900), 0..4),
        chip in (0usize..16, number(), number(), number()),
        shares in prop::collection::vec(number(), 0..3),
        marks in prop::collection::vec(number(), 0..3),
        runs in any::<u32>(),
        bounds in (number(), number(), number(), number()),
    ) {
        let mut s = Scenario::default();
        for (i, v) in values {
            s.params[param_specs()[i].id] = v;
        }
        let n = s.contracts.len();
        for (k, ramp) in ramps {
            s.contracts[k % n].ramp = ramp.into_iter().map(|(m, gw)| RampPoint { month: Month(m), cumulative_gw: gw }).collect();
        }
        for (k, signed, end) in dates {
            s.contracts[k % n].signed = Month(signed);
            s.contracts[k % n].end = end.map(Month);
        }
        for (k, a, b) in money {
            let c = &mut s.contracts[k % n];
            c.equity_grant_usd_b = b;
            match &mut c.pricing {
                Pricing::LeaseTotal { total_value_usd_b: v } | Pricing::LeasePerGwYear { usd_b_per_gw_year: v } => *v = a,
                Pricing::Purchase { vendor_content_usd_b_per_gw: x, other_it_usd_b_per_gw: y, .. } => { *x = a; *y = b; }
            }
            if let Some(w) = &mut c.warrant {
                w.shares_m = a;
                w.final_tranche_price_usd = b;
            }
        }
        let nf = s.funding.len();
        for (k, amount, pre, month) in funding {
            let f = &mut s.funding[k % nf];
            f.amount_usd_b = amount;
            f.pre_money_usd_b = pre;
            f.timing = FundingTiming::At(Month(month));
        }
        let nc = s.chips.len();
        s.chips[chip.0 % nc].h100e_per_mw = chip.1;
        s.chips[chip.0 % nc].vendor_content_usd_b_per_gw = chip.2;
        s.chips[chip.0 % nc].other_it_usd_b_per_gw = chip.3;
        for (i, x) in shares.into_iter().enumerate() {
            s.cap_table[i].1 = x;
        }
        for (i, x) in marks.into_iter().enumerate() {
            s.marks[i % 3].post_money_usd_b = x;
        }
        s.mc_runs = runs;
        s.uncertainty.params[0].low = bounds.0;
        s.uncertainty.params[0].high = bounds.1;
        s.uncertainty.correlation = bounds.2;
        s.uncertainty.loi_probability = bounds.3;

        let clean = s.sanitized();
        prop_assert_eq!(clean.validate(), vec![]);
        prop_assert_eq!(clean.sanitized(), clean.clone(), "sanitized is not a fixed point");
        if s.validate().is_empty() {
            prop_assert_eq!(clean, s, "a valid scenario changed");
        }
    }
}

#[test]
fn each_rule_reports_its_message_at_its_path() {
    let mut s = Scenario::default();
    s.contracts[10].signed = Month(700);
    s.contracts[10]
        .warrant
        .as_mut()
        .expect("P2's warrant")
        .shares_m = f64::NAN;
    s.marks[1].post_money_usd_b = -1.0;
    s.uncertainty.correlation = 2.0;
    let text: Vec<String> = s.validate().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "contracts[10] (P2): signing month 2083-05 is outside 2015–2074",
            "contracts[10] (P2): warrant shares and price must be between 0 and 100,000",
            "marks[1]: post-money valuation must be a positive number of $B",
            "uncertainty.correlation: must be between 0 and 1",
        ]
    );
    let problems = s.validate();
    assert!(matches!(
        problems[3].path,
        ProblemPath::Uncertainty(UncertaintyField::Correlation)
    ));
    // The repair leaves the invalid mark out and mends the rest.
    let clean = s.sanitized();
    assert_eq!(clean.marks.len(), 2);
    assert_eq!(clean.contracts.len(), s.contracts.len());
    assert_eq!(clean.contracts[10].signed, validation::LATEST_MONTH);
}

#[test]
fn an_unmendable_contract_is_left_out_of_the_sanitized_copy() {
    let mut s = Scenario::default();
    s.contracts[3].end = Some(Month::from_ym(2020, 1));
    let id = s.contracts[3].id.clone();
    let problems = s.validate();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let start = s.contracts[3].ramp[0].month;
    assert_eq!(
        problems[0].to_string(),
        format!("contracts[3] ({id}): ends (2020-01) before it starts ({start})")
    );
    let clean = s.sanitized();
    assert!(clean.validate().is_empty());
    assert!(clean.contracts.iter().all(|c| c.id != id));
    assert_eq!(clean.contracts.len(), s.contracts.len() - 1);
}

#[test]
fn the_edit_messages_are_the_ones_validate_gives() {
    let mut s = Scenario::default();
    let e = s.apply(Action::SetRuns(50)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "mc_runs: Monte Carlo runs must be from 100 to 100,000"
    );
    let e = s.apply(Action::Rename("  ".into())).unwrap_err();
    assert_eq!(e.to_string(), "name: the scenario needs a name");
    let e = s.apply(Action::RemoveContract(99)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "contracts: there is no item 99 (there are {})",
            s.contracts.len()
        )
    );
    let mut chip = s.chips[4].clone();
    chip.h100e_per_mw = 0.0;
    let e = s.apply(Action::UpdateChip(4, chip)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "chips[4] ({}): H100e per MW must be positive",
            s.chips[4].name
        )
    );
    s.apply(Action::Rename("x".repeat(500))).unwrap();
    assert_eq!(s.name.chars().count(), validation::MAX_NAME_CHARS);
}
