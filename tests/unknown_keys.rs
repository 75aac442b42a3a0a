//! Typos never switch a rule off (issue 8, item 3): every unknown key in schema and cohort JSON
//! is an error naming the key and the nearest valid one.
#![allow(clippy::unwrap_used)]

use nastavnik::cohort::Cohort;
use nastavnik::questionnaire::Schema;
use nastavnik::suggest::{edit_distance, nearest};
use nastavnik::synthetic;

fn schema_err(text: &str) -> String {
    Schema::from_json(text).unwrap_err().to_string()
}

#[test]
fn misspelt_schema_keys_are_errors_with_suggestions() {
    let q = r#"{"id": "e", "type": "likert", "levels": 5}"#;
    let cases = [
        (format!(r#"{{"questions": [{q}], "rules": {{"forbiden": [["a", "b"]]}}}}"#), "forbidden"),
        (format!(r#"{{"questions": [{q}], "rules": {{"requird": []}}}}"#), "required"),
        (format!(r#"{{"questoins": [{q}]}}"#), "questions"),
        (r#"{"questions": [{"id": "e", "type": "likert", "levels": 5, "wieght": 2}]}"#.to_string(), "weight"),
        (r#"{"questions": [{"id": "e", "type": "likert", "levls": 5}]}"#.to_string(), "levels"),
        (r#"{"questions": [{"id": "e", "type": "likret", "levels": 5}]}"#.to_string(), "likert"),
        (format!(r#"{{"questions": [{q}], "rules": {{"default": {{"age_gap": {{"mn": 1}}}}}}}}"#), "min"),
        (format!(r#"{{"questions": [{q}], "rules": {{"default": {{"organisaton": "same"}}}}}}"#), "organisation"),
        (format!(r#"{{"questions": [{q}], "rules": {{"default": {{"organisation": "diferent"}}}}}}"#), "different"),
        (r#"{"questions": [{"id": "e", "type": "numeric", "min": 0, "max": 1, "comparator": {"type": "window", "min": 0, "max": 1, "tolerence": 1}}]}"#.to_string(), "tolerance"),
    ];
    for (text, want) in cases {
        let e = schema_err(&text);
        assert!(
            e.contains(&format!("did you mean \"{want}\"")),
            "{text}\n -> {e}"
        );
    }
}

#[test]
fn misspelt_cohort_keys_are_errors_with_suggestions() {
    let e =
        Cohort::from_json(r#"{"participants": [{"id": "a", "role": "mentor", "consnet": true}]}"#)
            .unwrap_err()
            .to_string();
    assert!(e.contains("did you mean \"consent\""), "{e}");
    let e = Cohort::from_json(r#"{"participant": []}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean \"participants\""), "{e}");
}

#[test]
fn valid_documents_still_round_trip() {
    let (s, c) = synthetic::generate(&synthetic::SyntheticConfig::default()).unwrap();
    assert_eq!(Schema::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(
        Cohort::from_json(&c.to_json()).unwrap().len(),
        c.len() - c.without_consent().len()
    );
}

#[test]
fn suggestions_are_near_and_deterministic() {
    // Property: a single edit of a valid key is always corrected to that key (or an equally near
    // one), and a word far from every key gets no suggestion.
    let keys = [
        "forbidden",
        "required",
        "same_form",
        "compatible_mode",
        "by_form",
        "default",
    ];
    for k in keys {
        let chars: Vec<char> = k.chars().collect();
        for i in 0..chars.len() {
            let mut typo = chars.clone();
            typo.remove(i);
            let typo: String = typo.into_iter().collect();
            let got = nearest(&typo, keys).unwrap();
            assert!(edit_distance(&typo, got) <= 1, "{typo} -> {got}");
        }
    }
    assert_eq!(nearest("zzzzqqq", keys), None);
}

#[test]
fn misspelt_strategy_options_are_errors_with_suggestions_for_every_variant() {
    use nastavnik::assign::Strategy;
    // every variant with options: each option key with one character dropped
    let docs = [
        r#"{"solver": "peers", "objective": "max_weight"}"#,
        r#"{"solver": "fair", "objective": "max_sum"}"#,
        r#"{"solver": "mip", "time_limit": 1.0, "gap": 0.1, "lp_shortcut": true}"#,
        r#"{"solver": "stable", "proposer": "mentees", "seed": 0}"#,
        r#"{"solver": "stable_from_scores", "proposer": "mentees", "seed": 0, "acceptability": "mutual"}"#,
        r#"{"solver": "random", "seed": 0}"#,
        r#"{"solver": "rematch", "previous": [0, null], "keep_bonus": 0.5}"#,
    ];
    for doc in docs {
        Strategy::from_json(doc).unwrap();
        let v: serde_json::Value = serde_json::from_str(doc).unwrap();
        for key in v.as_object().unwrap().keys().filter(|k| *k != "solver") {
            let typo = format!("{}{}", &key[..key.len() / 2], &key[key.len() / 2 + 1..]);
            let bad = doc.replace(&format!("\"{key}\""), &format!("\"{typo}\""));
            let e = Strategy::from_json(&bad).unwrap_err().to_string();
            assert!(
                e.contains(&typo) && e.contains(&format!("did you mean \"{key}\"")),
                "{bad}\n -> {e}"
            );
        }
    }
    // solvers without options reject any key by name
    let e = Strategy::from_json(r#"{"solver": "lap", "reject_scor": 0}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("reject_scor"), "{e}");
}

#[test]
fn misspelt_schedule_keys_are_errors_with_suggestions() {
    use nastavnik::schedule::json::solve_standing_json;
    let grid = r#"{"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}"#;
    let people = r#"[{"id": "a", "consent": true}, {"id": "b", "availability": "always"}]"#;
    let units = r#"[{"id": "u", "people": ["a", "b"], "size": 2, "duration": 1}]"#;
    let rooms = r#"[{"id": "r", "capacity": 2, "closed": []}]"#;
    solve_standing_json(grid, people, units, rooms, "{}").unwrap();
    let cases = [
        (
            grid.replace("slots_per_day", "slots_per_dya"),
            people.to_string(),
            units.to_string(),
            rooms.to_string(),
            "slots_per_day",
        ),
        (
            grid.to_string(),
            people.replace("consent", "consnet"),
            units.to_string(),
            rooms.to_string(),
            "consent",
        ),
        (
            grid.to_string(),
            people.replace("availability", "availabilty"),
            units.to_string(),
            rooms.to_string(),
            "availability",
        ),
        (
            grid.to_string(),
            people.to_string(),
            units.replace("duration", "duraton"),
            rooms.to_string(),
            "duration",
        ),
        (
            grid.to_string(),
            people.to_string(),
            units.replace("people", "peple"),
            rooms.to_string(),
            "people",
        ),
        (
            grid.to_string(),
            people.to_string(),
            units.to_string(),
            rooms.replace("capacity", "capacty"),
            "capacity",
        ),
        (
            grid.to_string(),
            people.to_string(),
            units.to_string(),
            rooms.replace("closed", "closd"),
            "closed",
        ),
    ];
    for (g, p, u, r, want) in cases {
        let e = solve_standing_json(&g, &p, &u, &r, "{}")
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("did you mean \"{want}\"")), "{e}");
    }
    let e = solve_standing_json(grid, people, units, rooms, r#"{"methd": "heuristic"}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean \"method\""), "{e}");
}
