//! Exogenous curves (spec §1.2 step 1, §B1–B4, §C potentials, §D/E cost curves): everything that depends on
//! time and parameters only. Arrays run from `BACK` months before Jan 2025 to `AHEAD` months past the horizon,
//! so trailing and forward twelve-month sums work at both ends.

use crate::params::{ParamId as P, Params};
use crate::Month;

/// Months of back-cast before Jan 2025 (for trailing-twelve-month revenue in 2025).
pub const BACK: usize = 12;
/// Months computed past the horizon (for next-twelve-month sums and procurement lead times).
pub const AHEAD: usize = 36;

/// Prompts per weekly user per month: 2.5B prompts/day × 30.4 / 0.70B WAU (Axios, Jul 2025).
pub const PROMPTS_PER_WAU_MONTH: f64 = 2.5e9 * 30.4 / 0.70e9;
/// Seconds per month (spec §2 notation).
pub const SECONDS_PER_MONTH: f64 = 2.628e6;
/// Hours per month.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// API tokens per minute at Mar 2026 (OpenAI, Mar 31 2026).
const API_TOKENS_PER_MIN_2026_03: f64 = 15e9;
const MINUTES_PER_MONTH: f64 = 43_800.0;
/// Share of the 2025 non-cash compute plug that falls in H1. The spec's scratch split is 75%; this model's H1
/// loss is smaller than the scratch arithmetic's, so 55% is what reproduces H1 burn ≈ $2.5B and end-Jun cash
/// ≈ $17.5B while keeping the 2025 total (and 2025 burn ≈ $8B) unchanged.
const NONCASH_H1_2025_SHARE: f64 = 0.55;

/// Time-indexed inputs, index `i` = month `i - BACK`.
pub struct Exogenous {
    pub wau: Vec<f64>,
    pub subs: Vec<f64>,
    pub seats: Vec<f64>,
    /// Tokens demanded per month.
    pub chat_tokens: Vec<f64>,
    pub api_tokens: Vec<f64>,
    /// Inference demand in H100e.
    pub d_inf: Vec<f64>,
    /// Training appetite in H100e.
    pub d_train: Vec<f64>,
    /// Potential (unrationed) revenue by stream, $B per month.
    pub rev_sub: Vec<f64>,
    pub rev_biz: Vec<f64>,
    pub rev_api: Vec<f64>,
    pub rev_ads: Vec<f64>,
    pub rev_other: Vec<f64>,
    pub rs_net: Vec<f64>,
    pub sm_rate: Vec<f64>,
    pub ga_rate: Vec<f64>,
    /// $B per month.
    pub personnel: Vec<f64>,
    pub sbc: Vec<f64>,
    pub noncash_compute: Vec<f64>,
    /// Market lease price, $ per H100e-hour.
    pub mkt_price_per_h100e_hr: Vec<f64>,
}

impl Exogenous {
    /// Index of month `m` in these arrays.
    pub fn at(m: i32) -> usize {
        (m + BACK as i32) as usize
    }
}

fn t_of(year: i32, month: u32) -> f64 {
    Month::from_ym(year, month).decimal_year()
}

/// Log-linear interpolation through `(t, value)` anchors; extrapolates the first segment backwards and, after the
/// last anchor, grows at `late_growth` per year (or the last segment's rate if `None`).
fn interp_log(anchors: &[(f64, f64)], t: f64, late_growth: Option<f64>) -> f64 {
    let n = anchors.len();
    let seg = |a: (f64, f64), b: (f64, f64)| (b.1 / a.1).ln() / (b.0 - a.0);
    if t <= anchors[0].0 {
        return anchors[0].1 * (seg(anchors[0], anchors[1]) * (t - anchors[0].0)).exp();
    }
    for w in anchors.windows(2) {
        if t <= w[1].0 {
            return w[0].1 * (seg(w[0], w[1]) * (t - w[0].0)).exp();
        }
    }
    let last = anchors[n - 1];
    let rate = late_growth.map(|g| (1.0 + g).ln()).unwrap_or_else(|| seg(anchors[n - 2], last));
    last.1 * (rate * (t - last.0)).exp()
}

/// Linear interpolation, flat outside the anchors.
fn interp_lin(anchors: &[(f64, f64)], t: f64) -> f64 {
    if t <= anchors[0].0 {
        return anchors[0].1;
    }
    for w in anchors.windows(2) {
        if t <= w[1].0 {
            return w[0].1 + (w[1].1 - w[0].1) * (t - w[0].0) / (w[1].0 - w[0].0);
        }
    }
    anchors[anchors.len() - 1].1
}

/// `lerp(a, b, x)` with x clipped to [0, 1].
pub fn lerp(a: f64, b: f64, x: f64) -> f64 {
    a + (b - a) * x.clamp(0.0, 1.0)
}

/// Scales plan anchors after Feb 2026 progressively, so the Dec-2030 anchor gets exactly `scale`.
fn scale_plan(anchors: &mut [(f64, f64)], scale: f64) {
    let (from, to) = (t_of(2026, 2), t_of(2030, 12));
    for a in anchors.iter_mut().filter(|a| a.0 > from) {
        a.1 *= scale.powf(((a.0 - from) / (to - from)).min(1.0));
    }
}

/// Computes the exogenous curves for `horizon` months.
pub fn compute(p: &Params, horizon: usize) -> Exogenous {
    let len = BACK + horizon + AHEAD;
    let stall_year = p[P::StallFromYear];
    let stall_t = if stall_year > 0.0 { Some(stall_year) } else { None };
    // A frozen curve is read at the last month before the stall.
    let freeze = |t: f64| match stall_t {
        Some(s) if t >= s => s - 1.0 / 24.0,
        _ => t,
    };
    let years_stalled = |t: f64| stall_t.map_or(0.0, |s| (t - s).max(0.0));

    let mut wau_anchors = vec![
        (t_of(2023, 11), 0.10e9),
        (t_of(2024, 8), 0.20e9),
        (t_of(2024, 12), 0.30e9),
        (t_of(2025, 2), 0.40e9),
        (t_of(2025, 3), 0.50e9),
        (t_of(2025, 7), 0.70e9),
        (t_of(2025, 10), 0.80e9),
        (t_of(2026, 2), 0.90e9),
        (t_of(2026, 12), 1.15e9),
        (t_of(2027, 12), 1.5e9),
        (t_of(2028, 12), 1.9e9),
        (t_of(2029, 12), 2.3e9),
        (t_of(2030, 12), 2.6e9),
    ];
    scale_plan(&mut wau_anchors, p[P::Wau2030Scale]);
    let paid_anchors = [
        (t_of(2025, 1), 0.040),
        (t_of(2025, 7), 0.050),
        (t_of(2026, 2), 0.056),
        (t_of(2030, 12), p[P::PaidShare2030]),
    ];
    let mut seat_anchors = vec![
        (t_of(2025, 1), 2.0e6),
        (t_of(2026, 2), 9.0e6),
        (t_of(2026, 12), 15.0e6),
        (t_of(2027, 12), 24.0e6),
        (t_of(2028, 12), 34.0e6),
        (t_of(2029, 12), 44.0e6),
        (t_of(2030, 12), 52.0e6),
    ];
    scale_plan(&mut seat_anchors, p[P::SeatScale]);
    let free_arpu_anchors = [(t_of(2026, 1) - 1.0 / 24.0, 0.0), (t_of(2026, 1), 1.5), (t_of(2030, 1), p[P::FreeArpu2030])];
    let other_anchors = [(t_of(2025, 7), 0.1), (t_of(2030, 7), p[P::OtherRev2030])];
    let sbc_anchors = [(t_of(2025, 3), 0.40), (t_of(2025, 9), 0.58), (t_of(2026, 2), 0.77)];
    let sbc_after = |t: f64| {
        let base = 0.77;
        let t0 = t_of(2026, 2);
        let t_2028 = 2029.0;
        if t <= t_2028 {
            base * 1.25f64.powf(t - t0)
        } else {
            base * 1.25f64.powf(t_2028 - t0) * 1.12f64.powf(t - t_2028)
        }
    };

    let mut e = Exogenous {
        wau: vec![0.0; len],
        subs: vec![0.0; len],
        seats: vec![0.0; len],
        chat_tokens: vec![0.0; len],
        api_tokens: vec![0.0; len],
        d_inf: vec![0.0; len],
        d_train: vec![0.0; len],
        rev_sub: vec![0.0; len],
        rev_biz: vec![0.0; len],
        rev_api: vec![0.0; len],
        rev_ads: vec![0.0; len],
        rev_other: vec![0.0; len],
        rs_net: vec![0.0; len],
        sm_rate: vec![0.0; len],
        ga_rate: vec![0.0; len],
        personnel: vec![0.0; len],
        sbc: vec![0.0; len],
        noncash_compute: vec![0.0; len],
        mkt_price_per_h100e_hr: vec![0.0; len],
    };

    // API tokens: log-linear from the Mar-2026 anchor with a growth rate that slows from 2026 to 2030.
    let api_growth = |t: f64| {
        if stall_t.is_some_and(|s| t >= s) {
            1.5
        } else {
            lerp(p[P::ApiVolGrowth2026], p[P::ApiVolGrowthFloor], (t - 2026.0) / 4.0)
        }
    };
    let anchor_i = Exogenous::at(Month::from_ym(2026, 3).0);
    e.api_tokens[anchor_i] = API_TOKENS_PER_MIN_2026_03 * MINUTES_PER_MONTH;
    for i in anchor_i + 1..len {
        let t = Month(i as i32 - BACK as i32 - 1).decimal_year();
        e.api_tokens[i] = e.api_tokens[i - 1] * api_growth(t).powf(1.0 / 12.0);
    }
    for i in (0..anchor_i).rev() {
        let t = Month(i as i32 - BACK as i32).decimal_year();
        e.api_tokens[i] = e.api_tokens[i + 1] / api_growth(t).powf(1.0 / 12.0);
    }
    let api_ref = e.api_tokens[Exogenous::at(Month::from_ym(2025, 7).0)];

    let tpp_2025 = p[P::TokensPerPrompt2025];
    let eta_2025 = p[P::Eta2025];
    let d_train_dec25 = p[P::DTrain2025];
    let t_dec25 = t_of(2025, 12);
    let train_growth = |t: f64| {
        // Cumulative log-growth from Dec 2025 to t, piecewise by period.
        let pieces = [(t_dec25, 2027.95, p[P::GTrain2026]), (2027.95, 2029.95, p[P::GTrain2028]), (2029.95, f64::INFINITY, p[P::GTrain2030])];
        if t <= t_dec25 {
            return p[P::GTrain2026].ln() * (t - t_dec25);
        }
        pieces.iter().map(|&(a, b, g)| g.ln() * (t.min(b) - a).max(0.0)).sum::<f64>()
    };
    let personnel_growth = |t: f64| lerp(p[P::PersonnelGrowth2025], p[P::PersonnelGrowth2030], (t - 2025.5) / 5.0);
    let mut personnel = p[P::PersonnelCash2025] / 12.0 / (1.0 + p[P::PersonnelGrowth2025]).powf(5.5 / 12.0);
    let noncash_2025 = p[P::NoncashCompute2025];

    for i in 0..len {
        let m = Month(i as i32 - BACK as i32);
        let t = m.decimal_year();
        let tf = freeze(t);
        let wau = interp_log(&wau_anchors, tf, Some(0.03));
        let paid = interp_lin(&paid_anchors, tf);
        let seats = match stall_t {
            Some(s) if t >= s => interp_log(&seat_anchors, tf, Some(0.05)) * 1.10f64.powf(t - s),
            _ => interp_log(&seat_anchors, t, Some(0.05)),
        };
        let subs = wau * paid;
        let free = wau - subs;
        let tpp = tpp_2025 * (1.0 + p[P::TokensPerPromptGrowth]).powf(t - 2025.5);
        let chat = wau * PROMPTS_PER_WAU_MONTH * tpp;
        let eta = eta_2025 * p[P::EtaGrowth].powf(t - 2025.5);
        e.wau[i] = wau;
        e.subs[i] = subs;
        e.seats[i] = seats;
        e.chat_tokens[i] = chat;
        e.d_inf[i] = (chat + e.api_tokens[i]) / (eta * SECONDS_PER_MONTH);
        e.d_train[i] = d_train_dec25 * train_growth(t).exp();

        let arpu_sub = p[P::ArpuSub2025] * (1.0 + p[P::ArpuSubGrowth]).powf(t - 2025.5);
        e.rev_sub[i] = subs * arpu_sub / 1e9;
        e.rev_biz[i] = seats * p[P::ArpuSeat] / 1e9;
        let price_factor = match stall_t {
            Some(s) if t >= s => (1.0 + p[P::ApiPriceChange]).powf(s - 2025.5) * 0.5f64.powf(t - s),
            _ => (1.0 + p[P::ApiPriceChange]).powf(t - 2025.5),
        };
        e.rev_api[i] = p[P::ApiRev2025] / 12.0 * (e.api_tokens[i] / api_ref) * price_factor;
        let mut free_arpu = interp_lin(&free_arpu_anchors, t);
        if stall_t.is_some_and(|s| t >= s) {
            free_arpu = free_arpu.min(3.0);
        }
        e.rev_ads[i] = free * free_arpu / 12.0 / 1e9;
        e.rev_other[i] = interp_lin(&other_anchors, tf) / 12.0;
        let _ = years_stalled;

        e.rs_net[i] = if m > Month::from_ym(2032, 12) {
            0.0
        } else {
            lerp(p[P::RsNet2025], p[P::RsNet2030], (t - 2025.5) / 5.0)
        };
        e.sm_rate[i] = lerp(p[P::SmRate2025], p[P::SmRate2030], (t - 2025.5) / 5.0);
        e.ga_rate[i] = lerp(p[P::GaRate2025], p[P::GaRate2030], (t - 2025.5) / 5.0);
        if m.0 >= 0 {
            if m.0 > 0 {
                personnel *= (1.0 + personnel_growth(t)).powf(1.0 / 12.0);
            }
            e.personnel[i] = personnel;
        }
        let sbc = if t <= sbc_anchors[2].0 { interp_log(&sbc_anchors, t, None) } else { sbc_after(t) };
        e.sbc[i] = sbc * p[P::SbcScale];
        e.noncash_compute[i] = match m.year() {
            2025 if m.month_of_year() <= 6 => noncash_2025 * NONCASH_H1_2025_SHARE / 6.0,
            2025 => noncash_2025 * (1.0 - NONCASH_H1_2025_SHARE) / 6.0,
            2026 => p[P::NoncashCompute2026] / 12.0,
            _ => 0.0,
        };
        e.mkt_price_per_h100e_hr[i] = p[P::MarketLeasePrice2025] * (1.0 + p[P::MarketLeasePriceChange]).powf(t - 2025.5);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_hits_anchors_and_extrapolates() {
        let a = [(2025.0, 1.0), (2026.0, 2.0), (2027.0, 4.0)];
        assert!((interp_log(&a, 2026.0, None) - 2.0).abs() < 1e-12);
        assert!((interp_log(&a, 2026.5, None) - 2.0f64.powf(1.5)).abs() < 1e-12);
        assert!((interp_log(&a, 2028.0, None) - 8.0).abs() < 1e-9);
        assert!((interp_log(&a, 2028.0, Some(0.1)) - 4.4).abs() < 1e-9);
        assert!((interp_log(&a, 2024.0, None) - 0.5).abs() < 1e-12);
        assert_eq!(interp_lin(&a, 2030.0), 4.0);
        assert_eq!(interp_lin(&a, 2025.5), 1.5);
    }

    #[test]
    fn default_demand_matches_reported_users_and_subscribers() {
        let e = compute(&Params::default(), 180);
        let feb26 = Exogenous::at(Month::from_ym(2026, 2).0);
        assert!((e.wau[feb26] / 0.9e9 - 1.0).abs() < 0.02, "{}", e.wau[feb26]);
        assert!((e.subs[feb26] / 50e6 - 1.0).abs() < 0.05, "{}", e.subs[feb26]);
        let dec30 = Exogenous::at(Month::from_ym(2030, 12).0);
        assert!((e.wau[dec30] / 2.6e9 - 1.0).abs() < 0.02);
    }
}
