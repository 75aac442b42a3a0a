//! The dated mode: one week's exceptions solved directly, warm-started from the standing
//! schedule.
//!
//! # Problem
//! The standing schedule gives every unit a weekly slot. In a given week some slots are
//! excluded: for everybody (a holiday, a term break: [`WeekExceptions::all`]), for a person (an
//! absence: [`WeekExceptions::people`]) or for a room (a closure: [`WeekExceptions::rooms`]).
//! For each week, find a placement for every unit that respects that week's exclusions and all
//! the standing rules (availability, modes, no double booking, rooms), changing as little as
//! possible.
//!
//! # Algorithm
//! Per week (weeks in parallel with rayon, merged in week order):
//! 1. the problem with the week's exclusions closed ([`StandingProblem`] with closures);
//! 2. every unit whose standing placement still holds keeps it (warm start), including its room
//!    when that room is free, otherwise it joins the displaced units;
//! 3. the displaced units are placed by the standing heuristic (greedy, insertion with one
//!    ejection among the displaced, improving moves) around the fixed ones, then, per person
//!    component, by a branch and bound around the kept units (rooms ignored; adopted when it
//!    is better and the rooms still fit);
//! 4. rooms are assigned and every unit left out gets a [`Reason`]:
//!    [`ReasonCode::OnlyExcludedDates`] when the week's exclusions alone leave no slot,
//!    otherwise the standing reason codes;
//! 5. the week's **upper bound**: the room-free relaxation of the week solved exactly per
//!    person component (branch and bound from the repaired schedule, `standing::relax`);
//! 6. **exact re-solve** (method `auto` or `exact`): every component of the week (units
//!    sharing a person, joined by the rooms when they can bind) that holds a person component
//!    below its bound and has at most [`EXACT_WEEK_MAX_OPTIONS`] options is solved directly by
//!    the standing MIP (HiGHS through [`crate::lp`], warm-started from the repaired schedule,
//!    within the time limit); a strictly better schedule replaces the repair there, and a proven
//!    optimum replaces that component's relaxation bound by the optimum itself.
//!
//! # Guarantees
//! Every week's schedule satisfies all hard rules with that week's exclusions (checked in the
//! tests). With `method = "heuristic"` units unaffected by a week's exclusions keep their
//! standing slot; otherwise they keep it unless the exact re-solve of their component finds a
//! strictly better week (more units placed, or a larger soft objective). Deterministic on any
//! thread count (the re-solve is bounded by a size cap, not a clock, unless a time limit is
//! set). The distance to the optimum is bounded and reported: [`StandingSolution::upper_bound`]
//! holds the week's bound (checked against brute force and CP-SAT in the tests) and the status
//! is [`crate::assign::SolveStatus::Optimal`] when the week reaches it, otherwise `Feasible`
//! with the relative gap of the soft objective (or of the count of placed units when fewer are
//! placed than the bound allows). Small weeks are therefore optimal.
//!
//! # Complexity
//! Per week `O(U · S · |u| · d)` for the options plus the heuristic on the displaced units,
//! plus the branch and bound of each person component (at most `relax::NODE_BUDGET` nodes),
//! plus the MIP of each re-solved component (exponential worst case, at most
//! [`EXACT_WEEK_MAX_OPTIONS`] binaries, bounded by the time limit).
//!
//! # Examples
//! ```
//! use nastavnik::availability::Grid;
//! use nastavnik::schedule::*;
//! use nastavnik::schedule::dated::{WeekExceptions, solve_weeks};
//! let grid = Grid::new(1, 600, 60, 2)?;
//! let p = StandingProblem::new(grid, vec![Person::new("a").with_preferred(0, 1.0)],
//!     vec![Unit::new("u", ["a"])], vec![])?;
//! let standing = solve_standing(&p, &StandingOptions::default())?;
//! assert_eq!(standing.placement(0).unwrap().slot, 0);
//! let weeks = vec![WeekExceptions::default(), WeekExceptions::default().with_all([0])];
//! let out = solve_weeks(&p, &standing, &weeks, &StandingOptions::default())?;
//! assert_eq!(out[0].placement(0).unwrap().slot, 0);
//! assert_eq!(out[1].placement(0).unwrap().slot, 1);   // moved for the holiday slot
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schedule::reasons::{Reason, ReasonCode};
#[cfg(feature = "highs")]
use crate::schedule::standing::mip;
use crate::schedule::standing::options::{self, Opt, State};
use crate::schedule::standing::{
    StandingOptions, StandingSolution, decompose, finish, heuristic, in_pool, relax,
};
use crate::schedule::units::StandingProblem;

/// The slots excluded in one week (grid slot indices; people and rooms by index).
///
/// ```
/// use nastavnik::schedule::dated::WeekExceptions;
/// let w = WeekExceptions::default().with_all([0, 1]).with_person(2, 5).with_room(0, 3);
/// assert_eq!((w.all.len(), w.people.len(), w.rooms.len()), (2, 1, 1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WeekExceptions {
    /// Slots excluded for everybody (holidays, breaks, days off).
    pub all: Vec<usize>,
    /// `(person index, slot)` absences.
    pub people: Vec<(usize, usize)>,
    /// `(room index, slot)` closures.
    pub rooms: Vec<(usize, usize)>,
}

impl WeekExceptions {
    /// Exclude slots for everybody.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::dated::WeekExceptions::default().with_all([4]).all, vec![4]);
    /// ```
    pub fn with_all(mut self, slots: impl IntoIterator<Item = usize>) -> Self {
        self.all.extend(slots);
        self
    }

    /// Exclude a slot for a person (index).
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::dated::WeekExceptions::default().with_person(1, 2).people, vec![(1, 2)]);
    /// ```
    pub fn with_person(mut self, person: usize, slot: usize) -> Self {
        self.people.push((person, slot));
        self
    }

    /// Close a room (index) at a slot.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::dated::WeekExceptions::default().with_room(0, 2).rooms, vec![(0, 2)]);
    /// ```
    pub fn with_room(mut self, room: usize, slot: usize) -> Self {
        self.rooms.push((room, slot));
        self
    }

    fn validate(&self, p: &StandingProblem, week: usize) -> Result<()> {
        let n = p.grid.n_slots();
        let bad = |what: &str, v: usize, limit: usize| {
            Error::invalid(
                format!("week {week} exceptions"),
                format!("{what} {v} is out of range (0..{limit})"),
            )
        };
        for &s in &self.all {
            if s >= n {
                return Err(bad("slot", s, n));
            }
        }
        for &(q, s) in &self.people {
            if q >= p.people.len() {
                return Err(bad("person index", q, p.people.len()));
            }
            if s >= n {
                return Err(bad("slot", s, n));
            }
        }
        for &(r, s) in &self.rooms {
            if r >= p.rooms.len() {
                return Err(bad("room index", r, p.rooms.len()));
            }
            if s >= n {
                return Err(bad("slot", s, n));
            }
        }
        Ok(())
    }
}

fn week_problem(p: &StandingProblem, w: &WeekExceptions) -> StandingProblem {
    let mut people = w.people.clone();
    let mut rooms = w.rooms.clone();
    for &s in &w.all {
        people.extend((0..p.people.len()).map(|q| (q, s)));
        rooms.extend((0..p.rooms.len()).map(|r| (r, s)));
    }
    p.with_closures(&people, &rooms)
}

fn solve_week(
    p: &StandingProblem,
    standing: &StandingSolution,
    w: &WeekExceptions,
    o: &StandingOptions,
    deadline: Option<Instant>,
) -> Result<StandingSolution> {
    let wp = week_problem(p, w);
    let opts: Vec<Vec<Opt>> = options::all_options(&wp, o.in_person_weight);
    let mut st = State::new(&wp);
    let mut displaced = Vec::new();
    for (u, list) in opts.iter().enumerate() {
        let keep = standing.placement(u).and_then(|pl| {
            list.iter()
                .find(|x| {
                    x.start == pl.slot && x.in_person == (pl.mode == crate::cohort::Mode::InPerson)
                })
                .copied()
        });
        match keep {
            Some(x) if st.fits(&x) => st.add(x),
            _ if standing.placement(u).is_some() => displaced.push(u),
            _ => {}
        }
    }
    let local: Vec<Vec<Opt>> = displaced.iter().map(|&u| opts[u].clone()).collect();
    heuristic::run(&mut st, &displaced, &local, o.spread_weight, None);
    repair_exactly(&mut st, &opts, &displaced, o);
    let (bound_n, bound_v) = resolve_exactly(&mut st, &opts, o, deadline)?;
    let chosen = st.chosen.clone();
    let mut sol = finish(&wp, chosen, o, 1, false, f64::NAN, f64::NAN)?;
    sol.set_upper_bound(bound_n, bound_v);
    // Units that had a standing slot and lost every option this week: only excluded dates.
    for &u in &displaced {
        if sol.placement(u).is_none() && opts[u].is_empty() {
            let base = options::options(p, u, o.in_person_weight);
            if !base.is_empty() {
                sol.set_reason(
                    u,
                    Reason::new(ReasonCode::OnlyExcludedDates).with_slots(
                        base.iter()
                            .map(|x| x.start)
                            .collect::<std::collections::BTreeSet<_>>(),
                    ),
                );
            }
        }
    }
    Ok(sol)
}

/// Per person component with displaced units: the best placement of its displaced units
/// around the kept ones (branch and bound, rooms ignored), adopted when it beats the
/// heuristic's and the rooms still fit. Components in order: deterministic.
fn repair_exactly(st: &mut State<'_>, opts: &[Vec<Opt>], displaced: &[usize], o: &StandingOptions) {
    if displaced.is_empty() {
        return;
    }
    let wp = st.p;
    let mut is_displaced = vec![false; wp.units.len()];
    for &u in displaced {
        is_displaced[u] = true;
    }
    for units in decompose::person_components(wp, opts) {
        let free: Vec<usize> = units.iter().copied().filter(|&u| is_displaced[u]).collect();
        if free.is_empty() {
            continue;
        }
        let fixed: Vec<usize> = units
            .iter()
            .copied()
            .filter(|&u| !is_displaced[u] && st.chosen[u].is_some())
            .collect();
        let relax::Outcome::Better(list) =
            relax::improve_around(wp, &free, &fixed, opts, &st.chosen, o.spread_weight, None)
        else {
            continue;
        };
        let old: Vec<Opt> = free.iter().filter_map(|&u| st.chosen[u]).collect();
        for &u in &free {
            st.remove(u);
        }
        let mut ok = true;
        for x in &list {
            if st.fits(x) {
                st.add(*x);
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            for &u in &free {
                st.remove(u);
            }
            for x in old {
                st.add(x);
            }
        }
    }
}

/// Binary columns (options) of one component of a week above which the exact re-solve is
/// skipped and the week keeps its repair with the relaxation's bound. Without a user time
/// limit this size cap, not a clock, bounds the work, so the result stays deterministic.
///
/// ```
/// assert!(nastavnik::schedule::dated::EXACT_WEEK_MAX_OPTIONS >= 1000);
/// ```
pub const EXACT_WEEK_MAX_OPTIONS: usize = 4_000;

/// Whether `(n, v)` is lexicographically below `(bn, bv)` beyond a relative tolerance.
fn below(n: usize, v: f64, bn: usize, bv: f64) -> bool {
    n < bn || (n == bn && v < bv - 1e-9 * bv.abs().max(1.0))
}

/// The week's upper bound and, where the repair falls short of it, the exact re-solve.
///
/// Per person component the room-free relaxation gives a bound (`component_bound`). The
/// components joined by rooms (`decompose::components`) that contain a component below its
/// bound and have at most [`EXACT_WEEK_MAX_OPTIONS`] options are solved by the MIP of the
/// standing model (`standing::mip`, through `crate::lp`), warm-started from the repaired
/// schedule; a strictly better MIP schedule replaces the repair of that component, and a
/// proven MIP optimum (no user gap) replaces the relaxation's bound of that component by the
/// optimum itself. Returns the week's bound `(placed, soft objective)`: the sum of the
/// components' bounds, each a valid lexicographic bound, so the sum is one too.
fn resolve_exactly(
    st: &mut State<'_>,
    opts: &[Vec<Opt>],
    o: &StandingOptions,
    deadline: Option<Instant>,
) -> Result<(usize, f64)> {
    let wp = st.p;
    let spread = o.spread_weight;
    let pcomps = decompose::person_components(wp, opts);
    let mut bounds: Vec<(usize, f64)> = pcomps
        .iter()
        .map(|units| component_bound(wp, units, opts, &st.chosen, spread))
        .collect();
    let short: Vec<bool> = pcomps
        .iter()
        .zip(&bounds)
        .map(|(units, &(bn, bv))| {
            let (n, v) = relax::value_of(wp, units, &st.chosen, spread);
            below(n, v, bn, bv)
        })
        .collect();
    #[cfg(feature = "highs")]
    if short.iter().any(|&x| x) && o.method != crate::schedule::standing::Method::Heuristic {
        let mut pcomp_of = vec![usize::MAX; wp.units.len()];
        for (k, units) in pcomps.iter().enumerate() {
            for &u in units {
                pcomp_of[u] = k;
            }
        }
        for units in decompose::components(wp, opts) {
            let inner: std::collections::BTreeSet<usize> =
                units.iter().map(|&u| pcomp_of[u]).collect();
            let size: usize = units.iter().map(|&u| opts[u].len()).sum();
            if !inner.iter().any(|&k| short[k]) || size > EXACT_WEEK_MAX_OPTIONS || size == 0 {
                continue;
            }
            let local: Vec<Vec<Opt>> = units.iter().map(|&u| opts[u].clone()).collect();
            let r = mip::solve(wp, &units, &local, spread, deadline, o.gap, &st.chosen)?;
            let before = relax::value_of(wp, &units, &st.chosen, spread);
            if let Some(ch) = r.chosen {
                let (n, v) = relax::value_of(wp, &units, &ch, spread);
                if below(before.0, before.1, n, v) {
                    let old: Vec<Opt> = units.iter().filter_map(|&u| st.chosen[u]).collect();
                    for &u in &units {
                        st.remove(u);
                    }
                    let fits = units.iter().filter_map(|&u| ch[u]).all(|x| {
                        let ok = st.fits(&x);
                        if ok {
                            st.add(x);
                        }
                        ok
                    });
                    if !fits {
                        for &u in &units {
                            st.remove(u);
                        }
                        for x in old {
                            st.add(x);
                        }
                    }
                }
            }
            if r.optimal && o.gap.is_none_or(|g| g == 0.0) {
                // The component's optimum is known: what it holds now (the MIP's schedule, or
                // the repair when the MIP found nothing better) is its bound.
                let now = relax::value_of(wp, &units, &st.chosen, spread);
                let (mut n, mut v) = (0usize, 0.0);
                for &k in &inner {
                    n += bounds[k].0;
                    v += bounds[k].1;
                }
                if !below(n, v, now.0, now.1) {
                    let mut first = true;
                    for &k in &inner {
                        bounds[k] = if first { now } else { (0, 0.0) };
                        first = false;
                    }
                }
            }
        }
    }
    #[cfg(not(feature = "highs"))]
    let _ = (short, deadline);
    Ok(bounds
        .iter()
        .fold((0usize, 0.0), |(n, v), &(bn, bv)| (n + bn, v + bv)))
}

/// An upper bound `(placed, soft objective)` on every schedule of one person component of the
/// week: its room-free relaxation solved from the repaired schedule (`standing::relax`); the
/// trivial bound when the search cannot finish.
fn component_bound(
    wp: &StandingProblem,
    units: &[usize],
    opts: &[Vec<Opt>],
    chosen: &[Option<Opt>],
    spread: f64,
) -> (usize, f64) {
    match relax::improve(wp, units, opts, chosen, spread, None) {
        relax::Outcome::Proved => relax::value_of(wp, units, chosen, spread),
        relax::Outcome::Better(list) => {
            let mut better: Vec<Option<Opt>> = vec![None; chosen.len()];
            for x in list {
                better[x.unit] = Some(x);
            }
            relax::value_of(wp, units, &better, spread)
        }
        relax::Outcome::Unknown => relax::trivial_bound(units, opts),
    }
}

/// Solve each week's exceptions from the standing schedule (see the module docs). Returns one
/// solution per week, in order.
///
/// # Errors
/// [`Error::InvalidValue`] for exceptions out of range (naming the week) or bad options;
/// [`Error::UnknownId`] when `standing` is not a solution of `p`.
///
/// ```
/// use nastavnik::{availability::Grid, schedule::*, schedule::dated::*};
/// let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
/// let s = solve_standing(&p, &StandingOptions::default())?;
/// let e = solve_weeks(&p, &s, &[WeekExceptions::default().with_all([999])], &StandingOptions::default());
/// assert!(e.unwrap_err().to_string().contains("week 0"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn solve_weeks(
    p: &StandingProblem,
    standing: &StandingSolution,
    weeks: &[WeekExceptions],
    o: &StandingOptions,
) -> Result<Vec<StandingSolution>> {
    if standing.placements().len() != p.units.len() {
        return Err(Error::UnknownId {
            what: "standing solution (of another problem)".to_string(),
            id: format!("{} units", standing.placements().len()),
        });
    }
    o.validate()?;
    for (k, w) in weeks.iter().enumerate() {
        w.validate(p, k)?;
    }
    let deadline = o
        .time_limit
        .and_then(|t| Instant::now().checked_add(std::time::Duration::from_secs_f64(t.min(1e9))));
    in_pool(o.threads, || {
        weeks
            .par_iter()
            .map(|w| solve_week(p, standing, w, o, deadline))
            .collect()
    })
}
