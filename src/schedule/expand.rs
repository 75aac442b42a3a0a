//! Dated expansion: standing weekly slots become the year's dated meetings.
//!
//! # Problem
//! Each unit (pair or group) has a standing weekly slot (weekday, start, length, room, mode). Place
//! the unit's programme ([`crate::schedule::programme`]) on dates of that weekday so that no
//! meeting falls on a blocked date (holiday, term break, curator's day off, a participant's
//! absence, the room's closure), the programme order and minimum gaps hold, and as many of the
//! target meetings as possible take place; report each unit's shortfall with the blocked dates to
//! blame. Then place one group final meeting of everybody after every unit's final meeting.
//!
//! # Algorithm
//! 1. **Group final meeting** (if enabled and a request is given): scan the last `window_days`
//!    days of the year from the latest date backwards, and each candidate start of that weekday;
//!    a candidate is valid when the date is not excluded, and (in person) an open room holds its
//!    attendees (smallest such room, ties by id). The first candidate that **everybody** can attend
//!    (weekly availability, no absence) is taken; otherwise the one with most attendees (then the
//!    latest), and the people who cannot attend are reported.
//! 2. **Per unit**, on the free dates `d₁ < d₂ < …` of its weekday before the group final
//!    meeting: organisational = `d₁`; trial and planning = the first free date at least the
//!    form's gap later; final = the last free date; regular meetings greedily earliest-first,
//!    each at least one cadence after the previous (weekly 7 days, every two weeks 14 days,
//!    monthly one calendar month), up to the target and at least `gap_before_final_days` before
//!    the final. Earliest-first is optimal for "most points with a monotone minimum spacing in a
//!    window" (exchange argument), so the number of regular meetings is the maximum possible for
//!    the chosen opening and final dates.
//!
//! # Guarantees
//! No meeting on a blocked date; meetings of a unit are in programme order with the gaps (at
//! least one day) respected; every unit's meetings end before the group final meeting; a unit that
//! misses its target gets a [`Shortfall`] listing every blocked date of its weekday. Units are
//! expanded in parallel and collected in input order: the output does not depend on the number of
//! threads. No double booking is introduced: two units of one person have distinct weekly slots
//! (checked by the standing solver), and the group final meeting is after every other meeting.
//!
//! # Complexity
//! `O(u · w)` for `u` units and `w` weeks, plus `O(window · c · p)` for the group final meeting
//! (`c` candidate starts, `p` people).
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
//! use nastavnik::schedule::expand::{expand, StandingSlot};
//! use nastavnik::schedule::programme::{MeetingKind, MeetingMode, Programme};
//! let cal = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
//! let slot = StandingSlot {
//!     unit: "p1".into(), participants: vec!["t1".into(), "s1".into()], form: None,
//!     weekday: 0, start_minute: 15 * 60, duration_minutes: 45, room: Some("101".into()),
//!     mode: MeetingMode::InPerson,
//! };
//! let out = expand(&cal, &Programme::default(), &[slot], None)?;
//! assert_eq!(out.meetings.len(), 16);
//! assert_eq!(out.meetings[0].kind, MeetingKind::Organisational);
//! assert!(out.shortfalls.is_empty());
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::calendar::days::{day_number, from_day_number, weekday};
use super::calendar::{Blocked, Calendar};
use super::programme::{Cadence, MeetingKind, MeetingMode, Programme};
use crate::cohort::Form;
use crate::error::{Error, Result};

/// A unit's standing weekly slot (the standing solver's answer for one unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandingSlot {
    /// Unit id (unique).
    pub unit: String,
    /// Participants (consenting) of the unit.
    pub participants: Vec<String>,
    /// Form of mentoring (selects the programme).
    pub form: Option<Form>,
    /// Weekday, 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Start, minutes after local midnight.
    pub start_minute: u16,
    /// Length in minutes.
    pub duration_minutes: u16,
    /// Room (in person).
    pub room: Option<String>,
    /// Online or in person.
    pub mode: MeetingMode,
}

/// One dated meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Unit id (`"group_final"` for the group final meeting).
    pub unit: String,
    /// Kind of meeting.
    pub kind: MeetingKind,
    /// Position in the unit's programme (0-based).
    pub seq: u32,
    /// Local date.
    pub date: Date,
    /// Local start, minutes after midnight.
    pub start_minute: u16,
    /// Length in minutes.
    pub duration_minutes: u16,
    /// Room, if in person.
    pub room: Option<String>,
    /// Online or in person.
    pub mode: MeetingMode,
    /// Participants.
    pub participants: Vec<String>,
}

impl Meeting {
    /// Start and end as UTC instants in the calendar's time zone (a wall time skipped by a DST
    /// change is moved forward, as RFC 5545 prescribes).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the instant is out of jiff's range.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// # use nastavnik::schedule::expand::Meeting;
    /// # use nastavnik::schedule::programme::*;
    /// let cal = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
    /// let m = Meeting { unit: "u".into(), kind: MeetingKind::Trial, seq: 1, date: jiff::civil::date(2024, 9, 9),
    ///     start_minute: 600, duration_minutes: 45, room: None, mode: MeetingMode::Online, participants: vec![] };
    /// let (s, _) = m.instants(&cal)?;
    /// assert_eq!(s.to_string(), "2024-09-09T07:00:00Z");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn instants(&self, calendar: &Calendar) -> Result<(Timestamp, Timestamp)> {
        let err = |e: jiff::Error| Error::invalid("meeting time", format!("{}: {e}", self.unit));
        let dt = self.date.at(
            (self.start_minute / 60) as i8,
            (self.start_minute % 60) as i8,
            0,
            0,
        );
        let z = dt.to_zoned(calendar.time_zone().clone()).map_err(err)?;
        let s = z.timestamp();
        let e = s
            .checked_add(jiff::SignedDuration::from_mins(i64::from(
                self.duration_minutes,
            )))
            .map_err(err)?;
        Ok((s, e))
    }
}

/// A unit that missed its target number of meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// Unit id.
    pub unit: String,
    /// Target number of meetings (programme).
    pub target: u32,
    /// Meetings scheduled.
    pub scheduled: u32,
    /// Kinds that could not be placed at all.
    pub missing: Vec<MeetingKind>,
    /// Every blocked date of the unit's weekday, with its cause.
    pub blocked: Vec<(Date, Blocked)>,
}

/// What the group final meeting needs besides the calendar.
pub struct GroupFinalRequest<'a> {
    /// Candidate starts `(weekday, start minute)` (the slot grid).
    pub candidates: Vec<(u8, u16)>,
    /// Whether a person is available weekly at `(weekday, start minute, length)`.
    pub available: &'a (dyn Fn(&str, u8, u16, u16) -> bool + Sync),
    /// Rooms `(id, capacity)`.
    pub rooms: Vec<(String, u32)>,
}

/// Outcome of the group final meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupFinalOutcome {
    /// The meeting, if any candidate was valid (its participants are the attendees).
    pub meeting: Option<Meeting>,
    /// People who cannot attend the chosen meeting (or everybody, when none was placed).
    pub cannot_attend: Vec<String>,
    /// Why it is missing or incomplete.
    pub reason: Option<String>,
}

/// Result of [`expand`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// Dated meetings: units in input order, each in programme order, the group final last.
    pub meetings: Vec<Meeting>,
    /// Units below target.
    pub shortfalls: Vec<Shortfall>,
    /// The group final meeting, when requested.
    pub group_final: Option<GroupFinalOutcome>,
}

fn validate(slots: &[StandingSlot]) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(slots.len());
    for (i, s) in slots.iter().enumerate() {
        let what = format!("standing slot {i} (unit {:?})", s.unit);
        if s.unit.trim().is_empty() {
            return Err(Error::invalid(what, "empty unit id"));
        }
        if let Some(&first) = seen.get(s.unit.as_str()) {
            return Err(Error::DuplicateId {
                what: "standing slots".into(),
                id: s.unit.clone(),
                first,
                second: i,
            });
        }
        seen.insert(&s.unit, i);
        if s.weekday > 6 {
            return Err(Error::invalid(
                what,
                format!("weekday {} (expected 0..=6)", s.weekday),
            ));
        }
        if s.duration_minutes == 0
            || u32::from(s.start_minute) + u32::from(s.duration_minutes) > 1440
        {
            return Err(Error::invalid(
                what,
                format!(
                    "start {} min + length {} min must be within one day and the length positive",
                    s.start_minute, s.duration_minutes
                ),
            ));
        }
        if s.participants.is_empty() {
            return Err(Error::invalid(what, "no participants"));
        }
    }
    Ok(())
}

fn add_month(day: i32) -> i32 {
    let d = from_day_number(day);
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    let dim = Date::new(y, m, 1).map(|x| x.days_in_month()).unwrap_or(28);
    Date::new(y, m, d.day().min(dim))
        .map(day_number)
        .unwrap_or(day + 31)
}

/// Earliest day allowed after a regular meeting on `day`.
pub(crate) fn next_regular(cadence: Cadence, day: i32) -> i32 {
    match cadence {
        Cadence::Weekly => day + 7,
        Cadence::Biweekly => day + 14,
        Cadence::Monthly => add_month(day),
    }
}

/// Expand standing slots into dated meetings (see the module docs).
///
/// # Errors
/// [`Error::InvalidValue`] for a weekday outside 0..=6, a slot past midnight or of length 0, a
/// unit without participants or with an empty id; [`Error::DuplicateId`] for a repeated unit;
/// programme validation errors.
///
/// ```
/// # use nastavnik::schedule::calendar::*;
/// # use nastavnik::schedule::expand::*;
/// # use nastavnik::schedule::programme::*;
/// let cal = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
/// let bad = StandingSlot { unit: "u".into(), participants: vec!["a".into()], form: None, weekday: 7,
///     start_minute: 0, duration_minutes: 30, room: None, mode: MeetingMode::Online };
/// assert!(expand(&cal, &Programme::default(), &[bad], None).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn expand(
    calendar: &Calendar,
    programme: &Programme,
    slots: &[StandingSlot],
    group_final: Option<&GroupFinalRequest<'_>>,
) -> Result<Expansion> {
    programme.validate()?;
    validate(slots)?;
    let (first, last) = calendar.day_range();
    let gf = match group_final {
        Some(req) if programme.group_final.enabled && !slots.is_empty() => {
            Some(place_group_final(calendar, programme, slots, req))
        }
        _ => None,
    };
    let limit = gf
        .as_ref()
        .and_then(|g| g.meeting.as_ref())
        .map_or(last, |m| day_number(m.date) - 1);
    let per_unit: Vec<(Vec<Meeting>, Option<Shortfall>)> = slots
        .par_iter()
        .map(|s| expand_unit(calendar, programme, s, first, limit))
        .collect();
    let mut meetings = Vec::new();
    let mut shortfalls = Vec::new();
    for (m, sf) in per_unit {
        meetings.extend(m);
        shortfalls.extend(sf);
    }
    if let Some(m) = gf.as_ref().and_then(|g| g.meeting.clone()) {
        meetings.push(m);
    }
    Ok(Expansion {
        meetings,
        shortfalls,
        group_final: gf,
    })
}

fn expand_unit(
    calendar: &Calendar,
    programme: &Programme,
    s: &StandingSlot,
    first: i32,
    limit: i32,
) -> (Vec<Meeting>, Option<Shortfall>) {
    let fp = programme.for_form(s.form);
    let room = match s.mode {
        MeetingMode::InPerson => s.room.as_deref(),
        MeetingMode::Online => None,
    };
    let people = || s.participants.iter().map(String::as_str);
    let mut free = Vec::new();
    let mut blocked = Vec::new();
    let mut d = first + (i32::from(s.weekday) - i32::from(weekday(first))).rem_euclid(7);
    while d <= limit {
        match calendar.blocked_day(d, people(), room) {
            None => free.push(d),
            Some(b) => blocked.push((from_day_number(d), b)),
        }
        d += 7;
    }
    let after = |from: i32| free.iter().copied().find(|&x| x >= from);
    let mut days: Vec<(MeetingKind, i32)> = Vec::new();
    let gap = |g: u16| i32::from(g.max(1));
    if let Some(org) = free.first().copied() {
        days.push((MeetingKind::Organisational, org));
        if let Some(trial) = after(org + gap(fp.gap_org_trial_days)) {
            days.push((MeetingKind::Trial, trial));
            if let Some(plan) = after(trial + gap(fp.gap_trial_planning_days)) {
                days.push((MeetingKind::Planning, plan));
                let fin = free
                    .last()
                    .copied()
                    .filter(|&f| f >= plan + gap(fp.gap_before_final_days));
                let reg_limit = fin.map_or(limit, |f| f - gap(fp.gap_before_final_days));
                let mut prev = plan;
                let mut n = 0u16;
                while n < fp.regular_meetings {
                    match after(next_regular(fp.cadence, prev)) {
                        Some(r) if r <= reg_limit => {
                            days.push((MeetingKind::Regular, r));
                            prev = r;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                if let Some(f) = fin {
                    days.push((MeetingKind::Final, f));
                }
            }
        }
    }
    let meetings: Vec<Meeting> = days
        .iter()
        .enumerate()
        .map(|(i, &(kind, day))| Meeting {
            unit: s.unit.clone(),
            kind,
            seq: i as u32,
            date: from_day_number(day),
            start_minute: s.start_minute,
            duration_minutes: s.duration_minutes,
            room: room.map(str::to_string),
            mode: s.mode,
            participants: s.participants.clone(),
        })
        .collect();
    let target = fp.target();
    let shortfall = (meetings.len() < target as usize).then(|| {
        let placed: BTreeSet<MeetingKind> = days.iter().map(|&(k, _)| k).collect();
        let missing: Vec<MeetingKind> = [
            MeetingKind::Organisational,
            MeetingKind::Trial,
            MeetingKind::Planning,
            MeetingKind::Regular,
            MeetingKind::Final,
        ]
        .into_iter()
        .filter(|k| !placed.contains(k) && (*k != MeetingKind::Regular || fp.regular_meetings > 0))
        .collect();
        Shortfall {
            unit: s.unit.clone(),
            target,
            scheduled: meetings.len() as u32,
            missing,
            blocked,
        }
    });
    (meetings, shortfall)
}

type Candidate<'a> = (usize, i32, u16, Option<&'a str>, Vec<&'a str>);

fn place_group_final(
    calendar: &Calendar,
    programme: &Programme,
    slots: &[StandingSlot],
    req: &GroupFinalRequest<'_>,
) -> GroupFinalOutcome {
    let g = &programme.group_final;
    let people: Vec<&str> = {
        let set: BTreeSet<&str> = slots
            .iter()
            .flat_map(|s| s.participants.iter().map(String::as_str))
            .collect();
        set.into_iter().collect()
    };
    let (first, last) = calendar.day_range();
    let lo = (last - i32::from(g.window_days.max(1)) + 1).max(first);
    let mut rooms: Vec<(&str, u32)> = req.rooms.iter().map(|(r, c)| (r.as_str(), *c)).collect();
    rooms.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
    let mut cands: Vec<(u8, u16)> = req
        .candidates
        .iter()
        .copied()
        .filter(|&(w, s)| w < 7 && u32::from(s) + u32::from(g.duration_minutes) <= 1440)
        .collect();
    cands.sort_unstable();
    cands.dedup();
    // best: most attendees, then the latest day, then the earliest start
    let mut best: Option<Candidate<'_>> = None;
    let mut room_short = false;
    for day in (lo..=last).rev() {
        if calendar.excluded_day(day).is_some() {
            continue;
        }
        let wd = weekday(day);
        for &(_, start) in cands.iter().filter(|c| c.0 == wd) {
            let att: Vec<&str> = people
                .iter()
                .copied()
                .filter(|p| {
                    !calendar.is_absent(p, day) && (req.available)(p, wd, start, g.duration_minutes)
                })
                .collect();
            if att.is_empty() {
                continue;
            }
            let room = match g.mode {
                MeetingMode::Online => None,
                MeetingMode::InPerson => {
                    match rooms
                        .iter()
                        .find(|(r, c)| *c as usize >= att.len() && !calendar.is_closed(r, day))
                    {
                        Some((r, _)) => Some(*r),
                        None => {
                            room_short = true;
                            continue;
                        }
                    }
                }
            };
            let better = best.as_ref().is_none_or(|b| att.len() > b.0);
            if better {
                let full = att.len() == people.len();
                best = Some((att.len(), day, start, room, att));
                if full {
                    break;
                }
            }
        }
        if best.as_ref().is_some_and(|b| b.0 == people.len()) {
            break;
        }
    }
    match best {
        None => GroupFinalOutcome {
            meeting: None,
            cannot_attend: people.iter().map(|s| s.to_string()).collect(),
            reason: Some(if room_short {
                "no open room holds the attendees of any candidate date in the final window".into()
            } else {
                format!(
                    "no candidate slot in the last {} days of the year has a free date and an available participant",
                    g.window_days
                )
            }),
        },
        Some((n, day, start, room, att)) => {
            let set: BTreeSet<&str> = att.iter().copied().collect();
            let cannot: Vec<String> = people
                .iter()
                .filter(|p| !set.contains(*p))
                .map(|s| s.to_string())
                .collect();
            GroupFinalOutcome {
                meeting: Some(Meeting {
                    unit: "group_final".into(),
                    kind: MeetingKind::GroupFinal,
                    seq: 0,
                    date: from_day_number(day),
                    start_minute: start,
                    duration_minutes: g.duration_minutes,
                    room: room.map(str::to_string),
                    mode: g.mode,
                    participants: att.iter().map(|s| s.to_string()).collect(),
                }),
                reason: (n < people.len()).then(|| {
                    format!(
                        "{} of {} participants cannot attend any candidate slot of the final window",
                        people.len() - n,
                        people.len()
                    )
                }),
                cannot_attend: cannot,
            }
        }
    }
}
