"""How the versions of a plan's documents that laptops wrote become one plan again.

Pure functions on plain data: no git, no keys, no files. A client's repository holds every
version of every document a laptop sent (`Version`), each naming the versions it replaced
(`parents`). A document whose versions end in one head reads as that head. Where two
laptops changed it apart, there are two heads: fields only one side changed, and items
either side added to a list, are merged by themselves; where both changed the same field
differently, both versions are kept, the newer is shown, and a person chooses (`Outcome
.conflict`).

Then the rules git can't know, the same on every laptop, so that two laptops merging the
same versions write the same documents:
- two documents given the same short number apart: the one made first keeps it, the other
  takes the next free number (a check-in follows its goal by id);
- two reviews of the same ISO week, two crisis plans, a checklist switched on twice: one
  document, both sets of words kept, lists joined;
- `revision` is recomputed: a merged document's is one more than its newest head's, so a
  screen holding either laptop's copy sees it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from recoverytui.core.documents import REVIEW_STAGES

Doc = dict[str, Any]

# Tables whose documents carry a short number a person types (`-g 3`).
NUMBERED = ("dreams", "goals", "areas", "needs", "domains", "participants", "measures")
# Tables where two documents with the same key are one thing made twice.
SAME_KEY = {"reviews": "week", "crisis": None, "domains": "key"}
# Text fields where both laptops' words are kept side by side rather than one chosen.
JOINED = {("reviews", "words"), ("crisis", "well")}
# Fields that only move forward, in the order they move, with the fields that go with them:
# where two laptops differ, the one further on is taken (a held review stays held).
FORWARD = {("reviews", "stage"): (REVIEW_STAGES, ("place",))}
_MISSING: Any = object()


class Clash(Exception):
    """Both sides changed the same field to different values."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass
class Version:
    id: str
    doc_id: str
    table: str
    doc: Doc | None  # None: the document was removed
    parents: list[str]
    laptop: str
    worker: str
    at: str

    def payload(self) -> Doc:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "table": self.table,
            "doc": self.doc,
            "parents": self.parents,
            "laptop": self.laptop,
            "worker": self.worker,
            "at": self.at,
        }

    @classmethod
    def from_payload(cls, data: Doc) -> Version:
        return cls(
            id=str(data["id"]),
            doc_id=str(data["doc_id"]),
            table=str(data["table"]),
            doc=data.get("doc"),
            parents=[str(p) for p in data.get("parents") or []],
            laptop=str(data.get("laptop") or ""),
            worker=str(data.get("worker") or ""),
            at=str(data.get("at") or ""),
        )


@dataclass
class Outcome:
    """One document after the merge. `doc` is what the plan holds (None: removed); `heads`
    the versions it stands on, which a laptop's next version names as its parents; `write`
    is set when the merge made a document no laptop sent (a merge of two heads, a rule
    applied), which the laptop then sends; `conflict` lists the heads a person chooses
    between (each a list of versions with the same content), the shown one first."""

    doc_id: str
    table: str
    doc: Doc | None
    heads: list[str]
    write: bool = False
    conflict: list[list[Version]] = field(default_factory=list)


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(doc: Doc | None) -> str:
    return hashlib.sha256(canonical(doc)).hexdigest()


def heads(versions: dict[str, Version]) -> list[Version]:
    """The versions no other version replaced, oldest first."""
    replaced = {parent for v in versions.values() for parent in v.parents}
    return sorted((v for v in versions.values() if v.id not in replaced), key=_age)


def _age(version: Version) -> tuple[str, str, str]:
    return (_moment(_updated(version.doc) or version.at), _moment(version.at), version.id)


def _updated(doc: Doc | None) -> str:
    return str((doc or {}).get("updated") or "")


def _made(doc: Doc) -> tuple[str, str]:
    """The order documents were made in: the one made first, first."""
    return (_moment(doc.get("created")), str(doc.get("id")))


def _moment(stamp: Any) -> str:
    """A stamp as UTC, so that stamps from laptops that write different offsets (one set to
    UTC, or the night summer time ends) sort as the moments do; anything else as written."""
    text = str(stamp or "")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return text if when.tzinfo is None else when.astimezone(dt.UTC).isoformat()


def _ancestors(versions: dict[str, Version], *starts: str) -> set[str]:
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        vid = todo.pop()
        if vid in seen or vid not in versions:
            continue
        seen.add(vid)
        todo.extend(versions[vid].parents)
    return seen


def _common_base(versions: dict[str, Version], first: str, second: str) -> Doc:
    """The nearest version both heads stand on, as a document ({} if none: both began apart).
    Nearest by the versions' parents, not by their stamps: a laptop's clock can be behind."""
    common = _ancestors(versions, first) & _ancestors(versions, second)
    if not common:
        return {}
    below = _ancestors(versions, *(p for vid in common for p in versions[vid].parents))
    nearest = max((versions[v] for v in common - below or common), key=_age)
    return nearest.doc or {}


def revision_of(doc: Doc | None) -> int:
    value = (doc or {}).get("revision")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def resolve(versions: dict[str, Version]) -> Outcome:
    """One document's versions, merged as far as no person needs to choose."""
    # Versions that replace each other in a circle (only a broken repository holds them)
    # are all taken as heads, rather than none.
    found = heads(versions) or sorted(versions.values(), key=_age)
    first = found[0]
    groups = _same_content(found)
    ids = [v.id for group in groups for v in group]
    if len(groups) == 1:
        return Outcome(first.doc_id, first.table, groups[0][0].doc, ids)
    newest = [group[-1] for group in groups]
    try:
        doc = newest[0].doc
        for other in newest[1:]:
            doc = _merge_heads(versions, first.table, newest[0], doc, other)
    except Clash:
        shown = max(groups, key=lambda group: _age(group[-1]))
        rest = [group for group in groups if group is not shown]
        doc = _withrevision_of(shown[-1].doc, max(revision_of(v.doc) for v in found) + 1)
        return Outcome(first.doc_id, first.table, doc, ids, conflict=[shown, *rest])
    doc = _withrevision_of(doc, max(revision_of(v.doc) for v in found) + 1)
    return Outcome(first.doc_id, first.table, doc, ids, write=True)


def origin(versions: dict[str, Version], outcome: Outcome) -> tuple[str, str]:
    """The laptop a document was made on (its first version's) and the one that wrote the
    version the plan shows."""
    first = min(versions.values(), key=lambda v: (bool(v.parents), _age(v)))
    shown = outcome.conflict[0][-1] if outcome.conflict else versions.get(outcome.heads[-1])
    return first.laptop, (shown or first).laptop


def _same_content(found: list[Version]) -> list[list[Version]]:
    """Heads grouped by what they hold: two laptops that merged alike wrote the same thing."""
    groups: dict[str, list[Version]] = {}
    for version in found:
        groups.setdefault(digest(version.doc), []).append(version)
    return sorted(groups.values(), key=lambda group: _age(group[-1]))


def _merge_heads(
    versions: dict[str, Version], table: str, first: Version, mine: Doc | None, other: Version
) -> Doc | None:
    if mine is None or other.doc is None:
        # Removed on one laptop and changed on another: a person says which stands.
        raise Clash("removed")
    base = _common_base(versions, first.id, other.id)
    return three_way(table, base, mine, other.doc)


def _withrevision_of(doc: Doc | None, revision: int) -> Doc | None:
    return None if doc is None else {**doc, "revision": revision}


def three_way(table: str, base: Doc, mine: Doc, theirs: Doc, *, lenient: bool = False) -> Doc:
    """Field by field: what one side changed is taken; lists take what either side added.
    Both sides changing one field apart raises Clash, unless `lenient` (two documents of
    the same key made apart, where the newer value is taken: `theirs` is the newer)."""
    out: Doc = {}
    ahead, taken = _further(table, mine, theirs)
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        if key in taken:
            out[key] = ahead.get(key)
            continue
        if key == "updated":
            out[key] = max(_updated(mine), _updated(theirs), key=_moment) or None
            continue
        if key == "revision":
            out[key] = max(revision_of(mine), revision_of(theirs))
            continue
        old = base.get(key, _MISSING)
        ours, other = mine.get(key, _MISSING), theirs.get(key, _MISSING)
        out[key] = _merge_value(table, key, old, ours, other, lenient)
    return out


def _further(table: str, mine: Doc, theirs: Doc) -> tuple[Doc, tuple[str, ...]]:
    """The side further on where the two differ in a FORWARD field, and the fields taken
    from it; else no fields."""
    for (kind, key), (order, follows) in FORWARD.items():
        ours, other = mine.get(key), theirs.get(key)
        if kind == table and ours != other and ours in order and other in order:
            ahead = mine if order.index(ours) > order.index(other) else theirs
            return ahead, (key, *follows)
    return mine, ()


def _merge_value(table: str, key: str, old: Any, ours: Any, other: Any, lenient: bool) -> Any:
    if ours == other or other is _MISSING:
        return ours
    if ours is _MISSING:
        return other
    if ours == old:
        return other
    if other == old:
        return ours
    if isinstance(ours, list) and isinstance(other, list):
        return merge_lists(old if isinstance(old, list) else [], ours, other, lenient)
    if (table, key) in JOINED and isinstance(ours, str) and isinstance(other, str):
        return joined(ours, other)
    if isinstance(ours, dict) and isinstance(other, dict):
        return three_way(table, old if isinstance(old, dict) else {}, ours, other, lenient=lenient)
    if lenient:
        return ours if other is None else other
    raise Clash(key)


def joined(first: str, second: str) -> str:
    """Both laptops' words, each as typed, the first laptop's first. Words the other holds
    already, as whole paragraphs (joined before), are not added again; a piece of a
    sentence is no such thing: "ok" is not in "not ok"."""
    if not first.strip():
        return second
    if not second.strip() or _paragraphs(second) <= _paragraphs(first):
        return first
    if _paragraphs(first) <= _paragraphs(second):
        return second
    return f"{first}\n\n{second}"


def _paragraphs(words: str) -> set[str]:
    return {part.strip() for part in words.split("\n\n") if part.strip()}


def merge_lists(
    base: list[Any], mine: list[Any], theirs: list[Any], lenient: bool = False
) -> list[Any]:
    """Items either side added are kept; an item one side removed and the other left as it
    was goes. Numbered items (a goal's steps, agreed points, a crisis plan's signs) are
    matched by number: one changed on both sides is merged field by field, and two new ones
    given the same number keep both, the second renumbered."""
    if all(_numbered(item) for item in [*base, *mine, *theirs]):
        return _merge_numbered(base, mine, theirs, lenient)
    kept = [item for item in mine if item in theirs or item not in base]
    kept += [item for item in theirs if item not in mine and item not in base]
    if all(isinstance(item, dict) and "date" in item for item in kept):
        kept.sort(key=lambda item: str(item.get("date") or ""))  # stable: same day keeps order
    return kept


def _numbered(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("number"), int)


def _merge_numbered(
    base: list[Doc], mine: list[Doc], theirs: list[Doc], lenient: bool
) -> list[Doc]:
    old = {item["number"]: item for item in base}
    ours = {item["number"]: item for item in mine}
    other = {item["number"]: item for item in theirs}
    out: list[Doc] = []
    again: list[Doc] = []
    for number in [*ours, *(n for n in other if n not in ours)]:
        a, b, o = ours.get(number), other.get(number), old.get(number)
        if a is not None and b is not None:
            if o is None and a != b:
                out.append(a)
                again.append(b)  # both added a number apart
            else:
                out.append(three_way("", o or {}, a, b, lenient=lenient))
        elif a is not None or b is not None:
            item = a if a is not None else b
            assert item is not None
            if o is None:
                out.append(item)
            elif item != o:
                if not lenient:
                    raise Clash("number")  # changed on one side, removed on the other
                out.append(item)
            # else: removed on the other side, untouched here
    top = max([item["number"] for item in [*out, *base]], default=0)
    for item in again:
        top += 1
        out.append({**item, "number": top})
    return out


def combine(table: str, docs: list[Doc]) -> Doc:
    """Documents of one key made apart (two reviews of a week) as one: the first made keeps
    its id, both sets of words are kept, lists joined, and elsewhere the newer value."""
    ordered = sorted(docs, key=_made)
    out = ordered[0]
    for doc in ordered[1:]:
        newer_last = _moment(_updated(doc)) >= _moment(_updated(out))
        first, second = (out, doc) if newer_last else (doc, out)
        merged = three_way(table, {}, first, second, lenient=True)
        for key in ("id", "created", "number"):
            if key in out:
                merged[key] = out[key]
        out = merged
    return out


def apply_rules(
    tables: dict[str, dict[str, Doc]], origins: dict[str, tuple[str, str]] | None = None
) -> tuple[set[str], set[str], list[Doc]]:
    """The rules git can't know, on a whole plan: `tables` maps each table to its documents
    by id and is changed in place. `origins` says, where it is known, on which laptop each
    document was made and on which it was last written: a reference by number written on
    the laptop whose document was renumbered, after that document was made, follows it.
    Returns the ids changed, the ids merged away (now removed) and what a person should
    read in the history of it."""
    changed: set[str] = set()
    removed: set[str] = set()
    notes: list[Doc] = []
    for table, key in SAME_KEY.items():
        docs = tables.get(table) or {}
        groups: dict[Any, list[Doc]] = {}
        for doc in docs.values():
            groups.setdefault(doc.get(key) if key else None, []).append(doc)
        for group in groups.values():
            if len(group) < 2:
                continue
            kept = combine(table, group)
            for doc in group:
                if doc["id"] != kept["id"]:
                    del docs[doc["id"]]
                    removed.add(doc["id"])
                    notes.append({"table": table, "kind": "joined", "doc": kept, "other": doc})
            kept["revision"] = max(revision_of(doc) for doc in group) + 1
            docs[kept["id"]] = kept
            changed.add(kept["id"])
    for table in NUMBERED:
        moved = _renumber(table, tables.get(table) or {}, notes)
        changed |= moved
        changed |= _follow(table, [n for n in notes if n["doc"]["id"] in moved], tables, origins)
    goals = {doc["id"]: doc for doc in (tables.get("goals") or {}).values()}
    for checkin in (tables.get("checkins") or {}).values():
        goal = goals.get(checkin.get("goal_id"))
        if goal is not None and checkin.get("goal") != goal.get("number"):
            checkin["goal"] = goal["number"]
            checkin["revision"] = revision_of(checkin) + 1
            changed.add(checkin["id"])
    return changed, removed, notes


# Where a document is named by its short number: table -> (table, field) that name it.
REFERENCES = {
    "dreams": [("goals", "dream")],
    "goals": [("measures", "goals")],
    "participants": [("measures", "responsible"), ("consents", "to"), ("shared", "to")],
}


def _follow(
    table: str,
    moves: list[Doc],
    tables: dict[str, dict[str, Doc]],
    origins: dict[str, tuple[str, str]] | None,
) -> set[str]:
    """References to a renumbered document follow it where they were written on the laptop
    it was made on, after it was made: there, the old number could only have meant this
    document. A reference written on the other laptop meant the one that kept the number."""
    known = origins or {}
    changed: set[str] = set()
    for move in moves:
        made_on = known.get(move["doc"]["id"], ("", ""))[0]
        made = _moment(move["doc"].get("created"))
        if not made_on:
            continue
        for other, field_name in REFERENCES.get(table, []):
            for doc in (tables.get(other) or {}).values():
                written_on = known.get(doc["id"], ("", ""))[1]
                if written_on != made_on or _moment(doc.get("updated")) < made:
                    continue
                value = doc.get(field_name)
                if value == move["old"]:
                    doc[field_name] = move["new"]
                elif isinstance(value, list) and move["old"] in value:
                    doc[field_name] = [move["new"] if v == move["old"] else v for v in value]
                else:
                    continue
                doc["revision"] = revision_of(doc) + 1
                changed.add(doc["id"])
    return changed


def _renumber(table: str, docs: dict[str, Doc], notes: list[Doc]) -> set[str]:
    by_number: dict[Any, list[Doc]] = {}
    for doc in docs.values():
        by_number.setdefault(doc.get("number"), []).append(doc)
    clashes = [
        doc
        for number, group in by_number.items()
        if number is not None and len(group) > 1
        for doc in sorted(group, key=_made)[1:]
    ]
    top = max((d["number"] for d in docs.values() if isinstance(d.get("number"), int)), default=0)
    changed = set()
    for doc in sorted(clashes, key=_made):
        top += 1
        notes.append(
            {"table": table, "kind": "renumbered", "doc": doc, "old": doc["number"], "new": top}
        )
        doc["number"] = top
        doc["revision"] = revision_of(doc) + 1
        changed.add(doc["id"])
    return changed
