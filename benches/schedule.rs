//! Criterion benches of the standing-slot scheduler (`schedule::standing`).
//!
//! `cargo bench --bench schedule`. Seeded programmes: mentors with three mentees each (one
//! pair per mentee), Monday–Friday × 6 slots of 45 min, each person available at ~55 % of the
//! slots (in person, online or either), one preferred slot per mentee, a quarter of the pairs in
//! person, one room of 2–4 seats per 8 pairs. `dated/year_1000x15`: the standing schedule of
//! 1000 units and 15 weeks of exceptions solved from it (the dated mode).
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::availability::{Availability, Grid, Window};
use nastavnik::cohort::Mode;
use nastavnik::schedule::dated::{WeekExceptions, solve_weeks};
use nastavnik::schedule::{
    Method, Person, Room, StandingOptions, StandingProblem, Unit, solve_standing,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;

pub fn programme(n_units: usize, seed: u64) -> StandingProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let grid = Grid::new(5, 14 * 60, 45, 6).unwrap();
    let n_mentors = n_units.div_ceil(3);
    let avail = |rng: &mut ChaCha8Rng| {
        let mut ws = Vec::new();
        for s in 0..grid.n_slots() {
            if rng.random_bool(0.55) {
                let a = grid.start_minute(s);
                let mode = [Mode::Either, Mode::Either, Mode::Online, Mode::InPerson]
                    [rng.random_range(0..4)];
                ws.push(Window::new(grid.day_of(s) as u8, a, a + 45, mode).unwrap());
            }
        }
        Availability::from_windows(ws).unwrap()
    };
    let mut people = Vec::new();
    for j in 0..n_mentors {
        people.push(Person::new(format!("m{j}")).with_availability(avail(&mut rng)));
    }
    let mut units = Vec::new();
    for i in 0..n_units {
        let pref = rng.random_range(0..grid.n_slots());
        people.push(
            Person::new(format!("s{i}"))
                .with_availability(avail(&mut rng))
                .with_preferred(pref, 1.0),
        );
        let mode = if rng.random_bool(0.25) {
            Mode::InPerson
        } else {
            Mode::Either
        };
        units.push(
            Unit::new(format!("u{i}"), [format!("m{}", i / 3), format!("s{i}")]).with_mode(mode),
        );
    }
    let rooms = (0..n_units.div_ceil(8))
        .map(|r| Room::new(format!("r{r}"), rng.random_range(2..=4)))
        .collect();
    StandingProblem::new(grid, people, units, rooms).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("standing");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [300usize, 1000, 3000] {
        let p = programme(n, 7);
        let s = solve_standing(&p, &StandingOptions::default()).unwrap();
        eprintln!(
            "standing n={n}: status {:?}, scheduled {}/{n}, components {}, objective {}, bound {:?}",
            s.status(),
            s.n_scheduled(),
            s.n_components(),
            s.objective(),
            s.upper_bound()
        );
        g.bench_function(format!("exact_{n}"), |b| {
            b.iter(|| solve_standing(black_box(&p), &StandingOptions::default()).unwrap())
        });
        g.bench_function(format!("heuristic_{n}"), |b| {
            b.iter(|| {
                solve_standing(
                    black_box(&p),
                    &StandingOptions::default().with_method(Method::Heuristic),
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

/// One term of weekly exceptions (as `year_weeks` in the Python bench): two holiday days, 30
/// people absent for a day and three rooms closed for a day each week.
fn year_weeks(p: &StandingProblem, n_weeks: usize, seed: u64) -> Vec<WeekExceptions> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let day = |d: usize| 6 * d..6 * d + 6;
    (0..n_weeks)
        .map(|w| {
            let mut week = WeekExceptions::default();
            if w == 3 || w == 9 {
                week = week.with_all(day(w % 5));
            }
            for _ in 0..30 {
                let q = rng.random_range(0..p.people().len());
                for s in day(rng.random_range(0..5)) {
                    week = week.with_person(q, s);
                }
            }
            for _ in 0..3 {
                let r = rng.random_range(0..p.rooms().len());
                for s in day(rng.random_range(0..5)) {
                    week = week.with_room(r, s);
                }
            }
            week
        })
        .collect()
}

fn bench_dated(c: &mut Criterion) {
    let mut g = c.benchmark_group("dated");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let p = programme(1000, 7);
    let o = StandingOptions::default();
    let standing = solve_standing(&p, &o).unwrap();
    let weeks = year_weeks(&p, 15, 11);
    let out = solve_weeks(&p, &standing, &weeks, &o).unwrap();
    let placed: usize = out.iter().map(|w| w.n_scheduled()).sum();
    let soft: f64 = out.iter().map(|w| w.objective()).sum();
    let (bn, bv) = out.iter().fold((0, 0.0), |(n, v), w| {
        let (a, b) = w.upper_bound().unwrap();
        (n + a, v + b)
    });
    eprintln!(
        "dated 1000 x 15: placed {placed}/{bn} (bound), soft {soft:.3} / {bv:.3} (bound), gap {:.4} %",
        100.0 * (bv - soft) / bv.abs()
    );
    g.bench_function("year_1000x15", |b| {
        b.iter(|| {
            let s = solve_standing(black_box(&p), &o).unwrap();
            solve_weeks(&p, &s, &weeks, &o).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_dated);
criterion_main!(benches);
