//! Overflow-, underflow- and cancellation-safe pieces of the vector kernels.
//!
//! # Problem
//! The fast kernels compute every product as one `A·Bᵀ` matrix multiplication. Taken literally,
//! that loses the answer at the edges of the floating-point range:
//!
//! * a squared distance `‖a‖² + ‖b‖² − 2a·b` cancels catastrophically when `a ≈ b` relative to
//!   their norms (`3000` vs `3001` in `f32` gives 0 instead of 1), and `‖a‖²` overflows for
//!   values above ~1e154 (`f64`) and underflows below ~1e-154;
//! * a cosine normalised by `sqrt(Σ v²)` overflows (`1e154·ones` gives 0 for `cos(a, a)`),
//!   underflows (a row of norm 1e-170 is left unnormalised) and may exceed 1 by rounding.
//!
//! # Algorithm
//! * **Norms** ([`unit_rows`]): each row is scaled by a power of two (exact) into a safe range
//!   before its sum of squares is taken, in `f64`; the unit row is rounded to `T` once. Cosines are
//!   then clamped to `[-1, 1]` by the caller.
//! * **Distances** ([`DistanceOperands`]): every column is centred on the midpoint of its range
//!   over both matrices and the weighted, centred values are scaled by one global power of two
//!   `2^E` so that each lies in `(-1, 1)`. The product then runs on these operands. For a pair,
//!   the computed `d′ = ‖a′‖² + ‖b′‖² − 2a′·b′` carries an absolute error of at most about
//!   `(2 + √d)·ε·(‖a′‖² + ‖b′‖²)`; when `d′` is below a fixed fraction `F` of `‖a′‖² + ‖b′‖²`
//!   (cancellation possible) or below `sqrt(min_positive)` (underflow possible), the pair is
//!   recomputed directly from the original rows by [`exact_sq_distance`]: `Σ (√wₖ (aₖ − bₖ))²`
//!   in `f64`, with per-term power-of-two scaling when a term could overflow or underflow.
//!
//! # Guarantees
//! The squared distance has a relative error of at most about `2⁻³⁶` on the fast path (typically
//! far less: the error bound is a worst case) and a few units in the last place of `f64` on the
//! exact path (the kernels run these operands in `f64`, also for `f32` features), at any magnitude from the smallest normal number to the
//! largest finite one and for values one ulp apart. Distances that exceed the type's range are
//! `inf` (and the RBF value 0), never NaN. Cosines lie in `[-1, 1]`; a zero row has cosine 0.
//! Every step is a fixed sequence of operations per element, so results do not depend on the
//! thread count.
//!
//! # Complexity
//! O((n + m)·d) extra time and memory to prepare the operands; the exact recomputation costs
//! O(d) per recomputed pair (pairs that are near-identical relative to their spread).
//!
//! # Examples
//! ```
//! use ndarray::array;
//! use nastavnik::scoring::{cosine, weighted_euclidean};
//! let d = weighted_euclidean(array![[3000.0f32]].view(), array![[3001.0f32]].view(), None)?;
//! assert_eq!(d[[0, 0]], 1.0);
//! let big = array![[1e154, 1e154]];
//! assert_eq!(cosine(big.view(), big.view())?[[0, 0]], 1.0);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::{Array2, ArrayView2, Axis};

use crate::real::Real;

/// `2^n` for `n` in the normal exponent range `[-1022, 1023]`.
#[inline]
fn pow2(n: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&n));
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// `x · 2^n` without intermediate overflow or underflow (saturating to `±inf` / `0`).
#[inline]
pub(crate) fn ldexp(mut x: f64, mut n: i32) -> f64 {
    while n > 1000 {
        x *= pow2(1000);
        n -= 1000;
        if !x.is_finite() {
            return x;
        }
    }
    while n < -1000 {
        x *= pow2(-1000);
        n += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(n)
}

/// `floor(log2 |x|)` of a finite non-zero `x` (subnormals included).
#[inline]
pub(crate) fn exponent(x: f64) -> i32 {
    let bits = x.abs().to_bits();
    let biased = (bits >> 52) as i32;
    if biased == 0 {
        let mant = bits & ((1u64 << 52) - 1);
        -1074 + (63 - mant.leading_zeros() as i32)
    } else {
        biased - 1023
    }
}

/// Rows of `x` scaled to unit Euclidean norm (zero rows stay zero), without overflow or underflow.
pub(crate) fn unit_rows<T: Real>(x: ArrayView2<'_, T>) -> Array2<T> {
    let mut out = x.as_standard_layout().into_owned();
    for mut row in out.axis_iter_mut(Axis(0)) {
        let big = row
            .iter()
            .fold(0.0f64, |m, &v| m.max(v.to_f64_lossy().abs()));
        if big == 0.0 {
            continue;
        }
        // Bring the largest entry to [1, 2): squares cannot overflow, and entries small enough to
        // underflow are below 2^-1022 relative to the largest, far below rounding.
        let shift = -exponent(big);
        let ss: f64 = row
            .iter()
            .map(|&v| {
                let s = ldexp(v.to_f64_lossy(), shift);
                s * s
            })
            .sum();
        let norm = ss.sqrt();
        row.mapv_inplace(|v| T::from_f64_lossy(ldexp(v.to_f64_lossy(), shift) / norm));
    }
    out
}

/// The squared distance `Σ (√wₖ (aₖ − bₖ))²` as `(s, e)` meaning `s · 2^(2e)`, computed from
/// the original rows in `f64` (terms scaled by powers of two when they could overflow or
/// underflow). `sw` holds `√wₖ` (all ones without weights).
pub(crate) fn exact_sq_distance<T: Real>(a: &[T], b: &[T], sw: &[f64]) -> (f64, i32) {
    /// Below this a plain sum of squares may have lost terms to underflow.
    const SAFE_LOW: f64 = 1.0e-270;
    let mut s = 0.0f64;
    let mut all_zero = true;
    for ((&x, &y), &w) in a.iter().zip(b).zip(sw) {
        let t = (x.to_f64_lossy() - y.to_f64_lossy()) * w;
        all_zero &= t == 0.0 && (x == y || w == 0.0);
        s += t * t;
    }
    if s.is_finite() && s >= SAFE_LOW {
        return (s, 0);
    }
    if all_zero {
        return (0.0, 0);
    }
    // Scaled path: term k is mant_k · 2^(e_k) with mant_k in [1, 4).
    let term = |x: T, y: T, w: f64| -> Option<(f64, i32)> {
        let (x, y) = (x.to_f64_lossy(), y.to_f64_lossy());
        let (mut d, mut half) = (x - y, 0);
        if !d.is_finite() {
            d = x * 0.5 - y * 0.5;
            half = 1;
        }
        if d == 0.0 || w == 0.0 {
            return None;
        }
        let (ed, ew) = (exponent(d), exponent(w));
        let mant = ldexp(d.abs(), -ed) * ldexp(w, -ew);
        Some((mant, ed + ew + half))
    };
    let big = a
        .iter()
        .zip(b)
        .zip(sw)
        .filter_map(|((&x, &y), &w)| term(x, y, w).map(|t| t.1))
        .max()
        .unwrap_or(0);
    let mut s = 0.0f64;
    for ((&x, &y), &w) in a.iter().zip(b).zip(sw) {
        if let Some((mant, e)) = term(x, y, w)
            && e - big > -600
        {
            let t = ldexp(mant, e - big);
            s += t * t;
        }
    }
    (s, big)
}

/// What a squared distance `d2 = s · 2^(2e)` is turned into.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Finish {
    /// `sqrt(d2)` (the Euclidean distance).
    Sqrt,
    /// `exp(-γ d2)` (the RBF kernel).
    Rbf(f64),
}

impl Finish {
    /// The kernel value of `d2 = s · 2^(2e)`, `s >= 0`.
    #[inline]
    pub(crate) fn apply(self, s: f64, e: i32) -> f64 {
        match self {
            Finish::Sqrt => ldexp(s.sqrt(), e),
            Finish::Rbf(gamma) => {
                if s == 0.0 {
                    1.0
                } else {
                    (-ldexp(gamma * s, 2 * e)).exp()
                }
            }
        }
    }
}

/// Centred, weighted, power-of-two-scaled operands of a distance kernel (see the module docs).
pub(crate) struct DistanceOperands<T> {
    /// `‖a′ᵢ‖²`.
    pub na: Vec<T>,
    /// `‖b′ⱼ‖²`.
    pub nb: Vec<T>,
    /// The original mentee rows (for the exact recomputation).
    pub orig_a: Array2<T>,
    /// The original mentor rows.
    pub orig_b: Array2<T>,
    /// `√wₖ` per column.
    pub sqrt_w: Vec<f64>,
    /// The global scale: original distances are `2^scale` times the scaled ones.
    pub scale: i32,
    /// Recompute a pair exactly when `d′ <= ratio · (‖a′‖² + ‖b′‖²)`.
    pub ratio: T,
    /// ... or when `d′ < low`.
    pub low: T,
}

impl<T: Real> DistanceOperands<T> {
    /// Prepare the operands of `Σ wₖ (aₖ − bₖ)²` for finite `a` (n × d), `b` (m × d) and
    /// finite non-negative weights of length d (checked by the caller). Returns the scaled
    /// mentee rows `a′` (n × d) and mentor rows `b′` (m × d), row-major, for the product.
    pub(crate) fn new(
        a: ArrayView2<'_, T>,
        b: ArrayView2<'_, T>,
        w: Option<&[f64]>,
    ) -> (Array2<T>, Array2<T>, Self) {
        let d = a.ncols();
        let sqrt_w: Vec<f64> = match w {
            Some(w) => w.iter().map(|&v| v.sqrt()).collect(),
            None => vec![1.0; d],
        };
        let orig_a = a.as_standard_layout().into_owned();
        let orig_b = b.as_standard_layout().into_owned();
        // Column centres (midpoint of the range over both matrices) and exponents.
        let mut centre = vec![0.0f64; d];
        let mut e_range = vec![0i32; d];
        let mut active = vec![false; d];
        for k in 0..d {
            let col = orig_a.column(k).into_iter().chain(orig_b.column(k));
            let (lo, hi) = col.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                let v = v.to_f64_lossy();
                (lo.min(v), hi.max(v))
            });
            let c = lo * 0.5 + hi * 0.5;
            let r = (hi - c).max(c - lo);
            centre[k] = c;
            if r > 0.0 && r.is_finite() && sqrt_w[k] > 0.0 {
                active[k] = true;
                e_range[k] = exponent(r);
            }
        }
        // 2^scale bounds every |√wₖ (x − cₖ)|: each is < 2^(e_r + e_w + 2).
        let scale = (0..d)
            .filter(|&k| active[k])
            .map(|k| e_range[k] + exponent(sqrt_w[k]) + 2)
            .max()
            .unwrap_or(0);
        // x′ = ((x − c)·2^-e_r) · g, with g = mant(√w) · 2^(e_r + e_w − scale) ≤ 2^-2.
        let gain: Vec<f64> = (0..d)
            .map(|k| {
                if active[k] {
                    let ew = exponent(sqrt_w[k]);
                    ldexp(ldexp(sqrt_w[k], -ew), e_range[k] + ew - scale)
                } else {
                    0.0
                }
            })
            .collect();
        let scaled = |x: &Array2<T>| -> (Array2<T>, Vec<T>) {
            let mut out = x.clone();
            for mut row in out.axis_iter_mut(Axis(0)) {
                for (k, v) in row.iter_mut().enumerate() {
                    *v = if active[k] {
                        let c = v.to_f64_lossy() - centre[k];
                        T::from_f64_lossy(ldexp(c, -e_range[k]) * gain[k])
                    } else {
                        T::zero()
                    };
                }
            }
            let norms = out
                .axis_iter(Axis(0))
                .map(|r| r.iter().fold(T::zero(), |s, &v| s + v * v))
                .collect();
            (out, norms)
        };
        let (left, na) = scaled(&orig_a);
        let (right, nb) = scaled(&orig_b);
        let eps = T::epsilon().to_f64_lossy();
        // Target relative error of the fast path: 2^-14 (f32) or 2^-36 (f64).
        let target = if eps > 1e-10 {
            ldexp(1.0, -14)
        } else {
            ldexp(1.0, -36)
        };
        let ratio = ((4.0 + 2.0 * (d as f64).sqrt()) * eps / target).min(1.0);
        let ops = Self {
            na,
            nb,
            orig_a,
            orig_b,
            sqrt_w,
            scale,
            ratio: T::from_f64_lossy(ratio),
            low: T::min_positive_value().sqrt(),
        };
        (left, right, ops)
    }

    /// The kernel value of mentee `i` and mentor `j` given the fast product `dot = a′ᵢ·b′ⱼ`.
    #[inline]
    pub(crate) fn value(&self, i: usize, j: usize, dot: T, finish: Finish) -> T {
        let (ni, nj) = (self.na[i], self.nb[j]);
        let two = T::one() + T::one();
        let d2 = ni + nj - two * dot;
        if d2 > self.ratio * (ni + nj) && d2 >= self.low {
            return T::from_f64_lossy(finish.apply(d2.to_f64_lossy(), self.scale));
        }
        self.exact(i, j, finish)
    }

    /// The RBF values of mentee `i` against every mentor, given the fast products `a′ᵢ·b′ⱼ` in
    /// `row` (overwritten): [`Self::value`] for each entry, with the exponentials taken by the
    /// vectorised [`exp_in_place`](super::fastexp::exp_in_place) over `scratch` (one `f64` per
    /// mentor). `γ·2^(2·scale)` is folded into one factor when it is a normal number (then
    /// `γ·d′·2^(2·scale)` is the same rounding as before); otherwise entry by entry.
    pub(crate) fn rbf_row(&self, i: usize, row: &mut [T], gamma: f64, scratch: &mut [f64]) {
        let finish = Finish::Rbf(gamma);
        let g = ldexp(gamma, 2 * self.scale);
        if !g.is_normal() || scratch.len() != row.len() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = self.value(i, j, *v, finish);
            }
            return;
        }
        let ni = self.na[i];
        let two = T::one() + T::one();
        for ((v, s), &nj) in row.iter().zip(scratch.iter_mut()).zip(&self.nb) {
            let d2 = ni + nj - two * *v;
            // NaN marks a pair for the exact recomputation (a fast argument is never NaN)
            *s = if d2 > self.ratio * (ni + nj) && d2 >= self.low {
                -(g * d2.to_f64_lossy())
            } else {
                f64::NAN
            };
        }
        super::fastexp::exp_in_place(scratch);
        for (j, (v, &s)) in row.iter_mut().zip(scratch.iter()).enumerate() {
            *v = if s.is_nan() {
                self.exact(i, j, finish)
            } else {
                T::from_f64_lossy(s)
            };
        }
    }

    /// The kernel value of mentee `i` and mentor `j` recomputed from the original rows.
    pub(crate) fn exact(&self, i: usize, j: usize, finish: Finish) -> T {
        let (Some(a), Some(b)) = (self.orig_a.row(i).to_slice(), self.orig_b.row(j).to_slice())
        else {
            return T::nan();
        };
        let (s, e) = exact_sq_distance(a, b, &self.sqrt_w);
        T::from_f64_lossy(finish.apply(s, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_and_ldexp_cover_the_range() {
        for &x in &[
            1.0,
            1.5,
            3.0,
            1e-300,
            5e-324,
            1e308,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let e = exponent(x);
            let m = ldexp(x, -e);
            assert!((1.0..2.0).contains(&m), "{x}: {e} {m}");
            assert_eq!(ldexp(m, e), x);
        }
        assert_eq!(ldexp(1.0, 5000), f64::INFINITY);
        assert_eq!(ldexp(1.0, -5000), 0.0);
    }

    #[test]
    fn exact_distance_at_extremes() {
        let sw = [1.0, 1.0];
        let (s, e) = exact_sq_distance(&[1e300, 0.0], &[-1e300, 0.0], &sw);
        assert!((Finish::Sqrt.apply(s, e) / 2e300 - 1.0).abs() < 1e-15);
        let (s, e) = exact_sq_distance(&[1e-300, 0.0], &[3e-300, 0.0], &sw);
        assert!((Finish::Sqrt.apply(s, e) / 2e-300 - 1.0).abs() < 1e-15);
        let (s, e) = exact_sq_distance(&[f64::MAX, 0.0], &[-f64::MAX, 0.0], &sw);
        assert_eq!(Finish::Sqrt.apply(s, e), f64::INFINITY);
        assert_eq!(Finish::Rbf(1.0).apply(s, e), 0.0);
        assert_eq!(exact_sq_distance(&[2.0f32], &[2.0], &[1.0]), (0.0, 0));
    }
}
