"""Plots with matplotlib (imported lazily): score heatmap, distribution of chosen scores, mentor load.

Each function returns the matplotlib ``Axes`` it drew on (pass ``ax=`` to draw into your own).

Examples
--------
>>> import numpy as np
>>> from nastavnik.plots import chosen_scores
>>> ax = chosen_scores(np.array([0.5, 0.7, 0.9]))
>>> ax.get_xlabel()
'оценка пары'
"""

from __future__ import annotations

from typing import Any, Optional, Sequence


def _axes(ax: Optional[Any], size: tuple[float, float] = (5, 3.5)) -> Any:
    import matplotlib

    if ax is not None:
        return ax
    matplotlib.use("Agg", force=False) if matplotlib.get_backend() == "" else None
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def score_heatmap(scores: Any, *, ax: Optional[Any] = None, max_cells: int = 400) -> Any:
    """Heatmap of a score matrix (mentees x mentors; forbidden pairs blank).

    Parameters
    ----------
    scores : array_like or ScoreMatrix
    ax : matplotlib Axes, optional
    max_cells : int
        Larger sides are drawn from evenly spaced rows/columns (said in the title).
    """
    import numpy as np

    s = np.asarray(getattr(scores, "scores", scores), dtype=float)
    ax = _axes(ax)
    title = "оценки пар"
    if max(s.shape, default=0) > max_cells:
        # Evenly spaced rows and columns: a screen shows a few hundred pixels anyway, and drawing
        # a 7000 x 2500 image takes seconds.
        rows = np.unique(np.linspace(0, s.shape[0] - 1, min(s.shape[0], max_cells)).astype(int))
        cols = np.unique(np.linspace(0, s.shape[1] - 1, min(s.shape[1], max_cells)).astype(int))
        s = s[np.ix_(rows, cols)]
        title += f" (выборка {len(rows)} x {len(cols)})"
    im = ax.imshow(np.where(np.isfinite(s), s, np.nan), aspect="auto", cmap="viridis")
    ax.figure.colorbar(im, ax=ax)
    ax.set_xlabel("наставники")
    ax.set_ylabel("наставляемые")
    ax.set_title(title)
    return ax


def chosen_scores(values: Sequence[float], *, ax: Optional[Any] = None) -> Any:
    """Histogram of the scores of the chosen pairs."""
    import numpy as np

    ax = _axes(ax)
    ax.hist(np.asarray(values, dtype=float), bins=15, color="#4a7ebb")
    ax.set_xlabel("оценка пары")
    ax.set_ylabel("число пар")
    ax.set_title("распределение оценок выбранных пар")
    return ax


def mentor_load(loads: Sequence[int], *, ax: Optional[Any] = None) -> Any:
    """Bar chart: how many mentors have 0, 1, 2, ... mentees."""
    import numpy as np

    ax = _axes(ax)
    counts = np.bincount(np.asarray(loads, dtype=int)) if len(loads) else np.zeros(1, dtype=int)
    ax.bar(np.arange(len(counts)), counts, color="#c0504d")
    ax.set_xlabel("наставляемых у наставника")
    ax.set_ylabel("число наставников")
    ax.set_title("нагрузка наставников")
    return ax


def meetings_by_week(schedule: Any, *, ax: Optional[Any] = None) -> Any:
    """Bar chart of the number of meetings per ISO week of a :class:`nastavnik.Schedule`.

    Examples
    --------
    >>> import nastavnik as nk
    >>> from nastavnik.plots import meetings_by_week
    >>> cal = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
    >>> s = nk.schedule([("s", "t")], [{"id": "s"}, {"id": "t"}], cal, [{"id": "101", "capacity": 2}])
    >>> meetings_by_week(s).get_ylabel()
    'встреч'
    """
    import datetime as dt
    from collections import Counter

    records = schedule.meeting_records() if hasattr(schedule, "meeting_records") else list(schedule)
    weeks: Counter = Counter()
    for m in records:
        d = dt.date.fromisoformat(m["date"])
        weeks[d - dt.timedelta(days=d.weekday())] += 1
    ax = _axes(ax, (7, 3))
    xs = sorted(weeks)
    ax.bar([x.isoformat() for x in xs], [weeks[x] for x in xs], color="#4c72b0")
    ax.set_xlabel("неделя (понедельник)")
    ax.set_ylabel("встреч")
    ax.set_title("Встречи по неделям")
    step = max(1, len(xs) // 12)
    ax.set_xticks(range(0, len(xs), step))
    ax.set_xticklabels([xs[i].strftime("%d.%m") for i in range(0, len(xs), step)], rotation=45, fontsize=7)
    return ax
