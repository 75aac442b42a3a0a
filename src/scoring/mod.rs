//! Scoring mentor–mentee pairs.

mod candidates;

pub use candidates::Candidates;
