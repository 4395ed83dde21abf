"""The weekly printout: a WeekReport from core, rendered as PDF, Markdown or text.

Importing this package is cheap: the PDF library is imported only when a PDF is rendered.
Files are written the way plans are: readable by their owner only, and in one step.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
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


# Sheets drawn side by side: from this many PDFs, in up to this many worker processes.
PARALLEL_FROM = 8
WORKERS_AT_MOST = 4


def render_each(reports: Sequence[WeekReport], fmt: str) -> Iterator[bytes]:
    """Each sheet's bytes, in order, as render() makes them.

    A PDF takes a tenth of a second of one processor (fpdf2 and fontTools are pure Python),
    so many of them (--all) are drawn in worker processes, one per processor the program may
    use: forked once the PDF code is loaded and the fonts read, so none of them starts cold.
    Where forking isn't safe (not Linux, or another thread running) or would not pay, they
    are drawn here, one after another. The bytes are the same either way."""
    fmt = check_format(fmt)
    workers = _workers(len(reports)) if fmt == "pdf" else 1
    if workers < 2:
        for report in reports:
            yield render(report, fmt)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from recoverytui.report import pdf

    pdf.read_fonts()
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_started
    )
    try:
        yield from pool.map(pdf.render_pdf, reports)
    finally:
        # Stopped early (a file that can't be written, Ctrl+C): no sheet is drawn in vain.
        pool.shutdown(wait=True, cancel_futures=True)


def _workers(sheets: int) -> int:
    if sheets < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    if threading.active_count() > 1:  # a fork copies one thread, and any lock another holds
        return 1
    return min(len(os.sched_getaffinity(0)), WORKERS_AT_MOST, sheets // 2)


def _worker_started() -> None:
    """Ctrl+C is for the command, which stops the workers; they don't each report it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
