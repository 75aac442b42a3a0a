//! XLSX (and XLS/ODS) workbooks as [`Table`]s, read with `calamine`.
//!
//! Problem: curators download Google Forms and Yandex Forms answers as `.xlsx`; errors must name
//! the Excel row a curator sees.
//!
//! Algorithm: the first worksheet is read; the first non-empty row is the header; every later
//! row keeps its Excel row number. Numbers are written without a trailing `.0` when integral,
//! dates and times (Excel serial numbers, 1900 system) as `YYYY-MM-DD HH:MM:SS`, booleans as
//! `TRUE`/`FALSE`; Excel error cells (`#N/A`...) are reported as problems.
//!
//! Guarantees: never panics on a corrupt file (a [`crate::Error::Parse`] names it); all problems
//! of the sheet come in one error.
//!
//! Complexity: O(cells) after decompression.
//!
//! # Examples
//! ```
//! assert_eq!(nastavnik::io::excel_serial_to_iso(46000.5), "2025-12-09 12:00:00");
//! ```

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::table::{Problems, RowUnit, Table};
use crate::error::{Error, Result};

/// Format an Excel serial date (1900 date system) as `YYYY-MM-DD HH:MM:SS` (date only when the
/// time is midnight).
///
/// ```
/// assert_eq!(nastavnik::io::excel_serial_to_iso(45000.0), "2023-03-15");
/// ```
pub fn excel_serial_to_iso(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3.0e6).contains(&serial) {
        return format!("{serial}");
    }
    let mut days = serial.floor() as i64;
    let mut secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    // Serial 60 is Excel's phantom 1900-02-29: from serial 61 on, serial = days since 1899-12-30;
    // before it, days since 1899-12-31. Then the civil date from days since 1970-01-01 (Howard
    // Hinnant's algorithm).
    let to_epoch = if days < 61 { 25_568 } else { 25_569 };
    let z = days - to_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Read the first sheet of a workbook file into a [`Table`].
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, else as [`read_xlsx_bytes`].
///
/// ```no_run
/// let t = nastavnik::io::read_xlsx("export.xlsx")?;
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn read_xlsx(path: impl AsRef<std::path::Path>) -> Result<Table> {
    let path = path.as_ref();
    let bytes = super::read_file(path)?;
    read_xlsx_bytes(bytes, &super::file_name(path))
}

/// Read the first sheet of a workbook given as bytes; `source` names it in messages.
///
/// # Errors
/// [`Error::Parse`] for a file that is not a workbook, an empty sheet, Excel error cells,
/// duplicated headers (all problems at once).
///
/// ```
/// let err = nastavnik::io::read_xlsx_bytes(b"not a workbook".to_vec(), "x.xlsx").unwrap_err();
/// assert!(err.to_string().contains("x.xlsx"));
/// ```
pub fn read_xlsx_bytes(bytes: Vec<u8>, source: &str) -> Result<Table> {
    let parse_err = |message: String| Error::Parse {
        what: source.to_string(),
        message,
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| parse_err(format!("not a readable XLSX/XLS/ODS workbook ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| parse_err("the workbook has no worksheet".into()))?
        .map_err(|e| parse_err(format!("cannot read the first worksheet ({e})")))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut problems = Problems::new(source, RowUnit::ExcelRow);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let excel_row = row0 as usize + i + 1;
        let mut cells = Vec::with_capacity(r.len() + col0 as usize);
        cells.resize(col0 as usize, String::new());
        for (j, c) in r.iter().enumerate() {
            cells.push(match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(v) => v.to_string(),
                Data::Float(v) => number(*v),
                Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                Data::DateTime(d) => excel_serial_to_iso(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    problems.push(
                        Some(excel_row),
                        None,
                        format!(
                            "cell {} holds the Excel error {e}",
                            column_letter(col0 as usize + j)
                        ),
                    );
                    String::new()
                }
            });
        }
        match headers {
            None => {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                headers = Some(cells);
            }
            Some(_) => {
                rows.try_reserve(1)
                    .map_err(|_| Error::invalid("XLSX", "too many rows to hold in memory"))?;
                rows.push((excel_row, cells));
            }
        }
    }
    let headers = headers.ok_or_else(|| parse_err("the first worksheet is empty".into()))?;
    let table = Table::from_rows(source, RowUnit::ExcelRow, headers, rows);
    match (problems.finish(), table) {
        (Ok(()), t) => t,
        (Err(e), Ok(_)) => Err(e),
        (Err(Error::Parse { message: a, .. }), Err(Error::Parse { message: b, .. })) => {
            Err(parse_err(format!("{a}\n{b}")))
        }
        (Err(e), Err(_)) => Err(e),
    }
}

/// `0 -> "A"`, `27 -> "AB"`.
fn column_letter(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}
