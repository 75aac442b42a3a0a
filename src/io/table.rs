//! A table of text cells with provenance: the one intermediate form behind CSV, XLSX and
//! DataFrame input.
//!
//! Problem: readers of questionnaire exports must report every problem of a file at once, each
//! naming the file, the row as the user sees it (the CSV line, the Excel row, the DataFrame row)
//! and the column header. A [`Table`] keeps that provenance for every row; [`Problems`] collects
//! problems and turns them into one [`Error::Parse`] listing all of them.
//!
//! Algorithm: headers are trimmed; a duplicated header is a problem; a header without a name is
//! dropped when its column is empty and a problem otherwise. Header lookup is case-insensitive and
//! ignores surrounding spaces; a header that is not found gets a did-you-mean suggestion from the
//! closest header by normalised Levenshtein similarity ([`did_you_mean`]).
//!
//! Guarantees: cells are trimmed strings (`""` = empty); every row has exactly
//! `headers.len()` cells; `Table::rows[i].line` is the user-visible row number.
//!
//! Complexity: O(cells) to build; header lookup O(headers).
//!
//! # Examples
//! ```
//! use nastavnik::io::{RowUnit, Table};
//! let t = Table::from_rows("f.csv", RowUnit::Line, vec!["ID".into(), "Role".into()],
//!     vec![(2, vec!["a".into(), "mentor".into()])])?;
//! assert_eq!(t.column("id"), Some(0));
//! assert_eq!(t.cell(0, 1), "mentor");
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::fmt;

use crate::error::{Error, Result};

/// How row numbers of a table are shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowUnit {
    /// A line of a text file (CSV), 1-based, the header is line 1.
    Line,
    /// An Excel row number (XLSX), 1-based.
    ExcelRow,
    /// A DataFrame row position, 0-based.
    FrameRow,
    /// A record of a list of records, 0-based.
    Record,
}

impl RowUnit {
    /// `"line 5"`, `"row 5"`, `"DataFrame row 3"` or `"record 3"`.
    ///
    /// ```
    /// assert_eq!(nastavnik::io::RowUnit::ExcelRow.describe(7), "row 7");
    /// ```
    pub fn describe(self, n: usize) -> String {
        match self {
            RowUnit::Line => format!("line {n}"),
            RowUnit::ExcelRow => format!("row {n}"),
            RowUnit::FrameRow => format!("DataFrame row {n}"),
            RowUnit::Record => format!("record {n}"),
        }
    }
}

/// One data row: its user-visible number and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The row number as the user sees it (see [`RowUnit`]).
    pub line: usize,
    /// Trimmed cells, one per header.
    pub cells: Vec<String>,
}

/// A table of trimmed text cells with a header row and provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Where the table came from (file name, `"DataFrame"`).
    pub source: String,
    /// How row numbers are shown.
    pub unit: RowUnit,
    /// Trimmed, unique, non-empty headers.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<TableRow>,
    /// Text encoding detected (CSV), else `""`.
    pub encoding: String,
    /// Separator detected (CSV), else `None`.
    pub separator: Option<char>,
}

/// Trim spaces, non-breaking spaces and zero-width characters.
pub(crate) fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
        .to_string()
}

/// Lower case, `ё` as `е`, runs of spaces collapsed: the key used to compare headers and values.
///
/// ```
/// assert_eq!(nastavnik::io::normalize("  Ваша  Роль "), "ваша роль");
/// ```
pub fn normalize(s: &str) -> String {
    let lower = clean(s).to_lowercase().replace('ё', "е");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The candidate closest to `wanted` when it is close enough to be a likely misspelling.
///
/// ```
/// let h = ["Ваша роль", "Возраст"];
/// assert_eq!(nastavnik::io::did_you_mean("Ваша рол", h.iter().copied()), Some("Ваша роль".to_string()));
/// assert_eq!(nastavnik::io::did_you_mean("Телефон", h.iter().copied()), None);
/// ```
pub fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let w = normalize(wanted);
    candidates
        .map(|c| (strsim::normalized_levenshtein(&w, &normalize(c)), c))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

impl Table {
    /// Build a table from headers and numbered rows, checking the headers.
    ///
    /// Short rows are padded with empty cells; extra non-empty cells and duplicated or empty
    /// headers are reported all at once.
    ///
    /// # Errors
    /// [`Error::Parse`] listing every problem.
    ///
    /// ```
    /// use nastavnik::io::{RowUnit, Table};
    /// let err = Table::from_rows("f.csv", RowUnit::Line, vec!["id".into(), "id".into()], vec![]);
    /// assert!(err.unwrap_err().to_string().contains("duplicated header \"id\""));
    /// ```
    pub fn from_rows(
        source: &str,
        unit: RowUnit,
        headers: Vec<String>,
        rows: Vec<(usize, Vec<String>)>,
    ) -> Result<Table> {
        let mut problems = Problems::new(source, unit);
        let headers: Vec<String> = headers.iter().map(|h| clean(h)).collect();
        let width = headers.len();
        // Columns kept: non-empty headers, and unnamed columns only when they hold data.
        let mut keep = Vec::with_capacity(width);
        for (c, h) in headers.iter().enumerate() {
            if h.is_empty() {
                let used = rows
                    .iter()
                    .any(|(_, r)| r.get(c).is_some_and(|v| !clean(v).is_empty()));
                if used {
                    problems.push(
                        None,
                        None,
                        format!("column {} has data but no header", c + 1),
                    );
                }
                continue;
            }
            if let Some(first) = headers[..c]
                .iter()
                .position(|o| normalize(o) == normalize(h))
            {
                problems.push(
                    None,
                    None,
                    format!(
                        "duplicated header {h:?} (columns {} and {}): rename one of them",
                        first + 1,
                        c + 1
                    ),
                );
            }
            keep.push(c);
        }
        let mut out = Vec::new();
        out.try_reserve(rows.len())
            .map_err(|_| Error::invalid("table", "too many rows to hold in memory"))?;
        for (line, cells) in rows {
            if cells.len() > width && cells[width..].iter().any(|v| !clean(v).is_empty()) {
                problems.push(
                    Some(line),
                    None,
                    format!(
                        "{} cells but the header has {width} columns (a stray separator or an unquoted value?)",
                        cells.len()
                    ),
                );
            }
            let row: Vec<String> = keep
                .iter()
                .map(|&c| cells.get(c).map(|v| clean(v)).unwrap_or_default())
                .collect();
            if row.iter().all(String::is_empty) {
                continue; // blank lines are not rows
            }
            out.push(TableRow { line, cells: row });
        }
        problems.finish()?;
        Ok(Table {
            source: source.to_string(),
            unit,
            headers: keep.iter().map(|&c| headers[c].clone()).collect(),
            rows: out,
            encoding: String::new(),
            separator: None,
        })
    }

    /// Index of the column whose header equals `name` (case-insensitive, spaces trimmed).
    ///
    /// ```
    /// # use nastavnik::io::{RowUnit, Table};
    /// let t = Table::from_rows("f", RowUnit::Line, vec!["Role".into()], vec![])?;
    /// assert_eq!(t.column(" role "), Some(0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn column(&self, name: &str) -> Option<usize> {
        let n = normalize(name);
        self.headers.iter().position(|h| normalize(h) == n)
    }

    /// The cell at data row `row`, column `col` (`""` when out of range).
    ///
    /// ```
    /// # use nastavnik::io::{RowUnit, Table};
    /// let t = Table::from_rows("f", RowUnit::Line, vec!["a".into()], vec![(2, vec!["x".into()])])?;
    /// assert_eq!(t.cell(0, 0), "x");
    /// assert_eq!(t.cell(5, 5), "");
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.cells.get(col))
            .map_or("", String::as_str)
    }

    /// A "did you mean" hint for a header that is not in the table (`""` when none is close).
    ///
    /// ```
    /// # use nastavnik::io::{RowUnit, Table};
    /// let t = Table::from_rows("f", RowUnit::Line, vec!["Возраст".into()], vec![])?;
    /// assert!(t.suggest("Возрст").contains("Возраст"));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn suggest(&self, wanted: &str) -> String {
        match did_you_mean(wanted, self.headers.iter().map(String::as_str)) {
            Some(h) => format!(" (did you mean {h:?}?)"),
            None => String::new(),
        }
    }

    /// A new problem collector for this table.
    ///
    /// ```
    /// # use nastavnik::io::{RowUnit, Table};
    /// let t = Table::from_rows("f.csv", RowUnit::Line, vec!["a".into()], vec![])?;
    /// assert!(t.problems().finish().is_ok());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn problems(&self) -> Problems {
        Problems::new(&self.source, self.unit)
    }
}

/// One problem found in a table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// User-visible row number, `None` for file-level problems.
    pub line: Option<usize>,
    /// The column header concerned.
    pub column: Option<String>,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
    /// The row number rendered for the user (`"line 5"`, `"row 5"`), empty for file-level problems.
    pub location: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location.is_empty(), &self.column) {
            (false, Some(c)) => write!(f, "{}, column {c:?}: {}", self.location, self.message),
            (false, None) => write!(f, "{}: {}", self.location, self.message),
            (true, Some(c)) => write!(f, "column {c:?}: {}", self.message),
            (true, None) => write!(f, "{}", self.message),
        }
    }
}

/// Collects every problem of one input, then fails once listing them all.
#[derive(Debug, Clone)]
pub struct Problems {
    source: String,
    unit: RowUnit,
    /// The problems found so far, in the order found.
    pub list: Vec<Problem>,
}

/// At most this many problems are spelled out in an error message.
const SHOWN: usize = 50;

impl Problems {
    /// An empty collector for `source`.
    ///
    /// ```
    /// use nastavnik::io::{Problems, RowUnit};
    /// let mut p = Problems::new("f.csv", RowUnit::Line);
    /// p.push(Some(3), Some("age"), "\"old\" is not a number");
    /// assert!(p.finish().unwrap_err().to_string().contains("line 3, column \"age\""));
    /// ```
    pub fn new(source: &str, unit: RowUnit) -> Self {
        Self {
            source: source.to_string(),
            unit,
            list: Vec::new(),
        }
    }

    /// Record a problem at a row (or file-level with `None`) and column.
    pub fn push(&mut self, line: Option<usize>, column: Option<&str>, message: impl fmt::Display) {
        self.list.push(Problem {
            line,
            column: column.map(str::to_string),
            message: message.to_string(),
            location: line.map(|l| self.unit.describe(l)).unwrap_or_default(),
        });
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Like [`Problems::finish`] but keeps the collector usable: fails (emptying it) when any
    /// problem was recorded.
    ///
    /// # Errors
    /// [`Error::Parse`] when any problem was recorded.
    pub fn check(&mut self) -> Result<()> {
        let taken = Problems {
            source: self.source.clone(),
            unit: self.unit,
            list: std::mem::take(&mut self.list),
        };
        taken.finish()
    }

    /// `Ok` when empty, else one [`Error::Parse`] listing every problem (the first 50 in full).
    ///
    /// # Errors
    /// [`Error::Parse`] when any problem was recorded.
    pub fn finish(self) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        let n = self.list.len();
        let mut message = if n == 1 {
            self.list[0].to_string()
        } else {
            let mut m = format!("{n} problems:");
            for p in self.list.iter().take(SHOWN) {
                m.push_str("\n  ");
                m.push_str(&p.to_string());
            }
            if n > SHOWN {
                m.push_str(&format!("\n  ... and {} more", n - SHOWN));
            }
            m
        };
        message.shrink_to_fit();
        Err(Error::Parse {
            what: self.source,
            message,
        })
    }
}
