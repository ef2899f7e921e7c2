"""Window benchmarks with all three models shown: stepping, a weight edit, and start-up against a bare
PySide6 + pyqtgraph window.

Run: python bench/bench_ui.py   (offscreen unless QT_QPA_PLATFORM or DISPLAY says otherwise)
Prints medians; the start-up ratio is measured against a baseline in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a source tree
if "DISPLAY" not in os.environ:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RNNVIZ_SETTINGS_SCOPE", "rnnviz-bench")

import numpy as np  # noqa: E402

from rnnviz.core.models import MODELS, SPECS  # noqa: E402

GATES = {model: spec.gate_count for model, spec in SPECS.items()}


def random_lesson(T: int, H: int, D: int = 8, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{k}" for k in range(20)]
    bound = 1 / np.sqrt(H)

    def uniform(*shape):
        return rng.uniform(-bound, bound, shape).tolist()

    return {
        "format": "rnnviz-lesson",
        "version": 1,
        "title": f"bench T={T} H={H}",
        "tokens": [vocabulary[k % 20] for k in range(T)],
        "embeddings": {w: rng.uniform(-1, 1, D).tolist() for w in vocabulary},
        "hidden_size": H,
        "models": {
            m: {
                "weight_ih": uniform(GATES[m] * H, D),
                "weight_hh": uniform(GATES[m] * H, H),
                "bias_ih": uniform(GATES[m] * H),
                "bias_hh": uniform(GATES[m] * H),
            }
            for m in MODELS  # all three models, all shown
        },
    }


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1e3:.2f} ms (min {min(samples) * 1e3:.2f}, n={len(samples)})"


def bench_window() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    import rnnviz
    from rnnviz.core.edits import SetWeight
    from rnnviz.session import Session
    from rnnviz.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    # a fresh settings folder: a window state saved by an earlier run (docks shown or floating)
    # would otherwise decide which views are visible, and so what a step costs
    folder = tempfile.mkdtemp(prefix="rnnviz-bench-settings-")
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)

    def make(lesson, path=None):
        window = MainWindow(Session(lesson, path), builtin=path is None)
        window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # never block on a dialog
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        return window

    def step_times(window, repeats: int, full_repaint: bool = False, backward: bool = False) -> list[float]:
        """One timestep: playhead, canvas (its transition run to the end), panel, timeline cursor, status,
        and the painting of everything that changed (the event loop's paint; with `full_repaint`, then
        the whole window again: an upper bound. A repaint() alone would paint the graphics items'
        cached pictures before the scene has processed their changes, which the event loop does).
        Forward steps (the target's), or with `backward` the steps of the backward pass."""
        samples = []
        for _ in range(repeats):
            if backward and not window.playhead.position.backward:
                window.playhead.run_backward()
                window.canvas.finish_animation()
                app.processEvents()
            done = window.playhead.at_end or (not backward and window.playhead.index >= window.playhead.forward_end)
            if done:
                window.playhead.reset()
                window.canvas.finish_animation()
                app.processEvents()
            start = time.perf_counter()
            window.playhead.step_forward()
            window.canvas.finish_animation()
            app.processEvents()
            if full_repaint:  # and then all of the window again, changed or not
                window.repaint()
            samples.append(time.perf_counter() - start)
        return samples

    for label, lesson, target in (
        ("default lesson (T=3, H=3)", rnnviz.load_lesson(rnnviz.default_lesson_path()), 16),
        ("T=50 H=64", rnnviz.load_lesson(random_lesson(T=50, H=64)), 33),
    ):
        window = make(lesson)
        assert window.session.shown_models == MODELS
        step_times(window, 10)  # warm up
        print(f"step, {label}: {median_ms(step_times(window, 150))}   target < {target} ms")
        print(f"  (upper bound, whole window repainted: {median_ms(step_times(window, 150, full_repaint=True))})")
        print(f"  (a step of the backward pass: {median_ms(step_times(window, 150, backward=True))})")
        window.close()

    edit = make(rnnviz.load_lesson(random_lesson(T=50, H=16)))
    edit.playhead.move_to(type(edit.playhead.position)(25))
    samples = []
    for k in range(40):
        start = time.perf_counter()
        edit.push_edit(SetWeight("lstm", "weight_hh", (k % 16, (k * 7) % 16), 0.01 * k))
        edit.canvas.finish_animation()
        edit.repaint()  # an edit changes every view: repaint the whole window
        samples.append(time.perf_counter() - start)
    print(f"weight edit, T=50 H=16 (recompute + redraw): {median_ms(samples[5:])}   target < 50 ms")
    edit.close()


_BARE = """
import time, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication([])
w = QMainWindow(); plot = pg.PlotWidget(); plot.plot([0, 1, 2], [0, 1, 0]); w.setCentralWidget(plot)
"""

_RNNVIZ = """
import time, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
from rnnviz.ui.app import create_window
w = create_window()
"""

_SHOW = """
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", time.monotonic(), flush=True); app.quit()
        return False
f = Painted(); app.installEventFilter(f); w.resize(1366, 768); w.show(); app.exec()
"""


def _startup_seconds(code: str) -> tuple[float, float]:
    """(seconds from launching the process to its first paint, seconds until the process has ended).
    The first is the start-up; the second adds tearing the window down and exiting, which is not
    start-up (an earlier version of this benchmark timed only that, and so counted the exit too).
    Both clocks are the system's monotonic clock, the same in both processes."""
    # Like an installed copy (pip compiles .py to .pyc when it installs), the source tree's
    # bytecode may be cached: this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise
    # make every run recompile rnnviz while the baseline's packages load compiled.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # a new user's first start: no window layout saved by an earlier run (one left in the user's
    # settings once made this benchmark start with the activation curves in a dock of their own)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="rnnviz-bench-config-")
    start = time.monotonic()
    output = subprocess.run(
        [sys.executable, "-c", code + _SHOW], capture_output=True, text=True, cwd=ROOT, timeout=60, env=env
    ).stdout
    ended = time.monotonic() - start
    painted = [line.split() for line in output.splitlines() if line.startswith("painted ")]
    if not painted:
        raise RuntimeError("the window did not paint")
    return float(painted[0][1]) - start, ended


def bench_startup(repeats: int = 9) -> None:
    bare, ours, bare_exit, ours_exit = [], [], [], []
    _startup_seconds(_BARE)  # warm the file cache
    _startup_seconds(_RNNVIZ)
    for _ in range(repeats):  # interleaved, so both see the same machine load
        for code, painted, ended in ((_BARE, bare, bare_exit), (_RNNVIZ, ours, ours_exit)):
            first, last = _startup_seconds(code)
            painted.append(first)
            ended.append(last)
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"start-up to first paint, bare PySide6 + pyqtgraph window: {median_ms(bare)}")
    print(f"start-up to first paint, rnnviz on the default lesson:     {median_ms(ours)}")
    print(f"ratio rnnviz / bare = {ratio:.2f}   target <= 1.25")
    exit_ratio = statistics.median(ours_exit) / statistics.median(bare_exit)
    print(f"  (launch to exit after the first paint: bare {median_ms(bare_exit)}, rnnviz {median_ms(ours_exit)},"
          f" ratio {exit_ratio:.2f})")


if __name__ == "__main__":
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM') or 'xcb (DISPLAY=' + os.environ.get('DISPLAY', '') + ')'}")
    bench_window()
    bench_startup()
