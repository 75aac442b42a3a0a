"""Standing slots from Python: independent checker, OR-Tools CP-SAT optimum on small seeded
instances (rooms modelled one by one, not aggregated), determinism, reasons, named errors."""

from __future__ import annotations

import random

import nastavnik as nk
import pytest
from ortools.sat.python import cp_model

GRID = {"days": 2, "day_start": 900, "slot_minutes": 60, "slots_per_day": 3}
DAYS = ["mon", "tue"]


def _instance(seed: int, n_people: int = 6, n_units: int = 5):
    rng = random.Random(seed)
    people, avail = [], {}
    for k in range(n_people):
        slots = {}
        parts = []
        for s in range(6):
            if rng.random() < 0.6:
                mode = rng.choice(["either", "either", "online", "in_person"])
                d, p = divmod(s, 3)
                h = 15 + p
                parts.append(f"{DAYS[d]} {h:02d}:00-{h + 1:02d}:00 {mode}")
                slots[s] = mode
        pref = [[rng.randrange(6), rng.randint(-2, 3)] for _ in range(rng.randint(0, 2))]
        consent = rng.random() < 0.95
        people.append({"id": f"p{k}", "availability": "; ".join(parts) or "never",
                       "preferred": pref, "consent": consent})
        avail[f"p{k}"] = slots
    units = []
    for k in range(n_units):
        who = rng.sample(range(n_people), rng.randint(2, 3))
        units.append({"id": f"u{k}", "people": [f"p{x}" for x in who],
                      "mode": rng.choice(["either", "in_person", "online"])})
    rooms = [{"id": f"r{k}", "capacity": rng.randint(1, 4)} for k in range(rng.randint(0, 2))]
    return people, avail, units, rooms


def _check(people, avail, units, rooms, r):
    """Independent checker: availability and modes, consent, no double booking, rooms."""
    consent = {p["id"]: p["consent"] for p in people}
    cap = {x["id"]: x["capacity"] for x in rooms}
    busy, room_busy = set(), set()
    placed = {pl["unit"] for pl in r["placements"]}
    assert placed.isdisjoint({x["unit"] for x in r["unscheduled"]})
    assert len(placed) + len(r["unscheduled"]) == len(units)
    for pl in r["placements"]:
        u = units[pl["unit"]]
        s, mode = pl["slot"], pl["mode"]
        assert u["mode"] in ("either", mode)
        for q in u["people"]:
            assert consent[q]
            assert avail[q].get(s) in ("either", mode), (q, s, mode)
            assert (q, s) not in busy
            busy.add((q, s))
        if mode == "in_person":
            assert cap[pl["room"]] >= len(u["people"])
            assert (pl["room"], s) not in room_busy
            room_busy.add((pl["room"], s))
        else:
            assert pl["room"] is None
    for x in r["unscheduled"]:
        assert x["code"] and x["message"]


def _cp_sat(people, avail, units, rooms, spread):
    """Lexicographic optimum with CP-SAT, rooms as explicit assignment variables."""
    m = cp_model.CpModel()
    consent = {p["id"]: p["consent"] for p in people}
    pref = {p["id"]: p["preferred"] for p in people}
    x, y = {}, {}
    for k, u in enumerate(units):
        if not all(consent[q] for q in u["people"]):
            continue
        for s in range(6):
            for mode in ("online", "in_person"):
                if u["mode"] not in ("either", mode):
                    continue
                if all(avail[q].get(s) in ("either", mode) for q in u["people"]):
                    v = m.new_bool_var(f"x{k}_{s}_{mode}")
                    x[k, s, mode] = v
                    if mode == "in_person":
                        ok = [r for r in rooms
                              if r["capacity"] >= len(u["people"]) and s not in r.get("closed", [])]
                        ys = [m.new_bool_var(f"y{k}_{s}_{r['id']}") for r in ok]
                        for r, yy in zip(ok, ys):
                            y[k, s, r["id"]] = yy
                        m.add(sum(ys) == v)
        m.add(sum(v for (kk, _, _), v in x.items() if kk == k) <= 1)
    for q in consent:
        for s in range(6):
            m.add(sum(v for (k, ss, _), v in x.items() if ss == s and q in units[k]["people"]) <= 1)
    for r in rooms:
        for s in range(6):
            m.add(sum(v for (k, ss, rid), v in y.items() if ss == s and rid == r["id"]) <= 1)
    extra = []
    for q in consent:
        for d in range(2):
            cnt = sum(v for (k, s, _), v in x.items() if s // 3 == d and q in units[k]["people"])
            e = m.new_int_var(0, 10, f"e{q}{d}")
            m.add(e >= cnt - 1)
            extra.append(e)
    soft = sum(
        v * sum(w for q in units[k]["people"] for (t, w) in pref[q] if t == s)
        for (k, s, _), v in x.items()
    ) - spread * sum(extra)
    n = sum(x.values())
    m.maximize(1000 * n + soft)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(m) == cp_model.OPTIMAL
    nv = int(sum(solver.value(v) for v in x.values()))
    return nv, solver.objective_value - 1000 * nv


@pytest.mark.parametrize("seed", range(25))
def test_optimum_equals_cp_sat(seed):
    people, avail, units, rooms = _instance(seed)
    spread = seed % 2
    r = nk.standing_slots(units, people, rooms, GRID, method="exact", spread_weight=float(spread))
    _check(people, avail, units, rooms, r)
    n, soft = _cp_sat(people, avail, units, rooms, spread)
    assert r["status"] == "optimal"
    assert r["n_scheduled"] == n
    assert r["objective"] == pytest.approx(soft, abs=1e-9)
    assert sum(t["total"] for t in r["breakdown"]["terms"]) == pytest.approx(r["objective"], abs=0)


def test_same_result_on_any_thread_count():
    people, avail, units, rooms = _instance(77, n_people=40, n_units=30)
    runs = [nk.standing_slots(units, people, rooms, GRID, threads=t) for t in (1, 2, 4)]
    assert runs[0] == runs[1] == runs[2]
    _check(people, avail, units, rooms, runs[0])



@pytest.mark.parametrize("threads", [0, 1025, 2**62])
def test_thread_count_out_of_range_is_a_named_error(threads):
    people, _, units, rooms = _instance(3, n_people=6, n_units=3)
    with pytest.raises(ValueError, match="threads"):
        nk.standing_slots(units, people, rooms, GRID, threads=threads)

def test_reasons_name_people_and_hide_non_consenting():
    people = [{"id": "t"}, {"id": "a"}, {"id": "b"}, {"id": "secret", "consent": False}]
    units = [{"id": "1", "people": ["t", "a"]}, {"id": "2", "people": ["t", "b"]},
             {"id": "3", "people": ["a", "secret"]}]
    grid = {"days": 1, "day_start": 600, "slot_minutes": 60, "slots_per_day": 1}
    r = nk.standing_slots(units, people, [], grid)
    codes = {x["unit_id"]: x for x in r["unscheduled"]}
    assert codes["3"]["code"] == "no_consent"
    assert "secret" not in str(r)
    blocked = [x for x in r["unscheduled"] if x["code"] == "person_conflict"]
    assert len(blocked) == 1 and blocked[0]["people"] == ["t"]


@pytest.mark.parametrize(
    ("kwargs", "exc", "needle"),
    [
        ({"rooms": [{"id": "r", "capacity": -1}]}, nk.InvalidValueError, 'rooms[0] ("r")'),
        ({"units": [{"id": "u", "people": ["ghost"]}]}, nk.UnknownIdError, "ghost"),
        ({"people": [{"id": "a", "availability": "mon 25:00-26:00"}]}, nk.InvalidValueError, "people[0]"),
        ({"people": [{"id": "a", "preferred": [[99, 1.0]]}]}, nk.InvalidValueError, "outside the grid"),
        ({"grid": {"days": 9, "day_start": 0, "slot_minutes": 60, "slots_per_day": 1}}, nk.InvalidValueError, "grid"),
        ({"method": "fast"}, nk.InvalidValueError, "method"),
        ({"time_limit": -1.0}, nk.InvalidValueError, "time limit"),
        ({"people": [{"id": "a"}, {"id": "a"}]}, nk.DuplicateIdError, '"a"'),
    ],
)
def test_bad_input_is_a_named_error(kwargs, exc, needle):
    args = {"units": [], "people": [], "rooms": [], "grid": GRID}
    opts = {k: kwargs.pop(k) for k in list(kwargs) if k in ("method", "time_limit")}
    args.update(kwargs)
    with pytest.raises(exc, match=None) as e:
        nk.standing_slots(args["units"], args["people"], args["rooms"], args["grid"], **opts)
    assert needle in str(e.value)


def test_type_errors():
    with pytest.raises(TypeError):
        nk.standing_slots("units", [], [], GRID)
    with pytest.raises(TypeError):
        nk.standing_slots([1], [], [], GRID)


@pytest.mark.parametrize("seed", range(8))
def test_weeks_respect_exceptions_and_their_bound_holds(seed):
    """The dated mode: every week obeys its exceptions, keeps the units it does not touch, and
    its optimum (CP-SAT on the week's instance) lies between the week and its bound."""
    people, avail, units, rooms = _instance(seed)
    rng = random.Random(100 + seed)
    weeks = []
    for _ in range(3):
        w = {"all": [rng.randrange(6)] if rng.random() < 0.4 else [],
             "people": [[f"p{rng.randrange(6)}", rng.randrange(6)] for _ in range(rng.randint(0, 2))],
             "rooms": [[r["id"], rng.randrange(6)] for r in rooms if rng.random() < 0.5]}
        weeks.append(w)
    r = nk.standing_slots(units, people, rooms, GRID, spread_weight=0.0, weeks=weeks)
    # method="heuristic": the repair alone, which keeps every unit the week does not touch
    rh = nk.standing_slots(units, people, rooms, GRID, spread_weight=0.0, weeks=weeks, method="heuristic")
    base = {p["unit"]: p for p in r["placements"]}
    assert len(r["weeks"]) == len(weeks)
    for w, out, rep in zip(weeks, r["weeks"], rh["weeks"]):
        absent = {(q, s) for q, s in w["people"]} | {(p["id"], s) for p in people for s in w["all"]}
        closed = {(x, s) for x, s in w["rooms"]} | {(x["id"], s) for x in rooms for s in w["all"]}
        week_avail = {q: {s: m for s, m in a.items() if (q, s) not in absent} for q, a in avail.items()}
        week_rooms = [dict(x, closed=[s for s in range(6) if (x["id"], s) in closed]) for x in rooms]
        for p in out["placements"]:
            members = units[p["unit"]]["people"]
            assert all((q, p["slot"]) not in absent for q in members)
            assert p["room"] is None or (p["room"], p["slot"]) not in closed
        for u, p in base.items():
            hit = any((q, p["slot"]) in absent for q in units[u]["people"]) or (
                p["room"] is not None and any(s == p["slot"] for _, s in closed))
            if not hit:
                assert any(x["unit"] == u and x["slot"] == p["slot"] for x in rep["placements"])
        cn, cv = _cp_sat(people, week_avail, units, week_rooms, 0)
        for res in (out, rep):
            n, v = res["n_scheduled"], res["objective"]
            bn, bv = res["upper_bound"]
            assert (n, v - 1e-6) <= (cn, cv) <= (bn, bv + 1e-6)
            if res["status"] == "optimal":
                assert (n, v) == (cn, pytest.approx(cv, abs=1e-6))
        # small weeks below their bound are re-solved exactly: the week is optimal
        assert out["status"] == "optimal", out["gap"]


def test_weeks_name_unknown_ids():
    people, _, units, rooms = _instance(1)
    with pytest.raises(nk.UnknownIdError, match="weeks\\[0\\] person"):
        nk.standing_slots(units, people, rooms, GRID, weeks=[{"people": [["ghost", 0]]}])
