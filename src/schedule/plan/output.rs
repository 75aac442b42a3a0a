//! The result of [`super::schedule`]: dated meetings, unscheduled units with reasons, per-unit
//! shortfalls, the group final meeting, the breakdown, status and gap; serde JSON both ways
//! and exports (CSV, iCalendar per person or per room).
//!
//! # Contract
//! A [`Schedule`] holds only consenting people (the request dropped the others before
//! solving): every export is made from its meetings alone. It carries the calendar it was made
//! with (time zone, year, exclusions) so that it can be exported after a JSON round trip.
//! Meeting UIDs are stable ([`crate::schedule::export::meeting_uid`]): the same unit, kind and
//! position give the same UID in every export.
//!
//! # Complexity
//! Exports are linear in the output size (`O(m · p)` for `m` meetings of `p` people each).
//!
//! # Examples
//! ```
//! use nastavnik::schedule::plan::{schedule, Schedule, ScheduleRequest, Per};
//! let req = ScheduleRequest::from_json(r#"{"pairs": [{"mentee": "s", "mentor": "t"}],
//!   "people": [{"id": "s"}, {"id": "t"}], "rooms": [{"id": "101", "capacity": 4}],
//!   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
//! let s = schedule(&req)?;
//! let back = Schedule::from_json(&s.to_json())?;
//! assert_eq!(back, s);
//! let files = back.to_ics(Per::Room, None)?;
//! assert_eq!(files.len(), 1);
//! assert!(files[0].text.contains("LOCATION:101"));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schedule::breakdown::Breakdown;
use crate::schedule::calendar::{Calendar, CalendarSpec};
use crate::schedule::expand::Meeting;
use crate::schedule::export::csv::write_csv;
use crate::schedule::export::ics::{IcsOptions, write_calendar};
use crate::schedule::export::{SequenceLog, file_stem, meeting_uid};
use crate::schedule::programme::{MeetingKind, MeetingMode};
use crate::schedule::reasons::ReasonCode;

/// One dated meeting with its local and UTC times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScheduledMeeting {
    /// Stable UID (as in the iCalendar export).
    pub uid: String,
    /// Unit id (`"group_final"` for the group final meeting).
    pub unit: String,
    /// Kind of meeting.
    pub kind: MeetingKind,
    /// Position in the unit's programme (0-based).
    pub seq: u32,
    /// Local date `YYYY-MM-DD`.
    pub date: String,
    /// Local start `HH:MM`.
    pub start: String,
    /// Local end `HH:MM`.
    pub end: String,
    /// Start, minutes after local midnight.
    pub start_minute: u16,
    /// Length in minutes.
    pub duration_minutes: u16,
    /// Start instant in UTC (RFC 3339).
    pub start_utc: String,
    /// End instant in UTC (RFC 3339).
    pub end_utc: String,
    /// Online or in person.
    pub mode: MeetingMode,
    /// Room when in person.
    pub room: Option<String>,
    /// Participants (consenting people only).
    pub participants: Vec<String>,
}

impl ScheduledMeeting {
    pub(crate) fn from_meeting(calendar: &Calendar, m: &Meeting) -> Result<Self> {
        let r = crate::schedule::export::csv::row(calendar, m)?;
        let [uid, _, _, _, date, start, end, start_utc, end_utc, ..] = r;
        Ok(Self {
            uid,
            unit: m.unit.clone(),
            kind: m.kind,
            seq: m.seq,
            date,
            start,
            end,
            start_minute: m.start_minute,
            duration_minutes: m.duration_minutes,
            start_utc,
            end_utc,
            mode: m.mode,
            room: m.room.clone(),
            participants: m.participants.clone(),
        })
    }

    /// Back to the core meeting (for exports).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a malformed date.
    ///
    /// ```
    /// // see the module example
    /// ```
    pub fn to_meeting(&self) -> Result<Meeting> {
        let date: Date = self.date.parse().map_err(|e| {
            Error::invalid(
                format!("meeting {:?}", self.uid),
                format!("date {:?}: {e}", self.date),
            )
        })?;
        Ok(Meeting {
            unit: self.unit.clone(),
            kind: self.kind,
            seq: self.seq,
            date,
            start_minute: self.start_minute,
            duration_minutes: self.duration_minutes,
            room: self.room.clone(),
            mode: self.mode,
            participants: self.participants.clone(),
        })
    }
}

/// A unit without any meeting, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Unscheduled {
    /// Unit id.
    pub unit: String,
    /// Reason code.
    pub code: ReasonCode,
    /// Readable message in Russian.
    pub message_ru: String,
    /// Readable message in English.
    pub message_en: String,
    /// People to blame.
    pub people: Vec<String>,
    /// Other units involved.
    pub units: Vec<String>,
    /// Grid slots involved.
    pub slots: Vec<usize>,
    /// Rooms involved.
    pub rooms: Vec<String>,
}

/// One blocked date of a unit's weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BlockedDate {
    /// The date.
    pub date: String,
    /// `holiday`, `break`, `day_off`, `outside_year`, `absence` or `closure`.
    pub cause: String,
    /// The break's name, the absent person or the closed room.
    pub name: Option<String>,
}

/// A scheduled unit that missed its target number of meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShortfallOut {
    /// Unit id.
    pub unit: String,
    /// Target number of meetings.
    pub target: u32,
    /// Meetings scheduled.
    pub scheduled: u32,
    /// Kinds not placed at all.
    pub missing: Vec<MeetingKind>,
    /// Blocked dates of the unit's weekday.
    pub blocked: Vec<BlockedDate>,
}

/// The group final meeting's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupFinalOut {
    /// Whether it was placed (it is then the last of `meetings`).
    pub placed: bool,
    /// People who cannot attend.
    pub cannot_attend: Vec<String>,
    /// Why it is missing or incomplete.
    pub reason: Option<String>,
}

/// The full result (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Schedule {
    /// Dated meetings: units in input order, each in programme order, the group final last.
    pub meetings: Vec<ScheduledMeeting>,
    /// Units without any meeting, each with a reason.
    pub unscheduled: Vec<Unscheduled>,
    /// Scheduled units below their target.
    pub shortfalls: Vec<ShortfallOut>,
    /// The group final meeting.
    pub group_final: Option<GroupFinalOut>,
    /// The standing-slot objective term by term (sums to `objective`).
    pub breakdown: Breakdown,
    /// The standing-slot objective.
    pub objective: f64,
    /// `optimal`, `feasible` or `heuristic`.
    pub status: String,
    /// Relative MIP gap when known.
    pub gap: Option<f64>,
    /// Units considered (after consent filtering).
    pub n_units: usize,
    /// Units with at least one meeting.
    pub n_scheduled_units: usize,
    /// People without consent (left out of everything; counted only).
    pub n_excluded_people: usize,
    /// Units dropped because fewer than two consenting people remained (counted only).
    pub n_dropped_units: usize,
    /// The calendar used (absences of consenting people only).
    pub calendar: CalendarSpec,
    /// Decrees of the production calendar used.
    pub decrees: Vec<String>,
}

/// Whose calendars [`Schedule::to_ics`] writes.
///
/// ```
/// use nastavnik::schedule::plan::Per;
/// assert_eq!("room".parse::<Per>()?, Per::Room);
/// assert!("desk".parse::<Per>().is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// One file per participant.
    Person,
    /// One file per room.
    Room,
}

impl std::str::FromStr for Per {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "person" => Ok(Per::Person),
            "room" => Ok(Per::Room),
            other => Err(Error::invalid(
                "per",
                format!("{other:?} (expected \"person\" or \"room\")"),
            )),
        }
    }
}

/// Parse an RFC 3339 instant (e.g. `"2025-08-20T09:00:00Z"`), for the `DTSTAMP` of exports.
///
/// # Errors
/// [`Error::InvalidValue`] naming `dtstamp` and the text.
///
/// ```
/// use nastavnik::schedule::plan::parse_instant;
/// assert_eq!(parse_instant("2025-08-20T09:00:00Z")?.to_string(), "2025-08-20T09:00:00Z");
/// assert!(parse_instant("yesterday").is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn parse_instant(text: &str) -> Result<Timestamp> {
    text.trim().parse::<Timestamp>().map_err(|e| {
        Error::invalid(
            "dtstamp",
            format!("{text:?} is not an RFC 3339 instant ({e})"),
        )
    })
}

/// One iCalendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IcsFile {
    /// Person or room id.
    pub id: String,
    /// A safe file name (`<stem>.ics`, distinct for distinct ids).
    pub file_name: String,
    /// The calendar text (CRLF lines).
    pub text: String,
}

impl Schedule {
    /// Serialise to JSON.
    ///
    /// ```
    /// // see the module example
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Parse JSON written by [`Schedule::to_json`].
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON or unknown keys.
    ///
    /// ```
    /// assert!(nastavnik::schedule::plan::Schedule::from_json("{}").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "schedule JSON".into(),
            message: e.to_string(),
        })
    }

    /// The calendar, validated again.
    ///
    /// # Errors
    /// As [`Calendar::new`].
    ///
    /// ```
    /// // see the module example
    /// ```
    pub fn build_calendar(&self) -> Result<Calendar> {
        Calendar::new(&self.calendar)
    }

    fn core_meetings(&self) -> Result<Vec<Meeting>> {
        self.meetings.iter().map(|m| m.to_meeting()).collect()
    }

    /// All meetings as CSV text (the columns of [`crate::schedule::export::csv`], no BOM).
    ///
    /// # Errors
    /// Calendar and time-zone errors.
    ///
    /// ```
    /// # use nastavnik::schedule::plan::*;
    /// # let req = ScheduleRequest::from_json(r#"{"pairs": [{"mentee": "s", "mentor": "t"}],
    /// #   "people": [{"id": "s"}, {"id": "t"}], "rooms": [{"id": "101", "capacity": 4}],
    /// #   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}}"#)?;
    /// let s = schedule(&req)?;
    /// assert_eq!(s.to_csv()?.lines().count(), s.meetings.len() + 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_csv(&self) -> Result<String> {
        write_csv(&self.build_calendar()?, &self.core_meetings()?)
    }

    /// One iCalendar file per person or per room, in id order. `dtstamp` defaults to midnight
    /// UTC of the first day of the school year, so that exports are reproducible.
    ///
    /// # Errors
    /// Calendar and time-zone errors.
    ///
    /// ```
    /// // see the module example
    /// ```
    pub fn to_ics(&self, per: Per, dtstamp: Option<Timestamp>) -> Result<Vec<IcsFile>> {
        self.to_ics_logged(per, dtstamp, &mut SequenceLog::default())
    }

    /// [`Schedule::to_ics`] against the log of earlier exports: a meeting whose content (time,
    /// room, participants, mode) changed since the export recorded in `log` gets its `SEQUENCE`
    /// bumped, so calendar clients replace it; unchanged and new meetings keep 0 / their number.
    /// `log` is updated; save it ([`SequenceLog::to_json`]) for the next export.
    ///
    /// # Errors
    /// As [`Schedule::to_ics`].
    ///
    /// ```
    /// use nastavnik::schedule::export::SequenceLog;
    /// use nastavnik::schedule::plan::{Per, ScheduleRequest, schedule};
    /// let req = ScheduleRequest::from_json(r#"{
    ///   "pairs": [{"mentee": "s1", "mentor": "t1"}], "people": [{"id": "t1"}, {"id": "s1"}],
    ///   "rooms": [{"id": "12", "capacity": 2}, {"id": "14", "capacity": 2}],
    ///   "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2025-10-31"}
    /// }"#)?;
    /// let mut s = schedule(&req)?;
    /// let mut log = SequenceLog::default();
    /// let first = s.to_ics_logged(Per::Person, None, &mut log)?;
    /// assert!(first[0].text.contains("SEQUENCE:0"));
    /// // the first meeting moves to another room: only its SEQUENCE goes up
    /// let moved = if s.meetings[0].room.as_deref() == Some("12") { "14" } else { "12" };
    /// s.meetings[0].room = Some(moved.to_string());
    /// let again = s.to_ics_logged(Per::Person, None, &mut log)?;
    /// assert_eq!(again[0].text.matches("SEQUENCE:1").count(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_ics_logged(
        &self,
        per: Per,
        dtstamp: Option<Timestamp>,
        log: &mut SequenceLog,
    ) -> Result<Vec<IcsFile>> {
        let cal = self.build_calendar()?;
        let meetings = self.core_meetings()?;
        let seq_of: BTreeMap<String, u32> = meetings
            .iter()
            .map(meeting_uid)
            .zip(log.update(&meetings))
            .collect();
        let mut by: BTreeMap<&str, Vec<&Meeting>> = BTreeMap::new();
        for m in &meetings {
            match per {
                Per::Person => {
                    for p in &m.participants {
                        by.entry(p.as_str()).or_default().push(m);
                    }
                }
                Per::Room => {
                    if let Some(r) = &m.room {
                        by.entry(r.as_str()).or_default().push(m);
                    }
                }
            }
        }
        let stamp = match dtstamp {
            Some(t) => t,
            None => cal
                .start()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .unwrap_or(Timestamp::UNIX_EPOCH),
        };
        let opts = IcsOptions {
            dtstamp: stamp,
            ..IcsOptions::default()
        };
        let mut out = Vec::with_capacity(by.len());
        for (id, ms) in by {
            let seqs: Vec<u32> = ms
                .iter()
                .map(|m| seq_of.get(&meeting_uid(m)).copied().unwrap_or(0))
                .collect();
            let text = write_calendar(&cal, &ms, &seqs, &opts, id)?;
            out.push(IcsFile {
                id: id.to_string(),
                file_name: format!("{}.ics", file_stem(id)),
                text,
            });
        }
        Ok(out)
    }
}
