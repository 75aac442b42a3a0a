//! iCalendar export of 15000 dated meetings (the target: <= 200 ms).
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
use nastavnik::schedule::expand::Meeting;
use nastavnik::schedule::export::SequenceLog;
use nastavnik::schedule::export::ics::{IcsOptions, write_calendar};
use nastavnik::schedule::programme::{MeetingKind, MeetingMode};

fn bench(c: &mut Criterion) {
    let cal = Calendar::new(&CalendarSpec::new(
        "Europe/Moscow",
        "2024-09-02",
        "2025-05-30",
    ))
    .expect("calendar");
    let start = jiff::civil::date(2024, 9, 2);
    let meetings: Vec<Meeting> = (0..15_000u32)
        .map(|i| Meeting {
            unit: format!("пара-{}", i / 15),
            kind: MeetingKind::Regular,
            seq: i % 15,
            date: start
                .checked_add(jiff::Span::new().days(i64::from(i % 250)))
                .expect("date"),
            start_minute: 900,
            duration_minutes: 45,
            room: Some("Кабинет 101".into()),
            mode: MeetingMode::InPerson,
            participants: vec![
                format!("наставник-{}", i / 45),
                format!("ученик-{}", i / 15),
            ],
        })
        .collect();
    c.bench_function("ics_export_15000", |b| {
        b.iter(|| {
            let mut log = SequenceLog::default();
            let seqs = log.update(&meetings);
            let refs: Vec<&Meeting> = meetings.iter().collect();
            write_calendar(&cal, &refs, &seqs, &IcsOptions::default(), "all").expect("ics")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
