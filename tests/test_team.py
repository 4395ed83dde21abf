"""A team sharing a caseload, end to end, with real git: a bare repository on the local disk
is the team's server, and each laptop is an encrypted store driven through the installed
`recovery` command, one process per command, as a worker's terminal runs it."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from process_support import TIMEOUT
from team_support import Laptop, bare_repositories, changed, laptop, objects, snapshot

pytestmark = pytest.mark.slow  # real processes and real git

CLIENT = "kari"
# Dates the commands are given, so that what is recorded does not follow the clock.
WEEK = "2026-W48"
THURSDAY, FRIDAY = "2026-11-26", "2026-11-27"


@dataclass
class Team:
    a: Laptop
    b: Laptop
    server: Path
    client_id: str

    def ids(self, who: Laptop) -> dict[str, str]:
        """Worker name -> id, as `who` reads the roster."""
        return {row["name"]: row["id"] for row in who.json("team", "workers")}


def two_laptops(folder: Path, *, make: bool = True) -> tuple[Laptop, Laptop, Path]:
    a, b = Laptop(folder / "a", "passphrase of Anne"), Laptop(folder / "b", "passphrase of Bjorn")
    if make:
        laptop(a.home, a.passphrase)
        laptop(b.home, b.passphrase)
    return a, b, folder / "server"


def joined(folder: Path, client: str = "Kari Nordmann", anne: str = "Anne") -> Team:
    """Anne starts the team with a client of one goal on her laptop; Bjorn joins."""
    a, b, server = two_laptops(folder)
    added = a.json("client", "add", client, "--handle", CLIENT)
    a.ok("add-goal", "-c", CLIENT, "Walk to the shop")
    a.ok("team", "init", str(server), "--name", anne)
    b.ok("team", "join", str(server), "--name", "Bjorn")
    return Team(a, b, server, added["id"])


def share(team: Team) -> None:
    """Anne's sync sends the plan and she shares it with Bjorn, who syncs."""
    team.a.ok("sync")
    team.a.ok("team", "share", "-c", CLIENT, "--with", "Bjorn")
    team.b.ok("sync")


# Most tests start from one of two teams made once: each gets a fresh copy at the very
# paths the team was made at (the server's path is kept in each laptop's settings).
@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("teams")
    team = joined(base / "live")
    (base / "client_id").write_text(team.client_id)
    shutil.copytree(base / "live", base / "joined", symlinks=True)
    share(team)
    shutil.copytree(base / "live", base / "shared", symlinks=True)
    return base


def fresh(made: Path, which: str) -> Team:
    live = made / "live"
    shutil.rmtree(live)
    shutil.copytree(made / which, live, symlinks=True)
    a, b, server = two_laptops(live, make=False)
    return Team(a, b, server, (made / "client_id").read_text())


@pytest.fixture
def joined_team(made: Path) -> Team:
    return fresh(made, "joined")


@pytest.fixture
def shared_team(made: Path) -> Team:
    return fresh(made, "shared")


def synced(team: Team) -> None:
    """A, B, A: after these every version is on both laptops."""
    for who in (team.a, team.b, team.a):
        who.ok("sync")


def plan(who: Laptop) -> dict[str, Any]:
    """The client's whole plan as a laptop holds it: goals, dreams, check-ins, reviews…"""
    found = who.json("client", "show", "-c", CLIENT)
    assert {"client", "goals", "dreams", "checkins", "reviews", "crisis"} <= set(found)
    return dict(found)


def titles(who: Laptop) -> dict[int, str]:
    return {goal["number"]: goal["title"] for goal in who.json("goals", "-c", CLIENT)}


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    return done.stdout


def tree(repository: Path) -> list[str]:
    """Every file name at the tip of a bare repository."""
    return git("-C", str(repository), "ls-tree", "-r", "--name-only", "HEAD").splitlines()


def show(repository: Path, name: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repository), "show", f"HEAD:{name}"],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    ).stdout


# 1. Joining ----------------------------------------------------------------------------------


def test_both_workers_join_and_read_each_others_names_once_anne_synced(
    joined_team: Team,
) -> None:
    team = joined_team
    a_rows = team.a.json("team", "workers")
    assert sorted(row["name"] for row in a_rows) == ["Anne", "Bjorn"]
    assert [row["name"] for row in a_rows if row["me"]] == ["Anne"]
    assert all(row["public_key"].startswith("age1") for row in a_rows)

    # Bjorn's key is new to the team: the team's key, and so Anne's name, is not his yet.
    b_rows = team.b.json("team", "workers")
    assert {row["id"] for row in b_rows} == {row["id"] for row in a_rows}
    assert {row["name"] for row in b_rows} == {None, "Bjorn"}

    team.a.ok("sync")  # wraps the team's key to Bjorn
    b_rows = team.b.json("team", "workers")
    assert sorted(row["name"] for row in b_rows) == ["Anne", "Bjorn"]
    assert [row["name"] for row in b_rows if row["me"]] == ["Bjorn"]


# 2. Sharing ----------------------------------------------------------------------------------


def test_a_shared_client_reaches_the_colleague_with_the_same_plan(joined_team: Team) -> None:
    team = joined_team
    team.a.ok("add-dream", "-c", CLIENT, "A dog of my own")
    team.a.ok("sync")
    assert team.b.json("client", "list") == []
    said = team.a.ok("team", "share", "-c", CLIENT, "--with", "Bjorn")
    assert "shared with Bjorn" in said

    report = team.b.json("sync")
    assert [row["client"] for row in report["received"]] == [CLIENT]
    assert [row["handle"] for row in team.b.json("client", "list")] == [CLIENT]
    assert team.b.json("goals", "-c", CLIENT) == team.a.json("goals", "-c", CLIENT)
    assert team.b.json("dreams", "-c", CLIENT) == team.a.json("dreams", "-c", CLIENT)
    rows = {row["name"]: row["clients"] for row in team.a.json("team", "workers")}
    assert rows == {"Anne": [CLIENT], "Bjorn": [CLIENT]}


# 3. Offline edits on both laptops --------------------------------------------------------------


def test_offline_edits_on_both_laptops_all_arrive_and_a_clashing_goal_number_moves_once(
    shared_team: Team,
) -> None:
    team = shared_team
    a, b = team.a, team.b
    assert a.json("add-goal", "-c", CLIENT, "Cook dinner on Sundays")["number"] == 2
    assert b.json("add-goal", "-c", CLIENT, "Call my sister")["number"] == 2
    b.ok("check-in", "-c", CLIENT, "1", "-p", "2", "--note", "went halfway", "--date", THURSDAY)
    a.ok("add-dream", "-c", CLIENT, "A dog of my own")

    synced(team)

    held = plan(a)
    assert held == plan(b)
    numbers = {goal["number"]: goal["title"] for goal in held["goals"]}
    assert numbers[1] == "Walk to the shop"
    assert {numbers[2], numbers[3]} == {"Cook dinner on Sundays", "Call my sister"}
    assert sorted(numbers) == [1, 2, 3]
    assert [d["text"] for d in held["dreams"]] == ["A dog of my own"]
    checkins = [(c["goal"], c["progress"], c["note"]) for c in held["checkins"]]
    assert checkins == [(1, 2, "went halfway")]

    # Bjorn's laptop took in Anne's goal 2 first: it moved one of them, and says so.
    moved = numbers[3]
    said = [
        e
        for e in b.json("history", "-c", CLIENT)
        if e["entity"] == "goal" and e.get("field") == "number"
    ]
    assert [(e["old"], e["new"]) for e in said] == [(2, 3)], said
    assert moved in said[0]["ref"]
    # Nothing is left to send or take in: the laptops agree.
    quiet = {"sent": [], "received": [], "conflicts": [], "removed": [], "unreached": []}
    assert a.json("sync") == quiet
    assert b.json("sync") == quiet


# 4. The same goal changed on both laptops --------------------------------------------------------


def both_retitle(team: Team) -> None:
    """Goal 1 gets a new title on each laptop, offline; A and B sync."""
    team.a.ok("edit-goal", "-c", CLIENT, "1", "--title", "Walk to the shop on Monday")
    team.b.ok("edit-goal", "-c", CLIENT, "1", "--title", "Walk to the big shop")
    team.a.ok("sync")
    done = team.b.run("sync")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "goal 1 was changed on two laptops" in done.stdout
    assert f"recovery conflicts -c {CLIENT}" in done.stdout


def conflict_on(who: Laptop) -> dict[str, Any]:
    found = who.json("conflicts", "-c", CLIENT)["conflicts"]
    assert len(found) == 1, found
    return dict(found[0])


@pytest.mark.parametrize(
    ("keep", "kept"),
    [
        ("theirs", "Walk to the shop on Monday"),
        ("mine", "Walk to the big shop"),
        ("2", None),  # the version not shown, whichever that is
    ],
)
def test_the_same_goal_changed_on_both_laptops_waits_for_a_choice(
    shared_team: Team, keep: str, kept: str | None
) -> None:
    team = shared_team
    both_retitle(team)

    conflict = conflict_on(team.b)
    assert conflict["table"] == "goals"
    versions = conflict["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert sorted(v["doc"]["title"] for v in versions) == [
        "Walk to the big shop",
        "Walk to the shop on Monday",
    ]
    assert [v["mine"] for v in versions].count(True) == 1
    assert [v["shown"] for v in versions] == [True, False]
    mine = next(v for v in versions if v["mine"])
    assert mine["doc"]["title"] == "Walk to the big shop"
    shown = versions[0]["doc"]["title"]
    assert titles(team.b)[1] == shown  # the plan shows one until a person chooses
    if kept is None:
        kept = versions[1]["doc"]["title"]

    chosen = team.b.json("conflicts", "-c", CLIENT, "--keep", keep)
    assert [c["document"] for c in chosen["kept"]] == [conflict["document"]]
    assert titles(team.b)[1] == kept
    assert team.b.json("conflicts", "-c", CLIENT)["conflicts"] == []

    team.b.ok("sync")
    team.a.ok("sync")
    goals = team.a.json("goals", "-c", CLIENT)
    assert goals == team.b.json("goals", "-c", CLIENT)
    assert goals[0]["title"] == kept
    for who in (team.a, team.b):
        assert who.json("conflicts", "-c", CLIENT)["conflicts"] == []


def test_keep_with_nothing_to_choose_or_a_choice_that_is_not_there_writes_nothing(
    shared_team: Team,
) -> None:
    team = shared_team
    before = snapshot(team.b.home)
    line = team.b.refused("conflicts", "-c", CLIENT, "--keep", "mine")
    assert "no conflicts" in line
    assert changed(before, snapshot(team.b.home)) == []

    both_retitle(team)
    before = snapshot(team.b.home)
    for choice in ("3", "0", "ours", ""):
        team.b.refused("conflicts", "-c", CLIENT, "--keep", choice)
    line = team.b.refused("conflicts", "-c", CLIENT, "--keep", "1", "--document", "7")
    assert changed(before, snapshot(team.b.home)) == []
    assert len(conflict_on(team.b)["versions"]) == 2
    assert "7" in line


# 5. Two laptops' words for the same week ---------------------------------------------------------


def test_both_laptops_words_for_the_same_week_are_kept(shared_team: Team) -> None:
    team = shared_team
    team.a.ok("review", "-c", CLIENT, "--week", WEEK, "--words", "A calm week", "--date", THURSDAY)
    team.b.ok("review", "-c", CLIENT, "--week", WEEK, "--words", "Slept better", "--date", FRIDAY)
    synced(team)
    for who in (team.a, team.b):
        review = who.json("review", "-c", CLIENT, "--week", WEEK)
        assert review["week"] == WEEK
        assert "A calm week" in review["words"]
        assert "Slept better" in review["words"]
        reviews = who.json("client", "show", "-c", CLIENT)["reviews"]
        assert [r["week"] for r in reviews] == [WEEK]  # one review of the week, not two
        # The history never says the review that stayed was removed.
        removed = [
            e["doc"]
            for e in who.json("history", "-c", CLIENT)
            if e["entity"] == "review" and e["action"] == "removed"
        ]
        assert reviews[0]["id"] not in removed
    assert plan(team.a) == plan(team.b)


# 6. What the server sees ------------------------------------------------------------------------

MARK = "Quokkaberry"  # typed into every kind of field below; never on the server


def test_no_word_a_person_typed_reaches_the_server(tmp_path: Path) -> None:
    team = joined(tmp_path, client=f"Kari {MARK}", anne=f"Anne {MARK}")
    team.a.ok("add-goal", "-c", CLIENT, f"Walk past the {MARK} tree")
    team.a.ok("add-dream", "-c", CLIENT, f"A {MARK} garden")
    share(team)
    team.b.ok("check-in", "-c", CLIENT, "2", "-p", "3", "--note", f"{MARK} in bloom")
    team.b.ok("review", "-c", CLIENT, "--week", WEEK, "--words", f"{MARK} week")
    synced(team)
    held = plan(team.a)
    assert held["client"]["name"] == f"Kari {MARK}"  # the words are in the plan…
    assert MARK in held["checkins"][0]["note"]
    assert f"Anne {MARK}" in {row["name"] for row in team.b.json("team", "workers")}

    repositories = bare_repositories(team.server)
    assert [r.relative_to(team.server).as_posix() for r in repositories] == [
        f"client-{team.client_id}.git",
        "team.git",
    ]
    marker, handle = MARK.lower().encode(), CLIENT.encode()
    for repository in repositories:
        found = objects(repository)
        contents = b"".join(content for _kind, content in found).lower()
        # …and git's own words are readable here, so the objects really were inflated.
        assert {kind for kind, _ in found} >= {"commit", "tree", "blob"}
        assert b"laptop-" in contents
        assert contents.count(marker) == 0, repository
        names = tree(repository)
        assert names and not [n for n in names if CLIENT in n or MARK.lower() in n.lower()]
    for path in team.server.rglob("*"):
        assert handle not in path.name.encode() and MARK not in path.name
        if path.is_file():
            assert marker not in path.read_bytes().lower(), path


# 7. Erasure -----------------------------------------------------------------------------------


def test_erasing_a_client_erases_them_on_the_server_and_on_every_laptop(
    shared_team: Team,
) -> None:
    team = shared_team
    client = team.client_id
    said = team.a.ok("client", "erase", "-c", CLIENT, stdin=f"{CLIENT}\n")
    assert "every colleague's laptop erases them at its next sync" in said
    assert team.a.json("client", "list") == []
    assert not (team.server / f"client-{client}.git").exists()
    assert not (team.a.home / "team" / "clients" / client).exists()
    assert f"erased/{client}" in tree(team.server / "team.git")

    report = team.b.json("sync")
    assert report["removed"] == [{"client": CLIENT, "why": "erased"}]
    assert team.b.json("client", "list") == []
    assert not (team.b.home / "team" / "clients" / client).exists()
    assert not (team.server / f"client-{client}.git").exists()
    assert f"erased/{client}" in tree(team.server / "team.git")  # Bjorn's sync kept it there


# 8. Unsharing -------------------------------------------------------------------------------


def _secret_of(who: Laptop) -> str:
    """The worker's own age secret, from the laptop's sealed team settings."""
    from recoverytui.core import crypto, storage
    from recoverytui.core.team import config

    crypto.unlock(who.home, who.passphrase)
    try:
        return config.load(who.home).secret
    finally:
        storage.use_sealer(None)


def test_unsharing_removes_the_plan_from_the_colleague_and_new_files_are_closed_to_them(
    shared_team: Team, tmp_path: Path
) -> None:
    from recoverytui.core.team import keys

    team = shared_team
    bjorn = team.ids(team.a)["Bjorn"]
    said = team.a.ok("team", "unshare", "-c", CLIENT, "--with", "Bjorn")
    assert "Bjorn no longer sees kari" in said
    added = team.a.json("add-goal", "-c", CLIENT, "Swim on Fridays")
    team.a.ok("sync")

    done = team.b.run("sync")
    assert done.returncode == 0, done.stderr
    assert f"Removed {CLIENT} from this laptop: no longer shared with you" in done.stdout
    assert team.b.json("client", "list") == []
    assert not (team.b.home / "team" / "clients" / team.client_id).exists()
    rows = {row["name"]: row["clients"] for row in team.a.json("team", "workers")}
    assert rows == {"Anne": [CLIENT], "Bjorn": []}

    clone = tmp_path / "look"
    repository = team.server / f"client-{team.client_id}.git"
    git("clone", "--quiet", str(repository), str(clone))
    epochs = sorted(
        (p for p in (clone / "keys").iterdir()), key=lambda p: (p / "since").read_text()
    )
    assert len(epochs) == 2  # the first key, and the one made at the unshare
    newest = epochs[-1]
    wrapped = sorted(p.name.split(".")[0] for p in newest.glob("*.age"))
    assert wrapped == [team.ids(team.a)["Anne"]]
    assert not list((clone / "keys").glob(f"*/{bjorn}.*"))

    # Every key Bjorn's secret opens, anywhere in the repository's history…
    b_secret, a_secret = _secret_of(team.b), _secret_of(team.a)
    his = {
        opened.decode()
        for kind, content in objects(repository)
        if kind == "blob" and (opened := keys.opens(content, [b_secret])) is not None
    }
    assert his  # he had the first key
    # …opens none of the new goal's files, which the key Anne holds opens.
    new_files = list((clone / "v" / added["id"]).glob("*.age"))
    assert new_files
    anne_keys = [
        opened.decode()
        for file in newest.glob("*.age")
        if (opened := keys.opens(file.read_bytes(), [a_secret])) is not None
    ]
    for file in new_files:
        assert keys.opens(file.read_bytes(), sorted(his)) is None
        assert keys.opens(file.read_bytes(), anne_keys) is not None


# 9. Refusals ---------------------------------------------------------------------------------


def test_team_init_refuses_a_store_that_is_not_encrypted(tmp_path: Path) -> None:
    plain = laptop(tmp_path / "plain", "", encrypted=False)
    plain.ok("client", "add", "Kari Nordmann", "--handle", CLIENT)
    before = snapshot(plain.home)
    line = plain.refused("team", "init", str(tmp_path / "server"), "--name", "Anne")
    assert "must be encrypted" in line
    assert changed(before, snapshot(plain.home)) == []
    assert not (tmp_path / "server").exists()


def test_sync_and_team_commands_outside_a_team_are_refused(tmp_path: Path) -> None:
    alone = laptop(tmp_path / "alone", "passphrase alone")
    alone.ok("client", "add", "Kari Nordmann", "--handle", CLIENT)
    before = snapshot(alone.home)
    assert "not part of a team" in alone.refused("sync")
    assert "not part of a team" in alone.refused("team", "share", "-c", CLIENT, "--with", "B")
    assert changed(before, snapshot(alone.home)) == []

    empty = tmp_path / "empty"
    empty.mkdir()
    for where in (empty, tmp_path / "nowhere"):
        line = alone.refused("team", "join", str(where), "--name", "Bjorn")
        assert "There is no team at" in line
        assert changed(before, snapshot(alone.home)) == []
    assert list(empty.iterdir()) == []
    assert not (tmp_path / "nowhere").exists()


def test_sharing_with_no_such_worker_or_no_such_client_writes_nothing(joined_team: Team) -> None:
    team = joined_team
    team.a.ok("sync")
    before = snapshot(team.a.home), snapshot(team.b.home), snapshot(team.server)
    line = team.a.refused("team", "share", "-c", CLIENT, "--with", "Nobody")
    assert "no worker named 'Nobody'" in line
    line = team.a.refused("team", "share", "-c", "nobody", "--with", "Bjorn")
    assert "nobody" in line
    line = team.a.refused("team", "init", str(team.server), "--name", "Anne")
    assert "part of a team already" in line
    line = team.b.refused("team", "join", str(team.server), "--name", "Bjorn")
    assert "part of a team already" in line
    after = snapshot(team.a.home), snapshot(team.b.home), snapshot(team.server)
    assert [changed(old, new) for old, new in zip(before, after, strict=True)] == [[], [], []]


# 10. What a script reads -------------------------------------------------------------------


def test_sync_json_says_what_was_sent_received_and_left(joined_team: Team) -> None:
    team = joined_team
    keys = ["sent", "received", "conflicts", "removed", "unreached"]
    report = team.a.json("sync")
    assert list(report) == keys
    assert report["sent"] == [{"client": CLIENT, "documents": report["sent"][0]["documents"],
                               "history": report["sent"][0]["history"]}]  # fmt: skip
    assert report["sent"][0]["documents"] > 0 and report["sent"][0]["history"] > 0
    assert all(report[key] == [] for key in keys[1:])

    team.a.ok("team", "share", "-c", CLIENT, "--with", "Bjorn")
    report = team.b.json("sync")
    assert list(report) == keys
    assert [row["client"] for row in report["received"]] == [CLIENT]
    assert report["received"][0]["documents"] > 0
    assert report["sent"] == report["conflicts"] == report["removed"] == []
    assert report["unreached"] == []


# 11. The history, the doctor and what other commands say --------------------------------------


def _chain_file(team: Team, who: Laptop, of: Laptop) -> tuple[Path, str]:
    """In `who`'s clone of the client's repository, the file of `of`'s history chain, and
    the client key that opens it, as `who` holds it."""
    from recoverytui.core import crypto, storage
    from recoverytui.core.team import config, replica

    crypto.unlock(of.home, of.passphrase)
    try:
        laptop_of = config.load(of.home).laptop
    finally:
        storage.use_sealer(None)
    crypto.unlock(who.home, who.passphrase)
    try:
        clone = who.home / "team" / "clients" / team.client_id
        (epoch,) = [e for e in replica.epochs(clone, config.load(who.home)) if e.secret]
    finally:
        storage.use_sealer(None)
    (file,) = sorted((clone / "h" / laptop_of).glob("*.age"))[:1]
    assert epoch.secret is not None
    return file, epoch.secret


def test_the_history_is_every_laptops_chain_merged_by_time(shared_team: Team) -> None:
    team = shared_team
    team.b.ok("add-goal", "-c", CLIENT, "Call my sister")
    synced(team)
    for who in (team.a, team.b):
        entries = who.json("history", "-c", CLIENT)
        assert len({e["laptop"] for e in entries}) == 2  # Anne's chain and Bjorn's
        assert [e["when"] for e in entries] == sorted(e["when"] for e in entries)
        by = {e["who"] for e in entries if e.get("new") and "Call my sister" in str(e["new"])}
        assert by == {"Bjorn"}


def test_doctor_and_history_say_when_a_colleagues_chain_was_altered(shared_team: Team) -> None:
    import json

    from recoverytui.core.team import keys

    team = shared_team
    assert "All is well" in team.b.ok("doctor")
    file, secret = _chain_file(team, team.b, team.a)
    batch = json.loads(keys.decrypt(file.read_bytes(), [secret], "a chain"))
    first = next(e for e in batch["entries"] if e["action"] == "added" and e["entity"] == "goal")
    first["new"]["title"] = "Something nobody typed"
    public = (next((file.parents[2] / "keys").iterdir()) / "public").read_text().strip()
    file.write_bytes(keys.encrypt(json.dumps(batch).encode(), [public]))

    done = team.b.run("doctor")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "The change history of kari" in done.stdout
    assert "In the chain of another laptop" in done.stdout
    shown = team.b.run("history", "-c", CLIENT)
    assert shown.returncode == 0
    assert "In the chain of another laptop" in shown.stderr


def test_a_remote_that_git_or_ssh_could_read_as_an_option_is_refused(tmp_path: Path) -> None:
    alone = laptop(tmp_path / "alone", "passphrase alone")
    before = snapshot(alone.home)
    for remote in (f"--upload-pack=touch {tmp_path}/ran", f"ssh://-oProxyCommand=touch {tmp_path}"):
        line = alone.refused("team", "init", "--name", "Anne", "--", remote)
        assert "is not a place for the team's repositories" in line
    assert changed(before, snapshot(alone.home)) == []
    assert not (tmp_path / "ran").exists()


def test_goals_say_another_version_exists_and_the_caseload_when_each_plan_synced(
    shared_team: Team,
) -> None:
    team = shared_team
    team.a.ok("edit-goal", "-c", CLIENT, "1", "--title", "Walk to the shop on Monday")
    team.b.ok("edit-goal", "-c", CLIENT, "1", "--title", "Walk to the big shop")
    for who in (team.a, team.b):
        who.run("sync")
    again = team.b.run("sync")  # a sync after the one that found it still names it
    assert again.returncode == 1
    assert "kari: goal 1 was changed on two laptops" in again.stdout
    told = team.b.run("goals", "-c", CLIENT)
    assert "changed on two laptops apart" in told.stderr
    assert "recovery conflicts -c kari" in told.stderr
    assert "changed on two laptops" not in team.b.run("goals", "-c", CLIENT, "--json").stderr

    rows = team.b.json("caseload")
    assert [row["handle"] for row in rows] == [CLIENT]
    assert rows[0]["synced"] is not None
    assert "Synced" in team.b.ok("caseload").splitlines()[0]


def test_sharing_with_a_guest_shows_the_clients_consents_first(shared_team: Team) -> None:
    team = shared_team
    cover = laptop(team.server.parent / "c", "passphrase of Cora")
    cover.ok("team", "join", str(team.server), "--name", "Cora", "--guest")
    team.a.ok("sync")  # lets Cora read the names, and Anne read Cora's
    assert {row["name"]: row["guest"] for row in team.a.json("team", "workers")} == {
        "Anne": False,
        "Bjorn": False,
        "Cora": True,
    }
    said = team.a.ok("team", "share", "-c", CLIENT, "--with", "Cora")
    assert "Cora is not one of the team's usual workers" in said
    assert "No consents are registered" in said
    plain = team.a.ok("team", "share", "-c", CLIENT, "--with", "Bjorn")
    assert "consents" not in plain


# 12. A server reached over ssh ---------------------------------------------------------------


def test_a_team_works_through_a_server_reached_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ssh stood in for by a script that runs the command here, as sshd would run it on the
    server: the repositories are made, reached and deleted through it, with a path holding
    a space and a quote, which the server's shell must read as one path."""
    fake = tmp_path / "fake-ssh"
    fake.write_text('#!/bin/sh\nfor last in "$@"; do :; done\nexec sh -c "$last"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake))
    server = tmp_path / "srv it's"
    remote = f"ssh://team@server{server}"
    a, b, _unused = two_laptops(tmp_path)
    a.ok("client", "add", "Kari Nordmann", "--handle", CLIENT)
    a.ok("team", "init", remote, "--name", "Anne")
    b.ok("team", "join", remote, "--name", "Bjorn")
    a.ok("sync")
    a.ok("team", "share", "-c", CLIENT, "--with", "Bjorn")
    assert [row["client"] for row in b.json("sync")["received"]] == [CLIENT]
    (repository,) = [p for p in server.glob("client-*.git")]
    assert (server / "team.git" / "HEAD").is_file() and (repository / "HEAD").is_file()

    said = a.ok("client", "erase", "-c", CLIENT, stdin=f"{CLIENT}\n")
    assert "could not be deleted" not in said
    assert not repository.exists()
    assert b.json("sync")["removed"] == [{"client": CLIENT, "why": "erased"}]


def test_a_server_that_does_not_answer_is_given_up_with_a_plain_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hung network must not keep a sync (or a closing session) waiting for ever; ssh and
    what it started go with git."""
    from recoverytui.core.team import git

    started = tmp_path / "started"
    fake = tmp_path / "fake-ssh"
    fake.write_text(f"#!/bin/sh\necho $$ > {started}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake))
    monkeypatch.setattr(git, "NETWORK_SECONDS", 1)
    with pytest.raises(git.GitFailed, match="did not answer within 1 second"):
        git.Repo(tmp_path / "clone", "laptop").clone("ssh://team@server/srv/team.git")
    waiting = Path(f"/proc/{int(started.read_text())}")

    def gone() -> bool:
        try:
            return "zombie" in (waiting / "status").read_text().lower()
        except FileNotFoundError:
            return True

    for _ in range(100):  # the stand-in ssh is stopped with git; a kill lands a moment later
        if gone():
            break
        time.sleep(0.05)
    assert gone()
    assert not (tmp_path / "clone").exists()


def test_a_goal_keeps_serving_its_own_laptops_dream_when_that_dream_is_renumbered(
    shared_team: Team,
) -> None:
    team = shared_team
    team.a.ok("add-dream", "-c", CLIENT, "A garden")
    team.a.ok("add-goal", "-c", CLIENT, "Buy seeds", "--dream", "1")
    team.b.ok("add-dream", "-c", CLIENT, "A dog")
    team.b.ok("add-goal", "-c", CLIENT, "Visit the shelter", "--dream", "1")
    synced(team)
    for who in (team.a, team.b):
        # Made in the same second, the two dreams are ordered by id: either may keep 1.
        dreams = {d["number"]: d["text"] for d in who.json("dreams", "-c", CLIENT)}
        goals = {g["title"]: g["dream"] for g in who.json("goals", "-c", CLIENT)}
        assert sorted(dreams) == [1, 2]
        assert dreams[goals["Buy seeds"]] == "A garden"
        assert dreams[goals["Visit the shelter"]] == "A dog"
