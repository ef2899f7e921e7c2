"""The Qt-free core: cells, traces, lessons and export. Imports numpy only."""

from .cells import GATES, CellWeights
from .engine import MODEL_TITLES, MODELS, Trace
from .export import trace
from .lesson import Lesson, LessonError, default_embedding, load_lesson

__all__ = [
    "GATES",
    "MODELS",
    "MODEL_TITLES",
    "CellWeights",
    "Lesson",
    "LessonError",
    "Trace",
    "default_embedding",
    "load_lesson",
    "trace",
]
