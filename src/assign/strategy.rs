//! Every solver behind one contract: [`Strategy`] and [`Strategy::solve`].
//!
//! # Problem
//! An analyst compares matching strategies on one cohort. Each solver has its own function and
//! options; a [`Strategy`] names one solver with its parameters, is written to and read from
//! JSON (`{"solver": "lap"}`, `{"solver": "random", "seed": 7}`), and solves a validated
//! [`Problem`] into a [`Solution`], so a comparison is reproducible from a file and compares
//! like with like: every strategy solves the *same* problem (same loads, team sizes, reject
//! score, forbidden and required pairs), or refuses with an error naming what it cannot honour.
//!
//! # Strategies
//! | `solver` | algorithm | supports | status |
//! |---|---|---|---|
//! | `lap` | Jonker–Volgenant, dense ([`solve_dense`]) | one-to-one, reject score, required | optimal |
//! | `sparse` | Jonker–Volgenant on candidate lists ([`solve_sparse`]) | as `lap` | optimal |
//! | `groups` | min-cost flow ([`solve_groups`]) | loads, team sizes, reject score | optimal |
//! | `peers` | blossom, one pool ([`solve_peers`]); square symmetric scores | forbidden, reject score (edges below it dropped) | optimal |
//! | `fair` | bottleneck / coverage then sum ([`solve_fair`]) | max loads, required (one-to-one), reject score (pairs below it forbidden) | optimal, or partial below full coverage |
//! | `mip` | HiGHS ([`MipProblem`]) | loads, uniform team size, reject score, required | optimal, time_limit, gap_limit |
//! | `stable` | deferred acceptance on the problem's stated [`Preferences`] | max loads, reject score (pairs below it unacceptable) | stable |
//! | `stable_from_scores` | deferred acceptance, both sides ranking by the scores | max loads, reject score, required (one-to-one) | stable |
//! | `greedy` | best pair first ([`solve_greedy`]) | as `lap` | feasible |
//! | `random` | seeded random maximal matching ([`solve_random`]) | as `lap` | feasible |
//! | `rematch` | re-matching after changes ([`rematch`]) | max loads, required (kept as fixed), reject score (as `lap`: no pair below it unless required) | optimal |
//!
//! "One-to-one" means `max_load` 1 and `team_size` 1 everywhere (the defaults) and no minimum
//! load. Required pairs are honoured by the one-to-one solvers exactly: the pair is fixed and
//! its mentee and mentor are removed from the rest of the problem.
//!
//! The reject score is the gain of an empty slot for the assignment solvers; for `stable`,
//! `fair`, `peers` and `rematch` it removes the pairs scoring below it (see [`crate::assign::reject`]
//! for each meaning and its reference).
//!
//! # Guarantees
//! * The solution satisfies every constraint of the problem (checked by the property tests).
//! * `total` is the sum of the chosen pairs' scores, recomputed from the problem; `objective` is
//!   what the solver optimised (`None` when it optimises no single number: stable, greedy,
//!   random, fair `max_min`/`coverage`); ids of the problem are carried into the assignment.
//! * The typed shortcuts ([`solve_dense`], [`solve_sparse`], [`solve_groups`], [`MipProblem`],
//!   [`solve_fair`], [`solve_greedy`], [`solve_random`]) report the same `total` and `objective`
//!   as `Strategy::solve` on the same problem (property-tested in `tests/assign_contract.rs`).
//! * Deterministic: same problem and strategy, same solution (seeds default to 0).
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Problem, Strategy};
//! let p = Problem::new(ndarray::array![[0.9, 0.8], [0.85, 0.1]])?;
//! let st: Strategy = serde_json::from_str(r#"{"solver": "lap"}"#).unwrap();
//! let best = st.solve(&p)?;
//! let greedy = Strategy::Greedy.solve(&p)?;
//! assert!(best.total() >= greedy.total());
//! assert_eq!(serde_json::to_string(&Strategy::Random { seed: 7 }).unwrap(),
//!            r#"{"solver":"random","seed":7}"#);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::str::FromStr;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::assign::blossom::{PeerObjective, PeerOptions, solve_peers};
use crate::assign::fair::{Objective, solve_fair};
use crate::assign::flow::{GroupOptions, solve_groups};
use crate::assign::incremental::{RematchOptions, rematch};
use crate::assign::lap::{LapOptions, solve_dense};
#[cfg(feature = "highs")]
use crate::assign::mip::MipProblem;
use crate::assign::reject::{masked_scores, truncated_preferences};
use crate::assign::sparse::solve_sparse;
use crate::assign::stable::{Proposer, StableOptions, stable_matching};
use crate::assign::{
    Assignment, Problem, Scores, Solution, SolveStatus, solve_greedy, solve_random,
};
use crate::error::{Error, Result};
use crate::preferences::{Acceptability, Preferences};

/// One solver with its parameters; see the [module documentation](self).
///
/// Serialised with the solver's name in the field `solver`; omitted parameters take their
/// defaults (seeds 0, proposer mentees, objectives as in each solver), unknown fields are
/// rejected.
///
/// ```
/// use nastavnik::assign::Strategy;
/// let s: Strategy = serde_json::from_str(r#"{"solver": "mip", "time_limit": 5.0}"#).unwrap();
/// assert_eq!(s, Strategy::Mip { time_limit: Some(5.0), gap: None, lp_shortcut: true });
/// assert!(serde_json::from_str::<Strategy>(r#"{"solver": "random", "sed": 1}"#).is_err());
/// // parameterless solvers: unknown fields are caught by `from_json`
/// assert!(Strategy::from_json(r#"{"solver": "lap", "seed": 1}"#).is_err());
/// assert_eq!(Strategy::all_names().len(), 11);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "solver",
    rename_all = "snake_case",
    deny_unknown_fields
)]
#[non_exhaustive]
pub enum Strategy {
    /// Optimal one-to-one assignment on dense scores (Jonker–Volgenant).
    Lap,
    /// Optimal one-to-one assignment on sparse candidate lists.
    Sparse,
    /// Optimal capacitated assignment with loads and team sizes (min-cost flow).
    Groups,
    /// Optimal pairs inside one pool (blossom); the scores must be square and symmetric.
    Peers {
        /// Maximum weight, or maximum cardinality first.
        #[serde(default)]
        objective: PeerObjective,
    },
    /// Fair objectives: max-min then sum, coverage then sum, or the plain sum.
    Fair {
        /// Which objective.
        #[serde(default)]
        objective: Objective,
    },
    /// Mixed-integer programme (HiGHS); needs the `highs` feature.
    Mip {
        /// Wall-clock budget in seconds.
        #[serde(default)]
        time_limit: Option<f64>,
        /// Relative optimality gap at which to stop.
        #[serde(default)]
        gap: Option<f64>,
        /// Solve the LP relaxation first (see [`MipProblem::lp_shortcut`]).
        #[serde(default = "yes")]
        lp_shortcut: bool,
    },
    /// Stable matching on the problem's stated preferences (deferred acceptance).
    Stable {
        /// Proposing side.
        #[serde(default)]
        proposer: Proposer,
        /// Tie-breaking seed.
        #[serde(default)]
        seed: u64,
    },
    /// Stable matching where both sides rank by the problem's scores.
    StableFromScores {
        /// Proposing side.
        #[serde(default)]
        proposer: Proposer,
        /// Tie-breaking seed.
        #[serde(default)]
        seed: u64,
        /// Which pairs are acceptable (finite scores on both sides for `mutual`).
        #[serde(default)]
        acceptability: Acceptability,
    },
    /// Greedy baseline: best remaining pair first.
    Greedy,
    /// Seeded random maximal matching (baseline).
    Random {
        /// Seed of the shuffle.
        #[serde(default)]
        seed: u64,
    },
    /// Re-matching after changes, keeping previous pairs where possible.
    Rematch {
        /// Previous mentor (column) of each mentee, `None` when none.
        previous: Vec<Option<usize>>,
        /// Gain per kept pair; `None`: keep as many as possible first.
        #[serde(default)]
        keep_bonus: Option<f64>,
    },
}
crate::suggest::tagged_serde!(Strategy, "solver", "strategy");

fn yes() -> bool {
    true
}

/// Dispatch on dense scores of either precision (candidates are densified with a checked
/// allocation); `$s` is bound to an `ArrayView2` of the scores' own element type.
macro_rules! with_dense {
    ($p:expr, |$s:ident| $body:expr) => {
        match $p.scores() {
            Scores::F64(a) => {
                let $s = a.view();
                $body
            }
            Scores::F32(a) => {
                let $s = a.view();
                $body
            }
            Scores::Sparse(_) => {
                let d = $p.dense_f64()?;
                let $s = d.view();
                $body
            }
        }
    };
}

impl Strategy {
    /// The names of every strategy (the JSON `solver` values).
    ///
    /// ```
    /// assert!(nastavnik::assign::Strategy::all_names().contains(&"stable_from_scores"));
    /// ```
    pub fn all_names() -> &'static [&'static str] {
        &[
            "lap",
            "sparse",
            "groups",
            "peers",
            "fair",
            "mip",
            "stable",
            "stable_from_scores",
            "greedy",
            "random",
            "rematch",
        ]
    }

    /// The solver's name (the JSON `solver` value).
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::Strategy::Greedy.name(), "greedy");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::Lap => "lap",
            Self::Sparse => "sparse",
            Self::Groups => "groups",
            Self::Peers { .. } => "peers",
            Self::Fair { .. } => "fair",
            Self::Mip { .. } => "mip",
            Self::Stable { .. } => "stable",
            Self::StableFromScores { .. } => "stable_from_scores",
            Self::Greedy => "greedy",
            Self::Random { .. } => "random",
            Self::Rematch { .. } => "rematch",
        }
    }

    /// Read a strategy from JSON.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the unknown solver, field or bad value.
    ///
    /// ```
    /// use nastavnik::assign::Strategy;
    /// assert_eq!(Strategy::from_json(r#"{"solver":"greedy"}"#).unwrap(), Strategy::Greedy);
    /// assert!(Strategy::from_json(r#"{"solver":"magic"}"#).unwrap_err().to_string().contains("magic"));
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        let parse = |e: serde_json::Error| Error::Parse {
            what: "strategy JSON".into(),
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(json).map_err(parse)?;
        let st: Self = serde_json::from_value(value.clone()).map_err(parse)?;
        if let Some(obj) = value.as_object()
            && matches!(st, Self::Lap | Self::Sparse | Self::Groups | Self::Greedy)
            && obj.len() > 1
        {
            let extra: Vec<&str> = obj
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "solver")
                .collect();
            return Err(Error::Parse {
                what: "strategy JSON".into(),
                message: format!("solver {:?} takes no parameters, got {extra:?}", st.name()),
            });
        }
        Ok(st)
    }

    /// Write a strategy as JSON.
    ///
    /// ```
    /// use nastavnik::assign::Strategy;
    /// let s = Strategy::Random { seed: 3 };
    /// assert_eq!(Strategy::from_json(&s.to_json()).unwrap(), s);
    /// ```
    pub fn to_json(&self) -> String {
        // Serialising a plain enum of numbers, strings and options cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    fn unsupported(&self, what: &str, hint: &str) -> Error {
        Error::invalid(
            "strategy",
            format!("solver {:?} does not support {what}; {hint}", self.name()),
        )
    }

    /// Refuse problems this strategy cannot solve exactly as stated.
    fn check_supported(&self, p: &Problem) -> Result<()> {
        let one_to_one = p.is_one_to_one() && !p.has_min_load();
        let uniform_team = p.team_size().windows(2).all(|w| w[0] == w[1]);
        let teams_one = p.team_size().iter().all(|&t| t == 1);
        let hint = "use \"groups\" or \"mip\"";
        match self {
            Self::Lap | Self::Sparse | Self::Greedy | Self::Random { .. } => {
                if !one_to_one {
                    return Err(self.unsupported("loads or team sizes (it is one-to-one)", hint));
                }
            }
            Self::Groups => {
                if !p.required().is_empty() {
                    return Err(self.unsupported("required pairs", "use \"mip\" or \"rematch\""));
                }
            }
            Self::Peers { .. } => {
                if p.shape().0 != p.shape().1 {
                    return Err(Error::shape(
                        "peer scores",
                        "a square matrix (one pool)",
                        format!("{} x {}", p.shape().0, p.shape().1),
                    ));
                }
                if !one_to_one || !p.required().is_empty() {
                    return Err(self.unsupported(
                        "loads, team sizes or required pairs",
                        "state a plain peer problem",
                    ));
                }
            }
            Self::Fair { .. } => {
                if !teams_one || p.has_min_load() {
                    return Err(self.unsupported("team sizes or minimum loads", hint));
                }
                if !p.required().is_empty() && !one_to_one {
                    return Err(self.unsupported("required pairs with loads", "use \"mip\""));
                }
            }
            Self::Mip { .. } => {
                if !uniform_team {
                    return Err(
                        self.unsupported("different team sizes per mentee", "use \"groups\"")
                    );
                }
                if !teams_one && p.reject_score().is_some() {
                    return Err(
                        self.unsupported("a reject score with team sizes", "use \"groups\"")
                    );
                }
            }
            Self::Stable { .. } | Self::StableFromScores { .. } => {
                if !teams_one || p.has_min_load() {
                    return Err(self.unsupported("team sizes or minimum loads", hint));
                }
                if matches!(self, Self::Stable { .. }) {
                    if p.preferences().is_none() {
                        return Err(self.unsupported(
                            "a problem without stated preferences",
                            "attach them with Problem::with_preferences or use \"stable_from_scores\"",
                        ));
                    }
                    if !p.required().is_empty() {
                        return Err(
                            self.unsupported("required pairs", "use \"stable_from_scores\"")
                        );
                    }
                } else if !p.required().is_empty() && !one_to_one {
                    return Err(self.unsupported("required pairs with loads", "use \"mip\""));
                }
            }
            Self::Rematch { previous, .. } => {
                if !teams_one || p.has_min_load() {
                    return Err(self.unsupported("team sizes or minimum loads", hint));
                }
                if previous.len() != p.shape().0 {
                    return Err(Error::shape(
                        "rematch previous",
                        format!("{} (one per mentee)", p.shape().0),
                        previous.len(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Solve `problem` with this strategy.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming what the strategy cannot honour (e.g. loads for the
    /// one-to-one `lap`), [`Error::ShapeMismatch`] for peers on a non-square problem, and every
    /// error of the underlying solver ([`Error::Infeasible`] naming the row or constraint...).
    ///
    /// ```
    /// use nastavnik::assign::{Problem, Strategy};
    /// let p = Problem::new(ndarray::array![[1.0, 2.0], [3.0, 1.0]])?.with_required(vec![(0, 0)])?;
    /// let s = Strategy::Lap.solve(&p)?;
    /// assert_eq!(s.pairs(), &[(0, 0), (1, 1)]);
    /// let e = Strategy::Lap.solve(&p.with_max_load(vec![2, 2])?).unwrap_err();
    /// assert!(e.to_string().contains("one-to-one"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn solve(&self, problem: &Problem) -> Result<Solution> {
        self.check_supported(problem)?;
        let one_to_one_reduction = !problem.required().is_empty()
            && matches!(
                self,
                Self::Lap
                    | Self::Sparse
                    | Self::Greedy
                    | Self::Random { .. }
                    | Self::Fair { .. }
                    | Self::StableFromScores { .. }
            );
        let a = if one_to_one_reduction {
            self.solve_fixing_required(problem)?
        } else {
            self.solve_raw(problem)?
        };
        let total = if problem.is_scored() {
            problem.total_of(a.pairs())
        } else {
            f64::NAN
        };
        // one reject gain per empty team slot (the MIP takes a reject score with teams of
        // one only, where a slot is a mentee)
        let objective = self.uses_objective().then(|| {
            let slots: usize = problem.team_size().iter().map(|&t| t as usize).sum();
            let empty = slots - a.n_pairs().min(slots);
            // rematch with a keep bonus also counts `b` per kept previous pair
            let kept = match self {
                Self::Rematch {
                    previous,
                    keep_bonus: Some(b),
                } => {
                    let n_kept = a
                        .pairs()
                        .iter()
                        .filter(|&&(i, j)| previous.get(i).copied().flatten() == Some(j))
                        .count();
                    b * n_kept as f64
                }
                _ => 0.0,
            };
            total + kept + problem.reject_score().map_or(0.0, |r| r * empty as f64)
        });
        let status = self.refine_status(problem, &a);
        let (n, m) = problem.shape();
        let mut a = Assignment::new(n, m, a.pairs().to_vec(), total, status)?;
        if let Some(o) = objective {
            a = a.with_objective(o);
        }
        let a = if matches!(self, Self::Peers { .. }) {
            let ids = problem.mentee_ids().map(<[String]>::to_vec);
            a.set_ids(ids.clone(), ids)?
        } else {
            a.set_ids(
                problem.mentee_ids().map(<[String]>::to_vec),
                problem.mentor_ids().map(<[String]>::to_vec),
            )?
        };
        Ok(Solution::new(a, objective, self.clone()))
    }

    fn refine_status(&self, p: &Problem, a: &Assignment) -> SolveStatus {
        match (self, a.status()) {
            (
                Self::Mip {
                    time_limit, gap, ..
                },
                SolveStatus::Feasible { gap: g },
            ) => {
                if let (Some(limit), Some(got)) = (gap, g)
                    && got <= *limit
                {
                    SolveStatus::GapLimit { gap: g }
                } else if time_limit.is_some() {
                    SolveStatus::TimeLimit { gap: g }
                } else {
                    SolveStatus::Feasible { gap: g }
                }
            }
            (Self::Fair { objective }, s) if *objective != Objective::MaxSum => {
                let cap: u64 = p.max_load().iter().map(|&c| u64::from(c)).sum();
                let full = (p.shape().0 as u64).min(cap);
                if (a.n_matched() as u64) < full {
                    SolveStatus::Partial
                } else {
                    s
                }
            }
            (_, s) => s,
        }
    }

    /// One-to-one solvers with required pairs: fix each required pair and solve the problem
    /// without its mentee and mentor (exact for one-to-one problems).
    fn solve_fixing_required(&self, p: &Problem) -> Result<Assignment> {
        let (n, m) = p.shape();
        let req = p.required();
        let mut row_used = vec![false; n];
        let mut col_used = vec![false; m];
        for &(i, j) in req {
            if row_used[i] || col_used[j] {
                return Err(Error::Infeasible {
                    message: format!(
                        "required pairs give mentee {} or mentor {} two partners in a one-to-one problem",
                        p.mentee_label(i),
                        p.mentor_label(j)
                    ),
                });
            }
            row_used[i] = true;
            col_used[j] = true;
        }
        let rows: Vec<usize> = (0..n).filter(|&i| !row_used[i]).collect();
        let cols: Vec<usize> = (0..m).filter(|&j| !col_used[j]).collect();
        let mut pairs = req.to_vec();
        if !rows.is_empty() && !cols.is_empty() {
            let full = p.dense_f64()?;
            let sub =
                Array2::from_shape_fn((rows.len(), cols.len()), |(a, b)| full[[rows[a], cols[b]]]);
            let mut sp = Problem::new(sub)?;
            if let Some(r) = p.reject_score() {
                sp = sp.with_reject_score(r)?;
            }
            let a = self.solve_raw(&sp)?;
            pairs.extend(a.pairs().iter().map(|&(i, j)| (rows[i], cols[j])));
        }
        let status = match self {
            Self::Greedy | Self::Random { .. } => SolveStatus::Feasible { gap: None },
            Self::StableFromScores { .. } => SolveStatus::Stable,
            _ => SolveStatus::Optimal,
        };
        Assignment::new(n, m, pairs, f64::NAN, status)
    }

    /// Min-cost flow; when the mentors have less room than the mentees need (and no reject
    /// score), the flow runs on the transposed problem so that every mentor is filled.
    fn solve_groups(&self, p: &Problem) -> Result<Assignment> {
        let (n, m) = p.shape();
        let a = if capacity_short(p) {
            let opts = GroupOptions {
                min_load: Vec::new(),
                max_load: p.team_size(),
                team_size: p.max_load(),
                reject_score: None,
            };
            let t = with_dense!(p, |s| solve_groups(s.t(), &opts))?;
            let pairs = t.pairs().iter().map(|&(j, i)| (i, j)).collect();
            Assignment::new(n, m, pairs, t.total(), t.status())?
        } else {
            let opts = GroupOptions {
                min_load: p.min_load(),
                max_load: p.max_load(),
                team_size: p.team_size(),
                reject_score: p.reject_score(),
            };
            with_dense!(p, |s| solve_groups(s, &opts))?
        };
        Ok(a)
    }

    /// Whether the solver optimises one number (`objective`); the lexicographic fair
    /// objectives (worst pair or coverage first) do not.
    fn uses_objective(&self) -> bool {
        match self {
            Self::Greedy
            | Self::Random { .. }
            | Self::Stable { .. }
            | Self::StableFromScores { .. } => false,
            Self::Fair { objective } => *objective == Objective::MaxSum,
            // without a keep bonus: most kept pairs, then the total (lexicographic)
            Self::Rematch { keep_bonus, .. } => keep_bonus.is_some(),
            _ => true,
        }
    }

    /// Run the solver on the problem as stated (required pairs handled by the caller unless the
    /// solver supports them natively).
    fn solve_raw(&self, p: &Problem) -> Result<Assignment> {
        let lap = LapOptions {
            reject_score: p.reject_score(),
        };
        let a = match self {
            Self::Lap => with_dense!(p, |s| solve_dense(s, &lap))?,
            Self::Sparse => match p.scores() {
                Scores::Sparse(c) => solve_sparse(c, &lap)?,
                _ => solve_sparse(&p.candidates()?, &lap)?,
            },
            Self::Greedy => with_dense!(p, |s| solve_greedy(s, &lap))?,
            Self::Random { seed } => with_dense!(p, |s| solve_random(s, &lap, *seed))?,
            Self::Groups => return self.solve_groups(p),
            Self::Peers { objective } => {
                let opts = PeerOptions {
                    objective: *objective,
                    reject_below: p.reject_score(),
                };
                let pm = with_dense!(p, |s| solve_peers(s, &opts))?;
                let n = p.shape().0;
                let a = Assignment::new(n, n, pm.pairs(), pm.total(), pm.status())?;
                return Ok(a);
            }
            Self::Fair { objective } => {
                if *objective == Objective::MaxSum && !p.is_one_to_one() {
                    return Self::Groups.solve_groups(p);
                }
                if *objective == Objective::MaxSum && p.reject_score().is_some() {
                    return Self::Lap.solve_raw(p); // the plain problem, reject score as a gain
                }
                let max = p.max_load();
                let loads = (!p.is_one_to_one()).then_some(max.as_slice());
                match masked_scores(p)? {
                    Some(s) => solve_fair(s.view(), loads, *objective)?,
                    None => with_dense!(p, |s| solve_fair(s, loads, *objective))?,
                }
            }
            #[cfg(feature = "highs")]
            Self::Mip {
                time_limit,
                gap,
                lp_shortcut,
            } => {
                let s = p.dense_f64()?;
                let to_usize = |v: Vec<u32>| v.into_iter().map(|x| x as usize).collect::<Vec<_>>();
                let t = p.team_size().first().copied().unwrap_or(1) as usize;
                let (lo, min_load) = if capacity_short(p) {
                    (0, p.max_load()) // every mentor filled, teams at most t
                } else {
                    (t, p.min_load())
                };
                let mut mip = MipProblem::new(s.view())?
                    .max_loads(&to_usize(p.max_load()))
                    .min_loads(&to_usize(min_load))
                    .team_size(lo, t)
                    .lp_shortcut(*lp_shortcut);
                if let Some(r) = p.reject_score() {
                    mip = mip.allow_unmatched(r);
                }
                for &(i, j) in p.required() {
                    mip = mip.require(i, j);
                }
                if let Some(tl) = time_limit {
                    mip = mip.time_limit(*tl);
                }
                if let Some(g) = gap {
                    mip = mip.gap(*g);
                }
                mip.solve()?
            }
            #[cfg(not(feature = "highs"))]
            Self::Mip { .. } => {
                return Err(self.unsupported("anything", "build with the `highs` feature"));
            }
            Self::Stable { proposer, seed } => {
                let prefs = p.preferences().ok_or_else(|| {
                    self.unsupported("a problem without stated preferences", "attach them")
                })?;
                let opts = StableOptions {
                    proposer: *proposer,
                    seed: *seed,
                };
                match truncated_preferences(p, prefs)? {
                    Some(t) => stable_matching(&t, &p.max_load(), &opts)?,
                    None => stable_matching(prefs, &p.max_load(), &opts)?,
                }
            }
            Self::StableFromScores {
                proposer,
                seed,
                acceptability,
            } => {
                let mut s = p.dense_f64()?;
                if let Some(r) = p.reject_score() {
                    s.mapv_inplace(|v| if v < r { f64::NEG_INFINITY } else { v });
                }
                let prefs = Preferences::from_scores(s.view(), s.view(), *acceptability)?;
                let opts = StableOptions {
                    proposer: *proposer,
                    seed: *seed,
                };
                stable_matching(&prefs, &p.max_load(), &opts)?
            }
            Self::Rematch {
                previous,
                keep_bonus,
            } => {
                let opts = RematchOptions {
                    previous: previous.clone(),
                    required: p.required().to_vec(),
                    forbidden: Vec::new(),
                    keep_bonus: *keep_bonus,
                    max_load: (!p.is_one_to_one()).then(|| p.max_load()),
                };
                match masked_scores(p)? {
                    Some(s) => rematch(s.view(), &opts)?.0,
                    None => with_dense!(p, |s| rematch(s, &opts))?.0,
                }
            }
        };
        Ok(a)
    }
}

/// Without a reject score the side with less room is filled completely: every mentee gets its
/// team when the mentors' maximum loads cover the demand, otherwise every mentor is filled.
fn capacity_short(p: &Problem) -> bool {
    let demand: u64 = p.team_size().iter().map(|&t| u64::from(t)).sum();
    let room: u64 = p.max_load().iter().map(|&c| u64::from(c)).sum();
    p.reject_score().is_none() && room < demand
}

impl FromStr for Strategy {
    type Err = Error;

    /// A strategy from its solver name with default parameters (`"rematch"` needs the
    /// previous pairs and is only read from JSON).
    ///
    /// ```
    /// use nastavnik::assign::Strategy;
    /// assert_eq!("greedy".parse::<Strategy>().unwrap(), Strategy::Greedy);
    /// assert!("rematch".parse::<Strategy>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        if s == "rematch" {
            return Err(Error::invalid(
                "strategy",
                "\"rematch\" needs the previous pairs; give it as JSON",
            ));
        }
        if !Self::all_names().contains(&s) {
            return Err(Error::invalid(
                "strategy",
                format!(
                    "{s:?} is not one of {}",
                    Self::all_names()
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Self::from_json(&format!("{{\"solver\":\"{s}\"}}"))
    }
}
