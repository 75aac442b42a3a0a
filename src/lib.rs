//! # nastavnik
//!
//! Matching mentors to mentees and scheduling their meetings for school mentoring programmes.
#![forbid(unsafe_code)]

pub mod assign;
pub mod error;
pub mod preferences;
pub mod real;
pub mod scoring;

pub use error::{Error, ErrorKind, Result};
pub use preferences::{Acceptability, PeerPreferences, Preferences, RankedLists};
pub use real::Real;
