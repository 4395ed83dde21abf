"""The client's words in any script they write: shaped, in the right order, read back as typed.

Arabic, Persian and Urdu letters join and run right to left; Hebrew runs right to left; Tigrinya
(Ethiopic), Tamil and Thai need faces of their own. Every printout draws them with the Noto Sans
face for the script, shaped by HarfBuzz, and poppler reads them back in the order typed.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools import ttLib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import recoverytui.cli
from recoverytui.cli.app import app
from recoverytui.core import dates
from recoverytui.core.store import Store
from test_report import needs_poppler, pdf_text

recoverytui.cli.load_all()

FRIDAY = dt.date(2026, 11, 27)
runner = CliRunner()

ARABIC = "أريد أن أعيش في بيتي الخاص"
PERSIAN = "من می\u200cخواهم کار کنم"  # with the zero-width non-joiner Persian writes
URDU = "میں اپنے گھر میں رہنا چاہتا ہوں"
HEBREW = "לקנות מיטה חדשה"
NORWEGIAN = "Vi så på senger på Fretex – ærlig talt fine"
TIGRINYA = "ሰላም ንኹሉ"
TAMIL = "வீடு"
THAI = "บ้าน"
CJK = "家"  # no face shipped for it: one placeholder
# What poppler puts around a right-to-left run it read: not part of the text.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(folder))
    monkeypatch.setenv("RECOVERY_CLIENT", "amal")
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    store = Store(folder)
    store.add_client("Amal", handle="amal", coordinator="Ola")
    with store.plan("amal", write=True) as plan:
        plan.add_dream(ARABIC)
        plan.add_dream(f"{PERSIAN} / {URDU}")
        plan.add_goal(HEBREW, dream=1, base=dt.date(2026, 11, 2))
        plan.check_in(1, 2, note=NORWEGIAN, on=FRIDAY)
        plan.add_goal(f"{TIGRINYA} {TAMIL} {THAI} {CJK}", base=dt.date(2026, 11, 2))
        plan.add_to_crisis("sign", ARABIC)
        plan.add_to_crisis("helps", HEBREW)
    monkeypatch.chdir(tmp_path)
    return folder


def printed(tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "out.pdf"
    result = runner.invoke(app, ["report", *args, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def read_back(path: Path) -> str:
    """The text as poppler reads it, without its direction marks, each run of space one."""
    return re.sub(r"\s+", " ", BIDI_MARKS.sub("", pdf_text(path)))


@needs_poppler
@pytest.mark.parametrize(
    "report", [["weekly"], ["crisis"], ["crisis", "--format", "card"], ["plan", "--with-crisis"]]
)
def test_every_printout_reads_back_each_script_in_the_order_typed(
    home: Path, tmp_path: Path, report: list[str]
) -> None:
    text = read_back(printed(tmp_path, *report))
    assert ARABIC in text and HEBREW in text
    if report[0] != "crisis":
        for words in (PERSIAN, URDU, TIGRINYA, TAMIL, THAI):
            assert words in text, (words, text)
    if report[0] == "weekly":
        assert NORWEGIAN in text
        assert f"{THAI} ◌" in text  # the one character no shipped face has


def word_boxes(path: Path) -> list[tuple[str, float, float]]:
    """Each word poppler finds, with its left and right edge. (Listed box by box, a
    right-to-left word has its letters in the order they stand, from the left.)"""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    found = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                       result.stdout)  # fmt: skip
    return [(BIDI_MARKS.sub("", word).strip("“”"), float(a), float(b)) for a, b, word in found]


@needs_poppler
def test_arabic_runs_right_to_left_with_its_letters_joined(home: Path, tmp_path: Path) -> None:
    boxes = {word[::-1]: box for word, *box in word_boxes(printed(tmp_path, "weekly"))}
    first, last = boxes["أريد"], boxes["الخاص"]
    assert first[0] > last[1]  # the first word typed stands rightmost
    # Joined, a word takes less room than its letters standing alone (the forms the
    # character map gives): "بيتي" drawn unshaped is over a third wider.
    home_word = boxes["بيتي"]
    fonts = Path(recoverytui.__file__).parent / "report" / "fonts"
    font = ttLib.TTFont(fonts / "NotoSansArabic-Regular.ttf")
    cmap, widths = font.getBestCmap(), font["hmtx"].metrics
    alone = sum(widths[cmap[ord(ch)]][0] for ch in "بيتي") / font["head"].unitsPerEm
    size = (home_word[1] - home_word[0]) / alone  # the type size it was drawn at, if unjoined
    assert size < 0.75 * 12.5, (home_word, alone)


@needs_poppler
def test_a_latin_sheet_never_loads_harfbuzz(home: Path, tmp_path: Path) -> None:
    """Shaping is for text that needs it: a sheet in Latin letters draws as it always did."""
    code = (
        "import sys, datetime as dt\n"
        "from recoverytui.core.store import Store\n"
        "from recoverytui.core.weekly import build_week_report\n"
        "from recoverytui.report import render\n"
        "store = Store(sys.argv[1])\n"
        "store.add_client('Kari', handle='kari')\n"
        "with store.plan('kari', write=True) as plan:\n"
        "    plan.add_dream('Ei seng, ein sofa og ró')\n"
        "    report = build_week_report(plan, '2026-W48', today=dt.date(2026, 11, 27))\n"
        "render(report, 'pdf')\n"
        "print('uharfbuzz' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "latin")],
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "False"


MIXED = (
    f"{ARABIC} {PERSIAN} {URDU} {HEBREW} {TIGRINYA} {TAMIL} {THAI} {CJK} æøå 123 ٣٤ ،؟"
    " \u064b\u0651\u200c\u200d\u200e\u200f😀👍🏽\n\t“”()-–"
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=MIXED, max_size=120), st.sampled_from([20.0, 60.0, 178.0]))
def test_any_mix_of_scripts_is_measured_and_drawn_without_a_crash(text: str, width: float) -> None:
    """Scripts, joiners, marks without a letter, emoji and line breaks, in any order, at any
    width, in every way the printouts draw text: a whole PDF comes out."""
    from recoverytui.report import pdf as sheet

    document = sheet.new_document()
    document.add_page()
    blocks = sheet._Blocks(document)
    try:
        for bold in (False, True):
            for align in ("L", "J", "C"):
                blocks.write(text, bold=bold, align=align, width=width)
            blocks.fitting(text, 14, 8, width)
            blocks.one_line_size(text, 12, 8, width)
            blocks.table(["a", "b"], [[text, text[:10]], ["x", text]])
        data = bytes(document.output(output_producer_class=sheet._Output))
    finally:
        sheet._release(document)
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-8:]


@needs_poppler
def test_a_number_in_right_to_left_words_stands_where_the_bidi_algorithm_puts_it(
    home: Path, tmp_path: Path
) -> None:
    """ "واحد اثنان 2027" in a left-to-right line reads, from the left, "2027 اثنان واحد"
    (UAX #9: the number takes the level above the Arabic run, the run is turned whole)."""
    store = Store(home)
    with store.plan("amal", write=True) as plan:
        plan.add_goal("Mål: واحد اثنان 2027 and more", base=dt.date(2026, 11, 2))
    boxes = word_boxes(printed(tmp_path, "weekly"))
    lefts = {word: left for word, left, _ in boxes}
    order = [lefts["Mål:"], lefts["2027"], lefts["اثنان"[::-1]], lefts["واحد"[::-1]], lefts["and"]]
    assert order == sorted(order), boxes


@needs_poppler
def test_a_name_in_arabic_keeps_the_page_count_in_the_footer(tmp_path: Path, home: Path) -> None:
    Store(home).add_client("أمل حسن", handle="amal2")
    text = read_back(printed(tmp_path, "weekly", "-c", "amal2"))
    assert "أمل حسن" in text and "page 1 of 1" in text and "{nb}" not in text
