//! The strategy lab's tables: programme KPIs on hand-computed cohorts, and historical cohorts
//! as folders of CSV files (round trip with the JSON format, errors naming file, line, column).

use std::path::{Path, PathBuf};

use nastavnik::evaluate::HistoricalCohort;
use nastavnik::evaluate::history_csv::{read_csv_dir, write_csv_dir};
use nastavnik::evaluate::kpis::{INDICATORS, KpiOptions, Level, Targets, kpis};
use serde_json::json;

fn person(id: &str, role: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut p = json!({"id": id, "role": role, "consent": true});
    if let (Some(o), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    p
}

fn cohort(
    school: &str,
    district: Option<&str>,
    participants: Vec<serde_json::Value>,
    pairs: &[(&str, &str)],
    outcomes: Vec<serde_json::Value>,
    population: Option<[u32; 4]>,
) -> HistoricalCohort {
    let v = json!({
        "name": format!("{school}_2023"), "school": school, "district": district, "year": 2023,
        "schema": {"questions": [{"id": "x", "type": "likert", "levels": 5}]},
        "participants": participants,
        "pairs": pairs.iter().map(|(a, b)| json!({"mentee": a, "mentor": b})).collect::<Vec<_>>(),
        "outcomes": outcomes,
        "population": population.map(|p| json!({"pupils_10_18": p[0], "pupils_15_18": p[1],
                                                 "young_teachers": p[2], "enterprises": p[3]})),
    });
    HistoricalCohort::from_json(&v.to_string(), "hand.json").expect("valid hand-made cohort")
}

fn hand_cohorts() -> Vec<HistoricalCohort> {
    let es =
        |org: &str, age: f64| json!({"form": "employer_student", "organisation": org, "age": age});
    let a = cohort(
        "A",
        Some("north"),
        vec![
            person("m1", "mentee", json!({"age": 11.0})),
            person("m2", "mentee", json!({"age": 18.5})),
            person("m3", "mentee", json!({"age": 9.0})),
            person(
                "m4",
                "mentee",
                json!({"age": 25.0, "experience_years": 2.0}),
            ),
            person(
                "m5",
                "mentee",
                json!({"age": 30.0, "experience_years": 4.0}),
            ),
            person("m6", "mentee", json!({"age": 12.0})), // applied, not paired: not counted
            person(
                "t1",
                "mentor",
                json!({"age": 16.0, "form": "student_student"}),
            ),
            person(
                "t2",
                "mentor",
                json!({"age": 19.0, "form": "student_student"}),
            ),
            person("t3", "mentor", es("E1", 40.0)),
            person("t4", "mentor", es("E1", 41.0)),
            person("t5", "mentor", es("E2", 42.0)),
            person("t6", "mentor", es("E3", 43.0)), // an enterprise without a pair
            json!({"id": "t7", "role": "mentor", "consent": false, "age": 16.0}),
        ],
        &[
            ("m1", "t1"),
            ("m2", "t2"),
            ("m3", "t3"),
            ("m4", "t4"),
            ("m5", "t5"),
        ],
        vec![
            json!({"mentee": "m1", "mentor": "t1", "mentee_satisfaction": 5, "mentor_satisfaction": 3}),
            json!({"mentee": "m2", "mentor": "t2", "mentee_satisfaction": 4}),
            json!({"mentee": "m3", "mentor": "t3", "mentee_satisfaction": 2, "mentor_satisfaction": 4}),
        ],
        Some([10, 4, 2, 5]),
    );
    let b = cohort(
        "B",
        Some("north"),
        vec![
            person("p1", "mentee", json!({"age": 14.0})),
            person("q1", "mentor", json!({"age": 17.0})),
        ],
        &[("p1", "q1")],
        vec![
            json!({"mentee": "p1", "mentor": "q1", "mentee_satisfaction": 4, "mentor_satisfaction": 4}),
        ],
        Some([20, 6, 3, 5]),
    );
    let c = cohort(
        "C",
        None,
        vec![
            person("r1", "mentee", json!({"age": 14.0})),
            person("s1", "mentor", json!({"age": 17.0})),
        ],
        &[("r1", "s1")],
        vec![],
        None,
    );
    vec![a, b, c]
}

fn value(
    rows: &[nastavnik::evaluate::kpis::KpiRow],
    unit: &str,
    ind: &str,
) -> (u64, Option<u64>, Option<f64>, Option<bool>) {
    let r = rows
        .iter()
        .find(|r| r.unit == unit && r.indicator == ind)
        .expect("row");
    (r.numerator, r.denominator, r.value, r.met)
}

#[test]
fn kpis_per_school_match_the_hand_computation() {
    let rows = kpis(&hand_cohorts(), &KpiOptions::default()).expect("kpis");
    assert_eq!(rows.len(), 3 * 6);
    // school A, targets of 2023 (three quarters of the way from 2020 to 2024)
    let want: [(u64, Option<u64>, f64, bool); 6] = [
        (2, Some(10), 0.2, false), // m1 (11) and m2 (18.5); m3 is 9, m6 unpaired; target 0.40
        (1, Some(4), 0.25, true),  // t1 (16); t2 is 19, t7 has no consent; target 0.08
        (1, Some(2), 0.5, false),  // m4 (2 years); m5 has 4; target 0.55
        (2, Some(5), 0.4, true),   // E1 twice, E2; E3 has no pair; target 0.155
        (2, Some(3), 2.0 / 3.0, false), // 5, 4 of 5, 4, 2; target 0.7625
        (1, Some(2), 0.5, false),  // 3, 4 of 3, -, 4
    ];
    for (k, ind) in INDICATORS.iter().enumerate() {
        let (n, d, v, met) = value(&rows, "A", ind);
        assert_eq!(
            (n, d, met),
            (want[k].0, want[k].1, Some(want[k].3)),
            "{ind}"
        );
        assert!(
            (v.expect("value") - want[k].2).abs() < 1e-12,
            "{ind}: {v:?}"
        );
    }
    let t = Targets::seeds(2023).values;
    for (got, want) in t.iter().zip([0.40, 0.08, 0.55, 0.155, 0.7625, 0.7625]) {
        assert!((got - want).abs() < 1e-12);
    }
    // school C has no population: population indicators have no value, surveys none answered
    let (n, d, v, met) = value(&rows, "C", "mentees_10_18");
    assert_eq!((n, d, v, met), (1, None, None, None));
    assert_eq!(
        value(&rows, "C", "mentee_satisfaction"),
        (0, Some(0), None, None)
    );
}

#[test]
fn kpis_per_district_sum_numerators_and_denominators() {
    let rows = kpis(
        &hand_cohorts(),
        &KpiOptions::default().with_level(Level::District),
    )
    .expect("kpis");
    assert!(rows.iter().all(|r| r.level == Level::District));
    let north: Vec<(u64, Option<u64>)> = INDICATORS
        .iter()
        .map(|i| {
            let (n, d, _, _) = value(&rows, "north", i);
            (n, d)
        })
        .collect();
    assert_eq!(
        north,
        vec![
            (3, Some(30)),
            (2, Some(10)),
            (1, Some(5)),
            (2, Some(10)),
            (3, Some(4)),
            (2, Some(3))
        ]
    );
    // the district of cohorts without one is "-"
    assert!(rows.iter().any(|r| r.unit == "-"));
    // custom targets and their validation; duplicate (school, year) is an error
    let o = KpiOptions::default().with_target(2023, Targets { values: [0.0; 6] });
    assert!(
        kpis(&hand_cohorts(), &o)
            .expect("k")
            .iter()
            .all(|r| r.met != Some(false))
    );
    let o = KpiOptions::default().with_target(2023, Targets { values: [1.5; 6] });
    let e = kpis(&hand_cohorts(), &o).unwrap_err().to_string();
    assert!(e.contains("2023") && e.contains("mentees_10_18"), "{e}");
    let mut twice = hand_cohorts();
    twice.push(twice[0].clone());
    let e = kpis(&twice, &KpiOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("A 2023"), "{e}");
}

fn bundled() -> Vec<HistoricalCohort> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/history");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("data/history")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| HistoricalCohort::read_json(f).expect("bundled"))
        .collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("nk_tables_{}_{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn csv_folder_round_trips_every_bundled_cohort_and_equals_the_json() {
    let all = bundled();
    assert_eq!(all.len(), 12);
    for h in &all {
        let d = tmp(&h.name);
        write_csv_dir(h, &d).expect("write");
        let back = read_csv_dir(&d).expect("read");
        for (a, b) in back.participants.iter().zip(&h.participants) {
            assert_eq!(a, b, "{}", h.name);
        }
        assert_eq!(back.preferences, h.preferences, "{}", h.name);
        assert_eq!(back.pairs, h.pairs, "{}", h.name);
        assert_eq!(back.outcomes, h.outcomes, "{}", h.name);
        assert_eq!(&back, h, "{}", h.name);
        assert_eq!(back.to_json(), h.to_json());
        // with a BOM on every file, CRLF line ends
        for f in [
            "participants.csv",
            "answers.csv",
            "pairs.csv",
            "outcomes.csv",
            "preferences.csv",
        ] {
            let t = std::fs::read_to_string(d.join(f)).expect("f");
            std::fs::write(d.join(f), format!("\u{feff}{}", t.replace('\n', "\r\n"))).expect("w");
        }
        assert_eq!(&read_csv_dir(&d).expect("bom"), h);
        std::fs::remove_dir_all(&d).ok();
    }
}

/// Write a cohort, apply `edit` to one file's text, and return the reader's error.
fn broken(file: &str, edit: impl Fn(&str) -> String) -> String {
    let h = &bundled()[0];
    let d = tmp(&format!("broken_{}", file.replace('.', "_")));
    write_csv_dir(h, &d).expect("write");
    let t = std::fs::read_to_string(d.join(file)).expect("read");
    std::fs::write(d.join(file), edit(&t)).expect("write");
    let e = match read_csv_dir(&d) {
        Ok(_) => String::from("no error"),
        Err(e) => e.to_string(),
    };
    std::fs::remove_dir_all(&d).ok();
    e
}

fn replace_line(text: &str, line: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(k, l)| if k + 1 == line { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn csv_errors_name_the_file_line_and_column() {
    // a bad age on line 5 of participants.csv
    let e = broken("participants.csv", |t| {
        replace_line(t, 5, |l| {
            let mut c: Vec<String> = l.split(',').map(String::from).collect();
            c[5] = "abc".into();
            c.join(",")
        })
    });
    assert!(
        e.contains("participants.csv") && e.contains("line 5") && e.contains("\"age\""),
        "{e}"
    );
    // an unknown role
    let e = broken("participants.csv", |t| {
        replace_line(t, 3, |l| {
            l.replacen(",mentee,", ",mentey,", 1)
                .replacen(",mentor,", ",mentr,", 1)
        })
    });
    assert!(e.contains("line 3") && e.contains("\"role\""), "{e}");
    // a misspelt header
    let e = broken("outcomes.csv", |t| t.replacen("baseline", "baseline_", 1));
    assert!(
        e.contains("outcomes.csv") && e.contains("line 1") && e.contains("baseline_"),
        "{e}"
    );
    // satisfaction out of range on line 4
    let e = broken("outcomes.csv", |t| {
        replace_line(t, 4, |l| {
            let mut c: Vec<String> = l.split(',').map(String::from).collect();
            c[2] = "9".into();
            c.join(",")
        })
    });
    assert!(
        e.contains("line 4") && e.contains("mentee_satisfaction"),
        "{e}"
    );
    // a pair naming nobody, on line 3: the validation names pairs.csv and the line
    let e = broken("pairs.csv", |t| {
        replace_line(t, 3, |l| {
            format!("{},nobody", l.split(',').next().unwrap_or(""))
        })
    });
    assert!(
        e.contains("pairs.csv") && e.contains("line 3") && e.contains("nobody"),
        "{e}"
    );
    // an answer to an unknown question
    let e = broken("answers.csv", |t| format!("{t}mentee-00001,colour,red\n"));
    assert!(
        e.contains("answers.csv") && e.contains("colour") && e.contains("\"question\""),
        "{e}"
    );
    // a repeated rank
    let e = broken("preferences.csv", |t| {
        replace_line(t, 3, |l| {
            let c: Vec<&str> = l.split(',').collect();
            format!("{},1,{}", c[0], c[2])
        })
    });
    assert!(
        e.contains("preferences.csv") && e.contains("line 3") && e.contains("rank"),
        "{e}"
    );
    // not UTF-8 (cp1251 bytes)
    let h = &bundled()[0];
    let d = tmp("cp1251");
    write_csv_dir(h, &d).expect("write");
    std::fs::write(d.join("pairs.csv"), b"mentee,mentor\n\xcf\xf0\xe8,x\n").expect("w");
    let e = read_csv_dir(&d).unwrap_err().to_string();
    assert!(e.contains("pairs.csv") && e.contains("UTF-8"), "{e}");
    std::fs::remove_dir_all(&d).ok();
}
