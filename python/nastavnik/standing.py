"""Weekly standing slots for pairs and groups (thin wrapper over the Rust core).

Examples
--------
>>> import nastavnik as nk
>>> grid = {"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 2}
>>> people = [{"id": "t", "preferred": [[0, 1.0]]}, {"id": "a"}, {"id": "b"}]
>>> units = [{"id": "t+a", "people": ["t", "a"]}, {"id": "t+b", "people": ["t", "b"]}]
>>> r = nk.standing_slots(units, people, [], grid)
>>> r["n_scheduled"], r["status"]
(2, 'optimal')
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Mapping

import numpy as np

from ._nastavnik import InvalidValueError, standing_slots_json

_METHODS = ("auto", "exact", "heuristic")


def _records(what: str, items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(items, (str, bytes, Mapping)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{what} must be a list of dicts, got {type(items).__name__}")
    out = []
    for k, x in enumerate(items):
        if not isinstance(x, Mapping):
            raise TypeError(f"{what}[{k}] must be a dict, got {type(x).__name__}")
        out.append(dict(x))
    return out


def _named(name: str, read: Any, value: Any) -> Any:
    """``read(value)``, with a TypeError or an unreadable path reported under the argument's name."""
    try:
        return read(value)
    except TypeError as e:
        msg = str(e)
        raise TypeError(msg if msg.startswith(name) else f"{name}: {msg}") from None
    except OSError as e:
        raise InvalidValueError(f"{name}: cannot read {value!r}: {e.strerror or e}") from None


def _number(name: str, v: Any, integer: bool) -> Any:
    """An optional option number, type-checked here so that the error names the keyword."""
    if v is None:
        return None
    ok = (int,) if integer else (int, float)
    if isinstance(v, bool) or not isinstance(v, ok + (np.integer,) + (() if integer else (np.floating,))):
        kind = "an int" if integer else "a number"
        raise TypeError(f"{name} must be {kind} or None, got {type(v).__name__}")
    if not integer and not math.isfinite(float(v)):
        raise InvalidValueError(f"{name} must be a finite number, got {float(v)}")
    return int(v) if integer else float(v)


def standing_slots(
    units: Iterable[Mapping[str, Any]],
    people: Iterable[Mapping[str, Any]],
    rooms: Iterable[Mapping[str, Any]],
    grid: Mapping[str, int],
    *,
    method: str = "auto",
    time_limit: float | None = None,
    gap: float | None = None,
    threads: int | None = None,
    spread_weight: float = 0.1,
    in_person_weight: float = 0.0,
    weeks: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Give every pair or group a weekly slot (and a room when in person).

    Maximises first the number of scheduled units, then the sum of the members' preference
    weights for the start slot plus ``in_person_weight`` per in-person meeting, minus
    ``spread_weight`` per meeting beyond the first of a person on one day. Nobody is double
    booked, room capacities hold, availability and modes are respected, units with a person
    without consent are never scheduled.

    Parameters
    ----------
    units : list of dict
        ``id``, ``people`` (person ids), ``mode`` ("in_person", "online", "either"),
        ``size`` (seats; default: number of people), ``duration`` (grid slots, default 1).
    people : list of dict
        ``id``, ``consent`` (default True), ``availability`` ("always", a legacy mask, or
        ``"mon 15:00-17:00 online; wed 14:00-15:30"``), ``preferred`` (``[[slot, weight], ...]``).
    rooms : list of dict
        ``id``, ``capacity``, ``closed`` (grid slots).
    grid : dict
        ``days`` (1-7), ``day_start`` (minute of the day), ``slot_minutes``, ``slots_per_day``.
    method : {"auto", "exact", "heuristic"}
        Exact MIP (HiGHS) after the heuristic, or the heuristic alone.
    time_limit : float, optional
        Seconds for the whole call; the best schedule found is returned.
    gap : float, optional
        Relative MIP gap at which to stop.
    threads : int, optional
        Threads for independent components (same result on any count).
    spread_weight, in_person_weight : float
        Soft-term weights.
    weeks : list of dict, optional
        The dated mode: one dict per week with ``all`` (grid slots excluded for everybody:
        holidays, breaks), ``people`` (``[[person id, slot], ...]`` absences) and ``rooms``
        (``[[room id, slot], ...]`` closures). Each week is repaired from the standing schedule
        (units untouched by its exceptions keep their slot) and bounded from above; with
        ``method="auto"`` or ``"exact"`` a week below its bound is then re-solved exactly per
        component (MIP warm-started from the repair, components of at most
        ``EXACT_WEEK_MAX_OPTIONS`` = 4000 options, within ``time_limit``), which may move
        untouched units when that gives a strictly better week.

    Returns
    -------
    dict
        ``placements`` (unit, unit_id, slot, day, start_minute, duration, minutes, mode, room),
        ``unscheduled`` (unit, unit_id, code, people, units, slots, rooms, message),
        ``n_scheduled``, ``objective``, ``status`` ("optimal", "feasible", "heuristic"), ``gap``,
        ``n_components``, ``breakdown`` (terms with totals and matches; they sum to
        ``objective``), ``upper_bound`` (``[placed, objective]`` proven bound, or None) and,
        with ``weeks``, ``weeks``: per week ``placements``, ``unscheduled``, ``n_scheduled``,
        ``objective``, ``status``, ``gap`` and ``upper_bound``.

    Raises
    ------
    InvalidValueError, UnknownIdError, DuplicateIdError, ParseError
        Bad input, naming the list position and id.
    TypeError
        Inputs that are not lists of dicts.
    """
    if method not in _METHODS:
        raise InvalidValueError(f"method must be one of {_METHODS}, got {method!r}")
    us = _records("units", units)
    for u in us:
        if "size" not in u and isinstance(u.get("people"), list):
            u["size"] = len(u["people"])
    opts: dict[str, Any] = {"method": method}
    for name, v, integer in (("time_limit", time_limit, False), ("gap", gap, False),
                             ("threads", threads, True), ("spread_weight", spread_weight, False),
                             ("in_person_weight", in_person_weight, False)):
        opts[name] = _number(name, v, integer)
    if weeks is not None:
        opts["weeks"] = _records("weeks", weeks)
    out = standing_slots_json(
        json.dumps(_named("grid", dict, grid)),
        json.dumps(_records("people", people)),
        json.dumps(us),
        json.dumps(_records("rooms", rooms)),
        json.dumps(opts),
    )
    result: dict[str, Any] = json.loads(out)
    return result
