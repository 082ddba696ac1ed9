//! Monte Carlo (spec §2 K): sample the uncertain parameters with three correlated latent factors and per-deal
//! realisation of LOIs, run the model for each sample, and summarise into fans, run-out-of-cash probabilities,
//! a histogram of the year cash first runs out, and a tornado.
//!
//! Reproducible: run `i` draws from ChaCha8 seeded by the scenario's seed on stream `i`, in a fixed order, with
//! portable maths; so the same (scenario, seed, runs) gives bit-identical results natively and in wasm, and
//! however the runs are split across workers ([`run_range`] on any partition, then [`summarize`]).

use crate::columns::{ColumnStats, ColumnTable};
use crate::math::{cos, erf, ln, sqrt};
use crate::sim::{simulate_fans, simulate_fans_of_valid, FanSeries};
use crate::uncertainty::{Factor, Scale, Uncertain};
use crate::{simulate_detail, ContractStatus, Month, Scenario};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The series summarised as fans, in this order.
pub const FAN_SERIES: [&str; 5] = [
    "cash_committed_only_usd_b",
    "funding_gap_usd_b",
    "revenue_usd_b",
    "gross_margin",
    "it_gw",
];

/// The outputs of one run that the summary needs (f32 halves what workers send; fans don't need more).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSample {
    pub index: u32,
    /// The [`FAN_SERIES`] one after another, one value per month each (one allocation per run, not five).
    pub values: Vec<f32>,
    /// First month (index) in which committed-only cash is negative.
    pub first_negative_month: Option<u16>,
}

impl RunSample {
    /// Months per series.
    pub fn horizon(&self) -> usize {
        self.values.len() / FAN_SERIES.len()
    }

    /// The values of [`FAN_SERIES`] entry `k`.
    pub fn series(&self, k: usize) -> &[f32] {
        let h = self.horizon();
        self.values.get(k * h..(k + 1) * h).unwrap_or_default()
    }
}

/// Samples of a range of runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Samples {
    pub runs: Vec<RunSample>,
}

/// P10/P50/P90 and mean of one series per month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fan {
    pub name: String,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
    pub mean: Vec<f64>,
}

impl Fan {
    /// The fan of series `name` over `horizon` months, every value zero (a summary of no runs).
    pub fn zeros(name: &str, horizon: usize) -> Fan {
        Fan {
            name: name.to_string(),
            p10: vec![0.0; horizon],
            p50: vec![0.0; horizon],
            p90: vec![0.0; horizon],
            mean: vec![0.0; horizon],
        }
    }
}

/// The summary of a Monte Carlo run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub runs: u32,
    pub seed: u64,
    pub months: Vec<Month>,
    pub fans: Vec<Fan>,
    /// (year, share of runs whose committed-only cash has gone negative by the end of that year).
    pub p_negative_by_year: Vec<(i32, f64)>,
    /// (year, number of runs whose committed-only cash first goes negative in that year).
    pub first_negative_year: Vec<(i32, u32)>,
    /// Runs whose committed-only cash never goes negative within the horizon.
    pub never_negative: u32,
}

impl Summary {
    /// A fan by series name.
    pub fn fan(&self, name: &str) -> Option<&Fan> {
        self.fans.iter().find(|f| f.name == name)
    }
}

/// A uniform draw in [0, 1) with 53 random bits.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw (Box–Muller, one value per pair of uniforms, portable maths).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - uniform(rng);
    let u2 = uniform(rng);
    sqrt(-2.0 * ln(u1)) * cos(2.0 * std::f64::consts::PI * u2)
}

/// The standard normal CDF.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x / std::f64::consts::SQRT_2))
}

/// Inverse CDF of the triangular distribution (low, mode, high) at quantile `q`.
pub fn triangular_quantile(low: f64, mode: f64, high: f64, q: f64) -> f64 {
    if high <= low {
        return low;
    }
    let mode = mode.clamp(low, high);
    let q = q.clamp(0.0, 1.0);
    let split = (mode - low) / (high - low);
    if q < split {
        low + sqrt(q * (high - low) * (mode - low))
    } else {
        high - sqrt((1.0 - q) * (high - low) * (high - mode))
    }
}

/// Samples one uncertain parameter at quantile `q`, in its scale's space, around `mode`.
pub fn sample_value(u: &Uncertain, mode: f64, q: f64) -> f64 {
    type Map = fn(f64) -> f64;
    let (to, from): (Map, Map) = match u.scale() {
        Scale::Log if u.low > 0.0 => (ln, libm::exp),
        Scale::LogOnePlus if u.low > -1.0 => (|x| ln(1.0 + x), |y| libm::exp(y) - 1.0),
        _ => (|x| x, |x| x),
    };
    let value = from(triangular_quantile(
        to(u.low),
        to(mode.clamp(u.low, u.high)),
        to(u.high),
        q,
    ));
    value.clamp(u.low, u.high)
}

/// The normal scores of run `index`: each parameter's `ρ z_factor + √(1−ρ²) ε`, then one uniform per contract
/// for deal realisation. Draw order is fixed: three factors, then parameters, then contracts.
fn draws(base: &Scenario, index: u32) -> (Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(base.seed);
    rng.set_stream(u64::from(index));
    let factors = [normal(&mut rng), normal(&mut rng), normal(&mut rng)];
    let rho = base.uncertainty.correlation;
    let scores = base
        .uncertainty
        .params
        .iter()
        .map(|u| {
            let eps = normal(&mut rng);
            match u.factor() {
                Factor::Demand => rho * factors[0] + sqrt(1.0 - rho * rho) * eps,
                Factor::Hardware => rho * factors[1] + sqrt(1.0 - rho * rho) * eps,
                Factor::Capital => rho * factors[2] + sqrt(1.0 - rho * rho) * eps,
                Factor::Independent => eps,
            }
        })
        .collect();
    let deals = base.contracts.iter().map(|_| uniform(&mut rng)).collect();
    (scores, deals)
}

/// The scenario of Monte Carlo run `index`.
pub fn sample_scenario(base: &Scenario, index: u32) -> Scenario {
    let mut s = base.clone();
    resample(base, index, &mut s);
    s
}

/// Makes `s` (a clone of `base`, possibly holding an earlier run's draws) the scenario of run `index`: only
/// what sampling changes is reset and drawn again, so a worker clones the scenario once, not once a run.
/// Returns whether every sampled value passes its parameter's check, which with a valid `base` makes the
/// sample valid too (the deal draws only cap ramps, which keeps them valid).
fn resample(base: &Scenario, index: u32, s: &mut Scenario) -> bool {
    let (scores, deal_draws) = draws(base, index);
    s.params.clone_from(&base.params);
    let mut sampled_valid = true;
    for (u, score) in base.uncertainty.params.iter().zip(scores) {
        let value = sample_value(u, base.params[u.param], normal_cdf(score));
        sampled_valid &= u.param.spec().check(value).is_ok();
        s.params[u.param] = value;
    }
    for ((c, b), draw) in s.contracts.iter_mut().zip(&base.contracts).zip(deal_draws) {
        c.ramp.clone_from(&b.ramp);
        let p = match c.status {
            ContractStatus::Loi => base.uncertainty.loi_probability,
            ContractStatus::TermSheet => base.uncertainty.term_sheet_probability,
            ContractStatus::Binding => 1.0,
        };
        if draw >= p {
            // Not realised: only the first tranche (first GW) is built.
            for point in &mut c.ramp {
                point.cumulative_gw = point.cumulative_gw.min(1.0);
            }
        }
    }
    sampled_valid
}

fn sample_of(fans: &FanSeries, index: u32) -> RunSample {
    // In the order of FAN_SERIES.
    let series: [&[f64]; 5] = [
        &fans.cash_committed_only_usd_b,
        &fans.funding_gap_usd_b,
        &fans.revenue_usd_b,
        &fans.gross_margin,
        &fans.it_gw,
    ];
    // One series at a time: each conversion loop vectorises, where one iterator over all five does not.
    let mut values = Vec::with_capacity(series.iter().map(|s| s.len()).sum());
    for s in series {
        values.extend(s.iter().map(|v| *v as f32));
    }
    let first_negative_month = fans
        .cash_committed_only_usd_b
        .iter()
        .position(|c| *c < 0.0)
        .map(|m| m as u16);
    RunSample {
        index,
        values,
        first_negative_month,
    }
}

/// Runs Monte Carlo runs `range` of the scenario (a worker's share).
pub fn run_range(base: &Scenario, range: Range<u32>) -> Samples {
    let base = base.sanitized();
    let mut s = base.clone();
    Samples {
        runs: range
            .map(|i| {
                // A sanitized base stays valid under sampling when the sampled values pass their checks:
                // then the run skips validating it again.
                let fans = if resample(&base, i, &mut s) {
                    simulate_fans_of_valid(&s)
                } else {
                    simulate_fans(&s)
                };
                sample_of(&fans, i)
            })
            .collect(),
    }
}

/// Runs per year of the run's months (every year from the first month's to the last's), from `(month index,
/// runs)` pairs: how many runs' committed-only cash first ran out in each year.
pub fn runs_by_year(
    months: &[Month],
    by_month: impl IntoIterator<Item = (usize, u32)>,
) -> Vec<(i32, u32)> {
    let first_year = months.first().map_or(2025, |m| m.year());
    let last_year = months.last().map_or(2025, |m| m.year());
    let mut by_year: Vec<(i32, u32)> = (first_year..=last_year).map(|y| (y, 0)).collect();
    for (m, runs) in by_month {
        let year = Month(m as i32).year() - first_year;
        if let Some(slot) = by_year.get_mut(year as usize) {
            slot.1 += runs;
        }
    }
    by_year
}

/// The probability that committed-only cash has run out by the end of each year, from how many of `runs` runs
/// it first ran out in each year.
pub fn cumulative_probability_by_year(
    first_negative_year: &[(i32, u32)],
    runs: usize,
) -> Vec<(i32, f64)> {
    let mut cumulative = 0;
    first_negative_year
        .iter()
        .map(|(year, count)| {
            cumulative += count;
            let p = if runs > 0 {
                f64::from(cumulative) / runs as f64
            } else {
                0.0
            };
            (*year, p)
        })
        .collect()
}

/// Summarises samples from any partition of the runs: the result depends only on the set of runs.
///
/// # Panics
/// If the runs differ in width (samples of different scenarios; [`run_range`] never gives such).
pub fn summarize(base: &Scenario, parts: Vec<Samples>) -> Summary {
    let mut runs: Vec<RunSample> = parts.into_iter().flat_map(|p| p.runs).collect();
    runs.sort_by_key(|r| r.index);
    let width = runs.first().map_or(0, |r| r.values.len());
    let mut table = ColumnTable::new(runs.len() as u32, width, 0..width);
    let added = table.add(runs.iter().enumerate().map(|(position, run)| {
        (
            position as u32,
            run.first_negative_month,
            run.values.as_slice(),
        )
    }));
    let summary = added
        .and_then(|()| table.stats())
        .and_then(|stats| summary_of_columns(base.seed, vec![stats]));
    // Positions are distinct and in range by construction, so only runs of unequal widths can be refused.
    summary.unwrap_or_else(|e| panic!("Monte Carlo samples of one job: {e}"))
}

/// The summary from the statistics of shares of the columns ([`ColumnTable::stats`]) that together cover
/// every column once: bit for bit what [`summarize`] gives for the same runs. Refuses shares that overlap,
/// leave a gap, or disagree on the runs or the width.
pub fn summary_of_columns(seed: u64, mut parts: Vec<ColumnStats>) -> Result<Summary, String> {
    parts.sort_by_key(|p| p.columns.start);
    let (runs, width) = parts.first().map_or((0, 0), |p| (p.runs, p.width));
    let mut next = 0;
    for part in &parts {
        if part.runs != runs || part.width != width || part.columns.start != next {
            return Err(format!(
                "the shares of a Monte Carlo summary do not fit together (columns {:?} of {} over {} runs after column {next} of {width} over {runs})",
                part.columns, part.width, part.runs
            ));
        }
        next = part.columns.end;
    }
    if next != width || width % FAN_SERIES.len() != 0 {
        return Err(format!(
            "the shares of a Monte Carlo summary cover {next} of {width} columns"
        ));
    }
    let horizon = width / FAN_SERIES.len();
    let months: Vec<Month> = (0..horizon as i32).map(Month).collect();
    let joined = |field: fn(&ColumnStats) -> &Vec<f64>| -> Vec<f64> {
        parts
            .iter()
            .flat_map(|p| field(p).iter().copied())
            .collect()
    };
    let (mean, p10, p50, p90) = (
        joined(|p| &p.mean),
        joined(|p| &p.p10),
        joined(|p| &p.p50),
        joined(|p| &p.p90),
    );
    let fans = FAN_SERIES
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let series = k * horizon..(k + 1) * horizon;
            Fan {
                name: name.to_string(),
                p10: p10[series.clone()].to_vec(),
                p50: p50[series.clone()].to_vec(),
                p90: p90[series.clone()].to_vec(),
                mean: mean[series].to_vec(),
            }
        })
        .collect();
    let by_month = parts
        .first()
        .map_or(&[][..], |p| p.first_negative_by_month.as_slice());
    let ran_out: u32 = by_month.iter().sum();
    let first_negative_year = runs_by_year(&months, by_month.iter().copied().enumerate());
    let p_negative_by_year = cumulative_probability_by_year(&first_negative_year, runs as usize);
    Ok(Summary {
        runs,
        seed,
        months,
        fans,
        p_negative_by_year,
        first_negative_year,
        never_negative: runs.saturating_sub(ran_out),
    })
}

/// Runs the scenario's whole Monte Carlo (its `mc_runs` and `seed`) on this thread.
pub fn monte_carlo(base: &Scenario) -> Summary {
    summarize(base, vec![run_range(base, 0..base.mc_runs)])
}

/// One bar of the tornado: the outputs with one parameter at its low and at its high, all else at base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TornadoBar {
    pub key: String,
    pub label: String,
    pub low: f64,
    pub high: f64,
    /// 2030 funding gap ($B) with the parameter at low / high.
    pub gap_at_low: f64,
    pub gap_at_high: f64,
    /// 2030 revenue ($B) with the parameter at low / high.
    pub revenue_at_low: f64,
    pub revenue_at_high: f64,
}

impl TornadoBar {
    pub fn gap_swing(&self) -> f64 {
        (self.gap_at_high - self.gap_at_low).abs()
    }
    pub fn revenue_swing(&self) -> f64 {
        (self.revenue_at_high - self.revenue_at_low).abs()
    }
}

/// The tornado: base values and one bar per uncertain parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tornado {
    pub year: i32,
    pub base_gap: f64,
    pub base_revenue: f64,
    /// Ranked by funding-gap swing, largest first (ties by revenue swing).
    pub by_gap: Vec<TornadoBar>,
    /// The same bars ranked by revenue swing.
    pub by_revenue: Vec<TornadoBar>,
}

/// One-at-a-time low/high swings of the 2030 funding gap and 2030 revenue (spec §2 K).
pub fn tornado(base: &Scenario) -> Tornado {
    const YEAR: i32 = 2030;
    let base = base.sanitized();
    let outcome = |s: &Scenario| {
        let run = simulate_detail(s, false);
        (
            run.annual("funding_gap_usd_b", YEAR).unwrap_or(0.0),
            run.annual("revenue_usd_b", YEAR).unwrap_or(0.0),
        )
    };
    let (base_gap, base_revenue) = outcome(&base);
    let bars: Vec<TornadoBar> = base
        .uncertainty
        .params
        .iter()
        .map(|u| {
            let at = |v: f64| {
                let mut s = base.clone();
                s.params[u.param] = v;
                outcome(&s)
            };
            let ((gap_at_low, revenue_at_low), (gap_at_high, revenue_at_high)) =
                (at(u.low), at(u.high));
            let spec = u.param.spec();
            TornadoBar {
                key: spec.key.into(),
                label: spec.label.into(),
                low: u.low,
                high: u.high,
                gap_at_low,
                gap_at_high,
                revenue_at_low,
                revenue_at_high,
            }
        })
        .collect();
    let mut by_gap = bars.clone();
    by_gap.sort_by(|a, b| {
        b.gap_swing()
            .total_cmp(&a.gap_swing())
            .then(b.revenue_swing().total_cmp(&a.revenue_swing()))
    });
    let mut by_revenue = bars;
    by_revenue.sort_by(|a, b| {
        b.revenue_swing()
            .total_cmp(&a.revenue_swing())
            .then(b.gap_swing().total_cmp(&a.gap_swing()))
    });
    Tornado {
        year: YEAR,
        base_gap,
        base_revenue,
        by_gap,
        by_revenue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::percentile;
    use crate::{ParamId, PresetId};

    #[test]
    fn triangular_quantiles_match_the_analytic_cdf() {
        // Triangular(0, 1, 4): P(X ≤ 1) = 1/4.
        assert!((triangular_quantile(0.0, 1.0, 4.0, 0.25) - 1.0).abs() < 1e-12);
        assert_eq!(triangular_quantile(0.0, 1.0, 4.0, 0.0), 0.0);
        assert_eq!(triangular_quantile(0.0, 1.0, 4.0, 1.0), 4.0);
        assert_eq!(triangular_quantile(2.0, 2.0, 2.0, 0.7), 2.0);
    }

    #[test]
    fn sampled_percentiles_converge_to_analytic_values() {
        let u = Uncertain {
            param: ParamId::DeliveryFraction,
            low: 0.6,
            high: 1.0,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut xs: Vec<f64> = (0..200_000)
            .map(|_| sample_value(&u, 0.9, normal_cdf(normal(&mut rng))))
            .collect();
        for p in [0.1, 0.5, 0.9] {
            let exact = triangular_quantile(0.6, 0.9, 1.0, p);
            let got = percentile(&mut xs, p);
            assert!(
                (got - exact).abs() < 0.002,
                "P{}: {got} vs {exact}",
                p * 100.0
            );
        }
        let mean: f64 = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - (0.6 + 0.9 + 1.0) / 3.0).abs() < 0.001);
    }

    #[test]
    fn percentile_interpolates_order_statistics() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(percentile(&mut v, 0.5), 2.5);
        assert_eq!(percentile(&mut v, 0.0), 1.0);
        assert_eq!(percentile(&mut v, 1.0), 4.0);
    }

    #[test]
    fn a_resampled_scenario_is_the_sample_and_valid_when_it_says_so() {
        let mut trusted = 0;
        for id in PresetId::ALL {
            let mut base = Scenario::preset(id).sanitized();
            // Wide ranges, so that some sampled values break their parameter's rules (a toggle drawn between
            // 0 and 1) and the run must not trust the sample.
            base.uncertainty.correlation = 0.5;
            let mut s = base.clone();
            for i in 0..60 {
                let valid = resample(&base, i, &mut s);
                // The reused scenario equals a fresh sample: no earlier run's draws remain.
                assert_eq!(s, sample_scenario(&base, i), "{id:?} run {i}");
                if valid {
                    assert_eq!(s.validate(), vec![], "{id:?} run {i}");
                    trusted += 1;
                }
            }
        }
        assert!(trusted > 0);
        let mut toggled = Scenario::default();
        toggled
            .uncertainty
            .params
            .push(crate::uncertainty::Uncertain {
                param: ParamId::AutoRenew,
                low: 0.0,
                high: 1.0,
            });
        let base = toggled.sanitized();
        let mut s = base.clone();
        let untrusted = (0..20).filter(|i| !resample(&base, *i, &mut s)).count();
        assert!(
            untrusted > 0,
            "a toggle sampled between 0 and 1 is not a valid sample"
        );
    }

    #[test]
    fn fan_series_equal_those_of_a_full_run_bit_for_bit() {
        let mut scenarios: Vec<Scenario> = PresetId::ALL
            .iter()
            .map(|id| Scenario::preset(*id))
            .collect();
        let base = Scenario::default();
        scenarios.extend((0..20).map(|i| sample_scenario(&base, i)));
        let mut broken = Scenario::default();
        broken.params[ParamId::DeliveryFraction] = f64::NAN;
        scenarios.push(broken);
        for s in &scenarios {
            let run = simulate_detail(s, false);
            let fans = simulate_fans(s);
            let sample = sample_of(&fans, 0);
            for (k, name) in FAN_SERIES.iter().enumerate() {
                let full: Vec<f32> = run
                    .series(name)
                    .unwrap()
                    .iter()
                    .map(|v| *v as f32)
                    .collect();
                assert_eq!(
                    sample
                        .series(k)
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>(),
                    full.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    "{} {name}",
                    s.name
                );
            }
            let exact = [
                (&fans.cash_committed_only_usd_b, "cash_committed_only_usd_b"),
                (&fans.funding_gap_usd_b, "funding_gap_usd_b"),
                (&fans.gross_margin, "gross_margin"),
            ];
            for (values, name) in exact {
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(
                    bits(values),
                    bits(run.series(name).unwrap()),
                    "{} {name}",
                    s.name
                );
            }
        }
    }

    #[test]
    fn factor_correlation_is_near_the_set_value() {
        let s = Scenario::default();
        let demand: Vec<usize> = s
            .uncertainty
            .params
            .iter()
            .enumerate()
            .filter(|(_, u)| u.factor() == Factor::Demand)
            .map(|(i, _)| i)
            .collect();
        let independent = s
            .uncertainty
            .params
            .iter()
            .position(|u| u.factor() == Factor::Independent)
            .expect("an independent parameter");
        let (a, b) = (demand[0], demand[1]);
        let n = 20_000;
        let rows: Vec<Vec<f64>> = (0..n).map(|i| draws(&s, i).0).collect();
        let corr = |i: usize, j: usize| {
            let mean = |k: usize| rows.iter().map(|r| r[k]).sum::<f64>() / n as f64;
            let (mi, mj) = (mean(i), mean(j));
            let cov: f64 = rows.iter().map(|r| (r[i] - mi) * (r[j] - mj)).sum();
            let var = |k: usize, m: f64| rows.iter().map(|r| (r[k] - m).powi(2)).sum::<f64>();
            cov / (var(i, mi) * var(j, mj)).sqrt()
        };
        let rho2 = s.uncertainty.correlation * s.uncertainty.correlation;
        assert!(
            (corr(a, b) - rho2).abs() < 0.03,
            "same factor: {} vs {rho2}",
            corr(a, b)
        );
        assert!(
            corr(a, independent).abs() < 0.03,
            "independent: {}",
            corr(a, independent)
        );
    }

    #[test]
    fn results_do_not_depend_on_how_runs_are_split() {
        let mut s = Scenario::preset(PresetId::Bear);
        s.seed = 1234;
        let whole = summarize(&s, vec![run_range(&s, 0..120)]);
        let split = summarize(
            &s,
            vec![
                run_range(&s, 77..120),
                run_range(&s, 0..31),
                run_range(&s, 31..77),
            ],
        );
        assert_eq!(whole, split);
        let bits = |x: &Summary| {
            x.fans
                .iter()
                .flat_map(|f| {
                    f.p50
                        .iter()
                        .chain(&f.mean)
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&whole), bits(&split));
        // A different seed gives different runs.
        s.seed = 1235;
        assert_ne!(summarize(&s, vec![run_range(&s, 0..120)]).fans, whole.fans);
    }

    #[test]
    fn fans_are_ordered_and_probabilities_cumulative() {
        let s = Scenario {
            mc_runs: 200,
            ..Scenario::default()
        };
        let m = monte_carlo(&s);
        assert_eq!(m.runs, 200);
        for fan in &m.fans {
            for i in 0..fan.p10.len() {
                assert!(
                    fan.p10[i] <= fan.p50[i] && fan.p50[i] <= fan.p90[i],
                    "{} month {i}",
                    fan.name
                );
            }
        }
        let revenue = m.fan("revenue_usd_b").unwrap();
        assert!(
            revenue.p90[71] > revenue.p10[71] * 1.2,
            "2030 revenue is uncertain"
        );
        assert!(m.p_negative_by_year.windows(2).all(|w| w[0].1 <= w[1].1));
        let counted: u32 =
            m.first_negative_year.iter().map(|(_, c)| c).sum::<u32>() + m.never_negative;
        assert_eq!(counted, 200);
    }

    #[test]
    fn tornado_ranks_a_parameter_without_effect_last() {
        let mut s = Scenario::default();
        // The paid-token share only feeds the compute-margin metric: no effect on the gap or revenue.
        s.uncertainty.params.push(Uncertain {
            param: ParamId::PaidTokenShare,
            low: 0.1,
            high: 0.6,
        });
        let t = tornado(&s);
        let last = t.by_gap.last().unwrap();
        assert_eq!(last.key, "paid_token_share");
        assert_eq!(last.gap_swing(), 0.0);
        assert_eq!(t.by_revenue.last().unwrap().key, "paid_token_share");
        assert!(
            t.by_gap[0].gap_swing() > 10.0,
            "the top driver moves the 2030 gap"
        );
    }
}
