//! Historical cohorts as a folder of CSV files (the tabular twin of the JSON format).
//!
//! # Format
//! A folder holding:
//! | file | columns | rows |
//! |---|---|---|
//! | `meta.json` | `name`, `school`, `district`, `year`, `schema`, `population`, `true_weights` (as in the JSON format) | — |
//! | `participants.csv` | `id`, `role` (required); `consent`, `form`, `organisation`, `age`, `experience_years`, `mode`, `capacity`, `category`, `group`, `availability` (JSON) | one per participant |
//! | `answers.csv` | `participant`, `question`, `value` | one per answer; one per selected option of a multi-select question (one with an empty `value` when none is selected) |
//! | `preferences.csv` | `participant`, `rank` (1 = best), `choice` | one per ranked entry |
//! | `pairs.csv` | `mentee`, `mentor` | one per pair made |
//! | `outcomes.csv` | `mentee`, `mentor`, `mentee_satisfaction`, `mentor_satisfaction`, `dropped_out`, `baseline`, `final_score` | one per pair surveyed |
//!
//! Every file but `meta.json` and `participants.csv` may be absent (no rows). Files are UTF-8
//! with or without BOM, `,`-separated with a header; empty cells are missing values; booleans
//! are `true`/`false` (also `1`/`0`, `yes`/`no`, `да`/`нет`); unknown columns are rejected.
//!
//! # Validation
//! Every cell error names the file, its **line number in the file** (the header is line 1) and
//! the column. The assembled cohort is then validated as [`HistoricalCohort::validate`], whose
//! errors about pairs, outcomes and preferences name the CSV file and line as well.
//!
//! # Guarantees
//! [`write_csv_dir`] then [`read_csv_dir`] gives back an equal cohort (tested against the JSON
//! format on the bundled cohorts); the writer sorts nothing and writes participants in order.
//!
//! # Complexity
//! Linear in the size of the files.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::history_csv::{read_csv_dir, write_csv_dir};
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]).with_n_mentees(8).with_n_mentors(6))?;
//! let dir = std::env::temp_dir().join(format!("nk_doc_history_{}", std::process::id()));
//! write_csv_dir(&h[0], &dir)?;
//! assert_eq!(read_csv_dir(&dir)?, h[0]);
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::history::{HistoricalCohort, Outcome, PairRecord, Population, StatedPreference};
use crate::cohort::{Answer, Form, Mode, Participant, Role};
use crate::error::{Error, Result};
use crate::questionnaire::{QuestionKind, Schema};

/// `meta.json`: everything of a cohort that is not a table.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    name: String,
    school: String,
    #[serde(default)]
    district: Option<String>,
    year: i32,
    schema: Schema,
    #[serde(default)]
    population: Option<Population>,
    #[serde(default)]
    true_weights: Option<Vec<f64>>,
}

const PARTICIPANT_COLUMNS: [&str; 12] = [
    "id",
    "role",
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

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn cell_error(file: &str, line: u64, column: &str, message: impl std::fmt::Display) -> Error {
    Error::Parse {
        what: file.to_string(),
        message: format!("line {line}, column {column:?}: {message}"),
    }
}

/// One CSV file: its display name, header and `(line, cells)` records.
struct Table {
    file: String,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Read `dir/name`; `None` when absent and `optional`.
    fn read(
        dir: &Path,
        name: &str,
        allowed: &[&str],
        required: &[&str],
        optional: bool,
    ) -> Result<Option<Self>> {
        let path = dir.join(name);
        let file = path.display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if optional && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path, e)),
        };
        let text = String::from_utf8(bytes).map_err(|e| Error::Parse {
            what: file.clone(),
            message: format!(
                "not UTF-8 (byte {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::Parse {
                what: file.clone(),
                message: format!("line 1 (header): {e}"),
            })?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        for (k, h) in header.iter().enumerate() {
            if !allowed.contains(&h.as_str()) {
                return Err(cell_error(
                    &file,
                    1,
                    h,
                    format!("unknown column; expected some of {allowed:?}"),
                ));
            }
            if header[..k].contains(h) {
                return Err(cell_error(&file, 1, h, "duplicated column"));
            }
        }
        for r in required {
            if !header.iter().any(|h| h == r) {
                return Err(cell_error(&file, 1, r, "required column is missing"));
            }
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::Parse {
                what: file.clone(),
                message: match e.position() {
                    Some(p) => format!("line {}: {e}", p.line()),
                    None => e.to_string(),
                },
            })?;
            let line = rec.position().map_or(0, csv::Position::line);
            rows.try_reserve(1)
                .map_err(|_| Error::too_large(file.clone(), "too many rows"))?;
            rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        }
        Ok(Some(Self { file, header, rows }))
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The cell of `column` in a row (`None` when the column is absent or the cell empty).
    fn get<'a>(&self, row: &'a [String], column: &str) -> Option<&'a str> {
        self.col(column)
            .map(|k| row[k].as_str())
            .filter(|c| !c.is_empty())
    }

    fn need<'a>(&self, line: u64, row: &'a [String], column: &str) -> Result<&'a str> {
        self.get(row, column)
            .ok_or_else(|| cell_error(&self.file, line, column, "empty; a value is required"))
    }

    fn parse<T: std::str::FromStr>(
        &self,
        line: u64,
        row: &[String],
        column: &str,
        what: &str,
    ) -> Result<Option<T>> {
        self.get(row, column)
            .map(|c| {
                c.parse::<T>().map_err(|_| {
                    cell_error(&self.file, line, column, format!("{c:?} is not {what}"))
                })
            })
            .transpose()
    }

    fn boolean(&self, line: u64, row: &[String], column: &str) -> Result<Option<bool>> {
        self.get(row, column)
            .map(|c| match c.to_lowercase().as_str() {
                "true" | "1" | "yes" | "да" => Ok(true),
                "false" | "0" | "no" | "нет" => Ok(false),
                _ => Err(cell_error(
                    &self.file,
                    line,
                    column,
                    format!("{c:?} is not a boolean (true/false)"),
                )),
            })
            .transpose()
    }
}

/// Read and validate a cohort from a folder of CSV files (see the [module documentation](self)).
///
/// # Errors
/// [`Error::Io`] naming a missing `meta.json` or `participants.csv`; [`Error::Parse`] naming the
/// file, line and column of a bad cell, or the file and line of an invalid pair, outcome or
/// preference; as [`HistoricalCohort::validate`].
///
/// ```
/// let e = nastavnik::evaluate::history_csv::read_csv_dir("/nonexistent").unwrap_err();
/// assert!(e.to_string().contains("meta.json"));
/// ```
pub fn read_csv_dir(dir: impl AsRef<Path>) -> Result<HistoricalCohort> {
    let dir = dir.as_ref();
    let meta_path = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta_path).map_err(|e| io(&meta_path, e))?;
    let meta: Meta =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text)).map_err(|e| {
            Error::Parse {
                what: meta_path.display().to_string(),
                message: e.to_string(),
            }
        })?;
    let kinds: HashMap<&str, &QuestionKind> = meta
        .schema
        .questions
        .iter()
        .map(|q| (q.id.as_str(), &q.kind))
        .collect();

    // participants
    let t = Table::read(
        dir,
        "participants.csv",
        &PARTICIPANT_COLUMNS,
        &["id", "role"],
        false,
    )?
    .ok_or_else(|| io(&dir.join("participants.csv"), "missing"))?;
    let mut participants = Vec::with_capacity(t.rows.len());
    let mut line_of: HashMap<String, u64> = HashMap::new();
    for (line, row) in &t.rows {
        let line = *line;
        let mut obj = Map::new();
        let id = t.need(line, row, "id")?;
        if let Some(first) = line_of.insert(id.to_string(), line) {
            return Err(cell_error(
                &t.file,
                line,
                "id",
                format!("{id:?} repeats line {first}"),
            ));
        }
        obj.insert("id".into(), Value::String(id.into()));
        let role = t.need(line, row, "role")?;
        check_enum::<Role>(&t, line, "role", role)?;
        obj.insert("role".into(), Value::String(role.into()));
        if let Some(c) = t.get(row, "form") {
            check_enum::<Form>(&t, line, "form", c)?;
            obj.insert("form".into(), Value::String(c.into()));
        }
        if let Some(c) = t.get(row, "mode") {
            check_enum::<Mode>(&t, line, "mode", c)?;
            obj.insert("mode".into(), Value::String(c.into()));
        }
        for col in ["organisation", "category", "group"] {
            if let Some(c) = t.get(row, col) {
                obj.insert(col.into(), Value::String(c.into()));
            }
        }
        if let Some(b) = t.boolean(line, row, "consent")? {
            obj.insert("consent".into(), Value::Bool(b));
        }
        for col in ["age", "experience_years"] {
            if let Some(x) = t.parse::<f64>(line, row, col, "a number")? {
                if !x.is_finite() || x < 0.0 {
                    return Err(cell_error(
                        &t.file,
                        line,
                        col,
                        format!("{x}; expected a finite number >= 0"),
                    ));
                }
                obj.insert(col.into(), serde_json::json!(x));
            }
        }
        if let Some(c) =
            t.parse::<u32>(line, row, "capacity", "a whole number from 0 to 4294967295")?
        {
            obj.insert("capacity".into(), Value::from(c));
        }
        if let Some(a) = t.get(row, "availability") {
            let v: Value = serde_json::from_str(a)
                .map_err(|e| cell_error(&t.file, line, "availability", format!("not JSON: {e}")))?;
            obj.insert("availability".into(), v);
        }
        let p: Participant = serde_json::from_value(Value::Object(obj))
            .map_err(|e| cell_error(&t.file, line, "availability", e))?;
        participants.push(p);
    }
    let index: HashMap<String, usize> = participants
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.clone(), k))
        .collect();

    // answers
    if let Some(t) = Table::read(
        dir,
        "answers.csv",
        &["participant", "question", "value"],
        &["participant", "question", "value"],
        true,
    )? {
        for (line, row) in &t.rows {
            let line = *line;
            let who = t.need(line, row, "participant")?;
            let &k = index.get(who).ok_or_else(|| {
                cell_error(
                    &t.file,
                    line,
                    "participant",
                    format!("{who:?} is not in participants.csv"),
                )
            })?;
            let q = t.need(line, row, "question")?;
            let kind = kinds.get(q).ok_or_else(|| {
                cell_error(
                    &t.file,
                    line,
                    "question",
                    format!("{q:?} is not a question of the schema"),
                )
            })?;
            let answers = &mut participants[k].answers;
            if let QuestionKind::MultiSelect { .. } = kind {
                // one row per selected option; an empty value records "none selected"
                if let Answer::Choices(list) = answers
                    .entry(q.to_string())
                    .or_insert_with(|| Answer::Choices(Vec::new()))
                    && let Some(v) = t.get(row, "value")
                {
                    list.push(v.to_string());
                }
                continue;
            }
            let v = t.need(line, row, "value")?;
            match kind {
                QuestionKind::MultiSelect { .. } => {}
                QuestionKind::Categorical { .. } => {
                    if answers
                        .insert(q.to_string(), Answer::Choice(v.to_string()))
                        .is_some()
                    {
                        return Err(cell_error(
                            &t.file,
                            line,
                            "question",
                            format!("{who:?} answers {q:?} twice"),
                        ));
                    }
                }
                QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => {
                    let x: f64 =
                        v.parse()
                            .ok()
                            .filter(|x: &f64| x.is_finite())
                            .ok_or_else(|| {
                                cell_error(
                                    &t.file,
                                    line,
                                    "value",
                                    format!("{v:?} is not a finite number"),
                                )
                            })?;
                    if answers.insert(q.to_string(), Answer::Number(x)).is_some() {
                        return Err(cell_error(
                            &t.file,
                            line,
                            "question",
                            format!("{who:?} answers {q:?} twice"),
                        ));
                    }
                }
            }
        }
    }

    // preferences: rows grouped by participant in order of first appearance, sorted by rank
    let mut pref_lines: Vec<u64> = Vec::new();
    let mut preferences: Vec<StatedPreference> = Vec::new();
    if let Some(t) = Table::read(
        dir,
        "preferences.csv",
        &["participant", "rank", "choice"],
        &["participant", "rank", "choice"],
        true,
    )? {
        let mut by: BTreeMap<usize, BTreeMap<u64, (String, u64)>> = BTreeMap::new();
        let mut order: HashMap<String, usize> = HashMap::new();
        for (line, row) in &t.rows {
            let line = *line;
            let who = t.need(line, row, "participant")?;
            let rank: u64 = t
                .parse(line, row, "rank", "a whole number >= 1")?
                .filter(|&r| r >= 1)
                .ok_or_else(|| cell_error(&t.file, line, "rank", "expected a whole number >= 1"))?;
            let choice = t.need(line, row, "choice")?;
            let n = order.len();
            let slot = *order.entry(who.to_string()).or_insert(n);
            if slot == n {
                preferences.push(StatedPreference {
                    participant: who.to_string(),
                    ranking: Vec::new(),
                });
                pref_lines.push(line);
            }
            if let Some((_, first)) = by
                .entry(slot)
                .or_default()
                .insert(rank, (choice.to_string(), line))
            {
                return Err(cell_error(
                    &t.file,
                    line,
                    "rank",
                    format!("{who:?} has rank {rank} twice (also line {first})"),
                ));
            }
        }
        for (slot, ranks) in by {
            preferences[slot].ranking = ranks.into_values().map(|(c, _)| c).collect();
        }
    }

    // pairs and outcomes
    let mut pairs = Vec::new();
    let mut pair_lines = Vec::new();
    if let Some(t) = Table::read(
        dir,
        "pairs.csv",
        &["mentee", "mentor"],
        &["mentee", "mentor"],
        true,
    )? {
        for (line, row) in &t.rows {
            pairs.push(PairRecord {
                mentee: t.need(*line, row, "mentee")?.into(),
                mentor: t.need(*line, row, "mentor")?.into(),
            });
            pair_lines.push(*line);
        }
    }
    let mut outcomes = Vec::new();
    let mut outcome_lines = Vec::new();
    const OUTCOME_COLUMNS: [&str; 7] = [
        "mentee",
        "mentor",
        "mentee_satisfaction",
        "mentor_satisfaction",
        "dropped_out",
        "baseline",
        "final_score",
    ];
    if let Some(t) = Table::read(
        dir,
        "outcomes.csv",
        &OUTCOME_COLUMNS,
        &["mentee", "mentor"],
        true,
    )? {
        for (line, row) in &t.rows {
            let line = *line;
            let mut o = Outcome {
                mentee: t.need(line, row, "mentee")?.into(),
                mentor: t.need(line, row, "mentor")?.into(),
                mentee_satisfaction: t.parse(
                    line,
                    row,
                    "mentee_satisfaction",
                    "a whole number from 1 to 5",
                )?,
                mentor_satisfaction: t.parse(
                    line,
                    row,
                    "mentor_satisfaction",
                    "a whole number from 1 to 5",
                )?,
                dropped_out: t.boolean(line, row, "dropped_out")?.unwrap_or(false),
                baseline: t.parse(line, row, "baseline", "a number")?,
                final_score: t.parse(line, row, "final_score", "a number")?,
            };
            for (col, v) in [
                ("mentee_satisfaction", &mut o.mentee_satisfaction),
                ("mentor_satisfaction", &mut o.mentor_satisfaction),
            ] {
                if let Some(x) = *v
                    && !(1..=5).contains(&x)
                {
                    return Err(cell_error(
                        &t.file,
                        line,
                        col,
                        format!("{x}; expected 1 to 5"),
                    ));
                }
            }
            outcomes.push(o);
            outcome_lines.push(line);
        }
    }

    let h = HistoricalCohort {
        name: meta.name,
        school: meta.school,
        district: meta.district,
        year: meta.year,
        schema: meta.schema,
        participants,
        preferences,
        pairs,
        outcomes,
        population: meta.population,
        true_weights: meta.true_weights,
    };
    let dir_name = dir.display().to_string();
    h.validate_at(&dir.join("meta.json").display().to_string(), &|part, k| {
        let line = match part {
            "pairs" => pair_lines.get(k),
            "outcomes" => outcome_lines.get(k),
            _ => pref_lines.get(k),
        };
        (
            Path::new(&dir_name)
                .join(format!("{part}.csv"))
                .display()
                .to_string(),
            format!("line {}", line.copied().unwrap_or(0)),
        )
    })?;
    Ok(h)
}

fn write_table(
    dir: &Path,
    name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path).map_err(|e| io(&path, e))?;
    w.write_record(header).map_err(|e| io(&path, e))?;
    for r in rows {
        w.write_record(&r).map_err(|e| io(&path, e))?;
    }
    w.flush().map_err(|e| io(&path, e))
}

/// Check one cell against a snake_case enum, naming the allowed values.
fn check_enum<T: serde::de::DeserializeOwned>(
    t: &Table,
    line: u64,
    column: &str,
    cell: &str,
) -> Result<()> {
    serde_json::from_value::<T>(Value::String(cell.into()))
        .map(|_| ())
        .map_err(|e| cell_error(&t.file, line, column, e))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// The JSON text of a unit-like enum value (`"mentee"` -> `mentee`).
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Write a cohort as a folder of CSV files (created if needed; existing files replaced).
///
/// # Errors
/// [`Error::Io`] naming the path that cannot be written.
///
/// ```
/// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
/// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]).with_n_mentees(5).with_n_mentors(5))?;
/// let dir = std::env::temp_dir().join(format!("nk_doc_write_{}", std::process::id()));
/// nastavnik::evaluate::history_csv::write_csv_dir(&h[0], &dir)?;
/// assert!(dir.join("pairs.csv").exists());
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn write_csv_dir(h: &HistoricalCohort, dir: impl AsRef<Path>) -> Result<()> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let meta = Meta {
        name: h.name.clone(),
        school: h.school.clone(),
        district: h.district.clone(),
        year: h.year,
        schema: h.schema.clone(),
        population: h.population.clone(),
        true_weights: h.true_weights.clone(),
    };
    let text = serde_json::to_string_pretty(&meta).map_err(|e| Error::invalid("meta.json", e))?;
    let meta_path = dir.join("meta.json");
    std::fs::write(&meta_path, text).map_err(|e| io(&meta_path, e))?;
    write_table(
        dir,
        "participants.csv",
        &PARTICIPANT_COLUMNS,
        h.participants.iter().map(|p| {
            vec![
                p.id.clone(),
                name_of(&p.role),
                p.consent.to_string(),
                p.form.as_ref().map(name_of).unwrap_or_default(),
                p.organisation.clone().unwrap_or_default(),
                opt(p.age),
                opt(p.experience_years),
                name_of(&p.mode),
                p.capacity.to_string(),
                p.category.clone().unwrap_or_default(),
                p.group.clone().unwrap_or_default(),
                serde_json::to_string(&p.availability).unwrap_or_default(),
            ]
        }),
    )?;
    let mut answers = Vec::new();
    for p in &h.participants {
        for (q, a) in &p.answers {
            match a {
                Answer::Number(x) => answers.push(vec![p.id.clone(), q.clone(), x.to_string()]),
                Answer::Choice(c) => answers.push(vec![p.id.clone(), q.clone(), c.clone()]),
                Answer::Choices(list) if list.is_empty() => {
                    answers.push(vec![p.id.clone(), q.clone(), String::new()]);
                }
                Answer::Choices(list) => {
                    answers.extend(
                        list.iter()
                            .map(|c| vec![p.id.clone(), q.clone(), c.clone()]),
                    );
                }
            }
        }
    }
    write_table(
        dir,
        "answers.csv",
        &["participant", "question", "value"],
        answers,
    )?;
    write_table(
        dir,
        "preferences.csv",
        &["participant", "rank", "choice"],
        h.preferences.iter().flat_map(|p| {
            p.ranking
                .iter()
                .enumerate()
                .map(|(k, c)| vec![p.participant.clone(), (k + 1).to_string(), c.clone()])
        }),
    )?;
    write_table(
        dir,
        "pairs.csv",
        &["mentee", "mentor"],
        h.pairs
            .iter()
            .map(|p| vec![p.mentee.clone(), p.mentor.clone()]),
    )?;
    write_table(
        dir,
        "outcomes.csv",
        &[
            "mentee",
            "mentor",
            "mentee_satisfaction",
            "mentor_satisfaction",
            "dropped_out",
            "baseline",
            "final_score",
        ],
        h.outcomes.iter().map(|o| {
            vec![
                o.mentee.clone(),
                o.mentor.clone(),
                opt(o.mentee_satisfaction),
                opt(o.mentor_satisfaction),
                o.dropped_out.to_string(),
                opt(o.baseline),
                opt(o.final_score),
            ]
        }),
    )
}
