//! The Monte Carlo engine on the page: a pool of workers (one per logical core, at most
//! [`MAX_WORKERS`](super::scheduler::MAX_WORKERS)), one job at a time, and restarts that wait for the
//! inputs to settle.
//!
//! Every job has a generation number. A new input, a cancel or a restart bumps it at once; replies tagged
//! with an older generation are dropped, so a stale result can never reach the page. The page's thread only
//! routes messages: it never runs the model, decodes samples or summarises (see [`super::protocol`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gigawatt_model::{Scenario, Summary, Tornado};
use gloo::timers::callback::Timeout;
use yew::prelude::*;
use yew_agent::worker::WorkerBridge;
use yew_agent::Spawnable;

use super::protocol::{McWorker, Request, Response};
use super::scheduler::{worker_count, Job, CHUNKS_IN_FLIGHT_PER_WORKER};

/// Quiet time after the last input before a new job starts (a slider drag sends many inputs).
pub const DEBOUNCE_MS: u32 = 300;

/// A running job whose workers say nothing for this long has failed (a worker that did not load, say).
pub const STALL_TIMEOUT_MS: u32 = 30_000;

/// Where Trunk puts the worker's JavaScript (next to index.html; resolved against the page's address).
pub const WORKER_PATH: &str = "worker.js";

/// The worker that collects the samples and summarises them (it also runs its share of the runs).
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
    /// Every run is back; one worker is computing the percentiles.
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

/// What the Risk view shows: the phase of the current job and the results that belong to it.
#[derive(Clone, Debug, PartialEq)]
pub struct McSnapshot {
    pub generation: u64,
    pub phase: Phase,
    pub workers: usize,
    /// Present only when the current job finished: never a result of other inputs.
    pub summary: Option<Shared<Summary>>,
    /// The tornado of the current inputs, once computed.
    pub tornado: Option<Shared<Tornado>>,
}

struct Engine {
    bridges: Vec<WorkerBridge<McWorker>>,
    in_flight: Vec<usize>,
    generation: u64,
    scenario: Option<Rc<Scenario>>,
    job: Option<Job>,
    started_ms: f64,
    runs_ms: f64,
    phase: Phase,
    summary: Option<Shared<Summary>>,
    tornado: Option<Shared<Tornado>>,
    debounce: Option<Timeout>,
    watchdog: Option<Timeout>,
    notify: Callback<McSnapshot>,
}

type EngineRef = Rc<RefCell<Engine>>;

impl Engine {
    fn snapshot(&self) -> McSnapshot {
        McSnapshot {
            generation: self.generation,
            phase: self.phase.clone(),
            workers: self.bridges.len().max(planned_workers()),
            summary: self.summary.clone(),
            tornado: self.tornado.clone(),
        }
    }

    /// Drops the job in flight (its replies become stale) and every result of it.
    fn abandon(&mut self) {
        self.generation += 1;
        self.job = None;
        self.summary = None;
        self.tornado = None;
        self.debounce = None;
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

/// Workers the pool starts on this machine.
fn planned_workers() -> usize {
    let concurrency = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|v| v.as_f64());
    worker_count(concurrency)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
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

fn spawn_workers(engine: &EngineRef) {
    let count = planned_workers();
    let mut bridges = Vec::with_capacity(count);
    for index in 0..count {
        let weak: Weak<RefCell<Engine>> = Rc::downgrade(engine);
        let bridge = McWorker::spawner()
            .callback(move |response| {
                if let Some(engine) = weak.upgrade() {
                    on_response(&engine, index, response);
                }
            })
            .spawn(WORKER_PATH);
        bridges.push(bridge);
    }
    let mut e = engine.borrow_mut();
    e.in_flight = vec![0; bridges.len()];
    e.bridges = bridges;
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
        spawn_workers(engine);
    }
    {
        let mut e = engine.borrow_mut();
        let Some(scenario) = e.scenario.clone() else {
            return;
        };
        let generation = e.generation;
        e.debounce = None;
        let runs = scenario.mc_runs.clamp(1, 10_000);
        for bridge in &e.bridges {
            bridge.send(Request::Scenario {
                generation,
                scenario: Box::new((*scenario).clone()),
            });
        }
        e.bridges[COLLECTOR].send(Request::Tornado { generation });
        e.job = Some(Job::new(generation, runs));
        e.started_ms = now_ms();
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

fn arm_watchdog(engine: &EngineRef) {
    let weak = Rc::downgrade(engine);
    let generation = engine.borrow().generation;
    let timeout = Timeout::new(STALL_TIMEOUT_MS, move || {
        let Some(engine) = weak.upgrade() else { return };
        {
            let mut e = engine.borrow_mut();
            if e.generation != generation || !e.phase.is_busy() {
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
    let current = engine.borrow().generation;
    if let Response::Runs { .. } = response {
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
            } => {
                let Some(job) = e.job.as_mut() else { return };
                if !job.accept(generation, start..end) {
                    return;
                }
                let (done, total, complete) = (job.done_runs(), job.runs, job.is_complete());
                // The collector decodes the samples while the other workers keep running.
                e.bridges[COLLECTOR].send(Request::Collect {
                    generation,
                    samples,
                });
                if complete {
                    e.job = None;
                    e.runs_ms = now_ms() - e.started_ms;
                    e.phase = Phase::Summarizing { total };
                    e.bridges[COLLECTOR].send(Request::Summarize {
                        generation,
                        parts: Vec::new(),
                    });
                } else {
                    e.phase = Phase::Running { done, total };
                    e.refill(worker);
                }
            }
            Response::Summary { summary, .. } => {
                let elapsed_ms = now_ms() - e.started_ms;
                e.phase = Phase::Done {
                    runs: summary.runs,
                    runs_ms: e.runs_ms,
                    elapsed_ms,
                };
                e.summary = Some(Shared(Rc::new(*summary)));
                e.watchdog = None;
            }
            Response::Tornado { tornado, .. } => e.tornado = Some(Shared(Rc::new(*tornado))),
            Response::Failed { message, .. } => {
                e.abandon();
                e.phase = Phase::Failed(format!("The Monte Carlo run failed: {message}."));
            }
        }
    }
    if engine.borrow().phase.is_busy() {
        arm_watchdog(engine);
    }
    emit(engine);
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
        summary: None,
        tornado: None,
    });
    let engine: EngineRef = {
        let setter = snapshot.setter();
        use_mut_ref(move || Engine {
            bridges: Vec::new(),
            in_flight: Vec::new(),
            generation: 0,
            scenario: None,
            job: None,
            started_ms: 0.0,
            runs_ms: 0.0,
            phase: Phase::Waiting,
            summary: None,
            tornado: None,
            debounce: None,
            watchdog: None,
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
