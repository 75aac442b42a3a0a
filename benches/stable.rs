//! Stable matching and stable roommates on seeded random instances (full random strict lists).
//!
//! `cargo bench --no-default-features --bench stable`; roommates only:
//! `cargo bench --bench stable -- roommates`
#![allow(missing_docs)] // criterion_group! generates an undocumented function
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use nastavnik::assign::roommates::stable_roommates;
use nastavnik::assign::stable::{StableOptions, stable_matching};
use nastavnik::preferences::{Acceptability, PeerPreferences, Preferences, RankedLists, Side};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
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

/// Lists of `k` disjoint copies of the classic instance without a stable matching.
fn classic_lists(k: usize) -> Vec<Vec<Vec<usize>>> {
    let base = [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]];
    (0..4 * k)
        .map(|x| {
            let c = x / 4;
            base[x % 4].iter().map(|&b| vec![4 * c + b]).collect()
        })
        .collect()
}

fn classic_copies(k: usize) -> PeerPreferences {
    PeerPreferences::new(&classic_lists(k), Acceptability::Mutual).unwrap()
}

/// The copies joined in a chain: member 3 of copy `c` and member 0 of copy `c + 1` accept each
/// other last.
fn chained_copies(k: usize) -> PeerPreferences {
    let mut lists = classic_lists(k);
    for c in 0..k.saturating_sub(1) {
        lists[4 * c + 3].push(vec![4 * c + 4]);
        lists[4 * c + 4].push(vec![4 * c + 3]);
    }
    PeerPreferences::new(&lists, Acceptability::Mutual).unwrap()
}

/// `(2c, 2c + 1)` are each other's first choice, followed by about `2 (len - 1)` random others
/// (listed mutually, in random order): stable, phase 1 does all the work.
fn planted(rng: &mut ChaCha8Rng, n: usize, len: usize) -> PeerPreferences {
    let mut others: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        for _ in 1..len {
            let b = rng.random_range(0..n);
            if b != a && b != (a ^ 1) && !others[a].contains(&b) {
                others[a].push(b);
                others[b].push(a);
            }
        }
    }
    let lists: Vec<Vec<Vec<usize>>> = others
        .into_iter()
        .enumerate()
        .map(|(a, mut o)| {
            o.shuffle(rng);
            std::iter::once(a ^ 1).chain(o).map(|b| vec![b]).collect()
        })
        .collect();
    PeerPreferences::new(&lists, Acceptability::Mutual).unwrap()
}

/// About `2 len` random others each, listed mutually in random order: phase 2 has real work
/// (rotations) and most large pools have odd parties.
fn random_sparse(rng: &mut ChaCha8Rng, n: usize, len: usize) -> PeerPreferences {
    let mut others: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        for _ in 0..len {
            let b = rng.random_range(0..n);
            if b != a && !others[a].contains(&b) {
                others[a].push(b);
                others[b].push(a);
            }
        }
    }
    let lists: Vec<Vec<Vec<usize>>> = others
        .into_iter()
        .map(|mut o| {
            o.shuffle(rng);
            o.into_iter().map(|b| vec![b]).collect()
        })
        .collect();
    PeerPreferences::new(&lists, Acceptability::Mutual).unwrap()
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

    // the best effort when no stable matching exists: k disjoint copies of the classic
    // unsolvable 4-person instance (one participant set aside per copy)
    for n in [4_000usize, 16_000, 64_000] {
        let p = classic_copies(n / 4);
        g.bench_function(format!("roommates_unsolvable_copies_{n}"), |b| {
            b.iter(|| stable_roommates(black_box(&p), 0).unwrap())
        });
    }
    // a solvable family of the same sizes: mutual first choices (2c, 2c+1), then 9 random others
    for n in [4_000usize, 16_000, 64_000] {
        let p = planted(&mut rng, n, 10);
        assert!(stable_roommates(&p, 0).unwrap().stable);
        g.bench_function(format!("roommates_solvable_planted_{n}_len10"), |b| {
            b.iter(|| stable_roommates(black_box(&p), 0).unwrap())
        });
    }
    // the copies joined into one component by last-ranked links (quadratic before Tan's stable
    // partition: every failure re-ran phase 2 on the component); one odd party per copy
    for n in [4_000usize, 16_000, 64_000] {
        let p = chained_copies(n / 4);
        assert_eq!(stable_roommates(&p, 0).unwrap().set_aside.len(), n / 4);
        g.bench_function(format!("roommates_unsolvable_chain_{n}"), |b| {
            b.iter(|| stable_roommates(black_box(&p), 0).unwrap())
        });
    }
    // random sparse mutual lists (about 20 entries each): rotations and odd parties mixed
    for n in [4_000usize, 16_000, 64_000] {
        let p = random_sparse(&mut rng, n, 10);
        g.bench_function(format!("roommates_random_sparse_{n}_len20"), |b| {
            b.iter(|| stable_roommates(black_box(&p), 0).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
