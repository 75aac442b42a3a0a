"""The hand-written stubs match the extension, and every docstring example runs."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import nastavnik
import nastavnik._nastavnik as ext
import pytest


def test_stubtest_clean():
    allow = Path(__file__).with_name("stubtest_allowlist.txt")
    r = subprocess.run([sys.executable, "-m", "mypy.stubtest", "nastavnik._nastavnik",
                        "--allowlist", str(allow)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def _stub_docs() -> dict[str, str]:
    import ast
    from pathlib import Path

    src = Path(nastavnik.__file__).with_name("_nastavnik.pyi").read_text(encoding="utf-8")
    out = {}
    for node in ast.parse(src).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node)
            if doc:
                out[node.name] = doc
    return out


def test_every_public_name_is_documented_in_the_stub():
    docs = _stub_docs()
    missing = [n for n in nastavnik.__all__ if n != "__version__" and hasattr(ext, n) and n not in docs]
    assert not missing, missing


def test_stub_examples_run():
    failures = 0
    for name, doc in _stub_docs().items():
        test = doctest.DocTestParser().get_doctest(doc, {"nk": nastavnik}, name, "_nastavnik.pyi", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        failures += runner.failures
    assert failures == 0


@pytest.mark.parametrize("module", ["nastavnik", "nastavnik.frames"])
def test_python_docstring_examples_run(module):
    import importlib

    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
