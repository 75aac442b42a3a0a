"""The school year's meetings: :func:`schedule` and the :class:`Schedule` it returns.

A thin layer over the Rust core (``nastavnik::schedule::plan``): it turns Python inputs
(assignments, DataFrames, lists, dicts, JSON/CSV paths) into one JSON request, calls the core
with the GIL released, and wraps the JSON answer. People without consent are dropped by the
core before scheduling and never appear in any output; they are only counted.

Examples
--------
>>> import nastavnik as nk
>>> people = [{"id": "t1"}, {"id": "s1"}, {"id": "s2", "consent": False}]
>>> cal = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
>>> s = nk.schedule([("s1", "t1"), ("s2", "t1")], people, cal, [{"id": "101", "capacity": 4}])
>>> s.status, s.n_units, s.n_excluded_people
('optimal', 1, 1)
>>> s.meetings["kind"].iloc[0]
'organisational'
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from pathlib import Path
from typing import Any, Mapping, Optional, Union

import numpy as np

from ._nastavnik import (
    InvalidValueError,
    production_calendar_json,
    schedule_conflict_set_json,
    schedule_csv_json,
    schedule_ics_json,
    schedule_ics_logged_json,
    schedule_json,
)
from .standing import _named, _number

PathLike = Union[str, "os.PathLike[str]"]

_METHODS = ("auto", "exact", "heuristic")
_GROUPINGS = ("pairs", "groups")
_MENTEE_COLS = ("mentee", "mentee_id", "наставляемый")
_MENTOR_COLS = ("mentor", "mentor_id", "наставник")
_YES = {"yes", "y", "true", "1", "да", "д", "+"}
_NO = {"no", "n", "false", "0", "нет", "н", "-", ""}


def _is_path(x: Any) -> bool:
    return isinstance(x, os.PathLike) or (isinstance(x, str) and not x.lstrip().startswith(("{", "[")))


def _read_text(path: PathLike) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def _csv_rows(path: PathLike) -> list[dict[str, str]]:
    """Rows of a CSV file (UTF-8 with or without BOM, ``,`` ``;`` or tab separated)."""
    text = _read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    return [{(k or "").strip(): (v or "").strip() for k, v in r.items()}
            for r in csv.DictReader(io.StringIO(text), delimiter=delim)]


def _json_value(what: str, x: Any) -> Any:
    """A dict/list, a JSON text, or a path to a JSON file."""
    if isinstance(x, (Mapping, list)):
        return x
    if isinstance(x, str) and x.lstrip().startswith(("{", "[")):
        return json.loads(x)
    if _is_path(x):
        return json.loads(_read_text(x))
    raise TypeError(f"{what} must be a dict, a JSON string or a path, got {type(x).__name__}")


def _pairs_from(x: Any) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """(pairs, explicit units) from an Assignment/Solution, a DataFrame, a list or a CSV path."""
    if x is None:
        return [], []
    if hasattr(x, "to_pairs") and callable(x.to_pairs):
        pairs = x.to_pairs()
        if hasattr(x, "mentee_ids") and getattr(x, "mentee_ids", None) is None:
            raise InvalidValueError("assignment has no ids: score labelled data or pass (mentee, mentor) pairs")
        return [{"mentee": str(a), "mentor": str(b)} for a, b in pairs], []
    if hasattr(x, "columns") and hasattr(x, "to_dict"):
        rows = x.to_dict("records")
    elif _is_path(x):
        p = Path(x)
        rows = _json_value("pairs", p) if p.suffix.lower() == ".json" else _csv_rows(p)
    elif isinstance(x, (Mapping, str, bytes)):
        raise TypeError(f"pairs must be a list, a DataFrame, an Assignment or a path, got {type(x).__name__}")
    else:
        rows = list(x)
    pairs, units = [], []
    for k, r in enumerate(rows):
        if isinstance(r, Mapping):
            if "people" in r:
                units.append(dict(r))
                continue
            a = next((r[c] for c in _MENTEE_COLS if c in r), None)
            b = next((r[c] for c in _MENTOR_COLS if c in r), None)
            if a is None or b is None:
                raise InvalidValueError(
                    f"pairs row {k + 1}: needs columns mentee and mentor (or наставляемый, наставник), "
                    f"got {sorted(r)}")
        elif isinstance(r, (tuple, list)) and len(r) == 2:
            a, b = r
        else:
            raise TypeError(f"pairs[{k}] must be a (mentee, mentor) pair or a dict, got {r!r}")
        if str(a).strip() and str(b).strip():
            pairs.append({"mentee": str(a).strip(), "mentor": str(b).strip()})
    return pairs, units


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


def _consent(k: int, v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise InvalidValueError(f"people row {k + 1}, column consent: unknown value {v!r} (expected yes/no, да/нет)")


def _person(k: int, r: Mapping[str, Any]) -> dict[str, Any]:
    if "id" not in r:
        raise InvalidValueError(f"people row {k + 1}: no id")
    c = r.get("consent", True)
    # absent -> the core's default (consent); an empty cell or NaN -> no recorded consent
    c = True if c is None else (False if _missing(c) else _consent(k, c))
    p: dict[str, Any] = {"id": str(r["id"]).strip(), "consent": c}
    if not _missing(r.get("availability")):
        av = r["availability"]
        p["availability"] = int(av) if isinstance(av, float) and av.is_integer() else av
    if not _missing(r.get("form")):
        p["form"] = r["form"]
    if isinstance(r.get("preferred"), list):
        p["preferred"] = r["preferred"]
    return p


def _people_from(x: Any) -> list[dict[str, Any]]:
    """People from a Cohort, a DataFrame, a list of dicts, or a JSON/CSV path."""
    if hasattr(x, "to_json") and hasattr(x, "without_consent"):
        rows = json.loads(x.to_json())["participants"]
    elif hasattr(x, "columns") and hasattr(x, "to_dict"):
        rows = x.to_dict("records")
    elif _is_path(x):
        p = Path(x)
        if p.suffix.lower() == ".json":
            v = _json_value("cohort", p)
            rows = v["participants"] if isinstance(v, Mapping) else v
        else:
            rows = _csv_rows(p)
    elif isinstance(x, (Mapping, str, bytes)):
        raise TypeError(f"cohort must be a Cohort, a list of dicts, a DataFrame or a path, got {type(x).__name__}")
    else:
        rows = list(x)
    out = []
    for k, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise TypeError(f"cohort[{k}] must be a dict, got {type(r).__name__}")
        out.append(_person(k, r))
    return out


def _rooms_from(x: Any) -> list[dict[str, Any]]:
    if x is None:
        return []
    if hasattr(x, "columns") and hasattr(x, "to_dict"):
        rows = x.to_dict("records")
    elif _is_path(x):
        p = Path(x)
        rows = _json_value("rooms", p) if p.suffix.lower() == ".json" else _csv_rows(p)
    elif isinstance(x, (Mapping, str, bytes)):
        raise TypeError(f"rooms must be a list of dicts, a DataFrame or a path, got {type(x).__name__}")
    else:
        rows = list(x)
    out = []
    for k, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise TypeError(f"rooms[{k}] must be a dict, got {type(r).__name__}")
        d = dict(r)
        cap = d.get("capacity")
        if isinstance(cap, str):
            try:
                d["capacity"] = int(cap.strip())
            except ValueError:
                raise InvalidValueError(
                    f"rooms row {k + 1} ({d.get('id')!r}), column capacity: {cap!r} is not an integer") from None
        closed = d.get("closed")
        if isinstance(closed, str):
            d["closed"] = [int(c) for c in closed.replace(";", " ").split()] if closed.strip() else []
        out.append(d)
    return out


def build_request(pairs: Any, cohort: Any, calendar: Any, rooms: Any = None, template: Any = None, *,
                  grid: Optional[Mapping[str, int]] = None, grouping: str = "pairs",
                  method: str = "auto", time_limit: Optional[float] = None, gap: Optional[float] = None,
                  threads: Optional[int] = None, spread_weight: float = 0.1,
                  in_person_weight: float = 0.0) -> dict[str, Any]:
    """The JSON request :func:`schedule` sends to the core (see there for the arguments)."""
    if method not in _METHODS:
        raise InvalidValueError(f"method must be one of {_METHODS}, got {method!r}")
    if grouping not in _GROUPINGS:
        raise InvalidValueError(f"grouping must be one of {_GROUPINGS}, got {grouping!r}")
    ps, units = _named("assignment_or_pairs", _pairs_from, pairs)
    options = {"method": method, "grouping": grouping}
    for name, v, integer in (("time_limit", time_limit, False), ("gap", gap, False),
                             ("threads", threads, True), ("spread_weight", spread_weight, False),
                             ("in_person_weight", in_person_weight, False)):
        options[name] = _number(name, v, integer)
    req: dict[str, Any] = {
        "pairs": ps,
        "units": units,
        "grouping": grouping,
        "people": _named("cohort", _people_from, cohort),
        "calendar": _named("calendar", lambda v: _json_value("calendar", v), calendar),
        "rooms": _named("rooms", _rooms_from, rooms),
        "options": {k: options[k] for k in ("method", "time_limit", "gap", "threads",
                                            "spread_weight", "in_person_weight")},
    }
    if template is not None:
        req["programme"] = _named("template", lambda v: _json_value("template", v), template)
    if grid is not None:
        req["grid"] = _named("grid", dict, grid)
    return req


class Schedule:
    """The school year's meetings returned by :func:`schedule`.

    Attributes
    ----------
    meetings : pandas.DataFrame
        One row per meeting: uid, unit, kind, seq, date, start, end, start_utc, end_utc,
        duration_minutes, mode, room, participants (``;``-joined).
    unscheduled : pandas.DataFrame
        One row per unit without any meeting: unit, code, message_ru, message_en, people,
        units, slots, rooms.
    breakdown : dict
        Soft terms with totals and matches; the totals sum to ``objective``.
    status : str
        ``"optimal"``, ``"feasible"`` or ``"heuristic"``.
    """

    def __init__(self, data: Union[str, Mapping[str, Any]]):
        if isinstance(data, Mapping):
            try:
                text = json.dumps(dict(data), ensure_ascii=False)
            except (TypeError, ValueError) as e:
                raise TypeError(f"data: not a schedule mapping: {e}") from None
        elif isinstance(data, str):
            text = data
        else:
            raise TypeError(f"data must be schedule JSON text or a mapping, got {type(data).__name__}")
        schedule_csv_json(text)  # the core validates the whole schedule (ParseError naming the field)
        self._json = text
        self._data: dict[str, Any] = json.loads(text)
        # The request it was made from (set by :func:`schedule`; kept in memory only, never
        # exported or pickled: it still lists the people without consent).
        self._request: Optional[str] = None

    # -- plain data ---------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return str(self._data["status"])

    @property
    def gap(self) -> Optional[float]:
        return self._data["gap"]

    @property
    def objective(self) -> float:
        return float(self._data["objective"])

    @property
    def breakdown(self) -> dict[str, Any]:
        return dict(self._data["breakdown"])

    @property
    def n_units(self) -> int:
        return int(self._data["n_units"])

    @property
    def n_scheduled_units(self) -> int:
        return int(self._data["n_scheduled_units"])

    @property
    def n_excluded_people(self) -> int:
        return int(self._data["n_excluded_people"])

    @property
    def n_dropped_units(self) -> int:
        return int(self._data["n_dropped_units"])

    @property
    def shortfalls(self) -> list[dict[str, Any]]:
        return list(self._data["shortfalls"])

    @property
    def group_final(self) -> Optional[dict[str, Any]]:
        return self._data["group_final"]

    @property
    def calendar(self) -> dict[str, Any]:
        return dict(self._data["calendar"])

    def meeting_records(self) -> list[dict[str, Any]]:
        """Meetings as a list of dicts (participants as lists)."""
        return [dict(m) for m in self._data["meetings"]]

    def unscheduled_records(self) -> list[dict[str, Any]]:
        """Unscheduled units as a list of dicts."""
        return [dict(u) for u in self._data["unscheduled"]]

    # -- pandas -------------------------------------------------------------------------------
    _MEETING_COLS = ("uid", "unit", "kind", "seq", "date", "start", "end", "start_utc", "end_utc",
                     "duration_minutes", "mode", "room", "participants")
    _UNSCHEDULED_COLS = ("unit", "code", "message_ru", "message_en", "people", "units", "slots", "rooms")

    @property
    def meetings(self) -> Any:
        return self.to_frame()

    @property
    def unscheduled(self) -> Any:
        import pandas as pd

        rows = []
        for u in self._data["unscheduled"]:
            r = dict(u)
            for k in ("people", "units", "rooms"):
                r[k] = ";".join(r[k])
            r["slots"] = ";".join(str(s) for s in r["slots"])
            rows.append(r)
        return pd.DataFrame(rows, columns=list(self._UNSCHEDULED_COLS))

    def to_frame(self) -> Any:
        """Meetings as a pandas DataFrame (one row per meeting)."""
        import pandas as pd

        rows = []
        for m in self._data["meetings"]:
            r = {c: m.get(c) for c in self._MEETING_COLS}
            r["participants"] = ";".join(m["participants"])
            rows.append(r)
        return pd.DataFrame(rows, columns=list(self._MEETING_COLS))

    # -- exports ------------------------------------------------------------------------------
    def to_json(self) -> str:
        """The schedule as JSON (read back by ``Schedule(text)``)."""
        return self._json

    def to_csv(self, path: PathLike) -> Path:
        """Write the meetings as CSV, UTF-8 with BOM (opens correctly in Russian Excel)."""
        p = Path(path)
        p.write_text(schedule_csv_json(self._json), encoding="utf-8-sig", newline="")
        return p

    def unscheduled_to_csv(self, path: PathLike) -> Path:
        """Write the unscheduled units with their reasons as CSV, UTF-8 with BOM."""
        p = Path(path)
        with p.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(self._UNSCHEDULED_COLS)
            for u in self._data["unscheduled"]:
                w.writerow([u["unit"], u["code"], u["message_ru"], u["message_en"], ";".join(u["people"]),
                            ";".join(u["units"]), ";".join(str(s) for s in u["slots"]), ";".join(u["rooms"])])
        return p

    def to_ics(self, directory: PathLike, *, per: str = "person", dtstamp: Optional[str] = None,
               sequence_log: Optional[PathLike] = None) -> list[Path]:
        """Write one iCalendar file per person (``per="person"``) or per room (``per="room"``).

        ``dtstamp`` (RFC 3339, e.g. ``"2025-08-20T09:00:00Z"``) defaults to midnight UTC of the
        first school day, so that re-exports are byte-identical. With ``sequence_log`` (a JSON
        file, created when missing and updated), a meeting whose time, room, mode or participants
        changed since the logged export gets its ``SEQUENCE`` bumped, so calendar clients replace
        it; without it every ``SEQUENCE`` is 0. Returns the paths written.
        """
        if per not in ("person", "room"):
            raise InvalidValueError(f'per must be "person" or "room", got {per!r}')
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        if sequence_log is None:
            files = schedule_ics_json(self._json, per, dtstamp)
        else:
            log_path = Path(sequence_log)
            old_log = log_path.read_text(encoding="utf-8") if log_path.exists() else None
            files, new_log = schedule_ics_logged_json(self._json, per, old_log, dtstamp)
            log_path.write_text(new_log, encoding="utf-8")
        out = []
        for _id, name, text in files:
            p = d / name
            with p.open("w", encoding="utf-8", newline="") as f:
                f.write(text)
            out.append(p)
        return out

    # -- why a unit is unscheduled -------------------------------------------------------------
    def conflict_set(self, unit: str, *, request: Any = None) -> list[dict[str, Any]]:
        """The minimal set of hard rules that leave ``unit`` without a weekly slot.

        A deletion filter over the unit's hard rules given where the other units meet: each
        member's availability, the meeting format, a member busy with another unit (at its
        slot), the rooms, the one-day rule. Together the rules admit no slot; without any one
        of them the unit would have one (an irreducible conflict set).

        Parameters
        ----------
        unit : str
            A unit id, as in ``unscheduled["unit"]``.
        request : dict or str, optional
            The request the schedule was made from (:func:`build_request`'s dict or its JSON).
            Not needed for a schedule returned by :func:`schedule`, which keeps it in memory; a
            schedule read back from JSON or a pickle does not carry it.

        Returns
        -------
        list of dict
            One dict per rule: ``rule`` (``availability``, ``unit_mode``, ``busy``, ``rooms``,
            ``day_length``), ``person`` and ``unit`` where they apply, ``message_ru`` and
            ``message_en``. Empty when the unit has meetings or could be placed around the others
            (e.g. its reason is ``only_excluded_dates``).

        Raises
        ------
        UnknownIdError
            ``unit`` is not a unit of the schedule.
        InvalidValueError
            No request is known, or the schedule was not made from it.
        TypeError
            ``unit`` is not a string.

        Examples
        --------
        >>> import nastavnik as nk
        >>> people = [{"id": "t", "availability": "mon 14:00-15:00"}, {"id": "s1"}, {"id": "s2"}]
        >>> cal = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
        >>> s = nk.schedule([("s1", "t"), ("s2", "t")], people, cal, [{"id": "каб. 12", "capacity": 3}])
        >>> unit = s.unscheduled["unit"].iloc[0]
        >>> sorted(r["rule"] for r in s.conflict_set(unit))
        ['availability', 'busy']
        """
        if not isinstance(unit, str):
            raise TypeError(f"unit must be a str, got {type(unit).__name__}")
        if request is None:
            req = self._request
        elif isinstance(request, str):
            req = request
        elif isinstance(request, Mapping):
            req = json.dumps(dict(request), ensure_ascii=False)
        else:
            raise TypeError(f"request must be a dict or JSON text, got {type(request).__name__}")
        if req is None:
            raise InvalidValueError(
                "conflict_set needs the request this schedule was made from: pass request=... "
                "(a Schedule read back from JSON or a pickle does not carry it)")
        result: list[dict[str, Any]] = json.loads(schedule_conflict_set_json(req, self._json, unit))
        return result

    # -- Python protocol ----------------------------------------------------------------------
    def __reduce__(self) -> tuple:
        return (Schedule, (self._json,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schedule) and self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._data["meetings"])

    def __repr__(self) -> str:
        return (f"Schedule({len(self)} meetings, {self.n_scheduled_units}/{self.n_units} units scheduled, "
                f"{len(self._data['unscheduled'])} unscheduled, status={self.status!r})")

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(m['date'])}</td><td>{e(m['start'])}–{e(m['end'])}</td><td>{e(m['kind'])}</td>"
            f"<td>{e(m['unit'])}</td><td>{e(m['room'] or m['mode'])}</td></tr>"
            for m in self._data["meetings"][:20])
        un = "".join(f"<li>{e(u['unit'])}: {e(u['message_ru'])}</li>" for u in self._data["unscheduled"][:20])
        more = len(self) - 20
        return (f"<div><b>Schedule</b>: {len(self)} meetings, {self.n_scheduled_units}/{self.n_units} units, "
                f"status {e(self.status)}, objective {self.objective:.4g}"
                f"<table><tr><th>date</th><th>time</th><th>kind</th><th>unit</th><th>room</th></tr>{rows}</table>"
                + (f"<p>… {more} more</p>" if more > 0 else "")
                + (f"<p>Unscheduled:</p><ul>{un}</ul>" if un else "") + "</div>")


def _nonfinite(x: Any, path: str) -> Optional[str]:
    """The path of the first NaN or infinite number in a JSON-like value, or None."""
    if isinstance(x, float) and not np.isfinite(x):
        return path
    if isinstance(x, Mapping):
        for k, v in x.items():
            found = _nonfinite(v, f"{path}.{k}" if path else str(k))
            if found:
                return found
    elif isinstance(x, (list, tuple)):
        for k, v in enumerate(x):
            found = _nonfinite(v, f"{path}[{k}]")
            if found:
                return found
    return None


def _request_json(req: Mapping[str, Any]) -> str:
    """The request as JSON; a NaN or infinite number is an InvalidValueError naming where."""
    try:
        return json.dumps(req, ensure_ascii=False, allow_nan=False)
    except ValueError:
        where = _nonfinite(req, "") or "request"
        raise InvalidValueError(f"{where}: numbers must be finite (got NaN or infinity)") from None


def schedule(assignment_or_pairs: Any, cohort: Any, calendar: Any, rooms: Any = None, template: Any = None,
             *, grid: Optional[Mapping[str, int]] = None, grouping: str = "pairs", method: str = "auto",
             time_limit: Optional[float] = None, gap: Optional[float] = None, threads: Optional[int] = None,
             spread_weight: float = 0.1, in_person_weight: float = 0.0) -> Schedule:
    """Schedule the school year's meetings of pairs and groups.

    Parameters
    ----------
    assignment_or_pairs : Assignment, Solution, DataFrame, list or path
        An assignment with ids, a DataFrame or CSV with columns ``mentee``/``mentor`` (or
        ``наставляемый``/``наставник``), a list of ``(mentee, mentor)`` tuples or dicts; dicts
        with ``id`` and ``people`` are explicit units (groups).
    cohort : Cohort, DataFrame, list of dict or path
        People: ``id``, ``consent``, ``availability``, ``form``, ``preferred``. A missing
        ``consent`` key means consent (as in the core); an empty cell or NaN means none; values
        other than yes/no/да/нет/true/false/1/0 raise ``InvalidValueError`` naming the row.
    calendar : dict, JSON text or path
        ``time_zone`` (IANA), ``start``, ``end``, ``breaks``, ``days_off``, ``working_days``,
        ``production_calendar`` ("ru"/"none"), ``absences``, ``closures``.
    rooms : list of dict, DataFrame or path, optional
        ``id``, ``capacity``, ``closed`` (grid slots).
    template : dict, JSON text or path, optional
        The programme per form (``default``, ``forms``, ``group_final``).
    grid : dict, optional
        ``days``, ``day_start``, ``slot_minutes``, ``slots_per_day`` (default Mon–Fri, four
        60-minute slots from 14:00).
    grouping : {"pairs", "groups"}
        One unit per pair, or one per mentor with all of its mentees.
    method : {"auto", "exact", "heuristic"}
    time_limit, gap : float, optional
    threads : int, optional
        Same result on any count.
    spread_weight, in_person_weight : float

    Returns
    -------
    Schedule

    Raises
    ------
    UnknownIdError, DuplicateIdError, InvalidValueError, ParseError
        Bad input, naming the list, position and id.
    TypeError
        Inputs of the wrong type.
    """
    req = build_request(assignment_or_pairs, cohort, calendar, rooms, template, grid=grid, grouping=grouping,
                        method=method, time_limit=time_limit, gap=gap, threads=threads,
                        spread_weight=spread_weight, in_person_weight=in_person_weight)
    text = _request_json(req)
    out = Schedule(schedule_json(text))
    out._request = text
    return out


def production_calendar(year: int) -> dict[str, Any]:
    """The bundled Russian production calendar of ``year``: decree, days off, working weekend days.

    Examples
    --------
    >>> import nastavnik as nk
    >>> "2026-01-09" in nk.production_calendar(2026)["days_off"]
    True
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"year must be an int, got {type(year).__name__}")
    if not 1 <= int(year) <= 9999:
        raise InvalidValueError(f"year must lie in [1, 9999], got {int(year)}")
    result: dict[str, Any] = json.loads(production_calendar_json(int(year)))
    return result
