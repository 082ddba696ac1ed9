//! The Monte Carlo engine on the page: a pool of workers (one per logical core, at most
//! [`MAX_WORKERS`](super::scheduler::MAX_WORKERS)), one job at a time, and restarts that wait for the
//! inputs to settle.
//!
//! Every job has a generation number. A new input, a cancel or a restart bumps it at once; replies tagged
//! with an older generation are dropped, so a stale result can never reach the page. The page's thread only
//! routes messages and joins the workers' shares of an exact summary (a few thousand numbers): it never runs
//! the model, decodes samples or computes percentiles (see [`super::protocol`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gigawatt_model::columns::ColumnStats;
use gigawatt_model::montecarlo::summary_of_columns;
use gigawatt_model::{Scenario, Summary, Tornado};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use gigawatt_model::validation::MAX_MC_RUNS;

use super::bridge::WorkerBridge;
use super::protocol::{now_ms, Request, Response, ScenarioRecords, SummaryKind, WorkerStats};
use super::scheduler::{worker_count, Job, CHUNKS_IN_FLIGHT_PER_WORKER};
use super::sketch::summary_digest;

/// Quiet time after the last input before a new job starts (a slider drag sends many inputs).
pub const DEBOUNCE_MS: u32 = 300;

/// A running job whose workers say nothing for this long has failed (a worker that did not load, say).
pub const STALL_TIMEOUT_MS: u32 = 30_000;

/// A SIMD worker that has not answered this long after its first job started is taken as unable to load (its
/// files missing from a partial deployment, say): the pool starts the scalar build instead and runs the job
/// again. A first reply comes well within it even on a slow machine (one chunk of runs).
pub const SIMD_FIRST_REPLY_MS: u32 = 10_000;

/// While a job runs, its progress is shown at most this often (ms): each redraw is a task on the page's
/// thread, which competes with the workers for the cores.
pub const PROGRESS_MS: f64 = 250.0;

/// Where Trunk puts the worker's JavaScript (next to index.html; resolved against the page's address).
pub const WORKER_PATH: &str = "worker.js";

/// The `<meta name>` a release build writes into index.html when it carries the SIMD build of the worker
/// (`content` is its path; scripts/post-build.mjs). Without it (`trunk serve`), the page uses [`WORKER_PATH`].
pub const SIMD_WORKER_META: &str = "gigawatt-simd-worker";

/// A module whose one function uses a 128-bit SIMD instruction (`i8x16.splat`, `i8x16.popcnt`): it validates
/// only where the browser runs WebAssembly SIMD.
const SIMD_PROBE: [u8; 31] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
    0x02, 0x01, 0x00, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b,
];

/// Which build of the worker runs the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerBuild {
    /// Compiled with `+simd128` (where the browser validates a SIMD probe and the build carries it).
    Simd,
    Scalar,
}

impl WorkerBuild {
    pub fn name(self) -> &'static str {
        match self {
            WorkerBuild::Simd => "simd",
            WorkerBuild::Scalar => "scalar",
        }
    }
}

/// Whether this browser validates a module with SIMD instructions.
pub fn simd_supported() -> bool {
    let probe = js_sys::Uint8Array::from(&SIMD_PROBE[..]);
    js_sys::WebAssembly::validate(&probe).unwrap_or(false)
}

/// The worker build to start and its script's path: the SIMD build where the page carries one and the browser
/// validates SIMD, else the scalar build.
fn worker_build(scalar_only: bool) -> (WorkerBuild, String) {
    if scalar_only {
        return (WorkerBuild::Scalar, WORKER_PATH.to_string());
    }
    let simd_path = gloo::utils::document()
        .query_selector(&format!("meta[name=\"{SIMD_WORKER_META}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|path| !path.is_empty());
    match simd_path {
        Some(path) if simd_supported() => (WorkerBuild::Simd, path),
        _ => (WorkerBuild::Scalar, WORKER_PATH.to_string()),
    }
}

/// The worker that collects a sketched job's samples and summarises them (it also runs its share of the runs,
/// whose samples it keeps). An exact job is collected by every worker, each a share of the columns.
const COLLECTOR: usize = 0;

/// Results are shared by identity: a new result is a new `Rc`, and comparing two handles never walks the
/// numbers.
pub use gigawatt_app_core::Shared;

/// Where the current job stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Inputs changed; the job starts when they have been quiet for [`DEBOUNCE_MS`].
    Waiting,
    Running {
        done: u32,
        total: u32,
    },
    /// Every run is back; the collecting workers are computing the percentiles.
    Summarizing {
        total: u32,
    },
    /// `elapsed_ms` from the start of the job to its summary, of which `runs_ms` until every run was back.
    Done {
        runs: u32,
        elapsed_ms: f64,
        runs_ms: f64,
    },
    Cancelled,
    Failed(String),
}

impl Phase {
    /// A short machine-readable name (`data-phase` on the status line, for tests).
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Waiting => "waiting",
            Phase::Running { .. } => "running",
            Phase::Summarizing { .. } => "summarizing",
            Phase::Done { .. } => "done",
            Phase::Cancelled => "cancelled",
            Phase::Failed(_) => "failed",
        }
    }

    /// Progress in percent for the progress bar.
    pub fn percent(&self) -> f64 {
        match self {
            Phase::Running { done, total } if *total > 0 => {
                f64::from(*done) * 100.0 / f64::from(*total)
            }
            Phase::Summarizing { .. } | Phase::Done { .. } => 100.0,
            _ => 0.0,
        }
    }

    /// Whether a job is waiting or in flight (what Cancel stops).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Phase::Waiting | Phase::Running { .. } | Phase::Summarizing { .. }
        )
    }
}

/// Measurements of the current job (for the status line's data attributes and the benchmarks).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobStats {
    /// Milliseconds the workers spent running the job's runs (summed over workers).
    pub compute_ms: f64,
    /// Milliseconds the busiest collecting worker spent taking in the chunks and summarising.
    pub collect_ms: f64,
    /// The WebAssembly memory of every worker, summed (each as last reported; it never shrinks).
    pub wasm_memory_bytes: u64,
    /// The summary's digest (`sketch::summary_digest`), once done.
    pub digest: Option<u64>,
}

/// What the Risk view shows: the phase of the current job and the results that belong to it.
#[derive(Clone, Debug, PartialEq)]
pub struct McSnapshot {
    pub generation: u64,
    pub phase: Phase,
    pub workers: usize,
    /// The worker build in use (once started).
    pub build: Option<WorkerBuild>,
    pub stats: JobStats,
    /// Present only when the current job finished: never a result of other inputs.
    pub summary: Option<Shared<Summary>>,
    /// The tornado of the current inputs, once computed.
    pub tornado: Option<Shared<Tornado>>,
}

struct Engine {
    bridges: Vec<WorkerBridge>,
    build: Option<WorkerBuild>,
    /// Whether any worker of `bridges` has replied yet.
    answered: bool,
    /// Set when the SIMD build never answered: from then on the pool starts the scalar one.
    scalar_only: bool,
    in_flight: Vec<usize>,
    /// Each worker's last reported WebAssembly memory.
    memory: Vec<u64>,
    stats: JobStats,
    generation: u64,
    scenario: Option<Rc<Scenario>>,
    job: Option<Job>,
    /// Workers collecting the current job (worker `i` collects share `i`).
    collectors: usize,
    /// The collectors' shares of an exact job's summary, as they arrive.
    columns: Vec<ColumnStats>,
    started_ms: f64,
    runs_ms: f64,
    phase: Phase,
    summary: Option<Shared<Summary>>,
    tornado: Option<Shared<Tornado>>,
    debounce: Option<Timeout>,
    watchdog: Option<Timeout>,
    /// When the last reply of any job came, and when progress was last shown.
    last_reply_ms: f64,
    last_emit_ms: f64,
    notify: Callback<McSnapshot>,
}

type EngineRef = Rc<RefCell<Engine>>;

impl Engine {
    fn snapshot(&self) -> McSnapshot {
        McSnapshot {
            generation: self.generation,
            phase: self.phase.clone(),
            workers: self.bridges.len().max(planned_workers()),
            build: self.build,
            stats: JobStats {
                wasm_memory_bytes: self.memory.iter().sum(),
                ..self.stats
            },
            summary: self.summary.clone(),
            tornado: self.tornado.clone(),
        }
    }

    /// How long the current job may go without a reply before the watchdog acts.
    fn silence_limit_ms(&self) -> u32 {
        if self.build == Some(WorkerBuild::Simd) && !self.answered {
            SIMD_FIRST_REPLY_MS
        } else {
            STALL_TIMEOUT_MS
        }
    }

    /// Drops the job in flight (its replies become stale) and every result of it.
    fn abandon(&mut self) {
        self.generation += 1;
        self.job = None;
        self.columns.clear();
        self.stats = JobStats::default();
        self.summary = None;
        self.tornado = None;
        self.debounce = None;
        self.watchdog = None;
    }

    /// A worker's WebAssembly memory, as it last reported it.
    fn note_memory(&mut self, worker: usize, bytes: u64) {
        if let Some(memory) = self.memory.get_mut(worker) {
            *memory = bytes;
        }
    }

    /// A collecting worker's share of the summary came with what collecting cost it (the job's figure is the
    /// busiest collector's).
    fn collector_reported(&mut self, worker: usize, stats: WorkerStats) {
        self.stats.collect_ms = self.stats.collect_ms.max(stats.busy_ms);
        self.note_memory(worker, stats.memory_bytes);
    }

    /// The job failed: its results are dropped and the reason shown.
    fn fail(&mut self, message: &str) {
        self.abandon();
        self.phase = Phase::Failed(format!("The Monte Carlo run failed: {message}."));
    }

    /// The job is done: its summary is shown.
    fn finish(&mut self, summary: Summary, digest: u64) {
        self.stats.digest = Some(digest);
        self.phase = Phase::Done {
            runs: summary.runs,
            runs_ms: self.runs_ms,
            elapsed_ms: now_ms() - self.started_ms,
        };
        self.summary = Some(Shared(Rc::new(summary)));
        self.watchdog = None;
    }

    /// Hands chunks to `worker` until it holds [`CHUNKS_IN_FLIGHT_PER_WORKER`].
    fn refill(&mut self, worker: usize) {
        let Some(job) = self.job.as_mut() else { return };
        while self.in_flight[worker] < CHUNKS_IN_FLIGHT_PER_WORKER {
            let Some(range) = job.next_chunk() else { break };
            self.in_flight[worker] += 1;
            self.bridges[worker].send(Request::Runs {
                generation: job.generation,
                start: range.start,
                end: range.end,
            });
        }
    }
}

/// The worker that computes an exact job's tornado once its runs are back: the last one, which is not the
/// collector (then summarising) unless it is the only worker.
fn tornado_worker(workers: usize) -> usize {
    workers.saturating_sub(1)
}

/// Workers the pool starts on this machine.
fn planned_workers() -> usize {
    let concurrency = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|v| v.as_f64());
    worker_count(concurrency)
}

/// Whether this browser can start Web Workers at all.
fn workers_supported() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false)
}

fn emit(engine: &EngineRef) {
    let (notify, snapshot) = {
        let e = engine.borrow();
        (e.notify.clone(), e.snapshot())
    };
    notify.emit(snapshot);
}

/// Starts the pool's workers; the browser's reason when it refuses one.
fn spawn_workers(engine: &EngineRef) -> Result<(), String> {
    let count = planned_workers();
    let (build, path) = worker_build(engine.borrow().scalar_only);
    let mut bridges = Vec::with_capacity(count);
    for index in 0..count {
        let weak: Weak<RefCell<Engine>> = Rc::downgrade(engine);
        let bridge = WorkerBridge::spawn(&path, move |response| {
            if let Some(engine) = weak.upgrade() {
                on_response(&engine, index, response);
            }
        })?;
        bridges.push(bridge);
    }
    let mut e = engine.borrow_mut();
    e.in_flight = vec![0; bridges.len()];
    e.memory = vec![0; bridges.len()];
    e.bridges = bridges;
    e.build = Some(build);
    e.answered = false;
    Ok(())
}

/// New inputs: drop the job in flight and start again, after [`DEBOUNCE_MS`] when `debounce` is set.
fn request(engine: &EngineRef, scenario: Rc<Scenario>, debounce: bool) {
    {
        let mut e = engine.borrow_mut();
        e.abandon();
        e.scenario = Some(scenario);
        e.phase = Phase::Waiting;
        if debounce {
            let weak = Rc::downgrade(engine);
            let generation = e.generation;
            e.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
                if let Some(engine) = weak.upgrade() {
                    if engine.borrow().generation == generation {
                        start(&engine);
                    }
                }
            }));
        }
    }
    if !debounce {
        start(engine);
    }
    emit(engine);
}

/// Starts the job of the current generation now.
fn start(engine: &EngineRef) {
    if !workers_supported() {
        engine.borrow_mut().phase = Phase::Failed(
            "This browser cannot start Web Workers, so the Monte Carlo runs cannot be computed."
                .into(),
        );
        emit(engine);
        return;
    }
    if engine.borrow().bridges.is_empty() {
        if let Err(reason) = spawn_workers(engine) {
            engine.borrow_mut().phase = Phase::Failed(format!(
                "The Monte Carlo workers could not start ({reason}), so the runs cannot be computed."
            ));
            emit(engine);
            return;
        }
    }
    {
        let mut e = engine.borrow_mut();
        let Some(scenario) = e.scenario.clone() else {
            return;
        };
        let generation = e.generation;
        e.debounce = None;
        let runs = scenario.mc_runs.clamp(1, MAX_MC_RUNS);
        let records = ScenarioRecords::of(&scenario);
        let kind = SummaryKind::for_runs(runs);
        e.collectors = match kind {
            SummaryKind::Exact => e.bridges.len(),
            SummaryKind::Sketch => 1,
        };
        e.columns.clear();
        for (worker, bridge) in e.bridges.iter().enumerate() {
            bridge.send(Request::Scenario {
                generation,
                scenario: records.clone(),
                summary: kind,
                runs,
                collectors: e.collectors as u16,
                share: (worker < e.collectors).then_some(worker as u16),
            });
        }
        if kind == SummaryKind::Sketch {
            // A long job: its tornado comes first, rather than seconds later (it costs the job ~1%).
            e.bridges[COLLECTOR].send(Request::Tornado { generation });
        }
        e.job = Some(Job::new(generation, runs));
        e.started_ms = now_ms();
        e.last_reply_ms = e.started_ms;
        e.phase = Phase::Running {
            done: 0,
            total: runs,
        };
        for worker in 0..e.bridges.len() {
            e.refill(worker);
        }
    }
    arm_watchdog(engine);
    emit(engine);
}

/// Starts the watchdog of the current job: it fires [`STALL_TIMEOUT_MS`] after the last reply (replies only
/// note their time, so a busy job sets no timer per reply).
fn arm_watchdog(engine: &EngineRef) {
    let weak = Rc::downgrade(engine);
    let (generation, delay) = {
        let e = engine.borrow();
        let quiet = now_ms() - e.last_reply_ms;
        (
            e.generation,
            (f64::from(e.silence_limit_ms()) - quiet).max(0.0) as u32,
        )
    };
    let timeout = Timeout::new(delay, move || {
        let Some(engine) = weak.upgrade() else { return };
        {
            let mut e = engine.borrow_mut();
            if e.generation != generation || !e.phase.is_busy() {
                return;
            }
            if now_ms() - e.last_reply_ms < f64::from(e.silence_limit_ms()) {
                drop(e);
                arm_watchdog(&engine);
                return;
            }
            if e.build == Some(WorkerBuild::Simd) && !e.answered {
                // The SIMD build never loaded: the scalar build runs the same job (same results, bit for bit).
                e.scalar_only = true;
                e.bridges.clear();
                let scenario = e.scenario.clone();
                drop(e);
                if let Some(scenario) = scenario {
                    request(&engine, scenario, false);
                }
                return;
            }
            e.abandon();
            e.phase = Phase::Failed(
                "The Monte Carlo workers stopped answering. Reload the page to try again.".into(),
            );
        }
        emit(&engine);
    });
    engine.borrow_mut().watchdog = Some(timeout);
}

fn on_response(engine: &EngineRef, worker: usize, response: Response) {
    let current = {
        let mut e = engine.borrow_mut();
        e.answered = true;
        e.generation
    };
    // A chunk comes back as runs, or as a failure (then the job is abandoned, but the slot is free again).
    if let Response::Runs { .. } | Response::Failed { .. } = response {
        let mut e = engine.borrow_mut();
        if let Some(slot) = e.in_flight.get_mut(worker) {
            *slot = slot.saturating_sub(1);
        }
    }
    if response.generation() != current {
        // Stale: the worker is free again, so give it work of the current job.
        if worker < engine.borrow().bridges.len() {
            engine.borrow_mut().refill(worker);
        }
        return;
    }
    {
        let mut e = engine.borrow_mut();
        match response {
            Response::Runs {
                generation,
                start,
                end,
                samples,
                stats,
            } => {
                let Some(job) = e.job.as_mut() else { return };
                if !job.accept(generation, start..end) {
                    return;
                }
                let (done, total, complete) = (job.done_runs(), job.runs, job.is_complete());
                e.stats.compute_ms += stats.busy_ms;
                e.note_memory(worker, stats.memory_bytes);
                // Each collector lays out its share while the workers keep running (each kept its own).
                for (share, samples) in samples {
                    if let Some(collector) = e.bridges.get(usize::from(share)) {
                        collector.send(Request::Collect {
                            generation,
                            samples,
                        });
                    }
                }
                if complete {
                    e.job = None;
                    e.runs_ms = now_ms() - e.started_ms;
                    e.phase = Phase::Summarizing { total };
                    for collector in &e.bridges[..e.collectors] {
                        collector.send(Request::Summarize { generation });
                    }
                    if SummaryKind::for_runs(total) == SummaryKind::Exact {
                        // A job of at most a second: its tornado (some 75 model runs) is computed after the
                        // last worker's share of the summary, instead of taking cores from the runs.
                        e.bridges[tornado_worker(e.bridges.len())]
                            .send(Request::Tornado { generation });
                    }
                } else {
                    e.phase = Phase::Running { done, total };
                    e.refill(worker);
                }
            }
            Response::Columns { columns, stats, .. } => {
                e.collector_reported(worker, stats);
                e.columns.push(*columns);
                if e.columns.len() == e.collectors {
                    let seed = e.scenario.as_ref().map_or(0, |s| s.seed);
                    match summary_of_columns(seed, std::mem::take(&mut e.columns)) {
                        Ok(summary) => {
                            let digest = summary_digest(&summary);
                            e.finish(summary, digest);
                        }
                        Err(message) => e.fail(&message),
                    }
                }
            }
            Response::Summary {
                summary,
                digest,
                stats,
                ..
            } => {
                e.collector_reported(worker, stats);
                e.finish(*summary, digest);
            }
            Response::Tornado { tornado, .. } => e.tornado = Some(Shared(Rc::new(*tornado))),
            Response::Failed { message, .. } => e.fail(&message),
        }
    }
    // While runs come back, the page redraws the progress at most every PROGRESS_MS: a reply every few
    // milliseconds would otherwise keep the page's thread busy re-rendering, on the cores the workers need.
    let now = now_ms();
    let redraw = {
        let mut e = engine.borrow_mut();
        e.last_reply_ms = now;
        let due = !matches!(e.phase, Phase::Running { .. }) || now - e.last_emit_ms >= PROGRESS_MS;
        if due {
            e.last_emit_ms = now;
        }
        due
    };
    if redraw {
        emit(engine);
    }
}

/// What the view can ask of the engine.
#[derive(Clone, PartialEq)]
pub struct McControls {
    /// Stop the job in flight (its results are dropped).
    pub cancel: Callback<()>,
    /// Start the current inputs again at once.
    pub rerun: Callback<()>,
}

/// Runs the Monte Carlo of `scenario` in workers: at once on mount, then again [`DEBOUNCE_MS`] after every
/// change. Workers live as long as the calling component.
#[hook]
pub fn use_monte_carlo(scenario: &Scenario) -> (McSnapshot, McControls) {
    let snapshot = use_state_eq(|| McSnapshot {
        generation: 0,
        phase: Phase::Waiting,
        workers: planned_workers(),
        build: None,
        stats: JobStats::default(),
        summary: None,
        tornado: None,
    });
    let engine: EngineRef = {
        let setter = snapshot.setter();
        use_mut_ref(move || Engine {
            bridges: Vec::new(),
            build: None,
            answered: false,
            scalar_only: false,
            in_flight: Vec::new(),
            memory: Vec::new(),
            stats: JobStats::default(),
            generation: 0,
            scenario: None,
            job: None,
            collectors: 0,
            columns: Vec::new(),
            started_ms: 0.0,
            runs_ms: 0.0,
            phase: Phase::Waiting,
            summary: None,
            tornado: None,
            debounce: None,
            watchdog: None,
            last_reply_ms: 0.0,
            last_emit_ms: 0.0,
            notify: Callback::from(move |s| setter.set(s)),
        })
    };
    {
        let engine = engine.clone();
        use_effect_with(scenario.clone(), move |scenario| {
            let first = engine.borrow().scenario.is_none();
            request(&engine, Rc::new(scenario.clone()), !first);
        });
    }
    {
        // Workers stop with the view.
        let engine = engine.clone();
        use_effect_with((), move |_| {
            move || {
                let mut e = engine.borrow_mut();
                e.abandon();
                e.bridges.clear();
                e.in_flight.clear();
                e.memory.clear();
            }
        });
    }
    let controls = {
        let cancel = {
            let engine = engine.clone();
            Callback::from(move |_| {
                {
                    let mut e = engine.borrow_mut();
                    if !e.phase.is_busy() {
                        return;
                    }
                    e.abandon();
                    e.phase = Phase::Cancelled;
                }
                emit(&engine);
            })
        };
        let rerun = {
            let engine = engine.clone();
            Callback::from(move |_| {
                let scenario = engine.borrow().scenario.clone();
                if let Some(scenario) = scenario {
                    request(&engine, scenario, false);
                }
            })
        };
        McControls { cancel, rerun }
    };
    ((*snapshot).clone(), controls)
}
