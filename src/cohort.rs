//! Participants of a mentoring programme and the cohort that holds them.
//!
//! A [`Cohort`] is a validated list of [`Participant`]s: ids are unique and non-empty, numeric
//! fields are finite and non-negative. Only participants with a recorded consent to process personal
//! data are ever matched, scheduled or exported: [`Cohort::mentors`] and [`Cohort::mentees`] return
//! consenting participants only, and [`Cohort::without_consent`] lists the others.
//!
//! # Examples
//! ```
//! use nastavnik::cohort::{Cohort, Participant, Role};
//! let cohort = Cohort::new(vec![
//!     Participant::new("t1", Role::Mentor).with_consent(true),
//!     Participant::new("s1", Role::Mentee).with_consent(true),
//!     Participant::new("s2", Role::Mentee), // no consent recorded
//! ])?;
//! assert_eq!(cohort.mentees().len(), 1);
//! assert_eq!(cohort.without_consent(), vec!["s2"]);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::availability::Availability;
use crate::error::{Error, Result};

/// Which side of a pair a participant is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A mentor (наставник).
    Mentor,
    /// A mentee (наставляемый).
    Mentee,
}

impl std::str::FromStr for Role {
    type Err = Error;
    /// Parse `"mentor"` / `"mentee"` (also Russian `наставник` / `наставляемый`).
    ///
    /// ```
    /// use nastavnik::cohort::Role;
    /// assert_eq!("Mentor".parse::<Role>().unwrap(), Role::Mentor);
    /// assert!("pupil".parse::<Role>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "mentor" | "наставник" => Ok(Role::Mentor),
            "mentee" | "наставляемый" => Ok(Role::Mentee),
            other => Err(Error::invalid(
                "role",
                format!("{other:?} (expected \"mentor\" or \"mentee\")"),
            )),
        }
    }
}

/// The form of mentoring (pairing by role), from the federal target model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Student–student (учащийся–учащийся): mentors aged 15–19, mentees from 10.
    StudentStudent,
    /// Teacher–teacher (педагог–педагог): young specialists (0–3 years) as mentees.
    TeacherTeacher,
    /// Head–teacher (руководитель–педагог).
    HeadTeacher,
    /// Employer–student (работодатель–студент): mentors from local enterprises.
    EmployerStudent,
    /// University/college student–pupil (студент–учащийся).
    UniversityStudentPupil,
    /// College lecturer–young teacher.
    LecturerYoungTeacher,
}

impl Form {
    /// Every form, in declaration order.
    pub const ALL: [Form; 6] = [
        Form::StudentStudent,
        Form::TeacherTeacher,
        Form::HeadTeacher,
        Form::EmployerStudent,
        Form::UniversityStudentPupil,
        Form::LecturerYoungTeacher,
    ];

    /// The snake_case name used in JSON and CSV.
    ///
    /// ```
    /// assert_eq!(nastavnik::cohort::Form::TeacherTeacher.as_str(), "teacher_teacher");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Form::StudentStudent => "student_student",
            Form::TeacherTeacher => "teacher_teacher",
            Form::HeadTeacher => "head_teacher",
            Form::EmployerStudent => "employer_student",
            Form::UniversityStudentPupil => "university_student_pupil",
            Form::LecturerYoungTeacher => "lecturer_young_teacher",
        }
    }
}

impl std::str::FromStr for Form {
    type Err = Error;
    /// Parse the snake_case name.
    ///
    /// ```
    /// use nastavnik::cohort::Form;
    /// assert_eq!("employer_student".parse::<Form>().unwrap(), Form::EmployerStudent);
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        Form::ALL
            .into_iter()
            .find(|f| f.as_str() == t)
            .ok_or_else(|| {
                Error::invalid(
                    "form",
                    format!(
                        "{s:?} (expected one of {})",
                        Form::ALL.map(Form::as_str).join(", ")
                    ),
                )
            })
    }
}

/// How a participant can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// In person only.
    InPerson,
    /// Online only.
    Online,
    /// Either way.
    #[default]
    Either,
}

impl Mode {
    /// Whether two participants can meet at all.
    ///
    /// ```
    /// use nastavnik::cohort::Mode;
    /// assert!(!Mode::Online.compatible(Mode::InPerson));
    /// assert!(Mode::Either.compatible(Mode::Online));
    /// ```
    pub fn compatible(self, other: Mode) -> bool {
        !matches!(
            (self, other),
            (Mode::InPerson, Mode::Online) | (Mode::Online, Mode::InPerson)
        )
    }
}

impl std::str::FromStr for Mode {
    type Err = Error;
    /// Parse `in_person`, `online` or `either` (empty means `either`).
    ///
    /// ```
    /// use nastavnik::cohort::Mode;
    /// assert_eq!("online".parse::<Mode>().unwrap(), Mode::Online);
    /// assert_eq!("".parse::<Mode>().unwrap(), Mode::Either);
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "in_person" | "offline" => Ok(Mode::InPerson),
            "online" | "remote" => Ok(Mode::Online),
            "either" | "any" | "" => Ok(Mode::Either),
            other => Err(Error::invalid(
                "mode",
                format!("{other:?} (expected in_person, online or either)"),
            )),
        }
    }
}

/// One questionnaire answer: a number, one option, or several options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// A numeric or Likert answer.
    Number(f64),
    /// One option of a categorical question.
    Choice(String),
    /// Options of a multi-select question.
    Choices(Vec<String>),
}

/// All weekly slots available: the legacy mask of [`Availability::always`].
pub const ALL_SLOTS: u64 = u64::MAX;

/// A mentor or mentee with their questionnaire answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Unique, non-empty id (pseudonymous: the library never needs names).
    pub id: String,
    /// Mentor or mentee.
    pub role: Role,
    /// Whether consent to process personal data was recorded. Defaults to `false`.
    #[serde(default)]
    pub consent: bool,
    /// Form of mentoring the participant takes part in.
    #[serde(default)]
    pub form: Option<Form>,
    /// School, college or enterprise.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Age in years.
    #[serde(default)]
    pub age: Option<f64>,
    /// Professional experience in years (teachers, employers).
    #[serde(default)]
    pub experience_years: Option<f64>,
    /// In person, online or either.
    #[serde(default)]
    pub mode: Mode,
    /// Mentees a mentor can take (ignored for mentees). Defaults to 1.
    #[serde(default = "one")]
    pub capacity: u32,
    /// Mentee category named by the target model (e.g. `outstanding`, `low_results`).
    #[serde(default)]
    pub category: Option<String>,
    /// A grouping label such as the school class (`"7B"`), used by quotas.
    #[serde(default)]
    pub group: Option<String>,
    /// Weekly availability (time windows with in-person/online modes); the legacy 64-bit mask
    /// (bit `8 * weekday + period`) is still read, see [`crate::availability`].
    #[serde(default)]
    pub availability: Availability,
    /// Questionnaire answers by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

fn one() -> u32 {
    1
}

impl Participant {
    /// A participant with the given id and role, no consent and no answers.
    ///
    /// ```
    /// use nastavnik::cohort::{Participant, Role};
    /// let p = Participant::new("m1", Role::Mentor);
    /// assert!(!p.consent);
    /// assert_eq!(p.capacity, 1);
    /// ```
    pub fn new(id: impl Into<String>, role: Role) -> Self {
        Self {
            id: id.into(),
            role,
            consent: false,
            form: None,
            organisation: None,
            age: None,
            experience_years: None,
            mode: Mode::Either,
            capacity: 1,
            category: None,
            group: None,
            availability: Availability::always(),
            answers: BTreeMap::new(),
        }
    }

    /// Set the consent flag.
    ///
    /// ```
    /// # use nastavnik::cohort::{Participant, Role};
    /// assert!(Participant::new("a", Role::Mentee).with_consent(true).consent);
    /// ```
    pub fn with_consent(mut self, consent: bool) -> Self {
        self.consent = consent;
        self
    }

    /// Add one answer.
    ///
    /// ```
    /// use nastavnik::cohort::{Answer, Participant, Role};
    /// let p = Participant::new("a", Role::Mentee).with_answer("extraversion", Answer::Number(4.0));
    /// assert_eq!(p.answers["extraversion"], Answer::Number(4.0));
    /// ```
    pub fn with_answer(mut self, question: impl Into<String>, answer: Answer) -> Self {
        self.answers.insert(question.into(), answer);
        self
    }

    fn validate(&self, row: usize) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(Error::invalid(
                "participant id",
                format!("row {row} has an empty id"),
            ));
        }
        for (name, value) in [
            ("age", self.age),
            ("experience_years", self.experience_years),
        ] {
            if let Some(v) = value
                && (!v.is_finite() || v < 0.0)
            {
                return Err(Error::invalid(
                    name,
                    format!(
                        "participant {:?} (row {row}) has {name} = {v}; expected a finite number >= 0",
                        self.id
                    ),
                ));
            }
        }
        for (q, a) in &self.answers {
            if let Answer::Number(v) = a
                && !v.is_finite()
            {
                return Err(Error::invalid(
                    "answer",
                    format!(
                        "participant {:?} (row {row}) answered {v} to question {q:?}; leave it out to mark it missing",
                        self.id
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A validated set of participants with unique ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    participants: Vec<Participant>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct RawCohort {
    participants: Vec<Participant>,
}

impl<'de> Deserialize<'de> for Cohort {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = RawCohort::deserialize(d)?;
        Cohort::new(raw.participants).map_err(serde::de::Error::custom)
    }
}

impl Cohort {
    /// Validate and build a cohort.
    ///
    /// # Errors
    /// [`Error::DuplicateId`] naming both rows, [`Error::InvalidValue`] for an empty id, a negative
    /// or non-finite age/experience or a non-finite numeric answer (naming the participant).
    ///
    /// ```
    /// use nastavnik::cohort::{Cohort, Participant, Role};
    /// let err = Cohort::new(vec![
    ///     Participant::new("x", Role::Mentor),
    ///     Participant::new("x", Role::Mentee),
    /// ]).unwrap_err();
    /// assert!(err.to_string().contains("rows 0 and 1"));
    /// ```
    pub fn new(participants: Vec<Participant>) -> Result<Self> {
        let mut index = HashMap::with_capacity(participants.len());
        for (row, p) in participants.iter().enumerate() {
            p.validate(row)?;
            if let Some(&first) = index.get(&p.id) {
                return Err(Error::DuplicateId {
                    what: "cohort".into(),
                    id: p.id.clone(),
                    first,
                    second: row,
                });
            }
            index.insert(p.id.clone(), row);
        }
        Ok(Self {
            participants,
            index,
        })
    }

    /// Parse a cohort from JSON: `{"participants": [...]}`.
    ///
    /// # Errors
    /// [`Error::Parse`] with the line and column of malformed JSON; validation errors as
    /// [`Cohort::new`] (duplicate ids, bad numbers).
    ///
    /// ```
    /// use nastavnik::cohort::Cohort;
    /// let c = Cohort::from_json(r#"{"participants": [{"id": "a", "role": "mentor", "consent": true}]}"#)?;
    /// assert_eq!(c.len(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let raw: RawCohort = serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "cohort JSON".into(),
            message: e.to_string(),
        })?;
        Cohort::new(raw.participants)
    }

    /// Serialise to JSON. Participants without consent are left out.
    ///
    /// ```
    /// use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentor)])?; // no consent
    /// assert!(!c.to_json().contains("\"a\""));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            participants: Vec<&'a Participant>,
        }
        let out = Out {
            participants: self.participants.iter().filter(|p| p.consent).collect(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// All participants, consenting or not, in input order.
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentor)])?;
    /// assert_eq!(c.participants()[0].id, "a");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn participants(&self) -> &[Participant] {
        &self.participants
    }

    /// Number of participants (consenting or not).
    ///
    /// ```
    /// # use nastavnik::cohort::Cohort;
    /// assert_eq!(Cohort::new(vec![])?.len(), 0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.participants.len()
    }

    /// Whether the cohort has no participants.
    ///
    /// ```
    /// # use nastavnik::cohort::Cohort;
    /// assert!(Cohort::new(vec![])?.is_empty());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.participants.is_empty()
    }

    /// Look a participant up by id.
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentor)])?;
    /// assert!(c.get("a").is_some() && c.get("b").is_none());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn get(&self, id: &str) -> Option<&Participant> {
        self.index.get(id).map(|&i| &self.participants[i])
    }

    /// Consenting participants of one role, in input order.
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentor).with_consent(true)])?;
    /// assert_eq!(c.consenting(Role::Mentor).len(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn consenting(&self, role: Role) -> Vec<&Participant> {
        self.participants
            .iter()
            .filter(|p| p.role == role && p.consent)
            .collect()
    }

    /// Consenting mentors, in input order.
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentor)])?;
    /// assert!(c.mentors().is_empty()); // no consent
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn mentors(&self) -> Vec<&Participant> {
        self.consenting(Role::Mentor)
    }

    /// Consenting mentees, in input order.
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentee).with_consent(true)])?;
    /// assert_eq!(c.mentees().len(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn mentees(&self) -> Vec<&Participant> {
        self.consenting(Role::Mentee)
    }

    /// Ids of participants without recorded consent (never matched, scheduled or exported).
    ///
    /// ```
    /// # use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentee)])?;
    /// assert_eq!(c.without_consent(), vec!["a"]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn without_consent(&self) -> Vec<&str> {
        self.participants
            .iter()
            .filter(|p| !p.consent)
            .map(|p| p.id.as_str())
            .collect()
    }
}
