"""nastavnik: match mentors to mentees and schedule their meetings for school mentoring programmes.

The heavy lifting happens in Rust (``nastavnik._nastavnik``); this package re-exports it and adds
small conveniences (pandas adapters in :mod:`nastavnik.frames`, the curator CLI in
``python -m nastavnik``).

Examples
--------
>>> import numpy as np, nastavnik as nk
>>> schema, cohort = nk.synthetic_cohort(40, 12, seed=1)
>>> m = nk.score(schema, cohort)
>>> m.scores.shape == (len(m.mentee_ids), len(m.mentor_ids))
True
>>> idx, s = nk.top_k(np.eye(3, dtype=np.float32), np.eye(3, dtype=np.float32), 1)
>>> idx[:, 0].tolist()
[0, 1, 2]
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from ._nastavnik import (
    Assignment,
    Candidates,
    Cohort,
    DuplicateIdError,
    EmptyInputError,
    InfeasibleError,
    InternalError,
    InvalidValueError,
    NastavnikError,
    NonFiniteError,
    ParseError,
    PeerMatching,
    Preferences,
    Problem,
    RoommatesResult,
    Schema,
    ScoreMatrix,
    Scorer,
    ShapeError,
    Solution,
    SolverError,
    Strategy,
    UnknownIdError,
    __version__,
    assign_batch,
    assign_fair,
    assign_greedy,
    assign_groups,
    assign_lap,
    assign_mip,
    assign_random,
    assign_sparse,
    blocking_pairs,
    cosine,
    dot,
    jaccard,
    pair_peers,
    rank_stats,
    rbf,
    rematch,
    solve,
    stable_matching,
    stable_matching_from_scores,
    stable_roommates,
    synthetic_cohort,
    top_k,
    weighted_euclidean,
)
from .scheduling import Schedule, production_calendar, schedule
from .standing import standing_slots

__all__ = [
    "Assignment",
    "Candidates",
    "Cohort",
    "DuplicateIdError",
    "EmptyInputError",
    "InfeasibleError",
    "InternalError",
    "InvalidValueError",
    "NastavnikError",
    "NonFiniteError",
    "ParseError",
    "PeerMatching",
    "Problem",
    "Preferences",
    "RoommatesResult",
    "Schema",
    "ScoreMatrix",
    "Scorer",
    "ShapeError",
    "Solution",
    "SolverError",
    "Strategy",
    "UnknownIdError",
    "__version__",
    "assign_batch",
    "assign_greedy",
    "assign_fair",
    "assign_groups",
    "assign_lap",
    "assign_mip",
    "assign_random",
    "assign_sparse",
    "blocking_pairs",
    "cohort_from_records",
    "cosine",
    "dot",
    "jaccard",
    "pair_peers",
    "rank_stats",
    "rbf",
    "rematch",
    "schema_from_dict",
    "score",
    "solve",
    "stable_matching",
    "stable_matching_from_scores",
    "stable_roommates",
    "standing_slots",
    "Schedule",
    "schedule",
    "production_calendar",
    "synthetic_cohort",
    "top_k",
    "weighted_euclidean",
    "forms",
    "frames",
    "report",
]

# The strategy lab (issue 11): nk.evaluate, nk.compare, nk.why_not; everything in nastavnik.lab.
from . import lab  # noqa: E402
from .lab import compare, evaluate, fit_weights, why_not  # noqa: E402

__all__ += ["lab", "compare", "evaluate", "fit_weights", "why_not"]
from .lab import kpis  # noqa: E402

__all__ += ["kpis"]


from . import forms, frames, report  # noqa: E402

frames.install()

# Pickling and == on every result class (issue 12).
from . import _pickle as _pickle  # noqa: E402

_pickle.install()


def score(schema: Schema, cohort: Cohort) -> ScoreMatrix:
    """Score every consenting mentee against every consenting mentor.

    Parameters
    ----------
    schema : Schema
        Questionnaire schema and hard rules.
    cohort : Cohort
        Participants; those without recorded consent are left out.

    Returns
    -------
    ScoreMatrix
        ``scores`` (mentees x mentors, float64 in [0, 1], ``-inf`` for forbidden pairs) with ids.

    Examples
    --------
    >>> import nastavnik as nk
    >>> schema, cohort = nk.synthetic_cohort(10, 4, seed=3)
    >>> nk.score(schema, cohort).shape[1] <= 4
    True
    """
    return Scorer(schema, cohort).score_matrix()


def cohort_from_records(records: Iterable[Mapping[str, Any]]) -> Cohort:
    """Build a :class:`Cohort` from participant dicts (the JSON cohort format).

    Parameters
    ----------
    records : iterable of mapping
        Each with ``id`` and ``role`` and optionally ``consent``, ``form``, ``organisation``,
        ``age``, ``experience_years``, ``mode``, ``capacity``, ``category``, ``group``,
        ``availability`` and ``answers`` (question id -> number, option or list of options).

    Returns
    -------
    Cohort

    Examples
    --------
    >>> import nastavnik as nk
    >>> c = nk.cohort_from_records([{"id": "t1", "role": "mentor", "consent": True}])
    >>> c.mentor_ids
    ['t1']
    """
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise TypeError(f"records must be an iterable of dicts, got {type(records).__name__}")
    recs = []
    for i, r in enumerate(records):
        if not isinstance(r, Mapping):
            raise TypeError(f"records[{i}] must be a dict, got {type(r).__name__}")
        recs.append(dict(r))
    try:
        return Cohort.from_json(_dumps({"participants": recs}))
    except NastavnikError as e:
        raise type(e)(_diagnose_records(recs) or str(e)) from None


def _dumps(obj: Any) -> str:
    return json.dumps(obj, default=lambda o: o.item() if hasattr(o, "item") else str(o))


def _diagnose_records(recs: list) -> str:
    """Name the record, participant id and field behind a cohort JSON error (error path only)."""
    found = []
    for i, r in enumerate(recs):
        base = {k: r[k] for k in ("id", "role") if k in r}
        try:
            Cohort.from_json(_dumps({"participants": [r]}))
            continue
        except NastavnikError as e:
            whole = str(e)
        bad = []
        try:
            Cohort.from_json(_dumps({"participants": [base]}))
        except NastavnikError as e:
            bad.append(f"field 'id'/'role': {e}")
        else:
            for k in r:
                if k in base:
                    continue
                try:
                    Cohort.from_json(_dumps({"participants": [{**base, k: r[k]}]}))
                except NastavnikError as e:
                    bad.append(f"field {k!r}: {e}")
        if "unknown key" in whole and not any("unknown key" in b for b in bad):
            bad.insert(0, whole)  # a misspelt key (e.g. "i" for "id") is the cause to show
        found.append(f"record {i} (id {r.get('id')!r}): " + ("; ".join(bad) or whole))
    return "\n".join(found)


def schema_from_dict(spec: Mapping[str, Any]) -> Schema:
    """Build a :class:`Schema` from a dict (the JSON schema format).

    Parameters
    ----------
    spec : mapping
        ``{"questions": [...], "rules": {...}, "missing_value": None}``.

    Returns
    -------
    Schema

    Examples
    --------
    >>> import nastavnik as nk
    >>> nk.schema_from_dict({"questions": [{"id": "e", "type": "likert", "levels": 5}]}).question_ids
    ['e']
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a dict, got {type(spec).__name__}")
    try:
        text = json.dumps(dict(spec), allow_nan=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"spec must hold JSON values only: {e}") from None
    return Schema.from_json(text)


# Run-time docstrings (help(), ``?`` in Jupyter) come from the one source, the type stub.
from . import _docs as _docs  # noqa: E402
from . import _nastavnik as _ext  # noqa: E402

_docs.attach(globals(), _ext)
# Compiled classes re-exported by submodules (e.g. nastavnik.lab) get their stub docs too.
_docs.attach(
    {n: getattr(_ext, n) for n in dir(_ext)
     if not n.startswith("_") and n not in globals() and isinstance(getattr(_ext, n), type)},
    _ext,
)
