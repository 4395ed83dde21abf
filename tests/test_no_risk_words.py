"""The shared tool never holds risk scores, risk-tool items, diagnoses or violence history:
none of their words appears in anything it says, in either language, in its templates, or in
what the demo holds and prints. Those belong in the journal, not on a screen the client shares.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import recoverytui
from recoverytui.core import i18n
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.core.templates import load
from recoverytui.core.weekly import build_week_report
from recoverytui.report import render
from recoverytui.report.crisis import build_crisis_sheet, render_crisis
from tui_support import FRIDAY

PACKAGE = Path(recoverytui.__file__).parent
RISK_WORDS = re.compile(
    # START is the tool's name only in capitals: "a small start" is ours.
    r"HCR|V-?RISK|SAPROF|(?-i:\bSTART\b)|risk (level|score|assessment)"
    r"|risiko|diagnos|violen|\bvold",
    re.IGNORECASE,
)


def said(text: str) -> list[str]:
    return [found.group(0) for found in RISK_WORDS.finditer(text)]


def test_the_words_hold_no_risk_words():
    catalogue = read_po((PACKAGE / "locale/nb/LC_MESSAGES/recoverytui.po").open("rb"))
    sentences = []
    for message in catalogue:
        for part in (message.id, message.string):
            sentences += part if isinstance(part, tuple) else [part]
    assert len(sentences) > 2000
    assert said("\n".join(sentences)) == []
    templates = sorted((PACKAGE / "templates").rglob("*.txt"))
    assert {path.name for path in templates} == {"needs.txt", "areas.txt", "help.txt"}
    assert len(templates) == 6  # and the same three in bokmål
    assert said("\n".join(path.read_text(encoding="utf-8") for path in templates)) == []


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_demo_holds_and_prints_no_risk_words(tmp_path, language):
    i18n.use(language)
    try:
        store = Store(tmp_path / "home")
        create_demo(store, today=FRIDAY)
        with store.plan("demo") as plan:
            report = build_week_report(plan, "2026-W48", today=FRIDAY)
        printed = render(report, "txt").decode() + render(report, "md").decode()
        kept = "\n".join(path.read_text() for path in (tmp_path / "home").rglob("*.json"))
    finally:
        i18n.use("en")
    assert "Robin" in printed and "Robin" in kept  # the check reads what it means to
    assert said(printed) == [] and said(kept) == []


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_crisis_plan_and_card_print_no_risk_words(tmp_path, language):
    """The client's own crisis plan, in every format: their signs and people, never a score."""
    i18n.use(language)
    try:
        store = Store(tmp_path / "home")
        create_demo(store, today=FRIDAY)
        with store.plan("demo") as plan:
            client, crisis = plan.client, plan.crisis()
        numbers = load(store.home, only=("help.txt",)).help
        sheet = build_crisis_sheet(client, crisis, numbers, today=FRIDAY)
        printed = [render_crisis(sheet, fmt).decode() for fmt in ("txt", "md")]
        if shutil.which("pdftotext"):
            for fmt in ("pdf", "card"):
                path = tmp_path / f"{fmt}.pdf"
                path.write_bytes(render_crisis(sheet, fmt))
                read = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
                printed.append(subprocess.run(read, capture_output=True, text=True).stdout)
    finally:
        i18n.use("en")
    for text in printed:  # the check reads what it means to: the plan, the help numbers
        assert "Robin" in text and "116 117" in text
    assert said("\n".join(printed)) == []


def test_the_check_would_catch_one():
    assert said("Risikonivå: høy (V-RISK-10), START") == ["Risiko", "V-RISK", "START"]
    assert said("a small start") == []
