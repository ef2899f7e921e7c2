"""The plot kit the timeline and the activation curves are painted with: its rules without a
window, and what a plot paints where, read from a stand-in for QPainter that records each call."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from rnnviz.ui.colors import SATURATED, WIRE, html
from rnnviz.ui.plotting import (
    AXIS_LABEL_WIDTH,
    LEFT_AXIS_WIDTH,
    MARGIN,
    PIECE,
    PLOT_GAP,
    SMALLEST_POINTS,
    TICK_LENGTH,
    TITLE_TOP,
    Curve,
    Fonts,
    Plot,
    columns,
    envelope,
    fitted,
    nice_ticks,
    spaced,
)


# -- rules without a window ---------------------------------------------------------------------
def test_nice_ticks_are_round_and_at_most_five():
    assert nice_ticks(-3.0, 3.0) == [(-2.0, "-2"), (0.0, "0"), (2.0, "2")]
    assert nice_ticks(-1.05, 1.05) == [(-1.0, "-1"), (-0.5, "-0.5"), (0.0, "0"), (0.5, "0.5"), (1.0, "1")]
    assert nice_ticks(-2.55, 2.55) == [(-2.0, "-2"), (-1.0, "-1"), (0.0, "0"), (1.0, "1"), (2.0, "2")]  # a unit apart
    assert nice_ticks(0.0, 4.0) == [(0.0, "0"), (1.0, "1"), (2.0, "2"), (3.0, "3"), (4.0, "4")]  # ten tenths apart
    assert [t for _, t in nice_ticks(-1e6, 1e6)] == ["-1e+06", "-500000", "0", "500000", "1e+06"]
    assert nice_ticks(0.1, 0.7) == [(0.2, "0.2"), (0.4, "0.4"), (0.6, "0.6")]  # no 0.6000000000000001
    for low, high in ((-1.37, 1.37), (-12.0, 12.0), (-0.2, 5.0), (3.0, 3.0001)):
        ticks = nice_ticks(low, high)
        assert 1 <= len(ticks) <= 5, (low, high, ticks)
        assert all(low <= v <= high for v, _ in ticks)
    assert nice_ticks(1.0, 1.0) == []
    assert nice_ticks(0.0, math.inf) == []


def test_columns_share_the_width_equally_after_each_axis():
    placed = columns(1000, [44, 44, 58])
    widths = [width for _, width in placed]
    assert widths == pytest.approx([(1000 - 2 * MARGIN - 146 - 2 * PLOT_GAP) / 3] * 3)
    assert placed[0][0] == MARGIN + 44
    assert placed[1][0] == pytest.approx(placed[0][0] + widths[0] + PLOT_GAP + 44)
    assert placed[2][0] + widths[2] == pytest.approx(1000 - MARGIN)  # the last view ends at the margin
    assert columns(1000, []) == []
    assert columns(10, [44, 44])[0][1] == 1.0  # never a view of no width


def test_spaced_labels_keep_their_distance():
    assert spaced([200.0, 180.0, 160.0, 140.0, 120.0], 15) == [0, 1, 2, 3, 4]  # room for all
    assert spaced([200.0, 190.0, 180.0, 170.0, 160.0], 15) == [0, 2, 4]  # every other one
    assert spaced([10.0, 20.0, 25.0, 40.0], 15) == [0, 2, 3]  # exactly the gap is enough
    assert spaced([], 15) == []


def test_a_label_too_long_for_its_axis_shrinks_then_is_cut_short(qapp):
    font = QFont()
    font.setPointSizeF(8)
    text = "dependence on x(1), log"
    width = QFontMetricsF(font).horizontalAdvance(text)
    assert fitted(font, text, width) == (font, text)  # exactly enough room: as it is
    smaller, whole = fitted(font, text, width * 0.9)
    assert whole == text
    assert 6.5 < smaller.pointSizeF() <= 7.2  # shrunk about as the room is
    assert QFontMetricsF(smaller).horizontalAdvance(text) <= width * 0.9
    for room in (40.0, 3.0):
        tiny, cut = fitted(font, text, room)
        assert tiny.pointSizeF() == SMALLEST_POINTS
        assert cut.endswith("…") or cut == ""
        assert QFontMetricsF(tiny).horizontalAdvance(cut) <= room
    pixels = QFont()
    pixels.setPixelSize(11)  # a font sized in pixels keeps its size and is cut short
    same, cut = fitted(pixels, text, 40.0)
    assert same.pixelSize() == 11
    assert cut.endswith("…")


def test_the_small_font_is_smaller_than_the_titles_and_titles_are_laid_out_once(qapp):
    fonts = Fonts(QFont())
    assert fonts.ticks == QFont()
    assert fonts.small.pointSizeF() < fonts.heading.pointSizeF()
    first = fonts.title("<b>LSTM h(t)</b>")
    assert fonts.title("<b>LSTM h(t)</b>") is first
    assert fonts.title("<b>GRU h(t)</b>") is not first
    assert first.size().width() > 0


def test_a_plot_with_words_beside_its_axis_is_that_much_wider():
    plot = Plot()
    assert plot.left_width == LEFT_AXIS_WIDTH
    plot.axis_label = "dependence on x(1), log"
    assert plot.left_width == LEFT_AXIS_WIDTH + AXIS_LABEL_WIDTH


# -- what a plot paints -----------------------------------------------------------------------
class Recorder:
    """Stands in for a QPainter: records each drawing call with the pen, brush and font in force."""

    def __init__(self):
        self.pen, self.brush, self.font, self.ops = QPen(), None, QFont(), []

    def setPen(self, pen):
        self.pen = QPen(pen)

    def setBrush(self, brush):
        self.brush = QColor(brush)

    def setFont(self, font):
        self.font = QFont(font)

    def _record(self, kind, *args):
        self.ops.append((kind, args, QPen(self.pen), self.brush, QFont(self.font)))

    def drawLine(self, a, b):
        self._record("line", QPointF(a), QPointF(b))

    def drawText(self, *args):
        self._record("text", *args)

    def drawStaticText(self, point, text):
        self._record("static", QPointF(point), text)

    def drawPolyline(self, points):
        self._record("polyline", [QPointF(p) for p in points])

    def drawPoint(self, point):
        self._record("point", QPointF(point))

    def drawEllipse(self, center, rx, ry):
        self._record("ellipse", QPointF(center), rx, ry)

    def drawImage(self, rect, image):
        self._record("image", QRectF(rect), image)

    def __getattr__(self, name):  # save, restore, translate, rotate, setClipRect, setRenderHint
        return lambda *args: self._record(name, *args)

    def of(self, kind):
        return [op for op in self.ops if op[0] == kind]


VIEW = QRectF(100.0, 40.0, 300.0, 200.0)


def _plot() -> Plot:
    plot = Plot()
    plot.view = QRectF(VIEW)
    plot.setXRange(0.0, 4.0)
    plot.setYRange(-1.05, 1.05)
    plot.y_ticks = nice_ticks(-1.05, 1.05) + [(2.0, "2")]  # the last one is off the view
    plot.x_ticks = [(0, "0"), (1, "1\n我"), (3, "3\n祖国")]
    return plot


def _paint(plot) -> Recorder:
    recorder = Recorder()
    plot.paint(recorder, Fonts(QFont()))
    return recorder


def _lines_at_y(recorder, y):
    return [op for op in recorder.of("line") if op[1][0].y() == pytest.approx(y) and op[1][1].y() == pytest.approx(y)]


def test_the_value_axis_grid_lines_tick_marks_and_labels(qapp):
    plot = _plot()
    recorder = _paint(plot)
    faint = QColor(WIRE)
    faint.setAlpha(50)
    for value, text in plot.y_ticks[:5]:
        y = VIEW.bottom() - (value + 1.05) / 2.1 * VIEW.height()
        grid, tick = _lines_at_y(recorder, y)
        assert (grid[1][0], grid[1][1]) == (QPointF(VIEW.left(), y), QPointF(VIEW.right(), y))  # across the view
        assert grid[2].color() == faint
        assert grid[2].widthF() == 1
        assert (tick[1][0], tick[1][1]) == (QPointF(VIEW.left() - TICK_LENGTH, y), QPointF(VIEW.left(), y))
        assert tick[2].color() == WIRE
        assert tick[2].widthF() == 1
        label = next(op for op in recorder.of("text") if op[1][2] == text)
        box, flags = label[1][0], label[1][1]
        assert flags == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        assert box.center().y() == pytest.approx(y)  # level with its tick
        assert box.left() == VIEW.left() - LEFT_AXIS_WIDTH  # in the axis, ending 3 pixels before the tick
        assert box.right() == pytest.approx(VIEW.left() - TICK_LENGTH - 3)
    assert not any(op[1][2] == "2" for op in recorder.of("text"))  # 2 is off the view: not drawn
    assert len(recorder.of("line")) == 2 * 5 + 2 * 3 + 2  # grids and ticks of both axes, the two axis lines


def test_the_x_axis_grid_lines_tick_marks_and_labels(qapp):
    plot = _plot()
    recorder = _paint(plot)
    metrics = QFontMetricsF(QFont())
    for step, text in plot.x_ticks:
        x = VIEW.left() + step / 4.0 * VIEW.width()
        vertical = [op for op in recorder.of("line") if op[1][0].x() == pytest.approx(x) == op[1][1].x()]
        grid = next(op for op in vertical if op[1][0].y() == VIEW.top())
        tick = next(op for op in vertical if op[1][0].y() == VIEW.bottom())
        assert grid[1][1].y() == VIEW.bottom()
        assert grid[2].color().alpha() == 50
        assert grid[2].widthF() == 1
        assert tick[1][1].y() == VIEW.bottom() + TICK_LENGTH
        assert tick[2].color() == WIRE
        assert tick[2].widthF() == 1
        under = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        (label,) = [op for op in recorder.of("text") if op[1][2] == text and op[1][1] == under]
        box = label[1][0]
        assert box.center().x() == pytest.approx(x)  # centred under its tick
        assert box.top() == VIEW.bottom() + TICK_LENGTH + 2
        assert box.width() == pytest.approx(max(metrics.horizontalAdvance(line) for line in text.split("\n")))
    for ends in ((VIEW.bottomLeft(), VIEW.bottomRight()), (VIEW.topLeft(), VIEW.bottomLeft())):  # the two axes
        (axis,) = [op for op in recorder.of("line") if op[1] == ends and op[2].color().alpha() == 255]
        assert axis[2].color() == WIRE
        assert axis[2].widthF() == 1


def test_words_beside_the_value_axis_read_upwards_along_the_view(qapp):
    plot = _plot()
    plot.axis_label = "dependence on x(1), log"
    recorder = _paint(plot)
    kinds = [op[0] for op in recorder.ops]
    start = kinds.index("translate")
    assert kinds[start - 1 : start + 4] == ["save", "translate", "rotate", "text", "restore"]
    assert recorder.ops[start][1] == (VIEW.left() - LEFT_AXIS_WIDTH - AXIS_LABEL_WIDTH, VIEW.bottom())
    assert recorder.ops[start + 1][1] == (-90,)
    text = recorder.ops[start + 2]
    assert text[1] == (QRectF(0, 0, VIEW.height(), AXIS_LABEL_WIDTH), Qt.AlignmentFlag.AlignCenter, plot.axis_label)
    assert text[2].color() == QColor(html("soft"))
    assert text[4].pointSizeF() == Fonts(QFont()).small.pointSizeF()


def test_a_title_is_centred_over_its_plot_and_cut_at_its_edges(qapp):
    fonts = Fonts(QFont())
    for title in ("<b>LSTM h(t)</b>", "<b>" + "a very long title " * 8 + "</b>"):
        plot = _plot()
        plot.title = title
        recorder = Recorder()
        plot.paint(recorder, fonts)
        left = VIEW.left() - LEFT_AXIS_WIDTH
        column = QRectF(left, TITLE_TOP, VIEW.width() + LEFT_AXIS_WIDTH, VIEW.top() - TITLE_TOP)
        (static,) = recorder.of("static")
        width = fonts.title(title).size().width()
        assert static[1][0] == QPointF(column.left() + max((column.width() - width) / 2, 0.0), TITLE_TOP)
        clip = recorder.ops[recorder.ops.index(static) - 1]
        assert clip[:2] == ("setClipRect", (column,))
    plot = _plot()
    assert _paint(plot).of("static") == []  # no title: nothing


def test_a_curve_is_a_polyline_per_run_of_finite_values(qapp):
    plot = _plot()
    solid = Curve(QColor("#2471a3"), width=3)
    solid.set_data(np.arange(7.0), [0.0, 0.5, math.nan, 0.2, math.nan, 0.7, -0.1])
    dashed = Curve(QColor("#1e8449"), dashed=True)
    dashed.set_data([0.0, 1.0], [0.3, 0.4])
    never = Curve(QColor("#c0392b"))  # no data: nothing drawn
    plot.curves = [solid, dashed, never]
    recorder = _paint(plot)
    clip = next(k for k, op in enumerate(recorder.ops) if op[:2] == ("setClipRect", (VIEW,)))
    assert recorder.ops[clip + 1][:2] == ("setRenderHint", (QPainter.RenderHint.Antialiasing,))
    drawn = [op for op in recorder.ops if op[0] in ("polyline", "point")]
    assert recorder.ops.index(drawn[0]) > clip  # inside the view's clip
    assert [op[0] for op in drawn] == ["polyline", "point", "polyline", "polyline"]
    assert drawn[0][1][0] == [plot.to_pixel(0, 0.0), plot.to_pixel(1, 0.5)]
    assert drawn[1][1][0] == plot.to_pixel(3, 0.2)  # a value alone between two gaps: a point
    assert drawn[2][1][0] == [plot.to_pixel(5, 0.7), plot.to_pixel(6, -0.1)]
    for op in drawn[:3]:
        assert op[2].color() == QColor("#2471a3")
        assert op[2].widthF() == 3
        assert op[2].style() == Qt.PenStyle.SolidLine
        assert op[2].capStyle() == Qt.PenCapStyle.RoundCap
    assert drawn[3][2].style() == Qt.PenStyle.DashLine
    assert drawn[3][2].widthF() == 2


def test_a_value_far_off_the_view_is_drawn_towards_it_without_overflowing(qapp):
    plot = _plot()
    curve = Curve(QColor("#2471a3"))
    curve.set_data([0.0, 1.0, 2.0], [0.0, 1e12, -1e12])
    plot.curves = [curve]
    (line,) = _paint(plot).of("polyline")
    ys = [point.y() for point in line[1][0]]
    assert ys[1] == VIEW.top() - 1e5  # up, far beyond the top
    assert ys[2] == VIEW.bottom() + 1e5


def test_levels_are_dotted_lines_across_the_view(qapp):
    plot = _plot()
    plot.levels = [0.01, 0.99]
    recorder = _paint(plot)
    for level in plot.levels:
        y = plot.to_pixel(0.0, level).y()
        (dotted,) = [op for op in _lines_at_y(recorder, y) if op[2].style() == Qt.PenStyle.DotLine]
        assert (dotted[1][0].x(), dotted[1][1].x()) == (VIEW.left(), VIEW.right())
        assert dotted[2].color() == SATURATED
        assert dotted[2].widthF() == 1


def test_steps_and_values_map_to_pixels_and_back():
    plot = _plot()
    assert plot.to_pixel(0.0, -1.05) == VIEW.bottomLeft()
    assert plot.to_pixel(4.0, 1.05) == VIEW.topRight()
    assert plot.from_pixel(QPointF(250.0, 140.0)) == pytest.approx((2.0, 0.0))
    flat = Plot()
    flat.view = QRectF(10, 10, 0, 0)  # not laid out yet: no division by zero
    assert all(math.isfinite(v) for v in flat.from_pixel(QPointF(10, 10)))


def test_a_dense_line_is_drawn_through_each_pixel_columns_lowest_and_highest_points():
    px = np.linspace(0.0, 9.99, 1000)  # a hundred points in each of ten pixel columns
    py = 50 + 40 * np.sin(px * 3.0)
    xs, ys = envelope(px, py)
    assert len(xs) == len(ys) == 20
    for column in range(10):
        inside = py[(px >= column) & (px < column + 1)]
        pair = ys[2 * column : 2 * column + 2]
        assert sorted(pair) == [inside.min(), inside.max()]
        rising = inside[-1] <= inside[0]  # on screen: y falls as the line rises
        assert pair == ([inside.max(), inside.min()] if rising else [inside.min(), inside.max()])
        assert column <= xs[2 * column] <= xs[2 * column + 1] < column + 1
    few = np.array([0.0, 1.0, 2.5]), np.array([5.0, 6.0, 7.0])
    assert envelope(*few) == ([0.0, 1.0, 2.5], [5.0, 6.0, 7.0])  # sparse: every point


def test_a_long_line_is_drawn_in_joined_pieces_and_its_dashes_run_on(qapp):
    plot = _plot()
    plot.setXRange(0.0, 100.0)  # a hundred steps on 300 pixels: three pixels a step, soft edges
    solid, dashed = Curve(QColor("#2471a3")), Curve(QColor("#1e8449"), dashed=True)
    for curve in (solid, dashed):
        curve.set_data(np.arange(100.0), np.sin(np.arange(100.0) / 7))
    plot.curves = [solid, dashed]
    recorder = _paint(plot)
    kinds = [op[0] for op in recorder.ops]
    first = kinds.index("polyline")
    assert recorder.ops[first - 1][:2] == ("setRenderHint", (QPainter.RenderHint.Antialiasing, True))
    pieces = recorder.of("polyline")
    solid_pieces = [op for op in pieces if op[2].style() == Qt.PenStyle.SolidLine]
    assert [len(op[1][0]) for op in solid_pieces] == [PIECE + 1, PIECE + 1, PIECE + 1, 100 - 3 * PIECE]
    for before, after in zip(solid_pieces, solid_pieces[1:], strict=False):
        assert after[1][0][0] == before[1][0][-1]  # each piece starts where the last ended
    dashed_pieces = [op for op in pieces if op[2].style() == Qt.PenStyle.DashLine]
    travelled = 0.0
    for op in dashed_pieces:
        assert op[2].dashOffset() == pytest.approx(travelled / 2)  # in pen widths
        points = op[1][0]
        travelled += sum(math.dist((a.x(), a.y()), (b.x(), b.y())) for a, b in zip(points, points[1:], strict=False))
    plot.setXRange(0.0, 1000.0)  # ten steps a pixel: dense, drawn without soft edges
    dense = Curve(QColor("#2471a3"))
    dense.set_data(np.arange(1000.0), np.sin(np.arange(1000.0) / 7))
    plot.curves = [dense]
    recorder = _paint(plot)
    first = [op[0] for op in recorder.ops].index("polyline")
    assert recorder.ops[first - 1][:2] == ("setRenderHint", (QPainter.RenderHint.Antialiasing, False))
    dense.always_soft = True  # a smooth curve painted once (σ, tanh): soft however dense
    recorder = _paint(plot)
    first = [op[0] for op in recorder.ops].index("polyline")
    assert recorder.ops[first - 1][:2] == ("setRenderHint", (QPainter.RenderHint.Antialiasing, True))


def test_the_x_axis_makes_room_for_its_tallest_label(qapp):
    from rnnviz.ui.plotting import LABEL_GAP, label_height

    fonts = Fonts(QFont())
    metrics = fonts.tick_metrics
    two_lines = label_height(metrics, "3\nabc")
    assert two_lines >= 2 * metrics.height() - 0.5
    assert label_height(metrics, "0") == pytest.approx(metrics.height())
    tallest = max(two_lines, label_height(metrics, "3\n祖国"))  # a CJK token, in its fallback font, may be taller
    assert fonts.x_axis_height(["0", "3\nabc", "3\n祖国"]) == pytest.approx(TICK_LENGTH + LABEL_GAP + tallest + 1)
    plot = _plot()
    for box, text in plot.tick_boxes(metrics):  # and each label's box is as tall as it is drawn
        assert box.height() == pytest.approx(label_height(metrics, text))


def test_the_envelope_starts_above_two_points_a_column_and_pieces_end_with_the_line(qapp):
    px = np.linspace(0.0, 9.5, 20)  # exactly two points in each of ten columns: every point
    assert len(envelope(px, px * 2)[0]) == 20
    px = np.linspace(0.0, 9.99, 25)  # two and a half: two a column
    assert len(envelope(px, np.sin(px))[0]) == 20
    plot = _plot()
    plot.setXRange(0.0, 96.0)
    curve = Curve(QColor("#2471a3"))
    curve.set_data(np.arange(97.0), np.zeros(97))  # 96 segments: three whole pieces, no fourth
    plot.curves = [curve]
    assert [len(op[1][0]) for op in _paint(plot).of("polyline")] == [PIECE + 1] * 3


@pytest.mark.parametrize(("points", "soft"), [(150, True), (151, False)])
def test_soft_edges_while_a_line_has_two_pixels_a_point(qapp, points, soft):
    plot = _plot()  # 300 pixels wide
    plot.setXRange(0.0, points - 1.0)
    curve = Curve(QColor("#2471a3"))
    curve.set_data(np.arange(float(points)), np.zeros(points))
    plot.curves = [curve]
    recorder = _paint(plot)
    first = [op[0] for op in recorder.ops].index("polyline")
    assert recorder.ops[first - 1][:2] == ("setRenderHint", (QPainter.RenderHint.Antialiasing, soft))
