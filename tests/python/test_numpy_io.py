"""numpy conversions: dtypes, layouts (Fortran, strided), lists, shapes, output dtypes."""

from __future__ import annotations

import nastavnik as nk
import numpy as np


def test_lists_ints_and_bools_are_accepted():
    got = nk.dot([[1, 2]], [[3, 4], [5, 6]])
    assert got.dtype == np.float64 and got.tolist() == [[11.0, 17.0]]
    assert nk.dot(np.array([[1, 2]], dtype=np.int32), np.array([[1, 1]], dtype=np.uint8)).tolist() == [[3.0]]
    assert nk.jaccard([[True, False]], [[True, True]]).tolist() == [[0.5]]


def test_mixed_precision_promotes_to_float64(rng):
    a = rng.standard_normal((5, 3)).astype(np.float32)
    b = rng.standard_normal((4, 3))
    assert nk.cosine(a, b).dtype == np.float64
    assert nk.cosine(a, b.astype(np.float32)).dtype == np.float32
    assert nk.cosine(a.astype(np.float16), b).dtype == np.float64


def test_fortran_and_strided_inputs(rng):
    a = rng.standard_normal((40, 8))
    b = rng.standard_normal((30, 8))
    want = nk.cosine(a, b)
    np.testing.assert_allclose(nk.cosine(np.asfortranarray(a), b), want, atol=1e-12)
    big = rng.standard_normal((80, 16))
    big[::2, ::2] = a
    np.testing.assert_allclose(nk.cosine(big[::2, ::2], b), want, atol=1e-12)
    np.testing.assert_allclose(nk.cosine(a[::-1], b)[::-1], want, atol=1e-12)


def test_outputs_are_writable_contiguous_arrays(rng):
    out = nk.cosine(rng.standard_normal((3, 2)), rng.standard_normal((2, 2)))
    assert out.flags.c_contiguous and out.flags.writeable
    out[0, 0] = 5.0
    assert out[0, 0] == 5.0
    # results owned by Rust are handed over without a copy: the base keeps the Rust buffer alive
    j = nk.jaccard(np.ones((2, 3), bool), np.ones((4, 3), bool))
    assert j.flags.c_contiguous and j.flags.writeable and j.base is not None
    idx, sc = nk.top_k(rng.standard_normal((3, 2)), rng.standard_normal((2, 2)), 5)
    assert idx.shape == (3, 2) and sc.shape == (3, 2)


def test_score_matrix_dtypes(sample):
    schema, cohort = sample
    m = nk.score(schema, cohort)
    assert m.scores.dtype == np.float64 and m.scores.flags.c_contiguous
    assert isinstance(m.mentor_capacity, list) and all(isinstance(c, int) for c in m.mentor_capacity)
    c = nk.Scorer(schema, cohort).top_k(3)
    assert c.indptr.dtype == np.int64 and c.indices.dtype == np.int64 and c.scores.dtype == np.float64


def test_frames_round_trip(sample):
    import pandas as pd
    from nastavnik.frames import candidates_to_frame, cohort_from_frame, scores_to_frame

    schema, cohort = sample
    m = nk.score(schema, cohort)
    df = scores_to_frame(m)
    assert df.shape == m.scores.shape and list(df.index) == m.mentee_ids
    long = candidates_to_frame(nk.Scorer(schema, cohort).top_k(2))
    assert set(long.columns) == {"mentee", "mentor", "rank", "score"}
    rows = pd.DataFrame([{"id": "t", "role": "mentor", "consent": "yes", "interests": "chess;music"},
                         {"id": "s", "role": "mentee", "consent": True, "interests": ["chess"]}])
    c = cohort_from_frame(rows, schema)
    assert c.mentor_ids == ["t"] and c.mentee_ids == ["s"]
