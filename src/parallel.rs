//! Local thread pools with a caller-set thread count.
//!
//! # Contract
//! * Problem: run a computation that uses rayon internally on exactly `n` worker threads
//!   chosen by the caller (a notebook sharing a machine, a server with its own budget), without
//!   touching rayon's global pool.
//! * Algorithm: `None` runs on the global pool; `Some(n)` builds a local
//!   [`rayon::ThreadPool`] of `n` threads and runs the computation inside it
//!   ([`rayon::ThreadPool::install`]), so every nested `par_iter` uses those threads.
//! * Guarantees: the crate's parallel code splits work by rows and combines results in row order
//!   (no parallel float reductions whose order depends on the thread count), so the result of a
//!   computation does not depend on `n`. Bad counts are an [`Error`], never a panic.
//! * Complexity: building a pool costs one thread spawn per worker (tens of microseconds each),
//!   negligible next to the work it is meant for.
//!
//! # Examples
//! ```
//! use rayon::prelude::*;
//! let sum = nastavnik::parallel::install(Some(2), || (0..1000u64).into_par_iter().sum::<u64>()).unwrap();
//! assert_eq!(sum, 499_500);
//! assert_eq!(nastavnik::parallel::install(Some(2), rayon::current_num_threads).unwrap(), 2);
//! ```

use crate::error::{Error, Result};

/// The largest thread count accepted (more is certainly a mistake, e.g. `-1` cast to unsigned).
pub const MAX_THREADS: usize = 1024;

/// Run `f` on `threads` worker threads (`None`: rayon's global pool).
///
/// # Errors
/// [`Error::InvalidValue`] for `Some(0)` or more than [`MAX_THREADS`] threads, or when the
/// operating system refuses to start the threads.
///
/// ```
/// assert!(nastavnik::parallel::install(Some(0), || ()).is_err());
/// assert_eq!(nastavnik::parallel::install(None, || 7).unwrap(), 7);
/// ```
pub fn install<R: Send>(threads: Option<usize>, f: impl FnOnce() -> R + Send) -> Result<R> {
    let Some(n) = threads else {
        return Ok(f());
    };
    if n == 0 || n > MAX_THREADS {
        return Err(Error::invalid(
            "threads",
            format!("must lie in [1, {MAX_THREADS}], got {n}"),
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::invalid("threads", format!("cannot start {n} threads: {e}")))?;
    // The caller's cancellation token follows the work onto the pool's thread (the checks of
    // the core read the token of the thread they run on).
    let token = crate::interrupt::current();
    Ok(pool.install(move || match token {
        Some(t) => t.run(f),
        None => f(),
    }))
}
