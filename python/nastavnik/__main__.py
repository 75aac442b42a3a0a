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
    ``--reject-score X``, ``--one-to-one``/``--groups``, ``--capacity auto|form|N``, ``--names``,
    ``--format csv,xlsx,html``, ``--encoding utf-8-sig|cp1251``, ``--no-progress``.
``python -m nastavnik schedule --pairs PAIRS.csv --cohort ... --calendar calendar.json --out DIR``
    Schedule the school year (see :mod:`nastavnik.schedule_cli`): meetings.csv, unscheduled.csv,
    iCalendar files per person and per room.
``python -m nastavnik synth --mentees N --mentors M [--seed S] --out DIR``
    Write a synthetic ``schema.json`` and ``cohort.csv``.

Mentor capacity (``--capacity``, default ``auto``): the form's ``capacity`` column when the input
has one, else the smallest equal capacity that seats every mentee, ``ceil(mentees / mentors)``;
``form`` takes the input's capacities as they are (1 when absent); a number sets it for everyone.

Every option is validated: a bad value is one ``error: ...`` line and exit code 2; Ctrl-C stops
with ``interrupted`` and exit code 130 (no traceback).

Participants without recorded consent are never matched or written to any output.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Optional, Sequence

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


def write_cohort_csv(schema: nk.Schema, cohort: nk.Cohort, path: "str | os.PathLike[str]") -> None:
    """Write a cohort (consenting participants only) in the curator CSV format."""
    path = Path(path)
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


def _assign(m: "nk.ScoreMatrix", strategy: str, reject: Optional[float], caps: list) -> "nk.Assignment":
    if strategy == "greedy":
        if any(c != 1 for c in caps):
            raise ValueError("--strategy greedy forms one-to-one pairs only: add --one-to-one")
        return nk.assign_greedy(m, reject_score=reject)
    if strategy == "stable":
        return nk.stable_matching_from_scores(m, max_load=caps)
    if strategy == "fair":
        return nk.assign_fair(m, objective="max_min", max_load=caps)
    return nk.assign_groups(m.scores, max_load=caps, reject_score=reject)


def mentor_capacities(m: "nk.ScoreMatrix", capacity: Any = "auto", *, groups: bool = True,
                      from_input: bool = False) -> tuple[list, str]:
    """Capacity of each mentor of ``m`` and a one-line description for the summary.

    Parameters
    ----------
    m : ScoreMatrix
    capacity : "auto", "form" or int
        ``"auto"``: the input's capacities when it has a capacity column (``from_input``), else
        ``ceil(mentees / mentors)`` for everyone (the smallest equal capacity seating every
        mentee); ``"form"``: the input's capacities (1 when absent); an int: that for everyone.
    groups : bool
        False: one mentee per mentor, whatever ``capacity`` says.
    from_input : bool
        Whether the input had a capacity column.

    Examples
    --------
    >>> import nastavnik as nk
    >>> from nastavnik.__main__ import mentor_capacities
    >>> schema, cohort = nk.synthetic_cohort(10, 4, seed=1)
    >>> m = nk.score(schema, cohort)
    >>> mentor_capacities(m, 3)[0] == [3] * len(m.mentor_ids)
    True
    """
    n_e, n_m = len(m.mentee_ids), len(m.mentor_ids)
    if not groups:
        return [1] * n_m, "1 (один к одному)"
    if capacity == "form" or (capacity == "auto" and from_input):
        return [int(c) for c in m.mentor_capacity], "из анкеты (столбец capacity)"
    if capacity == "auto":
        k = max(1, math.ceil(n_e / n_m)) if n_m else 1
        return [k] * n_m, f"{k} (авто: {n_e} наставляемых / {n_m} наставников)"
    k = int(capacity)
    return [k] * n_m, str(k)


def input_has_capacity(schema_path: "str | os.PathLike[str]", cohort_path: "str | os.PathLike[str]") -> bool:
    """Whether the input names mentor capacities: a mapping column with ``"field": "capacity"``,
    or a ``capacity`` column in a curator cohort file."""
    from . import _nastavnik as _nk
    from . import forms

    spec = json.loads(forms._text(schema_path))
    if forms.is_mapping(spec):
        return any(c.get("field") == "capacity" for c in spec["columns"])
    headers = _nk.read_table(os.fspath(cohort_path))[0]
    return any(h.strip().lower() == "capacity" for h in headers)


def run_match(schema: nk.Schema, cohort: nk.Cohort, out: "str | os.PathLike[str]", top: int = 5, *,
              strategy: str = "optimal", reject_score: Optional[float] = 0.0, groups: bool = True,
              names: bool = False, imported: Any = None, labels: Optional[dict] = None,
              formats: Sequence[str] = ("csv", "xlsx", "html"), capacity: Any = "auto",
              has_capacity: bool = False, encoding: str = "utf-8-sig",
              progress: Optional[bool] = None) -> dict:
    """Score, assign, write candidates, pairs, unmatched, summary and the HTML report.

    ``capacity``/``has_capacity``: see :func:`mentor_capacities`; ``encoding``: of the CSV files
    (``"utf-8-sig"`` or ``"cp1251"``, characters cp1251 lacks become ``?``); ``progress``: tqdm bars
    over the steps and the per-pair explanations (None: when stderr is a terminal).
    """
    import numpy as np

    from . import report
    from ._progress import progress as bar

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    steps = iter(bar(["score", "assign", "explain", "write"], desc="match", enabled=progress,
                     unit="step"))
    next(steps)
    scorer = nk.Scorer(schema, cohort)
    cands = scorer.top_k(top)
    with (out / "candidates.csv").open("w", newline="", encoding=encoding, errors="replace") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["mentee_id", "rank", "mentor_id", "score"])
        ip, ix, sc = cands.indptr, cands.indices, cands.scores
        cand_mentors = scorer.mentor_ids  # one conversion, not one per row
        for i, mentee in enumerate(scorer.mentee_ids):
            for r, k in enumerate(range(ip[i], ip[i + 1])):
                w.writerow([mentee, r + 1, cand_mentors[ix[k]], f"{sc[k]:.4f}"])
    m = scorer.score_matrix()
    # The attributes build a new list/array on each access: read them once.
    mentee_ids, mentor_ids, scores = m.mentee_ids, m.mentor_ids, np.asarray(m.scores)
    next(steps)
    capacity_list, capacity_note = mentor_capacities(m, capacity, groups=groups,
                                                     from_input=has_capacity)
    a = _assign(m, strategy, reject_score, capacity_list)
    mentor_of = np.asarray(a.mentor_of)
    contacts = imported.names() if (names and imported is not None) else {}
    roles = {pid: "наставляемый" for pid in mentee_ids}
    roles.update({pid: "наставник" for pid in mentor_ids})

    def who(pid: str, prefix: str) -> dict:
        d = {prefix: pid}
        if names:
            c = contacts.get(pid, {})
            d[prefix + "_фио"] = c.get("name") or ""
            d[prefix + "_класс"] = c.get("group") or ""
        return d

    pairs, chosen = [], []
    next(steps)
    matched = [(i, j) for i, j in enumerate(mentor_of) if j >= 0]
    for i, j in bar(matched, desc="reasons", enabled=progress, unit="pair"):
        mentee, mentor = mentee_ids[i], mentor_ids[j]
        why = report.reasons_ru(scorer.explain(mentee, mentor), labels or {})
        chosen.append(float(scores[i, j]))
        pairs.append({**who(mentee, "наставляемый"), **who(mentor, "наставник"),
                      "оценка": round(float(scores[i, j]), 4),
                      **{f"причина {k + 1}": (why[k] if k < len(why) else "") for k in range(3)}})
    loads = np.bincount(mentor_of[mentor_of >= 0], minlength=len(mentor_ids)).tolist()
    codes = report.unmatched_reasons(scores, mentor_of, loads, capacity_list, reject_score)
    unmatched = [{**who(mentee_ids[i], "id"), "роль": "наставляемый", "причина": report._REASONS[c]}
                 for i, c in sorted(codes.items())]
    unmatched += [{**who(pid, "id"), "роль": "наставник", "причина": report._REASONS["mentor_unused"]}
                  for j, pid in enumerate(mentor_ids) if loads[j] == 0]
    summary = {
        "mentees": len(mentee_ids),
        "mentors": len(mentor_ids),
        "excluded_without_consent": len(scorer.excluded_ids),
        "mentees_without_any_allowed_mentor": sum(1 for c in codes.values() if c == "no_allowed_mentor"),
        "strategy": strategy + (" (группы)" if groups else " (один к одному)"),
        "capacity": capacity_note,
        "pairs": len(pairs),
        "unmatched": sum(1 for i in mentor_of if i < 0),
        "total_score": round(float(sum(chosen)), 4),
        "mean_pair_score": round(float(sum(chosen)) / max(len(chosen), 1), 4),
    }
    if imported is not None:
        summary["superseded_rows"] = len(imported.superseded)
        summary["collisions"] = len(imported.collisions)
    next(steps)
    page = report.html_report(summary, pairs, unmatched, scores=scores, chosen=chosen, loads=loads)
    summary["files"] = report.write_all(out, pairs, unmatched, summary, page, formats,
                                        encoding=encoding) + ["candidates.csv"]
    for _ in steps:  # close the bar
        pass
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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``error: ...`` line on stderr and exit code 2."""

    def error(self, message: str) -> "NoReturn":  # type: ignore[override]
        self.exit(2, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def _int_in(lo: int, hi: int) -> Any:
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"expected a whole number in [{lo}, {hi}], got {v}")
        return v

    parse.__name__ = "integer"
    return parse


def _finite(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return v


_FORMATS = ("csv", "xlsx", "html")


def _formats(text: str) -> list:
    got = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in got if f not in _FORMATS]
    if bad or not got:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(map(repr, bad)) or repr(text)}: choose from {', '.join(_FORMATS)} "
            "(comma-separated)")
    return got


_MAX_CAPACITY = 100_000


def _capacity(text: str) -> Any:
    t = text.strip().lower()
    if t in ("auto", "form"):
        return t
    try:
        return _int_in(1, _MAX_CAPACITY)(t)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected auto, form or a whole number in [1, {_MAX_CAPACITY}], got {text!r}") from None


def _encoding(text: str) -> str:
    t = text.strip().lower().replace("_", "-")
    aliases = {"utf-8-sig": "utf-8-sig", "utf8-sig": "utf-8-sig", "utf-8": "utf-8-sig",
               "utf8": "utf-8-sig", "cp1251": "cp1251", "windows-1251": "cp1251"}
    if t not in aliases:
        raise argparse.ArgumentTypeError(f"expected utf-8-sig or cp1251, got {text!r}")
    return aliases[t]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; other modules add subcommands to ``parser._subparsers_action``."""
    ap = _Parser(prog="nastavnik", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    ap.set_defaults(_sub=sub)
    d = sub.add_parser("demo", help="run on the bundled sample form export")
    d.add_argument("--out", default="out")
    d.add_argument("--top", type=_int_in(1, 1000), default=5)
    d.add_argument("--no-progress", dest="progress", action="store_false", default=None,
                   help="no progress bars")
    m = sub.add_parser("match", help="score a cohort (CSV/XLSX, or a form export with a mapping) and form pairs")
    m.add_argument("--schema", required=True, help="schema JSON or form mapping JSON (schema init)")
    m.add_argument("--cohort", required=True, help="cohort CSV/XLSX or form export CSV/XLSX")
    m.add_argument("--out", default="out")
    m.add_argument("--top", type=_int_in(1, 1000), default=5,
                   help="candidates listed per mentee in candidates.csv (default 5)")
    m.add_argument("--strategy", choices=_STRATEGIES, default="optimal")
    m.add_argument("--reject-score", type=_finite, default=0.0,
                   help="pairs scoring below this are not formed (default 0)")
    g = m.add_mutually_exclusive_group()
    g.add_argument("--groups", dest="groups", action="store_true", default=True,
                   help="mentors take up to their capacity (default)")
    g.add_argument("--one-to-one", dest="groups", action="store_false", help="one mentee per mentor")
    m.add_argument("--names", action="store_true",
                   help="carry names and classes of consenting people into the outputs")
    m.add_argument("--format", type=_formats, default=list(_FORMATS),
                   help="comma-separated: csv, xlsx, html (default all)")
    m.add_argument("--capacity", type=_capacity, default="auto",
                   help="mentees per mentor: auto (default: the input's capacity column, else "
                        "ceil(mentees/mentors)), form (the input's, 1 when absent) or a number")
    m.add_argument("--encoding", type=_encoding, default="utf-8-sig",
                   help="CSV encoding: utf-8-sig (default, with BOM) or cp1251 (old Excel)")
    m.add_argument("--no-progress", dest="progress", action="store_false", default=None,
                   help="no progress bars (default: shown when stderr is a terminal)")
    si = sub.add_parser("schema", help="form mappings").add_subparsers(dest="schema_cmd", required=True)
    init = si.add_parser("init", help="draft a mapping from a form export")
    init.add_argument("--from", dest="src", required=True)
    init.add_argument("--out", required=True)
    s = sub.add_parser("synth", help="write a synthetic schema.json and cohort.csv")
    s.add_argument("--mentees", type=_int_in(0, 10_000_000), default=120)
    s.add_argument("--mentors", type=_int_in(0, 10_000_000), default=40)
    s.add_argument("--seed", type=_int_in(0, 2**64 - 1), default=2026)
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
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out}: exists and is not a directory")
    demo = args.cmd == "demo"
    if demo:
        from . import forms

        export = forms.sample_path("google_export.xlsx")
        out.mkdir(parents=True, exist_ok=True)
        print(f"1. form export: {export}")
        print("2. mapping drafted from its headers and values (no hand edit):")
        _schema_init(export, out / "mapping.json")
        schema_path, cohort_path = out / "mapping.json", export
        kw: dict = {"names": True, "progress": args.progress}
    else:
        schema_path, cohort_path = Path(args.schema), Path(args.cohort)
        kw = {"strategy": args.strategy, "reject_score": args.reject_score, "groups": args.groups,
              "names": args.names, "formats": args.format, "capacity": args.capacity,
              "encoding": args.encoding, "progress": args.progress}
    schema, cohort, imported, labels = _load_inputs(schema_path, cohort_path)
    kw["has_capacity"] = input_has_capacity(schema_path, cohort_path)
    print(("3. imported " if demo else "") + f"cohort: {cohort!r}")
    if imported is not None:
        for line in imported.summary_lines()[1:]:
            print(f"  {line}")
    summary = run_match(schema, cohort, out, args.top, imported=imported, labels=labels, **kw)
    if demo:
        print("4. matched (optimal groups; mentor capacity: " + str(summary.get("capacity")) + "):")
    for k, v in summary.items():
        if k != "files":
            print(f"  {k.replace('_', ' ')}: {v}")
    print(f"outputs in {out}/: " + ", ".join(summary["files"]))
    if demo:
        from .schedule_cli import demo_step

        print("5. ", end="")
        demo_step(cohort, out, _sample_dir())
    if "report.html" in summary["files"]:
        print(("6. " if demo else "") + f"report (opens offline in a browser): {out / 'report.html'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m nastavnik``: errors are one message and exit code 2."""
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (nk.NastavnikError, OSError, ValueError, TypeError, KeyError, UnicodeError) as e:
        msg = e.strerror + f": {e.filename}" if isinstance(e, OSError) and e.strerror and e.filename else str(e)
        print(f"error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
