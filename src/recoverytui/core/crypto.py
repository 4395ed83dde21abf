"""Encryption at rest (opt-in): every store file sealed with AES-256-GCM.

    $RECOVERY_HOME/key.json   the only plain file that says anything about the store: the
                              scrypt salt and cost, the key's id, and the store key wrapped
                              (encrypted) with the key derived from the passphrase

The store key is random. The passphrase only wraps it, so changing the passphrase rewrites
one file in one atomic step: all files keep opening, or none changed. A sealed file is
MAGIC + key id (8 bytes) + nonce (12 bytes) + ciphertext with its tag; the header is
authenticated too, so a changed byte anywhere is refused like damage.

`cryptography` is imported only here, and only for an encrypted store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import resource
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from recoverytui.core import storage
from recoverytui.core.errors import InvalidInput, StoreDamaged, StoreTooNew
from recoverytui.core.i18n import _

KEY_FILE = storage.KEY_FILE
FORMAT = 1
# One of OWASP's scrypt settings equal to N=2^17, chosen for 16 MiB of memory (a command
# stays well under 60 MiB): N=2^14, r=8, p=5. About a fifth of a second per command.
SCRYPT = {"n": 2**14, "r": 8, "p": 5}
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 1024
_ID = 8
_NONCE = 12
_HEADER = len(storage.SEALED_MAGIC) + _ID


def key_path(home: Path) -> Path:
    return home / KEY_FILE


class Cipher(storage.Sealer):
    """The unlocked store key. Lives as long as the process; nothing else keeps it."""

    def __init__(self, key: bytes, key_id: bytes, *, finished: bool = True) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)
        self.key_id = key_id
        # False until `init --encrypt` has sealed every file that was there before.
        self.finished = finished

    def seal(self, payload: bytes) -> bytes:
        header = storage.SEALED_MAGIC + self.key_id
        nonce = os.urandom(_NONCE)
        return header + nonce + self._aead.encrypt(nonce, payload, header)

    def open(self, blob: bytes, path: Path) -> bytes:
        from cryptography.exceptions import InvalidTag

        header, nonce = blob[:_HEADER], blob[_HEADER : _HEADER + _NONCE]
        if header[len(storage.SEALED_MAGIC) :] != self.key_id:
            raise StoreDamaged(
                _(
                    "The file {file} was encrypted with another store's key. "
                    "It has been left as it is."
                ).format(file=path)
            )
        try:
            return self._aead.decrypt(nonce, blob[_HEADER + _NONCE :], header)
        except InvalidTag:
            raise StoreDamaged(
                _(
                    "The file {file} can't be decrypted: it was changed or damaged after it "
                    "was written. It has been left exactly as it was; restore it from a backup."
                ).format(file=path)
            ) from None


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


def _wrap(store_key: bytes, key_id: bytes, passphrase: str, *, finished: bool) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(16)
    nonce = os.urandom(_NONCE)
    wrapped = AESGCM(_derive(passphrase, salt, SCRYPT)).encrypt(nonce, store_key, key_id)
    return {
        "format": FORMAT,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "key_id": key_id.hex(),
        "wrapped": _b64(nonce + wrapped),
        "finished": finished,
    }


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _read_key_file(home: Path) -> dict[str, Any]:
    """key.json, checked as every store file is (size, nesting, JSON) and then field by field."""
    path = key_path(home)
    try:
        if not path.exists():
            raise FileNotFoundError
        with open(path, "rb") as handle:  # never sealed, and never larger than a page
            raw = handle.read(64 * 1024 + 1)
        if len(raw) > 64 * 1024 or storage.is_sealed(raw):
            raise ValueError
        record = storage.decode(raw, path)
        if isinstance(record.get("format"), int) and record["format"] > FORMAT:
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
        if record["format"] != FORMAT or len(parts["key_id"]) != _ID:
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
    return {**parts, "cost": cost, "finished": record.get("finished", True) is not False}


def _unwrap(record: dict[str, Any], passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapped = record["wrapped"]
    kek = _derive(passphrase, record["salt"], record["cost"])
    try:
        return AESGCM(kek).decrypt(wrapped[:_NONCE], wrapped[_NONCE:], record["key_id"])
    except InvalidTag:
        raise InvalidInput(
            _("That passphrase does not open this store. Nothing was read or changed.")
        ) from None


def _no_core_dumps() -> None:
    """A core dump of an unlocked process would put the key and the plans on disk."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def unlock(home: Path, passphrase: str) -> Cipher:
    """Open an encrypted store: from now on this process reads and writes it sealed."""
    record = _read_key_file(home)
    _no_core_dumps()
    cipher = Cipher(_unwrap(record, passphrase), record["key_id"], finished=record["finished"])
    storage.use_sealer(cipher)
    return cipher


def create(home: Path, passphrase: str) -> Cipher:
    """Make the store's key, write key.json, and unlock. The caller then seals what is there."""
    check_passphrase(passphrase)
    if storage.is_encrypted(home):
        raise InvalidInput(_("This store is encrypted already."))
    _no_core_dumps()
    store_key, key_id = os.urandom(32), os.urandom(_ID)
    record = _wrap(store_key, key_id, passphrase, finished=False)
    storage.make_private_dir(home)
    with storage.FileLock(key_path(home).with_suffix(".lock"), exclusive=True):
        _write_key_file(home, record)
    cipher = Cipher(store_key, key_id, finished=False)
    storage.use_sealer(cipher)
    return cipher


def _write_key_file(home: Path, record: dict[str, Any]) -> None:
    storage.write_bytes_atomically(
        key_path(home), json.dumps(record, indent=2).encode(), seal=False
    )


def mark_finished(home: Path) -> None:
    """Every file is sealed: say so in key.json, so commands stop reminding."""
    with storage.FileLock(key_path(home).with_suffix(".lock"), exclusive=True):
        record = json.loads(key_path(home).read_bytes())
        if record.get("finished") is not True:
            record["finished"] = True
            _write_key_file(home, record)


def change_passphrase(home: Path, old: str, new: str) -> None:
    """Wrap the same store key with a new passphrase: one file, replaced in one step."""
    check_passphrase(new)
    with storage.FileLock(key_path(home).with_suffix(".lock"), exclusive=True):
        record = _read_key_file(home)
        store_key = _unwrap(record, old)
        _write_key_file(home, _wrap(store_key, record["key_id"], new, finished=record["finished"]))


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
