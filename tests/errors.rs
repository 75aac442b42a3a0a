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
