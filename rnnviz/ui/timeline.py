"""The timeline: h(t) of both models and C(t) of the LSTM over all steps, with a cursor; click to move."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from ..core.engine import Trace
from .errors import guarded

MAX_CURVES = 32  # more lines than this are a blur; the state panel has every unit
_PLOTS = (("rnn", "h", "SimpleRNN h(t)"), ("lstm", "h", "LSTM h(t)"), ("lstm", "c", "LSTM C(t)"))


class _Plot:
    """A title, a view and two axes in the layout: what PlotItem offers, without its option menus.

    PlotItem builds a settings form and context menus per plot, which cost more start-up time
    than the rest of the window; the timeline needs none of them.
    """

    def __init__(self, layout: pg.GraphicsLayout, column: int, title: str):
        self.title = pg.LabelItem(title, color="#333", size="10pt")
        self.vb = pg.ViewBox(enableMenu=False)
        self.vb.setMouseEnabled(x=False, y=False)
        self.vb.disableAutoRange()  # ranges are set explicitly; auto-ranging would measure every curve
        self.left = pg.AxisItem("left")
        self.bottom = pg.AxisItem("bottom")
        self.bottom.setHeight(38)
        for axis in (self.left, self.bottom):
            axis.linkToView(self.vb)
            axis.setGrid(50)
            # a moving cursor touches the axes; redrawing their tick labels (CJK tokens included)
            # from a pixmap instead of from scratch keeps a step cheap
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # straight into Qt's grid: pyqtgraph's addItem re-lays out the whole grid after every item
        grid = layout.layout
        grid.addItem(self.title, 0, 2 * column + 1)
        grid.addItem(self.left, 1, 2 * column)
        grid.addItem(self.vb, 1, 2 * column + 1)
        grid.addItem(self.bottom, 2, 2 * column + 1)

    def addItem(self, item) -> None:
        self.vb.addItem(item)

    def removeItem(self, item) -> None:
        self.vb.removeItem(item)

    def getAxis(self, name: str) -> pg.AxisItem:
        return self.left if name == "left" else self.bottom

    def setVisible(self, visible: bool) -> None:
        for item in (self.title, self.vb, self.left, self.bottom):
            item.setVisible(visible)

    def isVisible(self) -> bool:
        return self.vb.isVisible()

    def sceneBoundingRect(self):
        return self.vb.sceneBoundingRect()

    def setXRange(self, low: float, high: float, padding: float = 0.0) -> None:
        self.vb.setXRange(low, high, padding=padding)

    def setYRange(self, low: float, high: float, padding: float = 0.0) -> None:
        self.vb.setYRange(low, high, padding=padding)


class Timeline(pg.GraphicsLayoutWidget):
    """Curves are created when the lesson's shape changes and only get setData() otherwise."""

    sig_step_clicked = Signal(int)
    """The user clicked on the timeline at this timestep."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        # four thin cursors move each step: redraw their strips, not the bounding box of all four
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAccessibleName("Timeline")
        self.setToolTip("Hidden state of both models and the LSTM's cell state at every timestep; click to jump there")
        self.plots: dict[tuple[str, str], _Plot] = {}
        self.curves: dict[tuple[str, str], list[pg.PlotCurveItem]] = {}
        self.dots: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.cursors: list[pg.InfiniteLine] = []
        for column, (model, quantity, title) in enumerate(_PLOTS):
            plot = _Plot(self.ci, column, title)
            plot.setYRange(-1.05, 1.05)
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#e67e22", width=2))
            plot.addItem(cursor)
            self.cursors.append(cursor)
            self.plots[(model, quantity)] = plot
            self.curves[(model, quantity)] = []
            dots = pg.ScatterPlotItem()
            dots.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.addItem(dots)
            self.dots[(model, quantity)] = dots
        self.memory = _Plot(self.ci, len(_PLOTS), "")
        self.memory.getAxis("left").setLabel("log₁₀")
        styles = (("rnn", "#c0392b", Qt.PenStyle.SolidLine), ("lstm", "#2471a3", Qt.PenStyle.SolidLine),
                  ("lstm.c", "#2471a3", Qt.PenStyle.DashLine))  # fmt: skip
        self.memory_curves = {
            key: pg.PlotCurveItem(pen=pg.mkPen(color, width=3, style=style)) for key, color, style in styles
        }
        for curve in self.memory_curves.values():
            self.memory.addItem(curve)
        cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#e67e22", width=2))
        self.memory.addItem(cursor)
        self.cursors.append(cursor)
        for column in range(len(_PLOTS) + 1):  # four plots of equal width
            self.ci.layout.setColumnStretchFactor(2 * column + 1, 1)
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_memory(self, sensitivities: dict[str, np.ndarray | None], first_token: str) -> None:
        """||dh(t)/dx(1)|| per model (and ||dC(t)/dx(1)|| as "lstm.c") on a log scale:
        how much of the first token each state still carries."""
        shown = {m: v for m, v in sensitivities.items() if v is not None and m in self.memory_curves}
        self.memory.setVisible(bool(shown))
        if not shown:
            return
        floor = 1e-300
        low, high = 0.0, 0.0
        for model, curve in self.memory_curves.items():
            values = shown.get(model)
            if values is None:
                curve.setData([], [])
                continue
            with np.errstate(all="ignore"):
                logs = np.log10(np.maximum(np.asarray(values, dtype=float), floor))
            curve.setData(np.arange(1, len(values) + 1, dtype=float), _plottable(logs), connect="finite")
            finite = logs[np.isfinite(logs)]
            if finite.size:
                low, high = min(low, float(finite.min())), max(high, float(finite.max()))
        self.memory.setYRange(max(low, -30.0) - 0.5, min(high, 400.0) + 0.5)
        self.memory.setXRange(0, max(len(next(iter(shown.values()))), 1), padding=0.06)
        self.memory.title.setText(
            f"memory of “{first_token[:8]}” ‖∂·/∂x(1)‖: <span style='color:#c0392b'>RNN h</span> "
            "<span style='color:#2471a3'>LSTM h, C - -</span>",
            color="#333",
            size="10pt",
        )
        T = len(next(iter(shown.values())))
        self.memory.getAxis("bottom").setTicks([[(k, str(k)) for k in range(T + 1)]] if T <= 16 else None)

    def show_lesson(self, session) -> None:
        self.set_traces(session.shown_traces())

    def show_position(self, session, position) -> None:
        self.set_step(position.step)

    def set_traces(self, traces: dict[str, Trace]) -> None:
        for key, plot in self.plots.items():
            model, quantity = key
            trace = traces.get(model)
            data = None if trace is None else trace.quantities[quantity]
            plot.setVisible(data is not None)
            if data is None:
                continue
            self._set_curves(key, plot, data)
            title = dict(((m, q), t) for m, q, t in _PLOTS)[key]
            if data.shape[1] > MAX_CURVES:
                title += f" (units 0–{MAX_CURVES - 1} of {data.shape[1]})"
            plot.title.setText(title, color="#333", size="10pt")
            finite = np.abs(data[np.isfinite(data)])
            peak = float(finite.max()) if finite.size else 1.0
            limit = max(1.05, min(peak * 1.05, 1e6))  # beyond a million the curves run off the plot
            plot.setYRange(-limit, limit, padding=0)
            plot.setXRange(0, max(len(trace.tokens), 1), padding=0.06)
            tokens = trace.tokens
            if len(tokens) <= 8:  # room for the words under the step numbers
                ticks = [(0, "0")] + [(k + 1, f"{k + 1}\n{tok[:8]}") for k, tok in enumerate(tokens)]
                plot.getAxis("bottom").setTicks([ticks])
            else:
                plot.getAxis("bottom").setTicks(None)

    def _set_curves(self, key: tuple[str, str], plot: _Plot, data: np.ndarray) -> None:
        """One light PlotCurveItem per unit, plus one scatter of dots on the steps when there are few."""
        curves = self.curves[key]
        units = min(data.shape[1], MAX_CURVES)
        data = data[:, :units]
        colors = [pg.intColor(k, hues=max(units, 1), minValue=150) for k in range(units)]
        if len(curves) != units:
            for curve in curves:
                plot.removeItem(curve)
            curves.clear()
            for color in colors:
                curve = pg.PlotCurveItem(pen=pg.mkPen(color, width=2))
                curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # cursor moves blit it
                plot.addItem(curve)
                curves.append(curve)
        steps = np.arange(data.shape[0], dtype=float)
        data = _plottable(data)
        for k, curve in enumerate(curves):
            curve.setData(steps, data[:, k], connect="finite")  # NaN after an overflow: a gap in the line
        dots = self.dots[key]
        if data.size <= 200:  # dots help with a few short curves; with many they cost more than they show
            xs, ys = np.tile(steps, units), data.T.ravel()
            brushes = [pg.mkBrush(color) for color in colors for _ in steps]
            keep = np.isfinite(ys)
            dots.setData(xs[keep], ys[keep], brush=[b for b, k in zip(brushes, keep.tolist(), strict=True) if k],
                         size=6, pen=None)  # fmt: skip
            dots.setVisible(True)
        else:
            dots.setVisible(False)

    def set_step(self, step: float) -> None:
        for cursor in self.cursors:
            cursor.setValue(step)

    @guarded("a click on the timeline")
    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        for plot in (*self.plots.values(), self.memory):
            if plot.isVisible() and plot.sceneBoundingRect().contains(event.scenePos()):
                x = plot.vb.mapSceneToView(event.scenePos()).x()
                if np.isfinite(x):
                    self.sig_step_clicked.emit(max(0, int(round(min(x, 2.0**31)))))
                return


#: The memory plot follows the first token this far: long before it, the gradient has either
#: vanished below the plot's 1e-30 or been carried by the cell state, and the plot costs as
#: much as the rest of an edit put together on a long lesson.
MEMORY_STEPS = 200


class MemoryView:
    """Feeds the timeline's memory plot: ||d state(t)/dx(1)|| of each shown model."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline

    def show_lesson(self, session) -> None:
        from ..core.memory import sensitivities

        memory = {}
        for name, trace in session.shown_traces().items():
            for state, norms in (sensitivities(session.lesson, trace.head(MEMORY_STEPS)) or {}).items():
                memory[name if state == "h" else f"{name}.{state}"] = norms
        self.timeline.set_memory(memory, session.lesson.tokens[0])

    def show_position(self, session, position) -> None:
        pass  # the timeline moves the cursor


_CLIP = 1e12  # far outside any range the plots show, and small enough for Qt's float paths


def _plottable(data: np.ndarray) -> np.ndarray:
    """Values Qt can draw: +-inf and +-1e308 clipped to +-1e12 (off the plot either way), NaN kept as a gap."""
    with np.errstate(all="ignore"):
        return np.clip(np.asarray(data, dtype=float), -_CLIP, _CLIP)
