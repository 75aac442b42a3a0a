//! A feasible start for the assignment programme, found by constraint-weighted local search.
//!
//! # Problem
//! Under a short time limit HiGHS may not find any feasible point of a large side-constrained
//! model (300 mentees × 60 mentors in teams of two with school quotas and class limits: none in
//! 1 s on a loaded core). Given a 0/1 point (the rounded LP relaxation, or nothing), find a
//! point that satisfies every row of the compiled programme, quickly, so that the solve can
//! return *an* assignment with its gap, and HiGHS can start from it as its incumbent.
//!
//! # Algorithm
//! A feasibility-jump / breakout style local search over the pair variables (the "unmatched"
//! flag `u[i]` of a mentee is derived: it is 1 exactly when the mentee has no pair, the only
//! value that can satisfy both mentee rows). Each step picks a violated row (seeded
//! pseudo-random choice, deterministic), evaluates flipping each free pair variable of that row
//! (a sampled window of at most 256 in long rows) by the change of the *weighted* total
//! violation over every row the flip touches, minus a small objective term (so that among
//! equally good repairs the better-scoring pair wins), and applies the best flip that repairs
//! the picked row. When no flip lowers the weighted violation, the weights of all violated
//! rows go up by one (breakout), which pushes the search out of local minima; one step in
//! sixteen takes a random repairing flip instead. Required pairs are never flipped off.
//!
//! # Guarantees
//! * A returned point satisfies every row of the families asked for exactly (integer
//!   arithmetic on 0/1 values; it is re-checked against the rows before being returned) and
//!   every required pair.
//! * Deterministic for a given model and initial point, except where the deadline cuts the
//!   search short.
//! * `None` when the deadline passes, the current [`crate::interrupt`] token is cancelled, or
//!   the step budget (`200 000 + 50 ×` variables) runs out first. Finding a feasible point of a
//!   programme with quotas is NP-hard in general: no guarantee that one is found when it exists.
//!
//! # Complexity
//! `O(nnz)` to set up; each step `O(k · r)` for `k ≤ 256` candidates touching `r` rows each.
//!
//! # Example
//! Internal to [`MipProblem::solve`](super::MipProblem::solve) under a time limit; see its tests.

use std::time::Instant;

use super::model::Model;

/// A tiny deterministic generator (SplitMix64).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

fn viol(act: f64, lo: f64, hi: f64) -> f64 {
    (lo - act).max(0.0) + (act - hi).max(0.0)
}

/// The search state.
struct Search<'m, 'a> {
    model: &'m Model<'a>,
    /// Rows used (families below the limit, non-empty).
    rows: Vec<usize>,
    /// For each variable: (index into `rows`, coefficient).
    var_rows: Vec<Vec<(usize, f64)>>,
    x: Vec<bool>,
    deg: Vec<usize>,
    act: Vec<f64>,
    w: Vec<f64>,
    violated: Vec<usize>,
    pos: Vec<usize>,
    n_pairs: usize,
    reject: bool,
    cmax: f64,
    /// Scratch: (row, change).
    changes: Vec<(usize, f64)>,
}

impl Search<'_, '_> {
    fn lo_hi(&self, k: usize) -> (f64, f64) {
        let r = &self.model.rows[self.rows[k]];
        (r.lo, r.hi)
    }

    fn is_violated(&self, k: usize) -> bool {
        let (lo, hi) = self.lo_hi(k);
        viol(self.act[k], lo, hi) > 1e-9
    }

    fn set_violated(&mut self, k: usize) {
        let now = self.is_violated(k);
        let was = self.pos[k] != usize::MAX;
        if now && !was {
            self.pos[k] = self.violated.len();
            self.violated.push(k);
        } else if !now && was {
            let p = self.pos[k];
            let last = self.violated.len() - 1;
            self.violated.swap(p, last);
            let moved = self.violated[p];
            self.pos[moved] = p;
            self.violated.pop();
            self.pos[k] = usize::MAX;
        }
    }

    /// Fill `changes` with the row activity changes of flipping pair `v`; returns the
    /// objective change.
    fn effect(&mut self, v: usize) -> f64 {
        self.changes.clear();
        let (i, _) = self.model.pairs[v];
        let d = if self.x[v] { -1.0 } else { 1.0 };
        for &(k, c) in &self.var_rows[v] {
            self.changes.push((k, c * d));
        }
        let mut dobj = self.model.cost[v] * d;
        if self.reject {
            let du = match (self.deg[i], self.x[v]) {
                (0, false) => -1.0,
                (1, true) => 1.0,
                _ => 0.0,
            };
            if du != 0.0 {
                let u = self.n_pairs + i;
                for &(k, c) in &self.var_rows[u] {
                    match self.changes.iter_mut().find(|e| e.0 == k) {
                        Some(e) => e.1 += c * du,
                        None => self.changes.push((k, c * du)),
                    }
                }
                dobj += self.model.cost[u] * du;
            }
        }
        dobj
    }

    /// Weighted violation change of the flip described by `changes`, and the change of row
    /// `focus` alone.
    fn delta(&self, focus: usize) -> (f64, f64) {
        let (mut dw, mut df) = (0.0, 0.0);
        for &(k, ch) in &self.changes {
            let (lo, hi) = self.lo_hi(k);
            let d = viol(self.act[k] + ch, lo, hi) - viol(self.act[k], lo, hi);
            dw += self.w[k] * d;
            if k == focus {
                df = d;
            }
        }
        (dw, df)
    }

    fn apply(&mut self, v: usize) {
        self.effect(v);
        let (i, _) = self.model.pairs[v];
        if self.x[v] {
            self.deg[i] -= 1;
        } else {
            self.deg[i] += 1;
        }
        self.x[v] = !self.x[v];
        let changes = std::mem::take(&mut self.changes);
        for &(k, ch) in &changes {
            self.act[k] += ch;
            // Activities are sums of small integers: keep them exact.
            self.act[k] = self.act[k].round();
            self.set_violated(k);
        }
        self.changes = changes;
    }
}

/// A point (pairs, then unmatched flags) satisfying every row of families `< n_families`,
/// searched from `init` (values above 0.5 are taken as chosen); `None` when none was found in
/// time. See the [module documentation](self).
pub(super) fn feasible_start(
    model: &Model<'_>,
    init: Option<&[f64]>,
    n_families: usize,
    deadline: Option<Instant>,
) -> Option<Vec<f64>> {
    let n_pairs = model.pairs.len();
    let n_vars = model.cost.len();
    let reject = n_vars > n_pairs;
    let rows: Vec<usize> = (0..model.rows.len())
        .filter(|&r| model.rows[r].family < n_families && !model.rows[r].coef.is_empty())
        .collect();
    let mut var_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_vars];
    for (k, &r) in rows.iter().enumerate() {
        for &(v, c) in &model.rows[r].coef {
            var_rows.get_mut(v)?.push((k, c));
        }
    }
    let fixed: Vec<bool> = (0..n_pairs).map(|v| model.lower[v] >= 0.5).collect();
    let mut x: Vec<bool> = (0..n_pairs)
        .map(|v| fixed[v] || init.and_then(|s| s.get(v)).is_some_and(|&a| a > 0.5))
        .collect();
    // With "exactly one mentor" and no unmatched flags, a rounded LP point can give a mentee
    // two halves: keep it; the search repairs it.
    let mut deg = vec![0usize; model.n];
    for (v, &(i, _)) in model.pairs.iter().enumerate() {
        deg[i] += usize::from(x[v]);
    }
    let value = |v: usize, x: &[bool], deg: &[usize]| -> f64 {
        if v < n_pairs {
            f64::from(u8::from(x[v]))
        } else {
            f64::from(u8::from(deg[v - n_pairs] == 0))
        }
    };
    let act: Vec<f64> = rows
        .iter()
        .map(|&r| {
            model.rows[r]
                .coef
                .iter()
                .map(|&(v, c)| c * value(v, &x, &deg))
                .sum()
        })
        .collect();
    let cmax = model
        .cost
        .iter()
        .fold(0.0f64, |a, c| a.max(c.abs()))
        .max(f64::MIN_POSITIVE);
    let n_rows = rows.len();
    let mut s = Search {
        model,
        rows,
        var_rows,
        x: std::mem::take(&mut x),
        deg,
        act,
        w: vec![1.0; n_rows],
        violated: Vec::new(),
        pos: vec![usize::MAX; n_rows],
        n_pairs,
        reject,
        cmax,
        changes: Vec::new(),
    };
    for k in 0..n_rows {
        s.set_violated(k);
    }
    let mut rng = Mix(0x6E61_7374_6176_6E6B);
    let budget = 200_000usize.saturating_add(n_vars.saturating_mul(50));
    let mut cands: Vec<usize> = Vec::new();
    let mut step = 0usize;
    while !s.violated.is_empty() {
        step += 1;
        if step > budget {
            return None;
        }
        if step.is_multiple_of(64)
            && (deadline.is_some_and(|d| Instant::now() >= d) || crate::interrupt::is_interrupted())
        {
            return None;
        }
        let k = s.violated[rng.below(s.violated.len())];
        let coef = &model.rows[s.rows[k]].coef;
        // Free pair variables of the row, a window of at most 256 in long rows.
        cands.clear();
        let len = coef.len();
        let (from, take) = if len > 256 {
            (rng.below(len), 256)
        } else {
            (0, len)
        };
        for t in 0..take {
            let v = coef[(from + t) % len].0;
            if v < n_pairs && !fixed[v] {
                cands.push(v);
            }
        }
        let noisy = rng.below(16) == 0;
        let mut best: Option<(f64, f64, usize)> = None;
        let mut repairing: Vec<usize> = Vec::new();
        for &v in &cands {
            let dobj = s.effect(v);
            let (dw, df) = s.delta(k);
            if df >= 0.0 {
                continue;
            }
            repairing.push(v);
            let score = dw - 0.1 * dobj / s.cmax;
            if best.is_none_or(|b| score < b.0) {
                best = Some((score, dw, v));
            }
        }
        let Some((_, dw, v)) = best else {
            continue;
        };
        if dw >= 0.0 {
            for idx in 0..s.violated.len() {
                let r = s.violated[idx];
                s.w[r] += 1.0;
            }
        }
        let v = if noisy {
            repairing[rng.below(repairing.len())]
        } else {
            v
        };
        s.apply(v);
    }
    let mut out: Vec<f64> = s.x.iter().map(|&b| f64::from(u8::from(b))).collect();
    if reject {
        out.extend(s.deg.iter().map(|&d| f64::from(u8::from(d == 0))));
    }
    model.satisfies(&out, n_families).then_some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{MipProblem, Quota};
    use super::*;

    /// Small random programmes: whenever brute force over all 0/1 pair choices finds a feasible
    /// point, the search from the empty point finds one too (and what it returns is feasible).
    #[test]
    fn finds_a_feasible_point_whenever_brute_force_does() {
        let mut rng = Mix(7);
        let (mut feasible, mut found) = (0, 0);
        for case in 0..400 {
            let n = 2 + rng.below(4);
            let m = 2 + rng.below(3);
            let scores = ndarray::Array2::from_shape_fn((n, m), |_| {
                if rng.below(7) == 0 {
                    f64::NEG_INFINITY
                } else {
                    rng.below(10) as f64 - 3.0
                }
            });
            let team = [(1, 1), (1, 2), (2, 2)][rng.below(3)];
            let mut p = MipProblem::new(scores.view())
                .unwrap()
                .team_size(team.0, team.1)
                .max_load(1 + rng.below(3));
            if rng.below(2) == 0 {
                p = p.allow_unmatched(-1.0);
            }
            if rng.below(3) == 0 {
                p = p.min_load(1);
            }
            if rng.below(2) == 0 {
                let classes: Vec<&str> = (0..n).map(|_| ["x", "y"][rng.below(2)]).collect();
                p = p.class_limit(&classes, 1);
            }
            if rng.below(2) == 0 {
                let rows: Vec<usize> = (0..n).filter(|_| rng.below(2) == 0).collect();
                let min = rng.below(3);
                p = p.quota(
                    Quota::new("q")
                        .mentees(rows)
                        .between(min, min + rng.below(2)),
                );
            }
            if rng.below(3) == 0 {
                p = p.require(rng.below(n), rng.below(m));
            }
            if rng.below(3) == 0 {
                p = p.forbid(rng.below(n), rng.below(m));
            }
            let Ok(model) = p.compile() else { continue };
            if model.precheck().is_err() {
                continue;
            }
            let np = model.pairs.len();
            let reject = model.cost.len() > np;
            let any = (0u32..1 << np).any(|mask| {
                let mut x: Vec<f64> = (0..np).map(|v| f64::from((mask >> v) & 1)).collect();
                if reject {
                    let mut deg = vec![0; n];
                    for (v, &(i, _)) in model.pairs.iter().enumerate() {
                        deg[i] += (mask >> v) & 1;
                    }
                    x.extend(deg.iter().map(|&d| f64::from(u8::from(d == 0))));
                }
                model.satisfies(&x, usize::MAX)
            });
            let got = feasible_start(&model, None, usize::MAX, None);
            if let Some(x) = &got {
                assert!(model.satisfies(x, usize::MAX), "case {case}");
                assert!(any, "case {case}: found a point brute force did not");
            }
            feasible += usize::from(any);
            found += usize::from(got.is_some());
        }
        assert!(feasible >= 50, "{feasible}");
        assert_eq!(found, feasible);
    }

    /// The 300 × 60 teams model with quotas of issue 9: a feasible point from the empty start.
    #[test]
    fn large_teams_model_with_quotas() {
        let (n, m) = (300, 60);
        let mut rng = Mix(11);
        let scores = ndarray::Array2::from_shape_fn((n, m), |_| {
            if rng.below(10) == 0 {
                f64::NEG_INFINITY
            } else {
                rng.below(1000) as f64 / 1000.0
            }
        });
        let schools: Vec<String> = (0..n).map(|i| format!("s{}", i % 8)).collect();
        let classes: Vec<String> = (0..n).map(|_| format!("c{}", rng.below(20))).collect();
        let cats: Vec<&str> = (0..n)
            .map(|_| if rng.below(5) == 0 { "p" } else { "r" })
            .collect();
        let groups: Vec<&str> = (0..m).map(|j| if j % 3 == 0 { "u" } else { "f" }).collect();
        let mut p = MipProblem::new(scores.view())
            .unwrap()
            .max_load(5)
            .min_load(1)
            .team_size(2, 2)
            .allow_unmatched(-0.5)
            .priority(&cats, &["p"])
            .class_limit(&classes, 2);
        for k in 0..8 {
            let name = format!("s{k}");
            let size = schools.iter().filter(|x| **x == name).count();
            p = p
                .quota(
                    Quota::new(format!("{name} matched"))
                        .mentees_labelled(&schools, &name)
                        .between(size * 7 / 10, size * 9 / 10),
                )
                .quota(
                    Quota::new(format!("{name} uni"))
                        .mentees_labelled(&schools, &name)
                        .mentors_labelled(&groups, "u")
                        .at_least(size / 8),
                );
        }
        let model = p.compile().unwrap();
        let x = feasible_start(&model, None, usize::MAX, None).unwrap();
        assert!(model.satisfies(&x, usize::MAX));
        // Deterministic.
        assert_eq!(feasible_start(&model, None, usize::MAX, None), Some(x));
    }
}
