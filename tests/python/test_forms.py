"""Form exports in, curator outputs out: every import format, the CLI end to end, pandas/Jupyter."""

from __future__ import annotations

import csv
import json
import pickle
import subprocess
import sys
from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest
from nastavnik import forms
from nastavnik.__main__ import main

FORMS = Path(__file__).resolve().parents[2] / "data" / "forms"


@pytest.fixture(scope="module")
def mapping():
    m, notes = forms.draft_mapping(FORMS / "google_export.csv")
    assert not [n for n in notes if "role" in n or "consent" in n]
    return m


@pytest.mark.parametrize("name", ["google_export.csv", "google_export.xlsx", "excel_cp1251.csv"])
def test_every_format_gives_the_same_cohort(mapping, name):
    ref = forms.read_form(FORMS / "google_export.csv", mapping)
    got = forms.read_form(FORMS / name, mapping)
    assert got.cohort == ref.cohort
    assert len(got.superseded) == 3 and len(got.collisions) == 1
    assert len(got.cohort.mentee_ids) + len(got.cohort.mentor_ids) == len(got.contacts)


def test_dataframe_path_is_the_same_parser(mapping):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(FORMS / "google_export.csv", dtype=str, keep_default_na=False)
    assert forms.read_form(df, mapping).cohort == forms.read_form(FORMS / "google_export.csv", mapping).cohort
    bad = pd.read_csv(FORMS / "bad_rows.csv", dtype=str, keep_default_na=False)
    with pytest.raises(nk.ParseError, match=r"DataFrame row 2, column 'Ваша роль'|DataFrame row 2, column \"Ваша роль\""):
        forms.read_form(bad, mapping)


def test_bad_rows_all_reported_with_lines(mapping):
    with pytest.raises(nk.ParseError) as e:
        forms.read_form(FORMS / "bad_rows.csv", mapping)
    msg = str(e.value)
    for line in ("line 4,", "line 7,", "line 9,", "line 11,"):
        assert line in msg, msg


def test_xlsx_errors_name_excel_rows(tmp_path, mapping):
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(csv.reader((FORMS / "google_export.csv").read_text(encoding="utf-8").splitlines()))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(rows[0])
    for r in rows[1:6]:
        ws.append(r)
    ws.cell(row=5, column=4, value="Директор")  # an unknown role in Excel row 5
    wb.save(tmp_path / "e.xlsx")
    with pytest.raises(nk.ParseError, match="row 5, column \"Ваша роль\""):
        forms.read_form(tmp_path / "e.xlsx", mapping)


def test_yandex_export(tmp_path):
    m, _ = forms.draft_mapping(FORMS / "yandex_export.csv")
    got = forms.read_form(FORMS / "yandex_export.csv", m)
    assert len(got.cohort) == 30 and len(got.superseded) == 1


def _cli(*args: str) -> int:
    return main(list(args))


def test_cli_schema_init_then_match_without_hand_edits(tmp_path, capsys):
    export = FORMS / "google_export.xlsx"
    assert _cli("schema", "init", "--from", str(export), "--out", str(tmp_path / "mapping.json")) == 0
    out = tmp_path / "out"
    assert _cli("match", "--schema", str(tmp_path / "mapping.json"), "--cohort", str(export),
                "--out", str(out), "--names") == 0
    files = {p.name for p in out.iterdir()}
    assert {"pairs.csv", "unmatched.csv", "report.html", "summary.json", "candidates.csv"} <= files
    raw = (out / "pairs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    pairs = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    unmatched = list(csv.DictReader((out / "unmatched.csv").read_text(encoding="utf-8-sig").splitlines(),
                                    delimiter=";"))
    assert pairs and all(p["причина 1"] for p in pairs)
    assert all(p["наставляемый_фио"] for p in pairs)
    page = (out / "report.html").read_text(encoding="utf-8")
    for p in pairs:
        assert p["наставляемый"] in page and p["наставник"] in page
    for u in unmatched:
        assert u["id"] in page and u["причина"] in page
    assert "<img" in page and "http" not in page.split("<body>")[1]  # offline: inline images only
    # Nobody without consent appears in any output, by id or by name.
    got = forms.read_form(export, json.loads((tmp_path / "mapping.json").read_text(encoding="utf-8")))
    excluded = got.cohort.without_consent
    assert excluded
    names = {r[2] for r in csv.reader((FORMS / "google_export.csv").read_text(encoding="utf-8").splitlines())
             if r[12] == "Нет"}
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir() if p.suffix in (".csv", ".html", ".json"))
    for pid in excluded:
        assert pid not in text
    for n in names:
        assert n not in text
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["excluded_without_consent"] == len(excluded)


@pytest.mark.parametrize("opts", [["--strategy", "greedy", "--one-to-one"], ["--strategy", "stable"],
                                  ["--strategy", "fair", "--reject-score", "0.2"]])
def test_cli_strategies(tmp_path, opts):
    assert _cli("schema", "init", "--from", str(FORMS / "yandex_export.csv"), "--out", str(tmp_path / "m.json")) == 0
    assert _cli("match", "--schema", str(tmp_path / "m.json"), "--cohort", str(FORMS / "yandex_export.csv"),
                "--out", str(tmp_path / "o"), *opts) == 0
    assert (tmp_path / "o" / "report.html").exists()


def test_cli_errors_are_one_message_not_a_traceback(tmp_path):
    (tmp_path / "s.json").write_bytes(nk.synthetic_cohort(5, 2)[0].to_json().encode("utf-8"))
    (tmp_path / "bad.csv").write_text("ID;Role\n;mentor\n", encoding="utf-8")
    (tmp_path / "cp.json").write_bytes('{"columns": [{"header": "Роль", "field": "role"}], "schema": {"questions": []}}'.encode("cp1251"))
    cases = [
        ["match", "--schema", str(tmp_path / "missing.json"), "--cohort", "x.csv"],
        ["match", "--schema", str(tmp_path / "s.json"), "--cohort", str(tmp_path / "bad.csv")],
        ["match", "--schema", str(tmp_path / "s.json"), "--cohort", str(tmp_path)],
        ["match", "--schema", str(tmp_path / "cp.json"), "--cohort", str(FORMS / "google_export.csv")],
        ["schema", "init", "--from", str(tmp_path / "nope.xlsx"), "--out", str(tmp_path / "m.json")],
    ]
    for args in cases:
        r = subprocess.run([sys.executable, "-m", "nastavnik", *args], check=False, capture_output=True, text=True)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.startswith("error: ") and "Traceback" not in r.stderr, r.stderr


def test_pickle_eq_pathlike_and_frames(tmp_path):
    schema, cohort = nk.synthetic_cohort(20, 6, seed=4)
    assert pickle.loads(pickle.dumps(schema)) == schema
    assert pickle.loads(pickle.dumps(cohort)) == cohort  # non-consenting people included
    spec = json.loads(schema.to_json())
    spec["questions"][0]["weight"] = spec["questions"][0].get("weight", 1.0) + 1.0
    assert nk.schema_from_dict(spec) != schema and nk.schema_from_dict(json.loads(schema.to_json())) == schema
    assert cohort != nk.synthetic_cohort(21, 6, seed=4)[1]
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    s = nk.Schema.from_json((sample / "schema.json").read_text(encoding="utf-8"))
    assert nk.Cohort.from_csv(sample / "cohort.csv", s) == nk.Cohort.from_csv(str(sample / "cohort.csv"), s)
    pytest.importorskip("pandas")
    m = nk.score(schema, cohort)
    a = nk.assign_groups(m.scores, max_load=m.mentor_capacity, reject_score=0.0)
    df = a.to_frame(m)
    assert len(df) == a.n_matched and set(df["mentee"]) <= set(m.mentee_ids)
    assert np.allclose(df["score"], [m.scores[m.mentee_ids.index(x), m.mentor_ids.index(y)]
                                     for x, y in zip(df["mentee"], df["mentor"])])
    assert list(m.to_frame().index) == m.mentee_ids
    cf = cohort.to_frame()
    assert set(cf.index) == set(cohort.mentee_ids) | set(cohort.mentor_ids)
    for obj in (cohort, m, a):
        h = obj._repr_html_()
        assert h.startswith("<div>") and "<table>" in h
    for pid in cohort.without_consent:
        assert pid not in cohort._repr_html_()


def test_cohort_from_frame_errors_name_rows():
    pd = pytest.importorskip("pandas")
    schema = nk.synthetic_cohort(3, 2)[0]
    df = pd.DataFrame({"ID": ["a", "b", "b"], "Role": ["mentor", "mentee", "pupil"], "age": [16, "x", 12]})
    with pytest.raises(nk.ParseError) as e:
        nk.frames.cohort_from_frame(df, schema)
    msg = str(e.value)
    assert "DataFrame row 1, column \"age\"" in msg and "DataFrame row 2" in msg and "duplicate id" in msg


def test_forms_notebook_runs(capsys):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    nb_path = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "forms.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    env: dict = {"__name__": "notebook"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(nb_path), "exec"), env)  # noqa: S102
    out = capsys.readouterr().out
    assert "pairs:" in out and "plots drawn" in out and "совпадение" in out


def test_cohort_from_records_errors_name_participant_and_field():
    recs = [{"id": "t1", "role": "mentor", "consent": True},
            {"id": "s1", "role": "mentee", "age": "twelve"}]
    with pytest.raises(nk.NastavnikError, match=r"record 1 \(id 's1'\): field 'age'"):
        nk.cohort_from_records(recs)
