//! CSV export of dated meetings: one row per meeting, RFC 4180 quoting (the `csv` crate).
//!
//! Columns: `uid, unit, kind, seq, date, start, end, start_utc, end_utc, duration_minutes, mode,
//! room, participants` (participants joined by `;`). Local times are in the calendar's zone.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
//! use nastavnik::schedule::export::csv::write_csv;
//! let cal = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
//! let text = write_csv(&cal, &[])?;
//! assert!(text.starts_with("uid,unit,kind"));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use super::meeting_uid;
use crate::error::{Error, Result};
use crate::schedule::calendar::Calendar;
use crate::schedule::expand::Meeting;

/// The CSV header.
pub const HEADER: [&str; 13] = [
    "uid",
    "unit",
    "kind",
    "seq",
    "date",
    "start",
    "end",
    "start_utc",
    "end_utc",
    "duration_minutes",
    "mode",
    "room",
    "participants",
];

/// One meeting as the 13 CSV fields of [`HEADER`].
///
/// # Errors
/// Time-zone conversion errors.
///
/// ```
/// # use nastavnik::schedule::calendar::*;
/// # use nastavnik::schedule::expand::Meeting;
/// # use nastavnik::schedule::programme::*;
/// let cal = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
/// let m = Meeting { unit: "u".into(), kind: MeetingKind::Trial, seq: 1, date: jiff::civil::date(2024, 9, 9),
///     start_minute: 600, duration_minutes: 45, room: None, mode: MeetingMode::Online, participants: vec!["a".into(), "b".into()] };
/// let r = nastavnik::schedule::export::csv::row(&cal, &m)?;
/// assert_eq!(r[5], "10:00");
/// assert_eq!(r[12], "a;b");
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn row(calendar: &Calendar, m: &Meeting) -> Result<[String; 13]> {
    let (s, e) = m.instants(calendar)?;
    let tz = calendar.time_zone();
    let (ls, le) = (tz.to_datetime(s), tz.to_datetime(e));
    Ok([
        meeting_uid(m),
        m.unit.clone(),
        m.kind.as_str().into(),
        m.seq.to_string(),
        m.date.to_string(),
        format!("{:02}:{:02}", ls.hour(), ls.minute()),
        format!("{:02}:{:02}", le.hour(), le.minute()),
        s.to_string(),
        e.to_string(),
        m.duration_minutes.to_string(),
        m.mode.as_str().into(),
        m.room.clone().unwrap_or_default(),
        m.participants.join(";"),
    ])
}

/// All meetings as CSV text (header first).
///
/// # Errors
/// Time-zone conversion errors; [`Error::Io`] if the writer fails.
///
/// ```
/// # use nastavnik::schedule::calendar::*;
/// let cal = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
/// assert_eq!(nastavnik::schedule::export::csv::write_csv(&cal, &[])?.lines().count(), 1);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn write_csv(calendar: &Calendar, meetings: &[Meeting]) -> Result<String> {
    let io = |e: ::csv::Error| Error::Io {
        path: "CSV buffer".into(),
        message: e.to_string(),
    };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(io)?;
    for m in meetings {
        w.write_record(row(calendar, m)?).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Io {
        path: "CSV buffer".into(),
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        path: "CSV buffer".into(),
        message: e.to_string(),
    })
}
