//! Capacity and contract schedules (spec §A1–A10): delivered GW, H100e, payments and capex of every contract,
//! month by month, from 2025-01 to `len` months later.

use super::schedule::{ColumnsMut, Terms};
pub use super::schedule::{Kind, Schedule};
use super::scratch::Scratch;
use crate::deals::{
    ChipChoice, ChipGen, ChipGenId, ChipVendor, Contract, ContractStatus, Counterparty,
    FinancingMode, Pricing,
};
use crate::math::PortablePow;
use crate::params::{ParamId as P, Params};
use crate::HISTORY_END;

/// Capital recovery factor: the annual payment that repays 1 over `years` at rate `r` (spec A7).
pub fn crf(r: f64, years: f64) -> f64 {
    if years <= 0.0 {
        return 1.0;
    }
    if r.abs() < 1e-12 {
        return 1.0 / years;
    }
    r / (1.0 - (1.0 + r).pow_portable(-years))
}

/// Everything the capacity module produces.
pub struct Capacity {
    pub schedules: Vec<Schedule>,
    /// The "announced" ramp: undelayed, fully delivered, LOIs included (spec §6.1), IT GW.
    pub announced_gw: Scratch,
    /// H100e of every contract per month (procurement compares its target against it).
    pub committed_h100e: Scratch,
    /// New GW delivered per month across contracts (for the power cap's rolling window).
    pub new_gw: Scratch,
    /// Density of each vendor's latest chips per month, H100e per IT MW.
    pub latest_density: Vec<[f64; 6]>,
    /// Sums over contracts per month, for the operating loop.
    pub totals: Totals,
}

/// Per-month sums over every contract's schedule.
#[derive(Default)]
pub struct Totals {
    pub gw: Scratch,
    pub payment: Scratch,
    pub depreciation: Scratch,
    pub colo: Scratch,
    /// Owned hardware and self-built facilities.
    pub capex: Scratch,
    pub owned_gw: Scratch,
    /// Hardware bought under debt financing.
    pub debt_financed_hw: Scratch,
}

fn vendor_index(v: ChipVendor) -> usize {
    ChipVendor::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// A monotone piecewise-linear ramp evaluated at months `first..first + out.len()`: zero before the first
/// point, linear between points, flat after the last.
fn ramp_into(points: &[(i32, f64)], first: i32, out: &mut [f64]) {
    let end = first + out.len() as i32;
    let index = |t: i32| (t.clamp(first, end) - first) as usize;
    let Some(&(start, _)) = points.first() else {
        out.fill(0.0);
        return;
    };
    out[..index(start)].fill(0.0);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let slope = (b.1 - a.1) / (b.0 - a.0) as f64;
        for t in a.0.max(first)..b.0.min(end) {
            out[(t - first) as usize] = a.1 + slope * (t - a.0) as f64;
        }
    }
    let (last_m, last_v) = points[points.len() - 1];
    out[index(last_m)..].fill(last_v);
}

/// The per-month price of a lease in $B per GW-month, or 0 for purchases (spec A6).
pub fn lease_price_per_gw_month(c: &Contract) -> f64 {
    match c.pricing {
        Pricing::LeasePerGwYear { usd_b_per_gw_year } => usd_b_per_gw_year / 12.0,
        Pricing::LeaseTotal { total_value_usd_b } => {
            let (Some(first), Some(end)) = (c.ramp.first(), c.end) else {
                return 0.0;
            };
            let points: Vec<(i32, f64)> = c
                .ramp
                .iter()
                .map(|p| (p.month.0, p.cumulative_gw))
                .collect();
            let mut planned = vec![0.0; (end.0 - first.month.0 + 1).max(0) as usize];
            ramp_into(&points, first.month.0, &mut planned);
            let gw_months: f64 = planned.iter().sum();
            if gw_months > 0.0 {
                total_value_usd_b / gw_months
            } else {
                0.0
            }
        }
        Pricing::Purchase { .. } => 0.0,
    }
}

/// A lease's implied price in $B per GW-year (used by presets that re-price one deal at another's rate).
pub fn implied_price_per_gw_year(c: &Contract) -> f64 {
    lease_price_per_gw_month(c) * 12.0
}

/// Computes every contract's schedule for `len` months.
pub fn compute(contracts: &[Contract], chips: &[ChipGen], p: &Params, len: usize) -> Capacity {
    let life_m = (p[P::ItLifeYears] * 12.0).round().max(1.0) as usize;
    let fac_life_m = (p[P::FacilityLifeYears] * 12.0).round().max(1.0) as usize;
    let delay = p[P::BaseDelayMonths].round() as i32;
    let hw_mult = p[P::HwPriceMult];
    let partner_crf = crf(p[P::PartnerRate], p[P::ItLifeYears]) / 12.0;
    let facility_capex = p[P::FacilityCapexPerGw];
    let density_of = |g: &ChipGen| match g.id {
        ChipGenId::Legacy => p[P::H100ePerMwLegacy],
        ChipGenId::VeraRubin => p[P::RubinH100ePerMw],
        _ => g.h100e_per_mw,
    };

    // Latest density and cost factor per vendor and month (spec A4 and the generic-generation row).
    let mut latest_density = vec![[0.0; 6]; len];
    let mut cost_factor = vec![[1.0; 6]; len];
    for v in ChipVendor::ALL {
        let vi = vendor_index(v);
        let mut gens: Vec<&ChipGen> = chips
            .iter()
            .filter(|g| g.vendor == v && g.id != ChipGenId::Legacy && g.id != ChipGenId::Mix2025)
            .collect();
        gens.sort_by_key(|g| g.available);
        let Some(last) = gens.last() else { continue };
        let generic_from = last.available.0 + 24;
        // After the last named generation, generic ones improve density and cost per GW every month.
        let density_step = p[P::PerfPerWattGrowth].pow_portable(1.0 / 12.0);
        let cost_step =
            (p[P::PerfPerWattGrowth] * (1.0 + p[P::HwCostChange])).pow_portable(1.0 / 12.0);
        let mut current = 0;
        let (mut generic_density, mut generic_cost) = (0.0, 1.0);
        for t in 0..len {
            let m = t as i32;
            while current + 1 < gens.len() && gens[current + 1].available.0 <= m {
                current += 1;
            }
            if m <= generic_from {
                generic_density = density_of(gens[current]);
                latest_density[t][vi] = generic_density;
            } else {
                generic_density *= density_step;
                generic_cost *= cost_step;
                latest_density[t][vi] = generic_density;
                cost_factor[t][vi] = generic_cost;
            }
        }
    }

    let mut cumulative: Vec<Scratch> = Vec::with_capacity(contracts.len());
    let mut announced_gw = Scratch::zeros(len);
    let mut planned = Scratch::zeros(len + 1);
    let mut points: Vec<(i32, f64)> = Vec::new();
    for c in contracts {
        let is_purchase = c.pricing.is_purchase();
        points.clear();
        points.extend(c.ramp.iter().map(|rp| (rp.month.0, rp.cumulative_gw)));
        ramp_into(&points, -1, &mut planned);
        let observed = planned_at(&points, HISTORY_END.0);
        for pt in points.iter_mut().filter(|pt| pt.0 > HISTORY_END.0) {
            pt.0 += delay;
        }
        let mut delivered = Scratch::zeros(len + 1);
        ramp_into(&points, -1, &mut delivered);
        let mut fraction = p[P::DeliveryFraction];
        if c.status == ContractStatus::Loi {
            fraction *= p[P::LoiScale];
            if c.counterparty == Counterparty::Nvidia {
                fraction *= 1.0 - p[P::NvidiaOverlapShare];
            }
        }
        if p.on(P::AnnouncedGwFacility) {
            fraction /= p[P::Pue];
        }
        if !p.on(P::AbileneSeparate) && c.id == "L4" {
            // Abilene counted inside Oracle's 4.5 GW: the rest of the deal is 3.3 GW.
            fraction *= 3.3 / 4.5;
        }
        for d in delivered.iter_mut() {
            *d = d.min(observed) + fraction * (*d - observed).max(0.0);
        }
        // Announced ramp: undelayed, fully delivered.
        let end = c.end.map(|e| e.0);
        for t in 0..len {
            let active = if is_purchase {
                planned[t + 1]
                    - if t >= life_m {
                        planned[t + 1 - life_m]
                    } else {
                        0.0
                    }
            } else if end.is_some_and(|e| t as i32 > e) {
                0.0
            } else {
                planned[t + 1]
            };
            announced_gw[t] += active;
        }
        cumulative.push(delivered);
    }

    apply_power_cap(&mut cumulative, contracts, p[P::MaxNewGwPerYear], len);

    let mut schedules = Vec::with_capacity(contracts.len());
    // Cumulative (never retired) sums, so a vintage's share leaves `life` months after it arrived; reused
    // across contracts.
    let mut cum_h100e = Scratch::zeros(len);
    let mut cum_pay = Scratch::zeros(len);
    let mut cum_capex = Scratch::zeros(len);
    let mut cum_fac = Scratch::zeros(len);
    let mut committed_h100e = Scratch::zeros(len);
    let mut new_gw = Scratch::zeros(len);
    let mut totals = Totals {
        gw: Scratch::zeros(len),
        payment: Scratch::zeros(len),
        depreciation: Scratch::zeros(len),
        colo: Scratch::zeros(len),
        capex: Scratch::zeros(len),
        owned_gw: Scratch::zeros(len),
        debt_financed_hw: Scratch::zeros(len),
    };
    for (k, c) in contracts.iter().enumerate() {
        let r = &cumulative[k];
        let vendor = match c.chips {
            ChipChoice::Latest(v) => v,
            ChipChoice::Fixed(g) => chips
                .iter()
                .find(|x| x.id == g)
                .map_or(ChipVendor::Nvidia, |x| x.vendor),
        };
        let vi = vendor_index(vendor);
        let fixed = match c.chips {
            ChipChoice::Fixed(g) => chips.iter().find(|x| x.id == g),
            ChipChoice::Latest(_) => None,
        };
        let density = |t: usize| fixed.map_or(latest_density[t.min(len - 1)][vi], density_of);
        let initial_density = c
            .initial_chips
            .and_then(|g| chips.iter().find(|x| x.id == g))
            .map_or_else(|| density(0), density_of);
        let kind = match c.pricing {
            Pricing::Purchase {
                financing: FinancingMode::PartnerLease,
                ..
            } => Kind::PartnerLease,
            Pricing::Purchase {
                financing: FinancingMode::Debt,
                ..
            } => Kind::Owned { debt: true },
            Pricing::Purchase {
                financing: FinancingMode::Cash,
                ..
            } => Kind::Owned { debt: false },
            _ => Kind::Lease,
        };
        let end = c.end.map(|e| {
            if p.on(P::TermFromDelivery) && e.0 > HISTORY_END.0 {
                e.0 + delay
            } else {
                e.0
            }
        });
        let lease_price = lease_price_per_gw_month(c);
        let (content, other, self_build) = match c.pricing {
            Pricing::Purchase {
                vendor_content_usd_b_per_gw,
                other_it_usd_b_per_gw,
                self_build,
                ..
            } => (
                vendor_content_usd_b_per_gw * hw_mult,
                other_it_usd_b_per_gw * hw_mult,
                self_build,
            ),
            _ => (0.0, 0.0, false),
        };
        let mut s = Schedule::new(
            Terms {
                contract: k,
                counterparty: c.counterparty,
                vendor,
                status: c.status,
                signed: c.signed,
                kind,
                self_build,
            },
            len,
        );
        let ColumnsMut {
            gw,
            h100e,
            added_gw,
            payment,
            hardware_content,
            hardware_other,
            facility_capex: facility,
            depreciation,
            colo,
            partner_capex,
        } = s.columns_mut();
        let initial_gw = r[0];
        // Deliveries, every month: they feed the power-cap window, vendor money and the ledger.
        let mut last_added = None;
        for t in 0..len {
            let added = (r[t + 1] - r[t]).max(0.0);
            added_gw[t] = added;
            new_gw[t] += added;
            if added > 0.0 {
                last_added = Some(t);
            }
        }
        // Everything else is zero outside the months the contract has capacity, or pays or depreciates it.
        let first = if initial_gw > 0.0 {
            0
        } else {
            added_gw.iter().position(|a| *a > 0.0).unwrap_or(len)
        };
        let until = match kind {
            Kind::Lease => end.map_or(len, |e| (e + 1).clamp(0, len as i32) as usize),
            _ => {
                let tail = if self_build {
                    life_m.max(fac_life_m)
                } else {
                    life_m
                };
                last_added.map_or(tail, |a| a + tail + 1).min(len)
            }
        };
        let latest = matches!(c.chips, ChipChoice::Latest(_));
        let mut h100e_cum = initial_gw * initial_density * 1000.0;
        let mut pay_cum = initial_gw
            * price_for(
                kind,
                lease_price,
                content,
                other,
                facility_capex,
                partner_crf,
                1.0,
            );
        // The cumulative buffers are shared across contracts: before `first` this contract's are zero.
        let old = |v: &[f64], t: usize, life: usize| {
            if t >= first + life {
                v[t - life]
            } else {
                0.0
            }
        };
        for t in first..until {
            let added = added_gw[t];
            let cf = if latest { cost_factor[t][vi] } else { 1.0 };
            h100e_cum += added * density(t) * 1000.0;
            cum_h100e[t] = h100e_cum;
            match kind {
                Kind::Lease => {
                    gw[t] = r[t + 1];
                    h100e[t] = h100e_cum;
                    payment[t] = r[t + 1] * lease_price;
                }
                Kind::PartnerLease | Kind::Owned { .. } => {
                    // What was delivered `life` months ago has retired.
                    gw[t] = r[t + 1] - if t >= life_m { r[t + 1 - life_m] } else { 0.0 };
                    h100e[t] = h100e_cum - old(&cum_h100e, t, life_m).min(h100e_cum);
                    hardware_content[t] = added * content * cf;
                    hardware_other[t] = added * other * cf;
                    if kind == Kind::PartnerLease {
                        pay_cum += added
                            * price_for(
                                kind,
                                lease_price,
                                content,
                                other,
                                facility_capex,
                                partner_crf,
                                cf,
                            );
                        cum_pay[t] = pay_cum;
                        payment[t] = pay_cum - old(&cum_pay, t, life_m).min(pay_cum);
                        partner_capex[t] = added * ((content + other) * cf + facility_capex);
                    } else {
                        let previous = if t > first { cum_capex[t - 1] } else { 0.0 };
                        cum_capex[t] = previous + added * (content + other) * cf;
                        depreciation[t] =
                            (cum_capex[t] - old(&cum_capex, t, life_m)) / life_m as f64;
                        if self_build {
                            facility[t] = added * facility_capex;
                            let previous = if t > first { cum_fac[t - 1] } else { 0.0 };
                            cum_fac[t] = previous + facility[t];
                            depreciation[t] +=
                                (cum_fac[t] - old(&cum_fac, t, fac_life_m)) / fac_life_m as f64;
                        } else {
                            colo[t] = gw[t] * p[P::ColoPricePerGwYear] / 12.0;
                        }
                    }
                }
            }
            committed_h100e[t] += h100e[t];
            totals.gw[t] += gw[t];
            totals.payment[t] += payment[t];
        }
        if let Kind::Owned { debt } = kind {
            for t in first..until {
                let hw = hardware_content[t] + hardware_other[t];
                totals.capex[t] += hw + facility.get(t).copied().unwrap_or(0.0);
                totals.depreciation[t] += depreciation[t];
                totals.colo[t] += colo.get(t).copied().unwrap_or(0.0);
                totals.owned_gw[t] += gw[t];
                if debt {
                    totals.debt_financed_hw[t] += hw;
                }
            }
        }
        s.active = first..until.max(first);
        schedules.push(s);
    }
    Capacity {
        schedules,
        announced_gw,
        committed_h100e,
        new_gw,
        latest_density,
        totals,
    }
}

/// Monthly payment per GW delivered in one vintage.
fn price_for(
    kind: Kind,
    lease: f64,
    content: f64,
    other: f64,
    facility: f64,
    partner_crf: f64,
    cost_factor: f64,
) -> f64 {
    match kind {
        Kind::Lease => lease,
        Kind::PartnerLease => ((content + other) * cost_factor + facility) * partner_crf,
        Kind::Owned { .. } => 0.0,
    }
}

fn planned_at(points: &[(i32, f64)], month: i32) -> f64 {
    let Some(first) = points.first() else {
        return 0.0;
    };
    if month < first.0 {
        return 0.0;
    }
    for w in points.windows(2) {
        if month < w[1].0 {
            return w[0].1 + (w[1].1 - w[0].1) * (month - w[0].0) as f64 / (w[1].0 - w[0].0) as f64;
        }
    }
    points[points.len() - 1].1
}

/// Spec A3: at most `cap_gw` of new IT GW in any rolling 12 months; the excess queues, contractual deals first.
/// Months of observed history are never capped.
fn apply_power_cap(cumulative: &mut [Scratch], contracts: &[Contract], cap_gw: f64, len: usize) {
    if cap_gw <= 0.0 {
        return;
    }
    let mut order: Vec<usize> = (0..contracts.len()).collect();
    order.sort_by_key(|&k| (!contracts[k].status.is_contractual(), k));
    let desired: Vec<Vec<f64>> = cumulative
        .iter()
        .map(|r| r.windows(2).map(|w| (w[1] - w[0]).max(0.0)).collect())
        .collect();
    let mut queue = vec![0.0; contracts.len()];
    let mut delivered_new = vec![0.0; len];
    for t in 0..len {
        let window: f64 = delivered_new[t.saturating_sub(11)..t].iter().sum();
        let mut room = if t as i32 <= HISTORY_END.0 {
            f64::INFINITY
        } else {
            (cap_gw - window).max(0.0)
        };
        for &k in &order {
            queue[k] += desired[k][t];
            let take = queue[k].min(room);
            queue[k] -= take;
            room -= take;
            delivered_new[t] += take;
            cumulative[k][t + 1] = cumulative[k][t] + take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deals::reported_contracts;

    #[test]
    fn capital_recovery_factor() {
        assert!((crf(0.09, 5.0) - 0.2571).abs() < 1e-4);
        assert!((crf(0.0, 4.0) - 0.25).abs() < 1e-12);
        // $52B/GW all-in at 9% over 5 years ≈ $13.4B per GW-year (spec A7 example).
        assert!((52.0 * crf(0.09, 5.0) - 13.37).abs() < 0.05);
    }

    #[test]
    fn fully_delivered_lease_pays_exactly_its_total_value() {
        let mut p = Params::default();
        p[P::BaseDelayMonths] = 0.0;
        p[P::DeliveryFraction] = 1.0;
        let contracts = reported_contracts();
        let cap = compute(&contracts, &crate::deals::chip_table(), &p, 240);
        for (k, c) in contracts.iter().enumerate() {
            if let Pricing::LeaseTotal { total_value_usd_b } = c.pricing {
                if c.ramp[0].month.0 < 0 {
                    continue;
                }
                let paid: f64 = cap.schedules[k].payment().iter().sum();
                assert!(
                    (paid - total_value_usd_b).abs() < 1e-6 * total_value_usd_b,
                    "{}: paid {paid} of {total_value_usd_b}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn power_cap_limits_rolling_deliveries() {
        let mut p = Params::default();
        p[P::MaxNewGwPerYear] = 4.0;
        let contracts = reported_contracts();
        let cap = compute(&contracts, &crate::deals::chip_table(), &p, 180);
        for t in (HISTORY_END.0 as usize + 12)..180 {
            let window: f64 = cap.new_gw[t - 11..=t].iter().sum();
            assert!(window <= 4.0 + 1e-9, "month {t}: {window}");
        }
        // The queue eventually delivers what was contracted.
        let uncapped = compute(
            &contracts,
            &crate::deals::chip_table(),
            &Params::default(),
            180,
        );
        let total = |c: &Capacity| c.new_gw.iter().sum::<f64>();
        assert!(total(&cap) <= total(&uncapped) + 1e-9);
        assert!(total(&cap) > 0.5 * total(&uncapped));
    }
}
