//! Builder-style `with_*` setters for the solvers' options structs, so that callers write
//! `LapOptions::default().with_reject_score(0.5)` instead of struct literals (which break when a
//! field is added). Each setter consumes and returns the options; defaults are those of
//! `Default`.
//!
//! # Examples
//! ```
//! use nastavnik::assign::{GroupOptions, LapOptions, StableOptions, Proposer};
//! let lap = LapOptions::default().with_reject_score(0.2);
//! assert_eq!(lap.reject_score, Some(0.2));
//! let g = GroupOptions::with_max_load(vec![2, 2]).with_min_load(vec![1, 0]).with_reject_score(0.0);
//! assert_eq!((g.min_load, g.reject_score), (vec![1, 0], Some(0.0)));
//! let s = StableOptions::default().with_proposer(Proposer::Mentors).with_seed(3);
//! assert_eq!((s.proposer, s.seed), (Proposer::Mentors, 3));
//! ```

use crate::assign::blossom::{PeerObjective, PeerOptions};
use crate::assign::flow::GroupOptions;
use crate::assign::incremental::RematchOptions;
use crate::assign::lap::LapOptions;
use crate::assign::stable::{Proposer, StableOptions};

impl LapOptions {
    /// Allow unmatched mentees with this gain each (see [`LapOptions::reject_score`]).
    ///
    /// ```
    /// use nastavnik::assign::LapOptions;
    /// assert_eq!(LapOptions::default().with_reject_score(1.0).reject_score, Some(1.0));
    /// ```
    pub fn with_reject_score(mut self, reject_score: impl Into<Option<f64>>) -> Self {
        self.reject_score = reject_score.into();
        self
    }
}

impl GroupOptions {
    /// Minimum number of mentees of each mentor.
    ///
    /// ```
    /// use nastavnik::assign::GroupOptions;
    /// assert_eq!(GroupOptions::default().with_min_load(vec![1]).min_load, vec![1]);
    /// ```
    pub fn with_min_load(mut self, min_load: Vec<u32>) -> Self {
        self.min_load = min_load;
        self
    }

    /// Exact number of mentors of each mentee (the team size).
    ///
    /// ```
    /// use nastavnik::assign::GroupOptions;
    /// assert_eq!(GroupOptions::default().with_team_size(vec![2]).team_size, vec![2]);
    /// ```
    pub fn with_team_size(mut self, team_size: Vec<u32>) -> Self {
        self.team_size = team_size;
        self
    }

    /// Allow empty mentor slots with this gain each.
    ///
    /// ```
    /// use nastavnik::assign::GroupOptions;
    /// assert_eq!(GroupOptions::default().with_reject_score(0.0).reject_score, Some(0.0));
    /// ```
    pub fn with_reject_score(mut self, reject_score: impl Into<Option<f64>>) -> Self {
        self.reject_score = reject_score.into();
        self
    }
}

impl PeerOptions {
    /// What to optimise.
    ///
    /// ```
    /// use nastavnik::assign::{PeerObjective, PeerOptions};
    /// let o = PeerOptions::default().with_objective(PeerObjective::MaxCardinality);
    /// assert_eq!(o.objective, PeerObjective::MaxCardinality);
    /// ```
    pub fn with_objective(mut self, objective: PeerObjective) -> Self {
        self.objective = objective;
        self
    }

    /// Do not use pairs whose weight is below this threshold.
    ///
    /// ```
    /// use nastavnik::assign::PeerOptions;
    /// assert_eq!(PeerOptions::default().with_reject_below(0.5).reject_below, Some(0.5));
    /// ```
    pub fn with_reject_below(mut self, threshold: impl Into<Option<f64>>) -> Self {
        self.reject_below = threshold.into();
        self
    }
}

impl StableOptions {
    /// The proposing side.
    ///
    /// ```
    /// use nastavnik::assign::{Proposer, StableOptions};
    /// assert_eq!(StableOptions::default().with_proposer(Proposer::Mentors).proposer, Proposer::Mentors);
    /// ```
    pub fn with_proposer(mut self, proposer: Proposer) -> Self {
        self.proposer = proposer;
        self
    }

    /// The tie-breaking seed (default 0).
    ///
    /// ```
    /// use nastavnik::assign::StableOptions;
    /// assert_eq!(StableOptions::default().with_seed(9).seed, 9);
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

impl RematchOptions {
    /// Previous mentor of each mentee (`None` when none).
    ///
    /// ```
    /// use nastavnik::assign::RematchOptions;
    /// assert_eq!(RematchOptions::default().with_previous(vec![Some(0)]).previous, vec![Some(0)]);
    /// ```
    pub fn with_previous(mut self, previous: Vec<Option<usize>>) -> Self {
        self.previous = previous;
        self
    }

    /// Pairs that must be in the answer (the contract's `required`).
    ///
    /// ```
    /// use nastavnik::assign::RematchOptions;
    /// assert_eq!(RematchOptions::default().with_required(vec![(0, 1)]).required, vec![(0, 1)]);
    /// ```
    pub fn with_required(mut self, pairs: Vec<(usize, usize)>) -> Self {
        self.required = pairs;
        self
    }

    /// Pairs that must not be in the answer (the contract's `forbidden`).
    ///
    /// ```
    /// use nastavnik::assign::RematchOptions;
    /// assert_eq!(RematchOptions::default().with_forbidden(vec![(0, 1)]).forbidden, vec![(0, 1)]);
    /// ```
    pub fn with_forbidden(mut self, pairs: Vec<(usize, usize)>) -> Self {
        self.forbidden = pairs;
        self
    }

    /// Gain per kept previous pair.
    ///
    /// ```
    /// use nastavnik::assign::RematchOptions;
    /// assert_eq!(RematchOptions::default().with_keep_bonus(0.5).keep_bonus, Some(0.5));
    /// ```
    pub fn with_keep_bonus(mut self, bonus: impl Into<Option<f64>>) -> Self {
        self.keep_bonus = bonus.into();
        self
    }

    /// Group format: maximum number of mentees of each mentor.
    ///
    /// ```
    /// use nastavnik::assign::RematchOptions;
    /// assert_eq!(RematchOptions::default().with_max_load(vec![2]).max_load, Some(vec![2]));
    /// ```
    pub fn with_max_load(mut self, max_load: impl Into<Option<Vec<u32>>>) -> Self {
        self.max_load = max_load.into();
        self
    }
}
