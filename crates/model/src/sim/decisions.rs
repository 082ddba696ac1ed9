//! The decisions of the monthly loop (MODEL-SPEC-V2 §4, §5): which option steps are confirmed, deferred or
//! lapse, and how the lab responds to distress (renegotiated deliveries, arrears, default). State and records
//! only; `operations::run` calls these in the month's order.

use super::capacity::{Capacity, Tranche};
use super::outputs::Outputs;
use super::scratch::Scratch;
use crate::deals::{Contract, ContractStatus, Counterparty, Pricing};
use crate::params::{ParamId as P, Params};
use crate::reuse::{kept_string, string_with_capacity};
use crate::run::{DecisionEvent, DecisionKind, NamedSeries, TrancheOutcome, TrancheStatus};
use crate::Month;
use std::fmt::Write;

/// Where an option step stands while the loop runs.
#[derive(Clone, Copy, Debug)]
pub struct TrancheState {
    pub status: TrancheStatus,
    /// Month of the next need and affordability test.
    pub next_test: usize,
    /// Months the step has been deferred so far (its deliveries move by as much).
    pub shift: usize,
    pub decided: Option<usize>,
}

/// The counterparties in output order, and the index of one.
fn cp_index(c: Counterparty) -> usize {
    Counterparty::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// Everything the loop decides, month by month.
/// Capacity a default withdraws from next month on.
#[derive(Clone, Copy, Debug)]
pub struct Withdrawn {
    pub gw: f64,
    pub h100e: f64,
}

pub struct Decisions {
    pub tranches: Vec<TrancheState>,
    /// The decisions as events, for a single run's annotations (none when only the fans are computed).
    pub events: Vec<DecisionEvent>,
    /// Whether `events` are recorded.
    record_events: bool,
    /// GW of option steps confirmed, deferred and lapsed, per month (empty when only the fans are computed).
    pub confirmed_gw: Scratch,
    pub deferred_gw: Scratch,
    pub lapsed_gw: Scratch,
    pub distress_stage: Scratch,
    pub arrears: Scratch,
    pub defaulted: Scratch,
    pub penalty: Scratch,
    /// Arrears owed per schedule (index into `cap.schedules`; the last slot is procured leases).
    owed: Vec<f64>,
    /// Month each schedule's current arrears began.
    owed_since: Vec<usize>,
    /// Whether a schedule's deliveries were already renegotiated (once per contract) or can no longer be (its
    /// contract defaulted).
    renegotiated: Vec<bool>,
    /// Per schedule, the last month with a delivery, once looked up (`None` until then). A schedule's
    /// deliveries change only when it is renegotiated or truncated by a default, and either marks it in
    /// `renegotiated`, so the cached month of every schedule still considered stays true.
    last_delivery: Vec<Option<Option<usize>>>,
    /// Arrears (+ accrued, − repaid) per month and counterparty, for the ledger.
    pub arrears_flows: Vec<(usize, Counterparty, f64)>,
    /// Penalties per month and counterparty, for the ledger.
    pub penalty_flows: Vec<(usize, Counterparty, f64)>,
    /// `unpaid_now` and `lapsed_value_now` as recorded in each month either changed, in month order: they
    /// change in a few months of a run, and only a single run's detail reads them month by month
    /// ([`Decisions::exposure`]), so the loop does not write eleven values a month twice.
    stock_changes: Vec<(usize, [f64; 11], [f64; 11])>,
    /// Whether `unpaid_now` or `lapsed_value_now` changed since the last month recorded.
    stocks_changed: bool,
    /// Arrears + defaulted value per counterparty (stock).
    unpaid_now: [f64; 11],
    defaulted_now: [f64; 11],
    /// Lapsed announced value per counterparty (cumulative).
    lapsed_value_now: [f64; 11],
    defaulted_total: f64,
    stage_now: u8,
    /// Whether a step changed status this month (the stocks by status are recounted only then).
    decided_this_month: bool,
}

/// What a lapsed step would have paid its supplier, $B: hardware for purchases, lease payments over the
/// contract's term for leases.
fn step_value(c: &Contract, gw: f64, p: &Params) -> f64 {
    match c.pricing {
        Pricing::Purchase {
            vendor_content_usd_b_per_gw,
            other_it_usd_b_per_gw,
            ..
        } => gw * (vendor_content_usd_b_per_gw + other_it_usd_b_per_gw) * p[P::HwPriceMult],
        _ => {
            let months = match (c.end, c.ramp.first()) {
                (Some(e), Some(first)) => (e.0 - first.month.0).max(12) as f64,
                _ => p[P::RenewTermMonths],
            };
            gw * crate::pricing::lease_price_per_gw_month(c) * months
        }
    }
}

impl Decisions {
    /// Every step of `cap` pending, first tested `confirm_lead_months` before its first delivery and never
    /// before the month after observed history.
    pub fn new(cap: &Capacity, p: &Params, horizon: usize, outputs: Outputs) -> Decisions {
        let z = || Scratch::zeros(horizon);
        let by_status = || Scratch::zeros(if outputs == Outputs::All { horizon } else { 0 });
        let lead = p[P::ConfirmLeadMonths].round() as usize;
        let first_decision = crate::HISTORY_END.0 as usize + 1;
        Decisions {
            tranches: cap
                .tranches
                .iter()
                .map(|t| TrancheState {
                    status: TrancheStatus::Pending,
                    next_test: t.first.saturating_sub(lead).max(first_decision),
                    shift: 0,
                    decided: None,
                })
                .collect(),
            events: Vec::new(),
            record_events: outputs == Outputs::All,
            confirmed_gw: by_status(),
            deferred_gw: by_status(),
            lapsed_gw: by_status(),
            distress_stage: z(),
            arrears: z(),
            defaulted: z(),
            penalty: z(),
            owed: Vec::new(),
            owed_since: Vec::new(),
            renegotiated: Vec::new(),
            last_delivery: Vec::new(),
            arrears_flows: Vec::new(),
            penalty_flows: Vec::new(),
            stock_changes: Vec::new(),
            stocks_changed: false,
            unpaid_now: [0.0; 11],
            defaulted_now: [0.0; 11],
            lapsed_value_now: [0.0; 11],
            defaulted_total: 0.0,
            stage_now: 0,
            decided_this_month: false,
        }
    }

    /// The distress stage of the last month recorded (0 before the first).
    pub fn stage(&self) -> u8 {
        self.stage_now
    }

    /// Records an event (its subject is written only when events are recorded).
    fn event(
        &mut self,
        m: usize,
        kind: DecisionKind,
        subject: impl FnOnce() -> String,
        amount: f64,
    ) {
        if !self.record_events {
            return;
        }
        self.events.push(DecisionEvent {
            month: Month(m as i32),
            kind,
            subject: subject(),
            amount,
        });
    }

    /// Records a confirmed step.
    pub fn confirm(&mut self, j: usize, m: usize, c: &Contract, gw: f64) {
        self.decided_this_month = true;
        let t = &mut self.tranches[j];
        t.status = TrancheStatus::Confirmed;
        t.decided = Some(m);
        self.event(m, DecisionKind::OptionConfirmed, || kept_string(&c.id), gw);
    }

    /// Records a failed test: the step is deferred, or lapses once deferred beyond `max_defer_months`.
    pub fn defer_or_lapse(&mut self, j: usize, m: usize, c: &Contract, gw: f64, p: &Params) {
        let defer = p[P::DeferMonths].round().max(1.0) as usize;
        let max_defer = p[P::MaxDeferMonths].round().max(0.0) as usize;
        self.decided_this_month = true;
        let t = &mut self.tranches[j];
        if t.shift + defer > max_defer {
            t.status = TrancheStatus::Lapsed;
            t.decided = Some(m);
            self.lapsed_value_now[cp_index(c.counterparty)] += step_value(c, gw, p);
            self.stocks_changed = true;
            self.event(m, DecisionKind::OptionLapsed, || kept_string(&c.id), gw);
        } else {
            let first_deferral = t.status != TrancheStatus::Deferred;
            t.status = TrancheStatus::Deferred;
            t.shift += defer;
            t.next_test = m + defer;
            if first_deferral {
                self.event(m, DecisionKind::OptionDeferred, || kept_string(&c.id), gw);
            }
        }
    }

    /// Distress step 2 (spec v2 §5): defers the undelivered binding capacity of one contract, the one with
    /// the latest deliveries, by `renegotiate_defer_months`, at a penalty on the payments deferred. Returns
    /// the penalty ($B), or `None` when nothing is left to renegotiate.
    pub fn renegotiate(
        &mut self,
        m: usize,
        cap: &mut Capacity,
        contracts: &[Contract],
        chips: &[crate::deals::ChipGen],
        p: &Params,
    ) -> Option<f64> {
        let defer = p[P::RenegotiateDeferMonths].round().max(0.0) as usize;
        if defer == 0 {
            return None;
        }
        let len = cap.len();
        self.renegotiated.resize(cap.schedules.len(), false);
        self.last_delivery.resize(cap.schedules.len(), None);
        let mut latest: Option<(usize, usize)> = None;
        for (q, s) in cap.schedules.iter().enumerate() {
            if self.renegotiated[q] || s.status != ContractStatus::Binding {
                continue;
            }
            let last = *self.last_delivery[q]
                .get_or_insert_with(|| s.added_gw().iter().rposition(|a| *a > 1e-9));
            // Deliveries after m only; the latest wins, the last schedule among equals.
            if let Some(t) = last.filter(|t| *t > m) {
                if latest.is_none_or(|(_, best)| t >= best) {
                    latest = Some((q, t));
                }
            }
        }
        let (q, _) = latest?;
        self.renegotiated[q] = true;
        let k = cap.schedules[q].contract;
        let c = &contracts[k];
        // The schedule's own delivered cumulative GW, held at its level of month m for `defer` months.
        let old = &cap.schedules[q];
        let mut r = Scratch::zeros(len + 1);
        let mut level = 0.0;
        let initial: f64 = old.gw()[0] - old.added_gw()[0];
        r[0] = initial.max(0.0);
        for t in 0..len {
            level += old.added_gw()[t];
            r[t + 1] = r[0] + level;
        }
        let at_m = r[m + 1];
        let mut shifted = Scratch::zeros(len + 1);
        for i in 0..=len {
            shifted[i] = if i <= m + 1 {
                r[i]
            } else {
                at_m.max(r[i.saturating_sub(defer)])
            };
        }
        let new = cap.build(
            c,
            k,
            &shifted,
            chips,
            p,
            defer as i32,
            old.signed,
            old.status,
        );
        let deferred: f64 = old
            .owed_over(m + 1..len)
            .zip(new.owed_over(m + 1..len))
            .map(|(before, after)| (before - after).max(0.0))
            .sum();
        let penalty = p[P::RenegotiatePenalty] * deferred;
        let old = std::mem::replace(&mut cap.schedules[q], new);
        let signed_binding = !super::capacity::is_option(c);
        cap.totals.add(&old, m + 1, -1.0, signed_binding);
        cap.totals
            .add(&cap.schedules[q], m + 1, 1.0, signed_binding);
        self.penalty[m] += penalty;
        self.penalty_flows.push((m, c.counterparty, penalty));
        self.event(
            m,
            DecisionKind::Renegotiated,
            || kept_string(&c.id),
            penalty,
        );
        Some(penalty)
    }

    /// Distress step 3: `unpaid` of this month's bills becomes arrears, owed to the newest contracts first and
    /// procured leases (`procured_owed`) last, each up to what it was owed in month m. More than the month's
    /// bills (a shortfall from other costs) stays with the newest.
    pub fn accrue_arrears(&mut self, m: usize, unpaid: f64, cap: &Capacity, procured_owed: f64) {
        let n = cap.schedules.len();
        self.owed.resize(n + 1, 0.0);
        self.owed_since.resize(n + 1, m);
        if unpaid <= 0.0 {
            return;
        }
        // The newest contracts go unpaid first; market leases, which serve today's customers and are signed
        // month by month, are paid last.
        let mut order: Vec<usize> = (0..=n).collect();
        crate::sort::sort_by_key(&mut order, |&q| {
            std::cmp::Reverse(if q < n {
                cap.schedules[q].signed.0
            } else {
                i32::MIN
            })
        });
        let mut left = unpaid;
        let mut by_cp = [0.0; 11];
        let mut owe = |q: usize, amount: f64, cp: Counterparty| {
            if self.owed[q] <= 0.0 {
                self.owed_since[q] = m;
            }
            self.owed[q] += amount;
            by_cp[cp_index(cp)] += amount;
        };
        let due = |q: usize| {
            if q < n {
                (cap.schedules[q].owed_at(m), cap.schedules[q].counterparty)
            } else {
                (procured_owed, Counterparty::Market)
            }
        };
        for &q in &order {
            let (bill, cp) = due(q);
            if bill <= 0.0 || left <= 0.0 {
                continue;
            }
            let share = bill.min(left);
            left -= share;
            owe(q, share, cp);
        }
        if left > 0.0 {
            // Beyond this month's bills: the newest supplier billed carries the rest.
            let q = order.iter().copied().find(|&q| due(q).0 > 0.0).unwrap_or(n);
            owe(q, left, due(q).1);
        }
        for (i, amount) in by_cp.iter().enumerate() {
            if *amount > 0.0 {
                self.arrears_flows.push((m, Counterparty::ALL[i], *amount));
                self.unpaid_now[i] += amount;
                self.stocks_changed = true;
            }
        }
        self.event(
            m,
            DecisionKind::Arrears,
            || kept_string("suppliers"),
            unpaid,
        );
    }

    /// Pays arrears back with `available` cash, oldest counterparty shares pro rata. Returns what was paid.
    pub fn repay_arrears(&mut self, m: usize, available: f64, cap: &Capacity) -> f64 {
        let total: f64 = self.owed.iter().sum();
        if total <= 0.0 || available <= 0.0 {
            return 0.0;
        }
        let pay = available.min(total);
        let n = cap.schedules.len();
        let mut by_cp = [0.0; 11];
        for q in 0..self.owed.len() {
            let part = self.owed[q] * pay / total;
            self.owed[q] -= part;
            let cp = if q < n {
                cap.schedules[q].counterparty
            } else {
                Counterparty::Market
            };
            by_cp[cp_index(cp)] += part;
        }
        for (i, amount) in by_cp.iter().enumerate() {
            if *amount > 0.0 {
                self.arrears_flows.push((m, Counterparty::ALL[i], -amount));
                self.unpaid_now[i] -= amount;
                self.stocks_changed = true;
            }
        }
        pay
    }

    /// A contract in arrears for `default_after_months` defaults (at most one a month): their arrears and remaining payments are
    /// written off and the supplier withdraws the capacity from month m + 1. `procured` are the procured
    /// lease columns (capacity, H100e, payments), withdrawn whole when procured leases default.
    pub fn defaults(
        &mut self,
        m: usize,
        cap: &mut Capacity,
        contracts: &[Contract],
        p: &Params,
        inference_need: f64,
        procured: [&mut [f64]; 3],
    ) -> Option<Withdrawn> {
        let after = p[P::DefaultAfterMonths].round().max(1.0) as usize;
        let n = cap.schedules.len();
        let [procured_gw, procured_h100e, procured_payment] = procured;
        // One contract a month, the one owed most: a default frees the lab of that contract's payments, and
        // the others may then be paid back.
        // Suppliers withdraw first what serving does not need: a contract whose capacity the fleet can lose
        // while still covering `inference_need` (H100e next month), else the one owed most.
        let fleet_next = cap.totals.h100e.get(m + 1).copied().unwrap_or(0.0)
            + procured_h100e.get(m + 1).copied().unwrap_or(0.0);
        let h100e_next = |q: usize| {
            if q < n {
                cap.schedules[q].h100e().get(m + 1).copied().unwrap_or(0.0)
            } else {
                procured_h100e.get(m + 1).copied().unwrap_or(0.0)
            }
        };
        let overdue = || {
            (0..self.owed.len().min(n + 1))
                .filter(|&q| self.owed[q] > 1e-12 && m >= self.owed_since[q] + after)
        };
        let most_owed = |a: &usize, b: &usize| self.owed[*a].total_cmp(&self.owed[*b]);
        let due = overdue()
            .filter(|&q| fleet_next - h100e_next(q) >= inference_need)
            .max_by(most_owed)
            .or_else(|| overdue().max_by(most_owed));
        let q = due?;
        let withdrawn = Withdrawn {
            gw: if q < n {
                cap.schedules[q].gw().get(m + 1).copied().unwrap_or(0.0)
            } else {
                procured_gw.get(m + 1).copied().unwrap_or(0.0)
            },
            h100e: h100e_next(q),
        };
        {
            let (remaining, cp, contract) = if q < n {
                let s = &cap.schedules[q];
                let remaining: f64 = s.owed_over(m + 1..cap.len()).sum();
                (remaining, s.counterparty, Some(s.contract))
            } else {
                let remaining: f64 = procured_payment[(m + 1).min(procured_payment.len())..]
                    .iter()
                    .sum();
                (remaining, Counterparty::Market, None)
            };
            let subject =
                || kept_string(contract.map_or("new leases", |k| contracts[k].id.as_str()));
            if q < n {
                let signed_binding =
                    !super::capacity::is_option(&contracts[cap.schedules[q].contract]);
                cap.totals
                    .add(&cap.schedules[q], m + 1, -1.0, signed_binding);
                cap.schedules[q].truncate_from(m + 1);
                // Nothing left to renegotiate (and its cached last delivery no longer holds).
                self.renegotiated.resize(n, false);
                self.renegotiated[q] = true;
            } else {
                let from = (m + 1).min(procured_gw.len());
                procured_gw[from..].fill(0.0);
                procured_h100e[from..].fill(0.0);
                procured_payment[from..].fill(0.0);
            }
            let written = self.owed[q] + remaining;
            let i = cp_index(cp);
            self.unpaid_now[i] += remaining;
            self.stocks_changed = true;
            self.defaulted_now[i] += written;
            self.defaulted_total += written;
            // The arrears now count as defaulted: they leave the arrears stock (no cash moves).
            self.owed[q] = 0.0;
            self.event(m, DecisionKind::Default, subject, written);
        }
        Some(withdrawn)
    }

    /// Records capacity re-let at the market price after a default.
    pub fn relet(&mut self, m: usize, gw: f64) {
        self.event(m, DecisionKind::Relet, || kept_string("market"), gw);
    }

    /// Records month m's stocks: option steps by status, the distress stage, arrears and defaults.
    pub fn record(
        &mut self,
        m: usize,
        cap: &Capacity,
        short_of_min_cash: bool,
        renegotiating: bool,
    ) {
        if self.confirmed_gw.is_empty() {
            // Not computed (only the fans are).
        } else if self.decided_this_month || m == 0 {
            let (mut confirmed, mut deferred, mut lapsed) = (0.0, 0.0, 0.0);
            for (state, t) in self.tranches.iter().zip(&cap.tranches) {
                match state.status {
                    TrancheStatus::Confirmed => confirmed += t.gw,
                    TrancheStatus::Deferred => deferred += t.gw,
                    TrancheStatus::Lapsed => lapsed += t.gw,
                    TrancheStatus::Pending => {}
                }
            }
            self.confirmed_gw[m] = confirmed;
            self.deferred_gw[m] = deferred;
            self.lapsed_gw[m] = lapsed;
            self.decided_this_month = false;
        } else {
            self.confirmed_gw[m] = self.confirmed_gw[m - 1];
            self.deferred_gw[m] = self.deferred_gw[m - 1];
            self.lapsed_gw[m] = self.lapsed_gw[m - 1];
        }
        let arrears: f64 = self.owed.iter().sum();
        self.arrears[m] = arrears;
        self.defaulted[m] = self.defaulted_total;
        let stage = if arrears > 1e-9 || self.defaulted_total > 0.0 && short_of_min_cash {
            3
        } else if renegotiating {
            2
        } else if short_of_min_cash {
            1
        } else {
            0
        };
        if stage > 0 && self.stage_now == 0 {
            self.event(
                m,
                DecisionKind::DistressBegins,
                || {
                    let mut subject = string_with_capacity(8);
                    let _ = write!(subject, "stage {stage}");
                    subject
                },
                0.0,
            );
        }
        self.stage_now = stage;
        self.distress_stage[m] = stage as f64;
        if self.stocks_changed {
            self.stock_changes
                .push((m, self.unpaid_now, self.lapsed_value_now));
            self.stocks_changed = false;
        }
    }

    /// The outcome of every option step, for the run's output.
    pub fn outcomes(&self, cap: &Capacity, contracts: &[Contract]) -> Vec<TrancheOutcome> {
        self.tranches
            .iter()
            .zip(&cap.tranches)
            .map(|(state, t)| outcome(state, t, &contracts[t.contract]))
            .collect()
    }

    /// Per-counterparty series (nonzero ones): unpaid obligations and lapsed announced value.
    pub fn exposure(&self) -> (Vec<NamedSeries>, Vec<NamedSeries>) {
        let h = self.arrears.len();
        let unpaid = stock_columns(
            &self.stock_changes,
            h,
            |c| &c.1,
            |x| x.abs() > 1e-12,
            |x| x.max(0.0),
        );
        let lapsed = stock_columns(&self.stock_changes, h, |c| &c.2, |x| x > 0.0, |x| x);
        (unpaid, lapsed)
    }
}

/// A stock's column per counterparty from its recorded changes, for the months `0..h`: every column starts
/// at the first change that makes any counterparty's stock `counts` (zero before) and then holds
/// `shown(stock)` of the change in force; only columns with a value over 10⁻⁹ are kept.
fn stock_columns(
    changes: &[(usize, [f64; 11], [f64; 11])],
    h: usize,
    stock: impl Fn(&(usize, [f64; 11], [f64; 11])) -> &[f64; 11],
    counts: impl Fn(f64) -> bool,
    shown: impl Fn(f64) -> f64,
) -> Vec<NamedSeries> {
    let changes = &changes[..changes.partition_point(|c| c.0 < h)];
    let Some(first) = changes
        .iter()
        .position(|c| stock(c).iter().any(|x| counts(*x)))
    else {
        return Vec::new();
    };
    // Each change holds from its month to the next change's (changes are in month order, one a month).
    let spans: Vec<(usize, usize, &[f64; 11])> = changes[first..]
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let end = changes.get(first + k + 1).map_or(h, |next| next.0);
            (c.0, end, stock(c))
        })
        .collect();
    (0..11)
        .filter(|&i| spans.iter().any(|(_, _, v)| shown(v[i]) > 1e-9))
        .map(|i| {
            let mut values = crate::run::output_zeros(h);
            for (start, end, v) in &spans {
                values[*start..*end].fill(shown(v[i]));
            }
            NamedSeries {
                name: kept_string(Counterparty::ALL[i].label()),
                values,
            }
        })
        .collect()
}

fn outcome(state: &TrancheState, t: &Tranche, c: &Contract) -> TrancheOutcome {
    TrancheOutcome {
        contract: kept_string(&c.id),
        counterparty: c.counterparty,
        gw: t.gw,
        planned_delivery: Month(t.announced_first),
        status: state.status,
        decided: state.decided.map(|m| Month(m as i32)),
        deferred_months: state.shift as u32,
    }
}
