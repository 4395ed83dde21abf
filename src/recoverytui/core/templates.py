"""Checklist, ladder and help-number templates: plain text files a service can edit without
touching code.

The built-in files ship in the package (recoverytui/templates/, and templates/nb/ for bokmål:
a new client's checklists come in the program's language, with the same keys). A file of the
same name in $RECOVERY_HOME/templates/ replaces the built-in one. A malformed file is refused with a
message naming the file and the line, and the built-in template is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from recoverytui.core import text
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _, language

BUILT_IN = Path(__file__).resolve().parent.parent / "templates"
_DOMAIN = re.compile(r"==\s*([a-z][a-z0-9-]{0,23})\s*:\s*(.+?)\s*(\(extra\))?", re.IGNORECASE)


@dataclass
class Domain:
    key: str
    title: str
    extra: bool  # not switched on for a new client
    items: list[str] = field(default_factory=list)


@dataclass
class Templates:
    domains: dict[str, Domain]
    areas: list[str]
    warnings: list[str]
    # The public help numbers the crisis plan shows: (what it is, the number as written).
    help: list[tuple[str, str]] = field(default_factory=list)


class TemplateError(InvalidInput):
    """A template file that can't be read; says which file and which line."""


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(
            _("{file}: can't be read ({reason}).").format(file=path, reason=error)
        ) from None
    return [
        (number, line.strip())
        for number, line in enumerate(raw.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _item(path: Path, number: int, line: str, expected: str) -> str:
    if not line.startswith("- "):
        raise TemplateError(
            _("{file}, line {line}: expected {expected}, found {found}.").format(
                file=path, line=number, expected=expected, found=repr(line[:40])
            )
        )
    try:
        return text.name(line[2:], _("item"), max_len=text.TITLE_MAX)
    except InvalidInput as error:
        raise TemplateError(f"{path}, line {number}: {error}") from None


def parse_needs(path: Path) -> dict[str, Domain]:
    domains: dict[str, Domain] = {}
    current: Domain | None = None
    for number, line in _lines(path):
        if line.startswith("=="):
            match = _DOMAIN.fullmatch(line)
            if not match:
                raise TemplateError(
                    _(
                        "{file}, line {line}: a domain line looks like '== economy: Economy'."
                    ).format(file=path, line=number)
                )
            key, title, extra = match.groups()
            key = key.lower()
            if key in domains:
                raise TemplateError(
                    _("{file}, line {line}: the domain {key} comes twice.").format(
                        file=path, line=number, key=key
                    )
                )
            current = domains[key] = Domain(key, title, extra is not None)
        elif current is None:
            raise TemplateError(
                _("{file}, line {line}: an item comes before any '== domain' line.").format(
                    file=path, line=number
                )
            )
        else:
            item = _item(path, number, line, _("'- text' or '== key: Title'"))
            if item.casefold() in (known.casefold() for known in current.items):
                raise TemplateError(
                    _("{file}, line {line}: {item} is already in this checklist.").format(
                        file=path, line=number, item=repr(item)
                    )
                )
            current.items.append(item)
    if not domains:
        raise TemplateError(_("{file}: holds no domain.").format(file=path))
    empty = [domain.key for domain in domains.values() if not domain.items]
    if empty:
        raise TemplateError(
            _("{file}: the checklist {key} has no items.").format(file=path, key=empty[0])
        )
    return domains


def parse_areas(path: Path) -> list[str]:
    areas = [_item(path, number, line, _("'- name'")) for number, line in _lines(path)]
    if not areas:
        raise TemplateError(_("{file}: holds no area.").format(file=path))
    return areas


def parse_help(path: Path) -> list[tuple[str, str]]:
    numbers = []
    for number, line in _lines(path):
        item = _item(path, number, line, _("'- what it is: number'"))
        what, colon, phone = item.rpartition(":")
        if not colon or not what.strip() or not any(ch.isdigit() for ch in phone):
            raise TemplateError(
                _("{file}, line {line}: a help number looks like '- Legevakt: 116 117'.").format(
                    file=path, line=number
                )
            )
        numbers.append((what.strip(), phone.strip()))
    if not numbers:
        raise TemplateError(_("{file}: holds no number.").format(file=path))
    return numbers


def load(
    home: Path, *, only: tuple[str, ...] = ("needs.txt", "areas.txt", "help.txt")
) -> Templates:
    """The service's templates where they are good, the built-in ones otherwise (`only`:
    just the files named, the others left empty)."""
    warnings: list[str] = []

    def pick(name: str, parse):  # type: ignore[no-untyped-def]
        own = home / "templates" / name
        if own.is_file():
            try:
                return parse(own)
            except TemplateError as error:
                warnings.append(
                    _("{problem} Using the built-in {name} instead.").format(
                        problem=error, name=name
                    )
                )
        translated = BUILT_IN / language() / name  # in the store's language, where there is one
        return parse(translated if translated.is_file() else BUILT_IN / name)

    domains = pick("needs.txt", parse_needs) if "needs.txt" in only else {}
    areas = pick("areas.txt", parse_areas) if "areas.txt" in only else []
    numbers = pick("help.txt", parse_help) if "help.txt" in only else []
    return Templates(domains, areas, warnings, numbers)
