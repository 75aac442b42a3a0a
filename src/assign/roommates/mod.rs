//! Stable roommates (Irving, with Tan's stable partitions) for the peer format: pairs inside
//! one pool.
//!
//! # Algorithm
//! [`stable_roommates`] computes a stable partition ([`partition`]: Irving's algorithm with
//! Tan's phase 2) of [`PeerPreferences`] with possibly incomplete lists. Ties are first broken
//! by shuffling every tie group with `ChaCha8Rng::seed_from_u64(seed)`.
//! * **Phase 1** (proposals): everyone proposes down their list; a participant receiving a
//!   proposal deletes everyone they like less than the proposer (both directions), and the
//!   participant they held before proposes again. Participants left with an empty list are
//!   unmatched in every stable matching.
//! * **Phase 2** (rotations): while someone has two or more entries left, find an exposed
//!   rotation by following "second choice, then that person's last choice", and eliminate it;
//!   a rotation that meets itself is an **odd party** (an odd cycle `a₀ → a₁ → … → a₀` in which
//!   everyone prefers their successor to their predecessor) and is recorded instead. With no odd
//!   party, every remaining list has one entry and these form the stable matching.
//!
//! # When no stable matching exists
//! A stable matching exists if and only if the stable partition has no odd party of length ≥ 3
//! (Tan 1991). Otherwise the returned matching is a **maximum stable matching** in Tan's sense
//! (Tan 1990, *A maximum stable matching for the roommates problem*):
//! * from each odd party its member with the largest index is *set aside*
//!   ([`RoommatesOutcome::set_aside`], sorted) and the other members are paired along the cycle;
//!   pairs of the partition stay pairs. The participants not set aside then form a stable
//!   matching of the pool without the set-aside participants;
//! * `set_aside.len()` is the **minimum** number of participants whose removal leaves a pool with
//!   a stable matching (exactly one per odd party; proved against brute force in the tests);
//! * then the unmatched participants (those set aside and any others left single) are paired
//!   greedily, in index order, each with their best acceptable still-unmatched participant.
//!   Pairing two unmatched participants never creates a blocking pair, so **every blocking pair
//!   involves a participant from [`RoommatesOutcome::set_aside`]**, and removing the pairs that
//!   involve a set-aside participant gives back the stable matching of the others;
//! * all its blocking pairs are listed in [`RoommatesOutcome::blocking_pairs`].
//!
//! This does not minimise the number of blocking pairs (that problem is NP-hard); it minimises
//! the number of participants who are not stably matched.
//!
//! # Guarantees
//! * Strict lists: [`RoommatesOutcome::stable`] is `true` if and only if a stable matching exists,
//!   and then the matching is stable; otherwise the properties above hold.
//! * With ties, everything above holds for the seed's strict refinement: a stable matching of the
//!   refinement is weakly stable for the stated lists (`stable == true`); `stable == false` then
//!   only says that this refinement has none.
//! * `stable` is always `blocking_pairs.is_empty()`, computed on the stated (weak) lists.
//! * Deterministic for a given seed; components of the acceptability graph do not interact
//!   (a disjoint union gives each part the matching it gets alone).
//!
//! # Complexity
//! `O(L + n)` time and memory for `L` acceptable pairs, also when no stable matching exists
//! (see [`partition`]); the blocking pairs are counted in `O(L + n)`.
//!
//! # Examples
//! ```
//! use nastavnik::assign::roommates::stable_roommates;
//! use nastavnik::preferences::{Acceptability, PeerPreferences};
//! // 0 and 1 like each other best, as do 2 and 3
//! let p = PeerPreferences::new(&[
//!     vec![vec![1], vec![2], vec![3]], vec![vec![0], vec![3], vec![2]],
//!     vec![vec![3], vec![0], vec![1]], vec![vec![2], vec![1], vec![0]],
//! ], Acceptability::Mutual).unwrap();
//! let out = stable_roommates(&p, 0).unwrap();
//! assert!(out.stable);
//! assert_eq!(out.matching.pairs(), vec![(0, 1), (2, 3)]);
//! ```

use serde::{Deserialize, Serialize};

use super::stable::{RankStats, RankStatsAcc};
use super::{PeerMatching, SolveStatus};
use crate::error::{Error, Result};
use crate::preferences::PeerPreferences;

pub mod partition;

pub use partition::{StablePartition, stable_partition};

/// What [`stable_roommates`] found.
///
/// ```
/// use nastavnik::assign::roommates::stable_roommates;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
/// let out = stable_roommates(&p, 0).unwrap();
/// assert!(out.stable && out.blocking_pairs.is_empty() && out.set_aside.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoommatesOutcome {
    /// The pairs. Status [`SolveStatus::Stable`] means stable; [`SolveStatus::Partial`] means
    /// the best-effort matching described in the [module documentation](self).
    pub matching: PeerMatching,
    /// Whether the matching has no blocking pair (weak stability on the stated lists).
    pub stable: bool,
    /// Blocking pairs `(i, j)`, `i < j`, sorted (empty when stable).
    pub blocking_pairs: Vec<(usize, usize)>,
    /// Participants set aside when no stable matching exists (empty otherwise): the largest
    /// member of each odd party of the stable partition, in increasing order; a minimum set
    /// whose removal leaves a pool with a stable matching (see the [module documentation](self)).
    pub set_aside: Vec<usize>,
}

/// Stable roommates by Irving's algorithm, or a maximum stable matching (Tan) when none exists;
/// see the [module documentation](self).
///
/// # Arguments
/// * `prefs` — the pool's lists (acceptable pairs only, see [`PeerPreferences`]);
/// * `seed` — tie-breaking seed (irrelevant without ties).
///
/// # Returns
/// A [`RoommatesOutcome`]; the matching's `total` is NaN (no scores are involved).
///
/// # Errors
/// None for valid [`PeerPreferences`] ([`Error::Solver`] only if an internal invariant were
/// violated, a bug).
///
/// # Examples
/// ```
/// use nastavnik::assign::roommates::stable_roommates;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// // the classic instance without a stable matching: 0, 1, 2 in a cycle, everyone ranks 3 last
/// let p = PeerPreferences::new(&[
///     vec![vec![1], vec![2], vec![3]], vec![vec![2], vec![0], vec![3]],
///     vec![vec![0], vec![1], vec![3]], vec![vec![0], vec![1], vec![2]],
/// ], Acceptability::Mutual).unwrap();
/// let out = stable_roommates(&p, 0).unwrap();
/// assert!(!out.stable);
/// assert_eq!(out.matching.pairs().len(), 2);
/// assert_eq!(out.set_aside, vec![2]); // the largest member of the odd party 0 -> 1 -> 2
/// assert!(out.blocking_pairs.iter().all(|&(i, j)| out.set_aside.contains(&i) || out.set_aside.contains(&j)));
/// ```
pub fn stable_roommates(prefs: &PeerPreferences, seed: u64) -> Result<RoommatesOutcome> {
    let n = prefs.n();
    let part = stable_partition(prefs, seed)?;
    let succ = part.successor();
    let mut mate: Vec<Option<usize>> = vec![None; n];
    for (x, &s) in succ.iter().enumerate() {
        if s != x && succ[s] == x {
            mate[x] = Some(s);
        }
    }
    // one member of each odd party is left out (its largest), the others are paired along the
    // cycle: each gets their successor or their predecessor
    let mut set_aside = Vec::with_capacity(part.odd_parties().len());
    for party in part.odd_parties() {
        let Some(&out) = party.iter().max() else {
            continue;
        };
        set_aside.push(out);
        let mut a = succ[out];
        while a != out {
            let b = succ[a];
            mate[a] = Some(b);
            mate[b] = Some(a);
            a = succ[b];
        }
    }
    set_aside.sort_unstable();
    if !set_aside.is_empty() {
        // greedy completion among the unmatched, best acceptable unmatched partner first (stated
        // list order; ties in the order given)
        let lists = prefs.lists();
        let indptr = lists.indptr();
        let items = lists.items();
        for a in 0..n {
            if mate[a].is_some() {
                continue;
            }
            let partner = (indptr[a]..indptr[a + 1])
                .map(|k| items[k] as usize)
                .find(|&b| b != a && mate[b].is_none());
            if let Some(b) = partner {
                mate[a] = Some(b);
                mate[b] = Some(a);
            }
        }
    }
    let total = f64::NAN;
    let probe = PeerMatching::new(mate.clone(), total, SolveStatus::Partial)?;
    let blocking = peer_blocking_pairs(&probe, prefs)?;
    let stable = blocking.is_empty();
    let status = if stable {
        SolveStatus::Stable
    } else {
        SolveStatus::Partial
    };
    Ok(RoommatesOutcome {
        matching: PeerMatching::new(mate, total, status)?,
        stable,
        blocking_pairs: blocking,
        set_aside,
    })
}

fn check_peer(matching: &PeerMatching, prefs: &PeerPreferences) -> Result<()> {
    if matching.mate().len() != prefs.n() {
        return Err(Error::shape(
            "peer matching for preferences",
            format!("{} participants", prefs.n()),
            matching.mate().len(),
        ));
    }
    Ok(())
}

/// Rank (0-based tie group) of each participant's mate in their list; `None` when unmatched or
/// unlisted.
fn mate_ranks(matching: &PeerMatching, prefs: &PeerPreferences) -> Vec<Option<u32>> {
    matching
        .mate()
        .iter()
        .enumerate()
        .map(|(i, m)| m.and_then(|j| prefs.rank(i, j)))
        .collect()
}

/// Blocking pairs of any peer matching under `prefs` (weak stability): an acceptable pair
/// `{i, j}` that is not matched blocks when each strictly prefers the other to their mate (being
/// unmatched, or matched to someone not on one's list, is worse than any listed partner).
///
/// # Returns
/// The blocking pairs `(i, j)` with `i < j`, sorted.
///
/// # Errors
/// [`Error::ShapeMismatch`] when the matching and `prefs` have different sizes.
///
/// # Complexity
/// `O(L + n)`.
///
/// # Examples
/// ```
/// use nastavnik::assign::{PeerMatching, SolveStatus};
/// use nastavnik::assign::roommates::peer_blocking_pairs;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1], vec![2]], vec![vec![0]], vec![vec![0]]],
///                              Acceptability::Mutual).unwrap();
/// let m = PeerMatching::new(vec![Some(2), None, Some(0)], 1.0, SolveStatus::Partial).unwrap();
/// assert_eq!(peer_blocking_pairs(&m, &p).unwrap(), vec![(0, 1)]);
/// ```
pub fn peer_blocking_pairs(
    matching: &PeerMatching,
    prefs: &PeerPreferences,
) -> Result<Vec<(usize, usize)>> {
    check_peer(matching, prefs)?;
    let cur: Vec<u32> = mate_ranks(matching, prefs)
        .into_iter()
        .map(|r| r.unwrap_or(u32::MAX))
        .collect();
    let lists = prefs.lists();
    let ranks = lists.ranks();
    let cross = prefs.cross();
    let mut out = Vec::new();
    for (i, &ci) in cur.iter().enumerate() {
        let lo = lists.indptr()[i];
        let (items, r) = lists.list(i);
        for (k, (&j, &rij)) in items.iter().zip(r).enumerate() {
            if rij >= ci {
                break;
            }
            let j = j as usize;
            if i < j && ranks[cross[lo + k] as usize] < cur[j] {
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Rank statistics of a peer matching (see [`RankStats`]; ranks are 1-based tie groups).
///
/// # Errors
/// [`Error::ShapeMismatch`] when the matching and `prefs` have different sizes.
///
/// # Examples
/// ```
/// use nastavnik::assign::{PeerMatching, SolveStatus};
/// use nastavnik::assign::roommates::peer_rank_stats;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1], vec![2]], vec![vec![0]], vec![vec![0]]],
///                              Acceptability::Mutual).unwrap();
/// let m = PeerMatching::new(vec![Some(2), None, Some(0)], 1.0, SolveStatus::Partial).unwrap();
/// let s = peer_rank_stats(&m, &p).unwrap();
/// assert_eq!((s.n_matched, s.n_unmatched, s.n_first_choice), (2, 1, 1));
/// assert_eq!(s.worst_rank, Some(2));
/// ```
pub fn peer_rank_stats(matching: &PeerMatching, prefs: &PeerPreferences) -> Result<RankStats> {
    check_peer(matching, prefs)?;
    let mut acc = RankStatsAcc::default();
    for (m, r) in matching.mate().iter().zip(mate_ranks(matching, prefs)) {
        match m {
            Some(_) => acc.add(std::iter::once(r)),
            None => acc.add(std::iter::empty()),
        }
    }
    Ok(acc.finish())
}
