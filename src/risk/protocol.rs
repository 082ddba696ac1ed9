//! What the page and the Monte Carlo workers say to each other, and the worker itself.
//!
//! Each worker holds the scenario of the current job (sent once per job, tagged with its generation) and runs
//! the ranges of runs it is asked for. Samples travel back as opaque bincode bytes: the page never decodes
//! them, it forwards each chunk at once to the collecting worker ([`Request::Collect`]), which decodes it
//! while the others still run and finally [`summarize`]s. So no step over a few milliseconds ever runs on the
//! page's thread (summarising 10,000 runs takes about half a second; moving 36 MB of samples in one message
//! would block the page too).

use gigawatt_model::montecarlo::{run_range, summarize, Samples};
use gigawatt_model::{tornado, Scenario, Summary, Tornado};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use yew_agent::worker::{HandlerId, Worker, WorkerScope};

/// A message from the page to a worker. Every message names the job's generation so a worker never mixes jobs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// The scenario of job `generation`; later requests of that job refer to it.
    Scenario {
        generation: u64,
        scenario: Box<Scenario>,
    },
    /// Run Monte Carlo runs `start..end` of the job's scenario.
    Runs {
        generation: u64,
        start: u32,
        end: u32,
    },
    /// Keep these encoded samples of the job for its summary.
    Collect { generation: u64, samples: ByteBuf },
    /// Summarise the samples collected for the job plus `parts` (encoded samples).
    Summarize {
        generation: u64,
        parts: Vec<ByteBuf>,
    },
    /// Compute the tornado of the job's scenario.
    Tornado { generation: u64 },
}

/// A message from a worker to the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    /// Samples of runs `start..end`, encoded with [`encode_samples`].
    Runs {
        generation: u64,
        start: u32,
        end: u32,
        samples: ByteBuf,
    },
    Summary {
        generation: u64,
        summary: Box<Summary>,
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

/// Samples as compact bytes (bincode, standard configuration).
pub fn encode_samples(samples: &Samples) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(samples, bincode::config::standard()).map_err(|e| e.to_string())
}

/// The inverse of [`encode_samples`].
pub fn decode_samples(bytes: &[u8]) -> Result<Samples, String> {
    bincode::serde::decode_from_slice(bytes, bincode::config::standard())
        .map(|(samples, _)| samples)
        .map_err(|e| format!("Monte Carlo samples did not decode: {e}"))
}

/// Decodes every part and summarises them (what a worker does for [`Request::Summarize`]).
pub fn summarize_encoded(scenario: &Scenario, parts: &[ByteBuf]) -> Result<Summary, String> {
    let samples = parts
        .iter()
        .map(|p| decode_samples(p))
        .collect::<Result<Vec<Samples>, String>>()?;
    Ok(summarize(scenario, samples))
}

/// What a worker remembers between requests: the job's scenario and the samples collected for its summary.
#[derive(Debug, Default)]
pub struct WorkerState {
    current: Option<(u64, Scenario)>,
    collected: Vec<Samples>,
    /// A collected chunk that did not decode (reported with the summary).
    collect_error: Option<String>,
}

/// Answers one request given what the worker holds (pure, so it is tested without a worker).
pub fn serve(state: &mut WorkerState, request: Request) -> Option<Response> {
    let unknown = |generation: u64| Response::Failed {
        generation,
        message: format!("no scenario for Monte Carlo job {generation}"),
    };
    let current = &state.current;
    let scenario_of = |current: &Option<(u64, Scenario)>, generation: u64| match current {
        Some((g, s)) if *g == generation => Some(s.clone()),
        _ => None,
    };
    match request {
        Request::Scenario {
            generation,
            scenario,
        } => {
            state.current = Some((generation, *scenario));
            state.collected.clear();
            state.collect_error = None;
            None
        }
        Request::Collect {
            generation,
            samples,
        } => {
            if scenario_of(current, generation).is_some() {
                match decode_samples(&samples) {
                    Ok(s) => state.collected.push(s),
                    Err(e) => state.collect_error = Some(e),
                }
            }
            None
        }
        Request::Runs {
            generation,
            start,
            end,
        } => Some(match scenario_of(current, generation) {
            None => unknown(generation),
            Some(s) => match encode_samples(&run_range(&s, start..end.max(start))) {
                Ok(bytes) => Response::Runs {
                    generation,
                    start,
                    end,
                    samples: ByteBuf::from(bytes),
                },
                Err(message) => Response::Failed {
                    generation,
                    message,
                },
            },
        }),
        Request::Summarize { generation, parts } => Some(match scenario_of(current, generation) {
            None => unknown(generation),
            Some(s) => {
                let decoded = parts
                    .iter()
                    .map(|p| decode_samples(p))
                    .collect::<Result<Vec<Samples>, String>>();
                match (state.collect_error.take(), decoded) {
                    (Some(message), _) | (None, Err(message)) => Response::Failed {
                        generation,
                        message,
                    },
                    (None, Ok(mut samples)) => {
                        samples.append(&mut state.collected);
                        Response::Summary {
                            generation,
                            summary: Box::new(summarize(&s, samples)),
                        }
                    }
                }
            }
        }),
        Request::Tornado { generation } => Some(match scenario_of(current, generation) {
            None => unknown(generation),
            Some(s) => Response::Tornado {
                generation,
                tornado: Box::new(tornado(&s)),
            },
        }),
    }
}

/// The Monte Carlo worker (registered by `src/bin/worker.rs`, spawned by [`super::pool`]).
pub struct McWorker {
    state: WorkerState,
}

impl Worker for McWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        McWorker {
            state: WorkerState::default(),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, id: HandlerId) {
        if let Some(response) = serve(&mut self.state, request) {
            scope.respond(id, response);
        }
    }
}
