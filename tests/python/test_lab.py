"""The strategy lab in Python: sweeps, determinism, Python strategies, ridge against
scikit-learn, fitted weights against the synthetic truth, why-not against scipy re-solves, Dask."""

from __future__ import annotations

import json

import nastavnik as nk
import nastavnik.lab as lab
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from sklearn.linear_model import Ridge

STRATEGIES = {
    "lap": {"solver": "lap", "reject_score": 0.0},
    "groups": '{"solver": "groups", "reject_score": 0.0}',
    "greedy": {"solver": "greedy", "reject_score": 0.0},
    "random": {"solver": "random", "reject_score": 0.0},
    "stable": {"solver": "stable"},
    "made": {"solver": "made"},
}


@pytest.fixture(scope="module")
def bundled():
    return lab.load_history()


def test_bundled_set_is_the_documented_generator_output(bundled):
    fresh = lab.synthetic_history()
    assert [c.name for c in bundled] == sorted(c.name for c in fresh)
    by_name = {c.name: c for c in fresh}
    for c in bundled:
        assert json.loads(c.to_json()) == json.loads(by_name[c.name].to_json())
    assert {c.school for c in bundled} == {"school_1", "school_2", "school_3", "school_4"}


def test_compare_on_bundled_cohorts_is_deterministic_across_threads(bundled):
    a = lab.compare(STRATEGIES, bundled, seeds=[0, 1, 2], threads=1, progress=False)
    b = lab.compare(STRATEGIES, bundled, seeds=[0, 1, 2], threads=4, progress=True, chunk_size=5)
    assert len(a) == len(bundled) * len(STRATEGIES) * 3
    assert a.equals(b)
    t = a.pivot_table(index=["cohort", "seed"], columns="strategy", values="total")
    for s in ("greedy", "random", "made"):
        assert (t[s] <= t["lap"] + 1e-9).all()
    assert (a[a.strategy == "stable"]["blocking_pairs"] == 0).all()
    assert (a[a.strategy == "made"]["pairs_changed"] == 0).all()


def test_python_callable_strategy_matches_scipy_lap(bundled):
    def scipy_lap(scores, cohort, seed=0):
        # reject score 0 as a private zero-score column per mentee (scores are >= 0)
        n, m = scores.shape
        big = np.full((n, m + n), -1e9)
        big[:, :m] = np.where(np.isfinite(scores), scores, -1e9)
        big[np.arange(n), m + np.arange(n)] = 0.0
        r, c = linear_sum_assignment(big, maximize=True)
        mentor_of = np.full(n, -1)
        keep = c < m
        mentor_of[r[keep]] = c[keep]
        return mentor_of

    df = lab.compare({"lap": STRATEGIES["lap"], "py": scipy_lap}, bundled[:3], seeds=[0], progress=False)
    t = df.pivot_table(index="cohort", columns="strategy", values="total")
    np.testing.assert_allclose(t["py"], t["lap"], rtol=1e-12)


def test_ridge_matches_scikit_learn():
    rng = np.random.default_rng(4)
    x = rng.random((300, 6))
    y = x @ rng.normal(size=6) + rng.normal(scale=0.3, size=300) + 2.0
    for alpha in (1e-3, 0.5, 10.0):
        ours = lab.ridge(x, y, alpha=alpha)
        ref = Ridge(alpha=alpha).fit(x, y)
        np.testing.assert_allclose(ours["weights"], ref.coef_, rtol=1e-9, atol=1e-10)
        assert ours["intercept"] == pytest.approx(ref.intercept_, rel=1e-9, abs=1e-10)


def test_fitted_weights_recover_the_truth_and_rescore(bundled):
    fit = lab.fit_weights(bundled)
    truth = np.array(bundled[0].true_weights)
    truth = truth / truth.sum()
    got = np.array(list(fit.normalised().values()))
    assert np.abs(got - truth).max() < 0.03
    df = lab.compare({"schema": STRATEGIES["lap"], "fitted": fit.as_strategy()}, bundled, progress=False, model=fit)
    means = df.groupby("strategy")[["true_fit", "spearman", "predicted_satisfied"]].mean()
    # re-scoring with the fitted weights picks pairs that truly fit better
    assert means.loc["fitted", "true_fit"] > means.loc["schema", "true_fit"]
    assert means.loc["fitted", "spearman"] > means.loc["schema", "spearman"]
    assert df["predicted_satisfied"].between(0, 1).all()


def test_why_not_loss_equals_scipy_resolve():
    rng = np.random.default_rng(7)
    for n, m in [(6, 6), (5, 9), (9, 5), (40, 60)]:
        s = rng.random((n, m))
        r, c = linear_sum_assignment(s, maximize=True)
        opt = s[r, c].sum()
        solver = lab.WhyNotSolver(s)
        for _ in range(10):
            i, j = int(rng.integers(n)), int(rng.integers(m))
            sub = np.delete(np.delete(s, i, axis=0), j, axis=1)
            rr, cc = linear_sum_assignment(sub, maximize=True)
            forced = s[i, j] + sub[rr, cc].sum()
            y = json.loads(solver.query_json(i, j))
            assert y["loss"] == pytest.approx(opt - forced, abs=1e-9)
            assert y["loss_bound"] <= y["loss"] + 1e-9


def test_why_not_table_on_a_cohort(bundled):
    c = bundled[0]
    made = c.made()
    mentee = made.mentee_ids[0]
    _, _, scores = c.scores()
    i = made.mentee_ids.index(mentee)
    row = scores[i]
    j = int(np.argsort(np.where(np.isfinite(row), row, -np.inf))[-2])  # a good but unchosen-or-chosen mentor
    t = lab.why_not(made, c, mentee, made.mentor_ids[j], reject_score=0.0)
    assert list(t["question"]) == c.questions
    assert (t["loss"] >= -1e-12).all()
    with pytest.raises(nk.UnknownIdError):
        lab.why_not(made, c, "nobody", made.mentor_ids[0], reject_score=0.0)


def test_evaluate_gives_record_and_one_row_frame(bundled):
    c = bundled[1]
    _, _, s = c.scores()
    a = nk.assign_lap(s, reject_score=0.0)
    m = lab.evaluate(a, c, reference=c.made())
    assert m.total == pytest.approx(a.total)
    f = m.to_frame()
    assert len(f) == 1 and "coverage_by_form[student_student]" in f.columns
    m2 = lab.evaluate(a, s)
    assert m2.total == pytest.approx(a.total) and m2.blocking_pairs is None


def test_sensitivity_table(bundled):
    t = lab.sensitivity(bundled[0], steps=[0.0, 0.5])
    assert (t[t.step == 0.0]["pairs_changed"] == 0).all()
    assert set(t["question"]) == set(bundled[0].questions)


def test_readers_name_file_and_entry(tmp_path, bundled):
    d = json.loads(bundled[0].to_json())
    d["outcomes"][3]["mentee_satisfaction"] = 9
    p = tmp_path / "2023_bad.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(nk.ParseError, match=r"2023_bad\.json.*outcomes\[3\].*mentee_satisfaction"):
        lab.load_history(p)
    with pytest.raises(nk.ParseError, match="x.json"):
        lab.HistoricalCohort.from_json("{", file="x.json")
    with pytest.raises(TypeError):
        lab.compare({"bad": 3}, bundled[:1], progress=False)
    with pytest.raises(nk.ParseError):
        lab.compare({"bad": {"solver": "lap", "rejct": 1}}, bundled[:1], progress=False)


def test_dask_local_cluster_gives_the_local_table(bundled):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, distributed.Client(cl) as client:
        remote = lab.compare(STRATEGIES, bundled, seeds=[0, 1], client=client, chunk_size=3)
    local = lab.compare(STRATEGIES, bundled, seeds=[0, 1], progress=False)
    assert remote.equals(local)


def test_plots(bundled):
    import matplotlib

    matplotlib.use("Agg")
    df = lab.compare(STRATEGIES, bundled[:2], seeds=[0], progress=False)
    assert lab.plot_comparison(df) is not None
    assert lab.plot_score_distributions(df) is not None
