//! iCalendar (RFC 5545) export, written by a small serializer of our own.
//!
//! # Contract
//! * Lines end with CRLF; content lines longer than 75 octets are folded (CRLF + one space) at
//!   UTF-8 character boundaries, so a Cyrillic letter (2 octets) or an emoji (4) is never split
//!   (RFC 5545 §3.1).
//! * TEXT values escape `\`, `;`, `,` and newlines (§3.3.11); other control characters are dropped.
//! * Every event has `UID` (stable, [`super::meeting_uid`]), `DTSTAMP` (UTC, given by the caller
//!   so that exports are reproducible), `SEQUENCE`, and `DTSTART`/`DTEND` as local times with a
//!   `TZID` whose `VTIMEZONE` lists the zone's offset at the start of the school year and every
//!   transition inside it (from jiff's bundled tz database).
//! * Participants appear in `DESCRIPTION` by id; rooms in `LOCATION`.
//!
//! The `icalendar` crate was not used: it writes no `VTIMEZONE` for a named zone, and the whole
//! format needed here is a few dozen lines whose properties the tests check directly and through
//! the Python `icalendar` parser.
//!
//! # Complexity
//! Linear in the output size.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
//! use nastavnik::schedule::expand::Meeting;
//! use nastavnik::schedule::export::ics::{fold_line, write_calendar, IcsOptions};
//! use nastavnik::schedule::programme::{MeetingKind, MeetingMode};
//! let cal = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
//! let m = Meeting { unit: "пара-1".into(), kind: MeetingKind::Organisational, seq: 0,
//!     date: jiff::civil::date(2024, 9, 2), start_minute: 900, duration_minutes: 45,
//!     room: Some("101".into()), mode: MeetingMode::InPerson, participants: vec!["t1".into(), "s1".into()] };
//! let text = write_calendar(&cal, &[&m], &[0], &IcsOptions::default(), "t1")?;
//! assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
//! assert!(text.contains("DTSTART;TZID=Europe/Moscow:20240902T150000\r\n"));
//! let mut folded = String::new();
//! fold_line(&"я".repeat(50), &mut folded);
//! assert!(folded.split("\r\n").all(|l| l.len() <= 75));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::meeting_uid;
use crate::error::{Error, Result};
use crate::schedule::calendar::Calendar;
use crate::schedule::expand::Meeting;
use crate::schedule::programme::MeetingMode;

/// Options of the iCalendar writer.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct IcsOptions {
    /// `DTSTAMP` of every event (UTC). Defaults to the Unix epoch: pass the export time.
    pub dtstamp: Timestamp,
    /// `PRODID`.
    pub prodid: String,
}

impl Default for IcsOptions {
    fn default() -> Self {
        Self {
            dtstamp: Timestamp::UNIX_EPOCH,
            prodid: "-//nastavnik//schedule//RU".into(),
        }
    }
}

crate::setters::with_setters! { IcsOptions {
    /// Set `dtstamp` (`DTSTAMP` of every event).
    ///
    /// ```
    /// let t = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    /// assert_eq!(nastavnik::schedule::export::ics::IcsOptions::default().with_dtstamp(t).dtstamp, t);
    /// ```
    with_dtstamp => dtstamp: Timestamp,
    /// Set `prodid` (`PRODID`).
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::export::ics::IcsOptions::default().with_prodid("-//x//y//EN".into()).prodid, "-//x//y//EN");
    /// ```
    with_prodid => prodid: String,
}}

/// Append `line` folded at 75 octets (never inside a UTF-8 character), each piece ending CRLF.
///
/// ```
/// let mut s = String::new();
/// nastavnik::schedule::export::ics::fold_line("SUMMARY:short", &mut s);
/// assert_eq!(s, "SUMMARY:short\r\n");
/// ```
pub fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

/// Escape a TEXT value (RFC 5545 §3.3.11).
///
/// ```
/// assert_eq!(nastavnik::schedule::export::ics::escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
/// ```
pub fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push('\t'),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

fn fmt_local(dt: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn fmt_utc(ts: Timestamp) -> String {
    format!(
        "{}Z",
        fmt_local(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime())
    )
}

fn fmt_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let a = seconds.unsigned_abs();
    let (h, m, s) = (a / 3600, (a / 60) % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The `VTIMEZONE` block of the calendar's zone over the school year.
///
/// # Errors
/// [`Error::InvalidValue`] if the year's instants are out of range.
///
/// ```
/// use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
/// let cal = Calendar::new(&CalendarSpec::new("Europe/Berlin", "2024-09-02", "2025-05-30"))?;
/// let v = nastavnik::schedule::export::ics::vtimezone(&cal)?;
/// assert!(v.contains("BEGIN:DAYLIGHT") && v.contains("TZOFFSETTO:+0200"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn vtimezone(calendar: &Calendar) -> Result<String> {
    let tz = calendar.time_zone();
    let err = |e: jiff::Error| Error::invalid("time_zone", e.to_string());
    let begin = calendar
        .start()
        .yesterday()
        .unwrap_or(calendar.start())
        .to_zoned(tz.clone())
        .map_err(err)?
        .timestamp();
    let end = calendar
        .end()
        .tomorrow()
        .unwrap_or(calendar.end())
        .tomorrow()
        .unwrap_or(calendar.end())
        .to_zoned(tz.clone())
        .map_err(err)?
        .timestamp();
    let mut out = String::new();
    fold_line("BEGIN:VTIMEZONE", &mut out);
    fold_line(&format!("TZID:{}", calendar.time_zone_name()), &mut out);
    let info = tz.to_offset_info(begin);
    let mut prev = info.offset().seconds();
    let comp = |out: &mut String, dst: bool, local: DateTime, from: i32, to: i32, name: &str| {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        fold_line(&format!("BEGIN:{kind}"), out);
        fold_line(&format!("DTSTART:{}", fmt_local(local)), out);
        fold_line(&format!("TZOFFSETFROM:{}", fmt_offset(from)), out);
        fold_line(&format!("TZOFFSETTO:{}", fmt_offset(to)), out);
        if !name.is_empty() {
            fold_line(&format!("TZNAME:{}", escape_text(name)), out);
        }
        fold_line(&format!("END:{kind}"), out);
    };
    comp(
        &mut out,
        info.dst().is_dst(),
        tz.to_datetime(begin),
        prev,
        prev,
        info.abbreviation(),
    );
    for t in tz.following(begin) {
        if t.timestamp() > end {
            break;
        }
        let to = t.offset().seconds();
        // DTSTART of a transition is the local time just before it (old offset).
        let local = t
            .timestamp()
            .to_zoned(jiff::tz::TimeZone::fixed(
                jiff::tz::Offset::from_seconds(prev).map_err(err)?,
            ))
            .datetime();
        comp(
            &mut out,
            t.dst().is_dst(),
            local,
            prev,
            to,
            t.abbreviation(),
        );
        prev = to;
    }
    fold_line("END:VTIMEZONE", &mut out);
    Ok(out)
}

/// Write one `VCALENDAR` with the given meetings (and their sequence numbers, from
/// [`super::SequenceLog::update`]); `name` goes into `X-WR-CALNAME`.
///
/// # Errors
/// [`Error::ShapeMismatch`] if `sequences` and `meetings` differ in length; time-zone errors.
///
/// ```
/// # use nastavnik::schedule::calendar::*;
/// # use nastavnik::schedule::export::ics::*;
/// let cal = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30"))?;
/// let t = write_calendar(&cal, &[], &[], &IcsOptions::default(), "empty")?;
/// assert!(t.ends_with("END:VCALENDAR\r\n"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn write_calendar(
    calendar: &Calendar,
    meetings: &[&Meeting],
    sequences: &[u32],
    opts: &IcsOptions,
    name: &str,
) -> Result<String> {
    if meetings.len() != sequences.len() {
        return Err(Error::shape(
            "ICS sequences",
            meetings.len(),
            sequences.len(),
        ));
    }
    let mut out = String::with_capacity(1024 + 400 * meetings.len());
    fold_line("BEGIN:VCALENDAR", &mut out);
    fold_line("VERSION:2.0", &mut out);
    fold_line(&format!("PRODID:{}", escape_text(&opts.prodid)), &mut out);
    fold_line("CALSCALE:GREGORIAN", &mut out);
    fold_line("METHOD:PUBLISH", &mut out);
    fold_line(&format!("X-WR-CALNAME:{}", escape_text(name)), &mut out);
    fold_line(
        &format!("X-WR-TIMEZONE:{}", calendar.time_zone_name()),
        &mut out,
    );
    out.push_str(&vtimezone(calendar)?);
    let stamp = fmt_utc(opts.dtstamp);
    let tzid = calendar.time_zone_name();
    let tz = calendar.time_zone();
    let mut line = String::with_capacity(256);
    for (m, &seq) in meetings.iter().zip(sequences) {
        let (s, e) = m.instants(calendar)?;
        fold_line("BEGIN:VEVENT", &mut out);
        fold_line(&format!("UID:{}", meeting_uid(m)), &mut out);
        fold_line(&format!("DTSTAMP:{stamp}"), &mut out);
        fold_line(&format!("SEQUENCE:{seq}"), &mut out);
        fold_line(
            &format!("DTSTART;TZID={tzid}:{}", fmt_local(tz.to_datetime(s))),
            &mut out,
        );
        fold_line(
            &format!("DTEND;TZID={tzid}:{}", fmt_local(tz.to_datetime(e))),
            &mut out,
        );
        line.clear();
        let _ = write!(
            line,
            "SUMMARY:{}",
            escape_text(&format!("{}: {}", m.kind.title_ru(), m.unit))
        );
        fold_line(&line, &mut out);
        if let Some(r) = &m.room {
            fold_line(&format!("LOCATION:{}", escape_text(r)), &mut out);
        }
        line.clear();
        let mode = match m.mode {
            MeetingMode::InPerson => "очно",
            MeetingMode::Online => "онлайн",
        };
        let _ = write!(
            line,
            "DESCRIPTION:{}",
            escape_text(&format!(
                "Участники: {}\nФормат: {mode}\nВстреча {} программы",
                m.participants.join(", "),
                m.seq + 1
            ))
        );
        fold_line(&line, &mut out);
        fold_line(
            &format!("CATEGORIES:{}", m.kind.as_str().to_uppercase()),
            &mut out,
        );
        fold_line("END:VEVENT", &mut out);
    }
    fold_line("END:VCALENDAR", &mut out);
    Ok(out)
}
