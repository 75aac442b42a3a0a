//! The inputs of the standing-slot scheduler: people, units (pairs or groups), rooms, and the
//! validated [`StandingProblem`] built from them.
//!
//! # Contract
//! * A [`Person`] has an id, a consent flag, an [`Availability`] and optional weighted
//!   preferred start slots of the problem's [`Grid`].
//! * A [`Unit`] is a pair or group meeting weekly: the ids of its people (mentors and mentees),
//!   a [`Mode`] (in person, online, either), a size (room seats needed, by default the number of
//!   people) and a duration in grid slots (default 1).
//! * A [`Room`] has an id, a capacity and optionally slots at which it is closed.
//!
//! [`StandingProblem::new`] validates everything once: ids unique and non-empty, every person of
//! a unit known and listed once, durations between 1 and the slots of a day, preferred and closed
//! slots inside the grid, preference weights finite. Errors name the offending id and field.
//!
//! # Complexity
//! `O(P·S + Σ|unit| + R·S)` time and memory for `P` people, `S` grid slots, `R` rooms.
//!
//! # Examples
//! ```
//! use nastavnik::availability::Grid;
//! use nastavnik::cohort::Mode;
//! use nastavnik::schedule::{Person, Room, StandingProblem, Unit};
//! let grid = Grid::new(5, 15 * 60, 60, 3)?;
//! let people = vec![Person::new("anna"), Person::new("boris")];
//! let units = vec![Unit::new("pair-1", ["anna", "boris"]).with_mode(Mode::InPerson)];
//! let rooms = vec![Room::new("101", 2)];
//! let p = StandingProblem::new(grid, people, units, rooms)?;
//! assert_eq!(p.n_units(), 1);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::availability::{Availability, Grid, SlotModes};
use crate::cohort::{Mode, Participant};
use crate::error::{Error, Result};

/// A person who takes part in meetings.
///
/// ```
/// use nastavnik::schedule::Person;
/// let p = Person::new("m1").with_preferred(3, 2.0);
/// assert!(p.consent);
/// assert_eq!(p.preferred, vec![(3, 2.0)]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id.
    pub id: String,
    /// Consent to process personal data; units with a person without it are never scheduled.
    #[serde(default = "yes")]
    pub consent: bool,
    /// When the person can meet.
    #[serde(default)]
    pub availability: Availability,
    /// Preferred start slots of the grid with their weights (any finite sign).
    #[serde(default)]
    pub preferred: Vec<(usize, f64)>,
}

fn yes() -> bool {
    true
}

impl Person {
    /// A consenting person, always available, without preferences.
    ///
    /// ```
    /// assert!(nastavnik::schedule::Person::new("x").availability.is_always());
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Person {
            id: id.into(),
            consent: true,
            availability: Availability::always(),
            preferred: Vec::new(),
        }
    }

    /// From a cohort participant: id, consent and availability.
    ///
    /// ```
    /// use nastavnik::cohort::{Participant, Role};
    /// let p = nastavnik::schedule::Person::from_participant(&Participant::new("m", Role::Mentor));
    /// assert!(!p.consent);
    /// ```
    pub fn from_participant(p: &Participant) -> Self {
        Person {
            id: p.id.clone(),
            consent: p.consent,
            availability: p.availability.clone(),
            preferred: Vec::new(),
        }
    }

    /// Set the consent flag.
    ///
    /// ```
    /// assert!(!nastavnik::schedule::Person::new("x").with_consent(false).consent);
    /// ```
    pub fn with_consent(mut self, consent: bool) -> Self {
        self.consent = consent;
        self
    }

    /// Set the availability.
    ///
    /// ```
    /// use nastavnik::availability::Availability;
    /// let p = nastavnik::schedule::Person::new("x").with_availability(Availability::never());
    /// assert!(p.availability.windows().is_empty());
    /// ```
    pub fn with_availability(mut self, availability: Availability) -> Self {
        self.availability = availability;
        self
    }

    /// Add a preferred start slot with a weight.
    ///
    /// ```
    /// let p = nastavnik::schedule::Person::new("x").with_preferred(0, 1.0).with_preferred(4, -1.0);
    /// assert_eq!(p.preferred.len(), 2);
    /// ```
    pub fn with_preferred(mut self, slot: usize, weight: f64) -> Self {
        self.preferred.push((slot, weight));
        self
    }
}

/// A pair or group that meets once a week.
///
/// ```
/// use nastavnik::{cohort::Mode, schedule::Unit};
/// let u = Unit::new("g1", ["t1", "s1", "s2"]).with_mode(Mode::Online).with_duration(2);
/// assert_eq!((u.size, u.duration), (3, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique id.
    pub id: String,
    /// Ids of the people meeting (mentors and mentees).
    pub people: Vec<String>,
    /// In person, online, or either.
    #[serde(default)]
    pub mode: Mode,
    /// Room seats needed when meeting in person.
    pub size: u32,
    /// Length in grid slots (at least 1).
    #[serde(default = "one")]
    pub duration: u16,
}

fn one() -> u16 {
    1
}

impl Unit {
    /// A unit of these people, mode either, size = number of people, duration 1.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::Unit::new("p", ["a", "b"]).size, 2);
    /// ```
    pub fn new<S: Into<String>>(
        id: impl Into<String>,
        people: impl IntoIterator<Item = S>,
    ) -> Self {
        let people: Vec<String> = people.into_iter().map(Into::into).collect();
        Unit {
            id: id.into(),
            size: u32::try_from(people.len()).unwrap_or(u32::MAX),
            people,
            mode: Mode::Either,
            duration: 1,
        }
    }

    /// Set the mode.
    ///
    /// ```
    /// use nastavnik::{cohort::Mode, schedule::Unit};
    /// assert_eq!(Unit::new("p", ["a"]).with_mode(Mode::Online).mode, Mode::Online);
    /// ```
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Set the number of seats needed.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::Unit::new("p", ["a"]).with_size(5).size, 5);
    /// ```
    pub fn with_size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    /// Set the duration in grid slots.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::Unit::new("p", ["a"]).with_duration(2).duration, 2);
    /// ```
    pub fn with_duration(mut self, slots: u16) -> Self {
        self.duration = slots;
        self
    }
}

/// A room for in-person meetings.
///
/// ```
/// let r = nastavnik::schedule::Room::new("актовый зал", 30).with_closed([0, 1]);
/// assert_eq!(r.closed, vec![0, 1]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub struct Room {
    /// Unique id.
    pub id: String,
    /// Seats.
    pub capacity: u32,
    /// Grid slots at which the room cannot be used.
    #[serde(default)]
    pub closed: Vec<usize>,
}

impl Room {
    /// A room open at every slot.
    ///
    /// ```
    /// assert!(nastavnik::schedule::Room::new("r", 4).closed.is_empty());
    /// ```
    pub fn new(id: impl Into<String>, capacity: u32) -> Self {
        Room {
            id: id.into(),
            capacity,
            closed: Vec::new(),
        }
    }

    /// Close the room at these grid slots.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::Room::new("r", 4).with_closed([2]).closed, vec![2]);
    /// ```
    pub fn with_closed(mut self, slots: impl IntoIterator<Item = usize>) -> Self {
        self.closed.extend(slots);
        self
    }
}

/// A validated scheduling problem with its indices precomputed.
///
/// ```
/// use nastavnik::{availability::Grid, schedule::*};
/// let e = StandingProblem::new(Grid::legacy(), vec![], vec![Unit::new("u", ["ghost"])], vec![]);
/// assert!(e.unwrap_err().to_string().contains("\"ghost\""));
/// ```
#[derive(Debug, Clone)]
pub struct StandingProblem {
    pub(crate) grid: Grid,
    pub(crate) people: Vec<Person>,
    pub(crate) units: Vec<Unit>,
    pub(crate) rooms: Vec<Room>,
    /// Person indices of each unit.
    pub(crate) members: Vec<Vec<usize>>,
    /// Modes per person per slot.
    pub(crate) modes: Vec<Vec<SlotModes>>,
    /// Preference weight per person: slot -> summed weight.
    pub(crate) prefs: Vec<BTreeMap<usize, f64>>,
    /// Whether room r is open at slot s: `open[r][s]`.
    pub(crate) open: Vec<Vec<bool>>,
}

fn check_unique<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<BTreeMap<&'a str, usize>> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, id) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(Error::invalid(what, format!("row {k} has an empty id")));
        }
        if let Some(&first) = seen.get(id) {
            return Err(Error::DuplicateId {
                what: what.to_string(),
                id: id.to_string(),
                first,
                second: k,
            });
        }
        seen.insert(id, k);
    }
    Ok(seen)
}

impl StandingProblem {
    /// Validate and index a problem.
    ///
    /// # Errors
    /// [`Error::DuplicateId`], [`Error::UnknownId`] (a unit's person), [`Error::InvalidValue`]
    /// (empty ids or units, a person twice in a unit, durations, slots outside the grid,
    /// non-finite weights), all naming the id and field.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::*};
    /// let p = vec![Person::new("a").with_preferred(99, 1.0)];
    /// let e = StandingProblem::new(Grid::legacy(), p, vec![], vec![]).unwrap_err();
    /// assert!(e.to_string().contains("outside the grid"));
    /// ```
    pub fn new(
        grid: Grid,
        people: Vec<Person>,
        units: Vec<Unit>,
        rooms: Vec<Room>,
    ) -> Result<Self> {
        grid.validate()?;
        let n_slots = grid.n_slots();
        let person_of = check_unique("people", people.iter().map(|p| p.id.as_str()))?;
        check_unique("units", units.iter().map(|u| u.id.as_str()))?;
        check_unique("rooms", rooms.iter().map(|r| r.id.as_str()))?;
        let mut members = Vec::with_capacity(units.len());
        for u in &units {
            if u.people.is_empty() {
                return Err(Error::invalid(format!("unit {:?}", u.id), "has no people"));
            }
            if u.duration == 0 || usize::from(u.duration) > grid.slots_per_day() {
                return Err(Error::invalid(
                    format!("unit {:?} duration", u.id),
                    format!(
                        "{} slots; must be between 1 and the {} slots of a day",
                        u.duration,
                        grid.slots_per_day()
                    ),
                ));
            }
            let mut idx = Vec::with_capacity(u.people.len());
            for id in &u.people {
                let &k = person_of.get(id.as_str()).ok_or_else(|| Error::UnknownId {
                    what: format!("people of unit {:?}", u.id),
                    id: id.clone(),
                })?;
                if idx.contains(&k) {
                    return Err(Error::invalid(
                        format!("unit {:?}", u.id),
                        format!("lists person {id:?} twice"),
                    ));
                }
                idx.push(k);
            }
            members.push(idx);
        }
        let mut prefs = Vec::with_capacity(people.len());
        for p in &people {
            let mut m: BTreeMap<usize, f64> = BTreeMap::new();
            for &(s, w) in &p.preferred {
                if s >= n_slots {
                    return Err(Error::invalid(
                        format!("preferred slots of {:?}", p.id),
                        format!("slot {s} is outside the grid ({n_slots} slots)"),
                    ));
                }
                if !w.is_finite() {
                    return Err(Error::invalid(
                        format!("preferred slots of {:?}", p.id),
                        format!("weight {w} of slot {s} is not finite"),
                    ));
                }
                *m.entry(s).or_insert(0.0) += w;
            }
            if m.values().any(|w| !w.is_finite()) {
                return Err(Error::invalid(
                    format!("preferred slots of {:?}", p.id),
                    "weights overflow when summed",
                ));
            }
            prefs.push(m);
        }
        let mut open = Vec::with_capacity(rooms.len());
        for r in &rooms {
            let mut o = vec![true; n_slots];
            for &s in &r.closed {
                *o.get_mut(s).ok_or_else(|| {
                    Error::invalid(
                        format!("closed slots of room {:?}", r.id),
                        format!("slot {s} is outside the grid ({n_slots} slots)"),
                    )
                })? = false;
            }
            open.push(o);
        }
        let modes = people
            .iter()
            .map(|p| p.availability.on_grid(&grid))
            .collect();
        Ok(StandingProblem {
            grid,
            people,
            units,
            rooms,
            members,
            modes,
            prefs,
            open,
        })
    }

    /// The grid.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::StandingProblem};
    /// let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?;
    /// assert_eq!(p.grid().n_slots(), 56);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Number of units.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::StandingProblem};
    /// assert_eq!(StandingProblem::new(Grid::legacy(), vec![], vec![], vec![])?.n_units(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// The units, in input order.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a")], vec![Unit::new("u", ["a"])], vec![])?;
    /// assert_eq!(p.units()[0].id, "u");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The people, in input order.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a")], vec![], vec![])?;
    /// assert_eq!(p.people()[0].id, "a");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The rooms, in input order.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![Room::new("r", 3)])?;
    /// assert_eq!(p.rooms()[0].capacity, 3);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn rooms(&self) -> &[Room] {
        &self.rooms
    }

    /// Person indices of unit `u`.
    ///
    /// ```
    /// use nastavnik::{availability::Grid, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a"), Person::new("b")],
    ///     vec![Unit::new("u", ["b", "a"])], vec![])?;
    /// assert_eq!(p.members(0), &[1, 0]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn members(&self, u: usize) -> &[usize] {
        &self.members[u]
    }

    /// The modes person `p` is available in at slot `s`.
    ///
    /// ```
    /// use nastavnik::{availability::*, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a")], vec![], vec![])?;
    /// assert_eq!(p.person_modes(0, 3), SlotModes::BOTH);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn person_modes(&self, p: usize, s: usize) -> SlotModes {
        self.modes[p][s]
    }

    /// Preference weight of person `p` for meetings starting at slot `s` (0 when none).
    ///
    /// ```
    /// use nastavnik::{availability::*, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![Person::new("a").with_preferred(2, 1.5)], vec![], vec![])?;
    /// assert_eq!(p.preference(0, 2), 1.5);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn preference(&self, p: usize, s: usize) -> f64 {
        self.prefs[p].get(&s).copied().unwrap_or(0.0)
    }

    /// Whether room `r` is open at slot `s`.
    ///
    /// ```
    /// use nastavnik::{availability::*, schedule::*};
    /// let p = StandingProblem::new(Grid::legacy(), vec![], vec![], vec![Room::new("r", 1).with_closed([5])])?;
    /// assert!(!p.room_open(0, 5) && p.room_open(0, 4));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn room_open(&self, r: usize, s: usize) -> bool {
        self.open[r][s]
    }

    /// Close extra slots for people and rooms (used by the dated mode: one week's exceptions).
    /// `people` and `rooms` list `(index, slot)` pairs; slots outside the grid are ignored.
    pub(crate) fn with_closures(
        &self,
        people: &[(usize, usize)],
        rooms: &[(usize, usize)],
    ) -> Self {
        let mut p = self.clone();
        for &(i, s) in people {
            if let Some(m) = p.modes.get_mut(i).and_then(|v| v.get_mut(s)) {
                *m = SlotModes::NONE;
            }
        }
        for &(r, s) in rooms {
            if let Some(o) = p.open.get_mut(r).and_then(|v| v.get_mut(s)) {
                *o = false;
            }
        }
        p
    }
}
