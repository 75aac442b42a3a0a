//! Form exports (Google Forms, Yandex Forms) to a cohort through a mapping written once.
//!
//! Problem: a questionnaire export has one column per form question with the question's text
//! as header («Отметка времени», «Ваша роль», «Согласие на обработку персональных данных», ...),
//! answers as Russian text (Likert «Полностью согласен» ... «Совсем не согласен», multi-select
//! cells joined by `", "`), no id column, and people who submitted twice. A [`FormMapping`]
//! (JSON, drafted by [`draft_mapping`] and refined by the curator) says which header is which
//! participant field or schema question, with value synonyms; [`import_form`] applies it.
//!
//! Algorithm: (1) every mapped header is looked up in the table (a did-you-mean for a misspelt
//! one); (2) each row is parsed — role, form, mode, consent and Likert texts through
//! [`vocab`] after the mapping's own synonyms, options checked against the schema — recording
//! every problem with its row and column; (3) people are identified by the `id` column if mapped,
//! else by their e-mail (case-insensitive), else by name and class; the derived id is `p` and 10
//! hex digits of the FNV-1a hash of that key, stable across runs and machines; (4) rows with the
//! same key and the same (or no) name are resubmissions: the one with the latest timestamp (the
//! later row on ties) is kept, the others are reported in [`FormImport::superseded`]; rows with
//! the same key and different names are different people sharing an e-mail: both are kept with
//! suffixed ids and reported in [`FormImport::collisions`].
//!
//! Guarantees: all problems of the file come in one [`crate::Error::Parse`]; an unrecognised
//! consent answer is an error (or, with `"unknown_consent": "warn"`, a warning naming the row:
//! never a silent exclusion); names and e-mails never enter the [`Cohort`] — they are returned in
//! [`FormImport::contacts`] for consenting people only.
//!
//! Complexity: O(cells + rows log rows).
//!
//! # Examples
//! ```
//! use nastavnik::io::{read_csv_bytes, form::{draft_mapping, import_form}};
//! let csv = "Отметка времени,Адрес электронной почты,Ваша роль,Согласие на обработку персональных данных,Интересы\n\
//!            30.11.2026 10:00:00,a@x.ru,Наставник,Да,\"шахматы, музыка\"\n\
//!            30.11.2026 10:05:00,b@x.ru,Наставляемый,Да,шахматы\n\
//!            30.11.2026 11:00:00,B@x.ru,Наставляемый,Да,музыка\n";
//! let table = read_csv_bytes(csv.as_bytes(), "export.csv")?;
//! let draft = draft_mapping(&table)?;
//! let got = import_form(&table, &draft.mapping)?;
//! assert_eq!((got.cohort.mentors().len(), got.cohort.mentees().len()), (1, 1));
//! assert_eq!(got.superseded.len(), 1); // b@x.ru answered twice: the 11:00 answer is kept
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::cohort::{parse_number, unknown_option};
use super::table::{Problem, Table, normalize};
use crate::cohort::{Answer, Cohort, Participant, Role};
use crate::error::{Error, Result};
use crate::questionnaire::{QuestionKind, Schema};

mod draft;
pub mod vocab;

pub use draft::{Draft, draft_mapping};

/// A participant field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Submission time (for resubmissions).
    Timestamp,
    /// An explicit participant id.
    Id,
    /// Full name (kept out of the cohort).
    Name,
    /// E-mail (identifies people; kept out of the cohort).
    Email,
    /// Mentor or mentee.
    Role,
    /// Consent to process personal data.
    Consent,
    /// Form of mentoring.
    Form,
    /// School or organisation.
    Organisation,
    /// Age in years.
    Age,
    /// Professional experience in years.
    ExperienceYears,
    /// Meeting format.
    Mode,
    /// How many mentees a mentor takes.
    Capacity,
    /// Mentee category.
    Category,
    /// Class or group (`7Б`).
    Group,
}

impl Field {
    /// The snake_case name used in mapping files.
    ///
    /// ```
    /// assert_eq!(nastavnik::io::form::Field::ExperienceYears.as_str(), "experience_years");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Timestamp => "timestamp",
            Field::Id => "id",
            Field::Name => "name",
            Field::Email => "email",
            Field::Role => "role",
            Field::Consent => "consent",
            Field::Form => "form",
            Field::Organisation => "organisation",
            Field::Age => "age",
            Field::ExperienceYears => "experience_years",
            Field::Mode => "mode",
            Field::Capacity => "capacity",
            Field::Category => "category",
            Field::Group => "group",
        }
    }
}

/// One column of the export: a participant field, a schema question, or nothing (ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    /// The header as in the export (matched case-insensitively).
    pub header: String,
    /// The participant field the column holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The schema question the column answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

/// What to do with a consent answer that is neither yes nor no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPolicy {
    /// Fail the import, naming the row (default).
    #[default]
    Error,
    /// Count it as no consent and report a warning naming the row.
    Warn,
}

fn comma() -> String {
    ", ".into()
}

/// How a form export maps to the cohort format: columns, value synonyms, and the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormMapping {
    /// One entry per export column.
    pub columns: Vec<ColumnMap>,
    /// Synonyms by field name or question id: answer text -> canonical value (`"mentor"`,
    /// `"student_student"`, `"yes"`, an option, a Likert level). Matched case-insensitively.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Likert texts -> level for every Likert question (the Russian five-level scale is built in).
    #[serde(default)]
    pub likert: BTreeMap<String, f64>,
    /// Separator of multi-select cells (`", "` in Google and Yandex Forms).
    #[serde(default = "comma")]
    pub separator: String,
    /// Unrecognised consent answers: `"error"` (default) or `"warn"`.
    #[serde(default)]
    pub unknown_consent: ConsentPolicy,
    /// The questionnaire schema and hard rules.
    pub schema: Schema,
}

impl FormMapping {
    /// Parse and validate a mapping from JSON.
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON or unknown keys; schema validation errors; a column
    /// naming a question the schema lacks, or both a field and a question.
    ///
    /// ```
    /// use nastavnik::io::form::FormMapping;
    /// let m = FormMapping::from_json(r#"{"columns": [{"header": "Роль", "field": "role"}], "schema": {"questions": []}}"#)?;
    /// assert_eq!(m.separator, ", ");
    /// assert!(FormMapping::from_json(r#"{"columns": [], "schema": {"questions": []}, "colums": 1}"#).is_err());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let m: FormMapping = serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "mapping JSON".into(),
            message: e.to_string(),
        })?;
        m.validate()?;
        Ok(m)
    }

    /// Serialise to pretty JSON.
    ///
    /// ```
    /// # use nastavnik::io::form::FormMapping;
    /// let m = FormMapping::from_json(r#"{"columns": [], "schema": {"questions": []}}"#)?;
    /// assert_eq!(FormMapping::from_json(&m.to_json())?, m);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Check the mapping against its schema.
    ///
    /// # Errors
    /// As [`FormMapping::from_json`].
    pub fn validate(&self) -> Result<()> {
        self.schema.validate()?;
        if self.separator.is_empty() {
            return Err(Error::invalid("mapping separator", "must not be empty"));
        }
        for c in &self.columns {
            if c.field.is_some() && c.question.is_some() {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "column {:?} has both a field and a question; keep one",
                        c.header
                    ),
                ));
            }
            if let Some(q) = &c.question
                && !self.schema.questions.iter().any(|s| &s.id == q)
            {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "column {:?} answers question {q:?}, which the schema does not have",
                        c.header
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Name, e-mail and class of a consenting participant, for outputs that ask for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Participant id.
    pub id: String,
    /// Full name, when the export has one.
    pub name: Option<String>,
    /// E-mail, when the export has one.
    pub email: Option<String>,
    /// Class or group.
    pub group: Option<String>,
    /// Row of the kept answer.
    pub line: usize,
}

/// A row replaced by a later submission of the same person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Superseded {
    /// The person's id.
    pub id: String,
    /// The replaced row.
    pub line: usize,
    /// The row kept instead.
    pub kept_line: usize,
}

/// Several people sharing one identifying key (e-mail) or one derived id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collision {
    /// The ids given to them (suffixed `-2`, `-3`, ...).
    pub ids: Vec<String>,
    /// Their rows.
    pub lines: Vec<usize>,
    /// What collided.
    pub message: String,
}

/// The result of [`import_form`].
#[derive(Debug, Clone, PartialEq)]
pub struct FormImport {
    /// The validated cohort (answers and fields, no names).
    pub cohort: Cohort,
    /// Names, e-mails and classes of consenting participants.
    pub contacts: Vec<Contact>,
    /// Rows replaced by a later submission.
    pub superseded: Vec<Superseded>,
    /// Shared e-mails or ids.
    pub collisions: Vec<Collision>,
    /// Problems that did not stop the import (ignored columns, unrecognised consent with
    /// `"warn"`, empty consent).
    pub warnings: Vec<Problem>,
}

/// Serializable report of an import (everything but the cohort).
#[derive(Serialize)]
struct Report<'a> {
    contacts: &'a [Contact],
    superseded: &'a [Superseded],
    collisions: &'a [Collision],
    warnings: &'a [Problem],
}

impl FormImport {
    /// The report (contacts, superseded rows, collisions, warnings) as JSON.
    ///
    /// ```
    /// # use nastavnik::io::{read_csv_bytes, form::{draft_mapping, import_form}};
    /// let t = read_csv_bytes("Ваша роль,ФИО,Согласие\nНаставник,Иванов И.,да\n".as_bytes(), "e.csv")?;
    /// let got = import_form(&t, &draft_mapping(&t)?.mapping)?;
    /// assert!(got.report_json().contains("Иванов"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn report_json(&self) -> String {
        serde_json::to_string(&Report {
            contacts: &self.contacts,
            superseded: &self.superseded,
            collisions: &self.collisions,
            warnings: &self.warnings,
        })
        .unwrap_or_default()
    }
}

/// FNV-1a 64-bit hash: stable across platforms and releases.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The stable id derived from an identifying key (`p` + 10 hex digits of its FNV-1a hash).
///
/// ```
/// assert_eq!(nastavnik::io::form::derived_id("a@x.ru"), nastavnik::io::form::derived_id("a@x.ru"));
/// assert_eq!(nastavnik::io::form::derived_id("a@x.ru").len(), 11);
/// ```
pub fn derived_id(key: &str) -> String {
    format!("p{:010x}", fnv1a(key) >> 24)
}

/// One parsed row before resubmissions are resolved.
struct Parsed {
    line: usize,
    key: String,
    explicit_id: bool,
    name: Option<String>,
    email: Option<String>,
    time: Option<i64>,
    person: Participant,
}

fn lookup<'a>(
    values: &'a BTreeMap<String, BTreeMap<String, String>>,
    what: &str,
    v: &str,
) -> Option<&'a str> {
    let k = vocab::key(v);
    values
        .get(what)?
        .iter()
        .find(|(text, _)| vocab::key(text) == k)
        .map(|(_, canon)| canon.as_str())
}

/// Apply a mapping to a table (see the module docs).
///
/// # Errors
/// [`Error::Parse`] listing every problem of the file with row numbers and columns: mapped headers
/// missing from the file (with did-you-mean), no role column, nothing to identify people by,
/// unrecognised roles, forms, formats, consent answers (unless `"warn"`), Likert texts, options,
/// numbers, timestamps, empty ids; then cohort validation errors.
///
/// ```
/// use nastavnik::io::{read_csv_bytes, form::{FormMapping, import_form}};
/// let m = FormMapping::from_json(r#"{"columns": [{"header": "Ваша роль", "field": "role"},
///     {"header": "Почта", "field": "email"}], "schema": {"questions": []}}"#)?;
/// let t = read_csv_bytes("Ваша рол,Почта\nНаставник,a@b.c\n".as_bytes(), "e.csv")?;
/// let msg = import_form(&t, &m).unwrap_err().to_string();
/// assert!(msg.contains("did you mean \"Ваша рол\""));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn import_form(t: &Table, m: &FormMapping) -> Result<FormImport> {
    m.validate()?;
    let mut problems = t.problems();
    let mut warnings = t.problems();
    let mut field_col: HashMap<Field, (usize, &str)> = HashMap::new();
    let mut question_cols: Vec<(usize, &crate::questionnaire::Question)> = Vec::new();
    let mut mapped = vec![false; t.headers.len()];
    for c in &m.columns {
        let Some(col) = t.column(&c.header) else {
            problems.push(
                None,
                Some(&c.header),
                format!(
                    "the mapped column is not in the file{}",
                    t.suggest(&c.header)
                ),
            );
            continue;
        };
        mapped[col] = true;
        if let Some(f) = c.field {
            if field_col.insert(f, (col, &t.headers[col])).is_some() {
                problems.push(
                    None,
                    Some(&c.header),
                    format!("a second column mapped to the field {:?}", f.as_str()),
                );
            }
        } else if let Some(q) = &c.question
            && let Some(q) = m.schema.questions.iter().find(|s| &s.id == q)
        {
            question_cols.push((col, q));
        }
    }
    for (col, h) in t.headers.iter().enumerate() {
        if !mapped[col]
            && !m
                .columns
                .iter()
                .any(|c| normalize(&c.header) == normalize(h))
        {
            warnings.push(None, Some(h), "not in the mapping: ignored");
        }
    }
    if !field_col.contains_key(&Field::Role)
        && !m.columns.iter().any(|c| c.field == Some(Field::Role))
    {
        problems.push(None, None, "no column is mapped to the field \"role\" (add {\"header\": ..., \"field\": \"role\"} to the mapping)");
    }
    if ![Field::Id, Field::Email, Field::Name]
        .iter()
        .any(|f| m.columns.iter().any(|c| c.field == Some(*f)))
    {
        problems.push(None, None, "no id, e-mail or name column to tell people apart (map one to the field \"id\", \"email\" or \"name\")");
    }
    if !field_col.contains_key(&Field::Consent) {
        warnings.push(
            None,
            None,
            "no column is mapped to the field \"consent\": nobody counts as consenting",
        );
    }
    problems.check()?;
    let mut parsed: Vec<Parsed> = Vec::new();
    for row in &t.rows {
        let line = row.line;
        let get = |f: Field| field_col.get(&f).map(|&(c, h)| (row.cells[c].as_str(), h));
        let text = |f: Field| get(f).map(|(v, _)| v).filter(|v| !v.is_empty());
        let mut p = Participant::new("", Role::Mentee);
        if let Some((v, h)) = get(Field::Role) {
            let canon = lookup(&m.values, "role", v).unwrap_or(v);
            match vocab::role(canon) {
                Some(r) => p.role = r,
                None => problems.push(Some(line), Some(h), format!("{v:?} is not a role (Наставник / Наставляемый); add it to \"values\": {{\"role\": {{...}}}} in the mapping")),
            }
        }
        if let Some((v, h)) = get(Field::Consent) {
            {
                let canon = lookup(&m.values, "consent", v).unwrap_or(v);
                match vocab::consent(canon) {
                    Some(b) => {
                        p.consent = b;
                        if v.is_empty() {
                            warnings.push(Some(line), Some(h), "no consent answer: counted as no consent");
                        }
                    }
                    None => match m.unknown_consent {
                        ConsentPolicy::Error => problems.push(Some(line), Some(h), format!("{v:?} is neither yes nor no; add it to \"values\": {{\"consent\": {{...}}}} or set \"unknown_consent\": \"warn\"")),
                        ConsentPolicy::Warn => warnings.push(Some(line), Some(h), format!("{v:?} is neither yes nor no: counted as no consent")),
                    },
                }
            }
        }
        if let Some((v, h)) = get(Field::Form).filter(|(v, _)| !v.is_empty()) {
            let canon = lookup(&m.values, "form", v).unwrap_or(v);
            match vocab::form(canon) {
                Some(f) => p.form = Some(f),
                None => problems.push(
                    Some(line),
                    Some(h),
                    format!("{v:?} is not a form of mentoring (e.g. «ученик – ученик»)"),
                ),
            }
        }
        if let Some((v, h)) = get(Field::Mode).filter(|(v, _)| !v.is_empty()) {
            let canon = lookup(&m.values, "mode", v).unwrap_or(v);
            match vocab::mode(canon) {
                Some(x) => p.mode = x,
                None => problems.push(
                    Some(line),
                    Some(h),
                    format!("{v:?} is not a meeting format (онлайн / очно / не важно)"),
                ),
            }
        }
        for f in [Field::Age, Field::ExperienceYears, Field::Capacity] {
            let Some((v, h)) = get(f).filter(|(v, _)| !v.is_empty()) else {
                continue;
            };
            let first = v.split_whitespace().next().unwrap_or("");
            match parse_number(v)
                .or_else(|| parse_number(first))
                .filter(|x| *x >= 0.0)
            {
                Some(x) => match f {
                    Field::Age => p.age = Some(x),
                    Field::ExperienceYears => p.experience_years = Some(x),
                    _ if x.fract() == 0.0 && x <= f64::from(u32::MAX) => p.capacity = x as u32,
                    _ => problems.push(
                        Some(line),
                        Some(h),
                        format!("{v:?} is not a whole number >= 0"),
                    ),
                },
                None => problems.push(Some(line), Some(h), format!("{v:?} is not a number >= 0")),
            }
        }
        p.organisation = text(Field::Organisation).map(str::to_string);
        p.category = text(Field::Category).map(str::to_string);
        p.group = text(Field::Group).map(str::to_string);
        let time = match get(Field::Timestamp).filter(|(v, _)| !v.is_empty()) {
            Some((v, h)) => {
                let t = vocab::timestamp(v);
                if t.is_none() {
                    problems.push(
                        Some(line),
                        Some(h),
                        format!("{v:?} is not a date and time (e.g. 30.11.2026 10:15:00)"),
                    );
                }
                t
            }
            None => None,
        };
        for &(c, q) in &question_cols {
            let v = row.cells[c].as_str();
            if v.is_empty() {
                continue;
            }
            match answer(m, q, v) {
                Ok(a) => {
                    p.answers.insert(q.id.clone(), a);
                }
                Err(msg) => problems.push(Some(line), Some(&t.headers[c]), msg),
            }
        }
        let name = text(Field::Name).map(str::to_string);
        let email = text(Field::Email).map(str::to_string);
        let (key, explicit_id) = if let Some(id) = text(Field::Id) {
            (id.to_string(), true)
        } else if let Some(e) = &email {
            (format!("email:{}", normalize(e)), false)
        } else if let Some(n) = &name {
            (
                format!(
                    "name:{}|{}",
                    normalize(n),
                    normalize(p.group.as_deref().unwrap_or(""))
                ),
                false,
            )
        } else {
            let what = if field_col.contains_key(&Field::Id) {
                "id"
            } else {
                "e-mail or name"
            };
            problems.push(
                Some(line),
                None,
                format!("no {what}: the person cannot be identified"),
            );
            continue;
        };
        parsed.push(Parsed {
            line,
            key,
            explicit_id,
            name,
            email,
            time,
            person: p,
        });
    }
    problems.finish()?;
    // An id column that is really the platform's response number (Yandex Forms' «ID»): one
    // e-mail under several ids means resubmissions would be kept as different people.
    if let Some(&(_, id_header)) = field_col.get(&Field::Id) {
        let mut first_by_email: HashMap<String, (&str, usize)> = HashMap::new();
        for r in parsed.iter().filter(|r| r.explicit_id) {
            let Some(e) = r.email.as_deref().map(normalize) else {
                continue;
            };
            match first_by_email.get(&e) {
                Some(&(id, first)) if id != r.key => warnings.push(
                    Some(r.line),
                    Some(id_header),
                    format!(
                        "the same e-mail as row {first} under a different id: if this column is the \
                         form's response number rather than a person id, remove it from the mapping \
                         (ids then come from e-mails and resubmissions are merged)"
                    ),
                ),
                Some(_) => {}
                None => {
                    first_by_email.insert(e, (r.key.as_str(), r.line));
                }
            }
        }
    }
    resolve(parsed, warnings.list)
}

fn answer(
    m: &FormMapping,
    q: &crate::questionnaire::Question,
    v: &str,
) -> std::result::Result<Answer, String> {
    let canon = |item: &str| lookup(&m.values, &q.id, item).unwrap_or(item).to_string();
    match &q.kind {
        QuestionKind::Likert { levels } => {
            let c = canon(v);
            let level = m
                .likert
                .iter()
                .find(|(t, _)| vocab::key(t) == vocab::key(&c))
                .map(|(_, l)| *l)
                .or_else(|| vocab::likert(&c));
            match level {
                Some(l) if l >= 1.0 && l <= f64::from(*levels) => Ok(Answer::Number(l)),
                Some(l) => Err(format!("{v:?} gives level {l}, outside 1..={levels}")),
                None => Err(format!(
                    "{v:?} is not a Likert answer (e.g. «Полностью согласен», or add it to \"likert\" in the mapping)"
                )),
            }
        }
        QuestionKind::Numeric { .. } => parse_number(&canon(v))
            .map(Answer::Number)
            .ok_or_else(|| format!("{v:?} is not a number")),
        QuestionKind::Categorical { options } => {
            let c = canon(v);
            find_option(options, &c)
                .map(Answer::Choice)
                .ok_or_else(|| unknown_option(v, options))
        }
        QuestionKind::MultiSelect { options } => {
            let mut out: Vec<String> = Vec::new();
            let mut bad = Vec::new();
            for item in v
                .split(m.separator.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match find_option(options, &canon(item)) {
                    Some(o) if !out.contains(&o) => out.push(o),
                    Some(_) => {}
                    None => bad.push(unknown_option(item, options)),
                }
            }
            if bad.is_empty() {
                Ok(Answer::Choices(out))
            } else {
                Err(bad.join("; "))
            }
        }
    }
}

fn find_option(options: &[String], v: &str) -> Option<String> {
    options
        .iter()
        .find(|o| o.as_str() == v)
        .or_else(|| options.iter().find(|o| vocab::key(o) == vocab::key(v)))
        .cloned()
}

/// Resolve resubmissions and collisions, derive ids, build the cohort.
fn resolve(parsed: Vec<Parsed>, warnings: Vec<Problem>) -> Result<FormImport> {
    // Group rows by key in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in parsed.iter().enumerate() {
        groups
            .entry(r.key.clone())
            .or_insert_with(|| {
                order.push(r.key.clone());
                Vec::new()
            })
            .push(i);
    }
    let mut superseded = Vec::new();
    let mut collisions = Vec::new();
    let mut kept: Vec<(String, usize)> = Vec::new(); // (id, index into parsed)
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    for key in &order {
        let rows = &groups[key];
        // Cluster by normalised name: different names under one key are different people.
        let mut clusters: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for &i in rows {
            let n = parsed[i].name.as_deref().map(normalize);
            match clusters
                .iter_mut()
                .find(|(cn, _)| cn.is_none() || n.is_none() || *cn == n)
            {
                Some(c) => {
                    if c.0.is_none() {
                        c.0 = n;
                    }
                    c.1.push(i);
                }
                None => clusters.push((n, vec![i])),
            }
        }
        let base = if parsed[rows[0]].explicit_id {
            key.clone()
        } else {
            derived_id(key)
        };
        let mut ids = Vec::new();
        for (k, (_, members)) in clusters.iter().enumerate() {
            // Latest timestamp wins; on ties (or without timestamps) the later row.
            let best = *members
                .iter()
                .max_by_key(|&&i| (parsed[i].time.unwrap_or(i64::MIN), parsed[i].line))
                .unwrap_or(&members[0]);
            let mut id = if k == 0 {
                base.clone()
            } else {
                format!("{base}-{}", k + 1)
            };
            if let Some(&other) = used_ids.get(&id) {
                // A derived-id hash collision between different keys (or an explicit id reused).
                let mut n = 2;
                while used_ids.contains_key(&format!("{id}-{n}")) {
                    n += 1;
                }
                let new_id = format!("{id}-{n}");
                collisions.push(Collision {
                    ids: vec![id.clone(), new_id.clone()],
                    lines: vec![parsed[other].line, parsed[best].line],
                    message: "two different people got the same id; the second was suffixed".into(),
                });
                id = new_id;
            }
            for &i in members {
                if i != best {
                    superseded.push(Superseded {
                        id: id.clone(),
                        line: parsed[i].line,
                        kept_line: parsed[best].line,
                    });
                }
            }
            used_ids.insert(id.clone(), best);
            ids.push(id.clone());
            kept.push((id, best));
        }
        if clusters.len() > 1 {
            collisions.push(Collision {
                ids,
                lines: clusters
                    .iter()
                    .map(|(_, m)| m.iter().map(|&i| parsed[i].line).max().unwrap_or(0))
                    .collect(),
                message: if parsed[rows[0]].explicit_id {
                    "one id used by people with different names: kept apart with suffixed ids"
                        .into()
                } else if key.starts_with("email:") {
                    "one e-mail used by people with different names: kept apart with suffixed ids"
                        .into()
                } else {
                    "same identifying key, different names: kept apart with suffixed ids".into()
                },
            });
        }
    }
    superseded.sort_by_key(|s| s.line);
    let mut people = Vec::new();
    people
        .try_reserve(kept.len())
        .map_err(|_| Error::invalid("form export", "too many rows to hold in memory"))?;
    let mut contacts = Vec::new();
    let mut parsed: Vec<Option<Parsed>> = parsed.into_iter().map(Some).collect();
    for (id, i) in kept {
        let Some(mut r) = parsed[i].take() else {
            continue;
        };
        r.person.id = id;
        if r.person.consent {
            contacts.push(Contact {
                id: r.person.id.clone(),
                name: r.name,
                email: r.email,
                group: r.person.group.clone(),
                line: r.line,
            });
        }
        people.push(r.person);
    }
    Ok(FormImport {
        cohort: Cohort::new(people)?,
        contacts,
        superseded,
        collisions,
        warnings,
    })
}
