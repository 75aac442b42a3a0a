//! Readable Russian and English messages for the reason codes of unscheduled units, naming the
//! people, units, slots (as weekday and time of the grid) and rooms to blame.
//!
//! # Examples
//! ```
//! use nastavnik::availability::Grid;
//! use nastavnik::schedule::{Reason, ReasonCode};
//! use nastavnik::schedule::plan::messages::{message_en, message_ru};
//! let g = Grid::new(5, 900, 60, 3)?;
//! let r = Reason::new(ReasonCode::NoCommonSlot).with_people(["t1", "s1"]);
//! assert_eq!(message_en(&r, &g), "no weekly slot where everybody is available (people: t1, s1)");
//! assert!(message_ru(&r, &g).starts_with("нет общего"));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use crate::availability::Grid;
use crate::schedule::reasons::{Reason, ReasonCode};

const DAYS_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn slot_label(grid: &Grid, s: usize, days: &[&str; 7]) -> String {
    if s >= grid.n_slots() {
        return format!("#{s}");
    }
    let m = grid.start_minute(s);
    let d = days.get(grid.day_of(s)).copied().unwrap_or("?");
    format!("{d} {:02}:{:02}", m / 60, m % 60)
}

fn details(r: &Reason, grid: &Grid, ru: bool) -> String {
    let days = if ru { &DAYS_RU } else { &DAYS_EN };
    let (people, units, slots, rooms) = if ru {
        ("участники", "встречи", "слоты", "кабинеты")
    } else {
        ("people", "units", "slots", "rooms")
    };
    let mut parts = Vec::new();
    if !r.people.is_empty() {
        parts.push(format!("{people}: {}", r.people.join(", ")));
    }
    if !r.units.is_empty() {
        parts.push(format!("{units}: {}", r.units.join(", ")));
    }
    if !r.slots.is_empty() {
        let mut v: Vec<String> = r
            .slots
            .iter()
            .take(8)
            .map(|&s| slot_label(grid, s, days))
            .collect();
        if r.slots.len() > 8 {
            v.push(format!("… +{}", r.slots.len() - 8));
        }
        parts.push(format!("{slots}: {}", v.join(", ")));
    }
    if !r.rooms.is_empty() {
        parts.push(format!("{rooms}: {}", r.rooms.join(", ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// The English message of a reason.
///
/// ```
/// use nastavnik::availability::Grid;
/// use nastavnik::schedule::{Reason, ReasonCode};
/// let m = nastavnik::schedule::plan::messages::message_en(
///     &Reason::new(ReasonCode::RoomsFull).with_slots([0]), &Grid::new(5, 900, 60, 3)?);
/// assert!(m.contains("Mon 15:00"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn message_en(r: &Reason, grid: &Grid) -> String {
    let head = match r.code {
        ReasonCode::NoConsent => "a member has no recorded consent",
        ReasonCode::NoCommonSlot => "no weekly slot where everybody is available",
        ReasonCode::NoCommonMode => {
            "common slots exist, but not in the required mode (online/in person)"
        }
        ReasonCode::NoRoomWithCapacity => "no open room is large enough at any common slot",
        ReasonCode::PersonConflict => "members are busy with other meetings at every possible slot",
        ReasonCode::RoomsFull => "every room is taken at every possible slot",
        ReasonCode::Conflict => "members and rooms are busy at every possible slot",
        ReasonCode::RoomAssignment => "no single room is free for the whole meeting",
        ReasonCode::OnlyExcludedDates => "every date of the weekly slot is excluded",
    };
    format!("{head}{}", details(r, grid, false))
}

/// The Russian message of a reason.
///
/// ```
/// use nastavnik::availability::Grid;
/// use nastavnik::schedule::{Reason, ReasonCode};
/// let m = nastavnik::schedule::plan::messages::message_ru(
///     &Reason::new(ReasonCode::PersonConflict).with_people(["t"]), &Grid::new(5, 900, 60, 3)?);
/// assert_eq!(m, "участники заняты другими встречами во всех возможных слотах (участники: t)");
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn message_ru(r: &Reason, grid: &Grid) -> String {
    let head = match r.code {
        ReasonCode::NoConsent => "у участника нет согласия на обработку данных",
        ReasonCode::NoCommonSlot => "нет общего времени, когда свободны все участники",
        ReasonCode::NoCommonMode => "общее время есть, но не в нужном формате (онлайн/очно)",
        ReasonCode::NoRoomWithCapacity => {
            "нет свободного кабинета нужной вместимости в общее время"
        }
        ReasonCode::PersonConflict => "участники заняты другими встречами во всех возможных слотах",
        ReasonCode::RoomsFull => "все кабинеты заняты во всех возможных слотах",
        ReasonCode::Conflict => "участники и кабинеты заняты во всех возможных слотах",
        ReasonCode::RoomAssignment => "нет одного кабинета, свободного на всю встречу",
        ReasonCode::OnlyExcludedDates => {
            "все даты этого дня недели исключены (праздники, каникулы, отсутствия)"
        }
    };
    format!("{head}{}", details(r, grid, true))
}
