//! Reading cohorts from the curator's CSV export of the questionnaires.
//!
//! One row per participant. Columns (header names, any order): `id` and `role` (required);
//! `consent`, `form`, `organisation`, `age`, `experience_years`, `mode`, `capacity`, `category`,
//! `group`, `availability` (optional); and one column per question of the [`Schema`], named by the
//! question id. Multi-select answers list options separated by `;`. Empty cells are missing
//! answers. Other columns (names, e-mails, ...) are ignored and never stored. `consent` accepts
//! `yes/no`, `true/false`, `1/0`, `да/нет`; a missing consent counts as *no consent*.
//!
//! # Examples
//! ```
//! use nastavnik::{io::read_cohort_csv_from, synthetic};
//! let csv = "id,role,consent,age,interests,goal\n\
//!            t1,mentor,yes,16,chess;music,academic\n\
//!            s1,mentee,yes,12,chess,academic\n\
//!            s2,mentee,no,12,,\n";
//! let cohort = read_cohort_csv_from(csv.as_bytes(), &synthetic::schema(), "sample.csv")?;
//! assert_eq!(cohort.mentees().len(), 1);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::cohort::{Answer, Cohort, Participant, Role};
use crate::error::{Error, Result};
use crate::questionnaire::{QuestionKind, Schema};

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "да" | "д" => Some(true),
        "no" | "n" | "false" | "0" | "нет" | "н" | "" => Some(false),
        _ => None,
    }
}

/// Read a cohort CSV from a file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened, else as [`read_cohort_csv_from`].
///
/// ```no_run
/// let schema = nastavnik::synthetic::schema();
/// let cohort = nastavnik::io::read_cohort_csv("data/sample/cohort.csv", &schema)?;
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn read_cohort_csv(path: impl AsRef<Path>, schema: &Schema) -> Result<Cohort> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    read_cohort_csv_from(file, schema, &path.display().to_string())
}

/// Read a cohort CSV from any reader; `source` names it in error messages.
///
/// # Errors
/// [`Error::Parse`] naming the line and column of a malformed cell (bad number, role, form, mode
/// or consent value) or a missing `id`/`role` column; cohort validation errors (duplicate ids...).
///
/// ```
/// let bad = "id,role,age\nx,mentor,old\n";
/// let err = nastavnik::io::read_cohort_csv_from(bad.as_bytes(), &nastavnik::synthetic::schema(), "f.csv");
/// assert!(err.unwrap_err().to_string().contains("line 2, column \"age\""));
/// ```
pub fn read_cohort_csv_from<R: std::io::Read>(
    reader: R,
    schema: &Schema,
    source: &str,
) -> Result<Cohort> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let parse_err = |message: String| Error::Parse {
        what: source.to_string(),
        message,
    };
    let headers = rdr.headers().map_err(|e| parse_err(e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let id_col = col("id").ok_or_else(|| parse_err("no \"id\" column".into()))?;
    let role_col = col("role").ok_or_else(|| parse_err("no \"role\" column".into()))?;
    let questions: BTreeMap<usize, &crate::questionnaire::Question> = schema
        .questions
        .iter()
        .filter_map(|q| col(&q.id).map(|c| (c, q)))
        .collect();
    let mut people = Vec::new();
    for (k, rec) in rdr.records().enumerate() {
        let line = k + 2;
        let rec = rec.map_err(|e| parse_err(e.to_string()))?;
        let cell = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("");
        let bad = |name: &str, v: &str, why: String| {
            parse_err(format!("line {line}, column {name:?}: {v:?} {why}"))
        };
        let num = |name: &str| -> Result<Option<f64>> {
            let v = cell(col(name));
            if v.is_empty() {
                return Ok(None);
            }
            match v.replace(',', ".").parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(bad(name, v, "is not a finite number".into())),
            }
        };
        let role: Role = cell(Some(role_col))
            .parse()
            .map_err(|e: Error| bad("role", cell(Some(role_col)), e.to_string()))?;
        let mut p = Participant::new(cell(Some(id_col)), role);
        let consent = cell(col("consent"));
        p.consent =
            parse_bool(consent).ok_or_else(|| bad("consent", consent, "is not yes/no".into()))?;
        let form = cell(col("form"));
        if !form.is_empty() {
            p.form = Some(
                form.parse()
                    .map_err(|e: Error| bad("form", form, e.to_string()))?,
            );
        }
        let org = cell(col("organisation"));
        p.organisation = (!org.is_empty()).then(|| org.to_string());
        p.age = num("age")?;
        p.experience_years = num("experience_years")?;
        let mode = cell(col("mode"));
        p.mode = mode
            .parse()
            .map_err(|e: Error| bad("mode", mode, e.to_string()))?;
        if let Some(c) = num("capacity")? {
            if c < 0.0 || c.fract() != 0.0 || c > f64::from(u32::MAX) {
                return Err(bad(
                    "capacity",
                    cell(col("capacity")),
                    "must be a whole number >= 0".into(),
                ));
            }
            p.capacity = c as u32;
        }
        let cat = cell(col("category"));
        p.category = (!cat.is_empty()).then(|| cat.to_string());
        let group = cell(col("group"));
        p.group = (!group.is_empty()).then(|| group.to_string());
        let avail = cell(col("availability"));
        if !avail.is_empty() {
            p.availability = avail.parse().map_err(|e: crate::Error| {
                bad(
                    "availability",
                    avail,
                    format!("is not a slot mask or windows ({e})"),
                )
            })?;
        }
        for (&c, q) in &questions {
            let v = cell(Some(c));
            if v.is_empty() {
                continue;
            }
            let answer = match &q.kind {
                QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => {
                    match v.replace(',', ".").parse::<f64>() {
                        Ok(x) if x.is_finite() => Answer::Number(x),
                        _ => return Err(bad(&q.id, v, "is not a finite number".into())),
                    }
                }
                QuestionKind::Categorical { .. } => Answer::Choice(v.to_string()),
                QuestionKind::MultiSelect { .. } => Answer::Choices(
                    v.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                ),
            };
            p.answers.insert(q.id.clone(), answer);
        }
        people.push(p);
    }
    Cohort::new(people)
}
