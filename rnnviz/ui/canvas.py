"""The cell diagrams: an LSTM cell in the style of "Understanding LSTM Networks" beside a SimpleRNN.

Items are built once; stepping only gives value strips new targets, and one animation
blends every strip from what it showed to what it should show (values and opacity), so
moving through a lesson is smooth and never blocks input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from ..core.engine import Trace
from ..session import CELL, FORGET, HIDDEN, INPUT, INPUTS, OUTPUT, Position
from .colors import DIVERGING, HIGHLIGHT, INK, MUTED, SEQUENTIAL, WIRE, text_color, value_colors
from .errors import guarded
from .numbers import format_exact, format_value

__all__ = ["CellDiagram", "ValueStrip", "format_value"]

STRIP_W = 120.0
STRIP_H = 34.0
BLOCK_H = 80.0
LABEL_FONT = QFont()
LABEL_FONT.setPixelSize(17)
SMALL_FONT = QFont()
SMALL_FONT.setPixelSize(15)
TITLE_FONT = QFont()
TITLE_FONT.setPixelSize(24)
TITLE_FONT.setBold(True)
NUMBER_FONT = QFont()
NUMBER_FONT.setPixelSize(15)


class ValueStrip(QGraphicsObject):
    """One row of coloured cells, a cell per unit, with numbers when they fit and on hover."""

    def __init__(self, name: str, kind: str, units: int, width: float = STRIP_W):
        super().__init__()
        self.name = name
        self.kind = kind
        self.width = width
        self.setAcceptHoverEvents(True)
        self.values: np.ndarray | None = None  # the target: what this step shows
        self._shown = np.zeros(units)
        self._from = np.zeros(units)
        self._alpha = 0.0
        self._from_alpha = 0.0
        self._to_alpha = 0.0
        self.set_units(units)

    def set_units(self, units: int) -> None:
        self.prepareGeometryChange()
        self.units = max(units, 1)
        self._shown = np.zeros(self.units)
        self._from = np.zeros(self.units)
        self.values = None
        self._alpha = self._from_alpha = self._to_alpha = 0.0

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, self.width + 2, STRIP_H + 2)

    def set_target(self, values: np.ndarray | None) -> bool:
        """Start blending towards values (None hides the strip). Returns whether anything changes."""
        same = (values is None and self.values is None) or (
            values is not None and self.values is not None and np.array_equal(values, self.values, equal_nan=True)
        )
        if same and self._alpha == self._to_alpha:
            return False
        self._from = self._shown.copy()
        self._from_alpha = self._alpha
        if values is not None:
            if self.values is None:  # appearing: start from the new values, fade in
                self._from = np.asarray(values, dtype=float).copy()
            self._to_alpha = 1.0
        else:
            self._to_alpha = 0.0
        self.values = None if values is None else np.asarray(values, dtype=float)
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

    def displayed_text(self) -> list[str]:
        """The numbers this strip shows once its animation ends (for tests and screen readers)."""
        if self.values is None:
            return []
        cell = self.width / self.units
        return [format_value(v, cell) for v in self.values]

    @guarded("painting a value strip")
    def paint(self, painter: QPainter, option, widget=None) -> None:
        cell = self.width / self.units
        painter.setPen(QPen(MUTED, 1))
        painter.setBrush(QBrush(QColor(250, 250, 250)))
        painter.drawRect(QRectF(0, 0, self.width, STRIP_H))
        if self._alpha <= 0.01:
            return
        painter.setOpacity(self._alpha)
        show_numbers = cell >= 34
        texts = [format_value(value, cell) for value in self._shown.tolist()] if show_numbers else []
        painter.setFont(_fitting_font(texts, cell))
        for unit, color in enumerate(value_colors(self._shown, self.kind)):
            rect = QRectF(unit * cell, 0, cell, STRIP_H)
            painter.fillRect(rect, color)
            if show_numbers:
                painter.setPen(text_color(color))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, texts[unit])
        painter.setPen(QPen(MUTED, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0, 0, self.width, STRIP_H))

    @guarded("showing a tooltip")
    def hoverMoveEvent(self, event) -> None:
        if self.values is None:
            self.setToolTip(f"{self.name}: not computed yet at this phase")
            return
        x = event.pos().x() / (self.width / self.units)
        unit = int(min(max(x, 0.0), self.units - 1)) if x == x else 0
        self.setToolTip(f"{' '.join(self.name.split())}, unit {unit} = {format_exact(self.values[unit])}")


_FONTS: dict[int, QFont] = {}


def _fitting_font(texts: list[str], cell: float) -> QFont:
    """NUMBER_FONT, or a smaller size of it when a number (e.g. -1e308) would not fit its cell."""
    from PySide6.QtGui import QFontMetricsF

    if not texts:
        return NUMBER_FONT
    widest = max(QFontMetricsF(NUMBER_FONT).horizontalAdvance(t) for t in texts)
    size = NUMBER_FONT.pixelSize()
    if widest > cell - 4:
        size = max(8, int(size * (cell - 4) / widest))
    font = _FONTS.get(size)
    if font is None:
        font = _FONTS[size] = QFont(NUMBER_FONT)
        font.setPixelSize(size)
    return font


@dataclass
class Block:
    """A labelled box holding a value strip: a gate, the candidate, or an activation."""

    frame: QGraphicsRectItem
    strip: ValueStrip
    wires: list[QGraphicsPathItem]


def _text(parent_scene_items: list, text: str, x: float, y: float, font: QFont = LABEL_FONT,
          color: QColor = INK, center: bool = False) -> QGraphicsSimpleTextItem:  # fmt: skip
    item = QGraphicsSimpleTextItem(text)
    item.setFont(font)
    item.setBrush(QBrush(color))
    if center:
        x -= item.boundingRect().width() / 2
    item.setPos(x, y)
    parent_scene_items.append(item)
    return item


class CellDiagram(pg.GraphicsLayoutWidget):
    """The canvas: LSTM cell (left) and SimpleRNN cell (right) for the current timestep."""

    def __init__(self, parent=None):
        super().__init__(parent)
        for font in (LABEL_FONT, SMALL_FONT, TITLE_FONT, NUMBER_FONT):  # the desktop's sans-serif family
            font.setFamily(self.font().family())
            font.setStyleHint(QFont.StyleHint.SansSerif)
        self.setBackground("w")
        self.setAccessibleName("Cell diagram")
        self.setToolTip("")
        self.view = self.addViewBox(enableMenu=False)
        self.view.setAspectLocked(True)
        self.view.invertY(True)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.view.enableAutoRange(enable=False)
        self.items: list[QGraphicsItem] = []
        self.strips: dict[str, ValueStrip] = {}
        self.labels: dict[str, QGraphicsSimpleTextItem] = {}
        self.blocks: dict[str, QGraphicsItem] = {}
        self.wires: dict[str, list[QGraphicsPathItem]] = {}
        self._active: set[str] = set()
        self._changing: list[ValueStrip] = []
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(220)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_blend)
        self._H = self._D = 0
        self._build(3, 3)

    # -- construction ---------------------------------------------------------------------
    def _strip(self, key: str, name: str, kind: str, units: int, x: float, y: float,
               label: str | None = None, label_above: bool = True) -> ValueStrip:  # fmt: skip
        strip = ValueStrip(name, kind, units)
        strip.setPos(x, y)
        self.items.append(strip)
        self.strips[key] = strip
        if label:
            self.labels[key] = _text(self.items, label, x, y - 20 if label_above else y + STRIP_H + 3, SMALL_FONT)
        return strip

    def _wire(self, key: str, points: list[tuple[float, float]], arrow: bool = True) -> QGraphicsPathItem:
        path = QPainterPath(QPointF(*points[0]))
        for point in points[1:]:
            path.lineTo(QPointF(*point))
        if arrow and len(points) >= 2:
            (x0, y0), (x1, y1) = points[-2], points[-1]
            d = np.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / d, (y1 - y0) / d
            for side in (-1, 1):
                path.moveTo(QPointF(x1, y1))
                path.lineTo(QPointF(x1 - 9 * ux - 5 * side * uy, y1 - 9 * uy + 5 * side * ux))
        item = QGraphicsPathItem(path)
        item.setPen(QPen(WIRE, 2))
        item.setZValue(-1)
        self.items.append(item)
        self.wires.setdefault(key, []).append(item)
        return item

    def _block(self, key: str, title: str, subtitle: str, kind: str, x: float, y: float) -> ValueStrip:
        frame = QGraphicsRectItem(x, y, STRIP_W + 16, BLOCK_H)
        frame.setBrush(QBrush(QColor(255, 248, 225) if kind == SEQUENTIAL else QColor(232, 240, 254)))
        frame.setPen(QPen(MUTED, 1.5))
        self.items.append(frame)
        self.blocks[key] = frame
        _text(self.items, title, x + 8, y + 6, LABEL_FONT)
        note = _text(self.items, subtitle, 0, y + 8, SMALL_FONT, MUTED)
        note.setX(x + STRIP_W + 10 - note.boundingRect().width())
        return self._strip(key, title, kind, self._H, x + 8, y + BLOCK_H - STRIP_H - 8)

    def _node(self, key: str, symbol: str, x: float, y: float, r: float = 15) -> None:
        node = QGraphicsEllipseItem(x - r, y - r, 2 * r, 2 * r)
        node.setBrush(QBrush(QColor(255, 255, 255)))
        node.setPen(QPen(WIRE, 2))
        self.items.append(node)
        self.blocks[key] = node
        _text(self.items, symbol, x, y - 11, LABEL_FONT, INK, center=True)

    def _cell_box(self, rect: QRectF) -> None:
        box = QGraphicsRectItem(rect)
        box.setBrush(QBrush(QColor(250, 250, 246)))
        box.setPen(QPen(QColor(200, 200, 190), 2))
        box.setZValue(-2)
        self.items.append(box)

    def _title(self, name: str, x: float) -> QGraphicsSimpleTextItem:
        """The model's name, and beside it an empty text for the current step's token (returned)."""
        title = _text(self.items, name, x, -40, TITLE_FONT)
        return _text(self.items, "", x + title.boundingRect().width() + 24, -40, TITLE_FONT, HIGHLIGHT)

    def _build(self, H: int, D: int) -> None:
        for item in self.items:
            self.view.removeItem(item)
        self.items, self.strips, self.blocks, self.wires, self.labels = [], {}, {}, {}, {}
        self._H, self._D = H, D
        W, B = STRIP_W, STRIP_W + 16
        cell_y, bus_y, gate_y = 95.0, 440.0, 300.0
        left, box_x0, box_x1 = 0.0, 140.0, 915.0
        gx = [box_x0 + 20 + k * (B + 10) for k in range(4)]  # forget, input, candidate, output
        centre = [x + B / 2 for x in gx]
        out_x = box_x1 + 20
        # the cell
        self._cell_box(QRectF(box_x0, 45, box_x1 - box_x0, 440))
        self._lstm_token = self._title("LSTM", box_x0)
        self._caption = _text(self.items, "", box_x0, -10, LABEL_FONT, INK)
        # inputs on the left, outputs on the right
        self._strip("lstm.c_prev", "C_{t-1}", DIVERGING, H, left, cell_y - STRIP_H / 2, "C(t-1)  cell state")
        self._strip("lstm.h_prev", "h_{t-1}", DIVERGING, H, left, bus_y - STRIP_H / 2, "h(t-1)")
        self._strip("lstm.x", "x_t", DIVERGING, D, gx[0] + 8, 520, "x(t)  embedding", label_above=False)
        self._strip("lstm.c", "C_t", DIVERGING, H, out_x, cell_y - STRIP_H / 2, "C(t)  new cell state")
        self._strip("lstm.h", "h_t", DIVERGING, H, out_x, bus_y - STRIP_H / 2, "h(t)  output")
        # the cell-state line along the top: x forget, + input
        fx, ix = centre[0], (centre[1] + centre[2]) / 2
        tx = centre[3] + 80
        self._wire("cell_in", [(W, cell_y), (fx - 15, cell_y)], arrow=True)
        self._wire("cell_mid", [(fx + 15, cell_y), (ix - 15, cell_y)])
        self._wire("cell_out", [(ix + 15, cell_y), (out_x, cell_y)])
        self._node("forget_x", "×", fx, cell_y)
        self._node("input_x", "×", ix, 205)
        self._node("cell_add", "+", ix, cell_y)
        self._node("output_x", "×", tx, 255)
        # the [h(t-1), x(t)] bus feeding the four gates
        self._wire("bus", [(W, bus_y), (centre[3], bus_y)], arrow=False)
        self._wire("x_in", [(gx[0] + 8 + W / 2, 520), (gx[0] + 8 + W / 2, bus_y)], arrow=False)
        for key, k in (("forget", 0), ("input", 1), ("candidate", 2), ("output", 3)):
            self._wire(f"{key}_in", [(centre[k], bus_y), (centre[k], gate_y + BLOCK_H)])
        self._block("forget", "f(t)  forget", "σ", SEQUENTIAL, gx[0], gate_y)
        self._block("input", "i(t)  input", "σ", SEQUENTIAL, gx[1], gate_y)
        self._block("candidate", "C̃(t)  candidate", "", DIVERGING, gx[2], gate_y)
        self._block("output", "o(t)  output", "σ", SEQUENTIAL, gx[3], gate_y)
        self._wire("forget_out", [(centre[0], gate_y), (fx, cell_y + 15)])
        self._wire("input_out", [(centre[1], gate_y), (centre[1], 205), (ix - 15, 205)])
        self._wire("candidate_out", [(centre[2], gate_y), (centre[2], 205), (ix + 15, 205)])
        self._wire("cell_update", [(ix, 190), (ix, cell_y + 15)])
        self._wire("output_out", [(centre[3], gate_y), (centre[3], 255), (tx - 15, 255)])
        # tanh(C_t) on its way to the output
        self._wire("tanh_in", [(tx, cell_y), (tx, 150)])
        tanh_frame = QGraphicsRectItem(tx - 32, 150, 64, 30)
        tanh_frame.setBrush(QBrush(QColor(232, 240, 254)))
        tanh_frame.setPen(QPen(MUTED, 1.5))
        self.items.append(tanh_frame)
        self.blocks["tanh_c"] = tanh_frame
        _text(self.items, "tanh", tx, 155, SMALL_FONT, INK, center=True)
        self._wire("tanh_out", [(tx, 180), (tx, 240)])
        self._strip("lstm.tanh_c", "tanh(C_t)", DIVERGING, H, tx + 40, 150, "tanh(C(t))", label_above=False)
        self._wire("hidden_out", [(tx, 270), (tx, bus_y), (out_x, bus_y)])

        # SimpleRNN, to the right
        rx = out_x + W + 40
        rbox_x0 = rx + W + 20
        rblock_x = rbox_x0 + 15
        rbox_x1 = rblock_x + B + 15
        rout = rbox_x1 + 20
        self._cell_box(QRectF(rbox_x0, 250, rbox_x1 - rbox_x0, 235))
        self._rnn_token = self._title("SimpleRNN", rx)
        _text(self.items, "h(t) = tanh(W x(t) + U h(t-1) + b)", rx, 30, SMALL_FONT)
        note = "no cell state: all memory must pass\nthrough h, squashed by tanh every step"
        self._rnn_note = _text(self.items, note, rx, 62, SMALL_FONT, MUTED)
        for k, (kind, low, high, text) in enumerate(((SEQUENTIAL, 0.0, 1.0, "gate σ:  0 shut … 1 open"),
                                                     (DIVERGING, -1.0, 1.0, "value:  −1 … 0 … +1"))):  # fmt: skip
            legend = ValueStrip(text, kind, 21, 2 * W)
            legend.setPos(rx, 150 + k * 60)
            legend.set_target(np.linspace(low, high, 21))
            legend.blend(1.0)
            self.items.append(legend)
            _text(self.items, text, rx, 150 + k * 60 - 19, SMALL_FONT, MUTED)
        self._strip("rnn.h_prev", "h_{t-1}", DIVERGING, H, rx, bus_y - STRIP_H / 2, "h(t-1)")
        self._strip("rnn.x", "x_t", DIVERGING, D, rblock_x + 8, 520, "x(t)  embedding", label_above=False)
        self._strip("rnn.h", "h_t", DIVERGING, H, rout, bus_y - STRIP_H / 2, "h(t)  output")
        self._wire("rnn_bus", [(rx + W, bus_y), (rblock_x + B / 2, bus_y)], arrow=False)
        self._wire("rnn_x_in", [(rblock_x + 8 + W / 2, 520), (rblock_x + 8 + W / 2, bus_y)], arrow=False)
        self._wire("rnn_in", [(rblock_x + B / 2, bus_y), (rblock_x + B / 2, gate_y + BLOCK_H)])
        self._block("rnn", "Wx + Uh + b", "", DIVERGING, rblock_x, gate_y)
        self.strips["rnn.pre"] = self.strips.pop("rnn")
        self._wire("rnn_out", [(rblock_x + B / 2, gate_y), (rblock_x + B / 2, 275), (rbox_x1 + 10, 275),
                               (rbox_x1 + 10, bus_y), (rout, bus_y)])  # fmt: skip
        self._extent = QRectF(-10, -48, rout + W + 20, 630)
        for item in self.items:
            self.view.addItem(item)
        # each item is drawn once into a pixmap and reused until it changes, so a step
        # repaints only the strips and highlights that moved
        self._set_cache(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.view.setRange(self._extent, padding=0.0)

    def _set_cache(self, mode: QGraphicsItem.CacheMode) -> None:
        for item in self.items:
            item.setCacheMode(mode)

    @guarded("resizing the canvas")
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_extent"):  # pyqtgraph resizes once before __init__ has run
            self.view.setRange(self._extent, padding=0.0)

    # -- updates ----------------------------------------------------------------------------
    def show_lesson(self, session) -> None:
        pass

    @guarded("drawing the cell diagram")
    def show_position(self, session, position: Position, animate: bool = True) -> None:
        self._show(session.shown_traces(), position, animate)

    def _show(self, traces: dict[str, Trace], position: Position, animate: bool = True) -> None:
        """Show the values of `position`; blocks not reached yet at its phase stay empty."""
        lstm, rnn = traces.get("lstm"), traces.get("rnn")
        any_trace = lstm or rnn
        H = any_trace.H if any_trace else 1
        D = any_trace.D if any_trace else 1
        if (H, D) != (self._H, self._D):
            self._build(H, D)
        t, phase = position.step, position.phase
        targets: dict[str, np.ndarray | None] = {}

        def reached(p: int) -> bool:
            return position.reached(t, p)

        token = any_trace.tokens[t - 1] if t > 0 and any_trace else ""
        label = f"t = {t}   “{token}”" if t > 0 else "t = 0   initial state"
        self._lstm_token.setText(label if lstm else "(not in this lesson)")
        input_label = f"x(t) = “{token}”" if t > 0 else "x(t)  embedding"
        for key in ("lstm.x", "rnn.x"):
            if key in self.labels and self.labels[key].text() != input_label:
                self.labels[key].setText(input_label)
        self._rnn_token.setText(label if rnn else "(not in this lesson)")
        if lstm is not None:
            first = t == 0
            targets["lstm.x"] = None if first else lstm.x[t - 1]
            targets["lstm.c_prev"] = None if first else lstm.c[t - 1]
            targets["lstm.h_prev"] = None if first else lstm.h[t - 1]
            targets["forget"] = lstm.f[t - 1] if not first and reached(FORGET) else None
            targets["input"] = lstm.i[t - 1] if not first and reached(INPUT) else None
            targets["candidate"] = lstm.g[t - 1] if not first and reached(INPUT) else None
            targets["lstm.c"] = lstm.c[t] if first or reached(CELL) else None
            targets["output"] = lstm.o[t - 1] if not first and reached(OUTPUT) else None
            targets["lstm.tanh_c"] = lstm.tanh_c[t - 1] if not first and reached(OUTPUT) else None
            targets["lstm.h"] = lstm.h[t] if first or reached(HIDDEN) else None
        if rnn is not None:
            first = t == 0
            targets["rnn.x"] = None if first else rnn.x[t - 1]
            targets["rnn.h_prev"] = None if first else rnn.h[t - 1]
            targets["rnn.pre"] = rnn.pre[t - 1] if not first and reached(HIDDEN) else None
            targets["rnn.h"] = rnn.h[t] if first or reached(HIDDEN) else None
        self._caption.setText(_CAPTIONS[phase] if t > 0 else "initial state: h(0) and C(0), before the first token")
        self.finish_animation()  # a transition cut short by the next step ends where it was going
        self._changing = [self.strips[k] for k, v in targets.items() if self.strips[k].set_target(v)]
        active = set() if t == 0 else _ACTIVE[phase]
        for model, trace in (("rnn", rnn), ("lstm", lstm)):  # a model the lesson lacks stays grey
            if trace is None:
                active = {key for key in active if _MODEL_OF.get(key, "lstm") != model}
        self._highlight(active)
        self._animation.stop()
        if animate and self._changing:
            self._animation.start()
        else:
            self._on_blend(1.0)

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
        if key in self.blocks:
            idle = QPen(WIRE, 2) if key in _NODES else QPen(MUTED, 1.5)
            self.blocks[key].setPen(QPen(HIGHLIGHT, 4) if on else idle)
        for wire in self.wires.get(key, []):
            wire.setPen(QPen(HIGHLIGHT, 4) if on else QPen(WIRE, 2))

    def finish_animation(self) -> None:
        """Jump to the end of a running transition (tests, exports)."""
        if self._animation.state() == QVariantAnimation.State.Running:
            self._animation.stop()
            self._on_blend(1.0)

    def export_image(self, path: str, scale: float = 2.0, *, replace_readonly: bool = False) -> None:
        """The diagram as PNG (at `scale` times its on-screen size) or SVG, by the file's extension.

        Written atomically through rnnviz.core.atomic (a symlink stays a symlink). Raises
        OSError when the file cannot be written, ReadOnlyTargetError for a read-only file
        unless `replace_readonly`.
        """
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtGui import QImage
        from PySide6.QtSvg import QSvgGenerator

        from ..core.atomic import atomic_write_bytes

        self.finish_animation()
        source = self.mapFromScene(self.view.mapRectToScene(self._extent)).boundingRect()
        size = QSize(round(source.width() * scale), round(source.height() * scale))
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if path.lower().endswith(".svg"):
            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle("rnnviz cell diagram")
            self._set_cache(QGraphicsItem.CacheMode.NoCache)  # cached items would be written as bitmaps
            try:
                painter = QPainter(generator)
                self.render(painter, QRectF(0, 0, size.width(), size.height()), source)
                ok = painter.end()
            finally:
                self._set_cache(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        else:
            image = QImage(size, QImage.Format.Format_ARGB32)
            image.fill(QColor(255, 255, 255))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.render(painter, QRectF(0, 0, size.width(), size.height()), source)
            painter.end()
            ok = image.save(buffer, "PNG")
        buffer.close()
        if not ok or data.isEmpty():
            raise OSError(f"cannot draw the image for {path}")
        atomic_write_bytes(path, data.data(), replace_readonly=replace_readonly)


_CAPTIONS = {
    INPUTS: "inputs arrive: x(t), h(t-1) and C(t-1)",
    FORGET: "f(t) = σ(W_f x(t) + U_f h(t-1) + b_f)   how much of C(t-1) to keep",
    INPUT: "i(t) = σ(W_i x(t) + U_i h(t-1) + b_i)   C̃(t) = tanh(W_g x(t) + U_g h(t-1) + b_g)",
    CELL: "C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)   the cell state is updated, not overwritten",
    OUTPUT: "o(t) = σ(W_o x(t) + U_o h(t-1) + b_o)   how much of tanh(C(t)) to show",
    HIDDEN: "h(t) = o(t) ⊙ tanh(C(t))      SimpleRNN: h(t) = tanh(W x(t) + U h(t-1) + b)",
}

_MODEL_OF = {key: "rnn" for key in ("rnn", "rnn_in", "rnn_out", "rnn_bus", "rnn_x_in")}

_NODES = {"forget_x", "input_x", "cell_add", "output_x"}

#: What each phase highlights: the blocks computed in it and the wires that feed them.
_ACTIVE: dict[int, set[str]] = {
    INPUTS: {"bus", "x_in", "cell_in", "rnn_bus", "rnn_x_in"},
    FORGET: {"forget", "forget_in", "forget_out", "forget_x", "cell_in"},
    INPUT: {"input", "candidate", "input_in", "candidate_in", "input_out", "candidate_out", "input_x"},
    CELL: {"cell_add", "cell_mid", "cell_update", "cell_out", "forget_x", "input_x"},
    OUTPUT: {"output", "output_in", "output_out", "tanh_c", "tanh_in", "tanh_out"},
    HIDDEN: {"output_x", "hidden_out", "rnn", "rnn_in", "rnn_out"},
}
