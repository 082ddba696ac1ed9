//! The bookkeeping of one Monte Carlo job, free of browser calls so it can be tested on its own: which
//! ranges of runs are still to hand out, which came back, how far along the job is, and whether a reply
//! belongs to it at all (a reply tagged with another generation is stale and dropped). The samples
//! themselves never stay on the page: they go straight on to the workers that collect them.

use std::collections::VecDeque;
use std::ops::Range;

/// Fewest runs per worker message: small enough that progress moves smoothly and a cancelled job wastes little,
/// large enough that message overhead stays negligible (50 runs ≈ 6 ms of work in a worker).
pub const RUNS_PER_CHUNK: u32 = 50;

/// Most runs per message: jobs of 2,500 runs and more use chunks of a 50th of the job, up to this, so the page
/// handles fewer, larger replies (each reply is a task on the page's thread, which shares the cores with the
/// workers: a 10,000-run job in 50-run chunks spent about 50 ms of the page's thread on 200 replies). The
/// chunks shrink at the job's end ([`chunks`]), so large ones cost no waiting for the last.
pub const MAX_RUNS_PER_CHUNK: u32 = 200;

/// Runs per message for a job of `runs` runs.
pub fn chunk_size(runs: u32) -> u32 {
    (runs / 50).clamp(RUNS_PER_CHUNK, MAX_RUNS_PER_CHUNK)
}

/// Chunks each worker holds at once, so it starts the next while the page handles the last.
pub const CHUNKS_IN_FLIGHT_PER_WORKER: usize = 2;

/// Most workers ever started (beyond this, message traffic and memory grow with no gain on common machines).
pub const MAX_WORKERS: usize = 8;

/// Workers to start for `hardware_concurrency` logical cores (as reported by the browser, if at all).
pub fn worker_count(hardware_concurrency: Option<f64>) -> usize {
    match hardware_concurrency {
        Some(n) if n.is_finite() && n >= 1.0 => (n as usize).clamp(1, MAX_WORKERS),
        _ => 1,
    }
}

/// Fewest runs in the shrinking chunks at a job's end (about a millisecond of work in a worker).
pub const FEWEST_RUNS_PER_CHUNK: u32 = 10;

/// Splits `0..runs` into contiguous ranges of at most `chunk` runs, in order. Once fewer than four chunks'
/// runs are left, each range is a quarter of what is left (at least [`FEWEST_RUNS_PER_CHUNK`], and the last
/// takes what remains): the workers,
/// each holding [`CHUNKS_IN_FLIGHT_PER_WORKER`], then run out of work within a millisecond or so of each
/// other instead of one finishing up to two full chunks after the rest.
pub fn chunks(runs: u32, chunk: u32) -> Vec<Range<u32>> {
    let chunk = chunk.max(1);
    let mut ranges = Vec::with_capacity(runs.div_ceil(chunk) as usize + 8);
    let mut start = 0;
    while start < runs {
        let left = runs - start;
        let size = if left < 2 * FEWEST_RUNS_PER_CHUNK {
            left
        } else {
            (left / 4).max(FEWEST_RUNS_PER_CHUNK)
        };
        let size = size.min(chunk);
        ranges.push(start..start + size);
        start += size;
    }
    ranges
}

/// One Monte Carlo job: `runs` runs of one scenario, identified by its generation.
#[derive(Debug)]
pub struct Job {
    pub generation: u64,
    pub runs: u32,
    pending: VecDeque<Range<u32>>,
    /// Ranges handed out and not yet back.
    outstanding: Vec<Range<u32>>,
    done_runs: u32,
}

impl Job {
    pub fn new(generation: u64, runs: u32) -> Job {
        Job {
            generation,
            runs,
            pending: chunks(runs, chunk_size(runs)).into(),
            outstanding: Vec::new(),
            done_runs: 0,
        }
    }

    /// The next range to hand to a worker, if any is left.
    pub fn next_chunk(&mut self) -> Option<Range<u32>> {
        let range = self.pending.pop_front()?;
        self.outstanding.push(range.clone());
        Some(range)
    }

    /// Records a reply. Returns `false` (and counts nothing) when it belongs to another job or to a range
    /// that was not handed out or already came back: then its samples must be dropped.
    pub fn accept(&mut self, generation: u64, range: Range<u32>) -> bool {
        if generation != self.generation {
            return false;
        }
        let Some(i) = self.outstanding.iter().position(|r| *r == range) else {
            return false;
        };
        self.outstanding.swap_remove(i);
        self.done_runs += range.end - range.start;
        true
    }

    /// Runs finished so far.
    pub fn done_runs(&self) -> u32 {
        self.done_runs
    }

    /// Share of the runs finished, 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.runs == 0 {
            1.0
        } else {
            f64::from(self.done_runs) / f64::from(self.runs)
        }
    }

    /// Every run came back.
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty() && self.outstanding.is_empty()
    }
}
