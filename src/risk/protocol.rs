//! What the page and the Monte Carlo workers say to each other, and the worker itself.
//!
//! Each worker holds the scenario of the current job (sent once per job, tagged with its generation) and runs
//! the ranges of runs it is asked for. How the job is summarised ([`super::collect`]): an exact job's
//! columns are shared among all the workers, so each keeps its own runs' values of its share and sends each
//! other worker that worker's share; a sketched job's runs all go, whole, to one collecting worker. Samples
//! travel as buffers ([`SampleBytes`]) that the page never reads or copies: it hands each on at once, by
//! transfer, to the worker it is for ([`Request::Collect`]), which lays it out while the others still run.
//! At the end each collector answers [`Request::Summarize`] with its share's statistics (the page joins them)
//! or the sketched summary. So no step over a few milliseconds ever runs on the page's thread, and the page's
//! thread, which shares the cores with the workers, spends next to nothing on a job's samples.
//!
//! Every reply carries what the worker spent on it and how large its WebAssembly memory is ([`WorkerStats`]),
//! for the status line and benchmarks.

use gigawatt_model::columns::ColumnStats;
use gigawatt_model::montecarlo::run_range;
use gigawatt_model::{tornado, Scenario, Summary, Tornado};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::collect::{decode_part, encode_part, Collected, Collection};
pub use super::collect::{Share, SummaryKind};
use super::message::JsMessage;
pub use super::message::SampleBytes;
use super::sketch::summary_digest;
use super::wire::{
    read_column_stats, read_summary, read_tornado, write_column_stats, write_summary,
    write_tornado, Reader, Writer,
};

/// What a worker spent on a reply and how much memory it holds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WorkerStats {
    /// Milliseconds of work: for runs, running them (and, on the collecting worker, keeping their samples); for
    /// a summary, collecting every chunk received and summarising.
    pub busy_ms: f64,
    /// Size of the worker's WebAssembly memory (it never shrinks, so this is also its peak so far).
    pub memory_bytes: u64,
}

/// A scenario on its way to a worker: its share-link records (`link::scenario_records`), which the worker
/// reads back exactly. The page's module then carries no serialiser of scenarios in the workers' codec (its
/// link codec is there anyway).
#[derive(Clone, Debug)]
pub struct ScenarioRecords(pub Vec<u8>);

impl ScenarioRecords {
    pub fn of(scenario: &Scenario) -> ScenarioRecords {
        ScenarioRecords(gigawatt_model::link::scenario_records(scenario))
    }

    /// The scenario, exactly as sent.
    pub fn read(&self) -> Result<Scenario, String> {
        gigawatt_model::link::scenario_from_records(&self.0)
    }
}

/// A message from the page to a worker. Every message names the job's generation so a worker never mixes jobs.
/// It travels as bytes ([`Request::to_bytes`], the format of [`super::wire`]).
#[derive(Clone, Debug)]
pub enum Request {
    /// The scenario of job `generation`; later requests of that job refer to it.
    Scenario {
        generation: u64,
        scenario: ScenarioRecords,
        summary: SummaryKind,
        /// The job's runs (`0..runs`).
        runs: u32,
        /// How many workers collect the job's samples for its summary (each its share).
        collectors: u16,
        /// The share this worker collects, if any (`0..collectors`; worker `i` collects share `i`).
        share: Option<u16>,
    },
    /// Run Monte Carlo runs `start..end` of the job's scenario.
    Runs {
        generation: u64,
        start: u32,
        end: u32,
    },
    /// Keep these samples (a [`super::collect::Part`]'s bytes) of the job for its summary.
    Collect {
        generation: u64,
        samples: SampleBytes,
    },
    /// Every run is in: answer with this worker's share of the summary.
    Summarize { generation: u64 },
    /// Compute the tornado of the job's scenario.
    Tornado { generation: u64 },
}

/// A message from a worker to the page, as bytes ([`Response::to_bytes`]).
#[derive(Clone, Debug)]
pub enum Response {
    /// Runs `start..end` are done: their samples for each other collector, by share (a worker keeps its own
    /// share's).
    Runs {
        generation: u64,
        start: u32,
        end: u32,
        samples: Vec<(u16, SampleBytes)>,
        stats: WorkerStats,
    },
    /// A collector's share of an exact job's summary: its columns' statistics, and its work and memory for the
    /// whole job's collecting.
    Columns {
        generation: u64,
        columns: Box<ColumnStats>,
        stats: WorkerStats,
    },
    /// A sketched job's summary, its [`summary_digest`], and the collector's work and memory for the whole job.
    Summary {
        generation: u64,
        summary: Box<Summary>,
        digest: u64,
        stats: WorkerStats,
    },
    Tornado {
        generation: u64,
        tornado: Box<Tornado>,
    },
    /// The request could not be served (it names no known scenario, or its samples do not decode).
    Failed { generation: u64, message: String },
}

impl Response {
    /// The job this response belongs to.
    pub fn generation(&self) -> u64 {
        match self {
            Response::Runs { generation, .. }
            | Response::Columns { generation, .. }
            | Response::Summary { generation, .. }
            | Response::Tornado { generation, .. }
            | Response::Failed { generation, .. } => *generation,
        }
    }
}

impl SummaryKind {
    fn tag(self) -> u8 {
        match self {
            SummaryKind::Exact => 0,
            SummaryKind::Sketch => 1,
        }
    }
}

fn write_stats(w: &mut Writer, stats: &WorkerStats) {
    w.f64(stats.busy_ms);
    w.u64(stats.memory_bytes);
}

fn read_stats(r: &mut Reader) -> Option<WorkerStats> {
    Some(WorkerStats {
        busy_ms: r.f64()?,
        memory_bytes: r.u64()?,
    })
}

impl Request {
    /// The request as the bytes a worker receives: a tag for its kind, the generation, then its fields, but
    /// not its samples, which travel beside them ([`Request::samples`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Request::Scenario {
                generation,
                scenario,
                summary,
                runs,
                collectors,
                share,
            } => {
                w.u8(0);
                w.u64(*generation);
                w.bytes(&scenario.0);
                w.u8(summary.tag());
                w.u32(*runs);
                w.u32(u32::from(*collectors));
                w.u32(share.map_or(u32::MAX, u32::from));
            }
            Request::Runs {
                generation,
                start,
                end,
            } => {
                w.u8(1);
                w.u64(*generation);
                w.u32(*start);
                w.u32(*end);
            }
            Request::Collect { generation, .. } => {
                w.u8(2);
                w.u64(*generation);
            }
            Request::Summarize { generation } => {
                w.u8(3);
                w.u64(*generation);
            }
            Request::Tornado { generation } => {
                w.u8(4);
                w.u64(*generation);
            }
        }
        w.0
    }

    /// The samples that travel beside the request's bytes.
    pub fn samples(&self) -> Vec<&SampleBytes> {
        match self {
            Request::Collect { samples, .. } => vec![samples],
            _ => Vec::new(),
        }
    }

    /// The inverse of [`Request::to_bytes`] and [`Request::samples`] (`None` for bytes it never writes, or
    /// samples where it sends none or none where it sends some).
    pub fn from_bytes(bytes: &[u8], mut samples: Vec<SampleBytes>) -> Option<Request> {
        let mut r = Reader(bytes);
        let (tag, generation) = (r.u8()?, r.u64()?);
        let collect = tag == 2;
        if samples.len() != usize::from(collect) {
            return None;
        }
        let request = match tag {
            0 => Request::Scenario {
                generation,
                scenario: ScenarioRecords(r.bytes()?),
                summary: match r.u8()? {
                    0 => SummaryKind::Exact,
                    1 => SummaryKind::Sketch,
                    _ => return None,
                },
                runs: r.u32()?,
                collectors: u16::try_from(r.u32()?).ok()?,
                share: match r.u32()? {
                    u32::MAX => None,
                    share => Some(u16::try_from(share).ok()?),
                },
            },
            1 => Request::Runs {
                generation,
                start: r.u32()?,
                end: r.u32()?,
            },
            2 => Request::Collect {
                generation,
                samples: samples.pop()?,
            },
            3 => Request::Summarize { generation },
            4 => Request::Tornado { generation },
            _ => return None,
        };
        r.end(request)
    }
}

impl Response {
    /// The reply as the bytes the page receives (never empty: an empty message from a worker says it has
    /// loaded, [`super::bridge`]), without its samples, which travel beside them ([`Response::samples`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Response::Runs {
                generation,
                start,
                end,
                samples,
                stats,
            } => {
                w.u8(0);
                w.u64(*generation);
                w.u32(*start);
                w.u32(*end);
                w.count(samples.len());
                samples
                    .iter()
                    .for_each(|(share, _)| w.u32(u32::from(*share)));
                write_stats(&mut w, stats);
            }
            Response::Summary {
                generation,
                summary,
                digest,
                stats,
            } => {
                w.u8(1);
                w.u64(*generation);
                write_summary(&mut w, summary);
                w.u64(*digest);
                write_stats(&mut w, stats);
            }
            Response::Tornado {
                generation,
                tornado,
            } => {
                w.u8(2);
                w.u64(*generation);
                write_tornado(&mut w, tornado);
            }
            Response::Failed {
                generation,
                message,
            } => {
                w.u8(3);
                w.u64(*generation);
                w.str(message);
            }
            Response::Columns {
                generation,
                columns,
                stats,
            } => {
                w.u8(4);
                w.u64(*generation);
                write_column_stats(&mut w, columns);
                write_stats(&mut w, stats);
            }
        }
        w.0
    }

    /// The samples that travel beside the reply's bytes, in the order of the shares its bytes name.
    pub fn samples(&self) -> Vec<&SampleBytes> {
        match self {
            Response::Runs { samples, .. } => samples.iter().map(|(_, s)| s).collect(),
            _ => Vec::new(),
        }
    }

    /// The inverse of [`Response::to_bytes`] and [`Response::samples`] (`None` for bytes it never writes, or
    /// samples that do not match what the bytes announce).
    pub fn from_bytes(bytes: &[u8], samples: Vec<SampleBytes>) -> Option<Response> {
        let mut r = Reader(bytes);
        let (tag, generation) = (r.u8()?, r.u64()?);
        if tag != 0 && !samples.is_empty() {
            return None;
        }
        let response = match tag {
            0 => Response::Runs {
                generation,
                start: r.u32()?,
                end: r.u32()?,
                samples: {
                    let shares = r.list(|r| u16::try_from(r.u32()?).ok())?;
                    if shares.len() != samples.len() {
                        return None;
                    }
                    shares.into_iter().zip(samples).collect()
                },
                stats: read_stats(&mut r)?,
            },
            1 => Response::Summary {
                generation,
                summary: Box::new(read_summary(&mut r)?),
                digest: r.u64()?,
                stats: read_stats(&mut r)?,
            },
            2 => Response::Tornado {
                generation,
                tornado: Box::new(read_tornado(&mut r)?),
            },
            3 => Response::Failed {
                generation,
                message: r.string()?,
            },
            4 => Response::Columns {
                generation,
                columns: Box::new(read_column_stats(&mut r)?),
                stats: read_stats(&mut r)?,
            },
            _ => return None,
        };
        r.end(response)
    }
}

/// The job a worker holds: its scenario, how its summary is shared out, and what this worker collected.
#[derive(Debug)]
struct Job {
    generation: u64,
    scenario: Scenario,
    collectors: u16,
    share: Option<u16>,
    collected: Collected,
    /// A collected chunk that did not decode or fit (reported with the summary).
    error: Option<String>,
}

/// What a worker remembers between requests: the current job, if any.
#[derive(Debug, Default)]
pub struct WorkerState {
    job: Option<Job>,
    /// Milliseconds spent collecting the current job's chunks (set by the worker, which has a clock).
    collect_ms: f64,
}

impl WorkerState {
    /// Adds time spent on the current job's collecting (reported with its summary).
    pub fn add_collect_ms(&mut self, ms: f64) {
        self.collect_ms += ms;
    }

    /// The current job, if it is job `generation`.
    fn job(&mut self, generation: u64) -> Option<&mut Job> {
        self.job.as_mut().filter(|job| job.generation == generation)
    }
}

/// The samples of runs `start..end` for each collector but this worker (which keeps its own share's).
fn run_chunk(job: &mut Job, start: u32, end: u32) -> Result<Vec<(u16, SampleBytes)>, String> {
    let runs = run_range(&job.scenario, start..end.max(start)).runs;
    let width = runs.first().map_or(0, |r| r.values.len());
    let mut others = Vec::with_capacity(usize::from(job.collectors));
    for index in (0..job.collectors).filter(|s| Some(*s) != job.share) {
        let share = Share {
            index,
            count: job.collectors,
        };
        let bytes = encode_part(&runs, share.columns(width))?;
        others.push((index, SampleBytes::Local(bytes)));
    }
    // A worker that collects nothing keeps nothing (`Collected::Nothing`).
    if let Err(e) = job.collected.add_runs(runs) {
        job.error.get_or_insert(e);
    }
    Ok(others)
}

/// Answers one request given what the worker holds (pure, so it is tested without a worker). Replies carry
/// zero [`WorkerStats`]; the worker fills them in.
pub fn serve(state: &mut WorkerState, request: Request) -> Option<Response> {
    let unknown = |generation: u64| Response::Failed {
        generation,
        message: format!("no scenario for Monte Carlo job {generation}"),
    };
    match request {
        Request::Scenario {
            generation,
            scenario,
            summary,
            runs,
            collectors,
            share,
        } => {
            state.collect_ms = 0.0;
            state.job = None;
            let share = share.filter(|s| *s < collectors);
            match scenario.read() {
                Ok(scenario) => {
                    let collected = Collected::new(
                        summary,
                        runs,
                        share.map(|index| Share {
                            index,
                            count: collectors,
                        }),
                    );
                    state.job = Some(Job {
                        generation,
                        scenario,
                        collectors,
                        share,
                        collected,
                        error: None,
                    });
                    None
                }
                Err(message) => Some(Response::Failed {
                    generation,
                    message,
                }),
            }
        }
        Request::Collect {
            generation,
            samples,
        } => {
            if let Some(job) = state.job(generation) {
                if let Err(e) =
                    decode_part(&samples.into_vec()).and_then(|part| job.collected.add_part(part))
                {
                    job.error.get_or_insert(e);
                }
            }
            None
        }
        Request::Runs {
            generation,
            start,
            end,
        } => {
            let Some(job) = state.job(generation) else {
                return Some(unknown(generation));
            };
            Some(match run_chunk(job, start, end) {
                Ok(samples) => Response::Runs {
                    generation,
                    start,
                    end,
                    samples,
                    stats: WorkerStats::default(),
                },
                Err(message) => Response::Failed {
                    generation,
                    message,
                },
            })
        }
        Request::Summarize { generation } => {
            let busy_ms = state.collect_ms;
            let Some(job) = state.job(generation) else {
                return Some(unknown(generation));
            };
            let stats = WorkerStats {
                busy_ms,
                memory_bytes: 0,
            };
            let collection = match job.error.take() {
                Some(message) => Err(message),
                None => job.collected.finish(job.scenario.seed),
            };
            Some(match collection {
                Ok(Collection::Columns(columns)) => Response::Columns {
                    generation,
                    columns: Box::new(columns),
                    stats,
                },
                Ok(Collection::Summary(summary)) => Response::Summary {
                    generation,
                    digest: summary_digest(&summary),
                    summary: Box::new(summary),
                    stats,
                },
                Err(message) => Response::Failed {
                    generation,
                    message,
                },
            })
        }
        Request::Tornado { generation } => Some(match state.job(generation) {
            Some(job) => Response::Tornado {
                generation,
                tornado: Box::new(tornado(&job.scenario)),
            },
            None => unknown(generation),
        }),
    }
}

/// Milliseconds from the worker's (or page's) clock: `performance.now()` where there is one.
pub fn now_ms() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .filter(|p| !p.is_undefined())
        .and_then(|performance| {
            let now = js_sys::Reflect::get(&performance, &"now".into()).ok()?;
            let now: &js_sys::Function = wasm_bindgen::JsCast::dyn_ref(&now)?;
            now.call0(&performance).ok()?.as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// Bytes of this module's WebAssembly memory (0 when not running as WebAssembly).
pub fn memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size::<0>() as u64 * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// The Monte Carlo worker (started by `src/bin/worker.rs` with [`McWorker::register`], spawned by
/// [`super::bridge`]).
#[derive(Default)]
pub struct McWorker {
    state: WorkerState,
}

impl McWorker {
    /// Answers one request, with what the worker spent on it and its memory in the reply's stats.
    pub fn received(&mut self, request: Request) -> Option<Response> {
        let collecting = matches!(request, Request::Collect { .. } | Request::Summarize { .. });
        let started = now_ms();
        let mut response = serve(&mut self.state, request)?;
        let busy_ms = now_ms() - started;
        if collecting {
            self.state.add_collect_ms(busy_ms);
        }
        match &mut response {
            Response::Runs { stats, .. } => {
                *stats = WorkerStats {
                    busy_ms,
                    memory_bytes: memory_bytes(),
                }
            }
            Response::Summary { stats, .. } | Response::Columns { stats, .. } => {
                stats.busy_ms += busy_ms;
                stats.memory_bytes = memory_bytes();
            }
            _ => {}
        }
        Some(response)
    }

    /// Makes this Web Worker a Monte Carlo worker: it answers every message (a [`Request`]'s bytes) with a
    /// [`Response`]'s bytes, or with nothing, in order. Its first message, empty, tells the page it has loaded
    /// (messages the page posts before that would find no handler).
    pub fn register() {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let mut worker = McWorker::default();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let (bytes, samples) = JsMessage::read(&event.data());
                let request = Request::from_bytes(&bytes, samples)
                    .expect("a Monte Carlo request of this build");
                if let Some(response) = worker.received(request) {
                    JsMessage::new(&response.to_bytes(), &response.samples()).post_from(&reply_to);
                }
            },
        );
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        JsMessage::new(&[], &[]).post_from(&scope);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::columns::ColumnTable;
    use gigawatt_model::montecarlo::{monte_carlo, summarize, summary_of_columns};

    /// `tests/browser_risk.rs` asserts the same digest in the browser (wasm), so the two builds agree bit for
    /// bit; it changes with the economics.
    const SEED_7_RUNS_200_SKETCH_DIGEST: u64 = 0xc03c_c504_a9fe_1b63;

    fn local(samples: Vec<&SampleBytes>) -> Vec<Vec<u8>> {
        samples
            .into_iter()
            .map(|s| match s {
                SampleBytes::Local(bytes) => bytes.clone(),
                SampleBytes::Transit(_) => panic!("samples in transit in a native test"),
            })
            .collect()
    }

    fn owned(samples: Vec<&SampleBytes>) -> Vec<SampleBytes> {
        samples.into_iter().cloned().collect()
    }

    #[test]
    fn messages_survive_their_bytes_exactly_and_garbage_is_refused() {
        let scenario = Scenario {
            seed: 3,
            mc_runs: 20,
            ..Scenario::default()
        };
        let runs = run_range(&scenario, 0..20).runs;
        let width = runs[0].values.len();
        let samples = encode_part(&runs, 0..width).unwrap();
        let requests = [
            Request::Scenario {
                generation: 1,
                scenario: ScenarioRecords::of(&scenario),
                summary: SummaryKind::Sketch,
                runs: 20,
                collectors: 1,
                share: Some(0),
            },
            Request::Scenario {
                generation: 1,
                scenario: ScenarioRecords::of(&scenario),
                summary: SummaryKind::Exact,
                runs: 10_000,
                collectors: 3,
                share: None,
            },
            Request::Runs {
                generation: 2,
                start: 5,
                end: 9,
            },
            Request::Collect {
                generation: u64::MAX,
                samples: SampleBytes::Local(samples.clone()),
            },
            Request::Summarize { generation: 4 },
            Request::Tornado { generation: 5 },
        ];
        for request in &requests {
            let (bytes, samples) = (request.to_bytes(), owned(request.samples()));
            let back = Request::from_bytes(&bytes, samples.clone()).expect("decodes");
            assert_eq!(back.to_bytes(), bytes, "{request:?}");
            assert_eq!(local(back.samples()), local(request.samples()));
            assert!(Request::from_bytes(&bytes[..bytes.len() - 1], samples.clone()).is_none());
            assert!(
                Request::from_bytes(&[bytes.as_slice(), &[0]].concat(), samples.clone()).is_none()
            );
            // Samples where the request has none, none where it has some, or more than it has.
            let mut wrong = samples.clone();
            wrong.push(SampleBytes::Local(vec![1, 2, 3]));
            assert!(Request::from_bytes(&bytes, wrong).is_none(), "{request:?}");
            if !samples.is_empty() {
                assert!(Request::from_bytes(&bytes, Vec::new()).is_none());
            }
        }
        assert_eq!(local(requests[3].samples()), vec![samples.clone()]);
        match Request::from_bytes(&requests[1].to_bytes(), Vec::new()) {
            Some(Request::Scenario {
                scenario: records,
                summary: SummaryKind::Exact,
                runs: 10_000,
                collectors: 3,
                share: None,
                ..
            }) => assert_eq!(records.read().unwrap(), scenario),
            other => panic!("unexpected request {other:?}"),
        }

        let mut summary = summarize(&scenario, vec![run_range(&scenario, 0..20)]);
        summary.p_negative_by_year.push((2099, f64::NAN));
        let mut table = ColumnTable::new(20, width, 7..300);
        table
            .add(
                runs.iter()
                    .map(|r| (r.index, r.first_negative_month, &r.values[7..300])),
            )
            .unwrap();
        let columns = table.stats().unwrap();
        let stats = WorkerStats {
            busy_ms: 12.25,
            memory_bytes: 1 << 33,
        };
        let responses = [
            Response::Runs {
                generation: 6,
                start: 0,
                end: 20,
                samples: vec![
                    (1, SampleBytes::Local(samples.clone())),
                    (2, SampleBytes::Local(vec![4, 5])),
                ],
                stats,
            },
            Response::Runs {
                generation: 6,
                start: 20,
                end: 40,
                samples: Vec::new(),
                stats,
            },
            Response::Summary {
                generation: 7,
                digest: summary_digest(&summary),
                summary: Box::new(summary.clone()),
                stats,
            },
            Response::Tornado {
                generation: 8,
                tornado: Box::new(tornado(&scenario)),
            },
            Response::Failed {
                generation: 9,
                message: "no scenario — ünïcode".into(),
            },
            Response::Columns {
                generation: 10,
                columns: Box::new(columns.clone()),
                stats,
            },
        ];
        for response in &responses {
            let (bytes, samples) = (response.to_bytes(), owned(response.samples()));
            assert!(!bytes.is_empty(), "an empty message means loaded");
            let back = Response::from_bytes(&bytes, samples.clone()).expect("decodes");
            assert_eq!(back.to_bytes(), bytes, "{response:?}");
            assert_eq!(local(back.samples()), local(response.samples()));
            assert_eq!(back.generation(), response.generation());
            assert!(Response::from_bytes(&bytes[..bytes.len() - 1], samples.clone()).is_none());
            let mut wrong = samples.clone();
            wrong.push(SampleBytes::Local(vec![1, 2, 3]));
            assert!(
                Response::from_bytes(&bytes, wrong).is_none(),
                "{response:?}"
            );
        }
        match Response::from_bytes(&responses[0].to_bytes(), owned(responses[0].samples())) {
            Some(Response::Runs { samples: back, .. }) => {
                let shares: Vec<u16> = back.iter().map(|(share, _)| *share).collect();
                assert_eq!(shares, vec![1, 2]);
            }
            other => panic!("unexpected reply {other:?}"),
        }
        match Response::from_bytes(&responses[2].to_bytes(), Vec::new()) {
            Some(Response::Summary {
                summary: mut back,
                digest,
                stats: back_stats,
                ..
            }) => {
                assert_eq!(summary_digest(&back), summary_digest(&summary));
                assert_eq!(digest, summary_digest(&summary));
                assert_eq!(back_stats, stats);
                let nan = back.p_negative_by_year.pop().unwrap();
                assert!(nan.1.is_nan());
                summary.p_negative_by_year.pop();
                assert_eq!(*back, summary);
            }
            other => panic!("unexpected reply {other:?}"),
        }
        match Response::from_bytes(&responses[3].to_bytes(), Vec::new()) {
            Some(Response::Tornado { tornado: back, .. }) => {
                assert!(!back.by_gap.is_empty());
                assert_eq!(*back, tornado(&scenario));
            }
            other => panic!("unexpected reply {other:?}"),
        }
        match Response::from_bytes(&responses[5].to_bytes(), Vec::new()) {
            Some(Response::Columns { columns: back, .. }) => assert_eq!(*back, columns),
            other => panic!("unexpected reply {other:?}"),
        }
        for garbage in [
            &[][..],
            &[9, 0, 0, 0, 0, 0, 0, 0, 0],
            &[3, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0],
        ] {
            assert!(Response::from_bytes(garbage, Vec::new()).is_none());
            assert!(Request::from_bytes(garbage, Vec::new()).is_none());
        }
    }

    /// Runs a job on `workers` fresh workers, each running the chunks `chunks[w]`, with every part routed to
    /// its collector as the page routes it; returns each collector's reply to `Summarize`.
    fn job_on_workers(
        scenario: &Scenario,
        kind: SummaryKind,
        chunks: &[Vec<(u32, u32)>],
    ) -> Vec<Response> {
        let workers = chunks.len();
        let collectors = match kind {
            SummaryKind::Exact => workers,
            SummaryKind::Sketch => 1,
        };
        let mut states: Vec<WorkerState> = (0..workers).map(|_| WorkerState::default()).collect();
        for (w, state) in states.iter_mut().enumerate() {
            let start = Request::Scenario {
                generation: 2,
                scenario: ScenarioRecords::of(scenario),
                summary: kind,
                runs: scenario.mc_runs,
                collectors: collectors as u16,
                share: (w < collectors).then_some(w as u16),
            };
            assert!(
                serve(state, start).is_none(),
                "setting the scenario needs no reply"
            );
        }
        for (w, ranges) in chunks.iter().enumerate() {
            for &(start, end) in ranges {
                let reply = serve(
                    &mut states[w],
                    Request::Runs {
                        generation: 2,
                        start,
                        end,
                    },
                );
                let Some(Response::Runs { samples, .. }) = reply else {
                    panic!("unexpected reply {reply:?}");
                };
                let shares: Vec<u16> = samples.iter().map(|(s, _)| *s).collect();
                let others: Vec<u16> = (0..collectors as u16)
                    .filter(|s| usize::from(*s) != w)
                    .collect();
                assert_eq!(
                    shares, others,
                    "worker {w} sends each other collector its share"
                );
                for (share, samples) in samples {
                    let collect = Request::Collect {
                        generation: 2,
                        samples,
                    };
                    assert!(serve(&mut states[usize::from(share)], collect).is_none());
                }
            }
        }
        states[..collectors]
            .iter_mut()
            .map(|state| serve(state, Request::Summarize { generation: 2 }).expect("a reply"))
            .collect()
    }

    fn seed_7(runs: u32) -> Scenario {
        Scenario {
            seed: 7,
            mc_runs: runs,
            ..Scenario::default()
        }
    }

    #[test]
    fn every_worker_summarises_its_share_of_the_columns_and_the_join_is_the_exact_summary() {
        for scenario in [
            seed_7(60),
            Scenario {
                mc_runs: 45,
                ..Scenario::preset(gigawatt_model::PresetId::Bear)
            },
        ] {
            let expected = monte_carlo(&scenario);
            let splits: [Vec<Vec<(u32, u32)>>; 3] = [
                vec![vec![(0, 25), (40, scenario.mc_runs)], vec![(25, 40)]],
                vec![
                    vec![(10, 20)],
                    vec![(0, 10), (30, scenario.mc_runs)],
                    vec![(20, 30)],
                ],
                vec![vec![(0, scenario.mc_runs)]],
            ];
            for chunks in splits {
                let columns: Vec<ColumnStats> =
                    job_on_workers(&scenario, SummaryKind::Exact, &chunks)
                        .into_iter()
                        .map(|reply| match reply {
                            Response::Columns { columns, .. } => *columns,
                            other => panic!("unexpected reply {other:?}"),
                        })
                        .collect();
                assert_eq!(columns.len(), chunks.len());
                let joined = summary_of_columns(scenario.seed, columns).expect("the shares fit");
                assert_eq!(joined, expected, "{chunks:?}");
            }
        }
    }

    #[test]
    fn a_missing_or_misrouted_chunk_fails_the_job_with_a_reason() {
        let scenario = seed_7(30);
        // Runs 20..30 never run: each collector says so.
        for reply in job_on_workers(
            &scenario,
            SummaryKind::Exact,
            &[vec![(0, 10)], vec![(10, 20)]],
        ) {
            match reply {
                Response::Failed { message, .. } => {
                    assert!(message.contains("10 of the job's 30"), "{message}")
                }
                other => panic!("unexpected reply {other:?}"),
            }
        }
        // A part for the other share delivered to the wrong collector.
        let mut state = WorkerState::default();
        let start = |share| Request::Scenario {
            generation: 3,
            scenario: ScenarioRecords::of(&scenario),
            summary: SummaryKind::Exact,
            runs: 30,
            collectors: 2,
            share: Some(share),
        };
        assert!(serve(&mut state, start(0)).is_none());
        let runs = run_range(&scenario, 0..30).runs;
        let width = runs[0].values.len();
        let wrong = encode_part(&runs, Share { index: 1, count: 2 }.columns(width)).unwrap();
        let collect = Request::Collect {
            generation: 3,
            samples: SampleBytes::Local(wrong),
        };
        assert!(serve(&mut state, collect).is_none());
        match serve(&mut state, Request::Summarize { generation: 3 }) {
            Some(Response::Failed { message, .. }) => {
                assert!(message.contains("reached the collector of"), "{message}")
            }
            other => panic!("unexpected reply {other:?}"),
        }
        // Bytes that are not samples.
        assert!(serve(&mut state, start(0)).is_none());
        let garbage = Request::Collect {
            generation: 3,
            samples: SampleBytes::Local(vec![1, 2, 3]),
        };
        assert!(serve(&mut state, garbage).is_none());
        match serve(&mut state, Request::Summarize { generation: 3 }) {
            Some(Response::Failed { message, .. }) => {
                assert!(message.contains("did not decode"), "{message}")
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }

    #[test]
    fn a_sketched_summary_has_the_same_digest_as_in_the_browser() {
        let chunks = [vec![(0, 120)], vec![(120, 200)]];
        match &job_on_workers(&seed_7(200), SummaryKind::Sketch, &chunks)[..] {
            [Response::Summary {
                digest, summary, ..
            }] => {
                assert_eq!(summary.runs, 200);
                assert_eq!(
                    *digest, SEED_7_RUNS_200_SKETCH_DIGEST,
                    "native digest {digest:016x}"
                );
            }
            other => panic!("unexpected replies {other:?}"),
        }
    }
}
