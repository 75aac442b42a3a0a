"""The quickstart notebook's code cells run top to bottom."""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "quickstart.ipynb"


def test_quickstart_notebook_runs(capsys):
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    env: dict = {"__name__": "notebook"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(NOTEBOOK), "exec"), env)  # noqa: S102
    out = capsys.readouterr().out
    assert "optimal groups" in out and "blocking pairs: 0" in out
