//! The validated input of [`super::schedule`]: units (pairs, groups or explicit units), people,
//! calendar, slot grid, rooms, programme template and options, readable from JSON with unknown
//! keys rejected and every error naming the list, position and id.
//!
//! # Contract
//! * Units come from `pairs` (mentee–mentor, e.g. an [`Assignment`] with ids), grouped by
//!   `grouping` (`"pairs"`: one unit per pair; `"groups"`: one unit per mentor with all of its
//!   mentees), and from explicit `units`. Every id a unit names must be a known person
//!   ([`Error::UnknownId`] naming the unit and the id).
//! * **Consent**: people without consent are removed from every unit *before* scheduling; a unit
//!   left with fewer than two people (of at least two), and a group whose mentor has no consent
//!   (its id is the mentor's), are dropped and only counted; an explicit unit whose id equals
//!   such a person's id is renamed `unit-<k>`. They are never passed to the solver, the calendar
//!   (their absences are dropped) or any output.
//! * A unit's form is its own `form`, else the first member's; the form selects the programme,
//!   whose `mode` gives the unit's mode (unless the unit sets one) and whose `duration_minutes`
//!   the number of grid slots (rounded up; unless the unit sets `duration`).
//! * Absences must name known people and closures known rooms ([`Error::UnknownId`]).
//!
//! # Examples
//! ```
//! use nastavnik::schedule::plan::ScheduleRequest;
//! let r = ScheduleRequest::from_json(r#"{
//!   "pairs": [{"mentee": "s1", "mentor": "t1"}],
//!   "people": [{"id": "s1"}, {"id": "t1"}],
//!   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
//! }"#)?;
//! assert_eq!(r.pairs.len(), 1);
//! assert!(ScheduleRequest::from_json(r#"{"peple": []}"#).unwrap_err().to_string().contains("peple"));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assign::Assignment;
use crate::availability::{Availability, Grid};
use crate::cohort::{Cohort, Form, Mode};
use crate::error::{Error, Result};
use crate::schedule::calendar::CalendarSpec;
use crate::schedule::programme::{MeetingMode, Programme};
use crate::schedule::standing::{Method, StandingOptions};
use crate::schedule::units::{Person, Room, StandingProblem, Unit};

/// One mentee–mentor pair.
///
/// ```
/// let p = nastavnik::schedule::plan::PairSpec::new("s1", "t1");
/// assert_eq!((p.mentee.as_str(), p.mentor.as_str()), ("s1", "t1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PairSpec {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
}

impl PairSpec {
    /// A pair.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::plan::PairSpec::new("a", "b").mentor, "b");
    /// ```
    pub fn new(mentee: impl Into<String>, mentor: impl Into<String>) -> Self {
        Self {
            mentee: mentee.into(),
            mentor: mentor.into(),
        }
    }
}

/// How pairs become units.
///
/// ```
/// use nastavnik::schedule::plan::Grouping;
/// assert_eq!(Grouping::default(), Grouping::Pairs);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// One unit per pair, id `"mentor–mentee"`.
    #[default]
    Pairs,
    /// One unit per mentor with all of its mentees, id = the mentor's id.
    Groups,
}

/// An explicit unit (pair or group).
///
/// ```
/// let u = nastavnik::schedule::plan::UnitSpec::new("g1", ["t", "a", "b"]);
/// assert_eq!(u.people.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UnitSpec {
    /// Unique id.
    pub id: String,
    /// Person ids.
    pub people: Vec<String>,
    /// Form (selects the programme); default: the first member's form.
    #[serde(default)]
    pub form: Option<Form>,
    /// Mode; default: the programme's mode.
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Seats needed; default: number of consenting people.
    #[serde(default)]
    pub size: Option<u32>,
    /// Length in grid slots; default: the programme's duration rounded up to slots.
    #[serde(default)]
    pub duration: Option<u16>,
}

impl UnitSpec {
    /// A unit with every option at its default.
    ///
    /// ```
    /// assert!(nastavnik::schedule::plan::UnitSpec::new("u", ["a"]).form.is_none());
    /// ```
    pub fn new<S: Into<String>>(
        id: impl Into<String>,
        people: impl IntoIterator<Item = S>,
    ) -> Self {
        Self {
            id: id.into(),
            people: people.into_iter().map(Into::into).collect(),
            form: None,
            mode: None,
            size: None,
            duration: None,
        }
    }
}

/// A person: id, consent, weekly availability, form, preferred start slots.
///
/// ```
/// let p = nastavnik::schedule::plan::PersonSpec::new("t1");
/// assert!(p.consent && p.availability.is_always());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PersonSpec {
    /// Unique id.
    pub id: String,
    /// Recorded consent (default true); without it the person is never scheduled.
    #[serde(default = "yes")]
    pub consent: bool,
    /// Weekly availability (default: always).
    #[serde(default)]
    pub availability: Availability,
    /// Form of mentoring.
    #[serde(default)]
    pub form: Option<Form>,
    /// Preferred start slots of the grid with weights.
    #[serde(default)]
    pub preferred: Vec<(usize, f64)>,
}

fn yes() -> bool {
    true
}

impl PersonSpec {
    /// A consenting person, always available.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::plan::PersonSpec::new("x").id, "x");
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            consent: true,
            availability: Availability::always(),
            form: None,
            preferred: Vec::new(),
        }
    }

    /// Set consent.
    ///
    /// ```
    /// assert!(!nastavnik::schedule::plan::PersonSpec::new("x").with_consent(false).consent);
    /// ```
    pub fn with_consent(mut self, consent: bool) -> Self {
        self.consent = consent;
        self
    }

    /// Set availability.
    ///
    /// ```
    /// let p = nastavnik::schedule::plan::PersonSpec::new("x").with_availability("mon 15:00-16:00".parse()?);
    /// assert!(!p.availability.is_always());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn with_availability(mut self, a: Availability) -> Self {
        self.availability = a;
        self
    }

    /// Set the form.
    ///
    /// ```
    /// use nastavnik::cohort::Form;
    /// let p = nastavnik::schedule::plan::PersonSpec::new("x").with_form(Form::TeacherTeacher);
    /// assert_eq!(p.form, Some(Form::TeacherTeacher));
    /// ```
    pub fn with_form(mut self, form: Form) -> Self {
        self.form = Some(form);
        self
    }
}

/// Solver options of the plan.
///
/// ```
/// let o = nastavnik::schedule::plan::PlanOptions::default();
/// assert_eq!(o.method, "auto");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct PlanOptions {
    /// `"auto"`, `"exact"` or `"heuristic"`.
    pub method: String,
    /// Seconds for the standing-slot solve.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop.
    pub gap: Option<f64>,
    /// Threads (same result on any count).
    pub threads: Option<usize>,
    /// Penalty per extra meeting of a person on one day.
    pub spread_weight: f64,
    /// Bonus per in-person meeting.
    pub in_person_weight: f64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        let s = StandingOptions::default();
        Self {
            method: "auto".into(),
            time_limit: None,
            gap: None,
            threads: None,
            spread_weight: s.spread_weight,
            in_person_weight: s.in_person_weight,
        }
    }
}

impl PlanOptions {
    /// The standing-solver options.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for an unknown method or a thread count outside
    /// `1..=`[`crate::parallel::MAX_THREADS`].
    ///
    /// ```
    /// let mut o = nastavnik::schedule::plan::PlanOptions::default();
    /// o.method = "magic".into();
    /// assert!(o.standing().is_err());
    /// let mut o = nastavnik::schedule::plan::PlanOptions::default();
    /// o.threads = Some(1 << 40);
    /// assert!(o.standing().unwrap_err().to_string().contains("threads"));
    /// ```
    pub fn standing(&self) -> Result<StandingOptions> {
        let method: Method = self.method.parse()?;
        if let Some(n) = self.threads
            && (n == 0 || n > crate::parallel::MAX_THREADS)
        {
            return Err(Error::invalid(
                "options.threads",
                format!("must lie in [1, {}], got {n}", crate::parallel::MAX_THREADS),
            ));
        }
        let mut o = StandingOptions::default().with_method(method);
        o.time_limit = self.time_limit;
        o.gap = self.gap;
        o.threads = self.threads;
        o.spread_weight = self.spread_weight;
        o.in_person_weight = self.in_person_weight;
        Ok(o)
    }
}

/// The default slot grid: Monday to Friday, four 60-minute slots from 14:00.
///
/// ```
/// assert_eq!(nastavnik::schedule::plan::default_grid().n_slots(), 20);
/// ```
pub fn default_grid() -> Grid {
    Grid::new(5, 14 * 60, 60, 4).unwrap_or_else(|_| Grid::legacy())
}

/// Everything [`super::schedule`] needs (see the module docs).
///
/// ```
/// use nastavnik::schedule::calendar::CalendarSpec;
/// use nastavnik::schedule::plan::{PairSpec, PersonSpec, ScheduleRequest};
/// let r = ScheduleRequest::new(
///     vec![PersonSpec::new("s"), PersonSpec::new("t")],
///     CalendarSpec::new("Europe/Moscow", "2025-09-01", "2026-05-29"),
/// ).with_pairs([PairSpec::new("s", "t")]);
/// assert_eq!(r.pairs.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScheduleRequest {
    /// Mentee–mentor pairs.
    #[serde(default)]
    pub pairs: Vec<PairSpec>,
    /// How pairs become units.
    #[serde(default)]
    pub grouping: Grouping,
    /// Explicit units.
    #[serde(default)]
    pub units: Vec<UnitSpec>,
    /// Everybody the units name (with or without consent).
    pub people: Vec<PersonSpec>,
    /// The school-year calendar.
    pub calendar: CalendarSpec,
    /// The weekly slot grid.
    #[serde(default = "default_grid")]
    pub grid: Grid,
    /// Rooms.
    #[serde(default)]
    pub rooms: Vec<Room>,
    /// Programme template per form.
    #[serde(default)]
    pub programme: Programme,
    /// Solver options.
    #[serde(default)]
    pub options: PlanOptions,
}

fn parse_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Parse {
        what: what.to_string(),
        message: e.to_string(),
    }
}

fn list<T: DeserializeOwned>(what: &str, v: Option<Value>) -> Result<Vec<T>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let Value::Array(items) = v else {
        return Err(Error::invalid(what, "expected a list"));
    };
    let mut out = Vec::new();
    out.try_reserve(items.len())
        .map_err(|_| Error::too_large(what, "too many items"))?;
    for (k, item) in items.into_iter().enumerate() {
        let id = item
            .get("id")
            .map(|i| format!(" ({i})"))
            .unwrap_or_default();
        out.push(
            serde_json::from_value(item)
                .map_err(|e| Error::invalid(format!("{what}[{k}]{id}"), e))?,
        );
    }
    Ok(out)
}

fn one<T: DeserializeOwned + Default>(what: &str, v: Option<Value>) -> Result<T> {
    match v {
        None | Some(Value::Null) => Ok(T::default()),
        Some(v) => serde_json::from_value(v).map_err(|e| Error::invalid(what, e)),
    }
}

const KEYS: [&str; 9] = [
    "pairs",
    "grouping",
    "units",
    "people",
    "calendar",
    "grid",
    "rooms",
    "programme",
    "options",
];

impl ScheduleRequest {
    /// A request with these people and this calendar, no units, the default grid, no rooms,
    /// the default programme and options.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::ScheduleRequest};
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"));
    /// assert!(r.rooms.is_empty());
    /// ```
    pub fn new(people: Vec<PersonSpec>, calendar: CalendarSpec) -> Self {
        Self {
            pairs: Vec::new(),
            grouping: Grouping::Pairs,
            units: Vec::new(),
            people,
            calendar,
            grid: default_grid(),
            rooms: Vec::new(),
            programme: Programme::default(),
            options: PlanOptions::default(),
        }
    }

    /// Build the people from a cohort (id, consent, availability, form).
    ///
    /// ```
    /// use nastavnik::cohort::{Cohort, Participant, Role};
    /// use nastavnik::schedule::{calendar::CalendarSpec, plan::ScheduleRequest};
    /// let c = Cohort::new(vec![Participant::new("t", Role::Mentor).with_consent(true)])?;
    /// let r = ScheduleRequest::from_cohort(&c, CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"));
    /// assert_eq!(r.people[0].id, "t");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_cohort(cohort: &Cohort, calendar: CalendarSpec) -> Self {
        let people = cohort
            .participants()
            .iter()
            .map(|p| PersonSpec {
                id: p.id.clone(),
                consent: p.consent,
                availability: p.availability.clone(),
                form: p.form,
                preferred: Vec::new(),
            })
            .collect();
        Self::new(people, calendar)
    }

    /// Add pairs.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_pairs([PairSpec::new("a", "b")]);
    /// assert_eq!(r.pairs[0].mentee, "a");
    /// ```
    pub fn with_pairs(mut self, pairs: impl IntoIterator<Item = PairSpec>) -> Self {
        self.pairs.extend(pairs);
        self
    }

    /// Add the pairs of an assignment (which must carry ids).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when the assignment has no ids.
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// let a = Assignment::new(1, 1, vec![(0, 0)], 1.0, SolveStatus::Optimal)?
    ///     .with_ids(vec!["s".into()], vec!["t".into()])?;
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_assignment(&a)?;
    /// assert_eq!(r.pairs, vec![PairSpec::new("s", "t")]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn with_assignment(mut self, a: &Assignment) -> Result<Self> {
        let (Some(mentees), Some(mentors)) = (a.mentee_ids(), a.mentor_ids()) else {
            return Err(Error::invalid(
                "assignment",
                "has no mentee/mentor ids: build it from labelled scores or call with_ids",
            ));
        };
        for &(i, j) in a.pairs() {
            self.pairs
                .push(PairSpec::new(mentees[i].clone(), mentors[j].clone()));
        }
        Ok(self)
    }

    /// Add explicit units.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_units([UnitSpec::new("g", ["a", "b", "c"])]);
    /// assert_eq!(r.units.len(), 1);
    /// ```
    pub fn with_units(mut self, units: impl IntoIterator<Item = UnitSpec>) -> Self {
        self.units.extend(units);
        self
    }

    /// Set the rooms.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*, Room};
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_rooms(vec![Room::new("101", 30)]);
    /// assert_eq!(r.rooms[0].capacity, 30);
    /// ```
    pub fn with_rooms(mut self, rooms: Vec<Room>) -> Self {
        self.rooms = rooms;
        self
    }

    /// Set the grid.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// use nastavnik::availability::Grid;
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_grid(Grid::new(6, 600, 45, 6)?);
    /// assert_eq!(r.grid.days(), 6);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn with_grid(mut self, grid: Grid) -> Self {
        self.grid = grid;
        self
    }

    /// Set the programme template.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// use nastavnik::schedule::programme::Programme;
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_programme(Programme::default());
    /// assert!(r.programme.group_final.enabled);
    /// ```
    pub fn with_programme(mut self, programme: Programme) -> Self {
        self.programme = programme;
        self
    }

    /// Set the options.
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// let mut o = PlanOptions::default();
    /// o.threads = Some(2);
    /// let r = ScheduleRequest::new(vec![], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"))
    ///     .with_options(o);
    /// assert_eq!(r.options.threads, Some(2));
    /// ```
    pub fn with_options(mut self, options: PlanOptions) -> Self {
        self.options = options;
        self
    }

    /// Parse JSON: unknown keys rejected at every level, each list element read on its own so
    /// that an error names `list[k] ("id")`.
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON or unknown top-level keys; [`Error::InvalidValue`]
    /// naming the field or element.
    ///
    /// ```
    /// use nastavnik::schedule::plan::ScheduleRequest;
    /// let e = ScheduleRequest::from_json(r#"{"people": [], "rooms": [{"id": "зал", "capacity": -3}],
    ///     "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29"}}"#).unwrap_err();
    /// assert!(e.to_string().contains("rooms[0] (\"зал\")"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let v: Value = serde_json::from_str(text).map_err(|e| parse_err("schedule request", e))?;
        let Value::Object(mut m) = v else {
            return Err(parse_err("schedule request", "expected a JSON object"));
        };
        if let Some(k) = m.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(parse_err(
                "schedule request",
                format!("unknown key {k:?} (expected one of {})", KEYS.join(", ")),
            ));
        }
        let calendar = match m.remove("calendar") {
            Some(c) => serde_json::from_value(c).map_err(|e| Error::invalid("calendar", e))?,
            None => return Err(parse_err("schedule request", "missing key \"calendar\"")),
        };
        let grid = match m.remove("grid") {
            None | Some(Value::Null) => default_grid(),
            Some(g) => {
                let g: Grid = serde_json::from_value(g).map_err(|e| Error::invalid("grid", e))?;
                g.validate()?;
                g
            }
        };
        let programme: Programme = one("programme", m.remove("programme"))?;
        programme.validate()?;
        Ok(Self {
            pairs: list("pairs", m.remove("pairs"))?,
            grouping: one("grouping", m.remove("grouping"))?,
            units: list("units", m.remove("units"))?,
            people: list("people", m.remove("people"))?,
            calendar,
            grid,
            rooms: list("rooms", m.remove("rooms"))?,
            programme,
            options: one("options", m.remove("options"))?,
        })
    }

    /// Serialise to JSON (read back by [`ScheduleRequest::from_json`]).
    ///
    /// ```
    /// # use nastavnik::schedule::{calendar::CalendarSpec, plan::*};
    /// let r = ScheduleRequest::new(vec![PersonSpec::new("a")], CalendarSpec::new("UTC", "2025-09-01", "2026-05-29"));
    /// assert_eq!(ScheduleRequest::from_json(&r.to_json())?, r);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// The request turned into the solver's inputs (consenting people only).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub problem: StandingProblem,
    pub calendar: CalendarSpec,
    pub forms: BTreeMap<String, Option<Form>>,
    pub n_excluded_people: usize,
    pub n_dropped_units: usize,
}

fn mode_of(m: MeetingMode) -> Mode {
    match m {
        MeetingMode::InPerson => Mode::InPerson,
        MeetingMode::Online => Mode::Online,
    }
}

impl ScheduleRequest {
    /// Validate and build the standing problem (see the module contract).
    pub(crate) fn prepare(&self) -> Result<Prepared> {
        self.grid.validate()?;
        self.programme.validate()?;
        let mut by_id: BTreeMap<&str, &PersonSpec> = BTreeMap::new();
        for (k, p) in self.people.iter().enumerate() {
            if p.id.trim().is_empty() {
                return Err(Error::invalid(format!("people[{k}]"), "empty id"));
            }
            if let Some(first) = by_id.insert(p.id.as_str(), p) {
                let first = self.people.iter().position(|q| std::ptr::eq(q, first));
                return Err(Error::DuplicateId {
                    what: "people".into(),
                    id: p.id.clone(),
                    first: first.unwrap_or(0),
                    second: k,
                });
            }
        }
        let consenting = |id: &str| by_id.get(id).is_some_and(|p| p.consent);
        // Raw units: (id, people, spec) before consent filtering.
        let mut raw: Vec<(String, Vec<String>, Option<&UnitSpec>)> = Vec::new();
        for (k, pr) in self.pairs.iter().enumerate() {
            for id in [&pr.mentee, &pr.mentor] {
                if !by_id.contains_key(id.as_str()) {
                    return Err(Error::UnknownId {
                        what: format!("pairs[{k}]"),
                        id: id.clone(),
                    });
                }
            }
        }
        match self.grouping {
            Grouping::Pairs => {
                let mut seen = BTreeSet::new();
                for pr in &self.pairs {
                    if pr.mentee == pr.mentor || !seen.insert((&pr.mentee, &pr.mentor)) {
                        continue;
                    }
                    raw.push((
                        format!("{}–{}", pr.mentor, pr.mentee),
                        vec![pr.mentor.clone(), pr.mentee.clone()],
                        None,
                    ));
                }
            }
            Grouping::Groups => {
                let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
                let mut order: Vec<&str> = Vec::new();
                for pr in &self.pairs {
                    let g = groups.entry(pr.mentor.as_str()).or_insert_with(|| {
                        order.push(pr.mentor.as_str());
                        vec![pr.mentor.clone()]
                    });
                    if !g.contains(&pr.mentee) {
                        g.push(pr.mentee.clone());
                    }
                }
                for m in order {
                    if let Some(g) = groups.remove(m) {
                        raw.push((m.to_string(), g, None));
                    }
                }
            }
        }
        for (k, u) in self.units.iter().enumerate() {
            for id in &u.people {
                if !by_id.contains_key(id.as_str()) {
                    return Err(Error::UnknownId {
                        what: format!("units[{k}] ({:?})", u.id),
                        id: id.clone(),
                    });
                }
            }
            raw.push((u.id.clone(), u.people.clone(), Some(u)));
        }
        let slot_minutes = self.grid.slot_minutes().max(1);
        let mut units = Vec::new();
        let mut forms = BTreeMap::new();
        let mut n_dropped_units = 0;
        for (k, (id, people, spec)) in raw.iter().enumerate() {
            let kept: Vec<String> = people.iter().filter(|p| consenting(p)).cloned().collect();
            // A generated unit is named after its mentor: without the mentor's consent it goes.
            let mentor_gone = spec.is_none() && people.first().is_some_and(|p| !consenting(p));
            if mentor_gone || kept.is_empty() || (kept.len() < 2 && people.len() >= 2) {
                n_dropped_units += 1;
                continue;
            }
            // An explicit unit named exactly like a person without consent is renamed.
            let id = if by_id.get(id.as_str()).is_some_and(|p| !p.consent) {
                format!("unit-{}", k + 1)
            } else {
                id.clone()
            };
            let id = &id;
            let form = spec
                .and_then(|s| s.form)
                .or_else(|| kept.iter().find_map(|p| by_id.get(p.as_str())?.form));
            let fp = self.programme.for_form(form);
            let mode = spec
                .and_then(|s| s.mode)
                .unwrap_or_else(|| mode_of(fp.mode));
            let duration = match spec.and_then(|s| s.duration) {
                Some(d) => d,
                None => fp.duration_minutes.div_ceil(slot_minutes).max(1),
            };
            let size = match spec.and_then(|s| s.size) {
                Some(s) => s,
                None => u32::try_from(kept.len()).unwrap_or(u32::MAX),
            };
            forms.insert(id.clone(), form);
            units.push(
                Unit::new(id.clone(), kept)
                    .with_mode(mode)
                    .with_size(size)
                    .with_duration(duration),
            );
        }
        let people: Vec<Person> = self
            .people
            .iter()
            .filter(|p| p.consent)
            .map(|p| {
                let mut q = Person::new(p.id.clone()).with_availability(p.availability.clone());
                for &(s, w) in &p.preferred {
                    q = q.with_preferred(s, w);
                }
                q
            })
            .collect();
        let n_excluded_people = self.people.iter().filter(|p| !p.consent).count();
        // Calendar: absences of known people (consenting only kept), closures of known rooms.
        let mut calendar = self.calendar.clone();
        for (k, a) in calendar.absences.iter().enumerate() {
            if !by_id.contains_key(a.id.as_str()) {
                return Err(Error::UnknownId {
                    what: format!("calendar.absences[{k}]"),
                    id: a.id.clone(),
                });
            }
        }
        let rooms: BTreeSet<&str> = self.rooms.iter().map(|r| r.id.as_str()).collect();
        for (k, c) in calendar.closures.iter().enumerate() {
            if !rooms.contains(c.id.as_str()) {
                return Err(Error::UnknownId {
                    what: format!("calendar.closures[{k}]"),
                    id: c.id.clone(),
                });
            }
        }
        calendar.absences.retain(|a| consenting(&a.id));
        let problem = StandingProblem::new(self.grid, people, units, self.rooms.clone())?;
        Ok(Prepared {
            problem,
            calendar,
            forms,
            n_excluded_people,
            n_dropped_units,
        })
    }
}
