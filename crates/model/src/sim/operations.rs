//! The operating loop (spec §1.2 steps 3–7): procurement, allocation, revenue, costs and the P&L, month by month.

use super::capacity::{Capacity, Schedule, Totals};
use super::decisions::{Decisions, TrancheState};
use super::exogenous::{Exogenous, BACK, RS_AMENDED_FROM};
use super::finance::{self, Finance, Inflows};
use super::operating::{Operations, Signing};
use super::outputs::Outputs;
use super::scratch::Scratch;
use super::valuation::Valuation;
use crate::deals::{ChipVendor, ContractStatus, Counterparty};
use crate::math::PortablePow;
use crate::month::HOURS_PER_MONTH;
use crate::params::{ParamId as P, Params};
use crate::reuse::kept_string;
use crate::run::{output_copy, output_from, NamedSeries, Series, TrancheStatus};
use crate::scenario::Scenario;
use crate::{Month, HISTORY_END};
use std::ops::Range;

/// Index of "other revenue" (agents, devices, resold cloud) among the revenue streams.
const OTHER_STREAM: usize = 4;

/// The highest gross margin competition leaves a lab (spec v2 §6: no AI lab reports software-like 85–97%;
/// the company's own plan reaches about 70% around 2029), a hair under 80% so that rounding never lifts a
/// month's or a year's margin over it.
pub const GROSS_MARGIN_CEILING: f64 = 0.80 - 1e-9;

/// What the monthly loop produces besides the operating results: the model valuation, the main financing
/// pass and the decisions.
pub struct Loop {
    pub ops: Operations,
    pub valuation: Valuation,
    pub funded: Finance,
    pub decisions: Decisions,
}

/// Runs the monthly loop of spec v2 §1 for `horizon` months: decisions (options, renewals, procurement),
/// capacity, allocation, revenue, costs, valuation, the main financing pass and distress. Month m reads only
/// months ≤ m, plus forecasts from exogenous curves and the schedules already committed.
pub fn run(
    s: &Scenario,
    exo: &Exogenous,
    cap: &mut Capacity,
    inflows: &Inflows,
    horizon: usize,
    outputs: Outputs,
) -> Loop {
    let p = &s.params;
    let len = cap.len();
    let all = outputs == Outputs::All;
    let z = || Scratch::zeros(horizon);
    let mut o = Operations {
        horizon,
        revenue: z(),
        streams: [z(), z(), z(), z(), z()],
        phi: z(),
        tokens_served: z(),
        it_gw: z(),
        h100e: z(),
        c_inf: z(),
        c_train: z(),
        idle: z(),
        compute_cost: z(),
        k_inf: z(),
        k_train: z(),
        k_idle: z(),
        rev_share: z(),
        other_cogs: z(),
        personnel: z(),
        sm_cash: z(),
        ga_cash: z(),
        sbc: z(),
        ebit: z(),
        depreciation: z(),
        noncash: z(),
        lease_payments: z(),
        colo: z(),
        power: z(),
        dc_opex: z(),
        owned_gw: z(),
        capex: z(),
        debt_financed_hw: z(),
        operating_burn: z(),
        forward_burn: z(),
        procured_gw: Scratch::zeros(len),
        procured_h100e: Scratch::zeros(len),
        procured_payment: Scratch::zeros(len),
        procured_signed_value: z(),
        procured_added_gw: Scratch::zeros(len),
        procured_retired_gw: Scratch::zeros(len),
        renewed_gw: Scratch::zeros(if all { len } else { 0 }),
        // Procurement signs at most one lease a month and re-lets at most one: room for a lease most months.
        signings: Vec::with_capacity(horizon),
        lead_months: p[P::ProcurementLeadMonths].round() as usize,
    };
    let betas = [
        p[P::BetaSub],
        p[P::BetaBiz],
        p[P::BetaApi],
        p[P::BetaAds],
        p[P::BetaOther],
    ];
    let procure = p.on(P::EndogenousProcurement);
    let renew = p.on(P::AutoRenew);
    let term = p[P::RenewTermMonths].round().max(1.0) as usize;
    let power_cap = p[P::MaxNewGwPerYear];
    let nvidia = ChipVendor::ALL
        .iter()
        .position(|v| *v == ChipVendor::Nvidia)
        .unwrap_or(0);
    let energy_usd_b_per_gw_month =
        p[P::Pue] * 1e6 * HOURS_PER_MONTH * p[P::UtilPower] * p[P::PowerPrice] / 1000.0 / 1e9;
    let owned_running_per_gw = energy_usd_b_per_gw_month + p[P::DcOpexPerGwYear] / 12.0;
    // The G&A floor per month, divided once rather than every month.
    let ga_floor_per_month = p[P::GaFloor] / 12.0;
    // Potential revenue (all demand served) per exogenous index.
    let exo_len = exo.rev_sub.len();
    let mut potentials = Scratch::zeros(exo_len);
    for (i, x) in potentials.iter_mut().enumerate() {
        *x = exo.rev_sub[i] + exo.rev_biz[i] + exo.rev_api[i] + exo.rev_ads[i] + exo.rev_other[i];
    }
    let potential = |i: usize| potentials[i];
    // Potential revenue over the next twelve months, for every month at once (procurement's training budget).
    let potential_next_twelve = next_twelve_sums(&potentials[Exogenous::at(0)..], horizon);
    // What a forecast of burn knows without the lab's own decisions: costs that scale with (potential)
    // revenue, people, and the revenue itself, per exogenous index.
    let mut exo_burn = Scratch::zeros(exo_len);
    for (i, x) in exo_burn.iter_mut().enumerate() {
        let pot = potential(i);
        let ga = ga_floor_per_month.max(exo.ga_rate[i] * pot);
        *x = exo.personnel[i]
            + (exo.rs_net[i] + p[P::OtherCogsRate] + exo.sm_rate[i]) * pot
            + p[P::OtherRevCogsRate] * exo.rev_other[i]
            + ga
            - pot
            - exo.noncash_compute[i];
    }
    let mut valuation = Valuation {
        value: z(),
        multiple: z(),
        ntm: z(),
    };
    let mut pass = finance::Pass::new(s, inflows, horizon, finance::Policy::Full, outputs);
    let mut d = Decisions::new(cap, p, horizon, outputs);
    // Revenue share paid under the Microsoft amendment so far, against its cap (`rs_amended_cap`). The burn
    // forecast above ignores the cap: it expects the full share until the end of 2030 (the conservative side).
    let amended = p.on(P::MsAmendment);
    let mut rs_amended_paid = 0.0;
    let rates = MonthRates {
        p,
        betas,
        energy_usd_b_per_gw_month,
        ga_floor_per_month,
        amended,
    };
    let first_decision = HISTORY_END.0 as usize + 1;
    // Trailing realised revenue (back-cast potential before 2025) and the forecast's next twelve months.
    let mut ltm: f64 = (1..=BACK).map(potential).sum();
    let mut ntm: f64 = (BACK + 1..BACK + 13).map(potential).sum();
    // The next month an open option step is tested: steps change only when tested, so this is looked for
    // again only then, not every month.
    let next_test = |d: &Decisions| {
        d.tranches
            .iter()
            .filter(|t| is_open(t))
            .map(|t| t.next_test)
            .min()
    };
    let mut next_test_due = next_test(&d);
    let mut burn_terms = BurnTerms::new(len);

    for m in 0..horizon {
        let i = Exogenous::at(m as i32);
        // Step 2a: options whose test falls due (spec v2 §4).
        if m >= first_decision && next_test_due.is_some_and(|due| due <= m) {
            // Last month's forecast: what month m knows before it decides.
            let burn_12 = 12.0 * o.forward_burn[m - 1];
            let funds = pass.cash
                + inflows.scheduled_after[m]
                + pass.debt_room(ntm)
                + pass.equity_room(m, valuation.value[m - 1]);
            let mut committed_this_month = 0.0;
            for j in 0..d.tranches.len() {
                let state = d.tranches[j];
                if !is_open(&state) || state.next_test > m {
                    continue;
                }
                let tranche = cap.tranches[j];
                let c = &s.contracts[tranche.contract];
                let shift = state.shift;
                let full = (tranche.full + shift).min(len - 1);
                let ti = Exogenous::at(full as i32).min(exo_len - 1);
                let need = exo.d_inf[ti] * (1.0 + p[P::Headroom]) + exo.d_train[ti];
                let committed = cap.totals.h100e[full] + o.procured_h100e[full];
                let step_h100e = cap.tranche_h100e(&tranche, shift, c, &s.chips, p, full);
                let needed = need - committed >= p[P::ConfirmThreshold] * step_h100e;
                let reserve = burn_12 + committed_this_month + finance::min_cash(p, burn_12 / 12.0);
                let may_afford = d.stage() == 0 && funds >= reserve;
                // First-year payments only for a step that is needed and might be affordable.
                let first_year = if needed && may_afford {
                    cap.tranche_first_year_owed(&tranche, shift, c, &s.chips, p)
                } else {
                    0.0
                };
                let affordable = may_afford && funds >= reserve + first_year;
                if needed && affordable {
                    let r = cap.tranche_cumulative(&tranche, shift);
                    let sched = cap.build(
                        c,
                        tranche.contract,
                        &r,
                        &s.chips,
                        p,
                        shift as i32,
                        Month(m as i32),
                        ContractStatus::Binding,
                    );
                    committed_this_month += first_year;
                    burn_terms.changed_from(sched.active().start);
                    cap.totals.add(&sched, 0, 1.0, false);
                    cap.schedules.push(sched);
                    d.confirm(j, m, c, tranche.gw);
                } else {
                    d.defer_or_lapse(j, m, c, tranche.gw, p);
                }
            }
            next_test_due = next_test(&d);
        }

        // Step 2b: renewals and procurement sign leases for month m + lead (spec B5, v2 §4).
        let target_m = m + o.lead_months;
        if procure && m as i32 > HISTORY_END.0 && target_m < len {
            let ti = Exogenous::at(target_m as i32);
            let committed = cap.totals.h100e[target_m] + o.procured_h100e[target_m];
            let ntm_potential = potential_next_twelve[m];
            let price_per_h100e_year = exo.mkt_price_per_h100e_hr[ti] * 8760.0;
            // Training may take `train_cap_share` of NTM revenue in dollars: committed capacity that inference
            // will not use already counts against it, at what it actually costs (older leases cost more per
            // H100e than the market today).
            let inference_target = exo.d_inf[ti] * (1.0 + p[P::Headroom]);
            let t = &cap.totals;
            let committed_cost_per_year = 12.0
                * (t.payment[target_m]
                    + o.procured_payment[target_m]
                    + t.colo[target_m]
                    + t.depreciation[target_m]
                    + t.owned_gw[target_m] * owned_running_per_gw);
            let training_share = if committed > 0.0 {
                (1.0 - inference_target / committed).max(0.0)
            } else {
                0.0
            };
            let budget_left = train_cap_share(p, Month(m as i32)) * ntm_potential
                - committed_cost_per_year * training_share;
            let training_room = budget_left.max(0.0) * 1e9 / price_per_h100e_year.max(1e-9);
            // In distress the lab still leases what serving needs (it earns its cost), but nothing for training.
            let training_room = if d.stage() == 0 { training_room } else { 0.0 };
            let training_target =
                exo.d_train[ti].min((committed - inference_target).max(0.0) + training_room);
            let target = inference_target + training_target;
            if target > committed {
                let density = cap.latest_density[target_m][nvidia].max(1.0);
                let mut gw = (target - committed) / (1000.0 * density);
                let retiring = cap.totals.retired_gw[target_m] + o.procured_retired_gw[target_m];
                if !renew {
                    gw = (gw - retiring).max(0.0);
                }
                if power_cap > 0.0 {
                    let from = target_m.saturating_sub(11);
                    let recent: f64 = cap.totals.new_gw[from..=target_m].iter().sum::<f64>()
                        + o.procured_added_gw[from..=target_m].iter().sum::<f64>();
                    gw = gw.min((power_cap - recent).max(0.0));
                }
                if gw > 1e-9 {
                    let renewed = if renew { gw.min(retiring) } else { 0.0 };
                    let lease = Lease {
                        gw,
                        h100e: gw * density * 1000.0,
                        price_per_h100e_hr: exo.mkt_price_per_h100e_hr[ti],
                        renewed_gw: renewed,
                    };
                    o.sign(m, target_m, term, lease);
                    burn_terms.changed_from(target_m);
                }
            }
        }

        // Steps 3 and 4, revenue and costs.
        let revenue = o.operate_month(m, &cap.totals, exo, &rates, &mut rs_amended_paid);

        // Valuation (spec §G) from trailing realised revenue and the forecast of the next twelve months.
        if m > 0 {
            ntm += potential(i + 12) - potential(i);
        }
        ltm += revenue
            - if m >= 12 {
                o.revenue[m - 12]
            } else {
                potential(i - 12)
            };
        let g = if ltm > 0.0 { ntm / ltm - 1.0 } else { 0.0 };
        let multiple = super::multiple_for_growth(g) * p[P::MultipleScale];
        valuation.multiple[m] = multiple;
        valuation.ntm[m] = ntm;
        valuation.value[m] = multiple * ntm.max(0.0);

        // Step 5: financing, with minimum cash sized on the forecast of the next twelve months' burn from what
        // month m knows: committed schedules and exogenous costs and revenue.
        let t = &cap.totals;
        let burn_in = |k: usize| {
            t.payment[k]
                + o.procured_payment[k]
                + t.colo[k]
                + t.capex[k]
                + t.owned_gw[k] * owned_running_per_gw
                + exo_burn[Exogenous::at(k as i32).min(exo_len - 1)]
        };
        let burn_12 = burn_terms.window_sum(m + 1..m + 13, burn_in);
        o.forward_burn[m] = (burn_12 / 12.0).max(0.0);
        pass.step(
            m,
            &o,
            valuation.value[m],
            ntm,
            finance::nvidia_gw_added(cap, p, m),
        );
        let min_cash = pass.f.min_cash[m];
        // Distress (spec v2 §5): arrears are paid back first when cash allows.
        if pass.cash > min_cash {
            let paid = d.repay_arrears(m, pass.cash - min_cash, cap);
            pass.adjust_cash(m, -paid, false);
        }
        let short = pass.cash < min_cash - 1e-9;
        let mut renegotiating = false;
        if short && m >= first_decision {
            if let Some(penalty) = d.renegotiate(m, cap, &s.contracts, &s.chips, p) {
                // The renegotiated schedule pays differently from next month on.
                burn_terms.changed_from(m + 1);
                pass.adjust_cash(m, -penalty, true);
                renegotiating = true;
            }
        }
        if pass.cash < 0.0 {
            let unpaid = -pass.cash;
            d.accrue_arrears(m, unpaid, cap, o.procured_payment[m]);
            pass.adjust_cash(m, unpaid, false);
        }
        let next = m + 1;
        let inference_need_next = exo.d_inf[Exogenous::at(next as i32)] * (1.0 + p[P::Headroom]);
        let withdrawn = d.defaults(
            m,
            cap,
            &s.contracts,
            p,
            inference_need_next,
            [
                &mut o.procured_gw,
                &mut o.procured_h100e,
                &mut o.procured_payment,
            ],
        );
        if withdrawn.is_some() {
            // A defaulted contract (or the procured leases) pays nothing from next month on.
            burn_terms.changed_from(m + 1);
        }
        // The withdrawn chips stay installed, and their owner would rather re-let them than leave them idle:
        // what serving needs of them is leased again from next month at the market price (no build lead time).
        if let Some(w) = withdrawn.filter(|w| procure && w.h100e > 0.0 && next < len) {
            let fleet = cap.totals.h100e[next] + o.procured_h100e[next];
            let h100e = (inference_need_next - fleet).clamp(0.0, w.h100e);
            if h100e > 0.0 {
                let lease = Lease {
                    gw: w.gw * h100e / w.h100e,
                    h100e,
                    price_per_h100e_hr: exo.mkt_price_per_h100e_hr[Exogenous::at(next as i32)],
                    renewed_gw: 0.0,
                };
                d.relet(m, lease.gw);
                o.sign(m, next, term, lease);
                burn_terms.changed_from(next);
            }
        }
        d.record(m, cap, short, renegotiating);
    }
    Loop {
        ops: o,
        valuation,
        funded: pass.f,
        decisions: d,
    }
}

/// Each month's term of the burn forecast (schedule and procured payments, colocation, capex, owned capacity's
/// running costs and the exogenous burn), kept between months: a month's forecast sums the twelve terms after
/// it, and a term changes only when a lease is signed or a schedule changes (a confirmed step, a renegotiation,
/// a default), so most months compute one new term instead of all twelve. Every term is computed by the same
/// expression from the same values as when summed on the spot, so the sums are the same bit for bit.
struct BurnTerms {
    /// The term of month k, for k < `valid_to`.
    at: Scratch,
    valid_to: usize,
}

impl BurnTerms {
    fn new(len: usize) -> BurnTerms {
        BurnTerms {
            at: Scratch::zeros(len),
            valid_to: 0,
        }
    }

    /// Something a term reads changed from month `k` on: those terms are computed again when next read.
    fn changed_from(&mut self, k: usize) {
        self.valid_to = self.valid_to.min(k);
    }

    /// The sum over `window` of `term(k)`, added in month order (months past the schedules count as their last
    /// month).
    fn window_sum(&mut self, window: Range<usize>, term: impl Fn(usize) -> f64) -> f64 {
        let last = self.at.len() - 1;
        let end = window.end.min(last + 1);
        for k in self.valid_to..end {
            self.at[k] = term(k);
        }
        self.valid_to = self.valid_to.max(end);
        // A change to what a term reads that forgot `changed_from` would leave a stale term: caught in debug
        // builds (every test run) by comparing with the terms computed afresh.
        debug_assert!(
            window
                .clone()
                .all(|k| self.at[k.min(last)].to_bits() == term(k.min(last)).to_bits()),
            "a burn term is stale: a change to leases or schedules did not call `changed_from`"
        );
        if window.end <= last + 1 {
            self.at[window].iter().sum()
        } else {
            window.map(|k| self.at[k.min(last)]).sum()
        }
    }
}

fn is_open(t: &TrancheState) -> bool {
    matches!(t.status, TrancheStatus::Pending | TrancheStatus::Deferred)
}

/// The parameters and rates every month's operating step reads ([`Operations::operate_month`]).
#[derive(Clone, Copy)]
struct MonthRates<'a> {
    p: &'a Params,
    /// Demand elasticity of each revenue stream to coverage.
    betas: [f64; 5],
    energy_usd_b_per_gw_month: f64,
    ga_floor_per_month: f64,
    /// Whether the Microsoft amendment's capped revenue share applies.
    amended: bool,
}

/// A market lease about to be signed.
struct Lease {
    gw: f64,
    h100e: f64,
    price_per_h100e_hr: f64,
    /// The part of `gw` that replaces capacity leaving that month.
    renewed_gw: f64,
}

impl Operations {
    /// Month m's capacity, allocation, revenue and costs (spec §1.2 steps 3–7, v2 §3, §6): writes the month
    /// of every operating series and returns its revenue. A method of its own, so that the compiler knows the
    /// series' storage is not written through any other reference and keeps their addresses and lengths at
    /// hand instead of reading them again after every value written.
    fn operate_month(
        &mut self,
        m: usize,
        totals: &Totals,
        exo: &Exogenous,
        rates: &MonthRates,
        rs_amended_paid: &mut f64,
    ) -> f64 {
        let MonthRates {
            p,
            betas,
            energy_usd_b_per_gw_month,
            ga_floor_per_month,
            amended,
        } = *rates;
        let i = Exogenous::at(m as i32);
        // Step 3: capacity.
        // Withdrawn capacity is subtracted from the sums: clear rounding below zero.
        let it_gw = (self.procured_gw[m] + totals.gw[m]).max(0.0);
        let lease_pay = (self.procured_payment[m] + totals.payment[m]).max(0.0);
        self.depreciation[m] = totals.depreciation[m].max(0.0);
        self.colo[m] = totals.colo[m].max(0.0);
        self.capex[m] = totals.capex[m].max(0.0);
        self.owned_gw[m] = totals.owned_gw[m].max(0.0);
        self.debt_financed_hw[m] = totals.debt_financed_hw[m].max(0.0);
        let c = (totals.h100e[m] + self.procured_h100e[m]).max(0.0);
        self.it_gw[m] = it_gw;
        self.h100e[m] = c;
        self.lease_payments[m] = lease_pay;

        // Step 4: allocation (spec B6, v2 §3): inference first, then training up to its appetite.
        let d_inf = exo.d_inf[i];
        let c_inf = d_inf.min(c * (1.0 - p[P::TrainFloor]));
        let c_train = (c - c_inf).min(exo.d_train[i]).max(0.0);
        let phi = if d_inf > 0.0 {
            (c_inf / d_inf).min(1.0)
        } else {
            1.0
        };
        self.c_inf[m] = c_inf;
        self.c_train[m] = c_train;
        self.idle[m] = (c - c_inf - c_train).max(0.0);
        self.phi[m] = phi;
        self.tokens_served[m] = phi * (exo.chat_tokens[i] + exo.api_tokens[i]);

        // Revenue (spec C).
        let potentials = [
            exo.rev_sub[i],
            exo.rev_biz[i],
            exo.rev_api[i],
            exo.rev_ads[i],
            exo.rev_other[i],
        ];
        let mut revenue = 0.0;
        for (k, pot) in potentials.iter().enumerate() {
            let realised = if phi >= 1.0 {
                *pot
            } else {
                pot * phi.pow_portable(betas[k])
            };
            self.streams[k][m] = realised;
            revenue += realised;
        }
        self.revenue[m] = revenue;

        // Costs (spec A9, D, v2 §6).
        self.power[m] = self.owned_gw[m] * energy_usd_b_per_gw_month;
        self.dc_opex[m] = self.owned_gw[m] * p[P::DcOpexPerGwYear] / 12.0;
        let k = lease_pay + self.depreciation[m] + self.colo[m] + self.power[m] + self.dc_opex[m];
        self.compute_cost[m] = k;
        let (k_inf, k_train) = if c > 0.0 {
            (k * c_inf / c, k * c_train / c)
        } else {
            (0.0, 0.0)
        };
        self.k_inf[m] = k_inf;
        self.k_train[m] = k_train;
        self.k_idle[m] = k - k_inf - k_train;
        self.rev_share[m] = exo.rs_net[i] * revenue;
        if amended && m >= RS_AMENDED_FROM.0 as usize {
            self.rev_share[m] =
                self.rev_share[m].min((p[P::RsAmendedCap] - *rs_amended_paid).max(0.0));
            *rs_amended_paid += self.rev_share[m];
        }
        self.other_cogs[m] =
            p[P::OtherCogsRate] * revenue + p[P::OtherRevCogsRate] * self.streams[OTHER_STREAM][m];
        // Competition (spec v2 §6): when serving gets so cheap that the margin would pass the ceiling, rivals
        // and open-weight models take the difference, so prices (every stream alike) fall until it holds.
        let cost_of_revenue = k_inf + self.rev_share[m] + self.other_cogs[m];
        // (Serving that costs nothing at all, a degenerate input, is left alone rather than priced at zero.)
        if k_inf > 0.0 && cost_of_revenue < (1.0 - GROSS_MARGIN_CEILING) * revenue {
            let rs_rate = self.rev_share[m] / revenue;
            let other = self.streams[OTHER_STREAM][m];
            let room = revenue * (1.0 - GROSS_MARGIN_CEILING - rs_rate - p[P::OtherCogsRate])
                - p[P::OtherRevCogsRate] * other;
            // The factor that brings the margin to the ceiling: k_inf + (rates) × f × revenue = (1 − ceiling)
            // × f × revenue. Room is positive here (the margin exceeds the ceiling with k_inf ≥ 0).
            let f = (k_inf / room).clamp(0.0, 1.0);
            for stream in &mut self.streams {
                stream[m] *= f;
            }
            revenue *= f;
            if amended && m >= RS_AMENDED_FROM.0 as usize {
                *rs_amended_paid -= self.rev_share[m] * (1.0 - f);
            }
            self.rev_share[m] *= f;
            self.other_cogs[m] = p[P::OtherCogsRate] * revenue
                + p[P::OtherRevCogsRate] * self.streams[OTHER_STREAM][m];
            self.revenue[m] = revenue;
        }
        self.personnel[m] = exo.personnel[i];
        self.sbc[m] = exo.sbc[i];
        self.sm_cash[m] = exo.sm_rate[i] * revenue;
        self.ga_cash[m] = ga_floor_per_month.max(exo.ga_rate[i] * revenue);
        self.noncash[m] = exo.noncash_compute[i];
        let cost_of_revenue = k_inf + self.rev_share[m] + self.other_cogs[m];
        let opex = self.k_train[m]
            + self.k_idle[m]
            + self.personnel[m]
            + self.sbc[m]
            + self.sm_cash[m]
            + self.ga_cash[m];
        self.ebit[m] = revenue - cost_of_revenue - opex;
        self.operating_burn[m] =
            -(self.ebit[m] + self.depreciation[m] + self.sbc[m] + self.noncash[m] - self.capex[m]);

        revenue
    }

    /// Signs `lease` in month `signed`, running from `start` for `term` months (cut at the schedule's end).
    fn sign(&mut self, signed: usize, start: usize, term: usize, lease: Lease) {
        let len = self.procured_gw.len();
        let end = (start + term).min(len);
        let monthly = lease.h100e * lease.price_per_h100e_hr * HOURS_PER_MONTH / 1e9;
        // Whole-slice loops (vectorised) rather than one loop over several arrays.
        for x in &mut self.procured_gw[start..end] {
            *x += lease.gw;
        }
        for x in &mut self.procured_h100e[start..end] {
            *x += lease.h100e;
        }
        for x in &mut self.procured_payment[start..end] {
            *x += monthly;
        }
        if lease.renewed_gw > 0.0 && !self.renewed_gw.is_empty() {
            for x in &mut self.renewed_gw[start..end] {
                *x += lease.renewed_gw;
            }
        }
        if end < len {
            self.procured_retired_gw[end] += lease.gw;
        }
        self.procured_added_gw[start] += lease.gw;
        self.procured_signed_value[signed] += monthly * (end - start) as f64;
        self.signings.push(Signing {
            signed,
            start,
            end,
            monthly_usd_b: monthly,
        });
    }

    /// For each month m of the horizon, the payments in months m + 1..m + 13 of the procured leases signed by
    /// month m.
    pub fn procured_payments_next_twelve(&self, horizon: usize) -> Scratch {
        let payment = &self.procured_payment;
        let len = payment.len();
        // The twelve months' payments, for all months whose window lies within the schedules at once.
        let whole = horizon.min(len.saturating_sub(12));
        let mut out = next_twelve_sums(payment, whole);
        // Months whose window runs past the schedules (none in a run: they reach well past the horizon).
        for m in whole..horizon {
            let to = (m + 13).min(len);
            out.push(payment[(m + 1).min(to)..to].iter().sum());
        }
        // Subtract leases signed after m that already pay inside the window. Signings are in month order and
        // start at the earliest the month after they are signed, so only those signed before `to - 1` count.
        // A window ends by month m + 13 and a lease signed after m starts inside it only if it starts less than
        // twelve months after its signing (a re-let, a lead time under a year): only those are looked at, in the
        // same order (most leases start a lead time of a year or more after signing, and never count).
        let early: Vec<&Signing> = self
            .signings
            .iter()
            .filter(|s| s.start < s.signed + 12)
            .collect();
        let mut after_m = 0;
        for (m, next_twelve) in out.iter_mut().enumerate() {
            let (from, to) = (m + 1, (m + 13).min(len));
            while early.get(after_m).is_some_and(|s| s.signed <= m) {
                after_m += 1;
            }
            let later: f64 = early[after_m..]
                .iter()
                .take_while(|s| s.signed + 1 < to)
                .filter(|s| s.start < to)
                .map(|s| s.monthly_usd_b * (s.end.min(to).saturating_sub(s.start.max(from))) as f64)
                .sum();
            *next_twelve = (*next_twelve - later).max(0.0);
        }
        out
    }

    /// Inference compute + revenue share + other cost of revenue in month m, $B.
    pub fn cost_of_revenue(&self, m: usize) -> f64 {
        self.k_inf[m] + self.rev_share[m] + self.other_cogs[m]
    }

    /// Gross profit ÷ revenue in month m (0 without revenue).
    #[inline]
    pub fn gross_margin(&self, m: usize) -> f64 {
        let revenue = self.revenue[m];
        if revenue > 0.0 {
            (revenue - self.cost_of_revenue(m)) / revenue
        } else {
            0.0
        }
    }

    /// Writes the operating series into the run's output (empty series with room for the horizon), one column
    /// at a time, appended whole: every loop runs over whole slices (no bounds check per month, vectorised),
    /// with each value's expression as the model writes it.
    pub fn fill(&self, out: &mut Series, p: &Params, exo: &Exogenous, cap: &Capacity) {
        let h = self.horizon;
        fn now(column: &[f64], h: usize) -> &[f64] {
            &column[BACK..BACK + h]
        }
        let (pue, util_power, power_price) = (p[P::Pue], p[P::UtilPower], p[P::PowerPrice]);
        let paid_token_share = p[P::PaidTokenShare];
        let sbc_shares = (0.7, 0.2, 0.1);
        let copies: [(&mut Vec<f64>, &[f64]); 23] = [
            (&mut out.revenue_usd_b, &self.revenue),
            (&mut out.revenue_subscriptions_usd_b, &self.streams[0]),
            (&mut out.revenue_business_usd_b, &self.streams[1]),
            (&mut out.revenue_api_usd_b, &self.streams[2]),
            (&mut out.revenue_ads_usd_b, &self.streams[3]),
            (&mut out.revenue_other_usd_b, &self.streams[4]),
            (&mut out.weekly_users, now(&exo.wau, h)),
            (&mut out.paid_subscribers, now(&exo.subs, h)),
            (&mut out.business_seats, now(&exo.seats, h)),
            (&mut out.tokens_served, &self.tokens_served),
            (&mut out.it_gw, &self.it_gw),
            (&mut out.announced_gw, &cap.announced_gw),
            (&mut out.h100e, &self.h100e),
            (&mut out.inference_demand_h100e, now(&exo.d_inf, h)),
            (&mut out.training_h100e, &self.c_train),
            (&mut out.idle_h100e, &self.idle),
            (&mut out.demand_coverage, &self.phi),
            (&mut out.procured_gw, &self.procured_gw),
            (&mut out.compute_cost_usd_b, &self.compute_cost),
            (&mut out.inference_cost_usd_b, &self.k_inf),
            (&mut out.training_cost_usd_b, &self.k_train),
            (&mut out.idle_cost_usd_b, &self.k_idle),
            (&mut out.rev_share_usd_b, &self.rev_share),
        ];
        for (to, from) in copies {
            to.extend_from_slice(&from[..h]);
        }
        out.sbc_usd_b.extend_from_slice(&self.sbc[..h]);
        out.operating_income_usd_b
            .extend_from_slice(&self.ebit[..h]);
        out.capex_usd_b.extend_from_slice(&self.capex[..h]);
        out.power_cost_usd_b.extend_from_slice(&self.power[..h]);
        out.market_lease_price_usd_per_h100e_hour
            .extend_from_slice(now(&exo.mkt_price_per_h100e_hr, h));

        let (revenue, gw, c) = (&self.revenue[..h], &self.it_gw[..h], &self.h100e[..h]);
        let per = |x: f64, c: f64| if c > 0.0 { x / c } else { 0.0 };
        map(&mut out.arr_usd_b, revenue, |r| 12.0 * r);
        map(&mut out.facility_gw, gw, |g| g * pue);
        let mut gw_per_h100e = Scratch::with_capacity(h);
        gw_per_h100e.extend(gw.iter().zip(c).map(|(g, c)| per(*g, *c)));
        map2(
            &mut out.inference_demand_gw,
            now(&exo.d_inf, h),
            &gw_per_h100e,
            |d, k| d * k,
        );
        map2(
            &mut out.training_gw,
            &self.c_train,
            &gw_per_h100e,
            |t, k| t * k,
        );
        map2(&mut out.idle_gw, &self.idle, &gw_per_h100e, |i, k| i * k);
        out.utilisation
            .extend((0..h).map(|m| per(self.c_inf[m] + self.c_train[m], c[m])));
        out.compute_payments_usd_b.extend((0..h).map(|m| {
            self.lease_payments[m] + self.colo[m] + self.power[m] + self.dc_opex[m] + self.capex[m]
        }));
        out.cost_of_revenue_usd_b
            .extend((0..h).map(|m| self.cost_of_revenue(m)));
        map2(
            &mut out.gross_profit_usd_b,
            revenue,
            &out.cost_of_revenue_usd_b,
            |r, cor| r - cor,
        );
        out.gross_margin
            .extend((0..h).map(|m| self.gross_margin(m)));
        out.compute_margin.extend((0..h).map(|m| {
            let paid_revenue = revenue[m] - self.streams[3][m];
            if paid_revenue > 0.0 {
                (paid_revenue - self.k_inf[m] * paid_token_share) / paid_revenue
            } else {
                0.0
            }
        }));
        out.rnd_usd_b.extend((0..h).map(|m| {
            self.k_train[m] + self.k_idle[m] + self.personnel[m] + self.sbc[m] * sbc_shares.0
        }));
        map2(&mut out.sm_usd_b, &self.sm_cash, &self.sbc, |cash, sbc| {
            cash + sbc * sbc_shares.1
        });
        map2(&mut out.ga_usd_b, &self.ga_cash, &self.sbc, |cash, sbc| {
            cash + sbc * sbc_shares.2
        });
        out.ebitda_usd_b
            .extend((0..h).map(|m| self.ebit[m] + self.depreciation[m] + self.sbc[m]));
        let per_mtok = |cost: f64, tokens: f64| {
            let tokens_m = tokens / 1e6;
            if tokens_m > 0.0 {
                cost * 1e9 / tokens_m
            } else {
                0.0
            }
        };
        map2(
            &mut out.cost_per_mtok_usd,
            &self.k_inf,
            &self.tokens_served,
            per_mtok,
        );
        map2(
            &mut out.revenue_per_mtok_usd,
            revenue,
            &self.tokens_served,
            per_mtok,
        );
        map2(
            &mut out.cost_per_h100e_hour_usd,
            &self.compute_cost,
            c,
            |cost, c| {
                if c > 0.0 {
                    cost * 1e9 / (c * HOURS_PER_MONTH)
                } else {
                    0.0
                }
            },
        );
        map2(&mut out.arr_per_gw_usd_b, revenue, gw, |r, g| {
            if g > 0.0 {
                12.0 * r / g
            } else {
                0.0
            }
        });
        map(&mut out.energy_twh_per_year, gw, |g| {
            g * pue * 8.76 * util_power
        });
        map(
            &mut out.fleet_electricity_usd_b,
            &out.energy_twh_per_year,
            |e| e * power_price / 1000.0 / 12.0,
        );
    }

    /// Delivered GW per counterparty (nonzero ones), procured leases last.
    pub fn by_counterparty(&self, cap: &Capacity) -> Vec<NamedSeries> {
        let h = self.horizon;
        let mut out: Vec<NamedSeries> = Vec::new();
        // Summed in a reused buffer: only the columns kept become vectors of the run.
        let mut values = Scratch::zeros(h);
        for cp in Counterparty::ALL {
            if cp == Counterparty::Market {
                values.copy_from_slice(&self.procured_gw[..h]);
            } else if !cap.schedules.iter().any(|s| s.counterparty == cp) {
                // Nothing delivered: all zero, not shown.
                continue;
            } else {
                values.fill(0.0);
                for s in cap.schedules.iter().filter(|s| s.counterparty == cp) {
                    add_active(&mut values, s, s.gw());
                }
            }
            if values.iter().any(|v| *v > 0.0) {
                out.push(NamedSeries {
                    name: kept_string(cp.label()),
                    values: output_copy(&values),
                });
            }
        }
        out
    }

    /// Delivered GW per chip vendor (procured leases count as NVIDIA).
    pub fn by_vendor(&self, cap: &Capacity) -> Vec<NamedSeries> {
        let mut out = Vec::new();
        // Summed in a reused buffer: only the columns kept become vectors of the run.
        let mut values = Scratch::zeros(self.horizon);
        for v in ChipVendor::ALL {
            if v != ChipVendor::Nvidia && !cap.schedules.iter().any(|s| s.vendor == v) {
                // Nothing delivered: all zero, not shown.
                continue;
            }
            values.fill(0.0);
            for s in cap.schedules.iter().filter(|s| s.vendor == v) {
                add_active(&mut values, s, s.gw());
            }
            if v == ChipVendor::Nvidia {
                for (x, g) in values.iter_mut().zip(&self.procured_gw) {
                    *x += g;
                }
            }
            if values.iter().any(|x| *x > 0.0) {
                out.push(NamedSeries {
                    name: kept_string(v.label()),
                    values: output_copy(&values),
                });
            }
        }
        out
    }

    /// Cost per million tokens on each vendor's capacity (spec §6.4): its payments, depreciation and hosting
    /// per H100e-hour, over the tokens an H100e serves in an hour. Procured leases count as NVIDIA.
    pub fn cost_per_mtok_by_vendor(&self, cap: &Capacity, exo: &Exogenous) -> Vec<NamedSeries> {
        let h = self.horizon;
        // What an H100e serves in an hour, in tokens and in millions of tokens: the same for every vendor.
        let eta = &exo.eta[Exogenous::at(0)..Exogenous::at(h as i32)];
        let mut tokens_per_h100e_hour = Scratch::with_capacity(h);
        tokens_per_h100e_hour.extend(eta.iter().map(|eta| eta * 3600.0));
        let mut mtok_per_h100e_hour = Scratch::with_capacity(h);
        mtok_per_h100e_hour.extend(tokens_per_h100e_hour.iter().map(|tokens| tokens / 1e6));
        // One vendor at a time in reused buffers (not vectors of the run).
        let (mut cost, mut h100e) = (Scratch::zeros(h), Scratch::zeros(h));
        // Whole-slice sums (vectorised); arrays a schedule's kind doesn't use are empty.
        let add = |into: &mut [f64], from: &[f64]| {
            for (x, y) in into.iter_mut().zip(from) {
                *x += y;
            }
        };
        let mut out = Vec::new();
        for (v, vendor) in ChipVendor::ALL.iter().enumerate() {
            // Procured leases count as the first vendor's (NVIDIA); a vendor without capacity shows nothing.
            let procured = v == 0;
            let mut schedules = cap
                .schedules
                .iter()
                .filter(|s| s.vendor == *vendor)
                .peekable();
            if schedules.peek().is_none() && !procured {
                continue;
            }
            cost.fill(0.0);
            h100e.fill(0.0);
            // Each schedule's columns in schedule order, as the sums always ran.
            for s in schedules {
                add_active(&mut cost, s, s.payment());
                add_active(&mut cost, s, s.depreciation());
                add_active(&mut cost, s, s.colo());
                add_active(&mut h100e, s, s.h100e());
            }
            if procured {
                add(&mut cost, &self.procured_payment[..h]);
                add(&mut h100e, &self.procured_h100e[..h]);
            }
            if !h100e.iter().any(|h| *h > 0.0) {
                continue;
            }
            let per_token = tokens_per_h100e_hour.iter().zip(mtok_per_h100e_hour.iter());
            let values = cost.iter().zip(h100e.iter()).zip(per_token).map(
                |((cost, h100e), (tokens, mtok))| {
                    if *h100e > 0.0 && *tokens > 0.0 {
                        cost * 1e9 / (h100e * HOURS_PER_MONTH) / mtok
                    } else {
                        0.0
                    }
                },
            );
            out.push(NamedSeries {
                name: kept_string(vendor.label()),
                values: output_from(values),
            });
        }
        out
    }
}

/// The share of next-twelve-month revenue the lab will spend on training leases, decided in `month`:
/// `train_cap_share` through 2030 (the build-out), then linearly to `train_cap_share_2035` by the end of 2035
/// and flat after, as a maturing lab's R&D settles toward a sustainable share of revenue.
fn train_cap_share(p: &Params, month: Month) -> f64 {
    let (from, to) = (Month::from_ym(2030, 12), Month::from_ym(2035, 12));
    let progress = f64::from(month.0 - from.0) / f64::from(to.0 - from.0);
    super::exogenous::lerp(p[P::TrainCapShare], p[P::TrainCapShare2035], progress)
}

/// For each i in `0..n`, the sum of `values[i + 1..=i + 12]` (`values` is at least n + 12 long), added in index
/// order as `Iterator::sum` adds them (from −0.0, which leaves the first value as it is), for every i at once:
/// the sums are independent, so they vectorise, instead of each being a chain of twelve dependent additions
/// that the month's later work waits for.
fn next_twelve_sums(values: &[f64], n: usize) -> Scratch {
    let mut out = Scratch::with_capacity(n);
    if n > 0 {
        out.extend_from_slice(&values[1..n + 1]);
        for k in 2..=12 {
            for (sum, x) in out.iter_mut().zip(&values[k..k + n]) {
                *sum += x;
            }
        }
    }
    out
}

/// `totals[t] += column[t]` over schedule `s`'s active months within both (an empty column adds nothing). The
/// column is +0 outside them, and a total that starts at +0 never becomes −0 (a sum is −0 only when both terms
/// are), so adding those zeros would change no total: they are skipped.
fn add_active(totals: &mut [f64], s: &Schedule, column: &[f64]) {
    let active = s.active();
    let end = active.end.min(totals.len()).min(column.len());
    let months = active.start.min(end)..end;
    for (total, x) in totals[months.clone()].iter_mut().zip(&column[months]) {
        *total += x;
    }
}

/// Appends `f(a[m])` to `out` for each m of `a`.
fn map(out: &mut Vec<f64>, a: &[f64], f: impl Fn(f64) -> f64) {
    out.extend(a.iter().map(|a| f(*a)));
}

/// Appends `f(a[m], b[m])` to `out` for each m of both.
fn map2(out: &mut Vec<f64>, a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) {
    out.extend(a.iter().zip(b).map(|(a, b)| f(*a, *b)));
}
