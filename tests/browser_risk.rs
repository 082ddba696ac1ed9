//! Browser tests of the Monte Carlo path (wasm-bindgen-test in headless Chromium): the wasm build gives the same
//! percentiles as the native build bit for bit, splitting the runs across workers (through the very messages and
//! codec the workers use) changes nothing, for exact and sketched summaries alike, and the job bookkeeping drops
//! stale replies.
//!
//! The native constants come from `cargo run -p gigawatt-cli -- mc --runs 200 --seed 7 --format json` on the
//! "As reported" preset. They change only with a reviewed change of the economics (like the model's annual
//! snapshot); regenerate them with that command and `f64::to_bits` when that happens.

use gigawatt_app::risk::collect::{decode_part, encode_part};
use gigawatt_app::risk::message::JsMessage;
use gigawatt_app::risk::protocol::{
    serve, Request, Response, SampleBytes, ScenarioRecords, Share, SummaryKind, WorkerState,
};
use gigawatt_app::risk::scheduler::{
    chunk_size, chunks, worker_count, Job, FEWEST_RUNS_PER_CHUNK, MAX_RUNS_PER_CHUNK, MAX_WORKERS,
    RUNS_PER_CHUNK,
};
use gigawatt_app::risk::sketch::{streamed_digest, summary_digest, EXACT_RUNS, FOLD_BATCH};
use gigawatt_app::risk::view::p50_cash_end_of;
use gigawatt_model::montecarlo::{run_range, summarize, summary_of_columns};
use gigawatt_model::{monte_carlo, Scenario, Summary};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// (series, statistic, month index, f64 bits computed natively).
const NATIVE_SEED_7_RUNS_200: [(&str, &str, usize, u64); 10] = [
    ("cash_committed_only_usd_b", "p10", 71, 0xc0735d3b50000000),
    ("cash_committed_only_usd_b", "p50", 71, 0xc06858e0d0000000),
    ("cash_committed_only_usd_b", "p90", 71, 0xc044dc415cccccce),
    ("cash_committed_only_usd_b", "mean", 71, 0xc0659d9c1868f5c3),
    ("funding_gap_usd_b", "p50", 71, 0x406e80dec0000000),
    ("revenue_usd_b", "p50", 71, 0x402ccfca80000000),
    ("revenue_usd_b", "p90", 119, 0x4044c55c4ccccccb),
    ("gross_margin", "p10", 47, 0x3fcd60e0e3333334),
    ("it_gw", "p50", 59, 0x402f66ae40000000),
    ("it_gw", "mean", 179, 0x40416849dd33d70a),
];

fn seed_7() -> Scenario {
    Scenario {
        seed: 7,
        mc_runs: 200,
        ..Scenario::default()
    }
}

fn statistic(summary: &Summary, series: &str, stat: &str, month: usize) -> f64 {
    let fan = summary
        .fan(series)
        .unwrap_or_else(|| panic!("no fan {series}"));
    let values = match stat {
        "p10" => &fan.p10,
        "p50" => &fan.p50,
        "p90" => &fan.p90,
        "mean" => &fan.mean,
        other => panic!("unknown statistic {other}"),
    };
    values[month]
}

/// Every fan value as bits, to compare summaries exactly (NaN-safe).
fn fan_bits(summary: &Summary) -> Vec<u64> {
    summary
        .fans
        .iter()
        .flat_map(|f| f.p10.iter().chain(&f.p50).chain(&f.p90).chain(&f.mean))
        .map(|v| v.to_bits())
        .collect()
}

#[wasm_bindgen_test]
fn wasm_percentiles_equal_the_native_build_bit_for_bit() {
    let summary = monte_carlo(&seed_7());
    assert_eq!(summary.runs, 200);
    assert_eq!(summary.months.len(), 180);
    for (series, stat, month, bits) in NATIVE_SEED_7_RUNS_200 {
        let got = statistic(&summary, series, stat, month);
        assert_eq!(
            got.to_bits(),
            bits,
            "{series} {stat} month {month}: wasm {got:?}, native {:?}",
            f64::from_bits(bits)
        );
    }
    // The run-out-of-cash probabilities too (exact fractions of 200 runs).
    let by_year: Vec<(i32, f64)> = summary.p_negative_by_year.iter().take(6).copied().collect();
    assert_eq!(
        by_year,
        vec![
            (2025, 0.0),
            (2026, 0.0),
            (2027, 0.0),
            (2028, 0.285),
            (2029, 0.87),
            (2030, 0.915)
        ]
    );
    assert_eq!(summary.never_negative, 15);
}

/// A message's bytes and samples as they cross between the page and a worker: through the JavaScript message
/// that is posted ([`JsMessage`]), read back as the other side reads it.
fn over_wire(bytes: &[u8], samples: &[&SampleBytes]) -> (Vec<u8>, Vec<SampleBytes>) {
    JsMessage::read(JsMessage::new(bytes, samples).data())
}

/// [`serve`], with the request and the reply each through their messages, as between the page and a worker.
fn serve_over_wire(state: &mut WorkerState, request: Request) -> Option<Response> {
    let (bytes, samples) = over_wire(&request.to_bytes(), &request.samples());
    let request = Request::from_bytes(&bytes, samples).expect("a request survives its message");
    serve(state, request).map(|reply| {
        let (bytes, samples) = over_wire(&reply.to_bytes(), &reply.samples());
        Response::from_bytes(&bytes, samples).expect("a reply survives its message")
    })
}

/// Runs a job's `split` through the same requests, codec (messages as posted) and summary steps as the real
/// workers and page: range `i` runs on worker `i % workers`; each chunk's samples go to their collectors (every
/// worker for an exact job, worker 0 for a sketch) as the page routes them; the page joins the collectors'
/// shares. Returns the summary and its digest as the page gets them.
fn through_workers(
    scenario: &Scenario,
    generation: u64,
    workers: usize,
    split: &[(u32, u32)],
    kind: SummaryKind,
) -> (Summary, u64) {
    let collectors = match kind {
        SummaryKind::Exact => workers,
        SummaryKind::Sketch => 1,
    };
    let runs = split.iter().map(|(start, end)| end - start).sum();
    let mut states: Vec<WorkerState> = (0..workers).map(|_| WorkerState::default()).collect();
    for (w, state) in states.iter_mut().enumerate() {
        let start = Request::Scenario {
            generation,
            scenario: ScenarioRecords::of(scenario),
            summary: kind,
            runs,
            collectors: collectors as u16,
            share: (w < collectors).then_some(w as u16),
        };
        assert!(
            serve_over_wire(state, start).is_none(),
            "setting the scenario needs no reply"
        );
    }
    for (i, (first, end)) in split.iter().enumerate() {
        let worker = i % workers;
        let request = Request::Runs {
            generation,
            start: *first,
            end: *end,
        };
        match serve_over_wire(&mut states[worker], request) {
            Some(Response::Runs {
                generation: g,
                start: s,
                end: e,
                samples,
                ..
            }) => {
                assert_eq!((g, s, e), (generation, *first, *end));
                let expected = (0..collectors).filter(|c| *c != worker).count();
                assert_eq!(samples.len(), expected, "a worker keeps its own share");
                for (share, samples) in samples {
                    let collect = Request::Collect {
                        generation,
                        samples,
                    };
                    assert!(serve_over_wire(&mut states[usize::from(share)], collect).is_none());
                }
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }
    // A chunk of an older job that arrives late is not mixed in.
    let stale = run_range(scenario, 0..3).runs;
    let width = stale[0].values.len();
    let share = Share {
        index: 0,
        count: collectors as u16,
    };
    serve_over_wire(
        &mut states[0],
        Request::Collect {
            generation: generation - 1,
            samples: SampleBytes::Local(
                encode_part(&stale, share.columns(width)).expect("encodes"),
            ),
        },
    );
    let replies: Vec<Response> = states[..collectors]
        .iter_mut()
        .map(|state| serve_over_wire(state, Request::Summarize { generation }).expect("a reply"))
        .collect();
    match kind {
        SummaryKind::Exact => {
            let shares = replies
                .into_iter()
                .map(|reply| match reply {
                    Response::Columns { columns, .. } => *columns,
                    other => panic!("unexpected reply {other:?}"),
                })
                .collect();
            let summary = summary_of_columns(scenario.seed, shares).expect("the shares fit");
            let digest = summary_digest(&summary);
            (summary, digest)
        }
        SummaryKind::Sketch => match replies.into_iter().next() {
            Some(Response::Summary {
                summary, digest, ..
            }) => {
                assert_eq!(digest, summary_digest(&summary));
                (*summary, digest)
            }
            other => panic!("unexpected reply {other:?}"),
        },
    }
}

/// The samples of a message cross by transfer: the receiver gets the bytes, and the sender's buffer is left
/// empty, so no copy of them was made on the way.
#[wasm_bindgen_test]
async fn samples_cross_by_transfer_not_copy() {
    let samples = SampleBytes::Local((0..=255).collect());
    let other = SampleBytes::Local(vec![42; 3]);
    let message = JsMessage::new(&[7, 8, 9], &[&samples, &other]);
    let sent: js_sys::ArrayBuffer = message.transfer().get(0).unchecked_into();
    assert_eq!(sent.byte_length(), 256);
    let channel = web_sys::MessageChannel::new().expect("a message channel");
    let received = js_sys::Promise::new(&mut |resolve, _| {
        let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
            resolve
                .call1(&JsValue::NULL, &event.data())
                .expect("resolves");
        });
        channel
            .port2()
            .set_onmessage(Some(on_message.unchecked_ref()));
    });
    channel
        .port1()
        .post_message_with_transferable(message.data(), message.transfer())
        .expect("posts");
    let data = wasm_bindgen_futures::JsFuture::from(received)
        .await
        .expect("a message arrives");
    assert_eq!(sent.byte_length(), 0, "the sender's buffer was transferred");
    let (bytes, samples) = JsMessage::read(&data);
    assert_eq!(bytes, vec![7, 8, 9]);
    match &samples[..] {
        [first @ SampleBytes::Transit(_), second @ SampleBytes::Transit(_)] => {
            assert_eq!(first.clone().into_vec(), (0..=255).collect::<Vec<u8>>());
            assert_eq!(second.clone().into_vec(), vec![42; 3]);
        }
        other => panic!("unexpected samples {other:?}"),
    }
    // A message without samples is its bytes alone, and transfers nothing.
    let plain = JsMessage::new(&[1], &[]);
    assert_eq!(plain.transfer().length(), 0);
    assert_eq!(JsMessage::read(plain.data()).0, vec![1]);
    assert!(JsMessage::read(plain.data()).1.is_empty());
}

#[wasm_bindgen_test]
fn splitting_runs_across_workers_changes_no_bit() {
    let scenario = seed_7();
    let whole = monte_carlo(&scenario);
    // Uneven, out of order, and the app's own 50-run chunks.
    let exact = SummaryKind::Exact;
    let (uneven, _) = through_workers(&scenario, 3, 3, &[(150, 200), (0, 7), (7, 150)], exact);
    let (one_worker, _) = through_workers(&scenario, 7, 1, &[(0, 120), (120, 200)], exact);
    let chunked: Vec<(u32, u32)> = chunks(200, RUNS_PER_CHUNK)
        .into_iter()
        .rev()
        .map(|r| (r.start, r.end))
        .collect();
    let (app_chunks, digest) = through_workers(&scenario, 4, 2, &chunked, exact);
    assert_eq!(digest, summary_digest(&whole));
    for other in [&uneven, &one_worker, &app_chunks] {
        assert_eq!(fan_bits(other), fan_bits(&whole));
        assert_eq!(other.p_negative_by_year, whole.p_negative_by_year);
        assert_eq!(other.first_negative_year, whole.first_negative_year);
        assert_eq!(other.never_negative, whole.never_negative);
    }
    assert_eq!(
        statistic(&app_chunks, "cash_committed_only_usd_b", "p50", 71).to_bits(),
        NATIVE_SEED_7_RUNS_200[1].3
    );
}

/// The digest of the sketched summary of seed 7's 200 runs, as computed natively by the same code
/// (`src/risk/protocol.rs`, test `a_sketched_summary_has_the_same_digest_as_in_the_browser`, asserts this very
/// value); it changes with the economics, like the constants above.
const NATIVE_SEED_7_RUNS_200_SKETCH_DIGEST: u64 = 0xc03c_c504_a9fe_1b63;

#[wasm_bindgen_test]
fn sketched_summaries_equal_the_native_build_and_ignore_the_split() {
    let scenario = seed_7();
    let kind = SummaryKind::Sketch;
    let (whole, digest) = through_workers(&scenario, 5, 1, &[(0, 200)], kind);
    assert_eq!(
        digest, NATIVE_SEED_7_RUNS_200_SKETCH_DIGEST,
        "wasm {digest:016x}, native {NATIVE_SEED_7_RUNS_200_SKETCH_DIGEST:016x}"
    );
    let (split, split_digest) =
        through_workers(&scenario, 6, 3, &[(120, 200), (0, 33), (33, 120)], kind);
    assert_eq!(split_digest, digest);
    assert_eq!(split, whole);
    // Close to the exact summary: the run-out-of-cash figures are counts, so equal; percentiles near.
    let exact = monte_carlo(&scenario);
    assert_eq!(whole.p_negative_by_year, exact.p_negative_by_year);
    assert_eq!(whole.never_negative, exact.never_negative);
    let cash = |s: &Summary| statistic(s, "cash_committed_only_usd_b", "p50", 71);
    assert!((cash(&whole) - cash(&exact)).abs() < 1.0);
}

/// The digest of seed 7's 200 runs six times over through a sketch with a pilot of 60, as computed natively
/// (`src/risk/sketch.rs`, test `the_streaming_path_gives_the_digest_the_browser_does`, asserts this very value).
const NATIVE_SEED_7_STREAMED_DIGEST: u64 = 0x9334_5d0b_2ea1_77a9;

/// The path a job of more than `EXACT_RUNS` runs takes, in wasm: a pilot that completes mid-job, runs held after
/// it and folded `FOLD_BATCH` at a time (the sketch of `sketched_summaries_...` above sees only 200 runs, all held
/// until its summary).
#[wasm_bindgen_test]
fn the_sketch_streams_as_natively() {
    let runs = run_range(&seed_7(), 0..200).runs;
    assert!(runs.len() * 6 > FOLD_BATCH + 60);
    let digest = |chunk: usize, reversed: bool| streamed_digest(&runs, chunk, reversed);
    let forward = digest(20, false);
    assert_eq!(
        forward, NATIVE_SEED_7_STREAMED_DIGEST,
        "wasm {forward:016x}, native {NATIVE_SEED_7_STREAMED_DIGEST:016x}"
    );
    assert_eq!(digest(33, true), forward);
}

#[wasm_bindgen_test]
fn samples_survive_the_codec_exactly() {
    let runs = run_range(&seed_7(), 10..13).runs;
    let width = runs[0].values.len();
    let part = decode_part(&encode_part(&runs, 100..width).expect("encodes")).expect("decodes");
    assert_eq!(part.heads.len(), 3);
    let sent: Vec<u32> = runs
        .iter()
        .flat_map(|r| r.values[100..].iter().map(|v| v.to_bits()))
        .collect();
    let back: Vec<u32> = part.values.iter().map(|v| v.to_bits()).collect();
    assert_eq!(back, sent);
    // Bytes that are not samples give a message, not a panic.
    let error = decode_part(&[0xff, 0xff, 0xff]).expect_err("garbage is refused");
    assert!(error.contains("did not decode"), "{error}");
}

#[wasm_bindgen_test]
fn a_worker_refuses_requests_of_a_job_it_does_not_know() {
    let mut worker = WorkerState::default();
    match serve(
        &mut worker,
        Request::Runs {
            generation: 9,
            start: 0,
            end: 5,
        },
    ) {
        Some(Response::Failed {
            generation,
            message,
        }) => {
            assert_eq!(generation, 9);
            assert!(message.contains("no scenario"), "{message}");
        }
        other => panic!("unexpected reply {other:?}"),
    }
    serve(
        &mut worker,
        Request::Scenario {
            generation: 10,
            scenario: ScenarioRecords::of(&seed_7()),
            summary: SummaryKind::Exact,
            runs: 200,
            collectors: 2,
            share: None,
        },
    );
    // A request of the previous job after a new scenario arrived is refused too.
    assert!(matches!(
        serve(&mut worker, Request::Tornado { generation: 9 }),
        Some(Response::Failed { generation: 9, .. })
    ));
    match serve_over_wire(&mut worker, Request::Tornado { generation: 10 }) {
        Some(Response::Tornado { tornado, .. }) => {
            assert_eq!(tornado.year, 2030);
            assert!(!tornado.by_gap.is_empty());
        }
        other => panic!("unexpected reply {other:?}"),
    }
}

#[wasm_bindgen_test]
fn chunks_cover_every_run_once_in_order() {
    for runs in [1, 49, 50, 51, 100, 1000, 9_999, 10_000] {
        let ranges = chunks(runs, RUNS_PER_CHUNK);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(runs));
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        assert!(ranges
            .iter()
            .all(|r| r.end > r.start && r.end - r.start <= RUNS_PER_CHUNK));
    }
    // The last chunks shrink, down to FEWEST_RUNS_PER_CHUNK, so the workers finish together.
    let sizes: Vec<u32> = chunks(10_000, 100)
        .iter()
        .map(|r| r.end - r.start)
        .collect();
    assert!(
        sizes[..sizes.len() - 12].iter().all(|s| *s == 100),
        "{sizes:?}"
    );
    let tail = &sizes[sizes.len() - 12..];
    assert!(tail[..11].windows(2).all(|w| w[0] >= w[1]), "{tail:?}");
    let fewest = FEWEST_RUNS_PER_CHUNK;
    assert!(tail.iter().all(|s| (fewest..=100).contains(s)), "{tail:?}");
    assert!((fewest..2 * fewest).contains(&tail[11]), "{tail:?}");
    assert!(chunks(0, 50).is_empty());
    assert_eq!(
        chunks(5, 0).len(),
        5,
        "a zero chunk size means one run each"
    );
}

#[wasm_bindgen_test]
fn large_jobs_use_larger_chunks_and_a_sketch() {
    assert_eq!(chunk_size(1000), RUNS_PER_CHUNK);
    assert_eq!(chunk_size(2500), RUNS_PER_CHUNK);
    assert_eq!(chunk_size(5000), 100);
    assert_eq!(chunk_size(EXACT_RUNS), MAX_RUNS_PER_CHUNK);
    assert_eq!(chunk_size(50_000), MAX_RUNS_PER_CHUNK);
    assert_eq!(chunk_size(100_000), MAX_RUNS_PER_CHUNK);
    assert_eq!(Job::new(1, 100_000).next_chunk(), Some(0..200));
    assert_eq!(SummaryKind::for_runs(EXACT_RUNS), SummaryKind::Exact);
    assert_eq!(SummaryKind::for_runs(EXACT_RUNS + 1), SummaryKind::Sketch);
}

#[wasm_bindgen_test]
fn worker_count_follows_the_cores_within_bounds() {
    assert_eq!(worker_count(None), 1);
    assert_eq!(worker_count(Some(0.0)), 1);
    assert_eq!(worker_count(Some(f64::NAN)), 1);
    assert_eq!(worker_count(Some(2.0)), 2);
    assert_eq!(worker_count(Some(64.0)), MAX_WORKERS);
}

#[wasm_bindgen_test]
fn a_job_drops_stale_unknown_and_repeated_replies() {
    let mut job = Job::new(5, 120);
    let planned = chunks(120, chunk_size(120));
    assert!(planned.len() > 3, "{planned:?}");
    let first = job.next_chunk().expect("a chunk");
    let second = job.next_chunk().expect("a chunk");
    assert_eq!(
        (first.clone(), second.clone()),
        (planned[0].clone(), planned[1].clone())
    );
    assert!(!job.accept(4, first.clone()), "another generation is stale");
    assert!(
        !job.accept(5, planned[2].clone()),
        "a range never handed out is refused"
    );
    assert!(job.accept(5, second.clone()));
    assert!(
        !job.accept(5, second.clone()),
        "a range already back is refused"
    );
    assert_eq!(job.done_runs(), second.end - second.start);
    assert!(!job.is_complete());
    assert!(job.accept(5, first));
    let rest: Vec<_> = std::iter::from_fn(|| job.next_chunk()).collect();
    assert_eq!(rest, planned[2..].to_vec());
    assert_eq!(rest.last().map(|r| r.end), Some(120));
    for range in &rest {
        assert!(!job.is_complete(), "{range:?} is still out");
        assert!(job.accept(5, range.clone()));
    }
    assert!(job.is_complete());
    assert_eq!(job.progress(), 1.0);
}

#[wasm_bindgen_test]
fn the_headline_is_the_median_cash_of_december_2030() {
    let scenario = seed_7();
    let summary = summarize(&scenario, vec![run_range(&scenario, 0..200)]);
    let p50 = p50_cash_end_of(&summary, 2030).expect("2030 is in the horizon");
    assert_eq!(p50.to_bits(), NATIVE_SEED_7_RUNS_200[1].3);
    assert_eq!(p50_cash_end_of(&summary, 2101), None);
}
