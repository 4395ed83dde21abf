"""One JSON file on disk, read and written safely, seen by TinyDB as its storage.

A `PlanFile` is opened for one transaction: it takes an inter-process lock, reads the file
once, lets TinyDB work on the data in memory, and on commit writes it back atomically
(temp file in the same folder, fsync, os.replace, fsync of the folder). If the transaction
raises, nothing is written. A file that can't be read as a plan is refused and left exactly
as it was: plain TinyDB would treat an empty file as a fresh start and lose the plan.

Every store file is read the same way (`decode`): a size limit before reading, the seal, a
nesting limit before parsing, JSON with nothing JSON lacks; then, for the index and the plans,
tables of documents, the schema version, the shape of each document. A file of an older schema
is migrated (core/migrations.py): in memory on a read, on disk by the first write; one from a
newer version is refused (StoreTooNew) and never touched.
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
from typing import TYPE_CHECKING, Any, cast

from tinydb.storages import Storage

if TYPE_CHECKING:
    from tinydb import TinyDB

from recoverytui.core.errors import (
    PlanError,
    StoreBusy,
    StoreDamaged,
    StoreKeyMissing,
    StoreLocked,
    StoreTooNew,
    StoreUnusable,
)
from recoverytui.core.i18n import _
from recoverytui.core.schema import first_problem

# Raised by each change to the shape of a stored document, with a migration from the version
# before (core/migrations.py) and a store of that version kept in tests/fixtures/.
SCHEMA_VERSION = 5
LOCK_WAIT_SECONDS = 15.0
# Three years of weekly check-ins with their history come to a few MiB; a file far larger
# than that is not a plan, and reading it whole could exhaust the laptop's memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Our files nest about six levels deep (file, table, document, list, item, a value kept in the
# history). Anything parsed or compared recursively must not meet a file nested a thousand
# levels deep; the check on the raw bytes refuses more than 2 * NESTING_ROUNDS levels and
# accepts up to NESTING_ROUNDS.
NESTING_ROUNDS = 16


class StoreWriteFailed(PlanError):
    """The disk refused a write (full, read-only, over quota). The old file is untouched."""

    def __init__(self, message: str, *, path: Path, reason: str):
        super().__init__(message)
        self.path = path
        self.reason = reason


class Sealer:
    """What encryption at rest needs from this module; see core/crypto.py."""

    def seal(self, payload: bytes, path: Path) -> bytes:  # pragma: no cover - interface
        """`payload` sealed with the store's key; bytes sealed with it already, unchanged."""
        raise NotImplementedError

    def open(self, blob: bytes, path: Path) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    def knows(self, key_id: bytes) -> bool:  # pragma: no cover - interface
        """Whether a file sealed with the key `key_id` opens with what this process holds."""
        raise NotImplementedError

    def unknown_key(self, key_id: bytes, path: Path) -> PlanError:  # pragma: no cover
        """Why `path`, sealed with a key this process doesn't hold, can't be opened."""
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[object]:
        """Held from sealing a file to replacing it: no change of key happens meanwhile."""
        return nullcontext()


# The one plain file of an encrypted store (core/crypto.py).
KEY_FILE = "key.json"
# Encrypted files begin with this; no JSON document can. Then the id of the key (8 bytes).
SEALED_MAGIC = b"RTUIenc\x01"
_SEALED_HEADER = len(SEALED_MAGIC) + 8
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
    """Refuse to work on an encrypted store that this process has not opened, whose key file
    is gone, or whose key file is not the one its files were sealed with: it would read
    nothing, and could write beside the sealed files what no right key opens."""
    if _sealer is not None:
        if (found := key_mismatch(home)) is not None:
            meanwhile = _sealer.unknown_key(*found)
            if not isinstance(meanwhile, StoreKeyMissing):
                raise meanwhile  # the key was changed after this process opened the store
            raise StoreKeyMissing(
                _(
                    "The store in {home} can't be opened with its key file: {key} is not the "
                    "one its files were encrypted with (an older copy, from before a change "
                    "of passphrase, or another store's). Nothing was read or written. Put the "
                    "right {key} back and try again."
                ).format(home=home, key=KEY_FILE),
                path=home / KEY_FILE,
            )
        return
    if is_encrypted(home):
        raise StoreLocked(
            _("The store in {home} is encrypted. Open it with its passphrase first.").format(
                home=home
            )
        )
    if key_missing(home):
        raise StoreKeyMissing(
            _(
                "The store in {home} is encrypted, but its key file, {key}, is missing, so "
                "nothing in it can be opened. Nothing was read or written. Put {key} back "
                "(a copy of the store or a full backup of it keeps one) and try again."
            ).format(home=home, key=KEY_FILE),
            path=home / KEY_FILE,
        )


def _telling_files(home: Path) -> list[Path]:
    """The files whose first bytes tell how the store is sealed: the index, the settings;
    without an index, a plan."""
    index = home / "caseload.json"
    files = [index, home / "settings.json"]
    if not index.exists():
        files += sorted((home / "clients").glob("*.json"))[:1]
    return files


def key_missing(home: Path) -> bool:
    """Whether the store's own files are sealed while its key file is not there."""
    if is_encrypted(home):
        return False
    return any(_sealed_now(path) for path in _telling_files(home))


def key_mismatch(home: Path) -> tuple[bytes, Path] | None:
    """The key id and file, where the store's own files are sealed with a key the open
    store's key file does not hold (an older key.json put back after a change of passphrase,
    or a change made since this process opened the store); None if they open."""
    if _sealer is None:
        return None
    for path in _telling_files(home):
        head = _head(path)
        key_id = head[len(SEALED_MAGIC) : _SEALED_HEADER]
        if is_sealed(head) and not _sealer.knows(key_id):
            return key_id, path
    return None


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(SEALED_MAGIC)


def unseal(raw: bytes, path: Path) -> bytes:
    """The plain bytes of a file as read from disk; StoreDamaged if it is sealed and the
    store is not open (or the bytes were changed)."""
    if not is_sealed(raw):
        return raw
    if _sealer is None:
        raise _no_key(path)
    return _sealer.open(raw, path)


def _no_key(path: Path) -> StoreKeyMissing:
    # Not damage: the file may be whole, and only its key is not at hand.
    return StoreKeyMissing(
        _(
            "The file {file} is encrypted, and no key to open it with is at hand: the "
            "store has not been opened with its passphrase, or its key file, {key}, is "
            "missing. It has been left as it is."
        ).format(file=path, key=KEY_FILE),
        path=path,
    )


def read_bytes(path: Path) -> bytes:
    """A store file's plain bytes, refusing one far larger than any plan before reading it."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            mib = size // (1024 * 1024)
            raise StoreDamaged(
                _(
                    "The file {file} is {size} MiB, far larger than any plan; it has not been "
                    "read and has been left as it is."
                ).format(file=path, size=mib),
                path=path,
                reason=_("it is {size} MiB, far larger than any plan").format(size=mib),
            )
        raw = handle.read()
    return unseal(raw, path)


def make_private_dir(path: Path) -> None:
    """Create a folder only its owner can enter (0700)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnusable.from_os_error(error) from None


class FileLock:
    """An exclusive or shared flock on a side file, so the lock survives os.replace of the data."""

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self.exclusive = exclusive
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        fd = self._open()
        if fd is None:
            return self
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

    def _open(self) -> int | None:
        """The lock file, made if need be; None for a reader where it can't be."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            if self.exclusive or error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreUnusable.from_os_error(error) from None
        # A store that can only be read (a read-only disk, another user's folder): flock
        # takes a shared lock on a descriptor opened for reading.
        try:
            return os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            # No lock file, and none can be made. Then no writer with these rights can make
            # its temp file here either, and one with more rights replaces files whole, so
            # reading without the lock still sees each file whole.
            return None
        except OSError as error:
            raise StoreUnusable.from_os_error(error) from None

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def read_plan_file(path: Path, *, one_client: bool = False) -> dict[str, Any]:
    """Read and check a store file; raise StoreDamaged, touching nothing, if it isn't one
    (StoreTooNew if a newer program wrote it). `one_client`: it is a client's plan."""
    return parse_plan(read_store_bytes(path), path, one_client=one_client)


def read_store_bytes(path: Path) -> bytes:
    """A store file's plain bytes; StoreDamaged, touching nothing, if it can't be read."""
    try:
        return read_bytes(path)
    except FileNotFoundError:
        raise StoreDamaged(
            _("The file {file} is missing from the store.").format(file=path),
            path=path,
            reason=_("it is missing"),
        ) from None
    except OSError as error:
        raise StoreDamaged(
            _("The file {file} can't be read ({reason}). It has been left as it is.").format(
                file=path, reason=error.strerror
            ),
            path=path,
            reason=_("it can't be opened ({reason})").format(reason=error.strerror),
        ) from None


def damaged(path: Path, reason: str) -> StoreDamaged:
    """The refusal of a file that holds something the program can't use."""
    return StoreDamaged(
        _(
            "The file {file} can't be read: {reason}. It has been left exactly as it was; "
            "restore it from a backup."
        ).format(file=path, reason=reason),
        path=path,
        reason=reason,
    )


def decode(raw: bytes, path: Path) -> Any:
    """The JSON value of a store file's plain bytes; StoreDamaged if they hold none, or one
    nested deeper than any file of ours (checked before anything recurses into it)."""
    if not raw.strip():
        raise damaged(path, _("it is empty"))
    depth = nesting(raw)
    if depth is None:
        raise damaged(path, _("it is not valid JSON"))
    if depth > NESTING_ROUNDS:
        raise damaged(path, _("it is nested far deeper than any file the program writes"))
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or NaN / Infinity
        raise damaged(path, _("it is not valid JSON")) from None


_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


def nesting(raw: bytes) -> int | None:
    """How many rounds of taking out the innermost brackets empty the JSON text: its depth,
    or as little as half of it. None if they never do (it is not JSON); NESTING_ROUNDS + 1
    for anything beyond. Byte operations done in C only: a small part of the cost of parsing."""
    # Escapes first, so that every quote left begins or ends a string: an escaped backslash
    # (which may stand before a closing quote), then an escaped quote.
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Brackets and quotes only. Taking out "" leaves every bracket as much inside or outside a
    # string as it was; what is left of the strings holds brackets, and those few go.
    shape = raw.translate(None, _STRUCTURE).replace(b'""', b"")
    if b'"' in shape:
        shape = b"".join(shape.split(b'"')[::2])
    for rounds in range(NESTING_ROUNDS + 1):
        if not shape:
            return rounds
        smaller = shape.replace(b"[]", b"").replace(b"{}", b"")
        if len(smaller) == len(shape):
            return None  # brackets that don't pair up
        shape = smaller
    return NESTING_ROUNDS + 1


def load_plan(
    raw: bytes, path: Path, *, one_client: bool = False, owner: str | None = None
) -> tuple[dict[str, Any], int]:
    """The checked data of a store file's bytes, in the current schema, and the schema it
    was written in. StoreDamaged if they aren't a plan (or an index), StoreTooNew if a newer
    program wrote them. `one_client`: the file is a client's plan, which holds its client;
    `owner`: the file is the plan of the client with this id."""
    data = decode(raw, path)
    if not isinstance(data, dict):
        raise damaged(path, _("it does not hold recoverytui data"))
    schema = _schema_of(data)
    if schema is not None and schema > SCHEMA_VERSION:  # before the shape: it may differ
        raise StoreTooNew(
            _(
                "The file {file} was written by a newer recoverytui (schema {schema}). "
                "Please update the program; the file has been left as it is."
            ).format(file=path, schema=schema),
            path=path,
            schema=schema,
        )
    if not _tables_ok(data):
        raise damaged(path, _("it does not hold recoverytui data"))
    if schema is None:
        raise damaged(path, _("it has no schema version"))
    if schema < SCHEMA_VERSION:
        from recoverytui.core.migrations import migrate

        migrate(data, schema, SCHEMA_VERSION)
    if where := first_problem(data):
        raise damaged(path, _("{where} is not in the shape the program writes").format(where=where))
    if (one_client or owner) and len(data.get("client", {})) != 1:
        raise damaged(
            path,
            _("it holds no client")
            if not data.get("client")
            else _("it holds more than one client"),
        )
    if owner and next(iter(data["client"].values())).get("id") != owner:
        # A plan copied over another's: its goals must never show, or be added to, here.
        raise damaged(path, _("it holds another client's plan"))
    return data, schema


def parse_plan(raw: bytes, path: Path, *, one_client: bool = False) -> dict[str, Any]:
    """The checked data of a store file's bytes; StoreDamaged if they aren't a plan."""
    return load_plan(raw, path, one_client=one_client)[0]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _tables_ok(data: dict[str, Any]) -> bool:
    # TinyDB reads a document's key as its number: anything else would stop it.
    return all(
        isinstance(table, dict)
        and all(
            key.isascii() and key.isdigit() and isinstance(doc, dict) for key, doc in table.items()
        )
        for table in data.values()
    )


def _schema_of(data: dict[str, Any]) -> int | None:
    meta = data.get("meta")
    for doc in meta.values() if isinstance(meta, dict) else ():
        schema = doc.get("schema") if isinstance(doc, dict) else None
        if isinstance(schema, int) and not isinstance(schema, bool) and schema >= 1:
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
        if seal and not is_sealed(payload) and _sealed_now(path):
            raise _no_key(path)  # plain text never replaces a sealed file
        _replace(path, payload)
        return
    with sealer.writing():
        _replace(path, sealer.seal(payload, path))


def _head(path: Path) -> bytes:
    """The first bytes of a file, enough for its seal and key id; b"" if it can't be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(_SEALED_HEADER)
    except OSError:
        return b""


def _sealed_now(path: Path) -> bool:
    return is_sealed(_head(path))


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
    except KeyboardInterrupt:  # Ctrl+C half-way: the old file stands, and no half a temp file
        temp.unlink(missing_ok=True)
        raise
    except OSError as error:
        temp.unlink(missing_ok=True)
        reason = error.strerror or type(error).__name__
        raise StoreWriteFailed(
            _(
                "{file} could not be saved ({reason}). Nothing was changed; the file is as it "
                "was before."
            ).format(file=path, reason=reason),
            path=path,
            reason=reason,
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
        before_write: Callable[[Path, int | None], None] | None = None,
        owner: str | None = None,
    ) -> None:
        """`on_missing` decides, under the lock, what a missing file means: fresh data, or
        a StoreDamaged it raises. Without it a missing file is damage. `before_write` is
        called under the lock before a commit replaces the file (the daily backup), with
        the older schema the file was written in if this write migrates it, else None (then
        the file as it was is kept too). `owner`: the file is the plan of the client with
        this id."""
        self.path = path
        self._before_write = before_write
        self._write = write
        self._dirty = False
        self._prepared = False
        self._original: bytes | None = None
        # The schema the file was written in; the data read is in the current one.
        self.schema: int | None = None
        self._lock = FileLock(path.with_suffix(".lock"), exclusive=write)
        self._lock.__enter__()
        try:
            if on_missing is not None and not path.exists():
                self._data: dict[str, Any] = on_missing()
                self._dirty = write
            else:
                raw = read_store_bytes(path)
                self._data, self.schema = load_plan(raw, path, owner=owner)
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
        """The data as it was read, before this transaction (in the current schema, so a
        migration is no change of the plan); None for a new file."""
        if self._original is None:
            return None
        data = json.loads(self._original)
        if self.schema is not None and self.schema < SCHEMA_VERSION:
            from recoverytui.core.migrations import migrate

            migrate(data, self.schema, SCHEMA_VERSION)
        return data

    def write(self, data: dict[str, Any]) -> None:
        if not self._write:
            raise RuntimeError("write inside a read-only transaction")
        self._data = data
        self._dirty = True

    def prepare(self) -> None:
        """Keep what must be kept before the file is replaced (the day's backup; the file as
        it was if it is of an older schema), once. The commit does it if nobody has."""
        if not self._prepared and self._before_write is not None:
            migrates = self.schema is not None and self.schema < SCHEMA_VERSION
            self._before_write(self.path, self.schema if migrates else None)
        self._prepared = True

    def commit(self) -> None:
        if self._dirty:
            self.prepare()
            write_atomically(self.path, self._data)
            self._dirty = False

    def close(self) -> None:
        self._lock.__exit__()


def file_of(db: TinyDB) -> PlanFile:
    """The file under a store transaction's TinyDB (the store always opens it on a PlanFile)."""
    return cast(PlanFile, db.storage)
