//! JSON in and out of the standing-slot scheduler, for bindings and files.
//!
//! [`solve_standing_json`] reads the grid, people, units, rooms and options as JSON (the serde
//! forms of [`Grid`], [`Person`], [`Unit`], [`Room`], [`StandingOptions`]), solves, and writes
//! a report: placements, unscheduled units with reasons, objective, status, gap and the
//! breakdown. Every element is read on its own so that an error names the list, the position
//! and the id (`rooms[2] ("актовый зал"): invalid value: integer `-1`, expected u32`).
//!
//! # Examples
//! ```
//! use nastavnik::schedule::json::solve_standing_json;
//! let out = solve_standing_json(
//!     r#"{"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}"#,
//!     r#"[{"id": "a"}, {"id": "b", "availability": "mon 11:00-12:00"}]"#,
//!     r#"[{"id": "u", "people": ["a", "b"], "size": 2}]"#,
//!     "[]",
//!     "{}",
//! )?;
//! let v: serde_json::Value = serde_json::from_str(&out).unwrap();
//! assert_eq!(v["placements"][0]["slot"], 1);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::availability::Grid;
use crate::error::{Error, Result};
use crate::schedule::breakdown::Breakdown;
use crate::schedule::reasons::Reason;
use crate::schedule::standing::{Placement, StandingOptions, solve_standing};
use crate::schedule::units::{Person, Room, StandingProblem, Unit};

fn parse_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Parse {
        what: what.to_string(),
        message: e.to_string(),
    }
}

fn list<T: DeserializeOwned>(what: &str, text: &str) -> Result<Vec<T>> {
    let v: Value = serde_json::from_str(text).map_err(|e| parse_err(what, e))?;
    let Value::Array(items) = v else {
        return Err(parse_err(what, "expected a list"));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(k, item)| {
            let id = item
                .get("id")
                .map(|i| format!(" ({i})"))
                .unwrap_or_default();
            serde_json::from_value(item).map_err(|e| Error::invalid(format!("{what}[{k}]{id}"), e))
        })
        .collect()
}

/// Options read from JSON (missing fields take their defaults).
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct OptionsIn {
    method: Option<String>,
    time_limit: Option<f64>,
    gap: Option<f64>,
    threads: Option<usize>,
    spread_weight: Option<f64>,
    in_person_weight: Option<f64>,
}

/// One unscheduled unit in the report.
#[derive(Serialize)]
struct UnscheduledOut<'a> {
    unit: usize,
    unit_id: &'a str,
    message: String,
    #[serde(flatten)]
    reason: &'a Reason,
}

#[derive(Serialize)]
struct Report<'a> {
    placements: Vec<&'a Placement>,
    unscheduled: Vec<UnscheduledOut<'a>>,
    n_scheduled: usize,
    objective: f64,
    status: &'static str,
    gap: Option<f64>,
    n_components: usize,
    breakdown: Breakdown,
}

/// Solve a standing-slot problem given as JSON and return the JSON report (see the module docs).
///
/// # Errors
/// [`Error::Parse`] for malformed JSON, [`Error::InvalidValue`] naming `list[k] (id)` for a bad
/// element or option, and every error of [`StandingProblem::new`] and [`solve_standing`].
///
/// ```
/// use nastavnik::schedule::json::solve_standing_json;
/// let grid = r#"{"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}"#;
/// let e = solve_standing_json(grid, "[]", "[]", r#"[{"id": "r", "capacity": -1}]"#, "{}").unwrap_err();
/// assert!(e.to_string().contains("rooms[0] (\"r\")"));
/// ```
pub fn solve_standing_json(
    grid: &str,
    people: &str,
    units: &str,
    rooms: &str,
    options: &str,
) -> Result<String> {
    let grid: Grid = serde_json::from_str(grid).map_err(|e| Error::invalid("grid", e))?;
    grid.validate()?;
    let people: Vec<Person> = list("people", people)?;
    let units: Vec<Unit> = list("units", units)?;
    let rooms: Vec<Room> = list("rooms", rooms)?;
    let o: OptionsIn = serde_json::from_str(options).map_err(|e| Error::invalid("options", e))?;
    let mut opts = StandingOptions::default();
    if let Some(m) = o.method {
        opts.method = m.parse()?;
    }
    opts.time_limit = o.time_limit;
    opts.gap = o.gap;
    opts.threads = o.threads;
    if let Some(w) = o.spread_weight {
        opts.spread_weight = w;
    }
    if let Some(w) = o.in_person_weight {
        opts.in_person_weight = w;
    }
    let problem = StandingProblem::new(grid, people, units, rooms)?;
    let sol = solve_standing(&problem, &opts)?;
    let (status, gap) = match sol.status() {
        crate::assign::SolveStatus::Optimal => ("optimal", Some(0.0)),
        crate::assign::SolveStatus::Feasible { gap } => ("feasible", gap),
        _ => ("heuristic", None),
    };
    let report = Report {
        placements: sol.placements().iter().flatten().collect(),
        unscheduled: sol
            .unscheduled()
            .map(|(u, r)| UnscheduledOut {
                unit: u,
                unit_id: &problem.units()[u].id,
                message: r.to_string(),
                reason: r,
            })
            .collect(),
        n_scheduled: sol.n_scheduled(),
        objective: sol.objective(),
        status,
        gap,
        n_components: sol.n_components(),
        breakdown: sol.breakdown(&problem),
    };
    serde_json::to_string(&report).map_err(|e| parse_err("standing report", e))
}
