"""Issue 12, the curator's and analyst's experience: DataFrame labels as ids, pickling and == on
every result class, CLI option validation and Ctrl-C, the default mentor capacity, progress bars,
CSV for cp1251 readers, unmatched reasons against an oracle, plots, the schema reference example,
and a Yandex «ID» (response number) column."""

from __future__ import annotations

import copy
import copyreg
import csv
import io
import json
import math
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest
from nastavnik import forms
from nastavnik.__main__ import main, mentor_capacities

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "data" / "forms"
pd = pytest.importorskip("pandas")


def _frame(rng: np.random.Generator, n: int, m: int, *, ties: bool = False, int_labels: bool = False):
    s = rng.integers(0, 3, size=(n, m)).astype(float) if ties else rng.random((n, m))
    if int_labels:
        rows, cols = [100 + i for i in range(n)], [7 * j for j in range(m)]
    else:
        rows = [f"ученик {i} 🙂" for i in rng.permutation(n)]
        cols = [f"наставник-{j}" for j in rng.permutation(m)]
    return pd.DataFrame(s, index=rows, columns=cols)


# --------------------------------------------------------------------------------------------
# 1. DataFrame labels become ids
# --------------------------------------------------------------------------------------------

SOLVERS = {
    "assign_lap": nk.assign_lap,
    "assign_groups": lambda x: nk.assign_groups(x, max_load=2, reject_score=-1.0),
    "assign_greedy": nk.assign_greedy,
    "assign_random": lambda x: nk.assign_random(x, seed=3),
    "assign_fair": lambda x: nk.assign_fair(x, objective="max_min", max_load=1),
    "stable_matching_from_scores": nk.stable_matching_from_scores,
    "solve(Problem)": lambda x: nk.solve(nk.Problem(x), nk.Strategy("lap")).assignment,
}


@pytest.mark.parametrize("name", sorted(SOLVERS))
@pytest.mark.parametrize("seed", range(4))
def test_dataframe_labels_become_ids(name, seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    df = _frame(rng, n, m, ties=seed % 2 == 0, int_labels=seed == 3)
    solve = SOLVERS[name]
    got, ref = solve(df), solve(df.to_numpy())
    # Same solution as on the bare array (the oracle), now labelled by the frame's axes.
    assert np.array_equal(got.mentor_of, ref.mentor_of)
    assert got.mentee_ids == [str(x) for x in df.index]
    assert got.mentor_ids == [str(x) for x in df.columns]
    out = got.to_frame(df.to_numpy())
    want = [(str(df.index[i]), str(df.columns[j])) for i, j in np.asarray(ref.pairs).reshape(-1, 2)]
    assert list(zip(out["mentee"], out["mentor"])) == want
    assert np.allclose(out["score"], [df.loc[_key(df.index, a), _key(df.columns, b)] for a, b in want])


def _key(axis, label: str):
    return next(x for x in axis if str(x) == label)


def test_dataframe_float32_and_blocking_pairs_and_ranks():
    rng = np.random.default_rng(7)
    df = _frame(rng, 6, 4).astype(np.float32)
    a = nk.assign_lap(df)
    assert a.mentee_ids == list(df.index)
    # blocking_pairs by id: the stable matching has none, a random one is checked against the
    # same pairs computed on the bare array (indices mapped to labels).
    s = nk.stable_matching_from_scores(df)
    assert nk.blocking_pairs(s, df, from_scores=True) == []
    r = nk.assign_random(df, seed=1)
    by_label = nk.blocking_pairs(r, df, from_scores=True)
    by_index = nk.blocking_pairs(nk.assign_random(df.to_numpy(), seed=1), df.to_numpy(), from_scores=True)
    assert by_label == [(df.index[i], df.columns[j]) for i, j in by_index]
    # A rank DataFrame (stable_matching) also labels the result.
    ranks = pd.DataFrame(np.argsort(np.argsort(-df.to_numpy(), axis=1), axis=1) + 1,
                         index=df.index, columns=df.columns)
    mranks = np.argsort(np.argsort(-df.to_numpy(), axis=0), axis=0) + 1  # mentees x mentors
    st = nk.stable_matching(ranks, mranks)
    assert st.mentee_ids == list(df.index) and st.mentor_ids == list(df.columns)


@pytest.mark.parametrize("axis", ["index", "columns"])
@pytest.mark.parametrize("call", [nk.assign_lap, nk.Problem, nk.stable_matching_from_scores,
                                  lambda x: nk.assign_groups(x, max_load=2, reject_score=-1.0)])
def test_duplicate_labels_are_a_value_error_naming_the_label(axis, call):
    df = pd.DataFrame(np.eye(3), index=["a", "b", "c"], columns=["x", "y", "z"])
    if axis == "index":
        df.index = ["a", "Ёжик", "Ёжик"]
    else:
        df.columns = ["x", "x", "z"]
    with pytest.raises(ValueError, match="Ёжик" if axis == "index" else "'x'|\"x\"") as e:
        call(df)
    assert isinstance(e.value, nk.DuplicateIdError)
    assert axis in str(e.value)


def test_dataframe_of_text_is_a_type_error():
    df = pd.DataFrame([["a", "b"]], index=["r"], columns=["x", "y"])
    with pytest.raises(TypeError):
        nk.assign_lap(df)


# --------------------------------------------------------------------------------------------
# 3. Pickling and == on every result class
# --------------------------------------------------------------------------------------------


def _results():
    schema, cohort = nk.synthetic_cohort(30, 10, seed=5)
    m = nk.score(schema, cohort)
    scorer = nk.Scorer(schema, cohort)
    rng = np.random.default_rng(1)
    s = rng.random((6, 6))
    prefs = {f"p{i}": [f"p{j}" for j in rng.permutation(6) if j != i] for i in range(6)}
    return {
        "Assignment (ids)": nk.assign_groups(m, max_load=m.mentor_capacity, reject_score=0.0),
        "Assignment (stable, NaN total)": nk.stable_matching_from_scores(m),
        "Assignment (plain)": nk.assign_lap(s),
        "PeerMatching": nk.pair_peers(s + s.T),
        "Solution": nk.solve(nk.Problem(m, reject_score=0.0), nk.Strategy("lap")),
        "Solution (stable)": nk.solve(nk.Problem(s), nk.Strategy("stable_from_scores")),
        "ScoreMatrix": m,
        "Candidates": scorer.top_k(3),
        "RoommatesResult": nk.stable_roommates(prefs, seed=2),
        "Strategy": nk.Strategy("random", seed=7),
        "Schema": schema,
        "Cohort": cohort,
    }


RESULT_NAMES = ["Assignment (ids)", "Assignment (stable, NaN total)", "Assignment (plain)",
                "PeerMatching", "Solution", "Solution (stable)", "ScoreMatrix", "Candidates",
                "RoommatesResult", "Strategy", "Schema", "Cohort"]


def test_every_result_class_is_covered():
    assert sorted(_results()) == sorted(RESULT_NAMES)


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_every_result_pickles_and_compares(name):
    obj = _results()[name]
    back = pickle.loads(pickle.dumps(obj))
    assert type(back) is type(obj)
    assert back == obj
    assert (back != obj) is False
    assert copy.deepcopy(obj) == obj
    assert repr(back) == repr(obj)
    assert obj != "something else"


def test_equality_sees_differences():
    s = np.random.default_rng(2).random((5, 5))
    a, b = nk.assign_lap(s), nk.assign_lap(s + np.eye(5) * 10)
    assert (a == b) == bool(np.array_equal(a.mentor_of, b.mentor_of) and a.total == b.total)
    assert nk.assign_lap(s) == nk.assign_lap(s)
    assert nk.assign_random(s, seed=1) != nk.assign_random(s, seed=1, reject_score=2.0)
    c1 = nk.synthetic_cohort(10, 3, seed=1)[1]
    c2 = nk.synthetic_cohort(10, 3, seed=2)[1]
    assert c1 != c2 and c1 == pickle.loads(pickle.dumps(c1))
    m1 = nk.score(*nk.synthetic_cohort(10, 3, seed=1))
    m2 = nk.score(*nk.synthetic_cohort(10, 3, seed=2))
    assert m1 != m2


def test_tampered_pickle_is_a_value_error():
    a = nk.assign_lap(np.eye(3))
    reduce = copyreg.dispatch_table[type(a)](a)
    rebuild, (state, e, m) = reduce[0], reduce[1]
    for pairs in ([(0, 5)], [(7, 0)]):  # outside the matrix
        with pytest.raises(ValueError):
            rebuild((state[0], state[1], pairs, *state[3:]), e, m)
    with pytest.raises(ValueError):
        rebuild((*state[:4], '{"status": "nonsense"}', *state[5:]), e, m)
    with pytest.raises(ValueError):
        rebuild(state, ["only one"], None)


def test_form_import_pickles_and_compares():
    mapping, _ = forms.draft_mapping(FORMS / "google_export.csv")
    got = forms.read_form(FORMS / "google_export.csv", mapping)
    assert pickle.loads(pickle.dumps(got)) == got


# --------------------------------------------------------------------------------------------
# 3. Path-like everywhere
# --------------------------------------------------------------------------------------------


def test_path_like_arguments(tmp_path):
    export = FORMS / "yandex_export.csv"
    mapping, _ = forms.draft_mapping(export)
    (tmp_path / "m.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    a = forms.read_form(export, tmp_path / "m.json")
    b = forms.read_form(str(export), str(tmp_path / "m.json"))
    assert a == b
    assert list(forms.read_table(export).columns) == list(forms.read_table(str(export)).columns)
    from nastavnik.__main__ import run_match

    s1 = run_match(a.schema, a.cohort, tmp_path / "o1", imported=a, progress=False)
    s2 = run_match(a.schema, a.cohort, str(tmp_path / "o2"), imported=a, progress=False)
    assert {k: v for k, v in s1.items()} == s2
    from nastavnik.__main__ import write_cohort_csv

    schema, cohort = nk.synthetic_cohort(8, 3, seed=2)
    write_cohort_csv(schema, cohort, str(tmp_path / "c1.csv"))
    write_cohort_csv(schema, cohort, tmp_path / "c2.csv")
    assert (tmp_path / "c1.csv").read_bytes() == (tmp_path / "c2.csv").read_bytes()
    hist = sorted((ROOT / "data" / "history").glob("*.json"))[0]
    from nastavnik._nastavnik import HistoricalCohort

    assert HistoricalCohort.read_json(hist).to_json() == HistoricalCohort.read_json(str(hist)).to_json()


# --------------------------------------------------------------------------------------------
# 2. The default mentor capacity and the demo
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_mentor_capacities_against_the_rule(seed):
    rng = np.random.default_rng(seed)
    schema, cohort = nk.synthetic_cohort(int(rng.integers(1, 60)), int(rng.integers(1, 20)), seed=seed)
    m = nk.score(schema, cohort)
    n_e, n_m = len(m.mentee_ids), len(m.mentor_ids)
    caps, _ = mentor_capacities(m, "auto")
    assert caps == [max(1, -(-n_e // n_m))] * n_m
    assert sum(caps) >= n_e and (caps[0] == 1 or sum(caps) - n_m < n_e)  # the smallest such
    assert mentor_capacities(m, "auto", from_input=True)[0] == list(m.mentor_capacity)
    assert mentor_capacities(m, "form")[0] == list(m.mentor_capacity)
    assert mentor_capacities(m, 4)[0] == [4] * n_m
    assert mentor_capacities(m, 4, groups=False)[0] == [1] * n_m


def test_demo_matches_everyone_who_has_an_allowed_mentor(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    n = summary["mentees"]
    assert summary["pairs"] == n - summary["mentees_without_any_allowed_mentor"]
    assert summary["pairs"] > 30 and "авто" in summary["capacity"]
    for step in ("1.", "form export", "report"):
        assert step in out
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "мест у наставника" in page


def test_makefile_demo_installs_only_the_demo_group():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo_rule = re.search(r"^demo:(.*)$", text, flags=re.M).group(1)
    assert "DEMO_STAMP" in demo_rule and "STAMP)" not in demo_rule.replace("DEMO_STAMP)", "").replace("EXT_STAMP)", "")
    groups = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]
    anchors = {"scipy", "networkx", "matching", "ortools", "lapx", "highspy", "pytest", "rustworkx"}
    assert not {re.split(r"[<>=\[ ]", d)[0] for d in groups["demo"]} & anchors


# --------------------------------------------------------------------------------------------
# 3. CLI options validated; 4. Ctrl-C and progress bars
# --------------------------------------------------------------------------------------------

BAD_OPTIONS = [
    ["--format", "pdf"],
    ["--format", "csv,docx"],
    ["--format", ""],
    ["--top", "0"],
    ["--top", "-3"],
    ["--top", "2**63"],
    ["--top", "abc"],
    ["--reject-score", "nan"],
    ["--reject-score", "inf"],
    ["--reject-score", "high"],
    ["--capacity", "0"],
    ["--capacity", "-1"],
    ["--capacity", "99999999999"],
    ["--capacity", "many"],
    ["--encoding", "koi8-r"],
    ["--strategy", "magic"],
    ["--no-such-option"],
]


@pytest.mark.parametrize("opts", BAD_OPTIONS, ids=" ".join)
def test_every_bad_cli_option_is_one_line_and_exit_2(tmp_path, opts):
    args = ["match", "--schema", str(FORMS / "x.json"), "--cohort", str(FORMS / "yandex_export.csv"),
            "--out", str(tmp_path / "o"), *opts]
    r = subprocess.run([sys.executable, "-m", "nastavnik", *args], capture_output=True, text=True,
                       check=False, cwd=ROOT)
    assert r.returncode == 2, r
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "o").exists()


def test_synth_sizes_validated_and_out_must_be_a_directory(tmp_path):
    for opts in (["--mentees", "-1"], ["--mentors", "2**64"], ["--seed", "-5"]):
        r = subprocess.run([sys.executable, "-m", "nastavnik", "synth", "--out", str(tmp_path), *opts],
                           capture_output=True, text=True, check=False, cwd=ROOT)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r
    f = tmp_path / "file.txt"
    f.write_text("x", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "nastavnik", "demo", "--out", str(f)],
                       capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "not a directory" in r.stderr


def _big_export(path: Path, n: int) -> None:
    """A Google-style export of `n` rows (the bundled generator)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_samples", FORMS / "make_samples.py")
    samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(samples)
    rows = samples.google_rows(seed=4, n_mentors=n // 4, n_mentees=n - n // 4 - 4)
    path.write_text(samples.to_csv(samples.GOOGLE_HEADERS, rows, ","), encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery to a child is POSIX-only")
def test_ctrl_c_interrupts_the_cli_cleanly(tmp_path):
    export = tmp_path / "big.csv"
    _big_export(export, 6000)
    assert main(["schema", "init", "--from", str(export), "--out", str(tmp_path / "m.json")]) == 0
    p = subprocess.Popen([sys.executable, "-m", "nastavnik", "match", "--schema", str(tmp_path / "m.json"),
                          "--cohort", str(export), "--out", str(tmp_path / "o"), "--no-progress",
                          "--capacity", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = p.stdout.readline()  # "cohort: ..." once the import is done and matching starts
    assert line.startswith("cohort"), (line, p.stderr.read() if p.poll() is not None else "")
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, (p.returncode, err)
    assert err.strip().splitlines()[-1] == "interrupted" and "Traceback" not in err


def test_progress_bars_can_be_turned_off(tmp_path, capsys):
    pytest.importorskip("tqdm")
    from nastavnik.__main__ import run_match

    got = forms.read_form(FORMS / "yandex_export.csv", forms.draft_mapping(FORMS / "yandex_export.csv")[0])
    run_match(got.schema, got.cohort, tmp_path / "a", imported=got, progress=False)
    assert capsys.readouterr().err == ""
    run_match(got.schema, got.cohort, tmp_path / "b", imported=got, progress=True)
    err = capsys.readouterr().err
    assert "match" in err and "reasons" in err
    scorer = nk.Scorer(got.schema, got.cohort)
    pairs = [(scorer.mentee_ids[0], scorer.mentor_ids[0])]
    df = nk.frames.explanations_to_frame(scorer, pairs, progress=False)
    assert capsys.readouterr().err == "" and set(df["mentee"]) == {pairs[0][0]}


# --------------------------------------------------------------------------------------------
# 7. CSV for cp1251 readers, unmatched reasons, the HTML report
# --------------------------------------------------------------------------------------------


def test_csv_for_cp1251_readers(tmp_path):
    mapping = tmp_path / "m.json"
    assert main(["schema", "init", "--from", str(FORMS / "google_export.xlsx"), "--out", str(mapping)]) == 0
    assert main(["match", "--schema", str(mapping), "--cohort", str(FORMS / "google_export.xlsx"),
                 "--out", str(tmp_path / "u"), "--names", "--no-progress"]) == 0
    assert main(["match", "--schema", str(mapping), "--cohort", str(FORMS / "google_export.xlsx"),
                 "--out", str(tmp_path / "w"), "--names", "--encoding", "cp1251", "--no-progress"]) == 0
    for name in ("pairs.csv", "unmatched.csv", "candidates.csv"):
        utf = (tmp_path / "u" / name).read_bytes()
        win = (tmp_path / "w" / name).read_bytes()
        assert utf.startswith(b"\xef\xbb\xbf") and not win.startswith(b"\xef\xbb\xbf")
        # A cp1251-expecting reader (old Excel, 1C; here csv and pandas told "cp1251") reads the
        # same table as a UTF-8 reader reads the default file.
        assert win.decode("cp1251") == utf.decode("utf-8-sig")
        a = pd.read_csv(io.BytesIO(win), sep=";", encoding="cp1251", dtype=str, keep_default_na=False)
        b = pd.read_csv(io.BytesIO(utf), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert a.equals(b) and len(a.columns) > 1
    header = next(csv.reader(io.StringIO((tmp_path / "w" / "pairs.csv").read_bytes().decode("cp1251")),
                             delimiter=";"))
    assert header[:2] == ["наставляемый", "наставляемый_фио"]


def test_cp1251_replaces_what_it_cannot_encode(tmp_path):
    from nastavnik.report import write_csv_bom

    write_csv_bom(tmp_path / "x.csv", ["имя"], [["Аня 🙂"]], encoding="cp1251")
    assert (tmp_path / "x.csv").read_bytes().decode("cp1251").splitlines() == ["имя", "Аня ?"]


def _reason_oracle(s, mentor_of, caps, reject):
    """Independent restatement of the documented reasons."""
    loads = np.zeros(s.shape[1], dtype=int)
    for j in mentor_of:
        if j >= 0:
            loads[j] += 1
    out = {}
    for i, j in enumerate(mentor_of):
        if j >= 0:
            continue
        ok = [k for k in range(s.shape[1]) if s[i, k] > -math.inf]
        if not ok:
            out[i] = "no_allowed_mentor"
        elif max(s[i, k] for k in ok) < reject:
            out[i] = "below_reject"
        elif all(loads[k] >= caps[k] for k in ok):
            out[i] = "capacity"
        else:
            out[i] = "not_chosen"
    return out


@pytest.mark.parametrize("seed", range(30))
def test_unmatched_reasons_against_an_oracle(seed):
    from nastavnik.report import _REASONS, unmatched_reasons

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 12)), int(rng.integers(1, 6))
    s = rng.integers(0, 4, size=(n, m)).astype(float) / 3
    s[rng.random((n, m)) < rng.random()] = -np.inf
    caps = rng.integers(1, 3, size=m).tolist()
    reject = float(rng.choice([0.0, 0.4, 0.7]))
    a = nk.assign_groups(s, max_load=caps, reject_score=reject)
    mentor_of = np.asarray(a.mentor_of)
    loads = np.bincount(mentor_of[mentor_of >= 0], minlength=m).tolist()
    got = unmatched_reasons(s, mentor_of, loads, caps, reject)
    assert got == _reason_oracle(s, mentor_of, caps, reject)
    assert set(got) == {i for i, j in enumerate(mentor_of) if j < 0}
    assert all(c in _REASONS for c in got.values())


def test_report_contains_every_pair_and_reason_and_no_non_consenting_name(tmp_path):
    mapping = tmp_path / "m.json"
    assert main(["schema", "init", "--from", str(FORMS / "google_export.csv"), "--out", str(mapping)]) == 0
    out = tmp_path / "o"
    # One-to-one with a reject score: all four kinds of unmatched reasons can occur.
    assert main(["match", "--schema", str(mapping), "--cohort", str(FORMS / "google_export.csv"),
                 "--out", str(out), "--names", "--one-to-one", "--reject-score", "0.3",
                 "--no-progress"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    pairs = list(csv.DictReader((out / "pairs.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    unmatched = list(csv.DictReader((out / "unmatched.csv").read_text(encoding="utf-8-sig").splitlines(),
                                    delimiter=";"))
    assert pairs and unmatched
    import html as _html

    for p in pairs:
        row = "".join(f"<td>{_html.escape(p[c])}</td>" for c in p)
        assert row in page, p
    for u in unmatched:
        assert u["причина"] and _html.escape(u["id"]) in page and _html.escape(u["причина"]) in page
    rows = list(csv.reader((FORMS / "google_export.csv").read_text(encoding="utf-8").splitlines()))
    refusing = {r[2] for r in rows[1:] if r[12] == "Нет"} | {r[1] for r in rows[1:] if r[12] == "Нет"}
    consenting = {r[2] for r in rows[1:] if r[12] == "Да"}
    assert refusing
    for f in out.iterdir():
        text = f.read_bytes().decode("utf-8-sig", errors="replace") if f.suffix != ".xlsx" else ""
        for name in refusing - consenting:
            assert name not in text, (f.name, name)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["pairs"] == len(pairs)


# --------------------------------------------------------------------------------------------
# 5. Plots (Agg) and 6. the schema reference's worked example
# --------------------------------------------------------------------------------------------


def test_plots_draw_what_they_are_given():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from nastavnik import plots

    rng = np.random.default_rng(0)
    s = rng.random((7, 4))
    s[0, 1] = -np.inf
    ax = plots.score_heatmap(s)
    img = ax.images[0].get_array()
    assert img.shape == (7, 4) and np.ma.is_masked(img[0, 1]) and img[2, 3] == pytest.approx(s[2, 3])
    m = nk.score(*nk.synthetic_cohort(12, 5, seed=1))
    assert plots.score_heatmap(m).images[0].get_array().shape == m.scores.shape
    big = rng.random((1000, 30))
    ax = plots.score_heatmap(big, max_cells=100)
    img = ax.images[0].get_array()
    assert img.shape == (100, 30) and "выборка" in ax.get_title()
    assert np.allclose(img[0], big[0]) and np.allclose(img[-1], big[-1])
    vals = [0.1, 0.5, 0.55, 0.9]
    ax = plots.chosen_scores(vals)
    assert sum(p.get_height() for p in ax.patches) == len(vals)
    ax = plots.mentor_load([0, 2, 2, 1, 0, 0])
    assert [p.get_height() for p in ax.patches] == [3, 1, 2]
    ax = plots.mentor_load([])
    assert [p.get_height() for p in ax.patches] == [0]
    import matplotlib.pyplot as plt

    plt.close("all")


def test_schema_reference_worked_example_runs(tmp_path):
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    example = text.split("## Worked example", 1)[1]
    mapping = json.loads(re.search(r"```json\n(.*?)```", example, flags=re.S).group(1))
    export = re.search(r"```csv\n(.*?)```", example, flags=re.S).group(1)
    (tmp_path / "export.csv").write_text(export, encoding="utf-8")
    got = forms.read_form(tmp_path / "export.csv", mapping)
    m = nk.score(got.schema, got.cohort)
    ids = {c["email"]: c["id"] for c in got.contacts}
    e, shy_m, outgoing = ids["shy@school.ru"], ids["calm@school.ru"], ids["loud@school.ru"]
    s = m.to_frame()
    # What the text claims: the shy mentee scores higher with the outgoing mentor.
    assert s.loc[e, outgoing] > s.loc[e, shy_m]
    # The synonym in "values" was applied and the non-consenting row is only counted.
    assert len(got.cohort.mentee_ids) == 1 and len(got.cohort.without_consent) == 1
    # Every question kind, comparator and rule named in the tables parses as documented.
    snippets = [x for x in re.findall(r"`(\{\"id\": [^`]*\})`", text) if "..." not in x]
    assert len(snippets) >= 3
    for snippet in snippets:
        nk.schema_from_dict({"questions": [json.loads(snippet)]})
    for comparator in re.findall(r"^\| `(\w+)`[^|]*\|", text.split("## Comparators", 1)[1].split("##", 1)[0], flags=re.M):
        q = {"id": "q", "type": "likert", "levels": 5, "comparator": {"type": comparator}}
        if comparator == "window":
            q["comparator"].update({"min": 0, "max": 2, "tolerance": 1})
        nk.schema_from_dict({"questions": [q]})
    rules = text.split("## Rules", 1)[1].split("##", 1)[0]
    for key in ("same_form", "compatible_mode", "default", "by_form", "forbidden", "required"):
        assert f"`{key}`" in rules


# --------------------------------------------------------------------------------------------
# 3. A Yandex export with its «ID» response-number column
# --------------------------------------------------------------------------------------------


def test_yandex_response_id_column_through_the_cli(tmp_path, capsys):
    rows = list(csv.reader((FORMS / "yandex_export.csv").read_text(encoding="utf-8-sig").splitlines(),
                           delimiter=";"))
    rng = np.random.default_rng(3)
    ids = rng.choice(10**9, size=len(rows) - 1, replace=False) + 10**6
    with_id = [["ID", *rows[0]]] + [[str(i), *r] for i, r in zip(ids, rows[1:])]
    export = tmp_path / "yandex_with_id.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows(with_id)
    assert main(["schema", "init", "--from", str(export), "--out", str(tmp_path / "m.json")]) == 0
    out = capsys.readouterr().out
    assert "response number" in out
    m = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert next(c for c in m["columns"] if c["header"] == "ID").get("field") is None
    ref_map, _ = forms.draft_mapping(FORMS / "yandex_export.csv")
    ref = forms.read_form(FORMS / "yandex_export.csv", ref_map)
    got = forms.read_form(export, m)
    assert got.cohort == ref.cohort and len(got.superseded) == len(ref.superseded) == 1
    # Forced as the person id: the resubmission is a warning naming the row and column.
    for c in m["columns"]:
        if c["header"] == "ID":
            c["field"] = "id"
    forced = forms.read_form(export, m)
    assert any(w["column"] == "ID" and "response number" in w["message"] for w in forced.warnings)


def test_cli_messages_never_show_ids_of_people_without_consent(tmp_path, capsys):
    mapping = tmp_path / "m.json"
    assert main(["schema", "init", "--from", str(FORMS / "google_export.csv"), "--out", str(mapping)]) == 0
    got = forms.read_form(FORMS / "google_export.csv", json.loads(mapping.read_text(encoding="utf-8")))
    # Make every resubmitting person refuse consent: their ids must not appear anywhere.
    rows = list(csv.reader((FORMS / "google_export.csv").read_text(encoding="utf-8").splitlines()))
    again = {rows[s["line"] - 1][1] for s in got.superseded}
    for r in rows[1:]:
        if r[1] in again:
            r[12] = "Нет"
    export = tmp_path / "e.csv"
    with export.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    refused = forms.read_form(export, json.loads(mapping.read_text(encoding="utf-8")))
    hidden = set(refused.cohort.without_consent)
    assert {s["id"] for s in refused.superseded} <= hidden and refused.superseded
    capsys.readouterr()
    assert main(["match", "--schema", str(mapping), "--cohort", str(export), "--out", str(tmp_path / "o"),
                 "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "без согласия" in printed
    for pid in hidden:
        assert pid not in printed


def test_demo_runs_without_pandas_tqdm_or_anchors(tmp_path):
    """`make demo` installs only the demo group: the demo must not need pandas, tqdm or scipy."""
    code = ("import sys\n"
            "for name in ('pandas', 'tqdm', 'scipy', 'networkx', 'ortools'):\n"
            "    sys.modules[name] = None  # import blocked\n"
            "from nastavnik.__main__ import main\n"
            "import nastavnik as nk, numpy as np\n"
            "assert nk.assign_lap(np.eye(2)).mentee_ids is None\n"
            f"sys.exit(main(['demo', '--out', {str(tmp_path)!r}]))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "report.html").exists() and "6. report" in r.stdout and "5. schedule" in r.stdout
