"""The Equations panel: which lines show numbers, which is highlighted, which unit, at each position."""

from __future__ import annotations

import pytest

from rnnviz.core.equations import equation_lines, substitute
from rnnviz.core.lesson import load_lesson
from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.resources import default_lesson_path
from rnnviz.session import Session
from rnnviz.ui.colors import html
from rnnviz.ui.equations_panel import NUMBERS_INDENT, EquationsPanel, equations_html
from rnnviz.ui.textdiff import paragraphs

HIGHLIGHT_BG, DIM = html("current"), html("dim")

FORGET, INPUT, CELL = 1, 2, 3


@pytest.fixture
def session():
    return Session(load_lesson(default_lesson_path()))


def line_html(session, model, quantity, step, unit) -> tuple[str, str]:
    """(the paragraph end of the line's numbers, the bare line) as the panel writes them."""
    line = next(line for line in equation_lines(model) if line.quantity == quantity)
    trace, weights = session.traces[model], session.lesson.models[model]
    return f">{substitute(line, trace, weights, step, unit).numbers_html}</p>", line.html


def paragraph(html: str, body: str) -> str:
    """The style of the paragraph holding `body`."""
    end = html.index(body)
    start = html.rindex("<p style='", 0, end)
    return html[start:end]


def test_reached_lines_show_numbers_the_current_one_is_highlighted_the_rest_dimmed(session):
    html = equations_html(session, Position(2, FORGET))
    f_numbers, _ = line_html(session, "lstm", "f", 2, 0)
    r_numbers, _ = line_html(session, "gru", "r", 2, 0)
    _, i_bare = line_html(session, "lstm", "i", 2, 0)
    i_numbers, _ = line_html(session, "lstm", "i", 2, 0)
    _, rnn_bare = line_html(session, "rnn", "h", 2, 0)
    assert f_numbers in html
    assert r_numbers in html  # the GRU's reset gate computes at the same stage
    assert HIGHLIGHT_BG in paragraph(html, f_numbers)
    assert i_numbers not in html
    assert DIM in paragraph(html, i_bare)
    assert DIM in paragraph(html, rnn_bare)
    assert "unit 0" in html
    html = equations_html(session, Position(2, CELL))  # f and i now reached, not highlighted
    assert f_numbers in html
    assert HIGHLIGHT_BG not in paragraph(html, f_numbers)
    assert DIM not in paragraph(html, f_numbers)
    c_numbers, _ = line_html(session, "lstm", "c", 2, 0)
    assert HIGHLIGHT_BG in paragraph(html, c_numbers)


def test_each_reached_line_is_followed_by_its_numbers_indented_in_the_same_style(session):
    session.select_unit(1)
    found = paragraphs(equations_html(session, Position(2, CELL)))
    bodies = [body for _tag, body in found]
    for model in ("rnn", "lstm", "gru"):
        for line in equation_lines(model):
            k = next(k for k, body in enumerate(bodies) if body == line.html)
            tag = found[k][0]
            if line.stage > CELL:  # not reached: dimmed, no numbers under it
                assert DIM in tag, (model, line.quantity)
                assert not "".join(bodies[k + 1 : k + 2]).startswith("= "), (model, line.quantity)
                continue
            trace, weights = session.traces[model], session.lesson.models[model]
            assert bodies[k + 1] == substitute(line, trace, weights, 2, 1).numbers_html, (model, line.quantity)
            style = tag.split("; ", 1)[1]  # the highlight (or nothing) after the margins
            assert found[k + 1][0] == f"<p style='margin:0 0 3px {NUMBERS_INDENT}px; {style}", (model, line.quantity)
            assert (HIGHLIGHT_BG in style) == (line.stage == CELL), (model, line.quantity)


def test_the_selected_unit_is_the_one_shown(session):
    session.select_unit(2)
    html = equations_html(session, Position(3, LAST_STAGE))
    assert line_html(session, "lstm", "h", 3, 2)[0] in html
    assert line_html(session, "lstm", "h", 3, 0)[0] not in html
    assert "unit 2" in html
    assert "Click a unit" not in html


def test_the_initial_state_and_the_backward_pass(session):
    html = equations_html(session, Position(0))
    assert "t = 0" in html
    assert line_html(session, "lstm", "f", 1, 0)[1] in html
    assert "σ(" in html
    assert HIGHLIGHT_BG not in html
    html = equations_html(session, Position(1, backward=True))  # every value of step 1 is known
    for model, quantity in (("rnn", "h"), ("lstm", "f"), ("lstm", "h"), ("gru", "n")):
        assert line_html(session, model, quantity, 1, 0)[0] in html
    assert HIGHLIGHT_BG not in html


def _shown_panel(qtbot, session, size=None) -> EquationsPanel:
    """An Equations panel on its own, shown (at `size`, exposed), following the session."""
    panel = EquationsPanel()
    qtbot.addWidget(panel)
    if size is not None:
        panel.resize(*size)
    panel.show()
    if size is not None:
        qtbot.waitExposed(panel)
    session.add_view(panel)
    return panel


def test_the_panel_follows_the_session_and_catches_up_when_shown(qtbot, session):
    panel = _shown_panel(qtbot, session)
    session.playhead.move_to(Position(1, FORGET))
    assert panel.html == equations_html(session, Position(1, FORGET))
    panel.hide()
    session.playhead.move_to(Position(2, INPUT))
    assert panel.html == equations_html(session, Position(1, FORGET))  # hidden: not redrawn per step
    panel.show()
    assert panel.html == equations_html(session, Position(2, INPUT))
    assert "tanh(" in panel.toPlainText()


def test_clicking_a_units_line_on_the_timeline_selects_it_here(window, qtbot):
    from PySide6.QtCore import Qt

    lstm = window.session.traces["lstm"]
    plot = window.timeline.plots[("lstm", "h")]
    window.docks[5].raise_()
    for unit in (1, 2):
        at = plot.to_pixel(2.0, float(lstm.h[2][unit])).toPoint()
        qtbot.mouseClick(window.timeline, Qt.MouseButton.LeftButton, pos=at)
        assert window.session.selected_unit == unit
        assert window.playhead.position.step == 2
        assert f"unit {unit}" in window.equations_panel.html
        assert line_html(window.session, "lstm", "h", 2, unit)[0] in window.equations_panel.html
    far = plot.to_pixel(2.0, 5.0)  # nowhere near a line: the selection stays
    assert plot.unit_at(far) is None


def test_a_forced_gate_and_a_what_if_bias_in_the_panel(session):
    from rnnviz.core.whatif import WhatIf

    session.set_whatif(WhatIf(gates=(("lstm", "f", 1.0),), forget_bias=None).with_forget_bias(None))
    html = equations_html(session, Position(1, LAST_STAGE))
    line = next(line for line in equation_lines("lstm") if line.quantity == "f")
    assert f">{line.html}</p><p style='margin:0 0 3px {NUMBERS_INDENT}px; '>= 1.000 (what-if: forced)</p>" in html
    session.set_whatif(WhatIf(forget_bias=2.5))
    html = equations_html(session, Position(1, LAST_STAGE))
    assert "+ 2.500) = σ(" in html  # the bias the trace ran on, not the lesson's


def test_no_numbers_before_the_first_token_and_unit_0_by_default(session):
    import re

    html = equations_html(session, Position(0))
    assert re.search(r"\d\.\d{3}", html) is None  # no numbers at all
    assert "Click a unit" not in html  # nothing to click for yet
    html = equations_html(session, Position(1, LAST_STAGE))
    assert "t = 1 “我”, unit 0" in html
    assert "Click a unit" in html
    assert line_html(session, "rnn", "h", 1, 0)[0] in html


def test_the_scroll_bar_shows_when_the_equations_overflow_and_only_then(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 160))  # three models' equations need far more than 160 pixels
    session.playhead.move_to(Position(2, LAST_STAGE))
    bar = panel.verticalScrollBar()
    assert bar.isVisible()
    assert bar.maximum() > 0
    panel.resize(420, 2000)
    qtbot.waitUntil(lambda: not bar.isVisible())
    assert panel.document().size().height() <= panel.viewport().height()
    session.show_models(["rnn"])  # one line: fits even the small panel
    panel.resize(420, 160)
    qtbot.waitUntil(lambda: panel.viewport().height() < 160)
    assert not bar.isVisible()
    session.show_models(["rnn", "lstm", "gru"])
    qtbot.waitUntil(bar.isVisible)
    assert bar.maximum() == pytest.approx(panel.document().size().height() - panel.viewport().height(), abs=2)


def test_a_step_keeps_the_place_the_reader_scrolled_to(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 160))
    session.playhead.move_to(Position(1, LAST_STAGE))
    bar = panel.verticalScrollBar()
    ranges = []
    bar.rangeChanged.connect(lambda low, high: ranges.append(high))
    bar.setValue(bar.maximum())  # down to the GRU's equations
    place = bar.value()
    assert place > 0
    session.playhead.move_to(Position(2, LAST_STAGE))
    assert panel.html == equations_html(session, Position(2, LAST_STAGE))
    assert "GRU" in panel.toPlainText()
    assert "tanh(" in panel.toPlainText()
    assert bar.value() == place
    assert 0 not in ranges  # the text was replaced in one edit, never emptied first
    assert not panel.document().isUndoAvailable()  # nothing kept for an undo of a read-only text


def test_each_paragraph_keeps_its_shaped_text_for_the_paint(qtbot, session):
    panel = _shown_panel(qtbot, session)
    session.playhead.move_to(Position(2, LAST_STAGE))
    block, count = panel.document().begin(), 0
    while block.isValid():
        assert block.layout().cacheEnabled(), block.text()
        block, count = block.next(), count + 1
    assert count > 10  # three models' lines, their titles and the step's line
