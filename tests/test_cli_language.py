"""`recovery language`, and the program speaking bokmål when asked, in a real process."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cli_support import as_json, ok, refused, run
from process_support import child_env, recovery_executable


def speak(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`recovery ARGS` in a fresh process, with the locale and $RECOVERY_LANG given."""
    return subprocess.run(
        [recovery_executable(), *args],
        env={**child_env(home), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_choice_is_remembered_said_and_forgotten(home: Path) -> None:
    assert as_json("language") == {"language": "en", "remembered": None, "from": "locale"}
    said = ok("language", "nb")
    assert "norsk bokmål" in said
    assert (home / "language").read_text() == "nb\n"
    assert as_json("language") == {"language": "nb", "remembered": "nb", "from": "store"}
    ok("language", "--forget")
    assert not (home / "language").exists()


def test_a_language_the_program_does_not_speak_is_refused(home: Path) -> None:
    ok("language", "en")
    for args in (("language", "sv"), ("language", "nb", "--forget")):
        refused(home, *args)
    assert (home / "language").read_text() == "en\n"


def test_a_language_file_not_ours_is_named_and_moved_aside(home: Path) -> None:
    ok("client", "add", "Kari")
    (home / "language").write_text("<html>")
    result = run("doctor", "--json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["kind"], problem["file"]) == ("damaged", "language")
    assert run("doctor", "--repair").exit_code == 0
    assert not (home / "language").exists()
    assert [p.read_text() for p in (home / "damaged").iterdir()] == ["<html>"]


def test_a_full_backup_keeps_the_language(home: Path) -> None:
    ok("client", "add", "Kari")
    ok("language", "nb")
    full = Path(as_json("backup")["path"])
    assert (full / "language").read_text() == "nb\n"


def test_each_way_of_asking_for_bokmal_is_heard(home: Path) -> None:
    english = speak(home, "goals", "-c", "nobody").stderr
    assert english.startswith("recovery: ")
    for env in (
        {"RECOVERY_LANG": "nb"},
        {"LC_ALL": "nb_NO.UTF-8"},
        {"LANG": "no_NO", "LC_ALL": ""},
    ):
        said = speak(home, "goals", "-c", "nobody", **env)
        assert said.returncode == 2 and said.stderr != english, (env, said.stderr)
    subprocess.run([recovery_executable(), "language", "nb"], env=child_env(home), check=True)
    assert speak(home, "goals", "-c", "nobody").stderr != english
    assert speak(home, "goals", "-c", "nobody", RECOVERY_LANG="en").stderr == english


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_demo_and_its_weekly_sheet_come_in_bokmal(home: Path, tmp_path: Path) -> None:
    """A real process all through: the demo made in bokmål, its sheet read back from the PDF."""
    assert speak(home, "demo", RECOVERY_LANG="nb").returncode == 0
    goals = json.loads(speak(home, "goals", "-c", "demo", "--all", "--json").stdout)
    assert goals[0]["title"] == "Få min egen seng"  # the demo's words, in the language
    sheet = tmp_path / "uke.pdf"
    made = speak(home, "report", "weekly", "-c", "demo", "-o", str(sheet), RECOVERY_LANG="nb")
    assert made.returncode == 0, made.stderr
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Framgang i uka" in text and "Koordinator: Kari (demo-fagperson)" in text
    assert re.search(r"uke \d+, \d+\.", text), text[:300]  # "uke 49, 30. november–…"
    assert "Gå til butikken alene to ganger i uka" in text
    assert "«Fiske med broren min" in text and "“" not in text  # bokmål's quotation marks
    ladder = speak(home, "ladder", "-c", "demo", RECOVERY_LANG="nb").stdout
    assert "(sammen)" in ladder and "(together)" not in ladder  # whose voice, in the language
    assert "«Jeg betalte selv, Kari minnet meg på det.»" in ladder
    # Written in English afterwards, the demo's words stay as they were written.
    english = speak(home, "goals", "-c", "demo", "--all", RECOVERY_LANG="en").stdout
    assert "Få min egen seng" in english and "Title" in english


def test_typer_and_click_answer_in_bokmal_and_nothing_is_written(home: Path) -> None:
    ok("client", "add", "Kari")
    plan = next((home / "clients").iterdir())
    before = plan.read_bytes()
    help_text = speak(home, "--help", RECOVERY_LANG="nb").stdout
    for words in ("Bruk: recovery [VALG] KOMMANDO [ARGUMENTER]...", "Valg", "Kommandoer"):
        assert words in help_text
    asked = {
        ("add-goal", "-c", "kari"): "Argumentet 'TITLE' mangler.",
        ("add-goal", "Gå", "til", "butikken", "-c", "kari"): "Ord til overs: til butikken.",
        ("add-goal", "x", "-c", "kari", "--bogus"): "Ukjent valg: --bogus",
        ("add-goal", "x", "-c", "kari", "--due"): "Valget '--due' trenger en verdi.",
        ("add-goal", "x", "-c", "kari", "--due", "31.02.2026"): "ikke en dato i kalenderen",
        ("goals", "-c", "kari", "--json=1"): "Valget '--json' tar ingen verdi.",
        ("check-in", "1", "-c", "kari", "--progress", "x"): "'x' er ikke et helt tall.",
        ("goal", "1"): "Ingen kommando heter 'goal'. Mente du 'goals'",
        ("add-goal", "x"): "Valget '--client' / '-c' (miljøvariabel: 'RECOVERY_CLIENT') mangler.",
    }
    for args, words in asked.items():
        said = speak(home, *args, RECOVERY_LANG="nb")
        assert said.returncode == 2, args
        assert words in said.stderr, (args, said.stderr)
        for english in ("Usage", "Error", "Missing", "unexpected", "requires", "valid", "mean"):
            assert english not in said.stderr, (args, said.stderr)
    assert plan.read_bytes() == before
