"""The What-if panel: force the LSTM's forget, input or output gate or the GRU's update gate to 0 or
1 for the whole sentence, or set the LSTM's forget-gate bias of every unit with a slider.

The panel is a view of the session (it shows Session.whatif) and changes it only through
Session.set_whatif; the overrides are not part of the lesson (rnnviz.core.whatif), and a banner
in the window says so while any is on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..core.models import SPECS
from ..core.whatif import FORCEABLE, FORGET_BIAS_RANGE, NONE, WhatIf
from .errors import guarded
from .i18n import Retranslating, core_text, message_text

CONTEXT = "WhatIfPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


CHOICES = (None, 0.0, 1.0)  # the combo box's entries: from the weights, forced to 0, forced to 1
SLIDER_STEP = 0.25  # the forget-gate bias moves in quarters


class WhatIfPanel(Retranslating, QWidget):
    """Controls for the what-if overrides; follows the session like every view."""

    sig_rejected = Signal(str)  # an override that could not be applied: one line for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.gate_boxes: dict[tuple[str, str], QComboBox] = {}
        self.gate_labels: dict[tuple[str, str], QLabel] = {}
        for model, gates in FORCEABLE.items():
            for gate in gates:
                box = QComboBox()
                box.setObjectName(f"{model} {gate}")
                box.addItems([""] * len(CHOICES))  # texts set in retranslate(); the index is the choice
                box.currentIndexChanged.connect(guarded("forcing a gate")(self._on_changed))
                label = QLabel()
                form.addRow(label, box)
                self.gate_boxes[(model, gate)] = box
                self.gate_labels[(model, gate)] = label
        layout.addLayout(form)
        self.bias_check = QCheckBox()
        self.bias_check.toggled.connect(guarded("setting the forget-gate bias")(self._on_changed))
        layout.addWidget(self.bias_check)
        row = QHBoxLayout()
        low, high = FORGET_BIAS_RANGE
        self.bias_slider = QSlider(Qt.Orientation.Horizontal)
        self.bias_slider.setRange(int(low / SLIDER_STEP), int(high / SLIDER_STEP))
        self.bias_slider.setValue(int(1.0 / SLIDER_STEP))  # the common initialisation trick: b_f = 1
        self.bias_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.bias_slider.setTickInterval(int(1 / SLIDER_STEP))
        self.bias_slider.valueChanged.connect(guarded("setting the forget-gate bias")(self._on_changed))
        self.bias_label = QLabel()
        self.bias_label.setMinimumWidth(self.bias_label.fontMetrics().horizontalAdvance("b_f = −6.00  "))
        row.addWidget(self.bias_slider)
        row.addWidget(self.bias_label)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.perfect_button = QPushButton()
        self.perfect_button.clicked.connect(guarded("forcing a gate")(self._perfect_memory))
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(guarded("clearing the overrides")(lambda: self._apply(NONE)))
        buttons.addWidget(self.perfect_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._syncing = False
        self.retranslate()
        self._show(NONE, ())

    def retranslate(self) -> None:
        """Set every fixed text (again when the language changes)."""
        self.setAccessibleName(_tr("What if"))
        self.intro.setText(_tr("Force a gate for the whole sentence, or set the forget-gate bias of every unit. "
                               "An override is not part of the lesson's weights and is not saved; the trace, "
                               "the diagrams, the gradients and an exported CSV follow it "
                               "while it is on."))  # fmt: skip
        for (model, gate), box in self.gate_boxes.items():
            spec = SPECS[model]
            name = next(g.name for g in spec.gates if g.id == gate)
            text = _tr("{0} {1}(t), {2}:").format(core_text(spec.title), gate, core_text(name))
            self.gate_labels[(model, gate)].setText(text)
            for k, choice in enumerate((_tr("from the weights"), _tr("forced to 0"), _tr("forced to 1"))):
                box.setItemText(k, choice)
        self.bias_check.setText(_tr("Set the LSTM forget-gate bias of every unit"))
        self.bias_slider.setAccessibleName(_tr("Forget-gate bias"))
        self.perfect_button.setText(_tr("Perfect memory: f = 1, i = 0"))
        self.perfect_button.setToolTip(_tr("The LSTM keeps its cell state exactly: C(t) = C(t-1)"))
        self.clear_button.setText(_tr("Clear all"))

    # -- following the session -------------------------------------------------------------
    def show_lesson(self, session) -> None:
        self.session = session
        self._show(session.whatif, tuple(session.lesson.models))

    def show_position(self, session, position) -> None:
        pass  # the overrides hold for the whole sentence

    def _show(self, whatif: WhatIf, models: tuple[str, ...]) -> None:
        self._syncing = True
        try:
            for (model, gate), box in self.gate_boxes.items():
                box.setCurrentIndex(CHOICES.index(whatif.forced(model).get(gate)))
                box.setEnabled(model in models)
            self.bias_check.setChecked(whatif.forget_bias is not None)
            if whatif.forget_bias is not None:
                self.bias_slider.setValue(round(whatif.forget_bias / SLIDER_STEP))
            self.bias_check.setEnabled("lstm" in models)
            self.bias_slider.setEnabled("lstm" in models and whatif.forget_bias is not None)
            self.perfect_button.setEnabled("lstm" in models)
            self.clear_button.setEnabled(whatif.active)
            self.bias_label.setText(f"b_f = {self.bias_slider.value() * SLIDER_STEP:.2f}")
        finally:
            self._syncing = False

    # -- the user's changes ----------------------------------------------------------------
    def chosen(self) -> WhatIf:
        """The overrides the controls show."""
        whatif = NONE
        for (model, gate), box in self.gate_boxes.items():
            whatif = whatif.force(model, gate, CHOICES[box.currentIndex()])
        if self.bias_check.isChecked():
            whatif = whatif.with_forget_bias(self.bias_slider.value() * SLIDER_STEP)
        return whatif

    def _on_changed(self, *_) -> None:
        self.bias_label.setText(f"b_f = {self.bias_slider.value() * SLIDER_STEP:.2f}")
        if not self._syncing:
            self._apply(self.chosen())

    def _perfect_memory(self) -> None:
        whatif = self.session.whatif if self.session is not None else NONE
        self._apply(whatif.force("lstm", "f", 1.0).force("lstm", "i", 0.0))

    def _apply(self, whatif: WhatIf) -> None:
        if self.session is None:
            return
        try:
            self.session.set_whatif(whatif)
        except (ValueError, ArithmeticError) as error:
            self.sig_rejected.emit(message_text(str(error)))
            self._show(self.session.whatif, tuple(self.session.lesson.models))
