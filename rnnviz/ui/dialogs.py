"""Dialogs that ask for the numbers of a new lesson or of a new hidden size.

They only gather input: the lesson is built by the Qt-free core (``new_lesson``), and a
change of the current lesson goes through the window's undo stack like every other edit.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import MAX_HIDDEN_SIZE
from ..core.lesson import Lesson, LessonError, new_lesson
from ..core.models import MODELS, SPECS
from ..session import check_window_length
from .errors import guarded

MAX_NEW_SIZE = 64  # hidden and embedding size offered for a new lesson: enough to see, small enough to read
MAX_SEED = 2**31 - 1


def _spin(low: int, high: int, value: int, name: str, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(max(low, min(value, high)))
    box.setAccessibleName(name)
    box.setToolTip(tip)
    return box


def _message_label() -> QLabel:
    label = QLabel()
    label.setAccessibleName("Problem")
    label.setStyleSheet("color: #b00020")
    return label


class NewLessonDialog(QDialog):
    """File > New lesson: tokens, models, sizes, seed and title; OK builds the lesson or says what is wrong."""

    def __init__(self, tokens: str = "", hidden_size: int = 3, embedding_size: int = 3, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New lesson"))
        self.lesson: Lesson | None = None  # set when OK was accepted
        self.tokens_field = QLineEdit(tokens)
        self.tokens_field.setAccessibleName("Tokens")
        self.tokens_field.setPlaceholderText(self.tr("tokens separated by spaces"))
        self.model_boxes: dict[str, QCheckBox] = {}
        models_row = QWidget()
        row = QHBoxLayout(models_row)
        row.setContentsMargins(0, 0, 0, 0)
        for model in MODELS:
            box = QCheckBox(SPECS[model].title)
            box.setObjectName(model)
            box.setChecked(True)
            self.model_boxes[model] = box
            row.addWidget(box)
        self.hidden_box = _spin(1, MAX_NEW_SIZE, hidden_size, "Hidden size", self.tr("Hidden units H of every model"))
        self.embedding_box = _spin(1, MAX_NEW_SIZE, embedding_size, "Embedding size",
                                   self.tr("Numbers per token embedding (D)"))  # fmt: skip
        self.seed_box = _spin(0, MAX_SEED, 0, "Seed", self.tr("Same seed, same weights"))
        self.title_field = QLineEdit()
        self.title_field.setAccessibleName("Title")
        self.message = _message_label()
        form = QFormLayout()
        form.addRow(self.tr("Tokens:"), self.tokens_field)
        form.addRow(self.tr("Models:"), models_row)
        form.addRow(self.tr("Hidden size:"), self.hidden_box)
        form.addRow(self.tr("Embedding size:"), self.embedding_box)
        form.addRow(self.tr("Seed:"), self.seed_box)
        form.addRow(self.tr("Title:"), self.title_field)
        note = self.tr("Weights are drawn as PyTorch initialises them, uniformly from ±1/√H; "
                       "each token's embedding is derived from its text.")  # fmt: skip
        self.buttons = _lay_out(self, form, note, self.message)

    def chosen_models(self) -> list[str]:
        return [model for model, box in self.model_boxes.items() if box.isChecked()]

    @guarded("the new lesson dialog")
    def accept(self) -> None:
        """Build the lesson; on bad input say why in one line and stay open."""
        try:
            lesson = new_lesson(
                self.tokens_field.text().split(),
                self.chosen_models(),
                self.hidden_box.value(),
                self.embedding_box.value(),
                self.seed_box.value(),
                self.title_field.text().strip(),
            )
            check_window_length(lesson, "the new lesson")
        except LessonError as error:
            self.message.setText(_one_line(str(error)))
            return
        self.lesson = lesson
        super().accept()


def _lay_out(dialog: QDialog, form: QFormLayout, note: str, *extra) -> QDialogButtonBox:
    """The form, a wrapped note, any extra widgets, then OK / Cancel; returns the buttons."""
    label = QLabel(note)
    label.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    for widget in (label, *extra, buttons):
        layout.addWidget(widget)
    return buttons


class HiddenSizeDialog(QDialog):
    """Edit > Change hidden size: the new H and the seed for the numbers it adds."""

    def __init__(self, hidden_size: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change hidden size"))
        tip = self.tr("Hidden units H of every model (1 to {limit})").format(limit=MAX_HIDDEN_SIZE)
        self.hidden_box = _spin(1, MAX_HIDDEN_SIZE, hidden_size, "Hidden size", tip)
        self.seed_box = _spin(0, MAX_SEED, 0, "Seed", self.tr("Seed for the weights the new units get"))
        form = QFormLayout()
        form.addRow(self.tr("Hidden size:"), self.hidden_box)
        form.addRow(self.tr("Seed:"), self.seed_box)
        note = self.tr("Every gate keeps the weights of the units both sizes share; new units get "
                       "weights drawn as PyTorch initialises them. Ctrl+Z undoes.")  # fmt: skip
        self.buttons = _lay_out(self, form, note)

    def values(self) -> tuple[int, int]:
        """(hidden size, seed)."""
        return self.hidden_box.value(), self.seed_box.value()


def _one_line(text: str) -> str:
    return " ".join(text.split())


class GalleryDialog(QDialog):
    """File > Gallery: the built-in lessons, each with its title and description; Open shows one."""

    def __init__(self, parent=None):
        from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTextBrowser

        from ..core.lesson import load_lesson
        from ..core.notes import pick
        from ..resources import builtin_lessons, find_lesson

        super().__init__(parent)
        self.setWindowTitle(self.tr("Gallery of lessons"))
        self.chosen: str | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Lessons")
        self.details = QTextBrowser()
        self._descriptions: dict[str, str] = {}
        for name in builtin_lessons():
            try:
                lesson = load_lesson(find_lesson(name))
            except Exception:  # noqa: BLE001, S112 - a broken resource is left out, not shown half
                continue
            item = QListWidgetItem(lesson.title or name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            english, chinese = pick(lesson.description, "en"), lesson.description.get("zh", "")
            models = ", ".join(SPECS[m].title for m in lesson.models)
            self._descriptions[name] = (
                f"<p><b>{escape(lesson.title or name)}</b> — <code>rnnviz {escape(name)}</code></p>"
                f"<p>{escape(english)}</p>" + (f"<p>{escape(chinese)}</p>" if chinese else "")
                + f"<p style='color:#777'>{len(lesson.tokens)} tokens · H = {lesson.hidden_size} · {models}</p>"
            )
        self.list.currentItemChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details, 2)
        layout.addWidget(buttons)
        self.resize(640, 520)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _show(self, item, _previous=None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.details.setHtml(self._descriptions.get(name, ""))

    def accept(self) -> None:
        item = self.list.currentItem()
        self.chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        super().accept()
