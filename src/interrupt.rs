//! Cooperative cancellation of long computations (Ctrl-C, an external stop button).
//!
//! # Problem
//! A solve of a large or adversarial instance can run for seconds or minutes. The caller (the
//! Python binding on `KeyboardInterrupt`, a GUI, a server with a request timeout) must be able to
//! stop it cleanly: no abort, no leaked thread, a typed error instead of a half-built result.
//!
//! # Design
//! An [`Interrupt`] is a cheap shared flag (an `Arc<AtomicBool>`). [`Interrupt::run`] installs it
//! as the *current* token of the calling thread for the duration of a closure; long loops of the
//! core (augmentations of the dense and sparse assignment solvers, the min-cost flow of groups,
//! blossom rounds of peer matching, HiGHS through its interrupt callbacks in [`crate::lp`]) call
//! [`check`] once per augmentation or round and return [`Error::Interrupted`] once the flag is
//! set. Another thread calls [`Interrupt::cancel`]; or [`Interrupt::run_polled`] adds a *poll
//! hook* that [`check`] calls on the working thread at most once per interval of wall-clock time
//! (the Python binding polls Python's signal handlers this way, so Ctrl-C needs no extra thread).
//!
//! # Guarantees
//! * Without a current token, or while it is not cancelled, [`check`] returns `Ok(())` and
//!   results are bit-for-bit those of an uninterrupted run: the flag is only read, never used to
//!   change a computation.
//! * After [`Interrupt::cancel`], every solver that checks returns [`Error::Interrupted`] within
//!   one check interval (one augmentation: at most `O(n·m)` work for an `n × m` dense problem).
//! * Tokens are per thread (nested [`Interrupt::run`] calls restore the outer token); work that
//!   the core hands to its own worker threads checks in the sequential driver loop.
//!
//! # Complexity
//! [`check`] is a thread-local read and one relaxed atomic load (plus one clock read with a poll
//! hook): tens of nanoseconds. The hook runs at most once per interval, never in the first one,
//! so short calls never run it.
//!
//! # Examples
//! ```
//! use nastavnik::interrupt::{self, Interrupt};
//! let token = Interrupt::new();
//! assert!(token.run(interrupt::check).is_ok());
//! token.cancel();
//! let e = token.run(interrupt::check).unwrap_err();
//! assert_eq!(e.kind(), nastavnik::ErrorKind::Interrupted);
//! assert!(interrupt::check().is_ok()); // no token outside `run`
//! ```

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// A poll hook: `true` asks to stop.
type Hook = Box<dyn FnMut() -> bool>;

/// The token installed on a thread, with its optional poll hook.
struct Current {
    flag: Arc<AtomicBool>,
    /// `None` while the hook runs (so that a hook may itself call into the core).
    hook: Option<Hook>,
    every: Duration,
    next: Option<Instant>,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// A cancellation flag shared between the thread doing the work and the one stopping it.
///
/// Clones share the flag.
///
/// ```
/// let a = nastavnik::interrupt::Interrupt::new();
/// let b = a.clone();
/// b.cancel();
/// assert!(a.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    flag: Arc<AtomicBool>,
}

impl Interrupt {
    /// A fresh, not cancelled token.
    ///
    /// ```
    /// assert!(!nastavnik::interrupt::Interrupt::new().is_cancelled());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask every computation running under this token to stop.
    ///
    /// ```
    /// let t = nastavnik::interrupt::Interrupt::new();
    /// t.cancel();
    /// assert!(t.is_cancelled());
    /// ```
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    ///
    /// ```
    /// assert!(!nastavnik::interrupt::Interrupt::new().is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Run `f` on this thread with this token as the current one (the previous token, if any,
    /// is restored afterwards, also when `f` panics).
    ///
    /// ```
    /// use nastavnik::interrupt::{self, Interrupt};
    /// let t = Interrupt::new();
    /// assert!(t.run(|| { t.cancel(); interrupt::is_interrupted() }));
    /// ```
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        self.install(None, Duration::MAX, f)
    }

    /// Like [`run`](Self::run), and [`check`] on this thread also calls `poll` at most once per
    /// `every` of wall-clock time (never during the first `every`); when `poll` returns `true`
    /// the token is cancelled. A panicking `poll` counts as `false`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use nastavnik::interrupt::{self, Interrupt};
    /// let t = Interrupt::new();
    /// let stopped = t.run_polled(|| true, Duration::ZERO, || {
    ///     std::thread::sleep(Duration::from_millis(1));
    ///     interrupt::check()
    /// });
    /// assert!(stopped.is_err() && t.is_cancelled());
    /// ```
    pub fn run_polled<R>(
        &self,
        poll: impl FnMut() -> bool + 'static,
        every: Duration,
        f: impl FnOnce() -> R,
    ) -> R {
        self.install(Some(Box::new(poll)), every, f)
    }

    fn install<R>(&self, hook: Option<Hook>, every: Duration, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<Current>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let prev = self.0.take();
                CURRENT.with_borrow_mut(|c| *c = prev);
            }
        }
        let next = if hook.is_some() {
            Instant::now().checked_add(every)
        } else {
            None
        };
        let cur = Current {
            flag: Arc::clone(&self.flag),
            hook,
            every,
            next,
        };
        let prev = CURRENT.with_borrow_mut(|c| c.replace(cur));
        let _restore = Restore(prev);
        f()
    }
}

/// The current thread's token, if [`Interrupt::run`] installed one (for handing it to other
/// threads, e.g. a solver callback).
///
/// ```
/// use nastavnik::interrupt::{self, Interrupt};
/// assert!(interrupt::current().is_none());
/// let t = Interrupt::new();
/// t.run(|| interrupt::current().unwrap().cancel());
/// assert!(t.is_cancelled());
/// ```
pub fn current() -> Option<Interrupt> {
    CURRENT.with_borrow(|c| {
        c.as_ref().map(|cur| Interrupt {
            flag: Arc::clone(&cur.flag),
        })
    })
}

/// Whether the current thread's token (if any) is cancelled.
///
/// ```
/// assert!(!nastavnik::interrupt::is_interrupted());
/// ```
pub fn is_interrupted() -> bool {
    // Take the hook out while it runs: it may call into the core (which checks again).
    let due = CURRENT.with_borrow_mut(|c| {
        let cur = c.as_mut()?;
        if cur.flag.load(Ordering::Relaxed) {
            return Some(None);
        }
        let next = cur.next?;
        let now = Instant::now();
        if now < next || cur.hook.is_none() {
            return None;
        }
        cur.next = now.checked_add(cur.every);
        Some(cur.hook.take())
    });
    let hook = match due {
        None => return false,
        Some(None) => return true,
        Some(Some(h)) => h,
    };
    let mut hook = hook;
    let stop = catch_unwind(AssertUnwindSafe(&mut hook)).unwrap_or(false);
    CURRENT.with_borrow_mut(|c| {
        if let Some(cur) = c.as_mut() {
            cur.hook = Some(hook);
            if stop {
                cur.flag.store(true, Ordering::Relaxed);
            }
            cur.flag.load(Ordering::Relaxed)
        } else {
            stop
        }
    })
}

/// `Err(Error::Interrupted)` when the current thread's token is cancelled, else `Ok(())`.
///
/// # Errors
/// [`Error::Interrupted`] after a cancellation request.
///
/// ```
/// assert!(nastavnik::interrupt::check().is_ok());
/// ```
pub fn check() -> Result<()> {
    if is_interrupted() {
        Err(interrupted())
    } else {
        Ok(())
    }
}

/// The error returned by a computation stopped by its token.
///
/// ```
/// let e = nastavnik::interrupt::interrupted();
/// assert_eq!(e.kind(), nastavnik::ErrorKind::Interrupted);
/// ```
pub fn interrupted() -> Error {
    Error::Interrupted {
        message: "the computation was stopped by a cancellation request (Ctrl-C)".to_string(),
    }
}
