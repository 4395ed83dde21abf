"""The weekly sheet as an A4 PDF, with fpdf2. Imported only when a PDF is made.

The client's part (dreams, goals, the week in their words, the next small steps) comes first
in large type; the ladder, open needs, room to write and to sign follow. It prints well in
black and white: progress is numbers with plain bars, steps are drawn as steps, ticks are
drawn marks, and nothing is told by colour alone.

fpdf2's core fonts are Latin-1 only, so DejaVu Sans is shipped with the package (fonts/).
A character the font lacks (most emoji) is shown as one placeholder (◌) per emoji, never
silently dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar, cast

from recoverytui.report._imports import standing_in, without

# fpdf2 imports `cryptography` and Pillow for what the sheet never does: signing and
# encrypting PDFs (signing needs `endesive` too, which isn't installed), and images. Both
# are optional in fpdf2, and together cost some 13 MiB and 35 ms, so it is imported here as
# if they weren't there. It says so about Pillow in a warning, which isn't for our users.
# For signing it also imports unittest.mock's `patch`, and with it asyncio (2 MiB): a
# stand-in does, as only signing would call it.
# HarfBuzz (uharfbuzz) too: fpdf2 imports it at its top, but only text in a script that
# needs shaping uses it (_harfbuzz()), and it costs 6 MiB and some 30 ms.
with (
    without("cryptography", "PIL", "uharfbuzz"),
    standing_in("unittest.mock", patch=None),
    warnings.catch_warnings(),
):
    warnings.filterwarnings("ignore", message="Pillow could not be imported")
    import fpdf.fonts
    import fpdf.fpdf
    import fpdf.output
    from fontTools import subset as ftsubset
    from fontTools import ttLib
    from fpdf import FPDF
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import Align, MethodReturnValue, TextDirection, WrapMode, XPos, YPos
    from fpdf.fonts import FontFace, SubsetMap, TTFFont
    from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, Fragment, MultiLineBreak, TextLine
    from fpdf.output import OutputProducer
    from fpdf.util import FloatTolerance

from recoverytui.core.i18n import _, in_quotes
from recoverytui.core.text import TITLE_MAX, one_line, safe
from recoverytui.core.weekly import (
    AreaWeek,
    CheckIn,
    Dream,
    GoalWeek,
    Move,
    ReachedGoal,
    SetAside,
    Step,
    WeekReport,
    WeekValue,
)
from recoverytui.report import words
from recoverytui.report.tags import ARTIFACT, Tagged, each_tagged, tagged, tagged_as

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "dejavu"
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Scripts that DejaVu Sans lacks, or has letters of without what makes them read right
# (Arabic's joined forms): each has the Noto Sans face made for it, shipped with the package.
# Text with any of their letters is shaped with HarfBuzz and laid out in both directions by
# fpdf2 (the Unicode bidi algorithm), so Arabic, Persian, Urdu and Hebrew print joined and
# right to left, and read back in the order they were typed.
SCRIPTS = {
    "notoarabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "notohebrew": ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "notoethiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    "nototamil": ("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    "notothai": ("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
}
# The blocks DejaVu has some letters of, left wholly to the script's own face: a word drawn
# partly in each would not join. (Hebrew and Arabic, their presentation forms, Thai.)
_SCRIPT_BLOCKS = (
    (0x0590, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0x0E00, 0x0E7F),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Tables DejaVu has that fpdf2 leaves out of an embedded font (fpdf.output, _add_fonts).
_LEFT_OUT = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH")
MISSING = "◌"  # for a character the font lacks (an emoji): a placeholder, not a checkbox
# The characters most sheets are written in: the sheet's own words and marks, and the letters
# of names and words in Norwegian and other European languages (Latin-1, Latin Extended-A).
COMMON = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028)]))
COMMON += "↑↓★" + MISSING

BLACK = 0
GREY = 85  # secondary text: dates, whose words; dark enough to print
LIGHT = 225  # fills behind headers and bars' background
BAR = 110

# Sizes in points: large for the client's own part.
BIG = 12.5
BODY = 11.0
WRITING_GAP = 8.5  # mm between the lines to write on
SMALL = 9.5
TINY = 8.0
CELL_MAX = 2 * TITLE_MAX  # characters in a table cell, which must fit on one page

# How far the weekly sheet shortens its lists to keep to two pages, round by round: the
# fewest entries each tier of lists keeps in a round (see _Sheet.lists and fit). The worker's
# lists (needs, ladder, goals reached or set aside) give way first, the client's dreams last.
ROUNDS = (
    {0: 3, 1: 99, 2: 99, 3: 99},
    {0: 1, 1: 2, 2: 99, 3: 99},
    {0: 0, 1: 1, 2: 99, 3: 99},
    {0: 0, 1: 0, 2: 1, 3: 1},
    {0: 0, 1: 0, 2: 0, 3: 0},
)

# Characters that break a line, or that fpdf2 draws as another (a no-break space as a space, a
# soft hyphen as nothing or a hyphen): one_line() leaves text with any of them to fpdf2.
_UNPLAIN = frozenset("\n\r\f\u00a0\u00ad")
# Of those, what _LineBreak leaves to fpdf2 (multi_cell has taken out \r; \n it handles).
_UNPLAIN_IN_A_LINE = _UNPLAIN - {"\n", "\r"}

_T = TypeVar("_T")

# Characters that only join or modify an emoji: they belong to the placeholder before them.
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


class _Shaping(Tagged):
    """A document whose text with a letter of SCRIPTS is measured and drawn shaped, with the
    script faces as fallbacks; any other text goes the quick way, exactly as before."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scripts: list[str] = []  # the script faces added, as they were first needed

    def cell(self, w: Any = None, h: Any = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        with self.shaped(text):
            return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w: Any, h: Any = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        with self.shaped(text):
            return super().multi_cell(w, h, text, *args, **kwargs)

    def get_string_width(self, s: str, *args: Any, **kwargs: Any) -> float:
        with self.shaped(s):
            return super().get_string_width(s, *args, **kwargs)

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Fragment]:
        """fpdf2's, with the runs of _runs(): each fragment knows its bidi level, which
        _in_visual_order() lays the line out by. (Markdown is never used here.)"""
        if not self.text_shaping:
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = TextDirection.LTR
        fragments: list[Fragment] = []
        for run, direction, level in _runs(text, self.str_alias_nb_pages):
            self.text_shaping["fragment_direction"] = direction
            self.text_shaping["fragment_level"] = level
            fragments.extend(self._preload_font_styles(run, markdown))
        return fragments

    @contextlib.contextmanager
    def shaped(self, text: str) -> Iterator[None]:
        if not _unplain().search(text) or self.text_shaping:
            yield
            return
        faces = _script_faces()
        for family in sorted({faces[code] for code in map(ord, text) if code in faces}):
            if family not in self.scripts:
                for weight, file in zip(FACES, SCRIPTS[family], strict=True):
                    self.add_font(family, style=weight, fname=str(FONTS / file))
                self.scripts.append(family)
        _harfbuzz()
        for face in self.fonts.values():  # shaping names the glyphs it picks from the file
            if isinstance(face, _Face) and face.ttfont is None:
                weight = face.fontkey.removeprefix(FONT)
                face.ttfont = _open_font_file(weight)
                # and takes each letter of a script block from the script's own face
                face.cmap = _own_cmap(weight)
        self.set_fallback_fonts(self.scripts, exact_match=False)
        # Every line stands in a left-to-right page: right-to-left words are laid out as
        # a run inside it, so a number or quote mark of ours stays where the page has it.
        self.set_text_shaping(True)
        current = (self.font_family, self.font_style, self.font_size_pt)
        try:
            yield
        finally:
            self.text_shaping = None
            self.set_fallback_fonts([])
            # The page's text may have ended in a script face, which fpdf2 doesn't count:
            # name the current font again before the next text, or it is drawn in that face
            self.set_font(*current)
            self.current_font_is_set_on_page = False


class _Document(_Shaping):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=TINY)
        self.set_text_color(GREY)
        text = _("{footer} · page {page} of {pages}").format(
            footer=self.footer_text, page=self.page_no(), pages="{nb}"
        )
        self.cell(0, 5, text, align="C")


def new_document() -> _Document:
    """An A4 portrait document with the sheets' margins and both faces."""
    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=15)
    _add_faces(pdf)
    return pdf


def read_fonts(*, many: bool = False) -> None:
    """Parse the fonts now, as the first sheet would; for many sheets (e.g. before forking
    workers) also cut them down once to the common characters' glyphs (see _Output)."""
    _known()
    for style in FACES if many else ():
        if style not in _cuts:
            _cuts[style] = _cut(style)


def render_pdf(report: WeekReport) -> bytes:
    sheet = _Sheet(report)
    try:
        return bytes(sheet.build())
    finally:
        _release(sheet.pdf)


# The fonts: parsed once per process ----------------------------------------------------------


class _Face(TTFFont):
    """A face of DejaVu Sans for one document, made from the one parsed in this process.

    fpdf2 parses the font file again for each document (add_font: some 20 ms a face), and
    while it breaks a line it measures the whole line again for each character it adds. A
    `_Face` shares the parsed widths and character map, keeps what belongs to its document
    (its number, the glyphs used, a font file of its own for the subsetter to cut down), and
    measures a line by adding the new character to the width it has just given for the rest.
    The widths are the same integers summed the same way, so every line breaks where it did.
    """

    __slots__ = ("_last_text", "_last_units")
    _last_text: str
    _last_units: float

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> tuple[int, float]:
        if text_shaping_params or self.is_symbol:  # neither is used here: fpdf2's own way
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        widths = self.cw  # font units per character, ints; a defaultdict, as fpdf2 reads it
        if len(text) == 1:
            units = widths[ord(text)]
        else:
            last = self._last_text
            if text == last:
                units = self._last_units
            elif text[:-1] == last:
                units = self._last_units + widths[ord(text[-1])]
            else:
                units = sum(map(widths.__getitem__, map(ord, text)))
            self._last_text, self._last_units = text, units
        return len(text), units * font_size_pt * 0.001


@functools.cache
def _parsed(style: str) -> TTFFont:
    """One face as fpdf2 parses it, once per process; its font file is let go (each document
    opens its own)."""
    pdf = FPDF()
    pdf.add_font(FONT, style=style, fname=str(FONTS / FACES[style]))
    face = pdf.fonts[FONT + style]
    assert isinstance(face, TTFFont) and face.color_font is None
    _let_go(face)
    return face


def _in_script_block(code: int) -> bool:
    return any(low <= code <= high for low, high in _SCRIPT_BLOCKS)


@functools.cache
def _own_cmap(style: str) -> dict[int, str]:
    """The characters a face of DejaVu draws in shaped text: its own, less the script
    blocks. (Unshaped text never holds those: text() and _unplain see to it.)"""
    return {
        code: glyph for code, glyph in _parsed(style).cmap.items() if not _in_script_block(code)
    }


@functools.cache
def _known() -> frozenset[int]:
    """Characters both faces of DejaVu draw; for any other, see text()."""
    both = _parsed("").cmap.keys() & _parsed("B").cmap.keys()
    return frozenset(code for code in both if not _in_script_block(code))


@functools.cache
def _unplain() -> re.Pattern[str]:
    """Finds a character that keeps text from being drawn the quick way, unshaped: one
    outside _known() (as ranges: a pattern is far smaller than a set of 6,000 letters)."""
    ranges: list[list[int]] = []
    for code in sorted(_known() | {ord("\n"), ord("\r")}):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spans = "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
        for low, high in ranges
    )
    return re.compile(f"[^{spans}]")


@functools.cache
def _script_faces() -> dict[int, str]:
    """Each character DejaVu doesn't draw that a script face does in both weights, and that
    face's family. Only their character maps are read."""
    known = _known()
    faces: dict[int, str] = {}
    for family, files in SCRIPTS.items():
        maps = []
        for file in files:
            with ttLib.TTFont(FONTS / file, lazy=True) as font:
                maps.append(set(font.getBestCmap()))
        for code in maps[0] & maps[1]:
            if code not in known:
                faces.setdefault(code, family)
    return faces


def _harfbuzz() -> None:
    """Give fpdf2 HarfBuzz, which it was imported without (see the imports above)."""
    fonts = fpdf.fonts
    if getattr(fonts, "hb", None) is not None:
        return
    import uharfbuzz

    class HarfBuzzFont(uharfbuzz.Font):
        """As fpdf2 defines it: a uharfbuzz Font that deep copies as itself."""

        def __deepcopy__(self, memo: dict[int, Any]) -> HarfBuzzFont:
            return self

    vars(fonts).update(HarfBuzzFont=HarfBuzzFont, hb=uharfbuzz)


def _add_faces(pdf: FPDF) -> None:
    """What pdf.add_font does for both faces, without parsing the files again."""
    for style in FACES:
        parsed = _parsed(style)
        face = _Face.__new__(_Face)
        for name in TTFFont.__slots__:  # as TTFFont.__deepcopy__ does, sharing the metrics
            if hasattr(parsed, name):
                setattr(face, name, getattr(parsed, name))
        face.i = len(pdf.fonts) + 1
        face.ttfont = None  # opened when the file is written, knowing the glyphs (_Output)
        face.missing_glyphs = []
        face.biggest_size_pt = 0
        face._last_text, face._last_units = "", 0
        face.subset = SubsetMap(face)
        pdf.fonts[face.fontkey] = face


def _open_font_file(style: str) -> ttLib.TTFont:
    """The file, opened lazily as fpdf2 does, without the tables fpdf2 leaves out of an
    embedded font: fontTools would read the layout tables (DejaVu's kerning is large) before
    dropping them, and with GPOS it drops the old 'kern' table too (Options.legacy_kern)."""
    font = ttLib.TTFont(FONTS / FACES[style], recalcTimestamp=False, lazy=True)
    if "GPOS" in font and "kern" in font:
        del font["kern"]
    for tag in _LEFT_OUT:
        if tag in font:
            del font[tag]
    return font


class _Output(OutputProducer):
    """fpdf2's writer, given each face's font file just before it embeds the fonts.

    fpdf2 cuts a font down to the glyphs the document uses, and writes the result out again.
    When the fonts were cut down ahead for many sheets (read_fonts) and the document uses
    none but their glyphs, the cut font is embedded as it is instead: the same outlines, so
    the pages look the same to the pixel (a test renders both), in a file some 35 KB larger,
    without cutting and writing a font again for every sheet. Any other document's font is
    cut from the whole file, as fpdf2 does. While fpdf2 writes, its subsetter is ours: one
    document is written at a time (the TUI prints in its event loop)."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> Any:
        for face in self.fpdf.fonts.values():
            if isinstance(face, _Face):
                style = face.fontkey.removeprefix(FONT)
                _let_go(face)  # opened for shaping, if any text was shaped
                face.ttfont = _font_file(style, face.subset.get_all_glyph_names())
        subsetter = fpdf.output.ftsubset
        fpdf.output.ftsubset = _AsCut
        try:
            return super()._add_fonts(*args, **kwargs)
        finally:
            fpdf.output.ftsubset = subsetter


class _Subsetter:
    """fontTools' Subsetter, except that a font already cut down ahead is left as it is."""

    def __init__(self, options: Any) -> None:
        self.subsetter = ftsubset.Subsetter(options)

    def populate(self, **glyphs: Any) -> None:
        self.subsetter.populate(**glyphs)

    def subset(self, font: ttLib.TTFont) -> None:
        if not isinstance(font, _CutFont):
            self.subsetter.subset(font)


class _AsCut:
    """fontTools.subset as fpdf2's writer uses it, with _Subsetter."""

    Options = ftsubset.Options
    Subsetter = _Subsetter


class _CutFont(ttLib.TTFont):
    """A face cut down ahead (read_fonts), opened for a document: embedded as it is, and
    written out as the very bytes it was read from rather than compiled again each time."""

    def __init__(self, data: bytes) -> None:
        super().__init__(BytesIO(data), recalcTimestamp=False, lazy=True)
        self.data = data

    def save(self, file: Any, reorderTables: bool | None = True) -> None:
        file.write(self.data)


# Cut down ahead of many sheets (read_fonts): style -> (the glyphs kept, the font file).
_cuts: dict[str, tuple[frozenset[str], bytes]] = {}


def _font_file(style: str, glyphs: Iterable[str]) -> ttLib.TTFont:
    """The font file to embed for a document: the one cut down ahead when it has every glyph
    the document uses, else the whole file, to be cut down. Lazily, so only the tables
    fontTools needs are read."""
    cut = _cuts.get(style)
    if cut is not None and cut[0].issuperset(glyphs):
        return _CutFont(cut[1])
    return _open_font_file(style)


def _cut(style: str) -> tuple[frozenset[str], bytes]:
    """The face cut down to the glyphs of COMMON (some 350 of 6,000), as fpdf2 cuts one for a
    document, to embed as it is in every sheet that uses none but these (_Output). The glyph
    names are kept: fpdf2 finds each glyph of the embedded font by its name."""
    parsed = _parsed(style)
    glyphs = {parsed.cmap[code] for code in map(ord, COMMON) if code in parsed.cmap}
    glyphs.add(".notdef")  # fpdf2 names it in every document (SubsetMap's code 0)
    font = _open_font_file(style)
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True)
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(glyphs=glyphs)
    subsetter.subset(font)
    data = BytesIO()
    font.save(data)
    font.close()
    return frozenset(glyphs), data.getvalue()


def _release(pdf: FPDF) -> None:
    """Let go of a finished document's font files, and of fpdf2's per-glyph caches, which
    would otherwise keep every document's fonts alive to the end of the process."""
    for face in pdf.fonts.values():
        if isinstance(face, TTFFont):
            _let_go(face)
    SubsetMap.pick.cache_clear()
    SubsetMap.get_glyph.cache_clear()


def _let_go(face: TTFFont) -> None:
    """Close a face's font file and free its tables now: they and the file refer to one
    another, so otherwise only the garbage collector would, some MiB later."""
    font = face.ttfont
    if font is not None:
        font.close()
        font.tables.clear()
        face.ttfont = None


# Lines: where fpdf2 breaks them, found quickly ---------------------------------------------


class _LineBreak(MultiLineBreak):
    """fpdf2's line breaker (multi_cell's), with a quick way for plain text in a `_Face`.

    fpdf2 looks for a line's end one character at a time, measuring the line so far again for
    each. For one fragment in one of our faces, with no character fpdf2 treats specially
    (form feed, soft hyphen, no-break space), `_plain_line` finds the same end the same way:
    the same integer widths summed and scaled in the same order, compared with the same
    tolerance, and a break at the last space, else inside the word. It returns the TextLine
    fpdf2 would and leaves the breaker where fpdf2 would. Anything else, and a line that
    can't end that plain way (nothing fits, or it would be empty or blank), is fpdf2's own."""

    def get_line(self) -> TextLine | None:
        return self._plain_line() or super().get_line()

    def _plain_line(self) -> TextLine | None:
        index, start = self.fragment_index, self.character_index
        if index != len(self.fragments) - 1 or self.skip_leading_spaces:
            return None
        fragment = self.fragments[index]
        face = fragment.font
        if (
            type(fragment) is not Fragment
            or not isinstance(face, _Face)
            or self.wrapmode != WrapMode.WORD
            or start >= len(fragment.characters)
            or fragment.char_spacing
            or fragment.font_stretching != 100
            or fragment.text_shaping_parameters
        ):
            return None
        rest = "".join(fragment.characters[start:])
        newline = rest.find("\n")
        text = rest if newline < 0 else rest[:newline]
        if _UNPLAIN_IN_A_LINE.intersection(text):
            return None

        size, k, height = fragment.font_size_pt, fragment.k, fragment.font_size
        first = self._is_first_line
        indent = self.first_line_indent if first else 0
        full = self.get_width(height)
        room = full
        for margin in self.margins:
            room -= float(margin)
        if first:
            room -= self.first_line_indent
        widths = face.cw
        align = self.align
        units: float = 0  # of the line so far
        spaces = 0
        space: tuple[int, float, int] | None = None  # (where, units, spaces) at its last space
        forced = None
        end = after = len(text)
        trailing_nl = newline >= 0
        for where, character in enumerate(text):
            unit = widths[ord(character)]
            so_far = units * size * 0.001 / k if where else 0
            if FloatTolerance.greater_than(so_far + unit * size * 0.001 / k, room):
                trailing_nl = False
                if character in BREAKING_SPACE_SYMBOLS_STR:  # the space is dropped
                    end, after = where, where + 1
                elif space is not None:  # back to the last space, which is dropped
                    end, units, spaces = space
                    after = end + 1
                else:  # a word too long for the line is broken where it overflows
                    end = after = where
                    forced = (index, start + where)
                    align = Align.L if align == Align.J else align
                break
            if character in BREAKING_SPACE_SYMBOLS_STR:
                space = (where, units, spaces)
                spaces += 1
            units += unit
        else:
            if not trailing_nl and not units:
                return None  # fpdf2 returns no line for text of no width
            align = Align.L if align == Align.J else align
            after = end + 1  # past the line break; at the end, past the fragment
        if not end and not trailing_nl:
            return None  # nothing fits, or a line of nothing before a space: fpdf2's way

        if face.biggest_size_pt < size:  # as measuring in fpdf2 keeps it
            face.biggest_size_pt = size
        self.idx_last_forced_break = forced
        self._is_first_line = False
        if start + after > len(fragment.characters):
            self.fragment_index, self.character_index = index + 1, 0
        else:
            self.character_index = start + after
        line = text[:end]
        return TextLine(
            fragments=[fragment.clone(list(line), link=fragment.link)] if line else [],
            text_width=units * size * 0.001 / k if line else 0,
            number_of_spaces=spaces,
            align=align,
            height=height * self.line_height,
            max_width=full - indent,
            trailing_nl=trailing_nl,
            indent=indent,
        )


# multi_cell, and so fpdf2's tables, make their breaker by this name.
fpdf.fpdf.MultiLineBreak = _LineBreak  # type: ignore[misc]


def _runs(text: str, alias: str) -> list[tuple[str, TextDirection, int]]:
    """`text` in a left-to-right paragraph, cut where its bidi level changes: each run with
    its direction and level (Unicode's bidi algorithm, as fpdf2 resolves it).

    fpdf2 cuts only where the direction changes, which loses a number's level inside
    right-to-left words ("بيتي 2027" must read "2027 بيتي"), and gives a boundary-neutral
    character (the zero-width non-joiner of Persian "می‌خواهم") a run of its own, left to
    right, splitting the word around it. Here such a character takes the level of the one
    before it (UAX #9, 5.2)."""
    paragraph = BidiParagraph(
        text=text, base_direction=TextDirection.LTR, preserve_bn_chars=True, alias=alias
    )
    runs: list[tuple[str, TextDirection, int]] = []
    chars: list[str] = []
    level = -1
    for character in paragraph.get_characters():
        at = character.embedding_level
        if unicodedata.bidirectional(character.character) == "BN" and level >= 0:
            at = level
        if at != level and chars:
            runs.append(("".join(chars), _direction(level), level))
            chars = []
        level = at
        chars.append(character.character)
    if chars:
        runs.append(("".join(chars), _direction(level), level))
    if paragraph.sentinel:
        runs = [(run.replace(paragraph.sentinel, alias), way, at) for run, way, at in runs]
    return runs


def _direction(level: int) -> TextDirection:
    return TextDirection.RTL if level % 2 else TextDirection.LTR


def _in_visual_order(line: TextLine) -> list[Fragment]:
    """A line's fragments as they stand from the left: Unicode's rule L2, from the highest
    level down to the lowest odd one, reversing each stretch at that level or higher (each
    fragment's own letters are laid out by HarfBuzz in its direction). A line not drawn by
    _Shaping is left to fpdf2."""
    fragments = list(line.fragments)
    levels = [(f.text_shaping_parameters or {}).get("fragment_level") for f in fragments]
    if not fragments or None in levels:
        return _fpdf2_order(line)
    known = cast(list[int], levels)
    odd = [level for level in known if level % 2]
    for level in range(max(known), min(odd, default=max(known) + 1) - 1, -1):
        start = 0
        while start < len(fragments):
            if known[start] < level:
                start += 1
                continue
            end = start
            while end < len(fragments) and known[end] >= level:
                end += 1
            fragments[start:end] = fragments[start:end][::-1]
            known[start:end] = known[start:end][::-1]
            start = end
    return fragments


_fpdf2_order = TextLine.get_ordered_fragments
TextLine.get_ordered_fragments = _in_visual_order  # type: ignore[assignment]


class _Blocks:
    """What every printout is drawn with: text as it can be drawn, and blocks that are
    measured (drawing False) before they are drawn, so each is kept whole on a page."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.drawing = True
        self.known = _known()
        self.shown_texts: dict[str, str] = {}  # text() of each value
        self.rows: dict[tuple[Any, ...], int] = {}  # lines of a table's row, by its cells
        # How many lines a text takes, by font style and size, width, line height, alignment
        # and the text as drawn (see lines()).
        self.counted: dict[tuple[str, float, float, float, str, str], int] = {}

    # Text that can be drawn --------------------------------------------------------------

    def text(self, value: str) -> str:
        """User text as typed, control characters made visible, a tab as a space (the font
        has no tab, and fpdf2 would warn with the text), and each character the font lacks
        shown as one placeholder per emoji: joiners, variation selectors and skin tones fold
        into the placeholder before them, and a flag's two letters make one. Kept per
        sheet: a sheet measures the same words many times over while it fits two pages."""
        shown = self.shown_texts.get(value)
        if shown is None:
            shown = self.shown_texts[value] = self._text(value)
        return shown

    def _text(self, value: str) -> str:
        out: list[str] = []
        joined = flag = False
        for ch in safe(value):
            code = ord(ch)
            if code in _JOINERS or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
                joined = joined or (code == 0x200D and bool(out) and out[-1] == MISSING)
            elif code in self.known or ch in "\n\t" or code in _script_faces():
                out.append(" " if ch == "\t" else ch)
                joined = flag = False
            elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
                continue  # a mark or format character with nothing of its own to draw
            elif joined or (flag and 0x1F1E6 <= code <= 0x1F1FF):
                joined = flag = False  # the rest of the same picture
            else:
                out.append(MISSING)
                flag = 0x1F1E6 <= code <= 0x1F1FF
        return "".join(out)

    def footer_name(self, name: str) -> str:
        """A name for the footer, which is one cell, one line: a line break (from a plan file
        written elsewhere) would be drawn as a glyph the font lacks."""
        return " ".join(self.text(name).split("\n"))

    # Tags: what a screen reader reads the PDF by (see tags.py) ----------------------------

    def tagged(
        self, kind: str, *, ahead: bool = False, **entries: str
    ) -> AbstractContextManager[None]:
        """What is drawn inside is one element of `kind` (H1, P, Lbl, …), when drawing."""
        if not self.drawing:
            return nullcontext()
        return tagged(self.pdf, kind, ahead=ahead, **entries)

    def each_tagged(self, kind: str, items: Iterable[_T]) -> Iterator[_T]:
        """`items`, the loop's body drawing each as one element of `kind` (an LI)."""
        return each_tagged(self.pdf, kind, items, self.drawing)

    # Building blocks: each returns the height it takes, and draws only when drawing -------

    def write(
        self,
        value: str,
        *,
        size: float = BODY,
        bold: bool = False,
        indent: float = 0.0,
        width: float | None = None,
        grey: bool = False,
        after: float = 0.0,
        align: str = "L",
    ) -> float:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        line = size * 0.3528 * 1.28  # points to millimetres, with some air between lines
        w = width if width is not None else pdf.epw - indent
        shown = self.text(value)
        count = self.lines(shown, w, line, align)
        height = count * line + after
        if self.drawing:
            pdf.set_x(pdf.l_margin + indent)
            pdf.set_text_color(GREY if grey else BLACK)
            # One plain line in our face: cell() draws it as multi_cell() would (a test
            # compares them), without breaking it into lines again.
            plain = not _UNPLAIN.intersection(shown) and pdf.str_alias_nb_pages not in shown
            if count == 1 and plain and align != "J" and isinstance(pdf.current_font, _Face):
                pdf.cell(w, line, shown, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
            else:
                pdf.multi_cell(w, line, shown, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
            pdf.set_text_color(BLACK)
            pdf.set_y(pdf.get_y() + after)
        return height

    def lines(self, shown: str, width: float, line: float, align: str) -> int:
        """How many lines fpdf2 breaks `shown` into at the current font. Each block is measured
        before it is drawn (keep()), and drawing measures again to know where it ends: the
        second time is looked up. (Not across sheets: the first measuring also decides the
        order of the glyphs in the embedded font, so each sheet stays byte for byte as it
        was.)"""
        pdf = self.pdf
        key = (pdf.font_style, pdf.font_size_pt, width, line, align, shown)
        count = self.counted.get(key)
        if count is None:
            count = self.one_line(shown, width, line)
            if not count:
                broken = pdf.multi_cell(
                    width, line, shown, dry_run=True, output=MethodReturnValue.LINES, align=align
                )
                count = len(cast(list[str], broken))
            self.counted[key] = count
        return count

    def one_line(self, shown: str, width: float, line: float) -> int:
        """1 when `shown` plainly fits on one line of `width`, else 0 (ask fpdf2).

        Most of what the sheet measures is one short line; fpdf2 would break it character by
        character to find that out. Its test, for each character, is whether the line so far
        plus the character is wider than the cell less its margins (by more than 1e-9 mm):
        never, when the whole text is narrower by a clear margin. fpdf2's measuring also marks
        the glyphs as used, in order, which decides their codes in the embedded font; so does
        this, so the file comes out byte for byte the same. Near the foot of a page fpdf2's
        measuring would turn the page, drawing the footer's glyphs first: left to fpdf2."""
        pdf = self.pdf
        if _UNPLAIN.intersection(shown) or _unplain().search(shown) or pdf.will_page_break(line):
            return 0
        face = pdf.current_font
        if not isinstance(face, _Face):
            return 0
        units = sum(map(face.cw.__getitem__, map(ord, shown)))
        if units * pdf.font_size_pt * 0.001 / pdf.k > width - 2 * pdf.c_margin - 1e-6:
            return 0
        pick = face.subset.pick
        for character in shown:
            pick(ord(character))
        return 1

    def fitting(self, value: str, size: float, smallest: float, width: float) -> float:
        """The largest bold size, from `size` down to `smallest`, at which every word of
        `value` fits in `width`, so a line is broken between words and never inside one."""
        pdf = self.pdf
        words_of = self.text(value).split() or [""]
        while size > smallest:
            pdf.set_font(FONT, "B", size)
            if max(pdf.get_string_width(word) for word in words_of) <= width:
                break
            size -= 1
        return size

    def one_line_size(self, value: str, size: float, smallest: float, width: float) -> float:
        """The largest size, from `size` down to `smallest` by half points, at which `value`
        stands on one line of `width` (at `smallest` it may wrap)."""
        pdf = self.pdf
        shown = self.text(value)
        while size > smallest:
            pdf.set_font(FONT, "", size)
            if pdf.get_string_width(shown) + 2 * pdf.c_margin < width:
                break
            size -= 0.5
        return size

    def space(self, height: float) -> float:
        if self.drawing:
            self.pdf.set_y(self.pdf.get_y() + height)
        return height

    def keep(self, block: Callable[[], float]) -> None:
        """Draw a block on one page: measure it first, and start a new page if it won't fit
        on this one (unless it is taller than a page anyway)."""
        self.drawing = False
        height = block()
        self.drawing = True
        pdf = self.pdf
        room = pdf.page_break_trigger - pdf.get_y()
        if height > room and height < pdf.page_break_trigger - pdf.t_margin:
            pdf.add_page()
        block()

    def section(self, title: str, blocks: Sequence[Callable[[], float]], empty: str) -> None:
        """A heading kept with its first block, so it never stands alone at a page's foot,
        then the other blocks, each kept whole."""
        if not blocks:
            blocks = [lambda: self.write(empty, size=BODY, grey=True)]
        first = blocks[0]
        self.keep(lambda: self.heading(title) + first())
        for block in blocks[1:]:
            self.keep(block)

    def heading(self, value: str) -> float:
        height = self.space(3)
        y = self.pdf.get_y()
        with self.tagged("H2"):
            height += self.write(value, size=14, bold=True, after=0.5)
        if self.drawing:
            pdf = self.pdf
            pdf.set_draw_color(BLACK)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin, y + 7, pdf.l_margin + pdf.epw, y + 7)
        return height + self.space(2)

    # The label of the step it is drawn for, read out in words.
    @tagged_as(
        "Lbl", actual_text=lambda *_a, ticked, **_k: _("done") if ticked else _("not done yet")
    )
    def checkbox(self, x: float, y: float, *, ticked: bool, size: float = 4.2) -> None:
        """A drawn box, with a drawn tick when done: no font needed, clear on paper."""
        pdf = self.pdf
        pdf.set_draw_color(BLACK)
        pdf.set_line_width(0.35)
        pdf.rect(x, y, size, size)
        if ticked:
            pdf.set_line_width(0.6)
            pdf.line(x + size * 0.18, y + size * 0.55, x + size * 0.42, y + size * 0.8)
            pdf.line(x + size * 0.42, y + size * 0.8, x + size * 0.85, y + size * 0.15)

    @tagged_as("LI")
    def checked_line(
        self,
        value: str,
        *,
        ticked: bool,
        indent: float,
        width: float,
        size: float = BIG,
        note: str | None = None,
    ) -> float:
        """A step with its box, and an optional small note (when it was done) under it."""
        y = self.pdf.get_y()
        height = self.write(value, size=size, indent=indent + 7, width=width - 7)
        if note:
            height += self.write(note, size=SMALL, indent=indent + 7, width=width - 7, grey=True)
        if self.drawing:
            self.checkbox(self.pdf.l_margin + indent, y + 0.6, ticked=ticked)
        return height + self.space(1.2)

    def side_by_side(self, parts: list[Callable[[float, float], float]], gap: float = 8) -> float:
        """Columns drawn from the same top; each part gets (indent, width), returns height."""
        pdf = self.pdf
        top = pdf.get_y()
        width = (pdf.epw - gap * (len(parts) - 1)) / len(parts)
        heights = []
        for index, part in enumerate(parts):
            if self.drawing:
                pdf.set_y(top)
            heights.append(part(index * (width + gap), width))
        tallest = max(heights)
        if self.drawing:
            pdf.set_y(top + tallest)
        return tallest

    def quote(
        self, value: str, voice: str, *, indent: float, width: float | None = None,
        size: float = BIG,
    ) -> float:  # fmt: skip
        height = self.write(in_quotes(value), size=size, indent=indent, width=width)
        if voice == "client":
            return height  # the legend under the header says quotes are the client's words
        return height + self.write(
            words.whose(voice), size=SMALL, indent=indent, width=width, grey=True
        )

    @tagged_as("Figure", alt=lambda self, x, y, label, values, top: words.chart(label, values))
    def chart(self, x: float, y: float, label: str, values: list[WeekValue], top: int) -> float:
        """Bars for the last eight weeks, each with its number above and its week below.

        A week with nothing recorded shows a dash, so it is not read as a zero. This week's
        number is bold."""
        pdf = self.pdf
        column, bar, tall = 8.2, 5.0, 15.0
        height = 4 + 4.5 + tall + 5
        if not self.drawing:
            return height
        pdf.set_font(FONT, size=TINY)
        pdf.set_text_color(GREY)
        pdf.set_xy(x, y)
        pdf.cell(column * len(values), 4, self.text(label))
        base = y + 4 + 4.5 + tall
        pdf.set_draw_color(BLACK)
        pdf.set_line_width(0.3)
        pdf.line(x, base, x + column * len(values), base)
        for index, entry in enumerate(values):
            left = x + index * column
            middle = left + (column - bar) / 2
            this_week = index == len(values) - 1
            pdf.set_text_color(BLACK)
            if entry.value is None:
                pdf.set_font(FONT, size=SMALL)
                pdf.set_xy(left, base - 4.5)
                pdf.cell(column, 4.5, "–", align="C")
            else:
                high = tall * entry.value / top
                if high:
                    pdf.set_fill_color(BAR)
                    pdf.set_line_width(0.25)
                    pdf.rect(middle, base - high, bar, high, style="DF")
                pdf.set_font(FONT, "B" if this_week else "", SMALL)
                pdf.set_xy(left, base - high - 4.5)
                pdf.cell(column, 4.5, str(entry.value), align="C")
            pdf.set_font(FONT, "B" if this_week else "", TINY)
            pdf.set_text_color(BLACK if this_week else GREY)
            pdf.set_xy(left, base + 0.5)
            pdf.cell(column, 4, words.week_number(entry.week), align="C")
        pdf.set_text_color(BLACK)
        return height

    def ladder_row(self, area: AreaWeek, move_words: Callable[[Move], str]) -> float:
        """One row: the staircase, the area and its step, the agreement, its moves."""
        pdf = self.pdf
        y = pdf.get_y()
        indent = 27.0
        width = pdf.epw - indent
        name, step = self.text(area.name), words.ladder_step(area)
        pdf.set_font(FONT, "B", BODY)
        name_width = pdf.get_string_width(name + "  ")
        pdf.set_font(FONT, "", BODY)
        # On one line with its step when it fits; a name with a line break in it (from a plan
        # file written elsewhere) goes through write(), which breaks lines.
        if "\n" not in name and name_width + pdf.get_string_width(step) < width:
            height = self.write(step, size=BODY, indent=indent + name_width,
                                width=width - name_width)  # fmt: skip
            if self.drawing:
                pdf.set_font(FONT, "B", BODY)
                pdf.set_xy(pdf.l_margin + indent, y)
                with self.tagged("P", ahead=True):  # read before its step, drawn after it
                    pdf.cell(name_width, BODY * 0.3528 * 1.28, name)
                pdf.set_y(y + height)
        else:
            height = self.write(area.name, size=BODY, bold=True, indent=indent)
            height += self.write(step, size=BODY, indent=indent)
        agreed = []
        if area.next:
            agreed.append(_("Next step: {next}").format(next=area.next))
        if area.ready_when:
            agreed.append(_("Time for it when: {sign}").format(sign=area.ready_when))
        if agreed:
            height += self.write(" · ".join(agreed), size=SMALL, indent=indent)
        for entry in area.moves:
            mark = {"up": "↑", "back": "↓"}.get(entry.move, "•")
            height += self.write(f"{mark} {move_words(entry)}", size=SMALL, bold=True,
                                 indent=indent)  # fmt: skip
            if entry.note:
                height += self.quote(entry.note.text, entry.note.voice, indent=indent + 3,
                                     size=BODY)  # fmt: skip
        height = max(height, 11)
        if self.drawing:
            self.staircase(pdf.l_margin, y + 0.5, area.step)
            pdf.set_y(y + height)
        return height + self.space(2.5)

    def table(self, heads: list[str], rows: list[list[str]]) -> float:
        """A table of needs' columns: each cell one line of text (see _cell), wrapped in its
        column; measured as fpdf2 lays it out, the tallest cell of each row."""
        pdf = self.pdf
        columns = (30, 13, 17, 27, 13)
        line, padding = SMALL * 0.3528 * 1.35, 1.2
        cells = [[self.text(_cell(cell)) for cell in row] for row in rows]
        if not self.drawing:
            height = 0.0
            for index, row in enumerate([heads, *cells]):
                key = (index == 0, *row)
                tallest = self.rows.get(key)
                if tallest is None:  # a row is measured once, however many rows are shown
                    pdf.set_font(FONT, "B" if index == 0 else "", SMALL)
                    tallest = 1
                    for cell, share in zip(row, columns, strict=True):
                        w = pdf.epw * share / sum(columns) - 2 * padding
                        tallest = max(tallest, self.lines(cell, w, line, align="J"))
                    self.rows[key] = tallest
                height += tallest * line + 2 * padding
            return height
        top = pdf.get_y()
        pdf.set_font(FONT, size=SMALL)
        pdf.set_fill_color(255)
        pdf.set_draw_color(BLACK)
        pdf.set_line_width(0.25)
        with pdf.table(
            col_widths=columns,
            headings_style=_heading_style(),
            line_height=line,
            padding=padding,
            text_align="LEFT",
            cell_fill_mode="NONE",
        ) as table:
            for row_cells in [heads, *cells]:
                table_row = table.row()
                for cell in row_cells:
                    table_row.cell(cell)
        return pdf.get_y() - top

    def staircase(self, x: float, y: float, step: int) -> None:
        """The five steps drawn as a staircase, filled up to the step the area is on."""
        pdf = self.pdf
        pdf.set_draw_color(BLACK)
        pdf.set_line_width(0.3)
        for number in range(1, 6):
            high = 2.0 * number
            style = "DF" if number <= step else "D"
            pdf.set_fill_color(BAR)
            pdf.rect(x + (number - 1) * 4.4, y + 10 - high, 4.4, high, style=style)


class _Sheet(_Blocks):
    def __init__(self, report: WeekReport) -> None:
        self.report = report
        self.own_lines = 4
        pdf = new_document()
        # No names in the file's metadata: the sheet says who it is for, the file need not.
        pdf.set_title(_("Weekly progress, {week}").format(week=report.header.week))
        pdf.set_creator("recoverytui")
        pdf.set_creation_date(
            dt.datetime.combine(report.header.printed, dt.time(12), tzinfo=dt.UTC)
        )
        super().__init__(pdf)
        pdf.footer_text = f"{self.footer_name(report.header.name)} · {report.header.week_words}"
        self.top = 0.0  # where the sections begin, under the header
        # How many entries of each list are shown (fit()), by list: "needs", ("steps", 2)…
        self.shown: dict[Any, int] = {}
        self.placed: list[tuple[str, int, int]] = []  # each block's title, first, last page
        self.heights: dict[Any, float] = {}  # of blocks measured, by what they depend on

    # The sheet -----------------------------------------------------------------------------

    def build(self) -> bytearray:
        self.lay_out()
        return self.pdf.output(output_producer_class=_Output)

    def lay_out(self) -> None:
        """Draw the sheet's pages: the header, then the sections, as many entries of each as
        fit two pages (fit()). The closing block is drawn with the section before it, on one
        page, so no page holds only the lines to write on and the signatures."""
        pdf = self.pdf
        pdf.add_page()
        self.header()
        self.top = pdf.get_y()
        self.fit()
        sections = self.sections()
        for number, (title, blocks, empty) in enumerate(sections, start=1):
            blocks = list(blocks or [self.empty(empty)])
            if number == len(sections):
                blocks[-1] = self.with_closing(blocks[-1])
            self.section(title, [self.placed_as(title, block) for block in blocks], empty)

    def with_closing(self, block: Callable[[], float]) -> Callable[[], float]:
        return lambda: block() + self.closing()

    def placed_as(self, title: str, block: Callable[[], float]) -> Callable[[], float]:
        """`block`, noting the pages it is drawn on under `title` (self.placed), which tells
        a test what each page holds."""

        def placed() -> float:
            if not self.drawing:
                return block()
            first = self.pdf.page
            height = block()
            self.placed.append((title, first, self.pdf.page))
            return height

        return placed

    def sections(self) -> list[tuple[str, list[Callable[[], float]], str]]:
        """Each section after the header: its title, its blocks (as many entries as shown,
        then how many more there are) and what it says when it has none."""
        report, once = self.report, self.once
        sections: list[tuple[str, list[Callable[[], float]], str]] = []
        dreams, more = self.shown_of("dreams", report.dreams)
        sections.append((
            _("My hopes and dreams"),
            [*(once(("dream", index), functools.partial(self.dream, dream))
               for index, dream in enumerate(dreams)), *self.more(more)],
            _("No dreams written down yet."),
        ))  # fmt: skip
        goals, more = self.shown_of("goals", report.goals)
        sections.append((
            _("My small goals"),
            [*(once(self.goal_key(goal), functools.partial(self.goal, goal)) for goal in goals),
             *self.more(more)],
            _("No small goals being worked on this week."),
        ))  # fmt: skip
        reached, more = self.shown_of("reached", report.reached)
        blocks = [
            *(once(("reached", index), functools.partial(self.reached, goal))
              for index, goal in enumerate(reached)),
            *self.more(more),
        ]  # fmt: skip
        if report.reached_before:
            before = words.reached_before(report.reached_before)
            blocks.append(once(("before",), lambda: self.write(before, size=BODY, grey=True)))
        none_yet = _("None yet: each small step counts on the way.")
        sections.append((_("Goals reached"), blocks, none_yet))
        for status in ("paused", "let-go"):
            aside, more = self.shown_of(status, [a for a in report.set_aside if a.status == status])
            if aside or more:
                sections.append((
                    words.set_aside_heading(status),
                    [*(once((status, index), functools.partial(self.set_aside, goal))
                       for index, goal in enumerate(aside)), *self.more(more)],
                    "",
                ))  # fmt: skip
        sections.append((_("This week in my words"), [once(("words",), self.week_words)], ""))
        sections.append((_("Small steps"), [once(("small steps",), self.small_steps)], ""))
        areas, more = self.shown_of("areas", report.areas)
        sections.append((
            _("Responsibility, step by step"),
            [*(once(("area", index), functools.partial(self.area, area))
               for index, area in enumerate(areas)), *self.more(more)],
            _("No areas on the ladder yet."),
        ))  # fmt: skip
        needs = once(("needs", self.shown.get("needs")), self.needs)
        sections.append((_("Basic needs still open"), [needs], ""))
        return sections

    def goal_key(self, goal: GoalWeek) -> tuple[Any, ...]:
        """What a goal's height depends on: the goal, and how many steps and check-ins show."""
        shown = self.shown.get
        return (
            "goal",
            goal.number,
            shown(("steps", goal.number)),
            shown(("checkins", goal.number)),
        )

    def once(self, key: Any, block: Callable[[], float]) -> Callable[[], float]:
        """`block`, measured once for a sheet (fit() measures the sections many times over,
        with fewer entries each time): its height is kept under `key`, which names all it
        depends on."""

        def measured() -> float:
            if self.drawing:
                return block()
            height = self.heights.get(key)
            if height is None:
                height = self.heights[key] = block()
            return height

        return measured

    def shown_of(self, key: Any, entries: Sequence[Any]) -> tuple[Sequence[Any], int]:
        """The entries of a list the sheet shows, and how many more there are."""
        count = min(self.shown.get(key, len(entries)), len(entries))
        return entries[:count], len(entries) - count

    def more(
        self, count: int, *, indent: float = 0.0, width: float | None = None
    ) -> list[Callable[[], float]]:
        """The line that says how many more a list has than the sheet shows, if any."""
        if not count:
            return []
        line = words.more_in_plan(count)
        return [self.once(
            ("more", count, indent, width),
            lambda: self.write(line, size=BODY, grey=True, indent=indent, width=width, after=1),
        )]  # fmt: skip

    def empty(self, empty: str) -> Callable[[], float]:
        # as section() says it
        return self.once(("empty", empty), lambda: self.write(empty, size=BODY, grey=True))

    def closing(self) -> float:
        """Room to write in the client's own words, and the signatures."""

        def closing() -> float:
            return self.heading(_("In my own words")) + self.own_words() + self.signatures()

        return self.once(("closing", self.own_lines), closing)()

    # Two pages at most ---------------------------------------------------------------------

    def lists(self) -> list[tuple[int, Any, int]]:
        """What fit() may shorten, each list with its tier and length: first what the worker
        keeps in the full plan (needs, ladder, goals reached or set aside), then a goal's
        steps and check-ins, then the client's goals, then their dreams."""
        report = self.report
        found: list[tuple[int, Any, int]] = [
            (0, "needs", len(report.needs)),
            (0, "areas", len(report.areas)),
            (0, "let-go", sum(a.status == "let-go" for a in report.set_aside)),
            (0, "paused", sum(a.status == "paused" for a in report.set_aside)),
            (0, "reached", len(report.reached)),
        ]
        for goal in reversed(report.goals):
            steps = goal.steps_done_this_week + goal.steps_done_before + goal.steps_open
            found.append((1, ("steps", goal.number), len(steps)))
            found.append((1, ("checkins", goal.number), len(goal.checkins)))
        found += [(2, "goals", len(report.goals)), (3, "dreams", len(report.dreams))]
        return found

    def fit(self) -> None:
        """Decide how many entries of each list are shown, so the sheet is at most two pages:
        measure the sections and, while they take more, show one entry fewer of the longest
        list of the first tier of lists() that has one to spare, down to the floors of each
        round of ROUNDS in turn. Then give back, the client's lists first, each entry that
        still fits: a block moved whole to the next page can leave room that one cut too many
        made. An entry is shown whole or counted in "… and N more in the full plan"."""
        # Two lines to write on take the fewest pages: whether the sheet fits is asked with
        # them, and pages() gives back what lines it can at the end.
        for floors in ROUNDS:
            while self.pages_taken(2) > 2:
                spare = [  # the lowest tier first, its longest list, the later section
                    (tier, -shown, index, key)
                    for index, (tier, key, length) in enumerate(self.lists())
                    if (shown := min(self.shown.get(key, length), length)) > floors[tier]
                ]
                if not spare:
                    break
                _tier, negative, _index, key = min(spare)
                self.shown[key] = -negative - 1
        if self.pages_taken(2) > 2:
            self.own_lines = 4  # nothing left to shorten: as it comes
            return
        for _tier, key, length in reversed(self.lists()):
            while self.shown.get(key, length) < length:
                self.shown[key] += 1
                if self.pages_taken(2) > 2:
                    self.shown[key] -= 1
                    break
        self.pages()

    def pages(self) -> int:
        """The fewest pages the sections take with four, three or two lines to write on, and
        the most lines that take as few; those lines are kept."""
        pages, lines = min((self.pages_taken(lines), -lines) for lines in (4, 3, 2))
        self.own_lines = -lines
        return pages

    def pages_taken(self, lines: int) -> int:
        """How many pages the sections take with `lines` lines to write on, kept as section()
        and keep() keep them; more than any sheet has if a block is taller than a page."""
        pdf = self.pdf
        self.own_lines = lines
        self.drawing = False
        y, pages = self.top, 1
        try:
            sections = self.sections()
            for number, (title, blocks, empty) in enumerate(sections, start=1):
                first, *rest = blocks or [self.empty(empty)]
                heading = self.once(("heading", title), functools.partial(self.heading, title))
                heights = [heading() + first(), *(block() for block in rest)]
                if number == len(sections):
                    heights[-1] += self.closing()  # with the last block, as lay_out() draws it
                for height in heights:
                    if height > pdf.page_break_trigger - y:
                        if height >= pdf.page_break_trigger - pdf.t_margin:
                            return 99
                        pages, y = pages + 1, pdf.t_margin
                    y += height
        finally:
            self.drawing = True
        return pages

    def header(self) -> None:
        pdf, header = self.pdf, self.report.header
        top = pdf.get_y()
        with self.tagged("H1"):  # what the sheet is, for whom, which week: one heading
            self.write(_("Weekly progress"), size=BODY, grey=True)
            # A long name wraps between words; a word too long for the line makes the type
            # smaller, so a name is never broken inside a word.
            name_width = pdf.epw * 0.62
            self.write(header.name, size=self.fitting(header.name, 24, 14, name_width),
                       bold=True, width=name_width)  # fmt: skip
            self.write(header.week_words, size=15, bold=False, width=pdf.epw * 0.62)
        bottom = pdf.get_y()
        pdf.set_y(top)
        right = pdf.epw * 0.36
        for line in words.header_plan(self.report):
            self.write(line, size=self.one_line_size(line, SMALL, TINY, right), align="R",
                       indent=pdf.epw - right, width=right)  # fmt: skip
        self.write(words.coordinator(self.report), size=SMALL, indent=pdf.epw - right,
                   width=right, align="R")  # fmt: skip
        self.write(words.printed(self.report), size=SMALL, indent=pdf.epw - right, width=right,
                   align="R", grey=True)  # fmt: skip
        legend = _("Words “in quotes” are the client's own, unless marked otherwise.")
        self.write(legend, size=TINY, indent=pdf.epw - right, width=right, align="R",
                   grey=True)  # fmt: skip
        pdf.set_y(max(bottom, pdf.get_y()) + 2)
        pdf.set_line_width(0.8)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        self.space(1)

    @tagged_as("LI")
    def dream(self, dream: Dream) -> float:
        pdf = self.pdf
        y = pdf.get_y()
        status_width = 26.0
        text_width = pdf.epw - 7 - status_width
        height = self.write(in_quotes(dream.text), size=BIG, indent=7, width=text_width)
        if dream.voice != "client":
            height += self.write(words.whose(dream.voice), size=SMALL, indent=7, grey=True)
        if self.drawing:
            pdf.set_xy(pdf.l_margin, y)
            pdf.set_font(FONT, "B", BIG)
            with self.tagged("Lbl"):
                pdf.cell(7, BIG * 0.3528 * 1.28, f"{dream.number}.")
            # Its status at the right of its first line, in words.
            if dream.status is not None:  # unsaid on an earlier week's sheet
                pdf.set_font(FONT, "", SMALL)
                pdf.set_text_color(GREY)
                pdf.set_xy(pdf.l_margin + pdf.epw - status_width, y + 0.6)
                pdf.cell(status_width, 4.5, words.dream_status(dream.status), align="R")
            pdf.set_text_color(BLACK)
            pdf.set_y(y + height)
        return height + self.space(1.5)

    def goal(self, goal: GoalWeek) -> float:
        pdf, report = self.pdf, self.report
        with self.tagged("H3"):
            height = self.write(f"{goal.number}. {goal.title}", size=BIG + 1, bold=True)
        details = words.goal_details(goal, report)
        if details:
            height += self.write(" · ".join(details), size=SMALL, grey=True)
        height += self.space(1.5)
        top = pdf.get_y()
        left_width = pdf.epw - 72
        left = 0.0
        checkins, more = self.shown_of(("checkins", goal.number), goal.checkins)
        if checkins or more:
            left += self.checkins(checkins, indent=0.0, width=left_width, more=more)
        else:
            left += self.write(_("No check-in this week."), size=BODY, grey=True,
                               width=left_width, after=1)  # fmt: skip
        steps, more = self.steps(goal)
        if steps or more:
            left += self.write(_("Steps"), size=SMALL, bold=True, width=left_width)
        when_width = 34.0
        for step, done, this_week in self.each_tagged("LI", steps):
            y = pdf.get_y()
            left += self.write(step.text, size=BODY, indent=6, width=left_width - 6 - when_width)
            after = pdf.get_y()
            left += self.space(0.8)
            if self.drawing:
                self.checkbox(pdf.l_margin, y + 0.5, ticked=done, size=3.8)
            if self.drawing and done and step.done:
                # When it was done, on the same line at the right: small, but in words.
                when = (_("done this week, {date}") if this_week else _("done {date}")).format(
                    date=words.day(step.done, report)
                )
                pdf.set_font(FONT, "B" if this_week else "", SMALL - 1)
                pdf.set_text_color(BLACK if this_week else GREY)
                pdf.set_xy(pdf.l_margin + left_width - when_width, y + 0.3)
                pdf.cell(when_width, 4.5, when, align="R")
                pdf.set_text_color(BLACK)
                pdf.set_y(after + 0.8)
        for line in self.more(more, indent=6, width=left_width - 6):
            left += line()
        # A goal with nothing recorded in eight weeks gets no chart of dashes: it says nothing
        # the line "No check-in this week." doesn't, and the room keeps the sheet to two pages.
        right = (
            self.chart(
                pdf.l_margin + pdf.epw - 68,
                top,
                _("Progress, best each week (0–4)"),
                goal.progress,
                4,
            )
            if any(week.value is not None for week in goal.progress)
            else 0.0
        )
        if self.drawing:
            pdf.set_y(top + max(left, right))
        return height + max(left, right) + self.space(4)

    def steps(self, goal: GoalWeek) -> tuple[list[tuple[Step, bool, bool]], int]:
        """A goal's steps as shown, each with whether it is done and done this week, and how
        many more there are: the sheet leaves out steps done before this week first, then
        the last open ones."""
        done_now, before, still_open = (
            goal.steps_done_this_week,
            goal.steps_done_before,
            goal.steps_open,
        )
        total = len(done_now) + len(before) + len(still_open)
        shown = min(self.shown.get(("steps", goal.number), total), total)
        done_now = done_now[:shown]
        still_open = still_open[: shown - len(done_now)]
        before = before[: shown - len(done_now) - len(still_open)]
        return [
            *((step, True, True) for step in done_now),
            *((step, True, False) for step in before),
            *((step, False, False) for step in still_open),
        ], total - shown

    def checkins(
        self, checkins: Sequence[CheckIn], *, indent: float, width: float, more: int = 0
    ) -> float:
        """A goal's check-ins of the week: the day, the progress in words, what was said; and
        how many more there are than shown."""
        height = self.write(_("This week"), size=SMALL, bold=True, indent=indent, width=width)
        for checkin in checkins:
            line = f"{words.day(checkin.date, self.report)}: {words.progress(checkin.progress)}"
            height += self.write(line, size=BODY, indent=indent, width=width)
            if checkin.note:
                height += self.quote(checkin.note.text, checkin.note.voice, indent=indent + 4,
                                     width=width - 4)  # fmt: skip
            height += self.space(1)
        for more_line in self.more(more, indent=indent, width=width):
            height += more_line()
        return height

    def reached(self, reached: ReachedGoal) -> float:
        pdf = self.pdf
        y = pdf.get_y()
        when = _("reached {date}").format(date=words.day(reached.reached, self.report))
        indent = 8.0
        badge = _("This week!")
        if reached.this_week:
            pdf.set_font(FONT, "B", SMALL)
            indent += pdf.get_string_width(badge) + 5
        height = self.write(reached.title, size=BIG, bold=True, indent=indent)
        height += self.write(when, size=SMALL, indent=8, grey=True)
        if reached.note:
            height += self.quote(reached.note.text, reached.note.voice, indent=8)
        if reached.checkins:
            height += self.checkins(reached.checkins, indent=8, width=pdf.epw - 8)
        if self.drawing:
            pdf.set_xy(pdf.l_margin, y)
            pdf.set_font(FONT, "B", BIG + 2)
            with self.tagged(ARTIFACT):
                pdf.cell(8, 6, "★")
            if reached.this_week:
                # Black badge, white words: as plain in black and white as in colour.
                pdf.set_font(FONT, "B", SMALL)
                w = pdf.get_string_width(badge) + 3
                pdf.set_fill_color(BLACK)
                pdf.set_text_color(255)
                pdf.set_xy(pdf.l_margin + 8, y + 0.3)
                pdf.cell(w, 5, badge, fill=True, align="C")
                pdf.set_text_color(BLACK)
            pdf.set_y(y + height)
        return height + self.space(2)

    def set_aside(self, goal: SetAside) -> float:
        """A goal resting or let go: its title, since when, the words said this week and this
        week's check-ins."""
        line = words.set_aside(goal.title, goal.date, goal.status, self.report)
        height = self.write(line, size=BODY, indent=8)
        if goal.note:
            height += self.quote(goal.note.text, goal.note.voice, indent=8, size=BODY)
        if goal.checkins:
            height += self.checkins(goal.checkins, indent=8, width=self.pdf.epw - 8)
        return height + self.space(1.5)

    def week_words(self) -> float:
        pdf, report = self.pdf, self.report
        top = pdf.get_y()
        width = pdf.epw - 72
        if report.review_held is None:
            height = self.write(_("No weekly review held yet."), size=BODY, grey=True, width=width)
        else:
            held = _("Weekly review held {date}.").format(
                date=words.day(report.review_held, report)
            )
            height = self.write(held, size=SMALL, grey=True, width=width, after=1)
        if report.words:
            height += self.quote(report.words.text, report.words.voice, indent=0, width=width,
                                 size=BIG + 1)  # fmt: skip
            height += self.space(1.5)
        if report.hope is not None:
            height += self.write(words.hope(report.hope), size=BODY, bold=True, width=width)
        right = 0.0
        if any(value.value is not None for value in report.hopes):
            right = self.chart(
                pdf.l_margin + pdf.epw - 68, top, _("Hope for the future (0–10)"),
                report.hopes, 10,
            )  # fmt: skip
        if self.drawing:
            pdf.set_y(top + max(height, right))
        return max(height, right)

    def small_steps(self) -> float:
        """What was agreed last time and how it went, beside what is agreed for next week."""
        report = self.report

        def last(indent: float, width: float) -> float:
            assert report.last_steps_week
            title = _("Small steps agreed in week {week}").format(
                week=words.week_number(report.last_steps_week)
            )
            height = self.write(title, size=SMALL, bold=True, indent=indent, width=width, after=1)
            for step in report.last_steps:
                note = (
                    _("done {date}").format(date=words.day(step.done, report))
                    if step.done
                    else _("not done yet")
                )
                height += self.checked_line(
                    step.text, ticked=bool(step.done), indent=indent, width=width, note=note
                )
            return height

        def coming(indent: float, width: float) -> float:
            title = _("Small steps for next week")
            height = self.write(title, size=SMALL, bold=True, indent=indent, width=width, after=1)
            if not report.next_steps:
                height += self.write(_("None agreed yet."), size=BODY, grey=True, indent=indent,
                                     width=width)  # fmt: skip
            for step in report.next_steps:
                height += self.checked_line(step.text, ticked=False, indent=indent, width=width)
            return height

        return self.side_by_side([last, coming] if report.last_steps_week else [coming])

    def area(self, area: AreaWeek) -> float:
        return self.ladder_row(area, lambda entry: words.move(entry, self.report))

    def needs(self) -> float:
        """Open needs as a table: both ratings side by side, never merged."""
        report = self.report
        if not report.needs:
            return self.write(words.no_open_needs(report), size=BODY, grey=True)
        heads = [_("Need"), _("Client says"), _("Worker says"), _("Who does what"), _("By when")]
        needs, more = self.shown_of("needs", report.needs)
        rows = [
            [need.name, *words.need_ratings(need), words.need_action(need),
             words.need_due(need, report)]
            for need in needs
        ]  # fmt: skip
        height = self.table(heads, rows) if rows else 0.0
        for line in self.more(more):
            height += self.space(1) + line()
        return height

    def own_words(self) -> float:
        pdf = self.pdf
        lines, gap = self.own_lines, WRITING_GAP
        height = lines * gap + 3
        if self.drawing:
            y = pdf.get_y()
            pdf.set_draw_color(GREY)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=0.6, gap=1.2)
            for number in range(1, lines + 1):
                line_y = y + number * gap
                pdf.line(pdf.l_margin, line_y, pdf.l_margin + pdf.epw, line_y)
            pdf.set_dash_pattern()
            pdf.set_draw_color(BLACK)
            pdf.set_y(y + height)
        return height

    def signatures(self) -> float:
        """Two signing places side by side, each with the names known: the client's, the
        worker's (and the coordinator's when another). A long name wraps (and shrinks if a
        word is too long for its half), so it never runs into the other."""
        pdf = self.pdf
        half = pdf.epw / 2
        label_width = half - 6
        people = words.signers(self.report)
        sizes = [min(self.fitting(line, BODY, SMALL - 1, label_width) for line in lines)
                 for lines in people]  # fmt: skip
        label = 0.0
        for lines, size in zip(people, sizes, strict=True):
            tall = 0.0
            for index, line in enumerate(lines):
                pdf.set_font(FONT, "" if index else "B", size)
                tall += self.lines(self.text(line), label_width, 5, align="J") * 5.0
            label = max(label, tall)
        height = label + 17.0  # to the foot of "date" under the lines
        if self.drawing:
            y = pdf.get_y() + 2
            line_y = y + label + 10
            for column, (lines, size) in enumerate(zip(people, sizes, strict=True)):
                x = pdf.l_margin + column * half
                pdf.set_xy(x, y)
                for index, line in enumerate(lines):
                    pdf.set_font(FONT, "" if index else "B", size)
                    pdf.set_x(x)
                    pdf.multi_cell(label_width, 5, self.text(line), align="L",
                                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
                pdf.set_line_width(0.3)
                pdf.line(x, line_y, x + half - 34, line_y)
                pdf.line(x + half - 30, line_y, x + half - 6, line_y)
                pdf.set_font(FONT, size=TINY)
                pdf.set_text_color(GREY)
                pdf.set_xy(x, line_y + 0.5)
                pdf.cell(half - 34, 4, _("signature"))
                pdf.set_xy(x + half - 30, line_y + 0.5)
                pdf.cell(24, 4, _("date"))
                pdf.set_text_color(BLACK)
            pdf.set_y(y + height - 2)
        return height


def _cell(value: str) -> str:
    """A table cell on one line, as in the other formats, and cut (marked "…") past twice
    the longest text a person can type there: fpdf2 can't carry a row over to the next page,
    and a file made elsewhere may hold a page's worth."""
    line = one_line(value)
    return line if len(line) <= CELL_MAX else line[: CELL_MAX - 1] + "…"


def _heading_style() -> FontFace:
    return FontFace(family=FONT, emphasis="BOLD", fill_color=LIGHT)
