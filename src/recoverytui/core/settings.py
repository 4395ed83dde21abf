"""Small per-store preferences (the chosen theme, backups_kept), kept beside the plans with care."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recoverytui.core.storage import FileLock, make_private_dir, write_atomically


def settings_path(home: Path) -> Path:
    return home / "settings.json"


def load_settings(home: Path) -> dict[str, Any]:
    """The saved preferences; a missing or unreadable file just means the defaults."""
    try:
        data = json.loads(settings_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(home: Path, key: str, value: Any) -> None:
    make_private_dir(home)
    path = settings_path(home)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        data = load_settings(home)
        data[key] = value
        write_atomically(path, data)
