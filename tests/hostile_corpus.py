"""Hostile text: what a person could type, paste, or another tool could leave in a plan file.

Each entry is (name, text). `CONTROL` holds the entries that carry a control character or a
bidi override, which the CLI refuses on input; `INVISIBLE` the ones that show nothing at all,
which input takes for empty; the rest are ordinary (if unkind) text that must be stored and
shown as written.
"""

from __future__ import annotations

import re

MARKUP = {
    "stray-close": "x [/]",
    "open-bracket": "x [/",
    "click": "[@click=app.quit]x[/]",
    "style": "[bold red]x",
    "link-markup": "[link=https://evil.example]click[/link]",
    "md-link": "<b>Apply</b> *now* [here](https://evil.example) # heading",
}

ESCAPES = {
    "osc-title": "before \x1b]0;pwned\x07 after",
    "osc-title-st": "before \x1b]2;pwned-too\x1b\\ after",
    "osc-clipboard": "copy \x1b]52;c;cHduZWQ=\x07 me",
    "clear-screen": "wipe \x1b[2J\x1b[H out",
    "hyperlink": "a \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ here",
    "c1-csi": "c1 \x9b2J csi",
    "c1-osc": "c1 \x9d0;pwned\x9c osc",
    "bell-backspace": "ding\x07\x08\x08\x7f",
    "carriage-return": "visible\rHIDDEN",
    "nul": "nul\x00byte",
}

BIDI = {
    "rtl-override": "abc \u202edcba\u202c def",
    "isolate": "x \u2066hidden\u2069 y",
}

INVISIBLE = {
    "zero-width-space": "\u200b",
    "byte-order-mark": "\ufeff",
    "word-joiner": "\u2060",
    "braille-blank": "\u2800",
    "hangul-filler": "\u3164",
    "blank-mix": "\u3000\u200b\xa0\u200d",
}

UNICODE = {
    "arabic": "مرحبا بالعالم",
    "hebrew-mixed": "שלום and hello",
    "combining": "e\u0301\u0301\u0301 cafe\u0301",
    "zalgo": "z\u0334\u0335\u0336a\u0337\u0338l\u0321\u0322g\u0327\u0328o\u0300\u0301\u0302",
    "emoji-zwj": "family 👨\u200d👩\u200d👧\u200d👦 and 🏳\ufe0f\u200d🌈 flag",
    "wide": "漢字とかな",
    "nordic": "blåbær ÆØÅ",
    "quotes": "she said \"don't\" and 'maybe' \\ back\\slash",
}

LONG_LINE = "long " + "x" * 3990 + " end"

CORPUS: dict[str, str] = {
    **MARKUP,
    **ESCAPES,
    **BIDI,
    **UNICODE,
    "long-line": LONG_LINE,
    "multi-line": "line one\nline two\twith a tab",
    # Added later, at the end, so that each earlier entry keeps the fields it lands in.
    **INVISIBLE,
}

# What the CLI refuses on input: control characters and bidi overrides.
CONTROL = {**ESCAPES, **BIDI}
# Safe to type at the CLI and shown exactly: markup, scripts, combining marks, emoji.
PLAIN = {**MARKUP, **UNICODE}

# What must never reach a terminal or a printout: C0 except newline and tab, DEL, C1, and
# the bidi embeddings, overrides and isolates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def forbidden_in(text: str) -> list[str]:
    """The forbidden characters in `text`, as U+XXXX with a little context."""
    return [
        f"U+{ord(m.group()):04X} near {text[max(0, m.start() - 20) : m.end() + 20]!r}"
        for m in FORBIDDEN.finditer(text)
    ]


def check_bytes(raw: bytes, where: str) -> str:
    """Decode terminal or file output strictly as UTF-8 and assert it is free of control
    characters (C1 is checked on code points: UTF-8 continuation bytes are 0x80-0xBF)."""
    assert b"\x1b" not in raw, f"ESC in {where}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:  # pragma: no cover - a failure message
        raise AssertionError(f"{where} is not UTF-8: {error}") from None
    bad = forbidden_in(text)
    assert not bad, f"control characters in {where}: {bad[:5]}"
    return text
