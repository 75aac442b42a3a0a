//! Candidate placements of a unit and the occupancy state shared by the heuristic, the room
//! assignment, the reasons and the checker.
//!
//! An *option* is a start slot and a mode (in person or online) at which every member of the
//! unit is available for the whole meeting, in a mode allowed by the unit, inside one day, and,
//! in person, with a room large enough open for the whole meeting. Its value is the sum of the
//! members' preference weights for the start slot plus the in-person weight when in person.

use crate::availability::SlotModes;
use crate::schedule::units::StandingProblem;

/// A candidate placement of one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Opt {
    pub unit: usize,
    pub start: usize,
    pub in_person: bool,
    pub value: f64,
}

/// The slots a meeting of `duration` slots starting at `start` covers.
pub(crate) fn span(start: usize, duration: u16) -> std::ops::Range<usize> {
    start..start + usize::from(duration)
}

/// Whether every member of unit `u` consents.
pub(crate) fn consents(p: &StandingProblem, u: usize) -> bool {
    p.members[u].iter().all(|&m| p.people[m].consent)
}

/// Modes allowed for unit `u` at `start` by the members' availability and the unit mode
/// (`NONE` when the meeting would leave the day).
pub(crate) fn modes_at(
    p: &StandingProblem,
    u: usize,
    start: usize,
    use_unit_mode: bool,
) -> SlotModes {
    let spd = p.grid.slots_per_day();
    let d = p.units[u].duration;
    if p.grid.position_of(start) + usize::from(d) > spd {
        return SlotModes::NONE;
    }
    let mut m = if use_unit_mode {
        SlotModes::of(p.units[u].mode)
    } else {
        SlotModes::BOTH
    };
    for &q in &p.members[u] {
        for t in span(start, d) {
            m = m.and(p.modes[q][t]);
        }
    }
    m
}

/// Whether some room with enough seats is open for the whole meeting.
pub(crate) fn room_exists(p: &StandingProblem, u: usize, start: usize) -> bool {
    let unit = &p.units[u];
    (0..p.rooms.len()).any(|r| {
        p.rooms[r].capacity >= unit.size && span(start, unit.duration).all(|t| p.open[r][t])
    })
}

/// All options of unit `u` in (start, online before in person) order; none without consent.
pub(crate) fn options(p: &StandingProblem, u: usize, in_person_weight: f64) -> Vec<Opt> {
    options_with(p, u, in_person_weight, &|start| room_exists(p, u, start))
}

/// The options of every unit (as [`options`]), with the room test answered from a table of the
/// largest room open over each (duration, start): `O(R · S · d)` once instead of `O(R)` per
/// unit and start.
pub(crate) fn all_options(p: &StandingProblem, in_person_weight: f64) -> Vec<Vec<Opt>> {
    let n = p.grid.n_slots();
    let mut durations: Vec<u16> = p.units.iter().map(|u| u.duration).collect();
    durations.sort_unstable();
    durations.dedup();
    // largest[k][start]: the largest capacity of a room open over span(start, durations[k]).
    let largest: Vec<Vec<Option<u32>>> = durations
        .iter()
        .map(|&d| {
            (0..n)
                .map(|start| {
                    (0..p.rooms.len())
                        .filter(|&r| span(start, d).all(|t| p.open[r].get(t) == Some(&true)))
                        .map(|r| p.rooms[r].capacity)
                        .max()
                })
                .collect()
        })
        .collect();
    (0..p.units.len())
        .map(|u| {
            let unit = &p.units[u];
            let k = durations.partition_point(|&d| d < unit.duration);
            let row = &largest[k];
            options_with(p, u, in_person_weight, &|start| {
                row[start].is_some_and(|c| c >= unit.size)
            })
        })
        .collect()
}

fn options_with(
    p: &StandingProblem,
    u: usize,
    in_person_weight: f64,
    room_ok: &dyn Fn(usize) -> bool,
) -> Vec<Opt> {
    let mut out = Vec::new();
    if !consents(p, u) {
        return out;
    }
    for start in 0..p.grid.n_slots() {
        let m = modes_at(p, u, start, true);
        if m.is_empty() {
            continue;
        }
        let pref: f64 = p.members[u].iter().map(|&q| p.preference(q, start)).sum();
        if m.allows_online() {
            out.push(Opt {
                unit: u,
                start,
                in_person: false,
                value: pref,
            });
        }
        if m.allows_in_person() && room_ok(start) {
            out.push(Opt {
                unit: u,
                start,
                in_person: true,
                value: pref + in_person_weight,
            });
        }
    }
    out
}

/// Open room capacities per slot, sorted in decreasing order.
pub(crate) fn capacities_by_slot(p: &StandingProblem) -> Vec<Vec<u32>> {
    (0..p.grid.n_slots())
        .map(|t| {
            let mut c: Vec<u32> = (0..p.rooms.len())
                .filter(|&r| p.open[r][t])
                .map(|r| p.rooms[r].capacity)
                .collect();
            c.sort_unstable_by(|a, b| b.cmp(a));
            c
        })
        .collect()
}

/// Occupancy: who is busy when, which in-person sizes meet at each slot, meetings per person
/// and day.
#[derive(Debug, Clone)]
pub(crate) struct State<'a> {
    pub p: &'a StandingProblem,
    caps: Vec<Vec<u32>>,
    /// `busy[person][slot]` = unit + 1, or 0.
    busy: Vec<Vec<u32>>,
    /// In-person sizes meeting at each slot, sorted decreasingly.
    sizes: Vec<Vec<u32>>,
    /// Meetings per (person, day).
    per_day: Vec<Vec<u32>>,
    pub chosen: Vec<Option<Opt>>,
}

impl<'a> State<'a> {
    pub fn new(p: &'a StandingProblem) -> Self {
        let n = p.grid.n_slots();
        State {
            p,
            caps: capacities_by_slot(p),
            busy: vec![vec![0; n]; p.people.len()],
            sizes: vec![Vec::new(); n],
            per_day: vec![vec![0; p.grid.days()]; p.people.len()],
            chosen: vec![None; p.units.len()],
        }
    }

    /// Units (other than `o.unit`) whose members are busy during `o`.
    pub fn person_blockers(&self, o: &Opt) -> Vec<usize> {
        let d = self.p.units[o.unit].duration;
        let mut b: Vec<usize> = Vec::new();
        for &q in &self.p.members[o.unit] {
            for t in span(o.start, d) {
                let v = self.busy[q][t];
                if v != 0 && (v - 1) as usize != o.unit {
                    b.push((v - 1) as usize);
                }
            }
        }
        b.sort_unstable();
        b.dedup();
        b
    }

    /// Whether the rooms can still hold one more in-person meeting of `size` at slot `t`
    /// (Hall's condition for nested capacity sets: the k-th largest size fits the k-th largest
    /// open room).
    pub fn room_fits(&self, t: usize, size: u32) -> bool {
        let caps = &self.caps[t];
        let s = &self.sizes[t];
        if s.len() >= caps.len() {
            return false;
        }
        let pos = s.partition_point(|&x| x >= size);
        // Sizes before pos keep their rank, `size` takes rank pos, the rest shift by one.
        if caps[pos] < size {
            return false;
        }
        s[pos..]
            .iter()
            .enumerate()
            .all(|(k, &x)| caps[pos + 1 + k] >= x)
    }

    /// Whether `o` can be added now.
    pub fn fits(&self, o: &Opt) -> bool {
        let u = &self.p.units[o.unit];
        self.person_blockers(o).is_empty()
            && (!o.in_person || span(o.start, u.duration).all(|t| self.room_fits(t, u.size)))
    }

    /// Spread penalty increase (in meetings beyond the first per person and day) of adding `o`.
    pub fn extra_same_day(&self, o: &Opt) -> u32 {
        let d = self.p.grid.day_of(o.start);
        self.p.members[o.unit]
            .iter()
            .filter(|&&q| self.per_day[q][d] >= 1)
            .count() as u32
    }

    pub fn add(&mut self, o: Opt) {
        let u = &self.p.units[o.unit];
        for &q in &self.p.members[o.unit] {
            for t in span(o.start, u.duration) {
                self.busy[q][t] = o.unit as u32 + 1;
            }
            self.per_day[q][self.p.grid.day_of(o.start)] += 1;
        }
        if o.in_person {
            for t in span(o.start, u.duration) {
                let s = &mut self.sizes[t];
                let pos = s.partition_point(|&x| x >= u.size);
                s.insert(pos, u.size);
            }
        }
        self.chosen[o.unit] = Some(o);
    }

    pub fn remove(&mut self, unit: usize) {
        let Some(o) = self.chosen[unit].take() else {
            return;
        };
        let u = &self.p.units[unit];
        for &q in &self.p.members[unit] {
            for t in span(o.start, u.duration) {
                self.busy[q][t] = 0;
            }
            self.per_day[q][self.p.grid.day_of(o.start)] -= 1;
        }
        if o.in_person {
            for t in span(o.start, u.duration) {
                let s = &mut self.sizes[t];
                if let Some(k) = s.iter().position(|&x| x == u.size) {
                    s.remove(k);
                }
            }
        }
    }

    /// Who is busy at `(person, slot)`.
    pub fn busy_with(&self, q: usize, t: usize) -> Option<usize> {
        let v = self.busy[q][t];
        (v != 0).then(|| (v - 1) as usize)
    }

    /// Whether at slot `t` the in-person meetings fill the rooms for size `size`.
    pub fn rooms_full(&self, t: usize, size: u32) -> bool {
        !self.room_fits(t, size)
    }
}

/// `(number scheduled, soft objective)` of a set of choices: preferences and in-person weights
/// of the chosen options minus `spread_weight` per meeting beyond the first of a person on a day.
pub(crate) fn evaluate(
    p: &StandingProblem,
    chosen: &[Option<Opt>],
    spread_weight: f64,
) -> (usize, f64) {
    let mut per_day = vec![vec![0u32; p.grid.days()]; p.people.len()];
    let mut n = 0;
    let mut value = 0.0;
    for o in chosen.iter().flatten() {
        n += 1;
        value += o.value;
        for &q in &p.members[o.unit] {
            per_day[q][p.grid.day_of(o.start)] += 1;
        }
    }
    let extra: u64 = per_day
        .iter()
        .flatten()
        .map(|&k| u64::from(k.saturating_sub(1)))
        .sum();
    (n, value - spread_weight * extra as f64)
}
