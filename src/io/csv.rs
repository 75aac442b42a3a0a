//! CSV files as [`Table`]s: encoding and separator detection.
//!
//! Problem: Russian schools export CSV from Excel (cp1251, `;`), Google Forms (UTF-8, `,`),
//! Yandex Forms (UTF-8 with BOM) and LibreOffice (UTF-16 or tab-separated). The reader must accept
//! all of them without a hint, or say precisely what to change.
//!
//! Algorithm: a byte-order mark selects UTF-8, UTF-16LE or UTF-16BE; without one, valid UTF-8 is
//! UTF-8, text with many NUL bytes is UTF-16 (the side of the NULs gives the byte order), anything
//! else is decoded as Windows-1251 (`encoding_rs`). The separator is the one of `,` `;` and tab that
//! occurs most often outside quotes on the header line (`,` on ties). Records are then parsed by
//! the `csv` crate (quoted multi-line cells, CRLF), keeping each record's first line number.
//!
//! Guarantees: never panics on any bytes; row numbers are the file's line numbers (header = line
//! 1); ragged rows and header problems are reported together ([`Table::from_rows`]).
//!
//! Complexity: O(bytes).
//!
//! # Examples
//! ```
//! let bytes = "\u{feff}ID;Role\n1;mentor\n".as_bytes();
//! let t = nastavnik::io::read_csv_bytes(bytes, "export.csv")?;
//! assert_eq!((t.encoding.as_str(), t.separator), ("UTF-8 with BOM", Some(';')));
//! assert_eq!(t.rows[0].line, 2);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251};

use super::table::{RowUnit, Table};
use crate::error::{Error, Result};

/// Decode bytes, returning the text and the name of the encoding detected.
///
/// ```
/// let (text, enc) = nastavnik::io::decode_text(&[0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
/// assert_eq!((text.as_str(), enc), ("Привет", "Windows-1251"));
/// ```
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    let (enc, name, body): (&'static Encoding, &'static str, &[u8]) =
        if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
            (UTF_8, "UTF-8 with BOM", rest)
        } else if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
            (UTF_16LE, "UTF-16LE", rest)
        } else if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
            (UTF_16BE, "UTF-16BE", rest)
        } else if std::str::from_utf8(bytes).is_ok() && !looks_utf16(bytes) {
            (UTF_8, "UTF-8", bytes)
        } else if looks_utf16(bytes) {
            let even_nuls = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
            let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
            if odd_nuls >= even_nuls {
                (UTF_16LE, "UTF-16LE", bytes)
            } else {
                (UTF_16BE, "UTF-16BE", bytes)
            }
        } else {
            (WINDOWS_1251, "Windows-1251", bytes)
        };
    let (text, _had_errors) = enc.decode_without_bom_handling(body);
    (text.into_owned(), name)
}

fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    sample.len() >= 4 && sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len()
}

/// The separator of a CSV text: the most frequent of `,` `;` tab outside quotes on the first line,
/// `None` when the first line has none of them (a one-column file).
///
/// ```
/// assert_eq!(nastavnik::io::detect_separator("a;b;\"c,d\"\n"), Some(';'));
/// assert_eq!(nastavnik::io::detect_separator("a\tb\n"), Some('\t'));
/// assert_eq!(nastavnik::io::detect_separator("id\n1,2\n"), None);
/// ```
pub fn detect_separator(text: &str) -> Option<char> {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [',', ';', '\t'];
    let mut best = 0;
    for k in 1..3 {
        if counts[k] > counts[best] {
            best = k;
        }
    }
    (counts[best] > 0).then_some(seps[best])
}

/// Read a CSV file into a [`Table`] (encoding and separator detected).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, else as [`read_csv_bytes`].
///
/// ```no_run
/// let t = nastavnik::io::read_csv("data/forms/google.csv")?;
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn read_csv(path: impl AsRef<std::path::Path>) -> Result<Table> {
    let path = path.as_ref();
    let bytes = super::read_file(path)?;
    read_csv_bytes(&bytes, &super::file_name(path))
}

/// Parse CSV bytes into a [`Table`]; `source` names the input in messages.
///
/// # Errors
/// [`Error::Parse`] listing every problem: malformed records, ragged rows, duplicated headers,
/// an empty file.
///
/// ```
/// let err = nastavnik::io::read_csv_bytes(b"id,role,id\n", "f.csv").unwrap_err();
/// assert!(err.to_string().contains("duplicated header"));
/// ```
pub fn read_csv_bytes(bytes: &[u8], source: &str) -> Result<Table> {
    let (text, encoding) = decode_text(bytes);
    let sep = detect_separator(&text);
    // A one-column file: a separator byte that text files do not contain.
    let sep_byte = match sep {
        Some(';') => b';',
        Some('\t') => b'\t',
        Some(_) => b',',
        None => 0x1f,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep_byte)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let parse_err = |message: String| Error::Parse {
        what: source.to_string(),
        message,
    };
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line numbers from byte offsets (the csv crate's own line counter skips blank lines).
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    // A record's position may point at the blank lines or line ends before it: skip them.
    let raw = text.as_bytes();
    let line_of = |byte: u64| {
        let mut b = usize::try_from(byte).unwrap_or(raw.len()).min(raw.len());
        while b < raw.len() && (raw[b] == b'\r' || raw[b] == b'\n') {
            b += 1;
        }
        1 + newlines.partition_point(|&nl| nl < b)
    };
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                return Err(parse_err(format!("line {line}: {e}")));
            }
        }
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        match headers {
            None => {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                headers = Some(cells);
            }
            Some(_) => {
                rows.try_reserve(1)
                    .map_err(|_| Error::invalid("CSV", "too many rows to hold in memory"))?;
                rows.push((line, cells));
            }
        }
    }
    let headers = headers.ok_or_else(|| parse_err("the file is empty (no header line)".into()))?;
    let mut t = Table::from_rows(source, RowUnit::Line, headers, rows)?;
    t.encoding = encoding.to_string();
    t.separator = sep;
    Ok(t)
}

/// Encode text for Excel in Russian locales: UTF-8 with a byte-order mark.
///
/// ```
/// assert_eq!(&nastavnik::io::utf8_bom("a")[..3], &[0xef, 0xbb, 0xbf]);
/// ```
pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(&[0xef, 0xbb, 0xbf]);
    out.extend_from_slice(text.as_bytes());
    out
}

/// Text as Windows-1251 bytes when every character fits, else `None`.
///
/// ```
/// assert_eq!(nastavnik::io::to_cp1251("Да").unwrap(), vec![0xc4, 0xe0]);
/// assert!(nastavnik::io::to_cp1251("🙂").is_none());
/// ```
pub fn to_cp1251(text: &str) -> Option<Vec<u8>> {
    let (bytes, _, had_errors) = WINDOWS_1251.encode(text);
    (!had_errors).then(|| match bytes {
        Cow::Borrowed(b) => b.to_vec(),
        Cow::Owned(b) => b,
    })
}
