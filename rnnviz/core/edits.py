"""Edits to a lesson as small immutable records (after Orange3's paint-data widget).

``edit.apply(lesson)`` is a pure function returning ``(new_lesson, inverse_edit)``; the
window wraps it in a QUndoCommand, so every edit can be undone and redone, and merging
repeated edits of one cell into one undo step is ``merge``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .cells import CellWeights
from .lesson import Lesson, LessonError, _check_tokens

PARAMETERS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def check_value(value: float) -> float:
    """A weight or embedding value must be a finite float64."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise LessonError(f"{value!r} is not a number")
    value = float(value)
    if not math.isfinite(value):
        raise LessonError("only finite numbers are allowed (no NaN or infinity)")
    return value


def _with_item(array: np.ndarray, index: tuple[int, ...], value: float) -> np.ndarray:
    changed = array.copy()
    changed[index] = value
    changed.flags.writeable = False
    return changed


@dataclass(frozen=True)
class SetWeight:
    """Set one number of one model's weight matrix or bias vector (PyTorch layout)."""

    model: str
    parameter: str  # weight_ih, weight_hh, bias_ih or bias_hh
    index: tuple[int, ...]  # (row, column) for matrices, (row,) for biases
    value: float

    text = "Edit weight"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetWeight]:
        if self.model not in lesson.models:
            raise LessonError(f"the lesson has no {self.model} model")
        if self.parameter not in PARAMETERS:
            raise LessonError(f"unknown parameter {self.parameter!r}")
        weights = lesson.models[self.model]
        array = getattr(weights, self.parameter)
        if len(self.index) != array.ndim or not all(0 <= k < n for k, n in zip(self.index, array.shape, strict=True)):
            raise LessonError(f"{self.model}.{self.parameter} has no entry {self.index}")
        value = check_value(self.value)
        old = float(array[self.index])
        changed: CellWeights = replace(weights, **{self.parameter: _with_item(array, self.index, value)})
        models = {**lesson.models, self.model: changed}
        return replace(lesson, models=models), replace(self, value=old)

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
        if self.token not in lesson.embeddings:
            raise LessonError(f"no embedding for token {self.token!r}")
        vector = lesson.embeddings[self.token]
        if not 0 <= self.unit < len(vector):
            raise LessonError(f"embedding of {self.token!r} has no component {self.unit}")
        value = check_value(self.value)
        old = float(vector[self.unit])
        embeddings = {**lesson.embeddings, self.token: _with_item(vector, (self.unit,), value)}
        return replace(lesson, embeddings=embeddings), replace(self, value=old)

    def merge(self, other: object) -> bool:
        return isinstance(other, SetEmbedding) and (other.token, other.unit) == (self.token, self.unit)


@dataclass(frozen=True)
class SetTokens:
    """Replace the input sequence; new tokens get their default embedding."""

    tokens: tuple[str, ...]
    embeddings: dict[str, np.ndarray] | None = None  # set by the inverse, to restore exactly

    text = "Edit tokens"

    def apply(self, lesson: Lesson) -> tuple[Lesson, SetTokens]:
        _check_tokens(list(self.tokens))
        inverse = SetTokens(lesson.tokens, lesson.embeddings)
        if self.embeddings is not None:
            return replace(lesson, tokens=tuple(self.tokens), embeddings=self.embeddings), inverse
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
