//! Historical cohorts: who took part, what they answered and preferred, which pairs were made,
//! and how the pairs turned out.
//!
//! # Format (JSON, one cohort per file; unknown keys are rejected)
//! ```json
//! {"name": "school_1_2023", "school": "school_1", "district": "north", "year": 2023,
//!  "schema": { "questions": [ ... ] },            // the questionnaire schema of that year
//!  "participants": [ {"id": "s1", "role": "mentee", "consent": true, ...} ],
//!  "preferences": [ {"participant": "s1", "ranking": ["t3", "t1"]} ],
//!  "pairs": [ {"mentee": "s1", "mentor": "t3"} ],
//!  "outcomes": [ {"mentee": "s1", "mentor": "t3", "mentee_satisfaction": 4,
//!                 "mentor_satisfaction": 5, "dropped_out": false,
//!                 "baseline": 52.0, "final_score": 61.5} ],
//!  "population": {"pupils_10_18": 600, "pupils_15_18": 200, "young_teachers": 12, "enterprises": 10},
//!  "true_weights": [ ... ]                         // synthetic cohorts only
//! }
//! ```
//!
//! # Validation
//! [`HistoricalCohort::from_json`] checks the schema and participants (as [`Cohort::new`]),
//! that every pair, preference and outcome names known participants of the right role **with
//! consent**, that outcomes refer to pairs that were made, that satisfaction lies in 1–5 and
//! assessments are finite. Every error names the file and the entry (`pairs[3]`, field).
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! use nastavnik::evaluate::HistoricalCohort;
//! let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2023]))?;
//! let text = h[0].to_json();
//! let back = HistoricalCohort::from_json(&text, "cohort.json")?;
//! assert_eq!(back, h[0]);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::features::QuestionFeatures;
use crate::assign::{Assignment, SolveStatus};
use crate::cohort::{Cohort, Participant, Role};
use crate::error::{Error, Result};
use crate::preferences::{Acceptability, Preferences};
use crate::questionnaire::Schema;

/// A participant's stated ranking (best first) of the other side, by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedPreference {
    /// The participant stating the preference.
    pub participant: String,
    /// Ids of the other side, best first.
    pub ranking: Vec<String>,
}

/// A pair that was made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairRecord {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
}

/// How a pair turned out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// The mentee's satisfaction survey, 1–5.
    #[serde(default)]
    pub mentee_satisfaction: Option<u8>,
    /// The mentor's satisfaction survey, 1–5.
    #[serde(default)]
    pub mentor_satisfaction: Option<u8>,
    /// Whether the pair stopped before the end of the year.
    #[serde(default)]
    pub dropped_out: bool,
    /// The mentee's baseline assessment.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// The mentee's final assessment.
    #[serde(default)]
    pub final_score: Option<f64>,
}

impl Outcome {
    /// Mean satisfaction of both sides (of the sides that answered).
    ///
    /// ```
    /// let o = nastavnik::evaluate::history::Outcome { mentee: "a".into(), mentor: "b".into(),
    ///     mentee_satisfaction: Some(4), mentor_satisfaction: Some(5), dropped_out: false, baseline: None, final_score: None };
    /// assert_eq!(o.satisfaction(), Some(4.5));
    /// ```
    pub fn satisfaction(&self) -> Option<f64> {
        match (self.mentee_satisfaction, self.mentor_satisfaction) {
            (Some(a), Some(b)) => Some((f64::from(a) + f64::from(b)) / 2.0),
            (Some(a), None) | (None, Some(a)) => Some(f64::from(a)),
            (None, None) => None,
        }
    }
}

/// Population counts of the organisation, for programme KPIs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Pupils aged 10–18.
    #[serde(default)]
    pub pupils_10_18: u32,
    /// Pupils aged 15–18.
    #[serde(default)]
    pub pupils_15_18: u32,
    /// Teachers with 0–3 years of experience.
    #[serde(default)]
    pub young_teachers: u32,
    /// Local enterprises the organisation works with.
    #[serde(default)]
    pub enterprises: u32,
}

/// One past cohort with its pairs and outcomes (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalCohort {
    /// Unique name, e.g. `"school_1_2023"`.
    pub name: String,
    /// School (organisation running the programme).
    pub school: String,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// School year (its first calendar year).
    pub year: i32,
    /// The questionnaire schema of that year.
    pub schema: Schema,
    /// Everyone who applied (those without consent are never matched or reported).
    pub participants: Vec<Participant>,
    /// Stated preferences after the group meeting.
    #[serde(default)]
    pub preferences: Vec<StatedPreference>,
    /// Pairs actually made.
    #[serde(default)]
    pub pairs: Vec<PairRecord>,
    /// Outcomes of the pairs.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Population counts for KPIs.
    #[serde(default)]
    pub population: Option<Population>,
    /// Synthetic cohorts: the true question weights of the latent outcome model.
    #[serde(default)]
    pub true_weights: Option<Vec<f64>>,
}

fn bad(file: &str, entry: String, message: impl std::fmt::Display) -> Error {
    Error::Parse {
        what: file.to_string(),
        message: format!("{entry}: {message}"),
    }
}

impl HistoricalCohort {
    /// Parse and validate one cohort; `file` names the source in errors.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the file with the JSON line and column, or the entry and field at
    /// fault (see the [module documentation](self)).
    ///
    /// ```
    /// use nastavnik::evaluate::HistoricalCohort;
    /// let e = HistoricalCohort::from_json("{\"name\": 1}", "2023.json").unwrap_err();
    /// assert!(e.to_string().contains("2023.json"));
    /// ```
    pub fn from_json(text: &str, file: &str) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let c: Self = serde_json::from_str(text).map_err(|e| Error::Parse {
            what: file.into(),
            message: e.to_string(),
        })?;
        c.validate(file)?;
        Ok(c)
    }

    /// Read and validate a JSON file.
    ///
    /// # Errors
    /// [`Error::Io`] naming the path, else as [`HistoricalCohort::from_json`].
    ///
    /// ```
    /// assert!(nastavnik::evaluate::HistoricalCohort::read_json("/nonexistent.json").is_err());
    /// ```
    pub fn read_json(path: impl AsRef<Path>) -> Result<Self> {
        let p = path.as_ref();
        let text = std::fs::read_to_string(p).map_err(|e| Error::Io {
            path: p.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_json(&text, &p.display().to_string())
    }

    /// Pretty JSON.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// assert!(h[0].to_json().contains("\"pairs\""));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Check the cohort (see the [module documentation](self)).
    ///
    /// # Errors
    /// [`Error::Parse`] naming `file` and the entry at fault.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let mut h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?.remove(0);
    /// h.pairs[0].mentor = "nobody".into();
    /// assert!(h.validate("x.json").unwrap_err().to_string().contains("pairs[0]"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn validate(&self, file: &str) -> Result<()> {
        self.validate_at(file, &|part, k| (file.to_string(), format!("{part}[{k}]")))
    }

    /// [`HistoricalCohort::validate`] with the source of each entry given by `at(part, k)`
    /// (`part` one of `pairs`, `outcomes`, `preferences`) as `(file, entry)`; the CSV reader
    /// names file lines this way.
    pub(crate) fn validate_at(
        &self,
        file: &str,
        at: &dyn Fn(&str, usize) -> (String, String),
    ) -> Result<()> {
        self.schema
            .validate()
            .map_err(|e| bad(file, "schema".into(), e))?;
        let cohort = Cohort::new(self.participants.clone())
            .map_err(|e| bad(file, "participants".into(), e))?;
        let person = |id: &str, role: Role, e: &(String, String), field: &str| -> Result<()> {
            match cohort.get(id) {
                None => Err(bad(
                    &e.0,
                    e.1.clone(),
                    format!("{field} {id:?} is not a participant"),
                )),
                Some(p) if p.role != role => Err(bad(
                    &e.0,
                    e.1.clone(),
                    format!("{field} {id:?} is a {:?}, not a {role:?}", p.role),
                )),
                Some(p) if !p.consent => Err(bad(
                    &e.0,
                    e.1.clone(),
                    format!("{field} {id:?} has no recorded consent and cannot appear here"),
                )),
                Some(_) => Ok(()),
            }
        };
        let mut made = HashSet::new();
        for (k, p) in self.pairs.iter().enumerate() {
            let e = at("pairs", k);
            person(&p.mentee, Role::Mentee, &e, "mentee")?;
            person(&p.mentor, Role::Mentor, &e, "mentor")?;
            if !made.insert(p) {
                return Err(bad(&e.0, e.1, "duplicate pair"));
            }
        }
        for (k, o) in self.outcomes.iter().enumerate() {
            let e = at("outcomes", k);
            let pair = PairRecord {
                mentee: o.mentee.clone(),
                mentor: o.mentor.clone(),
            };
            if !made.contains(&pair) {
                return Err(bad(
                    &e.0,
                    e.1,
                    format!(
                        "({:?}, {:?}) is not among the pairs made",
                        o.mentee, o.mentor
                    ),
                ));
            }
            for (field, v) in [
                ("mentee_satisfaction", o.mentee_satisfaction),
                ("mentor_satisfaction", o.mentor_satisfaction),
            ] {
                if let Some(v) = v
                    && !(1..=5).contains(&v)
                {
                    return Err(bad(&e.0, e.1, format!("{field} = {v}; expected 1 to 5")));
                }
            }
            for (field, v) in [("baseline", o.baseline), ("final_score", o.final_score)] {
                if let Some(v) = v
                    && !v.is_finite()
                {
                    return Err(bad(
                        &e.0,
                        e.1,
                        format!("{field} = {v}; expected a finite number"),
                    ));
                }
            }
        }
        for (k, p) in self.preferences.iter().enumerate() {
            let e = at("preferences", k);
            let owner = cohort.get(&p.participant).ok_or_else(|| {
                bad(
                    &e.0,
                    e.1.clone(),
                    format!("participant {:?} is unknown", p.participant),
                )
            })?;
            person(&p.participant, owner.role, &e, "participant")?;
            let other = if owner.role == Role::Mentee {
                Role::Mentor
            } else {
                Role::Mentee
            };
            let mut seen = HashSet::new();
            for id in &p.ranking {
                person(id, other, &e, "ranking entry")?;
                if !seen.insert(id) {
                    return Err(bad(&e.0, e.1, format!("ranking names {id:?} twice")));
                }
            }
        }
        if let Some(w) = &self.true_weights
            && w.len() != self.schema.questions.len()
        {
            return Err(bad(
                file,
                "true_weights".into(),
                format!(
                    "{} weights for {} questions",
                    w.len(),
                    self.schema.questions.len()
                ),
            ));
        }
        Ok(())
    }

    /// The cohort of participants (validated).
    ///
    /// # Errors
    /// As [`Cohort::new`].
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// assert!(h[0].cohort()?.len() > 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn cohort(&self) -> Result<Cohort> {
        Cohort::new(self.participants.clone())
    }

    /// Per-question features of the consenting participants under this cohort's schema.
    ///
    /// # Errors
    /// As [`QuestionFeatures::from_cohort`].
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// let f = h[0].features()?;
    /// assert_eq!(f.questions.len(), h[0].schema.questions.len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn features(&self) -> Result<QuestionFeatures> {
        QuestionFeatures::from_cohort(&self.schema, &self.cohort()?)
    }

    /// The pairs actually made, as an [`Assignment`] on the rows and columns of `features`
    /// (total = the sum of `scores` over them, or 0 without scores).
    ///
    /// # Errors
    /// [`Error::UnknownId`] for a pair whose ids are not rows/columns of `features`.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// let f = h[0].features()?;
    /// assert_eq!(h[0].made_assignment(&f)?.n_matched(), h[0].pairs.len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn made_assignment(&self, features: &QuestionFeatures) -> Result<Assignment> {
        let (rows, cols) = index(features);
        let mut pairs = Vec::with_capacity(self.pairs.len());
        for p in &self.pairs {
            pairs.push(locate(&rows, &cols, &p.mentee, &p.mentor)?);
        }
        let (n, m) = features.dim();
        Assignment::new(n, m, pairs, 0.0, SolveStatus::Feasible { gap: None })
    }

    /// Training rows for outcome models: the feature vector of every pair with a recorded
    /// satisfaction, and that satisfaction (mean of both sides).
    ///
    /// # Errors
    /// [`Error::UnknownId`] for an outcome whose ids are not rows/columns of `features`.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// let (x, y) = h[0].outcome_rows(&h[0].features()?)?;
    /// assert_eq!(x.len(), y.len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn outcome_rows(&self, features: &QuestionFeatures) -> Result<(Vec<Vec<f64>>, Vec<f64>)> {
        let (rows, cols) = index(features);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for o in &self.outcomes {
            if let Some(s) = o.satisfaction() {
                let (i, j) = locate(&rows, &cols, &o.mentee, &o.mentor)?;
                x.push(features.pair_features(i, j));
                y.push(s);
            }
        }
        Ok((x, y))
    }

    /// The stated preferences as [`Preferences`] on the rows and columns of `features`
    /// (`None` when none were recorded). Unlisted participants have empty lists.
    ///
    /// # Errors
    /// [`Error::UnknownId`] for ids not in `features`; as [`Preferences::new`].
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// assert!(h[0].stated_preferences(&h[0].features()?)?.is_some());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn stated_preferences(&self, features: &QuestionFeatures) -> Result<Option<Preferences>> {
        if self.preferences.is_empty() {
            return Ok(None);
        }
        let (rows, cols) = index(features);
        let (n, m) = features.dim();
        let mut mentee_lists = vec![Vec::new(); n];
        let mut mentor_lists = vec![Vec::new(); m];
        for p in &self.preferences {
            let unknown = |id: &str| Error::UnknownId {
                what: "stated preferences".into(),
                id: id.into(),
            };
            if let Some(&i) = rows.get(p.participant.as_str()) {
                mentee_lists[i] = p
                    .ranking
                    .iter()
                    .map(|id| {
                        cols.get(id.as_str())
                            .map(|&j| vec![j])
                            .ok_or_else(|| unknown(id))
                    })
                    .collect::<Result<_>>()?;
            } else if let Some(&j) = cols.get(p.participant.as_str()) {
                mentor_lists[j] = p
                    .ranking
                    .iter()
                    .map(|id| {
                        rows.get(id.as_str())
                            .map(|&i| vec![i])
                            .ok_or_else(|| unknown(id))
                    })
                    .collect::<Result<_>>()?;
            } else {
                return Err(unknown(&p.participant));
            }
        }
        Preferences::new(&mentee_lists, &mentor_lists, Acceptability::Mutual).map(Some)
    }
}

fn index(f: &QuestionFeatures) -> (HashMap<&str, usize>, HashMap<&str, usize>) {
    (
        f.mentee_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect(),
        f.mentor_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect(),
    )
}

fn locate(
    rows: &HashMap<&str, usize>,
    cols: &HashMap<&str, usize>,
    mentee: &str,
    mentor: &str,
) -> Result<(usize, usize)> {
    let i = *rows.get(mentee).ok_or_else(|| Error::UnknownId {
        what: "consenting mentees".into(),
        id: mentee.into(),
    })?;
    let j = *cols.get(mentor).ok_or_else(|| Error::UnknownId {
        what: "consenting mentors".into(),
        id: mentor.into(),
    })?;
    Ok((i, j))
}
