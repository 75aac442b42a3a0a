//! What a [`Strategy`](crate::assign::Strategy) returns: [`Solution`].
//!
//! # Words (one meaning each, the same in Rust and Python)
//! | word | meaning |
//! |---|---|
//! | `total` | the sum of the chosen pairs' scores in the [`Problem`](crate::assign::Problem) (NaN when the problem has no scores, e.g. built from preferences alone) |
//! | `n_pairs` | the number of chosen pairs |
//! | `objective` | the value the solver optimised (e.g. `total` plus the reject gains), `None` for solvers that optimise no single number (stable, greedy, random, fair `max_min`/`coverage`) |
//! | `status` | one of [`SolveStatus::NAMES`]: optimal, stable, feasible, time_limit, gap_limit, partial |
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Problem, Strategy};
//! let p = Problem::new(ndarray::array![[3.0, 1.0], [2.0, 0.5]])?.with_reject_score(1.0)?;
//! let s = Strategy::Lap.solve(&p)?;
//! assert_eq!(s.pairs(), &[(0, 0)]);
//! assert_eq!(s.total(), 3.0); // only the chosen pair's score
//! assert_eq!(s.objective(), Some(4.0)); // plus the reject gain of mentee 1
//! assert_eq!(s.status().as_str(), "optimal");
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assign::{Assignment, SolveStatus, Strategy};

/// The answer of a [`Strategy`] on a [`Problem`](crate::assign::Problem); see the
/// [module documentation](self) for the meaning of each word.
///
/// ```
/// use nastavnik::assign::{Problem, Strategy};
/// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap()
///     .with_ids(vec!["ann".into()], vec!["kim".into(), "lee".into()]).unwrap();
/// let s = Strategy::Greedy.solve(&p).unwrap();
/// assert_eq!(s.assignment().labelled_pairs(), vec![("ann".into(), "lee".into())]);
/// assert!(s.to_string().starts_with("greedy: 1 pairs"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    assignment: Assignment,
    objective: Option<f64>,
    strategy: Strategy,
}

impl Solution {
    /// Rebuild a solution from its parts (used to unpickle a Python `Solution`): an
    /// already validated assignment, the objective value if any, and the strategy that produced it.
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, Solution, SolveStatus, Strategy};
    /// let a = Assignment::new(1, 1, vec![(0, 0)], 0.5, SolveStatus::Optimal)?;
    /// let s = Solution::from_parts(a, Some(0.5), Strategy::Greedy);
    /// assert_eq!((s.n_pairs(), s.objective()), (1, Some(0.5)));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_parts(assignment: Assignment, objective: Option<f64>, strategy: Strategy) -> Self {
        Self::new(assignment, objective, strategy)
    }

    pub(crate) fn new(assignment: Assignment, objective: Option<f64>, strategy: Strategy) -> Self {
        Self {
            assignment,
            objective,
            strategy,
        }
    }

    /// The pairs with ids; its `total()` is this solution's [`total`](Self::total).
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Lap.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.assignment().mentor_of(), vec![Some(0)]);
    /// ```
    pub fn assignment(&self) -> &Assignment {
        &self.assignment
    }

    /// Take the assignment out.
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Lap.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.into_assignment().n_pairs(), 1);
    /// ```
    pub fn into_assignment(self) -> Assignment {
        self.assignment
    }

    /// The `(mentee, mentor)` pairs, sorted (for peers: `(i, j)` with `i < j`, both pool rows).
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Lap.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.pairs(), &[(0, 0)]);
    /// ```
    pub fn pairs(&self) -> &[(usize, usize)] {
        self.assignment.pairs()
    }

    /// Number of pairs.
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Lap.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.n_pairs(), 1);
    /// ```
    pub fn n_pairs(&self) -> usize {
        self.assignment.n_pairs()
    }

    /// Sum of the chosen pairs' scores (NaN when the problem has no scores).
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Lap.solve(&Problem::new(ndarray::array![[1.5]]).unwrap()).unwrap();
    /// assert_eq!(s.total(), 1.5);
    /// ```
    pub fn total(&self) -> f64 {
        self.assignment.total()
    }

    /// What the solver optimised, `None` when it optimises no number.
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let p = Problem::new(ndarray::array![[1.5]]).unwrap();
    /// assert_eq!(Strategy::Random { seed: 0 }.solve(&p).unwrap().objective(), None);
    /// ```
    pub fn objective(&self) -> Option<f64> {
        self.objective
    }

    /// The status (see [`SolveStatus`]).
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, SolveStatus, Strategy};
    /// let s = Strategy::Greedy.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.status(), SolveStatus::Feasible { gap: None });
    /// ```
    pub fn status(&self) -> SolveStatus {
        self.assignment.status()
    }

    /// The strategy that produced this solution.
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Strategy};
    /// let s = Strategy::Greedy.solve(&Problem::new(ndarray::array![[1.0]]).unwrap()).unwrap();
    /// assert_eq!(s.strategy(), &Strategy::Greedy);
    /// ```
    pub fn strategy(&self) -> &Strategy {
        &self.strategy
    }
}

impl fmt::Display for Solution {
    /// `solver: N pairs, total T, objective O, status S`, then one pair per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} pairs, total {}",
            self.strategy.name(),
            self.n_pairs(),
            self.total()
        )?;
        if let Some(o) = self.objective {
            write!(f, ", objective {o}")?;
        }
        write!(f, ", status {}", self.status())?;
        for (e, m) in self.assignment.labelled_pairs() {
            write!(f, "\n  {e} -> {m}")?;
        }
        Ok(())
    }
}
