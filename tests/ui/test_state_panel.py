"""The model-state panel: rows from the model descriptions, values from the visibility rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt

import rnnviz
from rnnviz.core.models import LAST_STAGE, STAGES, Position
from rnnviz.session import Session
from rnnviz.ui.colors import DIVERGING, SEQUENTIAL
from rnnviz.ui.numbers import format_fixed
from rnnviz.ui.state_panel import GROUP, INPUT_GROUP, VALUE_ROW, StatePanel, state_rows

#: The stage at which each quantity first shows, written out here rather than read from the
#: descriptions, so that a wrong description or a wrong rule is caught.
REVEALED = {
    "rnn": {"h_prev": 0, "pre_x": 5, "pre_h": 5, "pre": 5, "h": 5},
    "lstm": {"h_prev": 0, "c_prev": 0, "f_pre_x": 1, "f": 1, "i_pre": 2, "i": 2, "g_pre_h": 2, "g": 2, "c": 3,
             "o_pre": 4, "o": 4, "tanh_c": 4, "h": 5},
    "gru": {"h_prev": 0, "r_pre_x": 1, "r": 1, "z_pre_h": 2, "z": 2, "n_pre_h": 3, "n_pre": 3, "n": 3, "h": 5},
}  # fmt: skip


def _session(H: int | None = None, tokens=None) -> Session:
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    if H is not None:
        rng = np.random.default_rng(H)
        data = lesson.to_dict()
        data["hidden_size"] = H
        data.pop("initial_state", None)
        for model, gates in (("rnn", 1), ("lstm", 4), ("gru", 3)):
            entry = data["models"][model]
            D = lesson.embedding_size
            entry["weight_ih"] = rng.uniform(-1, 1, (gates * H, D)).tolist()
            entry["weight_hh"] = rng.uniform(-1, 1, (gates * H, H)).tolist()
            entry["bias_ih"] = rng.uniform(-0.5, 0.5, gates * H).tolist()
            entry["bias_hh"] = rng.uniform(-0.5, 0.5, gates * H).tolist()
        lesson = rnnviz.load_lesson(data)
    if tokens is not None:
        lesson = lesson.with_tokens(tokens)
    return Session(lesson)


def _values(rows) -> dict:
    return {row.id: row.values for row in rows if row.kind == VALUE_ROW}


# -- the rows, without a widget ---------------------------------------------------------------
@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("stage", range(len(STAGES)))
def test_each_quantity_shows_its_trace_value_from_its_phase_on(model, stage):
    session = _session()
    trace = session.traces[model]
    for t in (1, 2, 3):
        shown = _values(state_rows(session.shown_traces(), Position(t, stage)))
        for quantity, revealed in REVEALED[model].items():
            values = shown[(model, quantity)]
            if stage < revealed:
                assert values is None, (quantity, t, stage)
                continue
            name = quantity.removesuffix("_prev")
            expected = trace.value(name, t - 1 if quantity.endswith("_prev") else t)
            np.testing.assert_array_equal(values, expected)
        np.testing.assert_array_equal(shown[(INPUT_GROUP, "x")], trace.value("x", t))


def test_every_quantity_of_every_model_is_a_row_and_all_show_at_the_hidden_state():
    session = _session()
    shown = _values(state_rows(session.shown_traces(), Position(2, LAST_STAGE)))
    lstm = session.traces["lstm"]
    assert len([key for key in shown if key[0] == "lstm"]) == 2 + 4 * 4 + 3  # h(t-1), C(t-1), 4 gates, c, tanh_c, h
    assert all(values is not None for values in shown.values())
    np.testing.assert_array_equal(shown[("lstm", "i_pre_x")], lstm.i_pre_x[1])


def test_c_prev_is_the_previous_steps_cell_state():
    session = _session()
    lstm = session.traces["lstm"]
    shown = _values(state_rows(session.shown_traces(), Position(2, 0)))
    np.testing.assert_array_equal(shown[("lstm", "c_prev")], lstm.c[1])  # C(1): row 1 of the T+1 rows
    assert not np.array_equal(shown[("lstm", "c_prev")], lstm.c[2])
    np.testing.assert_array_equal(shown[("gru", "h_prev")], session.traces["gru"].h[1])
    assert shown[("lstm", "c")] is None  # C(2) comes at the cell-state stage


def test_at_the_initial_state_only_the_states_show():
    session = _session()
    shown = _values(state_rows(session.shown_traces(), Position(0)))
    np.testing.assert_array_equal(shown[("lstm", "c")], session.traces["lstm"].c[0])
    np.testing.assert_array_equal(shown[("gru", "h")], session.traces["gru"].h[0])
    assert shown[(INPUT_GROUP, "x")] is None
    assert shown[("lstm", "h_prev")] is None
    assert shown[("gru", "z")] is None


def test_groups_follow_the_shown_models_and_the_gru_has_its_own():
    session = _session()
    groups = [row.label for row in state_rows(session.shown_traces(), Position(1)) if row.kind == GROUP]
    assert groups == ["Input", "SimpleRNN", "LSTM", "GRU"]
    session.show_models(["gru"])
    rows = state_rows(session.shown_traces(), Position(1))
    assert [row.label for row in rows if row.kind == GROUP] == ["Input", "GRU"]
    labels = {row.id: row.label for row in rows}
    assert labels[("gru", "z")] == "z(t) = σ(…)"
    assert labels[("gru", "h_prev")] == "h(t-1)"
    assert ("lstm", "c_prev") not in labels


def test_rows_follow_the_order_of_each_models_equations():
    session = _session()
    rows = state_rows(session.shown_traces(), Position(1))
    lstm = [row.id[1] for row in rows if row.id[0] == "lstm" and row.kind == VALUE_ROW]
    assert lstm == ["h_prev", "c_prev", "f_pre_x", "f_pre_h", "f_pre", "f", "i_pre_x", "i_pre_h", "i_pre",
                    "i", "g_pre_x", "g_pre_h", "g_pre", "g", "c", "o_pre_x", "o_pre_h", "o_pre", "o", "tanh_c",
                    "h"]  # fmt: skip
    gru = [row.id[1] for row in rows if row.id[0] == "gru" and row.kind == VALUE_ROW]
    assert gru == ["h_prev", "r_pre_x", "r_pre_h", "r_pre", "r", "z_pre_x", "z_pre_h", "z_pre", "z",
                   "n_pre_x", "n_pre_h", "n_pre", "n", "h"]  # fmt: skip


def test_rows_have_unique_ids_and_gates_use_the_sequential_scale():
    session = _session()
    rows = state_rows(session.shown_traces(), Position(1))
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids))
    scales = {row.id: row.scale for row in rows if row.kind == VALUE_ROW}
    assert scales[("lstm", "f")] == SEQUENTIAL
    assert scales[("gru", "r")] == SEQUENTIAL
    assert scales[("lstm", "g")] == DIVERGING  # the candidate is a tanh value
    assert scales[("lstm", "c_prev")] == DIVERGING


# -- the widget -------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_error_inside_the_panel():
    """Painting and model callbacks are guarded: an exception there is reported, not raised. A
    test of the panel fails on any such report (a painter bug would otherwise pass unseen)."""
    from rnnviz.ui import errors

    before = len(errors.reported)
    yield
    assert errors.reported[before:] == []


@pytest.fixture
def panel(qtbot):
    view = StatePanel()
    qtbot.addWidget(view)
    return view


def test_panel_shows_the_formatted_trace_values(panel):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(2, 3))
    shown = panel.displayed()
    lstm, gru = session.traces["lstm"], session.traces["gru"]
    assert shown[("lstm", "c")] == [format_fixed(v) for v in lstm.c[2]]
    assert shown[("lstm", "c_prev")] == [format_fixed(v) for v in lstm.c[1]]
    assert shown[("gru", "n")] == [format_fixed(v) for v in gru.n[1]]
    assert shown[("lstm", "o")] == []  # the output gate comes at stage 4
    assert shown[("gru", "h")] == []


def test_stepping_changes_values_without_resetting_the_table(panel, qtbot):
    session = _session()
    session.add_view(panel)
    resets, starts = [], []
    panel.table.modelReset.connect(lambda: resets.append(1))
    panel.table.modelAboutToBeReset.connect(lambda: starts.append(1))
    for _ in range(8):
        session.playhead.phase_forward()
    assert resets == []
    assert starts == []
    session.show_models(["lstm"])
    assert resets == [1]
    assert starts == [1]
    assert {key[0] for key in panel.displayed()} == {INPUT_GROUP, "lstm"}


def test_a_step_tells_the_table_view_that_every_cell_changed(panel):
    """The table view repaints only the cells dataChanged names: all of them, by valid indices."""
    session = _session()
    session.add_view(panel)
    table = panel.table
    changed, headers = [], []
    table.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), top.column(), bottom.row(),
                                                                       bottom.column(), bottom.isValid())))
    table.headerDataChanged.connect(lambda orientation, first, last: headers.append((orientation, first, last)))
    session.playhead.phase_forward()
    rows, columns = table.rowCount(), table.columnCount()
    assert (rows, columns) == (len(state_rows(session.shown_traces(), Position(1, 0))), 3)
    assert changed == [(0, 0, rows - 1, columns - 1, True)]
    changed.clear()
    session.select_unit(1)  # the selected column is drawn differently: every cell and header again
    assert changed
    assert set(changed) == {(0, 0, rows - 1, columns - 1, True)}
    assert headers == [(Qt.Orientation.Horizontal, 0, columns - 1)]
    headers.clear()
    session.select_unit(1)  # the same unit again: no header to redraw
    assert headers == []


def test_eight_units_fit_a_third_of_a_1920_pixel_window(panel, qtbot):
    session = _session(H=8)
    session.add_view(panel)
    session.playhead.move_to(Position(2))
    dock_share = 1920 // 3
    assert panel.needed_width() <= dock_share
    panel.resize(panel.needed_width(), 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.table.columnCount() == 8
    assert not panel.horizontalScrollBar().isVisible()
    assert panel.horizontalScrollBar().maximum() == 0
    panel.resize(panel.needed_width() - 20, 700)  # the width is what is needed, not more than enough
    qtbot.waitUntil(lambda: panel.horizontalScrollBar().maximum() > 0)


def test_clicking_a_unit_selects_it_everywhere(panel, qtbot):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(1))
    panel.resize(500, 600)
    panel.show()
    qtbot.waitExposed(panel)
    header = panel.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(2) + 5, header.height() // 2))  # fmt: skip
    assert session.selected_unit == 2
    assert panel.table.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert panel.table.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole) is None
    cell = panel.table.index(3, 2)
    assert panel.table.data(cell, Qt.ItemDataRole.FontRole).bold()
    rect = panel.visualRect(panel.table.index(4, 0))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert session.selected_unit == 0
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2))  # fmt: skip
    assert session.selected_unit is None  # clicking the selected unit again clears it
    session.select_unit(1)  # chosen elsewhere (the canvas): the panel follows
    assert panel.table.selected_unit == 1
    assert panel.table.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()


def test_a_not_yet_computed_cell_says_so(panel):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(1, 1))
    row = [r.id for r in panel.table.rows].index(("lstm", "o"))
    tip = panel.table.data(panel.table.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "o(t) = σ(…): not computed yet at this phase"
    row = [r.id for r in panel.table.rows].index(("lstm", "f"))
    tip = panel.table.data(panel.table.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == f"f(t) = σ(…) [unit 1] = {float(session.traces['lstm'].f[0, 1])!r}"


def test_what_each_cell_and_header_shows_with_a_selected_unit(panel):
    """Fonts, backgrounds, alignment and tooltips: the selected unit's column stands out everywhere."""
    from PySide6.QtGui import QBrush, QFont

    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(1, 1))  # the forget gate is computed, the output gate not yet
    table = panel.table
    ids = [r.id for r in table.rows]
    f_row, o_row, group_row = ids.index(("lstm", "f")), ids.index(("lstm", "o")), ids.index(("lstm", ""))
    role = Qt.ItemDataRole

    def cell(row, column, r):
        return table.data(table.index(row, column), r)

    assert cell(f_row, 0, role.FontRole) is None  # nothing selected: plain
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert int(cell(f_row, 0, role.TextAlignmentRole)) == int(right)
    assert isinstance(cell(f_row, 0, role.BackgroundRole), QBrush)  # its colour on the 0..1 scale
    assert cell(o_row, 1, role.BackgroundRole) is None
    assert cell(o_row, 1, role.DisplayRole) is None
    assert cell(group_row, 1, role.BackgroundRole) is table._group_brush
    assert cell(group_row, 1, role.ToolTipRole) is None
    assert cell(f_row, 0, role.EditRole) is None  # not a role the panel answers
    header = table.headerData
    assert header(1, Qt.Orientation.Horizontal, role.DisplayRole) == "unit 1"
    assert header(1, Qt.Orientation.Horizontal, role.FontRole) is None
    assert header(1, Qt.Orientation.Horizontal, role.ToolTipRole) == "Click to follow unit 1 in every view"
    assert header(group_row, Qt.Orientation.Vertical, role.DisplayRole) == "LSTM"
    assert isinstance(header(group_row, Qt.Orientation.Vertical, role.FontRole), QFont)
    assert header(f_row, Qt.Orientation.Vertical, role.FontRole) is None
    assert header(f_row, Qt.Orientation.Vertical, role.ToolTipRole) == "f(t) = σ(…)"
    assert header(len(ids), Qt.Orientation.Vertical, role.DisplayRole) is None

    session.select_unit(1)
    assert cell(f_row, 1, role.FontRole).bold()
    assert cell(f_row, 0, role.FontRole) is None
    assert cell(o_row, 1, role.BackgroundRole) is table._selected_brush  # an empty cell of the selected unit
    assert cell(o_row, 0, role.BackgroundRole) is None
    assert header(1, Qt.Orientation.Horizontal, role.FontRole).bold()
    assert header(1, Qt.Orientation.Horizontal, role.BackgroundRole) is table._selected_brush
    assert header(0, Qt.Orientation.Horizontal, role.BackgroundRole) is None
    assert header(1, Qt.Orientation.Horizontal, role.ToolTipRole) == (
        "Unit 1 is selected; click again to clear the selection"
    )


def test_clicking_the_selected_units_header_clears_it_and_a_cell_selects_its_column(panel, qtbot):
    session = _session()
    session.add_view(panel)
    panel._on_unit_clicked(2)
    assert session.selected_unit == 2
    panel._on_unit_clicked(2)
    assert session.selected_unit is None
    panel._on_cell_clicked(panel.table.index(3, 1))
    assert session.selected_unit == 1
    panel._on_cell_clicked(panel.table.index(3, 1))  # a cell keeps it selected
    assert session.selected_unit == 1


def test_rows_are_values_and_the_table_has_no_children(panel):
    import dataclasses

    session = _session()
    session.add_view(panel)
    row = panel.table.rows[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.label = "changed"  # type: ignore[misc]
    table = panel.table
    assert table.rowCount() == len(table.rows)
    assert table.columnCount() == 3
    assert table.rowCount(table.index(0, 0)) == 0  # a table: no cell has rows under it
    assert table.columnCount(table.index(0, 0)) == 0


@pytest.mark.parametrize("H", [3, 10, 11])
def test_columns_are_as_wide_as_their_widest_header_or_number_in_bold(panel, H):
    from PySide6.QtGui import QFont, QFontMetrics

    session = _session(H=H) if H != 3 else _session()
    session.add_view(panel)
    session.playhead.move_to(Position(2))
    cell, header = QFont(panel.font()), QFont(panel.horizontalHeader().font())
    cell.setBold(True)  # as the selected unit's column: selecting one must not cut its numbers
    header.setBold(True)
    headers = [panel.table.headerData(k, Qt.Orientation.Horizontal) for k in range(panel.table.columnCount())]
    assert headers == [f"unit {k}" for k in range(H)]
    texts = [text for row in panel.table.texts() for text in row]
    needed = max(max(QFontMetrics(header).horizontalAdvance(text) for text in headers),
                 max(QFontMetrics(cell).horizontalAdvance(text) for text in [*texts, "-0.000"]))  # fmt: skip
    padding = 8  # what the panel adds around the widest text
    assert panel.horizontalHeader().defaultSectionSize() == needed + padding


def test_the_needed_width_is_exact(panel, qtbot):
    session = _session(H=8)
    session.add_view(panel)
    session.playhead.move_to(Position(2))
    panel.resize(panel.needed_width(), 700)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.width() == panel.needed_width())
    assert panel.horizontalScrollBar().maximum() == 0
    panel.resize(panel.needed_width() - 1, 700)  # one pixel less: a scrollbar
    qtbot.waitUntil(lambda: panel.horizontalScrollBar().maximum() > 0)


# -- what the cells look like ----------------------------------------------------------------
def _blend(brush_color, on=(255, 255, 255)) -> tuple[int, int, int]:
    """A translucent colour painted over the white viewport, as the screen shows it."""
    a = brush_color.alpha() / 255
    return tuple(round(c * a + w * (1 - a)) for c, w in zip(brush_color.getRgb()[:3], on, strict=True))


def _close(pixel, expected, tolerance=2) -> bool:
    return all(abs(p - e) <= tolerance for p, e in zip(pixel, expected, strict=True))


def test_each_cell_is_painted_in_its_colour_with_its_number_at_the_right(panel, qtbot):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(2, 3))
    session.select_unit(1)
    panel.resize(900, 900)
    panel.show()
    qtbot.waitExposed(panel)
    image = panel.viewport().grab().toImage()
    table = panel.table
    row = next(r for r, item in enumerate(table.rows) if item.id == ("lstm", "c"))
    later = next(r for r, item in enumerate(table.rows) if item.id == ("lstm", "o"))  # stage 4: empty
    group = next(r for r, item in enumerate(table.rows) if item.id == ("lstm", ""))
    for column in range(3):
        x, w = panel.columnViewportPosition(column), panel.columnWidth(column)
        y, h = panel.rowViewportPosition(row), panel.rowHeight(row)
        text, brush, bold = table.cell(row, column)
        assert bold == (column == 1)
        # the left part of the cell holds no digits: only the cell's own colour
        expected = _blend(brush.color())
        assert _close(image.pixelColor(x + 2, y + h // 2).getRgb()[:3], expected), column
        # the number ends at the right, a few pixels from the edge: dark pixels there, none further right
        band = [image.pixelColor(px, py).lightness() for px in range(x + w - 16, x + w - 2) for py in range(y, y + h)]
        assert min(band) < 120, column
        right = [image.pixelColor(x + w - 3, py).lightness() for py in range(y + 1, y + h - 2)]
        assert min(right) > 150, column
        # the grid on the cell's right and bottom edge, lighter than the numbers and darker than white
        grid = image.pixelColor(x + w - 1, y + h // 2).lightness()
        assert 150 < grid < 250, column
        # a row not computed yet: white, except the selected unit's column in its highlight
        y2 = panel.rowViewportPosition(later)
        empty = image.pixelColor(x + w // 2, y2 + panel.rowHeight(later) // 2).getRgb()[:3]
        if column == 1:
            assert _close(empty, _blend(table._selected_brush.color()))
        else:
            assert empty == (255, 255, 255)
        # a group title's cells are grey
        y3 = panel.rowViewportPosition(group)
        assert _close(image.pixelColor(x + w // 2, y3 + 3).getRgb()[:3], table._group_brush.color().getRgb()[:3])


def test_the_widest_number_decides_the_column_width():
    from rnnviz.ui.state_panel import Row, StateTableModel

    table = StateTableModel()
    table.set_rows([Row(VALUE_ROW, ("lstm", "h"), "h", np.array([0.5, -0.25]))])
    assert table.longest_text() == "-0.000"  # no number is longer than the default
    table.set_rows([Row(VALUE_ROW, ("lstm", "h"), "h", np.array([12.5, -3.0]))])
    assert table.longest_text() == "-0.000"  # "12.500" is no longer than the default: it stays
    table.set_rows([Row(VALUE_ROW, ("lstm", "h"), "h", np.array([123.5, -3.0, np.nan, np.inf])),
                    Row(GROUP, ("lstm", ""), "LSTM"), Row(VALUE_ROW, ("lstm", "c"), "c", None)])  # fmt: skip
    assert table.longest_text() == "123.500"  # the largest value; NaN, ±∞ and empty rows are shorter
    table.set_rows([Row(VALUE_ROW, ("lstm", "h"), "h", np.array([12.5, -345.0]))])
    assert table.longest_text() == "-345.000"  # the most negative value
    table.set_rows([Row(VALUE_ROW, ("lstm", "h"), "h", np.array([99999.0, -2.0, 1.5e300, 3.0]))])
    assert table.longest_text() == format_fixed(1.5e300) == "1.500e+300"  # the largest exponent
    values = np.array([-5.0e-7, -99999.0, 1.0e5, 7.0])  # "-99999.000", the most negative, is the longest
    table.set_rows([Row(VALUE_ROW, ("gru", "h"), "h", values)])
    assert table.longest_text() == "-99999.000"
    # a number just below 1e5 rounds up to "100000.000", longer than the largest one's "2.000e+05"
    table.set_rows([Row(VALUE_ROW, ("gru", "h"), "h", np.array([-1.0, 99999.9996, 2e5]))])
    assert table.longest_text() == "100000.000"
    assert len(table.longest_text()) == max(len(format_fixed(v)) for v in values)
    # 1e5 itself is written "1.000e+05": it must not hide the longer "100000.000" of a number below it
    table.set_rows([Row(VALUE_ROW, ("gru", "h"), "h", np.array([1e5, 99999.9996, 1.0]))])
    assert table.longest_text() == "100000.000"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=6), max_size=5))
def test_the_widest_number_is_as_long_as_the_longest_cell_text(rows):
    """longest_text looks at the extremes of all rows at once: it must be as long as the longest
    text of any finite cell, one by one (and never shorter than "-0.000")."""
    from rnnviz.ui.state_panel import Row, StateTableModel

    table = StateTableModel()
    table.set_rows([Row(VALUE_ROW, ("gru", "h"), "h", np.array(values, dtype=float)) for values in rows]
                   + [Row(GROUP, ("gru", ""), "GRU"), Row(VALUE_ROW, ("gru", "z"), "z", None)])  # fmt: skip
    texts = [format_fixed(v) for values in rows for v in values if np.isfinite(v)]
    assert len(table.longest_text()) == max(len(text) for text in ["-0.000", *texts])


def test_the_grid_runs_along_every_cells_bottom_and_right_edge_to_the_last_row(panel, qtbot):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(1, 0))  # most rows empty: white cells, so the grid stands out
    panel.resize(1000, 1400)  # taller and wider than the table: the paint reaches past its end
    panel.show()
    qtbot.waitExposed(panel)
    image = panel.viewport().grab().toImage()
    table = panel.table
    rows, columns = table.rowCount(), table.columnCount()
    assert panel.rowViewportPosition(rows - 1) + panel.rowHeight(rows - 1) < image.height()

    def grid(x, y) -> bool:
        return 150 < image.pixelColor(x, y).lightness() < 250

    empty = [r for r, row in enumerate(table.rows) if row.kind == VALUE_ROW and row.values is None]
    assert empty[-1] == rows - 1  # the last row is empty at stage 0
    for r in (empty[0], rows - 1):
        y, h = panel.rowViewportPosition(r), panel.rowHeight(r)
        for c in range(columns):
            x, w = panel.columnViewportPosition(c), panel.columnWidth(c)
            assert grid(x + w // 2, y + h - 1), (r, c)  # the bottom edge, along the whole row
            assert grid(x + 2, y + h - 1), (r, c)
            assert not grid(x + w // 2, y + h - 2), (r, c)  # one pixel thick
            assert grid(x + w - 1, y + h // 2), (r, c)  # the right edge
            assert not grid(x + w - 2, y + h // 2), (r, c)
    below = panel.rowViewportPosition(rows - 1) + panel.rowHeight(rows - 1) + 3
    assert image.pixelColor(panel.columnViewportPosition(0) + 5, below).getRgb()[:3] == (255, 255, 255)


def test_a_number_is_laid_out_once_and_drawn_from_then_on(panel, qtbot):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(2, 3))
    panel.resize(900, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.viewport().grab()
    laid_out = dict(panel._static)
    assert laid_out  # the numbers painted so far
    panel.viewport().grab()
    assert {key: id(value) for key, value in panel._static.items()} == {k: id(v) for k, v in laid_out.items()}


def test_a_trained_lessons_readout_answer_is_a_row_once_h_is_known(tmp_path):
    import numpy as np

    import rnnviz
    from rnnviz.core.models import LAST_STAGE, Position
    from rnnviz.session import Session
    from rnnviz.ui.state_panel import state_rows

    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["models"]["lstm"]["readout"] = {"weight": [[1.0, 0.0, 0.0], [0.0, 1.0, -1.0]], "bias": [0.5, 0.0],
                                         "labels": ["A", "B"]}  # fmt: skip
    session = Session(rnnviz.load_lesson(data))
    traces = session.shown_traces()
    rows = {row.id: row for row in state_rows(traces, Position(2, 1))}
    assert rows[("lstm", "y")].values is None  # h(2) not computed yet at the forget gate
    assert ("rnn", "y") not in rows  # no readout, no row
    rows = {row.id: row for row in state_rows(traces, Position(2, LAST_STAGE))}
    h = traces["lstm"].h[2]
    np.testing.assert_allclose(rows[("lstm", "y")].values, [h[0] + 0.5, h[1] - h[2]])
    assert rows[("lstm", "y")].label == "y(t) = W_y h(t) + b_y  (readout)"
    rows = {row.id: row for row in state_rows(traces, Position(0))}
    assert rows[("lstm", "y")].values is None


def _cell_ink(panel, row: int, column: int):
    """(ink pixels, their mean y relative to the cell's centre) of a cell's number, as painted: the
    pixels far from the cell's own background (its colour at its top-left corner)."""
    image = panel.viewport().grab().toImage()
    x, y = panel.columnViewportPosition(column), panel.rowViewportPosition(row)
    w, h = panel.columnWidth(column), panel.rowHeight(row)
    ground = image.pixelColor(x + 2, y + 2)

    def ink(color) -> bool:
        return abs(color.lightness() - ground.lightness()) > 80

    ys = [py for py in range(y + 1, y + h - 1) for px in range(x + 1, x + w - 1) if ink(image.pixelColor(px, py))]
    assert ys, (row, column)
    return len(ys), sum(ys) / len(ys) - (y + (h - 1) / 2)


def test_a_cells_number_is_centred_in_its_row_and_bold_in_the_selected_column(panel, qtbot):
    session = _session()
    session.add_view(panel)
    session.playhead.move_to(Position(2, LAST_STAGE))
    panel.resize(700, 900)
    panel.show()
    qtbot.waitExposed(panel)
    row = next(k for k, r in enumerate(panel.table.rows) if r.values is not None)
    plain = {column: _cell_ink(panel, row, column) for column in range(3)}
    for _ink, offset in plain.values():
        assert abs(offset) < 1.5  # centred vertically, as the style draws a cell's text
    session.select_unit(1)
    selected = _cell_ink(panel, row, 1)[0]
    assert selected > plain[1][0] * 1.3  # the same number in bold: more ink
    assert _cell_ink(panel, row, 0)[0] == plain[0][0]  # the other columns as they were
