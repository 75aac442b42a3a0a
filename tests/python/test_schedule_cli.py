"""``python -m nastavnik schedule``: ``--sequence-log`` across runs (SEQUENCE parsed back with
``icalendar``), and every class of bad input of issue 10 item 8 from the CLI (one ``error:``
line, exit code 2, no traceback) and from Python (a named ValueError subclass or TypeError)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import icalendar
import nastavnik as nk
import pytest

ROOT = Path(__file__).resolve().parents[2]
CAL = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29",
       "breaks": [{"name": "осенние", "start": "2025-10-25", "end": "2025-11-03"}]}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nastavnik", "schedule", *args],
                          capture_output=True, text=True, check=False, cwd=ROOT)


def _write_inputs(d: Path, people: str, calendar: dict, rooms: str = "id,capacity\n101,4\n102,4\n",
                  pairs: str = "mentee,mentor\ns1,t1\ns2,t2\n") -> list[str]:
    d.mkdir(parents=True, exist_ok=True)
    (d / "pairs.csv").write_text(pairs, encoding="utf-8")
    (d / "people.csv").write_text(people, encoding="utf-8")
    (d / "calendar.json").write_text(json.dumps(calendar, ensure_ascii=False), encoding="utf-8")
    (d / "rooms.csv").write_text(rooms, encoding="utf-8")
    return ["--pairs", str(d / "pairs.csv"), "--cohort", str(d / "people.csv"),
            "--calendar", str(d / "calendar.json"), "--rooms", str(d / "rooms.csv")]


def _events(directory: Path) -> dict[str, tuple[int, str, str]]:
    """UID -> (SEQUENCE, DTSTART, LOCATION) over every ICS file of a folder."""
    out = {}
    for f in sorted(directory.glob("*.ics")):
        for ev in icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT"):
            key = str(ev["UID"])
            val = (int(ev.get("SEQUENCE", 0)), ev.decoded("DTSTART").isoformat(), str(ev.get("LOCATION", "")))
            assert out.get(key, val) == val, f"{key} differs between files"
            out[key] = val
    return out


def test_sequence_log_across_cli_runs(tmp_path):
    """Run the CLI twice; between the runs s2 moves from Monday to Tuesday. The moved pair's
    meetings get SEQUENCE 1 (in the person and the room files alike); every other meeting keeps
    SEQUENCE 0; a third identical run bumps nothing."""
    log = tmp_path / "sequence.json"
    people = "id,consent,availability\nt1,yes,always\ns1,yes,mon 14:00-15:00\nt2,yes,always\ns2,yes,{}\n"
    runs = []
    for k, s2 in enumerate(["mon 15:00-16:00", "tue 15:00-16:00", "tue 15:00-16:00"]):
        args = _write_inputs(tmp_path / f"in{k}", people.format(s2), CAL)
        out = tmp_path / f"out{k}"
        r = _cli(*args, "--sequence-log", str(log), "--out", str(out))
        assert r.returncode == 0, r.stderr
        per_person, per_room = _events(out / "ics" / "person"), _events(out / "ics" / "room")
        assert set(per_room) <= set(per_person)
        assert all(per_person[u] == v for u, v in per_room.items())
        runs.append(per_person)
    first, second, third = runs
    assert first and set(v[0] for v in first.values()) == {0}
    moved = [u for u in second if u in first and first[u][1:] != second[u][1:]]
    kept = [u for u in second if u in first and first[u][1:] == second[u][1:]]
    assert moved and kept
    assert all(second[u][0] == 1 for u in moved)
    assert all(second[u][0] == 0 for u in kept)
    import csv

    with (tmp_path / "out1" / "meetings.csv").open(encoding="utf-8-sig") as f:
        unit_of = {r["uid"]: r["unit"] for r in csv.DictReader(f)}
    assert {unit_of[u] for u in moved} <= {"t2–s2", "group_final"}
    assert "t2–s2" in {unit_of[u] for u in moved}
    assert all(unit_of[u] != "t1–s1" for u in moved)
    assert third == second  # unchanged input: nothing bumped again
    assert json.loads(log.read_text(encoding="utf-8"))


def test_bad_sequence_log_is_one_line(tmp_path):
    args = _write_inputs(tmp_path / "in", "id\nt1\ns1\nt2\ns2\n", CAL)
    (tmp_path / "log.json").write_text("{not json", encoding="utf-8")
    r = _cli(*args, "--sequence-log", str(tmp_path / "log.json"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and r.stderr.startswith("error:") and r.stderr.count("\n") == 1, r.stderr
    assert "Traceback" not in r.stderr


# ------------------------------------------------------------------ bad input, CLI and Python
PEOPLE = "id,consent,availability\nt1,yes,always\ns1,yes,always\nt2,yes,always\ns2,yes,always\n"


def _cal(**kw):
    c = copy.deepcopy(CAL)
    c.update(kw)
    return c


# (name, files edit, needle, Python exception)
CASES = [
    ("unknown id in pairs", {"pairs": "mentee,mentor\ns1,ghost\n"}, "ghost", nk.UnknownIdError),
    ("unknown absence id", {"calendar": _cal(absences=[{"id": "никто", "start": "2025-09-03"}])}, "никто",
     nk.UnknownIdError),
    ("unknown closure room", {"calendar": _cal(closures=[{"id": "каб. 404", "start": "2025-09-03"}])},
     "каб. 404", nk.UnknownIdError),
    ("invalid time zone", {"calendar": _cal(time_zone="Europe/Moskow")}, "Europe/Moskow", nk.InvalidValueError),
    ("empty time zone", {"calendar": _cal(time_zone="")}, "time", nk.InvalidValueError),
    ("end before start", {"calendar": _cal(end="2025-08-01")}, "before", nk.InvalidValueError),
    ("impossible date", {"calendar": _cal(start="2025-02-30")}, "2025-02-30", nk.InvalidValueError),
    ("break end before start", {"calendar": _cal(breaks=[{"name": "x", "start": "2025-11-04",
                                                           "end": "2025-11-01"}])}, "x", nk.InvalidValueError),
    ("overlapping term breaks", {"calendar": _cal(breaks=[
        {"name": "a", "start": "2025-10-27", "end": "2025-11-04"},
        {"name": "b", "start": "2025-11-01", "end": "2025-11-09"}])}, "overlap", nk.InvalidValueError),
    ("absence end before start", {"calendar": _cal(absences=[{"id": "t1", "start": "2025-10-05",
                                                             "end": "2025-10-01"}])}, "t1", nk.InvalidValueError),
    ("room closed outside the grid", {"rooms": "id,capacity,closed\n101,4,99\n"}, "99", nk.InvalidValueError),
    ("availability outside the day", {"people": PEOPLE.replace("s1,yes,always", "s1,yes,mon 25:00-26:00")},
     "25:00", nk.InvalidValueError),
    ("negative capacity", {"rooms": "id,capacity\nминус,-1\n"}, "минус", nk.InvalidValueError),
    ("capacity not a number", {"rooms": "id,capacity\nx,много\n"}, "много", nk.InvalidValueError),
    ("unknown consent value", {"people": PEOPLE.replace("s1,yes", "s1,maybe")}, "maybe", nk.InvalidValueError),
]


def _py_inputs(edit: dict):
    """The same inputs as Python objects."""
    import csv
    import io

    def rows(text):
        return list(csv.DictReader(io.StringIO(text)))

    pairs = [(r["mentee"], r["mentor"]) for r in rows(edit.get("pairs", "mentee,mentor\ns1,t1\ns2,t2\n"))]
    people = rows(edit.get("people", PEOPLE))
    rooms = rows(edit.get("rooms", "id,capacity\n101,4\n102,4\n"))
    return pairs, people, edit.get("calendar", CAL), rooms


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_from_the_cli_is_one_line_and_exit_2(tmp_path, case):
    _name, edit, needle, _exc = case
    kw = edit
    args = _write_inputs(tmp_path, kw.get("people", PEOPLE), kw.get("calendar", CAL),
                         kw.get("rooms", "id,capacity\n101,4\n102,4\n"),
                         kw.get("pairs", "mentee,mentor\ns1,t1\ns2,t2\n"))
    r = _cli(*args, "--out", str(tmp_path / "out"))
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "meetings.csv").exists()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_from_python_is_a_named_error(case):
    _name, edit, needle, exc = case
    pairs, people, cal, rooms = _py_inputs(edit)
    with pytest.raises(exc) as e:
        nk.schedule(pairs, people, cal, rooms)
    assert needle in str(e.value)


@pytest.mark.parametrize(("extra", "needle"), [
    (["--threads", "0"], "threads"), (["--time-limit", "-1"], "time"), (["--time-limit", "nan"], "time"),
    (["--template", "missing.json"], "missing.json"), (["--method", "magic"], "magic"),
])
def test_bad_options_from_the_cli(tmp_path, extra, needle):
    args = _write_inputs(tmp_path, PEOPLE, CAL)
    r = _cli(*args, *extra, "--out", str(tmp_path / "out"))
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 or r.stderr.startswith("usage:"), r.stderr
