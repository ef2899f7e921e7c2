"""How long `rnnviz render` takes as a fresh process (the whole command: Python, numpy, Qt, drawing, PNG).

    python bench/bench_render.py [--runs 7]

Prints the median of N runs of `python -m rnnviz render --out tmp.png` on the built-in lesson,
beside a bare `python -c "import PySide6.QtWidgets"` as the floor no Qt command can beat.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(command: list[str], runs: int, cwd: str) -> list[float]:
    """Wall-clock seconds of each run; the source tree is imported (PYTHONPATH), no display needed."""
    path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "PYTHONPATH": path, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rnnviz-bench-render-") as folder:
        out = str(Path(folder) / "tmp.png")
        baseline = timed([sys.executable, "-c", "import PySide6.QtWidgets"], args.runs, folder)
        render = timed([sys.executable, "-m", "rnnviz", "render", "--out", out], args.runs, folder)
        size = Path(out).stat().st_size
    print(f"python -c 'import PySide6.QtWidgets': median {statistics.median(baseline):.3f} s "
          f"(min {min(baseline):.3f}, max {max(baseline):.3f}, {args.runs} runs)")  # fmt: skip
    print(f"rnnviz render --out tmp.png:         median {statistics.median(render):.3f} s "
          f"(min {min(render):.3f}, max {max(render):.3f}, {args.runs} runs; PNG {size} bytes)")  # fmt: skip


if __name__ == "__main__":
    main()
