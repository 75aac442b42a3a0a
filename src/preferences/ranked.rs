//! [`RankedLists`]: one side's preference lists in CSR form with tie groups, its accessors and the
//! shared row builders used by every source ([`super::source`], [`super::ids`], [`super::blend`]).

use rayon::prelude::*;

use super::{NONE, Side, check_entry, check_u32};
use crate::error::{Error, Result};

/// One side's preference lists in CSR form, with tie groups.
///
/// Owner `a`'s list is `items()[indptr()[a]..indptr()[a + 1]]`, best first; `ranks()` holds the
/// tie-group rank of each entry (0 for the first group, consecutive, equal = tie).
///
/// ```
/// use nastavnik::preferences::{RankedLists, Side};
/// // mentee 0: mentor 2, then mentors 0 and 1 tied; mentee 1: mentor 1 only
/// let l = RankedLists::new(Side::Mentee, 3, &[vec![vec![2], vec![0, 1]], vec![vec![1]]]).unwrap();
/// assert_eq!(l.list(0), (&[2u32, 0, 1][..], &[0u32, 1, 1][..]));
/// assert_eq!(l.rank_of(0, 1), Some(1));
/// assert!(l.has_ties());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RankedLists {
    pub(super) side: Side,
    pub(super) n_targets: usize,
    pub(super) indptr: Vec<usize>,
    pub(super) items: Vec<u32>,
    pub(super) ranks: Vec<u32>,
    pub(super) has_ties: bool,
}

impl RankedLists {
    /// Build from nested lists: `lists[a]` is owner `a`'s list of tie groups, best first.
    ///
    /// Empty tie groups are skipped. There are `lists.len()` owners and `n_targets` targets.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a target index `>= n_targets` or (for [`Side::Peer`]) an owner
    /// listing themselves; [`Error::DuplicateId`] when a list names a target twice (the id is the
    /// target index, `first`/`second` are positions in the flattened list).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let e = RankedLists::new(Side::Mentee, 2, &[vec![vec![0], vec![0]]]).unwrap_err();
    /// assert!(e.to_string().contains("duplicate id \"0\" in preference list of mentee 0"));
    /// ```
    pub fn new(side: Side, n_targets: usize, lists: &[Vec<Vec<usize>>]) -> Result<Self> {
        check_u32(n_targets, side.target_label())?;
        check_u32(lists.len(), side.owner_label())?;
        let total: usize = lists.iter().flatten().map(Vec::len).sum();
        check_u32(total, "preference entries")?;
        let mut indptr = Vec::with_capacity(lists.len() + 1);
        indptr.push(0);
        let mut items = Vec::with_capacity(total);
        let mut ranks = Vec::with_capacity(total);
        // sized by the declared number of targets: checked, not aborting
        let mut seen_owner =
            crate::memory::try_vec(n_targets, NONE, "preference lists (one mark per target)")?;
        let mut seen_pos =
            crate::memory::try_vec(n_targets, 0usize, "preference lists (one mark per target)")?;
        let mut has_ties = false;
        for (a, groups) in lists.iter().enumerate() {
            let start = items.len();
            for (rank, group) in groups.iter().filter(|g| !g.is_empty()).enumerate() {
                let rank = rank as u32;
                has_ties |= group.len() > 1;
                for &b in group {
                    check_entry(side, a, b, n_targets)?;
                    let pos = items.len() - start;
                    if seen_owner[b] == a as u32 {
                        return Err(Error::DuplicateId {
                            what: format!("preference list of {} {a}", side.owner_label()),
                            id: b.to_string(),
                            first: seen_pos[b],
                            second: pos,
                        });
                    }
                    seen_owner[b] = a as u32;
                    seen_pos[b] = pos;
                    items.push(b as u32);
                    ranks.push(rank);
                }
            }
            indptr.push(items.len());
        }
        Ok(Self {
            side,
            n_targets,
            indptr,
            items,
            ranks,
            has_ties,
        })
    }

    /// Shared parallel builder: `len(a)` is the length of row `a`; `fill(a, items, ranks,
    /// scratch)` writes row `a` sorted (targets and consecutive tie-group ranks from 0) into the
    /// two slices of that length and returns whether the row has a tie. Rows are independent,
    /// so the result does not depend on the thread count.
    pub(super) fn build_rows(
        side: Side,
        n_owners: usize,
        n_targets: usize,
        len: impl Fn(usize) -> usize,
        fill: impl Fn(usize, &mut [u32], &mut [u32], &mut RowScratch) -> bool + Sync + Send,
    ) -> Result<Self> {
        check_u32(n_owners, side.owner_label())?;
        check_u32(n_targets, side.target_label())?;
        let mut indptr = Vec::with_capacity(n_owners + 1);
        indptr.push(0usize);
        for a in 0..n_owners {
            indptr.push(indptr[a] + len(a));
        }
        let nnz = indptr[n_owners];
        check_u32(nnz, "preference entries")?;
        let mut items = vec![0u32; nnz];
        let mut ranks = vec![0u32; nnz];
        let has_ties = if nnz < PAR_MIN_ENTRIES {
            let mut s = RowScratch::default();
            let mut ties = false;
            for (a, (it, rk)) in split_rows(&mut items, &indptr)
                .into_iter()
                .zip(split_rows(&mut ranks, &indptr))
                .enumerate()
            {
                ties |= fill(a, it, rk, &mut s);
            }
            ties
        } else {
            split_rows(&mut items, &indptr)
                .into_par_iter()
                .zip(split_rows(&mut ranks, &indptr))
                .enumerate()
                .with_min_len(8)
                .map_init(RowScratch::default, |s, (a, (it, rk))| fill(a, it, rk, s))
                .reduce(|| false, |x, y| x || y)
        };
        Ok(Self {
            side,
            n_targets,
            indptr,
            items,
            ranks,
            has_ties,
        })
    }

    /// Shared builder: `fill(a, row)` pushes `(key, target)` sorted by key (equal keys = ties).
    pub(super) fn from_rows<K: PartialEq + Copy>(
        side: Side,
        n_owners: usize,
        n_targets: usize,
        mut fill: impl FnMut(usize, &mut Vec<(K, u32)>),
    ) -> Result<Self> {
        check_u32(n_owners, side.owner_label())?;
        check_u32(n_targets, side.target_label())?;
        let mut indptr = Vec::with_capacity(n_owners + 1);
        indptr.push(0);
        let mut items = Vec::new();
        let mut ranks = Vec::new();
        let mut row = Vec::with_capacity(n_targets);
        let mut has_ties = false;
        for a in 0..n_owners {
            row.clear();
            fill(a, &mut row);
            let mut rank = 0u32;
            for (k, &(key, b)) in row.iter().enumerate() {
                if k > 0 {
                    if key == row[k - 1].0 {
                        has_ties = true;
                    } else {
                        rank += 1;
                    }
                }
                items.push(b);
                ranks.push(rank);
            }
            indptr.push(items.len());
        }
        check_u32(items.len(), "preference entries")?;
        Ok(Self {
            side,
            n_targets,
            indptr,
            items,
            ranks,
            has_ties,
        })
    }

    /// Whose lists these are.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentor, 1, &[]).unwrap().side(), Side::Mentor);
    /// ```
    pub fn side(&self) -> Side {
        self.side
    }

    /// Number of owners (lists).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 4, &[vec![], vec![]]).unwrap().n_owners(), 2);
    /// ```
    pub fn n_owners(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of possible targets.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 4, &[vec![]]).unwrap().n_targets(), 4);
    /// ```
    pub fn n_targets(&self) -> usize {
        self.n_targets
    }

    /// Total number of entries over all lists.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 4, &[vec![vec![0, 1]], vec![vec![3]]]).unwrap().nnz(), 3);
    /// ```
    pub fn nnz(&self) -> usize {
        self.items.len()
    }

    /// Whether any list contains a tie group of two or more targets.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert!(!RankedLists::new(Side::Mentee, 2, &[vec![vec![0], vec![1]]]).unwrap().has_ties());
    /// ```
    pub fn has_ties(&self) -> bool {
        self.has_ties
    }

    /// Owner `a`'s targets (best first) and their tie-group ranks.
    ///
    /// # Panics
    /// When `a >= n_owners()` (an index, not user data: check it at the edge).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let l = RankedLists::new(Side::Mentee, 2, &[vec![vec![1], vec![0]]]).unwrap();
    /// assert_eq!(l.list(0), (&[1u32, 0][..], &[0u32, 1][..]));
    /// ```
    pub fn list(&self, a: usize) -> (&[u32], &[u32]) {
        let r = self.indptr[a]..self.indptr[a + 1];
        (&self.items[r.clone()], &self.ranks[r])
    }

    /// Owner `a`'s list as tie groups of target indices (empty when `a` is out of range).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let l = RankedLists::new(Side::Mentee, 3, &[vec![vec![1, 2], vec![0]]]).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![1, 2], vec![0]]);
    /// assert!(l.groups(5).is_empty());
    /// ```
    pub fn groups(&self, a: usize) -> Vec<Vec<usize>> {
        if a >= self.n_owners() {
            return Vec::new();
        }
        let (items, ranks) = self.list(a);
        let mut out: Vec<Vec<usize>> = Vec::new();
        for (k, (&b, &r)) in items.iter().zip(ranks).enumerate() {
            if k == 0 || r != ranks[k - 1] {
                out.push(Vec::new());
            }
            if let Some(g) = out.last_mut() {
                g.push(b as usize);
            }
        }
        out
    }

    /// All lists as nested tie groups (the inverse of [`RankedLists::new`]).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let lists = vec![vec![vec![1, 2], vec![0]], vec![]];
    /// assert_eq!(RankedLists::new(Side::Mentee, 3, &lists).unwrap().to_lists(), lists);
    /// ```
    pub fn to_lists(&self) -> Vec<Vec<Vec<usize>>> {
        (0..self.n_owners()).map(|a| self.groups(a)).collect()
    }

    /// Tie-group rank (0 = first choice) of target `b` in owner `a`'s list, `None` if unlisted or
    /// out of range. Linear in the list length.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let l = RankedLists::new(Side::Mentee, 3, &[vec![vec![2], vec![0, 1]]]).unwrap();
    /// assert_eq!(l.rank_of(0, 1), Some(1));
    /// assert_eq!(l.rank_of(0, 7), None);
    /// ```
    pub fn rank_of(&self, a: usize, b: usize) -> Option<u32> {
        if a >= self.n_owners() {
            return None;
        }
        let (items, ranks) = self.list(a);
        items
            .iter()
            .position(|&x| x as usize == b)
            .map(|k| ranks[k])
    }

    /// CSR row pointers (`n_owners + 1` entries).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 2, &[vec![vec![0, 1]]]).unwrap().indptr(), &[0, 2]);
    /// ```
    pub fn indptr(&self) -> &[usize] {
        &self.indptr
    }

    /// CSR targets, each list best first.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 2, &[vec![vec![1], vec![0]]]).unwrap().items(), &[1, 0]);
    /// ```
    pub fn items(&self) -> &[u32] {
        &self.items
    }

    /// CSR tie-group ranks (consecutive from 0 within each list).
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// assert_eq!(RankedLists::new(Side::Mentee, 2, &[vec![vec![1, 0]]]).unwrap().ranks(), &[0, 0]);
    /// ```
    pub fn ranks(&self) -> &[u32] {
        &self.ranks
    }

    /// Owner of each entry (flat, `nnz` entries).
    pub(super) fn owners(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.nnz());
        for a in 0..self.n_owners() {
            out.extend(std::iter::repeat_n(
                a as u32,
                self.indptr[a + 1] - self.indptr[a],
            ));
        }
        out
    }

    /// Keep the entries with `keep[k]`, renumbering tie groups; returns the new index of each old
    /// entry (`NONE` when dropped).
    pub(super) fn filter(&self, keep: &[bool]) -> (Self, Vec<u32>) {
        let mut indptr = Vec::with_capacity(self.indptr.len());
        indptr.push(0);
        let mut items = Vec::new();
        let mut ranks = Vec::new();
        let mut new_index = vec![NONE; self.nnz()];
        let mut has_ties = false;
        for a in 0..self.n_owners() {
            let mut rank = 0u32;
            let mut last_old = None;
            for k in self.indptr[a]..self.indptr[a + 1] {
                if !keep[k] {
                    continue;
                }
                if let Some(prev) = last_old {
                    if self.ranks[k] == prev {
                        has_ties = true;
                    } else {
                        rank += 1;
                    }
                }
                last_old = Some(self.ranks[k]);
                new_index[k] = items.len() as u32;
                items.push(self.items[k]);
                ranks.push(rank);
            }
            indptr.push(items.len());
        }
        (
            Self {
                side: self.side,
                n_targets: self.n_targets,
                indptr,
                items,
                ranks,
                has_ties,
            },
            new_index,
        )
    }

    /// Append `extra` targets (sorted `(owner, target)` pairs) to each owner's list as one last
    /// tie group.
    pub(super) fn append_last_group(&self, extra: &[(u32, u32)]) -> Self {
        let mut indptr = Vec::with_capacity(self.indptr.len());
        indptr.push(0);
        let mut items = Vec::with_capacity(self.nnz() + extra.len());
        let mut ranks = Vec::with_capacity(self.nnz() + extra.len());
        let mut has_ties = self.has_ties;
        let mut e = 0;
        for a in 0..self.n_owners() {
            let r = self.indptr[a]..self.indptr[a + 1];
            items.extend_from_slice(&self.items[r.clone()]);
            ranks.extend_from_slice(&self.ranks[r.clone()]);
            let next_rank = self.ranks[r].last().map_or(0, |&x| x + 1);
            let first_extra = e;
            while e < extra.len() && extra[e].0 as usize == a {
                items.push(extra[e].1);
                ranks.push(next_rank);
                e += 1;
            }
            has_ties |= e - first_extra > 1;
            indptr.push(items.len());
        }
        Self {
            side: self.side,
            n_targets: self.n_targets,
            indptr,
            items,
            ranks,
            has_ties,
        }
    }
}

/// Sort `(negated score, target)` ascending: best score first, ties by target index.
pub(super) fn sort_by_key_then_target(row: &mut [(f64, u32)]) {
    row.sort_unstable_by(|x, y| {
        x.0.partial_cmp(&y.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.1.cmp(&y.1))
    });
}

/// Per-thread scratch buffers of [`RankedLists::build_rows`].
#[derive(Default)]
pub(super) struct RowScratch {
    pub(super) cnt: Vec<u32>,
    pub(super) pairs: Vec<(u64, u32)>,
}

/// Rows at least this long (in total entries) are built in parallel.
pub(super) const PAR_MIN_ENTRIES: usize = 1 << 14;

/// `f(a)` for every row `a < n`, in parallel for large inputs (order of the output = row order).
pub(super) fn par_rows<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if n < 64 {
        return (0..n).map(f).collect();
    }
    (0..n).into_par_iter().with_min_len(16).map(f).collect()
}

/// Split `buf` into consecutive row slices following `indptr`.
pub(super) fn split_rows<'a, T>(mut buf: &'a mut [T], indptr: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(indptr.len().saturating_sub(1));
    for w in indptr.windows(2) {
        let (row, rest) = buf.split_at_mut(w[1] - w[0]);
        out.push(row);
        buf = rest;
    }
    out
}

/// Write sorted `(key, target)` pairs as targets and consecutive tie-group ranks; returns whether
/// two consecutive keys are equal (a tie).
pub(super) fn write_sorted(pairs: &[(u64, u32)], items: &mut [u32], ranks: &mut [u32]) -> bool {
    let mut ties = false;
    let mut g = 0u32;
    for (k, &(key, b)) in pairs.iter().enumerate() {
        if k > 0 {
            if key == pairs[k - 1].0 {
                ties = true;
            } else {
                g += 1;
            }
        }
        items[k] = b;
        ranks[k] = g;
    }
    ties
}

/// An unsigned key that sorts a finite (or `-inf`-free) score in **decreasing** order; `0.0` and
/// `-0.0` get the same key (a tie, as under `==`).
pub(super) fn descending_key(s: f64) -> u64 {
    let s = s + 0.0; // -0.0 -> +0.0
    let bits = s.to_bits();
    // increasing order of s <-> increasing order of `ord`
    let ord = if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    };
    !ord
}
