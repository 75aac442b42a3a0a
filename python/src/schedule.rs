//! Python binding of the standing-slot scheduler (`nastavnik::schedule`): JSON in, JSON out
//! through the core's `schedule::json`, with the GIL released. The `nastavnik.standing` module
//! builds the JSON from Python objects and reads the report back.

use nastavnik::schedule::json::solve_standing_json;
use pyo3::prelude::*;

use crate::errors::run_detached;

/// Solve a standing-slot problem given as JSON strings (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (grid, people, units, rooms, options))]
pub fn standing_slots_json(
    py: Python<'_>,
    grid: String,
    people: String,
    units: String,
    rooms: String,
    options: String,
) -> PyResult<String> {
    run_detached(py, || {
        solve_standing_json(&grid, &people, &units, &rooms, &options)
    })
}

/// Schedule the school year from a JSON request (`nastavnik::schedule::plan::schedule_json`);
/// returns the schedule as JSON (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (request))]
pub fn schedule_json(py: Python<'_>, request: String) -> PyResult<String> {
    run_detached(py, || nastavnik::schedule::plan::schedule_json(&request))
}

/// iCalendar files of a schedule given as JSON: `(id, file_name, text)` per person or room.
#[pyfunction]
#[pyo3(signature = (schedule, per, dtstamp=None))]
pub fn schedule_ics_json(
    py: Python<'_>,
    schedule: String,
    per: String,
    dtstamp: Option<String>,
) -> PyResult<Vec<(String, String, String)>> {
    run_detached(py, || {
        use nastavnik::schedule::plan::{Per, Schedule, parse_instant};
        let per: Per = per.parse()?;
        let stamp = dtstamp.as_deref().map(parse_instant).transpose()?;
        let s = Schedule::from_json(&schedule)?;
        Ok(s.to_ics(per, stamp)?
            .into_iter()
            .map(|f| (f.id, f.file_name, f.text))
            .collect())
    })
}

/// ICS files as `(id, file_name, text)`, and the updated sequence log (JSON).
type LoggedIcs = (Vec<(String, String, String)>, String);

/// [`schedule_ics_json`] against the JSON log of earlier exports (`None`: a new log): the files
/// and the updated log. A meeting whose content changed since the logged export gets its
/// `SEQUENCE` bumped.
#[pyfunction]
#[pyo3(signature = (schedule, per, log=None, dtstamp=None))]
pub fn schedule_ics_logged_json(
    py: Python<'_>,
    schedule: String,
    per: String,
    log: Option<String>,
    dtstamp: Option<String>,
) -> PyResult<LoggedIcs> {
    run_detached(py, || {
        use nastavnik::schedule::export::SequenceLog;
        use nastavnik::schedule::plan::{Per, Schedule, parse_instant};
        let per: Per = per.parse()?;
        let stamp = dtstamp.as_deref().map(parse_instant).transpose()?;
        let mut log = match log.as_deref() {
            Some(text) => SequenceLog::from_json(text)?,
            None => SequenceLog::default(),
        };
        let s = Schedule::from_json(&schedule)?;
        let files = s
            .to_ics_logged(per, stamp, &mut log)?
            .into_iter()
            .map(|f| (f.id, f.file_name, f.text))
            .collect();
        Ok((files, log.to_json()))
    })
}

/// CSV text (no BOM) of a schedule given as JSON.
#[pyfunction]
#[pyo3(signature = (schedule))]
pub fn schedule_csv_json(py: Python<'_>, schedule: String) -> PyResult<String> {
    run_detached(py, || {
        nastavnik::schedule::plan::Schedule::from_json(&schedule)?.to_csv()
    })
}

/// The bundled Russian production calendar of one year, as JSON.
#[pyfunction]
#[pyo3(signature = (year))]
pub fn production_calendar_json(py: Python<'_>, year: i64) -> PyResult<String> {
    run_detached(py, || {
        nastavnik::schedule::plan::production_calendar_json(year)
    })
}

/// The minimal conflict set of one unit of a schedule, as JSON (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (request, schedule, unit))]
pub fn schedule_conflict_set_json(
    py: Python<'_>,
    request: String,
    schedule: String,
    unit: String,
) -> PyResult<String> {
    run_detached(py, || {
        nastavnik::schedule::plan::conflict::conflict_set_json(&request, &schedule, &unit)
    })
}
