//! Questionnaire schema, hard pairing rules, and the encoding of answers into feature matrices.
//!
//! A [`Schema`] lists the questions of the mentor and mentee questionnaires (numeric, Likert,
//! categorical, multi-select), each with a weight and a [`Comparator`] saying how a mentee's answer
//! is compared with a mentor's, plus the hard [`Rules`] of the programme (forms, age and experience
//! gaps, organisation, meeting mode, forbidden and required pairs). Schemas are plain serde data and
//! round-trip through JSON.
//!
//! Question ids `age` and `experience_years` fall back to the participant's fields of the same name
//! when the questionnaire has no answer, so "mentor 2–4 years older" is a [`Comparator::Window`] on a
//! numeric question `age`.
//!
//! # Examples
//! ```
//! use nastavnik::questionnaire::{Comparator, Question, QuestionKind, Schema};
//! let schema = Schema::new(vec![
//!     Question::new("interests", QuestionKind::multi_select(["chess", "robotics", "music"])),
//!     Question::new("subjects", QuestionKind::multi_select(["math", "physics"]))
//!         .with_comparator(Comparator::Complementarity)
//!         .with_weight(2.0),
//!     Question::new("age", QuestionKind::Numeric { min: 10.0, max: 70.0 })
//!         .with_comparator(Comparator::Window { min: 2.0, max: 4.0, tolerance: 2.0 }),
//! ])?;
//! let json = schema.to_json();
//! assert_eq!(Schema::from_json(&json)?, schema);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::cohort::{Answer, Form, Participant};
use crate::error::{Error, Result};

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// A number in `[min, max]` (values are clamped into the range for comparison).
    Numeric {
        /// Lower end of the scale.
        min: f64,
        /// Upper end of the scale.
        max: f64,
    },
    /// A Likert item answered `1..=levels`.
    Likert {
        /// Number of levels (at least 2).
        levels: u32,
    },
    /// One option out of a list.
    Categorical {
        /// The allowed options.
        options: Vec<String>,
    },
    /// Any subset of a list of options.
    MultiSelect {
        /// The allowed options.
        options: Vec<String>,
    },
}
crate::suggest::tagged_serde!(QuestionKind, "type", "question");

impl QuestionKind {
    /// A categorical question with the given options.
    ///
    /// ```
    /// use nastavnik::questionnaire::QuestionKind;
    /// let k = QuestionKind::categorical(["morning", "evening"]);
    /// assert!(matches!(k, QuestionKind::Categorical { ref options } if options.len() == 2));
    /// ```
    pub fn categorical<I: IntoIterator<Item = S>, S: Into<String>>(options: I) -> Self {
        QuestionKind::Categorical {
            options: options.into_iter().map(Into::into).collect(),
        }
    }

    /// A multi-select question with the given options.
    ///
    /// ```
    /// use nastavnik::questionnaire::QuestionKind;
    /// let k = QuestionKind::multi_select(["chess", "music"]);
    /// assert!(matches!(k, QuestionKind::MultiSelect { .. }));
    /// ```
    pub fn multi_select<I: IntoIterator<Item = S>, S: Into<String>>(options: I) -> Self {
        QuestionKind::MultiSelect {
            options: options.into_iter().map(Into::into).collect(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(
            self,
            QuestionKind::Numeric { .. } | QuestionKind::Likert { .. }
        )
    }
}

/// How a mentee's answer is compared with a mentor's; every comparator gives a value in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Comparator {
    /// Alike is better: `1 - |a - b|` on the normalised scale (numeric/Likert), equality
    /// (categorical), Jaccard index (multi-select).
    #[default]
    Similarity,
    /// Mentor strong where the mentee has a deficit: `max(0, mentor - mentee)` on the normalised
    /// scale (numeric/Likert; the answer is a level), or the share of the mentee's selected
    /// deficits that the mentor selected as strengths (multi-select).
    Complementarity,
    /// 1 when the answers are equal, else 0.
    Exact,
    /// `mentor - mentee` (in the question's own units) should lie in `[min, max]`: 1 inside,
    /// falling linearly to 0 at `tolerance` outside (numeric/Likert only).
    Window {
        /// Smallest wanted difference `mentor - mentee`.
        min: f64,
        /// Largest wanted difference.
        max: f64,
        /// Distance outside the window at which the value reaches 0 (0 = hard step).
        #[serde(default)]
        tolerance: f64,
    },
}
crate::suggest::tagged_serde!(Comparator, "type", "comparator");

/// One question of the questionnaires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Identifier, also the key in [`Participant::answers`] and the CSV column name.
    pub id: String,
    /// Answer kind.
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// Non-negative weight in the blended score. Defaults to 1.
    #[serde(default = "one_f64")]
    pub weight: f64,
    /// How answers are compared. Defaults to similarity.
    #[serde(default)]
    pub comparator: Comparator,
}

fn one_f64() -> f64 {
    1.0
}

impl Question {
    /// A question with weight 1 and the similarity comparator.
    ///
    /// ```
    /// use nastavnik::questionnaire::{Question, QuestionKind};
    /// let q = Question::new("extraversion", QuestionKind::Likert { levels: 5 });
    /// assert_eq!(q.weight, 1.0);
    /// ```
    pub fn new(id: impl Into<String>, kind: QuestionKind) -> Self {
        Self {
            id: id.into(),
            kind,
            weight: 1.0,
            comparator: Comparator::Similarity,
        }
    }

    /// Set the weight.
    ///
    /// ```
    /// # use nastavnik::questionnaire::{Question, QuestionKind};
    /// assert_eq!(Question::new("x", QuestionKind::Likert { levels: 5 }).with_weight(2.0).weight, 2.0);
    /// ```
    pub fn with_weight(mut self, weight: f64) -> Self {
        self.weight = weight;
        self
    }

    /// Set the comparator.
    ///
    /// ```
    /// # use nastavnik::questionnaire::{Comparator, Question, QuestionKind};
    /// let q = Question::new("x", QuestionKind::Likert { levels: 5 }).with_comparator(Comparator::Exact);
    /// assert_eq!(q.comparator, Comparator::Exact);
    /// ```
    pub fn with_comparator(mut self, comparator: Comparator) -> Self {
        self.comparator = comparator;
        self
    }
}

/// A closed interval `[min, max]` on a difference `mentor - mentee`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// Smallest allowed difference (may be negative; absent or `null` in JSON = no bound).
    #[serde(
        default = "neg_inf",
        deserialize_with = "de_min",
        skip_serializing_if = "is_inf"
    )]
    pub min: f64,
    /// Largest allowed difference (absent or `null` in JSON = no bound).
    #[serde(
        default = "pos_inf",
        deserialize_with = "de_max",
        skip_serializing_if = "is_inf"
    )]
    pub max: f64,
}

fn neg_inf() -> f64 {
    f64::NEG_INFINITY
}
fn pos_inf() -> f64 {
    f64::INFINITY
}
fn is_inf(x: &f64) -> bool {
    x.is_infinite()
}
fn de_min<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NEG_INFINITY))
}
fn de_max<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
}

impl Gap {
    /// Whether `d` lies in the interval.
    ///
    /// ```
    /// use nastavnik::questionnaire::Gap;
    /// assert!(Gap { min: 2.0, max: 4.0 }.contains(3.0));
    /// ```
    pub fn contains(&self, d: f64) -> bool {
        self.min <= d && d <= self.max
    }
}

/// Organisation rule for a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationRule {
    /// No constraint.
    #[default]
    Any,
    /// Mentor and mentee from the same organisation (when both are known).
    Same,
    /// From different organisations (when both are known).
    Different,
}

/// Hard rules for pairs of one form.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormRule {
    /// Allowed `mentor age - mentee age` (checked when both ages are known).
    #[serde(default)]
    pub age_gap: Option<Gap>,
    /// Allowed `mentor experience - mentee experience` (checked when both are known).
    #[serde(default)]
    pub experience_gap: Option<Gap>,
    /// Same or different organisation.
    #[serde(default)]
    pub organisation: OrganisationRule,
}

/// The hard rules of a programme. Violating pairs are forbidden (score `-inf`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Mentor and mentee must take part in the same form (when both forms are known). Default true.
    #[serde(default = "yes")]
    pub same_form: bool,
    /// Online-only and in-person-only participants cannot be paired. Default true.
    #[serde(default = "yes")]
    pub compatible_mode: bool,
    /// Rules for pairs whose form has no entry in `by_form`.
    #[serde(default)]
    pub default: FormRule,
    /// Rules by the mentee's form.
    #[serde(default)]
    pub by_form: BTreeMap<Form, FormRule>,
    /// Pairs `(mentee id, mentor id)` that must not be formed.
    #[serde(default)]
    pub forbidden: Vec<(String, String)>,
    /// Pairs `(mentee id, mentor id)` that must be formed: the mentee may only go to the mentors of
    /// their required pairs. Required pairs override the other rules.
    #[serde(default)]
    pub required: Vec<(String, String)>,
}

fn yes() -> bool {
    true
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            same_form: true,
            compatible_mode: true,
            default: FormRule::default(),
            by_form: BTreeMap::new(),
            forbidden: Vec::new(),
            required: Vec::new(),
        }
    }
}

impl Rules {
    /// The rule that applies to a mentee of the given form.
    ///
    /// ```
    /// use nastavnik::questionnaire::{FormRule, Gap, Rules};
    /// use nastavnik::cohort::Form;
    /// let mut r = Rules::default();
    /// r.by_form.insert(Form::StudentStudent, FormRule { age_gap: Some(Gap { min: 2.0, max: 6.0 }), ..Default::default() });
    /// assert!(r.rule_for(Some(Form::StudentStudent)).age_gap.is_some());
    /// assert!(r.rule_for(None).age_gap.is_none());
    /// ```
    pub fn rule_for(&self, form: Option<Form>) -> &FormRule {
        form.and_then(|f| self.by_form.get(&f))
            .unwrap_or(&self.default)
    }
}

/// The questionnaire schema and the programme's hard rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Questions, in order.
    pub questions: Vec<Question>,
    /// Hard rules.
    #[serde(default)]
    pub rules: Rules,
    /// How missing answers count. `None` (default, Gower's coefficient): a question that either side
    /// left unanswered is left out and the weights of the rest are renormalised. `Some(v)`: the
    /// question counts with value `v` in `[0, 1]`.
    #[serde(default)]
    pub missing_value: Option<f64>,
}

impl Schema {
    /// Validate and build a schema with default rules.
    ///
    /// # Errors
    /// [`Error::DuplicateId`] for repeated question ids or options, [`Error::InvalidValue`] naming
    /// the question for a negative or non-finite weight, an empty option list, `min >= max`, fewer
    /// than two Likert levels, or a comparator that does not fit the kind (complementarity or
    /// window on a categorical question).
    ///
    /// ```
    /// use nastavnik::questionnaire::{Comparator, Question, QuestionKind, Schema};
    /// let bad = Schema::new(vec![Question::new("goal", QuestionKind::categorical(["a", "b"]))
    ///     .with_comparator(Comparator::Complementarity)]);
    /// assert!(bad.unwrap_err().to_string().contains("goal"));
    /// ```
    pub fn new(questions: Vec<Question>) -> Result<Self> {
        let s = Self {
            questions,
            rules: Rules::default(),
            missing_value: None,
        };
        s.validate()?;
        Ok(s)
    }

    /// Replace the rules (validated).
    ///
    /// # Errors
    /// As [`Schema::validate`].
    ///
    /// ```
    /// use nastavnik::questionnaire::{Rules, Schema};
    /// let s = Schema::new(vec![])?.with_rules(Rules { same_form: false, ..Rules::default() })?;
    /// assert!(!s.rules.same_form);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn with_rules(mut self, rules: Rules) -> Result<Self> {
        self.rules = rules;
        self.validate()?;
        Ok(self)
    }

    /// Parse a schema from JSON and validate it.
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON (with line and column), else as [`Schema::validate`].
    ///
    /// ```
    /// use nastavnik::questionnaire::Schema;
    /// let s = Schema::from_json(r#"{"questions": [{"id": "e", "type": "likert", "levels": 5}]}"#)?;
    /// assert_eq!(s.questions.len(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let parse_err = |e: serde_json::Error| Error::Parse {
            what: "schema JSON".into(),
            message: crate::suggest::improve_serde_message(&e.to_string()),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(parse_err)?;
        check_question_keys(&value)?;
        // Parsed from the text again so that errors keep their line and column.
        let s: Schema = serde_json::from_str(text).map_err(parse_err)?;
        s.validate()?;
        Ok(s)
    }

    /// Serialise to pretty JSON.
    ///
    /// ```
    /// use nastavnik::questionnaire::Schema;
    /// assert!(Schema::new(vec![])?.to_json().contains("questions"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Check the schema (see [`Schema::new`]).
    ///
    /// # Errors
    /// See [`Schema::new`]; also a `missing_value` outside `[0, 1]` and invalid gaps.
    ///
    /// ```
    /// use nastavnik::questionnaire::Schema;
    /// let mut s = Schema::new(vec![])?;
    /// s.missing_value = Some(2.0);
    /// assert!(s.validate().is_err());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, q) in self.questions.iter().enumerate() {
            if let Some(&first) = seen.get(q.id.as_str()) {
                return Err(Error::DuplicateId {
                    what: "schema questions".into(),
                    id: q.id.clone(),
                    first,
                    second: i,
                });
            }
            seen.insert(&q.id, i);
            let bad = |msg: String| Err(Error::invalid(format!("question {:?}", q.id), msg));
            if q.id.trim().is_empty() {
                return bad(format!("question {i} has an empty id"));
            }
            if !q.weight.is_finite() || q.weight < 0.0 {
                return bad(format!("weight {} must be finite and >= 0", q.weight));
            }
            match &q.kind {
                QuestionKind::Numeric { min, max } => {
                    if !(min.is_finite() && max.is_finite() && min < max) {
                        return bad(format!("needs finite min < max, got [{min}, {max}]"));
                    }
                }
                QuestionKind::Likert { levels } => {
                    if *levels < 2 {
                        return bad(format!(
                            "a Likert scale needs at least 2 levels, got {levels}"
                        ));
                    }
                }
                QuestionKind::Categorical { options } | QuestionKind::MultiSelect { options } => {
                    if options.is_empty() {
                        return bad("has no options".into());
                    }
                    let mut opt: HashMap<&str, usize> = HashMap::new();
                    for (k, o) in options.iter().enumerate() {
                        if let Some(&first) = opt.get(o.as_str()) {
                            return Err(Error::DuplicateId {
                                what: format!("options of question {:?}", q.id),
                                id: o.clone(),
                                first,
                                second: k,
                            });
                        }
                        opt.insert(o, k);
                    }
                }
            }
            match (&q.comparator, &q.kind) {
                (Comparator::Complementarity, QuestionKind::Categorical { .. }) => {
                    return bad(
                        "complementarity needs a numeric, Likert or multi-select question".into(),
                    );
                }
                (
                    Comparator::Window {
                        min,
                        max,
                        tolerance,
                    },
                    kind,
                ) => {
                    if !kind.is_numeric() {
                        return bad("a window comparator needs a numeric or Likert question".into());
                    }
                    let window_ok = min.is_finite() && max.is_finite() && min <= max;
                    let tolerance_ok = tolerance.is_finite() && *tolerance >= 0.0;
                    if !(window_ok && tolerance_ok) {
                        return bad(format!(
                            "window needs finite min <= max and tolerance >= 0, got [{min}, {max}] ± {tolerance}"
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(v) = self.missing_value
            && !(0.0..=1.0).contains(&v)
        {
            return Err(Error::invalid(
                "missing_value",
                format!("{v} must lie in [0, 1]"),
            ));
        }
        let rules = std::iter::once(("default".to_string(), &self.rules.default)).chain(
            self.rules
                .by_form
                .iter()
                .map(|(f, r)| (f.as_str().to_string(), r)),
        );
        for (name, r) in rules {
            for (what, g) in [("age_gap", r.age_gap), ("experience_gap", r.experience_gap)] {
                if let Some(g) = g
                    && (g.min.is_nan() || g.max.is_nan() || g.min > g.max)
                {
                    return Err(Error::invalid(
                        format!("rule {name}.{what}"),
                        format!("needs min <= max, got [{}, {}]", g.min, g.max),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Encode participants' answers as a dense feature matrix for vector similarity kernels.
    ///
    /// Columns: one per numeric/Likert question (normalised to `[0, 1]`, missing = 0.5), one per
    /// option of categorical and multi-select questions (one-hot / multi-hot, missing = all 0).
    /// Each question's columns are scaled by the square root of its weight, so a dot product
    /// weighs questions as the schema does.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming the participant and question for an answer of the wrong
    /// type or an unknown option.
    ///
    /// ```
    /// use nastavnik::cohort::{Answer, Participant, Role};
    /// use nastavnik::questionnaire::{Question, QuestionKind, Schema};
    /// let s = Schema::new(vec![Question::new("goal", QuestionKind::categorical(["a", "b"]))])?;
    /// let p = Participant::new("x", Role::Mentee).with_answer("goal", Answer::Choice("b".into()));
    /// let f = s.encode_features(&[&p])?;
    /// assert_eq!(f.columns, vec!["goal=a", "goal=b"]);
    /// assert_eq!(f.values.row(0).to_vec(), vec![0.0, 1.0]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn encode_features(&self, participants: &[&Participant]) -> Result<FeatureMatrix> {
        let mut columns = Vec::new();
        for q in &self.questions {
            match &q.kind {
                QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => {
                    columns.push(q.id.clone())
                }
                QuestionKind::Categorical { options } | QuestionKind::MultiSelect { options } => {
                    columns.extend(options.iter().map(|o| format!("{}={o}", q.id)))
                }
            }
        }
        let mut values =
            crate::memory::try_array2(participants.len(), columns.len(), 0.0f64, "encoded matrix")?;
        for (r, p) in participants.iter().enumerate() {
            let mut c = 0;
            for q in &self.questions {
                let scale = q.weight.sqrt();
                match decode(q, p)? {
                    Decoded::Number(v) => {
                        values[[r, c]] = scale * v.map_or(0.5, |v| normalise(&q.kind, v));
                        c += 1;
                    }
                    Decoded::Choice(k) => {
                        if let Some(k) = k {
                            values[[r, c + k]] = scale;
                        }
                        c += option_count(&q.kind);
                    }
                    Decoded::Set(ks) => {
                        for k in ks.unwrap_or_default() {
                            values[[r, c + k]] = scale;
                        }
                        c += option_count(&q.kind);
                    }
                }
            }
        }
        Ok(FeatureMatrix { values, columns })
    }
}

/// A dense feature matrix with named columns (see [`Schema::encode_features`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    /// Participants × features.
    pub values: Array2<f64>,
    /// Column names: `question` or `question=option`.
    pub columns: Vec<String>,
}

fn option_count(kind: &QuestionKind) -> usize {
    match kind {
        QuestionKind::Categorical { options } | QuestionKind::MultiSelect { options } => {
            options.len()
        }
        _ => 1,
    }
}

/// Normalise a numeric/Likert answer to `[0, 1]` (clamped).
pub(crate) fn normalise(kind: &QuestionKind, v: f64) -> f64 {
    let (lo, hi) = match kind {
        QuestionKind::Numeric { min, max } => (*min, *max),
        QuestionKind::Likert { levels } => (1.0, f64::from(*levels)),
        _ => return 0.0,
    };
    ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// One participant's answer to one question, decoded against the schema.
pub(crate) enum Decoded {
    /// Raw numeric value, `None` if missing.
    Number(Option<f64>),
    /// Option index, `None` if missing.
    Choice(Option<usize>),
    /// Selected option indices, `None` if missing (an explicit empty list is an answer).
    Set(Option<Vec<usize>>),
}

fn find_option(q: &Question, options: &[String], value: &str, p: &Participant) -> Result<usize> {
    let v = value.trim();
    options.iter().position(|o| o == v).ok_or_else(|| {
        Error::invalid(
            format!("answer of participant {:?} to question {:?}", p.id, q.id),
            format!("{v:?} is not one of the options {options:?}"),
        )
    })
}

/// Decode a participant's answer to `q`.
pub(crate) fn decode(q: &Question, p: &Participant) -> Result<Decoded> {
    let wrong = |expected: &str| {
        Err(Error::invalid(
            format!("answer of participant {:?} to question {:?}", p.id, q.id),
            format!("expected {expected}"),
        ))
    };
    let answer = p.answers.get(&q.id);
    match &q.kind {
        QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => {
            let v = match answer {
                Some(Answer::Number(v)) => Some(*v),
                Some(Answer::Choice(s)) if s.trim().is_empty() => None,
                Some(Answer::Choice(s)) => match s.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => Some(v),
                    _ => return wrong("a finite number"),
                },
                Some(Answer::Choices(_)) => return wrong("a number"),
                None => match q.id.as_str() {
                    "age" => p.age,
                    "experience_years" => p.experience_years,
                    _ => None,
                },
            };
            if let (Some(v), QuestionKind::Likert { levels }) = (v, &q.kind)
                && (v.fract() != 0.0 || v < 1.0 || v > f64::from(*levels))
            {
                return wrong(&format!("a Likert level 1..={levels}, got {v}"));
            }
            Ok(Decoded::Number(v))
        }
        QuestionKind::Categorical { options } => match answer {
            None => Ok(Decoded::Choice(None)),
            Some(Answer::Choice(s)) if s.trim().is_empty() => Ok(Decoded::Choice(None)),
            Some(Answer::Choice(s)) => Ok(Decoded::Choice(Some(find_option(q, options, s, p)?))),
            Some(Answer::Number(v)) => {
                let s = format!("{v}");
                Ok(Decoded::Choice(Some(find_option(q, options, &s, p)?)))
            }
            Some(Answer::Choices(_)) => wrong("a single option"),
        },
        QuestionKind::MultiSelect { options } => {
            let items: Vec<&str> = match answer {
                None => return Ok(Decoded::Set(None)),
                Some(Answer::Choice(s)) if s.trim().is_empty() => return Ok(Decoded::Set(None)),
                Some(Answer::Choice(s)) => s.split(';').filter(|x| !x.trim().is_empty()).collect(),
                Some(Answer::Choices(v)) => v.iter().map(String::as_str).collect(),
                Some(Answer::Number(_)) => return wrong("a list of options"),
            };
            let mut ks = items
                .into_iter()
                .map(|s| find_option(q, options, s, p))
                .collect::<Result<Vec<_>>>()?;
            ks.sort_unstable();
            ks.dedup();
            Ok(Decoded::Set(Some(ks)))
        }
    }
}

/// Keys a question object may have (its kind's fields are flattened into it, so serde's
/// `deny_unknown_fields` cannot check them).
const QUESTION_KEYS: [&str; 8] = [
    "id",
    "type",
    "weight",
    "comparator",
    "min",
    "max",
    "levels",
    "options",
];

/// Reject unknown keys in the schema's question objects, naming the question and the nearest
/// valid key.
fn check_question_keys(value: &serde_json::Value) -> Result<()> {
    let Some(questions) = value.get("questions").and_then(|q| q.as_array()) else {
        return Ok(());
    };
    for (i, q) in questions.iter().enumerate() {
        let Some(obj) = q.as_object() else { continue };
        for key in obj.keys() {
            if !QUESTION_KEYS.contains(&key.as_str()) {
                let id = obj.get("id").and_then(|v| v.as_str()).unwrap_or("?");
                return Err(Error::Parse {
                    what: "schema JSON".into(),
                    message: format!(
                        "unknown key \"{key}\" in question {i} (id \"{id}\"){}; valid keys: {}",
                        crate::suggest::did_you_mean(key, QUESTION_KEYS),
                        QUESTION_KEYS.join(", ")
                    ),
                });
            }
        }
    }
    Ok(())
}
