"""Run-time docstrings from one source: the type stub ``_nastavnik.pyi``.

The stub holds the full numpy-style documentation of every binding. At import, the package
gives each compiled function, class, method and property exactly that docstring, so ``help()``
and ``?`` in Jupyter show the same text as an IDE reading the stub. Functions are wrapped in a
thin Python function (``__wrapped__`` keeps the compiled one and its signature); class docstrings
are set in place; methods and properties are replaced by thin wrappers carrying the docstring.
``tests/python/test_docs.py`` checks that every public name has its stub docstring at run time.
"""

from __future__ import annotations

import ast
import functools
import inspect
import types
from pathlib import Path
from typing import Any

_STUB = Path(__file__).with_name("_nastavnik.pyi")


def stub_docs() -> dict[str, str]:
    """Docstrings of the stub: ``name`` for functions and classes, ``Class.member`` for members."""
    tree = ast.parse(_STUB.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node)
            if doc:
                out[node.name] = doc
        if isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef):
                    doc = ast.get_docstring(sub)
                    if doc:
                        out[f"{node.name}.{sub.name}"] = doc
    return out


def _wrap_function(fn: Any, doc: str) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    wrapper.__doc__ = doc
    return wrapper


def _wrap_member(cls: type, name: str, doc: str) -> None:
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, (types.GetSetDescriptorType, types.MemberDescriptorType, property)):
        getter = raw.__get__
        setattr(cls, name, property(lambda self, _g=getter: _g(self, type(self)), doc=doc))
    elif isinstance(raw, staticmethod):
        setattr(cls, name, staticmethod(_wrap_function(raw.__func__, doc)))
    elif isinstance(raw, (classmethod, types.ClassMethodDescriptorType)):
        bound = getattr(cls, name)
        setattr(cls, name, staticmethod(_wrap_function(bound, doc)))
    elif isinstance(raw, (types.MethodDescriptorType, types.FunctionType)):
        setattr(cls, name, _wrap_function(raw, doc))


def attach(namespace: dict[str, Any], ext: types.ModuleType) -> None:
    """Give the compiled names in ``namespace`` (from ``ext``) their stub docstrings."""
    docs = stub_docs()
    for name, obj in list(namespace.items()):
        doc = docs.get(name)
        if doc is None or getattr(ext, name, None) is not obj:
            continue
        if isinstance(obj, type):
            try:
                obj.__doc__ = doc
            except (AttributeError, TypeError):  # an immutable type: keep the compiled doc
                continue
            for key, member_doc in docs.items():
                cls_name, _, member = key.partition(".")
                if cls_name != name or not member or member.startswith("__"):
                    continue
                try:
                    _wrap_member(obj, member, member_doc)
                except (AttributeError, TypeError):
                    continue
        elif isinstance(obj, types.BuiltinFunctionType):
            namespace[name] = _wrap_function(obj, doc)
