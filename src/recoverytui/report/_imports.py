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

    def __init__(self, package: str) -> None:
        self.package = package
        self.thread = threading.get_ident()

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] == self.package and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


@contextmanager
def without(package: str) -> Iterator[None]:
    """Within the block, this thread's imports of `package` (or any module in it) not yet
    imported fail as if it weren't installed; a library that treats it as optional goes on
    without it. Afterwards it imports as usual: a failed import leaves nothing behind."""
    finder = _Absent(package)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
