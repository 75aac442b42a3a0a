"""The solver contract's cost: `solve(Problem(s), "lap")` against the `assign_lap` shortcut and
scipy in the same run (answers checked). Run: ``.venv/bin/python -m pytest -q
benches/python/test_bench_contract.py``. Figures in BENCHMARKS.md."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest

so = pytest.importorskip("scipy.optimize")

SIZES = [500, 2000]


def case(n):
    s = np.random.default_rng(0).random((n, n))
    r, c = so.linear_sum_assignment(s, maximize=True)
    return s, s[r, c].sum()


@pytest.mark.parametrize("n", SIZES)
def test_contract_shortcut(benchmark, n):
    benchmark.group = f"contract lap {n}x{n}"
    s, best = case(n)
    a = benchmark(nk.assign_lap, s)
    assert a.total == pytest.approx(best, rel=1e-12)


@pytest.mark.parametrize("n", SIZES)
def test_contract_solve_only(benchmark, n):
    benchmark.group = f"contract lap {n}x{n}"
    s, best = case(n)
    p = nk.Problem(s)
    sol = benchmark(nk.solve, p, "lap")
    assert sol.total == pytest.approx(best, rel=1e-12) and sol.status == "optimal"


@pytest.mark.parametrize("n", SIZES)
def test_contract_problem_and_solve(benchmark, n):
    benchmark.group = f"contract lap {n}x{n}"
    s, best = case(n)
    sol = benchmark(lambda: nk.solve(nk.Problem(s), "lap"))
    assert sol.total == pytest.approx(best, rel=1e-12)


@pytest.mark.parametrize("n", SIZES)
def test_contract_scipy(benchmark, n):
    benchmark.group = f"contract lap {n}x{n}"
    s, best = case(n)
    r, c = benchmark.pedantic(so.linear_sum_assignment, args=(s,), kwargs={"maximize": True},
                              rounds=3, iterations=1)
    assert s[r, c].sum() == pytest.approx(best, rel=1e-12)
