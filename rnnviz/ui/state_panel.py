"""The model-state panel: every value of every shown model at the current step and phase, as a table.

Its rows come from the model descriptions (:mod:`rnnviz.core.models`) and its values from the
one visibility rule, :func:`rnnviz.core.models.visible`; :func:`state_rows` is that answer laid
out as rows and needs no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..core.engine import Trace
from ..core.models import GATE, Position, spec, visible
from .colors import DIVERGING, HIGHLIGHT, SEQUENTIAL, value_colors
from .errors import guarded
from .numbers import format_exact, format_fixed

INPUT_GROUP = "input"  # the id of the group holding x(t), which every model reads alike
GROUP, VALUE_ROW = "group", "value"


@dataclass(frozen=True)
class Row:
    """One line of the panel: a group title or a quantity's values (None: not computed yet)."""

    kind: str  # GROUP or VALUE_ROW
    id: tuple[str, str]  # (model or INPUT_GROUP, quantity id); a group's quantity id is ""
    label: str  # untranslated; translated when shown
    values: np.ndarray | None = None
    scale: str = DIVERGING  # colour scale: DIVERGING or SEQUENTIAL


def state_rows(traces: Mapping[str, Trace], position: Position) -> list[Row]:
    """What the panel shows at a position, for the shown models' traces (in the order given).

    An "Input" group with x(t) once, then one group per model: its inputs h(t-1) (and C(t-1))
    and every quantity of its description except x, in the order its phases compute them
    (the LSTM's forget gate first, as in its equations). Values are
    exactly what :func:`visible` shows; the rows themselves do not depend on the position,
    so stepping never changes the table's structure.
    """
    rows: list[Row] = []
    shown = {model: visible(trace, position) for model, trace in traces.items()}
    if not shown:
        return rows
    first = next(iter(shown.values()))
    rows.append(Row(GROUP, (INPUT_GROUP, ""), "Input"))
    x = next(iter(traces.values()))
    rows.append(Row(VALUE_ROW, (INPUT_GROUP, "x"), spec(x.model).quantity("x").label, first["x"]))
    for model, values in shown.items():
        description = spec(model)
        rows.append(Row(GROUP, (model, ""), description.title))
        for id in (id for phase in description.phases for id in phase.reveals if id != "x"):
            quantity = description.quantity(id)
            scale = SEQUENTIAL if quantity.kind == GATE else DIVERGING
            rows.append(Row(VALUE_ROW, (model, quantity.id), quantity.label, values[quantity.id], scale))
    return rows


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatePanel", text)


class StateTableModel(QAbstractTableModel):
    """Rows of the panel; stepping changes values in place (dataChanged), not the structure."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.columns = 1
        self.selected_unit: int | None = None
        self._text: list[list[str]] = []
        self._brush: list[list[QBrush]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._selected_brush = QBrush(QColor(HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue(), 90))
        self._group_brush = QBrush(QColor(236, 236, 236))

    def set_rows(self, rows: list[Row]) -> None:
        columns = max((len(row.values) for row in rows if row.values is not None), default=1)
        same = [row.id for row in rows] == [row.id for row in self.rows] and columns == self.columns
        # Text and colour are worked out once per step, so painting only looks them up; and
        # before the reset begins, so that nothing can interrupt a reset half-way.
        text = [[format_fixed(v) for v in row.values.tolist()] if row.values is not None else [] for row in rows]
        brush = [
            [_translucent(color) for color in value_colors(row.values, row.scale)] if row.values is not None else []
            for row in rows
        ]
        if not same:
            self.beginResetModel()
        self.rows, self.columns, self._text, self._brush = rows, columns, text, brush
        if not same:
            self.endResetModel()
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, columns - 1))

    def set_selected_unit(self, unit: int | None) -> None:
        if unit != self.selected_unit:
            self.selected_unit = unit
            if self.rows:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columns - 1)
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columns - 1))

    def texts(self) -> list[list[str]]:
        return self._text

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal:
            selected = section == self.selected_unit
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr("unit {0}").format(section)
            if role == Qt.ItemDataRole.FontRole and selected:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole and selected:
                return self._selected_brush
            if role == Qt.ItemDataRole.ToolTipRole:
                if selected:
                    return _tr("Unit {0} is selected; click again to clear the selection").format(section)
                return _tr("Click to follow unit {0} in every view").format(section)
            return None
        if section >= len(self.rows):
            return None
        row = self.rows[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _tr(row.label)
        if role == Qt.ItemDataRole.FontRole and row.kind == GROUP:
            return self._bold
        return None

    @guarded("the model state table")
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == self.selected_unit else None
        texts = self._text[row]
        if column >= len(texts):
            if self.rows[row].kind == GROUP:
                return self._group_brush if role == Qt.ItemDataRole.BackgroundRole else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tr("{0}: not computed yet at this phase").format(_tr(self.rows[row].label))
            if role == Qt.ItemDataRole.BackgroundRole and column == self.selected_unit:
                return self._selected_brush
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brush[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        values = self.rows[row].values
        return _tr("{0} [unit {1}] = {2}").format(_tr(self.rows[row].label), column, format_exact(values[column]))


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _translucent(color: QColor) -> QBrush:
    return QBrush(QColor(color.red(), color.green(), color.blue(), 110))


#: The row headers are cut (with an ellipsis; the full label is the tooltip) beyond this width,
#: so that eight units fit next to them in a dock a third of a 1920-pixel window wide.
MAX_LABEL_WIDTH = 175


class StatePanel(QTableView):
    """Shows state_rows() for the session's shown traces at the playhead's position."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Model state")
        self.setToolTip(self.tr("Every value of the shown models at the current timestep and phase; "
                                "click a unit to follow it"))  # fmt: skip
        self.session = None
        self.table = StateTableModel(self)
        self.setModel(self.table)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # the selected unit is the selection
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # the width does not jump
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setMaximumWidth(MAX_LABEL_WIDTH)
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns.setMinimumSectionSize(10)
        columns.setHighlightSections(False)
        columns.setSectionsClickable(True)
        columns.sectionClicked.connect(self._on_unit_clicked)
        self.clicked.connect(self._on_cell_clicked)
        self._set_column_width("-0.000")

    # -- following the session -------------------------------------------------------------
    def show_lesson(self, session) -> None:
        self.session = session

    @guarded("the model state table")
    def show_position(self, session, position: Position) -> None:
        self.session = session
        self.table.set_rows(state_rows(session.shown_traces(), position))
        self.table.set_selected_unit(session.selected_unit)
        # "-1.000e+308" needs wider cells than "-0.123"; widen (and narrow) only when that changes
        longest = max((text for row in self.table.texts() for text in row), key=len, default="-0.000")
        self._set_column_width(longest if len(longest) > 6 else "-0.000")

    def _set_column_width(self, sample: str) -> None:
        """Columns as wide as the widest number or "unit 7", in bold as in the selected unit's column."""
        cell, header = QFont(self.font()), QFont(self.horizontalHeader().font())
        cell.setBold(True)
        header.setBold(True)
        unit = _tr("unit {0}").format(max(self.table.columns - 1, 0))
        width = max(QFontMetrics(cell).horizontalAdvance(sample), QFontMetrics(header).horizontalAdvance(unit)) + 8
        if self.horizontalHeader().defaultSectionSize() != width:
            self.horizontalHeader().setDefaultSectionSize(width)

    # -- the selected unit -----------------------------------------------------------------
    @guarded("selecting a unit")
    def _on_unit_clicked(self, column: int) -> None:
        if self.session is not None:
            self.session.select_unit(None if column == self.session.selected_unit else column)

    @guarded("selecting a unit")
    def _on_cell_clicked(self, index: QModelIndex) -> None:
        if self.session is not None and index.isValid():
            self.session.select_unit(index.column())

    # -- size ------------------------------------------------------------------------------
    def needed_width(self) -> int:
        """Pixels this panel needs to show every unit without a horizontal scrollbar."""
        labels = self.verticalHeader()
        label_width = min(max(labels.sizeHint().width(), labels.minimumWidth()), labels.maximumWidth())
        columns = self.table.columnCount() * self.horizontalHeader().defaultSectionSize()
        scrollbar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent, None, self)
        return label_width + columns + scrollbar + 2 * self.frameWidth()

    def displayed(self) -> dict[tuple[str, str], list[str]]:
        """(model, quantity id) -> the texts in its cells, as on screen (for tests); [] before its phase."""
        out = {}
        for r, row in enumerate(self.table.rows):
            if row.kind == VALUE_ROW:
                count = 0 if row.values is None else len(row.values)
                out[row.id] = [self.table.data(self.table.index(r, c)) for c in range(count)]
        return out
