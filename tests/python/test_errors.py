"""Bad input raises ValueError/TypeError subclasses naming the row/column/id; never a panic."""

from __future__ import annotations

import nastavnik as nk
import numpy as np
import pytest


def test_exception_hierarchy():
    for cls in (nk.NonFiniteError, nk.ShapeError, nk.EmptyInputError, nk.DuplicateIdError,
                nk.UnknownIdError, nk.InvalidValueError, nk.InfeasibleError, nk.ParseError):
        assert issubclass(cls, nk.NastavnikError) and issubclass(cls, ValueError)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_features_name_the_cell(bad):
    a = np.ones((3, 4))
    a[2, 1] = bad
    with pytest.raises(nk.NonFiniteError, match=r"mentee features.*row 2, column 1"):
        nk.cosine(a, np.ones((2, 4)))
    with pytest.raises(nk.NonFiniteError, match=r"mentor features.*row 2, column 1"):
        nk.top_k(np.ones((2, 4)), a, 1)


def test_shape_and_empty_errors():
    with pytest.raises(nk.ShapeError):
        nk.dot(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(nk.EmptyInputError):
        nk.cosine(np.ones((0, 3)), np.ones((2, 3)))
    with pytest.raises(TypeError):
        nk.cosine(np.ones(3), np.ones((2, 3)))  # 1-D
    with pytest.raises(TypeError):
        nk.cosine(np.array([["a", "b"]]), np.ones((1, 2)))
    with pytest.raises(TypeError):
        nk.cosine(np.ones((2, 2), dtype=complex), np.ones((2, 2)))
    with pytest.raises(nk.ShapeError):
        nk.rbf(np.ones((2, 3)), np.ones((2, 3)), weights=[1.0])
    with pytest.raises(nk.InvalidValueError, match="gamma"):
        nk.rbf(np.ones((2, 3)), np.ones((2, 3)), gamma=-1.0)
    with pytest.raises(nk.InvalidValueError, match="k"):
        nk.top_k(np.ones((2, 3)), np.ones((2, 3)), 0)
    with pytest.raises(nk.InvalidValueError, match="k must be"):  # not OverflowError
        nk.top_k(np.ones((2, 3)), np.ones((2, 3)), -1)
    with pytest.raises(nk.InvalidValueError, match="row 0, column 1"):
        nk.jaccard(np.array([[1, 2]]), np.array([[1, 0]]))
    with pytest.raises(nk.InvalidValueError, match="kernel"):
        nk.top_k(np.ones((2, 3)), np.ones((2, 3)), 1, kernel="manhattan")


def test_cohort_errors_name_ids():
    with pytest.raises(nk.DuplicateIdError, match=r'"a".*rows 0 and 1'):
        nk.cohort_from_records([{"id": "a", "role": "mentor"}, {"id": "a", "role": "mentee"}])
    with pytest.raises(nk.ParseError):
        nk.cohort_from_records([{"id": "a", "role": "teacher"}])
    with pytest.raises(nk.ParseError):
        nk.Cohort.from_json("{not json")
    schema, cohort = nk.synthetic_cohort(10, 5, seed=1)
    s = nk.Scorer(schema, cohort)
    with pytest.raises(nk.UnknownIdError, match="ghost"):
        s.explain("ghost", s.mentor_ids[0])
    with pytest.raises(nk.EmptyInputError, match="mentees"):
        nk.Scorer(schema, nk.cohort_from_records([{"id": "m", "role": "mentor", "consent": True}]))


def test_schema_errors():
    with pytest.raises(nk.InvalidValueError, match='"g"'):
        nk.schema_from_dict({"questions": [{"id": "g", "type": "categorical", "options": ["a"],
                                             "comparator": {"type": "complementarity"}}]})
    with pytest.raises(nk.DuplicateIdError):
        nk.schema_from_dict({"questions": [{"id": "x", "type": "likert", "levels": 5}] * 2})
    with pytest.raises(nk.ParseError, match="line"):
        nk.Schema.from_json('{"questions": [{"id": 1}]}')
    schema = nk.schema_from_dict({"questions": [{"id": "g", "type": "categorical", "options": ["a"]}],
                                  "rules": {"forbidden": [["e", "nobody"]]}})
    cohort = nk.cohort_from_records([{"id": "e", "role": "mentee", "consent": True},
                                     {"id": "m", "role": "mentor", "consent": True}])
    with pytest.raises(nk.UnknownIdError, match="nobody"):
        nk.Scorer(schema, cohort)
    bad_answer = nk.cohort_from_records([
        {"id": "e", "role": "mentee", "consent": True, "answers": {"g": "zzz"}},
        {"id": "m", "role": "mentor", "consent": True}])
    with pytest.raises(nk.InvalidValueError, match=r'"e".*"g"'):
        nk.Scorer(nk.schema_from_dict({"questions": [{"id": "g", "type": "categorical", "options": ["a"]}]}),
                  bad_answer)


def test_csv_errors(tmp_path, sample):
    schema, _ = sample
    p = tmp_path / "c.csv"
    p.write_text("id,role,age\nx,mentor,old\n", encoding="utf-8")
    with pytest.raises(nk.ParseError, match=r'line 2, column "age"'):
        nk.Cohort.from_csv(str(p), schema)
    with pytest.raises(OSError):
        nk.Cohort.from_csv(str(tmp_path / "missing.csv"), schema)


def test_candidates_constructor_errors():
    with pytest.raises(nk.InvalidValueError, match="twice"):
        nk.Candidates(3, [0, 2], [1, 1], [0.5, 0.5])
    with pytest.raises(nk.InvalidValueError, match=">= 0"):
        nk.Candidates(3, [0, 1], [-1], [0.5])
    with pytest.raises(nk.NonFiniteError):
        nk.Candidates(3, [0, 1], [1], [float("nan")])
