//! The fast preference builders (counting-sort rank rows, parallel score rows, dense/sparse
//! cross-links, interned ids) agree with a naive specification on random instances with ties,
//! gaps, partial lists and both acceptability rules.

#![allow(clippy::unwrap_used)] // tests

use nastavnik::assign::{StableOptions, blocking_pairs, stable_matching};
use nastavnik::preferences::{Acceptability, PeerPreferences, Preferences, RankedLists, Side};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Random rank matrix: `p_zero` unacceptable, ranks in `1..=hi` (small `hi` = many ties),
/// occasionally a huge rank (forces the comparison-sort fallback).
fn rank_matrix(rng: &mut ChaCha8Rng, n: usize, m: usize, p_zero: f64, hi: i64) -> Array2<i64> {
    Array2::from_shape_fn((n, m), |_| {
        if rng.random_bool(p_zero) {
            if rng.random_bool(0.5) {
                0
            } else {
                -rng.random_range(1..5)
            }
        } else if rng.random_bool(0.02) {
            1_000_000_000_000 + rng.random_range(0..3)
        } else {
            rng.random_range(1..=hi)
        }
    })
}

/// Naive: row `a` of `key(a, b)` (None = not listed) as tie groups, best (smallest key) first.
fn naive_groups<K: PartialOrd + Copy>(
    n: usize,
    m: usize,
    key: impl Fn(usize, usize) -> Option<K>,
) -> Vec<Vec<Vec<usize>>> {
    (0..n)
        .map(|a| {
            let mut row: Vec<(K, usize)> =
                (0..m).filter_map(|b| key(a, b).map(|k| (k, b))).collect();
            row.sort_by(|x, y| x.0.partial_cmp(&y.0).unwrap().then(x.1.cmp(&y.1)));
            let mut out: Vec<Vec<usize>> = Vec::new();
            for (k, &(key, b)) in row.iter().enumerate() {
                if k == 0 || key != row[k - 1].0 {
                    out.push(Vec::new());
                }
                out.last_mut().unwrap().push(b);
            }
            out
        })
        .collect()
}

/// Naive effective lists of one side given both sides' stated lists.
fn naive_effective(
    own: &[Vec<Vec<usize>>],
    other: &[Vec<Vec<usize>>],
    acc: Acceptability,
) -> Vec<Vec<Vec<usize>>> {
    let lists = |o: usize, t: usize| other[o].iter().flatten().any(|&x| x == t);
    own.iter()
        .enumerate()
        .map(|(a, groups)| {
            let mut out: Vec<Vec<usize>> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|&b| acc == Acceptability::Either || lists(b, a))
                        .collect::<Vec<_>>()
                })
                .filter(|g: &Vec<usize>| !g.is_empty())
                .collect();
            if acc == Acceptability::Either {
                let mine: Vec<usize> = groups.iter().flatten().copied().collect();
                let extra: Vec<usize> = (0..other.len())
                    .filter(|&b| lists(b, a) && !mine.contains(&b))
                    .collect();
                if !extra.is_empty() {
                    out.push(extra);
                }
            }
            out
        })
        .collect()
}

fn check_prefs(p: &Preferences, e: &[Vec<Vec<usize>>], m: &[Vec<Vec<usize>>], acc: Acceptability) {
    assert_eq!(p.mentee_lists().to_lists(), naive_effective(e, m, acc));
    assert_eq!(p.mentor_lists().to_lists(), naive_effective(m, e, acc));
    // the general nested-list path gives the identical structure (lists and cross-links)
    assert_eq!(p, &Preferences::new(e, m, acc).unwrap());
    // cross-links are consistent: the deferred-acceptance result has no blocking pair
    let caps: Vec<u32> = (0..p.n_mentors()).map(|j| 1 + (j % 3) as u32).collect();
    for seed in 0..2 {
        let a = stable_matching(p, &caps, &StableOptions::default().with_seed(seed)).unwrap();
        assert!(blocking_pairs(&a, p, &caps).unwrap().is_empty());
    }
}

#[test]
fn rank_matrices_match_naive_lists() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    // shapes around the serial/parallel and dense/sparse thresholds
    for &(n, m) in &[(1, 1), (3, 7), (12, 5), (40, 40), (300, 80), (90, 400)] {
        for &(p_zero, hi) in &[(0.0, 1_000), (0.3, 3), (0.7, 50), (0.95, 2)] {
            let er = rank_matrix(&mut rng, n, m, p_zero, hi);
            let mr = rank_matrix(&mut rng, n, m, p_zero, hi);
            let key = |r: i64| (r > 0).then_some(r);
            let e = naive_groups(n, m, |i, j| key(er[[i, j]]));
            let mm = naive_groups(m, n, |j, i| key(mr[[i, j]]));
            assert_eq!(
                RankedLists::from_rank_matrix(Side::Mentee, er.view()).unwrap(),
                RankedLists::new(Side::Mentee, m, &e).unwrap()
            );
            for acc in [Acceptability::Mutual, Acceptability::Either] {
                let p = Preferences::from_rank_matrices(er.view(), mr.view(), acc).unwrap();
                check_prefs(&p, &e, &mm, acc);
            }
        }
    }
}

#[test]
fn full_strict_rank_matrices_match_naive_lists() {
    use rand::seq::SliceRandom;
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for &(n, m) in &[(200, 20), (150, 150)] {
        let perm = |rng: &mut ChaCha8Rng, len: usize| {
            let mut p: Vec<i64> = (1..=len as i64).collect();
            p.shuffle(rng);
            p
        };
        let mut er = Array2::zeros((n, m));
        for i in 0..n {
            er.row_mut(i)
                .assign(&ndarray::Array1::from(perm(&mut rng, m)));
        }
        let mut mr = Array2::zeros((n, m));
        for j in 0..m {
            mr.column_mut(j)
                .assign(&ndarray::Array1::from(perm(&mut rng, n)));
        }
        let e = naive_groups(n, m, |i, j| Some(er[[i, j]]));
        let mm = naive_groups(m, n, |j, i| Some(mr[[i, j]]));
        for acc in [Acceptability::Mutual, Acceptability::Either] {
            let p = Preferences::from_rank_matrices(er.view(), mr.view(), acc).unwrap();
            check_prefs(&p, &e, &mm, acc);
        }
    }
}

#[test]
fn score_matrices_match_naive_lists() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for &(n, m) in &[(4, 6), (60, 30), (200, 90)] {
        for &p_forbid in &[0.0, 0.4] {
            let mut draw = || {
                Array2::from_shape_fn((n, m), |_| {
                    if rng.random_bool(p_forbid) {
                        f64::NEG_INFINITY
                    } else {
                        // few distinct values (ties), including both signed zeros
                        [0.0, -0.0, 0.5, -1.25, 3.0][rng.random_range(0..5)]
                    }
                })
            };
            let (es, ms) = (draw(), draw());
            let key = |s: f64| (s != f64::NEG_INFINITY).then_some(-s);
            let e = naive_groups(n, m, |i, j| key(es[[i, j]]));
            let mm = naive_groups(m, n, |j, i| key(ms[[i, j]]));
            for acc in [Acceptability::Mutual, Acceptability::Either] {
                let p = Preferences::from_scores(es.view(), ms.view(), acc).unwrap();
                check_prefs(&p, &e, &mm, acc);
            }
        }
    }
}

#[test]
fn ids_flat_and_nested_match_index_lists() {
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    for &(n, m) in &[(5, 3), (80, 30), (400, 500)] {
        let er = rank_matrix(&mut rng, n, m, 0.8, 4);
        let mr = rank_matrix(&mut rng, n, m, 0.8, 4);
        let e = naive_groups(n, m, |i, j| (er[[i, j]] > 0).then_some(er[[i, j]]));
        let mm = naive_groups(m, n, |j, i| (mr[[i, j]] > 0).then_some(mr[[i, j]]));
        let eids: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
        let mids: Vec<String> = (0..m).map(|j| format!("m{j}")).collect();
        // lists in reverse owner order, some owners without a list
        let by_id = |lists: &[Vec<Vec<usize>>], own: &[String], tgt: &[String]| {
            lists
                .iter()
                .enumerate()
                .rev()
                .filter(|(a, _)| a % 7 != 3)
                .map(|(a, g)| {
                    let g: Vec<Vec<String>> = g
                        .iter()
                        .map(|x| x.iter().map(|&b| tgt[b].clone()).collect())
                        .collect();
                    (own[a].clone(), g)
                })
                .collect::<Vec<_>>()
        };
        let (el, ml) = (by_id(&e, &eids, &mids), by_id(&mm, &mids, &eids));
        let drop = |l: &[Vec<Vec<usize>>]| {
            l.iter()
                .enumerate()
                .map(|(a, g)| if a % 7 == 3 { Vec::new() } else { g.clone() })
                .collect::<Vec<_>>()
        };
        let (e2, m2) = (drop(&e), drop(&mm));
        for acc in [Acceptability::Mutual, Acceptability::Either] {
            let p = Preferences::from_ids(&eids, &mids, &el, &ml, acc).unwrap();
            check_prefs(&p, &e2, &m2, acc);
        }
        // the flat form (tie groups numbered with gaps)
        let mut owners = Vec::new();
        let mut indptr = vec![0usize];
        let mut entries = Vec::new();
        let mut groups = Vec::new();
        for (o, g) in &el {
            owners.push(o.as_str());
            for (k, x) in g.iter().enumerate() {
                for t in x {
                    entries.push(t.as_str());
                    groups.push(3 * k as u32 + 1);
                }
            }
            indptr.push(entries.len());
        }
        let flat = RankedLists::from_ids_flat(
            Side::Mentee,
            &eids,
            &mids,
            &owners,
            &indptr,
            &entries,
            &groups,
        )
        .unwrap();
        assert_eq!(
            flat,
            RankedLists::from_ids(Side::Mentee, &eids, &mids, &el).unwrap()
        );
        assert_eq!(flat, RankedLists::new(Side::Mentee, m, &e2).unwrap());
    }
}

#[test]
fn flat_ids_report_errors_like_nested_ids() {
    let ids = ["a", "b"];
    let tg = ["x", "y"];
    let flat = |owners: &[&str], entries: &[&str], groups: &[u32]| {
        RankedLists::from_ids_flat(
            Side::Mentee,
            &ids,
            &tg,
            owners,
            &[0, entries.len()],
            entries,
            groups,
        )
        .unwrap_err()
        .to_string()
    };
    let nested = |owner: &str, g: Vec<Vec<&str>>| {
        RankedLists::from_ids(Side::Mentee, &ids, &tg, &[(owner, g)])
            .unwrap_err()
            .to_string()
    };
    assert_eq!(flat(&["a"], &["z"], &[0]), nested("a", vec![vec!["z"]]));
    assert_eq!(
        flat(&["a"], &["x", "x"], &[0, 1]),
        nested("a", vec![vec!["x"], vec!["x"]])
    );
    assert_eq!(flat(&["q"], &["x"], &[0]), nested("q", vec![vec!["x"]]));
    assert_eq!(flat(&["x"], &["x"], &[0]), nested("x", vec![vec!["x"]]));
    // self-reference: an owner id equal to a target id
    let self_ref =
        RankedLists::from_ids_flat(Side::Mentee, &["x"], &tg, &["x"], &[0, 1], &["x"], &[0])
            .unwrap_err()
            .to_string();
    assert!(self_ref.contains("\"x\" lists themselves"), "{self_ref}");
    assert_eq!(
        self_ref,
        RankedLists::from_ids(Side::Mentee, &["x"], &tg, &[("x", vec![vec!["x"]])])
            .unwrap_err()
            .to_string()
    );
    let e = flat(&["a"], &["x", "y"], &[1, 0]);
    assert!(e.contains("decrease"), "{e}");
}

#[test]
fn peer_rank_matrices_match_naive_lists() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    for &n in &[2usize, 9, 60, 250] {
        let r = rank_matrix(&mut rng, n, n, 0.3, 6);
        let l = naive_groups(n, n, |i, j| (i != j && r[[i, j]] > 0).then_some(r[[i, j]]));
        for acc in [Acceptability::Mutual, Acceptability::Either] {
            let p = PeerPreferences::from_rank_matrix(r.view(), acc).unwrap();
            assert_eq!(p.lists().to_lists(), naive_effective(&l, &l, acc));
            assert_eq!(p, PeerPreferences::new(&l, acc).unwrap());
        }
    }
}

#[test]
fn strided_rank_matrices_match_contiguous_ones() {
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    for &(n, m) in &[(1, 1), (7, 13), (40, 25), (300, 200)] {
        for (p_zero, hi) in [(0.0, m as i64), (0.3, 4), (0.2, 10 * m as i64)] {
            let r = rank_matrix(&mut rng, n, m, p_zero, hi);
            let transposed = r.t().as_standard_layout().into_owned(); // C-ordered m × n
            let strided = transposed.t(); // n × m view with column-major strides
            assert!(n == 1 || m == 1 || strided.as_slice().is_none());
            for side in [Side::Mentee, Side::Mentor] {
                let a = RankedLists::from_rank_matrix(side, r.view()).unwrap();
                let b = RankedLists::from_rank_matrix(side, strided).unwrap();
                assert_eq!(
                    a.to_lists(),
                    b.to_lists(),
                    "n={n} m={m} p_zero={p_zero} hi={hi}"
                );
            }
        }
    }
}
