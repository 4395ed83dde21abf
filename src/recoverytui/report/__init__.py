"""The weekly printout: a WeekReport from core, rendered as PDF, Markdown or text.

Importing this package is cheap: the PDF library is imported only when a PDF is rendered.
Files are written the way plans are: readable by their owner only, and in one step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from recoverytui.core.documents import check_choice
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.core.storage import make_private_dir
from recoverytui.core.weekly import WeekReport

FORMATS = ("pdf", "md", "txt")


def check_format(value: str) -> str:
    return check_choice(value, FORMATS, _("format"))


def render(report: WeekReport, fmt: str) -> bytes:
    """The sheet in one format, as the bytes of the file."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        from recoverytui.report.pdf import render_pdf

        return render_pdf(report)
    from recoverytui.report.text import render_markdown, render_text

    text = render_markdown(report) if fmt == "md" else render_text(report)
    return text.encode("utf-8")


def file_name(report: WeekReport, fmt: str) -> str:
    """<handle>-<week>.<ext>: a handle is letters, digits and hyphens, so it is a safe name."""
    return f"{report.header.handle}-{report.header.week}.{fmt}"


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600), in one step: a temp file in the same
    folder, fsync, then rename over the target, so no half-written printout is left.

    A file that can't be written (no permission, a read-only or full disk) raises a PlanError
    that names the target and the reason, never the temp file."""
    try:
        _write(path, data)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise PlanError(
            _("Can't write {path}: {reason}.").format(path=path, reason=reason.lower())
        ) from error


def _write(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def printouts_folder(home: Path) -> Path:
    """$RECOVERY_HOME/printouts, where the TUI puts its printouts: private like the plans."""
    folder = home / "printouts"
    make_private_dir(folder)
    os.chmod(folder, 0o700)  # ours: keep it private even if it was made wider by hand
    return folder
