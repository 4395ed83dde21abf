"""Small per-store preferences (the chosen theme, backups_kept), kept beside the plans with care."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recoverytui.core.errors import PlanError
from recoverytui.core.storage import (
    FileLock,
    check_unlocked,
    make_private_dir,
    read_bytes,
    write_atomically,
)


def settings_path(home: Path) -> Path:
    return home / "settings.json"


def load_settings(home: Path) -> dict[str, Any]:
    """The saved preferences; a missing or unreadable file just means the defaults."""
    try:
        data = json.loads(read_bytes(settings_path(home)))
    except (OSError, ValueError, PlanError):  # PlanError: sealed, and the store is locked
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(home: Path, key: str, value: Any) -> None:
    check_unlocked(home)
    make_private_dir(home)
    path = settings_path(home)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        data = load_settings(home)
        data[key] = value
        write_atomically(path, data)
