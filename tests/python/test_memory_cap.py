"""Buffers sized by the input (1-2x the data already in memory) fail cleanly (issue 8, item 1).

Each probe builds an input that fits under a 3 GiB address-space cap
(``resource.setrlimit(RLIMIT_AS)``) but whose working copies do not (the numpy copy, the f64
cost buffer of the LAP, the MIP pair tables, the sorted rows of the fair solver, the
LAP working arrays of a huge ``n_mentors``). The call must raise
``MemoryError`` naming the buffer, never abort the interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

N = 150_000_000  # float32 values: 0.6 GB of input

PROBES = {
    # the f64 cost copy of the dense LAP (and its working arrays)
    "lap wide": f"a = np.ones((1, {N}), np.float32); r = nk.assign_lap(a)",
    "lap tall": f"a = np.ones(({N}, 1), np.float32); r = nk.assign_lap(a)",
    # the MIP's pair tables (allowed flags and variable index per cell)
    "mip": "a = np.ones((2, 40_000_000), np.float32); r = nk.assign_mip(a)",
    # the fair solver's sorted rows
    "fair": f"a = np.ones((1, {N}), np.float32); r = nk.assign_fair(a)",
    # the LAP working arrays sized by a declared (not stored) number of mentors
    "sparse huge n_mentors":
        "c = nk.Candidates(4 * 10**9, [0, 1], [0], [0.5]); r = nk.assign_sparse(c)",
    # the per-mentor load vector of a very wide group problem (and the flow network behind it)
    "groups": "a = np.ones((2, 75_000_000), np.float32); r = nk.assign_groups(a, max_load=1)",
    # the owned copy of a non-contiguous numpy input
    "numpy copy": f"a = np.ones(({N // 2}, 2), np.float32); r = nk.cosine(a[:, ::-1], a[:2])",
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_working_copies_fail_cleanly_under_a_memory_cap(name):
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        import numpy as np, nastavnik as nk
        try:
            {PROBES[name]}
        except MemoryError as e:
            print("ERR MemoryError", e)
            sys.exit(0)
        print("OK", type(r).__name__)
    """)
    p = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, (name, p.returncode, p.stdout, p.stderr[-2000:])
    assert p.stdout.startswith(("ERR MemoryError", "OK")), p.stdout
    if p.stdout.startswith("ERR"):
        # the message names the buffer (or numpy's own allocation) and the size asked for
        assert "too large" in p.stdout or "Unable to allocate" in p.stdout, p.stdout
