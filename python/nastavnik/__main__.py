"""Curator command line: CSV questionnaires in, candidate lists and pairs out.

Usage
-----
``python -m nastavnik demo [--out DIR]``
    Run the whole job on the bundled form export (``data/forms/google_export.xlsx``).
``python -m nastavnik schema init --from export.xlsx --out mapping.json``
    Draft a form mapping (headers to fields and questions, value synonyms) from a form export.
``python -m nastavnik match --schema schema.json --cohort cohort.csv [--out DIR] [--top K]``
    Score a cohort (or a form export with ``--schema mapping.json``), write ``candidates.csv``,
    ``pairs.csv``/``pairs.xlsx`` (top 3 reasons in Russian), ``unmatched.csv`` (a reason per
    person) and ``report.html``. Options: ``--strategy optimal|greedy|stable|fair``,
    ``--reject-score X``, ``--one-to-one``/``--groups``, ``--names``.
``python -m nastavnik schedule --pairs PAIRS.csv --cohort ... --calendar calendar.json --out DIR``
    Schedule the school year (see :mod:`nastavnik.schedule_cli`): meetings.csv, unscheduled.csv,
    iCalendar files per person and per room.
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
from typing import Any, Optional, Sequence

import nastavnik as nk
from nastavnik.schedule_cli import register as _schedule_register

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


def _load_inputs(schema_path: Path, cohort_path: Path) -> tuple:
    """(schema, cohort, FormImport or None, question labels) from a schema or a form mapping."""
    from . import forms

    spec = json.loads(forms._text(schema_path))
    if forms.is_mapping(spec):
        got = forms.read_form(cohort_path, spec)
        labels = {c["question"]: c["header"] for c in spec["columns"] if c.get("question")}
        return got.schema, got.cohort, got, labels
    schema = nk.Schema.from_json(json.dumps(spec))
    return schema, nk.Cohort.from_csv(str(cohort_path), schema), None, {}


_STRATEGIES = ("optimal", "greedy", "stable", "fair")


def _assign(m: "nk.ScoreMatrix", strategy: str, reject: Optional[float], groups: bool) -> "nk.Assignment":
    cap = m.mentor_capacity if groups else 1
    if strategy == "greedy":
        if groups:
            raise ValueError("--strategy greedy forms one-to-one pairs only: add --one-to-one")
        return nk.assign_greedy(m, reject_score=reject)
    if strategy == "stable":
        caps = list(m.mentor_capacity) if groups else [1] * len(m.mentor_ids)
        return nk.stable_matching_from_scores(m, capacities=caps)
    if strategy == "fair":
        return nk.assign_fair(m, objective="max_min", max_load=cap)
    return nk.assign_groups(m.scores, max_load=cap, reject_score=reject)


def run_match(schema: nk.Schema, cohort: nk.Cohort, out: Path, top: int, *,
              strategy: str = "optimal", reject_score: Optional[float] = 0.0, groups: bool = True,
              names: bool = False, imported: Any = None, labels: Optional[dict] = None,
              formats: Sequence[str] = ("csv", "xlsx", "html")) -> dict:
    """Score, assign, write candidates, pairs, unmatched, summary and the HTML report."""
    import numpy as np

    from . import report

    out.mkdir(parents=True, exist_ok=True)
    scorer = nk.Scorer(schema, cohort)
    cands = scorer.top_k(top)
    with (out / "candidates.csv").open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["mentee_id", "rank", "mentor_id", "score"])
        ip, ix, sc = cands.indptr, cands.indices, cands.scores
        for i, mentee in enumerate(scorer.mentee_ids):
            for r, k in enumerate(range(ip[i], ip[i + 1])):
                w.writerow([mentee, r + 1, scorer.mentor_ids[ix[k]], f"{sc[k]:.4f}"])
    m = scorer.score_matrix()
    a = _assign(m, strategy, reject_score, groups)
    mentor_of = np.asarray(a.mentor_of)
    contacts = imported.names() if (names and imported is not None) else {}
    roles = {pid: "наставляемый" for pid in m.mentee_ids}
    roles.update({pid: "наставник" for pid in m.mentor_ids})

    def who(pid: str, prefix: str) -> dict:
        d = {prefix: pid}
        if names:
            c = contacts.get(pid, {})
            d[prefix + "_фио"] = c.get("name") or ""
            d[prefix + "_класс"] = c.get("group") or ""
        return d

    pairs, chosen = [], []
    for i, j in enumerate(mentor_of):
        if j < 0:
            continue
        mentee, mentor = m.mentee_ids[i], m.mentor_ids[j]
        why = report.reasons_ru(scorer.explain(mentee, mentor), labels or {})
        chosen.append(float(m.scores[i, j]))
        pairs.append({**who(mentee, "наставляемый"), **who(mentor, "наставник"),
                      "оценка": round(float(m.scores[i, j]), 4),
                      **{f"причина {k + 1}": (why[k] if k < len(why) else "") for k in range(3)}})
    loads = np.bincount(mentor_of[mentor_of >= 0], minlength=len(m.mentor_ids)).tolist()
    capacity = list(m.mentor_capacity) if groups else [1] * len(m.mentor_ids)
    codes = report.unmatched_reasons(m.scores, mentor_of, loads, capacity, reject_score)
    unmatched = [{**who(m.mentee_ids[i], "id"), "роль": "наставляемый", "причина": report._REASONS[c]}
                 for i, c in sorted(codes.items())]
    unmatched += [{**who(pid, "id"), "роль": "наставник", "причина": report._REASONS["mentor_unused"]}
                  for j, pid in enumerate(m.mentor_ids) if loads[j] == 0]
    summary = {
        "mentees": len(m.mentee_ids),
        "mentors": len(m.mentor_ids),
        "excluded_without_consent": len(scorer.excluded_ids),
        "mentees_without_any_allowed_mentor": sum(1 for c in codes.values() if c == "no_allowed_mentor"),
        "strategy": strategy + (" (группы)" if groups else " (один к одному)"),
        "pairs": len(pairs),
        "unmatched": sum(1 for i in mentor_of if i < 0),
        "total_score": round(float(sum(chosen)), 4),
        "mean_pair_score": round(float(sum(chosen)) / max(len(chosen), 1), 4),
    }
    if imported is not None:
        summary["superseded_rows"] = len(imported.superseded)
        summary["collisions"] = len(imported.collisions)
    page = report.html_report(summary, pairs, unmatched, scores=m.scores, chosen=chosen, loads=loads)
    summary["files"] = report.write_all(out, pairs, unmatched, summary, page, formats) + ["candidates.csv"]
    return summary


def _schema_init(src: Path, out: Path) -> int:
    from . import forms

    mapping, notes = forms.draft_mapping(src)
    out.write_text(json.dumps(mapping, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    n_q = len(mapping["schema"]["questions"])
    print(f"wrote {out}: {len(mapping['columns'])} columns, {n_q} questions")
    for note in notes:
        print(f"  note: {note}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; other modules add subcommands to ``parser._subparsers_action``."""
    ap = argparse.ArgumentParser(prog="nastavnik", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    ap.set_defaults(_sub=sub)
    d = sub.add_parser("demo", help="run on the bundled sample form export")
    d.add_argument("--out", default="out")
    d.add_argument("--top", type=int, default=5)
    m = sub.add_parser("match", help="score a cohort (CSV/XLSX, or a form export with a mapping) and form pairs")
    m.add_argument("--schema", required=True, help="schema JSON or form mapping JSON (schema init)")
    m.add_argument("--cohort", required=True, help="cohort CSV/XLSX or form export CSV/XLSX")
    m.add_argument("--out", default="out")
    m.add_argument("--top", type=int, default=5)
    m.add_argument("--strategy", choices=_STRATEGIES, default="optimal")
    m.add_argument("--reject-score", type=float, default=0.0,
                   help="pairs scoring below this are not formed (default 0)")
    g = m.add_mutually_exclusive_group()
    g.add_argument("--groups", dest="groups", action="store_true", default=True,
                   help="mentors take up to their capacity (default)")
    g.add_argument("--one-to-one", dest="groups", action="store_false", help="one mentee per mentor")
    m.add_argument("--names", action="store_true",
                   help="carry names and classes of consenting people into the outputs")
    m.add_argument("--format", default="csv,xlsx,html", help="comma-separated: csv, xlsx, html")
    si = sub.add_parser("schema", help="form mappings").add_subparsers(dest="schema_cmd", required=True)
    init = si.add_parser("init", help="draft a mapping from a form export")
    init.add_argument("--from", dest="src", required=True)
    init.add_argument("--out", required=True)
    s = sub.add_parser("synth", help="write a synthetic schema.json and cohort.csv")
    s.add_argument("--mentees", type=int, default=120)
    s.add_argument("--mentors", type=int, default=40)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--out", required=True)
    for hook in _HOOKS:
        hook(sub)
    return ap


#: Callables ``hook(subparsers)`` run by :func:`build_parser` to register more subcommands;
#: a registered subcommand sets ``func`` (``args -> int``) with ``set_defaults``.
_HOOKS: list = []
_HOOKS.append(_schedule_register)


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "func", None) is not None:
        return int(args.func(args))
    if args.cmd == "synth":
        schema, cohort = nk.synthetic_cohort(args.mentees, args.mentors, seed=args.seed)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "schema.json").write_text(schema.to_json() + "\n", encoding="utf-8")
        write_cohort_csv(schema, cohort, out / "cohort.csv")
        print(f"wrote {out / 'schema.json'} and {out / 'cohort.csv'}")
        return 0
    if args.cmd == "schema":
        return _schema_init(Path(args.src), Path(args.out))
    out = Path(args.out)
    if args.cmd == "demo":
        from . import forms

        export = forms.sample_path("google_export.xlsx")
        out.mkdir(parents=True, exist_ok=True)
        print(f"1. form export: {export}")
        _schema_init(export, out / "mapping.json")
        schema_path, cohort_path = out / "mapping.json", export
        kw: dict = {"names": True}
    else:
        schema_path, cohort_path = Path(args.schema), Path(args.cohort)
        kw = {"strategy": args.strategy, "reject_score": args.reject_score, "groups": args.groups,
              "names": args.names, "formats": [f.strip() for f in args.format.split(",")]}
    schema, cohort, imported, labels = _load_inputs(schema_path, cohort_path)
    print(f"cohort: {cohort!r}")
    if imported is not None:
        for line in imported.summary_lines()[1:]:
            print(f"  {line}")
    summary = run_match(schema, cohort, out, args.top, imported=imported, labels=labels, **kw)
    for k, v in summary.items():
        if k != "files":
            print(f"  {k.replace('_', ' ')}: {v}")
    print(f"outputs in {out}/: " + ", ".join(summary["files"]))
    if args.cmd == "demo":
        from .schedule_cli import demo_step

        demo_step(cohort, out, _sample_dir())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m nastavnik``: errors are one message and exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (nk.NastavnikError, OSError, ValueError, TypeError, KeyError, UnicodeError) as e:
        msg = e.strerror + f": {e.filename}" if isinstance(e, OSError) and e.strerror and e.filename else str(e)
        print(f"error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
