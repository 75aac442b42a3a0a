//! Streaming top-k candidate generation: the best `k` mentors of every mentee without ever
//! holding the dense mentees × mentors matrix.
//!
//! Mentee rows are processed in fixed blocks (in parallel with rayon); each block's scores are
//! computed into a small reusable buffer and reduced at once to the `k` best entries per row.
//! Ordering is by score descending, ties by the lower mentor index, so the output is identical on
//! any number of threads. Forbidden pairs (`-inf`) are never candidates, so a row may hold fewer
//! than `k` entries.
//!
//! Complexity: the kernel's O(n·m·d) plus O(n·m) comparisons; memory O(n·k + threads·block·m).
//!
//! # Examples
//! ```
//! use ndarray::array;
//! use nastavnik::scoring::{top_k, Kernel};
//! let mentees = array![[1.0f32, 0.0], [0.0, 1.0]];
//! let mentors = array![[1.0f32, 0.1], [0.1, 1.0], [1.0, 1.0]];
//! let c = top_k(mentees.view(), mentors.view(), 2, &Kernel::Cosine)?;
//! assert_eq!(c.row(0).0, &[0, 2]);
//! assert_eq!(c.row(1).0, &[1, 2]);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::candidates::Candidates;
use super::similarity::{Kernel, Prepared};
use crate::error::{Error, Result};
use crate::real::Real;

/// Mentee rows per block of the streaming generator.
const TOPK_BLOCK_ROWS: usize = 64;

/// Keep the `k` best `(score, index)` of a row: score descending, index ascending on ties.
/// `-inf` entries are skipped.
///
/// Two passes. Entries are split into `G` strided groups (column index mod `G`) whose maxima are
/// an element-wise (vectorised) running maximum; the k-th largest group maximum `t` is a lower bound
/// on the k-th best entry (at least `k` groups reach their maximum). Only groups whose maximum
/// reaches `t` are then scanned for entries `>= t`, which are sorted. Exact, ties included.
pub(crate) fn select_row<T: Real>(
    row: &[T],
    k: usize,
    scratch: &mut Scratch<T>,
    idx: &mut Vec<u32>,
    sc: &mut Vec<f64>,
) {
    /// Number of strided groups.
    const G: usize = 256;
    let neg_inf = T::neg_infinity();
    let Scratch { maxima, sel, found } = scratch;
    let g = G.min(row.len());
    maxima.clear();
    maxima.resize(g, neg_inf);
    for block in row.chunks(g.max(1)) {
        for (m, &v) in maxima.iter_mut().zip(block) {
            *m = if v > *m { v } else { *m };
        }
    }
    let threshold = if g > k {
        sel.clear();
        sel.extend_from_slice(maxima);
        let (_, kth, _) = sel.select_nth_unstable_by(k - 1, |a, b| {
            b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal)
        });
        *kth
    } else {
        neg_inf
    };
    found.clear();
    for (first, &mx) in maxima.iter().enumerate() {
        if mx < threshold || mx == neg_inf {
            continue;
        }
        for (j, &s) in row.iter().enumerate().skip(first).step_by(g) {
            if s >= threshold && s > neg_inf {
                found.push((s, j as u32));
            }
        }
    }
    let order = |x: &(T, u32), y: &(T, u32)| {
        y.0.partial_cmp(&x.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.1.cmp(&y.1))
    };
    if found.len() > k {
        found.select_nth_unstable_by(k - 1, order);
        found.truncate(k);
    }
    found.sort_unstable_by(order);
    for &(s, j) in found.iter() {
        idx.push(j);
        sc.push(s.to_f64_lossy());
    }
}

/// Reusable per-thread buffers of [`select_row`].
pub(crate) struct Scratch<T> {
    maxima: Vec<T>,
    sel: Vec<T>,
    found: Vec<(T, u32)>,
}

impl<T> Default for Scratch<T> {
    fn default() -> Self {
        Self {
            maxima: Vec::new(),
            sel: Vec::new(),
            found: Vec::new(),
        }
    }
}

/// Run the streaming top-k over `n_rows × n_cols` scores produced block by block by `fill`
/// (which writes `rows × n_cols` row-major values for mentee rows `r0..r0 + rows`).
pub(crate) fn streaming_top_k<T, F>(n_rows: usize, n_cols: usize, k: usize, fill: F) -> Candidates
where
    T: Real,
    F: Fn(usize, &mut [T]) + Sync,
{
    let n_blocks = n_rows.div_ceil(TOPK_BLOCK_ROWS);
    let parts: Vec<(Vec<usize>, Vec<u32>, Vec<f64>)> = (0..n_blocks)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Scratch::default()),
            |(buf, scratch): &mut (Vec<T>, Scratch<T>), b| {
                let r0 = b * TOPK_BLOCK_ROWS;
                let rows = TOPK_BLOCK_ROWS.min(n_rows - r0);
                // `fill` overwrites every value, so the buffer is only zeroed when it grows.
                buf.resize(rows * n_cols, T::zero());
                fill(r0, buf);
                let mut counts = Vec::with_capacity(rows);
                let mut idx = Vec::with_capacity(rows * k);
                let mut sc = Vec::with_capacity(rows * k);
                for row in buf.chunks(n_cols.max(1)).take(rows) {
                    let before = idx.len();
                    select_row(row, k, scratch, &mut idx, &mut sc);
                    counts.push(idx.len() - before);
                }
                (counts, idx, sc)
            },
        )
        .collect();
    let nnz = parts.iter().map(|p| p.1.len()).sum();
    let mut indptr = Vec::with_capacity(n_rows + 1);
    indptr.push(0);
    let mut indices = Vec::with_capacity(nnz);
    let mut scores = Vec::with_capacity(nnz);
    for (counts, idx, sc) in parts {
        for c in counts {
            let last = indptr[indptr.len() - 1];
            indptr.push(last + c);
        }
        indices.extend(idx);
        scores.extend(sc);
    }
    Candidates::from_parts_unchecked(n_cols, indptr, indices, scores)
}

pub(crate) fn check_k(k: usize) -> Result<()> {
    if k == 0 {
        return Err(Error::invalid("k", "must be at least 1"));
    }
    if k > u32::MAX as usize {
        return Err(Error::invalid("k", format!("{k} is too large")));
    }
    Ok(())
}

/// The `k` best mentors of every mentee under a vector kernel, without the dense matrix.
///
/// # Arguments
/// * `a` – mentee features (n × d); `b` – mentor features (m × d), `f32` or `f64`.
/// * `k` – candidates per mentee (rows get `min(k, m)`).
/// * `kernel` – the similarity (higher = better).
///
/// # Returns
/// [`Candidates`] in CSR layout, each row best first; scores in `f64` (exact for `f32` input).
///
/// # Errors
/// As [`super::similarity()`], plus [`Error::InvalidValue`] for `k == 0`.
///
/// ```
/// use ndarray::array;
/// use nastavnik::scoring::{top_k, Kernel};
/// let c = top_k(array![[1.0, 2.0]].view(), array![[1.0, 0.0], [0.0, 1.0]].view(), 1, &Kernel::Dot)?;
/// assert_eq!((c.row(0).0[0], c.row(0).1[0]), (1, 2.0));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn top_k<T: Real>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    k: usize,
    kernel: &Kernel,
) -> Result<Candidates> {
    check_k(k)?;
    let prepared = Prepared::for_kernel(a, b, kernel)?;
    let (n, m) = (prepared.n_rows(), prepared.n_cols());
    Ok(streaming_top_k(n, m, k, |r0, buf: &mut [T]| {
        prepared.fill_block(r0, buf)
    }))
}
