//! Capacity and contract schedules (spec §A1–A10): delivered GW, H100e, payments and capex of every contract,
//! month by month, from 2025-01 to `len` months later.

use super::outputs::Outputs;
use super::schedule::{ColumnsMut, Terms};
pub use super::schedule::{Kind, Schedule};
use super::scratch::{Scratch, VendorMonths};
use crate::deals::{
    ChipChoice, ChipGen, ChipGenId, ChipVendor, Contract, ContractStatus, Counterparty,
    FinancingMode, Pricing,
};
use crate::math::PortablePow;
use crate::params::{ParamId as P, Params};
use crate::pricing::{lease_price_per_gw_month, ramp_into};
use crate::{Month, HISTORY_END};
use std::ops::Range;

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

/// Everything the capacity module produces, and what the monthly loop needs to add capacity later (confirmed
/// option steps, renegotiated deliveries).
pub struct Capacity {
    /// Binding contracts, then (appended by the monthly loop) confirmed option steps.
    pub schedules: Vec<Schedule>,
    /// Non-binding contracts (LOI, term sheet) as announced: they count only in announced obligations.
    pub option_schedules: Vec<Schedule>,
    /// The "announced" ramp: undelayed, fully delivered, LOIs included (spec §6.1), IT GW (empty when only
    /// the fans are computed).
    pub announced_gw: Scratch,
    /// Density of each vendor's latest chips per month, H100e per IT MW.
    pub latest_density: VendorMonths,
    /// Hardware cost factor of each vendor's generic generations per month (1 before them).
    cost_factor: VendorMonths,
    /// Each contract's delivered cumulative GW after delay, delivery fraction and power cap; index t + 1 is the
    /// end of month t.
    pub cumulative: Vec<Scratch>,
    /// The steps of non-binding contracts, in contract and delivery order.
    pub tranches: Vec<Tranche>,
    /// Sums over `schedules` per month, for the monthly loop.
    pub totals: Totals,
    /// Each contract's lease price per GW-month, $B: computed once, as every schedule of the contract
    /// (confirmed steps, renegotiations, affordability tests) pays the same.
    lease_price_per_gw_month: Vec<f64>,
    /// The partner SPV's monthly capital recovery factor (`partner_rate` over the IT life), computed once.
    partner_crf_per_month: f64,
}

/// One step of a non-binding contract's ramp (spec v2 §4): the GW between two ramp points.
#[derive(Clone, Copy, Debug)]
pub struct Tranche {
    pub contract: usize,
    /// The contract's cumulative GW before this step.
    pub from_gw: f64,
    /// Size of the step, IT GW.
    pub gw: f64,
    /// First month with a delivery, as planned (after the base delay).
    pub first: usize,
    /// First month at full size, as planned.
    pub full: usize,
    /// The step's announced first delivery month (undelayed), for display.
    pub announced_first: i32,
}

/// Per-month sums over the schedules the lab holds.
#[derive(Default)]
pub struct Totals {
    pub gw: Scratch,
    pub h100e: Scratch,
    /// New GW delivered per month (for the power cap's rolling window).
    pub new_gw: Scratch,
    /// GW leaving the fleet at the end of a lease or of the IT life, per month (renewal candidates).
    pub retired_gw: Scratch,
    pub payment: Scratch,
    pub depreciation: Scratch,
    pub colo: Scratch,
    /// Owned hardware and self-built facilities.
    pub capex: Scratch,
    pub owned_gw: Scratch,
    /// Hardware bought under debt financing.
    pub debt_financed_hw: Scratch,
    /// GW of binding contracts as signed (not confirmed options or renewals), for `idle_binding_gw`.
    pub signed_binding_gw: Scratch,
}

impl Totals {
    fn zeros(len: usize) -> Totals {
        let z = || Scratch::zeros(len);
        Totals {
            gw: z(),
            h100e: z(),
            new_gw: z(),
            retired_gw: z(),
            payment: z(),
            depreciation: z(),
            colo: z(),
            capex: z(),
            owned_gw: z(),
            debt_financed_hw: z(),
            signed_binding_gw: z(),
        }
    }

    /// Adds (`sign` = 1) or removes (−1) a schedule's months from `from` on, slice by slice. An empty column
    /// is skipped: a total starts at +0 and a sum is −0 only when both terms are, so ±0 never changes one.
    pub fn add(&mut self, s: &Schedule, from: usize, sign: f64, signed_binding: bool) {
        let (gw, added) = (s.gw(), s.added_gw());
        let delivering = from.min(added.len())..added.len();
        add_scaled(&mut self.new_gw, added, delivering, sign);
        let active = s.active().start.max(from)..s.active().end.max(from);
        add_scaled(&mut self.gw, gw, active.clone(), sign);
        add_scaled(&mut self.h100e, s.h100e(), active.clone(), sign);
        add_scaled(&mut self.payment, s.payment(), active.clone(), sign);
        if signed_binding {
            add_scaled(&mut self.signed_binding_gw, gw, active.clone(), sign);
        }
        if sign > 0.0 {
            // Capacity present in month t − 1 and gone in t retires at t (columns are zero after `active`).
            let start = active.start.max(1);
            let end = (s.active().end + 1).min(gw.len()).max(start);
            let pairs = gw[start - 1..end].windows(2);
            for (retired, pair) in self.retired_gw[start..end].iter_mut().zip(pairs) {
                *retired += (pair[0] - pair[1]).max(0.0);
            }
        }
        if let Kind::Owned { debt } = s.kind {
            let (content, other) = (s.hardware_content(), s.hardware_other());
            let facility = s.facility_capex();
            for t in active.clone() {
                let hw = content[t] + other[t];
                self.capex[t] += sign * (hw + facility.get(t).copied().unwrap_or(0.0));
                if debt {
                    self.debt_financed_hw[t] += sign * hw;
                }
            }
            let depreciation = s.depreciation();
            add_scaled(&mut self.depreciation, depreciation, active.clone(), sign);
            if !s.colo().is_empty() {
                add_scaled(&mut self.colo, s.colo(), active.clone(), sign);
            }
            add_scaled(&mut self.owned_gw, gw, active, sign);
        }
    }
}

/// `totals[t] += sign × values[t]` for the months t in `months`.
fn add_scaled(totals: &mut [f64], values: &[f64], months: Range<usize>, sign: f64) {
    let (totals, values) = (&mut totals[months.clone()], &values[months]);
    if sign == 1.0 {
        // Adding (almost every call): 1 × x is x, so the multiplication is left out.
        for (total, value) in totals.iter_mut().zip(values) {
            *total += value;
        }
    } else {
        for (total, value) in totals.iter_mut().zip(values) {
            *total += sign * value;
        }
    }
}

/// True for contracts whose future steps are options the lab may confirm, defer or let lapse.
pub fn is_option(c: &Contract) -> bool {
    c.status != ContractStatus::Binding
}

fn vendor_index(v: ChipVendor) -> usize {
    ChipVendor::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// The density of a chip generation under the scenario's parameters, H100e per IT MW.
fn density_of(g: &ChipGen, p: &Params) -> f64 {
    match g.id {
        ChipGenId::Legacy => p[P::H100ePerMwLegacy],
        ChipGenId::VeraRubin => p[P::RubinH100ePerMw],
        _ => g.h100e_per_mw,
    }
}

/// Computes the schedules of binding contracts and the steps of non-binding ones for `len` months.
pub fn compute(
    contracts: &[Contract],
    chips: &[ChipGen],
    p: &Params,
    len: usize,
    outputs: Outputs,
) -> Capacity {
    let with_announced = outputs == Outputs::All;
    let life_m = (p[P::ItLifeYears] * 12.0).round().max(1.0) as usize;
    let delay = p[P::BaseDelayMonths].round() as i32;

    // Latest density and cost factor per vendor and month (spec A4 and the generic-generation row).
    let mut latest_density = VendorMonths::filled(len, [0.0; 6]);
    let mut cost_factor = VendorMonths::filled(len, [1.0; 6]);
    // After the last named generation, generic ones improve density and cost per GW every month.
    let density_step = p[P::PerfPerWattGrowth].pow_portable(1.0 / 12.0);
    let cost_step = (p[P::PerfPerWattGrowth] * (1.0 + p[P::HwCostChange])).pow_portable(1.0 / 12.0);
    let mut gens: Vec<&ChipGen> = Vec::new();
    for v in ChipVendor::ALL {
        let vi = vendor_index(v);
        gens.clear();
        gens.extend(
            chips.iter().filter(|g| {
                g.vendor == v && g.id != ChipGenId::Legacy && g.id != ChipGenId::Mix2025
            }),
        );
        crate::sort::sort_by_key(&mut gens, |g| g.available);
        let Some(last) = gens.last() else { continue };
        // Named generations until 24 months after the last one's availability, then generic ones.
        let generic_from = last.available.0 + 24;
        let named_end = (generic_from + 1).clamp(0, len as i32);
        let month_index = |m: i32| m.clamp(0, named_end) as usize;
        // Each named generation is the latest from its availability (the first one from month 0) to the next
        // one's: a run of months filled at once rather than a search every month.
        let mut generic_density = 0.0;
        for (i, g) in gens.iter().enumerate() {
            let from = month_index(if i == 0 { 0 } else { g.available.0 });
            let to = gens
                .get(i + 1)
                .map_or(named_end as usize, |next| month_index(next.available.0));
            if from < to {
                generic_density = density_of(g, p);
                for month in &mut latest_density[from..to] {
                    month[vi] = generic_density;
                }
            }
        }
        let mut generic_cost = 1.0;
        let generic = named_end as usize..len;
        for (density, cost) in latest_density[generic.clone()]
            .iter_mut()
            .zip(&mut cost_factor[generic])
        {
            generic_density *= density_step;
            generic_cost *= cost_step;
            density[vi] = generic_density;
            cost[vi] = generic_cost;
        }
    }

    let mut cumulative: Vec<Scratch> = Vec::with_capacity(contracts.len());
    // Ramp levels of non-binding contracts (announced month, delivered cumulative GW): their steps.
    let mut levels: Vec<Vec<(i32, f64)>> = vec![Vec::new(); contracts.len()];
    let mut announced_gw = Scratch::zeros(if with_announced { len } else { 0 });
    let mut planned = Scratch::zeros(if with_announced { len + 1 } else { 0 });
    let mut points: Vec<(i32, f64)> = Vec::new();
    for (k, c) in contracts.iter().enumerate() {
        let is_purchase = c.pricing.is_purchase();
        points.clear();
        points.extend(c.ramp.iter().map(|rp| (rp.month.0, rp.cumulative_gw)));
        if with_announced {
            ramp_into(&points, -1, &mut planned, |v| v);
        }
        let observed = planned_at(&points, HISTORY_END.0);
        for pt in points.iter_mut().filter(|pt| pt.0 > HISTORY_END.0) {
            pt.0 += delay;
        }
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
        let level = |d: f64| d.min(observed) + fraction * (d - observed).max(0.0);
        let mut delivered = Scratch::zeros(len + 1);
        ramp_into(&points, -1, &mut delivered, level);
        if is_option(c) {
            levels[k] = c
                .ramp
                .iter()
                .map(|rp| (rp.month.0, level(rp.cumulative_gw)))
                .collect();
        }
        cumulative.push(delivered);
        if !with_announced {
            continue;
        }
        // Announced ramp: undelayed, fully delivered (planned[t + 1] is the end of month t).
        let planned_by_month = &planned[1..=len];
        if is_purchase {
            // Purchased capacity retires `life` months after it arrived.
            let retiring_from = life_m.min(len);
            let (young, old) = announced_gw.split_at_mut(retiring_from);
            for (announced, planned) in young.iter_mut().zip(planned_by_month) {
                *announced += planned;
            }
            let later = planned_by_month[retiring_from..].iter().zip(&planned[1..]);
            for (announced, (planned, retired)) in old.iter_mut().zip(later) {
                *announced += planned - retired;
            }
        } else {
            // A lease counts until its end (adding the zeros after it would change no sum: see `Totals::add`).
            let until = c
                .end
                .map_or(len, |e| (e.0 + 1).clamp(0, len as i32) as usize);
            for (announced, planned) in announced_gw[..until].iter_mut().zip(planned_by_month) {
                *announced += planned;
            }
        }
    }

    apply_power_cap(&mut cumulative, contracts, p[P::MaxNewGwPerYear], len);

    let mut cap = Capacity {
        schedules: Vec::with_capacity(contracts.len() + 16),
        option_schedules: Vec::new(),
        announced_gw,
        latest_density,
        cost_factor,
        cumulative,
        tranches: Vec::new(),
        totals: Totals::zeros(len),
        lease_price_per_gw_month: contracts.iter().map(lease_price_per_gw_month).collect(),
        partner_crf_per_month: crf(p[P::PartnerRate], p[P::ItLifeYears]) / 12.0,
    };
    for (k, c) in contracts.iter().enumerate() {
        let s = cap.build(c, k, &cap.cumulative[k], chips, p, 0, c.signed, c.status);
        if is_option(c) {
            let r = &cap.cumulative[k];
            for w in levels[k].windows(2) {
                let (from_gw, to_gw) = (w[0].1, w[1].1);
                if to_gw - from_gw <= 1e-9 {
                    continue;
                }
                // The months the capped delivered ramp passes the step's lower and upper levels.
                let first = r[1..=len].iter().position(|&gw| gw > from_gw + 1e-9);
                let full = r[1..=len].iter().position(|&gw| gw >= to_gw - 1e-9);
                if let Some(first) = first {
                    cap.tranches.push(Tranche {
                        contract: k,
                        from_gw,
                        gw: to_gw - from_gw,
                        first,
                        full: full.unwrap_or(len - 1).max(first),
                        announced_first: w[0].0,
                    });
                }
            }
            cap.option_schedules.push(s);
        } else {
            cap.totals.add(&s, 0, 1.0, true);
            cap.schedules.push(s);
        }
    }
    cap
}

/// Where a contract's chips come from: one fixed generation, or its vendor's latest in each month.
struct ChipDensity {
    vendor: usize,
    /// H100e per MW of a fixed generation.
    fixed: Option<f64>,
}

impl ChipDensity {
    fn of(c: &Contract, chips: &[ChipGen], p: &Params) -> (ChipVendor, ChipDensity) {
        let fixed = match c.chips {
            ChipChoice::Fixed(g) => chips.iter().find(|x| x.id == g),
            ChipChoice::Latest(_) => None,
        };
        let vendor = match c.chips {
            ChipChoice::Latest(v) => v,
            ChipChoice::Fixed(_) => fixed.map_or(ChipVendor::Nvidia, |x| x.vendor),
        };
        let density = ChipDensity {
            vendor: vendor_index(vendor),
            fixed: fixed.map(|g| density_of(g, p)),
        };
        (vendor, density)
    }
}

impl Capacity {
    /// H100e per MW of a contract's chips delivered in month t.
    fn density(&self, d: &ChipDensity, t: usize) -> f64 {
        d.fixed
            .unwrap_or_else(|| self.latest_density[t.min(self.len() - 1)][d.vendor])
    }

    /// H100e of tranche `t` in service in month `at` when delivered `shift` months late: what
    /// [`Capacity::build`] would give, without building the schedule (the need test runs far more often than
    /// a step is confirmed).
    pub fn tranche_h100e(
        &self,
        t: &Tranche,
        shift: usize,
        c: &Contract,
        chips: &[ChipGen],
        p: &Params,
        at: usize,
    ) -> f64 {
        let (_, chip_density) = ChipDensity::of(c, chips, p);
        let r = &self.cumulative[t.contract];
        let level = |i: usize| {
            if i < shift {
                0.0
            } else {
                (r[i - shift] - t.from_gw).clamp(0.0, t.gw)
            }
        };
        let from = (t.first + shift).min(at + 1);
        let mut h100e = 0.0;
        // Each month ends at the level the next one starts from: computed once.
        let mut level_before = level(from);
        let add = |h100e: &mut f64, level_before: &mut f64, level_after: f64, density: f64| {
            let added = (level_after - *level_before).max(0.0);
            *h100e += added * density * 1000.0;
            *level_before = level_after;
        };
        if from >= shift && at < self.len() {
            // The same months over slices: the levels after each month and its latest density (no shift,
            // clamp or bounds test per month).
            let months = from..at + 1;
            let levels_after = r[months.start + 1 - shift..=months.end - shift]
                .iter()
                .map(|gw| (gw - t.from_gw).clamp(0.0, t.gw));
            match chip_density.fixed {
                Some(density) => {
                    for level_after in levels_after {
                        add(&mut h100e, &mut level_before, level_after, density);
                    }
                }
                None => {
                    let densities = self.latest_density[months]
                        .iter()
                        .map(|d| d[chip_density.vendor]);
                    for (level_after, density) in levels_after.zip(densities) {
                        add(&mut h100e, &mut level_before, level_after, density);
                    }
                }
            }
        } else {
            for m in from..=at {
                add(
                    &mut h100e,
                    &mut level_before,
                    level(m + 1),
                    self.density(&chip_density, m),
                );
            }
        }
        h100e
    }

    /// Months the schedules run (the horizon plus the tail for later payments).
    pub fn len(&self) -> usize {
        self.totals.gw.len()
    }

    /// The cumulative delivered GW of tranche `t`, delivered `shift` months later than planned (index
    /// t + 1 = end of month t).
    pub fn tranche_cumulative(&self, t: &Tranche, shift: usize) -> Scratch {
        self.tranche_cumulative_months(t, shift, self.len())
    }

    /// [`Capacity::tranche_cumulative`] for the first `months` months.
    fn tranche_cumulative_months(&self, t: &Tranche, shift: usize, months: usize) -> Scratch {
        let r = &self.cumulative[t.contract];
        let len = (months + 1).min(r.len());
        // Nothing before the shift, then the contract's ramp within the step's levels (written once, not
        // zeroed first).
        let mut out = Scratch::with_capacity(len);
        out.resize(shift.min(len), 0.0);
        let shifted = r[..len - out.len()].iter();
        out.extend(shifted.map(|gw| (gw - t.from_gw).clamp(0.0, t.gw)));
        out
    }

    /// The schedule of contract `c` (index `k`) delivering the cumulative GW `r` (index t + 1 = end of month
    /// t). A lease's end moves `end_shift` months later (deferred or renegotiated deliveries); `signed` and
    /// `status` are what obligations see (a confirmed step is binding from its decision month).
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        &self,
        c: &Contract,
        k: usize,
        r: &[f64],
        chips: &[ChipGen],
        p: &Params,
        end_shift: i32,
        signed: Month,
        status: ContractStatus,
    ) -> Schedule {
        self.build_months(self.len(), c, k, r, chips, p, end_shift, signed, status)
    }

    /// What a step delivered `shift` months late would be owed in its first twelve months of delivery, $B:
    /// the affordability test's cost of confirming it. Built only as far as those months.
    pub fn tranche_first_year_owed(
        &self,
        t: &Tranche,
        shift: usize,
        c: &Contract,
        chips: &[ChipGen],
        p: &Params,
    ) -> f64 {
        let first = (t.first + shift).min(self.len());
        let months = (first + 12).min(self.len());
        let r = self.tranche_cumulative_months(t, shift, months);
        let sched = self.build_months(
            months,
            c,
            t.contract,
            &r,
            chips,
            p,
            shift as i32,
            Month(0),
            ContractStatus::Binding,
        );
        sched.owed_over(first..months).sum()
    }

    /// [`Capacity::build`] for the first `len` months only.
    #[allow(clippy::too_many_arguments)]
    fn build_months(
        &self,
        len: usize,
        c: &Contract,
        k: usize,
        r: &[f64],
        chips: &[ChipGen],
        p: &Params,
        end_shift: i32,
        signed: Month,
        status: ContractStatus,
    ) -> Schedule {
        let life_m = (p[P::ItLifeYears] * 12.0).round().max(1.0) as usize;
        let fac_life_m = (p[P::FacilityLifeYears] * 12.0).round().max(1.0) as usize;
        let delay = p[P::BaseDelayMonths].round() as i32;
        let hw_mult = p[P::HwPriceMult];
        let partner_crf = self.partner_crf_per_month;
        let facility_capex = p[P::FacilityCapexPerGw];
        let (vendor, chip_density) = ChipDensity::of(c, chips, p);
        let vi = chip_density.vendor;
        let density = |t: usize| self.density(&chip_density, t);
        let initial_density = c
            .initial_chips
            .and_then(|g| chips.iter().find(|x| x.id == g))
            .map_or_else(|| density(0), |g| density_of(g, p));
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
            end_shift
                + if p.on(P::TermFromDelivery) && e.0 > HISTORY_END.0 {
                    e.0 + delay
                } else {
                    e.0
                }
        });
        let lease_price = self.lease_price_per_gw_month[k];
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
                status,
                signed,
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
        for (added, (next, previous)) in added_gw.iter_mut().zip(r[1..=len].iter().zip(&r[..len])) {
            *added = (next - previous).max(0.0);
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
                let tail = life_m.max(if self_build { fac_life_m } else { 0 });
                // The last delivery: looked for only here, as a lease's months end with its term.
                let last_added = added_gw.iter().rposition(|a| *a > 0.0);
                last_added.map_or(tail, |a| a + tail + 1).min(len)
            }
        };
        let active = first..until.max(first);
        // Each column is written over the active months as a whole, one pass per quantity, so that the loops
        // carry no per-month branch on the kind and no bounds checks; every value is computed from the same
        // operands in the same order as month by month. Index i of these slices is month `first + i`.
        let added = &added_gw[active.clone()];
        let delivered = &r[active.start + 1..active.end + 1];
        let cost_factors = &self.cost_factor[active.clone()];
        let latest = matches!(c.chips, ChipChoice::Latest(_));
        let cost_factor = |i: usize| if latest { cost_factors[i][vi] } else { 1.0 };
        // H100e delivered so far, never retired (the kinds that retire vintages take them off below).
        let h100e = &mut h100e[active.clone()];
        let mut h100e_cum = initial_gw * initial_density * 1000.0;
        if let Some(density) = chip_density.fixed {
            for (h, a) in h100e.iter_mut().zip(added) {
                h100e_cum += a * density * 1000.0;
                *h = h100e_cum;
            }
        } else {
            let latest_density = &self.latest_density[active.clone()];
            for ((h, a), density) in h100e.iter_mut().zip(added).zip(latest_density) {
                h100e_cum += a * density[vi] * 1000.0;
                *h = h100e_cum;
            }
        }
        if kind == Kind::Lease {
            gw[active.clone()].copy_from_slice(delivered);
            for (pay, gw) in payment[active.clone()].iter_mut().zip(delivered) {
                *pay = gw * lease_price;
            }
            s.set_active(active);
            return s;
        }
        // What was delivered `life` months ago has retired.
        let gw = &mut gw[active.clone()];
        let retiring_from = life_m.clamp(active.start, active.end) - active.start;
        let (young, old) = gw.split_at_mut(retiring_from);
        young.copy_from_slice(&delivered[..retiring_from]);
        let delivered_before = &r[(active.start + retiring_from + 1).saturating_sub(life_m)..];
        let later = delivered[retiring_from..].iter().zip(delivered_before);
        for (gw, (now, before)) in old.iter_mut().zip(later) {
            *gw = now - before;
        }
        retire_running(h100e, life_m);
        let hardware = hardware_content[active.clone()]
            .iter_mut()
            .zip(&mut hardware_other[active.clone()]);
        for (i, ((content_b, other_b), a)) in hardware.zip(added).enumerate() {
            *content_b = a * content * cost_factor(i);
            *other_b = a * other * cost_factor(i);
        }
        if kind == Kind::PartnerLease {
            let payment = &mut payment[active.clone()];
            // Monthly payment per GW of a vintage.
            let price = |cf: f64| ((content + other) * cf + facility_capex) * partner_crf;
            let mut pay_cum = initial_gw * price(1.0);
            let columns = payment.iter_mut().zip(&mut partner_capex[active.clone()]);
            for (i, ((pay, capex), a)) in columns.zip(added).enumerate() {
                let cf = cost_factor(i);
                pay_cum += a * price(cf);
                *pay = pay_cum;
                *capex = a * ((content + other) * cf + facility_capex);
            }
            retire_running(payment, life_m);
        } else {
            // Straight-line depreciation: the running capex less that of `life` months before, over the life.
            let depreciation = &mut depreciation[active.clone()];
            let mut capex_cum = 0.0;
            for (i, (dep, a)) in depreciation.iter_mut().zip(added).enumerate() {
                capex_cum += a * (content + other) * cost_factor(i);
                *dep = capex_cum;
            }
            depreciate_running(depreciation, life_m);
            if self_build {
                let facility = &mut facility[active.clone()];
                let mut fac_cum = Scratch::with_capacity(facility.len());
                let mut sum = 0.0;
                for (f, a) in facility.iter_mut().zip(added) {
                    *f = a * facility_capex;
                    sum += *f;
                    fac_cum.push(sum);
                }
                depreciate_running(&mut fac_cum, fac_life_m);
                for (dep, fac) in depreciation.iter_mut().zip(fac_cum.iter()) {
                    *dep += fac;
                }
            } else {
                let colo_per_gw_year = p[P::ColoPricePerGwYear];
                for (colo, gw) in colo[active.clone()].iter_mut().zip(gw.iter()) {
                    *colo = gw * colo_per_gw_year / 12.0;
                }
            }
        }
        s.set_active(active);
        s
    }
}

/// Rewrites running totals (one per month) as `f(total, the total life months before)`, 0 standing for the
/// total before the first month: in blocks of `life` months from the end, so that each month still reads an
/// earlier total not yet rewritten.
fn against_earlier(running: &mut [f64], life: usize, f: impl Fn(f64, f64) -> f64) {
    let mut end = running.len();
    while end > life {
        let start = (end - life).max(life);
        let (before, block) = running.split_at_mut(start);
        for (x, old) in block[..end - start]
            .iter_mut()
            .zip(&before[start - life..end - life])
        {
            *x = f(*x, *old);
        }
        end = start;
    }
    for x in running.iter_mut().take(life) {
        *x = f(*x, 0.0);
    }
}

/// What remains in service of running totals when each month's addition retires `life` months later.
fn retire_running(running: &mut [f64], life: usize) {
    against_earlier(running, life, |total, old| total - old.min(total));
}

/// Straight-line depreciation over `life` months of running costs.
fn depreciate_running(running: &mut [f64], life: usize) {
    let months = life as f64;
    against_earlier(running, life, |total, old| (total - old) / months);
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
    crate::sort::sort_by_key(&mut order, |&k| (!contracts[k].status.is_contractual(), k));
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
        let cap = compute(
            &contracts,
            &crate::deals::chip_table(),
            &p,
            240,
            Outputs::All,
        );
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

    /// New GW of every contract (options included, as planned) in month t.
    fn new_gw(cap: &Capacity, t: usize) -> f64 {
        cap.cumulative
            .iter()
            .map(|r| (r[t + 1] - r[t]).max(0.0))
            .sum()
    }

    #[test]
    fn power_cap_limits_rolling_deliveries() {
        let mut p = Params::default();
        p[P::MaxNewGwPerYear] = 4.0;
        let contracts = reported_contracts();
        let cap = compute(
            &contracts,
            &crate::deals::chip_table(),
            &p,
            180,
            Outputs::All,
        );
        for t in (HISTORY_END.0 as usize + 12)..180 {
            let window: f64 = (t - 11..=t).map(|k| new_gw(&cap, k)).sum();
            assert!(window <= 4.0 + 1e-9, "month {t}: {window}");
        }
        // The queue eventually delivers what was contracted.
        let uncapped = compute(
            &contracts,
            &crate::deals::chip_table(),
            &Params::default(),
            180,
            Outputs::All,
        );
        let total = |c: &Capacity| (0..180).map(|k| new_gw(c, k)).sum::<f64>();
        assert!(total(&cap) <= total(&uncapped) + 1e-9);
        assert!(total(&cap) > 0.5 * total(&uncapped));
    }
}
