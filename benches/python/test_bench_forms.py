"""Importing a 10 000-row Google Forms export (CSV and XLSX) through a mapping: target < 1 s.

Anchor in the same run: ``pandas.read_csv`` of the same file (parsing only, no validation).
The import's answer is checked: every row is a person or a reported resubmission.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nastavnik as nk
import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_samples", ROOT / "data" / "forms" / "make_samples.py")
samples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(samples)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    d = tmp_path_factory.mktemp("forms")
    rows = samples.google_rows(seed=1, n_mentors=2500, n_mentees=7496)
    assert len(rows) == 10000
    (d / "big.csv").write_text(samples.to_csv(samples.GOOGLE_HEADERS, rows, ","), encoding="utf-8")
    samples.write_xlsx(d / "big.xlsx", samples.GOOGLE_HEADERS, rows)
    mapping, _ = nk.forms.draft_mapping(d / "big.csv")
    return d, mapping


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_import_10000_rows(benchmark, export, ext):
    d, mapping = export
    got = benchmark(nk.forms.read_form, d / f"big.{ext}", mapping)
    assert len(got.cohort) + len(got.superseded) == 10000


def test_anchor_pandas_read_csv(benchmark, export):
    pd = pytest.importorskip("pandas")
    d, _ = export
    df = benchmark(pd.read_csv, d / "big.csv", dtype=str)
    assert len(df) == 10000


def test_cli_match_10000_rows(benchmark, export, tmp_path):
    """The whole curator job on the 10 000-row export: import, score, optimal groups (capacity
    auto), top 3 reasons per pair, CSV/XLSX/HTML outputs. Checked: every mentee with an allowed
    mentor is matched (capacity auto seats everyone)."""
    import json

    from nastavnik.__main__ import main

    d, mapping = export
    (d / "m.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    args = ["match", "--schema", str(d / "m.json"), "--cohort", str(d / "big.csv"),
            "--out", str(tmp_path / "o"), "--no-progress"]
    assert benchmark.pedantic(main, args=(args,), rounds=1, iterations=1) == 0
    s = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert s["pairs"] == s["mentees"] - s["mentees_without_any_allowed_mentor"]
