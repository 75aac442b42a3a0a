//! The reject score of `stable`, `fair`, `peers` and `rematch` (`nastavnik::assign::reject`):
//! each result equals brute force on small random problems with ties, forbidden pairs and
//! rows/columns left without any pair at or above the reject score, and equals the strategy run
//! without a reject score on the problem with the pairs below it forbidden.

mod common;

use ndarray::Array2;
use rand::Rng;

use nastavnik::assign::blossom::PeerObjective;
use nastavnik::assign::fair::Objective;
use nastavnik::assign::stable::Proposer;
use nastavnik::assign::{Problem, Strategy};
use nastavnik::preferences::{Acceptability, Preferences};

const NINF: f64 = f64::NEG_INFINITY;

/// Every one-to-one matching (as `mentor_of`) using only pairs allowed by `ok`.
fn matchings(n: usize, m: usize, ok: &dyn Fn(usize, usize) -> bool) -> Vec<Vec<Option<usize>>> {
    fn rec(
        i: usize,
        n: usize,
        m: usize,
        used: &mut Vec<bool>,
        cur: &mut Vec<Option<usize>>,
        ok: &dyn Fn(usize, usize) -> bool,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        if i == n {
            out.push(cur.clone());
            return;
        }
        cur.push(None);
        rec(i + 1, n, m, used, cur, ok, out);
        cur.pop();
        for j in 0..m {
            if !used[j] && ok(i, j) {
                used[j] = true;
                cur.push(Some(j));
                rec(i + 1, n, m, used, cur, ok, out);
                cur.pop();
                used[j] = false;
            }
        }
    }
    let mut out = Vec::new();
    rec(0, n, m, &mut vec![false; m], &mut Vec::new(), ok, &mut out);
    out
}

fn pairs_of(mo: &[Option<usize>]) -> Vec<(usize, usize)> {
    mo.iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect()
}

fn masked(s: &Array2<f64>, r: f64) -> Array2<f64> {
    s.mapv(|v| if v < r { NINF } else { v })
}

/// Random small instance: integer scores 0..=4 (ties), about 20 % forbidden, reject 1.5 or 2.5.
fn instance(seed: u64, square: bool) -> (Array2<f64>, f64) {
    let mut rng = common::rng(seed);
    let n = rng.random_range(1..=5);
    let m = if square { n } else { rng.random_range(1..=5) };
    let s = common::random_scores(&mut rng, n, m, 0.2, Some((0, 4)));
    let r = if rng.random_bool(0.5) { 1.5 } else { 2.5 };
    (s, r)
}

#[test]
fn fair_bottleneck_and_coverage_forbid_pairs_below_the_reject_score() {
    for seed in 0..300 {
        let (s, r) = instance(seed, false);
        let (n, m) = s.dim();
        let p = Problem::new(s.clone())
            .unwrap()
            .with_reject_score(r)
            .unwrap();
        let ok = |i: usize, j: usize| s[[i, j]] >= r;
        let all = matchings(n, m, &ok);
        let nu = all.iter().map(|mo| pairs_of(mo).len()).max().unwrap();
        let at_nu: Vec<Vec<(usize, usize)>> = all
            .iter()
            .map(|mo| pairs_of(mo))
            .filter(|v| v.len() == nu)
            .collect();
        let sum = |v: &[(usize, usize)]| v.iter().map(|&(i, j)| s[[i, j]]).sum::<f64>();
        let min = |v: &[(usize, usize)]| {
            v.iter()
                .map(|&(i, j)| s[[i, j]])
                .fold(f64::INFINITY, f64::min)
        };
        for objective in [Objective::MaxMinThenSum, Objective::CoverageThenSum] {
            let st = Strategy::Fair { objective };
            let got = st.solve(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let v = got.pairs().to_vec();
            assert!(
                v.iter().all(|&(i, j)| ok(i, j)),
                "seed {seed}: pair below {r}"
            );
            assert_eq!(v.len(), nu, "seed {seed} {objective:?}: coverage");
            let (want_min, want_sum) = if objective == Objective::MaxMinThenSum {
                let t = at_nu.iter().map(|v| min(v)).fold(NINF, f64::max);
                let best = at_nu
                    .iter()
                    .filter(|v| min(v) == t)
                    .map(|v| sum(v))
                    .fold(NINF, f64::max);
                (Some(t), best)
            } else {
                (None, at_nu.iter().map(|v| sum(v)).fold(NINF, f64::max))
            };
            if let (Some(t), true) = (want_min, nu > 0) {
                assert_eq!(min(&v), t, "seed {seed}: bottleneck");
            }
            if nu > 0 {
                assert_eq!(got.total(), want_sum, "seed {seed} {objective:?}: total");
            } else {
                assert!(v.is_empty());
            }
            // the same as the strategy on the problem with those pairs forbidden
            let plain = st.solve(&Problem::new(masked(&s, r)).unwrap()).unwrap();
            assert_eq!(plain.pairs(), got.pairs(), "seed {seed}");
        }
    }
}

#[test]
fn fair_max_sum_takes_the_reject_score_as_lap_does() {
    for seed in 0..100 {
        let (s, r) = instance(seed, false);
        let p = Problem::new(s).unwrap().with_reject_score(r).unwrap();
        let fair = Strategy::Fair {
            objective: Objective::MaxSum,
        };
        let a = fair.solve(&p).unwrap();
        let b = Strategy::Lap.solve(&p).unwrap();
        assert_eq!(a.total(), b.total(), "seed {seed}");
        assert_eq!(a.pairs(), b.pairs(), "seed {seed}");
    }
}

#[test]
fn peers_drop_edges_below_the_reject_score() {
    for seed in 0..300 {
        let (raw, r) = instance(seed, true);
        let n = raw.nrows();
        // symmetric, no self pairs
        let s = Array2::from_shape_fn((n, n), |(i, j)| {
            if i == j {
                NINF
            } else {
                raw[[i.min(j), i.max(j)]]
            }
        });
        let p = Problem::new(s.clone())
            .unwrap()
            .with_reject_score(r)
            .unwrap();
        // brute force: every matching of the pool on edges >= r (as mentee < mentor pairs)
        let ok = |i: usize, j: usize| i < j && s[[i, j]] >= r;
        let mut best_w = 0.0f64;
        let mut best_card = (0usize, 0.0f64);
        for mo in matchings(n, n, &ok) {
            let v = pairs_of(&mo);
            let mut seen = vec![false; n];
            if v.iter().any(|&(i, j)| {
                let clash = seen[i] || seen[j];
                seen[i] = true;
                seen[j] = true;
                clash
            }) {
                continue;
            }
            let w: f64 = v.iter().map(|&(i, j)| s[[i, j]]).sum();
            best_w = best_w.max(w);
            if (v.len(), w) > best_card {
                best_card = (v.len(), w);
            }
        }
        for (objective, want) in [
            (PeerObjective::MaxWeight, best_w),
            (PeerObjective::MaxCardinality, best_card.1),
        ] {
            let st = Strategy::Peers { objective };
            let got = st.solve(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert!(
                got.pairs().iter().all(|&(i, j)| s[[i, j]] >= r),
                "seed {seed}"
            );
            assert_eq!(got.total(), want, "seed {seed} {objective:?}");
            if objective == PeerObjective::MaxCardinality {
                assert_eq!(got.pairs().len(), best_card.0, "seed {seed}");
            }
            let plain = st.solve(&Problem::new(masked(&s, r)).unwrap()).unwrap();
            assert_eq!(plain.pairs(), got.pairs(), "seed {seed}");
        }
    }
}

/// Strict random preference lists (each side lists a random subset in random order).
fn random_prefs(rng: &mut impl Rng, n: usize, m: usize) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut list = |k: usize| -> Vec<usize> {
        let mut v: Vec<usize> = (0..k).filter(|_| rng.random_bool(0.85)).collect();
        for a in (1..v.len()).rev() {
            let b = rng.random_range(0..=a);
            v.swap(a, b);
        }
        v
    };
    let e = (0..n).map(|_| list(m)).collect();
    let o = (0..m).map(|_| list(n)).collect();
    (e, o)
}

#[test]
fn stable_truncates_the_stated_lists_at_the_reject_score() {
    for seed in 0..300 {
        let (s, r) = instance(seed, false);
        let (n, m) = s.dim();
        let mut rng = common::rng(seed ^ 0xabc);
        let (el, ol) = random_prefs(&mut rng, n, m);
        let groups = |l: &Vec<Vec<usize>>| -> Vec<Vec<Vec<usize>>> {
            l.iter()
                .map(|v| v.iter().map(|&x| vec![x]).collect())
                .collect()
        };
        let prefs = Preferences::new(&groups(&el), &groups(&ol), Acceptability::Mutual).unwrap();
        let s = s.mapv(|v| if v == NINF { 0.0 } else { v }); // scores finite; the lists decide
        let p = Problem::new(s.clone())
            .unwrap()
            .with_preferences(prefs.clone())
            .unwrap()
            .with_reject_score(r)
            .unwrap();
        let rank = |l: &Vec<usize>, x: usize| l.iter().position(|&y| y == x);
        let ok = |i: usize, j: usize| {
            s[[i, j]] >= r && rank(&el[i], j).is_some() && rank(&ol[j], i).is_some()
        };
        // brute force: the stable matchings of the truncated instance
        let stable: Vec<Vec<Option<usize>>> = matchings(n, m, &ok)
            .into_iter()
            .filter(|mo| {
                let mut partner_of_mentor = vec![None; m];
                for (i, j) in mo.iter().enumerate() {
                    if let Some(j) = j {
                        partner_of_mentor[*j] = Some(i);
                    }
                }
                !(0..n).any(|i| {
                    (0..m).any(|j| {
                        ok(i, j)
                            && mo[i] != Some(j)
                            && mo[i].is_none_or(|k| rank(&el[i], j) < rank(&el[i], k))
                            && partner_of_mentor[j]
                                .is_none_or(|k| rank(&ol[j], i) < rank(&ol[j], k))
                    })
                })
            })
            .collect();
        for proposer in [Proposer::Mentees, Proposer::Mentors] {
            let st = Strategy::Stable { proposer, seed: 0 };
            let got = st.solve(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let mo = got.assignment().mentor_of();
            assert!(
                stable.contains(&mo),
                "seed {seed}: not stable in the truncated instance"
            );
            if proposer == Proposer::Mentees {
                // mentee-optimal: each mentee's partner is its best over all stable matchings
                for i in 0..n {
                    let best = stable
                        .iter()
                        .filter_map(|x| x[i].map(|j| rank(&el[i], j).unwrap()))
                        .min();
                    assert_eq!(mo[i].map(|j| rank(&el[i], j).unwrap()), best, "seed {seed}");
                }
            }
        }
    }
}

#[test]
fn stable_with_a_reject_score_and_no_scores_is_a_named_error() {
    let prefs =
        Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    let p = Problem::from_preferences(prefs)
        .unwrap()
        .with_reject_score(0.5)
        .unwrap();
    let e = Strategy::Stable {
        proposer: Proposer::Mentees,
        seed: 0,
    }
    .solve(&p)
    .unwrap_err();
    assert!(e.to_string().contains("reject_score"), "{e}");
}

#[test]
fn rematch_forms_no_pair_below_the_reject_score_unless_required() {
    for seed in 0..300 {
        let (s, r) = instance(seed, false);
        let (n, m) = s.dim();
        let mut rng = common::rng(seed ^ 0x5eed);
        let previous: Vec<Option<usize>> = (0..n)
            .map(|_| rng.random_bool(0.6).then(|| rng.random_range(0..m)))
            .collect();
        // one required pair on an allowed cell, sometimes below the reject score
        let req: Vec<(usize, usize)> = if rng.random_bool(0.4) {
            let i = rng.random_range(0..n);
            (0..m)
                .find(|&j| s[[i, j]] > NINF)
                .map(|j| vec![(i, j)])
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let keep_bonus = if rng.random_bool(0.5) {
            Some(1.0)
        } else {
            None
        };
        let mut p = Problem::new(s.clone())
            .unwrap()
            .with_reject_score(r)
            .unwrap();
        if !req.is_empty() {
            p = p.with_required(req.clone()).unwrap();
        }
        let ok = |i: usize, j: usize| req.contains(&(i, j)) || s[[i, j]] >= r;
        // brute force: coverage, then (bonus) score + b kept or (no bonus) kept then score
        let mut best: Option<(usize, f64, f64)> = None;
        for mo in matchings(n, m, &ok) {
            if !req.iter().all(|&(i, j)| mo[i] == Some(j)) {
                continue;
            }
            let v = pairs_of(&mo);
            let sc: f64 = v.iter().map(|&(i, j)| s[[i, j]]).sum();
            let kept = v.iter().filter(|&&(i, j)| previous[i] == Some(j)).count() as f64;
            let key = match keep_bonus {
                Some(b) => (v.len(), sc + b * kept, 0.0),
                None => (v.len(), kept, sc),
            };
            if best.is_none_or(|b| key > b) {
                best = Some(key);
            }
        }
        let st = Strategy::Rematch {
            previous: previous.clone(),
            keep_bonus,
        };
        let got = st.solve(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let v = got.pairs().to_vec();
        assert!(
            v.iter().all(|&(i, j)| ok(i, j)),
            "seed {seed}: pair below {r}"
        );
        let sc: f64 = v.iter().map(|&(i, j)| s[[i, j]]).sum();
        let kept = v.iter().filter(|&&(i, j)| previous[i] == Some(j)).count() as f64;
        let key = match keep_bonus {
            Some(b) => (v.len(), sc + b * kept, 0.0),
            None => (v.len(), kept, sc),
        };
        assert_eq!(Some(key), best, "seed {seed}");
    }
}

#[test]
fn stable_from_scores_and_lap_keep_their_reject_meaning() {
    // regression guard: the solvers that already took a reject score are unchanged
    for seed in 0..50 {
        let (s, r) = instance(seed, false);
        let p = Problem::new(s.clone())
            .unwrap()
            .with_reject_score(r)
            .unwrap();
        let st = Strategy::StableFromScores {
            proposer: Proposer::Mentees,
            seed: 0,
            acceptability: Acceptability::Mutual,
        };
        let got = st.solve(&p).unwrap();
        assert!(got.pairs().iter().all(|&(i, j)| s[[i, j]] >= r));
        let plain = st.solve(&Problem::new(masked(&s, r)).unwrap()).unwrap();
        assert_eq!(plain.pairs(), got.pairs(), "seed {seed}");
    }
}
