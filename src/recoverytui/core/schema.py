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
    CONSENT_STATUSES,
    DREAM_STATUSES,
    GIVEN,
    GOAL_STATUSES,
    MEASURE_STATUSES,
    MOVES,
    PARTS,
    RATINGS,
    REVIEW_STAGES,
    SHARE_PARTS,
    VOICES,
    Part,
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


def _counters(value: Any) -> bool:
    # The highest number handed out of each kind: never handed out again.
    return isinstance(value, dict) and all(map(_number, value.values()))


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(map(_text, value))


def _parts(value: Any) -> bool:
    return isinstance(value, list) and all(item in SHARE_PARTS for item in value)


def _dict(value: Any) -> bool:
    return isinstance(value, dict)


def _list_of_dicts(value: Any) -> bool:
    return isinstance(value, list) and all(map(_dict, value))


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


def _dates(value: Any) -> bool:
    return isinstance(value, list) and all(map(_date, value))


def _maybe_date(value: Any) -> bool:
    return value is None or _date(value)


def _between(low: int, high: int) -> Check:
    return lambda value: _number(value) and low <= value <= high


def _hash(value: Any) -> bool:
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def _one_of(choices: tuple[str, ...]) -> Check:
    return lambda value: value in choices


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _anything(value: Any) -> bool:
    # What a change-history entry says a field held: any JSON, shown as text.
    return True


class Shape:
    """A document's fields and the check of each. Every field the program writes is here, so
    that no reader meets a missing field or one of another kind. `may_lack`: fields only
    some documents have (a restore's entry), checked when present. `rule`: a check across
    fields, for what no one field can say."""

    def __init__(
        self,
        fields: dict[str, Check],
        *,
        may_lack: dict[str, Check] | None = None,
        rule: Check | None = None,
    ) -> None:
        self.fields = fields
        self.may_lack = may_lack or {}
        self.rule = rule
        self._checks = tuple(fields.items())

    def __call__(self, doc: Any) -> bool:
        return self.problem(doc) is None

    def problem(self, doc: Any) -> str | None:
        """The first field that is missing or wrong, '' for the whole, None if it fits."""
        if not isinstance(doc, dict):
            return ""
        for name, check in self._checks:
            if name not in doc or not check(doc[name]):
                return name + _inside(check, doc.get(name))
        for name, check in self.may_lack.items():
            if name in doc and not check(doc[name]):
                return name + _inside(check, doc[name])
        if self.rule is not None and not self.rule(doc):
            return ""
        return None


class ListOf:
    """A list whose every item has one shape."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape

    def __call__(self, value: Any) -> bool:
        return isinstance(value, list) and all(map(self.shape, value))

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, list):
            return ""
        for number, item in enumerate(value, 1):
            where = self.shape.problem(item)
            if where is not None:
                return f"item {number}" + (f" {where}" if where else "")
        return None


def _inside(check: Check, value: Any) -> str:
    """Where inside a nested field the problem is, as ', item 2 done'."""
    if not isinstance(check, Shape | ListOf):
        return ""
    where = check.problem(value)
    return f", {where}" if where else ""


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.+Z-]*")


def _stamp(value: Any) -> bool:
    # A moment as dates.now_iso() writes it; shown to the minute, its day compared as text.
    return isinstance(value, str) and _STAMP.fullmatch(value) is not None


def _step(value: Any) -> bool:
    return _number(value) and 1 <= value <= 5


_COMMON: dict[str, Check] = {
    "id": _text,
    "voice": _one_of(VOICES),
    "revision": _number,
    "created": _stamp,
    "updated": _stamp,
}
_OWNED: dict[str, Check] = {**_COMMON, "client_id": _text}
_NUMBERED: dict[str, Check] = {**_OWNED, "number": _number}
_CHAINED: dict[str, Check] = {
    "seq": _number,
    "when": _stamp,
    "who": _text,
    "prev": _hash,
    "hash": _hash,
}
_HEAD = Shape({"seq": _number, "hash": _maybe(_hash)})
# The index keeps each plan's head, and its counters, outside the plan file.
_INDEX_HEAD = Shape({**_HEAD.fields, "counters": _counters})

_INDEX_DUE = Shape(
    {
        "version": _number,
        "stat": _numbers,
        "coordinator": _maybe_text,
        "revise_by": _maybe_date,
        "crisis_revise_by": _maybe_date,
        "last_review": _maybe(_week),
        "last_checkin": _maybe_date,
        "action_dues": _dates,
    }
)

# A handle and a plan's file name become parts of paths (printouts, backups): a file made by
# another tool must not lead a write outside its folder with "../".
HANDLE = re.compile(r"[a-z0-9][a-z0-9-]{0,23}")
_PLAN_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}\.json")


def _matches(pattern: re.Pattern[str]) -> Check:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _has_a_step(area: dict[str, Any]) -> bool:
    # Where an area stands is its last start, up or back: there must be one.
    return any(move["move"] in ("start", *MOVES) for move in area["history"])


def _need_change(change: dict[str, Any]) -> bool:
    # The weekly sheet undoes these to show an item as it stood, so each value must be one
    # the field can hold.
    check = NEED_FIELDS.get(change["field"])
    return check is not None and check(change["from"]) and check(change["to"])


def _crisis_entry(part: Part) -> Shape:
    return Shape(
        {
            "number": _number,
            part.main: _text,
            **{key: _maybe_text for key in part.more},
            "voice": _one_of(VOICES),
        }
    )


_STEP_TEXT = Shape(
    {"number": _number, "text": _text, "done": _maybe_date, "voice": _one_of(VOICES)}
)
_RATING = _one_of(RATINGS)
NEED_FIELDS: dict[str, Check] = {
    "client_rating": _maybe(_RATING),
    "worker_rating": _maybe(_RATING),
    "action": _maybe_text,
    "action_done": _maybe_date,
    "who": _maybe_text,
    "due": _maybe_date,
}

SHAPES: dict[str, Shape] = {
    "meta": Shape(
        {"schema": _number},
        may_lack={"counters": _counters, "history_head": _HEAD, "log_head": _HEAD},
    ),
    "clients": Shape(
        {
            "id": _text,
            "revision": _number,
            "created": _stamp,
            "updated": _stamp,
            "handle": _matches(HANDLE),
            "name": _text,
            "file": _matches(_PLAN_FILE),
            "coordinator": _maybe_text,
            "archived": _flag,
        },
        # What is due in the plan (core/due.py), kept so the caseload need not open it, with
        # the stamp of the plan file it was made from.
        may_lack={"head": _INDEX_HEAD, "due": _INDEX_DUE},
    ),
    "client": Shape(
        {
            **_COMMON,
            "name": _text,
            "handle": _matches(HANDLE),
            "coordinator": _maybe_text,
            "archived": _flag,
            "demo": _flag,
            "plan_start": _maybe_date,
            "plan_end": _maybe_date,
            # The plan period (schema 2): when the plan is to be revised, and each revision.
            "revise_by": _maybe_date,
            "revisions": ListOf(
                Shape(
                    {
                        "date": _date,
                        "note": _maybe_text,
                        "voice": _one_of(VOICES),
                        "present": _numbers,
                    },
                    # The names of those present, as they were then (schema 4).
                    may_lack={"names": _texts},
                )
            ),
        }
    ),
    "dreams": Shape({**_NUMBERED, "text": _text, "status": _one_of(DREAM_STATUSES)}),
    "goals": Shape(
        {
            **_NUMBERED,
            "title": _text,
            "status": _one_of(GOAL_STATUSES),
            "due": _maybe_date,
            "dream": _maybe(_number),
            "area": _maybe_text,
            "support": _maybe_text,
            "steps": ListOf(_STEP_TEXT),
            "history": ListOf(
                Shape(
                    {
                        "date": _date,
                        "status": _one_of(GOAL_STATUSES),
                        "note": _maybe_text,
                        "voice": _one_of(VOICES),
                    }
                )
            ),
        }
    ),
    "checkins": Shape(
        {
            **_OWNED,
            "goal": _number,
            "goal_id": _text,
            "date": _date,
            "progress": _between(0, 4),
            "note": _maybe_text,
        }
    ),
    "areas": Shape(
        {
            **_NUMBERED,
            "name": _text,
            "step": _step,
            "next": _maybe_text,
            "ready_when": _maybe_text,
            "history": ListOf(
                Shape(
                    {
                        "date": _date,
                        "move": _one_of(("start", "agree", *MOVES)),
                        "from": _maybe(_step),
                        "to": _step,
                        "note": _maybe_text,
                        "voice": _one_of(VOICES),
                    },
                    may_lack={"next": _maybe_text, "ready_when": _maybe_text},
                )
            ),
        },
        rule=_has_a_step,
    ),
    "domains": Shape({**_NUMBERED, "key": _text, "title": _text}),
    "needs": Shape(
        {
            **_NUMBERED,
            **NEED_FIELDS,
            "name": _text,
            "domain": _text,
            "client_rating": _RATING,
            "worker_rating": _RATING,
            "history": ListOf(
                Shape(
                    {
                        "date": _date,
                        "field": _text,
                        "from": _anything,
                        "to": _anything,
                        "voice": _one_of(VOICES),
                    },
                    rule=_need_change,
                )
            ),
        }
    ),
    "reviews": Shape(
        {
            **_OWNED,
            "week": _week,
            "held": _date,
            "words": _maybe_text,
            "hope": _maybe(_between(0, 10)),
            "agreed": ListOf(_STEP_TEXT),
            "stage": _one_of(REVIEW_STAGES),
            "place": _maybe_text,
            # The crisis plan's signs the client noticed that week (schema 3).
            "signs": _numbers,
        }
    ),
    # The individual plan (schema 4): who takes part, and the measures (tiltak).
    "participants": Shape(
        {
            **_NUMBERED,
            "name": _text,
            "role": _text,
            "organisation": _maybe_text,
            "phone": _maybe_text,
            "contributes": _maybe_text,
            "coordinator": _flag,
        }
    ),
    "measures": Shape(
        {
            **_NUMBERED,
            "text": _text,
            "responsible": _maybe(_number),
            "extent": _maybe_text,
            "how": _maybe_text,
            "goals": _numbers,
            "from": _maybe_date,
            "until": _maybe_date,
            "status": _one_of(MEASURE_STATUSES),
        }
    ),
    # Consent to share, and what was shared (schema 5). `name`: the participant's as it was.
    "consents": Shape(
        {
            **_NUMBERED,
            "to": _number,
            "name": _text,
            "share": _parts,
            "purpose": _text,
            "from": _date,
            "until": _date,
            "given": _one_of(GIVEN),
            "registered_by": _text,
            "status": _one_of(CONSENT_STATUSES),
            "withdrawn": _maybe_date,
        }
    ),
    "shared": Shape(
        {
            "id": _text,
            "client_id": _text,
            "number": _number,
            "revision": _number,
            "created": _stamp,
            "updated": _stamp,
            "date": _date,
            "to": lambda value: value == "client" or _number(value),
            "name": _maybe_text,
            "consent": _maybe(_number),
            "share": _parts,
            "files": _texts,
        }
    ),
    # The crisis plan (schema 3): one document per client; each part a list of entries.
    "crisis": Shape(
        {
            **_OWNED,
            "well": _maybe_text,
            **{part.field: ListOf(_crisis_entry(part)) for part in PARTS},
            "admission": _maybe(
                Shape(
                    {
                        "unit": _maybe_text,
                        "phone": _maybe_text,
                        "text": _maybe_text,
                        "renew_by": _maybe_date,
                        "voice": _one_of(VOICES),
                    }
                )
            ),
            "reviewed": _maybe_date,
            "revise_by": _maybe_date,
        }
    ),
    # The change history (core/history.py) and the caseload's log: chained entries. What a
    # field held (old, new) is any JSON; a restore's entry also says what it kept and lost.
    "history": Shape(
        {
            **_CHAINED,
            "voice": _maybe(_one_of(VOICES)),
            "action": _one_of(HISTORY_ACTIONS),
            "entity": _text,
            "ref": _maybe_text,
            "doc": _maybe_text,
            "field": _maybe_text,
            "old": _anything,
            "new": _anything,
        },
        may_lack={"kept": _list_of_dicts, "lost": _dict},
    ),
    "log": Shape({**_CHAINED, "what": _text}),
}


def first_problem(data: dict[str, Any]) -> str | None:
    """Where the data breaks its shape ('goals, entry 3, steps, item 2 done'), or None when
    all is well."""
    for table, shape in SHAPES.items():
        for key, doc in data.get(table, {}).items():
            if not shape(doc):
                where = shape.problem(doc)
                return f"{table}, entry {key}" + (f", {where}" if where else "")
    return None
