"""The store against a model: random sequences of plan operations, each checked by reading
the store back through a new Store, as the next command (or the TUI) would.

A plain-Python model says what should be there: clients, dreams, goals with their steps,
check-ins, ladder areas, need ratings, and the last number given for each kind. After every
step a fresh Store on the same folder must show exactly that; every file must open; a number
is never given twice; an operation refused (or one that changes nothing) writes nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from recoverytui.core import dates
from recoverytui.core.documents import DREAM_STATUSES, GOAL_STATUSES, RATINGS
from recoverytui.core.errors import PlanError
from recoverytui.core.storage import read_plan_file
from recoverytui.core.store import Store
from recoverytui.core.text import visible

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LETTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=BIDI)


# One character that shows and is neither space nor digit makes text that is never empty once
# trimmed, and never only a number.
ANCHOR = LETTERS.filter(lambda ch: visible(ch) and not ch.isdigit())


def typed(text: str) -> str:
    """Text as the plan keeps it: trimmed, in NFC (the same characters, accents joined)."""
    return unicodedata.normalize("NFC", text).strip()


def folded(text: str) -> str:
    """How names are compared: the same letters whatever their case or accents' form."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", typed(text)).casefold())


def words(max_size: int = 24) -> st.SearchStrategy[str]:
    """Text a person could type: any script, markup, emoji; spaces around it are trimmed."""
    part = st.text(LETTERS, max_size=max_size // 2)
    return st.tuples(part, ANCHOR, part).map("".join)


NOTE = st.none() | words(40)
BAD = st.sampled_from(["", "   ", "42", "x\x1by", "a\nb", "ok\x9b", "rtl \u202e", "x" * 201])
PICK = st.integers(min_value=0, max_value=10_000)


@dataclass
class Client:
    handle: str
    id: str
    dreams: dict[int, list[Any]] = field(default_factory=dict)  # number -> [text, status]
    goals: dict[int, dict[str, Any]] = field(default_factory=dict)
    checkins: dict[tuple[int, str], tuple[int, str | None]] = field(default_factory=dict)
    areas: dict[int, list[Any]] = field(default_factory=dict)  # number -> [name, step]
    needs: dict[int, list[str]] = field(default_factory=dict)  # number -> [client, worker]
    counters: dict[str, int] = field(default_factory=dict)

    def give(self, kind: str, number: int) -> None:
        """The store gave `number` to a new `kind`: it must be the next one, never reused."""
        expected = self.counters.get(kind, 0) + 1
        assert number == expected, f"{kind} number {number}, expected {expected}"
        self.counters[kind] = number


def pick(mapping: dict[Any, Any], index: int) -> Any:
    keys = sorted(mapping)
    return keys[index % len(keys)]


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="store-machine-"))
        self.home = self.folder / "store"
        self.clients: list[Client] = []
        self.today = dates.today()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # Helpers -------------------------------------------------------------------------------

    def store(self) -> Store:
        return Store(self.home)  # a new Store each time: nothing cached between commands

    def client(self, index: int) -> Client:
        return self.clients[index % len(self.clients)]

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.home)): p.read_bytes()
            for p in sorted(self.home.rglob("*"))
            if p.is_file()
        }

    def write(self, client: Client, operation: Any) -> Any:
        with self.store().plan(client.handle, write=True) as plan:
            return operation(plan)

    def refused(self, client: Client, operation: Any) -> None:
        """The operation must raise a PlanError and leave every file as it was."""
        before = self.files()
        with pytest.raises(PlanError):
            self.write(client, operation)
        assert self.files() == before, "a refused operation wrote something"

    def unchanged(self, client: Client, operation: Any) -> None:
        """An operation that changes nothing must write nothing."""
        before = self.files()
        self.write(client, operation)
        assert self.files() == before, "an operation that changed nothing wrote"

    # Clients -------------------------------------------------------------------------------

    @initialize(name=words(30))
    def first_client(self, name: str) -> None:
        self.add_client(name)

    @precondition(lambda self: len(self.clients) < 3)
    @rule(name=words(30))
    def add_client(self, name: str) -> None:
        store = self.store()
        doc = store.add_client(name)
        assert doc["name"] == typed(name)
        assert doc["handle"] not in {c.handle for c in self.clients}
        client = Client(doc["handle"], doc["id"])
        domains = [d for d in store.templates().domains.values() if not d.extra]
        for domain in domains:
            client.give("domains", client.counters.get("domains", 0) + 1)
            for _item in domain.items:
                number = client.counters.get("needs", 0) + 1
                client.give("needs", number)
                client.needs[number] = ["unknown", "unknown"]
        self.clients.append(client)

    # Dreams and goals --------------------------------------------------------------------

    @precondition(lambda self: self.clients)
    @rule(who=PICK, text=words(60))
    def add_dream(self, who: int, text: str) -> None:
        client = self.client(who)
        doc = self.write(client, lambda plan: plan.add_dream(text))
        client.give("dreams", doc["number"])
        client.dreams[doc["number"]] = [typed(text), "held"]

    @precondition(lambda self: any(c.dreams for c in self.clients))
    @rule(who=PICK, which=PICK, status=st.sampled_from(DREAM_STATUSES))
    def set_dream_status(self, who: int, which: int, status: str) -> None:
        with_dreams = [c for c in self.clients if c.dreams]
        client = with_dreams[who % len(with_dreams)]
        number = pick(client.dreams, which)
        if client.dreams[number][1] == status:
            self.unchanged(client, lambda plan: plan.set_dream_status(number, status))
            return
        self.write(client, lambda plan: plan.set_dream_status(number, status))
        client.dreams[number][1] = status

    @precondition(lambda self: self.clients)
    @rule(who=PICK, title=words(), steps=st.lists(words(), max_size=3), link=PICK)
    def add_goal(self, who: int, title: str, steps: list[str], link: int) -> None:
        client = self.client(who)
        dream = pick(client.dreams, link) if client.dreams and link % 2 else None
        doc = self.write(client, lambda plan: plan.add_goal(title, steps=steps, dream=dream))
        client.give("goals", doc["number"])
        assert doc["dream"] == dream
        client.goals[doc["number"]] = {
            "title": typed(title),
            "status": "active",
            "steps": [[n, typed(s), None] for n, s in enumerate(steps, 1)],
        }

    @precondition(lambda self: self.clients)
    @rule(who=PICK, title=BAD)
    def add_goal_refused(self, who: int, title: str) -> None:
        self.refused(self.client(who), lambda plan: plan.add_goal(title))

    def _goal(self, who: int, which: int) -> tuple[Client, int] | None:
        with_goals = [c for c in self.clients if c.goals]
        if not with_goals:
            return None
        client = with_goals[who % len(with_goals)]
        return client, pick(client.goals, which)

    @precondition(lambda self: any(c.goals for c in self.clients))
    @rule(who=PICK, which=PICK, text=words())
    def add_step(self, who: int, which: int, text: str) -> None:
        client, number = self._goal(who, which)  # type: ignore[misc]
        self.write(client, lambda plan: plan.add_step(number, text))
        steps = client.goals[number]["steps"]
        steps.append([max((s[0] for s in steps), default=0) + 1, typed(text), None])

    @precondition(lambda self: any(g["steps"] for c in self.clients for g in c.goals.values()))
    @rule(who=PICK, which=PICK, step=PICK, days_ago=st.integers(0, 20), undo=st.booleans())
    def complete_step(self, who: int, which: int, step: int, days_ago: int, undo: bool) -> None:
        goals = [(c, n) for c in self.clients for n, g in sorted(c.goals.items()) if g["steps"]]
        client, number = goals[(who + which) % len(goals)]
        steps = client.goals[number]["steps"]
        chosen = steps[step % len(steps)]
        done = None if undo else (self.today - dt.timedelta(days=days_ago)).isoformat()

        def complete(plan: Any) -> Any:
            return plan.complete_step(number, chosen[0], on=done, undo=undo)

        if chosen[2] == done:
            self.unchanged(client, complete)
            return
        self.write(client, complete)
        chosen[2] = done

    @precondition(lambda self: any(c.goals for c in self.clients))
    @rule(who=PICK, which=PICK, status=st.sampled_from(GOAL_STATUSES), note=NOTE)
    def set_goal_status(self, who: int, which: int, status: str, note: str | None) -> None:
        client, number = self._goal(who, which)  # type: ignore[misc]

        def set_status(plan: Any) -> Any:
            return plan.set_goal_status(number, status, note=note)

        if client.goals[number]["status"] == status and note is None:
            self.unchanged(client, set_status)
            return
        self.write(client, set_status)
        client.goals[number]["status"] = status

    @precondition(lambda self: any(c.goals for c in self.clients))
    @rule(who=PICK, which=PICK, progress=st.integers(0, 4), days=st.integers(0, 6), note=NOTE)
    def check_in(self, who: int, which: int, progress: int, days: int, note: str | None) -> None:
        client, number = self._goal(who, which)  # type: ignore[misc]
        day = self.today - dt.timedelta(days=days)
        doc = self.write(client, lambda plan: plan.check_in(number, progress, note=note, on=day))
        key = (number, day.isoformat())
        # A second check-in on the same goal and day updates the first; a note stays unless
        # a new one is given.
        kept_note = client.checkins.get(key, (0, None))[1]
        client.checkins[key] = (progress, typed(note) if note is not None else kept_note)
        assert (doc["progress"], doc["note"]) == client.checkins[key]

    @precondition(lambda self: any(c.goals for c in self.clients))
    @rule(who=PICK, which=PICK, progress=st.sampled_from([-1, 5, 99]))
    def check_in_refused(self, who: int, which: int, progress: int) -> None:
        client, number = self._goal(who, which)  # type: ignore[misc]
        self.refused(client, lambda plan: plan.check_in(number, progress))

    # The ladder ----------------------------------------------------------------------------

    @precondition(lambda self: self.clients)
    @rule(who=PICK, name=words(), step=st.integers(1, 5))
    def add_area(self, who: int, name: str, step: int) -> None:
        client = self.client(who)
        taken = {folded(area[0]) for area in client.areas.values()}
        if folded(name) in taken:
            self.refused(client, lambda plan: plan.add_area(name, step=step))
            return
        doc = self.write(client, lambda plan: plan.add_area(name, step=step))
        client.give("areas", doc["number"])
        client.areas[doc["number"]] = [typed(name), step]

    @precondition(lambda self: any(c.areas for c in self.clients))
    @rule(who=PICK, which=PICK, up=st.booleans(), note=NOTE)
    def move_on_the_ladder(self, who: int, which: int, up: bool, note: str | None) -> None:
        with_areas = [c for c in self.clients if c.areas]
        client = with_areas[who % len(with_areas)]
        number = pick(client.areas, which)
        step = client.areas[number][1]

        def move(plan: Any) -> Any:
            return (plan.step_up if up else plan.step_back)(number, note=note)

        target = step + (1 if up else -1)
        if not 1 <= target <= 5:
            self.refused(client, move)  # no step above 5 or below 1
            return
        doc = self.write(client, move)
        assert doc["step"] == target
        client.areas[number][1] = target

    # Needs ---------------------------------------------------------------------------------

    @precondition(lambda self: self.clients)
    @rule(who=PICK, which=PICK, client_says=st.sampled_from(RATINGS),
          worker_says=st.none() | st.sampled_from(RATINGS))  # fmt: skip
    def rate_need(self, who: int, which: int, client_says: str, worker_says: str | None) -> None:
        client = self.client(who)
        number = pick(client.needs, which)
        before = list(client.needs[number])
        after = [client_says, worker_says or before[1]]

        def rate(plan: Any) -> Any:
            return plan.rate_need(number, client_says=client_says, worker_says=worker_says)

        if after == before:
            self.unchanged(client, rate)
            return
        self.write(client, rate)
        client.needs[number] = after

    # What a fresh Store reads back ---------------------------------------------------------

    @invariant()
    def a_new_store_reads_back_the_model(self) -> None:
        store = self.store()
        assert {c["handle"]: c["id"] for c in store.clients()} == {
            c.handle: c.id for c in self.clients
        }
        for client in self.clients:
            with store.plan(client.handle) as plan:
                whole = plan.whole()
            assert {d["number"]: [d["text"], d["status"]] for d in whole["dreams"]} == (
                client.dreams
            )
            assert {
                g["number"]: {
                    "title": g["title"],
                    "status": g["status"],
                    "steps": [[s["number"], s["text"], s["done"]] for s in g["steps"]],
                }
                for g in whole["goals"]
            } == client.goals
            assert {
                (c["goal"], c["date"]): (c["progress"], c["note"]) for c in whole["checkins"]
            } == client.checkins
            assert {a["number"]: [a["name"], a["step"]] for a in whole["areas"]} == client.areas
            assert {
                n["number"]: [n["client_rating"], n["worker_rating"]] for n in whole["needs"]
            } == client.needs
            meta = read_plan_file(store.client_path(client.id))["meta"]
            (record,) = meta.values()
            assert record["counters"] == client.counters, "a number given twice or skipped"

    @invariant()
    def every_file_opens(self) -> None:
        if not self.home.exists():
            return
        for path in self.home.rglob("*.json"):
            if path.parent.name != "templates" and path.name != "settings.json":
                read_plan_file(path)
        assert not list(self.home.rglob("*.tmp")), "a temp file was left behind"


StoreMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_store_against_a_model = StoreMachine.TestCase
