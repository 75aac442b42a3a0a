//! Bad input gives typed errors naming the offending row, column or id.
#![allow(clippy::unwrap_used)]

use nastavnik::ErrorKind;
use nastavnik::cohort::{Answer, Cohort, Participant, Role};
use nastavnik::questionnaire::{Comparator, Question, QuestionKind, Rules, Schema};
use nastavnik::scoring::{Candidates, Scorer};

fn p(id: &str, role: Role) -> Participant {
    Participant::new(id, role).with_consent(true)
}

#[test]
fn duplicate_and_empty_ids() {
    let e = Cohort::new(vec![
        p("a", Role::Mentor),
        p("b", Role::Mentee),
        p("a", Role::Mentee),
    ])
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateId);
    assert!(e.to_string().contains("\"a\"") && e.to_string().contains("rows 0 and 2"));
    assert!(Cohort::new(vec![p(" ", Role::Mentor)]).is_err());
    let q = Question::new("x", QuestionKind::Likert { levels: 5 });
    let e = Schema::new(vec![q.clone(), q]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateId);
}

#[test]
fn bad_numbers_in_participants() {
    let mut a = p("a", Role::Mentee);
    a.age = Some(f64::NAN);
    assert!(
        Cohort::new(vec![a])
            .unwrap_err()
            .to_string()
            .contains("\"a\"")
    );
    let b = p("b", Role::Mentee).with_answer("x", Answer::Number(f64::INFINITY));
    assert!(
        Cohort::new(vec![b])
            .unwrap_err()
            .to_string()
            .contains("\"x\"")
    );
}

#[test]
fn schema_validation() {
    let bad_weight = Question::new("w", QuestionKind::Likert { levels: 5 }).with_weight(-1.0);
    assert!(
        Schema::new(vec![bad_weight])
            .unwrap_err()
            .to_string()
            .contains("\"w\"")
    );
    let bad_range = Question::new("r", QuestionKind::Numeric { min: 3.0, max: 3.0 });
    assert!(Schema::new(vec![bad_range]).is_err());
    let bad_window =
        Question::new("s", QuestionKind::multi_select(["a"])).with_comparator(Comparator::Window {
            min: 0.0,
            max: 1.0,
            tolerance: 0.0,
        });
    assert!(Schema::new(vec![bad_window]).is_err());
    let e = Schema::from_json("{\"questions\": [}").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert!(e.to_string().contains("line 1"));
}

#[test]
fn answers_of_the_wrong_type_or_unknown_options() {
    let schema = Schema::new(vec![
        Question::new("goal", QuestionKind::categorical(["a", "b"])),
        Question::new("level", QuestionKind::Likert { levels: 5 }),
    ])
    .unwrap();
    let cohort = Cohort::new(vec![
        p("m", Role::Mentor),
        p("e", Role::Mentee).with_answer("goal", Answer::Choice("zzz".into())),
    ])
    .unwrap();
    let e = Scorer::new(&schema, &cohort).err().unwrap();
    assert!(
        e.to_string().contains("\"e\"")
            && e.to_string().contains("\"goal\"")
            && e.to_string().contains("zzz"),
        "{e}"
    );
    let cohort = Cohort::new(vec![
        p("m", Role::Mentor),
        p("e", Role::Mentee).with_answer("level", Answer::Number(7.0)),
    ])
    .unwrap();
    assert!(
        Scorer::new(&schema, &cohort)
            .err()
            .unwrap()
            .to_string()
            .contains("\"level\"")
    );
}

#[test]
fn unknown_and_misrouted_ids_in_rules() {
    let cohort = Cohort::new(vec![p("m", Role::Mentor), p("e", Role::Mentee)]).unwrap();
    let mut rules = Rules::default();
    rules.forbidden.push(("e".into(), "ghost".into()));
    let s = Schema::new(vec![]).unwrap().with_rules(rules).unwrap();
    let e = Scorer::new(&s, &cohort).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert!(e.to_string().contains("ghost"));
    let mut rules = Rules::default();
    rules.forbidden.push(("m".into(), "e".into())); // roles swapped
    let s = Schema::new(vec![]).unwrap().with_rules(rules).unwrap();
    assert_eq!(
        Scorer::new(&s, &cohort).err().unwrap().kind(),
        ErrorKind::InvalidValue
    );
    let mut rules = Rules::default();
    rules.forbidden.push(("e".into(), "m".into()));
    rules.required.push(("e".into(), "m".into()));
    let s = Schema::new(vec![]).unwrap().with_rules(rules).unwrap();
    assert!(
        Scorer::new(&s, &cohort)
            .err()
            .unwrap()
            .to_string()
            .contains("both required and forbidden")
    );
}

#[test]
fn empty_sides() {
    let s = Schema::new(vec![]).unwrap();
    let only_mentees = Cohort::new(vec![p("e", Role::Mentee)]).unwrap();
    assert_eq!(
        Scorer::new(&s, &only_mentees).err().unwrap().kind(),
        ErrorKind::Empty
    );
}

#[test]
fn csv_errors_name_line_and_column() {
    let schema = nastavnik::synthetic::schema();
    let read = |t: &str| nastavnik::io::read_cohort_csv_from(t.as_bytes(), &schema, "c.csv");
    assert!(
        read("role\nmentor\n")
            .unwrap_err()
            .to_string()
            .contains("\"id\"")
    );
    let e = read("id,role,consent\na,mentor,maybe\n").unwrap_err();
    assert!(e.to_string().contains("line 2, column \"consent\""), "{e}");
    let e = read("id,role\na,mentor\nb,teacher\n").unwrap_err();
    assert!(e.to_string().contains("line 3, column \"role\""), "{e}");
    let e = read("id,role,extraversion\na,mentor,lots\n").unwrap_err();
    assert!(e.to_string().contains("column \"extraversion\""), "{e}");
    // Duplicate ids are reported with the file's lines, together with the file's other problems.
    let e = read("id,role\na,mentor\na,mentee\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert!(
        e.to_string()
            .contains("line 3, column \"id\": duplicate id \"a\" (first on line 2)"),
        "{e}"
    );
    let ok = read("id,role,consent,interests,age,name\na,mentor,да,chess; music,16,Ivan\nb,mentee,1,,12,Olga\n").unwrap();
    assert_eq!(ok.mentors().len(), 1);
    assert_eq!(
        ok.get("a").unwrap().answers["interests"],
        Answer::Choices(vec!["chess".into(), "music".into()])
    );
    assert!(!ok.get("b").unwrap().answers.contains_key("interests"));
}

#[test]
fn candidates_validation() {
    assert!(
        Candidates::new(3, vec![0, 2], vec![1, 1], vec![0.0, 0.0])
            .unwrap_err()
            .to_string()
            .contains("twice")
    );
    assert!(
        Candidates::new(3, vec![0, 1], vec![1], vec![f64::NAN])
            .unwrap_err()
            .to_string()
            .contains("row 0")
    );
    assert!(Candidates::new(3, vec![0, 2], vec![1], vec![0.0]).is_err());
    assert!(Candidates::new(3, vec![1, 1], vec![1], vec![0.0]).is_err());
}

// ------------------------------------------------- property tests: constructors and parsers
// Any input gives `Ok` or a typed `Err` with a message, never a panic (issue 8, "Checked by").

mod never_panic {
    use nastavnik::assign::Strategy as SolverStrategy;
    use nastavnik::cohort::Cohort;
    use nastavnik::preferences::{Acceptability, PeerPreferences, RankedLists, Side};
    use nastavnik::questionnaire::Schema;
    use nastavnik::schedule::json::solve_standing_json;
    use nastavnik::scoring::Candidates;
    use proptest::prelude::*;

    /// Run `f`, failing on a panic; an `Err` must carry a message.
    fn no_panic<T>(f: impl FnOnce() -> nastavnik::Result<T> + std::panic::UnwindSafe) {
        match std::panic::catch_unwind(f) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
            Err(_) => panic!("panicked"),
        }
    }

    /// Valid documents with one random edit: a deleted character range or an inserted token.
    fn mutated(doc: &'static str) -> impl Strategy<Value = String> {
        let tokens = prop::sample::select(vec![
            "",
            "-1",
            "1e999",
            "null",
            "\"\"",
            "[]",
            "{}",
            "18446744073709551616",
            "\"x\":1,",
            "true",
            "\"forbiden\"",
            "NaN",
            "\u{0}",
            "]",
            "}",
            ",",
            "\"",
        ]);
        (0..=doc.len(), 0..=8usize, tokens).prop_map(move |(at, del, tok)| {
            let at = (0..=at)
                .rev()
                .find(|&i| doc.is_char_boundary(i))
                .unwrap_or(0);
            let end = (at..=doc.len().min(at + del))
                .rev()
                .find(|&i| doc.is_char_boundary(i))
                .unwrap_or(at);
            format!("{}{}{}", &doc[..at], tok, &doc[end..])
        })
    }

    const SCHEMA: &str = r#"{"questions": [{"id": "e", "type": "likert", "levels": 5, "weight": 2},
        {"id": "g", "type": "categorical", "options": ["a", "b"], "comparator": {"type": "same"}},
        {"id": "n", "type": "numeric", "min": 0, "max": 10}],
        "rules": {"forbidden": [["a", "b"]], "default": {"age_gap": {"min": 1}}}}"#;
    const COHORT: &str = r#"{"participants": [{"id": "a", "role": "mentee", "consent": true,
        "age": 14, "answers": {"e": 3, "g": "a"}, "availability": "mon 15:00-17:00"},
        {"id": "b", "role": "mentor", "capacity": 2}]}"#;
    const STRATEGY: &str = r#"{"solver": "stable_from_scores", "proposer": "mentees", "seed": 7,
        "acceptability": "mutual"}"#;
    const GRID: &str = r#"{"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}"#;
    const UNITS: &str = r#"[{"id": "u", "people": ["a", "b"], "size": 2, "duration": 1}]"#;
    const PEOPLE: &str = r#"[{"id": "a"}, {"id": "b", "availability": "mon 11:00-12:00"}]"#;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn json_parsers(s in mutated(SCHEMA), c in mutated(COHORT), st in mutated(STRATEGY),
                        g in mutated(GRID), u in mutated(UNITS), p in mutated(PEOPLE)) {
            no_panic(|| Schema::from_json(&s));
            no_panic(|| Cohort::from_json(&c));
            no_panic(|| SolverStrategy::from_json(&st));
            no_panic(|| solve_standing_json(&g, PEOPLE, UNITS, "[]", "{}"));
            no_panic(|| solve_standing_json(GRID, &p, &u, "[]", "{}"));
        }

        #[test]
        fn csr_constructors(
            n in prop_oneof![0..6usize, Just(u32::MAX as usize + 1), Just(usize::MAX)],
            indptr in prop::collection::vec(prop_oneof![0..8usize, Just(usize::MAX)], 0..6),
            items in prop::collection::vec(prop_oneof![0..8u32, Just(u32::MAX)], 0..8),
            ranks in prop::collection::vec(prop_oneof![0..4u32, Just(u32::MAX)], 0..8),
            scores in prop::collection::vec(prop_oneof![-1.0..1.0f64, Just(f64::NAN),
                                                        Just(f64::INFINITY)], 0..8),
        ) {
            let (ip, it, rk) = (indptr.clone(), items.clone(), ranks);
            no_panic(move || RankedLists::from_csr(Side::Mentee, n, ip, it, rk));
            let (ip, it) = (indptr, items);
            no_panic(move || Candidates::new(n, ip, it, scores));
        }

        #[test]
        fn list_constructors(
            lists in prop::collection::vec(
                prop::collection::vec(prop::collection::vec(
                    prop_oneof![0..6usize, Just(u32::MAX as usize), Just(usize::MAX)], 0..3),
                    0..4),
                0..6),
            n in prop_oneof![0..6usize, Just(usize::MAX)],
        ) {
            let l = lists.clone();
            no_panic(move || RankedLists::new(Side::Mentor, n, &l));
            for acc in [Acceptability::Mutual, Acceptability::Either] {
                let l = lists.clone();
                no_panic(move || PeerPreferences::new(&l, acc));
            }
        }
    }
}
