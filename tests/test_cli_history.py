"""`recovery history` and `recovery worker`, and `recovery doctor` on a broken history."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cli_support import CONTROL, as_json, ok, refused, run, snapshot
from recoverytui.core import history

LINE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}  (\S+)\s+(client|worker|together)\s+(.+)")
MARKUP = ["[/]", "[@click=app.quit]x[/]"]


@pytest.fixture(autouse=True)
def login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "login_name", lambda: "ola-login")


@pytest.fixture
def kari(home: Path) -> Path:
    """Kari with a goal, two check-ins on one day, an area moved back and a need rated.
    Her plan's path."""
    client = as_json("client", "add", "Kari")
    ok("add-goal", "Walk to the shop", "-c", "kari", "--step", "Shoes")
    ok("check-in", "1", "-c", "kari", "--progress", "1", "--note", "a hard week")
    ok("check-in", "1", "-c", "kari", "--progress", "3")
    ok("add-area", "Rent", "-c", "kari", "--step", "3")
    ok("step-back", "Rent", "-c", "kari", "--note", "the bills piled up")
    ok("need", "A bed", "-c", "kari", "--client-says", "met")
    return home / "clients" / f"{client['id']}.json"


def lines(*args: str) -> list[tuple[str, str, str]]:
    out = ok("history", *args).splitlines()
    parsed = [LINE.fullmatch(line) for line in out]
    assert all(parsed), out
    return [m.groups() for m in parsed if m]


def stored(plan: Path) -> list[dict[str, Any]]:
    return history.chain_entries(json.loads(plan.read_text())["history"])


def test_json_gives_the_entries_as_stored(kari: Path) -> None:
    shown = as_json("history", "-c", "kari")
    assert shown == stored(kari)
    assert history.verify_chain(shown) is None
    assert [e["seq"] for e in shown] == list(range(1, len(shown) + 1))
    last = as_json("history", "-c", "kari", "--limit", "2")
    assert last == shown[-2:]


def test_the_human_view_is_newest_first_in_plain_sentences(kari: Path) -> None:
    shown = lines("-c", "kari")
    assert len(shown) == len(stored(kari))
    who, voice, said = shown[0]
    assert (who, voice) == ("ola-login", "client")
    assert said == "changed need 10 “A bed”: client says not known → met"
    sentences = [said for _who, _voice, said in shown]
    progress = next(s for s in sentences if "progress 1 → 3" in s)
    assert progress.startswith("changed the check-in of ")
    assert progress.endswith("on goal 1 “Walk to the shop”: progress 1 → 3")
    assert "changed area 1 “Rent”: step 3 → 2" in sentences
    assert any("stepped back to 2 “the bills piled up”" in s for s in sentences)
    assert sentences[-1] == "added the client details of “Kari”"
    assert sentences.index("added goal 1 “Walk to the shop”") > sentences.index(
        "changed area 1 “Rent”: step 3 → 2"
    )
    assert not any(re.search(r"fail|worse|setback", s, re.IGNORECASE) for s in sentences)


def test_limit_shows_the_newest(kari: Path) -> None:
    newest = lines("-c", "kari", "--limit", "1")
    assert newest == lines("-c", "kari")[:1]


def test_markup_in_a_title_or_a_note_is_shown_literally(kari: Path) -> None:
    ok("edit-goal", "1", "-c", "kari", "--title", MARKUP[1])
    ok("check-in", "1", "-c", "kari", "--progress", "4", "--note", MARKUP[0])
    out = ok("history", "-c", "kari", "--limit", "5")
    assert f"title “Walk to the shop” → “{MARKUP[1]}”" in out
    assert f"note “a hard week” → “{MARKUP[0]}”" in out


def test_text_edited_into_the_file_is_shown_safely(kari: Path) -> None:
    data = json.loads(kari.read_text())
    data["history"]["1"]["ref"] = "K\x1b]0;pwned\x07ari\nsecond line"
    kari.write_text(json.dumps(data))
    result = run("history", "-c", "kari")
    assert result.exit_code == 0
    assert not CONTROL.search(result.stdout)
    assert "second line" in result.stdout.splitlines()[-1]  # one line per entry
    assert "Entry 1 has been changed" in result.stderr  # and it is said


def test_an_empty_history_says_so(home: Path) -> None:
    client = as_json("client", "add", "Ola")
    plan = home / "clients" / f"{client['id']}.json"
    data = json.loads(plan.read_text())
    data["history"] = {}  # as a plan from before the history was kept
    del data["meta"]["1"]["history_head"]
    plan.write_text(json.dumps(data))
    index = json.loads((home / "caseload.json").read_text())
    for entry in index["clients"].values():
        del entry["head"]  # nor did its index keep the history's head then
    (home / "caseload.json").write_text(json.dumps(index))
    assert "No changes" in ok("history", "-c", "ola")
    assert as_json("history", "-c", "ola") == []


@pytest.mark.parametrize(
    "args",
    [("history", "-c", "nobody"), ("history", "-c", "nobody", "--json"), ("history", "-c", "")],
    ids=["unknown", "unknown --json", "none given"],
)
def test_an_unknown_client_is_refused_writing_nothing(kari: Path, args: tuple[str, ...]) -> None:
    refused(kari.parent.parent, *args)


def test_an_unknown_client_in_an_empty_store_creates_nothing(home: Path) -> None:
    refused(home, "history", "-c", "kari")
    assert not home.exists()


# The worker's name ---------------------------------------------------------------------------


def test_worker_shows_the_login_until_a_name_is_set(home: Path) -> None:
    assert "ola-login" in ok("worker")
    assert as_json("worker") == {"worker": None, "who": "ola-login"}
    assert "Anne" in ok("worker", "  Anne  ")
    assert as_json("worker") == {"worker": "Anne", "who": "Anne"}
    ok("client", "add", "Kari")
    who = {e["who"] for e in as_json("history", "-c", "kari")}
    assert who == {"Anne"}
    assert lines("-c", "kari")[0][0] == "Anne"


@pytest.mark.parametrize("name", ["", "Anne\x1b]0;x\x07", "x" * 81, "two\nlines"])
def test_a_worker_name_that_is_not_a_name_is_refused(home: Path, name: str) -> None:
    ok("client", "add", "Kari")
    refused(home, "worker", name)


# The doctor ----------------------------------------------------------------------------------


def test_the_doctor_finds_an_edited_history_in_plain_words(kari: Path) -> None:
    home = kari.parent.parent
    assert run("doctor").exit_code == 0
    data = json.loads(kari.read_text())
    data["history"]["3"]["who"] = "someone else"
    kari.write_text(json.dumps(data))
    before = snapshot(home)
    result = run("doctor")
    assert result.exit_code == 1
    assert "The change history of kari" in result.stdout
    assert "Entry 3 has been changed after it was written" in result.stdout
    answer = json.loads(run("doctor", "--json").stdout)
    assert [p["kind"] for p in answer["problems"]] == ["history-broken"]
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 1 and "Not mended" in repaired.stdout
    assert snapshot(home) == before


def test_the_doctor_finds_a_removed_entry(kari: Path) -> None:
    data = json.loads(kari.read_text())
    del data["history"]["4"]
    kari.write_text(json.dumps(data))
    result = run("doctor")
    assert result.exit_code == 1 and "Entry 4 is missing" in result.stdout


def test_a_restore_shows_in_the_history(home: Path, kari: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kari-copy.json"
    copy.write_bytes(kari.read_bytes())
    ok("restore", "-c", "kari", "--from", str(copy), "--yes")
    who, _voice, said = ok("history", "-c", "kari", "--limit", "1").split("  ", 3)[1:]
    assert who == "ola-login" and _voice.strip() == "-"
    assert said.strip() == "restored the plan from the backup kari-copy.json"
    assert run("doctor").exit_code == 0


def test_the_worker_name_can_be_cleared_back_to_the_login(home: Path) -> None:
    ok("worker", "Anne")
    assert as_json("worker")["who"] == "Anne"
    assert as_json("worker", "--clear") == {"worker": None, "who": "ola-login"}
    refused(home, "worker", "Per", "--clear")


def test_a_restore_says_in_the_history_what_it_could_not_recover(
    home: Path, kari: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "kari-copy.json"
    copy.write_bytes(kari.read_bytes())
    ok("add-goal", "Only in the plan", "-c", "kari")
    for recent in (home / "backups" / kari.stem).glob("write-*"):
        recent.unlink()  # no copy holds the last goal
    kari.write_bytes(b"damaged")
    result = run("restore", "-c", "kari", "--from", str(copy), "--yes")
    assert result.exit_code == 0
    assert "1 entry of the history could not be recovered" in result.stderr
    said = ok("history", "-c", "kari", "--limit", "1")
    assert "restored the plan from the backup kari-copy.json; entries" in said
    assert "could not be recovered from any copy" in said
    assert run("doctor").exit_code == 0


def test_the_history_says_when_it_is_cut_off_with_its_head(kari: Path) -> None:
    data = json.loads(kari.read_bytes())
    last = max(data["history"], key=int)
    del data["history"][last], data["meta"]["1"]["history_head"]
    kari.write_text(json.dumps(data))
    result = run("history", "-c", "kari")
    assert result.exit_code == 0
    assert "This history has been altered" in result.stderr
    assert "which the caseload index says it reached" in result.stderr
