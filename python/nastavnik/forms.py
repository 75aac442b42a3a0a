"""Form exports (Google Forms, Yandex Forms; CSV or XLSX) to cohorts through a mapping file.

All parsing happens in the Rust core (``nastavnik::io``): one table parser behind CSV, XLSX and
DataFrame input, so a file, its XLSX twin and the DataFrame read from it give the same cohort and
the same errors (with the row numbers of the input: CSV line, Excel row, DataFrame row).

Examples
--------
>>> import nastavnik as nk
>>> from nastavnik.forms import draft_mapping, read_form
>>> path = nk.forms.sample_path("google_export.csv")
>>> mapping, notes = draft_mapping(path)
>>> got = read_form(path, mapping)
>>> len(got.superseded), len(got.cohort) > 40
(3, True)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Union

from . import _nastavnik as _nk
from ._nastavnik import Cohort, Schema

PathLike = Union[str, "os.PathLike[str]"]


def sample_path(name: str = "google_export.xlsx") -> Path:
    """Path of a bundled sample export under ``data/forms`` (searched from the working directory
    and the package location).

    Parameters
    ----------
    name : str
        File name, e.g. ``"google_export.xlsx"``, ``"yandex_export.csv"``.

    Returns
    -------
    pathlib.Path
    """
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        cand = base / "data" / "forms" / name
        if cand.exists():
            return cand
    raise FileNotFoundError(f"bundled sample data/forms/{name} not found: run from the repository root")


def _text(path: PathLike) -> str:
    """Read a text file as UTF-8 (with or without BOM), falling back to Windows-1251."""
    raw = Path(os.fspath(path)).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251")


def _mapping_json(mapping: Any) -> str:
    """A mapping given as dict, JSON text or path, as JSON text."""
    if isinstance(mapping, Mapping):
        return json.dumps(mapping, ensure_ascii=False)
    if isinstance(mapping, os.PathLike) or (isinstance(mapping, str) and not mapping.lstrip().startswith("{")):
        return _text(mapping)
    if isinstance(mapping, str):
        return mapping
    raise TypeError(f"mapping must be a dict, JSON text or a path, got {type(mapping).__name__}")


def is_mapping(spec: Mapping[str, Any]) -> bool:
    """Whether a parsed JSON file is a form mapping (has ``columns``) rather than a bare schema."""
    return isinstance(spec, Mapping) and "columns" in spec and "schema" in spec


def draft_mapping(path: PathLike) -> tuple[dict, list[str]]:
    """Draft a mapping from an export's headers and values.

    Parameters
    ----------
    path : str or path-like
        A CSV (any encoding and separator) or XLSX export.

    Returns
    -------
    (dict, list of str)
        The mapping (``columns``, ``values``, ``likert``, ``separator``, ``unknown_consent``,
        ``schema``) and notes for the curator (ignored columns, unrecognised values).
    """
    text, notes = _nk.draft_form_mapping(os.fspath(path))
    return json.loads(text), list(notes)


def read_table(path: PathLike) -> "Any":
    """Read a CSV or XLSX export into a pandas DataFrame of text cells (index: file row numbers).

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    pandas.DataFrame
        ``attrs`` holds ``encoding`` and ``separator``.
    """
    import pandas as pd

    headers, rows, lines, encoding, sep = _nk.read_table(os.fspath(path))
    df = pd.DataFrame(rows, columns=headers, index=pd.Index(lines, name="row"), dtype=object)
    df.attrs.update(encoding=encoding, separator=sep, source=os.fspath(path))
    return df


@dataclass
class FormImport:
    """An imported form export: the cohort, its schema, and what the curator should know.

    Attributes
    ----------
    cohort : Cohort
        Participants (ids derived from e-mails or names; no names inside).
    schema : Schema
        The mapping's schema.
    contacts : list of dict
        ``id``, ``name``, ``email``, ``group``, ``line`` of consenting participants.
    superseded : list of dict
        Rows replaced by a later submission (``id``, ``line``, ``kept_line``).
    collisions : list of dict
        Shared e-mails or ids (``ids``, ``lines``, ``message``).
    warnings : list of dict
        Non-fatal problems (``line``, ``column``, ``message``, ``location``).
    """

    cohort: Cohort
    schema: Schema
    contacts: list = field(default_factory=list)
    superseded: list = field(default_factory=list)
    collisions: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def names(self) -> dict:
        """``id -> {"name", "email", "group"}`` for consenting participants."""
        return {c["id"]: c for c in self.contacts}

    def summary_lines(self) -> list[str]:
        """Human-readable lines on resubmissions, collisions and warnings (no names; ids of people
        without consent are not shown either, only their rows)."""
        out = [repr(self.cohort)]
        ok = {c["id"] for c in self.contacts}  # consenting people: others are never named

        def who(pid: str) -> str:
            return pid if pid in ok else "без согласия"

        for s in self.superseded:
            out.append(f"row {s['line']} replaced by the later answer in row {s['kept_line']} ({who(s['id'])})")
        for c in self.collisions:
            out.append(f"rows {c['lines']}: {c['message']} ({', '.join(who(i) for i in c['ids'])})")
        for w in self.warnings:
            loc = (w.get("location") or "") + (f", column {w['column']!r}" if w.get("column") else "")
            out.append(f"warning: {loc + ': ' if loc else ''}{w['message']}")
        return out

    def _repr_html_(self) -> str:
        from .frames import html_table

        rows = [[line] for line in self.summary_lines()[1:]]
        return (f"<div><b>{_esc(repr(self.cohort))}</b>"
                + (html_table(["notes"], rows) if rows else "") + "</div>")


def _esc(s: str) -> str:
    import html

    return html.escape(s)


def _import(result: tuple) -> FormImport:
    cohort, report, schema_json = result
    rep = json.loads(report)
    return FormImport(cohort=cohort, schema=Schema.from_json(schema_json), contacts=rep["contacts"],
                      superseded=rep["superseded"], collisions=rep["collisions"],
                      warnings=rep["warnings"])


def _cell(v: Any, sep: str) -> str:
    """A DataFrame cell as text: missing -> "", lists joined, integral floats without ``.0``."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return sep.join(str(x) for x in v)
    try:
        import math

        if isinstance(v, float):
            if math.isnan(v):
                return ""
            if v.is_integer():
                return str(int(v))
    except (TypeError, ValueError):  # pragma: no cover
        pass
    if hasattr(v, "item") and not isinstance(v, str):
        return _cell(v.item(), sep)
    s = str(v)
    return "" if s in ("nan", "NaT", "<NA>", "None") else s


def frame_rows(df: Any, sep: str) -> tuple[list[str], list[list[str]]]:
    """Headers and text rows of a DataFrame (the input of the core's table parser)."""
    headers = [str(c) for c in df.columns]
    rows = [[_cell(v, sep) for v in rec] for rec in df.itertuples(index=False, name=None)]
    return headers, rows


def read_form(source: Any, mapping: Any) -> FormImport:
    """Import a form export with a mapping.

    Parameters
    ----------
    source : str, path-like or pandas.DataFrame
        A CSV or XLSX export, or its DataFrame (errors then name DataFrame rows by position).
    mapping : dict, JSON text or path
        A mapping as written by ``python -m nastavnik schema init`` (see docs/schema.md).

    Returns
    -------
    FormImport

    Raises
    ------
    ParseError
        Listing every problem of the export with its row and column.
    """
    text = _mapping_json(mapping)
    if hasattr(source, "columns") and hasattr(source, "itertuples"):
        sep = json.loads(text).get("separator", ", ")
        headers, rows = frame_rows(source, sep)
        return _import(_nk.import_form_rows(headers, rows, text))
    return _import(_nk.import_form_file(os.fspath(source), text))
