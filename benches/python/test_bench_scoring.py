"""Scoring against numpy in the same run (answers checked): cosine, top-20, mixed-schema score.

Run: ``make bench-python`` (or ``.venv/bin/python -m pytest benches/python/test_bench_scoring.py
--benchmark-only``). Figures in BENCHMARKS.md.
"""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest
from numpy_reference import numpy_mixed_scores

N, M, D, K = 20_000, 5_000, 32, 20


@pytest.fixture(scope="module")
def feats():
    rng = np.random.default_rng(7)
    return (rng.standard_normal((N, D), dtype=np.float32),
            rng.standard_normal((M, D), dtype=np.float32))


def np_cosine(a, b):
    an = a / np.linalg.norm(a, axis=1, keepdims=True)
    bn = b / np.linalg.norm(b, axis=1, keepdims=True)
    return an @ bn.T


def np_top_k(a, b, k=K):
    s = np_cosine(a, b)
    idx = np.argpartition(-s, k - 1, axis=1)[:, :k]
    sc = np.take_along_axis(s, idx, 1)
    order = np.argsort(-sc, axis=1, kind="stable")
    return np.take_along_axis(idx, order, 1), np.take_along_axis(sc, order, 1)


@pytest.mark.benchmark(group="cosine 20000x5000x32 f32")
def test_cosine_numpy(benchmark, feats):
    benchmark(np_cosine, *feats)


@pytest.mark.benchmark(group="cosine 20000x5000x32 f32")
def test_cosine_nastavnik(benchmark, feats):
    got = benchmark(nk.cosine, *feats)
    want = np_cosine(*feats)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, atol=2e-5)


@pytest.mark.benchmark(group="top-20 20000x5000x32 f32")
def test_top20_numpy_argpartition(benchmark, feats):
    benchmark.pedantic(np_top_k, args=feats, rounds=3, iterations=1)


@pytest.mark.benchmark(group="top-20 20000x5000x32 f32")
def test_top20_nastavnik(benchmark, feats):
    idx, sc = benchmark(nk.top_k, *feats, K)
    ridx, rsc = np_top_k(*feats)
    # same scores; indices equal except where float32 rounding reorders near-ties
    np.testing.assert_allclose(sc, rsc, atol=2e-5)
    assert (idx == ridx).mean() > 0.999


@pytest.fixture(scope="module")
def cohort():
    return nk.synthetic_cohort(2_000, 600, consent_rate=1.0, seed=11)


@pytest.mark.benchmark(group="mixed-schema score 2000x600")
def test_mixed_numpy_broadcast(benchmark, cohort):
    benchmark.pedantic(numpy_mixed_scores, args=cohort, rounds=3, iterations=1)


@pytest.mark.benchmark(group="mixed-schema score 2000x600")
def test_mixed_nastavnik(benchmark, cohort):
    m = benchmark(nk.score, *cohort)
    want = numpy_mixed_scores(*cohort)
    np.testing.assert_allclose(np.where(np.isfinite(m.scores), m.scores, -1),
                               np.where(np.isfinite(want), want, -1), atol=1e-12)


# ------------------------------------------- distance kernels after the exactness work (issue 8)
# numpy anchor: the textbook expansion ||a||^2 + ||b||^2 - 2 a.b (inexact for near-equal rows, the
# reason for nastavnik's centring); answers checked against a float64 direct difference on a
# sample of rows.
NE, ME = 10_000, 2_000
GAMMA = 0.05


@pytest.fixture(scope="module")
def dfeats():
    rng = np.random.default_rng(8)
    a = rng.standard_normal((NE, D), dtype=np.float32)
    b = rng.standard_normal((ME, D), dtype=np.float32)
    w = rng.uniform(0.5, 2.0, D)
    return a, b, w


def np_sq_dist(a, b, w):
    ws = np.sqrt(w).astype(a.dtype)
    aw, bw = a * ws, b * ws
    d2 = (aw * aw).sum(1)[:, None] + (bw * bw).sum(1)[None, :] - 2.0 * (aw @ bw.T)
    return np.maximum(d2, 0.0)


def direct_sq_dist(a, b, w, rows):
    a64, b64 = a[rows].astype(np.float64), b.astype(np.float64)
    return (((a64[:, None, :] - b64[None, :, :]) ** 2) * w).sum(-1)


@pytest.mark.benchmark(group="weighted_euclidean 10000x2000x32 f32")
def test_weighted_euclidean_numpy(benchmark, dfeats):
    a, b, w = dfeats
    benchmark(lambda: np.sqrt(np_sq_dist(a, b, w)))


@pytest.mark.benchmark(group="weighted_euclidean 10000x2000x32 f32")
def test_weighted_euclidean_nastavnik(benchmark, dfeats):
    a, b, w = dfeats
    got = benchmark(nk.weighted_euclidean, a, b, weights=w.tolist())
    rows = np.arange(0, NE, 97)
    want = np.sqrt(direct_sq_dist(a, b, w, rows))
    np.testing.assert_allclose(got[rows], want, rtol=1e-5, atol=1e-5)


@pytest.mark.benchmark(group="rbf 10000x2000x32 f32")
def test_rbf_numpy(benchmark, dfeats):
    a, b, w = dfeats
    benchmark(lambda: np.exp(-GAMMA * np_sq_dist(a, b, w)))


@pytest.mark.benchmark(group="rbf 10000x2000x32 f32")
def test_rbf_nastavnik(benchmark, dfeats):
    a, b, w = dfeats
    got = benchmark(nk.rbf, a, b, gamma=GAMMA, weights=w.tolist())
    rows = np.arange(0, NE, 97)
    want = np.exp(-GAMMA * direct_sq_dist(a, b, w, rows))
    np.testing.assert_allclose(got[rows], want, rtol=1e-5, atol=1e-6)
