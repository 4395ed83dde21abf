"""Small per-store preferences (the chosen theme, the worker's name, backups_kept), kept beside
the plans with the same care.

No file means the defaults. A file that can't be read (changed bytes, cut short, a value of
the wrong kind, sealed in a store that isn't open) is StoreDamaged like any store file: it
is never taken for the defaults, never written over, and never lets anything be deleted
(daily backups are not pruned while the number to keep can't be read). `recovery doctor`
reports it; `--repair` moves it aside.

The language is the one preference kept apart, plain even in an encrypted store: it is read
before the passphrase is asked for (core/i18n.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoverytui.core import text
from recoverytui.core.errors import InvalidInput, StoreDamaged
from recoverytui.core.i18n import LANGUAGE_FILE, LANGUAGES, _, normalise
from recoverytui.core.storage import (
    FileLock,
    check_unlocked,
    damaged,
    decode,
    make_private_dir,
    read_store_bytes,
    write_atomically,
    write_bytes_atomically,
)


def settings_path(home: Path) -> Path:
    return home / "settings.json"


def _worker(value: Any) -> bool:
    if value is None:
        return True
    try:  # as `recovery worker` saves it
        return isinstance(value, str) and text.clean(value, "", max_len=text.NAME_MAX) == value
    except InvalidInput:
        return False


def _kept(value: Any) -> bool:
    # A bool is an int to Python, and keeping none would make the backups silently stop.
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


# What each setting must be; other keys (a newer program's) are kept as they are.
SHAPE = {"theme": lambda value: isinstance(value, str), "worker": _worker, "backups_kept": _kept}


def load_settings(home: Path) -> dict[str, Any]:
    """The saved preferences ({} when none are saved); StoreDamaged if the file is there
    and can't be read."""
    path = settings_path(home)
    if not path.exists():
        return {}
    return read_settings(path)


def read_settings(path: Path) -> dict[str, Any]:
    """A settings file (the store's, or a copy of it in backups/), checked."""
    try:
        data = decode(read_store_bytes(path), path)
        if not isinstance(data, dict):
            raise damaged(path, _("it does not hold settings"))
        for key, fits in SHAPE.items():
            if key in data and not fits(data[key]):
                raise damaged(
                    path, _("{key} is not in the shape the program writes").format(key=key)
                )
    except StoreDamaged as error:
        reason = error.reason or str(error)
        raise StoreDamaged(
            _(
                "The settings file {file} can't be read: {reason}. It has been left exactly as "
                "it was, and nothing is taken for a default; `recovery doctor --repair` moves "
                "it aside."
            ).format(file=path, reason=reason),
            path=path,
            reason=reason,
        ) from None
    return data


def save_setting(home: Path, key: str, value: Any) -> None:
    """Set one preference; the others are kept. A file that can't be read is never written
    over: StoreDamaged, and nothing is changed."""
    if key in SHAPE and not SHAPE[key](value):  # never write what would read as damage
        raise InvalidInput(
            _("{value} is not a value {key} can take.").format(value=repr(value), key=key)
        )
    check_unlocked(home)
    make_private_dir(home)
    path = settings_path(home)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        data = load_settings(home)
        data[key] = value
        from recoverytui.core.backup import take_daily

        # Kept as it was once a day, like every store file: a repair puts it back, so the
        # number of backups to keep never falls to the default and prunes what it shouldn't.
        take_daily(home, path)
        write_atomically(path, data)


def save_language(home: Path, code: str | None) -> str | None:
    """Remember the store's language ('nb', 'en'; a locale name such as nb_NO will do), or
    forget it with None. Returns what is remembered now."""
    path = home / LANGUAGE_FILE
    if code is None:
        if not path.exists():
            return None  # nothing to forget, and no store folder made for it
        with FileLock(path.with_suffix(".lock"), exclusive=True):
            path.unlink(missing_ok=True)
        return None
    chosen = normalise(code)
    if chosen not in LANGUAGES:
        raise InvalidInput(
            _("{code} is not a language the program speaks: say nb or en.").format(code=repr(code))
        )
    make_private_dir(home)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        write_bytes_atomically(path, f"{chosen}\n".encode(), seal=False)
    return chosen
