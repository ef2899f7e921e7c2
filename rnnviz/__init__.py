"""rnnviz: step through SimpleRNN, LSTM and GRU computations gate by gate.

The public API needs numpy only (no Qt), for notebooks and scripts::

    import rnnviz
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    lstm = rnnviz.trace(lesson, "lstm")
    lstm.f      # forget gate, shape (T, H)
    lstm.h      # hidden states, shape (T+1, H), row 0 = initial state
"""

from importlib.metadata import PackageNotFoundError, version

from .core import MODELS, Lesson, LessonError, Trace, load_lesson, trace
from .resources import default_lesson_path, resource_path

try:
    __version__ = version("rnnviz")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

__all__ = [
    "MODELS",
    "Lesson",
    "LessonError",
    "Trace",
    "__version__",
    "default_lesson_path",
    "load_lesson",
    "resource_path",
    "trace",
]
