//! Criterion benches of the fair objectives (bottleneck then sum, coverage then sum).
//!
//! `cargo bench --no-default-features --bench fair`
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::assign::fair::{Objective, solve_fair};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;

fn uniform(n: usize, m: usize, p_forbid: f64, seed: u64) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn((n, m), |_| {
        if rng.random_bool(p_forbid) {
            f64::NEG_INFINITY
        } else {
            rng.random_range(0.0..1.0)
        }
    })
}

fn bench_fair(c: &mut Criterion) {
    let mut g = c.benchmark_group("fair");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    let s = uniform(1000, 1000, 0.0, 1);
    g.bench_function("bottleneck_then_sum_1000x1000", |b| {
        b.iter(|| solve_fair(black_box(s.view()), None, Objective::MaxMinThenSum).unwrap())
    });
    let s = uniform(2000, 400, 0.0, 2);
    let cap = vec![5u32; 400];
    g.bench_function("bottleneck_then_sum_groups_2000x400_cap5", |b| {
        b.iter(|| solve_fair(black_box(s.view()), Some(&cap), Objective::MaxMinThenSum).unwrap())
    });
    let s = uniform(1000, 1000, 0.3, 3);
    g.bench_function("coverage_then_sum_1000x1000_30pct_forbidden", |b| {
        b.iter(|| solve_fair(black_box(s.view()), None, Objective::CoverageThenSum).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench_fair);
criterion_main!(benches);
