//! Meeting schedules for the school year.
//!
//! [`calendar`] (dates, time zones, the production calendar, breaks, absences), [`programme`]
//! (the meeting template per form), [`expand`] (standing weekly slots → dated meetings) and
//! [`export`] (iCalendar, CSV).

pub mod calendar;
pub mod expand;
pub mod export;
pub mod programme;
