"""The `p` key on the week section: this week's sheet as a PDF in $RECOVERY_HOME/printouts."""

from __future__ import annotations

import stat

from recoverytui.core.store import Store

SIZE = (100, 32)


async def test_p_on_the_week_section_writes_this_weeks_pdf(session, store: Store) -> None:
    notices: list[str] = []
    async with session.run_test(size=SIZE) as pilot:
        session.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
        await pilot.press("6", "p")
        await pilot.pause()
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
        await pilot.pause()
    sheet = store.home / "printouts" / "demo-2026-W48.pdf"
    assert notices == [(f"Can't write {sheet}: permission denied.", "error")], notices
