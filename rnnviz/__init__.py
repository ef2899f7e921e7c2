"""rnnviz: step through SimpleRNN, LSTM and GRU computations gate by gate.

The public API needs numpy only (no Qt), for notebooks and scripts::

    import rnnviz
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    lstm = rnnviz.trace(lesson, "lstm")
    lstm.f      # forget gate, shape (T, H)
    lstm.h      # hidden states, shape (T+1, H), row 0 = initial state
    grads = rnnviz.backward(lesson, "lstm", dh)   # backpropagation through time, dh: (T, H)
"""

from .core import MODELS, Lesson, LessonError, Trace, backward, load_lesson, trace
from .resources import default_lesson_path, resource_path

__version__ = "0.1.0"  # kept equal to pyproject.toml's version by tests/test_packaging.py

__all__ = [
    "MODELS",
    "Lesson",
    "LessonError",
    "Trace",
    "__version__",
    "backward",
    "default_lesson_path",
    "load_lesson",
    "resource_path",
    "trace",
]
