"""Long random-action run on the main window, plus the failures earlier runs found, replayed.

Run: python bench/fuzz_window.py [--actions 5000] [--seed 1] [--before OLD_SOURCE_TREE]
Prints: actions tried, failures found (in the random run), failures fixed (known failures that
now pass; with --before, only those that also fail on that older source tree, e.g. one made with
`git archive e9e8715 | tar -x -C /tmp/old`). Each known failure runs in its own process, since
the failures being fixed were crashes (segfaults) of the whole process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a source tree
if "DISPLAY" not in os.environ:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RNNVIZ_SETTINGS_SCOPE", "rnnviz-fuzz")

#: Failures found before (by the issue or by this fuzzer), as small scripts; each must exit 0
#: without an error on stderr.
KNOWN = {
    "1e308 typed into an LSTM weight at t = 2 (segfault in the colour lookup)": """
w.playhead.move_to(Position(2))
w.docks[1].raise_()
m = w.weight_editor.array_model
assert m.setData(m.index(0, 0), "1e308")
assert w.session.lesson.models["lstm"].weight_ih[0, 0] == 1e308
w.canvas.finish_animation(); w.grab(); w.undo_stack.undo(); w.grab(); w.undo_stack.redo(); w.grab()
""",
    "a lesson with -1e308 in an embedding, then Right (segfault)": """
data = load_lesson(default_lesson_path()).to_dict()
data["embeddings"]["我"] = [-1e308, -1e308, -1e308]
path = folder / "minus.json"; path.write_text(json.dumps(data), encoding="utf-8")
assert w.load_path(str(path))
QTest.keyClick(w.canvas, Qt.Key.Key_Right); w.canvas.finish_animation(); w.grab()
assert w.playhead.position.step == 1
""",
    "initial_state.h = 1e308 (OverflowError at start-up)": """
data = load_lesson(default_lesson_path()).to_dict()
data["initial_state"] = {"h": [1e308] * 3, "c": [0.0] * 3}
path = folder / "h.json"; path.write_text(json.dumps(data), encoding="utf-8")
w2 = create_window(str(path)); w2.show(); w2.grab()
""",
    "refused tokens stayed in the token field (fuzz seed 7, action 26)": """
w.token_field.setText("ok \\u200b"); w.apply_tokens()
assert w.token_field.text() == " ".join(w.session.lesson.tokens), w.token_field.text()
""",
    "an exception in an undo command (aborts the process)": """
import rnnviz.session as s
real = s.trace
w.push_edit(SetWeight("lstm", "weight_ih", (0, 0), 0.5))
s.trace = lambda lesson, name: 1 / 0
w.undo_stack.undo()
s.trace = real
assert w.isVisible(); w.grab()
""",
}

_PRELUDE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from rnnviz.core.edits import SetWeight
from rnnviz.core.lesson import load_lesson
from rnnviz.resources import default_lesson_path
from rnnviz.session import Position
from rnnviz.ui.app import create_window
folder = Path(sys.argv[1])
w = create_window(); w.resize(1366, 768); w.show(); w.activateWindow(); app.processEvents()
w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
QMessageBox.warning = lambda *a: None
"""


def known_failure_passes(script: str, source: Path) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(source)}
        done = subprocess.run([sys.executable, "-c", _PRELUDE + script, folder], env=env, capture_output=True,
                              timeout=120, cwd=folder, check=False)  # fmt: skip
    signs = (b"Traceback", b"Error calling Python override")  # an uncaught error; a reported one is one line
    reported = any(sign in done.stderr for sign in signs)
    return done.returncode == 0 and not reported


def random_run(actions: int, seed: int) -> tuple[int, list[str]]:
    from PySide6.QtWidgets import QApplication

    from rnnviz.ui import errors
    from rnnviz.ui.app import create_window
    from tests.ui.window_fuzz import FuzzFailure, WindowFuzzer

    app = QApplication.instance() or QApplication([])
    errors.install_excepthook()
    failures: list[str] = []
    tried = 0
    with tempfile.TemporaryDirectory() as folder:
        while tried < actions:
            window = create_window()
            window.resize(1366, 768)
            window.show()
            fuzzer = WindowFuzzer(window, seed, Path(folder))
            try:
                while tried < actions:
                    tried += 1
                    fuzzer.step()
            except FuzzFailure as failure:
                failures.append(str(failure))
            window.ask_unsaved = lambda: None
            window.undo_stack.setClean()
            window.untitled = False
            window.close()
            window.deleteLater()
            app.processEvents()
            seed += 1  # after a failure, go on with a fresh window and the next seed
    return tried, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=int(os.environ.get("RNNVIZ_FUZZ_ACTIONS", "5000")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", type=Path, help="an older source tree: count only what failed there")
    args = parser.parse_args()
    start = time.perf_counter()
    tried, failures = random_run(args.actions, args.seed)
    for failure in failures:
        print(f"  failure: {failure}")  # noqa: T201
    fixed = 0
    for name, script in KNOWN.items():
        now = known_failure_passes(script, ROOT)
        before = None if args.before is None else known_failure_passes(script, args.before)
        counted = now and before is not True
        fixed += counted
        state = "fixed" if counted else ("still failing" if not now else "did not fail before")
        print(f"  known: {name}: {state}")  # noqa: T201
    print(f"actions tried: {tried}")  # noqa: T201
    print(f"failures found: {len(failures)}")  # noqa: T201
    print(f"failures fixed: {fixed} of {len(KNOWN)} known")  # noqa: T201
    print(f"({time.perf_counter() - start:.0f} s, seeds from {args.seed})")  # noqa: T201
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
