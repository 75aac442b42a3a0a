//! Stable partitions (Tan) of a roommates instance, in time linear in the list lengths.
//!
//! # Problem
//! A **stable partition** of a pool with strict (possibly incomplete) lists is a permutation `π`
//! of the participants whose cycles, the *parties*, satisfy
//! * every party of length 2 or more is a cycle of mutually acceptable neighbours
//!   `{i, π(i)}`; a party of length 1 (`π(i) = i`) is a participant left alone;
//! * in a party of length 3 or more, everyone strictly prefers their successor `π(i)` to their
//!   predecessor `π⁻¹(i)`;
//! * no pair `{x, y}` of mutually acceptable participants has `x` strictly preferring `y` to
//!   `π⁻¹(x)` and `y` strictly preferring `x` to `π⁻¹(y)` (being one's own predecessor, i.e.
//!   alone, is worse than any listed partner).
//!
//! A stable partition always exists. Parties of length 2 are pairs, and a stable partition
//! whose parties all have length ≤ 2 is a stable matching. Tan (1991, *A necessary and
//! sufficient condition for the existence of a complete stable matching*, J. Algorithms 12)
//! showed that every stable partition has the same *odd parties*; a stable matching exists
//! if and only if there is no odd party of length 3 or more. Removing any one member of each
//! such odd party leaves a pool that has a stable matching (pair the other members along the
//! cycle), and no smaller set of participants can be removed to that effect: the number of
//! odd parties of length ≥ 3 is the minimum number of participants to leave out for the others
//! to be matched stably (Tan 1990, *A maximum stable matching for the roommates problem*,
//! BIT 30).
//!
//! # Algorithm
//! [`stable_partition`] breaks ties with the seed exactly as
//! [`stable_roommates`](super::stable_roommates) does, then runs Irving's algorithm with Tan's
//! change to phase 2:
//! * **Phase 1** (proposals): as Irving; a participant whose list empties is alone.
//! * **Phase 2** (rotations): an exposed rotation `(x₀, y₀), …, (x_{r-1}, y_{r-1})`
//!   (`yᵢ` first and `yᵢ₊₁` second in `xᵢ`'s list, `xᵢ₊₁` last in `yᵢ₊₁`'s) is found by
//!   following "second choice, then that participant's last choice", keeping the walk between
//!   rotations (Irving's amortisation). If the `x`s and `y`s are disjoint the rotation is
//!   eliminated as in Irving's algorithm. Otherwise it is an odd party (its `x`s are its `y`s,
//!   `r` is odd and each member's list is exactly its successor and its predecessor, none of
//!   them listed by anyone else any more): it is recorded and its members take no further part,
//!   where Irving's algorithm would stop with "no stable matching".
//! * At the end every other list has at most one entry: pairs and participants alone.
//!
//! # Guarantees
//! * The result is a stable partition of the seed's strict refinement of the lists (for strict
//!   lists: of the lists), with parties of length 1, 2 or odd ≥ 3 only.
//! * [`StablePartition::odd_parties`] is empty if and only if the (refined) instance has a
//!   stable matching.
//! * Deterministic for a given seed.
//!
//! # Complexity
//! `O(L + n)` time and memory for `L` list entries: phase 1 and the eliminations delete each
//! list entry at most once, the list pointers only move forward, and the walk is kept between
//! rotations so each step is paid for by a deletion or by a participant joining a party.
//!
//! # Examples
//! ```
//! use nastavnik::assign::roommates::stable_partition;
//! use nastavnik::preferences::{Acceptability, PeerPreferences};
//! // the classic instance without a stable matching: 0 -> 1 -> 2 -> 0 and 3 ranked last by all
//! let p = PeerPreferences::new(&[
//!     vec![vec![1], vec![2], vec![3]], vec![vec![2], vec![0], vec![3]],
//!     vec![vec![0], vec![1], vec![3]], vec![vec![0], vec![1], vec![2]],
//! ], Acceptability::Mutual).unwrap();
//! let part = stable_partition(&p, 0).unwrap();
//! assert_eq!(part.odd_parties(), &[vec![0, 1, 2]]);
//! assert_eq!(part.successor(), &[1, 2, 0, 3]);
//! assert_eq!(part.alone(), vec![3]);
//! ```

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::super::stable::refine_positions;
use crate::error::{Error, Result};
use crate::preferences::PeerPreferences;

/// A stable partition: each participant's successor in their party (see the
/// [module documentation](self)).
///
/// ```
/// use nastavnik::assign::roommates::stable_partition;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]], vec![]], Acceptability::Mutual)
///     .unwrap();
/// let part = stable_partition(&p, 0).unwrap();
/// assert_eq!(part.successor(), &[1, 0, 2]);
/// assert!(part.odd_parties().is_empty());
/// assert_eq!(part.alone(), vec![2]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StablePartition {
    successor: Vec<usize>,
    odd_parties: Vec<Vec<usize>>,
}

impl StablePartition {
    /// `π(i)` for each participant `i`: their partner in a pair, their successor in an odd
    /// party (whom they prefer to their predecessor), or `i` itself when alone.
    ///
    /// ```
    /// use nastavnik::assign::roommates::stable_partition;
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(stable_partition(&p, 0).unwrap().successor(), &[1, 0]);
    /// ```
    pub fn successor(&self) -> &[usize] {
        &self.successor
    }

    /// The parties of length 3 or more (all odd), each in successor order starting at its
    /// smallest member, ordered by smallest member. Their number is the minimum number of
    /// participants to leave out so that the others have a stable matching.
    ///
    /// ```
    /// use nastavnik::assign::roommates::stable_partition;
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[
    ///     vec![vec![1], vec![2]], vec![vec![2], vec![0]], vec![vec![0], vec![1]],
    /// ], Acceptability::Mutual).unwrap();
    /// assert_eq!(stable_partition(&p, 0).unwrap().odd_parties(), &[vec![0, 1, 2]]);
    /// ```
    pub fn odd_parties(&self) -> &[Vec<usize>] {
        &self.odd_parties
    }

    /// The participants alone (parties of length 1), in increasing order: unmatched in every
    /// stable matching of any pool obtained by leaving out one member per odd party.
    ///
    /// ```
    /// use nastavnik::assign::roommates::stable_partition;
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![], vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(stable_partition(&p, 0).unwrap().alone(), vec![0, 1]);
    /// ```
    pub fn alone(&self) -> Vec<usize> {
        (0..self.successor.len())
            .filter(|&i| self.successor[i] == i)
            .collect()
    }
}

/// A stable partition of the pool by Tan's algorithm; see the [module documentation](self).
///
/// # Arguments
/// * `prefs` — the pool's lists (acceptable pairs only, see [`PeerPreferences`]);
/// * `seed` — tie-breaking seed (irrelevant without ties).
///
/// # Returns
/// A [`StablePartition`] of the seed's strict refinement of the lists.
///
/// # Errors
/// [`Error::Solver`] only if an internal invariant of the algorithm were violated (a bug).
///
/// # Examples
/// ```
/// use nastavnik::assign::roommates::stable_partition;
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// // 0 and 1 like each other best, as do 2 and 3
/// let p = PeerPreferences::new(&[
///     vec![vec![1], vec![2], vec![3]], vec![vec![0], vec![3], vec![2]],
///     vec![vec![3], vec![0], vec![1]], vec![vec![2], vec![1], vec![0]],
/// ], Acceptability::Mutual).unwrap();
/// let part = stable_partition(&p, 0).unwrap();
/// assert_eq!(part.successor(), &[1, 0, 3, 2]);
/// assert!(part.odd_parties().is_empty());
/// ```
pub fn stable_partition(prefs: &PeerPreferences, seed: u64) -> Result<StablePartition> {
    let (items, cross) = refined(prefs, seed);
    Tan::new(prefs.lists().indptr(), &items, &cross).solve()
}

/// The seed's strict refinement of the lists: items and cross links in refined order.
fn refined(prefs: &PeerPreferences, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let lists = prefs.lists();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match refine_positions(lists, &mut rng) {
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
    }
}

fn broken(what: &str) -> Error {
    Error::Solver {
        message: format!("stable roommates: internal invariant violated ({what}); please report"),
    }
}

const NONE: usize = usize::MAX;

/// Irving's algorithm with Tan's phase 2 on strict CSR lists with cross links.
struct Tan<'a> {
    indptr: &'a [usize],
    items: &'a [u32],
    cross: &'a [u32],
    deleted: Vec<bool>,
    /// First possibly live entry of each list (only moves forward).
    head: Vec<usize>,
    /// One past the last possibly live entry (only moves backward).
    tail: Vec<usize>,
    /// Lower bound on the position of the second live entry (only moves forward).
    sec: Vec<usize>,
}

impl<'a> Tan<'a> {
    fn new(indptr: &'a [usize], items: &'a [u32], cross: &'a [u32]) -> Self {
        let n = indptr.len() - 1;
        Self {
            indptr,
            items,
            cross,
            deleted: vec![false; items.len()],
            head: indptr[..n].to_vec(),
            tail: indptr[1..].to_vec(),
            sec: indptr[..n].to_vec(),
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

    /// Second live entry of `x`'s list (amortised: the pointer only moves forward, because
    /// entries are only ever deleted).
    fn second(&mut self, x: usize) -> Option<usize> {
        let f = self.first(x)?;
        if self.sec[x] <= f {
            self.sec[x] = f + 1;
        }
        while self.sec[x] < self.tail[x] && self.deleted[self.sec[x]] {
            self.sec[x] += 1;
        }
        (self.sec[x] < self.tail[x]).then_some(self.sec[x])
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
        self.tail[y] = self.tail[y].min(e + 1);
    }

    fn phase1(&mut self, n: usize) {
        let mut holder = vec![NONE; n];
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
            if previous != NONE {
                stack.push(previous);
            }
        }
    }

    /// Whether the rotation `rot` (pairs `(xᵢ, entry of yᵢ₊₁ in xᵢ's list)`) still is an
    /// exposed rotation of the current table (entries kept from an earlier walk may be stale).
    /// Returns the index of the first stale element, if any.
    fn stale(&mut self, rot: &[(usize, usize)]) -> Option<usize> {
        let r = rot.len();
        for i in 0..r {
            let (x, s) = rot[i];
            if self.second(x) != Some(s) {
                return Some(i);
            }
            let y = self.items[s] as usize;
            let next = rot[(i + 1) % r].0;
            if self.last(y).map(|l| self.items[l] as usize) != Some(next) {
                return Some(i);
            }
        }
        None
    }

    fn solve(mut self) -> Result<StablePartition> {
        let n = self.indptr.len() - 1;
        self.phase1(n);
        let mut done = vec![false; n];
        let mut in_rot = vec![false; n];
        let mut odd_parties: Vec<Vec<usize>> = Vec::new();
        let mut cursor = 0;
        let mut seq_index = vec![NONE; n];
        // the walk: (pᵢ, entry of second(pᵢ)); kept between rotations
        let mut seq: Vec<(usize, usize)> = Vec::new();
        let mut hit = Vec::new();
        loop {
            // where to walk from: the end of the kept walk, else the next unfinished participant
            let mut p = match seq.pop() {
                Some((q, _)) => {
                    seq_index[q] = NONE;
                    if self.second(q).is_none() {
                        continue;
                    }
                    q
                }
                None => {
                    while cursor < n && (done[cursor] || self.second(cursor).is_none()) {
                        cursor += 1;
                    }
                    if cursor == n {
                        break;
                    }
                    cursor
                }
            };
            while seq_index[p] == NONE {
                let s = self
                    .second(p)
                    .ok_or_else(|| broken("walk reached a short list"))?;
                seq_index[p] = seq.len();
                seq.push((p, s));
                let q = self.items[s] as usize;
                let l = self
                    .last(q)
                    .ok_or_else(|| broken("walk reached an empty list"))?;
                p = self.items[l] as usize;
            }
            let start = seq_index[p];
            if let Some(i) = self.stale(&seq[start..]) {
                // re-walk from the first stale element
                for &(q, _) in &seq[start + i + 1..] {
                    seq_index[q] = NONE;
                }
                seq.truncate(start + i + 1);
                continue;
            }
            for &(q, _) in &seq[start..] {
                seq_index[q] = NONE;
                in_rot[q] = true;
            }
            let singular = self.empties_a_list(&seq[start..], &in_rot)?;
            if singular {
                let party = self.odd_party(&seq[start..], &in_rot)?;
                for &x in &party {
                    done[x] = true;
                }
                odd_parties.push(party);
            } else {
                hit.clear();
                for &(_, s) in &seq[start..] {
                    let y = self.items[s] as usize;
                    self.truncate_after(y, self.cross[s] as usize, &mut hit);
                }
                for &z in &hit {
                    if self.first(z).is_none() {
                        return Err(broken("a list emptied by a rotation"));
                    }
                }
            }
            for &(q, _) in &seq[start..] {
                in_rot[q] = false;
            }
            seq.truncate(start);
        }
        let mut successor: Vec<usize> = (0..n).collect();
        for (x, s) in successor.iter_mut().enumerate() {
            if let Some(k) = self.first(x) {
                *s = self.items[k] as usize;
            }
        }
        for (x, &s) in successor.iter().enumerate() {
            if !done[x] && s != x && successor[s] != x {
                return Err(broken("a list longer than one entry at the end"));
            }
        }
        odd_parties.sort_unstable();
        Ok(StablePartition {
            successor,
            odd_parties,
        })
    }

    /// Whether eliminating the rotation would empty a list: some `xᵢ` is also `y_k`, and
    /// `xᵢ`'s first choice `yᵢ` is `x_{k-1}`, the participant after whom `y_k = xᵢ` would
    /// truncate. `in_rot` marks the `x`s.
    fn empties_a_list(&mut self, rot: &[(usize, usize)], in_rot: &[bool]) -> Result<bool> {
        let r = rot.len();
        for k in 0..r {
            // y_k is the second choice of x_{k-1}
            let (prev, s) = rot[(k + r - 1) % r];
            let yk = self.items[s] as usize;
            if !in_rot[yk] {
                continue;
            }
            let f = self
                .first(yk)
                .ok_or_else(|| broken("empty list in a rotation"))?;
            if self.items[f] as usize == prev {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Checks that a rotation whose `x`s meet its `y`s is an odd party (odd length, every
    /// member's list exactly its successor then its predecessor, both members) and returns
    /// its members in successor order from the smallest.
    fn odd_party(&mut self, rot: &[(usize, usize)], in_rot: &[bool]) -> Result<Vec<usize>> {
        let r = rot.len();
        if r.is_multiple_of(2) || r < 3 {
            return Err(broken("an even rotation meets itself"));
        }
        for &(x, s) in rot {
            let f = self
                .first(x)
                .ok_or_else(|| broken("empty list in a party"))?;
            let l = self
                .last(x)
                .ok_or_else(|| broken("empty list in a party"))?;
            if l != s
                || !in_rot[self.items[f] as usize]
                || !in_rot[self.items[l] as usize]
                || (f + 1..l).any(|k| !self.deleted[k])
            {
                return Err(broken("a rotation meeting itself is not an odd party"));
            }
        }
        let start = rot
            .iter()
            .map(|&(x, _)| x)
            .min()
            .ok_or_else(|| broken("empty rotation"))?;
        let mut party = Vec::with_capacity(r);
        let mut x = start;
        loop {
            party.push(x);
            let f = self
                .first(x)
                .ok_or_else(|| broken("empty list in a party"))?;
            x = self.items[f] as usize;
            if x == start || party.len() > r {
                break;
            }
        }
        if party.len() != r {
            return Err(broken("a party is not one cycle"));
        }
        Ok(party)
    }
}
