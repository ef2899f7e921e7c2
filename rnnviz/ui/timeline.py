"""The timeline: every state of every shown model over all steps, a cursor at the playhead, and the
memory plot (how much of the first token each state still carries); click a plot to jump there.

One plot per (shown model, state) from the model descriptions: SimpleRNN h(t), LSTM h(t), LSTM
C(t), GRU h(t). A plot draws a line per unit, or (View > Heatmap, the default above four units)
a units × time heatmap. Items are made once and updated with setData; a step moves the cursors only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFontMetrics, QPainter, QPen, QRegion
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from ..core.engine import Trace
from ..core.models import spec
from .colors import DIVERGING, PAPER, html, value_colors
from .errors import guarded
from .i18n import Retranslating, core_text

CONTEXT = "Timeline"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)

MAX_CURVES = 32  # more lines than this are a blur; the state panel has every unit
HEATMAP_ABOVE = 4  # units: above this many, lines tangle and the heatmap is the default
MODEL_COLORS = {"rnn": "#c0392b", "lstm": "#2471a3", "gru": "#1e8449"}
CURSOR_COLOR = "#e67e22"
LEFT_AXIS_WIDTH = 44  # wide enough for "10⁻¹²" and "-1.0", the same for every plot
TICK_GAP = 10  # pixels between two step labels

Key = tuple[str, str]  # (model, state)
#: Units' line colours (Tableau 10: distinct, and dark enough to read as text on white).
_UNIT_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf")  # fmt: skip


# -- Qt-free rules ------------------------------------------------------------------------------
def plot_keys(models: Sequence[str]) -> list[Key]:
    """The plots for these models: one per state of each, in the models' order."""
    return [(model, state) for model in models for state in spec(model).states]


def thin_ticks(label_widths: Sequence[float], pixels_per_step: float, gap: float = TICK_GAP) -> list[int]:
    """Which steps 0..T get a label: a regular stride wide enough for the widest label, and always
    the last step (where the lesson ends), dropping the regular label before it if they would touch."""
    T = len(label_widths) - 1
    if T < 0:
        return []
    if pixels_per_step <= 0 or not math.isfinite(pixels_per_step):
        return [T]
    stride = max(1, math.ceil((max(label_widths) + gap) / pixels_per_step))
    steps = list(range(0, T + 1, stride))
    if steps[-1] != T:
        last = steps[-1]
        if (T - last) * pixels_per_step < (label_widths[last] + label_widths[T]) / 2 + gap:
            steps.pop()
        steps.append(T)
    return steps


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """'1', '10', '10⁻³': a tick of a log₁₀ axis, read as the number it stands for."""
    if exponent == 0:
        return "1"
    if exponent == 1:
        return "10"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def power_ticks(low: float, high: float, most: int = 5) -> list[tuple[int, str]]:
    """Ticks at whole powers of ten between log₁₀ values low and high, at most `most` of them."""
    first, last = math.ceil(low), math.floor(high)
    every = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if (last - first) // k + 1 <= most or k == 1000)
    start = math.ceil(first / every) * every
    return [(e, power_of_ten(e)) for e in range(start, last + 1, every)]


def log_range(logs: np.ndarray) -> tuple[float, float]:
    """The y range of the memory plot: whole decades around the finite values, at least two of them."""
    finite = logs[np.isfinite(logs)]
    if not finite.size:
        return -2.0, 1.0
    low = math.floor(max(float(finite.min()), -30.0))  # below 10⁻³⁰ nothing of the token is left
    high = math.ceil(min(float(finite.max()), 400.0))
    low = min(low, high - 2)  # at least two decades: a flat line reads as flat, not as a cliff
    return low - 0.15, high + 0.15


# -- the plots -----------------------------------------------------------------------------------
class _Title(pg.LabelItem):
    """A plot's title that never asks for its text's width: the plots share the width equally,
    so a long title on a narrow timeline runs over its neighbour rather than pushing the last
    plot out of the window. (LabelItem resets its minimum width on every resize.)"""

    def updateMin(self) -> None:
        super().updateMin()
        self.setMinimumWidth(0)
        self.setPreferredWidth(0)
        for which in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[which] = (0, self._sizeHint[which][1])


class _Plot:
    """A title, a view and two axes: what PlotItem offers, without its option menus.

    PlotItem builds a settings form and context menus per plot, which cost more start-up time
    than the rest of the window; the timeline needs none of them. A plot is placed into the
    grid when shown and taken out when not: hidden items left in a QGraphicsGridLayout keep
    their rows and squash the others.
    """

    def __init__(self):
        self.title = _Title("", color=html("text"), size="10pt")
        self.vb = pg.ViewBox(enableMenu=False)
        self.vb.setMouseEnabled(x=False, y=False)
        self.vb.disableAutoRange()  # ranges are set explicitly; auto-ranging would measure every curve
        self.left = pg.AxisItem("left")
        self.left.setWidth(LEFT_AXIS_WIDTH)
        self.bottom = pg.AxisItem("bottom")
        self.bottom.setHeight(38)
        for axis in (self.left, self.bottom):
            axis.linkToView(self.vb)
            axis.setGrid(50)
            axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a log axis or a step number means nothing
            # a moving cursor touches the axes; redrawing their tick labels (CJK tokens included)
            # from a pixmap instead of from scratch keeps a step cheap
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.items = (self.title, self.left, self.vb, self.bottom)  # in the scene once placed in the grid
        self.step_labels: list[str] = []
        self._fitted: tuple | None = None  # ((labels, first step, view width), x range) of the last fit
        self.column: int | None = None

    def place(self, grid, column: int) -> None:
        grid.addItem(self.title, 0, 2 * column, 1, 2)
        grid.addItem(self.left, 1, 2 * column)
        grid.addItem(self.vb, 1, 2 * column + 1)
        grid.addItem(self.bottom, 2, 2 * column + 1)
        for item in self.items:
            item.setVisible(True)
        self.column = column

    def take_out(self, grid) -> None:
        for item in self.items:  # as pyqtgraph's GraphicsLayout.removeItem: out of the layout and the scene
            grid.removeItem(item)
            item.setVisible(False)
            item.setParentItem(None)
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.column = None

    def addItem(self, item) -> None:
        self.vb.addItem(item)

    def removeItem(self, item) -> None:
        self.vb.removeItem(item)

    def getAxis(self, name: str) -> pg.AxisItem:
        return self.left if name == "left" else self.bottom

    def isVisible(self) -> bool:
        return self.column is not None

    def sceneBoundingRect(self):
        return self.vb.sceneBoundingRect()

    def setXRange(self, low: float, high: float, padding: float = 0.0) -> None:
        self.vb.setXRange(low, high, padding=padding)

    def setYRange(self, low: float, high: float, padding: float = 0.0) -> None:
        self.vb.setYRange(low, high, padding=padding)

    def set_title(self, title: str, note: str = "") -> None:
        soft = html("soft")
        text = f"<b>{title}</b>" + (f"<br><span style='font-size:8pt; color:{soft}'>{note}</span>" if note else "")
        self.title.setText(text, color=html("text"), size="9pt")

    def fit_steps(self, labels: list[str], first: int = 0) -> None:
        """X range and step labels for steps first..T at the view's current width: the outer
        labels get room inside the axis, and labels are thinned so that none overlap."""
        width = max(self.vb.width(), 1.0)
        key = (tuple(labels), first, width)
        if self._fitted is not None and self._fitted[0] == key and list(self.vb.viewRange()[0]) == self._fitted[1]:
            return  # an edit that changed no token, no width and no range: the ticks stand
        self.step_labels = labels
        T = first + len(labels) - 1
        metrics = QFontMetrics(self.bottom.style["tickFont"] or self.bottom.font())
        widths = [max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0) for text in labels]
        span = max(T - first, 1)
        # room for half of the first and of the last label beyond the first and last steps
        left, right = widths[0] / 2 + 3, widths[-1] / 2 + 3
        pixels_per_step = max((width - left - right) / span, 1e-3)
        low = first - max(left / pixels_per_step, 0.35)
        high = T + max(right / pixels_per_step, 0.35)
        self.vb.setXRange(low, high, padding=0)
        self._fitted = (key, list(self.vb.viewRange()[0]))
        steps = thin_ticks(widths, width / (high - low))
        self.bottom.setTicks([[(first + k, labels[k]) for k in steps], []])


CLICK_REACH = 8.0  # pixels: a click this near a unit's line at its step selects the unit


def _diverging_lut() -> np.ndarray:
    colors = value_colors(np.linspace(-1.0, 1.0, 256), DIVERGING)
    return np.array([(c.red(), c.green(), c.blue(), 255) for c in colors], dtype=np.ubyte)


class _StatePlot(_Plot):
    """One state of one model: a line per unit (with dots for short lessons) or a heatmap."""

    def __init__(self, key: Key):
        super().__init__()
        self.key = key
        self.curves: list[pg.PlotCurveItem] = []
        self.dots = pg.ScatterPlotItem()
        self.dots.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.addItem(self.dots)
        self.image = pg.ImageItem(axisOrder="col-major")  # image[step, unit]: steps along x
        self.image.setLookupTable(_diverging_lut())
        self.image.setLevels((-1.0, 1.0))  # the state panel's colour scale
        self.addItem(self.image)
        self.image.setZValue(-1)
        self.selected: int | None = None
        self.colors: list = []
        self.data: np.ndarray | None = None  # what show() drew: (T+1, H)
        self.retranslate()

    def retranslate(self) -> None:
        """The tooltip in the language now in force (the title is set with the data)."""
        model, state = self.key
        if state == "h":
            tip = _tr("{0} hidden state h(t) of every unit at every timestep; click to jump to a step")
        else:
            tip = _tr("{0} cell state C(t) of every unit at every timestep; click to jump to a step")
        self.vb.setToolTip(tip.format(core_text(spec(model).title)))

    def show(self, data: np.ndarray, heatmap: bool) -> None:
        """data: (T+1, H) rows of the state from the initial one on."""
        steps = np.arange(data.shape[0], dtype=float)
        H = data.shape[1]
        plottable = self.data = _plottable(data)
        self.image.setVisible(heatmap)
        self.dots.setVisible(False)
        if heatmap:
            self._set_curves(0)
            self.image.setImage(plottable, autoLevels=False, levels=(-1.0, 1.0))
            self.image.setRect(QRectF(-0.5, -0.5, data.shape[0], H))
            self.vb.setYRange(-0.5, H - 0.5, padding=0)
            every = max(1, math.ceil(H / 8))
            self.left.setTicks([[(k, _tr("u{0}").format(k)) for k in range(0, H, every)], []])
            return
        self.image.clear()
        units = min(H, MAX_CURVES)
        self._set_curves(units)
        for k, curve in enumerate(self.curves):
            curve.setData(steps, plottable[:, k], connect="finite")  # NaN after an overflow: a gap in the line
        if units * data.shape[0] <= 200:  # dots help with a few short curves; with many they cost more than they show
            xs, ys = np.tile(steps, units), plottable[:, :units].T.ravel()
            brushes = [pg.mkBrush(color) for color in self.colors for _ in steps]
            keep = np.isfinite(ys)
            self.dots.setData(xs[keep], ys[keep], brush=[b for b, k in zip(brushes, keep.tolist(), strict=True) if k],
                              size=6, pen=None)  # fmt: skip
            self.dots.setVisible(True)
        finite = np.abs(data[np.isfinite(data)])
        peak = float(finite.max()) if finite.size else 1.0
        limit = max(1.05, min(peak * 1.05, 1e6))  # beyond a million the curves run off the plot
        self.vb.setYRange(-limit, limit, padding=0)
        self.left.setTicks([[(v, f"{v:g}") for v in (-1, 0, 1)], [(v, f"{v:g}") for v in (-0.5, 0.5)]]
                           if limit <= 1.05 else None)  # fmt: skip

    def _set_curves(self, units: int) -> None:
        if len(self.curves) == units:
            return
        for curve in self.curves:
            self.removeItem(curve)
        self.curves.clear()
        self.colors = [pg.mkColor(_UNIT_COLORS[k]) if k < len(_UNIT_COLORS)
                       else pg.intColor(k, hues=units, minValue=150) for k in range(units)]  # fmt: skip
        for color in self.colors:
            curve = pg.PlotCurveItem(pen=pg.mkPen(color, width=2))
            curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # cursor moves blit it
            self.addItem(curve)
            self.curves.append(curve)
        self.selected = None

    def legend(self, H: int, heatmap: bool) -> str:
        """The second line of the title: the unit colours, or how to read the heatmap."""
        if heatmap:
            return _tr("units × time: <span style='color:#2166ac'>■ −1</span> … "
                       "<span style='color:#b2182b'>■ +1</span>")  # fmt: skip
        shown = " ".join(f"<span style='color:{color.name()}'>{_tr('u{0}').format(k)}</span>"
                         for k, color in enumerate(self.colors))  # fmt: skip
        return _tr("{0} (first {1} of {2})").format(shown, MAX_CURVES, H) if H > MAX_CURVES else shown

    def unit_at(self, scene_pos: QPointF, reach: float = CLICK_REACH) -> int | None:
        """The unit whose line passes within `reach` pixels of a click at its timestep (or whose
        row of the heatmap was clicked); None when no line is that near."""
        if self.data is None:
            return None
        point = self.vb.mapSceneToView(scene_pos)
        step = int(round(point.x()))
        if not (np.isfinite(point.x()) and np.isfinite(point.y())) or not 0 <= step < self.data.shape[0]:
            return None
        if self.image.isVisible():  # the heatmap: a row per unit
            unit = int(round(point.y()))
            return unit if 0 <= unit < self.data.shape[1] else None
        best, best_distance = None, reach
        for k in range(len(self.curves)):
            value = self.data[step, k]
            if not np.isfinite(value):
                continue
            on_line = self.vb.mapViewToScene(QPointF(step, float(value)))
            distance = float(np.hypot(on_line.x() - scene_pos.x(), on_line.y() - scene_pos.y()))
            if distance <= best_distance:
                best, best_distance = k, distance
        return best

    def select(self, unit: int | None) -> None:
        """Draw the selected unit's line thicker (cheap: two pens at most change)."""
        if unit == self.selected:
            return
        for k in (self.selected, unit):
            if k is not None and k < len(self.curves):
                self.curves[k].setPen(pg.mkPen(self.colors[k], width=4 if k == unit else 2))
        self.selected = unit


class Timeline(Retranslating, pg.GraphicsLayoutWidget):
    """A plot per state of each shown model, plus the memory plot; curves are created when the
    lesson's shape changes and only get setData() otherwise."""

    sig_step_clicked = Signal(int)
    """The user clicked on the timeline at this timestep."""
    sig_token_followed = Signal(int)
    """The user double-clicked the memory plot at this step: follow its token."""
    sig_unit_clicked = Signal(int)
    """The user clicked on a unit's line (or its row of the heatmap): select that unit."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(PAPER)
        # thin cursors move each step: redraw their strips, not the bounding box of all of them
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.heatmap_action = QAction(self)
        self.heatmap_action.setCheckable(True)
        self.heatmap_action.setObjectName("heatmap")
        self.heatmap_action.toggled.connect(self._on_heatmap_toggled)
        self.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.plots: dict[Key, _StatePlot] = {}
        self.memory = _Plot()
        self._memory_title: tuple[str, int, dict[str, list[str]]] | None = None  # (token, step, states shown)
        self.memory_curves: dict[str, pg.PlotCurveItem] = {}
        for model in MODEL_COLORS:
            for state in spec(model).states:
                style = Qt.PenStyle.DashLine if state == "c" else Qt.PenStyle.SolidLine
                key = model if state == "h" else f"{model}.{state}"
                curve = pg.PlotCurveItem(pen=pg.mkPen(MODEL_COLORS[model], width=3, style=style))
                self.memory_curves[key] = curve
                self.memory.addItem(curve)
        self._memory_shown = False
        self.memory_steps = np.empty(0)  # x of the memory curves: steps 1..T (at most MEMORY_STEPS)
        self._order: list[_Plot] = []
        self._traces: dict[str, Trace] = {}
        self._units: int | None = None
        self.step = 0.0  # where the cursors stand: drawn over the plots by drawForeground
        # the plots without their cursors, as last painted: a step repaints the cursors' strips from it
        self.snapshot = None
        self._moved = QRegion()  # the strips the cursors' last move asked to repaint, until painted
        self._lines: list[tuple[float, float, float]] = []  # cursor_lines() at the last move
        self._bare = False  # painting the snapshot: no cursors
        self.scene().sigMouseClicked.connect(self._on_click)
        self._set_texts()

    # -- the language ----------------------------------------------------------------------------
    def _set_texts(self) -> None:
        """The fixed texts: the accessible name, the tooltips and the heatmap action."""
        self.setAccessibleName(_tr("Timeline"))
        self.setToolTip(_tr("Every state of the shown models at every timestep; click a plot to jump there"))
        self.heatmap_action.setText(_tr("&Heatmap of units"))
        self.heatmap_action.setStatusTip(_tr("Show each state as a units × time heatmap instead of a line per unit"))
        self.memory.vb.setToolTip(_tr(
            "Memory of one token (View > Memory plot follows, or double-click a step here): how far each "
            "state moves when that token's embedding x(k) is nudged, ‖∂h(t)/∂x(k)‖ (and ‖∂C(t)/∂x(k)‖ "
            "for the LSTM's cell state), on a log scale. A line falling by one grid line has forgotten "
            "nine tenths more; a SimpleRNN's usually falls fast (vanishing gradient), an LSTM's cell "
            "state holds on."))  # fmt: skip

    @guarded("translating the timeline")
    def retranslate(self) -> None:
        """Every text again in the language now in force: the fixed ones, the plots' tooltips, titles
        and unit labels, and the memory plot's title and axis."""
        self._set_texts()
        for plot in self.plots.values():
            plot.retranslate()
        if self._traces:
            self.set_traces(self._traces)
        if self._memory_shown:
            self._show_memory_title()

    def apply_theme(self) -> None:
        """The colours of the theme in force: the background now; the titles and the memory plot's
        axis take theirs when the session next shows the lesson (the window has it do so at once)."""
        self.setBackground(PAPER)

    # -- the session's view interface ----------------------------------------------------------
    @guarded("the timeline")
    def show_lesson(self, session) -> None:
        self.set_traces(session.shown_traces())

    @guarded("the timeline")
    def show_position(self, session, position) -> None:
        self.set_step(position.step)
        for plot in self.plots.values():
            plot.select(session.selected_unit)

    # -- the state plots -----------------------------------------------------------------------
    def set_traces(self, traces: dict[str, Trace]) -> None:
        self._traces = traces
        sample = next(iter(traces.values()), None)
        H = sample.H if sample is not None else 0
        if sample is not None and (self._units is None or (self._units > HEATMAP_ABOVE) != (H > HEATMAP_ABOVE)):
            self.heatmap_action.blockSignals(True)  # the default follows the size; the user's choice holds until then
            self.heatmap_action.setChecked(H > HEATMAP_ABOVE)
            self.heatmap_action.blockSignals(False)
        self._units = H if sample is not None else self._units
        keys = plot_keys(list(traces))
        for key in keys:
            if key not in self.plots:
                self.plots[key] = _StatePlot(key)
        self._arrange(keys, self._memory_shown)
        heatmap = self.heatmap_action.isChecked()
        for key in keys:
            model, state = key
            trace = traces[model]
            plot = self.plots[key]
            plot.show(trace.quantities[state], heatmap)
            title = f"{core_text(spec(model).title)} {'h(t)' if state == 'h' else 'C(t)'}"
            plot.set_title(title, plot.legend(trace.H, heatmap))
        self._fit_steps()

    def _on_heatmap_toggled(self, checked: bool) -> None:
        if self._traces:
            self.set_traces(self._traces)

    def _labels(self) -> list[str]:
        tokens = next(iter(self._traces.values())).tokens if self._traces else ()
        return ["0"] + [f"{k + 1}\n{token[:8]}" for k, token in enumerate(tokens)]

    def _fit_steps(self) -> None:
        """X ranges and step labels for the current widths (after a lesson change or a resize)."""
        if not self._traces:
            return
        labels = self._labels()
        for plot in self._order:
            if plot is self.memory:  # from the followed token's step on
                first = int(self.memory_steps[0]) if len(self.memory_steps) else 1
                shown = labels[first : min(len(labels), first + len(self.memory_steps))]
                if shown:  # empty while a shortened sentence waits for the memory plot's new token
                    plot.fit_steps(shown, first=first)
            else:
                plot.fit_steps(labels)

    def _arrange(self, keys: list[Key], memory: bool) -> None:
        """Put the shown plots into the grid, in order, and take the others out (see _Plot)."""
        order = [self.plots[key] for key in keys] + ([self.memory] if memory else [])
        if order == self._order:
            return
        grid = self.ci.layout
        # the plots already in their columns stay (the memory plot joining the others at start-up)
        kept = len(self._order) if order[: len(self._order)] == self._order else 0
        if not kept:
            for plot in (*self.plots.values(), self.memory):
                if plot.isVisible():
                    plot.take_out(grid)
            for column in range(grid.columnCount()):
                grid.setColumnStretchFactor(column, 0)
        for column, plot in enumerate(order[kept:], start=kept):
            plot.place(grid, column)
            grid.setColumnStretchFactor(2 * column + 1, 1)  # plots of equal width
        self._order = order
        grid.invalidate()
        self.ci.updateGeometry()

    # -- the memory plot -----------------------------------------------------------------------
    def set_memory(self, sensitivities: dict[str, np.ndarray | None], token: str, step: int = 1) -> None:
        """‖∂h(t)/∂x(step)‖ per model (and ‖∂C(t)/∂x(step)‖ as "lstm.c") for t = step.., on a log
        scale: how much of the token read at `step` each state still carries."""
        shown = {key: v for key, v in sensitivities.items() if v is not None and key in self.memory_curves}
        self._memory_shown = bool(shown)
        self._arrange([plot.key for plot in self._order if plot is not self.memory], bool(shown))
        if not shown:
            return
        every = []
        steps = max(len(v) for v in shown.values())
        self.memory_steps = np.arange(step, step + steps, dtype=float)
        for key, curve in self.memory_curves.items():
            values = shown.get(key)
            if values is None:
                curve.setData([], [])
                continue
            with np.errstate(all="ignore"):
                logs = np.log10(np.maximum(np.asarray(values, dtype=float), 1e-300))
            curve.setData(self.memory_steps[: len(logs)], _plottable(logs), connect="finite")
            every.append(logs)
        low, high = log_range(np.concatenate(every))
        self.memory.setYRange(low, high)
        self.memory.left.setTicks([power_ticks(low, high), []])
        states: dict[str, list[str]] = {}  # model -> its states shown, "h" and (LSTM) "C - -"
        for key in self.memory_curves:
            if key in shown:
                states.setdefault(key.split(".")[0], []).append("C - -" if key.endswith(".c") else "h")
        self._memory_title = (token, step, states)
        self._show_memory_title()
        self._fit_steps()

    def _show_memory_title(self) -> None:
        """The memory plot's title, legend and axis label, in the language in force."""
        if self._memory_title is None:
            return
        token, step, states = self._memory_title
        entries = [f"<span style='color:{MODEL_COLORS[m]}'>{core_text(spec(m).title)} {', '.join(s)}</span>"
                   for m, s in states.items()]  # fmt: skip
        # two to a line: the memory plot is as narrow as the others
        legend = "<br>".join(" · ".join(entries[k : k + 2]) for k in range(0, len(entries), 2))
        self.memory.set_title(_tr("Memory of “{0}” (t = {1})").format(token[:8], step), legend)
        label = (_tr("dependence on x({0}), log").format(step), html("soft"))
        if getattr(self, "_axis_label", None) != label:  # set again only when its words or colour change
            self._axis_label = label
            self.memory.left.setLabel(label[0], **{"font-size": "8pt", "color": label[1]})

    # -- moving --------------------------------------------------------------------------------
    def set_step(self, step: float) -> None:
        """Move the cursors. They are not items of the scene but drawn over it (drawForeground),
        so a step repaints two thin strips of each plot and leaves the scene as it is: a changed
        item would make the scene repaint the window a second time in the same step. Those strips
        are copied from the snapshot when there is one (see paintEvent)."""
        if step == self.step:
            return
        old = self.cursor_lines()
        self.step = step
        self._lines = self.cursor_lines()
        for x, top, bottom in old + self._lines:
            strip = QRect(int(x) - 3, int(top) - 1, 7, int(bottom - top) + 3)
            self._moved += strip
            self.viewport().update(strip)

    def cursor_lines(self) -> list[tuple[float, float, float]]:
        """(x, top, bottom) of each shown plot's cursor, in viewport pixels; a plot whose steps do
        not reach the playhead (the memory plot before its token) has none."""
        lines = []
        for plot in self._order:
            low, high = plot.vb.viewRange()[0]
            if not low <= self.step <= high:
                continue
            box = plot.vb.sceneBoundingRect()
            x = plot.vb.mapViewToScene(QPointF(self.step, 0.0)).x()
            top, bottom = self.mapFromScene(QPointF(x, box.top())), self.mapFromScene(QPointF(x, box.bottom()))
            lines.append((top.x(), top.y(), bottom.y()))
        return lines

    @guarded("drawing the timeline's cursors")
    def drawForeground(self, painter, rect) -> None:
        super().drawForeground(painter, rect)
        if not self._bare:
            self._draw_cursors(painter)

    def _draw_cursors(self, painter: QPainter, lines: list[tuple[float, float, float]] | None = None) -> None:
        pen = QPen(QColor(CURSOR_COLOR), 2)
        pen.setCosmetic(True)
        painter.save()
        painter.resetTransform()  # viewport pixels, as cursor_lines gives them
        painter.setPen(pen)
        for x, top, bottom in self.cursor_lines() if lines is None else lines:
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.restore()

    def paintEvent(self, event) -> None:
        """A repaint of only the strips the cursors left and reached copies them from the snapshot
        and draws the cursors: painting the scene there asks every plot item for its bounds and
        paints the curves crossing the strips, most of a step's time in the timeline. Any other
        repaint (a changed curve, a selected unit, a resize, a hover) paints the scene, drops the
        snapshot, and a new one is taken once the cursors move again."""
        if self._bare:  # grabbing the snapshot
            super().paintEvent(event)
            return
        moved, self._moved = self._moved, QRegion()
        region = event.region()
        snapshot = self.snapshot
        if (snapshot is not None and not moved.isEmpty() and region.subtracted(moved).isEmpty()
                and snapshot.deviceIndependentSize().toSize() == self.viewport().size()):
            painter = QPainter(self.viewport())
            painter.setClipRegion(region)
            painter.drawPixmap(0, 0, snapshot)
            painter.setClipping(False)
            # where the last move put them: nothing has moved the plots since, or this paint would
            # cover more than the cursors' strips
            self._draw_cursors(painter, self._lines)
            painter.end()
            return
        self.snapshot = None
        super().paintEvent(event)
        if not moved.isEmpty():  # the cursors are moving: the next steps can copy
            QTimer.singleShot(0, self._take_snapshot)

    @guarded("the timeline's snapshot")
    def _take_snapshot(self) -> None:
        if self.snapshot is not None or not self.isVisible() or getattr(self, "closed", False):
            return
        self._bare = True
        try:
            self.snapshot = self.viewport().grab()
        finally:
            self._bare = False

    def resizeEvent(self, event) -> None:
        self.snapshot = None
        super().resizeEvent(event)
        if not getattr(self, "_traces", None) or getattr(self, "closed", False):
            return  # pyqtgraph resizes while it builds the view and after close() has deleted the items
        self.ci.layout.activate()  # the views have their new widths before the labels are thinned
        self._fit_steps()

    @guarded("a click on the timeline")
    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        for plot in self._order:
            if plot.sceneBoundingRect().contains(event.scenePos()):
                x = plot.vb.mapSceneToView(event.scenePos()).x()
                if np.isfinite(x):
                    step = max(0, int(round(min(x, 2.0**31))))
                    if event.double() and plot is self.memory:
                        self.sig_token_followed.emit(max(step, 1))
                    else:
                        self.sig_step_clicked.emit(step)
                        unit = plot.unit_at(event.scenePos()) if plot is not self.memory else None
                        if unit is not None:
                            self.sig_unit_clicked.emit(unit)
                return


#: The memory plot follows its token this far: long before it, the gradient has either
#: vanished below the plot's 1e-30 or been carried by the cell state, and the plot costs as
#: much as the rest of an edit put together on a long lesson.
MEMORY_STEPS = 200


class MemoryView:
    """Feeds the timeline's memory plot: ‖∂state(t)/∂x(k)‖ of each shown model, for the token
    the session follows (Session.memory_token, k)."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline

    def show_lesson(self, session) -> None:
        from ..core.memory import sensitivities

        step = session.memory_token
        memory = {}
        for name, trace in session.shown_traces().items():
            head = trace.head(step - 1 + MEMORY_STEPS)
            for state, norms in (sensitivities(session.lesson, head, step) or {}).items():
                memory[name if state == "h" else f"{name}.{state}"] = norms
        self.timeline.set_memory(memory, session.token(step), step)

    def show_position(self, session, position) -> None:
        pass  # the timeline moves the cursor


_CLIP = 1e12  # far outside any range the plots show, and small enough for Qt's float paths


def _plottable(data: np.ndarray) -> np.ndarray:
    """Values Qt can draw: +-inf and +-1e308 clipped to +-1e12 (off the plot either way), NaN kept as a gap."""
    with np.errstate(all="ignore"):
        return np.clip(np.asarray(data, dtype=float), -_CLIP, _CLIP)
