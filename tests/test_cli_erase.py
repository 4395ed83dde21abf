"""`recovery client archive | unarchive | erase` through typer's CliRunner.

The erasure test builds a store the way people do (two clients, writes on two days, a full
backup, a restore, a repair that leaves a damaged copy, printouts), erases one client and
then reads every byte under $RECOVERY_HOME looking for anything of theirs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calendar_support import DAY
from cli_support import as_json, ok, refused, run, runner, snapshot
from recoverytui.cli.app import app

# Everything that would give Zelda away, as typed into the plan.
ZELDA = {
    "name": "Zelda Quorn",
    "handle": "zelda",
    "dream": "Sail to Lofoten someday",
    "goals": ["Paint the kitchen teal", "Call the landlord about heating"],
    "step": "Buy brushes at Jernia",
    "note": "Brushes bought, colour chosen",
    "area": "Laundry on Thursdays",
}


def erase(*args: str, typed: str | None) -> Any:
    """`recovery client erase ARGS`, answering the question with `typed`."""
    result = runner.invoke(app, ["client", "erase", *args], input=typed)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"erase crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def words_of(client: dict[str, Any]) -> list[str]:
    return [client["id"], client["name"], *client["name"].split(), client["handle"]]


def mentions(home: Path, words: list[str]) -> list[tuple[str, str]]:
    """Every (file, word) where a file under home, or its name, holds one of the words."""
    hits = []
    for path in sorted(home.rglob("*")):
        raw = path.read_bytes() if path.is_file() else b""
        for word in words:
            if word.encode() in raw or word in str(path.relative_to(home)):
                hits.append((str(path.relative_to(home)), word))
    return hits


def clean(home: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert "All is well" in result.stdout


@pytest.fixture
def two(home: Path, day: list[dt.date], tmp_path: Path) -> dict[str, Any]:
    """Zelda and Ola, with plans, backups of every kind and printouts. Zelda's client doc."""
    zelda = as_json("client", "add", ZELDA["name"], "--handle", "zelda")
    ola = as_json("client", "add", "Ola Nordmann", "--handle", "ola")
    ok("add-dream", ZELDA["dream"], "-c", "zelda")
    ok("add-goal", ZELDA["goals"][0], "-c", "zelda", "--step", ZELDA["step"])
    ok("check-in", "1", "-c", "zelda", "--progress", "2", "--note", ZELDA["note"])
    ok("add-area", ZELDA["area"], "-c", "zelda", "--step", "2")
    ok("add-goal", "Fix the bicycle", "-c", "ola")
    day[0] = DAY + dt.timedelta(days=1)  # a second day: new daily backups of both plans
    ok("add-goal", ZELDA["goals"][1], "-c", "zelda")
    ok("check-in", "1", "-c", "ola", "--progress", "3", "--note", "Chain oiled")
    ok("review", "-c", "zelda", "--words", "A good week with the paint")
    assert run("backup").exit_code == 0  # backups/full-<stamp>/
    # A restore keeps the plan it replaces (backups/<id>/before-restore-…), and a restore of
    # the whole store first copies it to backups/full-<stamp>-before-restore.
    assert run("restore", "-c", "zelda", "--from", DAY.isoformat(), "--yes").exit_code == 0
    full = next((home / "backups").glob("full-*"))
    assert run("restore", "--all", "--from", str(full), "--yes").exit_code == 0
    # A damaged plan, moved aside by the doctor, which puts back the newest daily backup.
    plan = home / "clients" / f"{zelda['id']}.json"
    plan.write_bytes(plan.read_bytes()[:-20])
    assert run("doctor", "--repair").exit_code == 0
    printouts = home / "printouts"
    for handle in ("zelda", "ola"):
        for fmt in ("md", "txt", "pdf"):
            assert (
                run("report", "weekly", "-c", handle, "--format", fmt, "-o", f"{printouts}/")
            ).exit_code == 0
    return {"zelda": zelda, "ola": ola}


def test_the_store_fixture_holds_zelda_everywhere(home: Path, two: dict[str, Any]) -> None:
    """Without this, the erasure test below could pass on a store that never held her."""
    zelda = two["zelda"]["id"]
    assert len(list((home / "backups" / zelda).glob("????-??-??.json"))) == 2
    assert list((home / "backups" / zelda).glob("before-restore-*"))
    fulls = sorted((home / "backups").glob("full-*"))
    assert len(fulls) == 2 and any(p.name.endswith("-before-restore") for p in fulls)
    assert all((full / "clients" / f"{zelda}.json").is_file() for full in fulls)
    assert [p.name.split(".json")[0] for p in (home / "damaged").iterdir()] == [zelda]
    assert len(list((home / "printouts").glob("zelda-2026-W48.*"))) == 3
    assert list((home / "backups" / "caseload").glob("*.json"))
    found = {word for _file, word in mentions(home, words_of(two["zelda"]))}
    assert found == set(words_of(two["zelda"]))
    clean(home)


def test_erase_leaves_nothing_of_the_client(
    home: Path, two: dict[str, Any], day: list[dt.date]
) -> None:
    zelda, ola = two["zelda"], two["ola"]
    # A new day: the erasure is the index's first write today, which takes a daily backup.
    day[0] += dt.timedelta(days=1)
    ola_files = {
        path: data
        for path, data in snapshot(home).items()
        if ola["id"] in path and data is not None
    }
    assert len(ola_files) >= 4  # plan, daily backups, full copies
    ola_plan_before = as_json("client", "show", "-c", "ola")

    result = erase("-c", "zelda", typed="zelda\n")

    assert result.exit_code == 0, result.stderr
    assert "Erased Zelda Quorn (zelda)" in result.stdout
    assert "archive" in result.stdout  # the gentler way was offered first
    assert "Type the handle of the client to erase everything (zelda):" in result.stdout
    assert "recovery backup -o" in result.stdout  # copies outside the store are named
    assert "Ola" not in result.stdout and "Nordmann" not in result.stdout  # no one else's name
    words = [
        *words_of(zelda),
        ZELDA["dream"],
        *ZELDA["goals"],
        ZELDA["step"],
        ZELDA["note"],
        ZELDA["area"],
        "A good week with the paint",
    ]
    assert mentions(home, words) == []
    # Ola is untouched: every file of his is as it was, and his plan reads the same.
    after = snapshot(home)
    assert {path: after.get(path) for path in ola_files} == ola_files
    assert as_json("client", "show", "-c", "ola") == ola_plan_before
    assert [c["handle"] for c in as_json("client", "list", "--all")] == ["ola"]
    for full in (home / "backups").glob("full-*"):
        index = json.loads((full / "caseload.json").read_bytes())
        assert [e["handle"] for e in index["clients"].values()] == ["ola"]
    clean(home)
    # The caseload's log says an erasure happened, and nothing about whom.
    log = json.loads((home / "caseload.json").read_bytes())["log"]
    erased = [entry for entry in log.values() if entry["what"] == "client-erased"]
    assert len(erased) == 1
    assert set(erased[0]) <= {"when", "who", "what", "seq", "prev", "hash"}
    # Neither the doctor nor a restore of a full backup brings her back.
    assert run("doctor", "--repair").exit_code == 0
    full = sorted((home / "backups").glob("full-*"))[0]
    assert run("restore", "--all", "--from", str(full), "--yes").exit_code == 0
    assert [c["handle"] for c in as_json("client", "list", "--all")] == ["ola"]
    assert run("goals", "-c", "zelda").exit_code == 2
    assert mentions(home, words) == []


def test_erase_json_keeps_stdout_for_the_json(home: Path, two: dict[str, Any]) -> None:
    result = erase("-c", "zelda", "--json", typed="zelda\n")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)  # the JSON alone: the question went to stderr
    assert answer["erased"] is True and answer["client"]["handle"] == "zelda"
    assert answer["daily_backups"] == 2 and answer["before_restore"] == 1
    assert answer["recent_copies"] >= 1
    assert len(answer["full_backups"]) == 2 and len(answer["damaged"]) == 1
    assert sorted(Path(p).name for p in answer["printouts"]) == [
        "zelda-2026-W48.md",
        "zelda-2026-W48.pdf",
        "zelda-2026-W48.txt",
    ]
    assert answer["needs_a_look"] == []
    assert "Type the handle" in result.stderr and "archive" in result.stderr
    assert as_json("client", "list", "--all")[0]["handle"] == "ola"


@pytest.mark.parametrize(
    "typed", ["Zelda\n", "ola\n", "\n", "", "zelda-\n"], ids=["case", "other", "empty", "eof", "x"]
)
def test_a_wrong_answer_erases_nothing(home: Path, two: dict[str, Any], typed: str) -> None:
    before = snapshot(home)
    result = erase("-c", "zelda", typed=typed)
    assert result.exit_code == 2
    assert "Nothing was erased." in result.stderr
    assert "Erased" not in result.stdout
    assert snapshot(home) == before


def test_the_typed_handle_may_have_spaces_around_it(home: Path, day: list[dt.date]) -> None:
    ok("client", "add", "Kari")
    result = erase("-c", "kari", typed="  kari \n")
    assert result.exit_code == 0, result.stderr
    assert as_json("client", "list", "--all") == []


def test_unknown_client_is_refused(home: Path, two: dict[str, Any]) -> None:
    message = refused(home, "client", "erase", "-c", "nobody")
    assert "nobody" in message
    refused(home, "client", "erase")


def test_erase_after_an_interrupted_erase_finishes(home: Path, two: dict[str, Any]) -> None:
    """The plan file is gone (removed by hand, or by an erasure stopped before the index
    was written); the entry is still listed. Erasing again finishes, and the doctor is
    quiet afterwards."""
    zelda = two["zelda"]
    (home / "clients" / f"{zelda['id']}.json").unlink()
    assert run("doctor").exit_code == 1  # the caseload lists a plan that isn't there
    result = erase("-c", "zelda", typed="zelda\n")
    assert result.exit_code == 0, result.stderr
    assert mentions(home, words_of(zelda)) == []
    clean(home)


def test_archive_hides_and_keeps(home: Path, day: list[dt.date], tmp_path: Path) -> None:
    ok("client", "add", "Kari")
    ok("client", "add", "Ola")
    ok("add-goal", "Buy a bed", "-c", "kari")
    before = as_json("client", "show", "-c", "kari")["client"]

    said = ok("client", "archive", "-c", "kari")
    assert "nothing is deleted" in said and "unarchive" in said
    assert [c["handle"] for c in as_json("client", "list")] == ["ola"]
    listed = as_json("client", "list", "--all")
    assert [(c["handle"], c["archived"]) for c in listed] == [("kari", True), ("ola", False)]
    assert "Kari (archived)" in ok("client", "list", "--all")
    assert "Kari" not in ok("client", "list")
    # -c still finds her, and her plan is all there.
    shown = as_json("client", "show", "-c", "kari")
    assert shown["client"]["archived"] is True
    assert shown["client"]["revision"] == before["revision"] + 1
    assert [g["title"] for g in shown["goals"]] == ["Buy a bed"]
    # report weekly --all passes her over.
    out = tmp_path / "sheets"
    written = as_json("report", "weekly", "--all", "--format", "txt", "-o", str(out))
    assert [w["client"] for w in written] == ["ola"]

    # Archiving again changes nothing.
    before_again = snapshot(home)
    assert as_json("client", "archive", "-c", "kari")["archived"] is True
    assert snapshot(home) == before_again

    back = as_json("client", "unarchive", "-c", "kari")
    assert back["archived"] is False and back["revision"] == before["revision"] + 2
    assert [c["handle"] for c in as_json("client", "list")] == ["kari", "ola"]
    assert "back on the caseload" in ok("client", "unarchive", "-c", "kari")


def test_archive_of_an_unknown_client_is_refused(home: Path, day: list[dt.date]) -> None:
    ok("client", "add", "Kari")
    refused(home, "client", "archive", "-c", "nobody")
    refused(home, "client", "unarchive", "-c", "nobody")


def test_an_archived_client_can_be_erased(home: Path, day: list[dt.date]) -> None:
    kari = as_json("client", "add", "Kari")
    ok("client", "archive", "-c", "kari")
    assert erase("-c", "kari", typed="kari\n").exit_code == 0
    assert mentions(home, words_of(kari)) == []


def test_erase_json_in_a_real_process_prints_only_json(home: Path) -> None:
    ok("client", "add", "Kari")
    done = subprocess.run(
        [sys.executable, "-m", "recoverytui", "client", "erase", "-c", "kari", "--json"],
        input="kari\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "RECOVERY_HOME": str(home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["erased"] is True
    assert "Type the handle of the client to erase everything (kari):" in done.stderr


def test_erase_in_an_encrypted_store_keeps_every_file_sealed(
    home: Path, two: dict[str, Any], day: list[dt.date], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index copies it rewrites are sealed again, and nothing of Zelda's is left inside
    the sealed files either."""
    from recoverytui.core import crypto, storage

    monkeypatch.setattr(crypto, "SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    monkeypatch.setenv("RECOVERY_PASSPHRASE", "blue kettle on the stairs")
    ok("init", "--encrypt")
    storage.use_sealer(None)
    day[0] += dt.timedelta(days=1)
    monkeypatch.setenv("RECOVERY_PASSPHRASE", "blue kettle on the stairs")
    result = erase("-c", "zelda", typed="zelda\n")
    assert result.exit_code == 0, result.stderr
    storage.use_sealer(None)
    assert crypto.plain_files(home) == []
    crypto.unlock(home, "blue kettle on the stairs")
    words = [*words_of(two["zelda"]), *ZELDA["goals"], ZELDA["dream"]]
    for path in sorted(home.rglob("*")):
        if path.is_file() and "printouts" not in path.parts:
            inside = storage.read_bytes(path)
            assert not [w for w in words if w.encode() in inside or w in str(path)], path
    monkeypatch.setenv("RECOVERY_PASSPHRASE", "blue kettle on the stairs")
    storage.use_sealer(None)
    clean(home)
