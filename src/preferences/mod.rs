//! Stated preferences: ranked lists from the post-meeting questionnaire.
//!
//! After the group meeting every participant names the mentors (or mentees, or peers) they would
//! like to work with, best first. A list may be **partial** (only a few names) and may contain
//! **ties** (several names judged equally good). This module turns such answers into validated,
//! index-based preference lists that the stable-matching solvers
//! ([`crate::assign::stable`], [`crate::assign::roommates`]) consume.
//!
//! # Layout
//! * [`RankedLists`] holds one side's lists in CSR form: for each owner, the targets best first,
//!   each with its **tie-group rank** (0 = the first group; equal rank = tie). Sources: nested
//!   index lists, raw CSR arrays, an integer rank matrix, a score matrix, or a blend of stated
//!   ranks with questionnaire scores ([`RankedLists::blend`]).
//! * [`Preferences`] joins the mentees' lists (over mentors) with the mentors' lists (over
//!   mentees) under an [`Acceptability`] rule and cross-links them, so that the solvers never
//!   search a list.
//! * [`PeerPreferences`] is the one-pool (peer / roommates) counterpart.
//!
//! Identifiers are handled at the edge: [`Preferences::from_ids`] and [`PeerPreferences::from_ids`]
//! translate string ids into positions in the id slices you pass, and report unknown ids,
//! duplicates and self-references by name. Everything else works with indices.
//!
//! # Acceptability
//! A pair is **acceptable** when it may be formed. With [`Acceptability::Mutual`] (the default)
//! a pair is acceptable only when **both** sides list each other; anything else is dropped from
//! both lists, and the tie-group ranks are renumbered so that the best remaining group has rank 0.
//! With [`Acceptability::Either`] a pair is acceptable when at least one side lists the other; a
//! participant who did not list an acceptable partner ranks all such partners together, in one
//! tie group after everything they listed.
//!
//! # Matrix layout
//! Matrices are always laid out **mentees × mentors** (rows mentees, columns mentors), for both
//! sides: in a mentor-side matrix, column `j` holds mentor `j`'s view of every mentee.
//! In rank matrices a positive integer is a rank (smaller is better, equal ranks are ties, gaps are
//! allowed) and `0` or a negative value means "not acceptable". In score matrices a larger score is
//! better, equal scores are ties and `-inf` means "not acceptable"; NaN and `+inf` are errors.
//!
//! # Complexity
//! Building [`Preferences`] or [`PeerPreferences`] takes `O(L + n)` time and memory, where `L` is
//! the total length of all lists and `n` the number of participants: the two sides are linked by a
//! counting sort, or, when the lists are dense (`n · m` at most a small multiple of `L`), by an
//! `n × m` position table; full strict rank matrices are linked straight from the matrices.
//! Rank-matrix rows are bucketed by rank (counting sort, `O(m)` per row when ranks are at most
//! about twice the row length, `O(m log m)` otherwise); score-matrix rows are sorted, `O(m log m)`.
//! Rows are independent and built in parallel (rayon); the result does not depend on the thread
//! count. Ids are interned once in a hash map (`rustc-hash`), `O(1)` per listed id.
//!
//! # Examples
//! ```
//! use nastavnik::preferences::{Acceptability, Preferences};
//! let mentees = ["ann", "bob"];
//! let mentors = ["kim", "lee"];
//! let mentee_lists = vec![
//!     ("ann".to_string(), vec![vec!["kim".to_string()], vec!["lee".to_string()]]),
//!     ("bob".to_string(), vec![vec!["kim".to_string(), "lee".to_string()]]), // a tie
//! ];
//! let mentor_lists = vec![
//!     ("kim".to_string(), vec![vec!["bob".to_string()], vec!["ann".to_string()]]),
//!     ("lee".to_string(), vec![vec!["ann".to_string()]]), // lee did not list bob
//! ];
//! let p = Preferences::from_ids(&mentees, &mentors, &mentee_lists, &mentor_lists,
//!                               Acceptability::Mutual).unwrap();
//! assert!(p.is_acceptable(0, 1));  // ann - lee: both listed each other
//! assert!(!p.is_acceptable(1, 1)); // bob - lee: lee did not list bob
//! assert_eq!(p.mentee_rank(1, 0), Some(0)); // kim is bob's (only remaining) first choice
//! ```

mod blend;
mod ids;
mod input;
mod link;
mod peer;
mod ranked;
mod source;
mod two_sided;

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::real::Real;

pub use ids::{IdLists, check_unique_ids, infer_ids, infer_peer_ids};
pub use input::{Blend, Labelled, LabelledPeers, PeerInput, PreferenceInput, Source};
pub use peer::PeerPreferences;
pub use ranked::RankedLists;
pub use source::ranks_from_f64;
pub use two_sided::Preferences;

/// Marks "no entry" in the cross-link tables.
const NONE: u32 = u32::MAX;

/// Whose lists a [`RankedLists`] holds; used for messages and for the peer self-reference check.
///
/// ```
/// use nastavnik::preferences::Side;
/// assert_eq!(Side::Mentee.owner_label(), "mentee");
/// assert_eq!(Side::Mentee.target_label(), "mentor");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Mentees ranking mentors.
    Mentee,
    /// Mentors ranking mentees.
    Mentor,
    /// Participants of one pool ranking each other (peer format); self-references are errors.
    Peer,
}

impl Side {
    /// The word for an owner of a list (`"mentee"`, `"mentor"`, `"participant"`).
    ///
    /// ```
    /// assert_eq!(nastavnik::preferences::Side::Peer.owner_label(), "participant");
    /// ```
    pub fn owner_label(self) -> &'static str {
        match self {
            Side::Mentee => "mentee",
            Side::Mentor => "mentor",
            Side::Peer => "participant",
        }
    }

    /// The word for an entry of a list (`"mentor"`, `"mentee"`, `"participant"`).
    ///
    /// ```
    /// assert_eq!(nastavnik::preferences::Side::Mentor.target_label(), "mentee");
    /// ```
    pub fn target_label(self) -> &'static str {
        match self {
            Side::Mentee => "mentor",
            Side::Mentor => "mentee",
            Side::Peer => "participant",
        }
    }
}

/// Which pairs may be formed; see the [module documentation](self#acceptability).
///
/// ```
/// use nastavnik::preferences::Acceptability;
/// assert_eq!(Acceptability::default(), Acceptability::Mutual);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptability {
    /// A pair is acceptable only when both list each other (default).
    #[default]
    Mutual,
    /// A pair is acceptable when at least one lists the other; the other side ranks such
    /// partners together after everyone they listed.
    Either,
}

impl std::str::FromStr for Acceptability {
    type Err = Error;
    /// `mutual` or `either` (the Python keyword and the JSON field).
    ///
    /// ```
    /// use nastavnik::preferences::Acceptability;
    /// assert_eq!("either".parse::<Acceptability>().unwrap(), Acceptability::Either);
    /// assert!("any".parse::<Acceptability>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "mutual" => Ok(Acceptability::Mutual),
            "either" => Ok(Acceptability::Either),
            other => Err(Error::invalid(
                "acceptability",
                format!("must be \"mutual\" or \"either\", got {other:?}"),
            )),
        }
    }
}

fn check_u32(n: usize, what: &str) -> Result<()> {
    if n >= u32::MAX as usize {
        return Err(Error::invalid(
            what,
            format!("{n} is too many (at most {})", u32::MAX - 1),
        ));
    }
    Ok(())
}

fn check_entry(side: Side, a: usize, b: usize, n_targets: usize) -> Result<()> {
    if b >= n_targets {
        return Err(Error::invalid(
            "preference lists",
            format!(
                "{} {a} lists {} {b}, but there are only {n_targets} {}s",
                side.owner_label(),
                side.target_label(),
                side.target_label()
            ),
        ));
    }
    if side == Side::Peer && a == b {
        return Err(Error::invalid(
            "preference lists",
            format!("participant {a} lists themselves"),
        ));
    }
    Ok(())
}

fn check_square(side: Side, n: usize, m: usize, what: &str) -> Result<()> {
    if side == Side::Peer && n != m {
        return Err(Error::shape(
            format!("peer {what}"),
            format!("{n}x{n} (square)"),
            format!("{n}x{m}"),
        ));
    }
    Ok(())
}

/// NaN and `+inf` are errors; `-inf` marks an unacceptable pair. `transposed` reports the
/// position in the caller's (untransposed) layout.
fn check_scores<T: Real>(scores: ArrayView2<'_, T>, what: &str, transposed: bool) -> Result<()> {
    for ((r, c), &v) in scores.indexed_iter() {
        if v.is_nan() || v == T::infinity() {
            let (row, col) = if transposed { (c, r) } else { (r, c) };
            return Err(Error::NonFinite {
                what: what.to_string(),
                row,
                col,
                value: v.to_f64_lossy(),
            });
        }
    }
    Ok(())
}

fn same_shape(expected: (usize, usize), got: (usize, usize), what: &str) -> Result<()> {
    if expected != got {
        return Err(Error::shape(
            what,
            format!("{}x{} (mentees x mentors)", expected.0, expected.1),
            format!("{}x{}", got.0, got.1),
        ));
    }
    Ok(())
}

/// Row `a` of a matrix as a slice: borrowed when the row is contiguous (the usual C-ordered
/// input, so scans vectorise), copied otherwise.
fn row_slice<'m, T: Copy>(m: ArrayView2<'m, T>, a: usize) -> std::borrow::Cow<'m, [T]> {
    let row = m.index_axis_move(ndarray::Axis(0), a);
    match row.to_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(row.to_vec()),
    }
}
