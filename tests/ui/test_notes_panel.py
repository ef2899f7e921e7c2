"""The Notes panel: the description, each step's notes, and answers revealed a step later."""

from __future__ import annotations

import rnnviz
from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.ui.notes_panel import notes_html


def _lesson():
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["description"] = {"en": "Which word matters?", "zh": "哪个词重要？"}
    data["notes"] = [
        {"step": 1, "text": {"en": "I <love> you", "zh": "我"}, "question": "Will f open?", "answer": "Yes, f > 0.9."},
        {"step": 3, "text": "The last word."},
    ]
    return rnnviz.load_lesson(data)


def test_what_the_notes_show_at_each_step():
    lesson = _lesson()
    at0 = notes_html(lesson, 0)
    assert "Which word matters?" in at0
    assert "哪个词重要？" in at0
    assert at0.index("Which word matters?") < at0.index("哪个词重要？")  # English first
    assert "Will f open?" not in at0
    at1 = notes_html(lesson, 1)
    assert "I &lt;love&gt; you" in at1  # text, not markup
    assert "Will f open?" in at1
    assert "Yes, f &gt; 0.9." not in at1  # the answer waits for the next step
    assert "t = 1 “我”" in at1
    at2 = notes_html(lesson, 2)
    assert "Yes, f &gt; 0.9." in at2
    assert "Will f open?" not in at2
    at3 = notes_html(lesson, 3)
    assert "The last word." in at3
    assert "Yes, f" not in at3
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data.pop("notes", None)
    data.pop("description", None)
    assert "This lesson has no notes." in notes_html(rnnviz.load_lesson(data), 1)


def test_the_window_shows_the_notes_of_the_playheads_step(window, qtbot):
    window.session.load(_lesson(), None)
    window.docks[4].raise_()  # the notes' tab in front
    qtbot.wait(10)
    panel = window.notes_panel
    window.session.playhead.move_to(Position(1, 2))
    assert "Will f open?" in panel.toPlainText()
    window.session.playhead.move_to(Position(2, LAST_STAGE))
    assert "Yes, f > 0.9." in panel.toPlainText()
    assert "Will f open?" not in panel.toPlainText()


def test_a_question_at_the_last_step_is_answered_there():
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["notes"] = [{"step": 3, "text": "The end.", "question": "Which model kept it?", "answer": "The LSTM."}]
    lesson = rnnviz.load_lesson(data)
    html = notes_html(lesson, 3)
    assert html.index("Which model kept it?") < html.index("The LSTM.")  # no step 4 to wait for
    assert "Predict, then step on" not in html
    earlier = notes_html(rnnviz.load_lesson({**data, "notes": [{**data["notes"][0], "step": 2}]}), 2)
    assert "The LSTM." not in earlier


def test_the_gallery_lists_the_built_in_lessons_and_opens_one(window, qtbot):
    from rnnviz.resources import builtin_lessons
    from rnnviz.ui.dialogs import GalleryDialog

    dialog = GalleryDialog(window)
    qtbot.addWidget(dialog)
    names = [dialog.list.item(k).data(0x0100) for k in range(dialog.list.count())]  # Qt.UserRole
    assert names == builtin_lessons()
    assert {"default", "vanishing_gradients", "exploding_gradients", "perfect_memory"} <= set(names)
    row = names.index("perfect_memory")
    dialog.list.setCurrentRow(row)
    text = dialog.details.toPlainText()
    assert "The perfectly remembering cell" in text
    assert "rnnviz perfect_memory" in text
    assert "手写的权重" in text  # the Chinese description too
    assert "31 tokens · H = 1 · LSTM" in text
    dialog.accept()
    assert dialog.chosen == "perfect_memory"
    assert window.open_builtin("perfect_memory")
    assert window.session.lesson.title == "The perfectly remembering cell"
    assert window.builtin  # a gallery lesson is never written over
    assert "A opens the input gate" not in window.notes_panel.toPlainText()  # step 0
    window.session.playhead.move_to(Position(1, LAST_STAGE))
    assert "A opens the input gate" in window.notes_panel.toPlainText()


def test_hidden_notes_wait_and_catch_up_when_shown(qtbot):
    from rnnviz.session import Session
    from rnnviz.ui.notes_panel import NotesPanel

    session = Session(_lesson())
    panel = NotesPanel()
    qtbot.addWidget(panel)
    panel.show()
    session.add_view(panel)
    session.playhead.move_to(Position(1, 2))
    assert "Will f open?" in panel.toPlainText()
    panel.hide()
    session.playhead.move_to(Position(2, LAST_STAGE))
    assert "Will f open?" in panel.toPlainText()  # hidden: not laid out again at every step
    panel.show()
    assert "Yes, f > 0.9." in panel.toPlainText()
    assert "Will f open?" not in panel.toPlainText()


def test_a_tab_behind_another_waits_and_catches_up_when_its_tab_comes_to_the_front(window, qtbot):
    """Docks in one tab group are all "visible" to Qt: the one behind must still not redraw per step."""
    window.session.load(_lesson(), None)
    window.docks[5].raise_()  # the equations in front of the notes and the activation curves
    qtbot.wait(10)
    assert window.equations_panel.on_screen
    assert not window.notes_panel.on_screen
    assert not window.activations_panel.on_screen
    window.session.playhead.move_to(Position(1, 2))
    assert "Will f open?" not in window.notes_panel.toPlainText()  # behind: not drawn
    assert window.activations_panel.points == []
    window.docks[4].raise_()
    qtbot.wait(10)
    assert "Will f open?" in window.notes_panel.toPlainText()  # in front: caught up at once
    window.docks[6].raise_()
    qtbot.wait(10)
    assert len(window.activations_panel.points) > 0


def test_at_start_up_the_tabs_behind_draw_nothing_and_the_activation_points_wait(window, qtbot):
    """A tab behind another is shown to Qt before its dock says it is behind: start-up must not
    lay out the notes or place the activation points for tabs nobody sees."""
    assert window.equations_panel.on_screen
    assert "SimpleRNN" in window.equations_panel.html  # the tab in front is drawn
    assert not window.notes_panel.on_screen
    assert window.notes_panel.html == ""  # behind: not laid out
    assert not window.activations_panel.on_screen
    assert window.activations_panel.note == ""  # not placed yet
    window.docks[6].raise_()
    qtbot.waitUntil(lambda: window.activations_panel.on_screen)
    assert "t = 0" in window.activations_panel.note
    window.docks[4].raise_()
    qtbot.waitUntil(lambda: window.notes_panel.html != "")


def test_a_dock_is_behind_another_tab_exactly_when_qt_parks_it_off_screen():
    from PySide6.QtCore import QRect

    from rnnviz.ui.lazy import parked_off_screen

    assert parked_off_screen(QRect(-1066, -586, 566, 86))  # where Qt puts a tab behind another
    assert not parked_off_screen(QRect(966, 485, 400, 235))  # the tab in front
    assert not parked_off_screen(QRect(-9, -9, 10, 10))  # right and bottom edges at 0: on screen
    assert parked_off_screen(QRect(-10, 5, 10, 10))  # right edge at -1
    assert parked_off_screen(QRect(5, -10, 10, 10))  # bottom edge at -1


def test_the_notes_of_another_step_start_at_their_top(qtbot):
    from rnnviz.session import Session
    from rnnviz.ui.notes_panel import NotesPanel

    session = Session(_lesson())
    panel = NotesPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 60)  # too small for a note: it scrolls
    panel.show()
    qtbot.waitExposed(panel)
    session.add_view(panel)
    session.playhead.move_to(Position(1, 2))
    bar = panel.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    session.playhead.move_to(Position(2, LAST_STAGE))
    assert "Yes, f > 0.9." in panel.toPlainText()
    assert bar.value() == 0
