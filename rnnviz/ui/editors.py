"""Weight and embedding editors: tables that turn each accepted cell edit into an edit record.

The tables never change the lesson themselves: they send SetWeight / SetEmbedding records
(SetWeights / SetEmbeddings for a pasted block) up through `sig_edit_requested`, and redraw
when the session says the lesson changed. Ctrl+C copies the selected cells as tab-separated
text and Ctrl+V pastes such a block (from a spreadsheet) at the current cell.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QDoubleValidator, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import SetEmbedding, SetEmbeddings, SetWeight, SetWeights
from ..core.engine import MODEL_TITLES
from ..core.lesson import Lesson
from ..core.models import SPECS
from .errors import guarded
from .i18n import Retranslating, core_text
from .numbers import format_exact, format_short

CONTEXT = "Editors"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def parse_number(text: str) -> float | None:
    """A finite float from the user's text (C locale), or None."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class BlockError(ValueError):
    """Pasted text that is not a block of numbers: no numbers at all (cell None) or a bad cell."""

    def __init__(self, cell: str | None = None, row: int = 0, column: int = 0):
        self.cell, self.row, self.column = cell, row, column
        super().__init__(self.message())

    def message(self, nothing_pasted: bool = False) -> str:
        """One line saying what is wrong (and, when `nothing_pasted`, that nothing was pasted)."""
        if self.cell is None:
            if nothing_pasted:
                return _tr("the clipboard holds no numbers; nothing was pasted")
            return _tr("the clipboard holds no numbers")
        shown = self.cell.strip()
        shown = repr(shown if len(shown) <= 24 else shown[:21] + "...")
        if nothing_pasted:
            text = _tr("{0} (row {1}, column {2} of the pasted block) is not a finite number; nothing was pasted")
        else:
            text = _tr("{0} (row {1}, column {2} of the pasted block) is not a finite number")
        return text.format(shown, self.row, self.column)


def parse_block(text: str) -> list[list[float]]:
    """Rows of finite numbers from pasted text: rows by newlines, cells by tabs (or commas).

    This is what a spreadsheet puts on the clipboard (tab-separated, often with a final
    newline). Raises BlockError (a ValueError) with a one-line message naming the first bad cell.
    """
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # the newline a spreadsheet ends its block with
    if not lines:
        raise BlockError()
    separator = "\t" if "\t" in text else ","
    rows = []
    for r, line in enumerate(lines):
        row = []
        for c, cell in enumerate(line.split(separator)):
            number = parse_number(cell)
            if number is None:
                raise BlockError(cell, r + 1, c + 1)
            row.append(number)
        rows.append(row)
    return rows


class NumberDelegate(QStyledItemDelegate):
    """Cell editor that only accepts finite numbers in C-locale notation (1.5, -2e-3)."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        biggest = np.finfo(float).max  # any finite float64 may be typed, 1e308 included
        validator = QDoubleValidator(-biggest, biggest, 17, editor)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        validator.setLocale(QLocale.c())
        editor.setValidator(validator)
        editor.setAccessibleName(_tr("Value"))
        return editor


class _ArrayModel(QAbstractTableModel):
    """A table over one array of the lesson; setData reports an edit request instead of writing."""

    def __init__(self, on_edit, on_reject, parent=None):
        super().__init__(parent)
        self.array = None
        self.row_labels: list[str] = []
        self.column_labels: list[str] = []
        self._on_edit = on_edit
        self._on_reject = on_reject

    def set_array(self, array, row_labels: list[str], column_labels: list[str]) -> None:
        same_shape = self.array is not None and array is not None and array.shape == self.array.shape
        if same_shape and row_labels == self.row_labels and column_labels == self.column_labels:
            self.array = array
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.array, self.row_labels, self.column_labels = array, row_labels, column_labels
        self.endResetModel()

    def set_labels(self, row_labels: list[str], column_labels: list[str]) -> None:
        """New texts for the same rows and columns (the language changed): headers and tooltips redrawn."""
        self.row_labels, self.column_labels = row_labels, column_labels
        if self.array is not None and self.rowCount() and self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.ToolTipRole])  # fmt: skip

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.array is None else self.array.shape[0]

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.array is None else self.array.shape[1]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = self.column_labels if orientation == Qt.Orientation.Horizontal else self.row_labels
        return labels[section] if section < len(labels) else None

    def flags(self, index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    @guarded("a table of numbers")
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if self.array is None:
            return None
        value = float(self.array[index.row(), index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_short(value)
        if role == Qt.ItemDataRole.EditRole:
            return format_exact(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            row, column = self.row_labels[index.row()], self.column_labels[index.column()]
            return _tr("{0}, {1} = {2}").format(row, column, format_exact(value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @guarded("editing a number", fallback=False)
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole:
            return False
        number = parse_number(str(value))
        if number is None:
            self._on_reject(_tr("{0} is not a finite number; the value was not changed").format(repr(value)))
            return False
        if number != float(self.array[index.row(), index.column()]):
            self._on_edit(index.row(), index.column(), number)
        return True


class _NumberTableEditor(Retranslating, QWidget):
    """A table of numbers whose accepted cell edits become edit records (see _on_cell_edit)."""

    sig_edit_requested = Signal(object)
    """An edit record the user asked for (SetWeight or SetEmbedding)."""
    sig_rejected = Signal(str)
    """A one-line message: the user typed something that is not a finite number."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.table = QTableView()
        self.table.setItemDelegate(NumberDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setDefaultSectionSize(72)
        self.array_model = _ArrayModel(self._on_cell_edit, self.sig_rejected.emit, self)
        self.table.setModel(self.array_model)
        K = QKeySequence.StandardKey
        self.copy_action = self._table_action("Copy", K.Copy, self.copy_selection)
        self.paste_action = self._table_action("Paste", K.Paste, self.paste_clipboard)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # each subclass calls retranslate() once its widgets exist

    def _table_action(self, name: str, key: QKeySequence.StandardKey, slot) -> QAction:
        """An action on the table; `name` (English) names it in error reports, retranslate() sets its texts."""
        action = QAction(self.table)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # only while the table has the keyboard
        action.triggered.connect(guarded(f"“{name}”")(lambda *_: slot()))
        self.table.addAction(action)
        return action

    def retranslate(self) -> None:
        """Set the fixed texts again (and at first): the table's actions here, the rest in each subclass."""
        self.copy_action.setText(_tr("&Copy"))
        self.copy_action.setStatusTip(_tr("Copy the selected cells as tab-separated text"))
        self.paste_action.setText(_tr("&Paste"))
        self.paste_action.setStatusTip(_tr("Paste numbers copied from a spreadsheet at the current cell"))

    def _on_cell_edit(self, row: int, column: int, value: float) -> None:
        raise NotImplementedError

    def _block_edit(self, cells: dict[tuple[int, int], float]):
        """The edit record setting several cells (row, column) of the table at once."""
        raise NotImplementedError

    # -- copy and paste ---------------------------------------------------------------------
    def selected_text(self) -> str:
        """The selected cells (or the current one) as tab-separated rows, exact enough to paste back."""
        model = self.array_model
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes and self.table.currentIndex().isValid():
            indexes = [self.table.currentIndex()]
        if model.array is None or not indexes:
            return ""
        chosen = {(index.row(), index.column()) for index in indexes}
        rows = range(min(r for r, _ in chosen), max(r for r, _ in chosen) + 1)
        columns = range(min(c for _, c in chosen), max(c for _, c in chosen) + 1)
        return "\n".join(
            "\t".join(format_exact(float(model.array[r, c])) if (r, c) in chosen else "" for c in columns) for r in rows
        )

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def paste_clipboard(self) -> bool:
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a block of numbers with its top-left corner at the current cell, as one edit.

        Bad text or a block that runs past the table changes nothing and sends one line
        through `sig_rejected`. Returns whether an edit was requested.
        """
        model = self.array_model
        if model.array is None:
            return False
        try:
            block = parse_block(text)
        except BlockError as error:
            self.sig_rejected.emit(error.message(nothing_pasted=True))
            return False
        current = self.table.currentIndex()
        top, left = (current.row(), current.column()) if current.isValid() else (0, 0)
        height, width = len(block), max(len(row) for row in block)
        if top + height > model.rowCount() or left + width > model.columnCount():
            self.sig_rejected.emit(
                _tr(
                    "the pasted block of {0}x{1} numbers does not fit from row {2}, column {3} "
                    "of this {4}x{5} table; nothing was pasted"
                ).format(height, width, top + 1, left + 1, model.rowCount(), model.columnCount())
            )
            return False
        cells = {
            (top + i, left + j): value
            for i, row in enumerate(block)
            for j, value in enumerate(row)
            if value != float(model.array[top + i, left + j])
        }
        if not cells:
            return False  # the same numbers: nothing to undo
        self.sig_edit_requested.emit(self._block_edit(cells))
        selection = self.table.selectionModel()
        selection.select(
            QItemSelection(model.index(top, left), model.index(top + height - 1, left + width - 1)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )
        return True


class WeightEditor(_NumberTableEditor):
    """Pick a model and a block (W_f, U_f, b_f, ...), edit its numbers cell by cell."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_box = QComboBox()
        self.block_list = QListWidget()
        self.block_list.setMaximumHeight(150)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.model_label = QLabel()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.model_label)
        row.addWidget(self.model_box, 1)
        layout.addLayout(row)
        layout.addWidget(self.block_list)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.model_box.currentIndexChanged.connect(self._on_model_changed)
        self.block_list.currentRowChanged.connect(self._update_table)
        self._blocks: list[tuple[str, str, int]] = []  # (parameter, gate, gate index); labelled when shown
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setAccessibleName(_tr("Weights"))
        self.table.setToolTip(_tr("Double-click or type to edit; every edit recomputes everything (Ctrl+Z undoes)"))
        self.model_box.setAccessibleName(_tr("Model"))
        self.model_box.setToolTip(_tr("Which model's weights to edit"))
        self.block_list.setAccessibleName(_tr("Weight block"))
        self.block_list.setToolTip(_tr("One block per gate, named as in the equations and in PyTorch"))
        self.model_label.setText(_tr("Model:"))
        for k in range(self.model_box.count()):
            self.model_box.setItemText(k, core_text(MODEL_TITLES[self.model_box.itemData(k)]))
        if self.lesson is None or self.model_name is None:
            return
        for k, block in enumerate(self._blocks):
            item = self.block_list.item(k)
            if item is not None:
                item.setText(self._block_label(*block))
        if self._blocks and self.block_list.currentRow() >= 0:
            _, rows, columns = self._shown_block()
            self.caption.setText(f"<b>{escape(self._block_label(*self._blocks[self.block_list.currentRow()]))}</b>")
            self.array_model.set_labels(rows, columns)

    def set_lesson(self, lesson: Lesson) -> None:
        models = list(lesson.models)
        previous = (self.model_box.currentData(), self.block_list.currentRow())
        resized = self.lesson is not None and self.lesson.hidden_size != lesson.hidden_size
        self.lesson = lesson
        if [self.model_box.itemData(k) for k in range(self.model_box.count())] != models:
            self.model_box.blockSignals(True)
            self.model_box.clear()
            for name in models:
                self.model_box.addItem(core_text(MODEL_TITLES[name]), name)
            index = models.index("lstm") if "lstm" in models else 0
            if previous[0] in models:
                index = models.index(previous[0])
            self.model_box.setCurrentIndex(index)
            self.model_box.blockSignals(False)
            self._on_model_changed()
        elif resized:
            self._on_model_changed()  # the block list names its rows by H
        else:
            self._update_table()

    @property
    def model_name(self) -> str:
        return self.model_box.currentData()

    def _block_label(self, parameter: str, gate: str, k: int) -> str:
        """What the block list shows for a block: "W_f   weight_ih[rows 3–5]   input → forget gate"."""
        H = self.lesson.hidden_size
        description = SPECS[self.model_name]
        sub = "" if description.gate_count == 1 else f"_{gate}"
        rows = _tr("rows {0}–{1}").format(k * H, (k + 1) * H - 1)
        what = core_text(description.gates[k].name)
        symbol, role = {
            "weight_ih": (f"W{sub}", _tr("input → {0}").format(what)),
            "weight_hh": (f"U{sub}", _tr("hidden → {0}").format(what)),
            "bias_ih": (f"b_i{gate}", _tr("input bias")),
            "bias_hh": (f"b_h{gate}", _tr("recurrent bias")),
        }[parameter]
        return f"{symbol}   {parameter}[{rows}]   {role}"

    def _on_model_changed(self) -> None:
        if self.lesson is None or self.model_name is None:
            return
        row = max(self.block_list.currentRow(), 0)
        self._blocks = []
        self.block_list.blockSignals(True)
        self.block_list.clear()
        for k, gate_spec in enumerate(SPECS[self.model_name].gates):
            for parameter in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                block = (parameter, gate_spec.id, k)
                self._blocks.append(block)
                QListWidgetItem(self._block_label(*block), self.block_list)
        self.block_list.blockSignals(False)
        self.block_list.setCurrentRow(min(row, len(self._blocks) - 1))
        self._update_table()

    def _shown_block(self):
        """(array, row labels, column labels) of the block chosen in the list."""
        parameter, _gate, k = self._blocks[self.block_list.currentRow()]
        weights = self.lesson.models[self.model_name]
        H = self.lesson.hidden_size
        array = getattr(weights, parameter)[k * H : (k + 1) * H]
        rows = [_tr("unit {0}  (row {1})").format(u, k * H + u) for u in range(H)]
        if array.ndim == 1:
            array = array.reshape(H, 1)
            columns = [_tr("bias")]
        elif parameter == "weight_ih":
            columns = [f"x[{d}]" for d in range(array.shape[1])]
        else:
            columns = [f"h(t-1)[{d}]" for d in range(array.shape[1])]
        return array, rows, columns

    def _update_table(self) -> None:
        if self.lesson is None or not self._blocks or self.block_list.currentRow() < 0:
            return
        array, rows, columns = self._shown_block()
        self.caption.setText(f"<b>{escape(self._block_label(*self._blocks[self.block_list.currentRow()]))}</b>")
        self.array_model.set_array(array, rows, columns)

    def _index(self, row: int, column: int) -> tuple[str, tuple[int, ...]]:
        """The parameter and its PyTorch-layout index behind a cell of the shown block."""
        parameter, _, k = self._blocks[self.block_list.currentRow()]
        H = self.lesson.hidden_size
        return parameter, ((k * H + row,) if parameter.startswith("bias") else (k * H + row, column))

    def _on_cell_edit(self, row: int, column: int, value: float) -> None:
        parameter, index = self._index(row, column)
        self.sig_edit_requested.emit(SetWeight(self.model_name, parameter, index, value))

    def _block_edit(self, cells: dict[tuple[int, int], float]) -> SetWeights:
        parameter = self._index(0, 0)[0]
        return SetWeights(self.model_name, parameter, {self._index(r, c)[1]: v for (r, c), v in cells.items()})


class EmbeddingEditor(_NumberTableEditor):
    """The embedding of every token in the sequence, one row per distinct token."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tokens: list[str] = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setAccessibleName(_tr("Embeddings"))
        self.table.setToolTip(_tr("Embedding vector of each token; edit a cell to change it (Ctrl+Z undoes)"))
        self.note.setText(_tr("New tokens get a vector derived from their text; edit any number here."))

    def set_lesson(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.tokens = list(dict.fromkeys(lesson.tokens))
        array = np.array([lesson.embeddings[t] for t in self.tokens])
        self.array_model.set_array(array, self.tokens, [f"x[{d}]" for d in range(array.shape[1])])

    def _on_cell_edit(self, row: int, column: int, value: float) -> None:
        self.sig_edit_requested.emit(SetEmbedding(self.tokens[row], column, value))

    def _block_edit(self, cells: dict[tuple[int, int], float]) -> SetEmbeddings:
        return SetEmbeddings({(self.tokens[r], c): v for (r, c), v in cells.items()})
