//! The curator's cohort format read from a [`Table`] (CSV, XLSX or DataFrame alike).
//!
//! Problem: one row per participant with columns `id` and `role` (required); `consent`, `form`,
//! `organisation`, `age`, `experience_years`, `mode`, `capacity`, `category`, `group`,
//! `availability` (optional); one column per question of the [`Schema`] named by the question id.
//! Headers match case-insensitively. Multi-select answers list options separated by `;`. Empty
//! cells are missing answers; other columns (names, e-mails) are ignored and never stored.
//! `consent` accepts `yes/no`, `true/false`, `1/0`, `да/нет`; an empty consent is *no consent*,
//! an unrecognised one is an error.
//!
//! Algorithm: one pass over the rows; every bad cell, empty or duplicated id is recorded with its
//! row number and column ([`Problems`]) and reported together at the end.
//!
//! Guarantees: a returned cohort passed [`Cohort::new`]; no panic on any cell text.
//!
//! Complexity: O(rows × columns).
//!
//! # Examples
//! ```
//! use nastavnik::io::{cohort_from_table, read_csv_bytes};
//! let t = read_csv_bytes(b"ID;Role;Consent\nt1;mentor;yes\n", "c.csv")?;
//! let c = cohort_from_table(&t, &nastavnik::synthetic::schema())?;
//! assert_eq!(c.mentors()[0].id, "t1");
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::HashMap;

use super::table::{Problems, Table, did_you_mean};
use crate::cohort::{Answer, Cohort, Participant, Role};
use crate::error::Result;
use crate::questionnaire::{QuestionKind, Schema};

/// Parse a yes/no cell (`yes/no`, `true/false`, `1/0`, `да/нет`; empty = no).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "да" | "д" => Some(true),
        "no" | "n" | "false" | "0" | "нет" | "н" | "" => Some(false),
        _ => None,
    }
}

/// Parse a finite number, accepting a decimal comma.
pub(crate) fn parse_number(v: &str) -> Option<f64> {
    v.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// Check an answer against the question and convert it; `Err` holds the message.
pub(crate) fn answer_for(
    kind: &QuestionKind,
    v: &str,
    sep: &str,
) -> std::result::Result<Answer, String> {
    match kind {
        QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => parse_number(v)
            .map(Answer::Number)
            .ok_or_else(|| format!("{v:?} is not a finite number")),
        QuestionKind::Categorical { options } => {
            if options.iter().any(|o| o == v) {
                Ok(Answer::Choice(v.to_string()))
            } else {
                Err(unknown_option(v, options))
            }
        }
        QuestionKind::MultiSelect { options } => {
            let mut out = Vec::new();
            let mut bad = Vec::new();
            for item in v.split(sep).map(str::trim).filter(|s| !s.is_empty()) {
                if options.iter().any(|o| o == item) {
                    if !out.iter().any(|o: &String| o == item) {
                        out.push(item.to_string());
                    }
                } else {
                    bad.push(unknown_option(item, options));
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

pub(crate) fn unknown_option(v: &str, options: &[String]) -> String {
    let hint = did_you_mean(v, options.iter().map(String::as_str))
        .map(|o| format!(" (did you mean {o:?}?)"))
        .unwrap_or_default();
    let mut listed: Vec<&str> = options.iter().take(12).map(String::as_str).collect();
    if options.len() > 12 {
        listed.push("...");
    }
    format!(
        "{v:?} is not one of the options [{}]{hint}",
        listed.join(", ")
    )
}

/// A hint when the `id`/`role` columns are missing: a wrong separator or a form export.
fn missing_column_hint(t: &Table, name: &str) -> String {
    let s = t.suggest(name);
    if !s.is_empty() {
        return s;
    }
    if t.headers.len() == 1 {
        for sep in ['|', ':', ' '] {
            if t.headers[0].contains(sep) {
                return format!(
                    " (the header is one column {:?}: is {sep:?} the separator? save the file with ',' or ';')",
                    t.headers[0]
                );
            }
        }
    }
    " (a form export? draft a mapping with `python -m nastavnik schema init --from FILE --out mapping.json`)"
        .into()
}

/// Read the curator cohort format from a table (see the module docs).
///
/// # Errors
/// [`crate::Error::Parse`] listing every problem with its row and column: a missing `id` or
/// `role` column (with a did-you-mean or separator hint), bad numbers, roles, forms, modes,
/// consent values, unknown options, empty and duplicated ids; then cohort validation errors.
///
/// ```
/// use nastavnik::io::{cohort_from_table, read_csv_bytes};
/// let t = read_csv_bytes(b"id,role,age\nx,mentor,old\n,mentee,12\n", "f.csv")?;
/// let msg = cohort_from_table(&t, &nastavnik::synthetic::schema()).unwrap_err().to_string();
/// assert!(msg.contains("line 2, column \"age\"") && msg.contains("line 3, column \"id\""));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn cohort_from_table(t: &Table, schema: &Schema) -> Result<Cohort> {
    let mut problems: Problems = t.problems();
    let id_col = t.column("id");
    let role_col = t.column("role");
    for (name, col) in [("id", id_col), ("role", role_col)] {
        if col.is_none() {
            problems.push(
                None,
                None,
                format!("no {name:?} column{}", missing_column_hint(t, name)),
            );
        }
    }
    let (Some(id_col), Some(role_col)) = (id_col, role_col) else {
        problems.finish()?;
        return Cohort::new(Vec::new());
    };
    let col = |name: &str| t.column(name);
    let questions: Vec<(usize, &crate::questionnaire::Question)> = schema
        .questions
        .iter()
        .filter_map(|q| col(&q.id).map(|c| (c, q)))
        .collect();
    let fields = [
        "consent",
        "form",
        "organisation",
        "age",
        "experience_years",
        "mode",
        "capacity",
        "category",
        "group",
        "availability",
    ];
    let fcol: HashMap<&str, Option<usize>> = fields.iter().map(|f| (*f, col(f))).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut people = Vec::new();
    for row in &t.rows {
        let line = row.line;
        let cell = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map_or("", String::as_str);
        let f = |name: &str| cell(fcol.get(name).copied().flatten());
        let id = cell(Some(id_col));
        if id.is_empty() {
            problems.push(Some(line), Some("id"), "empty id");
        } else if let Some(first) = seen.get(id) {
            problems.push(
                Some(line),
                Some("id"),
                format!("duplicate id {id:?} (first on {})", t.unit.describe(*first)),
            );
        } else {
            seen.insert(id.to_string(), line);
        }
        let role_text = cell(Some(role_col));
        let role = match role_text.parse::<Role>() {
            Ok(r) => r,
            Err(e) => {
                problems.push(Some(line), Some("role"), format!("{role_text:?}: {e}"));
                Role::Mentee
            }
        };
        let mut p = Participant::new(id, role);
        let consent = f("consent");
        match parse_bool(consent) {
            Some(b) => p.consent = b,
            None => problems.push(
                Some(line),
                Some("consent"),
                format!("{consent:?} is not yes/no"),
            ),
        }
        let form = f("form");
        if !form.is_empty() {
            match form.parse() {
                Ok(v) => p.form = Some(v),
                Err(e) => problems.push(Some(line), Some("form"), e),
            }
        }
        let org = f("organisation");
        p.organisation = (!org.is_empty()).then(|| org.to_string());
        for name in ["age", "experience_years", "capacity"] {
            let v = f(name);
            if v.is_empty() {
                continue;
            }
            let Some(x) = parse_number(v).filter(|x| *x >= 0.0) else {
                problems.push(
                    Some(line),
                    Some(name),
                    format!("{v:?} is not a finite number >= 0"),
                );
                continue;
            };
            match name {
                "age" => p.age = Some(x),
                "experience_years" => p.experience_years = Some(x),
                _ => {
                    if x.fract() != 0.0 || x > f64::from(u32::MAX) {
                        problems.push(
                            Some(line),
                            Some(name),
                            format!("{v:?} must be a whole number >= 0"),
                        );
                    } else {
                        p.capacity = x as u32;
                    }
                }
            }
        }
        let mode = f("mode");
        match mode.parse() {
            Ok(m) => p.mode = m,
            Err(e) => problems.push(Some(line), Some("mode"), e),
        }
        let cat = f("category");
        p.category = (!cat.is_empty()).then(|| cat.to_string());
        let group = f("group");
        p.group = (!group.is_empty()).then(|| group.to_string());
        let avail = f("availability");
        if !avail.is_empty() {
            match avail.parse() {
                Ok(a) => p.availability = a,
                Err(e) => problems.push(
                    Some(line),
                    Some("availability"),
                    format!("{avail:?} is not a slot mask or windows ({e})"),
                ),
            }
        }
        for &(c, q) in &questions {
            let v = cell(Some(c));
            if v.is_empty() {
                continue;
            }
            match answer_for(&q.kind, v, ";") {
                Ok(a) => {
                    p.answers.insert(q.id.clone(), a);
                }
                Err(m) => problems.push(Some(line), Some(&t.headers[c]), m),
            }
        }
        people.push(p);
    }
    problems.finish()?;
    Cohort::new(people)
}
