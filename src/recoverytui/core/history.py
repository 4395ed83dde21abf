"""The change history: what changed in a plan, when, by whom and in whose voice, hash-chained.

The history is a table `history` inside each client's plan file, so it is written in the same
atomic transaction as the change it describes, travels with the plan into its backups, and
goes with the plan when the client is erased. It is recorded generically: at commit the store
hands `record()` the plan as it was read and as it is about to be written, and every changed
field becomes one entry. Nothing in the plan operations has to remember to log.

Every entry carries the hash of the one before it (`chain_append`), so an entry edited,
removed or moved afterwards shows (`verify_chain`), and `recovery doctor` says where. The
caseload index keeps its own chained `log` the same way (an erasure happened; never whose).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb.table import Table

from recoverytui.core import text
from recoverytui.core.documents import VOICES
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.settings import load_settings

if TYPE_CHECKING:
    from recoverytui.core.store import Store

Entry = dict[str, Any]
Data = dict[str, Any]

ZERO_HASH = "0" * 64
# Tables that are not the plan itself: the counters, and the history.
NOT_DIFFED = frozenset({"meta", "history"})
# Fields every document has that say nothing a person changed.
BOOKKEEPING = frozenset({"updated", "revision", "created"})
# Left out of an added or removed document's copy: "doc" holds the id, the file the client.
IMPLIED = frozenset({"id", "client_id"})
ENTITIES = {
    "client": "client",
    "dreams": "dream",
    "goals": "goal",
    "checkins": "checkin",
    "areas": "area",
    "domains": "domain",
    "needs": "need",
    "reviews": "review",
    "crisis": "crisis",
    "participants": "participant",
    "measures": "measure",
    "consents": "consent",
    "shared": "sharing",
}
# List fields whose new items record the change being made, with its voice.
_CHANGE_LOGS = ("history",)
# Documents whose own voice is the voice of some fields only: the crisis plan's is that of
# `well`. Its other fields speak with their entries' voices, or with none (a date).
_VOICE_OF = {"crisis": frozenset({"well", "voice"})}
_REF_MAX = 60


# Who --------------------------------------------------------------------------------------


def worker_name(home: Path) -> str:
    """Who is making changes: settings.json "worker" if set, else the login name.
    StoreDamaged if the settings can't be read (Store.worker_name says "unknown" then)."""
    value = load_settings(home).get("worker")
    if value is not None:  # checked on reading: a name as `recovery worker` saves it
        return str(value)
    try:
        return text.clean(login_name(), _("name"), max_len=text.NAME_MAX)
    except InvalidInput:
        return "unknown"


def login_name() -> str:
    """The operating system's name for the user, or '' where it has none. As getpass.getuser
    finds it, without importing getpass and the terminal handling it brings (every write
    asks)."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if name := os.environ.get(variable):
            return name
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        return ""


# The chain --------------------------------------------------------------------------------

try:  # CPython's own sha256: hashlib would load OpenSSL first, a few ms on every write
    from _sha256 import sha256 as _sha256  # type: ignore[import-not-found]  # Python 3.11
except ImportError:  # pragma: no cover - other versions and builds
    from hashlib import sha256 as _sha256


def entry_hash(entry: Entry) -> str:
    """sha256 of the entry's canonical JSON, its own hash left out."""
    body = {key: value for key, value in entry.items() if key != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _sha256(canonical.encode("utf-8")).hexdigest()


def _last(table: Table) -> Entry | None:
    """The entry at the end of the chain: the one under the highest doc id. Entries are only
    ever appended; after one was removed by hand the chain is broken (the doctor says so),
    and new entries still go at the end."""
    rows = (table.storage.read() or {}).get(table.name) or {}
    if not rows:
        return None
    return dict(rows[max(rows, key=_order)])


def _order(key: str) -> tuple[int, int | str]:
    number = text.whole_number(key)
    return (0, number) if number is not None else (1, key)


def _seq(entry: Entry | None) -> int:
    seq = (entry or {}).get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else 0


def head_entry(entry: Entry) -> dict[str, Any]:
    """What anchors a chain's end: the last entry's number and hash."""
    return {"seq": entry["seq"], "hash": entry["hash"]}


def chain_append(table: Table, entry: Entry, floor: dict[str, Any] | None = None) -> Entry:
    """Add `entry` at the end of the chain in `table`: it gets seq, prev and hash. Returns
    the entry as stored.

    `floor` is where the chain is known to have reached (its head as kept elsewhere). If the
    table ends before it, entries were cut off: the new entry is numbered on from the floor,
    so the gap shows, rather than starting a chain that looks whole."""
    last = _last(table)
    seq = _seq(last) if last else 0
    if last and not seq:
        seq = len(table)
    prev = last.get("hash", ZERO_HASH) if last else ZERO_HASH
    floor = valid_head(floor)
    if floor is not None and _seq(floor) > seq:
        seq, prev = _seq(floor), floor.get("hash") or ZERO_HASH
    body = {key: value for key, value in entry.items() if key not in ("seq", "prev", "hash")}
    stored: Entry = {"seq": seq + 1, **body, "prev": prev}
    stored["hash"] = entry_hash(stored)
    table.insert(stored)
    return stored


def chain_entries(rows: dict[str, Any] | None) -> list[Any]:
    """A chained table's entries as stored in a file (doc id -> entry), in their order."""
    rows = rows or {}
    return [rows[key] for key in sorted(rows, key=_order)]


def verify_chain(entries: list[Entry]) -> str | None:
    """None if every entry is as written and in its place; else where the chain breaks.

    Entry numbers run on without a gap, except where a restore recorded that entries could
    not be recovered (its `lost` range): that gap is accounted for."""
    prev = ZERO_HASH
    expected = 1
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or entry.get("hash") != entry_hash(entry):
            return _("Entry {n} has been changed after it was written.").format(n=expected)
        seq = entry.get("seq")
        if isinstance(seq, int) and seq != expected and _lost_range(entry) == (expected, seq):
            expected = seq
        if seq != expected:
            later = entries[position:]
            if (
                isinstance(seq, int)
                and seq > expected
                and not any(isinstance(e, dict) and e.get("seq") == expected for e in later)
            ):
                return _("Entry {n} is missing: after entry {before} comes entry {seq}.").format(
                    n=expected, before=expected - 1, seq=seq
                )
            return _(
                "The entries are out of order at entry {n}: entry {seq} stands in its place."
            ).format(n=expected, seq=seq)
        if entry.get("prev") != prev:
            if position == 1:
                return _("Entry 1 does not start the chain: entries before it were removed.")
            return _(
                "Entry {n} does not follow on from entry {before}: entry {before} was "
                "replaced, or one was taken out between them."
            ).format(n=expected, before=expected - 1)
        prev = entry["hash"]
        expected += 1
    return None


def _lost_range(entry: Entry) -> tuple[int, int] | None:
    """(first lost, the entry's own seq) for a restored entry that records lost entries."""
    lost = entry.get("lost")
    if entry.get("action") != "restored" or not isinstance(lost, dict):
        return None
    first, last = lost.get("from"), lost.get("to")
    if not (isinstance(first, int) and isinstance(last, int) and first <= last):
        return None
    return first, last + 1


def held(entries: list[Entry]) -> set[str]:
    """The hash of every entry a history holds: its chain, and the entries its restores kept
    from a backup that had gone another way."""
    found = {e.get("hash") for e in entries if isinstance(e, dict)}
    for entry in entries:
        kept = entry.get("kept") if isinstance(entry, dict) else None
        if isinstance(kept, list):
            found |= {k.get("hash") for k in kept if isinstance(k, dict)}
    return {found_hash for found_hash in found if isinstance(found_hash, str)}


def holds(entries: list[Entry], head: dict[str, Any]) -> bool:
    """Whether a history accounts for the entry `head` anchors: it holds that entry, or a
    restore recorded it as lost."""
    seq, digest = _seq(head), head.get("hash")
    if not seq or digest in held(entries):
        return True  # an empty chain anchors nothing
    for entry in entries:
        lost = entry.get("lost") if isinstance(entry, dict) else None
        if isinstance(lost, dict) and lost.get("head") == digest:
            return True
        gap = _lost_range(entry) if isinstance(entry, dict) else None
        if gap and gap[0] <= seq < gap[1]:
            return True
    return False


def extends(chain: list[Entry], prefix: list[Entry]) -> bool:
    """Whether `chain` begins with every entry of `prefix`, in order."""
    return len(chain) >= len(prefix) and all(
        isinstance(a, dict) and isinstance(b, dict) and a.get("hash") == b.get("hash")
        for a, b in zip(chain, prefix, strict=False)
    )


def highest_numbers(entries: list[Entry]) -> dict[str, int]:
    """The highest short number each kind has had in a history (kept entries included):
    counters must never fall below them, or a number would be handed out twice."""
    tables = {entity: table for table, entity in ENTITIES.items()}
    found: dict[str, int] = {}
    pending = list(entries)
    while pending:
        entry = pending.pop()
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("kept"), list):
            pending += entry["kept"]
        table = tables.get(entry.get("entity"))  # type: ignore[arg-type]
        ref = entry.get("ref")
        if table is None or not isinstance(ref, str):
            continue
        number = ref.partition(" ")[0]
        if number.isdigit():
            found[table] = max(found.get(table, 0), int(number))
    return found


# Recording --------------------------------------------------------------------------------


def record(
    table: Table,
    before: Data | None,
    after: Data,
    *,
    who: str | Callable[[], str],
    when: str,
    floor: dict[str, Any] | None = None,
) -> list[Entry]:
    """Append one chained entry to `table` per change from `before` to `after` (None: a
    new file). `who` may be a function, asked only if something changed. `floor`: the head
    kept outside the file (chain_append). Returns the entries."""
    found = changes(before, after)
    if not found:
        return []
    name = who() if callable(who) else who
    return [chain_append(table, {"when": when, "who": name, **change}, floor) for change in found]


def keep_head(data: Data, last: Entry, table: str = "history") -> None:
    """Keep the last entry's number and hash beside the file's schema too. A chain shows an
    entry changed or taken out of the middle; this shows entries cut off its end."""
    meta = next(iter(data.get("meta", {}).values()), None)
    if meta is not None:
        meta[f"{table}_head"] = head_entry(last)


def head_of(data: Data | None, table: str = "history") -> dict[str, Any] | None:
    """The head a file keeps of its chained table, if it is in shape."""
    meta = next(iter((data or {}).get("meta", {}).values()), None) or {}
    return valid_head(meta.get(f"{table}_head"))


def index_head(data: Data) -> dict[str, Any] | None:
    """What the caseload index keeps of a plan: the head of its history and its counters,
    so that a history cut off or a number handed out again shows."""
    head = head_of(data)
    if head is None:
        return None
    meta = next(iter(data.get("meta", {}).values()), None) or {}
    return {**head, "counters": dict(meta.get("counters") or {})}


def valid_head(head: Any) -> dict[str, Any] | None:
    """A head as kept: {"seq": a positive whole number, "hash": text or None}; else None."""
    if isinstance(head, dict) and _seq(head) > 0 and isinstance(head.get("hash"), str | None):
        return head
    return None


def verify_history(data: Data, table: str = "history") -> str | None:
    """verify_chain for a file's chained table (a plan's history, the caseload's log), and
    that nothing was cut off its end."""
    entries = chain_entries(data.get(table))
    if where := verify_chain(entries):
        return where
    meta = next(iter(data.get("meta", {}).values()), None) or {}
    head = meta.get(f"{table}_head")
    if head is None:  # a plan from before the history kept its head
        return None
    last = entries[-1] if entries else {}
    if (last.get("seq"), last.get("hash")) != (head.get("seq"), head.get("hash")):
        return _("It ends at entry {n}, but it held {m} entries when it was last written.").format(
            n=len(entries), m=head.get("seq")
        )
    return None


def falls_short(data: Data, anchors: list[tuple[str, dict[str, Any]]]) -> str | None:
    """Where a plan's history falls short of a head kept of it elsewhere (each given with
    the words for where it is kept); None if it holds every one."""
    entries = chain_entries(data.get("history"))
    for words, head in anchors:
        if not holds(entries, head):
            return _(
                "It does not hold entry {m}, which {source} says it reached (it ends at "
                "entry {n}): entries were cut off or taken out."
            ).format(source=words, m=head["seq"], n=_seq(entries[-1]) if entries else 0)
    return None


def of_client(store: Store, ref: str | None) -> tuple[list[Entry], str | None]:
    """One client's history, oldest first, and where it has been altered or falls short of
    the head the caseload index keeps of it (None: nowhere), read in one shared-lock
    transaction."""
    head = valid_head(store.find_client(ref).get("head"))
    with store.plan(ref, anchored=False) as plan:
        data = plan.data()
        anchors = [(_("the caseload index"), head)] if head else []
        return chain_entries(data.get("history")), (
            verify_history(data) or falls_short(data, anchors)
        )


def restored_entry(
    *,
    source: str,
    who: str,
    when: str,
    kept: list[Entry] | None = None,
    lost: dict[str, Any] | None = None,
) -> Entry:
    """The entry a restore adds: the plan was brought back from `source` (a file name).
    `kept`: the backup's entries this history had not got (the backup had gone another way),
    as they were. `lost`: entries the plan had held that no copy could give back, from and
    to (numbers) and the head that said so."""
    entry: Entry = {
        "when": when,
        "who": who,
        "voice": None,
        "action": "restored",
        "entity": "plan",
        "ref": None,
        "doc": None,
        "field": None,
        "old": None,
        "new": source,
    }
    if kept:
        entry["kept"] = kept
    if lost:
        entry["lost"] = lost
    return entry


def append_to_data(
    data: Data, entry: Entry, table: str = "history", floor: dict[str, Any] | None = None
) -> Entry:
    """chain_append for a plan held as plain data (a restore writes the file itself)."""
    from tinydb import TinyDB
    from tinydb.storages import MemoryStorage

    db = TinyDB(storage=MemoryStorage)
    db.storage.write(data)
    stored = chain_append(db.table(table), entry, floor)
    result = db.storage.read()
    assert result is not None  # what was just written
    if result is not data:  # TinyDB changed it in place, as it does today; else copy back
        data.clear()
        data.update(result)
    keep_head(data, stored, table)
    return stored


def changes(before: Data | None, after: Data) -> list[Entry]:
    """What changed from `before` to `after`, one entry (without when/who/chain) per field."""
    before = before or {}
    refs = _Refs()
    found: list[Entry] = []
    for table in _union(after, before):
        if table in NOT_DIFFED:
            continue
        old_rows, new_rows = before.get(table) or {}, after.get(table) or {}
        if old_rows == new_rows:
            continue
        entity = ENTITIES.get(table, table)
        for key in _union(new_rows, old_rows):
            old, new = old_rows.get(key), new_rows.get(key)
            if old == new:
                continue
            # TinyDB reuses a doc id after a delete: then it is another document.
            same = old is not None and new is not None and old.get("id") == new.get("id")
            if old is not None and not same:
                found.append(_whole("removed", entity, refs.of(entity, old, before), old))
            if new is not None and not same:
                found.append(_whole("added", entity, refs.of(entity, new, after), new))
            if same and old is not None and new is not None:
                found += _fields(entity, refs.of(entity, new, after), old, new)
    return found


def _union(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    return [*first, *(key for key in second if key not in first)]


def _entry(
    action: str, entity: str, ref: str | None, doc: dict[str, Any], voice: Any, **rest: Any
) -> Entry:
    return {
        "voice": voice if voice in VOICES else None,
        "action": action,
        "entity": entity,
        "ref": ref,
        "doc": doc.get("id"),
        "field": rest.get("field"),
        "old": rest.get("old"),
        "new": rest.get("new"),
    }


def _whole(action: str, entity: str, ref: str | None, doc: dict[str, Any]) -> Entry:
    copy = {k: v for k, v in doc.items() if k not in BOOKKEEPING and k not in IMPLIED}
    key = "new" if action == "added" else "old"
    return _entry(action, entity, ref, doc, doc.get("voice"), **{key: copy})


def _fields(entity: str, ref: str | None, old: dict[str, Any], new: dict[str, Any]) -> list[Entry]:
    appended: dict[str, list[Any]] = {}
    changed: list[tuple[str, Any, Any]] = []
    for field in _union(new, old):
        if field in BOOKKEEPING:
            continue
        was, now = old.get(field), new.get(field)
        if was == now:
            continue
        if isinstance(now, list) and (was is None or _grew(was, now)):
            if now[len(was or []) :]:
                appended[field] = now[len(was or []) :]
        else:
            changed.append((field, was, now))
    voice = new.get("voice")
    own = _VOICE_OF.get(entity)
    logged = [item for f in _CHANGE_LOGS for item in appended.get(f, []) if isinstance(item, dict)]
    entries = []
    # What a list gained first (a ladder move, a need's history line), then the fields: read
    # newest first, the change comes before the note of it.
    for field, items in appended.items():
        # What was said before (a check-in's `earlier`) keeps its old voice; the change is now.
        fallback = voice if own is None or field in own else None
        said = voice if field == "earlier" else _common_voice(items, fallback)
        entries.append(_entry("added", entity, ref, new, said, field=field, new=items))
    for field, was, now in changed:
        fallback = voice if own is None or field in own else None
        said = _items_voice(was, now) or _voice_of(field, logged, fallback)
        entries.append(
            _entry("changed", entity, ref, new, said, field=field, old=was, new=now)
        )  # fmt: skip
    return entries


def _items_voice(was: Any, now: Any) -> Any:
    """In a list of numbered entries (the crisis plan's parts), the voice of the entries that
    changed, when they share one: a sign reworded in the client's words is the client's."""
    for whole in (now, was):  # an entry set or cleared whole: the self-referral agreement
        if isinstance(whole, dict) and whole.get("voice") in VOICES:
            return whole["voice"]
    if not (isinstance(was, list) and isinstance(now, list)):
        return None
    if not all(isinstance(i, dict) and "number" in i for i in (*was, *now)):
        return None
    before = {item["number"]: item for item in was}
    after = {item["number"]: item for item in now}
    touched = [
        after.get(n) or before[n] for n in {*before, *after} if before.get(n) != after.get(n)
    ]
    voices = {item.get("voice") for item in touched}
    return voices.pop() if len(voices) == 1 and touched else None


def _grew(was: Any, now: list[Any]) -> bool:
    return isinstance(was, list) and len(now) > len(was) and now[: len(was)] == was


def _voice_of(field: str, logged: list[dict[str, Any]], voice: Any) -> Any:
    """The voice of a changed field: a need's history entry for that field says whose it was
    (the client's rating is the client's); else the voice of this change's history entries."""
    for item in reversed(logged):
        if item.get("field") == field and "voice" in item:
            return item["voice"]
    if any("field" in item for item in logged):
        return voice  # a need: only its own field's entry speaks for a field
    return _common_voice(logged, voice)


def _common_voice(items: Iterable[Any], fallback: Any) -> Any:
    voices = {item.get("voice") for item in items if isinstance(item, dict) and "voice" in item}
    return voices.pop() if len(voices) == 1 else fallback


class _Refs:
    """A short human reference per document: goal and dream numbers with their words, an
    area's or need's number and name, a check-in's date and goal, a review's week."""

    def __init__(self) -> None:
        self._goals: dict[int, dict[str, Any]] = {}

    def of(self, entity: str, doc: dict[str, Any], data: Data) -> str | None:
        if entity == "checkin":
            goal = self._goal(data, doc.get("goal_id"))
            if goal is None:
                return doc.get("date")
            return f"{doc.get('date')} {_numbered(goal, goal.get('title'))}"
        if entity == "review":
            return doc.get("week")
        if entity == "client":
            return _short(doc.get("name"))
        if entity == "sharing":  # to a participant by name, or the client's own copy
            return _numbered(doc, doc.get("name") or doc.get("to"))
        words = next((doc[k] for k in ("title", "name", "text") if doc.get(k)), None)
        return _numbered(doc, words) if words is not None else None

    def _goal(self, data: Data, goal_id: Any) -> dict[str, Any] | None:
        goals = self._goals.get(id(data))
        if goals is None:
            goals = {g.get("id"): g for g in (data.get("goals") or {}).values()}
            self._goals[id(data)] = goals
        return goals.get(goal_id)


def _numbered(doc: dict[str, Any], words: Any) -> str:
    number = doc.get("number")
    short = _short(words)
    return f"{number} {short}" if number is not None else short


def _short(words: Any) -> str:
    line = " ".join(str(words or "").split())
    return line if len(line) <= _REF_MAX else line[: _REF_MAX - 1].rstrip() + "…"
