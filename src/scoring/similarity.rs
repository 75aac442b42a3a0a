//! Vector similarity kernels between mentee and mentor feature matrices.
//!
//! Every kernel takes mentee features `a` (n × d) and mentor features `b` (m × d), `f32` or `f64`,
//! and returns an n × m matrix. Products are computed as a matrix multiplication (the
//! `matrixmultiply` kernels behind `ndarray`) over fixed blocks of mentee rows run in parallel with
//! rayon; block boundaries do not depend on the thread count, so results are bit-identical on any
//! number of threads.
//!
//! | kernel | value |
//! |---|---|
//! | [`Kernel::Dot`] | `a·b` |
//! | [`Kernel::Cosine`] | `a·b / (‖a‖‖b‖)`, 0 when either vector is zero |
//! | [`Kernel::Rbf`] | `exp(-γ Σ w (a-b)²)` |
//! | [`weighted_euclidean`] | `sqrt(Σ w (a-b)²)` (a distance, not a score) |
//! | [`jaccard`] | `|A∩B| / |A∪B|` on multi-hot rows (1 when both empty) |
//!
//! Complexity: O(n·m·d) time, O((n + m)·d + n·m) memory; [`jaccard`] packs rows into 64-bit words
//! and costs O(n·m·⌈d/64⌉).
//!
//! # Examples
//! ```
//! use ndarray::array;
//! use nastavnik::scoring::{similarity, Kernel};
//! let a = array![[1.0f32, 0.0], [1.0, 1.0]];
//! let b = array![[2.0f32, 0.0]];
//! let s = similarity(a.view(), b.view(), &Kernel::Cosine)?;
//! assert!((s[[0, 0]] - 1.0).abs() < 1e-6 && (s[[1, 0]] - 0.70710677).abs() < 1e-6);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::any::TypeId;

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis, linalg::general_mat_mul};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::gemm::{PackedB, a_bt};
use super::robust::{DistanceOperands, Finish, unit_rows};
use crate::error::{Error, Result};
use crate::real::Real;

/// Deepest feature dimension handled by the packed small-depth kernel.
const PACKED_MAX_DEPTH: usize = 512;

/// Mentee rows per parallel block of the dense kernels (fixed: results do not depend on threads).
pub(crate) const DENSE_BLOCK_ROWS: usize = 128;

/// A similarity kernel on feature vectors (higher = better pair).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "type", rename_all = "snake_case")]
pub enum Kernel {
    /// Cosine similarity.
    Cosine,
    /// Plain dot product.
    Dot,
    /// Gaussian (RBF) kernel on the weighted Euclidean distance.
    Rbf {
        /// Width parameter γ > 0.
        gamma: f64,
        /// Optional non-negative per-feature weights (length d).
        #[serde(default)]
        weights: Option<Vec<f64>>,
    },
}
crate::suggest::tagged_serde!(Kernel, "type", "kernel");

/// Check that a feature matrix is finite, naming the first bad cell.
pub(crate) fn check_finite<T: Real>(x: ArrayView2<'_, T>, what: &str) -> Result<()> {
    for ((row, col), &v) in x.indexed_iter() {
        if !v.is_finite() {
            return Err(Error::NonFinite {
                what: what.to_string(),
                row,
                col,
                value: v.to_f64_lossy(),
            });
        }
    }
    Ok(())
}

fn check_pair<T: Real>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Result<()> {
    if a.nrows() == 0 {
        return Err(Error::empty("mentee features (no rows)"));
    }
    if b.nrows() == 0 {
        return Err(Error::empty("mentor features (no rows)"));
    }
    if a.ncols() != b.ncols() {
        return Err(Error::shape(
            "mentor features (columns must equal the mentee features' columns)",
            a.ncols(),
            b.ncols(),
        ));
    }
    if a.ncols() == 0 {
        return Err(Error::empty("features (no columns)"));
    }
    check_finite(a, "mentee features")?;
    check_finite(b, "mentor features")
}

fn check_weights(weights: Option<&[f64]>, d: usize) -> Result<()> {
    if let Some(w) = weights {
        if w.len() != d {
            return Err(Error::shape("feature weights", d, w.len()));
        }
        if let Some((i, &v)) = w
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite() || **v < 0.0)
        {
            return Err(Error::invalid(
                "feature weights",
                format!("weight {v} at index {i} must be finite and >= 0"),
            ));
        }
    }
    Ok(())
}

impl Kernel {
    /// Check the kernel's parameters for feature vectors of length `n_features`: γ finite and
    /// `> 0`, weights of length `n_features`, finite and `>= 0`.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming `gamma` or the weight's index, [`Error::ShapeMismatch`] for
    /// a weight vector of the wrong length.
    ///
    /// ```
    /// use nastavnik::scoring::Kernel;
    /// assert!(Kernel::Cosine.check(3).is_ok());
    /// let bad = Kernel::Rbf { gamma: -1.0, weights: None };
    /// assert!(bad.check(3).unwrap_err().to_string().contains("gamma"));
    /// let nan = Kernel::Rbf { gamma: 1.0, weights: Some(vec![1.0, f64::NAN]) };
    /// assert!(nan.check(2).is_err());
    /// ```
    pub fn check(&self, n_features: usize) -> Result<()> {
        if let Kernel::Rbf { gamma, weights } = self {
            if !gamma.is_finite() || *gamma <= 0.0 {
                return Err(Error::invalid(
                    "gamma",
                    format!("{gamma} must be finite and > 0"),
                ));
            }
            check_weights(weights.as_deref(), n_features)?;
        }
        Ok(())
    }
}

/// How each block of products is turned into the kernel's values.
enum PostKind<T> {
    /// The product itself (dot).
    None,
    /// Clamped to `[-1, 1]` (cosine of unit rows).
    Clamp,
    /// A distance kernel on centred, scaled operands, with exact recomputation where needed.
    Distance(Box<DistanceOperands<T>>, Finish),
    /// A distance kernel on `f32` input, computed in `f64` and rounded once.
    Wide(Box<Prepared<f64>>),
}

/// Prepared operands: `out = left · rightᵀ`, then `post`.
pub(crate) struct Prepared<T> {
    left: Array2<T>,
    right: Array2<T>,
    /// Mentor rows packed for the small-depth kernel (`None`: deep features, use `matrixmultiply`).
    packed: Option<PackedB<T>>,
    post: PostKind<T>,
}

impl<T: Real> Prepared<T> {
    fn new(
        a: ArrayView2<'_, T>,
        b: ArrayView2<'_, T>,
        kernel: &Kernel,
        distance: bool,
    ) -> Result<Self> {
        check_pair(a, b)?;
        kernel.check(a.ncols())?;
        let is_distance = distance || matches!(kernel, Kernel::Rbf { .. });
        if is_distance && TypeId::of::<T>() != TypeId::of::<f64>() {
            // Distances of f32 features are computed in f64: the fast path then keeps 2^-36
            // relative accuracy instead of 2^-14, and the result is rounded to f32 once.
            let wide = |x: ArrayView2<'_, T>| x.mapv(|v| v.to_f64_lossy());
            let inner = Prepared::<f64>::new(wide(a).view(), wide(b).view(), kernel, distance)?;
            return Ok(Self {
                left: Array2::zeros((a.nrows(), 0)),
                right: Array2::zeros((b.nrows(), 0)),
                packed: None,
                post: PostKind::Wide(Box::new(inner)),
            });
        }
        let (left, right, post) = match (kernel, distance) {
            (Kernel::Rbf { weights, .. }, true) => {
                let (l, r, ops) = DistanceOperands::new(a, b, weights.as_deref());
                (l, r, PostKind::Distance(Box::new(ops), Finish::Sqrt))
            }
            (Kernel::Rbf { gamma, weights }, false) => {
                let (l, r, ops) = DistanceOperands::new(a, b, weights.as_deref());
                (l, r, PostKind::Distance(Box::new(ops), Finish::Rbf(*gamma)))
            }
            (Kernel::Cosine, _) => (unit_rows(a), unit_rows(b), PostKind::Clamp),
            (Kernel::Dot, _) => (
                a.as_standard_layout().into_owned(),
                b.as_standard_layout().into_owned(),
                PostKind::None,
            ),
        };
        Ok(Self {
            left,
            right,
            packed: None,
            post,
        }
        .packed())
    }

    /// Pack the mentor rows for the small-depth kernel when the depth allows.
    fn packed(mut self) -> Self {
        let (m, d) = self.right.dim();
        if d <= PACKED_MAX_DEPTH
            && let Some(b) = self.right.as_slice()
        {
            self.packed = Some(PackedB::new(b, m, d));
        }
        self
    }

    pub(crate) fn for_kernel(
        a: ArrayView2<'_, T>,
        b: ArrayView2<'_, T>,
        k: &Kernel,
    ) -> Result<Self> {
        Self::new(a, b, k, false)
    }

    pub(crate) fn n_rows(&self) -> usize {
        self.left.nrows()
    }

    pub(crate) fn n_cols(&self) -> usize {
        self.right.nrows()
    }

    /// Fill `out` (rows × m, row-major) with the kernel values of mentee rows `r0..r0 + rows`.
    pub(crate) fn fill_block(&self, r0: usize, out: &mut [T]) {
        let m = self.right.nrows();
        if m == 0 {
            return;
        }
        let rows = out.len() / m;
        if let PostKind::Wide(inner) = &self.post {
            // Sub-blocks of at most 2^16 values (or one row): the f64 scratch stays small.
            let step = ((1usize << 16) / m).clamp(1, rows.max(1));
            let mut wide = vec![0.0f64; step * m];
            for (c, chunk) in out.chunks_mut(step * m).enumerate() {
                let w = &mut wide[..chunk.len()];
                inner.fill_block(r0 + c * step, w);
                for (o, v) in chunk.iter_mut().zip(w.iter()) {
                    *o = T::from_f64_lossy(*v);
                }
            }
            return;
        }
        let a = self.left.slice(ndarray::s![r0..r0 + rows, ..]);
        match (&self.packed, a.as_slice()) {
            (Some(packed), Some(a)) => a_bt(a, rows, packed, out),
            _ => {
                if let Ok(mut c) = ArrayViewMut2::from_shape((rows, m), &mut *out) {
                    general_mat_mul(T::one(), &a, &self.right.t(), T::zero(), &mut c);
                }
            }
        }
        match &self.post {
            PostKind::None | PostKind::Wide(_) => {}
            PostKind::Clamp => {
                let one = T::one();
                for v in out.iter_mut() {
                    *v = v.max(-one).min(one);
                }
            }
            PostKind::Distance(ops, Finish::Rbf(gamma)) => {
                // one row of scratch (the row's length, like the output block's rows)
                let mut scratch = vec![0.0f64; m];
                for (r, row) in out.chunks_exact_mut(m).enumerate() {
                    ops.rbf_row(r0 + r, row, *gamma, &mut scratch);
                }
            }
            PostKind::Distance(ops, finish) => {
                for (r, row) in out.chunks_exact_mut(m).enumerate() {
                    for (j, v) in row.iter_mut().enumerate() {
                        *v = ops.value(r0 + r, j, *v, *finish);
                    }
                }
            }
        }
    }

    fn dense(&self) -> Result<Array2<T>> {
        let (n, m) = (self.n_rows(), self.n_cols());
        let len = crate::memory::checked_len(&[n, m], "score matrix")?;
        let mut out = super::buffer::zeroed::<T>(len, "score matrix")?;
        self.fill_all(&mut out);
        Array2::from_shape_vec((n, m), out)
            .map_err(|e| Error::invalid("score matrix", e.to_string()))
    }

    /// Fill a row-major n × m buffer, in fixed row blocks in parallel.
    fn fill_all(&self, out: &mut [T]) {
        let m = self.n_cols();
        out.par_chunks_mut(DENSE_BLOCK_ROWS * m)
            .enumerate()
            .for_each(|(b, chunk)| self.fill_block(b * DENSE_BLOCK_ROWS, chunk));
    }

    /// Fill a caller's n × m matrix, which must be contiguous and row-major.
    fn fill_into(&self, mut out: ArrayViewMut2<'_, T>) -> Result<()> {
        let (n, m) = (self.n_rows(), self.n_cols());
        if out.dim() != (n, m) {
            return Err(Error::shape(
                "output matrix",
                format!("{n}x{m}"),
                format!("{}x{}", out.nrows(), out.ncols()),
            ));
        }
        let slice = out.as_slice_mut().ok_or_else(|| {
            Error::invalid(
                "output matrix",
                "must be contiguous and row-major (C order)",
            )
        })?;
        self.fill_all(slice);
        Ok(())
    }
}

/// Dense kernel matrix (mentees × mentors).
///
/// # Errors
/// [`Error::Empty`] for no rows or no columns, [`Error::ShapeMismatch`] when the feature counts
/// differ, [`Error::NonFinite`] naming the matrix, row and column of a NaN/inf, and
/// [`Error::InvalidValue`] for a bad γ or bad weights.
///
/// ```
/// use ndarray::array;
/// use nastavnik::scoring::{similarity, Kernel};
/// let s = similarity(array![[1.0, 2.0]].view(), array![[3.0, 4.0]].view(), &Kernel::Dot)?;
/// assert_eq!(s[[0, 0]], 11.0);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn similarity<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    kernel: &Kernel,
) -> Result<Array2<T>> {
    Prepared::new(a, b, kernel, false)?.dense()
}

/// Write the kernel matrix into a caller's buffer (mentees × mentors, contiguous row-major), for
/// reusing memory across calls or filling memory owned by another runtime (numpy).
///
/// # Errors
/// As [`similarity`], plus [`Error::ShapeMismatch`] for a wrong output shape and
/// [`Error::InvalidValue`] for a non-contiguous output.
///
/// ```
/// use ndarray::{array, Array2};
/// use nastavnik::scoring::{similarity_into, Kernel};
/// let mut out = Array2::<f64>::zeros((1, 1));
/// similarity_into(array![[1.0, 2.0]].view(), array![[3.0, 4.0]].view(), &Kernel::Dot, out.view_mut())?;
/// assert_eq!(out[[0, 0]], 11.0);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn similarity_into<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    kernel: &Kernel,
    out: ArrayViewMut2<'_, T>,
) -> Result<()> {
    Prepared::new(a, b, kernel, false)?.fill_into(out)
}

/// Weighted Euclidean distances written into a caller's buffer (see [`similarity_into`]).
///
/// # Errors
/// As [`similarity_into`].
///
/// ```
/// use ndarray::{array, Array2};
/// let mut out = Array2::<f64>::zeros((1, 1));
/// nastavnik::scoring::weighted_euclidean_into(
///     array![[0.0f64, 0.0]].view(), array![[3.0, 4.0]].view(), None, out.view_mut())?;
/// assert!((out[[0, 0]] - 5.0).abs() < 1e-12);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn weighted_euclidean_into<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    weights: Option<ArrayView1<'_, f64>>,
    out: ArrayViewMut2<'_, T>,
) -> Result<()> {
    let kernel = Kernel::Rbf {
        gamma: 1.0,
        weights: weights.map(|w| w.to_vec()),
    };
    Prepared::new(a, b, &kernel, true)?.fill_into(out)
}

/// Cosine similarity matrix; shorthand for [`similarity`] with [`Kernel::Cosine`].
///
/// # Errors
/// As [`similarity`].
///
/// ```
/// use ndarray::array;
/// let s = nastavnik::scoring::cosine(array![[1.0, 0.0]].view(), array![[0.0, 3.0]].view())?;
/// assert_eq!(s[[0, 0]], 0.0);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn cosine<T: Real>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Result<Array2<T>> {
    similarity(a, b, &Kernel::Cosine)
}

/// Dot-product matrix; shorthand for [`similarity`] with [`Kernel::Dot`].
///
/// # Errors
/// As [`similarity`].
///
/// ```
/// use ndarray::array;
/// let s = nastavnik::scoring::dot(array![[1.0f32, 2.0]].view(), array![[1.0, 1.0]].view())?;
/// assert_eq!(s[[0, 0]], 3.0);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn dot<T: Real>(a: ArrayView2<'_, T>, b: ArrayView2<'_, T>) -> Result<Array2<T>> {
    similarity(a, b, &Kernel::Dot)
}

/// RBF kernel matrix `exp(-γ Σ w (a-b)²)`; shorthand for [`similarity`] with [`Kernel::Rbf`].
///
/// # Errors
/// As [`similarity`].
///
/// ```
/// use ndarray::array;
/// let s = nastavnik::scoring::rbf(array![[0.0, 0.0]].view(), array![[1.0, 0.0]].view(), 0.5, None)?;
/// assert!((s[[0, 0]] - (-0.5f64).exp()).abs() < 1e-12);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn rbf<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    gamma: f64,
    weights: Option<ArrayView1<'_, f64>>,
) -> Result<Array2<T>> {
    let weights = weights.map(|w| w.to_vec());
    similarity(a, b, &Kernel::Rbf { gamma, weights })
}

/// Weighted Euclidean distance matrix `sqrt(Σ w (a-b)²)` (lower = more alike).
///
/// # Errors
/// As [`similarity`].
///
/// ```
/// use ndarray::array;
/// let d = nastavnik::scoring::weighted_euclidean(
///     array![[0.0f64, 0.0]].view(), array![[3.0, 4.0]].view(), None)?;
/// assert!((d[[0, 0]] - 5.0).abs() < 1e-12);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn weighted_euclidean<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    weights: Option<ArrayView1<'_, f64>>,
) -> Result<Array2<T>> {
    let kernel = Kernel::Rbf {
        gamma: 1.0,
        weights: weights.map(|w| w.to_vec()),
    };
    Prepared::new(a, b, &kernel, true)?.dense()
}

/// Pack multi-hot rows into 64-bit words.
pub(crate) fn pack_bits(x: ArrayView2<'_, bool>) -> Result<(Vec<u64>, usize)> {
    let words = x.ncols().div_ceil(64).max(1);
    let len = crate::memory::checked_len(&[x.nrows(), words], "multi-hot rows")?;
    let mut out = crate::memory::try_vec(len, 0u64, "multi-hot rows")?;
    for (r, row) in x.axis_iter(Axis(0)).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if v {
                out[r * words + c / 64] |= 1u64 << (c % 64);
            }
        }
    }
    Ok((out, words))
}

/// Jaccard index `|A∩B| / |A∪B|` of multi-hot rows (1 when both rows are empty).
///
/// # Errors
/// [`Error::Empty`] for no rows, [`Error::ShapeMismatch`] when the column counts differ.
///
/// ```
/// use ndarray::array;
/// let a = array![[true, true, false]];
/// let b = array![[true, false, true]];
/// let j = nastavnik::scoring::jaccard(a.view(), b.view())?;
/// assert!((j[[0, 0]] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn jaccard(a: ArrayView2<'_, bool>, b: ArrayView2<'_, bool>) -> Result<Array2<f64>> {
    if a.nrows() == 0 {
        return Err(Error::empty("mentee multi-hot rows"));
    }
    if b.nrows() == 0 {
        return Err(Error::empty("mentor multi-hot rows"));
    }
    if a.ncols() != b.ncols() {
        return Err(Error::shape(
            "mentor multi-hot rows (columns must equal the mentee columns)",
            a.ncols(),
            b.ncols(),
        ));
    }
    let (pa, w) = pack_bits(a)?;
    let (pb, _) = pack_bits(b)?;
    let (n, m) = (a.nrows(), b.nrows());
    let len = crate::memory::checked_len(&[n, m], "score matrix")?;
    let mut out = super::buffer::zeroed::<f64>(len, "score matrix")?;
    out.par_chunks_mut(m).enumerate().for_each(|(i, row)| {
        let x = &pa[i * w..(i + 1) * w];
        for (j, v) in row.iter_mut().enumerate() {
            *v = jaccard_words(x, &pb[j * w..(j + 1) * w]);
        }
    });
    Array2::from_shape_vec((n, m), out).map_err(|e| Error::invalid("score matrix", e.to_string()))
}

/// Jaccard index of two packed bit sets (1 when both are empty).
#[inline]
pub(crate) fn jaccard_words(x: &[u64], y: &[u64]) -> f64 {
    let (mut inter, mut union) = (0u32, 0u32);
    for (&p, &q) in x.iter().zip(y) {
        inter += (p & q).count_ones();
        union += (p | q).count_ones();
    }
    if union == 0 {
        1.0
    } else {
        f64::from(inter) / f64::from(union)
    }
}
