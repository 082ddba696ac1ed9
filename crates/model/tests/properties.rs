//! Property tests over random scenarios: valid ones keep every invariant; arbitrary (even garbage) input never
//! panics and never produces NaN or infinity.

use gigawatt_model::*;
use proptest::prelude::*;

/// A random valid scenario: a preset, some parameters moved within their ranges, deals and funding perturbed.
fn valid_scenario() -> impl Strategy<Value = Scenario> {
    let presets = prop::sample::select(PresetId::ALL.to_vec());
    let params = prop::collection::vec((0..ParamId::COUNT, 0.0f64..=1.0), 0..12);
    let deal_edits = prop::collection::vec((0usize..16, 0u8..6, 0.0f64..=1.0), 0..5);
    let funding_scale = prop::collection::vec(0.0f64..3.0, 0..4);
    (presets, params, deal_edits, funding_scale).prop_map(|(preset, params, deals, funding)| {
        let mut s = Scenario::preset(preset);
        for (i, x) in params {
            let spec = &param_specs()[i];
            let value = match spec.kind {
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
                ParamKind::Number if spec.id == ParamId::HorizonMonths => {
                    120.0 + 12.0 * (x * 5.0).floor()
                }
                ParamKind::Number => spec.min + x * (spec.max - spec.min),
            };
            s.params[spec.id] = value;
        }
        for (k, edit, x) in deals {
            if s.contracts.is_empty() {
                break;
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
                3 => {
                    if let Pricing::Purchase {
                        financing,
                        self_build,
                        ..
                    } = &mut c.pricing
                    {
                        *financing = FinancingMode::ALL[(x * 2.99) as usize];
                        *self_build = x > 0.5;
                    }
                }
                4 => {
                    if let Some(end) = &mut c.end {
                        *end = end.plus((x * 48.0) as i32);
                    }
                }
                _ => {
                    s.contracts.remove(k);
                }
            }
        }
        for (f, scale) in s.funding.iter_mut().zip(funding) {
            f.amount_usd_b *= scale;
        }
        s
    })
}

/// Series that are stocks or amounts that can never be negative.
const NON_NEGATIVE: &[&str] = &[
    "revenue_usd_b",
    "weekly_users",
    "paid_subscribers",
    "business_seats",
    "it_gw",
    "facility_gw",
    "announced_gw",
    "h100e",
    "inference_demand_h100e",
    "training_h100e",
    "idle_h100e",
    "compute_cost_usd_b",
    "cost_of_revenue_usd_b",
    "rev_share_usd_b",
    "sbc_usd_b",
    "capex_usd_b",
    "funding_gap_usd_b",
    "runway_months",
    "debt_usd_b",
    "obligations_binding_usd_b",
    "obligations_announced_usd_b",
    "obligations_ntm_usd_b",
    "commitments_signed_usd_b",
    "valuation_usd_b",
    "cost_per_mtok_usd",
    "revenue_per_mtok_usd",
    "energy_twh_per_year",
    "equity_raised_usd_b",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn valid_scenarios_keep_every_invariant(s in valid_scenario()) {
        prop_assert!(s.validate().is_empty(), "generator made an invalid scenario: {:?}", s.validate());
        let run = simulate(&s);
        let n = s.params[ParamId::HorizonMonths] as usize;
        prop_assert_eq!(run.months.len(), n);
        for (name, values) in run.series.iter() {
            prop_assert_eq!(values.len(), n, "{}", name);
            prop_assert!(values.iter().all(|v| v.is_finite()), "{} has a non-finite value", name);
        }
        // Finite by construction, not by the mask: the sanitiser found nothing to replace.
        prop_assert_eq!(run.non_finite_replaced, 0);
        for name in NON_NEGATIVE {
            let v = run.series(name).unwrap();
            prop_assert!(v.iter().all(|x| *x >= -1e-9), "{} went negative: {:?}", name, v.iter().cloned().fold(f64::INFINITY, f64::min));
        }
        let x = &run.series;
        for m in 0..n {
            let streams = x.revenue_subscriptions_usd_b[m] + x.revenue_business_usd_b[m] + x.revenue_api_usd_b[m] + x.revenue_ads_usd_b[m] + x.revenue_other_usd_b[m];
            prop_assert!((streams - x.revenue_usd_b[m]).abs() <= 1e-9 * (1.0 + streams));
            prop_assert!((x.gross_profit_usd_b[m] - (x.revenue_usd_b[m] - x.cost_of_revenue_usd_b[m])).abs() < 1e-9 * (1.0 + x.revenue_usd_b[m]));
            let parts = x.inference_cost_usd_b[m] + x.training_cost_usd_b[m] + x.idle_cost_usd_b[m];
            prop_assert!((parts - x.compute_cost_usd_b[m]).abs() <= 1e-9 * (1.0 + parts));
            prop_assert!((0.0..=1.0 + 1e-12).contains(&x.utilisation[m]) && (0.0..=1.0).contains(&x.demand_coverage[m]));
            let owned: f64 = run.ownership.iter().map(|o| o.values[m]).sum();
            prop_assert!((owned - 1.0).abs() < 1e-9);
            prop_assert!(x.obligations_announced_usd_b[m] + 1e-9 >= x.obligations_binding_usd_b[m]);
            // What cannot be paid becomes arrears (distress stage 3): cash never goes below zero.
            prop_assert!(x.cash_usd_b[m] >= -1e-9, "cash {} in month {}", x.cash_usd_b[m], m);
            prop_assert!(x.cash_usd_b[m] > 1e-9 || x.arrears_usd_b[m] <= 1e-9 || x.distress_stage[m] == 3.0 || x.defaulted_obligations_usd_b[m] > 0.0);
            if m > 0 {
                prop_assert!(x.funding_gap_usd_b[m] + 1e-12 >= x.funding_gap_usd_b[m - 1], "funding gap is cumulative");
            }
        }
        // Bit-identical on a second run.
        let again = simulate(&s);
        prop_assert!(run == again);
    }

    #[test]
    fn garbage_never_panics_and_outputs_stay_finite(
        values in prop::collection::vec((0..ParamId::COUNT, prop::num::f64::ANY), 0..20),
        ramp in prop::collection::vec((-400i32..900, prop::num::f64::ANY), 0..6),
        amount in prop::num::f64::ANY,
        end in -400i32..900,
        density in prop::num::f64::ANY,
        bounds in (prop::num::f64::ANY, prop::num::f64::ANY, prop::num::f64::ANY),
        share in prop::num::f64::ANY,
    ) {
        let mut s = Scenario::default();
        for (i, v) in values {
            s.params[param_specs()[i].id] = v;
        }
        s.contracts[0].ramp = ramp.into_iter().map(|(m, gw)| RampPoint { month: Month(m), cumulative_gw: gw }).collect();
        s.contracts[1].end = Some(Month(end));
        s.funding[0].amount_usd_b = amount;
        s.chips[4].h100e_per_mw = density;
        s.uncertainty.params[0].low = bounds.0;
        s.uncertainty.params[0].high = bounds.1;
        s.uncertainty.correlation = bounds.2;
        s.cap_table[0].1 = share;
        let _ = s.validate();
        // Sanitising repairs every rule (a contract whose shape cannot be mended, say an end before its start,
        // is left out of the run).
        let left = s.sanitized().validate();
        prop_assert!(left.is_empty(), "sanitized scenario still has {:?}", left);
        let run = simulate(&s);
        for (name, v) in run.series.iter() {
            prop_assert!(v.iter().all(|x| x.is_finite()), "{} has a non-finite value", name);
        }
        prop_assert!(run.ledger.flows().all(|f| f.amount_usd_b.is_finite()));
    }

    #[test]
    fn scenario_files_round_trip(s in valid_scenario()) {
        prop_assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }
}
