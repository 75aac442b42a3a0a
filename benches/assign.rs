//! Benchmarks of the linear assignment solvers (seeded uniform scores in [0, 1), maximising).
//!
//! Run with `cargo bench --no-default-features --bench assign` (add a name filter such as
//! `dense` to run a subset). The 100000 × 10000 sparse case is timed once (it is too slow for
//! criterion's repeated sampling on a small machine) and printed together with the peak resident
//! memory of the process (`VmHWM`), measured before any other benchmark data is allocated.
#![allow(missing_docs, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use criterion::{black_box, BenchmarkId, Criterion};
use nastavnik::assign::batch::solve_dense_batch;
use nastavnik::assign::lap::{solve_dense, LapOptions};
use nastavnik::assign::sparse::solve_sparse;
use nastavnik::scoring::Candidates;
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn uniform(n: usize, m: usize, seed: u64) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn((n, m), |_| rng.random::<f64>())
}

/// `k` distinct random mentors per mentee with uniform scores.
fn candidates(n: usize, m: usize, k: usize, seed: u64) -> Candidates {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut indptr = Vec::with_capacity(n + 1);
    let mut indices = Vec::with_capacity(n * k);
    let mut scores = Vec::with_capacity(n * k);
    indptr.push(0);
    let mut row: Vec<u32> = Vec::with_capacity(k);
    for _ in 0..n {
        row.clear();
        while row.len() < k {
            let j = rng.random_range(0..m as u32);
            if !row.contains(&j) {
                row.push(j);
            }
        }
        for &j in &row {
            indices.push(j);
            scores.push(rng.random::<f64>());
        }
        indptr.push(indices.len());
    }
    Candidates::new(m, indptr, indices, scores).unwrap()
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn big_sparse() {
    let before = vm_hwm_kib();
    let t0 = Instant::now();
    let c = candidates(100_000, 10_000, 32, 7);
    let gen = t0.elapsed();
    let after_gen = vm_hwm_kib();
    let opts = LapOptions::default();
    let mut times = Vec::new();
    let mut matched = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let a = solve_sparse(&c, &opts).unwrap();
        times.push(t.elapsed());
        matched = a.n_matched();
    }
    let peak = vm_hwm_kib();
    let mib =
        |k: Option<u64>| k.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "sparse_100k/100000x10000x32: solve {:?} (3 runs: {:?}); matched {matched} mentors; \
         generation {gen:?}; peak RSS (VmHWM) before {}, after generating {}, after solving {}",
        times.iter().min().unwrap(),
        times,
        mib(before),
        mib(after_gen),
        mib(peak),
    );
}

fn benches(c: &mut Criterion) {
    let opts = LapOptions::default();
    let mut g = c.benchmark_group("dense");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for &(n, m) in &[(1000, 1000), (1000, 4000), (4000, 4000)] {
        let s = uniform(n, m, 1);
        g.bench_with_input(BenchmarkId::new("f64", format!("{n}x{m}")), &s, |b, s| {
            b.iter(|| solve_dense(black_box(s.view()), &opts).unwrap())
        });
        if n == 4000 && m == 4000 {
            let s32 = s.mapv(|v| v as f32);
            g.bench_with_input(BenchmarkId::new("f32", format!("{n}x{m}")), &s32, |b, s| {
                b.iter(|| solve_dense(black_box(s.view()), &opts).unwrap())
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("sparse");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let cand = candidates(4000, 4000, 33, 2);
    g.bench_function("4000x4000x33", |b| {
        b.iter(|| solve_sparse(black_box(&cand), &opts).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("batch");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let probs: Vec<Array2<f64>> = (0..500).map(|t| uniform(64, 64, 100 + t)).collect();
    let views: Vec<_> = probs.iter().map(|p| p.view()).collect();
    g.bench_function("500x(64x64)", |b| {
        b.iter(|| solve_dense_batch(black_box(&views), &opts))
    });
    g.finish();
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    if filter.is_empty() || "sparse_100k".contains(filter.as_str()) {
        big_sparse();
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
