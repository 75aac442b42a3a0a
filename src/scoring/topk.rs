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
use crate::memory::{checked_len, try_grow, try_with_capacity};
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

/// Budget of scores held per block buffer (elements): blocks of [`TOPK_BLOCK_ROWS`] rows are
/// shortened for very wide score matrices so that a block never needs more than this.
const TOPK_BLOCK_BUDGET: usize = 1 << 22;

/// Run the streaming top-k over `n_rows × n_cols` scores produced block by block by `fill`
/// (which writes `rows × n_cols` row-major values for mentee rows `r0..r0 + rows`).
///
/// Rows per block depend on `n_cols` only (never on the thread count); every buffer is reserved
/// fallibly and sized by `min(k, n_cols)`, so an absurd `k` costs nothing.
pub(crate) fn streaming_top_k<T, F>(
    n_rows: usize,
    n_cols: usize,
    k: usize,
    fill: F,
) -> Result<Candidates>
where
    T: Real,
    F: Fn(usize, &mut [T]) + Sync,
{
    if n_cols > u32::MAX as usize {
        return Err(Error::too_large(
            "mentors",
            format!("{n_cols} mentors exceed the 2^32 - 1 that candidate lists index"),
        ));
    }
    let k = k.min(n_cols);
    let block_rows = TOPK_BLOCK_ROWS.min((TOPK_BLOCK_BUDGET / n_cols.max(1)).max(1));
    let n_blocks = n_rows.div_ceil(block_rows);
    let total = checked_len(&[n_rows, k], "candidates (rows x k)")?;
    // Fail before any work when the output cannot be held.
    drop(try_with_capacity::<(u32, f64)>(
        total,
        "candidates (rows x k)",
    )?);
    type Part = (Vec<usize>, Vec<u32>, Vec<f64>);
    // Checked once per block on whichever thread runs it (the token is captured here: the
    // pool's threads have none of their own).
    crate::interrupt::check()?;
    let token = crate::interrupt::current();
    let parts: Vec<Result<Part>> = (0..n_blocks)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Scratch::default()),
            |(buf, scratch): &mut (Vec<T>, Scratch<T>), b| {
                if token
                    .as_ref()
                    .is_some_and(crate::interrupt::Interrupt::is_cancelled)
                {
                    return Err(crate::interrupt::interrupted());
                }
                let r0 = b * block_rows;
                let rows = block_rows.min(n_rows - r0);
                let len = rows * n_cols;
                // `fill` overwrites every value, so the buffer is only zeroed when it grows.
                if buf.len() < len {
                    try_grow(buf, len - buf.len(), "top-k score buffer")?;
                }
                buf.resize(len, T::zero());
                fill(r0, &mut buf[..len]);
                let mut counts = try_with_capacity(rows, "candidates")?;
                let mut idx = try_with_capacity(rows * k, "candidates")?;
                let mut sc = try_with_capacity(rows * k, "candidates")?;
                if k > 0 {
                    for row in buf[..len].chunks(n_cols.max(1)).take(rows) {
                        let before = idx.len();
                        select_row(row, k, scratch, &mut idx, &mut sc);
                        counts.push(idx.len() - before);
                    }
                } else {
                    counts.resize(rows, 0);
                }
                Ok((counts, idx, sc))
            },
        )
        .collect();
    crate::interrupt::check()?;
    let mut blocks = try_with_capacity::<Part>(parts.len(), "candidates")?;
    for p in parts {
        blocks.push(p?);
    }
    let nnz = blocks.iter().map(|p| p.1.len()).sum();
    let mut indptr = try_with_capacity(n_rows + 1, "candidates indptr")?;
    indptr.push(0);
    let mut indices = try_with_capacity(nnz, "candidates")?;
    let mut scores = try_with_capacity(nnz, "candidates")?;
    for (counts, idx, sc) in blocks {
        for c in counts {
            let last = indptr[indptr.len() - 1];
            indptr.push(last + c);
        }
        indices.extend(idx);
        scores.extend(sc);
    }
    Ok(Candidates::from_parts_unchecked(
        n_cols, indptr, indices, scores,
    ))
}

pub(crate) fn check_k(k: usize) -> Result<()> {
    if k == 0 {
        return Err(Error::invalid("k", "must be at least 1"));
    }
    Ok(())
}

/// The `k` best mentors of every mentee under a vector kernel, without the dense matrix.
///
/// # Arguments
/// * `a` – mentee features (n × d); `b` – mentor features (m × d), `f32` or `f64`.
/// * `k` – candidates per mentee (rows get `min(k, m)`; any `k >= 1` is accepted, memory is
///   sized by `min(k, m)`).
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
    streaming_top_k(n, m, k, |r0, buf: &mut [T]| prepared.fill_block(r0, buf))
}
