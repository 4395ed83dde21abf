"""Importing a library as if one of its optional dependencies weren't installed."""

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
