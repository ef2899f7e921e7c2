"""What a child process of rnnviz (the model reader, the training run) starts with."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the rnnviz package


def child_env() -> dict[str, str]:
    """The parent's environment, with this rnnviz importable and numpy's thread pools off (a pool
    would reserve address space for nothing, and small matrices gain nothing from threads)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[threads] = "1"
    return env
