//! Seeded synthetic historical cohorts with a documented latent outcome model and known true
//! question weights, so that outcome models can be checked against the truth.
//!
//! # Latent model
//! For each school `s` and year `y` a cohort is drawn with [`crate::synthetic::generate`] (all
//! three main forms: student–student, teacher–teacher, employer–student; its schema and rules).
//! With the per-question features `F_q` ([`QuestionFeatures`]) and the **true weights** `w*`
//! ([`TRUE_WEIGHTS`], different from the schema's weights):
//! * true fit of a pair `u = Σ_q w*_q F_q / Σ_q w*_q ∈ [0, 1]`;
//! * the **pairs made**: a curator maximised the schema's score plus uniform noise in
//!   `[−curator_noise, curator_noise]` per pair (LAP, reject score 0, forbidden pairs respected);
//! * **satisfaction** of each side: `clamp(round(1 + 4 (u + ε)), 1, 5)`, `ε ~ N(0, noise²)`
//!   drawn independently for the mentee and the mentor;
//! * **drop-out** with probability `0.4 (1 − u)`;
//! * **assessments**: baseline `~ U(40, 70)`, final = baseline + `20 u + N(0, 5²)`;
//! * **stated preferences**: each mentee ranks the 3 allowed mentors of highest `u + ε`, each
//!   mentor the 5 mentees of highest `u + ε`;
//! * population counts for KPIs from the cohort size.
//!
//! A linear model of the mean satisfaction on `F` therefore has slopes `≈ 4 w*_q / Σ w*`: the
//! fitted weights, normalised to sum 1, recover `w* / Σ w*` (tested within a stated tolerance).
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! let cfg = HistoryConfig::default().with_schools(2).with_years(vec![2022, 2023]);
//! let h = generate_history(&cfg)?;
//! assert_eq!(h.len(), 4);
//! assert_eq!(generate_history(&cfg)?, h); // deterministic
//! assert!(h.iter().all(|c| !c.outcomes.is_empty()));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::features::QuestionFeatures;
use super::history::{HistoricalCohort, Outcome, PairRecord, Population, StatedPreference};
use crate::assign::lap::{LapOptions, solve_dense};
use crate::error::{Error, Result};
use crate::synthetic::{SyntheticConfig, generate};

/// The true weights of the latent model, by question of [`crate::synthetic::schema`]:
/// interests 0.5, subjects 3, goal 1.5, extraversion 0.25, meeting time 1, age 0.75.
pub const TRUE_WEIGHTS: [(&str, f64); 6] = [
    ("interests", 0.5),
    ("subjects", 3.0),
    ("goal", 1.5),
    ("extraversion", 0.25),
    ("meeting_time", 1.0),
    ("age", 0.75),
];

/// Parameters of [`generate_history`]: build from [`Default`] with the `with_*` setters.
///
/// ```
/// use nastavnik::evaluate::synthetic_history::HistoryConfig;
/// let c = HistoryConfig::default().with_schools(2).with_years(vec![2023]).with_seed(7);
/// assert_eq!((c.schools, c.years.as_slice(), c.seed), (2, &[2023][..], 7));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HistoryConfig {
    /// Number of schools.
    pub schools: usize,
    /// School years.
    pub years: Vec<i32>,
    /// Mentees per cohort.
    pub n_mentees: usize,
    /// Mentors per cohort.
    pub n_mentors: usize,
    /// Standard deviation of the satisfaction noise (on the `[0, 1]` fit scale).
    pub noise: f64,
    /// Half-width of the curator's uniform noise on scores.
    pub curator_noise: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        Self {
            schools: 4,
            years: vec![2021, 2022, 2023],
            n_mentees: 50,
            n_mentors: 50,
            noise: 0.05,
            curator_noise: 0.15,
            seed: 2024,
        }
    }
}

crate::setters::with_setters! { HistoryConfig {
    /// Set `schools` (number of schools).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_schools(2).schools, 2);
    /// ```
    with_schools => schools: usize,
    /// Set `years` (school years).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_years(vec![2024]).years, vec![2024]);
    /// ```
    with_years => years: Vec<i32>,
    /// Set `n_mentees` (mentees per cohort).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_n_mentees(8).n_mentees, 8);
    /// ```
    with_n_mentees => n_mentees: usize,
    /// Set `n_mentors` (mentors per cohort).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_n_mentors(6).n_mentors, 6);
    /// ```
    with_n_mentors => n_mentors: usize,
    /// Set `noise` (standard deviation of the satisfaction noise).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_noise(0.1).noise, 0.1);
    /// ```
    with_noise => noise: f64,
    /// Set `curator_noise` (half-width of the curator's uniform noise).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_curator_noise(0.0).curator_noise, 0.0);
    /// ```
    with_curator_noise => curator_noise: f64,
    /// Set `seed` (random seed).
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::synthetic_history::HistoryConfig::default().with_seed(1).seed, 1);
    /// ```
    with_seed => seed: u64,
}}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn top(scores: impl Iterator<Item = (usize, f64)>, k: usize) -> Vec<usize> {
    let mut v: Vec<(usize, f64)> = scores.collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().take(k).map(|x| x.0).collect()
}

/// Generate `schools × years` historical cohorts (see the [module documentation](self)).
///
/// # Errors
/// [`Error::InvalidValue`] for zero schools, no years, sizes that are zero or above 100 000, or
/// negative / non-finite noise.
///
/// ```
/// use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
/// assert!(generate_history(&HistoryConfig::default().with_schools(0)).is_err());
/// ```
pub fn generate_history(cfg: &HistoryConfig) -> Result<Vec<HistoricalCohort>> {
    if cfg.schools == 0 || cfg.years.is_empty() {
        return Err(Error::invalid(
            "history config",
            "needs at least one school and one year",
        ));
    }
    for (what, v) in [
        ("n_mentees", cfg.n_mentees),
        ("n_mentors", cfg.n_mentors),
        ("schools", cfg.schools),
    ] {
        if v == 0 || v > 100_000 {
            return Err(Error::invalid(what, format!("{v}; expected 1 to 100000")));
        }
    }
    for (what, v) in [("noise", cfg.noise), ("curator_noise", cfg.curator_noise)] {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::invalid(
                what,
                format!("{v}; expected a finite number >= 0"),
            ));
        }
    }
    let mut out = crate::memory::try_with_capacity(
        crate::memory::checked_len(&[cfg.schools, cfg.years.len()], "synthetic history cohorts")?,
        "synthetic history cohorts",
    )?;
    for s in 0..cfg.schools {
        for (yk, &year) in cfg.years.iter().enumerate() {
            let seed = cfg
                .seed
                .wrapping_mul(1_000_003)
                .wrapping_add((s * 1009 + yk) as u64);
            out.push(one(cfg, s, year, seed)?);
        }
    }
    Ok(out)
}

fn one(cfg: &HistoryConfig, s: usize, year: i32, seed: u64) -> Result<HistoricalCohort> {
    let (schema, cohort) = generate(&SyntheticConfig {
        n_mentees: cfg.n_mentees,
        n_mentors: cfg.n_mentors,
        n_schools: 1,
        consent_rate: 0.97,
        seed,
    })?;
    let school = format!("school_{}", s + 1);
    let mut participants = cohort.participants().to_vec();
    for p in &mut participants {
        if p.organisation
            .as_deref()
            .is_some_and(|o| o.starts_with("school"))
        {
            p.organisation = Some(school.clone());
        }
    }
    let true_w: Vec<f64> = schema
        .questions
        .iter()
        .map(|q| {
            TRUE_WEIGHTS
                .iter()
                .find(|t| t.0 == q.id)
                .map_or(1.0, |t| t.1)
        })
        .collect();
    let f =
        QuestionFeatures::from_cohort(&schema, &crate::cohort::Cohort::new(participants.clone())?)?;
    let u = f.scores(&true_w)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005e_ed0f_4157);
    let mut noisy = f.scores(&f.weights)?;
    for v in noisy.iter_mut() {
        if v.is_finite() {
            *v += cfg.curator_noise * (2.0 * rng.random::<f64>() - 1.0);
        }
    }
    let made = solve_dense(
        noisy.view(),
        &LapOptions {
            reject_score: Some(0.0),
        },
    )?;
    let (n, m) = f.dim();
    let mut pairs = Vec::new();
    let mut outcomes = Vec::new();
    for &(i, j) in made.pairs() {
        let uij = u[[i, j]];
        let sat = |rng: &mut ChaCha8Rng| -> u8 {
            (1.0 + 4.0 * (uij + cfg.noise * normal(rng)))
                .round()
                .clamp(1.0, 5.0) as u8
        };
        let mentee_satisfaction = Some(sat(&mut rng));
        let mentor_satisfaction = Some(sat(&mut rng));
        let dropped_out = rng.random::<f64>() < 0.4 * (1.0 - uij);
        let baseline = 40.0 + 30.0 * rng.random::<f64>();
        let final_score = baseline + 20.0 * uij + 5.0 * normal(&mut rng);
        let (mentee, mentor) = (f.mentee_ids[i].clone(), f.mentor_ids[j].clone());
        pairs.push(PairRecord {
            mentee: mentee.clone(),
            mentor: mentor.clone(),
        });
        outcomes.push(Outcome {
            mentee,
            mentor,
            mentee_satisfaction,
            mentor_satisfaction,
            dropped_out,
            baseline: Some((baseline * 10.0).round() / 10.0),
            final_score: Some((final_score * 10.0).round() / 10.0),
        });
    }
    let mut preferences = Vec::new();
    for i in 0..n {
        let noisy: Vec<(usize, f64)> = (0..m)
            .filter(|&j| f.allowed[[i, j]])
            .map(|j| (j, u[[i, j]] + cfg.noise * normal(&mut rng)))
            .collect();
        let ranking: Vec<String> = top(noisy.into_iter(), 3)
            .into_iter()
            .map(|j| f.mentor_ids[j].clone())
            .collect();
        if !ranking.is_empty() {
            preferences.push(StatedPreference {
                participant: f.mentee_ids[i].clone(),
                ranking,
            });
        }
    }
    for j in 0..m {
        let noisy: Vec<(usize, f64)> = (0..n)
            .filter(|&i| f.allowed[[i, j]])
            .map(|i| (i, u[[i, j]] + cfg.noise * normal(&mut rng)))
            .collect();
        let ranking: Vec<String> = top(noisy.into_iter(), 5)
            .into_iter()
            .map(|i| f.mentee_ids[i].clone())
            .collect();
        if !ranking.is_empty() {
            preferences.push(StatedPreference {
                participant: f.mentor_ids[j].clone(),
                ranking,
            });
        }
    }
    let size = (cfg.n_mentees + cfg.n_mentors) as u32;
    Ok(HistoricalCohort {
        name: format!("{school}_{year}"),
        school,
        district: Some(
            if s.is_multiple_of(2) {
                "north"
            } else {
                "south"
            }
            .into(),
        ),
        year,
        schema,
        participants,
        preferences,
        pairs,
        outcomes,
        population: Some(Population {
            pupils_10_18: size * 4,
            pupils_15_18: size * 3 / 2,
            young_teachers: (size / 8).max(1),
            enterprises: (size / 10).max(1),
        }),
        true_weights: Some(true_w),
    })
}
