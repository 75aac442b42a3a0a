//! Stable roommates without a stable matching: Tan's stable partition checked by its definition,
//! and the maximum stable matching checked against brute force over all matchings.
#![allow(clippy::unwrap_used, clippy::needless_range_loop)] // test oracles index dense tables

use nastavnik::assign::roommates::{
    StablePartition, peer_blocking_pairs, stable_partition, stable_roommates,
};
use nastavnik::preferences::{Acceptability, PeerPreferences};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Lists = Vec<Vec<Vec<usize>>>;

/// Strict random lists: each participant lists each other with probability `p`, in random order.
fn random_strict(rng: &mut ChaCha8Rng, n: usize, p: f64) -> Lists {
    (0..n)
        .map(|a| {
            let mut t: Vec<usize> = (0..n).filter(|&b| b != a && rng.random_bool(p)).collect();
            t.shuffle(rng);
            t.into_iter().map(|b| vec![b]).collect()
        })
        .collect()
}

/// `r[a][b]`: position of `b` in `a`'s list when the pair is mutually acceptable.
fn ranks(lists: &Lists) -> Vec<Vec<Option<usize>>> {
    let n = lists.len();
    let mut r = vec![vec![None; n]; n];
    for (a, l) in lists.iter().enumerate() {
        for (k, g) in l.iter().enumerate() {
            r[a][g[0]] = Some(k);
        }
    }
    for a in 0..n {
        for b in 0..n {
            if r[a][b].is_none() {
                r[b][a] = None;
            }
        }
    }
    r
}

/// Does `a` strictly prefer `b` to `c` (`c == a`: alone, worse than any acceptable partner)?
fn prefers(r: &[Vec<Option<usize>>], a: usize, b: usize, c: usize) -> bool {
    match (r[a][b], if c == a { None } else { r[a][c] }) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Checks the definition of a stable partition; returns the number of odd parties of length >= 3.
fn check_partition(r: &[Vec<Option<usize>>], part: &StablePartition, case: usize) -> usize {
    let n = r.len();
    let succ = part.successor();
    assert_eq!(succ.len(), n);
    let mut pred = vec![usize::MAX; n];
    for (i, &s) in succ.iter().enumerate() {
        assert_eq!(pred[s], usize::MAX, "case {case}: not a permutation");
        pred[s] = i;
    }
    // parties: cycles of the permutation
    let mut seen = vec![false; n];
    let mut odd = Vec::new();
    for i in 0..n {
        if seen[i] {
            continue;
        }
        let mut cyc = vec![i];
        seen[i] = true;
        let mut x = succ[i];
        while x != i {
            seen[x] = true;
            cyc.push(x);
            x = succ[x];
        }
        let len = cyc.len();
        assert!(
            len <= 2 || !len.is_multiple_of(2),
            "case {case}: even party {cyc:?}"
        );
        if len >= 2 {
            for &a in &cyc {
                assert!(
                    r[a][succ[a]].is_some(),
                    "case {case}: unacceptable neighbours"
                );
            }
        }
        if len >= 3 {
            for &a in &cyc {
                assert!(
                    prefers(r, a, succ[a], pred[a]),
                    "case {case}: {a} prefers its predecessor"
                );
            }
            odd.push(cyc);
        }
    }
    // no pair prefers each other to their predecessors
    for x in 0..n {
        for y in x + 1..n {
            if r[x][y].is_some() {
                assert!(
                    !(prefers(r, x, y, pred[x]) && prefers(r, y, x, pred[y])),
                    "case {case}: {x} and {y} block the partition"
                );
            }
        }
    }
    assert_eq!(
        part.odd_parties(),
        &odd[..],
        "case {case}: odd parties listed"
    );
    let alone: Vec<usize> = (0..n).filter(|&i| succ[i] == i).collect();
    assert_eq!(part.alone(), alone);
    odd.len()
}

/// Blocking pairs of `mate` (None = alone) by definition.
fn blocking(r: &[Vec<Option<usize>>], mate: &[Option<usize>]) -> Vec<(usize, usize)> {
    let n = r.len();
    let cur = |a: usize| mate[a].unwrap_or(a);
    let mut out = Vec::new();
    for x in 0..n {
        for y in x + 1..n {
            if r[x][y].is_some()
                && mate[x] != Some(y)
                && prefers(r, x, y, cur(x))
                && prefers(r, y, x, cur(y))
            {
                out.push((x, y));
            }
        }
    }
    out
}

fn all_matchings(r: &[Vec<Option<usize>>]) -> Vec<Vec<Option<usize>>> {
    fn rec(
        r: &[Vec<Option<usize>>],
        i: usize,
        mate: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        let n = r.len();
        let Some(i) = (i..n).find(|&i| mate[i].is_none()) else {
            out.push(mate.clone());
            return;
        };
        mate[i] = Some(usize::MAX); // alone, decided
        rec(r, i + 1, mate, out);
        for j in i + 1..n {
            if mate[j].is_none() && r[i][j].is_some() {
                mate[i] = Some(j);
                mate[j] = Some(i);
                rec(r, i + 1, mate, out);
                mate[j] = None;
            }
        }
        mate[i] = None;
    }
    let mut out = Vec::new();
    rec(r, 0, &mut vec![None; r.len()], &mut out);
    for m in &mut out {
        for x in m.iter_mut() {
            if *x == Some(usize::MAX) {
                *x = None;
            }
        }
    }
    out
}

/// Brute force: the fewest participants whose removal leaves a pool with a stable matching
/// (a matching `M` avoiding `S` is stable on the rest iff every blocking pair of `M` touches `S`).
fn min_removal(r: &[Vec<Option<usize>>]) -> usize {
    let n = r.len();
    let mut best = n;
    for m in all_matchings(r) {
        let bp = blocking(r, &m);
        let free: u32 = (0..n).filter(|&i| m[i].is_none()).map(|i| 1u32 << i).sum();
        // enumerate subsets of the unmatched
        let mut s = free;
        loop {
            let size = s.count_ones() as usize;
            if size < best
                && bp
                    .iter()
                    .all(|&(x, y)| s & (1 << x) != 0 || s & (1 << y) != 0)
            {
                best = size;
            }
            if s == 0 {
                break;
            }
            s = (s - 1) & free;
        }
    }
    best
}

/// Plants up to `t` disjoint triangles `a -> s -> p -> a` on top of random lists: each member
/// ranks its successor first and its predecessor second (an odd party of every stable partition).
fn plant_triangles(rng: &mut ChaCha8Rng, lists: &mut Lists, t: usize) {
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.shuffle(rng);
    for tri in order.chunks_exact(3).take(t) {
        for (i, &a) in tri.iter().enumerate() {
            let (s, p) = (tri[(i + 1) % 3], tri[(i + 2) % 3]);
            lists[a].retain(|g| g[0] != s && g[0] != p);
            lists[a].insert(0, vec![p]);
            lists[a].insert(0, vec![s]);
        }
    }
}

#[test]
fn partition_is_stable_by_definition() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let mut with_odd = 0;
    for case in 0..3000 {
        let n = rng.random_range(1..12);
        let lists = random_strict(&mut rng, n, [1.0, 0.7, 0.4][case % 3]);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, 0).unwrap();
        with_odd += usize::from(check_partition(&ranks(&lists), &part, case) > 0);
        assert_eq!(stable_partition(&prefs, 0).unwrap(), part);
    }
    assert!(with_odd > 300, "{with_odd} instances with an odd party");
}

#[test]
fn maximum_stable_matching_against_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(22);
    let (mut solvable, mut unsolvable, mut two_or_more) = (0, 0, 0);
    for case in 0..900 {
        let n = rng.random_range(1..11);
        let mut lists = random_strict(&mut rng, n, [1.0, 0.7, 0.4][case % 3]);
        if case % 2 == 1 {
            let t = rng.random_range(1..4);
            plant_triangles(&mut rng, &mut lists, t);
        }
        let r = ranks(&lists);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, case as u64).unwrap();
        let out = stable_roommates(&prefs, case as u64).unwrap();
        let min = min_removal(&r);
        // Tan: the number of odd parties is the minimum number of participants to leave out
        assert_eq!(part.odd_parties().len(), min, "case {case}: {lists:?}");
        assert_eq!(out.set_aside.len(), min, "case {case}");
        assert_eq!(out.stable, min == 0, "case {case}");
        // exactly one member of each odd party is set aside
        for party in part.odd_parties() {
            let k = party.iter().filter(|x| out.set_aside.contains(x)).count();
            assert_eq!(k, 1, "case {case}");
        }
        // the matching is acceptable, its blocking pairs are reported and touch a set-aside one
        let mate = out.matching.mate().to_vec();
        for (i, m) in mate.iter().enumerate() {
            if let Some(j) = *m {
                assert!(r[i][j].is_some() && mate[j] == Some(i), "case {case}");
            }
        }
        let bp = blocking(&r, &mate);
        assert_eq!(out.blocking_pairs, bp, "case {case}");
        assert_eq!(peer_blocking_pairs(&out.matching, &prefs).unwrap(), bp);
        let aside = |x: usize| out.set_aside.contains(&x);
        assert!(bp.iter().all(|&(x, y)| aside(x) || aside(y)), "case {case}");
        // without the pairs of set-aside participants: stable on the others
        let core: Vec<Option<usize>> = (0..n)
            .map(|i| mate[i].filter(|&j| !aside(i) && !aside(j)))
            .collect();
        assert!(
            blocking(&r, &core)
                .iter()
                .all(|&(x, y)| aside(x) || aside(y)),
            "case {case}: not stable among those not set aside"
        );
        match min {
            0 => solvable += 1,
            1 => unsolvable += 1,
            _ => two_or_more += 1,
        }
    }
    assert!(
        solvable > 200 && unsolvable > 150 && two_or_more > 50,
        "{solvable} solvable, {unsolvable} with one odd party, {two_or_more} with more"
    );
}

/// `k` copies of the classic unsolvable 4-person instance, copy `c` on `id(c, 0..4)`; with
/// `chained`, participant 3 of each copy and participant 0 of the next list each other last.
fn copies(k: usize, chained: bool, id: impl Fn(usize, usize) -> usize) -> Lists {
    let base = [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]];
    let mut lists = vec![Vec::new(); 4 * k];
    for c in 0..k {
        for (a, l) in base.iter().enumerate() {
            lists[id(c, a)] = l.iter().map(|&b| vec![id(c, b)]).collect();
        }
    }
    if chained {
        for c in 0..k.saturating_sub(1) {
            lists[id(c, 3)].push(vec![id(c + 1, 0)]);
            lists[id(c + 1, 0)].push(vec![id(c, 3)]);
        }
    }
    lists
}

#[test]
fn chained_copies_have_one_odd_party_each() {
    for (k, interleaved) in [
        (1, false),
        (2, false),
        (3, true),
        (2000, false),
        (2000, true),
    ] {
        let id = |c: usize, a: usize| if interleaved { a * k + c } else { 4 * c + a };
        let lists = copies(k, true, id);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, 0).unwrap();
        let r = ranks(&lists);
        check_partition(&r, &part, k);
        let mut expect: Vec<Vec<usize>> =
            (0..k).map(|c| vec![id(c, 0), id(c, 1), id(c, 2)]).collect();
        expect.sort_unstable();
        assert_eq!(part.odd_parties(), &expect[..], "k = {k}");
        let out = stable_roommates(&prefs, 0).unwrap();
        let mut aside: Vec<usize> = (0..k)
            .map(|c| id(c, 2).max(id(c, 1)).max(id(c, 0)))
            .collect();
        aside.sort_unstable();
        assert_eq!(out.set_aside, aside);
        if 4 * k <= 10 {
            assert_eq!(min_removal(&r), k);
        }
        assert_eq!(out.blocking_pairs, blocking(&r, out.matching.mate()));
    }
}

#[test]
fn random_instances_with_planted_odd_parties() {
    // odd cycles of mutual top choices planted in random incomplete lists, larger than the
    // brute force reaches: the partition is checked by its definition
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    for case in 0..40 {
        let n = rng.random_range(30..120);
        let mut lists = random_strict(&mut rng, n, 0.1);
        plant_triangles(&mut rng, &mut lists, n / 6);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, 0).unwrap();
        let odd = check_partition(&ranks(&lists), &part, case);
        assert_eq!(
            odd,
            n / 6,
            "case {case}: every planted triangle is an odd party"
        );
        let out = stable_roommates(&prefs, 0).unwrap();
        assert_eq!(out.set_aside.len(), odd);
        assert_eq!(out.stable, odd == 0);
    }
}

#[test]
fn edge_pools_and_ties() {
    // empty pool, nobody listing anyone, a single acceptable pair
    for lists in [
        vec![],
        vec![vec![], vec![], vec![]],
        vec![vec![vec![1]], vec![vec![0]], vec![]],
    ] {
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, 0).unwrap();
        check_partition(&ranks(&lists), &part, 0);
        assert!(part.odd_parties().is_empty());
        let out = stable_roommates(&prefs, 0).unwrap();
        assert!(out.stable && out.set_aside.is_empty());
    }
    // with ties: same result for the same seed, and every blocking pair touches a set-aside one
    let mut rng = ChaCha8Rng::seed_from_u64(24);
    for case in 0..300u64 {
        let n = rng.random_range(2..12);
        let mut lists = random_strict(&mut rng, n, 0.8);
        for l in &mut lists {
            // merge random neighbours into tie groups
            let mut merged: Vec<Vec<usize>> = Vec::new();
            for g in l.drain(..) {
                match merged.last_mut() {
                    Some(last) if rng.random_bool(0.4) => last.extend(g),
                    _ => merged.push(g),
                }
            }
            *l = merged;
        }
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let part = stable_partition(&prefs, case).unwrap();
        assert_eq!(stable_partition(&prefs, case).unwrap(), part);
        let out = stable_roommates(&prefs, case).unwrap();
        assert_eq!(stable_roommates(&prefs, case).unwrap(), out);
        assert_eq!(out.set_aside.len(), part.odd_parties().len());
        let aside = |x: usize| out.set_aside.contains(&x);
        assert!(
            out.blocking_pairs
                .iter()
                .all(|&(x, y)| aside(x) || aside(y)),
            "case {case}"
        );
    }
}
