//! Stable roommates (Irving) for the peer format: pairs inside one pool.
//!
//! # Algorithm
//! [`stable_roommates`] runs Irving's algorithm on [`PeerPreferences`] with possibly incomplete
//! lists. Ties are first broken by shuffling every tie group with
//! `ChaCha8Rng::seed_from_u64(seed)`.
//! * **Phase 1** (proposals): everyone proposes down their list; a participant receiving a
//!   proposal deletes everyone they like less than the proposer (both directions), and the
//!   participant they held before proposes again. Participants left with an empty list are
//!   unmatched in every stable matching.
//! * **Phase 2** (rotations): while someone has two or more entries left, find an exposed
//!   rotation by following "second choice, then that person's last choice", and eliminate it.
//!   If a list becomes empty, no stable matching exists; otherwise every remaining list has one
//!   entry and these form the stable matching.
//!
//! # When no stable matching exists
//! The returned matching is a documented **best effort**: the participant whose list became
//! empty in phase 2 is *set aside*, and Irving's algorithm is re-run on the others; this repeats
//! until the remaining participants have a stable matching. Connected components of the
//! acceptability graph are independent, so the algorithm runs on each component separately and
//! a failure re-runs only the component where it happened (split into the components left
//! without the participant set aside); members keep their index order, so the result is the
//! same as re-running on the whole pool. Then the unmatched participants
//! (those set aside and any others left single) are paired greedily, in index order, each with
//! their best acceptable still-unmatched participant. Pairing two unmatched participants never
//! creates a blocking pair, so:
//! * the matching is stable among the participants who were not set aside: **every blocking pair
//!   involves a participant from [`RoommatesOutcome::set_aside`]**;
//! * all its blocking pairs are listed in [`RoommatesOutcome::blocking_pairs`].
//!
//! This is a heuristic for "as few blocking pairs as possible", with no optimality claim (finding
//! the matching with fewest blocking pairs is NP-hard).
//!
//! # Guarantees
//! * Strict lists: [`RoommatesOutcome::stable`] is `true` if and only if a stable matching exists,
//!   and then the matching is stable.
//! * With ties, a stable matching of the seed's strict refinement is weakly stable for the stated
//!   lists (`stable == true`); `stable == false` then only says that this refinement has none.
//! * `stable` is always `blocking_pairs.is_empty()`, computed on the stated (weak) lists.
//! * Deterministic for a given seed.
//!
//! # Complexity
//! One run of Irving's algorithm takes `O(L + n + R · ℓ)` time for `L` acceptable pairs, `R`
//! rotations and `ℓ` the longest list (in practice close to `O(L)`); `O(L + n)` memory. The best
//! effort re-runs it once per participant set aside, on that participant's component only:
//! `O(L + n + Σ L_z)` where `L_z` is the list length of the component in which the `z`-th
//! failure happened. Many small unsolvable parts (e.g. `k` disjoint copies of the classic
//! 4-person instance) therefore cost `O(L + n)` in total; the worst case remains quadratic
//! when many failures happen inside one large connected component.
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

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::stable::{RankStats, RankStatsAcc, refine_positions};
use super::{PeerMatching, SolveStatus};
use crate::error::{Error, Result};
use crate::preferences::PeerPreferences;

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
    /// Participants set aside by the best effort (empty when a stable matching was found):
    /// grouped by component (components in order of their smallest member), in the order they
    /// were set aside within each.
    pub set_aside: Vec<usize>,
}

/// Stable roommates by Irving's algorithm; see the [module documentation](self).
///
/// # Arguments
/// * `prefs` — the pool's lists (acceptable pairs only, see [`PeerPreferences`]);
/// * `seed` — tie-breaking seed (irrelevant without ties).
///
/// # Returns
/// A [`RoommatesOutcome`]; the matching's `total` is NaN (no scores are involved).
///
/// # Errors
/// None at present for valid [`PeerPreferences`]; the `Result` is kept for future options.
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
/// assert!(out.blocking_pairs.iter().all(|&(i, j)| out.set_aside.contains(&i) || out.set_aside.contains(&j)));
/// ```
pub fn stable_roommates(prefs: &PeerPreferences, seed: u64) -> Result<RoommatesOutcome> {
    let n = prefs.n();
    let lists = prefs.lists();
    let indptr = lists.indptr();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // strict refinement: items and cross links in refined order
    let (items, cross) = match refine_positions(lists, &mut rng) {
        None => (lists.items().to_vec(), prefs.cross().to_vec()),
        Some(pos) => {
            let mut items = vec![0u32; pos.len()];
            let mut cross = vec![0u32; pos.len()];
            for (k, &p) in pos.iter().enumerate() {
                items[p as usize] = lists.items()[k];
                cross[p as usize] = pos[prefs.cross()[k] as usize];
            }
            (items, cross)
        }
    };
    let mut mate: Vec<Option<usize>> = vec![None; n];
    let mut set_aside = Vec::new();
    // Components of the acceptability graph are independent, so each is solved on a relabelled
    // copy of its lists (members kept in index order, so it runs exactly as it would inside the
    // whole instance). When phase 2 fails at `z`, only the component of `z` is re-run, split
    // into the components that remain without `z`.
    let mut local = LocalIds::new(n, items.len());
    let mut gone = vec![false; n];
    let mut work = components(indptr, &items, None);
    work.reverse();
    while let Some(comp) = work.pop() {
        if comp.len() < 2 {
            continue;
        }
        let sub = local.restrict(&comp, indptr, &items, &cross, &gone);
        match Irving::new(&sub.indptr, &sub.items, &sub.cross).solve() {
            Ok(sub_mate) => {
                for (x, m) in sub_mate.into_iter().enumerate() {
                    mate[comp[x]] = m.map(|y| comp[y]);
                }
            }
            Err(z) => {
                gone[comp[z]] = true;
                set_aside.push(comp[z]);
                let mut parts = components(&sub.indptr, &sub.items, Some(z));
                for part in &mut parts {
                    for x in part.iter_mut() {
                        *x = comp[*x];
                    }
                }
                work.extend(parts.into_iter().rev());
            }
        }
    }
    if !set_aside.is_empty() {
        // greedy completion among the unmatched, best acceptable unmatched partner first
        for a in 0..n {
            if mate[a].is_some() {
                continue;
            }
            let partner = (indptr[a]..indptr[a + 1])
                .map(|k| items[k] as usize)
                .find(|&b| mate[b].is_none());
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

/// Connected components of the (symmetric) acceptability graph given as CSR lists, without
/// participant `skip`, each with its members in increasing index order; components ordered by
/// their smallest member.
/// `O(L + n)` time apart from sorting each component's members.
fn components(indptr: &[usize], items: &[u32], skip: Option<usize>) -> Vec<Vec<usize>> {
    let n = indptr.len() - 1;
    let mut seen = vec![false; n];
    if let Some(z) = skip {
        seen[z] = true;
    }
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        stack.push(s);
        let mut comp = Vec::new();
        while let Some(a) = stack.pop() {
            comp.push(a);
            for &b in &items[indptr[a]..indptr[a + 1]] {
                let b = b as usize;
                if !seen[b] {
                    seen[b] = true;
                    stack.push(b);
                }
            }
        }
        comp.sort_unstable();
        out.push(comp);
    }
    out
}

/// Strict CSR lists (with cross links) of one component, in local ids.
struct SubLists {
    indptr: Vec<usize>,
    items: Vec<u32>,
    cross: Vec<u32>,
}

/// Global-to-local relabelling shared by all components (`O(n + L)` memory allocated once).
struct LocalIds {
    /// Local id of each participant of the current component.
    id: Vec<u32>,
    /// Local position of each kept list entry of the current component.
    entry: Vec<u32>,
}

impl LocalIds {
    fn new(n: usize, len: usize) -> Self {
        Self {
            id: vec![0; n],
            entry: vec![0; len],
        }
    }

    /// The lists of the members of `comp` (a whole component of the graph without the `gone`
    /// participants) relabelled to local ids `0..comp.len()`, entries naming a `gone`
    /// participant dropped. `O(size of the members' lists)`.
    fn restrict(
        &mut self,
        comp: &[usize],
        indptr: &[usize],
        items: &[u32],
        cross: &[u32],
        gone: &[bool],
    ) -> SubLists {
        let mut sub_indptr = Vec::with_capacity(comp.len() + 1);
        sub_indptr.push(0);
        let mut len = 0usize;
        for (x, &a) in comp.iter().enumerate() {
            self.id[a] = x as u32;
            for k in indptr[a]..indptr[a + 1] {
                if !gone[items[k] as usize] {
                    self.entry[k] = len as u32;
                    len += 1;
                }
            }
            sub_indptr.push(len);
        }
        let mut sub_items = Vec::with_capacity(len);
        let mut sub_cross = Vec::with_capacity(len);
        for &a in comp {
            for k in indptr[a]..indptr[a + 1] {
                if !gone[items[k] as usize] {
                    sub_items.push(self.id[items[k] as usize]);
                    sub_cross.push(self.entry[cross[k] as usize]);
                }
            }
        }
        SubLists {
            indptr: sub_indptr,
            items: sub_items,
            cross: sub_cross,
        }
    }
}

/// One run of Irving's algorithm on strict CSR lists with cross links.
struct Irving<'a> {
    indptr: &'a [usize],
    items: &'a [u32],
    cross: &'a [u32],
    deleted: Vec<bool>,
    head: Vec<usize>,
    tail: Vec<usize>,
}

impl<'a> Irving<'a> {
    fn new(indptr: &'a [usize], items: &'a [u32], cross: &'a [u32]) -> Self {
        let n = indptr.len() - 1;
        Self {
            indptr,
            items,
            cross,
            deleted: vec![false; items.len()],
            head: indptr[..n].to_vec(),
            tail: indptr[1..].to_vec(),
        }
    }

    /// First live entry of `x`'s list.
    fn first(&mut self, x: usize) -> Option<usize> {
        while self.head[x] < self.tail[x] && self.deleted[self.head[x]] {
            self.head[x] += 1;
        }
        (self.head[x] < self.tail[x]).then_some(self.head[x])
    }

    /// Last live entry of `x`'s list.
    fn last(&mut self, x: usize) -> Option<usize> {
        while self.tail[x] > self.head[x] && self.deleted[self.tail[x] - 1] {
            self.tail[x] -= 1;
        }
        (self.tail[x] > self.head[x]).then(|| self.tail[x] - 1)
    }

    /// Second live entry of `x`'s list.
    fn second(&mut self, x: usize) -> Option<usize> {
        let f = self.first(x)?;
        (f + 1..self.tail[x]).find(|&k| !self.deleted[k])
    }

    /// Delete every live pair `{y, z}` with `z` after absolute entry `e` in `y`'s list; the
    /// other parties `z` are pushed to `hit`.
    fn truncate_after(&mut self, y: usize, e: usize, hit: &mut Vec<usize>) {
        for k in e + 1..self.tail[y] {
            if !self.deleted[k] {
                self.deleted[k] = true;
                self.deleted[self.cross[k] as usize] = true;
                hit.push(self.items[k] as usize);
            }
        }
        self.tail[y] = e + 1;
    }

    /// The stable matching of the active participants, or the participant whose list became
    /// empty in phase 2 (no stable matching exists).
    fn solve(&mut self) -> std::result::Result<Vec<Option<usize>>, usize> {
        let n = self.indptr.len() - 1;
        let none = usize::MAX;
        // phase 1
        let mut holder = vec![none; n];
        let mut stack: Vec<usize> = (0..n).rev().collect();
        let mut hit = Vec::new();
        while let Some(x) = stack.pop() {
            let Some(k) = self.first(x) else { continue };
            let y = self.items[k] as usize;
            let e = self.cross[k] as usize;
            let previous = holder[y];
            holder[y] = x;
            hit.clear();
            self.truncate_after(y, e, &mut hit);
            if previous != none {
                stack.push(previous);
            }
        }
        // phase 2
        let mut cursor = 0;
        let mut seq_index = vec![none; n];
        let mut seq: Vec<(usize, usize)> = Vec::new(); // (p_i, entry of second(p_i))
        loop {
            while cursor < n && self.second(cursor).is_none() {
                cursor += 1;
            }
            if cursor == n {
                break;
            }
            seq.clear();
            let mut p = cursor;
            while seq_index[p] == none {
                let Some(s) = self.second(p) else {
                    // cannot happen on a phase-1 table; treat p as the failure point
                    for &(q, _) in &seq {
                        seq_index[q] = none;
                    }
                    return Err(p);
                };
                seq_index[p] = seq.len();
                seq.push((p, s));
                let q = self.items[s] as usize;
                let Some(l) = self.last(q) else { return Err(q) };
                p = self.items[l] as usize;
            }
            let start = seq_index[p];
            for &(q, _) in &seq {
                seq_index[q] = none;
            }
            hit.clear();
            for &(_, s) in &seq[start..] {
                let y = self.items[s] as usize;
                self.truncate_after(y, self.cross[s] as usize, &mut hit);
            }
            for &z in &hit {
                if self.first(z).is_none() {
                    return Err(z);
                }
            }
        }
        let mut mate = vec![None; n];
        for (x, m) in mate.iter_mut().enumerate() {
            if let Some(k) = self.first(x) {
                *m = Some(self.items[k] as usize);
            }
        }
        Ok(mate)
    }
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
