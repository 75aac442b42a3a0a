"""Benchmarks of assign_groups / pair_peers against OR-Tools, rustworkx and networkx.

Every benchmark checks its answer against the other solvers in the same run.

Run with::

    python -m pytest -q benches/python/test_bench_groups.py --benchmark-only \
        --benchmark-columns=min,median,mean,rounds

Anchors and targets (see BENCHMARKS.md):

* groups, 2000 mentees x 400 mentors, max_load 5, uniform float64 scores: OR-Tools
  SimpleMinCostFlow (integer costs: scores x 1e6 rounded) measured 227 ms; target <= 100 ms.
* peers n = 400: rustworkx.max_weight_matching and networkx (~26 s, run once); target <= 250 ms.
* peers n = 1000: rustworkx; target <= 5 s.

Integer-weight references (OR-Tools, rustworkx) solve the instance with every weight rounded to
1e-6, so their float total may differ from the exact float optimum by at most 0.5e-6 per pair
(twice that between the two optima); nastavnik's total must never be below theirs.
"""

from __future__ import annotations

from functools import cache

import nastavnik as nk
import numpy as np
import pytest

SCALE = 1e6
N_MENTEES, N_MENTORS, CAP = 2000, 400, 5


# ----------------------------------------------------------------------------- instances


@cache
def group_scores() -> np.ndarray:
    return np.random.default_rng(2024).random((N_MENTEES, N_MENTORS))


@cache
def peer_weights(n: int) -> np.ndarray:
    w = np.random.default_rng(n).random((n, n))
    w = np.triu(w, 1)
    return w + w.T


def rounding_slack(n_pairs: int) -> float:
    return 2 * n_pairs * 0.5 / SCALE + 1e-9


# ----------------------------------------------------------------------------- groups


def ortools_network(s: np.ndarray, cap: int):
    """source-less transportation network: mentee supply 1, mentor -> sink capacity `cap`."""
    from ortools.graph.python import min_cost_flow

    n, m = s.shape
    f = min_cost_flow.SimpleMinCostFlow()
    sink = n + m
    tails = np.concatenate([np.repeat(np.arange(n), m), np.arange(n, n + m)])
    heads = np.concatenate([n + np.tile(np.arange(m), n), np.full(m, sink)])
    caps = np.concatenate([np.ones(n * m, np.int64), np.full(m, cap, np.int64)])
    costs = np.concatenate([-np.rint(s.ravel() * SCALE).astype(np.int64), np.zeros(m, np.int64)])
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    f.set_nodes_supplies(np.arange(n + m + 1), np.concatenate([np.ones(n, np.int64),
                                                                np.zeros(m, np.int64), [-n]]))
    return f


def ortools_pairs(f, n: int, m: int) -> np.ndarray:
    flows = f.flows(np.arange(n * m))
    k = np.nonzero(flows)[0]
    return np.stack([k // m, k % m], axis=1)


@cache
def ortools_groups_answer() -> tuple[float, float]:
    """(OR-Tools integer optimum / SCALE, float total of its pairs)."""
    s = group_scores()
    f = ortools_network(s, CAP)
    assert f.solve() == f.OPTIMAL
    p = ortools_pairs(f, *s.shape)
    return -f.optimal_cost() / SCALE, float(s[p[:, 0], p[:, 1]].sum())


@cache
def nastavnik_groups_total() -> float:
    return nk.assign_groups(group_scores(), max_load=CAP).total


def check_groups(a: nk.Assignment) -> None:
    s = group_scores()
    loads = np.bincount(a.pairs[:, 1], minlength=N_MENTORS)
    assert len(a.pairs) == N_MENTEES and loads.max() <= CAP and a.status == "optimal"
    assert (a.mentor_of >= 0).all()
    assert a.total == pytest.approx(float(s[a.pairs[:, 0], a.pairs[:, 1]].sum()), rel=1e-12)


@pytest.mark.benchmark(group="groups 2000x400 cap 5")
def test_groups_nastavnik(benchmark):
    s = group_scores()
    a = benchmark(nk.assign_groups, s, max_load=CAP)
    check_groups(a)
    pytest.importorskip("ortools")
    int_opt, ort_float = ortools_groups_answer()
    assert a.total >= ort_float - 1e-9  # exact float optimum is never beaten
    assert abs(a.total - int_opt) <= rounding_slack(N_MENTEES)
    benchmark.extra_info["total"] = a.total


@pytest.mark.benchmark(group="groups 2000x400 cap 5")
def test_groups_ortools_min_cost_flow(benchmark):
    pytest.importorskip("ortools")
    s = group_scores()
    # time the solve only; a fresh network (built in setup, untimed) for every round
    status = {}

    def solve(f):
        status["s"] = f.solve()
        return f

    f = benchmark.pedantic(solve, setup=lambda: ((ortools_network(s, CAP),), {}), rounds=5,
                           iterations=1)
    assert status["s"] == f.OPTIMAL
    ours = nastavnik_groups_total()
    assert abs(-f.optimal_cost() / SCALE - ours) <= rounding_slack(N_MENTEES)
    benchmark.extra_info["total"] = -f.optimal_cost() / SCALE


# ----------------------------------------------------------------------------- peers


@cache
def nastavnik_peers_total(n: int) -> float:
    return nk.pair_peers(peer_weights(n)).total


def rustworkx_graph(w: np.ndarray):
    import rustworkx as rx

    n = len(w)
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    iu, ju = np.triu_indices(n, 1)
    ints = np.rint(w[iu, ju] * SCALE).astype(np.int64).tolist()
    g.add_edges_from(list(zip(iu.tolist(), ju.tolist(), ints)))
    return g


def matching_total(w: np.ndarray, pairs) -> float:
    return float(sum(w[i, j] for i, j in pairs))


def check_peers(m: nk.PeerMatching, n: int) -> None:
    w = peer_weights(n)
    assert len(m.pairs) == n // 2 and m.status == "optimal"  # positive complete graph: perfect
    assert m.total == pytest.approx(matching_total(w, m.pairs.tolist()), rel=1e-12)


@pytest.mark.parametrize("n", [400, 1000])
def test_peers_nastavnik(benchmark, n):
    benchmark.group = f"peers n={n}"
    w = peer_weights(n)
    m = benchmark.pedantic(nk.pair_peers, args=(w,), rounds=5 if n <= 400 else 3, iterations=1)
    check_peers(m, n)
    benchmark.extra_info["total"] = m.total


@pytest.mark.parametrize("n", [400, 1000])
def test_peers_rustworkx(benchmark, n):
    rx = pytest.importorskip("rustworkx")
    benchmark.group = f"peers n={n}"
    w = peer_weights(n)
    g = rustworkx_graph(w)
    mt = benchmark.pedantic(rx.max_weight_matching, args=(g,),
                            kwargs={"weight_fn": lambda x: x}, rounds=3 if n <= 400 else 1,
                            iterations=1)
    theirs = matching_total(w, mt)
    ours = nastavnik_peers_total(n)
    assert ours >= theirs - 1e-9
    assert ours - theirs <= rounding_slack(n // 2)
    benchmark.extra_info["total"] = theirs


def test_peers_networkx_400(benchmark):
    """networkx is pure Python (~26 s at n = 400): one round only."""
    nx = pytest.importorskip("networkx")
    n = 400
    benchmark.group = f"peers n={n}"
    w = peer_weights(n)
    g = nx.Graph()
    iu, ju = np.triu_indices(n, 1)
    g.add_weighted_edges_from(zip(iu.tolist(), ju.tolist(), w[iu, ju].tolist()))
    mt = benchmark.pedantic(nx.max_weight_matching, args=(g,), rounds=1, iterations=1)
    theirs = matching_total(w, mt)
    assert theirs == pytest.approx(nastavnik_peers_total(n), rel=1e-9)
    benchmark.extra_info["total"] = theirs
