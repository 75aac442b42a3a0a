"""The reusable `Preferences` object and hostile preference input (issue 8 item 4).

Every result obtained through a built `Preferences` is checked against the same call on the raw
input and against an independent brute-force blocking-pair check.
"""

from __future__ import annotations

import subprocess
import sys

import nastavnik as nk
import numpy as np
import pytest


def random_lists(rng, n, m, p=0.7):
    """Mutual-ish random strict lists by id: mentees e*, mentors m*."""
    eids = [f"e{i}" for i in range(n)]
    mids = [f"m{j}" for j in range(m)]
    e = {x: [mids[j] for j in rng.permutation(m) if rng.random() < p] for x in eids}
    mp = {x: [eids[i] for i in rng.permutation(n) if rng.random() < p] for x in mids}
    return eids, mids, e, mp


def brute_blocking(pairs, e, mp, caps):
    """Blocking pairs by definition (strict lists, mutual acceptability, capacities)."""
    partner = dict(pairs)
    held = {j: [i for i, jj in pairs if jj == j] for j in mp}
    out = []
    for i, lst in e.items():
        for j in lst:
            if i not in mp.get(j, []):
                continue
            cur = partner.get(i)
            if cur == j:
                continue
            if cur is not None and lst.index(cur) < lst.index(j):
                continue
            hj = held[j]
            if len(hj) < caps.get(j, 1):
                out.append((i, j))
                continue
            worst = max(hj, key=mp[j].index)
            if mp[j].index(i) < mp[j].index(worst):
                out.append((i, j))
    return sorted(out)


@pytest.mark.parametrize("seed", range(8))
def test_built_preferences_match_raw_input_and_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    eids, mids, e, mp = random_lists(rng, n, m)
    for acc in ("mutual", "either"):
        p = nk.Preferences(e, mp, mentee_ids=eids, mentor_ids=mids, acceptability=acc)
        assert p.mentee_ids == eids and p.mentor_ids == mids and p.acceptability == acc
        assert p.shape == (n, m)
        a = nk.stable_matching(p, seed=seed)
        b = nk.stable_matching(
            e, mp, mentee_ids=eids, mentor_ids=mids, acceptability=acc, seed=seed
        )
        assert a.to_pairs() == b.to_pairs()
        assert nk.blocking_pairs(a, p) == []
        assert nk.rank_stats(a, p) == nk.rank_stats(b, e, mp, acceptability=acc)
    # an assignment stable for shuffled lists (same acceptable pairs) is checked against p:
    # blocking pairs by id equal the brute force by definition
    p = nk.Preferences(e, mp, mentee_ids=eids, mentor_ids=mids)
    e2 = {i: [lst[k] for k in rng.permutation(len(lst))] for i, lst in e.items()}
    mp2 = {j: [lst[k] for k in rng.permutation(len(lst))] for j, lst in mp.items()}
    other = nk.stable_matching(nk.Preferences(e2, mp2, mentee_ids=eids, mentor_ids=mids))
    got = nk.blocking_pairs(other, p)
    assert got == brute_blocking(other.to_pairs(), e, mp, {})


def test_preferences_from_ranks_scores_lists_and_blend():
    rng = np.random.default_rng(3)
    er = rng.integers(0, 4, size=(6, 4))
    mr = rng.integers(0, 4, size=(6, 4))
    p = nk.Preferences(er, mr)
    assert nk.stable_matching(p).to_pairs() == nk.stable_matching(er, mr).to_pairs()
    s = rng.random((6, 4))
    ps = nk.Preferences(s, from_scores=True)
    assert nk.stable_matching(ps).to_pairs() == nk.stable_matching_from_scores(s).to_pairs()
    pb = nk.Preferences(er, mr, scores=s, weight=0.3)
    assert (
        nk.stable_matching(pb).to_pairs()
        == nk.stable_matching(er, mr, scores=s, weight=0.3).to_pairs()
    )
    lists = np.array([[1, 0, -1], [2, -1, -1]])
    back = np.array([[0, 1], [1, -1], [1, 0]])
    pl = nk.Preferences(lists, back, layout="lists")
    assert pl.shape == (2, 3)
    assert (
        nk.stable_matching(pl).to_pairs()
        == nk.stable_matching(lists, back, layout="lists").to_pairs()
    )


def test_score_matrix_accepted_by_checks():
    schema, cohort = nk.synthetic_cohort(30, 8, seed=2)
    sm = nk.score(schema, cohort)
    # one-to-one unless capacities are given (the contract); the checks read the matrix's own
    a = nk.stable_matching_from_scores(sm, max_load=sm.mentor_capacity)
    assert nk.blocking_pairs(a, sm, from_scores=True) == []
    assert nk.blocking_pairs(a, sm) == []
    st = nk.rank_stats(a, sm)
    assert st["mentee"]["n_matched"] == a.n_matched
    p = nk.Preferences(sm)
    assert p.mentee_ids == list(sm.mentee_ids)
    assert nk.stable_matching(p, max_load=list(sm.mentor_capacity)).to_pairs() == a.to_pairs()


def test_peer_preferences_reused_by_roommates():
    rng = np.random.default_rng(1)
    n = 8
    r = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        r[i, others] = rng.permutation(len(others)) + 1
    ids = [f"p{i}" for i in range(n)]
    p = nk.Preferences.peers(r, ids=ids)
    assert p.is_peer and p.ids == ids
    a = nk.stable_roommates(p, seed=4)
    b = nk.stable_roommates(r, ids=ids, seed=4)
    assert a.matching.pairs.tolist() == b.matching.pairs.tolist() and a.stable == b.stable
    with pytest.raises(TypeError, match="peer"):
        nk.stable_matching(p)
    with pytest.raises(TypeError, match="two-sided"):
        nk.stable_roommates(nk.Preferences(r, r))


def test_built_preferences_refuse_building_options():
    p = nk.Preferences({"a": ["k"]}, {"k": ["a"]})
    with pytest.raises(TypeError, match="acceptability"):
        nk.stable_matching(p, acceptability="either")
    with pytest.raises(TypeError, match="mentor_prefs"):
        nk.stable_matching(p, {"k": ["a"]})


# ---------------------------------------------------------------- issue 8 item 4


@pytest.mark.parametrize(
    "e",
    [
        {"a": {"k", "l"}},  # a set as a ranking
        {"a": frozenset({"k"})},
        {"a": {"k": 1, "l": 2}},  # a dict as a list
        {"a": [{"k", "l"}]},  # a set as a tie group
        {"a": ["k", {"l": 1}]},
    ],
)
def test_unordered_collections_are_not_rankings(e):
    with pytest.raises(TypeError, match="unordered|list"):
        nk.stable_matching(e, {"k": ["a"], "l": ["a"]})
    with pytest.raises(TypeError):
        nk.Preferences(e, {"k": ["a"], "l": ["a"]})


def test_unordered_peer_lists_are_type_errors():
    with pytest.raises(TypeError, match="unordered"):
        nk.stable_roommates({"a": {"b"}, "b": ["a"]})


def test_duplicate_ids_rejected_on_every_path():
    r = np.array([[1, 2], [2, 1]])
    with pytest.raises(nk.DuplicateIdError):
        nk.stable_matching(r, r, mentee_ids=["x", "x"])
    with pytest.raises(nk.DuplicateIdError):
        nk.stable_matching(r, r, mentor_ids=["k", "k"])
    with pytest.raises(nk.DuplicateIdError):
        nk.Preferences(r, r, mentee_ids=["x", "x"])
    with pytest.raises(nk.DuplicateIdError):
        nk.stable_matching({"a": ["k"]}, {"k": ["a"]}, mentee_ids=["a", "a"])
    peer = np.array([[0, 1], [1, 0]])
    with pytest.raises(nk.DuplicateIdError):
        nk.stable_roommates(peer, ids=["p", "p"])
    with pytest.raises(nk.DuplicateIdError):
        nk.stable_roommates({"p": ["q"], "q": ["p"]}, ids=["p", "q", "p"])
    with pytest.raises(nk.DuplicateIdError):
        nk.pair_peers(np.ones((2, 2)) - np.eye(2), ids=["p", "p"])


def test_id_named_only_by_the_other_side_is_unknown():
    # "zed" is named as a mentor by mentee ann and as a mentee by mentor kim, listed by no one
    e = {"ann": ["kim", "zed"]}
    mp = {"kim": ["ann", "zed"]}
    with pytest.raises(nk.UnknownIdError, match="zed"):
        nk.stable_matching(e, mp)
    with pytest.raises(nk.UnknownIdError, match="zed"):
        nk.Preferences(e, mp)
    # a mentee listing a mentee (a key of the mentee dict)
    with pytest.raises(nk.UnknownIdError, match="bob"):
        nk.stable_matching({"ann": ["bob"], "bob": ["kim"]}, {"kim": ["bob"]})
    # inferred on purpose: ids given for both sides
    p = nk.Preferences(e, mp, mentee_ids=["ann", "zed"], mentor_ids=["kim", "zed"])
    assert p.shape == (2, 2)
    # inference of a participant without a list is still allowed (documented)
    p = nk.Preferences({"ann": ["kim", "lee"]}, {"kim": ["ann"]})
    assert p.mentor_ids == ["kim", "lee"]


def test_uint64_ranks_beyond_range_are_errors():
    big = np.array([[2**64 - 1, 1]], dtype=np.uint64)
    ok = np.array([[1, 1]], dtype=np.uint64)
    with pytest.raises(nk.InvalidValueError, match="2\\*\\*63"):
        nk.stable_matching(big, ok)
    with pytest.raises(nk.InvalidValueError):
        nk.stable_matching([[2**64 - 1, 1]], [[1, 1]])
    with pytest.raises(nk.InvalidValueError):
        nk.stable_roommates(np.array([[0, 2**63], [1, 0]], dtype=np.uint64))
    # float ranks beyond the exactly representable range are errors too
    with pytest.raises(nk.InvalidValueError):
        nk.stable_matching(np.array([[1e300]]), np.array([[1.0]]))


def test_indices_beyond_u32_are_errors_not_capped():
    lists = np.array([[2**32]], dtype=np.int64)
    back = np.array([[0]], dtype=np.int64)
    with pytest.raises(nk.InvalidValueError, match="2\\*\\*32"):
        nk.stable_matching(lists, back, layout="lists")
    with pytest.raises(nk.InvalidValueError):
        nk.stable_matching((np.array([0, 1]), np.array([2**40])), back, layout="lists")
    with pytest.raises(nk.InvalidValueError):
        nk.stable_matching(np.array([[2**64 - 1]], dtype=np.uint64), back, layout="lists")


def test_huge_index_lists_do_not_allocate_by_value():
    code = (
        "import resource, numpy as np, nastavnik as nk\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))\n"
        "try:\n"
        "    nk.stable_matching(np.array([[2**31]]), np.array([[0]]), layout='lists')\n"
        "except nk.NastavnikError as e:\n"
        "    print('ok', type(e).__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_threads_keyword_gives_identical_results():
    rng = np.random.default_rng(9)
    er = rng.integers(0, 30, size=(500, 200))
    mr = rng.integers(0, 30, size=(500, 200))
    caps = [3] * 200
    results = [
        nk.stable_matching(er, mr, max_load=caps, acceptability="either", threads=t).to_pairs()
        for t in (1, 2, 4)
    ]
    assert results[0] == results[1] == results[2]
    built = [nk.Preferences(er, mr, threads=t).n_acceptable_pairs for t in (1, 2, 4)]
    assert built[0] == built[1] == built[2]
    for bad in (0, -1, 10**6):
        with pytest.raises(nk.InvalidValueError, match="threads"):
            nk.stable_matching(er, mr, threads=bad)
