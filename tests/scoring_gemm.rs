//! The `A · Bᵀ` micro-kernels (every dispatch path this CPU has) against a naive `f64` reference.

use nastavnik::Real;
use nastavnik::scoring::gemm::{Isa, Packed};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn paths() -> Vec<Isa> {
    let all = [Isa::Portable, Isa::Avx2Fma, Isa::Avx512];
    all.into_iter().filter(|isa| isa.is_available()).collect()
}

/// Pack `b` for `isa` and multiply; `false` if a slice is too short.
fn a_bt_with_isa<T: Real>(
    isa: Isa,
    a: &[T],
    rows: usize,
    b: &[T],
    m: usize,
    d: usize,
    out: &mut [T],
) -> bool {
    Packed::new(isa, b, m, d).is_some_and(|p| p.a_bt(a, rows, out))
}

fn random<T: Real>(rng: &mut ChaCha8Rng, len: usize) -> Vec<T> {
    (0..len)
        .map(|_| T::from_f64_lossy(rng.random_range(-1.0..1.0)))
        .collect()
}

/// Check `isa`'s product against the exact-ish f64 reference: |err| ≤ tol · Σ|a·b| (+ tiny).
fn check<T: Real>(isa: Isa, rng: &mut ChaCha8Rng, rows: usize, m: usize, d: usize, tol: f64) {
    let a = random::<T>(rng, rows * d);
    let b = random::<T>(rng, m * d);
    let sentinel = T::from_f64_lossy(12345.0);
    // One spare row past the end must stay untouched.
    let mut out = vec![sentinel; rows * m + m];
    assert!(a_bt_with_isa(isa, &a, rows, &b, m, d, &mut out[..rows * m]));
    for r in 0..rows {
        for j in 0..m {
            let (mut exact, mut mag) = (0.0f64, 0.0f64);
            for k in 0..d {
                let p = a[r * d + k].to_f64_lossy() * b[j * d + k].to_f64_lossy();
                exact += p;
                mag += p.abs();
            }
            let got = out[r * m + j].to_f64_lossy();
            assert!(
                (got - exact).abs() <= tol * mag + 1e-300,
                "{isa:?} {} rows={rows} m={m} d={d} at ({r},{j}): {got} vs {exact}",
                T::DTYPE
            );
        }
    }
    assert!(
        out[rows * m..].iter().all(|&v| v == sentinel),
        "{isa:?}: wrote past the end"
    );
}

fn shapes(mut each: impl FnMut(usize, usize, usize)) {
    for rows in 1..=20 {
        for m in 1..=70 {
            for d in 0..=40 {
                each(rows, m, d);
            }
        }
    }
    for d in [64, 100, 128, 300] {
        for (rows, m) in [(1, 1), (7, 33), (17, 65), (20, 70), (64, 100), (130, 47)] {
            each(rows, m, d);
        }
    }
}

#[test]
fn f32_matches_reference_on_every_path() {
    for isa in paths() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // f32 accumulation: relative error of a length-d sum ≤ d·ε·Σ|terms|.
        shapes(|rows, m, d| check::<f32>(isa, &mut rng, rows, m, d, (d as f64 + 1.0) * 1.2e-7));
    }
}

#[test]
fn f64_matches_reference_on_every_path() {
    for isa in paths() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        shapes(|rows, m, d| check::<f64>(isa, &mut rng, rows, m, d, (d as f64 + 1.0) * 2.3e-16));
    }
}

#[test]
fn zero_depth_gives_zeros_and_empty_shapes_are_no_ops() {
    for isa in paths() {
        let mut out = vec![7.0f32; 6];
        assert!(a_bt_with_isa(isa, &[], 2, &[], 3, 0, &mut out));
        assert_eq!(out, vec![0.0; 6]);
        let mut out = vec![7.0f64; 3];
        assert!(a_bt_with_isa(isa, &[], 0, &[1.0, 2.0, 3.0], 3, 1, &mut out));
        assert!(a_bt_with_isa(isa, &[1.0], 1, &[], 0, 1, &mut out));
        assert_eq!(out, vec![7.0; 3]);
        // Too-short slices are refused, not read past.
        assert!(!a_bt_with_isa(isa, &[1.0, 2.0], 2, &[1.0], 1, 2, &mut out));
        assert!(!a_bt_with_isa(
            isa,
            &[1.0, 2.0],
            1,
            &[1.0, 2.0],
            1,
            2,
            &mut out[..0]
        ));
    }
}

/// Each element's value must not depend on the row's position: any split of the rows into
/// calls (block boundaries, partial register groups) gives bit-identical results.
#[test]
fn row_blocking_is_bit_identical() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let (rows, m) = (61, 77);
    for isa in paths() {
        for d in [1, 5, 32, 67] {
            let a = random::<f32>(&mut rng, rows * d);
            let b = random::<f32>(&mut rng, m * d);
            let packed = Packed::new(isa, &b, m, d).unwrap();
            let mut whole = vec![0.0f32; rows * m];
            assert!(packed.a_bt(&a, rows, &mut whole));
            for block in [1, 2, 3, 5, 6, 7, 8, 13, 64] {
                let mut parts = vec![0.0f32; rows * m];
                for r0 in (0..rows).step_by(block) {
                    let n = block.min(rows - r0);
                    let out = &mut parts[r0 * m..(r0 + n) * m];
                    assert!(packed.a_bt(&a[r0 * d..(r0 + n) * d], n, out));
                }
                let same = whole
                    .iter()
                    .zip(&parts)
                    .all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(same, "{isa:?} d={d} block={block}");
            }
            let a64: Vec<f64> = a.iter().map(|&v| v.into()).collect();
            let b64: Vec<f64> = b.iter().map(|&v| v.into()).collect();
            let packed = Packed::new(isa, &b64, m, d).unwrap();
            let mut whole = vec![0.0f64; rows * m];
            assert!(packed.a_bt(&a64, rows, &mut whole));
            for block in [1, 3, 7, 64] {
                let mut parts = vec![0.0f64; rows * m];
                for r0 in (0..rows).step_by(block) {
                    let n = block.min(rows - r0);
                    let out = &mut parts[r0 * m..(r0 + n) * m];
                    assert!(packed.a_bt(&a64[r0 * d..(r0 + n) * d], n, out));
                }
                let same = whole
                    .iter()
                    .zip(&parts)
                    .all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(same, "{isa:?} f64 d={d} block={block}");
            }
        }
    }
}

/// Products with exactly representable values are exact on every path.
#[test]
fn small_integers_are_exact() {
    let (rows, m, d) = (13, 37, 9);
    let a: Vec<f64> = (0..rows * d).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
    let b: Vec<f64> = (0..m * d).map(|i| ((i * 5) % 13) as f64 - 6.0).collect();
    for isa in paths() {
        let mut out = vec![0.0; rows * m];
        assert!(a_bt_with_isa(isa, &a, rows, &b, m, d, &mut out));
        for r in 0..rows {
            for j in 0..m {
                let want: f64 = (0..d).map(|k| a[r * d + k] * b[j * d + k]).sum();
                assert_eq!(out[r * m + j], want, "{isa:?} ({r},{j})");
            }
        }
    }
}
