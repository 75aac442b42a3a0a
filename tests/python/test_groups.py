"""assign_groups / pair_peers: optimal totals against independent solvers, constraints, errors,
determinism and GIL release.

Independent optima:
* groups: scipy ``linear_sum_assignment`` on the scores with each mentor column repeated
  ``max_load`` times (min loads via a bonus on the first ``min_load`` copies, reject via extra
  columns); scipy ``linprog`` on the transportation LP (totally unimodular, so its optimum is the
  integer optimum) for teams / min loads / reject together; OR-Tools ``SimpleMinCostFlow`` on
  integer scores when installed.
* peers: networkx ``max_weight_matching`` (with and without ``maxcardinality``).
"""

from __future__ import annotations

import nastavnik as nk
import networkx
import numpy as np
import pytest
import scipy.optimize as scipy_optimize
import scipy.sparse as scipy_sparse
from gil_probe import assert_releases_gil

BIG_NEG = -1e9  # stands for a forbidden pair in scipy's dense solvers


# ----------------------------------------------------------------------------- helpers


def random_scores(rng, n, m, *, p_forbid=0.0, integer=False, dtype=np.float64):
    s = rng.integers(-20, 100, size=(n, m)).astype(dtype) if integer else rng.random((n, m)).astype(dtype)
    if p_forbid:
        s[rng.random((n, m)) < p_forbid] = -np.inf
    return s


def lsa_optimum(s, max_load, *, min_load=None, reject=None):
    """Optimum of the one-mentor-per-mentee problem by scipy's rectangular assignment on the
    columns repeated max_load times; None if infeasible."""
    n, m = s.shape
    max_load = np.broadcast_to(np.asarray(max_load), (m,))
    min_load = np.zeros(m, int) if min_load is None else np.broadcast_to(np.asarray(min_load), (m,))
    base = np.where(np.isneginf(s), BIG_NEG, s.astype(np.float64))
    bonus = 1e6  # a large gain on the first min_load copies: fill them first when possible
    cols = np.array([j for j in range(m) for _ in range(int(max_load[j]))], dtype=int)
    is_min = np.array([c < min_load[j] for j in range(m) for c in range(int(max_load[j]))], bool)
    big = base[:, cols] + bonus * is_min[None, :]
    if reject is not None:
        big = np.hstack([big, np.full((n, n), float(reject))])
    if big.shape[1] < n:
        return None
    r, c = scipy_optimize.linear_sum_assignment(big, maximize=True)
    real = c < len(cols)
    if (base[r[real], cols[c[real]]] <= BIG_NEG / 2).any():
        return None  # had to use a forbidden pair
    if is_min.sum() and not np.isin(np.nonzero(is_min)[0], c).all():
        return None  # a minimum load cannot be met
    return base[r[real], cols[c[real]]].sum() + (0.0 if reject is None else reject * (~real).sum())


def lp_optimum(s, max_load, *, min_load=None, teams=None, reject=None):
    """Optimum of the full problem (teams, loads, reject) by the transportation LP."""
    n, m = s.shape
    max_load = np.broadcast_to(np.asarray(max_load), (m,))
    min_load = np.zeros(m, int) if min_load is None else np.broadcast_to(np.asarray(min_load), (m,))
    teams = np.ones(n, int) if teams is None else np.broadcast_to(np.asarray(teams), (n,))
    allowed = ~np.isneginf(s)
    ii, jj = np.nonzero(allowed)
    k = len(ii)
    nvar = k + (n if reject is not None else 0)
    c = np.zeros(nvar)
    c[:k] = -s[ii, jj]
    bounds = [(0, 1)] * k
    if reject is not None:
        c[k:] = -reject
        bounds += [(0, int(t)) for t in teams]
    # equality: each mentee's slots (pairs + rejected) = teams[i]
    rows = list(ii) + (list(range(n)) if reject is not None else [])
    a_eq = scipy_sparse.csr_matrix((np.ones(nvar), (rows, np.arange(nvar))), shape=(n, nvar))
    # loads: min_load <= sum_i x_ij <= max_load  ->  two inequality blocks
    col_a = scipy_sparse.csr_matrix((np.ones(k), (jj, np.arange(k))), shape=(m, nvar))
    a_ub = scipy_sparse.vstack([col_a, -col_a])
    b_ub = np.concatenate([max_load, -min_load])
    res = scipy_optimize.linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=teams, bounds=bounds,
                                 method="highs")
    return -res.fun if res.status == 0 else None


def ortools_optimum(s, max_load, *, min_load=None, teams=None, reject=None):
    """Optimum by OR-Tools min-cost flow on integer scores (lower bounds via node supplies)."""
    import ortools.graph.python.min_cost_flow as mcf_mod
    n, m = s.shape
    max_load = np.broadcast_to(np.asarray(max_load), (m,))
    min_load = np.zeros(m, int) if min_load is None else np.broadcast_to(np.asarray(min_load), (m,))
    teams = np.ones(n, int) if teams is None else np.broadcast_to(np.asarray(teams), (n,))
    f = mcf_mod.SimpleMinCostFlow()
    sink = n + m
    for i in range(n):
        for j in range(m):
            if not np.isneginf(s[i, j]):
                f.add_arc_with_capacity_and_unit_cost(i, n + j, 1, -int(s[i, j]))
        if reject is not None:
            f.add_arc_with_capacity_and_unit_cost(i, sink, int(teams[i]), -int(reject))
        f.set_node_supply(i, int(teams[i]))
    for j in range(m):
        f.add_arc_with_capacity_and_unit_cost(n + j, sink, int(max_load[j] - min_load[j]), 0)
        f.set_node_supply(n + j, -int(min_load[j]))
    f.set_node_supply(sink, -int(teams.sum() - min_load.sum()))
    if f.solve() != f.OPTIMAL:
        return None
    return -f.optimal_cost()


def check_groups(a, s, max_load, *, min_load=0, teams=1, reject=None):
    """The constraints hold, `total` is the sum of the chosen scores, `objective` adds the rejected slots."""
    n, m = s.shape
    max_load = np.broadcast_to(np.asarray(max_load), (m,))
    min_load = np.broadcast_to(np.asarray(min_load), (m,))
    teams = np.broadcast_to(np.asarray(teams), (n,))
    loads = np.array([len(x) for x in a.mentees_of])
    assert (loads <= max_load).all() and (loads >= min_load).all()
    got = np.array([len(x) for x in a.mentors_of])
    for ms in a.mentors_of:
        assert len(set(ms)) == len(ms)  # distinct mentors
    if reject is None:
        assert (got == teams).all()
    else:
        assert (got <= teams).all()
    p = a.pairs
    assert not np.isneginf(s[p[:, 0], p[:, 1]]).any()
    expected = s[p[:, 0], p[:, 1]].astype(np.float64).sum()
    assert a.total == pytest.approx(expected, rel=1e-9, abs=1e-9)  # the chosen pairs only
    if reject is not None:
        expected += reject * (teams.sum() - len(p))
    assert a.objective == pytest.approx(expected, rel=1e-9, abs=1e-9)  # plus the reject gains
    assert a.status == "optimal" and a.n_mentees == n and a.n_mentors == m


# ----------------------------------------------------------------------------- groups: optimality


@pytest.mark.parametrize("seed", range(12))
def test_groups_total_equals_lsa(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 40)), int(rng.integers(2, 10))
    cap = int(np.ceil(n / m)) + int(rng.integers(0, 3))
    s = random_scores(rng, n, m, p_forbid=0.15 * (seed % 3 > 0))
    ref = lsa_optimum(s, cap)
    if ref is None:
        with pytest.raises(nk.InfeasibleError):
            nk.assign_groups(s, max_load=cap)
        return
    a = nk.assign_groups(s, max_load=cap)
    check_groups(a, s, cap)
    assert a.total == pytest.approx(ref, rel=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_groups_uneven_capacities_and_reject_equal_lsa(seed):
    rng = np.random.default_rng(100 + seed)
    n, m = 30, 6
    cap = rng.integers(0, 6, size=m)
    s = random_scores(rng, n, m, p_forbid=0.2)
    r = float(rng.uniform(0.1, 0.6))
    a = nk.assign_groups(s, max_load=cap.tolist(), reject_score=r)
    check_groups(a, s, cap, reject=r)
    assert a.objective == pytest.approx(lsa_optimum(s, cap, reject=r), rel=1e-9)
    # a mentee is left out only if all its reachable options are worth less than the reject
    assert a.n_matched == len(a.pairs)


@pytest.mark.parametrize("seed", range(8))
def test_groups_min_load_equal_lsa(seed):
    rng = np.random.default_rng(200 + seed)
    n, m = 24, 5
    s = random_scores(rng, n, m)
    lo = rng.integers(0, 5, size=m)
    hi = lo + rng.integers(0, 4, size=m) + 2
    ref = lsa_optimum(s, hi, min_load=lo)
    if ref is None:
        with pytest.raises(nk.InfeasibleError):
            nk.assign_groups(s, max_load=hi, min_load=lo)
        return
    a = nk.assign_groups(s, max_load=hi, min_load=lo)
    check_groups(a, s, hi, min_load=lo)
    assert a.total == pytest.approx(ref, rel=1e-9)
    # the minimum loads bind: the unconstrained optimum is at least as large
    assert nk.assign_groups(s, max_load=hi).total >= a.total - 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_groups_teams_min_load_reject_equal_lp(seed):
    rng = np.random.default_rng(300 + seed)
    n, m = int(rng.integers(6, 25)), int(rng.integers(3, 8))
    s = random_scores(rng, n, m, p_forbid=0.1)
    teams = rng.integers(1, 4, size=n)
    hi = rng.integers(2, 12, size=m)
    lo = np.minimum(hi, rng.integers(0, 3, size=m))
    r = float(rng.uniform(-0.2, 0.5)) if seed % 2 else None
    ref = lp_optimum(s, hi, min_load=lo, teams=teams, reject=r)
    kw = {"max_load": hi, "min_load": lo, "team_size": teams, "reject_score": r}
    if ref is None:
        with pytest.raises(nk.InfeasibleError):
            nk.assign_groups(s, **kw)
        return
    a = nk.assign_groups(s, **kw)
    check_groups(a, s, hi, min_load=lo, teams=teams, reject=r)
    assert a.objective == pytest.approx(ref, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("seed", range(10))
def test_groups_total_equals_ortools_min_cost_flow(seed):
    rng = np.random.default_rng(400 + seed)
    n, m = int(rng.integers(10, 60)), int(rng.integers(3, 12))
    s = random_scores(rng, n, m, p_forbid=0.1, integer=True)
    teams = rng.integers(1, 3, size=n) if seed % 2 else np.ones(n, int)
    hi = rng.integers(1, 15, size=m)
    lo = np.minimum(hi, rng.integers(0, 3, size=m)) if seed % 3 == 0 else np.zeros(m, int)
    r = int(rng.integers(-5, 30)) if seed % 4 < 2 else None
    ref = ortools_optimum(s, hi, min_load=lo, teams=teams, reject=r)
    kw = {"max_load": hi, "min_load": lo, "team_size": teams, "reject_score": r}
    if ref is None:
        with pytest.raises(nk.InfeasibleError):
            nk.assign_groups(s, **kw)
        return
    a = nk.assign_groups(s, **kw)
    check_groups(a, s, hi, min_load=lo, teams=teams, reject=r)
    assert a.objective == ref  # integer scores: exact


def test_groups_brute_force_tiny():
    """Enumerate every assignment of 5 mentees to 3 mentors (cap 2) with forbidden pairs."""
    import itertools

    rng = np.random.default_rng(7)
    for _ in range(20):
        s = random_scores(rng, 5, 3, p_forbid=0.2)
        best = None
        for choice in itertools.product(range(3), repeat=5):
            if max(np.bincount(choice, minlength=3)) > 2:
                continue
            v = sum(s[i, j] for i, j in enumerate(choice))
            if np.isfinite(v) and (best is None or v > best):
                best = v
        if best is None:
            with pytest.raises(nk.InfeasibleError):
                nk.assign_groups(s, max_load=2)
        else:
            assert nk.assign_groups(s, max_load=2).total == pytest.approx(best, rel=1e-12)


def test_groups_float32_input():
    rng = np.random.default_rng(11)
    s32 = random_scores(rng, 40, 8, dtype=np.float32)
    a = nk.assign_groups(s32, max_load=5)
    check_groups(a, s32, 5)
    assert a.total == pytest.approx(lsa_optimum(s32.astype(np.float64), 5), rel=1e-6)


def test_groups_forbidden_mask_equals_neg_inf():
    rng = np.random.default_rng(12)
    s = random_scores(rng, 20, 5)
    mask = rng.random(s.shape) < 0.3
    a = nk.assign_groups(s, max_load=5, forbidden=mask)
    b = nk.assign_groups(np.where(mask, -np.inf, s), max_load=5)
    assert a.pairs.tolist() == b.pairs.tolist() and a.total == b.total
    assert not mask[a.pairs[:, 0], a.pairs[:, 1]].any()
    # also with 0/1 ints and for float32 scores
    c = nk.assign_groups(s.astype(np.float32), max_load=5, forbidden=mask.astype(int))
    assert not mask[c.pairs[:, 0], c.pairs[:, 1]].any()
    # the caller's array is not modified
    assert np.isfinite(s).all()


def test_groups_accepts_lists_and_numpy_ints():
    s = [[9.0, 1.0], [8.0, 2.0], [7.0, 6.0], [1.0, 0.0]]
    a = nk.assign_groups(s, max_load=np.array([2, 2]), min_load=np.int64(1))
    assert a.mentor_of.tolist() == [0, 0, 1, 1] and a.total == 23.0
    assert a.mentee_ids is None and a.mentor_ids is None


def test_groups_score_matrix_ids_and_default_capacity():
    schema, cohort = nk.synthetic_cohort(60, 15, seed=4)
    sm = nk.score(schema, cohort)
    a = nk.assign_groups(sm, reject_score=0.0)
    assert a.mentee_ids == sm.mentee_ids and a.mentor_ids == sm.mentor_ids
    check_groups(a, sm.scores, sm.mentor_capacity, reject=0.0)
    assert a.objective == pytest.approx(lsa_optimum(sm.scores, sm.mentor_capacity, reject=0.0), rel=1e-9)
    pairs = a.to_pairs()
    assert pairs[0] == (sm.mentee_ids[a.pairs[0, 0]], sm.mentor_ids[a.pairs[0, 1]])
    # an explicit max_load overrides the capacities
    b = nk.assign_groups(sm, max_load=1, reject_score=0.0)
    assert max(len(x) for x in b.mentees_of) <= 1
    # and a forbidden mask combines with the matrix's own -inf
    mask = np.zeros(sm.shape, bool)
    mask[:, 0] = True
    c = nk.assign_groups(sm, reject_score=0.0, forbidden=mask)
    assert 0 not in c.pairs[:, 1].tolist()


# ----------------------------------------------------------------------------- peers: optimality


def random_weights(rng, n, *, p_missing=0.0, integer=False, low=0.0):
    w = rng.integers(-10, 50, size=(n, n)).astype(float) if integer else rng.uniform(low, 1.0, (n, n))
    w = np.triu(w, 1)
    w = w + w.T
    if p_missing:
        drop = np.triu(rng.random((n, n)) < p_missing, 1)
        w[drop | drop.T] = -np.inf
    return w


def nx_total(w, *, maxcardinality=False, reject_below=None, forbidden=None):
    n = len(w)
    g = networkx.Graph()
    g.add_nodes_from(range(n))
    for i in range(n):
        for j in range(i + 1, n):
            v = w[i, j]
            if np.isneginf(v) or (forbidden is not None and forbidden[i, j]):
                continue
            if reject_below is not None and v < reject_below:
                continue
            g.add_edge(i, j, weight=v)
    mt = networkx.max_weight_matching(g, maxcardinality=maxcardinality)
    return sum(w[i, j] for i, j in mt), len(mt)


def check_peers(p, w):
    mate = p.mate
    for i, j in p.pairs:
        assert i < j and mate[i] == j and mate[j] == i and not np.isneginf(w[i, j])
    assert (mate >= 0).sum() == 2 * len(p)
    assert p.total == pytest.approx(sum(w[i, j] for i, j in p.pairs), rel=1e-12, abs=1e-12)
    assert p.status == "optimal"


@pytest.mark.parametrize("seed", range(12))
def test_peers_max_weight_equals_networkx(seed):
    rng = np.random.default_rng(500 + seed)
    n = int(rng.integers(2, 40))
    w = random_weights(rng, n, p_missing=0.3 * (seed % 2), integer=seed % 3 == 0, low=-0.3)
    p = nk.pair_peers(w)
    check_peers(p, w)
    ref, _ = nx_total(w)
    assert p.total == pytest.approx(ref, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(12))
def test_peers_max_cardinality_equals_networkx(seed):
    rng = np.random.default_rng(600 + seed)
    n = int(rng.integers(2, 40))
    w = random_weights(rng, n, p_missing=0.6, integer=seed % 2 == 0, low=-0.5)
    p = nk.pair_peers(w, objective="max_cardinality")
    check_peers(p, w)
    ref, card = nx_total(w, maxcardinality=True)
    assert len(p) == card
    assert p.total == pytest.approx(ref, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_peers_reject_below_and_forbidden_equal_networkx(seed):
    rng = np.random.default_rng(700 + seed)
    n = 30
    w = random_weights(rng, n)
    mask = np.triu(rng.random((n, n)) < 0.2, 1)
    mask = mask | mask.T
    t = 0.4
    p = nk.pair_peers(w, reject_below=t, forbidden=mask)
    check_peers(p, w)
    assert all(w[i, j] >= t and not mask[i, j] for i, j in p.pairs)
    assert p.total == pytest.approx(nx_total(w, reject_below=t, forbidden=mask)[0], rel=1e-9)
    pc = nk.pair_peers(w, objective="max_cardinality", reject_below=t, forbidden=mask)
    ref, card = nx_total(w, maxcardinality=True, reject_below=t, forbidden=mask)
    assert len(pc) == card and pc.total == pytest.approx(ref, rel=1e-9)


def test_peers_float32_and_ids():
    rng = np.random.default_rng(8)
    w = random_weights(rng, 25).astype(np.float32)
    ids = [f"p{k}" for k in range(25)]
    p = nk.pair_peers(w, ids=ids)
    assert p.ids == ids
    check_peers(p, w.astype(np.float64))
    assert p.total == pytest.approx(nx_total(w.astype(np.float64))[0], rel=1e-6)
    assert nk.pair_peers(w).ids is None


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_groups_non_finite_names_cell(bad):
    s = np.ones((4, 3))
    s[2, 1] = bad
    with pytest.raises(nk.NonFiniteError, match=r"row 2, column 1"):
        nk.assign_groups(s, max_load=2)
    with pytest.raises(nk.NonFiniteError, match=r"row 2, column 1"):
        nk.assign_groups(s.astype(np.float32), max_load=2)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_peers_non_finite_names_cell(bad):
    w = np.ones((4, 4))
    w[1, 3] = w[3, 1] = bad
    with pytest.raises(nk.NonFiniteError, match=r"row 1, column 3"):
        nk.pair_peers(w)


def test_group_errors():
    s = np.ones((4, 3))
    with pytest.raises(nk.ShapeError, match="max_load"):
        nk.assign_groups(s, max_load=[2, 2])
    with pytest.raises(nk.ShapeError, match="min_load"):
        nk.assign_groups(s, max_load=2, min_load=[1, 1, 1, 1])
    with pytest.raises(nk.ShapeError, match="team_size"):
        nk.assign_groups(s, max_load=2, team_size=[1, 1])
    with pytest.raises(nk.ShapeError, match="forbidden"):
        nk.assign_groups(s, max_load=2, forbidden=np.zeros((3, 4), bool))
    with pytest.raises(nk.InvalidValueError, match="mentor column 1"):
        nk.assign_groups(s, max_load=[2, 1, 2], min_load=[0, 2, 0])
    with pytest.raises(nk.InvalidValueError, match="max_load"):
        nk.assign_groups(s, max_load=-1)
    with pytest.raises(nk.InvalidValueError, match="mentor column 2"):
        nk.assign_groups(s, max_load=[2, 2, -3])
    with pytest.raises(nk.InvalidValueError, match="reject_score"):
        nk.assign_groups(s, max_load=2, reject_score=float("nan"))
    with pytest.raises(nk.InvalidValueError, match="row 0, column 1"):
        nk.assign_groups(s, max_load=2, forbidden=[[0, 2, 0]] + [[0, 0, 0]] * 3)
    with pytest.raises(nk.EmptyInputError):
        nk.assign_groups(np.ones((0, 3)), max_load=2)
    with pytest.raises(nk.EmptyInputError):
        nk.assign_groups(np.ones((3, 0)), max_load=2)
    # infeasible: a mentee row with every mentor forbidden, total capacity, unmet min load
    t = np.ones((4, 3))
    t[2, :] = -np.inf
    with pytest.raises(nk.InfeasibleError, match="mentee row 2"):
        nk.assign_groups(t, max_load=4)
    with pytest.raises(nk.InfeasibleError):
        nk.assign_groups(s, max_load=1)
    u = np.ones((4, 3))
    u[:, 1] = -np.inf
    with pytest.raises(nk.InfeasibleError, match="column 1"):
        nk.assign_groups(u, max_load=4, min_load=[0, 1, 0])
    with pytest.raises(nk.InfeasibleError, match="mentee row"):
        nk.assign_groups(s, max_load=4, team_size=[1, 1, 4, 1])
    # everything is a ValueError, never a panic
    for exc in (nk.ShapeError, nk.InvalidValueError, nk.InfeasibleError, nk.EmptyInputError):
        assert issubclass(exc, ValueError)


def test_group_type_errors():
    s = np.ones((4, 3))
    with pytest.raises(TypeError, match="max_load"):
        nk.assign_groups(s)  # no capacities for a bare array
    with pytest.raises(TypeError):
        nk.assign_groups(s, max_load=1.5)
    with pytest.raises(TypeError):
        nk.assign_groups(s, max_load="abc")
    with pytest.raises(TypeError):
        nk.assign_groups(np.ones(3), max_load=2)  # 1-D
    with pytest.raises(TypeError):
        nk.assign_groups(np.array([["a", "b"]]), max_load=2)
    with pytest.raises(TypeError):
        nk.assign_groups(s, max_load=2, reject_score="high")
    with pytest.raises(TypeError):
        nk.assign_groups(s, 2)  # keyword-only


def test_peer_errors():
    w = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [2.0, 3.5, 0.0]])
    with pytest.raises(nk.InvalidValueError, match=r"w\[1\]\[2\]"):
        nk.pair_peers(w)
    sym = np.ones((3, 3))
    with pytest.raises(nk.ShapeError):
        nk.pair_peers(np.ones((3, 4)))
    with pytest.raises(nk.EmptyInputError):
        nk.pair_peers(np.ones((0, 0)))
    with pytest.raises(nk.ShapeError, match="forbidden"):
        nk.pair_peers(sym, forbidden=np.zeros((2, 2), bool))
    with pytest.raises(nk.InvalidValueError):
        nk.pair_peers(sym, forbidden=np.triu(np.ones((3, 3), bool), 1))  # asymmetric mask
    with pytest.raises(nk.ShapeError, match="ids"):
        nk.pair_peers(sym, ids=["a", "b"])
    with pytest.raises(nk.InvalidValueError, match="objective"):
        nk.pair_peers(sym, objective="max_happiness")
    with pytest.raises(nk.InvalidValueError, match="reject_below"):
        nk.pair_peers(sym, reject_below=float("nan"))
    with pytest.raises(TypeError):
        nk.pair_peers(sym, objective=3)
    with pytest.raises(TypeError):
        nk.pair_peers(np.ones(4))
    with pytest.raises(TypeError):
        nk.pair_peers(np.ones((2, 2), dtype=complex))


# ----------------------------------------------------------------------------- determinism, GIL


def test_determinism_with_ties():
    s = np.ones((30, 6))  # every assignment is optimal: the answer must still be fixed
    a = [nk.assign_groups(s, max_load=5).pairs.tolist() for _ in range(3)]
    assert a[0] == a[1] == a[2]
    w = np.ones((20, 20))
    p = [nk.pair_peers(w).pairs.tolist() for _ in range(3)]
    assert p[0] == p[1] == p[2]
    rng = np.random.default_rng(3)
    r = rng.integers(0, 3, size=(50, 7)).astype(float)
    b = [nk.assign_groups(r, max_load=15, team_size=2).pairs.tolist() for _ in range(3)]
    assert b[0] == b[1] == b[2]


def test_solvers_release_gil():
    rng = np.random.default_rng(0)
    w = rng.random((700, 700))
    w = w + w.T
    s = rng.random((2000, 400))
    assert_releases_gil(lambda: nk.pair_peers(w))
    assert_releases_gil(lambda: [nk.assign_groups(s, max_load=5) for _ in range(3)])


@pytest.mark.parametrize("key", ["max_load", "min_load", "team_size"])
@pytest.mark.parametrize("value", [2**32, 2**63, 10**30, -(2**63) - 1])
def test_groups_out_of_range_ints_are_value_errors_naming_the_argument(key, value):
    # an int beyond u32 (even beyond i64) is out of range, not "must be an int ..., got int"
    with pytest.raises(ValueError, match=key) as e:
        nk.assign_groups(np.ones((3, 2)), **{"max_load": 2, key: value})
    assert "got int" not in str(e.value)
