//! Kernel accuracy over the whole floating-point range (issue 8, item 2).
//!
//! Oracles are exact: feature matrices are small integers placed at a huge offset and scaled by a
//! power of two, so every input is exactly representable and the true squared distance is an
//! integer times a power of two (computed in `i64`); cosines of scaled rows equal those of the
//! unscaled integer rows. Values one ulp apart have distance exactly one ulp.
#![allow(clippy::unwrap_used)]

mod common;

use common::rng;
use nastavnik::Real;
use nastavnik::scoring::{self, Kernel};
use ndarray::{Array1, Array2};
use rand::Rng;

/// Random small-integer matrices `a` (n × d), `b` (m × d) and their exact squared distances.
fn int_case(
    r: &mut impl Rng,
    n: usize,
    m: usize,
    d: usize,
) -> (Array2<i64>, Array2<i64>, Array2<i64>) {
    let a = Array2::from_shape_fn((n, d), |_| r.random_range(-8i64..=8));
    let b = Array2::from_shape_fn((m, d), |_| r.random_range(-8i64..=8));
    let d2 = Array2::from_shape_fn((n, m), |(i, j)| {
        a.row(i)
            .iter()
            .zip(b.row(j))
            .map(|(x, y)| (x - y) * (x - y))
            .sum()
    });
    (a, b, d2)
}

/// `(offset_k + x) · 2^e` as `T`, exactly representable (offsets below 2^(mantissa − 5)).
fn place<T: Real>(x: &Array2<i64>, offset: &[i64], e: i32) -> Array2<T> {
    let s = p2(e);
    Array2::from_shape_fn(x.dim(), |(i, k)| {
        let v = ((offset[k] + x[[i, k]]) as f64) * s;
        let t = T::from_f64_lossy(v);
        assert_eq!(t.to_f64_lossy(), v, "test input not exact");
        t
    })
}

/// `2^e` exactly, subnormal results included (`powi` divides by an overflowing `2^-e`).
fn p2(e: i32) -> f64 {
    2f64.powi(e / 2) * 2f64.powi(e - e / 2)
}

fn rel(got: f64, want: f64) -> f64 {
    if want == 0.0 {
        got.abs()
    } else {
        (got - want).abs() / want.abs()
    }
}

fn check_distances<T: Real>(mant_bits: u32, exps: &[i32], tol: f64, seed: u64) {
    let mut r = rng(seed);
    for &(n, m, d) in &[(1, 1, 1), (3, 5, 2), (17, 9, 4), (130, 7, 3), (5, 140, 6)] {
        for &e in exps {
            let (a, b, d2) = int_case(&mut r, n, m, d);
            // Offsets from 0 up to 2^(mantissa-5): cancellation of up to ~mantissa-5 bits.
            let lim = 1i64 << (mant_bits - 5);
            let offset: Vec<i64> = (0..d)
                .map(|k| {
                    if k == 0 {
                        lim
                    } else {
                        r.random_range(-lim..=lim)
                    }
                })
                .collect();
            let (fa, fb) = (place::<T>(&a, &offset, e), place::<T>(&b, &offset, e));
            let w: Array1<f64> = (0..d).map(|_| r.random_range(0..4) as f64).collect();
            let dw = Array2::from_shape_fn((n, m), |(i, j)| {
                (0..d)
                    .map(|k| w[k] * ((a[[i, k]] - b[[j, k]]) as f64).powi(2))
                    .sum::<f64>()
            });
            let eu = scoring::weighted_euclidean(fa.view(), fb.view(), None).unwrap();
            let ew = scoring::weighted_euclidean(fa.view(), fb.view(), Some(w.view())).unwrap();
            // gamma so that gamma * d2 is about 1 at this scale (a power of two: exact).
            let gamma = p2(-2 * e - 4);
            let gamma_ok = (-2 * e - 4).abs() < 1000;
            let gamma = if gamma_ok { gamma } else { 1.0 };
            let rb = scoring::rbf(fa.view(), fb.view(), gamma, None).unwrap();
            let top = scoring::top_k(
                fa.view(),
                fb.view(),
                1,
                &Kernel::Rbf {
                    gamma,
                    weights: None,
                },
            )
            .unwrap();
            for i in 0..n {
                for j in 0..m {
                    let want = (d2[[i, j]] as f64).sqrt() * p2(e);
                    let got = eu[[i, j]].to_f64_lossy();
                    assert!(rel(got, want) <= tol, "e={e} ({i},{j}): {got} vs {want}");
                    let want_w = dw[[i, j]].sqrt() * p2(e);
                    let got_w = ew[[i, j]].to_f64_lossy();
                    assert!(
                        rel(got_w, want_w) <= tol,
                        "weighted e={e}: {got_w} vs {want_w}"
                    );
                    if gamma_ok {
                        let x = d2[[i, j]] as f64 / 16.0;
                        let got_r = rb[[i, j]].to_f64_lossy();
                        // exp amplifies a relative error r of d2 into x * r.
                        let bound = (1.0 + x) * 2.0 * tol + 2.0 * T::epsilon().to_f64_lossy();
                        assert!(rel(got_r, (-x).exp()) <= bound, "rbf e={e}: {got_r}");
                    }
                }
                let best = (0..m).map(|j| rb[[i, j]]).fold(T::neg_infinity(), T::max);
                assert_eq!(top.row(i).1[0], best.to_f64_lossy());
            }
        }
    }
}

#[test]
fn distances_exact_at_any_magnitude_f64() {
    let exps = [-1000, -600, -300, -40, 0, 20, 300, 600, 900];
    check_distances::<f64>(53, &exps, 1e-13, 11);
}

#[test]
fn distances_exact_at_any_magnitude_f32() {
    let exps = [-100, -60, -10, 0, 10, 60, 90];
    check_distances::<f32>(24, &exps, 1.2e-7, 12);
}

#[test]
fn values_one_ulp_apart() {
    let mut r = rng(3);
    for _ in 0..300 {
        let x: f64 = r.random_range(0.5..2.0) * 10f64.powi(r.random_range(-300..300));
        let y = x.next_up();
        let d = scoring::weighted_euclidean(
            Array2::from_elem((1, 1), x).view(),
            Array2::from_shape_vec((2, 1), vec![y, x]).unwrap().view(),
            None,
        )
        .unwrap();
        assert_eq!(d[[0, 0]], y - x, "{x}");
        assert_eq!(d[[0, 1]], 0.0);
        let xf: f32 = r.random_range(0.5f32..2.0) * 10f32.powi(r.random_range(-35..35));
        let yf = xf.next_up();
        let df = scoring::weighted_euclidean(
            Array2::from_elem((1, 1), xf).view(),
            Array2::from_elem((1, 1), yf).view(),
            None,
        )
        .unwrap();
        assert_eq!(df[[0, 0]], yf - xf, "{xf}");
    }
    // The issue's examples.
    let d = scoring::weighted_euclidean(
        Array2::from_elem((1, 1), 3000.0f32).view(),
        Array2::from_elem((1, 1), 3001.0f32).view(),
        None,
    )
    .unwrap();
    assert_eq!(d[[0, 0]], 1.0);
    let d = scoring::weighted_euclidean(
        Array2::from_elem((1, 1), 1e8f64).view(),
        Array2::from_elem((1, 1), 1e8 + 1.0).view(),
        None,
    )
    .unwrap();
    assert_eq!(d[[0, 0]], 1.0);
}

#[test]
fn extreme_ranges_in_one_matrix() {
    // One column near the largest finite value, one near the smallest normal one.
    let a = Array2::from_shape_vec((2, 2), vec![1e300, 3e-300, -1e300, 0.0]).unwrap();
    let b = Array2::from_shape_vec((2, 2), vec![1e300, 1e-300, f64::MAX, -f64::MAX]).unwrap();
    let d = scoring::weighted_euclidean(a.view(), b.view(), None).unwrap();
    assert!(rel(d[[0, 0]], 2e-300) < 1e-15, "{}", d[[0, 0]]);
    assert_eq!(d[[1, 0]], 2e300);
    assert_eq!(d[[0, 1]], f64::INFINITY); // true value ~2.5e308 overflows
    assert!(d.iter().all(|v| !v.is_nan()));
    let k = scoring::rbf(a.view(), b.view(), 1e-300, None).unwrap();
    assert_eq!(k[[0, 1]], 0.0);
    assert_eq!(k[[0, 0]], 1.0);
    // Huge weights and tiny weights.
    let w = Array1::from(vec![1e300, 1e-300]);
    let x = Array2::from_shape_vec((1, 2), vec![1e-200, 1.0]).unwrap();
    let y = Array2::from_shape_vec((1, 2), vec![0.0, 1.0]).unwrap();
    let d = scoring::weighted_euclidean(x.view(), y.view(), Some(w.view())).unwrap();
    assert!(rel(d[[0, 0]], 1e-50) < 1e-14, "{}", d[[0, 0]]);
}

fn int_cos(a: &[i64], b: &[i64]) -> f64 {
    let dot: i64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: i64 = a.iter().map(|x| x * x).sum();
    let nb: i64 = b.iter().map(|x| x * x).sum();
    if na == 0 || nb == 0 {
        0.0
    } else {
        dot as f64 / ((na as f64).sqrt() * (nb as f64).sqrt())
    }
}

fn check_cosine<T: Real>(exps: &[i32], tol: f64, seed: u64) {
    let mut r = rng(seed);
    for &(n, m, d) in &[(1, 1, 1), (4, 6, 3), (130, 9, 5), (7, 129, 2)] {
        let (a, b, _) = int_case(&mut r, n, m, d);
        for &ea in exps {
            for &eb in exps {
                let zero = vec![0; d];
                let (fa, fb) = (place::<T>(&a, &zero, ea), place::<T>(&b, &zero, eb));
                let c = scoring::cosine(fa.view(), fb.view()).unwrap();
                let s = scoring::cosine(fa.view(), fa.view()).unwrap();
                for i in 0..n {
                    let ai = a.row(i).to_vec();
                    for j in 0..m {
                        let want = int_cos(&ai, &b.row(j).to_vec());
                        let got = c[[i, j]].to_f64_lossy();
                        assert!(
                            (got - want).abs() <= tol,
                            "{ea},{eb}: {got} vs {want} a={:?} b={:?}",
                            fa.row(i),
                            fb.row(j)
                        );
                        assert!((-1.0..=1.0).contains(&got));
                    }
                    let own = s[[i, i]].to_f64_lossy();
                    let zero_row = ai.iter().all(|&v| v == 0);
                    assert!(
                        own <= 1.0 && (zero_row || (own - 1.0).abs() <= tol),
                        "{own}"
                    );
                }
                // Top-k ranks by the cosine, whatever the row norms.
                let top = scoring::top_k(fa.view(), fb.view(), 2.min(m), &Kernel::Cosine).unwrap();
                for i in 0..n {
                    let best = (0..m).map(|j| c[[i, j]]).fold(T::neg_infinity(), T::max);
                    assert_eq!(top.row(i).1[0], best.to_f64_lossy());
                }
            }
        }
    }
}

#[test]
fn cosine_at_any_magnitude_f64() {
    check_cosine::<f64>(&[-1060, -700, -170, 0, 150, 500, 1000], 4e-16 * 8.0, 21);
}

#[test]
fn cosine_at_any_magnitude_f32() {
    check_cosine::<f32>(&[-140, -70, 0, 60, 120], 4e-7, 22);
}

#[test]
fn cosine_of_the_issue_examples() {
    let big = Array2::from_elem((1, 4), 1e154f64);
    assert_eq!(
        scoring::cosine(big.view(), big.view()).unwrap()[[0, 0]],
        1.0
    );
    let tiny = Array2::from_elem((1, 3), 1e-170f64);
    let c = scoring::cosine(tiny.view(), tiny.view()).unwrap()[[0, 0]];
    assert!((c - 1.0).abs() < 1e-15 && c <= 1.0);
    // A near-zero row is normalised: top-k ranks by angle, not by raw dot product.
    let a = Array2::from_shape_vec((1, 2), vec![1e-170, 0.0]).unwrap();
    let b = Array2::from_shape_vec((2, 2), vec![1.0, 1.0, 1e-3, 0.0]).unwrap();
    let t = scoring::top_k(a.view(), b.view(), 2, &Kernel::Cosine).unwrap();
    assert_eq!(t.row(0).0, &[1, 0]);
    assert_eq!(t.row(0).1[0], 1.0);
}

#[test]
fn bad_kernel_parameters_rejected_on_every_path() {
    let x = Array2::<f64>::ones((2, 2));
    for k in [
        Kernel::Rbf {
            gamma: f64::NAN,
            weights: None,
        },
        Kernel::Rbf {
            gamma: -1.0,
            weights: None,
        },
        Kernel::Rbf {
            gamma: 0.0,
            weights: None,
        },
        Kernel::Rbf {
            gamma: 1.0,
            weights: Some(vec![1.0, f64::NAN]),
        },
        Kernel::Rbf {
            gamma: 1.0,
            weights: Some(vec![1.0, -1.0]),
        },
        Kernel::Rbf {
            gamma: 1.0,
            weights: Some(vec![1.0]),
        },
    ] {
        assert!(k.check(2).is_err());
        assert!(scoring::similarity(x.view(), x.view(), &k).is_err());
        assert!(scoring::top_k(x.view(), x.view(), 1, &k).is_err());
    }
}
