"""Seconds per weight edit, undo and redo in the window at its lesson-length cap (MAX_WINDOW_TOKENS).

Run: python bench/bench_window_cap.py [--hidden 4] [--repeat 9]   (offscreen unless DISPLAY is set)
Each figure includes the repaint the edit causes. Prints medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
if "DISPLAY" not in os.environ:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RNNVIZ_SETTINGS_SCOPE", "rnnviz-bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--tokens", type=int, help="lesson length (default: the cap)")
    args = parser.parse_args()

    from bench_ui import random_lesson
    from PySide6.QtWidgets import QApplication

    from rnnviz.core.edits import SetWeight
    from rnnviz.core.lesson import load_lesson
    from rnnviz.session import MAX_WINDOW_TOKENS, Position, Session
    from rnnviz.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    T = args.tokens or MAX_WINDOW_TOKENS
    window = MainWindow(Session(load_lesson(random_lesson(T, args.hidden))))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.playhead.move_to(Position(2))
    app.processEvents()

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        window.canvas.finish_animation()
        app.processEvents()
        return time.perf_counter() - start

    edits, undos, redos = [], [], []
    for k in range(args.repeat):
        row = k % (4 * args.hidden)  # another cell each time: no merging into one undo step
        edits.append(timed(lambda row=row, k=k: window.push_edit(SetWeight("lstm", "weight_ih", (row, 0), 0.01 * k))))
        undos.append(timed(window.undo_stack.undo))
        redos.append(timed(window.undo_stack.redo))
    print(f"T={T} H={args.hidden}: median s per weight edit {statistics.median(edits):.3f}, "  # noqa: T201
          f"undo {statistics.median(undos):.3f}, redo {statistics.median(redos):.3f} (n={args.repeat})")
    window.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
