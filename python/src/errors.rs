//! Exception classes and the one boundary helper that releases the GIL, catches panics and maps
//! core errors to Python exceptions.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use nastavnik::interrupt::Interrupt;

use nastavnik::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

create_exception!(
    _nastavnik,
    NastavnikError,
    PyValueError,
    "Base class of nastavnik's input and solver errors (a ValueError)."
);
create_exception!(
    _nastavnik,
    NonFiniteError,
    NastavnikError,
    "NaN or infinity where a finite number is required."
);
create_exception!(
    _nastavnik,
    EmptyInputError,
    NastavnikError,
    "An input that must not be empty is empty."
);
create_exception!(
    _nastavnik,
    ShapeError,
    NastavnikError,
    "Mismatched shapes or lengths."
);
create_exception!(
    _nastavnik,
    DuplicateIdError,
    NastavnikError,
    "The same id appears twice."
);
create_exception!(
    _nastavnik,
    UnknownIdError,
    NastavnikError,
    "An id that refers to nothing known."
);
create_exception!(
    _nastavnik,
    InvalidValueError,
    NastavnikError,
    "A value outside its allowed range."
);
create_exception!(
    _nastavnik,
    InfeasibleError,
    NastavnikError,
    "The hard constraints admit no solution."
);
create_exception!(
    _nastavnik,
    SolverError,
    NastavnikError,
    "A solver failed (time limit without a solution, ...)."
);
create_exception!(
    _nastavnik,
    ParseError,
    NastavnikError,
    "Malformed CSV or JSON input."
);
create_exception!(
    _nastavnik,
    InternalError,
    PyRuntimeError,
    "A bug in nastavnik (please report): an internal panic was caught."
);

/// Map a core error to the matching Python exception.
pub fn to_pyerr(e: Error) -> PyErr {
    let msg = e.to_string();
    match e.kind() {
        ErrorKind::NonFinite => NonFiniteError::new_err(msg),
        ErrorKind::Empty => EmptyInputError::new_err(msg),
        ErrorKind::Shape => ShapeError::new_err(msg),
        ErrorKind::DuplicateId => DuplicateIdError::new_err(msg),
        ErrorKind::UnknownId => UnknownIdError::new_err(msg),
        ErrorKind::InvalidValue => InvalidValueError::new_err(msg),
        ErrorKind::Infeasible => InfeasibleError::new_err(msg),
        ErrorKind::Solver => SolverError::new_err(msg),
        ErrorKind::Parse => ParseError::new_err(msg),
        ErrorKind::Io => pyo3::exceptions::PyOSError::new_err(msg),
        ErrorKind::TooLarge => pyo3::exceptions::PyMemoryError::new_err(msg),
        ErrorKind::Interrupted => pyo3::exceptions::PyKeyboardInterrupt::new_err(msg),
        _ => NastavnikError::new_err(msg),
    }
}

/// Convert a core `Result` to a `PyResult`.
pub fn map<T>(r: nastavnik::Result<T>) -> PyResult<T> {
    r.map_err(to_pyerr)
}

/// How often long calls run Python's signal handlers (from the core's interrupt checks).
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

fn panic_to_pyerr(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    InternalError::new_err(format!(
        "internal error in nastavnik (please report): {what}"
    ))
}

/// Run `f` with the GIL released, catching panics (reported as `InternalError`) and mapping errors.
///
/// `f` runs on the calling thread under a fresh [`Interrupt`] token whose poll hook, called by
/// the core's interrupt checks at most every 50 ms (never during a call's first 50 ms, so short
/// calls never take the GIL back), reacquires the GIL and runs Python's signal handlers. When a
/// handler raises (Ctrl-C gives `KeyboardInterrupt`) the token is cancelled, the core's long
/// loops stop at their next check, and that exception is raised. Results are identical to a
/// call without the token when no handler raises.
pub fn run_detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> nastavnik::Result<T> + Send,
{
    let raised: Arc<Mutex<Option<PyErr>>> = Arc::new(Mutex::new(None));
    let stash = Arc::clone(&raised);
    let poll = move || {
        Python::with_gil(|py| match py.check_signals() {
            Ok(()) => false,
            Err(e) => {
                *stash.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                true
            }
        })
    };
    let token = Interrupt::new();
    let out = py.allow_threads(|| {
        catch_unwind(AssertUnwindSafe(|| token.run_polled(poll, SIGNAL_POLL, f)))
    });
    if let Some(e) = raised.lock().unwrap_or_else(|p| p.into_inner()).take() {
        return Err(e);
    }
    match out {
        Ok(r) => map(r),
        Err(payload) => Err(panic_to_pyerr(payload)),
    }
}

/// Register the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("NastavnikError", py.get_type::<NastavnikError>())?;
    m.add("NonFiniteError", py.get_type::<NonFiniteError>())?;
    m.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    m.add("ShapeError", py.get_type::<ShapeError>())?;
    m.add("DuplicateIdError", py.get_type::<DuplicateIdError>())?;
    m.add("UnknownIdError", py.get_type::<UnknownIdError>())?;
    m.add("InvalidValueError", py.get_type::<InvalidValueError>())?;
    m.add("InfeasibleError", py.get_type::<InfeasibleError>())?;
    m.add("SolverError", py.get_type::<SolverError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
