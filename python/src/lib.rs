//! Python bindings of nastavnik: a thin layer that extracts, calls the core with the GIL
//! released, and converts. All logic lives in the core crate.

use pyo3::prelude::*;

/// Rust-side allocations of the extension go through mimalloc, which keeps freed pages for reuse:
/// repeated solves do not pay fresh page faults for their working memory (glibc returns large
/// blocks to the OS on every free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod assign;
mod contract;
mod convert;
mod errors;
mod evaluate;
mod fair;
mod forms;
mod groups;
mod lap;
mod mip;
mod pickling;
mod preferences;
mod prefs_args;
mod schedule;
mod scoring;
mod stable;

/// The compiled extension module `nastavnik._nastavnik`.
#[pymodule]
fn _nastavnik(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_function(wrap_pyfunction!(scoring::cosine, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::dot, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::rbf, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::weighted_euclidean, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::jaccard, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::top_k, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::synthetic_cohort, m)?)?;
    m.add_function(wrap_pyfunction!(groups::assign_groups, m)?)?;
    m.add_function(wrap_pyfunction!(groups::pair_peers, m)?)?;
    m.add_function(wrap_pyfunction!(lap::assign_lap, m)?)?;
    m.add_function(wrap_pyfunction!(mip::assign_mip, m)?)?;
    m.add_function(wrap_pyfunction!(lap::assign_sparse, m)?)?;
    m.add_function(wrap_pyfunction!(lap::assign_batch, m)?)?;
    m.add_function(wrap_pyfunction!(lap::assign_greedy, m)?)?;
    m.add_function(wrap_pyfunction!(lap::assign_random, m)?)?;
    m.add_function(wrap_pyfunction!(fair::assign_fair, m)?)?;
    m.add_function(wrap_pyfunction!(fair::rematch_py, m)?)?;
    m.add_class::<assign::PyAssignment>()?;
    m.add_class::<assign::PyPeerMatching>()?;
    m.add_class::<scoring::PySchema>()?;
    m.add_class::<scoring::PyCohort>()?;
    m.add_class::<scoring::PyCandidates>()?;
    m.add_class::<scoring::PyScoreMatrix>()?;
    m.add_class::<scoring::PyScorer>()?;
    m.add_function(wrap_pyfunction!(stable::stable_matching, m)?)?;
    m.add_function(wrap_pyfunction!(stable::stable_matching_from_scores, m)?)?;
    m.add_function(wrap_pyfunction!(stable::blocking_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(stable::rank_stats, m)?)?;
    m.add_function(wrap_pyfunction!(stable::stable_roommates, m)?)?;
    m.add_class::<stable::PyRoommatesResult>()?;
    m.add_class::<contract::PyProblem>()?;
    m.add_class::<contract::PyStrategy>()?;
    m.add_class::<contract::PySolution>()?;
    m.add_function(wrap_pyfunction!(contract::solve, m)?)?;
    m.add_class::<preferences::PyPreferences>()?;
    m.add_class::<evaluate::PyHistoricalCohort>()?;
    m.add_class::<evaluate::PyWhyNotSolver>()?;
    m.add_function(wrap_pyfunction!(evaluate::synthetic_history, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::sweep_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::ridge_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::spearman_py, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::strategy_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::kpis_json, m)?)?;
    m.add_function(wrap_pyfunction!(forms::read_table, m)?)?;
    m.add_function(wrap_pyfunction!(forms::draft_form_mapping, m)?)?;
    m.add_function(wrap_pyfunction!(forms::check_form_mapping, m)?)?;
    m.add_function(wrap_pyfunction!(forms::import_form_file, m)?)?;
    m.add_function(wrap_pyfunction!(forms::import_form_rows, m)?)?;
    m.add_function(wrap_pyfunction!(forms::cohort_from_rows, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::standing_slots_json, m)?)?;
    pickling::register(m)?;
    m.add_function(wrap_pyfunction!(schedule::schedule_json, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::schedule_ics_json, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::schedule_ics_logged_json, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::schedule_csv_json, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::production_calendar_json, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::schedule_conflict_set_json, m)?)?;
    Ok(())
}
