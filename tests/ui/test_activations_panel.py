"""The activation curves and the canvas's saturation marks: which points, where, which flagged."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from rnnviz.core.equations import saturated
from rnnviz.core.lesson import load_lesson
from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.resources import default_lesson_path, find_lesson
from rnnviz.session import Session
from rnnviz.ui.activations_panel import ActivationsPanel, shown_points
from rnnviz.ui.canvas import CellDiagram

FORGET = 1


@pytest.fixture
def panel(qtbot):
    panel = ActivationsPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 300)
    panel.show()
    return panel


def test_only_the_gates_computed_so_far_are_drawn(panel):
    session = Session(load_lesson(default_lesson_path()))
    session.add_view(panel)
    assert panel.drawn() == []  # t = 0
    session.playhead.move_to(Position(2, FORGET))
    assert sorted((p.model, p.gate) for p in panel.points) == [("gru", "r")] * 3 + [("lstm", "f")] * 3
    lstm = session.traces["lstm"]
    drawn = sorted(panel.drawn())
    want = sorted([("σ", lstm.f_pre[1][u], lstm.f[1][u], False) for u in range(3)]
                  + [("σ", session.traces["gru"].r_pre[1][u], session.traces["gru"].r[1][u], False)
                     for u in range(3)])  # fmt: skip
    assert len(drawn) == len(want)
    for got, expected in zip(drawn, want, strict=True):
        assert got[0] == expected[0]
        assert got[1:3] == pytest.approx(expected[1:3])
    assert sorted(panel.label_texts()) == sorted(["f0", "f1", "f2", "r0", "r1", "r2"])
    session.playhead.move_to(Position(2, LAST_STAGE))
    assert len(panel.points) == 3 * (1 + 4 + 3)  # SimpleRNN h, LSTM i f g o, GRU r z n
    assert {a for a, *_ in panel.drawn()} == {"σ", "tanh"}
    session.select_unit(1)
    assert all(text.startswith(("h1", "i1", "f1", "C̃1", "o1", "r1", "z1", "n1")) for text in panel.label_texts())


def test_saturated_units_are_ringed_and_flagged_on_the_canvas(panel, qtbot):
    session = Session(load_lesson(find_lesson("long_range")))
    session.add_view(panel)
    canvas = CellDiagram()
    qtbot.addWidget(canvas)
    canvas.resize(1400, 800)
    canvas.show()
    session.add_view(canvas)
    session.playhead.move_to(Position(3, LAST_STAGE))
    flagged = {(p.model, p.gate) for p in panel.points if p.saturated}
    assert ("lstm", "f") in flagged
    assert ("lstm", "i") in flagged
    assert ("lstm", "g") not in flagged
    assert sum(s for *_, s in panel.drawn()) == len([p for p in panel.points if p.saturated])
    assert any("⚠" in text for text in panel.label_texts())
    lstm = session.traces["lstm"]
    for gate in ("f", "i", "o"):
        np.testing.assert_array_equal(canvas.strips[f"lstm.{gate}"].saturated, saturated(lstm.value(gate, 3), "σ"))
    assert canvas.strips["lstm.g"].saturated is None  # nothing flagged: no mask at all
    assert canvas.strips["lstm.c"].saturated is None  # a state, not a gate
    rnn_h = session.traces["rnn"].h[3]
    assert (canvas.strips["rnn.h"].saturated is not None) == bool(saturated(rnn_h, "tanh").any())
    session.playhead.move_to(Position(3, backward=True))  # gradients are not on a curve: only f keeps its flag
    assert canvas.strips["lstm.h"].saturated is None
    np.testing.assert_array_equal(canvas.strips["lstm.f"].saturated, saturated(lstm.f[2], "σ"))


def test_a_hidden_panel_waits_and_the_points_match_the_rule(panel):
    session = Session(load_lesson(default_lesson_path()))
    session.add_view(panel)
    panel.hide()
    session.playhead.move_to(Position(1, LAST_STAGE))
    assert panel.points == []
    panel.show()
    assert panel.points == shown_points(session, Position(1, LAST_STAGE))
    assert shown_points(session, Position(1, backward=True)) == shown_points(session, Position(1, LAST_STAGE))


def test_the_curves_their_flat_ends_and_where_each_point_and_label_sits(panel):
    from rnnviz.core.cells import sigmoid
    from rnnviz.ui.activations_panel import X_LIMIT

    sigma, tanh = ((curve.x, curve.y) for curve in panel.curves)
    np.testing.assert_allclose(sigma[1], sigmoid(sigma[0]))
    np.testing.assert_allclose(tanh[1], np.tanh(tanh[0]))
    assert sigma[0][0] == -X_LIMIT
    assert sigma[0][-1] == X_LIMIT
    ends = [level for plot in panel.plots.values() for level in plot.levels]
    assert sorted(ends) == pytest.approx([-0.99, 0.01, 0.99, 0.99])
    session = Session(load_lesson(find_lesson("long_range")))
    session.add_view(panel)
    session.playhead.move_to(Position(1, LAST_STAGE))
    sizes = {(a, round(x, 6), round(y, 6)): s for a, x, y, s in panel.drawn()}
    for p in panel.points:
        x = float(np.clip(p.pre, -X_LIMIT, X_LIMIT))
        assert sizes[(p.activation, round(x, 6), round(p.value, 6))] == p.saturated
    f = next(p for p in panel.points if p.gate == "f")  # pre = 20: drawn at the right edge, labelled to its left
    label = next(label for label in panel.labels if label.text.startswith("f0"))
    assert label.x == X_LIMIT
    assert label.right_of_text
    assert f.pre > X_LIMIT
    for label in panel.labels:  # right of its point on the left half, left of it on the right half
        assert label.right_of_text == (label.x > 0)
    session.playhead.move_to(Position(2, LAST_STAGE))  # "x": the input gate shut, pre = -30 at the left edge
    i = next(label for label in panel.labels if label.text.startswith("i0"))
    assert i.x == -X_LIMIT
    assert not i.right_of_text
    low, high = panel.plots["σ"].x_range
    assert high == pytest.approx(X_LIMIT, rel=0.05)
    count = sum(p.saturated for p in panel.points)
    assert f"{count} saturated" in panel.note


def test_more_than_four_units_label_only_the_selected_units_points(panel):
    from rnnviz.core.lesson import new_lesson

    session = Session(new_lesson(["a", "b"], models=("lstm",), hidden_size=5, embedding_size=3, seed=1))
    session.add_view(panel)
    session.playhead.move_to(Position(1, LAST_STAGE))
    assert len(panel.points) == 4 * 5
    assert panel.label_texts() == []
    session.select_unit(3)
    assert sorted(panel.label_texts()) == sorted(f"{g}3" for g in ("i", "f", "C̃", "o"))
    low, high = panel.plots["σ"].x_range  # wide enough for every point, and symmetric
    assert low == -high
    assert all(low < max(min(p.pre, 12), -12) < high for p in panel.points if p.activation == "σ")


def test_labels_do_not_pile_up_and_four_units_are_all_labelled(panel):
    from rnnviz.core.lesson import new_lesson

    session = Session(new_lesson(["a", "b", "c"], models=("gru",), hidden_size=4, embedding_size=2, seed=2))
    session.add_view(panel)
    for step in (1, 2, 3, 2):
        session.playhead.move_to(Position(step, LAST_STAGE))
        drawn = [label for plot in panel.plots.values() for label in plot.labels]
        assert len(drawn) == len(panel.labels) == 3 * 4  # r, z, n of 4 units: every one labelled, none left over


def test_the_curves_take_the_theme_in_force(qtbot):
    from rnnviz.ui import colors

    panel = ActivationsPanel()
    qtbot.addWidget(panel)
    try:
        colors.set_theme("dark")
        panel.apply_theme()
        assert panel.curves[0].color == colors.WIRE  # the dark theme's
        assert colors.html("text") in panel.plots["σ"].title
        panel.resize(420, 300)
        image = panel.grab().toImage()
        assert image.pixelColor(2, 2) == colors.PAPER
        colors.set_theme("light")
        panel.apply_theme()
        assert panel.curves[0].color == colors.WIRE  # and back
        assert panel.grab().toImage().pixelColor(2, 2) == colors.PAPER
    finally:
        colors.set_theme("light")


def _pixel(panel, activation: str, x: float, y: float):
    plot = panel.plots[activation]
    point = plot.to_pixel(x, y)
    return panel.grab().toImage().pixelColor(round(point.x()), round(point.y()))


def test_what_the_panel_paints_the_curves_the_points_and_their_rings(panel, qtbot):
    from rnnviz.core.cells import sigmoid
    from rnnviz.ui.colors import PAPER, SATURATED, WIRE
    from rnnviz.ui.timeline import MODEL_COLORS

    def pixel(image, activation, x, y, dy=0):
        point = panel.plots[activation].to_pixel(x, y)
        return image.pixelColor(round(point.x()), round(point.y()) + dy)

    panel.resize(900, 500)
    session = Session(load_lesson(default_lesson_path()))
    session.add_view(panel)
    session.playhead.move_to(Position(2, LAST_STAGE))
    image = panel.grab().toImage()
    assert image.pixelColor(panel.width() // 2, 1) == PAPER
    drawn = panel.drawn()
    for x in (-4.0, -2.5, 2.5, 4.0):  # the curves where no point sits: σ(x) and tanh(x) in the wire colour
        for activation, y in (("σ", float(sigmoid(np.array(x)))), ("tanh", float(np.tanh(x)))):
            if any(abs(px - x) < 0.8 for a, px, _, _ in drawn if a == activation):
                continue
            # the darkest of the pixels the 2-pixel line covers at x
            color = min((pixel(image, activation, x, y, dy) for dy in (-1, 0, 1)), key=QColor.lightness)
            assert abs(color.red() - WIRE.red()) < 40, (activation, x, color.name())
    model_of = {(p.activation, p.pre, p.value): p.model for p in panel.points}
    checked = 0
    for activation, x, y, ringed in drawn:  # filled in its model's colour where no other point is near
        assert not ringed
        here = panel.plots[activation].to_pixel(x, y)
        near = [1 for a, x2, y2, _ in drawn if a == activation and (x2, y2) != (x, y)
                and (panel.plots[a].to_pixel(x2, y2) - here).manhattanLength() < 14]  # fmt: skip
        if near:  # (a label is drawn above its point, not over its centre)
            continue
        expected = QColor(MODEL_COLORS[model_of[(activation, x, y)]])
        color = pixel(image, activation, x, y)
        assert max(abs(color.red() - expected.red()), abs(color.blue() - expected.blue())) < 40, color.name()
        checked += 1
    assert checked >= 2
    session.load(load_lesson(find_lesson("long_range")), None)
    session.playhead.move_to(Position(1, LAST_STAGE))
    image = panel.grab().toImage()
    activation, x, y, ringed = panel.drawn()[0]
    assert ringed
    # the ring: near black on the light theme, 6 pixels from the centre
    point = panel.plots[activation].to_pixel(x, y)
    ring = [image.pixelColor(round(point.x() + dx), round(point.y())) for dx in (-6, 6)]
    assert all(c.lightness() < SATURATED.lightness() + 60 for c in ring), [c.name() for c in ring]


def test_points_and_labels_as_painted(panel):

    session = Session(load_lesson(find_lesson("long_range")))
    session.add_view(panel)
    session.playhead.move_to(Position(1, LAST_STAGE))
    rings = {spot[2] for plot in panel.plots.values() for spot in plot.spots}
    session.load(load_lesson(default_lesson_path()), None)  # and calm points beside the saturated ones
    session.playhead.move_to(Position(2, LAST_STAGE))
    rings |= {spot[2] for plot in panel.plots.values() for spot in plot.spots}
    assert rings == {True, False}
    for lesson, step in (("long_range", 1), ("default", 2)):
        session.load(load_lesson(find_lesson(lesson)), None)
        session.playhead.move_to(Position(step, LAST_STAGE))
        _check_painted_points(panel)


def _check_painted_points(panel):
    from PySide6.QtGui import QFontMetricsF

    from rnnviz.ui.activations_panel import LABEL_POINTS
    from rnnviz.ui.colors import PAPER, SATURATED, WIRE
    from rnnviz.ui.timeline import MODEL_COLORS

    from .test_plotting import Recorder

    panel.place()
    for activation, plot in panel.plots.items():
        recorder = Recorder()
        plot.paint_view(recorder)  # the curve, painted once into the panel's picture
        assert recorder.of("ellipse") == []
        pieces = recorder.of("polyline")  # σ or tanh itself, under the points, in pieces
        ends = [(op[1][0][0], op[1][0][-1]) for op in pieces]
        assert all(start == end for (_, end), (start, _) in zip(ends, ends[1:], strict=False))  # one line
        assert ends[0][0].x() == pytest.approx(plot.to_pixel(-12.0, 0.0).x())  # from end to end
        assert ends[-1][1].x() == pytest.approx(plot.to_pixel(12.0, 0.0).x())
        assert all(op[2].color() == WIRE for op in pieces)
        assert all(op[2].widthF() == 2 for op in pieces)
        assert plot.curves[0].always_soft  # smooth, and painted once: antialiased
        recorder = Recorder()
        plot.paint_points(recorder)  # at each step, over the picture
        kinds = [op[0] for op in recorder.ops]
        assert kinds[:3] == ["save", "setClipRect", "setRenderHint"]  # the points within the view
        assert recorder.ops[1][1] == (plot.view,)
        ellipses = recorder.of("ellipse")
        assert len(ellipses) == len(plot.spots)
        for (_, (center, rx, ry), pen, brush, _), (x, y, ringed, model) in zip(ellipses, plot.spots, strict=True):
            assert center == plot.to_pixel(x, y)
            assert rx == ry == (6.5 if ringed else 5.0)  # 13 and 10 pixels across
            assert brush == QColor(MODEL_COLORS[model])
            assert pen.color() == (SATURATED if ringed else PAPER)
            assert pen.widthF() == (3 if ringed else 1)  # a thick ring marks a saturated unit
        last_restore = max(k for k, op in enumerate(recorder.ops) if op[0] == "restore")
        texts = [op for op in recorder.ops[last_restore:] if op[0] == "text"]  # the labels are not clipped
        assert [op[1][1] for op in texts] == [label.text for label in plot.labels]
        for (_, (at, text), pen, _, font), label in zip(texts, plot.labels, strict=True):
            metrics = QFontMetricsF(font)
            point = plot.to_pixel(label.x, label.y)
            assert font.pointSize() == LABEL_POINTS
            assert pen.color() == label.color
            assert at.y() == pytest.approx(point.y() - metrics.descent())  # just above its point
            # ending at the point right of the middle, starting at it left of the middle
            edge = at.x() + metrics.horizontalAdvance(text) if label.right_of_text else at.x()
            assert edge == pytest.approx(point.x()), activation


def test_labels_turn_towards_the_middle_at_zero(panel):
    from rnnviz.core.lesson import new_lesson

    session = Session(new_lesson(["a", "b", "c", "d"], models=("lstm",), hidden_size=4, embedding_size=3, seed=5))
    session.add_view(panel)
    seen = []
    for step in (1, 2, 3, 4):
        session.playhead.move_to(Position(step, LAST_STAGE))
        seen += [(label.x, label.right_of_text) for label in panel.labels]
    assert all(right == (x > 0) for x, right in seen)
    assert any(0 < x <= 1 for x, _ in seen)  # near the middle on the right: still to the left of the point


def test_the_plots_sit_over_the_note_and_under_their_titles(panel, qtbot):
    from rnnviz.ui.activations_panel import NOTE_GAP
    from rnnviz.ui.colors import PAPER
    from rnnviz.ui.plotting import TITLE_TOP, Fonts

    session = Session(load_lesson(default_lesson_path()))
    assert panel.place() is None  # nothing shown yet: no note
    assert panel.note_top == panel.height()
    session.add_view(panel)
    session.playhead.move_to(Position(2, LAST_STAGE))
    note = panel.place()
    assert note is not None
    assert note.textWidth() == panel.width() - 2 * NOTE_GAP  # wrapped to the panel
    assert panel.note_top == pytest.approx(panel.height() - note.size().height() - NOTE_GAP)
    fonts = Fonts(panel.font())
    title = max(fonts.title(plot.title).size().height() for plot in panel.plots.values())
    metrics = fonts.tick_metrics
    for plot in panel.plots.values():
        assert plot.view.top() == pytest.approx(TITLE_TOP + title + NOTE_GAP)
        boxes = plot.tick_boxes(metrics)
        assert boxes
        for box, _ in boxes:  # the numbers under the plot end just above the note
            assert panel.note_top - 2 <= box.bottom() <= panel.note_top
    left, right = panel.plots["σ"].view, panel.plots["tanh"].view
    assert left.right() < right.left() - 40  # side by side, the second's axis between them
    assert right.right() <= panel.width()
    image = panel.grab().toImage()  # the note is painted where it was placed: ink on its first line
    row = round(panel.note_top + note.size().height() / 4)
    assert any(image.pixelColor(x, row) != PAPER for x in range(int(NOTE_GAP), 200))
    panel.resize(12, 300)
    assert panel.place().textWidth() == 10  # a sliver of a panel: the note wraps at 10 pixels, not less


def test_a_new_font_is_the_one_the_axes_are_labelled_in(panel):
    from .test_plotting import Recorder

    font = panel.font()
    font.setPointSizeF(font.pointSizeF() + 3)
    panel.setFont(font)
    panel.place()
    recorder = Recorder()
    panel.plots["σ"].paint(recorder, panel._fonts)
    numbers = [op for op in recorder.of("text") if op[1][2] in ("0", "0.5", "1")]
    assert numbers
    assert all(op[4].pointSizeF() == font.pointSizeF() for op in numbers)


def test_a_point_that_is_not_a_number_is_left_off(panel, monkeypatch):
    import math

    from rnnviz.core.equations import ActivationPoint
    from rnnviz.ui import activations_panel

    points = [ActivationPoint("lstm", "f", 0, math.nan, math.nan, "σ"), ActivationPoint("lstm", "f", 1, 0.5, 0.62, "σ"),
              ActivationPoint("lstm", "f", 2, math.inf, 1.0, "σ")]  # fmt: skip
    monkeypatch.setattr(activations_panel, "shown_points", lambda session, position: points)
    session = Session(load_lesson(default_lesson_path()))
    session.add_view(panel)
    session.playhead.move_to(Position(1, LAST_STAGE))
    assert [(x, y) for _, x, y, _ in panel.drawn()] == [(0.5, 0.62), (12.0, 1.0)]  # +inf at the right end


def test_a_step_paints_its_points_over_a_picture_of_the_curves(panel, qtbot):
    from rnnviz.ui import colors

    session = Session(load_lesson(default_lesson_path()))
    session.add_view(panel)
    session.playhead.move_to(Position(1, LAST_STAGE))
    panel.repaint()
    picture = panel._curves[1]
    session.playhead.move_to(Position(2, LAST_STAGE))
    panel.repaint()
    assert panel.plots["σ"].x_range == pytest.approx((-6.12, 6.12))  # the same ranges as at step 1:
    assert panel._curves[1] is picture  # the same picture
    shown = panel.grab().toImage()
    panel._curves = None  # painted from scratch, the same
    assert panel.grab().toImage() == shown
    panel.resize(500, 320)
    panel.repaint()
    assert panel._curves[1].size().width() == 500 * panel.devicePixelRatioF()
    try:
        colors.set_theme("dark")
        panel.apply_theme()
        assert panel._curves is None
    finally:
        colors.set_theme("light")
        panel.apply_theme()
