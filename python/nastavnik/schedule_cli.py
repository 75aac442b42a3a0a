"""``python -m nastavnik schedule``: pairs, cohort and calendar in; meetings.csv, unscheduled.csv,
schedule.json and iCalendar files per person and per room out.

Usage
-----
``python -m nastavnik schedule --pairs PAIRS.csv --cohort COHORT --calendar calendar.json
[--rooms rooms.csv] [--template programme.json] [--schema schema.json] [--grouping pairs|groups]
[--method auto|exact|heuristic] [--time-limit S] [--threads N] [--sequence-log LOG.json] --out DIR``

``--cohort`` is a cohort JSON (``Cohort.to_json``), a people CSV (``id, consent, availability,
form``) or, with ``--schema``, a questionnaire CSV. ``--sequence-log`` names a JSON file kept between
runs (created when missing): a meeting whose date, time, room, mode or participants changed since
the logged run gets its iCalendar ``SEQUENCE`` bumped, so calendar clients replace it. Bad input is one ``error: ...`` line and exit
code 2 (handled by ``nastavnik.__main__.main``). People without consent never appear in any file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .scheduling import Schedule, schedule


def register(sub: Any) -> None:
    """Add the ``schedule`` subcommand to the CLI's subparsers."""
    p = sub.add_parser("schedule", help="schedule the school year's meetings of pairs and groups")
    p.add_argument("--pairs", required=True, help="pairs CSV/JSON (mentee, mentor or наставляемый, наставник)")
    p.add_argument("--cohort", required=True, help="cohort JSON, people CSV, or questionnaire CSV with --schema")
    p.add_argument("--calendar", required=True, help="calendar JSON (time zone, year, breaks, absences, ...)")
    p.add_argument("--rooms", default=None, help="rooms CSV/JSON (id, capacity)")
    p.add_argument("--template", default=None, help="programme template JSON")
    p.add_argument("--schema", default=None, help="schema JSON when --cohort is a questionnaire CSV")
    p.add_argument("--grouping", choices=("pairs", "groups"), default="pairs")
    p.add_argument("--method", choices=("auto", "exact", "heuristic"), default="auto")
    p.add_argument("--time-limit", type=float, default=None)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--sequence-log", default=None,
                   help="JSON log of earlier exports: SEQUENCE goes up for meetings changed since")
    p.add_argument("--out", required=True)
    p.set_defaults(func=run)


def _cohort(path: str, schema: Any) -> Any:
    if schema is None:
        return path
    import nastavnik as nk

    return nk.Cohort.from_csv(path, nk.Schema.from_json(Path(schema).read_text(encoding="utf-8-sig")))


def write_outputs(s: Schedule, out: Path, sequence_log: Any = None) -> list[str]:
    """Write meetings.csv, unscheduled.csv, schedule.json, ics/person/*.ics, ics/room/*.ics.

    With ``sequence_log`` (a path) both iCalendar exports read and update that log, so a
    meeting changed since the logged export gets the same bumped ``SEQUENCE`` in every file."""
    out.mkdir(parents=True, exist_ok=True)
    s.to_csv(out / "meetings.csv")
    s.unscheduled_to_csv(out / "unscheduled.csv")
    (out / "schedule.json").write_text(s.to_json(), encoding="utf-8")
    people = s.to_ics(out / "ics" / "person", per="person", sequence_log=sequence_log)
    rooms = s.to_ics(out / "ics" / "room", per="room", sequence_log=sequence_log)
    return ["meetings.csv", "unscheduled.csv", "schedule.json",
            f"ics/person/ ({len(people)} files)", f"ics/room/ ({len(rooms)} files)"]


def summary_lines(s: Schedule) -> list[str]:
    """A few lines for the terminal."""
    return [f"  meetings: {len(s)}",
            f"  units scheduled: {s.n_scheduled_units} of {s.n_units}",
            f"  unscheduled: {len(s.unscheduled_records())}, below target: {len(s.shortfalls)}",
            f"  excluded without consent: {s.n_excluded_people} people",
            f"  status: {s.status}"]


def run(args: argparse.Namespace) -> int:
    """Run the ``schedule`` subcommand."""
    s = schedule(args.pairs, _cohort(args.cohort, args.schema), args.calendar, args.rooms, args.template,
                 grouping=args.grouping, method=args.method, time_limit=args.time_limit, threads=args.threads)
    out = Path(args.out)
    files = write_outputs(s, out, args.sequence_log)
    for line in summary_lines(s):
        print(line)
    print(f"outputs in {out}/: " + ", ".join(files))
    return 0


def demo_step(cohort: Any, out: Path, sample_dir: Path) -> Schedule:
    """The demo's schedule step: schedule ``out/pairs.csv`` with the bundled calendar and rooms,
    write the outputs into ``out/`` and add a schedule section to ``out/report.html``."""
    from . import report

    s = schedule(out / "pairs.csv", cohort, sample_dir / "calendar.json", sample_dir / "rooms.csv",
                 time_limit=30.0)
    files = write_outputs(s, out)
    if (out / "report.html").exists():
        report.add_section(out / "report.html", report.schedule_section(s))
    print("schedule:")
    for line in summary_lines(s):
        print(line)
    print("  files: " + ", ".join(files))
    return s
