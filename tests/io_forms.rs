//! Table parser, CSV/XLSX readers and form import: the bundled realistic exports, property tests
//! on random tables in every encoding and separator (the oracle is the table written), and every
//! problem of a bad file reported in one pass with its row and column.

#![allow(clippy::unwrap_used)] // test helpers unwrap writes to memory

use nastavnik::cohort::{Form, Mode, Role};
use nastavnik::io::form::{ConsentPolicy, FormMapping, draft_mapping, import_form};
use nastavnik::io::{self, RowUnit, Table};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn forms(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/forms")
        .join(name)
}

#[test]
fn google_export_imports_without_hand_edits() {
    let t = io::read_table(forms("google_export.csv")).unwrap();
    assert_eq!((t.encoding.as_str(), t.separator), ("UTF-8", Some(',')));
    let d = draft_mapping(&t).unwrap();
    assert!(
        d.notes
            .iter()
            .all(|n| !n.contains("role") && !n.contains("consent")),
        "{:?}",
        d.notes
    );
    let got = import_form(&t, &d.mapping).unwrap();
    // 54 people + 3 resubmissions + 1 sibling sharing an e-mail = 58 rows.
    assert_eq!(t.rows.len(), 58);
    assert_eq!(got.cohort.len(), 55);
    assert_eq!(got.superseded.len(), 3);
    assert_eq!(got.collisions.len(), 1);
    assert_eq!(got.collisions[0].ids.len(), 2);
    // The kept answer is the later one (format changed to online).
    for s in &got.superseded {
        assert!(s.kept_line > s.line);
        assert_eq!(got.cohort.get(&s.id).unwrap().mode, Mode::Online);
    }
    let p = &got.cohort.participants()[1];
    assert_eq!(p.form, Some(Form::StudentStudent));
    // Contacts only for consenting people; the cohort itself has no names.
    assert_eq!(
        got.contacts.len(),
        got.cohort.mentors().len() + got.cohort.mentees().len()
    );
    assert!(!got.cohort.to_json().contains('@'));
    // Mapping round-trips through JSON and gives the same result.
    let again = FormMapping::from_json(&d.mapping.to_json()).unwrap();
    assert_eq!(import_form(&t, &again).unwrap(), got);
}

#[test]
fn xlsx_and_cp1251_hold_the_same_table_as_the_csv() {
    let csv = io::read_table(forms("google_export.csv")).unwrap();
    let xlsx = io::read_table(forms("google_export.xlsx")).unwrap();
    let cp = io::read_table(forms("excel_cp1251.csv")).unwrap();
    assert_eq!(
        (cp.encoding.as_str(), cp.separator),
        ("Windows-1251", Some(';'))
    );
    assert_eq!(xlsx.unit, RowUnit::ExcelRow);
    for t in [&xlsx, &cp] {
        assert_eq!(t.headers, csv.headers);
        assert_eq!(t.rows.len(), csv.rows.len());
        for (a, b) in t.rows.iter().zip(&csv.rows) {
            assert_eq!(a.cells, b.cells, "row {}", a.line);
            assert_eq!(a.line, b.line);
        }
    }
    let m = draft_mapping(&csv).unwrap().mapping;
    assert_eq!(
        import_form(&xlsx, &m).unwrap().cohort,
        import_form(&csv, &m).unwrap().cohort
    );
}

#[test]
fn yandex_export_with_bom_and_semicolons() {
    let t = io::read_table(forms("yandex_export.csv")).unwrap();
    assert_eq!(
        (t.encoding.as_str(), t.separator),
        ("UTF-8 with BOM", Some(';'))
    );
    assert_eq!(t.headers[0], "Время создания");
    let d = draft_mapping(&t).unwrap();
    let got = import_form(&t, &d.mapping).unwrap();
    assert_eq!(got.cohort.len(), 30);
    assert_eq!(got.superseded.len(), 1);
    assert_eq!(
        got.cohort
            .participants()
            .iter()
            .filter(|p| p.role == Role::Mentor)
            .count(),
        10
    );
    assert!(d.mapping.schema.to_json().contains("likert"));
}

#[test]
fn every_problem_of_a_bad_file_in_one_pass() {
    let good = io::read_table(forms("google_export.csv")).unwrap();
    let m = draft_mapping(&good).unwrap().mapping;
    let bad = io::read_table(forms("bad_rows.csv")).unwrap();
    let msg = import_form(&bad, &m).unwrap_err().to_string();
    for want in [
        "4 problems",
        "line 4, column \"Ваша роль\"",
        "line 7, column \"Согласие на обработку персональных данных\"",
        "line 9, column \"Мне легко общаться с новыми людьми\"",
        "line 11, column \"Возраст\"",
    ] {
        assert!(msg.contains(want), "{want:?} not in {msg}");
    }
    // With "warn", the unknown consent is a warning naming the row, not an exclusion in silence.
    let mut lenient = m.clone();
    lenient.unknown_consent = ConsentPolicy::Warn;
    let msg = import_form(&bad, &lenient).unwrap_err().to_string();
    assert!(msg.contains("3 problems") && !msg.contains("line 7"));
}

#[test]
fn misspelt_header_gets_a_suggestion() {
    let good = io::read_table(forms("google_export.csv")).unwrap();
    let m = draft_mapping(&good).unwrap().mapping;
    let text = std::fs::read_to_string(forms("google_export.csv"))
        .unwrap()
        .replacen("Ваша роль", "Ваша рол", 1);
    let t = io::read_csv_bytes(text.as_bytes(), "renamed.csv").unwrap();
    let msg = import_form(&t, &m).unwrap_err().to_string();
    assert!(
        msg.contains("column \"Ваша роль\"") && msg.contains("did you mean \"Ваша рол\""),
        "{msg}"
    );
}

#[test]
fn csv_cohort_errors_use_file_lines() {
    let s = nastavnik::synthetic::schema();
    let text = "ID;Role;Consent;Age\nt1;mentor;yes;40\n\n;mentee;yes;12\nt1;mentee;maybe;x\n";
    let msg = io::read_cohort_csv_from(text.as_bytes(), &s, "c.csv")
        .unwrap_err()
        .to_string();
    for want in [
        "line 4, column \"id\": empty id",
        "line 5, column \"id\": duplicate id \"t1\" (first on line 2)",
        "line 5, column \"consent\"",
        "line 5, column \"age\"",
    ] {
        assert!(msg.contains(want), "{want:?} not in {msg}");
    }
    let dup = io::read_csv_bytes(b"id,role,Id\n", "d.csv")
        .unwrap_err()
        .to_string();
    assert!(dup.contains("duplicated header \"Id\""), "{dup}");
    let pipe = io::read_cohort_csv_from("id|role\na|mentor\n".as_bytes(), &s, "p.csv").unwrap_err();
    assert!(pipe.to_string().contains("separator"), "{pipe}");
}

fn random_cell(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[&str] = &[
        "а", "Я", "ё", "b", "Z", "1", " ", ",", ";", "\t", "\"", "\n", "\r\n", "-", "№", "«", "»",
    ];
    let n = rng.random_range(0..8);
    let s: String = (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
        .collect();
    s.trim_matches(|c: char| c.is_whitespace()).to_string()
}

fn write_csv(headers: &[String], rows: &[Vec<String>], sep: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![]);
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// Random tables written in every encoding and separator read back cell for cell, with the line
/// numbers of the file (multi-line cells included).
#[test]
fn random_tables_round_trip_in_every_encoding_and_separator() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for case in 0..300 {
        let width = rng.random_range(1..6);
        let headers: Vec<String> = (0..width).map(|c| format!("Вопрос {c}")).collect();
        let n = rng.random_range(0..12);
        let rows: Vec<Vec<String>> = (0..n)
            .map(|_| {
                let mut r: Vec<String> = (0..width).map(|_| random_cell(&mut rng)).collect();
                if r.iter().all(String::is_empty) {
                    r[0] = "x".into();
                }
                r
            })
            .collect();
        let sep = [b',', b';', b'\t'][case % 3];
        let text = write_csv(&headers, &rows, sep);
        let bytes: Vec<u8> = match case % 4 {
            0 => text.clone().into_bytes(),
            1 => io::utf8_bom(&text),
            2 => match io::to_cp1251(&text) {
                Some(b) => b,
                None => text.clone().into_bytes(),
            },
            _ => {
                let mut b = vec![0xff, 0xfe];
                b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                b
            }
        };
        let t = io::read_csv_bytes(&bytes, "r.csv")
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{text:?}"));
        if width > 1 {
            assert_eq!(t.separator, Some(sep as char), "case {case}");
        }
        assert_eq!(t.headers, headers, "case {case}");
        assert_eq!(
            t.rows.len(),
            rows.len(),
            "case {case}: {text:?} {:?}",
            t.rows
        );
        // Expected line numbers: 1 + newlines before each record in the written text.
        let mut line = 2;
        for (got, want) in t.rows.iter().zip(&rows) {
            assert_eq!(&got.cells, want, "case {case}");
            assert_eq!(got.line, line, "case {case}");
            line += 1 + want.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        }
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let s = nastavnik::synthetic::schema();
    for _ in 0..500 {
        let n = rng.random_range(0..200);
        let mut bytes: Vec<u8> = (0..n).map(|_| rng.random()).collect();
        if rng.random_bool(0.5) {
            bytes.splice(0..0, b"PK\x03\x04".iter().copied());
        }
        if let Ok(t) = io::read_csv_bytes(&bytes, "junk") {
            let _ = io::cohort_from_table(&t, &s);
            if let Ok(d) = draft_mapping(&t) {
                let _ = import_form(&t, &d.mapping);
            }
        }
        let _ = io::read_xlsx_bytes(bytes, "junk.xlsx");
    }
}

/// Resubmissions: against a brute-force oracle, the kept row per e-mail is the latest.
#[test]
fn resubmissions_keep_the_latest_answer() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for case in 0..50 {
        let n = rng.random_range(1..30);
        let mut rows = Vec::new();
        for _ in 0..n {
            let who = rng.random_range(0..8);
            let minute = rng.random_range(0..50);
            let role = if who % 2 == 0 {
                "Наставник"
            } else {
                "Наставляемый"
            };
            rows.push((
                2 + rows.len(),
                vec![
                    format!("30.11.2026 10:{minute:02}:00"),
                    format!("u{who}@x.ru"),
                    role.to_string(),
                    "Да".to_string(),
                    format!("{}", rng.random_range(1..6)),
                ],
            ));
        }
        let headers = [
            "Отметка времени",
            "Почта",
            "Ваша роль",
            "Согласие",
            "Оценка",
        ]
        .map(String::from)
        .to_vec();
        let t = Table::from_rows("r", RowUnit::Line, headers, rows.clone()).unwrap();
        let d = draft_mapping(&t).unwrap();
        let got = import_form(&t, &d.mapping).unwrap_or_else(|e| panic!("case {case}: {e}"));
        // Oracle: per e-mail, max (minute, line).
        let mut best: std::collections::BTreeMap<String, (String, usize)> = Default::default();
        for (line, r) in &rows {
            let e = best.entry(r[1].clone()).or_insert((r[0].clone(), *line));
            if (r[0].clone(), *line) > (e.0.clone(), e.1) {
                *e = (r[0].clone(), *line);
            }
        }
        assert_eq!(got.cohort.len(), best.len(), "case {case}");
        assert_eq!(got.superseded.len(), rows.len() - best.len(), "case {case}");
        let kept: std::collections::BTreeSet<usize> = got.contacts.iter().map(|c| c.line).collect();
        let want: std::collections::BTreeSet<usize> = best.values().map(|v| v.1).collect();
        assert_eq!(kept, want, "case {case}");
    }
}

/// The Yandex export with its platform «ID» column (a different response number per row) in
/// front: `t` with that column added, the numbers drawn at random (distinct).
fn with_response_ids(t: &Table, rng: &mut ChaCha8Rng) -> Table {
    let mut headers = vec!["ID".to_string()];
    headers.extend(t.headers.iter().cloned());
    let mut used = std::collections::BTreeSet::new();
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut id: u64 = rng.random_range(1_000_000..2_000_000_000);
            while !used.insert(id) {
                id += 1;
            }
            let mut cells = vec![id.to_string()];
            cells.extend(r.cells.iter().cloned());
            (r.line, cells)
        })
        .collect();
    Table::from_rows("yandex", RowUnit::Line, headers, rows).unwrap()
}

#[test]
fn yandex_response_id_column_is_not_taken_as_the_person_id() {
    let plain = io::read_table(forms("yandex_export.csv")).unwrap();
    let reference = import_form(&plain, &draft_mapping(&plain).unwrap().mapping).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for case in 0..20 {
        let t = with_response_ids(&plain, &mut rng);
        let d = draft_mapping(&t).unwrap();
        // The «ID» column is left unmapped, with a note saying why.
        let id_col = d.mapping.columns.iter().find(|c| c.header == "ID").unwrap();
        assert_eq!((id_col.field, id_col.question.as_deref()), (None, None));
        assert!(
            d.notes
                .iter()
                .any(|n| n.contains("\"ID\"") && n.contains("response number"))
        );
        // Same people and the same resubmission merged as without the column.
        let got = import_form(&t, &d.mapping).unwrap();
        assert_eq!(got.cohort, reference.cohort, "case {case}");
        assert_eq!(got.superseded, reference.superseded, "case {case}");
        // Mapped by hand as the person id anyway: the resubmission (same e-mail, new id) warns
        // with its row and the column instead of passing silently.
        let mut forced = d.mapping.clone();
        forced
            .columns
            .iter_mut()
            .find(|c| c.header == "ID")
            .unwrap()
            .field = Some(nastavnik::io::form::Field::Id);
        let got = import_form(&t, &forced).unwrap();
        assert!(got.superseded.is_empty());
        let w: Vec<_> = got
            .warnings
            .iter()
            .filter(|w| w.message.contains("response number"))
            .collect();
        assert_eq!(w.len(), reference.superseded.len(), "case {case}: {w:?}");
        for (w, s) in w.iter().zip(&reference.superseded) {
            assert_eq!(w.column.as_deref(), Some("ID"));
            let lines = [w.line.unwrap(), s.line, s.kept_line];
            assert!(
                lines[1..].contains(&lines[0]),
                "case {case}: {w:?} vs {s:?}"
            );
        }
    }
    // A person id column (repeated on a resubmission) is still taken as the id.
    let mut headers = vec!["ID".to_string()];
    headers.extend(plain.headers.iter().cloned());
    let rows = plain
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![format!("S-{}", r.cells[1])];
            cells.extend(r.cells.iter().cloned());
            (r.line, cells)
        })
        .collect();
    let t = Table::from_rows("ids", RowUnit::Line, headers, rows).unwrap();
    let d = draft_mapping(&t).unwrap();
    let id_col = d.mapping.columns.iter().find(|c| c.header == "ID").unwrap();
    assert_eq!(id_col.field, Some(nastavnik::io::form::Field::Id));
}
