"""Curator command line: CSV questionnaires in, candidate lists and pairs out.

Usage
-----
``python -m nastavnik demo [--out DIR]``
    Run the whole job on the bundled sample cohort (``data/sample``).
``python -m nastavnik match --schema schema.json --cohort cohort.csv [--out DIR] [--top K]``
    Score a cohort, write ``candidates.csv`` (best K mentors per mentee) and ``pairs.csv``.
``python -m nastavnik synth --mentees N --mentors M [--seed S] --out DIR``
    Write a synthetic ``schema.json`` and ``cohort.csv``.

Participants without recorded consent are never matched or written to any output.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Sequence

import nastavnik as nk

_COLUMNS = ("id", "role", "consent", "form", "organisation", "age", "experience_years", "mode",
            "capacity", "category", "group", "availability")


def _sample_dir() -> Path:
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        cand = base / "data" / "sample"
        if (cand / "cohort.csv").exists():
            return cand
    raise SystemExit("bundled sample not found: run from the repository root")


def write_cohort_csv(schema: nk.Schema, cohort: nk.Cohort, path: Path) -> None:
    """Write a cohort (consenting participants only) in the curator CSV format."""
    people = json.loads(cohort.to_json())["participants"]
    qids = [q for q in schema.question_ids if q not in _COLUMNS]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([*_COLUMNS, *qids])
        for p in people:
            row = [p.get(c, "") if p.get(c) is not None else "" for c in _COLUMNS]
            row[2] = "yes" if p.get("consent") else "no"
            for q in qids:
                a = p.get("answers", {}).get(q)
                row.append(";".join(a) if isinstance(a, list) else ("" if a is None else a))
            w.writerow(row)


def run_match(schema: nk.Schema, cohort: nk.Cohort, out: Path, top: int) -> dict:
    """Score, write candidates and pairs, return a summary."""
    out.mkdir(parents=True, exist_ok=True)
    scorer = nk.Scorer(schema, cohort)
    cands = scorer.top_k(top)
    with (out / "candidates.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["mentee_id", "rank", "mentor_id", "score"])
        ip, ix, sc = cands.indptr, cands.indices, cands.scores
        for i, mentee in enumerate(scorer.mentee_ids):
            for r, k in enumerate(range(ip[i], ip[i + 1])):
                w.writerow([mentee, r + 1, scorer.mentor_ids[ix[k]], f"{sc[k]:.4f}"])
    summary = {
        "mentees": len(scorer.mentee_ids),
        "mentors": len(scorer.mentor_ids),
        "excluded_without_consent": len(scorer.excluded_ids),
        "mentees_without_any_allowed_mentor": int(sum(
            1 for i in range(cands.n_mentees) if cands.indptr[i + 1] == cands.indptr[i])),
    }
    assign = getattr(nk, "assign_groups", None)
    if assign is not None:
        m = scorer.score_matrix()
        a = assign(m.scores, max_load=m.mentor_capacity, reject_score=0.0)
        mentor_of = a.mentor_of
        with (out / "pairs.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["mentee_id", "mentor_id", "score"])
            for i, j in enumerate(mentor_of):
                if j >= 0:
                    w.writerow([m.mentee_ids[i], m.mentor_ids[j], f"{m.scores[i, j]:.4f}"])
        matched = int((mentor_of >= 0).sum())
        summary.update(pairs=matched, total_score=round(float(a.total), 4),
                       mean_pair_score=round(float(a.total) / max(matched, 1), 4))
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m nastavnik``."""
    ap = argparse.ArgumentParser(prog="nastavnik", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="run on the bundled sample cohort")
    d.add_argument("--out", default="out")
    d.add_argument("--top", type=int, default=5)
    m = sub.add_parser("match", help="score a cohort CSV and form pairs")
    m.add_argument("--schema", required=True)
    m.add_argument("--cohort", required=True)
    m.add_argument("--out", default="out")
    m.add_argument("--top", type=int, default=5)
    s = sub.add_parser("synth", help="write a synthetic schema.json and cohort.csv")
    s.add_argument("--mentees", type=int, default=120)
    s.add_argument("--mentors", type=int, default=40)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "synth":
            schema, cohort = nk.synthetic_cohort(args.mentees, args.mentors, seed=args.seed)
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            (out / "schema.json").write_text(schema.to_json() + "\n", encoding="utf-8")
            write_cohort_csv(schema, cohort, out / "cohort.csv")
            print(f"wrote {out / 'schema.json'} and {out / 'cohort.csv'}")
            return 0
        if args.cmd == "demo":
            base = _sample_dir()
            schema_path, cohort_path = base / "schema.json", base / "cohort.csv"
        else:
            schema_path, cohort_path = Path(args.schema), Path(args.cohort)
        schema = nk.Schema.from_json(schema_path.read_text(encoding="utf-8"))
        cohort = nk.Cohort.from_csv(str(cohort_path), schema)
        print(f"cohort: {cohort!r}")
        summary = run_match(schema, cohort, Path(args.out), args.top)
    except (nk.NastavnikError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for k, v in summary.items():
        print(f"  {k.replace('_', ' ')}: {v}")
    print(f"outputs in {args.out}/: candidates.csv" + (", pairs.csv" if "pairs" in summary else "")
          + ", summary.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
