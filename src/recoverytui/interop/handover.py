"""What leaves the tool: a handover packet for another service, and the client's own copy.

handover() writes, for one participant, the parts of the plan the client's consent in force
to them covers and nothing else: a PDF a person reads and a FHIR R4 Bundle a system reads.
Without such a consent, or when one asks for a part it does not cover, it refuses before
anything is written. export() gives the client everything about them: the whole plan as a
PDF and as JSON, the change history included; it is theirs, so it needs no consent.

Both write their files (0600) and log them in the sharing log in one transaction of the
plan: a file is written only if the log takes it, and a log entry is kept only when its files
were written. Imported only by the commands that run them (it brings the PDF library).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoverytui.core import dates
from recoverytui.core.consent import limited, refuse_uncovered, share_parts
from recoverytui.core.documents import SHARE_PARTS
from recoverytui.core.plan import Plan
from recoverytui.core.storage import SCHEMA_VERSION
from recoverytui.core.store import Store
from recoverytui.report import check_target, folder_to_write, write_private
from recoverytui.report.crisis import sheet_with_help
from recoverytui.report.plan_doc import Handover, build_plan_document, render_plan


@dataclass
class Sent:
    """What was written and logged."""

    files: list[Path]
    logged: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def handover(
    store: Store,
    client: str,
    to: str,
    output: str | None,
    *,
    share: str | Iterable[str] | None = None,
    today: dt.date | None = None,
) -> Sent:
    """The handover packet for participant `to`: the parts asked for (`share`, else all the
    consent covers), each of them covered by the client's consent in force."""
    from recoverytui.interop.fhir import build_bundle

    today = today or dates.today()
    written: list[Path] = []
    with _taken_back(written), store.plan(client, write=True) as plan:
        recipient, consent = plan.consent_to(to, today)
        asked = share_parts(share) if share is not None else list(consent["share"])
        refuse_uncovered(asked, consent)
        shared = limited(plan.whole(), asked)
        period = plan.plan_period() if "plan" in asked else {}
        stem = f"{shared['client']['handle']}-to-{recipient['number']}-{today.isoformat()}"
        names = [f"{stem}.pdf", f"{stem}.fhir.json"]
        sheet, warnings = (
            sheet_with_help(store.home, shared["client"], shared["crisis"], today=today)
            if "crisis" in asked
            else (None, [])
        )
        note = Handover(recipient["name"], consent["purpose"], consent["number"],
                        dt.date.fromisoformat(consent["until"]))  # fmt: skip
        doc = build_plan_document(shared, period, today=today, crisis=sheet, parts=asked,
                                  handover=note)  # fmt: skip
        bundle = build_bundle(shared, consent, now=dates.now_iso(), today=today)
        made = [render_plan(doc, "pdf"), _json(bundle)]
        logged = plan.log_shared(recipient, consent=consent, share=asked,
                                 files=names, base=today)  # fmt: skip
        paths = _write_all(output, names, made, written)
    return Sent(paths, dict(logged), warnings)


def export(store: Store, client: str, output: str | None, *, today: dt.date | None = None) -> Sent:
    """The client's own copy of everything: the whole plan as PDF (with the crisis plan and
    the weekly reviews) and as JSON, with the change history and the sharing log, this copy
    included."""
    today = today or dates.today()
    written: list[Path] = []
    with _taken_back(written), store.plan(client, write=True) as plan:
        handle = plan.client["handle"]
        stem = f"{handle}-own-copy-{today.isoformat()}"
        names = [f"{stem}.pdf", f"{stem}.json"]
        logged = plan.log_shared(None, consent=None, share=SHARE_PARTS,
                                 files=names, base=today)  # fmt: skip
        whole = plan.whole()
        sheet, warnings = sheet_with_help(store.home, whole["client"], whole["crisis"], today=today)
        doc = build_plan_document(whole, plan.plan_period(), today=today, crisis=sheet,
                                  parts=SHARE_PARTS)  # fmt: skip
        made = [render_plan(doc, "pdf"), _json(_own_copy(plan, whole, today))]
        paths = _write_all(output, names, made, written)
    return Sent(paths, dict(logged), warnings)


def _own_copy(plan: Plan, whole: dict[str, Any], today: dt.date) -> dict[str, Any]:
    history = plan.data().get("history") or {}
    return {
        "format": "recoverytui own copy",
        "schema": SCHEMA_VERSION,
        "exported": today.isoformat(),
        **whole,
        "plan_period": plan.plan_period(),
        "history": [history[key] for key in sorted(history, key=int)],
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_all(
    output: str | None, names: Sequence[str], made: Sequence[bytes], written: list[Path]
) -> list[Path]:
    """Write every file into the folder -o names (made only now, when all is checked), each
    target checked first; `written` says what is there so far, the folder too if made."""
    new_folder = not Path(output or ".").expanduser().exists()
    folder = folder_to_write(output)
    if new_folder:
        written.append(folder)
    paths = [folder / name for name in names]
    for path in paths:
        check_target(path)
    for path, data in zip(paths, made, strict=True):
        write_private(path, data)
        written.append(path)
    return paths


@contextmanager
def _taken_back(written: list[Path]) -> Iterator[None]:
    """Every file or none: when the transaction fails (a file that can't be written, the
    plan that can't be), the files written are taken back, and the folder made for them, so
    none is there unlogged."""
    try:
        yield
    except BaseException:
        for path in reversed(written):
            with suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()
        raise
