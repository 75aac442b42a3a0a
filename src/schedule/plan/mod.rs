//! The one entry point of the scheduler: a validated [`ScheduleRequest`] in, a [`Schedule`] of
//! dated meetings for the school year out.
//!
//! # Problem
//! Given pairs and groups (from an [`crate::assign::Assignment`] or explicit), people with
//! consent and weekly availability, a school-year calendar (IANA time zone, term breaks, days
//! off, the production calendar, absences, room closures), rooms and a programme template per
//! form, schedule every unit's programme for the year: a weekly standing slot (and a room when
//! in person), then the dated meetings of the programme on the free dates of that slot, then
//! one group final meeting of everybody.
//!
//! # Algorithm
//! 1. [`ScheduleRequest::prepare`](request) validates the input, **drops people without
//!    consent from every unit** (units left with fewer than two people are dropped and counted)
//!    and builds the [`StandingProblem`](crate::schedule::StandingProblem) of consenting people.
//! 2. [`solve_standing`]: exact MIP (HiGHS) with rooms aggregated by capacity thresholds, or the
//!    heuristic; components of the conflict graph in parallel, merged deterministically.
//! 3. [`dated_from_standing`]: each placed unit's programme on the dates of its weekday that no
//!    holiday, break, day off, absence or closure blocks (earliest-first regular meetings, which
//!    maximises their number), then the group final meeting. A meeting lasts its form's
//!    `duration_minutes` (at most the span of the grid slots it holds).
//! 4. Units without a slot get the solver's [`Reason`](crate::schedule::Reason); placed units
//!    whose every date is blocked get [`ReasonCode::OnlyExcludedDates`] naming the absent people
//!    and closed rooms; both with Russian and English messages ([`messages`]).
//! 5. On demand, [`conflict::conflict_set`] names the minimal set of hard rules that leave one
//!    unscheduled unit without a slot (a deletion filter, given where the others meet).
//!
//! # Guarantees
//! * Nobody is double-booked, no room holds more than its capacity or two meetings at once, no
//!   meeting falls on an excluded date, the programme's order and minimum gaps hold (checked
//!   independently in `tests/schedule_plan.rs` and `tests/python/test_schedule.py`).
//! * Every unit is either in `meetings` or in `unscheduled` with a reason code; units below
//!   target are in `shortfalls`.
//! * The breakdown's terms sum to `objective` exactly.
//! * Nobody without consent appears in the output (meetings, reasons, shortfalls, calendar).
//! * Deterministic: same request, same schedule, on any number of threads (there is no
//!   randomness, so no seed is needed).
//! * Bad input is a typed [`Error`](crate::Error) naming the culprit (list, position, id, field).
//!
//! # Complexity
//! The standing solve dominates (MIP: exponential worst case, bounded by `time_limit`;
//! heuristic `O(u · s · |u|)`); the expansion is `O(u · w)` for `u` units and `w` weeks.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::plan::{schedule, ScheduleRequest};
//! let req = ScheduleRequest::from_json(r#"{
//!   "pairs": [{"mentee": "s1", "mentor": "t1"}, {"mentee": "s2", "mentor": "t1"},
//!             {"mentee": "s3", "mentor": "t2"}],
//!   "people": [{"id": "t1", "availability": "mon 14:00-16:00; wed 14:00-18:00"},
//!              {"id": "t2"}, {"id": "s1"}, {"id": "s2"}, {"id": "s3", "consent": false}],
//!   "rooms": [{"id": "каб. 12", "capacity": 3}],
//!   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29",
//!                "breaks": [{"name": "осенние", "start": "2025-10-27", "end": "2025-11-04"}]}
//! }"#)?;
//! let s = schedule(&req)?;
//! assert_eq!(s.n_units, 2);                 // t2–s3 dropped: s3 has no consent
//! assert_eq!((s.n_dropped_units, s.n_excluded_people), (1, 1));
//! assert!(s.meetings.iter().all(|m| !m.participants.contains(&"s3".to_string())));
//! let total: f64 = s.breakdown.terms.iter().map(|t| t.total).sum();
//! assert_eq!(total, s.objective);
//! assert!(s.meetings.iter().all(|m| m.date.as_str() < "2025-10-27" || m.date.as_str() > "2025-11-04"));
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub mod conflict;
pub mod messages;
pub mod output;
pub mod request;

pub use output::{
    BlockedDate, GroupFinalOut, IcsFile, Per, Schedule, ScheduledMeeting, ShortfallOut,
    Unscheduled, parse_instant,
};
pub use request::{
    Grouping, PairSpec, PersonSpec, PlanOptions, ScheduleRequest, UnitSpec, default_grid,
};

use std::collections::BTreeSet;

use crate::assign::SolveStatus;
use crate::error::Result;
use crate::schedule::calendar::{Blocked, Calendar, Exclusion};
use crate::schedule::programme::MeetingKind;
use crate::schedule::reasons::{Reason, ReasonCode};
use crate::schedule::standing::solve_standing;
use crate::schedule::year::dated_from_standing;
use messages::{message_en, message_ru};

fn unscheduled(unit: &str, r: &Reason, grid: &crate::availability::Grid) -> Unscheduled {
    Unscheduled {
        unit: unit.to_string(),
        code: r.code,
        message_ru: message_ru(r, grid),
        message_en: message_en(r, grid),
        people: r.people.clone(),
        units: r.units.clone(),
        slots: r.slots.clone(),
        rooms: r.rooms.clone(),
    }
}

fn blocked_out(date: jiff::civil::Date, b: &Blocked) -> BlockedDate {
    let (cause, name) = match b {
        Blocked::Calendar { exclusion } => match exclusion {
            Exclusion::OutsideYear => ("outside_year", None),
            Exclusion::Holiday => ("holiday", None),
            Exclusion::Break(n) => ("break", Some(n.clone())),
            Exclusion::DayOff => ("day_off", None),
        },
        Blocked::Absence { id } => ("absence", Some(id.clone())),
        Blocked::Closure { room } => ("closure", Some(room.clone())),
    };
    BlockedDate {
        date: date.to_string(),
        cause: cause.into(),
        name,
    }
}

/// Schedule the school year (see the module docs).
///
/// # Errors
/// Every validation error of the request ([`crate::Error::UnknownId`] for an unknown person,
/// absence or closure id; [`crate::Error::DuplicateId`]; [`crate::Error::InvalidValue`] for
/// time zones, dates, breaks, grid slots, options), and solver errors.
///
/// ```
/// use nastavnik::schedule::plan::{schedule, ScheduleRequest};
/// let bad = ScheduleRequest::from_json(r#"{"pairs": [{"mentee": "s1", "mentor": "ghost"}],
///   "people": [{"id": "s1"}],
///   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
/// assert!(schedule(&bad).unwrap_err().to_string().contains("\"ghost\""));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn schedule(request: &ScheduleRequest) -> Result<Schedule> {
    let prep = request.prepare()?;
    let calendar = Calendar::new(&prep.calendar)?;
    let opts = request.options.standing()?;
    let problem = &prep.problem;
    let sol = solve_standing(problem, &opts)?;
    let forms = &prep.forms;
    let form_of = |id: &str| forms.get(id).copied().flatten();
    let mut exp = dated_from_standing(&calendar, &request.programme, problem, &sol, &form_of)?;
    // A meeting lasts the programme's length, not the whole span of grid slots it occupies.
    for m in &mut exp.meetings {
        if m.kind != MeetingKind::GroupFinal {
            let fp = request.programme.for_form(form_of(&m.unit));
            m.duration_minutes = m.duration_minutes.min(fp.duration_minutes);
        }
    }
    let grid = problem.grid();
    let mut meetings = Vec::with_capacity(exp.meetings.len());
    for m in &exp.meetings {
        meetings.push(ScheduledMeeting::from_meeting(&calendar, m)?);
    }
    let with_meetings: BTreeSet<&str> = exp.meetings.iter().map(|m| m.unit.as_str()).collect();
    let mut unsched = Vec::new();
    for (u, unit) in problem.units().iter().enumerate() {
        if let Some(r) = sol.reason(u) {
            unsched.push(unscheduled(&unit.id, r, grid));
        } else if !with_meetings.contains(unit.id.as_str()) {
            let mut r = Reason::new(ReasonCode::OnlyExcludedDates);
            if let Some(pl) = sol.placement(u) {
                r = r.with_slots([pl.slot]);
            }
            if let Some(sf) = exp.shortfalls.iter().find(|s| s.unit == unit.id) {
                let mut people = BTreeSet::new();
                let mut rooms = BTreeSet::new();
                for (_, b) in &sf.blocked {
                    match b {
                        Blocked::Absence { id } => {
                            people.insert(id.clone());
                        }
                        Blocked::Closure { room } => {
                            rooms.insert(room.clone());
                        }
                        Blocked::Calendar { .. } => {}
                    }
                }
                r = r.with_people(people).with_rooms(rooms);
            }
            unsched.push(unscheduled(&unit.id, &r, grid));
        }
    }
    let shortfalls = exp
        .shortfalls
        .iter()
        .filter(|s| s.scheduled > 0)
        .map(|s| ShortfallOut {
            unit: s.unit.clone(),
            target: s.target,
            scheduled: s.scheduled,
            missing: s.missing.clone(),
            blocked: s.blocked.iter().map(|(d, b)| blocked_out(*d, b)).collect(),
        })
        .collect();
    let group_final = exp.group_final.as_ref().map(|g| GroupFinalOut {
        placed: g.meeting.is_some(),
        cannot_attend: g.cannot_attend.clone(),
        reason: g.reason.clone(),
    });
    let (status, gap) = match sol.status() {
        SolveStatus::Optimal => ("optimal", Some(0.0)),
        SolveStatus::Feasible { gap } => ("feasible", gap),
        _ => ("heuristic", None),
    };
    Ok(Schedule {
        n_units: problem.units().len(),
        n_scheduled_units: with_meetings
            .iter()
            .filter(|u| **u != "group_final")
            .count(),
        meetings,
        unscheduled: unsched,
        shortfalls,
        group_final,
        breakdown: sol.breakdown(problem),
        objective: sol.objective(),
        status: status.into(),
        gap,
        n_excluded_people: prep.n_excluded_people,
        n_dropped_units: prep.n_dropped_units,
        calendar: prep.calendar,
        decrees: calendar.decrees().iter().map(|d| d.to_string()).collect(),
    })
}

/// [`schedule`] on a JSON request, returning the [`Schedule`] as JSON (for bindings and files).
///
/// # Errors
/// As [`ScheduleRequest::from_json`] and [`schedule`].
///
/// ```
/// let out = nastavnik::schedule::plan::schedule_json(r#"{"people": [],
///   "calendar": {"time_zone": "Asia/Novosibirsk", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
/// assert!(out.contains("\"meetings\":[]"));
/// let e = nastavnik::schedule::plan::schedule_json(r#"{"people": [],
///   "calendar": {"time_zone": "Mars/Olympus", "start": "2025-09-01", "end": "2026-05-29"}}"#);
/// assert!(e.unwrap_err().to_string().contains("Mars/Olympus"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn schedule_json(request: &str) -> Result<String> {
    Ok(schedule(&ScheduleRequest::from_json(request)?)?.to_json())
}

/// The bundled Russian production calendar of one year as JSON: `year`, `decree`, `days_off`
/// and `working_days` (dates `YYYY-MM-DD`), for bindings and tests against other sources.
///
/// # Errors
/// [`crate::Error::InvalidValue`] naming the year when it is not covered.
///
/// ```
/// let v: serde_json::Value =
///     serde_json::from_str(&nastavnik::schedule::plan::production_calendar_json(2025)?).unwrap();
/// assert!(v["days_off"].as_array().unwrap().contains(&"2025-05-02".into()));
/// assert_eq!(v["working_days"][0], "2025-11-01");
/// assert!(nastavnik::schedule::plan::production_calendar_json(1999).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn production_calendar_json(year: i64) -> Result<String> {
    use crate::schedule::calendar::production;
    let (a, b) = production::covered();
    let not_covered = || {
        crate::Error::invalid(
            "year",
            format!("{year} is not covered by the bundled production calendar ({a}..={b})"),
        )
    };
    let y = i16::try_from(year).map_err(|_| not_covered())?;
    let py = production::year(y).ok_or_else(not_covered)?;
    let fmt = |v: &[(i8, i8)]| -> Vec<String> {
        v.iter()
            .map(|&(m, d)| format!("{y:04}-{m:02}-{d:02}"))
            .collect()
    };
    let out = serde_json::json!({
        "year": y,
        "decree": py.decree,
        "days_off": fmt(py.days_off),
        "working_days": fmt(py.working_days),
    });
    Ok(out.to_string())
}
