"""Finds rnnviz's data files (lessons, icons) whether installed from a wheel or run from source."""

from __future__ import annotations

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
