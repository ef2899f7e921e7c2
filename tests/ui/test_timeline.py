"""The timeline: a plot per state of each shown model, heatmaps, step labels and the memory plot."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

import rnnviz
from rnnviz.core.edits import SetTokens
from rnnviz.core.models import Position
from rnnviz.session import Session
from rnnviz.ui.plotting import PLOT_GAP, TITLE_TOP, nice_ticks
from rnnviz.ui.timeline import (
    CLICK_REACH,
    CURSOR_COLOR,
    MemoryView,
    Timeline,
    log_range,
    plot_keys,
    power_of_ten,
    power_ticks,
    thin_ticks,
)

from .test_state_panel import _session


# -- Qt-free rules ----------------------------------------------------------------------------
def test_plot_keys_follow_the_models_states():
    assert plot_keys(["rnn", "lstm", "gru"]) == [("rnn", "h"), ("lstm", "h"), ("lstm", "c"), ("gru", "h")]
    assert plot_keys(["gru"]) == [("gru", "h")]


def test_thin_ticks_keeps_every_step_when_there_is_room():
    assert thin_ticks([10, 20, 20, 30], pixels_per_step=60) == [0, 1, 2, 3]


def test_thin_ticks_always_keeps_the_last_step_and_never_overlaps():
    for T in range(1, 40):
        for pixels_per_step in (3.0, 11.0, 17.5, 30.0, 45.0):
            widths = [8.0 + 7 * (k % 5) for k in range(T + 1)]
            steps = thin_ticks(widths, pixels_per_step, gap=10)
            assert steps[-1] == T
            for a, b in zip(steps, steps[1:], strict=False):
                assert (b - a) * pixels_per_step >= (widths[a] + widths[b]) / 2 + 10, (T, pixels_per_step, steps)


def test_thin_ticks_on_fourteen_steps_keeps_several():
    steps = thin_ticks([40.0] * 15, pixels_per_step=15.0, gap=10)
    assert steps == [0, 4, 8, 14]


def test_powers_of_ten_read_as_numbers():
    assert [power_of_ten(e) for e in (-3, -1, 0, 1, 2, 12)] == ["10⁻³", "10⁻¹", "1", "10", "10²", "10¹²"]
    assert power_ticks(-3.15, 0.15) == [(-3, "10⁻³"), (-2, "10⁻²"), (-1, "10⁻¹"), (0, "1")]
    assert [e for e, _ in power_ticks(-30.2, 2.2)] == [-30, -20, -10, 0]


def test_power_ticks_at_most_five_and_edge_cases():
    assert [e for e, _ in power_ticks(-4.0, 0.0)] == [-4, -3, -2, -1, 0]  # five whole decades: every one
    assert [e for e, _ in power_ticks(-5.0, 0.0)] == [-4, -2, 0]  # six: every second
    assert power_ticks(0.2, 0.8) == []  # no whole power of ten inside
    assert [e for e, _ in power_ticks(-2000.0, 10.0)] == [-2000, -1500, -1000, -500, 0]


def test_thin_ticks_edge_cases():
    assert thin_ticks([], 10.0) == []
    assert thin_ticks([10.0], 10.0) == [0]  # only the initial state
    assert thin_ticks([10.0, 10.0, 10.0], 0.0) == [2]  # no room at all: the last step
    assert thin_ticks([10.0, 10.0, 10.0], float("nan")) == [2]
    assert thin_ticks([10.0, 10.0, 10.0], 20.0, gap=10) == [0, 1, 2]  # exactly enough room


def test_memory_range_spans_whole_decades():
    low, high = log_range(np.log10(np.array([0.9, 0.2])))
    assert (low, high) == pytest.approx((-2.15, 0.15))  # two decades at least, not ±500
    low, high = log_range(np.array([-40.0, -3.0, np.nan]))
    assert low == pytest.approx(-30.15)


# -- the widget -------------------------------------------------------------------------------
@pytest.fixture
def timeline(qtbot):
    view = Timeline()
    qtbot.addWidget(view)
    return view


def _show(timeline, qtbot, session, width=1366, height=220):
    session.add_view(timeline)
    session.add_view(MemoryView(timeline))
    timeline.resize(width, height)
    timeline.show()
    qtbot.waitExposed(timeline)
    qtbot.waitUntil(lambda: timeline.picture is not None)  # painted once


def _drawn_labels(timeline, plot) -> list[tuple[float, float, str]]:
    """(left, right, text) of every step label the plot paints."""
    return [(box.left(), box.right(), text) for box, text in plot.tick_boxes(timeline._fonts.tick_metrics)]


def _visible_keys(timeline):
    return [key for key, plot in timeline.plots.items() if plot.isVisible()]


def _click(qtbot, timeline, point: QPointF, double: bool = False) -> None:
    if double:
        qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=point.toPoint())
    else:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=point.toPoint())


def test_a_plot_per_state_of_the_shown_models(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    assert _visible_keys(timeline) == [("rnn", "h"), ("lstm", "h"), ("lstm", "c"), ("gru", "h")]
    lstm = session.traces["lstm"]
    curves = timeline.plots[("lstm", "c")].curves
    assert len(curves) == 3
    np.testing.assert_array_equal(curves[1].y, lstm.c[:, 1])
    np.testing.assert_array_equal(curves[1].x, [0, 1, 2, 3])
    assert "GRU" in timeline.plots[("gru", "h")].title
    session.show_models(["rnn", "gru"])
    assert _visible_keys(timeline) == [("rnn", "h"), ("gru", "h")]
    assert len(timeline.cursor_lines()) == 2  # step 0: the memory plot starts at step 1
    session.playhead.move_to(Position(1))
    assert len(timeline.cursor_lines()) == 3  # two plots and the memory plot
    plots = [timeline.plots[("rnn", "h")], timeline.plots[("gru", "h")], timeline.memory]
    lefts = [plot.view.left() for plot in plots]
    assert lefts == sorted(lefts)
    assert [plot.column for plot in plots] == [0, 1, 2]
    assert not timeline.plots[("lstm", "c")].isVisible()


def test_after_a_gru_only_lesson_the_plots_have_their_height_again(timeline, qtbot):
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    data = lesson.to_dict()
    data["models"] = {"gru": data["models"]["gru"]}
    gru_only = rnnviz.load_lesson(data)
    session = Session(lesson)
    _show(timeline, qtbot, session)
    normal = timeline.plots[("lstm", "h")].view.height()
    assert normal > 100  # of a 220-pixel timeline
    session.load(gru_only, None)
    assert timeline.plots[("gru", "h")].view.height() >= normal  # a shorter memory legend leaves more
    assert _visible_keys(timeline) == [("gru", "h")]
    assert timeline.plots[("gru", "h")].view.width() > 500  # the GRU and the memory plot share the width
    session.load(lesson, None)
    for plot in (*timeline.plots.values(), timeline.memory):
        assert plot.view.height() == pytest.approx(normal, abs=1)
        assert 150 < plot.view.width() < 300  # five plots share 1366 pixels
    assert not timeline.grab().isNull()


def _near(color, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], expected.getRgb()[:3], strict=True))


class _PaintSpy(QObject):
    def __init__(self):
        super().__init__()
        self.regions = []

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region())
        return False


def test_a_step_repaints_only_thin_strips_around_the_old_and_new_cursors(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    session.playhead.move_to(Position(1))
    qtbot.wait(20)
    spy = _PaintSpy()
    timeline.installEventFilter(spy)
    old = timeline.cursor_lines()
    session.playhead.move_to(Position(2))
    new = timeline.cursor_lines()
    qtbot.waitUntil(lambda: bool(spy.regions))
    painted = spy.regions[-1]
    for x, top, bottom in old + new:
        assert painted.contains(QPoint(round(x), round((top + bottom) / 2)))
    assert painted.boundingRect().width() < timeline.width()  # not the whole timeline
    between = (old[0][0] + new[0][0]) / 2
    assert not painted.contains(QPoint(round(between), round((old[0][1] + old[0][2]) / 2)))
    timeline.removeEventFilter(spy)


def _on_screen(timeline) -> QImage:
    """The timeline as the window shows it now (its backing store), not painted again."""
    shot = timeline.screen().grabWindow(timeline.winId(), 0, 0, timeline.width(), timeline.height())
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _painted_again(timeline) -> QImage:
    timeline.picture = None
    timeline.repaint()
    return _on_screen(timeline)


def test_a_step_copies_the_plots_from_their_picture_and_shows_what_a_full_repaint_shows(timeline, qtbot):
    from PySide6.QtWidgets import QApplication

    session = _session()
    _show(timeline, qtbot, session)
    image = None
    for start, end in ((1, 2), (3, 1), (0, 3), (2, 3)):  # forward, back, and from the memory plot's start
        session.playhead.move_to(Position(start))
        QApplication.processEvents()
        picture = timeline.picture
        assert picture is not None
        session.playhead.move_to(Position(end))
        QApplication.processEvents()  # the strips the cursors left and reached, and only those
        assert timeline.picture is picture  # copied from it: the plots were not painted again
        image = _on_screen(timeline)
        assert image == _painted_again(timeline), (start, end)
    # the cursors are where a full repaint puts them, and nowhere else: at step 3, not at 2
    x, top, bottom = timeline.cursor_lines()[0]
    cursor = QColor(CURSOR_COLOR)
    assert _near(image.pixelColor(round(x), round((top + bottom) / 2)), cursor)
    session.playhead.move_to(Position(2))
    QApplication.processEvents()
    session.playhead.move_to(Position(3))
    QApplication.processEvents()
    old = timeline._order[0].to_pixel(2, 0).x()
    assert not _near(_on_screen(timeline).pixelColor(round(old), round((top + bottom) / 2)), cursor)
    # the picture sits where it was painted: above the views (no cursor there) the screen is the picture
    titles = round(timeline._order[0].view.top()) - 1
    assert _on_screen(timeline).copy(0, 0, timeline.width(), titles) == timeline.picture.toImage().convertToFormat(
        QImage.Format.Format_RGB32).copy(0, 0, timeline.width(), titles)


def test_a_cursors_strip_covers_it_and_its_soft_edges_and_little_more():
    from rnnviz.ui.timeline import CURSOR_WIDTH, cursor_strip

    for x in (100.0, 100.3, 100.5, 100.8):
        strip = cursor_strip(x, 40.0, 180.0)
        assert strip.left() <= math.floor(x - CURSOR_WIDTH / 2) - 1  # the pen's pixels and one more each side
        assert strip.right() >= math.ceil(x + CURSOR_WIDTH / 2)
        assert strip.width() <= CURSOR_WIDTH + 4
        assert (strip.top(), strip.bottom()) == (39, 180)


def test_what_the_plots_show_changing_paints_them_again(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    session.playhead.move_to(Position(1))
    timeline.repaint()
    assert timeline.picture is not None
    session.select_unit(1)  # thicker lines: the plots change
    assert timeline.picture is None
    timeline.repaint()
    session.playhead.move_to(Position(2))
    assert timeline.picture is not None  # a step keeps the picture
    session.playhead.move_to(Position(3))
    timeline.repaint()
    assert _on_screen(timeline) == _painted_again(timeline)
    timeline.resize(900, 220)
    assert timeline.picture is None
    timeline.repaint()
    timeline.apply_theme()
    assert timeline.picture is None


def test_cursors_follow_the_playhead_and_the_selected_unit_is_thicker(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    session.playhead.move_to(Position(2, 1))
    assert timeline.step == 2
    lines = timeline.cursor_lines()
    assert len(lines) == 5  # every plot, the memory plot included
    image = timeline.grab().toImage()
    cursor = QColor(CURSOR_COLOR)
    for plot, (x, top, bottom) in zip(timeline._order, lines, strict=True):
        # at step 2 of the plot's own x axis, from the top of its view to the bottom
        low, high = plot.x_range
        assert x == pytest.approx(plot.view.left() + (2 - low) / (high - low) * plot.view.width())
        assert (top, bottom) == (plot.view.top(), plot.view.bottom())
        for y in (top + 3, (top + bottom) / 2, bottom - 3):
            assert _near(image.pixelColor(round(x), round(y)), cursor), (plot, y)
        assert not _near(image.pixelColor(round(x) + 6, round((top + bottom) / 2)), cursor)
    session.playhead.move_to(Position(3, 0))
    assert [line[0] for line in timeline.cursor_lines()] != [line[0] for line in lines]
    session.select_unit(1)
    assert [curve.width for curve in timeline.plots[("gru", "h")].curves] == [2, 4, 2]
    session.select_unit(None)
    assert [curve.width for curve in timeline.plots[("gru", "h")].curves] == [2, 2, 2]


def _pixel_at(timeline, plot, step: float, value: float) -> QColor:
    point = plot.to_pixel(step, value)
    return timeline.grab().toImage().pixelColor(round(point.x()), round(point.y()))


def test_a_units_line_is_drawn_through_its_values(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    plot = timeline.plots[("gru", "h")]
    h = session.traces["gru"].h
    checked = 0
    image = timeline.grab().toImage()
    for unit, curve in enumerate(plot.curves):
        for step in (0.5, 1.5, 2.5):  # halfway between two dots: on the line only
            middle = (h[int(step - 0.5)] + h[int(step + 0.5)]) / 2
            others = np.delete(middle, unit)
            if np.min(np.abs(others - middle[unit])) * plot.view.height() / 2.1 < 8:
                continue  # another line crosses nearby: their colours mix
            point = plot.to_pixel(step, middle[unit])
            covered = [image.pixelColor(round(point.x()), round(point.y()) + dy) for dy in (-1, 0, 1)]
            assert any(_near(color, curve.color, tolerance=30) for color in covered), (unit, step)
            assert not _near(_pixel_at(timeline, plot, step, middle[unit] + 0.2), curve.color, tolerance=30)
            checked += 1
    assert checked >= 4


def test_more_than_four_units_show_as_a_heatmap(timeline, qtbot):
    from rnnviz.ui.colors import DIVERGING, value_colors

    session = _session(H=8, tokens=["我", "爱", "祖国", "和", "人民", "。"])
    _show(timeline, qtbot, session)
    assert timeline.heatmap_action.isCheckable()
    assert timeline.heatmap_action.isChecked()
    plot = timeline.plots[("lstm", "c")]
    assert plot.image is not None
    assert plot.curves == []
    c = session.traces["lstm"].c
    # a pixel per step and unit, unit 0 at the bottom, in the state panel's colour scale
    assert (plot.image.width(), plot.image.height()) == (7, 8)
    assert plot.image.pixelColor(2, 7) == value_colors([c[2, 0]], DIVERGING)[0]
    assert plot.image.pixelColor(5, 0) == value_colors([c[5, 7]], DIVERGING)[0]
    assert plot.y_range == pytest.approx((-0.5, 7.5))  # units along y
    assert [text for _, text in plot.y_ticks][:2] == ["u0", "u1"]
    # on screen: the cell of step 5, unit 7 in its colour
    assert _near(_pixel_at(timeline, plot, 5, 7), value_colors([c[5, 7]], DIVERGING)[0], tolerance=8)
    timeline.heatmap_action.setChecked(False)  # lines, with a legend of the units
    assert plot.image is None
    assert len(plot.curves) == 8
    assert "u7" in plot.title
    small = _session()
    small.add_view(timeline)
    assert not timeline.heatmap_action.isChecked()  # three units: lines by default


@pytest.mark.parametrize("width", [640, 760, 900])
def test_every_plot_stays_inside_a_narrow_timeline(timeline, qtbot, width):
    """Long titles (the memory plot's legend, the heatmap note) must not push the last plot out."""
    session = _session(H=8, tokens=["the", "cat", "that", "I", "saw", "yesterday", "sat", "on", "the", "mat"])
    _show(timeline, qtbot, session, width=width, height=200)
    plots = [*(timeline.plots[key] for key in _visible_keys(timeline)), timeline.memory]
    assert len(plots) == 5
    assert max(plot.view.right() for plot in plots) <= width
    widths = [plot.view.width() for plot in plots]
    assert max(widths) - min(widths) < 1e-9  # the plots share the width
    assert "<br>" in timeline.memory.title  # three models' legend on two lines


def test_memory_plot_reads_in_powers_of_ten(timeline, qtbot):
    session = _session()
    session.playhead.move_to(Position(1))
    _show(timeline, qtbot, session)
    texts = [text for _, text in timeline.memory.y_ticks]
    assert texts
    assert all(text == "1" or text == "10" or text.startswith("10") for text in texts), texts
    assert any("⁻" in text for text in texts)
    low, high = timeline.memory.y_range
    assert -6 < low < high < 3  # a few decades, not ±500
    curve = timeline.memory_curves["gru"]
    from rnnviz.core.memory import sensitivities

    expected = np.log10(sensitivities(session.lesson, session.traces["gru"])["h"])
    np.testing.assert_allclose(curve.y, expected)
    assert "Memory of “我” (t = 1)" in timeline.memory.title
    assert timeline.memory.axis_label == "dependence on x(1), log"  # in words, on the axis
    assert timeline.memory.left_width > timeline.plots[("gru", "h")].left_width  # room for the words
    tip = timeline.memory.tip
    assert "‖∂h(t)/∂x(k)‖" in tip  # the formula in the tooltip
    assert "log scale" in tip
    assert "cell state C(t)" in timeline.plots[("lstm", "c")].tip
    assert timeline.memory_curves["lstm.c"].dashed
    assert not timeline.memory_curves["lstm"].dashed


def test_each_plot_has_its_own_tooltip(timeline, qtbot):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    session = _session()
    _show(timeline, qtbot, session)
    shown = []
    original = QToolTip.showText
    QToolTip.showText = staticmethod(lambda point, text, widget=None, *args: shown.append(text))
    try:
        for plot in (timeline.plots[("lstm", "c")], timeline.memory):
            at = plot.view.center().toPoint()
            timeline.event(QHelpEvent(QEvent.Type.ToolTip, at, timeline.mapToGlobal(at)))
        timeline.event(QHelpEvent(QEvent.Type.ToolTip, QPoint(1, 1), timeline.mapToGlobal(QPoint(1, 1))))
    finally:
        QToolTip.showText = original
    assert shown == [timeline.plots[("lstm", "c")].tip, timeline.memory.tip, timeline.toolTip()]


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_last_token_shows_on_every_plot(timeline, qtbot, width):
    session = _session()
    _show(timeline, qtbot, session, width=width)
    for plot in (*timeline.plots.values(), timeline.memory):
        texts = [text for _, _, text in _drawn_labels(timeline, plot)]
        assert "3\n祖国" in texts, (plot.title, texts)


@pytest.mark.parametrize("tokens", [6, 14])
def test_step_labels_do_not_overlap_and_keep_tokens(timeline, qtbot, tokens):
    words = ["我", "爱", "祖国", "Washington", "和", "人民"]
    session = _session(tokens=[words[k % len(words)] for k in range(tokens)])
    _show(timeline, qtbot, session)
    for width in (1366, 900, 1800):
        timeline.resize(width, 220)
        qtbot.waitUntil(lambda w=width: timeline.width() == w)
        for plot in (*timeline.plots.values(), timeline.memory):
            labels = sorted(_drawn_labels(timeline, plot))
            assert len(labels) >= 2, (width, labels)
            assert labels[-1][2].startswith(f"{tokens}\n")  # the last step, with its token
            for (_, right, _), (left, _, _) in zip(labels, labels[1:], strict=False):
                assert right < left, (width, labels)


def test_clicking_a_plot_jumps_to_its_step(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    steps, followed, units = [], [], []
    timeline.sig_step_clicked.connect(steps.append)
    timeline.sig_token_followed.connect(followed.append)
    timeline.sig_unit_clicked.connect(units.append)
    plot = timeline.plots[("gru", "h")]
    _click(qtbot, timeline, plot.to_pixel(2.0, 0.9))
    _click(qtbot, timeline, plot.to_pixel(1.3, 0.9))
    _click(qtbot, timeline, plot.to_pixel(-0.2, 0.9))  # left of the first step: step 0
    assert steps == [2, 1, 0]
    assert units == []  # no line near any of those
    h = session.traces["gru"].h
    _click(qtbot, timeline, plot.to_pixel(3.0, float(h[3, 2])))  # on unit 2's line at step 3
    assert steps[-1] == 3
    assert units == [2]
    _click(qtbot, timeline, QPointF(plot.view.left() - 20, plot.view.center().y()))  # on the axis: nothing
    _click(qtbot, timeline, plot.to_pixel(2.0, 0.9) + QPointF(0, -plot.view.height()))  # over the view: nothing
    assert len(steps) == 4
    qtbot.mouseClick(timeline, Qt.MouseButton.RightButton, pos=plot.to_pixel(1.0, 0.9).toPoint())
    assert len(steps) == 4  # only the left button
    _click(qtbot, timeline, timeline.memory.to_pixel(3.0, 0.0), double=True)  # follow the token at 3
    _click(qtbot, timeline, timeline.memory.to_pixel(0.9, 0.0), double=True)  # and the first
    assert followed == [3, 1]
    _click(qtbot, timeline, plot.to_pixel(3.0, 0.9), double=True)  # a state plot follows no token
    assert followed == [3, 1]


def test_non_finite_states_draw(timeline, qtbot):
    session = _session(H=8)
    lstm = session.traces["lstm"]
    c = lstm.c.copy()
    c[1, :3] = [math.inf, -math.inf, math.nan]
    session.traces["lstm"] = type(lstm)("lstm", lstm.tokens, {**lstm.quantities, "c": c})
    _show(timeline, qtbot, session)
    assert not timeline.grab().isNull()
    timeline.heatmap_action.setChecked(False)
    plot = timeline.plots[("lstm", "c")]
    assert plot.y_range == pytest.approx((-1.05, 1.05))  # the finite values decide the range
    session.playhead.move_to(Position(3))  # the cursor out of the way
    image = timeline.grab().toImage()
    # towards +inf at step 1 u0 rises straight up from step 0, off the top; u1 falls off the bottom
    for unit, edge in ((0, plot.view.top() + 2), (1, plot.view.bottom() - 2)):
        x = plot.to_pixel(0.0, 0.0).x()
        assert _near(image.pixelColor(round(x), round(edge)), plot.curves[unit].color, tolerance=60), unit
    assert np.isnan(plot.curves[2].y[1])


def test_a_plot_within_one_reads_minus_one_to_one_and_a_wider_one_gets_its_own_ticks(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    for key in (("lstm", "h"), ("lstm", "c")):
        data = session.traces[key[0]].quantities[key[1]]
        plot = timeline.plots[key]
        if np.abs(data).max() * 1.05 <= 1.05:
            assert plot.y_ticks == [(-1, "-1"), (-0.5, "-0.5"), (0, "0"), (0.5, "0.5"), (1, "1")]
            assert plot.y_range == pytest.approx((-1.05, 1.05))
        else:
            limit = np.abs(data).max() * 1.05
            assert plot.y_ticks == nice_ticks(-limit, limit)
            assert plot.y_range[1] == pytest.approx(limit)
    h = session.traces["lstm"].h  # h = o tanh(C) lies within ±1: the fixed ticks
    assert np.abs(h).max() < 1
    assert len(timeline.plots[("lstm", "h")].y_ticks) == 5


def test_each_plot_is_its_title_over_its_view_between_its_own_axes(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    plots = [*(timeline.plots[key] for key in _visible_keys(timeline)), timeline.memory]
    assert len(plots) == 5
    tallest = max(timeline._fonts.title(plot.title).size().height() for plot in plots)
    for plot, after in zip(plots, plots[1:] + [None], strict=True):
        view = plot.view
        assert view.width() > 100
        assert view.top() == pytest.approx(TITLE_TOP + tallest + 4)  # under the tallest title
        # the step axis under it: a step number over its token ends at the timeline's bottom
        two_lines = [box for box, text in plot.tick_boxes(timeline._fonts.tick_metrics) if "\n" in text]
        assert two_lines
        assert all(timeline.height() - 2 <= box.bottom() <= timeline.height() for box in two_lines)
        assert view.left() - plot.left_width >= 0  # the value axis left of it, inside the timeline
        if after is not None:  # the next plot's value axis after a gap
            assert after.view.left() - after.left_width - view.right() == pytest.approx(PLOT_GAP)
    assert plots[-1].view.right() <= timeline.width()


def test_the_first_and_last_step_labels_fit_inside_every_plot(timeline, qtbot):
    # a wide last token after a narrow one: the room after the last step is the last label's own
    session = _session(tokens=["我", "a", "Washington"])
    _show(timeline, qtbot, session)
    for plot in (*timeline.plots.values(), timeline.memory):
        labels = sorted(_drawn_labels(timeline, plot))
        first = "1\n我" if plot is timeline.memory else "0"
        assert labels[0][2] == first, labels
        assert labels[-1][2] == "3\nWashingt", labels  # a token is cut to 8 characters
        assert labels[0][0] >= plot.view.left()
        assert labels[-1][1] <= plot.view.right()
        view = plot.x_range
        start = 1 if plot is timeline.memory else 0
        assert view[0] < start < 3 < view[1]


def test_the_memory_legend_names_each_model_once_two_to_a_line(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    legend = timeline.memory.title.split("<br>", 1)[1]  # the lines after the title
    names = [re.findall(r"<span style='color:#[0-9a-f]{6}'>([^<]*)</span>", line) for line in legend.split("<br>")]
    assert names == [["SimpleRNN h", "LSTM h, C - -"], ["GRU h"]]
    session.show_models(["lstm", "gru"])
    legend = timeline.memory.title.split("<br>", 1)[1]
    assert "<br>" not in legend  # two models: one line
    assert legend.count(" · ") == 1


def test_the_memory_plot_follows_the_token_the_user_picks(timeline, qtbot):
    """Double-click a step of the memory plot (or View > Memory plot follows): its token's
    memory from that step on, for every shown model, GRU included."""
    from rnnviz.core.memory import sensitivities

    session = _session()
    _show(timeline, qtbot, session)
    timeline.sig_token_followed.connect(session.follow_token)
    timeline.sig_token_followed.emit(2)
    assert session.memory_token == 2
    np.testing.assert_array_equal(timeline.memory_steps, [2.0, 3.0])
    for model in ("rnn", "lstm", "gru"):
        expected = np.log10(sensitivities(session.lesson, session.traces[model], 2)["h"])
        np.testing.assert_allclose(timeline.memory_curves[model].y, expected)
        np.testing.assert_array_equal(timeline.memory_curves[model].x, [2.0, 3.0])
    assert "Memory of “爱” (t = 2)" in timeline.memory.title
    assert timeline.memory.axis_label == "dependence on x(2), log"
    assert timeline.memory.step_labels == ["2\n爱", "3\n祖国"]  # its steps start at the token
    low, high = timeline.memory.x_range
    assert 1 < low < 2 < 3 < high < 4
    session.follow_token(99)  # past the end: the last token
    assert session.memory_token == 3
    np.testing.assert_array_equal(timeline.memory_steps, [3.0])


@pytest.mark.parametrize(("H", "heatmap"), [(4, False), (5, True)])
def test_the_heatmap_is_the_default_above_four_units(timeline, qtbot, H, heatmap):
    session = _session(H=H)
    _show(timeline, qtbot, session)
    assert timeline.heatmap_action.isChecked() == heatmap


def test_a_long_tokens_memory_title_shows_its_first_eight_characters(timeline, qtbot):
    session = _session(tokens=["abcdefghijkl", "b"])
    _show(timeline, qtbot, session)
    assert "Memory of “abcdefgh” (t = 1)" in timeline.memory.title
    assert "abcdefghi" not in timeline.memory.title


def test_the_memory_plot_follows_its_token_for_two_hundred_steps(timeline, qtbot):
    from rnnviz.ui.timeline import MEMORY_STEPS

    session = _session(tokens=[f"w{k % 7}" for k in range(MEMORY_STEPS + 6)])
    _show(timeline, qtbot, session)
    session.follow_token(3)
    np.testing.assert_array_equal(timeline.memory_steps, np.arange(3, 3 + MEMORY_STEPS))


def test_dots_mark_the_steps_of_short_curves_only(timeline, qtbot):
    # a dot per unit and step up to 200 of them: 4 units x 50 steps (T + 1 = 50 states) has them
    session = _session(H=4, tokens=[f"w{k % 5}" for k in range(49)])
    _show(timeline, qtbot, session)
    plot = timeline.plots[("lstm", "h")]
    assert plot.dots
    assert sum(len(curve.x) for curve in plot.curves) == 4 * 50
    session.apply(SetTokens(tuple(f"w{k % 5}" for k in range(50))))  # 4 x 51 = 204: no dots
    assert not plot.dots


def test_the_outer_step_labels_get_just_the_room_they_need(timeline, qtbot):
    """The x range leaves room for half of the last label and no more, also with two steps only
    (the memory plot following the second of three tokens, whose labels are wide)."""
    session = _session(tokens=["abcdefgh", "ijklmnop", "qrstuvwx"])
    _show(timeline, qtbot, session, width=700)  # narrow plots: the labels need more than the minimum
    session.follow_token(2)
    plot = timeline.memory
    assert plot.step_labels == ["2\nijklmnop", "3\nqrstuvwx"]
    low, high = plot.x_range
    metrics = timeline._fonts.tick_metrics
    first, last = (max(metrics.horizontalAdvance(line) for line in label.split("\n")) for label in plot.step_labels)
    pixels_per_step = plot.view.width() / (high - low)
    room_left, room_right = (2 - low) * pixels_per_step, (high - 3) * pixels_per_step
    assert min(first, last) / 2 + 3 > 0.35 * pixels_per_step  # the labels, not the minimum, decide here
    # half of each outer label and 3 pixels more, exactly
    assert room_left == pytest.approx(first / 2 + 3, abs=1e-6)
    assert room_right == pytest.approx(last / 2 + 3, abs=1e-6)


def test_an_edit_that_changes_no_token_leaves_the_step_labels_as_they_are(timeline, qtbot):
    from rnnviz.core.edits import SetWeight

    session = _session()
    _show(timeline, qtbot, session)
    plot = timeline.plots[("lstm", "h")]
    fits = []
    original = plot.fit_steps
    plot.fit_steps = lambda *args, **kwargs: fits.append(original(*args, **kwargs)) or fits[-1]
    session.apply(SetWeight("lstm", "weight_hh", (0, 0), 0.5))
    assert fits
    assert not any(fits)  # same tokens, same width: nothing to measure again
    done = len(fits)
    session.apply(SetTokens(("我", "爱")))
    assert any(fits[done:])
    assert plot.step_labels == ["0", "1\n我", "2\n爱"]


def test_the_heatmap_default_follows_a_change_of_size_across_four_units(timeline, qtbot):
    from rnnviz.core.edits import ResizeHidden

    session = _session(H=4)
    _show(timeline, qtbot, session)
    assert not timeline.heatmap_action.isChecked()
    session.apply(ResizeHidden(5, seed=1))  # 4 -> 5 units: the heatmap becomes the default
    assert timeline.heatmap_action.isChecked()
    session.apply(ResizeHidden(4, seed=1))  # and back
    assert not timeline.heatmap_action.isChecked()


def test_clicking_near_a_units_line_selects_it(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    plot = timeline.plots[("lstm", "h")]
    h = session.traces["lstm"].h
    for unit in range(3):
        on_line = plot.to_pixel(2.0, float(h[2, unit]))
        assert plot.unit_at(on_line) == unit
        others = [abs(float(h[2, k] - h[2, unit])) * plot.view.height() / 2.1 for k in range(3) if k != unit]
        if min(others) > 2 * CLICK_REACH:  # no other line near: a click just within reach finds this one
            assert plot.unit_at(on_line + QPointF(0, CLICK_REACH - 1)) == unit
            assert plot.unit_at(on_line + QPointF(0, CLICK_REACH + 1)) is None
    far = plot.to_pixel(2.0, 5.0)
    assert plot.unit_at(far) is None
    assert plot.unit_at(plot.to_pixel(7.0, 0.0)) is None  # no step 7


def test_unit_at_finds_the_nearest_line_at_a_step_of_the_lesson(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    plot = timeline.plots[("lstm", "c")]
    c = session.traces["lstm"].c
    assert plot.unit_at(plot.to_pixel(3.0, float(c[3, 1]))) == 1  # the last step has lines too
    assert plot.unit_at(plot.to_pixel(0.0, 0.0)) is not None  # step 0: every unit starts at 0
    assert plot.unit_at(plot.to_pixel(4.0, 0.0)) is None  # no step 4 (right of the last)
    assert plot.unit_at(plot.to_pixel(-1.0, 0.0)) is None  # nor step -1


def test_each_plot_tooltip_is_handled_here(timeline, qtbot):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    session = _session()
    _show(timeline, qtbot, session)
    original = QToolTip.showText
    QToolTip.showText = staticmethod(lambda *args: None)
    try:
        at = timeline.memory.view.center().toPoint()
        handled = timeline.event(QHelpEvent(QEvent.Type.ToolTip, at, timeline.mapToGlobal(at)))
    finally:
        QToolTip.showText = original
    assert handled is True  # the window's own tooltip does not replace the plot's


def test_a_new_font_lays_the_plots_out_again(timeline, qtbot):
    session = _session(tokens=["abcdefgh", "ijklmnop", "qrstuvwx"])
    _show(timeline, qtbot, session, width=700)  # narrow: the labels decide the room after the last step
    plot = timeline.plots[("lstm", "h")]
    before = plot.x_range
    font = timeline.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    timeline.setFont(font)
    assert timeline._fonts.ticks.pointSizeF() == font.pointSizeF()
    assert timeline.picture is None  # painted again in it
    assert plot.x_range[1] > before[1] + 0.1  # twice as wide labels: more room after the last step

def test_dots_sit_on_the_steps_of_short_lines_and_nowhere_else(timeline, qtbot):
    from rnnviz.ui.colors import PAPER

    session = _session()
    _show(timeline, qtbot, session)
    plot = timeline.plots[("gru", "h")]
    assert plot.dots
    with_dots = timeline.render_plots().toImage()
    plot.dots = False
    without = timeline.render_plots().toImage()
    vertices = [plot.to_pixel(x, y) for curve in plot.curves for x, y in zip(curve.x, curve.y, strict=True)]
    changed = 0
    for px in range(int(plot.view.left()), int(plot.view.right())):
        for py in range(int(plot.view.top()), int(plot.view.bottom())):
            if with_dots.pixel(px, py) != without.pixel(px, py):
                changed += 1
                assert min(math.hypot(v.x() - px, v.y() - py) for v in vertices) < 4.5, (px, py)
    assert changed >= len(vertices) * 4  # every dot shows

    def inked(image):  # pixels near the steps that are not paper
        return sum(image.pixelColor(round(v.x()) + dx, round(v.y()) + dy) != PAPER
                   for v in vertices for dx in range(-3, 4) for dy in range(-3, 4))  # fmt: skip

    assert inked(with_dots) > inked(without)  # the dots add ink, they do not take it away


def test_the_heatmap_cells_are_sharp(timeline, qtbot):
    from rnnviz.ui.colors import DIVERGING, value_colors

    session = _session(H=8, tokens=["我", "爱", "祖国", "和", "人民", "。"])
    _show(timeline, qtbot, session)
    plot = timeline.plots[("lstm", "c")]
    c = session.traces["lstm"].c
    image = timeline.grab().toImage()
    for step, unit in ((2, 3), (4, 5), (6, 0)):
        color = value_colors([c[step, unit]], DIVERGING)[0]
        inner = plot.to_pixel(step - 0.5, unit) + QPointF(2, 0)  # two pixels inside the cell's left edge
        assert _near(image.pixelColor(inner.toPoint()), color, tolerance=3), (step, unit)


def test_more_than_ten_units_drawn_as_lines_get_colours_of_their_own(timeline, qtbot):
    session = _session(H=12)
    _show(timeline, qtbot, session)
    timeline.heatmap_action.setChecked(False)
    plot = timeline.plots[("gru", "h")]
    names = [color.name() for color in plot.colors]
    assert len(names) == 12
    assert names[:10] == ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf"]  # fmt: skip
    assert len(set(names)) == 12


def test_clicking_a_row_of_the_heatmap_selects_its_unit(timeline, qtbot):
    session = _session(H=8)
    _show(timeline, qtbot, session)
    units = []
    timeline.sig_unit_clicked.connect(units.append)
    plot = timeline.plots[("lstm", "h")]
    for unit in (0, 5, 7):
        _click(qtbot, timeline, plot.to_pixel(2.0, unit + 0.3))
    assert units == [0, 5, 7]
    assert plot.unit_at(plot.to_pixel(2.0, 7.6)) is None  # above the last row


def test_memory_with_nothing_to_show_hides_the_memory_plot(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    assert timeline.memory.isVisible()
    timeline.set_memory({"rnn": np.array([]), "lstm": None}, "a", 1)
    assert not timeline.memory.isVisible()
    assert not timeline.grab().isNull()


def test_a_screen_of_another_pixel_density_paints_the_plots_again(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    assert timeline.picture.devicePixelRatio() == timeline.devicePixelRatioF()
    timeline.devicePixelRatioF = lambda: 2.0  # moved to a screen twice as dense
    timeline.repaint()
    assert timeline.picture.devicePixelRatio() == 2.0
    assert timeline.picture.size() == 2 * timeline.size()


def test_a_short_plot_labels_fewer_values(timeline, qtbot):
    from .test_plotting import Recorder

    session = _session(H=64)
    _show(timeline, qtbot, session, height=120)  # the shortest timeline: about 45-pixel views
    metrics = timeline._fonts.tick_metrics
    for plot in (timeline.plots[("lstm", "h")], timeline.memory):
        recorder = Recorder()
        plot.paint(recorder, timeline._fonts)
        left = [op[1][0].center().y() for op in recorder.of("text") if op[1][1] & Qt.AlignmentFlag.AlignRight]
        assert len(left) >= 2
        assert all(abs(a - b) >= metrics.height() + 2 for a, b in zip(left, left[1:], strict=False))
