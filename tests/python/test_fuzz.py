"""Property/fuzz suite over every public entry point (issue 8, "Checked by").

Every call either returns a checked result or raises a ValueError subclass / TypeError /
MemoryError whose message names the offending argument; never PanicException, an abort,
OverflowError, SystemError or AttributeError.

* ``test_hostile_arguments_on_every_entry_point``: every public callable of ``nastavnik`` and
  ``nastavnik.lab`` (``fuzz_entries.py``; ``test_every_public_callable_is_fuzzed`` fails when a
  new one is not registered) gets single-argument hostile mutations chosen by hypothesis
  (NaN/inf, empty, wrong shapes and dtypes, numeric strings, sets and dicts, bools and floats
  where ints are expected, negative and huge sizes, unknown keywords), in batched subprocesses
  under an address-space limit (``fuzz_worker.py``), so an abort fails the test instead of
  killing the run. TypeErrors must name the mutated parameter.
* Huge requests (``PROBES``): each in its own subprocess under ``resource.setrlimit``.
* Kernels, kernel parameters, the ``Candidates`` constructor and misspelt rule keys: direct
  hypothesis properties.

Hypothesis runs derandomized with bounded examples (the suite takes well under a minute).
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ALLOWED = (ValueError, TypeError, MemoryError)
FUZZ = settings(max_examples=60, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

floats_any = st.floats(allow_nan=True, allow_infinity=True, width=64)
floats_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


def matrix(elements, max_rows=6, max_cols=4):
    return st.integers(0, max_rows).flatmap(lambda n: st.integers(0, max_cols).flatmap(
        lambda d: st.lists(st.lists(elements, min_size=d, max_size=d), min_size=n, max_size=n)))


def call_checked(fn, *args, **kwargs):
    """Run ``fn``; return its result, or None when it raised an allowed, informative error."""
    try:
        return fn(*args, **kwargs)
    except ALLOWED as e:
        assert str(e), f"{type(e).__name__} without a message"
        return None


@FUZZ
@given(a=matrix(floats_any), b=matrix(floats_any), kernel=st.sampled_from(
    ["cosine", "dot", "rbf", "euclid"]), dtype=st.sampled_from([np.float64, np.float32]))
def test_kernels_return_checked_values_or_typed_errors(a, b, kernel, dtype):
    with np.errstate(over="ignore"):  # float64 -> float32 may round to inf: a valid input
        a = np.array(a, dtype=dtype).reshape(len(a), -1) if a else np.zeros((0, 1), dtype)
        b = np.array(b, dtype=dtype).reshape(len(b), -1) if b else np.zeros((0, 1), dtype)
    fn = {"cosine": nk.cosine, "dot": nk.dot, "rbf": nk.rbf,
          "euclid": nk.weighted_euclidean}[kernel]
    out = call_checked(fn, a, b)
    if out is None:
        return
    assert out.shape == (a.shape[0], b.shape[0])
    assert np.isfinite(a).all() and np.isfinite(b).all()
    assert not np.isnan(out).any()
    if kernel == "cosine":
        assert ((out >= -1) & (out <= 1)).all()
    if kernel == "rbf":
        assert ((out >= 0) & (out <= 1)).all()
    if kernel == "euclid":
        assert (out >= 0).all()


@FUZZ
@given(gamma=floats_any, weights=st.one_of(st.none(), st.lists(floats_any, min_size=0,
                                                               max_size=4)),
       k=st.integers(1, 5), kernel=st.sampled_from(["cosine", "dot", "rbf"]))
def test_kernel_parameters_rejected_by_name_on_every_path(gamma, weights, k, kernel):
    a = np.ones((3, 3))
    bad_gamma = not (np.isfinite(gamma) and gamma > 0)
    bad_w = weights is not None and (len(weights) != 3 or not all(
        np.isfinite(w) and w >= 0 for w in weights))
    for fn in (lambda: nk.rbf(a, a, gamma=gamma, weights=weights),
               lambda: nk.top_k(a, a, k, kernel="rbf", gamma=gamma, weights=weights)):
        if bad_gamma or bad_w:
            with pytest.raises(ValueError) as e:
                fn()
            assert ("gamma" if bad_gamma else "weights") in str(e.value)
        else:
            fn()
    if kernel != "rbf":
        with pytest.raises(ValueError, match="gamma"):
            nk.top_k(a, a, k, kernel=kernel, gamma=1.0)


@FUZZ
@given(n_mentors=st.integers(0, 2**40), indptr=st.lists(st.integers(-3, 6), max_size=5),
       indices=st.lists(st.integers(-1, 2**33), max_size=6),
       scores=st.lists(floats_any, max_size=6))
def test_candidates_constructor(n_mentors, indptr, indices, scores):
    c = call_checked(nk.Candidates, n_mentors, indptr, indices, scores)
    if c is not None:
        assert c.nnz == len(indices) and all(0 <= j < n_mentors for j in indices)
        assert np.isfinite(scores).all()


@FUZZ
@given(text=st.sampled_from(["forbidden", "required", "same_form", "by_form"]).flatmap(
    lambda k: st.tuples(st.just(k), st.integers(0, len(k) - 1))))
def test_misspelt_rule_keys_are_errors_naming_the_key(text):
    key, i = text
    typo = key[:i] + key[i + 1:]
    doc = '{"questions": [{"id": "e", "type": "likert", "levels": 5}], "rules": {"%s": []}}' % typo
    with pytest.raises(ValueError) as e:
        nk.Schema.from_json(doc)
    assert typo in str(e.value) and "did you mean" in str(e.value)


PROBES = {
    "cosine dense output too large":
        "nk.cosine(np.ones((200000, 1)), np.ones((200000, 1)))",
    "rbf dense output too large": "nk.rbf(np.ones((300000, 1)), np.ones((300000, 1)))",
    "top_k with huge k": "nk.top_k(np.ones((3, 2)), np.ones((4, 2)), 2 * 10**9)",
    "synthetic cohort huge": "nk.synthetic_cohort(10**9, 10**9)",
    "synthetic cohort 2**63": "nk.synthetic_cohort(2**63, 2**63)",
    "Candidates huge n_mentors": "nk.Candidates(10**9, [0, 1], [5], [0.5])",
    "Candidates index beyond 2^32": "nk.Candidates(10, [0, 1], [2**32 + 1], [0.5])",
    "Scorer.top_k huge k": "nk.Scorer(*nk.synthetic_cohort(8, 4, seed=1)).top_k(2**40)",
    "synthetic_history schools x years":
        "nk.lab.synthetic_history(schools=100000, years=list(range(100000)), n_mentees=1,"
        " n_mentors=1)",
    "synthetic_history huge sides":
        "nk.lab.synthetic_history(schools=1, years=[2023], n_mentees=10**9, n_mentors=10**9)",
    "assign_groups huge loads": "nk.assign_groups(np.ones((3, 3)), max_load=2**32 - 1)",
    "assign_groups huge team_size":
        "nk.assign_groups(np.ones((3, 3)), max_load=4, team_size=2**32 - 1)",
    "assign_mip huge loads": "nk.assign_mip(np.ones((3, 3)), max_load=2**32 - 1)",
    "Problem huge team_size":
        "nk.solve(nk.Problem(np.ones((3, 3)), team_size=[2**32 - 1] * 3), 'groups')",
    "stable_matching huge capacities":
        "nk.stable_matching_from_scores(np.ones((3, 3)), max_load=[2**32 - 1] * 3)",
    "standing_slots huge grid": "nk.standing_slots([{'id': 'u', 'people': ['a', 'b']}],"
        " [{'id': 'a'}, {'id': 'b'}], [], {'days': 7, 'day_start': 0, 'slot_minutes': 1,"
        " 'slots_per_day': 65535}, method='heuristic')",
    "standing_slots huge sizes": "nk.standing_slots([{'id': 'u', 'people': ['a', 'b'],"
        " 'size': 2**32 - 1, 'duration': 65535}], [{'id': 'a'}, {'id': 'b'}],"
        " [{'id': 'r', 'capacity': 2**32 - 1}], {'days': 1, 'day_start': 0,"
        " 'slot_minutes': 60, 'slots_per_day': 3}, method='heuristic')",
    "roommates 200k participants": "nk.stable_roommates({str(i): [str(i ^ 1)] for i in"
        " range(200000)})",
    "pair_peers large pool (blossom tables)": "nk.pair_peers(np.zeros((8000, 8000)))",
    "lab.ridge huge folds": "nk.lab.ridge([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0],"
        " alpha=1.0, folds=10**9)",
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_huge_requests_fail_cleanly_under_a_memory_cap(name):
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))
        import numpy as np, nastavnik as nk, nastavnik.lab
        try:
            r = {PROBES[name]}
        except (ValueError, TypeError, MemoryError) as e:
            print("ERR", type(e).__name__, e)
            sys.exit(0)
        print("OK", type(r).__name__)
    """)
    p = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, (name, p.returncode, p.stdout, p.stderr[-2000:])
    assert p.stdout.startswith(("ERR", "OK")), p.stdout
    if name == "Candidates huge n_mentors":
        assert "mentor column 5" not in p.stdout or p.stdout.startswith("ERR")


# ---------------------------------------------------------------- every public entry point
# The registry lives in fuzz_entries.py (imported by the probe subprocesses too); each group of
# entries runs in one subprocess under an address-space limit (fuzz_worker.py), hypothesis
# choosing single-argument hostile mutations of a valid base call.

sys.path.insert(0, str(Path(__file__).parent))
import fuzz_entries  # noqa: E402

WORKER = str(Path(__file__).parent / "fuzz_worker.py")
EXAMPLES = 100  # hypothesis examples per entry point


@functools.cache
def _entry_names() -> list[str]:
    return list(fuzz_entries.entries())


def _public_callables() -> set[str]:
    names = set()
    for mod, prefix in ((nk, ""), (nk.lab, "lab.")):
        for n in mod.__all__:
            obj = getattr(mod, n)
            if n in fuzz_entries.NOT_CALLS or not callable(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue
            names.add(fuzz_entries.ALIASES.get(n, prefix + n))
    return names


def test_every_public_callable_is_fuzzed():
    missing = _public_callables() - set(_entry_names())
    assert not missing, f"add these entry points to tests/python/fuzz_entries.py: {sorted(missing)}"


N_GROUPS = 6


def _run_worker(names: list[str]) -> list[list[str]]:
    p = subprocess.run([sys.executable, WORKER, str(EXAMPLES), *names], check=False,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, (names, p.returncode, p.stdout[-2000:], p.stderr[-3000:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out["probes"] >= EXAMPLES * len(names) // 2, out["probes"]
    return out["violations"]


@pytest.mark.parametrize("group", range(N_GROUPS))
def test_hostile_arguments_on_every_entry_point(group):
    names = _entry_names()[group::N_GROUPS]
    found = [v for v in _run_worker(names)
             if not (v[0] in fuzz_entries.KNOWN and re.search(fuzz_entries.KNOWN[v[0]], v[2]))]
    assert not found, "\n".join(" | ".join(v) for v in found)


def test_known_violations_are_still_open():
    # Every entry of KNOWN must still violate: once fixed, it must leave KNOWN (empty today).
    fixed = [name for name in sorted(fuzz_entries.KNOWN) if not _run_worker([name])]
    assert not fixed, f"fixed, remove from fuzz_entries.KNOWN: {fixed}"
