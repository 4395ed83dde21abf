"""One JSON file on disk, read and written safely, seen by TinyDB as its storage.

A `PlanFile` is opened for one transaction: it takes an inter-process lock, reads the file
once, lets TinyDB work on the data in memory, and on commit writes it back atomically
(temp file in the same folder, fsync, os.replace, fsync of the folder). If the transaction
raises, nothing is written. A file that can't be read as a plan is refused and left exactly
as it was: plain TinyDB would treat an empty file as a fresh start and lose the plan.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from recoverytui.core.errors import PlanError, StoreBusy, StoreDamaged, StoreLocked
from recoverytui.core.i18n import _
from recoverytui.core.schema import first_problem

SCHEMA_VERSION = 1
LOCK_WAIT_SECONDS = 15.0
# Three years of weekly check-ins with their history come to a few MiB; a file far larger
# than that is not a plan, and reading it whole could exhaust the laptop's memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class StoreWriteFailed(PlanError):
    """The disk refused a write (full, read-only, over quota). The old file is untouched."""


class Sealer:
    """What encryption at rest needs from this module; see core/crypto.py."""

    def seal(self, payload: bytes, path: Path) -> bytes:  # pragma: no cover - interface
        """`payload` sealed with the store's key; bytes sealed with it already, unchanged."""
        raise NotImplementedError

    def open(self, blob: bytes, path: Path) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[object]:
        """Held from sealing a file to replacing it: no change of key happens meanwhile."""
        return nullcontext()


# The one plain file of an encrypted store (core/crypto.py).
KEY_FILE = "key.json"
# Encrypted files begin with this; no JSON document can.
SEALED_MAGIC = b"RTUIenc\x01"
# The unlocked store's key, set by crypto.unlock(); None for a store without encryption.
_sealer: Sealer | None = None


def use_sealer(sealer: Sealer | None) -> None:
    """From now on, every file this process writes is sealed with `sealer` (None: plain)."""
    global _sealer
    _sealer = sealer


def sealer() -> Sealer | None:
    """The open store's key, if this process has opened an encrypted store."""
    return _sealer


def is_open() -> bool:
    """Whether this process has opened an encrypted store."""
    return _sealer is not None


def is_encrypted(home: Path) -> bool:
    """Whether the store in `home` has encryption turned on (its key file is there)."""
    return (home / KEY_FILE).is_file()


def check_unlocked(home: Path) -> None:
    """Refuse to work on an encrypted store that this process has not opened: it would
    read nothing and could write plain text beside the sealed files."""
    if _sealer is None and is_encrypted(home):
        raise StoreLocked(
            _("The store in {home} is encrypted. Open it with its passphrase first.").format(
                home=home
            )
        )


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(SEALED_MAGIC)


def unseal(raw: bytes, path: Path) -> bytes:
    """The plain bytes of a file as read from disk; StoreDamaged if it is sealed and the
    store is not open (or the bytes were changed)."""
    if not is_sealed(raw):
        return raw
    if _sealer is None:
        raise StoreDamaged(
            _(
                "The file {file} is encrypted, and the store has not been opened with its "
                "passphrase. It has been left as it is."
            ).format(file=path)
        )
    return _sealer.open(raw, path)


def read_bytes(path: Path) -> bytes:
    """A store file's plain bytes, refusing one far larger than any plan before reading it."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise StoreDamaged(
                _(
                    "The file {file} is {size} MiB, far larger than any plan; it has not been "
                    "read and has been left as it is."
                ).format(file=path, size=size // (1024 * 1024))
            )
        raw = handle.read()
    return unseal(raw, path)


def make_private_dir(path: Path) -> None:
    """Create a folder only its owner can enter (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


class FileLock:
    """An exclusive or shared flock on a side file, so the lock survives os.replace of the data."""

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self.exclusive = exclusive
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StoreBusy(
                        _(
                            "Another program is still writing to {file}; try again in a moment."
                        ).format(file=self.path.with_suffix(".json").name)
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def read_plan_file(path: Path) -> dict[str, Any]:
    """Read and check a store file; raise StoreDamaged, touching nothing, if it isn't one."""
    return parse_plan(read_store_bytes(path), path)


def read_store_bytes(path: Path) -> bytes:
    """A store file's plain bytes; StoreDamaged, touching nothing, if it can't be read."""
    try:
        return read_bytes(path)
    except FileNotFoundError:
        raise StoreDamaged(
            _("The file {file} is missing from the store.").format(file=path)
        ) from None
    except OSError as error:
        raise StoreDamaged(
            _("The file {file} can't be read ({reason}). It has been left as it is.").format(
                file=path, reason=error.strerror
            )
        ) from None


def parse_plan(raw: bytes, path: Path) -> dict[str, Any]:
    """The checked data of a store file's bytes; StoreDamaged if they aren't a plan."""
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except ValueError:  # not JSON, not UTF-8, or NaN / Infinity, which JSON doesn't have
        data = None
        reason = _("it is empty") if not raw.strip() else _("it is not valid JSON")
    else:
        reason = _("it does not hold recoverytui data")
    if isinstance(data, dict) and _tables_ok(data):
        schema = _schema_of(data)
        if schema is None:
            reason = _("it has no schema version")
        elif schema > SCHEMA_VERSION:
            raise StoreDamaged(
                _(
                    "The file {file} was written by a newer recoverytui (schema {schema}). "
                    "Please update the program; the file has been left as it is."
                ).format(file=path, schema=schema)
            )
        elif where := first_problem(data):
            reason = _("{where} is not in the shape the program writes").format(where=where)
        else:
            return data
    raise StoreDamaged(
        _(
            "The file {file} can't be read: {reason}. It has been left exactly as it was; "
            "restore it from a backup."
        ).format(file=path, reason=reason)
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _tables_ok(data: dict[str, Any]) -> bool:
    return all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )


def _schema_of(data: dict[str, Any]) -> int | None:
    for doc in data.get("meta", {}).values():
        schema = doc.get("schema")
        if isinstance(schema, int):
            return schema
    return None


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Replace the file in one step; a crash leaves either the old or the new content.

    The caller holds the exclusive lock, so a fixed temp name is safe, and a temp file left
    by a killed writer is simply overwritten next time.
    """
    # Compact UTF-8: a plan of three years is half a MiB, read and written whole.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    write_bytes_atomically(path, payload.encode())


def write_bytes_atomically(path: Path, payload: bytes, *, seal: bool = True) -> None:
    """write_atomically for bytes already made: a backup copy, a restored file.

    In an encrypted store the bytes are sealed before they reach the disk, temp file
    included; bytes already sealed with the store's key (a copy of a sealed file) are
    written as they are, and bytes sealed with a key a change of passphrase retired are
    sealed again with the new one. `seal=False` is for the key file only. If the disk
    refuses the write, the temp file is removed and the old file is left as it was."""
    sealer = _sealer if seal else None
    if sealer is None:
        _replace(path, payload)
        return
    with sealer.writing():
        _replace(path, sealer.seal(payload, path))


def _replace(path: Path, payload: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, 0o600)  # a stale temp file may have been left with wider permissions
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise StoreWriteFailed(
            _(
                "{file} could not be saved ({reason}). Nothing was changed; the file is as it "
                "was before."
            ).format(file=path, reason=error.strerror or type(error).__name__)
        ) from None
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def new_plan_data() -> dict[str, Any]:
    return {"meta": {"1": {"schema": SCHEMA_VERSION, "counters": {}}}}


class PlanFile(Storage):
    """TinyDB storage over one locked file: reads once, writes on commit only."""

    def __init__(
        self,
        path: Path,
        *,
        write: bool,
        on_missing: Callable[[], dict[str, Any]] | None = None,
        before_write: Callable[[Path], None] | None = None,
    ) -> None:
        """`on_missing` decides, under the lock, what a missing file means: fresh data, or
        a StoreDamaged it raises. Without it a missing file is damage. `before_write` is
        called under the lock just before a commit replaces the file (the daily backup)."""
        self.path = path
        self._before_write = before_write
        self._write = write
        self._dirty = False
        self._original: bytes | None = None
        self._lock = FileLock(path.with_suffix(".lock"), exclusive=write)
        self._lock.__enter__()
        try:
            if on_missing is not None and not path.exists():
                self._data: dict[str, Any] = on_missing()
                self._dirty = write
            else:
                raw = read_store_bytes(path)
                self._data = parse_plan(raw, path)
                if write:
                    # Kept to compare against at commit (the change history): TinyDB
                    # changes the data read in place.
                    self._original = raw
        except BaseException:
            self._lock.__exit__()
            raise

    def read(self) -> dict[str, Any]:
        return self._data

    @property
    def dirty(self) -> bool:
        """Whether TinyDB has written in this transaction: the commit will write the file."""
        return self._dirty

    def original(self) -> dict[str, Any] | None:
        """The data as it was read, before this transaction; None for a new file."""
        return None if self._original is None else json.loads(self._original)

    def write(self, data: dict[str, Any]) -> None:
        if not self._write:
            raise RuntimeError("write inside a read-only transaction")
        self._data = data
        self._dirty = True

    def commit(self) -> None:
        if self._dirty:
            if self._before_write is not None:
                self._before_write(self.path)
            write_atomically(self.path, self._data)
            self._dirty = False

    def close(self) -> None:
        self._lock.__exit__()
