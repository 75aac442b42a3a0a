//! The compiled assignment programme and its solve through the HiGHS driver ([`crate::lp`]):
//! single-row pre-check, LP shortcut, branch and cut, infeasibility diagnosis by family.

use std::collections::BTreeSet;
use std::time::Instant;

use ndarray::ArrayView2;

use super::{Assignment, SolveStatus};
use crate::error::{Error, Result};
use crate::lp::{LpModel, LpOptions, LpStatus};

/// One linear constraint `lo <= Σ coef·x <= hi`, tagged with its family.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) family: usize,
    pub(super) what: String,
    pub(super) coef: Vec<(usize, f64)>,
    pub(super) lo: f64,
    pub(super) hi: f64,
}

/// The compiled programme: variables (pairs, then unmatched flags), objective, rows.
#[derive(Debug)]
pub(super) struct Model<'a> {
    pub(super) n: usize,
    pub(super) m: usize,
    pub(super) pairs: Vec<(usize, usize)>,
    pub(super) cost: Vec<f64>,
    /// Lower bound of each variable (1 for required pairs), used by the bound pre-check only.
    pub(super) lower: Vec<f64>,
    pub(super) rows: Vec<Row>,
    pub(super) families: Vec<String>,
    pub(super) scores: ArrayView2<'a, f64>,
}

#[derive(Clone, Copy)]
pub(super) struct RunOptions {
    /// When `solve` started: the time limit is a budget for everything after it.
    pub(super) start: Instant,
    pub(super) time_limit: Option<f64>,
    pub(super) gap: Option<f64>,
    pub(super) lp_shortcut: bool,
}

/// What one HiGHS run returned.
pub(super) enum Raw {
    Infeasible,
    Stopped(LpStatus),
    Solved {
        x: Vec<f64>,
        status: LpStatus,
        gap: Option<f64>,
        /// HiGHS's bound on the objective (NaN when unknown).
        bound: f64,
    },
}

pub(super) fn no_solution_in_time(limit: Option<f64>) -> String {
    match limit {
        Some(t) => format!("time limit of {t} s reached before a feasible assignment was found"),
        None => "HiGHS stopped before finding a feasible assignment".to_string(),
    }
}

pub(super) enum Outcome {
    Solved { x: Vec<f64>, status: SolveStatus },
    Infeasible,
    NoSolution(String),
}

/// The assignment status for HiGHS's status of a branch-and-cut run that returned a point.
fn mip_status(status: LpStatus, gap: Option<f64>, asked: Option<f64>) -> SolveStatus {
    let proven = status == LpStatus::Optimal
        && (asked.unwrap_or(0.0) == 0.0 || gap.is_some_and(|g| g <= 1e-9));
    if proven {
        SolveStatus::Optimal
    } else if status == LpStatus::TimeLimit {
        SolveStatus::TimeLimit { gap }
    } else if status == LpStatus::Optimal {
        // HiGHS stopped at the requested relative gap.
        SolveStatus::GapLimit { gap }
    } else {
        SolveStatus::Feasible { gap }
    }
}

fn show(v: f64) -> String {
    if v.is_infinite() {
        "unbounded".to_string()
    } else {
        format!("{v}")
    }
}

impl Model<'_> {
    /// Bound check of each row alone: with every variable in `[lower, 1]`, can the row hold?
    pub(super) fn precheck(&self) -> Result<()> {
        for row in &self.rows {
            let (mut amin, mut amax) = (0.0, 0.0);
            for &(v, a) in &row.coef {
                let (l, u) = (self.lower[v], 1.0);
                if a >= 0.0 {
                    amin += a * l;
                    amax += a * u;
                } else {
                    amin += a * u;
                    amax += a * l;
                }
            }
            if amax < row.lo - 1e-9 || amin > row.hi + 1e-9 {
                let unit = row.coef.iter().all(|&(_, a)| a == 1.0);
                let why = match (amax < row.lo - 1e-9, unit) {
                    (true, true) => format!(
                        "needs at least {} pairs but only {amax} allowed pairs exist",
                        row.lo
                    ),
                    (false, true) => format!(
                        "allows at most {} pairs but {amin} required pairs fall in it",
                        row.hi
                    ),
                    _ => format!(
                        "must be in [{}, {}] but the allowed and required pairs only permit [{amin}, {amax}]",
                        show(row.lo),
                        show(row.hi)
                    ),
                };
                return Err(Error::infeasible(format!(
                    "{} [{}] {why}",
                    row.what, self.families[row.family]
                )));
            }
        }
        Ok(())
    }

    /// Solve with the rows of families `< n_families`; `objective == false` solves for
    /// feasibility only. The LP relaxation is solved first: when it is infeasible so is the
    /// programme, and when its optimal vertex is integral (always the case without side
    /// constraints, whose matrix is totally unimodular) it is an optimal assignment. Otherwise
    /// HiGHS' branch and cut solves the binary programme with the time left.
    pub(super) fn run(
        &self,
        n_families: usize,
        objective: bool,
        opts: &RunOptions,
    ) -> Result<Outcome> {
        let deadline = crate::lp::deadline_after(opts.start, opts.time_limit);
        let late = || deadline.is_some_and(|d| Instant::now() >= d);
        if late() {
            return Ok(Outcome::NoSolution(no_solution_in_time(opts.time_limit)));
        }
        let lp = self.lp_model();
        if let Some(d) = deadline {
            return self.run_limited(&lp, n_families, objective, opts, d);
        }
        if opts.lp_shortcut {
            match self.highs_run(&lp, n_families, objective, false, None, None, None)? {
                Raw::Infeasible => return Ok(Outcome::Infeasible),
                Raw::Solved {
                    x,
                    status: LpStatus::Optimal,
                    ..
                } => {
                    if let Some(x) = self.integral_solution(&x, n_families) {
                        return Ok(Outcome::Solved {
                            x,
                            status: SolveStatus::Optimal,
                        });
                    }
                }
                _ => {}
            }
        }
        match self.highs_run(&lp, n_families, objective, true, opts.gap, None, None)? {
            Raw::Infeasible => Ok(Outcome::Infeasible),
            Raw::Stopped(LpStatus::TimeLimit) => {
                Ok(Outcome::NoSolution(no_solution_in_time(opts.time_limit)))
            }
            Raw::Stopped(status) => Ok(Outcome::NoSolution(format!(
                "HiGHS stopped with status {status:?} and no feasible assignment"
            ))),
            Raw::Solved { x, status, gap, .. } => Ok(Outcome::Solved {
                x,
                status: mip_status(status, gap, opts.gap),
            }),
        }
    }

    /// [`run`](Self::run) under a deadline. The LP relaxation gets at most half of the time
    /// left: when it is infeasible so is the programme; when its optimum is integral (and the
    /// shortcut is on) that is an optimal assignment; otherwise its value is an upper bound
    /// and its rounded optimum the starting point of the local search of [`super::start`],
    /// which looks for a feasible assignment until the deadline. HiGHS's branch and cut then
    /// gets the time left, with that assignment as its incumbent. The better of HiGHS's answer
    /// and the start is returned, with the gap to the best known bound (HiGHS's, or the LP
    /// relaxation's when HiGHS had none).
    fn run_limited(
        &self,
        lp: &LpModel,
        n_families: usize,
        objective: bool,
        opts: &RunOptions,
        deadline: Instant,
    ) -> Result<Outcome> {
        let now = Instant::now();
        let lp_deadline = now + deadline.saturating_duration_since(now) / 2;
        let mut lp_bound = f64::NAN;
        let mut init = None;
        match self.highs_run(
            lp,
            n_families,
            objective,
            false,
            None,
            Some(lp_deadline),
            None,
        )? {
            Raw::Infeasible => return Ok(Outcome::Infeasible),
            Raw::Solved {
                x,
                status: LpStatus::Optimal,
                ..
            } => {
                if opts.lp_shortcut
                    && let Some(x) = self.integral_solution(&x, n_families)
                {
                    return Ok(Outcome::Solved {
                        x,
                        status: SolveStatus::Optimal,
                    });
                }
                if objective {
                    lp_bound = self.objective(&x);
                }
                init = Some(x);
            }
            _ => {}
        }
        let start = super::start::feasible_start(self, init.as_deref(), n_families, Some(deadline));
        crate::interrupt::check()?;
        let mip = if Instant::now() < deadline {
            let start = start.as_deref();
            Some(self.highs_run(
                lp,
                n_families,
                objective,
                true,
                opts.gap,
                Some(deadline),
                start,
            )?)
        } else {
            None
        };
        let best_bound = |b: f64| {
            [lp_bound, b]
                .into_iter()
                .filter(|v| v.is_finite())
                .fold(f64::INFINITY, f64::min)
        };
        let gap_to = |bound: f64, x: &[f64]| {
            let obj = self.objective(x);
            Some((bound - obj).max(0.0) / obj.abs().max(1e-300)).filter(|g| g.is_finite())
        };
        match (mip, start) {
            (
                Some(Raw::Solved {
                    x,
                    status,
                    gap,
                    bound,
                }),
                start,
            ) if start
                .as_ref()
                .is_none_or(|s| self.objective(&x) >= self.objective(s)) =>
            {
                let gap = if objective && status != LpStatus::Optimal {
                    // The LP relaxation's bound may be tighter than HiGHS's (which is trivial
                    // before HiGHS's own root LP is solved).
                    gap_to(best_bound(bound), &x).or(gap)
                } else {
                    gap
                };
                Ok(Outcome::Solved {
                    status: mip_status(status, gap, opts.gap),
                    x,
                })
            }
            (mip, Some(s)) => {
                let bound = match mip {
                    Some(Raw::Solved { bound, .. }) => bound,
                    _ => f64::NAN,
                };
                let gap = if objective {
                    gap_to(best_bound(bound), &s)
                } else {
                    None
                };
                Ok(Outcome::Solved {
                    x: s,
                    status: SolveStatus::TimeLimit { gap },
                })
            }
            (Some(Raw::Infeasible), None) => Ok(Outcome::Infeasible),
            (Some(Raw::Stopped(status)), None) if status != LpStatus::TimeLimit => {
                Ok(Outcome::NoSolution(format!(
                    "HiGHS stopped with status {status:?} and no feasible assignment"
                )))
            }
            (_, None) => Ok(Outcome::NoSolution(no_solution_in_time(opts.time_limit))),
        }
    }

    /// Round `x`; `Some` when every value is within 1e-6 of an integer and the rounded point
    /// satisfies every row of families `< n_families`.
    fn integral_solution(&self, x: &[f64], n_families: usize) -> Option<Vec<f64>> {
        let r: Vec<f64> = x.iter().map(|v| v.round()).collect();
        if x.iter().zip(&r).any(|(v, w)| (v - w).abs() > 1e-6) {
            return None;
        }
        self.satisfies(&r, n_families).then_some(r)
    }

    /// Whether the 0/1 point `x` satisfies every row of families `< n_families` and every
    /// required pair.
    pub(super) fn satisfies(&self, x: &[f64], n_families: usize) -> bool {
        x.len() == self.cost.len()
            && self.lower.iter().zip(x).all(|(l, v)| v >= l)
            && self
                .rows
                .iter()
                .filter(|row| row.family < n_families)
                .all(|row| {
                    let act: f64 = row.coef.iter().map(|&(v, a)| a * x[v]).sum();
                    act >= row.lo - 1e-9 && act <= row.hi + 1e-9
                })
    }

    /// The programme's objective at `x` (reject scores included).
    fn objective(&self, x: &[f64]) -> f64 {
        self.cost.iter().zip(x).map(|(c, v)| c * v).sum()
    }

    /// The programme as an [`LpModel`] (binary columns, rows by family).
    fn lp_model(&self) -> LpModel {
        let mut lp = LpModel::new();
        for &c in &self.cost {
            lp.add_binary(c);
        }
        for f in &self.families {
            lp.add_family(f.clone());
        }
        for row in &self.rows {
            if !row.coef.is_empty() {
                // An empty row holds: the pre-check passed.
                lp.add_row(row.family, row.what.clone(), &row.coef, row.lo, row.hi);
            }
        }
        lp
    }

    /// One HiGHS run (through [`crate::lp`]) on the LP relaxation (`integer == false`) or the
    /// binary programme. The driver rescales the objective, so tiny or huge scores are solved
    /// to the same relative precision, and the objective is recomputed from the solution.
    #[allow(clippy::too_many_arguments)] // one private call site per path; each is a knob
    fn highs_run(
        &self,
        lp: &LpModel,
        n_families: usize,
        objective: bool,
        integer: bool,
        gap: Option<f64>,
        deadline: Option<Instant>,
        start: Option<&[f64]>,
    ) -> Result<Raw> {
        let opts = LpOptions {
            deadline,
            gap: if integer { gap } else { None },
            integer,
            families: Some(n_families),
            objective,
            // HiGHS's presolve ignores the time limit (seconds over a 0.5 s limit on 300 x 60
            // teams with quotas): under a limit, the interruptible solve without it.
            presolve: deadline.is_none(),
        };
        let sol = lp.solve_with_start(&opts, start)?;
        match (sol.status, sol.x) {
            (LpStatus::Infeasible, _) => Ok(Raw::Infeasible),
            (status, Some(x)) => Ok(Raw::Solved {
                x,
                status,
                gap: sol.gap,
                bound: sol.bound,
            }),
            (status, None) => Ok(Raw::Stopped(status)),
        }
    }

    /// The chosen pairs; `total` sums their scores, the objective adds `reject` once per
    /// mentee whose "unmatched" flag (the columns after the pairs) is set.
    pub(super) fn assignment(
        &self,
        x: &[f64],
        status: SolveStatus,
        reject: Option<f64>,
    ) -> Assignment {
        let chosen: Vec<(usize, usize)> = self
            .pairs
            .iter()
            .zip(x)
            .filter(|&(_, &v)| v > 0.5)
            .map(|(&p, _)| p)
            .collect();
        let total: f64 = chosen.iter().map(|&(i, j)| self.scores[[i, j]]).sum();
        let unmatched = x
            .get(self.pairs.len()..)
            .map_or(0, |u| u.iter().filter(|&&v| v > 0.5).count());
        let objective = total + reject.map_or(0.0, |r| r * unmatched as f64);
        Assignment::from_solver(self.n, self.m, chosen, total, status).with_objective(objective)
    }

    /// HiGHS proved the full model infeasible: find the first family whose cumulative prefix is
    /// infeasible (prefix infeasibility is monotone), by bisection.
    pub(super) fn diagnose(&self, opts: &RunOptions) -> Error {
        let families_with_rows: Vec<usize> = self
            .rows
            .iter()
            .map(|r| r.family)
            .collect::<BTreeSet<usize>>()
            .into_iter()
            .collect();
        let generic = |extra: &str| {
            Error::infeasible(format!(
                "HiGHS proved that no assignment satisfies all constraints together ({}){extra}",
                self.families.join("; ")
            ))
        };
        // Invariant: prefix up to families_with_rows[hi] is infeasible; up to [lo - 1] feasible.
        let (mut lo, mut hi) = (0usize, families_with_rows.len().saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let opts = RunOptions {
                gap: None,
                lp_shortcut: true,
                ..*opts
            };
            match self.run(families_with_rows[mid] + 1, false, &opts) {
                Ok(Outcome::Infeasible) => hi = mid,
                Ok(Outcome::Solved { .. }) => lo = mid + 1,
                Err(e) if e.kind() == crate::ErrorKind::Interrupted => return e,
                Ok(Outcome::NoSolution(_)) if opts.time_limit.is_some() => {
                    return generic("; the time limit left no time to isolate the cause");
                }
                _ => return generic("; could not isolate the cause"),
            }
        }
        let Some(&culprit) = families_with_rows.get(lo) else {
            return generic("");
        };
        let before: Vec<&str> = families_with_rows[..lo]
            .iter()
            .map(|&f| self.families[f].as_str())
            .collect();
        if before.is_empty() {
            Error::infeasible(format!("{} cannot be met", self.families[culprit]))
        } else {
            Error::infeasible(format!(
                "{} cannot be met together with the constraints added before it ({})",
                self.families[culprit],
                before.join("; ")
            ))
        }
    }
}
