"""Damage through the command line: one clear line, exit 2, nothing lost or written over;
the doctor reports it by client; a store from another version of the program."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from cli_support import as_json, ok, refused, run, snapshot
from recoverytui.core import dates, history, storage

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CUT_SHORT = b'{"worker": "Anne", "backups_ke'


@pytest.fixture(autouse=True)
def calendar(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    day = [dt.date(2026, 11, 26)]
    monkeypatch.setattr(dates, "today", lambda: day[0])
    monkeypatch.setattr(history, "login_name", lambda: "ola-login")
    return day


@pytest.fixture
def kari(home: Path) -> Path:
    client = as_json("client", "add", "Kari")
    ok("client", "add", "Ola")
    ok("add-goal", "Walk to the shop", "-c", "kari")
    return home / "clients" / f"{client['id']}.json"


# settings.json ---------------------------------------------------------------------------------


def test_damaged_settings_are_reported_never_written_over_and_never_the_defaults(
    home: Path, kari: Path, calendar: list[dt.date]
) -> None:
    ok("worker", "Anne")
    (home / "settings.json").write_bytes(CUT_SHORT)
    for args in (("worker", "Per"), ("worker", "--clear"), ("worker",)):
        said = refused(home, *args)
        assert said.startswith("recovery: The settings file") and "can't be read" in said
    # A plan is still written, with a warning; the history names no one it isn't sure of.
    calendar[0] = dt.date(2026, 11, 27)
    result = run("add-goal", "Call my sister", "-c", "kari")
    assert result.exit_code == 0 and "Added goal 2" in result.stdout
    assert "recorded as made by an unknown worker" in result.stderr
    assert as_json("history", "-c", "kari")[-1]["who"] == "unknown"
    assert (home / "settings.json").read_bytes() == CUT_SHORT
    doctor = run("doctor")
    assert doctor.exit_code == 1 and "The settings file" in doctor.stdout
    assert "All is well" not in doctor.stdout
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0 and "recovery worker NAME" in repaired.stdout
    assert [p.read_bytes() for p in (home / "damaged").iterdir()] == [CUT_SHORT]


def test_no_daily_backup_is_deleted_while_the_number_to_keep_cant_be_read(
    home: Path, kari: Path, calendar: list[dt.date]
) -> None:
    (home / "settings.json").write_text(json.dumps({"backups_kept": 16}))
    for day in range(1, 21):
        calendar[0] = dt.date(2026, 12, day)
        ok("add-goal", f"Goal on the {day}th", "-c", "kari")
    folder = home / "backups" / kari.stem
    assert len(list(folder.glob("2*.json"))) == 16  # the daily backups
    (home / "settings.json").write_bytes(CUT_SHORT)  # read as the defaults, 14 would be kept
    for day in range(21, 24):
        calendar[0] = dt.date(2026, 12, day)
        assert run("add-goal", f"Goal on the {day}th", "-c", "kari").exit_code == 0
    assert len(list(folder.glob("2*.json"))) == 16 + 3


def test_a_repair_of_the_settings_puts_back_their_copy_so_no_backup_is_pruned(
    home: Path, kari: Path, calendar: list[dt.date]
) -> None:
    ok("worker", "Anne")
    calendar[0] = dt.date(2026, 11, 27)
    ok("worker", "Anne Hansen")  # the settings as they were are kept for the day
    settings = json.loads((home / "settings.json").read_text())
    (home / "settings.json").write_text(json.dumps({**settings, "backups_kept": 30}))
    calendar[0] = dt.date(2026, 11, 28)
    ok("worker", "Anne Hansen Berg")  # today's copy holds backups_kept 30
    for day in range(1, 21):
        calendar[0] = dt.date(2026, 12, day)
        ok("add-goal", f"Goal on the {day}th", "-c", "kari")
    folder = home / "backups" / kari.stem
    kept = len(list(folder.glob("2*.json")))
    assert kept > 14
    (home / "settings.json").write_bytes(CUT_SHORT)
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0 and "Put back the copy backups/settings/" in repaired.stdout
    assert json.loads((home / "settings.json").read_text())["backups_kept"] == 30
    calendar[0] = dt.date(2026, 12, 21)
    ok("add-goal", "After the repair", "-c", "kari")
    assert len(list(folder.glob("2*.json"))) == kept + 1  # none pruned by a default of 14


# Plans that can't be read ----------------------------------------------------------------------


def test_a_plan_without_its_client_is_damage_named_by_handle(home: Path, kari: Path) -> None:
    kari.write_text(json.dumps({"meta": {"1": {"schema": storage.SCHEMA_VERSION, "counters": {}}}}))
    for args in (("goals",), ("client", "show"), ("add-goal", "X"), ("history",)):
        said = refused(home, *args, "-c", "kari")
        assert said.startswith("recovery: The plan of kari can't be read: it holds no client.")
    problems = as_json_exit(1, "doctor")["problems"]
    assert [(p["kind"], p["file"]) for p in problems] == [("damaged", f"clients/{kari.name}")]
    assert problems[0]["message"].startswith("The plan of kari (")


def test_another_clients_plan_under_a_clients_name_shows_nothing_of_it(
    home: Path, kari: Path
) -> None:
    ok("add-goal", "Bake bread", "-c", "ola")  # Ola's own plan, kept in backups/ as written
    ola = home / "clients" / f"{as_json('client', 'show', '-c', 'ola')['client']['id']}.json"
    shutil.copyfile(kari, ola)  # copied by hand over the wrong file
    for args in (("goals",), ("client", "show"), ("add-goal", "X"), ("history",), ("review",)):
        said = refused(home, *args, "-c", "ola")
        assert said.startswith("recovery: The plan of ola can't be read: it holds another"), said
        assert "Walk to the shop" not in said
    doctor = run("doctor")
    assert doctor.exit_code == 1 and "holds another client's plan" in doctor.stdout
    assert "altered" not in doctor.stdout  # Kari's history is not Ola's, cut off or not
    assert "--repair would change nothing" in doctor.stdout
    ok("restore", "-c", "ola", "--from", "latest", "--yes")
    assert [g["title"] for g in as_json("goals", "-c", "ola")] == ["Bake bread"]
    assert "Walk to the shop" not in ok("history", "-c", "ola")
    assert [p.read_bytes() for p in (home / "damaged").iterdir()] == [kari.read_bytes()]
    assert run("doctor").exit_code == 0


def test_a_plan_whose_tables_were_emptied_is_never_shown_empty_nor_written(
    home: Path, kari: Path
) -> None:
    """Only meta and client left: the history no longer holds the head the index keeps, so
    no command shows "No goals yet", and no write pushes the good copies out of backups/."""
    data = json.loads(kari.read_text())
    kari.write_text(json.dumps({"meta": data["meta"], "client": data["client"]}))
    copies = snapshot(home / "backups")
    for args in (("goals",), ("client", "show"), ("add-goal", "X"), ("review",)):
        said = refused(home, *args, "-c", "kari")
        assert said.startswith("recovery: The plan of kari has lost what it held"), said
    assert snapshot(home / "backups") == copies
    ok("restore", "-c", "kari", "--from", "latest", "--yes")
    assert [g["title"] for g in as_json("goals", "-c", "kari")] == ["Walk to the shop"]


def as_json_exit(code: int, *args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == code, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_one_deeply_nested_plan_stops_nothing_else(home: Path, kari: Path) -> None:
    deep = b'{"meta": {"1": {"schema": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}}"
    kari.write_bytes(deep)
    said = refused(home, "goals", "-c", "kari")
    assert "it is nested far deeper than any file the program writes" in said
    ok("goals", "-c", "ola")
    problems = as_json_exit(1, "doctor")["problems"]
    assert [p["kind"] for p in problems] == ["damaged"]
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.stdout  # the morning's backup put back
    assert kari.read_bytes() != deep
    assert [p.read_bytes() for p in (home / "damaged").iterdir()] == [deep]


def _edited(path: Path, table: str, edit) -> bytes:
    data = json.loads(path.read_bytes())
    edit(next(iter(data[table].values())))
    path.write_text(json.dumps(data))
    return path.read_bytes()


# A field a reader relies on, taken out or of another kind, in a file that is valid JSON.
FIELDS_GONE_WRONG = {
    "a ladder move without its move": (
        "areas",
        lambda area: area["history"][0].pop("move"),
        ("ladder",),
    ),
    "a need rated with a word no rating has": (
        "needs",
        lambda need: need["history"][0].update(to="wonderful"),
        ("need", "1"),
    ),
    "a goal whose life area is a list": (
        "goals",
        lambda goal: goal.update(area=[1]),
        ("client", "show"),
    ),
    "a history entry with no one who made it": (
        "history",
        lambda entry: entry.pop("who"),
        ("history",),
    ),
}


@pytest.mark.parametrize("case", FIELDS_GONE_WRONG, ids=str)
def test_a_field_gone_wrong_is_damage_to_every_reader(home: Path, kari: Path, case: str) -> None:
    ok("need", "1", "--client-says", "met", "-c", "kari")
    ok("add-area", "Rent", "--step", "2", "-c", "kari")
    table, edit, command = FIELDS_GONE_WRONG[case]
    raw = _edited(kari, table, edit)
    for args in (command, ("goals",), ("add-goal", "X")):
        said = refused(home, *args, "-c", "kari")
        assert said.startswith("recovery: The plan of kari can't be read: "), said
        assert "not in the shape the program writes" in said
    assert kari.read_bytes() == raw
    problems = as_json_exit(1, "doctor")["problems"]
    assert [(p["kind"], p["file"]) for p in problems] == [("damaged", f"clients/{kari.name}")]


# Another version of the program ----------------------------------------------------------------


@pytest.fixture
def earlier(home: Path) -> Path:
    shutil.copytree(FIXTURES / "schema-1", home)
    return home


def test_a_store_of_schema_1_works_in_every_command(earlier: Path) -> None:
    assert "Walk to the shop" in ok("goals", "-c", "kari")
    ok("client", "show", "-c", "kari")
    assert [c["handle"] for c in as_json("client", "list", "--all")] == ["kari", "ola"]
    assert run("doctor").exit_code == 0
    ok("check-in", "1", "-c", "kari", "--progress", "4")
    assert as_json("client", "show", "-c", "kari")["client"]["revisions"] == []
    assert run("doctor").exit_code == 0


EVERY_COMMAND = [
    ("goals", "-c", "kari"),
    ("add-goal", "X", "-c", "kari"),
    ("check-in", "1", "-c", "kari", "--progress", "3"),
    ("client", "list"),
    ("client", "show", "-c", "kari"),
    ("client", "add", "Per"),
    ("client", "archive", "-c", "kari"),
    ("client", "erase", "-c", "kari"),
    ("history", "-c", "kari"),
    ("dreams", "-c", "kari"),
    ("ladder", "-c", "kari"),
    ("needs", "-c", "kari"),
    ("review", "-c", "kari"),
    ("report", "weekly", "-c", "kari", "-o", "-", "--format", "txt"),
    ("restore", "-c", "kari", "--from", "2026-11-26", "--yes"),
]


@pytest.fixture
def newer(home: Path) -> Path:
    """The schema-1 store as a newer program might leave it: every file one schema ahead."""
    shutil.copytree(FIXTURES / "schema-1", home)
    for path in [home / "caseload.json", *(home / "clients").glob("*.json")]:
        data = json.loads(path.read_bytes())
        data["meta"]["1"]["schema"] = storage.SCHEMA_VERSION + 1
        path.write_text(json.dumps(data))
    return home


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_a_newer_store_is_refused_untouched_by_every_command(newer: Path, args) -> None:
    said = refused(newer, *args)
    assert "newer recoverytui" in said and "Please update the program" in said


def test_the_doctor_reports_a_newer_store_and_repair_leaves_it(newer: Path) -> None:
    before = snapshot(newer)
    looked = run("doctor")
    assert looked.exit_code == 1 and looked.stdout.count("newer recoverytui") == 3
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 1
    assert "Everything found has been mended" not in repaired.stdout
    assert repaired.stdout.count("Left as it is") == 3
    assert repaired.stdout.splitlines()[-1] == "3 problems remain."
    assert snapshot(newer) == before


def test_one_problem_left_after_a_repair_is_counted_in_the_singular(home: Path) -> None:
    assert run("client", "add", "Kari").exit_code == 0
    (plan,) = (home / "clients").glob("*.json")
    plan.write_bytes(b"garbage")  # no copy yet to put back: the plan stays missing
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 1
    assert repaired.stdout.splitlines()[-1] == "1 problem remains.", repaired.stdout
