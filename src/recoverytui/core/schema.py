"""The shape every stored document must have, checked each time a file is read.

A file can be valid JSON and still not be a plan that the program can show: a progress of
99, steps that are not a list, a goal without a number. Such a file is refused like any
other damage, before anything is shown or written, with a message saying what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from recoverytui.core.documents import (
    DREAM_STATUSES,
    GOAL_STATUSES,
    RATINGS,
    REVIEW_STAGES,
    VOICES,
)

Check = Callable[[Any], bool]
_WEEK = re.compile(r"\d{4}-W\d{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HASH = re.compile(r"[0-9a-f]{64}")
# What a change-history entry says was done.
HISTORY_ACTIONS = ("added", "changed", "removed", "restored")


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _maybe_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _numbers(value: Any) -> bool:
    return isinstance(value, list) and all(_number(item) for item in value)


def _maybe(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _week(value: Any) -> bool:
    # Reviews are sorted and looked up by this key, so it must be exactly 2026-W48.
    return isinstance(value, str) and _WEEK.fullmatch(value) is not None


def _date(value: Any) -> bool:
    # Read back with date.fromisoformat and compared as text: a real day, as 2026-11-27.
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return False
    return True


def _maybe_date(value: Any) -> bool:
    return value is None or _date(value)


def _between(low: int, high: int) -> Check:
    return lambda value: _number(value) and low <= value <= high


def _hash(value: Any) -> bool:
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def _one_of(choices: tuple[str, ...]) -> Check:
    return lambda value: value in choices


def _list_of(fields: dict[str, Check]) -> Check:
    return lambda value: isinstance(value, list) and all(_fits(item, fields) for item in value)


def _fits(doc: Any, fields: dict[str, Check]) -> bool:
    return isinstance(doc, dict) and all(
        name in doc and check(doc[name]) for name, check in fields.items()
    )


_COMMON: dict[str, Check] = {"id": _text, "voice": _one_of(VOICES), "revision": _number}
_NUMBERED: dict[str, Check] = {**_COMMON, "number": _number}
_CHAINED: dict[str, Check] = {
    "seq": _number,
    "when": _text,
    "who": _text,
    "prev": _hash,
    "hash": _hash,
}

# A handle and a plan's file name become parts of paths (printouts, backups): a file made by
# another tool must not lead a write outside its folder with "../".
HANDLE = re.compile(r"[a-z0-9][a-z0-9-]{0,23}")
_PLAN_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}\.json")


def _matches(pattern: re.Pattern[str]) -> Check:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


SHAPES: dict[str, dict[str, Check]] = {
    "clients": {
        "id": _text,
        "handle": _matches(HANDLE),
        "name": _text,
        "file": _matches(_PLAN_FILE),
    },
    "client": {
        **_COMMON,
        "name": _text,
        "handle": _matches(HANDLE),
        # The plan period (schema 2): when the plan is to be revised, and each revision.
        "revise_by": _maybe_date,
        "revisions": _list_of(
            {"date": _date, "note": _maybe_text, "voice": _one_of(VOICES), "present": _numbers}
        ),
    },
    "dreams": {**_NUMBERED, "text": _text, "status": _one_of(DREAM_STATUSES)},
    "goals": {
        **_NUMBERED,
        "title": _text,
        "status": _one_of(GOAL_STATUSES),
        "due": _maybe_date,
        "steps": _list_of({"number": _number, "text": _text, "done": _maybe_date}),
        "history": _list_of({"date": _date, "status": _one_of(GOAL_STATUSES)}),
    },
    "checkins": {
        **_COMMON,
        "goal": _number,
        "goal_id": _text,
        "date": _date,
        "progress": _between(0, 4),
        "note": _maybe_text,
    },
    "areas": {
        **_NUMBERED,
        "name": _text,
        "step": _between(1, 5),
        "history": _list_of({"date": _date, "to": _between(1, 5)}),
    },
    "domains": {**_NUMBERED, "key": _text, "title": _text},
    "needs": {
        **_NUMBERED,
        "name": _text,
        "domain": _text,
        "client_rating": _one_of(RATINGS),
        "worker_rating": _one_of(RATINGS),
        "due": _maybe_date,
        "action_done": _maybe_date,
        "history": _list_of({"date": _date, "field": _text}),
    },
    "reviews": {
        **_COMMON,
        "week": _week,
        "held": _date,
        "words": _maybe_text,
        "hope": _maybe(_between(0, 10)),
        "agreed": _list_of({"number": _number, "text": _text, "done": _maybe_date}),
        "stage": _one_of(REVIEW_STAGES),
    },
    # The change history (core/history.py) and the caseload's log: chained entries.
    "history": {
        **_CHAINED,
        "voice": _maybe(_one_of(VOICES)),
        "action": _one_of(HISTORY_ACTIONS),
        "entity": _text,
    },
    "log": {**_CHAINED, "what": _text},
}


def first_problem(data: dict[str, Any]) -> str | None:
    """Where the data breaks its shape ('goals, entry 3'), or None when all is well."""
    for table, fields in SHAPES.items():
        for key, doc in data.get(table, {}).items():
            if not _fits(doc, fields):
                return f"{table}, entry {key}"
    return None
