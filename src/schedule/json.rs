//! JSON in and out of the standing-slot scheduler, for bindings and files.
//!
//! [`solve_standing_json`] reads the grid, people, units, rooms and options as JSON (the serde
//! forms of [`Grid`], [`Person`], [`Unit`], [`Room`], [`StandingOptions`]), solves, and writes
//! a report: placements, unscheduled units with reasons, objective, status, gap, the
//! breakdown and the proven upper bound. With the option `weeks` (a list of
//! `{"all": [slots], "people": [[id, slot]], "rooms": [[id, slot]]}`) it also solves each
//! week's exceptions from the standing schedule (the dated mode) and reports every week. Every element is read on its own so that an error names the list, the position
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
//! // The dated mode: in week 1 slot 1 is a holiday, so the unit has no slot that week.
//! let out = solve_standing_json(
//!     r#"{"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}"#,
//!     r#"[{"id": "a"}, {"id": "b", "availability": "mon 11:00-12:00"}]"#,
//!     r#"[{"id": "u", "people": ["a", "b"], "size": 2}]"#,
//!     "[]",
//!     r#"{"weeks": [{}, {"all": [1]}]}"#,
//! )?;
//! let v: serde_json::Value = serde_json::from_str(&out).unwrap();
//! assert_eq!(v["weeks"][0]["n_scheduled"], 1);
//! assert_eq!(v["weeks"][1]["n_scheduled"], 0);
//! assert_eq!(v["weeks"][1]["status"], "optimal");
//! # Ok::<(), nastavnik::Error>(())
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::availability::Grid;
use crate::error::{Error, Result};
use crate::schedule::breakdown::Breakdown;
use crate::schedule::dated::WeekExceptions;
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
    /// The dated mode: one entry per week (see [`WeekIn`]); each solved from the standing
    /// schedule by [`crate::schedule::dated::solve_weeks`].
    weeks: Option<Vec<WeekIn>>,
}

/// One week's exceptions read from JSON: grid slots excluded for everybody, `[person id,
/// slot]` absences and `[room id, slot]` closures.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct WeekIn {
    all: Vec<usize>,
    people: Vec<(String, usize)>,
    rooms: Vec<(String, usize)>,
}

/// One week of the dated mode in the report.
#[derive(Serialize)]
struct WeekOut<'a> {
    placements: Vec<&'a Placement>,
    unscheduled: Vec<UnscheduledOut<'a>>,
    n_scheduled: usize,
    objective: f64,
    status: &'static str,
    gap: Option<f64>,
    upper_bound: Option<(usize, f64)>,
}

fn status_of(sol: &crate::schedule::StandingSolution) -> (&'static str, Option<f64>) {
    match sol.status() {
        crate::assign::SolveStatus::Optimal => ("optimal", Some(0.0)),
        crate::assign::SolveStatus::Feasible { gap } => ("feasible", gap),
        _ => ("heuristic", None),
    }
}

fn unscheduled_of<'a>(
    problem: &'a StandingProblem,
    sol: &'a crate::schedule::StandingSolution,
) -> Vec<UnscheduledOut<'a>> {
    sol.unscheduled()
        .map(|(u, r)| UnscheduledOut {
            unit: u,
            unit_id: &problem.units()[u].id,
            message: r.to_string(),
            reason: r,
        })
        .collect()
}

/// Week exceptions with ids resolved to indices (errors name the week and the id).
fn weeks_of(problem: &StandingProblem, weeks: Vec<WeekIn>) -> Result<Vec<WeekExceptions>> {
    let index = |what: &str, ids: Vec<&str>, id: &str, k: usize| {
        ids.iter()
            .position(|x| *x == id)
            .ok_or_else(|| Error::UnknownId {
                what: format!("weeks[{k}] {what}"),
                id: id.to_string(),
            })
    };
    weeks
        .into_iter()
        .enumerate()
        .map(|(k, w)| {
            let mut out = WeekExceptions::default().with_all(w.all);
            for (id, slot) in &w.people {
                let ids = problem.people().iter().map(|p| p.id.as_str()).collect();
                out = out.with_person(index("person", ids, id, k)?, *slot);
            }
            for (id, slot) in &w.rooms {
                let ids = problem.rooms().iter().map(|r| r.id.as_str()).collect();
                out = out.with_room(index("room", ids, id, k)?, *slot);
            }
            Ok(out)
        })
        .collect()
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
    upper_bound: Option<(usize, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weeks: Option<Vec<WeekOut<'a>>>,
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
    let (status, gap) = status_of(&sol);
    let week_sols = match o.weeks {
        Some(w) => {
            let w = weeks_of(&problem, w)?;
            Some(crate::schedule::dated::solve_weeks(
                &problem, &sol, &w, &opts,
            )?)
        }
        None => None,
    };
    let report = Report {
        placements: sol.placements().iter().flatten().collect(),
        unscheduled: unscheduled_of(&problem, &sol),
        n_scheduled: sol.n_scheduled(),
        objective: sol.objective(),
        status,
        gap,
        n_components: sol.n_components(),
        breakdown: sol.breakdown(&problem),
        upper_bound: sol.upper_bound(),
        weeks: week_sols.as_ref().map(|ws| {
            ws.iter()
                .map(|w| {
                    let (status, gap) = status_of(w);
                    WeekOut {
                        placements: w.placements().iter().flatten().collect(),
                        unscheduled: unscheduled_of(&problem, w),
                        n_scheduled: w.n_scheduled(),
                        objective: w.objective(),
                        status,
                        gap,
                        upper_bound: w.upper_bound(),
                    }
                })
                .collect()
        }),
    };
    serde_json::to_string(&report).map_err(|e| parse_err("standing report", e))
}
