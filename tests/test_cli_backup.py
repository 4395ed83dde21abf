"""`recovery backup | restore | doctor` through typer's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import recoverytui.cli
from recoverytui.cli.app import app

runner = CliRunner()

recoverytui.cli.load_all()  # every command registered on the app


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: list[dt.date]) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(folder))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    return folder


def run(*args: str, stdin: str | None = None):
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args!r} crashed: {result.exception!r}") from result.exception
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def kari(home: Path) -> Path:
    """Kari with one goal; a daily backup of her plan from before it. Her plan's path."""
    client = json.loads(run("client", "add", "Kari", "--json").stdout)
    run("add-goal", "Buy a bed", "-c", "kari")
    return home / "clients" / f"{client['id']}.json"


def test_backup_prints_where_and_copies_the_store(home: Path, kari: Path, tmp_path: Path) -> None:
    result = run("backup", "-o", str(tmp_path / "copy"), "--json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["path"] == str(tmp_path / "copy")
    assert (tmp_path / "copy" / "clients" / kari.name).read_bytes() == kari.read_bytes()
    default = run("backup")
    assert default.exit_code == 0 and str(home / "backups" / "full-") in default.stdout


def test_backup_refuses_a_folder_name_no_file_system_takes(
    home: Path, kari: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone surrogate (found by the any-text test) is a plain refusal, nothing written."""
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("backup", "-o", "\udd00")
    assert result.exit_code == 2
    assert "That name can't be used for a folder here" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_restore_shows_the_difference_and_needs_a_yes(home: Path, kari: Path) -> None:
    before = snapshot(home)
    said_no = run("restore", "-c", "kari", "--from", "2026-11-26", stdin="n\n")
    assert said_no.exit_code == 1
    assert "goals" in said_no.stdout and "Nothing was changed" in said_no.stderr
    assert snapshot(home) == before
    said_yes = run("restore", "-c", "kari", "--from", "2026-11-26", stdin="y\n")
    assert said_yes.exit_code == 0, said_yes.stderr
    assert "Restored" in said_yes.stdout
    assert json.loads(run("goals", "-c", "kari", "--json").stdout) == []


def test_restore_with_yes_restores_exactly(home: Path, kari: Path) -> None:
    daily = home / "backups" / kari.stem / "2026-11-26.json"
    replaced = json.loads(kari.read_bytes())
    result = run("restore", "-c", "kari", "--from", str(daily), "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["now"]["goals"] == 1 and answer["backup"]["goals"] == 0
    # The backup exactly; the history goes on from the plan it replaced, and says from what;
    # the counters stay where they were, so goal 1 is never given to another goal.
    now, was = json.loads(kari.read_bytes()), json.loads(daily.read_bytes())
    history, kept = now.pop("history"), replaced.pop("history")
    del was["history"]
    for data in (now, was):
        del data["meta"]["1"]["history_head"]  # it follows the history
    assert now["meta"]["1"].pop("counters") == replaced["meta"]["1"]["counters"]
    del was["meta"]["1"]["counters"]
    assert now == was
    added = history.pop(str(len(history)))
    assert history == kept
    assert (added["action"], added["new"]) == ("restored", "2026-11-26.json")


@pytest.mark.parametrize(
    "source", ["damaged", "2026-01-01", "no such thing"], ids=["damaged", "no day", "nonsense"]
)
def test_restore_refuses_a_bad_source_touching_nothing(
    home: Path, kari: Path, tmp_path: Path, source: str
) -> None:
    if source == "damaged":
        bad = tmp_path / "bad.json"
        bad.write_bytes(b"null")
        source = str(bad)
    before = snapshot(home)
    result = run("restore", "-c", "kari", "--from", source, "--yes")
    assert result.exit_code == 2 and result.stderr.startswith("recovery: ")
    assert snapshot(home) == before


def test_restore_all_lists_who_comes_and_goes(home: Path, kari: Path, tmp_path: Path) -> None:
    run("backup", "-o", str(tmp_path / "copy"))
    run("client", "add", "Ola")
    result = run("restore", "--all", "--from", str(tmp_path / "copy"), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "ola is not in the backup" in result.stdout
    handles = [c["handle"] for c in json.loads(run("client", "list", "--json").stdout)]
    assert handles == ["kari"]


def test_restore_needs_one_client_or_all(home: Path, kari: Path) -> None:
    assert run("restore", "--from", "2026-11-26").exit_code == 2
    assert run("restore", "--all", "-c", "kari", "--from", "2026-11-26").exit_code == 2


def test_restore_takes_the_client_from_the_environment_as_every_command_does(
    home: Path, kari: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("backup", "-o", str(tmp_path / "copy"))
    run("add-goal", "Second", "-c", "kari")
    monkeypatch.setenv("RECOVERY_CLIENT", "kari")
    one = run("restore", "--from", str(tmp_path / "copy"), "--yes")
    assert one.exit_code == 0, one.stderr
    titles = [g["title"] for g in json.loads(run("goals", "--json").stdout)]
    assert titles == ["Buy a bed"]
    # Set in the environment, it does not stand in the way of --all.
    whole = run("restore", "--all", "--from", str(tmp_path / "copy"), "--yes")
    assert whole.exit_code == 0, whole.stderr


def test_doctor_exit_codes_and_repair(home: Path, kari: Path) -> None:
    well = run("doctor")
    assert well.exit_code == 0 and "All is well" in well.stdout
    kari.write_bytes(b"not json")
    before = snapshot(home)
    sick = run("doctor", "--json")
    assert sick.exit_code == 1
    answer = json.loads(sick.stdout)
    assert not answer["ok"] and [p["kind"] for p in answer["problems"]] == ["damaged"]
    assert snapshot(home) == before
    mended = run("doctor", "--repair")
    assert mended.exit_code == 0, mended.stdout
    assert "Moved aside" in mended.stdout
    assert [p.read_bytes() for p in (home / "damaged").iterdir()] == [b"not json"]
    assert run("doctor").exit_code == 0


def test_doctor_help_says_what_the_exit_codes_mean() -> None:
    result = run("doctor", "--help")
    assert "Exit code 0" in result.stdout and "1: problems" in result.stdout


def test_doctor_on_a_folder_with_no_store_says_so(home: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 0
    assert "There is no store in" in result.stdout and "All is well" not in result.stdout
    assert not home.exists()  # looking made nothing


def test_backup_names_a_file_it_cannot_vouch_for_and_copies_it_as_it_is(
    home: Path, kari: Path, tmp_path: Path
) -> None:
    kari.write_bytes(b'{"meta": {"1": {"schema": 1}}, "goals": {"1": {"ti')
    result = run("backup", "-o", str(tmp_path / "copy"))
    assert result.exit_code == 1
    assert "Copied 2 files" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("recovery: ") and f"clients/{kari.name} (kari)" in line
    assert (tmp_path / "copy" / "clients" / kari.name).read_bytes() == kari.read_bytes()
    answer = json.loads(run("backup", "-o", str(tmp_path / "again"), "--json").stdout)
    assert [(d["file"], d["client"]) for d in answer["unvouched"]] == [
        (f"clients/{kari.name}", "kari")
    ]


def test_restore_all_restores_what_is_sound_and_names_the_rest(
    home: Path, kari: Path, tmp_path: Path
) -> None:
    run("client", "add", "Ola")
    good = kari.read_bytes()
    kari.write_bytes(b"garbage")
    assert run("backup", "-o", str(tmp_path / "copy")).exit_code == 1
    kari.write_bytes(good)  # mended since; the backup still holds the damaged copy
    run("add-goal", "After the backup", "-c", "ola")
    run("add-goal", "Kari's own", "-c", "kari")
    kari_now = kari.read_bytes()
    preview = run("restore", "--all", "--from", str(tmp_path / "copy"), stdin="n\n")
    assert "Not restored: " in preview.stdout and kari.name in preview.stdout
    result = run("restore", "--all", "--from", str(tmp_path / "copy"), "--yes")
    assert result.exit_code == 1
    assert "Restored." in result.stdout
    assert "Not restored: " in result.stderr and "(kari)" in result.stderr
    assert kari.read_bytes() == kari_now  # left as it is
    assert json.loads(run("goals", "-c", "ola", "--json").stdout) == []
    handles = [c["handle"] for c in json.loads(run("client", "list", "--json").stdout)]
    assert handles == ["kari", "ola"]
    assert run("doctor").exit_code == 0


def test_the_preview_says_when_the_backup_was_taken_and_what_will_be_lost(
    home: Path, kari: Path
) -> None:
    run("check-in", "1", "-c", "kari", "--progress", "2")
    run("add-dream", "A dog of my own", "-c", "kari")
    result = run("restore", "-c", "kari", "--from", "today", stdin="n\n")
    said = result.stdout
    assert "taken 20" in said  # the moment it was taken, to the minute
    assert (
        "1 goal, 1 dream, 1 check-in not in the backup will be gone from the plan; "
        "the history keeps them." in said
    )
    assert "changes made after the backup will no longer be in the plan" in said
    assert "A newer copy is kept" in said and "--from latest" in said


def test_restore_from_latest_takes_the_plan_as_its_last_write_left_it(
    home: Path, kari: Path
) -> None:
    run("add-goal", "Second", "-c", "kari")
    run("add-goal", "Third", "-c", "kari")
    kari.write_bytes(b"garbage")
    result = run("restore", "-c", "kari", "--from", "latest", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # nothing of the history was lost
    titles = [g["title"] for g in json.loads(run("goals", "-c", "kari", "--json").stdout)]
    assert titles == ["Buy a bed", "Second", "Third"]
    assert json.loads(run("add-goal", "Fourth", "-c", "kari", "--json").stdout)["number"] == 4
    assert run("doctor").exit_code == 0


def test_restore_refuses_an_unfinished_backup(home: Path, kari: Path, tmp_path: Path) -> None:
    run("backup", "-o", str(tmp_path / "copy"))
    half = tmp_path / "copy.unfinished"
    (tmp_path / "copy").rename(half)
    before = snapshot(home)
    for args in (("--all",), ("-c", "kari")):
        result = run("restore", *args, "--from", str(half), "--yes")
        assert result.exit_code == 2 and "never finished" in result.stderr
    assert snapshot(home) == before


def test_doctor_names_a_cut_off_history_by_the_client(home: Path, kari: Path) -> None:
    data = json.loads(kari.read_bytes())
    del data["history"], data["meta"]["1"]["history_head"]
    kari.write_text(json.dumps(data))
    result = run("doctor")
    assert result.exit_code == 1
    assert "The change history of kari" in result.stdout and "All is well" not in result.stdout


def test_doctor_says_plainly_when_the_caseloads_log_is_lost(home: Path, kari: Path) -> None:
    import shutil

    run("client", "add", "Ola")
    run("client", "erase", "-c", "ola", stdin="ola\n")
    (home / "caseload.json").unlink()
    shutil.rmtree(home / "backups")
    mended = run("doctor", "--repair")
    assert mended.exit_code == 1
    assert "could not be recovered" in mended.stdout
    after = run("doctor")
    assert after.exit_code == 1 and "All is well" not in after.stdout
    assert "The caseload's log" in after.stdout
