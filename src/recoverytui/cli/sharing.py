"""Consent and sharing on the command line: `consent add|withdraw`, `consents`, `shared`
(the sharing log), `handover` (a packet for another service, within the client's consent)
and `export` (the client's own copy). Every list and write takes --json.

The PDF library and the FHIR bundle are imported only inside handover and export.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from recoverytui.cli.app import app, sub_app
from recoverytui.cli.common import echo, echo_json, say, store, table
from recoverytui.cli.options import ClientOpt, DateOpt, JsonOpt, VoiceOpt
from recoverytui.core.consent import recipient_words
from recoverytui.core.documents import consent_status_words, given_words, parts_words
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import Doc

consent_app = sub_app("consent", _("Register the client's consent to share, or withdraw it."))

ToOpt = Annotated[
    str, typer.Option("--to", help=_("The participant who receives it (number or name)."))
]
OutOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help=_("The folder to write into (made if it isn't there). Default: here."),
    ),
]
_PARTS_HELP = _(
    "Parts of the plan, comma-separated: goals, dreams, ladder, needs, reviews, crisis, plan."
)


@consent_app.command("add", help=_("The client consents to share parts of the plan with someone."))
def add(
    client: ClientOpt,
    to: ToOpt,
    share: Annotated[str, typer.Option("--share", help=_PARTS_HELP)],
    purpose: Annotated[str, typer.Option("--purpose", help=_("What it is shared for."))],
    until: Annotated[str, typer.Option("--until", help=_("The last day the consent holds."))],
    start: Annotated[
        str | None, typer.Option("--from", help=_("The first day it holds (default: today)."))
    ] = None,
    given: Annotated[
        str, typer.Option("--given", help=_("How the client gave it: written or oral."))
    ] = "written",
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    with the_store.plan(client, write=True) as plan:
        doc = plan.add_consent(to, share=share, purpose_of=purpose, until=until, start=start,
                               given_as=given, registered_by=the_store.worker_name(),
                               voice=voice)  # fmt: skip
    if as_json:
        echo_json(doc)
        return
    echo(
        _("Consent {number} registered: {name} may receive {parts} until {until}.").format(
            number=doc["number"], name=doc["name"], parts=parts_words(doc["share"]),
            until=doc["until"])
    )  # fmt: skip


@consent_app.command("withdraw", help=_("The client takes a consent back; the record stays."))
def withdraw(
    number: Annotated[str, typer.Argument(metavar="N", help=_("The consent's number."))],
    client: ClientOpt,
    on: DateOpt = None,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        saved = plan.withdraw_consent(number, on)
    if as_json:
        echo_json(saved)
        return
    echo(
        _("Consent {number} to {name} withdrawn on {date}. Nothing more goes to them on it.")
        .format(number=saved["number"], name=saved["name"], date=saved["withdrawn"])
    )  # fmt: skip


@app.command("consents", help=_("The client's consents to share: to whom, what, until when."))
def consents(client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client) as plan:
        rows = plan.consents()
    if as_json:
        echo_json(rows)
    elif not rows:
        echo(_("No consents yet. Register one with: recovery consent add -c C --to N --share "
               "PARTS --purpose T --until D"))  # fmt: skip
    else:
        consent_table(rows)


def consent_table(rows: list[Doc]) -> None:
    table(
        ["#", _("To"), _("From"), _("Until"), _("Given"), _("Status"), _("Parts")],
        [_consent_row(c) for c in rows],
        [[_("purpose: {purpose}").format(purpose=c["purpose"])] for c in rows],
    )


def _consent_row(consent: Doc) -> list[Any]:
    status = consent_status_words(consent["status"])
    if consent.get("withdrawn"):
        status = _("withdrawn {date}").format(date=consent["withdrawn"])
    return [consent["number"], consent["name"], consent["from"], consent["until"],
            given_words(consent["given"]), status, parts_words(consent["share"])]  # fmt: skip


@app.command("shared", help=_("The sharing log: what has left the tool, when, and for whom."))
def shared(client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client) as plan:
        rows = plan.shared()
    if as_json:
        echo_json(rows)
    elif not rows:
        echo(_("Nothing has been shared yet."))
    else:
        table(
            [_("Date"), _("To"), _("Consent"), _("Parts")],
            [[r["date"], recipient_words(r), r["consent"] or "-", parts_words(r["share"])]
             for r in rows],
            [[_("files: {names}").format(names=" ".join(r["files"]))] for r in rows],
        )  # fmt: skip


@app.command(
    "handover",
    help=_(
        "Write a handover packet for a participant: a PDF and a FHIR R4 bundle of the parts "
        "the client's consent to them covers, and nothing else. Logged."
    ),
)
def handover(
    client: ClientOpt,
    to: ToOpt,
    share: Annotated[
        str | None,
        typer.Option("--share", help=_("Only these parts (default: all the consent covers).")),
    ] = None,
    output: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.interop.handover import handover as hand_over

    sent = hand_over(store(), client, to, output, share=share)
    _said(sent, as_json)
    if not as_json:
        echo(
            _("Handed over to {name} on consent {number}: {parts}.").format(
                name=sent.logged["name"], number=sent.logged["consent"],
                parts=parts_words(sent.logged["share"]))
        )  # fmt: skip


@app.command(
    "export",
    help=_(
        "Write the client's own copy of everything: the whole plan as PDF and as JSON, the "
        "history included. Theirs, so it needs no consent; logged."
    ),
)
def export(client: ClientOpt, output: OutOpt = None, as_json: JsonOpt = False) -> None:
    from recoverytui.interop.handover import export as own_copy

    sent = own_copy(store(), client, output)
    _said(sent, as_json)
    if not as_json:
        echo(_("The client's own copy is written."))


def _said(sent: Any, as_json: bool) -> None:
    for warning in sent.warnings:
        say(warning)
    if as_json:
        echo_json({"files": [str(p) for p in sent.files], "shared": sent.logged})
        return
    for path in sent.files:
        echo(_("Written: {path}").format(path=path))
