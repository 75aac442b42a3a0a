"""Python-level iCalendar export: ``Schedule.to_ics`` on a year of 1000 in-person pairs x 15
meetings (15000 events) in 60 rooms, per room (60 files, each event once) and per person (2000
files, each event twice), against the ``icalendar`` package writing the same 15000 events from
Python in the same run; outputs are parsed back and must hold the same UIDs and UTC starts.

Run: ``.venv/bin/python -m pytest -q benches/python/test_bench_schedule_export.py -s``.
"""

from __future__ import annotations

import datetime as dt
import time

import icalendar
import nastavnik as nk

CAL = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29",
       "breaks": [{"name": "зимние", "start": "2025-12-27", "end": "2026-01-11"}]}


def _year(n_pairs: int = 1000) -> nk.Schedule:
    people = [{"id": f"наставник-{i}"} for i in range(n_pairs)] + [{"id": f"ученик-{i}"} for i in range(n_pairs)]
    pairs = [(f"ученик-{i}", f"наставник-{i}") for i in range(n_pairs)]
    template = {"default": {"mode": "in_person", "regular_meetings": 11, "cadence": "biweekly"},
                "group_final": {"enabled": False}}
    rooms = [{"id": f"кабинет {r}", "capacity": 2} for r in range(60)]
    return nk.schedule(pairs, people, CAL, rooms, template, method="heuristic")


def _best(f, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def _anchor(records: list, path) -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//anchor//RU")
    cal.add("version", "2.0")
    for m in records:
        ev = icalendar.Event()
        ev.add("uid", m["uid"])
        ev.add("dtstamp", dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc))
        ev.add("dtstart", dt.datetime.fromisoformat(m["start_utc"].replace("Z", "+00:00")))
        ev.add("dtend", dt.datetime.fromisoformat(m["end_utc"].replace("Z", "+00:00")))
        ev.add("summary", f"{m['kind']}: {m['unit']}")
        ev.add("description", "Участники: " + ", ".join(m["participants"]))
        cal.add_component(ev)
    path.write_bytes(cal.to_ical())


def test_bench_to_ics_15000_events(tmp_path):
    s = _year()
    records = s.meeting_records()
    n = len(records)
    assert n >= 15000, n
    t_room = _best(lambda: s.to_ics(tmp_path / "room", per="room"))
    t_person = _best(lambda: s.to_ics(tmp_path / "person", per="person"), repeat=3)
    t_anchor = _best(lambda: _anchor(records, tmp_path / "anchor.ics"), repeat=2)
    theirs = {str(ev["UID"]): ev.decoded("DTSTART").astimezone(dt.timezone.utc)
              for ev in icalendar.Calendar.from_ical((tmp_path / "anchor.ics").read_bytes()).walk("VEVENT")}
    for sub in ("room", "person"):
        ours = {}
        for f in (tmp_path / sub).glob("*.ics"):
            if sub == "person" and not f.name.startswith("наставник"):
                continue
            for ev in icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT"):
                ours[str(ev["UID"])] = ev.decoded("DTSTART").astimezone(dt.timezone.utc)
        assert ours == theirs and len(ours) == n, sub
    print(f"\n{n} events: Schedule.to_ics per room (60 files) {t_room * 1e3:.0f} ms; per person "
          f"(2000 files, {2 * n} VEVENTs) {t_person * 1e3:.0f} ms; icalendar package, one file "
          f"{t_anchor * 1e3:.0f} ms")
