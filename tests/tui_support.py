"""The fixed world the TUI tests see: the calendar frozen on a Friday, the demo client, and
another client whose name must never show on the shared screen."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from recoverytui.core import dates
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store

if TYPE_CHECKING:
    from recoverytui.tui.app import RecoveryApp

FRIDAY = dt.date(2026, 11, 27)
OTHER_NAME = "Zacharias Otherclient"


def freeze(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    return FRIDAY


def demo_store(folder: Path) -> Store:
    store = Store(folder)
    create_demo(store, today=FRIDAY)
    other = store.add_client(OTHER_NAME, handle="zach")
    with store.plan(other["id"], write=True) as plan:
        plan.add_goal(f"{OTHER_NAME}'s own goal")
    return store


def screen_text(app: RecoveryApp) -> str:
    """What the screen shows, as text (the SVG screenshot, unescaped)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")
