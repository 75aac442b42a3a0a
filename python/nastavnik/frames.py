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

import html
import json
from typing import TYPE_CHECKING, Any, Sequence

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


def scores_to_frame(self: ScoreMatrix) -> "pd.DataFrame":
    """Score matrix as a DataFrame (index: mentee ids, columns: mentor ids).

    Parameters
    ----------
    self : ScoreMatrix

    Returns
    -------
    pandas.DataFrame
    """
    pd = _pd()
    # copy: ``scores`` is a read-only view of the core matrix, the frame is the caller's to edit
    return pd.DataFrame(self.scores, index=pd.Index(self.mentee_ids, name="mentee_id"),
                        columns=pd.Index(self.mentor_ids, name="mentor_id"), copy=True)


def candidates_to_frame(self: Candidates) -> "pd.DataFrame":
    """Candidate lists in long form: ``mentee``, ``mentor``, ``rank`` (0 = best), ``score``.

    Parameters
    ----------
    self : Candidates

    Returns
    -------
    pandas.DataFrame
    """
    pd = _pd()
    import numpy as np

    indptr, indices, scores = self.indptr, self.indices, self.scores
    rows = np.repeat(np.arange(self.n_mentees), np.diff(indptr))
    rank = np.arange(len(indices)) - np.repeat(indptr[:-1], np.diff(indptr))
    mentees = np.asarray(self.mentee_ids, dtype=object)[rows] if self.mentee_ids else rows
    mentors = np.asarray(self.mentor_ids, dtype=object)[indices] if self.mentor_ids else indices
    return pd.DataFrame({"mentee": mentees, "mentor": mentors, "rank": rank, "score": scores})


def cohort_from_frame(df: "pd.DataFrame", schema: Schema) -> Cohort:
    """Build a cohort from a DataFrame with the columns of the curator CSV.

    The DataFrame goes through the same table parser as CSV and XLSX files (core
    ``nastavnik::io``): every problem is reported at once, naming the DataFrame row (by position)
    and the column.

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
    from . import _nastavnik as _nk
    from .forms import frame_rows

    headers, rows = frame_rows(df, ";")
    return _nk.cohort_from_rows(headers, rows, schema)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_rows: int = 20,
               caption: str = "") -> str:
    """A small escaped HTML table (the first ``max_rows`` rows), shared by every ``_repr_html_``."""
    e = html.escape
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{e(caption)}</caption>")
    out.append("<tr>" + "".join(f"<th>{e(str(h))}</th>" for h in headers) + "</tr>")
    for r in rows[:max_rows]:
        out.append("<tr>" + "".join(f"<td>{e(_fmt(v))}</td>" for v in r) + "</tr>")
    if len(rows) > max_rows:
        out.append(f"<tr><td colspan='{len(headers)}'>... {len(rows) - max_rows} more rows</td></tr>")
    out.append("</table>")
    return "".join(out)


def _fmt(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def cohort_to_frame(self: Cohort) -> "pd.DataFrame":
    """Consenting participants as a DataFrame (index: id); people without consent are left out.

    Parameters
    ----------
    self : Cohort

    Returns
    -------
    pandas.DataFrame
        Columns ``role`` and the participant fields, then one column per answered question.
    """
    pd = _pd()
    people = [p for p in json.loads(self.to_json())["participants"] if p.get("consent")]
    rows = []
    for p in people:
        r = {k: v for k, v in p.items() if k not in ("answers", "consent")}
        for q, a in (p.get("answers") or {}).items():
            r[q] = "; ".join(a) if isinstance(a, list) else a
        rows.append(r)
    df = pd.DataFrame(rows)
    return df.set_index("id") if "id" in df else df


def assignment_to_frame(self: Any, scores: Any = None) -> "pd.DataFrame":
    """Pairs of an assignment: ``mentee``, ``mentor`` (ids when known) and ``score`` if given.

    Parameters
    ----------
    self : Assignment
    scores : array_like or ScoreMatrix, optional
        The matrix the assignment was solved on, to add each pair's score.

    Returns
    -------
    pandas.DataFrame
    """
    pd = _pd()
    import numpy as np

    pairs = np.asarray(self.pairs, dtype=np.int64).reshape(-1, 2)
    rid = self.mentee_ids or getattr(scores, "mentee_ids", None)
    cid = self.mentor_ids or getattr(scores, "mentor_ids", None)
    df = pd.DataFrame({
        "mentee": [rid[i] for i in pairs[:, 0]] if rid else pairs[:, 0],
        "mentor": [cid[j] for j in pairs[:, 1]] if cid else pairs[:, 1],
    })
    if scores is not None:
        s = np.asarray(getattr(scores, "scores", scores), dtype=float)
        df["score"] = s[pairs[:, 0], pairs[:, 1]] if len(pairs) else []
    return df


def explanations_to_frame(scorer: Any, pairs: Sequence[tuple[str, str]], *,
                          progress: bool = True) -> "pd.DataFrame":
    """Per-question contributions of the given (mentee id, mentor id) pairs, in long form.

    ``progress=False`` turns off the tqdm bar (shown when tqdm is installed).
    """
    from ._progress import progress as bar

    pd = _pd()
    rows = []
    for mentee, mentor in bar(pairs, total=len(pairs), desc="explain", enabled=progress, unit="pair"):
        e = scorer.explain(mentee, mentor)
        for c in e["contributions"]:
            rows.append({"mentee": mentee, "mentor": mentor, **c})
    return pd.DataFrame(rows, columns=["mentee", "mentor", "question", "weight", "value", "contribution"])


def register(cls: type, to_frame: Any = None, repr_html: Any = None) -> None:
    """Attach ``to_frame`` and ``_repr_html_`` to a result class (reusable by new result types)."""
    if to_frame is not None:
        cls.to_frame = to_frame
    if repr_html is not None:
        cls._repr_html_ = repr_html


def _cohort_html(c: Cohort) -> str:
    people = [p for p in json.loads(c.to_json())["participants"] if p.get("consent")]
    rows = [[p["id"], p["role"], p.get("form") or "", p.get("group") or "", len(p.get("answers") or {})]
            for p in people]
    return "<div>" + html.escape(repr(c)) + html_table(["id", "role", "form", "group", "answers"], rows) + "</div>"


def _scores_html(m: ScoreMatrix) -> str:
    import numpy as np

    s = np.asarray(m.scores)
    k = min(8, s.shape[1])
    rows = [[m.mentee_ids[i], *[float(v) for v in s[i, :k]]] for i in range(min(15, s.shape[0]))]
    return (f"<div>ScoreMatrix {s.shape[0]} mentees x {s.shape[1]} mentors"
            + html_table(["mentee", *m.mentor_ids[:k]], rows) + "</div>")


def _assignment_html(a: Any) -> str:
    df = assignment_to_frame(a)
    return ("<div>" + html.escape(repr(a))
            + html_table(["mentee", "mentor"], df.values.tolist()) + "</div>")


def _candidates_html(c: Candidates) -> str:
    df = candidates_to_frame(c)
    return "<div>" + html.escape(repr(c)) + html_table(list(df.columns), df.values.tolist()) + "</div>"


def install() -> None:
    """Attach ``to_frame()`` and ``_repr_html_`` to the core result classes."""
    from . import _nastavnik as _nk

    register(Cohort, cohort_to_frame, _cohort_html)
    register(ScoreMatrix, scores_to_frame, _scores_html)
    register(Candidates, candidates_to_frame, _candidates_html)
    register(_nk.Assignment, assignment_to_frame, _assignment_html)
