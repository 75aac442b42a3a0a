//! The soft objective of a standing schedule, term by term.
//!
//! Terms, in this order:
//!
//! 1. `preferences`: one match per (placed unit, member) whose preference weight for the start
//!    slot is non-zero, valued at that weight;
//! 2. `in_person`: one match per in-person meeting, valued at the in-person weight (absent
//!    when the weight is 0);
//! 3. `spread`: one match per (person, day) with `k ≥ 2` meetings starting that day, valued at
//!    `−spread_weight · (k − 1)`.
//!
//! Each term's total is the sum of its matches in order, and the objective is the sum of the
//! totals in order: the breakdown adds up to [`StandingSolution::objective`] exactly (it is how
//! the objective is computed). `O(Σ|u| + P · D)`.
//!
//! # Examples
//! ```
//! use nastavnik::{availability::Grid, schedule::*};
//! let p = StandingProblem::new(Grid::new(1, 600, 60, 2)?,
//!     vec![Person::new("t").with_preferred(0, 1.0), Person::new("a"), Person::new("b")],
//!     vec![Unit::new("1", ["t", "a"]), Unit::new("2", ["t", "b"])], vec![])?;
//! let s = solve_standing(&p, &StandingOptions::default().with_spread_weight(0.25))?;
//! let b = s.breakdown(&p);
//! assert_eq!(b.terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["preferences", "spread"]);
//! assert_eq!(b.objective, 1.0 - 0.25);
//! assert_eq!(b.objective, s.objective());
//! # Ok::<(), nastavnik::Error>(())
//! ```
//!
//! [`StandingSolution::objective`]: crate::schedule::StandingSolution::objective

use serde::{Deserialize, Serialize};

use crate::cohort::Mode;
use crate::schedule::standing::{Placement, StandingOptions};
use crate::schedule::units::StandingProblem;

/// One contribution to a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TermMatch {
    /// Unit id, when the match is about one unit.
    pub unit: Option<String>,
    /// Person id, when about one person.
    pub person: Option<String>,
    /// Grid slot (preferences) or weekday (spread).
    pub at: Option<usize>,
    /// The contribution.
    pub value: f64,
}

/// A soft term: name, total and matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Term {
    /// `preferences`, `in_person` or `spread`.
    pub name: String,
    /// Sum of the matches' values, in order.
    pub total: f64,
    /// The contributions.
    pub matches: Vec<TermMatch>,
}

/// All soft terms and their sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Breakdown {
    /// Terms with at least one match (or the preferences term, always present).
    pub terms: Vec<Term>,
    /// Sum of the terms' totals, in order.
    pub objective: f64,
}

fn term(name: &str, matches: Vec<TermMatch>) -> Term {
    let total = matches.iter().fold(0.0, |a, m| a + m.value);
    Term {
        name: name.to_string(),
        total,
        matches,
    }
}

/// The breakdown of `placements` (one per unit of `p`) under the weights of `o`.
pub(crate) fn compute(
    p: &StandingProblem,
    placements: &[Option<Placement>],
    o: &StandingOptions,
) -> Breakdown {
    let mut prefs = Vec::new();
    let mut in_person = Vec::new();
    let mut per_day = vec![vec![0u32; p.grid.days()]; p.people.len()];
    for pl in placements.iter().flatten() {
        for &q in &p.members[pl.unit] {
            let w = p.preference(q, pl.slot);
            if w != 0.0 {
                prefs.push(TermMatch {
                    unit: Some(pl.unit_id.clone()),
                    person: Some(p.people[q].id.clone()),
                    at: Some(pl.slot),
                    value: w,
                });
            }
            per_day[q][pl.day] += 1;
        }
        if pl.mode == Mode::InPerson && o.in_person_weight != 0.0 {
            in_person.push(TermMatch {
                unit: Some(pl.unit_id.clone()),
                person: None,
                at: Some(pl.slot),
                value: o.in_person_weight,
            });
        }
    }
    let mut spread = Vec::new();
    if o.spread_weight > 0.0 {
        for (q, days) in per_day.iter().enumerate() {
            for (d, &k) in days.iter().enumerate() {
                if k >= 2 {
                    spread.push(TermMatch {
                        unit: None,
                        person: Some(p.people[q].id.clone()),
                        at: Some(d),
                        value: -o.spread_weight * f64::from(k - 1),
                    });
                }
            }
        }
    }
    let mut terms = vec![term("preferences", prefs)];
    if !in_person.is_empty() {
        terms.push(term("in_person", in_person));
    }
    if !spread.is_empty() {
        terms.push(term("spread", spread));
    }
    let objective = terms.iter().fold(0.0, |a, t| a + t.total);
    Breakdown { terms, objective }
}
