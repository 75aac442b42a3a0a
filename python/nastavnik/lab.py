"""The strategy lab: benchmark matching strategies on historical cohorts.

Metrics of one result, strategy sweeps (strategies x cohorts x seeds) into one long pandas
DataFrame, outcome-aware weights (ridge fitted on past satisfaction surveys), "why not?" for a pair
the solver did not choose, sensitivity of the pairs to question weights, the same sweep on a Dask
cluster, and matplotlib plots. The work happens in the Rust core (``nastavnik.evaluate``); this
module converts to and from pandas.

Examples
--------
>>> import nastavnik.lab as lab
>>> cohorts = lab.synthetic_history(schools=1, years=[2022], n_mentees=20, n_mentors=20)
>>> df = lab.compare({"lap": {"solver": "lap"}, "made": "made"}, cohorts, seeds=[0], progress=False)
>>> sorted(df["strategy"].unique().tolist())
['lap', 'made']
>>> bool((df.set_index("strategy")["total"]["lap"] >= df.set_index("strategy")["total"]["made"]))
True
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from . import _nastavnik as _nk

HistoricalCohort = _nk.HistoricalCohort
WhyNotSolver = _nk.WhyNotSolver

#: The programme's satisfaction target (share of satisfied participants, 2024 seeds).
SATISFACTION_TARGET = 0.85
#: Predicted satisfaction from which a pair counts as satisfied (rounds to 4 or 5 of 5).
SATISFIED = 3.5

# ---------------------------------------------------------------------------------------------
# Argument checks: every TypeError / ValueError names the argument (the fuzz suite checks it)
# ---------------------------------------------------------------------------------------------

_U32 = 2**32 - 1


def _checked(**rules: Callable[[str, Any], None]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the named arguments with their rule before the call."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = sig.bind_partial(*args, **kwargs)
            for name, rule in rules.items():
                if name in bound.arguments:
                    rule(name, bound.arguments[name])
            return fn(*args, **kwargs)

        return wrapper

    return deco


def _int(lo: int, hi: int) -> Callable[[str, Any], None]:
    def check(name: str, v: Any) -> None:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {type(v).__name__}")
        if not lo <= int(v) <= hi:
            raise _nk.InvalidValueError(f"{name} must lie in [{lo}, {hi}], got {int(v)}")

    return check


def _num(name: str, v: Any) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(v).__name__}")


def _seq(item: Callable[[str, Any], None] | None = None) -> Callable[[str, Any], None]:
    def check(name: str, v: Any) -> None:
        if isinstance(v, (str, bytes, Mapping, set, frozenset)) or not hasattr(v, "__iter__"):
            raise TypeError(f"{name} must be a sequence, got {type(v).__name__}")
        if isinstance(v, np.ndarray) and v.ndim != 1:
            raise TypeError(f"{name} must be a 1-D sequence, got a {v.ndim}-D array")
        if item is not None:
            for k, x in enumerate(v):
                item(f"{name}[{k}]", x)

    return check


def _num_or_seq(name: str, v: Any) -> None:
    if isinstance(v, (str, bytes, Mapping)) or not hasattr(v, "__iter__"):
        _num(name, v)
    else:
        _seq(_num)(name, v)


def _callable(name: str, v: Any) -> None:
    if not callable(v):
        raise TypeError(f"{name} must be callable, got {type(v).__name__}")


def _id(name: str, v: Any) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer, str)):
        raise TypeError(f"{name} must be an id (str) or an index (int), got {type(v).__name__}")
    if not isinstance(v, str) and not 0 <= int(v) <= _U32:
        raise _nk.InvalidValueError(f"{name} must lie in [0, {_U32}], got {int(v)}")


def _cohort(name: str, v: Any) -> None:
    if not isinstance(v, HistoricalCohort):
        raise TypeError(f"{name} must be a HistoricalCohort, got {type(v).__name__}")


def _assignment(name: str, v: Any) -> None:
    if not isinstance(v, (_nk.Assignment, _nk.Solution, _nk.PeerMatching)):
        raise TypeError(f"{name} must be an Assignment, a Solution or a PeerMatching, got {type(v).__name__}")


def _as_assignment(v: Any) -> Any:
    """The Assignment of any result type: a Solution's assignment; a PeerMatching as the
    participants x participants assignment of ``Strategy("peers")`` (pair ``(i, j)``, ``i < j``)."""
    if isinstance(v, _nk.Solution):
        return v.assignment
    if isinstance(v, _nk.PeerMatching):
        mate = np.asarray(v.mate, dtype=np.int64)
        mentor_of = np.where(mate > np.arange(len(mate)), mate, -1)
        return _from_mentor_of(mentor_of, (len(mate), len(mate)))
    return v


def _assignment_or_none(name: str, v: Any) -> None:
    if v is not None:
        _assignment(name, v)


def _problem(name: str, v: Any) -> None:
    if isinstance(v, (HistoricalCohort, _nk.ScoreMatrix)) or hasattr(v, "to_numpy"):
        return
    try:
        a = np.asarray(v)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be a HistoricalCohort or a 2-D array of scores: {e}") from None
    if a.ndim != 2 or a.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a HistoricalCohort or a 2-D array of numbers, got "
                        f"{a.ndim}-D {a.dtype}")


def _array(ndim: int) -> Callable[[str, Any], None]:
    def check(name: str, v: Any) -> None:
        try:
            a = np.asarray(v)
        except (TypeError, ValueError) as e:
            raise TypeError(f"{name} must be a {ndim}-D array of numbers: {e}") from None
        if a.ndim != ndim or a.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be a {ndim}-D array of numbers, got {a.ndim}-D {a.dtype}")

    return check


def _strategies(name: str, v: Any) -> None:
    if isinstance(v, (str, bytes)) or callable(v) or isinstance(v, Mapping):
        return
    if not hasattr(v, "__iter__"):
        raise TypeError(f"{name} must be a mapping or a list of strategies, got {type(v).__name__}")


_BUNDLED = Path(__file__).resolve().parents[2] / "data" / "history"


def _pd() -> Any:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("nastavnik.lab needs pandas: pip install 'nastavnik[lab]'") from e
    return pd


@_checked(schools=_int(0, _U32), years=_seq(_int(1, 9999)), n_mentees=_int(0, _U32),
          n_mentors=_int(0, _U32))
def synthetic_history(
    *,
    schools: int = 4,
    years: Sequence[int] = (2021, 2022, 2023),
    n_mentees: int = 50,
    n_mentors: int = 50,
    noise: float = 0.05,
    curator_noise: float = 0.15,
    seed: int = 2024,
) -> list[HistoricalCohort]:
    """Seeded synthetic historical cohorts whose outcomes follow a documented latent model.

    See ``nastavnik::evaluate::synthetic_history`` for the model; each cohort carries its
    ``true_weights``.
    """
    return _nk.synthetic_history(
        schools=schools,
        years=list(years),
        n_mentees=n_mentees,
        n_mentors=n_mentors,
        noise=noise,
        curator_noise=curator_noise,
        seed=seed,
    )


def load_history(path: str | os.PathLike[str] | None = None) -> list[HistoricalCohort]:
    """Read historical cohorts: a JSON file, a folder of CSV files (with ``meta.json``), or a
    folder holding any of those (``*.json`` files and CSV sub-folders, sorted by name).

    Without ``path`` the bundled set ``data/history`` is read. Errors name the file and entry
    (for CSV: the file, line and column).
    """
    p = Path(path) if path is not None else _BUNDLED
    if p.is_dir() and (p / "meta.json").is_file():
        return [HistoricalCohort.read_csv_dir(p)]
    if not p.is_dir():
        return [HistoricalCohort.read_json(p)]
    out = []
    for f in sorted(p.iterdir()):
        if f.is_dir() and (f / "meta.json").is_file():
            out.append(HistoricalCohort.read_csv_dir(f))
        elif f.is_file() and f.suffix.lower() == ".json":
            out.append(HistoricalCohort.read_json(f))
    if not out:
        raise _nk.EmptyInputError(f"no historical cohorts (*.json files or CSV folders with meta.json) in {p}")
    return out


def save_history(cohorts: Sequence[HistoricalCohort], path: str | os.PathLike[str], *, format: str = "json") -> list[Path]:
    """Write cohorts into the folder ``path``: ``NAME.json`` files (``format="json"``) or ``NAME/``
    folders of CSV files (``format="csv"``). Returns the paths written."""
    if format not in ("json", "csv"):
        raise _nk.InvalidValueError(f"invalid format: {format!r}; expected 'json' or 'csv'")
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for c in cohorts:
        if format == "json":
            f = root / f"{c.name}.json"
            f.write_text(c.to_json(), encoding="utf-8")
        else:
            f = root / c.name
            c.write_csv_dir(f)
        out.append(f)
    return out


#: Programme KPI names, in table order (see ``nastavnik::evaluate::kpis``).
KPI_INDICATORS = ("mentees_10_18", "mentors_15_18", "young_teacher_mentees", "enterprises",
                  "mentee_satisfaction", "mentor_satisfaction")


def kpis(cohorts: Sequence[HistoricalCohort], *, by: str = "school",
         targets: Mapping[int, Any] | None = None) -> Any:
    """Programme KPIs of historical cohorts per school or district and year, against targets.

    Parameters
    ----------
    cohorts : sequence of HistoricalCohort
    by : {"school", "district"}
        Aggregation level: a district sums the numerators and denominators of its schools.
    targets : mapping of int to (mapping or sequence), optional
        Targets by year overriding the seeds' (2020 -> 2024, linear in between): a mapping
        indicator -> share, or six shares in :data:`KPI_INDICATORS` order. Indicators missing
        from a mapping keep the seeds' target.

    Returns
    -------
    pandas.DataFrame
        One row per unit, year and indicator: ``level, unit, year, indicator, numerator,
        denominator, value, target, met`` (``value`` is NaN without a population).

    Examples
    --------
    >>> import nastavnik as nk
    >>> t = nk.kpis(nk.lab.synthetic_history(schools=2, years=[2023]), by="district")
    >>> sorted(t["indicator"].unique()) == sorted(nk.lab.KPI_INDICATORS)
    True
    """
    if not isinstance(by, str):
        raise TypeError(f"by must be 'school' or 'district', got {type(by).__name__}")
    if isinstance(cohorts, (str, bytes, Mapping)) or not hasattr(cohorts, "__iter__"):
        raise TypeError(f"cohorts must be a list of HistoricalCohort, got {type(cohorts).__name__}")
    if targets is not None and not isinstance(targets, Mapping):
        raise TypeError(f"targets must be a dict {{year: shares}}, got {type(targets).__name__}")
    try:
        tg = _kpi_targets(targets)
    except TypeError as e:
        raise TypeError(f"targets: {e}") from None
    try:
        rows = json.loads(_nk.kpis_json(list(cohorts), level=by, targets=tg))
    except TypeError as e:
        raise TypeError(f"cohorts: {e}") from None
    df = _pd().DataFrame(rows, columns=["level", "unit", "year", "indicator", "numerator", "denominator",
                                        "value", "target", "met"])
    df["value"] = df["value"].astype(float)
    return df


def _kpi_targets(targets: Mapping[Any, Any] | None) -> dict[int, dict[str, float]] | None:
    """Yearly targets as the core reads them: ``{year: {indicator: share}}``."""
    tg = None
    if targets is not None:
        tg = {}
        for year, v in targets.items():
            y = int(year)
            if isinstance(v, Mapping):
                tg[y] = {str(k): float(x) for k, x in v.items()}
            else:
                vals = [float(x) for x in v]
                if len(vals) != len(KPI_INDICATORS):
                    raise _nk.ShapeMismatchError(f"targets for {y}: expected {len(KPI_INDICATORS)} shares, got {len(vals)}")
                tg[y] = dict(zip(KPI_INDICATORS, vals))
    return tg


# ---------------------------------------------------------------------------------------------
# Metrics of one result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Metrics of one result (see ``nastavnik::evaluate::metrics`` for definitions)."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def to_frame(self) -> Any:
        """A one-row DataFrame (nested per-group coverage flattened to ``coverage_by_form[x]``)."""
        return _pd().DataFrame([_flatten(self.values)])


def _flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            if k.startswith("coverage_by_"):
                for g, x in v.items():
                    out[f"{key}[{g}]"] = x
            else:
                out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


@_checked(result=_assignment, problem=_problem, reference=_assignment_or_none)
def evaluate(result: Any, problem: Any, *, reference: Any = None, **labels: Any) -> Metrics:
    """Metrics of one assignment.

    Parameters
    ----------
    result : Assignment, Solution or PeerMatching
        The pairs to measure (a peer matching counts each pair once, on its lower index, as
        ``Strategy("peers")`` does).
    problem : HistoricalCohort or array_like
        A historical cohort (labels, capacities and stated preferences come from it) or a score
        matrix (mentees x mentors, ``-inf`` forbidden) with optional keyword labels
        ``mentee_ids``, ``category``, ``form``, ``organisation``, ``capacity``.
    reference : Assignment, optional
        Count pairs changed against this result.

    Returns
    -------
    Metrics
        Attribute access to every metric and ``.to_frame()`` for a one-row DataFrame.
    """
    result = _as_assignment(result)
    reference = None if reference is None else _as_assignment(reference)
    if isinstance(problem, HistoricalCohort):
        if labels:
            raise TypeError(f"labels come from the historical cohort; pass none (got {sorted(labels)})")
        text = problem.evaluate_json(result, reference=reference)
    else:
        text = _nk.evaluate_json(result, problem, reference=reference, **labels)
    return Metrics(json.loads(text))


# ---------------------------------------------------------------------------------------------
# Sweeps
# ---------------------------------------------------------------------------------------------

StrategyLike = Any  # nk.Strategy, JSON text, a dict, a path to a JSON file, "made", or a callable


def _contender_json(name: str, s: Any) -> str:
    """The flat contender JSON of one strategy-like value (validated by the core)."""
    if isinstance(s, _nk.Strategy):
        text = s.to_json()
    elif isinstance(s, os.PathLike):
        text = Path(s).read_text(encoding="utf-8-sig")
    elif isinstance(s, str):
        t = s.strip()
        if t.startswith(("{", '"')):
            text = t
        elif t == "made" or t in _nk.Strategy.names():
            text = json.dumps({"solver": t})
        elif Path(t).is_file():
            text = Path(t).read_text(encoding="utf-8-sig")
        else:
            raise _nk.ParseError(f"strategy {name!r}: {t!r} is neither a solver name, JSON nor an existing file")
    elif isinstance(s, Mapping):
        d = dict(s)
        if isinstance(d.get("strategy"), _nk.Strategy):  # {"strategy": nk.Strategy(...), "weights": {...}}
            d = {**d.pop("strategy").to_dict(), **d}
        text = json.dumps(d)
    else:
        raise TypeError(
            f"strategies: strategy {name!r}: expected a Strategy, JSON text, a dict, a JSON file path or a callable, got {type(s).__name__}"
        )
    return _nk.strategy_json(text)


def _split(strategies: Any) -> tuple[list[tuple[str, str]], dict[str, Callable[..., Any]], list[str]]:
    """Core contenders (name, JSON), Python callables by name, and every name in the given order."""
    if isinstance(strategies, Mapping):
        items = [(str(k), v) for k, v in strategies.items()]
    elif isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
        raise TypeError("strategies must be a mapping name -> strategy, or a sequence of strategies")
    else:
        items = []
        for s in strategies:
            base = s.solver if isinstance(s, _nk.Strategy) else getattr(s, "__name__", None) or (
                json.loads(_contender_json("?", s)) if not callable(s) else "callable")
            if isinstance(base, dict):
                base = base.get("solver", "strategy")
            elif not isinstance(base, str):
                base = "made"
            name, k = str(base), 2
            while name in {n for n, _ in items}:
                name, k = f"{base}_{k}", k + 1
            items.append((name, s))
    core: list[tuple[str, str]] = []
    py: dict[str, Callable[..., Any]] = {}
    for name, s in items:
        if callable(s) and not isinstance(s, _nk.Strategy):
            py[name] = s
        else:
            core.append((name, _contender_json(name, s)))
    return core, py, [n for n, _ in items]


def _rows_to_records(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        rec = {"cohort": r["cohort"], "strategy": r["strategy"], "solver": r.get("solver", "callable"),
               "one_to_one": r.get("one_to_one"), "reject_score": r.get("reject_score"), "seed": r["seed"]}
        rec.update(_flatten(r["metrics"]))
        for k in ("spearman", "predicted_satisfied", "true_fit"):
            rec[k] = r.get(k)
        out.append(rec)
    return out


def _accepts_seed(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` takes a ``seed`` keyword (explicitly or through ``**kwargs``)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature: try the keyword
        return True
    return any(p.name == "seed" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
               or p.kind == p.VAR_KEYWORD for p in params)


def _python_rows(name: str, fn: Callable[..., Any], cohort: HistoricalCohort, seeds: Sequence[int],
                 model: tuple[list[float], float] | None = None) -> list[dict[str, Any]]:
    """Rows of a user's callable: its pairs per seed, measured by the core exactly as a solver's
    (metrics, ``spearman``, ``predicted_satisfied``, ``true_fit``)."""
    mentee_ids, mentor_ids, scores = cohort.scores()
    with_seed = _accepts_seed(fn)
    results = []
    for seed in seeds:
        result = fn(scores, cohort, seed=seed) if with_seed else fn(scores, cohort)
        if isinstance(result, (_nk.Solution, _nk.PeerMatching)):
            result = _as_assignment(result)
        elif not isinstance(result, _nk.Assignment):
            try:
                result = _from_mentor_of(result, scores.shape)
            except (TypeError, ValueError) as e:
                raise type(e)(f"strategies: callable {name!r} on cohort {cohort.name!r}: {e}") from None
        results.append(result)
    rows = json.loads(cohort.given_rows_json(name, results, list(seeds), model=model))
    for r in rows:
        r["one_to_one"] = None
    return rows


def _from_mentor_of(mentor_of: Any, shape: tuple[int, int]) -> Any:
    """An Assignment holding exactly the one-to-one pairs ``i -> mentor_of[i]`` (-1: none)."""
    try:
        mo = np.asarray(mentor_of, dtype=np.int64).ravel()
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"expected an Assignment or a mentor_of array of ints, got {type(mentor_of).__name__}") from None
    n, m = shape
    if mo.shape != (n,) or ((mo < -1) | (mo >= m)).any():
        raise _nk.InvalidValueError(f"invalid strategy result: expected {n} mentor indices in [-1, {m}), got {mo.tolist()[:10]}")
    chosen = mo[mo >= 0]
    if len(np.unique(chosen)) != len(chosen):
        raise _nk.InvalidValueError("invalid strategy result: a mentor index is repeated (one-to-one expected)")
    mask = np.full(shape, -np.inf)
    rows = np.nonzero(mo >= 0)[0]
    mask[rows, mo[rows]] = 1.0
    return _nk.assign_lap(mask, reject_score=0.5)


def _chunk_rows(core: list[tuple[str, str]], cohort_json: list[str], seeds: list[int],
                threads: int | None, model: tuple[list[float], float] | None,
                reject_score: float | None = None) -> list[dict[str, Any]]:
    """One chunk of cohorts (given as JSON so that it can travel to a Dask worker)."""
    cohorts = [HistoricalCohort.from_json(t, file=f"cohort {k}") for k, t in enumerate(cohort_json)]
    if not core:
        return []
    return json.loads(_nk.sweep_json(core, cohorts, seeds, threads=threads, model=model, reject_score=reject_score))


@_checked(strategies=_strategies, cohorts=_seq(_cohort), seeds=_seq(_int(0, 2**64 - 1)))
def compare(
    strategies: Any,
    cohorts: Sequence[HistoricalCohort],
    *,
    seeds: Sequence[int] = (0,),
    reject_score: float | None = 0.0,
    threads: int | None = None,
    model: FittedWeights | None = None,
    progress: bool = True,
    client: Any = None,
    chunk_size: int = 8,
) -> Any:
    """Run every strategy on every cohort with every seed into one long DataFrame.

    Each cohort's problem is its base score matrix with the participants' ids, the mentors'
    capacities as maximum loads (one-to-one solvers ``lap``, ``sparse``, ``greedy``, ``random``
    use capacity 1, column ``one_to_one``), the stated preferences and ``reject_score``; every
    strategy is solved by ``Strategy.solve`` in the Rust core and measured on the base scores.

    Parameters
    ----------
    strategies : mapping of str to strategy, or a sequence of strategies
        Name -> a :class:`nastavnik.Strategy`, its JSON text or dict (``{"solver": "lap"}``), a
        path to a JSON file, a solver name, or ``"made"`` (the pairs actually made that year). A
        dict may add ``"weights"`` (question id -> weight) to score with other weights (e.g.
        :meth:`FittedWeights.as_strategy`). Or a Python callable ``fn(scores, cohort, seed=...)``
        returning an ``Assignment`` on the cohort's base score matrix, or a one-to-one
        ``mentor_of`` array (mentor column of each mentee, -1 when unmatched). A sequence is named
        by solver (``lap``, ``lap_2``...) or function name.
    cohorts : sequence of HistoricalCohort
    seeds : sequence of int
        Seeds of the seeded solvers (``random``, ``stable``, ``stable_from_scores``); the rows of
        deterministic solvers repeat for every seed.
    reject_score : float or None
        The reject score of every cohort's problem (default 0: no pair below 0 is forced;
        ``None``: fill the side with less room). Solvers that take none (``stable``, ``fair``,
        ``peers``, ``rematch``) solve without it; the column ``reject_score`` says which applied.
    threads : int, optional
        Worker threads of the Rust sweep (results identical on any count).
    model : FittedWeights, optional
        Outcome model for the ``predicted_satisfied`` column.
    progress : bool
        Show a tqdm progress bar over chunks of cohorts. Ctrl-C stops cleanly after the running
        chunk (the bar is closed, ``KeyboardInterrupt`` propagates, nothing is half-written).
    client : dask.distributed.Client, optional
        Run the chunks on a Dask cluster (each task solves a chunk of cohorts in the Rust core
        with the GIL released). Results are identical to the local sweep.
    chunk_size : int
        Cohorts per chunk (per progress step or Dask task); cohorts of a chunk run in parallel.

    Returns
    -------
    pandas.DataFrame
        One row per (cohort, strategy, seed), in that order, with every metric as a column
        (a DataFrame whose notebook display starts with the mean of the main metrics per
        strategy; :func:`summary` gives that table).

    Examples
    --------
    >>> import nastavnik as nk
    >>> cohorts = nk.lab.synthetic_history(schools=1, years=[2022], n_mentees=20, n_mentors=20)
    >>> df = nk.compare([nk.Strategy("lap"), nk.Strategy("random"), "made"], cohorts, seeds=[0, 1], progress=False)
    >>> df["strategy"].unique().tolist()
    ['lap', 'random', 'made']
    """
    _pd()  # fail early without pandas
    core, py, names = _split(strategies)
    cohorts = list(cohorts)
    for c in cohorts:
        if not isinstance(c, HistoricalCohort):
            raise TypeError(f"cohorts must be HistoricalCohort objects, got {type(c).__name__}")
    seeds = [int(s) for s in seeds]
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise _nk.InvalidValueError(f"invalid chunk_size: {chunk_size!r}; expected an integer >= 1")
    m = (list(model.weights), float(model.intercept)) if model is not None else None
    chunks = [cohorts[k : k + chunk_size] for k in range(0, len(cohorts), chunk_size)]
    raw: list[dict[str, Any]] = []
    if client is not None:
        texts = [[c.to_json() for c in ch] for ch in chunks]
        k = len(texts)
        futures = client.map(_chunk_rows, [core] * k, texts, [seeds] * k, [threads] * k, [m] * k,
                             [reject_score] * k, pure=False)
        results = client.gather(futures)
        for ch, rows in zip(chunks, results):
            raw.extend(_merge(rows, ch, py, seeds, core, names, m))
    else:
        bar = _progress(len(chunks), progress)
        try:
            for ch in chunks:
                rows = json.loads(_nk.sweep_json(core, ch, seeds, threads=threads, model=m,
                                                 reject_score=reject_score)) if core else []
                raw.extend(_merge(rows, ch, py, seeds, core, names, m))
                bar.update(1)
        finally:
            bar.close()
    return _comparison_frame()(_rows_to_records(raw))


def _merge(rows: list[dict[str, Any]], chunk: list[HistoricalCohort], py: dict[str, Callable[..., Any]],
           seeds: list[int], core: list[tuple[str, str]], names: list[str],
           model: tuple[list[float], float] | None = None) -> list[dict[str, Any]]:
    """Core rows of a chunk plus the Python strategies' rows, in (cohort, strategy, seed) order."""
    if not py:
        return rows
    per = len(seeds)
    out: list[dict[str, Any]] = []
    for k, c in enumerate(chunk):
        by_name: dict[str, list[dict[str, Any]]] = {}
        base = k * per * len(core)
        for s, (name, _) in enumerate(core):
            by_name[name] = rows[base + s * per : base + (s + 1) * per]
        for name, fn in py.items():
            by_name[name] = _python_rows(name, fn, c, seeds, model)
        for name in names:
            out.extend(by_name[name])
    return out


#: Metrics shown first in the display of a comparison and by :func:`summary`.
SUMMARY_METRICS = ("n_pairs", "total", "mean", "min", "coverage", "gini", "blocking_pairs", "pairs_changed",
                   "spearman", "predicted_satisfied", "true_fit")


def summary(df: Any, metrics: Sequence[str] = SUMMARY_METRICS) -> Any:
    """Mean of each metric per strategy over cohorts and seeds (strategies in table order)."""
    cols = [c for c in metrics if c in df.columns]
    g = df[["strategy", *cols]].copy()
    for c in cols:
        g[c] = pd_to_numeric(g[c])
    return g.groupby("strategy", sort=False)[cols].mean()


def pd_to_numeric(col: Any) -> Any:
    """A column as floats (None -> NaN)."""
    return _pd().to_numeric(col, errors="coerce").astype(float)


@functools.cache
def _comparison_frame() -> Any:
    """The DataFrame subclass returned by :func:`compare` (created on first use: pandas is optional)."""
    pd = _pd()

    class ComparisonFrame(pd.DataFrame):  # type: ignore[misc, valid-type]
        """The long table of :func:`compare`; displays a per-strategy summary first."""

        @property
        def _constructor(self) -> Any:
            return pd.DataFrame

        def summary(self, metrics: Sequence[str] = SUMMARY_METRICS) -> Any:
            """Mean of each metric per strategy (see :func:`summary`)."""
            return summary(self, metrics)

        def _repr_html_(self) -> str:  # pragma: no cover - exercised via the notebook test
            head = (f"<p><b>Strategy comparison</b>: {self['cohort'].nunique()} cohorts x "
                    f"{self['strategy'].nunique()} strategies x {self['seed'].nunique()} seeds = {len(self)} rows"
                    "; mean per strategy:</p>")
            return head + summary(self).to_html(float_format=lambda x: f"{x:.4g}") + (
                "<p>Long table (first rows):</p>" + pd.DataFrame(self).head(10).to_html())

    ComparisonFrame.__module__ = __name__
    return ComparisonFrame


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, desc="cohorts", unit="chunk")


# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FittedWeights:
    """Per-question weights fitted from past outcomes (ridge, cross-validated)."""

    questions: list[str]
    weights: list[float]
    intercept: float
    alpha: float
    cv_mse: list[tuple[float, float]]
    n_pairs: int

    def normalised(self) -> dict[str, float]:
        """Weights divided by their sum (the share of each question in the score)."""
        s = sum(self.weights)
        return {q: (w / s if s else math.nan) for q, w in zip(self.questions, self.weights)}

    def as_strategy(self, strategy: Any = "lap") -> dict[str, Any]:
        """A contender for :func:`compare`: ``strategy`` (a :class:`nastavnik.Strategy`, a solver
        name or a dict) scoring with the fitted weights (negative ones clipped to 0)."""
        w = {q: max(0.0, float(x)) for q, x in zip(self.questions, self.weights)}
        if isinstance(strategy, _nk.Strategy):
            d = strategy.to_dict()
        elif isinstance(strategy, str):
            d = {"solver": strategy}
        else:
            d = dict(strategy)
        return {**d, "weights": w}


@_checked(x=_array(2), y=_array(1), alpha=_num_or_seq, folds=_int(0, _U32))
def ridge(x: Any, y: Any, *, alpha: float | Sequence[float] = 1.0, folds: int = 5) -> dict[str, Any]:
    """Closed-form ridge regression with an intercept (as ``sklearn.linear_model.Ridge``).

    With a sequence of ``alpha``, the one with the lowest ``folds``-fold cross-validated error.
    """
    alphas = [float(alpha)] if np.isscalar(alpha) else [float(a) for a in alpha]  # type: ignore[arg-type]
    return json.loads(_nk.ridge_json(np.asarray(x, dtype=np.float64), [float(v) for v in np.ravel(y)],
                                     alphas=alphas, folds=folds))


@_checked(cohorts=_seq(_cohort), alphas=_seq(_num), folds=_int(0, _U32))
def fit_weights(
    cohorts: Sequence[HistoricalCohort],
    *,
    alphas: Sequence[float] = (1e-3, 1e-2, 1e-1, 1.0, 10.0),
    folds: int = 5,
) -> FittedWeights:
    """Fit per-question weights on the satisfaction of the pairs made in past cohorts.

    Every cohort must share the same question ids (in order).
    """
    xs, ys = [], []
    questions = None
    for c in cohorts:
        if questions is None:
            questions = c.questions
        elif c.questions != questions:
            raise _nk.InvalidValueError(f"invalid cohorts: {c.name!r} has questions {c.questions}, expected {questions}")
        x, y = c.outcome_rows()
        xs.append(x)
        ys.append(y)
    if questions is None:
        raise _nk.EmptyInputError("cohorts is empty")
    x = np.vstack(xs)
    y = np.concatenate(ys)
    fit = ridge(x, y, alpha=list(alphas), folds=folds)
    return FittedWeights(questions, fit["weights"], fit["intercept"], fit["alpha"],
                         [tuple(v) for v in fit["cv_mse"]], int(len(y)))


def spearman(a: Any, b: Any) -> float:
    """Spearman rank correlation (ties share their mean rank; NaN when either side is constant)."""
    return float(_nk.spearman([float(v) for v in a], [float(v) for v in b]))


# ---------------------------------------------------------------------------------------------
# Why not? and sensitivity
# ---------------------------------------------------------------------------------------------


@_checked(result=_assignment_or_none, problem=_problem, mentee=_id, mentor=_id,
          max_solves=_int(0, _U32), max_factor=_num)
def why_not(result: Any, problem: HistoricalCohort | Any, mentee: str | int, mentor: str | int,
            *, reject_score: float | None = None, max_factor: float = 10.0, max_solves: int = 400) -> Any:
    """Why were ``mentee`` and ``mentor`` not paired?

    Parameters
    ----------
    result : Assignment, Solution, PeerMatching or None
        The result being questioned (its total is reported next to the optimum).
    problem : HistoricalCohort or array_like
        With a historical cohort, ids name the pair and the table also gives, per question, the
        smallest weight change making the solver choose the pair. With a score matrix, row and
        column indices name it and only the loss is computed.

    Returns
    -------
    pandas.DataFrame
        With a cohort: one row per question (``question, weight, delta, relative, loss,
        loss_bound, ...``); with a matrix: one row.
    """
    pd = _pd()
    if isinstance(problem, HistoricalCohort):
        y, changes = json.loads(problem.why_not_json(str(mentee), str(mentor), reject_score=reject_score,
                                                     max_factor=max_factor, max_solves=max_solves))
    else:
        y = json.loads(WhyNotSolver(problem, reject_score=reject_score).query_json(int(mentee), int(mentor)))
        changes = [{}]
    base = {k: y[k] for k in ("mentee", "mentor", "score", "optimal_objective", "already_paired",
                              "loss_bound", "forced_objective", "loss")}
    if result is not None:
        base["result_total"] = float(_as_assignment(result).total)
    return pd.DataFrame([{**base, **{k: v for k, v in c.items() if k != "solves"}} for c in changes])


@_checked(cohort=_cohort, steps=_seq(_num))
def sensitivity(cohort: HistoricalCohort, *, steps: Sequence[float] = (-0.5, -0.25, -0.1, 0.1, 0.25, 0.5),
                reject_score: float | None = 0.0) -> Any:
    """Pairs changed when one question's weight moves by each relative step (a DataFrame)."""
    return _pd().DataFrame(json.loads(cohort.sensitivity_json(steps=list(steps), reject_score=reject_score)))


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------


def plot_comparison(df: Any, metrics: Sequence[str] = ("total", "coverage", "gini", "blocking_pairs"), *, ax: Any = None) -> Any:
    """Strategy x metric: one panel per metric, mean over cohorts and seeds with min-max bars."""
    import matplotlib.pyplot as plt

    metrics = [m for m in metrics if m in df.columns]
    if ax is None:
        fig, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.2), squeeze=False)
        axes = axes[0]
    else:
        axes = np.atleast_1d(ax)
        fig = axes[0].figure
    for a, m in zip(axes, metrics):
        g = df.groupby("strategy", sort=False)[m].agg(["mean", "min", "max"]).astype(float)
        a.bar(g.index, g["mean"], yerr=[g["mean"] - g["min"], g["max"] - g["mean"]], capsize=3)
        a.set_title(m)
        a.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig


def plot_score_distributions(df: Any, column: str = "mean", *, ax: Any = None) -> Any:
    """Distribution of a per-result column (default the mean pair score) by strategy."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.2))
    groups = [(name, g[column].dropna().astype(float).to_numpy()) for name, g in df.groupby("strategy", sort=False)]
    ax.boxplot([v for _, v in groups])
    ax.set_xticks(range(1, len(groups) + 1), [n for n, _ in groups])
    ax.set_ylabel(column)
    ax.tick_params(axis="x", rotation=45)
    return ax.figure


def plot_kpis(kpis_df: Any, *, year: int | None = None, ax: Any = None) -> Any:
    """KPIs of one year (default the latest): value per unit and indicator as bars, the target
    as a black tick on each bar."""
    import matplotlib.pyplot as plt

    y = int(kpis_df["year"].max()) if year is None else int(year)
    d = kpis_df[kpis_df["year"] == y]
    units = list(dict.fromkeys(d["unit"]))
    inds = list(dict.fromkeys(d["indicator"]))
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(inds) * max(1, len(units)) / 2), 3.4))
    width = 0.8 / max(1, len(units))
    for k, u in enumerate(units):
        g = d[d["unit"] == u].set_index("indicator").reindex(inds)
        x = np.arange(len(inds)) + k * width
        ax.bar(x, g["value"].astype(float).fillna(0.0), width, label=str(u))
        ax.scatter(x, g["target"].astype(float), marker="_", s=200, color="black", zorder=3)
    ax.set_xticks(np.arange(len(inds)) + 0.4 - width / 2, inds, rotation=30, ha="right")
    ax.set_ylabel(f"share ({y}); target: black tick")
    ax.legend(fontsize="small")
    ax.figure.tight_layout()
    return ax.figure


@_checked(fn=_callable)
def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` and return its result and wall time in seconds (used by the notebook)."""
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


__all__ = [
    "SATISFACTION_TARGET",
    "SATISFIED",
    "FittedWeights",
    "HistoricalCohort",
    "Metrics",
    "WhyNotSolver",
    "compare",
    "evaluate",
    "summary",
    "fit_weights",
    "KPI_INDICATORS",
    "kpis",
    "load_history",
    "save_history",
    "plot_comparison",
    "plot_kpis",
    "plot_score_distributions",
    "ridge",
    "sensitivity",
    "spearman",
    "synthetic_history",
    "timed",
    "why_not",
]
