"""ScoreMatrix wraps the core Rust score matrix: same Python API (attributes, pickling, ``==``,
repr), ``scores`` a read-only view without copies, and every binding that takes a ScoreMatrix
reads it directly and answers exactly as with the raw array plus its ids and capacities."""

from __future__ import annotations

import copyreg
import gc
import pickle

import nastavnik as nk
import numpy as np
import pytest


def matrix(seed: int, n: int = 14, m: int = 5) -> nk.ScoreMatrix:
    schema, cohort = nk.synthetic_cohort(n, m, seed=seed)
    return nk.score(schema, cohort)


@pytest.mark.parametrize("seed", range(4))
def test_attributes_repr_pickle_and_equality(seed):
    m = matrix(seed)
    s = m.scores
    assert s.dtype == np.float64 and s.shape == m.shape == (len(m.mentee_ids), len(m.mentor_ids))
    assert len(m.mentor_capacity) == len(m.mentor_ids)
    assert all(isinstance(x, str) for x in m.mentee_ids + m.mentor_ids + m.excluded_ids)
    assert (m.forbidden == np.isneginf(s)).all() and m.forbidden.dtype == bool
    assert repr(m) == (f"ScoreMatrix({len(m.mentee_ids)} mentees x {len(m.mentor_ids)} mentors, "
                       f"{len(m.excluded_ids)} excluded without consent)")
    back = pickle.loads(pickle.dumps(m))
    assert type(back) is nk.ScoreMatrix and back == m
    np.testing.assert_array_equal(back.scores, s)
    assert (back.mentee_ids, back.mentor_ids, back.mentor_capacity, back.excluded_ids) == (
        m.mentee_ids, m.mentor_ids, m.mentor_capacity, m.excluded_ids)
    other = matrix(seed + 100)
    assert other != m
    with pytest.raises(TypeError):
        hash(m)


def test_scores_is_a_read_only_view_that_keeps_the_matrix_alive():
    m = matrix(0)
    a, b = m.scores, m.scores
    assert np.shares_memory(a, b)  # both view the core matrix: no copy per access
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0, 0] = 5.0
    copy = np.array(a)  # a writable copy, independent of the matrix
    copy[0, 0] = 5.0
    assert m.scores[0, 0] != 5.0
    del m
    gc.collect()
    np.testing.assert_array_equal(np.isneginf(a), np.isneginf(b))  # still valid after del
    assert a.shape == b.shape


def test_tampered_state_is_a_value_error():
    m = matrix(1)
    rebuild, state = copyreg.dispatch_table[nk.ScoreMatrix](m)
    scores, e, mentors, caps, excluded = state
    with pytest.raises(ValueError):
        rebuild(scores, e[:-1], mentors, caps, excluded)
    with pytest.raises(ValueError):
        rebuild(scores, e, mentors, caps[:-1], excluded)


@pytest.mark.parametrize("seed", range(5))
def test_bindings_read_it_like_the_array_with_its_ids(seed):
    m = matrix(seed, n=int(10 + seed), m=4)
    raw = np.array(m.scores)
    ids = dict(mentee_ids=m.mentee_ids, mentor_ids=m.mentor_ids)

    # synthetic cohorts have forbidden pairs (hard rules): a reject score keeps every call feasible
    a = nk.assign_lap(m, reject_score=0.0)
    b = nk.assign_lap(raw, reject_score=0.0)
    assert a.pairs.tolist() == b.pairs.tolist() and a.total == b.total and a.objective == b.objective
    assert (a.mentee_ids, a.mentor_ids) == (m.mentee_ids, m.mentor_ids)

    g = nk.assign_groups(m, reject_score=0.0)  # the matrix's mentor capacities apply
    h = nk.assign_groups(raw, max_load=m.mentor_capacity, reject_score=0.0)
    assert g.pairs.tolist() == h.pairs.tolist() and g.total == h.total
    assert g.mentor_ids == m.mentor_ids

    sol = nk.solve(nk.Problem(m, reject_score=0.0), "lap")
    ref = nk.solve(nk.Problem(raw, reject_score=0.0, **ids), "lap")
    assert sol == ref and sol.to_pairs() == ref.to_pairs() == a.to_pairs()
    assert (sol.total, sol.objective) == (a.total, a.objective)

    st = nk.stable_matching_from_scores(m)
    st_raw = nk.stable_matching_from_scores(raw, **ids)
    assert st.pairs.tolist() == st_raw.pairs.tolist()
    one = [1] * len(m.mentor_ids)
    assert nk.blocking_pairs(st, m, max_load=one) == []
    assert nk.blocking_pairs(a, m, max_load=one) == nk.blocking_pairs(
        a, raw, from_scores=True, max_load=one, **ids)
    assert nk.rank_stats(a, m) == nk.rank_stats(a, raw, from_scores=True, **ids)
    p = nk.Preferences(m)
    assert nk.stable_matching(p).pairs.tolist() == st.pairs.tolist()


def test_to_frame_is_a_writable_copy():
    pytest.importorskip("pandas")
    m = matrix(2)
    f = m.to_frame()
    assert list(f.index) == m.mentee_ids and list(f.columns) == m.mentor_ids
    np.testing.assert_array_equal(f.to_numpy(), m.scores)
    f.iloc[0, 0] = 42.0
    assert m.scores[0, 0] != 42.0
