//! Scoring mentor–mentee pairs.
//!
//! Two families of scores, both mentees × mentors, higher = better:
//!
//! * **Vector kernels** on feature matrices ([`similarity()`], [`cosine`], [`dot`], [`rbf`],
//!   [`weighted_euclidean`], [`jaccard`]), `f32` or `f64`, for analysts who bring their own
//!   embeddings or use [`Schema::encode_features`](crate::questionnaire::Schema::encode_features).
//! * **The mixed-schema score** ([`Scorer`]): questionnaire answers compared question by question
//!   (similarity, complementarity, exact match, numeric window), blended by weight (Gower's
//!   coefficient), with hard rules marking forbidden pairs `-inf`, and a per-pair [`Explanation`].
//!
//! Both have a streaming top-k generator ([`top_k`], [`Scorer::top_k`]) that returns sparse
//! [`Candidates`] without materialising the dense matrix, for district and regional cohorts.
//!
//! # Examples
//! ```
//! use ndarray::array;
//! use nastavnik::scoring::{cosine, top_k, Kernel};
//! let mentees = array![[1.0f32, 0.0], [0.6, 0.8]];
//! let mentors = array![[1.0f32, 0.0], [0.0, 1.0]];
//! let dense = cosine(mentees.view(), mentors.view())?;
//! let best = top_k(mentees.view(), mentors.view(), 1, &Kernel::Cosine)?;
//! assert_eq!(best.row(1).0, &[1]);
//! assert!((dense[[1, 1]] - 0.8).abs() < 1e-6);
//! # Ok::<(), nastavnik::Error>(())
//! ```

mod buffer;
mod candidates;
pub mod fastexp;
#[doc(hidden)]
pub mod gemm;
mod mixed;
mod robust;
mod similarity;
mod topk;

pub use candidates::Candidates;
pub use mixed::{Contribution, Explanation, Reason, ScoreMatrix, Scorer};
pub use similarity::{
    Kernel, cosine, dot, jaccard, rbf, similarity, similarity_into, weighted_euclidean,
    weighted_euclidean_into,
};
pub use topk::top_k;
