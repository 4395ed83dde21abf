"""`recovery report weekly`: the weekly progress sheet as PDF, Markdown or text.

Everything is checked and every report built before the first file is written, so a refusal
writes nothing. The report code (and the PDF library) is imported only when it runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from recoverytui.cli.app import sub_app
from recoverytui.cli.common import echo, echo_json, store
from recoverytui.cli.options import JsonOpt, MaybeClientOpt, one_or_all
from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

report_app = sub_app("report", _("Printouts: the weekly progress sheet."))


@report_app.command(
    "weekly",
    help=_("Write the week's progress sheet for a client, or for every client with --all."),
)
def weekly(
    ctx: typer.Context,
    client: MaybeClientOpt = None,
    everyone: Annotated[
        bool, typer.Option("--all", help=_("One file for each active (not archived) client."))
    ] = False,
    week: Annotated[
        str | None,
        typer.Option("--week", help=_("2026-W48, 48 (this year), this or last (default: this).")),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=_("pdf, md or txt. Default: the -o file's ending (.pdf, .md, .txt), else pdf."),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "The file to write, or - for the terminal (md and txt). With --all, a folder. "
                "Default: <handle>-<week>.<format> in the current folder."
            ),
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core.weekly import WeekReport, build_week_report
    from recoverytui.report import Printer, check_format, file_name, render, write_private

    fmt = _format(fmt, output, everyone, check_format)
    today = dates.today()
    key = dates.parse_week(week or "", base=today)
    client = one_or_all(ctx, client, everyone)
    to_terminal = output == "-"
    if to_terminal and (fmt == "pdf" or everyone or as_json):
        raise InvalidInput(
            _("Only one Markdown or text sheet can go to the terminal (-o -), without --json.")
        )

    the_store = store()
    handles = [c["handle"] for c in the_store.clients()] if everyone else [client]

    def build(handle: str) -> WeekReport:
        with the_store.plan(handle) as plan:
            return build_week_report(plan, key, today=today)

    written: list[dict[str, Any]] = []
    with Printer(fmt, build, len(handles)) as printer:
        reports = printer.reports(handles)
        if to_terminal:
            typer.echo(render(reports[0], fmt).decode("utf-8"), nl=False)
            return
        targets = _targets(reports, fmt, output, everyone, file_name)
        for report, path, sheet in zip(reports, targets, printer.sheets(reports), strict=True):
            write_private(path, sheet)
            written.append(
                {"client": report.header.handle, "week": key, "format": fmt, "path": str(path)}
            )
    if as_json:
        echo_json(written)
        return
    if not written:
        echo(_("No clients on the caseload, so nothing was written."))
    for entry in written:
        echo(_("{client}: {week} written to {path}").format(**entry))


def _format(fmt: str | None, output: str | None, everyone: bool, check_format: Any) -> str:
    """--format, or the one the -o file's ending names; the two must agree when both are
    given, so Markdown never lands in a file called .pdf."""
    given = check_format(fmt) if fmt is not None else None
    suffix = ""
    if output and output != "-" and not everyone and not output.endswith(("/", os.sep)):
        suffix = Path(output).suffix.lower().lstrip(".")
    named = suffix if suffix in ("pdf", "md", "txt") else None
    if given and named and given != named:
        raise InvalidInput(
            _("--format {fmt} doesn't match the file {path}; give one or make them agree.").format(
                fmt=given, path=output
            )
        )
    return given or named or "pdf"


def _targets(
    reports: list[Any], fmt: str, output: str | None, everyone: bool, file_name: Any
) -> list[Path]:
    """Where each sheet goes, checked before anything is written."""
    from recoverytui.report import check_target

    # A path ending in a slash names a folder, made (0700) if it isn't there, as with --all.
    as_folder = output is not None and output.endswith(("/", os.sep))
    if everyone or as_folder:
        folder = Path(output or ".").expanduser().absolute()
        if folder.exists() and not folder.is_dir():
            raise InvalidInput(
                _("{path} is a file; with --all, -o names a folder.").format(path=folder)
                if everyone
                else _("{path} is a file, not a folder.").format(path=folder)
            )
        if not folder.exists():
            if not folder.parent.is_dir():
                raise InvalidInput(
                    _("The folder {path} isn't there to write into.").format(path=folder.parent)
                )
            folder.mkdir(mode=0o700)
        elif not os.access(folder, os.W_OK):
            raise InvalidInput(_("The folder {path} can't be written to.").format(path=folder))
        targets = [folder / file_name(report, fmt) for report in reports]
        for target in targets:
            check_target(target)
        return targets
    path = (
        Path(output).expanduser().absolute() if output else Path.cwd() / file_name(reports[0], fmt)
    )
    if path.is_dir():
        path = path / file_name(reports[0], fmt)
    if not path.parent.is_dir():
        raise InvalidInput(
            _("The folder {path} isn't there to write into.").format(path=path.parent)
        )
    if not os.access(path.parent, os.W_OK):
        raise InvalidInput(_("The folder {path} can't be written to.").format(path=path.parent))
    check_target(path)
    return [path]
