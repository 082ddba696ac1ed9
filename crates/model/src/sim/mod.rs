//! `simulate`: the monthly model of spec §1.2, in stages. Nothing here reads a clock or global randomness.
//!
//! 1. exogenous curves (demand, prices, cost curves) — `exogenous`
//! 2. contract schedules (capacity, payments, capex) — `capacity`
//! 3. the operating loop: procurement, allocation, revenue, costs, P&L — `operations`
//! 4. valuation from the simulated revenue path
//! 5. financing, twice: with the funding policy, and with committed funding only — `finance`
//! 6. metrics: obligations, unit economics, the ledger — here and in `ledger`

// Month-indexed loops over several parallel arrays read best with an index.
#![allow(clippy::needless_range_loop)]

mod capacity;
mod exogenous;
mod finance;
mod ledger;
mod operations;
mod schedule;
mod scratch;

pub use capacity::{crf, implied_price_per_gw_year};
pub use exogenous::{HOURS_PER_MONTH, PROMPTS_PER_WAU_MONTH, SECONDS_PER_MONTH};
pub(crate) use ledger::circularity;

use crate::funding::Investor;
use crate::ledger::Ledger;
use crate::params::{ParamId as P, Params};
use crate::run::{Annotation, AnnotationKind, NamedSeries, Run, Series};
use crate::scenario::Scenario;
use crate::{Month, HISTORY_END};
use capacity::Kind;
use exogenous::Exogenous;
use scratch::Scratch;
use std::borrow::Cow;

/// At most this many months of contract schedule are computed past the horizon (obligations include payments
/// after it).
const MAX_TAIL: usize = 120;

/// Schedule length: the horizon plus the procurement lead time, and long enough for every contract's last
/// payment (delayed ends, purchases' IT life after the last ramp point).
fn schedule_len(s: &Scenario, horizon: usize) -> usize {
    let p = &s.params;
    let delay = p[P::BaseDelayMonths].round() as i32;
    let life = (p[P::ItLifeYears] * 12.0).round() as i32;
    let last = s
        .contracts
        .iter()
        .map(|c| {
            let ramp_end = c.ramp.last().map_or(0, |r| r.month.0) + delay;
            match c.end {
                Some(e) if !c.pricing.is_purchase() => e.0 + delay,
                _ => ramp_end + life,
            }
        })
        .max()
        .unwrap_or(0);
    let needed = (last + 2).max((horizon + exogenous::AHEAD - 1) as i32) as usize;
    needed.clamp(horizon + exogenous::AHEAD - 1, horizon + MAX_TAIL)
}

/// Runs the scenario. Never panics and never returns NaN or infinity: an invalid scenario is first made
/// runnable with [`Scenario::sanitized`] (show [`Scenario::validate`]'s problems to the user).
pub fn simulate(scenario: &Scenario) -> Run {
    simulate_detail(scenario, true)
}

/// What every kind of run computes before financing: the scenario made runnable, the exogenous curves, the
/// contract schedules, the operating loop, the valuation and the policy-independent funding.
struct Stages<'a> {
    s: Cow<'a, Scenario>,
    horizon: usize,
    exo: Exogenous,
    cap: capacity::Capacity,
    ops: operations::Operations,
    valuation: Valuation,
    inflows: finance::Inflows,
}

fn stages(scenario: &Scenario) -> Stages<'_> {
    let s = if scenario.validate().is_empty() {
        Cow::Borrowed(scenario)
    } else {
        Cow::Owned(scenario.sanitized())
    };
    let p = &s.params;
    let horizon = p[P::HorizonMonths].round() as usize;
    let exo = exogenous::compute(p, horizon);
    let cap = capacity::compute(&s.contracts, &s.chips, p, schedule_len(&s, horizon));
    let ops = operations::run(p, &exo, &cap, horizon);
    let valuation = valuation(p, &exo, &ops.revenue, horizon);
    let inflows = finance::inflows(&s, &cap, horizon);
    Stages {
        s,
        horizon,
        exo,
        cap,
        ops,
        valuation,
        inflows,
    }
}

/// The series Monte Carlo summarises ([`crate::montecarlo::FAN_SERIES`]), equal bit for bit to those of
/// [`simulate`]: only the committed-funding pass runs, and no other series, obligations or ledger are built.
pub(crate) struct FanSeries {
    pub cash_committed_only_usd_b: Scratch,
    pub funding_gap_usd_b: Scratch,
    pub revenue_usd_b: Scratch,
    pub gross_margin: Scratch,
    pub it_gw: Scratch,
}

/// Runs what Monte Carlo needs of the scenario (see [`FanSeries`]).
pub(crate) fn simulate_fans(scenario: &Scenario) -> FanSeries {
    let Stages {
        s,
        horizon,
        ops,
        valuation,
        inflows,
        ..
    } = stages(scenario);
    let committed = finance::run(
        &s,
        &ops,
        &inflows,
        &valuation,
        finance::Policy::CommittedOnly,
    );
    let mut gap = Scratch::zeros(horizon);
    funding_gap(&committed.cash, &committed.min_cash, &mut gap);
    let mut gross_margin = Scratch::zeros(horizon);
    for (m, g) in gross_margin.iter_mut().enumerate() {
        *g = ops.gross_margin(m);
    }
    // Every array of the passes is `horizon` months long: the fans take them as they are.
    let mut fans = FanSeries {
        cash_committed_only_usd_b: committed.cash,
        funding_gap_usd_b: gap,
        revenue_usd_b: ops.revenue,
        gross_margin,
        it_gw: ops.it_gw,
    };
    for v in [
        &mut fans.cash_committed_only_usd_b,
        &mut fans.funding_gap_usd_b,
        &mut fans.revenue_usd_b,
        &mut fans.gross_margin,
        &mut fans.it_gw,
    ] {
        zero_non_finite(v);
    }
    fans
}

/// `detail = false` skips what only the charts of a single run need (the tornado needs only the series): the
/// grouped series, the capital-flow ledger and the annotations stay empty.
pub fn simulate_detail(scenario: &Scenario, detail: bool) -> Run {
    let Stages {
        s,
        horizon,
        exo,
        cap,
        ops,
        valuation,
        inflows,
    } = stages(scenario);
    let s: &Scenario = &s;
    let p = &s.params;
    let funded = finance::run(s, &ops, &inflows, &valuation, finance::Policy::Full);
    let committed = finance::run(
        s,
        &ops,
        &inflows,
        &valuation,
        finance::Policy::CommittedOnly,
    );

    let mut out = Series::with_len(horizon);
    ops.fill(&mut out, p, &exo, &cap);
    funded.fill(&mut out);
    out.cash_committed_only_usd_b
        .copy_from_slice(&committed.cash[..horizon]);
    for m in 0..horizon {
        out.valuation_usd_b[m] = valuation.value[m];
        out.valuation_multiple[m] = valuation.multiple[m];
        out.ntm_revenue_usd_b[m] = valuation.ntm[m];
    }
    funding_gap(
        &out.cash_committed_only_usd_b,
        &committed.min_cash,
        &mut out.funding_gap_usd_b,
    );
    runway(&out.cash_committed_only_usd_b, &mut out.runway_months);
    obligations(&mut out, &cap, &ops, horizon);

    let months: Vec<Month> = (0..horizon as i32).map(Month).collect();
    let mut run = Run {
        months,
        by_counterparty_gw: Vec::new(),
        by_vendor_gw: Vec::new(),
        cost_per_mtok_by_vendor: Vec::new(),
        ownership: Vec::new(),
        ledger: Ledger::default(),
        marks: s
            .marks
            .iter()
            .filter(|mk| (mk.month.0 as usize) < horizon && mk.month.0 >= 0)
            .map(|mk| (mk.month, mk.post_money_usd_b))
            .collect(),
        annotations: Vec::new(),
        tranches: Vec::new(),
        unpaid_by_counterparty: Vec::new(),
        lapsed_value_by_counterparty: Vec::new(),
        events: Vec::new(),
        series: out,
    };
    if detail {
        run.by_counterparty_gw = ops.by_counterparty(&cap);
        run.by_vendor_gw = ops.by_vendor(&cap);
        run.ownership = Investor::ALL
            .iter()
            .enumerate()
            .map(|(i, inv)| NamedSeries {
                name: inv.label().to_string(),
                values: funded.ownership.iter().map(|o| o[i]).collect(),
            })
            .collect();
        run.annotations = annotations(s, horizon);
        run.cost_per_mtok_by_vendor = ops.cost_per_mtok_by_vendor(&cap, &exo);
        run.ledger = ledger::build(s, &cap, &ops, &funded, horizon);
    }
    sanitize_outputs(&mut run);
    run
}

/// The model valuation of spec §G, with NTM and LTM revenue from the simulated path.
pub(crate) struct Valuation {
    pub value: Scratch,
    pub multiple: Scratch,
    pub ntm: Scratch,
}

/// EV/NTM-revenue multiple as a function of growth, through the spec's knots.
pub fn multiple_for_growth(g: f64) -> f64 {
    const KNOTS: [(f64, f64); 5] = [
        (0.0, 6.0),
        (0.2, 8.0),
        (0.5, 12.0),
        (1.0, 20.0),
        (1.5, 22.0),
    ];
    if !g.is_finite() || g <= KNOTS[0].0 {
        return KNOTS[0].1;
    }
    for w in KNOTS.windows(2) {
        if g <= w[1].0 {
            return w[0].1 + (w[1].1 - w[0].1) * (g - w[0].0) / (w[1].0 - w[0].0);
        }
    }
    KNOTS[4].1
}

fn valuation(p: &Params, exo: &Exogenous, revenue: &[f64], horizon: usize) -> Valuation {
    // Revenue from 12 months before the start (back-cast potential) to 12 months past the horizon
    // (extrapolated at the last month's growth).
    let back = exogenous::BACK;
    let mut ext = Scratch::with_capacity(back + horizon + 12);
    for i in 0..back {
        ext.push(
            exo.rev_sub[i] + exo.rev_biz[i] + exo.rev_api[i] + exo.rev_ads[i] + exo.rev_other[i],
        );
    }
    ext.extend_from_slice(revenue);
    let last = revenue[horizon - 1];
    let growth = if horizon >= 2 && revenue[horizon - 2] > 0.0 {
        (last / revenue[horizon - 2]).clamp(0.9, 1.1)
    } else {
        1.0
    };
    let mut r = last;
    for _ in 0..12 {
        r *= growth;
        ext.push(r);
    }
    let mut v = Valuation {
        value: Scratch::zeros(horizon),
        multiple: Scratch::zeros(horizon),
        ntm: Scratch::zeros(horizon),
    };
    let mut ltm: f64 = ext[1..=back].iter().sum();
    let mut ntm: f64 = ext[back + 1..back + 13].iter().sum();
    for m in 0..horizon {
        let i = back + m;
        if m > 0 {
            ltm += ext[i] - ext[i - 12];
            ntm += ext[i + 12] - ext[i];
        }
        let g = if ltm > 0.0 { ntm / ltm - 1.0 } else { 0.0 };
        let multiple = multiple_for_growth(g) * p[P::MultipleScale];
        v.multiple[m] = multiple;
        v.ntm[m] = ntm;
        v.value[m] = multiple * ntm.max(0.0);
    }
    v
}

/// Spec §E: the funding gap, the largest shortfall so far of committed-only cash below minimum cash.
fn funding_gap(cash_committed_only: &[f64], min_cash: &[f64], out: &mut [f64]) {
    let mut gap = 0.0f64;
    for (m, g) in out.iter_mut().enumerate() {
        gap = gap.max(min_cash[m] - cash_committed_only[m]);
        *g = gap.max(0.0);
    }
}

/// Spec §E: runway, the months until committed-only cash is next negative (or the rest of the run).
fn runway(cash_committed_only: &[f64], out: &mut [f64]) {
    let n = out.len();
    let mut next_negative: Option<usize> = None;
    for m in (0..n).rev() {
        if cash_committed_only[m] < 0.0 {
            next_negative = Some(m);
        }
        out[m] = next_negative.map_or((n - m) as f64, |k| (k - m) as f64);
    }
}

/// Spec §I: remaining obligations, next-twelve-month payments and commitments signed.
fn obligations(
    out: &mut Series,
    cap: &capacity::Capacity,
    ops: &operations::Operations,
    horizon: usize,
) {
    let (mut suffix, mut suffix_headline) = (Scratch::zeros(0), Scratch::zeros(0));
    for sch in &cap.schedules {
        let len = sch.payment().len();
        let (payment, content, other, facility) = (
            sch.payment(),
            sch.hardware_content(),
            sch.hardware_other(),
            sch.facility_capex(),
        );
        let at = |column: &[f64], t: usize| column.get(t).copied().unwrap_or(0.0);
        // What the lab owes each month under this contract: payments, or hardware for owned chips; and what
        // the "$1.4T" headline counts: lease payments, or the chips bought.
        let owned = matches!(sch.kind, Kind::Owned { .. });
        let owed = |t: usize| {
            if owned {
                at(content, t) + at(other, t) + at(facility, t)
            } else {
                payment[t]
            }
        };
        let lease = sch.kind == Kind::Lease;
        let headline = |t: usize| if lease { payment[t] } else { at(content, t) };
        // Nothing is owed outside the schedule's active months.
        let active = sch.active.clone();
        suffix.clear();
        suffix.resize(len + 1, 0.0);
        suffix_headline.clear();
        suffix_headline.resize(len + 1, 0.0);
        for t in active.clone().rev() {
            suffix[t] = suffix[t + 1] + owed(t);
            suffix_headline[t] = suffix_headline[t + 1] + headline(t);
        }
        let (total, total_headline) = (suffix[active.start], suffix_headline[active.start]);
        suffix[..active.start].fill(total);
        suffix_headline[..active.start].fill(total_headline);
        let first = sch.signed.0.max(0) as usize;
        // From the end of the active months on, nothing remains but the commitment signed.
        for m in first.max(active.end)..horizon {
            out.commitments_signed_usd_b[m] += total;
        }
        for m in first..horizon.min(active.end) {
            let remaining = suffix[m + 1];
            out.obligations_announced_usd_b[m] += remaining;
            out.obligations_headline_usd_b[m] += suffix_headline[m + 1];
            out.commitments_signed_usd_b[m] += suffix[0];
            if sch.status.is_contractual() {
                out.obligations_binding_usd_b[m] += remaining;
                out.obligations_ntm_usd_b[m] += suffix[m + 1] - suffix[(m + 13).min(len)];
            }
        }
    }
    // Leases signed by procurement: binding from signing.
    let mut signed = 0.0;
    let mut paid = 0.0;
    for m in 0..horizon {
        signed += ops.procured_signed_value[m];
        paid += ops.procured_payment[m];
        let remaining = (signed - paid).max(0.0);
        out.obligations_binding_usd_b[m] += remaining;
        out.obligations_announced_usd_b[m] += remaining;
        out.obligations_headline_usd_b[m] += remaining;
        out.commitments_signed_usd_b[m] += signed;
        let next: f64 = ops.procured_payment_signed_by(m, m + 1, m + 13);
        out.obligations_ntm_usd_b[m] += next;
        out.obligations_to_arr[m] = if out.arr_usd_b[m] > 0.0 {
            out.obligations_binding_usd_b[m] / out.arr_usd_b[m]
        } else {
            0.0
        };
    }
}

fn annotations(s: &Scenario, horizon: usize) -> Vec<Annotation> {
    let mut notes = Vec::new();
    for c in &s.contracts {
        if c.signed.0 >= 0 && (c.signed.0 as usize) < horizon {
            notes.push(Annotation {
                month: c.signed,
                label: format!("{}: {}", c.id, c.name),
                kind: AnnotationKind::Deal,
            });
        }
    }
    for f in &s.funding {
        if let crate::funding::FundingTiming::At(m) = f.timing {
            if m.0 >= 0 && (m.0 as usize) < horizon {
                notes.push(Annotation {
                    month: m,
                    label: format!("{} ${}B", f.label, f.amount_usd_b),
                    kind: AnnotationKind::Funding,
                });
            }
        }
    }
    notes.push(Annotation {
        month: Month::from_ym(2025, 12),
        label: "Friar: ~1.9 GW at end-2025".into(),
        kind: AnnotationKind::Marker,
    });
    notes.push(Annotation {
        month: HISTORY_END,
        label: "End of observed history".into(),
        kind: AnnotationKind::Marker,
    });
    notes.sort_by_key(|n| n.month);
    notes
}

/// Replaces NaN and infinite values with zero.
fn zero_non_finite(v: &mut [f64]) {
    // A value is NaN or infinite when its exponent bits are all ones (0x7ff): adding one carries into bit 11
    // only then. An integer OR over the series vectorises, and outputs are almost always all finite.
    let exponents_plus_one = v
        .iter()
        .fold(0u64, |acc, x| acc | (((x.to_bits() >> 52) & 0x7ff) + 1));
    if exponents_plus_one & 0x800 == 0 {
        return;
    }
    for x in v.iter_mut() {
        if !x.is_finite() {
            *x = 0.0;
        }
    }
}

/// The last line of defence of the "never NaN or infinite" promise.
fn sanitize_outputs(run: &mut Run) {
    let fix = |v: &mut Vec<f64>| zero_non_finite(v);
    run.series.for_each_mut(|_, v| fix(v));
    for group in [
        &mut run.by_counterparty_gw,
        &mut run.by_vendor_gw,
        &mut run.cost_per_mtok_by_vendor,
        &mut run.ownership,
    ] {
        for s in group.iter_mut() {
            fix(&mut s.values);
        }
    }
    run.ledger.sanitize();
}
