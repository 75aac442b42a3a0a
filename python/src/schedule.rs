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
