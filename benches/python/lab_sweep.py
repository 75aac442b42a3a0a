"""Strategy-lab benchmark (issue 11), run as a script: `python benches/python/lab_sweep.py`.

1. 100 cohorts (500 mentees x 100 mentors) x 6 strategies x 3 seeds with `nastavnik.lab.compare`
   against the same loop in Python (scipy's linear_sum_assignment for LAP and capacity groups,
   numpy greedy and random, the `matching` package's hospital-residents for stable matching),
   answers checked (LAP and group totals equal).
2. "Why not?" for one pair of a 2000 x 2000 problem (after one solve), median of 20 pairs.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import nastavnik as nk
import nastavnik.lab as lab
import numpy as np
from matching.games import HospitalResident
from scipy.optimize import linear_sum_assignment

N_COHORTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
SEEDS = [0, 1, 2]
# every strategy through the contract (Strategy.solve); reject score 0 (compare's default)
STRATEGIES = {
    "lap": nk.Strategy("lap"),
    "groups": nk.Strategy("groups"),
    "greedy": nk.Strategy("greedy"),
    "random": nk.Strategy("random"),
    "stable": nk.Strategy("stable"),
    "made": "made",
}


def with_reject(s: np.ndarray) -> np.ndarray:
    n, m = s.shape
    big = np.full((n, m + n), -1e9)
    big[:, :m] = np.where(np.isfinite(s), s, -1e9)
    big[np.arange(n), m + np.arange(n)] = 0.0
    return big


def python_loop(cohorts, prepared):
    totals = {}
    for c, (ids, mids, s, caps, prefs, made) in zip(cohorts, prepared):
        n, m = s.shape
        for seed in SEEDS:
            r, k = linear_sum_assignment(with_reject(s), maximize=True)
            keep = k < m
            totals[(c.name, "lap", seed)] = s[r[keep], k[keep]].sum()
            cols = np.repeat(np.arange(m), caps)
            r, k = linear_sum_assignment(with_reject(s[:, cols]), maximize=True)
            keep = k < len(cols)
            totals[(c.name, "groups", seed)] = s[r[keep], cols[k[keep]]].sum()
            order = np.argsort(-np.where(np.isfinite(s), s, -np.inf), axis=None, kind="stable")
            used_r, used_c, tot = set(), set(), 0.0
            for flat in order:
                i, j = divmod(int(flat), m)
                if not np.isfinite(s[i, j]):
                    break
                if i not in used_r and j not in used_c:
                    used_r.add(i)
                    used_c.add(j)
                    tot += s[i, j]
            totals[(c.name, "greedy", seed)] = tot
            rng = np.random.default_rng(seed)
            ii, jj = np.nonzero(np.isfinite(s))
            perm = rng.permutation(len(ii))
            used_r, used_c, tot = set(), set(), 0.0
            for p in perm:
                i, j = int(ii[p]), int(jj[p])
                if i not in used_r and j not in used_c:
                    used_r.add(i)
                    used_c.add(j)
                    tot += s[i, j]
            totals[(c.name, "random", seed)] = tot
            mentee_prefs, mentor_prefs = prefs
            game = HospitalResident.create_from_dictionaries(
                mentee_prefs, mentor_prefs, {h: int(caps[mids.index(h)]) for h in mentor_prefs})
            game.solve(optimal="resident")
            totals[(c.name, "stable", seed)] = sum(
                s[ids.index(r.name), mids.index(h.name)] for h, rs in game.matching.items() for r in rs)
            totals[(c.name, "made", seed)] = sum(s[i, j] for i, j in made)
    return totals


def main() -> None:
    t0 = time.perf_counter()
    cohorts = lab.synthetic_history(schools=N_COHORTS // 4 or 1, years=[2021, 2022, 2023, 2024],
                                    n_mentees=500, n_mentors=100)[:N_COHORTS]
    print(f"generated {len(cohorts)} cohorts in {time.perf_counter() - t0:.1f} s")
    # --- nastavnik (includes scoring every cohort from its questionnaires)
    times = []
    for _ in range(3):
        df, t = lab.timed(lambda: lab.compare(STRATEGIES, cohorts, seeds=SEEDS, progress=False))
        times.append(t)
    print(f"nastavnik.lab.compare: {len(df)} rows, median {statistics.median(times):.2f} s (runs {[round(x, 2) for x in times]})")
    # --- the Python loop (scores precomputed by nastavnik, not timed)
    prepared = []
    for c in cohorts:
        ids, mids, s = c.scores()
        d = json.loads(c.to_json())
        cap = {p["id"]: p.get("capacity", 1) for p in d["participants"]}
        caps = np.array([cap[x] for x in mids])
        mp = {p["participant"]: p["ranking"] for p in d["preferences"] if p["participant"] in ids}
        tp = {p["participant"]: p["ranking"] for p in d["preferences"] if p["participant"] in mids}
        # mutual acceptability, as the core's stable strategy
        mp = {a: [b for b in r if a in tp.get(b, [])] for a, r in mp.items()}
        tp = {b: [a for a in r if b in mp.get(a, [])] for b, r in tp.items()}
        mp = {a: r for a, r in mp.items() if r}
        tp = {b: r for b, r in tp.items() if r}
        made = [(ids.index(p["mentee"]), mids.index(p["mentor"])) for p in d["pairs"]]
        prepared.append((ids, mids, s, caps, (mp, tp), made))
    t = time.perf_counter()
    totals = python_loop(cohorts, prepared)
    tp_ = time.perf_counter() - t
    print(f"python loop (scipy + matching): {tp_:.2f} s")
    bad = 0
    for r in df.itertuples():
        if r.strategy in ("lap", "groups", "made"):
            ref = totals[(r.cohort, r.strategy, r.seed)]
            if abs(ref - r.total) > 1e-6 * max(1.0, abs(ref)):
                bad += 1
    print(f"answers checked (lap, groups, made totals equal): {'OK' if bad == 0 else f'{bad} MISMATCHES'}")
    # --- why not, 2000 x 2000
    rng = np.random.default_rng(1)
    s = rng.random((2000, 2000))
    t = time.perf_counter()
    w = lab.WhyNotSolver(s)
    print(f"why-not solver setup (one LAP with duals) 2000x2000: {time.perf_counter() - t:.3f} s")
    qs = []
    for _ in range(20):
        i, j = int(rng.integers(2000)), int(rng.integers(2000))
        t = time.perf_counter()
        y = json.loads(w.query_json(i, j))
        qs.append(time.perf_counter() - t)
        assert y["loss"] is not None and y["loss"] >= y["loss_bound"] - 1e-9
    print(f"why-not one pair 2000x2000: median {1e3 * statistics.median(qs):.1f} ms, max {1e3 * max(qs):.1f} ms")


if __name__ == "__main__":
    main()
