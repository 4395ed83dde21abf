"""Encryption at rest: `recovery init --encrypt`, the passphrase, and nothing plain on disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import resource
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cli_support import ok, refused, run, snapshot
from process_support import TIMEOUT, AckReader, child_env, recovery_executable
from recoverytui.core import backup, crypto, dates, storage
from recoverytui.core.demo import create_demo
from recoverytui.core.errors import (
    InvalidInput,
    PlanError,
    StoreKeyMissing,
    StoreLocked,
)
from recoverytui.core.store import Store

PASSPHRASE = "blue kettle on the stairs"
# Cheap key derivation for tests; the real cost is in crypto.SCRYPT and is read from key.json.
CHEAP = {"n": 2**4, "r": 8, "p": 1}
# What the demo plan holds that must never be readable on disk once encrypted.
PLAIN_WORDS = [b"Robin", b"Walk to the shop", b"brother", b'"goals"', b'"schema"']


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT", CHEAP)


@pytest.fixture
def demo_home(home: Path) -> Path:
    create_demo(Store(home))
    return home


def encrypt(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("init", "--encrypt")
    storage.use_sealer(None)  # as a new process would start


def data_files(home: Path) -> list[Path]:
    return [
        p
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.suffix != ".lock" and p.name != "key.json"
    ]


def sealed_with(home: Path) -> dict[str, str]:
    """Every sealed file of the store, with the id of the key it is sealed with."""
    header = len(storage.SEALED_MAGIC)
    return {
        str(p.relative_to(home)): p.read_bytes()[header : header + 8].hex()
        for p in data_files(home)
        if storage.is_sealed(p.read_bytes())
    }


def plain_texts(home: Path) -> dict[str, bytes]:
    """What every sealed file holds, read with the key this process has opened."""
    return {name: storage.read_bytes(home / name) for name in sealed_with(home)}


def assert_nothing_plain(home: Path) -> None:
    files = data_files(home)
    assert files
    for path in files:
        raw = path.read_bytes()
        assert storage.is_sealed(raw), f"{path} is not sealed"
        for word in PLAIN_WORDS:
            assert word not in raw, f"{word!r} readable in {path}"


def test_init_encrypt_seals_every_file_and_the_plan_still_reads(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = json.loads(ok("client", "show", "-c", "demo", "--json"))
    encrypt(demo_home, monkeypatch)
    assert_nothing_plain(demo_home)
    key = json.loads((demo_home / "key.json").read_text())
    assert key["cipher"] == "AES-256-GCM" and key["kdf"]["name"] == "scrypt"
    assert "Robin" not in json.dumps(key)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    assert json.loads(ok("client", "show", "-c", "demo", "--json")) == before
    # Read once and gone: a child process of this one would not inherit it.
    assert "RECOVERY_PASSPHRASE" not in os.environ


def test_writes_backups_and_full_copies_stay_sealed(
    day: list[dt.date], demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # day comes first, so the demo is made on the frozen calendar
    encrypt(demo_home, monkeypatch)
    day[0] += dt.timedelta(days=1)  # the day's first write: a backup
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("add-goal", "-c", "demo", "Plant herbs on the balcony")
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("backup")
    assert list((demo_home / "backups").glob("*/" + f"{day[0].isoformat()}.json"))
    full = next((demo_home / "backups").glob("full-*"))
    assert (full / "key.json").read_bytes() == (demo_home / "key.json").read_bytes()
    PLAIN_WORDS.append(b"Plant herbs")
    try:
        assert_nothing_plain(demo_home)
    finally:
        PLAIN_WORDS.remove(b"Plant herbs")


def test_the_temp_file_is_sealed_before_it_reaches_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crypto.create(tmp_path, PASSPHRASE)
    seen: list[bytes] = []
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        seen.append(Path(src).read_bytes())
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    storage.write_atomically(tmp_path / "plan.json", {"secret": "Robin's words"})
    assert len(seen) == 1 and storage.is_sealed(seen[0]) and b"Robin" not in seen[0]


def test_a_wrong_passphrase_is_refused_and_touches_nothing(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    for args in (("goals", "-c", "demo"), ("add-goal", "-c", "demo", "New"), ("backup",)):
        monkeypatch.setenv("RECOVERY_PASSPHRASE", "not the passphrase")
        message = refused(demo_home, *args)
        assert "passphrase does not open this store" in message
        assert "not the passphrase" not in message
        storage.use_sealer(None)


def test_no_passphrase_given_is_a_clear_refusal(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    before = snapshot(demo_home)
    result = run("goals", "-c", "demo")  # CliRunner's stdin is empty: the prompt gets nothing
    assert result.exit_code == 2
    assert "no passphrase was given" in result.stderr
    assert result.stdout.strip() == ""  # only the line end after the hidden prompt
    assert snapshot(demo_home) == before


def test_the_passphrase_is_asked_with_a_hidden_prompt(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    from cli_support import runner
    from recoverytui.cli.app import app

    result = runner.invoke(app, ["goals", "-c", "demo"], input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Walk to the shop" in result.stdout
    assert PASSPHRASE not in result.stdout + result.stderr  # not echoed


def test_the_passphrase_is_never_an_argument(demo_home: Path) -> None:
    result = run("init", "--encrypt", "--passphrase", PASSPHRASE)
    assert result.exit_code == 2
    assert not (demo_home / "key.json").exists()


def test_changing_the_passphrase(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encrypt(demo_home, monkeypatch)
    plans = {p: p.read_bytes() for p in data_files(demo_home)}
    new = "a new and longer passphrase"
    from cli_support import runner
    from recoverytui.cli.app import app

    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    # A wrong current passphrase, then new ones that don't match: nothing changes.
    key_before = (demo_home / "key.json").read_bytes()
    for given in (
        "wrong one!\n",  # said at once, before a new one is asked
        f"{PASSPHRASE}\n{new}\nsomething else\n",
        f"{PASSPHRASE}\n{PASSPHRASE}\n{PASSPHRASE}\n",
    ):
        result = runner.invoke(app, ["passphrase"], input=given)
        assert result.exit_code == 2, result.stdout
        assert "New passphrase" not in result.output or "wrong" not in given
        assert (demo_home / "key.json").read_bytes() == key_before
        storage.use_sealer(None)
    assert {p: p.read_bytes() for p in data_files(demo_home)} == plans
    crypto.unlock(demo_home, PASSPHRASE)
    before = plain_texts(demo_home)
    storage.use_sealer(None)
    result = runner.invoke(app, ["passphrase"], input=f"{PASSPHRASE}\n{new}\n{new}\n")
    assert result.exit_code == 0, result.stderr
    assert "the old passphrase opens nothing here" in result.stdout
    assert "recovery backup -o" in result.stdout  # what the change can't reach
    # A new key: every file is encrypted again with it, and holds what it held.
    key = json.loads((demo_home / "key.json").read_text())
    assert key["format"] == 1 and "retired" not in key
    assert key["key_id"] != json.loads(key_before)["key_id"]
    assert set(sealed_with(demo_home).values()) == {key["key_id"]}
    with pytest.raises(InvalidInput):
        crypto.unlock(demo_home, PASSPHRASE)
    crypto.unlock(demo_home, new)
    assert plain_texts(demo_home) == before
    with Store(demo_home).plan("demo") as plan:
        assert plan.client["name"] == "Robin"


def test_a_changed_byte_in_a_sealed_file_is_refused_and_left_alone(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    plan_file = next((demo_home / "clients").glob("*.json"))
    raw = bytearray(plan_file.read_bytes())
    raw[-5] ^= 0x01
    plan_file.write_bytes(bytes(raw))
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    message = refused(demo_home, "goals", "-c", "demo")
    assert "changed or damaged" in message
    assert plan_file.read_bytes() == bytes(raw)


def test_a_locked_store_refuses_to_be_used(tmp_path: Path) -> None:
    store = Store(tmp_path)
    create_demo(store)
    crypto.create(tmp_path, PASSPHRASE)
    crypto.seal_store(tmp_path)
    storage.use_sealer(None)
    with pytest.raises(StoreLocked):
        store.clients()
    with pytest.raises(StoreLocked, match="encrypted"):
        storage.read_plan_file(store.index_path)


def test_plain_text_never_replaces_a_sealed_file(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    (demo_home / "key.json").unlink()
    index = demo_home / "caseload.json"
    sealed = index.read_bytes()
    with pytest.raises(StoreKeyMissing):
        storage.write_atomically(index, {"clients": {}})
    assert index.read_bytes() == sealed
    storage.write_bytes_atomically(index, sealed)  # a copy of sealed bytes is no harm
    assert index.read_bytes() == sealed


# Every kind of command: reading, writing a plan, the index, the settings, copies, a new key.
WITHOUT_KEY = [
    ("goals", "-c", "demo"),
    ("add-goal", "-c", "demo", "Walk"),
    ("client", "list"),
    ("client", "add", "Bob"),
    ("worker", "Anna"),
    ("backup",),
    ("restore", "-c", "demo", "--from", "today", "--yes"),
    ("init", "--encrypt"),
    ("demo",),
]


@pytest.mark.parametrize("gone", [("key.json",), ("key.json", "caseload.json")])
def test_a_store_whose_key_file_is_gone_is_refused_whole(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch, gone: tuple[str, ...]
) -> None:
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("worker", "Kari")  # the settings are sealed too
    encrypt(demo_home, monkeypatch)
    for name in gone:
        (demo_home / name).unlink()
    before = snapshot(demo_home)
    for args in WITHOUT_KEY:
        monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
        assert "key.json, is missing" in refused(demo_home, *args), args
    for args in (("doctor",), ("doctor", "--repair")):
        result = run(*args, "--json")
        assert result.exit_code == 1, args
        problems = json.loads(result.stdout)["problems"]
        assert problems[0]["kind"] == "key-missing", problems
        # No sealed file is called damaged, moved aside, or stood in for by a plain one.
        assert not {p["kind"] for p in problems} & {"damaged", "wrong-id"}, problems
    assert snapshot(demo_home) == before
    assert "--repair changes nothing" in run("doctor").stdout


def test_unlocking_turns_core_dumps_off(tmp_path: Path) -> None:
    crypto.create(tmp_path, PASSPHRASE)
    storage.use_sealer(None)
    script = (
        "import resource, sys\n"
        "from recoverytui.core import crypto\n"
        f"crypto.unlock(__import__('pathlib').Path({str(tmp_path)!r}), {PASSPHRASE!r})\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str((0, 0))
    assert resource.RLIMIT_CORE  # the limit exists on this platform


def test_an_interrupted_init_is_finished_by_running_it_again(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if stopped after the key file and before the plans were sealed.
    crypto.create(demo_home, PASSPHRASE)
    storage.use_sealer(None)
    assert crypto.plain_files(demo_home)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    reminded = run("goals", "-c", "demo")
    assert reminded.exit_code == 0
    assert "Run `recovery init --encrypt` to finish it." in reminded.stderr
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("init", "--encrypt")
    assert_nothing_plain(demo_home)
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    ok("goals", "-c", "demo")  # no reminder on stderr any more


def test_a_crash_prints_no_passphrase(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encrypt(demo_home, monkeypatch)
    script = (
        "import os, sys\n"
        "from recoverytui.core.goals import GoalOps\n"
        "def boom(self, *a, **k):\n"
        "    raise RuntimeError(os.environ.get('SEEN', '') + ' Walk to the shop')\n"
        "GoalOps.add_goal = boom\n"
        "from recoverytui.cli import main\n"
        "sys.argv = ['recovery', 'add-goal', '-c', 'demo', 'Secret goal']\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env.update(RECOVERY_HOME=str(demo_home), RECOVERY_PASSPHRASE=PASSPHRASE, SEEN=PASSPHRASE)
    before = snapshot(demo_home)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert "RuntimeError" in done.stderr
    for secret in (PASSPHRASE, "Walk to the shop", "Secret goal"):
        assert secret not in done.stdout + done.stderr
    assert snapshot(demo_home) == before


def test_the_sealed_format_is_bound_to_its_key(tmp_path: Path) -> None:
    one = crypto.Cipher(os.urandom(32), b"A" * 8)
    other = crypto.Cipher(os.urandom(32), b"B" * 8)
    blob = one.seal(b"{}")
    assert one.open(blob, tmp_path) == b"{}"
    with pytest.raises(StoreKeyMissing, match="another store's"):  # not damage: whole
        other.open(blob, tmp_path)
    assert hashlib.sha256(blob).digest() != hashlib.sha256(one.seal(b"{}")).digest()  # fresh nonce


def test_a_wrong_passphrase_in_a_real_process_leaves_every_byte(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    recovery = Path(sys.executable).with_name("recovery")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env.update(RECOVERY_HOME=str(demo_home), RECOVERY_PASSPHRASE="close but wrong")
    before = snapshot(demo_home)
    for args in (["add-goal", "-c", "demo", "x"], ["restore", "-c", "demo", "--from", "today"]):
        done = subprocess.run(
            [str(recovery), *args], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("recovery: That passphrase does not open this store.")
        assert "Traceback" not in done.stderr
    assert snapshot(demo_home) == before


def test_doctor_finds_a_plain_file_in_an_encrypted_store_and_repair_seals_it(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    plan_file = next((demo_home / "clients").glob("*.json"))
    crypto.unlock(demo_home, PASSPHRASE)
    plain = storage.read_store_bytes(plan_file)
    plan_file.write_bytes(plain)  # as a program without the key would have left it
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"clients/{plan_file.name} is not encrypted" in result.stdout
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
    assert run("doctor", "--repair").exit_code == 0
    assert_nothing_plain(demo_home)


def test_an_empty_answer_at_the_prompt_gets_a_message(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    from cli_support import runner
    from recoverytui.cli.app import app

    opened = runner.invoke(app, ["goals", "-c", "demo"], input="\n")
    assert opened.exit_code == 2 and "does not open this store" in opened.stderr
    storage.use_sealer(None)
    changed = runner.invoke(app, ["passphrase"], input=f"{PASSPHRASE}\n\n")
    assert changed.exit_code == 2 and "at least 8 characters" in changed.stderr


@pytest.mark.parametrize("args", [("goals", "-c", "demo"), ("passphrase",)])
def test_without_a_terminal_only_the_real_message_shows(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """No terminal (a new session has none; stdin is empty) and no $RECOVERY_PASSPHRASE: one
    plain line, not getpass's warning that the typing may show, nor a prompt."""
    encrypt(demo_home, monkeypatch)
    before = snapshot(demo_home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(demo_home)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("recovery")), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,  # no controlling terminal: getpass can't open /dev/tty
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        "recovery: The store is encrypted, and there is no terminal to ask for its passphrase "
        "on. Run the command in a terminal, or set $RECOVERY_PASSPHRASE for a script.\n"
    )
    assert snapshot(demo_home) == before


# A change of passphrase ends the old one ------------------------------------------------

NEW = "a new and longer passphrase"
HERBS = b"Plant herbs on the balcony"


def with_passphrase(monkeypatch: pytest.MonkeyPatch, passphrase: str, *args: str) -> str:
    storage.use_sealer(None)  # as a new process would start
    monkeypatch.setenv("RECOVERY_PASSPHRASE", passphrase)
    return ok(*args)


def change(home: Path, old: str, new: str) -> Any:
    from cli_support import runner
    from recoverytui.cli.app import app

    storage.use_sealer(None)
    result = runner.invoke(app, ["passphrase"], input=f"{old}\n{new}\n{new}\n")
    assert result.exit_code == 0, result.stderr
    storage.use_sealer(None)
    return result


def every_kind_of_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Daily, full and before-restore backups, a copy in damaged/ and a killed writer's
    temp file, each sealed with the store's key of the moment."""
    next_day = dates.today() + dt.timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: next_day)  # the day's first write: a backup
    with_passphrase(monkeypatch, PASSPHRASE, "add-goal", "-c", "demo", "Call the landlord")
    with_passphrase(monkeypatch, PASSPHRASE, "backup")
    with_passphrase(monkeypatch, PASSPHRASE, "restore", "-c", "demo", "--from", "today", "--yes")
    plan = next((home / "clients").glob("*.json"))
    (home / "damaged").mkdir(mode=0o700)
    shutil.copy(plan, home / "damaged" / f"{plan.name}.2026-01-01T000000")
    shutil.copy(plan, plan.with_name(f".{plan.name}.tmp"))
    storage.use_sealer(None)
    kinds = sealed_with(home)
    for part in ("backups/full-", "before-restore", f"{next_day}.json", "damaged/", ".tmp"):
        assert any(part in name for name in kinds), (part, kinds)


def opened_with(home: Path, key_file: bytes, passphrase: str) -> dict[str, bytes]:
    """What a copy of the store gives someone who kept an old key file and has learnt its
    passphrase: every file that opens, and what it holds."""
    copy = home.parent / "stolen"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(home, copy)
    (copy / "key.json").write_bytes(key_file)
    crypto.unlock(copy, passphrase)
    opened = {}
    for name in sealed_with(copy):
        with contextlib.suppress(PlanError):
            opened[name] = storage.read_bytes(copy / name)
    storage.use_sealer(None)
    return opened


def test_the_old_passphrase_with_an_old_key_file_reads_nothing_after_a_change(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    every_kind_of_file(demo_home, monkeypatch)
    old_key = (demo_home / "key.json").read_bytes()
    full = next((demo_home / "backups").glob("full-*"))
    old_full_key = (full / "key.json").read_bytes()
    assert len(opened_with(demo_home, old_full_key, PASSPHRASE)) == len(sealed_with(demo_home))

    change(demo_home, PASSPHRASE, NEW)
    with_passphrase(monkeypatch, NEW, "add-goal", "-c", "demo", HERBS.decode())
    storage.use_sealer(None)

    assert opened_with(demo_home, old_key, PASSPHRASE) == {}
    assert opened_with(demo_home, old_full_key, PASSPHRASE) == {}
    # No key file left in the store opens with the old passphrase; the full backup's copy
    # is the new key file, so the backup still opens as a store of its own.
    for key_file in demo_home.rglob("*key.json*"):
        with pytest.raises(InvalidInput):
            opened_with(demo_home, key_file.read_bytes(), PASSPHRASE)
    assert (full / "key.json").read_bytes() == (demo_home / "key.json").read_bytes()
    # The new passphrase opens every file, and the goal written after the change.
    now = opened_with(demo_home, (demo_home / "key.json").read_bytes(), NEW)
    assert set(now) == set(sealed_with(demo_home))
    assert any(HERBS in text for text in now.values())


def test_cut_short_after_the_commit_the_old_key_reads_nothing_written_since(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    every_kind_of_file(demo_home, monkeypatch)
    old_key = (demo_home / "key.json").read_bytes()
    crypto.unlock(demo_home, PASSPHRASE)
    before = plain_texts(demo_home)
    storage.use_sealer(None)
    with monkeypatch.context() as stopped:  # as if killed right after key.json was replaced
        stopped.setattr(crypto, "finish_rotation", lambda home, cipher: crypto.Rotation())
        crypto.change_passphrase(demo_home, PASSPHRASE, NEW)
    storage.use_sealer(None)
    assert json.loads((demo_home / "key.json").read_text())["format"] == 2
    with pytest.raises(InvalidInput):
        crypto.unlock(demo_home, PASSPHRASE)  # dead from the commit on
    cipher = crypto.unlock(demo_home, NEW)
    assert cipher.rotating
    with Store(demo_home).plan("demo", write=True) as plan:
        plan.add_goal(HERBS.decode())
    storage.use_sealer(None)

    stolen = opened_with(demo_home, old_key, PASSPHRASE)
    assert stolen, "nothing was sealed again yet: the old key still opens the old files"
    for name, text in stolen.items():
        assert text == before[name], f"{name} changed after the change, yet opens"
        assert HERBS not in text

    # The next command finishes the change, and says so.
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", NEW)
    finished = run("goals", "-c", "demo")
    assert finished.exit_code == 0, finished.stderr
    assert "A change of passphrase was cut short; it is finished now" in finished.stderr
    assert HERBS.decode() in finished.stdout
    storage.use_sealer(None)
    key = json.loads((demo_home / "key.json").read_text())
    assert key["format"] == 1 and set(sealed_with(demo_home).values()) == {key["key_id"]}
    assert opened_with(demo_home, old_key, PASSPHRASE) == {}
    assert with_passphrase(monkeypatch, NEW, "goals", "-c", "demo")  # no message now


def test_restore_all_from_a_full_backup_inside_the_store_works_after_a_change(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    with_passphrase(monkeypatch, PASSPHRASE, "backup")
    full = next((demo_home / "backups").glob("full-*"))
    change(demo_home, PASSPHRASE, NEW)
    with_passphrase(monkeypatch, NEW, "add-goal", "-c", "demo", HERBS.decode())
    with_passphrase(monkeypatch, NEW, "restore", "--all", "--from", str(full), "--yes")
    goals = with_passphrase(monkeypatch, NEW, "goals", "-c", "demo")
    assert "Walk to the shop" in goals and HERBS.decode() not in goals
    # The full backup opens as a store of its own, with the new passphrase only.
    storage.use_sealer(None)
    with pytest.raises(InvalidInput):
        crypto.unlock(full, PASSPHRASE)
    crypto.unlock(full, NEW)
    assert Store(full).find_client("demo")["name"] == "Robin"


# A program that opened the store before the change: it holds the old key only.
OPENED_BEFORE = r"""
import sys
from pathlib import Path

from recoverytui.core import crypto
from recoverytui.core.errors import PlanError
from recoverytui.core.store import Store

home, passphrase = Path(sys.argv[1]), sys.argv[2]
crypto.unlock(home, passphrase)
store = Store(home)
try:
    with store.plan("demo", write=True) as plan:
        plan.add_goal("Written with the old key")
        print("ready", flush=True)
        sys.stdin.readline()  # the change of passphrase commits meanwhile
    print("write: saved", flush=True)
except PlanError as error:
    print(f"write: {error}", flush=True)
sys.stdin.readline()  # the change is finished
try:
    store.clients()
    print("read: opened", flush=True)
except PlanError as error:
    print(f"read: {error}", flush=True)
"""

CHANGE = r"""
import sys
from pathlib import Path

from recoverytui.core import crypto

crypto.SCRYPT = {"n": 2**4, "r": 8, "p": 1}
crypto.change_passphrase(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
"""


def test_a_program_opened_before_the_change_saves_nothing_after_it(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(demo_home)
    opened = subprocess.Popen(
        [sys.executable, "-c", OPENED_BEFORE, str(demo_home), PASSPHRASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert opened.stdout is not None and opened.stdin is not None
    assert opened.stdout.readline() == "ready\n"
    # The change commits at once; sealing the plan again waits for the plan's lock.
    changing = subprocess.Popen(
        [sys.executable, "-c", CHANGE, str(demo_home), PASSPHRASE, NEW], env=env
    )
    deadline = time.monotonic() + 20
    while json.loads((demo_home / "key.json").read_text())["format"] != 2:
        assert time.monotonic() < deadline and changing.poll() is None
        time.sleep(0.005)
    opened.stdin.write("go\n")
    opened.stdin.flush()
    wrote = opened.stdout.readline()
    assert changing.wait(20) == 0
    opened.stdin.write("go\n")
    opened.stdin.close()
    read = opened.stdout.read()
    assert opened.wait(20) == 0
    changed = "The store's passphrase was changed after this program opened it"
    assert wrote.startswith(f"write: {changed}"), wrote
    assert read.startswith(f"read: {changed}"), read
    crypto.unlock(demo_home, NEW)
    with Store(demo_home).plan("demo") as plan:
        assert "Written with the old key" not in {goal["title"] for goal in plan.goals()}
    key = json.loads((demo_home / "key.json").read_text())
    assert set(sealed_with(demo_home).values()) == {key["key_id"]}


# kill -9 during a change of passphrase ----------------------------------------------------


class Typing:
    """A real `recovery` with a terminal of its own (a pty): the prompts hide what is typed."""

    def __init__(self, home: Path, *args: str) -> None:
        self._master, slave = os.openpty()
        self.proc = subprocess.Popen(
            [recovery_executable(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=child_env(home),
            start_new_session=True,
        )
        os.close(slave)
        self.screen = ""

    def answer(self, prompt: str, typed: str) -> None:
        """Wait for the prompt, then type. getpass writes the prompt's last character (a
        space) once it has turned echo off; what is typed before that is thrown away."""
        prompt += " "
        deadline = time.monotonic() + TIMEOUT
        while prompt not in self.screen:
            assert time.monotonic() < deadline, f"no {prompt!r}: {self.screen!r}"
            ready, _w, _x = select.select([self._master], [], [], 0.05)
            if ready:
                try:
                    self.screen += os.read(self._master, 4096).decode(errors="replace")
                except OSError:  # the terminal closed: the program ended
                    pytest.fail(f"no {prompt!r}, it ended ({self.proc.wait()}): {self.screen!r}")
        self.screen = self.screen.split(prompt, 1)[1]
        os.write(self._master, typed.encode() + b"\n")

    def close(self) -> None:
        os.close(self._master)


def many_files(home: Path, monkeypatch: pytest.MonkeyPatch, clients: int) -> None:
    """An encrypted store whose clients were written on four days (three daily backups
    each), with full backups, before-restore copies, damaged/ copies and temp files."""
    crypto.create(home, PASSPHRASE)
    crypto.mark_finished(home)
    store = Store(home)
    first = dates.today() - dt.timedelta(days=3)
    for offset in range(4):
        day = first + dt.timedelta(days=offset)
        monkeypatch.setattr(dates, "today", lambda day=day: day)
        for n in range(clients):
            if offset == 0:
                store.add_client(f"Client {n}", handle=f"c{n}")
            with store.plan(f"c{n}", write=True) as plan:
                plan.add_goal(f"Goal of client {n} on {day}")
    for n in range(0, clients, 10):
        backup.restore_client(store, f"c{n}", first.isoformat())
    backup.backup_store(home)
    backup.backup_store(home, backup.backups_dir(home) / "full-second")
    (home / "damaged").mkdir(mode=0o700)
    for plan_file in sorted((home / "clients").glob("*.json"))[:3]:
        shutil.copy(plan_file, home / "damaged" / f"{plan_file.name}.2026-01-01T000000")
        shutil.copy(plan_file, plan_file.with_name(f".{plan_file.name}.tmp"))
    shutil.copy(plan_file, home / "clients" / ORPHAN)  # a new plan's first write, cut short
    storage.use_sealer(None)


# The temp file of a plan that was never written: no later write replaces it.
ORPHAN = ".00000000-0000-4000-8000-000000000000.json.tmp"


def assert_all_there(now: dict[str, bytes], before: dict[str, bytes], context: str) -> None:
    """Every file holds what it held. A temp file may be gone: the next write of its file
    reuses the name (a write cut short was never acknowledged)."""
    for name, text in before.items():
        if not (name.endswith(".tmp") and name not in now):
            assert now.get(name) == text, (context, name)


class Keys:
    """Key files and their passphrases, each unwrapped once (scrypt at full cost is slow)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._ciphers: dict[tuple[bytes, str], crypto.Cipher] = {}

    def cipher(self, key_file: bytes, passphrase: str) -> crypto.Cipher:
        """The keys a key file gives with a passphrase; InvalidInput if it gives none."""
        if (key_file, passphrase) not in self._ciphers:
            self._folder.mkdir(exist_ok=True)
            (self._folder / "key.json").write_bytes(key_file)
            self._ciphers[key_file, passphrase] = crypto.unlock(self._folder, passphrase)
            storage.use_sealer(None)
        return self._ciphers[key_file, passphrase]


def opened_by(home: Path, cipher: crypto.Cipher) -> dict[str, bytes]:
    """Every sealed file of the store that the keys open, and what it holds."""
    opened = {}
    for name in sealed_with(home):
        with contextlib.suppress(PlanError):
            opened[name] = cipher.open((home / name).read_bytes(), home / name)
    return opened


@pytest.mark.slow
def test_sigkill_at_random_moments_of_a_change_of_passphrase_loses_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real `recovery passphrase`, typed at its prompts, killed at random moments. After
    each kill the store opens with one passphrase, every file with what it held; the next
    command finishes the change; then no old key file opens anything."""
    seed = int(os.environ.get("RECOVERY_TEST_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    keys = Keys(tmp_path / "keys")
    many_files(home, monkeypatch, clients=30)
    before = opened_by(home, keys.cipher((home / "key.json").read_bytes(), PASSPHRASE))
    assert len(before) > 200 and len(before) == len(sealed_with(home))
    current = PASSPHRASE
    old_keys: list[tuple[bytes, str]] = []  # every key file the store had, with its passphrase
    seen = {"before the commit": 0, "half-way": 0, "files under both keys": 0, "finished": 0}

    def change(new: str) -> Typing:
        typing = Typing(home, "passphrase")
        typing.answer("Current passphrase:", current)
        typing.answer("New passphrase:", new)
        typing.answer("The same passphrase again:", new)
        return typing

    for round_ in range(6):
        context = f"seed {seed}, round {round_}"
        new = f"passphrase number {round_} of the rounds"
        key_before = (home / "key.json").read_bytes()
        typing = change(new)
        try:
            if round_ % 2:  # some moment after the commit, while files are sealed again
                deadline = time.monotonic() + TIMEOUT
                old_id = json.loads(key_before)["key_id"]
                while json.loads((home / "key.json").read_bytes())["key_id"] == old_id:
                    assert time.monotonic() < deadline and typing.proc.poll() is None, context
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, 0.3))
            else:  # any moment at all, scrypt included
                time.sleep(rng.uniform(0, 2.0))
            typing.proc.kill()
            typing.proc.wait(TIMEOUT)
        finally:
            typing.close()

        key_file = (home / "key.json").read_bytes()
        key = json.loads(key_file)
        if key["key_id"] != json.loads(key_before)["key_id"]:  # committed: a new key
            old_keys.append((key_before, current))
            current = new
            seen["finished" if key["format"] == 1 else "half-way"] += 1
        else:
            seen["before the commit"] += 1
        # One passphrase opens the store, never two.
        with pytest.raises(InvalidInput):
            keys.cipher(key_file, new if current != new else old_keys[-1][1])
        ids = set(sealed_with(home).values())
        seen["files under both keys"] += len(ids) > 1

        # Killed at any moment: every file opens with the passphrase in force and holds
        # what it held; a write cut short may leave a temp file, and nothing else.
        now = opened_by(home, keys.cipher(key_file, current))
        assert_all_there(now, before, context)
        for name in set(sealed_with(home)) - set(now):
            assert name.endswith(".tmp") and name not in before, (context, name)

        # Any command finishes the change.
        finished = subprocess.run(
            [recovery_executable(), "client", "list"],
            env={**child_env(home), "RECOVERY_PASSPHRASE": current},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert finished.returncode == 0, (context, finished.stderr)
        key_file = (home / "key.json").read_bytes()
        key = json.loads(key_file)
        assert key["format"] == 1 and "retired" not in key, context
        assert set(sealed_with(home).values()) == {key["key_id"]}, context
        now = opened_by(home, keys.cipher(key_file, current))
        assert set(now) == set(sealed_with(home)) <= set(before), context
        assert_all_there(now, before, context)
        if old_keys:
            assert opened_by(home, keys.cipher(*old_keys[-1])) == {}, context
    assert seen["files under both keys"], (seed, seen)

    # One change to its end: each full backup then holds the key file, and no key file in
    # the store opens with any passphrase the store had, nor do those key files open a file.
    old_keys.append(((home / "key.json").read_bytes(), current))
    typing = change(NEW)
    assert typing.proc.wait(TIMEOUT) == 0, typing.screen
    typing.close()
    key_file = (home / "key.json").read_bytes()
    assert set(sealed_with(home).values()) == {json.loads(key_file)["key_id"]}
    now = opened_by(home, keys.cipher(key_file, NEW))
    assert_all_there(now, before, f"seed {seed}")
    assert f"clients/{ORPHAN}" in now
    for full in backup.backups_dir(home).glob("full-*"):
        assert (full / "key.json").read_bytes() == key_file
    for old_key, old_passphrase in old_keys:
        assert opened_by(home, keys.cipher(old_key, old_passphrase)) == {}
        for found in home.rglob("*key.json*"):
            with pytest.raises(InvalidInput):
                keys.cipher(found.read_bytes(), old_passphrase)


# A writer through every change: when its key is retired it opens the store again.
WRITER = r"""
import sys
from pathlib import Path

from recoverytui.core import crypto, storage
from recoverytui.core.errors import InvalidInput, StoreLocked
from recoverytui.core.store import Store

home, handle, tag, *passphrases = sys.argv[1:]


def open_store():
    # The passphrase in force, or a later one: they are changed in this order.
    while passphrases:
        try:
            return crypto.unlock(Path(home), passphrases[0])
        except InvalidInput:
            passphrases.pop(0)
    raise SystemExit("no passphrase opens the store")


open_store()
store = Store(Path(home))
sys.stdin.readline()
i = 0
while True:
    trace = f"{tag}-{i}"
    try:
        with store.plan(handle, write=True) as plan:
            plan.add_goal(f"{trace} goal")
    except StoreLocked:  # the passphrase was changed: nothing was written
        sys.stdout.write(f"reopen {trace}\n")
        storage.use_sealer(None)
        open_store()
        continue
    sys.stdout.write(f"ack {trace}\n")
    sys.stdout.flush()
    i += 1
"""


@pytest.mark.slow
def test_writes_during_changes_of_passphrase_killed_at_random_are_all_kept(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seed = int(os.environ.get("RECOVERY_TEST_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    keys = Keys(tmp_path / "keys")
    many_files(home, monkeypatch, clients=10)
    passphrases = [PASSPHRASE] + [f"passphrase number {n} of the rounds" for n in range(4)]
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(home), handle, handle, *passphrases],
            env=child_env(home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for handle in ("c1", "c2")
    ]
    readers = [AckReader(writer) for writer in writers]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    current = PASSPHRASE
    old_keys = []
    try:
        for round_, new in enumerate(passphrases[1:]):
            key_before = (home / "key.json").read_bytes()
            typing = Typing(home, "passphrase")
            typing.answer("Current passphrase:", current)
            typing.answer("New passphrase:", new)
            typing.answer("The same passphrase again:", new)
            if round_ < 3:
                time.sleep(rng.uniform(0, 2.0))
                typing.proc.kill()
            typing.proc.wait(TIMEOUT)
            typing.close()
            key_id = json.loads((home / "key.json").read_bytes())["key_id"]
            if key_id != json.loads(key_before)["key_id"]:  # committed: a new key
                old_keys.append((key_before, current))
                current = new
    finally:
        for writer in writers:
            writer.kill()
            writer.wait(TIMEOUT)
            assert writer.stderr is not None
            assert writer.stderr.read() == "", f"seed {seed}"
    said = [line for reader in readers for line in reader.all_lines()]
    acked = {trace for word, trace in said if word == "ack"}
    assert len(acked) > 20, f"seed {seed}: the writers hardly wrote"
    assert any(word == "reopen" for word, _trace in said), f"seed {seed}: no key was retired"

    finished = subprocess.run(
        [recovery_executable(), "client", "list"],
        env={**child_env(home), "RECOVERY_PASSPHRASE": current},
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    key_file = (home / "key.json").read_bytes()
    assert set(sealed_with(home).values()) == {json.loads(key_file)["key_id"]}
    cipher = keys.cipher(key_file, current)
    written = b"".join(
        cipher.open(path.read_bytes(), path) for path in (home / "clients").glob("*.json")
    )
    assert not [trace for trace in acked if f"{trace} goal".encode() not in written], seed
    for old_key, old_passphrase in old_keys:
        assert opened_by(home, keys.cipher(old_key, old_passphrase)) == {}, seed


def test_a_backup_made_outside_before_a_change_opens_with_the_old_passphrase_only(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the README says of `backup -o`: the copy keeps the key file of its day. It is
    still restored from, with the passphrase of its day, and what it brings back is
    encrypted with the store's new key."""
    encrypt(demo_home, monkeypatch)
    outside = tmp_path / "usb-stick"
    with_passphrase(monkeypatch, PASSPHRASE, "backup", "-o", str(outside))
    change(demo_home, PASSPHRASE, NEW)
    with_passphrase(monkeypatch, NEW, "add-goal", "-c", "demo", HERBS.decode())
    storage.use_sealer(None)
    crypto.unlock(outside, PASSPHRASE)  # a copy of the store, as it was
    assert Store(outside).find_client("demo")["name"] == "Robin"
    storage.use_sealer(None)
    with pytest.raises(InvalidInput):
        crypto.unlock(outside, NEW)

    from cli_support import runner
    from recoverytui.cli.app import app

    monkeypatch.setenv("RECOVERY_PASSPHRASE", NEW)
    args = ["restore", "--all", "--from", str(outside), "--yes"]
    wrong = runner.invoke(app, args, input=f"{NEW}\n")
    assert wrong.exit_code == 2 and "does not open the backup" in wrong.stderr, wrong.output
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", NEW)
    before = snapshot(demo_home)
    restored = runner.invoke(app, args, input=f"{PASSPHRASE}\n")
    assert restored.exit_code == 0, restored.output
    assert "Passphrase of the backup" in restored.stderr
    assert snapshot(demo_home) != before
    storage.use_sealer(None)
    key = json.loads((demo_home / "key.json").read_text())
    assert set(sealed_with(demo_home).values()) == {key["key_id"]}
    goals = with_passphrase(monkeypatch, NEW, "goals", "-c", "demo")
    assert "Walk to the shop" in goals and HERBS.decode() not in goals


@pytest.mark.parametrize(
    "args", [("doctor", "--repair"), ("passphrase",), ("init", "--encrypt"), ("backup",)]
)
def test_any_command_finishes_a_change_cut_short(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    encrypt(demo_home, monkeypatch)
    with monkeypatch.context() as stopped:  # as if killed right after key.json was replaced
        stopped.setattr(crypto, "finish_rotation", lambda home, cipher: crypto.Rotation())
        crypto.change_passphrase(demo_home, PASSPHRASE, NEW)
    storage.use_sealer(None)
    from cli_support import runner
    from recoverytui.cli.app import app

    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    # `passphrase` with the same new one again: nothing more to change, but finished.
    result = runner.invoke(app, list(args), input=f"{NEW}\n{NEW}\n{NEW}\n")
    assert "it is finished now" in result.stderr, result.output
    key = json.loads((demo_home / "key.json").read_text())
    assert key["format"] == 1 and set(sealed_with(demo_home).values()) == {key["key_id"]}


def test_a_file_that_cannot_be_written_now_keeps_the_old_key_until_the_next_opening(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(demo_home, monkeypatch)
    plan_file = next((demo_home / "clients").glob("*.json"))
    real_write = storage.write_bytes_atomically

    def full_disk(path: Path, payload: bytes, *, seal: bool = True) -> None:
        if path == plan_file:
            raise storage.StoreWriteFailed(
                f"{path} could not be saved (No space left on device)",
                path=path,
                reason="No space left on device",
            )
        real_write(path, payload, seal=seal)

    with monkeypatch.context() as full:
        full.setattr(storage, "write_bytes_atomically", full_disk)
        done = crypto.change_passphrase(demo_home, PASSPHRASE, NEW)
    assert not done.finished and list(done.blocked) == [plan_file]
    said = " ".join(done.notes(demo_home))
    assert "could not be encrypted again now" in said and "No space left" in said
    storage.use_sealer(None)
    key = json.loads((demo_home / "key.json").read_text())
    assert key["format"] == 2  # the retired key is kept: the plan is still sealed with it
    assert len(set(sealed_with(demo_home).values())) == 2
    storage.use_sealer(None)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", NEW)
    goals = run("goals", "-c", "demo")
    assert goals.exit_code == 0 and "Walk to the shop" in goals.stdout
    assert "it is finished now (1 file encrypted again" in goals.stderr
    key = json.loads((demo_home / "key.json").read_text())
    assert key["format"] == 1 and set(sealed_with(demo_home).values()) == {key["key_id"]}


def test_an_old_key_file_put_back_is_refused_and_the_doctor_moves_nothing(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change of passphrase, key.json from before it put back in place (with its
    passphrase): the files are whole, only sealed with a key it doesn't hold."""
    encrypt(demo_home, monkeypatch)
    old_key = (demo_home / "key.json").read_bytes()
    change(demo_home, PASSPHRASE, NEW)
    (demo_home / "key.json").write_bytes(old_key)
    before = snapshot(demo_home)
    for args in (("goals", "-c", "demo"), ("worker", "Anna"), ("add-goal", "-c", "demo", "X")):
        monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
        storage.use_sealer(None)
        assert "is not the one its files were encrypted with" in refused(demo_home, *args)
    for args in (("doctor",), ("doctor", "--repair")):
        monkeypatch.setenv("RECOVERY_PASSPHRASE", PASSPHRASE)
        storage.use_sealer(None)
        result = run(*args, "--json")
        assert result.exit_code == 1, args
        problems = json.loads(result.stdout)["problems"]
        assert [p["kind"] for p in problems] == ["key-missing"], problems
    assert snapshot(demo_home) == before
