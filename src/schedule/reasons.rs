//! Why a unit is unscheduled: reason codes naming whom and what to blame, and an on-demand
//! minimal conflict set.
//!
//! # Reason codes
//! Every unit left without a slot gets exactly one [`Reason`], checked in this order:
//!
//! | code | meaning | names |
//! |---|---|---|
//! | [`ReasonCode::NoConsent`] | a member has no recorded consent | nobody (consent) |
//! | [`ReasonCode::NoCommonSlot`] | no start slot where all members are available, in any mode | the members whose availability excludes every slot the others share (all when no single member is to blame) |
//! | [`ReasonCode::NoCommonMode`] | common slots exist but none in a mode the unit allows | the members, the slots |
//! | [`ReasonCode::NoRoomWithCapacity`] | in person only, and no room with enough seats is open at any common slot | the slots, the largest rooms |
//! | [`ReasonCode::PersonConflict`] | every possible slot is taken by another meeting of a member | the members and units |
//! | [`ReasonCode::RoomsFull`] | every possible slot lacks a free room (others hold them) | the slots and rooms |
//! | [`ReasonCode::Conflict`] | a mix of the two above | members, units, slots |
//! | [`ReasonCode::RoomAssignment`] | the slot was chosen but the room pass found no single room for the whole meeting | the slot |
//!
//! # Conflict set
//! [`conflict_set`] runs a *deletion filter* over the hard rules that concern one unit given
//! the others' placements: start from all rules (each member's availability, the unit's mode,
//! each "member busy with unit v", the rooms), which together admit no placement; drop each rule
//! in turn and keep it dropped when the rest still admits none. What remains is an irreducible
//! set: every rule in it is needed for the unit to be unplaceable. `O(K² · S · |u| · d)` for `K`
//! rules.
//!
//! # Examples
//! ```
//! use nastavnik::availability::{Availability, Grid};
//! use nastavnik::schedule::{Person, StandingOptions, StandingProblem, Unit, ReasonCode, solve_standing};
//! let grid = Grid::new(1, 600, 60, 1)?;            // one slot
//! let p = StandingProblem::new(grid,
//!     vec![Person::new("t"), Person::new("a"), Person::new("b")],
//!     vec![Unit::new("t+a", ["t", "a"]), Unit::new("t+b", ["t", "b"])], vec![])?;
//! let s = solve_standing(&p, &StandingOptions::default())?;
//! let (u, r) = s.unscheduled().next().unwrap();
//! assert_eq!(r.code, ReasonCode::PersonConflict);
//! assert_eq!(r.people, vec!["t".to_string()]);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::availability::SlotModes;
use crate::error::{Error, Result};
use crate::schedule::standing::options::{State, consents, modes_at, options, room_exists, span};
use crate::schedule::standing::{Placement, StandingSolution};
use crate::schedule::units::StandingProblem;

/// Why a unit is unscheduled (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// A member has no recorded consent.
    NoConsent,
    /// No slot where all members are available.
    NoCommonSlot,
    /// Common slots, but not in a mode the unit allows.
    NoCommonMode,
    /// No room large enough open at any common slot.
    NoRoomWithCapacity,
    /// Members are busy with other meetings at every possible slot.
    PersonConflict,
    /// Rooms are taken at every possible slot.
    RoomsFull,
    /// Both member and room conflicts.
    Conflict,
    /// No single room for the whole (multi-slot) meeting.
    RoomAssignment,
    /// Every date of the meeting is excluded (holidays, breaks, absences, closures).
    OnlyExcludedDates,
}

impl ReasonCode {
    /// The snake_case name.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::ReasonCode::NoCommonSlot.as_str(), "no_common_slot");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NoConsent => "no_consent",
            ReasonCode::NoCommonSlot => "no_common_slot",
            ReasonCode::NoCommonMode => "no_common_mode",
            ReasonCode::NoRoomWithCapacity => "no_room_with_capacity",
            ReasonCode::PersonConflict => "person_conflict",
            ReasonCode::RoomsFull => "rooms_full",
            ReasonCode::Conflict => "conflict",
            ReasonCode::RoomAssignment => "room_assignment",
            ReasonCode::OnlyExcludedDates => "only_excluded_dates",
        }
    }
}

/// A reason code with the people, units, slots and rooms to blame.
///
/// ```
/// use nastavnik::schedule::{Reason, ReasonCode};
/// let r = Reason::new(ReasonCode::NoCommonSlot).with_people(["a"]);
/// assert_eq!(r.to_string(), "no_common_slot (people: a)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reason {
    /// The code.
    pub code: ReasonCode,
    /// Person ids to blame.
    pub people: Vec<String>,
    /// Other units involved.
    pub units: Vec<String>,
    /// Grid slots involved.
    pub slots: Vec<usize>,
    /// Room ids involved.
    pub rooms: Vec<String>,
}

impl Reason {
    /// A reason with nothing named yet.
    ///
    /// ```
    /// assert!(nastavnik::schedule::Reason::new(nastavnik::schedule::ReasonCode::NoConsent).people.is_empty());
    /// ```
    pub fn new(code: ReasonCode) -> Self {
        Reason {
            code,
            people: Vec::new(),
            units: Vec::new(),
            slots: Vec::new(),
            rooms: Vec::new(),
        }
    }

    /// Name people.
    ///
    /// ```
    /// use nastavnik::schedule::{Reason, ReasonCode};
    /// assert_eq!(Reason::new(ReasonCode::Conflict).with_people(["x"]).people, ["x"]);
    /// ```
    pub fn with_people<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.people.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Name units.
    ///
    /// ```
    /// use nastavnik::schedule::{Reason, ReasonCode};
    /// assert_eq!(Reason::new(ReasonCode::Conflict).with_units(["u"]).units, ["u"]);
    /// ```
    pub fn with_units<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.units.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Name slots.
    ///
    /// ```
    /// use nastavnik::schedule::{Reason, ReasonCode};
    /// assert_eq!(Reason::new(ReasonCode::RoomsFull).with_slots([3]).slots, [3]);
    /// ```
    pub fn with_slots(mut self, slots: impl IntoIterator<Item = usize>) -> Self {
        self.slots.extend(slots);
        self
    }

    /// Name rooms.
    ///
    /// ```
    /// use nastavnik::schedule::{Reason, ReasonCode};
    /// assert_eq!(Reason::new(ReasonCode::RoomsFull).with_rooms(["r"]).rooms, ["r"]);
    /// ```
    pub fn with_rooms<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.rooms.extend(ids.into_iter().map(Into::into));
        self
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        let mut parts = Vec::new();
        if !self.people.is_empty() {
            parts.push(format!("people: {}", self.people.join(", ")));
        }
        if !self.units.is_empty() {
            parts.push(format!("units: {}", self.units.join(", ")));
        }
        if !self.slots.is_empty() {
            let s: Vec<String> = self.slots.iter().map(|s| format!("slot {s}")).collect();
            parts.push(s.join(", "));
        }
        if !self.rooms.is_empty() {
            parts.push(format!("rooms: {}", self.rooms.join(", ")));
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join("; "))?;
        }
        Ok(())
    }
}

fn starts(p: &StandingProblem) -> std::ops::Range<usize> {
    0..p.grid.n_slots()
}

fn ids(p: &StandingProblem, who: &[usize]) -> Vec<String> {
    who.iter().map(|&q| p.people[q].id.clone()).collect()
}

/// Slots where all members of `u` except `skip` are available in some mode.
fn common_slots(p: &StandingProblem, u: usize, skip: Option<usize>) -> Vec<usize> {
    let d = p.units[u].duration;
    starts(p)
        .filter(|&s| {
            p.grid.position_of(s) + usize::from(d) <= p.grid.slots_per_day()
                && p.members[u]
                    .iter()
                    .filter(|&&q| Some(q) != skip)
                    .all(|&q| span(s, d).all(|t| !p.modes[q][t].is_empty()))
        })
        .collect()
}

/// The reason unit `u` is unscheduled given the final state `st` (which must not hold `u`).
pub(crate) fn diagnose(
    p: &StandingProblem,
    st: &State<'_>,
    u: usize,
    room_failed: Option<usize>,
    in_person_weight: f64,
) -> Reason {
    if !consents(p, u) {
        return Reason::new(ReasonCode::NoConsent);
    }
    let common = common_slots(p, u, None);
    if common.is_empty() {
        let culprits: Vec<usize> = p.members[u]
            .iter()
            .copied()
            .filter(|&q| p.members[u].len() == 1 || !common_slots(p, u, Some(q)).is_empty())
            .collect();
        let blame = if culprits.is_empty() {
            p.members[u].clone()
        } else {
            culprits
        };
        return Reason::new(ReasonCode::NoCommonSlot).with_people(ids(p, &blame));
    }
    let moded: Vec<usize> = common
        .iter()
        .copied()
        .filter(|&s| !modes_at(p, u, s, true).is_empty())
        .collect();
    if moded.is_empty() {
        return Reason::new(ReasonCode::NoCommonMode)
            .with_people(ids(p, &p.members[u]))
            .with_slots(common);
    }
    let opts = options(p, u, in_person_weight);
    if opts.is_empty() {
        // Only in person is possible at the common slots, and no room fits.
        let size = p.units[u].size;
        let mut big: Vec<&crate::schedule::units::Room> = p.rooms.iter().collect();
        big.sort_by_key(|r| std::cmp::Reverse(r.capacity));
        let named: Vec<String> = big
            .iter()
            .take(3)
            .map(|r| format!("{} ({} seats, need {size})", r.id, r.capacity))
            .collect();
        debug_assert!(moded.iter().all(|&s| !room_exists(p, u, s)));
        return Reason::new(ReasonCode::NoRoomWithCapacity)
            .with_slots(moded)
            .with_rooms(named);
    }
    if let Some(slot) = room_failed {
        return Reason::new(ReasonCode::RoomAssignment).with_slots([slot]);
    }
    let mut people = Vec::new();
    let mut units = Vec::new();
    let mut room_slots = Vec::new();
    let (mut by_person, mut by_room) = (0usize, 0usize);
    for o in &opts {
        let blockers = st.person_blockers(o);
        if !blockers.is_empty() {
            by_person += 1;
            for &q in &p.members[u] {
                if span(o.start, p.units[u].duration)
                    .any(|t| st.busy_with(q, t).is_some_and(|v| v != u))
                {
                    people.push(q);
                }
            }
            units.extend(blockers);
        } else if o.in_person {
            by_room += 1;
            room_slots.extend(
                span(o.start, p.units[u].duration).filter(|&t| st.rooms_full(t, p.units[u].size)),
            );
        }
    }
    people.sort_unstable();
    people.dedup();
    units.sort_unstable();
    units.dedup();
    room_slots.sort_unstable();
    room_slots.dedup();
    let unit_ids: Vec<String> = units.iter().map(|&v| p.units[v].id.clone()).collect();
    let code = match (by_person > 0, by_room > 0) {
        (true, false) => ReasonCode::PersonConflict,
        (false, true) => ReasonCode::RoomsFull,
        _ => ReasonCode::Conflict,
    };
    let rooms: Vec<String> = if by_room > 0 {
        p.rooms
            .iter()
            .filter(|r| r.capacity >= p.units[u].size)
            .map(|r| r.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    Reason::new(code)
        .with_people(ids(p, &people))
        .with_units(unit_ids)
        .with_slots(room_slots)
        .with_rooms(rooms)
}

/// One hard rule concerning a unit, as listed by [`conflict_set`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HardRule {
    /// Person's availability (slots and modes).
    Availability {
        /// Person id.
        person: String,
    },
    /// The unit's own mode (in person / online).
    UnitMode,
    /// A member is busy with another unit's meeting.
    Busy {
        /// Person id.
        person: String,
        /// The other unit's id.
        unit: String,
    },
    /// The rooms: enough seats, open, not taken by other meetings.
    Rooms,
    /// A meeting fits inside one day of the grid.
    DayLength,
}
crate::suggest::tagged_serde!(HardRule, "rule", "hard rule");

impl fmt::Display for HardRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HardRule::Availability { person } => write!(f, "availability of {person}"),
            HardRule::UnitMode => write!(f, "the unit's mode"),
            HardRule::Busy { person, unit } => write!(f, "{person} is busy with unit {unit}"),
            HardRule::Rooms => write!(f, "room capacity"),
            HardRule::DayLength => write!(f, "meeting within one day"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    Avail(usize),
    Mode,
    Busy(usize, usize),
    Rooms,
    Day,
}

/// Can unit `u` be placed under the active rules, given the others' placements?
fn placeable(p: &StandingProblem, placed: &[Option<Placement>], u: usize, active: &[Rule]) -> bool {
    let unit = &p.units[u];
    let d = unit.duration;
    let on = |r: Rule| active.contains(&r);
    let spd = p.grid.slots_per_day();
    for s in starts(p) {
        // Without the day-length rule a meeting may run past the day's end: clip to the grid.
        if on(Rule::Day) && p.grid.position_of(s) + usize::from(d) > spd {
            continue;
        }
        let slots: Vec<usize> = span(s, d).filter(|&t| t < p.grid.n_slots()).collect();
        let mut m = if on(Rule::Mode) {
            SlotModes::of(unit.mode)
        } else {
            SlotModes::BOTH
        };
        for &q in &p.members[u] {
            if on(Rule::Avail(q)) {
                for &t in &slots {
                    m = m.and(p.modes[q][t]);
                }
            }
        }
        if m.is_empty() {
            continue;
        }
        let busy_ok = active.iter().all(|r| match *r {
            Rule::Busy(_, v) => placed.get(v).and_then(Option::as_ref).is_none_or(|pl| {
                let other = span(pl.slot, pl.duration);
                !slots.iter().any(|t| other.contains(t))
            }),
            _ => true,
        });
        if !busy_ok {
            continue;
        }
        if m.allows_online() || !on(Rule::Rooms) {
            return true;
        }
        let room_ok = (0..p.rooms.len()).any(|r| {
            p.rooms[r].capacity >= unit.size
                && slots.iter().all(|&t| {
                    p.open[r][t]
                        && !placed.iter().flatten().any(|pl| {
                            pl.unit != u
                                && pl.room_index == Some(r)
                                && span(pl.slot, pl.duration).contains(&t)
                        })
                })
        });
        if room_ok {
            return true;
        }
    }
    false
}

/// An irreducible set of hard rules that together leave unit `u` (index) without a placement,
/// given the other units' placements in `sol` (deletion filter, see the module docs). Empty
/// when `u` is placed in `sol` or could be placed; units without consent give no rules (the
/// reason says it).
///
/// # Errors
/// [`Error::UnknownId`] when `u` is not a unit of `p`, or `sol` is not a solution of `p`.
///
/// ```
/// use nastavnik::availability::Grid;
/// use nastavnik::schedule::*;
/// let p = StandingProblem::new(Grid::new(1, 600, 60, 1)?,
///     vec![Person::new("t"), Person::new("a"), Person::new("b")],
///     vec![Unit::new("t+a", ["t", "a"]), Unit::new("t+b", ["t", "b"])], vec![])?;
/// let s = solve_standing(&p, &StandingOptions::default())?;
/// let (u, _) = s.unscheduled().next().unwrap();
/// let rules = conflict_set(&p, &s, u)?;
/// assert!(rules.iter().any(|r| matches!(r, HardRule::Busy { person, .. } if person == "t")));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn conflict_set(
    p: &StandingProblem,
    sol: &StandingSolution,
    u: usize,
) -> Result<Vec<HardRule>> {
    if u >= p.units.len() || sol.placements().len() != p.units.len() {
        return Err(Error::UnknownId {
            what: "unit index (or a solution of another problem)".to_string(),
            id: u.to_string(),
        });
    }
    Ok(conflict_set_among(p, sol.placements(), u))
}

/// [`conflict_set`] given the other units' placements directly (`placed[v]` for unit `v`,
/// `placed.len() == p.units.len()` and `u < p.units.len()`, checked by the callers).
pub(crate) fn conflict_set_among(
    p: &StandingProblem,
    placed: &[Option<Placement>],
    u: usize,
) -> Vec<HardRule> {
    if placed.get(u).is_some_and(Option::is_some) || !consents(p, u) {
        return Vec::new();
    }
    let mut rules: Vec<Rule> = vec![Rule::Day, Rule::Mode, Rule::Rooms];
    for &q in &p.members[u] {
        rules.push(Rule::Avail(q));
    }
    for (v, pl) in placed.iter().enumerate() {
        if let Some(pl) = pl
            && v != u
        {
            for &q in &p.members[u] {
                if p.members[pl.unit].contains(&q) {
                    rules.push(Rule::Busy(q, v));
                }
            }
        }
    }
    if placeable(p, placed, u, &rules) {
        return Vec::new();
    }
    let mut k = 0;
    while k < rules.len() {
        let mut without = rules.clone();
        without.remove(k);
        if placeable(p, placed, u, &without) {
            k += 1;
        } else {
            rules = without;
        }
    }
    rules
        .into_iter()
        .map(|r| match r {
            Rule::Avail(q) => HardRule::Availability {
                person: p.people[q].id.clone(),
            },
            Rule::Mode => HardRule::UnitMode,
            Rule::Busy(q, v) => HardRule::Busy {
                person: p.people[q].id.clone(),
                unit: p.units[v].id.clone(),
            },
            Rule::Rooms => HardRule::Rooms,
            Rule::Day => HardRule::DayLength,
        })
        .collect()
}
