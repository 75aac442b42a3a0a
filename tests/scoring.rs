//! Scoring kernels, top-k and the mixed-schema score against naive references.
#![allow(clippy::unwrap_used)]

mod common;

use common::{integers, rng, uniform, with_threads};
use nastavnik::cohort::{Answer, Cohort, Form, Mode, Participant, Role};
use nastavnik::questionnaire::{
    Comparator, FormRule, Gap, OrganisationRule, Question, QuestionKind, Rules, Schema,
};
use nastavnik::scoring::{self, Kernel, Reason, Scorer};
use nastavnik::synthetic::{SyntheticConfig, generate};
use ndarray::{Array2, ArrayView2};
use rand::Rng;

fn naive(a: ArrayView2<f64>, b: ArrayView2<f64>, f: impl Fn(&[f64], &[f64]) -> f64) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
        f(&a.row(i).to_vec(), &b.row(j).to_vec())
    })
}

fn dotp(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn assert_close(a: &Array2<f64>, b: &Array2<f64>, tol: f64) {
    assert_eq!(a.dim(), b.dim());
    for ((ij, x), y) in a.indexed_iter().zip(b.iter()) {
        assert!(
            (x - y).abs() <= tol * (1.0 + y.abs()),
            "at {ij:?}: {x} vs {y}"
        );
    }
}

#[test]
fn kernels_match_naive_reference_f64() {
    let mut r = rng(1);
    for &(n, m, d) in &[
        (1, 1, 1),
        (3, 7, 2),
        (130, 70, 5),
        (257, 3, 33),
        (5, 300, 64),
    ] {
        let a = uniform(&mut r, n, d, -1.0, 1.0);
        let b = uniform(&mut r, m, d, -1.0, 1.0);
        let w: Vec<f64> = (0..d).map(|_| r.random_range(0.0..2.0)).collect();
        assert_close(
            &scoring::dot(a.view(), b.view()).unwrap(),
            &naive(a.view(), b.view(), dotp),
            1e-12,
        );
        let cos = naive(a.view(), b.view(), |x, y| {
            dotp(x, y) / (dotp(x, x).sqrt() * dotp(y, y).sqrt())
        });
        assert_close(&scoring::cosine(a.view(), b.view()).unwrap(), &cos, 1e-12);
        let wd = |x: &[f64], y: &[f64]| -> f64 {
            x.iter()
                .zip(y)
                .zip(&w)
                .map(|((p, q), w)| w * (p - q) * (p - q))
                .sum()
        };
        let wv = ndarray::Array1::from(w.clone());
        let eu = scoring::weighted_euclidean(a.view(), b.view(), Some(wv.view())).unwrap();
        assert_close(
            &eu,
            &naive(a.view(), b.view(), |x, y| wd(x, y).sqrt()),
            1e-6,
        );
        let rb = scoring::rbf(a.view(), b.view(), 0.7, Some(wv.view())).unwrap();
        assert_close(
            &rb,
            &naive(a.view(), b.view(), |x, y| (-0.7 * wd(x, y)).exp()),
            1e-10,
        );
    }
}

#[test]
fn kernels_f32_close_to_f64_and_accept_strided_input() {
    let mut r = rng(2);
    let a = uniform(&mut r, 90, 16, -1.0, 1.0);
    let b = uniform(&mut r, 40, 16, -1.0, 1.0);
    let a32 = a.mapv(|v| v as f32);
    let b32 = b.mapv(|v| v as f32);
    let c64 = scoring::cosine(a.view(), b.view()).unwrap();
    let c32 = scoring::cosine(a32.view(), b32.view())
        .unwrap()
        .mapv(f64::from);
    assert_close(&c32, &c64, 1e-5);
    // Fortran-ordered and strided views give the same answer.
    let at = a.t().to_owned();
    let strided = uniform(&mut r, 180, 16, -1.0, 1.0);
    let mut s2 = strided.clone();
    for (i, row) in a.rows().into_iter().enumerate() {
        s2.row_mut(2 * i).assign(&row);
    }
    let view = s2.slice(ndarray::s![..;2, ..]);
    assert_close(&scoring::cosine(at.t(), b.view()).unwrap(), &c64, 1e-12);
    assert_close(&scoring::cosine(view, b.view()).unwrap(), &c64, 1e-12);
}

#[test]
fn cosine_of_zero_vector_is_zero() {
    let a = ndarray::array![[0.0, 0.0], [1.0, 0.0]];
    let b = ndarray::array![[1.0, 1.0]];
    let c = scoring::cosine(a.view(), b.view()).unwrap();
    assert_eq!(c[[0, 0]], 0.0);
}

#[test]
fn jaccard_matches_naive() {
    let mut r = rng(3);
    for &(n, m, d) in &[(4, 5, 3), (20, 30, 64), (17, 9, 130)] {
        let a = Array2::from_shape_fn((n, d), |_| r.random_bool(0.3));
        let b = Array2::from_shape_fn((m, d), |_| r.random_bool(0.3));
        let got = scoring::jaccard(a.view(), b.view()).unwrap();
        for i in 0..n {
            for j in 0..m {
                let inter = (0..d).filter(|&k| a[[i, k]] && b[[j, k]]).count() as f64;
                let uni = (0..d).filter(|&k| a[[i, k]] || b[[j, k]]).count() as f64;
                let want = if uni == 0.0 { 1.0 } else { inter / uni };
                assert!((got[[i, j]] - want).abs() < 1e-15);
            }
        }
    }
}

/// Reference top-k: full sort by (score desc, index asc), skipping -inf.
fn reference_top_k(s: &Array2<f64>, k: usize) -> Vec<Vec<(u32, f64)>> {
    s.rows()
        .into_iter()
        .map(|row| {
            let mut v: Vec<(u32, f64)> = row
                .iter()
                .enumerate()
                .filter(|(_, x)| **x > f64::NEG_INFINITY)
                .map(|(j, &x)| (j as u32, x))
                .collect();
            v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
            v.truncate(k);
            v
        })
        .collect()
}

fn rows_of(c: &scoring::Candidates) -> Vec<Vec<(u32, f64)>> {
    (0..c.n_mentees())
        .map(|i| {
            let (j, s) = c.row(i);
            j.iter().copied().zip(s.iter().copied()).collect()
        })
        .collect()
}

#[test]
fn top_k_equals_full_sort_with_ties() {
    let mut r = rng(4);
    for &(n, m, d, k) in &[
        (1, 1, 1, 1),
        (70, 50, 3, 5),
        (130, 20, 2, 20),
        (65, 200, 4, 7),
        (10, 5, 2, 9),
    ] {
        let a = integers(&mut r, n, d, 2);
        let b = integers(&mut r, m, d, 2);
        let dense = scoring::dot(a.view(), b.view()).unwrap();
        let c = scoring::top_k(a.view(), b.view(), k, &Kernel::Dot).unwrap();
        assert_eq!(rows_of(&c), reference_top_k(&dense, k), "n={n} m={m} k={k}");
        assert_eq!(c.n_mentors(), m);
    }
}

#[test]
fn top_k_cosine_f32_matches_dense() {
    let mut r = rng(5);
    let a = uniform(&mut r, 300, 8, -1.0, 1.0).mapv(|v| v as f32);
    let b = uniform(&mut r, 120, 8, -1.0, 1.0).mapv(|v| v as f32);
    let dense = scoring::cosine(a.view(), b.view()).unwrap().mapv(f64::from);
    let c = scoring::top_k(a.view(), b.view(), 10, &Kernel::Cosine).unwrap();
    assert_eq!(rows_of(&c), reference_top_k(&dense, 10));
}

#[test]
fn kernels_and_top_k_identical_on_any_thread_count() {
    let mut r = rng(6);
    let a = uniform(&mut r, 500, 32, -1.0, 1.0).mapv(|v| v as f32);
    let b = uniform(&mut r, 300, 32, -1.0, 1.0).mapv(|v| v as f32);
    let one = with_threads(1, || scoring::cosine(a.view(), b.view()).unwrap());
    let two = with_threads(2, || scoring::cosine(a.view(), b.view()).unwrap());
    let four = with_threads(4, || scoring::cosine(a.view(), b.view()).unwrap());
    assert!(
        one.iter()
            .zip(two.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits())
    );
    assert!(
        one.iter()
            .zip(four.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits())
    );
    let t1 = with_threads(1, || {
        scoring::top_k(a.view(), b.view(), 20, &Kernel::Cosine).unwrap()
    });
    let t3 = with_threads(3, || {
        scoring::top_k(a.view(), b.view(), 20, &Kernel::Cosine).unwrap()
    });
    assert_eq!(t1, t3);
}

#[test]
fn kernel_errors_name_the_cell() {
    let good = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
    let mut bad = good.clone();
    bad[[1, 0]] = f64::NAN;
    let e = scoring::cosine(bad.view(), good.view()).unwrap_err();
    assert!(
        e.to_string().contains("mentee features") && e.to_string().contains("row 1, column 0"),
        "{e}"
    );
    bad[[1, 0]] = f64::INFINITY;
    let e = scoring::dot(good.view(), bad.view()).unwrap_err();
    assert!(e.to_string().contains("mentor features"), "{e}");
    let empty = Array2::<f64>::zeros((0, 2));
    assert_eq!(
        scoring::cosine(empty.view(), good.view())
            .unwrap_err()
            .kind(),
        nastavnik::ErrorKind::Empty
    );
    let three = Array2::<f64>::zeros((2, 3));
    assert_eq!(
        scoring::cosine(good.view(), three.view())
            .unwrap_err()
            .kind(),
        nastavnik::ErrorKind::Shape
    );
    assert!(scoring::rbf(good.view(), good.view(), -1.0, None).is_err());
    let w = ndarray::array![1.0];
    assert_eq!(
        scoring::rbf(good.view(), good.view(), 1.0, Some(w.view()))
            .unwrap_err()
            .kind(),
        nastavnik::ErrorKind::Shape
    );
    assert!(scoring::top_k(good.view(), good.view(), 0, &Kernel::Dot).is_err());
}

// ---------- mixed-schema score against an independent per-question reference ----------

fn reference_value(q: &Question, e: &Participant, r: &Participant) -> Option<f64> {
    let num = |p: &Participant| match p.answers.get(&q.id) {
        Some(Answer::Number(v)) => Some(*v),
        None if q.id == "age" => p.age,
        _ => None,
    };
    let set = |p: &Participant| match p.answers.get(&q.id) {
        Some(Answer::Choices(v)) => Some(v.clone()),
        _ => None,
    };
    match &q.kind {
        QuestionKind::Numeric { .. } | QuestionKind::Likert { .. } => {
            let (lo, hi) = match q.kind {
                QuestionKind::Numeric { min, max } => (min, max),
                QuestionKind::Likert { levels } => (1.0, f64::from(levels)),
                _ => unreachable!(),
            };
            let (a, b) = (num(e)?, num(r)?);
            let (na, nb) = (
                ((a - lo) / (hi - lo)).clamp(0.0, 1.0),
                ((b - lo) / (hi - lo)).clamp(0.0, 1.0),
            );
            Some(match q.comparator {
                Comparator::Similarity => 1.0 - (na - nb).abs(),
                Comparator::Complementarity => (nb - na).max(0.0),
                Comparator::Exact => f64::from(u8::from(a == b)),
                Comparator::Window {
                    min,
                    max,
                    tolerance,
                } => {
                    let d = b - a;
                    let out = if d < min {
                        min - d
                    } else if d > max {
                        d - max
                    } else {
                        0.0
                    };
                    if out == 0.0 {
                        1.0
                    } else if tolerance > 0.0 {
                        (1.0 - out / tolerance).max(0.0)
                    } else {
                        0.0
                    }
                }
            })
        }
        QuestionKind::Categorical { .. } => match (e.answers.get(&q.id), r.answers.get(&q.id)) {
            (Some(Answer::Choice(x)), Some(Answer::Choice(y))) => Some(f64::from(u8::from(x == y))),
            _ => None,
        },
        QuestionKind::MultiSelect { .. } => {
            let (x, y) = (set(e)?, set(r)?);
            let inter = x.iter().filter(|v| y.contains(v)).count() as f64;
            let uni = (x.len() + y.len()) as f64 - inter;
            Some(match q.comparator {
                Comparator::Complementarity => {
                    if x.is_empty() {
                        0.0
                    } else {
                        inter / x.len() as f64
                    }
                }
                Comparator::Exact => {
                    let mut a = x.clone();
                    a.sort();
                    let mut b = y.clone();
                    b.sort();
                    f64::from(u8::from(a == b))
                }
                _ => {
                    if uni == 0.0 {
                        1.0
                    } else {
                        inter / uni
                    }
                }
            })
        }
    }
}

fn reference_allowed(s: &Schema, e: &Participant, r: &Participant) -> bool {
    let rules = &s.rules;
    let req: Vec<&(String, String)> = rules.required.iter().filter(|(a, _)| a == &e.id).collect();
    if !req.is_empty() {
        return req.iter().any(|(_, b)| b == &r.id);
    }
    if rules
        .forbidden
        .iter()
        .any(|(a, b)| a == &e.id && b == &r.id)
    {
        return false;
    }
    if rules.same_form && e.form.is_some() && r.form.is_some() && e.form != r.form {
        return false;
    }
    if rules.compatible_mode && !e.mode.compatible(r.mode) {
        return false;
    }
    let rule = rules.rule_for(e.form);
    if let (Some(g), Some(a), Some(b)) = (rule.age_gap, e.age, r.age)
        && !g.contains(b - a)
    {
        return false;
    }
    if let (Some(g), Some(a), Some(b)) =
        (rule.experience_gap, e.experience_years, r.experience_years)
        && !g.contains(b - a)
    {
        return false;
    }
    match (rule.organisation, &e.organisation, &r.organisation) {
        (OrganisationRule::Same, Some(a), Some(b)) => a == b,
        (OrganisationRule::Different, Some(a), Some(b)) => a != b,
        _ => true,
    }
}

fn reference_matrix(s: &Schema, c: &Cohort) -> Array2<f64> {
    let (es, rs) = (c.mentees(), c.mentors());
    Array2::from_shape_fn((es.len(), rs.len()), |(i, j)| {
        if !reference_allowed(s, es[i], rs[j]) {
            return f64::NEG_INFINITY;
        }
        let (mut num, mut den) = (0.0, 0.0);
        for q in &s.questions {
            match (reference_value(q, es[i], rs[j]), s.missing_value) {
                (Some(v), _) => {
                    num += q.weight * v;
                    den += q.weight;
                }
                (None, Some(m)) => {
                    num += q.weight * m;
                    den += q.weight;
                }
                (None, None) => {}
            }
        }
        if den > 0.0 { num / den } else { 0.0 }
    })
}

#[test]
fn mixed_score_matches_reference_on_synthetic_cohorts() {
    for seed in 0..6 {
        let (mut schema, cohort) = generate(
            &SyntheticConfig::default()
                .with_n_mentees(150)
                .with_n_mentors(45)
                .with_seed(seed),
        )
        .unwrap();
        if seed % 2 == 1 {
            schema.missing_value = Some(0.25);
        }
        let scorer = Scorer::new(&schema, &cohort).unwrap();
        let got = scorer.score_matrix();
        let want = reference_matrix(&schema, &cohort);
        assert_eq!(got.scores.dim(), want.dim());
        for ((ij, x), y) in got.scores.indexed_iter().zip(want.iter()) {
            assert!(
                x == y || (x - y).abs() < 1e-12,
                "seed {seed} at {ij:?}: {x} vs {y}"
            );
        }
        // top-k streaming equals sorting the dense matrix
        assert_eq!(
            rows_of(&scorer.top_k(7).unwrap()),
            reference_top_k(&got.scores, 7)
        );
        // explanations add up and agree with the rules
        for i in (0..got.mentee_ids.len()).step_by(17) {
            for j in (0..got.mentor_ids.len()).step_by(5) {
                let e = scorer
                    .explain(&got.mentee_ids[i], &got.mentor_ids[j])
                    .unwrap();
                let sum: f64 = e.contributions.iter().map(|c| c.contribution).sum();
                assert!((sum - e.score).abs() < 1e-12);
                assert_eq!(e.allowed, got.scores[[i, j]] > f64::NEG_INFINITY);
                if e.allowed {
                    assert!((e.score - got.scores[[i, j]]).abs() < 1e-12);
                }
            }
        }
    }
}

fn person(id: &str, role: Role) -> Participant {
    Participant::new(id, role).with_consent(true)
}

#[test]
fn hard_rules_and_required_pairs() {
    let q = vec![Question::new(
        "likes",
        QuestionKind::multi_select(["a", "b", "c"]),
    )];
    let mut rules = Rules::default();
    rules.by_form.insert(
        Form::StudentStudent,
        FormRule {
            age_gap: Some(Gap { min: 2.0, max: 4.0 }),
            experience_gap: None,
            organisation: OrganisationRule::Same,
        },
    );
    rules.forbidden.push(("e1".into(), "r2".into()));
    rules.required.push(("e3".into(), "r1".into()));
    let schema = Schema::new(q).unwrap().with_rules(rules).unwrap();
    let mut e1 = person("e1", Role::Mentee);
    e1.form = Some(Form::StudentStudent);
    e1.age = Some(12.0);
    e1.organisation = Some("s1".into());
    let mut e2 = person("e2", Role::Mentee);
    e2.form = Some(Form::TeacherTeacher);
    e2.mode = Mode::Online;
    let e3 = person("e3", Role::Mentee);
    let mut r1 = person("r1", Role::Mentor);
    r1.form = Some(Form::StudentStudent);
    r1.age = Some(15.0);
    r1.organisation = Some("s1".into());
    let mut r2 = person("r2", Role::Mentor);
    r2.form = Some(Form::StudentStudent);
    r2.age = Some(17.0);
    r2.organisation = Some("s2".into());
    let mut r3 = person("r3", Role::Mentor);
    r3.mode = Mode::InPerson;
    r3.form = Some(Form::TeacherTeacher);
    let cohort = Cohort::new(vec![e1, e2, e3, r1, r2, r3]).unwrap();
    let s = Scorer::new(&schema, &cohort).unwrap();
    let m = s.score_matrix();
    let allowed = m.forbidden().mapv(|f| !f);
    assert_eq!(
        allowed,
        ndarray::array![
            [true, false, false],
            [false, false, false],
            [true, false, false]
        ]
    );
    let why = s.explain("e1", "r2").unwrap();
    assert_eq!(
        why.forbidden_by,
        vec![
            Reason::ExplicitlyForbidden,
            Reason::AgeGap,
            Reason::Organisation
        ]
    );
    assert_eq!(
        s.explain("e2", "r3").unwrap().forbidden_by,
        vec![Reason::ModeMismatch]
    );
    assert_eq!(
        s.explain("e3", "r2").unwrap().forbidden_by[0],
        Reason::RequiredElsewhere
    );
    assert_eq!(
        reference_matrix(&schema, &cohort).mapv(|v| v > f64::NEG_INFINITY),
        allowed
    );
}

#[test]
fn schema_and_cohort_round_trip_json() {
    let (schema, cohort) = generate(
        &SyntheticConfig::default()
            .with_n_mentees(30)
            .with_n_mentors(10)
            .with_consent_rate(1.0),
    )
    .unwrap();
    assert_eq!(Schema::from_json(&schema.to_json()).unwrap(), schema);
    assert_eq!(Cohort::from_json(&cohort.to_json()).unwrap(), cohort);
}

#[test]
fn encode_features_dot_reflects_weights() {
    let (schema, cohort) = generate(
        &SyntheticConfig::default()
            .with_n_mentees(20)
            .with_n_mentors(5),
    )
    .unwrap();
    let f = schema.encode_features(&cohort.mentees()).unwrap();
    assert_eq!(f.values.nrows(), cohort.mentees().len());
    assert_eq!(f.columns.len(), f.values.ncols());
    assert!(f.columns.iter().any(|c| c == "interests=chess"));
    assert!(f.values.iter().all(|v| v.is_finite() && *v >= 0.0));
}

#[test]
fn synthetic_is_deterministic_and_realistic() {
    let cfg = SyntheticConfig::default()
        .with_n_mentees(400)
        .with_n_mentors(120)
        .with_seed(9);
    let (_, a) = generate(&cfg).unwrap();
    let (_, b) = generate(&cfg).unwrap();
    assert_eq!(a, b);
    let (_, c) = generate(&cfg.clone().with_seed(10)).unwrap();
    assert_ne!(a, c);
    let students = a
        .mentees()
        .into_iter()
        .filter(|p| p.form == Some(Form::StudentStudent))
        .count();
    assert!(students > 150 && students < 330, "{students}");
    assert!(a.mentors().iter().all(|p| p.capacity >= 1));
    assert!(
        a.mentees()
            .iter()
            .filter(|p| p.form == Some(Form::StudentStudent))
            .all(|p| (10.0..=15.0).contains(&p.age.unwrap()))
    );
    assert!(!a.without_consent().is_empty());
}

#[test]
fn similarity_into_equals_similarity_and_checks_the_output() {
    let mut r = rng(11);
    let a = uniform(&mut r, 150, 12, -1.0, 1.0);
    let b = uniform(&mut r, 70, 12, -1.0, 1.0);
    for kernel in [
        Kernel::Cosine,
        Kernel::Dot,
        Kernel::Rbf {
            gamma: 0.5,
            weights: None,
        },
    ] {
        let want = scoring::similarity(a.view(), b.view(), &kernel).unwrap();
        let mut out = Array2::<f64>::from_elem((150, 70), f64::NAN);
        scoring::similarity_into(a.view(), b.view(), &kernel, out.view_mut()).unwrap();
        assert_eq!(out, want);
    }
    let mut wrong = Array2::<f64>::zeros((150, 71));
    let e =
        scoring::similarity_into(a.view(), b.view(), &Kernel::Dot, wrong.view_mut()).unwrap_err();
    assert_eq!(e.kind(), nastavnik::ErrorKind::Shape);
    let mut transposed = Array2::<f64>::zeros((70, 150));
    let e = scoring::similarity_into(
        a.view(),
        b.view(),
        &Kernel::Dot,
        transposed.view_mut().reversed_axes(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), nastavnik::ErrorKind::InvalidValue);
    let mut d = Array2::<f64>::zeros((150, 70));
    scoring::weighted_euclidean_into(a.view(), b.view(), None, d.view_mut()).unwrap();
    assert_eq!(
        d,
        scoring::weighted_euclidean(a.view(), b.view(), None).unwrap()
    );
}
