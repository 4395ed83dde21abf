"""`recovery history | worker`: what changed in a plan, when, by whom and in whose voice;
and the worker's name that the history records."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store
from recoverytui.cli.options import ClientOpt, JsonOpt
from recoverytui.core import fields, history
from recoverytui.core.documents import (
    DREAM_STATUSES,
    GOAL_STATUSES,
    MEASURE_STATUSES,
    PARTS,
    RATINGS,
    REVIEW_STAGES,
    field_words,
    measure_status_words,
    more_words,
    move_words,
    rating_words,
    stage_words,
    status_words,
    voice_label,
)
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _, in_quotes, ngettext
from recoverytui.core.settings import load_settings, save_setting
from recoverytui.core.text import is_number, one_line, pad, safe, width

_SHORT = 60
# Fields whose values are a person's words: shown in quotes.
_WORDS = frozenset(
    {"title", "text", "name", "note", "words", "next", "ready_when", "action", "who", "support",
     "area", "coordinator", "well", "others", "relation", "unit"}
)  # fmt: skip


@app.command(
    "history",
    help=_(
        "What changed in the plan: when, who, in whose voice, from what to what. Newest "
        "first; --json gives the entries as stored, oldest first."
    ),
)
def history_command(
    client: ClientOpt,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help=_("Only the N newest changes."))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    entries, broken = history.of_client(the_store, client)
    entries, broken = _with_colleagues(the_store, client, entries, broken)
    if limit is not None:
        entries = entries[-limit:]
    if as_json:
        echo_json(entries)
    elif not entries:
        echo(_("No changes have been recorded in this plan yet."))
    else:
        _print(list(reversed(entries)))
    if broken:
        typer.echo(
            "recovery: "
            + safe(
                _(
                    "This history has been altered. {where} "
                    "`recovery doctor` checks the whole store."
                ).format(where=broken)
            ),
            err=True,
        )


def _with_colleagues(
    the_store: Any, client: str, entries: list[dict[str, Any]], broken: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """In a team: every laptop keeps a chain of its own; the plan's history is all of them,
    merged by time, each entry saying which laptop's chain holds it. Each chain is checked
    on its own."""
    from recoverytui.core.team import config as team_config

    if not team_config.in_team(the_store.home):
        return entries, broken
    from recoverytui.core.team import manage

    mine, chains = manage.history_chains(the_store, client)
    merged = [{**entry, "laptop": mine} for entry in entries]
    for laptop, chain in chains.items():
        if laptop == mine:
            continue
        where = history.verify_chain(chain["entries"])
        if where and not broken:
            broken = _("In the chain of another laptop: {where}").format(where=where)
        merged += [{**entry, "laptop": laptop} for entry in chain["entries"]]
    merged.sort(key=lambda entry: (str(entry.get("when") or ""), entry["laptop"], entry["seq"]))
    return merged, broken


@app.command(
    "worker",
    help=_(
        "Show or set the worker's name that the change history records for each change.\n"
        "\n"
        "Without a name set, the history records the login name."
    ),
)
def worker_command(
    name: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]", help=_("The name the change history records.")),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help=_("Forget the name; record the login name again."))
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    if clear and name is not None:
        raise InvalidInput(_("Give a name or --clear, not both."))
    if name is not None:
        name = fields.worker_name(name)
        save_setting(the_store.home, "worker", name)
    if clear:
        save_setting(the_store.home, "worker", None)
    setting = load_settings(the_store.home).get("worker")
    who = history.worker_name(the_store.home)
    if as_json:
        echo_json({"worker": setting if isinstance(setting, str) else None, "who": who})
    elif name is not None:
        echo(_("From now on, changes are recorded as made by {name}.").format(name=who))
    elif isinstance(setting, str) and setting.strip():
        echo(_("Changes are recorded as made by {name}.").format(name=who))
    else:
        echo(
            _(
                "No name is set, so changes are recorded as made by {name} (the login name). "
                "Set one with `recovery worker NAME`."
            ).format(name=who)
        )


# One line per change ----------------------------------------------------------------------


def _print(entries: list[dict[str, Any]]) -> None:
    rows = [
        (when_words(entry.get("when")), one_line(entry.get("who") or "-"),
         voice_label(entry.get("voice")), one_line(sentence(entry)))
        for entry in entries
    ]  # fmt: skip
    who_width = max(width(row[1]) for row in rows)
    voice_width = max(width(row[2]) for row in rows)
    for when, who, voice, said in rows:
        echo(f"{when}  {pad(who, who_width)}  {pad(voice, voice_width)}  {said}")


def when_words(stamp: Any) -> str:
    """A moment in local time, to the minute."""
    if not stamp:
        return "-"
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def sentence(entry: dict[str, Any]) -> str:
    """One change in plain words: 'changed goal 2 “Walk to the shop”: due - → 2026-12-01'."""
    action, field, old, new = (entry.get(k) for k in ("action", "field", "old", "new"))
    if action == "restored":
        said = [_("restored the plan from the backup {source}").format(source=new)]
        lost, kept = entry.get("lost"), entry.get("kept")
        if isinstance(lost, dict) and isinstance(lost.get("from"), int):
            said.append(
                _("entries {first}–{last} could not be recovered from any copy").format(
                    first=lost["from"], last=lost.get("to")
                )
            )
        elif isinstance(lost, dict):
            said.append(_("an entry could not be recovered from any copy"))
        if isinstance(kept, list) and kept:
            said.append(
                ngettext(
                    "{count} entry of the backup's own history is kept here",
                    "{count} entries of the backup's own history are kept here",
                    len(kept),
                ).format(count=len(kept))
            )
        return "; ".join(said)
    thing = _thing(entry.get("entity"), entry.get("ref"))
    if entry.get("entity") == "client" and field in _PLAN_PERIOD:
        thing = _("the individual plan")
        if field == "revise_by":
            return _("changed {thing}: next revision by {old} → {new}").format(
                thing=thing, old=_value(field, old), new=_value(field, new)
            )
    if entry.get("entity") == "measure" and field == "status" and {old, new} <= {*MEASURE_STATUSES}:
        return _("changed {thing}: {field} {old} → {new}").format(
            thing=thing, field=_field(field), old=measure_status_words(str(old)),
            new=measure_status_words(str(new)))  # fmt: skip
    if field is None:
        if action == "removed":
            return _("removed {thing}").format(thing=thing)
        if isinstance(new, dict) and isinstance(new.get("progress"), int):
            return _("added {thing}: progress {progress}").format(
                thing=thing, progress=new["progress"]
            )
        return _("added {thing}").format(thing=thing)
    if action == "added":
        items = new if isinstance(new, list) else [new]
        what = "; ".join(_item(field, item) for item in items)
        if field == "history":
            return _("{thing}: kept in its history: {what}").format(thing=thing, what=what)
        if field == "earlier":
            return _("{thing}: what was said before is kept: {what}").format(thing=thing, what=what)
        return _("added to {thing}: {what}").format(thing=thing, what=what)
    if field == "revisions" and isinstance(old, list) and isinstance(new, list):
        held = [item for item in new if item not in old]
        if held and all(item in new for item in old):
            return _("recorded {what}").format(what="; ".join(_item(field, i) for i in held))
    if isinstance(old, list) and isinstance(new, list):
        details = _list_change(field, old, new)
        if details:
            return _("changed {thing}: {details}").format(thing=thing, details="; ".join(details))
    return _("changed {thing}: {field} {old} → {new}").format(
        thing=thing, field=_field(field), old=_value(field, old), new=_value(field, new)
    )


def _thing(entity: Any, ref: Any) -> str:
    """What a change was made to: 'goal 2 “Walk to the shop”', 'the review of 2026-W48'."""
    ref = "" if ref is None else str(ref)
    if entity == "checkin":
        day, _space, goal = ref.partition(" ")
        number, title = _numbered(goal)
        if number:
            return _("the check-in of {date} on goal {number} “{title}”").format(
                date=day, number=number, title=title
            )
        return _("the check-in of {date}").format(date=day)
    if entity == "review":
        return _("the review of {week}").format(week=ref)
    if entity == "client":
        return _("the client details of “{name}”").format(name=ref)
    if entity == "crisis":
        return _("the crisis plan")
    if entity == "sharing":
        number, words = _numbered(ref)
        if words == "client":
            return _("sharing {number}, the client's own copy").format(number=number)
        return _("sharing {number} with “{name}”").format(number=number, name=words)
    kinds = {
        "goal": _("goal"),
        "dream": _("dream"),
        "area": _("area"),
        "need": _("need"),
        "domain": _("checklist"),
        "participant": _("participant"),
        "measure": _("measure"),
        "consent": _("consent"),
        "sharing": _("sharing"),
    }
    kind = kinds.get(str(entity), str(entity))
    number, words = _numbered(ref)
    if number:
        return _("{kind} {number} “{words}”").format(kind=kind, number=number, words=words)
    return _("{kind} “{words}”").format(kind=kind, words=words)


def _numbered(ref: str) -> tuple[str, str]:
    number, _space, words = ref.partition(" ")
    return (number, words) if is_number(number) else ("", ref)


def _field(field: str) -> str:
    return {
        "title": _("title"),
        "text": _("words"),
        "name": _("name"),
        "status": _("status"),
        "due": _("due"),
        "dream": _("dream"),
        "area": _("life area"),
        "support": _("support"),
        "steps": _("steps"),
        "progress": _("progress"),
        "note": _("note"),
        "date": _("date"),
        "voice": _("voice"),
        "step": _("step"),
        "next": _("next step"),
        "ready_when": _("sign it is time"),
        "words": _("the client's words"),
        "hope": _("hope"),
        "held": _("held on"),
        "agreed": _("agreed steps"),
        "stage": _("stage"),
        "place": _("place"),
        "archived": _("archived"),
        "coordinator": _("coordinator"),
        "handle": _("handle"),
        "well": _("how I am when I'm well"),
        "others": _("what others can do"),
        "relation": _("relation"),
        "phone": _("phone"),
        "admission": _("the self-referral agreement"),
        "reviewed": _("gone through together"),
        "revise_by": _("next time by"),
        "role": _("role"),
        "organisation": _("organisation"),
        "contributes": _("what they contribute"),
        "responsible": _("responsible"),
        "extent": _("extent"),
        "how": _("how it is done"),
        "goals": _("goals"),
        "from": _("from"),
        "until": _("until"),
        "plan_start": _("plan starts"),
        "plan_end": _("plan ends"),
        "revisions": _("revisions"),
        "share": _("parts shared"),
        "purpose": _("purpose"),
        "given": _("given"),
        "registered_by": _("registered by"),
        "withdrawn": _("withdrawn"),
        "to": _("to"),
        "consent": _("consent"),
        "files": _("files"),
        **{part.field: _(part.title).lower() for part in PARTS},
    }.get(field) or field_words(field)


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        if field.endswith("_rating") and value in RATINGS:
            return rating_words(value)
        if field == "status" and value in (*GOAL_STATUSES, *DREAM_STATUSES):
            return status_words(value)
        if field == "voice":
            return voice_label(value)
        if field in ("stage", "place") and value in REVIEW_STAGES:
            return stage_words(value)
        if field in _WORDS:
            return in_quotes(_short(value))
        return _short(value)
    if isinstance(value, list):
        return "; ".join(_item(field, item) for item in value) or "-"
    if isinstance(value, dict):
        return _item(field, value)
    return _short(json.dumps(value, ensure_ascii=False))


def _item(field: str, item: Any) -> str:
    """One item of a list: a step, a ladder move, a need's change, a goal's status."""
    if not isinstance(item, dict):
        return _value(field, item)
    if field == "admission":  # where to turn, and until when
        where = [item.get("unit"), item.get("phone")]
        if item.get("renew_by"):
            where.append(_("renew by {date}").format(date=item["renew_by"]))
        return ", ".join(_short(s) for s in where if s) or "-"
    note = " " + in_quotes(_short(item["note"])) if item.get("note") else ""
    try:
        if field == "revisions" and "date" in item:
            return _("the revision of {date}").format(date=item["date"]) + note
        if "move" in item:
            return move_words(item) + note
        if "field" in item and "from" in item:
            return _("{date} {field}: {old} → {new}").format(
                date=item.get("date"),
                field=_field(str(item["field"])),
                old=_value(str(item["field"]), item.get("from")),
                new=_value(str(item["field"]), item.get("to")),
            )
        if "status" in item:
            status = item["status"]
            words = status_words(status) if status in GOAL_STATUSES else _short(status)
            return _("{date} {status}").format(date=item.get("date"), status=words) + note
        if "progress" in item:
            return _("progress {progress}").format(progress=item["progress"]) + note
        if field in _PART_OF and "number" in item:
            part = _PART_OF[field]
            return _("{part} {number} “{text}”").format(
                part=_(part.one), number=item["number"], text=_short(item.get(part.main))
            )
        if "number" in item and "text" in item:
            return _("step {number} “{text}”").format(
                number=item["number"], text=_short(item["text"])
            )
    except (KeyError, TypeError, ValueError):
        pass
    said = next((item[k] for k in ("text", "title", "name") if item.get(k)), None)
    if said is not None:
        return in_quotes(_short(said))
    return _short(json.dumps(item, ensure_ascii=False))


_PART_OF = {part.field: part for part in PARTS}
# The client document's fields that belong to the individual plan.
_PLAN_PERIOD = ("plan_start", "plan_end", "revise_by", "revisions")


def _list_change(field: str, old: list[Any], new: list[Any]) -> list[str]:
    """What changed in a list of numbered items (steps, agreed steps, a part of the crisis
    plan), item by item."""
    if not all(isinstance(i, dict) and "number" in i for i in (*old, *new)):
        return []
    before = {item["number"]: item for item in old}
    after = {item["number"]: item for item in new}
    said = []
    for number in [*before, *(n for n in after if n not in before)]:
        was, now = before.get(number), after.get(number)
        if was == now:
            continue
        label = _item(field, now or was)
        if was is None:
            said.append(_("{step} added").format(step=label))
        elif now is None:
            said.append(_("{step} taken out").format(step=label))
        else:
            label = _item(field, was)
            part = _PART_OF.get(field)
            for key in [*now, *(k for k in was if k not in now)]:
                if was.get(key) != now.get(key):
                    said.append(
                        _("{step}: {field} {old} → {new}").format(
                            step=label,
                            field=more_words(key) if part and key in part.more else _field(key),
                            old=_value(key, was.get(key)),
                            new=_value(key, now.get(key)),
                        )
                    )
    return said


def _short(words: Any) -> str:
    line = " ".join(str(words).split())
    return line if len(line) <= _SHORT else line[: _SHORT - 1].rstrip() + "…"
