"""The solver contract from Python: Problem, Strategy (JSON), solve, Solution words."""

import json
from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[2]
STATUSES = {"optimal", "stable", "feasible", "time_limit", "gap_limit", "partial"}


def _problem(seed, n, m, reject=None, forbid=0.2):
    rng = np.random.default_rng(seed)
    s = rng.integers(-2, 4, size=(n, m)).astype(float)
    s[rng.random((n, m)) < forbid] = -np.inf
    return s, nk.Problem(s, reject_score=reject)


@pytest.mark.parametrize("seed", range(40))
def test_every_strategy_feasible_and_total_is_the_sum(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    s, p = _problem(seed, n, m, reject=0.5 if seed % 2 else None)
    strategies = [nk.Strategy(name) for name in nk.Strategy.names() if name not in ("stable", "rematch", "peers")]
    strategies.append(nk.Strategy("rematch", previous=[None] * n))
    for st in strategies:
        try:
            sol = nk.solve(p, st)
        except (nk.InfeasibleError, nk.InvalidValueError) as e:
            # exact strategies fail only when scipy finds no complete matching either
            if st.solver in ("lap", "sparse", "mip") and p.reject_score is None:
                finite = np.where(np.isfinite(s), s, -1e9)
                r, c = linear_sum_assignment(finite, maximize=True)
                assert (finite[r, c] <= -1e9 / 2).any(), (st, e)
            continue
        pairs = sol.pairs
        assert sol.status in STATUSES
        assert sol.n_pairs == len(pairs) == len(sol)
        assert np.isfinite(s[pairs[:, 0], pairs[:, 1]]).all()
        assert len(set(pairs[:, 0])) == len(pairs) and len(set(pairs[:, 1])) == len(pairs)  # one-to-one
        assert sol.total == pytest.approx(s[pairs[:, 0], pairs[:, 1]].sum(), abs=1e-9)
        assert sol.strategy == st
        if st.solver in ("lap", "sparse", "mip") and p.reject_score is None:
            r, c = linear_sum_assignment(np.where(np.isfinite(s), s, -1e9), maximize=True)
            assert sol.objective == pytest.approx(s[r, c].sum())


def test_words_total_objective_status():
    s = np.array([[3.0, 1.0], [2.0, 0.5]])
    sol = nk.solve(nk.Problem(s, reject_score=1.0), "lap")
    assert (sol.total, sol.objective, sol.n_pairs, sol.status) == (3.0, 4.0, 1, "optimal")
    g = nk.solve(nk.Problem(s), {"solver": "greedy"})
    assert g.status == "feasible" and g.objective is None and g.total == 3.5
    st = nk.solve(nk.Problem(s), nk.Strategy("stable_from_scores"))
    assert st.status == "stable" and st.total == pytest.approx(3.5) and st.objective is None
    # stable from scores solves the same one-to-one problem as LAP unless loads say otherwise
    wide = np.array([[3.0, 1.0], [3.0, 2.0], [3.0, 0.0]])
    assert np.bincount(nk.solve(nk.Problem(wide), "stable_from_scores").pairs[:, 1]).max() == 1
    capped = nk.solve(nk.Problem(wide, max_load=[2, 1]), "stable_from_scores")
    assert np.bincount(capped.pairs[:, 1]).max() == 2
    assert "stable_from_scores: 2 pairs" in str(nk.solve(nk.Problem(s), "stable_from_scores"))


def test_strategy_json_round_trip_and_errors():
    for name in nk.Strategy.names():
        if name == "rematch":
            st = nk.Strategy(name, previous=[0, None], keep_bonus=0.5)
        else:
            st = nk.Strategy(name)
        assert nk.Strategy.from_json(st.to_json()) == st
        assert nk.Strategy.from_dict(st.to_dict()) == st
        assert st.solver == name
    assert nk.Strategy("mip", time_limit=2.0).to_dict() == {
        "solver": "mip", "time_limit": 2.0, "gap": None, "lp_shortcut": True}
    with pytest.raises(nk.ParseError, match="magic"):
        nk.Strategy("magic")
    with pytest.raises(nk.ParseError, match="sed"):
        nk.Strategy("random", sed=1)
    with pytest.raises(nk.ParseError, match="takes no parameters"):
        nk.Strategy("lap", seed=1)
    with pytest.raises(nk.ParseError):
        nk.Strategy("random", seed=-1)
    with pytest.raises(nk.InvalidValueError, match="rematch"):
        nk.solve(nk.Problem(np.ones((1, 1))), "rematch")
    with pytest.raises(TypeError):
        nk.solve(nk.Problem(np.ones((1, 1))), 3)


def test_problem_validation_names_the_argument():
    s = np.ones((2, 3))
    with pytest.raises(nk.InvalidValueError, match=r"max_load\[1\]"):
        nk.Problem(s, max_load=[1, -1, 1])
    with pytest.raises(nk.InvalidValueError, match=r"max_load\[0\]"):
        nk.Problem(s, max_load=[2**32, 1, 1])
    with pytest.raises(TypeError, match=r"team_size\[0\] must be an integer"):
        nk.Problem(s, team_size=["1", 1])
    with pytest.raises(TypeError, match="must be an integer"):
        nk.Problem(s, max_load=[1.5, 1, 1])
    with pytest.raises(nk.ShapeError):
        nk.Problem(s, max_load=[1, 1])
    with pytest.raises(nk.InvalidValueError, match="min_load"):
        nk.Problem(s, min_load=[2, 0, 0])
    with pytest.raises(nk.InvalidValueError, match="reject_score"):
        nk.Problem(s, reject_score=float("nan"))
    with pytest.raises(TypeError, match="reject_score"):
        nk.Problem(s, reject_score="0.5")
    with pytest.raises(nk.DuplicateIdError):
        nk.Problem(s, mentee_ids=["a", "a"], mentor_ids=["x", "y", "z"])
    with pytest.raises(nk.UnknownIdError, match="nobody"):
        nk.Problem(s, mentee_ids=["a", "b"], mentor_ids=["x", "y", "z"], forbidden=[("a", "nobody")])
    with pytest.raises(nk.InvalidValueError, match="out of range"):
        nk.Problem(s, forbidden=[(0, 3)])
    with pytest.raises(nk.InvalidValueError, match="both required and forbidden"):
        nk.Problem(s, forbidden=[(0, 1)], required=[(0, 1)])
    with pytest.raises(nk.NonFiniteError, match="column 1"):
        nk.Problem(np.array([[0.0, np.nan]]))
    with pytest.raises(nk.InvalidValueError, match="one-to-one"):
        nk.solve(nk.Problem(s, max_load=[2, 2, 2]), "lap")
    with pytest.raises(nk.InvalidValueError, match="seed"):
        nk.assign_random(s, seed=-1)


def test_required_and_forbidden_by_id_and_ids_carried():
    s = np.array([[5.0, 1.0], [4.0, 3.0]])
    p = nk.Problem(s, mentee_ids=["ann", "bob"], mentor_ids=["kim", "lee"], required=[("ann", "lee")])
    for name in ("lap", "sparse", "mip", "greedy", "random", "fair"):
        sol = nk.solve(p, name)
        assert sol.to_pairs() == [("ann", "lee"), ("bob", "kim")], name
        assert sol.assignment.mentee_ids == ["ann", "bob"]
    p = nk.Problem(s, mentee_ids=["ann", "bob"], mentor_ids=["kim", "lee"], forbidden=[("ann", "kim")])
    assert nk.solve(p, "lap").to_pairs() == [("ann", "lee"), ("bob", "kim")]


def test_score_matrix_and_candidates_problems_agree():
    schema, cohort = nk.synthetic_cohort(40, 12, seed=5)
    sm = nk.score(schema, cohort)
    p = nk.Problem(sm, reject_score=0.0)
    assert p.mentee_ids == sm.mentee_ids and p.max_load == [1] * len(sm.mentor_ids)
    dense = nk.solve(p, "lap")
    sparse = nk.solve(nk.Problem(nk.Scorer(schema, cohort).top_k(12), reject_score=0.0), "sparse")
    assert sparse.total == pytest.approx(dense.total)
    groups = nk.solve(nk.Problem(sm, max_load=sm.mentor_capacity, reject_score=0.0), "groups")
    assert groups.total >= dense.total - 1e-9


def test_every_strategy_from_json_on_the_sample():
    schema = nk.Schema.from_json((ROOT / "data/sample/schema.json").read_text(encoding="utf-8"))
    sm = nk.score(schema, nk.Cohort.from_csv(str(ROOT / "data/sample/cohort.csv"), schema))
    p = nk.Problem(sm)
    f = np.where(np.isfinite(sm.scores), sm.scores, 0.0)
    pool = nk.Problem(f @ f.T, mentee_ids=sm.mentee_ids, mentor_ids=sm.mentee_ids)
    lap = nk.solve(p, "lap")
    seen = set()
    stated = nk.Problem(sm, preferences=nk.Preferences(sm))
    for d in json.loads((ROOT / "data/sample/strategies.json").read_text()):
        st = nk.Strategy.from_dict(d)
        seen.add(st.solver)
        problem = {"peers": pool, "stable": stated}.get(st.solver, p)
        sol = nk.solve(problem, st)
        if st.solver == "stable":
            assert sol.status == "stable"
            assert nk.blocking_pairs(sol.assignment, nk.Preferences(sm), max_load=[1] * len(sm.mentor_ids)) == []
        assert sol.status in STATUSES
        assert sol.assignment.mentee_ids is not None
        if st.solver != "peers":
            assert sol.total <= lap.total + 1e-9
    prev = [None if j < 0 else int(j) for j in lap.mentor_of]
    re = nk.solve(p, nk.Strategy.from_json(json.dumps({"solver": "rematch", "previous": prev})))
    assert re.pairs.tolist() == lap.pairs.tolist()
    seen.add("rematch")
    assert seen == set(nk.Strategy.names())



@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: nk.synthetic_cohort(-1), "n_mentees"),
        (lambda: nk.synthetic_cohort(5, 2**70), "n_mentors"),
        (lambda: nk.synthetic_cohort(5, 5, seed=-1), "seed"),
        (lambda: nk.top_k(np.ones((2, 2)), np.ones((2, 2)), -1), "k"),
        (lambda: nk.Scorer(*nk.synthetic_cohort(5, 3, seed=1)).top_k(-1), "k"),
        (lambda: nk.assign_random(np.ones((2, 2)), seed=2**64), "seed"),
        (lambda: nk.assign_mip(np.ones((2, 2)), classes=["a", "b"], class_limit=-1), "class_limit"),
    ],
)
def test_bad_numbers_are_value_errors_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name) as e:
        call()
    assert not isinstance(e.value, OverflowError)
    assert "got int" not in str(e.value)


def test_non_integers_are_type_errors():
    with pytest.raises(TypeError, match="n_mentees must be an integer"):
        nk.synthetic_cohort("5")
    with pytest.raises(TypeError, match="k must be an integer"):
        nk.top_k(np.ones((2, 2)), np.ones((2, 2)), 1.5)
    with pytest.raises(TypeError, match="seed must be an integer"):
        nk.assign_random(np.ones((2, 2)), seed=True)


@pytest.mark.parametrize(
    "call, old, new",
    [
        (lambda: nk.assign_groups(np.ones((2, 2)), max_load=2, mentors_per_mentee=1), "mentors_per_mentee", "team_size"),
        (lambda: nk.assign_mip(np.ones((2, 2)), mentors_per_mentee=(1, 1)), "mentors_per_mentee", "team_size"),
        (lambda: nk.assign_mip(np.ones((2, 2)), require=[(0, 0)]), "require", "required"),
        (lambda: nk.assign_mip(np.ones((2, 2)), forbid=[(0, 0)]), "forbid", "forbidden"),
        (lambda: nk.rematch(np.ones((2, 2)), [None, None], fixed=[(0, 0)]), "fixed", "required"),
        (lambda: nk.rematch(np.ones((2, 2)), [None, None], avoid=[(0, 0)]), "avoid", "forbidden"),
        (lambda: nk.stable_matching(np.ones((2, 2), int), np.ones((2, 2), int), capacities=[1, 1]), "capacities", "max_load"),
        (lambda: nk.stable_matching_from_scores(np.ones((2, 2)), capacities=[1, 1]), "capacities", "max_load"),
    ],
)
def test_old_spellings_are_type_errors_naming_the_new_one(call, old, new):
    with pytest.raises(TypeError, match=f"'{old}': it is now spelled '{new}'"):
        call()


def test_unknown_keywords_are_still_type_errors():
    with pytest.raises(TypeError, match="unexpected keyword argument 'max_loads'"):
        nk.assign_groups(np.ones((2, 2)), max_loads=2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        nk.stable_matching_from_scores(np.ones((2, 2)), bogus=1)


def test_new_spellings_work_and_agree():
    rng = np.random.default_rng(5)
    s = rng.integers(0, 5, size=(6, 4)).astype(float)
    g = nk.assign_groups(s, max_load=3, team_size=2)
    mip = nk.assign_mip(s, max_load=3, team_size=2)
    assert g.total == pytest.approx(mip.total)
    assert nk.assign_mip(s, max_load=3, team_size=(2, 2)).total == pytest.approx(mip.total)
    r = nk.assign_mip(s, max_load=3, required=[(0, 0)], forbidden=[(1, 1)])
    assert [0, 0] in r.pairs.tolist() and [1, 1] not in r.pairs.tolist()
    a, _ = nk.rematch(s, [None] * 6, required=[(0, 1)], forbidden=[(2, 0)], max_load=2)
    assert [0, 1] in a.pairs.tolist() and [2, 0] not in a.pairs.tolist()
    st = nk.stable_matching_from_scores(s, max_load=[2, 2, 1, 1])
    assert max(len(x) for x in st.mentees_of) == 2


@pytest.mark.parametrize("seed", range(6))
def test_groups_total_is_the_pairs_sum_and_objective_adds_rejects(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 12)), int(rng.integers(1, 5))
    s = rng.integers(-3, 4, size=(n, m)).astype(float)
    r = float(rng.uniform(-0.5, 1.5))
    a = nk.assign_groups(s, max_load=2, reject_score=r)
    p = a.pairs
    pairs_sum = float(s[p[:, 0], p[:, 1]].sum())
    assert a.total == pytest.approx(pairs_sum)
    assert a.objective == pytest.approx(pairs_sum + r * (n - len(p)))
    # the contract says the same
    sol = nk.solve(nk.Problem(s, max_load=[2] * m, reject_score=r), "groups")
    assert sol.total == pytest.approx(a.total) and sol.objective == pytest.approx(a.objective)


def test_threads_give_identical_results_and_bad_counts_are_value_errors():
    rng = np.random.default_rng(11)
    a, b = rng.random((300, 16)), rng.random((130, 16))
    hot_a, hot_b = rng.random((50, 20)) < 0.3, rng.random((40, 20)) < 0.3
    s = rng.integers(0, 6, size=(40, 9)).astype(float)
    batch = [rng.random((n, n)) for n in (1, 5, 30, 60)]
    calls = [
        lambda t: nk.cosine(a, b, threads=t),
        lambda t: nk.dot(a.astype(np.float32), b.astype(np.float32), threads=t),
        lambda t: nk.rbf(a, b, gamma=0.5, threads=t),
        lambda t: nk.weighted_euclidean(a, b, threads=t),
        lambda t: nk.jaccard(hot_a, hot_b, threads=t),
        lambda t: np.hstack([x.astype(float) for x in nk.top_k(a, b, 7, threads=t)]),
        lambda t: [x.pairs.tolist() for x in nk.assign_batch(batch, threads=t)],
        lambda t: nk.assign_groups(s, max_load=5, reject_score=0.5, threads=t).pairs,
    ]
    for call in calls:
        ref = call(None)
        for t in (1, 2, 4):
            got = call(t)
            if isinstance(ref, list):
                assert got == ref
            else:
                assert np.array_equal(got, ref, equal_nan=True)
        for bad in (0, -1, 2**40):
            with pytest.raises(ValueError, match="threads"):
                call(bad)


def test_problem_accepts_preferences_and_checks_them():
    s = np.array([[3.0, 1.0], [2.0, 4.0]])
    prefs = nk.Preferences({"a": ["y", "x"], "b": ["x"]}, {"x": ["a", "b"], "y": ["a"]})
    p = nk.Problem(s, mentee_ids=["a", "b"], mentor_ids=["x", "y"], preferences=prefs)
    sol = nk.solve(p, "stable")
    assert sol.assignment.to_pairs() == [("a", "y"), ("b", "x")]
    assert sol.total == pytest.approx(1.0 + 2.0)  # the chosen pairs' scores
    with pytest.raises(nk.InvalidValueError, match="mentee ids differ"):
        nk.Problem(s, mentee_ids=["b", "a"], mentor_ids=["x", "y"], preferences=prefs)
    with pytest.raises(nk.ShapeError):
        nk.Problem(np.ones((3, 2)), preferences=prefs)
    with pytest.raises(TypeError):
        nk.Problem(s, preferences=nk.Preferences.peers({"a": ["b"], "b": ["a"]}))
    with pytest.raises(TypeError):
        nk.Problem(s, preferences=[[1, 2], [2, 1]])
