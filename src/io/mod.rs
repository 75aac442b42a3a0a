//! Reading questionnaires: one table parser behind CSV, XLSX and DataFrame input, the curator's
//! cohort format, and form exports (Google Forms, Yandex Forms) through a mapping file.
//!
//! Problem: turn the files schools actually have into a validated [`Cohort`], and when that is not
//! possible, report every problem of the file at once, each naming the row the user sees (CSV
//! line, Excel row), the column header, and the fix (a did-you-mean for a misspelt header or
//! option, the separator or encoding to use).
//!
//! Algorithm: every input becomes a [`Table`] of trimmed text cells with provenance
//! ([`read_csv`] detects UTF-8 with or without BOM, UTF-16 and Windows-1251, and `,` `;` or tab;
//! [`read_xlsx`] reads the first sheet with calamine; [`Table::from_rows`] takes rows from a
//! DataFrame). Then either [`cohort_from_table`] reads the curator format (columns named `id`,
//! `role`, ..., question ids), or [`form::import_form`] applies a [`form::FormMapping`] (headers to
//! fields and questions, Russian value synonyms and Likert texts, resubmissions, derived ids).
//!
//! Guarantees: no panic on any bytes; all problems of a file in one [`Error::Parse`]; people
//! without consent are never dropped silently (an unknown consent answer is an error or a warning).
//!
//! Complexity: linear in the size of the file.
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

use std::path::Path;

use crate::cohort::Cohort;
use crate::error::{Error, Result};
use crate::questionnaire::Schema;

mod cohort;
mod csv;
pub mod form;
mod table;
mod xlsx;

pub use self::cohort::cohort_from_table;
pub use self::csv::{decode_text, detect_separator, read_csv, read_csv_bytes, to_cp1251, utf8_bom};
pub use self::table::{Problem, Problems, RowUnit, Table, TableRow, did_you_mean, normalize};
pub use self::xlsx::{excel_serial_to_iso, read_xlsx, read_xlsx_bytes};

/// Largest input file read (1 GiB): larger files get a clear error instead of an allocation failure.
const MAX_FILE: u64 = 1 << 30;

pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::Io {
            path: path.display().to_string(),
            message: "is a directory, not a file".into(),
        });
    }
    if meta.len() > MAX_FILE {
        return Err(Error::invalid(
            path.display().to_string(),
            format!(
                "the file has {} bytes; at most {MAX_FILE} are read",
                meta.len()
            ),
        ));
    }
    std::fs::read(path).map_err(io)
}

pub(crate) fn file_name(path: &Path) -> String {
    path.display().to_string()
}

/// Whether the bytes are a workbook (ZIP container of XLSX/ODS, or OLE of XLS).
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0])
}

/// Read a CSV or workbook file into a [`Table`], telling them apart by content.
///
/// # Errors
/// [`Error::Io`] when unreadable; [`Error::Parse`] as [`read_csv_bytes`] / [`read_xlsx_bytes`].
///
/// ```no_run
/// let t = nastavnik::io::read_table("data/forms/yandex.xlsx")?;
/// println!("{} rows, headers {:?}", t.rows.len(), t.headers);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn read_table(path: impl AsRef<Path>) -> Result<Table> {
    let path = path.as_ref();
    let bytes = read_file(path)?;
    if is_workbook(&bytes) {
        read_xlsx_bytes(bytes, &file_name(path))
    } else {
        read_csv_bytes(&bytes, &file_name(path))
    }
}

/// Read a cohort file (CSV or XLSX in the curator format) from a path.
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened, else as [`cohort_from_table`].
///
/// ```no_run
/// let schema = nastavnik::synthetic::schema();
/// let cohort = nastavnik::io::read_cohort_csv("data/sample/cohort.csv", &schema)?;
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn read_cohort_csv(path: impl AsRef<Path>, schema: &Schema) -> Result<Cohort> {
    cohort_from_table(&read_table(path)?, schema)
}

/// Read a cohort CSV from any reader; `source` names it in error messages.
///
/// # Errors
/// [`Error::Io`] when reading fails, else as [`cohort_from_table`]: every bad cell with its line
/// and column.
///
/// ```
/// let bad = "id,role,age\nx,mentor,old\n";
/// let err = nastavnik::io::read_cohort_csv_from(bad.as_bytes(), &nastavnik::synthetic::schema(), "f.csv");
/// assert!(err.unwrap_err().to_string().contains("line 2, column \"age\""));
/// ```
pub fn read_cohort_csv_from<R: std::io::Read>(
    mut reader: R,
    schema: &Schema,
    source: &str,
) -> Result<Cohort> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| Error::Io {
        path: source.to_string(),
        message: e.to_string(),
    })?;
    cohort_from_table(&read_csv_bytes(&bytes, source)?, schema)
}
