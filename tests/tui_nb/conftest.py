"""The bokmål tests' fixtures: the same fixed world as tests/tui (tests/tui_support.py), in a
process that speaks bokmål (tests/conftest.py collects this folder only then)."""

from tui_support import frozen, store

__all__ = ["frozen", "store"]
