//! Stopping HiGHS on time and on request: a HiGHS *interrupt callback* that asks the simplex,
//! interior-point and branch-and-cut loops to stop once the wall-clock deadline has passed or
//! the current [`crate::interrupt`] token is cancelled.
//!
//! HiGHS's own `time_limit` option is only checked between some phases (a root LP of tens of
//! thousands of columns ran for seconds past a 0.5 s limit); its interrupt callbacks are polled
//! every simplex iteration, IPM iteration and branch-and-bound node, so a stop request is seen
//! within one iteration. HiGHS then returns `ReachedInterrupt` with the best solution found.
//!
//! This is the only module of the crate with `unsafe` code: the callback is a C function
//! pointer registered through `highs-sys`, and its user data pointer is a [`Stop`] that lives
//! on the caller's stack for the whole solve.

#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void};
use std::time::Instant;

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

use crate::interrupt::Interrupt;

/// When to stop: a deadline and/or a cancellation token (captured from the calling thread,
/// since HiGHS may call back from its own worker threads).
#[derive(Debug)]
pub(crate) struct Stop {
    pub(crate) deadline: Option<Instant>,
    pub(crate) token: Option<Interrupt>,
}

impl Stop {
    /// Whether HiGHS should stop now.
    pub(crate) fn due(&self) -> bool {
        self.token.as_ref().is_some_and(Interrupt::is_cancelled)
            || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Whether the stop was requested by the token (as opposed to the deadline).
    pub(crate) fn cancelled(&self) -> bool {
        self.token.as_ref().is_some_and(Interrupt::is_cancelled)
    }
}

/// The C callback: sets `user_interrupt` when the [`Stop`] behind `user` is due. Never panics
/// (a panic must not unwind into C++).
extern "C" fn on_poll(
    _kind: c_int,
    _message: *const c_char,
    _out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    if data_in.is_null() || user.is_null() {
        return;
    }
    // On the thread that owns the token this also runs its poll hook (Python's signal
    // handlers); elsewhere it only reads the flag.
    let polled = std::panic::catch_unwind(crate::interrupt::is_interrupted).unwrap_or(false);
    // SAFETY: `user` is the `&Stop` registered by `install`, which outlives the solve (the
    // caller keeps it borrowed until `try_solve` has returned); `data_in` is non-null and
    // points to HiGHS's input struct for this call, which we may write.
    unsafe {
        let stop = &*(user as *const Stop);
        if polled || stop.due() {
            (*data_in).user_interrupt = 1;
        }
    }
}

/// Register [`on_poll`] on the HiGHS instance `highs` (from `highs::Model::as_mut_ptr`) for the
/// simplex, IPM and MIP interrupt callbacks. Returns `false` when HiGHS refused (the solve then
/// relies on its `time_limit` option alone).
///
/// The caller must keep `stop` alive and unmoved until the solve has returned.
pub(crate) fn install(highs: *mut c_void, stop: &Stop) -> bool {
    if highs.is_null() {
        return false;
    }
    let user = stop as *const Stop as *mut c_void;
    // SAFETY: `highs` is a live HiGHS instance owned by the caller's `highs::Model`; the
    // callback is a plain `extern "C"` function and `user` outlives the solve (see above).
    unsafe {
        if highs_sys::Highs_setCallback(highs, Some(on_poll), user) < 0 {
            return false;
        }
        let mut ok = true;
        for kind in [
            highs_sys::kHighsCallbackSimplexInterrupt,
            highs_sys::kHighsCallbackIpmInterrupt,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            ok &= highs_sys::Highs_startCallback(highs, kind) >= 0;
        }
        ok
    }
}
