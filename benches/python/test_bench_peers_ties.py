"""Peers (blossom) on tied weights (issue 9): Likert sums in {0..3} and all-equal weights on the
complete graph, against rustworkx and networkx in the same run (totals checked: integer weights,
so every exact solver gives the same total). Run::

    python -m pytest -q benches/python/test_bench_peers_ties.py --benchmark-only \
        --benchmark-columns=min,median,rounds

Figures in BENCHMARKS.md ("Peers on tied weights").
"""

from __future__ import annotations

from functools import cache

import nastavnik as nk
import numpy as np
import pytest

FAMILIES = ["likert0-3", "all-equal"]
SIZES = [200, 500]


@cache
def weights(n: int, family: str) -> np.ndarray:
    rng = np.random.default_rng(13)
    if family == "all-equal":
        w = np.ones((n, n))
    else:
        u = rng.integers(0, 4, (n, n)).astype(np.float64)
        w = np.triu(u, 1)
        w = w + w.T
    np.fill_diagonal(w, -np.inf)
    return w


def total_of(w: np.ndarray, pairs) -> float:
    return float(sum(w[i, j] for i, j in pairs))


@cache
def ours(n: int, family: str) -> float:
    m = nk.pair_peers(weights(n, family))
    return m.total


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("n", SIZES)
def test_peers_ties_nastavnik(benchmark, n, family):
    benchmark.group = f"peers ties {family} n={n}"
    w = weights(n, family)
    m = benchmark.pedantic(nk.pair_peers, args=(w,), rounds=3, iterations=1)
    pairs = np.asarray(m.pairs).reshape(-1, 2)
    assert len(set(pairs.ravel().tolist())) == 2 * len(pairs)  # a matching
    assert m.total == total_of(w, pairs.tolist())
    benchmark.extra_info["total"] = m.total


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("n", SIZES)
def test_peers_ties_rustworkx(benchmark, n, family):
    rx = pytest.importorskip("rustworkx")
    benchmark.group = f"peers ties {family} n={n}"
    w = weights(n, family)
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    iu, ju = np.triu_indices(n, 1)
    g.add_edges_from(list(zip(iu.tolist(), ju.tolist(), w[iu, ju].astype(np.int64).tolist())))
    mt = benchmark.pedantic(rx.max_weight_matching, args=(g,), kwargs={"weight_fn": lambda x: x},
                            rounds=1, iterations=1)
    theirs = total_of(w, mt)
    assert theirs == ours(n, family)
    benchmark.extra_info["total"] = theirs


@pytest.mark.parametrize("family", FAMILIES)
def test_peers_ties_networkx_200(benchmark, family):
    """networkx is pure Python: n = 200 only, one round."""
    nx = pytest.importorskip("networkx")
    n = 200
    benchmark.group = f"peers ties {family} n={n}"
    w = weights(n, family)
    g = nx.Graph()
    iu, ju = np.triu_indices(n, 1)
    g.add_weighted_edges_from(zip(iu.tolist(), ju.tolist(), w[iu, ju].astype(int).tolist()))
    mt = benchmark.pedantic(nx.max_weight_matching, args=(g,), rounds=1, iterations=1)
    theirs = total_of(w, mt)
    assert theirs == ours(n, family)
    benchmark.extra_info["total"] = theirs
