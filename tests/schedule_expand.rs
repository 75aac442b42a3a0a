//! Calendar validation, dated expansion against brute force, and an independent checker on
//! random seeded instances.

#![allow(clippy::unwrap_used)]

mod common;
#[path = "common/schedule_check.rs"]
mod schedule_check;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use nastavnik::ErrorKind;
use nastavnik::cohort::Form;
use nastavnik::schedule::calendar::days::day_number;
use nastavnik::schedule::calendar::{Absence, Break, Calendar, CalendarSpec};
use nastavnik::schedule::expand::{GroupFinalRequest, StandingSlot, expand};
use nastavnik::schedule::programme::{Cadence, FormProgramme, MeetingKind, MeetingMode, Programme};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn date(s: &str) -> Date {
    s.parse().expect("date")
}

fn err_kind(spec: &CalendarSpec) -> (ErrorKind, String) {
    let e = Calendar::new(spec).expect_err("must fail");
    (e.kind(), e.to_string())
}

#[test]
fn calendar_validation_names_the_problem() {
    let base = CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30");
    let mut s = base.clone();
    s.time_zone = "Europe/Mars".into();
    assert!(err_kind(&s).1.contains("Europe/Mars"));
    let mut s = base.clone();
    s.end = "2024-08-01".into();
    assert!(err_kind(&s).1.contains("before"));
    let mut s = base.clone();
    s.start = "2024-13-01".into();
    assert!(err_kind(&s).1.contains("start"));
    let mut s = base.clone();
    s.breaks = vec![
        Break {
            name: "осенние".into(),
            start: "2024-10-26".into(),
            end: "2024-11-04".into(),
        },
        Break {
            name: "x".into(),
            start: "2024-11-04".into(),
            end: "2024-11-06".into(),
        },
    ];
    let (k, m) = err_kind(&s);
    assert_eq!(k, ErrorKind::InvalidValue);
    assert!(m.contains("overlaps") && m.contains("осенние"), "{m}");
    let mut s = base.clone();
    s.days_off = vec!["2025-07-01".into()];
    assert!(err_kind(&s).1.contains("outside the school year"));
    let mut s = base.clone();
    s.absences = vec![Absence {
        id: "t1".into(),
        start: "2024-09-10".into(),
        end: Some("2024-09-01".into()),
    }];
    assert!(err_kind(&s).1.contains("t1"));
    let mut s = base.clone();
    s.start = "2030-09-02".into();
    s.end = "2031-05-30".into();
    assert!(err_kind(&s).1.contains("2030"));
    s.production_calendar = "none".into();
    assert!(Calendar::new(&s).is_ok());
    let mut s = base.clone();
    s.end = "2027-05-30".into();
    assert!(err_kind(&s).1.contains("days"));
    assert!(
        CalendarSpec::from_json(
            r#"{"time_zone": "UTC", "start": "2024-09-02", "end": "2025-05-30", "brakes": []}"#
        )
        .is_err()
    );
}

#[test]
fn production_calendar_and_overrides() {
    let mut s = CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-06-30");
    let cal = Calendar::new(&s).unwrap();
    for h in [
        "2024-11-04",
        "2024-12-30",
        "2024-12-31",
        "2025-01-08",
        "2025-05-02",
        "2025-05-08",
        "2025-06-13",
    ] {
        assert!(cal.excluded(date(h)).is_some(), "{h}");
    }
    assert!(cal.excluded(date("2024-11-05")).is_none());
    assert!(cal.is_working_weekend(date("2024-12-28")));
    s.working_days = vec!["2025-05-08".into()];
    s.days_off = vec!["2024-11-05".into()];
    let cal = Calendar::new(&s).unwrap();
    assert!(cal.excluded(date("2025-05-08")).is_none());
    assert!(cal.excluded(date("2024-11-05")).is_some());
}

fn next_allowed(c: Cadence, x: Date) -> Date {
    match c {
        Cadence::Weekly => x.checked_add(7.days()).unwrap(),
        Cadence::Biweekly => x.checked_add(14.days()).unwrap(),
        Cadence::Monthly => x.checked_add(1.month()).unwrap(),
    }
}

/// Best (has final, count) over all subsets of the free dates.
fn brute(free: &[Date], fp: &FormProgramme) -> (bool, usize) {
    let n = free.len();
    let mut best = (false, 0usize);
    let add = |x: Date, g: u16| x.checked_add(i64::from(g.max(1)).days()).unwrap();
    for mask in 1u32..(1 << n) {
        let s: Vec<Date> = (0..n)
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| free[i])
            .collect();
        if s.len() >= 2 && s[1] < add(s[0], fp.gap_org_trial_days) {
            continue;
        }
        if s.len() >= 3 && s[2] < add(s[1], fp.gap_trial_planning_days) {
            continue;
        }
        for with_final in [false, true] {
            if with_final && s.len() < 4 {
                continue;
            }
            let end = if with_final { s.len() - 1 } else { s.len() };
            let regs = end.saturating_sub(3);
            if regs > usize::from(fp.regular_meetings) {
                continue;
            }
            let ok_reg = (3..end).all(|i| s[i] >= next_allowed(fp.cadence, s[i - 1]));
            let ok_fin = !with_final || s[end] >= add(s[end - 1], fp.gap_before_final_days);
            if ok_reg && ok_fin {
                best = best.max((with_final, s.len()));
            }
        }
    }
    best
}

fn random_programme(rng: &mut ChaCha8Rng) -> FormProgramme {
    FormProgramme {
        gap_org_trial_days: rng.random_range(0..20),
        gap_trial_planning_days: rng.random_range(0..20),
        cadence: [Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly][rng.random_range(0..3)],
        regular_meetings: rng.random_range(0..6),
        gap_before_final_days: rng.random_range(0..30),
        mode: MeetingMode::InPerson,
        duration_minutes: 45,
    }
}

#[test]
fn expansion_count_equals_brute_force() {
    for seed in 0..300u64 {
        let mut rng = common::rng(seed);
        // a short "year" of 8..15 weeks so that brute force over subsets is cheap
        let start = date("2024-09-02")
            .checked_add(rng.random_range(0..200).days())
            .unwrap();
        let end = start
            .checked_add((7 * rng.random_range(8..15)).days())
            .unwrap();
        let mut spec = CalendarSpec::new("Europe/Moscow", &start.to_string(), &end.to_string());
        let wd = rng.random_range(0..5u8);
        let mut x = start;
        while x <= end {
            if rng.random_bool(0.25) {
                spec.absences.push(Absence {
                    id: "a".into(),
                    start: x.to_string(),
                    end: None,
                });
            }
            x = x.checked_add(1.day()).unwrap();
        }
        let cal = Calendar::new(&spec).unwrap();
        let fp = random_programme(&mut rng);
        let programme = Programme {
            default: fp.clone(),
            ..Default::default()
        };
        let slot = StandingSlot {
            unit: "u".into(),
            participants: vec!["a".into(), "b".into()],
            form: None,
            weekday: wd,
            start_minute: 900,
            duration_minutes: 45,
            room: None,
            mode: MeetingMode::InPerson,
        };
        let out = expand(&cal, &programme, std::slice::from_ref(&slot), None).unwrap();
        let mut free = Vec::new();
        let mut x = start;
        while x <= end {
            if i32::from(x.weekday().to_monday_zero_offset()) == i32::from(wd)
                && !schedule_check::excluded(&spec, x)
                && !spec.absences.iter().any(|a| a.start == x.to_string())
            {
                free.push(x);
            }
            x = x.checked_add(1.day()).unwrap();
        }
        let got = (
            out.meetings.iter().any(|m| m.kind == MeetingKind::Final),
            out.meetings.len(),
        );
        assert_eq!(got, brute(&free, &fp), "seed {seed}: free {free:?}, {fp:?}");
        let violations = schedule_check::check(
            &spec,
            &programme,
            &BTreeMap::new(),
            &BTreeMap::new(),
            &out.meetings,
        );
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
        assert_eq!(
            out.shortfalls.len(),
            usize::from(got.1 < fp.target() as usize)
        );
    }
}

struct Instance {
    spec: CalendarSpec,
    programme: Programme,
    slots: Vec<StandingSlot>,
    rooms: BTreeMap<String, u32>,
    avail: Vec<u64>,
}

/// Random year with breaks, days off, absences, closures; units with non-conflicting weekly slots.
fn instance(seed: u64, n_units: usize) -> Instance {
    let mut rng = common::rng(seed);
    let year = rng.random_range(2024..2027);
    let mut spec = CalendarSpec::new(
        [
            "Europe/Moscow",
            "Asia/Yekaterinburg",
            "Europe/Berlin",
            "UTC",
        ][rng.random_range(0..4)],
        &format!("{year}-09-01"),
        &format!("{}-05-31", year + 1),
    );
    let start = date(&spec.start);
    let mut off = 50;
    for name in ["осенние", "зимние", "весенние"] {
        let s = start.checked_add(off.days()).unwrap();
        let len = rng.random_range(3..12);
        spec.breaks.push(Break {
            name: name.into(),
            start: s.to_string(),
            end: s.checked_add(len.days()).unwrap().to_string(),
        });
        off += rng.random_range(60..90);
    }
    for _ in 0..rng.random_range(0..4) {
        spec.days_off.push(
            start
                .checked_add(rng.random_range(0..270).days())
                .unwrap()
                .to_string(),
        );
    }
    let n_people = n_units + 4;
    let people: Vec<String> = (0..n_people).map(|i| format!("п{i}")).collect();
    for _ in 0..n_people / 2 {
        let s = start.checked_add(rng.random_range(0..260).days()).unwrap();
        spec.absences.push(Absence {
            id: people[rng.random_range(0..n_people)].clone(),
            start: s.to_string(),
            end: Some(
                s.checked_add(rng.random_range(0..10).days())
                    .unwrap()
                    .to_string(),
            ),
        });
    }
    let rooms: BTreeMap<String, u32> = (0..4)
        .map(|i| (format!("r{i}"), rng.random_range(2..6)))
        .collect();
    for _ in 0..3 {
        let s = start.checked_add(rng.random_range(0..260).days()).unwrap();
        spec.closures.push(Absence {
            id: format!("r{}", rng.random_range(0..4)),
            start: s.to_string(),
            end: Some(
                s.checked_add(rng.random_range(0..5).days())
                    .unwrap()
                    .to_string(),
            ),
        });
    }
    let mut programme = Programme {
        default: random_programme(&mut rng),
        ..Default::default()
    };
    programme.default.regular_meetings = rng.random_range(0..30);
    programme.forms.insert(
        Form::EmployerStudent,
        FormProgramme {
            cadence: Cadence::Monthly,
            mode: MeetingMode::Online,
            ..random_programme(&mut rng)
        },
    );
    let mut slots: Vec<StandingSlot> = Vec::new();
    let mut busy: Vec<(String, u8, u16)> = Vec::new(); // (who, weekday, period)
    for u in 0..n_units {
        let size = rng.random_range(2..4);
        let parts: Vec<String> = (0..size)
            .map(|_| people[rng.random_range(0..n_people)].clone())
            .collect();
        let mut parts_dedup = parts.clone();
        parts_dedup.sort();
        parts_dedup.dedup();
        let wd = rng.random_range(0..6u8);
        let period = rng.random_range(0..6u16);
        let online = rng.random_bool(0.3);
        let room = format!("r{}", rng.random_range(0..4));
        let clash = |who: &str| {
            busy.iter()
                .any(|b| b.0 == who && b.1 == wd && b.2 == period)
        };
        if parts_dedup.iter().any(|p| clash(p))
            || (!online
                && (clash(&format!("room:{room}")) || rooms[&room] < parts_dedup.len() as u32))
        {
            continue;
        }
        for p in &parts_dedup {
            busy.push((p.clone(), wd, period));
        }
        if !online {
            busy.push((format!("room:{room}"), wd, period));
        }
        slots.push(StandingSlot {
            unit: format!("unit-{u}"),
            participants: parts_dedup,
            form: online.then_some(Form::EmployerStudent),
            weekday: wd,
            start_minute: 14 * 60 + 60 * period,
            duration_minutes: 45,
            room: (!online).then_some(room),
            mode: if online {
                MeetingMode::Online
            } else {
                MeetingMode::InPerson
            },
        });
    }
    let avail = (0..n_people)
        .map(|_| rng.random::<u64>() | rng.random::<u64>())
        .collect();
    Instance {
        spec,
        programme,
        slots,
        rooms,
        avail,
    }
}

fn run(inst: &Instance) -> nastavnik::schedule::expand::Expansion {
    let cal = Calendar::new(&inst.spec).unwrap();
    let avail = inst.avail.clone();
    let f = move |p: &str, wd: u8, start: u16, _len: u16| {
        let i: usize = p.trim_start_matches('п').parse().unwrap();
        let bit = u32::from(wd) * 8 + u32::from((start - 14 * 60) / 60);
        bit < 64 && avail[i] >> bit & 1 == 1
    };
    let req = GroupFinalRequest {
        candidates: (0..6u8)
            .flat_map(|w| (0..6u16).map(move |p| (w, 14 * 60 + 60 * p)))
            .collect(),
        available: &f,
        rooms: vec![("hall".into(), 1000), ("r0".into(), 3)],
    };
    expand(&cal, &inst.programme, &inst.slots, Some(&req)).unwrap()
}

#[test]
fn random_schedules_pass_the_independent_checker() {
    for seed in 0..40u64 {
        let inst = instance(seed, 30);
        let out = run(&inst);
        let forms = inst
            .slots
            .iter()
            .map(|s| (s.unit.clone(), s.form))
            .collect();
        let mut rooms = inst.rooms.clone();
        rooms.insert("hall".into(), 1000);
        rooms.insert("r0".into(), rooms["r0"].max(3));
        let v = schedule_check::check(&inst.spec, &inst.programme, &forms, &rooms, &out.meetings);
        assert!(v.is_empty(), "seed {seed}: {v:?}");
        // every unit below target is reported, with the right counts
        for s in &inst.slots {
            let n = out.meetings.iter().filter(|m| m.unit == s.unit).count() as u32;
            let target = inst.programme.for_form(s.form).target();
            let sf = out.shortfalls.iter().find(|f| f.unit == s.unit);
            assert_eq!(sf.is_some(), n < target, "seed {seed} unit {}", s.unit);
            if let Some(sf) = sf {
                assert_eq!((sf.scheduled, sf.target), (n, target));
            }
        }
        // the group final meeting: attendees really available; everyone else reported
        let g = out.group_final.as_ref().expect("requested");
        let gm = g.meeting.as_ref().expect("hall holds everybody");
        assert_eq!(
            gm.participants.len() + g.cannot_attend.len(),
            inst.slots
                .iter()
                .flat_map(|s| s.participants.iter())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        assert_eq!(g.reason.is_some(), !g.cannot_attend.is_empty());
    }
}

#[test]
fn group_final_everyone_when_possible() {
    let mut inst = instance(7, 10);
    for a in &mut inst.avail {
        *a = u64::MAX;
    }
    inst.spec.absences.clear();
    let out = run(&inst);
    let g = out.group_final.unwrap();
    assert!(g.cannot_attend.is_empty() && g.reason.is_none());
    let m = g.meeting.unwrap();
    // latest free date of the year
    let cal = Calendar::new(&inst.spec).unwrap();
    let (_, last) = cal.day_range();
    let later_free = (day_number(m.date) + 1..=last)
        .filter(|&x| {
            cal.excluded_day(x).is_none() && nastavnik::schedule::calendar::days::weekday(x) < 6
        })
        .count();
    assert_eq!(
        later_free, 0,
        "group final on {} is not the latest free date",
        m.date
    );
    assert_eq!(m.room.as_deref(), Some("hall"));
}

#[test]
fn only_excluded_dates_are_reported() {
    let mut spec = CalendarSpec::new("Europe/Moscow", "2024-09-02", "2024-09-30");
    spec.absences.push(Absence {
        id: "t1".into(),
        start: "2024-09-02".into(),
        end: Some("2024-09-30".into()),
    });
    let cal = Calendar::new(&spec).unwrap();
    let slot = StandingSlot {
        unit: "pair".into(),
        participants: vec!["t1".into(), "s1".into()],
        form: None,
        weekday: 2,
        start_minute: 900,
        duration_minutes: 45,
        room: None,
        mode: MeetingMode::Online,
    };
    let out = expand(&cal, &Programme::default(), &[slot], None).unwrap();
    assert!(out.meetings.is_empty());
    let sf = &out.shortfalls[0];
    assert_eq!(sf.scheduled, 0);
    assert_eq!(sf.blocked.len(), 4);
    assert!(sf.blocked.iter().all(
        |(_, b)| matches!(b, nastavnik::schedule::calendar::Blocked::Absence { id } if id == "t1")
    ));
    assert_eq!(sf.missing[0], MeetingKind::Organisational);
}

#[test]
fn bad_slots_are_named_errors() {
    let cal = Calendar::new(&CalendarSpec::new("UTC", "2024-09-02", "2025-05-30")).unwrap();
    let ok = StandingSlot {
        unit: "u".into(),
        participants: vec!["a".into()],
        form: None,
        weekday: 1,
        start_minute: 600,
        duration_minutes: 45,
        room: None,
        mode: MeetingMode::Online,
    };
    let p = Programme::default();
    let mut s = ok.clone();
    s.start_minute = 1430;
    assert!(
        expand(&cal, &p, &[s], None)
            .unwrap_err()
            .to_string()
            .contains("\"u\"")
    );
    let mut s = ok.clone();
    s.participants.clear();
    assert!(expand(&cal, &p, &[s], None).is_err());
    assert_eq!(
        expand(&cal, &p, &[ok.clone(), ok.clone()], None)
            .unwrap_err()
            .kind(),
        ErrorKind::DuplicateId
    );
}

#[test]
fn deterministic_across_thread_counts() {
    let inst = instance(3, 200);
    let a = common::with_threads(1, || run(&inst));
    let b = common::with_threads(2, || run(&inst));
    let c = common::with_threads(4, || run(&inst));
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a, run(&inst));
}

#[test]
fn standing_solution_to_dated_meetings_passes_the_checker() {
    use nastavnik::availability::Grid;
    use nastavnik::schedule::{
        Person, Room, StandingOptions, StandingProblem, Unit, solve_standing, year,
    };
    for seed in 0..10u64 {
        let mut rng = common::rng(seed);
        let grid = Grid::new(5, 14 * 60, 60, 4).unwrap();
        let people: Vec<Person> = (0..24).map(|i| Person::new(format!("p{i}"))).collect();
        let units: Vec<Unit> = (0..12)
            .map(|u| {
                let a = rng.random_range(0..24);
                let b = (a + 1 + rng.random_range(0..23)) % 24;
                Unit::new(format!("u{u}"), [format!("p{a}"), format!("p{b}")])
            })
            .collect();
        let rooms = vec![Room::new("r1", 2), Room::new("hall", 100)];
        let p = StandingProblem::new(grid, people, units, rooms.clone()).unwrap();
        let sol = solve_standing(&p, &StandingOptions::default()).unwrap();
        let spec = CalendarSpec::new("Europe/Moscow", "2025-09-01", "2026-05-29");
        let cal = Calendar::new(&spec).unwrap();
        let programme = Programme::default();
        let out = year::dated_from_standing(&cal, &programme, &p, &sol, &|_| None).unwrap();
        let rooms: BTreeMap<String, u32> =
            rooms.iter().map(|r| (r.id.clone(), r.capacity)).collect();
        let v = schedule_check::check(&spec, &programme, &BTreeMap::new(), &rooms, &out.meetings);
        assert!(v.is_empty(), "seed {seed}: {v:?}");
        let g = out.group_final.unwrap();
        assert!(g.cannot_attend.is_empty(), "everyone is always available");
    }
}
