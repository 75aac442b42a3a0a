"""Heavy calls release the GIL: another Python thread keeps running during a long computation."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
from gil_probe import assert_releases_gil


def test_kernel_releases_gil():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6000, 64))
    b = rng.standard_normal((3000, 64))
    assert_releases_gil(lambda: [nk.cosine(a, b) for _ in range(3)])


def test_scorer_releases_gil():
    schema, cohort = nk.synthetic_cohort(4000, 1500, seed=1)
    scorer = nk.Scorer(schema, cohort)
    assert_releases_gil(lambda: [scorer.score_matrix() for _ in range(2)])
