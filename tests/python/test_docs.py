"""Run-time documentation equals the stub (one source) for every public name, including names
added later: the lists below are computed, not written down."""

from __future__ import annotations

import inspect
import types

import nastavnik as nk
import nastavnik._nastavnik as ext
import pytest
from nastavnik._docs import stub_docs

DOCS = stub_docs()
EXCEPTIONS = {
    n
    for n in dir(ext)
    if isinstance(getattr(ext, n), type) and issubclass(getattr(ext, n), BaseException)
}
PUBLIC_EXT = sorted(
    n
    for n in dir(ext)
    if not n.startswith("_")
    and n not in EXCEPTIONS
    and isinstance(getattr(ext, n), (type, types.BuiltinFunctionType))
)


@pytest.mark.parametrize("name", PUBLIC_EXT)
def test_every_binding_has_a_full_stub_docstring(name):
    assert name in DOCS, f"{name} has no docstring in _nastavnik.pyi"
    doc = DOCS[name]
    if isinstance(getattr(ext, name), types.BuiltinFunctionType):
        # functions: numpy-style sections
        assert "Parameters" in doc or "Returns" in doc, f"{name}: no Parameters/Returns section"


@pytest.mark.parametrize("name", [n for n in nk.__all__ if n in DOCS])
def test_runtime_docstring_equals_stub(name):
    obj = getattr(nk, name)
    assert inspect.getdoc(obj) == DOCS[name]


@pytest.mark.parametrize(
    "key", sorted(k for k in DOCS if "." in k and not k.split(".")[1].startswith("__"))
)
def test_runtime_member_docstring_equals_stub(key):
    cls_name, member = key.split(".")
    cls = getattr(nk, cls_name, None) or getattr(ext, cls_name)
    assert inspect.getdoc(getattr(cls, member)) == DOCS[key]


@pytest.mark.parametrize("name", [n for n in nk.__all__ if n not in DOCS])
def test_pure_python_names_are_documented(name):
    obj = getattr(nk, name)
    if isinstance(obj, str) or (isinstance(obj, type) and issubclass(obj, BaseException)):
        return
    assert inspect.getdoc(obj), f"{name} has no docstring"


def test_wrappers_keep_signatures_and_behaviour():
    sig = inspect.signature(nk.stable_matching)
    assert (
        "threads" in sig.parameters
        and sig.parameters["threads"].kind is inspect.Parameter.KEYWORD_ONLY
    )
    assert nk.stable_matching.__wrapped__ is ext.stable_matching
    with pytest.raises(nk.InvalidValueError):
        nk.stable_matching([[1]], [[1]], proposer="nobody")



@pytest.mark.parametrize(
    "name", [n for n in PUBLIC_EXT if isinstance(getattr(ext, n), type) and n in nk.__all__]
)
def test_every_public_member_of_an_exported_class_has_its_stub_docstring(name):
    # members missing from the stub would escape the member equality test above
    cls = getattr(ext, name)
    missing = [m for m in vars(cls) if not m.startswith("_") and f"{name}.{m}" not in DOCS]
    assert not missing, f"{name}: members without a docstring in the stub: {missing}"
    for m in vars(cls):
        if not m.startswith("_"):
            assert inspect.getdoc(getattr(cls, m)) == DOCS[f"{name}.{m}"], f"{name}.{m}"
