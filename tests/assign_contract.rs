//! The solver contract: `Problem` -> `Strategy::solve` -> `Solution`.
//!
//! Property tests (proptest over seeded random problems with ties, forbidden pairs, reject
//! scores, loads, team sizes and required pairs): every strategy that accepts a problem returns
//! a feasible solution whose `total` is the recomputed sum of the chosen scores; the exact
//! one-to-one strategies agree with brute force; a strategy that refuses names what it cannot
//! honour; each typed shortcut (`solve_dense`, `solve_sparse`, `solve_groups`, `solve_fair`,
//! `MipProblem`, `solve_greedy`, `solve_random`) reports the same pairs, `total` and `objective`
//! as `Strategy::solve`. `stable` (stated lists, checked for blocking pairs) and `peers` (one pool, against
//! brute force) have their own property tests, so every `Strategy` variant is covered. Then
//! every strategy runs from JSON on the bundled sample cohort.

#![allow(clippy::unwrap_used, clippy::type_complexity)]

mod common;

use std::collections::BTreeSet;

use nastavnik::assign::mip::MipProblem;
use nastavnik::assign::{
    Assignment, GroupOptions, LapOptions, Objective, Problem, Proposer, Solution, SolveStatus,
    Strategy, solve_dense, solve_fair, solve_greedy, solve_groups, solve_random, solve_sparse,
};
use nastavnik::preferences::{Acceptability, Preferences};
use nastavnik::prelude::*;
use ndarray::Array2;
use proptest::prelude::*;
use rand::Rng;

const NEG: f64 = f64::NEG_INFINITY;

/// Every strategy with non-default parameters where it has some (rematch built per problem).
fn strategies(n: usize, rng: &mut impl Rng) -> Vec<Strategy> {
    let previous: Vec<Option<usize>> = (0..n)
        .map(|_| rng.random_bool(0.5).then(|| rng.random_range(0..2)))
        .collect();
    [
        r#"{"solver":"lap"}"#,
        r#"{"solver":"sparse"}"#,
        r#"{"solver":"groups"}"#,
        r#"{"solver":"fair","objective":"max_min"}"#,
        r#"{"solver":"fair","objective":"coverage"}"#,
        r#"{"solver":"fair"}"#,
        r#"{"solver":"mip"}"#,
        r#"{"solver":"stable_from_scores","proposer":"mentors","seed":3}"#,
        r#"{"solver":"stable_from_scores","acceptability":"either"}"#,
        r#"{"solver":"greedy"}"#,
        r#"{"solver":"random","seed":11}"#,
    ]
    .iter()
    .map(|j| Strategy::from_json(j).expect("valid strategy JSON"))
    .chain(std::iter::once(Strategy::Rematch {
        previous,
        keep_bonus: None,
    }))
    .collect()
}

/// A random problem: ties, forbidden cells, and optionally reject score, loads, team sizes,
/// forbidden and required pairs.
fn random_problem(seed: u64) -> (Problem, Array2<f64>) {
    let mut rng = common::rng(seed);
    let n = rng.random_range(1..=5);
    let m = rng.random_range(1..=5);
    let ties = rng.random_bool(0.5).then_some((-2, 3));
    let density = rng.random_range(0.0..0.4);
    let mut s = common::random_scores(&mut rng, n, m, density, ties);
    let mut p = Problem::new(s.clone()).expect("valid scores");
    if rng.random_bool(0.3) {
        p = p
            .with_reject_score(rng.random_range(-1.0..1.0))
            .expect("finite");
    }
    if rng.random_bool(0.3) {
        let max: Vec<u32> = (0..m).map(|_| rng.random_range(0..=3)).collect();
        p = p.with_max_load(max.clone()).expect("loads");
        if rng.random_bool(0.3) {
            let min: Vec<u32> = max
                .iter()
                .map(|&c| rng.random_range(0..=c.min(1)))
                .collect();
            p = p.with_min_load(min).expect("min <= max");
        }
    }
    if rng.random_bool(0.2) {
        let t: Vec<u32> = (0..n)
            .map(|_| rng.random_range(1..=m.min(2) as u32))
            .collect();
        p = p.with_team_size(t).expect("team sizes");
    }
    if rng.random_bool(0.3) {
        let (i, j) = (rng.random_range(0..n), rng.random_range(0..m));
        p = p.with_forbidden(vec![(i, j)]).expect("in range");
        s[[i, j]] = NEG;
    }
    if rng.random_bool(0.3) {
        let (i, j) = (rng.random_range(0..n), rng.random_range(0..m));
        if s[[i, j]] > NEG {
            p = p.with_required(vec![(i, j)]).expect("allowed pair");
        }
    }
    (p, s)
}

/// Feasibility checked independently of the solvers.
fn check_feasible(st: &Strategy, p: &Problem, s: &Array2<f64>, sol: &Solution) {
    let (n, m) = p.shape();
    let name = st.name();
    let pairs = sol.pairs();
    let mut per_mentee = vec![0u32; n];
    let mut per_mentor = vec![0u32; m];
    for &(i, j) in pairs {
        assert!(s[[i, j]] > NEG, "{name}: forbidden pair ({i}, {j})");
        if let Some(r) = p.reject_score()
            && !p.required().contains(&(i, j))
            && !p.has_min_load()
        {
            assert!(
                s[[i, j]] >= r - 1e-12,
                "{name}: pair below the reject score"
            );
        }
        per_mentee[i] += 1;
        per_mentor[j] += 1;
    }
    let (team, max, min) = (p.team_size(), p.max_load(), p.min_load());
    for i in 0..n {
        assert!(
            per_mentee[i] <= team[i],
            "{name}: mentee {i} has too many mentors"
        );
    }
    for j in 0..m {
        assert!(per_mentor[j] <= max[j], "{name}: mentor {j} over max_load");
        assert!(per_mentor[j] >= min[j], "{name}: mentor {j} under min_load");
    }
    for r in p.required() {
        assert!(pairs.contains(r), "{name}: required pair {r:?} missing");
    }
    let sum: f64 = pairs.iter().map(|&(i, j)| s[[i, j]]).sum();
    assert!(
        (sol.total() - sum).abs() <= 1e-9 * (1.0 + sum.abs()),
        "{name}: total {} but the chosen scores sum to {sum}",
        sol.total()
    );
    assert_eq!(sol.n_pairs(), pairs.len());
    assert!(SolveStatus::NAMES.contains(&sol.status().as_str()));
}

/// Best one-to-one objective by brute force (`None`: infeasible): matched scores plus the
/// reject score per unmatched mentee; without a reject score the smaller side is matched fully.
fn brute_one_to_one(p: &Problem, s: &Array2<f64>) -> Option<f64> {
    let (n, m) = p.shape();
    let need = n.min(m);
    let req: BTreeSet<(usize, usize)> = p.required().iter().copied().collect();
    fn go(
        i: usize,
        used: &mut Vec<bool>,
        acc: (f64, usize),
        ctx: &(
            usize,
            usize,
            &Array2<f64>,
            Option<f64>,
            &BTreeSet<(usize, usize)>,
            usize,
        ),
        best: &mut Option<f64>,
    ) {
        let (n, m, s, reject, req, need) = *ctx;
        if i == n {
            if reject.is_none() && acc.1 < need {
                return;
            }
            let v = acc.0 + reject.unwrap_or(0.0) * (n - acc.1) as f64;
            if best.is_none_or(|b| v > b) {
                *best = Some(v);
            }
            return;
        }
        let forced = req.iter().find(|r| r.0 == i).map(|r| r.1);
        if forced.is_none() {
            go(i + 1, used, acc, ctx, best);
        }
        for j in 0..m {
            if used[j] || s[[i, j]] == NEG || forced.is_some_and(|f| f != j) {
                continue;
            }
            if req.iter().any(|r| r.1 == j && r.0 != i) {
                continue;
            }
            used[j] = true;
            go(i + 1, used, (acc.0 + s[[i, j]], acc.1 + 1), ctx, best);
            used[j] = false;
        }
    }
    let mut best = None;
    let ctx = (n, m, s, p.reject_score(), &req, need);
    go(0, &mut vec![false; m], (0.0, 0), &ctx, &mut best);
    best
}

/// The typed shortcut of `st` called directly on `p` (scores `s`, forbidden cells at `-inf`);
/// `None` where the shortcut cannot state the problem or the contract refuses it (required
/// pairs, loads for a one-to-one solver, a reject score for `fair`, mixed team sizes or a
/// reject score with teams for the MIP).
fn shortcut(st: &Strategy, p: &Problem, s: &Array2<f64>) -> Option<nastavnik::Result<Assignment>> {
    if !p.required().is_empty() {
        return None;
    }
    let one = p.is_one_to_one() && !p.has_min_load();
    let lap = LapOptions::default().with_reject_score(p.reject_score());
    let team = p.team_size();
    let uniform = team.iter().all(|&t| t == team[0]);
    let usize_of = |v: Vec<u32>| v.into_iter().map(|x| x as usize).collect::<Vec<_>>();
    Some(match st {
        Strategy::Lap if one => solve_dense(s.view(), &lap),
        Strategy::Sparse if one => p.candidates().and_then(|c| solve_sparse(&c, &lap)),
        Strategy::Greedy if one => solve_greedy(s.view(), &lap),
        Strategy::Random { seed } if one => solve_random(s.view(), &lap, *seed),
        Strategy::Groups => solve_groups(
            s.view(),
            &GroupOptions::with_max_load(p.max_load())
                .with_min_load(p.min_load())
                .with_team_size(team.clone())
                .with_reject_score(p.reject_score()),
        ),
        Strategy::Fair { objective }
            if p.reject_score().is_none() && !p.has_min_load() && team.iter().all(|&t| t == 1) =>
        {
            let max = p.max_load();
            solve_fair(s.view(), (!one).then_some(max.as_slice()), *objective)
        }
        Strategy::Mip { lp_shortcut, .. }
            if uniform && (p.reject_score().is_none() || team.iter().all(|&t| t == 1)) =>
        {
            let t = team.first().copied().unwrap_or(1) as usize;
            let mut mip = MipProblem::new(s.view())
                .expect("valid scores")
                .max_loads(&usize_of(p.max_load()))
                .min_loads(&usize_of(p.min_load()))
                .team_size(t, t)
                .lp_shortcut(*lp_shortcut);
            if let Some(r) = p.reject_score() {
                mip = mip.allow_unmatched(r);
            }
            mip.solve()
        }
        _ => return None,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_strategy_is_feasible_and_totals_add_up(seed in any::<u64>()) {
        let (p, s) = random_problem(seed);
        let mut rng = common::rng(seed ^ 0x5eed);
        let brute = if p.is_one_to_one() && !p.has_min_load() {
            Some(brute_one_to_one(&p, &s))
        } else {
            None
        };
        for st in strategies(p.shape().0, &mut rng) {
            let again = Strategy::from_json(&st.to_json()).expect("round trip");
            prop_assert_eq!(&again, &st);
            match st.solve(&p) {
                Ok(sol) => {
                    check_feasible(&st, &p, &s, &sol);
                    prop_assert_eq!(sol.strategy(), &st);
                    // deterministic
                    prop_assert_eq!(&st.solve(&p).expect("solved once"), &sol);
                    if let (Some(b), Strategy::Lap | Strategy::Sparse | Strategy::Mip { .. })
                        = (brute, &st)
                    {
                        let b = b.expect("solver found a solution, brute force must too");
                        let o = sol.objective().expect("exact solvers report their objective");
                        prop_assert!(close(o, b), "{}: objective {} vs brute force {}", st.name(), o, b);
                        prop_assert_eq!(sol.status(), SolveStatus::Optimal);
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    // exact one-to-one solvers fail only when brute force finds nothing
                    if let (Some(b), Strategy::Lap | Strategy::Sparse | Strategy::Mip { .. })
                        = (brute, &st)
                    {
                        prop_assert!(b.is_none(), "{}: {} but brute force found {:?}", st.name(), msg, b);
                    }
                    prop_assert!(
                        matches!(e.kind(), ErrorKind::Infeasible | ErrorKind::InvalidValue | ErrorKind::Shape),
                        "{}: unexpected error {}", st.name(), msg
                    );
                }
            }
        }
    }

    #[test]
    fn capacitated_exact_strategies_agree(seed in any::<u64>()) {
        let (p, _) = random_problem(seed);
        let groups = Strategy::Groups.solve(&p);
        let mip = Strategy::Mip { time_limit: None, gap: None, lp_shortcut: true }.solve(&p);
        match (groups, mip) {
            (Ok(g), Ok(m)) => {
                let (a, b) = (g.objective().expect("exact"), m.objective().expect("exact"));
                prop_assert!(close(a, b), "groups {} vs mip {}", a, b);
            }
            (Err(_), Err(_)) => {}
            (g, m) => {
                // groups refuses required pairs; mip refuses mixed team sizes
                let refused = |r: &nastavnik::Result<Solution>| {
                    r.as_ref().is_err_and(|e| e.to_string().contains("does not support"))
                };
                prop_assert!(refused(&g) || refused(&m), "groups {:?} vs mip {:?}", g, m);
            }
        }
    }

    /// One meaning per word in Rust too: each typed shortcut reports the same pairs, `total`
    /// (the sum of the chosen pairs' scores, reject gains excluded) and `objective` (the value
    /// optimised, reject gains included) as `Strategy::solve` on the same problem, with and
    /// without reject scores; and the shortcut's `total` is the recomputed sum of its pairs.
    #[test]
    fn shortcuts_report_what_the_contract_reports(seed in any::<u64>()) {
        let (p, s) = random_problem(seed);
        let mut rng = common::rng(seed ^ 0xc0de);
        let mut extra = vec![
            Strategy::Fair { objective: Objective::MaxSum },
            Strategy::Mip { time_limit: None, gap: None, lp_shortcut: false },
        ];
        extra.extend(strategies(p.shape().0, &mut rng));
        for st in extra {
            let Some(short) = shortcut(&st, &p, &s) else { continue };
            let Ok(a) = short else { continue };
            let name = st.name();
            let sum: f64 = a.pairs().iter().map(|&(i, j)| s[[i, j]]).sum();
            prop_assert!(close(a.total(), sum), "{}: shortcut total {} vs pairs' sum {}", name, a.total(), sum);
            let sol = st.solve(&p);
            prop_assert!(sol.is_ok(), "{}: shortcut solved but the contract says {:?}", name, sol.err());
            let sol = sol.unwrap();
            prop_assert_eq!(a.pairs(), sol.pairs(), "{}: pairs", name);
            prop_assert!(close(a.total(), sol.total()), "{}: total {} vs {}", name, a.total(), sol.total());
            match (a.objective(), sol.objective()) {
                (Some(x), Some(y)) => prop_assert!(close(x, y), "{}: objective {} vs {}", name, x, y),
                (x, y) => prop_assert!(x.is_none() && y.is_none(), "{}: objective {:?} vs {:?}", name, x, y),
            }
            if let Some(r) = p.reject_score()
                && let Some(o) = a.objective()
                && matches!(st, Strategy::Lap | Strategy::Sparse)
            {
                let unmatched = (p.shape().0 - a.n_matched()) as f64;
                prop_assert!(close(o, sum + r * unmatched), "{}: objective {} vs pairs + rejects", name, o);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// The same problem as dense f64, dense f32 and sparse candidates: same optimum.
    #[test]
    fn score_layouts_agree(seed in any::<u64>()) {
        let mut rng = common::rng(seed);
        let (n, m) = (rng.random_range(1..=6), rng.random_range(1..=6));
        let s = common::random_scores(&mut rng, n, m, 0.3, Some((-3, 3))); // integers: exact in f32
        let reject = rng.random_bool(0.5).then_some(0.5);
        let with = |p: Problem| match reject {
            Some(r) => p.with_reject_score(r).unwrap(),
            None => p,
        };
        let dense = with(Problem::new(s.clone()).unwrap());
        let single = with(Problem::new_f32(s.mapv(|v| v as f32)).unwrap());
        let sparse = with(Problem::from_candidates(dense.candidates().unwrap()).unwrap());
        let objective = |p: &Problem, st: &Strategy| st.solve(p).ok().and_then(|x| x.objective());
        for st in [Strategy::Lap, Strategy::Sparse, Strategy::Groups] {
            let want = objective(&dense, &st);
            prop_assert_eq!(objective(&single, &st), want, "{} f32", st.name());
            prop_assert_eq!(objective(&sparse, &st), want, "{} sparse", st.name());
        }
        prop_assert_eq!(objective(&dense, &Strategy::Lap), objective(&dense, &Strategy::Sparse));
    }
}

/// Best weight of a matching inside one pool (each person at most once), by brute force.
fn brute_peers(w: &Array2<f64>, taken: &mut Vec<bool>) -> f64 {
    let Some(i) = taken.iter().position(|&t| !t) else {
        return 0.0;
    };
    taken[i] = true;
    let mut best = brute_peers(w, taken); // i stays alone
    for j in i + 1..w.nrows() {
        if !taken[j] && w[[i, j]] > NEG {
            taken[j] = true;
            best = best.max(w[[i, j]] + brute_peers(w, taken));
            taken[j] = false;
        }
    }
    taken[i] = false;
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// `stable` on stated lists (ties, unacceptable entries, forbidden cells, loads): feasible,
    /// `total` is the recomputed sum of the chosen scores, and no blocking pair.
    #[test]
    fn stable_on_stated_lists_is_feasible_and_stable(seed in any::<u64>()) {
        let (p, s) = random_problem(seed);
        let mut rng = common::rng(seed ^ 0xface);
        let (n, m) = p.shape();
        // ranks 1..=3 (ties), 0 = unacceptable; forbidden cells are unacceptable for both sides
        let mut rank = |i: usize, j: usize| {
            let r = rng.random_range(0..=3i64);
            if s[[i, j]] > NEG { r } else { 0 }
        };
        let er = Array2::from_shape_fn((n, m), |(i, j)| rank(i, j));
        let mr = Array2::from_shape_fn((n, m), |(i, j)| rank(i, j));
        let prefs = Preferences::from_rank_matrices(er.view(), mr.view(), Acceptability::Mutual)
            .expect("valid ranks");
        let p = p.with_preferences(prefs.clone()).expect("same shape");
        for proposer in [Proposer::Mentees, Proposer::Mentors] {
            let st = Strategy::Stable { proposer, seed: rng.random_range(0..1000) };
            prop_assert_eq!(&Strategy::from_json(&st.to_json()).expect("round trip"), &st);
            match st.solve(&p) {
                Ok(sol) => {
                    check_feasible(&st, &p, &s, &sol);
                    prop_assert_eq!(sol.status(), SolveStatus::Stable);
                    for &(i, j) in sol.pairs() {
                        prop_assert!(er[[i, j]] > 0 && mr[[i, j]] > 0, "unacceptable pair ({}, {})", i, j);
                    }
                    // with a reject score the lists are truncated below it (incomplete lists)
                    let lists = nastavnik::assign::reject::truncated_preferences(&p, &prefs)
                        .expect("scored")
                        .unwrap_or_else(|| prefs.clone());
                    if let Some(r) = p.reject_score() {
                        for &(i, j) in sol.pairs() {
                            prop_assert!(s[[i, j]] >= r, "pair ({}, {}) below the reject score", i, j);
                        }
                    }
                    let blocking = nastavnik::assign::blocking_pairs(sol.assignment(), &lists, &p.max_load())
                        .expect("same shape");
                    prop_assert!(blocking.is_empty(), "blocking pairs {:?}", blocking);
                    prop_assert_eq!(&st.solve(&p).expect("solved once"), &sol);
                }
                Err(e) => {
                    // refused only for what stable matching cannot honour, named in the message
                    let msg = e.to_string();
                    prop_assert!(
                        msg.contains("does not support") && e.kind() == ErrorKind::InvalidValue,
                        "stable: unexpected error {}", msg
                    );
                    prop_assert!(
                        p.reject_score().is_some() || !p.required().is_empty() || p.has_min_load()
                            || p.team_size().iter().any(|&t| t != 1),
                        "stable refused a plain problem: {}", msg
                    );
                }
            }
        }
    }

    /// `peers` on a random symmetric pool (ties, forbidden pairs): a matching (each person at
    /// most once), `total` is the recomputed sum, and the maximum weight equals brute force.
    #[test]
    fn peers_match_brute_force(seed in any::<u64>()) {
        let mut rng = common::rng(seed);
        let n = rng.random_range(1..=7);
        let ties = rng.random_bool(0.5).then_some((-2, 3));
        let half = common::random_scores(&mut rng, n, n, 0.3, ties);
        let w = Array2::from_shape_fn((n, n), |(i, j)| match i.cmp(&j) {
            std::cmp::Ordering::Less => half[[i, j]],
            std::cmp::Ordering::Greater => half[[j, i]],
            std::cmp::Ordering::Equal => NEG,
        });
        let p = Problem::new(w.clone()).expect("valid scores");
        let st = Strategy::from_json(r#"{"solver":"peers","objective":"max_weight"}"#).expect("json");
        let sol = st.solve(&p).expect("a matching always exists");
        let mut seen = vec![false; n];
        let mut sum = 0.0;
        for &(i, j) in sol.pairs() {
            prop_assert!(i != j && w[[i, j]] > NEG, "bad pair ({}, {})", i, j);
            prop_assert!(!seen[i] && !seen[j], "person matched twice in ({}, {})", i, j);
            seen[i] = true;
            seen[j] = true;
            sum += w[[i, j]];
        }
        prop_assert!(close(sol.total(), sum), "total {} vs recomputed {}", sol.total(), sum);
        let best = brute_peers(&w, &mut vec![false; n]);
        prop_assert!(close(sum, best), "peers {} vs brute force {}", sum, best);
        prop_assert_eq!(sol.n_pairs(), sol.pairs().len());
    }
}

#[test]
fn stable_from_scores_is_one_to_one_like_lap() {
    let s = ndarray::array![[3.0, 2.0, 1.0], [3.0, 1.0, 2.0]];
    let p = Problem::new(s).unwrap();
    let st = Strategy::from_json(r#"{"solver":"stable_from_scores"}"#).unwrap();
    let sol = st.solve(&p).unwrap();
    assert_eq!(sol.status(), SolveStatus::Stable);
    assert!(sol.assignment().mentees_of().iter().all(|v| v.len() <= 1));
    assert_eq!(sol.n_pairs(), 2);
    assert_eq!(sol.objective(), None);
    // with loads it uses them, as every strategy does
    let p = p.with_max_load(vec![2, 1, 1]).unwrap();
    let sol = st.solve(&p).unwrap();
    assert_eq!(sol.pairs(), &[(0, 0), (1, 0)]);
    assert_eq!(sol.total(), 6.0);
}

#[test]
fn refusals_name_what_is_not_supported() {
    let p = Problem::new(ndarray::array![[1.0, 2.0], [2.0, 1.0]]).unwrap();
    let loads = p.clone().with_max_load(vec![2, 2]).unwrap();
    for st in [Strategy::Lap, Strategy::Sparse, Strategy::Greedy] {
        let e = st.solve(&loads).unwrap_err();
        assert!(e.to_string().contains("one-to-one"), "{e}");
    }
    let e = Strategy::Stable {
        proposer: Default::default(),
        seed: 0,
    }
    .solve(&p)
    .unwrap_err();
    assert!(e.to_string().contains("preferences"), "{e}");
    let e = Strategy::Rematch {
        previous: vec![None],
        keep_bonus: None,
    }
    .solve(&p)
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Shape);
    let e = Strategy::Peers {
        objective: Default::default(),
    }
    .solve(&Problem::new(ndarray::array![[1.0, 2.0]]).unwrap())
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Shape);
}

#[test]
fn problem_validation_rejects_bad_input_by_name() {
    let p = Problem::new(ndarray::array![[1.0, 2.0], [2.0, 1.0]]).unwrap();
    let e = p
        .clone()
        .with_ids(vec!["a".into(), "a".into()], vec!["x".into(), "y".into()]);
    assert_eq!(e.unwrap_err().kind(), ErrorKind::DuplicateId);
    let e = p.clone().with_forbidden(vec![(0, 5)]).unwrap_err();
    assert!(e.to_string().contains("mentor column 5"));
    let e = p
        .clone()
        .with_required(vec![(0, 1)])
        .unwrap()
        .with_forbidden(vec![(0, 1)])
        .unwrap_err();
    assert!(e.to_string().contains("both required and forbidden"));
    let e = p.clone().with_max_load(vec![1, 1, 1]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Shape);
    let e = p.clone().with_reject_score(f64::INFINITY).unwrap_err();
    assert!(e.to_string().contains("reject_score"));
    assert!(Problem::new(Array2::zeros((0, 3))).is_err());
    // two required pairs on one mentor in a one-to-one problem
    let two = p.with_required(vec![(0, 0), (1, 0)]).unwrap();
    assert_eq!(
        Strategy::Lap.solve(&two).unwrap_err().kind(),
        ErrorKind::Infeasible
    );
}

#[test]
fn assignment_deserialisation_validates() {
    use nastavnik::assign::Assignment;
    let ok = r#"{"n_mentees":2,"n_mentors":1,"pairs":[[1,0]],"total":1.0,"status":{"status":"optimal"},"mentee_ids":["a","b"]}"#;
    let a: Assignment = serde_json::from_str(ok).unwrap();
    assert_eq!(a.labelled_pairs(), vec![("b".into(), "0".into())]);
    for bad in [
        r#"{"n_mentees":2,"n_mentors":1,"pairs":[[2,0]],"total":1.0,"status":{"status":"optimal"}}"#,
        r#"{"n_mentees":2,"n_mentors":1,"pairs":[],"total":1.0,"status":{"status":"optimal"},"mentee_ids":["a"]}"#,
        r#"{"n_mentees":2,"n_mentors":1,"pairs":[],"total":1.0,"status":{"status":"optimal"},"mentee_ids":["a","a"]}"#,
        r#"{"n_mentees":1,"n_mentors":1,"pairs":[],"total":1.0,"status":{"status":"heuristic"}}"#,
    ] {
        assert!(serde_json::from_str::<Assignment>(bad).is_err(), "{bad}");
    }
    let peer = r#"{"mate":[1,null],"total":1.0,"status":{"status":"optimal"}}"#;
    assert!(serde_json::from_str::<PeerMatching>(peer).is_err());
}

/// The bundled sample as a problem with ids, plus a symmetric mentee pool for peers.
fn sample() -> (Problem, Problem) {
    let root = env!("CARGO_MANIFEST_DIR");
    let schema = Schema::from_json(
        &std::fs::read_to_string(format!("{root}/data/sample/schema.json")).unwrap(),
    )
    .unwrap();
    let cohort =
        nastavnik::io::read_cohort_csv(format!("{root}/data/sample/cohort.csv"), &schema).unwrap();
    let sm = Scorer::new(&schema, &cohort).unwrap().score_matrix();
    let prefs = Preferences::from_scores(sm.scores.view(), sm.scores.view(), Acceptability::Mutual)
        .unwrap();
    let p = Problem::from_score_matrix(&sm)
        .unwrap()
        .with_preferences(prefs)
        .unwrap();
    let f = sm.scores.mapv(|v| if v.is_finite() { v } else { 0.0 });
    let pool = f.dot(&f.t());
    let peers = Problem::new(pool)
        .unwrap()
        .with_ids(sm.mentee_ids.clone(), sm.mentee_ids.clone())
        .unwrap();
    (p, peers)
}

#[test]
fn every_strategy_runs_from_json_on_the_sample() {
    let (p, peers) = sample();
    let (n, m) = p.shape();
    let file = format!("{}/data/sample/strategies.json", env!("CARGO_MANIFEST_DIR"));
    let list: Vec<Strategy> =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut seen = BTreeSet::new();
    let lap = Strategy::Lap.solve(&p).unwrap();
    for st in list {
        seen.insert(st.name());
        let problem = if matches!(st, Strategy::Peers { .. }) {
            &peers
        } else {
            &p
        };
        let sol = st
            .solve(problem)
            .unwrap_or_else(|e| panic!("{}: {e}", st.name()));
        assert_eq!(Strategy::from_json(&st.to_json()).unwrap(), st);
        let s = problem.dense_f64().unwrap();
        check_feasible(&st, problem, &s, &sol);
        assert!(
            sol.assignment().mentee_ids().is_some(),
            "{}: ids carried",
            st.name()
        );
        assert!(sol.to_string().contains("mentee-"), "{}", st.name());
        if matches!(st, Strategy::Sparse | Strategy::Mip { .. })
            || st
                == (Strategy::Fair {
                    objective: Default::default(),
                })
        {
            assert!(
                close(sol.total(), lap.total()),
                "{}: {} vs lap {}",
                st.name(),
                sol.total(),
                lap.total()
            );
        }
        if !matches!(st, Strategy::Peers { .. }) {
            assert!(
                sol.total() <= lap.total() + 1e-9,
                "{} beats the optimum",
                st.name()
            );
        }
    }
    // rematch needs the previous pairs: take them from the LAP answer, through JSON
    let prev: Vec<Option<usize>> = lap.assignment().mentor_of();
    let json = format!(
        r#"{{"solver":"rematch","previous":{}}}"#,
        serde_json::to_string(&prev).unwrap()
    );
    let st = Strategy::from_json(&json).unwrap();
    let sol = st.solve(&p).unwrap();
    assert_eq!(sol.pairs(), lap.pairs(), "nothing changed, everything kept");
    seen.insert(st.name());
    assert_eq!(
        seen.len(),
        Strategy::all_names().len(),
        "every strategy covered: {seen:?}"
    );
    assert!(n > 0 && m > 0);
}

#[test]
fn same_solution_on_any_thread_count() {
    let (p, peers) = sample();
    let list: Vec<Strategy> = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/data/sample/strategies.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    for st in list {
        let problem = if matches!(st, Strategy::Peers { .. }) {
            &peers
        } else {
            &p
        };
        let one = common::with_threads(1, || st.solve(problem).unwrap());
        let four = common::with_threads(4, || st.solve(problem).unwrap());
        assert_eq!(one, four, "{}", st.name());
        assert_eq!(
            one,
            st.solve(problem).unwrap(),
            "{}: repeated call",
            st.name()
        );
    }
}

#[test]
fn extreme_numbers_give_answers_or_named_errors_never_panics() {
    let big = 1e300;
    let s = ndarray::array![[big, -big, 0.0], [f64::MIN_POSITIVE, big, -0.0]];
    let problems = [
        Problem::new(s.clone()).unwrap(),
        Problem::new(s.clone())
            .unwrap()
            .with_reject_score(-big)
            .unwrap(),
        Problem::new(s.clone())
            .unwrap()
            .with_max_load(vec![u32::MAX; 3])
            .unwrap(),
        Problem::new(s.clone())
            .unwrap()
            .with_max_load(vec![u32::MAX; 3])
            .unwrap()
            .with_team_size(vec![3, 3])
            .unwrap(),
    ];
    let mut rng = common::rng(1);
    for p in &problems {
        for st in strategies(2, &mut rng) {
            match st.solve(p) {
                Ok(sol) => {
                    let sum: f64 = sol.pairs().iter().map(|&(i, j)| s[[i, j]]).sum();
                    assert!(sol.total() == sum || (sol.total().is_nan() && sum.is_nan()));
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
    // loads and team sizes beyond the data are named errors
    let p = Problem::new(s).unwrap();
    assert!(
        p.clone()
            .with_team_size(vec![4, 1])
            .unwrap_err()
            .to_string()
            .contains("team_size")
    );
    assert!(p.with_min_load(vec![u32::MAX, 0, 0]).is_err());
}
