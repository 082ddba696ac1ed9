//! The statistics of a Monte Carlo job's samples column by column: one column is one value (a series in one
//! month) of every run. Each column's P10, P50, P90 and mean depend on that column alone, so the columns can
//! be summarised in shares, each by another thread (the browser's workers each gather and summarise a
//! contiguous share of the columns, then the page joins the shares); [`crate::montecarlo::summarize`] is the
//! one-share case. Either way a column's values are kept in run order, so its mean is summed in run order and
//! the result is bit for bit the same however the columns are shared out.
//!
//! A leaf module: it knows nothing of which series the columns are.

use std::ops::Range;

/// Share `share` of `shares` of the columns `0..width`: contiguous, in order, sizes differing by at most one.
pub fn column_share(width: usize, share: usize, shares: usize) -> Range<usize> {
    let shares = shares.max(1);
    let at = |s: usize| width * s.min(shares) / shares;
    at(share)..at(share + 1)
}

/// Runs whose values a [`ColumnTable`] takes in at a time, column by column: a block's rows stay in cache
/// while each column receives one contiguous stretch of values.
const BLOCK_RUNS: usize = 64;

/// The values of columns `columns` of runs `0..runs` (run positions; a job's run indices), kept column by
/// column in run order, and the month in which each run's committed-only cash first ran out.
#[derive(Clone, Debug)]
pub struct ColumnTable {
    runs: usize,
    width: usize,
    columns: Range<usize>,
    /// Column-major: column `columns.start + c` holds its values at `c * runs..(c + 1) * runs`.
    values: Vec<f32>,
    /// Per run position: whether it was added (each run must come exactly once).
    added: Vec<bool>,
    added_runs: usize,
    /// Runs whose committed-only cash first ran out in month (index) `m`, at `m`.
    first_negative_by_month: Vec<u32>,
}

/// One run on its way into a [`ColumnTable`]: its position, the month its committed-only cash first ran out,
/// and its values of the table's columns.
pub type RunColumns<'a> = (u32, Option<u16>, &'a [f32]);

impl ColumnTable {
    /// An empty table of columns `columns` (of `width` values per run) for runs `0..runs`.
    pub fn new(runs: u32, width: usize, columns: Range<usize>) -> ColumnTable {
        let columns = columns.start.min(width)..columns.end.min(width);
        let runs = runs as usize;
        ColumnTable {
            runs,
            width,
            values: vec![0.0; runs * columns.len()],
            columns,
            added: vec![false; runs],
            added_runs: 0,
            first_negative_by_month: Vec::new(),
        }
    }

    /// The columns this table keeps.
    pub fn columns(&self) -> Range<usize> {
        self.columns.clone()
    }

    /// Values per run in all (of which the table keeps [`ColumnTable::columns`]).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Takes in runs (each with exactly this table's columns' values). Refuses a run outside `0..runs`, one
    /// already added, or one of another width, naming it; the runs before it are kept.
    pub fn add<'a>(
        &mut self,
        runs: impl IntoIterator<Item = RunColumns<'a>>,
    ) -> Result<(), String> {
        let mut block: Vec<(usize, &[f32])> = Vec::with_capacity(BLOCK_RUNS);
        for (position, first_negative, values) in runs {
            let at = position as usize;
            if at >= self.runs {
                return Err(format!(
                    "Monte Carlo run {position} is not one of the job's {} runs",
                    self.runs
                ));
            }
            if values.len() != self.columns.len() {
                return Err(format!(
                    "Monte Carlo run {position} brought {} values where {} were expected",
                    values.len(),
                    self.columns.len()
                ));
            }
            if std::mem::replace(&mut self.added[at], true) {
                return Err(format!("Monte Carlo run {position} came twice"));
            }
            self.added_runs += 1;
            if let Some(month) = first_negative {
                let month = usize::from(month);
                if self.first_negative_by_month.len() <= month {
                    self.first_negative_by_month.resize(month + 1, 0);
                }
                self.first_negative_by_month[month] += 1;
            }
            block.push((at, values));
            if block.len() == BLOCK_RUNS {
                self.put(&block);
                block.clear();
            }
        }
        self.put(&block);
        Ok(())
    }

    /// Writes a block of runs' values into their columns.
    fn put(&mut self, block: &[(usize, &[f32])]) {
        for (c, column) in self.values.chunks_exact_mut(self.runs).enumerate() {
            for (at, values) in block {
                column[*at] = values[c];
            }
        }
    }

    /// Each column's statistics, once every run is in.
    pub fn stats(mut self) -> Result<ColumnStats, String> {
        if self.added_runs != self.runs {
            return Err(format!(
                "{} of the job's {} Monte Carlo runs never arrived",
                self.runs - self.added_runs,
                self.runs
            ));
        }
        let n = self.columns.len();
        let mut stats = ColumnStats {
            runs: self.runs as u32,
            width: self.width,
            columns: self.columns.clone(),
            mean: Vec::with_capacity(n),
            p10: Vec::with_capacity(n),
            p50: Vec::with_capacity(n),
            p90: Vec::with_capacity(n),
            first_negative_by_month: std::mem::take(&mut self.first_negative_by_month),
        };
        if self.runs == 0 {
            for values in [
                &mut stats.mean,
                &mut stats.p10,
                &mut stats.p50,
                &mut stats.p90,
            ] {
                values.resize(n, 0.0);
            }
            return Ok(stats);
        }
        let mut deciles = Deciles::new();
        for column in self.values.chunks_exact(self.runs) {
            let (sum, [p10, p50, p90]) = deciles.of(column);
            stats.mean.push(sum / self.runs as f64);
            stats.p10.push(p10);
            stats.p50.push(p50);
            stats.p90.push(p90);
        }
        Ok(stats)
    }
}

/// P10, P50, P90 and mean of each of columns `columns` (of `width` per run) over `runs` runs, and how many
/// runs' committed-only cash first ran out in each month.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnStats {
    pub runs: u32,
    pub width: usize,
    pub columns: Range<usize>,
    pub mean: Vec<f64>,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
    /// Runs whose committed-only cash first ran out in month (index) `m`, at `m` (as long as the last such
    /// month needs).
    pub first_negative_by_month: Vec<u32>,
}

/// Linear interpolation between order statistics (the usual "type 7" percentile) of an unsorted column.
#[cfg(test)]
pub(crate) fn percentile(column: &mut [f64], p: f64) -> f64 {
    let n = column.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, x_lo, upper) = column.select_nth_unstable_by(lo, f64::total_cmp);
    let x_lo = *x_lo;
    let x_hi = upper.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// `f32::total_cmp`'s order as unsigned integers (negative values with every bit flipped, the others with
/// the sign bit set).
#[inline]
pub fn order_key(v: f32) -> u32 {
    let bits = v.to_bits();
    bits ^ (((bits as i32 >> 31) as u32) | 0x8000_0000)
}

/// The inverse of [`order_key`].
#[inline]
pub fn from_order_key(key: u32) -> f32 {
    f32::from_bits(key ^ ((!(key as i32 >> 31) as u32) | 0x8000_0000))
}

/// Buckets of the histogram that locates a column's order statistics.
const RADIX_BUCKETS: usize = 2048;

/// Sums columns and finds their P10, P50 and P90 with a radix selection on their order keys: one pass sums
/// the column (in run order) and finds its smallest and largest key, one counts the keys per bucket of an
/// even split of that range, one gathers the keys of the few buckets that hold the wanted ranks; each rank is
/// then selected among those. Three linear passes and a few small selections, where quickselect takes several
/// data-dependent passes over the column. Buffers are kept from column to column.
struct Deciles {
    keys: Vec<u32>,
    counts: Vec<u32>,
    /// Per bucket: whether its keys are gathered.
    wanted: Vec<bool>,
    gathered: Vec<u32>,
}

impl Deciles {
    fn new() -> Deciles {
        Deciles {
            keys: Vec::new(),
            counts: vec![0; RADIX_BUCKETS],
            wanted: vec![false; RADIX_BUCKETS],
            gathered: Vec::new(),
        }
    }

    /// The sum of a column in its order and its P10, P50 and P90 ("type 7": linear between order statistics):
    /// exactly those of sorting it, since order statistics do not depend on how ties are broken.
    fn of(&mut self, column: &[f32]) -> (f64, [f64; 3]) {
        let n = column.len();
        // The same sum as `Iterator::sum` (which starts from -0.0), alongside the keys and their range.
        let (mut sum, mut low, mut high) = (-0.0, u32::MAX, 0);
        self.keys.clear();
        self.keys.extend(column.iter().map(|v| {
            sum += f64::from(*v);
            let key = order_key(*v);
            (low, high) = (low.min(key), high.max(key));
            key
        }));
        if n == 0 {
            return (sum, [0.0; 3]);
        }
        let rank = |p: f64| {
            let h = (n - 1) as f64 * p;
            (h.floor() as usize, h - h.floor())
        };
        let wanted @ [(r10, _), (r50, _), (r90, _)] = [rank(0.1), rank(0.5), rank(0.9)];
        // Each percentile lies between order statistics r and r + 1 (r itself at the top).
        let ranks = [r10, r10 + 1, r50, r50 + 1, r90, r90 + 1].map(|r| r.min(n - 1));
        let stats = self.order_statistics(ranks, low, high);
        let mut out = [0.0; 3];
        for (k, (_, weight)) in wanted.iter().enumerate() {
            let (lo, hi) = (f64::from(stats[2 * k]), f64::from(stats[2 * k + 1]));
            out[k] = lo + weight * (hi - lo);
        }
        (sum, out)
    }

    /// The values at `ranks` (each below the column's length, mostly ascending) of the sorted order of
    /// `self.keys`, whose smallest and largest are `low` and `high`.
    fn order_statistics<const K: usize>(
        &mut self,
        ranks: [usize; K],
        low: u32,
        high: u32,
    ) -> [f32; K] {
        if low == high {
            return [from_order_key(low); K];
        }
        let span = high - low;
        let shift =
            (u32::BITS - span.leading_zeros()).saturating_sub(RADIX_BUCKETS.trailing_zeros());
        let bucket = |key: u32| ((key - low) >> shift) as usize;
        self.counts.fill(0);
        for &key in &self.keys {
            self.counts[bucket(key)] += 1;
        }
        // The bucket of each rank and how many keys lie in the buckets below it.
        let mut located = [(0usize, 0usize); K];
        let (mut b, mut below) = (0, 0);
        for (k, (slot, &r)) in located.iter_mut().zip(&ranks).enumerate() {
            if k > 0 && r < ranks[k - 1] {
                // Ranks ascend except in columns of a few values (P10's r + 1 past P50's r).
                (b, below) = (0, 0);
            }
            while below + self.counts[b] as usize <= r {
                below += self.counts[b] as usize;
                b += 1;
            }
            *slot = (b, below);
            self.wanted[b] = true;
        }
        // Every slot is written before it is read: only grow, never clear (a memset per column otherwise).
        if self.gathered.len() < self.keys.len() {
            self.gathered.resize(self.keys.len(), 0);
        }
        let mut gathered = 0;
        for &key in &self.keys {
            // Written always, kept when wanted: no branch to mispredict.
            self.gathered[gathered] = key;
            gathered += usize::from(self.wanted[bucket(key)]);
        }
        let mut out = [0.0; K];
        for (k, (value, &(b, below))) in out.iter_mut().zip(&located).enumerate() {
            // The rank among the gathered keys: less the keys below it in buckets not gathered.
            let gathered_below: usize = (0..K)
                .filter(|&j| located[j].0 < b && !located[..j].iter().any(|l| l.0 == located[j].0))
                .map(|j| self.counts[located[j].0] as usize)
                .sum();
            let rank = ranks[k] - (below - gathered_below);
            let (_, &mut key, _) = self.gathered[..gathered].select_nth_unstable(rank);
            *value = from_order_key(key);
        }
        for (b, _) in located {
            self.wanted[b] = false;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A column's deciles as sorting gives them.
    fn sorted_deciles(column: &[f32]) -> [f64; 3] {
        let mut reference: Vec<f64> = column.iter().map(|v| f64::from(*v)).collect();
        [0.1, 0.5, 0.9].map(|p| percentile(&mut reference, p))
    }

    #[test]
    fn deciles_equal_percentiles_of_the_sorted_column() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut deciles = Deciles::new();
        let specials = [
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN,
            1e-40,
            -1e-40,
        ];
        for n in (1..40).chain([99, 100, 101, 1000, 10_000]) {
            for distinct in [1, 2, 5, 1_000_000, 0] {
                let column: Vec<f32> = (0..n)
                    .map(|_| match distinct {
                        // Special values among ordinary ones, and values spread over many magnitudes.
                        0 if rng.next_u32() % 4 == 0 => {
                            specials[rng.next_u32() as usize % specials.len()]
                        }
                        0 => f32::from_bits(rng.next_u32()).clamp(-1e30, 1e30),
                        _ => (rng.next_u32() % distinct) as f32 - (distinct / 2) as f32,
                    })
                    .collect();
                let expected = sorted_deciles(&column);
                let got = deciles.of(&column).1;
                assert_eq!(
                    got.map(f64::to_bits),
                    expected.map(f64::to_bits),
                    "n {n}, {distinct} distinct values: {got:?} vs {expected:?}"
                );
            }
        }
        assert_eq!(deciles.of(&[]).1, [0.0; 3]);
    }

    #[test]
    fn a_point_mass_and_a_far_outlier_keep_their_ranks() {
        // 90% of runs at exactly zero and a few far above: the whole mass falls in one bucket.
        let mut column = vec![0.0f32; 9_000];
        column.extend((0..1_000).map(|i| 1e9 + i as f32 * 1e5));
        column.push(-3e38);
        let mut deciles = Deciles::new();
        assert_eq!(
            deciles.of(&column).1.map(f64::to_bits),
            sorted_deciles(&column).map(f64::to_bits)
        );
    }

    #[test]
    fn order_keys_sort_as_total_cmp_and_round_trip() {
        let mut values = vec![
            0.0f32,
            -0.0,
            1.0,
            -1.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MIN_POSITIVE,
            3e-45,
            -3e-45,
            f32::MAX,
            f32::MIN,
        ];
        values.sort_by(f32::total_cmp);
        let keys: Vec<u32> = values.iter().map(|v| order_key(*v)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        for v in values {
            assert_eq!(from_order_key(order_key(v)).to_bits(), v.to_bits());
        }
    }

    #[test]
    fn shares_tile_the_columns() {
        for width in [0, 1, 5, 899, 900] {
            for shares in 1..=9 {
                let ranges: Vec<_> = (0..shares)
                    .map(|s| column_share(width, s, shares))
                    .collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges[shares - 1].end, width);
                assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
                assert!(ranges.iter().all(|r| r.len() <= width / shares + 1));
            }
        }
    }

    #[test]
    fn a_table_refuses_strays_and_reports_missing_runs() {
        let mut table = ColumnTable::new(3, 4, 1..3);
        assert!(table.add([(0, None, &[1.0, 2.0][..])]).is_ok());
        let stray = table.add([(3, None, &[1.0, 2.0][..])]).unwrap_err();
        assert!(
            stray.contains("run 3 is not one of the job's 3 runs"),
            "{stray}"
        );
        let twice = table.add([(0, None, &[1.0, 2.0][..])]).unwrap_err();
        assert!(twice.contains("came twice"), "{twice}");
        let narrow = table.add([(1, None, &[1.0][..])]).unwrap_err();
        assert!(narrow.contains("brought 1 values where 2"), "{narrow}");
        let missing = table.clone().stats().unwrap_err();
        assert!(missing.contains("2 of the job's 3"), "{missing}");
        table
            .add([(1, Some(4), &[5.0, 6.0][..]), (2, Some(4), &[3.0, 4.0][..])])
            .unwrap();
        let stats = table.stats().unwrap();
        assert_eq!(stats.mean, vec![3.0, 4.0]);
        assert_eq!(stats.p50, vec![3.0, 4.0]);
        assert_eq!(stats.first_negative_by_month, vec![0, 0, 0, 0, 2]);
    }
}
