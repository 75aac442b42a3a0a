//! The room-free relaxation: an exact upper bound and, most of the time, a proof of optimality
//! without the MIP.
//!
//! # Problem
//! Drop the room rows of the standing-slot problem (see the parent module). What is left splits
//! into the connected components of units sharing a person, with no coupling between them; in
//! mentoring programmes they are small (a mentor and their mentees, a group). The relaxation's
//! optimum, lexicographic in (number placed, soft objective), is an upper bound on the optimum
//! of the real problem, and the sum of the components' optima is the relaxation's optimum.
//! A schedule that reaches it and satisfies the rooms is therefore optimal.
//!
//! # Algorithm
//! Per component, a depth-first branch and bound over its units (fewest starts first, ties by
//! index). A unit takes one start, in the mode of larger value there (online on ties, so rooms
//! are used only when that adds value), or none. A node is cut when
//! `(placed so far + units left with a start, value so far + Σ best value of those units)` is
//! not lexicographically above the incumbent: placing a unit adds at most its best value and
//! the spread penalty only subtracts, so this bounds every completion. The incumbent is the
//! caller's schedule of the component (the heuristic's, feasible for the relaxation), so the
//! search only has to find a strictly better schedule or prove there is none.
//!
//! [`improve_around`] does the same for some units of a component while the others keep their
//! incumbent choice (the dated mode's repair of displaced units).
//!
//! # Guarantees
//! [`improve`] returns [`Outcome::Proved`] only when no schedule of the relaxation is better
//! than the incumbent by more than `1e-12` of the component's value scale, [`Outcome::Better`]
//! with a relaxation optimum, and [`Outcome::Unknown`] when the node budget or the deadline
//! stops the search. [`trivial_bound`] is always valid.
//!
//! # Complexity
//! At most `budget` nodes of `O(|u| · d)` each per component; in practice a few dozen nodes
//! for a mentor with three mentees.

use std::time::Instant;

use super::options::{Opt, span};
use crate::schedule::units::StandingProblem;

/// Nodes explored per component before giving up (then the MIP decides).
pub(crate) const NODE_BUDGET: u64 = 200_000;

/// What the branch and bound found for one component.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// The incumbent is optimal for the relaxation.
    Proved,
    /// A relaxation optimum strictly better than the incumbent.
    Better(Vec<Opt>),
    /// Budget or deadline reached: nothing proved.
    Unknown,
}

/// The best option per start of a unit (larger value; online on ties), by value descending
/// then start.
fn collapse(list: &[Opt]) -> Vec<Opt> {
    let mut out: Vec<Opt> = Vec::with_capacity(list.len());
    for o in list {
        match out.last_mut() {
            Some(last) if last.start == o.start => {
                if o.value > last.value {
                    *last = *o;
                }
            }
            _ => out.push(*o),
        }
    }
    out.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.start.cmp(&b.start)));
    out
}

/// `(units with an option, Σ their best option value)`: a bound on any schedule of `units`.
pub(crate) fn trivial_bound(units: &[usize], opts: &[Vec<Opt>]) -> (usize, f64) {
    let mut n = 0;
    let mut v = 0.0;
    for &u in units {
        if let Some(best) = opts[u].iter().map(|o| o.value).reduce(f64::max) {
            n += 1;
            v += best;
        }
    }
    (n, v)
}

/// `(placed, soft objective)` of the choices of `units`, persons local to the component.
pub(crate) fn value_of(
    p: &StandingProblem,
    units: &[usize],
    chosen: &[Option<Opt>],
    spread: f64,
) -> (usize, f64) {
    let mut days: Vec<(usize, usize)> = Vec::new();
    let (mut n, mut v) = (0usize, 0.0);
    for &u in units {
        if let Some(o) = chosen[u] {
            n += 1;
            v += o.value;
            let d = p.grid.day_of(o.start);
            days.extend(p.members[u].iter().map(|&q| (q, d)));
        }
    }
    let total = days.len();
    days.sort_unstable();
    days.dedup();
    let extra = total - days.len();
    (n, v - spread * extra as f64)
}

struct Search<'a> {
    p: &'a StandingProblem,
    spread: f64,
    tol: f64,
    /// Unit and options per position of the search order.
    unit: Vec<usize>,
    opts: Vec<Vec<Opt>>,
    /// Local person indices per position.
    members: Vec<Vec<usize>>,
    rem_n: Vec<usize>,
    rem_v: Vec<f64>,
    busy: Vec<Vec<bool>>,
    per_day: Vec<Vec<u32>>,
    pick: Vec<Option<Opt>>,
    best: (usize, f64),
    best_pick: Option<Vec<Option<Opt>>>,
    nodes: u64,
    deadline: Option<Instant>,
    stopped: bool,
}

impl Search<'_> {
    fn above(&self, n: usize, v: f64) -> bool {
        n > self.best.0 || (n == self.best.0 && v > self.best.1 + self.tol)
    }

    fn dfs(&mut self, k: usize, n: usize, v: f64) {
        if self.stopped {
            return;
        }
        self.nodes += 1;
        if self.nodes > NODE_BUDGET
            || (self.nodes.is_multiple_of(1024)
                && self.deadline.is_some_and(|d| Instant::now() >= d))
        {
            self.stopped = true;
            return;
        }
        if k == self.opts.len() {
            if self.above(n, v) {
                self.best = (n, v);
                self.best_pick = Some(self.pick.clone());
            }
            return;
        }
        if !self.above(n + self.rem_n[k], v + self.rem_v[k]) {
            return;
        }
        let duration = self.p.units[self.unit[k]].duration;
        let list = std::mem::take(&mut self.opts[k]);
        for &o in &list {
            let free = self.members[k]
                .iter()
                .all(|&q| span(o.start, duration).all(|t| !self.busy[q][t]));
            if !free {
                continue;
            }
            let d = self.p.grid.day_of(o.start);
            let mut extra = 0u32;
            for &q in &self.members[k] {
                if self.per_day[q][d] >= 1 {
                    extra += 1;
                }
                self.per_day[q][d] += 1;
                for t in span(o.start, duration) {
                    self.busy[q][t] = true;
                }
            }
            self.pick[k] = Some(o);
            let gain = o.value - self.spread * f64::from(extra);
            self.dfs(k + 1, n + 1, v + gain);
            self.pick[k] = None;
            for &q in &self.members[k] {
                self.per_day[q][d] -= 1;
                for t in span(o.start, duration) {
                    self.busy[q][t] = false;
                }
            }
            if self.stopped {
                break;
            }
        }
        self.opts[k] = list;
        if self.stopped {
            return;
        }
        self.dfs(k + 1, n, v);
    }
}

/// Search the relaxation of component `units` (sorted unit indices) for a schedule strictly
/// better than `incumbent` (the current choices, indexed by unit). `opts` is indexed by unit.
pub(crate) fn improve(
    p: &StandingProblem,
    units: &[usize],
    opts: &[Vec<Opt>],
    incumbent: &[Option<Opt>],
    spread: f64,
    deadline: Option<Instant>,
) -> Outcome {
    improve_around(p, units, &[], opts, incumbent, spread, deadline)
}

/// As [`improve`] over the units `units` only, the units `fixed` (of the same component)
/// keeping their incumbent choice: the best repair of `units` around them, rooms ignored.
/// The outcome lists options of `units` only.
pub(crate) fn improve_around(
    p: &StandingProblem,
    units: &[usize],
    fixed: &[usize],
    opts: &[Vec<Opt>],
    incumbent: &[Option<Opt>],
    spread: f64,
    deadline: Option<Instant>,
) -> Outcome {
    let mut order: Vec<(usize, Vec<Opt>)> =
        units.iter().map(|&u| (u, collapse(&opts[u]))).collect();
    order.sort_by_key(|(u, list)| (list.len(), *u));
    // Local person indices.
    let mut persons: Vec<usize> = units
        .iter()
        .chain(fixed)
        .flat_map(|&u| p.members[u].iter().copied())
        .collect();
    persons.sort_unstable();
    persons.dedup();
    let local = |q: usize| persons.binary_search(&q).unwrap_or(0);
    let members: Vec<Vec<usize>> = order
        .iter()
        .map(|(u, _)| p.members[*u].iter().map(|&q| local(q)).collect())
        .collect();
    let len = order.len();
    let mut rem_n = vec![0usize; len + 1];
    let mut rem_v = vec![0.0f64; len + 1];
    let mut scale = spread;
    for k in (0..len).rev() {
        let best = order[k].1.first().map(|o| o.value);
        rem_n[k] = rem_n[k + 1] + usize::from(best.is_some());
        rem_v[k] = rem_v[k + 1] + best.unwrap_or(0.0);
        for o in &order[k].1 {
            scale = scale.max(o.value.abs());
        }
    }
    let start = {
        let all: Vec<usize> = units.iter().chain(fixed).copied().collect();
        let (n, v) = value_of(p, &all, incumbent, spread);
        let (nf, vf) = value_of(p, fixed, incumbent, spread);
        (n - nf, v - vf)
    };
    let n_slots = p.grid.n_slots();
    let mut s = Search {
        p,
        spread,
        tol: 1e-12 * scale.max(start.1.abs()),
        unit: order.iter().map(|(u, _)| *u).collect(),
        opts: order.into_iter().map(|(_, l)| l).collect(),
        members,
        rem_n,
        rem_v,
        busy: vec![vec![false; n_slots]; persons.len()],
        per_day: vec![vec![0; p.grid.days()]; persons.len()],
        pick: vec![None; len],
        best: start,
        best_pick: None,
        nodes: 0,
        deadline,
        stopped: false,
    };
    for &u in fixed {
        if let Some(o) = incumbent[u] {
            let d = p.grid.day_of(o.start);
            for &q in &p.members[u] {
                let q = local(q);
                s.per_day[q][d] += 1;
                for t in span(o.start, p.units[u].duration) {
                    s.busy[q][t] = true;
                }
            }
        }
    }
    s.dfs(0, 0, 0.0);
    if s.stopped {
        return Outcome::Unknown;
    }
    match s.best_pick {
        None => Outcome::Proved,
        Some(pick) => Outcome::Better(pick.into_iter().flatten().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::Grid;
    use crate::schedule::{Person, Unit};

    #[test]
    fn finds_the_better_schedule_and_proves_the_best() {
        // One person, two units, two slots; a prefers slot 1 strongly, b slot 1 weakly.
        let grid = Grid::new(1, 600, 60, 2).unwrap();
        let people = vec![
            Person::new("t"),
            Person::new("a").with_preferred(1, 2.0),
            Person::new("b").with_preferred(1, 1.0),
        ];
        let units = vec![Unit::new("ta", ["t", "a"]), Unit::new("tb", ["t", "b"])];
        let p = StandingProblem::new(grid, people, units, vec![]).unwrap();
        let opts = super::super::options::all_options(&p, 0.0);
        // Incumbent: b at 1, a at 0 (value 1).
        let inc = vec![Some(opts[0][0]), Some(opts[1][1])];
        let Outcome::Better(v) = improve(&p, &[0, 1], &opts, &inc, 0.0, None) else {
            panic!("expected a better schedule");
        };
        let got: Vec<(usize, usize)> = v.iter().map(|o| (o.unit, o.start)).collect();
        assert_eq!(got, vec![(0, 1), (1, 0)]);
        let best = vec![Some(opts[0][1]), Some(opts[1][0])];
        assert_eq!(
            improve(&p, &[0, 1], &opts, &best, 0.0, None),
            Outcome::Proved
        );
        assert_eq!(trivial_bound(&[0, 1], &opts), (2, 3.0));
    }
}
