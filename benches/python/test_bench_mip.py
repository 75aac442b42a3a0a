"""assign_mip under short time limits (issue 9) on the 300 x 60 teams model with quotas of
tests/python/test_mip.py, against scipy.optimize.milp (HiGHS, presolve on) with the same limit
on the same model, built independently, in the same run. Answers are checked: ours by the
independent feasibility checker of the tests; the objective, status and gap of both go to
``extra_info``. Run::

    python -m pytest -q benches/python/test_bench_mip.py --benchmark-only \
        --benchmark-columns=min,median,rounds

Figures in BENCHMARKS.md ("MIP under short time limits").
"""

from __future__ import annotations

import sys
from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "python"))
from test_mip import _check_teams_answer, _teams_matrices, _teams_model  # noqa: E402

LIMITS = [0.2, 0.5, 1.0, 3.0]


@pytest.mark.parametrize("limit", LIMITS)
def test_mip_limit_nastavnik(benchmark, limit):
    benchmark.group = f"mip teams 300x60 limit {limit}"
    s, kw, _uni, _schools, classes, cats = _teams_model()
    a = benchmark.pedantic(nk.assign_mip, args=(s,), kwargs={**kw, "time_limit": limit},
                           rounds=3, iterations=1)
    obj = _check_teams_answer(a, s, kw, classes, cats)
    assert a.status in ("time_limit", "optimal")
    benchmark.extra_info.update(objective=obj, status=a.status, gap=a.gap)


@pytest.mark.parametrize("limit", LIMITS)
def test_mip_limit_scipy_milp(benchmark, limit):
    so = pytest.importorskip("scipy.optimize")
    from scipy.sparse import vstack

    benchmark.group = f"mip teams 300x60 limit {limit}"
    s, kw, _uni, _schools, classes, cats = _teams_model()
    cost, a_ub, b_ub, a_eq, b_eq = _teams_matrices(s, kw, classes, cats)
    a = vstack([a_ub, a_eq]).tocsr()
    lo = np.concatenate([np.full(len(b_ub), -np.inf), b_eq])
    hi = np.concatenate([b_ub, b_eq])
    cons = so.LinearConstraint(a, lo, hi)

    def run():
        return so.milp(-cost, constraints=cons, integrality=np.ones(len(cost)),
                       bounds=so.Bounds(0, 1), options={"time_limit": limit})

    res = benchmark.pedantic(run, rounds=1, iterations=1)
    found = res.x is not None
    if found:
        x = np.round(res.x)
        assert (a @ x >= lo - 1e-6).all() and (a @ x <= hi + 1e-6).all()
    benchmark.extra_info.update(objective=float(cost @ np.round(res.x)) if found else None,
                                status=res.message[:60],
                                gap=getattr(res, "mip_gap", None))
