"""Activation curves: σ and tanh, with the current step's pre-activations of every gate on them.

A view of the session like the others. Each unit of each gate the current phase has computed
is a labelled point on the curve its pre-activation passes through ("f0": the forget gate of
unit 0), in its model's colour. Points in the flat ends — within 1 % of 0 or 1 (σ) or of ±1
(tanh), where the gradient is below 0.01 — are ringed in the ink colour (black, or white in the
dark theme; not red: the SimpleRNN is drawn in red): the gate is shut or wide open, and almost
nothing flows back through it. The numbers and the rule come from :mod:`rnnviz.core.equations`
(``activation_points``, ``saturated``), the same rule the canvas marks saturated cells with (a
corner in the same colour).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText, QTransform
from PySide6.QtWidgets import QWidget

from ..core.cells import sigmoid
from ..core.equations import SATURATION, ActivationPoint, activation_points, gate_activations
from ..core.models import SPECS, Position, visible
from .colors import PAPER, SATURATED, WIRE, html
from .errors import guarded
from .i18n import Retranslating, core_text
from .lazy import ShownLazily
from .plotting import TITLE_TOP, Curve, Fonts, Plot, columns, nice_ticks, picture_of
from .timeline import MODEL_COLORS

CONTEXT = "ActivationsPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)

X_LIMIT = 12.0  # the widest x range drawn; a pre-activation beyond it sits at the edge
MAX_LABELS = 4  # units per gate labelled; with more, only the selected unit's points are
LABEL_POINTS = 7
NOTE_GAP = 4.0  # pixels around the note and under the titles


def shown_points(session, position: Position) -> list[ActivationPoint]:
    """The points the panel draws at a position: every unit of every gate the shown models have
    computed by then (all of them on the backward pass), none at t = 0."""
    if position.step == 0:
        return []
    points = []
    for model, trace in session.shown_traces().items():
        reached = {q for q, v in visible(trace, position).items() if v is not None}
        nonlinearity = session.lesson.models[model].nonlinearity
        points += activation_points(trace, position.step, reached, nonlinearity)
    return points


class _CurvePlot(Plot):
    """σ or tanh with the points on it: a dot per unit of each gate, ringed when saturated, and
    (for a few units, or the selected one) a label beside it."""

    def __init__(self, activation: str):
        super().__init__()
        self.activation = activation
        self.spots: list[tuple[float, float, bool, str]] = []  # (x, y, saturated, model)
        self.labels: list[Label] = []
        self.label_font = QFont()

    def paint_points(self, painter: QPainter) -> None:
        """The step's points, over the curves (which the panel keeps painted in a picture)."""
        rings = {True: QPen(SATURATED, 3), False: QPen(PAPER, 1)}
        painter.save()
        painter.setClipRect(self.view)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for x, y, saturated, model in self.spots:
            painter.setPen(rings[saturated])
            painter.setBrush(QColor(MODEL_COLORS[model]))
            radius = (13 if saturated else 10) / 2
            painter.drawEllipse(self.to_pixel(x, y), radius, radius)
        painter.restore()
        self.paint_labels(painter)  # over the view's edges too: "f0 ⚠" at σ = 1 is not cut in half

    def paint_labels(self, painter: QPainter) -> None:
        if not self.labels:
            return
        painter.setFont(self.label_font)
        metrics = QFontMetricsF(self.label_font)
        for label in self.labels:
            painter.setPen(label.color)
            point = self.to_pixel(label.x, label.y)
            width = metrics.horizontalAdvance(label.text)
            left = point.x() - width if label.right_of_text else point.x()  # beside the point, towards the middle
            painter.drawText(QPointF(left, point.y() - metrics.descent()), label.text)


class Label:
    """A point's label: its text at (x, y), ending there (right_of_text) or starting there."""

    __slots__ = ("text", "x", "y", "color", "right_of_text")

    def __init__(self, text: str, x: float, y: float, color: QColor, right_of_text: bool):
        self.text, self.x, self.y, self.color, self.right_of_text = text, x, y, QColor(color), right_of_text


class ActivationsPanel(Retranslating, ShownLazily, QWidget):
    """The σ and tanh curves with the current step's points, side by side over a note; hidden,
    it waits until shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(_tr("Activation curves"))
        self.points: list[ActivationPoint] = []
        self.labels: list[Label] = []  # the labels shown now
        self._fonts = Fonts(self.font())
        label_font = QFont(self.font())
        label_font.setPointSize(LABEL_POINTS)
        x = np.linspace(-X_LIMIT, X_LIMIT, 481)
        self.plots: dict[str, _CurvePlot] = {}
        self.curves: list[Curve] = []  # σ and tanh
        for column, (activation, y, ends, values) in enumerate((
                # room above and below the curves for a label over a point at an end
                ("σ", sigmoid(x), (SATURATION, 1 - SATURATION), (-0.12, 1.15)),
                ("tanh", np.tanh(x), (-1 + SATURATION, 1 - SATURATION), (-1.25, 1.25)))):  # fmt: skip
            plot = _CurvePlot(activation)
            plot.label_font = label_font
            plot.column = column
            curve = Curve(WIRE, width=2, always_soft=True)
            curve.set_data(x, y)
            plot.curves = [curve]
            plot.levels = list(ends)  # the flat ends: within 1 % of the range's ends
            plot.setYRange(*values)
            plot.y_ticks = nice_ticks(*values)
            self._set_x_range(plot, 6.0)
            self.plots[activation] = plot
            self.curves.append(curve)
        self._set_titles()
        self.note = ""  # rich text under the plots: the step, the models, how to read the marks
        self.note_top = 0.0  # where place() put it
        self._curves: tuple | None = None  # (what it was painted for, a picture of the plots without points)
        self._note: tuple | None = None  # ((note, width, fonts), the note laid out)

    def _set_titles(self) -> None:
        for activation, plot in self.plots.items():
            plot.title = f"<span style='color:{html('text')}'>{activation}(x)</span>"

    def _set_x_range(self, plot: Plot, extent: float) -> None:
        low, high = -extent * 1.02, extent * 1.02  # a little room for the outermost points
        plot.setXRange(low, high)
        plot.x_ticks = nice_ticks(low, high)

    def refresh(self, position: Position) -> None:
        session = self.session
        self.points = shown_points(session, position)
        self.labels = []
        selected = session.selected_unit
        for activation, plot in self.plots.items():
            # a NaN (after an overflow) has no place on a curve; ±inf sits at an end
            points = [p for p in self.points if p.activation == activation and not math.isnan(p.pre)
                      and math.isfinite(p.value)]  # fmt: skip
            xs = np.clip([p.pre for p in points], -X_LIMIT, X_LIMIT).tolist()
            plot.spots = [(x, p.value, p.saturated, p.model) for p, x in zip(points, xs, strict=True)]
            plot.labels = [
                Label(f"{p.label}{' ⚠' if p.saturated else ''}", x, p.value,
                      SATURATED if p.saturated else QColor(MODEL_COLORS[p.model]), right_of_text=x > 0)
                for p, x in zip(points, xs, strict=True)
                if (session.lesson.hidden_size <= MAX_LABELS and selected is None) or p.unit == selected
            ]  # fmt: skip
            self.labels += plot.labels
            self._set_x_range(plot, max([6.0] + [min(abs(p.pre) * 1.1, X_LIMIT) for p in points]))
        gated = [m for m in session.shown_models if gate_activations(m, session.lesson.models[m].nonlinearity)]
        titles = [f"<span style='color:{MODEL_COLORS[m]}'>{core_text(SPECS[m].title)}</span>" for m in gated]
        where = _tr("t = {0}").format(position.step) if position.step else _tr("t = 0: no gates yet")
        count = sum(p.saturated for p in self.points)
        legend = _tr("dotted: the flat ends, within 0.01 of an end<br>(gradient below 0.01 for σ, 0.02 for tanh); "
                     "ringed: {0} saturated").format(count)  # fmt: skip  # short lines: the note sets the panel's width
        self.note = f"<span style='color:{html('faint')}'>{where} · {' · '.join(titles)}<br>{legend}</span>"
        self.update()

    # -- painting ------------------------------------------------------------------------------
    def _note_text(self) -> QStaticText | None:
        """The note laid out at the panel's width: again only when it, the width or the font changed
        (every paint places the plots over it)."""
        if not self.note:
            return None
        key = (self.note, max(self.width() - 2 * NOTE_GAP, 10), self._fonts)
        if self._note is None or self._note[0] != key:
            text = QStaticText(self.note)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setTextWidth(key[1])
            text.prepare(QTransform(), self._fonts.small)
            self._note = (key, text)
        return self._note[1]

    def place(self) -> QStaticText | None:
        """Lay the plots out over the note at the panel's size; returns the note's laid-out text
        (None before the first position is shown). The note's top is `note_top`."""
        note = self._note_text()
        self.note_top = self.height() - (note.size().height() + NOTE_GAP if note is not None else 0.0)
        title = max(self._fonts.title(plot.title).size().height() for plot in self.plots.values())
        top = TITLE_TOP + title + NOTE_GAP
        bottom = self.note_top - self._fonts.x_axis_height(["0"])  # numbers under the plots
        placed = columns(self.width(), [plot.left_width for plot in self.plots.values()])
        for plot, (left, width) in zip(self.plots.values(), placed, strict=True):
            plot.view = QRectF(left, top, width, max(bottom - top, 1.0))
        return note

    @guarded("drawing the activation curves")
    def paintEvent(self, event) -> None:
        note = self.place()
        ratio = self.devicePixelRatioF()
        # the curves, axes and titles change with the size and the x ranges only: a step paints
        # its points over a picture of them (painting the curves again took half of a step's time)
        key = (self.size(), ratio, tuple(plot.x_range for plot in self.plots.values()),
               tuple(plot.view for plot in self.plots.values()))  # fmt: skip
        if self._curves is None or self._curves[0] != key:
            self._curves = (key, picture_of(self.plots.values(), self.size(), ratio, self._fonts))
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._curves[1])
        for plot in self.plots.values():
            plot.paint_points(painter)
        if note is not None:
            painter.setFont(self._fonts.small)
            painter.drawStaticText(QPointF(NOTE_GAP, self.note_top), note)
        painter.end()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = Fonts(self.font())
            self._curves = None
        super().changeEvent(event)

    # -- the language ----------------------------------------------------------------------------
    @guarded("translating the activation curves")
    def retranslate(self) -> None:
        """Every text again in the language now in force (at once if shown, else when shown)."""
        self.setAccessibleName(_tr("Activation curves"))
        if self.session is not None:
            self.show_position(self.session, self.session.playhead.position)

    def apply_theme(self) -> None:
        """The colours of the theme in force (rnnviz.ui.colors.set_theme): the curves' now, the
        points and the note's when next shown."""
        for curve in self.curves:
            curve.color = QColor(WIRE)
        self._set_titles()
        self._curves = None
        self.update()

    # -- what tests read -------------------------------------------------------------------------
    def drawn(self) -> list[tuple[str, float, float, bool]]:
        """(activation, x, y, saturated) of every point drawn."""
        return [(activation, x, y, saturated) for activation, plot in self.plots.items()
                for x, y, saturated, _ in plot.spots]  # fmt: skip

    def label_texts(self) -> list[str]:
        return [label.text for label in self.labels]
