"""The store's surroundings going wrong: no home folder, an empty or wrong $RECOVERY_HOME,
a folder that can't be entered, a store that can only be read. Each gets one clear line and
exit code 2, never "something unexpected"; a store that can only be read can still be read.

The real-process tests need a user that file modes apply to. Run as root, they drop root's
power in a user namespace (`unshare`), and are skipped where the machine allows none.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

from cli_support import ok, refused, run, snapshot
from process_support import TIMEOUT, child_env, recovery_executable

pytestmark = pytest.mark.slow


@functools.cache
def _namespace_works(*args: str) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", *args, "true"], capture_output=True, check=False)
    return probe.returncode == 0


def _as(uid: int) -> list[str]:
    """A command prefix that runs a child as `uid`, without any power over file modes."""
    args = ("--user", f"--map-user={uid}", f"--map-group={uid}")
    if not _namespace_works(*args):
        pytest.skip("this machine allows no user namespace (unshare) for an ordinary user")
    return ["unshare", *args]


def as_ordinary_user() -> list[str]:
    """Nothing where the tests already run as an ordinary user; else a user namespace."""
    return [] if os.geteuid() != 0 else _as(1000)


def as_user_without_home() -> list[str]:
    """A user the password database doesn't know, so there is no home to find."""
    unknown = next(uid for uid in range(4242, 65000) if not _known(uid))
    return _as(unknown)


def _known(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def recovery(
    home: Path | None,
    *args: str,
    prefix: list[str] | None = None,
    env: dict[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command on `home` (None: the usual store); `env` None values are unset."""
    environment = child_env(home or Path("/unused"))
    if home is None:
        del environment["RECOVERY_HOME"]
    environment.pop("XDG_DATA_HOME", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [*(prefix or []), recovery_executable(), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_refused_plainly(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("recovery: "), result.stderr
    assert "unexpected" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)


def make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.fixture
def demo(home: Path) -> Path:
    ok("demo")
    return home


# $RECOVERY_HOME ----------------------------------------------------------------------------


def test_an_empty_recovery_home_is_refused_not_taken_for_the_usual_store(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    usual = tmp_path / "usual"
    monkeypatch.setenv("XDG_DATA_HOME", str(usual))
    monkeypatch.setenv("RECOVERY_HOME", "")
    for args in (["client", "list"], ["client", "add", "Robin"], ["demo"], ["goals", "-c", "x"]):
        message = refused(home, *args)
        assert "RECOVERY_HOME" in message
    assert not usual.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["client", "add", "Robin"],
        ["init"],
        ["demo"],
        ["client", "list"],
        ["goals", "-c", "demo"],
        ["add-goal", "Walk", "-c", "demo"],
        ["backup"],
        ["doctor"],
    ],
    ids=" ".join,
)
def test_recovery_home_naming_a_file_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    monkeypatch.setenv("RECOVERY_HOME", str(a_file))
    assert "is a file" in refused(tmp_path, *args)
    assert a_file.read_text() == "mine\n"


def test_a_store_under_a_file_is_refused_plainly(tmp_path: Path, monkeypatch) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    monkeypatch.setenv("RECOVERY_HOME", str(a_file / "store"))
    refused(tmp_path, "client", "add", "Robin")
    refused(tmp_path, "init")


# No home -----------------------------------------------------------------------------------


def test_no_home_folder_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    def no_home(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("could not determine the home directory")

    monkeypatch.delenv("RECOVERY_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path", no_home)
    for args in (["client", "list"], ["client", "add", "Robin"], ["goals", "-c", "x"]):
        assert "RECOVERY_HOME" in refused(tmp_path, *args)


def test_a_relative_data_folder_is_not_taken_for_a_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("RECOVERY_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda *a, **k: Path("~/.local/share"))
    monkeypatch.chdir(tmp_path)
    assert "RECOVERY_HOME" in refused(tmp_path, "client", "add", "Robin")
    assert snapshot(tmp_path) == {}


def test_a_real_user_without_a_home_gets_one_line(tmp_path: Path) -> None:
    prefix = as_user_without_home()
    for args in (["client", "list"], ["client", "add", "Robin"], ["goals", "-c", "demo"]):
        result = recovery(None, *args, prefix=prefix, env={"HOME": None})
        assert_refused_plainly(result, "RECOVERY_HOME")


def test_a_home_that_isnt_there_gets_one_line(tmp_path: Path) -> None:
    prefix = as_ordinary_user()
    nowhere = tmp_path / "gone"
    tmp_path.chmod(0o500)
    try:
        result = recovery(None, "client", "add", "Robin", prefix=prefix, env={"HOME": str(nowhere)})
    finally:
        tmp_path.chmod(0o700)
    assert_refused_plainly(result)
    assert not nowhere.exists()


# A store that can only be read -------------------------------------------------------------


READS = [
    ["client", "list"],
    ["client", "show", "-c", "demo"],
    ["goals", "-c", "demo"],
    ["dreams", "-c", "demo"],
    ["check-ins", "-c", "demo"],
    ["ladder", "-c", "demo"],
    ["needs", "-c", "demo"],
    ["review", "-c", "demo"],
    ["history", "-c", "demo"],
    ["report", "weekly", "-c", "demo", "--format", "txt", "-o", "-"],
]
WRITES = [
    ["add-goal", "Walk", "-c", "demo"],
    ["client", "add", "Robin"],
    ["check-in", "1", "-p", "2", "-c", "demo"],
    ["worker", "Kari"],
]


@pytest.mark.parametrize("lock_files", ["kept", "never made"])
def test_a_read_only_store_can_be_read_and_refuses_writes_plainly(
    demo: Path, lock_files: str
) -> None:
    prefix = as_ordinary_user()
    if lock_files == "never made":
        for lock in demo.rglob("*.lock"):
            lock.unlink()
    make_read_only(demo)
    before = snapshot(demo)
    try:
        for args in READS:
            result = recovery(demo, *args, prefix=prefix)
            assert result.returncode == 0, (args, result.stderr)
            assert result.stderr == "", (args, result.stderr)
            assert "Traceback" not in result.stdout
        for args in WRITES:
            assert_refused_plainly(recovery(demo, *args, prefix=prefix))
        assert snapshot(demo) == before
    finally:
        make_writable(demo)


def test_a_store_folder_that_cant_be_entered_is_said_plainly(demo: Path) -> None:
    prefix = as_ordinary_user()
    demo.chmod(0o000)
    try:
        for args in (["client", "list"], ["goals", "-c", "demo"], ["add-goal", "x", "-c", "demo"]):
            assert_refused_plainly(recovery(demo, *args, prefix=prefix), "ermission")
    finally:
        demo.chmod(0o700)


def test_a_plans_folder_that_cant_be_written_refuses_plainly(demo: Path) -> None:
    prefix = as_ordinary_user()
    (demo / "clients").chmod(0o500)
    try:
        assert recovery(demo, "goals", "-c", "demo", prefix=prefix).returncode == 0
        assert_refused_plainly(recovery(demo, "add-goal", "Walk", "-c", "demo", prefix=prefix))
    finally:
        (demo / "clients").chmod(0o700)


def test_in_process_a_file_in_place_of_the_plans_folder_is_said_plainly(demo: Path) -> None:
    shutil.rmtree(demo / "clients")
    (demo / "clients").write_text("")
    result = run("client", "add", "Robin")
    assert result.exit_code == 2, result.stderr
    assert "unexpected" not in result.stderr
