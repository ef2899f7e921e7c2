"""The main window driven like a user would: keys, edits, undo, files, playback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QValidator
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QSlider, QToolButton

import rnnviz
from rnnviz.cli import main as cli_main
from rnnviz.core.edits import SetTitle, SetTokens
from rnnviz.core.lesson import default_embedding
from rnnviz.core.models import LAST_STAGE, SPECS
from rnnviz.session import Position
from rnnviz.ui.canvas import format_value
from rnnviz.ui.editors import NumberDelegate

FORGET, INPUT = SPECS["lstm"].phase("forget").stage, SPECS["lstm"].phase("input").stage

# Screenshots for a person to look at go where RNNVIZ_TEST_ARTIFACTS says; never into the repository.
ARTIFACTS = os.environ.get("RNNVIZ_TEST_ARTIFACTS")


def settle(window) -> None:
    window.canvas.finish_animation()


def canvas_values(window) -> dict[str, np.ndarray | None]:
    return {key: strip.values for key, strip in window.canvas.strips.items()}


def assert_canvas_shows(window, t: int) -> None:
    """Every strip of the canvas holds the engine's numbers for complete step t."""
    lstm, rnn = window.session.traces["lstm"], window.session.traces["rnn"]
    shown = canvas_values(window)
    np.testing.assert_array_equal(shown["lstm.h"], lstm.h[t])
    np.testing.assert_array_equal(shown["lstm.c"], lstm.c[t])
    np.testing.assert_array_equal(shown["rnn.h"], rnn.h[t])
    if t > 0:
        np.testing.assert_array_equal(shown["lstm.f"], lstm.f[t - 1])
        np.testing.assert_array_equal(shown["lstm.i"], lstm.i[t - 1])
        np.testing.assert_array_equal(shown["lstm.g"], lstm.g[t - 1])
        np.testing.assert_array_equal(shown["lstm.o"], lstm.o[t - 1])
        np.testing.assert_array_equal(shown["lstm.tanh_c"], lstm.tanh_c[t - 1])
        np.testing.assert_array_equal(shown["lstm.c_prev"], lstm.c[t - 1])
        np.testing.assert_array_equal(shown["lstm.h_prev"], lstm.h[t - 1])
        np.testing.assert_array_equal(shown["lstm.x"], lstm.x[t - 1])
        np.testing.assert_array_equal(shown["rnn.pre"], rnn.pre[t - 1])
        np.testing.assert_array_equal(shown["rnn.h_prev"], rnn.h[t - 1])
    strip = window.canvas.strips["lstm.h"]  # what is painted as text is the formatted value
    assert strip.displayed_text() == [format_value(v, strip.width / strip.units) for v in lstm.h[t]]


def assert_panel_shows(window, t: int) -> None:
    lstm, rnn = window.session.traces["lstm"], window.session.traces["rnn"]
    shown = window.state_panel.displayed()

    def fmt(values):
        return [f"{v:.3f}".replace("-0.000", "0.000") for v in values]

    assert shown[("lstm", "h")] == fmt(lstm.h[t])
    assert shown[("lstm", "c")] == fmt(lstm.c[t])
    assert shown[("rnn", "h")] == fmt(rnn.h[t])
    if t > 0:
        assert shown[("lstm", "f")] == fmt(lstm.f[t - 1])
        assert shown[("lstm", "f_pre_x")] == fmt(lstm.f_pre_x[t - 1])
        assert shown[("lstm", "f_pre_h")] == fmt(lstm.f_pre_h[t - 1])
        assert shown[("lstm", "o")] == fmt(lstm.o[t - 1])
        assert shown[("input", "x")] == fmt(lstm.x[t - 1])
        assert shown[("rnn", "pre_h")] == fmt(rnn.pre_h[t - 1])


def test_hidden_editors_catch_up_when_shown(window):
    window.docks[1].raise_()
    assert window.weight_editor.lesson is window.session.lesson
    window.docks[0].raise_()
    window.push_edit(SetTokens(("a", "b")))
    assert window.weight_editor.lesson is not window.session.lesson
    window.docks[2].raise_()
    assert window.embedding_editor.tokens == ["a", "b"]
    window.docks[1].raise_()
    assert window.weight_editor.lesson is window.session.lesson


def test_starts_on_the_default_lesson(window):
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
    assert "我 爱 祖国" in window.windowTitle()
    assert "built-in lesson" in window.windowTitle()
    assert not window.isWindowModified()
    assert window.token_field.text() == "我 爱 祖国"
    assert window.position_label.text().startswith("t = 0 / 3")


def test_stepping_with_shortcuts_shows_the_trace(window, qtbot):
    for t in (1, 2, 3):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
        settle(window)
        assert window.playhead.position == Position(t, LAST_STAGE)
        assert_canvas_shows(window, t)
        assert_panel_shows(window, t)
        token = window.session.lesson.tokens[t - 1]
        assert window.position_label.text().startswith(f"t = {t} / 3   “{token}”")
        assert window.slider.value() == t
        assert window.timeline.step == t
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)  # past the end of the forward pass: backwards
    assert window.playhead.position == Position(3, backward=True)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.playhead.position == Position(3)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    settle(window)
    assert_canvas_shows(window, 2)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    settle(window)
    assert window.playhead.position == Position(0)
    assert_canvas_shows(window, 0)
    assert canvas_values(window)["lstm.f"] is None
    qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    assert window.playhead.position == Position(3)


def test_phases_reveal_values_in_equation_order(window, qtbot):
    lstm = window.session.traces["lstm"]
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right, shift)
    assert window.playhead.position == Position(1, 0)  # inputs only
    shown = canvas_values(window)
    assert shown["lstm.f"] is None
    assert shown["lstm.c"] is None
    assert shown["lstm.h"] is None
    np.testing.assert_array_equal(shown["lstm.x"], lstm.x[0])
    assert window.state_panel.displayed()[("lstm", "f")] == []
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right, shift)
    assert window.playhead.position == Position(1, FORGET)
    shown = canvas_values(window)
    np.testing.assert_array_equal(shown["lstm.f"], lstm.f[0])
    assert shown["lstm.i"] is None
    assert window.state_panel.displayed()[("lstm", "f")] == [f"{v:.3f}" for v in lstm.f[0]]
    assert "forget gate" in window.position_label.text()
    assert "lstm.f" in window.canvas.highlighted()
    assert "lstm.i" not in window.canvas.highlighted()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right, shift)
    assert window.playhead.position == Position(1, INPUT)
    np.testing.assert_array_equal(canvas_values(window)["lstm.g"], lstm.g[0])
    assert canvas_values(window)["lstm.c"] is None
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left, shift)
    assert window.playhead.position == Position(1, FORGET)
    assert canvas_values(window)["lstm.i"] is None


def test_transition_is_animated_not_a_jump(window, qtbot):
    window.playhead.step_forward()
    settle(window)
    strip = window.canvas.strips["lstm.h"]
    window.playhead.step_forward()
    target = window.session.traces["lstm"].h[2]
    running = window.canvas._animation.State.Running
    assert window.canvas._animation.state() == running
    assert not np.allclose(strip._shown, target)  # not there yet
    qtbot.waitUntil(lambda: window.canvas._animation.state() != running, timeout=3000)
    np.testing.assert_allclose(strip._shown, target)


def _set_weight(window, model: str, block_row: int, row: int, column: int, text: str) -> bool:
    window.docks[1].raise_()  # the Weights tab, as a user would open it
    editor = window.weight_editor
    editor.model_box.setCurrentIndex(editor.model_box.findData(model))
    editor.block_list.setCurrentRow(block_row)
    return editor.array_model.setData(editor.array_model.index(row, column), text)


def test_weight_edit_recomputes_everything_and_undo_restores(window, qtbot):
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    settle(window)
    original = window.session.traces["lstm"].f.copy()
    window.docks[1].raise_()
    assert window.weight_editor.block_list.item(4).text().startswith("W_f")  # weight_ih rows H..2H-1
    assert _set_weight(window, "lstm", 4, 1, 1, "-0.5")
    H = window.session.lesson.hidden_size
    assert window.session.lesson.models["lstm"].weight_ih[H + 1, 1] == -0.5
    changed = window.session.traces["lstm"].f.copy()
    assert not np.array_equal(changed, original)
    assert window.playhead.position.step == 2  # the timestep is kept
    settle(window)
    assert_canvas_shows(window, 2)
    assert_panel_shows(window, 2)
    assert window.isWindowModified()
    model = window.weight_editor.array_model
    assert model.data(model.index(1, 1)) == "-0.5"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(window.session.traces["lstm"].f, original)
    settle(window)
    assert_canvas_shows(window, 2)
    assert_panel_shows(window, 2)
    assert not window.isWindowModified()
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, redo)
    np.testing.assert_array_equal(window.session.traces["lstm"].f, changed)


def test_repeated_edits_of_one_cell_undo_in_one_step(window):
    before = window.session.lesson.models["rnn"].weight_hh.copy()
    for text in ("1", "2", "3"):
        assert _set_weight(window, "rnn", 1, 0, 0, text)
    assert window.session.lesson.models["rnn"].weight_hh[0, 0] == 3.0
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    np.testing.assert_array_equal(window.session.lesson.models["rnn"].weight_hh, before)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-inf", "1e999", ""])
def test_weight_cell_refuses_non_numbers(window, text):
    before = window.session.lesson
    assert not _set_weight(window, "lstm", 0, 0, 0, text)
    assert window.session.lesson is before
    assert window.undo_stack.count() == 0
    assert "not a finite number" in window.statusBar().currentMessage()


def test_weight_editor_validator_rejects_nan():
    editor = NumberDelegate().createEditor(None, None, None)
    validator = editor.validator()
    assert validator.validate("nan", 0)[0] == QValidator.State.Invalid
    assert validator.validate("abc", 0)[0] == QValidator.State.Invalid
    assert validator.validate("1.5e-3", 0)[0] == QValidator.State.Acceptable


def test_token_edit_recomputes_and_undoes(window, qtbot):
    window.token_field.setText("我 爱 你")  # QTest can only type ASCII
    qtbot.keyClicks(window.token_field, " ")
    window.token_field.insert("🙂")
    qtbot.keyClick(window.token_field, Qt.Key.Key_Return)
    lesson = window.session.lesson
    assert lesson.tokens == ("我", "爱", "你", "🙂")
    np.testing.assert_array_equal(lesson.embeddings["你"], default_embedding("你", 3))
    assert window.session.traces["lstm"].T == 4
    assert window.slider.maximum() == 4
    qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    settle(window)
    assert_canvas_shows(window, 4)
    assert_panel_shows(window, 4)
    window.docks[2].raise_()
    assert window.embedding_editor.tokens == ["我", "爱", "你", "🙂"]
    window.undo_stack.undo()
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
    assert window.token_field.text() == "我 爱 祖国"
    assert window.playhead.position.step == 3


def test_empty_tokens_are_refused_with_a_message(window, qtbot):
    window.token_field.setText("   ")
    qtbot.keyClick(window.token_field, Qt.Key.Key_Return)
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
    assert "at least one token" in window.statusBar().currentMessage()
    assert window.token_field.text() == "我 爱 祖国"
    assert window.undo_stack.count() == 0


def test_embedding_edit_follows_and_undoes(window):
    window.docks[2].raise_()
    model = window.embedding_editor.array_model
    before = window.session.traces["rnn"].h.copy()
    assert model.setData(model.index(1, 0), "0.75")  # 爱, component 0
    assert window.session.lesson.embeddings["爱"][0] == 0.75
    assert window.session.traces["rnn"].x[1, 0] == 0.75
    assert not np.array_equal(window.session.traces["rnn"].h, before)
    window.undo_stack.undo()
    np.testing.assert_array_equal(window.session.traces["rnn"].h, before)


def test_randomize_and_revert(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (7, True))
    original = window.session.lesson
    window.randomize_weights()
    first = window.session.lesson.models["lstm"].weight_hh.copy()
    assert not np.array_equal(first, original.models["lstm"].weight_hh)
    window.undo_stack.undo()
    assert window.session.lesson is original
    window.randomize_weights()
    np.testing.assert_array_equal(window.session.lesson.models["lstm"].weight_hh, first)  # same seed
    window.revert_to_saved()
    assert window.session.lesson is original


def test_export_csv_from_window_equals_cli(window, tmp_path):
    ui_file, cli_file = tmp_path / "ui.csv", tmp_path / "cli.csv"
    assert window.export_trace_to(str(ui_file))
    assert cli_main(["export", "--out", str(cli_file)]) == 0
    assert ui_file.read_bytes() == cli_file.read_bytes()
    assert ui_file.read_bytes().startswith(b"model,step,token,quantity,unit,value\r\n")
    wide_ui, wide_cli = tmp_path / "ui_wide.csv", tmp_path / "cli_wide.csv"
    assert window.export_trace_to(str(wide_ui), "wide")
    assert cli_main(["export", "--out", str(wide_cli), "--format", "wide"]) == 0
    assert wide_ui.read_bytes() == wide_cli.read_bytes()


def test_bad_lesson_shows_the_cli_message_and_keeps_the_lesson(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "rnnviz-lesson", "version": 1, "tokens": [], "hidden_size": 2, "models": {}}')
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = window.session.lesson
    window.playhead.step_forward()
    assert not window.load_path(bad)
    with pytest.raises(rnnviz.LessonError) as error:
        rnnviz.load_lesson(bad)
    assert shown == [str(error.value)]
    assert "tokens is empty" in shown[0]
    assert window.session.lesson is before
    assert window.playhead.position.step == 1


def test_open_save_and_unsaved_mark(window, tmp_path):
    path = tmp_path / "mine.json"
    path.write_bytes(rnnviz.default_lesson_path().read_bytes())
    assert window.load_path(path)
    assert "mine.json" in window.windowTitle()
    assert _set_weight(window, "lstm", 0, 0, 0, "0.25")
    assert window.isWindowModified()
    assert window.save()
    assert not window.isWindowModified()
    assert rnnviz.load_lesson(path).models["lstm"].weight_ih[0, 0] == 0.25
    assert str(path.resolve()) in window._recent()


def test_closing_with_unsaved_edits_asks_first(window):
    assert _set_weight(window, "lstm", 0, 0, 0, "0.5")
    window.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible()
    asked = []
    window.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Discard
    window.close()
    assert asked == [1]
    assert not window.isVisible()


def test_play_runs_to_the_end_and_stops(window, qtbot):
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.playing
    assert window.play_button.accessibleName() == "Pause"
    window.play_timer.setInterval(5)
    qtbot.waitUntil(lambda: not window.playing, timeout=5000)
    assert window.playhead.position == Position(3)  # the forward pass ends: play stops there
    assert window.play_button.accessibleName() == "Play"
    settle(window)
    assert_canvas_shows(window, 3)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)  # again: the backward pass, down to t = 0
    qtbot.waitUntil(lambda: not window.playing, timeout=5000)
    assert window.playhead.position == Position(0, backward=True)
    assert window.playhead.at_end
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)  # at the very end, Play starts over
    assert window.playing
    assert window.playhead.index <= 1


def test_editing_while_playing(window, qtbot):
    window.toggle_play()
    window.play_timer.setInterval(20)
    assert _set_weight(window, "lstm", 0, 0, 0, "1.5")
    assert window.playing
    qtbot.waitUntil(lambda: not window.playing, timeout=5000)
    assert window.session.lesson.models["lstm"].weight_ih[0, 0] == 1.5
    settle(window)
    assert_canvas_shows(window, 3)


def test_slider_and_timeline_click_move_the_step(window, qtbot):
    window.slider.setValue(2)
    assert window.playhead.position.step == 2
    plot = window.timeline.plots[("lstm", "h")]
    qtbot.mouseClick(window.timeline, Qt.MouseButton.LeftButton, pos=plot.to_pixel(1.0, 0.0).toPoint())
    assert window.playhead.position.step == 1


def test_accessible_names_and_tooltips(window):
    widgets = [w for kind in (QToolButton, QLineEdit, QSlider) for w in window.findChildren(kind)]
    named = {w.accessibleName(): w for w in widgets if w.accessibleName()}
    for name in ("Step back", "Step forward", "Play", "Reset", "Input tokens", "Timestep"):
        assert name in named, name
        assert named[name].toolTip(), name


def test_canvas_exports_png_and_svg(window, tmp_path):
    window.playhead.step_forward()
    window.canvas.export_image(str(tmp_path / "cell.png"))
    window.canvas.export_image(str(tmp_path / "cell.svg"))
    image = QImage(str(tmp_path / "cell.png"))
    assert image.width() > 1000
    assert image.height() > 300
    svg = (tmp_path / "cell.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    assert "forget" in svg


def test_screenshot_of_a_middle_step(window, qtbot, tmp_path):
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    settle(window)
    folder = Path(ARTIFACTS) if ARTIFACTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "main_window_t2.png"
    assert window.grab().save(str(path))
    assert QImage(str(path)).width() >= 1000


def test_fast_steps_never_leave_a_strip_between_values(window, qtbot):
    """Keys pressed faster than the transition: every strip still ends on the current step's values."""
    running = window.canvas._animation.State.Running
    for _ in range(2):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.canvas._animation.state() != running, timeout=3000)
    for _ in range(3):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qtbot.wait(60)  # part of the way through the transition
    qtbot.waitUntil(lambda: window.canvas._animation.state() != running, timeout=3000)
    lstm = window.session.traces["lstm"]
    assert window.playhead.position == Position(3, INPUT)
    for key, expected in (("lstm.h_prev", lstm.h[2]), ("lstm.c_prev", lstm.c[2]), ("lstm.g", lstm.g[2])):
        np.testing.assert_allclose(window.canvas.strips[key]._shown, expected, err_msg=key)


def test_arrow_keys_in_a_table_move_the_cell_not_the_playhead(window, qtbot):
    window.docks[1].raise_()
    table = window.weight_editor.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert table.currentIndex().column() == 1
    assert window.playhead.position.step == 0
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.playhead.position.step == 1


def test_huge_values_stay_readable_in_the_state_panel(window):
    assert _set_weight(window, "lstm", 0, 0, 0, "1e300")
    window.playhead.step_forward()
    cells = window.state_panel.displayed()[("lstm", "i_pre_x")]
    assert cells[0] == f"{window.session.traces['lstm'].i_pre_x[0, 0]:.3e}"
    assert all(len(text) <= 12 for text in cells)


def test_unchanged_token_field_keeps_tokens_with_spaces(window, tmp_path, qtbot):
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["tokens"] = ["New York", "is", "big"]
    path = tmp_path / "spaces.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.load_path(path)
    window.token_field.setFocus()
    qtbot.keyClick(window.token_field, Qt.Key.Key_Return)
    assert window.session.lesson.tokens == ("New York", "is", "big")
    assert not window.isWindowModified()


def test_gru_weight_editor_lists_its_gates_and_an_edit_reaches_the_canvas(window, qtbot):
    window.docks[1].raise_()
    editor = window.weight_editor
    editor.model_box.setCurrentIndex(editor.model_box.findData("gru"))
    texts = [editor.block_list.item(k).text() for k in range(editor.block_list.count())]
    assert len(texts) == 12  # r, z, n x (W, U, b_i, b_h)
    assert texts[0].startswith("W_r")
    assert "reset gate" in texts[0]
    assert texts[4].startswith("W_z")
    assert "update gate" in texts[4]
    assert texts[9].startswith("U_n")
    assert "candidate n" in texts[9]
    H = window.session.lesson.hidden_size
    before = window.session.traces["gru"].n.copy()
    assert _set_weight(window, "gru", 9, 0, 1, "2.5")  # U_n, unit 0, from h(t-1)[1]
    assert window.session.lesson.models["gru"].weight_hh[2 * H, 1] == 2.5
    window.playhead.move_to(Position(2))
    window.canvas.finish_animation()
    gru = window.session.traces["gru"]
    assert not np.array_equal(gru.n[1], before[1])  # h(1) feeds U_n at step 2
    np.testing.assert_array_equal(window.canvas.strips["gru.n"].values, gru.n[1])


def test_an_eight_unit_lesson_fits_the_state_panel_at_1920_pixels(qtbot, tmp_path):
    from rnnviz.core.lesson import new_lesson
    from rnnviz.ui.app import create_window

    path = tmp_path / "h8.json"
    new_lesson(["a", "b", "c"], ["rnn", "lstm", "gru"], 8, 4, 0).save(path)
    w = create_window(str(path))
    qtbot.addWidget(w)
    w.resize(1728, 972)  # the first-run size on a 1920x1080 screen (90%)
    w.show()
    qtbot.waitExposed(w)
    panel = w.state_panel
    qtbot.waitUntil(lambda: not panel.horizontalScrollBar().isVisible(), timeout=2000)
    assert panel.table.columnCount() == 8
    assert w.canvas.width() > 0.6 * w.width()  # the diagrams keep most of the window
    w.session.load(rnnviz.load_lesson(rnnviz.default_lesson_path()), None)  # H = 3 again: the dock stays
    assert not panel.horizontalScrollBar().isVisible()


def test_view_memory_plot_follows_lists_the_tokens_and_follows_the_chosen_one(window):
    menu = window.memory_menu
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert [a.text() for a in actions] == ["t = 1   “我”", "t = 2   “爱”", "t = 3   “祖国”"]
    assert [a.isChecked() for a in actions] == [True, False, False]
    actions[2].trigger()
    assert window.session.memory_token == 3
    np.testing.assert_array_equal(window.timeline.memory_steps, [3.0])
    assert "“祖国” (t = 3)" in window.timeline.memory.title
    menu.aboutToShow.emit()
    assert [a.isChecked() for a in menu.actions()] == [False, False, True]


def test_a_built_in_lesson_opened_by_name_or_path_is_never_written_over(qtbot):
    from rnnviz.resources import find_lesson
    from rnnviz.ui.app import create_window

    for opened in (str(find_lesson("default")), find_lesson("default")):
        window = create_window(opened)
        qtbot.addWidget(window)
        assert window.builtin
        before = find_lesson("default").read_bytes()
        window.push_edit(SetTitle("mine"))
        window.session.save = lambda *a, **k: (_ for _ in ()).throw(AssertionError("saved over the built-in"))
        import rnnviz.ui.main_window as mw

        asked = []
        original = mw.QFileDialog.getSaveFileName
        mw.QFileDialog.getSaveFileName = staticmethod(lambda *a, asked=asked, **k: (asked.append(1), ("", ""))[1])
        try:
            window.save()
        finally:
            mw.QFileDialog.getSaveFileName = original
        assert asked == [1]  # Save became Save As
        assert find_lesson("default").read_bytes() == before
        window.undo_stack.setClean()
        window.close()


def test_following_a_token_past_a_shortened_sentence_follows_its_last_token(window):
    from rnnviz.ui import errors

    before = len(errors.reported)
    window.session.apply(SetTokens(("我", "爱", "祖国", "我", "爱", "祖国")))
    window.session.follow_token(5)
    window.session.apply(SetTokens(("我", "爱", "祖国")))
    assert errors.reported[before:] == []
    assert window.session.memory_token == 3
    np.testing.assert_array_equal(window.timeline.memory_steps, [3.0])


def test_the_memory_menu_keeps_one_group_of_one_entry_per_token(window):
    for _ in range(3):
        window.memory_menu.aboutToShow.emit()
    assert len(window._memory_group.actions()) == 3
    assert len(window.memory_menu.actions()) == 3


def test_the_backward_button_runs_the_gradient_back_and_the_status_line_says_so(window, qtbot):
    qtbot.mouseClick(window.buttons["Backward"], Qt.MouseButton.LeftButton)
    assert window.playhead.position == Position(3, backward=True)
    assert window.position_label.text() == "t = 3 / 3   “祖国”   backward pass: the gradient from h(3) reaches h(3)"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    settle(window)
    assert window.playhead.position == Position(1, backward=True)
    assert window.slider.value() == 1
    assert window.timeline.step == 1
    bp = window.session.backward_pass("rnn")
    np.testing.assert_array_equal(window.canvas.strips["rnn.h"].values, bp.at_h[1])
    assert_panel_shows(window, 1)  # the state panel keeps the forward numbers of step 1
    qtbot.keyClick(window.canvas, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # Ctrl+B: from the top
    assert window.playhead.position == Position(3, backward=True)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert window.playhead.position == Position(0)


def test_a_step_does_not_lay_the_window_out_again(window, qtbot):
    """The status line changes at every step; a label that could change size would make
    QMainWindow re-lay (and animate) every dock each time. Its size is fixed per lesson."""
    from PySide6.QtCore import QEvent, QObject

    label = window.position_label
    assert label.minimumSize() == label.maximumSize()
    requests = []

    class Count(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.LayoutRequest and watched is window:
                requests.append(1)
            return False

    counter = Count()
    window.installEventFilter(counter)
    window.forward_action.trigger()  # the first step may still settle the window shown a moment ago
    qtbot.wait(300)
    requests.clear()
    for _ in range(3):
        window.forward_action.trigger()
        qtbot.wait(5)
    window.removeEventFilter(counter)
    assert requests == []  # before the label's size was fixed: one per step
    assert window.position_label.text().startswith("t = 3 / 3   “祖国”")


def test_the_window_starts_without_pyqtgraph(tmp_path):
    """Its import, with the Qt modules it loads, cost about half a second of every start; only the
    Train view uses it, and loads it when first opened."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "from rnnviz.ui.app import create_window\nw = create_window()\nw.show()\napp.processEvents()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', 'OpenGL')))\n")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
