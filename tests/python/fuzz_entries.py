"""Entry-point registry and hostile values for the fuzz suite (``test_fuzz.py``).

Each entry of :data:`ENTRIES` is one public callable with a *valid* base call; the fuzzer replaces
one argument (positional or keyword) at a time with a hostile value, or adds an unknown keyword,
and checks that the call returns or raises ``ValueError`` (subclass) / ``TypeError`` /
``MemoryError`` with a message. Every public callable of ``nastavnik`` (``__all__``) and of
``nastavnik.lab`` must appear here: ``test_fuzz.py`` fails on an uncovered one.

This module is imported by the probe subprocesses (run under an address-space limit) and by the
coverage test; it is not a test module itself.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

import nastavnik as nk
import numpy as np

ALLOWED = (ValueError, TypeError, MemoryError)

# One entry: name -> (callable, args, kwargs). Built lazily (fixtures need the extension).
Entry = tuple[Callable[..., Any], list[Any], dict[str, Any]]


def hostile_values() -> list[Any]:
    """Values that must never crash a call: wrong types, non-finite, huge and negative sizes."""
    nan, inf = float("nan"), float("inf")
    return [
        None, True, False, 0, -1, 2**31, 2**32 + 1, 2**63, 2**64 + 7, -(2**63) - 1, 1.5, nan, inf,
        -inf, -0.0, 1e308, 5e-324, "3", "", "nope", "х" * 300, b"raw", {1, 2}, frozenset({0}),
        {"a": 1}, {"x": [1]}, [], [[]], ["1", "2"], [1, "2"], [None], [nan, 1.0], [[1, 2], [3]],
        [-1, 0], [2**40], (0, 1), [["1", "2"], ["3", "4"]], [[1.0, "2"]], np.array([]), np.zeros((0, 0)), np.zeros((0, 3)),
        np.ones((3, 0)), np.ones((2, 3)), np.full((3, 3), nan), np.full((3, 3), inf),
        np.array([["1", "2"], ["3", "4"]]), np.ones((3, 3), dtype=bool), np.ones((3, 3, 3)),
        np.arange(9, dtype=np.uint64).reshape(3, 3) * np.uint64(2**62),
        np.ones((3, 3), dtype=">f8"), np.ones((3, 3))[::-1, ::-2], np.float64(nan), np.int64(-5),
        object(), lambda: 0, sys.maxsize,
    ]


def _fixtures() -> dict[str, Any]:
    s = np.array([[0.9, 0.1, 0.5], [0.4, 0.8, 0.2], [0.3, 0.6, 0.7]])
    schema, cohort = nk.synthetic_cohort(8, 4, seed=1)
    e = {"ann": ["kim", "lee"], "bob": ["kim"], "cat": [["kim", "lee"]]}
    m = {"kim": ["cat", "ann", "bob"], "lee": ["ann", "cat"]}
    peers = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"]}
    no = -np.inf
    w = np.array([[0, 10, 1, -2], [10, 0, -2, 1], [1, -2, 0, no], [-2, 1, no, 0]])
    return dict(s=s, schema=schema, cohort=cohort, e=e, m=m, peers=peers, w=w,
                a=nk.stable_matching(e, m), problem=nk.Problem(s, mentee_ids=["x", "y", "z"], mentor_ids=["p", "q", "r"]),
                cand=nk.Candidates(3, [0, 2, 3, 3], [0, 1, 0], [0.9, 0.5, 0.8]),
                hist=nk.lab.synthetic_history(schools=1, years=[2023], n_mentees=6,
                                              n_mentors=4)[0])


SCHEMA_JSON = '{"questions": [{"id": "e", "type": "likert", "levels": 5}]}'
COHORT_JSON = '{"participants": [{"id": "a", "role": "mentee", "consent": true}]}'
SAMPLE_SCHEMA = str(Path(__file__).resolve().parents[2] / "data" / "sample"
                    / "schema.json")
CSV_PATH = str(Path(__file__).resolve().parents[2] / "data" / "sample" / "cohort.csv")


def entries() -> OrderedDict[str, Entry]:
    """The registry: every public callable with a valid base call."""
    f = _fixtures()
    s, schema, cohort = f["s"], f["schema"], f["cohort"]
    x = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 2.0]])
    binary = np.array([[1, 1, 0], [0, 1, 1]])
    units = [{"id": "u1", "people": ["p1", "p2"], "mode": "online"}]
    people = [{"id": "p1", "availability": "always"}, {"id": "p2", "availability": "always"}]
    grid = {"days": 2, "day_start": 600, "slot_minutes": 60, "slots_per_day": 3}
    scorer = nk.Scorer(schema, cohort)
    sol = nk.solve(f["problem"], "lap")
    r: OrderedDict[str, Entry] = OrderedDict()
    r["cosine"] = (nk.cosine, [x, x], {})
    r["dot"] = (nk.dot, [x, x], {})
    r["rbf"] = (nk.rbf, [x, x], {"gamma": 0.5, "weights": [1.0, 2.0]})
    r["weighted_euclidean"] = (nk.weighted_euclidean, [x, x], {"weights": [1.0, 2.0]})
    r["jaccard"] = (nk.jaccard, [binary, binary], {})
    r["top_k"] = (nk.top_k, [x, x, 2], {"kernel": "rbf", "gamma": 1.0})
    r["synthetic_cohort"] = (nk.synthetic_cohort, [8, 4], {"seed": 1})
    r["score"] = (nk.score, [schema, cohort], {})
    r["Scorer"] = (nk.Scorer, [schema, cohort], {})
    r["Scorer.top_k"] = (scorer.top_k, [2], {})
    r["Scorer.explain"] = (scorer.explain, [scorer.mentee_ids[0], scorer.mentor_ids[0]], {})
    r["Candidates"] = (nk.Candidates, [3, [0, 2, 3], [2, 0, 1], [0.9, 0.5, 0.1]], {})
    r["Schema.from_json"] = (nk.Schema.from_json, [SCHEMA_JSON], {})
    r["Schema.encode_features"] = (schema.encode_features, [cohort], {"role": "mentor"})
    r["schema_from_dict"] = (nk.schema_from_dict, [json.loads(SCHEMA_JSON)], {})
    r["Cohort.from_json"] = (nk.Cohort.from_json, [COHORT_JSON], {})
    sample_schema = nk.Schema.from_json(Path(SAMPLE_SCHEMA).read_text(encoding="utf-8"))
    r["Cohort.from_csv"] = (nk.Cohort.from_csv, [CSV_PATH, sample_schema], {})
    r["cohort_from_records"] = (nk.cohort_from_records,
                                [[{"id": "t1", "role": "mentor", "consent": True}]], {})
    r["assign_lap"] = (nk.assign_lap, [s], {"reject_score": 0.0})
    r["assign_sparse"] = (nk.assign_sparse, [f["cand"]], {"reject_score": 0.0})
    r["assign_batch"] = (nk.assign_batch, [[s, np.ones((1, 3))]], {"reject_score": 0.0})
    r["assign_greedy"] = (nk.assign_greedy, [s], {})
    r["assign_random"] = (nk.assign_random, [s], {"seed": 1})
    r["assign_groups"] = (nk.assign_groups, [s], {"max_load": 2, "reject_score": 0.0})
    r["assign_fair"] = (nk.assign_fair, [s], {"objective": "max_sum", "max_load": [1, 1, 1]})
    r["assign_mip"] = (nk.assign_mip, [s], {"max_load": 2, "quotas": [
        {"name": "busy", "mentors": [1], "min": 1}], "time_limit": 5.0})
    r["rematch"] = (nk.rematch, [s, [0, 1, None]], {"keep_bonus": 0.5})
    r["pair_peers"] = (nk.pair_peers, [f["w"]], {"ids": ["a", "b", "c", "d"]})
    r["stable_matching"] = (nk.stable_matching, [f["e"], f["m"]],
                            {"max_load": {"kim": 2}, "seed": 3})
    r["stable_matching_from_scores"] = (nk.stable_matching_from_scores, [s], {"seed": 1})
    r["blocking_pairs"] = (nk.blocking_pairs, [f["a"], f["e"], f["m"]], {})
    r["rank_stats"] = (nk.rank_stats, [f["a"], f["e"], f["m"]], {})
    r["stable_roommates"] = (nk.stable_roommates, [f["peers"]], {"seed": 2})
    r["Preferences"] = (nk.Preferences, [f["e"], f["m"]], {})
    r["Preferences.peers"] = (nk.Preferences.peers, [f["peers"]], {})
    r["Problem"] = (nk.Problem, [s], {"mentee_ids": ["x", "y", "z"], "mentor_ids": ["p", "q", "r"], "forbidden": [(0, 1)],
                                      "max_load": [1, 2, 1], "reject_score": 0.0})
    r["Strategy"] = (nk.Strategy, ["random"], {"seed": 7})
    r["Strategy.from_json"] = (nk.Strategy.from_json, ['{"solver": "random", "seed": 7}'], {})
    r["Strategy.from_dict"] = (nk.Strategy.from_dict, [{"solver": "lap"}], {})
    r["solve"] = (nk.solve, [f["problem"], "lap"], {})
    r["standing_slots"] = (nk.standing_slots, [units, people, [], grid],
                           {"method": "heuristic", "time_limit": 5.0})
    # result types: constructors that are not meant to be called from Python must refuse cleanly
    for cls in NO_CONSTRUCTOR:
        r[cls] = (getattr(nk, cls), [s], {})
    r["Solution.to_pairs"] = (sol.to_pairs, [], {})
    # the strategy lab
    hist = f["hist"]
    lap = nk.assign_lap(s)
    r["lab.evaluate"] = (nk.lab.evaluate, [lap, s], {"capacity": [1, 1, 1]})
    r["lab.compare"] = (nk.lab.compare, [{"lap": {"solver": "lap"}}, [hist]],
                        {"seeds": [0], "reject_score": 0.0, "progress": False})
    r["lab.kpis"] = (nk.lab.kpis, [[hist]], {"by": "school"})
    r["lab.why_not"] = (nk.lab.why_not, [lap, s, 0, 1], {"max_solves": 20})
    r["lab.fit_weights"] = (nk.lab.fit_weights, [[hist]], {"folds": 2})
    r["lab.synthetic_history"] = (nk.lab.synthetic_history, [],
                                  {"schools": 1, "years": [2023], "n_mentees": 5, "n_mentors": 3})
    r["lab.spearman"] = (nk.lab.spearman, [[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]], {})
    r["lab.ridge"] = (nk.lab.ridge, [[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0]],
                      {"alpha": 1.0, "folds": 2})
    r["lab.sensitivity"] = (nk.lab.sensitivity, [hist], {"steps": [0.1]})
    r["lab.load_history"] = (nk.lab.load_history, [], {})
    r["lab.timed"] = (nk.lab.timed, [lambda: 1], {})
    # scheduling: a one-pair year with one room
    cal = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2025-10-31"}
    r["schedule"] = (nk.schedule, [[("s1", "t1")], [{"id": "t1"}, {"id": "s1"}], cal,
                                   [{"id": "101", "capacity": 2}]], {"time_limit": 5.0})
    year = nk.schedule(*r["schedule"][1], **r["schedule"][2])
    r["Schedule"] = (nk.Schedule, [year._json], {})
    r["production_calendar"] = (nk.production_calendar, [2025], {})
    busy = nk.schedule([("s1", "t1"), ("s2", "t1")],
                       [{"id": "t1", "availability": "mon 14:00-15:00"}, {"id": "s1"}, {"id": "s2"}], cal,
                       [{"id": "101", "capacity": 2}])
    r["Schedule.conflict_set"] = (busy.conflict_set, [busy.unscheduled_records()[0]["unit"]], {})
    r["lab.HistoricalCohort.from_json"] = (nk.lab.HistoricalCohort.from_json, [hist.to_json()], {})
    return r


# Result types without a Python constructor: every call must be a TypeError.
NO_CONSTRUCTOR = ("Assignment", "Cohort", "PeerMatching", "RoommatesResult", "Schema", "ScoreMatrix",
                  "Solution")

# Open violations (entry -> regular expression of the violations still expected): `test_fuzz.py`
# tolerates exactly these in the main run and fails once one of them is fixed, so the list only
# shrinks. Empty: every public entry point passes.
KNOWN: dict[str, str] = {}

# Names in ``nastavnik.__all__`` / ``nastavnik.lab.__all__`` that are not entry points to fuzz:
# exception classes are found by type; these are modules, constants and plotting helpers.
NOT_CALLS = {"__version__", "forms", "frames", "report", "lab", "SATISFACTION_TARGET", "SATISFIED",
             "plot_comparison", "plot_score_distributions", "Metrics", "FittedWeights",
             "WhyNotSolver", "HistoricalCohort",
             # DataFrame helpers and plots of lab results (tested in test_lab.py); save_history
             # writes files (tested there with a temporary folder)
             "summary", "plot_kpis", "save_history"}
# Aliases: the same object exported under two names.
ALIASES = {"compare": "lab.compare", "evaluate": "lab.evaluate", "fit_weights": "lab.fit_weights",
           "why_not": "lab.why_not", "kpis": "lab.kpis"}


def _param_names(fn: Callable[..., Any]) -> list[str] | None:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None


def mutations(entry: Entry) -> list[tuple[str, str | None, list[Any], dict[str, Any]]]:
    """Every single-argument mutation of a base call: (label, parameter name, args, kwargs)."""
    fn, args, kwargs = entry
    params = _param_names(fn)
    out = []
    for v in hostile_values():
        for i in range(len(args)):
            a = list(args)
            a[i] = v
            name = params[i] if params is not None and i < len(params) else None
            out.append((f"arg{i}={_short(v)}", name, a, dict(kwargs)))
        for k in kwargs:
            kw = dict(kwargs)
            kw[k] = v
            out.append((f"{k}={_short(v)}", k, list(args), kw))
    out.append(("unknown keyword", "bogus_option", list(args), {**kwargs, "bogus_option": 1}))
    out.append(("too many positional", None, list(args) + [0] * 6, dict(kwargs)))
    return out


def _short(v: Any) -> str:
    t = repr(v) if not isinstance(v, np.ndarray) else f"ndarray{v.shape}{v.dtype}"
    return t[:40]


def check_call(fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any],
               param: str | None = None) -> str | None:
    """Run one probe; return a violation description or None.

    Violations: any exception but ValueError (subclasses) / TypeError / MemoryError (so
    PanicException, SystemError, OverflowError, AttributeError...), an empty message, a
    TypeError whose message does not name the mutated parameter, NaN out of finite arrays.
    """
    try:
        out = fn(*args, **kwargs)
    except OSError as e:
        if param != "path":  # a missing file is an OSError (FileNotFoundError), as in open()
            return f"OSError: {e}"
        return None
    except ALLOWED as e:
        if isinstance(e, OverflowError):  # an ArithmeticError, listed for clarity
            return f"OverflowError: {e}"
        msg = str(e)
        if not msg.strip():
            return f"{type(e).__name__} without a message"
        named = param is None or param in msg or (param == "bogus_option" and "keyword" in msg)
        if type(e) is TypeError and param is not None and not named:
            return f"TypeError not naming {param!r}: {msg[:200]}"
        return None
    except BaseException as e:  # noqa: BLE001 - PanicException, SystemError, OverflowError...
        if isinstance(e, KeyboardInterrupt):
            raise
        return f"{type(e).__module__}.{type(e).__name__}: {str(e)[:300]}"
    if isinstance(out, np.ndarray) and out.dtype.kind == "f":
        ins = [a for a in list(args) + list(kwargs.values()) if isinstance(a, np.ndarray)]
        if np.isnan(out).any() and all(np.isfinite(a).all() for a in ins if a.dtype.kind == "f"):
            return "NaN in the output of finite input"
    return None
