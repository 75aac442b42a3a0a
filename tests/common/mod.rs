//! Shared helpers for the integration tests: seeded generators and naive references.
#![allow(dead_code)]

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded RNG.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Uniform matrix in [lo, hi).
pub fn uniform(rng: &mut ChaCha8Rng, n: usize, d: usize, lo: f64, hi: f64) -> Array2<f64> {
    Array2::from_shape_fn((n, d), |_| rng.random_range(lo..hi))
}

/// Small-integer matrix (creates ties on purpose).
pub fn integers(rng: &mut ChaCha8Rng, n: usize, d: usize, hi: i32) -> Array2<f64> {
    Array2::from_shape_fn((n, d), |_| f64::from(rng.random_range(-hi..=hi)))
}

/// Run `f` on a rayon pool with `threads` threads.
pub fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
}

/// Random score matrix: each entry forbidden (`-inf`) with probability `p_forbid`, else an integer
/// in `ties` (small ranges create ties on purpose) or, without `ties`, uniform in [-1, 1).
pub fn random_scores(
    rng: &mut ChaCha8Rng,
    n: usize,
    m: usize,
    p_forbid: f64,
    ties: Option<(i32, i32)>,
) -> Array2<f64> {
    Array2::from_shape_fn((n, m), |_| {
        if rng.random_bool(p_forbid) {
            f64::NEG_INFINITY
        } else if let Some((lo, hi)) = ties {
            f64::from(rng.random_range(lo..=hi))
        } else {
            rng.random_range(-1.0..1.0)
        }
    })
}

/// Up to `max_rooms` random rooms `r0, r1, ...` of capacity `1..=max_capacity`, each closed at one
/// random slot of `grid` with probability `p_closed` (the scheduling tests' room generator).
pub fn random_rooms(
    rng: &mut ChaCha8Rng,
    grid: &nastavnik::availability::Grid,
    max_rooms: usize,
    max_capacity: u32,
    p_closed: f64,
) -> Vec<nastavnik::schedule::Room> {
    (0..rng.random_range(0..=max_rooms))
        .map(|k| {
            let mut r =
                nastavnik::schedule::Room::new(format!("r{k}"), rng.random_range(1..=max_capacity));
            if rng.random_bool(p_closed) {
                r = r.with_closed([rng.random_range(0..grid.n_slots())]);
            }
            r
        })
        .collect()
}
