"""The model-state panel: every value of every shown model at the current step and phase, as a table.

Its rows come from the model descriptions (:mod:`rnnviz.core.models`) and its values from the
one visibility rule, :func:`rnnviz.core.models.visible`; :func:`state_rows` is that answer laid
out as rows and needs no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyleOptionViewItem, QTableView

from ..core.engine import Trace
from ..core.models import GATE, READOUT, Position, spec, visible
from .colors import DIVERGING, GROUP_FILL, HIGHLIGHT, SEQUENTIAL, value_colors
from .errors import guarded
from .i18n import Retranslating, core_text, current_language
from .numbers import format_exact, format_fixed

CONTEXT = "StatePanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


INPUT_GROUP = "input"  # the id of the group holding x(t), which every model reads alike
GROUP, VALUE_ROW = "group", "value"


@dataclass(frozen=True)
class Row:
    """One line of the panel: a group title or a quantity's values (None: not computed yet)."""

    kind: str  # GROUP or VALUE_ROW
    id: tuple[str, str]  # (model or INPUT_GROUP, quantity id); a group's quantity id is ""
    label: str  # untranslated (English); translated when shown, see row_label()
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
        trace = traces[model]
        if "y" in trace.quantities:  # a trained lesson: what the readout answers, once h(t) is known
            known = position.step > 0 and values["h"] is not None
            rows.append(Row(VALUE_ROW, (model, "y"), READOUT.label, trace.y[position.step - 1] if known else None))
    return rows


def row_label(row: Row) -> str:
    """A row's label in the window's language: the "Input" group is this module's word, every
    other label (a model's title, a quantity's label) is the core's."""
    if row.kind == GROUP and row.id[0] == INPUT_GROUP:
        return _tr("Input")
    return core_text(row.label)


class StateTableModel(QAbstractTableModel):
    """Rows of the panel; stepping changes values in place (dataChanged), not the structure.

    A cell's text and colour are worked out when it is first asked for (painted, read by a test
    or a screen reader) and kept until the next step: at H = 64 most cells are scrolled out of
    sight, and formatting all of them at every step was a quarter of the step's time.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.columns = 1
        self.selected_unit: int | None = None
        self._text: list[list[str] | None] = []
        self._brush: list[list[QBrush] | None] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._selected_brush = QBrush(QColor(HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue(), 90))
        self._group_brush = QBrush(GROUP_FILL)

    def set_rows(self, rows: list[Row]) -> None:
        columns = max((len(row.values) for row in rows if row.values is not None), default=1)
        same = [row.id for row in rows] == [row.id for row in self.rows] and columns == self.columns
        if not same:
            self.beginResetModel()
        self.rows, self.columns = rows, columns
        self._text, self._brush = [None] * len(rows), [None] * len(rows)
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

    def retranslate(self) -> None:
        """The language changed: every header and tooltip is asked for again (the numbers stay)."""
        if self.rows:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columns - 1)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.rows) - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columns - 1),
                                  [Qt.ItemDataRole.ToolTipRole])  # fmt: skip

    def _row_text(self, row: int) -> list[str]:
        texts = self._text[row]
        if texts is None:
            values = self.rows[row].values
            texts = self._text[row] = [] if values is None else [format_fixed(v) for v in values.tolist()]
        return texts

    def _row_brush(self, row: int) -> list[QBrush]:
        brushes = self._brush[row]
        if brushes is None:
            values = self.rows[row].values
            brushes = self._brush[row] = (
                [] if values is None else [_translucent(c) for c in value_colors(values, self.rows[row].scale)]
            )
        return brushes

    def texts(self) -> list[list[str]]:
        """Every cell's text, row by row ([] for a row not computed yet or a group title)."""
        return [self._row_text(row) for row in range(len(self.rows))]

    def longest_text(self) -> str:
        """The longest text of any cell ("-0.000" when none is longer): the most negative or the
        largest value, as a number's text grows with its size and its sign, or the same among
        the numbers written with three decimals (below 1e5), which can be longer still."""
        longest = "-0.000"
        arrays = [row.values for row in self.rows if row.values is not None]
        if not arrays:
            return longest
        # a text grows with its value's size in each notation: the extremes of all rows at once
        values = np.concatenate(arrays)
        finite = values[np.isfinite(values)]
        fixed = finite[np.abs(finite) < 1e5]  # "99999.9996" rounds to "100000.000", longer than "2.000e+05"
        if finite.size:
            candidates = [finite.min(), finite.max()] + ([fixed.min(), fixed.max()] if fixed.size else [])
            for value in candidates:
                text = format_fixed(value)
                if len(text) > len(longest):
                    longest = text
        return longest

    def cell(self, row: int, column: int) -> tuple[str | None, QBrush | None, bool]:
        """(text, background, bold) of a cell, exactly as painted: what data() answers and the
        delegate draws."""
        bold = column == self.selected_unit
        texts = self._row_text(row)
        if column < len(texts):
            return texts[column], self._row_brush(row)[column], bold
        return None, self._blank_brush(row, bold), bold

    def _blank_brush(self, row: int, bold: bool) -> QBrush | None:
        """The background of a cell without a number: a group title's band, or a value not computed
        yet (marked only in the selected unit's column, `bold`)."""
        if self.rows[row].kind == GROUP:
            return self._group_brush
        return self._selected_brush if bold else None

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
            return row_label(row)
        if role == Qt.ItemDataRole.FontRole and row.kind == GROUP:
            return self._bold
        return None

    @guarded("the model state table")
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        text, brush, bold = self.cell(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if bold else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return brush
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if text is None:
            if role == Qt.ItemDataRole.ToolTipRole and self.rows[row].kind != GROUP:
                return _tr("{0}: not computed yet at this phase").format(row_label(self.rows[row]))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        values = self.rows[row].values
        return _tr("{0} [unit {1}] = {2}").format(row_label(self.rows[row]), column, format_exact(values[column]))


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


_TRANSLUCENT: dict[int, QBrush] = {}  # a colour's rgb -> its translucent brush (a few hundred at most)


def _translucent(color: QColor) -> QBrush:
    rgb = color.rgb()
    brush = _TRANSLUCENT.get(rgb)
    if brush is None:
        brush = _TRANSLUCENT[rgb] = QBrush(QColor(color.red(), color.green(), color.blue(), 110))
    return brush


NUMBER_PAD = 4  # pixels between a number and its cell's right edge, as the style's item drawing leaves

#: The row headers are cut (with an ellipsis; the full label is the tooltip) beyond this width,
#: so that eight units fit next to them in a dock a third of a 1920-pixel window wide.
MAX_LABEL_WIDTH = 175


class StatePanel(Retranslating, QTableView):
    """Shows state_rows() for the session's shown traces at the playhead's position."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.table = StateTableModel(self)
        self.setModel(self.table)
        self._static: dict[tuple[str, bool], tuple[QStaticText, float, float]] = {}  # a number laid out, its size
        self._fonts: tuple[tuple[str, str], QFont, QFont] | None = None  # ((font key, language), regular, bold)
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
        self.retranslate()  # and the columns' width, for "-0.000" and "unit 0"

    def retranslate(self) -> None:
        """Set the fixed texts and redo what depends on any text: the headers (asked for again),
        the columns' width (it fits "unit 7" in the window's language) and the laid-out texts."""
        self.setAccessibleName(_tr("Model state"))
        self.setToolTip(_tr("Every value of the shown models at the current timestep and phase; "
                            "click a unit to follow it"))  # fmt: skip
        self._language = current_language()
        self._fonts, self._static = None, {}
        self.table.retranslate()
        self._set_column_width(self.table.longest_text())
        self.updateGeometries()  # the row labels' width

    def apply_theme(self) -> None:
        """The colours of the theme in force (the cells' own colours encode values and stay)."""
        self.table._group_brush = QBrush(GROUP_FILL)
        self.viewport().update()

    # -- following the session -------------------------------------------------------------
    def show_lesson(self, session) -> None:
        self.session = session
        if self._language != current_language():
            self.retranslate()  # the language changed since the texts were laid out

    @guarded("the model state table")
    def show_position(self, session, position: Position) -> None:
        self.session = session
        self.table.set_rows(state_rows(session.shown_traces(), position))
        self.table.set_selected_unit(session.selected_unit)
        # "-1.000e+308" needs wider cells than "-0.123"; widen (and narrow) only when that changes
        self._set_column_width(self.table.longest_text())

    def _set_column_width(self, sample: str) -> None:
        """Columns as wide as the widest number or "unit 7", in bold as in the selected unit's column."""
        key = (sample, self.table.columns, self._language)
        if key == getattr(self, "_width_for", None):
            return  # the same widest text as at the last step: nothing to measure
        self._width_for = key
        cell, header = QFont(self.font()), QFont(self.horizontalHeader().font())
        cell.setBold(True)
        header.setBold(True)
        unit = _tr("unit {0}").format(max(self.table.columns - 1, 0))
        width = max(QFontMetrics(cell).horizontalAdvance(sample), QFontMetrics(header).horizontalAdvance(unit)) + 8
        if self.horizontalHeader().defaultSectionSize() != width:
            self.horizontalHeader().setDefaultSectionSize(width)

    # -- painting ------------------------------------------------------------------------
    @guarded("painting the model state table")
    def paintEvent(self, event) -> None:
        """The cells, drawn here in one pass with what StateTableModel.cell() answers: a colour and a number.

        The table has no selection, focus, spans or editing, so the style's item drawing (nine
        data() calls into Python and a text layout for each cell) is not needed; a number's
        laid-out text is kept (QStaticText), as stepping back and forth shows the same numbers.
        """
        table, rect = self.table, event.rect()
        rows, columns = table.rowCount(), table.columnCount()
        if not rows:
            return
        first_row, last_row = self.rowAt(rect.top()), self.rowAt(rect.bottom())
        first_column, last_column = self.columnAt(rect.left()), self.columnAt(rect.right())
        if first_row < 0 or first_column < 0:
            return  # below the last row or right of the last column: only the background
        last_row = rows - 1 if last_row < 0 else last_row
        last_column = columns - 1 if last_column < 0 else last_column
        xs = [(c, self.columnViewportPosition(c), self.columnWidth(c)) for c in range(first_column, last_column + 1)]
        regular, bold = self._cell_fonts()
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        style = QStyleOptionViewItem()
        style.initFrom(self)
        hint = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, style, self)
        grid = QColor.fromRgba(hint & 0xFFFFFFFF)
        in_bold = None  # the font set on the painter: changed only where a cell needs the other one
        # what cell() answers, a row at a time (a step paints every cell, ~75 for the default lesson)
        selected, laid_out, tops = table.selected_unit, self._laid_out, []
        for r in range(first_row, last_row + 1):
            y, h = self.rowViewportPosition(r), self.rowHeight(r)
            tops.append(y + h - 1)
            texts = table._row_text(r)
            count = len(texts)
            brushes = table._row_brush(r) if count else None
            for c, x, w in xs:
                strong = c == selected
                if c >= count:
                    brush = table._blank_brush(r, strong)
                    if brush is not None:
                        painter.fillRect(x, y, w, h, brush)
                    continue
                painter.fillRect(x, y, w, h, brushes[c])
                text = texts[c]
                if text:
                    static, width, height = laid_out(text, strong, bold if strong else regular)
                    if strong is not in_bold:
                        painter.setFont(bold if strong else regular)
                        in_bold = strong
                    painter.drawStaticText(QPointF(x + w - NUMBER_PAD - width, y + (h - height) / 2), static)
        painter.setPen(grid)  # the grid on each cell's right and bottom edge, as QTableView draws it
        bottom = tops[-1]
        right = xs[-1][1] + xs[-1][2] - 1
        top = self.rowViewportPosition(first_row)
        for _c, x, w in xs:
            painter.drawLine(x + w - 1, top, x + w - 1, bottom)
        for y in tops:
            painter.drawLine(xs[0][1], y, right, y)
        painter.end()

    def _cell_fonts(self) -> tuple[QFont, QFont]:
        key = (self.font().key(), current_language())
        if self._fonts is None or self._fonts[0] != key:  # the font or language changed: lay texts out anew
            regular, bold = QFont(self.font()), QFont(self.font())
            bold.setBold(True)
            self._fonts, self._static = (key, regular, bold), {}
        return self._fonts[1], self._fonts[2]

    def _laid_out(self, text: str, bold: bool, font: QFont) -> tuple[QStaticText, float, float]:
        """A number laid out in the cell font (or its bold), with its width and height."""
        entry = self._static.get((text, bold))
        if entry is None:
            if len(self._static) > 20_000:
                self._static.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            size = static.size()
            entry = self._static[(text, bold)] = (static, size.width(), size.height())
        return entry

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
