"""The Train view (Ctrl+T): train SimpleRNN, LSTM and GRU side by side on a task and watch them.

Training runs in a child process (rnnviz.core.trainlive.LiveRun), so the window keeps stepping
at full speed; a timer takes what it has sent a few times a second. The view shows:

* the training loss of every model (log scale), and the test loss (regression) or test accuracy
  (classification) at checkpoints, with a dashed line for what a model that ignores its input
  scores (guessing the mean / the commonest label);
* a strip per model of ‖∂loss/∂h(t)‖ for t = 0..T, refreshed every GRAD_EVERY steps: the
  SimpleRNN's fading toward h(0) is the vanishing gradient, as it happens;
* buttons that open a model's current weights as a lesson in the window, to step through it.

Closing the view hides it: a run goes on (the window's status bar says so) and Ctrl+T brings it back.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.lesson import LessonError
from ..core.models import MODELS, SPECS
from ..core.tasks import MAX_LENGTH, MIN_LENGTH, TASKS
from ..core.trainlive import GRAD_EVERY, LiveRun, Settings, short, strip_levels
from ..core.trainrun import HIDDEN, MAX_HIDDEN, MAX_STEPS, STEPS
from . import colors
from .errors import guarded
from .i18n import Retranslating, core_text, message_text
from .timeline import MODEL_COLORS

CONTEXT = "TrainView"
POLL_MS = 100


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _title(model: str) -> str:
    return core_text(SPECS[model].title)


def hint(task: str) -> str:
    """What to look for on a task: the honest result, as measured with the defaults (see the README)."""
    if task == "adding":
        return _tr("Watch the test MSE: the SimpleRNN's stays near the dashed line (always answering the mean, "
                   "about 1/6), while the LSTM's and the GRU's fall far below it within 2000 steps. In the strips "
                   "the SimpleRNN's gradient fades to almost nothing toward h(0): the marked values early in the "
                   "sequence cannot teach it.")  # fmt: skip
    if task == "remember-first":
        return _tr("An honest surprise: the SimpleRNN learns this one. Holding one bit is easy for it (it saturates "
                   "its units and stays there, even though its gradient vanishes), while the LSTM stays at chance "
                   "within 2000 steps here. What the SimpleRNN cannot do is carry a precise value across a long "
                   "gap: compare with the adding task.")  # fmt: skip
    if task == "brackets":
        return _tr("Balanced brackets need a counter that goes up and down over the whole string. With the "
                   "defaults the LSTM and the GRU reach full test accuracy, while the SimpleRNN stays near chance.")
    return ""


class GradientStrips(QWidget):
    """A row per model: ‖∂loss/∂h(t)‖ for t = 0..T as cells on a log colour scale (the row's largest
    darkest, 1e-8 of it white), with the values at h(0) and h(T) written at the ends."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, int, np.ndarray]] = []  # (model, step, norms)
        self._colors: list[list[QColor]] = []  # each row's cells, on the log colour scale
        self.setMinimumHeight(3 * 34 + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: list[tuple[str, int, np.ndarray]]) -> None:
        """Show these rows; the same ones again (the view draws a few times a second, the norms
        change every GRAD_EVERY steps) are neither coloured nor painted again."""
        if [(m, s, id(n)) for m, s, n in rows] == [(m, s, id(n)) for m, s, n in self.rows]:
            return
        self.rows = rows
        self._colors = [colors.value_colors(strip_levels(norms), colors.SEQUENTIAL) for _, _, norms in rows]
        self.retranslate()

    def retranslate(self) -> None:
        """The description and the drawing in the language in force."""
        self.setAccessibleDescription(self.describe())
        self.update()

    @staticmethod
    def ends(norms: np.ndarray) -> tuple[str, str]:
        """The texts at a strip's two ends: "h(0) 1.1e-09" and "h(50) 0.012"."""
        return f"h(0) {short(norms[0])}", f"h({len(norms) - 1}) {short(norms[-1])}"

    def describe(self) -> str:
        """What the strips say, in words (the accessible description; tests read it): their ends as drawn."""
        return "; ".join(_tr("{0} at step {1}: {2}, {3}").format(_title(model), step, *self.ends(norms))
                         for model, step, norms in self.rows)  # fmt: skip

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), colors.PAPER)
        if not self.rows:
            painter.setPen(colors.MUTED)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _tr("The gradient strips appear at the first step of training."))  # fmt: skip
            return
        metrics = painter.fontMetrics()
        label_w = max(metrics.horizontalAdvance(_title(m)) for m, _, _ in self.rows) + 12
        end_w = metrics.horizontalAdvance("h(1000) 8.8e-88") + 12
        row_h = min(34, (self.height() - 6) / len(self.rows))
        left, right = label_w + end_w, self.width() - end_w
        for k, ((model, _, norms), cells) in enumerate(zip(self.rows, self._colors, strict=True)):
            top = 3 + k * row_h
            cell_h = row_h - 6
            painter.setPen(colors.INK)
            painter.drawText(QRectF(4, top, label_w, cell_h), Qt.AlignmentFlag.AlignVCenter, _title(model))
            width = max(right - left, 10) / len(norms)
            painter.setPen(Qt.PenStyle.NoPen)
            for t, color in enumerate(cells):
                painter.setBrush(color)
                painter.drawRect(QRectF(left + t * width, top, width + 0.5, cell_h))
            painter.setPen(QColor(MODEL_COLORS[model]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(left, top, width * len(norms), cell_h))
            painter.setPen(colors.INK)
            first, last = self.ends(norms)
            painter.drawText(QRectF(label_w, top, end_w - 6, cell_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, first)  # fmt: skip
            painter.drawText(QRectF(left + width * len(norms) + 6, top, end_w, cell_h), Qt.AlignmentFlag.AlignVCenter,
                             last)  # fmt: skip


class TrainView(Retranslating, QDialog):
    """Pick a task, its length and the models; train them live; open one's weights as a lesson."""

    sig_open_lesson = Signal(object)  # a Lesson: the window opens it (asking about unsaved edits)
    sig_state_changed = Signal(str)  # a line for the window's status bar while a run is active ("" when none)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("train view")
        self.setModal(False)
        self.run: LiveRun | None = None
        self.opened_step = -1  # the step of the run whose weights were last opened as a lesson
        self._pending_open: str | None = None  # a model whose weights were asked for, to open when they come
        self._asked_at = -1  # the step training was at when they were asked for
        self.ask_replace_run = self._ask_replace_run  # replaced in tests
        layout = QVBoxLayout(self)
        # -- settings
        settings = QGridLayout()
        self.task_box = QComboBox()
        self.task_box.setObjectName("task")
        for name in TASKS:
            self.task_box.addItem(name, name)
        self.task_box.currentIndexChanged.connect(self._on_task_changed)
        self.length_box = self._spin("length", MIN_LENGTH, MAX_LENGTH, TASKS["adding"].default_length)
        self.hidden_box = self._spin("hidden", 1, MAX_HIDDEN, HIDDEN)
        self.steps_box = self._spin("steps", 1, MAX_STEPS, STEPS)
        self.steps_box.setSingleStep(100)
        self.seed_box = self._spin("seed", 0, 2**31 - 1, 0)
        self.setting_labels = [QLabel() for _ in range(5)]
        boxes = (self.task_box, self.length_box, self.hidden_box, self.steps_box, self.seed_box)
        for k, (label, box) in enumerate(zip(self.setting_labels, boxes, strict=True)):
            label.setBuddy(box)
            settings.addWidget(label, 0, 2 * k)
            settings.addWidget(box, 0, 2 * k + 1)
        self.model_boxes: dict[str, QCheckBox] = {}
        models = QHBoxLayout()
        self.models_label = QLabel()
        models.addWidget(self.models_label)
        for model in MODELS:
            box = QCheckBox()
            box.setObjectName(model)
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {MODEL_COLORS[model]}; font-weight: bold; }}")
            box.toggled.connect(self._update_buttons)
            self.model_boxes[model] = box
            models.addWidget(box)
        models.addStretch(1)
        self.train_button = QPushButton()
        self.train_button.setObjectName("train")
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(guarded("starting training")(self.start))
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pause")
        self.pause_button.clicked.connect(guarded("pausing training")(self.toggle_pause))
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("stop")
        self.stop_button.clicked.connect(guarded("stopping training")(self.stop))
        for button in (self.train_button, self.pause_button, self.stop_button):
            models.addWidget(button)
        layout.addLayout(settings)
        layout.addLayout(models)
        self.task_line = QLabel()
        self.task_line.setWordWrap(True)
        layout.addWidget(self.task_line)
        self.status = QLabel()
        self.status.setObjectName("train status")
        status_font = QFont(self.status.font())
        status_font.setBold(True)
        self.status.setFont(status_font)
        layout.addWidget(self.status)
        # -- curves
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground(colors.PAPER)
        self.loss_plot = self.plots.addPlot(row=0, col=0)
        self.test_plot = self.plots.addPlot(row=0, col=1)
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.test_curves: dict[str, pg.PlotDataItem] = {}
        for plot in (self.loss_plot, self.test_plot):
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.addLegend(offset=(10, -10))  # bottom left: the curves start high and fall to the right
        for model in MODELS:
            pen = pg.mkPen(MODEL_COLORS[model], width=2)
            self.loss_curves[model] = self.loss_plot.plot([], [], pen=pen)
            self.test_curves[model] = self.test_plot.plot([], [], pen=pen, symbol="o", symbolSize=6,
                                                          symbolBrush=MODEL_COLORS[model], symbolPen=None)  # fmt: skip
        self.chance_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(colors.WIRE, width=1.5, style=Qt.PenStyle.DashLine))
        self.chance_line.hide()
        self.test_plot.addItem(self.chance_line, ignoreBounds=False)
        self.chance_label = pg.TextItem(anchor=(1, 1))  # over the line's right end: the curves cross it on the left
        self.chance_label.hide()
        self.test_plot.addItem(self.chance_label, ignoreBounds=True)
        layout.addWidget(self.plots, 3)
        self.strips_title = QLabel()
        self.strips_title.setWordWrap(True)
        layout.addWidget(self.strips_title)
        self.strips = GradientStrips()
        layout.addWidget(self.strips)
        # -- open a model
        opening = QHBoxLayout()
        self.open_label = QLabel()
        opening.addWidget(self.open_label)
        self.open_buttons: dict[str, QPushButton] = {}
        for model in MODELS:
            button = QPushButton()
            button.setObjectName(f"open {model}")
            button.clicked.connect(guarded("opening the trained model")(lambda _=False, m=model: self.open_model(m)))
            self.open_buttons[model] = button
            opening.addWidget(button)
        opening.addStretch(1)
        layout.addLayout(opening)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(guarded("showing training")(self.poll))
        self.resize(1100, 760)
        self.retranslate()
        self._on_task_changed()

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(low, high)
        box.setValue(value)
        box.setAccelerated(True)
        return box

    # -- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Train — rnnviz"))
        for label, text in zip(self.setting_labels, (_tr("&Task:"), _tr("&Length:"), _tr("&Hidden size:"),
                                                     _tr("&Steps:"), _tr("S&eed:")), strict=True):  # fmt: skip
            label.setText(text)
        self.length_box.setToolTip(_tr("Tokens per sequence: the gap the models must remember across"))
        self.steps_box.setToolTip(_tr("Training steps, each on a batch of 32 sequences"))
        self.seed_box.setToolTip(_tr("The seed of the batches and of the first weights: the same seed, the same run"))
        self.models_label.setText(_tr("Models:"))
        for model, box in self.model_boxes.items():
            box.setText(_title(model))
        self.train_button.setText(_tr("Train"))
        self.train_button.setToolTip(_tr("Train the chosen models from the same start, on the same batches"))
        self.stop_button.setText(_tr("Stop"))
        self.open_label.setText(_tr("Step through the weights as they are now:"))
        for model, button in self.open_buttons.items():
            button.setText(_tr("Open the {0}").format(_title(model)))
        self.strips.retranslate()
        self._show_strips_title()
        self.loss_plot.setTitle(_tr("Training loss (log scale)"))
        self.loss_plot.getAxis("bottom").setLabel(_tr("step"))
        self._on_task_changed()
        if self.run is not None:
            self._set_test_axes(self.run.task)
            self._show_chance()
        self._draw(force=True)

    def _on_task_changed(self) -> None:
        task = TASKS[self.task_box.currentData()]
        self.task_box.setToolTip(core_text(task.description))
        self.task_line.setText(core_text(task.description))
        self.hint.setText(hint(task.name))
        if self.run is None:
            self._set_test_axes(task)
        self._update_buttons()

    def _set_test_axes(self, task) -> None:
        regression = task.labels is None
        self.test_plot.setTitle(_tr("Test MSE (log scale)") if regression else _tr("Test accuracy"))
        self.test_plot.setLogMode(y=regression)
        # the legend where the curves are not: losses fall (bottom left is empty), accuracies rise (top left)
        self.test_plot.legend.setOffset((10, -10) if regression else (10, 10))
        self.loss_plot.setLogMode(y=True)
        self.test_plot.getAxis("bottom").setLabel(_tr("step"))

    def select_task(self, name: str) -> None:
        self.task_box.setCurrentIndex(self.task_box.findData(name))
        self.length_box.setValue(TASKS[name].default_length)

    # -- the run ----------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.run is not None and self.run.active

    def settings(self) -> Settings:
        models = tuple(m for m, box in self.model_boxes.items() if box.isChecked())
        return Settings(self.task_box.currentData(), models, self.length_box.value(), self.hidden_box.value(),
                        self.steps_box.value(), self.seed_box.value())  # fmt: skip

    def _ask_replace_run(self) -> bool:
        B = QMessageBox.StandardButton
        answer = QMessageBox.question(self, _tr("Start a new run"),
                                      _tr("The last run's curves and weights will be dropped (open a model as a "
                                          "lesson and save it to keep it). Start a new run?"),
                                      B.Yes | B.Cancel, B.Yes)  # fmt: skip
        return answer == B.Yes

    def start(self) -> bool:
        """Start a run with the settings shown; False (and a message) if it cannot start."""
        if self.active:
            return False
        # a finished run whose last weights were not opened (and so perhaps not saved) is dropped only if asked
        if self.run is not None and self.opened_step != self.run.step and not self.ask_replace_run():
            return False
        try:
            run = LiveRun(self.settings())
        except LessonError as error:
            self.status.setText(f"⚠ {message_text(str(error))}")
            return False
        if self.run is not None:
            self.run.close()  # ended already: this reaps its process
        self.run, self.opened_step, self._pending_open = run, -1, None
        self._set_test_axes(run.task)
        chance = run.chance()
        self.chance_line.setValue(np.log10(chance) if run.task.labels is None else chance)
        self.chance_line.show()
        self._show_chance()  # placed by _draw, at the last checkpoint
        self.chance_label.show()
        for plot, curves in ((self.loss_plot, self.loss_curves), (self.test_plot, self.test_curves)):
            plot.legend.clear()
            for model, curve in curves.items():
                curve.setData([], [])
                if model in run.curves:
                    plot.legend.addItem(curve, _title(model))
        self.timer.start()
        self._draw(force=True)
        return True

    def toggle_pause(self) -> None:
        if self.run is None:
            return
        if self.run.state == "running":
            self.run.pause()
        elif self.run.state == "paused":
            self.run.resume()
        self._draw(force=True)

    def stop(self) -> None:
        if self.active:
            self.run.stop()
            self._draw(force=True)

    def _show_chance(self) -> None:
        text = _tr("always the mean: {0}") if self.run.task.labels is None else _tr("chance: {0}")
        self.chance_label.setText(text.format(short(self.run.chance())), color=colors.WIRE)

    def poll(self) -> None:
        if self.run is None:
            return
        changed = self.run.poll()
        if self.run.reaped:
            self.timer.stop()
        self._draw(force=changed)
        if self._pending_open is not None:
            curves = self.run.curves[self._pending_open]
            if curves.weights_step >= self._asked_at or not self.run.active:
                model, self._pending_open = self._pending_open, None
                self._open_now(model)

    def close_run(self) -> None:
        """End the run's process (the window closes)."""
        self.timer.stop()
        if self.run is not None:
            self.run.close()

    def open_model(self, model: str) -> None:
        """Open the model's weights as they are now: while it trains they are asked for, and open
        with the next poll that brings them (a step later)."""
        if self.run is None or model not in self.run.curves:
            return
        if self.run.active and self.run.curves[model].weights_step < self.run.step:
            self._pending_open, self._asked_at = model, self.run.step
            self.run.request_weights()
            self.status.setText(_tr("Fetching the {0}'s weights…").format(_title(model)))
            return
        self._open_now(model)

    def _open_now(self, model: str) -> None:
        if self.run.curves[model].weights is None:
            return
        lesson = self.run.lesson(model)
        self.opened_step = self.run.curves[model].weights_step
        self.sig_open_lesson.emit(lesson)

    # -- drawing ------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        active = self.active
        chosen = any(box.isChecked() for box in self.model_boxes.values())
        self.train_button.setEnabled(not active and chosen)
        self.train_button.setToolTip("" if chosen else _tr("Choose at least one model"))
        self.pause_button.setEnabled(active)
        self.pause_button.setText(_tr("Resume") if self.run is not None and self.run.state == "paused"
                                  else _tr("Pause"))  # fmt: skip
        self.stop_button.setEnabled(active)
        for widget in (self.task_box, self.length_box, self.hidden_box, self.steps_box, self.seed_box,
                       *self.model_boxes.values()):  # fmt: skip
            widget.setEnabled(not active)
        for model, button in self.open_buttons.items():
            button.setEnabled(self.run is not None and model in self.run.curves and self.run.step > 0)

    def status_line(self) -> str:
        """The run in a line: its state, step, time and each model's latest loss."""
        run = self.run
        if run is None:
            return _tr("Choose a task and press Train.")
        states = {"running": _tr("Training"), "paused": _tr("Paused"), "done": _tr("Done"),
                  "stopped": _tr("Stopped"), "failed": _tr("Failed")}  # fmt: skip
        line = _tr("{0}: step {1} of {2}, {3} s").format(states[run.state], run.step, run.settings.steps,
                                                         f"{run.elapsed:.0f}")  # fmt: skip
        losses = [f"{_title(m)} {short(c.loss[-1])}" for m, c in run.curves.items() if c.loss]
        if losses:
            line += " · " + _tr("loss: {0}").format(", ".join(losses))
        if run.message:
            line += f" · ⚠ {message_text(run.message)}"
        return line

    def _draw(self, force: bool = False) -> None:
        run = self.run
        self._update_buttons()
        line = self.status_line()
        self.status.setText(line)
        self.sig_state_changed.emit(line if self.active else "")
        if run is None or not force:
            return
        accuracy = run.task.labels is not None
        for model, curves in run.curves.items():
            self.loss_curves[model].setData(curves.steps, curves.loss)
            values = curves.test_accuracy if accuracy else curves.test_loss
            self.test_curves[model].setData(curves.test_steps[: len(values)], values)
        # at the right end of what the test plot shows: its last checkpoint (beyond it, it would be clipped)
        last_test = max((c.test_steps[-1] for c in run.curves.values() if c.test_steps), default=1)
        self.chance_label.setPos(last_test, self.chance_line.value())
        self.strips.set_rows([(m, c.grad_step, c.grad_norms) for m, c in run.curves.items()
                              if c.grad_norms is not None])  # fmt: skip
        self._show_strips_title()

    def _show_strips_title(self) -> None:
        steps = {step for _, step, _ in self.strips.rows}
        if len(steps) == 1:
            title = _tr("How far back the gradient reaches at step {0}: ‖∂loss/∂h(t)‖ at every timestep, refreshed "
                        "every {1} steps (log colour scale: a row's largest value is darkest, a hundred-millionth "
                        "of it white)").format(steps.pop(), GRAD_EVERY)  # fmt: skip
        else:  # none yet, or a model that stopped early
            title = _tr("How far back the gradient reaches: ‖∂loss/∂h(t)‖ at every timestep, refreshed every {0} "
                        "steps (log colour scale: a row's largest value is darkest, a hundred-millionth of it "
                        "white)").format(GRAD_EVERY)  # fmt: skip
        self.strips_title.setText(title)

    def apply_theme(self) -> None:
        self.plots.setBackground(colors.PAPER)
        self.chance_line.setPen(pg.mkPen(colors.WIRE, width=1.5, style=Qt.PenStyle.DashLine))
        self.chance_label.setColor(colors.WIRE)
        self.strips.update()
