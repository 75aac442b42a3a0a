//! # nastavnik
//!
//! Matching mentors to mentees and scheduling their meetings for school mentoring programmes
//! (the Russian federal "target model of mentorship").
//!
//! Data flows one way: questionnaires ([`cohort`], [`questionnaire`]) → score matrix or sparse
//! top-k candidates ([`scoring`]) → pairs and groups ([`assign`]).
//!
//! # Examples
//! ```
//! use nastavnik::prelude::*;
//! let (schema, cohort) = synthetic::generate(&SyntheticConfig::default().with_n_mentees(60).with_n_mentors(20))?;
//! let scorer = Scorer::new(&schema, &cohort)?;
//! let scores = scorer.score_matrix();            // mentees × mentors, -inf = forbidden
//! let best = scorer.top_k(5)?;                   // sparse: 5 best mentors per mentee
//! assert_eq!(best.n_mentees(), scores.mentee_ids.len());
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub mod assign;
pub mod availability;
pub mod cohort;
pub mod error;
pub mod evaluate;
pub mod interrupt;
pub mod io;
#[cfg(feature = "highs")]
pub mod lp;
pub mod memory;
pub mod parallel;
pub mod preferences;
pub mod questionnaire;
pub mod real;
pub mod schedule;
pub mod scoring;
mod setters;
pub mod suggest;
pub mod synthetic;

pub use error::{Error, ErrorKind, Result};
pub use preferences::{Acceptability, PeerPreferences, Preferences, RankedLists};
pub use real::Real;

/// The common imports: `use nastavnik::prelude::*;`.
pub mod prelude {
    pub use crate::Real;
    pub use crate::assign::{Assignment, PeerMatching, SolveStatus};
    pub use crate::cohort::{Answer, Cohort, Form, Mode, Participant, Role};
    pub use crate::error::{Error, ErrorKind, Result};
    pub use crate::questionnaire::{Comparator, Question, QuestionKind, Rules, Schema};
    pub use crate::scoring::{Candidates, Kernel, ScoreMatrix, Scorer};
    pub use crate::synthetic::{self, SyntheticConfig};
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
