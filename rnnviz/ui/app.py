"""Starts the Qt application on a lesson."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.lesson import LessonError, load_lesson
from ..resources import default_lesson_path
from ..session import Session


def _one_line_excepthook(kind, error, tb) -> None:
    """An unexpected error in a slot is reported in one line; the window keeps running."""
    print(f"rnnviz: unexpected error: {kind.__name__}: {error}", file=sys.stderr)  # noqa: T201
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    window = getattr(app, "main_window", None)
    if window is not None:
        window.show_error(f"Unexpected error: {error}")


def create_window(lesson_path: str | Path | None = None):
    """The main window on a lesson (the built-in one when None). Raises LessonError."""
    from .main_window import MainWindow

    path = Path(lesson_path) if lesson_path is not None else default_lesson_path()
    session = Session(load_lesson(path), path)
    return MainWindow(session, builtin=lesson_path is None)


def run_app(lesson_path: str | None = None) -> int:
    try:
        lesson = load_lesson(lesson_path or default_lesson_path())
    except LessonError as error:
        print(f"rnnviz: {error}", file=sys.stderr)  # noqa: T201
        return 2
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("rnnviz")
    app.setOrganizationName("rnnviz")
    app.setApplicationDisplayName("rnnviz")
    sys.excepthook = _one_line_excepthook
    path = Path(lesson_path) if lesson_path else default_lesson_path()
    window = MainWindow(Session(lesson, path), builtin=lesson_path is None)
    app.main_window = window
    window.show()
    return app.exec()
