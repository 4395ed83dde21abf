"""Laptops of a team for the end-to-end tests: encrypted stores driven through the real
`recovery` command, one process per command, and a bare git repository on the local disk
as the team's server."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from process_support import TIMEOUT, child_env, recovery_executable
from recoverytui.core import crypto, storage

# Cheap key derivation: key.json records the cost, so every command unlocks cheaply.
CHEAP = {"n": 2**4, "r": 8, "p": 1}


@dataclass
class Laptop:
    home: Path
    passphrase: str

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = child_env(self.home)
        env["RECOVERY_PASSPHRASE"] = self.passphrase
        return subprocess.run(
            [recovery_executable(), *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def ok(self, *args: str, stdin: str = "") -> str:
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, (args, done.returncode, done.stdout, done.stderr)
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def refused(self, *args: str, code: int = 2) -> str:
        """A refusal: the exit code, one line on stderr, no traceback; that line."""
        done = self.run(*args)
        assert done.returncode == code, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        return lines[0]


def laptop(folder: Path, passphrase: str, *, encrypted: bool = True) -> Laptop:
    """A store in `folder`, encrypted with a cheap key made in this process."""
    if encrypted:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(crypto, "SCRYPT", CHEAP)
            crypto.create(folder, passphrase)
            crypto.seal_store(folder)
            crypto.mark_finished(folder)
            storage.use_sealer(None)  # as a new process starts
    else:
        storage.make_private_dir(folder)
    return Laptop(folder, passphrase)


# What git notes of each fetch and merge, whatever they brought: no change of anyone's data.
GIT_NOTES = re.compile(r"\.git/(FETCH_HEAD|ORIG_HEAD|logs/.*)$")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder under `folder`, but git's notes, to prove
    nothing was written."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
        if not GIT_NOTES.search(path.as_posix())
    }


def changed(before: dict[str, bytes | None], after: dict[str, bytes | None]) -> list[str]:
    """The paths whose content differs between two snapshots, or that only one holds."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k, 0) != after.get(k, 0))


def bare_repositories(server: Path) -> list[Path]:
    return sorted(p for p in server.rglob("*.git") if (p / "HEAD").is_file())


def objects(repository: Path) -> list[tuple[str, bytes]]:
    """Every object git holds in a repository, loose or packed, decompressed: its type and
    content, as `git cat-file --batch-all-objects --batch` gives them."""
    raw = subprocess.run(
        ["git", "-C", str(repository), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    ).stdout
    found, at = [], 0
    while at < len(raw):
        end = raw.index(b"\n", at)
        _sha, kind, size = raw[at:end].decode().split(" ")
        start = end + 1
        found.append((kind, raw[start : start + int(size)]))
        at = start + int(size) + 1  # each content is followed by a newline
    return found
