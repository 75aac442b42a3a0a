//! The exact model of one component, solved through [`crate::lp`].
//!
//! Columns: one binary `x_o` per option `o` (unit, start, mode); one continuous `e_{p,d} ≥ 0`
//! per person in two or more units of the component and day, when the spread weight is
//! positive. Rows, by family:
//!
//! 1. **one slot per unit**: `Σ_{o of u} x_o ≤ 1`;
//! 2. **no double booking**: for each person in two or more units and slot `t`,
//!    `Σ x_o ≤ 1` over the options of their units covering `t`;
//! 3. **room capacity (Hall rows)**: for each slot `t` and each distinct size `z` of in-person
//!    options covering `t`, `Σ x_o ≤ R_t(z)` over in-person options covering `t` of size `≥ z`,
//!    where `R_t(z)` counts rooms open at `t` with at least `z` seats. The rooms a meeting may
//!    use are nested (all rooms large enough), so by Hall's theorem these rows hold exactly when
//!    the meetings at `t` can be given distinct rooms: `S × Z` rows instead of one per room,
//!    slot and meeting. Rows that can never bind are left out;
//! 4. **spread**: `Σ_{o of p's units starting on day d} x_o − e_{p,d} ≤ 1`.
//!
//! Objective: `Σ (W + v_o) x_o − spread · Σ e`, with `W = 1 + Σ_u max_o |v_o| + spread · Σ_u |u|`
//! larger than any change of the soft terms, so the optimum schedules as many units as possible
//! and, among those schedules, maximises the soft objective.

use std::collections::BTreeMap;
use std::time::Instant;

use super::options::{Opt, span};
use crate::error::Result;
use crate::lp::{LpModel, LpOptions, LpStatus};
use crate::schedule::units::StandingProblem;

/// What the exact solve of one component gave.
pub(crate) struct MipResult {
    pub chosen: Option<Vec<Option<Opt>>>,
    pub optimal: bool,
    pub objective: f64,
    pub bound: f64,
}

/// The lexicographic weight `W` of one scheduled unit.
pub(crate) fn big_w(p: &StandingProblem, units: &[usize], opts: &[Vec<Opt>], spread: f64) -> f64 {
    let mut w = 1.0;
    for (k, &u) in units.iter().enumerate() {
        w += opts[k].iter().fold(0.0f64, |a, o| a.max(o.value.abs()));
        w += spread * p.members[u].len() as f64;
    }
    w
}

/// Build and solve the model of the units `units` (with their options).
pub(crate) fn solve(
    p: &StandingProblem,
    units: &[usize],
    opts: &[Vec<Opt>],
    spread: f64,
    deadline: Option<Instant>,
    gap: Option<f64>,
    initial: &[Option<Opt>],
) -> Result<MipResult> {
    let w = big_w(p, units, opts, spread);
    let mut m = LpModel::new();
    let mut all: Vec<Opt> = Vec::new();
    let f_unit = m.add_family("one slot per unit");
    for (k, list) in opts.iter().enumerate() {
        let mut row = Vec::with_capacity(list.len());
        for o in list {
            let c = m.add_binary(w + o.value);
            all.push(*o);
            row.push((c, 1.0));
        }
        if row.len() > 1 {
            m.add_row(
                f_unit,
                format!("unit {:?}", p.units[units[k]].id),
                &row,
                f64::NEG_INFINITY,
                1.0,
            );
        }
    }
    // People in two or more units of the component.
    let mut units_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &u in units {
        for &q in &p.members[u] {
            units_of.entry(q).or_default().push(u);
        }
    }
    units_of.retain(|_, v| v.len() > 1);
    let f_person = m.add_family("no double booking");
    let n_slots = p.grid.n_slots();
    let mut by_person_slot: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    let mut by_person_day: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    for (c, o) in all.iter().enumerate() {
        let u = &p.units[o.unit];
        for &q in &p.members[o.unit] {
            if !units_of.contains_key(&q) {
                continue;
            }
            for t in span(o.start, u.duration) {
                by_person_slot.entry((q, t)).or_default().push((c, 1.0));
            }
            by_person_day
                .entry((q, p.grid.day_of(o.start)))
                .or_default()
                .push((c, 1.0));
        }
    }
    for ((q, t), row) in &by_person_slot {
        let mut us: Vec<usize> = row.iter().map(|&(c, _)| all[c].unit).collect();
        us.dedup();
        if us.len() > 1 {
            m.add_row(
                f_person,
                format!("person {:?} at {}", p.people[*q].id, p.grid.label(*t)),
                row,
                f64::NEG_INFINITY,
                1.0,
            );
        }
    }
    let f_room = m.add_family("room capacity");
    let caps = super::options::capacities_by_slot(p);
    let mut by_slot: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n_slots];
    for (c, o) in all.iter().enumerate() {
        if o.in_person {
            let u = &p.units[o.unit];
            for t in span(o.start, u.duration) {
                by_slot[t].push((u.size, c));
            }
        }
    }
    for (t, list) in by_slot.iter_mut().enumerate() {
        list.sort_unstable_by(|a, b| b.cmp(a));
        let mut sizes: Vec<u32> = list.iter().map(|&(z, _)| z).collect();
        sizes.dedup();
        for z in sizes {
            let members: Vec<(usize, f64)> = list
                .iter()
                .take_while(|&&(s, _)| s >= z)
                .map(|&(_, c)| (c, 1.0))
                .collect();
            let rooms = caps[t].iter().take_while(|&&cap| cap >= z).count();
            let distinct_units = {
                let mut us: Vec<usize> = members.iter().map(|&(c, _)| all[c].unit).collect();
                us.sort_unstable();
                us.dedup();
                us.len()
            };
            if distinct_units > rooms {
                m.add_row(
                    f_room,
                    format!("rooms of at least {z} seats at {}", p.grid.label(t)),
                    &members,
                    f64::NEG_INFINITY,
                    rooms as f64,
                );
            }
        }
    }
    let f_spread = m.add_family("spread");
    // Warm start: the caller's schedule (heuristic or repaired week) as HiGHS's first incumbent.
    let mut start: Vec<f64> = all
        .iter()
        .map(|o| {
            let on = initial
                .get(o.unit)
                .copied()
                .flatten()
                .is_some_and(|x| x.start == o.start && x.in_person == o.in_person);
            if on { 1.0 } else { 0.0 }
        })
        .collect();
    if spread > 0.0 {
        for row in by_person_day.values() {
            let mut us: Vec<usize> = row.iter().map(|&(c, _)| all[c].unit).collect();
            us.dedup();
            if us.len() > 1 {
                let e = m.add_column(0.0, f64::INFINITY, false, -spread);
                let on: f64 = row.iter().map(|&(c, _)| start[c]).sum();
                start.push((on - 1.0).max(0.0));
                let mut r = row.clone();
                r.push((e, -1.0));
                m.add_row(
                    f_spread,
                    "meetings per person and day",
                    &r,
                    f64::NEG_INFINITY,
                    1.0,
                );
            }
        }
    }
    m.set_start(start);
    let sol = m.solve(&LpOptions {
        deadline,
        gap,
        ..LpOptions::default()
    })?;
    let chosen = sol.x.as_ref().map(|x| {
        let mut ch: Vec<Option<Opt>> = vec![None; p.units.len()];
        for (c, o) in all.iter().enumerate() {
            if x[c] > 0.5 {
                ch[o.unit] = Some(*o);
            }
        }
        ch
    });
    Ok(MipResult {
        chosen,
        optimal: sol.status == LpStatus::Optimal,
        objective: sol.objective,
        bound: sol.bound,
    })
}
