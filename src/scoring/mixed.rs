//! The mixed-schema score: questionnaire answers of every consenting mentee and mentor compared
//! question by question, blended by weight, with the programme's hard rules applied.
//!
//! For a pair (mentee `i`, mentor `j`) each question `q` answered by both gives a value
//! `s_q ∈ [0, 1]` from its [`Comparator`](crate::questionnaire::Comparator); the score is Gower's
//! coefficient `Σ w_q s_q / Σ w_q` over the questions both answered (or, with
//! [`Schema::missing_value`] set, over all questions with missing ones valued at that constant).
//! Pairs that break a hard rule get `-inf` and their reasons are available from
//! [`Scorer::explain`].
//!
//! Complexity: O(n·m·q) time for the dense matrix (rayon over mentee rows), O(n·k) memory for
//! [`Scorer::top_k`]. Participants without consent are left out before anything is computed.
//!
//! # Examples
//! ```
//! use nastavnik::synthetic::{generate, SyntheticConfig};
//! use nastavnik::scoring::Scorer;
//! let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(40).with_n_mentors(12))?;
//! let scorer = Scorer::new(&schema, &cohort)?;
//! let m = scorer.score_matrix();
//! assert_eq!(m.scores.dim(), (scorer.mentee_ids().len(), scorer.mentor_ids().len()));
//! let why = scorer.explain(&m.mentee_ids[0], &m.mentor_ids[0])?;
//! if why.allowed { assert!((why.score - m.scores[[0, 0]]).abs() < 1e-12); }
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::candidates::Candidates;
use super::similarity::jaccard_words;
use super::topk::{check_k, streaming_top_k};
use crate::cohort::{Cohort, Mode, Participant, Role};
use crate::error::{Error, Result};
use crate::questionnaire::{
    Comparator, Decoded, OrganisationRule, QuestionKind, Schema, decode, normalise,
};

/// Why a pair is forbidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Listed in the rules' forbidden pairs.
    ExplicitlyForbidden,
    /// The mentee has required pairs with other mentors.
    RequiredElsewhere,
    /// Mentor and mentee take part in different forms.
    FormMismatch,
    /// One meets online only, the other in person only.
    ModeMismatch,
    /// The age difference is outside the form's gap.
    AgeGap,
    /// The experience difference is outside the form's gap.
    ExperienceGap,
    /// The organisation rule (same / different) is broken.
    Organisation,
}

impl fmt::Display for Reason {
    /// ```
    /// assert_eq!(nastavnik::scoring::Reason::AgeGap.to_string(), "age gap outside the allowed range");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::ExplicitlyForbidden => "pair listed as forbidden",
            Reason::RequiredElsewhere => "mentee has a required pair with another mentor",
            Reason::FormMismatch => "different forms of mentoring",
            Reason::ModeMismatch => "online-only and in-person-only",
            Reason::AgeGap => "age gap outside the allowed range",
            Reason::ExperienceGap => "experience gap outside the allowed range",
            Reason::Organisation => "organisation rule broken",
        })
    }
}

/// A dense score matrix with ids: mentees × mentors, `-inf` for forbidden pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreMatrix {
    /// Ids of the consenting mentees (rows), in cohort order.
    pub mentee_ids: Vec<String>,
    /// Ids of the consenting mentors (columns), in cohort order.
    pub mentor_ids: Vec<String>,
    /// Scores in `[0, 1]`, `-inf` where a hard rule forbids the pair.
    pub scores: Array2<f64>,
    /// Capacity of each mentor (column).
    pub mentor_capacity: Vec<u32>,
    /// Ids left out because no consent was recorded.
    pub excluded_ids: Vec<String>,
}

impl ScoreMatrix {
    /// `true` where the pair is forbidden.
    ///
    /// ```
    /// use nastavnik::scoring::ScoreMatrix;
    /// let m = ScoreMatrix { mentee_ids: vec!["a".into()], mentor_ids: vec!["x".into(), "y".into()],
    ///     scores: ndarray::array![[0.5, f64::NEG_INFINITY]], mentor_capacity: vec![1, 1], excluded_ids: vec![] };
    /// assert_eq!(m.forbidden().row(0).to_vec(), vec![false, true]);
    /// ```
    pub fn forbidden(&self) -> Array2<bool> {
        self.scores.mapv(|v| v == f64::NEG_INFINITY)
    }
}

/// One question's share of a pair's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Question id.
    pub question: String,
    /// The question's weight in the schema.
    pub weight: f64,
    /// The comparator's value in `[0, 1]`, `None` when an answer is missing (and skipped).
    pub value: Option<f64>,
    /// This question's part of the score: `weight × value / Σ weights counted` (0 when skipped).
    pub contribution: f64,
}

/// Why a pair scores what it scores (see [`Scorer::explain`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Mentee id.
    pub mentee_id: String,
    /// Mentor id.
    pub mentor_id: String,
    /// The questionnaire score (before hard rules), the sum of the contributions.
    pub score: f64,
    /// Whether the hard rules allow the pair.
    pub allowed: bool,
    /// The hard rules that forbid the pair (empty when allowed).
    pub forbidden_by: Vec<Reason>,
    /// Per-question contributions, in schema order.
    pub contributions: Vec<Contribution>,
}

#[derive(Clone, Copy)]
enum NumCmp {
    Similarity,
    Complementarity,
    Exact,
    Window { min: f64, max: f64, tol: f64 },
}

#[derive(Clone, Copy)]
enum SetCmp {
    Similarity,
    Complementarity,
    Exact,
}

#[derive(Clone, Copy)]
enum Plan {
    Num {
        col: usize,
        cmp: NumCmp,
    },
    Cat {
        col: usize,
    },
    Set {
        col: usize,
        off: usize,
        words: usize,
        cmp: SetCmp,
    },
}

#[derive(Default)]
struct Side {
    ids: Vec<String>,
    n_num: usize,
    n_cat: usize,
    n_set: usize,
    words: usize,
    /// Normalised numeric answers (NaN = missing).
    num: Vec<f64>,
    /// Raw numeric answers (for windows).
    raw: Vec<f64>,
    /// Category codes (-1 = missing).
    cat: Vec<i32>,
    /// Packed multi-select answers.
    sets: Vec<u64>,
    /// Whether each multi-select question was answered.
    set_ok: Vec<bool>,
    form: Vec<u8>,
    age: Vec<f64>,
    exp: Vec<f64>,
    org: Vec<u32>,
    mode: Vec<Mode>,
    capacity: Vec<u32>,
}

const NO_FORM: u8 = u8::MAX;
const NO_ORG: u32 = u32::MAX;

/// A validated, encoded questionnaire scorer for one cohort.
pub struct Scorer {
    schema: Schema,
    plans: Vec<(Plan, f64)>,
    total_weight: f64,
    mentees: Side,
    mentors: Side,
    /// Per mentee: sorted forbidden mentor columns.
    forbidden: Vec<Vec<u32>>,
    /// Per mentee: sorted required mentor columns (non-empty = only these allowed).
    required: Vec<Vec<u32>>,
    excluded: Vec<String>,
    forms: Vec<crate::cohort::Form>,
}

impl Scorer {
    /// Validate the schema against the cohort and encode every consenting participant.
    ///
    /// # Errors
    /// [`Error::Empty`] when there is no consenting mentee or mentor; [`Error::InvalidValue`]
    /// naming the participant and question for a wrong-typed answer or unknown option;
    /// [`Error::UnknownId`] for a forbidden/required pair naming an id not in the cohort;
    /// [`Error::InvalidValue`] for a pair whose ids have the wrong roles or that is both forbidden
    /// and required; [`Error::Infeasible`] for a required pair with a participant without consent.
    ///
    /// ```
    /// use nastavnik::cohort::{Cohort, Participant, Role};
    /// use nastavnik::questionnaire::Schema;
    /// use nastavnik::scoring::Scorer;
    /// let cohort = Cohort::new(vec![Participant::new("m", Role::Mentor).with_consent(true)])?;
    /// let err = Scorer::new(&Schema::new(vec![])?, &cohort).err().unwrap();
    /// assert!(err.to_string().contains("mentees"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn new(schema: &Schema, cohort: &Cohort) -> Result<Self> {
        schema.validate()?;
        let mentees = cohort.mentees();
        let mentors = cohort.mentors();
        if mentees.is_empty() {
            return Err(Error::empty("consenting mentees"));
        }
        if mentors.is_empty() {
            return Err(Error::empty("consenting mentors"));
        }
        let mut plans = Vec::new();
        let (mut n_num, mut n_cat, mut n_set, mut words) = (0, 0, 0, 0);
        for q in &schema.questions {
            let plan = match (&q.kind, &q.comparator) {
                (QuestionKind::Categorical { .. }, _) => {
                    n_cat += 1;
                    Plan::Cat { col: n_cat - 1 }
                }
                (QuestionKind::MultiSelect { options }, c) => {
                    let w = options.len().div_ceil(64);
                    let plan = Plan::Set {
                        col: n_set,
                        off: words,
                        words: w,
                        cmp: match c {
                            Comparator::Complementarity => SetCmp::Complementarity,
                            Comparator::Exact => SetCmp::Exact,
                            _ => SetCmp::Similarity,
                        },
                    };
                    n_set += 1;
                    words += w;
                    plan
                }
                (_, c) => {
                    n_num += 1;
                    Plan::Num {
                        col: n_num - 1,
                        cmp: match *c {
                            Comparator::Similarity => NumCmp::Similarity,
                            Comparator::Complementarity => NumCmp::Complementarity,
                            Comparator::Exact => NumCmp::Exact,
                            Comparator::Window {
                                min,
                                max,
                                tolerance,
                            } => NumCmp::Window {
                                min,
                                max,
                                tol: tolerance,
                            },
                        },
                    }
                }
            };
            plans.push((plan, q.weight));
        }
        let mut orgs: HashMap<String, u32> = HashMap::new();
        let forms = crate::cohort::Form::ALL.to_vec();
        let shape = (n_num, n_cat, n_set, words);
        let mentee_side = encode_side(schema, &mentees, shape, &mut orgs, &forms)?;
        let mentor_side = encode_side(schema, &mentors, shape, &mut orgs, &forms)?;
        let total_weight = plans.iter().map(|p| p.1).sum();

        let mentee_index: HashMap<&str, usize> = mentees
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mentor_index: HashMap<&str, usize> = mentors
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut forbidden = vec![Vec::new(); mentees.len()];
        let mut required = vec![Vec::new(); mentees.len()];
        for (list, is_required) in [
            (&schema.rules.forbidden, false),
            (&schema.rules.required, true),
        ] {
            let what = if is_required {
                "required pairs"
            } else {
                "forbidden pairs"
            };
            for (a, b) in list {
                for (id, role) in [(a, Role::Mentee), (b, Role::Mentor)] {
                    match cohort.get(id) {
                        None => {
                            return Err(Error::UnknownId {
                                what: what.into(),
                                id: id.clone(),
                            })
                        }
                        Some(p) if p.role != role => {
                            return Err(Error::invalid(
                                what,
                                format!("pair ({a:?}, {b:?}): {id:?} is not a {role:?} (pairs are (mentee id, mentor id))").to_lowercase(),
                            ))
                        }
                        Some(p) if !p.consent && is_required => {
                            return Err(Error::infeasible(format!(
                                "required pair ({a:?}, {b:?}): participant {id:?} has no recorded consent"
                            )))
                        }
                        _ => {}
                    }
                }
                if let (Some(&i), Some(&j)) =
                    (mentee_index.get(a.as_str()), mentor_index.get(b.as_str()))
                {
                    if is_required {
                        required[i].push(j as u32);
                    } else {
                        forbidden[i].push(j as u32);
                    }
                }
            }
        }
        for (i, (f, r)) in forbidden.iter_mut().zip(required.iter_mut()).enumerate() {
            f.sort_unstable();
            f.dedup();
            r.sort_unstable();
            r.dedup();
            if let Some(j) = r.iter().find(|j| f.binary_search(j).is_ok()) {
                return Err(Error::invalid(
                    "rules",
                    format!(
                        "pair ({:?}, {:?}) is both required and forbidden",
                        mentee_side.ids[i], mentor_side.ids[*j as usize]
                    ),
                ));
            }
        }
        Ok(Self {
            schema: schema.clone(),
            plans,
            total_weight,
            mentees: mentee_side,
            mentors: mentor_side,
            forbidden,
            required,
            excluded: cohort
                .without_consent()
                .into_iter()
                .map(String::from)
                .collect(),
            forms,
        })
    }

    /// Ids of the consenting mentees (rows), in cohort order.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(5).with_n_mentors(3))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// assert!(s.mentee_ids().len() <= 5);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn mentee_ids(&self) -> &[String] {
        &self.mentees.ids
    }

    /// Ids of the consenting mentors (columns), in cohort order.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(5).with_n_mentors(3))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// assert!(s.mentor_ids().len() <= 3);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn mentor_ids(&self) -> &[String] {
        &self.mentors.ids
    }

    /// Capacities of the consenting mentors (columns).
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(5).with_n_mentors(3))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// assert_eq!(s.mentor_capacity().len(), s.mentor_ids().len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn mentor_capacity(&self) -> &[u32] {
        &self.mentors.capacity
    }

    /// Ids left out for lack of consent.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(50).with_n_mentors(10))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// assert_eq!(s.excluded_ids().len(), cohort.without_consent().len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn excluded_ids(&self) -> &[String] {
        &self.excluded
    }

    /// Row index of a mentee id.
    fn mentee_row(&self, id: &str) -> Result<usize> {
        self.mentees
            .ids
            .iter()
            .position(|x| x == id)
            .ok_or_else(|| Error::UnknownId {
                what: "consenting mentees".into(),
                id: id.into(),
            })
    }

    fn mentor_col(&self, id: &str) -> Result<usize> {
        self.mentors
            .ids
            .iter()
            .position(|x| x == id)
            .ok_or_else(|| Error::UnknownId {
                what: "consenting mentors".into(),
                id: id.into(),
            })
    }

    /// The first hard rule forbidding pair `(i, j)`, if any.
    fn reasons(&self, i: usize, j: usize, all: bool) -> Vec<Reason> {
        let mut out = Vec::new();
        let req = &self.required[i];
        if !req.is_empty() {
            if req.binary_search(&(j as u32)).is_ok() {
                return out;
            }
            out.push(Reason::RequiredElsewhere);
            if !all {
                return out;
            }
        }
        if self.forbidden[i].binary_search(&(j as u32)).is_ok() {
            out.push(Reason::ExplicitlyForbidden);
            if !all {
                return out;
            }
        }
        let (e, r) = (&self.mentees, &self.mentors);
        let rules = &self.schema.rules;
        if rules.same_form && e.form[i] != NO_FORM && r.form[j] != NO_FORM && e.form[i] != r.form[j]
        {
            out.push(Reason::FormMismatch);
            if !all {
                return out;
            }
        }
        if rules.compatible_mode && !e.mode[i].compatible(r.mode[j]) {
            out.push(Reason::ModeMismatch);
            if !all {
                return out;
            }
        }
        let form = self.forms.get(e.form[i] as usize).copied();
        let rule = rules.rule_for(form);
        if let Some(g) = rule.age_gap {
            let d = r.age[j] - e.age[i];
            if !d.is_nan() && !g.contains(d) {
                out.push(Reason::AgeGap);
                if !all {
                    return out;
                }
            }
        }
        if let Some(g) = rule.experience_gap {
            let d = r.exp[j] - e.exp[i];
            if !d.is_nan() && !g.contains(d) {
                out.push(Reason::ExperienceGap);
                if !all {
                    return out;
                }
            }
        }
        let (oa, ob) = (e.org[i], r.org[j]);
        if oa != NO_ORG && ob != NO_ORG {
            let broken = match rule.organisation {
                OrganisationRule::Any => false,
                OrganisationRule::Same => oa != ob,
                OrganisationRule::Different => oa == ob,
            };
            if broken {
                out.push(Reason::Organisation);
            }
        }
        out
    }

    #[inline]
    fn allowed(&self, i: usize, j: usize) -> bool {
        self.reasons(i, j, false).is_empty()
    }

    /// Comparator value of one question for pair `(i, j)`, `None` when missing.
    #[inline]
    fn value(&self, plan: Plan, i: usize, j: usize) -> Option<f64> {
        let (e, r) = (&self.mentees, &self.mentors);
        match plan {
            Plan::Num { col, cmp } => {
                let (a, b) = (e.num[i * e.n_num + col], r.num[j * r.n_num + col]);
                if a.is_nan() || b.is_nan() {
                    return None;
                }
                Some(match cmp {
                    NumCmp::Similarity => 1.0 - (a - b).abs(),
                    NumCmp::Complementarity => (b - a).max(0.0),
                    NumCmp::Exact => f64::from(u8::from(
                        e.raw[i * e.n_num + col] == r.raw[j * r.n_num + col],
                    )),
                    NumCmp::Window { min, max, tol } => {
                        let d = r.raw[j * r.n_num + col] - e.raw[i * e.n_num + col];
                        let out = if d < min {
                            min - d
                        } else if d > max {
                            d - max
                        } else {
                            0.0
                        };
                        if out == 0.0 {
                            1.0
                        } else if tol > 0.0 {
                            (1.0 - out / tol).max(0.0)
                        } else {
                            0.0
                        }
                    }
                })
            }
            Plan::Cat { col } => {
                let (a, b) = (e.cat[i * e.n_cat + col], r.cat[j * r.n_cat + col]);
                if a < 0 || b < 0 {
                    return None;
                }
                Some(f64::from(u8::from(a == b)))
            }
            Plan::Set {
                col,
                off,
                words,
                cmp,
            } => {
                if !e.set_ok[i * e.n_set + col] || !r.set_ok[j * r.n_set + col] {
                    return None;
                }
                let x = &e.sets[i * e.words + off..i * e.words + off + words];
                let y = &r.sets[j * r.words + off..j * r.words + off + words];
                Some(match cmp {
                    SetCmp::Similarity => jaccard_words(x, y),
                    SetCmp::Exact => f64::from(u8::from(x == y)),
                    SetCmp::Complementarity => {
                        let (mut inter, mut need) = (0u32, 0u32);
                        for (&p, &q) in x.iter().zip(y) {
                            inter += (p & q).count_ones();
                            need += p.count_ones();
                        }
                        if need == 0 {
                            0.0
                        } else {
                            f64::from(inter) / f64::from(need)
                        }
                    }
                })
            }
        }
    }

    /// Questionnaire score of pair `(i, j)` ignoring hard rules.
    #[inline]
    fn raw_score(&self, i: usize, j: usize) -> f64 {
        match self.schema.missing_value {
            None => {
                let (mut num, mut den) = (0.0, 0.0);
                for &(plan, w) in &self.plans {
                    if let Some(v) = self.value(plan, i, j) {
                        num += w * v;
                        den += w;
                    }
                }
                if den > 0.0 { num / den } else { 0.0 }
            }
            Some(miss) => {
                if self.total_weight <= 0.0 {
                    return 0.0;
                }
                let mut num = 0.0;
                for &(plan, w) in &self.plans {
                    num += w * self.value(plan, i, j).unwrap_or(miss);
                }
                num / self.total_weight
            }
        }
    }

    fn fill_row(&self, i: usize, row: &mut [f64]) {
        for (j, v) in row.iter_mut().enumerate() {
            *v = if self.allowed(i, j) {
                self.raw_score(i, j)
            } else {
                f64::NEG_INFINITY
            };
        }
    }

    /// The dense score matrix (mentees × mentors), `-inf` for forbidden pairs.
    ///
    /// # Panics
    /// When the n × m matrix cannot be allocated; use [`Scorer::try_score_matrix`] for sizes
    /// that come from untrusted input.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(30).with_n_mentors(10))?;
    /// let m = nastavnik::scoring::Scorer::new(&schema, &cohort)?.score_matrix();
    /// assert!(m.scores.iter().all(|&v| v == f64::NEG_INFINITY || (0.0..=1.0).contains(&v)));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn score_matrix(&self) -> ScoreMatrix {
        match self.try_score_matrix() {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    /// The dense score matrix, or [`Error::TooLarge`] when it cannot be allocated.
    ///
    /// # Errors
    /// [`Error::TooLarge`] naming the score matrix and its size.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(30).with_n_mentors(10))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// assert_eq!(s.try_score_matrix()?, s.score_matrix());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn try_score_matrix(&self) -> Result<ScoreMatrix> {
        let (n, m) = (self.mentees.ids.len(), self.mentors.ids.len());
        let len = crate::memory::checked_len(&[n, m], "score matrix")?;
        let mut out = super::buffer::zeroed::<f64>(len, "score matrix")?;
        if m > 0 {
            out.par_chunks_mut(m)
                .enumerate()
                .for_each(|(i, row)| self.fill_row(i, row));
        }
        Ok(ScoreMatrix {
            mentee_ids: self.mentees.ids.clone(),
            mentor_ids: self.mentors.ids.clone(),
            scores: Array2::from_shape_vec((n, m), out)
                .map_err(|e| Error::invalid("score matrix", e.to_string()))?,
            mentor_capacity: self.mentors.capacity.clone(),
            excluded_ids: self.excluded.clone(),
        })
    }

    /// The `k` best allowed mentors of every mentee, never materialising the dense matrix.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for `k == 0`.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(30).with_n_mentors(10))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// let c = s.top_k(3)?;
    /// assert_eq!(c.n_mentees(), s.mentee_ids().len());
    /// assert!((0..c.n_mentees()).all(|i| c.row(i).0.len() <= 3));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn top_k(&self, k: usize) -> Result<Candidates> {
        check_k(k)?;
        let (n, m) = (self.mentees.ids.len(), self.mentors.ids.len());
        streaming_top_k(n, m, k, |r0, buf: &mut [f64]| {
            for (di, row) in buf.chunks_mut(m.max(1)).enumerate() {
                self.fill_row(r0 + di, row);
            }
        })
    }

    /// Explain one pair: each question's contribution and the hard rules that forbid it.
    ///
    /// # Errors
    /// [`Error::UnknownId`] when either id is not a consenting mentee / mentor of the cohort.
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// # let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(10).with_n_mentors(5))?;
    /// let s = nastavnik::scoring::Scorer::new(&schema, &cohort)?;
    /// let e = s.explain(&s.mentee_ids()[0], &s.mentor_ids()[0])?;
    /// let sum: f64 = e.contributions.iter().map(|c| c.contribution).sum();
    /// assert!((sum - e.score).abs() < 1e-12);
    /// assert!(s.explain("nobody", &s.mentor_ids()[0]).is_err());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn explain(&self, mentee_id: &str, mentor_id: &str) -> Result<Explanation> {
        let i = self.mentee_row(mentee_id)?;
        let j = self.mentor_col(mentor_id)?;
        let values: Vec<Option<f64>> = self
            .plans
            .iter()
            .map(|&(p, _)| self.value(p, i, j))
            .collect();
        let den: f64 = match self.schema.missing_value {
            None => self
                .plans
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_some())
                .map(|(p, _)| p.1)
                .sum(),
            Some(_) => self.total_weight,
        };
        let contributions = self
            .schema
            .questions
            .iter()
            .zip(&values)
            .map(|(q, &value)| {
                let v = value.or(self.schema.missing_value);
                Contribution {
                    question: q.id.clone(),
                    weight: q.weight,
                    value,
                    contribution: match v {
                        Some(v) if den > 0.0 => q.weight * v / den,
                        _ => 0.0,
                    },
                }
            })
            .collect();
        let forbidden_by = self.reasons(i, j, true);
        Ok(Explanation {
            mentee_id: mentee_id.into(),
            mentor_id: mentor_id.into(),
            score: self.raw_score(i, j),
            allowed: forbidden_by.is_empty(),
            forbidden_by,
            contributions,
        })
    }
}

fn encode_side(
    schema: &Schema,
    people: &[&Participant],
    (n_num, n_cat, n_set, words): (usize, usize, usize, usize),
    orgs: &mut HashMap<String, u32>,
    forms: &[crate::cohort::Form],
) -> Result<Side> {
    let n = people.len();
    let what = "encoded answers";
    let cells = |w: usize| crate::memory::checked_len(&[n, w], what);
    let mut s = Side {
        n_num,
        n_cat,
        n_set,
        words,
        num: crate::memory::try_vec(cells(n_num)?, f64::NAN, what)?,
        raw: crate::memory::try_vec(cells(n_num)?, f64::NAN, what)?,
        cat: crate::memory::try_vec(cells(n_cat)?, -1, what)?,
        sets: crate::memory::try_vec(cells(words)?, 0, what)?,
        set_ok: crate::memory::try_vec(cells(n_set)?, false, what)?,
        ..Default::default()
    };
    for (r, p) in people.iter().enumerate() {
        let (mut cn, mut cc, mut cs, mut off) = (0, 0, 0, 0);
        for q in &schema.questions {
            match decode(q, p)? {
                Decoded::Number(v) => {
                    if let Some(v) = v {
                        s.num[r * n_num + cn] = normalise(&q.kind, v);
                        s.raw[r * n_num + cn] = v;
                    }
                    cn += 1;
                }
                Decoded::Choice(k) => {
                    if let Some(k) = k {
                        s.cat[r * n_cat + cc] = k as i32;
                    }
                    cc += 1;
                }
                Decoded::Set(ks) => {
                    let w = match &q.kind {
                        QuestionKind::MultiSelect { options } => options.len().div_ceil(64),
                        _ => 0,
                    };
                    if let Some(ks) = ks {
                        s.set_ok[r * n_set + cs] = true;
                        for k in ks {
                            s.sets[r * words + off + k / 64] |= 1u64 << (k % 64);
                        }
                    }
                    cs += 1;
                    off += w;
                }
            }
        }
        s.ids.push(p.id.clone());
        s.form.push(
            p.form
                .and_then(|f| forms.iter().position(|&x| x == f))
                .map_or(NO_FORM, |x| x as u8),
        );
        s.age.push(p.age.unwrap_or(f64::NAN));
        s.exp.push(p.experience_years.unwrap_or(f64::NAN));
        s.org.push(match &p.organisation {
            None => NO_ORG,
            Some(o) => {
                let next = orgs.len() as u32;
                *orgs.entry(o.clone()).or_insert(next)
            }
        });
        s.mode.push(p.mode);
        s.capacity.push(p.capacity);
    }
    Ok(s)
}
