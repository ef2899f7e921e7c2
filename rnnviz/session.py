"""The state a window shows, without Qt: the lesson, its traces, and where the playhead is.

Views read a Session and send edits to it; they never change a lesson themselves. The
Playhead walks a timestep as phases in the order of the LSTM's equations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .core.engine import Trace
from .core.export import trace
from .core.lesson import Lesson, LessonError

#: The phases of one timestep, in the order of the equations.
PHASES = ("inputs", "forget gate", "input gate & candidate", "cell state", "output gate", "hidden state")
INPUTS, FORGET, INPUT, CELL, OUTPUT, HIDDEN = range(len(PHASES))
LAST_PHASE = HIDDEN

#: The longest lesson the window shows. Every edit recomputes every step (and the memory
#: plot); at this length an edit takes a fraction of a second. Longer lessons: `rnnviz export`.
MAX_WINDOW_TOKENS = 1000


def check_window_length(lesson: Lesson, name: str = "the lesson") -> None:
    """Raise LessonError when the window would be too slow on this lesson."""
    if len(lesson.tokens) > MAX_WINDOW_TOKENS:
        raise LessonError(
            f"{name} has {len(lesson.tokens)} tokens; the window shows at most {MAX_WINDOW_TOKENS}. "
            "For long lessons use the command line: rnnviz export LESSON.json --out trace.csv"
        )


@dataclass(frozen=True)
class Position:
    """Timestep t (0 = initial state, 1..T = after reading token t) and phase within it."""

    step: int
    phase: int = LAST_PHASE

    def reached(self, step: int, phase: int) -> bool:
        """Whether the value computed in (step, phase) is visible at this position."""
        return (self.step, self.phase) >= (step, phase)


class Playhead:
    """Moves through the timesteps of a trace by timestep or by phase."""

    def __init__(self, T: int):
        self.T = T
        self.position = Position(0)
        self._listeners: list[Callable[[Position], None]] = []

    def subscribe(self, listener: Callable[[Position], None]) -> None:
        self._listeners.append(listener)

    @property
    def index(self) -> int:
        """Linear index: 0 is the initial state, then len(PHASES) phases per timestep."""
        p = self.position
        return 0 if p.step == 0 else 1 + (p.step - 1) * len(PHASES) + p.phase

    @property
    def last_index(self) -> int:
        return self.T * len(PHASES)

    def _from_index(self, index: int) -> Position:
        index = max(0, min(index, self.last_index))
        if index == 0:
            return Position(0)
        step, phase = divmod(index - 1, len(PHASES))
        return Position(step + 1, phase)

    def move_to(self, position: Position) -> None:
        step = max(0, min(position.step, self.T))
        phase = LAST_PHASE if step == 0 else max(0, min(position.phase, LAST_PHASE))
        position = Position(step, phase)
        if position != self.position:
            self.position = position
            for listener in list(self._listeners):
                listener(position)

    def set_length(self, T: int) -> None:
        """After the tokens changed: keep the timestep where possible."""
        self.T = T
        self.move_to(self.position if self.position.step <= T else Position(T))

    def step_forward(self) -> None:
        self.move_to(Position(self.position.step + 1))

    def step_back(self) -> None:
        self.move_to(Position(self.position.step - 1))

    def phase_forward(self) -> None:
        self.move_to(self._from_index(self.index + 1))

    def phase_back(self) -> None:
        self.move_to(self._from_index(self.index - 1))

    def reset(self) -> None:
        self.move_to(Position(0))

    def to_end(self) -> None:
        self.move_to(Position(self.T))

    @property
    def at_end(self) -> bool:
        return self.index >= self.last_index


class Session:
    """A lesson being taught: its file, its traces, and whether it has unsaved edits."""

    def __init__(self, lesson: Lesson, path: Path | None = None):
        self.path = path
        self.saved_lesson = lesson
        self.lesson = lesson
        self.traces: dict[str, Trace] = _traces(lesson)
        self._listeners: list[Callable[[], None]] = []

    def load(self, lesson: Lesson, path: Path | None) -> None:
        """Start over on another lesson (already validated). Raises and changes nothing if it cannot be traced."""
        traces = _traces(lesson)
        self.path = path
        self.saved_lesson = lesson
        self.lesson, self.traces = lesson, traces
        self._notify()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """listener() runs after every change of lesson (and so of traces)."""
        self._listeners.append(listener)

    def apply(self, edit) -> object:
        """Apply an edit record; returns its inverse. Raises (LessonError when invalid) and changes nothing."""
        lesson, inverse = edit.apply(self.lesson)
        traces = _traces(lesson)  # before anything changes: a failure here leaves the old lesson whole
        self.lesson, self.traces = lesson, traces
        self._notify()
        return inverse

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def T(self) -> int:
        return len(self.lesson.tokens)

    def save(self, path: str | Path | None = None, *, replace_readonly: bool = False) -> None:
        """Write the lesson atomically. Raises OSError (ReadOnlyTargetError unless `replace_readonly`)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file to save to")
        self.lesson.save(target, replace_readonly=replace_readonly)
        self.path = target
        self.saved_lesson = self.lesson

    @property
    def title(self) -> str:
        return self.lesson.title or (self.path.stem if self.path else "Untitled lesson")


def _traces(lesson: Lesson) -> dict[str, Trace]:
    return {name: trace(lesson, name) for name in lesson.models}
