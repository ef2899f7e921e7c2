"""Dialogs that ask for the numbers of a new lesson or of a new hidden size.

They only gather input: the lesson is built by the Qt-free core (``new_lesson``), and a
change of the current lesson goes through the window's undo stack like every other edit.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
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
from .colors import html
from .errors import guarded
from .i18n import Retranslating, core_text, message_text

CONTEXT = "Dialogs"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


MAX_NEW_SIZE = 64  # hidden and embedding size offered for a new lesson: enough to see, small enough to read
MAX_SEED = 2**31 - 1


def _spin(low: int, high: int, value: int) -> QSpinBox:
    """A spin box; its accessible name and tooltip are set by the dialog's retranslate()."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(max(low, min(value, high)))
    return box


def _message_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020")
    return label


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Dialog(Retranslating, QDialog):
    """A dialog whose fixed texts are set in retranslate(), again when the language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError


class NewLessonDialog(_Dialog):
    """File > New lesson: tokens, models, sizes, seed and title; OK builds the lesson or says what is wrong."""

    def __init__(self, tokens: str = "", hidden_size: int = 3, embedding_size: int = 3, parent=None):
        super().__init__(parent)
        self.lesson: Lesson | None = None  # set when OK was accepted
        self._problem = ""  # the core's message (English) for the last input refused; translated when shown
        self.tokens_field = QLineEdit(tokens)
        self.model_boxes: dict[str, QCheckBox] = {}
        models_row = QWidget()
        row = QHBoxLayout(models_row)
        row.setContentsMargins(0, 0, 0, 0)
        for model in MODELS:
            box = QCheckBox()
            box.setObjectName(model)
            box.setChecked(True)
            self.model_boxes[model] = box
            row.addWidget(box)
        self.hidden_box = _spin(1, MAX_NEW_SIZE, hidden_size)
        self.embedding_box = _spin(1, MAX_NEW_SIZE, embedding_size)
        self.seed_box = _spin(0, MAX_SEED, 0)
        self.title_field = QLineEdit()
        self.message = _message_label()
        self.labels = {name: QLabel() for name in ("tokens", "models", "hidden", "embedding", "seed", "title")}
        form = QFormLayout()
        for name, field in zip(self.labels, (self.tokens_field, models_row, self.hidden_box, self.embedding_box,
                                             self.seed_box, self.title_field), strict=True):  # fmt: skip
            form.addRow(self.labels[name], field)
        self.note, self.buttons = _lay_out(self, form, self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("New lesson"))
        self.tokens_field.setAccessibleName(_tr("Tokens"))
        self.tokens_field.setPlaceholderText(_tr("tokens separated by spaces"))
        for model, box in self.model_boxes.items():
            box.setText(core_text(SPECS[model].title))
        self.hidden_box.setAccessibleName(_tr("Hidden size"))
        self.hidden_box.setToolTip(_tr("Hidden units H of every model"))
        self.embedding_box.setAccessibleName(_tr("Embedding size"))
        self.embedding_box.setToolTip(_tr("Numbers per token embedding (D)"))
        self.seed_box.setAccessibleName(_tr("Seed"))
        self.seed_box.setToolTip(_tr("Same seed, same weights"))
        self.title_field.setAccessibleName(_tr("Title"))
        self.message.setAccessibleName(_tr("Problem"))
        self.labels["tokens"].setText(_tr("Tokens:"))
        self.labels["models"].setText(_tr("Models:"))
        self.labels["hidden"].setText(_tr("Hidden size:"))
        self.labels["embedding"].setText(_tr("Embedding size:"))
        self.labels["seed"].setText(_tr("Seed:"))
        self.labels["title"].setText(_tr("Title:"))
        self.note.setText(_tr("Weights are drawn as PyTorch initialises them, uniformly from ±1/√H; "
                              "each token's embedding is derived from its text."))  # fmt: skip
        self.message.setText(_one_line(message_text(self._problem)) if self._problem else "")

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
            self._problem = str(error)
            self.message.setText(_one_line(message_text(self._problem)))
            return
        self.lesson = lesson
        super().accept()


def _lay_out(dialog: QDialog, form: QFormLayout, *extra) -> tuple[QLabel, QDialogButtonBox]:
    """The form, a wrapped note (its text set by the dialog), any extra widgets, then OK / Cancel;
    returns the note's label and the buttons."""
    label = QLabel()
    label.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    for widget in (label, *extra, buttons):
        layout.addWidget(widget)
    return label, buttons


class HiddenSizeDialog(_Dialog):
    """Edit > Change hidden size: the new H and the seed for the numbers it adds."""

    def __init__(self, hidden_size: int, parent=None):
        super().__init__(parent)
        self.hidden_box = _spin(1, MAX_HIDDEN_SIZE, hidden_size)
        self.seed_box = _spin(0, MAX_SEED, 0)
        self.hidden_label, self.seed_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.hidden_label, self.hidden_box)
        form.addRow(self.seed_label, self.seed_box)
        self.note, self.buttons = _lay_out(self, form)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Change hidden size"))
        self.hidden_box.setAccessibleName(_tr("Hidden size"))
        self.hidden_box.setToolTip(_tr("Hidden units H of every model (1 to {0})").format(MAX_HIDDEN_SIZE))
        self.seed_box.setAccessibleName(_tr("Seed"))
        self.seed_box.setToolTip(_tr("Seed for the weights the new units get"))
        self.hidden_label.setText(_tr("Hidden size:"))
        self.seed_label.setText(_tr("Seed:"))
        self.note.setText(_tr("Every gate keeps the weights of the units both sizes share; new units get "
                              "weights drawn as PyTorch initialises them. Ctrl+Z undoes."))  # fmt: skip

    def values(self) -> tuple[int, int]:
        """(hidden size, seed)."""
        return self.hidden_box.value(), self.seed_box.value()


class GalleryDialog(_Dialog):
    """File > Gallery: the built-in lessons, each with its title and description; Open shows one."""

    def __init__(self, parent=None):
        from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTextBrowser

        from ..core.lesson import load_lesson
        from ..resources import builtin_lessons, find_lesson

        super().__init__(parent)
        self.chosen: str | None = None
        self.list = QListWidget()
        self.details = QTextBrowser()
        self._lessons: dict[str, Lesson] = {}  # name -> the lesson, described when shown
        for name in builtin_lessons():
            try:
                lesson = load_lesson(find_lesson(name))
            except Exception:  # noqa: BLE001, S112 - a broken resource is left out, not shown half
                continue
            item = QListWidgetItem(lesson.title or name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            self._lessons[name] = lesson
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
        self.retranslate()
        if self.list.count():
            self.list.setCurrentRow(0)

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Gallery of lessons"))
        self.list.setAccessibleName(_tr("Lessons"))
        self._show(self.list.currentItem())

    def _description(self, name: str) -> str:
        """The lesson's title, command, description (English and Chinese) and sizes, as HTML."""
        from ..core.notes import pick

        lesson = self._lessons.get(name)
        if lesson is None:
            return ""
        english, chinese = pick(lesson.description, "en"), lesson.description.get("zh", "")
        models = ", ".join(core_text(SPECS[m].title) for m in lesson.models)
        sizes = _tr("{0} tokens · H = {1} · {2}").format(len(lesson.tokens), lesson.hidden_size, models)
        return (
            f"<p><b>{escape(lesson.title or name)}</b> — <code>rnnviz {escape(name)}</code></p>"
            f"<p>{escape(english)}</p>"
            + (f"<p>{escape(chinese)}</p>" if chinese else "")
            + f"<p style='color:{html('faint')}'>{escape(sizes)}</p>"
        )

    def _show(self, item, _previous=None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.details.setHtml(self._description(name))

    def accept(self) -> None:
        item = self.list.currentItem()
        self.chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        super().accept()
