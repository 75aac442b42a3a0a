//! Stated preferences: ranked lists from the post-meeting questionnaire.
//!
//! After the group meeting every participant names the mentors (or mentees, or peers) they would
//! like to work with, best first. A list may be **partial** (only a few names) and may contain
//! **ties** (several names judged equally good). This module turns such answers into validated,
//! index-based preference lists that the stable-matching solvers
//! ([`crate::assign::stable`], [`crate::assign::roommates`]) consume.
//!
//! # Layout
//! * [`RankedLists`] holds one side's lists in CSR form: for each owner, the targets best first,
//!   each with its **tie-group rank** (0 = the first group; equal rank = tie). Sources: nested
//!   index lists, raw CSR arrays, an integer rank matrix, a score matrix, or a blend of stated
//!   ranks with questionnaire scores ([`RankedLists::blend`]).
//! * [`Preferences`] joins the mentees' lists (over mentors) with the mentors' lists (over
//!   mentees) under an [`Acceptability`] rule and cross-links them, so that the solvers never
//!   search a list.
//! * [`PeerPreferences`] is the one-pool (peer / roommates) counterpart.
//!
//! Identifiers are handled at the edge: [`Preferences::from_ids`] and [`PeerPreferences::from_ids`]
//! translate string ids into positions in the id slices you pass, and report unknown ids,
//! duplicates and self-references by name. Everything else works with indices.
//!
//! # Acceptability
//! A pair is **acceptable** when it may be formed. With [`Acceptability::Mutual`] (the default)
//! a pair is acceptable only when **both** sides list each other; anything else is dropped from
//! both lists, and the tie-group ranks are renumbered so that the best remaining group has rank 0.
//! With [`Acceptability::Either`] a pair is acceptable when at least one side lists the other; a
//! participant who did not list an acceptable partner ranks all such partners together, in one
//! tie group after everything they listed.
//!
//! # Matrix layout
//! Matrices are always laid out **mentees × mentors** (rows mentees, columns mentors), for both
//! sides: in a mentor-side matrix, column `j` holds mentor `j`'s view of every mentee.
//! In rank matrices a positive integer is a rank (smaller is better, equal ranks are ties, gaps are
//! allowed) and `0` or a negative value means "not acceptable". In score matrices a larger score is
//! better, equal scores are ties and `-inf` means "not acceptable"; NaN and `+inf` are errors.
//!
//! # Complexity
//! Building [`Preferences`] or [`PeerPreferences`] takes `O(L + n)` time and memory, where `L` is
//! the total length of all lists and `n` the number of participants: the two sides are linked by a
//! counting sort, or, when the lists are dense (`n · m` at most a small multiple of `L`), by an
//! `n × m` position table; full strict rank matrices are linked straight from the matrices.
//! Rank-matrix rows are bucketed by rank (counting sort, `O(m)` per row when ranks are at most
//! about twice the row length, `O(m log m)` otherwise); score-matrix rows are sorted, `O(m log m)`.
//! Rows are independent and built in parallel (rayon); the result does not depend on the thread
//! count. Ids are interned once in a hash map (`rustc-hash`), `O(1)` per listed id.
//!
//! # Examples
//! ```
//! use nastavnik::preferences::{Acceptability, Preferences};
//! let mentees = ["ann", "bob"];
//! let mentors = ["kim", "lee"];
//! let mentee_lists = vec![
//!     ("ann".to_string(), vec![vec!["kim".to_string()], vec!["lee".to_string()]]),
//!     ("bob".to_string(), vec![vec!["kim".to_string(), "lee".to_string()]]), // a tie
//! ];
//! let mentor_lists = vec![
//!     ("kim".to_string(), vec![vec!["bob".to_string()], vec!["ann".to_string()]]),
//!     ("lee".to_string(), vec![vec!["ann".to_string()]]), // lee did not list bob
//! ];
//! let p = Preferences::from_ids(&mentees, &mentors, &mentee_lists, &mentor_lists,
//!                               Acceptability::Mutual).unwrap();
//! assert!(p.is_acceptable(0, 1));  // ann - lee: both listed each other
//! assert!(!p.is_acceptable(1, 1)); // bob - lee: lee did not list bob
//! assert_eq!(p.mentee_rank(1, 0), Some(0)); // kim is bob's (only remaining) first choice
//! ```

use ndarray::ArrayView2;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::real::Real;

/// Marks "no entry" in the cross-link tables.
const NONE: u32 = u32::MAX;

/// Whose lists a [`RankedLists`] holds; used for messages and for the peer self-reference check.
///
/// ```
/// use nastavnik::preferences::Side;
/// assert_eq!(Side::Mentee.owner_label(), "mentee");
/// assert_eq!(Side::Mentee.target_label(), "mentor");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Mentees ranking mentors.
    Mentee,
    /// Mentors ranking mentees.
    Mentor,
    /// Participants of one pool ranking each other (peer format); self-references are errors.
    Peer,
}

impl Side {
    /// The word for an owner of a list (`"mentee"`, `"mentor"`, `"participant"`).
    ///
    /// ```
    /// assert_eq!(nastavnik::preferences::Side::Peer.owner_label(), "participant");
    /// ```
    pub fn owner_label(self) -> &'static str {
        match self {
            Side::Mentee => "mentee",
            Side::Mentor => "mentor",
            Side::Peer => "participant",
        }
    }

    /// The word for an entry of a list (`"mentor"`, `"mentee"`, `"participant"`).
    ///
    /// ```
    /// assert_eq!(nastavnik::preferences::Side::Mentor.target_label(), "mentee");
    /// ```
    pub fn target_label(self) -> &'static str {
        match self {
            Side::Mentee => "mentor",
            Side::Mentor => "mentee",
            Side::Peer => "participant",
        }
    }
}

/// Which pairs may be formed; see the [module documentation](self#acceptability).
///
/// ```
/// use nastavnik::preferences::Acceptability;
/// assert_eq!(Acceptability::default(), Acceptability::Mutual);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptability {
    /// A pair is acceptable only when both list each other (default).
    #[default]
    Mutual,
    /// A pair is acceptable when at least one lists the other; the other side ranks such
    /// partners together after everyone they listed.
    Either,
}

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
    side: Side,
    n_targets: usize,
    indptr: Vec<usize>,
    items: Vec<u32>,
    ranks: Vec<u32>,
    has_ties: bool,
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
        let mut seen_owner = vec![NONE; n_targets];
        let mut seen_pos = vec![0usize; n_targets];
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

    /// Build one side's stated lists by string id: `lists` holds `(owner id, tie groups of target
    /// ids)`, best first; owners are positions in `owner_ids`, targets positions in `target_ids`
    /// (for [`Side::Peer`] pass the same slice twice). Owners without a list get an empty one.
    ///
    /// This keeps the raw stated lists (no acceptability filtering), e.g. for [`RankedLists::blend`].
    ///
    /// # Errors
    /// [`Error::DuplicateId`] for an id repeated in `owner_ids` or `target_ids`, an owner given two
    /// lists or a target named twice in one list; [`Error::UnknownId`] for an owner or target not
    /// in the id slices; [`Error::InvalidValue`] when an owner lists their own id.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let lists = vec![("ann", vec![vec!["lee"], vec!["kim", "max"]])];
    /// let l = RankedLists::from_ids(Side::Mentee, &["bob", "ann"], &["kim", "lee", "max"], &lists).unwrap();
    /// assert_eq!(l.groups(1), vec![vec![1], vec![0, 2]]);
    /// assert!(l.groups(0).is_empty());
    /// let bad = vec![("ann", vec![vec!["zoe"]])];
    /// let e = RankedLists::from_ids(Side::Mentee, &["ann"], &["kim"], &bad).unwrap_err();
    /// assert!(e.to_string().contains("zoe"));
    /// ```
    pub fn from_ids<S, K, V>(
        side: Side,
        owner_ids: &[S],
        target_ids: &[S],
        lists: &[(K, Vec<Vec<V>>)],
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let owners = index_ids(owner_ids, &format!("{} ids", side.owner_label()))?;
        if side == Side::Peer {
            return nested_by_id(side, &owners, &owners, lists);
        }
        let targets = index_ids(target_ids, &format!("{} ids", side.target_label()))?;
        nested_by_id(side, &owners, &targets, lists)
    }

    /// Build one side's stated lists by string id from flat (CSR) input: list `r` belongs to
    /// `owners[r]` and holds `entries[indptr[r]..indptr[r + 1]]`, best first, where
    /// `groups[k]` numbers the tie group of entry `k` (non-decreasing within a list, equal =
    /// tie, any gaps). Same meaning and checks as [`RankedLists::from_ids`], without building
    /// nested vectors (the form a binding fills from a dict of lists); ids are hashed once.
    ///
    /// # Errors
    /// As [`RankedLists::from_ids`]; [`Error::ShapeMismatch`] when the arrays disagree;
    /// [`Error::InvalidValue`] for a non-monotone `indptr` or decreasing group numbers.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// // ann: lee, then kim and max tied
    /// let l = RankedLists::from_ids_flat(Side::Mentee, &["bob", "ann"], &["kim", "lee", "max"],
    ///     &["ann"], &[0, 3], &["lee", "kim", "max"], &[0, 1, 1]).unwrap();
    /// assert_eq!(l.groups(1), vec![vec![1], vec![0, 2]]);
    /// assert!(l.groups(0).is_empty());
    /// ```
    pub fn from_ids_flat<S, K, V>(
        side: Side,
        owner_ids: &[S],
        target_ids: &[S],
        owners: &[K],
        indptr: &[usize],
        entries: &[V],
        groups: &[u32],
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        if indptr.len() != owners.len() + 1 || indptr[0] != 0 {
            return Err(Error::shape(
                "flat preference lists",
                format!("indptr of {} entries starting at 0", owners.len() + 1),
                format!("{} entries", indptr.len()),
            ));
        }
        let nnz = indptr[owners.len()];
        if entries.len() != nnz || groups.len() != nnz {
            return Err(Error::shape(
                "flat preference lists",
                format!("{nnz} entries and group numbers (indptr[-1])"),
                format!("{} entries, {} group numbers", entries.len(), groups.len()),
            ));
        }
        if let Some(r) = (0..owners.len()).find(|&r| indptr[r + 1] < indptr[r]) {
            return Err(Error::invalid(
                "preference indptr",
                format!("decreases at list {r}"),
            ));
        }
        let owner_index = index_ids(owner_ids, &format!("{} ids", side.owner_label()))?;
        let target_index;
        let targets = if side == Side::Peer {
            &owner_index
        } else {
            target_index = index_ids(target_ids, &format!("{} ids", side.target_label()))?;
            &target_index
        };
        csr_by_id(
            side,
            &owner_index,
            targets,
            owners.len(),
            |r| owners[r].as_ref(),
            |r, f| {
                for k in indptr[r]..indptr[r + 1] {
                    f(groups[k], entries[k].as_ref())?;
                }
                Ok(())
            },
        )
    }

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
        let mut seen_owner = vec![NONE; n_targets];
        let mut seen_pos = vec![0usize; n_targets];
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

    /// Blend stated ranks with questionnaire scores (rows = owners, columns = targets).
    ///
    /// For owner `a` and target `b`:
    /// * stated utility `u_s = (G - g) / G` when `b` is in `a`'s stated list in tie group `g`
    ///   (0-based) of `G` groups, and `u_s = 0` when `b` is not listed;
    /// * score utility `u_q = (s - lo) / (hi - lo)`, the min–max normalisation of `s = scores[a, b]`
    ///   over the finite scores of row `a` (`u_q = 1` when `hi == lo`);
    /// * blended utility `u = weight · u_s + (1 - weight) · u_q`.
    ///
    /// Owner `a` then ranks **every target with a finite score** by decreasing `u` (equal `u` =
    /// tie); a `-inf` score makes the pair unacceptable even if it was stated. `weight = 1` keeps
    /// the stated order and puts all unlisted targets in one last tie group; `weight = 0` ranks by
    /// score alone. For [`Side::Peer`] the diagonal is ignored.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for `weight` outside `[0, 1]`; [`Error::ShapeMismatch`] when
    /// `scores` is not `n_owners × n_targets`; [`Error::NonFinite`] for NaN or `+inf`.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let stated = RankedLists::new(Side::Mentee, 3, &[vec![vec![2]]]).unwrap();
    /// let s = ndarray::array![[0.9, 0.1, 0.0]];
    /// // weight 0.5: mentor 2 -> 0.5*1 + 0.5*0 = 0.5; mentor 0 -> 0.5*0 + 0.5*1 = 0.5; mentor 1 -> 0.056
    /// let l = RankedLists::blend(&stated, s.view(), 0.5).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![0, 2], vec![1]]);
    /// ```
    pub fn blend<T: Real>(
        stated: &RankedLists,
        scores: ArrayView2<'_, T>,
        weight: f64,
    ) -> Result<Self> {
        if !(0.0..=1.0).contains(&weight) {
            return Err(Error::invalid(
                "blend weight",
                format!("must lie in [0, 1], got {weight}"),
            ));
        }
        let side = stated.side;
        let (n, m) = (stated.n_owners(), stated.n_targets);
        if scores.dim() != (n, m) {
            return Err(Error::shape(
                "blend scores",
                format!(
                    "{n}x{m} ({}s x {}s)",
                    side.owner_label(),
                    side.target_label()
                ),
                format!("{}x{}", scores.nrows(), scores.ncols()),
            ));
        }
        check_scores(scores, &format!("{} scores", side.owner_label()), false)?;
        let mut stated_u = vec![0.0f64; m];
        Self::from_rows(side, n, m, |a, row: &mut Vec<(f64, u32)>| {
            let (items, ranks) = stated.list(a);
            let groups = ranks.last().map_or(0, |&r| r + 1) as f64;
            for (&b, &g) in items.iter().zip(ranks) {
                stated_u[b as usize] = (groups - g as f64) / groups;
            }
            let finite = |b: usize, s: T| s != T::neg_infinity() && !(side == Side::Peer && a == b);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for (b, &s) in scores.row(a).iter().enumerate() {
                if finite(b, s) {
                    lo = lo.min(s.to_f64_lossy());
                    hi = hi.max(s.to_f64_lossy());
                }
            }
            for (b, &s) in scores.row(a).iter().enumerate() {
                if finite(b, s) {
                    let uq = if hi > lo {
                        (s.to_f64_lossy() - lo) / (hi - lo)
                    } else {
                        1.0
                    };
                    let u = weight * stated_u[b] + (1.0 - weight) * uq;
                    row.push((-u, b as u32));
                }
            }
            for &b in items {
                stated_u[b as usize] = 0.0;
            }
            sort_by_key_then_target(row);
        })
    }

    /// Shared parallel builder: `len(a)` is the length of row `a`; `fill(a, items, ranks,
    /// scratch)` writes row `a` sorted (targets and consecutive tie-group ranks from 0) into the
    /// two slices of that length and returns whether the row has a tie. Rows are independent,
    /// so the result does not depend on the thread count.
    fn build_rows(
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
    fn from_rows<K: PartialEq + Copy>(
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
    fn owners(&self) -> Vec<u32> {
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
    fn filter(&self, keep: &[bool]) -> (Self, Vec<u32>) {
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
    fn append_last_group(&self, extra: &[(u32, u32)]) -> Self {
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
fn sort_by_key_then_target(row: &mut [(f64, u32)]) {
    row.sort_unstable_by(|x, y| {
        x.0.partial_cmp(&y.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.1.cmp(&y.1))
    });
}

/// Per-thread scratch buffers of [`RankedLists::build_rows`].
#[derive(Default)]
struct RowScratch {
    cnt: Vec<u32>,
    pairs: Vec<(u64, u32)>,
}

/// Rows at least this long (in total entries) are built in parallel.
const PAR_MIN_ENTRIES: usize = 1 << 14;

/// `f(a)` for every row `a < n`, in parallel for large inputs (order of the output = row order).
fn par_rows<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if n < 64 {
        return (0..n).map(f).collect();
    }
    (0..n).into_par_iter().with_min_len(16).map(f).collect()
}

/// Split `buf` into consecutive row slices following `indptr`.
fn split_rows<'a, T>(mut buf: &'a mut [T], indptr: &[usize]) -> Vec<&'a mut [T]> {
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
fn write_sorted(pairs: &[(u64, u32)], items: &mut [u32], ranks: &mut [u32]) -> bool {
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
fn descending_key(s: f64) -> u64 {
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

fn check_u32(n: usize, what: &str) -> Result<()> {
    if n >= u32::MAX as usize {
        return Err(Error::invalid(
            what,
            format!("{n} is too many (at most {})", u32::MAX - 1),
        ));
    }
    Ok(())
}

fn check_entry(side: Side, a: usize, b: usize, n_targets: usize) -> Result<()> {
    if b >= n_targets {
        return Err(Error::invalid(
            "preference lists",
            format!(
                "{} {a} lists {} {b}, but there are only {n_targets} {}s",
                side.owner_label(),
                side.target_label(),
                side.target_label()
            ),
        ));
    }
    if side == Side::Peer && a == b {
        return Err(Error::invalid(
            "preference lists",
            format!("participant {a} lists themselves"),
        ));
    }
    Ok(())
}

fn check_square(side: Side, n: usize, m: usize, what: &str) -> Result<()> {
    if side == Side::Peer && n != m {
        return Err(Error::shape(
            format!("peer {what}"),
            format!("{n}x{n} (square)"),
            format!("{n}x{m}"),
        ));
    }
    Ok(())
}

/// NaN and `+inf` are errors; `-inf` marks an unacceptable pair. `transposed` reports the
/// position in the caller's (untransposed) layout.
fn check_scores<T: Real>(scores: ArrayView2<'_, T>, what: &str, transposed: bool) -> Result<()> {
    for ((r, c), &v) in scores.indexed_iter() {
        if v.is_nan() || v == T::infinity() {
            let (row, col) = if transposed { (c, r) } else { (r, c) };
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

/// Largest dense position table (entries) used to cross-link the two sides.
const DENSE_MAX: usize = 1 << 25;

/// For each entry of `a` (owner `i` lists target `j`), the absolute index of `i` in `b`'s list of
/// `j`, or `NONE` when `j` does not list `i`. `a`'s targets are `b`'s owners and vice versa.
///
/// Dense inputs (`n_a · n_b` at most a small multiple of the entries) use an `n_b × n_a`
/// position table filled from `b` and read by `a`, both passes row-parallel; sparse inputs use
/// a counting sort of `a`'s entries by target, `O(nnz + n)`.
fn cross_links(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
    let (n_a, n_b) = (a.n_owners(), b.n_owners());
    let cells = n_a.saturating_mul(n_b);
    if cells <= DENSE_MAX && cells <= 8 * (a.nnz() + b.nnz()) + 4096 {
        cross_dense(a, b)
    } else {
        cross_sparse(a, b)
    }
}

fn cross_dense(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
    let (n_a, n_b) = (a.n_owners(), b.n_owners());
    let mut a_cross = vec![NONE; a.nnz()];
    if n_a == 0 || n_b == 0 {
        return a_cross;
    }
    let par = a.nnz() + b.nnz() >= PAR_MIN_ENTRIES;
    // table[j * n_a + i] = index of i in b's list of j
    let mut table = vec![NONE; n_a * n_b];
    let fill_b = |(j, row): (usize, &mut [u32])| {
        for e in b.indptr[j]..b.indptr[j + 1] {
            row[b.items[e] as usize] = e as u32;
        }
    };
    if par {
        table
            .par_chunks_mut(n_a)
            .enumerate()
            .with_min_len(8)
            .for_each(fill_b);
    } else {
        table.chunks_mut(n_a).enumerate().for_each(fill_b);
    }
    let table = &table;
    let read_a = |(i, out): (usize, &mut [u32])| {
        let lo = a.indptr[i];
        for (k, c) in out.iter_mut().enumerate() {
            *c = table[a.items[lo + k] as usize * n_a + i];
        }
    };
    let rows = split_rows(&mut a_cross, &a.indptr);
    if par {
        rows.into_par_iter()
            .enumerate()
            .with_min_len(16)
            .for_each(read_a);
    } else {
        rows.into_iter().enumerate().for_each(read_a);
    }
    a_cross
}

fn cross_sparse(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
    let n_b = b.n_owners();
    // counting sort of a's entries by target
    let mut start = vec![0usize; n_b + 1];
    for &j in &a.items {
        start[j as usize + 1] += 1;
    }
    for j in 0..n_b {
        start[j + 1] += start[j];
    }
    let mut fill = start.clone();
    let mut bucket = vec![(0u32, 0u32); a.nnz()]; // (entry, owner)
    for i in 0..a.n_owners() {
        for k in a.indptr[i]..a.indptr[i + 1] {
            let j = a.items[k] as usize;
            bucket[fill[j]] = (k as u32, i as u32);
            fill[j] += 1;
        }
    }
    drop(fill);
    let mut a_cross = vec![NONE; a.nnz()];
    let mut pos = vec![NONE; a.n_owners()];
    for j in 0..n_b {
        let row = b.indptr[j]..b.indptr[j + 1];
        for e in row.clone() {
            pos[b.items[e] as usize] = e as u32;
        }
        for &(k, i) in &bucket[start[j]..start[j + 1]] {
            a_cross[k as usize] = pos[i as usize];
        }
        for e in row {
            pos[b.items[e] as usize] = NONE;
        }
    }
    a_cross
}

/// Whether every list of `l` holds exactly the stated ranks `1..=len` (no ties, no gaps), read
/// back from the rank matrix: `rank(a, b)` is owner `a`'s stated rank of target `b`.
fn exact_ranks(l: &RankedLists, rank: impl Fn(usize, usize) -> i64) -> bool {
    (0..l.n_owners()).all(|a| {
        let (lo, hi) = (l.indptr[a], l.indptr[a + 1]);
        hi == lo
            || (l.ranks[hi - 1] as usize == hi - lo - 1
                && rank(a, l.items[hi - 1] as usize) == (hi - lo) as i64)
    })
}

/// Cross-links read straight from the rank matrices when both sides' lists are exact (ranks
/// `1..=len` per list) and every pair is mutual: the position of mentee `i` in mentor `j`'s list
/// is then `mentor_ranks[i, j] - 1`. `None` when the shortcut does not apply.
fn exact_cross(
    e: &RankedLists,
    m: &RankedLists,
    er: ArrayView2<'_, i64>,
    mr: ArrayView2<'_, i64>,
) -> Option<(Vec<u32>, Vec<u32>)> {
    if e.nnz() != m.nnz()
        || !exact_ranks(e, |i, j| er[[i, j]])
        || !exact_ranks(m, |j, i| mr[[i, j]])
    {
        return None;
    }
    let par = e.nnz() >= PAR_MIN_ENTRIES;
    let link_rows =
        |l: &RankedLists, other: &RankedLists, rank: &(dyn Fn(usize, usize) -> i64 + Sync)| {
            let mut cross = vec![NONE; l.nnz()];
            let row = |(a, out): (usize, &mut [u32])| {
                let lo = l.indptr[a];
                let mut ok = true;
                for (k, c) in out.iter_mut().enumerate() {
                    let b = l.items[lo + k] as usize;
                    let r = rank(b, a);
                    if r <= 0 {
                        ok = false;
                        break;
                    }
                    *c = (other.indptr[b] + r as usize - 1) as u32;
                }
                ok
            };
            let rows = split_rows(&mut cross, &l.indptr);
            let ok = if par {
                rows.into_par_iter()
                    .enumerate()
                    .with_min_len(16)
                    .map(row)
                    .reduce(|| true, |x, y| x && y)
            } else {
                rows.into_iter().enumerate().all(row)
            };
            ok.then_some(cross)
        };
    // mentee i lists mentor j: i's position in j's list is mentor_ranks[i, j] - 1
    let ec = link_rows(e, m, &|j, i| mr[[i, j]])?;
    // every mentee entry found a partner entry and both sides have as many entries: a bijection
    let mc = link_rows(m, e, &|i, j| er[[i, j]])?;
    Some((ec, mc))
}

/// Cross-linked pair of sides: mutual filtering (after completion under `Either`). For one pool
/// (peer lists), `b` is `None` and `a` plays both roles.
struct Linked {
    a: RankedLists,
    b: Option<RankedLists>,
    a_cross: Vec<u32>,
    b_cross: Vec<u32>,
}

/// Restrict `a` and `b` (or `a` against itself when `b` is `None`) to acceptable pairs and
/// cross-link them. Takes the lists by value: when every pair is already mutual (full lists)
/// nothing is copied.
fn link(a: RankedLists, b: Option<RankedLists>, acceptability: Acceptability) -> Linked {
    let peer = b.is_none();
    let bref = b.as_ref().unwrap_or(&a);
    let a_cross = cross_links(&a, bref);
    let matched = a_cross.iter().filter(|&&c| c != NONE).count();
    if matched == a.nnz() && matched == bref.nnz() {
        // a bijection between the two sides' entries: nothing to drop or append
        let mut b_cross = vec![NONE; bref.nnz()];
        for (k, &c) in a_cross.iter().enumerate() {
            b_cross[c as usize] = k as u32;
        }
        return Linked {
            a,
            b,
            a_cross,
            b_cross,
        };
    }
    let mut b_mutual = vec![false; bref.nnz()];
    for &c in &a_cross {
        if c != NONE {
            b_mutual[c as usize] = true;
        }
    }
    if acceptability == Acceptability::Either {
        let a_owner = a.owners();
        let b_owner = bref.owners();
        // pairs listed by one side only: the other side appends them as a last tie group
        let mut b_extra: Vec<(u32, u32)> = (0..a.nnz())
            .filter(|&k| a_cross[k] == NONE)
            .map(|k| (a.items[k], a_owner[k]))
            .collect();
        b_extra.sort_unstable();
        let b2 = bref.append_last_group(&b_extra);
        if peer {
            // one pool: both "sides" are the same lists, and so are the two extra sets
            return link(b2, None, Acceptability::Mutual);
        }
        let mut a_extra: Vec<(u32, u32)> = (0..bref.nnz())
            .filter(|&e| !b_mutual[e])
            .map(|e| (bref.items[e], b_owner[e]))
            .collect();
        a_extra.sort_unstable();
        let a2 = a.append_last_group(&a_extra);
        return link(a2, Some(b2), Acceptability::Mutual);
    }
    let keep_a: Vec<bool> = a_cross.iter().map(|&c| c != NONE).collect();
    let (a2, a_new) = a.filter(&keep_a);
    let (b2, b_new) = if peer {
        (None, None)
    } else {
        let (l, n) = bref.filter(&b_mutual);
        (Some(l), Some(n))
    };
    let b_new_ref = b_new.as_ref().unwrap_or(&a_new);
    let mut a_cross2 = vec![NONE; a2.nnz()];
    let mut b_cross2 = vec![NONE; if peer { 0 } else { a2.nnz() }];
    for (k, &c) in a_cross.iter().enumerate() {
        if c != NONE {
            let (kn, en) = (a_new[k], b_new_ref[c as usize]);
            a_cross2[kn as usize] = en;
            if !peer {
                b_cross2[en as usize] = kn;
            }
        }
    }
    Linked {
        a: a2,
        b: b2,
        a_cross: a_cross2,
        b_cross: b_cross2,
    }
}

/// Mentees' lists over mentors and mentors' lists over mentees, restricted to acceptable pairs and
/// cross-linked.
///
/// Invariant: mentor `j` is in mentee `i`'s list if and only if `i` is in `j`'s list (both lists
/// hold exactly the acceptable pairs). Tie-group ranks are renumbered after filtering, so rank 0
/// is each participant's best *acceptable* group.
///
/// ```
/// use nastavnik::preferences::{Acceptability, Preferences};
/// // 2 mentees, 2 mentors
/// let p = Preferences::new(&[vec![vec![1], vec![0]], vec![vec![1]]],
///                          &[vec![vec![0]], vec![vec![1, 0]]], Acceptability::Mutual).unwrap();
/// assert_eq!(p.mentee_lists().groups(0), vec![vec![1], vec![0]]);
/// assert_eq!(p.mentor_lists().groups(1), vec![vec![1, 0]]);
/// assert_eq!(p.n_acceptable_pairs(), 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    mentee: RankedLists,
    mentor: RankedLists,
    mentee_cross: Vec<u32>,
    mentor_cross: Vec<u32>,
    acceptability: Acceptability,
}

impl Preferences {
    /// Join one list per mentee (over mentors) and one per mentor (over mentees).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `mentee_lists` is not [`Side::Mentee`], `mentor_lists` not
    /// [`Side::Mentor`], or their dimensions disagree (mentee lists must have as many targets as
    /// there are mentor lists and vice versa).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences, RankedLists, Side};
    /// let e = RankedLists::new(Side::Mentee, 1, &[vec![vec![0]], vec![vec![0]]]).unwrap();
    /// let m = RankedLists::new(Side::Mentor, 2, &[vec![vec![1]]]).unwrap();
    /// let p = Preferences::from_lists(e, m, Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(1, 0) && !p.is_acceptable(0, 0));
    /// let p = Preferences::from_lists(
    ///     RankedLists::new(Side::Mentee, 1, &[vec![vec![0]], vec![vec![0]]]).unwrap(),
    ///     RankedLists::new(Side::Mentor, 2, &[vec![vec![1]]]).unwrap(),
    ///     Acceptability::Either).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![1], vec![0]]);
    /// ```
    pub fn from_lists(
        mentee_lists: RankedLists,
        mentor_lists: RankedLists,
        acceptability: Acceptability,
    ) -> Result<Self> {
        if mentee_lists.side != Side::Mentee || mentor_lists.side != Side::Mentor {
            return Err(Error::invalid(
                "preference lists",
                format!(
                    "expected mentee lists and mentor lists, got {:?} and {:?}",
                    mentee_lists.side, mentor_lists.side
                ),
            ));
        }
        if mentee_lists.n_targets != mentor_lists.n_owners()
            || mentor_lists.n_targets != mentee_lists.n_owners()
        {
            return Err(Error::shape(
                "preference lists",
                format!(
                    "{} mentee lists over {} mentors",
                    mentor_lists.n_targets,
                    mentor_lists.n_owners()
                ),
                format!(
                    "{} mentee lists over {} mentors",
                    mentee_lists.n_owners(),
                    mentee_lists.n_targets
                ),
            ));
        }
        let l = link(mentee_lists, Some(mentor_lists), acceptability);
        let Some(mentor) = l.b else {
            return Err(Error::invalid(
                "preference lists",
                "internal: mentor side lost",
            ));
        };
        Ok(Self {
            mentee: l.a,
            mentor,
            mentee_cross: l.a_cross,
            mentor_cross: l.b_cross,
            acceptability,
        })
    }

    /// Build from nested index lists: `mentee_lists[i]` ranks mentors (tie groups, best first),
    /// `mentor_lists[j]` ranks mentees. There are `mentee_lists.len()` mentees and
    /// `mentor_lists.len()` mentors.
    ///
    /// # Errors
    /// As [`RankedLists::new`] for either side.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(0, 0));
    /// assert!(Preferences::new(&[vec![vec![3]]], &[vec![]], Acceptability::Mutual).is_err());
    /// ```
    pub fn new(
        mentee_lists: &[Vec<Vec<usize>>],
        mentor_lists: &[Vec<Vec<usize>>],
        acceptability: Acceptability,
    ) -> Result<Self> {
        let e = RankedLists::new(Side::Mentee, mentor_lists.len(), mentee_lists)?;
        let m = RankedLists::new(Side::Mentor, mentee_lists.len(), mentor_lists)?;
        Self::from_lists(e, m, acceptability)
    }

    /// Build from lists by string id: `mentee_lists` holds `(mentee id, tie groups of mentor ids)`,
    /// `mentor_lists` holds `(mentor id, tie groups of mentee ids)`. Index `i` is the position of a
    /// mentee in `mentee_ids`, `j` that of a mentor in `mentor_ids`. A participant without a list
    /// has an empty list. (A map converts with `.into_iter().collect::<Vec<_>>()`.)
    ///
    /// # Errors
    /// * [`Error::DuplicateId`] for an id repeated in `mentee_ids` / `mentor_ids`, a participant
    ///   given two lists (rows of the list slice), or an id named twice in one list (positions in
    ///   the flattened list);
    /// * [`Error::UnknownId`] for a list owner or a listed id not among the ids;
    /// * [`Error::InvalidValue`] for a self-reference (a mentee listing a mentor with its own id).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let l = |o: &str, g: &[&[&str]]| (o.to_string(),
    ///     g.iter().map(|x| x.iter().map(|s| s.to_string()).collect()).collect::<Vec<Vec<String>>>());
    /// let e = Preferences::from_ids(&["a"], &["x"], &[l("a", &[&["y"]])], &[], Acceptability::Mutual);
    /// assert_eq!(e.unwrap_err().to_string(), "unknown id \"y\" in preference list of mentee \"a\"");
    /// let e = Preferences::from_ids(&["a"], &["x"], &[l("a", &[&["x"], &["x"]])], &[], Acceptability::Mutual);
    /// assert!(e.unwrap_err().to_string().contains("duplicate id \"x\""));
    /// ```
    pub fn from_ids<S, K, V>(
        mentee_ids: &[S],
        mentor_ids: &[S],
        mentee_lists: &[(K, Vec<Vec<V>>)],
        mentor_lists: &[(K, Vec<Vec<V>>)],
        acceptability: Acceptability,
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mentee_index = index_ids(mentee_ids, "mentee ids")?;
        let mentor_index = index_ids(mentor_ids, "mentor ids")?;
        let e = nested_by_id(Side::Mentee, &mentee_index, &mentor_index, mentee_lists)?;
        let m = nested_by_id(Side::Mentor, &mentor_index, &mentee_index, mentor_lists)?;
        Self::from_lists(e, m, acceptability)
    }

    /// Build from two rank matrices, both **mentees × mentors**: `mentee_ranks[i, j]` is mentee
    /// `i`'s rank of mentor `j`, `mentor_ranks[i, j]` is mentor `j`'s rank of mentee `i`
    /// (positive = rank, smaller better, equal = tie; `0` or negative = not acceptable).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the two shapes differ.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let e = ndarray::array![[1i64, 2], [1, 1]];
    /// let m = ndarray::array![[2i64, 1], [1, 0]];
    /// let p = Preferences::from_rank_matrices(e.view(), m.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![1], vec![0]]);
    /// assert!(!p.is_acceptable(1, 1));
    /// ```
    pub fn from_rank_matrices(
        mentee_ranks: ArrayView2<'_, i64>,
        mentor_ranks: ArrayView2<'_, i64>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        same_shape(mentee_ranks.dim(), mentor_ranks.dim(), "mentor rank matrix")?;
        let e = RankedLists::from_rank_matrix(Side::Mentee, mentee_ranks)?;
        let m = RankedLists::from_rank_matrix(Side::Mentor, mentor_ranks.t())?;
        // full strict lists (the common case): cross-link straight from the matrices
        if let Some((mentee_cross, mentor_cross)) = exact_cross(&e, &m, mentee_ranks, mentor_ranks)
        {
            return Ok(Self {
                mentee: e,
                mentor: m,
                mentee_cross,
                mentor_cross,
                acceptability,
            });
        }
        Self::from_lists(e, m, acceptability)
    }

    /// Build from two score matrices, both **mentees × mentors**: mentee `i` ranks mentors by
    /// `mentee_scores[i, ..]`, mentor `j` ranks mentees by `mentor_scores[.., j]` (higher is
    /// better, equal = tie, `-inf` = not acceptable). Pass the same view twice for one symmetric
    /// compatibility score.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the shapes differ; [`Error::NonFinite`] for NaN or `+inf`
    /// (row = mentee, column = mentor, in both matrices).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let s = ndarray::array![[0.9, 0.1], [0.4, f64::NEG_INFINITY]];
    /// let p = Preferences::from_scores(s.view(), s.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![0], vec![1]]);
    /// assert!(!p.is_acceptable(1, 1));
    /// ```
    pub fn from_scores<T: Real>(
        mentee_scores: ArrayView2<'_, T>,
        mentor_scores: ArrayView2<'_, T>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        same_shape(
            mentee_scores.dim(),
            mentor_scores.dim(),
            "mentor score matrix",
        )?;
        check_scores(mentor_scores, "mentor scores", false)?;
        let e = RankedLists::from_scores(Side::Mentee, mentee_scores)?;
        let m = RankedLists::from_scores(Side::Mentor, mentor_scores.t())?;
        Self::from_lists(e, m, acceptability)
    }

    /// Blend stated lists with questionnaire scores (both score matrices **mentees × mentors**)
    /// using [`RankedLists::blend`] on each side with the same `weight` (the weight of the stated
    /// ranks; `1 - weight` goes to the scores). `stated_mentee` and `stated_mentor` are the raw
    /// stated lists (e.g. from [`RankedLists::new`]).
    ///
    /// # Errors
    /// As [`RankedLists::blend`]; [`Error::ShapeMismatch`] when a score matrix is not
    /// mentees × mentors; [`Error::InvalidValue`] for lists of the wrong [`Side`].
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences, RankedLists, Side};
    /// let e = RankedLists::new(Side::Mentee, 2, &[vec![vec![1]]]).unwrap();
    /// let m = RankedLists::new(Side::Mentor, 1, &[vec![], vec![]]).unwrap();
    /// let s = ndarray::array![[1.0, 0.0]];
    /// let p = Preferences::blend(&e, &m, s.view(), s.view(), 0.8, Acceptability::Mutual).unwrap();
    /// // mentee 0: mentor 1 -> 0.8, mentor 0 -> 0.2
    /// assert_eq!(p.mentee_lists().groups(0), vec![vec![1], vec![0]]);
    /// ```
    pub fn blend<T: Real>(
        stated_mentee: &RankedLists,
        stated_mentor: &RankedLists,
        mentee_scores: ArrayView2<'_, T>,
        mentor_scores: ArrayView2<'_, T>,
        weight: f64,
        acceptability: Acceptability,
    ) -> Result<Self> {
        if stated_mentee.side != Side::Mentee || stated_mentor.side != Side::Mentor {
            return Err(Error::invalid(
                "stated lists",
                "expected mentee lists then mentor lists",
            ));
        }
        same_shape(
            mentee_scores.dim(),
            mentor_scores.dim(),
            "mentor score matrix",
        )?;
        check_scores(mentor_scores, "mentor scores", false)?;
        let e = RankedLists::blend(stated_mentee, mentee_scores, weight)?;
        let m = RankedLists::blend(stated_mentor, mentor_scores.t(), weight)?;
        Self::from_lists(e, m, acceptability)
    }

    /// Number of mentees.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![], vec![]], &[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!((p.n_mentees(), p.n_mentors()), (2, 1));
    /// ```
    pub fn n_mentees(&self) -> usize {
        self.mentee.n_owners()
    }

    /// Number of mentors.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![]], &[vec![], vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.n_mentors(), 2);
    /// ```
    pub fn n_mentors(&self) -> usize {
        self.mentor.n_owners()
    }

    /// The mentees' effective lists over mentors (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentee_lists().nnz(), 0); // mentor 0 did not list mentee 0
    /// ```
    pub fn mentee_lists(&self) -> &RankedLists {
        &self.mentee
    }

    /// The mentors' effective lists over mentees (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![]], Acceptability::Either).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![0]]);
    /// ```
    pub fn mentor_lists(&self) -> &RankedLists {
        &self.mentor
    }

    /// The acceptability rule these preferences were built with.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![]], &[vec![]], Acceptability::Either).unwrap();
    /// assert_eq!(p.acceptability(), Acceptability::Either);
    /// ```
    pub fn acceptability(&self) -> Acceptability {
        self.acceptability
    }

    /// Whether mentee `i` and mentor `j` may be paired (`false` when out of range).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(0, 0) && !p.is_acceptable(0, 9));
    /// ```
    pub fn is_acceptable(&self, i: usize, j: usize) -> bool {
        self.mentee.rank_of(i, j).is_some()
    }

    /// Tie-group rank (0 = best) of mentor `j` in mentee `i`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![1], vec![0]]], &[vec![vec![0]], vec![vec![0]]],
    ///                          Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentee_rank(0, 0), Some(1));
    /// ```
    pub fn mentee_rank(&self, i: usize, j: usize) -> Option<u32> {
        self.mentee.rank_of(i, j)
    }

    /// Tie-group rank (0 = best) of mentee `i` in mentor `j`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]], vec![vec![0]]], &[vec![vec![1], vec![0]]],
    ///                          Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_rank(0, 1), Some(0));
    /// ```
    pub fn mentor_rank(&self, j: usize, i: usize) -> Option<u32> {
        self.mentor.rank_of(j, i)
    }

    /// Number of acceptable mentee–mentor pairs.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.n_acceptable_pairs(), 1);
    /// ```
    pub fn n_acceptable_pairs(&self) -> usize {
        self.mentee.nnz()
    }

    /// For each mentee entry, the absolute index of the same pair in the mentor lists.
    pub(crate) fn mentee_cross(&self) -> &[u32] {
        &self.mentee_cross
    }

    /// For each mentor entry, the absolute index of the same pair in the mentee lists.
    pub(crate) fn mentor_cross(&self) -> &[u32] {
        &self.mentor_cross
    }
}

/// Preferences inside one pool (peer format): every participant ranks others.
///
/// Invariant: `j` is in `i`'s list if and only if `i` is in `j`'s list (acceptable pairs only),
/// tie-group ranks renumbered from 0.
///
/// ```
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1], vec![2]], vec![vec![0]], vec![vec![1]]],
///                              Acceptability::Mutual).unwrap();
/// assert_eq!(p.lists().groups(0), vec![vec![1]]); // 2 did not list 0
/// assert!(!p.is_acceptable(1, 2));                // 1 did not list 2
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PeerPreferences {
    lists: RankedLists,
    cross: Vec<u32>,
    acceptability: Acceptability,
}

impl PeerPreferences {
    /// Build from [`Side::Peer`] lists over the same pool.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `lists` is not [`Side::Peer`] or not square (owners ≠ targets).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences, RankedLists, Side};
    /// let l = RankedLists::new(Side::Peer, 2, &[vec![vec![1]], vec![]]).unwrap();
    /// let p = PeerPreferences::from_lists(l, Acceptability::Either).unwrap();
    /// assert!(p.is_acceptable(1, 0));
    /// ```
    pub fn from_lists(lists: RankedLists, acceptability: Acceptability) -> Result<Self> {
        if lists.side != Side::Peer || lists.n_targets != lists.n_owners() {
            return Err(Error::invalid(
                "peer preference lists",
                format!(
                    "expected square peer lists, got {:?} lists of {} owners over {} targets",
                    lists.side,
                    lists.n_owners(),
                    lists.n_targets
                ),
            ));
        }
        let l = link(lists, None, acceptability);
        Ok(Self {
            lists: l.a,
            cross: l.a_cross,
            acceptability,
        })
    }

    /// Build from nested index lists, `lists[i]` = participant `i`'s tie groups, best first.
    ///
    /// # Errors
    /// As [`RankedLists::new`] with [`Side::Peer`] (self-references are errors).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let e = PeerPreferences::new(&[vec![vec![0]]], Acceptability::Mutual).unwrap_err();
    /// assert!(e.to_string().contains("participant 0 lists themselves"));
    /// ```
    pub fn new(lists: &[Vec<Vec<usize>>], acceptability: Acceptability) -> Result<Self> {
        Self::from_lists(
            RankedLists::new(Side::Peer, lists.len(), lists)?,
            acceptability,
        )
    }

    /// Build from lists by string id: `(participant id, tie groups of participant ids)`.
    ///
    /// # Errors
    /// [`Error::DuplicateId`], [`Error::UnknownId`] as for [`Preferences::from_ids`];
    /// [`Error::InvalidValue`] when a participant lists themselves (naming the id).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let lists = vec![("a".to_string(), vec![vec!["a".to_string()]])];
    /// let e = PeerPreferences::from_ids(&["a", "b"], &lists, Acceptability::Mutual).unwrap_err();
    /// assert!(e.to_string().contains("\"a\" lists themselves"));
    /// ```
    pub fn from_ids<S, K, V>(
        ids: &[S],
        lists: &[(K, Vec<Vec<V>>)],
        acceptability: Acceptability,
    ) -> Result<Self>
    where
        S: AsRef<str>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let index = index_ids(ids, "participant ids")?;
        let l = nested_by_id(Side::Peer, &index, &index, lists)?;
        Self::from_lists(l, acceptability)
    }

    /// Build from a square rank matrix (`ranks[i, j]` = `i`'s rank of `j`; positive = rank,
    /// `0`/negative = not acceptable; diagonal ignored).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square matrix.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let r = ndarray::array![[0i64, 1, 2], [1, 0, 1], [2, 1, 0]];
    /// let p = PeerPreferences::from_rank_matrix(r.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(1), vec![vec![0, 2]]);
    /// ```
    pub fn from_rank_matrix(
        ranks: ArrayView2<'_, i64>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(
            RankedLists::from_rank_matrix(Side::Peer, ranks)?,
            acceptability,
        )
    }

    /// Build from a square score matrix (`scores[i, j]` = `i`'s score of `j`; higher better,
    /// `-inf` not acceptable; diagonal ignored).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square matrix; [`Error::NonFinite`] for NaN or `+inf`.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let s = ndarray::array![[0.0, 0.5, 0.7], [0.3, 0.0, 0.1], [0.2, 0.9, 0.0]];
    /// let p = PeerPreferences::from_scores(s.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(0), vec![vec![2], vec![1]]);
    /// ```
    pub fn from_scores<T: Real>(
        scores: ArrayView2<'_, T>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(RankedLists::from_scores(Side::Peer, scores)?, acceptability)
    }

    /// Blend stated peer lists with a square score matrix, see [`RankedLists::blend`].
    ///
    /// # Errors
    /// As [`RankedLists::blend`] and [`PeerPreferences::from_lists`].
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences, RankedLists, Side};
    /// let stated = RankedLists::new(Side::Peer, 3, &[vec![vec![2]], vec![], vec![]]).unwrap();
    /// let s = ndarray::array![[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]];
    /// let p = PeerPreferences::blend(&stated, s.view(), 1.0, Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(0), vec![vec![2], vec![1]]);
    /// ```
    pub fn blend<T: Real>(
        stated: &RankedLists,
        scores: ArrayView2<'_, T>,
        weight: f64,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(RankedLists::blend(stated, scores, weight)?, acceptability)
    }

    /// Number of participants.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// assert_eq!(PeerPreferences::new(&[vec![], vec![]], Acceptability::Mutual).unwrap().n(), 2);
    /// ```
    pub fn n(&self) -> usize {
        self.lists.n_owners()
    }

    /// The effective lists (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().nnz(), 2);
    /// ```
    pub fn lists(&self) -> &RankedLists {
        &self.lists
    }

    /// The acceptability rule these preferences were built with.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.acceptability(), Acceptability::Mutual);
    /// ```
    pub fn acceptability(&self) -> Acceptability {
        self.acceptability
    }

    /// Tie-group rank (0 = best) of `j` in `i`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.rank(0, 1), Some(0));
    /// ```
    pub fn rank(&self, i: usize, j: usize) -> Option<u32> {
        self.lists.rank_of(i, j)
    }

    /// Whether `i` and `j` may be paired.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![]], Acceptability::Mutual).unwrap();
    /// assert!(!p.is_acceptable(0, 1));
    /// ```
    pub fn is_acceptable(&self, i: usize, j: usize) -> bool {
        self.lists.rank_of(i, j).is_some()
    }

    /// For each entry (`i` lists `j`), the absolute index of `i` in `j`'s list.
    pub(crate) fn cross(&self) -> &[u32] {
        &self.cross
    }
}

fn same_shape(expected: (usize, usize), got: (usize, usize), what: &str) -> Result<()> {
    if expected != got {
        return Err(Error::shape(
            what,
            format!("{}x{} (mentees x mentors)", expected.0, expected.1),
            format!("{}x{}", got.0, got.1),
        ));
    }
    Ok(())
}

/// Position of each id in its slice (a fast non-cryptographic hash: ids are interned once).
type IdIndex<'a> = FxHashMap<&'a str, u32>;

fn index_ids<'a, S: AsRef<str>>(ids: &'a [S], what: &str) -> Result<IdIndex<'a>> {
    check_u32(ids.len(), what)?;
    let mut index = IdIndex::with_capacity_and_hasher(ids.len(), Default::default());
    for (k, id) in ids.iter().enumerate() {
        if let Some(first) = index.insert(id.as_ref(), k as u32) {
            return Err(Error::DuplicateId {
                what: what.to_string(),
                id: id.as_ref().to_string(),
                first: first as usize,
                second: k,
            });
        }
    }
    Ok(index)
}

/// One side's lists by id straight into CSR form. There are `n_rows` lists; `owner_of(r)` is the
/// owner id of list `r` and `each_entry(r, f)` calls `f(group, target id)` for its entries in
/// order (`group` non-decreasing; equal = tie). Checks, in this order per list: unknown or
/// repeated owner, then per entry self-reference, unknown target, target repeated in the list.
fn csr_by_id<'s>(
    side: Side,
    owners: &IdIndex<'_>,
    targets: &IdIndex<'_>,
    n_rows: usize,
    owner_of: impl Fn(usize) -> &'s str,
    each_entry: impl Fn(usize, &mut dyn FnMut(u32, &str) -> Result<()>) -> Result<()>,
) -> Result<RankedLists> {
    let owner = side.owner_label();
    let (n_owners, n_targets) = (owners.len(), targets.len());
    let mut row_of = vec![NONE; n_owners];
    // target -> (row that last named it, position): a stamp array instead of a per-row set
    let mut seen: Vec<(u32, u32)> = vec![(NONE, 0); n_targets];
    let mut row_ptr = Vec::with_capacity(n_rows + 1);
    row_ptr.push(0usize);
    let mut items: Vec<u32> = Vec::new();
    let mut ranks: Vec<u32> = Vec::new();
    let mut has_ties = false;
    for r in 0..n_rows {
        let oid = owner_of(r);
        let a = *owners.get(oid).ok_or_else(|| Error::UnknownId {
            what: format!("{owner} preference lists (list owners)"),
            id: oid.to_string(),
        })? as usize;
        if row_of[a] != NONE {
            return Err(Error::DuplicateId {
                what: format!("{owner} preference lists (a {owner} given two lists)"),
                id: oid.to_string(),
                first: row_of[a] as usize,
                second: r,
            });
        }
        row_of[a] = r as u32;
        let what = || format!("preference list of {owner} {oid:?}");
        let start = items.len();
        let mut last_group: Option<u32> = None;
        let mut rank = 0u32;
        let row = r as u32;
        each_entry(r, &mut |g, tid| {
            let pos = items.len() - start;
            if tid == oid {
                return Err(Error::invalid(what(), format!("{oid:?} lists themselves")));
            }
            let b = *targets.get(tid).ok_or_else(|| Error::UnknownId {
                what: what(),
                id: tid.to_string(),
            })? as usize;
            if seen[b].0 == row {
                return Err(Error::DuplicateId {
                    what: what(),
                    id: tid.to_string(),
                    first: seen[b].1 as usize,
                    second: pos,
                });
            }
            seen[b] = (row, pos as u32);
            match last_group {
                Some(l) if l == g => has_ties = true,
                Some(l) if g < l => {
                    return Err(Error::invalid(
                        what(),
                        format!("tie-group numbers decrease at position {pos}"),
                    ));
                }
                Some(_) => rank += 1,
                None => {}
            }
            last_group = Some(g);
            items.push(b as u32);
            ranks.push(rank);
            Ok(())
        })?;
        row_ptr.push(items.len());
    }
    check_u32(items.len(), "preference entries")?;
    let in_order = n_rows == n_owners && row_of.iter().enumerate().all(|(a, &r)| r == a as u32);
    let (indptr, items, ranks) = if in_order {
        (row_ptr, items, ranks)
    } else {
        // lists given in another order (or missing): reorder rows by owner
        let mut indptr = Vec::with_capacity(n_owners + 1);
        indptr.push(0usize);
        let mut it = Vec::with_capacity(items.len());
        let mut rk = Vec::with_capacity(items.len());
        for &r in &row_of {
            if r != NONE {
                let span = row_ptr[r as usize]..row_ptr[r as usize + 1];
                it.extend_from_slice(&items[span.clone()]);
                rk.extend_from_slice(&ranks[span]);
            }
            indptr.push(it.len());
        }
        (indptr, it, rk)
    };
    Ok(RankedLists {
        side,
        n_targets,
        indptr,
        items,
        ranks,
        has_ties,
    })
}

/// [`csr_by_id`] over nested lists `(owner id, tie groups of target ids)`.
fn nested_by_id<K: AsRef<str>, V: AsRef<str>>(
    side: Side,
    owners: &IdIndex<'_>,
    targets: &IdIndex<'_>,
    lists: &[(K, Vec<Vec<V>>)],
) -> Result<RankedLists> {
    csr_by_id(
        side,
        owners,
        targets,
        lists.len(),
        |r| lists[r].0.as_ref(),
        |r, f| {
            for (g, group) in lists[r].1.iter().enumerate() {
                for t in group {
                    f(g as u32, t.as_ref())?;
                }
            }
            Ok(())
        },
    )
}

/// Row `a` of a matrix as a slice: borrowed when the row is contiguous (the usual C-ordered
/// input, so scans vectorise), copied otherwise.
fn row_slice<'m, T: Copy>(m: ArrayView2<'m, T>, a: usize) -> std::borrow::Cow<'m, [T]> {
    let row = m.index_axis_move(ndarray::Axis(0), a);
    match row.to_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(row.to_vec()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn dense_and_sparse_cross_links_agree() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for &(n, m, p) in &[(1, 1, 1.0), (7, 3, 0.5), (60, 90, 0.3), (300, 200, 0.9)] {
            let side = |rng: &mut rand_chacha::ChaCha8Rng, side, a: usize, b: usize| {
                let lists: Vec<Vec<Vec<usize>>> = (0..a)
                    .map(|_| {
                        (0..b)
                            .filter(|_| rng.random_bool(p))
                            .map(|x| vec![x])
                            .collect()
                    })
                    .collect();
                RankedLists::new(side, b, &lists).unwrap()
            };
            let a = side(&mut rng, Side::Mentee, n, m);
            let b = side(&mut rng, Side::Mentor, m, n);
            assert_eq!(cross_dense(&a, &b), cross_sparse(&a, &b));
            assert_eq!(cross_dense(&b, &a), cross_sparse(&b, &a));
        }
    }
}
