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

/// Misspellings of a tag key: one character dropped, doubled, replaced, two swapped, upper case.
fn tag_typos(tag: &str) -> Vec<String> {
    let c: Vec<char> = tag.chars().collect();
    let s = |v: Vec<char>| v.into_iter().collect::<String>();
    let mut out = Vec::new();
    for i in 0..c.len() {
        let mut v = c.clone();
        v.remove(i);
        out.push(s(v));
        let mut v = c.clone();
        v.insert(i, c[i]);
        out.push(s(v));
        let mut v = c.clone();
        v[i] = if c[i] == 'x' { 'y' } else { 'x' };
        out.push(s(v));
        if i + 1 < c.len() {
            let mut v = c.clone();
            v.swap(i, i + 1);
            out.push(s(v));
        }
    }
    out.push(tag.to_uppercase());
    out.retain(|t| t != tag);
    out
}

/// Every `#[serde(tag = ...)]` enum: each serialised variant with its tag key misspelt is an
/// error naming the typo and suggesting the tag; the untouched documents still parse.
fn check_tagged<T, F>(docs: &[String], tag: &str, parse: F)
where
    F: Fn(&str) -> Result<T, String>,
{
    assert!(!docs.is_empty());
    for doc in docs {
        parse(doc).unwrap_or_else(|e| panic!("{doc} -> {e}"));
        for typo in tag_typos(tag) {
            let bad = doc.replacen(&format!("\"{tag}\""), &format!("\"{typo}\""), 1);
            assert_ne!(&bad, doc);
            let e = match parse(&bad) {
                Ok(_) => panic!("{bad} was accepted"),
                Err(e) => e,
            };
            assert!(
                e.contains(&format!("\"{typo}\""))
                    && e.contains(&format!("did you mean \"{tag}\"")),
                "{bad}\n -> {e}"
            );
        }
    }
}

#[test]
fn misspelt_tags_of_every_tagged_enum_get_a_suggestion() {
    use nastavnik::assign::{SolveStatus, Strategy};
    use nastavnik::questionnaire::Comparator;
    use nastavnik::schedule::reasons::HardRule;
    use nastavnik::scoring::Kernel;

    // Strategy (tag "solver"), through its JSON entry point, every solver name
    let strategies: Vec<String> = Strategy::all_names()
        .iter()
        .filter_map(|n| Strategy::from_json(&format!(r#"{{"solver": "{n}"}}"#)).ok())
        .map(|s| s.to_json())
        .collect();
    assert!(strategies.len() >= 8, "{strategies:?}");
    check_tagged(&strategies, "solver", |t| {
        Strategy::from_json(t).map_err(|e| e.to_string())
    });

    // Comparator (tag "type"), inside a schema: the rule would otherwise be read wrongly
    let comparators = [
        Comparator::Similarity,
        Comparator::Complementarity,
        Comparator::Exact,
        Comparator::Window {
            min: 1.0,
            max: 2.0,
            tolerance: 0.5,
        },
    ];
    let schemas: Vec<String> = comparators
        .iter()
        .map(|c| {
            format!(
                r#"{{"questions": [{{"id": "age", "type": "numeric", "min": 0, "max": 9, "comparator": {}}}]}}"#,
                serde_json::to_string(c).unwrap()
            )
        })
        .collect();
    // the question's own "type" comes first in the text: misspell the comparator's
    let schemas: Vec<String> = schemas
        .iter()
        .map(|s| s.replacen("\"type\": \"numeric\"", "\"kind_placeholder\": 0", 1))
        .collect();
    check_tagged(&schemas, "type", |t| {
        let t = t.replacen("\"kind_placeholder\": 0", "\"type\": \"numeric\"", 1);
        nastavnik::questionnaire::Schema::from_json(&t).map_err(|e| e.to_string())
    });
    // and the question kind's own tag
    let kinds = [
        r#"{"questions": [{"id": "q", "type": "likert", "levels": 5}]}"#.to_string(),
        r#"{"questions": [{"id": "q", "type": "categorical", "options": ["a", "b"]}]}"#.to_string(),
    ];
    check_tagged(&kinds, "type", |t| {
        nastavnik::questionnaire::Schema::from_json(t).map_err(|e| e.to_string())
    });

    // Kernel (tag "type")
    let kernels: Vec<String> = [
        Kernel::Cosine,
        Kernel::Dot,
        Kernel::Rbf {
            gamma: 0.5,
            weights: Some(vec![1.0, 2.0]),
        },
    ]
    .iter()
    .map(|k| serde_json::to_string(k).unwrap())
    .collect();
    check_tagged(&kernels, "type", |t| {
        serde_json::from_str::<Kernel>(t).map_err(|e| e.to_string())
    });

    // SolveStatus (tag "status") and HardRule (tag "rule"), read back from saved results
    let statuses: Vec<String> = [
        "optimal",
        "stable",
        "feasible",
        "time_limit",
        "gap_limit",
        "partial",
    ]
    .iter()
    .map(|s| serde_json::to_string(&s.parse::<SolveStatus>().unwrap()).unwrap())
    .collect();
    check_tagged(&statuses, "status", |t| {
        serde_json::from_str::<SolveStatus>(t).map_err(|e| e.to_string())
    });
    let rules: Vec<String> = [
        r#"{"rule": "availability", "person": "a"}"#,
        r#"{"rule": "unit_mode"}"#,
        r#"{"rule": "busy", "person": "a", "unit": "u"}"#,
        r#"{"rule": "rooms"}"#,
        r#"{"rule": "day_length"}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    check_tagged(&rules, "rule", |t| {
        serde_json::from_str::<HardRule>(t).map_err(|e| e.to_string())
    });

    // a tag key with no near misspelling keeps serde's message; far keys are not suggested
    let e = serde_json::from_str::<Kernel>(r#"{"gamma": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("missing field `type`") && !e.contains("did you mean"),
        "{e}"
    );
}
