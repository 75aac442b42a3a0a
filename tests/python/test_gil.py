"""Heavy calls release the GIL: another Python thread keeps running during a long computation."""

from __future__ import annotations

import threading
import time

import numpy as np

import nastavnik as nk


def _ticks_during(fn) -> int:
    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        fn()
    finally:
        done.set()
        t.join()
    return ticks


def test_kernel_releases_gil():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6000, 64))
    b = rng.standard_normal((3000, 64))
    start = time.perf_counter()
    ticks = _ticks_during(lambda: [nk.cosine(a, b) for _ in range(3)])
    elapsed = time.perf_counter() - start
    # with the GIL held the ticker could not run at all during the calls
    assert ticks > max(3, elapsed * 100), (ticks, elapsed)


def test_scorer_releases_gil():
    schema, cohort = nk.synthetic_cohort(4000, 1500, seed=1)
    scorer = nk.Scorer(schema, cohort)
    start = time.perf_counter()
    ticks = _ticks_during(lambda: [scorer.score_matrix() for _ in range(2)])
    elapsed = time.perf_counter() - start
    assert ticks > max(3, elapsed * 100), (ticks, elapsed)
