"""A plain numpy (broadcasting) implementation of the mixed-schema score.

Used as an independent reference by the tests and as the anchor of the scoring benchmark. It reads
the schema and cohort through their JSON form, so it shares no code with the Rust scorer.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

FORMS = ["student_student", "teacher_teacher", "head_teacher", "employer_student",
         "university_student_pupil", "lecturer_young_teacher"]


def _side(people: list[dict[str, Any]], questions: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in questions:
        qid, kind = q["id"], q["type"]
        ans = [p.get("answers", {}).get(qid) for p in people]
        if kind in ("numeric", "likert"):
            if qid in ("age", "experience_years"):
                ans = [a if a is not None else p.get(qid) for a, p in zip(ans, people)]
            out[qid] = np.array([np.nan if a is None else float(a) for a in ans])
        elif kind == "categorical":
            opts = {o: i for i, o in enumerate(q["options"])}
            out[qid] = np.array([-1 if a is None else opts[a] for a in ans])
        else:
            opts = {o: i for i, o in enumerate(q["options"])}
            hot = np.zeros((len(people), len(opts)), dtype=bool)
            present = np.zeros(len(people), dtype=bool)
            for r, a in enumerate(ans):
                if a is not None:
                    present[r] = True
                    for o in a:
                        hot[r, opts[o]] = True
            out[qid] = (hot, present)
    return out


def numpy_mixed_scores(schema: Any, cohort: Any) -> np.ndarray:
    """Mentees x mentors scores (-inf for forbidden pairs), computed with numpy broadcasting."""
    sch = json.loads(schema.to_json())
    people = json.loads(cohort.to_json())["participants"]  # consenting only
    mentees = [p for p in people if p["role"] == "mentee"]
    mentors = [p for p in people if p["role"] == "mentor"]
    qs = sch["questions"]
    e, r = _side(mentees, qs), _side(mentors, qs)
    n, m = len(mentees), len(mentors)
    num = np.zeros((n, m))
    den = np.zeros((n, m))
    miss = sch.get("missing_value")
    for q in qs:
        qid, kind, w = q["id"], q["type"], q.get("weight", 1.0)
        cmp = q.get("comparator", {"type": "similarity"})
        if kind in ("numeric", "likert"):
            lo, hi = (q["min"], q["max"]) if kind == "numeric" else (1.0, float(q["levels"]))
            a, b = e[qid][:, None], r[qid][None, :]
            na, nb = np.clip((a - lo) / (hi - lo), 0, 1), np.clip((b - lo) / (hi - lo), 0, 1)
            t = cmp["type"]
            if t == "similarity":
                v = 1 - np.abs(na - nb)
            elif t == "complementarity":
                v = np.maximum(nb - na, 0)
            elif t == "exact":
                v = (a == b).astype(float)
            else:
                d = b - a
                out = np.where(d < cmp["min"], cmp["min"] - d, np.where(d > cmp["max"], d - cmp["max"], 0.0))
                tol = cmp.get("tolerance", 0.0)
                v = np.where(out == 0, 1.0, np.maximum(1 - out / tol, 0) if tol > 0 else 0.0)
            ok = ~(np.isnan(a) | np.isnan(b))
        elif kind == "categorical":
            a, b = e[qid][:, None], r[qid][None, :]
            v = (a == b).astype(float)
            ok = (a >= 0) & (b >= 0)
        else:
            (ha, pa), (hb, pb) = e[qid], r[qid]
            inter = ha.astype(np.int32) @ hb.T.astype(np.int32)
            sa, sb = ha.sum(1)[:, None], hb.sum(1)[None, :]
            t = cmp["type"]
            if t == "complementarity":
                v = np.where(sa == 0, 0.0, inter / np.maximum(sa, 1))
            elif t == "exact":
                v = ((inter == sa) & (inter == sb)).astype(float)
            else:
                union = sa + sb - inter
                v = np.where(union == 0, 1.0, inter / np.maximum(union, 1))
            ok = pa[:, None] & pb[None, :]
        if miss is None:
            num += np.where(ok, w * v, 0.0)
            den += np.where(ok, w, 0.0)
        else:
            num += w * np.where(ok, v, miss)
            den += w
    score = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    return np.where(_allowed(sch["rules"], mentees, mentors), score, -np.inf)


def _allowed(rules: dict[str, Any], mentees: list[dict], mentors: list[dict]) -> np.ndarray:
    n, m = len(mentees), len(mentors)
    ok = np.ones((n, m), dtype=bool)

    def col(ps: list[dict], key: str) -> np.ndarray:
        return np.array([np.nan if p.get(key) is None else float(p[key]) for p in ps])

    ef = np.array([FORMS.index(p["form"]) if p.get("form") else -1 for p in mentees])
    rf = np.array([FORMS.index(p["form"]) if p.get("form") else -1 for p in mentors])
    if rules.get("same_form", True):
        ok &= (ef[:, None] < 0) | (rf[None, :] < 0) | (ef[:, None] == rf[None, :])
    if rules.get("compatible_mode", True):
        em = np.array([p.get("mode", "either") for p in mentees])[:, None]
        rm = np.array([p.get("mode", "either") for p in mentors])[None, :]
        ok &= ~(((em == "online") & (rm == "in_person")) | ((em == "in_person") & (rm == "online")))
    age_d = col(mentors, "age")[None, :] - col(mentees, "age")[:, None]
    exp_d = col(mentors, "experience_years")[None, :] - col(mentees, "experience_years")[:, None]
    eo = np.array([p.get("organisation") or "" for p in mentees], dtype=object)[:, None]
    ro = np.array([p.get("organisation") or "" for p in mentors], dtype=object)[None, :]
    known = (eo != "") & (ro != "")
    by_form = rules.get("by_form", {})
    default = rules.get("default", {})
    for fi in range(-1, len(FORMS)):
        rule = by_form.get(FORMS[fi], default) if fi >= 0 else default
        rows = ef == fi
        if not rows.any():
            continue
        sub = np.ones((n, m), dtype=bool)
        for key, d in (("age_gap", age_d), ("experience_gap", exp_d)):
            g = rule.get(key)
            if g:
                lo = g.get("min", -np.inf) if g.get("min") is not None else -np.inf
                hi = g.get("max", np.inf) if g.get("max") is not None else np.inf
                sub &= np.isnan(d) | ((d >= lo) & (d <= hi))
        org = rule.get("organisation", "any")
        if org == "same":
            sub &= ~known | (eo == ro)
        elif org == "different":
            sub &= ~known | (eo != ro)
        ok[rows] &= sub[rows]
    ids_e = {p["id"]: i for i, p in enumerate(mentees)}
    ids_r = {p["id"]: j for j, p in enumerate(mentors)}
    for a, b in rules.get("forbidden", []):
        if a in ids_e and b in ids_r:
            ok[ids_e[a], ids_r[b]] = False
    req: dict[int, list[int]] = {}
    for a, b in rules.get("required", []):
        req.setdefault(ids_e[a], []).append(ids_r[b])
    for i, js in req.items():
        ok[i, :] = False
        ok[i, js] = True
    return ok
