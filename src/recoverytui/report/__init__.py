"""The weekly printout: a WeekReport from core, rendered as PDF, Markdown or text.

Importing this package is cheap: the PDF library is imported only when a PDF is rendered.
Files are written the way plans are: readable by their owner only, and in one step.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from recoverytui.core.documents import check_choice
from recoverytui.core.errors import InvalidInput, PlanError
from recoverytui.core.i18n import _
from recoverytui.core.storage import make_private_dir
from recoverytui.core.weekly import WeekReport

if TYPE_CHECKING:
    from concurrent.futures import Executor

FORMATS = ("pdf", "md", "txt")
# What a Printer's build gives for a client: the report, or why it is left out.
Built = WeekReport | Exception


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


class Printer:
    """Builds the week's reports and renders their sheets, for one command.

    A PDF takes some 50 ms of one processor (fpdf2 and fontTools are pure Python), so many of
    them (--all) are made in worker processes, one per processor the program may use (on
    Linux, when no other thread runs: see _workers). Workers forked first read the plans
    and build the reports, each its share, while this process loads the PDF code and gets
    the fonts ready; then the workers that draw the sheets are forked, so none of them starts cold.
    Otherwise all is done here, one after another. The reports and bytes are the same
    either way, and every report is built before the first sheet is drawn, so the caller
    can check everything before it writes anything.

    Leaving the `with` block stops the workers, at once if it is left early (a sheet that
    can't be written, Ctrl+C): no sheet is drawn in vain."""

    def __init__(self, fmt: str, build: Callable[[str], Built], sheets: int) -> None:
        self.fmt = check_format(fmt)
        self.build = build
        self.many = self.fmt == "pdf" and sheets >= PARALLEL_FROM
        self.workers = _workers(sheets) if self.many else 1
        self.pool: Executor | None = None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def reports(self, handles: Sequence[str]) -> list[Built]:
        """Each client's report, in order (or why the build left it out)."""
        if self.workers < 2:
            if self.fmt == "pdf":
                # The fonts first: parsing them leaves room that reading the plans then
                # fills, where the other way round the two would add up (a MiB at the peak).
                _pdf().read_fonts(many=self.many)
            return [self.build(handle) for handle in handles]
        self.pool = _fork(self.workers, self.build)
        # Every worker reads its share of the plans (in turn, so the shares come back in
        # order) while this process gets the PDF code ready.
        shares = [handles[start :: self.workers] for start in range(self.workers)]
        built = [self.pool.submit(_build_all, share) for share in shares]
        _pdf().read_fonts(many=True)  # meanwhile; once, for every worker forked next
        done = [future.result() for future in built]
        count = self.workers
        reports = [done[index % count][index // count] for index in range(len(handles))]
        self.pool.shutdown()  # its threads too: _workers() forks only when none other runs
        self.pool = None
        return reports

    def sheets(self, reports: Sequence[WeekReport]) -> Iterator[bytes]:
        """Each report's sheet, in order, as render() makes it."""
        if self.workers < 2:
            return (render(report, self.fmt) for report in reports)
        self.pool = _fork(self.workers, self.build)
        return self.pool.map(_pdf().render_pdf, reports)


def _pdf() -> ModuleType:
    from recoverytui.report import pdf

    return pdf


def _workers(sheets: int) -> int:
    if sheets < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    if threading.active_count() > 1:  # a fork copies one thread, and any lock another holds
        return 1
    return min(len(os.sched_getaffinity(0)), WORKERS_AT_MOST, sheets // 2)


def _fork(workers: int, build: Callable[[str], Built]) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_started,
        initargs=(build,),  # forked, not pickled: a worker inherits it
    )


# In a worker process: how it builds a report, as the command that forked it builds one.
_build: Callable[[str], Built] | None = None


def _worker_started(build: Callable[[str], Built]) -> None:
    """Ctrl+C is for the command, which stops the workers; they don't each report it."""
    import signal

    global _build
    _build = build
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_all(handles: Sequence[str]) -> list[Built]:
    assert _build is not None
    return [_build(handle) for handle in handles]


def file_name(report: WeekReport, fmt: str) -> str:
    """<handle>-<week>.<ext>: a handle is letters, digits and hyphens, so it is a safe name."""
    return f"{report.header.handle}-{report.header.week}.{fmt}"


def check_target(path: Path) -> None:
    """Refuse a target that is there and is not a plain file: writing replaces it, and a
    device (/dev/null), a pipe or a link must never be swapped for a file of someone's plan."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # the write that follows says why it can't
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            _(
                "{path} is not a plain file, and a printout never takes its place. Give the "
                "name of a new file (or `-o -` to show a Markdown or text sheet here)."
            ).format(path=path)
        )


def folder_to_write(output: str | None, *, everyone: bool = False) -> Path:
    """The folder -o names (default: the current one), made (0700) if it isn't there but its
    parent is; refused, saying why, when it can't be written into. `everyone`: the words for
    --all, where -o always names a folder."""
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
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600), in one step: a temp file in the same
    folder, fsync, then rename over the target, so no half-written printout is left.

    A file that can't be written (no permission, a read-only or full disk) raises a PlanError
    that names the target and the reason, never the temp file."""
    check_target(path)
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
