"""Shared check that a call releases the GIL: a ticker thread must keep running while it runs."""

from __future__ import annotations

import threading
import time
from typing import Callable


def ticks_during(fn: Callable[[], object]) -> tuple[int, float]:
    """Run `fn` while another thread ticks about once a millisecond; return (ticks, seconds)."""
    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    try:
        fn()
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        t.join()
    return ticks, elapsed


def assert_releases_gil(fn: Callable[[], object]) -> None:
    """Fail unless the ticker made steady progress while `fn` ran (it cannot while the GIL is held)."""
    ticks, elapsed = ticks_during(fn)
    assert ticks > max(3, elapsed * 100), (ticks, elapsed)
