"""The state a window shows, without Qt: the lesson, its traces, the models shown, and where the playhead is.

Views read a Session and send edits to it; they never change a lesson themselves. Every
view follows the session through one small interface, :class:`View`: register it with
``session.add_view(view)`` and it is told when the lesson (or what is shown) changes and
when the playhead moves. The Playhead walks a timestep stage by stage, visiting the stages
(see :data:`rnnviz.core.models.STAGES`) that the shown models' equations use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from .core.backward import BackwardPass, backward_pass
from .core.engine import Trace
from .core.export import trace
from .core.lesson import Lesson, LessonError
from .core.models import INPUTS_STAGE, LAST_STAGE, MODELS, STAGES, Position, stage_name, stages_of, visible
from .core.whatif import NONE, WhatIf

__all__ = ["LAST_STAGE", "MAX_WINDOW_TOKENS", "STAGES", "Playhead", "Position", "Session", "View", "visible"]

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


class View(Protocol):
    """What a view of the session implements; register it with Session.add_view."""

    def show_lesson(self, session: Session) -> None:
        """The lesson, its traces or the models shown changed: rebuild what depends on them."""

    def show_position(self, session: Session, position: Position) -> None:
        """The playhead moved (or the selected unit changed): show the values at `position`."""


class Playhead:
    """Moves through the timesteps of a trace by timestep or by phase (a stage of the shown models),
    then, after the last phase, back through the backward pass from t = T to t = 0.

    Positions in order (the linear ``index``): the initial state; len(stages) phases per timestep
    1..T; then T + 1 backward positions, t = T, T - 1, .., 0 (none for an empty sequence).
    Stepping and phasing both walk the backward pass one timestep at a time."""

    def __init__(self, T: int, stages: Iterable[int] = range(len(STAGES))):
        self.T = T
        self.stages = _with_ends(stages)
        self.position = Position(0)
        self._listeners: list[Callable[[Position], None]] = []

    def subscribe(self, listener: Callable[[Position], None]) -> None:
        self._listeners.append(listener)

    @property
    def index(self) -> int:
        """Linear index: 0 is the initial state, then len(stages) phases per timestep, then the backward pass."""
        p = self.position
        if p.backward:
            return self.forward_end + 1 + (self.T - p.step)
        return 0 if p.step == 0 else 1 + (p.step - 1) * len(self.stages) + self.stages.index(p.phase)

    @property
    def forward_end(self) -> int:
        """The index of the last forward phase, (T, hidden state)."""
        return self.T * len(self.stages)

    @property
    def last_index(self) -> int:
        """The index of the end of the backward pass (t = 0), or of the forward pass for T = 0."""
        return self.forward_end + (self.T + 1 if self.T else 0)

    def _from_index(self, index: int) -> Position:
        index = max(0, min(index, self.last_index))
        if index > self.forward_end:
            return Position(self.T - (index - self.forward_end - 1), LAST_STAGE, backward=True)
        if index == 0:
            return Position(0)
        step, k = divmod(index - 1, len(self.stages))
        return Position(step + 1, self.stages[k])

    def _snap(self, phase: int) -> int:
        """The first used stage at or after `phase` (the stages always include the last one)."""
        return next(stage for stage in self.stages if stage >= phase)

    def clamp(self, position: Position) -> Position:
        """The nearest position that exists: a step in 0..T at a stage the shown models use; a
        backward position at the last stage (and none when there are no timesteps)."""
        step = max(0, min(position.step, self.T))
        if position.backward and self.T:
            return Position(step, LAST_STAGE, backward=True)
        phase = LAST_STAGE if step == 0 else self._snap(max(INPUTS_STAGE, min(position.phase, LAST_STAGE)))
        return Position(step, phase)

    def move_to(self, position: Position) -> None:
        position = self.clamp(position)
        if position != self.position:
            self.position = position
            for listener in list(self._listeners):
                listener(position)

    def reshape(self, T: int, stages: Iterable[int], position: Position | None = None) -> None:
        """New length and stages (the lesson or the shown models changed), without telling listeners:
        the session tells its views about the new lesson and position together."""
        self.T, self.stages = T, _with_ends(stages)
        self.position = self.clamp(self.position if position is None else position)

    def step_forward(self) -> None:
        """The next timestep; from the end of the forward pass into the backward pass, then down to t = 0."""
        p = self.position
        if p.backward:
            self.move_to(Position(p.step - 1, backward=True))
        elif p.step == self.T and p.phase == LAST_STAGE:
            self.move_to(self._from_index(self.forward_end + 1))
        else:
            self.move_to(Position(p.step + 1))

    def step_back(self) -> None:
        """The previous timestep; from the start of the backward pass back to the end of the forward pass."""
        p = self.position
        if p.backward:
            self.move_to(self._from_index(self.index - 1))
        else:
            self.move_to(Position(p.step - 1))

    def phase_forward(self) -> None:
        self.move_to(self._from_index(self.index + 1))

    def phase_back(self) -> None:
        self.move_to(self._from_index(self.index - 1))

    def reset(self) -> None:
        self.move_to(Position(0))

    def to_end(self) -> None:
        """The end of the forward pass: every token read."""
        self.move_to(Position(self.T))

    def run_backward(self) -> None:
        """The start of the backward pass: the gradient at h(T)."""
        self.move_to(Position(self.T, backward=True))

    @property
    def at_end(self) -> bool:
        return self.index >= self.last_index


class Session:
    """A lesson being taught: its file, its traces, and whether it has unsaved edits."""

    def __init__(self, lesson: Lesson, path: Path | None = None, models: Iterable[str] | None = None):
        self.path = path
        self.saved_lesson = lesson
        self.lesson = lesson
        self.whatif = NONE  # what-if overrides (gates forced, forget-gate bias): not part of the lesson
        self.traces: dict[str, Trace] = _traces(lesson, self.whatif)
        self.wanted_models: tuple[str, ...] = tuple(models) if models is not None else MODELS
        self.shown_models: tuple[str, ...] = _shown(self.wanted_models, lesson)
        self.selected_unit: int | None = None
        self.memory_token = 1  # the step whose token the memory plot follows (1..T)
        self.playhead = Playhead(len(lesson.tokens), stages_of(self.shown_models))
        self.playhead.subscribe(self._on_moved)
        self._listeners: list[Callable[[], None]] = []
        self._views: list[View] = []
        self._backward: dict[str, tuple[Trace, BackwardPass]] = {}  # model -> (its trace, its backward pass)
        self.on_view_error: Callable[[BaseException, str], None] | None = None  # the window reports, tests raise

    # -- views ------------------------------------------------------------------------------
    def add_view(self, view: View) -> None:
        """Register a view: it shows the current lesson and position now and follows every change."""
        self._views.append(view)
        self._call(view.show_lesson, self)
        self._call(view.show_position, self, self.playhead.position)

    @property
    def views(self) -> tuple[View, ...]:
        return tuple(self._views)

    def _call(self, method, *args) -> None:
        """One view failing does not stop the others (the window reports it)."""
        try:
            method(*args)
        except Exception as error:
            if self.on_view_error is None:
                raise
            self.on_view_error(error, f"updating the {type(method.__self__).__name__}")

    def _on_moved(self, position: Position) -> None:
        for view in list(self._views):
            self._call(view.show_position, self, position)

    def _lesson_changed(self, position: Position | None = None) -> None:
        self.shown_models = _shown(self.wanted_models, self.lesson)
        if self.selected_unit is not None and self.selected_unit >= self.lesson.hidden_size:
            self.selected_unit = None
        self.memory_token = min(self.memory_token, self.T)  # a shorter sentence: its last token
        self.playhead.reshape(len(self.lesson.tokens), stages_of(self.shown_models), position)
        for view in list(self._views):
            self._call(view.show_lesson, self)
            self._call(view.show_position, self, self.playhead.position)
        for listener in list(self._listeners):
            listener()

    def show_models(self, models: Iterable[str]) -> None:
        """Choose which models are shown (View > Models); those the lesson lacks are skipped."""
        wanted = tuple(m for m in MODELS if m in set(models))
        if not wanted:
            raise ValueError("show at least one model")
        self.wanted_models = wanted
        self._lesson_changed()

    def select_unit(self, unit: int | None) -> None:
        """Pick a hidden unit whose numbers every view shows (None: no selection)."""
        if unit is not None and not 0 <= unit < self.lesson.hidden_size:
            unit = None
        if unit != self.selected_unit:
            self.selected_unit = unit
            self._on_moved(self.playhead.position)

    def follow_token(self, step: int) -> None:
        """Have the memory plot follow the token read at step (clamped to 1..T): how much of it
        each state still holds at every later step. Every view is told, as after an edit."""
        step = min(max(int(step), 1), self.T)
        if step != self.memory_token:
            self.memory_token = step
            self._lesson_changed()

    def set_whatif(self, whatif: WhatIf) -> None:
        """Put what-if overrides in force (NONE: none). They are not an edit of the lesson: not
        undoable, not saved, and the lesson stays unmodified; every view follows them."""
        if whatif == self.whatif:
            return
        traces = _traces(self.lesson, whatif)  # first: a failure changes nothing
        self.whatif, self.traces = whatif, traces
        self._lesson_changed()

    def backward_pass(self, model: str) -> BackwardPass:
        """The numbers of the stepped backward pass of a model's current trace (what-ifs
        included), worked out when first asked for and kept until the trace changes."""
        trace = self.traces[model]
        cached = self._backward.get(model)
        if cached is None or cached[0] is not trace:
            cached = self._backward[model] = (trace, backward_pass(self.lesson.models[model], trace))
        return cached[1]

    def shown_traces(self) -> dict[str, Trace]:
        """The traces of the shown models, in MODELS order."""
        return {m: self.traces[m] for m in self.shown_models}

    def token(self, step: int) -> str:
        """The token read at step (1..T), "" at the initial state."""
        return next(iter(self.traces.values())).token(step)

    def stage_name(self, stage: int) -> str:
        return stage_name(stage, self.shown_models)

    def position_name(self, position: Position) -> str:
        """What happens at a position, for the status line: a phase, or the backward pass."""
        if position.backward:
            return f"backward pass: the gradient from h({self.T}) reaches h({position.step})"
        return self.stage_name(position.phase)

    # -- the lesson ----------------------------------------------------------------------------
    def load(self, lesson: Lesson, path: Path | None) -> None:
        """Start over on another lesson (already validated). Raises and changes nothing if it cannot be traced."""
        traces = _traces(lesson)  # another lesson starts without what-ifs
        self.whatif = NONE
        self.path = path
        self.saved_lesson = lesson
        self.lesson, self.traces = lesson, traces
        self.selected_unit = None
        self.memory_token = 1
        self._lesson_changed(Position(0))

    def subscribe(self, listener: Callable[[], None]) -> None:
        """listener() runs after every change of lesson (and so of traces), after the views."""
        self._listeners.append(listener)

    def apply(self, edit) -> object:
        """Apply an edit record; returns its inverse. Raises (LessonError when invalid) and changes nothing."""
        lesson, inverse = edit.apply(self.lesson)
        traces = _traces(lesson, self.whatif)  # before anything changes: a failure here leaves the old lesson whole
        self.lesson, self.traces = lesson, traces
        self._lesson_changed()
        return inverse

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


def _with_ends(stages: Iterable[int]) -> tuple[int, ...]:
    """The stages in order, always with the inputs and the hidden state (every model has both)."""
    return tuple(sorted({INPUTS_STAGE, LAST_STAGE, *stages}))


def _traces(lesson: Lesson, whatif: WhatIf = NONE) -> dict[str, Trace]:
    return {name: trace(lesson, name, whatif=whatif) for name in lesson.models}


def _shown(wanted: tuple[str, ...], lesson: Lesson) -> tuple[str, ...]:
    """The wanted models the lesson has, in MODELS order; all of its models when it has none of them."""
    shown = tuple(m for m in MODELS if m in wanted and m in lesson.models)
    return shown or tuple(m for m in MODELS if m in lesson.models)
