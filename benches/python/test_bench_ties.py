"""Tied scores (issue 9): dense assignment and groups on scores with few distinct values, against
scipy, lapx and OR-Tools in the same run (answers checked). Run::

    python -m pytest -q benches/python/test_bench_ties.py --benchmark-only \
        --benchmark-columns=min,median,rounds

Figures in BENCHMARKS.md ("Tied scores").
"""

from __future__ import annotations

from functools import cache

import nastavnik as nk
import numpy as np
import pytest

so = pytest.importorskip("scipy.optimize")
try:
    import lap as lapx  # the lapx distribution installs module `lap`
except ImportError:  # pragma: no cover
    lapx = None

DENSE = {
    "int0-3 4000": (4000, "int4"),
    "int0-3 2000": (2000, "int4"),
    "all-equal 2000": (2000, "equal"),
    "int0-99 2000": (2000, "int100"),
    "uniform 2000": (2000, "uniform"),
    "rank-one 2000": (2000, "rank1"),
    "identical-columns 1000": (1000, "idcols"),
}


@cache
def scores(n: int, m: int, family: str) -> np.ndarray:
    rng = np.random.default_rng(9)
    if family == "int4":
        return rng.integers(0, 4, (n, m)).astype(np.float64)
    if family == "int100":
        return rng.integers(0, 100, (n, m)).astype(np.float64)
    if family == "equal":
        return np.ones((n, m))
    if family == "rank1":  # s[i, j] = a[i] * b[j]
        return np.outer(rng.random(n), rng.random(m))
    if family == "idcols":  # every mentor column the same
        return np.repeat(rng.random((n, 1)), m, axis=1)
    return rng.random((n, m))


@cache
def scipy_total(case: str) -> float:
    n, fam = DENSE[case]
    s = scores(n, n, fam)
    r, c = so.linear_sum_assignment(s, maximize=True)
    return float(s[r, c].sum())


@pytest.mark.parametrize("case", list(DENSE))
def test_ties_nastavnik(benchmark, case):
    benchmark.group = f"ties dense {case}"
    n, fam = DENSE[case]
    s = scores(n, n, fam)
    a = benchmark.pedantic(nk.assign_lap, args=(s,), rounds=5, iterations=1)
    assert a.total == pytest.approx(scipy_total(case), rel=1e-12)


@pytest.mark.parametrize("case", list(DENSE))
def test_ties_scipy(benchmark, case):
    benchmark.group = f"ties dense {case}"
    n, fam = DENSE[case]
    s = scores(n, n, fam)
    benchmark.pedantic(so.linear_sum_assignment, args=(s,), kwargs={"maximize": True}, rounds=5,
                       iterations=1)


@pytest.mark.parametrize("case", list(DENSE))
def test_ties_lapx(benchmark, case):
    if lapx is None:
        pytest.skip("lapx not installed")
    benchmark.group = f"ties dense {case}"
    n, fam = DENSE[case]
    cost = -scores(n, n, fam)
    out = benchmark.pedantic(lambda: lapx.lapjv(cost, extend_cost=True), rounds=5, iterations=1)
    assert -out[0] == pytest.approx(scipy_total(case), rel=1e-9)


GROUPS = {"int0-3": "int4", "all-equal": "equal", "uniform": "uniform"}
N, M, CAP = 2000, 400, 5


def ortools_solve(s: np.ndarray) -> float:
    from ortools.graph.python import min_cost_flow

    n, m = s.shape
    f = min_cost_flow.SimpleMinCostFlow()
    sink = n + m
    tails = np.concatenate([np.repeat(np.arange(n), m), np.arange(n, n + m)])
    heads = np.concatenate([n + np.tile(np.arange(m), n), np.full(m, sink)])
    caps = np.concatenate([np.ones(n * m, np.int64), np.full(m, CAP, np.int64)])
    costs = np.concatenate([-np.rint(s.ravel() * 1e6).astype(np.int64), np.zeros(m, np.int64)])
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    f.set_nodes_supplies(np.arange(n + m + 1), np.concatenate([np.ones(n, np.int64),
                                                                np.zeros(m, np.int64), [-n]]))
    assert f.solve() == f.OPTIMAL
    return -f.optimal_cost() / 1e6


@pytest.mark.parametrize("case", list(GROUPS))
def test_ties_groups_nastavnik(benchmark, case):
    benchmark.group = f"ties groups 2000x400 cap 5 {case}"
    s = scores(N, M, GROUPS[case])
    a = benchmark.pedantic(nk.assign_groups, args=(s,), kwargs={"max_load": CAP}, rounds=5,
                           iterations=1)
    assert np.bincount(a.pairs[:, 1], minlength=M).max() <= CAP and a.n_matched == N
    pytest.importorskip("ortools")
    assert abs(a.total - ortools_solve(s)) <= N * 1e-6


@pytest.mark.parametrize("case", list(GROUPS))
def test_ties_groups_ortools(benchmark, case):
    pytest.importorskip("ortools")
    benchmark.group = f"ties groups 2000x400 cap 5 {case}"
    s = scores(N, M, GROUPS[case])
    total = benchmark.pedantic(ortools_solve, args=(s,), rounds=5, iterations=1)
    assert abs(total - nk.assign_groups(s, max_load=CAP).total) <= N * 1e-6
