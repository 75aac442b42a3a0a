//! The school-year calendar: time zone, school year, term breaks, days off, the Russian
//! production calendar and dated exceptions (absences, room closures).
//!
//! # Problem
//! Decide, for every date of a school year and for a given set of people and a room, whether a
//! meeting may take place, and if not, why (a public holiday, a term break, a curator's day off,
//! a person's absence, a room closure).
//!
//! # Algorithm
//! [`Calendar::new`] validates a [`CalendarSpec`] once and precomputes one cause per day of the
//! year (`O(days)`, at most [`MAX_DAYS`] days). The production calendar of each covered year comes
//! from [`production`] (bundled, with the decree cited); the curator can switch it off
//! (`production_calendar = "none"`), add days off and declare dates working (overrides win).
//! Weekends are **not** excluded by the calendar: which weekdays carry meetings is decided by the
//! weekly slot grid (some schools meet on Saturdays); a holiday on a Saturday is excluded.
//!
//! # Guarantees
//! Every date, time zone and interval is checked: an unknown IANA name, an end before a start,
//! overlapping term breaks, a date outside the school year or a year not covered by the
//! production calendar is an [`Error::InvalidValue`] naming the field and the value. Instants are
//! computed in UTC from the calendar's time zone (jiff with its bundled tz database, so no system
//! tzdata is needed).
//!
//! # Complexity
//! Construction `O(days + breaks log breaks + exceptions)`; [`Calendar::blocked`] is `O(1)` plus
//! `O(log a)` per person for `a` absences.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::{Calendar, CalendarSpec, Exclusion};
//! let cal = Calendar::new(&CalendarSpec::from_json(r#"{
//!     "time_zone": "Europe/Moscow", "start": "2024-09-02", "end": "2025-05-30",
//!     "breaks": [{"name": "autumn", "start": "2024-10-28", "end": "2024-11-04"}],
//!     "absences": [{"id": "t1", "start": "2024-09-09", "end": "2024-09-13"}]
//! }"#)?)?;
//! let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
//! assert_eq!(cal.excluded(d("2024-09-03")), None);
//! assert!(matches!(cal.excluded(d("2024-10-30")), Some(Exclusion::Break(_))));
//! assert_eq!(cal.excluded(d("2025-05-09")), Some(Exclusion::Holiday));
//! assert!(cal.blocked(d("2024-09-10"), ["t1"], None).is_some());
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub mod days;
pub mod production;

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use days::{day_number, from_day_number};

/// Longest school year accepted, in days (two years): bounds every per-day allocation.
pub const MAX_DAYS: i32 = 732;

/// A named closed interval of dates (`"YYYY-MM-DD"`, both ends included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// Name shown in reasons (e.g. `"autumn"`).
    #[serde(default)]
    pub name: String,
    /// First day of the break.
    pub start: String,
    /// Last day of the break.
    pub end: String,
}

/// A dated exception for one person or room: absent/closed from `start` to `end` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Participant id (for absences) or room id (for closures).
    pub id: String,
    /// First day.
    pub start: String,
    /// Last day (defaults to `start`).
    #[serde(default)]
    pub end: Option<String>,
}

/// The curator's calendar input (serde JSON, unknown keys rejected).
///
/// ```
/// use nastavnik::schedule::calendar::CalendarSpec;
/// let s = CalendarSpec::from_json(r#"{"time_zone": "Asia/Yekaterinburg", "start": "2025-09-01", "end": "2026-05-29"}"#)?;
/// assert_eq!(s.production_calendar, "ru");
/// assert!(CalendarSpec::from_json(r#"{"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29", "colour": 1}"#).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA time zone of the school (e.g. `"Europe/Moscow"`).
    pub time_zone: String,
    /// First day of the school year.
    pub start: String,
    /// Last day of the school year.
    pub end: String,
    /// Term breaks (каникулы); must not overlap.
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// Extra days off declared by the curator.
    #[serde(default)]
    pub days_off: Vec<String>,
    /// Dates the curator declares working (override the production calendar and `days_off`).
    #[serde(default)]
    pub working_days: Vec<String>,
    /// `"ru"` (default) for the bundled Russian production calendar, `"none"` for none.
    #[serde(default = "ru")]
    pub production_calendar: String,
    /// Absences of participants.
    #[serde(default)]
    pub absences: Vec<Absence>,
    /// Closures of rooms.
    #[serde(default)]
    pub closures: Vec<Absence>,
}

fn ru() -> String {
    "ru".into()
}

impl CalendarSpec {
    /// A spec with the given time zone and year, the Russian production calendar and nothing else.
    ///
    /// ```
    /// let s = nastavnik::schedule::calendar::CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30");
    /// assert!(s.breaks.is_empty());
    /// ```
    pub fn new(time_zone: &str, start: &str, end: &str) -> Self {
        Self {
            time_zone: time_zone.into(),
            start: start.into(),
            end: end.into(),
            breaks: Vec::new(),
            days_off: Vec::new(),
            working_days: Vec::new(),
            production_calendar: ru(),
            absences: Vec::new(),
            closures: Vec::new(),
        }
    }

    /// Parse from JSON (unknown keys rejected).
    ///
    /// # Errors
    /// [`Error::Parse`] with the line and column.
    ///
    /// ```
    /// assert!(nastavnik::schedule::calendar::CalendarSpec::from_json("{").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "calendar JSON".into(),
            message: e.to_string(),
        })
    }
}

/// Why a date is excluded for everybody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "cause", content = "name")]
pub enum Exclusion {
    /// Outside the school year.
    OutsideYear,
    /// A public holiday or a (transferred) day off of the production calendar.
    Holiday,
    /// A term break, by name.
    Break(String),
    /// A day off declared by the curator.
    DayOff,
}

/// Why a date is blocked for a particular meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "cause")]
pub enum Blocked {
    /// Excluded for everybody.
    Calendar {
        /// The calendar's reason.
        exclusion: Exclusion,
    },
    /// A participant is absent.
    Absence {
        /// The absent participant.
        id: String,
    },
    /// The room is closed.
    Closure {
        /// The closed room.
        room: String,
    },
}

/// A validated calendar (see the module docs).
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: TimeZone,
    tz_name: String,
    start: Date,
    end: Date,
    first: i32,
    causes: Vec<Option<Exclusion>>,
    working_weekend: Vec<bool>,
    absences: BTreeMap<String, Vec<(i32, i32)>>,
    closures: BTreeMap<String, Vec<(i32, i32)>>,
    decrees: Vec<&'static str>,
}

fn parse_date(field: &str, s: &str) -> Result<Date> {
    s.trim()
        .parse::<Date>()
        .map_err(|e| Error::invalid(field, format!("{s:?} is not a date YYYY-MM-DD ({e})")))
}

impl Calendar {
    /// Validate a spec.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming the field for an unknown time zone, a malformed date, an
    /// end before a start, a year longer than [`MAX_DAYS`], overlapping breaks, any date outside
    /// the school year, a year the production calendar does not cover, an unknown
    /// `production_calendar`; [`Error::InvalidValue`] for empty ids.
    ///
    /// ```
    /// use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
    /// let err = Calendar::new(&CalendarSpec::new("Europe/Mosсow", "2024-09-02", "2025-05-30")).unwrap_err();
    /// assert!(err.to_string().contains("time_zone"));
    /// let err = Calendar::new(&CalendarSpec::new("UTC", "2025-09-02", "2025-05-30")).unwrap_err();
    /// assert!(err.to_string().contains("before"));
    /// ```
    pub fn new(spec: &CalendarSpec) -> Result<Self> {
        let tz = TimeZone::get(spec.time_zone.trim()).map_err(|e| {
            Error::invalid(
                "time_zone",
                format!("{:?} is not an IANA time zone name ({e})", spec.time_zone),
            )
        })?;
        let start = parse_date("start", &spec.start)?;
        let end = parse_date("end", &spec.end)?;
        if end < start {
            return Err(Error::invalid(
                "school year",
                format!("end {end} is before start {start}"),
            ));
        }
        let first = day_number(start);
        let last = day_number(end);
        let n = last - first + 1;
        if n > MAX_DAYS {
            return Err(Error::invalid(
                "school year",
                format!("{start}..{end} spans {n} days; at most {MAX_DAYS} are supported"),
            ));
        }
        let n = n as usize;
        let inside = |field: &str, d: Date| -> Result<usize> {
            if d < start || d > end {
                Err(Error::invalid(
                    field,
                    format!("{d} is outside the school year {start}..{end}"),
                ))
            } else {
                Ok((day_number(d) - first) as usize)
            }
        };
        let mut causes: Vec<Option<Exclusion>> = vec![None; n];
        let mut working_weekend = vec![false; n];
        let mut decrees = Vec::new();
        match spec.production_calendar.trim().to_lowercase().as_str() {
            "ru" => {
                for y in start.year()..=end.year() {
                    let py = production::year(y).ok_or_else(|| {
                        let (a, b) = production::covered();
                        Error::invalid(
                            "production_calendar",
                            format!(
                                "the bundled Russian production calendar covers {a}-{b}, not {y}; \
                                 set production_calendar to \"none\" and list days_off and working_days"
                            ),
                        )
                    })?;
                    decrees.push(py.decree);
                    for &(m, d) in py.days_off {
                        if let Ok(date) = Date::new(y, m, d)
                            && date >= start
                            && date <= end
                        {
                            causes[(day_number(date) - first) as usize] = Some(Exclusion::Holiday);
                        }
                    }
                    for &(m, d) in py.working_days {
                        if let Ok(date) = Date::new(y, m, d)
                            && date >= start
                            && date <= end
                        {
                            working_weekend[(day_number(date) - first) as usize] = true;
                        }
                    }
                }
            }
            "none" | "" => {}
            other => {
                return Err(Error::invalid(
                    "production_calendar",
                    format!("{other:?} (expected \"ru\" or \"none\")"),
                ));
            }
        }
        let mut breaks = Vec::with_capacity(spec.breaks.len());
        for (i, b) in spec.breaks.iter().enumerate() {
            let field = format!("breaks[{i}] ({:?})", b.name);
            let s = parse_date(&field, &b.start)?;
            let e = parse_date(&field, &b.end)?;
            if e < s {
                return Err(Error::invalid(
                    field,
                    format!("end {e} is before start {s}"),
                ));
            }
            inside(&field, s)?;
            inside(&field, e)?;
            breaks.push((s, e, i));
        }
        breaks.sort();
        for w in breaks.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.0 <= a.1 {
                return Err(Error::invalid(
                    "breaks",
                    format!(
                        "break {:?} ({}..{}) overlaps break {:?} ({}..{})",
                        spec.breaks[a.2].name, a.0, a.1, spec.breaks[b.2].name, b.0, b.1
                    ),
                ));
            }
        }
        for &(s, e, i) in &breaks {
            for k in day_number(s)..=day_number(e) {
                let idx = (k - first) as usize;
                if causes[idx].is_none() {
                    causes[idx] = Some(Exclusion::Break(spec.breaks[i].name.clone()));
                }
            }
        }
        for (i, s) in spec.days_off.iter().enumerate() {
            let field = format!("days_off[{i}]");
            let idx = inside(&field, parse_date(&field, s)?)?;
            if causes[idx].is_none() {
                causes[idx] = Some(Exclusion::DayOff);
            }
        }
        for (i, s) in spec.working_days.iter().enumerate() {
            let field = format!("working_days[{i}]");
            let idx = inside(&field, parse_date(&field, s)?)?;
            causes[idx] = None;
            working_weekend[idx] = true;
        }
        let absences = Self::ranges("absences", &spec.absences, start, end)?;
        let closures = Self::ranges("closures", &spec.closures, start, end)?;
        Ok(Self {
            tz,
            tz_name: spec.time_zone.trim().to_string(),
            start,
            end,
            first,
            causes,
            working_weekend,
            absences,
            closures,
            decrees,
        })
    }

    fn ranges(
        what: &str,
        list: &[Absence],
        start: Date,
        end: Date,
    ) -> Result<BTreeMap<String, Vec<(i32, i32)>>> {
        let mut out: BTreeMap<String, Vec<(i32, i32)>> = BTreeMap::new();
        for (i, a) in list.iter().enumerate() {
            let field = format!("{what}[{i}] ({:?})", a.id);
            if a.id.trim().is_empty() {
                return Err(Error::invalid(field, "empty id"));
            }
            let s = parse_date(&field, &a.start)?;
            let e = match &a.end {
                Some(e) => parse_date(&field, e)?,
                None => s,
            };
            if e < s {
                return Err(Error::invalid(
                    field,
                    format!("end {e} is before start {s}"),
                ));
            }
            for d in [s, e] {
                if d < start || d > end {
                    return Err(Error::invalid(
                        field,
                        format!("{d} is outside the school year {start}..{end}"),
                    ));
                }
            }
            out.entry(a.id.clone())
                .or_default()
                .push((day_number(s), day_number(e)));
        }
        for v in out.values_mut() {
            v.sort_unstable();
        }
        Ok(out)
    }

    /// The time zone.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.time_zone().iana_name(), Some("Europe/Moscow"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The IANA name as given.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.time_zone_name(), "UTC");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn time_zone_name(&self) -> &str {
        &self.tz_name
    }

    /// First day of the school year.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.start(), jiff::civil::date(2024, 9, 2));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn start(&self) -> Date {
        self.start
    }

    /// Last day of the school year.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.end(), jiff::civil::date(2025, 5, 30));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn end(&self) -> Date {
        self.end
    }

    /// Day numbers (see [`days`]) of the first and last day.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2024-09-08"))?;
    /// let (a, b) = c.day_range();
    /// assert_eq!(b - a, 6);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn day_range(&self) -> (i32, i32) {
        (self.first, self.first + self.causes.len() as i32 - 1)
    }

    /// The decrees of the production calendar years in use.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.decrees().len(), 2);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn decrees(&self) -> &[&'static str] {
        &self.decrees
    }

    /// Why a date is excluded for everybody (`None`: a normal day).
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.excluded(jiff::civil::date(2024, 11, 4)), Some(Exclusion::Holiday));
    /// assert_eq!(c.excluded(jiff::civil::date(2025, 6, 4)), Some(Exclusion::OutsideYear));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn excluded(&self, date: Date) -> Option<Exclusion> {
        self.excluded_day(day_number(date)).cloned()
    }

    /// [`Calendar::excluded`] by day number, without cloning.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert!(c.excluded_day(c.day_range().0).is_none());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn excluded_day(&self, day: i32) -> Option<&Exclusion> {
        static OUTSIDE: Exclusion = Exclusion::OutsideYear;
        let i = day - self.first;
        if i < 0 || i as usize >= self.causes.len() {
            return Some(&OUTSIDE);
        }
        self.causes[i as usize].as_ref()
    }

    /// Whether a weekend date was declared working (by the decree or by the curator).
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert!(c.is_working_weekend(jiff::civil::date(2024, 11, 2)));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn is_working_weekend(&self, date: Date) -> bool {
        let i = day_number(date) - self.first;
        i >= 0 && (i as usize) < self.working_weekend.len() && self.working_weekend[i as usize]
    }

    /// Whether participant `id` is absent on day number `day`.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let mut s = CalendarSpec::new("UTC", "2024-09-02", "2025-05-30");
    /// s.absences.push(Absence { id: "a".into(), start: "2024-09-03".into(), end: None });
    /// let c = Calendar::new(&s)?;
    /// let d = days::day_number(jiff::civil::date(2024, 9, 3));
    /// assert!(c.is_absent("a", d) && !c.is_absent("a", d + 1));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn is_absent(&self, id: &str, day: i32) -> bool {
        covers(self.absences.get(id), day)
    }

    /// Whether room `id` is closed on day number `day`.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let mut s = CalendarSpec::new("UTC", "2024-09-02", "2025-05-30");
    /// s.closures.push(Absence { id: "r1".into(), start: "2024-09-03".into(), end: Some("2024-09-04".into()) });
    /// let c = Calendar::new(&s)?;
    /// assert!(c.is_closed("r1", days::day_number(jiff::civil::date(2024, 9, 4))));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn is_closed(&self, room: &str, day: i32) -> bool {
        covers(self.closures.get(room), day)
    }

    /// Ids named in absences (to check them against the cohort).
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.absent_ids().count(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn absent_ids(&self) -> impl Iterator<Item = &str> {
        self.absences.keys().map(String::as_str)
    }

    /// Room ids named in closures (to check them against the rooms).
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert_eq!(c.closed_ids().count(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn closed_ids(&self) -> impl Iterator<Item = &str> {
        self.closures.keys().map(String::as_str)
    }

    /// Why a meeting of `people` (in `room`, if in person) cannot take place on `date`
    /// (`None`: it can). Calendar causes come first, then absences in the given order, then the
    /// room closure.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert!(c.blocked(jiff::civil::date(2024, 9, 4), ["a", "b"], Some("r1")).is_none());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn blocked<'a>(
        &self,
        date: Date,
        people: impl IntoIterator<Item = &'a str>,
        room: Option<&str>,
    ) -> Option<Blocked> {
        self.blocked_day(day_number(date), people, room)
    }

    /// [`Calendar::blocked`] by day number.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
    /// assert!(c.blocked_day(c.day_range().0 - 1, ["a"], None).is_some());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn blocked_day<'a>(
        &self,
        day: i32,
        people: impl IntoIterator<Item = &'a str>,
        room: Option<&str>,
    ) -> Option<Blocked> {
        if let Some(e) = self.excluded_day(day) {
            return Some(Blocked::Calendar {
                exclusion: e.clone(),
            });
        }
        if !self.absences.is_empty() {
            for p in people {
                if self.is_absent(p, day) {
                    return Some(Blocked::Absence { id: p.to_string() });
                }
            }
        }
        if let Some(r) = room
            && self.is_closed(r, day)
        {
            return Some(Blocked::Closure {
                room: r.to_string(),
            });
        }
        None
    }

    /// Excluded dates (for everybody) of each ISO week of the year: `(monday, [excluded weekday
    /// indices 0..7])`, for the per-week dated solver.
    ///
    /// ```
    /// # use nastavnik::schedule::calendar::*;
    /// let c = Calendar::new(&CalendarSpec::new("UTC", "2024-11-04", "2024-11-10"))?;
    /// let w = c.excluded_by_week();
    /// assert_eq!(w[0].1, vec![0]); // Monday 4 November, Unity Day
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn excluded_by_week(&self) -> Vec<(Date, Vec<u8>)> {
        let (a, b) = self.day_range();
        let monday = a - i32::from(days::weekday(a));
        let mut out = Vec::new();
        let mut w = monday;
        while w <= b {
            let ex = (0..7u8)
                .filter(|&k| self.excluded_day(w + i32::from(k)).is_some())
                .collect();
            out.push((from_day_number(w), ex));
            w += 7;
        }
        out
    }
}

fn covers(ranges: Option<&Vec<(i32, i32)>>, day: i32) -> bool {
    match ranges {
        None => false,
        Some(v) => {
            let k = v.partition_point(|&(s, _)| s <= day);
            v[..k].iter().rev().any(|&(_, e)| e >= day)
        }
    }
}
