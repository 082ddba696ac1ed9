//! How the Monte Carlo workers gather a job's samples for its summary, and the bytes a chunk's samples travel
//! as between them.
//!
//! An exact job (up to [`EXACT_RUNS`] runs) is summarised by every worker at once: each collects one share of
//! the columns (a column is one series in one month; `gigawatt_model::columns::column_share`) of every run,
//! kept in a [`ColumnTable`] as the chunks arrive, and at the end computes its columns' statistics; the page
//! joins the shares (`summary_of_columns`). So the percentiles, the slowest step after the runs, take each
//! worker only its share of the time, and the columns are laid out while other runs still compute. A worker
//! keeps its own runs' values of its share and sends each other worker that worker's share ([`encode_part`]).
//! A larger job is folded into one [`FanSketch`] by one worker, which receives every run whole.

use std::ops::Range;

use gigawatt_model::columns::{column_share, ColumnStats, ColumnTable};
use gigawatt_model::montecarlo::RunSample;
use gigawatt_model::Summary;

use super::sketch::{FanSketch, EXACT_RUNS};

/// How a job is summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryKind {
    /// Keep every sample; the model's exact summary (bit for bit that of `gigawatt mc`), by shares of columns.
    Exact,
    /// Fold samples into a [`FanSketch`] as they come (bounded memory; each percentile within one histogram
    /// bucket of its exact value, typically a thousandth of the P10–P90 spread).
    Sketch,
}

impl SummaryKind {
    /// Exact up to [`EXACT_RUNS`] runs, a sketch beyond.
    pub fn for_runs(runs: u32) -> SummaryKind {
        if runs > EXACT_RUNS {
            SummaryKind::Sketch
        } else {
            SummaryKind::Exact
        }
    }
}

/// Which share of a job's summary a worker collects: share `index` of `count` (the columns of
/// `column_share(width, index, count)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub index: u16,
    pub count: u16,
}

impl Share {
    /// This share's columns of runs of `width` values.
    pub fn columns(self, width: usize) -> Range<usize> {
        column_share(width, usize::from(self.index), usize::from(self.count))
    }
}

/// A chunk's samples for one collector: each run's index and first month of negative committed-only cash, and
/// its values of `columns` (of `width` per run), run after run.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub width: usize,
    pub columns: Range<usize>,
    pub heads: Vec<(u32, Option<u16>)>,
    pub values: Vec<f32>,
}

impl Part {
    /// Each run's values of the part's columns.
    fn rows(&self) -> impl Iterator<Item = (u32, Option<u16>, &[f32])> {
        let per_run = self.columns.len();
        self.heads
            .iter()
            .enumerate()
            .map(move |(i, (index, month))| {
                (*index, *month, &self.values[i * per_run..(i + 1) * per_run])
            })
    }

    /// The runs of a part that holds every column.
    fn into_runs(self) -> Result<Vec<RunSample>, String> {
        if self.columns != (0..self.width) {
            return Err(format!(
                "a Monte Carlo chunk of columns {:?} of {} where every column was expected",
                self.columns, self.width
            ));
        }
        Ok(self
            .rows()
            .map(|(index, first_negative_month, values)| RunSample {
                index,
                values: values.to_vec(),
                first_negative_month,
            })
            .collect())
    }
}

/// The width (values per run) of runs that all have the same, or why not.
fn width_of(runs: &[RunSample]) -> Result<usize, String> {
    let width = runs.first().map_or(0, |r| r.values.len());
    match runs.iter().find(|r| r.values.len() != width) {
        Some(odd) => Err(format!(
            "Monte Carlo run {} has {} values where the others have {width}",
            odd.index,
            odd.values.len()
        )),
        None => Ok(width),
    }
}

/// Bytes of a header field (`u32`, little-endian).
fn header_field(v: usize) -> Result<[u8; 4], String> {
    u32::try_from(v)
        .map(u32::to_le_bytes)
        .map_err(|_| format!("a Monte Carlo chunk of {v} is too large to send"))
}

/// The [`Part`] of `runs` for the collector of `columns`, as bytes, little-endian: the number of runs, the
/// width, the first column and the number of columns (`u32` each); each run's index (`u32`) and first month
/// of negative cash (`u16`, `u16::MAX` for none); then each run's values of those columns (`f32`), run after
/// run. Fixed widths, so encoding and decoding are plain copies.
pub fn encode_part(runs: &[RunSample], columns: Range<usize>) -> Result<Vec<u8>, String> {
    let width = width_of(runs)?;
    if columns.start > columns.end || columns.end > width {
        return Err(format!(
            "columns {columns:?} of Monte Carlo runs of {width} values"
        ));
    }
    let mut bytes = Vec::with_capacity(16 + runs.len() * (6 + 4 * columns.len()));
    for field in [runs.len(), width, columns.start, columns.len()] {
        bytes.extend_from_slice(&header_field(field)?);
    }
    for run in runs {
        bytes.extend_from_slice(&run.index.to_le_bytes());
        let month = run.first_negative_month.unwrap_or(u16::MAX);
        bytes.extend_from_slice(&month.to_le_bytes());
    }
    for run in runs {
        for v in &run.values[columns.clone()] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    Ok(bytes)
}

/// The inverse of [`encode_part`]; a message, never a panic, for bytes that are not a part.
pub fn decode_part(bytes: &[u8]) -> Result<Part, String> {
    let bad = |what: &str| format!("Monte Carlo samples did not decode: {what}");
    let word = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (Some(count), Some(width), Some(first), Some(columns)) =
        (word(0), word(4), word(8), word(12))
    else {
        return Err(bad("no header"));
    };
    if first.checked_add(columns).is_none_or(|end| end > width) {
        return Err(bad(&format!("columns {first}+{columns} of {width}")));
    }
    let values_at = count
        .checked_mul(6)
        .and_then(|h| h.checked_add(16))
        .ok_or_else(|| bad("too many runs"))?;
    let expected = count
        .checked_mul(columns)
        .and_then(|v| v.checked_mul(4))
        .and_then(|v| v.checked_add(values_at))
        .ok_or_else(|| bad("too many values"))?;
    if bytes.len() != expected {
        return Err(bad(&format!(
            "{} bytes where {count} runs of {columns} values take {expected}",
            bytes.len()
        )));
    }
    let heads = bytes[16..values_at]
        .chunks_exact(6)
        .map(|h| {
            let month = u16::from_le_bytes([h[4], h[5]]);
            (
                u32::from_le_bytes([h[0], h[1], h[2], h[3]]),
                (month != u16::MAX).then_some(month),
            )
        })
        .collect();
    let values = bytes[values_at..]
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Ok(Part {
        width,
        columns: first..first + columns,
        heads,
        values,
    })
}

/// What a worker gathers of a job for its summary.
#[derive(Debug, Default)]
pub enum Collected {
    /// Nothing: the worker only runs (a sketched job's other workers).
    #[default]
    Nothing,
    /// Its share of the columns of an exact job of `runs` runs (the table is laid out when the first runs
    /// show the width).
    Columns {
        share: Share,
        runs: u32,
        table: Option<ColumnTable>,
    },
    Sketch(Box<FanSketch>),
}

/// A collector's result: its share's column statistics, or a sketched job's whole summary.
#[derive(Debug)]
pub enum Collection {
    Columns(ColumnStats),
    Summary(Summary),
}

impl Collected {
    /// What a worker collecting `share` (if any) of a job of `runs` runs gathers.
    pub fn new(kind: SummaryKind, runs: u32, share: Option<Share>) -> Collected {
        match (share, kind) {
            (None, _) => Collected::Nothing,
            (Some(share), SummaryKind::Exact) => Collected::Columns {
                share,
                runs,
                table: None,
            },
            (Some(_), SummaryKind::Sketch) => Collected::Sketch(Box::default()),
        }
    }

    /// The table of an exact job's share, laid out for runs of `width` values; refuses another width.
    fn table(
        share: Share,
        runs: u32,
        table: &mut Option<ColumnTable>,
        width: usize,
    ) -> Result<&mut ColumnTable, String> {
        let table =
            table.get_or_insert_with(|| ColumnTable::new(runs, width, share.columns(width)));
        if table.width() != width {
            return Err(format!(
                "a Monte Carlo run has {width} values where the job's others have {}",
                table.width()
            ));
        }
        Ok(table)
    }

    /// Takes in the worker's own runs (whole).
    pub fn add_runs(&mut self, runs: Vec<RunSample>) -> Result<(), String> {
        match self {
            Collected::Nothing => Ok(()),
            Collected::Columns {
                share,
                runs: n,
                table,
            } if !runs.is_empty() => {
                let width = width_of(&runs)?;
                let table = Collected::table(*share, *n, table, width)?;
                let columns = table.columns();
                table.add(
                    runs.iter()
                        .map(|r| (r.index, r.first_negative_month, &r.values[columns.clone()])),
                )
            }
            // No runs: nothing to lay out (and no width to lay it out by).
            Collected::Columns { .. } => Ok(()),
            Collected::Sketch(sketch) => sketch.add(runs),
        }
    }

    /// Takes in a part another worker sent.
    pub fn add_part(&mut self, part: Part) -> Result<(), String> {
        match self {
            Collected::Nothing => {
                Err("a Monte Carlo chunk reached a worker that does not collect".into())
            }
            Collected::Columns { .. } if part.heads.is_empty() => Ok(()),
            Collected::Columns { share, runs, table } => {
                let table = Collected::table(*share, *runs, table, part.width)?;
                if part.columns != table.columns() {
                    return Err(format!(
                        "a Monte Carlo chunk of columns {:?} reached the collector of {:?}",
                        part.columns,
                        table.columns()
                    ));
                }
                table.add(part.rows())
            }
            Collected::Sketch(sketch) => sketch.add(part.into_runs()?),
        }
    }

    /// The result, once every run is in (the collection is then empty).
    pub fn finish(&mut self, seed: u64) -> Result<Collection, String> {
        match std::mem::take(self) {
            Collected::Nothing => {
                Err("this worker collected nothing for the Monte Carlo job".into())
            }
            Collected::Columns { runs, table, .. } => table
                .unwrap_or_else(|| ColumnTable::new(runs, 0, 0..0))
                .stats()
                .map(Collection::Columns),
            Collected::Sketch(mut sketch) => Ok(Collection::Summary(sketch.summary(seed))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs() -> Vec<RunSample> {
        vec![
            RunSample {
                index: 7,
                values: vec![1.5, -0.0, f32::INFINITY, f32::MIN_POSITIVE],
                first_negative_month: Some(42),
            },
            RunSample {
                index: 3,
                values: vec![f32::NAN, 2.0, -3.0, 0.0],
                first_negative_month: None,
            },
        ]
    }

    fn bits(part: &Part) -> Vec<u32> {
        part.values.iter().map(|v| v.to_bits()).collect()
    }

    #[test]
    fn parts_survive_their_bytes_exactly_and_garbage_is_refused() {
        let runs = runs();
        let bytes = encode_part(&runs, 1..3).unwrap();
        assert_eq!(bytes.len(), 16 + 2 * 6 + 2 * 2 * 4);
        let part = decode_part(&bytes).unwrap();
        assert_eq!((part.width, part.columns.clone()), (4, 1..3));
        assert_eq!(part.heads, vec![(7, Some(42)), (3, None)]);
        let expected: Vec<u32> = [-0.0f32, f32::INFINITY, 2.0, -3.0]
            .iter()
            .map(|v| v.to_bits())
            .collect();
        assert_eq!(bits(&part), expected);

        let whole = decode_part(&encode_part(&runs, 0..4).unwrap()).unwrap();
        let back = whole.into_runs().unwrap();
        assert_eq!(back.len(), 2);
        for (b, r) in back.iter().zip(&runs) {
            assert_eq!(
                (b.index, b.first_negative_month),
                (r.index, r.first_negative_month)
            );
            let (x, y): (Vec<u32>, Vec<u32>) = (
                b.values.iter().map(|v| v.to_bits()).collect(),
                r.values.iter().map(|v| v.to_bits()).collect(),
            );
            assert_eq!(x, y);
        }
        assert!(part
            .into_runs()
            .unwrap_err()
            .contains("every column was expected"));
        let empty = decode_part(&encode_part(&[], 0..0).unwrap()).unwrap();
        assert_eq!(
            (empty.heads.len(), empty.values.len(), empty.width),
            (0, 0, 0)
        );

        for broken in [
            &bytes[..5],
            &bytes[..bytes.len() - 1],
            &[0xff; 16][..],
            &[bytes.as_slice(), &[0]].concat()[..],
        ] {
            let error = decode_part(broken).unwrap_err();
            assert!(error.contains("did not decode"), "{error}");
        }
        // Columns beyond the width, in the bytes or asked of the encoder.
        let mut beyond = bytes.clone();
        beyond[8] = 3;
        assert!(decode_part(&beyond)
            .unwrap_err()
            .contains("columns 3+2 of 4"));
        assert!(encode_part(&runs, 2..5).is_err());
        let mut ragged = runs.clone();
        ragged[1].values.pop();
        assert!(encode_part(&ragged, 0..3)
            .unwrap_err()
            .contains("run 3 has 3 values where the others have 4"));
    }

    #[test]
    fn a_collector_refuses_runs_of_another_width_and_a_non_collector_any_part() {
        let share = Share { index: 1, count: 2 };
        let mut collected = Collected::new(SummaryKind::Exact, 10, Some(share));
        collected.add_runs(runs()).unwrap();
        let mut wider = runs();
        wider.iter_mut().for_each(|r| r.values.push(1.0));
        let error = collected.add_runs(wider).unwrap_err();
        // Empty chunks say nothing of the width, and change nothing.
        collected.add_runs(Vec::new()).unwrap();
        collected
            .add_part(decode_part(&encode_part(&[], 0..0).unwrap()).unwrap())
            .unwrap();
        assert!(
            error.contains("has 5 values where the job's others have 4"),
            "{error}"
        );
        let part = decode_part(&encode_part(&runs(), 0..2).unwrap()).unwrap();
        assert!(Collected::Nothing
            .add_part(part)
            .unwrap_err()
            .contains("does not collect"));
        assert!(Collected::new(SummaryKind::Sketch, 10, None)
            .finish(1)
            .is_err());
    }
}
