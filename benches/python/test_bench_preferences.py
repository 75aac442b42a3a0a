"""A `Preferences` built once vs re-parsing the same dicts on every call.

Run: python -m pytest benches/python/test_bench_preferences.py --benchmark-only
The anchor is the same library on the raw dicts, in the same run; every timed call's answer is
checked equal to the anchor's.
"""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest

pytest.importorskip("pytest_benchmark")

N, M, LENGTH = 20_000, 2_000, 20


def dicts(seed=0):
    rng = np.random.default_rng(seed)
    eids = [f"e{i}" for i in range(N)]
    mids = [f"m{j}" for j in range(M)]
    e = {x: [mids[j] for j in rng.choice(M, LENGTH, replace=False)] for x in eids}
    named = {m: [] for m in mids}
    for x, lst in e.items():
        for m in lst:
            named[m].append(x)
    mp = {m: [named[m][k] for k in rng.permutation(len(named[m]))] for m in mids}
    return e, mp


E, MP = dicts()
CAPS = {m: 10 for m in MP}
PREFS = nk.Preferences(E, MP)
ASSIGNMENT = nk.stable_matching(PREFS, max_load=CAPS)


def checks_raw():
    return nk.blocking_pairs(ASSIGNMENT, E, MP, max_load=CAPS), nk.rank_stats(ASSIGNMENT, E, MP)


def checks_built():
    return nk.blocking_pairs(ASSIGNMENT, PREFS, max_load=CAPS), nk.rank_stats(ASSIGNMENT, PREFS)


def test_checks_raw_dicts(benchmark):
    got = benchmark(checks_raw)
    assert got[0] == []


def test_checks_built_preferences(benchmark):
    got = benchmark(checks_built)
    assert got == checks_raw()


def test_match_raw_dicts(benchmark):
    a = benchmark(lambda: nk.stable_matching(E, MP, max_load=CAPS))
    assert a.to_pairs() == ASSIGNMENT.to_pairs()


def test_match_built_preferences(benchmark):
    a = benchmark(lambda: nk.stable_matching(PREFS, max_load=CAPS))
    assert a.to_pairs() == ASSIGNMENT.to_pairs()
