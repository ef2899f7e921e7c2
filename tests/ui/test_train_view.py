"""The Train view (Ctrl+T): a run's curves, gradient strips and status as drawn; pause, resume and
stop; opening a model's weights; the window asking before it closes or opens a lesson while a run
trains, and stepping on while it does. The training itself is tested in tests/core."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from rnnviz.core.models import Position
from rnnviz.core.tasks import TASKS, held_out
from rnnviz.core.trainlive import short


def _train_view(window, qtbot, task="brackets", length=8, hidden=3, steps=30, models=("rnn", "lstm")):
    window.train_action.trigger()
    view = window.train_view
    view.select_task(task)
    view.length_box.setValue(length)
    view.hidden_box.setValue(hidden)
    view.steps_box.setValue(steps)
    for model, box in view.model_boxes.items():
        box.setChecked(model in models)
    return view


def _until(qtbot, condition, timeout=60_000):
    qtbot.waitUntil(condition, timeout=timeout)


@pytest.fixture
def trained(window, qtbot):
    view = _train_view(window, qtbot)
    assert view.start()
    _until(qtbot, lambda: not view.active)
    return view


def test_ctrl_t_is_the_train_action_and_opens_the_view(window, monkeypatch):
    import sys

    from PySide6.QtWidgets import QApplication

    from rnnviz.ui import train_view

    assert window.train_action.shortcut() == QKeySequence("Ctrl+T")
    assert window.train_view is None  # made when first asked for
    cursors = []
    made = train_view.TrainView.__init__
    monkeypatch.setattr(train_view.TrainView, "__init__", lambda self, *a: (
        cursors.append(QApplication.overrideCursor().shape()), made(self, *a))[1])  # fmt: skip
    window.train_action.trigger()
    assert cursors == [Qt.CursorShape.WaitCursor]  # a busy cursor while pyqtgraph loads the first time
    assert QApplication.overrideCursor() is None  # and the usual one after
    assert "pyqtgraph" in sys.modules
    assert window.train_view.isVisible()
    assert window.train_view.windowModality() == Qt.WindowModality.NonModal  # the window steps on beside it
    assert not window.train_view.isModal()
    assert window.train_view.status_line() == "Choose a task and press Train."
    assert window.train_view.strips_title.text().startswith("How far back the gradient reaches: ")
    assert all(box.isChecked() for box in window.train_view.model_boxes.values())  # all three, side by side
    assert not window.train_view.pause_button.isEnabled()
    assert not window.train_view.stop_button.isEnabled()
    assert not any(b.isEnabled() for b in window.train_view.open_buttons.values())


def test_a_finished_run_shows_its_curves_strips_and_status(trained):
    view, run = trained, trained.run
    assert run.state == "done"
    assert view.status_line().startswith("Done: step 30 of 30, ")
    assert f"SimpleRNN {short(run.curves['rnn'].loss[-1])}" in view.status_line()
    for model in ("rnn", "lstm"):
        curves = run.curves[model]
        x, y = view.loss_curves[model].getData()
        np.testing.assert_array_equal(x, [1, 10, 20, 30])
        np.testing.assert_allclose(y, np.log10(curves.loss))  # a log axis: the item holds log10
        x, y = view.test_curves[model].getData()
        np.testing.assert_array_equal(x, [1, 30])
        np.testing.assert_allclose(y, curves.test_accuracy)  # brackets classifies: accuracy, not loss
    assert view.loss_curves["gru"].getData()[0] is None or len(view.loss_curves["gru"].getData()[0]) == 0
    assert view.test_plot.titleLabel.text == "Test accuracy"
    assert [label.text for _, label in view.loss_plot.legend.items] == ["SimpleRNN", "LSTM"]  # the run's models
    assert view.loss_plot.legend.opts["offset"] == (10, -10)  # losses fall: bottom left is free
    assert view.test_plot.legend.opts["offset"] == (10, 10)  # accuracies rise: top left is free
    labels = held_out(TASKS["brackets"], 8, 0)[2]
    share = max(np.mean(labels), 1 - np.mean(labels))  # the commonest label's share of the test set
    assert view.chance_line.value() == pytest.approx(share)
    assert view.chance_label.toPlainText() == f"chance: {short(share)}"
    assert view.chance_label.pos().x() == 30  # the right end of the test curves: in view, not clipped
    assert view.strips_title.text().startswith("How far back the gradient reaches at step 30: ‖∂loss/∂h(t)‖")
    rows = view.strips.rows
    assert [m for m, _, _ in rows] == ["rnn", "lstm"]
    np.testing.assert_array_equal(rows[1][2], run.curves["lstm"].grad_norms)
    norms = run.curves["rnn"].grad_norms
    assert view.strips.describe().startswith(f"SimpleRNN at step 30: h(0) {short(norms[0])}, h(8) {short(norms[-1])}")
    assert view.train_button.isEnabled()
    assert not view.stop_button.isEnabled()
    assert view.open_buttons["lstm"].isEnabled()
    assert not view.open_buttons["gru"].isEnabled()  # not trained in this run
    assert view.task_box.isEnabled()  # the settings can be changed again


def test_a_regression_task_plots_the_test_mse_on_a_log_scale_against_guessing_the_mean(window, qtbot):
    view = _train_view(window, qtbot, task="adding", length=6, hidden=2, steps=12, models=("gru",))
    assert view.start()
    _until(qtbot, lambda: not view.active)
    run = view.run
    assert view.test_plot.titleLabel.text == "Test MSE (log scale)"
    assert view.test_plot.legend.opts["offset"] == (10, -10)
    x, y = view.test_curves["gru"].getData()
    np.testing.assert_array_equal(x, [1, 12])
    np.testing.assert_allclose(y, np.log10(run.curves["gru"].test_loss))
    variance = np.var(held_out(TASKS["adding"], 6, 0)[2])  # always answering the mean scores the variance
    assert view.chance_line.value() == pytest.approx(np.log10(variance))  # a log axis holds log10
    assert view.chance_label.toPlainText() == f"always the mean: {short(variance)}"
    qtbot.mouseClick(view.open_buttons["gru"], Qt.MouseButton.LeftButton)
    readout, trace = window.session.lesson.readouts["gru"], window.session.traces["gru"]
    window.playhead.to_end()
    assert window.canvas.panels["gru"].answer.text() == f"answer: y = {trace.y[-1][0]:.3f}".replace("-", "−")
    assert readout.labels is None


def test_opening_a_trained_model_steps_through_it_with_its_answer(trained, window, qtbot):
    run = trained.run
    qtbot.mouseClick(trained.open_buttons["lstm"], Qt.MouseButton.LeftButton)
    lesson = window.session.lesson
    assert list(lesson.models) == ["lstm"]
    assert lesson.title == "lstm trained on brackets (length 8, seed 0), step 30"
    np.testing.assert_array_equal(lesson.models["lstm"].weight_ih, run.curves["lstm"].weights["weight_ih"])
    assert "trained, not saved yet" in window.windowTitle()
    assert window.has_unsaved_edits  # untitled: closing asks
    readout = lesson.readouts["lstm"]
    panel = window.canvas.panels["lstm"]
    assert panel.answer.text() == ""  # t = 0: nothing read yet
    trace = window.session.traces["lstm"]
    for t in range(1, len(lesson.tokens) + 1):
        window.playhead.move_to(Position(t, 0))
        assert panel.answer.text() == ""  # h(t) is not known at the first phase
        window.playhead.move_to(Position(t))  # the end of step t: h(t) known
        label, p = readout.answer(trace.y[t - 1])
        assert panel.answer.text() == f"answer: {label} ({100 * p:.0f} %)"
    window.playhead.run_backward()
    assert panel.answer.text() == ""  # the backward pass shows gradients, not answers


def test_pause_resume_and_stop_from_the_buttons(window, qtbot):
    view = _train_view(window, qtbot, steps=1_000_000)
    window.ask_training = lambda closing: "stop"  # the fixture's window closes at the end
    assert view.start()
    assert not view.open_buttons["rnn"].isEnabled()  # no weights before the child's first message
    _until(qtbot, lambda: view.run.step > 5)
    assert view.open_buttons["rnn"].isEnabled()
    assert not view.train_button.isEnabled()
    assert not view.length_box.isEnabled()  # the settings of a running run are fixed
    assert window.training_label.isVisible()
    assert window.training_label.text().startswith("Training: step ")
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    assert view.run.state == "paused"
    assert view.pause_button.text() == "Resume"
    assert view.status_line().startswith("Paused: ")
    time.sleep(0.5)
    view.poll()
    held = view.run.step
    qtbot.wait(500)
    assert view.run.step == held
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    assert view.pause_button.text() == "Pause"
    _until(qtbot, lambda: view.run.step > held)
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    _until(qtbot, lambda: not view.active)
    assert view.run.state == "stopped"
    assert view.status_line().startswith(f"Stopped: step {view.run.step} of 1000000")
    assert not window.training_label.isVisible()


def test_stepping_goes_on_while_models_train(window, qtbot):
    view = _train_view(window, qtbot, task="adding", length=50, hidden=16, steps=1_000_000,
                       models=("rnn", "lstm", "gru"))  # fmt: skip
    window.ask_training = lambda closing: "stop"
    assert view.start()
    _until(qtbot, lambda: view.run.step > 2)
    started = view.run.step
    for step in range(1, 4):
        window.forward_action.trigger()  # Right, in the window (the Train view is in front here)
        assert window.playhead.position == Position(step)
        assert window.canvas.displayed()["lstm.h"]  # the diagram shows the step's numbers
    _until(qtbot, lambda: view.run.step > started + 2)  # and training went on meanwhile
    assert view.active
    view.stop()
    _until(qtbot, lambda: not view.active)


def test_closing_the_window_while_training_asks_first(window, qtbot):
    view = _train_view(window, qtbot, steps=1_000_000)
    assert view.start()
    asked = []
    window.ask_training = lambda closing: asked.append(closing) or "cancel"
    window.close()
    assert asked == [True]
    assert window.isVisible()
    assert view.active
    window.ask_training = lambda closing: asked.append(closing) or "stop"
    window.close()
    assert asked == [True, True]
    assert not window.isVisible()
    assert view.run._process.returncode is not None  # the child has ended with the window


def test_opening_another_lesson_while_training_asks_first(window, qtbot, tmp_path):
    from rnnviz.resources import find_lesson

    view = _train_view(window, qtbot, steps=1_000_000)
    assert view.start()
    title = window.session.lesson.title
    answers = iter(["cancel", "keep", "stop"])
    asked = []
    window.ask_training = lambda closing: asked.append(closing) or next(answers)
    assert not window.load_path(find_lesson("long_range"))
    assert window.session.lesson.title == title  # cancelled: nothing changed
    assert view.active
    assert window.load_path(find_lesson("long_range"))
    assert window.session.lesson.title != title
    assert view.active  # kept training
    assert window.open_builtin("default")
    assert asked == [False, False, False]
    _until(qtbot, lambda: not view.active)
    assert view.run.state == "stopped"


def test_opening_a_model_while_it_trains_fetches_its_weights_of_now_and_does_not_ask(window, qtbot):
    view = _train_view(window, qtbot, steps=1_000_000, models=("gru",))
    asked = []
    window.ask_training = lambda closing: asked.append(closing) or "stop"
    assert view.start()
    _until(qtbot, lambda: view.open_buttons["gru"].isEnabled() and view.run.step > 3)
    clicked_at = view.run.step
    view.open_model("gru")
    if view._pending_open is not None:  # not at a checkpoint, whose message brought them already
        assert view.status.text() == "Fetching the GRU's weights…"
    _until(qtbot, lambda: list(window.session.lesson.models) == ["gru"])
    curves = view.run.curves["gru"]
    assert curves.weights_step >= clicked_at  # not older than the click
    assert window.session.lesson.title.endswith(f"step {view.opened_step}")
    assert view.opened_step >= clicked_at
    assert view.active
    assert asked == []  # opening one of the run's own models does not ask
    view.stop()
    _until(qtbot, lambda: not view.active)


def test_a_new_run_asks_unless_the_finished_runs_last_weights_were_opened(trained, window, qtbot):
    trained.open_model("lstm")  # the final weights: nothing would be lost
    trained.ask_replace_run = lambda: pytest.fail("asked")
    trained.steps_box.setValue(1_000_000)
    assert trained.start()
    _until(qtbot, lambda: trained.run.step > 3)
    trained.open_model("rnn")  # weights of some step before the end...
    _until(qtbot, lambda: trained.opened_step > 3)
    _until(qtbot, lambda: trained.run.step > trained.opened_step)
    trained.stop()
    _until(qtbot, lambda: not trained.active)
    assert trained.opened_step < trained.run.step  # ...so the last ones were not opened, and a new run asks
    asked = []
    trained.ask_replace_run = lambda: asked.append(1) or False
    assert not trained.start()
    assert asked == [1]


def test_a_new_run_after_a_finished_one_asks_before_dropping_it(trained, qtbot):
    asked = []
    trained.ask_replace_run = lambda: asked.append(1) or False
    old = trained.run
    assert not trained.start()
    assert trained.run is old
    trained.ask_replace_run = lambda: asked.append(1) or True
    trained.steps_box.setValue(10)
    assert trained.start()
    assert trained.run is not old
    assert asked == [1, 1]
    _until(qtbot, lambda: not trained.active)
    x, _ = trained.loss_curves["rnn"].getData()
    np.testing.assert_array_equal(x, [1, 10])  # the old curves are gone


def test_no_model_chosen_means_no_training(window, qtbot):
    view = _train_view(window, qtbot, models=())
    assert not view.train_button.isEnabled()
    assert view.train_button.toolTip() == "Choose at least one model"
    assert not view.start()
    assert view.run is None
    assert view.status.text().startswith("⚠ --models names no model")


def test_closing_the_view_hides_it_and_the_run_goes_on(window, qtbot):
    view = _train_view(window, qtbot, steps=1_000_000)
    window.ask_training = lambda closing: "stop"
    assert view.start()
    view.close()
    assert not view.isVisible()
    step = view.run.step
    _until(qtbot, lambda: view.run.step > step)
    assert window.training_label.isVisible()
    window.train_action.trigger()
    assert view.isVisible()
    assert window.train_view is view  # the same view, the same run
    view.stop()
    _until(qtbot, lambda: not view.active)


def test_a_language_switch_retitles_a_runs_plots_and_a_theme_switch_recolours_them(trained, window, qtbot):
    from rnnviz.ui import colors

    try:
        window.set_language("zh_CN")
        qtbot.wait(10)  # Qt posts the LanguageChange events
        assert trained.windowTitle() == "训练 — rnnviz"
        assert trained.test_plot.titleLabel.text == "测试准确率"
        assert trained.loss_plot.titleLabel.text == "训练损失（对数坐标）"
        assert trained.chance_label.toPlainText().startswith("随机水平：")
        assert trained.strips_title.text().startswith("梯度能向回传多远（第 30 步）")
        assert trained.status_line().startswith("完成：第 30 / 30 步")
    finally:
        window.set_language("en")
    qtbot.wait(10)
    assert trained.test_plot.titleLabel.text == "Test accuracy"
    try:
        window.set_theme("dark")
        assert trained.plots.backgroundBrush().color() == colors.PAPER
        assert colors.PAPER.lightness() < 60
        assert trained.chance_label.color == colors.WIRE
    finally:
        window.set_theme("light")
    assert trained.plots.backgroundBrush().color().lightness() > 200


def test_the_gradient_strips_colour_new_norms_once_and_keep_them_while_they_stay(qtbot):
    from rnnviz.core.trainlive import strip_levels
    from rnnviz.ui import colors
    from rnnviz.ui.train_view import GradientStrips

    strips = GradientStrips()
    qtbot.addWidget(strips)
    norms = np.array([1e-6, 1e-3, 1.0])
    strips.set_rows([("lstm", 200, norms)])
    cells = strips._colors
    assert [c.name() for c in cells[0]] == [c.name() for c in colors.value_colors(strip_levels(norms),
                                                                                     colors.SEQUENTIAL)]  # fmt: skip
    strips.set_rows([("lstm", 200, norms)])  # the next poll, the same norms: nothing coloured again
    assert strips._colors is cells
    strips.set_rows([("lstm", 400, norms * 2)])  # the next checkpoint
    assert strips._colors is not cells
    assert strips.rows[0][1] == 400
