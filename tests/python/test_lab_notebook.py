"""The strategy-lab notebook's code cells run top to bottom and print what they promise."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "strategy_lab.ipynb"


def test_strategy_lab_notebook_runs(capsys):
    matplotlib.use("Agg")
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    env: dict = {"__name__": "notebook"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(NOTEBOOK), "exec"), env)  # noqa: S102
    out = capsys.readouterr().out
    assert "12 cohorts" in out and "blocking pairs of stable: 0" in out
    assert env["err"] < 0.03  # fitted weights recover the truth
    assert "fitted weights max error" in out and "mentee_satisfaction" in out
    assert len(env["df"]) == 12 * 7 * 3
    import matplotlib.pyplot as plt

    plt.close("all")
