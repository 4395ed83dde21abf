"""recoverytui: a recovery plan kept together by a client and a worker."""

from __future__ import annotations

# First, before anything else loads: Ctrl+C while the program is still starting (importing,
# before `recovery`'s main() has begun) ends it quietly, as Ctrl+C does later on, instead of
# with Python's traceback. Only sys and os, which Python has already loaded, are used.
import os as _os
import sys as _sys

# The exit code of a program stopped by Ctrl+C, as shells report it: 128 + SIGINT.
INTERRUPTED = 130


def from_interrupt(error: BaseException | None) -> bool:
    """Whether an error is Ctrl+C, or one Python made of it (a KeyboardInterrupt inside a
    class being made comes out as a RuntimeError, caused by it)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _quiet_interrupt(kind: type[BaseException], error: BaseException, traceback: object, /) -> None:
    if not from_interrupt(error) or hasattr(_sys, "ps1"):
        # Any other error, or Ctrl+C at Python's own prompt: as Python shows it.
        _python_excepthook(kind, error, traceback)  # type: ignore[arg-type]
        return
    for stream in (_sys.stdout, _sys.stderr):
        try:  # noqa: SIM105 - contextlib is not loaded yet, and need not be
            stream.flush()
        except Exception:  # a closed or broken stream has nothing to flush
            pass
    # Nothing of the store is open yet, or it was closed on the way out: end here, with the
    # code for Ctrl+C rather than by the signal Python would send itself.
    _os._exit(INTERRUPTED)


def _quiet_unraisable(unraisable: _sys.UnraisableHookArgs, /) -> None:
    # Ctrl+C that lands in a clean-up Python runs on the side (a weak reference's callback,
    # often while importing) can't stop the program: Python goes on, and would print the
    # interrupt with a traceback. Go on without a word, as if the key came a moment late;
    # sending it again from here would only raise it here again.
    if not from_interrupt(unraisable.exc_value):
        _python_unraisablehook(unraisable)


_python_excepthook, _python_unraisablehook = _sys.excepthook, _sys.unraisablehook
_sys.excepthook, _sys.unraisablehook = _quiet_interrupt, _quiet_unraisable

__version__ = "0.1.0"
