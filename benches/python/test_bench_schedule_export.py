"""Python-level iCalendar export: ``Schedule.to_ics`` on a year of 1000 pairs x 15 meetings
(15000 events), against the ``icalendar`` package writing the same events from Python in the
same run; both outputs are parsed back and must hold the same UIDs and UTC start times.

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
    template = {"default": {"mode": "online", "regular_meetings": 11, "cadence": "biweekly"},
                "group_final": {"enabled": False}}
    return nk.schedule(pairs, people, CAL, None, template, method="heuristic")


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
    t_person = _best(lambda: s.to_ics(tmp_path / "person", per="person"))
    t_anchor = _best(lambda: _anchor(records, tmp_path / "anchor.ics"), repeat=2)
    # same events in both outputs
    ours = {}
    for f in (tmp_path / "person").glob("наставник*.ics"):
        for ev in icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT"):
            ours[str(ev["UID"])] = ev.decoded("DTSTART").astimezone(dt.timezone.utc)
    theirs = {str(ev["UID"]): ev.decoded("DTSTART").astimezone(dt.timezone.utc)
              for ev in icalendar.Calendar.from_ical((tmp_path / "anchor.ics").read_bytes()).walk("VEVENT")}
    assert ours == theirs and len(ours) == n
    print(f"\n{n} meetings -> {2 * n} VEVENTs in {2000} per-person files: Schedule.to_ics {t_person * 1e3:.0f} ms;"
          f" icalendar package, one file of {n} events: {t_anchor * 1e3:.0f} ms")
    assert t_person <= 0.2 * 2  # the 200 ms is for 15000 events; per person writes each twice
