"""Fixtures shared by the CLI tests."""

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store in a folder that does not exist yet; no client preset by the shell."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(folder))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    monkeypatch.delenv("RECOVERY_DEBUG", raising=False)
    return folder


@pytest.fixture(autouse=True)
def _no_store_left_open():
    """An encrypted store opened by one test must not seal the next test's files."""
    from recoverytui.core import storage

    yield
    storage.use_sealer(None)
