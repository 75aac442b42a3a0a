//! Criterion benches of the side-constrained MIP assignment (`assign::mip`, HiGHS).
//!
//! `cargo bench --bench mip` (default features: HiGHS). Instances are seeded: 200 mentees ×
//! 40 mentors with capacity 5, 10 % forbidden pairs, 8 schools, 20 classes, 20 % priority
//! mentees, two mentor groups.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::assign::mip::{MipProblem, Quota};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;

struct Cohort {
    scores: Array2<f64>,
    schools: Vec<String>,
    classes: Vec<String>,
    cats: Vec<String>,
    groups: Vec<String>,
}

fn cohort(n: usize, m: usize, seed: u64) -> Cohort {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scores = Array2::from_shape_fn((n, m), |_| {
        if rng.random_bool(0.1) {
            f64::NEG_INFINITY
        } else {
            rng.random_range(0.0..1.0)
        }
    });
    Cohort {
        scores,
        schools: (0..n).map(|i| format!("school {}", i % 8)).collect(),
        classes: (0..n)
            .map(|_| format!("class {}", rng.random_range(0..20)))
            .collect(),
        cats: (0..n)
            .map(|_| {
                if rng.random_bool(0.2) {
                    "priority"
                } else {
                    "regular"
                }
                .to_string()
            })
            .collect(),
        groups: (0..m)
            .map(|j| if j % 3 == 0 { "uni" } else { "firm" }.to_string())
            .collect(),
    }
}

/// Capacity 5, min load 1, unmatched allowed (reject -0.5) except for the priority category,
/// at most 2 pupils of a class per mentor, per school 70-90 % matched and at least 1/8 of its
/// pupils with a university mentor.
fn quota_problem(c: &Cohort) -> MipProblem<'_> {
    let mut p = MipProblem::new(c.scores.view())
        .unwrap()
        .max_load(5)
        .min_load(1)
        .allow_unmatched(-0.5)
        .priority(&c.cats, &["priority"])
        .class_limit(&c.classes, 2);
    for s in 0..8 {
        let name = format!("school {s}");
        let size = c.schools.iter().filter(|x| **x == name).count();
        p = p
            .quota(
                Quota::new(format!("{name} matched"))
                    .mentees_labelled(&c.schools, &name)
                    .between(size * 7 / 10, size * 9 / 10),
            )
            .quota(
                Quota::new(format!("{name} with uni mentors"))
                    .mentees_labelled(&c.schools, &name)
                    .mentors_labelled(&c.groups, "uni")
                    .at_least(size / 8),
            );
    }
    p
}

fn bench_mip(cr: &mut Criterion) {
    let c = cohort(200, 40, 42);
    let mut g = cr.benchmark_group("mip");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("200x40_cap5_plain", |b| {
        b.iter(|| {
            MipProblem::new(black_box(c.scores.view()))
                .unwrap()
                .max_load(5)
                .solve()
                .unwrap()
        })
    });
    g.bench_function("200x40_cap5_quotas_priority_classes", |b| {
        b.iter(|| quota_problem(black_box(&c)).solve().unwrap())
    });
    g.bench_function("200x40_cap5_quotas_priority_classes_no_lp_shortcut", |b| {
        b.iter(|| {
            quota_problem(black_box(&c))
                .lp_shortcut(false)
                .solve()
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_mip);
criterion_main!(benches);
