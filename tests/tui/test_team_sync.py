"""A session in a team's store: the plan syncs on opening and closing and when asked, never
under a form, and the session and caseload say when each plan last synced. A real team: a
bare repository on the local disk as its server, this store as one worker's laptop."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.caseload import CaseloadScreen
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.plan import PlanScreen
from tui_support import OTHER_NAME, caseload_read, make_team, screen_text, settled

SIZE = (80, 24)


@pytest.fixture
def team_store(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    return make_team(store, tmp_path / "server", monkeypatch)


def commits_on_server(store: Store, client: str) -> int:
    """How many commits the server's repository of `client` holds (0: none yet)."""
    from recoverytui.core.team import config, git

    remote = Path(config.load(store.home).remote)
    bare = remote / git.client_repo(store.find_client(client)["id"])
    if not bare.exists():
        return 0
    done = subprocess.run(
        ["git", "--git-dir", str(bare), "rev-list", "--count", "--all"],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(done.stdout.strip() or 0)


def header(app: RecoveryApp) -> str:
    return str(app.screen.query_one("#plan-header", Static).render())


def notices(app: RecoveryApp) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def ended(app: RecoveryApp) -> None:
    """Wait for the app to end after its closing sync, which runs in a thread first. Only
    the event loop is waited on: a pilot's steps need an app that still runs."""
    for _ in range(600):
        if not app.is_running:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the app did not end")


def add_goal(store: Store, title: str) -> None:
    with store.plan("demo", write=True) as plan:
        plan.add_goal(title)


async def test_the_session_syncs_on_opening_and_says_when(team_store: Store):
    assert commits_on_server(team_store, "demo") == 0
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        assert commits_on_server(team_store, "demo") > 0
        assert "synced 10:00" in header(app)
        # Nothing came on opening: nothing to say but the header.
        assert notices(app) == []
        text = screen_text(app)
        assert "Sync now" in text
        assert OTHER_NAME not in text


async def test_sync_now_by_its_key_sends_what_was_written(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = commits_on_server(team_store, "demo")
        add_goal(team_store, "Bake bread on Sunday")
        await pilot.press("f5")
        await settled(app, pilot)
        assert commits_on_server(team_store, "demo") > before
        assert "synced 10:00" in header(app)
        assert "Synced: nothing new came from the team." in notices(app)


async def test_sync_now_by_a_click_on_the_footer(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = commits_on_server(team_store, "demo")
        add_goal(team_store, "Bake bread on Sunday")
        [key] = [k for k in app.screen.query(FooterKey) if k.action == "sync"]
        assert key.tooltip
        await pilot.click(key)
        await settled(app, pilot)
        assert commits_on_server(team_store, "demo") > before


async def test_closing_the_session_syncs_first(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = commits_on_server(team_store, "demo")
        add_goal(team_store, "Bake bread on Sunday")
        await pilot.press("escape", "escape")
        await ended(app)
    assert commits_on_server(team_store, "demo") > before


async def test_ctrl_q_syncs_before_quitting(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = commits_on_server(team_store, "demo")
        add_goal(team_store, "Bake bread on Sunday")
        await pilot.press("ctrl+q")
        await ended(app)
    assert commits_on_server(team_store, "demo") > before


async def test_no_sync_starts_while_a_form_is_open(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        before = commits_on_server(team_store, "demo")
        await pilot.press("3", "a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        add_goal(team_store, "Bake bread on Sunday")
        app.screen_stack[-2].action_sync()  # asked from the palette, say, meanwhile
        await settled(app, pilot)
        assert commits_on_server(team_store, "demo") == before  # it waits for the form
        await pilot.press("escape")
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        assert commits_on_server(team_store, "demo") > before


async def test_a_server_out_of_reach_is_said_and_the_plan_stays(team_store: Store):
    from recoverytui.core.team import config

    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        remote = Path(config.load(team_store.home).remote)
        remote.rename(remote.with_name("gone"))
        await pilot.press("f5")
        await settled(app, pilot)
        said = " ".join(notices(app))
        assert "Not synced now" in said and "goes at the next sync" in said
        assert "synced 10:00" in header(app)  # the last sync that worked
        assert "Robin" in screen_text(app)


async def test_the_caseload_says_when_each_plan_synced(team_store: Store):
    app = RecoveryApp(team_store)
    async with app.run_test(size=(120, 24)) as pilot:
        await caseload_read(app, pilot)
        text = screen_text(app)
        assert "Synced" in text
        assert "10:00" not in text  # nothing synced on this laptop yet
        await pilot.press("enter")  # Robin: the plan syncs on opening, and on closing
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await caseload_read(app, pilot)
        assert isinstance(app.screen, CaseloadScreen)
        robin = next(line for line in screen_text(app).splitlines() if "Robin" in line)
        assert "10:00" in robin


async def test_a_store_outside_a_team_offers_no_sync(store: Store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert "Sync now" not in screen_text(app)
        assert "synced" not in header(app)
        await pilot.press("f5")
        await settled(app, pilot)
        assert not (store.home / "team").exists()


def colleague(home: Path, *args: str) -> str:
    """A colleague's laptop: the real `recovery` command in a process of its own."""
    import os

    from process_support import recovery_executable

    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env.update(RECOVERY_HOME=str(home), RECOVERY_PASSPHRASE="a colleague's passphrase")
    done = subprocess.run(
        [recovery_executable(), *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def two_laptops(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This store and a colleague's, who both changed goal 1 of the demo client while apart
    and who also added a goal of their own; the colleague synced, this laptop not yet."""
    from recoverytui.core import crypto, storage
    from recoverytui.core.team import manage
    from recoverytui.core.team.sync import Team

    theirs = tmp_path / "theirs"
    monkeypatch.setattr(crypto, "SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    Store(theirs)
    crypto.create(theirs, "a colleague's passphrase")  # a cheap key: quick to unlock
    crypto.seal_store(theirs)
    storage.use_sealer(None)
    make_team(store, tmp_path / "server", monkeypatch)
    colleague(theirs, "team", "join", str(tmp_path / "server"), "--name", "Bjorn")
    Team(store).sync()
    manage.share(store, "demo", "Bjorn")
    colleague(theirs, "sync")
    colleague(theirs, "add-goal", "-c", "demo", "Call my sister")
    colleague(theirs, "edit-goal", "-c", "demo", "1", "--title", "Walk to the big shop")
    colleague(theirs, "sync")
    with store.plan("demo", write=True) as plan:
        plan.edit_goal(1, title="Walk to the shop on Monday")
    return theirs


async def test_what_came_and_a_conflict_are_said_and_shown(two_laptops: Path, store: Store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.pause(0.3)
        said = notices(app)
        assert any(line.startswith("Synced: ") and "came from the team" in line for line in said)
        assert (
            "Goal 1 was changed on two laptops; the newer is shown. "
            "Choose with: recovery conflicts -c demo"
        ) in said, said
        await pilot.press("3")
        await settled(app, pilot)
        assert "Call my sister" in screen_text(app)  # read again after the sync
        assert OTHER_NAME not in " ".join(said)


async def test_the_keys_panel_lists_sync_now_in_a_team(team_store: Store):
    app = RecoveryApp(team_store, client="demo")
    async with app.run_test(size=(120, 50)) as pilot:
        await settled(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-box Static", Static).render())
    assert "Sync now" in text and "syncs by itself" in text
