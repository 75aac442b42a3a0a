//! The top-level scheduler (`schedule::plan`): an independent checker on random seeded
//! requests, brute-force count of scheduled units on tiny instances, consent, determinism
//! across thread counts, reason codes on constructed cases, and every bad-input class.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/schedule_check.rs"]
mod schedule_check;

use std::collections::{BTreeMap, BTreeSet};

use nastavnik::ErrorKind;
use nastavnik::availability::Grid;
use nastavnik::schedule::ReasonCode;
use nastavnik::schedule::expand::Meeting;
use nastavnik::schedule::plan::{Per, Schedule, ScheduleRequest, schedule, schedule_json};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

/// A random request: people with random windows, some without consent, random pairs and
/// groups, rooms, breaks, absences and closures.
fn random_request(rng: &mut ChaCha8Rng, n_mentors: usize, n_mentees: usize) -> Value {
    let mut people = Vec::new();
    let mut ids = Vec::new();
    for k in 0..n_mentors + n_mentees {
        let role = if k < n_mentors { "m" } else { "s" };
        let consent = rng.random_bool(0.85);
        let id = if consent {
            format!("{role}{k}")
        } else {
            format!("nocons{k}x")
        };
        let mut windows = Vec::new();
        for d in DAYS {
            if rng.random_bool(0.5) {
                let a = rng.random_range(14..17);
                let b = rng.random_range(a + 1..=18);
                let mode = match rng.random_range(0..3) {
                    0 => " online",
                    _ => "",
                };
                windows.push(format!("{d} {a}:00-{b}:00{mode}"));
            }
        }
        let availability = if windows.is_empty() {
            "always".to_string()
        } else {
            windows.join("; ")
        };
        let form = ["student_student", "teacher_teacher"][rng.random_range(0..2)];
        people.push(
            json!({"id": id, "consent": consent, "availability": availability, "form": form}),
        );
        ids.push(id);
    }
    let mut pairs = Vec::new();
    for s in n_mentors..n_mentors + n_mentees {
        if rng.random_bool(0.9) {
            let m = rng.random_range(0..n_mentors);
            pairs.push(json!({"mentee": ids[s], "mentor": ids[m]}));
        }
    }
    let rooms: Vec<Value> = (0..rng.random_range(1..4))
        .map(|r| json!({"id": format!("каб-{r}"), "capacity": rng.random_range(2..6)}))
        .collect();
    let absent = &ids[rng.random_range(0..ids.len())];
    let cadence = ["weekly", "biweekly", "monthly"][rng.random_range(0..3)];
    let tz = ["Europe/Moscow", "Asia/Yekaterinburg", "Europe/Kaliningrad"][rng.random_range(0..3)];
    let grouping = if rng.random_bool(0.5) {
        "pairs"
    } else {
        "groups"
    };
    let programme = json!({
        "default": {"cadence": cadence,
                    "regular_meetings": rng.random_range(2..14), "duration_minutes": 45},
        "forms": {"teacher_teacher": {"mode": "online", "regular_meetings": 6, "duration_minutes": 60}}
    });
    json!({
        "pairs": pairs,
        "grouping": grouping,
        "people": people,
        "rooms": rooms,
        "programme": programme,
        "calendar": {
            "time_zone": tz,
            "start": "2025-09-01", "end": "2026-05-29",
            "breaks": [{"name": "осенние", "start": "2025-10-25", "end": "2025-11-02"},
                       {"name": "зимние", "start": "2025-12-29", "end": "2026-01-11"},
                       {"name": "весенние", "start": "2026-03-23", "end": "2026-03-31"}],
            "days_off": ["2025-09-15"],
            "absences": [{"id": absent, "start": "2025-09-01", "end": "2025-10-10"}],
            "closures": [{"id": "каб-0", "start": "2026-02-02", "end": "2026-02-20"}]
        },
        "options": {"method": "auto", "time_limit": 20.0}
    })
}

fn to_meetings(s: &Schedule) -> Vec<Meeting> {
    s.meetings.iter().map(|m| m.to_meeting().unwrap()).collect()
}

/// Everything the checker of `common/schedule_check.rs` checks, plus: weekly availability of
/// every participant (regular meetings), each unit in meetings xor unscheduled, the breakdown
/// summing to the objective, consent.
fn check_all(req: &ScheduleRequest, s: &Schedule) {
    let forms: BTreeMap<String, Option<nastavnik::cohort::Form>> = BTreeMap::new();
    let rooms: BTreeMap<String, u32> = req
        .rooms
        .iter()
        .map(|r| (r.id.clone(), r.capacity))
        .collect();
    let ms = to_meetings(s);
    // per-form programmes: check against the form each unit had
    let mut unit_form: BTreeMap<String, Option<nastavnik::cohort::Form>> = forms;
    let form_of: BTreeMap<&str, Option<nastavnik::cohort::Form>> =
        req.people.iter().map(|p| (p.id.as_str(), p.form)).collect();
    for m in &ms {
        unit_form
            .entry(m.unit.clone())
            .or_insert_with(|| m.participants.iter().find_map(|p| form_of[p.as_str()]));
    }
    let v = schedule_check::check(&s.calendar, &req.programme, &unit_form, &rooms, &ms);
    assert!(v.is_empty(), "violations: {v:?}");
    let sum: f64 = s.breakdown.terms.iter().map(|t| t.total).sum();
    assert_eq!(
        sum, s.objective,
        "breakdown must sum to the objective exactly"
    );
    // availability on the grid: the meeting's weekday and time inside a window of each person
    let grid = req.grid;
    let avail: BTreeMap<&str, Vec<nastavnik::availability::SlotModes>> = req
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.availability.on_grid(&grid)))
        .collect();
    for m in ms
        .iter()
        .filter(|m| m.kind != nastavnik::schedule::programme::MeetingKind::GroupFinal)
    {
        let wd = usize::from(m.date.weekday().to_monday_zero_offset() as u8);
        let pos = usize::from((m.start_minute - grid.day_start()) / grid.slot_minutes());
        let n = usize::from(m.duration_minutes.div_ceil(grid.slot_minutes()));
        for p in &m.participants {
            for q in pos..pos + n {
                let slot = grid.slot(wd, q).unwrap();
                let md = avail[p.as_str()][slot];
                let ok = match m.mode {
                    nastavnik::schedule::programme::MeetingMode::Online => md.allows_online(),
                    nastavnik::schedule::programme::MeetingMode::InPerson => md.allows_in_person(),
                };
                assert!(
                    ok,
                    "{p} not available for {} on {} {}",
                    m.unit, m.date, m.start_minute
                );
            }
        }
    }
    // every unit exactly once: in meetings or unscheduled
    let met: BTreeSet<&str> = s
        .meetings
        .iter()
        .map(|m| m.unit.as_str())
        .filter(|u| *u != "group_final")
        .collect();
    let un: BTreeSet<&str> = s.unscheduled.iter().map(|u| u.unit.as_str()).collect();
    assert!(met.is_disjoint(&un));
    assert_eq!(met.len() + un.len(), s.n_units);
    assert_eq!(met.len(), s.n_scheduled_units);
    // consent: nobody without consent anywhere in the output
    let out = s.to_json();
    for p in req.people.iter().filter(|p| !p.consent) {
        assert!(
            !out.contains(&p.id),
            "{} without consent appears in the output",
            p.id
        );
    }
    assert_eq!(
        s.n_excluded_people,
        req.people.iter().filter(|p| !p.consent).count()
    );
}

#[test]
fn random_requests_pass_the_independent_checker_and_are_deterministic() {
    let mut total_meetings = 0;
    for seed in 0..12u64 {
        let mut rng = common::rng(seed);
        let (nm, ns) = (rng.random_range(2..7), rng.random_range(3..16));
        let mut v = random_request(&mut rng, nm, ns);
        v["options"]["threads"] = json!(1);
        let r1 = ScheduleRequest::from_json(&v.to_string()).unwrap();
        v["options"]["threads"] = json!(2);
        let r2 = ScheduleRequest::from_json(&v.to_string()).unwrap();
        let s1 = schedule(&r1).unwrap();
        let s2 = schedule(&r2).unwrap();
        assert_eq!(s1, s2, "seed {seed}: threads 1 vs 2");
        assert_eq!(s1, schedule(&r1).unwrap(), "seed {seed}: repeated call");
        check_all(&r1, &s1);
        // exports: one ICS per participant with exactly their meetings, stable UIDs
        let files = s1.to_ics(Per::Person, None).unwrap();
        let people: BTreeSet<&str> = s1
            .meetings
            .iter()
            .flat_map(|m| m.participants.iter().map(String::as_str))
            .collect();
        assert_eq!(files.len(), people.len());
        for f in &files {
            let n = s1
                .meetings
                .iter()
                .filter(|m| m.participants.contains(&f.id))
                .count();
            assert_eq!(f.text.matches("BEGIN:VEVENT").count(), n);
            assert!(f.text.split("\r\n").all(|l| l.len() <= 75));
        }
        assert_eq!(
            files,
            Schedule::from_json(&s1.to_json())
                .unwrap()
                .to_ics(Per::Person, None)
                .unwrap()
        );
        let uids: BTreeSet<&str> = s1.meetings.iter().map(|m| m.uid.as_str()).collect();
        assert_eq!(uids.len(), s1.meetings.len(), "UIDs unique");
        assert_eq!(s1.to_csv().unwrap().lines().count(), s1.meetings.len() + 1);
        total_meetings += s1.meetings.len();
    }
    assert!(
        total_meetings > 100,
        "the instances must schedule something: {total_meetings}"
    );
}

/// Max number of units with a common weekly slot, no person double-booked (brute force).
fn brute_max(avail: &[Vec<bool>], units: &[Vec<usize>], n_slots: usize) -> usize {
    fn rec(
        k: usize,
        avail: &[Vec<bool>],
        units: &[Vec<usize>],
        n: usize,
        busy: &mut Vec<Vec<bool>>,
    ) -> usize {
        if k == units.len() {
            return 0;
        }
        let mut best = rec(k + 1, avail, units, n, busy);
        for s in 0..n {
            if units[k].iter().all(|&p| avail[p][s] && !busy[p][s]) {
                for &p in &units[k] {
                    busy[p][s] = true;
                }
                best = best.max(1 + rec(k + 1, avail, units, n, busy));
                for &p in &units[k] {
                    busy[p][s] = false;
                }
            }
        }
        best
    }
    let mut busy = vec![vec![false; n_slots]; avail.len()];
    rec(0, avail, units, n_slots, &mut busy)
}

#[test]
fn scheduled_unit_count_equals_brute_force_on_tiny_instances() {
    for seed in 100..140u64 {
        let mut rng = common::rng(seed);
        let n_people = rng.random_range(3..6);
        let days = rng.random_range(1..3);
        let per_day = 2;
        let n_slots = days * per_day;
        let avail: Vec<Vec<bool>> = (0..n_people)
            .map(|_| (0..n_slots).map(|_| rng.random_bool(0.6)).collect())
            .collect();
        let mut units = Vec::new();
        for _ in 0..rng.random_range(1..6) {
            let a = rng.random_range(0..n_people);
            let b = (a + rng.random_range(1..n_people)) % n_people;
            units.push(vec![a, b]);
        }
        let people: Vec<Value> = (0..n_people)
            .map(|p| {
                let w: Vec<String> = (0..n_slots)
                    .filter(|&s| avail[p][s])
                    .map(|s| {
                        let h = 15 + s % per_day;
                        format!("{} {h}:00-{}:00", DAYS[s / per_day], h + 1)
                    })
                    .collect();
                let a = if w.is_empty() {
                    "never".to_string()
                } else {
                    w.join("; ")
                };
                json!({"id": format!("p{p}"), "availability": a})
            })
            .collect();
        let units_json: Vec<Value> = units
            .iter()
            .enumerate()
            .map(|(k, u)| json!({"id": format!("u{k}"), "people": [format!("p{}", u[0]), format!("p{}", u[1])], "mode": "online"}))
            .collect();
        let req = json!({
            "units": units_json, "people": people,
            "grid": {"days": days, "day_start": 900, "slot_minutes": 60, "slots_per_day": per_day},
            "programme": {"default": {"mode": "online", "duration_minutes": 60}, "group_final": {"enabled": false}},
            "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29", "production_calendar": "none"},
            "options": {"method": "exact"}
        });
        let r = ScheduleRequest::from_json(&req.to_string()).unwrap();
        let s = schedule(&r).unwrap();
        assert_eq!(
            s.n_scheduled_units,
            brute_max(&avail, &units, n_slots),
            "seed {seed}: {units:?} {avail:?}"
        );
        check_all(&r, &s);
        assert!(
            s.unscheduled
                .iter()
                .all(|u| !u.message_ru.is_empty() && !u.message_en.is_empty())
        );
    }
}

fn base() -> Value {
    json!({
        "pairs": [{"mentee": "s1", "mentor": "t1"}],
        "people": [{"id": "s1"}, {"id": "t1"}],
        "rooms": [{"id": "101", "capacity": 4}],
        "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
    })
}

fn run(v: &Value) -> nastavnik::Result<Schedule> {
    schedule(&ScheduleRequest::from_json(&v.to_string())?)
}

#[test]
fn reason_codes_on_constructed_cases() {
    // no common slot: t1 Mondays only, s1 Fridays only
    let mut v = base();
    v["people"] = json!([{"id": "s1", "availability": "fri 15:00-17:00"}, {"id": "t1", "availability": "mon 15:00-17:00"}]);
    let s = run(&v).unwrap();
    assert_eq!(s.unscheduled[0].code, ReasonCode::NoCommonSlot);
    assert!(!s.unscheduled[0].people.is_empty());
    assert!(s.unscheduled[0].message_ru.contains("нет общего времени"));
    // room too small for a group of three
    let mut v = base();
    v["units"] = json!([{"id": "g", "people": ["s1", "t1", "s2"]}]);
    v["pairs"] = json!([]);
    v["people"] = json!([{"id": "s1"}, {"id": "t1"}, {"id": "s2"}]);
    v["rooms"] = json!([{"id": "тесный", "capacity": 2}]);
    let s = run(&v).unwrap();
    assert_eq!(s.unscheduled[0].code, ReasonCode::NoRoomWithCapacity);
    // only excluded dates: s1 absent the whole year
    let mut v = base();
    v["calendar"]["absences"] = json!([{"id": "s1", "start": "2025-09-01", "end": "2026-05-29"}]);
    let s = run(&v).unwrap();
    assert_eq!(s.unscheduled[0].code, ReasonCode::OnlyExcludedDates);
    assert_eq!(s.unscheduled[0].people, vec!["s1".to_string()]);
    // mentor conflict: one slot, two pairs of one mentor
    let mut v = base();
    v["grid"] = json!({"days": 1, "day_start": 900, "slot_minutes": 60, "slots_per_day": 1});
    v["pairs"] = json!([{"mentee": "s1", "mentor": "t1"}, {"mentee": "s2", "mentor": "t1"}]);
    v["people"] = json!([{"id": "s1"}, {"id": "t1"}, {"id": "s2"}]);
    let s = run(&v).unwrap();
    assert_eq!(s.unscheduled.len(), 1);
    assert_eq!(s.unscheduled[0].code, ReasonCode::PersonConflict);
    assert_eq!(s.unscheduled[0].people, vec!["t1".to_string()]);
}

#[test]
fn consent_drops_people_before_scheduling() {
    let mut v = base();
    v["units"] = json!([{"id": "группа", "people": ["t1", "s1", "secret-kid"]}]);
    v["people"] = json!([{"id": "s1"}, {"id": "t1"}, {"id": "secret-kid", "consent": false}]);
    v["pairs"] = json!([{"mentee": "secret-kid", "mentor": "t1"}]);
    v["calendar"]["absences"] = json!([{"id": "secret-kid", "start": "2025-09-01"}]);
    let s = run(&v).unwrap();
    assert_eq!(
        (s.n_units, s.n_dropped_units, s.n_excluded_people),
        (1, 1, 1)
    );
    let out = s.to_json();
    assert!(!out.contains("secret-kid"));
    for per in [Per::Person, Per::Room] {
        for f in s.to_ics(per, None).unwrap() {
            assert!(!f.text.contains("secret-kid") && !f.file_name.contains("secret"));
        }
    }
    assert!(!s.to_csv().unwrap().contains("secret-kid"));
}

fn err(v: &Value) -> (ErrorKind, String) {
    let e = run(v).expect_err("must fail");
    (e.kind(), e.to_string())
}

/// A corruption of a valid request, the kind of error it must give and a word the message names.
type BadCase = (Box<dyn Fn(&mut Value)>, ErrorKind, &'static str);

#[test]
fn every_bad_input_class_is_a_named_error() {
    let cases: Vec<BadCase> = vec![
        (
            Box::new(|v| v["pairs"][0]["mentor"] = json!("ghost")),
            ErrorKind::UnknownId,
            "ghost",
        ),
        (
            Box::new(|v| v["units"] = json!([{"id": "u", "people": ["s1", "nobody"]}])),
            ErrorKind::UnknownId,
            "nobody",
        ),
        (
            Box::new(|v| v["calendar"]["absences"] = json!([{"id": "who", "start": "2025-09-03"}])),
            ErrorKind::UnknownId,
            "who",
        ),
        (
            Box::new(|v| {
                v["calendar"]["closures"] = json!([{"id": "каб-404", "start": "2025-09-03"}])
            }),
            ErrorKind::UnknownId,
            "каб-404",
        ),
        (
            Box::new(|v| v["calendar"]["time_zone"] = json!("Europe/Moskow")),
            ErrorKind::InvalidValue,
            "Europe/Moskow",
        ),
        (
            Box::new(|v| v["calendar"]["end"] = json!("2025-08-01")),
            ErrorKind::InvalidValue,
            "before",
        ),
        (
            Box::new(|v| {
                v["calendar"]["breaks"] = json!([
            {"name": "a", "start": "2025-10-27", "end": "2025-11-04"},
            {"name": "b", "start": "2025-11-01", "end": "2025-11-09"}])
            }),
            ErrorKind::InvalidValue,
            "overlap",
        ),
        (
            Box::new(|v| v["people"][0]["preferred"] = json!([[999, 1.0]])),
            ErrorKind::InvalidValue,
            "999",
        ),
        (
            Box::new(|v| v["rooms"][0]["closed"] = json!([20])),
            ErrorKind::InvalidValue,
            "20",
        ),
        (
            Box::new(|v| v["rooms"][0]["capacity"] = json!(-1)),
            ErrorKind::InvalidValue,
            "rooms[0] (\"101\")",
        ),
        (
            Box::new(|v| v["colour"] = json!(1)),
            ErrorKind::Parse,
            "colour",
        ),
        (
            Box::new(|v| v["calendar"]["holidays"] = json!([])),
            ErrorKind::InvalidValue,
            "holidays",
        ),
        (
            Box::new(|v| v["people"][1]["name"] = json!("x")),
            ErrorKind::InvalidValue,
            "people[1]",
        ),
        (
            Box::new(|v| v["programme"] = json!({"default": {"cadense": "weekly"}})),
            ErrorKind::InvalidValue,
            "cadense",
        ),
        (
            Box::new(|v| v["options"] = json!({"seeed": 1})),
            ErrorKind::InvalidValue,
            "seeed",
        ),
        (
            Box::new(|v| v["options"] = json!({"method": "magic"})),
            ErrorKind::InvalidValue,
            "magic",
        ),
        (
            Box::new(|v| v["options"] = json!({"threads": 0})),
            ErrorKind::InvalidValue,
            "threads",
        ),
        (
            Box::new(|v| v["options"] = json!({"time_limit": -1.0})),
            ErrorKind::InvalidValue,
            "time",
        ),
        (
            Box::new(|v| {
                v["grid"] =
                    json!({"days": 9, "day_start": 0, "slot_minutes": 60, "slots_per_day": 1})
            }),
            ErrorKind::InvalidValue,
            "days",
        ),
        (
            Box::new(|v| v["people"] = json!([{"id": "s1"}, {"id": "t1"}, {"id": "s1"}])),
            ErrorKind::DuplicateId,
            "s1",
        ),
        (
            Box::new(|v| v["people"][0]["availability"] = json!("mon 25:00-26:00")),
            ErrorKind::InvalidValue,
            "people[0]",
        ),
    ];
    for (k, (edit, kind, needle)) in cases.iter().enumerate() {
        let mut v = base();
        edit(&mut v);
        let (got, msg) = err(&v);
        assert_eq!(got, *kind, "case {k}: {msg}");
        assert!(
            msg.contains(needle),
            "case {k}: {msg:?} should name {needle:?}"
        );
    }
    assert_eq!(schedule_json("{").unwrap_err().kind(), ErrorKind::Parse);
    assert_eq!(schedule_json("[]").unwrap_err().kind(), ErrorKind::Parse);
}

#[test]
fn grid_slot_labels_in_messages_are_inside_the_grid() {
    let g = Grid::new(2, 900, 30, 2).unwrap();
    let r = nastavnik::schedule::Reason::new(ReasonCode::RoomsFull).with_slots([0, 3]);
    let m = nastavnik::schedule::plan::messages::message_en(&r, &g);
    assert!(m.contains("Mon 15:00") && m.contains("Tue 15:30"), "{m}");
}
