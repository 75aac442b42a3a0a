//! The standing-slot scheduler: one weekly slot (and a room when in person) per pair or group.
//!
//! # Problem
//! Given a [`StandingProblem`] (grid, people with availability and preferences, units, rooms),
//! choose for each unit at most one *placement*: a start slot and a mode, such that
//!
//! * every member is available for the whole meeting in that mode, inside one day, and the
//!   mode is allowed by the unit ([`Mode::Either`] units may meet either way);
//! * nobody is in two meetings at once;
//! * every in-person meeting gets its own room with enough seats, open for the whole meeting;
//! * units with a member without consent are never placed.
//!
//! The solver maximises **lexicographically**: first the number of placed units, then the soft
//! objective
//!
//! `Σ_placed (Σ_members preference(member, start) + in_person_weight · [in person])`
//! `− spread_weight · Σ_{person, day} max(0, meetings of the person starting that day − 1)`.
//!
//! [`breakdown`](crate::schedule::breakdown) splits it into its terms. Every unplaced unit gets
//! a [`Reason`].
//!
//! # Algorithm
//! 1. Options: every (start, mode) feasible for the unit alone (see `options.rs`; the room test
//!    reads a table of the largest room open per duration and start).
//! 2. **Proof without the MIP** (unless [`Method::Heuristic`]): the heuristic (`heuristic.rs`)
//!    schedules every unit; then the *room-free relaxation* (`relax.rs`) splits into the
//!    components of units sharing a person, each solved exactly in parallel (rayon) by a branch
//!    and bound that starts from the heuristic's schedule. When no component can beat it, the
//!    heuristic's schedule reaches an upper bound and is optimal; when some can, their optima
//!    replace it if the result still satisfies the rooms (Hall's condition per slot, then the
//!    room assignment). Either way the status is [`SolveStatus::Optimal`] with a proof, and
//!    [`StandingSolution::upper_bound`] holds the bound. Otherwise (rooms bind, a component is
//!    too large for the node budget, or the deadline) the MIP path decides:
//! 3. **Decomposition**: the conflict graph (petgraph) has the units as nodes and an edge
//!    between units sharing a person; when the rooms can bind at all (some slot has more
//!    possible in-person meetings of size `≥ z` than rooms of `≥ z` seats), all units with an
//!    in-person option are joined too. Its connected components are independent problems.
//! 4. Each component is solved in parallel (rayon, a local pool of `threads` threads): a
//!    single unit takes its best option; otherwise the heuristic runs first,
//!    then, unless [`Method::Heuristic`], the exact MIP (`mip.rs`, aggregated Hall rows for the
//!    rooms, through [`crate::lp`]) with the time left. The MIP answer replaces the heuristic's
//!    when it is at least as good.
//! 5. Components are merged in unit order (deterministic on any thread count), rooms are
//!    assigned (`rooms.rs`), reasons computed ([`crate::schedule::reasons`]).
//!
//! # Guarantees
//! * The schedule always satisfies every hard rule above (checked again in the tests by an
//!   independent checker); the solver never fails on over-constrained input.
//! * With [`Method::Exact`] or [`Method::Auto`] and no time limit, the status is
//!   [`SolveStatus::Optimal`]: lexicographically optimal for single-slot meetings (Hall rows are
//!   exact there). With a time limit that expires, the best solution found is returned with
//!   status [`SolveStatus::Feasible`] and the gap of the MIP objective.
//! * Deterministic for a given input, options and thread count-independent.
//!
//! # Complexity
//! Options: `O(U · S · (|u| · d + R))`. The heuristic is polynomial (see its module); the MIP is
//! NP-hard in general but its relaxation is tight on these models.
//!
//! # Examples
//! ```
//! use nastavnik::availability::Grid;
//! use nastavnik::schedule::{Person, Room, StandingOptions, StandingProblem, Unit, solve_standing};
//! let grid = Grid::new(1, 15 * 60, 60, 2)?;          // Monday 15:00 and 16:00
//! let people = vec![
//!     Person::new("t").with_preferred(0, 1.0),
//!     Person::new("a"),
//!     Person::new("b"),
//! ];
//! let units = vec![Unit::new("t+a", ["t", "a"]), Unit::new("t+b", ["t", "b"])];
//! let p = StandingProblem::new(grid, people, units, vec![Room::new("101", 4)])?;
//! let s = solve_standing(&p, &StandingOptions::default())?;
//! assert_eq!(s.n_scheduled(), 2);
//! assert_ne!(s.placement(0).unwrap().slot, s.placement(1).unwrap().slot);
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub(crate) mod decompose;
pub(crate) mod heuristic;
#[cfg(feature = "highs")]
pub(crate) mod mip;
pub(crate) mod options;
pub(crate) mod relax;
pub(crate) mod rooms;

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::assign::SolveStatus;
use crate::cohort::Mode;
use crate::error::{Error, Result};
use crate::schedule::reasons::{Reason, diagnose};
use crate::schedule::units::StandingProblem;
use options::{Opt, State};

/// Which solver to run per component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// Heuristic, then the exact MIP with the time left (the default).
    #[default]
    Auto,
    /// The exact MIP (after the heuristic, whose answer is kept if the MIP finds nothing).
    Exact,
    /// The heuristic only.
    Heuristic,
}

impl std::str::FromStr for Method {
    type Err = Error;
    /// `auto`, `exact` (or `mip`), `heuristic`.
    ///
    /// ```
    /// use nastavnik::schedule::Method;
    /// assert_eq!("mip".parse::<Method>().unwrap(), Method::Exact);
    /// assert!("fast".parse::<Method>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "auto" => Ok(Method::Auto),
            "exact" | "mip" => Ok(Method::Exact),
            "heuristic" | "greedy" => Ok(Method::Heuristic),
            other => Err(Error::invalid(
                "method",
                format!("{other:?} (expected auto, exact or heuristic)"),
            )),
        }
    }
}

/// Options of [`solve_standing`].
///
/// ```
/// use nastavnik::schedule::{Method, StandingOptions};
/// let o = StandingOptions::default().with_method(Method::Heuristic).with_threads(2);
/// assert_eq!(o.threads, Some(2));
/// assert_eq!(o.spread_weight, 0.1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StandingOptions {
    /// Solver per component.
    pub method: Method,
    /// Wall-clock budget in seconds for the whole call.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop (default: prove optimality).
    pub gap: Option<f64>,
    /// Threads for the components (default: rayon's global count).
    pub threads: Option<usize>,
    /// Penalty per meeting beyond the first of a person on one day (default 0.1).
    pub spread_weight: f64,
    /// Bonus of an in-person meeting (default 0).
    pub in_person_weight: f64,
}

impl Default for StandingOptions {
    fn default() -> Self {
        StandingOptions {
            method: Method::Auto,
            time_limit: None,
            gap: None,
            threads: None,
            spread_weight: 0.1,
            in_person_weight: 0.0,
        }
    }
}

impl StandingOptions {
    /// Set the method.
    ///
    /// ```
    /// use nastavnik::schedule::{Method, StandingOptions};
    /// assert_eq!(StandingOptions::default().with_method(Method::Exact).method, Method::Exact);
    /// ```
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Set the time limit in seconds.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::StandingOptions::default().with_time_limit(1.5).time_limit, Some(1.5));
    /// ```
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = Some(seconds);
        self
    }

    /// Set the relative gap.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::StandingOptions::default().with_gap(0.01).gap, Some(0.01));
    /// ```
    pub fn with_gap(mut self, gap: f64) -> Self {
        self.gap = Some(gap);
        self
    }

    /// Set the thread count.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::StandingOptions::default().with_threads(1).threads, Some(1));
    /// ```
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Set the spread weight.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::StandingOptions::default().with_spread_weight(0.0).spread_weight, 0.0);
    /// ```
    pub fn with_spread_weight(mut self, w: f64) -> Self {
        self.spread_weight = w;
        self
    }

    /// Set the in-person weight.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::StandingOptions::default().with_in_person_weight(0.5).in_person_weight, 0.5);
    /// ```
    pub fn with_in_person_weight(mut self, w: f64) -> Self {
        self.in_person_weight = w;
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        crate::lp::check_limits(self.time_limit, self.gap, "gap")?;
        if let Some(n) = self.threads
            && (n == 0 || n > crate::parallel::MAX_THREADS)
        {
            return Err(Error::invalid(
                "threads",
                format!("must lie in [1, {}], got {n}", crate::parallel::MAX_THREADS),
            ));
        }
        if !(self.spread_weight >= 0.0 && self.spread_weight.is_finite()) {
            return Err(Error::invalid(
                "spread weight",
                format!("must be finite and >= 0, got {}", self.spread_weight),
            ));
        }
        if !self.in_person_weight.is_finite() {
            return Err(Error::invalid(
                "in-person weight",
                format!("must be finite, got {}", self.in_person_weight),
            ));
        }
        Ok(())
    }
}

/// Where and how one unit meets every week.
///
/// ```
/// # use nastavnik::{availability::Grid, schedule::*};
/// # let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a")], vec![Unit::new("u", ["a"])], vec![])?;
/// let s = solve_standing(&p, &StandingOptions::default())?;
/// let pl = s.placement(0).unwrap();
/// assert_eq!((pl.day, pl.start_minute, pl.room.as_deref()), (0, 8 * 60, None));
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Placement {
    /// Unit index (input order).
    pub unit: usize,
    /// Unit id.
    pub unit_id: String,
    /// Start slot of the grid.
    pub slot: usize,
    /// Weekday, 0 = Monday.
    pub day: usize,
    /// Start minute of the day.
    pub start_minute: u16,
    /// Length in grid slots.
    pub duration: u16,
    /// Length in minutes.
    pub minutes: u32,
    /// [`Mode::InPerson`] or [`Mode::Online`].
    pub mode: Mode,
    /// Room id (in person only).
    pub room: Option<String>,
    /// Room index (in person only).
    pub room_index: Option<usize>,
}

/// The weekly schedule: a placement or a reason for every unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StandingSolution {
    placements: Vec<Option<Placement>>,
    reasons: Vec<Option<Reason>>,
    objective: f64,
    status: SolveStatus,
    n_components: usize,
    options: StandingOptions,
    #[serde(default)]
    upper_bound: Option<(usize, f64)>,
}

impl StandingSolution {
    /// The placement of unit `u` (`None` when unscheduled or out of range).
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a")], vec![Unit::new("u", ["a"])], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default())?;
    /// assert!(s.placement(0).is_some() && s.placement(1).is_none());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn placement(&self, u: usize) -> Option<&Placement> {
        self.placements.get(u).and_then(Option::as_ref)
    }

    /// Placements of all units (input order).
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert!(solve_standing(&p, &StandingOptions::default())?.placements().is_empty());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn placements(&self) -> &[Option<Placement>] {
        &self.placements
    }

    /// The reason unit `u` is unscheduled (`None` when scheduled).
    ///
    /// ```
    /// # use nastavnik::{availability::*, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(),
    ///     vec![Person::new("a").with_availability(Availability::never())],
    ///     vec![Unit::new("u", ["a"])], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default())?;
    /// assert_eq!(s.reason(0).unwrap().code, ReasonCode::NoCommonSlot);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn reason(&self, u: usize) -> Option<&Reason> {
        self.reasons.get(u).and_then(Option::as_ref)
    }

    /// `(unit index, reason)` of every unscheduled unit.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert_eq!(solve_standing(&p, &StandingOptions::default())?.unscheduled().count(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn unscheduled(&self) -> impl Iterator<Item = (usize, &Reason)> {
        self.reasons
            .iter()
            .enumerate()
            .filter_map(|(u, r)| r.as_ref().map(|r| (u, r)))
    }

    /// Number of scheduled units.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert_eq!(solve_standing(&p, &StandingOptions::default())?.n_scheduled(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn n_scheduled(&self) -> usize {
        self.placements.iter().flatten().count()
    }

    /// The soft objective (see the module docs); equals the sum of the breakdown's terms.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert_eq!(solve_standing(&p, &StandingOptions::default())?.objective(), 0.0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn objective(&self) -> f64 {
        self.objective
    }

    /// Optimal, feasible (with the MIP gap) or heuristic.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default())?;
    /// assert_eq!(s.status(), nastavnik::assign::SolveStatus::Optimal);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn status(&self) -> SolveStatus {
        self.status
    }

    /// Number of independent components the problem split into.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert_eq!(solve_standing(&p, &StandingOptions::default())?.n_components(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn n_components(&self) -> usize {
        self.n_components
    }

    /// A proven upper bound `(placed, soft objective)` on every schedule of the problem,
    /// lexicographic: no schedule places more units, and none placing as many has a larger
    /// soft objective. Set when the solution is proved optimal by the room-free relaxation
    /// (then it equals the solution's own values) and by the dated mode for every week;
    /// `None` otherwise (the MIP's bound is in the status gap).
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a").with_preferred(3, 2.0)],
    ///     vec![Unit::new("u", ["a"])], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default())?;
    /// assert_eq!(s.upper_bound(), Some((1, 2.0)));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn upper_bound(&self) -> Option<(usize, f64)> {
        self.upper_bound
    }

    /// Record a proven upper bound `(placed, soft objective)` and set the status from it:
    /// optimal when the solution reaches it (soft objective within `1e-9` relative), otherwise
    /// feasible with the gap `(bound − objective) / |bound|` of the soft objective when the
    /// counts agree, or `(bound count − placed) / bound count` when fewer units are placed.
    pub(crate) fn set_upper_bound(&mut self, n: usize, v: f64) {
        self.upper_bound = Some((n, v));
        let placed = self.n_scheduled();
        let tol = 1e-9 * v.abs().max(self.objective.abs()).max(1e-300);
        self.status = if placed >= n && self.objective >= v - tol {
            SolveStatus::Optimal
        } else if placed >= n {
            SolveStatus::Feasible {
                gap: Some((v - self.objective) / v.abs().max(1e-300)),
            }
        } else {
            SolveStatus::Feasible {
                gap: Some((n - placed) as f64 / n as f64),
            }
        };
    }

    /// Replace the reason of unscheduled unit `u` (the dated mode refines codes).
    pub(crate) fn set_reason(&mut self, u: usize, r: Reason) {
        if let Some(slot) = self.reasons.get_mut(u)
            && slot.is_some()
        {
            *slot = Some(r);
        }
    }

    /// The options the solution was computed with.
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// # let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default().with_spread_weight(0.5))?;
    /// assert_eq!(s.options().spread_weight, 0.5);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn options(&self) -> &StandingOptions {
        &self.options
    }

    /// Each soft term's total and matches; the terms sum to [`StandingSolution::objective`].
    ///
    /// ```
    /// # use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a").with_preferred(3, 2.0)],
    ///     vec![Unit::new("u", ["a"])], vec![])?;
    /// let s = solve_standing(&p, &StandingOptions::default())?;
    /// let b = s.breakdown(&p);
    /// assert_eq!(b.objective, s.objective());
    /// assert_eq!(b.terms[0].total, 2.0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn breakdown(&self, p: &StandingProblem) -> crate::schedule::breakdown::Breakdown {
        crate::schedule::breakdown::compute(p, &self.placements, &self.options)
    }
}

/// Outcome of one component.
struct Part {
    chosen: Vec<(usize, Opt)>,
    optimal: bool,
    objective: f64,
    bound: f64,
}

fn solve_component(
    p: &StandingProblem,
    units: &[usize],
    opts: &[Vec<Opt>],
    o: &StandingOptions,
    deadline: Option<Instant>,
) -> Result<Part> {
    let mut st = State::new(p);
    heuristic::run(&mut st, units, opts, o.spread_weight, deadline);
    let collect = |ch: &[Option<Opt>]| -> Vec<(usize, Opt)> {
        units
            .iter()
            .filter_map(|&u| ch[u].map(|x| (u, x)))
            .collect()
    };
    let heur = collect(&st.chosen);
    let single = units.len() == 1;
    if single || o.method == Method::Heuristic {
        return Ok(Part {
            chosen: heur,
            optimal: single,
            objective: f64::NAN,
            bound: f64::NAN,
        });
    }
    #[cfg(feature = "highs")]
    {
        let r = mip::solve(p, units, opts, o.spread_weight, deadline, o.gap, &st.chosen)?;
        let w = mip::big_w(p, units, opts, o.spread_weight);
        let score = |ch: &[Option<Opt>]| {
            let (n, v) = options::evaluate(p, ch, o.spread_weight);
            n as f64 * w + v
        };
        if let Some(ch) = r.chosen {
            let (hv, mv) = (score(&st.chosen), score(&ch));
            if mv >= hv || r.optimal {
                return Ok(Part {
                    chosen: collect(&ch),
                    optimal: r.optimal,
                    objective: r.objective,
                    bound: r.bound,
                });
            }
        }
        Ok(Part {
            chosen: heur,
            optimal: false,
            objective: score(&st.chosen),
            bound: r.bound,
        })
    }
    #[cfg(not(feature = "highs"))]
    Ok(Part {
        chosen: heur,
        optimal: false,
        objective: f64::NAN,
        bound: f64::NAN,
    })
}

/// Solve the standing-slot problem (see the module docs).
///
/// # Errors
/// [`Error::InvalidValue`] for bad options; [`Error::Solver`] when HiGHS fails or the thread
/// pool cannot be built. Over-constrained input is never an error: unscheduled units get reasons.
///
/// ```
/// use nastavnik::{availability::Grid, schedule::*};
/// let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
/// assert!(solve_standing(&p, &StandingOptions::default().with_time_limit(-1.0)).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn solve_standing(p: &StandingProblem, o: &StandingOptions) -> Result<StandingSolution> {
    let start = Instant::now();
    o.validate()?;
    let deadline = crate::lp::deadline_after(start, o.time_limit);
    in_pool(o.threads, || solve_in_pool(p, o, deadline))
}

/// Run `f` on a local pool of `threads` threads (rayon's global pool when `None`); see
/// [`crate::parallel::install`].
pub(crate) fn in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> Result<T> + Send,
) -> Result<T> {
    crate::parallel::install(threads, f)?
}

/// Heuristic, then the room-free relaxation per person component (`relax.rs`). Returns the
/// solution when every component is proved (status optimal), `None` when the MIP must decide.
fn solve_by_relaxation(
    p: &StandingProblem,
    opts: &[Vec<Opt>],
    o: &StandingOptions,
    deadline: Option<Instant>,
) -> Result<Option<StandingSolution>> {
    let mut st = State::new(p);
    let all: Vec<usize> = (0..p.units.len()).collect();
    heuristic::run(&mut st, &all, opts, o.spread_weight, deadline);
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return Ok(None);
    }
    let comps = decompose::person_components(p, opts);
    let outcomes: Vec<relax::Outcome> = comps
        .par_iter()
        .map(|units| relax::improve(p, units, opts, &st.chosen, o.spread_weight, deadline))
        .collect();
    let mut chosen = st.chosen.clone();
    let mut changed = false;
    for (units, out) in comps.iter().zip(outcomes) {
        match out {
            relax::Outcome::Proved => {}
            relax::Outcome::Unknown => return Ok(None),
            relax::Outcome::Better(list) => {
                for &u in units {
                    chosen[u] = None;
                }
                for x in list {
                    chosen[x.unit] = Some(x);
                }
                changed = true;
            }
        }
    }
    if changed {
        // The relaxation's optimum must also fit the rooms (Hall's condition per slot).
        let mut check = State::new(p);
        for x in chosen.iter().flatten() {
            if !check.fits(x) {
                return Ok(None);
            }
            check.add(*x);
        }
    }
    let (n, v) = options::evaluate(p, &chosen, o.spread_weight);
    let mut sol = finish(p, chosen, o, comps.len(), true, f64::NAN, f64::NAN)?;
    if sol.status != SolveStatus::Optimal {
        // A room lost in the middle of a multi-slot meeting: let the MIP path decide.
        return Ok(None);
    }
    sol.upper_bound = Some((n, v));
    Ok(Some(sol))
}

fn solve_in_pool(
    p: &StandingProblem,
    o: &StandingOptions,
    deadline: Option<Instant>,
) -> Result<StandingSolution> {
    let opts: Vec<Vec<Opt>> = options::all_options(p, o.in_person_weight);
    if o.method != Method::Heuristic
        && let Some(sol) = solve_by_relaxation(p, &opts, o, deadline)?
    {
        return Ok(sol);
    }
    let comps = decompose::components(p, &opts);
    let parts: Vec<Part> = comps
        .par_iter()
        .map(|units| {
            let local: Vec<Vec<Opt>> = units.iter().map(|&u| opts[u].clone()).collect();
            solve_component(p, units, &local, o, deadline)
        })
        .collect::<Result<_>>()?;
    let mut chosen: Vec<Option<Opt>> = vec![None; p.units.len()];
    let (mut all_optimal, mut obj, mut bound) = (true, 0.0, 0.0);
    for part in &parts {
        all_optimal &= part.optimal;
        if part.objective.is_finite() {
            obj += part.objective;
            bound += part.bound;
        }
        for &(u, x) in &part.chosen {
            chosen[u] = Some(x);
        }
    }
    finish(p, chosen, o, comps.len(), all_optimal, obj, bound)
}

/// Assign rooms, compute reasons and the objective, and build the solution.
pub(crate) fn finish(
    p: &StandingProblem,
    mut chosen: Vec<Option<Opt>>,
    o: &StandingOptions,
    n_components: usize,
    all_optimal: bool,
    obj: f64,
    bound: f64,
) -> Result<StandingSolution> {
    let (room, failed) = rooms::assign(p, &chosen);
    let mut failed_at: Vec<Option<usize>> = vec![None; chosen.len()];
    for &u in &failed {
        failed_at[u] = chosen[u].map(|x| x.start);
        chosen[u] = None;
    }
    let status = if all_optimal && failed.is_empty() {
        SolveStatus::Optimal
    } else if o.method == Method::Heuristic {
        SolveStatus::Feasible { gap: None }
    } else {
        let gap = (bound.is_finite() && obj.is_finite())
            .then(|| (bound - obj).max(0.0) / obj.abs().max(1e-300))
            .filter(|g| g.is_finite());
        SolveStatus::Feasible { gap }
    };
    let placements: Vec<Option<Placement>> = chosen
        .iter()
        .map(|c| {
            c.map(|x| {
                let u = &p.units[x.unit];
                Placement {
                    unit: x.unit,
                    unit_id: u.id.clone(),
                    slot: x.start,
                    day: p.grid.day_of(x.start),
                    start_minute: p.grid.start_minute(x.start),
                    duration: u.duration,
                    minutes: u32::from(u.duration) * u32::from(p.grid.slot_minutes()),
                    mode: if x.in_person {
                        Mode::InPerson
                    } else {
                        Mode::Online
                    },
                    room: room[x.unit].map(|r| p.rooms[r].id.clone()),
                    room_index: room[x.unit],
                }
            })
        })
        .collect();
    let mut st = State::new(p);
    for x in chosen.iter().flatten() {
        st.add(*x);
    }
    let reasons: Vec<Option<Reason>> = (0..p.units.len())
        .map(|u| {
            chosen[u]
                .is_none()
                .then(|| diagnose(p, &st, u, failed_at[u], o.in_person_weight))
        })
        .collect();
    let objective = crate::schedule::breakdown::compute(p, &placements, o).objective;
    Ok(StandingSolution {
        placements,
        reasons,
        objective,
        status,
        n_components,
        options: *o,
        upper_bound: None,
    })
}
