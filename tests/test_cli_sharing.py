"""Consent and sharing from the command line: `consent add|withdraw`, `consents`, `shared`,
`handover` and `export`. Every list and write takes --json; bad input is refused with exit
code 2, one clear line on stderr and nothing written (the store's bytes as they were, no
output folder made, no file); a handover goes only on a consent in force that covers what is
asked for, and is logged with the files it wrote.

The calendar is frozen on 26 November 2026 (the `day` fixture): the demo's consent 1 lets
Line (participant 5, NAV) receive the basic needs; Dr. Berg (4, GP) has none yet.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from calendar_support import DAY
from cli_support import as_json, ok, refused, run, snapshot
from recoverytui.core.store import Store
from test_report_crisis import demo, flat, mode, needs_poppler, pdf_text

__all__ = ["demo"]  # the fixture: the demo client, made today, run from an empty folder

LATER = (DAY + dt.timedelta(days=90)).isoformat()
STEM = f"demo-to-4-{DAY.isoformat()}"
OWN = f"demo-own-copy-{DAY.isoformat()}"


def give(*extra: str, to: str = "4", share: str = "goals,crisis") -> dict[str, Any]:
    return as_json("consent", "add", "-c", "demo", "--to", to, "--share", share,
                   "--purpose", "Follow-up at the GP", "--until", LATER, *extra)  # fmt: skip


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# consent add | withdraw, consents -----------------------------------------------------------


def test_a_consent_is_registered_listed_and_withdrawn(demo: Store) -> None:
    said = ok("consent", "add", "-c", "demo", "--to", "Dr. Berg", "--share", "crisis,goals",
              "--purpose", "Follow-up at the GP", "--until", "+3m", "--given", "oral")  # fmt: skip
    assert said == (
        "Consent 2 registered: Dr. Berg may receive small goals and check-ins, the crisis plan "
        "until 2027-02-26.\n"
    )
    [line, berg] = as_json("consents", "-c", "demo")
    assert (line["number"], line["name"], line["share"], line["status"]) == (
        1, "Line", ["needs"], "active",
    )  # fmt: skip
    assert (berg["to"], berg["from"], berg["until"], berg["given"]) == (
        4, DAY.isoformat(), "2027-02-26", "oral",
    )  # fmt: skip
    shown = ok("consents", "-c", "demo")
    assert "in force  small goals and check-ins, the crisis plan\n" in shown
    assert "     purpose: Follow-up at the GP\n" in shown
    assert "orally" in shown and "in writing" in shown and "in force" in shown
    assert ok("consent", "withdraw", "2", "-c", "demo") == (
        f"Consent 2 to Dr. Berg withdrawn on {DAY}. Nothing more goes to them on it.\n"
    )
    assert f"withdrawn {DAY}" in ok("consents", "-c", "demo")
    assert [c["status"] for c in as_json("consents", "-c", "demo")] == ["active", "withdrawn"]


def test_json_of_each_write(demo: Store) -> None:
    added = give("--from", "2026-11-20", "--voice", "client")
    assert (added["number"], added["share"], added["from"], added["voice"]) == (
        2, ["goals", "crisis"], "2026-11-20", "client",
    )  # fmt: skip
    withdrawn = as_json("consent", "withdraw", "2", "-c", "demo", "--date", "2026-11-24")
    assert (withdrawn["status"], withdrawn["withdrawn"]) == ("withdrawn", "2026-11-24")


def test_a_client_without_consents_or_sharing_is_told_so(home: Path, day) -> None:
    ok("client", "add", "Sam", "--handle", "sam")
    assert "No consents yet." in ok("consents", "-c", "sam")
    assert ok("shared", "-c", "sam") == "Nothing has been shared yet.\n"
    assert as_json("consents", "-c", "sam") == [] and as_json("shared", "-c", "sam") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("consent", "add", "--to", "4", "--share", "goals,wishes", "--purpose", "P",
          "--until", LATER), "wishes is not a part of the plan"),
        (("consent", "add", "--to", "9", "--share", "goals", "--purpose", "P",
          "--until", LATER), "no participant '9'"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "P",
          "--until", "2026-11-25"), "2026-11-25 has passed"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "P",
          "--from", "2027-03-01", "--until", "2027-02-01"), "ends on or after the day it starts"),
        (("consent", "add", "--to", "5", "--share", "goals", "--purpose", "P",
          "--until", LATER), "Line already has consent 1"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "",
          "--until", LATER), "purpose"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "p" * 201,
          "--until", LATER), "purpose"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "P",
          "--until", LATER, "--given", "maybe"), "maybe"),
        (("consent", "add", "--to", "4", "--share", "goals", "--purpose", "P"), "--until"),
        (("consent", "withdraw", "9"), "no consent '9'"),
        (("consent", "withdraw", "abc"), "no consent 'abc'"),
        (("consent", "withdraw", "1", "--date", "2026-12-01"), "in the future"),
        (("consent", "withdraw", "1", "--date", "2026-09-01"), "Consent 1 starts on"),
        (("consents", "--to", "4"), "--to"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_writes_nothing(
    demo: Store, home: Path, args: tuple[str, ...], message: str
) -> None:
    stderr = refused(home, *args, "-c", "demo")
    assert message in stderr, stderr
    # The program's own one line, or click's usage error for a missing or unknown option.
    assert stderr.startswith("recovery: ") or "Error: " in stderr, stderr


def test_withdrawing_twice_is_refused(demo: Store, home: Path) -> None:
    ok("consent", "withdraw", "1", "-c", "demo")
    assert f"Consent 1 was already withdrawn on {DAY}" in refused(
        home, "consent", "withdraw", "1", "-c", "demo"
    )


def test_an_unknown_client_is_refused(home: Path, day) -> None:
    for args in (("consents",), ("shared",), ("consent", "withdraw", "1"),
                 ("handover", "--to", "1"), ("export",)):  # fmt: skip
        assert "no client" in refused(home, *args, "-c", "nobody")


# handover -----------------------------------------------------------------------------------


def refused_handover(home: Path, *args: str, out: Path) -> str:
    """A handover refused: nothing written to the store, no folder made, no file."""
    stderr = refused(home, "handover", "-c", "demo", *args, "-o", str(out))
    assert not out.exists(), f"{out} was made for a handover that was refused"
    assert files_in(Path.cwd()) == []
    return stderr


def test_no_consent_no_handover(demo: Store, home: Path, tmp_path: Path) -> None:
    told = refused_handover(home, "--to", "Dr. Berg", out=tmp_path / "out")
    assert "Dr. Berg has no consent from the client to receive anything" in told
    assert "recovery consent add" in told


def test_a_withdrawn_consent_no_handover(demo: Store, home: Path, tmp_path: Path) -> None:
    give()
    ok("consent", "withdraw", "2", "-c", "demo")
    told = refused_handover(home, "--to", "4", out=tmp_path / "out")
    assert f"The client withdrew consent 2 to Dr. Berg on {DAY}." in told


def test_an_expired_consent_no_handover(demo: Store, home: Path, tmp_path: Path, day) -> None:
    give()
    day[0] = dt.date.fromisoformat(LATER)  # its last day: it still holds
    assert as_json("consents", "-c", "demo")[1]["status"] == "active"
    day[0] = dt.date.fromisoformat(LATER) + dt.timedelta(days=1)
    assert as_json("consents", "-c", "demo")[1]["status"] == "expired"
    assert "ran out" in ok("consents", "-c", "demo")
    told = refused_handover(home, "--to", "4", out=tmp_path / "out")
    assert f"Consent 2 to Dr. Berg ran out on {LATER}." in told


def test_a_consent_not_yet_begun_no_handover(demo: Store, home: Path, tmp_path: Path) -> None:
    give("--from", "2026-12-10")
    told = refused_handover(home, "--to", "4", out=tmp_path / "out")
    assert "Consent 2 to Dr. Berg starts on 2026-12-10, not before." in told


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("goals,needs", "Consent 2 to Dr. Berg does not cover needs; it covers only goals, crisis"),
        ("plan,dreams", "does not cover dreams, plan;"),
        ("wishes", "wishes is not a part of the plan"),
    ],
)
def test_a_part_the_consent_does_not_cover_is_refused_by_name(
    demo: Store, home: Path, tmp_path: Path, share: str, message: str
) -> None:
    give()
    told = refused_handover(home, "--to", "4", "--share", share, out=tmp_path / "out")
    assert message in told, told


def test_an_output_that_is_a_file_or_has_no_folder_is_refused(
    demo: Store, home: Path, tmp_path: Path
) -> None:
    give()
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    assert "is a file, not a folder" in refused(home, "handover", "-c", "demo", "--to", "4",
                                                "-o", str(a_file))  # fmt: skip
    assert a_file.read_text() == "mine"
    missing = tmp_path / "no" / "such"
    assert "isn't there to write into" in refused(home, "handover", "-c", "demo", "--to", "4",
                                                  "-o", str(missing))  # fmt: skip
    assert not (tmp_path / "no").exists()
    # A target that is a folder is never replaced, and nothing else is written beside it.
    out = tmp_path / "out"
    (out / f"{STEM}.fhir.json").mkdir(parents=True)
    assert "is not a plain file" in refused(home, "handover", "-c", "demo", "--to", "4",
                                            "-o", str(out))  # fmt: skip
    assert files_in(out) == [f"{STEM}.fhir.json"]
    assert as_json("shared", "-c", "demo")[-1]["to"] == 5  # only the demo's own entry


@needs_poppler
def test_a_handover_writes_two_private_files_and_logs_them(demo: Store, tmp_path: Path) -> None:
    give()
    out = tmp_path / "for-the-gp"
    said = as_json("handover", "-c", "demo", "--to", "dr. berg", "-o", str(out))
    names = [f"{STEM}.pdf", f"{STEM}.fhir.json"]
    assert said["files"] == [str(out / name) for name in names]
    assert files_in(out) == sorted(names)
    assert mode(out) == 0o700
    for name in names:
        assert mode(out / name) == 0o600, name
    logged = said["shared"]
    assert (logged["to"], logged["name"], logged["consent"]) == (4, "Dr. Berg", 2)
    assert (logged["share"], logged["files"], logged["date"]) == (
        ["goals", "crisis"], names, DAY.isoformat(),
    )  # fmt: skip
    [first, entry] = as_json("shared", "-c", "demo")
    assert first["to"] == 5
    assert entry == logged
    shown = ok("shared", "-c", "demo")
    assert f"{DAY}  Dr. Berg  2" in shown and f"{STEM}.pdf {STEM}.fhir.json" in shown
    assert (out / f"{STEM}.pdf").read_bytes().startswith(b"%PDF-")
    bundle = json.loads((out / f"{STEM}.fhir.json").read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    text = flat(pdf_text(out / f"{STEM}.pdf"))
    assert "For Dr. Berg, with the client's consent 2" in text
    assert "Purpose: Follow-up at the GP" in text


def test_a_handover_in_words_and_of_fewer_parts(demo: Store, tmp_path: Path) -> None:
    give()
    said = ok("handover", "-c", "demo", "--to", "4", "--share", "crisis", "-o", str(tmp_path))
    assert said == (
        f"Written: {tmp_path / STEM}.pdf\nWritten: {tmp_path / STEM}.fhir.json\n"
        "Handed over to Dr. Berg on consent 2: the crisis plan.\n"
    )
    assert as_json("shared", "-c", "demo")[-1]["share"] == ["crisis"]


def test_a_handover_to_the_current_folder_by_default(demo: Store) -> None:
    ok("handover", "-c", "demo", "--to", "Line")
    stem = f"demo-to-5-{DAY}"
    assert files_in(Path.cwd()) == [f"{stem}.fhir.json", f"{stem}.pdf"]
    assert as_json("shared", "-c", "demo")[-1]["share"] == ["needs"]


# export -------------------------------------------------------------------------------------


@needs_poppler
def test_the_clients_own_copy_needs_no_consent_and_holds_everything(
    demo: Store, tmp_path: Path
) -> None:
    ok("consent", "withdraw", "1", "-c", "demo")  # no consent in force to anyone
    out = tmp_path / "robin"
    said = as_json("export", "-c", "demo", "-o", str(out))
    names = [f"{OWN}.pdf", f"{OWN}.json"]
    assert said["files"] == [str(out / name) for name in names]
    assert files_in(out) == sorted(names)
    assert all(mode(out / name) == 0o600 for name in names)
    logged = said["shared"]
    assert (logged["to"], logged["name"], logged["consent"]) == ("client", None, None)
    assert logged["share"] == ["goals", "dreams", "ladder", "needs", "reviews", "crisis", "plan"]
    assert logged["files"] == names
    assert as_json("shared", "-c", "demo")[-1] == logged
    assert "the client's own copy" in ok("shared", "-c", "demo")
    copy = json.loads((out / f"{OWN}.json").read_text(encoding="utf-8"))
    assert (copy["client"]["name"], copy["exported"]) == ("Robin", DAY.isoformat())
    # The change history, whole, and the sharing log with this very copy in it.
    assert copy["history"][0]["seq"] == 1 and len(copy["history"]) > 50
    assert [e["seq"] for e in copy["history"]] == list(range(1, len(copy["history"]) + 1))
    assert [s["to"] for s in copy["shared"]] == [5, "client"]
    assert [c["status"] for c in copy["consents"]] == ["withdrawn"]
    assert copy["crisis"]["signs"] and copy["reviews"] and copy["participants"]
    text = flat(pdf_text(out / f"{OWN}.pdf"))
    for words in ("Get a bed of my own", "Weekly reviews", "Early warning signs",
                  "Consent to share", "Budget advice"):  # fmt: skip
        assert words in text, words


def test_an_export_in_words(demo: Store) -> None:
    said = ok("export", "-c", "demo")
    here = Path.cwd()
    assert said == (
        f"Written: {here / OWN}.pdf\nWritten: {here / OWN}.json\n"
        "The client's own copy is written.\n"
    )


def test_an_export_to_a_file_is_refused(demo: Store, home: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    before = snapshot(tmp_path)
    assert "is a file, not a folder" in refused(home, "export", "-c", "demo", "-o", str(a_file))
    assert snapshot(tmp_path) == before


def test_handover_and_export_help_name_their_options(home: Path) -> None:
    for command in ("handover", "export"):
        shown = run(command, "--help")
        assert shown.exit_code == 0 and "--output" in shown.stdout


def test_the_whole_plan_says_how_many_consents_are_in_force_and_how_often_it_was_shared(
    demo: Store, tmp_path: Path
) -> None:
    def counts() -> str:
        [line] = [x for x in ok("client", "show", "-c", "demo").splitlines() if "Consents" in x]
        return line.strip()

    assert counts().startswith("Consents to share in force: 1 · times shared: 1  (see them")
    give()
    ok("handover", "-c", "demo", "--to", "4", "-o", str(tmp_path))
    ok("consent", "withdraw", "1", "-c", "demo")
    assert counts().startswith("Consents to share in force: 1 · times shared: 2  (see them")
