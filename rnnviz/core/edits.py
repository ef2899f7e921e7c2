"""Edits to a lesson as small immutable records (after Orange3's paint-data widget).

``edit.apply(lesson)`` is a pure function returning ``(new_lesson, inverse_edit)``; the
window wraps it in a QUndoCommand, so every edit can be undone and redone, and merging
repeated edits of one cell into one undo step is ``merge``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from .cells import CellWeights
from .lesson import Lesson, LessonError, _check_tokens, check_title, pytorch_uniform
from .models import SPECS

PARAMETERS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def check_value(value: float) -> float:
    """A weight or embedding value must be a finite float64."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise LessonError(f"{value!r} is not a number")
    value = float(value)
    if not math.isfinite(value):
        raise LessonError("only finite numbers are allowed (no NaN or infinity)")
    return value


def _with_items(array: np.ndarray, items: Iterable[tuple[tuple[int, ...], float]]) -> np.ndarray:
    changed = array.copy()
    for index, value in items:
        changed[index] = value
    changed.flags.writeable = False
    return changed


def _items(values: Mapping | Iterable) -> tuple:
    """A mapping or pairs as a tuple of (key, value) pairs, so that a record stays immutable."""
    pairs = tuple(values.items()) if isinstance(values, Mapping) else tuple(tuple(pair) for pair in values)
    return tuple((tuple(key), value) for key, value in pairs)


def _set_weights(lesson: Lesson, model: str, parameter: str, values: tuple) -> tuple[Lesson, tuple]:
    """Set numbers of one parameter array; returns the new lesson and the old (index, value) pairs.

    Every index and value is checked before anything is built: all or nothing.
    """
    if model not in lesson.models:
        raise LessonError(f"the lesson has no {model} model")
    if parameter not in PARAMETERS:
        raise LessonError(f"unknown parameter {parameter!r}")
    if not values:
        raise LessonError("no numbers to set")
    weights = lesson.models[model]
    array = getattr(weights, parameter)
    checked = []
    for index, value in values:
        if len(index) != array.ndim or not all(0 <= k < n for k, n in zip(index, array.shape, strict=True)):
            raise LessonError(f"{model}.{parameter} has no entry {index}")
        checked.append((index, check_value(value)))
    old = tuple((index, float(array[index])) for index, _ in reversed(checked))  # undone last-first
    changed: CellWeights = replace(weights, **{parameter: _with_items(array, checked)})
    return replace(lesson, models={**lesson.models, model: changed}), old


def _set_embeddings(lesson: Lesson, values: tuple) -> tuple[Lesson, tuple]:
    """Set components of token embeddings; returns the new lesson and the old ((token, unit), value) pairs."""
    if not values:
        raise LessonError("no numbers to set")
    items: dict[str, list[tuple[tuple[int], float]]] = {}
    old = []
    for (token, unit), value in values:
        if token not in lesson.embeddings:
            raise LessonError(f"no embedding for token {token!r}")
        vector = lesson.embeddings[token]
        if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < len(vector):
            raise LessonError(f"embedding of {token!r} has no component {unit}")
        items.setdefault(token, []).append(((int(unit),), check_value(value)))
        old.append(((token, unit), float(vector[unit])))
    embeddings = dict(lesson.embeddings)
    for token, pairs in items.items():
        embeddings[token] = _with_items(embeddings[token], pairs)
    return replace(lesson, embeddings=embeddings), tuple(reversed(old))


@dataclass(frozen=True)
class SetWeight:
    """Set one number of one model's weight matrix or bias vector (PyTorch layout)."""

    model: str
    parameter: str  # weight_ih, weight_hh, bias_ih or bias_hh
    index: tuple[int, ...]  # (row, column) for matrices, (row,) for biases
    value: float

    text = "Edit weight"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetWeight]:
        changed, old = _set_weights(lesson, self.model, self.parameter, ((self.index, self.value),))
        return changed, replace(self, value=old[0][1])

    def merge(self, other: object) -> bool:
        """Two edits of the same number fold into one undo step."""
        return isinstance(other, SetWeight) and (other.model, other.parameter, other.index) == (
            self.model,
            self.parameter,
            self.index,
        )


@dataclass(frozen=True)
class SetEmbedding:
    """Set one component of one token's embedding vector."""

    token: str
    unit: int
    value: float

    text = "Edit embedding"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetEmbedding]:
        changed, old = _set_embeddings(lesson, (((self.token, self.unit), self.value),))
        return changed, replace(self, value=old[0][1])

    def merge(self, other: object) -> bool:
        return isinstance(other, SetEmbedding) and (other.token, other.unit) == (self.token, self.unit)


@dataclass(frozen=True)
class SetWeights:
    """Set several numbers of one weight matrix or bias vector at once (a paste): one undo step.

    `values` maps PyTorch-layout indices to numbers, e.g. ``{(0, 1): 0.5, (1, 1): -2.0}``;
    it is kept as a tuple of (index, value) pairs so that the record stays immutable.
    """

    model: str
    parameter: str  # weight_ih, weight_hh, bias_ih or bias_hh
    values: tuple[tuple[tuple[int, ...], float], ...]

    text = "Paste weights"

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _items(self.values))

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetWeights]:
        changed, old = _set_weights(lesson, self.model, self.parameter, self.values)
        return changed, replace(self, values=old)

    def merge(self, other: object) -> bool:
        return False  # a paste is its own undo step


@dataclass(frozen=True)
class SetEmbeddings:
    """Set several embedding components at once: ``{(token, unit): value}``, one undo step."""

    values: tuple[tuple[tuple[str, int], float], ...]

    text = "Paste embeddings"

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _items(self.values))

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetEmbeddings]:
        changed, old = _set_embeddings(lesson, self.values)
        return changed, SetEmbeddings(old)

    def merge(self, other: object) -> bool:
        return False


@dataclass(frozen=True)
class SetTitle:
    """Rename the lesson (the title saved in the file and shown in the window title)."""

    title: str

    text = "Edit lesson title"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetTitle]:
        check_title(self.title)
        return replace(lesson, title=self.title), SetTitle(lesson.title)

    def merge(self, other: object) -> bool:
        return False


MAX_HIDDEN_SIZE = 1024


@dataclass(frozen=True)
class ResizeHidden:
    """Change the hidden size H, keeping what the old and new sizes share.

    Of every gate's block of weight_ih, weight_hh and the biases, the overlapping rows (and,
    in weight_hh, columns) keep their numbers; the new ones are drawn from U(−1/√H, 1/√H)
    for the new H, PyTorch's initialisation, from `seed`. The initial state keeps its first
    units and starts new ones at zero (PyTorch's default initial state). The inverse puts the
    old lesson back whole.
    """

    hidden_size: int
    seed: int = 0

    text = "Change hidden size"

    def apply(self, lesson: Lesson) -> tuple[Lesson, ReplaceLesson]:
        H_new = self.hidden_size
        if isinstance(H_new, bool) or not isinstance(H_new, (int, np.integer)) or not 1 <= H_new <= MAX_HIDDEN_SIZE:
            raise LessonError(f"the hidden size must be a whole number from 1 to {MAX_HIDDEN_SIZE}, not {H_new!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise LessonError(f"the seed must be a whole number >= 0, not {self.seed!r}")
        H_new, H = int(H_new), lesson.hidden_size
        keep = min(H, H_new)
        rng = np.random.default_rng(int(self.seed))
        models = {}
        for name, weights in lesson.models.items():
            gates = SPECS[name].gate_count
            arrays = {}
            for parameter in PARAMETERS:
                old = getattr(weights, parameter)
                shape = (gates * H_new,) + ((H_new,) if parameter == "weight_hh" else old.shape[1:])
                array = pytorch_uniform(rng, H_new, shape).copy()
                for k in range(gates):  # one block of rows per gate
                    kept, source = slice(k * H_new, k * H_new + keep), slice(k * H, k * H + keep)
                    if parameter == "weight_hh":
                        array[kept, :keep] = old[source, :keep]
                    else:
                        array[kept] = old[source]
                array.flags.writeable = False
                arrays[parameter] = array
            models[name] = replace(weights, **arrays)
        initial = []
        for state in (lesson.initial_h, lesson.initial_c):
            array = np.zeros(H_new)
            array[:keep] = state[:keep]
            array.flags.writeable = False
            initial.append(array)
        readouts = {}
        for name, readout in lesson.readouts.items():  # the columns of the units kept; new units read 0
            weight = np.zeros((readout.weight.shape[0], H_new))
            weight[:, :keep] = readout.weight[:, :keep]
            weight.flags.writeable = False
            readouts[name] = replace(readout, weight=weight)
        resized = replace(lesson, hidden_size=H_new, models=models, initial_h=initial[0], initial_c=initial[1],
                          readouts=readouts)  # fmt: skip
        return resized, ReplaceLesson(lesson, self.text)

    def merge(self, other: object) -> bool:
        return False


@dataclass(frozen=True)
class SetTokens:
    """Replace the input sequence; new tokens get their default embedding."""

    tokens: tuple[str, ...]
    embeddings: dict[str, np.ndarray] | None = None  # set by the inverse, to restore exactly
    notes: tuple | None = None  # likewise: notes a shorter sentence left out come back with an undo

    text = "Edit tokens"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetTokens]:
        _check_tokens(list(self.tokens))
        inverse = SetTokens(lesson.tokens, lesson.embeddings, lesson.notes)
        if self.embeddings is not None:
            notes = lesson.notes if self.notes is None else self.notes
            return replace(lesson, tokens=tuple(self.tokens), embeddings=self.embeddings, notes=notes), inverse
        return lesson.with_tokens(self.tokens), inverse

    def merge(self, other: object) -> bool:
        return False


@dataclass(frozen=True)
class ReplaceLesson:
    """Swap the whole lesson (randomize weights, revert to saved)."""

    lesson: Lesson
    text: str = "Replace lesson"

    def apply(self, lesson: Lesson) -> tuple[Lesson, ReplaceLesson]:
        return self.lesson, ReplaceLesson(lesson, self.text)

    def merge(self, other: object) -> bool:
        return False


def randomized(lesson: Lesson, seed: int, scale: float | None = None) -> Lesson:
    """Every model's weights drawn uniformly from ±1/sqrt(H), PyTorch's own initialisation."""
    rng = np.random.default_rng(seed)
    bound = scale if scale is not None else 1.0 / math.sqrt(lesson.hidden_size)
    models = {}
    for name, w in lesson.models.items():
        arrays = {}
        for parameter in PARAMETERS:
            array = rng.uniform(-bound, bound, getattr(w, parameter).shape)
            array.flags.writeable = False
            arrays[parameter] = array
        models[name] = replace(w, **arrays)
    return replace(lesson, models=models)
