"""Issue 9: every solver's answer is invariant (up to the scale) under scaling the scores by
10**k, k in -12..12, and under adding a constant per row (per node for perfect peer matchings),
checked against scipy and brute force on small seeded instances with ties (hypothesis)."""

import itertools
import math

import nastavnik as nv
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, max_n=6, max_m=6, square_ok=True):
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, max_m))
    levels = draw(st.sampled_from([1, 2, 4, 100]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    base = rng.integers(0, levels, size=(n, m)).astype(float)
    k = draw(st.integers(-12, 12))
    offsets = rng.integers(-1000, 1000, size=n).astype(float)
    return base, k, offsets


def value_on(base, pairs):
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return float(base[pairs[:, 0], pairs[:, 1]].sum()) if len(pairs) else 0.0


def lap_opt(base, cap=1):
    big = np.repeat(base, cap, axis=1)
    r, c = linear_sum_assignment(big, maximize=True)
    return float(big[r, c].sum())


def check_scaled(base, got_total, pairs, opt, unit):
    # The pairs are optimal for the unscaled integers (exact), and the reported total is the
    # scaled optimum up to rounding of the scaled data.
    assert value_on(base, pairs) == opt
    assert math.isclose(got_total, opt * unit, rel_tol=1e-9, abs_tol=1e-300 + 1e-9 * abs(unit))


@SETTINGS
@given(instances())
def test_lap_scale_and_row_offsets(inst):
    base, k, off = inst
    unit = 10.0**k
    n, m = base.shape
    opt = lap_opt(base)
    a = nv.assign_lap(base * unit)
    check_scaled(base, a.total, a.pairs, opt, unit)
    if n <= m:
        # Every mentee is matched: a constant per row shifts every feasible answer equally.
        b = nv.assign_lap((base + off[:, None]) * unit)
        assert value_on(base, b.pairs) == opt


@SETTINGS
@given(instances())
def test_sparse_scale_and_row_offsets(inst):
    base, k, off = inst
    unit = 10.0**k
    n, m = base.shape
    opt = lap_opt(base)

    def cands(s):
        indptr = [i * m for i in range(n + 1)]
        indices = [j for _ in range(n) for j in range(m)]
        return nv.Candidates(m, indptr, indices, s.ravel().tolist())

    a = nv.assign_sparse(cands(base * unit))
    check_scaled(base, a.total, a.pairs, opt, unit)
    if n <= m:
        b = nv.assign_sparse(cands((base + off[:, None]) * unit))
        assert value_on(base, b.pairs) == opt


@SETTINGS
@given(instances(max_n=6, max_m=3))
def test_groups_and_mip_scale_and_row_offsets(inst):
    base, k, off = inst
    unit = 10.0**k
    n, m = base.shape
    cap = -(-n // m)  # every mentee can be placed
    opt = lap_opt(base, cap)
    g = nv.assign_groups(base * unit, max_load=cap)
    check_scaled(base, g.total, g.pairs, opt, unit)
    p = nv.assign_mip(base * unit, max_load=cap)
    check_scaled(base, p.total, p.pairs, opt, unit)
    assert p.status == "optimal"
    shifted = (base + off[:, None]) * unit
    assert value_on(base, nv.assign_groups(shifted, max_load=cap).pairs) == opt
    assert value_on(base, nv.assign_mip(shifted, max_load=cap).pairs) == opt


def bottleneck_opt(base):
    n, m = base.shape
    size = min(n, m)
    best = -math.inf
    for cols in itertools.permutations(range(m), size) if n <= m else []:
        best = max(best, min(base[i, c] for i, c in enumerate(cols)))
    for rows in itertools.permutations(range(n), size) if n > m else []:
        best = max(best, min(base[r, j] for j, r in enumerate(rows)))
    return best


@SETTINGS
@given(instances(max_n=5, max_m=5))
def test_fair_scale_and_row_offsets(inst):
    base, k, off = inst
    unit = 10.0**k
    n, m = base.shape
    a = nv.assign_fair(base * unit, objective="max_min")
    pairs = np.asarray(a.pairs).reshape(-1, 2)
    assert len(pairs) == min(n, m)
    assert base[pairs[:, 0], pairs[:, 1]].min() == bottleneck_opt(base)
    # max_sum (maximum cardinality, then maximum total): invariant under scale, and under row
    # offsets when every mentee is matched.
    opt = lap_opt(base)
    b = nv.assign_fair(base * unit, objective="max_sum")
    assert value_on(base, b.pairs) == opt
    if n <= m:
        c = nv.assign_fair((base + off[:, None]) * unit, objective="max_sum")
        assert value_on(base, c.pairs) == opt


def brute_peers(w, perfect):
    n = w.shape[0]

    def rec(free):
        if not free:
            return 0.0
        i, rest = free[0], free[1:]
        best = -math.inf if perfect else rec(rest)
        for t, j in enumerate(rest):
            if w[i, j] > -math.inf:
                best = max(best, w[i, j] + rec(rest[:t] + rest[t + 1 :]))
        return best

    return rec(tuple(range(n)))


@SETTINGS
@given(st.integers(1, 4), st.sampled_from([2, 4, 100]), st.integers(0, 2**32 - 1), st.integers(-12, 12))
def test_peers_scale_and_node_offsets(half, levels, seed, k):
    n = 2 * half
    rng = np.random.default_rng(seed)
    u = rng.integers(1, levels + 1, size=(n, n)).astype(float)
    w = np.triu(u, 1)
    w = w + w.T
    np.fill_diagonal(w, -np.inf)
    unit = 10.0**k
    opt = brute_peers(w, perfect=False)
    a = nv.pair_peers(w * unit)
    assert value_on(w, a.pairs) == opt
    assert math.isclose(a.total, opt * unit, rel_tol=1e-9)
    # Positive weights on a complete graph: the optimum is a perfect matching, and a node
    # potential c_i + c_j added to every edge shifts every perfect matching equally.
    c = rng.integers(0, 1000, size=n).astype(float)
    shifted = (w + c[:, None] + c[None, :]) * unit
    np.fill_diagonal(shifted, -np.inf)
    b = nv.pair_peers(shifted * 1.0, objective="max_cardinality")
    assert len(np.asarray(b.pairs).reshape(-1, 2)) == half
    assert value_on(w, b.pairs) == brute_peers(w, perfect=True)


@pytest.mark.parametrize("k", [-12, -9, -6, 0, 6, 9, 12])
def test_mip_small_scores_reported_optimal_is_optimal(k):
    s = np.array([[8.0, 6.0], [5.0, 2.0]]) * 10.0**k
    a = nv.assign_mip(s)
    assert value_on(np.array([[8.0, 6.0], [5.0, 2.0]]), a.pairs) == 11.0
    assert a.status == "optimal"
