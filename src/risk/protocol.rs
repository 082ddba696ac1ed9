//! What the page and the Monte Carlo workers say to each other, and the worker itself.
//!
//! Each worker holds the scenario of the current job (sent once per job, tagged with its generation) and runs
//! the ranges of runs it is asked for. The collecting worker keeps the samples of its own runs; the others' travel
//! back as a buffer ([`SampleBytes`]) that the page never reads or copies: it hands each chunk on at once, by
//! transfer, to the collecting worker ([`Request::Collect`]), which decodes it while the others still run and
//! finally summarises. So no step over a few milliseconds ever runs on the page's thread (summarising 10,000
//! runs takes about a hundred milliseconds; moving 36 MB of samples in one message would block the page too),
//! and the page's thread, which shares the cores with the workers, spends next to nothing on a job's samples.
//!
//! How the collector summarises is the job's [`SummaryKind`]: up to [`EXACT_RUNS`] runs it keeps every sample
//! and the model summarises them exactly ([`summarize`]); beyond, it folds each chunk into a [`FanSketch`]
//! and drops it, so memory stays bounded however many runs the job has. Every reply carries what the worker
//! spent on it and how large its WebAssembly memory is ([`WorkerStats`]), for the status line and benchmarks.

use gigawatt_model::montecarlo::{run_range, summarize, RunSample, Samples};
use gigawatt_model::{tornado, Scenario, Summary, Tornado};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::message::JsMessage;
pub use super::message::SampleBytes;
use super::sketch::{summary_digest, FanSketch, EXACT_RUNS};
use super::wire::{read_summary, read_tornado, write_summary, write_tornado, Reader, Writer};

/// How the collecting worker summarises a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryKind {
    /// Keep every sample; the model's exact summary (bit for bit that of `gigawatt mc`).
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
        /// This worker collects the job's samples: it keeps those of its own runs instead of sending them.
        collects: bool,
    },
    /// Run Monte Carlo runs `start..end` of the job's scenario.
    Runs {
        generation: u64,
        start: u32,
        end: u32,
    },
    /// Keep these encoded samples of the job for its summary.
    Collect {
        generation: u64,
        samples: SampleBytes,
    },
    /// Summarise the samples collected for the job plus `parts` (encoded samples).
    Summarize {
        generation: u64,
        parts: Vec<Vec<u8>>,
    },
    /// Compute the tornado of the job's scenario.
    Tornado { generation: u64 },
}

/// A message from a worker to the page, as bytes ([`Response::to_bytes`]).
#[derive(Clone, Debug)]
pub enum Response {
    /// Runs `start..end` are done: their samples, encoded with [`encode_samples`], for the collecting worker
    /// (`None` from the collecting worker itself, which kept them).
    Runs {
        generation: u64,
        start: u32,
        end: u32,
        samples: Option<SampleBytes>,
        stats: WorkerStats,
    },
    /// The job's summary, its [`summary_digest`], and the collector's work and memory for the whole job.
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
                collects,
            } => {
                w.u8(0);
                w.u64(*generation);
                w.bytes(&scenario.0);
                w.u8(summary.tag());
                w.u8(u8::from(*collects));
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
            Request::Summarize { generation, parts } => {
                w.u8(3);
                w.u64(*generation);
                w.count(parts.len());
                parts.iter().for_each(|p| w.bytes(p));
            }
            Request::Tornado { generation } => {
                w.u8(4);
                w.u64(*generation);
            }
        }
        w.0
    }

    /// The samples that travel beside the request's bytes.
    pub fn samples(&self) -> Option<&SampleBytes> {
        match self {
            Request::Collect { samples, .. } => Some(samples),
            _ => None,
        }
    }

    /// The inverse of [`Request::to_bytes`] and [`Request::samples`] (`None` for bytes it never writes, or
    /// samples where it sends none or none where it sends some).
    pub fn from_bytes(bytes: &[u8], samples: Option<SampleBytes>) -> Option<Request> {
        let mut r = Reader(bytes);
        let (tag, generation) = (r.u8()?, r.u64()?);
        let request = match (tag, samples) {
            (0, None) => Request::Scenario {
                generation,
                scenario: ScenarioRecords(r.bytes()?),
                summary: match r.u8()? {
                    0 => SummaryKind::Exact,
                    1 => SummaryKind::Sketch,
                    _ => return None,
                },
                collects: match r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return None,
                },
            },
            (1, None) => Request::Runs {
                generation,
                start: r.u32()?,
                end: r.u32()?,
            },
            (2, Some(samples)) => Request::Collect {
                generation,
                samples,
            },
            (3, None) => Request::Summarize {
                generation,
                parts: r.list(Reader::bytes)?,
            },
            (4, None) => Request::Tornado { generation },
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
                w.u8(u8::from(samples.is_some()));
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
        }
        w.0
    }

    /// The samples that travel beside the reply's bytes.
    pub fn samples(&self) -> Option<&SampleBytes> {
        match self {
            Response::Runs { samples, .. } => samples.as_ref(),
            _ => None,
        }
    }

    /// The inverse of [`Response::to_bytes`] and [`Response::samples`] (`None` for bytes it never writes, or
    /// samples that do not match what the bytes announce).
    pub fn from_bytes(bytes: &[u8], samples: Option<SampleBytes>) -> Option<Response> {
        let mut r = Reader(bytes);
        let (tag, generation) = (r.u8()?, r.u64()?);
        if tag != 0 && samples.is_some() {
            return None;
        }
        let response = match tag {
            0 => Response::Runs {
                generation,
                start: r.u32()?,
                end: r.u32()?,
                samples: match (r.u8()?, samples) {
                    (0, None) => None,
                    (1, Some(samples)) => Some(samples),
                    _ => return None,
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
            _ => return None,
        };
        r.end(response)
    }
}

/// Samples as bytes, little-endian: the number of runs and of values per run (`u32` each), then each run's
/// index (`u32`) and first month of negative cash (`u16`, `u16::MAX` for none), then every run's values
/// (`f32`), run after run. Fixed widths, so encoding and decoding are plain copies (a serde format would visit
/// every value).
pub fn encode_samples(samples: &Samples) -> Result<Vec<u8>, String> {
    let runs = &samples.runs;
    let width = runs.first().map_or(0, |r| r.values.len());
    if let Some(odd) = runs.iter().find(|r| r.values.len() != width) {
        return Err(format!(
            "Monte Carlo run {} has {} values where the others have {width}",
            odd.index,
            odd.values.len()
        ));
    }
    let count = u32::try_from(runs.len()).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(8 + runs.len() * (6 + 4 * width));
    bytes.extend_from_slice(&count.to_le_bytes());
    bytes.extend_from_slice(&(width as u32).to_le_bytes());
    for run in runs {
        bytes.extend_from_slice(&run.index.to_le_bytes());
        let month = run.first_negative_month.unwrap_or(u16::MAX);
        bytes.extend_from_slice(&month.to_le_bytes());
    }
    for run in runs {
        for v in &run.values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    Ok(bytes)
}

/// The inverse of [`encode_samples`].
pub fn decode_samples(bytes: &[u8]) -> Result<Samples, String> {
    let bad = |what: &str| format!("Monte Carlo samples did not decode: {what}");
    let word = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (Some(count), Some(width)) = (word(0), word(4)) else {
        return Err(bad("no header"));
    };
    let heads = 8usize;
    let values_at = count
        .checked_mul(6)
        .and_then(|h| h.checked_add(heads))
        .ok_or_else(|| bad("too many runs"))?;
    let expected = count
        .checked_mul(width)
        .and_then(|v| v.checked_mul(4))
        .and_then(|v| v.checked_add(values_at))
        .ok_or_else(|| bad("too many values"))?;
    if bytes.len() != expected {
        return Err(bad(&format!(
            "{} bytes where {count} runs of {width} values take {expected}",
            bytes.len()
        )));
    }
    let runs = (0..count)
        .map(|i| {
            let head = &bytes[heads + 6 * i..heads + 6 * (i + 1)];
            let month = u16::from_le_bytes([head[4], head[5]]);
            let values = &bytes[values_at + 4 * width * i..values_at + 4 * width * (i + 1)];
            RunSample {
                index: u32::from_le_bytes([head[0], head[1], head[2], head[3]]),
                first_negative_month: (month != u16::MAX).then_some(month),
                values: values
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect(),
            }
        })
        .collect();
    Ok(Samples { runs })
}

/// Decodes every part and summarises them exactly: what the collecting worker's exact summary gives for those
/// parts (the browser tests check the codec and the split of a job with it).
pub fn summarize_encoded(scenario: &Scenario, parts: &[Vec<u8>]) -> Result<Summary, String> {
    let samples = parts
        .iter()
        .map(|p| decode_samples(p))
        .collect::<Result<Vec<Samples>, String>>()?;
    Ok(summarize(scenario, samples))
}

/// The samples a collecting worker holds for its job's summary.
#[derive(Debug)]
enum Collected {
    Exact(Vec<Samples>),
    Sketch(Box<FanSketch>),
}

impl Default for Collected {
    fn default() -> Self {
        Collected::Exact(Vec::new())
    }
}

impl Collected {
    fn new(kind: SummaryKind) -> Collected {
        match kind {
            SummaryKind::Exact => Collected::Exact(Vec::new()),
            SummaryKind::Sketch => Collected::Sketch(Box::default()),
        }
    }

    fn add(&mut self, samples: Samples) -> Result<(), String> {
        match self {
            Collected::Exact(parts) => {
                // One width per part (the codec's); the summary needs one for the job, as the sketch does.
                let width = |s: &Samples| s.runs.first().map(|r| r.values.len());
                if let (Some(job), Some(part)) = (parts.iter().find_map(width), width(&samples)) {
                    if part != job {
                        return Err(format!(
                            "a Monte Carlo run has {part} values where the job's others have {job}"
                        ));
                    }
                }
                parts.push(samples);
                Ok(())
            }
            Collected::Sketch(sketch) => sketch.add(samples.runs),
        }
    }

    fn summary(&mut self, scenario: &Scenario) -> Summary {
        match self {
            Collected::Exact(parts) => summarize(scenario, std::mem::take(parts)),
            Collected::Sketch(sketch) => sketch.summary(scenario.seed),
        }
    }
}

/// What a worker remembers between requests: the job's scenario and the samples collected for its summary.
#[derive(Debug, Default)]
pub struct WorkerState {
    current: Option<(u64, Scenario)>,
    /// This worker collects the current job's samples (it keeps those of its own runs).
    collects: bool,
    collected: Collected,
    /// A collected chunk that did not decode or fit (reported with the summary).
    collect_error: Option<String>,
    /// Milliseconds spent collecting the current job's chunks (set by the worker, which has a clock).
    collect_ms: f64,
}

impl WorkerState {
    /// Adds time spent on the current job's collecting (reported with its summary).
    pub fn add_collect_ms(&mut self, ms: f64) {
        self.collect_ms += ms;
    }
}

/// Answers one request given what the worker holds (pure, so it is tested without a worker). Replies carry
/// zero [`WorkerStats`]; the worker fills them in.
pub fn serve(state: &mut WorkerState, request: Request) -> Option<Response> {
    let unknown = |generation: u64| Response::Failed {
        generation,
        message: format!("no scenario for Monte Carlo job {generation}"),
    };
    let known = |state: &WorkerState, generation: u64| matches!(&state.current, Some((g, _)) if *g == generation);
    match request {
        Request::Scenario {
            generation,
            scenario,
            summary,
            collects,
        } => {
            state.collects = collects;
            state.collected = Collected::new(summary);
            state.collect_error = None;
            state.collect_ms = 0.0;
            match scenario.read() {
                Ok(scenario) => {
                    state.current = Some((generation, scenario));
                    None
                }
                Err(message) => {
                    state.current = None;
                    Some(Response::Failed {
                        generation,
                        message,
                    })
                }
            }
        }
        Request::Collect {
            generation,
            samples,
        } => {
            if known(state, generation) {
                if let Err(e) =
                    decode_samples(&samples.into_vec()).and_then(|s| state.collected.add(s))
                {
                    state.collect_error = Some(e);
                }
            }
            None
        }
        Request::Runs {
            generation,
            start,
            end,
        } => {
            let samples = match &state.current {
                Some((g, s)) if *g == generation => run_range(s, start..end.max(start)),
                _ => return Some(unknown(generation)),
            };
            let samples = if state.collects {
                if let Err(e) = state.collected.add(samples) {
                    state.collect_error = Some(e);
                }
                None
            } else {
                match encode_samples(&samples) {
                    Ok(bytes) => Some(SampleBytes::Local(bytes)),
                    Err(message) => {
                        return Some(Response::Failed {
                            generation,
                            message,
                        })
                    }
                }
            };
            Some(Response::Runs {
                generation,
                start,
                end,
                samples,
                stats: WorkerStats::default(),
            })
        }
        Request::Summarize { generation, parts } => {
            if !known(state, generation) {
                return Some(unknown(generation));
            }
            let added = parts.iter().try_for_each(|p| {
                decode_samples(p).and_then(|samples| state.collected.add(samples))
            });
            Some(match (state.collect_error.take(), added) {
                (Some(message), _) | (None, Err(message)) => Response::Failed {
                    generation,
                    message,
                },
                (None, Ok(())) => {
                    let scenario = &state.current.as_ref().expect("known job").1;
                    let summary = state.collected.summary(scenario);
                    Response::Summary {
                        generation,
                        digest: summary_digest(&summary),
                        summary: Box::new(summary),
                        stats: WorkerStats {
                            busy_ms: state.collect_ms,
                            memory_bytes: 0,
                        },
                    }
                }
            })
        }
        Request::Tornado { generation } => Some(match &state.current {
            Some((g, s)) if *g == generation => Response::Tornado {
                generation,
                tornado: Box::new(tornado(s)),
            },
            _ => unknown(generation),
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
            Response::Summary { stats, .. } => {
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
                    JsMessage::new(&response.to_bytes(), response.samples()).post_from(&reply_to);
                }
            },
        );
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        JsMessage::new(&[], None).post_from(&scope);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/browser_risk.rs` asserts the same digest in the browser (wasm), so the two builds agree bit for
    /// bit; it changes with the economics.
    const SEED_7_RUNS_200_SKETCH_DIGEST: u64 = 0xc03c_c504_a9fe_1b63;

    #[test]
    fn samples_survive_the_codec_and_garbage_is_refused() {
        let samples = Samples {
            runs: vec![
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
            ],
        };
        let bytes = encode_samples(&samples).unwrap();
        assert_eq!(bytes.len(), 8 + 2 * 6 + 2 * 4 * 4);
        let back = decode_samples(&bytes).unwrap();
        let bits = |s: &Samples| {
            s.runs
                .iter()
                .map(|r| {
                    let values: Vec<u32> = r.values.iter().map(|v| v.to_bits()).collect();
                    (r.index, r.first_negative_month, values)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&back), bits(&samples));
        assert_eq!(
            decode_samples(&encode_samples(&Samples::default()).unwrap()).unwrap(),
            Samples::default()
        );
        for broken in [&bytes[..5], &bytes[..bytes.len() - 1], &[0xff; 16][..]] {
            let error = decode_samples(broken).unwrap_err();
            assert!(error.contains("did not decode"), "{error}");
        }
        let mut ragged = samples.clone();
        ragged.runs[1].values.pop();
        assert!(encode_samples(&ragged).is_err());
    }

    #[test]
    fn messages_survive_their_bytes_exactly_and_garbage_is_refused() {
        let scenario = Scenario {
            seed: 3,
            mc_runs: 20,
            ..Scenario::default()
        };
        let samples = encode_samples(&run_range(&scenario, 0..20)).unwrap();
        let requests = [
            Request::Scenario {
                generation: 1,
                scenario: ScenarioRecords::of(&scenario),
                summary: SummaryKind::Sketch,
                collects: true,
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
            Request::Summarize {
                generation: 4,
                parts: vec![samples.clone(), Vec::new()],
            },
            Request::Tornado { generation: 5 },
        ];
        let local = |s: Option<&SampleBytes>| match s {
            Some(SampleBytes::Local(bytes)) => Some(bytes.clone()),
            Some(SampleBytes::Transit(_)) => panic!("samples in transit in a native test"),
            None => None,
        };
        for request in &requests {
            let (bytes, samples) = (request.to_bytes(), request.samples().cloned());
            let back = Request::from_bytes(&bytes, samples.clone()).expect("decodes");
            assert_eq!(back.to_bytes(), bytes, "{request:?}");
            assert_eq!(local(back.samples()), local(request.samples()));
            assert!(Request::from_bytes(&bytes[..bytes.len() - 1], samples.clone()).is_none());
            assert!(
                Request::from_bytes(&[bytes.as_slice(), &[0]].concat(), samples.clone()).is_none()
            );
            // Samples where the request has none, or none where it has some.
            let wrong = match samples {
                Some(_) => None,
                None => Some(SampleBytes::Local(vec![1, 2, 3])),
            };
            assert!(Request::from_bytes(&bytes, wrong).is_none(), "{request:?}");
        }
        assert_eq!(local(requests[2].samples()), Some(samples.clone()));
        match Request::from_bytes(&requests[0].to_bytes(), None) {
            Some(Request::Scenario {
                scenario: records,
                summary: SummaryKind::Sketch,
                collects: true,
                ..
            }) => assert_eq!(records.read().unwrap(), scenario),
            other => panic!("unexpected request {other:?}"),
        }

        let mut summary = summarize(&scenario, vec![run_range(&scenario, 0..20)]);
        summary.p_negative_by_year.push((2099, f64::NAN));
        let stats = WorkerStats {
            busy_ms: 12.25,
            memory_bytes: 1 << 33,
        };
        let responses = [
            Response::Runs {
                generation: 6,
                start: 0,
                end: 20,
                samples: Some(SampleBytes::Local(samples.clone())),
                stats,
            },
            Response::Runs {
                generation: 6,
                start: 20,
                end: 40,
                samples: None,
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
        ];
        for response in &responses {
            let (bytes, samples) = (response.to_bytes(), response.samples().cloned());
            assert!(!bytes.is_empty(), "an empty message means loaded");
            let back = Response::from_bytes(&bytes, samples.clone()).expect("decodes");
            assert_eq!(back.to_bytes(), bytes, "{response:?}");
            assert_eq!(local(back.samples()), local(response.samples()));
            assert_eq!(back.generation(), response.generation());
            assert!(Response::from_bytes(&bytes[..bytes.len() - 1], samples.clone()).is_none());
            let wrong = match samples {
                Some(_) => None,
                None => Some(SampleBytes::Local(vec![1, 2, 3])),
            };
            assert!(
                Response::from_bytes(&bytes, wrong).is_none(),
                "{response:?}"
            );
        }
        assert_eq!(local(responses[0].samples()), Some(samples));
        match Response::from_bytes(&responses[2].to_bytes(), None) {
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
        match Response::from_bytes(&responses[3].to_bytes(), None) {
            Some(Response::Tornado { tornado: back, .. }) => {
                assert!(!back.by_gap.is_empty());
                assert_eq!(*back, tornado(&scenario));
            }
            other => panic!("unexpected reply {other:?}"),
        }
        for garbage in [
            &[][..],
            &[9, 0, 0, 0, 0, 0, 0, 0, 0],
            &[3, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0],
        ] {
            assert!(Response::from_bytes(garbage, None).is_none());
            assert!(Request::from_bytes(garbage, None).is_none());
        }
    }

    #[test]
    fn the_collecting_worker_keeps_its_own_samples_and_summarises_them_with_the_others() {
        let scenario = Scenario {
            seed: 7,
            mc_runs: 60,
            ..Scenario::default()
        };
        let start = |collects| Request::Scenario {
            generation: 2,
            scenario: ScenarioRecords::of(&scenario),
            summary: SummaryKind::Exact,
            collects,
        };
        let (mut collector, mut other) = (WorkerState::default(), WorkerState::default());
        assert!(serve(&mut collector, start(true)).is_none());
        assert!(serve(&mut other, start(false)).is_none());
        let runs = |worker: &mut WorkerState, start, end| match serve(
            worker,
            Request::Runs {
                generation: 2,
                start,
                end,
            },
        ) {
            Some(Response::Runs { samples, .. }) => samples,
            reply => panic!("unexpected reply {reply:?}"),
        };
        assert!(
            runs(&mut collector, 0, 25).is_none(),
            "the collector keeps its samples"
        );
        let theirs = runs(&mut other, 25, 60).expect("another worker sends its samples");
        let collect = Request::Collect {
            generation: 2,
            samples: theirs,
        };
        assert!(serve(&mut collector, collect).is_none());
        let summarize = Request::Summarize {
            generation: 2,
            parts: Vec::new(),
        };
        match serve(&mut collector, summarize) {
            Some(Response::Summary { summary, .. }) => {
                assert_eq!(*summary, gigawatt_model::monte_carlo(&scenario));
            }
            reply => panic!("unexpected reply {reply:?}"),
        }
    }

    #[test]
    fn a_sketched_summary_has_the_same_digest_as_in_the_browser() {
        let scenario = Scenario {
            seed: 7,
            mc_runs: 200,
            ..Scenario::default()
        };
        let mut worker = WorkerState::default();
        serve(
            &mut worker,
            Request::Scenario {
                generation: 1,
                scenario: ScenarioRecords::of(&scenario),
                summary: SummaryKind::Sketch,
                collects: false,
            },
        );
        let parts = [(0, 120), (120, 200)]
            .map(|(start, end)| encode_samples(&run_range(&scenario, start..end)).unwrap());
        match serve(
            &mut worker,
            Request::Summarize {
                generation: 1,
                parts: parts.to_vec(),
            },
        ) {
            Some(Response::Summary {
                digest, summary, ..
            }) => {
                assert_eq!(summary.runs, 200);
                assert_eq!(
                    digest, SEED_7_RUNS_200_SKETCH_DIGEST,
                    "native digest {digest:016x}"
                );
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }
}
