//! Stable matching by deferred acceptance (Gale–Shapley), one-to-one and with mentor capacities.
//!
//! # Algorithm
//! [`stable_matching`] runs deferred acceptance on [`Preferences`]: the proposing side (mentees
//! by default, or mentors) proposes down its lists; each receiver tentatively holds the best
//! proposals up to its capacity (a binary max-heap per receiver keeps the worst one held on top)
//! and rejects the rest; rejected proposers continue. With capacities this is the
//! hospitals/residents algorithm: mentors have `capacities[j]` seats, mentees one.
//!
//! **Ties.** Lists with ties are first refined into strict lists by shuffling every tie group with
//! `ChaCha8Rng::seed_from_u64(seed)` (mentee lists first, then mentor lists, in index order, so
//! that both proposing directions see the same refinement). A stable matching of the strict
//! refinement is **weakly stable** for the original lists: no mentee and mentor both *strictly*
//! prefer each other to their situation. Without ties the seed is irrelevant.
//!
//! # Guarantees
//! * The result is stable (weakly stable with ties) for the acceptable pairs of `prefs`; its
//!   [`SolveStatus::Optimal`] status means exactly this.
//! * Without ties, mentee-proposing returns the unique **mentee-optimal** stable matching (every
//!   mentee weakly prefers it to any other stable matching) and mentor-proposing the unique
//!   **mentor-optimal** one, so the answer agrees with any other correct implementation.
//! * Rural hospitals theorem: without ties, the same mentees are matched, and every mentor has the
//!   same number of mentees (and the same set, if under capacity), in every stable matching.
//! * Deterministic: same input and seed give the same answer.
//!
//! # Complexity
//! `O(L + n + m + P log c)` time and `O(L + n + m + Σc)` memory, where `L` is the number of
//! acceptable pairs, `P ≤ L` the number of proposals and `c` the largest capacity. No dense
//! `n × m` table is built: [`Preferences`] cross-links both sides, so a receiver's rank of a
//! proposer is read in `O(1)`.
//!
//! [`blocking_pairs`] and [`rank_stats`] check any assignment (from any solver) in `O(L + n + m)`.
//!
//! # Examples
//! ```
//! use nastavnik::assign::stable::{stable_matching, Proposer, StableOptions};
//! use nastavnik::preferences::{Acceptability, Preferences};
//! // 3 mentees, 2 mentors; mentor 0 takes two mentees
//! let p = Preferences::new(
//!     &[vec![vec![0], vec![1]], vec![vec![0], vec![1]], vec![vec![0]]],
//!     &[vec![vec![2], vec![1], vec![0]], vec![vec![0], vec![1]]],
//!     Acceptability::Mutual,
//! ).unwrap();
//! let a = stable_matching(&p, &[2, 1], &StableOptions::default()).unwrap();
//! assert_eq!(a.pairs(), &[(0, 1), (1, 0), (2, 0)]);
//! let b = stable_matching(&p, &[2, 1], &StableOptions::default().with_proposer(Proposer::Mentors)).unwrap();
//! assert_eq!(b.pairs(), a.pairs()); // here the stable matching is unique
//! ```

use std::borrow::Cow;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{Assignment, SolveStatus};
use crate::error::{Error, Result};
use crate::preferences::{Preferences, RankedLists};

/// Which side proposes in deferred acceptance (and so gets its optimal stable matching).
///
/// ```
/// use nastavnik::assign::stable::Proposer;
/// assert_eq!(Proposer::default(), Proposer::Mentees);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposer {
    /// Mentees propose: the mentee-optimal stable matching.
    #[default]
    Mentees,
    /// Mentors propose: the mentor-optimal stable matching.
    Mentors,
}

impl std::str::FromStr for Proposer {
    type Err = Error;
    /// `mentee` / `mentees` or `mentor` / `mentors` (the Python keyword and the JSON field).
    ///
    /// ```
    /// use nastavnik::assign::stable::Proposer;
    /// assert_eq!("mentor".parse::<Proposer>().unwrap(), Proposer::Mentors);
    /// assert!("both".parse::<Proposer>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "mentee" | "mentees" => Ok(Proposer::Mentees),
            "mentor" | "mentors" => Ok(Proposer::Mentors),
            other => Err(Error::invalid(
                "proposer",
                format!("must be \"mentee\" or \"mentor\", got {other:?}"),
            )),
        }
    }
}

/// Options of [`stable_matching`].
///
/// ```
/// use nastavnik::assign::stable::{Proposer, StableOptions};
/// let o = StableOptions::default().with_proposer(Proposer::Mentors);
/// assert_eq!(o.seed, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StableOptions {
    /// Proposing side.
    pub proposer: Proposer,
    /// Seed of the tie-breaking shuffle (irrelevant without ties).
    pub seed: u64,
}

/// Stable matching by deferred acceptance; see the [module documentation](self).
///
/// # Arguments
/// * `prefs` — both sides' lists (only acceptable pairs can be formed);
/// * `capacities` — seats per mentor (`1` everywhere for one-to-one; `0` = takes no one);
/// * `options` — proposing side and tie-breaking seed.
///
/// # Returns
/// An [`Assignment`] with status [`SolveStatus::Stable`] (weakly stable when there are ties).
/// Its `total` is NaN: no scores are involved (`n_pairs()` counts the pairs; use
/// [`Assignment::total_under`] to score it).
///
/// # Errors
/// [`Error::ShapeMismatch`] when `capacities.len() != prefs.n_mentors()`.
///
/// # Complexity
/// `O(L + n + m + P log c)`, see the module documentation.
///
/// # Examples
/// ```
/// use nastavnik::assign::stable::{stable_matching, Proposer, StableOptions};
/// use nastavnik::preferences::{Acceptability, Preferences};
/// // the classic 2x2 instance with two stable matchings
/// let p = Preferences::new(&[vec![vec![0], vec![1]], vec![vec![1], vec![0]]],
///                          &[vec![vec![1], vec![0]], vec![vec![0], vec![1]]],
///                          Acceptability::Mutual).unwrap();
/// let e = stable_matching(&p, &[1, 1], &StableOptions::default()).unwrap();
/// assert_eq!(e.pairs(), &[(0, 0), (1, 1)]); // mentees get their first choices
/// let m = stable_matching(&p, &[1, 1], &StableOptions::default().with_proposer(Proposer::Mentors)).unwrap();
/// assert_eq!(m.pairs(), &[(0, 1), (1, 0)]); // mentors get theirs
/// ```
pub fn stable_matching(
    prefs: &Preferences,
    capacities: &[u32],
    options: &StableOptions,
) -> Result<Assignment> {
    let (n, m) = (prefs.n_mentees(), prefs.n_mentors());
    if capacities.len() != m {
        return Err(Error::shape(
            "mentor capacities",
            format!("{m} (one per mentor)"),
            capacities.len(),
        ));
    }
    let mentee = prefs.mentee_lists();
    let mentor = prefs.mentor_lists();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mentee_pos = refine_positions(mentee, &mut rng);
    let mentor_pos = refine_positions(mentor, &mut rng);
    let ones = vec![1u32; n];
    let pairs: Vec<(usize, usize)> = match options.proposer {
        Proposer::Mentees => {
            let (targets, rank) = proposal_order(
                mentee,
                prefs.mentee_cross(),
                mentee_pos.as_deref(),
                mentor_pos.as_deref(),
            );
            deferred_acceptance(mentee.indptr(), &targets, &rank, &ones, capacities, mentor)?
        }
        Proposer::Mentors => {
            let (targets, rank) = proposal_order(
                mentor,
                prefs.mentor_cross(),
                mentor_pos.as_deref(),
                mentee_pos.as_deref(),
            );
            deferred_acceptance(mentor.indptr(), &targets, &rank, capacities, &ones, mentee)?
                .into_iter()
                .map(|(p, r)| (r, p))
                .collect()
        }
    };
    Ok(Assignment::from_solver(
        n,
        m,
        pairs,
        f64::NAN,
        SolveStatus::Stable,
    ))
}

/// Strict refinement of the tie groups of `lists`: the new absolute position of each entry after
/// shuffling every tie group with `rng` (`None` when there are no ties: positions unchanged).
pub(crate) fn refine_positions(lists: &RankedLists, rng: &mut ChaCha8Rng) -> Option<Vec<u32>> {
    if !lists.has_ties() {
        return None;
    }
    let ranks = lists.ranks();
    let indptr = lists.indptr();
    let mut pos: Vec<u32> = (0..ranks.len() as u32).collect();
    for a in 0..lists.n_owners() {
        let (lo, hi) = (indptr[a], indptr[a + 1]);
        let mut s = lo;
        while s < hi {
            let mut e = s + 1;
            while e < hi && ranks[e] == ranks[s] {
                e += 1;
            }
            if e - s > 1 {
                pos[s..e].shuffle(rng);
            }
            s = e;
        }
    }
    Some(pos)
}

/// Proposer targets in (refined) proposal order and the receiver's strict rank of each proposal
/// (an absolute position in the receiver lists: only compared within one receiver).
fn proposal_order<'a>(
    proposer: &'a RankedLists,
    cross: &'a [u32],
    proposer_pos: Option<&[u32]>,
    receiver_pos: Option<&[u32]>,
) -> (Cow<'a, [u32]>, Cow<'a, [u32]>) {
    let receiver_rank = |e: u32| receiver_pos.map_or(e, |p| p[e as usize]);
    match proposer_pos {
        None => {
            let rank = match receiver_pos {
                None => Cow::Borrowed(cross),
                Some(_) => Cow::Owned(cross.iter().map(|&e| receiver_rank(e)).collect()),
            };
            (Cow::Borrowed(proposer.items()), rank)
        }
        Some(pos) => {
            let mut targets = vec![0u32; pos.len()];
            let mut rank = vec![0u32; pos.len()];
            for (k, &p) in pos.iter().enumerate() {
                targets[p as usize] = proposer.items()[k];
                rank[p as usize] = receiver_rank(cross[k]);
            }
            (Cow::Owned(targets), Cow::Owned(rank))
        }
    }
}

/// Deferred acceptance on strict lists. Proposer `p` proposes to `targets[indptr[p]..]` in order;
/// `rank[k]` is the receiver's rank of proposal `k` (smaller is better). Returns the held
/// `(proposer, receiver)` pairs; [`crate::interrupt::check`] every 2^16 proposals.
fn deferred_acceptance(
    indptr: &[usize],
    targets: &[u32],
    rank: &[u32],
    prop_cap: &[u32],
    recv_cap: &[u32],
    receivers: &RankedLists,
) -> Result<Vec<(usize, usize)>> {
    let n_prop = indptr.len() - 1;
    let n_recv = recv_cap.len();
    // a receiver can never hold more than the length of its list
    let cap: Vec<usize> = (0..n_recv)
        .map(|r| {
            let len = receivers.indptr()[r + 1] - receivers.indptr()[r];
            (recv_cap[r] as usize).min(len)
        })
        .collect();
    let mut off = Vec::with_capacity(n_recv + 1);
    off.push(0usize);
    for &c in &cap {
        off.push(off[off.len() - 1] + c);
    }
    let mut heap = vec![0u64; off[n_recv]];
    let mut held = vec![0usize; n_recv];
    let mut next: Vec<usize> = indptr[..n_prop].to_vec();
    let mut free: Vec<u32> = prop_cap.to_vec();
    let mut in_stack = vec![false; n_prop];
    let mut stack: Vec<u32> = Vec::with_capacity(n_prop);
    for p in (0..n_prop).rev() {
        if free[p] > 0 && indptr[p] < indptr[p + 1] {
            in_stack[p] = true;
            stack.push(p as u32);
        }
    }
    let mut proposals = 0u32;
    crate::interrupt::check()?;
    while let Some(p) = stack.pop() {
        let p = p as usize;
        in_stack[p] = false;
        let end = indptr[p + 1];
        while free[p] > 0 && next[p] < end {
            proposals = proposals.wrapping_add(1);
            if proposals & 0xffff == 0 {
                crate::interrupt::check()?;
            }
            let k = next[p];
            next[p] += 1;
            let r = targets[k] as usize;
            let c = cap[r];
            if c == 0 {
                continue;
            }
            let key = (u64::from(rank[k]) << 32) | p as u64;
            let h = &mut heap[off[r]..off[r] + c];
            if held[r] < c {
                heap_push(h, held[r], key);
                held[r] += 1;
                free[p] -= 1;
            } else if key < h[0] {
                let old = h[0];
                h[0] = key;
                sift_down(h, 0);
                free[p] -= 1;
                let q = (old & 0xffff_ffff) as usize;
                free[q] += 1;
                if !in_stack[q] && next[q] < indptr[q + 1] {
                    in_stack[q] = true;
                    stack.push(q as u32);
                }
            }
        }
    }
    let mut pairs = Vec::with_capacity(off[n_recv]);
    for r in 0..n_recv {
        for &key in &heap[off[r]..off[r] + held[r]] {
            pairs.push(((key & 0xffff_ffff) as usize, r));
        }
    }
    Ok(pairs)
}

/// Push `key` into the max-heap `h[..len]`.
fn heap_push(h: &mut [u64], len: usize, key: u64) {
    let mut i = len;
    h[i] = key;
    while i > 0 {
        let parent = (i - 1) / 2;
        if h[parent] >= h[i] {
            break;
        }
        h.swap(parent, i);
        i = parent;
    }
}

/// Restore the max-heap property of the full slice `h` below `i`.
fn sift_down(h: &mut [u64], mut i: usize) {
    let len = h.len();
    loop {
        let l = 2 * i + 1;
        if l >= len {
            break;
        }
        let r = l + 1;
        let big = if r < len && h[r] > h[l] { r } else { l };
        if h[i] >= h[big] {
            break;
        }
        h.swap(i, big);
        i = big;
    }
}

/// Rank statistics of one side of a matching; ranks are **1-based tie-group ranks** in the
/// participant's effective list (1 = first choice; with ties every member of the first group is a
/// first choice).
///
/// ```
/// use nastavnik::assign::stable::RankStats;
/// let s = RankStats::default();
/// assert_eq!(s.n_participants, 0);
/// assert_eq!(s.mean_rank, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RankStats {
    /// Participants on this side.
    pub n_participants: usize,
    /// Participants with at least one partner.
    pub n_matched: usize,
    /// Participants without any partner.
    pub n_unmatched: usize,
    /// Participants with at least one partner from their first tie group.
    pub n_first_choice: usize,
    /// `n_first_choice / n_participants` (0 when there are no participants).
    pub first_choice_share: f64,
    /// Mean rank over this side's pairs whose partner is on the participant's list (a mentor with
    /// three mentees contributes three ranks); `None` when there is no such pair.
    pub mean_rank: Option<f64>,
    /// Worst (largest) rank over those pairs.
    pub worst_rank: Option<u32>,
    /// Pairs whose partner is not on the participant's effective list (possible for assignments
    /// from score-based solvers).
    pub n_unlisted: usize,
}

/// Accumulates [`RankStats`] participant by participant.
#[derive(Default)]
pub(crate) struct RankStatsAcc {
    stats: RankStats,
    sum: u64,
    n_ranked: u64,
}

impl RankStatsAcc {
    /// Add one participant with the tie-group ranks (0-based, `None` = unlisted) of its partners.
    pub(crate) fn add(&mut self, ranks: impl Iterator<Item = Option<u32>>) {
        let s = &mut self.stats;
        s.n_participants += 1;
        let mut any = false;
        let mut first = false;
        for r in ranks {
            any = true;
            match r {
                Some(r) => {
                    first |= r == 0;
                    self.sum += u64::from(r) + 1;
                    self.n_ranked += 1;
                    s.worst_rank = Some(s.worst_rank.map_or(r + 1, |w| w.max(r + 1)));
                }
                None => s.n_unlisted += 1,
            }
        }
        if any {
            s.n_matched += 1;
        } else {
            s.n_unmatched += 1;
        }
        if first {
            s.n_first_choice += 1;
        }
    }

    pub(crate) fn finish(mut self) -> RankStats {
        let s = &mut self.stats;
        s.first_choice_share = if s.n_participants == 0 {
            0.0
        } else {
            s.n_first_choice as f64 / s.n_participants as f64
        };
        s.mean_rank = (self.n_ranked > 0).then(|| self.sum as f64 / self.n_ranked as f64);
        self.stats
    }
}

fn check_assignment(assignment: &Assignment, prefs: &Preferences) -> Result<()> {
    let expected = (prefs.n_mentees(), prefs.n_mentors());
    let got = (assignment.n_mentees(), assignment.n_mentors());
    if expected != got {
        return Err(Error::shape(
            "assignment for preferences",
            format!("{}x{} (mentees x mentors)", expected.0, expected.1),
            format!("{}x{}", got.0, got.1),
        ));
    }
    Ok(())
}

/// Rank of each assigned pair from both sides (0-based tie-group rank, `None` when unlisted),
/// in the order of `assignment.pairs()`.
fn pair_ranks(assignment: &Assignment, prefs: &Preferences) -> Vec<(Option<u32>, Option<u32>)> {
    let mentee = prefs.mentee_lists();
    let mentor_ranks = prefs.mentor_lists().ranks();
    let cross = prefs.mentee_cross();
    assignment
        .pairs()
        .iter()
        .map(|&(i, j)| {
            let lo = mentee.indptr()[i];
            let (items, ranks) = mentee.list(i);
            match items.iter().position(|&x| x as usize == j) {
                Some(k) => (Some(ranks[k]), Some(mentor_ranks[cross[lo + k] as usize])),
                None => (None, None),
            }
        })
        .collect()
}

/// Blocking pairs of any assignment under `prefs` and mentor `capacities` (weak stability).
///
/// An acceptable pair `(mentee i, mentor j)` not in the assignment **blocks** when both
/// * `i` strictly prefers `j` to its best assigned mentor (or `i` is unmatched, or matched only to
///   mentors not on its list), and
/// * `j` has a free seat (fewer mentees than `capacities[j]`), or strictly prefers `i` to its
///   worst assigned mentee (a mentee not on `j`'s list counts as worse than any listed one).
///
/// An assignment is (weakly) stable iff the result is empty.
///
/// # Returns
/// The blocking `(mentee, mentor)` pairs, sorted.
///
/// # Errors
/// [`Error::ShapeMismatch`] when the assignment's shape or `capacities.len()` disagree with
/// `prefs`; [`Error::InvalidValue`] when a mentor holds more mentees than its capacity.
///
/// # Complexity
/// `O(L + n + m)` for `L` acceptable pairs.
///
/// # Examples
/// ```
/// use nastavnik::assign::{Assignment, SolveStatus};
/// use nastavnik::assign::stable::blocking_pairs;
/// use nastavnik::preferences::{Acceptability, Preferences};
/// let p = Preferences::new(&[vec![vec![0], vec![1]], vec![vec![0], vec![1]]],
///                          &[vec![vec![0], vec![1]], vec![vec![0], vec![1]]],
///                          Acceptability::Mutual).unwrap();
/// let bad = Assignment::new(2, 2, vec![(0, 1), (1, 0)], 2.0, SolveStatus::Feasible { gap: None }).unwrap();
/// assert_eq!(blocking_pairs(&bad, &p, &[1, 1]).unwrap(), vec![(0, 0)]);
/// ```
pub fn blocking_pairs(
    assignment: &Assignment,
    prefs: &Preferences,
    capacities: &[u32],
) -> Result<Vec<(usize, usize)>> {
    check_assignment(assignment, prefs)?;
    let (n, m) = (prefs.n_mentees(), prefs.n_mentors());
    if capacities.len() != m {
        return Err(Error::shape(
            "mentor capacities",
            format!("{m} (one per mentor)"),
            capacities.len(),
        ));
    }
    const WORST: u32 = u32::MAX;
    let mut best_e = vec![WORST; n]; // mentee's best assigned rank (WORST: none / unlisted)
    let mut worst_m = vec![0u32; m]; // mentor's worst assigned rank (WORST if unlisted)
    let mut count = vec![0u32; m];
    for (&(i, j), &(re, rm)) in assignment
        .pairs()
        .iter()
        .zip(&pair_ranks(assignment, prefs))
    {
        best_e[i] = best_e[i].min(re.unwrap_or(WORST));
        worst_m[j] = worst_m[j].max(rm.unwrap_or(WORST));
        count[j] += 1;
    }
    for j in 0..m {
        if count[j] > capacities[j] {
            return Err(Error::invalid(
                "assignment",
                format!(
                    "mentor {j} has {} mentees but capacity {}",
                    count[j], capacities[j]
                ),
            ));
        }
    }
    let mentee = prefs.mentee_lists();
    let mentor_ranks = prefs.mentor_lists().ranks();
    let cross = prefs.mentee_cross();
    let mut out = Vec::new();
    for (i, &best) in best_e.iter().enumerate() {
        let lo = mentee.indptr()[i];
        let (items, ranks) = mentee.list(i);
        for (k, (&j, &r)) in items.iter().zip(ranks).enumerate() {
            if r >= best {
                break;
            }
            let j = j as usize;
            let rm = mentor_ranks[cross[lo + k] as usize];
            if count[j] < capacities[j] || (count[j] > 0 && rm < worst_m[j]) {
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Rank statistics of an assignment for both sides: `(mentees, mentors)`; see [`RankStats`].
///
/// # Errors
/// [`Error::ShapeMismatch`] when the assignment's shape disagrees with `prefs`.
///
/// # Examples
/// ```
/// use nastavnik::assign::{Assignment, SolveStatus};
/// use nastavnik::assign::stable::rank_stats;
/// use nastavnik::preferences::{Acceptability, Preferences};
/// let p = Preferences::new(&[vec![vec![0], vec![1]], vec![vec![0], vec![1]]],
///                          &[vec![vec![1], vec![0]], vec![vec![0, 1]]],
///                          Acceptability::Mutual).unwrap();
/// let a = Assignment::new(2, 2, vec![(0, 1), (1, 0)], 2.0, SolveStatus::Optimal).unwrap();
/// let (e, m) = rank_stats(&a, &p).unwrap();
/// assert_eq!(e.n_first_choice, 1);
/// assert_eq!(e.mean_rank, Some(1.5));
/// assert_eq!(m.first_choice_share, 1.0);
/// assert_eq!(m.worst_rank, Some(1));
/// ```
pub fn rank_stats(assignment: &Assignment, prefs: &Preferences) -> Result<(RankStats, RankStats)> {
    check_assignment(assignment, prefs)?;
    let ranks = pair_ranks(assignment, prefs);
    let pairs = assignment.pairs();
    let mut e_acc = RankStatsAcc::default();
    let mut k = 0;
    for i in 0..prefs.n_mentees() {
        let start = k;
        while k < pairs.len() && pairs[k].0 == i {
            k += 1;
        }
        e_acc.add(ranks[start..k].iter().map(|r| r.0));
    }
    let mut by_mentor: Vec<Vec<Option<u32>>> = vec![Vec::new(); prefs.n_mentors()];
    for (&(_, j), r) in pairs.iter().zip(&ranks) {
        by_mentor[j].push(r.1);
    }
    let mut m_acc = RankStatsAcc::default();
    for r in by_mentor {
        m_acc.add(r.into_iter());
    }
    Ok((e_acc.finish(), m_acc.finish()))
}
