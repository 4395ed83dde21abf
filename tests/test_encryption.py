"""Encryption at rest: `recovery init --encrypt`, the passphrase, and nothing plain on disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import ok, refused, run, snapshot
from recoverytui.core import crypto, storage
from recoverytui.core.demo import create_demo
from recoverytui.core.errors import InvalidInput, StoreDamaged, StoreLocked
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
    result = runner.invoke(app, ["passphrase"], input=f"{PASSPHRASE}\n{new}\n{new}\n")
    assert result.exit_code == 0, result.stderr
    assert {p: p.read_bytes() for p in data_files(demo_home)} == plans  # one file changed
    with pytest.raises(InvalidInput):
        crypto.unlock(demo_home, PASSPHRASE)
    crypto.unlock(demo_home, new)
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
    with pytest.raises(StoreDamaged, match="encrypted"):
        storage.read_plan_file(store.index_path)


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
    with pytest.raises(StoreDamaged, match="another store's key"):
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
