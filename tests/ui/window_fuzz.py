"""Random user actions on the main window from a seed, with a check of what it shows after each.

Used by tests/ui/test_fuzz_window.py (a few hundred actions) and bench/fuzz_window.py (thousands).
An action that breaks the window raises FuzzFailure naming the seed, the action number and the
action, so that `replay(window, seed, n)` reproduces it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from rnnviz.core.edits import ReplaceLesson, randomized
from rnnviz.core.lesson import load_lesson
from rnnviz.resources import default_lesson_path
from rnnviz.session import LAST_STAGE, Position
from rnnviz.ui import errors
from rnnviz.ui.numbers import format_fixed

VALUES = ["1e308", "-1e308", "-0.0", "5e-324", "-5e-324", "nan", "inf", "-inf", "abc", "", "1e309", "0.5", "-3",
          "1.7976931348623157e308", "２", "1_000", " 7 ", "0x10", "1e-320", "1e306", "-1.5e307"]  # fmt: skip
TOKENS = ["我", "爱", "祖国", "a", "NA", "=1+1", "e\u0301", "👩‍👩‍👧", "\u202eabc", "\u200b", "x\u0000y", "\t", "ÿ",
          "漢字かな", "\ufeff", "a" * 300, "🇫🇷", "\u0301", "Ω", "ß", "İ", "x"]  # fmt: skip
_NONE, _SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
KEYS = [(Qt.Key.Key_Right, _NONE), (Qt.Key.Key_Left, _NONE), (Qt.Key.Key_Right, _SHIFT), (Qt.Key.Key_Left, _SHIFT),
        (Qt.Key.Key_Home, _NONE), (Qt.Key.Key_End, _NONE)]  # fmt: skip
EXTREMES = [1e308, -1e308, 1.7976931348623157e308, -0.0, 5e-324, 1e-320, 0.0, 1e300, -1e306]


class FuzzFailure(AssertionError):
    pass


def process_events(ms: int = 0) -> None:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)


def extreme_lesson(rng: random.Random, folder: Path) -> Path:
    """A valid lesson file whose numbers are taken from the float64 extremes."""
    data = load_lesson(default_lesson_path()).to_dict()

    def fill(value):
        if isinstance(value, list):
            return [fill(v) for v in value]
        return rng.choice(EXTREMES) if rng.random() < 0.3 else value

    for name in data["models"]:
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            data["models"][name][key] = fill(data["models"][name][key])
    data["embeddings"] = {token: fill(vector) for token, vector in data["embeddings"].items()}
    data["initial_state"] = {key: fill(vector) for key, vector in data["initial_state"].items()}
    data["tokens"] = [rng.choice(list(data["embeddings"])) for _ in range(rng.randint(1, 6))]
    # the built-in lesson's notes belong to its own sentence: keep those whose step still exists
    data["notes"] = [note for note in data.get("notes", []) if note["step"] <= len(data["tokens"])]
    path = folder / f"extreme-{rng.randrange(10**9)}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


class WindowFuzzer:
    """Drives one window; `step()` does one random action and checks the window afterwards."""

    def __init__(self, window, seed: int, folder: Path, paint_every: int = 4):
        self.window = window
        self.rng = random.Random(seed)
        self.seed = seed
        self.folder = folder
        self.paint_every = paint_every
        self.count = 0
        self.tried: dict[str, int] = {}
        window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        window.ask_replace_readonly = lambda path: False
        self._warnings: list[str] = []
        self.actions: list[tuple[str, Callable[[], str]]] = [
            ("key", self.key), ("key", self.key), ("key", self.key), ("play", self.play), ("tokens", self.tokens),
            ("weight", self.weight), ("weight", self.weight), ("embedding", self.embedding), ("undo", self.undo),
            ("redo", self.redo), ("randomize", self.randomize), ("resize", self.resize), ("open", self.open),
            ("revert", self.revert), ("slider", self.slider),
        ]  # fmt: skip

    # -- actions: each returns a description ----------------------------------------------
    def key(self) -> str:
        key, modifier = self.rng.choice(KEYS)
        QTest.keyClick(self.window.canvas, key, modifier)
        return f"key {key.name}{' +shift' if modifier else ''}"

    def play(self) -> str:
        self.window.play_timer.setInterval(1)
        self.window.toggle_play()
        process_events(self.rng.randint(0, 20))
        if self.rng.random() < 0.7 and self.window.playing:
            self.window.toggle_play()
        return "play"

    def tokens(self) -> str:
        tokens = [self.rng.choice(TOKENS) for _ in range(self.rng.randint(0, 5))]
        self.window.token_field.setText(" ".join(tokens))
        self.window.apply_tokens()
        return f"tokens {tokens!r}"

    def _edit(self, dock: int, editor) -> str:
        self.window.docks[dock].raise_()
        model = editor.array_model
        if dock == 1:
            editor.model_box.setCurrentIndex(self.rng.randrange(editor.model_box.count()))
            editor.block_list.setCurrentRow(self.rng.randrange(editor.block_list.count()))
        if model.rowCount() == 0:
            return "edit of an empty table"
        row, column = self.rng.randrange(model.rowCount()), self.rng.randrange(model.columnCount())
        text = self.rng.choice(VALUES)
        model.setData(model.index(row, column), text)
        return f"{'weight' if dock == 1 else 'embedding'} [{row}, {column}] = {text!r}"

    def weight(self) -> str:
        return self._edit(1, self.window.weight_editor)

    def embedding(self) -> str:
        return self._edit(2, self.window.embedding_editor)

    def undo(self) -> str:
        self.window.undo_action.trigger()
        return "undo"

    def redo(self) -> str:
        self.window.redo_action.trigger()
        return "redo"

    def randomize(self) -> str:
        seed = self.rng.randrange(2**31)
        self.window.push_edit(ReplaceLesson(randomized(self.window.session.lesson, seed), "Randomize"))
        return f"randomize {seed}"

    def resize(self) -> str:
        size = QSize(self.rng.randint(200, 1800), self.rng.randint(150, 1000))
        self.window.resize(size)
        return f"resize {size.width()}x{size.height()}"

    def open(self) -> str:
        path = extreme_lesson(self.rng, self.folder)
        shown = []
        original = QMessageBox.warning
        QMessageBox.warning = lambda parent, title, text: shown.append(text)  # never a modal dialog here
        try:
            self.window.load_path(path)
        finally:
            QMessageBox.warning = original
        if shown:
            raise FuzzFailure(f"a valid extreme lesson was refused: {shown[0]}")
        return f"open {json.loads(path.read_text(encoding='utf-8'))['initial_state']}"

    def revert(self) -> str:
        self.window.revert_to_saved()
        return "revert"

    def slider(self) -> str:
        self.window.slider.setValue(self.rng.randint(0, self.window.slider.maximum()))
        return "slider"

    # -- one step ---------------------------------------------------------------------------
    def step(self) -> str:
        name, action = self.rng.choice(self.actions)
        self.count += 1
        self.tried[name] = self.tried.get(name, 0) + 1
        before = len(errors.reported)
        description = "?"
        try:
            description = action()
            process_events()
            if self.count % self.paint_every == 0:
                self.window.canvas.finish_animation()
                if self.window.grab().isNull():
                    raise FuzzFailure("the window painted nothing")
            self.check()
        except FuzzFailure as failure:
            raise FuzzFailure(f"seed {self.seed}, action {self.count} ({description}): {failure}") from None
        except Exception as error:
            raise FuzzFailure(
                f"seed {self.seed}, action {self.count} ({description}): {errors.describe(error)}"
            ) from error
        if len(errors.reported) > before:
            raise FuzzFailure(f"seed {self.seed}, action {self.count} ({description}): {errors.reported[before]}")
        return description

    def check(self) -> None:
        """What the window shows agrees with its session."""
        w = self.window
        session, position = w.session, w.playhead.position
        if not w.isVisible():
            raise FuzzFailure("the window is gone")
        T = session.T
        if w.playhead.T != T or not 0 <= position.step <= T:
            raise FuzzFailure(f"playhead at {position} of {w.playhead.T}, lesson has {T} tokens")
        for name, trace in session.traces.items():
            if trace.T != T or trace.tokens != session.lesson.tokens:
                raise FuzzFailure(f"the {name} trace is of another lesson")
        expected = f"t = {position.step} / {T}"
        if position.step:
            expected += f"   “{session.lesson.tokens[position.step - 1]}”"
        if position.backward:
            expected += f"   backward pass: the gradient from h({T}) reaches h({position.step})"
        elif position.step:
            expected += f"   phase: {session.stage_name(position.phase)}"
        else:
            expected += "   initial state"
        described, shown = w.position_label.accessibleDescription(), w.position_label.text()
        # the whole line is its description; a line too long for the window is shown elided
        elided = shown.endswith("…") and expected.startswith(shown[:-1])
        if described != expected or not (shown == expected or elided):
            raise FuzzFailure(f"status shows {shown!r} ({described!r}), expected {expected!r}")
        if w.slider.value() != position.step or w.slider.maximum() != T:
            raise FuzzFailure(f"slider at {w.slider.value()}/{w.slider.maximum()}, expected {position.step}/{T}")
        if not w.token_field.hasFocus() and w.token_field.text() != " ".join(session.lesson.tokens):
            raise FuzzFailure(f"token field shows {w.token_field.text()!r}")
        lstm = session.traces.get("lstm")
        if lstm is not None and (position.step == 0 or position.phase == LAST_STAGE):
            shown = w.state_panel.displayed()[("lstm", "h")]
            if shown != [format_fixed(v) for v in lstm.h[position.step]]:
                raise FuzzFailure(f"state panel h(t) shows {shown}")
            strip = w.canvas.strips.get("lstm.h")
            # forward: h(t); backward: how much h(T) depends on each unit of h(t)
            want = session.backward_pass("lstm").at_h[position.step] if position.backward else lstm.h[position.step]
            if strip is not None and (strip.values is None or not _same(strip.values, want)):
                raise FuzzFailure("the canvas h(t) strip shows other values")
        if w.has_unsaved_edits != w.isWindowModified():
            raise FuzzFailure("the title's unsaved mark disagrees with the undo stack")

    def run(self, actions: int) -> None:
        for _ in range(actions):
            self.step()


def _same(a, b) -> bool:
    import numpy as np

    return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))


def replay(window, seed: int, actions: int, folder: Path) -> WindowFuzzer:
    fuzzer = WindowFuzzer(window, seed, folder)
    fuzzer.run(actions)
    return fuzzer


__all__ = ["FuzzFailure", "Position", "WindowFuzzer", "extreme_lesson", "replay"]
