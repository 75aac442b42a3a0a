//! Stable matching, stable roommates, preference input: brute force and certificate checks on
//! seeded random instances.
#![allow(clippy::unwrap_used, clippy::needless_range_loop)] // test oracles index dense tables

use nastavnik::ErrorKind;
use nastavnik::assign::roommates::{peer_blocking_pairs, peer_rank_stats, stable_roommates};
use nastavnik::assign::stable::{
    Proposer, StableOptions, blocking_pairs, rank_stats, stable_matching,
};
use nastavnik::assign::{Assignment, PeerMatching, SolveStatus};
use nastavnik::preferences::{Acceptability, PeerPreferences, Preferences, RankedLists, Side};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Lists = Vec<Vec<Vec<usize>>>;
type IdLists = Vec<(String, Vec<Vec<String>>)>;

/// Random lists: each owner lists each target with probability `p_list`, in random order; each
/// next entry joins the previous tie group with probability `p_tie`.
fn random_lists(
    rng: &mut ChaCha8Rng,
    owners: usize,
    targets: usize,
    p_list: f64,
    p_tie: f64,
) -> Lists {
    (0..owners)
        .map(|_| {
            let mut t: Vec<usize> = (0..targets).filter(|_| rng.random_bool(p_list)).collect();
            t.shuffle(rng);
            let mut groups: Vec<Vec<usize>> = Vec::new();
            for x in t {
                match groups.last_mut() {
                    Some(g) if rng.random_bool(p_tie) => g.push(x),
                    _ => groups.push(vec![x]),
                }
            }
            groups
        })
        .collect()
}

fn random_peer_lists(rng: &mut ChaCha8Rng, n: usize, p_list: f64, p_tie: f64) -> Lists {
    let mut l = random_lists(rng, n, n, p_list, p_tie);
    for (a, groups) in l.iter_mut().enumerate() {
        for g in groups.iter_mut() {
            g.retain(|&b| b != a);
        }
        groups.retain(|g| !g.is_empty());
    }
    l
}

/// Dense raw rank table: `t[a][b]` = tie-group index of `b` in `a`'s raw list.
fn dense(lists: &Lists, targets: usize) -> Vec<Vec<Option<u32>>> {
    lists
        .iter()
        .map(|groups| {
            let mut row = vec![None; targets];
            for (g, grp) in groups.iter().enumerate() {
                for &b in grp {
                    row[b] = Some(g as u32);
                }
            }
            row
        })
        .collect()
}

/// Independent oracle for a bipartite instance (mutual acceptability).
struct Oracle {
    re: Vec<Vec<Option<u32>>>,
    rm: Vec<Vec<Option<u32>>>,
    cap: Vec<u32>,
}

impl Oracle {
    fn new(el: &Lists, ml: &Lists, cap: &[u32]) -> Self {
        Self {
            re: dense(el, ml.len()),
            rm: dense(ml, el.len()),
            cap: cap.to_vec(),
        }
    }
    fn n(&self) -> usize {
        self.re.len()
    }
    fn m(&self) -> usize {
        self.rm.len()
    }
    fn acceptable(&self, i: usize, j: usize) -> bool {
        self.re[i][j].is_some() && self.rm[j][i].is_some()
    }
    /// Naive weak-stability blocking pairs for a one-mentor-per-mentee assignment.
    fn blocking(&self, mentor_of: &[Option<usize>]) -> Vec<(usize, usize)> {
        let mut held: Vec<Vec<usize>> = vec![Vec::new(); self.m()];
        for (i, m) in mentor_of.iter().enumerate() {
            if let Some(j) = *m {
                held[j].push(i);
            }
        }
        let mut out = Vec::new();
        for i in 0..self.n() {
            for j in 0..self.m() {
                if !self.acceptable(i, j) || mentor_of[i] == Some(j) {
                    continue;
                }
                let rij = self.re[i][j].unwrap();
                let mentee_wants = match mentor_of[i] {
                    None => true,
                    Some(c) => rij < self.mentee_rank(i, Some(c)),
                };
                let rji = self.rm[j][i].unwrap();
                let mentor_wants = (held[j].len() as u32) < self.cap[j]
                    || held[j]
                        .iter()
                        .any(|&h| !self.acceptable(h, j) || rji < self.rm[j][h].unwrap());
                if mentee_wants && mentor_wants {
                    out.push((i, j));
                }
            }
        }
        out
    }
    /// Every matching of acceptable pairs within capacities.
    fn all_matchings(&self) -> Vec<Vec<Option<usize>>> {
        fn rec(
            o: &Oracle,
            i: usize,
            cur: &mut Vec<Option<usize>>,
            left: &mut Vec<u32>,
            out: &mut Vec<Vec<Option<usize>>>,
        ) {
            if i == o.n() {
                out.push(cur.clone());
                return;
            }
            cur.push(None);
            rec(o, i + 1, cur, left, out);
            cur.pop();
            for j in 0..o.m() {
                if o.acceptable(i, j) && left[j] > 0 {
                    left[j] -= 1;
                    cur.push(Some(j));
                    rec(o, i + 1, cur, left, out);
                    cur.pop();
                    left[j] += 1;
                }
            }
        }
        let mut out = Vec::new();
        rec(self, 0, &mut Vec::new(), &mut self.cap.clone(), &mut out);
        out
    }
    fn stable_matchings(&self) -> Vec<Vec<Option<usize>>> {
        self.all_matchings()
            .into_iter()
            .filter(|m| self.blocking(m).is_empty())
            .collect()
    }
    /// Mentee's raw rank of its mentor; unmatched or an unacceptable partner = worst.
    fn mentee_rank(&self, i: usize, m: Option<usize>) -> u32 {
        m.filter(|&j| self.acceptable(i, j))
            .map_or(u32::MAX, |j| self.re[i][j].unwrap())
    }
    /// Sorted ranks of each mentor's mentees.
    fn mentor_profile(&self, mentor_of: &[Option<usize>]) -> Vec<Vec<u32>> {
        let mut p = vec![Vec::new(); self.m()];
        for (i, m) in mentor_of.iter().enumerate() {
            if let Some(j) = *m {
                p[j].push(self.rm[j][i].unwrap());
            }
        }
        for v in &mut p {
            v.sort_unstable();
        }
        p
    }
}

fn opts(proposer: Proposer, seed: u64) -> StableOptions {
    StableOptions::default()
        .with_proposer(proposer)
        .with_seed(seed)
}

#[test]
fn no_blocking_pair_on_random_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for case in 0..300 {
        let n = rng.random_range(1..40);
        let m = rng.random_range(1..15);
        let p_list = [1.0, 0.6, 0.25][case % 3];
        let p_tie = [0.0, 0.3, 0.7][(case / 3) % 3];
        let el = random_lists(&mut rng, n, m, p_list, p_tie);
        let ml = random_lists(&mut rng, m, n, p_list, p_tie);
        let cap: Vec<u32> = if case % 2 == 0 {
            vec![1; m]
        } else {
            (0..m).map(|_| rng.random_range(0..5)).collect()
        };
        let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
        let oracle = Oracle::new(&el, &ml, &cap);
        for proposer in [Proposer::Mentees, Proposer::Mentors] {
            let a = stable_matching(&prefs, &cap, &opts(proposer, case as u64)).unwrap();
            assert_eq!(a.status(), SolveStatus::Stable);
            let mentor_of = a.mentor_of();
            // a valid matching: acceptable pairs, one mentor per mentee, capacities respected
            assert!(a.mentors_of().iter().all(|v| v.len() <= 1));
            for (j, ms) in a.mentees_of().iter().enumerate() {
                assert!(
                    ms.len() as u32 <= cap[j],
                    "case {case}: mentor {j} over capacity"
                );
                for &i in ms {
                    assert!(
                        oracle.acceptable(i, j),
                        "case {case}: unacceptable pair ({i}, {j})"
                    );
                }
            }
            assert_eq!(
                oracle.blocking(&mentor_of),
                Vec::<(usize, usize)>::new(),
                "case {case}"
            );
            assert!(blocking_pairs(&a, &prefs, &cap).unwrap().is_empty());
        }
    }
}

#[test]
fn blocking_pairs_agrees_with_naive_oracle_on_arbitrary_matchings() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for case in 0..300 {
        let n = rng.random_range(1..12);
        let m = rng.random_range(1..6);
        let el = random_lists(&mut rng, n, m, 0.7, 0.3);
        let ml = random_lists(&mut rng, m, n, 0.7, 0.3);
        let cap: Vec<u32> = (0..m).map(|_| rng.random_range(1..4)).collect();
        let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
        let oracle = Oracle::new(&el, &ml, &cap);
        // random matching within capacities, possibly with unacceptable pairs
        let mut left = cap.clone();
        let mentor_of: Vec<Option<usize>> = (0..n)
            .map(|_| {
                let j = rng.random_range(0..m);
                if rng.random_bool(0.7) && left[j] > 0 {
                    left[j] -= 1;
                    Some(j)
                } else {
                    None
                }
            })
            .collect();
        let a = Assignment::from_mentor_of(&mentor_of, m, 0.0, SolveStatus::Feasible { gap: None })
            .unwrap();
        assert_eq!(
            blocking_pairs(&a, &prefs, &cap).unwrap(),
            oracle.blocking(&mentor_of),
            "case {case}"
        );
    }
}

#[test]
fn proposing_side_gets_its_optimal_stable_matching() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut multi = 0;
    for case in 0..500 {
        let n = rng.random_range(2..7);
        let m = rng.random_range(1..5);
        let p_list = if case % 2 == 0 { 1.0 } else { 0.6 };
        let el = random_lists(&mut rng, n, m, p_list, 0.0);
        let ml = random_lists(&mut rng, m, n, p_list, 0.0);
        let cap: Vec<u32> = if case % 3 == 0 {
            vec![1; m]
        } else {
            (0..m).map(|_| rng.random_range(1..3)).collect()
        };
        let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
        let oracle = Oracle::new(&el, &ml, &cap);
        let stable = oracle.stable_matchings();
        assert!(!stable.is_empty());
        multi += usize::from(stable.len() > 1);
        let e = stable_matching(&prefs, &cap, &opts(Proposer::Mentees, 9))
            .unwrap()
            .mentor_of();
        let r = stable_matching(&prefs, &cap, &opts(Proposer::Mentors, 9))
            .unwrap()
            .mentor_of();
        assert!(stable.contains(&e) && stable.contains(&r), "case {case}");
        for s in &stable {
            for i in 0..n {
                assert!(
                    oracle.mentee_rank(i, e[i]) <= oracle.mentee_rank(i, s[i]),
                    "case {case} mentee {i}"
                );
                // and the mentor-optimal matching is the mentee-pessimal one
                assert!(
                    oracle.mentee_rank(i, r[i]) >= oracle.mentee_rank(i, s[i]),
                    "case {case} mentee {i}"
                );
            }
            let (pr, ps) = (oracle.mentor_profile(&r), oracle.mentor_profile(s));
            for j in 0..m {
                assert_eq!(pr[j].len(), ps[j].len());
                assert!(
                    pr[j].iter().zip(&ps[j]).all(|(a, b)| a <= b),
                    "case {case} mentor {j}"
                );
            }
        }
    }
    assert!(
        multi > 15,
        "too few instances with several stable matchings: {multi}"
    );
}

#[test]
fn rural_hospitals_theorem() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for case in 0..200 {
        let n = rng.random_range(1..7);
        let m = rng.random_range(1..4);
        let el = random_lists(&mut rng, n, m, 0.6, 0.0);
        let ml = random_lists(&mut rng, m, n, 0.6, 0.0);
        let cap: Vec<u32> = (0..m).map(|_| rng.random_range(1..3)).collect();
        let oracle = Oracle::new(&el, &ml, &cap);
        let stable = oracle.stable_matchings();
        let matched = |s: &Vec<Option<usize>>| s.iter().map(Option::is_some).collect::<Vec<_>>();
        let counts = |s: &Vec<Option<usize>>| {
            let mut c = vec![0u32; m];
            s.iter().flatten().for_each(|&j| c[j] += 1);
            c
        };
        let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
        let da = stable_matching(&prefs, &cap, &StableOptions::default())
            .unwrap()
            .mentor_of();
        for s in &stable {
            assert_eq!(matched(s), matched(&da), "case {case}");
            assert_eq!(counts(s), counts(&da), "case {case}");
            for j in 0..m {
                if counts(s)[j] < cap[j] {
                    let set = |x: &Vec<Option<usize>>| {
                        (0..n).filter(|&i| x[i] == Some(j)).collect::<Vec<_>>()
                    };
                    assert_eq!(set(s), set(&da), "case {case}: under-capacity mentor {j}");
                }
            }
        }
    }
}

#[test]
fn tie_free_results_do_not_depend_on_the_seed_and_ties_are_deterministic() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let el = random_lists(&mut rng, 60, 20, 0.5, 0.0);
    let ml = random_lists(&mut rng, 20, 60, 0.5, 0.0);
    let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
    let cap = vec![3; 20];
    let base = stable_matching(&prefs, &cap, &opts(Proposer::Mentees, 0)).unwrap();
    for seed in 1..10 {
        assert_eq!(
            stable_matching(&prefs, &cap, &opts(Proposer::Mentees, seed)).unwrap(),
            base
        );
    }
    // with ties: same seed -> same answer; different seeds explore different refinements
    let el = random_lists(&mut rng, 60, 20, 0.8, 0.8);
    let ml = random_lists(&mut rng, 20, 60, 0.8, 0.8);
    let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
    let runs: Vec<Assignment> = (0..10)
        .map(|seed| stable_matching(&prefs, &cap, &opts(Proposer::Mentees, seed)).unwrap())
        .collect();
    for (seed, r) in runs.iter().enumerate() {
        assert_eq!(
            &stable_matching(&prefs, &cap, &opts(Proposer::Mentees, seed as u64)).unwrap(),
            r
        );
        assert!(blocking_pairs(r, &prefs, &cap).unwrap().is_empty());
    }
    assert!(
        runs.iter().any(|r| r != &runs[0]),
        "seeds should break ties differently"
    );
}

#[test]
fn larger_random_instances_are_stable() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    for (n, m, p, tie) in [
        (500, 50, 1.0, 0.0),
        (800, 80, 0.1, 0.2),
        (300, 300, 0.05, 0.5),
    ] {
        let el = random_lists(&mut rng, n, m, p, tie);
        let ml = random_lists(&mut rng, m, n, p.max(0.5), tie);
        let cap: Vec<u32> = (0..m).map(|_| rng.random_range(0..12)).collect();
        let prefs = Preferences::new(&el, &ml, Acceptability::Either).unwrap();
        for proposer in [Proposer::Mentees, Proposer::Mentors] {
            let a = stable_matching(&prefs, &cap, &opts(proposer, 7)).unwrap();
            assert!(blocking_pairs(&a, &prefs, &cap).unwrap().is_empty());
        }
    }
}

#[test]
fn acceptability_rules() {
    let el = vec![vec![vec![0], vec![1]], vec![vec![1]]];
    let ml = vec![vec![vec![1]], vec![vec![0]]];
    let p = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
    // mutual: (0,1) both listed; (0,0) only mentee 0 lists; (1,1) only mentee 1; (1,0) only mentor 0
    assert!(
        p.is_acceptable(0, 1)
            && !p.is_acceptable(0, 0)
            && !p.is_acceptable(1, 1)
            && !p.is_acceptable(1, 0)
    );
    assert_eq!(p.mentee_rank(0, 1), Some(0)); // renumbered: best acceptable group
    let q = Preferences::new(&el, &ml, Acceptability::Either).unwrap();
    for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        assert!(q.is_acceptable(i, j));
    }
    // mentor 0 did not list mentee 0: appended in one last group, with mentee 1 ... no, 1 is listed
    assert_eq!(q.mentor_lists().groups(0), vec![vec![1], vec![0]]);
    assert_eq!(q.mentee_lists().groups(1), vec![vec![1], vec![0]]);
    assert_eq!(q.mentor_lists().groups(1), vec![vec![0], vec![1]]);
    // cross-linked consistency on random instances
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..50 {
        let el = random_lists(&mut rng, 9, 7, 0.5, 0.3);
        let ml = random_lists(&mut rng, 7, 9, 0.5, 0.3);
        let (re, rm) = (dense(&el, 7), dense(&ml, 9));
        for acc in [Acceptability::Mutual, Acceptability::Either] {
            let p = Preferences::new(&el, &ml, acc).unwrap();
            for i in 0..9 {
                for j in 0..7 {
                    let want = match acc {
                        Acceptability::Mutual => re[i][j].is_some() && rm[j][i].is_some(),
                        _ => re[i][j].is_some() || rm[j][i].is_some(),
                    };
                    assert_eq!(p.is_acceptable(i, j), want);
                    assert_eq!(p.mentor_rank(j, i).is_some(), want);
                    // order preserved among listed pairs
                    for j2 in 0..7 {
                        if want
                            && p.is_acceptable(i, j2)
                            && let (Some(a), Some(b)) = (re[i][j], re[i][j2])
                        {
                            assert_eq!(a.cmp(&b), p.mentee_rank(i, j).cmp(&p.mentee_rank(i, j2)));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn matrix_and_score_constructors_match_lists() {
    let er = ndarray::array![[1i64, 2, 0], [3, 3, 1]];
    let mr = ndarray::array![[2i64, 1, 1], [1, -1, 1]];
    let p = Preferences::from_rank_matrices(er.view(), mr.view(), Acceptability::Mutual).unwrap();
    let q = Preferences::new(
        &[vec![vec![0], vec![1]], vec![vec![2], vec![0, 1]]],
        &[vec![vec![1], vec![0]], vec![vec![0]], vec![vec![0, 1]]],
        Acceptability::Mutual,
    )
    .unwrap();
    assert_eq!(p, q);
    // scores: ranking by decreasing score; -inf unacceptable; equal = tie
    let ninf = f64::NEG_INFINITY;
    let es = ndarray::array![[0.9, 0.5, ninf], [0.1, 0.1, 0.7]];
    let ms = ndarray::array![[0.2, 0.8, 0.8], [0.9, ninf, 0.3]];
    let s = Preferences::from_scores(es.view(), ms.view(), Acceptability::Mutual).unwrap();
    assert_eq!(s, q);
    // f32 works too
    let s32 = Preferences::from_scores(
        es.mapv(|x| x as f32).view(),
        ms.mapv(|x| x as f32).view(),
        Acceptability::Mutual,
    )
    .unwrap();
    assert_eq!(s32, q);
}

#[test]
fn blend_endpoints() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for _ in 0..30 {
        let el = random_lists(&mut rng, 6, 5, 0.5, 0.3);
        let stated = RankedLists::new(Side::Mentee, 5, &el).unwrap();
        let scores = ndarray::Array2::from_shape_fn((6, 5), |_| {
            if rng.random_bool(0.1) {
                f64::NEG_INFINITY
            } else {
                f64::from(rng.random_range(0..4))
            }
        });
        // weight 0: by scores alone (min-max normalisation keeps the order and ties)
        let b0 = RankedLists::blend(&stated, scores.view(), 0.0).unwrap();
        let s = RankedLists::from_scores(Side::Mentee, scores.view()).unwrap();
        for a in 0..6 {
            let (lo, hi) = scores
                .row(a)
                .iter()
                .filter(|x| x.is_finite())
                .fold((f64::MAX, f64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
            if lo < hi {
                assert_eq!(b0.groups(a), s.groups(a));
            } else {
                assert!(b0.groups(a).len() <= 1);
            }
        }
        // weight 1: stated order (finite-score targets only), then all other finite targets tied
        let b1 = RankedLists::blend(&stated, scores.view(), 1.0).unwrap();
        for a in 0..6 {
            let mut want: Vec<Vec<usize>> = el[a]
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|&b| scores[[a, b]].is_finite())
                        .collect::<Vec<_>>()
                })
                .filter(|g| !g.is_empty())
                .map(|mut g| {
                    g.sort_unstable();
                    g
                })
                .collect();
            let listed: Vec<usize> = el[a].iter().flatten().copied().collect();
            let rest: Vec<usize> = (0..5)
                .filter(|b| !listed.contains(b) && scores[[a, *b]].is_finite())
                .collect();
            if !rest.is_empty() {
                want.push(rest);
            }
            assert_eq!(b1.groups(a), want);
        }
    }
    let stated = RankedLists::new(Side::Mentee, 2, &[vec![]]).unwrap();
    let s = ndarray::array![[0.0, 1.0]];
    assert_eq!(
        RankedLists::blend(&stated, s.view(), 1.5)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        RankedLists::blend(&stated, ndarray::array![[0.0]].view(), 0.5)
            .unwrap_err()
            .kind(),
        ErrorKind::Shape
    );
}

fn l(owner: &str, groups: &[&[&str]]) -> (String, Vec<Vec<String>>) {
    (
        owner.to_string(),
        groups
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect(),
    )
}

#[test]
fn id_errors_name_the_id() {
    let (e, m) = (["a", "b"], ["x", "y"]);
    let ok = Preferences::from_ids(
        &e,
        &m,
        &[l("b", &[&["y", "x"]])],
        &[l("y", &[&["b"]])],
        Acceptability::Mutual,
    )
    .unwrap();
    assert!(ok.is_acceptable(1, 1) && !ok.is_acceptable(1, 0));
    let cases: Vec<(IdLists, IdLists, ErrorKind, &str)> = vec![
        (
            vec![l("a", &[&["z"]])],
            vec![],
            ErrorKind::UnknownId,
            "\"z\"",
        ),
        (
            vec![l("q", &[&["x"]])],
            vec![],
            ErrorKind::UnknownId,
            "\"q\"",
        ),
        (
            vec![],
            vec![l("x", &[&["a"], &["zz"]])],
            ErrorKind::UnknownId,
            "\"zz\"",
        ),
        (
            vec![l("a", &[&["x"], &["y", "x"]])],
            vec![],
            ErrorKind::DuplicateId,
            "\"x\"",
        ),
        (
            vec![l("a", &[&["x"]]), l("a", &[&["y"]])],
            vec![],
            ErrorKind::DuplicateId,
            "\"a\"",
        ),
        (
            vec![],
            vec![l("y", &[&["b", "b"]])],
            ErrorKind::DuplicateId,
            "\"b\"",
        ),
    ];
    for (el, ml, kind, name) in cases {
        let err = Preferences::from_ids(&e, &m, &el, &ml, Acceptability::Mutual).unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert!(err.to_string().contains(name), "{err}");
    }
    let err = Preferences::from_ids(
        &["a", "a"],
        &["x"],
        &[] as &[(String, Vec<Vec<String>>)],
        &[],
        Acceptability::Mutual,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DuplicateId);
    // self-reference (an id present in both pools listing itself)
    let err = Preferences::from_ids(
        &["a"],
        &["a"],
        &[l("a", &[&["a"]])],
        &[],
        Acceptability::Mutual,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert!(err.to_string().contains("\"a\" lists themselves"));
    let err = PeerPreferences::from_ids(
        &["p", "q"],
        &[l("q", &[&["p"], &["q"]])],
        Acceptability::Mutual,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert!(err.to_string().contains("\"q\""));
    let err = PeerPreferences::from_ids(&["p", "q"], &[l("q", &[&["r"]])], Acceptability::Mutual)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownId);
}

#[test]
fn index_and_matrix_errors() {
    assert_eq!(
        Preferences::new(&[vec![vec![2]]], &[vec![], vec![]], Acceptability::Mutual)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidValue
    );
    let bad = ndarray::array![[0.5, f64::NAN]];
    let good = ndarray::array![[0.5, 0.1]];
    let err = Preferences::from_scores(good.view(), bad.view(), Acceptability::Mutual).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NonFinite);
    assert!(
        err.to_string().contains("mentor scores") && err.to_string().contains("row 0, column 1"),
        "{err}"
    );
    let err = Preferences::from_scores(
        ndarray::array![[f64::INFINITY]].view(),
        ndarray::array![[0.0]].view(),
        Acceptability::Mutual,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NonFinite);
    let err = Preferences::from_rank_matrices(
        ndarray::array![[1i64, 2]].view(),
        ndarray::array![[1i64], [1]].view(),
        Acceptability::Mutual,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Shape);
    assert_eq!(
        PeerPreferences::from_rank_matrix(ndarray::array![[0i64, 1]].view(), Acceptability::Mutual)
            .unwrap_err()
            .kind(),
        ErrorKind::Shape
    );
    assert_eq!(
        RankedLists::from_csr(Side::Mentee, 2, vec![0, 2], vec![0, 1], vec![2, 1])
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        RankedLists::from_csr(Side::Mentee, 2, vec![0, 2], vec![1, 1], vec![1, 1])
            .unwrap_err()
            .kind(),
        ErrorKind::DuplicateId
    );
    assert_eq!(
        RankedLists::from_csr(Side::Mentee, 2, vec![0, 2], vec![1], vec![1])
            .unwrap_err()
            .kind(),
        ErrorKind::Shape
    );
    let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    assert_eq!(
        stable_matching(&p, &[1, 1], &StableOptions::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Shape
    );
    let a = Assignment::new(2, 1, vec![], 0.0, SolveStatus::Optimal).unwrap();
    assert_eq!(
        blocking_pairs(&a, &p, &[1]).unwrap_err().kind(),
        ErrorKind::Shape
    );
    let a = Assignment::new(1, 1, vec![(0, 0)], 0.0, SolveStatus::Optimal).unwrap();
    assert_eq!(
        blocking_pairs(&a, &p, &[0]).unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
    let mate = PeerMatching::new(vec![None, None], 0.0, SolveStatus::Optimal).unwrap();
    let pp = PeerPreferences::new(&[vec![]], Acceptability::Mutual).unwrap();
    assert_eq!(
        peer_blocking_pairs(&mate, &pp).unwrap_err().kind(),
        ErrorKind::Shape
    );
}

#[test]
fn rank_statistics() {
    let p = Preferences::new(
        &[
            vec![vec![0], vec![1]],
            vec![vec![0], vec![1]],
            vec![vec![0, 1]],
        ],
        &[vec![vec![2], vec![0, 1]], vec![vec![0], vec![1], vec![2]]],
        Acceptability::Mutual,
    )
    .unwrap();
    let a = Assignment::new(3, 2, vec![(0, 1), (2, 0)], 2.0, SolveStatus::Optimal).unwrap();
    let (e, m) = rank_stats(&a, &p).unwrap();
    assert_eq!(
        (
            e.n_participants,
            e.n_matched,
            e.n_unmatched,
            e.n_first_choice
        ),
        (3, 2, 1, 1)
    );
    assert!((e.first_choice_share - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        (e.mean_rank, e.worst_rank, e.n_unlisted),
        (Some(1.5), Some(2), 0)
    );
    assert_eq!(
        (m.n_matched, m.n_first_choice, m.mean_rank, m.worst_rank),
        (2, 2, Some(1.0), Some(1))
    );
}

// ---------------------------------------------------------------- roommates

/// Naive peer blocking pairs from raw lists (mutual acceptability).
fn peer_blocking_naive(r: &[Vec<Option<u32>>], mate: &[Option<usize>]) -> Vec<(usize, usize)> {
    let n = r.len();
    let cur = |i: usize| mate[i].map_or(u32::MAX, |j| r[i][j].unwrap_or(u32::MAX));
    let mut out = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if let (Some(a), Some(b)) = (r[i][j], r[j][i])
                && mate[i] != Some(j)
                && a < cur(i)
                && b < cur(j)
            {
                out.push((i, j));
            }
        }
    }
    out
}

fn all_peer_matchings(r: &[Vec<Option<u32>>]) -> Vec<Vec<Option<usize>>> {
    fn rec(
        r: &[Vec<Option<u32>>],
        mate: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        let Some(i) = (0..r.len()).find(|&i| mate[i].is_none()) else {
            out.push(mate.clone());
            return;
        };
        // i stays single (marked with itself temporarily)
        mate[i] = Some(i);
        rec(r, mate, out);
        for j in i + 1..r.len() {
            if mate[j].is_none() && r[i][j].is_some() && r[j][i].is_some() {
                mate[i] = Some(j);
                mate[j] = Some(i);
                rec(r, mate, out);
                mate[j] = None;
            }
        }
        mate[i] = None;
    }
    let mut out = Vec::new();
    rec(r, &mut vec![None; r.len()], &mut out);
    for m in &mut out {
        for (i, x) in m.iter_mut().enumerate() {
            if *x == Some(i) {
                *x = None;
            }
        }
    }
    out
}

#[test]
fn roommates_against_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let (mut solvable, mut unsolvable) = (0, 0);
    for case in 0..600 {
        let n = rng.random_range(1..10);
        let p_list = [1.0, 0.7, 0.4][case % 3];
        let lists = random_peer_lists(&mut rng, n, p_list, 0.0);
        let r = dense(&lists, n);
        let exists = all_peer_matchings(&r)
            .iter()
            .any(|m| peer_blocking_naive(&r, m).is_empty());
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let out = stable_roommates(&prefs, case as u64).unwrap();
        let mate = out.matching.mate().to_vec();
        let naive = peer_blocking_naive(&r, &mate);
        assert_eq!(out.stable, exists, "case {case}: {lists:?}");
        assert_eq!(out.blocking_pairs, naive, "case {case}");
        assert_eq!(peer_blocking_pairs(&out.matching, &prefs).unwrap(), naive);
        for (i, m) in mate.iter().enumerate() {
            if let Some(j) = *m {
                assert!(
                    r[i][j].is_some() && r[j][i].is_some(),
                    "case {case}: unacceptable pair"
                );
            }
        }
        if exists {
            solvable += 1;
            assert!(out.set_aside.is_empty());
            assert_eq!(out.matching.status(), SolveStatus::Stable);
        } else {
            unsolvable += 1;
            assert!(!out.set_aside.is_empty());
            assert_eq!(out.matching.status(), SolveStatus::Partial);
            for &(i, j) in &out.blocking_pairs {
                assert!(
                    out.set_aside.contains(&i) || out.set_aside.contains(&j),
                    "case {case}"
                );
            }
        }
    }
    assert!(
        solvable > 100 && unsolvable > 30,
        "{solvable} solvable, {unsolvable} unsolvable"
    );
}

#[test]
fn roommates_with_ties_is_weakly_stable_when_it_says_so() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut stable_count = 0;
    for case in 0..300 {
        let n = rng.random_range(2..12);
        let lists = random_peer_lists(&mut rng, n, 0.7, 0.5);
        let r = dense(&lists, n);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let out = stable_roommates(&prefs, case).unwrap();
        let naive = peer_blocking_naive(&r, out.matching.mate());
        assert_eq!(out.blocking_pairs, naive);
        assert_eq!(out.stable, naive.is_empty());
        stable_count += usize::from(out.stable);
        // determinism
        assert_eq!(stable_roommates(&prefs, case).unwrap(), out);
    }
    assert!(stable_count > 150);
}

#[test]
fn roommates_larger_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for n in [50, 200, 201] {
        for _ in 0..5 {
            let lists = random_peer_lists(&mut rng, n, 1.0, 0.0);
            let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
            let out = stable_roommates(&prefs, 0).unwrap();
            assert_eq!(
                out.blocking_pairs,
                peer_blocking_pairs(&out.matching, &prefs).unwrap()
            );
            assert_eq!(out.stable, out.set_aside.is_empty());
            for &(i, j) in &out.blocking_pairs {
                assert!(out.set_aside.contains(&i) || out.set_aside.contains(&j));
            }
            // complete lists: at most the set-aside participants (and one for odd n) are single
            let single = out.matching.mate().iter().filter(|m| m.is_none()).count();
            assert_eq!(single, n % 2);
            let s = peer_rank_stats(&out.matching, &prefs).unwrap();
            assert_eq!(s.n_unmatched, single);
        }
    }
}

/// `k` disjoint copies of the classic 4-person instance without a stable matching; copy `c` has
/// members `id(c, 0..4)`.
fn classic_copies(k: usize, id: impl Fn(usize, usize) -> usize) -> Lists {
    let base = [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]];
    let mut lists = vec![Vec::new(); 4 * k];
    for c in 0..k {
        for (a, l) in base.iter().enumerate() {
            lists[id(c, a)] = l.iter().map(|&b| vec![id(c, b)]).collect();
        }
    }
    lists
}

#[test]
fn roommates_k_copies_set_aside_one_per_copy() {
    for (k, interleaved) in [(1, false), (7, true), (5000, false), (5000, true)] {
        let id = |c: usize, a: usize| if interleaved { a * k + c } else { 4 * c + a };
        let lists = classic_copies(k, id);
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let out = stable_roommates(&prefs, 0).unwrap();
        assert!(!out.stable);
        assert_eq!(out.set_aside.len(), k, "k = {k}");
        let mut copies: Vec<usize> = out
            .set_aside
            .iter()
            .map(|&z| if interleaved { z % k } else { z / 4 })
            .collect();
        copies.sort_unstable();
        assert_eq!(copies, (0..k).collect::<Vec<_>>(), "one per copy");
        // everyone lists everyone in their copy: all are paired, within their copy
        let copy_of = |x: usize| if interleaved { x % k } else { x / 4 };
        for (x, m) in out.matching.mate().iter().enumerate() {
            let y = m.expect("complete lists: everyone is paired");
            assert_eq!(copy_of(x), copy_of(y));
        }
        assert_eq!(
            out.blocking_pairs,
            peer_blocking_pairs(&out.matching, &prefs).unwrap()
        );
        for &(i, j) in &out.blocking_pairs {
            assert!(out.set_aside.contains(&i) || out.set_aside.contains(&j));
        }
        if k == 1 {
            // brute force: the classic instance has no stable matching
            let r = dense(&lists, 4);
            assert!(
                all_peer_matchings(&r)
                    .iter()
                    .all(|m| !peer_blocking_naive(&r, m).is_empty())
            );
        }
    }
}

#[test]
fn roommates_disjoint_union_equals_parts() {
    // the component decomposition is invisible: a disjoint union of random strict instances,
    // interleaved in index order, gives each part the matching it gets alone
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for case in 0..200 {
        let parts: Vec<Lists> = (0..rng.random_range(1..5))
            .map(|_| {
                let n = rng.random_range(1..10);
                random_peer_lists(&mut rng, n, [1.0, 0.6, 0.3][case % 3], 0.0)
            })
            .collect();
        // random interleaving that keeps each part's relative order
        let mut owner: Vec<usize> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, l)| std::iter::repeat_n(p, l.len()))
            .collect();
        owner.shuffle(&mut rng);
        let mut global: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
        for (g, &p) in owner.iter().enumerate() {
            global[p].push(g);
        }
        let mut lists: Lists = vec![Vec::new(); owner.len()];
        for (p, l) in parts.iter().enumerate() {
            for (a, groups) in l.iter().enumerate() {
                lists[global[p][a]] = groups
                    .iter()
                    .map(|g| g.iter().map(|&b| global[p][b]).collect())
                    .collect();
            }
        }
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let out = stable_roommates(&prefs, 0).unwrap();
        let mut expect_aside = Vec::new();
        let mut all_stable = true;
        for (p, l) in parts.iter().enumerate() {
            let part =
                stable_roommates(&PeerPreferences::new(l, Acceptability::Mutual).unwrap(), 0)
                    .unwrap();
            all_stable &= part.stable;
            for (a, m) in part.matching.mate().iter().enumerate() {
                assert_eq!(
                    out.matching.mate()[global[p][a]],
                    m.map(|b| global[p][b]),
                    "case {case}"
                );
            }
            expect_aside.extend(part.set_aside.iter().map(|&z| global[p][z]));
        }
        let mut got_aside = out.set_aside.clone();
        got_aside.sort_unstable();
        expect_aside.sort_unstable();
        assert_eq!(got_aside, expect_aside, "case {case}");
        assert_eq!(out.stable, all_stable);
        // brute force on the union when small enough
        if lists.len() <= 10 {
            let r = dense(&lists, lists.len());
            let exists = all_peer_matchings(&r)
                .iter()
                .any(|m| peer_blocking_naive(&r, m).is_empty());
            assert_eq!(out.stable, exists, "case {case}");
        }
    }
}

#[test]
fn roommates_chain_of_unsolvable_copies_is_exact() {
    // copies joined into one component by a last-ranked link between consecutive copies
    for k in [2, 3, 50] {
        let mut lists = classic_copies(k, |c, a| 4 * c + a);
        for c in 0..k - 1 {
            lists[4 * c + 3].push(vec![4 * c + 4]);
            lists[4 * c + 4].push(vec![4 * c + 3]);
        }
        let prefs = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
        let out = stable_roommates(&prefs, 0).unwrap();
        assert_eq!(
            out.blocking_pairs,
            peer_blocking_pairs(&out.matching, &prefs).unwrap()
        );
        for &(i, j) in &out.blocking_pairs {
            assert!(out.set_aside.contains(&i) || out.set_aside.contains(&j));
        }
        if 4 * k <= 12 {
            let r = dense(&lists, 4 * k);
            let exists = all_peer_matchings(&r)
                .iter()
                .any(|m| peer_blocking_naive(&r, m).is_empty());
            assert_eq!(out.stable, exists, "k = {k}");
        }
    }
}
