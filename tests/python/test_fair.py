"""assign_fair / rematch against scipy and networkx references, errors, ids, GIL release."""

from __future__ import annotations

import itertools

import nastavnik as nk
import networkx as nx
import numpy as np
import pytest
import scipy.optimize as scipy_opt
from gil_probe import assert_releases_gil


def _random(rng, n, m, p_forbid, ties=False):
    s = rng.integers(-2, 4, size=(n, m)).astype(float) if ties else rng.uniform(-1, 1, (n, m))
    s[rng.random((n, m)) < p_forbid] = -np.inf
    return s


def _max_card(s):
    g = nx.Graph()
    n, m = s.shape
    g.add_nodes_from(range(n), bipartite=0)
    g.add_nodes_from(range(n, n + m), bipartite=1)
    g.add_edges_from((i, n + j) for i in range(n) for j in range(m) if s[i, j] > -np.inf)
    return len(nx.bipartite.hopcroft_karp_matching(g, top_nodes=range(n))) // 2


def _lsa_at_threshold(s, t):
    """Max total with every pair >= t and the smaller side fully matched (None if impossible)."""
    big = 1e9
    c = np.where(s >= t, -s, big)
    r, k = scipy_opt.linear_sum_assignment(c)
    if (c[r, k] >= big).any():
        return None
    return s[r, k].sum()


def test_max_min_matches_scipy_thresholding():
    rng = np.random.default_rng(0)
    for case in range(60):
        n, m = rng.integers(2, 12, size=2)
        s = _random(rng, n, m, 0.0, ties=case % 2 == 0)
        a = nk.assign_fair(s)
        vals = s[a.pairs[:, 0], a.pairs[:, 1]]
        assert len(vals) == min(n, m)
        # the minimum is the largest feasible threshold
        feasible = [t for t in np.unique(s) if _lsa_at_threshold(s, t) is not None]
        t_star = max(feasible)
        assert vals.min() == t_star
        assert a.total == pytest.approx(_lsa_at_threshold(s, t_star), abs=1e-9)


def test_coverage_matches_networkx_cardinality_and_scipy_total():
    rng = np.random.default_rng(1)
    for _ in range(60):
        n, m = rng.integers(2, 12, size=2)
        s = _random(rng, n, m, 0.6)
        a = nk.assign_fair(s, objective="coverage")
        nu = _max_card(s)
        assert a.n_matched == nu
        # scipy on the same problem: forbidden pairs as a huge cost, then drop them. The optimum
        # of the padded problem keeps the maximum number of allowed pairs.
        big = 1e6
        c = np.where(s > -np.inf, -s, big)
        r, k = scipy_opt.linear_sum_assignment(c)
        ok = s[r, k] > -np.inf
        assert ok.sum() == nu
        assert a.total == pytest.approx(s[r[ok], k[ok]].sum(), abs=1e-6)


def test_groups_capacity_and_ids():
    schema, cohort = nk.synthetic_cohort(40, 10, seed=2)
    m = nk.score(schema, cohort)
    a = nk.assign_fair(m, max_load=m.mentor_capacity)
    assert a.mentee_ids == m.mentee_ids
    loads = np.bincount(a.pairs[:, 1], minlength=len(m.mentor_ids))
    assert (loads <= np.array(m.mentor_capacity)).all()
    c = nk.assign_fair(m, objective="coverage", max_load=m.mentor_capacity)
    assert c.n_matched == a.n_matched
    assert c.total >= a.total - 1e-9


def _rematch_brute(s, previous, fixed, avoid, bonus, cap):
    n, m = s.shape
    best = None
    for choice in itertools.product([None, *range(m)], repeat=n):
        if any(choice[i] != j for i, j in fixed):
            continue
        if any(j is not None and (s[i, j] == -np.inf or (i, j) in avoid) for i, j in enumerate(choice)):
            continue
        loads = np.bincount([j for j in choice if j is not None], minlength=m)
        if (loads > cap).any():
            continue
        size = sum(j is not None for j in choice)
        total = sum(s[i, j] for i, j in enumerate(choice) if j is not None)
        kept = sum(j is not None and j == previous[i] for i, j in enumerate(choice))
        key = (size, round(total + bonus * kept, 9)) if bonus is not None else (size, kept, round(total, 9))
        if best is None or key > best:
            best = key
    return best


def test_rematch_matches_brute_force():
    rng = np.random.default_rng(2)
    for case in range(80):
        n, m = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        s = _random(rng, n, m, 0.25, ties=True)
        previous = [int(rng.integers(0, m)) if rng.random() < 0.7 else None for _ in range(n)]
        avoid = [(int(rng.integers(0, n)), int(rng.integers(0, m)))] if case % 3 == 0 else []
        bonus = [None, 0.5, 3.0][case % 3]
        groups = case % 2 == 1
        cap = rng.integers(1, 3, size=m) if groups else np.ones(m, dtype=int)
        kw = {"max_load": cap.tolist()} if groups else {}
        a, r = nk.rematch(s, previous, forbidden=avoid, keep_bonus=bonus, **kw)
        mate = a.mentor_of.tolist()
        total = a.total
        kept = r["n_kept"]
        assert kept == sum(1 for i, j in enumerate(mate) if j >= 0 and j == previous[i])
        got = (a.n_matched, round(total + bonus * kept, 9)) if bonus is not None else (a.n_matched, kept, round(total, 9))
        assert got == _rematch_brute(s, previous, [], set(avoid), bonus, cap), case
        assert r["n_kept"] + r["n_moved"] + r["n_newly_matched"] + r["n_unmatched"] == n


def test_rematch_with_ids():
    schema, cohort = nk.synthetic_cohort(12, 4, seed=5)
    m = nk.score(schema, cohort)
    first = nk.assign_fair(m, objective="coverage", max_load=m.mentor_capacity)
    prev = [m.mentor_ids[j] if j >= 0 else None for j in first.mentor_of]
    a, r = nk.rematch(m, prev, max_load=m.mentor_capacity)
    assert r["n_kept"] == first.n_matched and r["n_moved"] == 0
    assert all(isinstance(p[0], str) for p in r["kept"])
    # a dropout mentor: forbid it; its mentees move or stay unmatched
    gone = m.mentor_ids[first.mentor_of[first.mentor_of >= 0][0]]
    k = m.mentor_ids.index(gone)
    s2 = np.array(m.scores)
    s2[:, k] = -np.inf
    prev_idx = [j if j != k else None for j in first.mentor_of.tolist()]
    a2, r2 = nk.rematch(s2, prev_idx, max_load=m.mentor_capacity)
    assert all(j != k for j in a2.mentor_of.tolist())
    with pytest.raises(nk.UnknownIdError):
        nk.rematch(m, ["nobody"] + [None] * (len(m.mentee_ids) - 1))
    with pytest.raises(TypeError):
        nk.rematch(np.zeros((1, 1)), ["x"])


def test_errors():
    s = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(nk.InvalidValueError):
        nk.assign_fair(s, objective="fairest")
    with pytest.raises(nk.ShapeError):
        nk.assign_fair(s, max_load=[1, 2, 3])
    with pytest.raises(nk.NonFiniteError, match="row 0, column 1"):
        nk.assign_fair(np.array([[1.0, np.nan]]))
    with pytest.raises(nk.InfeasibleError):
        nk.assign_fair(np.array([[1.0, -np.inf], [2.0, -np.inf]]), objective="max_sum")
    with pytest.raises(nk.ShapeError):
        nk.rematch(s, [0])
    with pytest.raises(nk.InvalidValueError, match="mentee row 1 is required twice"):
        nk.rematch(s, [None, None], required=[(1, 0), (1, 1)])
    with pytest.raises(nk.InfeasibleError, match="mentor column 0"):
        nk.rematch(s, [None, None], required=[(0, 0), (1, 0)])
    with pytest.raises(nk.InfeasibleError, match="mentee row 0, mentor column 1"):
        nk.rematch(s, [None, None], required=[(0, 1)], forbidden=[(0, 1)])
    with pytest.raises(nk.InvalidValueError, match="mentor column 5"):
        nk.rematch(s, [5, None])
    with pytest.raises(nk.InvalidValueError):
        nk.rematch(s, [None, None], keep_bonus=float("inf"))
    with pytest.raises(nk.InvalidValueError):
        nk.rematch(s, [None, None], required=[(-1, 0)])


def test_float32_and_determinism():
    rng = np.random.default_rng(3)
    s = rng.uniform(0, 1, (60, 50)).astype(np.float32)
    a = nk.assign_fair(s)
    b = nk.assign_fair(s)
    assert a.pairs.tolist() == b.pairs.tolist()
    vals = s[a.pairs[:, 0], a.pairs[:, 1]]
    assert len(vals) == 50


def test_gil_released():
    rng = np.random.default_rng(4)
    s = rng.uniform(0, 1, (700, 700))
    assert_releases_gil(lambda: [nk.assign_fair(s) for _ in range(3)])


def test_rematch_objective_is_what_was_optimised():
    rng = np.random.default_rng(5)
    s = rng.random((6, 4))
    previous = [0, 1, 2, 3, None, 0]
    a, rep = nk.rematch(s, previous, keep_bonus=0.3)
    assert a.objective == pytest.approx(a.total + 0.3 * rep["n_kept"], rel=1e-12)
    b, _ = nk.rematch(s, previous)
    assert b.objective is None  # lexicographic (most kept pairs, then the total): no single number
