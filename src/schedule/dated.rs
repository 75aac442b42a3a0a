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
//!    person component (branch and bound from the repaired schedule, `standing::relax`).
//!
//! # Guarantees
//! Every week's schedule satisfies all hard rules with that week's exclusions (checked in the
//! tests). Units unaffected by a week's exclusions keep their standing slot. Deterministic on
//! any thread count. A week is repaired, not re-solved, so it is not optimal in general, but
//! its distance to the optimum is bounded and reported: [`StandingSolution::upper_bound`]
//! holds the week's bound and the status is [`crate::assign::SolveStatus::Optimal`] when the
//! repair reaches it, otherwise `Feasible` with the relative gap of the soft objective (or of
//! the count of placed units when fewer are placed than the bound allows).
//!
//! # Complexity
//! Per week `O(U · S · |u| · d)` for the options plus the heuristic on the displaced units,
//! plus the branch and bound of each person component (at most `relax::NODE_BUDGET` nodes).
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

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schedule::reasons::{Reason, ReasonCode};
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
    let (bound_n, bound_v) = week_bound(&wp, &opts, &st.chosen, o);
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

/// An upper bound `(placed, soft objective)` on every schedule of the week: the room-free
/// relaxation solved per person component (`standing::relax`), starting from the repaired
/// schedule; a component the search cannot finish contributes its trivial bound.
fn week_bound(
    wp: &StandingProblem,
    opts: &[Vec<Opt>],
    chosen: &[Option<Opt>],
    o: &StandingOptions,
) -> (usize, f64) {
    let comps = decompose::person_components(wp, opts);
    let (mut n, mut v) = (0usize, 0.0);
    for units in &comps {
        let (cn, cv) = match relax::improve(wp, units, opts, chosen, o.spread_weight, None) {
            relax::Outcome::Proved => relax::value_of(wp, units, chosen, o.spread_weight),
            relax::Outcome::Better(list) => {
                let mut better: Vec<Option<Opt>> = vec![None; chosen.len()];
                for x in list {
                    better[x.unit] = Some(x);
                }
                relax::value_of(wp, units, &better, o.spread_weight)
            }
            relax::Outcome::Unknown => relax::trivial_bound(units, opts),
        };
        n += cn;
        v += cv;
    }
    (n, v)
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
    in_pool(o.threads, || {
        weeks
            .par_iter()
            .map(|w| solve_week(p, standing, w, o))
            .collect()
    })
}
