//! Single-thread CPU time of cosine and top-20 (20000 × 5000 × 32, f32), from
//! /proc/thread-self/schedstat so contention from other processes does not distort it.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use nastavnik::scoring::{Kernel, cosine, top_k};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
fn cpu_ns() -> u64 {
    // thread CPU time of this thread (on-CPU nanoseconds)
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
fn main() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let (n, m, d) = (20000, 5000, 32);
    let a = Array2::from_shape_fn((n, d), |_| rng.random_range(-1.0f32..1.0));
    let b = Array2::from_shape_fn((m, d), |_| rng.random_range(-1.0f32..1.0));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .unwrap();
    pool.install(|| {
        for _ in 0..3 {
            let t = cpu_ns();
            let c = cosine(a.view(), b.view()).expect("c");
            let t1 = cpu_ns() - t;
            drop(c);
            let t = cpu_ns();
            let k = top_k(a.view(), b.view(), 20, &Kernel::Cosine).expect("k");
            let t2 = cpu_ns() - t;
            println!(
                "1-thread CPU: cosine {:.1} ms, top20 {:.1} ms ({})",
                t1 as f64 / 1e6,
                t2 as f64 / 1e6,
                k.nnz()
            );
        }
    });
}
