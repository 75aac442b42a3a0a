"""``Schedule.conflict_set``: the minimal set of hard rules that leave a unit unscheduled.

Every set is checked with an independent oracle written here from the raw input (the weekly
availability slots, the other units' slots and rooms read from the meetings, room capacities):
with all its rules the unit has no slot; dropping any one rule gives it one. Constructed cases
check the rules named; random over-constrained programmes check irreducibility."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random

import nastavnik as nk
import pytest

CAL = {"time_zone": "Europe/Moscow", "start": "2025-09-01", "end": "2026-05-29"}
DAYS = ["mon", "tue", "wed", "thu", "fri"]
HOURS = [14, 15, 16, 17]
ROOM = [{"id": "каб. 12", "capacity": 3}]  # the default grid: Mon-Fri, four 60-minute slots from 14:00


def _avail(slots: set[tuple[int, int]]) -> str:
    if not slots:
        return "never"
    return "; ".join(f"{DAYS[d]} {h:02d}:00-{h + 1:02d}:00" for d, h in sorted(slots))


def _placed(s: nk.Schedule) -> dict[str, tuple[tuple[int, int], str | None]]:
    """unit -> ((weekday, hour), room) read from the meetings."""
    out = {}
    for m in s.meeting_records():
        if m["unit"] == "group_final" or m["unit"] in out:
            continue
        day = dt.date.fromisoformat(m["date"]).weekday()
        out[m["unit"]] = ((day, int(m["start"][:2])), m["room"])
    return out


def placeable(unit: dict, avail: dict, rooms: list, placed: dict, units: dict, rules: list) -> bool:
    """The oracle: does ``unit`` have a slot when only ``rules`` hold (others where they are)?"""
    keys = {(r["rule"], r.get("person"), r.get("unit")) for r in rules}
    for d in range(5):
        for h in HOURS:
            if any(("availability", q, None) in keys and (d, h) not in avail[q] for q in unit["people"]):
                continue
            if any(("busy", q, v) in keys and placed.get(v, ((None, None), None))[0] == (d, h)
                   for q in unit["people"] for v in units):
                continue
            mode = unit["mode"] if ("unit_mode", None, None) in keys else "either"
            if mode != "in_person" or ("rooms", None, None) not in keys:
                return True
            size = unit.get("size", len(unit["people"]))
            taken = {room for _, (slot, room) in placed.items() if slot == (d, h)}
            if any(r["capacity"] >= size and r["id"] not in taken for r in rooms):
                return True
    return False


def check_irreducible(unit, avail, rooms, placed, units, rules):
    assert rules, f"empty conflict set for {unit['id']}"
    assert not placeable(unit, avail, rooms, placed, units, rules), rules
    for k in range(len(rules)):
        less = rules[:k] + rules[k + 1:]
        assert placeable(unit, avail, rooms, placed, units, less), f"{rules[k]} not needed in {rules}"


def test_busy_teacher_names_availability_and_the_blocking_unit():
    avail = {"t": {(0, 14)}, "s1": {(d, h) for d in range(5) for h in HOURS},
             "s2": {(d, h) for d in range(5) for h in HOURS}}
    people = [{"id": q, "availability": _avail(a)} for q, a in avail.items()]
    s = nk.schedule([("s1", "t"), ("s2", "t")], people, CAL, ROOM)
    (blocked,) = s.unscheduled["unit"]
    rules = s.conflict_set(blocked)
    other = ({"t–s1", "t–s2"} - {blocked}).pop()
    assert [(r["rule"], r.get("person"), r.get("unit")) for r in rules] == [
        ("availability", "t", None), ("busy", "t", other)]
    assert "(пн 14:00)" in rules[1]["message_ru"] and "(Mon 14:00)" in rules[1]["message_en"]
    units = {u: {"id": u, "people": ["t", u[2:]], "mode": "in_person"} for u in ("t–s1", "t–s2")}
    check_irreducible(units[blocked], avail, ROOM, _placed(s), units, rules)
    assert s.conflict_set(other) == []  # scheduled: nothing to blame


def test_group_too_large_for_the_only_room():
    unit = {"id": "group", "people": ["m", "a", "b"], "mode": "in_person"}
    rooms = [{"id": "каб. 5", "capacity": 2}]
    s = nk.schedule([unit], [{"id": "m"}, {"id": "a"}, {"id": "b"}], CAL, rooms)
    assert list(s.unscheduled["code"]) == ["no_room_with_capacity"]
    rules = s.conflict_set("group")
    assert [r["rule"] for r in rules] == ["unit_mode", "rooms"]
    assert "3" in rules[1]["message_en"] and "очно" in rules[0]["message_ru"]
    every = {q: {(d, h) for d in range(5) for h in HOURS} for q in unit["people"]}
    check_irreducible(unit, every, rooms, {}, {"group": unit}, rules)


@pytest.mark.parametrize("seed", range(30))
def test_random_overconstrained_programmes(seed):
    rng = random.Random(seed)
    people = [f"p{k}" for k in range(rng.randint(4, 7))]
    grid_slots = [(d, h) for d in range(2) for h in HOURS[:2]]  # crowd four slots of Mon-Tue
    avail = {q: {x for x in grid_slots if rng.random() < 0.5} for q in people}
    units = {}
    for k in range(rng.randint(4, 9)):
        who = rng.sample(people, rng.randint(2, 3))
        units[f"u{k}"] = {"id": f"u{k}", "people": who,
                          "mode": rng.choice(["either", "in_person", "online"])}
    rooms = [{"id": f"r{k}", "capacity": rng.randint(1, 3)} for k in range(rng.randint(0, 2))]
    s = nk.schedule(list(units.values()), [{"id": q, "availability": _avail(a)} for q, a in avail.items()],
                    CAL, rooms)
    placed = _placed(s)
    for u in s.unscheduled_records():
        rules = s.conflict_set(u["unit"])
        unit = units[u["unit"]]
        all_rules = ([{"rule": "availability", "person": q} for q in unit["people"]]
                     + [{"rule": "unit_mode"}, {"rule": "rooms"}]
                     + [{"rule": "busy", "person": q, "unit": v} for v in placed for q in unit["people"]
                        if q in units[v]["people"]])
        if placeable(unit, avail, rooms, placed, units, all_rules):
            assert rules == [], (seed, u)
            continue
        for r in rules:
            assert r["message_ru"] and r["message_en"]
            assert r["rule"] != "day_length"
        check_irreducible(unit, avail, rooms, placed, units, rules)


def test_errors_and_carrying_the_request():
    people = [{"id": "t", "availability": "mon 14:00-15:00"}, {"id": "s1"}, {"id": "s2"},
              {"id": "тайный", "consent": False}]
    pairs = [("s1", "t"), ("s2", "t"), ("тайный", "t")]
    s = nk.schedule(pairs, people, CAL, ROOM)
    (blocked,) = s.unscheduled["unit"]
    with pytest.raises(nk.UnknownIdError, match="ghost"):
        s.conflict_set("ghost")
    with pytest.raises(nk.UnknownIdError, match="тайный"):
        s.conflict_set("t–тайный")  # dropped for consent: not a unit of the schedule
    with pytest.raises(TypeError, match="unit"):
        s.conflict_set(3)
    # A schedule read back from JSON or a pickle needs the request passed explicitly.
    again = nk.Schedule(s.to_json())
    with pytest.raises(nk.InvalidValueError, match="request"):
        again.conflict_set(blocked)
    req = nk.scheduling.build_request(pairs, people, CAL, ROOM)
    assert again.conflict_set(blocked, request=req) == s.conflict_set(blocked)
    assert pickle.loads(pickle.dumps(s)).conflict_set(blocked, request=json.dumps(req)) == s.conflict_set(blocked)
    assert "тайный" not in json.dumps(s.conflict_set(blocked), ensure_ascii=False)
    # A request that did not make this schedule is named.
    other = nk.scheduling.build_request([("a", "b")], [{"id": "a"}, {"id": "b"}], CAL)
    with pytest.raises(nk.InvalidValueError, match="request"):
        s.conflict_set("b–a", request=other)
    with pytest.raises(TypeError, match="request"):
        s.conflict_set(blocked, request=42)
