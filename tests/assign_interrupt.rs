//! Cancellation of long solves (`nastavnik::interrupt`): a cancelled token stops every solver
//! with `ErrorKind::Interrupted`, a token cancelled from another thread stops a long solve
//! promptly, and an uncancelled token changes nothing (same pairs, same totals).
#![allow(clippy::unwrap_used, clippy::field_reassign_with_default)]

use std::time::{Duration, Instant};

use nastavnik::ErrorKind;
use nastavnik::assign::Assignment;
use nastavnik::assign::blossom::{PeerOptions, solve_peers};
use nastavnik::assign::flow::{GroupOptions, solve_groups};
use nastavnik::assign::lap::{LapOptions, solve_dense};
use nastavnik::assign::mip::MipProblem;
use nastavnik::assign::sparse::solve_sparse;
use nastavnik::interrupt::{self, Interrupt};
use nastavnik::scoring::Candidates;
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn scores(n: usize, m: usize, seed: u64, levels: Option<u32>) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn((n, m), |_| match levels {
        Some(k) => f64::from(rng.random_range(0..k)),
        None => rng.random::<f64>(),
    })
}

fn symmetric(n: usize, seed: u64) -> Array2<f64> {
    let s = scores(n, n, seed, None);
    let mut w = &s + &s.t();
    for i in 0..n {
        w[[i, i]] = f64::NEG_INFINITY;
    }
    w
}

/// Pairs and total of one answer.
type Answer = (Vec<(usize, usize)>, f64);
type Solve = Box<dyn Fn() -> nastavnik::Result<Answer>>;

fn of(a: nastavnik::Result<Assignment>) -> nastavnik::Result<Answer> {
    a.map(|a| (a.pairs().to_vec(), a.total()))
}

fn all_solvers(seed: u64) -> Vec<(&'static str, Solve)> {
    let s = scores(40, 30, seed, Some(4));
    let s2 = s.clone();
    let s3 = s.clone();
    let s4 = s.clone();
    let w = symmetric(30, seed);
    vec![
        (
            "lap",
            Box::new(move || of(solve_dense(s.view(), &LapOptions::default()))),
        ),
        (
            "sparse",
            Box::new(move || {
                // The first 10 columns of every row as candidate lists.
                let (n, m) = s2.dim();
                let indptr: Vec<usize> = (0..=n).map(|i| i * 10).collect();
                let indices: Vec<u32> = (0..n).flat_map(|_| 0..10u32).collect();
                let vals: Vec<f64> = (0..n)
                    .flat_map(|i| (0..10).map(move |j| (i, j)))
                    .map(|(i, j)| s2[[i, j]])
                    .collect();
                let c = Candidates::new(m, indptr, indices, vals).unwrap();
                let mut o = LapOptions::default();
                o.reject_score = Some(-1.0);
                of(solve_sparse(&c, &o))
            }),
        ),
        (
            "groups",
            Box::new(move || {
                of(solve_groups(
                    s3.view(),
                    &GroupOptions::with_max_load(vec![2; 30]),
                ))
            }),
        ),
        (
            "peers",
            Box::new(move || {
                solve_peers(w.view(), &PeerOptions::default()).map(|p| (p.pairs(), p.total()))
            }),
        ),
        (
            "mip",
            Box::new(move || of(MipProblem::new(s4.view())?.max_load(2).solve())),
        ),
    ]
}

#[test]
fn cancelled_token_stops_every_solver_and_uncancelled_changes_nothing() {
    for seed in 0..3 {
        for (name, solve) in all_solvers(seed) {
            let plain = solve().unwrap();
            let token = Interrupt::new();
            let under = token.run(&solve).unwrap();
            assert_eq!(plain.0, under.0, "{name} seed {seed}");
            assert_eq!(plain.1.to_bits(), under.1.to_bits(), "{name}");
            token.cancel();
            let e = token.run(&solve).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Interrupted, "{name}: {e}");
            assert!(e.to_string().contains("interrupted"), "{e}");
            // Outside `run` nothing is interrupted any more.
            assert!(!interrupt::is_interrupted());
            assert_eq!(solve().unwrap().0, plain.0, "{name}");
        }
    }
}

#[test]
fn nested_tokens_restore_the_outer_one() {
    let outer = Interrupt::new();
    let inner = Interrupt::new();
    outer.cancel();
    outer.run(|| {
        assert!(interrupt::check().is_err());
        inner.run(|| assert!(interrupt::check().is_ok()));
        assert!(interrupt::check().is_err());
    });
    assert!(interrupt::check().is_ok());
    // Restored after a panic too.
    let r = std::panic::catch_unwind(|| outer.run(|| panic!("boom")));
    assert!(r.is_err());
    assert!(interrupt::check().is_ok());
}

/// Cancel `token` from another thread after `after`; returns how long `f` ran and its result.
fn cancel_after<T: Send>(
    after: Duration,
    f: impl FnOnce() -> nastavnik::Result<T> + Send,
) -> (Duration, nastavnik::Result<T>) {
    let token = Interrupt::new();
    std::thread::scope(|s| {
        let t2 = token.clone();
        s.spawn(move || {
            std::thread::sleep(after);
            t2.cancel();
        });
        let start = Instant::now();
        let r = token.run(f);
        (start.elapsed(), r)
    })
}

#[test]
fn long_solves_stop_soon_after_a_cancellation_from_another_thread() {
    // Each of these runs for many seconds uncancelled on the 2-core build machine.
    let after = Duration::from_millis(300);
    // MIP: teams of two with per-class limits (fractional relaxation, long branch and cut).
    // A (generous) time limit switches HiGHS's presolve off, which polls nothing; the solve
    // proper is stopped through HiGHS's interrupt callbacks.
    let (n, m) = (300, 60);
    let s = scores(n, m, 7, None);
    let classes: Vec<String> = (0..n).map(|i| format!("c{}", (i * 7) % 20)).collect();
    let (el, r) = cancel_after(after, || {
        MipProblem::new(s.view())?
            .max_load(5)
            .min_load(1)
            .team_size(2, 2)
            .allow_unmatched(-0.5)
            .class_limit(&classes, 2)
            .lp_shortcut(false)
            .time_limit(600.0)
            .solve()
    });
    if let Err(e) = &r {
        assert_eq!(e.kind(), ErrorKind::Interrupted, "{e}");
        assert!(el < after + Duration::from_secs(2), "mip took {el:?}");
    } else {
        // Solved before the cancellation arrived: only possible on a fast machine.
        assert!(el < after + Duration::from_millis(200), "{el:?}");
    }
    // Peers: blossom on 2500 nodes is cubic.
    let w = symmetric(2500, 3);
    let (el, r) = cancel_after(after, || solve_peers(w.view(), &PeerOptions::default()));
    match r {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Interrupted, "{e}");
            assert!(el < after + Duration::from_secs(2), "peers took {el:?}");
        }
        Ok(_) => assert!(el < after + Duration::from_millis(200), "{el:?}"),
    }
}

#[test]
fn poll_hook_runs_on_the_working_thread_and_stops_a_long_solve() {
    use std::cell::Cell;
    use std::rc::Rc;
    // A hook that asks to stop on its third call (as the Python binding does on Ctrl-C).
    let calls = Rc::new(Cell::new(0u32));
    let c2 = Rc::clone(&calls);
    let hook = move || {
        c2.set(c2.get() + 1);
        c2.get() >= 3
    };
    let w = symmetric(2500, 5);
    let token = Interrupt::new();
    let start = Instant::now();
    let r = token.run_polled(hook, Duration::from_millis(20), || {
        solve_peers(w.view(), &PeerOptions::default())
    });
    let el = start.elapsed();
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Interrupted, "{e}");
    assert_eq!(calls.get(), 3);
    assert!(token.is_cancelled());
    assert!(el < Duration::from_secs(3), "{el:?}");
    // Short calls never run the hook (it is first due after one interval).
    let calls = Rc::new(Cell::new(0u32));
    let c3 = Rc::clone(&calls);
    let small = symmetric(20, 1);
    let t = Interrupt::new();
    let r = t.run_polled(
        move || {
            c3.set(c3.get() + 1);
            true
        },
        Duration::from_secs(60),
        || solve_peers(small.view(), &PeerOptions::default()),
    );
    assert!(r.is_ok());
    assert_eq!(calls.get(), 0);
}

/// Issue 9: fair's bottleneck search, Gale–Shapley and the scoring top-k batches check the token
/// too: a cancelled token stops each one, an uncancelled one changes nothing.
#[test]
fn cancelled_token_stops_fair_stable_and_top_k() {
    use nastavnik::assign::fair::{Objective, bottleneck_value, solve_fair};
    use nastavnik::assign::stable::{StableOptions, stable_matching};
    use nastavnik::preferences::{Acceptability, Preferences};
    use nastavnik::scoring::{Kernel, top_k};

    let s = scores(60, 40, 3, Some(4));
    let s2 = s.clone();
    let s3 = s.clone();
    let (n, m) = (60usize, 40usize);
    let el: Vec<Vec<Vec<usize>>> = (0..n)
        .map(|i| (0..m).map(|j| vec![(i * 7 + j * 3) % m]).collect())
        .collect();
    let el: Vec<Vec<Vec<usize>>> = el
        .into_iter()
        .map(|l| {
            let mut seen = std::collections::BTreeSet::new();
            l.into_iter().filter(|g| seen.insert(g[0])).collect()
        })
        .collect();
    let ml: Vec<Vec<Vec<usize>>> = (0..m)
        .map(|j| (0..n).map(|i| vec![(i + j) % n]).collect())
        .collect();
    let prefs = Preferences::new(&el, &ml, Acceptability::Mutual).unwrap();
    let a = ndarray::Array2::from_shape_fn((300, 8), |(i, k)| ((i * 31 + k * 7) % 13) as f64);
    let b = ndarray::Array2::from_shape_fn((200, 8), |(j, k)| ((j * 17 + k * 5) % 11) as f64);
    type SyncSolve = Box<dyn Fn() -> nastavnik::Result<Answer> + Send + Sync>;
    let cases: Vec<(&str, SyncSolve)> = vec![
        (
            "fair max_min",
            Box::new(move || of(solve_fair(s.view(), None, Objective::MaxMinThenSum))),
        ),
        (
            "bottleneck",
            Box::new(move || bottleneck_value(s2.view(), None).map(|v| (Vec::new(), v.unwrap()))),
        ),
        (
            "fair capacitated",
            Box::new(move || {
                of(solve_fair(
                    s3.view(),
                    Some(&[2; 40]),
                    Objective::MaxMinThenSum,
                ))
            }),
        ),
        (
            "stable",
            Box::new(move || of(stable_matching(&prefs, &[2; 40], &StableOptions::default()))),
        ),
        (
            "top_k",
            Box::new(move || {
                let c = top_k(a.view(), b.view(), 5, &Kernel::Dot)?;
                let mut pairs = Vec::new();
                let mut total = 0.0;
                for i in 0..300 {
                    let (idx, sc) = c.row(i);
                    pairs.extend(idx.iter().map(|&j| (i, j as usize)));
                    total += sc.iter().sum::<f64>();
                }
                Ok((pairs, total))
            }),
        ),
    ];
    for (name, solve) in cases {
        let plain = solve().unwrap();
        let token = Interrupt::new();
        let under = token.run(&solve).unwrap();
        assert_eq!(plain.0, under.0, "{name}");
        assert_eq!(plain.1.to_bits(), under.1.to_bits(), "{name}");
        token.cancel();
        let e = token.run(&solve).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Interrupted, "{name}: {e}");
        // Through a thread pool of the caller's choice, too.
        let e = token
            .run(|| nastavnik::parallel::install(Some(2), &solve).unwrap())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Interrupted, "{name} on a pool: {e}");
    }
}

/// Issue 9 item 2: without a time limit HiGHS's presolve polls nothing; the driver runs HiGHS on
/// a worker thread, so a token cancelled from another thread stops the MIP within a fraction
/// of a second even while presolve runs.
#[test]
fn mip_without_time_limit_stops_promptly_during_presolve() {
    let (n, m) = (300, 60);
    let s = scores(n, m, 5, None);
    let classes: Vec<String> = (0..n).map(|i| format!("c{}", (i * 7) % 20)).collect();
    let token = Interrupt::new();
    let t2 = token.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        t2.cancel();
        Instant::now()
    });
    let r = token.run(|| {
        MipProblem::new(s.view())
            .unwrap()
            .max_load(5)
            .min_load(1)
            .team_size(2, 2)
            .allow_unmatched(-0.5)
            .class_limit(&classes, 2)
            .solve()
    });
    let stopped = Instant::now();
    let cancelled = canceller.join().unwrap();
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Interrupted, "{e}");
    let late = stopped.saturating_duration_since(cancelled).as_secs_f64();
    assert!(late < 0.5, "stopped {late} s after the cancellation");
}
