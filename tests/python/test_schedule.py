"""nk.schedule end to end: an independent checker on every produced schedule (double booking,
capacities, excluded dates from the ``holidays`` package, programme order and gaps), the bundled
production calendar against ``holidays`` (RU), every ICS file parsed back by ``icalendar``,
stable UIDs, consent, determinism across thread counts, named errors, pickling, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import holidays
import icalendar
import nastavnik as nk
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
DAYS = ["mon", "tue", "wed", "thu", "fri"]
CAL = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29",
       "breaks": [{"name": "осенние", "start": "2025-10-25", "end": "2025-11-03"},
                  {"name": "зимние", "start": "2025-12-27", "end": "2026-01-11"}]}


# ----------------------------------------------------------------------------- the checker
def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def excluded_dates(cal: dict) -> set[dt.date]:
    """Dates excluded for everybody, computed from the raw spec and the ``holidays`` package."""
    start, end = _d(cal["start"]), _d(cal["end"])
    out: set[dt.date] = set()
    if cal.get("production_calendar", "ru") == "ru":
        h = holidays.RU(years=range(start.year, end.year + 1))
        out |= set(h)
    for b in cal.get("breaks", []):
        d = _d(b["start"])
        while d <= _d(b["end"]):
            out.add(d)
            d += dt.timedelta(days=1)
    out |= {_d(x) for x in cal.get("days_off", [])}
    out -= {_d(x) for x in cal.get("working_days", [])}
    return out


def _blocked(lst: list, key: str, day: dt.date) -> bool:
    return any(a["id"] == key and _d(a["start"]) <= day <= _d(a.get("end") or a["start"]) for a in lst)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def check_schedule(s: nk.Schedule, req: dict) -> list[str]:
    """Every violation of the hard rules, computed without the library."""
    v = []
    cal = req["calendar"]
    excl = excluded_dates(cal)
    caps = {r["id"]: int(r["capacity"]) for r in req.get("rooms", [])}
    consent = {p["id"]: p.get("consent", True) for p in req["people"]}
    start, end = _d(cal["start"]), _d(cal["end"])
    busy: dict = defaultdict(list)
    by_unit: dict = defaultdict(list)
    meetings = s.meeting_records()
    for m in meetings:
        day = _d(m["date"])
        if day in excl or not start <= day <= end:
            v.append(f"{m['unit']} {m['kind']} on excluded date {day}")
        for p in m["participants"]:
            if not consent.get(p, False):
                v.append(f"{p} without consent in {m['unit']}")
            if _blocked(cal.get("absences", []), p, day):
                v.append(f"{p} absent on {day}")
        if m["room"] is not None:
            if m["mode"] != "in_person":
                v.append(f"online meeting {m['uid']} has a room")
            if _blocked(cal.get("closures", []), m["room"], day):
                v.append(f"room {m['room']} closed on {day}")
            if caps.get(m["room"], -1) < len(m["participants"]):
                v.append(f"room {m['room']} over capacity in {m['unit']}")
        elif m["mode"] == "in_person" and caps:
            v.append(f"in-person meeting {m['uid']} without a room")
        a, b = _minutes(m["start"]), _minutes(m["end"])
        if b - a != m["duration_minutes"]:
            v.append(f"{m['uid']}: end - start != duration")
        for k in [f"p:{p}" for p in m["participants"]] + ([f"r:{m['room']}"] if m["room"] else []):
            busy[(k, day)].append((a, b, m["uid"]))
        if m["kind"] != "group_final":
            by_unit[m["unit"]].append(m)
    for (k, day), iv in busy.items():
        iv.sort()
        for x, y in zip(iv, iv[1:]):
            if y[0] < x[1]:
                v.append(f"{k} double-booked on {day}: {x[2]} and {y[2]}")
    gf = [m for m in meetings if m["kind"] == "group_final"]
    prog = req.get("programme", {}).get("default", {})
    cadence = {"weekly": 7, "biweekly": 14, "monthly": 28}[prog.get("cadence", "biweekly")]
    gaps = {("organisational", "trial"): prog.get("gap_org_trial_days", 7),
            ("trial", "planning"): prog.get("gap_trial_planning_days", 7)}
    order = ["organisational", "trial", "planning"]
    for u, ms in by_unit.items():
        kinds = [m["kind"] for m in ms]
        if kinds[:3] != order[:len(kinds[:3])]:
            v.append(f"{u}: opening out of order {kinds}")
        rest = kinds[3:]
        if any(k not in ("regular", "final") for k in rest) or rest.count("final") > 1 or \
                ("final" in rest and rest[-1] != "final"):
            v.append(f"{u}: bad sequence {kinds}")
        for x, y in zip(ms, ms[1:]):
            g = (_d(y["date"]) - _d(x["date"])).days
            need = gaps.get((x["kind"], y["kind"]), 1)
            if y["kind"] == "regular":
                need = cadence
            if y["kind"] == "final":
                need = prog.get("gap_before_final_days", 7)
            if g < max(need, 1):
                v.append(f"{u}: {y['kind']} {g} days after {x['kind']} (< {need})")
        if gf and any(m["date"] >= gf[0]["date"] for m in ms):
            v.append(f"{u}: meeting on or after the group final meeting")
    return v


def _random_case(seed: int) -> dict:
    rng = random.Random(seed)
    people = []
    n_m, n_s = rng.randint(2, 6), rng.randint(3, 14)
    for k in range(n_m + n_s):
        consent = rng.random() < 0.85
        pid = f"{'m' if k < n_m else 's'}{k}" if consent else f"hidden{k}q"
        parts = []
        for d in DAYS:
            if rng.random() < 0.5:
                a = rng.randint(14, 16)
                parts.append(f"{d} {a}:00-{rng.randint(a + 1, 18)}:00{rng.choice(['', '', ' online'])}")
        people.append({"id": pid, "consent": consent, "availability": "; ".join(parts) or "always"})
    ids = [p["id"] for p in people]
    pairs = [(ids[s], ids[rng.randrange(n_m)]) for s in range(n_m, n_m + n_s) if rng.random() < 0.9]
    rooms = [{"id": f"каб. {100 + r}", "capacity": rng.randint(2, 5)} for r in range(rng.randint(1, 3))]
    cal = json.loads(json.dumps(CAL))
    cal["absences"] = [{"id": ids[rng.randrange(len(ids))], "start": "2025-09-01", "end": "2025-10-15"}]
    cal["closures"] = [{"id": rooms[0]["id"], "start": "2026-02-02", "end": "2026-02-13"}]
    cal["days_off"] = ["2025-09-19"]
    prog = {"default": {"cadence": rng.choice(["weekly", "biweekly"]),
                        "regular_meetings": rng.randint(2, 14)}}
    return {"pairs": pairs, "people": people, "calendar": cal, "rooms": rooms, "programme": prog,
            "grouping": rng.choice(["pairs", "groups"])}


def _run(case: dict, **kw) -> nk.Schedule:
    return nk.schedule(case["pairs"], case["people"], case["calendar"], case["rooms"], case["programme"],
                       grouping=case["grouping"], **kw)


# ----------------------------------------------------------------------------- tests
@pytest.mark.parametrize("seed", range(8))
def test_random_schedules_pass_the_independent_checker(seed):
    case = _random_case(seed)
    s1 = _run(case, threads=1)
    s2 = _run(case, threads=2)
    assert s1 == s2 and s1.to_json() == s2.to_json()
    assert check_schedule(s1, case) == []
    terms = s1.breakdown["terms"]
    assert sum(t["total"] for t in terms) == s1.objective
    met = {m["unit"] for m in s1.meeting_records()} - {"group_final"}
    un = {u["unit"] for u in s1.unscheduled_records()}
    assert not met & un and len(met) + len(un) == s1.n_units
    assert all(u["message_ru"] and u["message_en"] and u["code"] for u in s1.unscheduled_records())
    hidden = [p["id"] for p in case["people"] if not p["consent"]]
    assert s1.n_excluded_people == len(hidden)
    for h in hidden:
        assert h not in s1.to_json()


def test_consent_never_leaks_into_any_file(tmp_path):
    people = [{"id": "t1"}, {"id": "s1"}, {"id": "тайный-ученик", "consent": False}]
    cal = dict(CAL, absences=[{"id": "тайный-ученик", "start": "2025-09-01"}])
    s = nk.schedule([("s1", "t1"), ("тайный-ученик", "t1"),
                     {"id": "кружок", "people": ["t1", "s1", "тайный-ученик"]}],
                    people, cal, [{"id": "101", "capacity": 5}])
    assert s.n_excluded_people == 1 and s.n_dropped_units == 1
    s.to_csv(tmp_path / "m.csv")
    s.unscheduled_to_csv(tmp_path / "u.csv")
    s.to_ics(tmp_path / "p", per="person")
    s.to_ics(tmp_path / "r", per="room")
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert "тайный" not in f.name and "тайный" not in f.read_text(encoding="utf-8-sig")
    assert "тайный" not in s._repr_html_() + repr(s) + s.to_frame().to_csv() + s.unscheduled.to_csv()


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_bundled_production_calendar_equals_the_holidays_package(year):
    ours = nk.production_calendar(year)
    h = holidays.RU(years=year)
    assert sorted(ours["days_off"]) == sorted(d.isoformat() for d in h)
    assert sorted(ours["working_days"]) == sorted(d.isoformat() for d in h.weekend_workdays)
    assert ours["decree"]


def test_production_calendar_uncovered_year_is_named():
    with pytest.raises(nk.InvalidValueError, match="1999"):
        nk.production_calendar(1999)


def _parse_ics(path: Path) -> list:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert not getattr(cal, "errors", [])
    for c in cal.walk():
        assert not getattr(c, "errors", []), (path, c.errors)
    return [c for c in cal.walk("VEVENT")]


def test_every_ics_file_parses_back_with_the_same_events(tmp_path):
    case = _random_case(3)
    long = "наставник с очень длинным русским именем для проверки переноса строк"
    case["people"] += [{"id": long}, {"id": "ученица Ёлкина, 7 «Б»; группа 2"}]
    case["pairs"].append(("ученица Ёлкина, 7 «Б»; группа 2", long))
    s = _run(case)
    meetings = {m["uid"]: m for m in s.meeting_records()}
    for per in ("person", "room"):
        files = s.to_ics(tmp_path / per, per=per)
        assert len({f.name for f in files}) == len(files)
        seen = defaultdict(set)
        for f in files:
            raw = f.read_bytes()
            assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
            raw.decode("utf-8")  # folding never splits a UTF-8 character
            for ev in _parse_ics(f):
                uid = str(ev["UID"])
                m = meetings[uid]
                start = ev.decoded("DTSTART").astimezone(dt.timezone.utc)
                assert start == dt.datetime.fromisoformat(m["start_utc"].replace("Z", "+00:00"))
                end = ev.decoded("DTEND").astimezone(dt.timezone.utc)
                assert end == dt.datetime.fromisoformat(m["end_utc"].replace("Z", "+00:00"))
                seen[uid].add(f.name)
                assert m["unit"] in str(ev["SUMMARY"])
        if per == "person":
            for uid, m in meetings.items():
                assert len(seen[uid]) == len(m["participants"])
        else:
            assert set(seen) == {u for u, m in meetings.items() if m["room"]}
    assert [f for f in (tmp_path / "person").iterdir() if "очень" in f.name]


def test_uids_are_stable_across_reexports_and_runs(tmp_path):
    case = _random_case(5)
    a, b = _run(case), _run(case)
    fa = a.to_ics(tmp_path / "a")
    fb = b.to_ics(tmp_path / "b")
    assert [f.name for f in fa] == [f.name for f in fb]
    for x, y in zip(fa, fb):
        assert x.read_bytes() == y.read_bytes()
    # a changed calendar moves meetings but keeps the UIDs of meetings that still exist
    case2 = json.loads(json.dumps(case))
    case2["calendar"]["days_off"] = ["2025-09-08", "2025-09-09", "2025-09-10"]
    c = _run(case2)
    ua = {(m["unit"], m["kind"], m["seq"]): m["uid"] for m in a.meeting_records()}
    uc = {(m["unit"], m["kind"], m["seq"]): m["uid"] for m in c.meeting_records()}
    for k in ua.keys() & uc.keys():
        assert ua[k] == uc[k]


def test_inputs_accepted_in_every_form(tmp_path):
    people = [{"id": "t1", "consent": "да"}, {"id": "s1", "consent": "yes"}, {"id": "s2", "consent": True}]
    pairs = [("s1", "t1"), ("s2", "t1")]
    ref = nk.schedule(pairs, people, CAL, [{"id": "101", "capacity": 4}])
    df = pd.DataFrame({"наставляемый": ["s1", "s2"], "наставник": ["t1", "t1"]})
    (tmp_path / "cal.json").write_text(json.dumps(CAL), encoding="utf-8")
    (tmp_path / "rooms.csv").write_text("id;capacity\n101;4\n", encoding="utf-8-sig")
    (tmp_path / "people.csv").write_text("id,consent\nt1,да\ns1,yes\ns2,1\n", encoding="utf-8")
    df.to_csv(tmp_path / "pairs.csv", index=False, encoding="utf-8-sig")
    variants = [
        nk.schedule(df, pd.DataFrame(people), tmp_path / "cal.json", tmp_path / "rooms.csv"),
        nk.schedule(str(tmp_path / "pairs.csv"), tmp_path / "people.csv", str(tmp_path / "cal.json"),
                    pd.DataFrame([{"id": "101", "capacity": 4}])),
        nk.schedule([{"mentee": "s1", "mentor": "t1"}, {"mentee": "s2", "mentor": "t1"}], people,
                    json.dumps(CAL), [{"id": "101", "capacity": 4}]),
    ]
    for v in variants:
        assert v == ref


def test_schedule_from_a_real_assignment(sample):
    schema, cohort = sample
    m = nk.score(schema, cohort)
    a = nk.assign_lap(m)
    rooms = [{"id": f"каб. {k}", "capacity": 4} for k in range(6)] + [{"id": "актовый зал", "capacity": 400}]
    s = nk.schedule(a, cohort, SAMPLE / "calendar.json", rooms, time_limit=30)
    req = {"people": [{"id": p, "consent": True} for p in m.mentee_ids + m.mentor_ids]
           + [{"id": p, "consent": False} for p in cohort.without_consent],
           "calendar": json.loads((SAMPLE / "calendar.json").read_text(encoding="utf-8")), "rooms": rooms}
    assert check_schedule(s, req) == []
    assert s.n_units == a.n_pairs
    assert len(s) > 0
    for pid in cohort.without_consent:
        assert pid not in s.to_json()


def test_pickle_frames_and_html():
    s = nk.schedule([("s1", "t1")], [{"id": "t1"}, {"id": "s1"}], CAL, [{"id": "101", "capacity": 2}])
    t = pickle.loads(pickle.dumps(s))
    assert t == s and t.to_json() == s.to_json()
    f = s.meetings
    assert list(f.columns)[:3] == ["uid", "unit", "kind"] and len(f) == len(s)
    assert list(s.unscheduled.columns)[:4] == ["unit", "code", "message_ru", "message_en"]
    assert "<table>" in s._repr_html_()
    from nastavnik.plots import meetings_by_week

    ax = meetings_by_week(s)
    assert sum(p.get_height() for p in ax.patches) == len(s)


def test_to_csv_has_a_bom_and_one_row_per_meeting(tmp_path):
    s = nk.schedule([("s1", "t1")], [{"id": "t1"}, {"id": "s1"}], CAL, [{"id": "каб", "capacity": 2}])
    p = s.to_csv(tmp_path / "m.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(p, encoding="utf-8-sig")) == len(s)


BAD = [
    (lambda r: r["pairs"].append(("s1", "ghost")), nk.UnknownIdError, "ghost"),
    (lambda r: r["calendar"].update(time_zone="Europe/Moskow"), nk.InvalidValueError, "Europe/Moskow"),
    (lambda r: r["calendar"].update(end="2025-08-01"), nk.InvalidValueError, "before"),
    (lambda r: r["calendar"].update(breaks=[{"name": "a", "start": "2025-10-27", "end": "2025-11-04"},
                                            {"name": "b", "start": "2025-11-01", "end": "2025-11-09"}]),
     nk.InvalidValueError, "overlap"),
    (lambda r: r["rooms"].append({"id": "подвал", "capacity": 2, "closed": [99]}), nk.InvalidValueError, "99"),
    (lambda r: r["people"][0].update(preferred=[[500, 1.0]]), nk.InvalidValueError, "500"),
    (lambda r: r["rooms"].append({"id": "минус", "capacity": -1}), nk.InvalidValueError, "минус"),
    (lambda r: r["rooms"].append({"id": "x", "capacity": "много"}), nk.InvalidValueError, "много"),
    (lambda r: r["calendar"].update(colour="red"), nk.InvalidValueError, "colour"),
    (lambda r: r["calendar"].update(absences=[{"id": "nobody", "start": "2025-09-03"}]), nk.UnknownIdError, "nobody"),
    (lambda r: r["calendar"].update(closures=[{"id": "каб. 404", "start": "2025-09-03"}]), nk.UnknownIdError,
     "каб. 404"),
    (lambda r: r["people"].append({"id": "t1"}), nk.DuplicateIdError, "t1"),
    (lambda r: r["people"][0].update(consent="maybe"), nk.InvalidValueError, "maybe"),
]


@pytest.mark.parametrize("k", range(len(BAD)))
def test_bad_input_raises_a_named_error(k):
    edit, exc, needle = BAD[k]
    r = {"pairs": [("s1", "t1")], "people": [{"id": "t1"}, {"id": "s1"}], "calendar": dict(CAL),
         "rooms": [{"id": "101", "capacity": 4}]}
    edit(r)
    with pytest.raises(exc, match=needle):
        nk.schedule(r["pairs"], r["people"], r["calendar"], r["rooms"])


def test_bad_options_and_types():
    args = ([("s1", "t1")], [{"id": "t1"}, {"id": "s1"}], CAL)
    with pytest.raises(nk.InvalidValueError, match="method"):
        nk.schedule(*args, method="magic")
    with pytest.raises(nk.InvalidValueError, match="threads"):
        nk.schedule(*args, threads=0)
    with pytest.raises(nk.InvalidValueError, match="threads"):
        nk.schedule(*args, threads=2**62)
    with pytest.raises(nk.InvalidValueError, match="time"):
        nk.schedule(*args, time_limit=-1.0)
    with pytest.raises(nk.InvalidValueError, match="template|programme|cadense"):
        nk.schedule(*args, template={"default": {"cadense": "weekly"}})
    with pytest.raises(TypeError):
        nk.schedule(42, args[1], CAL)
    with pytest.raises(nk.InvalidValueError, match="per"):
        nk.schedule(*args).to_ics("/tmp", per="desk")


def test_cli_schedule_writes_files_and_fails_with_one_line(tmp_path):
    (tmp_path / "pairs.csv").write_text("mentee,mentor\ns1,t1\ns2,t1\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("id,consent,availability\nt1,yes,always\ns1,yes,\ns2,no,\n",
                                         encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "nastavnik", "schedule", "--pairs", str(tmp_path / "pairs.csv"),
                        "--cohort", str(tmp_path / "people.csv"), "--calendar", str(SAMPLE / "calendar.json"),
                        "--rooms", str(SAMPLE / "rooms.csv"), "--out", str(out)],
                       capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert (out / "meetings.csv").exists() and (out / "unscheduled.csv").exists()
    assert list((out / "ics" / "person").glob("*.ics")) and list((out / "ics" / "room").glob("*.ics"))
    assert not any("s2" in f.name for f in out.rglob("*"))
    assert "s2" not in (out / "meetings.csv").read_text(encoding="utf-8-sig")
    bad = dict(json.loads((SAMPLE / "calendar.json").read_text(encoding="utf-8")), time_zone="Nowhere/City")
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "nastavnik", "schedule", "--pairs", str(tmp_path / "pairs.csv"),
                        "--cohort", str(tmp_path / "people.csv"), "--calendar", str(tmp_path / "bad.json"),
                        "--rooms", str(SAMPLE / "rooms.csv"), "--out", str(out)], capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "Nowhere/City" in r.stderr


def test_demo_schedules_the_sample_after_matching(tmp_path):
    from nastavnik.__main__ import main

    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    pairs = pd.read_csv(out / "pairs.csv", sep=";", encoding="utf-8-sig")
    meetings = pd.read_csv(out / "meetings.csv", encoding="utf-8-sig")
    assert len(pairs) > 0 and len(meetings) > 0
    units = set(meetings["unit"]) - {"group_final"}
    unscheduled = pd.read_csv(out / "unscheduled.csv", encoding="utf-8-sig")
    assert len(units) + len(unscheduled) == len(pairs)
    assert list((out / "ics" / "person").glob("*.ics")) and list((out / "ics" / "room").glob("*.ics"))
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Расписание встреч" in report and "встречи по неделям" in report
    s = nk.Schedule((out / "schedule.json").read_text(encoding="utf-8"))
    cal = json.loads((SAMPLE / "calendar.json").read_text(encoding="utf-8"))
    rooms = pd.read_csv(SAMPLE / "rooms.csv").to_dict("records")
    people = [{"id": p} for m in s.meeting_records() for p in m["participants"]]
    assert check_schedule(s, {"calendar": cal, "rooms": rooms, "people": people}) == []


def test_sequence_log_bumps_only_the_changed_meetings(tmp_path):
    import icalendar

    people = [{"id": "t1"}, {"id": "s1"}, {"id": "s2"}]
    rooms = [{"id": "101", "capacity": 4}, {"id": "102", "capacity": 4}]
    s = nk.schedule([("s1", "t1"), ("s2", "t1")], people, CAL, rooms)
    assert len(s) > 0
    log = tmp_path / "sequence.json"

    def sequences(directory):
        out = {}
        for f in sorted(directory.glob("*.ics")):
            for ev in icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT"):
                out[str(ev["UID"])] = int(ev.get("SEQUENCE", 0))
        return out

    s.to_ics(tmp_path / "a", per="person", sequence_log=log)
    first = sequences(tmp_path / "a")
    assert first and set(first.values()) == {0} and log.exists()
    s.to_ics(tmp_path / "b", per="person", sequence_log=log)   # unchanged: still 0
    assert sequences(tmp_path / "b") == first
    data = json.loads(s._json)
    m = data["meetings"][0]
    m["room"] = "102" if m.get("room") == "101" else "101"
    nk.Schedule(data).to_ics(tmp_path / "c", per="person", sequence_log=log)
    third = sequences(tmp_path / "c")
    assert third[m["uid"]] == 1
    assert all(v == 0 for k, v in third.items() if k != m["uid"])
    # without a log every SEQUENCE is 0, as before
    nk.Schedule(data).to_ics(tmp_path / "d", per="person")
    assert set(sequences(tmp_path / "d").values()) == {0}
