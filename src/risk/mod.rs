//! The Risk view (issue 5): Monte Carlo of the current scenario in Web Workers, shown as fans, the chance
//! the cash runs out by year, the year it first does, and tornados.
//!
//! - [`protocol`]: the messages between page and workers, and the worker ([`protocol::McWorker`], started
//!   from `src/bin/worker.rs`); [`wire`]: their byte format; [`message`]: a message as posted (its bytes,
//!   and samples transferred beside them); [`bridge`]: the page's end of a worker.
//! - [`collect`]: how workers gather a job's samples for its summary (exact jobs by shares of columns, on
//!   every worker) and the bytes a chunk's samples travel as.
//! - [`scheduler`]: one job's bookkeeping (chunks, progress, stale replies), free of browser calls.
//! - [`pool`]: the worker pool, debounced restarts and cancellation ([`pool::use_monte_carlo`]).
//! - [`sketch`]: the bounded-memory summary of jobs over [`sketch::EXACT_RUNS`] runs.
//! - [`view`] and [`chart`]: the tab and its chart cards (drawing comes from `gigawatt_charts::risk`).
//!
//! The model does all the numbers (`run_range`, `summarize`, `tornado`); nothing here computes economics.

pub mod bridge;
pub mod chart;
pub mod collect;
pub mod message;
pub mod pool;
pub mod protocol;
pub mod scheduler;
pub mod sketch;
pub mod view;
pub mod wire;

pub use view::RiskView;
