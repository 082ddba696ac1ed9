//! "Nice" axis ticks.

/// Ticks for a value axis: a range `lo..hi` that starts and ends on a tick, the tick step and the ticks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
}

/// Largest magnitude an axis spans; beyond it values are off the chart (no model quantity comes near).
const LIMIT: f64 = 1e15;

/// Round `raw` up to 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// About `target` ticks covering `min..max` (zero always included so bars and areas have a baseline).
pub(crate) fn value_ticks(min: f64, max: f64, target: usize) -> Ticks {
    // min/max rather than clamp: they pass NaN through instead of panicking; it is handled below.
    #[allow(clippy::manual_clamp)]
    let (mut lo, mut hi) = (min.min(0.0).max(-LIMIT), max.max(0.0).min(LIMIT));
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if hi - lo < 1e-12 {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    // A hair of tolerance so 100.000000001% does not open a whole extra interval.
    let lo = (lo / step + 1e-9).floor() * step;
    let hi = (hi / step - 1e-9).ceil() * step;
    let count = (((hi - lo) / step).round() as usize).min(100);
    let values = (0..=count).map(|i| lo + i as f64 * step).collect();
    Ticks {
        lo,
        hi,
        step,
        values,
    }
}

/// Ticks for a second axis whose grid lines coincide with `primary`'s: the same number of intervals, a nice
/// step, covering `min..max` (and zero).
pub(crate) fn aligned_ticks(min: f64, max: f64, primary: &Ticks) -> Ticks {
    let intervals = primary.values.len().saturating_sub(1).max(1);
    #[allow(clippy::manual_clamp)]
    let (mut min, mut max) = (min.min(0.0).max(-LIMIT), max.max(0.0).min(LIMIT));
    if !min.is_finite() || !max.is_finite() {
        min = 0.0;
        max = 1.0;
    }
    if max - min < 1e-12 {
        max = min + 1.0;
    }
    // Try nice steps upward until the range fits in `intervals` steps starting at a tick below `min`.
    let mut step = nice_step((max - min) / intervals as f64);
    for _ in 0..8 {
        let lo = (min / step).floor() * step;
        if lo + step * intervals as f64 >= max - 1e-9 * step {
            let values = (0..=intervals).map(|i| lo + i as f64 * step).collect();
            return Ticks {
                lo,
                hi: lo + step * intervals as f64,
                step,
                values,
            };
        }
        step = nice_step(step * 1.01);
    }
    value_ticks(min, max, intervals)
}

/// Whole years to label between `from` and `to` (decimal years), at most about `max_labels` of them.
pub(crate) fn year_ticks(from: f64, to: f64, max_labels: usize) -> Vec<i32> {
    if !from.is_finite() || !to.is_finite() || to < from {
        return Vec::new();
    }
    let first = from.ceil() as i32;
    let last = to.floor() as i32;
    if last < first {
        return Vec::new();
    }
    let span = (last - first) as usize + 1;
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| span.div_ceil(*s) <= max_labels.max(1))
        .unwrap_or(100);
    (first..=last)
        .filter(|y| (y - first) % step as i32 == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_ticks_are_round_and_cover_the_data() {
        let t = value_ticks(0.0, 93.0, 5);
        assert_eq!(t.step, 20.0);
        assert_eq!(t.lo, 0.0);
        assert_eq!(t.hi, 100.0);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let t = value_ticks(0.0, 100.000_000_001, 5);
        assert_eq!(t.hi, 100.0, "rounding noise does not add an interval");
        let t = value_ticks(-30.0, 12.0, 4);
        assert!(t.lo <= -30.0 && t.hi >= 12.0);
        assert!(t.values.contains(&0.0));
    }

    #[test]
    fn degenerate_ranges_still_give_ticks() {
        for (a, b) in [
            (0.0, 0.0),
            (f64::NAN, 1.0),
            (5.0, 5.0),
            (f64::INFINITY, 0.0),
            (-f64::MAX, f64::MAX),
        ] {
            let t = value_ticks(a, b, 5);
            assert!(t.hi > t.lo && t.values.len() >= 2, "{a} {b} → {t:?}");
        }
    }

    #[test]
    fn aligned_ticks_share_grid_lines() {
        let p = value_ticks(0.0, 93.0, 5);
        let t = aligned_ticks(0.0, 7.3, &p);
        assert_eq!(t.values.len(), p.values.len());
        assert!(t.hi >= 7.3 && t.lo == 0.0);
    }

    #[test]
    fn year_ticks_thin_out_on_long_spans() {
        assert_eq!(
            year_ticks(2025.0, 2029.9, 10),
            vec![2025, 2026, 2027, 2028, 2029]
        );
        assert_eq!(year_ticks(2025.0, 2039.99, 6), vec![2025, 2030, 2035]);
        assert!(year_ticks(2025.5, 2025.6, 5).is_empty());
    }
}
