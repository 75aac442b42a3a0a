//! Tests of `assign::flow` (capacitated groups by min-cost flow): brute force on every small
//! random instance, residual-graph certificates on larger ones, errors and determinism.
#![allow(clippy::unwrap_used)]

mod common;

use nastavnik::ErrorKind;
use nastavnik::assign::Assignment;
use nastavnik::assign::flow::{GroupOptions, solve_groups, solve_groups_certified};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const NEG: f64 = f64::NEG_INFINITY;

fn random_scores(
    rng: &mut ChaCha8Rng,
    n: usize,
    m: usize,
    p_forbid: f64,
    ties: bool,
) -> Array2<f64> {
    common::random_scores(rng, n, m, p_forbid, ties.then_some((-3, 4)))
}

fn demand_of(opts: &GroupOptions, n: usize) -> Vec<u32> {
    if opts.team_size.is_empty() {
        vec![1; n]
    } else {
        opts.team_size.clone()
    }
}

fn lo_of(opts: &GroupOptions, m: usize) -> Vec<u32> {
    if opts.min_load.is_empty() {
        vec![0; m]
    } else {
        opts.min_load.clone()
    }
}

/// Best objective by enumerating, for every mentee, every subset of mentors of an allowed size.
fn brute_force(s: &Array2<f64>, opts: &GroupOptions) -> Option<f64> {
    let (n, m) = s.dim();
    let d = demand_of(opts, n);
    let lo = lo_of(opts, m);
    // candidate subsets per mentee with their gain
    let mut cands: Vec<Vec<(u32, f64)>> = Vec::new();
    for i in 0..n {
        let mut c = Vec::new();
        for mask in 0u32..(1 << m) {
            let k = mask.count_ones();
            let ok = match opts.reject_score {
                None => k == d[i],
                Some(_) => k <= d[i],
            };
            if !ok {
                continue;
            }
            let mut g = 0.0;
            let mut allowed = true;
            for j in 0..m {
                if mask >> j & 1 == 1 {
                    if s[[i, j]] == NEG {
                        allowed = false;
                    }
                    g += s[[i, j]];
                }
            }
            if !allowed {
                continue;
            }
            if let Some(r) = opts.reject_score {
                g += r * f64::from(d[i] - k);
            }
            c.push((mask, g));
        }
        cands.push(c);
    }
    let mut best: Option<f64> = None;
    let mut load = vec![0u32; m];
    #[allow(clippy::too_many_arguments)]
    fn rec(
        i: usize,
        cands: &[Vec<(u32, f64)>],
        load: &mut [u32],
        lo: &[u32],
        hi: &[u32],
        acc: f64,
        best: &mut Option<f64>,
    ) {
        let m = load.len();
        if i == cands.len() {
            if (0..m).all(|j| load[j] >= lo[j]) && best.is_none_or(|b| acc > b) {
                *best = Some(acc);
            }
            return;
        }
        for &(mask, g) in &cands[i] {
            if (0..m).any(|j| mask >> j & 1 == 1 && load[j] >= hi[j]) {
                continue;
            }
            for (j, l) in load.iter_mut().enumerate() {
                *l += mask >> j & 1;
            }
            rec(i + 1, cands, load, lo, hi, acc + g, best);
            for (j, l) in load.iter_mut().enumerate() {
                *l -= mask >> j & 1;
            }
        }
    }
    rec(0, &cands, &mut load, &lo, &opts.max_load, 0.0, &mut best);
    best
}

/// Check that an assignment respects every hard constraint and that its total is right.
fn check_feasible(s: &Array2<f64>, opts: &GroupOptions, a: &Assignment) {
    let (n, m) = s.dim();
    let d = demand_of(opts, n);
    let lo = lo_of(opts, m);
    let mut load = vec![0u32; m];
    let mut total = 0.0; // the pairs' scores
    let mut rejects = 0.0; // the reject gains of the empty slots
    for (i, ms) in a.mentors_of().iter().enumerate() {
        let k = ms.len() as u32;
        match opts.reject_score {
            None => assert_eq!(k, d[i], "mentee {i} has {k} mentors, needs {}", d[i]),
            Some(r) => {
                assert!(k <= d[i]);
                rejects += r * f64::from(d[i] - k);
            }
        }
        for &j in ms {
            assert!(s[[i, j]] > NEG, "forbidden pair ({i}, {j}) used");
            load[j] += 1;
            total += s[[i, j]];
        }
    }
    for j in 0..m {
        assert!(
            load[j] >= lo[j] && load[j] <= opts.max_load[j],
            "mentor {j} load {}",
            load[j]
        );
    }
    assert!(
        (total - a.total()).abs() < 1e-9,
        "total {} vs reported {}",
        total,
        a.total()
    );
    let objective = a.objective().expect("groups report their objective");
    assert!(
        (total + rejects - objective).abs() < 1e-9,
        "objective {} vs reported {}",
        total + rejects,
        objective
    );
}

/// Independent certificate: Bellman–Ford finds no negative cycle in the residual network
/// built from the answer alone.
fn no_negative_cycle(s: &Array2<f64>, opts: &GroupOptions, a: &Assignment) -> bool {
    let (n, m) = s.dim();
    let d = demand_of(opts, n);
    let lo = lo_of(opts, m);
    let (nr, nt) = (n + m, n + m + 1);
    let nv = n + m + 2;
    let mut paired = vec![false; n * m];
    let mut load = vec![0u32; m];
    let mut rej = vec![0u32; n];
    for &(i, j) in a.pairs() {
        paired[i * m + j] = true;
        load[j] += 1;
    }
    let mentors = a.mentors_of();
    for i in 0..n {
        rej[i] = d[i] - mentors[i].len() as u32;
    }
    let mut arcs: Vec<(usize, usize, f64)> = Vec::new();
    for i in 0..n {
        for j in 0..m {
            if paired[i * m + j] {
                arcs.push((n + j, i, s[[i, j]]));
            } else if s[[i, j]] > NEG {
                arcs.push((i, n + j, -s[[i, j]]));
            }
        }
    }
    for j in 0..m {
        if load[j] < opts.max_load[j] {
            arcs.push((n + j, nt, 0.0));
        }
        if load[j] > lo[j] {
            arcs.push((nt, n + j, 0.0));
        }
    }
    if let Some(r) = opts.reject_score {
        for i in 0..n {
            if rej[i] < d[i] {
                arcs.push((i, nr, -r));
            }
            if rej[i] > 0 {
                arcs.push((nr, i, r));
            }
        }
        arcs.push((nr, nt, 0.0));
        if rej.iter().any(|&x| x > 0) {
            arcs.push((nt, nr, 0.0));
        }
    }
    let mut dist = vec![0.0f64; nv];
    for _ in 0..=nv {
        let mut changed = false;
        for &(u, v, c) in &arcs {
            if dist[u] + c < dist[v] - 1e-9 {
                dist[v] = dist[u] + c;
                changed = true;
            }
        }
        if !changed {
            return true;
        }
    }
    false
}

fn random_opts(
    rng: &mut ChaCha8Rng,
    n: usize,
    m: usize,
    teams: bool,
    reject: bool,
) -> GroupOptions {
    let max_load: Vec<u32> = (0..m).map(|_| rng.random_range(0..=3)).collect();
    let min_load: Vec<u32> = max_load
        .iter()
        .map(|&h| {
            if rng.random_bool(0.3) {
                rng.random_range(0..=h.min(2))
            } else {
                0
            }
        })
        .collect();
    let team_size = if teams {
        (0..n).map(|_| rng.random_range(0..=2)).collect()
    } else {
        Vec::new()
    };
    GroupOptions::with_max_load(max_load)
        .with_min_load(min_load)
        .with_team_size(team_size)
        .with_reject_score(if reject {
            Some(f64::from(rng.random_range(-2i32..=2)) * 0.5)
        } else {
            None
        })
}

#[test]
fn matches_brute_force_on_small_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (mut solved, mut infeasible) = (0, 0);
    for case in 0..1500 {
        let n = rng.random_range(1..=5);
        let m = rng.random_range(1..=3);
        let teams = case % 3 == 0;
        let reject = case % 2 == 0;
        let ties = case % 4 < 2;
        let s = random_scores(&mut rng, n, m, 0.2, ties);
        let opts = random_opts(&mut rng, n, m, teams, reject);
        let expected = brute_force(&s, &opts);
        match (solve_groups(s.view(), &opts), expected) {
            (Ok(a), Some(best)) => {
                check_feasible(&s, &opts, &a);
                let got = a.objective().expect("objective");
                assert!(
                    (got - best).abs() < 1e-9,
                    "case {case}: got {got} expected {best}\n{s:?}\n{opts:?}"
                );
                assert!(no_negative_cycle(&s, &opts, &a), "case {case}");
                solved += 1;
            }
            (Err(e), None) => {
                assert_eq!(e.kind(), ErrorKind::Infeasible, "case {case}: {e}");
                infeasible += 1;
            }
            (got, exp) => panic!("case {case}: got {got:?}, brute force {exp:?}\n{s:?}\n{opts:?}"),
        }
    }
    // both outcomes are exercised
    assert!(
        solved > 500 && infeasible > 50,
        "{solved} solved, {infeasible} infeasible"
    );
}

#[test]
fn certificates_on_larger_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut checked = 0;
    for case in 0..40 {
        let n = rng.random_range(20..=120);
        let m = rng.random_range(3..=20);
        let ties = case % 2 == 0;
        let s = random_scores(&mut rng, n, m, 0.1, ties);
        let teams = case % 3 == 0;
        let team_size = if teams {
            (0..n).map(|_| rng.random_range(1..=2)).collect()
        } else {
            Vec::new()
        };
        let max_load: Vec<u32> = (0..m)
            .map(|_| rng.random_range(2..=(3 * n / m + 2) as u32))
            .collect();
        let min_load: Vec<u32> = max_load
            .iter()
            .map(|&h| rng.random_range(0..=h / 3))
            .collect();
        let opts = GroupOptions::with_max_load(max_load)
            .with_min_load(min_load)
            .with_team_size(team_size)
            .with_reject_score(if case % 4 < 2 {
                Some(rng.random_range(-0.5..0.5))
            } else {
                None
            });
        let Ok((a, p)) = solve_groups_certified(s.view(), &opts) else {
            continue;
        };
        checked += 1;
        check_feasible(&s, &opts, &a);
        assert!(no_negative_cycle(&s, &opts, &a), "case {case}");
        // reduced costs of the residual mentee->mentor and mentor->mentee arcs are >= 0
        let mut paired = vec![false; n * m];
        for &(i, j) in a.pairs() {
            paired[i * m + j] = true;
        }
        for i in 0..n {
            for j in 0..m {
                let rc = -s[[i, j]] + p.mentee[i] - p.mentor[j];
                if paired[i * m + j] {
                    assert!(rc <= 1e-9, "case {case}: paired ({i},{j}) rc {rc}");
                } else if s[[i, j]] > NEG {
                    assert!(rc >= -1e-9, "case {case}: free ({i},{j}) rc {rc}");
                }
            }
        }
    }
    assert!(checked >= 25, "only {checked} feasible instances");
}

#[test]
fn uniform_instance_is_certified() {
    // the benchmark shape, scaled down: tight capacity
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let (n, m) = (300, 60);
    let s = Array2::from_shape_fn((n, m), |_| rng.random_range(0.0..1.0));
    let opts = GroupOptions::with_max_load(vec![5; m]);
    let a = solve_groups(s.view(), &opts).unwrap();
    check_feasible(&s, &opts, &a);
    assert!(no_negative_cycle(&s, &opts, &a));
    assert!(a.mentees_of().iter().all(|g| g.len() == 5));
}

#[test]
fn f32_scores_agree_with_f64() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let s = random_scores(&mut rng, 40, 8, 0.1, true);
    let s32 = s.mapv(|v| v as f32);
    let opts = GroupOptions::with_max_load(vec![6; 8]);
    assert_eq!(
        solve_groups(s.view(), &opts).unwrap(),
        solve_groups(s32.view(), &opts).unwrap()
    );
}

#[test]
fn deterministic() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let s = random_scores(&mut rng, 80, 10, 0.05, true);
    let opts = GroupOptions::with_max_load(vec![9; 10])
        .with_min_load(vec![2; 10])
        .with_team_size(vec![1; 80])
        .with_reject_score(0.0);
    let a = solve_groups(s.view(), &opts).unwrap();
    for _ in 0..3 {
        assert_eq!(solve_groups(s.view(), &opts).unwrap(), a);
    }
}

#[test]
fn teams_get_distinct_mentors() {
    let s = ndarray::array![[5.0, 4.0, 1.0], [5.0, 4.0, 3.0]];
    let opts = GroupOptions::with_max_load(vec![1, 2, 2]).with_team_size(vec![2, 2]);
    let a = solve_groups(s.view(), &opts).unwrap();
    assert_eq!(a.mentors_of(), vec![vec![0, 1], vec![1, 2]]);
    assert_eq!(a.total(), 16.0);
}

#[test]
fn reject_leaves_bad_pairs_unmatched() {
    let s = ndarray::array![[1.0, -5.0], [-3.0, -4.0], [2.0, 0.5]];
    let opts = GroupOptions::with_max_load(vec![1, 2]).with_reject_score(-1.0);
    let a = solve_groups(s.view(), &opts).unwrap();
    assert_eq!(a.mentor_of(), vec![Some(0), None, Some(1)]);
    assert_eq!(a.total(), 1.0 + 0.5); // the pairs only
    assert_eq!(a.objective(), Some(1.0 - 1.0 + 0.5)); // plus mentee 1's reject gain
}

#[test]
fn errors_name_the_culprit() {
    let s = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
    let ok = GroupOptions::with_max_load(vec![1, 1]);
    // NaN and +inf
    let mut bad = s.clone();
    bad[[1, 0]] = f64::NAN;
    let e = solve_groups(bad.view(), &ok).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
    assert!(e.to_string().contains("row 1, column 0"), "{e}");
    bad[[1, 0]] = f64::INFINITY;
    assert_eq!(
        solve_groups(bad.view(), &ok).unwrap_err().kind(),
        ErrorKind::NonFinite
    );
    // shape mismatches name the vector
    for (opts, name) in [
        (GroupOptions::with_max_load(vec![1]), "max_load"),
        (
            GroupOptions::with_max_load(vec![1, 1]).with_min_load(vec![0, 0, 0]),
            "min_load",
        ),
        (
            GroupOptions::with_max_load(vec![1, 1]).with_team_size(vec![1]),
            "team_size",
        ),
    ] {
        let e = solve_groups(s.view(), &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Shape);
        assert!(e.to_string().contains(name), "{e}");
    }
    // min > max names the column
    let opts = GroupOptions::with_max_load(vec![2, 2]).with_min_load(vec![0, 3]);
    let e = solve_groups(s.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert!(e.to_string().contains("column 1"), "{e}");
    // non-finite reject score
    let opts = ok.clone().with_reject_score(f64::NAN);
    assert_eq!(
        solve_groups(s.view(), &opts).unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
    // total capacity below demand
    let e = solve_groups(s.view(), &GroupOptions::with_max_load(vec![1, 0])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    // a mentee with no allowed mentor is named
    let f = ndarray::array![[1.0, 2.0], [NEG, NEG], [1.0, 1.0]];
    let e = solve_groups(f.view(), &GroupOptions::with_max_load(vec![2, 2])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(e.to_string().contains("mentee row 1"), "{e}");
    // a mentee whose only mentors are full is named
    let f = ndarray::array![[1.0, NEG], [2.0, NEG], [1.0, 1.0]];
    let e = solve_groups(f.view(), &GroupOptions::with_max_load(vec![1, 2])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(e.to_string().contains("mentee row"), "{e}");
    // a mentor whose min load cannot be met is named
    let f = ndarray::array![[1.0, NEG], [2.0, NEG], [NEG, 1.0]];
    let opts = GroupOptions::with_max_load(vec![3, 3]).with_min_load(vec![0, 2]);
    let e = solve_groups(f.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(e.to_string().contains("mentor column 1"), "{e}");
    // ... also when it is only discovered by the search
    let f = ndarray::array![[1.0, 0.0], [2.0, NEG], [2.0, NEG]];
    let opts = GroupOptions::with_max_load(vec![3, 3]).with_min_load(vec![0, 2]);
    let e = solve_groups(f.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Infeasible);
    assert!(e.to_string().contains("mentor column 1"), "{e}");
    // empty
    let z = Array2::<f64>::zeros((0, 2));
    assert_eq!(
        solve_groups(z.view(), &ok).unwrap_err().kind(),
        ErrorKind::Empty
    );
}

#[test]
fn team_sizes_beyond_the_allowed_mentors_with_reject() {
    // Demands above the number of allowed mentors: the extra slots are empty (gain r each);
    // brute force over every subset, and u32::MAX slots finish at once (work clamped by m).
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    for case in 0..400 {
        let (n, m) = (rng.random_range(1..=4), rng.random_range(1..=3));
        let s = random_scores(&mut rng, n, m, 0.3, case % 2 == 0);
        let mut opts = random_opts(&mut rng, n, m, true, true);
        opts.team_size = (0..n).map(|_| rng.random_range(0..=6)).collect();
        let expected = brute_force(&s, &opts);
        match (solve_groups(s.view(), &opts), expected) {
            (Ok(a), Some(best)) => {
                check_feasible(&s, &opts, &a);
                assert!((a.objective().unwrap() - best).abs() < 1e-9, "case {case}");
            }
            (Err(e), None) => assert_eq!(e.kind(), ErrorKind::Infeasible),
            (got, exp) => panic!("case {case}: got {got:?}, brute force {exp:?}"),
        }
    }
    let s = random_scores(&mut rng, 300, 40, 0.1, true);
    let mut opts = GroupOptions::with_max_load(vec![u32::MAX; 40]);
    opts.reject_score = Some(-1.0);
    opts.team_size = vec![u32::MAX; 300];
    let a = solve_groups(s.view(), &opts).unwrap();
    // every allowed pair scoring at least -1 is taken; every other slot is empty
    // (a pair scoring exactly -1 ties with its empty slot: the objective is the same either way)
    let mut expect = 0.0;
    for i in 0..300 {
        let mut taken = 0u32;
        for j in 0..40 {
            if s[[i, j]] >= -1.0 {
                expect += s[[i, j]];
                taken += 1;
            }
        }
        expect -= f64::from(u32::MAX - taken);
    }
    assert_eq!(a.objective(), Some(expect));
    let pairs: f64 = a.pairs().iter().map(|&(i, j)| s[[i, j]]).sum();
    assert_eq!(a.total(), pairs); // the chosen pairs only
    assert!(a.pairs().iter().all(|&(i, j)| s[[i, j]] >= -1.0));
}

#[test]
fn tied_scores_are_certified() {
    // All equal, few distinct values, popular mentors (identical rows), with capacities.
    let mut rng = ChaCha8Rng::seed_from_u64(78);
    for &(n, m, cap) in &[(400, 80, 5u32), (300, 100, 3), (250, 50, 6)] {
        let colv: Vec<f64> = (0..m).map(|_| rng.random_range(0..4) as f64).collect();
        let families = [
            Array2::from_elem((n, m), 1.0),
            random_scores(&mut rng, n, m, 0.0, true),
            Array2::from_shape_fn((n, m), |(_, j)| colv[j]),
        ];
        for s in &families {
            for reject in [None, Some(0.0)] {
                let mut opts = GroupOptions::with_max_load(vec![cap; m]);
                opts.reject_score = reject;
                opts.min_load = (0..m).map(|j| u32::from(j % 7 == 0)).collect();
                let a = solve_groups(s.view(), &opts).unwrap();
                check_feasible(s, &opts, &a);
                assert!(no_negative_cycle(s, &opts, &a));
            }
        }
    }
}
