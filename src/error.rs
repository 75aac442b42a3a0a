//! Errors: one enum for the whole crate, with a coarse [`ErrorKind`] for bindings.
//!
//! Every message names the offending input (matrix, row, column, id) so that a curator or an
//! analyst can find it in their data. No function of this crate panics on user-controlled data:
//! bad input is reported as an [`Error`].
//!
//! # Examples
//! ```
//! use nastavnik::{Error, ErrorKind};
//! let e = Error::NonFinite { what: "scores".into(), row: 2, col: 5, value: f64::NAN };
//! assert_eq!(e.kind(), ErrorKind::NonFinite);
//! assert!(e.to_string().contains("row 2, column 5"));
//! ```

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `nastavnik`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A NaN or infinite value where a finite number is required.
    #[error("{what} contains a non-finite value ({value}) at row {row}, column {col}")]
    NonFinite {
        /// Which input (e.g. `"scores"`, `"mentee features"`).
        what: String,
        /// Row of the offending value.
        row: usize,
        /// Column of the offending value.
        col: usize,
        /// The value itself.
        value: f64,
    },
    /// An input that must not be empty is empty.
    #[error("{what} is empty")]
    Empty {
        /// Which input.
        what: String,
    },
    /// Two inputs whose shapes must agree do not.
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    ShapeMismatch {
        /// Which input or operation.
        what: String,
        /// The expected shape or length.
        expected: String,
        /// The shape or length received.
        got: String,
    },
    /// The same id appears twice where ids must be unique.
    #[error("duplicate id {id:?} in {what} (rows {first} and {second})")]
    DuplicateId {
        /// Which collection.
        what: String,
        /// The repeated id.
        id: String,
        /// First row holding it.
        first: usize,
        /// Second row holding it.
        second: usize,
    },
    /// An id that refers to nothing known.
    #[error("unknown id {id:?} in {what}")]
    UnknownId {
        /// Where the id was used.
        what: String,
        /// The unknown id.
        id: String,
    },
    /// A value outside its allowed range or otherwise invalid.
    #[error("invalid {what}: {}", crate::suggest::improve_serde_message(.message))]
    InvalidValue {
        /// Which parameter or field.
        what: String,
        /// Why it is invalid.
        message: String,
    },
    /// The problem has no solution under its hard constraints.
    #[error("infeasible: {message}")]
    Infeasible {
        /// What cannot be satisfied, naming ids where possible.
        message: String,
    },
    /// A solver failed for a reason other than infeasibility (time limit without a solution...).
    #[error("solver failed: {message}")]
    Solver {
        /// What the solver reported.
        message: String,
    },
    /// Reading or parsing external data (CSV, JSON) failed. An unknown key or value reported by
    /// serde is shown with the nearest valid name ([`crate::suggest::improve_serde_message`]).
    #[error(
        "cannot read {what}: {}",
        crate::suggest::improve_serde_message(.message)
    )]
    Parse {
        /// The source being read (file name, `"schema JSON"`...).
        what: String,
        /// What went wrong, with line/record numbers where known.
        message: String,
    },
    /// An operating-system I/O error.
    #[error("i/o error on {path}: {message}")]
    Io {
        /// The path involved.
        path: String,
        /// The OS message.
        message: String,
    },
    /// A request too large to allocate or to represent (the size is named; Python raises
    /// `MemoryError`).
    #[error("{what} is too large: {message}")]
    TooLarge {
        /// The argument or buffer whose size is the problem (e.g. `"k"`, `"score matrix"`).
        what: String,
        /// The size requested and why it cannot be served.
        message: String,
    },
    /// A long computation was stopped by a cancellation request (Ctrl-C in Python, see
    /// [`crate::interrupt`]).
    #[error("interrupted: {message}")]
    Interrupted {
        /// What was stopped.
        message: String,
    },
}

/// Coarse classification of an [`Error`], used by the Python binding to pick an exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// NaN or infinity in numeric input.
    NonFinite,
    /// Empty input.
    Empty,
    /// Mismatched shapes or lengths.
    Shape,
    /// Duplicate ids.
    DuplicateId,
    /// Unknown ids.
    UnknownId,
    /// Out-of-range or otherwise invalid values.
    InvalidValue,
    /// Infeasible constraints.
    Infeasible,
    /// Solver failure.
    Solver,
    /// Malformed external data.
    Parse,
    /// Operating-system I/O.
    Io,
    /// A request too large to allocate.
    TooLarge,
    /// Stopped by a cancellation request ([`crate::interrupt`]); Python raises `KeyboardInterrupt`.
    Interrupted,
}

impl Error {
    /// The coarse kind of this error.
    ///
    /// ```
    /// use nastavnik::{Error, ErrorKind};
    /// assert_eq!(Error::Empty { what: "mentors".into() }.kind(), ErrorKind::Empty);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NonFinite { .. } => ErrorKind::NonFinite,
            Error::Empty { .. } => ErrorKind::Empty,
            Error::ShapeMismatch { .. } => ErrorKind::Shape,
            Error::DuplicateId { .. } => ErrorKind::DuplicateId,
            Error::UnknownId { .. } => ErrorKind::UnknownId,
            Error::InvalidValue { .. } => ErrorKind::InvalidValue,
            Error::Infeasible { .. } => ErrorKind::Infeasible,
            Error::Solver { .. } => ErrorKind::Solver,
            Error::Parse { .. } => ErrorKind::Parse,
            Error::Io { .. } => ErrorKind::Io,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Interrupted { .. } => ErrorKind::Interrupted,
        }
    }

    /// Shorthand for [`Error::InvalidValue`].
    ///
    /// ```
    /// let e = nastavnik::Error::invalid("k", "must be at least 1");
    /// assert_eq!(e.to_string(), "invalid k: must be at least 1");
    /// ```
    pub fn invalid(what: impl Into<String>, message: impl fmt::Display) -> Self {
        Error::InvalidValue {
            what: what.into(),
            message: message.to_string(),
        }
    }

    /// Shorthand for [`Error::ShapeMismatch`].
    ///
    /// ```
    /// let e = nastavnik::Error::shape("forbidden mask", "3x4", "3x5");
    /// assert!(e.to_string().contains("expected 3x4, got 3x5"));
    /// ```
    pub fn shape(
        what: impl Into<String>,
        expected: impl fmt::Display,
        got: impl fmt::Display,
    ) -> Self {
        Error::ShapeMismatch {
            what: what.into(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }

    /// Shorthand for [`Error::Infeasible`].
    ///
    /// ```
    /// let e = nastavnik::Error::infeasible("mentee \"m7\" has no allowed mentor");
    /// assert_eq!(e.kind(), nastavnik::ErrorKind::Infeasible);
    /// ```
    pub fn infeasible(message: impl fmt::Display) -> Self {
        Error::Infeasible {
            message: message.to_string(),
        }
    }

    /// Shorthand for [`Error::TooLarge`].
    ///
    /// ```
    /// let e = nastavnik::Error::too_large("score matrix", "200000 x 200000 float64 (320 GB)");
    /// assert_eq!(e.kind(), nastavnik::ErrorKind::TooLarge);
    /// assert!(e.to_string().starts_with("score matrix is too large"));
    /// ```
    pub fn too_large(what: impl Into<String>, message: impl fmt::Display) -> Self {
        Error::TooLarge {
            what: what.into(),
            message: message.to_string(),
        }
    }

    /// Shorthand for [`Error::Empty`].
    ///
    /// ```
    /// assert_eq!(nastavnik::Error::empty("mentors").to_string(), "mentors is empty");
    /// ```
    pub fn empty(what: impl Into<String>) -> Self {
        Error::Empty { what: what.into() }
    }
}
