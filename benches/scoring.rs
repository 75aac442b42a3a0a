#![allow(missing_docs)]
//! Criterion benches of the scoring kernels, the streaming top-k and the mixed-schema score.
//!
//! `cargo bench --bench scoring`; figures and the numpy anchors are in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nastavnik::scoring::{Kernel, Scorer, cosine, top_k};
use nastavnik::synthetic::{SyntheticConfig, generate};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;

fn features(n: usize, d: usize, seed: u64) -> Array2<f32> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn((n, d), |_| rng.random_range(-1.0f32..1.0))
}

fn kernels(c: &mut Criterion) {
    let mut g = c.benchmark_group("kernels");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    let (n, m, d) = (20_000, 5_000, 32);
    let a = features(n, d, 1);
    let b = features(m, d, 2);
    g.bench_function(BenchmarkId::new("cosine_f32", "20000x5000x32"), |bench| {
        bench.iter(|| black_box(cosine(a.view(), b.view()).expect("cosine")))
    });
    g.bench_function(
        BenchmarkId::new("top20_cosine_f32", "20000x5000x32"),
        |bench| {
            bench.iter(|| black_box(top_k(a.view(), b.view(), 20, &Kernel::Cosine).expect("top_k")))
        },
    );
    g.finish();
}

fn mixed(c: &mut Criterion) {
    let mut g = c.benchmark_group("mixed_schema");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let cfg = SyntheticConfig::default()
        .with_n_mentees(5_000)
        .with_n_mentors(1_500)
        .with_consent_rate(1.0);
    let (schema, cohort) = generate(&cfg).expect("cohort");
    g.bench_function("encode_5000x1500", |bench| {
        bench.iter(|| black_box(Scorer::new(&schema, &cohort).expect("scorer")))
    });
    let scorer = Scorer::new(&schema, &cohort).expect("scorer");
    g.bench_function("dense_5000x1500", |bench| {
        bench.iter(|| black_box(scorer.score_matrix()))
    });
    g.bench_function("top20_5000x1500", |bench| {
        bench.iter(|| black_box(scorer.top_k(20).expect("top_k")))
    });
    g.finish();
}

criterion_group!(
    name = benches;
    config = Criterion::default();
    targets = kernels, mixed
);
criterion_main!(benches);
