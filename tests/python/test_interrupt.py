"""Ctrl-C stops long solves: a subprocess starts a long solve, gets SIGINT after about a second
and raises KeyboardInterrupt promptly, exiting cleanly; results of ordinary calls are unchanged
by the signal-polling boundary."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import nastavnik as nv
import numpy as np
import pytest

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    import nastavnik as nv

    kind = sys.argv[1]
    rng = np.random.default_rng(5)
    if kind == "peers":
        s = rng.random((2500, 2500))
        w = s + s.T
        np.fill_diagonal(w, -np.inf)
        run = lambda: nv.pair_peers(w)
    elif kind == "mip":
        n, m = 300, 60
        s = rng.random((n, m))
        classes = [f"c{(i * 7) % 20}" for i in range(n)]
        run = lambda: nv.assign_mip(s, max_load=5, min_load=1, team_size=(2, 2),
                                    reject_score=-0.5, classes=classes, class_limit=2,
                                    time_limit=600.0)
    elif kind == "mip_presolve":
        # No time limit: HiGHS's presolve (seconds on this model) polls nothing; the driver
        # runs HiGHS on a worker thread and returns as soon as the token is cancelled.
        n, m = 300, 60
        s = rng.random((n, m))
        classes = [f"c{(i * 7) % 20}" for i in range(n)]
        run = lambda: nv.assign_mip(s, max_load=5, min_load=1, team_size=(2, 2),
                                    reject_score=-0.5, classes=classes, class_limit=2)
    else:
        raise SystemExit(f"unknown kind {kind}")
    print("ready", flush=True)
    t = time.perf_counter()
    try:
        run()
        print("finished", time.perf_counter() - t, flush=True)
    except KeyboardInterrupt:
        print("interrupted", time.perf_counter() - t, flush=True)
    """
)


@pytest.mark.parametrize(("kind", "margin"), [("peers", 2.5), ("mip", 3.0), ("mip_presolve", 1.5)])
def test_sigint_raises_keyboard_interrupt_promptly(kind, margin):
    # margin: seconds allowed between SIGINT and the exception on a loaded 2-core machine. The
    # MIP has a generous time limit: that switches off HiGHS's presolve, which polls nothing.
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    p = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready"
        time.sleep(1.0)
        sent = time.perf_counter()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        after = time.perf_counter() - sent
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 0, err
    words = out.split()
    assert words and words[0] == "interrupted", (out, err)
    assert after < margin, f"{kind}: exited {after:.2f} s after SIGINT"
    assert "panic" not in err.lower() and "internal error" not in err.lower(), err


def test_keyboard_interrupt_from_a_handler_stops_the_solve_in_process():
    # A SIGALRM handler that raises stands in for Ctrl-C: the exception it raises propagates
    # from the solve (the boundary runs Python signal handlers while it waits).
    if not hasattr(signal, "setitimer"):
        pytest.skip("no setitimer on this platform")

    class Stop(Exception):
        pass

    def handler(signum, frame):
        raise Stop

    rng = np.random.default_rng(9)
    s = rng.random((2500, 2500))
    w = s + s.T
    np.fill_diagonal(w, -np.inf)
    old = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        t = time.perf_counter()
        with pytest.raises(Stop):
            nv.pair_peers(w)
        assert time.perf_counter() - t < 3.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    # The next call is unaffected (fresh token) and still optimal on a small instance.
    small = np.array([[-np.inf, 3.0, 1.0], [3.0, -np.inf, 2.0], [1.0, 2.0, -np.inf]])
    assert nv.pair_peers(small).total == 3.0


def test_results_identical_through_the_polling_boundary():
    rng = np.random.default_rng(1)
    from scipy.optimize import linear_sum_assignment

    for _ in range(20):
        s = rng.integers(0, 4, size=(30, 30)).astype(float)
        a = nv.assign_lap(s)
        r, c = linear_sum_assignment(s, maximize=True)
        assert a.total == s[r, c].sum()
        assert np.array_equal(nv.assign_lap(s).pairs, a.pairs)
