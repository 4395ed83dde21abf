"""`recovery crisis`: the crisis plan, its parts, the self-referral agreement, and when it was
last gone through together. Every write takes --json; every entry keeps its voice."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from recoverytui.cli.app import sub_app
from recoverytui.cli.common import echo, echo_json, store, warn_templates
from recoverytui.cli.options import ClientOpt, DateOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import admission_lines, print_crisis
from recoverytui.core.crisis import entry
from recoverytui.core.documents import KINDS, part_of
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

crisis_app = sub_app(
    "crisis",
    _(
        "The crisis plan: early warning signs, what helps, whom to call, in the client's own "
        "words. With -c alone, show it."
    ),
)
crisis_app.info.no_args_is_help = False
crisis_app.info.invoke_without_command = True

KIND_HELP = _("One of: {kinds}.").format(kinds=", ".join(KINDS))


def _opt(name: str, words: str) -> Any:
    return typer.Option(name, help=words)


ActionOpt = Annotated[str | None, _opt("--action", _("With a sign: what I do when it shows."))]
OthersOpt = Annotated[
    str | None, _opt("--others", _("With a sign: what others can do when it shows."))
]
RelationOpt = Annotated[str | None, _opt("--relation", _("With a contact: who they are to me."))]
PhoneOpt = Annotated[str | None, _opt("--phone", _("With a contact: the phone number, as typed."))]
WhyOpt = Annotated[str | None, _opt("--why", _("With a no-contact: why, if the client wants."))]
WhoOpt = Annotated[str | None, _opt("--who", _("With a practical thing: who sees to it."))]
KindArg = Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)]
NumberArg = Annotated[str, typer.Argument(metavar="N", help=_("The entry's number in its part."))]


def _more(**given: str | None) -> dict[str, Any]:
    """The options given, under the entry's field names; '' stays, to clear a field."""
    names = {"why": "text"}
    return {names.get(key, key): value for key, value in given.items() if value is not None}


@crisis_app.callback()
def crisis(ctx: typer.Context, client: ClientOpt = "", as_json: JsonOpt = False) -> None:
    if ctx.invoked_subcommand is not None:
        return
    the_store = store()
    with the_store.plan(client or None) as plan:
        doc = plan.crisis()
    if as_json:
        echo_json(doc)
        return
    from recoverytui.core.templates import load

    templates = load(the_store.home, only=("help.txt",))
    warn_templates(templates)
    print_crisis(doc, templates.help)


@crisis_app.command("add", help=_("Add an entry to a part of the crisis plan."))
def add(
    kind: KindArg,
    words: Annotated[
        str,
        typer.Argument(metavar="TEXT", help=_("In the client's words; for a person, the name.")),
    ],
    client: ClientOpt,
    action: ActionOpt = None,
    others: OthersOpt = None,
    relation: RelationOpt = None,
    phone: PhoneOpt = None,
    why: WhyOpt = None,
    who: WhoOpt = None,
    voice: VoiceOpt = "client",
    as_json: JsonOpt = False,
) -> None:
    more = _more(action=action, others=others, relation=relation, phone=phone, why=why, who=who)
    with store().plan(client, write=True) as plan:
        doc = plan.add_to_crisis(kind, words, voice=voice, **more)
    part = part_of(kind)
    added = doc[part.field][-1]
    if as_json:
        echo_json({"kind": part.kind, **added})
        return
    echo(_("Added to {part}, number {number}: {words}").format(
        part=_(part.title), number=added["number"], words=added[part.main]))  # fmt: skip


@crisis_app.command("edit", help=_("Change an entry: new words, or any option ('' clears one)."))
def edit(
    kind: KindArg,
    number: NumberArg,
    client: ClientOpt,
    words: Annotated[
        str | None, typer.Argument(metavar="[TEXT]", help=_("New words (default: as they are)."))
    ] = None,
    action: ActionOpt = None,
    others: OthersOpt = None,
    relation: RelationOpt = None,
    phone: PhoneOpt = None,
    why: WhyOpt = None,
    who: WhoOpt = None,
    voice: Annotated[
        str | None,
        typer.Option("--voice", help=_("Whose words these are now (default: as they were).")),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    more = _more(action=action, others=others, relation=relation, phone=phone, why=why, who=who)
    if words is None and not more and voice is None:
        raise InvalidInput(_("Say what to change: new words, or an option such as --phone."))
    with store().plan(client, write=True) as plan:
        saved = plan.edit_crisis(kind, number, words, voice=voice, **more)
    part = part_of(kind)
    changed = entry(saved, kind, number)
    if as_json:
        echo_json({"kind": part.kind, **changed})
    elif not saved.changed:
        echo(_("Number {number} under {part} is already so; nothing changed.").format(
            part=_(part.title), number=changed["number"]))  # fmt: skip
    else:
        echo(_("Changed number {number} under {part}: {words}").format(
            part=_(part.title), number=changed["number"], words=changed[part.main]))  # fmt: skip


@crisis_app.command("remove", help=_("Take an entry out of the crisis plan; the history keeps it."))
def remove(kind: KindArg, number: NumberArg, client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client, write=True) as plan:
        gone = entry(plan.crisis(), kind, number)
        plan.remove_from_crisis(kind, number)
    part = part_of(kind)
    if as_json:
        echo_json({"kind": part.kind, "removed": True, **gone})
        return
    echo(_("Took number {number} out of {part}: {words} (the history keeps it).").format(
        part=_(part.title), number=gone["number"], words=gone[part.main]))  # fmt: skip


@crisis_app.command("well", help=_("How I am when I'm well, in the client's words ('' clears)."))
def well(
    words: Annotated[str, typer.Argument(metavar="TEXT", help=_("In the client's words."))],
    client: ClientOpt,
    voice: VoiceOpt = "client",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.set_well(words, voice=voice)
    if as_json:
        echo_json({"well": doc["well"], "voice": doc["voice"]})
    elif doc["well"]:
        echo(_("Written: how I am when I'm well."))
    else:
        echo(_("Cleared: how I am when I'm well."))


@crisis_app.command(
    "admission",
    help=_(
        "The self-referral agreement (brukerstyrt innleggelse): unit, phone, what it allows and "
        "when it must be renewed. With no options, show it."
    ),
)
def admission(
    client: ClientOpt,
    unit: Annotated[str | None, _opt("--unit", _("The unit the client can turn to."))] = None,
    phone: Annotated[str | None, _opt("--phone", _("The unit's phone number, as typed."))] = None,
    text: Annotated[
        str | None, _opt("--text", _("What the agreement allows, in its own words."))
    ] = None,
    renew_by: Annotated[
        str | None, _opt("--renew-by", _("When the agreement must be renewed."))
    ] = None,
    clear: Annotated[bool, _opt("--clear", _("The agreement has ended: take it out."))] = False,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    given: dict[str, Any] = {
        key: value
        for key, value in (("unit", unit), ("phone", phone), ("text", text), ("renew_by", renew_by))
        if value is not None
    }
    if clear and given:
        raise InvalidInput(_("Give either --clear or the agreement's details, not both."))
    the_store = store()
    if not clear and not given:
        with the_store.plan(client) as plan:
            found = plan.crisis()["admission"]
    else:
        with the_store.plan(client, write=True) as plan:
            if clear:
                found = plan.clear_admission()["admission"]
                if not as_json:
                    echo(_("The self-referral agreement is taken out; the history keeps it."))
                    return
            else:
                found = plan.set_admission(voice=voice, **given)["admission"]
    if as_json:
        echo_json(found)
    elif found is None:
        echo(_("No self-referral agreement."))
    else:
        for line in admission_lines(found):
            echo(line)


@crisis_app.command(
    "reviewed",
    help=_(
        "The crisis plan was gone through together (today, or --date), and when to go "
        "through it next (--revise-by; default six months on)."
    ),
)
def reviewed(
    client: ClientOpt,
    on: DateOpt = None,
    revise_by: Annotated[str | None, _opt("--revise-by", _("When to go through it again."))] = None,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.crisis_reviewed(on, revise_by=revise_by)
    if as_json:
        echo_json({"reviewed": doc["reviewed"], "revise_by": doc["revise_by"]})
    else:
        echo(_("Gone through together on {date}. Next time by {next}.").format(
            date=doc["reviewed"], next=doc["revise_by"]))  # fmt: skip
