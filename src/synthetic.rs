//! Seeded synthetic cohorts: realistic schools for tests, benchmarks and the demo.
//!
//! A generated cohort mixes the forms of the target model (about 60 % student–student, 25 %
//! teacher–teacher, 15 % employer–student), with ages and experience typical of each form, schools
//! and local enterprises, mentee categories, subject deficits and mentor strengths, interests,
//! goals, personality (Likert), preferred meeting time, meeting mode, mentor capacities, weekly
//! availability and a small share of participants without recorded consent. The matching
//! [`Schema`] (questions and per-form rules) is returned alongside. Same config, same cohort.
//!
//! # Examples
//! ```
//! use nastavnik::synthetic::{generate, SyntheticConfig};
//! let cfg = SyntheticConfig::default().with_n_mentees(100).with_n_mentors(30).with_seed(7);
//! let (schema, cohort) = generate(&cfg)?;
//! assert_eq!(cohort.len(), 130);
//! assert_eq!(generate(&cfg)?.1, cohort); // deterministic
//! assert!(!schema.questions.is_empty());
//! # Ok::<(), nastavnik::Error>(())
//! ```

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::cohort::{Answer, Cohort, Form, Mode, Participant, Role};
use crate::error::{Error, Result};
use crate::questionnaire::{
    Comparator, FormRule, Gap, OrganisationRule, Question, QuestionKind, Rules, Schema,
};

/// Interests offered by the synthetic questionnaire.
pub const INTERESTS: [&str; 16] = [
    "chess",
    "robotics",
    "programming",
    "football",
    "music",
    "drawing",
    "theatre",
    "reading",
    "volunteering",
    "hiking",
    "photography",
    "science",
    "debate",
    "dance",
    "cooking",
    "gaming",
];
/// School subjects (mentee deficits / mentor strengths).
pub const SUBJECTS: [&str; 10] = [
    "math",
    "russian",
    "physics",
    "chemistry",
    "biology",
    "history",
    "english",
    "informatics",
    "literature",
    "geography",
];
/// Goals of the mentoring.
pub const GOALS: [&str; 6] = [
    "academic", "career", "social", "project", "sport", "creative",
];
/// Preferred meeting times.
pub const TIMES: [&str; 3] = ["morning", "afternoon", "evening"];
/// Mentee categories named by the target model.
pub const CATEGORIES: [&str; 6] = [
    "outstanding",
    "low_results",
    "disability",
    "difficult_situation",
    "behaviour",
    "disengaged",
];

/// Parameters of the generator.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticConfig {
    /// Number of mentees.
    pub n_mentees: usize,
    /// Number of mentors.
    pub n_mentors: usize,
    /// Number of schools (organisations of pupils and teachers).
    pub n_schools: usize,
    /// Share of participants with recorded consent, in `[0, 1]`.
    pub consent_rate: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    fn default() -> Self {
        Self {
            n_mentees: 200,
            n_mentors: 60,
            n_schools: 4,
            consent_rate: 0.97,
            seed: 42,
        }
    }
}

crate::setters::with_setters! { SyntheticConfig {
    /// Set `n_mentees` (number of mentees).
    ///
    /// ```
    /// assert_eq!(nastavnik::synthetic::SyntheticConfig::default().with_n_mentees(10).n_mentees, 10);
    /// ```
    with_n_mentees => n_mentees: usize,
    /// Set `n_mentors` (number of mentors).
    ///
    /// ```
    /// assert_eq!(nastavnik::synthetic::SyntheticConfig::default().with_n_mentors(4).n_mentors, 4);
    /// ```
    with_n_mentors => n_mentors: usize,
    /// Set `n_schools` (number of schools).
    ///
    /// ```
    /// assert_eq!(nastavnik::synthetic::SyntheticConfig::default().with_n_schools(2).n_schools, 2);
    /// ```
    with_n_schools => n_schools: usize,
    /// Set `consent_rate` (share with recorded consent, in `[0, 1]`).
    ///
    /// ```
    /// assert_eq!(nastavnik::synthetic::SyntheticConfig::default().with_consent_rate(1.0).consent_rate, 1.0);
    /// ```
    with_consent_rate => consent_rate: f64,
    /// Set `seed` (random seed).
    ///
    /// ```
    /// assert_eq!(nastavnik::synthetic::SyntheticConfig::default().with_seed(7).seed, 7);
    /// ```
    with_seed => seed: u64,
}}

/// The schema used by synthetic cohorts: interests (similarity), subjects (complementarity,
/// weight 2), goal (exact), extraversion (Likert similarity, weight 0.5), meeting time (exact,
/// weight 0.5), age window (mentor 2–6 years older, tolerance 3) and per-form rules.
///
/// ```
/// let s = nastavnik::synthetic::schema();
/// assert!(s.questions.iter().any(|q| q.id == "subjects"));
/// ```
pub fn schema() -> Schema {
    let questions = vec![
        Question::new("interests", QuestionKind::multi_select(INTERESTS)),
        Question::new("subjects", QuestionKind::multi_select(SUBJECTS))
            .with_comparator(Comparator::Complementarity)
            .with_weight(2.0),
        Question::new("goal", QuestionKind::categorical(GOALS)).with_comparator(Comparator::Exact),
        Question::new("extraversion", QuestionKind::Likert { levels: 5 }).with_weight(0.5),
        Question::new("meeting_time", QuestionKind::categorical(TIMES))
            .with_comparator(Comparator::Exact)
            .with_weight(0.5),
        Question::new(
            "age",
            QuestionKind::Numeric {
                min: 10.0,
                max: 70.0,
            },
        )
        .with_comparator(Comparator::Window {
            min: 2.0,
            max: 6.0,
            tolerance: 3.0,
        }),
    ];
    let mut rules = Rules::default();
    rules.by_form.insert(
        Form::StudentStudent,
        FormRule {
            age_gap: Some(Gap { min: 1.0, max: 8.0 }),
            experience_gap: None,
            organisation: OrganisationRule::Same,
        },
    );
    rules.by_form.insert(
        Form::TeacherTeacher,
        FormRule {
            age_gap: None,
            experience_gap: Some(Gap {
                min: 3.0,
                max: f64::INFINITY,
            }),
            organisation: OrganisationRule::Any,
        },
    );
    rules.by_form.insert(
        Form::EmployerStudent,
        FormRule {
            age_gap: Some(Gap {
                min: 5.0,
                max: f64::INFINITY,
            }),
            experience_gap: None,
            organisation: OrganisationRule::Different,
        },
    );
    Schema {
        questions,
        rules,
        missing_value: None,
    }
}

fn pick_form(rng: &mut ChaCha8Rng) -> Form {
    let x: f64 = rng.random();
    if x < 0.60 {
        Form::StudentStudent
    } else if x < 0.85 {
        Form::TeacherTeacher
    } else {
        Form::EmployerStudent
    }
}

fn sample_set(rng: &mut ChaCha8Rng, options: &[&str], lo: usize, hi: usize) -> Vec<String> {
    let n = rng.random_range(lo..=hi).min(options.len());
    let mut v: Vec<String> = options
        .choose_multiple(rng, n)
        .map(|s| (*s).to_string())
        .collect();
    v.sort();
    v
}

fn availability(rng: &mut ChaCha8Rng) -> u64 {
    let mut bits = 0u64;
    for day in 0..5u64 {
        for period in 0..8u64 {
            if rng.random_bool(0.35) {
                bits |= 1 << (8 * day + period);
            }
        }
    }
    bits
}

fn participant(rng: &mut ChaCha8Rng, k: usize, role: Role, cfg: &SyntheticConfig) -> Participant {
    let form = pick_form(rng);
    let school = format!(
        "school-{:02}",
        rng.random_range(0..cfg.n_schools.max(1)) + 1
    );
    let prefix = match role {
        Role::Mentor => "mentor",
        Role::Mentee => "mentee",
    };
    let mut p = Participant::new(format!("{prefix}-{k:05}"), role);
    p.consent = rng.random_bool(cfg.consent_rate.clamp(0.0, 1.0));
    p.form = Some(form);
    let (age, exp, org, cap): (f64, Option<f64>, String, u32) = match (form, role) {
        (Form::StudentStudent, Role::Mentee) => (rng.random_range(10..=15) as f64, None, school, 1),
        (Form::StudentStudent, Role::Mentor) => (
            rng.random_range(15..=18) as f64,
            None,
            school,
            rng.random_range(1..=3),
        ),
        (Form::TeacherTeacher, Role::Mentee) => (
            rng.random_range(22..=28) as f64,
            Some(rng.random_range(0..=3) as f64),
            school,
            1,
        ),
        (Form::TeacherTeacher, Role::Mentor) => (
            rng.random_range(30..=62) as f64,
            Some(rng.random_range(6..=35) as f64),
            school,
            rng.random_range(1..=2),
        ),
        (_, Role::Mentee) => (rng.random_range(15..=18) as f64, None, school, 1),
        (_, Role::Mentor) => (
            rng.random_range(25..=55) as f64,
            Some(rng.random_range(3..=30) as f64),
            format!("enterprise-{:02}", rng.random_range(1..=6)),
            rng.random_range(2..=5),
        ),
    };
    p.age = Some(age);
    p.experience_years = exp;
    p.organisation = Some(org);
    p.capacity = if role == Role::Mentor { cap } else { 1 };
    p.mode = match rng.random_range(0..10) {
        0 => Mode::Online,
        1 => Mode::InPerson,
        _ => Mode::Either,
    };
    if role == Role::Mentee && form == Form::StudentStudent {
        p.category = CATEGORIES.choose(rng).map(|s| (*s).to_string());
        p.group = Some(format!(
            "{}{}",
            age as u32 - 3,
            ["A", "B", "C"][rng.random_range(0..3)]
        ));
    }
    p.availability = crate::availability::Availability::from_legacy_mask(availability(rng));
    let mut a = |q: &str, v: Answer| {
        p.answers.insert(q.to_string(), v);
    };
    a(
        "interests",
        Answer::Choices(sample_set(rng, &INTERESTS, 1, 5)),
    );
    let subjects = match role {
        Role::Mentee => sample_set(rng, &SUBJECTS, 0, 3),
        Role::Mentor => sample_set(rng, &SUBJECTS, 1, 4),
    };
    a("subjects", Answer::Choices(subjects));
    if rng.random_bool(0.95) {
        a(
            "goal",
            Answer::Choice((*GOALS.choose(rng).unwrap_or(&"academic")).to_string()),
        );
    }
    if rng.random_bool(0.9) {
        a(
            "extraversion",
            Answer::Number(rng.random_range(1..=5) as f64),
        );
    }
    a(
        "meeting_time",
        Answer::Choice((*TIMES.choose(rng).unwrap_or(&"afternoon")).to_string()),
    );
    p
}

/// Largest cohort [`generate`] builds (mentees + mentors): far above any regional programme,
/// small enough to fit in memory (about 1 KB per participant).
pub const MAX_SYNTHETIC_PARTICIPANTS: usize = 1_000_000;

/// Generate a synthetic schema and cohort.
///
/// # Errors
/// [`Error::InvalidValue`] when `consent_rate` is outside `[0, 1]`, there are no schools, or
/// `n_mentees + n_mentors` exceeds [`MAX_SYNTHETIC_PARTICIPANTS`] (checked before anything is
/// allocated); [`Error::TooLarge`] when the cohort cannot be allocated.
///
/// ```
/// use nastavnik::synthetic::{generate, SyntheticConfig};
/// let (_, c) = generate(&SyntheticConfig::default().with_n_mentees(10).with_n_mentors(4).with_consent_rate(1.0))?;
/// assert_eq!(c.mentees().len(), 10);
/// assert!(generate(&SyntheticConfig::default().with_consent_rate(1.5)).is_err());
/// let huge = SyntheticConfig::default().with_n_mentees(usize::MAX).with_n_mentors(usize::MAX);
/// assert!(generate(&huge).unwrap_err().to_string().contains("n_mentees"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn generate(cfg: &SyntheticConfig) -> Result<(Schema, Cohort)> {
    if !(0.0..=1.0).contains(&cfg.consent_rate) {
        return Err(Error::invalid(
            "consent_rate",
            format!("{} must lie in [0, 1]", cfg.consent_rate),
        ));
    }
    if cfg.n_schools == 0 {
        return Err(Error::invalid("n_schools", "must be at least 1"));
    }
    let total = cfg
        .n_mentees
        .checked_add(cfg.n_mentors)
        .filter(|&t| t <= MAX_SYNTHETIC_PARTICIPANTS)
        .ok_or_else(|| {
            Error::invalid(
                "n_mentees + n_mentors",
                format!(
                    "{} + {} exceeds the {MAX_SYNTHETIC_PARTICIPANTS} participants a synthetic cohort may have",
                    cfg.n_mentees, cfg.n_mentors
                ),
            )
        })?;
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut people = crate::memory::try_with_capacity(total, "synthetic cohort")?;
    for k in 0..cfg.n_mentors {
        people.push(participant(&mut rng, k + 1, Role::Mentor, cfg));
    }
    for k in 0..cfg.n_mentees {
        people.push(participant(&mut rng, k + 1, Role::Mentee, cfg));
    }
    people.shuffle(&mut rng);
    Ok((schema(), Cohort::new(people)?))
}
