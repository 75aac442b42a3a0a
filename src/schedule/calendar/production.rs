//! The Russian production calendar (производственный календарь) as bundled data.
//!
//! # Contract
//! For every covered year the table lists the **non-working days that fall outside the regular
//! weekend rules**: the public holidays of Labour Code art. 112 (1–8 January, 7 January,
//! 23 February, 8 March, 1 May, 9 May, 12 June, 4 November), the days off a holiday on a weekend
//! moves to (art. 112 part 2), and the days off transferred by the government's decree of that
//! year, plus the **working weekend days** the decree creates (e.g. a working Saturday). Holidays
//! that fall on a weekend are listed too (they are non-working either way).
//!
//! Sources (one decree per year, "О переносе выходных дней в N году"):
//! * 2024: Постановление Правительства РФ от 10.08.2023 № 1314;
//! * 2025: Постановление Правительства РФ от 04.10.2024 № 1335;
//! * 2026: Постановление Правительства РФ от 24.09.2025 № 1466;
//! * 2027: Постановление Правительства РФ о переносе выходных дней в 2027 году (September 2026,
//!   КонсультантПлюс document LAW_544706).
//!
//! The table is checked against the Python `holidays` package (country `RU`) in the test suite.
//!
//! # Complexity
//! Lookups scan a table of about 20 entries per year.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::calendar::production;
//! let y = production::year(2025).unwrap();
//! assert!(y.days_off.contains(&(5, 2)));          // 2 May 2025, moved from 4 January
//! assert!(y.working_days.contains(&(11, 1)));     // Saturday 1 November 2025 is a working day
//! assert!(production::year(1999).is_none());
//! ```

/// One year of the production calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductionYear {
    /// The calendar year.
    pub year: i16,
    /// The decree the transfers come from.
    pub decree: &'static str,
    /// Non-working days (month, day): holidays, moved and transferred days off.
    pub days_off: &'static [(i8, i8)],
    /// Weekend days declared working by the decree (month, day).
    pub working_days: &'static [(i8, i8)],
}

const NEW_YEAR: [(i8, i8); 8] = [
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
];

macro_rules! days {
    ($($m:literal / $d:literal),* $(,)?) => {
        &[
            NEW_YEAR[0], NEW_YEAR[1], NEW_YEAR[2], NEW_YEAR[3],
            NEW_YEAR[4], NEW_YEAR[5], NEW_YEAR[6], NEW_YEAR[7],
            (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
            $(($m, $d)),*
        ]
    };
}

/// The bundled years, in increasing order.
pub const YEARS: &[ProductionYear] = &[
    ProductionYear {
        year: 2024,
        decree: "Постановление Правительства РФ от 10.08.2023 № 1314",
        days_off: days![4 / 29, 4 / 30, 5 / 10, 12 / 30, 12 / 31],
        working_days: &[(4, 27), (11, 2), (12, 28)],
    },
    ProductionYear {
        year: 2025,
        decree: "Постановление Правительства РФ от 04.10.2024 № 1335",
        days_off: days![5 / 2, 5 / 8, 6 / 13, 11 / 3, 12 / 31],
        working_days: &[(11, 1)],
    },
    ProductionYear {
        year: 2026,
        decree: "Постановление Правительства РФ от 24.09.2025 № 1466",
        days_off: days![1 / 9, 3 / 9, 5 / 11, 12 / 31],
        working_days: &[],
    },
    ProductionYear {
        year: 2027,
        decree: "Постановление Правительства РФ о переносе выходных дней в 2027 году (КонсультантПлюс LAW_544706)",
        days_off: days![2 / 22, 5 / 3, 5 / 10, 6 / 14, 11 / 5, 12 / 31],
        working_days: &[(2, 20)],
    },
];

/// The bundled data for `year`, if covered.
///
/// ```
/// assert_eq!(nastavnik::schedule::calendar::production::year(2024).unwrap().year, 2024);
/// ```
pub fn year(year: i16) -> Option<&'static ProductionYear> {
    YEARS.iter().find(|y| y.year == year)
}

/// The covered years as `(first, last)`.
///
/// ```
/// let (a, b) = nastavnik::schedule::calendar::production::covered();
/// assert!(a <= 2024 && b >= 2027);
/// ```
pub fn covered() -> (i16, i16) {
    (YEARS[0].year, YEARS[YEARS.len() - 1].year)
}
