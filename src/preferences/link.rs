//! Cross-linking the two sides' lists: acceptability filtering ([`Acceptability`]) and, for every
//! entry, the position of the owner in the target's list (so the solvers never search a list).

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::ranked::{PAR_MIN_ENTRIES, split_rows};
use super::{Acceptability, NONE, RankedLists};

/// Largest dense position table (entries) used to cross-link the two sides.
pub(super) const DENSE_MAX: usize = 1 << 25;

/// For each entry of `a` (owner `i` lists target `j`), the absolute index of `i` in `b`'s list of
/// `j`, or `NONE` when `j` does not list `i`. `a`'s targets are `b`'s owners and vice versa.
///
/// Dense inputs (`n_a · n_b` at most a small multiple of the entries) use an `n_b × n_a`
/// position table filled from `b` and read by `a`, both passes row-parallel; sparse inputs use
/// a counting sort of `a`'s entries by target, `O(nnz + n)`.
pub(super) fn cross_links(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
    let (n_a, n_b) = (a.n_owners(), b.n_owners());
    let cells = n_a.saturating_mul(n_b);
    if cells <= DENSE_MAX && cells <= 8 * (a.nnz() + b.nnz()) + 4096 {
        cross_dense(a, b)
    } else {
        cross_sparse(a, b)
    }
}

pub(super) fn cross_dense(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
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

pub(super) fn cross_sparse(a: &RankedLists, b: &RankedLists) -> Vec<u32> {
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
pub(super) fn exact_ranks(l: &RankedLists, rank: impl Fn(usize, usize) -> i64) -> bool {
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
pub(super) fn exact_cross(
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
pub(super) struct Linked {
    pub(super) a: RankedLists,
    pub(super) b: Option<RankedLists>,
    pub(super) a_cross: Vec<u32>,
    pub(super) b_cross: Vec<u32>,
}

/// Restrict `a` and `b` (or `a` against itself when `b` is `None`) to acceptable pairs and
/// cross-link them. Takes the lists by value: when every pair is already mutual (full lists)
/// nothing is copied.
pub(super) fn link(a: RankedLists, b: Option<RankedLists>, acceptability: Acceptability) -> Linked {
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
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::preferences::Side;
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
