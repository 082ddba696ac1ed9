//! One full deterministic run (operations, both financing passes, metrics, ledger) of each headline preset, and
//! Monte Carlo on one thread: a worker's share of runs and the summary of 10,000.
use criterion::{criterion_group, Criterion};
use gigawatt_model::montecarlo::{run_range, summarize};
use gigawatt_model::{simulate, simulate_detail, PresetId, Scenario};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let s = Scenario::default();
    c.bench_function(
        "simulate as-reported (180 months, both passes, ledger)",
        |b| b.iter(|| simulate(black_box(&s))),
    );
    c.bench_function(
        "simulate as-reported, every series, no ledger or grouped series",
        |b| b.iter(|| simulate_detail(black_box(&s), false)),
    );
    let bear = Scenario::preset(PresetId::PowerConstrained);
    c.bench_function("simulate power-constrained", |b| {
        b.iter(|| simulate(black_box(&bear)))
    });
}

fn monte_carlo(c: &mut Criterion) {
    let s = Scenario::default();
    let mut group = c.benchmark_group("monte carlo, one thread");
    group.sample_size(10);
    group.bench_function("1,000 runs of as-reported (sampling and runs)", |b| {
        b.iter(|| run_range(black_box(&s), 0..1000))
    });
    let parts: Vec<_> = (0..200)
        .map(|i| run_range(&s, i * 50..(i + 1) * 50))
        .collect();
    group.bench_function("summary of 10,000 runs (fans, probabilities)", |b| {
        b.iter(|| summarize(&s, black_box(parts.clone())))
    });
    group.finish();
}

criterion_group!(benches, bench, monte_carlo);

fn main() {
    // As in `gigawatt bench`: keep freed memory instead of returning it to the system after every run (the
    // browser's allocator never returns it either).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes glibc's allocator; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
