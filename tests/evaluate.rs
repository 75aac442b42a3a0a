//! The strategy lab (`evaluate`): why-not against brute force, metrics by hand, ridge, the
//! synthetic history's truth, sweeps across thread counts, and the history readers' errors.

mod common;

use common::{random_scores, rng, with_threads};
use ndarray::{Array2, ArrayView2};
use rand::Rng;

use nastavnik::assign::lap::LapOptions;
use nastavnik::assign::{Assignment, SolveStatus, Strategy};
use nastavnik::evaluate::metrics::{Context, evaluate};
use nastavnik::evaluate::sensitivity::sensitivity;
use nastavnik::evaluate::sweep::{Contender, PreparedCohort, SweepOptions, sweep};
use nastavnik::evaluate::synthetic_history::{HistoryConfig, TRUE_WEIGHTS, generate_history};
use nastavnik::evaluate::why_not::WhyNotSolver;
use nastavnik::evaluate::{
    HistoricalCohort, QuestionFeatures, fit_ridge, fit_ridge_cv, weight_change,
};

/// Best objective over the feasible assignments of the LAP contract, optionally forcing a pair.
fn brute(s: ArrayView2<'_, f64>, opts: &LapOptions, force: Option<(usize, usize)>) -> Option<f64> {
    let (n, m) = s.dim();
    let need = n.min(m);
    #[allow(clippy::too_many_arguments)]
    fn rec(
        s: ArrayView2<'_, f64>,
        i: usize,
        used: &mut Vec<bool>,
        matched: usize,
        acc: f64,
        opts: &LapOptions,
        force: Option<(usize, usize)>,
        need: usize,
        best: &mut Option<f64>,
    ) {
        let (n, m) = s.dim();
        if i == n {
            if opts.reject_score.is_none() && matched < need {
                return;
            }
            let v = acc + opts.reject_score.map_or(0.0, |r| r * (n - matched) as f64);
            if best.is_none_or(|b| v > b) {
                *best = Some(v);
            }
            return;
        }
        for j in 0..m {
            if let Some((fi, fj)) = force
                && (fi == i) != (fj == j)
            {
                continue;
            }
            let v = s[[i, j]];
            if used[j] || v == f64::NEG_INFINITY || opts.reject_score.is_some_and(|r| v < r) {
                continue;
            }
            used[j] = true;
            rec(
                s,
                i + 1,
                used,
                matched + 1,
                acc + v,
                opts,
                force,
                need,
                best,
            );
            used[j] = false;
        }
        if force.is_none_or(|(fi, _)| fi != i) {
            rec(s, i + 1, used, matched, acc, opts, force, need, best);
        }
    }
    let mut best = None;
    rec(
        s,
        0,
        &mut vec![false; m],
        0,
        0.0,
        opts,
        force,
        need,
        &mut best,
    );
    best
}

#[test]
fn why_not_loss_equals_brute_force_resolve() {
    let mut r = rng(11);
    let mut checked = 0;
    for case in 0..400 {
        let n = r.random_range(1..=6);
        let m = r.random_range(1..=6);
        let ties = if case % 2 == 0 { Some((0, 3)) } else { None };
        let p_forbid = [0.0, 0.2, 0.5][case % 3];
        let s = random_scores(&mut r, n, m, p_forbid, ties);
        let opts = if case % 4 == 3 {
            LapOptions::default().with_reject_score(r.random_range(-1.0..1.0))
        } else {
            LapOptions::default()
        };
        let Ok(w) = WhyNotSolver::new(s.view(), &opts) else {
            assert!(
                brute(s.view(), &opts, None).is_none(),
                "case {case}: solver infeasible, brute force not"
            );
            continue;
        };
        let opt = brute(s.view(), &opts, None).expect("feasible");
        for i in 0..n {
            for j in 0..m {
                let v = s[[i, j]];
                if v == f64::NEG_INFINITY || opts.reject_score.is_some_and(|rj| v < rj) {
                    assert!(w.why_not(i, j).is_err());
                    continue;
                }
                let y = w.why_not(i, j).expect("why_not");
                let tol = 1e-9 * (1.0 + opt.abs());
                assert!((y.optimal_objective - opt).abs() < tol, "case {case}");
                match brute(s.view(), &opts, Some((i, j))) {
                    None => assert!(
                        y.loss.is_none(),
                        "case {case} ({i},{j}): expected infeasible"
                    ),
                    Some(f) => {
                        let loss = y.loss.expect("feasible forced");
                        assert!(
                            (loss - (opt - f)).abs() < tol,
                            "case {case} ({i},{j}): {loss} vs {}",
                            opt - f
                        );
                        assert!(y.loss_bound <= loss + tol, "bound above loss");
                        let forced = y.forced.expect("forced assignment");
                        assert!(forced.pairs().contains(&(i, j)));
                        let total: f64 = forced.pairs().iter().map(|&(a, b)| s[[a, b]]).sum();
                        assert!((total - forced.total()).abs() < tol);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000);
}

#[test]
fn why_not_fast_path_matches_full_resolve_on_larger_problems() {
    let mut r = rng(5);
    for (n, m) in [(40, 40), (30, 55), (55, 30), (129, 140)] {
        let s = random_scores(&mut r, n, m, 0.1, if n == 40 { Some((0, 4)) } else { None });
        let w = WhyNotSolver::new(s.view(), &LapOptions::default()).expect("solve");
        for _ in 0..20 {
            let (i, j) = (r.random_range(0..n), r.random_range(0..m));
            if s[[i, j]] == f64::NEG_INFINITY {
                continue;
            }
            let y = w.why_not(i, j).expect("why_not");
            // independent: solve with the pair fixed by giving it a huge bonus
            let mut t = s.clone();
            t[[i, j]] += 1e6;
            let a = nastavnik::assign::solve_dense(t.view(), &LapOptions::default());
            match (a, y.forced_objective) {
                (Ok(a), Some(f)) if a.pairs().contains(&(i, j)) => {
                    let exact = a.total() - 1e6;
                    assert!(
                        (exact - f).abs() < 1e-6,
                        "{n}x{m} ({i},{j}): {exact} vs {f}"
                    );
                }
                (_, None) => {}
                (Ok(_), Some(_)) => panic!("bonus solve did not take the pair"),
                (Err(e), Some(_)) => panic!("{e}"),
            }
        }
    }
}

/// h(δ) = best forced − best avoiding, by brute force on the linear model.
fn h_brute(f: &QuestionFeatures, q: usize, delta: f64, i: usize, j: usize) -> f64 {
    let mut w = f.weights.clone();
    w[q] += delta;
    let (n, m) = f.dim();
    let mut s = Array2::zeros((n, m));
    for (k, fk) in f.features.iter().enumerate() {
        s.scaled_add(w[k], fk);
    }
    let with = brute(s.view(), &LapOptions::default(), Some((i, j))).unwrap_or(f64::NEG_INFINITY);
    let mut t = s.clone();
    t[[i, j]] = f64::NEG_INFINITY;
    let without = brute(t.view(), &LapOptions::default(), None).unwrap_or(f64::NEG_INFINITY);
    with - without
}

#[test]
fn weight_change_is_the_first_crossing_found_by_brute_force() {
    let mut r = rng(3);
    let mut found = 0;
    for case in 0..300 {
        let n = r.random_range(2..=5);
        let m = r.random_range(2..=5);
        let nq = 3;
        let features: Vec<Array2<f64>> = (0..nq)
            .map(|_| Array2::from_shape_fn((n, m), |_| f64::from(r.random_range(0..=4)) / 4.0))
            .collect();
        let weights: Vec<f64> = (0..nq).map(|_| r.random_range(0.2..2.0)).collect();
        let f = QuestionFeatures::new(
            (0..nq).map(|k| format!("q{k}")).collect(),
            weights.clone(),
            Array2::from_elem((n, m), true),
            features,
        )
        .expect("features");
        let (i, j) = (r.random_range(0..n), r.random_range(0..m));
        if h_brute(&f, 0, 0.0, i, j) >= -1e-12 {
            continue; // already (co-)optimal
        }
        let q = case % nq;
        let c = weight_change(
            &f,
            i,
            j,
            &format!("q{q}"),
            &LapOptions::default(),
            10.0,
            500,
        )
        .expect("weight change");
        let wsum: f64 = weights.iter().sum();
        let (lo, hi) = (-weights[q], 10.0 * wsum);
        match c.delta {
            Some(d) => {
                found += 1;
                assert!(
                    h_brute(&f, q, d, i, j) >= -1e-9,
                    "case {case}: not chosen at δ = {d}"
                );
                for k in 1..20 {
                    let x = d * f64::from(k) / 20.0;
                    assert!(
                        h_brute(&f, q, x, i, j) < 1e-9,
                        "case {case}: chosen earlier at {x} < {d}"
                    );
                }
                // nothing closer on the other side
                let other = if d > 0.0 { lo.max(-d) } else { hi.min(-d) };
                for k in 1..20 {
                    let x = other * f64::from(k) / 20.0;
                    assert!(
                        h_brute(&f, q, x, i, j) < 1e-9,
                        "case {case}: chosen at {x}, closer than {d}"
                    );
                }
            }
            None => {
                for k in 0..=40 {
                    let x = lo + (hi - lo) * f64::from(k) / 40.0;
                    assert!(
                        h_brute(&f, q, x, i, j) < 1e-9,
                        "case {case}: chosen at {x} but none found"
                    );
                }
            }
        }
    }
    assert!(found > 30, "only {found} crossings");
}

#[test]
fn metrics_by_hand() {
    // 4 mentees, 3 mentors; mentee 3 unmatched; mentor 0 takes two mentees
    let s = ndarray::array![
        [0.9, 0.2, 0.1],
        [0.5, 0.4, 0.3],
        [0.1, 0.7, 0.2],
        [0.3, 0.3, 0.3]
    ];
    let a = Assignment::new(
        4,
        3,
        vec![(0, 0), (1, 0), (2, 1)],
        2.1,
        SolveStatus::Feasible { gap: None },
    )
    .expect("valid assignment");
    let ctx = Context {
        mentee_ids: Some(vec!["a".into(), "b".into(), "c".into(), "d".into()]),
        mentee_category: Some(vec![
            Some("x".into()),
            Some("x".into()),
            None,
            Some("y".into()),
        ]),
        mentee_organisation: Some(vec![
            Some("s1".into()),
            Some("s2".into()),
            Some("s2".into()),
            Some("s1".into()),
        ]),
        mentor_capacity: Some(vec![1, 1, 1]),
        reference: Some(
            Assignment::new(
                4,
                3,
                vec![(0, 0), (1, 1), (2, 2)],
                0.0,
                SolveStatus::Feasible { gap: None },
            )
            .expect("valid assignment"),
        ),
        ..Default::default()
    };
    let m = evaluate(&a, s.view(), &ctx).expect("metrics");
    assert_eq!(m.n_pairs, 3);
    assert!((m.total - 2.1).abs() < 1e-12);
    assert!((m.mean.unwrap() - 0.7).abs() < 1e-12);
    assert_eq!(m.min, Some(0.5));
    assert_eq!(m.median, Some(0.7));
    assert!((m.p25.unwrap() - 0.6).abs() < 1e-12);
    assert_eq!(m.coverage, 0.75);
    assert_eq!(m.coverage_by_category["x"], 1.0);
    assert_eq!(m.coverage_by_category["y"], 0.0);
    assert_eq!(m.coverage_by_category["(none)"], 1.0);
    assert_eq!(m.coverage_by_organisation["s1"], 0.5);
    assert_eq!(m.load_max, 2);
    assert_eq!(m.idle_mentors, 1);
    assert_eq!(m.over_capacity, Some(1));
    assert!((m.load_mean - 1.0).abs() < 1e-12);
    assert!((m.load_std - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!(m.worst_mentee, Some(1));
    assert_eq!(m.worst_mentee_id.as_deref(), Some("b"));
    // organisation means: s1 {0.9} vs s2 {0.5, 0.7} -> 0.9 - 0.6
    assert!((m.score_gap_organisation.unwrap() - 0.3).abs() < 1e-12);
    // gini of [0.5, 0.7, 0.9]: Σ(2k-n-1)x / (n Σx) = (-2*0.5 + 0 + 2*0.9)/(3*2.1)
    assert!((m.gini.unwrap() - 0.8 / 6.3).abs() < 1e-12);
    // reference {(0,0),(1,1),(2,2)} vs {(0,0),(1,0),(2,1)}: 4 differing pairs, mentees b and c
    assert_eq!(m.pairs_changed, Some(4));
    assert_eq!(m.mentees_changed, Some(2));
    // a forbidden chosen pair is an error naming the mentee
    let bad = Assignment::new(1, 1, vec![(0, 0)], 0.0, SolveStatus::Feasible { gap: None })
        .expect("valid assignment");
    let e = evaluate(
        &bad,
        ndarray::array![[f64::NEG_INFINITY]].view(),
        &Context::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("row 0"));
}

#[test]
fn ridge_recovers_exact_linear_data_and_cv_is_deterministic() {
    let mut r = rng(9);
    let x = Array2::from_shape_fn((200, 4), |_| r.random_range(0.0..1.0));
    let w = [1.5, -2.0, 0.0, 0.5];
    let y: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|row| 0.7 + row.iter().zip(w).map(|(a, b)| a * b).sum::<f64>())
        .collect();
    let f = fit_ridge(x.view(), &y, 1e-10).expect("fit");
    for (a, b) in f.weights.iter().zip(w) {
        assert!((a - b).abs() < 1e-6);
    }
    assert!((f.intercept - 0.7).abs() < 1e-6);
    let c1 = fit_ridge_cv(x.view(), &y, &[1e-6, 1e-2, 1.0, 100.0], 5).expect("cv");
    let c2 = with_threads(3, || {
        fit_ridge_cv(x.view(), &y, &[1e-6, 1e-2, 1.0, 100.0], 5).expect("cv")
    });
    assert_eq!(c1, c2);
    assert_eq!(c1.alpha, 1e-6);
    assert!(fit_ridge(x.view(), &y, 0.0).is_err());
    assert!(fit_ridge_cv(x.view(), &y, &[1.0], 1).is_err());
}

#[test]
fn fitted_weights_recover_the_synthetic_truth() {
    let cohorts = generate_history(&HistoryConfig::default()).expect("history");
    let (mut rows, mut y) = (Vec::new(), Vec::new());
    for c in &cohorts {
        let (x, t) = c
            .outcome_rows(&c.features().expect("features"))
            .expect("rows");
        rows.extend(x);
        y.extend(t);
    }
    let q = rows[0].len();
    let x = Array2::from_shape_fn((rows.len(), q), |(r, c)| rows[r][c]);
    let fit = fit_ridge_cv(x.view(), &y, &[1e-3, 1e-2, 1e-1, 1.0, 10.0], 5).expect("fit");
    let truth: Vec<f64> = TRUE_WEIGHTS.iter().map(|t| t.1).collect();
    let ts: f64 = truth.iter().sum();
    let fs: f64 = fit.weights.iter().sum();
    let err: f64 = fit
        .weights
        .iter()
        .zip(&truth)
        .map(|(a, b)| (a / fs - b / ts).abs())
        .fold(0.0, f64::max);
    eprintln!(
        "pairs {} alpha {} fitted {:?} max err {err}",
        rows.len(),
        fit.alpha,
        fit.weights.iter().map(|a| a / fs).collect::<Vec<_>>()
    );
    assert!(err < 0.03, "normalised weights off by {err}");
}

fn contenders(json: &[(&str, &str)]) -> Vec<(String, Contender)> {
    json.iter()
        .map(|(n, j)| (n.to_string(), Contender::from_json(j).expect("json")))
        .collect()
}

/// Contenders of the contract that take a reject score (one-to-one ones ignore the capacities).
const WITH_REJECT: [(&str, &str); 7] = [
    ("lap", r#"{"solver": "lap"}"#),
    ("groups", r#"{"solver": "groups"}"#),
    ("greedy", r#"{"solver": "greedy"}"#),
    ("random", r#"{"solver": "random"}"#),
    ("made", r#""made""#),
    (
        "subjects_heavy",
        r#"{"solver": "lap", "weights": {"subjects": 6.0}}"#,
    ),
    ("mip", r#"{"solver": "mip"}"#),
];

/// Contenders that take the reject score as a threshold (pairs below it removed).
const WITHOUT_REJECT: [(&str, &str); 3] = [
    ("stable", r#"{"solver": "stable"}"#),
    ("fair", r#"{"solver": "fair", "objective": "coverage"}"#),
    (
        "stable_scores",
        r#"{"solver": "stable_from_scores", "proposer": "mentors"}"#,
    ),
];

#[test]
fn sweep_is_identical_on_any_thread_count_and_lap_dominates() {
    let cohorts = generate_history(
        &HistoryConfig::default()
            .with_schools(2)
            .with_years(vec![2022, 2023]),
    )
    .expect("history");
    let seeds = [1, 2, 3];
    for (json, reject) in [
        (&WITH_REJECT[..], Some(0.0)),
        (&WITHOUT_REJECT[..], Some(0.0)),
    ] {
        let s = contenders(json);
        let opts = |t: usize| {
            let mut o = SweepOptions::default().with_threads(t);
            o.reject_score = reject;
            o
        };
        let base = sweep(&s, &cohorts, &seeds, &opts(1)).expect("sweep");
        assert_eq!(base.len(), cohorts.len() * s.len() * seeds.len());
        for t in [2, 4] {
            let other = sweep(&s, &cohorts, &seeds, &opts(t)).expect("sweep");
            assert_eq!(base, other, "differs on {t} threads");
        }
        for (chunk, c) in base.chunks(s.len() * seeds.len()).zip(&cohorts) {
            let p = PreparedCohort::new(c).expect("prepared");
            let caps = p.context.mentor_capacity.clone().expect("caps");
            let lap = &chunk[0].metrics;
            for row in chunk {
                assert_eq!(row.cohort, c.name);
                // feasibility, checked here: capacities (1 for one-to-one rows)
                let a = match row.strategy.as_str() {
                    "made" => p.made.clone(),
                    _ => {
                        p.run(
                            &row.strategy,
                            &s.iter().find(|x| x.0 == row.strategy).expect("c").1,
                            row.seed,
                            reject,
                            None,
                        )
                        .expect("run")
                        .0
                    }
                };
                let mut load = vec![0u32; caps.len()];
                for &(_, j) in a.pairs() {
                    load[j] += 1;
                }
                for (j, &l) in load.iter().enumerate() {
                    let cap = if row.one_to_one { 1 } else { caps[j] };
                    assert!(l <= cap, "{}: mentor {j} has {l} > {cap}", row.strategy);
                }
                if !["made", "subjects_heavy"].contains(&row.strategy.as_str()) {
                    assert!(
                        (a.total() - row.metrics.total).abs() < 1e-9,
                        "{}",
                        row.strategy
                    );
                }
                // every solver receives the reject score (stable and fair as a threshold)
                assert_eq!(row.reject_score.is_some(), row.strategy != "made");
                match row.strategy.as_str() {
                    // one-to-one contenders never beat the LAP (reject 0, scores >= 0)
                    "greedy" | "random" | "made" | "subjects_heavy" => assert!(
                        row.metrics.total <= lap.total + 1e-9,
                        "{} beats lap",
                        row.strategy
                    ),
                    // the flow and the MIP solve the same capacitated problem optimally
                    "mip" => {
                        let groups = chunk.iter().find(|r| r.strategy == "groups").expect("g");
                        assert!((row.metrics.total - groups.metrics.total).abs() < 1e-6);
                        assert!(groups.metrics.total >= lap.total - 1e-9);
                    }
                    "stable" => assert_eq!(row.metrics.blocking_pairs, Some(0)),
                    _ => {}
                }
                if row.strategy == "made" {
                    assert_eq!(row.metrics.pairs_changed, Some(0));
                }
                assert_eq!(
                    row.one_to_one,
                    ["lap", "greedy", "random", "subjects_heavy"].contains(&row.strategy.as_str())
                );
            }
        }
    }
}

#[test]
fn sweep_seeds_reach_seeded_solvers_and_deterministic_rows_repeat() {
    let cohorts = generate_history(
        &HistoryConfig::default()
            .with_schools(1)
            .with_years(vec![2022]),
    )
    .expect("history");
    let s = contenders(&[
        ("random", r#"{"solver": "random", "seed": 99}"#),
        ("lap", r#"{"solver": "lap"}"#),
    ]);
    let rows = sweep(
        &s,
        &cohorts,
        &[5, 6, 7],
        &SweepOptions::default().with_reject_score(0.0),
    )
    .expect("sweep");
    let p = PreparedCohort::new(&cohorts[0]).expect("p");
    for r in &rows[..3] {
        // the row's seed replaces the strategy's own seed: equal to a direct solve with it
        let problem = p
            .problem(p.base.clone(), true, false, None)
            .expect("problem");
        let direct = Strategy::Random { seed: r.seed }
            .solve(&problem)
            .expect("solve");
        assert!((direct.total() - r.metrics.total).abs() < 1e-12);
    }
    let totals: Vec<f64> = rows[..3].iter().map(|r| r.metrics.total).collect();
    assert!(
        totals.windows(2).any(|w| w[0] != w[1]),
        "seeds ignored: {totals:?}"
    );
    assert!(rows[3..].iter().all(|r| r.metrics == rows[3].metrics));
    assert_eq!(
        rows[3..].iter().map(|r| r.seed).collect::<Vec<_>>(),
        vec![5, 6, 7]
    );
    // errors name the cohort and the contender; unknown questions are named
    // without a reject score the one-to-one LAP cannot match every mentor across forms
    let bad = contenders(&[("st", r#"{"solver": "lap"}"#)]);
    let e = sweep(&bad, &cohorts, &[0], &SweepOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("school_1_2022") && e.to_string().contains("\"st\""),
        "{e}"
    );
    let bad = contenders(&[("w", r#"{"solver": "lap", "weights": {"nope": 1.0}}"#)]);
    let e = sweep(
        &bad,
        &cohorts,
        &[0],
        &SweepOptions::default().with_reject_score(0.0),
    )
    .unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
    assert!(
        sweep(&s, &cohorts, &[], &SweepOptions::default())
            .expect("empty")
            .is_empty()
    );
}

#[test]
fn sensitivity_counts_changes_and_zero_step_changes_nothing() {
    let cohorts = generate_history(
        &HistoryConfig::default()
            .with_schools(1)
            .with_years(vec![2022]),
    )
    .expect("history");
    let f = cohorts[0].features().expect("features");
    let opts = LapOptions::default().with_reject_score(0.0);
    let rows = sensitivity(&f, &[0.0, 0.5], &opts).expect("sensitivity");
    assert_eq!(rows.len(), 2 * f.questions.len());
    for r in &rows {
        if r.step == 0.0 {
            assert_eq!(r.pairs_changed, 0);
        }
        assert!(r.base_total_change <= 1e-9);
    }
    assert_eq!(
        rows,
        with_threads(3, || sensitivity(&f, &[0.0, 0.5], &opts).expect("s"))
    );
}

#[test]
fn history_readers_name_the_file_and_entry() {
    let h = generate_history(
        &HistoryConfig::default()
            .with_schools(1)
            .with_years(vec![2022]),
    )
    .expect("history")
    .remove(0);
    let text = h.to_json();
    assert_eq!(
        HistoricalCohort::from_json(&format!("\u{feff}{text}"), "a.json").expect("bom"),
        h
    );
    let e = HistoricalCohort::from_json("{\"name\": ", "2021/школа.json").unwrap_err();
    assert!(e.to_string().contains("2021/школа.json"), "{e}");
    let e = HistoricalCohort::from_json(&text.replacen("\"pairs\"", "\"pairz\"", 1), "b.json")
        .unwrap_err();
    assert!(e.to_string().contains("pairz"), "{e}");
    let mut bad = h.clone();
    bad.outcomes[2].mentor_satisfaction = Some(7);
    let e = bad.validate("c.json").unwrap_err().to_string();
    assert!(
        e.contains("c.json") && e.contains("outcomes[2]") && e.contains("mentor_satisfaction"),
        "{e}"
    );
    // a pair with a participant without consent is refused
    let mut bad = h.clone();
    let who = bad.pairs[1].mentee.clone();
    bad.participants
        .iter_mut()
        .find(|p| p.id == who)
        .expect("p")
        .consent = false;
    let e = bad.validate("d.json").unwrap_err().to_string();
    assert!(e.contains("pairs[1]") && e.contains("consent"), "{e}");
    let mut bad = h.clone();
    bad.outcomes[0].mentor = bad.pairs[1].mentor.clone();
    if bad.outcomes[0].mentee != bad.pairs[1].mentee {
        let e = bad.validate("e.json").unwrap_err().to_string();
        assert!(
            e.contains("outcomes[0]") && e.contains("not among the pairs"),
            "{e}"
        );
    }
    // nobody without consent appears in pairs, outcomes or preferences of the generated set
    let excluded: Vec<&str> = h
        .participants
        .iter()
        .filter(|p| !p.consent)
        .map(|p| p.id.as_str())
        .collect();
    let text_ids: Vec<&str> = h
        .pairs
        .iter()
        .flat_map(|p| [p.mentee.as_str(), p.mentor.as_str()])
        .chain(h.preferences.iter().flat_map(|p| {
            std::iter::once(p.participant.as_str()).chain(p.ranking.iter().map(String::as_str))
        }))
        .collect();
    assert!(excluded.iter().all(|x| !text_ids.contains(x)));
}

#[test]
fn an_outcome_model_with_the_wrong_number_of_weights_is_a_shape_error() {
    let cohorts = generate_history(
        &HistoryConfig::default()
            .with_schools(1)
            .with_years(vec![2022]),
    )
    .expect("history");
    let s = contenders(&WITH_REJECT[..1]);
    let n_q = PreparedCohort::new(&cohorts[0])
        .expect("prepared")
        .features
        .questions
        .len();
    for len in [0, n_q - 1, n_q + 1] {
        let m = nastavnik::evaluate::RidgeFit {
            weights: vec![0.1; len],
            intercept: 3.0,
            alpha: 1.0,
            cv_mse: vec![],
        };
        let e = sweep(&s, &cohorts, &[1], &SweepOptions::default().with_model(m))
            .expect_err("a model of the wrong length must be refused");
        assert!(e.to_string().contains("outcome model"), "{e}");
    }
}
