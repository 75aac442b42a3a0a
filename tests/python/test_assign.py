"""One-to-one assignment (dense, sparse, batch, baselines) against scipy.optimize.linear_sum_assignment."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest
import scipy.optimize as so
import scipy.sparse as sp
from gil_probe import assert_releases_gil


def scipy_total(s: np.ndarray) -> float:
    r, c = so.linear_sum_assignment(s, maximize=True)
    return float(s[r, c].sum())


@pytest.mark.parametrize("shape", [(1, 1), (5, 5), (40, 60), (60, 40), (200, 200), (150, 600)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dense_total_equals_scipy(rng, shape, dtype):
    s = rng.random(shape).astype(dtype)
    a = nk.assign_lap(s)
    assert a.status == "optimal"
    assert a.total == pytest.approx(scipy_total(s.astype(np.float64)), rel=1e-6 if dtype == np.float32 else 1e-12)
    mo = a.mentor_of
    assert (mo >= 0).sum() == min(shape)
    matched = mo[mo >= 0]
    assert len(set(matched.tolist())) == len(matched)


def test_integer_ties_and_forbidden(rng):
    for _ in range(30):
        n, m = rng.integers(1, 12, 2)
        s = rng.integers(0, 4, (n, m)).astype(float)
        mask = rng.random((n, m)) < 0.3
        with_inf = np.where(mask, -np.inf, s)
        try:
            r, c = so.linear_sum_assignment(with_inf, maximize=True)
            want = float(with_inf[r, c].sum())
        except ValueError:
            with pytest.raises(nk.InfeasibleError):
                nk.assign_lap(s, forbidden=mask)
            continue
        a = nk.assign_lap(s, forbidden=mask)
        assert a.total == pytest.approx(want)
        assert not mask[a.pairs[:, 0], a.pairs[:, 1]].any()


def test_reject_score_equals_padded_scipy(rng):
    for _ in range(20):
        n, m = rng.integers(1, 15, 2)
        s = rng.random((n, m))
        r = 0.6
        # padding: each mentee may take a private "unmatched" column worth r
        padded = np.hstack([s, np.full((n, n), -1e9)])
        padded[np.arange(n), m + np.arange(n)] = r
        rr, cc = so.linear_sum_assignment(padded, maximize=True)
        want = padded[rr, cc].sum()
        a = nk.assign_lap(s, reject_score=r)
        gain = a.total + r * (n - a.n_matched)
        assert gain == pytest.approx(want)
        assert (s[a.pairs[:, 0], a.pairs[:, 1]] >= r - 1e-12).all()


def test_score_matrix_input_carries_ids(sample):
    schema, cohort = sample
    m = nk.score(schema, cohort)
    a = nk.assign_lap(m, reject_score=0.0)
    assert a.mentee_ids == m.mentee_ids and a.mentor_ids == m.mentor_ids
    for mentee, mentor in a.to_pairs():
        i, j = m.mentee_ids.index(mentee), m.mentor_ids.index(mentor)
        assert np.isfinite(m.scores[i, j])


def test_sparse_equals_dense_on_top_k(rng):
    a = rng.standard_normal((300, 16))
    b = rng.standard_normal((300, 16))
    dense = nk.cosine(a, b)
    k = 40
    idx, sc = nk.top_k(a, b, k)
    n = a.shape[0]
    cand = nk.Candidates(300, np.arange(0, n * k + 1, k), idx.ravel(), sc.ravel())
    masked = np.full_like(dense, -np.inf)
    np.put_along_axis(masked, idx, sc, 1)
    try:
        want = nk.assign_lap(masked).total
    except nk.InfeasibleError:
        # not matchable on the top-k lists: the sparse solver must say so too (never a skip)
        with pytest.raises(nk.InfeasibleError):
            nk.assign_sparse(cand)
        return
    got = nk.assign_sparse(cand)
    assert got.total == pytest.approx(want)
    # scipy sparse min_weight_full_bipartite_matching as an independent anchor
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    g = sp.csr_matrix((-(sc.ravel()) + 10.0, idx.ravel(), np.arange(0, n * k + 1, k)), shape=(n, 300))
    r, c = min_weight_full_bipartite_matching(g)
    assert got.total == pytest.approx(dense[r, c].sum())


def test_sparse_infeasible_names_row():
    cand = nk.Candidates(3, [0, 1, 2, 3], [0, 0, 1], [1.0, 1.0, 1.0])
    with pytest.raises(nk.InfeasibleError, match="row"):
        nk.assign_sparse(cand)
    assert nk.assign_sparse(cand, reject_score=0.0).n_matched == 2


def test_batch_equals_sequential(rng):
    probs = [rng.random((rng.integers(1, 30), rng.integers(1, 30))) for _ in range(50)]
    out = nk.assign_batch(probs)
    assert [a.total for a in out] == [nk.assign_lap(p).total for p in probs]
    with pytest.raises(nk.NonFiniteError, match=r"problems\[1\]"):
        nk.assign_batch([np.ones((2, 2)), np.array([[np.nan]])])


def test_baselines_bounded_by_optimum(rng):
    s = rng.random((80, 90))
    opt = nk.assign_lap(s).total
    g = nk.assign_greedy(s)
    r1 = nk.assign_random(s, seed=3)
    assert g.status == "feasible" and r1.status == "feasible"
    assert opt / 2 <= g.total <= opt + 1e-9
    assert r1.total <= opt + 1e-9
    assert nk.assign_random(s, seed=3).pairs.tolist() == r1.pairs.tolist()


def test_errors():
    with pytest.raises(nk.NonFiniteError, match="row 0, column 1"):
        nk.assign_lap(np.array([[1.0, np.nan]]))
    with pytest.raises(nk.NonFiniteError):
        nk.assign_lap(np.array([[1.0, np.inf]]))
    with pytest.raises(nk.EmptyInputError):
        nk.assign_lap(np.zeros((0, 3)))
    with pytest.raises(nk.ShapeError):
        nk.assign_lap(np.ones((2, 2)), forbidden=np.zeros((3, 3), bool))
    with pytest.raises(nk.InfeasibleError, match="row"):
        nk.assign_lap(np.array([[1.0, -np.inf], [2.0, -np.inf]]))
    with pytest.raises(TypeError):
        nk.assign_lap("scores")
    with pytest.raises(nk.InvalidValueError):
        nk.assign_lap(np.ones((2, 2)), reject_score=float("nan"))


def test_dense_solve_releases_gil(rng):
    s = rng.random((3000, 3000))
    assert_releases_gil(lambda: [nk.assign_lap(s) for _ in range(3)])
