//! Exports of a dated schedule: iCalendar (RFC 5545) per person or per room ([`ics`]) and CSV
//! ([`csv`]); stable meeting UIDs and a [`SequenceLog`] that bumps `SEQUENCE` when a meeting
//! changes between exports.
//!
//! # Contract
//! A meeting's UID depends only on its unit, kind and position in the programme (not on its
//! date, time or room), so re-exporting the same schedule gives the same UIDs and a moved meeting
//! keeps its UID. The content hash covers date, time, length, room, mode and participants;
//! [`SequenceLog::update`] increments the sequence of every UID whose content hash changed.
//! Hashes are 64-bit FNV-1a (stable across platforms and versions). Only the meetings given are
//! exported: the caller (the top-level schedule) has already left out everybody without consent.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::export::{meeting_uid, SequenceLog};
//! use nastavnik::schedule::expand::Meeting;
//! use nastavnik::schedule::programme::{MeetingKind, MeetingMode};
//! let mut m = Meeting { unit: "p1".into(), kind: MeetingKind::Trial, seq: 1,
//!     date: jiff::civil::date(2024, 9, 9), start_minute: 900, duration_minutes: 45,
//!     room: None, mode: MeetingMode::Online, participants: vec!["a".into()] };
//! let mut log = SequenceLog::default();
//! assert_eq!(log.update(std::slice::from_ref(&m)), vec![0]);
//! assert_eq!(log.update(std::slice::from_ref(&m)), vec![0]);   // unchanged
//! let uid = meeting_uid(&m);
//! m.start_minute = 960;                                           // moved
//! assert_eq!(log.update(std::slice::from_ref(&m)), vec![1]);
//! assert_eq!(meeting_uid(&m), uid);
//! ```

pub mod csv;
pub mod ics;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::expand::Meeting;
use crate::error::{Error, Result};

/// 64-bit FNV-1a over the given byte strings, each followed by a 0x1f separator.
///
/// ```
/// use nastavnik::schedule::export::fnv1a;
/// assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
/// ```
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.iter().chain(std::iter::once(&0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The stable UID of a meeting: `<hash(unit, kind, seq)>@nastavnik`.
///
/// ```
/// # use nastavnik::schedule::export::meeting_uid;
/// # use nastavnik::schedule::expand::Meeting;
/// # use nastavnik::schedule::programme::*;
/// let m = Meeting { unit: "п1".into(), kind: MeetingKind::Final, seq: 9, date: jiff::civil::date(2025, 5, 19),
///     start_minute: 900, duration_minutes: 45, room: None, mode: MeetingMode::Online, participants: vec![] };
/// assert!(meeting_uid(&m).ends_with("@nastavnik"));
/// ```
pub fn meeting_uid(m: &Meeting) -> String {
    let seq = m.seq.to_le_bytes();
    let parts: [&[u8]; 3] = [m.unit.as_bytes(), m.kind.as_str().as_bytes(), &seq];
    let a = fnv1a(&parts);
    let b = fnv1a(&[b"nastavnik-uid", &a.to_le_bytes(), m.unit.as_bytes()]);
    format!("{a:016x}{b:016x}@nastavnik")
}

/// Hash of what a meeting's attendees see (date, time, length, room, mode, participants).
///
/// ```
/// # use nastavnik::schedule::export::content_hash;
/// # use nastavnik::schedule::expand::Meeting;
/// # use nastavnik::schedule::programme::*;
/// let m = Meeting { unit: "u".into(), kind: MeetingKind::Final, seq: 3, date: jiff::civil::date(2025, 5, 19),
///     start_minute: 900, duration_minutes: 45, room: None, mode: MeetingMode::Online, participants: vec![] };
/// let mut n = m.clone();
/// n.room = Some("101".into());
/// assert_ne!(content_hash(&m), content_hash(&n));
/// ```
pub fn content_hash(m: &Meeting) -> u64 {
    let date = m.date.to_string();
    let t = [
        m.start_minute.to_le_bytes(),
        m.duration_minutes.to_le_bytes(),
    ]
    .concat();
    let mut parts: Vec<&[u8]> = vec![
        date.as_bytes(),
        &t,
        m.room.as_deref().unwrap_or("").as_bytes(),
        m.mode.as_str().as_bytes(),
    ];
    parts.extend(m.participants.iter().map(|p| p.as_bytes()));
    fnv1a(&parts)
}

/// Sequence numbers of exported meetings by UID, kept between exports (serde JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SequenceLog {
    /// UID → (content hash, sequence).
    pub entries: BTreeMap<String, (u64, u32)>,
}

impl SequenceLog {
    /// Record the meetings and return each one's `SEQUENCE`: 0 for a new UID, unchanged for an
    /// unchanged meeting, +1 when its content changed since the last export.
    ///
    /// ```
    /// let mut log = nastavnik::schedule::export::SequenceLog::default();
    /// assert!(log.update(&[]).is_empty());
    /// ```
    pub fn update(&mut self, meetings: &[Meeting]) -> Vec<u32> {
        meetings
            .iter()
            .map(|m| {
                let h = content_hash(m);
                let e = self.entries.entry(meeting_uid(m)).or_insert((h, 0));
                if e.0 != h {
                    e.0 = h;
                    e.1 = e.1.saturating_add(1);
                }
                e.1
            })
            .collect()
    }

    /// Parse a log written by [`SequenceLog::to_json`].
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON.
    ///
    /// ```
    /// use nastavnik::schedule::export::SequenceLog;
    /// let log = SequenceLog::from_json(&SequenceLog::default().to_json())?;
    /// assert!(log.entries.is_empty());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "sequence log JSON".into(),
            message: e.to_string(),
        })
    }

    /// Serialise to JSON.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::export::SequenceLog::default().to_json(), "{}");
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// A file-name stem for an id: letters, digits, `-` and `_` kept (others become `_`, at
/// most 60 characters), plus 8 hex digits of the id's hash so that distinct ids never collide.
///
/// ```
/// let a = nastavnik::schedule::export::file_stem("../etc/passwd");
/// assert!(!a.contains('/'));
/// assert_ne!(nastavnik::schedule::export::file_stem("a b"), nastavnik::schedule::export::file_stem("a_b"));
/// ```
pub fn file_stem(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    if s.is_empty() {
        s.push('_');
    }
    format!("{s}-{:08x}", (fnv1a(&[id.as_bytes()]) >> 32) as u32)
}
