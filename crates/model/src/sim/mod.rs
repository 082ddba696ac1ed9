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

mod annotations;
mod capacity;
mod decisions;
mod exogenous;
mod finance;
mod ledger;
mod operating;
mod operations;
mod outputs;
mod schedule;
mod scratch;
mod valuation;

pub use capacity::crf;
pub use exogenous::PROMPTS_PER_WAU_MONTH;
pub use valuation::multiple_for_growth;

use crate::funding::Investor;
use crate::ledger::Ledger;
use crate::math::{zero_non_finite, FiniteCheck};
use crate::params::ParamId as P;
use crate::reuse::kept_string;
use crate::run::{output_from, NamedSeries, Run, Series};
use crate::scenario::Scenario;
use crate::Month;
use capacity::Kind;
use exogenous::Exogenous;
use outputs::Outputs;
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

/// What every kind of run computes: the scenario made runnable, the exogenous curves, the contract
/// schedules, the policy-independent funding and the monthly loop (with the main financing pass).
struct Stages<'a> {
    s: Cow<'a, Scenario>,
    horizon: usize,
    exo: Exogenous,
    cap: capacity::Capacity,
    inflows: finance::Inflows,
    main: operations::Loop,
}

fn stages(scenario: &Scenario) -> Stages<'_> {
    stages_for(scenario, Outputs::All)
}

/// [`stages`] computing `outputs`.
fn stages_for(scenario: &Scenario, outputs: Outputs) -> Stages<'_> {
    let s = if scenario.validate().is_empty() {
        Cow::Borrowed(scenario)
    } else {
        Cow::Owned(scenario.sanitized())
    };
    stages_of_valid(s, outputs)
}

/// [`stages_for`] a scenario known to be valid.
fn stages_of_valid(s: Cow<'_, Scenario>, outputs: Outputs) -> Stages<'_> {
    let p = &s.params;
    let horizon = p[P::HorizonMonths].round() as usize;
    let exo = exogenous::compute(p, horizon);
    let len = schedule_len(&s, horizon);
    let mut cap = capacity::compute(&s.contracts, &s.chips, p, len, outputs);
    let inflows = finance::inflows(&s, &cap, horizon);
    let main = operations::run(&s, &exo, &mut cap, &inflows, horizon, outputs);
    Stages {
        s,
        horizon,
        exo,
        cap,
        inflows,
        main,
    }
}

/// The series Monte Carlo summarises ([`crate::montecarlo::FAN_SERIES`]), equal bit for bit to those of
/// [`simulate`]: only the committed-funding pass runs besides the loop, and no other series, obligations or
/// ledger are built.
pub(crate) struct FanSeries {
    pub cash_committed_only_usd_b: Scratch,
    pub funding_gap_usd_b: Scratch,
    pub revenue_usd_b: Scratch,
    pub gross_margin: Scratch,
    pub it_gw: Scratch,
}

/// Runs what Monte Carlo needs of the scenario (see [`FanSeries`]).
pub(crate) fn simulate_fans(scenario: &Scenario) -> FanSeries {
    fans_of(stages_for(scenario, Outputs::Fans))
}

/// [`simulate_fans`] of a scenario the caller knows to be valid (`validate()` empty), without validating it
/// again: Monte Carlo's samples of a sanitized base, thousands of times a second.
pub(crate) fn simulate_fans_of_valid(scenario: &Scenario) -> FanSeries {
    debug_assert!(scenario.validate().is_empty(), "{:?}", scenario.validate());
    fans_of(stages_of_valid(Cow::Borrowed(scenario), Outputs::Fans))
}

fn fans_of(stages: Stages<'_>) -> FanSeries {
    let Stages {
        s,
        horizon,
        cap,
        inflows,
        main,
        ..
    } = stages;
    let ops = main.ops;
    let committed = finance::run(
        &s,
        &cap,
        &ops,
        &inflows,
        &main.valuation,
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
        inflows,
        main,
    } = stages(scenario);
    let s: &Scenario = &s;
    let p = &s.params;
    let operations::Loop {
        ops,
        valuation,
        funded,
        decisions,
    } = main;
    let committed = finance::run(
        s,
        &cap,
        &ops,
        &inflows,
        &valuation,
        finance::Policy::CommittedOnly,
    );

    // Each series is appended whole by the stage that computes it; `pad_to` zero-fills any left unwritten.
    let mut out = Series::with_capacity(horizon);
    ops.fill(&mut out, p, &exo, &cap);
    funded.fill(&mut out, horizon);
    out.cash_committed_only_usd_b
        .extend_from_slice(&committed.cash[..horizon]);
    out.valuation_usd_b
        .extend_from_slice(&valuation.value[..horizon]);
    out.valuation_multiple
        .extend_from_slice(&valuation.multiple[..horizon]);
    out.ntm_revenue_usd_b
        .extend_from_slice(&valuation.ntm[..horizon]);
    out.funding_gap_usd_b.resize(horizon, 0.0);
    funding_gap(
        &out.cash_committed_only_usd_b,
        &committed.min_cash,
        &mut out.funding_gap_usd_b,
    );
    out.runway_months.resize(horizon, 0.0);
    runway(&out.cash_committed_only_usd_b, &mut out.runway_months);
    obligations(&mut out, &cap, &ops, &decisions, horizon);
    decisions_fill(&mut out, &decisions, &cap, &ops);
    out.pad_to(horizon);

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
        non_finite_replaced: 0,
        series: out,
    };
    if detail {
        run.by_counterparty_gw = ops.by_counterparty(&cap);
        run.by_vendor_gw = ops.by_vendor(&cap);
        run.ownership = Investor::ALL
            .iter()
            .enumerate()
            .map(|(i, inv)| NamedSeries {
                name: kept_string(inv.label()),
                values: output_from(funded.ownership_of(i)),
            })
            .collect();
        run.annotations = annotations::annotations(s, &decisions, horizon);
        run.tranches = decisions.outcomes(&cap, &s.contracts);
        let (unpaid, lapsed) = decisions.exposure();
        run.unpaid_by_counterparty = unpaid;
        run.lapsed_value_by_counterparty = lapsed;

        run.cost_per_mtok_by_vendor = ops.cost_per_mtok_by_vendor(&cap, &exo);
        run.ledger = ledger::build(s, &cap, &ops, &funded, &decisions, horizon);
        run.events = decisions.events;
    }
    run.non_finite_replaced = sanitize_outputs(&mut run);
    run
}

/// The new v2 series: option steps, renewals, idle binding capacity and distress.
fn decisions_fill(
    out: &mut Series,
    d: &decisions::Decisions,
    cap: &capacity::Capacity,
    ops: &operating::Operations,
) {
    let h = out.it_gw.len();
    out.confirmed_gw.extend_from_slice(&d.confirmed_gw[..h]);
    out.deferred_gw.extend_from_slice(&d.deferred_gw[..h]);
    out.lapsed_gw.extend_from_slice(&d.lapsed_gw[..h]);
    out.renewed_gw.extend_from_slice(&ops.renewed_gw[..h]);
    out.distress_stage.extend_from_slice(&d.distress_stage[..h]);
    out.arrears_usd_b.extend_from_slice(&d.arrears[..h]);
    out.defaulted_obligations_usd_b
        .extend_from_slice(&d.defaulted[..h]);
    out.renegotiation_penalty_usd_b
        .extend_from_slice(&d.penalty[..h]);
    out.idle_binding_gw.extend(
        out.idle_gw
            .iter()
            .zip(&cap.totals.signed_binding_gw[..h])
            .map(|(idle, binding)| idle.min(*binding)),
    );
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
/// Held schedules count as binding from signing (a confirmed step from its decision month); non-binding
/// contracts count as announced for the share of their steps not yet decided.
fn obligations(
    out: &mut Series,
    cap: &capacity::Capacity,
    ops: &operating::Operations,
    d: &decisions::Decisions,
    horizon: usize,
) {
    // The obligations' series sum every schedule's share: zeros first.
    for column in [
        &mut out.obligations_binding_usd_b,
        &mut out.obligations_announced_usd_b,
        &mut out.obligations_ntm_usd_b,
        &mut out.obligations_headline_usd_b,
        &mut out.commitments_signed_usd_b,
    ] {
        column.resize(horizon, 0.0);
    }
    // Room for `remaining_sums` of any schedule (all are `cap.len()` long) in reused buffers.
    let (mut suffix, mut suffix_headline) = (
        Scratch::with_capacity(cap.len() + REMAINING_PAST_END),
        Scratch::with_capacity(cap.len() + REMAINING_PAST_END),
    );
    let mut open_share = Scratch::zeros(horizon);
    let held = cap.schedules.iter().map(|sch| (sch, true));
    let announced = cap.option_schedules.iter().map(|sch| (sch, false));
    for (sch, is_held) in held.chain(announced) {
        if !is_held {
            undecided_share(cap, d, sch.contract, &mut open_share);
        }
        let len = sch.payment().len();
        let (payment, content, other, facility) = (
            sch.payment(),
            sch.hardware_content(),
            sch.hardware_other(),
            sch.facility_capex(),
        );
        let at = |column: &[f64], t: usize| column.get(t).copied().unwrap_or(0.0);
        // Nothing is owed outside the schedule's active months.
        let active = sch.active();
        // What remains from each month on of what the lab owes under this contract (payments, or hardware for
        // owned chips), and of what the "$1.4T" headline counts (lease payments, or the chips bought). One loop
        // per kind: no test of the kind per month.
        let (owed, headline) = (&mut suffix, &mut suffix_headline);
        match sch.kind {
            Kind::Lease => {
                remaining_sums([owed, headline], len, active.clone(), |t| {
                    [payment[t], payment[t]]
                });
            }
            Kind::PartnerLease => {
                remaining_sums([owed, headline], len, active.clone(), |t| {
                    [payment[t], at(content, t)]
                });
            }
            Kind::Owned { .. } => {
                remaining_sums([owed, headline], len, active.clone(), |t| {
                    [
                        at(content, t) + at(other, t) + at(facility, t),
                        at(content, t),
                    ]
                });
            }
        }
        let total = suffix[active.start];
        let first = sch.signed.0.max(0) as usize;
        // From the end of the active months on, nothing remains but the commitment signed.
        let signed_total = suffix[0];
        if is_held {
            for x in out
                .commitments_signed_usd_b
                .get_mut(first.max(active.end)..horizon)
                .unwrap_or_default()
            {
                *x += total;
            }
        } else {
            for m in first.max(active.end)..horizon {
                out.commitments_signed_usd_b[m] += total * open_share[m];
            }
        }
        // Whole slices from here, all `n` long: no bounds check per month (held schedules count in full, × 1
        // exactly).
        let months = first..horizon.min(active.end);
        if months.is_empty() {
            continue;
        }
        let n = months.len();
        let ahead = &suffix[months.start + 1..][..n];
        let ahead_headline = &suffix_headline[months.start + 1..][..n];
        let announced = &mut out.obligations_announced_usd_b[months.clone()];
        let headline_out = &mut out.obligations_headline_usd_b[months.clone()];
        let signed_out = &mut out.commitments_signed_usd_b[months.clone()];
        if is_held {
            // What remains thirteen months on (`remaining_sums` pads past the schedule's end with zeros).
            let beyond_twelve = &suffix[months.start + 13..][..n];
            let binding = &mut out.obligations_binding_usd_b[months.clone()];
            let ntm = &mut out.obligations_ntm_usd_b[months];
            for i in 0..n {
                let remaining = ahead[i];
                announced[i] += remaining;
                headline_out[i] += ahead_headline[i];
                signed_out[i] += signed_total;
                binding[i] += remaining;
                ntm[i] += remaining - beyond_twelve[i];
            }
        } else {
            let shares = &open_share[months];
            for (i, share) in shares.iter().enumerate() {
                announced[i] += ahead[i] * share;
                headline_out[i] += ahead_headline[i] * share;
                signed_out[i] += signed_total * share;
            }
        }
    }
    // Leases signed by procurement: binding from signing.
    let next_twelve = ops.procured_payments_next_twelve(horizon);
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
        out.obligations_ntm_usd_b[m] += next_twelve[m];
    }
    let to_arr = out.obligations_binding_usd_b.iter().zip(&out.arr_usd_b);
    out.obligations_to_arr.extend(to_arr.map(
        |(binding, arr)| {
            if *arr > 0.0 {
                binding / arr
            } else {
                0.0
            }
        },
    ));
}

/// Values [`remaining_sums`] gives past a schedule's last month: the thirteen months a reader may look past
/// `len` ("what remains a year after next month"), and one more.
const REMAINING_PAST_END: usize = 14;

/// `out[k][t]`, for t in `0..len + REMAINING_PAST_END`: the sum of `values(t)[k]` over the months of `active` from t on, added
/// from the last month back (the total before `active`, zero from its end on; `active` lies within `0..len`).
/// The thirteen months past `len` let a reader take "what remains a year after next month" without clamping.
/// The running sums stay in registers, and the two are added in one loop: each addition waits only for the
/// one before it in its own sum (through memory, each waited for a store as well, some 3% of a run).
fn remaining_sums(
    out: [&mut Scratch; 2],
    len: usize,
    active: std::ops::Range<usize>,
    values: impl Fn(usize) -> [f64; 2],
) {
    let [a, b] = out;
    for sums in [&mut *a, &mut *b] {
        // Only the months from the end of `active` on are zeroed: the others are written below.
        sums.resize(len + REMAINING_PAST_END, 0.0);
        sums[active.end..].fill(0.0);
    }
    let (mut sum_a, mut sum_b) = (a[active.end], b[active.end]);
    for t in active.clone().rev() {
        let [value_a, value_b] = values(t);
        sum_a += value_a;
        sum_b += value_b;
        a[t] = sum_a;
        b[t] = sum_b;
    }
    a[..active.start].fill(sum_a);
    b[..active.start].fill(sum_b);
}

/// The share of non-binding contract `contract`'s announced GW still undecided in each month: a confirmed step
/// counts under its own (held) schedule from its decision month, a lapsed one no more.
fn undecided_share(
    cap: &capacity::Capacity,
    d: &decisions::Decisions,
    contract: usize,
    out: &mut [f64],
) {
    let steps: Vec<(f64, Option<usize>)> = cap
        .tranches
        .iter()
        .zip(&d.tranches)
        .filter(|(t, _)| t.contract == contract)
        .map(|(t, st)| (t.gw, st.decided))
        .collect();
    let total: f64 = steps.iter().map(|(gw, _)| gw).sum();
    let share_at = |m: usize| {
        let decided: f64 = steps
            .iter()
            .filter(|(_, dm)| dm.is_some_and(|dm| dm <= m))
            .map(|(gw, _)| gw)
            .sum();
        if total > 0.0 {
            1.0 - decided / total
        } else {
            1.0
        }
    };
    // The share changes only in a month a step is decided: computed there (the same sum, in step order) and
    // filled until the next such month.
    let n = out.len();
    let (mut from, mut share) = (0, share_at(0));
    loop {
        let next = steps
            .iter()
            .filter_map(|(_, dm)| *dm)
            .filter(|&dm| dm > from && dm < n)
            .min();
        out[from..next.unwrap_or(n)].fill(share);
        let Some(next) = next else { break };
        (from, share) = (next, share_at(next));
    }
}

/// The last line of defence of the "never NaN or infinite" promise: returns how many values it replaced. Every
/// value is first checked at once (one [`FiniteCheck`]); only when that fails is each series checked and
/// repaired on its own.
fn sanitize_outputs(run: &mut Run) -> usize {
    let mut check = FiniteCheck::default();
    run.series.for_each_mut(|_, v| check.add(v));
    for group in [
        &run.by_counterparty_gw,
        &run.by_vendor_gw,
        &run.cost_per_mtok_by_vendor,
        &run.ownership,
    ] {
        for s in group {
            check.add(&s.values);
        }
    }
    run.ledger.check_finite(&mut check);
    if check.passed() {
        return 0;
    }
    let mut replaced = 0;
    run.series
        .for_each_mut(|_, v| replaced += zero_non_finite(v));
    for group in [
        &mut run.by_counterparty_gw,
        &mut run.by_vendor_gw,
        &mut run.cost_per_mtok_by_vendor,
        &mut run.ownership,
    ] {
        for s in group.iter_mut() {
            replaced += zero_non_finite(&mut s.values);
        }
    }
    replaced + run.ledger.sanitize()
}
