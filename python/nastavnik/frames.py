"""Optional pandas adapters (pandas is imported lazily; no algorithms here).

Examples
--------
>>> import nastavnik as nk
>>> from nastavnik.frames import scores_to_frame
>>> schema, cohort = nk.synthetic_cohort(5, 3, seed=1)
>>> df = scores_to_frame(nk.score(schema, cohort))
>>> list(df.columns) == nk.score(schema, cohort).mentor_ids
True
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._nastavnik import Candidates, Cohort, Schema, ScoreMatrix

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_FIELDS = (
    "consent", "form", "organisation", "age", "experience_years", "mode",
    "capacity", "category", "group", "availability",
)


def _pd() -> Any:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover
        raise ImportError("nastavnik.frames needs pandas: pip install pandas") from e
    return pd


def scores_to_frame(m: ScoreMatrix) -> "pd.DataFrame":
    """Score matrix as a DataFrame (index: mentee ids, columns: mentor ids).

    Parameters
    ----------
    m : ScoreMatrix

    Returns
    -------
    pandas.DataFrame
    """
    pd = _pd()
    return pd.DataFrame(m.scores, index=pd.Index(m.mentee_ids, name="mentee_id"),
                        columns=pd.Index(m.mentor_ids, name="mentor_id"))


def candidates_to_frame(c: Candidates) -> "pd.DataFrame":
    """Candidate lists in long form: ``mentee``, ``mentor``, ``rank`` (0 = best), ``score``.

    Parameters
    ----------
    c : Candidates

    Returns
    -------
    pandas.DataFrame
    """
    pd = _pd()
    import numpy as np

    indptr, indices, scores = c.indptr, c.indices, c.scores
    rows = np.repeat(np.arange(c.n_mentees), np.diff(indptr))
    rank = np.arange(len(indices)) - np.repeat(indptr[:-1], np.diff(indptr))
    mentees = np.asarray(c.mentee_ids, dtype=object)[rows] if c.mentee_ids else rows
    mentors = np.asarray(c.mentor_ids, dtype=object)[indices] if c.mentor_ids else indices
    return pd.DataFrame({"mentee": mentees, "mentor": mentors, "rank": rank, "score": scores})


def _answer(v: Any) -> Any:
    """A questionnaire cell: ``"a;b"`` strings and tuples become lists of options."""
    if isinstance(v, str) and ";" in v:
        return [s.strip() for s in v.split(";") if s.strip()]
    return list(v) if isinstance(v, tuple) else v


def _field(name: str, v: Any) -> Any:
    """A participant field: consent strings become booleans, numpy scalars plain Python."""
    if name == "consent" and isinstance(v, str):
        return v.strip().lower() in ("yes", "y", "true", "1", "да")
    return v.item() if hasattr(v, "item") else v


def cohort_from_frame(df: "pd.DataFrame", schema: Schema) -> Cohort:
    """Build a cohort from a DataFrame with the columns of the curator CSV.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``id``, ``role`` and optional participant fields; columns named after the
        schema's questions hold answers (multi-select as lists or ``;``-separated strings).
    schema : Schema

    Returns
    -------
    Cohort
    """
    pd = _pd()
    questions = set(schema.question_ids)
    records = []
    for row in df.to_dict(orient="records"):
        rec: dict[str, Any] = {"id": str(row["id"]), "role": str(row["role"]).strip().lower()}
        answers: dict[str, Any] = {}
        for k, v in row.items():
            if k in ("id", "role"):
                continue
            if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)):
                continue
            if k in questions:
                answers[k] = _answer(v)
            elif k in _FIELDS:
                rec[k] = _field(k, v)
        rec["answers"] = answers
        records.append(rec)
    return Cohort.from_json(json.dumps({"participants": records}, default=str))
