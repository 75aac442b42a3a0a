"""One-to-one assignment against scipy and lapx in the same run (answers checked), maximising
uniform float64 scores. Run: ``make bench-python``. Figures in BENCHMARKS.md."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest

so = pytest.importorskip("scipy.optimize")
sp = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")
try:
    import lap as lapx  # the lapx distribution installs module `lap`
except ImportError:  # pragma: no cover
    lapx = None


def uniform(n, m, seed=0):
    return np.random.default_rng(seed).random((n, m))


def scipy_total(s):
    r, c = so.linear_sum_assignment(s, maximize=True)
    return s[r, c].sum()


CASES = {"1000x1000": (1000, 1000), "4000x4000": (4000, 4000), "1000x4000": (1000, 4000)}


@pytest.mark.parametrize("case", list(CASES))
def test_dense_nastavnik(benchmark, case):
    benchmark.group = f"dense {case}"
    s = uniform(*CASES[case])
    a = benchmark(nk.assign_lap, s)
    assert a.total == pytest.approx(scipy_total(s), rel=1e-12)


@pytest.mark.parametrize("case", list(CASES))
def test_dense_scipy(benchmark, case):
    benchmark.group = f"dense {case}"
    s = uniform(*CASES[case])
    benchmark.pedantic(so.linear_sum_assignment, args=(s,), kwargs={"maximize": True},
                       rounds=3 if case != "4000x4000" else 1, iterations=1)


@pytest.mark.parametrize("case", list(CASES))
def test_dense_lapx(benchmark, case):
    if lapx is None or not hasattr(lapx, "lapjv"):
        pytest.skip("lapx not installed")
    benchmark.group = f"dense {case}"
    s = uniform(*CASES[case])
    cost = -s
    solver = getattr(lapx, "lapjvr", lapx.lapjv)  # lapjvr: the fastest lapx entry point
    out = benchmark.pedantic(lambda: solver(cost, extend_cost=True), rounds=3, iterations=1)
    assert -out[0] == pytest.approx(scipy_total(s), rel=1e-9)


def sparse_case(n=4000, m=4000, k=33, seed=1):
    rng = np.random.default_rng(seed)
    cols = np.stack([rng.choice(m, k, replace=False) for _ in range(n)])
    vals = rng.random((n, k))
    return cols, vals


def test_sparse_4000_nastavnik(benchmark):
    benchmark.group = "sparse 4000x4000, 33 per row"
    cols, vals = sparse_case()
    n, k = cols.shape
    cand = nk.Candidates(4000, np.arange(0, n * k + 1, k), cols.ravel(), vals.ravel())
    a = benchmark(nk.assign_sparse, cand)
    g = sp.csr_matrix((2.0 - vals.ravel(), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, 4000))
    r, c = csgraph.min_weight_full_bipartite_matching(g)
    assert a.total == pytest.approx((2.0 - np.asarray(g[r, c]).ravel()).sum(), rel=1e-12)


def test_sparse_4000_scipy(benchmark):
    benchmark.group = "sparse 4000x4000, 33 per row"
    cols, vals = sparse_case()
    n, k = cols.shape
    g = sp.csr_matrix((2.0 - vals.ravel(), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, 4000))
    benchmark.pedantic(csgraph.min_weight_full_bipartite_matching, args=(g,), rounds=3, iterations=1)


def test_batch_500_nastavnik(benchmark):
    benchmark.group = "batch 500 x (64x64)"
    probs = [uniform(64, 64, seed=s) for s in range(500)]
    out = benchmark(nk.assign_batch, probs)
    assert [a.total for a in out[:20]] == pytest.approx([scipy_total(p) for p in probs[:20]], rel=1e-12)


def test_batch_500_scipy_loop(benchmark):
    benchmark.group = "batch 500 x (64x64)"
    probs = [uniform(64, 64, seed=s) for s in range(500)]
    benchmark.pedantic(lambda: [so.linear_sum_assignment(p, maximize=True) for p in probs],
                       rounds=3, iterations=1)


def test_sparse_region_100000x10000(benchmark):
    benchmark.group = "sparse 100000x10000, 32 per mentee"
    rng = np.random.default_rng(3)
    n, m, k = 100_000, 10_000, 32
    cols = np.argsort(rng.random((n, m // 100)), axis=1)[:, :k] * 100 + rng.integers(0, 100, (n, k))
    cols = np.sort(cols, axis=1)
    vals = rng.random((n, k))
    cand = nk.Candidates(m, np.arange(0, n * k + 1, k), cols.ravel(), vals.ravel())
    a = benchmark.pedantic(nk.assign_sparse, args=(cand,), rounds=3, iterations=1)
    assert a.n_matched == m  # the 10000 mentors (the smaller side) are all matched
