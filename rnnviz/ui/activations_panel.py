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

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont

from ..core.cells import sigmoid
from ..core.equations import SATURATION, ActivationPoint, activation_points, gate_activations
from ..core.models import SPECS, Position, visible
from .colors import PAPER, SATURATED, WIRE, html
from .errors import guarded
from .i18n import Retranslating, core_text
from .lazy import ShownLazily
from .timeline import MODEL_COLORS

CONTEXT = "ActivationsPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)

X_LIMIT = 12.0  # the widest x range drawn; a pre-activation beyond it sits at the edge
MAX_LABELS = 4  # units per gate labelled; with more, only the selected unit's points are
LABEL_POINTS = 7


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


class ActivationsPanel(Retranslating, ShownLazily, pg.GraphicsLayoutWidget):
    """The σ and tanh curves with the current step's points; hidden, it waits until shown (and
    makes its plots then)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(PAPER)
        self.setAccessibleName(_tr("Activation curves"))
        self.points: list[ActivationPoint] = []
        self.labels: list[pg.TextItem] = []  # the labels shown now
        self._pool: dict[str, list[pg.TextItem]] = {"σ": [], "tanh": []}  # every label made, shown or hidden
        self._pens = self._brushes = {}
        self._make_pens()
        self._label_font = QFont(self.font())
        self._label_font.setPointSize(LABEL_POINTS)
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: list[pg.PlotDataItem] = []  # σ and tanh
        self.ends: list[pg.InfiniteLine] = []  # the dotted lines at the flat ends
        self.scatters: dict[str, pg.ScatterPlotItem] = {}
        self.note = None

    def _build(self) -> None:
        """The two plots, made when the panel is first drawn: it starts behind another tab, and its
        plots cost a twentieth of the window's start-up."""
        x = np.linspace(-X_LIMIT, X_LIMIT, 481)
        curves = (("σ", sigmoid(x), (SATURATION, 1 - SATURATION)),
                  ("tanh", np.tanh(x), (-1 + SATURATION, 1 - SATURATION)))  # fmt: skip
        for column, (activation, y, ends) in enumerate(curves):
            plot = self.addPlot(row=0, col=column)
            plot.setTitle(f"{activation}(x)", size="9pt")
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.showGrid(x=True, y=True, alpha=0.15)
            self.curves.append(plot.plot(x, y, pen=pg.mkPen(WIRE, width=2)))
            for level in ends:  # the flat ends: within 1 % of the range's ends
                line = pg.InfiniteLine(level, angle=0, pen=pg.mkPen(SATURATED, width=1, style=Qt.PenStyle.DotLine))
                plot.addItem(line)
                self.ends.append(line)
            plot.setXRange(-6, 6, padding=0.02)
            scatter = pg.ScatterPlotItem(size=9, symbol="o")
            plot.addItem(scatter)
            self.plots[activation], self.scatters[activation] = plot, scatter
        self.note = self.addLabel("", row=1, col=0, colspan=2, size="8pt", color=html("faint"))
        self.note.setMaximumWidth(10_000)  # the label must not widen the layout past the dock

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.note is None and not self._behind:  # in front: drawn from now on, lesson or not
            self._build()

    def refresh(self, position: Position) -> None:
        if self.note is None:
            self._build()
        session = self.session
        self.points = shown_points(session, position)
        self.labels = []
        selected = session.selected_unit
        for activation, scatter in self.scatters.items():
            points = [p for p in self.points if p.activation == activation]
            xs = np.clip([p.pre for p in points], -X_LIMIT, X_LIMIT).tolist()
            ys = [p.value for p in points]
            pens = [self._pens[p.saturated] for p in points]
            brushes = [self._brushes[p.model] for p in points]
            scatter.setData(xs, ys, pen=pens, brush=brushes, size=[13 if p.saturated else 10 for p in points],
                            symbol="o")  # fmt: skip
            pool = self._pool[activation]  # labels are kept and reused: making them cost more than the rest
            used = 0
            for p, x in zip(points, xs, strict=True):
                labelled = (session.lesson.hidden_size <= MAX_LABELS and selected is None) or p.unit == selected
                if not labelled:
                    continue
                if used == len(pool):
                    label = pg.TextItem("", anchor=(0, 1))
                    label.setFont(self._label_font)
                    self.plots[activation].addItem(label)
                    pool.append(label)
                label = pool[used]
                used += 1
                label.setText(f"{p.label}{' ⚠' if p.saturated else ''}", color=SATURATED if p.saturated
                              else MODEL_COLORS[p.model])  # fmt: skip
                label.setAnchor((1, 1) if x > 0 else (0, 1))
                label.setPos(x, p.value)
                label.setVisible(True)
                self.labels.append(label)
            for label in pool[used:]:
                label.setVisible(False)
            extent = max([6.0] + [min(abs(p.pre) * 1.1, X_LIMIT) for p in points])
            self.plots[activation].setXRange(-extent, extent, padding=0.02)
        gated = [m for m in session.shown_models if gate_activations(m, session.lesson.models[m].nonlinearity)]
        titles = [f"<span style='color:{MODEL_COLORS[m]}'>{core_text(SPECS[m].title)}</span>" for m in gated]
        where = _tr("t = {0}").format(position.step) if position.step else _tr("t = 0: no gates yet")
        count = sum(p.saturated for p in self.points)
        legend = _tr("dotted: the flat ends, within 0.01 of an end<br>(gradient below 0.01 for σ, 0.02 for tanh); "
                     "ringed: {0} saturated").format(count)  # fmt: skip  # short lines: the note sets the panel's width
        self.note.setText(f"{where} · {' · '.join(titles)}<br>{legend}")

    # -- the language ----------------------------------------------------------------------------
    @guarded("translating the activation curves")
    def retranslate(self) -> None:
        """Every text again in the language now in force (at once if shown, else when shown)."""
        self.setAccessibleName(_tr("Activation curves"))
        if self.session is not None:
            self.show_position(self.session, self.session.playhead.position)

    def _make_pens(self) -> None:
        """Rings (saturated or not) and model brushes, made once per theme rather than per point."""
        self._pens = {True: pg.mkPen(SATURATED, width=3), False: pg.mkPen(PAPER, width=1)}
        self._brushes = {model: pg.mkBrush(color) for model, color in MODEL_COLORS.items()}

    def apply_theme(self) -> None:
        """The colours of the theme in force (rnnviz.ui.colors.set_theme), then everything drawn again."""
        self._make_pens()
        self.setBackground(PAPER)
        if self.note is None:
            return  # not drawn yet: it will be, in these colours
        for curve in self.curves:
            curve.setPen(pg.mkPen(WIRE, width=2))
        for line in self.ends:
            line.setPen(pg.mkPen(SATURATED, width=1, style=Qt.PenStyle.DotLine))
        self.note.setAttr("color", html("faint"))  # the points and the note's text: when next shown

    # -- what tests read -------------------------------------------------------------------------
    def drawn(self) -> list[tuple[str, float, float, bool]]:
        """(activation, x, y, saturated) of every point drawn."""
        out = []
        for activation, scatter in self.scatters.items():
            for spot in scatter.points():
                pos = spot.pos()
                out.append((activation, pos.x(), pos.y(), spot.size() > 10))
        return out

    def label_texts(self) -> list[str]:
        return [label.textItem.toPlainText() for label in self.labels]
