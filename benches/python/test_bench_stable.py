"""Stable matching from Python: nastavnik vs the `matching` package vs a pure-Python deferred acceptance.

Run: python -m pytest benches/python/test_bench_stable.py --benchmark-only
Every timed call is checked (same answer as the references, or no blocking pair).
Timed nastavnik calls include the conversion from numpy rank arrays, index-list arrays
(`layout="lists"`) or dicts, where noted.
"""

from __future__ import annotations

import sys
import time
import warnings

import nastavnik as nk
import numpy as np
import pytest

pytest.importorskip("pytest_benchmark")
matching_games = pytest.importorskip("matching.games")
sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))  # `matching` deep-copies players recursively


# ---------------------------------------------------------------- instances and reference


def full_ranks(n, m, seed):
    """Mentees x mentors rank matrices (1 = best), full strict lists, and the index lists."""
    rng = np.random.default_rng(seed)
    e_order = np.argsort(rng.random((n, m)), axis=1)  # mentee i's mentors, best first
    m_order = np.argsort(rng.random((m, n)), axis=1)  # mentor j's mentees, best first
    re = np.empty((n, m), dtype=np.int64)
    np.put_along_axis(re, e_order, np.arange(1, m + 1)[None, :].repeat(n, 0), axis=1)
    rm_t = np.empty((m, n), dtype=np.int64)
    np.put_along_axis(rm_t, m_order, np.arange(1, n + 1)[None, :].repeat(m, 0), axis=1)
    return re, np.ascontiguousarray(rm_t.T), e_order, m_order


def py_deferred_acceptance(e_order, m_rank, caps):
    """Mentee-proposing deferred acceptance in pure Python (heaps of held proposals)."""
    import heapq

    n = len(e_order)
    nxt = [0] * n
    held = [[] for _ in caps]  # max-heap by mentor rank: (-rank, mentee)
    free = list(range(n - 1, -1, -1))
    while free:
        i = free.pop()
        lst = e_order[i]
        while nxt[i] < len(lst):
            j = lst[nxt[i]]
            nxt[i] += 1
            r = m_rank[j][i]
            h = held[j]
            if len(h) < caps[j]:
                heapq.heappush(h, (-r, i))
                break
            if caps[j] and -h[0][0] > r:
                _, out = heapq.heapreplace(h, (-r, i))
                free.append(out)
                break
    return sorted((i, j) for j, h in enumerate(held) for _, i in h)


def matching_pairs(m):
    out = set()
    for k, v in m.items():
        for x in v if isinstance(v, list) else ([v] if v is not None else []):
            out.add((k.name, x.name))
    return out


def report(benchmark, label, anchor_seconds=None, anchor_name=None):
    mean = benchmark.stats.stats.mean
    benchmark.extra_info["mean_ms"] = round(mean * 1e3, 3)
    if anchor_seconds is not None:
        benchmark.extra_info[f"ratio_vs_{anchor_name}"] = round(anchor_seconds / mean, 1)
        print(f"\n{label}: {mean * 1e3:.2f} ms; {anchor_name} {anchor_seconds * 1e3:.1f} ms; ratio {anchor_seconds / mean:.1f}x")
    else:
        print(f"\n{label}: {mean * 1e3:.2f} ms")


def timed(f, repeat=1):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


# ---------------------------------------------------------------- hospital / resident


def test_hospital_resident_2000x200(benchmark):
    n, m, cap = 2000, 200, 10
    re, rm, e_order, m_order = full_ranks(n, m, seed=1)
    caps = [cap] * m
    a = benchmark(nk.stable_matching, re, rm, max_load=caps)
    ours = sorted(map(tuple, a.pairs.tolist()))
    # pure-Python deferred acceptance on the same instance (anchor)
    m_rank = rm.T.tolist()
    t_py, ref = timed(lambda: py_deferred_acceptance(e_order.tolist(), m_rank, caps))
    assert ours == ref
    assert nk.blocking_pairs(a, re, rm, max_load=caps) == []
    report(benchmark, "HR 2000x200 cap 10", t_py, "pure_python_DA")
    # `matching` takes ~20 s here; time it on a 10x smaller instance with the same shape ratio
    n2, m2 = 200, 20
    re2, rm2, e2, m2o = full_ranks(n2, m2, seed=2)
    e_d = {f"e{i}": [f"m{j}" for j in e2[i]] for i in range(n2)}
    m_d = {f"m{j}": [f"e{i}" for i in m2o[j]] for j in range(m2)}
    caps_d = {f"m{j}": cap for j in range(m2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_matching, res = timed(
            lambda: matching_games.HospitalResident.create_from_dictionaries(e_d, m_d, caps_d).solve(optimal="resident")
        )
    theirs = {(b, a) for a, b in matching_pairs(res)}
    t_small, ours_small = timed(lambda: nk.stable_matching(re2, rm2, max_load=[cap] * m2), repeat=20)
    assert {(f"e{i}", f"m{j}") for i, j in ours_small.pairs.tolist()} == theirs
    print(f"HR 200x20 cap 10: nastavnik {t_small * 1e3:.3f} ms; matching {t_matching * 1e3:.0f} ms; ratio {t_matching / t_small:.0f}x")
    benchmark.extra_info["matching_200x20_ms"] = round(t_matching * 1e3, 1)
    benchmark.extra_info["nastavnik_200x20_ms"] = round(t_small * 1e3, 3)


# ---------------------------------------------------------------- stable marriage


def test_stable_marriage_1000(benchmark):
    n = 1000
    re, rm, e_order, m_order = full_ranks(n, n, seed=3)
    a = benchmark(nk.stable_matching, re, rm)
    m_rank = rm.T.tolist()
    t_py, ref = timed(lambda: py_deferred_acceptance(e_order.tolist(), m_rank, [1] * n))
    assert sorted(map(tuple, a.pairs.tolist())) == ref
    report(benchmark, "SM n=1000", t_py, "pure_python_DA")
    # `matching` on n=200 (n=1000 takes minutes)
    n2 = 200
    re2, rm2, e2, m2o = full_ranks(n2, n2, seed=4)
    e_d = {f"e{i}": [f"m{j}" for j in e2[i]] for i in range(n2)}
    m_d = {f"m{j}": [f"e{i}" for i in m2o[j]] for j in range(n2)}
    t_matching, res = timed(lambda: matching_games.StableMarriage.create_from_dictionaries(e_d, m_d).solve(optimal="suitor"))
    t_small, ours_small = timed(lambda: nk.stable_matching(re2, rm2), repeat=20)
    assert {(f"e{i}", f"m{j}") for i, j in ours_small.pairs.tolist()} == matching_pairs(res)
    print(f"SM n=200: nastavnik {t_small * 1e3:.3f} ms; matching {t_matching * 1e3:.0f} ms; ratio {t_matching / t_small:.0f}x")
    benchmark.extra_info["matching_n200_ms"] = round(t_matching * 1e3, 1)


# ---------------------------------------------------------------- roommates


def test_roommates_200(benchmark):
    n = 200
    rng = np.random.default_rng(5)
    order = np.argsort(rng.random((n, n)), axis=1)
    order = [[j for j in row if j != i] for i, row in enumerate(order.tolist())]
    ranks = np.zeros((n, n), dtype=np.int64)
    for i, row in enumerate(order):
        ranks[i, row] = np.arange(1, n)
    res = benchmark(nk.stable_roommates, ranks)
    prefs = {f"p{i}": [f"p{j}" for j in row] for i, row in enumerate(order)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_matching, game = timed(lambda: (g := matching_games.StableRoommates.create_from_dictionary(prefs), g.solve(), g)[2])
        theirs_stable = game.check_stability()
    assert res.stable == theirs_stable
    if res.stable:
        assert res.blocking_pairs == []
    report(benchmark, f"SR n=200 (stable={res.stable})", t_matching, "matching")


def classic_chain(k, chained=True):
    """k copies of the classic 4-person instance without a stable matching (ids c{c}_{a});
    with ``chained``, member 3 of each copy and member 0 of the next accept each other last."""
    base = [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]]
    prefs = {f"c{c}_{a}": [f"c{c}_{b}" for b in base[a]] for c in range(k) for a in range(4)}
    if chained:
        for c in range(k - 1):
            prefs[f"c{c}_3"].append(f"c{c + 1}_0")
            prefs[f"c{c + 1}_0"].append(f"c{c}_3")
    return prefs


def py_blocking_pairs(prefs, mate):
    """Blocking pairs by definition (pure Python; mutual lists)."""
    rank = {a: {b: r for r, b in enumerate(lst)} for a, lst in prefs.items()}
    worst = float("inf")
    cur = {a: rank[a][mate[a]] if mate.get(a) is not None else worst for a in prefs}
    return sorted(
        tuple(sorted((a, b))) for a, r in rank.items() for b, rab in r.items() if a < b and rab < cur[a] and rank[b][a] < cur[b]
    )


@pytest.mark.parametrize("n", [4_000, 16_000])
def test_roommates_unsolvable_chain(benchmark, n):
    """The chained copies: one connected component with n/4 odd parties (quadratic before Tan's
    stable partition). Anchor: the same call on the k disjoint copies, timed in the same run."""
    k = n // 4
    prefs = classic_chain(k)
    res = benchmark.pedantic(nk.stable_roommates, args=(prefs,), rounds=5, iterations=1)
    assert not res.stable
    assert len(res.set_aside) == k  # one per copy: the minimum (Tan), checked by brute force in Rust
    aside = set(res.set_aside)
    mate = {}
    ids = res.matching.ids
    for a, b in res.matching.pairs.tolist():
        mate[ids[a]], mate[ids[b]] = ids[b], ids[a]
    assert len(mate) == n  # the greedy completion pairs each set-aside member with its copy's 4th
    expect = py_blocking_pairs(prefs, mate)
    assert sorted(tuple(sorted(p)) for p in res.blocking_pairs) == expect
    assert all(a in aside or b in aside for a, b in expect)
    disjoint = classic_chain(k, chained=False)
    t_disjoint, other = timed(lambda: nk.stable_roommates(disjoint), repeat=3)
    assert len(other.set_aside) == k
    report(benchmark, f"SR chained copies n={n}", t_disjoint, "same_call_disjoint_copies")


# ---------------------------------------------------------------- large partial lists


def big_lists(n=100_000, m=10_000, length=50, seed=6):
    rng = np.random.default_rng(seed)
    base = np.argsort(rng.random((n, 4 * length)), axis=1)[:, :length]
    choice = (base + rng.integers(0, m, size=(n, 1))) % m
    by = [[] for _ in range(m)]
    for i, row in enumerate(choice.tolist()):
        for j in row:
            by[j].append(i)
    for lst in by:
        rng.shuffle(lst)
    return choice, by


def big_reference(choice, by, caps):
    m_rank = [{i: r for r, i in enumerate(lst)} for lst in by]
    return timed(lambda: py_deferred_acceptance(choice.tolist(), m_rank, caps))


def test_large_100000x10000_lists50(benchmark):
    """Timed with the array input (`layout="lists"`): mentees as a padded index array, mentors as CSR."""
    n, m, cap = 100_000, 10_000, 10
    choice, by = big_lists(n, m)
    indptr = np.concatenate([[0], np.cumsum([len(x) for x in by])]).astype(np.int64)
    indices = np.concatenate([np.asarray(x, dtype=np.int64) for x in by])
    caps = [cap] * m
    a = benchmark.pedantic(
        nk.stable_matching,
        args=(choice, (indptr, indices)),
        kwargs={"max_load": caps, "layout": "lists"},
        rounds=5,
        iterations=1,
    )
    t_py, ref = big_reference(choice, by, caps)
    assert sorted(map(tuple, a.pairs.tolist())) == ref
    report(benchmark, "100000x10000 lists of 50, cap 10 (array input)", t_py, "pure_python_DA")


def test_large_100000x10000_lists50_dict_input(benchmark):
    """The same instance given as dicts of ids (reported separately: id hashing dominates)."""
    n, m, cap = 100_000, 10_000, 10
    choice, by = big_lists(n, m)
    eids = [f"e{i}" for i in range(n)]
    mids = [f"m{j}" for j in range(m)]
    e = {eids[i]: [mids[j] for j in row] for i, row in enumerate(choice.tolist())}
    mp = {mids[j]: [eids[i] for i in lst] for j, lst in enumerate(by)}
    caps = [cap] * m
    a = benchmark.pedantic(nk.stable_matching, args=(e, mp), kwargs={"max_load": caps}, rounds=3, iterations=1)
    t_py, ref = big_reference(choice, by, caps)
    ours = sorted((int(x[1:]), int(y[1:])) for x, y in a.to_pairs())
    assert ours == ref
    report(benchmark, "100000x10000 lists of 50, cap 10 (dict input)", t_py, "pure_python_DA")
