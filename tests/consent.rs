//! Participants without recorded consent are never scored, candidates, or exported.
#![allow(clippy::unwrap_used)]

use nastavnik::cohort::{Cohort, Participant, Role};
use nastavnik::questionnaire::{Rules, Schema};
use nastavnik::scoring::Scorer;
use nastavnik::synthetic::{SyntheticConfig, generate};

#[test]
fn non_consenting_participants_are_left_out_everywhere() {
    let (schema, cohort) = generate(
        &SyntheticConfig::default()
            .with_n_mentees(300)
            .with_n_mentors(80)
            .with_consent_rate(0.8),
    )
    .unwrap();
    let excluded = cohort.without_consent();
    assert!(excluded.len() > 20);
    let s = Scorer::new(&schema, &cohort).unwrap();
    let m = s.score_matrix();
    for id in &excluded {
        assert!(!m.mentee_ids.iter().any(|x| x == id) && !m.mentor_ids.iter().any(|x| x == id));
        assert!(!cohort.to_json().contains(&format!("\"{id}\"")));
    }
    assert_eq!(m.excluded_ids.len(), excluded.len());
    assert!(s.explain(excluded[0], &m.mentor_ids[0]).is_err());
}

#[test]
fn missing_consent_defaults_to_no() {
    let c = Cohort::from_json(r#"{"participants": [{"id": "a", "role": "mentee"}]}"#).unwrap();
    assert_eq!(c.without_consent(), vec!["a"]);
    let csv = "id,role\nm,mentor\n";
    let c = nastavnik::io::read_cohort_csv_from(csv.as_bytes(), &Schema::new(vec![]).unwrap(), "x")
        .unwrap();
    assert!(c.mentors().is_empty());
}

#[test]
fn required_pair_with_non_consenting_participant_is_infeasible() {
    let cohort = Cohort::new(vec![
        Participant::new("e", Role::Mentee).with_consent(true),
        Participant::new("r", Role::Mentor),
        Participant::new("r2", Role::Mentor).with_consent(true),
    ])
    .unwrap();
    let mut rules = Rules::default();
    rules.required.push(("e".into(), "r".into()));
    let schema = Schema::new(vec![]).unwrap().with_rules(rules).unwrap();
    let e = Scorer::new(&schema, &cohort).err().unwrap();
    assert_eq!(e.kind(), nastavnik::ErrorKind::Infeasible);
    assert!(e.to_string().contains("consent"));
}
