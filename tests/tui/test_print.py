"""The `p` key on the week section: this week's sheet as a PDF in $RECOVERY_HOME/printouts."""

from __future__ import annotations

import stat

from recoverytui.core.store import Store
from tui_support import settled

SIZE = (100, 32)


async def test_p_on_the_week_section_writes_this_weeks_pdf(session, store: Store) -> None:
    notices: list[str] = []
    async with session.run_test(size=SIZE) as pilot:
        session.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
        await pilot.press("6", "p")
        await settled(session, pilot)
    folder = store.home / "printouts"
    sheet = folder / "demo-2026-W48.pdf"
    assert sheet.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [sheet.name]
    assert any(str(sheet) in notice for notice in notices), notices


async def test_p_says_plainly_when_the_sheet_cannot_be_written(
    session, store: Store, monkeypatch
) -> None:
    import errno
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/p/.demo-2026-W48.pdf.x1.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    notices: list[tuple[str, str]] = []
    async with session.run_test(size=SIZE) as pilot:
        session.notify = lambda message, **kw: notices.append(  # type: ignore[method-assign]
            (str(message), kw.get("severity", ""))
        )
        await pilot.press("6", "p")
        await settled(session, pilot)
    sheet = store.home / "printouts" / "demo-2026-W48.pdf"
    assert notices == [(f"Can't write {sheet}: permission denied.", "error")], notices


async def test_p_on_the_crisis_section_writes_the_plan_and_its_card(session, store: Store) -> None:
    import subprocess

    notices: list[str] = []
    async with session.run_test(size=(80, 24)) as pilot:
        session.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
        await pilot.press("7", "p")
        await settled(session, pilot)
    folder = store.home / "printouts"
    assert sorted(p.name for p in folder.iterdir()) == ["demo-crisis-card.pdf", "demo-crisis.pdf"]
    for sheet in folder.iterdir():
        assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
        read = subprocess.run(
            ["pdftotext", "-layout", str(sheet), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Robin" in read and "123 45 678" in read and "116 117" in read
    assert any(str(folder) in notice for notice in notices), notices
