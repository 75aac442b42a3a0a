"""Shared fixtures: the bundled sample cohort and seeded random instances."""

from __future__ import annotations

from pathlib import Path

import nastavnik as nk
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample(sample_dir: Path) -> tuple[nk.Schema, nk.Cohort]:
    schema = nk.Schema.from_json((sample_dir / "schema.json").read_text(encoding="utf-8"))
    return schema, nk.Cohort.from_csv(str(sample_dir / "cohort.csv"), schema)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
