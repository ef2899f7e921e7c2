"""Packaging: the wheel carries the code and the built-in lesson; the command is wired up."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_wheel_build_contains_cli_and_default_lesson(tmp_path):
    """Slow-ish (a few seconds): builds the wheel with pip and hatchling, without network."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-cache-dir",
            "-w",
            str(tmp_path),
            str(REPO_ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(tmp_path.glob("rnnviz-*.whl"))
    assert len(wheels) == 1, list(tmp_path.iterdir())
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        assert "rnnviz/resources/lessons/default.json" in names
        assert "rnnviz/cli.py" in names
        assert "rnnviz/__main__.py" in names
        assert "rnnviz/core/engine.py" in names
        # the compiled Chinese translation ships inside the package, byte for byte the committed one
        assert wheel.read("rnnviz/i18n/rnnviz_zh_CN.qm") == (REPO_ROOT / "rnnviz/i18n/rnnviz_zh_CN.qm").read_bytes()
        packaged = json.loads(wheel.read("rnnviz/resources/lessons/default.json").decode("utf-8"))
        assert packaged == json.loads((REPO_ROOT / "resources/lessons/default.json").read_text(encoding="utf-8"))
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "rnnviz = rnnviz.cli:main" in wheel.read(entry_points).decode("utf-8")
        assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_console_script_points_at_cli_main():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = pyproject["project"]["scripts"]["rnnviz"]
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    from rnnviz.cli import main

    assert function is main


def test_test_extras_cover_what_the_tests_use():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = " ".join(pyproject["project"]["optional-dependencies"]["test"])
    for requirement in ("pytest", "pandas", "hatchling"):
        assert requirement in extras


def test_version_matches_pyproject():
    import rnnviz

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert rnnviz.__version__ == project["version"]
