"""Headless figures: the canvas at one position drawn into a PNG or SVG, without a window or display.

`rnnviz render` builds the window's own canvas (rnnviz.ui.canvas.CellDiagram) around a
Session and exports it, so a figure is exactly what the window draws. Qt is imported
only once the arguments are known to be good, with the offscreen platform unless
QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from .core.lesson import Lesson
from .core.models import LAST_STAGE, SPECS, STAGES, Position
from .resources import find_lesson

FORMATS = (".png", ".svg")
DEFAULT_WIDTH = 1600
MAX_WIDTH = 20000
ASPECT = 9 / 16  # the arrangement is chosen for a 16:9 slide; the figure is then cropped to the drawing


class RenderError(Exception):
    """A user error: one line, exit status 2, nothing written."""


def lesson_path(lesson: str | None) -> Path:
    """A lesson file, or the name of a built-in lesson ("default"); None is the built-in lesson."""
    try:
        return find_lesson(lesson)
    except LookupError as error:
        raise RenderError(str(error)) from None


def check_out(out: str) -> None:
    if not out.lower().endswith(FORMATS):
        raise RenderError(f"{out}: --out must end in .png or .svg")


def check_width(width: int) -> None:
    if not 1 <= width <= MAX_WIDTH:
        raise RenderError(f"--width {width} is outside 1..{MAX_WIDTH}")


def stage_of(phase: str | None, models: list[str]) -> int:
    """The stage of a phase named by id ("forget") or name ("cell state") in one of the shown models."""
    if phase is None:
        return LAST_STAGE
    wanted = " ".join(phase.lower().split())
    for model in models:
        for p in SPECS[model].phases:
            if wanted in (p.id, p.name.lower()):
                return p.stage
    for stage, name in enumerate(STAGES):
        if wanted == name and any(SPECS[m].phase_at(stage) for m in models):
            return stage
    elsewhere = [s.title for s in SPECS.values() if any(wanted in (p.id, p.name.lower()) for p in s.phases)]
    shown = ", ".join(SPECS[m].title for m in models)
    if elsewhere:
        return _refuse(f"--phase {phase!r}: only the {' and '.join(elsewhere)} has it, not the shown {shown}")
    names = list(dict.fromkeys(p.id for m in models for p in SPECS[m].phases))
    return _refuse(f"unknown --phase {phase!r} (the {shown} have: {', '.join(names)})")


def _refuse(message: str) -> int:
    raise RenderError(message)


def position(lesson: Lesson, models: list[str], step: int | None, phase: str | None) -> Position:
    T = len(lesson.tokens)
    step = T if step is None else step
    if not 0 <= step <= T:
        raise RenderError(f"--step {step} is outside 0..{T} (the lesson has {T} tokens)")
    stage = stage_of(phase, models)
    return Position(step) if step == 0 else Position(step, stage)


def image(lesson: Lesson, models: list[str], at: Position, out: str, width: int = DEFAULT_WIDTH) -> bytes:
    """The canvas the window would show for these models at this position, as PNG or SVG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .session import Session
    from .ui.canvas import CellDiagram

    app = QApplication.instance() or QApplication(["rnnviz"])
    session = Session(lesson, models=models)
    canvas = CellDiagram()
    try:
        canvas.resize(width, round(width * ASPECT))
        session.add_view(canvas)
        canvas.arrange(width, width * ASPECT)
        session.playhead.move_to(at)
        canvas.finish_animation()
        return canvas.image_bytes(out, width=width)
    finally:
        canvas.deleteLater()
        del app
