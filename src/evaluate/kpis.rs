//! Programme KPIs: the monitoring indicators of the target model of mentorship, per school and
//! per district, against yearly targets.
//!
//! # Problem
//! A curator or a district analyst reports twice a year how far the programme has reached the
//! indicators of the seeds (`shared/DOMAIN.md`): the share of pupils aged 10–18 who are mentees,
//! of pupils aged 15–18 who are mentors, of young teachers (0–3 years of experience) who are
//! mentees, of local enterprises that provide mentors, and the satisfaction of mentees and
//! mentors, each against a yearly target.
//!
//! # Definitions
//! Counted in one historical cohort (one school, one year), over the **pairs actually made**
//! (participants in the programme; everyone in a pair has consent, checked by the reader):
//! | indicator | numerator | denominator |
//! |---|---|---|
//! | `mentees_10_18` | distinct mentees with an age in `[10, 19)` | `population.pupils_10_18` |
//! | `mentors_15_18` | distinct mentors with an age in `[15, 19)` | `population.pupils_15_18` |
//! | `young_teacher_mentees` | distinct mentees with `experience_years` in `[0, 3]` | `population.young_teachers` |
//! | `enterprises` | distinct organisations of mentors of the `employer_student` form | `population.enterprises` |
//! | `mentee_satisfaction` | outcomes with `mentee_satisfaction >= 4` | outcomes with a mentee survey |
//! | `mentor_satisfaction` | outcomes with `mentor_satisfaction >= 4` | outcomes with a mentor survey |
//!
//! A school or district aggregates its cohorts of one year by **summing numerators and
//! denominators** (a share of the whole population, not a mean of shares). A population
//! indicator of a group with a cohort lacking `population` has no value (`None`), as has any
//! indicator with a zero denominator. Cohorts without a district form the district `"-"`.
//!
//! Targets ([`Targets::seeds`]): the lower bounds of the seeds' ranges for 2020 (10 %, 2 %,
//! 10 %, 2 %, 50 %, 50 %) and 2024 (50 %, 10 %, 70 %, 20 %, 85 %, 85 %), linear in between and
//! constant outside; a caller may give its own per year. `met` is `value >= target`.
//!
//! # Complexity
//! `O(P + R + O)` per cohort (participants, pairs, outcomes), then `O(groups × 6)`.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::kpis::{kpis, KpiOptions, Level};
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! let h = generate_history(&HistoryConfig::default().with_schools(2).with_years(vec![2023]))?;
//! let rows = kpis(&h, &KpiOptions::default())?;
//! assert_eq!(rows.len(), 2 * 6); // two schools x six indicators
//! let by_district = kpis(&h, &KpiOptions::default().with_level(Level::District))?;
//! assert!(by_district.iter().all(|r| r.level == Level::District));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::history::HistoricalCohort;
use crate::cohort::Form;
use crate::error::{Error, Result};

/// The indicator names, in table order.
///
/// ```
/// assert_eq!(nastavnik::evaluate::kpis::INDICATORS[0], "mentees_10_18");
/// ```
pub const INDICATORS: [&str; 6] = [
    "mentees_10_18",
    "mentors_15_18",
    "young_teacher_mentees",
    "enterprises",
    "mentee_satisfaction",
    "mentor_satisfaction",
];

/// Satisfaction from which a survey answer counts as satisfied (4 or 5 of 5).
///
/// ```
/// assert_eq!(nastavnik::evaluate::kpis::SATISFIED_ANSWER, 4);
/// ```
pub const SATISFIED_ANSWER: u8 = 4;

/// Yearly targets of the six indicators (shares in `[0, 1]`), in [`INDICATORS`] order.
///
/// ```
/// use nastavnik::evaluate::kpis::Targets;
/// assert_eq!(Targets::seeds(2020).values[0], 0.10);
/// assert!((Targets::seeds(2022).values[0] - 0.30).abs() < 1e-12);
/// assert_eq!(Targets::seeds(2030), Targets::seeds(2024));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    /// One target per indicator, in [`INDICATORS`] order.
    pub values: [f64; 6],
}

impl Targets {
    /// The seeds' targets for `year` (see the [module documentation](self)).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::kpis::Targets::seeds(2024).values[4], 0.85);
    /// ```
    pub fn seeds(year: i32) -> Self {
        const Y2020: [f64; 6] = [0.10, 0.02, 0.10, 0.02, 0.50, 0.50];
        const Y2024: [f64; 6] = [0.50, 0.10, 0.70, 0.20, 0.85, 0.85];
        let t = (f64::from(year.clamp(2020, 2024)) - 2020.0) / 4.0;
        let mut values = [0.0; 6];
        for (k, v) in values.iter_mut().enumerate() {
            *v = Y2020[k] + t * (Y2024[k] - Y2020[k]);
        }
        Self { values }
    }
}

/// Aggregation level of a KPI row.
///
/// ```
/// use nastavnik::evaluate::kpis::Level;
/// assert_eq!(serde_json::to_string(&Level::District).unwrap(), "\"district\"");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// One school (organisation).
    #[default]
    School,
    /// All schools of one district.
    District,
}

/// Options of [`kpis`].
///
/// ```
/// use nastavnik::evaluate::kpis::{KpiOptions, Level, Targets};
/// let o = KpiOptions::default().with_level(Level::District).with_target(2023, Targets::seeds(2024));
/// assert_eq!(o.targets.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct KpiOptions {
    /// Aggregate per school or per district.
    pub level: Level,
    /// Targets by year overriding [`Targets::seeds`].
    pub targets: BTreeMap<i32, Targets>,
}

impl KpiOptions {
    /// With an aggregation level.
    ///
    /// ```
    /// use nastavnik::evaluate::kpis::{KpiOptions, Level};
    /// assert_eq!(KpiOptions::default().with_level(Level::District).level, Level::District);
    /// ```
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// With the targets of one year (checked by [`kpis`]).
    ///
    /// ```
    /// use nastavnik::evaluate::kpis::{KpiOptions, Targets};
    /// let o = KpiOptions::default().with_target(2021, Targets { values: [0.5; 6] });
    /// assert_eq!(o.targets[&2021].values[0], 0.5);
    /// ```
    pub fn with_target(mut self, year: i32, targets: Targets) -> Self {
        self.targets.insert(year, targets);
        self
    }
}

/// One indicator of one school or district in one year.
///
/// ```
/// # use nastavnik::evaluate::kpis::{kpis, KpiOptions};
/// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
/// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2024]))?;
/// let row = &kpis(&h, &KpiOptions::default())?[0];
/// assert_eq!(row.indicator, "mentees_10_18");
/// assert!((row.target - 0.5).abs() < 1e-12); // the seeds' 2024 target
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiRow {
    /// Aggregation level.
    pub level: Level,
    /// The school or district.
    pub unit: String,
    /// School year.
    pub year: i32,
    /// Indicator name (one of [`INDICATORS`]).
    pub indicator: String,
    /// Numerator (a count).
    pub numerator: u64,
    /// Denominator (a count; `None` when a population is missing).
    pub denominator: Option<u64>,
    /// `numerator / denominator` (`None` without a positive denominator).
    pub value: Option<f64>,
    /// The year's target.
    pub target: f64,
    /// Whether the value reaches the target (`None` without a value).
    pub met: Option<bool>,
}

/// Numerator and denominator of each indicator (`None`: no population recorded).
type Counts = [(u64, Option<u64>); 6];

/// Numerators and denominators of one cohort.
fn counts(h: &HistoricalCohort) -> Counts {
    let by_id: HashMap<&str, &crate::cohort::Participant> =
        h.participants.iter().map(|p| (p.id.as_str(), p)).collect();
    let mentees: BTreeSet<&str> = h.pairs.iter().map(|p| p.mentee.as_str()).collect();
    let mentors: BTreeSet<&str> = h.pairs.iter().map(|p| p.mentor.as_str()).collect();
    let age_in = |id: &str, lo: f64, hi: f64| {
        by_id
            .get(id)
            .and_then(|p| p.age)
            .is_some_and(|a| (lo..hi).contains(&a))
    };
    let pupils = mentees.iter().filter(|id| age_in(id, 10.0, 19.0)).count() as u64;
    let mentor_pupils = mentors.iter().filter(|id| age_in(id, 15.0, 19.0)).count() as u64;
    let young = mentees
        .iter()
        .filter(|id| {
            by_id
                .get(*id)
                .and_then(|p| p.experience_years)
                .is_some_and(|x| (0.0..=3.0).contains(&x))
        })
        .count() as u64;
    let enterprises = mentors
        .iter()
        .filter_map(|id| by_id.get(id))
        .filter(|p| p.form == Some(Form::EmployerStudent))
        .filter_map(|p| p.organisation.as_deref())
        .collect::<BTreeSet<_>>()
        .len() as u64;
    let survey = |f: fn(&super::history::Outcome) -> Option<u8>| {
        let answered: Vec<u8> = h.outcomes.iter().filter_map(f).collect();
        let ok = answered.iter().filter(|&&v| v >= SATISFIED_ANSWER).count() as u64;
        (ok, Some(answered.len() as u64))
    };
    let pop = h.population.as_ref();
    [
        (pupils, pop.map(|p| u64::from(p.pupils_10_18))),
        (mentor_pupils, pop.map(|p| u64::from(p.pupils_15_18))),
        (young, pop.map(|p| u64::from(p.young_teachers))),
        (enterprises, pop.map(|p| u64::from(p.enterprises))),
        survey(|o| o.mentee_satisfaction),
        survey(|o| o.mentor_satisfaction),
    ]
}

/// The KPI table of historical cohorts (see the [module documentation](self)): one row per
/// unit (school or district), year and indicator, sorted by unit, then year, then indicator
/// in [`INDICATORS`] order.
///
/// # Errors
/// [`Error::DuplicateId`] for two cohorts of one school and year;
/// [`Error::InvalidValue`] for a target outside `[0, 1]` (naming the year and indicator).
///
/// ```
/// use nastavnik::evaluate::kpis::{kpis, KpiOptions};
/// use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
/// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
/// let r = kpis(&h, &KpiOptions::default())?;
/// let sat = r.iter().find(|r| r.indicator == "mentee_satisfaction").unwrap();
/// assert!(sat.value.unwrap() <= 1.0 && sat.denominator.unwrap() > 0);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn kpis(cohorts: &[HistoricalCohort], opts: &KpiOptions) -> Result<Vec<KpiRow>> {
    for (year, t) in &opts.targets {
        for (k, &v) in t.values.iter().enumerate() {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::invalid(
                    "KPI targets",
                    format!("{year} {}: {v}; expected a share in [0, 1]", INDICATORS[k]),
                ));
            }
        }
    }
    let mut seen: BTreeMap<(&str, i32), usize> = BTreeMap::new();
    // (unit, year) -> summed counts; `None` denominators poison the sum
    let mut groups: BTreeMap<(String, i32), Counts> = BTreeMap::new();
    for (k, h) in cohorts.iter().enumerate() {
        if let Some(first) = seen.insert((h.school.as_str(), h.year), k) {
            return Err(Error::DuplicateId {
                what: "historical cohorts (school, year)".into(),
                id: format!("{} {}", h.school, h.year),
                first,
                second: k,
            });
        }
        let unit = match opts.level {
            Level::School => h.school.clone(),
            Level::District => h.district.clone().unwrap_or_else(|| "-".into()),
        };
        let c = counts(h);
        let slot = groups.entry((unit, h.year)).or_insert([(0, Some(0)); 6]);
        for (acc, (n, d)) in slot.iter_mut().zip(c) {
            acc.0 = acc.0.saturating_add(n);
            acc.1 = match (acc.1, d) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            };
        }
    }
    let mut rows = Vec::with_capacity(groups.len().saturating_mul(6));
    for ((unit, year), c) in groups {
        let targets = opts
            .targets
            .get(&year)
            .copied()
            .unwrap_or_else(|| Targets::seeds(year));
        for (k, (n, d)) in c.into_iter().enumerate() {
            let value = d.filter(|&d| d > 0).map(|d| n as f64 / d as f64);
            let target = targets.values[k];
            rows.push(KpiRow {
                level: opts.level,
                unit: unit.clone(),
                year,
                indicator: INDICATORS[k].into(),
                numerator: n,
                denominator: d,
                value,
                target,
                met: value.map(|v| v >= target),
            });
        }
    }
    Ok(rows)
}
