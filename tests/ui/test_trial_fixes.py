"""What a teaching trial found (issue 8): keys, speeds, warnings, new lessons, resizing, pasting, titles, models."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from rnnviz.core.edits import ResizeHidden, SetTitle, SetWeight
from rnnviz.core.lesson import new_lesson
from rnnviz.core.models import MODELS, SPECS, Position
from rnnviz.ui import main_window as main_window_module
from rnnviz.ui.dialogs import HiddenSizeDialog, NewLessonDialog
from rnnviz.ui.editors import parse_block
from rnnviz.ui.main_window import SPEEDS, speed_label, unique_shortcuts
from rnnviz.ui.numbers import format_exact

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused():
    """The widget with the keyboard (keys go where a user's keys would)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard"
    return widget


def make_window(qtbot):
    """A window built like the `window` fixture (for tests that change something first)."""
    from rnnviz.ui.app import create_window

    w = create_window()
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()  # window shortcuts work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def window_shortcuts(window) -> list[tuple[str, str]]:
    """(key, action) for every shortcut that works anywhere in the window."""
    found = []
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            for sequence in action.shortcuts():
                found.append((sequence.toString(QKeySequence.SequenceFormat.PortableText), action.objectName()))
    return found


# -- 1. redo from the keyboard ------------------------------------------------------------------
def test_ctrl_y_and_ctrl_shift_z_both_redo(window, qtbot):
    before = window.session.lesson
    assert window.push_edit(SetWeight("lstm", "weight_hh", (0, 0), 0.75))
    edited = window.session.lesson
    window.canvas.setFocus()
    for redo in ((Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)):
        qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
        assert window.session.lesson.models["lstm"].weight_hh[0, 0] == before.models["lstm"].weight_hh[0, 0]
        qtbot.keyClick(focused(), *redo)
        assert window.session.lesson.models["lstm"].weight_hh[0, 0] == 0.75
        np.testing.assert_array_equal(window.session.lesson.models["lstm"].weight_hh, edited.models["lstm"].weight_hh)


def test_no_key_is_bound_twice_in_the_window(window):
    keys = [key for key, _ in window_shortcuts(window)]
    assert len(keys) == len(set(keys)), sorted(keys)
    redo = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in window.redo_action.shortcuts()]
    assert redo[:2] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_redo_keys_survive_a_platform_that_binds_ctrl_shift_z(qtbot, monkeypatch):
    """GNOME and KDE bind Redo to Ctrl+Shift+Z only: it used to be set twice (ambiguous) and Ctrl+Y not at all."""
    gnome = {QKeySequence.StandardKey.Redo: [QKeySequence("Ctrl+Shift+Z")]}
    real = main_window_module.platform_keys
    monkeypatch.setattr(main_window_module, "platform_keys", lambda key: gnome.get(key, real(key)))
    window = make_window(qtbot)
    redo = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in window.redo_action.shortcuts()]
    assert redo == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert window.push_edit(SetWeight("rnn", "bias_ih", (0,), 2.0))
    window.canvas.setFocus()
    for key, modifiers in ((Qt.Key.Key_Z, CTRL | SHIFT), (Qt.Key.Key_Y, CTRL)):
        window.undo_stack.undo()
        assert window.session.lesson.models["rnn"].bias_ih[0] != 2.0
        qtbot.keyClick(window.canvas, key, modifiers)
        assert window.session.lesson.models["rnn"].bias_ih[0] == 2.0


def test_unique_shortcuts_keeps_the_first_of_each():
    keys = unique_shortcuts("Ctrl+Shift+Z", "Ctrl+Y", QKeySequence("Ctrl+Shift+Z"), None, "Ctrl+Y")
    assert [k.toString() for k in keys] == ["Ctrl+Shift+Z", "Ctrl+Y"]


# -- 2. Enter and Escape in the Tokens field ------------------------------------------------------
def test_enter_applies_tokens_and_hands_the_keyboard_to_stepping(window, qtbot):
    window.token_field.setFocus()
    window.token_field.selectAll()
    qtbot.keyClicks(window.token_field, "a b c d")
    qtbot.keyClick(window.token_field, Qt.Key.Key_Return)
    assert window.session.lesson.tokens == ("a", "b", "c", "d")
    assert focused() is window.canvas
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # plays instead of typing a space
    assert window.playing
    window.pause()
    assert window.playhead.position.step >= 1
    assert window.token_field.text() == "a b c d"


def test_enter_with_refused_tokens_also_hands_the_keyboard_back(window, qtbot):
    window.token_field.setFocus()
    window.token_field.setText("   ")
    qtbot.keyClick(window.token_field, Qt.Key.Key_Return)
    assert focused() is window.canvas
    assert window.token_field.text() == "我 爱 祖国"


def test_escape_restores_the_lessons_tokens_and_hands_focus_back(window, qtbot):
    window.token_field.setFocus()
    qtbot.keyClicks(window.token_field, " extra words")
    assert window.token_field.text() == "我 爱 祖国 extra words"
    qtbot.keyClick(window.token_field, Qt.Key.Key_Escape)
    assert window.token_field.text() == "我 爱 祖国"
    assert window.session.lesson.tokens == ("我", "爱", "祖国")
    assert window.undo_stack.count() == 0
    assert focused() is window.canvas
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    assert window.playhead.position.step == 1


# -- 3. a presenter's clicker ---------------------------------------------------------------------
def test_page_down_and_page_up_step(window, qtbot):
    window.canvas.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    assert window.playhead.position == Position(2)
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp)
    assert window.playhead.position == Position(1)
    window.docks[1].raise_()  # a clicker steps even when a table has the keyboard
    window.weight_editor.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    assert window.playhead.position == Position(2)


# -- 4. slow speeds -------------------------------------------------------------------------------
def test_speeds_go_down_to_three_seconds_per_phase(window):
    labels = [window.speed_box.itemText(k) for k in range(window.speed_box.count())]
    assert labels[0] == "3 s / phase"
    assert "0.45 s / phase" in labels
    assert window.speed_box.currentText() == "0.45 s / phase"  # the default is unchanged
    assert window.play_timer.interval() == 450
    window.speed_box.setCurrentIndex(0)
    assert window.play_timer.interval() == 3000
    assert speed_label(2000) == "2 s / phase"


def test_chosen_speed_is_saved_and_restored(window, qtbot):
    window.speed_box.setCurrentIndex(SPEEDS.index(2000))
    window.write_settings()
    again = make_window(qtbot)
    assert again.speed_box.currentText() == "2 s / phase"
    assert again.play_timer.interval() == 2000


def test_an_older_saved_speed_still_applies(qtbot):
    from rnnviz.ui.main_window import settings_scope

    settings = QSettings("rnnviz", settings_scope())
    settings.setValue("speed", 0)  # 0.25x of 450 ms: 1.8 s per phase
    settings.sync()
    window = make_window(qtbot)
    assert window.play_timer.interval() == 2000
    window.write_settings()
    assert QSettings("rnnviz", settings_scope()).value("phase_ms") in (2000, "2000")


# -- 5. stale warnings ----------------------------------------------------------------------------
def _warn(window, qtbot) -> None:
    window.token_field.setText("  ")
    window.apply_tokens()
    assert window.statusBar().currentMessage().startswith("⚠ Type at least one token")


def test_a_successful_change_clears_a_warning(window, qtbot, tmp_path):
    _warn(window, qtbot)
    assert window.push_edit(SetWeight("lstm", "bias_hh", (0,), 0.5))
    assert window.statusBar().currentMessage() == ""
    _warn(window, qtbot)
    window.canvas.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == ""
    _warn(window, qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_Y, CTRL)
    assert window.statusBar().currentMessage() == ""
    _warn(window, qtbot)
    path = tmp_path / "other.json"
    window.session.lesson.save(path)
    assert window.load_path(path)
    assert window.statusBar().currentMessage() == ""


def test_a_refused_edit_keeps_its_warning(window):
    assert not window.push_edit(SetWeight("lstm", "bias_hh", (0,), float("nan")))
    assert window.statusBar().currentMessage().startswith("⚠")
    window.playhead.step_forward()  # moving is not a change of the lesson
    assert window.statusBar().currentMessage().startswith("⚠")


def test_an_ordinary_message_is_not_cleared(window):
    window.statusBar().showMessage("Saved somewhere")
    assert window.push_edit(SetWeight("lstm", "bias_hh", (0,), 0.5))
    assert window.statusBar().currentMessage() == "Saved somewhere"


# -- 6. File > New lesson -------------------------------------------------------------------------
def test_new_lesson_opens_untitled_from_the_dialog(window, qtbot, monkeypatch):
    def fill_and_accept(dialog):
        dialog.tokens_field.setText("one two one")
        dialog.model_boxes["rnn"].setChecked(False)
        dialog.hidden_box.setValue(5)
        dialog.embedding_box.setValue(2)
        dialog.seed_box.setValue(9)
        dialog.title_field.setText("  Counting  ")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(NewLessonDialog, "exec", fill_and_accept)
    window.canvas.setFocus()
    window.playhead.step_forward()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    lesson = window.session.lesson
    expected = new_lesson(["one", "two", "one"], ["lstm", "gru"], 5, 2, 9, "Counting")
    assert lesson.tokens == expected.tokens
    assert list(lesson.models) == ["lstm", "gru"]
    assert lesson.title == "Counting"
    for name in ("lstm", "gru"):
        np.testing.assert_array_equal(lesson.models[name].weight_hh, expected.models[name].weight_hh)
        np.testing.assert_array_equal(lesson.models[name].bias_ih, expected.models[name].bias_ih)
    np.testing.assert_array_equal(lesson.embeddings["two"], expected.embeddings["two"])
    assert window.session.path is None
    assert window.untitled
    assert window.isWindowModified()
    assert "new, not saved yet" in window.windowTitle()
    assert window.windowTitle().startswith("Counting — ")
    assert window.undo_stack.count() == 0
    assert window.playhead.position == Position(0)
    assert window.session.shown_models == ("lstm", "gru")
    assert window.session.traces["gru"].h.shape == (4, 5)


def test_new_lesson_asks_about_unsaved_edits_first(window):
    assert window.push_edit(SetWeight("lstm", "bias_hh", (0,), 0.5))
    edited = window.session.lesson
    window.ask_new_lesson = lambda: new_lesson(["x"], ["rnn"], 2, 2, 0)
    asked = []
    window.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert not window.new_lesson()
    assert asked == [1]
    assert window.session.lesson is edited
    assert window.undo_stack.count() == 1
    window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert window.new_lesson()
    assert window.session.lesson.tokens == ("x",)


def test_new_lesson_cancelled_changes_nothing(window):
    before = window.session.lesson
    window.ask_new_lesson = lambda: None
    window.ask_unsaved = lambda: pytest.fail("nothing to ask when nothing is replaced")
    assert not window.new_lesson()
    assert window.session.lesson is before


def test_new_lesson_dialog_says_what_is_wrong_and_stays_open(qtbot):
    dialog = NewLessonDialog("a b", 3, 3)
    qtbot.addWidget(dialog)
    for box in dialog.model_boxes.values():
        box.setChecked(False)
    dialog.accept()
    assert dialog.lesson is None
    assert dialog.result() != NewLessonDialog.DialogCode.Accepted
    assert "at least one model" in dialog.message.text()
    dialog.model_boxes["gru"].setChecked(True)
    dialog.tokens_field.setText("   ")
    dialog.accept()
    assert dialog.lesson is None
    assert "at least one token" in dialog.message.text()
    assert "\n" not in dialog.message.text()
    dialog.tokens_field.setText("a b")
    dialog.accept()
    assert dialog.result() == NewLessonDialog.DialogCode.Accepted
    assert list(dialog.lesson.models) == ["gru"]
    assert [box.text() for box in dialog.model_boxes.values()] == [SPECS[m].title for m in MODELS]
    assert (dialog.hidden_box.minimum(), dialog.hidden_box.maximum()) == (1, 64)
    assert (dialog.embedding_box.minimum(), dialog.embedding_box.maximum()) == (1, 64)


# -- 7. change the hidden size --------------------------------------------------------------------
def test_change_hidden_size_is_one_undo_step(window, qtbot):
    before = window.session.lesson
    window.docks[1].raise_()
    window.ask_hidden_size = lambda: (5, 3)
    window.playhead.step_forward()
    window.resize_action.trigger()
    lesson = window.session.lesson
    expected, _ = ResizeHidden(5, 3).apply(before)
    assert lesson.hidden_size == 5
    for name in lesson.models:
        for parameter in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            np.testing.assert_array_equal(getattr(lesson.models[name], parameter),
                                          getattr(expected.models[name], parameter))  # fmt: skip
    # the forget gate's block (k = 1) keeps its 3x3 corner: rows 5..7 now, rows 3..5 before
    np.testing.assert_array_equal(lesson.models["lstm"].weight_hh[5:8, :3], before.models["lstm"].weight_hh[3:6, :3])
    assert window.session.traces["lstm"].h.shape == (4, 5)
    assert window.playhead.position.step == 1
    # the editors follow: the weight table has a row per new unit
    assert window.weight_editor.array_model.rowCount() == 5
    assert "rows 0–4" in window.weight_editor.block_list.item(0).text()
    assert window.undo_stack.count() == 1
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert window.session.lesson is before
    assert window.session.traces["lstm"].h.shape == (4, 3)
    assert window.weight_editor.array_model.rowCount() == 3
    window.undo_stack.redo()
    np.testing.assert_array_equal(window.session.lesson.models["gru"].weight_ih, expected.models["gru"].weight_ih)


@pytest.mark.parametrize("size", [0, 1025, -3])
def test_hidden_size_out_of_range_is_refused_in_one_line(window, size):
    before = window.session.lesson
    assert not window.push_edit(ResizeHidden(size, 0))
    message = window.statusBar().currentMessage()
    assert "from 1 to 1024" in message
    assert "\n" not in message
    assert window.session.lesson is before
    assert window.undo_stack.count() == 0


def test_hidden_size_dialog_offers_1_to_1024(window, qtbot):
    dialog = HiddenSizeDialog(3)
    qtbot.addWidget(dialog)
    assert (dialog.hidden_box.minimum(), dialog.hidden_box.maximum()) == (1, 1024)
    dialog.hidden_box.setValue(7)
    dialog.seed_box.setValue(4)
    assert dialog.values() == (7, 4)


# -- 8. paste and copy blocks of numbers ----------------------------------------------------------
def _weights_block(window, model: str, row: int):
    window.docks[1].raise_()
    editor = window.weight_editor
    editor.model_box.setCurrentIndex(editor.model_box.findData(model))
    editor.block_list.setCurrentRow(row)
    return editor


def test_paste_a_spreadsheet_block_into_the_weights_is_one_undo_step(window, qtbot):
    editor = _weights_block(window, "lstm", 4)  # W_f: weight_ih rows H..2H-1
    H = window.session.lesson.hidden_size
    before = window.session.lesson.models["lstm"].weight_ih.copy()
    editor.table.setCurrentIndex(editor.array_model.index(1, 0))
    QGuiApplication.clipboard().setText("0.5\t-1\n2\t3e-2\n")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_V, CTRL)
    after = window.session.lesson.models["lstm"].weight_ih
    assert after[H + 1, :2].tolist() == [0.5, -1.0]
    assert after[H + 2, :2].tolist() == [2.0, 0.03]
    changed = np.zeros(before.shape, dtype=bool)
    changed[H + 1 : H + 3, :2] = True
    np.testing.assert_array_equal(after[~changed], before[~changed])
    assert window.undo_stack.count() == 1
    assert window.playhead.position.step == 0  # Ctrl+V did not step or type
    window.canvas.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    np.testing.assert_array_equal(window.session.lesson.models["lstm"].weight_ih, before)


def test_paste_into_a_bias_block_and_comma_separated_embeddings(window):
    editor = _weights_block(window, "gru", 2)  # b_ir: bias_ih rows 0..H-1, one column
    editor.table.setCurrentIndex(editor.array_model.index(0, 0))
    assert editor.paste_text("0.25\n-0.25\n1")
    assert window.session.lesson.models["gru"].bias_ih[:3].tolist() == [0.25, -0.25, 1.0]
    window.docks[2].raise_()
    embeddings = window.embedding_editor
    embeddings.table.setCurrentIndex(embeddings.array_model.index(1, 1))  # 爱, x[1]
    assert embeddings.paste_text("0.1, 0.2\n0.3, 0.4")
    lesson = window.session.lesson
    assert lesson.embeddings["爱"][1:].tolist() == [0.1, 0.2]
    assert lesson.embeddings["祖国"][1:].tolist() == [0.3, 0.4]
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()
    assert window.session.lesson.embeddings["爱"][1] != 0.1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\tabc", "'abc' (row 1, column 2 of the pasted block) is not a finite number"),
        ("1\tnan", "is not a finite number"),
        ("inf", "is not a finite number"),
        ("1e999", "is not a finite number"),
        ("1\t\t2", "is not a finite number"),
        ("\n\n", "no numbers"),
        ("1\n2\n3\n4", "does not fit"),
        ("1\t2\t3\t4", "does not fit"),
    ],
)
def test_bad_paste_changes_nothing_and_says_why(window, text, message):
    editor = _weights_block(window, "lstm", 0)
    editor.table.setCurrentIndex(editor.array_model.index(0, 0))
    before = window.session.lesson
    assert not editor.paste_text(text)
    assert window.session.lesson is before
    assert window.undo_stack.count() == 0
    shown = window.statusBar().currentMessage()
    assert message in shown
    assert "nothing was pasted" in shown
    assert "\n" not in shown


def test_paste_past_the_bottom_from_a_lower_cell(window):
    editor = _weights_block(window, "lstm", 1)  # U_i: H x H
    H = window.session.lesson.hidden_size
    editor.table.setCurrentIndex(editor.array_model.index(H - 1, 0))
    assert not editor.paste_text("1\n2")
    assert "does not fit from row 3, column 1" in window.statusBar().currentMessage()


def test_copy_gives_exact_tab_separated_text_that_pastes_back(window, qtbot):
    editor = _weights_block(window, "lstm", 1)
    model = editor.array_model
    selection = editor.table.selectionModel()
    editor.table.setCurrentIndex(model.index(0, 0))
    editor.table.selectAll()
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_C, CTRL)
    text = QGuiApplication.clipboard().text()
    array = model.array
    assert text == "\n".join("\t".join(format_exact(float(v)) for v in row) for row in array)
    assert parse_block(text) == array.tolist()  # exact
    selection.clearSelection()
    editor.table.setCurrentIndex(model.index(1, 1))
    editor.table.selectionModel().clearSelection()
    assert editor.selected_text() == format_exact(float(array[1, 1]))
    other = _weights_block(window, "lstm", 5)  # U_f, the same shape
    other.table.setCurrentIndex(other.array_model.index(0, 0))
    assert other.paste_text(text)
    H = window.session.lesson.hidden_size
    w = window.session.lesson.models["lstm"].weight_hh
    np.testing.assert_array_equal(w[H : 2 * H], w[0:H])


def test_parse_block_rows_and_separators():
    assert parse_block("1\t2\r\n3\t4\r\n") == [[1.0, 2.0], [3.0, 4.0]]
    assert parse_block("1, 2,3") == [[1.0, 2.0, 3.0]]
    assert parse_block(" -0.5 ") == [[-0.5]]
    with pytest.raises(ValueError, match="row 2, column 1"):
        parse_block("1\nx")


# -- 9. the lesson title --------------------------------------------------------------------------
def test_lesson_title_is_an_undoable_edit(window, monkeypatch):
    old = window.session.lesson.title
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Gates,\tslowly ", True))
    window.title_action.trigger()
    assert window.session.lesson.title == "Gates, slowly"
    assert window.windowTitle().startswith("Gates, slowly — built-in lesson")
    assert window.isWindowModified()
    assert window.undo_stack.undoText() == SetTitle.text
    window.undo_stack.undo()
    assert window.session.lesson.title == old
    assert window.windowTitle().startswith(f"{old} — ")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ignored", False))
    window.title_action.trigger()
    assert window.session.lesson.title == old


# -- 10. the play button keeps its width ----------------------------------------------------------
def test_toolbar_buttons_do_not_move_when_play_becomes_pause(window):
    def geometry():
        QApplication.processEvents()
        widgets = [window.buttons[name] for name in ("Play", "Phase forward", "Step forward", "End")]
        return [w.geometry().getRect() for w in (*widgets, window.slider)]

    before = geometry()
    window.toggle_play()
    assert window.play_button.accessibleName() == "Pause"
    assert geometry() == before
    window.pause()
    assert geometry() == before
    assert window.play_button.minimumWidth() == window.play_button.maximumWidth()


# -- 11. View > Models ----------------------------------------------------------------------------
def _gru_label() -> tuple[str, str]:
    return ("gru", "r")  # the state panel's row of the GRU's reset gate


def test_view_models_chooses_what_is_shown(window):
    actions = window.model_actions
    assert [a.text() for a in window.models_menu.actions()] == [SPECS[m].title for m in MODELS]
    assert all(a.isChecked() and a.isEnabled() for a in actions.values())
    assert _gru_label() in window.state_panel.displayed()
    actions["gru"].setChecked(False)
    assert window.session.shown_models == ("rnn", "lstm")
    assert list(window.session.shown_traces()) == ["rnn", "lstm"]
    assert list(window.canvas.panels) == ["rnn", "lstm"]
    assert _gru_label() not in window.state_panel.displayed()
    actions["rnn"].setChecked(False)
    assert window.session.shown_models == ("lstm",)
    assert list(window.canvas.panels) == ["lstm"]
    actions["lstm"].setChecked(False)  # the last one shown: refused
    assert actions["lstm"].isChecked()
    assert window.session.shown_models == ("lstm",)
    assert window.statusBar().currentMessage().startswith("⚠ At least one model")
    actions["gru"].setChecked(True)
    assert window.session.shown_models == ("lstm", "gru")
    assert list(window.canvas.panels) == ["lstm", "gru"]
    assert _gru_label() in window.state_panel.displayed()


def test_view_models_follows_the_lesson(window):
    window.model_actions["rnn"].setChecked(False)
    window.ask_new_lesson = lambda: new_lesson(["a", "b"], ["rnn", "lstm"], 2, 2, 0)
    assert window.new_lesson()
    actions = window.model_actions
    assert not actions["gru"].isEnabled()
    assert not actions["gru"].isChecked()
    assert actions["rnn"].isEnabled()
    assert not actions["rnn"].isChecked()  # the choice is kept
    assert window.session.shown_models == ("lstm",)
    actions["rnn"].setChecked(True)
    assert window.session.shown_models == ("rnn", "lstm")
    assert "gru" in window.session.wanted_models  # still wanted for a lesson that has one


# -- 12. About ------------------------------------------------------------------------------------
def test_about_lists_the_keys(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    for key in ("Left / Right", "Shift+Left", "Page Up / Page Down", "Space", "Home / End", "Ctrl+Z",
                "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+N"):  # fmt: skip
        assert key in shown[0], key


def test_module_speeds_are_ordered_slow_to_fast():
    assert list(main_window_module.SPEEDS) == sorted(main_window_module.SPEEDS, reverse=True)
    assert main_window_module.SPEEDS[0] == 3000
    assert main_window_module.PHASE_MS in main_window_module.SPEEDS


# -- 13. the existing rules -----------------------------------------------------------------------
def test_an_unexpected_error_while_pasting_is_reported_and_changes_nothing(window, qtbot, monkeypatch):
    from rnnviz.ui import errors

    editor = _weights_block(window, "lstm", 0)
    editor.table.setCurrentIndex(editor.array_model.index(0, 0))

    def broken(cells):
        raise RuntimeError("paste bug")

    monkeypatch.setattr(editor, "_block_edit", broken)
    before = window.session.lesson
    QGuiApplication.clipboard().setText("1\t2")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_V, CTRL)
    assert window.session.lesson is before
    assert window.undo_stack.count() == 0
    assert errors.reported[-1] == "unexpected error in “Paste”: RuntimeError: paste bug"
    assert "paste bug" in window.statusBar().currentMessage()
