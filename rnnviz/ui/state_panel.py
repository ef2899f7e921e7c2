"""The model-state panel: every value of both models at the current step and phase, as a table."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..core.engine import Trace
from ..session import CELL, FORGET, HIDDEN, INPUT, OUTPUT, Position
from .colors import DIVERGING, SEQUENTIAL, value_colors
from .errors import guarded
from .numbers import format_exact, format_fixed

Row = tuple[str, str, np.ndarray | None, str]  # (kind, label, values, colour scale); kind "group" or "value"

_GATE_ROWS = (  # gate, phase it is computed in, name, activation
    ("f", FORGET, "forget", "σ"),
    ("i", INPUT, "input", "σ"),
    ("g", INPUT, "candidate C̃", "tanh"),
    ("o", OUTPUT, "output", "σ"),
)


def state_rows(traces: dict[str, Trace], position: Position) -> list[Row]:
    """What the panel shows at a position: values not yet computed at its phase are None."""
    t = position.step
    rows: list[Row] = []
    reached = lambda phase: t > 0 and position.reached(t, phase)  # noqa: E731
    lstm, rnn = traces.get("lstm"), traces.get("rnn")
    sample = lstm or rnn or next(iter(traces.values()), None)
    if sample is None:
        return rows
    rows.append(("group", "Input", None, ""))  # constant labels: stepping never resets the table
    rows.append(("value", "x(t)  embedding", sample.x[t - 1] if t else None, DIVERGING))
    if lstm is not None:
        rows.append(("group", "LSTM", None, ""))
        rows.append(("value", "h(t-1)", lstm.h[t - 1] if t else None, DIVERGING))
        rows.append(("value", "C(t-1)", lstm.c[t - 1] if t else None, DIVERGING))
        for gate, phase, name, activation in _GATE_ROWS:
            shown = reached(phase)
            row = t - 1
            rows.append(
                (
                    "value",
                    f"W_{gate} x(t) + b_i{gate}",
                    lstm.quantities[f"{gate}_pre_x"][row] if shown else None,
                    DIVERGING,
                )
            )
            rows.append(
                (
                    "value",
                    f"U_{gate} h(t-1) + b_h{gate}",
                    lstm.quantities[f"{gate}_pre_h"][row] if shown else None,
                    DIVERGING,
                )
            )
            rows.append(
                ("value", f"{name} pre-activation", lstm.quantities[f"{gate}_pre"][row] if shown else None, DIVERGING)
            )
            kind = SEQUENTIAL if activation == "σ" else DIVERGING
            rows.append(("value", f"{gate}(t) = {activation}(…)", lstm.quantities[gate][row] if shown else None, kind))
        rows.append(("value", "C(t) = f·C(t-1) + i·C̃", lstm.c[t] if t == 0 or reached(CELL) else None, DIVERGING))
        rows.append(("value", "tanh(C(t))", lstm.tanh_c[t - 1] if reached(OUTPUT) else None, DIVERGING))
        rows.append(("value", "h(t) = o·tanh(C(t))", lstm.h[t] if t == 0 or reached(HIDDEN) else None, DIVERGING))
    if rnn is not None:
        rows.append(("group", "SimpleRNN", None, ""))
        rows.append(("value", "h(t-1) ", rnn.h[t - 1] if t else None, DIVERGING))
        shown = reached(HIDDEN)
        rows.append(("value", "W x(t) + b_ih", rnn.pre_x[t - 1] if shown else None, DIVERGING))
        rows.append(("value", "U h(t-1) + b_hh", rnn.pre_h[t - 1] if shown else None, DIVERGING))
        rows.append(("value", "pre-activation", rnn.pre[t - 1] if shown else None, DIVERGING))
        rows.append(("value", "h(t) = tanh(…) ", rnn.h[t] if t == 0 or shown else None, DIVERGING))
    return rows


class StateTableModel(QAbstractTableModel):
    """Rows of the panel; stepping changes values in place (dataChanged), not the structure."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.columns = 1
        self._text: list[list[str]] = []
        self._brush: list[list[QBrush]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[Row]) -> None:
        columns = max((len(v) for _, _, v, _ in rows if v is not None), default=1)
        structure = [(kind, label) for kind, label, _, _ in rows]
        same = structure == [(k, label) for k, label, _, _ in self.rows] and columns == self.columns
        # Text and colour are worked out once per step, so painting only looks them up; and
        # before the reset begins, so that nothing can interrupt a reset half-way.
        text = [[format_fixed(v) for v in values.tolist()] if values is not None else [] for _, _, values, _ in rows]
        brush = [
            [_translucent(color) for color in value_colors(values, scale)] if values is not None else []
            for _, _, values, scale in rows
        ]
        if not same:
            self.beginResetModel()
        self.rows, self.columns, self._text, self._brush = rows, columns, text, brush
        if not same:
            self.endResetModel()
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, columns - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return f"unit {section}"
            return self.rows[section][1] if section < len(self.rows) else None
        is_group = section < len(self.rows) and self.rows[section][0] == "group"
        if role == Qt.ItemDataRole.FontRole and orientation == Qt.Orientation.Vertical and is_group:
            return self._bold
        return None

    @guarded("the model state table")
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        texts = self._text[row]
        if column >= len(texts):
            if role == Qt.ItemDataRole.ToolTipRole and self.rows[row][0] == "value":
                return f"{self.rows[row][1]}: not computed yet at this phase"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brush[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        kind, label, values, _ = self.rows[row]
        return f"{label} [unit {column}] = {format_exact(values[column])}"


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _translucent(color: QColor) -> QBrush:
    return QBrush(QColor(color.red(), color.green(), color.blue(), 110))


class StatePanel(QTableView):
    """Shows state_rows() for the session's traces at the playhead's position."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Model state")
        self.setToolTip("Every value of both models at the current timestep and phase")
        self.table = StateTableModel(self)
        self.setModel(self.table)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultSectionSize(60)

    def show_lesson(self, session) -> None:
        pass

    @guarded("the model state table")
    def show_position(self, session, position: Position) -> None:
        self.table.set_rows(state_rows(session.shown_traces(), position))
        # "-1.000e+308" needs wider cells than "-0.123"; widen (and narrow) only when that changes
        wide = any(len(text) > 7 for row in self.table._text for text in row)
        width = 88 if wide else 60
        if self.horizontalHeader().defaultSectionSize() != width:
            self.horizontalHeader().setDefaultSectionSize(width)

    def displayed(self) -> dict[str, list[str]]:
        """Label -> the texts in its cells, as on screen (for tests)."""
        out = {}
        for r, (kind, label, values, _) in enumerate(self.table.rows):
            if kind == "value":
                out[label] = (
                    [self.table.data(self.table.index(r, c)) for c in range(len(values))] if values is not None else []
                )
        return out
