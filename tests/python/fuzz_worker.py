"""Probe subprocess of the fuzz suite: ``python fuzz_worker.py NAME...``.

Sets an address-space limit, then for each named entry of ``fuzz_entries.entries()`` lets
hypothesis pick single-argument hostile mutations of the base call and records every violation
(an exception other than ValueError/TypeError/MemoryError, an empty message, NaN out of finite
input). Prints one JSON object: ``{"violations": [[entry, mutation, what], ...], "probes": n}``.
A crash (abort, segfault, allocation failure) kills the process and fails the calling test.
"""

from __future__ import annotations

import json
import resource
import sys

LIMIT = 3 << 30  # bytes of address space: huge requests must fail cleanly below this


def main(names: list[str], examples: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    import warnings

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    import fuzz_entries as fe

    warnings.simplefilter("ignore")
    registry = fe.entries()
    violations: list[list[str]] = []
    nonlocal_count = [0]
    for name in names:
        muts = fe.mutations(registry[name])
        fn = registry[name][0]

        def make(fn=fn, name=name, muts=muts):
            @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                      suppress_health_check=list(HealthCheck))
            @given(st.sampled_from(muts))
            def probe(m: tuple) -> None:
                nonlocal_count[0] += 1
                label, param, args, kwargs = m
                if name in fe.NO_CONSTRUCTOR:
                    param = None  # "no constructor" is the right answer to any call
                bad = fe.check_call(fn, args, kwargs, param)
                if bad is not None:
                    violations.append([name, label, bad])

            return probe

        make()()
        # the base call itself must succeed (result types: must refuse with a TypeError)
        try:
            fn(*registry[name][1], **registry[name][2])
            if name in fe.NO_CONSTRUCTOR:
                violations.append([name, "base call", "constructed a result type"])
        except TypeError as e:
            if name not in fe.NO_CONSTRUCTOR:
                violations.append([name, "base call", f"TypeError: {e}"])
        except BaseException as e:  # noqa: BLE001
            violations.append([name, "base call", f"{type(e).__name__}: {e}"])
    print(json.dumps({"violations": violations, "probes": nonlocal_count[0]}))


if __name__ == "__main__":
    main(sys.argv[2:], int(sys.argv[1]))
