//! Forming pairs and groups from a score matrix.
//!
//! Every solver takes scores to **maximise**, laid out mentees × mentors. A score of `-inf` marks a
//! forbidden pair (as in [`crate::scoring::ScoreMatrix::masked_scores`]); NaN and `+inf` are errors.
//! Every mentee–mentor solver returns one [`Assignment`]; peer (mutual-format) solvers return a
//! [`PeerMatching`].
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Assignment, SolveStatus};
//! let a = Assignment::from_mentor_of(&[Some(1), None, Some(0)], 2, 3.5, SolveStatus::Optimal).unwrap();
//! assert_eq!(a.mentor_of(), vec![Some(1), None, Some(0)]);
//! assert_eq!(a.mentees_of(), vec![vec![2], vec![0]]);
//! assert_eq!(a.n_matched(), 2);
//! ```

pub mod assignment;
pub mod baseline;
pub mod batch;
pub mod blossom;
pub mod fair;
pub mod flow;
pub mod incremental;
pub mod lap;
#[cfg(feature = "highs")]
pub mod mip;
pub mod options;
pub mod problem;
pub mod reject;
pub mod roommates;
pub mod solution;
pub mod sparse;
pub mod stable;
pub mod strategy;

pub use assignment::{Assignment, PeerMatching, SolveStatus, validate_scores};
pub use baseline::{solve_greedy, solve_random};
pub use batch::solve_dense_batch;
pub use blossom::{PeerObjective, PeerOptions, solve_peers};
pub use fair::{Objective, bottleneck_value, max_cardinality, solve_fair};
pub use flow::{GroupOptions, solve_groups};
pub use incremental::{ChangeReport, RematchOptions, rematch};
pub use lap::{Duals, LapOptions, solve_dense, solve_dense_with_duals};
pub use problem::{Problem, Scores};
pub use roommates::{RoommatesOutcome, peer_blocking_pairs, peer_rank_stats, stable_roommates};
pub use solution::Solution;
pub use sparse::{solve_sparse, solve_sparse_with_duals};
pub use stable::{Proposer, RankStats, StableOptions, blocking_pairs, rank_stats, stable_matching};
pub use strategy::Strategy;
