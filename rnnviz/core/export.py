"""CSV export of traces: a long ("tidy") layout, one row per number, and a wide one.

Values are written with Python's shortest round-trip repr, so float() of the text gives
back the identical float64. Rows go through the csv module (RFC 4180 quoting, CRLF line
ends), so tokens with commas, quotes, line breaks, emoji or CJK text read back exactly.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Sequence
from typing import IO

import numpy as np

from .engine import MODELS, Trace, run
from .lesson import Lesson, LessonError
from .models import models_text

LONG_HEADER = ("model", "step", "token", "quantity", "unit", "value")
FORMATS = ("long", "wide")

Progress = Callable[[int, int], None]  # (steps done, steps in all)


def trace(lesson: Lesson, model: str, gradients: bool = False, whatif=None) -> Trace:
    """Trace one of the lesson's models ("rnn", "lstm" or "gru") over its tokens.

    With gradients=True the trace also holds the gradient norms of
    :func:`rnnviz.core.backward.gradient_norms`: ``trace.dhT_dh`` (T + 1 numbers, steps 0..T) and
    ``trace.dhT_dx`` (T numbers, steps 1..T), exported as the quantities of the same names, unit 0.
    A model with a readout (a trained lesson) also has ``trace.y`` (T, K): the readout's outputs at
    every step, exported as quantity ``y``, a unit per output.
    whatif: overrides (rnnviz.core.whatif.WhatIf) the trace and its gradients follow.
    """
    if model not in MODELS:
        raise LessonError(f"unknown model {model!r} (expected {models_text()})")
    if model not in lesson.models:
        raise LessonError(f"the lesson has no {model} model (it has {', '.join(lesson.models)})")
    weights = lesson.models[model]
    forced = None
    if whatif is not None and whatif.active:
        weights, forced = whatif.weights(model, weights), whatif.forced(model)
    result = run(model, weights, lesson.inputs, lesson.tokens, lesson.initial_h, lesson.initial_c, forced)
    readout = lesson.readouts.get(model)
    if readout is not None:  # a trained lesson: what the model would answer at every step, quantity y
        from .cells import FLOAT_MAX

        result.add_readout(np.clip(np.nan_to_num(readout.outputs(result.h[1:])), -FLOAT_MAX, FLOAT_MAX))
    if gradients:
        from .backward import gradient_norms

        result.add_gradients(gradient_norms(weights, result))
    return result


def parse_models(text: str | None, lesson: Lesson) -> list[str]:
    """'lstm,rnn' -> ['lstm', 'rnn'], checked against the lesson; None -> all of its models."""
    if text is None:
        return list(lesson.models)
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise LessonError("--models is empty (expected e.g. lstm,rnn)")
    for name in names:
        if name not in MODELS:
            raise LessonError(f"unknown model {name!r} in --models (expected {models_text()})")
        if name not in lesson.models:
            raise LessonError(f"the lesson has no {name} model (it has {', '.join(lesson.models)})")
    return list(dict.fromkeys(names))


def _token(trace: Trace, step: int) -> str:
    return trace.tokens[step - 1] if step > 0 else ""


def _steps(traces: Sequence[Trace], progress: Progress | None) -> Iterable[tuple[Trace, int, list]]:
    """(trace, step, [(quantity, values at that step as text)]) for every model and step, in order."""
    total = sum(t.T + 1 for t in traces)
    done = 0
    fmt = float.__repr__
    for tr in traces:
        rows = [(name, first, array.tolist()) for name, first, array in tr.rows()]
        for step in range(tr.T + 1):
            values = [(name, [fmt(v) for v in data[step - first]]) for name, first, data in rows if step >= first]
            yield tr, step, values
            done += 1
            if progress is not None:
                progress(done, total)


def _long_rows(traces: Sequence[Trace], progress: Progress | None) -> Iterable[tuple]:
    for tr, step, values in _steps(traces, progress):
        token = _token(tr, step)
        for name, texts in values:
            for unit, text in enumerate(texts):
                yield (tr.model, step, token, name, unit, text)


def _wide_rows(traces: Sequence[Trace], progress: Progress | None) -> Iterable[list]:
    every = ((name, unit) for tr in traces for name, _, array in tr.rows() for unit in range(array.shape[1]))
    columns = list(dict.fromkeys(every))  # in first-seen order, each once
    yield ["model", "step", "token", *(f"{name}[{unit}]" for name, unit in columns)]
    position = {column: k for k, column in enumerate(columns)}
    for tr, step, values in _steps(traces, progress):
        cells = [""] * len(columns)
        for name, texts in values:
            for unit, text in enumerate(texts):
                cells[position[(name, unit)]] = text
        yield [tr.model, step, _token(tr, step), *cells]


def write_csv(
    traces: Sequence[Trace], handle: IO[str], fmt: str = "long", progress: Progress | None = None, comment: str = ""
) -> None:
    """Write traces to an open text handle (opened with newline=''). A comment (the what-if
    overrides in force) becomes a first line "# ..."; without one the CSV starts with its header."""
    if fmt not in FORMATS:
        raise LessonError(f"unknown format {fmt!r} (expected long or wide)")
    if comment:
        handle.write("# " + " ".join(comment.split()) + "\r\n")
    import csv  # only when a trace is written: not at every start-up

    writer = csv.writer(handle)
    if fmt == "long":
        writer.writerow(LONG_HEADER)
        writer.writerows(_long_rows(traces, progress))
    else:
        writer.writerows(_wide_rows(traces, progress))


def lesson_traces(
    lesson: Lesson, models: Sequence[str] | None = None, gradients: bool = False, whatif=None
) -> list[Trace]:
    return [trace(lesson, name, gradients, whatif) for name in (models or list(lesson.models))]


def csv_text(lesson: Lesson, models: Sequence[str] | None = None, fmt: str = "long", gradients: bool = False) -> str:
    """The exact text `rnnviz export` writes for this lesson and these options."""
    buffer = io.StringIO(newline="")
    write_csv(lesson_traces(lesson, models, gradients), buffer, fmt)
    return buffer.getvalue()


def export_csv(
    lesson: Lesson,
    path: str | os.PathLike,
    models: Sequence[str] | None = None,
    fmt: str = "long",
    progress: Progress | None = None,
    *,
    replace_readonly: bool = False,
    gradients: bool = False,
    whatif=None,
) -> None:
    """Write the CSV atomically: an existing file is replaced only once the new one is whole.

    Raises rnnviz.core.atomic.ReadOnlyTargetError for a read-only target unless `replace_readonly`.
    """
    from .atomic import atomic_open

    traces = lesson_traces(lesson, models, gradients, whatif)
    comment = whatif.describe() if whatif is not None else ""
    with atomic_open(path, "w", encoding="utf-8", newline="", replace_readonly=replace_readonly) as handle:
        write_csv(traces, handle, fmt, progress, comment)
