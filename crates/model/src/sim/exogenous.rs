//! Exogenous curves (spec §1.2 step 1, §B1–B4, §C potentials, §D/E cost curves): everything that depends on
//! time and parameters only. Arrays run from `BACK` months before Jan 2025 to `AHEAD` months past the horizon,
//! so trailing and forward twelve-month sums work at both ends.

use super::scratch::Scratch;
use crate::math::PortablePow;
use crate::month::SECONDS_PER_MONTH;
use crate::params::{ParamId as P, Params};
use crate::{Month, HISTORY_END};

/// Months of back-cast before Jan 2025 (for trailing-twelve-month revenue in 2025).
pub const BACK: usize = 12;
/// Months computed past the horizon (for next-twelve-month sums and procurement lead times).
pub const AHEAD: usize = 36;

/// Prompts per weekly user per month: 2.5B prompts/day × 30.4 / 0.70B WAU (Axios, Jul 2025).
pub const PROMPTS_PER_WAU_MONTH: f64 = 2.5e9 * 30.4 / 0.70e9;
/// API tokens per minute at Mar 2026 (OpenAI, Mar 31 2026).
const API_TOKENS_PER_MIN_2026_03: f64 = 15e9;
const MINUTES_PER_MONTH: f64 = 43_800.0;
/// First month of the Microsoft amendment's gross revenue share (Apr 27 2026 announcement).
pub const RS_AMENDED_FROM: Month = Month::from_ym(2026, 5);
/// Last month it is paid: the end of 2030.
pub const RS_AMENDED_UNTIL: Month = Month::from_ym(2030, 12);

/// Time-indexed inputs, index `i` = month `i - BACK`.
pub struct Exogenous {
    pub wau: Scratch,
    pub subs: Scratch,
    pub seats: Scratch,
    /// Tokens demanded per month.
    pub chat_tokens: Scratch,
    pub api_tokens: Scratch,
    /// Inference demand in H100e.
    pub d_inf: Scratch,
    /// Training appetite in H100e.
    pub d_train: Scratch,
    /// Potential (unrationed) revenue by stream, $B per month.
    pub rev_sub: Scratch,
    pub rev_biz: Scratch,
    pub rev_api: Scratch,
    pub rev_ads: Scratch,
    pub rev_other: Scratch,
    /// Microsoft's share of revenue per month: net before the amendment (or without it), gross after.
    pub rs_net: Scratch,
    pub sm_rate: Scratch,
    pub ga_rate: Scratch,
    /// $B per month.
    pub personnel: Scratch,
    pub sbc: Scratch,
    pub noncash_compute: Scratch,
    /// Market lease price, $ per H100e-hour.
    pub mkt_price_per_h100e_hr: Scratch,
    /// Inference efficiency, tokens per second per H100e.
    pub eta: Scratch,
}

impl Exogenous {
    /// Index of month `m` in these arrays.
    pub fn at(m: i32) -> usize {
        (m + BACK as i32) as usize
    }
}

/// Log-linear curve through monthly anchors `(month, value)`, evaluated for months `first..first + len`.
/// Before the first anchor it extrapolates the first segment backwards; after the last it grows by
/// `late_growth` per year (or the last segment's rate if `None`). In a reused buffer: the curves are
/// intermediate, and a fresh vector of a run's length costs more to allocate than to fill.
fn log_curve(anchors: &[(i32, f64)], late_growth: Option<f64>, first: i32, len: usize) -> Scratch {
    let rates: Vec<f64> = anchors
        .windows(2)
        .map(|w| (w[1].1 / w[0].1).pow_portable(1.0 / (w[1].0 - w[0].0) as f64))
        .collect();
    let last = anchors[anchors.len() - 1];
    let late = late_growth.map_or(rates[rates.len() - 1], |g| {
        (1.0 + g).pow_portable(1.0 / 12.0)
    });
    // Step month by month (one multiplication each), re-anchoring exactly at every anchor.
    let mut seg = 0;
    let mut next = anchors
        .iter()
        .position(|a| a.0 >= first)
        .unwrap_or(anchors.len());
    let mut value = anchors[0].1 * rates[0].pow_portable((first - anchors[0].0) as f64);
    let mut out = Scratch::with_capacity(len);
    for m in first..first + len as i32 {
        if next < anchors.len() && anchors[next].0 == m {
            value = anchors[next].1;
            seg = next.min(rates.len() - 1);
            next += 1;
        } else if m > first {
            value *= if m > last.0 { late } else { rates[seg] };
        }
        out.push(value);
    }
    out
}

/// Linear interpolation through monthly anchors, flat outside them.
fn lin_curve(anchors: &[(i32, f64)], m: i32) -> f64 {
    if m <= anchors[0].0 {
        return anchors[0].1;
    }
    for w in anchors.windows(2) {
        if m <= w[1].0 {
            return w[0].1 + (w[1].1 - w[0].1) * (m - w[0].0) as f64 / (w[1].0 - w[0].0) as f64;
        }
    }
    anchors[anchors.len() - 1].1
}

/// `base × annual^(t − 2025.5)` at mid-month t, as month 0's value and a monthly factor (cheap to step).
fn compounding_from_mid_2025(base: f64, annual: f64) -> (f64, f64) {
    let monthly = annual.max(1e-9).pow_portable(1.0 / 12.0);
    (base * monthly.pow_portable(-5.5), monthly)
}

/// A quantity compounding monthly from the first computed month: `next()` yields it month by month.
struct Compound {
    value: f64,
    monthly: f64,
}

impl Compound {
    /// `base × annual^(t − 2025.5)`, starting at month `first`.
    fn from_mid_2025(base: f64, annual: f64, first: i32) -> Compound {
        let (v0, monthly) = compounding_from_mid_2025(base, annual);
        Compound {
            value: v0 * monthly.pow_portable((first) as f64),
            monthly,
        }
    }
    fn next(&mut self) -> f64 {
        let v = self.value;
        self.value *= self.monthly;
        v
    }
}

/// `lerp(a, b, x)` with x clipped to [0, 1].
pub fn lerp(a: f64, b: f64, x: f64) -> f64 {
    a + (b - a) * x.clamp(0.0, 1.0)
}

const fn ym(year: i32, month: u32) -> i32 {
    Month::from_ym(year, month).0
}

/// December 2030: from the month after, people costs (cash and SBC) grow at a rate that moves towards
/// `personnel_growth_2035`.
const PEOPLE_TAPER_FROM: i32 = Month::from_ym(2030, 12).0;

/// The last observed month of the user and seat curves (weekly users, May 2026): plans scale only after it.
const OBSERVED_USERS_END: i32 = Month::from_ym(2026, 5).0;

/// Scales plan anchors after May 2026 progressively, so the Dec-2030 anchor gets exactly `scale`.
fn scale_plan(anchors: &mut [(i32, f64)], scale: f64) {
    let (from, to) = (OBSERVED_USERS_END, ym(2030, 12));
    for a in anchors.iter_mut().filter(|a| a.0 > from) {
        a.1 *= scale.pow_portable(((a.0 - from) as f64 / (to - from) as f64).min(1.0));
    }
}

/// Computes the exogenous curves for `horizon` months.
pub fn compute(p: &Params, horizon: usize) -> Exogenous {
    let len = BACK + horizon + AHEAD;
    let first = -(BACK as i32);
    // Revenue growth stalls (scenario S7) from January of this year: curves freeze at the month before.
    let stall =
        (p[P::StallFromYear] > 0.0).then(|| Month::from_ym(p[P::StallFromYear] as i32, 1).0);
    let stalled = |m: i32| stall.is_some_and(|s| m >= s);
    let frozen = |m: i32| stall.map_or(m, |s| m.min(s - 1));

    let mut wau_anchors = vec![
        (ym(2023, 11), 0.10e9),
        (ym(2024, 8), 0.20e9),
        (ym(2024, 12), 0.30e9),
        (ym(2025, 2), 0.40e9),
        (ym(2025, 3), 0.50e9),
        (ym(2025, 7), 0.70e9),
        (ym(2025, 10), 0.80e9),
        (ym(2026, 2), 0.90e9),
        // "Over 900M" still in May 2026, the 1B-by-end-2025 target missed (WSJ, Apr 27 2026): a plateau.
        (ym(2026, 5), 0.91e9),
        (ym(2026, 12), 1.05e9),
        (ym(2027, 12), 1.5e9),
        (ym(2028, 12), 1.9e9),
        (ym(2029, 12), 2.3e9),
        (ym(2030, 12), 2.6e9),
    ];
    scale_plan(&mut wau_anchors, p[P::Wau2030Scale]);
    let paid_anchors = [
        (ym(2025, 1), 0.040),
        (ym(2025, 7), 0.050),
        (ym(2026, 2), 0.056),
        (ym(2030, 12), p[P::PaidShare2030]),
    ];
    let mut seat_anchors = vec![
        (ym(2025, 1), 2.0e6),
        (ym(2026, 2), 9.0e6),
        (ym(2026, 12), 15.0e6),
        (ym(2027, 12), 24.0e6),
        (ym(2028, 12), 34.0e6),
        (ym(2029, 12), 44.0e6),
        (ym(2030, 12), 52.0e6),
    ];
    scale_plan(&mut seat_anchors, p[P::SeatScale]);
    let free_arpu_anchors = [(ym(2026, 1), 1.5), (ym(2030, 1), p[P::FreeArpu2030])];
    let other_anchors = [(ym(2025, 7), 0.1), (ym(2030, 7), p[P::OtherRev2030])];
    // SBC run-rate: log-linear through reported points, then +25%/yr to end-2028 and +12%/yr through 2030; from
    // 2031 it grows as cash personnel costs do (equity pay scales with the same people), below.
    let sbc_anchors = [
        (ym(2025, 3), 0.40),
        (ym(2025, 9), 0.58),
        (ym(2026, 2), 0.77),
        (ym(2029, 1), 0.77 * 1.25f64.pow_portable(35.0 / 12.0)),
    ];

    let wau = log_curve(&wau_anchors, Some(0.03), first, len);
    let seats_plan = log_curve(&seat_anchors, Some(0.05), first, len);
    let sbc = log_curve(&sbc_anchors, Some(0.12), first, len);

    // API tokens: from the Mar-2026 anchor, growing at a rate that slows from 2026 to 2030.
    let stalled_api_monthly = 1.5f64.pow_portable(1.0 / 12.0);
    let api_monthly = |m: i32| {
        if stalled(m) {
            stalled_api_monthly
        } else {
            let t = Month(m).decimal_year();
            lerp(
                p[P::ApiVolGrowth2026],
                p[P::ApiVolGrowthFloor],
                (t - 2026.0) / 4.0,
            )
            .pow_portable(1.0 / 12.0)
        }
    };
    let mut api_tokens = Scratch::zeros(len);
    let anchor_i = Exogenous::at(ym(2026, 3));
    api_tokens[anchor_i] = API_TOKENS_PER_MIN_2026_03 * MINUTES_PER_MONTH;
    let mut factor = api_monthly(ym(2026, 3));
    // Stepped with the running value in a register, not read back from the last month's store.
    let mut tokens = api_tokens[anchor_i];
    for i in anchor_i + 1..len {
        let m = i as i32 + first;
        if (ym(2026, 1)..=ym(2030, 1)).contains(&m) || stalled(m) {
            factor = api_monthly(m - 1);
        }
        tokens *= factor;
        api_tokens[i] = tokens;
    }
    let back_factor = api_monthly(first);
    for i in (0..anchor_i).rev() {
        api_tokens[i] = api_tokens[i + 1] / back_factor;
    }
    let api_ref = api_tokens[Exogenous::at(ym(2025, 7))];

    // Tokens per prompt grow at a rate that slows linearly from mid-2025 to the 2030 rate, then holds.
    let tpp_rate = |m: i32| {
        let t = (m as f64 - 5.5) / 12.0 / 5.0;
        (1.0 + lerp(
            p[P::TokensPerPromptGrowth],
            p[P::TokensPerPromptGrowth2030],
            t,
        ))
        .pow_portable(1.0 / 12.0)
    };
    // Until mid-2025 and from mid-2030 the rate holds (the interpolation is clamped): one power for each.
    let (tpp_early, tpp_late) = (tpp_rate(5), tpp_rate(66));
    let tpp_monthly = |m: i32| match m {
        ..=5 => tpp_early,
        66.. => tpp_late,
        _ => tpp_rate(m),
    };
    let mut tokens_per_prompt = {
        // Anchored at mid-2025 (month 5.5); stepped from the first computed month.
        let mut v = p[P::TokensPerPrompt2025] / tpp_monthly(0).pow_portable(5.5);
        for m in (first..0).rev() {
            v /= tpp_monthly(m);
        }
        v
    };
    let mut eta = Compound::from_mid_2025(p[P::Eta2025], p[P::EtaGrowth], first);
    // Jevons (spec v2 §2): token volume scales with (serving cost ÷ reference)^−ε, the reference being the
    // cost path under default technology parameters. Serving cost per token = market price per H100e-hour ÷
    // tokens per H100e-hour, so the ratio is the product of the price and efficiency ratios.
    // Normalised to 1 at the end of observed history (history fixes volumes), the ratio then compounds by
    // one factor a month, as both cost paths do.
    let defaults = Params::default();
    let monthly = |annual: f64| compounding_from_mid_2025(1.0, annual).1;
    let cost_ratio_q = (monthly(1.0 + p[P::MarketLeasePriceChange])
        / monthly(1.0 + defaults[P::MarketLeasePriceChange]))
        * (monthly(defaults[P::EtaGrowth]) / monthly(p[P::EtaGrowth]));
    let volume_q = cost_ratio_q.pow_portable(-p[P::UsageElasticity]);
    let api_price_q = cost_ratio_q.pow_portable(p[P::ApiPricePassThrough]);
    let (mut volume, mut api_price_factor) = (1.0, 1.0);
    let mut arpu_sub = Compound::from_mid_2025(p[P::ArpuSub2025], 1.0 + p[P::ArpuSubGrowth], first);
    let mut api_price = Compound::from_mid_2025(1.0, 1.0 + p[P::ApiPriceChange], first);
    let stalled_price_q = 0.5f64.pow_portable(1.0 / 12.0);
    let mut market_price = Compound::from_mid_2025(
        p[P::MarketLeasePrice2025],
        1.0 + p[P::MarketLeasePriceChange],
        first,
    );
    let personnel_q = [
        p[P::PersonnelGrowth2025],
        p[P::PersonnelGrowth2030],
        p[P::PersonnelGrowth2035],
    ]
    .map(|g| (1.0 + g).pow_portable(1.0 / 12.0));
    // People costs' monthly growth: from the 2025 to the 2030 rate by mid-2030, then from Dec 2030 to the 2035
    // rate by Dec 2035 (a maturing lab hires about as fast as its revenue grows), flat after.
    let personnel_rate = |m: i32| {
        if m <= PEOPLE_TAPER_FROM {
            lerp(
                personnel_q[0],
                personnel_q[1],
                (m as f64 - 5.5) / 12.0 / 5.0,
            )
        } else {
            let progress = f64::from(m - PEOPLE_TAPER_FROM) / 60.0;
            lerp(personnel_q[1], personnel_q[2], progress)
        }
    };
    let train_q =
        [p[P::GTrain2026], p[P::GTrain2028], p[P::GTrain2030]].map(|g| g.pow_portable(1.0 / 12.0));
    let train_rate = |m: i32| {
        if m <= ym(2027, 12) {
            train_q[0]
        } else if m <= ym(2029, 12) {
            train_q[1]
        } else {
            train_q[2]
        }
    };
    let seat_stall_q = 1.10f64.pow_portable(1.0 / 12.0);
    let noncash_2025 = p[P::NoncashCompute2025];

    let mut e = Exogenous {
        wau: Scratch::zeros(len),
        subs: Scratch::zeros(len),
        seats: Scratch::zeros(len),
        chat_tokens: Scratch::zeros(len),
        api_tokens,
        d_inf: Scratch::zeros(len),
        d_train: Scratch::zeros(len),
        rev_sub: Scratch::zeros(len),
        rev_biz: Scratch::zeros(len),
        rev_api: Scratch::zeros(len),
        rev_ads: Scratch::zeros(len),
        rev_other: Scratch::zeros(len),
        rs_net: Scratch::zeros(len),
        sm_rate: Scratch::zeros(len),
        ga_rate: Scratch::zeros(len),
        personnel: Scratch::zeros(len),
        sbc: Scratch::zeros(len),
        noncash_compute: Scratch::zeros(len),
        mkt_price_per_h100e_hr: Scratch::zeros(len),
        eta: Scratch::zeros(len),
    };

    // Training appetite: stepped from its Dec-2025 value in both directions.
    let dec25 = Exogenous::at(ym(2025, 12));
    e.d_train[dec25] = p[P::DTrain2025];
    let mut d_train = e.d_train[dec25];
    for i in dec25 + 1..len {
        d_train *= train_rate(i as i32 + first);
        e.d_train[i] = d_train;
    }
    for i in (0..dec25).rev() {
        e.d_train[i] = e.d_train[i + 1] / train_q[0];
    }

    let mut personnel =
        p[P::PersonnelCash2025] / 12.0 / (1.0 + p[P::PersonnelGrowth2025]).pow_portable(5.5 / 12.0);
    let mut price_factor = 1.0;
    let api_margin_cap = p[P::ApiMarginCap].min(0.99);
    // 2025's API revenue per month, divided once rather than every month.
    let api_rev_2025_per_month = p[P::ApiRev2025] / 12.0;
    {
        // Every curve sliced to exactly `len` months once: indexing them in the loop needs no bounds checks.
        let out_wau = &mut e.wau[..len];
        let out_subs = &mut e.subs[..len];
        let out_seats = &mut e.seats[..len];
        let out_chat_tokens = &mut e.chat_tokens[..len];
        let out_api_tokens = &mut e.api_tokens[..len];
        let out_d_inf = &mut e.d_inf[..len];
        let out_rev_sub = &mut e.rev_sub[..len];
        let out_rev_biz = &mut e.rev_biz[..len];
        let out_rev_api = &mut e.rev_api[..len];
        let out_rev_ads = &mut e.rev_ads[..len];
        let out_rev_other = &mut e.rev_other[..len];
        let out_rs_net = &mut e.rs_net[..len];
        let out_sm_rate = &mut e.sm_rate[..len];
        let out_ga_rate = &mut e.ga_rate[..len];
        let out_personnel = &mut e.personnel[..len];
        let out_sbc = &mut e.sbc[..len];
        let out_noncash_compute = &mut e.noncash_compute[..len];
        let out_mkt_price_per_h100e_hr = &mut e.mkt_price_per_h100e_hr[..len];
        let out_eta = &mut e.eta[..len];
        for i in 0..len {
            let m = i as i32 + first;
            let fi = (frozen(m) - first) as usize;
            let wau_m = wau[fi];
            let paid = lin_curve(&paid_anchors, frozen(m));
            let seats = match stall {
                Some(s) if m >= s => seats_plan[fi] * seat_stall_q.pow_portable((m - s + 1) as f64),
                _ => seats_plan[i],
            };
            let subs = wau_m * paid;
            let eta = eta.next();
            let market_price = market_price.next();
            if m > HISTORY_END.0 {
                volume *= volume_q;
                api_price_factor *= api_price_q;
            }
            let chat = wau_m * PROMPTS_PER_WAU_MONTH * tokens_per_prompt * volume;
            tokens_per_prompt *= tpp_monthly(m);
            out_api_tokens[i] *= volume;
            out_eta[i] = eta;
            out_wau[i] = wau_m;
            out_subs[i] = subs;
            out_seats[i] = seats;
            out_chat_tokens[i] = chat;
            out_d_inf[i] = (chat + out_api_tokens[i]) / (eta * SECONDS_PER_MONTH);

            out_rev_sub[i] = subs * arpu_sub.next() / 1e9;
            out_rev_biz[i] = seats * p[P::ArpuSeat] / 1e9;
            let normal_price = api_price.next();
            price_factor = if stalled(m) {
                price_factor * stalled_price_q
            } else {
                normal_price
            };
            out_rev_api[i] = api_rev_2025_per_month
                * (out_api_tokens[i] / api_ref)
                * price_factor
                * api_price_factor;
            // Competition (`api_margin_cap`): after history, a token sells for at most serving cost ÷ (1 − cap).
            let serving_cost_per_token_usd = market_price / (eta * 3600.0);
            let price_cap_usd_b =
                out_api_tokens[i] * serving_cost_per_token_usd / (1.0 - api_margin_cap) / 1e9;
            if m > HISTORY_END.0 && out_rev_api[i] > price_cap_usd_b {
                out_rev_api[i] = price_cap_usd_b;
            }
            let mut free_arpu = if m < ym(2026, 1) {
                0.0
            } else {
                lin_curve(&free_arpu_anchors, m)
            };
            if stalled(m) {
                free_arpu = free_arpu.min(3.0);
            }
            out_rev_ads[i] = (wau_m - subs) * free_arpu / 12.0 / 1e9;
            out_rev_other[i] = lin_curve(&other_anchors, frozen(m)) / 12.0;

            let years_from_mid_2025 = (m as f64 - 5.5) / 12.0;
            // The Microsoft amendment (Apr 2026): a gross share from May 2026 to the end of 2030, then nothing
            // (its cap on total payments applies in the operating loop). Before it, or without it, the net share.
            out_rs_net[i] = if p.on(P::MsAmendment) && m >= RS_AMENDED_FROM.0 {
                if m <= RS_AMENDED_UNTIL.0 {
                    p[P::RsAmendedGross]
                } else {
                    0.0
                }
            } else if m > ym(2032, 12) {
                0.0
            } else {
                lerp(p[P::RsNet2025], p[P::RsNet2030], years_from_mid_2025 / 5.0)
            };
            out_sm_rate[i] = lerp(
                p[P::SmRate2025],
                p[P::SmRate2030],
                years_from_mid_2025 / 5.0,
            );
            out_ga_rate[i] = lerp(
                p[P::GaRate2025],
                p[P::GaRate2030],
                years_from_mid_2025 / 5.0,
            );
            if m >= 0 {
                if m > 0 {
                    personnel *= personnel_rate(m);
                }
                out_personnel[i] = personnel;
            }
            out_sbc[i] = if m > PEOPLE_TAPER_FROM {
                out_sbc[i - 1] * personnel_rate(m)
            } else {
                sbc[i] * p[P::SbcScale]
            };
            out_noncash_compute[i] = match (Month(m).year(), Month(m).month_of_year()) {
                (2025, 1..=6) => noncash_2025 * p[P::NoncashH12025Share] / 6.0,
                (2025, _) => noncash_2025 * (1.0 - p[P::NoncashH12025Share]) / 6.0,
                (2026, _) => p[P::NoncashCompute2026] / 12.0,
                _ => 0.0,
            };
            out_mkt_price_per_h100e_hr[i] = market_price;
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_hit_anchors_and_extrapolate() {
        let a = [(0, 1.0), (12, 2.0), (24, 4.0)];
        let c = log_curve(&a, None, -12, 60);
        assert!(
            (c[12] - 1.0).abs() < 1e-12
                && (c[24] - 2.0).abs() < 1e-12
                && (c[36] - 4.0).abs() < 1e-12
        );
        assert!((c[18] - 2.0f64.sqrt()).abs() < 1e-12);
        assert!(
            (c[0] - 0.5).abs() < 1e-12,
            "back-cast uses the first segment"
        );
        assert!(
            (c[48] - 8.0).abs() < 1e-9,
            "late growth repeats the last segment"
        );
        let late = log_curve(&a, Some(0.1), 0, 37);
        assert!((late[36] - 4.4).abs() < 1e-9);
        assert_eq!(lin_curve(&a, 100), 4.0);
        assert_eq!(lin_curve(&a, 6), 1.5);
        assert_eq!(lin_curve(&a, -5), 1.0);
        let (v0, q) = compounding_from_mid_2025(100.0, 2.0);
        // Mid-2025 is halfway through month 5 → month 5.5; one year later the value doubles.
        assert!(
            (v0 * q.powf(5.5) - 100.0).abs() < 1e-9 && (v0 * q.powf(17.5) - 200.0).abs() < 1e-9
        );
    }

    #[test]
    fn default_demand_matches_reported_users_and_subscribers() {
        let e = compute(&Params::default(), 180);
        let feb26 = Exogenous::at(Month::from_ym(2026, 2).0);
        assert!(
            (e.wau[feb26] / 0.9e9 - 1.0).abs() < 0.02,
            "{}",
            e.wau[feb26]
        );
        assert!(
            (e.subs[feb26] / 50e6 - 1.0).abs() < 0.05,
            "{}",
            e.subs[feb26]
        );
        let dec30 = Exogenous::at(Month::from_ym(2030, 12).0);
        assert!((e.wau[dec30] / 2.6e9 - 1.0).abs() < 0.02);
    }
}
