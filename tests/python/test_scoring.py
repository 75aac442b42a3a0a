"""Scoring kernels and the mixed-schema score compared with numpy references."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest


def np_cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    return (a / np.where(na == 0, 1, na)) @ (b / np.where(nb == 0, 1, nb)).T


@pytest.mark.parametrize("shape", [(1, 1, 1), (50, 70, 3), (130, 17, 32), (9, 300, 600)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kernels_match_numpy(rng, shape, dtype):
    n, m, d = shape
    a = rng.standard_normal((n, d)).astype(dtype)
    b = rng.standard_normal((m, d)).astype(dtype)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    got = nk.cosine(a, b)
    assert got.dtype == dtype and got.shape == (n, m)
    np.testing.assert_allclose(got, np_cosine(a, b), atol=tol)
    np.testing.assert_allclose(nk.dot(a, b), a @ b.T, rtol=tol, atol=tol * d)
    w = rng.uniform(0, 2, d)
    d2 = (((a[:, None, :] - b[None, :, :]) ** 2) * w).sum(-1)
    np.testing.assert_allclose(nk.weighted_euclidean(a, b, weights=list(w)), np.sqrt(d2),
                               rtol=1e-3 if dtype == np.float32 else 1e-6, atol=1e-3)
    np.testing.assert_allclose(nk.rbf(a, b, gamma=0.3, weights=list(w)), np.exp(-0.3 * d2),
                               rtol=1e-3 if dtype == np.float32 else 1e-8, atol=1e-6)


def test_jaccard_matches_numpy(rng):
    a = rng.random((40, 70)) < 0.3
    b = rng.random((25, 70)) < 0.3
    inter = a.astype(int) @ b.T.astype(int)
    union = a.sum(1)[:, None] + b.sum(1)[None, :] - inter
    want = np.where(union == 0, 1.0, inter / np.maximum(union, 1))
    np.testing.assert_allclose(nk.jaccard(a, b), want)
    np.testing.assert_allclose(nk.jaccard(a.astype(np.uint8), b.astype(np.float64)), want)


@pytest.mark.parametrize("k", [1, 5, 20, 100])
def test_top_k_matches_numpy_sort(rng, k):
    a = rng.integers(-2, 3, (150, 4)).astype(np.float64)  # ties on purpose
    b = rng.integers(-2, 3, (60, 4)).astype(np.float64)
    s = a @ b.T
    idx, sc = nk.top_k(a, b, k, kernel="dot")
    kk = min(k, 60)
    assert idx.shape == (150, kk) and idx.dtype == np.int64
    # reference: stable sort by (-score, index)
    order = np.lexsort((np.broadcast_to(np.arange(60), s.shape), -s), axis=1)[:, :kk]
    np.testing.assert_array_equal(idx, order)
    np.testing.assert_array_equal(sc, np.take_along_axis(s, order, 1))


def test_top_k_cosine_float32_keeps_dtype(rng):
    a = rng.standard_normal((300, 16)).astype(np.float32)
    b = rng.standard_normal((200, 16)).astype(np.float32)
    idx, sc = nk.top_k(a, b, 10)
    assert sc.dtype == np.float32
    dense = nk.cosine(a, b)
    np.testing.assert_array_equal(sc, np.take_along_axis(dense, idx, 1))
    assert (np.diff(sc, axis=1) <= 0).all()
    kth = np.sort(dense, axis=1)[:, -10]
    assert (sc[:, -1] >= kth).all()


def test_mixed_score_matrix_and_explain(sample):
    schema, cohort = sample
    scorer = nk.Scorer(schema, cohort)
    m = scorer.score_matrix()
    s = m.scores
    assert s.dtype == np.float64 and s.shape == (len(m.mentee_ids), len(m.mentor_ids))
    finite = s[np.isfinite(s)]
    assert ((finite >= 0) & (finite <= 1)).all()
    assert m.forbidden.dtype == bool and (m.forbidden == np.isneginf(s)).all()
    for i in range(0, s.shape[0], 23):
        for j in range(0, s.shape[1], 7):
            e = scorer.explain(m.mentee_ids[i], m.mentor_ids[j])
            assert e["allowed"] == bool(np.isfinite(s[i, j]))
            total = sum(c["contribution"] for c in e["contributions"])
            assert total == pytest.approx(e["score"], abs=1e-12)
            if e["allowed"]:
                assert e["score"] == pytest.approx(s[i, j], abs=1e-12)
            else:
                assert e["forbidden_by"]


def test_scorer_top_k_equals_dense_sort(sample):
    schema, cohort = sample
    scorer = nk.Scorer(schema, cohort)
    s = scorer.score_matrix().scores
    c = scorer.top_k(6)
    assert c.mentee_ids == scorer.mentee_ids and c.mentor_ids == scorer.mentor_ids
    for i in range(c.n_mentees):
        row = c.indices[c.indptr[i]:c.indptr[i + 1]]
        allowed = np.flatnonzero(np.isfinite(s[i]))
        order = allowed[np.lexsort((allowed, -s[i, allowed]))][:6]
        np.testing.assert_array_equal(row, order)
    idx, sc = c.to_dense()
    assert idx.shape[0] == c.n_mentees


def test_feature_encoding_cosine_pipeline(sample):
    schema, cohort = sample
    x, cols, ids = schema.encode_features(cohort, role="mentee")
    y, cols2, _ = schema.encode_features(cohort, role="mentor")
    assert cols == cols2 and x.shape == (len(ids), len(cols))
    sims = nk.cosine(x, y)
    assert sims.shape == (len(cohort.mentee_ids), len(cohort.mentor_ids))


def test_score_matches_numpy_broadcast_reference():
    schema, cohort = nk.synthetic_cohort(80, 30, seed=5)
    from numpy_reference import numpy_mixed_scores

    got = nk.score(schema, cohort).scores
    want = numpy_mixed_scores(schema, cohort)
    np.testing.assert_allclose(np.where(np.isfinite(got), got, -1), np.where(np.isfinite(want), want, -1), atol=1e-12)


def test_synthetic_is_seeded():
    a = nk.synthetic_cohort(30, 10, seed=3)[1].to_json()
    assert a == nk.synthetic_cohort(30, 10, seed=3)[1].to_json()
    assert a != nk.synthetic_cohort(30, 10, seed=4)[1].to_json()


def test_cli_demo_writes_consenting_outputs(tmp_path, sample_dir):
    from nastavnik.__main__ import main

    assert main(["match", "--schema", str(sample_dir / "schema.json"), "--cohort",
                 str(sample_dir / "cohort.csv"), "--out", str(tmp_path), "--top", "3"]) == 0
    text = (tmp_path / "candidates.csv").read_text(encoding="utf-8")
    schema = nk.Schema.from_json((sample_dir / "schema.json").read_text(encoding="utf-8"))
    cohort = nk.Cohort.from_csv(str(sample_dir / "cohort.csv"), schema)
    for pid in cohort.without_consent:
        assert pid not in text
