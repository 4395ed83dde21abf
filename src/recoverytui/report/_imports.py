"""Importing a library without what only its features we never use need."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType


class _Absent(importlib.abc.MetaPathFinder):
    """Says a package isn't there, to imports made by one thread, while installed."""

    def __init__(self, packages: tuple[str, ...]) -> None:
        self.packages = packages
        self.thread = threading.get_ident()

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.packages and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


@contextmanager
def without(*packages: str) -> Iterator[None]:
    """Within the block, this thread's imports of `packages` (or any module in them) not yet
    imported fail as if they weren't installed; a library that treats them as optional goes
    on without them. Afterwards they import as usual: a failed import leaves nothing behind."""
    finder = _Absent(packages)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


@contextmanager
def standing_in(name: str, **attributes: object) -> Iterator[None]:
    """Within the block, importing the module `name`, unless it is imported already, gives a
    bare module with just `attributes`, and none of the modules the real one would import:
    for a library that imports at its top what only a feature we never use needs.
    Afterwards `name` imports as usual; what imported the stand-in keeps it. Unlike
    without(), this holds for every thread while the block runs."""
    if name in sys.modules:
        yield
        return
    stand_in = ModuleType(name)
    stand_in.__dict__.update(attributes)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
