"""Preference lists as integer arrays (``layout="lists"``) give the same answers as dicts and
rank matrices; the dict path is unchanged."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest


def random_lists(n, m, seed, p=0.6):
    """Random partial strict lists: mentee i's mentors best first, mentor j's mentees best first."""
    rng = np.random.default_rng(seed)
    e = [[int(j) for j in rng.permutation(m) if rng.random() < p] for _ in range(n)]
    mt = [[int(i) for i in rng.permutation(n) if rng.random() < p] for _ in range(m)]
    return e, mt


def padded(lists, width=None):
    width = max([len(x) for x in lists] + [0]) + 2 if width is None else width
    out = np.full((len(lists), width), -1, dtype=np.int64)
    for r, x in enumerate(lists):
        out[r, : len(x)] = x
    return out


def csr(lists):
    indptr = np.concatenate([[0], np.cumsum([len(x) for x in lists])]).astype(np.int64)
    idx = np.array([v for x in lists for v in x], dtype=np.int64)
    return indptr, idx


def as_dicts(e, mt):
    ed = {f"e{i}": [f"m{j}" for j in x] for i, x in enumerate(e)}
    md = {f"m{j}": [f"e{i}" for i in x] for j, x in enumerate(mt)}
    return ed, md, [f"e{i}" for i in range(len(e))], [f"m{j}" for j in range(len(mt))]


def as_rank_matrices(e, mt):
    n, m = len(e), len(mt)
    re = np.zeros((n, m), dtype=np.int64)
    rm = np.zeros((n, m), dtype=np.int64)
    for i, x in enumerate(e):
        re[i, x] = np.arange(1, len(x) + 1)
    for j, x in enumerate(mt):
        rm[x, j] = np.arange(1, len(x) + 1)
    return re, rm


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("acceptability", ["mutual", "either"])
@pytest.mark.parametrize("proposer", ["mentee", "mentor"])
def test_array_lists_match_dicts_and_rank_matrices(seed, acceptability, proposer):
    n, m = [(5, 3), (30, 8), (40, 40)][seed % 3]
    e, mt = random_lists(n, m, seed)
    caps = [1 + j % 3 for j in range(m)]
    kw = dict(max_load=caps, acceptability=acceptability, proposer=proposer)
    ed, md, eids, mids = as_dicts(e, mt)
    ref = nk.stable_matching(ed, md, mentee_ids=eids, mentor_ids=mids, **kw)
    re, rm = as_rank_matrices(e, mt)
    by_rank = nk.stable_matching(re, rm, **kw)
    by_pad = nk.stable_matching(padded(e), padded(mt), layout="lists", **kw)
    by_csr = nk.stable_matching(csr(e), csr(mt), layout="lists", **kw)
    mixed = nk.stable_matching(padded(e, width=m + 1), csr(mt), layout="lists", **kw)
    for a in (by_rank, by_pad, by_csr, mixed):
        assert a.pairs.tolist() == ref.pairs.tolist()
    assert nk.blocking_pairs(by_pad, padded(e), padded(mt), max_load=caps, acceptability=acceptability,
                             layout="lists") == []
    s1 = nk.rank_stats(by_csr, csr(e), csr(mt), acceptability=acceptability, layout="lists")
    s2 = nk.rank_stats(ref, ed, md, acceptability=acceptability)
    assert s1 == s2


@pytest.mark.parametrize("seed", range(4))
def test_csr_with_ties_matches_dicts(seed):
    rng = np.random.default_rng(100 + seed)
    n, m = 25, 12
    e, mt = random_lists(n, m, seed, p=0.8)
    # tie groups: random non-decreasing group numbers per list
    def groups(lists):
        return [np.sort(rng.integers(0, 3, size=len(x))).tolist() for x in lists]

    ge, gm = groups(e), groups(mt)

    def tied(x, g, prefix):
        out = []
        for k, v in enumerate(x):
            if k > 0 and g[k] == g[k - 1]:
                out[-1].append(f"{prefix}{v}")
            else:
                out.append([f"{prefix}{v}"])
        return out

    ed = {f"e{i}": tied(x, ge[i], "m") for i, x in enumerate(e)}
    md = {f"m{j}": tied(x, gm[j], "e") for j, x in enumerate(mt)}
    eids, mids = [f"e{i}" for i in range(n)], [f"m{j}" for j in range(m)]
    for acc in ("mutual", "either"):
        for s in (0, 7):
            ref = nk.stable_matching(ed, md, mentee_ids=eids, mentor_ids=mids, seed=s, acceptability=acc)
            got = nk.stable_matching(
                (*csr(e), np.concatenate([[0]] + [np.asarray(g) for g in ge]).astype(np.int64)[1:]),
                (*csr(mt), np.concatenate([[0]] + [np.asarray(g) for g in gm]).astype(np.int64)[1:]),
                seed=s,
                acceptability=acc,
                layout="lists",
            )
            assert got.pairs.tolist() == ref.pairs.tolist()


def test_array_lists_with_ids_and_blend():
    e, mt = [[1, 0], [0]], [[1, 0], [0, 1]]
    a = nk.stable_matching(padded(e), padded(mt), layout="lists", mentee_ids=["ann", "bob"],
                           mentor_ids=["kim", "lee"])
    assert a.to_pairs() == [("ann", "lee"), ("bob", "kim")]
    s = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = nk.stable_matching(padded(e), padded(mt), layout="lists", scores=s, weight=0.0)
    assert b.pairs.tolist() == [[0, 0], [1, 1]]


@pytest.mark.parametrize(
    "call, exc, needle",
    [
        (lambda: nk.stable_matching(np.array([[5]]), np.array([[0]]), layout="lists"), nk.InvalidValueError, "mentor 5"),
        (lambda: nk.stable_matching(np.array([[0, 0]]), np.array([[0]]), layout="lists"), nk.DuplicateIdError, "mentee 0"),
        (lambda: nk.stable_matching((np.array([0, 2]), np.array([0])), np.array([[0]]), layout="lists"), nk.ShapeError, "2"),
        (lambda: nk.stable_matching((np.array([1, 1]), np.array([0])), np.array([[0]]), layout="lists"), nk.InvalidValueError, "indptr"),
        (lambda: nk.stable_matching((np.array([0, 1]), np.array([-3])), np.array([[0]]), layout="lists"), nk.InvalidValueError, "-3"),
        (lambda: nk.stable_matching((np.array([0, 2]), np.array([0, 1]), np.array([1, 0])), np.array([[0], [0]]), layout="lists"), nk.InvalidValueError, "decrease"),
        (lambda: nk.stable_matching(np.array([[0.5]]), np.array([[0]]), layout="lists"), TypeError, "integer"),
        (lambda: nk.stable_matching((np.array([0]),), np.array([[0]]), layout="lists"), TypeError, "indptr"),
        (lambda: nk.stable_matching(np.array([[0]]), np.array([[0]]), layout="table"), nk.InvalidValueError, "layout"),
        (lambda: nk.stable_matching(np.array([[0]]), np.array([[0]]), layout="lists", mentee_ids=["a", "b"]), nk.ShapeError, "mentee_ids"),
    ],
)
def test_array_list_errors(call, exc, needle):
    with pytest.raises(exc) as info:
        call()
    assert needle in str(info.value)
    assert not isinstance(info.value, nk.InternalError)


def test_large_array_input_matches_dicts():
    rng = np.random.default_rng(3)
    n, m, L = 3000, 300, 12
    choice = np.argsort(rng.random((n, m)), axis=1)[:, :L]
    by = [[] for _ in range(m)]
    for i, row in enumerate(choice.tolist()):
        for j in row:
            by[j].append(i)
    for x in by:
        rng.shuffle(x)
    caps = [5] * m
    ed, md, eids, mids = as_dicts(choice.tolist(), by)
    ref = nk.stable_matching(ed, md, mentee_ids=eids, mentor_ids=mids, max_load=caps)
    got = nk.stable_matching(choice, csr(by), max_load=caps, layout="lists")
    assert got.pairs.tolist() == ref.pairs.tolist()
