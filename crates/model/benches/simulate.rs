//! One full deterministic run (operations, both financing passes, metrics, ledger) of each headline preset.
use criterion::{criterion_group, criterion_main, Criterion};
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
criterion_main!(benches);
