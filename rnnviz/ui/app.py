"""Starts the Qt application on a lesson."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ..core.lesson import LessonError, load_lesson
from ..resources import default_lesson_path, is_builtin_lesson
from ..session import Session, check_window_length
from . import errors
from .i18n import message_text

CONTEXT = "App"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def create_window(lesson_path: str | Path | None = None):
    """The main window on a lesson (the built-in one when None). Raises LessonError."""
    from .main_window import MainWindow

    path = Path(lesson_path) if lesson_path is not None else default_lesson_path()
    lesson = load_lesson(path)
    check_window_length(lesson, str(path))
    # a built-in lesson, however it was named ("rnnviz default", its path), is never written over
    return MainWindow(Session(lesson, path), builtin=lesson_path is None or is_builtin_lesson(path))


def launch_window(lesson_path: str | Path | None = None):
    """(window, problem): the window on the lesson, or on the built-in lesson and a one-line
    message when that lesson cannot be shown (bad file, too long, or failing once loaded)."""
    if lesson_path is None:
        return create_window(), None
    try:
        return create_window(lesson_path), None
    except LessonError as error:
        problem = str(error)
    except Exception as error:  # noqa: BLE001 - e.g. a lesson that loads but breaks a view
        errors.reported.append(f"unexpected error opening {lesson_path}: {errors.describe(error)}")
        problem = f"{lesson_path}: {errors.describe(error)}"
    return create_window(), problem


def show_launch_problem(window, problem: str) -> None:
    """The message a launch from a file manager would otherwise lose, in a dialog over the window."""
    from PySide6.QtWidgets import QMessageBox

    text = _tr("{0}\n\nThe built-in lesson is shown instead.").format(message_text(problem))
    QMessageBox.warning(window, _tr("Cannot open lesson"), text)


def run_app(lesson_path: str | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("rnnviz")
    app.setOrganizationName("rnnviz")
    app.setApplicationDisplayName("rnnviz")
    errors.install_excepthook()
    window, problem = launch_window(lesson_path)
    if problem is not None:
        print(f"rnnviz: {problem}", file=sys.stderr)  # noqa: T201 - the CLI's one line, as before
    app.main_window = window
    window.show()
    if problem is not None:
        QTimer.singleShot(0, lambda: show_launch_problem(window, problem))
    return app.exec()
