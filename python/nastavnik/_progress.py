"""Progress bars (tqdm, optional) for long Python-level loops; ``enabled=False`` turns them off.

Examples
--------
>>> from nastavnik._progress import progress
>>> sum(progress(range(3), enabled=False))
3
"""

from __future__ import annotations

import sys
from typing import Any, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")


def auto(enabled: Optional[bool]) -> bool:
    """``None`` means: show bars when stderr is a terminal (not in pipes, logs or tests)."""
    if enabled is None:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())
    return bool(enabled)


def progress(items: Iterable[T], *, total: Optional[int] = None, desc: str = "",
             enabled: Optional[bool] = True, unit: str = "it") -> Iterator[T]:
    """Iterate over ``items`` with a tqdm bar on stderr when enabled and tqdm is installed.

    Parameters
    ----------
    items : iterable
    total : int, optional
        Length when ``items`` has none.
    desc, unit : str
        Bar label and unit.
    enabled : bool or None
        False: no bar; None: only when stderr is a terminal.
    """
    if not auto(enabled):
        return iter(items)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return iter(items)
    bar: Any = tqdm(items, total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)
    return iter(bar)
