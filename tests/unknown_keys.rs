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
