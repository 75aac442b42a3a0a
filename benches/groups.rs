//! Criterion benches of the group (min-cost flow) and peer (blossom) solvers.
//!
//! `cargo bench --no-default-features --bench groups`
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::assign::blossom::{PeerOptions, solve_peers};
use nastavnik::assign::flow::{GroupOptions, solve_groups};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;

fn uniform(n: usize, m: usize, seed: u64) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn((n, m), |_| rng.random_range(0.0..1.0))
}

fn bench_groups(c: &mut Criterion) {
    let mut g = c.benchmark_group("groups");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    let s = uniform(2000, 400, 1);
    let opts = GroupOptions::with_max_load(vec![5; 400]);
    g.bench_function("capacitated_2000x400_cap5", |b| {
        b.iter(|| solve_groups(black_box(s.view()), &opts).unwrap())
    });
    g.finish();
}

fn symmetric(n: usize, seed: u64) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut w = Array2::zeros((n, n));
    for i in 0..n {
        for j in i + 1..n {
            let x: f64 = rng.random_range(0.0..1.0);
            w[[i, j]] = x;
            w[[j, i]] = x;
        }
    }
    w
}

fn bench_peers(c: &mut Criterion) {
    let mut g = c.benchmark_group("peers");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [400, 1000] {
        let w = symmetric(n, 2);
        let opts = PeerOptions::default();
        g.bench_function(format!("blossom_dense_uniform_n{n}"), |b| {
            b.iter(|| solve_peers(black_box(w.view()), &opts).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_groups, bench_peers);
criterion_main!(benches);
