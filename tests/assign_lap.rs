//! Linear assignment solvers: brute force on small shapes, dual certificates on larger ones,
//! sparse vs dense, infeasibility reports, input errors, batch and determinism.
#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use nastavnik::assign::baseline::{solve_greedy, solve_random};
use nastavnik::assign::batch::solve_dense_batch;
use nastavnik::assign::lap::{Duals, LapOptions, solve_dense, solve_dense_with_duals};
use nastavnik::assign::sparse::{solve_sparse, solve_sparse_with_duals};
use nastavnik::assign::{Assignment, SolveStatus};
use nastavnik::scoring::Candidates;
use nastavnik::{Error, ErrorKind};
use ndarray::{Array2, ArrayView2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const NEG: f64 = f64::NEG_INFINITY;

fn opts(r: Option<f64>) -> LapOptions {
    LapOptions::default().with_reject_score(r)
}

/// Random scores: uniform floats in [0, 1) or small integers (many ties), with a fraction of
/// forbidden pairs.
fn random_scores(n: usize, m: usize, rng: &mut ChaCha8Rng, forbid: f64, int: bool) -> Array2<f64> {
    Array2::from_shape_fn((n, m), |_| {
        if rng.random::<f64>() < forbid {
            NEG
        } else if int {
            rng.random_range(0..4) as f64
        } else {
            rng.random::<f64>()
        }
    })
}

/// Best objective by enumerating every injective partial map mentee -> mentor.
/// Objective: matched scores + r per unmatched mentee (reject) or matched scores with the smaller
/// side complete (no reject). `None` when no admissible assignment exists.
fn brute_force(s: ArrayView2<f64>, r: Option<f64>) -> Option<f64> {
    fn rec(
        s: ArrayView2<f64>,
        r: Option<f64>,
        i: usize,
        used: &mut Vec<bool>,
        matched: usize,
        acc: f64,
        best: &mut Option<f64>,
    ) {
        let (n, m) = s.dim();
        if i == n {
            if r.is_none() && matched < n.min(m) {
                return;
            }
            if best.is_none_or(|b| acc > b) {
                *best = Some(acc);
            }
            return;
        }
        // leave mentee i unmatched
        rec(s, r, i + 1, used, matched, acc + r.unwrap_or(0.0), best);
        for j in 0..m {
            let v = s[[i, j]];
            if used[j] || v == NEG || r.is_some_and(|r| v < r) {
                continue;
            }
            used[j] = true;
            rec(s, r, i + 1, used, matched + 1, acc + v, best);
            used[j] = false;
        }
    }
    let mut best = None;
    rec(s, r, 0, &mut vec![false; s.ncols()], 0, 0.0, &mut best);
    best
}

fn objective(a: &Assignment, r: Option<f64>) -> f64 {
    a.total() + r.unwrap_or(0.0) * (a.n_mentees() - a.n_matched()) as f64
}

/// Check primal admissibility and the LP dual certificate (maximisation form) of `a`/`d` for the
/// scores `s` (`-inf` = forbidden). Returns the objective.
fn check_certificate(s: ArrayView2<f64>, r: Option<f64>, a: &Assignment, d: &Duals) -> f64 {
    let (n, m) = s.dim();
    let scale = 1.0
        + s.iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |x, &v| x.max(v.abs()))
        + r.map_or(0.0, f64::abs);
    let tol = 1e-7 * scale;
    assert_eq!((a.n_mentees(), a.n_mentors()), (n, m));
    assert_eq!(a.status(), SolveStatus::Optimal);
    assert_eq!((d.mentee.len(), d.mentor.len()), (n, m));
    let mut mentor_used = vec![false; m];
    let mut mentee_used = vec![false; n];
    let mut total = 0.0;
    for &(i, j) in a.pairs() {
        assert!(
            !mentee_used[i] && !mentor_used[j],
            "pair ({i},{j}) reuses a participant"
        );
        mentee_used[i] = true;
        mentor_used[j] = true;
        let v = s[[i, j]];
        assert!(v > NEG, "forbidden pair ({i},{j}) chosen");
        if let Some(r) = r {
            assert!(v >= r, "pair ({i},{j}) scores {v} below reject score {r}");
        }
        total += v;
        assert!(
            (d.mentee[i] + d.mentor[j] - v).abs() <= tol,
            "complementary slackness fails on chosen pair ({i},{j})"
        );
    }
    assert!(
        (total - a.total()).abs() <= tol * (n as f64),
        "reported total"
    );
    for i in 0..n {
        for j in 0..m {
            let v = s[[i, j]];
            if v > NEG {
                assert!(
                    d.mentee[i] + d.mentor[j] >= v - tol,
                    "dual infeasible at ({i},{j}): {} + {} < {v}",
                    d.mentee[i],
                    d.mentor[j]
                );
            }
        }
    }
    match r {
        None => {
            assert_eq!(a.n_matched(), n.min(m), "smaller side not fully matched");
            if n < m {
                for j in 0..m {
                    assert!(d.mentor[j] >= -tol);
                    if !mentor_used[j] {
                        assert!(d.mentor[j].abs() <= tol);
                    }
                }
            } else if n > m {
                for i in 0..n {
                    assert!(d.mentee[i] >= -tol);
                    if !mentee_used[i] {
                        assert!(d.mentee[i].abs() <= tol);
                    }
                }
            }
        }
        Some(r) => {
            for i in 0..n {
                assert!(d.mentee[i] >= r - tol);
                if !mentee_used[i] {
                    assert!((d.mentee[i] - r).abs() <= tol);
                }
            }
            for j in 0..m {
                assert!(d.mentor[j] >= -tol);
                if !mentor_used[j] {
                    assert!(d.mentor[j].abs() <= tol);
                }
            }
        }
    }
    let obj = objective(a, r);
    let dual: f64 = d.mentee.iter().chain(&d.mentor).sum();
    assert!(
        (obj - dual).abs() <= tol * (n + m) as f64,
        "duality gap {obj} vs {dual}"
    );
    obj
}

#[test]
fn brute_force_all_small_shapes_f64_and_f32() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut infeasible_seen = 0;
    let mut reject_unmatched_seen = 0;
    for n in 1..=6 {
        for m in 1..=6 {
            for &forbid in &[0.0, 0.35, 0.7] {
                for &int in &[false, true] {
                    for &r in &[None, Some(0.4), Some(2.0)] {
                        for _rep in 0..2 {
                            let s = random_scores(n, m, &mut rng, forbid, int);
                            let expect = brute_force(s.view(), r);
                            // f64
                            match (expect, solve_dense_with_duals(s.view(), &opts(r))) {
                                (Some(best), Ok((a, d))) => {
                                    let obj = check_certificate(s.view(), r, &a, &d);
                                    assert!((obj - best).abs() < 1e-9, "{n}x{m}: {obj} vs {best}");
                                    if a.n_matched() < n.min(m) {
                                        reject_unmatched_seen += 1;
                                    }
                                }
                                (None, Err(e)) => {
                                    assert_eq!(e.kind(), ErrorKind::Infeasible);
                                    infeasible_seen += 1;
                                }
                                (x, y) => panic!("{n}x{m} {r:?}: brute {x:?}, solver {y:?}\n{s}"),
                            }
                            // f32: same values (exact in f32 for ints; rounded floats)
                            let s32 = s.mapv(|v| v as f32);
                            let s32d = s32.mapv(f64::from);
                            let expect32 = brute_force(s32d.view(), r);
                            match (expect32, solve_dense_with_duals(s32.view(), &opts(r))) {
                                (Some(best), Ok((a, d))) => {
                                    let obj = check_certificate(s32d.view(), r, &a, &d);
                                    assert!((obj - best).abs() < 1e-9);
                                }
                                (None, Err(e)) => assert_eq!(e.kind(), ErrorKind::Infeasible),
                                (x, y) => panic!("f32 {n}x{m}: brute {x:?}, solver {y:?}"),
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        infeasible_seen > 20,
        "too few infeasible instances: {infeasible_seen}"
    );
    assert!(
        reject_unmatched_seen > 20,
        "reject score never left anyone unmatched"
    );
}

#[test]
fn sparse_matches_brute_force_on_small_shapes() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for n in 1..=6 {
        for m in 1..=6 {
            for &r in &[None, Some(0.3)] {
                for _ in 0..4 {
                    let c = random_candidates(n, m, rng.random_range(0..=m), &mut rng);
                    let s = dense_of(&c);
                    let expect = brute_force(s.view(), r);
                    match (expect, solve_sparse_with_duals(&c, &opts(r))) {
                        (Some(best), Ok((a, d))) => {
                            let obj = check_certificate(s.view(), r, &a, &d);
                            assert!((obj - best).abs() < 1e-9);
                        }
                        (None, Err(e)) => assert_eq!(e.kind(), ErrorKind::Infeasible),
                        (x, y) => panic!("sparse {n}x{m}: brute {x:?}, solver {y:?}"),
                    }
                }
            }
        }
    }
}

#[test]
fn certificates_on_larger_random_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for &(n, m) in &[
        (200, 300),
        (300, 200),
        (300, 300),
        (150, 150),
        (40, 500),
        (500, 40),
    ] {
        for &int in &[false, true] {
            for &forbid in &[0.0, 0.2] {
                for &r in &[None, Some(0.5)] {
                    let s = random_scores(n, m, &mut rng, forbid, int);
                    let (a, d) = solve_dense_with_duals(s.view(), &opts(r)).unwrap();
                    check_certificate(s.view(), r, &a, &d);
                    let s32 = s.mapv(|v| v as f32);
                    let (a, d) = solve_dense_with_duals(s32.view(), &opts(r)).unwrap();
                    check_certificate(s32.mapv(f64::from).view(), r, &a, &d);
                }
            }
        }
    }
}

#[test]
fn large_non_contiguous_views_are_certified() {
    // Transposed and strided views take the copying path of the large-matrix solver.
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let base = random_scores(300, 520, &mut rng, 0.1, false);
    for r in [None, Some(0.5)] {
        for view in [base.t(), base.slice(ndarray::s![.., ..;2])] {
            let (a, d) = solve_dense_with_duals(view, &opts(r)).unwrap();
            check_certificate(view, r, &a, &d);
            let owned = view.to_owned();
            assert_eq!(a, solve_dense(owned.view(), &opts(r)).unwrap());
        }
    }
}

#[test]
fn certificates_when_everyone_wants_the_same_mentors() {
    // Scores ~ popularity of the mentor + small noise: the cheapest entries of every row fall on
    // the same few columns, which defeats any per-row sparsification.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for &(n, m) in &[(256, 256), (200, 400), (400, 200)] {
        let pop: Vec<f64> = (0..m).map(|_| rng.random::<f64>() * 10.0).collect();
        let s = Array2::from_shape_fn((n, m), |(_, j)| pop[j] + 0.01 * rng.random::<f64>());
        for &r in &[None, Some(5.0)] {
            let (a, d) = solve_dense_with_duals(s.view(), &opts(r)).unwrap();
            check_certificate(s.view(), r, &a, &d);
        }
        // Identical rows: every assignment of the smaller side is optimal.
        let flat = Array2::from_shape_fn((n, m), |(_, j)| pop[j]);
        let (a, d) = solve_dense_with_duals(flat.view(), &opts(None)).unwrap();
        check_certificate(flat.view(), None, &a, &d);
    }
}

#[test]
fn rounds_of_violated_entries_are_certified() {
    // Mostly random, but a planted diagonal that is far better than anything and mid-ranked
    // entries that matter: the answer must equal the dense certificate regardless.
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 300;
    let mut s = random_scores(n, n, &mut rng, 0.0, false);
    for i in 0..n {
        s[[i, (i * 7) % n]] = 0.5 + 0.001 * i as f64; // a mid-ranked entry per row
    }
    let (a, d) = solve_dense_with_duals(s.view(), &opts(None)).unwrap();
    check_certificate(s.view(), None, &a, &d);
}

fn random_candidates(n: usize, m: usize, k: usize, rng: &mut ChaCha8Rng) -> Candidates {
    let mut indptr = vec![0];
    let mut indices = Vec::new();
    let mut scores = Vec::new();
    let k = k.min(m);
    for _ in 0..n {
        let mut cols: Vec<u32> = (0..m as u32).collect();
        // partial Fisher-Yates
        for t in 0..k {
            let p = rng.random_range(t..m);
            cols.swap(t, p);
        }
        for &j in &cols[..k] {
            indices.push(j);
            scores.push(rng.random::<f64>());
        }
        indptr.push(indices.len());
    }
    Candidates::new(m, indptr, indices, scores).unwrap()
}

fn dense_of(c: &Candidates) -> Array2<f64> {
    let mut s = Array2::from_elem((c.n_mentees(), c.n_mentors()), NEG);
    for i in 0..c.n_mentees() {
        let (idx, sc) = c.row(i);
        for (&j, &v) in idx.iter().zip(sc) {
            s[[i, j as usize]] = v;
        }
    }
    s
}

#[test]
fn sparse_agrees_with_dense() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut feasible = 0;
    let mut infeasible = 0;
    for &(n, m, k) in &[
        (50, 80, 5),
        (80, 50, 5),
        (60, 60, 4),
        (200, 200, 3),
        (300, 150, 6),
        (150, 300, 6),
        (40, 40, 1),
        (500, 60, 3),
    ] {
        for &r in &[None, Some(0.6)] {
            for _ in 0..3 {
                let c = random_candidates(n, m, k, &mut rng);
                let s = dense_of(&c);
                let dense = solve_dense_with_duals(s.view(), &opts(r));
                let sparse = solve_sparse_with_duals(&c, &opts(r));
                match (dense, sparse) {
                    (Ok((ad, dd)), Ok((as_, ds))) => {
                        let od = check_certificate(s.view(), r, &ad, &dd);
                        let os = check_certificate(s.view(), r, &as_, &ds);
                        assert!((od - os).abs() < 1e-8, "{n}x{m}: dense {od} sparse {os}");
                        feasible += 1;
                    }
                    (Err(ed), Err(es)) => {
                        assert_eq!(ed.kind(), ErrorKind::Infeasible);
                        assert_eq!(es.kind(), ErrorKind::Infeasible);
                        infeasible += 1;
                    }
                    (x, y) => panic!(
                        "{n}x{m}: dense {:?} sparse {:?}",
                        x.map(|p| p.0),
                        y.map(|p| p.0)
                    ),
                }
            }
        }
    }
    assert!(
        feasible > 10 && infeasible > 2,
        "{feasible} feasible, {infeasible} infeasible"
    );
}

#[test]
fn sparse_with_more_mentees_than_mentors_matches_every_mentor() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let c = random_candidates(3000, 300, 8, &mut rng);
    let (a, d) = solve_sparse_with_duals(&c, &opts(None)).unwrap();
    assert_eq!(a.n_matched(), 300);
    check_certificate(dense_of(&c).view(), None, &a, &d);
}

fn infeasible_message(e: Error) -> String {
    assert_eq!(e.kind(), ErrorKind::Infeasible, "{e}");
    e.to_string()
}

#[test]
fn infeasibility_names_the_right_row() {
    // A mentee with no allowed mentor.
    let mut s = Array2::from_elem((5, 7), 1.0);
    s.row_mut(3).fill(NEG);
    let msg = infeasible_message(solve_dense(s.view(), &opts(None)).unwrap_err());
    assert!(msg.contains("mentee row 3"), "{msg}");
    assert!(solve_dense(s.view(), &opts(Some(0.0))).is_ok());

    // More mentees than mentors: a mentor with no allowed mentee.
    let mut s = Array2::from_elem((7, 4), 1.0);
    s.column_mut(2).fill(NEG);
    let msg = infeasible_message(solve_dense(s.view(), &opts(None)).unwrap_err());
    assert!(msg.contains("mentor column 2"), "{msg}");

    // Hall violation: mentees 1 and 4 may only take mentor 2.
    for &(n, m, a, b, col) in &[
        (5, 5, 1, 4, 2),
        (300, 300, 10, 200, 5),
        (150, 400, 0, 149, 399),
    ] {
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let mut s = random_scores(n, m, &mut rng, 0.0, false);
        for &i in &[a, b] {
            s.row_mut(i).fill(NEG);
            s[[i, col]] = 0.5;
        }
        let msg = infeasible_message(solve_dense(s.view(), &opts(None)).unwrap_err());
        assert!(
            msg.contains(&format!("mentee row {a} ")) || msg.contains(&format!("mentee row {b} ")),
            "{msg}"
        );
        assert!(msg.contains("Hall"), "{msg}");
        assert!(msg.contains(&format!("[{a}, {b}]")), "{msg}");
        let ok = solve_dense(s.view(), &opts(Some(0.0))).unwrap();
        assert_eq!(ok.n_matched(), n.min(m) - 1);
    }

    // Sparse: a mentee with an empty list, then a Hall violation.
    let c = Candidates::new(3, vec![0, 2, 2, 3], vec![0, 1, 2], vec![1.0, 1.0, 1.0]).unwrap();
    let msg = infeasible_message(solve_sparse(&c, &opts(None)).unwrap_err());
    assert!(msg.contains("mentee row 1"), "{msg}");
    let c = Candidates::new(
        3,
        vec![0, 3, 4, 5],
        vec![0, 1, 2, 1, 1],
        vec![1.0, 1.0, 1.0, 1.0, 1.0],
    )
    .unwrap();
    let msg = infeasible_message(solve_sparse(&c, &opts(None)).unwrap_err());
    assert!(
        msg.contains("mentee row 1 ") || msg.contains("mentee row 2 "),
        "{msg}"
    );
    assert!(msg.contains("[1, 2]"), "{msg}");
    // Sparse, more mentees than mentors: mentor 1 listed by nobody.
    let c = Candidates::new(2, vec![0, 1, 2, 3], vec![0, 0, 0], vec![1.0, 2.0, 3.0]).unwrap();
    let msg = infeasible_message(solve_sparse(&c, &opts(None)).unwrap_err());
    assert!(msg.contains("mentor column 1"), "{msg}");
}

#[test]
fn bad_input_errors() {
    let nan = ndarray::array![[1.0, 2.0], [3.0, f64::NAN]];
    let e = solve_dense(nan.view(), &opts(None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
    assert!(e.to_string().contains("row 1, column 1"), "{e}");
    let pinf = ndarray::array![[1.0f32, f32::INFINITY]];
    let e = solve_dense(pinf.view(), &opts(None)).unwrap_err();
    assert!(e.to_string().contains("row 0, column 1"), "{e}");
    // Large matrices take a different (fused) validation path.
    for &(n, m) in &[(200, 300), (300, 200)] {
        for bad in [f64::NAN, f64::INFINITY] {
            let mut s = Array2::<f64>::zeros((n, m));
            s[[150, 7]] = bad;
            s[[170, 3]] = bad;
            for r in [None, Some(0.5)] {
                let e = solve_dense(s.view(), &opts(r)).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::NonFinite);
                assert!(e.to_string().contains("row 150, column 7"), "{e}");
                let e = solve_dense(s.mapv(|v| v as f32).view(), &opts(r)).unwrap_err();
                assert!(e.to_string().contains("row 150, column 7"), "{e}");
            }
        }
    }
    let e = solve_dense(Array2::<f64>::zeros((0, 3)).view(), &opts(None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Empty);
    let e = solve_dense(Array2::<f64>::zeros((3, 0)).view(), &opts(None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Empty);
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = solve_dense(Array2::<f64>::zeros((2, 2)).view(), &opts(Some(bad))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(e.to_string().contains("reject_score"));
    }
    let c = Candidates::new(3, vec![0], vec![], vec![]).unwrap();
    assert_eq!(
        solve_sparse(&c, &opts(None)).unwrap_err().kind(),
        ErrorKind::Empty
    );
    let c = Candidates::new(0, vec![0, 0], vec![], vec![]).unwrap();
    assert_eq!(
        solve_sparse(&c, &opts(None)).unwrap_err().kind(),
        ErrorKind::Empty
    );
    let e = solve_greedy(nan.view(), &opts(None)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
    let e = solve_random(nan.view(), &opts(None), 1).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
}

#[test]
fn non_contiguous_views_are_accepted() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let s = random_scores(40, 30, &mut rng, 0.1, false);
    let t = s.t().to_owned();
    let a = solve_dense(s.t(), &opts(Some(0.2))).unwrap();
    let b = solve_dense(t.view(), &opts(Some(0.2))).unwrap();
    assert_eq!(a, b);
    let strided = s.slice(ndarray::s![..;2, ..]);
    let c = solve_dense(strided, &opts(None)).unwrap();
    let d = solve_dense(strided.to_owned().view(), &opts(None)).unwrap();
    assert_eq!(c, d);
}

#[test]
fn batch_equals_sequential() {
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let mut probs: Vec<Array2<f64>> = (0..60)
        .map(|t| random_scores(5 + t % 9, 4 + t % 13, &mut rng, 0.3, t % 2 == 0))
        .collect();
    probs[17][[0, 0]] = f64::NAN;
    let views: Vec<ArrayView2<f64>> = probs.iter().map(|p| p.view()).collect();
    for &r in &[None, Some(0.5)] {
        let batch = solve_dense_batch(&views, &opts(r));
        assert_eq!(batch.len(), views.len());
        let mut errors = 0;
        for (v, b) in views.iter().zip(&batch) {
            let seq = solve_dense(v.view(), &opts(r));
            // Debug strings: NaN inside an error does not compare equal to itself.
            assert_eq!(format!("{seq:?}"), format!("{b:?}"));
            errors += usize::from(b.is_err());
        }
        assert!(errors >= 1);
    }
}

#[test]
fn deterministic_across_runs_and_thread_counts() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let s = random_scores(400, 500, &mut rng, 0.05, true);
    let c = random_candidates(2000, 400, 6, &mut rng);
    let run = || {
        (
            solve_dense(s.view(), &opts(None)).unwrap(),
            solve_dense(s.view(), &opts(Some(1.0))).unwrap(),
            solve_sparse(&c, &opts(None)).unwrap(),
            solve_random(s.view(), &opts(None), 42).unwrap(),
        )
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(run);
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap()
        .install(run);
    assert_eq!(one, three);
    assert_eq!(one, run());
}

fn is_maximal(s: ArrayView2<f64>, r: Option<f64>, a: &Assignment) -> bool {
    let mo = a.mentor_of();
    let mut used = vec![false; s.ncols()];
    for j in mo.iter().flatten() {
        used[*j] = true;
    }
    !s.indexed_iter()
        .any(|((i, j), &v)| mo[i].is_none() && !used[j] && v > NEG && r.is_none_or(|r| v >= r))
}

#[test]
fn baselines_are_maximal_and_bounded_by_the_optimum() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for _ in 0..200 {
        let (n, m) = (rng.random_range(1..7), rng.random_range(1..7));
        let int = rng.random_bool(0.5);
        let s = random_scores(n, m, &mut rng, 0.3, int);
        for &r in &[None, Some(1.0)] {
            // Optimum of the max-weight matching with these allowed pairs (all scores >= 0).
            let opt = brute_force(s.view(), Some(r.unwrap_or(0.0))).unwrap();
            let g = solve_greedy(s.view(), &opts(r)).unwrap();
            let q = solve_random(s.view(), &opts(r), 5).unwrap();
            for a in [&g, &q] {
                assert_eq!(a.status(), SolveStatus::Feasible { gap: None });
                assert!(is_maximal(s.view(), r, a));
                assert!((a.total_under(s.view()).unwrap() - a.total()).abs() < 1e-12);
                let rr = r.unwrap_or(0.0);
                assert!(objective(a, Some(rr)) <= opt + 1e-9);
            }
            // greedy: at least half of the optimal weight gain over leaving everyone unmatched
            let base = r.unwrap_or(0.0) * n as f64;
            assert!(objective(&g, Some(r.unwrap_or(0.0))) - base >= 0.5 * (opt - base) - 1e-9);
        }
    }
    // Tie-breaking by lowest (row, col).
    let s = ndarray::array![[1.0, 1.0], [1.0, 1.0]];
    assert_eq!(
        solve_greedy(s.view(), &opts(None)).unwrap().pairs(),
        &[(0, 0), (1, 1)]
    );
    let s = ndarray::array![[0.2, 0.9, 0.9], [0.9, 0.5, 0.1]];
    assert_eq!(
        solve_greedy(s.view(), &opts(None)).unwrap().pairs(),
        &[(0, 1), (1, 0)]
    );
    // Random: same seed, same answer; different seeds explore different matchings.
    let s = Array2::<f64>::zeros((6, 6));
    let a = solve_random(s.view(), &opts(None), 1).unwrap();
    assert_eq!(a, solve_random(s.view(), &opts(None), 1).unwrap());
    let distinct: std::collections::HashSet<Vec<(usize, usize)>> = (0..20)
        .map(|seed| {
            solve_random(s.view(), &opts(None), seed)
                .unwrap()
                .pairs()
                .to_vec()
        })
        .collect();
    assert!(distinct.len() > 5);
}

#[test]
fn certificates_with_mild_popularity() {
    // Mentor popularity mixed with individual taste: some rows' optimal mentor is not among their
    // few best, which exercises the add-violated-entries rounds and the dense fallback.
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for &alpha in &[0.05, 0.1, 0.2, 0.3, 0.5] {
        for &(n, m) in &[(300, 300), (200, 400), (400, 200)] {
            let pop: Vec<f64> = (0..m).map(|_| rng.random::<f64>()).collect();
            let s = Array2::from_shape_fn((n, m), |(_, j)| alpha * pop[j] + rng.random::<f64>());
            for &r in &[None, Some(0.7)] {
                let (a, d) = solve_dense_with_duals(s.view(), &opts(r)).unwrap();
                check_certificate(s.view(), r, &a, &d);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scale, offset and tie invariance (issue 9): the answer must not depend on the unit or on a
// constant added per row (per column when mentors are the smaller side).
// ---------------------------------------------------------------------------------------------

/// Sum of `base` over the chosen pairs.
fn base_sum(base: ArrayView2<f64>, a: &Assignment) -> f64 {
    a.pairs().iter().map(|&(i, j)| base[[i, j]]).sum()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Small integer scores (ties) times `10^k` plus per-row (or per-column) offsets: the chosen
    /// pairs are optimal for the integer scores (brute force, exact comparison).
    #[test]
    fn small_instances_invariant_under_scale_and_offset(
        n in 1usize..=6, m in 1usize..=6, seed in 0u64..1_000_000, k in -12i32..=12,
        forbid in proptest::sample::select(vec![0.0, 0.3]),
        reject in proptest::sample::select(vec![None, Some(0.5), Some(2.5)]),
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let base = random_scores(n, m, &mut rng, forbid, true);
        let unit = 10f64.powi(k);
        let expect = brute_force(base.view(), reject);
        // Offsets only where they do not change the problem: every row (column) matched.
        let row_off: Vec<f64> = (0..n).map(|_| rng.random_range(-1e6..1e6f64).round()).collect();
        let col_off: Vec<f64> = (0..m).map(|_| rng.random_range(-1e6..1e6f64).round()).collect();
        let s = Array2::from_shape_fn((n, m), |(i, j)| {
            let off = match (reject, n <= m) {
                (Some(_), _) => 0.0,
                (None, true) => row_off[i],
                (None, false) => col_off[j],
            };
            (base[[i, j]] + off) * unit
        });
        let r = reject.map(|r| r * unit);
        match (expect, solve_dense(s.view(), &opts(r))) {
            (Some(best), Ok(a)) => {
                let got = base_sum(base.view(), &a)
                    + reject.unwrap_or(0.0) * (n - a.n_matched()) as f64;
                proptest::prop_assert_eq!(got, best, "k={} {:?}", k, reject);
            }
            (None, Err(e)) => proptest::prop_assert_eq!(e.kind(), ErrorKind::Infeasible),
            (x, y) => proptest::prop_assert!(false, "brute {:?}, solver {:?}", x, y.map(|a| a.total())),
        }
    }

    /// Large enough for the sparsified path: tied integer and uniform scores times `10^k` with
    /// row offsets give the same optimum (in base units) as the certified unscaled solve.
    #[test]
    fn large_instances_invariant_under_scale_and_offset(
        n in 128usize..=160, extra in 0usize..=150, seed in 0u64..1_000_000, k in -12i32..=12,
        int in proptest::bool::ANY, offsets in proptest::bool::ANY,
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let m = n + extra;
        let base = random_scores(n, m, &mut rng, 0.0, int);
        let (a0, d0) = solve_dense_with_duals(base.view(), &opts(None)).unwrap();
        let best = check_certificate(base.view(), None, &a0, &d0);
        let unit = 10f64.powi(k);
        let off: Vec<f64> = (0..n).map(|_| if offsets { rng.random_range(0.0..1e4f64) } else { 0.0 }).collect();
        let s = Array2::from_shape_fn((n, m), |(i, j)| (base[[i, j]] + off[i]) * unit);
        let a = solve_dense(s.view(), &opts(None)).unwrap();
        proptest::prop_assert_eq!(a.n_matched(), n);
        let got = base_sum(base.view(), &a);
        // Only the rounding of the data itself (offsets up to 1e4) limits the comparison.
        let tol = if int && !offsets { 0.0 } else { 1e-9 * n as f64 };
        proptest::prop_assert!((got - best).abs() <= tol, "k={}: {} vs {}", k, got, best);
    }
}

#[test]
fn tiny_uniform_scores_are_solved_exactly() {
    // 128 x 128 uniform scores times 1e-12: the dual check must not accept a suboptimal answer.
    // Also popular mentors (the sparse core misses the optimum and the dual check must find
    // the violated entries) and rows shifted by 1e8.
    let mut rng = ChaCha8Rng::seed_from_u64(91);
    let shapes = [(128, 128), (200, 200), (150, 400)];
    for &(n, m) in shapes.iter().chain(&[(128, 128); 12]) {
        let pop: Vec<f64> = (0..m).map(|_| rng.random::<f64>()).collect();
        let uniform = random_scores(n, m, &mut rng, 0.0, false);
        let popular = Array2::from_shape_fn((n, m), |(_, j)| pop[j] + 0.05 * rng.random::<f64>());
        for base in [uniform, popular] {
            let (b, d) = solve_dense_with_duals(base.view(), &opts(None)).unwrap();
            let best = check_certificate(base.view(), None, &b, &d);
            for k in [-12, -8, 8, 12] {
                let s = base.mapv(|v| v * 10f64.powi(k));
                let a = solve_dense(s.view(), &opts(None)).unwrap();
                let got = base_sum(base.view(), &a);
                assert!(
                    (got - best).abs() <= 1e-12 * n as f64,
                    "{n}x{m}, 1e{k}: {got} vs {best}"
                );
            }
            let shift: Vec<f64> = (0..n).map(|i| 1e8 * (i % 3) as f64).collect();
            let s = Array2::from_shape_fn((n, m), |(i, j)| base[[i, j]] + shift[i]);
            let a = solve_dense(s.view(), &opts(None)).unwrap();
            let got = base_sum(base.view(), &a);
            // Shifted data keep ~1.5e-8 absolute resolution per entry.
            assert!(
                (got - best).abs() <= 3e-8 * n as f64,
                "{n}x{m} shifted: {got} vs {best}"
            );
        }
    }
}

#[test]
fn tied_families_are_certified() {
    // Few distinct values, all equal, identical rows or columns, Likert sums, rank one; square,
    // wide and tall, with and without reject score.
    let mut rng = ChaCha8Rng::seed_from_u64(92);
    for &(n, m) in &[(300, 300), (150, 500), (500, 150), (129, 129)] {
        let rowv: Vec<f64> = (0..n).map(|_| rng.random_range(0..5) as f64).collect();
        let colv: Vec<f64> = (0..m).map(|_| rng.random_range(0..5) as f64).collect();
        let families = [
            random_scores(n, m, &mut rng, 0.0, true),
            Array2::from_elem((n, m), 1.0),
            Array2::from_shape_fn((n, m), |(i, _)| rowv[i]),
            Array2::from_shape_fn((n, m), |(_, j)| colv[j]),
            Array2::from_shape_fn((n, m), |(i, j)| rowv[i] * colv[j]),
            Array2::from_shape_fn((n, m), |_| {
                (0..5).map(|_| rng.random_range(1..=5) as f64).sum()
            }),
            Array2::from_shape_fn((n, m), |_| f64::from(rng.random::<f64>() < 0.01)),
        ];
        for s in &families {
            for r in [None, Some(1.0)] {
                let (a, d) = solve_dense_with_duals(s.view(), &opts(r)).unwrap();
                check_certificate(s.view(), r, &a, &d);
            }
        }
    }
}
