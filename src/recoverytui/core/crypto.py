"""Encryption at rest (opt-in): every store file sealed with AES-256-GCM.

    $RECOVERY_HOME/key.json   the only plain file that says anything about the store: the
                              scrypt salt and cost, the key's id, and the store key wrapped
                              (encrypted) with the key derived from the passphrase

The store key is random. The passphrase only wraps it. A sealed file is MAGIC + key id
(8 bytes) + nonce (12 bytes) + ciphertext with its tag; the header is authenticated too, so
a changed byte anywhere is refused like damage.

Changing the passphrase also changes the key, so that the old passphrase (and any copy of
the old key file) opens nothing afterwards:

1. Under key.lock: every other copy of the key file inside the store is removed, a new key
   is made, and key.json is replaced by one that holds the new key and, as "retired", the
   old ones, all wrapped with the new passphrase (format 2). This replace is the commit
   point: before it the store opens with the old passphrase only, after it with the new
   one only, and nothing in the store wraps anything with the old one.
2. Every file sealed with a retired key is sealed again with the new one, under its lock.
   Meanwhile readers accept both keys, and every write seals with the new key (a copy of
   a file still sealed with a retired key included).
3. When no file is left with a retired key, each full backup gets a copy of the key file
   without them, and key.json is replaced the same way (format 1 again).

Killed at any moment, the store opens with the passphrase of its key.json; whoever opens it
next with the new passphrase finishes steps 2 and 3. A process that opened the store before
the change can't write after it: each write checks, under key.lock shared, that the store's
key is still the one it seals with.

`cryptography` is imported only here, and only for an encrypted store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import resource
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoverytui.core import storage
from recoverytui.core.errors import (
    InvalidInput,
    PlanError,
    StoreDamaged,
    StoreKeyMissing,
    StoreLocked,
    StoreTooNew,
)
from recoverytui.core.i18n import _, ngettext

KEY_FILE = storage.KEY_FILE
FORMAT = 1
# A key file that also holds the keys a change of passphrase retired, until no file is
# sealed with them. An older version refuses it rather than drop those keys.
ROTATING = 2
# One of OWASP's scrypt settings equal to N=2^17, chosen for 16 MiB of memory (a command
# stays well under 60 MiB): N=2^14, r=8, p=5. About a fifth of a second per command.
SCRYPT = {"n": 2**14, "r": 8, "p": 5}
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 1024
_ID = 8
_NONCE = 12
_HEADER = len(storage.SEALED_MAGIC) + _ID
# After one pass no write can leave a file with a retired key (every write seals with the
# new one), so the second finds none; the bound only keeps a fault from looping.
_PASSES = 3


def key_path(home: Path) -> Path:
    return home / KEY_FILE


def _key_lock(home: Path) -> Path:
    return key_path(home).with_suffix(".lock")


class Cipher(storage.Sealer):
    """The unlocked store key. Lives as long as the process; nothing else keeps it."""

    def __init__(
        self,
        key: bytes,
        key_id: bytes,
        *,
        finished: bool = True,
        retired: dict[bytes, bytes] | None = None,
        home: Path | None = None,
    ) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.key_id = key_id
        self._aeads = {key_id: AESGCM(key)}
        for old_id, old_key in (retired or {}).items():
            self._aeads[old_id] = AESGCM(old_key)
        self.retired = set(retired or ())
        # False until `init --encrypt` has sealed every file that was there before.
        self.finished = finished
        # The store this key opens: each write checks its key is still the store's.
        self.home = home

    @property
    def rotating(self) -> bool:
        """Whether a change of passphrase is still sealing files again with the new key."""
        return bool(self.retired)

    def knows(self, key_id: bytes) -> bool:
        return key_id in self._aeads

    def add_reading_keys(self, keys: dict[bytes, bytes]) -> None:
        """Keys that open files (a backup's) but never seal: what they open is written
        sealed with the store's key."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        for key_id, key in keys.items():
            self._aeads.setdefault(key_id, AESGCM(key))

    def forget_retired(self) -> None:
        for old_id in self.retired:
            del self._aeads[old_id]
        self.retired = set()

    def seal(self, payload: bytes, path: Path | None = None) -> bytes:
        if storage.is_sealed(payload):
            if payload[len(storage.SEALED_MAGIC) : _HEADER] == self.key_id:
                return payload
            payload = self.open(payload, path or Path("?"))  # a retired key's: sealed anew
        header = storage.SEALED_MAGIC + self.key_id
        nonce = os.urandom(_NONCE)
        return header + nonce + self._aeads[self.key_id].encrypt(nonce, payload, header)

    def open(self, blob: bytes, path: Path) -> bytes:
        from cryptography.exceptions import InvalidTag

        header, nonce = blob[:_HEADER], blob[_HEADER : _HEADER + _NONCE]
        aead = self._aeads.get(header[len(storage.SEALED_MAGIC) :])
        if aead is None:
            raise self.unknown_key(header[len(storage.SEALED_MAGIC) :], path)
        try:
            return aead.decrypt(nonce, blob[_HEADER + _NONCE :], header)
        except InvalidTag:
            raise StoreDamaged(
                _(
                    "The file {file} can't be decrypted: it was changed or damaged after it "
                    "was written. It has been left exactly as it was; restore it from a backup."
                ).format(file=path),
                path=path,
                reason=_("it was changed or damaged after it was written"),
            ) from None

    def unknown_key(self, key_id: bytes, path: Path) -> PlanError:
        if self.home is not None:
            try:
                record = _read_key_file(self.home)
            except PlanError:
                record = None
            if record is not None and key_id in {record["key_id"], *record["retired"]}:
                return _changed_meanwhile()
        # Not damage: the file may be whole, sealed with a key this key file doesn't hold.
        return StoreKeyMissing(
            _(
                "The file {file} was encrypted with a key the store's key file does not hold "
                "(another store's, or one from before a change of passphrase). It has been "
                "left as it is."
            ).format(file=path),
            path=path,
        )

    def writing(self) -> AbstractContextManager[object]:
        return nullcontext() if self.home is None else self._still_current(self.home)

    @contextmanager
    def _still_current(self, home: Path) -> Iterator[None]:
        # Shared: writers don't wait for each other, only for a change of key to commit.
        with storage.FileLock(_key_lock(home), exclusive=False):
            if _read_key_file(home)["key_id"] != self.key_id:
                raise _changed_meanwhile()
            yield


def _changed_meanwhile() -> StoreLocked:
    return StoreLocked(
        _(
            "The store's passphrase was changed after this program opened it, so nothing "
            "more is saved. Close it and open the store again with the new passphrase."
        )
    )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN:
        raise InvalidInput(
            _(
                "A passphrase needs at least {n} characters; a few words are easy to remember."
            ).format(n=PASSPHRASE_MIN)
        )
    if len(passphrase) > PASSPHRASE_MAX:
        raise InvalidInput(
            _("A passphrase can be at most {n} characters.").format(n=PASSPHRASE_MAX)
        )


def _derive(passphrase: str, salt: bytes, cost: dict[str, int]) -> bytes:
    secret = bytearray(passphrase.encode("utf-8"))
    try:
        return hashlib.scrypt(
            bytes(secret),
            salt=salt,
            n=cost["n"],
            r=cost["r"],
            p=cost["p"],
            maxmem=256 * cost["n"] * cost["r"] + 1024 * 1024,
            dklen=32,
        )
    finally:
        secret[:] = bytes(len(secret))  # best effort: Python may hold other copies


def _wrap(
    store_key: bytes,
    key_id: bytes,
    passphrase: str,
    *,
    finished: bool,
    retired: dict[bytes, bytes] | None = None,
) -> dict[str, Any]:
    """A key file: the store key, and any retired ones, wrapped with the passphrase."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(16)
    kek = AESGCM(_derive(passphrase, salt, SCRYPT))

    def wrapped(key: bytes, key_id: bytes) -> str:
        nonce = os.urandom(_NONCE)
        return _b64(nonce + kek.encrypt(nonce, key, key_id))

    record: dict[str, Any] = {
        "format": ROTATING if retired else FORMAT,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "key_id": key_id.hex(),
        "wrapped": wrapped(store_key, key_id),
        "finished": finished,
    }
    if retired:
        record["retired"] = [
            {"key_id": old_id.hex(), "wrapped": wrapped(old_key, old_id)}
            for old_id, old_key in retired.items()
        ]
    return record


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _read_key_file(home: Path) -> dict[str, Any]:
    return _read_key_record(key_path(home))


def _read_key_record(path: Path) -> dict[str, Any]:
    """A key file, checked as every store file is (size, nesting, JSON) and then field by
    field."""
    try:
        if not path.exists():
            raise FileNotFoundError
        with open(path, "rb") as handle:  # never sealed, and never larger than a page
            raw = handle.read(64 * 1024 + 1)
        if len(raw) > 64 * 1024 or storage.is_sealed(raw):
            raise ValueError
        record = storage.decode(raw, path)
        if isinstance(record.get("format"), int) and record["format"] > ROTATING:
            raise StoreTooNew(
                _(
                    "The key file {file} was written by a newer recoverytui. Please update "
                    "the program; the file has been left as it is."
                ).format(file=path),
                path=path,
            )
        cost = {name: record["kdf"][name] for name in ("n", "r", "p")}
        parts = {
            "salt": base64.b64decode(record["kdf"]["salt"], validate=True),
            "key_id": bytes.fromhex(record["key_id"]),
            "wrapped": base64.b64decode(record["wrapped"], validate=True),
        }
        if record["format"] not in (FORMAT, ROTATING) or len(parts["key_id"]) != _ID:
            raise ValueError
        retired = {
            bytes.fromhex(old["key_id"]): base64.b64decode(old["wrapped"], validate=True)
            for old in (record["retired"] if record["format"] == ROTATING else ())
        }
        if any(len(old_id) != _ID for old_id in retired):
            raise ValueError
        # A key file asking for gigabytes of memory is damage, not a setting to obey.
        if not all(type(value) is int for value in cost.values()) or not (
            2 <= cost["n"] <= 2**20 and 1 <= cost["r"] <= 32 and 1 <= cost["p"] <= 16
        ):
            raise ValueError
    except FileNotFoundError:
        raise InvalidInput(_("This store is not encrypted.")) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StoreDamaged):
        raise StoreDamaged(
            _(
                "The key file {file} can't be read. Without it the store can't be opened; "
                "restore it from a backup. It has been left as it is."
            ).format(file=path),
            path=path,
        ) from None
    finished = record.get("finished", True) is not False
    return {**parts, "retired": retired, "cost": cost, "finished": finished}


def _unwrap(record: dict[str, Any], passphrase: str) -> tuple[bytes, dict[bytes, bytes]]:
    """The store key and the retired keys, unwrapped with the passphrase."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = AESGCM(_derive(passphrase, record["salt"], record["cost"]))

    def unwrapped(wrapped: bytes, key_id: bytes) -> bytes:
        return kek.decrypt(wrapped[:_NONCE], wrapped[_NONCE:], key_id)

    try:
        key = unwrapped(record["wrapped"], record["key_id"])
        retired = {old_id: unwrapped(old, old_id) for old_id, old in record["retired"].items()}
    except InvalidTag:
        raise InvalidInput(
            _("That passphrase does not open this store. Nothing was read or changed.")
        ) from None
    return key, retired


def backup_key(source: Path) -> Path | None:
    """The key file of a backup that the open store's keys don't open (a copy made with
    `recovery backup -o` before a change of passphrase), or None."""
    cipher = storage.sealer()
    if not isinstance(cipher, Cipher):
        return None
    folder = source if source.is_dir() else source.parent
    for candidate in (folder / KEY_FILE, folder.parent / KEY_FILE):  # a plan in clients/
        if candidate.is_file():
            return None if cipher.knows(_read_key_record(candidate)["key_id"]) else candidate
    return None


def open_backup(key_file: Path, passphrase: str) -> None:
    """Let this process read a backup sealed with a key of the past, unwrapped from the
    backup's own key file with the passphrase of its day."""
    cipher = storage.sealer()
    assert isinstance(cipher, Cipher)
    record = _read_key_record(key_file)
    try:
        key, retired = _unwrap(record, passphrase)
    except InvalidInput:
        raise InvalidInput(
            _(
                "That passphrase does not open the backup {folder}. Nothing was read or changed."
            ).format(folder=key_file.parent)
        ) from None
    cipher.add_reading_keys({record["key_id"]: key, **retired})


def _no_core_dumps() -> None:
    """A core dump of an unlocked process would put the key and the plans on disk."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def unlock(home: Path, passphrase: str) -> Cipher:
    """Open an encrypted store: from now on this process reads and writes it sealed.
    While a change of passphrase is unfinished (`Cipher.rotating`), the caller finishes it
    with `finish_rotation`."""
    record = _read_key_file(home)
    _no_core_dumps()
    key, retired = _unwrap(record, passphrase)
    cipher = Cipher(key, record["key_id"], finished=record["finished"], retired=retired, home=home)
    storage.use_sealer(cipher)
    return cipher


def create(home: Path, passphrase: str) -> Cipher:
    """Make the store's key, write key.json, and unlock. The caller then seals what is there."""
    check_passphrase(passphrase)
    if storage.is_encrypted(home):
        raise InvalidInput(_("This store is encrypted already."))
    storage.check_unlocked(home)  # sealed files whose key file is missing: a new key won't do
    _no_core_dumps()
    store_key, key_id = os.urandom(32), os.urandom(_ID)
    record = _wrap(store_key, key_id, passphrase, finished=False)
    storage.make_private_dir(home)
    with storage.FileLock(_key_lock(home), exclusive=True):
        _write_key_file(home, record)
    cipher = Cipher(store_key, key_id, finished=False, home=home)
    storage.use_sealer(cipher)
    return cipher


def _write_key_file(home: Path, record: dict[str, Any]) -> None:
    storage.write_bytes_atomically(key_path(home), _key_file_bytes(record), seal=False)


def _key_file_bytes(record: dict[str, Any]) -> bytes:
    return json.dumps(record, indent=2).encode()


def mark_finished(home: Path) -> None:
    """Every file is sealed: say so in key.json, so commands stop reminding."""
    with storage.FileLock(_key_lock(home), exclusive=True):
        record = json.loads(key_path(home).read_bytes())
        if record.get("finished") is not True:
            record["finished"] = True
            _write_key_file(home, record)


@dataclass
class Rotation:
    """What sealing the store again with a new key did."""

    resealed: int = 0  # files sealed again with the new key
    # Files sealed with a retired key that can't be decrypted (damaged): left as they were.
    damaged: list[Path] = field(default_factory=list)
    # Files that could not be read or written now (busy, read-only, a full disk), each with
    # the reason: while there are any, the retired keys are kept.
    blocked: dict[Path, str] = field(default_factory=dict)
    finished: bool = False  # no file is left with a retired key, and key.json says so

    def notes(self, home: Path) -> list[str]:
        """What a person should know beyond "done": what is left, and why."""
        said = [
            _("{file} could not be encrypted again now: {reason}").format(
                file=path.relative_to(home), reason=reason
            )
            for path, reason in self.blocked.items()
        ]
        if not self.finished:
            said.append(
                _(
                    "The change of passphrase is finished the next time the store is opened; "
                    "until then every file opens with the new passphrase."
                )
            )
        for path in self.damaged:
            said.append(
                _(
                    "{file} is damaged and could not be encrypted again; it has been left as "
                    "it was (`recovery doctor` lists it)."
                ).format(file=path.relative_to(home))
            )
        return said


def finish_cut_short(home: Path, cipher: Cipher) -> list[str]:
    """Finish a change of passphrase that was cut short, on opening the store; what to tell
    the person. If it can't be finished now (a read-only store, say), every file still
    opens, and the next opening tries again."""
    try:
        done = finish_rotation(home, cipher)
    except (PlanError, OSError) as error:  # key.lock or key.json can't be written now
        reason = _reason(error)
        return [
            _(
                "A change of passphrase was cut short and could not be finished now ({reason}). "
                "It is tried again the next time the store is opened."
            ).format(reason=reason)
        ]
    if not done.finished:
        return done.notes(home)
    finished = ngettext(
        "A change of passphrase was cut short; it is finished now ({n} file encrypted again "
        "with the new key).",
        "A change of passphrase was cut short; it is finished now ({n} files encrypted again "
        "with the new key).",
        done.resealed,
    ).format(n=done.resealed)
    return [finished, *done.notes(home)]


def change_passphrase(home: Path, old: str, new: str) -> Rotation:
    """Change the passphrase and the store key; see the module's docstring for the steps."""
    check_passphrase(new)
    with storage.FileLock(_key_lock(home), exclusive=True):
        record = _read_key_file(home)
        key, retired = _unwrap(record, old)
        # Before the commit: afterwards no key file in the store wraps with `old`.
        _remove_key_copies(home)
        new_key, new_id = os.urandom(32), os.urandom(_ID)
        retired = {record["key_id"]: key, **retired}
        finished = record["finished"]
        _write_key_file(home, _wrap(new_key, new_id, new, finished=finished, retired=retired))
        cipher = Cipher(new_key, new_id, finished=finished, retired=retired, home=home)
    storage.use_sealer(cipher)
    return finish_rotation(home, cipher)


def finish_rotation(home: Path, cipher: Cipher) -> Rotation:
    """Seal every file that has a retired key again with the store's key, then drop the
    retired keys from key.json and from this process. Safe to run by several programs at
    once, and again after a kill: each file is done under its lock, once."""
    from recoverytui.core.backup import backups_dir

    done = Rotation()
    if not cipher.rotating:
        done.finished = True
        return done
    storage.use_sealer(cipher)
    for _pass in range(_PASSES):
        resealed, done.damaged, done.blocked = _reseal_pass(home, cipher)
        done.resealed += resealed
        if not resealed:
            break
    if resealed or done.blocked:
        return done  # files are left with a retired key: keep it, the next opening goes on
    with storage.FileLock(_key_lock(home), exclusive=True):
        if _read_key_file(home)["key_id"] != cipher.key_id:
            return done  # a newer change of passphrase took over
        record = json.loads(key_path(home).read_bytes())
        if "retired" in record:  # else another program has just finished it
            del record["retired"]
            record["format"] = FORMAT
            # The copies first: killed in between, key.json still says what is left to do.
            for folder in sorted(backups_dir(home).glob("full-*")):
                if folder.is_dir() and not folder.is_symlink():
                    storage.write_bytes_atomically(
                        folder / KEY_FILE, _key_file_bytes(record), seal=False
                    )
            _write_key_file(home, record)
    cipher.forget_retired()
    done.finished = True
    return done


def _reseal_pass(home: Path, cipher: Cipher) -> tuple[int, list[Path], dict[Path, str]]:
    """One pass over the store: each file sealed with a retired key, sealed again with the
    store's key under the lock its writers take. damaged/ comes last, so a file moved
    there during the pass is still met."""
    resealed, damaged, blocked = 0, [], {}
    for path in _store_files_in_order(home):
        if _sealed_with(path) not in cipher.retired:
            continue
        try:
            with _owner_lock(home, path):
                if _sealed_with(path) not in cipher.retired:
                    continue  # removed, or sealed again, meanwhile
                try:
                    plain = storage.read_bytes(path)
                except StoreDamaged:
                    damaged.append(path)  # opens with no key; a corrupt file is left as it is
                    continue
                storage.write_bytes_atomically(path, plain)
                resealed += 1
        except FileNotFoundError:
            continue
        except (PlanError, OSError) as error:  # busy, read-only, a full disk: not now
            blocked[path] = _reason(error)
    return resealed, damaged, blocked


def _reason(error: PlanError | OSError) -> str:
    if isinstance(error, PlanError):
        return str(error)
    return error.strerror or type(error).__name__  # the OS's words, never a path in full


def _store_files_in_order(home: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(home):
        dirs.sort()
        found += [Path(root) / name for name in sorted(files)]
    damaged = home / "damaged"
    return sorted(found, key=lambda p: p.is_relative_to(damaged))


def _sealed_with(path: Path) -> bytes | None:
    """The id of the key a file is sealed with; None for a plain, short or missing file,
    or a link (never followed out of the store)."""
    try:
        with open(path, "rb", opener=_no_follow) as handle:
            head = handle.read(_HEADER)
    except OSError:
        return None
    if len(head) < _HEADER or not storage.is_sealed(head):
        return None
    return head[len(storage.SEALED_MAGIC) :]


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW)


def _owner_lock(home: Path, path: Path) -> AbstractContextManager[object]:
    """The exclusive lock of the store file that `path` is, or is a copy of: the plan's for
    its temp file, its daily backups, its copy in a full backup or in damaged/; the
    index's for the index's. No lock file means no writer has ever taken it."""
    parts = path.relative_to(home).parts
    if len(parts) == 3 and parts[0] == "backups" and not parts[1].startswith("full-"):
        stem = parts[1]  # backups/<stem>/<day>.json
    else:
        stem = parts[-1].lstrip(".").split(".")[0]
    for lock in (home / "clients" / f"{stem}.lock", home / f"{stem}.lock"):
        if stem and lock.is_file():
            return storage.FileLock(lock, exclusive=True)
    return nullcontext()


def _remove_key_copies(home: Path) -> None:
    """Every key file in the store but key.json itself: copies in full backups, a killed
    write's temp file, one moved to damaged/. Each may wrap a key with an old passphrase."""
    for path in _store_files_in_order(home):
        if path != key_path(home) and path.name.lstrip(".").startswith(KEY_FILE):
            path.unlink()
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)  # gone for good, before the commit that relies on it
            finally:
                os.close(folder)


def plain_files(home: Path) -> list[Path]:
    """Files of the store that hold data and are not sealed yet (all of them before
    `init --encrypt`; none after). Templates are the service's text, not client data."""
    found = []
    for path in _data_files(home):
        try:
            with open(path, "rb") as handle:
                head = handle.read(len(storage.SEALED_MAGIC))
        except OSError:
            continue
        if not storage.is_sealed(head):
            found.append(path)
    return found


def _data_files(home: Path) -> list[Path]:
    top = [home / "caseload.json", home / "settings.json"]
    found = [p for p in top if p.is_file()]
    for folder in ("clients", "backups", "damaged"):
        base = home / folder
        if base.is_dir():
            found += sorted(
                p
                for p in base.rglob("*")
                if p.is_file()
                and not p.name.endswith(".lock")
                and p.name != KEY_FILE  # a full backup's copy of the key file
                and p.parent.name != "templates"
            )
    return found


def seal_store(home: Path) -> list[Path]:
    """Seal every plain data file in place (the caller has unlocked). Each file is replaced
    atomically under its lock; run again after an interruption, it seals what is left."""
    sealed = []
    for path in plain_files(home):
        if path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)  # a killed writer's leftover; never the only copy
            continue
        lock = path.with_suffix(".lock")
        with storage.FileLock(lock, exclusive=True) if lock.exists() else nullcontext():
            storage.write_bytes_atomically(path, path.read_bytes())
        sealed.append(path)
    return sealed
