"""Pickling and ``==`` for the compiled result classes (Assignment, PeerMatching, Solution,
ScoreMatrix, Candidates, RoommatesResult, Strategy); Schema and Cohort have their own.

Each class's state is read through its public attributes (or a small Rust helper) and rebuilt
through the core's validating constructors, so ``pickle.loads(pickle.dumps(x)) == x`` and a
tampered pickle is a ``ValueError``. ``==`` compares the same states (NaN totals of stable
matchings compare equal to themselves); the classes stay unhashable, as mutable-looking values.

Examples
--------
>>> import pickle, numpy as np, nastavnik as nk
>>> a = nk.assign_lap(np.array([[1.0, 0.0], [0.0, 1.0]]))
>>> pickle.loads(pickle.dumps(a)) == a
True
"""

from __future__ import annotations

import copyreg
import math
from typing import Any, Callable

import numpy as np

from . import _nastavnik as _ext


def _same(a: Any, b: Any) -> bool:
    """Structural equality with NaN == NaN and arrays compared by value."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def _scores_state(m: Any) -> tuple:
    return (np.asarray(m.scores), list(m.mentee_ids), list(m.mentor_ids),
            list(m.mentor_capacity), list(m.excluded_ids))


def _candidates_state(c: Any) -> tuple:
    return (c.n_mentors, np.asarray(c.indptr).tolist(), np.asarray(c.indices).tolist(),
            np.asarray(c.scores).tolist(), c.mentee_ids, c.mentor_ids)


def _roommates_state(r: Any) -> tuple:
    return (r.matching, r.stable, r.blocking_pairs, r.set_aside, r.rank_stats)


#: class -> (state function, rebuild function taking the state's items as arguments)
_STATES: dict = {
    _ext.Assignment: (_ext._assignment_state, _ext._rebuild_assignment),
    _ext.PeerMatching: (_ext._peer_state, _ext._rebuild_peer),
    _ext.Solution: (_ext._solution_state, _ext._rebuild_solution),
    _ext.ScoreMatrix: (_scores_state, _ext._rebuild_score_matrix),
    _ext.Candidates: (_candidates_state, _ext._rebuild_candidates),
    _ext.RoommatesResult: (_roommates_state, _ext._rebuild_roommates),
}


def _install(cls: type, state: Callable[[Any], tuple], rebuild: Callable[..., Any]) -> None:
    copyreg.pickle(cls, lambda obj: (rebuild, tuple(state(obj))))

    def __eq__(self: Any, other: Any) -> Any:
        if type(other) is not type(self):
            return NotImplemented
        return _same(tuple(state(self)), tuple(state(other)))

    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__hash__ = None  # type: ignore[assignment]


def install() -> None:
    """Register pickling and ``==`` on the result classes (idempotent)."""
    for cls, (state, rebuild) in _STATES.items():
        _install(cls, state, rebuild)
    copyreg.pickle(_ext.Strategy, lambda s: (_ext.Strategy.from_json, (s.to_json(),)))
