"""The timeline: h(t) of both models and C(t) of the LSTM over all steps, with a cursor; click to move."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from ..core.engine import Trace

_PLOTS = (("rnn", "h", "SimpleRNN h(t)"), ("lstm", "h", "LSTM h(t)"), ("lstm", "c", "LSTM C(t)"))


class Timeline(pg.GraphicsLayoutWidget):
    """Curves are created when the lesson's shape changes and only get setData() otherwise."""

    sig_step_clicked = Signal(int)
    """The user clicked on the timeline at this timestep."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setAccessibleName("Timeline")
        self.setToolTip("Hidden state of both models and the LSTM's cell state at every timestep; click to jump there")
        self.plots: dict[tuple[str, str], pg.PlotItem] = {}
        self.curves: dict[tuple[str, str], list[pg.PlotDataItem]] = {}
        self.cursors: list[pg.InfiniteLine] = []
        self._ticks: list[tuple[float, str]] = []
        for column, (model, quantity, title) in enumerate(_PLOTS):
            plot = self.addPlot(row=0, col=column)
            plot.setTitle(title, color="#333", size="10pt")
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            plot.setYRange(-1.05, 1.05, padding=0)
            plot.getAxis("bottom").setHeight(38)
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#e67e22", width=2))
            plot.addItem(cursor)
            self.cursors.append(cursor)
            self.plots[(model, quantity)] = plot
            self.curves[(model, quantity)] = []
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_traces(self, traces: dict[str, Trace]) -> None:
        for (model, quantity), plot in self.plots.items():
            trace = traces.get(model)
            curves = self.curves[(model, quantity)]
            data = None if trace is None else trace.quantities[quantity]
            units = 0 if data is None else data.shape[1]
            while len(curves) > units:
                plot.removeItem(curves.pop())
            while len(curves) < units:
                k = len(curves)
                curve = plot.plot(pen=pg.mkPen(pg.intColor(k, hues=max(units, 1), minValue=150), width=2),
                                  symbol="o", symbolSize=5)  # fmt: skip
                curves.append(curve)
            if data is not None:
                steps = np.arange(data.shape[0])
                for k, curve in enumerate(curves):
                    curve.setData(steps, data[:, k])
                peak = float(np.max(np.abs(data))) if data.size else 1.0
                limit = max(1.05, min(peak * 1.05, 1e6))
                plot.setYRange(-limit, limit, padding=0)
                plot.setXRange(0, max(len(trace.tokens), 1), padding=0.06)
                tokens = trace.tokens
                if len(tokens) <= 30:
                    ticks = [(0, "0")] + [(k + 1, f"{k + 1}\n{tok[:8]}") for k, tok in enumerate(tokens)]
                    plot.getAxis("bottom").setTicks([ticks])
                else:
                    plot.getAxis("bottom").setTicks(None)
            plot.setVisible(data is not None)

    def set_step(self, step: float) -> None:
        for cursor in self.cursors:
            cursor.setValue(step)

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        for plot in self.plots.values():
            if plot.isVisible() and plot.sceneBoundingRect().contains(event.scenePos()):
                x = plot.vb.mapSceneToView(event.scenePos()).x()
                self.sig_step_clicked.emit(max(0, int(round(x))))
                return
