//! Drafting a [`FormMapping`] from an export's headers and values.
//!
//! Algorithm: each header is matched against keywords of the participant fields («Отметка
//! времени» → timestamp, «почта»/«e-mail» → email, «ФИО»/«имя» → name, «роль» → role,
//! «согласие» → consent, «форма наставничества» → form, «формат» → mode, «школа» → organisation,
//! «возраст» → age, «стаж» → experience_years, «класс» → group, ...; first match wins). Every other
//! column becomes a question whose kind is read off its values: all Likert texts or whole numbers
//! in 1..=10 → Likert; all numbers → numeric with the observed range; cells joined by the
//! separator → multi-select with the observed items as options; few distinct values →
//! categorical; mostly distinct free text (comments) → ignored. Observed role, form, format and
//! consent values are recorded as synonyms, and those the built-in vocabulary does not know are
//! listed in [`Draft::notes`] for the curator.
//!
//! A bare «ID» column next to an e-mail or name column, filled with all-different whole numbers,
//! is the platform's response number (Yandex Forms), not a person id: it is left unmapped with a
//! note, so that ids come from the e-mail or name and resubmissions are merged.
//!
//! Guarantees: the draft validates, and [`super::import_form`] accepts the export it was drafted
//! from unless a note says otherwise.
//!
//! Complexity: O(cells).

use std::collections::BTreeMap;

use super::{ColumnMap, ConsentPolicy, Field, FormMapping, vocab};
use crate::error::Result;
use crate::io::table::{Table, normalize};
use crate::questionnaire::{Question, QuestionKind, Schema};

/// A drafted mapping and what the curator should check.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The mapping (validated).
    pub mapping: FormMapping,
    /// Human-readable notes: ignored columns, unrecognised values, missing role or consent.
    pub notes: Vec<String>,
}

/// A function giving the canonical value of a field's answer text.
type Canon = fn(&str) -> Option<String>;

const KEYWORDS: &[(Field, &[&str])] = &[
    (
        Field::Timestamp,
        &[
            "отметка времени",
            "timestamp",
            "время отправки",
            "дата и время",
            "время создания",
            "дата заполнения",
        ],
    ),
    (Field::Email, &["почт", "e-mail", "email", "емейл"]),
    (Field::Id, &["id", "идентификатор", "табельный номер"]),
    (
        Field::Consent,
        &["согласие", "consent", "персональных данных"],
    ),
    (Field::Role, &["роль", "role", "вы наставник", "кем вы"]),
    (
        Field::Form,
        &["форма наставничества", "форма настав", "mentoring form"],
    ),
    (
        Field::Mode,
        &["формат", "format", "mode", "онлайн или очно"],
    ),
    (Field::Name, &["фио", "фамилия", "имя", "name"]),
    (
        Field::Organisation,
        &[
            "школа",
            "организац",
            "учреждение",
            "предприятие",
            "organisation",
            "school",
        ],
    ),
    (Field::Age, &["возраст", "сколько вам лет", "age"]),
    (
        Field::ExperienceYears,
        &["стаж", "опыт работы", "experience"],
    ),
    (
        Field::Capacity,
        &["сколько наставляемых", "число наставляемых", "capacity"],
    ),
    (Field::Category, &["категория", "category"]),
    (Field::Group, &["класс", "группа", "group", "class"]),
];

/// Headers of columns that are never questions (comments, wishes).
const FREE_TEXT: &[&str] = &["коммент", "пожелани", "примечани", "comment", "другое"];

fn guess_field(header: &str) -> Option<Field> {
    let h = normalize(header);
    for (f, words) in KEYWORDS {
        for w in *words {
            let hit = if w.chars().count() <= 4 {
                h.split(|c: char| !c.is_alphanumeric())
                    .any(|t| t.starts_with(w))
            } else {
                h.contains(w)
            };
            if hit {
                return Some(*f);
            }
        }
    }
    None
}

/// Draft a mapping from a table (see the module docs).
///
/// # Errors
/// Only if the drafted schema fails validation, which would be a bug.
///
/// ```
/// use nastavnik::io::{read_csv_bytes, form::{Field, draft_mapping}};
/// let t = read_csv_bytes("Отметка времени,Ваша роль,Мне нравится работать в команде\n\
///     30.11.2026 10:00:00,Наставник,Полностью согласен\n".as_bytes(), "e.csv")?;
/// let d = draft_mapping(&t)?;
/// assert_eq!(d.mapping.columns[1].field, Some(Field::Role));
/// assert!(d.mapping.schema.to_json().contains("likert"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn draft_mapping(t: &Table) -> Result<Draft> {
    let mut columns = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut taken: Vec<Field> = Vec::new();
    let separator = ", ";
    let has_person_column = t
        .headers
        .iter()
        .any(|h| matches!(guess_field(h), Some(Field::Email | Field::Name)));
    for (c, header) in t.headers.iter().enumerate() {
        let cells: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r.cells[c].as_str())
            .filter(|v| !v.is_empty())
            .collect();
        if guess_field(header) == Some(Field::Id)
            && !taken.contains(&Field::Id)
            && has_person_column
            && looks_like_response_number(&cells, t.rows.len())
        {
            notes.push(format!(
                "column {header:?} looks like the form's response number (a different whole \
                 number on every row), not a person id: ignored, so that ids come from the e-mail \
                 or name and resubmissions are merged; map it to the field \"id\" if it does \
                 identify people"
            ));
            columns.push(ColumnMap {
                header: header.clone(),
                field: None,
                question: None,
            });
            continue;
        }
        if let Some(f) = guess_field(header).filter(|f| !taken.contains(f)) {
            taken.push(f);
            let canon: Option<(&str, Canon)> = match f {
                Field::Role => Some(("role", |v| {
                    vocab::role(v).map(|r| {
                        if r == crate::cohort::Role::Mentor {
                            "mentor"
                        } else {
                            "mentee"
                        }
                        .to_string()
                    })
                })),
                Field::Form => Some(("form", |v| vocab::form(v).map(|x| x.as_str().to_string()))),
                Field::Mode => Some(("mode", |v| {
                    vocab::mode(v).map(|x| {
                        match x {
                            crate::cohort::Mode::Online => "online",
                            crate::cohort::Mode::InPerson => "in_person",
                            crate::cohort::Mode::Either => "either",
                        }
                        .to_string()
                    })
                })),
                Field::Consent => Some(("consent", |v| {
                    vocab::consent(v).map(|b| if b { "yes" } else { "no" }.to_string())
                })),
                _ => None,
            };
            if let Some((name, f)) = canon {
                for v in &cells {
                    match f(v) {
                        Some(x) => {
                            values
                                .entry(name.to_string())
                                .or_default()
                                .insert(v.to_string(), x);
                        }
                        None => {
                            let note = format!(
                                "column {header:?}: the value {v:?} is not recognised as a {name}; add it under \"values\" -> \"{name}\""
                            );
                            if !notes.contains(&note) {
                                notes.push(note);
                            }
                        }
                    }
                }
            }
            columns.push(ColumnMap {
                header: header.clone(),
                field: Some(f),
                question: None,
            });
            continue;
        }
        let free = FREE_TEXT.iter().any(|w| normalize(header).contains(w));
        match infer_kind(&cells, separator).filter(|_| !free) {
            Some(kind) => {
                let mut id = vocab::slug(header, 32);
                if id.is_empty() || id.starts_with(|ch: char| ch.is_ascii_digit()) {
                    id = format!("q{}_{id}", c + 1).trim_end_matches('_').to_string();
                }
                if questions.iter().any(|q| q.id == id) {
                    id = format!("{id}_{}", c + 1);
                }
                questions.push(Question::new(id.clone(), kind));
                columns.push(ColumnMap {
                    header: header.clone(),
                    field: None,
                    question: Some(id),
                });
            }
            None => {
                notes.push(format!(
                    "column {header:?} looks like free text (or is empty): ignored"
                ));
                columns.push(ColumnMap {
                    header: header.clone(),
                    field: None,
                    question: None,
                });
            }
        }
    }
    if !taken.contains(&Field::Role) {
        notes.push("no role column found: map the column that says Наставник / Наставляемый to the field \"role\"".into());
    }
    if !taken.contains(&Field::Consent) {
        notes.push("no consent column found: without one nobody counts as consenting".into());
    }
    if ![Field::Id, Field::Email, Field::Name]
        .iter()
        .any(|f| taken.contains(f))
    {
        notes.push(
            "no id, e-mail or name column found: map one so that people can be told apart".into(),
        );
    }
    let mapping = FormMapping {
        columns,
        values,
        likert: BTreeMap::new(),
        separator: separator.into(),
        unknown_consent: ConsentPolicy::Error,
        schema: Schema::new(questions)?,
    };
    mapping.validate()?;
    Ok(Draft { mapping, notes })
}

/// Whether an id-like column is a platform's response number (Yandex Forms' «ID»): filled on
/// every row with whole numbers that are all different (a person id repeats on resubmission).
fn looks_like_response_number(cells: &[&str], n_rows: usize) -> bool {
    if cells.len() != n_rows || n_rows < 2 {
        return false;
    }
    if !cells
        .iter()
        .all(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let mut sorted: Vec<&str> = cells.to_vec();
    sorted.sort_unstable();
    sorted.windows(2).all(|w| w[0] != w[1])
}

/// The question kind that fits a column's non-empty values, `None` for free text or no values.
fn infer_kind(cells: &[&str], sep: &str) -> Option<QuestionKind> {
    if cells.is_empty() {
        return None;
    }
    let numbers: Vec<f64> = cells
        .iter()
        .filter_map(|v| crate::io::cohort::parse_number(v))
        .collect();
    if numbers.len() == cells.len() {
        let (lo, hi) = numbers
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        if numbers.iter().all(|x| x.fract() == 0.0) && lo >= 1.0 && hi <= 10.0 {
            return Some(QuestionKind::Likert {
                levels: if hi <= 5.0 { 5 } else { 10 },
            });
        }
        return Some(QuestionKind::Numeric {
            min: lo,
            max: if hi > lo { hi } else { lo + 1.0 },
        });
    }
    if cells
        .iter()
        .all(|v| vocab::likert(v).is_some_and(|l| (1.0..=5.0).contains(&l)))
    {
        return Some(QuestionKind::Likert { levels: 5 });
    }
    let mut distinct: Vec<&str> = Vec::new();
    for v in cells {
        if !distinct.contains(v) {
            distinct.push(v);
        }
    }
    let multi = cells.iter().any(|v| v.contains(sep));
    if multi {
        let mut items: Vec<String> = Vec::new();
        for v in cells {
            for it in v.split(sep).map(str::trim).filter(|s| !s.is_empty()) {
                if !items.iter().any(|o| vocab::key(o) == vocab::key(it)) {
                    items.push(it.to_string());
                }
            }
        }
        if items.len() <= 60 {
            return Some(QuestionKind::MultiSelect { options: items });
        }
        return None;
    }
    let free_text = distinct.len() > 12 && distinct.len() * 2 > cells.len();
    if free_text || distinct.len() > 60 {
        return None;
    }
    let mut options: Vec<String> = Vec::new();
    for v in distinct {
        if !options.iter().any(|o| vocab::key(o) == vocab::key(v)) {
            options.push(v.to_string());
        }
    }
    Some(QuestionKind::Categorical { options })
}
