//! The one preference-building entry point (`PreferenceInput`, `PeerInput`): agreement with the
//! typed builders on random seeded instances, id inference rules, hostile input, and results
//! identical on 1, 2 and 4 threads.

use nastavnik::Error;
use nastavnik::assign::{StableOptions, stable_matching};
use nastavnik::parallel;
use nastavnik::preferences::{
    Acceptability, IdLists, PeerInput, PeerPreferences, PreferenceInput, Preferences, Source,
};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn ranks(rng: &mut ChaCha8Rng, n: usize, m: usize, hi: i64) -> Array2<i64> {
    Array2::from_shape_fn((n, m), |_| rng.random_range(-1..=hi))
}

#[test]
fn matrices_agree_with_typed_builders() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..40 {
        let (n, m) = (rng.random_range(0..9), rng.random_range(0..9));
        let (e, mr) = (ranks(&mut rng, n, m, 4), ranks(&mut rng, n, m, 4));
        for acc in [Acceptability::Mutual, Acceptability::Either] {
            let got = PreferenceInput::new(Source::Ranks(e.view()), Some(Source::Ranks(mr.view())))
                .with_acceptability(acc)
                .build()
                .unwrap();
            let want = Preferences::from_rank_matrices(e.view(), mr.view(), acc).unwrap();
            assert_eq!(got.preferences, want);
            let s = e.mapv(|v| v as f64);
            let got = PreferenceInput::new(Source::Scores(s.view()), None)
                .with_acceptability(acc)
                .build()
                .unwrap();
            assert_eq!(
                got.preferences,
                Preferences::from_scores(s.view(), s.view(), acc).unwrap()
            );
        }
    }
}

#[test]
fn padded_lists_equal_rank_matrices() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for _ in 0..40 {
        let (n, m) = (rng.random_range(1..8), rng.random_range(1..8));
        // strict random lists as padded index arrays and as rank matrices
        let mut er = Array2::<i64>::zeros((n, m));
        let mut ep = Array2::<i64>::from_elem((n, m), -1);
        for i in 0..n {
            let mut perm: Vec<usize> = (0..m).collect();
            for k in (1..m).rev() {
                perm.swap(k, rng.random_range(0..=k));
            }
            let len = rng.random_range(0..=m);
            for (pos, &j) in perm[..len].iter().enumerate() {
                er[[i, j]] = pos as i64 + 1;
                ep[[i, pos]] = j as i64;
            }
        }
        let mr = Array2::<i64>::from_elem((n, m), 1); // mentors accept everyone, all tied
        let mp = Array2::from_shape_fn((m, n), |(_, i)| i as i64);
        let a = PreferenceInput::new(Source::Padded(ep.view()), Some(Source::Padded(mp.view())))
            .build()
            .unwrap();
        let b = PreferenceInput::new(Source::Ranks(er.view()), Some(Source::Ranks(mr.view())))
            .build()
            .unwrap();
        // same acceptable pairs and the same mentee ranks
        for i in 0..n {
            for j in 0..m {
                assert_eq!(
                    a.preferences.mentee_rank(i, j),
                    b.preferences.mentee_rank(i, j)
                );
            }
        }
    }
}

#[test]
fn hostile_ids_and_indices() {
    let r = ndarray::array![[1i64, 2], [2, 1]];
    let dup = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ranks(r.view())))
        .with_ids(Some(vec!["a", "a"]), None)
        .build()
        .unwrap_err();
    assert!(matches!(dup, Error::DuplicateId { .. }), "{dup}");
    let peer = PeerInput::new(Source::Ranks(r.view()))
        .with_ids(Some(vec!["p", "p"]))
        .build()
        .unwrap_err();
    assert!(matches!(peer, Error::DuplicateId { .. }), "{peer}");
    let big = ndarray::array![[1i64 << 32]];
    let back = ndarray::array![[0i64]];
    let e = PreferenceInput::new(
        Source::Padded(big.view()),
        Some(Source::Padded(back.view())),
    )
    .build()
    .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
    // an id named only inside lists, on both sides
    let (mut el, mut ml) = (IdLists::default(), IdLists::default());
    el.push("ann", &[&["kim", "zed"]]);
    ml.push("kim", &[&["ann", "zed"]]);
    let e = PreferenceInput::new(Source::Ids(el.clone()), Some(Source::Ids(ml.clone())))
        .build()
        .unwrap_err();
    assert!(
        matches!(e, Error::UnknownId { ref id, .. } if id == "zed"),
        "{e}"
    );
    // given ids on both sides: shared ids on purpose
    let ok = PreferenceInput::new(Source::Ids(el), Some(Source::Ids(ml)))
        .with_ids(Some(vec!["ann", "zed"]), Some(vec!["kim", "zed"]))
        .build()
        .unwrap();
    assert_eq!(ok.preferences.n_mentees(), 2);
    // mixed kinds
    let e = PreferenceInput::new(
        Source::Ranks(r.view()),
        Some(Source::Scores(r.mapv(|v| v as f64).view())),
    )
    .build()
    .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }));
}

#[test]
fn identical_on_1_2_and_4_threads() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    // large enough that the row-parallel builders actually split the work
    let (n, m) = (600, 300);
    let e = ranks(&mut rng, n, m, 40);
    let mr = ranks(&mut rng, n, m, 40);
    let s = Array2::from_shape_fn((n, n), |_| rng.random_range(0..5) as f64);
    let run = |t: usize| {
        parallel::install(Some(t), || {
            let p = PreferenceInput::new(Source::Ranks(e.view()), Some(Source::Ranks(mr.view())))
                .with_acceptability(Acceptability::Either)
                .build()
                .unwrap();
            let a =
                stable_matching(&p.preferences, &vec![2; m], &StableOptions::default()).unwrap();
            let q: PeerPreferences = PeerInput::new(Source::Scores(s.view()))
                .build()
                .unwrap()
                .preferences;
            (p.preferences, a.pairs().to_vec(), q)
        })
        .unwrap()
    };
    let one = run(1);
    assert_eq!(run(2), one);
    assert_eq!(run(4), one);
}
