//! Day numbers: civil dates as consecutive integers (days since 1970-01-01), for fast date
//! arithmetic in the expansion (Howard Hinnant's `days_from_civil`, proleptic Gregorian).
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::days::{day_number, from_day_number, weekday};
//! let d = jiff::civil::date(2024, 9, 2);
//! let n = day_number(d);
//! assert_eq!(from_day_number(n + 1), jiff::civil::date(2024, 9, 3));
//! assert_eq!(weekday(n), 0); // a Monday
//! ```

use jiff::civil::Date;

/// Days since 1970-01-01 (negative before).
///
/// ```
/// assert_eq!(nastavnik::schedule::calendar::days::day_number(jiff::civil::date(1970, 1, 2)), 1);
/// ```
pub fn day_number(d: Date) -> i32 {
    let (y, m, dd) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`day_number`]); clamped to jiff's supported range.
///
/// ```
/// use nastavnik::schedule::calendar::days::{day_number, from_day_number};
/// let d = jiff::civil::date(2027, 2, 28);
/// assert_eq!(from_day_number(day_number(d)), d);
/// ```
pub fn from_day_number(n: i32) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    let y = y.clamp(-9999, 9999) as i16;
    Date::new(y, m as i8, d as i8).unwrap_or(Date::MIN)
}

/// Weekday of a day number, 0 = Monday … 6 = Sunday.
///
/// ```
/// assert_eq!(nastavnik::schedule::calendar::days::weekday(0), 3); // 1970-01-01 was a Thursday
/// ```
pub fn weekday(n: i32) -> u8 {
    (n + 3).rem_euclid(7) as u8
}
