"""Finds rnnviz's data files (lessons, icons) whether installed from a wheel or run from source."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_root() -> Path:
    """The resources folder: mapped into the package by the wheel, at the top of a checkout."""
    installed = _PACKAGE / "resources"
    return installed if installed.is_dir() else _PACKAGE.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def default_lesson_path() -> Path:
    """The built-in lesson "我 爱 祖国"."""
    return resource_path("lessons", "default.json")


def builtin_lessons() -> list[str]:
    """The names of the built-in lessons ("default", …), sorted."""
    return sorted(path.stem for path in resource_path("lessons").glob("*.json"))


def find_lesson(text: str | None) -> Path:
    """A lesson file, or the name of a built-in lesson ("default"); None is the built-in lesson.

    Text that names an existing file, ends in .json or holds a path separator is a file (which
    may not exist yet: loading it says so). Raises LookupError, with one line naming the
    built-in lessons, for a name that is neither.
    """
    if text is None:
        return default_lesson_path()
    path = Path(text)
    if path.exists() or text.lower().endswith(".json") or os.sep in text or "/" in text:
        return path
    builtin = resource_path("lessons", f"{text}.json")
    if builtin.is_file():
        return builtin
    raise LookupError(f"{text}: no such lesson file or built-in lesson (built-in: {', '.join(builtin_lessons())})")


def is_builtin_lesson(path: str | os.PathLike) -> bool:
    """Whether a path is one of the lessons shipped with rnnviz (never written over)."""
    try:
        return Path(path).resolve().parent == resource_path("lessons").resolve() and Path(path).suffix == ".json"
    except OSError:
        return False
