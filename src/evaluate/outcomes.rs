//! Outcome-aware evaluation: rank correlation of scores with recorded satisfaction, and
//! per-question weights fitted from past outcomes by ridge regression.
//!
//! # Problem
//! Given the pairs of past cohorts, each with its question features `x ∈ R^q` and a recorded
//! outcome `y` (the satisfaction survey, 1–5), learn weights `w` such that `b + w·x` predicts `y`,
//! and judge how well any score predicts `y`.
//!
//! # Algorithms
//! * [`spearman`]: Pearson correlation of average ranks (ties share their mean rank), as
//!   `scipy.stats.spearmanr`. `O(p log p)`.
//! * [`fit_ridge`]: closed-form ridge with an unpenalised intercept, as scikit-learn's
//!   `Ridge(alpha, fit_intercept=True)`: centre `X` and `y`, solve
//!   `(XcᵀXc + αI) w = Xcᵀ yc` by Cholesky, `b = ȳ − x̄·w`. `O(p q² + q³)`.
//! * [`fit_ridge_cv`]: `k`-fold cross-validation over a grid of `α` (fold of row `r` is
//!   `r mod k`, deterministic), picks the `α` with the lowest mean squared error (the smallest
//!   `α` on ties) and refits on all rows. `O(|grid| · k · (p q² + q³))`.
//!
//! # Guarantees
//! Deterministic (sequential sums in row order). With `α > 0` the system is positive definite
//! and always solvable.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::outcomes::{fit_ridge, spearman};
//! let x = ndarray::array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
//! let y = [2.0, 3.0, 4.0, 1.0];
//! let fit = fit_ridge(x.view(), &y, 1e-9)?;
//! assert!((fit.weights[0] - 2.0).abs() < 1e-6 && (fit.weights[1] - 1.0).abs() < 1e-6);
//! assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0])? - 1.0).abs() < 1e-12);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Average ranks (1-based) with ties sharing their mean rank.
///
/// ```
/// assert_eq!(nastavnik::evaluate::outcomes::average_ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
/// ```
pub fn average_ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
    let mut ranks = vec![0.0; v.len()];
    let mut k = 0;
    while k < idx.len() {
        let mut e = k;
        while e + 1 < idx.len() && v[idx[e + 1]] == v[idx[k]] {
            e += 1;
        }
        let r = (k + e) as f64 / 2.0 + 1.0;
        for &t in &idx[k..=e] {
            ranks[t] = r;
        }
        k = e + 1;
    }
    ranks
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let ma = a.iter().sum::<f64>() / n;
    let mb = b.iter().sum::<f64>() / n;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        f64::NAN
    } else {
        sab / (saa * sbb).sqrt()
    }
}

/// Spearman rank correlation of `a` and `b` (NaN when either is constant).
///
/// # Errors
/// [`Error::ShapeMismatch`] for different lengths, [`Error::InvalidValue`] for fewer than two
/// values, [`Error::NonFinite`] naming the position of a non-finite value.
///
/// ```
/// use nastavnik::evaluate::outcomes::spearman;
/// assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0])? + 1.0).abs() < 1e-12);
/// assert!(spearman(&[1.0, 1.0], &[1.0, 2.0])?.is_nan());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn spearman(a: &[f64], b: &[f64]) -> Result<f64> {
    if a.len() != b.len() {
        return Err(Error::shape("spearman inputs", a.len(), b.len()));
    }
    if a.len() < 2 {
        return Err(Error::invalid(
            "spearman inputs",
            format!("need at least 2 values, got {}", a.len()),
        ));
    }
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        if !x.is_finite() || !y.is_finite() {
            return Err(Error::NonFinite {
                what: "spearman inputs".into(),
                row: k,
                col: usize::from(x.is_finite()),
                value: if x.is_finite() { *y } else { *x },
            });
        }
    }
    Ok(pearson(&average_ranks(a), &average_ranks(b)))
}

/// A fitted linear model `y ≈ intercept + weights · x`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RidgeFit {
    /// One weight per feature column.
    pub weights: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
    /// The regularisation strength used.
    pub alpha: f64,
    /// Cross-validated mean squared error of each `α` tried (empty for [`fit_ridge`]).
    pub cv_mse: Vec<(f64, f64)>,
}

impl RidgeFit {
    /// Predict one row.
    ///
    /// ```
    /// let f = nastavnik::evaluate::RidgeFit { weights: vec![2.0], intercept: 1.0, alpha: 0.0, cv_mse: vec![] };
    /// assert_eq!(f.predict(&[3.0]), 7.0);
    /// ```
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.intercept + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()
    }
}

fn check_xy(x: ArrayView2<'_, f64>, y: &[f64]) -> Result<()> {
    if x.nrows() != y.len() {
        return Err(Error::shape("ridge targets", x.nrows(), y.len()));
    }
    if x.nrows() == 0 {
        return Err(Error::empty("ridge training rows"));
    }
    if let Some(((r, c), &v)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: "ridge features".into(),
            row: r,
            col: c,
            value: v,
        });
    }
    if let Some((r, &v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: "ridge targets".into(),
            row: r,
            col: 0,
            value: v,
        });
    }
    Ok(())
}

fn check_alpha(alpha: f64) -> Result<()> {
    if !alpha.is_finite() || alpha <= 0.0 {
        return Err(Error::invalid(
            "alpha",
            format!("{alpha}; expected a finite number > 0"),
        ));
    }
    Ok(())
}

/// Solve the symmetric positive definite system `a x = b` (row-major `q × q`) by Cholesky.
fn cholesky_solve(mut a: Vec<f64>, mut b: Vec<f64>, q: usize) -> Result<Vec<f64>> {
    for j in 0..q {
        let mut d = a[j * q + j];
        for k in 0..j {
            d -= a[j * q + k] * a[j * q + k];
        }
        if d.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(Error::Solver {
                message: format!("ridge system not positive definite at column {j}"),
            });
        }
        let d = d.sqrt();
        a[j * q + j] = d;
        for i in j + 1..q {
            let mut s = a[i * q + j];
            for k in 0..j {
                s -= a[i * q + k] * a[j * q + k];
            }
            a[i * q + j] = s / d;
        }
    }
    for i in 0..q {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * q + k] * b[k];
        }
        b[i] = s / a[i * q + i];
    }
    for i in (0..q).rev() {
        let mut s = b[i];
        for k in i + 1..q {
            s -= a[k * q + i] * b[k];
        }
        b[i] = s / a[i * q + i];
    }
    Ok(b)
}

fn ridge_rows(x: ArrayView2<'_, f64>, y: &[f64], rows: &[usize], alpha: f64) -> Result<RidgeFit> {
    let q = x.ncols();
    let p = rows.len() as f64;
    let mut mx = vec![0.0; q];
    let mut my = 0.0;
    for &r in rows {
        for (c, m) in mx.iter_mut().enumerate() {
            *m += x[[r, c]];
        }
        my += y[r];
    }
    mx.iter_mut().for_each(|m| *m /= p);
    my /= p;
    let mut a = vec![0.0; q * q];
    let mut b = vec![0.0; q];
    let mut xc = vec![0.0; q];
    for &r in rows {
        for c in 0..q {
            xc[c] = x[[r, c]] - mx[c];
        }
        let yc = y[r] - my;
        for c in 0..q {
            b[c] += xc[c] * yc;
            for d in 0..=c {
                a[c * q + d] += xc[c] * xc[d];
            }
        }
    }
    for c in 0..q {
        a[c * q + c] += alpha;
        for d in 0..c {
            a[d * q + c] = a[c * q + d];
        }
    }
    let w = cholesky_solve(a, b, q)?;
    let intercept = my - mx.iter().zip(&w).map(|(m, w)| m * w).sum::<f64>();
    Ok(RidgeFit {
        weights: w,
        intercept,
        alpha,
        cv_mse: Vec::new(),
    })
}

/// Closed-form ridge regression with an intercept (scikit-learn's `Ridge(alpha)`).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `y` and `x` disagree, [`Error::Empty`] without rows,
/// [`Error::NonFinite`] naming the row and column of a non-finite value, [`Error::InvalidValue`]
/// for `alpha ≤ 0` or non-finite.
///
/// ```
/// use nastavnik::evaluate::fit_ridge;
/// let x = ndarray::array![[1.0], [2.0], [3.0]];
/// let f = fit_ridge(x.view(), &[2.0, 4.0, 6.0], 1.0)?;
/// assert!((f.weights[0] - 4.0 / 3.0).abs() < 1e-12); // shrunk from 2 towards 0
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn fit_ridge(x: ArrayView2<'_, f64>, y: &[f64], alpha: f64) -> Result<RidgeFit> {
    check_xy(x, y)?;
    check_alpha(alpha)?;
    let rows: Vec<usize> = (0..x.nrows()).collect();
    ridge_rows(x, y, &rows, alpha)
}

/// Ridge regression with `α` chosen by `folds`-fold cross-validation over `alphas`.
///
/// # Errors
/// As [`fit_ridge`]; [`Error::InvalidValue`] for an empty grid, `folds < 2` or more folds than
/// rows.
///
/// ```
/// use nastavnik::evaluate::fit_ridge_cv;
/// let x = ndarray::Array2::from_shape_fn((40, 1), |(r, _)| r as f64 / 40.0);
/// let y: Vec<f64> = (0..40).map(|r| 3.0 * r as f64 / 40.0 + if r % 2 == 0 { 0.1 } else { -0.1 }).collect();
/// let f = fit_ridge_cv(x.view(), &y, &[1e-3, 1.0, 100.0], 5)?;
/// assert_eq!(f.alpha, 1e-3);
/// assert_eq!(f.cv_mse.len(), 3);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn fit_ridge_cv(
    x: ArrayView2<'_, f64>,
    y: &[f64],
    alphas: &[f64],
    folds: usize,
) -> Result<RidgeFit> {
    check_xy(x, y)?;
    if alphas.is_empty() {
        return Err(Error::invalid("alphas", "the grid is empty"));
    }
    for &a in alphas {
        check_alpha(a)?;
    }
    let p = x.nrows();
    if folds < 2 || folds > p {
        return Err(Error::invalid(
            "folds",
            format!("{folds}; expected 2 <= folds <= {p} (the number of rows)"),
        ));
    }
    let mut cv = Vec::with_capacity(alphas.len());
    for &alpha in alphas {
        let mut sse = 0.0;
        for f in 0..folds {
            let train: Vec<usize> = (0..p).filter(|r| r % folds != f).collect();
            let fit = ridge_rows(x, y, &train, alpha)?;
            for r in (f..p).step_by(folds) {
                let row: Vec<f64> = x.row(r).to_vec();
                sse += (fit.predict(&row) - y[r]).powi(2);
            }
        }
        cv.push((alpha, sse / p as f64));
    }
    let best = cv
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map_or(alphas[0], |b| b.0);
    let mut fit = fit_ridge(x, y, best)?;
    fit.cv_mse = cv;
    Ok(fit)
}
