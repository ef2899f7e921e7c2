"""The timeline: every state of every shown model over all steps, a cursor at the playhead, and the
memory plot (how much of the first token each state still carries); click a plot to jump there.

One plot per (shown model, state) from the model descriptions: SimpleRNN h(t), LSTM h(t), LSTM
C(t), GRU h(t). A plot draws a line per unit, or (View > Heatmap, the default above four units)
a units × time heatmap. A step moves the cursors only.
The plots are painted with QPainter (rnnviz.ui.plotting), into a picture a step copies from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ..core.engine import Trace
from ..core.models import spec
from .colors import DIVERGING, value_rgba
from .errors import guarded
from .i18n import Retranslating, core_text
from .plotting import TITLE_TOP, Curve, Fonts, Plot, columns, label_width, nice_ticks, picture_of

CONTEXT = "Timeline"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


MAX_CURVES = 32  # more lines than this are a blur; the state panel has every unit
HEATMAP_ABOVE = 4  # units: above this many, lines tangle and the heatmap is the default
MODEL_COLORS = {"rnn": "#c0392b", "lstm": "#2471a3", "gru": "#1e8449"}
CURSOR_COLOR = "#e67e22"
CURSOR_WIDTH = 2
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


def cursor_strip(x: float, top: float, bottom: float) -> QRect:
    """The pixels a cursor at x from top to bottom covers, with one more around it for its soft
    edges: what a step repaints where a cursor leaves and where it arrives."""
    return QRectF(x - CURSOR_WIDTH / 2 - 1, top - 1, CURSOR_WIDTH + 2, bottom - top + 2).toAlignedRect()


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
class _StepsPlot(Plot):
    """A plot over the lesson's steps: its x axis labels steps ("3" over "祖国"), thinned to fit."""

    def __init__(self):
        super().__init__()
        self.step_labels: list[str] = []
        self._fitted: tuple | None = None  # (labels, first step, view width) of the last fit

    def fit_steps(self, labels: list[str], metrics: QFontMetricsF, first: int = 0) -> bool:
        """X range and step labels for steps first..T at the view's current width: the outer
        labels get room inside the axis, and labels are thinned so that none overlap. False when
        nothing changed (the same labels at the same width)."""
        width = max(self.view.width(), 1.0)
        key = (tuple(labels), first, width)
        if self._fitted == key:
            return False  # an edit that changed no token and no width: the ticks stand
        self.step_labels = labels
        T = first + len(labels) - 1
        widths = [label_width(metrics, text) for text in labels]
        span = max(T - first, 1)
        # room for half of the first and of the last label beyond the first and last steps
        left, right = widths[0] / 2 + 3, widths[-1] / 2 + 3
        pixels_per_step = max((width - left - right) / span, 1e-3)
        low = first - max(left / pixels_per_step, 0.35)
        high = T + max(right / pixels_per_step, 0.35)
        self.setXRange(low, high)
        self._fitted = key
        self.x_ticks = [(first + k, labels[k]) for k in thin_ticks(widths, width / (high - low))]
        return True


CLICK_REACH = 8.0  # pixels: a click this near a unit's line at its step selects the unit


class _StatePlot(_StepsPlot):
    """One state of one model: a line per unit (with dots for short lessons) or a heatmap."""

    def __init__(self, key: Key):
        super().__init__()
        self.key = key
        self.dots = False  # a dot at every step of every line
        self.image: QImage | None = None  # the heatmap: a pixel per step (x) and unit (y, u0 at the bottom)
        self.selected: int | None = None
        self.colors: list[QColor] = []
        self.data: np.ndarray | None = None  # what show() drew: (T+1, H)
        self.retranslate()

    def retranslate(self) -> None:
        """The tooltip in the language now in force (the title is set with the data)."""
        model, state = self.key
        if state == "h":
            tip = _tr("{0} hidden state h(t) of every unit at every timestep; click to jump to a step")
        else:
            tip = _tr("{0} cell state C(t) of every unit at every timestep; click to jump to a step")
        self.tip = tip.format(core_text(spec(model).title))

    def show(self, data: np.ndarray, heatmap: bool) -> None:
        """data: (T+1, H) rows of the state from the initial one on."""
        steps = np.arange(data.shape[0], dtype=float)
        H = data.shape[1]
        plottable = self.data = _plottable(data)
        self.dots = False
        if heatmap:
            self._set_curves(0)
            # rows from the top: the last unit first, as the value axis runs up
            pixels = np.ascontiguousarray(value_rgba(np.asarray(data, dtype=float).T[::-1], DIVERGING))
            self.image = QImage(pixels.data, data.shape[0], H, 4 * data.shape[0], QImage.Format.Format_ARGB32).copy()
            self.setYRange(-0.5, H - 0.5)
            every = max(1, math.ceil(H / 8))
            self.y_ticks = [(k, _tr("u{0}").format(k)) for k in range(0, H, every)]
            return
        self.image = None
        units = min(H, MAX_CURVES)
        self._set_curves(units)
        for k, curve in enumerate(self.curves):
            curve.set_data(steps, plottable[:, k])
        # dots help with a few short curves; with many they cost more than they show
        self.dots = units * data.shape[0] <= 200
        finite = np.abs(data[np.isfinite(data)])
        peak = float(finite.max()) if finite.size else 1.0
        limit = max(1.05, min(peak * 1.05, 1e6))  # beyond a million the curves run off the plot
        self.setYRange(-limit, limit)
        self.y_ticks = nice_ticks(-limit, limit)  # within ±1: -1, -0.5, 0, 0.5, 1

    def _set_curves(self, units: int) -> None:
        if len(self.curves) == units:
            return
        self.colors = [QColor(_UNIT_COLORS[k]) if k < len(_UNIT_COLORS)
                       else QColor.fromHsv(round(360 * k / units) % 360, 200, 200) for k in range(units)]  # fmt: skip
        self.curves = [Curve(color) for color in self.colors]
        self.selected = None

    def legend(self, H: int, heatmap: bool) -> str:
        """The second line of the title: the unit colours, or how to read the heatmap."""
        if heatmap:
            return _tr("units × time: <span style='color:#2166ac'>■ −1</span> … "
                       "<span style='color:#b2182b'>■ +1</span>")  # fmt: skip
        shown = " ".join(f"<span style='color:{color.name()}'>{_tr('u{0}').format(k)}</span>"
                         for k, color in enumerate(self.colors))  # fmt: skip
        return _tr("{0} (first {1} of {2})").format(shown, MAX_CURVES, H) if H > MAX_CURVES else shown

    def unit_at(self, point: QPointF, reach: float = CLICK_REACH) -> int | None:
        """The unit whose line passes within `reach` pixels of a click at its timestep (or whose
        row of the heatmap was clicked); None when no line is that near."""
        if self.data is None:
            return None
        x, y = self.from_pixel(point)
        step = int(round(x))
        if not 0 <= step < self.data.shape[0]:
            return None
        if self.image is not None:  # the heatmap: a row per unit
            unit = int(round(y))
            return unit if 0 <= unit < self.data.shape[1] else None
        best, best_distance = None, reach
        for k in range(len(self.curves)):
            value = self.data[step, k]
            if not np.isfinite(value):
                continue
            on_line = self.to_pixel(step, float(value))
            distance = math.hypot(on_line.x() - point.x(), on_line.y() - point.y())
            if distance <= best_distance:
                best, best_distance = k, distance
        return best

    def select(self, unit: int | None) -> bool:
        """Draw the selected unit's line thicker. False when it already was."""
        if unit == self.selected:
            return False
        for k, curve in enumerate(self.curves):
            curve.width = 4 if k == unit else 2
        self.selected = unit
        return True

    def paint_view(self, painter: QPainter) -> None:
        if self.image is not None:
            H = self.image.height()
            corner = self.to_pixel(-0.5, H - 0.5)
            far = self.to_pixel(self.image.width() - 0.5, -0.5)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(QRectF(corner, far), self.image)
            return
        super().paint_view(painter)
        if not self.dots:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for curve in self.curves:
            painter.setBrush(curve.color)
            px, py = self._pixels(curve.x, curve.y)
            for a, b, finite in zip(px.tolist(), py.tolist(), np.isfinite(curve.y).tolist(), strict=True):
                if finite:
                    painter.drawEllipse(QPointF(a, b), 3.0, 3.0)


class Timeline(Retranslating, QWidget):
    """A plot per state of each shown model, plus the memory plot, side by side. The plots are
    painted into a picture when they change; a step copies the strips its cursors leave and reach
    from that picture and draws the cursors over it."""

    sig_step_clicked = Signal(int)
    """The user clicked on the timeline at this timestep."""
    sig_token_followed = Signal(int)
    """The user double-clicked the memory plot at this step: follow its token."""
    sig_unit_clicked = Signal(int)
    """The user clicked on a unit's line (or its row of the heatmap): select that unit."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the picture covers every pixel
        self.setMinimumHeight(120)
        self.heatmap_action = QAction(self)
        self.heatmap_action.setCheckable(True)
        self.heatmap_action.setObjectName("heatmap")
        self.heatmap_action.toggled.connect(self._on_heatmap_toggled)
        self.plots: dict[Key, _StatePlot] = {}
        self.memory = _StepsPlot()
        self._memory_title: tuple[str, int, dict[str, list[str]]] | None = None  # (token, step, states shown)
        self.memory_curves: dict[str, Curve] = {}
        for model in MODEL_COLORS:
            for state in spec(model).states:
                key = model if state == "h" else f"{model}.{state}"
                self.memory_curves[key] = Curve(QColor(MODEL_COLORS[model]), width=3, dashed=state == "c")
        self.memory.curves = list(self.memory_curves.values())
        self._memory_shown = False
        self.memory_steps = np.empty(0)  # x of the memory curves: steps 1..T (at most MEMORY_STEPS)
        self._order: list[Plot] = []
        self._traces: dict[str, Trace] = {}
        self._units: int | None = None
        self.step = 0.0  # where the cursors stand: drawn over the picture
        self.picture: QPixmap | None = None  # the plots without cursors, as last painted
        self._fonts = Fonts(self.font())
        self._set_texts()

    # -- the language ----------------------------------------------------------------------------
    def _set_texts(self) -> None:
        """The fixed texts: the accessible name, the tooltips and the heatmap action."""
        self.setAccessibleName(_tr("Timeline"))
        self.setToolTip(_tr("Every state of the shown models at every timestep; click a plot to jump there"))
        self.heatmap_action.setText(_tr("&Heatmap of units"))
        self.heatmap_action.setStatusTip(_tr("Show each state as a units × time heatmap instead of a line per unit"))
        self.memory.tip = _tr(
            "Memory of one token (View > Memory plot follows, or double-click a step here): how far each "
            "state moves when that token's embedding x(k) is nudged, ‖∂h(t)/∂x(k)‖ (and ‖∂C(t)/∂x(k)‖ "
            "for the LSTM's cell state), on a log scale. A line falling by one grid line has forgotten "
            "nine tenths more; a SimpleRNN's usually falls fast (vanishing gradient), an LSTM's cell "
            "state holds on.")  # fmt: skip

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
            self._layout()

    def apply_theme(self) -> None:
        """The colours of the theme in force: the background and axes now; the titles take theirs
        when the session next shows the lesson (the window has it do so at once)."""
        self._changed()

    # -- the session's view interface ----------------------------------------------------------
    @guarded("the timeline")
    def show_lesson(self, session) -> None:
        self.set_traces(session.shown_traces())

    @guarded("the timeline")
    def show_position(self, session, position) -> None:
        self.set_step(position.step)
        if any([plot.select(session.selected_unit) for plot in self.plots.values()]):
            self._changed()

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
        self._layout()

    def _on_heatmap_toggled(self, checked: bool) -> None:
        if self._traces:
            self.set_traces(self._traces)

    def _labels(self) -> list[str]:
        tokens = next(iter(self._traces.values())).tokens if self._traces else ()
        return ["0"] + [f"{k + 1}\n{token[:8]}" for k, token in enumerate(tokens)]

    def _arrange(self, keys: list[Key], memory: bool) -> None:
        """Which plots are shown, in order."""
        order = [self.plots[key] for key in keys] + ([self.memory] if memory else [])
        for plot in (*self.plots.values(), self.memory):
            plot.column = None
        for column, plot in enumerate(order):
            plot.column = column
        self._order = order

    def _layout(self) -> None:
        """Place the shown plots for the timeline's size (the titles' row as high as the highest
        title), fit their steps to their widths, and paint them again."""
        fonts = self._fonts
        title = max((fonts.title(plot.title).size().height() for plot in self._order if plot.title), default=0.0)
        top = TITLE_TOP + title + 4
        tokens = {token[:8] for token in next(iter(self._traces.values())).tokens} if self._traces else ()
        bottom = self.height() - fonts.x_axis_height([f"0\n{token}" for token in tokens] or ["0"])
        placed = columns(self.width(), [plot.left_width for plot in self._order])
        for plot, (left, width) in zip(self._order, placed, strict=True):
            plot.view = QRectF(left, top, width, max(bottom - top, 1.0))
        if self._traces:
            labels = self._labels()
            for plot in self._order:
                if plot is self.memory:  # from the followed token's step on
                    first = int(self.memory_steps[0])  # shown, the memory plot has its steps
                    shown = labels[first : min(len(labels), first + len(self.memory_steps))]
                    if shown:  # empty while a shortened sentence waits for the memory plot's new token
                        plot.fit_steps(shown, fonts.tick_metrics, first=first)
                else:
                    plot.fit_steps(labels, fonts.tick_metrics)
        self._changed()

    def _changed(self) -> None:
        """What the plots show changed: paint them again."""
        self.picture = None
        self.update()

    # -- the memory plot -----------------------------------------------------------------------
    def set_memory(self, sensitivities: dict[str, np.ndarray | None], token: str, step: int = 1) -> None:
        """‖∂h(t)/∂x(step)‖ per model (and ‖∂C(t)/∂x(step)‖ as "lstm.c") for t = step.., on a log
        scale: how much of the token read at `step` each state still carries."""
        shown = {key: v for key, v in sensitivities.items() if v is not None and len(v) and key in self.memory_curves}
        self._memory_shown = bool(shown)
        self._arrange([plot.key for plot in self._order if plot is not self.memory], bool(shown))
        if not shown:
            self._layout()
            return
        every = []
        steps = max(len(v) for v in shown.values())
        self.memory_steps = np.arange(step, step + steps, dtype=float)
        for key, curve in self.memory_curves.items():
            values = shown.get(key)
            if values is None:
                curve.set_data([], [])
                continue
            with np.errstate(all="ignore"):
                logs = np.log10(np.maximum(np.asarray(values, dtype=float), 1e-300))
            curve.set_data(self.memory_steps[: len(logs)], _plottable(logs))
            every.append(logs)
        low, high = log_range(np.concatenate(every))
        self.memory.setYRange(low, high)
        self.memory.y_ticks = power_ticks(low, high)
        states: dict[str, list[str]] = {}  # model -> its states shown, "h" and (LSTM) "C - -"
        for key in self.memory_curves:
            if key in shown:
                states.setdefault(key.split(".")[0], []).append("C - -" if key.endswith(".c") else "h")
        self._memory_title = (token, step, states)
        self._show_memory_title()
        self._layout()

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
        self.memory.axis_label = _tr("dependence on x({0}), log").format(step)

    # -- moving --------------------------------------------------------------------------------
    def set_step(self, step: float) -> None:
        """Move the cursors: repaint the strips they leave and reach (copied from the picture)."""
        if step == self.step:
            return
        old = self.cursor_lines()
        self.step = step
        for line in old + self.cursor_lines():
            self.update(cursor_strip(*line))

    def cursor_lines(self) -> list[tuple[float, float, float]]:
        """(x, top, bottom) of each shown plot's cursor, in the timeline's pixels; a plot whose steps
        do not reach the playhead (the memory plot before its token) has none."""
        lines = []
        for plot in self._order:
            low, high = plot.x_range
            if low <= self.step <= high:
                lines.append((plot.to_pixel(self.step, 0.0).x(), plot.view.top(), plot.view.bottom()))
        return lines

    @guarded("drawing the timeline")
    def paintEvent(self, event) -> None:
        picture = self.picture
        if (picture is None or picture.deviceIndependentSize().toSize() != self.size()
                or picture.devicePixelRatio() != self.devicePixelRatioF()):  # fmt: skip  # moved to another screen
            self.picture = self.render_plots()
        painter = QPainter(self)
        painter.setClipRegion(event.region())
        painter.drawPixmap(0, 0, self.picture)
        painter.setPen(QPen(QColor(CURSOR_COLOR), CURSOR_WIDTH))
        for x, top, bottom in self.cursor_lines():
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.end()

    def render_plots(self) -> QPixmap:
        """The plots without the cursors, at the screen's pixel density."""
        return picture_of(self._order, self.size(), self.devicePixelRatioF(), self._fonts)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = Fonts(self.font())
            for plot in (*self.plots.values(), self.memory):
                plot._fitted = None  # the labels measure differently in the new font
            self._layout()
        super().changeEvent(event)

    def plot_at(self, point: QPointF) -> Plot | None:
        """The shown plot whose view holds this point."""
        return next((plot for plot in self._order if plot.view.contains(point)), None)

    @guarded("a click on the timeline")
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position()
        plot = self.plot_at(point)
        if plot is None:
            return
        self.sig_step_clicked.emit(max(0, round(plot.from_pixel(point)[0])))
        unit = plot.unit_at(point) if isinstance(plot, _StatePlot) else None
        if unit is not None:
            self.sig_unit_clicked.emit(unit)

    @guarded("a double-click on the timeline")
    def mouseDoubleClickEvent(self, event) -> None:
        point = event.position()
        if event.button() == Qt.MouseButton.LeftButton and self.plot_at(point) is self.memory:
            self.sig_token_followed.emit(max(1, round(self.memory.from_pixel(point)[0])))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # each plot's own tooltip over its view
            plot = self.plot_at(QPointF(event.pos()))
            QToolTip.showText(event.globalPos(), plot.tip if plot is not None else self.toolTip(), self)
            return True
        return super().event(event)


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
