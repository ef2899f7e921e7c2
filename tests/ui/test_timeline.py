"""The timeline: a plot per state of each shown model, heatmaps, step labels and the memory plot."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter

import rnnviz
from rnnviz.core.edits import SetTokens
from rnnviz.core.models import Position
from rnnviz.session import Session
from rnnviz.ui.timeline import (
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


def _drawn_labels(axis) -> list[tuple[float, float, str]]:
    """(left, right, text) of every tick label the axis paints, as pyqtgraph lays them out."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect.left(), rect.right(), text) for rect, _, text in specs[2]]


def _visible_keys(timeline):
    return [key for key, plot in timeline.plots.items() if plot.isVisible()]


def test_a_plot_per_state_of_the_shown_models(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    assert _visible_keys(timeline) == [("rnn", "h"), ("lstm", "h"), ("lstm", "c"), ("gru", "h")]
    lstm = session.traces["lstm"]
    curves = timeline.plots[("lstm", "c")].curves
    assert len(curves) == 3
    np.testing.assert_array_equal(curves[1].getData()[1], lstm.c[:, 1])
    assert "GRU" in timeline.plots[("gru", "h")].title.text
    session.show_models(["rnn", "gru"])
    assert _visible_keys(timeline) == [("rnn", "h"), ("gru", "h")]
    assert len(timeline.cursor_lines()) == 2  # step 0: the memory plot starts at step 1
    session.playhead.move_to(Position(1))
    assert len(timeline.cursor_lines()) == 3  # two plots and the memory plot
    plots = [timeline.plots[("rnn", "h")], timeline.plots[("gru", "h")], timeline.memory]
    lefts = [plot.vb.sceneBoundingRect().left() for plot in plots]
    assert lefts == sorted(lefts)


def test_after_a_gru_only_lesson_the_plots_have_their_height_again(timeline, qtbot):
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    data = lesson.to_dict()
    data["models"] = {"gru": data["models"]["gru"]}
    gru_only = rnnviz.load_lesson(data)
    session = Session(lesson)
    _show(timeline, qtbot, session)
    normal = timeline.plots[("lstm", "h")].vb.height()
    assert normal > 100  # of a 220-pixel timeline
    session.load(gru_only, None)
    qtbot.waitUntil(lambda: timeline.plots[("gru", "h")].vb.height() == pytest.approx(normal, abs=1))
    assert _visible_keys(timeline) == [("gru", "h")]
    session.load(lesson, None)
    qtbot.waitUntil(lambda: timeline.plots[("lstm", "h")].vb.height() == pytest.approx(normal, abs=1))
    for plot in (*timeline.plots.values(), timeline.memory):
        assert plot.vb.height() == pytest.approx(normal, abs=1)
        assert plot.vb.width() > 150  # five plots share 1366 pixels
    assert not timeline.grab().isNull()


def _near(color, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], expected.getRgb()[:3], strict=True))


def test_a_step_repaints_only_thin_strips_around_the_old_and_new_cursors(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    session.playhead.move_to(Position(1))
    qtbot.wait(20)
    regions = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                regions.append(event.region())
            return False

    spy = Spy()
    timeline.viewport().installEventFilter(spy)
    old = timeline.cursor_lines()
    session.playhead.move_to(Position(2))
    new = timeline.cursor_lines()
    qtbot.waitUntil(lambda: bool(regions))
    painted = regions[-1]
    for x, top, bottom in old + new:
        assert painted.contains(QPoint(round(x), round((top + bottom) / 2)))
    assert painted.boundingRect().width() < timeline.viewport().width()  # not the whole timeline
    between = (old[0][0] + new[0][0]) / 2
    assert not painted.contains(QPoint(round(between), round((old[0][1] + old[0][2]) / 2)))
    timeline.viewport().removeEventFilter(spy)


def _on_screen(timeline) -> QImage:
    """The timeline's viewport as the window shows it now (its backing store), not painted again."""
    viewport = timeline.viewport()
    corner = viewport.mapTo(timeline, QPoint(0, 0))
    shot = timeline.screen().grabWindow(timeline.winId(), corner.x(), corner.y(), viewport.width(), viewport.height())
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _painted_again(timeline) -> QImage:
    timeline.snapshot = None
    timeline.viewport().repaint()
    return _on_screen(timeline)


def test_a_step_copies_the_plots_from_the_snapshot_and_shows_what_a_full_repaint_shows(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    image = None
    for start, end in ((1, 2), (3, 1), (0, 3), (2, 3)):  # forward, back, and from the memory plot's start
        session.playhead.move_to(Position(start))
        qtbot.waitUntil(lambda: timeline.snapshot is not None)  # taken once the cursors have moved
        snapshot = timeline.snapshot
        session.playhead.move_to(Position(end))
        qtbot.waitUntil(lambda: timeline._moved.isEmpty())  # the cursors' strips are painted
        assert timeline.snapshot is snapshot  # copied from it: the scene was not painted again
        image = _on_screen(timeline)
        assert image == _painted_again(timeline), (start, end)
    # the cursors are where a full repaint puts them, and nowhere else: at step 3, not at 2
    x, top, bottom = timeline.cursor_lines()[0]
    cursor = QColor(CURSOR_COLOR)
    assert _near(image.pixelColor(round(x), round((top + bottom) / 2)), cursor)
    session.playhead.move_to(Position(2))
    qtbot.waitUntil(lambda: timeline.snapshot is not None)
    session.playhead.move_to(Position(3))
    qtbot.waitUntil(lambda: timeline._moved.isEmpty())
    old = timeline.mapFromScene(timeline._order[0].vb.mapViewToScene(QPointF(2, 0))).x()
    assert not _near(_on_screen(timeline).pixelColor(round(old), round((top + bottom) / 2)), cursor)


def test_any_other_repaint_drops_the_snapshot(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    session.playhead.move_to(Position(1))
    qtbot.waitUntil(lambda: timeline.snapshot is not None)
    session.select_unit(1)  # thicker lines: the scene changes
    qtbot.waitUntil(lambda: timeline.snapshot is None)
    session.playhead.move_to(Position(2))  # painted in full, then a new snapshot with the thick line
    qtbot.waitUntil(lambda: timeline.snapshot is not None)
    session.playhead.move_to(Position(3))
    qtbot.waitUntil(lambda: timeline._moved.isEmpty())
    assert _on_screen(timeline) == _painted_again(timeline)
    timeline.resize(900, 220)
    assert timeline.snapshot is None


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
        expected = timeline.mapFromScene(plot.vb.mapViewToScene(QPointF(2, 0))).x()
        assert abs(x - expected) < 1
        box = plot.vb.sceneBoundingRect()
        assert abs(top - box.top()) <= 1
        assert abs(bottom - box.bottom()) <= 1
        for y in (top + 3, (top + bottom) / 2, bottom - 3):
            assert _near(image.pixelColor(round(x), round(y)), cursor), (plot, y)
        assert not _near(image.pixelColor(round(x) + 6, round((top + bottom) / 2)), cursor)
    session.playhead.move_to(Position(3, 0))
    assert [line[0] for line in timeline.cursor_lines()] != [line[0] for line in lines]
    session.select_unit(1)
    pens = [curve.opts["pen"].width() for curve in timeline.plots[("gru", "h")].curves]
    assert pens == [2, 4, 2]


def test_more_than_four_units_show_as_a_heatmap(timeline, qtbot):
    session = _session(H=8, tokens=["我", "爱", "祖国", "和", "人民", "。"])
    _show(timeline, qtbot, session)
    assert timeline.heatmap_action.isCheckable()
    assert timeline.heatmap_action.isChecked()
    plot = timeline.plots[("lstm", "c")]
    assert plot.image.isVisible()
    assert plot.curves == []
    np.testing.assert_array_equal(plot.image.image, session.traces["lstm"].c)  # image[step, unit]
    assert plot.image.levels == pytest.approx([-1.0, 1.0])
    assert plot.vb.viewRange()[1] == pytest.approx([-0.5, 7.5])  # units along y
    assert [text for _, text in plot.left._tickLevels[0]][:2] == ["u0", "u1"]
    timeline.heatmap_action.setChecked(False)  # lines, with a legend of the units
    assert not plot.image.isVisible()
    assert len(plot.curves) == 8
    assert "u7" in plot.title.text
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
    rights = [plot.vb.sceneBoundingRect().right() for plot in plots]
    assert max(rights) <= width
    widths = [plot.vb.sceneBoundingRect().width() for plot in plots]
    assert min(widths) > 0.5 * max(widths)  # the plots share the width
    assert "<br>" in timeline.memory.title.text  # three models' legend on two lines


def test_memory_plot_reads_in_powers_of_ten(timeline, qtbot):
    session = _session()
    session.playhead.move_to(Position(1))
    _show(timeline, qtbot, session)
    axis = timeline.memory.getAxis("left")
    assert not axis.autoSIPrefix
    assert axis.labelUnitPrefix == ""
    texts = [text for _, _, text in _drawn_labels(axis)]
    assert texts
    assert all(text == "1" or text == "10" or text.startswith("10") for text in texts), texts
    assert any("⁻" in text for text in texts)
    low, high = timeline.memory.vb.viewRange()[1]
    assert -6 < low < high < 3  # a few decades, not ±500
    curve = timeline.memory_curves["gru"]
    from rnnviz.core.memory import sensitivities

    expected = np.log10(sensitivities(session.lesson, session.traces["gru"])["h"])
    np.testing.assert_allclose(curve.getData()[1], expected)
    assert "Memory of “我” (t = 1)" in timeline.memory.title.text
    assert axis.labelText == "dependence on x(1), log"  # in words, on the axis
    tip = timeline.memory.vb.toolTip()
    assert "‖∂h(t)/∂x(k)‖" in tip  # the formula in the tooltip
    assert "log scale" in tip
    assert "cell state C(t)" in timeline.plots[("lstm", "c")].vb.toolTip()


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_last_token_shows_on_every_plot(timeline, qtbot, width):
    session = _session()
    _show(timeline, qtbot, session, width=width)
    for plot in (*timeline.plots.values(), timeline.memory):
        texts = [text for _, _, text in _drawn_labels(plot.getAxis("bottom"))]
        assert "3\n祖国" in texts, (plot.title.text, texts)


@pytest.mark.parametrize("tokens", [6, 14])
def test_step_labels_do_not_overlap_and_keep_tokens(timeline, qtbot, tokens):
    words = ["我", "爱", "祖国", "Washington", "和", "人民"]
    session = _session(tokens=[words[k % len(words)] for k in range(tokens)])
    _show(timeline, qtbot, session)
    for width in (1366, 900, 1800):
        timeline.resize(width, 220)
        qtbot.waitUntil(lambda w=width: timeline.width() == w)
        for plot in (*timeline.plots.values(), timeline.memory):
            labels = sorted(_drawn_labels(plot.getAxis("bottom")))
            assert len(labels) >= 2, (width, labels)
            assert labels[-1][2].startswith(f"{tokens}\n")  # the last step, with its token
            for (_, right, _), (left, _, _) in zip(labels, labels[1:], strict=False):
                assert right < left, (width, labels)


def test_clicking_a_plot_jumps_to_its_step(timeline, qtbot):
    from PySide6.QtCore import QPoint, QPointF, Qt

    session = _session()
    _show(timeline, qtbot, session)
    steps = []
    timeline.sig_step_clicked.connect(steps.append)
    plot = timeline.plots[("gru", "h")]
    point = timeline.mapFromScene(plot.vb.mapViewToScene(QPointF(2.0, 0.0)))
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y()))
    assert steps == [2]


def test_non_finite_states_draw(timeline, qtbot):
    session = _session(H=8)
    lstm = session.traces["lstm"]
    c = lstm.c.copy()
    c[1, :3] = [math.inf, -math.inf, math.nan]
    session.traces["lstm"] = type(lstm)("lstm", lstm.tokens, {**lstm.quantities, "c": c})
    _show(timeline, qtbot, session)
    assert not timeline.grab().isNull()
    timeline.heatmap_action.setChecked(False)
    assert not timeline.grab().isNull()


def test_a_plot_within_one_reads_minus_one_to_one_and_a_wider_one_gets_its_own_ticks(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    for key in (("lstm", "h"), ("lstm", "c")):
        data = session.traces[key[0]].quantities[key[1]]
        plot = timeline.plots[key]
        if np.abs(data).max() * 1.05 <= 1.05:
            assert plot.left._tickLevels == [[(-1, "-1"), (0, "0"), (1, "1")], [(-0.5, "-0.5"), (0.5, "0.5")]]
            assert plot.vb.viewRange()[1] == pytest.approx([-1.05, 1.05])
        else:
            assert plot.left._tickLevels is None  # pyqtgraph's own ticks for the wider range
            assert plot.vb.viewRange()[1][1] == pytest.approx(np.abs(data).max() * 1.05)
    h = session.traces["lstm"].h  # h = o tanh(C) lies within ±1: the fixed ticks
    assert np.abs(h).max() < 1
    assert timeline.plots[("lstm", "h")].left._tickLevels is not None


def test_each_plot_is_its_title_over_its_view_between_its_own_axes(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    plots = [*(timeline.plots[key] for key in _visible_keys(timeline)), timeline.memory]
    assert len(plots) == 5
    grid = timeline.ci.layout
    across, down = grid.horizontalSpacing(), grid.verticalSpacing()  # between neighbouring cells of the grid
    assert 0 <= across < 20
    assert 0 <= down < 20
    for plot in plots:
        # geometry in the grid (an axis's bounding rect takes in the view its grid lines cross)
        view, left, bottom, title = (item.geometry() for item in (plot.vb, plot.left, plot.bottom, plot.title))
        assert view.width() > 100
        # the y axis left of the view, the step axis under it and as wide, the title over both
        assert view.left() - left.right() == pytest.approx(across, abs=1)
        assert left.top() == pytest.approx(view.top(), abs=1)
        assert bottom.left() == pytest.approx(view.left(), abs=1)
        assert bottom.right() == pytest.approx(view.right(), abs=1)
        assert bottom.top() - view.bottom() == pytest.approx(down, abs=1)
        assert view.top() - title.bottom() == pytest.approx(down, abs=1)
        assert title.left() == pytest.approx(left.left(), abs=1)
        assert title.right() == pytest.approx(view.right(), abs=1)


def test_the_first_and_last_step_labels_fit_inside_every_plot(timeline, qtbot):
    # a wide last token after a narrow one: the room after the last step is the last label's own
    session = _session(tokens=["我", "a", "Washington"])
    _show(timeline, qtbot, session)
    for plot in (*timeline.plots.values(), timeline.memory):
        axis = plot.getAxis("bottom")
        labels = sorted(_drawn_labels(axis))
        first = "1\n我" if plot is timeline.memory else "0"
        assert labels[0][2] == first, labels
        assert labels[-1][2] == "3\nWashingt", labels  # a token is cut to 8 characters
        assert labels[0][0] >= 0
        assert labels[-1][1] <= axis.width()
        view = plot.vb.viewRange()[0]
        start = 1 if plot is timeline.memory else 0
        assert view[0] < start < 3 < view[1]


def test_the_memory_legend_names_each_model_once_two_to_a_line(timeline, qtbot):
    session = _session()
    _show(timeline, qtbot, session)
    legend = timeline.memory.title.text.split("<br>", 1)[1]  # the lines after the title
    names = [re.findall(r"<span style='color:#[0-9a-f]{6}'>([^<]*)</span>", line) for line in legend.split("<br>")]
    assert names == [["SimpleRNN h", "LSTM h, C - -"], ["GRU h"]]
    session.show_models(["lstm", "gru"])
    legend = timeline.memory.title.text.split("<br>", 1)[1]
    assert "<br>" not in legend  # two models: one line
    assert legend.count(" · ") == 1


def test_the_memory_plot_follows_the_token_the_user_picks(timeline, qtbot):
    """Double-click a step of the memory plot (or View > Memory plot follows): its token's
    memory from that step on, for every shown model, GRU included."""
    from rnnviz.core.memory import sensitivities
    from rnnviz.ui.timeline import MemoryView

    session = _session()
    _show(timeline, qtbot, session)
    session.add_view(MemoryView(timeline))
    timeline.sig_token_followed.connect(session.follow_token)
    timeline.sig_token_followed.emit(2)
    assert session.memory_token == 2
    np.testing.assert_array_equal(timeline.memory_steps, [2.0, 3.0])
    for model in ("rnn", "lstm", "gru"):
        expected = np.log10(sensitivities(session.lesson, session.traces[model], 2)["h"])
        np.testing.assert_allclose(timeline.memory_curves[model].getData()[1], expected)
        np.testing.assert_array_equal(timeline.memory_curves[model].getData()[0], [2.0, 3.0])
    assert "Memory of “爱” (t = 2)" in timeline.memory.title.text
    assert timeline.memory.left.labelText == "dependence on x(2), log"
    assert timeline.memory.step_labels == ["2\n爱", "3\n祖国"]  # its steps start at the token
    low, high = timeline.memory.vb.viewRange()[0]
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
    assert "Memory of “abcdefgh” (t = 1)" in timeline.memory.title.text
    assert "abcdefghi" not in timeline.memory.title.text


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
    assert plot.dots.isVisible()
    assert len(plot.dots.data) == 4 * 50
    session.apply(SetTokens(tuple(f"w{k % 5}" for k in range(50))))  # 4 x 51 = 204: no dots
    assert not plot.dots.isVisible()


def test_the_outer_step_labels_get_just_the_room_they_need(timeline, qtbot):
    """The x range leaves room for half of the last label and no more, also with two steps only
    (the memory plot following the second of three tokens, whose labels are wide)."""
    session = _session(tokens=["abcdefgh", "ijklmnop", "qrstuvwx"])
    _show(timeline, qtbot, session, width=700)  # narrow plots: the labels need more than the minimum
    session.follow_token(2)
    plot = timeline.memory
    assert plot.step_labels == ["2\nijklmnop", "3\nqrstuvwx"]
    low, high = plot.vb.viewRange()[0]
    metrics = QFontMetrics(plot.bottom.style["tickFont"] or plot.bottom.font())
    first, last = (max(metrics.horizontalAdvance(line) for line in label.split("\n")) for label in plot.step_labels)
    pixels_per_step = plot.vb.width() / (high - low)
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
    calls = []
    original = plot.bottom.setTicks
    plot.bottom.setTicks = lambda ticks: (calls.append(ticks), original(ticks))
    session.apply(SetWeight("lstm", "weight_hh", (0, 0), 0.5))
    assert calls == []  # same tokens, same width, same range: nothing to measure again
    session.apply(SetTokens(("我", "爱")))
    assert len(calls) >= 1


def test_the_heatmap_default_follows_a_change_of_size_across_four_units(timeline, qtbot):
    from rnnviz.core.edits import ResizeHidden

    session = _session(H=4)
    _show(timeline, qtbot, session)
    assert not timeline.heatmap_action.isChecked()
    session.apply(ResizeHidden(5, seed=1))  # 4 -> 5 units: the heatmap becomes the default
    assert timeline.heatmap_action.isChecked()
    session.apply(ResizeHidden(4, seed=1))  # and back
    assert not timeline.heatmap_action.isChecked()
