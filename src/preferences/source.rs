//! Index-based sources of [`RankedLists`]: raw CSR arrays, integer rank matrices and score
//! matrices.

use ndarray::ArrayView2;

use super::ranked::{descending_key, par_rows, write_sorted};
use super::{
    NONE, RankedLists, Side, check_entry, check_scores, check_square, check_u32, row_slice,
};
use crate::error::{Error, Result};
use crate::real::Real;

impl RankedLists {
    /// Build from raw CSR arrays (the form a binding passes from numpy).
    ///
    /// `ranks` must be non-decreasing within each row (equal = tie, any gaps); they are
    /// renumbered to consecutive tie-group ranks starting at 0.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the arrays disagree; [`Error::InvalidValue`] for a
    /// non-monotone `indptr`, a target out of range, decreasing ranks or a peer self-reference;
    /// [`Error::DuplicateId`] for a target repeated within a row.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let l = RankedLists::from_csr(Side::Mentor, 3, vec![0, 2, 3], vec![2, 1, 0], vec![5, 5, 1]).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![2, 1]]);
    /// assert_eq!(l.list(1).1, &[0]);
    /// ```
    pub fn from_csr(
        side: Side,
        n_targets: usize,
        indptr: Vec<usize>,
        items: Vec<u32>,
        ranks: Vec<u32>,
    ) -> Result<Self> {
        check_u32(n_targets, side.target_label())?;
        check_u32(items.len(), "preference entries")?;
        if indptr.first() != Some(&0) {
            return Err(Error::invalid("preference indptr", "must start with 0"));
        }
        let nnz = indptr[indptr.len() - 1];
        if items.len() != nnz || ranks.len() != nnz {
            return Err(Error::shape(
                "preference lists",
                format!("{nnz} items and ranks (indptr[-1])"),
                format!("{} items, {} ranks", items.len(), ranks.len()),
            ));
        }
        let n_owners = indptr.len() - 1;
        check_u32(n_owners, side.owner_label())?;
        // sized by the declared number of targets: checked, not aborting
        let mut seen_owner =
            crate::memory::try_vec(n_targets, NONE, "preference lists (one mark per target)")?;
        let mut seen_pos =
            crate::memory::try_vec(n_targets, 0usize, "preference lists (one mark per target)")?;
        let mut new_ranks = Vec::with_capacity(nnz);
        let mut has_ties = false;
        for a in 0..n_owners {
            let (lo, hi) = (indptr[a], indptr[a + 1]);
            if hi < lo {
                return Err(Error::invalid(
                    "preference indptr",
                    format!("decreases at {} {a}", side.owner_label()),
                ));
            }
            let mut rank = 0u32;
            for k in lo..hi {
                let b = items[k] as usize;
                check_entry(side, a, b, n_targets)?;
                if seen_owner[b] == a as u32 {
                    return Err(Error::DuplicateId {
                        what: format!("preference list of {} {a}", side.owner_label()),
                        id: b.to_string(),
                        first: seen_pos[b],
                        second: k - lo,
                    });
                }
                seen_owner[b] = a as u32;
                seen_pos[b] = k - lo;
                if k > lo {
                    if ranks[k] < ranks[k - 1] {
                        return Err(Error::invalid(
                            "preference ranks",
                            format!(
                                "ranks decrease in the list of {} {a} at position {}",
                                side.owner_label(),
                                k - lo
                            ),
                        ));
                    }
                    if ranks[k] > ranks[k - 1] {
                        rank += 1;
                    } else {
                        has_ties = true;
                    }
                }
                new_ranks.push(rank);
            }
        }
        Ok(Self {
            side,
            n_targets,
            indptr,
            items,
            ranks: new_ranks,
            has_ties,
        })
    }

    /// Build from an integer rank matrix, rows = owners, columns = targets: a positive value is a
    /// rank (smaller is better, equal = tie), `0` or negative = not acceptable. For
    /// [`Side::Peer`] the matrix must be square and its diagonal is ignored.
    ///
    /// For a mentor side given mentees × mentors, pass the transposed view (`ranks.t()`).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square peer matrix; [`Error::InvalidValue`] when a
    /// dimension exceeds `u32::MAX`.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let r = ndarray::array![[2i64, 1, 0], [1, 1, 3]];
    /// let l = RankedLists::from_rank_matrix(Side::Mentee, r.view()).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![1], vec![0]]);
    /// assert_eq!(l.groups(1), vec![vec![0, 1], vec![2]]);
    /// ```
    pub fn from_rank_matrix(side: Side, ranks: ArrayView2<'_, i64>) -> Result<Self> {
        let (n, m) = ranks.dim();
        check_square(side, n, m, "rank matrix")?;
        let valid = |a: usize, b: usize, r: i64| r > 0 && !(side == Side::Peer && a == b);
        // pass 1: per row, the number of acceptable entries and the largest rank
        let stats: Vec<(usize, i64)> = par_rows(n, |a| {
            let row = row_slice(ranks, a);
            let (mut c, mut hi) = (0usize, 0i64);
            if side == Side::Peer {
                for (b, &r) in row.iter().enumerate() {
                    if valid(a, b, r) {
                        c += 1;
                        hi = hi.max(r);
                    }
                }
            } else {
                // branch-free so that it vectorises: the common, non-peer case
                for &r in row.iter() {
                    c += usize::from(r > 0);
                    hi = hi.max(r);
                }
            }
            (c, hi)
        });
        // pass 2: sort each row by (rank, target): counting sort when ranks are bounded by a
        // small multiple of the row length (the usual case), a comparison sort otherwise
        Self::build_rows(
            side,
            n,
            m,
            |a| stats[a].0,
            |a, items, out, s| {
                let hi = stats[a].1;
                let row = row_slice(ranks, a);
                if hi as u64 <= 2 * m as u64 + 64 {
                    let cnt = &mut s.cnt;
                    cnt.clear();
                    cnt.resize(hi as usize + 1, 0);
                    for (b, &r) in row.iter().enumerate() {
                        if valid(a, b, r) {
                            cnt[r as usize] += 1;
                        }
                    }
                    let (mut pos, mut g, mut ties) = (0u32, 0u32, false);
                    for c in cnt.iter_mut() {
                        let k = *c;
                        if k > 0 {
                            out[pos as usize..(pos + k) as usize].fill(g);
                            ties |= k > 1;
                            g += 1;
                        }
                        *c = pos;
                        pos += k;
                    }
                    for (b, &r) in row.iter().enumerate() {
                        if valid(a, b, r) {
                            let c = &mut cnt[r as usize];
                            items[*c as usize] = b as u32;
                            *c += 1;
                        }
                    }
                    ties
                } else {
                    let pairs = &mut s.pairs;
                    pairs.clear();
                    for (b, &r) in row.iter().enumerate() {
                        if valid(a, b, r) {
                            pairs.push((r as u64, b as u32));
                        }
                    }
                    pairs.sort_unstable();
                    write_sorted(pairs, items, out)
                }
            },
        )
    }

    /// Build from a score matrix, rows = owners, columns = targets: each owner ranks targets by
    /// decreasing score, equal scores are ties, `-inf` = not acceptable. For [`Side::Peer`] the
    /// matrix must be square and its diagonal is ignored.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for NaN or `+inf` (naming row and column); [`Error::ShapeMismatch`] for
    /// a non-square peer matrix.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let s = ndarray::array![[0.5, 0.9, f64::NEG_INFINITY], [0.2, 0.2, 0.1]];
    /// let l = RankedLists::from_scores(Side::Mentee, s.view()).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![1], vec![0]]);
    /// assert_eq!(l.groups(1), vec![vec![0, 1], vec![2]]);
    /// ```
    pub fn from_scores<T: Real>(side: Side, scores: ArrayView2<'_, T>) -> Result<Self> {
        let (n, m) = scores.dim();
        check_square(side, n, m, "score matrix")?;
        check_scores(scores, &format!("{} scores", side.owner_label()), false)?;
        let valid =
            |a: usize, b: usize, s: T| s != T::neg_infinity() && !(side == Side::Peer && a == b);
        let counts: Vec<usize> = par_rows(n, |a| {
            scores
                .row(a)
                .iter()
                .enumerate()
                .filter(|&(b, &s)| valid(a, b, s))
                .count()
        });
        Self::build_rows(
            side,
            n,
            m,
            |a| counts[a],
            |a, items, out, s| {
                let pairs = &mut s.pairs;
                pairs.clear();
                for (b, &x) in scores.row(a).iter().enumerate() {
                    if valid(a, b, x) {
                        pairs.push((descending_key(x.to_f64_lossy()), b as u32));
                    }
                }
                // (key, target) pairs are distinct, so the unstable sort is deterministic
                pairs.sort_unstable();
                write_sorted(pairs, items, out)
            },
        )
    }
}

/// Converts a signed index or rank to `u32`, naming the entry on failure.
fn to_u32(v: i64, what: &str, k: usize, range: &str) -> Result<u32> {
    u32::try_from(v)
        .ok()
        .filter(|&x| x != u32::MAX)
        .ok_or_else(|| Error::invalid(what, format!("entry {k} is {v}; {range}")))
}

impl RankedLists {
    /// Build from **padded index lists** (the `layout="lists"` form of a binding): row `a` holds
    /// owner `a`'s targets best first, strictly ranked (no ties); negative entries are padding and
    /// are skipped wherever they occur.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for an index at or beyond `n_targets` or at or beyond `2^32 - 1`
    /// (never capped) or a peer self-reference; [`Error::DuplicateId`] for a target repeated in a
    /// row.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let l = RankedLists::from_padded(Side::Mentee, 3, ndarray::array![[2i64, -1, 0], [1, -1, -1]].view()).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![2], vec![0]]);
    /// assert!(RankedLists::from_padded(Side::Mentee, 3, ndarray::array![[1i64 << 40]].view()).is_err());
    /// ```
    pub fn from_padded(side: Side, n_targets: usize, lists: ArrayView2<'_, i64>) -> Result<Self> {
        let what = format!("{} preference lists", side.owner_label());
        // sized by the input array, which is already in memory
        let mut indptr = Vec::with_capacity(lists.nrows() + 1);
        indptr.push(0usize);
        let mut items = Vec::with_capacity(lists.len());
        let mut ranks = Vec::with_capacity(lists.len());
        for (a, row) in lists.rows().into_iter().enumerate() {
            let start = items.len();
            for (c, &v) in row.iter().enumerate() {
                if v < 0 {
                    continue;
                }
                let k = a.saturating_mul(lists.ncols()).saturating_add(c);
                let b = to_u32(v, &what, k, "indices must lie in [0, 2**32 - 1)")?;
                ranks.push((items.len() - start) as u32);
                items.push(b);
            }
            indptr.push(items.len());
        }
        Self::from_csr(side, n_targets, indptr, items, ranks)
    }

    /// Build from signed CSR arrays (the `(indptr, indices[, ranks])` form of a binding):
    /// list `a` is `indices[indptr[a]..indptr[a + 1]]`, best first; `ranks` (non-decreasing per
    /// row, equal = tie) defaults to the position in the row (strict lists).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a negative `indptr` entry, an index or rank outside
    /// `[0, 2^32 - 1)` (never capped), and everything [`RankedLists::from_csr`] reports.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// use ndarray::array;
    /// let l = RankedLists::from_csr_i64(Side::Mentor, 2, array![0i64, 2, 2].view(),
    ///     array![1i64, 0].view(), None).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![1], vec![0]]);
    /// assert!(l.groups(1).is_empty());
    /// ```
    pub fn from_csr_i64(
        side: Side,
        n_targets: usize,
        indptr: ndarray::ArrayView1<'_, i64>,
        indices: ndarray::ArrayView1<'_, i64>,
        ranks: Option<ndarray::ArrayView1<'_, i64>>,
    ) -> Result<Self> {
        if indptr.is_empty() {
            return Err(Error::invalid("preference indptr", "must start with 0"));
        }
        let ip = indptr
            .iter()
            .enumerate()
            .map(|(k, &v)| {
                usize::try_from(v).map_err(|_| {
                    Error::invalid(
                        "preference indptr",
                        format!("indptr[{k}] is {v}; must be >= 0"),
                    )
                })
            })
            .collect::<Result<Vec<usize>>>()?;
        let what = format!("{} preference lists", side.owner_label());
        let items = indices
            .iter()
            .enumerate()
            .map(|(k, &v)| to_u32(v, &what, k, "indices must lie in [0, 2**32 - 1)"))
            .collect::<Result<Vec<u32>>>()?;
        let ranks = match ranks {
            Some(r) => r
                .iter()
                .enumerate()
                .map(|(k, &v)| to_u32(v, "preference ranks", k, "ranks must lie in [0, 2**32 - 1)"))
                .collect::<Result<Vec<u32>>>()?,
            None => {
                // strict lists: the position within the row (an invalid indptr is reported by
                // from_csr; rows that do not fit are left at 0)
                let mut r = vec![0u32; items.len()];
                for w in ip.windows(2) {
                    if w[0] <= w[1] && w[1] <= r.len() {
                        for (p, x) in r[w[0]..w[1]].iter_mut().enumerate() {
                            *x = p as u32;
                        }
                    }
                }
                r
            }
        };
        Self::from_csr(side, n_targets, ip, items, ranks)
    }
}

/// An integer rank matrix from floats: every entry must be finite and integral (ranks given as
/// `1.0, 2.0, ...` by a spreadsheet). `what` names the matrix in errors.
///
/// # Errors
/// [`Error::NonFinite`] for NaN or infinities; [`Error::InvalidValue`] for a fractional value or a
/// value beyond `±2^53` (not exactly representable), naming row and column.
///
/// ```
/// let r = nastavnik::preferences::ranks_from_f64(ndarray::array![[1.0, 0.0], [2.0, 1.0]].view(), "prefs").unwrap();
/// assert_eq!(r[[1, 0]], 2);
/// assert!(nastavnik::preferences::ranks_from_f64(ndarray::array![[1.5]].view(), "prefs").is_err());
/// ```
pub fn ranks_from_f64(m: ArrayView2<'_, f64>, what: &str) -> Result<ndarray::Array2<i64>> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    for ((row, col), &value) in m.indexed_iter() {
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: format!("{what} (ranks must be integers)"),
                row,
                col,
                value,
            });
        }
        if value.fract() != 0.0 || value.abs() > EXACT {
            return Err(Error::invalid(
                what,
                format!("holds {value} at row {row}, column {col}; ranks must be integers"),
            ));
        }
    }
    Ok(m.mapv(|v| v as i64))
}
