//! Stable matching and stable roommates on seeded random instances (full random strict lists).
//!
//! `cargo bench --no-default-features --bench stable`
#![allow(missing_docs)] // criterion_group! generates an undocumented function
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::assign::roommates::stable_roommates;
use nastavnik::assign::stable::{StableOptions, stable_matching};
use nastavnik::preferences::{Acceptability, PeerPreferences, Preferences, RankedLists, Side};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;

/// Strict random CSR lists: each owner ranks `len` distinct random targets.
fn strict_csr(
    rng: &mut ChaCha8Rng,
    side: Side,
    owners: usize,
    targets: usize,
    len: usize,
) -> RankedLists {
    let mut indptr = vec![0usize];
    let mut items = Vec::with_capacity(owners * len);
    let mut all: Vec<u32> = (0..targets as u32).collect();
    for _ in 0..owners {
        let (chosen, _) = all.partial_shuffle(rng, len);
        items.extend_from_slice(chosen);
        indptr.push(items.len());
    }
    let ranks = (0..items.len()).map(|k| k as u32).collect::<Vec<_>>();
    // ranks only need to increase within a row
    RankedLists::from_csr(side, targets, indptr, items, ranks).unwrap()
}

fn complete(rng: &mut ChaCha8Rng, n: usize, m: usize) -> Preferences {
    let e = strict_csr(rng, Side::Mentee, n, m, m);
    let r = strict_csr(rng, Side::Mentor, m, n, n);
    Preferences::from_lists(e, r, Acceptability::Mutual).unwrap()
}

/// Mentees rank `len` random mentors; each mentor ranks exactly the mentees who listed it.
fn sparse(rng: &mut ChaCha8Rng, n: usize, m: usize, len: usize) -> Preferences {
    let e = strict_csr(rng, Side::Mentee, n, m, len);
    let mut by_mentor: Vec<Vec<u32>> = vec![Vec::new(); m];
    for i in 0..n {
        for &j in e.list(i).0 {
            by_mentor[j as usize].push(i as u32);
        }
    }
    let mut indptr = vec![0usize];
    let mut items = Vec::with_capacity(n * len);
    for l in &mut by_mentor {
        l.shuffle(rng);
        items.extend_from_slice(l);
        indptr.push(items.len());
    }
    let ranks = (0..items.len() as u32).collect();
    let r = RankedLists::from_csr(Side::Mentor, n, indptr, items, ranks).unwrap();
    Preferences::from_lists(e, r, Acceptability::Mutual).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut g = c.benchmark_group("stable");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    let opts = StableOptions::default();

    let hr = complete(&mut rng, 2000, 200);
    let cap = vec![10u32; 200];
    g.bench_function("hospitals_residents_2000x200_cap10", |b| {
        b.iter(|| stable_matching(black_box(&hr), &cap, &opts).unwrap())
    });

    let sm = complete(&mut rng, 1000, 1000);
    let ones = vec![1u32; 1000];
    g.bench_function("stable_marriage_1000", |b| {
        b.iter(|| stable_matching(black_box(&sm), &ones, &opts).unwrap())
    });

    let big = sparse(&mut rng, 100_000, 10_000, 50);
    let cap = vec![10u32; 10_000];
    g.bench_function("sparse_100000x10000_len50_cap10", |b| {
        b.iter(|| stable_matching(black_box(&big), &cap, &opts).unwrap())
    });
    // building (validating and cross-linking) the preferences of the sparse case, not in the above
    let (e, r) = (big.mentee_lists().clone(), big.mentor_lists().clone());
    g.bench_function("build_preferences_100000x10000_len50", |b| {
        b.iter_batched(
            || (e.clone(), r.clone()),
            |(e, r)| Preferences::from_lists(e, r, Acceptability::Mutual).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });

    let lists: Vec<Vec<Vec<usize>>> = (0..200)
        .map(|a| {
            let mut o: Vec<usize> = (0..200).filter(|&b| b != a).collect();
            o.shuffle(&mut rng);
            o.into_iter().map(|b| vec![b]).collect()
        })
        .collect();
    let peer = PeerPreferences::new(&lists, Acceptability::Mutual).unwrap();
    g.bench_function("roommates_200", |b| {
        b.iter(|| stable_roommates(black_box(&peer), 0).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
