//! Why one unit of a year's [`Schedule`] could not be scheduled: the minimal set of hard rules
//! (availability of named people, the unit's format, named people busy with named units at
//! named slots, the rooms, the one-day rule) that together leave it without a weekly slot, with
//! Russian and English text like the reasons.
//!
//! # Problem
//! Given the request a schedule was made from, the schedule, and the id of one of its units,
//! find an irreducible set of the hard rules concerning that unit, given where every other unit
//! meets: together they admit no weekly slot for it, and dropping any one of them admits one.
//!
//! # Algorithm
//! 1. The request is validated and prepared exactly as [`super::schedule`] does it (people
//!    without consent removed), giving the standing problem.
//! 2. Every other unit's weekly slot is read back from the schedule (the weekday and start of
//!    its meetings, their room and format); a unit whose every date was excluded keeps the slot
//!    named by its reason (without a room).
//! 3. The deletion filter of [`crate::schedule::reasons::conflict_set`] runs over the unit's
//!    rules (see there).
//!
//! # Guarantees
//! * The rules returned are irreducible (checked against an independent placement oracle in
//!   `tests/schedule_conflict.rs` and `tests/python/test_schedule.py`): without any one of
//!   them the unit would have a slot; with all of them it has none.
//! * Empty when the unit has meetings, or when it could be placed around the others (then its
//!   reason is not about hard rules, e.g. every date of its slot is excluded).
//! * Only consenting people are named; an unknown unit id is [`Error::UnknownId`].
//!
//! # Complexity
//! Preparing the request `O(input)`, then `O(K² · S · |u| · d)` for `K` rules, `S` slots.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::plan::{schedule, ScheduleRequest, conflict::conflict_set};
//! use nastavnik::schedule::HardRule;
//! // One teacher, one free hour on Monday, two pupils: one pair cannot meet.
//! let req = ScheduleRequest::from_json(r#"{
//!   "pairs": [{"mentee": "s1", "mentor": "t"}, {"mentee": "s2", "mentor": "t"}],
//!   "people": [{"id": "t", "availability": "mon 14:00-15:00"}, {"id": "s1"}, {"id": "s2"}],
//!   "rooms": [{"id": "каб. 12", "capacity": 3}],
//!   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
//! let s = schedule(&req)?;
//! let unit = &s.unscheduled[0].unit;
//! let rules = conflict_set(&req, &s, unit)?;
//! assert!(rules.iter().any(|c| matches!(&c.rule, HardRule::Availability { person } if person == "t")));
//! assert!(rules.iter().any(|c| matches!(&c.rule, HardRule::Busy { person, .. } if person == "t")));
//! assert!(rules[0].message_ru.len() > 0 && rules[0].message_en.len() > 0);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::availability::Grid;
use crate::cohort::Mode;
use crate::error::{Error, Result};
use crate::schedule::programme::{MeetingKind, MeetingMode};
use crate::schedule::reasons::{HardRule, ReasonCode, conflict_set_among};
use crate::schedule::standing::Placement;
use crate::schedule::units::StandingProblem;

use super::output::Schedule;
use super::request::ScheduleRequest;

/// One rule of a conflict set with its text.
///
/// ```
/// use nastavnik::schedule::HardRule;
/// use nastavnik::schedule::plan::conflict::Conflict;
/// let c = Conflict { rule: HardRule::Rooms, message_ru: "к".into(), message_en: "r".into() };
/// assert!(serde_json::to_string(&c).unwrap().contains("\"rule\":\"rooms\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The rule (serialised flat: `rule`, then `person` and `unit` where they apply).
    #[serde(flatten)]
    pub rule: HardRule,
    /// Readable text in Russian.
    pub message_ru: String,
    /// Readable text in English.
    pub message_en: String,
}

const DAYS_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn label(grid: &Grid, s: usize, ru: bool) -> String {
    let days = if ru { &DAYS_RU } else { &DAYS_EN };
    let m = grid.start_minute(s);
    let d = days.get(grid.day_of(s)).copied().unwrap_or("?");
    format!("{d} {:02}:{:02}", m / 60, m % 60)
}

/// The texts of one rule of unit `u`.
fn texts(
    p: &StandingProblem,
    placed: &[Option<Placement>],
    u: usize,
    rule: &HardRule,
) -> (String, String) {
    let unit = &p.units()[u];
    match rule {
        HardRule::Availability { person } => (
            format!("время, когда свободен участник {person}"),
            format!("the availability of {person}"),
        ),
        HardRule::UnitMode => {
            let (ru, en) = match unit.mode {
                Mode::InPerson => ("только очно", "in person only"),
                Mode::Online => ("только онлайн", "online only"),
                Mode::Either => ("очно или онлайн", "in person or online"),
            };
            (
                format!("формат встречи: {ru}"),
                format!("the meeting format: {en}"),
            )
        }
        HardRule::Busy {
            person,
            unit: other,
        } => {
            let at = p
                .units()
                .iter()
                .position(|x| &x.id == other)
                .and_then(|v| placed.get(v).and_then(Option::as_ref))
                .map(|pl| pl.slot);
            let (ru_at, en_at) = match at {
                Some(s) => (
                    format!(" ({})", label(p.grid(), s, true)),
                    format!(" ({})", label(p.grid(), s, false)),
                ),
                None => (String::new(), String::new()),
            };
            (
                format!("{person} занят(а) на встрече {other}{ru_at}"),
                format!("{person} is busy with unit {other}{en_at}"),
            )
        }
        HardRule::Rooms => (
            format!(
                "кабинеты: нет открытого свободного кабинета на {} мест",
                unit.size
            ),
            format!("the rooms: none open and free with {} seats", unit.size),
        ),
        HardRule::DayLength => (
            format!(
                "встреча ({} слота подряд) должна уместиться в один день",
                unit.duration
            ),
            format!(
                "the meeting ({} consecutive slots) must fit within one day",
                unit.duration
            ),
        ),
    }
}

/// The weekly slot of every unit of `p`, read back from the schedule `s`.
fn placements(p: &StandingProblem, s: &Schedule) -> Result<Vec<Option<Placement>>> {
    let grid = p.grid();
    let index: BTreeMap<&str, usize> = p
        .units()
        .iter()
        .enumerate()
        .map(|(k, x)| (x.id.as_str(), k))
        .collect();
    let room_index: BTreeMap<&str, usize> = p
        .rooms()
        .iter()
        .enumerate()
        .map(|(k, r)| (r.id.as_str(), k))
        .collect();
    let mismatch = |what: String| {
        Error::invalid(
            "schedule",
            format!("{what} (was it made from this request?)"),
        )
    };
    let mut out: Vec<Option<Placement>> = vec![None; p.units().len()];
    let make = |v: usize, slot: usize, mode: Mode, room: Option<usize>| {
        let x = &p.units()[v];
        Placement {
            unit: v,
            unit_id: x.id.clone(),
            slot,
            day: grid.day_of(slot),
            start_minute: grid.start_minute(slot),
            duration: x.duration,
            minutes: u32::from(x.duration) * u32::from(grid.slot_minutes()),
            mode,
            room: room.map(|r| p.rooms()[r].id.clone()),
            room_index: room,
        }
    };
    for m in &s.meetings {
        if m.kind == MeetingKind::GroupFinal {
            continue;
        }
        let Some(&v) = index.get(m.unit.as_str()) else {
            return Err(mismatch(format!(
                "unknown unit {:?} in the meetings",
                m.unit
            )));
        };
        if out[v].is_some() {
            continue;
        }
        let date: jiff::civil::Date = m.date.parse().map_err(|e| {
            Error::invalid(
                format!("meeting {:?}", m.uid),
                format!("date {:?}: {e}", m.date),
            )
        })?;
        let day = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
        let offset = m.start_minute.checked_sub(grid.day_start());
        let slot = offset
            .filter(|o| o % grid.slot_minutes() == 0)
            .and_then(|o| grid.slot(day, usize::from(o / grid.slot_minutes())).ok())
            .ok_or_else(|| {
                mismatch(format!(
                    "meeting {:?} ({} {}) is not on the slot grid",
                    m.uid, m.date, m.start
                ))
            })?;
        let room = match &m.room {
            Some(r) => Some(*room_index.get(r.as_str()).ok_or_else(|| {
                mismatch(format!("meeting {:?} is in unknown room {r:?}", m.uid))
            })?),
            None => None,
        };
        let mode = match m.mode {
            MeetingMode::InPerson => Mode::InPerson,
            MeetingMode::Online => Mode::Online,
        };
        out[v] = Some(make(v, slot, mode, room));
    }
    // Units placed every week whose every date was excluded still held their slot.
    for x in &s.unscheduled {
        if x.code == ReasonCode::OnlyExcludedDates
            && let (Some(&v), Some(&slot)) = (index.get(x.unit.as_str()), x.slots.first())
            && out[v].is_none()
            && slot < grid.n_slots()
        {
            out[v] = Some(make(v, slot, Mode::Online, None));
        }
    }
    Ok(out)
}

/// The minimal conflict set of unit `unit` (its id) in the schedule `s` made from `request`
/// (see the module docs).
///
/// # Errors
/// The request's validation errors; [`Error::UnknownId`] when `unit` is not a unit of the
/// request (after consent filtering); [`Error::InvalidValue`] when `s` does not fit the request
/// (unknown units or rooms, meetings off the slot grid).
///
/// ```
/// use nastavnik::schedule::plan::{schedule, ScheduleRequest, conflict::conflict_set};
/// let req = ScheduleRequest::from_json(r#"{"pairs": [{"mentee": "s", "mentor": "t"}],
///   "people": [{"id": "s"}, {"id": "t"}], "rooms": [{"id": "r1", "capacity": 2}],
///   "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
/// let s = schedule(&req)?;
/// assert!(conflict_set(&req, &s, "t–s")?.is_empty());          // scheduled: nothing to blame
/// assert!(conflict_set(&req, &s, "ghost").unwrap_err().to_string().contains("ghost"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn conflict_set(request: &ScheduleRequest, s: &Schedule, unit: &str) -> Result<Vec<Conflict>> {
    let prep = request.prepare()?;
    let p = &prep.problem;
    let u = p
        .units()
        .iter()
        .position(|x| x.id == unit)
        .ok_or_else(|| Error::UnknownId {
            what: "unit of the schedule".into(),
            id: unit.to_string(),
        })?;
    let placed = placements(p, s)?;
    if placed[u].is_some() {
        return Ok(Vec::new());
    }
    Ok(conflict_set_among(p, &placed, u)
        .into_iter()
        .map(|rule| {
            let (message_ru, message_en) = texts(p, &placed, u, &rule);
            Conflict {
                rule,
                message_ru,
                message_en,
            }
        })
        .collect())
}

/// [`conflict_set`] on JSON: the request and the schedule as JSON, the conflicts as a JSON list
/// of objects `{"rule", "person"?, "unit"?, "message_ru", "message_en"}` (for bindings).
///
/// # Errors
/// As [`ScheduleRequest::from_json`], [`Schedule::from_json`] and [`conflict_set`].
///
/// ```
/// let req = r#"{"pairs": [{"mentee": "s", "mentor": "t"}],
///   "people": [{"id": "s", "availability": "never"}, {"id": "t"}],
///   "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29"}}"#;
/// let s = nastavnik::schedule::plan::schedule_json(req)?;
/// let out = nastavnik::schedule::plan::conflict::conflict_set_json(req, &s, "t–s")?;
/// assert!(out.contains("\"rule\":\"availability\"") && out.contains("\"person\":\"s\""));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn conflict_set_json(request: &str, schedule: &str, unit: &str) -> Result<String> {
    let req = ScheduleRequest::from_json(request)?;
    let s = Schedule::from_json(schedule)?;
    let out = conflict_set(&req, &s, unit)?;
    serde_json::to_string(&out).map_err(|e| Error::invalid("conflict set", e.to_string()))
}
