"""The Qt-free core: cells, traces, lessons and export. Imports numpy only."""

from .backward import backward, gradient_norms
from .cells import CellWeights
from .engine import Trace
from .export import trace
from .lesson import Lesson, LessonError, default_embedding, load_lesson
from .models import GATES, MODEL_TITLES, MODELS, SPECS, ModelSpec, Position, visible

__all__ = [
    "GATES",
    "MODELS",
    "MODEL_TITLES",
    "SPECS",
    "ModelSpec",
    "Position",
    "visible",
    "backward",
    "gradient_norms",
    "CellWeights",
    "Lesson",
    "LessonError",
    "Trace",
    "default_embedding",
    "load_lesson",
    "trace",
]
