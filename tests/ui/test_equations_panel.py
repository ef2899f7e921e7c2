"""The Equations panel: which lines show numbers, which is highlighted, which unit, at each position."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QKeySequence

from rnnviz.core.edits import SetTokens
from rnnviz.core.equations import equation_lines, substitute
from rnnviz.core.lesson import load_lesson
from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.resources import default_lesson_path
from rnnviz.session import Session
from rnnviz.ui.colors import html
from rnnviz.ui.equations_panel import (
    NUMBERS_INDENT,
    STYLES,
    EquationsPanel,
    Paragraph,
    equation_paragraphs,
    equations_html,
)

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
    found = equation_paragraphs(session, Position(2, CELL))
    texts = [p.text for p in found]
    for model in ("rnn", "lstm", "gru"):
        for line in equation_lines(model):
            k = next(k for k, text in enumerate(texts) if text == line.html)
            if line.stage > CELL:  # not reached: dimmed, no numbers under it
                assert found[k] == Paragraph("dim", line.html), (model, line.quantity)
                assert all(p.kind != "numbers" for p in found[k + 1 : k + 2]), (model, line.quantity)
                continue
            trace, weights = session.traces[model], session.lesson.models[model]
            current = line.stage == CELL
            assert found[k] == Paragraph("symbols", line.html, current), (model, line.quantity)
            numbers = substitute(line, trace, weights, 2, 1).numbers
            assert found[k + 1] == Paragraph("numbers", numbers, current), (model, line.quantity)
    assert STYLES["numbers"].left == NUMBERS_INDENT
    assert STYLES["symbols"].left == 0


def test_a_paragraph_as_html_and_as_the_characters_it_shows():
    numbers = Paragraph("numbers", "= σ(0.1 − 0.2) < 1 & more", current=True)
    assert numbers.plain == "= σ(0.1 − 0.2) < 1 & more"
    assert numbers.html == (f"<p style='margin:0px 0 3px {NUMBERS_INDENT}px; background:{HIGHLIGHT_BG};"
                            " font-weight:bold;'>= σ(0.1 − 0.2) &lt; 1 &amp; more</p>")  # fmt: skip
    symbols = Paragraph("dim", "h<sub>t−1</sub> &amp; C̃")  # inline HTML: shown as its characters
    assert symbols.plain == "ht−1 & C̃"
    assert symbols.html == f"<p style='margin:3px 0 3px 0px; color:{DIM};'>h<sub>t−1</sub> &amp; C̃</p>"
    assert Paragraph("title", "LSTM").html == "<p style='margin:8px 0 2px 0px;'><b>LSTM</b></p>"
    assert Paragraph("title", "LSTM").bold
    assert not Paragraph("symbols", "x").bold
    assert Paragraph("symbols", "x", current=True).bold


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
    found = equation_paragraphs(session, Position(1, LAST_STAGE))
    line = next(line for line in equation_lines("lstm") if line.quantity == "f")
    k = found.index(Paragraph("symbols", line.html))
    assert found[k + 1] == Paragraph("numbers", "= 1.000 (what-if: forced)")
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


def _drawn(panel) -> list[tuple[str, str, bool]]:
    """(kind, characters, bold) of each paragraph as the panel lays it out, in order."""
    return [(item.paragraph.kind, item.paragraph.plain, item.font.bold()) for item in panel.placed()]


def test_the_panel_lays_out_every_paragraph_in_order_numbers_indented_current_ones_bold_on_one_band(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, FORGET))
    expected = equation_paragraphs(session, Position(2, FORGET))
    placed = panel.placed()
    assert [item.paragraph for item in placed] == expected
    assert [item.text.text() for item in placed] == [p.text for p in expected]  # each paragraph's own text
    for above, below in zip(placed, placed[1:], strict=False):  # top to bottom, never overlapping
        assert below.top >= above.top + above.height, (above.paragraph, below.paragraph)
        assert below.top - (above.top + above.height) == max(above.paragraph.style.bottom,
                                                               below.paragraph.style.top)  # fmt: skip
    symbols = [item for item in placed if item.paragraph.kind == "symbols"]
    numbers = [item for item in placed if item.paragraph.kind == "numbers"]
    assert len(symbols) == len(numbers) == 2  # at the forget phase: the LSTM's f and the GRU's r
    for item in numbers:
        assert item.left == panel.MARGIN + NUMBERS_INDENT
    for item in placed:
        assert item.font.bold() == (item.paragraph.current or item.paragraph.kind in ("where", "title"))
        if item.paragraph.kind != "numbers":
            assert item.left == panel.MARGIN
    # the current phase's line and its numbers on one highlighted band, as wide as the text
    current = [item for item in placed if item.paragraph.current]
    assert [item.paragraph.kind for item in current] == ["symbols", "numbers", "symbols", "numbers"]
    bands = panel.highlight()
    assert len(bands) == 2  # the LSTM's f and the GRU's r, with a title between them
    for band, (line, its_numbers) in zip(bands, (current[:2], current[2:]), strict=True):
        assert band.top() == line.top
        assert band.bottom() == its_numbers.top + its_numbers.height
        assert band.left() == panel.MARGIN
        assert band.right() == panel.viewport().width() - panel.MARGIN
    session.playhead.move_to(Position(2, CELL))
    current = [item.paragraph.plain for item in panel.placed() if item.paragraph.current]
    assert [text.split(" =")[0] for text in current[::2]] == ["Ct", "nt"]  # the LSTM's cell, the GRU's candidate
    assert len(panel.highlight()) == 2


def test_the_highlight_and_the_dimmed_lines_are_painted_where_they_are_laid_out(qtbot, session):
    from PySide6.QtGui import QColor

    from rnnviz.ui.colors import html

    panel = _shown_panel(qtbot, session, (420, 600))
    session.playhead.move_to(Position(2, FORGET))
    image = panel.viewport().grab().toImage()
    highlight, dim = QColor(html("current")).rgb(), QColor(html("dim")).rgb()
    band = panel.highlight()[0]
    x = int(band.right()) - 2  # right of any text: the band's colour alone
    inside = {image.pixel(x, y) for y in range(int(band.top()) + 1, int(band.bottom()) - 1)}
    assert inside == {highlight}
    above = [item for item in panel.placed() if item.top + item.height <= band.top()][-1]
    assert image.pixel(x, int(above.top + above.height / 2)) != highlight
    # a dimmed line is written in the dim colour (its darkest pixel: antialiasing only lightens it)
    item = next(item for item in panel.placed() if item.paragraph.kind == "dim")
    top, bottom = int(item.top), int(item.top + item.height)
    darkest = min((image.pixel(x, y) for x in range(0, 200) for y in range(top, bottom)),
                  key=lambda rgb: QColor(rgb).lightness())  # fmt: skip
    assert QColor(darkest).lightness() == pytest.approx(QColor(dim).lightness(), abs=12)
    ink = next(item for item in panel.placed() if item.paragraph.kind == "title")
    darkest = min((image.pixel(x, y) for x in range(0, 200) for y in range(int(ink.top), int(ink.top + ink.height))),
                  key=lambda rgb: QColor(rgb).lightness())  # fmt: skip
    assert QColor(darkest).lightness() < QColor(dim).lightness() - 60  # the title in the text's colour


def test_a_timestep_lays_out_again_only_the_paragraphs_that_changed(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    before = {item.paragraph: item.text for item in panel.placed()}
    session.playhead.move_to(Position(3, LAST_STAGE))
    for item in panel.placed():
        if item.paragraph in before:  # the symbols and titles: the same laid-out text
            assert item.text is before[item.paragraph], item.paragraph
        else:  # the numbers and the step's line: laid out now
            assert item.paragraph.kind in ("numbers", "where"), item.paragraph
            assert all(item.text is not text for text in before.values())
    kept = sum(item.paragraph in before for item in panel.placed())
    assert kept == len([p for p in equation_paragraphs(session, Position(3, LAST_STAGE))
                        if p.kind in ("symbols", "title", "hint")])  # fmt: skip
    # a symbol line laid out once is kept: back at t = 0 (all dimmed) and forward again, the same
    session.playhead.move_to(Position(0))
    session.playhead.move_to(Position(1, LAST_STAGE))
    for item in panel.placed():
        if item.paragraph.kind == "symbols":
            assert item.text is before[item.paragraph]


def test_a_numbers_line_too_long_for_the_panel_wraps_and_the_lines_below_move_down(qtbot, session):
    panel = _shown_panel(qtbot, session, (600, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    wide = {item.paragraph: item for item in panel.placed()}
    line = max(wide, key=lambda p: len(p.text) if p.kind == "numbers" else 0)
    panel.resize(220, 300)
    narrow = {item.paragraph: item for item in panel.placed()}
    assert narrow[line].height >= 2 * wide[line].height * 0.9  # two lines or more
    assert narrow[line].text.textWidth() == panel.viewport().width() - 2 * panel.MARGIN - NUMBERS_INDENT
    assert panel.content_height() > max(item.top + item.height for item in wide.values())


def test_zooming_in_sets_the_text_larger(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    size, height = panel.font().pointSizeF(), panel.content_height()
    panel.zoomIn(4)
    assert panel.font().pointSizeF() == size + 4
    assert all(item.font.pointSizeF() == size + 4 for item in panel.placed())
    assert panel.content_height() > height * 1.2
    panel.zoomOut(4)
    assert panel.content_height() == height
    panel.zoomIn()  # a point at a time, as a text browser zooms
    assert panel.font().pointSizeF() == size + 1
    panel.zoomOut()
    assert panel.font().pointSizeF() == size


def test_copy_puts_the_equations_on_the_clipboard_as_text_and_html(qtbot, session):
    from PySide6.QtGui import QGuiApplication

    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    QGuiApplication.clipboard().clear()
    panel.copy_action.trigger()  # Ctrl+C, or the context menu
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == panel.toPlainText()
    assert data.text().startswith("t = 2 “爱”, unit 0\n")
    assert "ht = tanh(W xt + U ht−1 + b)\n= tanh(" in data.text()
    assert "h<sub>t</sub>" in data.html()
    assert panel.copy_action in panel.actions()
    copy = QKeySequence(QKeySequence.StandardKey.Copy)
    assert panel.copy_action.shortcut().matches(copy) == QKeySequence.SequenceMatch.ExactMatch
    # Emptied again: the offscreen platform's clipboard deletes its data when the application
    # ends, after Python has begun to shut down, and the test process would end in a crash
    # (not seen on X11, where the window runs).
    QGuiApplication.clipboard().clear()


def test_the_scroll_bar_shows_when_the_equations_overflow_and_only_then(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 160))  # three models' equations need far more than 160 pixels
    session.playhead.move_to(Position(2, LAST_STAGE))
    bar = panel.verticalScrollBar()
    assert bar.isVisible()
    assert bar.maximum() == math.ceil(panel.content_height() - panel.viewport().height())
    assert bar.maximum() > 0
    panel.resize(420, 2000)
    qtbot.waitUntil(lambda: not bar.isVisible())
    assert panel.content_height() <= panel.viewport().height()
    assert bar.maximum() == 0
    session.show_models(["rnn"])  # one line: fits even the small panel
    panel.resize(420, 160)
    qtbot.waitUntil(lambda: panel.viewport().height() < 160)
    assert not bar.isVisible()
    session.show_models(["rnn", "lstm", "gru"])
    qtbot.waitUntil(bar.isVisible)
    assert bar.maximum() == math.ceil(panel.content_height() - panel.viewport().height())
    # laid out for the width the bar leaves
    assert panel.placed()[0].text.textWidth() == panel.viewport().width() - 2 * panel.MARGIN


def test_a_step_keeps_the_place_the_reader_scrolled_to_and_the_view_shows_it(qtbot, session):
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
    assert bar.value() == place
    assert 0 not in ranges  # never emptied first
    # what is painted is the text scrolled: the last line's highlight at its place less the scroll
    band = panel.highlight()[-1]
    image = panel.viewport().grab().toImage()
    from PySide6.QtGui import QColor

    from rnnviz.ui.colors import html

    y = int((band.top() + band.bottom()) / 2) - place
    assert 0 <= y < panel.viewport().height()
    assert image.pixel(int(band.left()) + 1, y) == QColor(html("current")).rgb()


def test_a_changed_scroll_range_repaints_the_bar_not_the_dock_under_it(qtbot, session):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QDockWidget

    panel = EquationsPanel()
    dock = QDockWidget("Equations")
    qtbot.addWidget(dock)
    dock.setWidget(panel)
    dock.resize(300, 120)
    dock.show()
    panel.show_paragraphs([Paragraph("where", f"line {k}") for k in range(30)])
    QApplication.processEvents()
    assert panel.verticalScrollBar().isVisible()
    painted = []

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(watched)
            return False

    spy = Painted()
    dock.installEventFilter(spy)
    bar = panel.verticalScrollBar()
    bar.installEventFilter(spy)
    before = bar.maximum()
    panel.show_paragraphs([Paragraph("where", f"line {k}") for k in range(40)])  # taller: another range
    QApplication.processEvents()
    assert bar.maximum() > before
    assert bar in painted  # the bar shows its new range ...
    assert dock not in painted  # ... over its own background, not the dock's painted again


def test_a_token_that_looks_like_markup_is_shown_as_its_characters(qtbot, session):
    from PySide6.QtCore import Qt

    session.apply(SetTokens(("<b>a&amp;b", "爱")))  # any Unicode a user types is a token
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(1, LAST_STAGE))
    where = panel.placed()[0]
    assert where.paragraph == Paragraph("where", "t = 1 “<b>a&amp;b”, unit 0")
    assert where.text.text() == "t = 1 “<b>a&amp;b”, unit 0"
    assert where.text.textFormat() == Qt.TextFormat.PlainText  # not read as HTML
    assert "t = 1 “&lt;b&gt;a&amp;amp;b”" in panel.html  # escaped when written as HTML
    assert panel.toPlainText().startswith("t = 1 “<b>a&amp;b”, unit 0\n")
    assert panel.accessibleDescription() == panel.toPlainText()  # for a screen reader
    formats = {item.paragraph.kind: item.text.textFormat() for item in panel.placed()}
    plain, rich = Qt.TextFormat.PlainText, Qt.TextFormat.RichText
    assert formats == {"where": plain, "hint": plain, "title": plain, "symbols": rich, "numbers": plain}
    session.playhead.move_to(Position(0))
    assert {item.text.textFormat() for item in panel.placed() if item.paragraph.kind == "dim"} == {rich}


def test_the_text_is_as_tall_as_its_paragraphs_and_margins_and_a_text_that_just_fits_needs_no_bar(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    last = panel.placed()[-1]
    assert panel.placed()[0].top == panel.MARGIN + STYLES["where"].top
    assert panel.content_height() == last.top + last.height + last.paragraph.style.bottom + panel.MARGIN
    # a panel exactly as tall as the text: everything shows, no scroll bar
    frame = panel.height() - panel.viewport().height()
    panel.resize(420, math.ceil(panel.content_height()) + frame + 40)  # first without the bar
    qtbot.waitUntil(lambda: not panel.verticalScrollBar().isVisible())
    panel.resize(420, math.ceil(panel.content_height()) + frame)
    qtbot.waitUntil(lambda: panel.viewport().height() == math.ceil(panel.content_height()))
    assert panel.content_height() == panel.viewport().height()  # whole pixels: the lines are
    assert not panel.verticalScrollBar().isVisible()
    panel.resize(420, math.ceil(panel.content_height()) + frame - 1)  # a pixel less: the bar
    qtbot.waitUntil(panel.verticalScrollBar().isVisible)
    empty = EquationsPanel()
    qtbot.addWidget(empty)
    empty.show_paragraphs([Paragraph("where", "")])
    assert empty.content_height() == 2 * empty.MARGIN + STYLES["where"].top + STYLES["where"].bottom + (
        empty.placed()[0].height)  # fmt: skip


def test_the_current_line_is_painted_bold_and_its_band_ends_at_the_margin(qtbot, session):
    from PySide6.QtGui import QColor, QFontMetricsF

    from rnnviz.ui.colors import html

    panel = _shown_panel(qtbot, session, (520, 600))
    session.playhead.move_to(Position(2, FORGET))
    image = panel.viewport().grab().toImage()
    highlight = QColor(html("current")).rgb()
    band = panel.highlight()[0]
    middle = int((band.top() + band.bottom()) / 2)
    assert image.pixel(int(band.right()) - 1, middle) == highlight
    assert image.pixel(int(band.right()), middle) != highlight  # the margin on the right stays clear
    # the numbers of the current line are written in bold: their ink spans the bold text's width
    numbers = next(item for item in panel.placed() if item.paragraph.current and item.paragraph.kind == "numbers")
    rows = range(int(numbers.top) + 1, int(numbers.top + numbers.height) - 1)
    inked = [x for x in range(int(band.left()), int(band.right())) if any(image.pixel(x, y) != highlight for y in rows)]
    regular = QFontMetricsF(panel.font()).horizontalAdvance(numbers.paragraph.plain)
    bold = QFontMetricsF(numbers.font).horizontalAdvance(numbers.paragraph.plain)
    assert bold > regular + 8
    assert inked[0] == pytest.approx(numbers.left, abs=2)
    extent = inked[-1] - inked[0]  # (the advance also counts the space after the last glyph)
    assert extent == pytest.approx(bold, abs=6)
    assert extent > regular + 4


def test_zooming_a_font_set_in_pixels(qtbot):
    from PySide6.QtGui import QFont

    panel = EquationsPanel()
    qtbot.addWidget(panel)
    font = QFont(panel.font())
    font.setPixelSize(12)
    panel.setFont(font)
    panel.zoomIn(3)
    assert panel.font().pixelSize() == 15
    panel.zoomOut(20)  # never below a pixel
    assert panel.font().pixelSize() == 1


def test_the_lines_stay_where_they_are_as_a_step_wraps_a_numbers_line_or_not(qtbot, session):
    """A numbers line near the panel's width wraps at one step and fits at another: it keeps the
    room it took, so that the equations below it do not jump up and down by a line."""

    def heights(width, t):
        panel = _shown_panel(qtbot, session, (width, 300))
        session.playhead.move_to(Position(t, LAST_STAGE))
        return [item.text.size().height() for item in panel.placed() if item.paragraph.kind == "numbers"]

    # a width at which some numbers line takes more lines at one step than at another
    width = next(w for w in range(300, 700, 6) if len({tuple(heights(w, t)) for t in (1, 2, 3)}) > 1)
    panel = _shown_panel(qtbot, session, (width, 300))
    tops = {}
    for t in (1, 2, 3, 1, 2, 3):
        session.playhead.move_to(Position(t, LAST_STAGE))
        tops[t] = [item.top for item in panel.placed()]
        for item in panel.placed():
            assert item.height >= item.text.size().height(), item.paragraph  # never cut
    assert tops[1] == tops[2] == tops[3]  # once each step has been seen, nothing moves
    roomier = [item for item in panel.placed() if item.height > item.text.size().height()]
    assert roomier  # (at one step at least, a line keeps room its numbers do not need now)
    assert all(item.paragraph.kind == "numbers" for item in roomier)
    # another lesson (another sentence): each line takes the room its numbers need now
    session.apply(SetTokens(("爱", "我", "祖国")))
    assert session.playhead.position == Position(3, LAST_STAGE)
    assert all(item.height == item.text.size().height() for item in panel.placed() if item.paragraph.kind == "numbers")


def test_room_kept_at_the_width_without_the_bar_keeps_the_bar_rather_than_flipping_it_without_end(qtbot, session):
    from rnnviz.ui import errors

    panel = _shown_panel(qtbot, session, (300, 400))
    session.playhead.move_to(Position(2, LAST_STAGE))
    frame = panel.height() - panel.viewport().height()
    panel.resize(300, math.ceil(panel.content_height()) + frame + 20)  # the text fits: no bar
    qtbot.waitUntil(lambda: not panel.verticalScrollBar().isVisible())
    full = panel.viewport().width()
    # a numbers line that once took 40 more pixels at this width (the width without the bar) ...
    key = next(iter(panel._tallest))  # (model, equation, style, width)
    panel._tallest[key] += 40
    reported = len(errors.reported)
    session.playhead.move_to(Position(3, LAST_STAGE))  # ... so the text needs the bar, and fits beside it
    assert len(errors.reported) == reported  # (it flipped the bar on and off until Python's stack ran out)
    bar = panel.verticalScrollBar()
    assert bar.isVisible()
    assert panel.viewport().width() < full
    assert bar.maximum() == max(0, math.ceil(panel.content_height() - panel.viewport().height()))
    assert panel.placed()[0].text.textWidth() == panel.viewport().width() - 2 * panel.MARGIN  # laid out beside it
    # the next step: beside the bar the text fits, without it (the room kept) it would not: the bar stays
    session.playhead.move_to(Position(2, LAST_STAGE))
    assert len(errors.reported) == reported
    assert bar.isVisible()
    assert panel.content_height() <= panel.viewport().height() < panel.content_height() + 40


def test_another_unit_takes_the_room_its_own_numbers_need(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    numbers = [item for item in panel.placed() if item.paragraph.kind == "numbers"]
    for key in panel._tallest:  # room a wide number once took at every line
        panel._tallest[key] += 30
    session.playhead.move_to(Position(3, LAST_STAGE))
    assert all(item.height > item.text.size().height() for item in panel.placed() if item.paragraph.kind == "numbers")
    session.select_unit(2)
    assert all(item.height == item.text.size().height() for item in panel.placed() if item.paragraph.kind == "numbers")
    assert numbers  # (there were lines of numbers to keep room for)


def test_dragging_the_dock_through_many_widths_keeps_a_bounded_record(qtbot, session):
    panel = _shown_panel(qtbot, session, (420, 300))
    session.playhead.move_to(Position(2, LAST_STAGE))
    for width in range(150, 700, 2):
        panel.resize(width, 300)
    assert 0 < len(panel._tallest) <= panel._KEPT
    assert len(panel._typeset) <= panel._KEPT


def test_in_a_narrow_panel_a_long_number_breaks_rather_than_runs_off_the_edge(qtbot, session):
    panel = _shown_panel(qtbot, session, (120, 300))
    session.select_unit(1)
    session.playhead.move_to(Position(2, LAST_STAGE))
    room = panel.viewport().width()
    assert room < 110
    assert any(item.text.size().height() > 40 for item in panel.placed())  # (lines wrapped, several times)
    for item in panel.placed():
        assert item.left + item.text.size().width() <= room + 0.5, item.paragraph
