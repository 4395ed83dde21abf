"""age keys (through pyrage): a worker's key pair, and one key pair per client.

Every file a laptop sends is encrypted to its client's key; that key's secret half is
wrapped (encrypted) to each worker the client is shared with, one small file each, so
sharing with a colleague re-encrypts nothing. Workers' secret keys stay on their laptops,
in the store's sealed files, under the store's passphrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyrage
from pyrage import x25519

from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _


class KeyProblem(PlanError):
    """A file that none of this laptop's keys opens, or a key that is not one."""


def new_pair() -> tuple[str, str]:
    """A new key pair, as age writes them: (secret, public)."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def check_public(public: str) -> str:
    try:
        _recipient(public.strip())
    except Exception:
        raise KeyProblem(_("{key} is not an age public key (age1…).").format(key=public)) from None
    return public.strip()


@cache
def _identity(secret: str) -> x25519.Identity:
    return x25519.Identity.from_str(secret)


@cache
def _recipient(public: str) -> x25519.Recipient:
    return x25519.Recipient.from_str(public)


def encrypt(payload: bytes, publics: Iterable[str]) -> bytes:
    return pyrage.encrypt(payload, [_recipient(p) for p in sorted(set(publics))])


def decrypt(blob: bytes, secrets: Iterable[str], what: str) -> bytes:
    identities = [_identity(s) for s in secrets]
    if identities:
        try:
            return pyrage.decrypt(blob, identities)
        except pyrage.DecryptError:
            pass
    raise KeyProblem(_("None of this laptop's keys opens {what}.").format(what=what))


def opens(blob: bytes, secrets: Iterable[str]) -> bytes | None:
    """decrypt, or None where no key given opens it."""
    identities = [_identity(s) for s in secrets]
    if not identities:
        return None
    try:
        return pyrage.decrypt(blob, identities)
    except pyrage.DecryptError:
        return None
