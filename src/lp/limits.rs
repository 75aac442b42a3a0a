//! Time limits and relative gaps of a HiGHS solve, shared by every model built on
//! [`crate::lp`] (the assignment MIP and the standing-slot scheduler).
//!
//! # Contract
//! * [`check_limits`]: a time limit must be a positive finite number of seconds and a relative
//!   gap a finite number `>= 0`; the error names the option as the caller's users know it.
//! * [`deadline_after`]: the wall-clock instant a time limit ends (limits above 10⁹ s are
//!   treated as 10⁹ s; `None` without a limit or when the instant cannot be represented).
//!
//! Both are `O(1)`.
//!
//! ```
//! use nastavnik::lp::{check_limits, deadline_after};
//! assert!(check_limits(Some(1.0), Some(0.01), "gap").is_ok());
//! assert!(check_limits(Some(0.0), None, "gap").unwrap_err().to_string().contains("time limit"));
//! assert!(deadline_after(std::time::Instant::now(), None).is_none());
//! ```

use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Check a time limit (positive finite seconds) and a relative gap (finite, `>= 0`); the gap's
/// error names it `gap_name`.
///
/// # Errors
/// [`Error::InvalidValue`] naming `time limit` or `gap_name` with the offending value.
///
/// ```
/// use nastavnik::lp::check_limits;
/// assert!(check_limits(None, None, "gap").is_ok());
/// let e = check_limits(None, Some(-1.0), "relative gap").unwrap_err();
/// assert!(e.to_string().contains("relative gap"));
/// assert!(check_limits(Some(f64::NAN), None, "gap").is_err());
/// ```
pub fn check_limits(time_limit: Option<f64>, gap: Option<f64>, gap_name: &str) -> Result<()> {
    if let Some(t) = time_limit
        && !(t > 0.0 && t.is_finite())
    {
        return Err(Error::invalid(
            "time limit",
            format!("must be a positive number of seconds, got {t}"),
        ));
    }
    if let Some(g) = gap
        && !(g >= 0.0 && g.is_finite())
    {
        return Err(Error::invalid(
            gap_name,
            format!("must be finite and >= 0, got {g}"),
        ));
    }
    Ok(())
}

/// The instant `seconds` after `start` (at most 10⁹ s); `None` without a limit or when the
/// instant does not fit.
///
/// ```
/// use std::time::{Duration, Instant};
/// let t0 = Instant::now();
/// assert_eq!(nastavnik::lp::deadline_after(t0, Some(2.0)), Some(t0 + Duration::from_secs(2)));
/// ```
pub fn deadline_after(start: Instant, seconds: Option<f64>) -> Option<Instant> {
    seconds.and_then(|t| start.checked_add(Duration::from_secs_f64(t.min(1e9))))
}
