//! Tests of `assign::blossom` (peer pairing by maximum-weight general matching): exhaustive
//! enumeration of all matchings for n <= 10, an independent O(2^n) DP for n <= 16, the
//! min-cost-flow group solver on bipartite instances, errors and determinism.
#![allow(clippy::unwrap_used)]

use nastavnik::ErrorKind;
use nastavnik::assign::PeerMatching;
use nastavnik::assign::blossom::{PeerObjective, PeerOptions, solve_peers, solve_peers_masked};
use nastavnik::assign::flow::{GroupOptions, solve_groups};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const NEG: f64 = f64::NEG_INFINITY;

/// Symmetric random weights: small integers (ties, negatives) or floats; some edges forbidden.
fn random_weights(rng: &mut ChaCha8Rng, n: usize, p_forbid: f64, ties: bool) -> Array2<f64> {
    let mut w = Array2::from_elem((n, n), 0.0);
    for i in 0..n {
        w[[i, i]] = rng.random_range(-9.0..9.0); // diagonal is ignored
        for j in i + 1..n {
            let x = if rng.random_bool(p_forbid) {
                NEG
            } else if ties {
                f64::from(rng.random_range(-3i32..=6))
            } else {
                rng.random_range(-0.5..1.0)
            };
            w[[i, j]] = x;
            w[[j, i]] = x;
        }
    }
    w
}

/// Is edge (i, j) usable under the options (before the objective's own choices)?
fn usable(w: &Array2<f64>, i: usize, j: usize, opts: &PeerOptions) -> bool {
    i != j && w[[i, j]] > NEG && opts.reject_below.is_none_or(|t| w[[i, j]] >= t)
}

/// Better (cardinality, weight) under the objective.
fn better(a: (usize, f64), b: (usize, f64), obj: PeerObjective) -> bool {
    match obj {
        PeerObjective::MaxWeight => a.1 > b.1 + 1e-12,
        PeerObjective::MaxCardinality => a.0 > b.0 || (a.0 == b.0 && a.1 > b.1 + 1e-12),
    }
}

/// Enumerate every matching.
fn brute_force(w: &Array2<f64>, opts: &PeerOptions) -> (usize, f64) {
    fn rec(
        w: &Array2<f64>,
        opts: &PeerOptions,
        used: &mut Vec<bool>,
        acc: (usize, f64),
        best: &mut (usize, f64),
    ) {
        let n = used.len();
        let Some(i) = (0..n).find(|&i| !used[i]) else {
            if better(acc, *best, opts.objective) {
                *best = acc;
            }
            return;
        };
        used[i] = true;
        rec(w, opts, used, acc, best);
        for j in i + 1..n {
            if !used[j] && usable(w, i, j, opts) {
                used[j] = true;
                rec(w, opts, used, (acc.0 + 1, acc.1 + w[[i, j]]), best);
                used[j] = false;
            }
        }
        used[i] = false;
    }
    let mut best = (0, 0.0);
    rec(w, opts, &mut vec![false; w.nrows()], (0, 0.0), &mut best);
    best
}

/// Independent exact method: DP over vertex subsets, O(2^n · n).
fn subset_dp(w: &Array2<f64>, opts: &PeerOptions) -> (usize, f64) {
    let n = w.nrows();
    let full = 1usize << n;
    let mut f = vec![(0usize, 0.0f64); full];
    for mask in 1..full {
        let i = mask.trailing_zeros() as usize;
        let rest = mask & !(1 << i);
        let mut best = f[rest];
        let mut r = rest;
        while r != 0 {
            let j = r.trailing_zeros() as usize;
            r &= r - 1;
            if usable(w, i, j, opts) {
                let prev = f[rest & !(1 << j)];
                let cand = (prev.0 + 1, prev.1 + w[[i, j]]);
                if better(cand, best, opts.objective) {
                    best = cand;
                }
            }
        }
        f[mask] = best;
    }
    f[full - 1]
}

/// The matching uses usable edges only and reports its weight correctly; returns (card, weight).
fn check_valid(w: &Array2<f64>, opts: &PeerOptions, m: &PeerMatching) -> (usize, f64) {
    let pairs = m.pairs();
    let mut total = 0.0;
    for &(i, j) in &pairs {
        assert!(
            usable(w, i, j, opts),
            "unusable edge ({i}, {j}) in the matching"
        );
        total += w[[i, j]];
    }
    assert!(
        (total - m.total()).abs() < 1e-9,
        "total {} vs {}",
        total,
        m.total()
    );
    (pairs.len(), total)
}

fn random_opts(rng: &mut ChaCha8Rng, case: usize) -> PeerOptions {
    PeerOptions::default()
        .with_objective(if case.is_multiple_of(2) {
            PeerObjective::MaxWeight
        } else {
            PeerObjective::MaxCardinality
        })
        .with_reject_below(if case.is_multiple_of(3) {
            Some(f64::from(rng.random_range(-2i32..=2)))
        } else {
            None
        })
}

fn assert_same(got: (usize, f64), exp: (usize, f64), obj: PeerObjective, ctx: &str) {
    assert!(
        (got.1 - exp.1).abs() < 1e-9,
        "{ctx}: weight {} expected {}",
        got.1,
        exp.1
    );
    if obj == PeerObjective::MaxCardinality {
        assert_eq!(got.0, exp.0, "{ctx}: cardinality");
    }
}

#[test]
fn matches_brute_force_up_to_10() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for case in 0..3000 {
        let n = rng.random_range(1..=10);
        let ties = case % 4 < 2;
        let p_forbid = [0.0, 0.3, 0.7][case % 3];
        let w = random_weights(&mut rng, n, p_forbid, ties);
        let opts = random_opts(&mut rng, case / 4);
        let m = solve_peers(w.view(), &opts).unwrap();
        let got = check_valid(&w, &opts, &m);
        let exp = brute_force(&w, &opts);
        assert_same(
            got,
            exp,
            opts.objective,
            &format!("case {case} n={n} {opts:?}\n{w:?}"),
        );
    }
}

#[test]
fn matches_subset_dp_up_to_16() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for case in 0..120 {
        let n = rng.random_range(11..=16);
        let ties = case % 2 == 0;
        let p_forbid = [0.0, 0.2, 0.6][case % 3];
        let w = random_weights(&mut rng, n, p_forbid, ties);
        let opts = random_opts(&mut rng, case / 2);
        let m = solve_peers(w.view(), &opts).unwrap();
        let got = check_valid(&w, &opts, &m);
        let exp = subset_dp(&w, &opts);
        assert_same(
            got,
            exp,
            opts.objective,
            &format!("case {case} n={n} {opts:?}"),
        );
    }
}

#[test]
fn dp_and_brute_force_agree() {
    // the two oracles check each other
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for case in 0..200 {
        let n = rng.random_range(1..=9);
        let w = random_weights(&mut rng, n, 0.3, case % 2 == 0);
        let opts = random_opts(&mut rng, case);
        let a = brute_force(&w, &opts);
        let b = subset_dp(&w, &opts);
        assert_same(a, b, opts.objective, &format!("case {case}"));
    }
}

#[test]
fn bipartite_instances_match_min_cost_flow() {
    // weights only between two halves: maximum-weight matching = groups with capacity 1 and a
    // reject gain of 0, solved by the independent min-cost-flow solver
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for case in 0..12 {
        let (a, b) = (rng.random_range(20..=150), rng.random_range(20..=150));
        let ties = case % 2 == 0;
        let s = Array2::from_shape_fn((a, b), |_| {
            if rng.random_bool(0.2) {
                NEG
            } else if ties {
                f64::from(rng.random_range(-2i32..=8))
            } else {
                rng.random_range(-0.3..1.0)
            }
        });
        let n = a + b;
        let mut w = Array2::from_elem((n, n), NEG);
        for i in 0..a {
            for j in 0..b {
                w[[i, a + j]] = s[[i, j]];
                w[[a + j, i]] = s[[i, j]];
            }
        }
        let opts = PeerOptions::default();
        let m = solve_peers(w.view(), &opts).unwrap();
        let got = check_valid(&w, &opts, &m);
        let g = GroupOptions::with_max_load(vec![1; b]).with_reject_score(0.0);
        let flow = solve_groups(s.view(), &g).unwrap();
        assert!(
            (got.1 - flow.total()).abs() < 1e-9,
            "case {case}: {} vs {}",
            got.1,
            flow.total()
        );
    }
}

#[test]
fn dense_uniform_larger_is_consistent() {
    // n = 300 dense uniform: every vertex is matched (positive weights, even n), weight at
    // least the greedy matching's, f32 and f64 agree on exactly representable weights
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 300;
    let mut w = Array2::from_elem((n, n), 0.0);
    for i in 0..n {
        for j in i + 1..n {
            let x = f64::from(rng.random_range(1u32..=1000)) / 1024.0;
            w[[i, j]] = x;
            w[[j, i]] = x;
        }
    }
    let m = solve_peers(w.view(), &PeerOptions::default()).unwrap();
    let (card, total) = check_valid(&w, &PeerOptions::default(), &m);
    assert_eq!(card, n / 2);
    // greedy lower bound
    let mut edges: Vec<(f64, usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| (w[[i, j]], i, j))
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used = vec![false; n];
    let mut greedy = 0.0;
    for (x, i, j) in edges {
        if !used[i] && !used[j] {
            used[i] = true;
            used[j] = true;
            greedy += x;
        }
    }
    assert!(total >= greedy - 1e-9);
    let w32 = w.mapv(|x| x as f32);
    let m32 = solve_peers(w32.view(), &PeerOptions::default()).unwrap();
    assert_eq!(m32.pairs(), m.pairs());
}

#[test]
fn deterministic() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let w = random_weights(&mut rng, 60, 0.2, true);
    for objective in [PeerObjective::MaxWeight, PeerObjective::MaxCardinality] {
        let opts = PeerOptions::default().with_objective(objective);
        let a = solve_peers(w.view(), &opts).unwrap();
        for _ in 0..3 {
            assert_eq!(solve_peers(w.view(), &opts).unwrap(), a);
        }
    }
}

#[test]
fn mask_forbids_pairs() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for case in 0..200 {
        let n = rng.random_range(2..=9);
        let w = random_weights(&mut rng, n, 0.0, true);
        let mut mask = Array2::from_elem((n, n), false);
        let mut wm = w.clone();
        for i in 0..n {
            for j in i + 1..n {
                if rng.random_bool(0.4) {
                    mask[[i, j]] = true;
                    mask[[j, i]] = true;
                    wm[[i, j]] = NEG;
                    wm[[j, i]] = NEG;
                }
            }
        }
        let opts = random_opts(&mut rng, case);
        let a = solve_peers_masked(w.view(), mask.view(), &opts).unwrap();
        let got = check_valid(&wm, &opts, &a);
        assert_same(
            got,
            brute_force(&wm, &opts),
            opts.objective,
            &format!("case {case}"),
        );
    }
}

#[test]
fn errors_name_the_culprit() {
    let opts = PeerOptions::default();
    let mut w = ndarray::array![[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [2.0, 3.0, 0.0]];
    assert!(solve_peers(w.view(), &opts).is_ok());
    // asymmetric
    w[[2, 1]] = 4.0;
    let e = solve_peers(w.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert!(e.to_string().contains("w[1][2]"), "{e}");
    w[[2, 1]] = 3.0;
    // NaN / +inf off the diagonal
    w[[0, 2]] = f64::NAN;
    let e = solve_peers(w.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NonFinite);
    assert!(e.to_string().contains("row 0, column 2"), "{e}");
    w[[0, 2]] = f64::INFINITY;
    assert_eq!(
        solve_peers(w.view(), &opts).unwrap_err().kind(),
        ErrorKind::NonFinite
    );
    w[[0, 2]] = 2.0;
    // the diagonal is ignored, even when not finite
    w[[1, 1]] = f64::NAN;
    assert_eq!(solve_peers(w.view(), &opts).unwrap().pairs(), vec![(1, 2)]);
    // shape
    let r = Array2::<f64>::zeros((2, 3));
    assert_eq!(
        solve_peers(r.view(), &opts).unwrap_err().kind(),
        ErrorKind::Shape
    );
    let z = Array2::<f64>::zeros((0, 0));
    assert_eq!(
        solve_peers(z.view(), &opts).unwrap_err().kind(),
        ErrorKind::Empty
    );
    // mask shape and symmetry
    let mask = Array2::from_elem((2, 2), false);
    let e = solve_peers_masked(w.view(), mask.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Shape);
    let mut mask = Array2::from_elem((3, 3), false);
    mask[[0, 1]] = true;
    let e = solve_peers_masked(w.view(), mask.view(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    // NaN threshold
    let bad = opts.with_reject_below(f64::NAN);
    assert_eq!(
        solve_peers(w.view(), &bad).unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
}

#[test]
fn threshold_and_single_vertex() {
    let w = ndarray::array![[0.0, 0.5, 2.0], [0.5, 0.0, 1.0], [2.0, 1.0, 0.0]];
    let opts = PeerOptions::default()
        .with_objective(PeerObjective::MaxWeight)
        .with_reject_below(2.5);
    assert!(solve_peers(w.view(), &opts).unwrap().pairs().is_empty());
    let one = ndarray::array![[1.0]];
    let m = solve_peers(one.view(), &PeerOptions::default()).unwrap();
    assert_eq!(m.mate(), &[None]);
}

#[test]
fn optimum_is_invariant_under_relabelling() {
    // same graph with vertices permuted: same optimal weight (and cardinality)
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for case in 0..30 {
        let n = rng.random_range(30..=90);
        let w = random_weights(&mut rng, n, [0.0, 0.5, 0.9][case % 3], case % 2 == 0);
        let mut perm: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            perm.swap(k, rng.random_range(0..=k));
        }
        let wp = Array2::from_shape_fn((n, n), |(i, j)| w[[perm[i], perm[j]]]);
        let opts = random_opts(&mut rng, case);
        let a = check_valid(&w, &opts, &solve_peers(w.view(), &opts).unwrap());
        let b = check_valid(&wp, &opts, &solve_peers(wp.view(), &opts).unwrap());
        assert_same(a, b, opts.objective, &format!("case {case} n={n}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Scale invariance and one huge weight among small ones (issue 9).
// ---------------------------------------------------------------------------------------------

/// Weight of `base` over the pairs of `m`.
fn base_weight(base: &Array2<f64>, m: &PeerMatching) -> (usize, f64) {
    let pairs = m.pairs();
    (pairs.len(), pairs.iter().map(|&(i, j)| base[[i, j]]).sum())
}

#[test]
fn one_huge_weight_among_small_ones() {
    // A 5-vertex graph: the huge edge 0-1 must be taken and the rest matched optimally
    // (2-3 + 3-4 alternatives differ by small integers only).
    let mut w = Array2::from_elem((5, 5), NEG);
    let mut set = |i: usize, j: usize, x: f64| {
        w[[i, j]] = x;
        w[[j, i]] = x;
    };
    set(0, 1, 1e12);
    set(0, 2, 5.0);
    set(1, 3, 4.0);
    set(2, 3, 4.0);
    set(2, 4, 9.0);
    set(3, 4, 2.0);
    for objective in [PeerObjective::MaxWeight, PeerObjective::MaxCardinality] {
        let opts = PeerOptions::default().with_objective(objective);
        let m = solve_peers(w.view(), &opts).unwrap();
        assert_eq!(m.total(), 1e12 + 9.0, "{objective:?}");
        assert_eq!(brute_force(&w, &opts).1, 1e12 + 9.0);
    }
    // A seeded 7-vertex case that an absolute tightness floor (1e-10 * max |w| = 100) got wrong.
    let mut rng = ChaCha8Rng::seed_from_u64(96143);
    let mut base = random_weights(&mut rng, 7, 0.0, true);
    let (i, j) = (rng.random_range(0..7), rng.random_range(0..7));
    base[[i, j]] = 1e12;
    base[[j, i]] = 1e12;
    for objective in [PeerObjective::MaxWeight, PeerObjective::MaxCardinality] {
        let opts = PeerOptions::default().with_objective(objective);
        let m = solve_peers(base.view(), &opts).unwrap();
        assert_eq!(base_weight(&base, &m), brute_force(&base, &opts));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Integer weights with one huge edge, times `10^k`: the matching is optimal for the integer
    /// weights (exact comparison against enumeration), for both objectives.
    #[test]
    fn invariant_under_scale_with_one_huge_weight(
        n in 2usize..=9, seed in 0u64..1_000_000, k in -12i32..=12,
        huge in proptest::sample::select(vec![0.0, 1e6, 1e12]),
        maxcard in proptest::bool::ANY, p_forbid in proptest::sample::select(vec![0.0, 0.4]),
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut base = random_weights(&mut rng, n, p_forbid, true);
        if huge > 0.0 {
            let (i, j) = (rng.random_range(0..n), rng.random_range(0..n));
            if i != j {
                base[[i, j]] = huge;
                base[[j, i]] = huge;
            }
        }
        let opts = PeerOptions::default().with_objective(if maxcard { PeerObjective::MaxCardinality } else { PeerObjective::MaxWeight });
        let unit = 10f64.powi(k);
        let w = base.mapv(|x| x * unit);
        let m = solve_peers(w.view(), &opts).unwrap();
        let got = base_weight(&base, &m);
        let exp = brute_force(&base, &opts);
        proptest::prop_assert_eq!(got.1, exp.1, "k={} huge={}", k, huge);
        if maxcard {
            proptest::prop_assert_eq!(got.0, exp.0);
        }
    }
}
