"""The canvas: each shown model's cell drawn from its layout, with the current step's numbers on it.

One diagram per shown model (rnnviz.ui.diagrams), side by side or wrapped into rows,
whichever gives the largest picture in the widget. What a strip shows comes only from
:func:`rnnviz.core.models.visible`; a model lights up the phase it computes at the
playhead's stage. Items are built once per lesson shape; stepping only gives strips new
targets, and one animation blends every strip from what it showed to what it should show
(values and opacity), so moving through a lesson is smooth and never blocks input.

The canvas is a plain QGraphicsView (no pyqtgraph), so `rnnviz render` draws the same
items without a window.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from ..core.equations import gate_activations, number, saturated
from ..core.models import GATE, SPECS, STAGES, ModelSpec, Position, visible
from .colors import (
    ANSWER,
    BOX_EDGE,
    BOX_FILL,
    DIVERGING,
    EMPTY,
    GATE_FILL,
    HIGHLIGHT,
    INK,
    MUTED,
    PAPER,
    PRESENTING_MUTED,
    SATURATED,
    SEQUENTIAL,
    VALUE_FILL,
    WIRE,
    text_color,
    value_colors,
    value_rgba,
)
from .diagrams import BAND_H, BLOCK_H, BLOCK_W, BOX_TOP, CAPTION_Y, LAYOUTS, NODE_R, STRIP_H, STRIP_W, TITLE_Y, Layout
from .errors import guarded
from .i18n import Retranslating, core_text
from .numbers import format_exact, format_gradient, format_norm, format_value

__all__ = ["CellDiagram", "ValueStrip", "format_value"]

CONTEXT = "Canvas"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: Real families first, then CJK fallbacks, so an SVG names fonts other renderers have
#: (C̃ and 我爱祖国 must survive a browser or Inkscape).
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC",
                 "Microsoft YaHei", "PingFang SC", "sans-serif"]  # fmt: skip
MAX_NUMBERED = 4  # a strip of up to this many cells writes every number; wider strips only colours
CELL_GAP = 3.0  # white space between adjacent cells, so "-0.38" and "-0.54" never run together
NUMBER_PAD = 3.0  # plus this much inside a cell: numbers at least 2 * CELL_GAP apart
ROW_GAP = 36.0  # between diagrams side by side and between rows
MARGIN = 12.0  # around the drawing in exports
ZOOM_STEP = 1.25  # Ctrl+plus / Ctrl+minus
ZOOM_RANGE = (0.5, 4.0)
PRESENTATION_PEN = 1.75  # presentation mode: lines this much thicker
PNG_QUALITY = 80  # Qt's PNG "quality" is zlib effort: the default took 0.2 s on a 1600 px figure, this 0.1 s


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class _Fonts:
    """Built on first use: a QFont needs the QApplication."""

    def __init__(self) -> None:
        self.ready = False

    def __getattr__(self, name: str) -> QFont:
        if name.startswith("_") or self.ready:
            raise AttributeError(name)
        # large for the diagrams' size: a projected 1366x768 window draws them at about half size
        self.label, self.small, self.note = _font(17), _font(17), _font(15)
        self.title, self.number, self.symbol = _font(28, bold=True), _font(16), _font(20)
        self.caption = _font(22)
        self.ready = True
        return getattr(self, name)


FONTS = _Fonts()


# -- a row of values --------------------------------------------------------------------------
class ValueStrip(QGraphicsRectItem):
    """One row of coloured cells, a cell per unit, with numbers when they fit and on hover.

    A strip of hidden units (`selectable`) outlines the selected unit and, when its cells
    are too narrow for numbers, writes that unit's number in a band under the strip.

    A rectangle item whose rectangle, never drawn, is its bounds: Qt asks an item for its bounds
    about five times each time it paints it, and a Python boundingRect() made every one a call
    into Python (a sixth of the canvas's painting time at each step).
    """

    def __init__(self, name: str, kind: str, units: int, width: float = STRIP_W, selectable: bool = False):
        super().__init__()
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.name = name
        self.kind = kind
        self.width = width
        self.selectable = selectable
        self.selected: int | None = None
        # a weak reference to the canvas's method: a strong one would tie the canvas into a
        # reference cycle, and Python's garbage collector may then destroy the widget in the
        # middle of its own paint event (a crash seen in the test suite)
        self.on_pick: weakref.WeakMethod | None = None
        self.setAcceptHoverEvents(True)
        if not selectable:
            self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.values: np.ndarray | None = None  # the target: what this step shows
        self.gradient = False  # it shows a gradient (the backward pass): small numbers as powers of ten
        self.saturated: np.ndarray | None = None  # units in the flat ends of their activation: a corner each
        self._alpha = self._from_alpha = self._to_alpha = 0.0
        # the empty frame under the cells, what a strip not computed yet shows: an item of its own
        # behind the strip, so that it is drawn from the canvas's cache of still items rather than
        # stroked again each time the strip's numbers change (its antialiased outline was the
        # costliest call of a strip's painting)
        self.well = QGraphicsRectItem(0, 0, width, STRIP_H, self)
        self.well.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.well.setPen(_pen(MUTED))
        self.well.setBrush(_brush(EMPTY))
        self.well.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_units(units)

    def set_units(self, units: int) -> None:
        self.units = max(units, 1)
        band = BAND_H if self.selectable and not self.numbered else 0.0  # the selected unit's number
        self.setRect(QRectF(-2, -2, self.width + 4, STRIP_H + band + 4))
        # where the cells are drawn, made once rather than at every paint (and where number_rects
        # says the numbers are): (the frame, the gap between cells, each cell's rectangle)
        cell = self.width / self.units
        gap = CELL_GAP if cell >= 4 * CELL_GAP else 0.0
        cells = [QRectF(unit * cell + gap / 2, 0, cell - gap, STRIP_H) for unit in range(self.units)]
        self._geometry = (QRectF(0, 0, self.width, STRIP_H), gap, cells)
        self._shown = np.zeros(self.units)
        self._from = np.zeros(self.units)
        self.values = None
        self._alpha = self._from_alpha = self._to_alpha = 0.0

    @property
    def cell(self) -> float:
        return self.width / self.units

    @property
    def numbered(self) -> bool:
        return self.units <= MAX_NUMBERED

    def set_selected(self, unit: int | None) -> None:
        unit = unit if self.selectable and unit is not None and 0 <= unit < self.units else None
        if unit != self.selected:
            self.selected = unit
            self.update()

    def set_saturated(self, mask: np.ndarray | None) -> None:
        """Flag these units as saturated (None or all False: none)."""
        mask = None if mask is None or not np.any(mask) else np.asarray(mask, dtype=bool)
        if not _same(mask, self.saturated):
            self.saturated = mask
            self.update()

    def set_target(self, values: np.ndarray | None) -> bool:
        """Start blending towards values (None hides the strip). Returns whether anything changes."""
        values = None if values is None else np.asarray(values, dtype=float)
        if _same(values, self.values) and self._alpha == self._to_alpha:
            return False
        self._from = self._shown.copy()
        self._from_alpha = self._alpha
        if values is not None:
            if self.values is None:  # appearing: start from the new values, fade in
                self._from = values.copy()
            self._to_alpha = 1.0
        else:
            self._to_alpha = 0.0
        self.values = values
        return True

    def blend(self, t: float) -> None:
        target = self.values if self.values is not None else self._from
        if t >= 1.0:  # exactly the target: no arithmetic on +-inf or NaN on the way
            self._shown = np.array(target, dtype=float)
        else:
            with np.errstate(all="ignore"):
                self._shown = self._from + (target - self._from) * t
            # inf - inf halfway through a blend is not a value anyone computed: show the target there
            self._shown = np.where(np.isfinite(self._shown), self._shown, target)
        self._alpha = self._from_alpha + (self._to_alpha - self._from_alpha) * t
        self.update()

    def format(self, value: float, width_px: float) -> str:
        return format_gradient(value, width_px) if self.gradient else format_value(value, width_px)

    def _selected_text(self, values: np.ndarray) -> str:
        return _tr("unit {0}: {1}").format(self.selected, self.format(values[self.selected], 56))

    def displayed_text(self) -> list[str]:
        """The texts this strip shows once its animation ends (for tests and screen readers)."""
        if self.values is None:
            return []
        if self.numbered:
            return [self.format(v, self.cell) for v in self.values]
        return [self._selected_text(self.values)] if self.selected is not None else []

    @guarded("painting a value strip")
    def paint(self, painter: QPainter, option, widget=None) -> None:
        # every strip of a diagram is painted again at each step: local names, the cells' rectangles
        # made once (set_units) and one loop over the cells, for as few calls into Qt as the drawing
        # needs (the frame is the well, drawn under the strip)
        width, units, alpha = self.width, self.units, self._alpha
        cell = width / units
        frame, gap, cells = self._geometry
        if alpha > 0.01:
            if alpha < 1.0:
                painter.setOpacity(alpha)
            shown = self._shown
            written = format_gradient if self.gradient else format_value
            texts = [written(value, cell) for value in shown.tolist()] if self.numbered else []
            painter.fillRect(frame, PAPER)
            # on the screen (a widget) the engine is the raster one; an export asks its painter
            raster = widget is not None or painter.paintEngine().type() == QPaintEngine.Type.Raster
            if not texts and gap == 0.0 and raster:
                # many narrow cells: one image, a pixel per unit, stretched over the strip (an SVG
                # export keeps a rectangle per cell)
                rgba = value_rgba(shown, self.kind)
                image = QImage(rgba.tobytes(), units, 1, 4 * units, QImage.Format.Format_ARGB32)
                painter.drawImage(frame, image)
            else:
                inner = cell - gap
                colors = value_colors(shown, self.kind)
                for rect, color in zip(cells, colors, strict=True):
                    painter.fillRect(rect, color)
                if texts:
                    font = _fitting_font(texts, inner - NUMBER_PAD)
                    painter.setFont(font)
                    pen = None
                    for rect, color, text in zip(cells, colors, texts, strict=True):
                        text_pen = _text_pen(color)
                        if text_pen is not pen:
                            painter.setPen(text_pen)
                            pen = text_pen
                        if raster:  # laid out once per number and size (stepping shows them again)
                            static, text_width, text_height = _static_text(text, font)
                            # centred in its cell: where _text_rect (number_rects) says it is
                            painter.drawStaticText(
                                QPointF(rect.left() + (inner - text_width) / 2, (STRIP_H - text_height) / 2), static)
                        else:
                            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            if self.saturated is not None:  # (set_saturated keeps None when no unit is)
                # a corner in the ink colour on each saturated cell: the gate is shut or wide open, its gradient ~0
                painter.setPen(QPen(PAPER, 1))
                painter.setBrush(QBrush(SATURATED))
                size = min(10.0, cell - gap)
                for unit in np.flatnonzero(self.saturated).tolist():
                    right = cells[unit].right()
                    painter.drawPolygon([QPointF(right - size, 0), QPointF(right, 0), QPointF(right, size)])
            if self.selected is not None and not self.numbered:
                painter.setPen(INK)
                painter.setFont(FONTS.note)
                text = self._selected_text(self._shown)
                width = QFontMetricsF(FONTS.note).horizontalAdvance(text) + 4
                centre = (self.selected + 0.5) * cell
                left = min(max(centre - width / 2, 0.0), max(self.width - width, 0.0))
                painter.drawText(QRectF(left, STRIP_H, width, BAND_H), Qt.AlignmentFlag.AlignCenter, text)
            if alpha < 1.0:
                painter.setOpacity(1.0)
        if self.selected is not None:
            painter.setPen(QPen(INK, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.selected * cell, -1, cell, STRIP_H + 2))

    def number_rects(self) -> list[QRectF]:
        """Where each number is written (strip coordinates), once the animation ends: [] without numbers."""
        texts = self.displayed_text() if self.numbered else []
        if not texts:
            return []
        cells = self._geometry[2]  # the cells as painted
        font = _fitting_font(texts, cells[0].width() - NUMBER_PAD)
        return [_text_rect(text, font, rect) for rect, text in zip(cells, texts, strict=True)]

    def _unit_at(self, x: float) -> int:
        u = x / self.cell
        return int(min(max(u, 0.0), self.units - 1)) if u == u else 0

    @guarded("showing a tooltip")
    def hoverMoveEvent(self, event) -> None:
        if self.values is None:
            self.setToolTip(_tr("{0}: not computed yet at this phase").format(core_text(self.name)))
            return
        unit = self._unit_at(event.pos().x())
        name = " ".join(core_text(self.name).split())
        self.setToolTip(_tr("{0}, unit {1} = {2}").format(name, unit, format_exact(self.values[unit])))

    @guarded("selecting a unit")
    def mousePressEvent(self, event) -> None:
        pick = self.on_pick() if self.on_pick is not None else None
        if pick is None or event.button() != Qt.MouseButton.LeftButton or event.pos().y() > STRIP_H:
            event.ignore()
            return
        event.accept()
        pick(self._unit_at(event.pos().x()))


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    """Whether two arrays (or Nones) hold the same values, NaN equal to NaN. Compared by their bytes:
    a step compares some forty small arrays, and np.array_equal took a quarter of showing a position.
    0.0 and -0.0 (which look the same) count as a change: at worst a needless repaint, never a stale one."""
    if a is None or b is None:
        return a is None and b is None
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


_SIZES: dict[tuple[str, int, bool], tuple[float, float]] = {}  # (text, pixel size, bold) -> (width, height)


def _text_size(text: str, font: QFont) -> tuple[float, float]:
    """(width, height) of a text in a font, measured once per text and font size: every step
    paints the same few dozen numbers again."""
    key = (text, font.pixelSize(), font.bold())
    size = _SIZES.get(key)
    if size is None:
        if len(_SIZES) > 20_000:
            _SIZES.clear()
        metrics = QFontMetricsF(font)
        size = _SIZES[key] = (metrics.horizontalAdvance(text), metrics.height())
    return size


def _text_rect(text: str, font: QFont, cell: QRectF) -> QRectF:
    """The box a number takes, centred in its cell."""
    width, height = _text_size(text, font)
    return QRectF(cell.center().x() - width / 2, cell.center().y() - height / 2, width, height)


_STATIC: dict[tuple[str, int], tuple[QStaticText, float, float]] = {}  # (number, pixel size) -> laid out, size


def _static_text(text: str, font: QFont) -> tuple[QStaticText, float, float]:
    """A number laid out in a font (the number font at one of its sizes), with its width and height."""
    key = (text, font.pixelSize())
    entry = _STATIC.get(key)
    if entry is None:
        if len(_STATIC) > 20_000:
            _STATIC.clear()
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=font)
        entry = _STATIC[key] = (static, *_text_size(text, font))
    return entry


# Pens and brushes by colour, made once: a QColor handed to setPen is converted to a new QPen at
# every call (the colours of a theme change in place, so the key is the colour's value, not the object)
_PENS: dict[int, QPen] = {}
_BRUSHES: dict[int, QBrush] = {}
_TEXT_PENS: dict[int, QPen] = {}  # a cell's colour (rgba) -> the pen of its number


def _by_colour(made: dict, color: QColor, make):
    """What make(color) gives, made once per colour value."""
    rgba = color.rgba()
    thing = made.get(rgba)
    if thing is None:
        if len(made) > 4096:
            made.clear()
        thing = made[rgba] = make(QColor(color))
    return thing


def _pen(color: QColor) -> QPen:
    """A 1-pixel pen of this colour."""
    return _by_colour(_PENS, color, lambda c: QPen(c, 1))


def _brush(color: QColor) -> QBrush:
    return _by_colour(_BRUSHES, color, QBrush)


def _text_pen(background: QColor) -> QPen:
    """The pen of a number on a cell of this colour (black or white, text_color's rule)."""
    return _by_colour(_TEXT_PENS, background, lambda c: QPen(text_color(c)))


_FITTING: dict[int, QFont] = {}
_WIDTHS: dict[str, float] = {}  # a number's width in the number font: measured once (a step paints ~70)


def _number_width(text: str) -> float:
    width = _WIDTHS.get(text)
    if width is None:
        if len(_WIDTHS) > 50_000:
            _WIDTHS.clear()
        width = _WIDTHS[text] = QFontMetricsF(FONTS.number).horizontalAdvance(text)
    return width


def _fitting_font(texts: list[str], room: float) -> QFont:
    """The number font, or a smaller size of it when a number (e.g. -1e308) would not fit its cell."""
    base = FONTS.number
    if not texts:
        return base
    widest = max(map(_number_width, texts))
    size = base.pixelSize()
    if widest > room:
        size = max(8, int(size * room / widest))
    font = _FITTING.get(size)
    if font is None:
        font = _FITTING[size] = QFont(base)
        font.setPixelSize(size)
    return font


# -- one model's drawing ----------------------------------------------------------------------
@dataclass
class _Panel:
    """The items of one model's diagram, under one root item that positions them."""

    spec: ModelSpec
    layout: Layout
    root: QGraphicsRectItem
    strips: dict[str, ValueStrip] = field(default_factory=dict)  # quantity id -> strip
    elements: dict[str, list[QAbstractGraphicsShapeItem]] = field(default_factory=dict)
    idle: dict[int, QPen] = field(default_factory=dict)  # id(item) -> its pen when not highlighted
    labels: dict[str, QGraphicsSimpleTextItem] = field(default_factory=dict)  # quantity id -> label
    label_texts: dict[str, str] = field(default_factory=dict)  # quantity id -> its label in the forward pass (English)
    block_titles: dict[str, tuple[QGraphicsSimpleTextItem, str]] = field(default_factory=dict)  # id -> (item, English)
    ops: dict[str, QGraphicsSimpleTextItem] = field(default_factory=dict)  # op key -> its text
    title: QGraphicsSimpleTextItem | None = None
    step: QGraphicsSimpleTextItem | None = None
    answer: QGraphicsSimpleTextItem | None = None  # a trained lesson's readout at t, right of the title row
    equation: QGraphicsSimpleTextItem | None = None
    note: QGraphicsSimpleTextItem | None = None
    caption: str = ""  # the equation, a new line, the note: unwrapped, as captions() reads it
    caption_shown: tuple = ()  # (equation, note, muted) drawn now
    activation: str = "tanh"  # the SimpleRNN's nonlinearity, written in its "act" box


class _Builder:
    """The diagrams.Drawing that makes Qt items for one panel."""

    def __init__(self, panel: _Panel, H: int, D: int):
        self.panel, self.H, self.D = panel, H, D

    def _add(self, item: QGraphicsItem) -> QGraphicsItem:
        item.setParentItem(self.panel.root)
        return item

    def _element(self, key: str, item: QAbstractGraphicsShapeItem) -> None:
        self.panel.elements.setdefault(key, []).append(item)
        self.panel.idle[id(item)] = item.pen()

    def text(self, text: str, x: float, y: float, font: QFont, color: QColor = INK, centre: bool = False):
        item = QGraphicsSimpleTextItem(text)
        item.setFont(font)
        item.setBrush(QBrush(color))
        if centre:
            x -= item.boundingRect().width() / 2
        item.setPos(x, y)
        return self._add(item)

    def box(self, x: float, y: float, width: float, height: float) -> None:
        box = QGraphicsRectItem(x, y, width, height)
        box.setBrush(QBrush(BOX_FILL))
        box.setPen(QPen(BOX_EDGE, 2))
        box.setZValue(-2)
        self._add(box)

    def strip(self, quantity: str, x: float, y: float, label: str | None = None, below: bool = False) -> None:
        q = self.panel.spec.quantity(quantity)
        units = self.D if quantity == "x" else self.H
        strip = ValueStrip(q.symbol, SEQUENTIAL if q.kind == GATE else DIVERGING, units,
                           selectable=quantity != "x")  # fmt: skip
        strip.setPos(x, y)
        self._add(strip)
        self.panel.strips[quantity] = strip
        if label:
            under = STRIP_H + (BAND_H if strip.selectable and not strip.numbered else 0) + 3
            shown = core_text(label)
            self.panel.labels[quantity] = self.text(shown, x, y + under if below else y - 21, FONTS.small)
            self.panel.label_texts[quantity] = label  # English: translated whenever it is shown

    def block(self, quantity: str, title: str, activation: str, x: float, y: float) -> None:
        kind = self.panel.spec.quantity(quantity).kind
        frame = QGraphicsRectItem(x, y, BLOCK_W, BLOCK_H)
        frame.setBrush(QBrush(GATE_FILL if kind == GATE else VALUE_FILL))
        frame.setPen(QPen(MUTED, 1.5))
        self._add(frame)
        self._element(quantity, frame)
        self.panel.block_titles[quantity] = (self.text(core_text(title), x + 6, y + 5, FONTS.label), title)
        if activation:
            note = self.text(core_text(activation), 0, y + 7, FONTS.note, MUTED)
            note.setX(x + BLOCK_W - 6 - note.boundingRect().width())
        self.strip(quantity, x + 8, y + 30)

    def node(self, key: str, symbol: str, x: float, y: float) -> None:
        node = QGraphicsEllipseItem(x - NODE_R, y - NODE_R, 2 * NODE_R, 2 * NODE_R)
        node.setBrush(QBrush(PAPER))
        node.setPen(QPen(WIRE, 2))
        self._add(node)
        self._element(key, node)
        text = self.text(core_text(symbol), x, 0, FONTS.symbol, INK, centre=True)
        text.setY(y - text.boundingRect().height() / 2)

    def op(self, key: str, text: str, x: float, y: float, width: float = 56.0, height: float = 24.0) -> None:
        frame = QGraphicsRectItem(x - width / 2, y - height / 2, width, height)
        frame.setBrush(QBrush(VALUE_FILL))
        frame.setPen(QPen(MUTED, 1.5))
        self._add(frame)
        self._element(key, frame)
        item = self.text(core_text(text), x, 0, FONTS.small, INK, centre=True)
        item.setY(y - item.boundingRect().height() / 2)
        self.panel.ops[key] = item

    def wire(self, key: str, points: Sequence[tuple[float, float]], arrow: bool = True) -> None:
        path = QPainterPath(QPointF(*points[0]))
        for point in points[1:]:
            path.lineTo(QPointF(*point))
        if arrow and len(points) >= 2:
            (x0, y0), (x1, y1) = points[-2], points[-1]
            d = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
            ux, uy = (x1 - x0) / d, (y1 - y0) / d
            for side in (-1, 1):
                path.moveTo(QPointF(x1, y1))
                path.lineTo(QPointF(x1 - 9 * ux - 5 * side * uy, y1 - 9 * uy + 5 * side * ux))
        item = QGraphicsPathItem(path)
        item.setPen(QPen(WIRE, 2))
        item.setZValue(-1)
        self._add(item)
        self._element(key, item)

    def note(self, text: str, x: float, y: float, right: bool = False) -> None:
        item = self.text(core_text(text), x, y, FONTS.note, MUTED)
        if right:
            item.setX(x - item.boundingRect().width())


def _build_panel(spec: ModelSpec, H: int, D: int, on_pick: Callable[[int], None]) -> _Panel:
    layout = LAYOUTS[spec.id]
    root = QGraphicsRectItem(0, 0, layout.width, layout.height)
    root.setPen(QPen(Qt.PenStyle.NoPen))
    panel = _Panel(spec, layout, root)
    builder = _Builder(panel, H, D)
    layout.draw(builder)
    panel.title = builder.text(core_text(spec.title), 0, TITLE_Y, FONTS.title)
    panel.step = builder.text("", panel.title.boundingRect().width() + 20, TITLE_Y, FONTS.title, HIGHLIGHT)
    panel.answer = builder.text("", 0, TITLE_Y + 8, FONTS.caption, ANSWER)
    panel.equation = builder.text("", 0, CAPTION_Y, FONTS.caption)
    panel.note = builder.text("", 0, CAPTION_Y + 26, FONTS.small, MUTED)
    for strip in panel.strips.values():
        if strip.selectable:
            strip.on_pick = weakref.WeakMethod(on_pick)
    return panel


def _arrangements(count: int) -> list[list[list[int]]]:
    """Every way to put `count` diagrams in rows, in order: one row, or wrapped."""
    if count <= 1:
        return [[[0]]]
    out = []
    for cuts in range(1 << (count - 1)):  # a cut after diagram k starts a new row
        rows, row = [], [0]
        for k in range(1, count):
            if cuts >> (k - 1) & 1:
                rows.append(row)
                row = []
            row.append(k)
        rows.append(row)
        out.append(rows)
    return out




# -- the canvas -------------------------------------------------------------------------------
class CellDiagram(Retranslating, QGraphicsView):
    """The canvas: the cell of every shown model at the current timestep and phase."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QBrush(PAPER))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAccessibleName(_tr("Cell diagram"))
        self.session = None
        self.panels: dict[str, _Panel] = {}
        self.strips: dict[str, ValueStrip] = {}  # "lstm.f" -> strip
        # each legend item with its offset in a band under the rows, and stacked beside the last row
        self._legend: list[tuple[QGraphicsItem, tuple[float, float], tuple[float, float]]] = []
        self._shape: tuple | None = None
        self._arranged: tuple | None = None
        self._active: set[str] = set()  # highlighted element keys, "lstm.f_in"
        self._changing: list[ValueStrip] = []
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(220)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_blend)
        self.zoom = 1.0
        self.presentation = False

    # -- what is drawn ------------------------------------------------------------------------
    def _build(self, models: tuple[str, ...], H: int, D: int, activation: str) -> None:
        self._animation.stop()
        self.scene().clear()
        self.panels, self.strips, self._legend, self._active, self._changing = {}, {}, [], set(), []
        for model in models:
            panel = _build_panel(SPECS[model], H, D, self._pick)
            panel.activation = activation
            if "act" in panel.ops:
                panel.ops["act"].setText(activation)  # math: tanh or relu, as written in every language
            self.scene().addItem(panel.root)
            self.panels[model] = panel
            for quantity, strip in panel.strips.items():
                self.strips[f"{model}.{quantity}"] = strip
        self._build_legend()
        self._shape = (models, H, D, activation)
        if self.presentation:
            self._restyle(refresh=False)  # the position being shown styles the captions
        self._arranged = None
        self._set_cache(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _build_legend(self) -> None:
        x = 0.0
        for kind, low, high, text in ((SEQUENTIAL, 0.0, 1.0, _tr("gate σ:  0 shut … 1 open")),
                                      (DIVERGING, -1.0, 1.0, _tr("value:  −1 … 0 … +1"))):  # fmt: skip
            label = QGraphicsSimpleTextItem(text)
            label.setFont(FONTS.small)
            label.setBrush(QBrush(MUTED))
            legend = ValueStrip(text, kind, 21, 2 * STRIP_W)
            legend.set_target(np.linspace(low, high, 21))
            legend.blend(1.0)
            y = 62.0 * len(self._legend) / 2  # stacked: one below the other
            self._legend += [(label, (x, 0.0), (0.0, y)), (legend, (x, 22.0), (0.0, y + 22))]
            self.scene().addItem(label)
            self.scene().addItem(legend)
            x += 2 * STRIP_W + 60

    def _set_cache(self, mode: QGraphicsItem.CacheMode) -> None:
        """Cache the still items' drawing (or stop, for an export). Never the strips: they change at
        every step and every frame of a transition, so a cache would only add an image to paint into."""
        for item in self.scene().items():
            if not isinstance(item, ValueStrip):
                item.setCacheMode(mode)

    def arrange(self, width: float, height: float) -> None:
        """Place the diagrams in the arrangement (one row, or wrapped; the legend under them or
        beside the last row) that draws them largest in width x height. Each candidate is placed
        and measured as it would be drawn (labels that stick out and the margin included)."""
        if not self.panels:
            return
        key = (width, height, self._shape)
        if key != self._arranged:
            best, best_scale = None, -1.0
            for rows in _arrangements(len(self.panels)):
                for beside in (False, True):
                    self._place(rows, beside)
                    rect = self.drawing_rect()
                    scale = min(max(width, 1.0) / rect.width(), max(height, 1.0) / rect.height())
                    if scale > best_scale + 1e-9:
                        best, best_scale = (rows, beside), scale
            self._place(*best)
            self._chosen = best
            self._arranged = key
        rect = self.drawing_rect()
        self.scene().setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom != 1.0:  # on top of the fit: larger than the widget scrolls (drag or scroll bars)
            self.scale(self.zoom, self.zoom)

    # -- zoom and presentation -----------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        """Zoom on top of fitting the drawing to the widget (1: fit; Ctrl+plus / Ctrl+minus / Ctrl+0)."""
        zoom = min(max(float(zoom), ZOOM_RANGE[0]), ZOOM_RANGE[1])
        if abs(zoom - 1.0) < 1e-9:
            zoom = 1.0
        if zoom == self.zoom:
            return
        self.zoom = zoom
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if zoom > 1.0 else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag if zoom > 1.0 else QGraphicsView.DragMode.NoDrag)
        self.arrange(self.viewport().width(), self.viewport().height())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def set_presentation(self, on: bool) -> None:
        """Projector style: every line thicker, and grey text (notes, muted captions) darker."""
        if on == self.presentation:
            return
        self.presentation = on
        self._restyle()

    def _restyle(self, refresh: bool = True) -> None:
        """Every element's pen again (_style scales it for presentation), and the muted text's colour."""
        for model, panel in self.panels.items():
            for key in panel.elements:
                self._style(f"{model}.{key}", f"{model}.{key}" in self._active)
            panel.note.setBrush(QBrush(self.muted))
            panel.caption_shown = ()  # the caption's colour is set again at the next position
        if refresh and self.session is not None:
            self.show_position(self.session, self.session.playhead.position, animate=False)

    @property
    def muted(self) -> QColor:
        return PRESENTING_MUTED if self.presentation else MUTED  # a projector washes light grey out

    def _place(self, rows: list[list[int]], beside: bool) -> None:
        """Put each diagram in its row, and the legend in a band under the rows or beside the last."""
        models = list(self.panels)
        y = row_top = x = 0.0
        for row in rows:
            x, row_top = 0.0, y
            for k in row:
                panel = self.panels[models[k]]
                panel.root.setPos(x, y)
                x += panel.layout.width + ROW_GAP
            y += max(self.panels[models[k]].layout.height for k in row) + ROW_GAP
        for item, below_at, beside_at in self._legend:
            if beside:  # level with the top of the last row's cell box, where the eye starts
                item.setPos(x + beside_at[0], row_top + BOX_TOP + beside_at[1])
            else:
                item.setPos(below_at[0], y - ROW_GAP / 2 + below_at[1])

    def rows(self) -> list[list[str]]:
        """The models in each row of the current arrangement (tests)."""
        if self._arranged is None:
            return []
        models = list(self.panels)
        return [[models[k] for k in row] for row in self._chosen[0]]

    def drawing_rect(self) -> QRectF:
        """Everything drawn, with a small margin (what exports crop to)."""
        return self.scene().itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)

    @guarded("resizing the canvas")
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arranged = None
        self.arrange(self.viewport().width(), self.viewport().height())

    # -- the language ----------------------------------------------------------------------------
    @guarded("translating the cell diagram")
    def retranslate(self) -> None:
        """Draw every text again in the language now in force: the diagrams are built anew (titles,
        labels, the legend) and the current position shown again (captions, step titles)."""
        self.setAccessibleName(_tr("Cell diagram"))
        self._shape = None
        if self.session is not None:
            self.show_position(self.session, self.session.playhead.position, animate=False)

    def apply_theme(self) -> None:
        """The colours of the theme in force: the diagrams are built again with them when the session
        next shows the lesson (the window has it do so at once)."""
        self.setBackgroundBrush(QBrush(PAPER))
        self._shape = None

    # -- following the session -----------------------------------------------------------------
    @guarded("drawing the cell diagram")
    def show_lesson(self, session) -> None:
        self.session = session
        self._ensure_built(session)

    def _ensure_built(self, session) -> None:
        traces = session.shown_traces()
        any_trace = next(iter(traces.values()), None)
        H = any_trace.H if any_trace is not None else 1
        D = any_trace.D if any_trace is not None else 1
        rnn = session.lesson.models.get("rnn")
        activation = getattr(rnn, "nonlinearity", "tanh") if rnn is not None else "tanh"
        shape = (tuple(traces), H, D, activation)
        if shape != self._shape:
            self._build(*shape)
            self.arrange(self.viewport().width(), self.viewport().height())

    @guarded("drawing the cell diagram")
    def show_position(self, session, position: Position, animate: bool = True) -> None:
        """Show the values of `position`; what a phase has not computed yet stays empty. On the
        backward pass, the gradient from h(T) at step t and the factor that carries it to t - 1."""
        self.session = session
        self._ensure_built(session)
        t = position.step
        targets: dict[str, np.ndarray | None] = {}
        active: set[str] = set()
        for model, trace in session.shown_traces().items():
            panel = self.panels[model]
            if position.backward:
                shows, lit, labels, equation, note = _backward_view(panel, session, model, t)
                self._set_caption(panel, equation, note, False)
                step = f"← t = {t}   “{trace.token(t)}”" if t > 0 else _tr("← t = 0   initial state")
            else:
                shows = visible(trace, position)
                phase = panel.spec.phase_at(position.phase) if t > 0 else None
                lit = panel.layout.highlights.get(phase.id, ()) if phase is not None else ()
                labels = {}
                step = f"t = {t}   “{trace.token(t)}”" if t > 0 else _tr("t = 0   initial state")
                self._caption(panel, session, position)
            if t > 0:  # the token read; at t = 0 the strip's own label
                labels["x"] = f"x(t) = “{trace.token(t)}”"
            curves = gate_activations(model, session.lesson.models[model].nonlinearity)
            for quantity, strip in panel.strips.items():
                value = targets[f"{model}.{quantity}"] = shows.get(quantity)
                strip.gradient = position.backward
                # a gate's output at t >= 1 (h(0) is no tanh's); on the backward pass only f and z still show one
                gate = curves.get(quantity)
                shows_gate = not position.backward or quantity in ("f", "z")
                flagged = gate is not None and value is not None and t > 0 and shows_gate
                strip.set_saturated(saturated(value, gate[1]) if flagged else None)
            active |= {f"{model}.{key}" for key in lit}
            if panel.step.text() != step:
                panel.step.setText(step)
            self._show_answer(panel, session, trace, None if position.backward else shows.get("h"), t)
            for quantity, label in panel.labels.items():
                text = labels[quantity] if quantity in labels else core_text(panel.label_texts[quantity])
                if label.text() != text:
                    label.setText(text)
            for quantity, (item, title) in panel.block_titles.items():
                # on the backward pass the SimpleRNN's block holds the gradient at its pre-activation
                gradient = position.backward and t > 0 and model == "rnn" and quantity == "pre"
                text = f"∂h({trace.T})/∂pre(t)" if gradient else core_text(title)
                if item.text() != text:
                    item.setText(text)
        for key, strip in self.strips.items():
            strip.set_selected(None if key.endswith(".x") else session.selected_unit)
        self.finish_animation()  # a transition cut short by the next step ends where it was going
        self._changing = [self.strips[k] for k, v in targets.items() if self.strips[k].set_target(v)]
        self._highlight(active)
        self._animation.stop()
        if animate and self._changing:
            self._animation.start()
        else:
            self._on_blend(1.0)

    def _show_answer(self, panel: _Panel, session, trace, h, t: int) -> None:
        """A trained lesson's answer if the sequence ended at t, once h(t) is known: the label and its
        probability, or the regressed value; nothing at t = 0, on the backward pass or without a readout."""
        readout = session.lesson.readouts.get(trace.model)
        text = ""
        if readout is not None and h is not None and t > 0:
            label, value = readout.answer(trace.y[t - 1])
            text = (_tr("answer: {0} ({1} %)").format(label, f"{100 * value:.0f}") if label is not None
                    else _tr("answer: y = {0}").format(number(value)))  # fmt: skip
        if panel.answer.text() != text:
            panel.answer.setText(text)
        if text:  # right-aligned in the title row, never over the step's text (no answer: nothing to place)
            step_right = panel.step.x() + panel.step.boundingRect().width()
            panel.answer.setX(max(panel.layout.width - panel.answer.boundingRect().width(), step_right + 16))

    def _set_caption(self, panel: _Panel, equation: str, note: str, muted: bool) -> None:
        if (equation, note, muted) == panel.caption_shown:
            return  # the next timestep at the same phase: nothing to measure, wrap or lay out again
        panel.caption_shown = (equation, note, muted)
        width = panel.layout.width
        equation = _split_equations(equation, width)
        panel.caption = f"{equation}\n{note}".rstrip()
        drawn = _wrap(equation, FONTS.caption, width)
        if panel.equation.text() != drawn:
            panel.equation.setText(drawn)
        drawn = _wrap(note, FONTS.small, width)
        if panel.note.text() != drawn:
            panel.note.setText(drawn)
        panel.equation.setBrush(QBrush(self.muted if muted else INK))
        panel.note.setY(panel.equation.y() + panel.equation.boundingRect().height() + 2)

    def _caption(self, panel: _Panel, session, position: Position) -> None:
        """The equation and note of the phase this model computes now, or, muted, what it computed last."""
        spec, t, stage = panel.spec, position.step, position.phase
        phase = spec.phase_at(stage) if t > 0 else None
        if t == 0:
            states = [core_text(spec.quantity(s).symbol).replace("(t)", "(0)") for s in spec.states]
            if len(states) == 1:
                equation = _tr("initial state: {0}").format(*states)
            else:  # the LSTM: h and C
                equation = _tr("initial state: {0} and {1}").format(", ".join(states[:-1]), states[-1])
            note, muted = _tr("before the first token"), False
        elif phase is not None:
            equation, note, muted = core_text(phase.equation), core_text(phase.note), False
        else:
            latest = spec.latest_phase(stage)
            others = [(SPECS[m], SPECS[m].phase_at(stage)) for m in session.shown_models if m != spec.id]
            names = [(core_text(s.title), core_text(p.name)) for s, p in others if p is not None]
            if not names:
                waiting = _tr("no {0} in this model").format(core_text(STAGES[stage]))
            elif len(names) == 1:
                waiting = _tr("waiting for the {0}'s {1}").format(*names[0])
            else:  # at most two other models
                waiting = _tr("waiting for the {0}'s {1} and the {2}'s {3}").format(*names[0], *names[1])
            equation, note, muted = core_text(latest.equation), waiting, True
        if spec.id == "rnn" and "act" in panel.ops and panel.activation == "relu":
            equation = equation.replace("tanh(", "relu(")
        self._set_caption(panel, equation, note, muted)

    def _pick(self, unit: int) -> None:
        if self.session is not None:
            self.session.select_unit(None if unit == self.session.selected_unit else unit)

    @guarded("handling a key on the canvas")
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.session is not None and self.session.selected_unit is not None:
            self.session.select_unit(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_blend(self, value: float) -> None:
        for strip in self._changing:
            strip.blend(float(value))

    def _highlight(self, active: set[str]) -> None:
        if active == self._active:
            return
        for key in self._active - active:
            self._style(key, False)
        for key in active - self._active:
            self._style(key, True)
        self._active = active

    def _style(self, key: str, on: bool) -> None:
        model, _, element = key.partition(".")
        panel = self.panels.get(model)
        if panel is None:
            return
        factor = PRESENTATION_PEN if self.presentation else 1.0
        for item in panel.elements.get(element, []):
            pen = QPen(HIGHLIGHT, 4) if on else QPen(panel.idle[id(item)])
            pen.setWidthF(pen.widthF() * factor)
            item.setPen(pen)

    def finish_animation(self) -> None:
        """Jump to the end of a running transition (tests, exports)."""
        if self._animation.state() == QVariantAnimation.State.Running:
            self._animation.stop()
            self._on_blend(1.0)

    # -- what tests (and screen readers) read ---------------------------------------------------
    def displayed(self) -> dict[str, list[str]]:
        """Strip key ("lstm.f") -> the texts it shows once its animation ends ([] when empty)."""
        return {key: strip.displayed_text() for key, strip in self.strips.items()}

    def highlighted(self) -> set[str]:
        """The highlighted element keys ("lstm.f", "gru.reset_x")."""
        return set(self._active)

    def captions(self) -> dict[str, str]:
        """Model -> its caption: the equation, a new line, the note."""
        return {m: p.caption for m, p in self.panels.items()}

    def titles(self) -> dict[str, str]:
        return {m: f"{p.title.text()}   {p.step.text()}" for m, p in self.panels.items()}

    # -- exports ----------------------------------------------------------------------------------
    def export_image(self, path: str, scale: float = 2.0, *, replace_readonly: bool = False,
                     width: int | None = None) -> None:  # fmt: skip
        """The diagram, cropped to what is drawn, as PNG or SVG by the file's extension.

        The size is `scale` times its on-screen size, or `width` pixels wide. Written
        atomically through rnnviz.core.atomic (a symlink stays a symlink). Raises OSError
        when the file cannot be written, ReadOnlyTargetError for a read-only file unless
        `replace_readonly`.
        """
        from ..core.atomic import atomic_write_bytes

        atomic_write_bytes(path, self.image_bytes(path, scale, width=width), replace_readonly=replace_readonly)

    def image_bytes(self, path: str, scale: float = 2.0, *, width: int | None = None) -> bytes:
        """What export_image writes (PNG, or SVG when `path` ends in .svg)."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtGui import QImage

        self.finish_animation()
        source = self.drawing_rect()
        zoom = self.transform().m11() if self.transform().m11() > 0 else 1.0
        factor = width / source.width() if width else scale * zoom
        size = QSize(max(1, round(source.width() * factor)), max(1, round(source.height() * factor)))
        target = QRectF(0, 0, size.width(), size.height())
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self._set_cache(QGraphicsItem.CacheMode.NoCache)  # cached items would be drawn as bitmaps
        try:
            if path.lower().endswith(".svg"):
                from PySide6.QtSvg import QSvgGenerator

                generator = QSvgGenerator()
                generator.setOutputDevice(buffer)
                generator.setSize(size)
                generator.setResolution(96)  # so the width in mm is `size` CSS pixels
                generator.setViewBox(target)
                generator.setTitle(_tr("rnnviz cell diagram"))
                painter = QPainter(generator)
                self.scene().render(painter, target, source)
                ok = painter.end()
            else:
                image = QImage(size, QImage.Format.Format_RGB32)  # opaque: an alpha channel only slows the PNG
                image.fill(PAPER)  # the theme in force: an export is what the window shows
                painter = QPainter(image)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                self.scene().render(painter, target, source)
                painter.end()
                ok = image.save(buffer, "PNG", PNG_QUALITY)
        finally:
            self._set_cache(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        buffer.close()
        if not ok or data.isEmpty():
            raise OSError(f"cannot draw the image for {path}")
        return data.data()


def _backward_labels(T: int) -> dict[str, str]:
    """The labels of the strips that show gradients on the backward pass (T: the last step)."""
    return {"h": f"∂h({T})/∂h(t)", "h_prev": f"∂h({T})/∂h(t-1)", "c": _tr("∂h({0})/∂C(t)  cell path").format(T),
            "c_prev": f"∂h({T})/∂C(t-1)"}  # fmt: skip


def _backward_view(panel: _Panel, session, model: str, t: int):
    """What one model's diagram shows at step t of the backward pass: (strip values, highlighted
    elements, strip labels, equation, note). The gradient from h(T) arrives at h(t) (and the
    LSTM's C(t)); the factor it is multiplied by on the way to t - 1 is lit, with the running norm."""
    bp = session.backward_pass(model)
    trace = session.traces[model]
    T = bp.T
    shows: dict[str, np.ndarray | None] = {"h": bp.at_h[t]}
    if bp.at_c is not None:
        shows["c"] = bp.at_c[t]
    labels = _backward_labels(T)
    if t == 0:
        if model == "lstm":
            norm = format_norm(bp.norm[0])
            equation = _tr("‖∂h({0})/∂C(0)‖ along the cell = {1} after {0} steps back").format(T, norm)
            note = _tr("the gradient from h({0}) has reached the initial state; along h alone ‖∂h({0})/∂h(0)‖ = {1}"
                       ).format(T, format_norm(bp.norm_h[0]))  # fmt: skip
        else:
            equation = _tr("‖∂h({0})/∂h(0)‖ = {1} after {0} steps back").format(T, format_norm(bp.norm[0]))
            note = _tr("the gradient from h({0}) has reached the initial state").format(T)
        return shows, (), labels, equation, note
    shows["h_prev"] = bp.at_h[t - 1]
    # the running norm, multiplied by this step's factor: the product the class watches shrink or survive
    factor = format_norm(bp.factor[t]) if np.isfinite(bp.factor[t]) else _tr("(too large to measure)")
    norms = (format_norm(bp.norm[t]), factor, format_norm(bp.norm[t - 1]))
    if model == "lstm":
        shows["f"], shows["c_prev"] = trace.f[t - 1], bp.at_c[t - 1]
        equation = _tr("‖∂h({0})/∂C({1})‖ = {2} × {3} = {4}  along the cell").format(T, t - 1, *norms)
        note = _tr("∂h({0})/∂C({1}) = ∂h({0})/∂C({2}) ⊙ f({2}); along h alone ‖∂h({0})/∂h({1})‖ = {3}").format(
            T, t - 1, t, format_norm(bp.norm_h[t - 1]))
        return shows, panel.layout.highlights.get("backward", ()), labels, equation, note
    equation = f"‖∂h({T})/∂h({t - 1})‖ = {norms[0]} × {norms[1]} = {norms[2]}"
    if model == "gru":
        shows["z"] = trace.z[t - 1]
        note = _tr("∂h({0})/∂h({1}) = ∂h({0})/∂h({2}) · (diag(z({2})) + the gates' part)").format(T, t - 1, t)
    else:
        shows["pre"] = bp.at_pre[t]
        slope = f"diag(1 − h({t})²)" if panel.activation != "relu" else f"diag(relu′(pre({t})))"
        note = f"∂h({T})/∂h({t - 1}) = ∂h({T})/∂h({t}) · {slope} · U"
    return shows, panel.layout.highlights.get("backward", ()), labels, equation, note


def _split_equations(equation: str, width: float) -> str:
    """Two equations of one phase (i and C̃) on two lines when they do not fit the diagram's width."""
    if "   " not in equation or QFontMetricsF(FONTS.caption).horizontalAdvance(equation) <= width:
        return equation
    return "\n".join(part.strip() for part in equation.split("   ") if part.strip())


def _wrap(text: str, font: QFont, width: float) -> str:
    """Each line of `text` broken between words so it fits `width`: a long caption takes two
    lines rather than widening its diagram (the layouts leave room for three in all)."""
    metrics = QFontMetricsF(font)
    lines = []
    for line in text.split("\n"):
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and metrics.horizontalAdvance(trial) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return "\n".join(lines)
