//! A contract's price terms as numbers: its ramp month by month, its lease price per GW-month and per
//! GW-year. Read by the simulation's capacity schedules and by the presets that re-price one deal at another's
//! rate; depends on the deals alone.

use crate::deals::{Contract, Pricing};

/// A monotone piecewise-linear ramp evaluated at months `first..first + out.len()` (zero before the first
/// point, linear between points, flat after the last), each value passed through `f` (once a flat stretch).
pub(crate) fn ramp_into(
    points: &[(i32, f64)],
    first: i32,
    out: &mut [f64],
    f: impl Fn(f64) -> f64,
) {
    let end = first + out.len() as i32;
    let index = |t: i32| (t.clamp(first, end) - first) as usize;
    let Some(&(start, _)) = points.first() else {
        out.fill(f(0.0));
        return;
    };
    out[..index(start)].fill(f(0.0));
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let slope = (b.1 - a.1) / (b.0 - a.0) as f64;
        for t in a.0.max(first)..b.0.min(end) {
            out[(t - first) as usize] = f(a.1 + slope * (t - a.0) as f64);
        }
    }
    let (last_m, last_v) = points[points.len() - 1];
    out[index(last_m)..].fill(f(last_v));
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
            ramp_into(&points, first.month.0, &mut planned, |v| v);
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
