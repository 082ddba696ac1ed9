//! Financing (spec §E, §F): interest, tax, scheduled and conditional equity, debt, the funding policy, cash and
//! the cap table. Run twice: with the funding policy, and with committed funding only (the funding gap).

use super::capacity::{Capacity, Kind};
use super::operations::Operations;
use super::scratch::Scratch;
use super::Valuation;
use crate::deals::Counterparty;
use crate::funding::{FundingTiming, Investor, CAP_TABLE_AS_OF};
use crate::params::{ParamId as P, Params};
use crate::run::Series;
use crate::scenario::Scenario;
use crate::Month;

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
    /// Ownership fractions per holder (order of `Investor::ALL`).
    pub ownership: Vec<[f64; 8]>,
}

fn holder(i: Investor) -> usize {
    Investor::ALL.iter().position(|x| *x == i).unwrap_or(0)
}

/// Month the conditional trigger fires: the earlier of the milestone/S-1 date and the IPO.
fn trigger_month(p: &Params) -> Option<Month> {
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
    /// NVIDIA's money per GW deployed, $B per month.
    nvidia_per_gw: Scratch,
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

    // Vendor money tied to deployment.
    let mut nvidia_per_gw = z();
    let mut warrant_value = z();
    if p.on(P::NvidiaFinancingPerGw) {
        let mut paid = 0.0;
        for m in 0..h {
            let gw: f64 = cap
                .schedules
                .iter()
                .filter(|x| x.counterparty == Counterparty::Nvidia && x.kind != Kind::Lease)
                .map(|x| x.added_gw()[m])
                .sum();
            let amount = (gw * NVIDIA_USD_B_PER_GW)
                .min(NVIDIA_CAP_USD_B - paid)
                .max(0.0);
            paid += amount;
            nvidia_per_gw[m] = amount;
        }
    }
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
        nvidia_per_gw,
        warrant_value,
    }
}

/// One financing pass under `policy`: cash, debt, equity and the cap table month by month (spec §E, §F).
pub fn run(
    s: &Scenario,
    ops: &Operations,
    inflows: &Inflows,
    val: &Valuation,
    policy: Policy,
) -> Finance {
    let p = &s.params;
    let h = ops.horizon;
    let z = || Scratch::zeros(h);
    let mut f = Finance {
        cash: z(),
        min_cash: z(),
        debt: z(),
        interest_income: z(),
        interest_expense: z(),
        tax: z(),
        net_income: z(),
        burn: z(),
        equity_raised: z(),
        debt_draws: z(),
        debt_repayments: z(),
        warrant_vested: z(),
        warrants_sold: p.on(P::SellWarrantsOnVest),
        equity_events: Vec::new(),
        // The committed-only pass issues no shares: its cap table is not needed.
        ownership: if policy == Policy::Full {
            vec![[0.0; 8]; h]
        } else {
            Vec::new()
        },
    };
    let full = policy == Policy::Full;
    let life_m = (p[P::ItLifeYears] * 12.0).round().max(1.0) as usize;

    let Inflows {
        scheduled,
        ipo,
        nvidia_per_gw,
        warrant_value,
    } = inflows;
    let ipo = *ipo;
    f.warrant_vested.copy_from_slice(warrant_value);

    let fwd_burn = &ops.forward_burn;

    let mut units = [0.0; 8];
    for &(inv, share) in &s.cap_table {
        units[holder(inv)] += share;
    }
    let mut round_prices: Vec<(u64, f64)> = Vec::new();
    let mut cash = p[P::Cash0];
    let (mut revolver, mut term, mut nol) = (0.0f64, 0.0f64, 0.0f64);
    let mut term_repay = Scratch::zeros(h + life_m.max(AUTO_DEBT_TERM_MONTHS) + 1);
    let schedule_repay = |sched: &mut [f64], from: usize, amount: f64, months: usize| {
        if amount == 0.0 {
            return;
        }
        for r in sched.iter_mut().skip(from + 1).take(months) {
            *r += amount / months as f64;
        }
    };

    for m in 0..h {
        let units_total: f64 = units.iter().sum::<f64>().max(1e-12);
        let model_price = (val.value[m] / units_total).max(1e-9);
        let issues_units = Month(m as i32) > CAP_TABLE_AS_OF && full;
        let issue = |units: &mut [f64; 8], inv: Investor, usd_b: f64, price: f64| {
            if issues_units && price > 0.0 {
                units[holder(inv)] += usd_b / price;
            }
        };

        let ii = p[P::InterestIncomeRate] / 12.0 * cash.max(0.0);
        let ie = p[P::CostOfDebt] / 12.0 * (revolver + term);
        let ebt = ops.ebit[m] + ii - ie;
        let tax = if ebt < 0.0 {
            nol -= ebt;
            0.0
        } else {
            let used = nol.min(ebt);
            nol -= used;
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
                    match round_prices.iter().find(|r| r.0 == key) {
                        Some(r) => r.1,
                        None => {
                            let price = pre / units_total;
                            round_prices.push((key, price));
                            price
                        }
                    }
                }
                None => (1.0 - p[P::RaiseDiscount]) * model_price,
            };
            issue(&mut units, e.investor, e.amount_usd_b, price);
            equity += e.amount_usd_b;
            f.equity_events.push(EquityIn {
                month: m,
                investor: e.investor,
                amount_usd_b: e.amount_usd_b,
                vendor: false,
            });
        }
        if ipo == Some(Month(m as i32)) && p[P::IpoPrimary] > 0.0 {
            let amount = p[P::IpoPrimary];
            issue(
                &mut units,
                Investor::Public,
                amount,
                (1.0 - p[P::IpoDiscount]) * model_price,
            );
            equity += amount;
            f.equity_events.push(EquityIn {
                month: m,
                investor: Investor::Public,
                amount_usd_b: amount,
                vendor: false,
            });
        }
        if nvidia_per_gw[m] > 0.0 {
            issue(&mut units, Investor::Nvidia, nvidia_per_gw[m], model_price);
            equity += nvidia_per_gw[m];
            f.equity_events.push(EquityIn {
                month: m,
                investor: Investor::Nvidia,
                amount_usd_b: nvidia_per_gw[m],
                vendor: true,
            });
        }
        let warrant_cash = if f.warrants_sold {
            warrant_value[m]
        } else {
            0.0
        };

        let repay = term_repay[m].min(term);
        term -= repay;
        let purchase_debt = p[P::PurchaseLtv] * ops.debt_financed_hw[m];
        term += purchase_debt;
        schedule_repay(&mut term_repay, m, purchase_debt, life_m);
        let mut draws = purchase_debt;
        let mut repayments = repay;

        cash += cfo + cfi + equity + warrant_cash + purchase_debt - repay;

        // Funding policy (spec §E).
        let min_cash = p[P::MinCashAbs].max(p[P::MinCashMonths] * fwd_burn[m]);
        if cash < min_cash {
            let mut need = min_cash - cash;
            let from_revolver = need.min((p[P::RevolverLimit] - revolver).max(0.0));
            revolver += from_revolver;
            draws += from_revolver;
            cash += from_revolver;
            need -= from_revolver;
            if full && p.on(P::AutoDebt) && need > 0.0 {
                let room = (p[P::MaxDebtToNtmRevenue] * val.ntm[m] - revolver - term).max(0.0);
                let d = need.min(room);
                term += d;
                draws += d;
                schedule_repay(&mut term_repay, m, d, AUTO_DEBT_TERM_MONTHS);
                cash += d;
                need -= d;
            }
            if full && p.on(P::AutoEquity) && need > 0.0 {
                let raise = min_cash + 6.0 * fwd_burn[m] - cash;
                let public = ipo.is_some_and(|i| Month(m as i32) >= i);
                let to = if public {
                    Investor::Public
                } else {
                    Investor::OtherInvestors
                };
                issue(
                    &mut units,
                    to,
                    raise,
                    (1.0 - p[P::RaiseDiscount]) * model_price,
                );
                cash += raise;
                equity += raise;
                f.equity_events.push(EquityIn {
                    month: m,
                    investor: to,
                    amount_usd_b: raise,
                    vendor: false,
                });
            }
        } else if revolver > 0.0 {
            let back = revolver.min(cash - min_cash);
            revolver -= back;
            repayments += back;
            cash -= back;
        }
        issue(&mut units, Investor::Employees, ops.sbc[m], model_price);

        if let Some(ownership) = f.ownership.get_mut(m) {
            let total: f64 = units.iter().sum::<f64>().max(1e-12);
            for (o, u) in ownership.iter_mut().zip(&units) {
                *o = u / total;
            }
        }
        f.cash[m] = cash;
        f.min_cash[m] = min_cash;
        f.debt[m] = revolver + term;
        f.interest_income[m] = ii;
        f.interest_expense[m] = ie;
        f.tax[m] = tax;
        f.net_income[m] = ni;
        f.burn[m] = -(cfo + cfi);
        f.equity_raised[m] = equity;
        f.debt_draws[m] = draws;
        f.debt_repayments[m] = repayments;
    }
    f
}

impl Finance {
    /// Writes the financing series into the run's output.
    pub fn fill(&self, out: &mut Series) {
        let n = out.cash_usd_b.len();
        out.cash_usd_b.copy_from_slice(&self.cash[..n]);
        out.debt_usd_b.copy_from_slice(&self.debt[..n]);
        out.net_income_usd_b.copy_from_slice(&self.net_income[..n]);
        out.burn_usd_b.copy_from_slice(&self.burn[..n]);
        out.equity_raised_usd_b
            .copy_from_slice(&self.equity_raised[..n]);
        let cols: [&mut Vec<f64>; 8] = [
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
            for (m, v) in col.iter_mut().enumerate() {
                *v = self.ownership[m][i];
            }
        }
    }
}
