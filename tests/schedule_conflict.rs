//! The on-demand conflict set (`schedule::conflict_set`, `schedule::plan::conflict`): on seeded
//! over-constrained instances and constructed cases, every returned set is checked with an
//! independent placement oracle written from the raw input (availability windows minute by
//! minute, the others' placements, room capacities and closures): with all its rules the unit
//! has no slot, without any one of them it has one.
#![cfg(feature = "highs")]
#![allow(clippy::unwrap_used)]

mod common;

use nastavnik::availability::{Availability, Grid, Window};
use nastavnik::cohort::Mode;
use nastavnik::schedule::*;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

struct Inst {
    grid: Grid,
    people: Vec<Person>,
    units: Vec<Unit>,
    rooms: Vec<Room>,
    problem: StandingProblem,
}

fn availability(rng: &mut ChaCha8Rng, grid: &Grid) -> Availability {
    if rng.random_bool(0.1) {
        return Availability::always();
    }
    let mut ws = Vec::new();
    for day in 0..grid.days() {
        for k in 0..grid.slots_per_day() {
            if rng.random_bool(0.45) {
                let a = grid.start_minute(grid.slot(day, k).unwrap());
                let mode = [Mode::Either, Mode::Either, Mode::Online, Mode::InPerson]
                    [rng.random_range(0..4)];
                ws.push(Window::new(day as u8, a, a + grid.slot_minutes(), mode).unwrap());
            }
        }
    }
    Availability::from_windows(ws).unwrap()
}

/// Few slots, many units, scarce small rooms: many units stay unscheduled.
fn instance(seed: u64) -> Inst {
    let mut rng = common::rng(seed);
    let grid = Grid::new(2, 15 * 60, 45, 2).unwrap();
    let n_people = rng.random_range(4..=7);
    let people: Vec<Person> = (0..n_people)
        .map(|k| Person::new(format!("p{k}")).with_availability(availability(&mut rng, &grid)))
        .collect();
    let units: Vec<Unit> = (0..rng.random_range(4..=8))
        .map(|k| {
            let size = rng.random_range(2..=3usize);
            let mut who: Vec<usize> = Vec::new();
            while who.len() < size {
                let x = rng.random_range(0..n_people);
                if !who.contains(&x) {
                    who.push(x);
                }
            }
            let mode = [Mode::Either, Mode::InPerson, Mode::Online][rng.random_range(0..3)];
            Unit::new(format!("u{k}"), who.iter().map(|x| format!("p{x}")))
                .with_mode(mode)
                .with_duration(rng.random_range(1..=2))
        })
        .collect();
    let rooms = common::random_rooms(&mut rng, &grid, 2, 3, 0.4);
    let problem = StandingProblem::new(grid, people.clone(), units.clone(), rooms.clone()).unwrap();
    Inst {
        grid,
        people,
        units,
        rooms,
        problem,
    }
}

/// Is `[a, b)` of `day` covered by windows of `av` allowing `mode`? (minute by minute)
fn covered(av: &Availability, day: usize, a: u16, b: u16, mode: Mode) -> bool {
    av.is_always()
        || (a..b).all(|m| {
            av.windows().iter().any(|w| {
                usize::from(w.day) == day
                    && w.start <= m
                    && m < w.end
                    && (w.mode == Mode::Either || w.mode == mode)
            })
        })
}

/// The oracle: can unit `u` start somewhere when only the rules `active` hold, the other units
/// staying where `sol` put them?
fn placeable(inst: &Inst, sol: &StandingSolution, u: usize, active: &[HardRule]) -> bool {
    let g = &inst.grid;
    let unit = &inst.units[u];
    let on = |r: &HardRule| active.contains(r);
    let d = usize::from(unit.duration);
    for s in 0..g.n_slots() {
        if on(&HardRule::DayLength) && g.position_of(s) + d > g.slots_per_day() {
            continue;
        }
        let slots: Vec<usize> = (s..s + d).filter(|&t| t < g.n_slots()).collect();
        let mut modes = vec![Mode::InPerson, Mode::Online];
        if on(&HardRule::UnitMode) && unit.mode != Mode::Either {
            modes.retain(|&m| m == unit.mode);
        }
        for id in &unit.people {
            if !on(&HardRule::Availability { person: id.clone() }) {
                continue;
            }
            let av = &inst
                .people
                .iter()
                .find(|p| &p.id == id)
                .unwrap()
                .availability;
            modes.retain(|&m| {
                slots.iter().all(|&t| {
                    let a = g.start_minute(t);
                    covered(av, g.day_of(t), a, a + g.slot_minutes(), m)
                })
            });
        }
        if modes.is_empty() {
            continue;
        }
        let clash = active.iter().any(|r| match r {
            HardRule::Busy { unit: other, .. } => {
                let v = inst.units.iter().position(|x| &x.id == other).unwrap();
                sol.placement(v).is_some_and(|pl| {
                    (pl.slot..pl.slot + usize::from(pl.duration)).any(|t| slots.contains(&t))
                })
            }
            _ => false,
        });
        if clash {
            continue;
        }
        if modes.contains(&Mode::Online) || !on(&HardRule::Rooms) {
            return true;
        }
        let free_room = inst.rooms.iter().any(|room| {
            room.capacity >= unit.size
                && slots.iter().all(|t| !room.closed.contains(t))
                && !sol.placements().iter().flatten().any(|pl| {
                    pl.unit != u
                        && pl.room.as_deref() == Some(room.id.as_str())
                        && (pl.slot..pl.slot + usize::from(pl.duration)).any(|t| slots.contains(&t))
                })
        });
        if free_room {
            return true;
        }
    }
    false
}

/// Every rule concerning `u` given `sol` (the universe the deletion filter starts from).
fn all_rules(inst: &Inst, sol: &StandingSolution, u: usize) -> Vec<HardRule> {
    let mut out = vec![HardRule::DayLength, HardRule::UnitMode, HardRule::Rooms];
    for id in &inst.units[u].people {
        out.push(HardRule::Availability { person: id.clone() });
    }
    for pl in sol.placements().iter().flatten() {
        for id in &inst.units[u].people {
            if inst.units[pl.unit].people.contains(id) {
                out.push(HardRule::Busy {
                    person: id.clone(),
                    unit: pl.unit_id.clone(),
                });
            }
        }
    }
    out
}

fn check_irreducible(inst: &Inst, sol: &StandingSolution, u: usize, set: &[HardRule], what: &str) {
    assert!(!set.is_empty(), "{what}: empty set for an unplaceable unit");
    assert!(
        !placeable(inst, sol, u, set),
        "{what}: {set:?} admits a slot"
    );
    for k in 0..set.len() {
        let mut less = set.to_vec();
        let dropped = less.remove(k);
        assert!(
            placeable(inst, sol, u, &less),
            "{what}: {dropped} is not needed in {set:?}"
        );
    }
}

#[test]
fn conflict_sets_are_irreducible_on_random_overconstrained_instances() {
    let mut checked = 0;
    for seed in 0..120u64 {
        let inst = instance(9000 + seed);
        let sol = solve_standing(&inst.problem, &StandingOptions::default()).unwrap();
        for u in 0..inst.units.len() {
            let set = conflict_set(&inst.problem, &sol, u).unwrap();
            let what = format!("seed {seed} unit {u}");
            if sol.placement(u).is_some() {
                assert!(set.is_empty(), "{what}: placed unit with a conflict set");
                continue;
            }
            let all = all_rules(&inst, &sol, u);
            if placeable(&inst, &sol, u, &all) {
                // Only a room-assignment failure can leave a placeable unit out.
                assert!(set.is_empty(), "{what}: placeable but {set:?}");
                continue;
            }
            assert!(set.iter().all(|r| all.contains(r)), "{what}: foreign rule");
            check_irreducible(&inst, &sol, u, &set, &what);
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} unscheduled units checked");
}

#[test]
fn constructed_cases_name_the_right_rules() {
    let grid = Grid::new(1, 600, 60, 2).unwrap();
    // t is free at 10:00 only; a and b both want t: the second pair is blocked by t being
    // busy with the first, and by t's availability (t would be free at 11:00 otherwise).
    let people = vec![
        Person::new("t").with_availability("mon 10:00-11:00".parse().unwrap()),
        Person::new("a"),
        Person::new("b"),
    ];
    let units = vec![Unit::new("ta", ["t", "a"]), Unit::new("tb", ["t", "b"])];
    let inst = Inst {
        grid,
        problem: StandingProblem::new(grid, people.clone(), units.clone(), vec![]).unwrap(),
        people,
        units,
        rooms: vec![],
    };
    let sol = solve_standing(&inst.problem, &StandingOptions::default()).unwrap();
    let (u, _) = sol.unscheduled().next().unwrap();
    let set = conflict_set(&inst.problem, &sol, u).unwrap();
    let other = inst.units[1 - u].id.clone();
    assert_eq!(
        set,
        vec![
            HardRule::Availability { person: "t".into() },
            HardRule::Busy {
                person: "t".into(),
                unit: other
            }
        ]
    );
    check_irreducible(&inst, &sol, u, &set, "busy teacher");

    // In person only, one room of 2 seats, a group of 3: the rooms and the unit's mode.
    let people = vec![Person::new("x"), Person::new("y"), Person::new("z")];
    let units = vec![Unit::new("g", ["x", "y", "z"]).with_mode(Mode::InPerson)];
    let rooms = vec![Room::new("каб. 1", 2)];
    let inst = Inst {
        grid,
        problem: StandingProblem::new(grid, people.clone(), units.clone(), rooms.clone()).unwrap(),
        people,
        units,
        rooms,
    };
    let sol = solve_standing(&inst.problem, &StandingOptions::default()).unwrap();
    let set = conflict_set(&inst.problem, &sol, 0).unwrap();
    assert_eq!(set, vec![HardRule::UnitMode, HardRule::Rooms]);
    check_irreducible(&inst, &sol, 0, &set, "small room");

    // A two-slot meeting, both people free Monday 11:00 and Tuesday 10:00 only: back to back
    // across midnight, so the one-day rule and y's availability block it.
    let grid2 = Grid::new(2, 600, 60, 2).unwrap();
    let av: Availability = "mon 11:00-12:00; tue 10:00-11:00".parse().unwrap();
    let people = vec![
        Person::new("x").with_availability(av.clone()),
        Person::new("y").with_availability(av),
    ];
    let units = vec![Unit::new("long", ["x", "y"]).with_duration(2)];
    let inst = Inst {
        grid: grid2,
        problem: StandingProblem::new(grid2, people.clone(), units.clone(), vec![]).unwrap(),
        people,
        units,
        rooms: vec![],
    };
    let sol = solve_standing(&inst.problem, &StandingOptions::default()).unwrap();
    assert!(sol.placement(0).is_none());
    let set = conflict_set(&inst.problem, &sol, 0).unwrap();
    assert_eq!(
        set,
        vec![
            HardRule::DayLength,
            HardRule::Availability { person: "y".into() }
        ]
    );
    check_irreducible(&inst, &sol, 0, &set, "across midnight");
}

#[test]
fn the_year_level_conflict_set_reads_the_schedule_back() {
    use nastavnik::schedule::plan::conflict::conflict_set as year_conflict_set;
    use nastavnik::schedule::plan::{ScheduleRequest, schedule};
    // A teacher free on Monday 14:00 only and two pupils: one pair is unscheduled.
    let req = ScheduleRequest::from_json(
        r#"{
      "pairs": [{"mentee": "s1", "mentor": "t"}, {"mentee": "s2", "mentor": "t"},
                {"mentee": "s3", "mentor": "t2"}, {"mentee": "тайный", "mentor": "t"}],
      "people": [{"id": "t", "availability": "mon 14:00-15:00"}, {"id": "s1"}, {"id": "s2"},
                 {"id": "t2"}, {"id": "s3", "availability": "never"},
                 {"id": "тайный", "consent": false}],
      "rooms": [{"id": "каб. 12", "capacity": 3}],
      "calendar": {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}}"#,
    )
    .unwrap();
    let s = schedule(&req).unwrap();
    let codes: Vec<(&str, ReasonCode)> = s
        .unscheduled
        .iter()
        .map(|u| (u.unit.as_str(), u.code))
        .collect();
    assert_eq!(s.unscheduled.len(), 2, "{codes:?}");
    for un in &s.unscheduled {
        let set = year_conflict_set(&req, &s, &un.unit).unwrap();
        assert!(!set.is_empty(), "{}", un.unit);
        for c in &set {
            assert!(!c.message_ru.is_empty() && !c.message_en.is_empty());
            assert!(!c.message_ru.contains("тайный") && !c.message_en.contains("тайный"));
        }
        if un.unit == "t2–s3" {
            assert_eq!(
                set.iter().map(|c| c.rule.clone()).collect::<Vec<_>>(),
                vec![HardRule::Availability {
                    person: "s3".into()
                }]
            );
        } else {
            let busy = set
                .iter()
                .find(|c| matches!(c.rule, HardRule::Busy { .. }))
                .unwrap();
            assert!(
                busy.message_en.contains("(Mon 14:00)"),
                "{}",
                busy.message_en
            );
            assert!(
                busy.message_ru.contains("(пн 14:00)"),
                "{}",
                busy.message_ru
            );
        }
    }
    let placed = s.meetings[0].unit.clone();
    assert!(year_conflict_set(&req, &s, &placed).unwrap().is_empty());
    let e = year_conflict_set(&req, &s, "nobody").unwrap_err();
    assert_eq!(e.kind(), nastavnik::ErrorKind::UnknownId);
    assert!(e.to_string().contains("nobody"));
    // A schedule of another request is named as such.
    let other = ScheduleRequest::from_json(
        r#"{"pairs": [{"mentee": "a", "mentor": "b"}], "people": [{"id": "a"}, {"id": "b"}],
        "calendar": {"time_zone": "UTC", "start": "2025-09-01", "end": "2026-05-29"}}"#,
    )
    .unwrap();
    let e = year_conflict_set(&other, &s, "b–a").unwrap_err();
    assert!(e.to_string().contains("request"), "{e}");
}
