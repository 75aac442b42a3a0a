//! Tests of `assign::fair` (bottleneck, coverage, Hopcroft–Karp) and `assign::incremental`
//! (re-matching): brute force over every matching of small random instances, a simple
//! augmenting-path reference on medium ones, error cases and determinism.
#![allow(clippy::unwrap_used)]

mod common;

use nastavnik::ErrorKind;
use nastavnik::assign::Assignment;
use nastavnik::assign::fair::{Objective, bottleneck_value, max_cardinality, solve_fair};
use nastavnik::assign::incremental::{ChangeReport, RematchOptions, rematch};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const NEG: f64 = f64::NEG_INFINITY;
const EPS: f64 = 1e-9;

fn random_scores(
    rng: &mut ChaCha8Rng,
    n: usize,
    m: usize,
    p_forbid: f64,
    ties: bool,
) -> Array2<f64> {
    common::random_scores(rng, n, m, p_forbid, ties.then_some((-2, 3)))
}

/// Every matching (mentor of each mentee) within capacities `cap`, using allowed pairs only.
fn all_matchings(s: &Array2<f64>, cap: &[u32]) -> Vec<Vec<Option<usize>>> {
    fn rec(
        s: &Array2<f64>,
        i: usize,
        load: &mut Vec<u32>,
        cap: &[u32],
        cur: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        if i == s.nrows() {
            out.push(cur.clone());
            return;
        }
        cur.push(None);
        rec(s, i + 1, load, cap, cur, out);
        cur.pop();
        for j in 0..s.ncols() {
            if s[[i, j]] > NEG && load[j] < cap[j] {
                load[j] += 1;
                cur.push(Some(j));
                rec(s, i + 1, load, cap, cur, out);
                cur.pop();
                load[j] -= 1;
            }
        }
    }
    let mut out = Vec::new();
    rec(
        s,
        0,
        &mut vec![0; s.ncols()],
        cap,
        &mut Vec::new(),
        &mut out,
    );
    out
}

struct Stats {
    size: usize,
    min: f64,
    sum: f64,
}

fn stats(s: &Array2<f64>, mate: &[Option<usize>]) -> Stats {
    let mut st = Stats {
        size: 0,
        min: f64::INFINITY,
        sum: 0.0,
    };
    for (i, j) in mate.iter().enumerate() {
        if let Some(j) = *j {
            st.size += 1;
            st.min = st.min.min(s[[i, j]]);
            st.sum += s[[i, j]];
        }
    }
    st
}

/// Checks an assignment is a valid matching under `cap` (each mentee ≤ 1 mentor, allowed pairs).
fn check_valid(s: &Array2<f64>, a: &Assignment, cap: &[u32]) -> Vec<Option<usize>> {
    let mut load = vec![0u32; s.ncols()];
    let mut mate = vec![None; s.nrows()];
    for &(i, j) in a.pairs() {
        assert!(mate[i].is_none(), "mentee {i} matched twice");
        assert!(s[[i, j]] > NEG, "forbidden pair ({i}, {j}) used");
        mate[i] = Some(j);
        load[j] += 1;
    }
    for j in 0..s.ncols() {
        assert!(load[j] <= cap[j], "mentor {j} over capacity");
    }
    assert!((a.total() - stats(s, &mate).sum).abs() < EPS);
    mate
}

fn caps_for(rng: &mut ChaCha8Rng, m: usize, groups: bool) -> Option<Vec<u32>> {
    groups.then(|| (0..m).map(|_| rng.random_range(0..=3)).collect())
}

#[test]
fn fair_objectives_match_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut checked = 0;
    for case in 0..900 {
        let n = rng.random_range(1..=5);
        let m = rng.random_range(1..=4);
        let groups = case % 2 == 1;
        let p = [0.0, 0.2, 0.5, 0.8][case % 4];
        let s = random_scores(&mut rng, n, m, p, case % 3 == 0);
        let max_load = caps_for(&mut rng, m, groups);
        let cap = max_load.clone().unwrap_or_else(|| vec![1; m]);
        let all = all_matchings(&s, &cap);
        let nu = all.iter().map(|x| stats(&s, x).size).max().unwrap();
        let ml = max_load.as_deref();

        // Hopcroft–Karp cardinality
        let hk = max_cardinality(s.view(), ml).unwrap();
        check_valid(&s, &hk, &cap);
        assert_eq!(hk.n_matched(), nu, "case {case}");

        // bottleneck value
        let best_min = all
            .iter()
            .map(|x| stats(&s, x))
            .filter(|st| st.size == nu)
            .map(|st| st.min)
            .fold(NEG, f64::max);
        let bv = bottleneck_value(s.view(), ml).unwrap();
        if nu == 0 {
            assert_eq!(bv, None);
        } else {
            assert_eq!(bv, Some(best_min), "case {case}");
        }

        // bottleneck then sum
        let a = solve_fair(s.view(), ml, Objective::MaxMinThenSum).unwrap();
        let st = stats(&s, &check_valid(&s, &a, &cap));
        assert_eq!(st.size, nu, "case {case}");
        let best_sum = all
            .iter()
            .map(|x| stats(&s, x))
            .filter(|x| x.size == nu && (nu == 0 || x.min == best_min))
            .map(|x| x.sum)
            .fold(NEG, f64::max);
        if nu > 0 {
            assert_eq!(st.min, best_min, "case {case}");
        }
        assert!(
            (st.sum - best_sum).abs() < EPS,
            "case {case}: {} vs {best_sum}",
            st.sum
        );

        // coverage then sum
        let c = solve_fair(s.view(), ml, Objective::CoverageThenSum).unwrap();
        let st = stats(&s, &check_valid(&s, &c, &cap));
        let best_cov = all
            .iter()
            .map(|x| stats(&s, x))
            .filter(|x| x.size == nu)
            .map(|x| x.sum)
            .fold(NEG, f64::max);
        assert_eq!(st.size, nu);
        assert!((st.sum - best_cov).abs() < EPS, "case {case}");

        // plain max-sum agrees with coverage-then-sum when feasible
        let full = if groups { n } else { n.min(m) };
        match solve_fair(s.view(), ml, Objective::MaxSum) {
            Ok(p) => {
                assert_eq!(nu, full);
                assert!((p.total() - best_cov).abs() < EPS);
            }
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Infeasible);
                assert!(nu < full);
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 900);
}

/// Kuhn's simple augmenting-path algorithm (reference for larger instances).
fn kuhn(s: &Array2<f64>, cap: &[u32], t: f64) -> usize {
    let (n, m) = s.dim();
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); m];
    fn try_row(
        i: usize,
        s: &Array2<f64>,
        t: f64,
        cap: &[u32],
        holders: &mut Vec<Vec<usize>>,
        seen: &mut Vec<bool>,
    ) -> bool {
        for j in 0..s.ncols() {
            if s[[i, j]] == NEG || s[[i, j]] < t || seen[j] {
                continue;
            }
            seen[j] = true;
            if (holders[j].len() as u32) < cap[j] {
                holders[j].push(i);
                return true;
            }
            for k in 0..holders[j].len() {
                let other = holders[j][k];
                if try_row(other, s, t, cap, holders, seen) {
                    holders[j][k] = i;
                    return true;
                }
            }
        }
        false
    }
    let mut size = 0;
    for i in 0..n {
        let mut seen = vec![false; m];
        if try_row(i, s, t, cap, &mut holders, &mut seen) {
            size += 1;
        }
    }
    size
}

#[test]
fn hopcroft_karp_and_bottleneck_match_reference_on_medium_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for case in 0..60 {
        let n = rng.random_range(5..=60);
        let m = rng.random_range(5..=60);
        let groups = case % 2 == 0;
        let p = [0.5, 0.8, 0.9, 0.95][case % 4];
        let s = random_scores(&mut rng, n, m, p, case % 3 == 0);
        let max_load = caps_for(&mut rng, m, groups);
        let cap = max_load.clone().unwrap_or_else(|| vec![1; m]);
        let nu = kuhn(&s, &cap, NEG);
        let hk = max_cardinality(s.view(), max_load.as_deref()).unwrap();
        check_valid(&s, &hk, &cap);
        assert_eq!(hk.n_matched(), nu, "case {case}");
        let bv = bottleneck_value(s.view(), max_load.as_deref()).unwrap();
        let a = solve_fair(s.view(), max_load.as_deref(), Objective::MaxMinThenSum).unwrap();
        let st = stats(&s, &check_valid(&s, &a, &cap));
        assert_eq!(st.size, nu);
        match bv {
            None => assert_eq!(nu, 0),
            Some(t) => {
                assert_eq!(st.min, t);
                // t is achievable and nothing above it is
                assert_eq!(kuhn(&s, &cap, t), nu);
                let above = s
                    .iter()
                    .copied()
                    .filter(|&v| v > t)
                    .fold(f64::INFINITY, f64::min);
                if above.is_finite() {
                    assert!(kuhn(&s, &cap, above) < nu, "case {case}");
                }
            }
        }
    }
}

/// Brute force for re-matching: matchings containing `fixed`, avoiding `avoid`.
fn rematch_brute(s: &Array2<f64>, cap: &[u32], opts: &RematchOptions) -> (usize, usize, f64, f64) {
    let mut allowed = s.clone();
    for &(i, j) in &opts.forbidden {
        allowed[[i, j]] = NEG;
    }
    let mut best: Option<(usize, f64, usize, f64)> = None; // (size, primary, kept, sum)
    for x in all_matchings(&allowed, cap) {
        if opts.required.iter().any(|&(i, j)| x[i] != Some(j)) {
            continue;
        }
        let st = stats(&allowed, &x);
        let kept = x
            .iter()
            .zip(&opts.previous)
            .filter(|(a, b)| a.is_some() && a == b)
            .count();
        let primary = match opts.keep_bonus {
            Some(b) => st.sum + b * kept as f64,
            None => kept as f64,
        };
        let key_better = |b: &(usize, f64, usize, f64)| {
            if st.size != b.0 {
                return st.size > b.0;
            }
            if (primary - b.1).abs() > EPS {
                return primary > b.1;
            }
            st.sum > b.3 + EPS
        };
        if best.as_ref().is_none_or(key_better) {
            best = Some((st.size, primary, kept, st.sum));
        }
    }
    let b = best.unwrap();
    (b.0, b.2, b.1, b.3)
}

#[test]
fn rematch_matches_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    let mut solved = 0;
    for case in 0..1200 {
        let n = rng.random_range(1..=5);
        let m = rng.random_range(1..=4);
        let groups = case % 2 == 1;
        let s = random_scores(&mut rng, n, m, [0.0, 0.2, 0.4][case % 3], case % 4 < 2);
        let max_load = caps_for(&mut rng, m, groups);
        let cap = max_load.clone().unwrap_or_else(|| vec![1; m]);
        let previous: Vec<Option<usize>> = (0..n)
            .map(|_| rng.random_bool(0.7).then(|| rng.random_range(0..m)))
            .collect();
        let avoid: Vec<(usize, usize)> = (0..rng.random_range(0..3))
            .map(|_| (rng.random_range(0..n), rng.random_range(0..m)))
            .collect();
        let fixed: Vec<(usize, usize)> = if rng.random_bool(0.4) {
            let i = rng.random_range(0..n);
            vec![(i, rng.random_range(0..m))]
        } else {
            vec![]
        };
        let keep_bonus = match case % 3 {
            0 => None,
            1 => Some(rng.random_range(0.0..2.0)),
            _ => Some(0.0),
        };
        let opts = RematchOptions::default()
            .with_previous(previous.clone())
            .with_required(fixed.clone())
            .with_forbidden(avoid.clone())
            .with_keep_bonus(keep_bonus)
            .with_max_load(max_load.clone());
        let res = rematch(s.view(), &opts);
        let fixed_bad = fixed
            .iter()
            .any(|&(i, j)| s[[i, j]] == NEG || avoid.contains(&(i, j)) || cap[j] == 0);
        if fixed_bad {
            assert_eq!(
                res.unwrap_err().kind(),
                ErrorKind::Infeasible,
                "case {case}"
            );
            continue;
        }
        let (a, report) = res.unwrap();
        let mut allowed = s.clone();
        for &(i, j) in &avoid {
            allowed[[i, j]] = NEG;
        }
        let mate = check_valid(&allowed, &a, &cap);
        for &(i, j) in &fixed {
            assert_eq!(mate[i], Some(j));
        }
        let (size, kept, primary, sum) = rematch_brute(&s, &cap, &opts);
        let st = stats(&s, &mate);
        assert_eq!(st.size, size, "case {case}");
        assert_eq!(report, ChangeReport::between(&previous, &mate));
        let got_kept = report.kept.len();
        // `objective` is what was optimised: Σ score + b·#kept with a bonus, unset without
        match keep_bonus {
            None => assert_eq!(a.objective(), None, "case {case}"),
            Some(b) => {
                let o = a.objective().expect("objective with a keep bonus");
                assert!(
                    (o - primary).abs() < EPS,
                    "case {case}: objective {o} vs {primary}"
                );
                assert!(
                    (o - (a.total() + b * got_kept as f64)).abs() < EPS,
                    "case {case}"
                );
            }
        }
        match keep_bonus {
            None => {
                assert_eq!(got_kept, kept, "case {case}");
                assert!(
                    (st.sum - sum).abs() < EPS,
                    "case {case}: {} vs {sum}",
                    st.sum
                );
            }
            Some(b) => {
                let p = st.sum + b * got_kept as f64;
                assert!((p - primary).abs() < EPS, "case {case}: {p} vs {primary}");
            }
        }
        assert_eq!(
            report.kept.len()
                + report.moved.len()
                + report.newly_matched.len()
                + report.unmatched.len(),
            n
        );
        solved += 1;
    }
    assert!(solved > 900, "{solved}");
}

#[test]
fn rematch_keeps_previous_pairs_first_then_score() {
    // Keeping (0,0) costs 10 in score but keep_bonus = None puts kept pairs first.
    let s = ndarray::array![[0.0, 10.0], [10.0, 0.0]];
    let opts = RematchOptions::default().with_previous(vec![Some(0), None]);
    let (a, r) = rematch(s.view(), &opts).unwrap();
    assert_eq!(a.pairs(), &[(0, 0), (1, 1)]);
    assert_eq!(r.kept, vec![(0, 0)]);
    assert_eq!(r.newly_matched, vec![(1, 1)]);
    // But never at the cost of coverage: mentee 1 can only take mentor 0.
    let s = ndarray::array![[0.0, 1.0], [10.0, NEG]];
    let (a, r) = rematch(s.view(), &opts).unwrap();
    assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    assert_eq!(r.moved, vec![(0, 0, 1)]);
}

#[test]
fn errors_name_the_offending_input() {
    let s = ndarray::array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let base = RematchOptions::default().with_previous(vec![None, None, None]);
    let err = |o: RematchOptions| rematch(s.view(), &o).unwrap_err();

    let e = err(base.clone().with_previous(vec![None]));
    assert_eq!(e.kind(), ErrorKind::Shape);
    let e = err(base.clone().with_previous(vec![None, Some(7), None]));
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert!(e.to_string().contains("mentee row 1") && e.to_string().contains("column 7"));
    let e = err(base.clone().with_required(vec![(1, 0), (1, 1)]));
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert!(
        e.to_string().contains("mentee row 1 is required twice"),
        "{e}"
    );
    let e = err(base.clone().with_required(vec![(0, 0), (1, 0)]));
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(e.to_string().contains("mentor column 0"), "{e}");
    let e = err(base
        .clone()
        .with_required(vec![(2, 1)])
        .with_forbidden(vec![(2, 1)]));
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(
        e.to_string().contains("mentee row 2, mentor column 1"),
        "{e}"
    );
    let e = err(base.clone().with_required(vec![(5, 0)]));
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert!(e.to_string().contains("mentee row 5"), "{e}");
    let e = err(base.clone().with_forbidden(vec![(0, 9)]));
    assert!(e.to_string().contains("mentor column 9"), "{e}");
    let e = err(base.clone().with_keep_bonus(f64::INFINITY));
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    let e = err(base.clone().with_max_load(vec![1]));
    assert_eq!(e.kind(), ErrorKind::Shape);
    // capacity 2 allows two fixed mentees
    let ok = base
        .with_required(vec![(0, 0), (1, 0)])
        .with_max_load(vec![2, 1]);
    let (a, _) = rematch(s.view(), &ok).unwrap();
    assert_eq!(a.pairs(), &[(0, 0), (1, 0), (2, 1)]);

    let bad = ndarray::array![[1.0, f64::NAN]];
    let e = solve_fair(bad.view(), None, Objective::MaxMinThenSum).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
    assert!(e.to_string().contains("column 1"));
    let e = solve_fair(s.view(), Some(&[1]), Objective::CoverageThenSum).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Shape);
    let empty = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        max_cardinality(empty.view(), None).unwrap_err().kind(),
        ErrorKind::Empty
    );
    assert_eq!(
        bottleneck_value(ndarray::array![[f64::INFINITY]].view(), None)
            .unwrap_err()
            .kind(),
        ErrorKind::NonFinite
    );
}

#[test]
fn all_forbidden_gives_empty_assignment() {
    let s = Array2::from_elem((3, 2), NEG);
    for obj in [Objective::MaxMinThenSum, Objective::CoverageThenSum] {
        let a = solve_fair(s.view(), None, obj).unwrap();
        assert!(a.pairs().is_empty());
        assert_eq!(a.total(), 0.0);
    }
    assert_eq!(bottleneck_value(s.view(), Some(&[3, 3])).unwrap(), None);
    let (a, r) = rematch(
        s.view(),
        &RematchOptions::default().with_previous(vec![Some(0), None, Some(1)]),
    )
    .unwrap();
    assert!(a.pairs().is_empty());
    assert_eq!(r.unmatched, vec![0, 1, 2]);
}

#[test]
fn deterministic_across_thread_counts_and_f32() {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let s = random_scores(&mut rng, 150, 120, 0.3, false);
    let s32 = s.mapv(|v| v as f32);
    let run = || {
        (
            solve_fair(s.view(), None, Objective::MaxMinThenSum).unwrap(),
            solve_fair(s.view(), Some(&[2; 120]), Objective::CoverageThenSum).unwrap(),
            solve_fair(s32.view(), None, Objective::MaxMinThenSum).unwrap(),
        )
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(run);
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(run);
    assert_eq!(one, many);
    assert_eq!(run(), one);
    // f32 input: bottleneck equals the f32 value converted exactly
    let b32 = bottleneck_value(s32.view(), None).unwrap().unwrap();
    assert_eq!(b32, f64::from(b32 as f32));
}
