"""A small plot kit painted with QPainter: titled plots side by side, each a view between a value
axis and an x axis, with lines, levels and whatever a subclass paints in its view.

The timeline and the activation curves use it instead of pyqtgraph: they need a few lines, dots,
an image and two axes per plot, and pyqtgraph's import (with the Qt modules it loads: SVG,
OpenGL, test) and its per-plot items cost about half a second at every start, more than the
rest of the window's start-up. (The Train view, opened on demand, still plots with pyqtgraph.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QStaticText, QTransform

from .colors import PAPER, SATURATED, WIRE, html

LEFT_AXIS_WIDTH = 44  # wide enough for "10⁻¹²" and "-1.0", the same for every plot
AXIS_LABEL_WIDTH = 14  # and words beside it (the memory plot's)
LABEL_GAP = 2  # pixels between a tick mark and its label
TICK_LENGTH = 5
TITLE_TOP = 4.0
MARGIN, PLOT_GAP = 2.0, 8.0  # pixels at a widget's edges, and between two plots


def nice_ticks(low: float, high: float, most: int = 5) -> list[tuple[float, str]]:
    """Ticks at round numbers (1, 2 or 5 times a power of ten apart) between low and high, at most
    `most` of them: the value axis of a plot whose states leave ±1."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return []
    magnitude = 10.0 ** math.floor(math.log10(span / most))
    for every in (m * magnitude for m in (1, 2, 5, 10)):
        first, last = math.ceil(low / every), math.floor(high / every)
        if last - first + 1 <= most:
            break
    values = [float(f"{k * every:.12g}") for k in range(first, last + 1)]  # 0.6, not 0.6000000000000001
    return [(v, f"{v:g}") for v in values]


def columns(width: float, axis_widths: Sequence[float], margin: float = MARGIN, gap: float = PLOT_GAP
            ) -> list[tuple[float, float]]:  # fmt: skip
    """(left edge, width) of the view of each plot side by side, each after its value axis: the
    views share equally what the axes, the margins and `gap` pixels between plots leave of the width."""
    count = len(axis_widths)
    if not count:
        return []
    view = max((width - 2 * margin - sum(axis_widths) - gap * (count - 1)) / count, 1.0)
    placed, x = [], margin
    for axis in axis_widths:
        placed.append((x + axis, view))
        x += axis + view + gap
    return placed


class Curve:
    """A line of a plot through (x, y) (a NaN is a gap), drawn in `color`, `width` pixels wide."""

    __slots__ = ("x", "y", "color", "width", "dashed", "always_soft")

    def __init__(self, color: QColor, width: int = 2, dashed: bool = False, always_soft: bool = False):
        self.x, self.y = np.zeros(0), np.zeros(0)
        self.color, self.width, self.dashed = QColor(color), width, dashed
        self.always_soft = always_soft  # antialiased however dense (a smooth curve, painted once)

    def set_data(self, x, y) -> None:
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)


SMALLEST_POINTS = 6.5  # a label is shrunk to fit down to this size, then cut short


def spaced(positions: Sequence[float], gap: float) -> list[int]:
    """Which of these positions (pixels, in order either way) to label so that no two labels are
    nearer than `gap`: the first, then each at least `gap` from the last one kept."""
    kept: list[int] = []
    for k, position in enumerate(positions):
        if not kept or abs(position - positions[kept[-1]]) >= gap:
            kept.append(k)
    return kept


def fitted(font: QFont, text: str, width: float) -> tuple[QFont, str]:
    """The font (`font`, or smaller down to SMALLEST_POINTS) and the text (whole, or cut with
    "…") that fit in `width` pixels: the memory plot's words beside a short axis."""
    font = QFont(font)
    metrics = QFontMetricsF(font)
    needed = metrics.horizontalAdvance(text)
    if needed <= width:
        return font, text
    if font.pointSizeF() > 0:  # (a font sized in pixels is only cut short)
        # text scales about as its font, not exactly (hinting): from the proportional size down
        points = max(SMALLEST_POINTS, font.pointSizeF() * width / needed)
        while True:
            font.setPointSizeF(points)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(text) <= width or points == SMALLEST_POINTS:
                break
            points = max(SMALLEST_POINTS, points - 0.25)
    return font, metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class Plot:
    """A plot: its title over a view between a value axis (left) and an x axis (below). It holds
    what to draw in data units; its widget places it (`view`, in the widget's pixels) and paints it."""

    def __init__(self):
        self.title = ""  # rich text: a bold first line, a legend under it
        self.tip = ""  # the view's tooltip
        self.axis_label = ""  # beside the value axis (the memory plot's words)
        self.x_range = (-0.5, 1.5)
        self.y_range = (-1.05, 1.05)
        self.y_ticks: list[tuple[float, str]] = []
        self.x_ticks: list[tuple[float, str]] = []  # labels of one or more lines
        self.curves: list[Curve] = []
        self.levels: list[float] = []  # dotted lines across the view at these values
        self.column: int | None = None
        self.view = QRectF()  # in its widget's pixels, set when the widget lays its plots out

    @property
    def left_width(self) -> float:
        return LEFT_AXIS_WIDTH + (AXIS_LABEL_WIDTH if self.axis_label else 0)

    def isVisible(self) -> bool:
        return self.column is not None

    def setXRange(self, low: float, high: float) -> None:
        self.x_range = (float(low), float(high))

    def setYRange(self, low: float, high: float) -> None:
        self.y_range = (float(low), float(high))

    def set_title(self, title: str, note: str = "") -> None:
        soft = html("soft")
        text = f"<b>{title}</b>" + (f"<br><span style='font-size:8pt; color:{soft}'>{note}</span>" if note else "")
        self.title = f"<span style='color:{html('text')}'>{text}</span>"

    # -- between steps and values and pixels ------------------------------------------------------
    def to_pixel(self, x: float, y: float) -> QPointF:
        (x0, x1), (y0, y1), view = self.x_range, self.y_range, self.view
        return QPointF(view.left() + (x - x0) / (x1 - x0) * view.width(),
                       view.bottom() - (y - y0) / (y1 - y0) * view.height())  # fmt: skip

    def from_pixel(self, point: QPointF) -> tuple[float, float]:
        (x0, x1), (y0, y1), view = self.x_range, self.y_range, self.view
        width, height = max(view.width(), 1e-9), max(view.height(), 1e-9)
        return (x0 + (point.x() - view.left()) / width * (x1 - x0),
                y0 + (view.bottom() - point.y()) / height * (y1 - y0))  # fmt: skip

    def _pixels(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        (x0, x1), (y0, y1), view = self.x_range, self.y_range, self.view
        px = view.left() + (x - x0) / (x1 - x0) * view.width()
        with np.errstate(all="ignore"):
            py = view.bottom() - (y - y0) / (y1 - y0) * view.height()
        # far off the view either way: Qt draws the line's visible part the same, without overflowing
        return px, np.clip(py, view.top() - 1e5, view.bottom() + 1e5)

    def tick_boxes(self, metrics: QFontMetricsF) -> list[tuple[QRectF, str]]:
        """Where each label of the x axis is painted: centred under its value, below the view."""
        boxes = []
        for step, text in self.x_ticks:
            width = label_width(metrics, text)
            x = self.to_pixel(step, 0.0).x()
            height = label_height(metrics, text)
            boxes.append((QRectF(x - width / 2, self.view.bottom() + TICK_LENGTH + LABEL_GAP, width, height), text))
        return boxes

    # -- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, fonts: Fonts) -> None:
        view, axis = self.view, QColor(WIRE)
        grid = QColor(axis)
        grid.setAlpha(50)
        painter.setFont(fonts.ticks)
        ticks = [(self.to_pixel(0.0, value).y(), text) for value, text in self.y_ticks]
        ticks = [(y, text) for y, text in ticks if view.top() - 0.5 <= y <= view.bottom() + 0.5]
        room = fonts.tick_metrics.height() + 2  # a short plot labels fewer values than a tall one
        for k in spaced([y for y, _ in ticks], room):  # grid lines and labelled ticks of the value axis
            y, text = ticks[k]
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(view.left(), y), QPointF(view.right(), y))
            painter.setPen(QPen(axis, 1))
            painter.drawLine(QPointF(view.left() - TICK_LENGTH, y), QPointF(view.left(), y))
            box = QRectF(view.left() - LEFT_AXIS_WIDTH, y - 10, LEFT_AXIS_WIDTH - TICK_LENGTH - 3, 20)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        for step, _ in self.x_ticks:
            x = self.to_pixel(step, 0.0).x()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, view.top()), QPointF(x, view.bottom()))
            painter.setPen(QPen(axis, 1))
            painter.drawLine(QPointF(x, view.bottom()), QPointF(x, view.bottom() + TICK_LENGTH))
        painter.setPen(QPen(axis, 1))
        for box, text in self.tick_boxes(fonts.tick_metrics):
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.drawLine(view.bottomLeft(), view.bottomRight())
        painter.drawLine(view.topLeft(), view.bottomLeft())
        if self.axis_label:
            font, text = fitted(fonts.small, self.axis_label, view.height())
            painter.save()
            painter.setFont(font)
            painter.setPen(QColor(html("soft")))
            painter.translate(view.left() - self.left_width, view.bottom())
            painter.rotate(-90)
            box = QRectF(0, 0, view.height(), AXIS_LABEL_WIDTH)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
        painter.save()
        painter.setClipRect(view)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_view(painter)
        painter.restore()
        self.paint_title(painter, fonts)

    def paint_title(self, painter: QPainter, fonts: Fonts) -> None:
        if not self.title:
            return
        text = fonts.title(self.title)
        column = QRectF(self.view.left() - self.left_width, TITLE_TOP, self.view.width() + self.left_width,
                        self.view.top() - TITLE_TOP)  # fmt: skip
        painter.save()
        painter.setClipRect(column)  # a long title is cut at its plot's edges, not run over the next
        painter.setFont(fonts.heading)
        left = column.left() + max((column.width() - text.size().width()) / 2, 0.0)
        painter.drawStaticText(QPointF(left, TITLE_TOP), text)
        painter.restore()

    def paint_view(self, painter: QPainter) -> None:
        if self.levels:
            pen = QPen(SATURATED, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            for level in self.levels:
                y = self.to_pixel(0.0, level).y()
                painter.drawLine(QPointF(self.view.left(), y), QPointF(self.view.right(), y))
        for curve in self.curves:
            self.paint_curve(painter, curve)

    def paint_curve(self, painter: QPainter, curve: Curve) -> None:
        if not len(curve.x):
            return
        pen = QPen(curve.color, curve.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)  # (round joins would double the time a line takes)
        if curve.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        px, py = self._pixels(curve.x, curve.y)
        finite = np.isfinite(curve.y)
        # a polyline per run of finite values: NaN (after an overflow) leaves a gap in the line
        edges = np.flatnonzero(np.diff(np.concatenate(([False], finite, [False])).astype(np.int8)))
        for start, stop in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            xs, ys = envelope(px[start:stop], py[start:stop])
            # soft edges while the line has room between its points; a dense one covers its pixels
            # either way, and antialiasing it took ten times as long
            soft = curve.always_soft or len(xs) <= self.view.width() / 2
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, soft)
            if len(xs) == 1:
                painter.drawPoint(QPointF(xs[0], ys[0]))
                continue
            # in pieces: Qt strokes a long polyline in time that grows much faster than its
            # length (a thousand steps took half a second a line)
            travelled = 0.0
            for first in range(0, len(xs) - 1, PIECE):
                piece = slice(first, first + PIECE + 1)  # each piece starts where the last ended
                if curve.dashed:  # the dashes go on where the last piece left them
                    pen.setDashOffset(travelled / curve.width)
                    painter.setPen(pen)
                    travelled += float(np.hypot(np.diff(xs[piece]), np.diff(ys[piece])).sum())
                painter.drawPolyline([QPointF(a, b) for a, b in zip(xs[piece], ys[piece], strict=True)])


PIECE = 32  # line segments per polyline drawn


def envelope(px: np.ndarray, py: np.ndarray) -> tuple[list[float], list[float]]:
    """The points to draw a line through (px, py) (px rising): all of them while there are at
    most two per pixel column; with more, per column its lowest and highest, in the order the
    line passes them (rising: lowest first), which draw the same pixels (a thousand steps on a
    200-pixel plot)."""
    if len(px) <= 2 * (px[-1] - px[0] + 1):
        return px.tolist(), py.tolist()
    column = np.floor(px).astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], column[1:] != column[:-1])))
    ends = np.concatenate((starts[1:], [len(px)])) - 1
    low, high = np.minimum.reduceat(py, starts), np.maximum.reduceat(py, starts)
    rising = py[ends] <= py[starts]  # pixels: y grows downwards, so a rising line's y falls
    ys = np.empty(2 * len(starts))
    ys[0::2], ys[1::2] = np.where(rising, high, low), np.where(rising, low, high)
    xs = np.empty(2 * len(starts))
    xs[0::2], xs[1::2] = px[starts], px[ends]
    return xs.tolist(), ys.tolist()


def label_height(metrics: QFontMetricsF, text: str) -> float:
    """The height of a label of one or more lines as drawn: a CJK token, drawn in a fallback
    font, stands taller than the tick font's own line."""
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    return metrics.boundingRect(QRectF(0, 0, 1e6, 1e6), flags, text).height()


def label_width(metrics: QFontMetricsF, text: str) -> float:
    """The width of a step label: its widest line ("3" over "祖国")."""
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0.0)


class Fonts:
    """The fonts the plots are painted in, and the titles' laid-out texts (kept while unchanged)."""

    def __init__(self, base: QFont):
        self.ticks = QFont(base)
        self.tick_metrics = QFontMetricsF(self.ticks)
        self.heading = QFont(base)
        self.heading.setPointSizeF(9)
        self.small = QFont(base)
        self.small.setPointSizeF(8)
        self._titles: dict[str, QStaticText] = {}
        self._heights: dict[str, float] = {}  # of x axis labels

    def x_axis_height(self, labels: Iterable[str]) -> float:
        """The room under a view for its x axis: tick marks and the tallest of these labels."""
        tallest = 0.0
        for text in labels:
            height = self._heights.get(text)
            if height is None:
                if len(self._heights) > 4096:
                    self._heights.clear()
                height = self._heights[text] = label_height(self.tick_metrics, text)
            tallest = max(tallest, height)
        return TICK_LENGTH + LABEL_GAP + tallest + 1

    def title(self, text: str) -> QStaticText:
        static = self._titles.get(text)
        if static is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.RichText)
            static.prepare(QTransform(), self.heading)
            if len(self._titles) > 64:
                self._titles.clear()
            self._titles[text] = static
        return static


def picture_of(plots: Iterable[Plot], size: QSize, ratio: float, fonts: Fonts) -> QPixmap:
    """The plots painted on paper into a picture of a widget's size, at its screen's pixel density:
    what the widget copies from until the plots change."""
    picture = QPixmap((QSizeF(size) * ratio).toSize())
    picture.setDevicePixelRatio(ratio)
    picture.fill(PAPER)
    painter = QPainter(picture)
    for plot in plots:
        plot.paint(painter, fonts)
    painter.end()
    return picture
