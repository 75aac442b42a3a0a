//! iCalendar and CSV export: CRLF, folding at 75 octets on UTF-8 boundaries, escaping, stable
//! UIDs, SEQUENCE bumps, VTIMEZONE transitions; round trips through an independent unfolder.

#![allow(clippy::unwrap_used)]

mod common;

use jiff::civil::date;
use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
use nastavnik::schedule::expand::Meeting;
use nastavnik::schedule::export::ics::{
    IcsOptions, escape_text, fold_line, vtimezone, write_calendar,
};
use nastavnik::schedule::export::{SequenceLog, csv::write_csv, meeting_uid};
use nastavnik::schedule::programme::{MeetingKind, MeetingMode};
use rand::Rng;

fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ') {
            out.last_mut()
                .expect("continuation after a line")
                .push_str(rest);
        } else if !raw.is_empty() {
            out.push(raw.to_string());
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') | Some('N') => o.push('\n'),
                Some(x) => o.push(x),
                None => {}
            }
        } else {
            o.push(c);
        }
    }
    o
}

fn random_text(rng: &mut impl Rng, n: usize) -> String {
    let alphabet: Vec<char> = "abcЯжщЁ ,;:\\\n\"😀∑€xyz0123".chars().collect();
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect()
}

#[test]
fn folding_never_splits_utf8_and_round_trips() {
    let mut rng = common::rng(1);
    for _ in 0..2000 {
        let n = rng.random_range(0..200);
        let line = format!("DESCRIPTION:{}", escape_text(&random_text(&mut rng, n)));
        let mut out = String::new();
        fold_line(&line, &mut out);
        assert!(out.ends_with("\r\n"));
        let pieces: Vec<&[u8]> = out.as_bytes().split(|&b| b == b'\n').collect();
        for p in &pieces[..pieces.len() - 1] {
            assert_eq!(p.last(), Some(&b'\r'), "bare LF");
            let body = &p[..p.len() - 1];
            assert!(body.len() <= 75, "{} octets", body.len());
            assert!(std::str::from_utf8(body).is_ok(), "split UTF-8 character");
        }
        assert_eq!(unfold(&out), vec![line]);
    }
}

#[test]
fn escaping_round_trips() {
    let mut rng = common::rng(2);
    for _ in 0..2000 {
        let n = rng.random_range(0..60);
        let s = random_text(&mut rng, n);
        let e = escape_text(&s);
        assert!(!e.contains('\n'));
        assert_eq!(unescape(&e), s);
    }
}

fn meeting(unit: &str, seq: u32, d: jiff::civil::Date, start: u16) -> Meeting {
    Meeting {
        unit: unit.into(),
        kind: if seq == 0 {
            MeetingKind::Organisational
        } else {
            MeetingKind::Regular
        },
        seq,
        date: d,
        start_minute: start,
        duration_minutes: 45,
        room: Some("Кабинет 101, корпус; Б".into()),
        mode: MeetingMode::InPerson,
        participants: vec!["Иванова Мария Петровна".into(), "s,1".into()],
    }
}

#[test]
fn calendar_file_properties() {
    let cal = Calendar::new(&CalendarSpec::new(
        "Europe/Berlin",
        "2024-09-02",
        "2025-05-30",
    ))
    .unwrap();
    let ms = [
        meeting("пара-1", 0, date(2024, 9, 2), 15 * 60),
        meeting("пара-1", 1, date(2025, 3, 31), 15 * 60),
    ];
    let refs: Vec<&Meeting> = ms.iter().collect();
    let mut log = SequenceLog::default();
    let seqs = log.update(&ms);
    let opts = IcsOptions::default().with_dtstamp("2024-08-30T10:00:00Z".parse().unwrap());
    let text = write_calendar(&cal, &refs, &seqs, &opts, "Иванова Мария Петровна").unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'));
    let lines = unfold(&text);
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    assert!(lines.contains(&"DTSTAMP:20240830T100000Z".to_string()));
    // local wall time kept on both sides of the DST change, offsets in VTIMEZONE
    assert!(lines.contains(&"DTSTART;TZID=Europe/Berlin:20240902T150000".to_string()));
    assert!(lines.contains(&"DTSTART;TZID=Europe/Berlin:20250331T150000".to_string()));
    let vtz = vtimezone(&cal).unwrap();
    assert!(
        vtz.contains("DTSTART:20241027T030000") && vtz.contains("TZOFFSETTO:+0100"),
        "{vtz}"
    );
    assert!(
        vtz.contains("DTSTART:20250330T020000") && vtz.contains("TZOFFSETTO:+0200"),
        "{vtz}"
    );
    let loc = lines.iter().find(|l| l.starts_with("LOCATION:")).unwrap();
    assert_eq!(
        unescape(&loc["LOCATION:".len()..]),
        "Кабинет 101, корпус; Б"
    );
    let uid = format!("UID:{}", meeting_uid(&ms[0]));
    assert!(lines.contains(&uid));
    // CSV: quoted fields, UTC instants
    let csv = write_csv(&cal, &ms).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][7], "2024-09-02T13:00:00Z");
    assert_eq!(&rows[1][7], "2025-03-31T13:00:00Z");
    assert_eq!(&rows[0][11], "Кабинет 101, корпус; Б");
}

#[test]
fn uids_stable_and_sequence_bumped_on_change_only() {
    let cal = Calendar::new(&CalendarSpec::new(
        "Europe/Moscow",
        "2024-09-02",
        "2025-05-30",
    ))
    .unwrap();
    let ms: Vec<Meeting> = (0..20)
        .map(|i| {
            meeting(
                &format!("u{}", i % 5),
                i / 5,
                date(2024, 9, 2 + (i as i8 % 20)),
                900,
            )
        })
        .collect();
    let uids: std::collections::BTreeSet<String> = ms.iter().map(meeting_uid).collect();
    assert_eq!(uids.len(), ms.len(), "UIDs must be distinct");
    let mut log = SequenceLog::default();
    assert!(log.update(&ms).iter().all(|&s| s == 0));
    let mut changed = ms.clone();
    changed[3].date = date(2024, 10, 7);
    changed[4].room = None;
    let seqs = log.update(&changed);
    for (i, s) in seqs.iter().enumerate() {
        assert_eq!(*s, u32::from(i == 3 || i == 4), "meeting {i}");
    }
    // survives a JSON round trip, re-export unchanged keeps the sequence
    let mut log2 = SequenceLog::from_json(&log.to_json()).unwrap();
    assert_eq!(log2.update(&changed), seqs);
    let a = write_calendar(
        &cal,
        &changed.iter().collect::<Vec<_>>(),
        &seqs,
        &IcsOptions::default(),
        "x",
    )
    .unwrap();
    let b = write_calendar(
        &cal,
        &changed.iter().collect::<Vec<_>>(),
        &seqs,
        &IcsOptions::default(),
        "x",
    )
    .unwrap();
    assert_eq!(a, b);
}
