//! From a standing-slot solution to the year's dated meetings.
//!
//! # Contract
//! [`dated_from_standing`] turns every placed unit of a [`StandingSolution`] into a
//! [`StandingSlot`] (weekday, start, length, room, mode; participants = the unit's people) and
//! runs [`expand`] with a group final meeting whose candidate starts are the grid's slots and
//! whose attendance follows each person's grid availability (every grid slot the meeting covers
//! must allow the group final's mode). Unplaced units are left out (their reasons come from the
//! standing solver), and so is any unit with a person without consent.
//!
//! # Complexity
//! `O(p · s)` to read availability on the grid (`p` people, `s` slots) plus [`expand`].
//!
//! # Examples
//! ```
//! use nastavnik::availability::Grid;
//! use nastavnik::schedule::*;
//! use nastavnik::schedule::calendar::{Calendar, CalendarSpec};
//! use nastavnik::schedule::programme::Programme;
//! let grid = Grid::new(5, 15 * 60, 60, 3)?;
//! let p = StandingProblem::new(grid, vec![Person::new("t"), Person::new("s")],
//!     vec![Unit::new("pair", ["t", "s"])], vec![Room::new("101", 30)])?;
//! let sol = solve_standing(&p, &StandingOptions::default())?;
//! let cal = Calendar::new(&CalendarSpec::new("Europe/Moscow", "2024-09-02", "2025-05-30"))?;
//! let out = year::dated_from_standing(&cal, &Programme::default(), &p, &sol, &|_| None)?;
//! assert!(out.meetings.len() >= 16);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use crate::cohort::{Form, Mode};
use crate::error::Result;
use crate::schedule::calendar::Calendar;
use crate::schedule::expand::{Expansion, GroupFinalRequest, StandingSlot, expand};
use crate::schedule::programme::{MeetingMode, Programme};
use crate::schedule::{StandingProblem, StandingSolution};

/// Expand a standing solution into dated meetings (see the module docs); `form_of` gives each
/// unit's form (selecting its programme) by unit id.
///
/// # Errors
/// As [`expand`].
///
/// ```
/// // see the module example
/// ```
pub fn dated_from_standing(
    calendar: &Calendar,
    programme: &Programme,
    problem: &StandingProblem,
    solution: &StandingSolution,
    form_of: &(dyn Fn(&str) -> Option<Form> + Sync),
) -> Result<Expansion> {
    let people = problem.people();
    let consent = |id: &str| people.iter().any(|p| p.id == id && p.consent);
    let mut slots = Vec::new();
    for (u, pl) in problem.units().iter().zip(solution.placements()) {
        let Some(pl) = pl else { continue };
        if !u.people.iter().all(|p| consent(p)) {
            continue;
        }
        let mode = if pl.mode == Mode::Online {
            MeetingMode::Online
        } else {
            MeetingMode::InPerson
        };
        slots.push(StandingSlot {
            unit: u.id.clone(),
            participants: u.people.clone(),
            form: form_of(&u.id),
            weekday: pl.day.min(6) as u8,
            start_minute: pl.start_minute,
            duration_minutes: pl.minutes.min(1440) as u16,
            room: pl.room.clone(),
            mode,
        });
    }
    let grid = problem.grid();
    let on_grid: Vec<(String, Vec<crate::availability::SlotModes>)> = people
        .iter()
        .map(|p| (p.id.clone(), p.availability.on_grid(grid)))
        .collect();
    let in_person = programme.group_final.mode == MeetingMode::InPerson;
    let step = grid.slot_minutes().max(1);
    let available = move |id: &str, wd: u8, start: u16, len: u16| -> bool {
        let Some((_, modes)) = on_grid.iter().find(|(p, _)| p == id) else {
            return false;
        };
        let Some(off) = start.checked_sub(grid.day_start()) else {
            return false;
        };
        let first = usize::from(off / step);
        let n = usize::from(len.div_ceil(step)).max(1);
        (first..first + n).all(|pos| {
            pos < grid.slots_per_day()
                && grid.slot(usize::from(wd), pos).is_ok_and(|s| {
                    modes.get(s).is_some_and(|m| {
                        if in_person {
                            m.allows_in_person()
                        } else {
                            m.allows_online()
                        }
                    })
                })
        })
    };
    let candidates = (0..grid.n_slots())
        .map(|s| (grid.day_of(s).min(6) as u8, grid.start_minute(s)))
        .collect();
    let req = GroupFinalRequest {
        candidates,
        available: &available,
        rooms: problem
            .rooms()
            .iter()
            .map(|r| (r.id.clone(), r.capacity))
            .collect(),
    };
    expand(calendar, programme, &slots, Some(&req))
}
