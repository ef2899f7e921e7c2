"""Issue 7 in the window: huge and odd values, errors inside Qt's calls, files, launch, long lessons."""

from __future__ import annotations

import json
import math
import os
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

import rnnviz
from rnnviz.core.edits import SetTokens, SetWeight
from rnnviz.session import MAX_WINDOW_TOKENS, Position
from rnnviz.ui import errors
from rnnviz.ui.colors import DIVERGING, NAN_COLOR, SEQUENTIAL, value_color, value_colors
from rnnviz.ui.numbers import format_exact, format_fixed, format_short, format_value

ODD = [math.inf, -math.inf, 1e308, -1e308, math.nan, -0.0, 5e-324, -5e-324, 1.7976931348623157e308, 0.5]


def _lesson_dict() -> dict:
    return rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()


def _write(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _rgb(color) -> tuple[int, int, int]:
    return (color.red(), color.green(), color.blue())


@pytest.mark.parametrize("kind", [DIVERGING, SEQUENTIAL])
def test_every_float_gets_a_colour_and_both_paths_agree(kind):
    few = value_colors(np.array(ODD), kind)  # the plain-Python path (16 or fewer)
    many = value_colors(np.array(ODD * 3), kind)  # the numpy path
    assert [_rgb(c) for c in few] == [_rgb(c) for c in many[: len(ODD)]]
    assert _rgb(few[0]) == _rgb(value_color(1.0, kind))  # +inf: the top of the scale
    assert _rgb(few[2]) == _rgb(value_color(1.0, kind))  # 1e308
    low = -1.0 if kind == DIVERGING else 0.0
    assert _rgb(few[1]) == _rgb(value_color(low, kind))  # -inf: the bottom
    assert _rgb(few[3]) == _rgb(value_color(low, kind))
    assert _rgb(few[4]) == _rgb(NAN_COLOR)  # NaN: grey, on neither scale
    assert _rgb(value_color(math.nan, kind)) == _rgb(NAN_COLOR)
    zero = value_colors(np.array([0.0]), kind)[0]
    assert _rgb(few[5]) == _rgb(few[6]) == _rgb(few[7]) == _rgb(zero)  # -0.0 and subnormals: zero


def test_every_float_has_a_text():
    assert [format_value(v, 60) for v in ODD[:5]] == ["+∞", "−∞", "1e308", "-1e308", "NaN"]
    assert format_value(-0.0, 60) == "0.000"  # a sign on nothing is noise in class
    assert format_value(-0.0004, 60) == "0.000"
    assert format_value(-0.0004, 40) == "0.00"
    assert format_value(-0.005, 60) == "-0.005"
    # either side of 1000, where three decimals give way to a power of ten
    assert format_value(999.9996, 60) == "1000.000"
    assert format_value(-999.9996, 40) == "-1000.00"
    assert format_value(1000.0, 60) == "1e03"
    assert format_value(-1000.0, 60) == "-1e03"
    assert format_value(-0.0049, 40) == "0.00"
    assert format_value(-0.0051, 40) == "-0.01"
    assert format_fixed(-0.0) == "0.000"
    assert format_fixed(-1e-30) == "0.000"
    assert format_fixed(-2e-3) == "-0.002"
    assert format_fixed(-0.0004) == "0.000"
    assert format_fixed(-99999.9996) == "-100000.000"  # either side of 1e5
    assert format_fixed(1e5) == "1.000e+05"
    assert format_fixed(float("nan")) == "NaN"
    assert format_short(-0.0) == "0"
    assert format_short(-1e-300) == "-1e-300"
    assert format_exact(-0.0) == "-0.0"  # editing shows the exact float
    assert format_value(5e-324, 40) == "0.00"
    assert [format_fixed(v) for v in ODD[:5]] == ["+∞", "−∞", "1.000e+308", "-1.000e+308", "NaN"]
    assert format_short(1e308) == "1e+308"
    assert format_exact(5e-324) == "5e-324"
    assert format_exact(-math.inf) == "−∞"


def test_typing_1e308_into_a_weight_at_t2_keeps_the_window(window, qtbot):
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    window.docks[1].raise_()
    editor = window.weight_editor
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.array_model.index(0, 0))
    qtbot.keyClick(editor.table, "1")  # starts the cell editor, as a user typing would
    cell_editor = QApplication.focusWidget()
    qtbot.keyClicks(cell_editor, "e308")
    assert cell_editor.text() == "1e308"
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: window.session.lesson.models["lstm"].weight_ih[0, 0] == 1e308)
    assert editor.array_model.data(editor.array_model.index(0, 0)) == "1e+308"
    window.canvas.finish_animation()
    assert not window.grab().isNull()  # paints every view
    lstm = window.session.traces["lstm"]
    shown = window.state_panel.displayed()[("lstm", "i_pre_x")]
    assert shown == [format_fixed(v) for v in lstm.i_pre_x[1]]
    assert shown[0].endswith("e+307")  # -0.2 * 1e308
    table = window.state_panel.table
    row = [r.id for r in table.rows].index(("lstm", "i_pre_x"))
    brush = table.data(table.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    blue = value_color(-1.0, DIVERGING)  # far below -1: the bluest end of the scale
    assert _rgb(brush.color()) == _rgb(blue)
    assert window.playhead.position.step == 2
    window.undo_stack.undo()
    assert window.session.lesson.models["lstm"].weight_ih[0, 0] != 1e308


def test_a_lesson_with_minus_1e308_in_an_embedding_steps_through(window, qtbot, tmp_path):
    data = _lesson_dict()
    data["embeddings"]["我"] = [-1e308, -1e308, -1e308]
    data["initial_state"] = {"h": [1e308, -1e308, 0.0], "c": [1e308, 5e-324, -0.0]}
    count = len(errors.reported)
    assert window.load_path(_write(tmp_path / "huge.json", data))
    for _ in range(3):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
        window.canvas.finish_animation()
        assert not window.grab().isNull()
    assert window.playhead.position.step == 3
    window.playhead.move_to(Position(1))
    window.canvas.finish_animation()
    strip = window.canvas.strips["lstm.x"]
    assert strip.displayed_text() == ["-1e308"] * 3
    assert window.state_panel.displayed()[("input", "x")] == ["-1.000e+308"] * 3
    assert errors.reported[count:] == []


def test_plots_take_inf_and_nan(window):
    lstm = window.session.traces["lstm"]
    h = lstm.h.copy()
    h[1] = [math.inf, -math.inf, math.nan]
    window.session.traces["lstm"] = type(lstm)("lstm", lstm.tokens, {**lstm.quantities, "h": h})
    window.timeline.show_lesson(window.session)
    window.timeline.set_memory({"lstm": np.array([math.inf, math.nan, 0.0]), "rnn": np.array([1.0, 1e-320, 2.0])}, "我")
    window.canvas.show_position(window.session, Position(1), animate=False)
    assert window.canvas.strips["lstm.h"].displayed_text() == ["+∞", "−∞", "NaN"]
    assert not window.grab().isNull()
    low, high = window.timeline.plots[("lstm", "h")].y_range
    assert (low, high) == pytest.approx((-1.05, 1.05))


def test_an_exception_while_painting_is_reported_and_the_window_lives(window, monkeypatch):
    before = window.session.lesson
    window.playhead.step_forward()
    window.canvas.finish_animation()
    count = len(errors.reported)

    def broken(values, kind):
        raise ZeroDivisionError("broken palette")

    monkeypatch.setattr("rnnviz.ui.canvas.value_colors", broken)
    for strip in window.canvas.strips.values():
        strip.update()
    window.grab()  # paints: every strip's paint raises inside Qt
    assert any("painting a value strip: ZeroDivisionError: broken palette" in line for line in errors.reported[count:])
    assert "ZeroDivisionError: broken palette" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert window.session.lesson is before
    window.playhead.step_forward()
    assert window.playhead.position.step == 2
    assert not window.grab().isNull()


def test_an_exception_inside_an_undo_command_keeps_the_lesson(window, monkeypatch):
    window.playhead.step_forward()
    before = window.session.lesson
    monkeypatch.setattr("rnnviz.session.trace", lambda lesson, name, **_: 1 / 0)
    assert not window.push_edit(SetWeight("lstm", "weight_ih", (0, 0), 0.25))
    assert window.session.lesson is before  # the failed redo changed nothing
    assert window.undo_stack.count() == 0  # and left nothing to undo
    assert "ZeroDivisionError" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert window.push_edit(SetWeight("lstm", "weight_ih", (0, 0), 0.25))
    edited = window.session.lesson
    monkeypatch.setattr("rnnviz.session.trace", lambda lesson, name, **_: 1 / 0)
    window.undo_stack.undo()  # fails inside Qt's call of undo()
    assert window.session.lesson is edited
    assert "undoing “Edit weight”" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert window.isVisible()
    window.playhead.step_forward()
    assert window.position_label.text().startswith("t = 2 / 3")


def test_an_exception_in_a_slot_reaches_the_status_bar(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    sys.excepthook(KeyError, KeyError("gone"), None)
    assert window.statusBar().currentMessage() == "⚠ unexpected error: KeyError: 'gone'"


def test_an_exception_in_an_action_slot_is_reported(window, monkeypatch):
    monkeypatch.setattr(window.playhead, "move_to", lambda position: 1 / 0)
    window.forward_action.trigger()
    assert "in “Step forward”: ZeroDivisionError" in window.statusBar().currentMessage()
    assert window.isVisible()


def test_a_malformed_lesson_of_any_kind_keeps_the_current_one_and_its_edits(window, tmp_path, monkeypatch):
    assert window.push_edit(SetWeight("lstm", "weight_ih", (0, 0), 0.75))
    edited = window.session.lesson
    asked, shown = [], []
    window.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr("rnnviz.ui.main_window.load_lesson", lambda path: [][0])
    assert not window.load_path(str(tmp_path / "odd.json"))
    assert shown == [("Cannot open lesson", f"{tmp_path / 'odd.json'}: IndexError: list index out of range")]
    assert asked == []  # a file that cannot be opened never costs the edits
    assert window.session.lesson is edited
    assert window.isWindowModified()


def test_a_lesson_too_long_for_the_window_points_to_the_cli(window, tmp_path, monkeypatch):
    data = _lesson_dict()
    data["tokens"] = ["我"] * (MAX_WINDOW_TOKENS + 1)
    path = _write(tmp_path / "long.json", data)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = window.session.lesson
    assert not window.load_path(path)
    assert shown == [
        f"{path} has {MAX_WINDOW_TOKENS + 1} tokens; the window shows at most {MAX_WINDOW_TOKENS}. "
        "For long lessons use the command line: rnnviz export LESSON.json --out trace.csv"
    ]
    assert window.session.lesson is before
    window.token_field.setText(" ".join(["a"] * (MAX_WINDOW_TOKENS + 1)))
    window.apply_tokens()
    assert window.session.lesson is before
    assert f"the window shows at most {MAX_WINDOW_TOKENS}" in window.statusBar().currentMessage()
    assert window.push_edit(SetTokens(("a",) * MAX_WINDOW_TOKENS))
    assert window.position_label.text().startswith(f"t = 0 / {MAX_WINDOW_TOKENS}")


def test_read_only_targets_are_replaced_only_when_the_user_says_so(window, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("{}", encoding="utf-8")
    os.chmod(target, 0o444)
    asked = []
    window.ask_replace_readonly = lambda path: asked.append(str(path)) or False
    assert not window._save_to(target)
    assert asked == [str(target)]
    assert target.read_text(encoding="utf-8") == "{}"
    assert window.statusBar().currentMessage() == f"⚠ {target} is read-only; it was not changed"
    window.ask_replace_readonly = lambda path: asked.append(str(path)) or True
    assert window._save_to(target)
    assert rnnviz.load_lesson(target).tokens == window.session.lesson.tokens
    assert not os.access(target, os.W_OK) or os.geteuid() == 0  # still read-only afterwards
    csv = tmp_path / "trace.csv"
    csv.write_text("old", encoding="utf-8")
    os.chmod(csv, 0o444)
    window.ask_replace_readonly = lambda path: False
    assert not window.export_trace_to(str(csv))
    assert csv.read_text(encoding="utf-8") == "old"


def test_canvas_exports_keep_a_symlink(window, tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    assert window.export_canvas_to(str(link))
    assert link.is_symlink()
    assert QImage(str(real)).width() > 1000
    svg_real, svg_link = tmp_path / "real.svg", tmp_path / "link.svg"
    svg_real.write_text("old", encoding="utf-8")
    svg_link.symlink_to(svg_real)
    assert window.export_canvas_to(str(svg_link))
    assert svg_link.is_symlink()
    assert "<svg" in svg_real.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.png", "link.svg", "real.png", "real.svg"]


def test_launch_with_a_bad_lesson_shows_it_over_the_built_in_lesson(qtbot, tmp_path, monkeypatch, capsys):
    from rnnviz.ui import app as app_module

    bad = _write(tmp_path / "bad.json", {"format": "rnnviz-lesson", "version": 1, "tokens": []})
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run_app(bad) == 0
    window = QApplication.instance().main_window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: shown != [])
    with pytest.raises(rnnviz.LessonError) as error:
        rnnviz.load_lesson(bad)
    assert shown == [("Cannot open lesson", f"{error.value}\n\nThe built-in lesson is shown instead.")]
    assert capsys.readouterr().err == f"rnnviz: {error.value}\n"
    assert window.builtin
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
    window.close()


def test_launch_with_a_lesson_that_fails_once_loaded(qtbot, tmp_path, monkeypatch):
    from rnnviz.ui import app as app_module
    from rnnviz.ui.main_window import MainWindow

    data = _lesson_dict()
    data["initial_state"] = {"h": [1e308, 1e308, 1e308], "c": [0.0, 0.0, 0.0]}
    path = _write(tmp_path / "huge.json", data)
    window, problem = app_module.launch_window(path)  # huge values now open normally
    qtbot.addWidget(window)
    assert problem is None
    assert window.state_panel.displayed()[("lstm", "h")] == ["1.000e+308"] * 3
    original = MainWindow.__init__

    def failing(self, session, builtin=False):
        original(self, session, builtin)
        if not builtin:
            raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(MainWindow, "__init__", failing)
    window, problem = app_module.launch_window(path)
    qtbot.addWidget(window)
    assert problem == f"{path}: OverflowError: cannot convert float infinity to integer"
    assert window.builtin


def test_embedding_edits_with_odd_values(window):
    model = window.embedding_editor.array_model
    window.docks[2].raise_()
    for text, accepted in (("5e-324", True), ("-0.0", True), ("nan", False), ("inf", False), ("abc", False),
                           ("1e309", False), ("-1e308", True)):  # fmt: skip
        before = window.session.lesson
        assert model.setData(model.index(1, 2), text) is accepted, text
        assert (window.session.lesson is not before) is accepted, text
        if not accepted:
            assert window.statusBar().currentMessage() == (
                f"⚠ {text!r} is not a finite number; the value was not changed"
            )
    assert window.session.lesson.embeddings["爱"][2] == -1e308
    assert model.data(model.index(1, 2)) == "-1e+308"


def test_launch_with_a_missing_lesson_shows_the_built_in_one_and_says_why(qtbot, tmp_path):
    from rnnviz.ui import app as app_module

    path = tmp_path / "gone.json"
    window, problem = app_module.launch_window(path)
    qtbot.addWidget(window)
    assert problem == f"{path}: cannot read: No such file or directory"
    assert window.builtin
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
