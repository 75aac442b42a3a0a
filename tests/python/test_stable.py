"""Stable matching bindings: agreement with the `matching` package, certificates, errors, GIL."""

from __future__ import annotations

import threading
import time
import warnings

import matching.games as matching_games
import nastavnik as nk
import numpy as np
import pytest

# ---------------------------------------------------------------- helpers (fixtures live here)


def random_strict(rng, n, m, cap=1, full=True, length=None):
    """Strict id dicts: mentees e0.., mentors m0..; full lists or `length`-long mutual lists."""
    eids = [f"e{i}" for i in range(n)]
    mids = [f"m{j}" for j in range(m)]
    e = {}
    named_by = [[] for _ in range(m)]
    for i in range(n):
        k = m if full else min(m, length or max(1, m // 2))
        row = rng.permutation(m)[:k]
        e[eids[i]] = [mids[j] for j in row]
        for j in row:
            named_by[j].append(i)
    mp = {}
    for j in range(m):
        order = rng.permutation(n) if full else rng.permutation(np.array(named_by[j], dtype=int))
        mp[mids[j]] = [eids[i] for i in order]
    return eids, mids, e, mp


def rank_matrices(eids, mids, e, mp):
    """Mentees x mentors rank matrices from id dicts (0 = unlisted)."""
    ei = {x: i for i, x in enumerate(eids)}
    mi = {x: j for j, x in enumerate(mids)}
    re = np.zeros((len(eids), len(mids)), dtype=np.int64)
    rm = np.zeros_like(re)
    for a, lst in e.items():
        for r, b in enumerate(lst):
            re[ei[a], mi[b]] = r + 1
    for b, lst in mp.items():
        for r, a in enumerate(lst):
            rm[ei[a], mi[b]] = r + 1
    return re, rm


def their_pairs(m):
    """Pairs (mentee, mentor) from a `matching` result (single or multiple)."""
    out = set()
    for k, v in m.items():
        if v is None:
            continue
        vs = v if isinstance(v, list) else [v]
        for x in vs:
            out.add((k.name, x.name))
    return out


def brute_blocking(pairs, e, mp, caps):
    """Blocking pairs by definition (strict lists, ids)."""
    mentor_of = {a: b for a, b in pairs}
    held = {b: [a for a, bb in pairs if bb == b] for b in mp}
    out = []
    for a, lst in e.items():
        for b in lst:
            if b == mentor_of.get(a):
                break
            if a not in mp[b]:
                continue
            if len(held[b]) < caps.get(b, 1) or any(mp[b].index(a) < mp[b].index(x) for x in held[b]):
                out.append((a, b))
    return sorted(out)


# ---------------------------------------------------------------- agreement with `matching`


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("optimal", ["suitor", "reviewer"])
def test_stable_marriage_equals_matching(seed, optimal):
    rng = np.random.default_rng(seed)
    n = 12
    eids, mids, e, mp = random_strict(rng, n, n)
    game = matching_games.StableMarriage.create_from_dictionaries(e, mp)
    theirs = {(a, b) for a, b in their_pairs(game.solve(optimal=optimal))}
    proposer = "mentee" if optimal == "suitor" else "mentor"
    ours = nk.stable_matching(e, mp, proposer=proposer)
    assert set(ours.to_pairs()) == theirs
    assert ours.mentee_ids == eids and ours.mentor_ids == mids
    assert ours.status == "stable"
    assert nk.blocking_pairs(ours, e, mp) == []
    # the same instance as rank matrices gives the same answer
    re, rm = rank_matrices(eids, mids, e, mp)
    by_rank = nk.stable_matching(re, rm, proposer=proposer, mentee_ids=eids, mentor_ids=mids)
    assert set(by_rank.to_pairs()) == theirs


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("optimal", ["resident", "hospital"])
@pytest.mark.parametrize("full", [True, False])
def test_hospital_resident_equals_matching(seed, optimal, full):
    rng = np.random.default_rng(100 + seed)
    n, m = 30, 6
    eids, mids, e, mp = random_strict(rng, n, m, full=full, length=3)
    caps = {b: int(rng.integers(1, 6)) for b in mids}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = matching_games.HospitalResident.create_from_dictionaries(e, mp, caps)
        theirs = their_pairs(game.solve(optimal=optimal))
    theirs = {(b, a) for a, b in theirs}  # hospital -> residents
    proposer = "mentee" if optimal == "resident" else "mentor"
    ours = nk.stable_matching(e, mp, max_load=caps, proposer=proposer)
    assert set(ours.to_pairs()) == theirs
    cap_list = [caps[b] for b in mids]
    assert nk.blocking_pairs(ours, e, mp, max_load=caps) == []
    assert nk.blocking_pairs(ours, e, mp, max_load=cap_list) == []
    assert brute_blocking(ours.to_pairs(), e, mp, caps) == []
    counts = np.bincount(ours.pairs[:, 1], minlength=m)
    assert all(counts[j] <= cap_list[j] for j in range(m))


def brute_stable_roommates(n, rank):
    """All stable perfect/maximal matchings by enumeration (strict complete lists, n even)."""
    people = list(range(n))
    found = []

    def rec(left, mate):
        if not left:
            if not any(
                rank[a][b] < rank[a][mate[a]] and rank[b][a] < rank[b][mate[b]]
                for a in range(n)
                for b in range(a + 1, n)
            ):
                found.append(tuple(mate))
            return
        a = left[0]
        for b in left[1:]:
            mate[a], mate[b] = b, a
            rec([x for x in left if x not in (a, b)], mate)

    rec(people, [None] * n)
    return found


@pytest.mark.parametrize("seed", range(25))
def test_roommates_agrees_with_matching_and_brute_force(seed):
    rng = np.random.default_rng(200 + seed)
    n = 8
    ids = [f"p{i}" for i in range(n)]
    prefs = {}
    rank = [[0] * n for _ in range(n)]
    for i in range(n):
        others = [j for j in rng.permutation(n) if j != i]
        prefs[ids[i]] = [ids[j] for j in others]
        for r, j in enumerate(others):
            rank[i][j] = r
    ours = nk.stable_roommates(prefs)
    matching, stable, blocking = ours
    brute = brute_stable_roommates(n, rank)
    assert stable == bool(brute)
    assert (blocking == []) == stable
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = matching_games.StableRoommates.create_from_dictionary(prefs)
        game.solve()
        theirs_stable = game.check_stability()
    assert theirs_stable == stable
    if stable:
        mate = tuple(matching.mate.tolist())
        assert mate in brute
        assert matching.status == "stable"
        theirs = {tuple(sorted(p)) for p in their_pairs(game.matching)}
        ours_pairs = {tuple(sorted(p)) for p in ((ids[a], ids[b]) for a, b in matching.pairs.tolist())}
        if len(brute) == 1:
            assert ours_pairs == theirs
    else:
        assert matching.status == "partial"
        # the reported blocking pairs are exactly the blocking pairs by definition
        mate = matching.mate.tolist()
        worst = n
        cur = [rank[a][mate[a]] if mate[a] >= 0 else worst for a in range(n)]
        expect = [
            (ids[a], ids[b])
            for a in range(n)
            for b in range(a + 1, n)
            if rank[a][b] < cur[a] and rank[b][a] < cur[b]
        ]
        assert sorted(blocking) == sorted(expect)


def test_roommates_rank_matrix_and_known_unsolvable():
    odd = {"a": ["b", "c", "d"], "b": ["c", "a", "d"], "c": ["a", "b", "d"], "d": ["a", "b", "c"]}
    res = nk.stable_roommates(odd)
    assert not res.stable and res.blocking_pairs and res.set_aside
    assert res.matching.ids == ["a", "b", "c", "d"]
    r = np.array([[0, 1, 2, 3], [2, 0, 1, 3], [1, 2, 0, 3], [1, 2, 3, 0]])
    assert not nk.stable_roommates(r).stable
    ok = np.array([[0, 1, 2], [1, 0, 2], [1, 2, 0]])
    m, stable, blocking = nk.stable_roommates(ok, ids=["x", "y", "z"])
    assert stable and m.mate.tolist() == [1, 0, -1] and blocking == []


# ---------------------------------------------------------------- semantics


def test_ids_derived_and_fixed():
    e = {"e1": ["m2", ["m1", "m3"]], "e2": ["m1"]}
    m = {"m1": ["e2", "e1", "e3"], "m3": ["e1"]}
    a = nk.stable_matching(e, m)
    # mentees: keys, then ids named only by mentors; mentors: keys, then ids named only by mentees
    assert a.mentee_ids == ["e1", "e2", "e3"]
    assert a.mentor_ids == ["m1", "m3", "m2"]
    b = nk.stable_matching(e, m, mentee_ids=["e3", "e2", "e1"], mentor_ids=["m1", "m2", "m3"])
    assert b.mentee_ids == ["e3", "e2", "e1"]
    assert sorted(b.to_pairs()) == sorted(a.to_pairs())
    # m2 never listed e1 (mutual acceptability): e1 gets one of m1/m3
    assert dict(a.to_pairs())["e1"] in ("m1", "m3")
    # with "either", e1-m2 becomes acceptable and e1 gets their first choice
    assert dict(nk.stable_matching(e, m, acceptability="either").to_pairs())["e1"] == "m2"


def test_rank_stats_sanity():
    rng = np.random.default_rng(7)
    eids, mids, e, mp = random_strict(rng, 40, 40)
    a = nk.stable_matching(e, mp)
    st = nk.rank_stats(a, e, mp)
    se, sm = st["mentee"], st["mentor"]
    assert se["n_participants"] == 40 and sm["n_participants"] == 40
    assert se["n_matched"] == 40 and se["n_unmatched"] == 0 and se["n_unlisted"] == 0
    ranks_e = [e[x].index(y) + 1 for x, y in a.to_pairs()]
    ranks_m = [mp[y].index(x) + 1 for x, y in a.to_pairs()]
    assert se["mean_rank"] == pytest.approx(np.mean(ranks_e))
    assert sm["mean_rank"] == pytest.approx(np.mean(ranks_m))
    assert se["worst_rank"] == max(ranks_e) and sm["worst_rank"] == max(ranks_m)
    assert se["n_first_choice"] == sum(r == 1 for r in ranks_e)
    assert se["first_choice_share"] == pytest.approx(se["n_first_choice"] / 40)
    # mentee-proposing is best for mentees, worst for mentors among stable matchings
    b = nk.stable_matching(e, mp, proposer="mentor")
    st_b = nk.rank_stats(b, e, mp)
    assert se["mean_rank"] <= st_b["mentee"]["mean_rank"]
    assert sm["mean_rank"] >= st_b["mentor"]["mean_rank"]


def test_blocking_pairs_detects_instability():
    e = {"a": ["x", "y"], "b": ["x", "y"]}
    m = {"x": ["a", "b"], "y": ["a", "b"]}
    ranks_e, ranks_m = rank_matrices(["a", "b"], ["x", "y"], e, m)
    good = nk.stable_matching(ranks_e, ranks_m)
    assert nk.blocking_pairs(good, ranks_e, ranks_m) == []
    # swap the partners via the score matrix solver: a-y, b-x is blocked by (a, x)
    s = np.array([[0.0, 1.0], [1.0, 0.0]])
    bad = nk.stable_matching_from_scores(s)
    assert bad.mentor_of.tolist() == [1, 0]
    assert nk.blocking_pairs(bad, ranks_e, ranks_m) == [(0, 0)]
    assert nk.blocking_pairs(bad, e, m) == [("a", "x")]  # ids from the dict order
    assert nk.blocking_pairs(bad, s, from_scores=True) == []


def test_from_scores_and_blend():
    s = np.array([[0.9, 0.5], [0.8, 0.1]])
    assert nk.stable_matching_from_scores(s).mentor_of.tolist() == [0, 1]
    assert nk.stable_matching_from_scores(s, s.copy(), proposer="mentor").mentor_of.tolist() == [0, 1]
    neg = np.array([[0.9, -np.inf], [-np.inf, 0.1]])
    assert nk.stable_matching_from_scores(neg).mentor_of.tolist() == [0, 1]
    # stated lists blended with scores: weight 1 follows the stated lists, weight 0 the scores
    e = {"e0": ["m1"], "e1": ["m0"]}
    m = {"m0": ["e1"], "m1": ["e0"]}
    sc = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert nk.stable_matching(e, m, scores=sc, weight=1.0).to_pairs() == [("e0", "m1"), ("e1", "m0")]
    assert nk.stable_matching(e, m, scores=sc, weight=0.0).to_pairs() == [("e0", "m0"), ("e1", "m1")]


def test_score_matrix_object():
    schema, cohort = nk.synthetic_cohort(30, 8, seed=2)
    sm = nk.score(schema, cohort)
    one = nk.stable_matching_from_scores(sm)  # one-to-one unless capacities are given, as assign_lap
    assert np.bincount(one.pairs[:, 1], minlength=len(sm.mentor_ids)).max() <= 1
    a = nk.stable_matching_from_scores(sm, max_load=sm.mentor_capacity)
    assert a.mentee_ids == sm.mentee_ids and a.mentor_ids == sm.mentor_ids
    counts = np.bincount(a.pairs[:, 1], minlength=len(sm.mentor_ids))
    assert all(counts[j] <= c for j, c in enumerate(sm.mentor_capacity))
    assert nk.blocking_pairs(a, sm.scores, max_load=sm.mentor_capacity, from_scores=True) == []


def test_ties_seed_determinism():
    e = {f"e{i}": [[f"m{j}" for j in range(6)]] for i in range(6)}  # all indifferent
    m = {f"m{j}": [[f"e{i}" for i in range(6)]] for j in range(6)}
    runs = {seed: nk.stable_matching(e, m, seed=seed).to_pairs() for seed in range(6)}
    for seed in range(6):
        assert nk.stable_matching(e, m, seed=seed).to_pairs() == runs[seed]
        assert len(runs[seed]) == 6
    assert len({tuple(v) for v in runs.values()}) > 1  # the seed matters
    r = nk.stable_roommates({f"p{i}": [[f"p{j}" for j in range(6) if j != i]] for i in range(6)}, seed=3)
    assert r.stable and len(r.matching) == 3


# ---------------------------------------------------------------- errors


E = {"e1": ["m1"], "e2": ["m1"]}
M = {"m1": ["e1", "e2"]}


@pytest.mark.parametrize(
    "call, exc, needle",
    [
        (lambda: nk.stable_matching({"e1": ["zz"]}, M, mentor_ids=["m1"]), nk.UnknownIdError, "zz"),
        (lambda: nk.stable_matching({"e9": ["m1"]}, M, mentee_ids=["e1", "e2"]), nk.UnknownIdError, "e9"),
        (lambda: nk.stable_matching({"e1": ["e2"], "e2": []}, M), nk.UnknownIdError, "e2"),
        (lambda: nk.stable_matching({"e1": ["m1", "m1"]}, M), nk.DuplicateIdError, "m1"),
        (lambda: nk.stable_matching(E, M, mentee_ids=["e1", "e1", "e2"]), nk.DuplicateIdError, "e1"),
        (lambda: nk.stable_matching({"x": ["x"]}, {"x": []}, mentor_ids=["x"]), nk.InvalidValueError, "x"),
        (lambda: nk.stable_roommates({"p1": ["p2", "p1"], "p2": []}), nk.InvalidValueError, "p1"),
        (lambda: nk.stable_roommates({"p1": ["p2", "p2"]}), nk.DuplicateIdError, "p2"),
        (lambda: nk.stable_matching(E, M, max_load=[-2]), nk.InvalidValueError, "m1"),
        (lambda: nk.stable_matching(E, M, max_load={"m1": -1}), nk.InvalidValueError, "m1"),
        (lambda: nk.stable_matching(E, M, max_load={"m7": 1}), nk.UnknownIdError, "m7"),
        (lambda: nk.stable_matching(E, M, max_load=[1, 1]), nk.ShapeError, "length 2"),
        (lambda: nk.stable_matching(np.ones((2, 2)), np.ones((2, 2)), max_load=[1]), nk.ShapeError, "length 1"),
        (lambda: nk.stable_matching(np.array([[1.0, np.nan]]), np.ones((1, 2))), nk.NonFiniteError, "column 1"),
        (lambda: nk.stable_matching(np.array([[1.5]]), np.ones((1, 1))), nk.InvalidValueError, "row 0"),
        (lambda: nk.stable_matching(np.ones((2, 3)), np.ones((3, 2))), nk.ShapeError, "3x2"),
        (lambda: nk.stable_matching(np.ones(3), np.ones(3)), nk.ShapeError, "2-D"),
        (lambda: nk.stable_matching([[1, 2], [1]], [[1, 2], [1, 2]]), nk.ShapeError, "mentee_prefs"),
        (lambda: nk.stable_matching_from_scores(np.array([[0.0, np.nan]])), nk.NonFiniteError, "column 1"),
        (lambda: nk.stable_matching_from_scores(np.ones((2, 2)), np.ones((2, 3))), nk.ShapeError, "2x3"),
        (lambda: nk.stable_matching(E, M, scores=np.ones((3, 1))), nk.ShapeError, "scores"),
        (lambda: nk.stable_matching(E, M, scores=np.ones((2, 1)), weight=2.0), nk.InvalidValueError, "weight"),
        (lambda: nk.stable_matching(E, M, proposer="teacher"), nk.InvalidValueError, "teacher"),
        (lambda: nk.stable_matching(E, M, acceptability="any"), nk.InvalidValueError, "any"),
        (lambda: nk.stable_matching(E, M, seed=-1), nk.InvalidValueError, "seed"),
        (lambda: nk.stable_roommates(np.ones((2, 3))), nk.ShapeError, "2x3"),
        (lambda: nk.stable_roommates(np.ones((2, 2)), ids=["a"]), nk.ShapeError, "ids"),
        (lambda: nk.rank_stats(nk.stable_matching(E, M), np.ones((5, 5)), np.ones((5, 5))), nk.ShapeError, "5x5"),
        # wrong types
        (lambda: nk.stable_matching({"e1": "m1"}, M), TypeError, "e1"),
        (lambda: nk.stable_matching({"e1": [3]}, M), TypeError, "e1"),
        (lambda: nk.stable_matching({1: ["m1"]}, M), TypeError, "keys"),
        (lambda: nk.stable_matching(E, np.ones((2, 1))), TypeError, "both"),
        (lambda: nk.stable_matching(E, M, max_load="ab"), TypeError, "max_load"),
        (lambda: nk.stable_matching(E, M, seed="x"), TypeError, "seed"),
        (lambda: nk.stable_matching(np.array([["a"]]), np.array([["b"]])), TypeError, "dtype"),
        (lambda: nk.blocking_pairs(nk.stable_matching(E, M), E), TypeError, "mentor_prefs"),
        (lambda: nk.stable_matching(E, M, mentee_ids="e1"), TypeError, ""),
    ],
)
def test_errors(call, exc, needle):
    with pytest.raises(exc) as info:
        call()
    assert needle in str(info.value)
    if exc is not TypeError:
        assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, nk.InternalError)


def test_capacity_overflow_in_blocking_pairs():
    a = nk.stable_matching(E, M, max_load=[2])
    assert len(a) == 2
    with pytest.raises(nk.InvalidValueError, match="capacity"):
        nk.blocking_pairs(a, E, M, max_load=[1])


# ---------------------------------------------------------------- GIL


def big_instance(n=100_000, m=10_000, length=50, seed=0):
    rng = np.random.default_rng(seed)
    choice = np.argsort(rng.random((n, 200)), axis=1)[:, :length]
    choice = (choice + rng.integers(0, m, size=(n, 1))) % m  # distinct per row
    eids = [f"e{i}" for i in range(n)]
    mids = [f"m{j}" for j in range(m)]
    e = {eids[i]: [mids[j] for j in row] for i, row in enumerate(choice.tolist())}
    by = [[] for _ in range(m)]
    for i, row in enumerate(choice.tolist()):
        for j in row:
            by[j].append(eids[i])
    mp = {mids[j]: by[j][::-1] if j % 2 else by[j] for j in range(m)}
    return e, mp


def test_gil_released_during_large_solve():
    e, mp = big_instance()
    ticks = []
    stop = threading.Event()

    def counter():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=counter)
    t.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    a = nk.stable_matching(e, mp, max_load=[10] * 10_000)
    t1 = time.perf_counter()
    stop.set()
    t.join()
    assert a.n_matched > 0
    inside = [x for x in ticks if t0 < x < t1]
    assert len(inside) >= 5, f"only {len(inside)} ticks during a {t1 - t0:.2f} s solve"
