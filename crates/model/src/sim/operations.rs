//! The operating loop (spec §1.2 steps 3–7): procurement, allocation, revenue, costs and the P&L, month by month.

use super::capacity::Capacity;
use super::exogenous::{Exogenous, HOURS_PER_MONTH};
use super::scratch::Scratch;
use crate::deals::{ChipVendor, Counterparty};
use crate::math::PortablePow;
use crate::params::{ParamId as P, Params};
use crate::run::{NamedSeries, Series};
use crate::HISTORY_END;

/// Term of leases signed by the model's procurement (spec B5).
pub const PROCURED_TERM_MONTHS: usize = 60;

/// A lease signed by procurement.
pub struct Signing {
    pub signed: usize,
    pub start: usize,
    pub monthly_usd_b: f64,
}

/// Monthly operating results. Vectors of length `horizon` unless noted.
pub struct Operations {
    pub horizon: usize,
    pub revenue: Scratch,
    pub streams: [Scratch; 5],
    pub phi: Scratch,
    pub tokens_served: Scratch,
    pub it_gw: Scratch,
    pub h100e: Scratch,
    pub c_inf: Scratch,
    pub c_train: Scratch,
    pub idle: Scratch,
    pub compute_cost: Scratch,
    pub k_inf: Scratch,
    pub k_train: Scratch,
    pub k_idle: Scratch,
    pub rev_share: Scratch,
    pub other_cogs: Scratch,
    pub personnel: Scratch,
    pub sm_cash: Scratch,
    pub ga_cash: Scratch,
    pub sbc: Scratch,
    pub ebit: Scratch,
    pub depreciation: Scratch,
    pub noncash: Scratch,
    /// Lease and partner-lease payments including procured leases.
    pub lease_payments: Scratch,
    pub colo: Scratch,
    pub power: Scratch,
    pub dc_opex: Scratch,
    pub owned_gw: Scratch,
    /// Capex for owned chips and self-built facilities.
    pub capex: Scratch,
    /// Hardware bought with purchase debt (the lab borrows `purchase_ltv` of it).
    pub debt_financed_hw: Scratch,
    /// −(EBIT + depreciation + SBC + non-cash compute − capex): burn before interest and tax.
    pub operating_burn: Scratch,
    /// Average operating burn over the next twelve months (at least 0): sizes minimum cash and raises.
    pub forward_burn: Scratch,
    /// Procured leases: active GW, H100e and payments over the whole schedule length.
    pub procured_gw: Scratch,
    pub procured_h100e: Scratch,
    pub procured_payment: Scratch,
    pub procured_signed_value: Scratch,
    pub procured_added_gw: Scratch,
    pub signings: Vec<Signing>,
    pub lead_months: usize,
}

/// Runs the operating loop for `horizon` months.
pub fn run(p: &Params, exo: &Exogenous, cap: &Capacity, horizon: usize) -> Operations {
    let len = cap.committed_h100e.len();
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
        signings: Vec::new(),
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
    let power_cap = p[P::MaxNewGwPerYear];
    let nvidia = ChipVendor::ALL
        .iter()
        .position(|v| *v == ChipVendor::Nvidia)
        .unwrap_or(0);
    let energy_usd_b_per_gw_month =
        p[P::Pue] * 1e6 * HOURS_PER_MONTH * p[P::UtilPower] * p[P::PowerPrice] / 1000.0 / 1e9;
    let potential = |i: usize| {
        exo.rev_sub[i] + exo.rev_biz[i] + exo.rev_api[i] + exo.rev_ads[i] + exo.rev_other[i]
    };

    for m in 0..horizon {
        let i = Exogenous::at(m as i32);
        // Step 3b: endogenous procurement signs leases for month m + lead (spec B5).
        let target_m = m + o.lead_months;
        if procure && m as i32 > HISTORY_END.0 && target_m < len {
            let ti = Exogenous::at(target_m as i32);
            let committed = cap.committed_h100e[target_m] + o.procured_h100e[target_m];
            let ntm_potential: f64 = (1..=12).map(|j| potential(i + j)).sum();
            let price_per_h100e_year = exo.mkt_price_per_h100e_hr[ti] * 8760.0;
            let training_budget =
                p[P::TrainCapShare] * ntm_potential * 1e9 / price_per_h100e_year.max(1e-9);
            let target =
                exo.d_inf[ti] * (1.0 + p[P::Headroom]) + exo.d_train[ti].min(training_budget);
            if target > committed {
                let density = cap.latest_density[target_m][nvidia].max(1.0);
                let mut gw = (target - committed) / (1000.0 * density);
                if power_cap > 0.0 {
                    let from = target_m.saturating_sub(11);
                    let recent: f64 = cap.new_gw[from..=target_m].iter().sum::<f64>()
                        + o.procured_added_gw[from..=target_m].iter().sum::<f64>();
                    gw = gw.min((power_cap - recent).max(0.0));
                }
                if gw > 1e-9 {
                    let monthly =
                        gw * exo.mkt_price_per_h100e_hr[ti] * HOURS_PER_MONTH * density * 1000.0
                            / 1e9;
                    let end = (target_m + PROCURED_TERM_MONTHS).min(len);
                    let h100e = gw * density * 1000.0;
                    // Three whole-slice loops (vectorised) rather than one loop over three arrays.
                    for x in &mut o.procured_gw[target_m..end] {
                        *x += gw;
                    }
                    for x in &mut o.procured_h100e[target_m..end] {
                        *x += h100e;
                    }
                    for x in &mut o.procured_payment[target_m..end] {
                        *x += monthly;
                    }
                    o.procured_added_gw[target_m] += gw;
                    o.procured_signed_value[m] += monthly * (end - target_m) as f64;
                    o.signings.push(Signing {
                        signed: m,
                        start: target_m,
                        monthly_usd_b: monthly,
                    });
                }
            }
        }

        // Step 3: capacity.
        let totals = &cap.totals;
        let it_gw = o.procured_gw[m] + totals.gw[m];
        let lease_pay = o.procured_payment[m] + totals.payment[m];
        o.depreciation[m] = totals.depreciation[m];
        o.colo[m] = totals.colo[m];
        o.capex[m] = totals.capex[m];
        o.owned_gw[m] = totals.owned_gw[m];
        o.debt_financed_hw[m] = totals.debt_financed_hw[m];
        let c = cap.committed_h100e[m] + o.procured_h100e[m];
        o.it_gw[m] = it_gw;
        o.h100e[m] = c;
        o.lease_payments[m] = lease_pay;

        // Steps 4–5: demand and allocation (spec B6).
        let d_inf = exo.d_inf[i];
        let c_inf = d_inf.min(c * (1.0 - p[P::TrainFloor]));
        let c_train = (c - c_inf).min(exo.d_train[i]).max(0.0);
        let phi = if d_inf > 0.0 {
            (c_inf / d_inf).min(1.0)
        } else {
            1.0
        };
        o.c_inf[m] = c_inf;
        o.c_train[m] = c_train;
        o.idle[m] = (c - c_inf - c_train).max(0.0);
        o.phi[m] = phi;
        o.tokens_served[m] = phi * (exo.chat_tokens[i] + exo.api_tokens[i]);

        // Step 6: revenue (spec C).
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
            o.streams[k][m] = realised;
            revenue += realised;
        }
        o.revenue[m] = revenue;

        // Step 7: costs (spec A9, D).
        o.power[m] = o.owned_gw[m] * energy_usd_b_per_gw_month;
        o.dc_opex[m] = o.owned_gw[m] * p[P::DcOpexPerGwYear] / 12.0;
        let k = lease_pay + o.depreciation[m] + o.colo[m] + o.power[m] + o.dc_opex[m];
        o.compute_cost[m] = k;
        let (k_inf, k_train) = if c > 0.0 {
            (k * c_inf / c, k * c_train / c)
        } else {
            (0.0, 0.0)
        };
        o.k_inf[m] = k_inf;
        o.k_train[m] = k_train;
        o.k_idle[m] = k - k_inf - k_train;
        o.rev_share[m] = exo.rs_net[i] * revenue;
        o.other_cogs[m] = p[P::OtherCogsRate] * revenue;
        o.personnel[m] = exo.personnel[i];
        o.sbc[m] = exo.sbc[i];
        o.sm_cash[m] = exo.sm_rate[i] * revenue;
        o.ga_cash[m] = (p[P::GaFloor] / 12.0).max(exo.ga_rate[i] * revenue);
        o.noncash[m] = exo.noncash_compute[i];
        let cost_of_revenue = k_inf + o.rev_share[m] + o.other_cogs[m];
        let opex =
            o.k_train[m] + o.k_idle[m] + o.personnel[m] + o.sbc[m] + o.sm_cash[m] + o.ga_cash[m];
        o.ebit[m] = revenue - cost_of_revenue - opex;
        o.operating_burn[m] =
            -(o.ebit[m] + o.depreciation[m] + o.sbc[m] + o.noncash[m] - o.capex[m]);
    }
    // Forward twelve-month average burn, as a sliding window.
    let h = horizon;
    let mut window: f64 = o.operating_burn[1.min(h - 1)..13.min(h)].iter().sum();
    for m in 0..h {
        if m > 0 {
            window -= o.operating_burn[m.min(h - 1)];
            if m + 12 < h {
                window += o.operating_burn[m + 12];
            }
        }
        let count = (m + 13).min(h).saturating_sub((m + 1).min(h - 1));
        let avg = if count == 0 || m + 1 >= h {
            o.operating_burn[h - 1]
        } else {
            window / count as f64
        };
        o.forward_burn[m] = avg.max(0.0);
    }
    o
}

impl Operations {
    /// Payments in months `from..to` of procured leases signed by month `m`.
    pub fn procured_payment_signed_by(&self, m: usize, from: usize, to: usize) -> f64 {
        let to = to.min(self.procured_payment.len());
        let all: f64 = self.procured_payment[from.min(to)..to].iter().sum();
        // Subtract leases signed after m that already pay inside the window (signings are in month order, and
        // one signed after m starts at the earliest lead months later).
        if m + 1 + self.lead_months >= to {
            return all.max(0.0);
        }
        let later: f64 = self
            .signings
            .iter()
            .filter(|s| s.signed > m && s.start < to)
            .map(|s| {
                s.monthly_usd_b
                    * ((s.start + PROCURED_TERM_MONTHS)
                        .min(to)
                        .saturating_sub(s.start.max(from))) as f64
            })
            .sum();
        (all - later).max(0.0)
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

    /// Writes the operating series into the run's output.
    pub fn fill(&self, out: &mut Series, p: &Params, exo: &Exogenous, cap: &Capacity) {
        let sbc_shares = (0.7, 0.2, 0.1);
        for m in 0..self.horizon {
            let i = Exogenous::at(m as i32);
            let revenue = self.revenue[m];
            out.revenue_usd_b[m] = revenue;
            out.revenue_subscriptions_usd_b[m] = self.streams[0][m];
            out.revenue_business_usd_b[m] = self.streams[1][m];
            out.revenue_api_usd_b[m] = self.streams[2][m];
            out.revenue_ads_usd_b[m] = self.streams[3][m];
            out.revenue_other_usd_b[m] = self.streams[4][m];
            out.arr_usd_b[m] = 12.0 * revenue;
            out.weekly_users[m] = exo.wau[i];
            out.paid_subscribers[m] = exo.subs[i];
            out.business_seats[m] = exo.seats[i];
            out.tokens_served[m] = self.tokens_served[m];
            let gw = self.it_gw[m];
            let c = self.h100e[m];
            out.it_gw[m] = gw;
            out.facility_gw[m] = gw * p[P::Pue];
            out.announced_gw[m] = cap.announced_gw[m];
            out.h100e[m] = c;
            let gw_per_h100e = if c > 0.0 { gw / c } else { 0.0 };
            out.inference_demand_h100e[m] = exo.d_inf[i];
            out.inference_demand_gw[m] = exo.d_inf[i] * gw_per_h100e;
            out.training_h100e[m] = self.c_train[m];
            out.training_gw[m] = self.c_train[m] * gw_per_h100e;
            out.idle_h100e[m] = self.idle[m];
            out.idle_gw[m] = self.idle[m] * gw_per_h100e;
            out.utilisation[m] = if c > 0.0 {
                (self.c_inf[m] + self.c_train[m]) / c
            } else {
                0.0
            };
            out.demand_coverage[m] = self.phi[m];
            out.procured_gw[m] = self.procured_gw[m];
            out.compute_cost_usd_b[m] = self.compute_cost[m];
            out.compute_payments_usd_b[m] = self.lease_payments[m]
                + self.colo[m]
                + self.power[m]
                + self.dc_opex[m]
                + self.capex[m];
            out.inference_cost_usd_b[m] = self.k_inf[m];
            out.training_cost_usd_b[m] = self.k_train[m];
            out.idle_cost_usd_b[m] = self.k_idle[m];
            out.rev_share_usd_b[m] = self.rev_share[m];
            let cor = self.cost_of_revenue(m);
            out.cost_of_revenue_usd_b[m] = cor;
            out.gross_profit_usd_b[m] = revenue - cor;
            out.gross_margin[m] = self.gross_margin(m);
            let paid_revenue = revenue - self.streams[3][m];
            out.compute_margin[m] = if paid_revenue > 0.0 {
                (paid_revenue - self.k_inf[m] * p[P::PaidTokenShare]) / paid_revenue
            } else {
                0.0
            };
            let sbc = self.sbc[m];
            out.sbc_usd_b[m] = sbc;
            out.rnd_usd_b[m] =
                self.k_train[m] + self.k_idle[m] + self.personnel[m] + sbc * sbc_shares.0;
            out.sm_usd_b[m] = self.sm_cash[m] + sbc * sbc_shares.1;
            out.ga_usd_b[m] = self.ga_cash[m] + sbc * sbc_shares.2;
            out.operating_income_usd_b[m] = self.ebit[m];
            out.ebitda_usd_b[m] = self.ebit[m] + self.depreciation[m] + sbc;
            out.capex_usd_b[m] = self.capex[m];
            let tokens_m = self.tokens_served[m] / 1e6;
            out.cost_per_mtok_usd[m] = if tokens_m > 0.0 {
                self.k_inf[m] * 1e9 / tokens_m
            } else {
                0.0
            };
            out.revenue_per_mtok_usd[m] = if tokens_m > 0.0 {
                revenue * 1e9 / tokens_m
            } else {
                0.0
            };
            out.cost_per_h100e_hour_usd[m] = if c > 0.0 {
                self.compute_cost[m] * 1e9 / (c * HOURS_PER_MONTH)
            } else {
                0.0
            };
            out.arr_per_gw_usd_b[m] = if gw > 0.0 { 12.0 * revenue / gw } else { 0.0 };
            out.energy_twh_per_year[m] = gw * p[P::Pue] * 8.76 * p[P::UtilPower];
            out.fleet_electricity_usd_b[m] =
                out.energy_twh_per_year[m] * p[P::PowerPrice] / 1000.0 / 12.0;
            out.power_cost_usd_b[m] = self.power[m];
        }
    }

    /// Delivered GW per counterparty (nonzero ones), procured leases last.
    pub fn by_counterparty(&self, cap: &Capacity) -> Vec<NamedSeries> {
        let mut out: Vec<NamedSeries> = Vec::new();
        for cp in Counterparty::ALL {
            let mut values = vec![0.0; self.horizon];
            for s in cap.schedules.iter().filter(|s| s.counterparty == cp) {
                for (v, g) in values.iter_mut().zip(s.gw()) {
                    *v += g;
                }
            }
            if cp == Counterparty::Market {
                values.copy_from_slice(&self.procured_gw[..self.horizon]);
            }
            if values.iter().any(|v| *v > 0.0) {
                out.push(NamedSeries {
                    name: cp.label().to_string(),
                    values,
                });
            }
        }
        out
    }

    /// Delivered GW per chip vendor (procured leases count as NVIDIA).
    pub fn by_vendor(&self, cap: &Capacity) -> Vec<NamedSeries> {
        let mut out = Vec::new();
        for v in ChipVendor::ALL {
            let mut values = vec![0.0; self.horizon];
            for s in cap.schedules.iter().filter(|s| s.vendor == v) {
                for (x, g) in values.iter_mut().zip(s.gw()) {
                    *x += g;
                }
            }
            if v == ChipVendor::Nvidia {
                for (x, g) in values.iter_mut().zip(&self.procured_gw) {
                    *x += g;
                }
            }
            if values.iter().any(|x| *x > 0.0) {
                out.push(NamedSeries {
                    name: v.label().to_string(),
                    values,
                });
            }
        }
        out
    }

    /// Cost per million tokens on each vendor's capacity (spec §6.4): its payments, depreciation and hosting
    /// per H100e-hour, over the tokens an H100e serves in an hour. Procured leases count as NVIDIA.
    pub fn cost_per_mtok_by_vendor(&self, cap: &Capacity, exo: &Exogenous) -> Vec<NamedSeries> {
        let n = ChipVendor::ALL.len();
        let h = self.horizon;
        let mut cost = vec![vec![0.0; h]; n];
        let mut h100e = vec![vec![0.0; h]; n];
        // Whole-slice sums (vectorised); arrays a schedule's kind doesn't use are empty.
        let add = |into: &mut [f64], from: &[f64]| {
            for (x, y) in into.iter_mut().zip(from) {
                *x += y;
            }
        };
        for s in &cap.schedules {
            let v = ChipVendor::ALL
                .iter()
                .position(|x| *x == s.vendor)
                .unwrap_or(0);
            add(&mut cost[v], &s.payment()[..h]);
            add(&mut cost[v], s.depreciation().get(..h).unwrap_or_default());
            add(&mut cost[v], s.colo().get(..h).unwrap_or_default());
            add(&mut h100e[v], &s.h100e()[..h]);
        }
        add(&mut cost[0], &self.procured_payment[..h]);
        add(&mut h100e[0], &self.procured_h100e[..h]);
        ChipVendor::ALL
            .iter()
            .enumerate()
            .filter(|(v, _)| h100e[*v].iter().any(|h| *h > 0.0))
            .map(|(v, vendor)| NamedSeries {
                name: vendor.label().to_string(),
                values: (0..self.horizon)
                    .map(|m| {
                        let tokens_per_h100e_hour = exo.eta[Exogenous::at(m as i32)] * 3600.0;
                        if h100e[v][m] > 0.0 && tokens_per_h100e_hour > 0.0 {
                            cost[v][m] * 1e9
                                / (h100e[v][m] * HOURS_PER_MONTH)
                                / (tokens_per_h100e_hour / 1e6)
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}
