//! Meeting schedules: weekly standing slots for pairs and groups, with rooms, reasons for what
//! cannot be scheduled, and the soft objective term by term.
//!
//! * [`units`]: people, units (pairs/groups), rooms and the validated [`StandingProblem`];
//! * [`standing`]: the standing-slot solver ([`solve_standing`]): exact MIP with rooms
//!   aggregated by capacity thresholds, a fast heuristic, components solved in parallel;
//! * [`reasons`]: a [`Reason`] for every unscheduled unit and an on-demand [`conflict_set`];
//! * [`breakdown`]: each soft term's total and matches;
//! * [`dated`]: one week's exceptions (holidays, absences, closures) solved from the standing
//!   schedule.
//! * [`json`]: JSON in and out, for bindings and files.
//! * [`calendar`]: dates, time zones, the production calendar, breaks, absences, closures;
//! * [`programme`]: the meeting template per form;
//! * [`expand`]: standing weekly slots → dated meetings of the year;
//! * [`export`]: iCalendar (per person, per room) and CSV.
//! * [`year`]: a standing solution turned into the year's dated meetings.
//! * [`plan`]: the one entry point, [`plan::schedule`]: request in, the year's schedule out.
//!
//! The grid and availability types live in [`crate::availability`].
//!
//! # Examples
//! ```
//! use nastavnik::availability::{Availability, Grid};
//! use nastavnik::schedule::*;
//! let grid = Grid::new(5, 15 * 60, 60, 3)?;
//! let people = vec![
//!     Person::new("teacher").with_availability("mon 15:00-18:00; wed 15:00-16:00".parse()?),
//!     Person::new("pupil").with_availability("wed 15:00-18:00".parse()?),
//! ];
//! let units = vec![Unit::new("pair", ["teacher", "pupil"])];
//! let p = StandingProblem::new(grid, people, units, vec![])?;
//! let s = solve_standing(&p, &StandingOptions::default())?;
//! assert_eq!(s.placement(0).unwrap().day, 2); // Wednesday
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub mod breakdown;
pub mod calendar;
pub mod dated;
pub mod expand;
pub mod export;
pub mod json;
pub mod plan;
pub mod programme;
pub mod reasons;
pub mod standing;
pub mod units;
pub mod year;

pub use breakdown::{Breakdown, Term, TermMatch};
pub use reasons::{HardRule, Reason, ReasonCode, conflict_set};
pub use standing::{Method, Placement, StandingOptions, StandingSolution, solve_standing};
pub use units::{Person, Room, StandingProblem, Unit};
