"""The rule that finds which characters of a rich text change (no Qt), and the Equations panel
that edits only those: what it shows must be exactly what laying the new text out whole shows."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rnnviz.ui.textdiff import TextEdit, paragraphs, plain_text, text_edits

P = "<p style='margin:3px 0'>"


def test_the_rule_needs_no_qt():
    code = "import sys, rnnviz.ui.textdiff; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_paragraphs_are_split_with_their_opening_tags_and_anything_else_is_refused():
    assert paragraphs(f"{P}a<sub>t</sub></p><h4 style='x'>LSTM</h4><p>b</p>") == [
        (P, "a<sub>t</sub>"), ("<h4 style='x'>", "LSTM"), ("<p>", "b")]  # fmt: skip
    assert paragraphs("") == []
    assert paragraphs(f"text{P}a</p>") is None  # something between paragraphs
    assert paragraphs(f"{P}a</p><br>") is None
    assert paragraphs(f"{P}a</h4>") is None  # not closed as opened


def test_plain_text_is_what_html_shows_or_none_where_html_would_change_it():
    assert plain_text("h<sub>t−1</sub> = 0.5 &amp; &lt;x&gt;") == "ht−1 = 0.5 & <x>"
    assert plain_text("<b>t = 1 “我”</b>") == "t = 1 “我”"
    for collapsed in ("a  b", " a", "a ", "a\nb", "a\tb", "a<br>b", "a<img src='x'>"):
        assert plain_text(collapsed) is None, collapsed


def test_a_changed_number_is_one_edit_in_its_paragraph():
    old = f"{P}<b>t = 1 “我”, unit 0</b></p>{P}f<sub>t</sub></p>{P}= σ(0.100) = 0.525</p>"
    new = f"{P}<b>t = 2 “爱”, unit 0</b></p>{P}f<sub>t</sub></p>{P}= σ(-1.250) = 0.223</p>"
    # one run a paragraph, from its first changed character to its last
    assert text_edits(old, new) == [TextEdit(0, 4, 4, "2 “爱"), TextEdit(2, 4, 14, "-1.250) = 0.223")]


def test_edits_start_after_subscripts_and_entities_count_as_one_character():
    old = f"{P}h<sub>t</sub> = a &amp; 1</p>"
    new = f"{P}h<sub>t</sub> = a &amp; 22</p>"
    assert text_edits(old, new) == [TextEdit(0, 9, 1, "22")]  # "ht = a & " is 9 characters
    assert text_edits(f"{P}x &lt; 1</p>", f"{P}x &gt; 1</p>") == [TextEdit(0, 2, 1, ">")]


def test_insertions_deletions_and_changes_at_either_end():
    assert text_edits(f"{P}1</p>", f"{P}2</p>") == [TextEdit(0, 0, 1, "2")]  # the very first character
    assert text_edits(f"{P}a</p>", f"{P}ab</p>") == [TextEdit(0, 1, 0, "b")]  # one text the other's start
    assert text_edits(f"{P}b</p>", f"{P}ab</p>") == [TextEdit(0, 0, 0, "a")]
    assert text_edits(f"{P}aa</p>", f"{P}aaa</p>") == [TextEdit(0, 2, 0, "a")]  # head and tail overlap
    assert text_edits(f"{P}abc</p>", f"{P}ac</p>") == [TextEdit(0, 1, 1, "")]
    assert text_edits(f"{P}</p>", f"{P}x</p>") == [TextEdit(0, 0, 0, "x")]
    assert paragraphs("<p></p><h4>x</h4>") == [("<p>", ""), ("<h4>", "x")]


def test_an_attribute_or_entity_never_gets_half_edited():
    # the values differ inside a tag: not a run of text, though the characters around are the same
    assert text_edits(f"{P}<span style='color:#111'>1</span></p>", f"{P}<span style='color:#222'>1</span></p>") is None
    # an entity cut in two is taken whole, on both sides of the change
    assert text_edits(f"{P}a &lt; b</p>", f"{P}a &gt; b</p>") == [TextEdit(0, 2, 1, ">")]
    assert text_edits(f"{P}&lt;1</p>", f"{P}&lt;2</p>") == [TextEdit(0, 1, 1, "2")]
    assert text_edits(f"{P}1&amp;</p>", f"{P}2&amp;</p>") == [TextEdit(0, 0, 1, "2")]


def test_anything_but_one_run_of_text_is_laid_out_whole():
    same = f"{P}a</p>"
    assert text_edits(same, same) == []
    assert text_edits(f"{P}a</p>", f"{P}a</p>{P}b</p>") is None  # another number of paragraphs
    assert text_edits(f"{P}a</p>", "<p style='color:red'>a</p>") is None  # another style
    assert text_edits(f"{P}h<sub>t</sub></p>", f"{P}h<sup>t</sup></p>") is None  # a changed tag
    assert text_edits(f"{P}a 1</p>", f"{P}a <b>1</b></p>") is None  # a tag added
    assert text_edits(f"{P}a 1</p>", f"{P}a  1</p>") is None  # white space HTML collapses
    assert text_edits("<div>a</div>", "<div>b</div>") is None  # not paragraphs


# -- the panel ---------------------------------------------------------------------------------
def _formats(document) -> list[tuple]:
    """Each block's text runs with their look (weight, sub/superscript, colours) and its background."""
    out, block = [], document.begin()
    while block.isValid():
        runs, it = [], block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            f = fragment.charFormat()
            look = (f.fontWeight(), f.verticalAlignment(), f.foreground().color().name(),
                    f.background().color().name() if f.background().style() else None)  # fmt: skip
            if runs and runs[-1][1] == look:
                runs[-1] = (runs[-1][0] + fragment.text(), look)
            else:
                runs.append((fragment.text(), look))
            it += 1
        shape = block.blockFormat()
        background = shape.background().color().name() if shape.background().style() else None
        out.append((runs, background, shape.leftMargin(), shape.topMargin(), shape.bottomMargin()))
        block = block.next()
    return out


@pytest.mark.parametrize("unit", [None, 2])
def test_stepping_by_edits_shows_exactly_the_text_laid_out_whole(qtbot, unit):
    from PySide6.QtGui import QTextDocument

    from rnnviz.core.lesson import load_lesson
    from rnnviz.core.models import LAST_STAGE, Position
    from rnnviz.resources import default_lesson_path
    from rnnviz.session import Session
    from rnnviz.ui.equations_panel import EquationsPanel, equations_html

    session = Session(load_lesson(default_lesson_path()))
    panel = EquationsPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    session.add_view(panel)
    session.select_unit(unit)
    laid_out = []
    panel._replace = lambda html, whole=panel._replace: (laid_out.append(html), whole(html))
    # every phase at each step, then the timesteps at one phase (forward and back): edits
    route = [Position(t, p) for t in range(4) for p in range(LAST_STAGE + 1)]
    route += [Position(t, LAST_STAGE) for t in (1, 2, 3, 2, 1)] + [Position(t, 2) for t in (1, 2, 3)]
    for position in route:
        session.playhead.move_to(position)
        whole = QTextDocument()
        whole.setDefaultFont(panel.document().defaultFont())
        whole.setHtml(equations_html(session, position))
        assert _formats(panel.document()) == _formats(whole), position
        assert panel.toPlainText() == whole.toPlainText(), position
    # a timestep at the same phase edited the text in place, never laid it out whole
    laid_out.clear()
    for t in (1, 2, 3):
        session.playhead.move_to(Position(t, LAST_STAGE))
    assert laid_out == [equations_html(session, Position(1, LAST_STAGE))]  # from (1, 2): another phase


def test_edited_characters_keep_the_look_of_those_they_replace_not_of_the_one_before(qtbot):
    from PySide6.QtGui import QTextDocument

    from rnnviz.ui.equations_panel import EquationsPanel

    panel = EquationsPanel()  # a view that keeps its place: it edits in place
    qtbot.addWidget(panel)
    # a digit after a subscript replaced; then one added at the end of a bold run (the look of the one before)
    texts = [f"{P}x<sub>1</sub>5<b>7</b></p>", f"{P}x<sub>1</sub>6<b>7</b></p>",
             f"{P}x<sub>1</sub>6<b>78</b></p>"]  # fmt: skip
    laid_out = []
    panel._replace = lambda html, whole=panel._replace: (laid_out.append(html), whole(html))
    for html in texts:
        panel.show_html(html)
        whole = QTextDocument()
        whole.setDefaultFont(panel.document().defaultFont())
        whole.setHtml(html)
        assert _formats(panel.document()) == _formats(whole), html
    assert laid_out == texts[:1]  # the later two were edits


def _panel(qtbot):
    from rnnviz.ui.equations_panel import EquationsPanel

    panel = EquationsPanel()  # a view that keeps its place: it edits in place
    qtbot.addWidget(panel)
    laid_out = []
    panel._replace = lambda html, whole=panel._replace: (laid_out.append(html), whole(html))
    return panel, laid_out


def _laid_out_whole(panel, html):
    from PySide6.QtGui import QTextDocument

    whole = QTextDocument()
    whole.setDefaultFont(panel.document().defaultFont())
    whole.setHtml(html)
    return whole


def test_a_document_that_no_longer_holds_the_expected_text_is_laid_out_whole(qtbot):
    from PySide6.QtGui import QTextCursor

    panel, laid_out = _panel(qtbot)
    panel.show_html(f"{P}value 1</p>{P}other 5</p>")
    cursor = QTextCursor(panel.document())
    cursor.setPosition(0)
    cursor.insertText("!")  # someone changed the text behind the panel's back
    panel.show_html(f"{P}value 2</p>{P}other 5</p>")
    assert panel.toPlainText() == "value 2\nother 5"
    assert len(laid_out) == 2


def test_characters_beyond_the_basic_plane_show_exactly(qtbot):
    """Qt counts a character such as 😀 as two positions, Python as one: the edits must still give
    exactly the text laid out whole (tokens are the user's, and any Unicode)."""
    panel, _ = _panel(qtbot)
    texts = [f"{P}<b>t = 1 “😀𝔘”, unit 0</b></p>{P}= 1.5 😀 0.25</p>",
             f"{P}<b>t = 2 “𝔘😀”, unit 0</b></p>{P}= 1.5 😀 0.75</p>",
             f"{P}<b>t = 3 “a”, unit 0</b></p>{P}= 2.5 😀 0.75</p>"]  # fmt: skip
    for html in texts:
        panel.show_html(html)
        assert panel.toPlainText() == _laid_out_whole(panel, html).toPlainText(), html
        assert _formats(panel.document()) == _formats(_laid_out_whole(panel, html)), html


def test_edited_paragraphs_keep_their_shaped_text_for_the_paint(qtbot):
    panel, laid_out = _panel(qtbot)
    for html in (f"{P}h<sub>t</sub></p>{P}= 0.1</p>", f"{P}h<sub>t</sub></p>{P}= 0.2</p>"):
        panel.show_html(html)
    assert len(laid_out) == 1  # the second was an edit
    block = panel.document().begin()
    while block.isValid():
        assert block.layout().cacheEnabled(), block.text()
        block = block.next()


def test_each_edited_paragraph_is_laid_out_alone_not_every_paragraph_between_the_edits(qtbot):
    # Qt lays out again all of one edit block's range: one block for every edit of a timestep made
    # it shape the symbols' paragraphs between the numbers too. Each change it reports (its layout's
    # range) must lie inside one edited paragraph.
    panel, laid_out = _panel(qtbot)
    first = f"{P}h<sub>t</sub> = σ(a)</p>{P}= 0.100</p>{P}c<sub>t</sub> = f ⊙ c</p>{P}= 0.200</p>"
    panel.show_html(first)
    changes = []
    panel.document().contentsChange.connect(lambda at, removed, added: changes.append((at, removed, added)))
    panel.show_html(first.replace("0.100", "0.300").replace("0.200", "0.400"))
    assert len(laid_out) == 1  # an edit, not a whole layout
    assert panel.toPlainText().split("\n") == ["ht = σ(a)", "= 0.300", "ct = f ⊙ c", "= 0.400"]
    numbers = [panel.document().findBlockByNumber(k) for k in (1, 3)]
    assert len(changes) == 2
    for (at, removed, added), block in zip(changes, numbers, strict=True):
        assert block.position() <= at, changes
        assert at + max(removed, added) <= block.position() + block.length(), changes


def test_a_changed_scroll_range_repaints_the_bar_not_the_dock_under_it(qtbot):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QDockWidget

    panel, _laid_out = _panel(qtbot)
    dock = QDockWidget("Equations")
    qtbot.addWidget(dock)
    dock.setWidget(panel)
    dock.resize(300, 120)
    dock.show()
    panel.show_html("".join(f"{P}line {k}</p>" for k in range(30)))
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
    panel.show_html("".join(f"{P}line {k}</p>" for k in range(40)))  # taller: another range
    QApplication.processEvents()
    assert bar.maximum() > before
    assert bar in painted  # the bar shows its new range ...
    assert dock not in painted  # ... over its own background, not the dock's painted again
