//! One full deterministic run (operations, both financing passes, metrics, ledger) of each headline preset.
use criterion::{criterion_group, Criterion};
use gigawatt_model::{simulate, simulate_detail, PresetId, Scenario};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let s = Scenario::default();
    c.bench_function(
        "simulate as-reported (180 months, both passes, ledger)",
        |b| b.iter(|| simulate(black_box(&s))),
    );
    c.bench_function(
        "simulate as-reported without ledger (Monte Carlo path)",
        |b| b.iter(|| simulate_detail(black_box(&s), false)),
    );
    let bear = Scenario::preset(PresetId::PowerConstrained);
    c.bench_function("simulate power-constrained", |b| {
        b.iter(|| simulate(black_box(&bear)))
    });
}

criterion_group!(benches, bench);

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
