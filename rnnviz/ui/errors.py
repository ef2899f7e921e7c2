"""Unexpected errors inside the window: logged in one line, shown in the status bar, never fatal.

An exception that escapes a Qt virtual (paint, an undo command, a model's data, an event
handler) or a slot must not take the process down, and must not lose the lesson. Code
called by Qt is wrapped in `guarded` or calls `report` from an `except`; anything that
still escapes reaches the process-wide hook installed by `install_excepthook`.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

CONTEXT = "Errors"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


log = logging.getLogger("rnnviz")

_F = TypeVar("_F", bound=Callable[..., Any])

#: Every unexpected error reported so far, newest last (the fuzz tests read it).
reported: list[str] = []
_sink: list[Callable[[], Callable[[str], None] | None]] = []  # weak: the window's status bar
_reporting = threading.local()


def describe(error: BaseException) -> str:
    """`KindOfError: message`, on one line."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def report(error: BaseException, where: str = "") -> None:
    """Log the error in one line (in English) and show it where the user looks (in the window's
    language; `where` and the error's own text stay as they are); never raises."""
    line = f"unexpected error{f' in {where}' if where else ''}: {describe(error)}"
    try:
        reported.append(line)
        log.error("%s", line, exc_info=log.isEnabledFor(logging.DEBUG))
        if getattr(_reporting, "active", False):  # an error while showing an error: log only
            return
        _reporting.active = True
        try:
            shown = _shown_line(error, where)
            for reference in list(_sink):
                show = reference()
                if show is not None:
                    show(shown)
        finally:
            _reporting.active = False
    except Exception:  # noqa: BLE001, S110 - reporting must never be the thing that crashes
        pass


def _shown_line(error: BaseException, where: str) -> str:
    """The line report() logs, in the window's language (`where` and the error's text as they are)."""
    if where:
        return _tr("unexpected error in {0}: {1}").format(where, describe(error))
    return _tr("unexpected error: {0}").format(describe(error))


def set_sink(show: Callable[[str], None] | None) -> None:
    """Where reported errors are shown (a window's method, held weakly); None removes it."""
    _sink.clear()
    if show is not None:
        _sink.append(weakref.WeakMethod(show) if hasattr(show, "__self__") else lambda: show)


def guarded(where: str, fallback: Any = None) -> Callable[[_F], _F]:
    """Decorator for code that Qt calls: an exception is reported and `fallback` returned."""

    def wrap(function: _F) -> _F:
        @functools.wraps(function)
        def call(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - see the module docstring
                report(error, where)
                return fallback

        return call  # type: ignore[return-value]

    return wrap


def _excepthook(kind, error, tb) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    report(error)


def install_excepthook() -> None:
    """Route uncaught exceptions (e.g. from a slot) to `report`, for the whole process."""
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("rnnviz: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    sys.excepthook = _excepthook
