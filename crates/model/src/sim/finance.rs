//! Financing (spec §E, §F): interest, tax, scheduled and conditional equity, debt, the funding policy, cash and
//! the cap table. Run twice: with the funding policy, and with committed funding only (the funding gap).

use super::capacity::{Capacity, Kind};
use super::operating::Operations;
use super::outputs::Outputs;
use super::scratch::Scratch;
use super::valuation::Valuation;
use crate::deals::Counterparty;
use crate::funding::{FundingTiming, Investor, CAP_TABLE_AS_OF};
use crate::params::{ParamId as P, Params};
use crate::run::Series;
use crate::scenario::Scenario;
use crate::Month;
use std::ops::Range;

/// Which funding the pass may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Revolver, automatic debt and equity as the parameters allow.
    Full,
    /// Scheduled and committed funding and the committed revolver only.
    CommittedOnly,
}

/// Months over which automatic term debt amortises.
const AUTO_DEBT_TERM_MONTHS: usize = 60;
/// NVIDIA's original LOI: $10B per GW deployed, up to $100B.
const NVIDIA_USD_B_PER_GW: f64 = 10.0;
const NVIDIA_CAP_USD_B: f64 = 100.0;

/// An equity inflow for the ledger.
pub struct EquityIn {
    pub month: usize,
    pub investor: Investor,
    pub amount_usd_b: f64,
    /// NVIDIA per-GW financing is vendor equity; rounds are equity.
    pub vendor: bool,
}

pub struct Finance {
    pub cash: Scratch,
    pub min_cash: Scratch,
    pub debt: Scratch,
    pub interest_income: Scratch,
    pub interest_expense: Scratch,
    pub tax: Scratch,
    pub net_income: Scratch,
    pub burn: Scratch,
    pub equity_raised: Scratch,
    pub debt_draws: Scratch,
    pub debt_repayments: Scratch,
    /// AMD warrant value vested in the month, $B, and whether it was sold for cash.
    pub warrant_vested: Scratch,
    pub warrants_sold: bool,
    pub equity_events: Vec<EquityIn>,
    /// Ownership fractions per holder (order of `Investor::ALL`), month by month: month m's are
    /// `ownership[m * HOLDERS..(m + 1) * HOLDERS]` (see [`Finance::ownership_of`]).
    pub ownership: Scratch,
    /// Primary equity the market would still take in the rolling twelve months, $B (main pass).
    pub equity_capacity: Scratch,
}

/// Holders of the cap table (`Investor::ALL`).
const HOLDERS: usize = Investor::ALL.len();

impl Finance {
    /// Holder `i`'s ownership fraction, month by month.
    pub fn ownership_of(&self, i: usize) -> impl Iterator<Item = f64> + '_ {
        self.ownership
            .chunks_exact(HOLDERS)
            .map(move |shares| shares[i])
    }
}

fn holder(i: Investor) -> usize {
    Investor::ALL.iter().position(|x| *x == i).unwrap_or(0)
}

/// Month the conditional trigger fires: the earlier of the milestone/S-1 date and the IPO.
pub(super) fn trigger_month(p: &Params) -> Option<Month> {
    let date = |id| (p[id] > 0.0).then(|| Month::from_decimal_start(p[id]));
    match (date(P::AmazonTriggerDate), date(P::IpoDate)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Funding that does not depend on the policy, computed once for both passes.
pub struct Inflows {
    /// Scheduled and triggered funding events (indices into the scenario's list) by month.
    scheduled: Vec<Vec<usize>>,
    ipo: Option<Month>,
    /// Scheduled equity still to arrive after month m, $B (committed funding for the affordability test).
    pub scheduled_after: Scratch,
    /// AMD warrant value vesting with deliveries, $B per month.
    warrant_value: Scratch,
}

/// The policy-independent funding of a scenario over `h` months.
pub fn inflows(s: &Scenario, cap: &Capacity, h: usize) -> Inflows {
    let p = &s.params;
    let z = || Scratch::zeros(h);
    // Scheduled funding by month: (event index, month).
    let trigger = trigger_month(p);
    let mut scheduled: Vec<Vec<usize>> = vec![Vec::new(); h];
    for (k, e) in s.funding.iter().enumerate() {
        let month = match e.timing {
            FundingTiming::At(m) => Some(m),
            FundingTiming::OnTrigger {
                lag_months,
                expires,
            } => trigger
                .map(|t| t.plus(lag_months as i32))
                .filter(|m| *m <= expires),
        };
        if let Some(m) = month.filter(|m| m.0 >= 0 && (m.0 as usize) < h) {
            scheduled[m.0 as usize].push(k);
        }
    }
    let ipo = (p[P::IpoDate] > 0.0).then(|| Month::from_decimal_start(p[P::IpoDate]));

    let mut scheduled_after = z();
    let mut ahead = 0.0;
    for m in (0..h).rev() {
        scheduled_after[m] = ahead;
        ahead += scheduled[m]
            .iter()
            .map(|&k| s.funding[k].amount_usd_b)
            .sum::<f64>();
    }

    // AMD warrants vest with deliveries of binding capacity (schedules known before the monthly loop).
    let mut warrant_value = z();
    for sch in &cap.schedules {
        let Some(w) = s.contracts.get(sch.contract).and_then(|c| c.warrant) else {
            continue;
        };
        let vestable = if p[P::AmdSharePrice] >= w.final_tranche_price_usd {
            w.shares_m
        } else {
            (w.shares_m - w.shares_m_per_gw).max(0.0)
        };
        let mut delivered = 0.0;
        let mut vested = 0.0f64;
        for m in 0..h {
            delivered += sch.added_gw()[m];
            let now = (delivered * w.shares_m_per_gw).min(vestable);
            warrant_value[m] += (now - vested).max(0.0) * p[P::AmdSharePrice] / 1000.0;
            vested = vested.max(now);
        }
    }

    Inflows {
        scheduled,
        ipo,
        scheduled_after,
        warrant_value,
    }
}

/// One financing pass under `policy` over a finished operating loop: cash, debt, equity and the cap table
/// month by month (spec §E, §F). The main pass runs inside the monthly loop instead, one [`Pass::step`] a month.
pub fn run(
    s: &Scenario,
    cap: &Capacity,
    ops: &Operations,
    inflows: &Inflows,
    val: &Valuation,
    policy: Policy,
) -> Finance {
    let mut pass = Pass::new(s, inflows, ops.horizon, policy, Outputs::All);
    for m in 0..ops.horizon {
        pass.step(
            m,
            ops,
            val.value[m],
            val.ntm[m],
            nvidia_gw_added(cap, &s.params, m),
        );
    }
    pass.f
}

/// The running state of a financing pass.
pub struct Pass<'a> {
    s: &'a Scenario,
    inflows: &'a Inflows,
    full: bool,
    /// Whether the pass records what only a single run's detail reads: the financing series and ledger flows
    /// (debt, interest, tax, net income, burn, equity raised, draws, repayments, warrants), equity events,
    /// ownership and equity capacity. A committed-only pass never does (its cash and minimum cash are all
    /// anyone reads), nor a pass for Monte Carlo's fans.
    records: bool,
    life_m: usize,
    /// Interest earned on cash and paid on debt per month, as rates (divided by 12 once, not every month: a
    /// division is some of the slowest arithmetic there is).
    interest_income_per_month: f64,
    cost_of_debt_per_month: f64,
    pub f: Finance,
    units: [f64; HOLDERS],
    round_prices: Vec<(u64, f64)>,
    /// Cash at the end of the last month stepped.
    pub cash: f64,
    revolver: f64,
    term: f64,
    nol: f64,
    term_repay: Scratch,
    nvidia_paid: f64,
    /// Primary equity outside scheduled rounds (automatic raises, IPO, vendor money): what the rolling equity
    /// capacity counts (spec v2 §5).
    primary: Primary,
}

/// Primary equity raised per month, $B.
struct Primary {
    by_month: Scratch,
    /// The last month with primary equity, if any: a window of months after it raised nothing.
    last: Option<usize>,
}

impl Primary {
    /// Records `amount` $B (positive) raised in month m.
    fn raise(&mut self, m: usize, amount: f64) {
        self.by_month[m] += amount;
        self.last = Some(m);
    }

    /// Primary equity raised in `months`: the sum over them, or at once +0 when none was raised in them (every
    /// month's primary equity is +0 or positive, and a sum of +0s is +0; an empty sum is left to `sum`).
    fn raised(&self, months: Range<usize>) -> f64 {
        if months.is_empty() || self.last.is_some_and(|m| m >= months.start) {
            self.by_month[months].iter().sum()
        } else {
            0.0
        }
    }
}

impl<'a> Pass<'a> {
    pub fn new(
        s: &'a Scenario,
        inflows: &'a Inflows,
        h: usize,
        policy: Policy,
        outputs: Outputs,
    ) -> Pass<'a> {
        let p = &s.params;
        let z = || Scratch::zeros(h);
        let full = policy == Policy::Full;
        let records = full && outputs == Outputs::All;
        let life_m = (p[P::ItLifeYears] * 12.0).round().max(1.0) as usize;
        // What only a single run's detail reads (the series, the ledger) is empty in a pass that does not
        // record it: the committed-only pass and Monte Carlo's are read for cash and minimum cash alone.
        let recorded = || Scratch::zeros(if records { h } else { 0 });
        let mut f = Finance {
            cash: z(),
            min_cash: z(),
            debt: recorded(),
            interest_income: recorded(),
            interest_expense: recorded(),
            tax: recorded(),
            net_income: recorded(),
            burn: recorded(),
            equity_raised: recorded(),
            debt_draws: recorded(),
            debt_repayments: recorded(),
            warrant_vested: recorded(),
            warrants_sold: p.on(P::SellWarrantsOnVest),
            equity_events: Vec::new(),
            // The committed-only pass issues no shares: its cap table is not needed.
            // Filled month by month (`step` pushes month m's row), never zeroed first.
            ownership: Scratch::with_capacity(if records { h * HOLDERS } else { 0 }),
            equity_capacity: Scratch::zeros(if records { h } else { 0 }),
        };
        if records {
            f.warrant_vested.copy_from_slice(&inflows.warrant_value);
        }
        let mut units = [0.0; HOLDERS];
        for &(inv, share) in &s.cap_table {
            units[holder(inv)] += share;
        }
        Pass {
            s,
            inflows,
            full,
            records,
            life_m,
            interest_income_per_month: p[P::InterestIncomeRate] / 12.0,
            cost_of_debt_per_month: p[P::CostOfDebt] / 12.0,
            f,
            units,
            round_prices: Vec::new(),
            cash: p[P::Cash0],
            revolver: 0.0,
            term: 0.0,
            nol: 0.0,
            term_repay: Scratch::zeros(h + life_m.max(AUTO_DEBT_TERM_MONTHS) + 1),
            nvidia_paid: 0.0,
            primary: Primary {
                by_month: z(),
                last: None,
            },
        }
    }

    /// Revolver plus term debt now.
    pub fn debt(&self) -> f64 {
        self.revolver + self.term
    }

    /// Debt the pass could still draw in month m: the revolver's room, and automatic term debt up to its limit.
    pub fn debt_room(&self, ntm_revenue: f64) -> f64 {
        let p = &self.s.params;
        let revolver = (p[P::RevolverLimit] - self.revolver).max(0.0);
        let term = if self.full && p.on(P::AutoDebt) {
            (p[P::MaxDebtToNtmRevenue] * ntm_revenue - self.debt() - revolver).max(0.0)
        } else {
            0.0
        };
        revolver + term
    }

    /// Primary equity (outside scheduled rounds) the market would still take in month m: the rolling
    /// twelve-month capacity less what months m − 11 ..= m − 1 raised.
    pub fn equity_room(&self, m: usize, value: f64) -> f64 {
        if !self.s.params.on(P::AutoEquity) {
            return 0.0;
        }
        if !self.full {
            return 0.0;
        }
        equity_left(
            &self.s.params,
            self.primary.raised(m.saturating_sub(11)..m),
            value,
        )
    }

    /// Moves cash outside the operating loop in month m (already stepped): `burn` counts it as spending when
    /// true (penalties), not when it is unpaid bills becoming arrears or arrears being paid.
    pub fn adjust_cash(&mut self, m: usize, amount: f64, burn: bool) {
        self.cash += amount;
        self.f.cash[m] = self.cash;
        if burn && self.records {
            self.f.burn[m] -= amount;
            self.f.net_income[m] += amount;
        }
    }

    /// Steps month m: interest, tax, scheduled and conditional funding, debt service, the funding policy and
    /// the cap table.
    /// `nvidia_gw` is the GW of NVIDIA systems delivered in month m (for the per-GW financing variant).
    pub fn step(&mut self, m: usize, ops: &Operations, value: f64, ntm: f64, nvidia_gw: f64) {
        let s = self.s;
        let p = &s.params;
        let full = self.full;
        let records = self.records;
        let record = |f: &mut Finance, event: EquityIn| {
            if records {
                f.equity_events.push(event);
            }
        };
        let Inflows {
            scheduled,
            ipo,
            warrant_value,
            ..
        } = self.inflows;
        // NVIDIA's money per GW deployed follows confirmed deliveries only (spec v2 §4).
        let nvidia_money = if p.on(P::NvidiaFinancingPerGw) {
            let amount = (nvidia_gw * NVIDIA_USD_B_PER_GW)
                .min(NVIDIA_CAP_USD_B - self.nvidia_paid)
                .max(0.0);
            self.nvidia_paid += amount;
            amount
        } else {
            0.0
        };
        let ipo = *ipo;
        let fwd_burn = ops.forward_burn[m];
        let units_total: f64 = self.units.iter().sum::<f64>().max(1e-12);
        let model_price = (value / units_total).max(1e-9);
        let issues_units = Month(m as i32) > CAP_TABLE_AS_OF && full;
        let issue = |units: &mut [f64; HOLDERS], inv: Investor, usd_b: f64, price: f64| {
            if issues_units && price > 0.0 {
                units[holder(inv)] += usd_b / price;
            }
        };
        let f = &mut self.f;
        let units = &mut self.units;
        let mut cash = self.cash;

        let ii = self.interest_income_per_month * cash.max(0.0);
        let ie = self.cost_of_debt_per_month * (self.revolver + self.term);
        let ebt = ops.ebit[m] + ii - ie;
        let tax = if ebt < 0.0 {
            self.nol -= ebt;
            0.0
        } else {
            let used = self.nol.min(ebt);
            self.nol -= used;
            (ebt - used) * p[P::TaxRate]
        };
        let ni = ebt - tax;
        let cfo = ni + ops.depreciation[m] + ops.sbc[m] + ops.noncash[m];
        let cfi = -ops.capex[m];

        // Scheduled financing.
        let mut equity = 0.0;
        for &k in &scheduled[m] {
            let e = &s.funding[k];
            let price = match e.pre_money_usd_b {
                Some(pre) => {
                    let key = pre.to_bits();
                    match self.round_prices.iter().find(|r| r.0 == key) {
                        Some(r) => r.1,
                        None => {
                            let price = pre / units_total;
                            self.round_prices.push((key, price));
                            price
                        }
                    }
                }
                None => (1.0 - p[P::RaiseDiscount]) * model_price,
            };
            issue(units, e.investor, e.amount_usd_b, price);
            equity += e.amount_usd_b;
            record(
                f,
                EquityIn {
                    month: m,
                    investor: e.investor,
                    amount_usd_b: e.amount_usd_b,
                    vendor: false,
                },
            );
        }
        if ipo == Some(Month(m as i32)) && p[P::IpoPrimary] > 0.0 {
            let amount = p[P::IpoPrimary];
            issue(
                units,
                Investor::Public,
                amount,
                (1.0 - p[P::IpoDiscount]) * model_price,
            );
            equity += amount;
            self.primary.raise(m, amount);
            record(
                f,
                EquityIn {
                    month: m,
                    investor: Investor::Public,
                    amount_usd_b: amount,
                    vendor: false,
                },
            );
        }
        if nvidia_money > 0.0 {
            issue(units, Investor::Nvidia, nvidia_money, model_price);
            equity += nvidia_money;
            self.primary.raise(m, nvidia_money);
            record(
                f,
                EquityIn {
                    month: m,
                    investor: Investor::Nvidia,
                    amount_usd_b: nvidia_money,
                    vendor: true,
                },
            );
        }
        let warrant_cash = if f.warrants_sold {
            warrant_value[m]
        } else {
            0.0
        };

        let repay = self.term_repay[m].min(self.term);
        self.term -= repay;
        let purchase_debt = p[P::PurchaseLtv] * ops.debt_financed_hw[m];
        self.term += purchase_debt;
        schedule_repay(&mut self.term_repay, m, purchase_debt, self.life_m);
        let mut draws = purchase_debt;
        let mut repayments = repay;

        cash += cfo + cfi + equity + warrant_cash + purchase_debt - repay;

        // Funding policy (spec §E), equity within its rolling capacity (spec v2 §5).
        let min_cash = min_cash(p, fwd_burn);
        let window = m.saturating_sub(11)..m + 1;
        if cash < min_cash {
            let mut need = min_cash - cash;
            let from_revolver = need.min((p[P::RevolverLimit] - self.revolver).max(0.0));
            self.revolver += from_revolver;
            draws += from_revolver;
            cash += from_revolver;
            need -= from_revolver;
            if full && p.on(P::AutoDebt) && need > 0.0 {
                let room = (p[P::MaxDebtToNtmRevenue] * ntm - self.revolver - self.term).max(0.0);
                let d = need.min(room);
                self.term += d;
                draws += d;
                schedule_repay(&mut self.term_repay, m, d, AUTO_DEBT_TERM_MONTHS);
                cash += d;
                need -= d;
            }
            if full && p.on(P::AutoEquity) && need > 0.0 {
                // The rolling capacity, summed only here where it is needed (nothing was raised since the
                // month's funding above, so it is what it was then).
                let equity_cap = equity_left(p, self.primary.raised(window.clone()), value);
                let raise = (min_cash + 6.0 * fwd_burn - cash).min(equity_cap);
                if raise > 0.0 {
                    let public = ipo.is_some_and(|i| Month(m as i32) >= i);
                    let to = if public {
                        Investor::Public
                    } else {
                        Investor::OtherInvestors
                    };
                    issue(units, to, raise, (1.0 - p[P::RaiseDiscount]) * model_price);
                    cash += raise;
                    equity += raise;
                    self.primary.raise(m, raise);
                    record(
                        f,
                        EquityIn {
                            month: m,
                            investor: to,
                            amount_usd_b: raise,
                            vendor: false,
                        },
                    );
                }
            }
        } else if self.revolver > 0.0 {
            let back = self.revolver.min(cash - min_cash);
            self.revolver -= back;
            repayments += back;
            cash -= back;
        }
        issue(units, Investor::Employees, ops.sbc[m], model_price);

        if records {
            debug_assert_eq!(f.ownership.len(), m * HOLDERS, "steps run month by month");
            let total: f64 = units.iter().sum::<f64>().max(1e-12);
            f.ownership.extend(units.map(|u| u / total));
            f.equity_capacity[m] = equity_left(p, self.primary.raised(window), value);
        }
        self.cash = cash;
        f.cash[m] = cash;
        f.min_cash[m] = min_cash;
        if records {
            f.debt[m] = self.revolver + self.term;
            f.interest_income[m] = ii;
            f.interest_expense[m] = ie;
            f.tax[m] = tax;
            f.net_income[m] = ni;
            f.burn[m] = -(cfo + cfi);
            f.equity_raised[m] = equity;
            f.debt_draws[m] = draws;
            f.debt_repayments[m] = repayments;
        }
    }
}

/// The rolling equity capacity (`equity_capacity_share` × value) less the primary equity `raised` in its
/// window (spec v2 §5).
fn equity_left(p: &Params, raised: f64, value: f64) -> f64 {
    (p[P::EquityCapacityShare] * value.max(0.0) - raised).max(0.0)
}

/// Minimum cash with a forecast burn of `monthly_burn` $B a month (spec §E).
pub fn min_cash(p: &Params, monthly_burn: f64) -> f64 {
    p[P::MinCashAbs].max(p[P::MinCashMonths] * monthly_burn.max(0.0))
}

/// GW of NVIDIA systems (bought, not leased) delivered in month m, when NVIDIA pays per GW (else 0).
pub fn nvidia_gw_added(cap: &Capacity, p: &Params, m: usize) -> f64 {
    if !p.on(P::NvidiaFinancingPerGw) {
        return 0.0;
    }
    cap.schedules
        .iter()
        .filter(|x| x.counterparty == Counterparty::Nvidia && x.kind != Kind::Lease)
        .map(|x| x.added_gw()[m])
        .sum()
}

/// Spreads `amount` of new term debt over the `months` after `from`.
fn schedule_repay(sched: &mut [f64], from: usize, amount: f64, months: usize) {
    if amount == 0.0 {
        return;
    }
    for r in sched.iter_mut().skip(from + 1).take(months) {
        *r += amount / months as f64;
    }
}

impl Finance {
    /// Writes the financing series over the first `n` months into the run's output (empty series with room
    /// for them), each appended whole.
    pub fn fill(&self, out: &mut Series, n: usize) {
        out.cash_usd_b.extend_from_slice(&self.cash[..n]);
        out.debt_usd_b.extend_from_slice(&self.debt[..n]);
        out.net_income_usd_b
            .extend_from_slice(&self.net_income[..n]);
        out.burn_usd_b.extend_from_slice(&self.burn[..n]);
        out.equity_raised_usd_b
            .extend_from_slice(&self.equity_raised[..n]);
        out.equity_capacity_usd_b
            .extend_from_slice(&self.equity_capacity[..n]);
        let cols: [&mut Vec<f64>; HOLDERS] = [
            &mut out.ownership_foundation,
            &mut out.ownership_microsoft,
            &mut out.ownership_softbank,
            &mut out.ownership_amazon,
            &mut out.ownership_nvidia,
            &mut out.ownership_other_investors,
            &mut out.ownership_employees,
            &mut out.ownership_public,
        ];
        for (i, col) in cols.into_iter().enumerate() {
            col.extend(self.ownership_of(i).take(n));
        }
    }
}
