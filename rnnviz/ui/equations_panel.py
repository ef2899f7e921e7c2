"""The Equations panel: the shown models' equations, typeset, with the selected unit's numbers in.

A view of the session like the others. What it shows at a position is :func:`equation_paragraphs`,
which needs no widget; the lines and their numbers come from :mod:`rnnviz.core.equations`.
At step t the equations a phase has computed show their numbers, the one computed at the
current phase is highlighted, and the ones still to come are dimmed (symbols only). With no
unit selected it shows unit 0 and says how to choose another.

The panel paints its paragraphs itself, each laid out once as a static text: a timestep changes
only the numbers' paragraphs (plain text), and only those are laid out again. (It was a rich-text
browser, which at every step parsed, shaped and painted the whole text, or edited it in place
paragraph by paragraph: a third of a step's work, for text that is read, not edited.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QStaticText,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractScrollArea

from ..core.equations import equation_lines, number, substitute
from ..core.models import SPECS, Position
from .colors import html
from .errors import guarded
from .i18n import Retranslating, core_text
from .lazy import ShownLazily

CONTEXT = "EquationsPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: Lines break between words, and inside one only when it is wider than the panel (a narrow dock):
#: nothing is cut off at the right edge, and the panel needs no horizontal scroll bar.
_WRAP = QTextOption()
_WRAP.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

#: The numbers of a line are a paragraph of their own, indented under its symbols: a timestep then
#: changes only plain-text paragraphs, and the symbols' typeset subscripts are kept.
NUMBERS_INDENT = 14


@dataclass(frozen=True)
class Style:
    """How a kind of paragraph is set: margins in pixels (adjacent ones collapse, as in HTML), the
    colour (an HTML colour name of :mod:`colors`, "" for the text's), bold, and whether its text is
    inline HTML (the symbols' sub- and superscripts) or plain characters."""

    top: int
    bottom: int
    left: int
    colour: str
    bold: bool
    rich: bool


STYLES = {
    "where": Style(2, 2, 0, "", True, False),  # "t = 2 “爱”, unit 0"
    "hint": Style(0, 4, 0, "faint", False, False),  # how to choose a unit
    "title": Style(8, 2, 0, "", True, False),  # a model's name
    "dim": Style(3, 3, 0, "dim", False, True),  # an equation not reached yet: symbols only
    "symbols": Style(3, 0, 0, "", False, True),  # a reached equation ...
    "numbers": Style(0, 3, NUMBERS_INDENT, "", False, False),  # ... and its numbers under it
}  # fmt: skip

_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=512)  # the equations' symbols: the same few dozen lines at every step
def _characters(markup: str) -> str:
    """The characters inline HTML shows."""
    return unescape(_TAG.sub("", markup))


class Paragraph(NamedTuple):
    """One paragraph of the panel: its kind (a key of STYLES), its text (inline HTML for a rich
    kind, plain characters otherwise) and whether it is the current phase's (highlighted, bold)."""

    kind: str
    text: str
    current: bool = False

    @property
    def style(self) -> Style:
        return STYLES[self.kind]

    @property
    def bold(self) -> bool:
        return self.current or self.style.bold

    @property
    def plain(self) -> str:
        """The characters it shows."""
        return _characters(self.text) if self.style.rich else self.text

    @property
    def html(self) -> str:
        """The paragraph as HTML (for copying into slides, and for tests)."""
        s = self.style
        body = self.text if s.rich else escape(self.text)
        if s.bold:
            body = f"<b>{body}</b>"
        margins = f"margin:{s.top}px 0 {s.bottom}px {s.left}px;"
        colour = f" color:{html(s.colour)};" if s.colour else ""
        current = f" background:{html('current')}; font-weight:bold;" if self.current else ""
        return f"<p style='{margins}{colour}{current}'>{body}</p>"


def equation_paragraphs(session, position: Position) -> list[Paragraph]:
    """The panel's paragraphs at a position: per shown model its equations, each reached one with
    the numbers of the selected unit (unit 0 when none is) at the position's step."""
    unit = session.selected_unit if session.selected_unit is not None else 0
    t = position.step
    if t == 0:
        where = _tr("t = 0: the initial state; the equations start at t = 1")
    else:
        where = _tr("t = {0} “{1}”, unit {2}").format(t, session.token(t), unit)
    out = [Paragraph("where", where)]
    if session.selected_unit is None and t > 0:
        out.append(Paragraph("hint", _tr("Click a unit on the diagram or the state panel to show its numbers.")))
    for model, trace in session.shown_traces().items():
        weights = session.whatif.weights(model, session.lesson.models[model])  # what the trace ran on
        forced = session.whatif.forced(model)
        out.append(Paragraph("title", core_text(SPECS[model].title)))
        for line in equation_lines(model, weights.nonlinearity):
            if not (t > 0 and (position.backward or line.stage <= position.phase)):  # not reached
                out.append(Paragraph("dim", line.html))
                continue
            current = not position.backward and line.stage == position.phase
            sub = substitute(line, trace, weights, t, unit, forced)
            numbers = sub.numbers
            if sub.forced:  # the core's words are English (the CLI's): the panel writes its own
                numbers = f"= {number(sub.value)} {_tr('(what-if: forced)')}"
            out += [Paragraph("symbols", line.html, current), Paragraph("numbers", numbers, current)]
    return out


def equations_html(session, position: Position) -> str:
    """The panel's paragraphs at a position as HTML."""
    return "".join(p.html for p in equation_paragraphs(session, position))


class Placed(NamedTuple):
    """Where a paragraph is drawn (content coordinates: 0 is the top of the text, not of the view)."""

    paragraph: Paragraph
    left: float
    top: float
    height: float
    text: QStaticText
    font: QFont


class EquationsPanel(Retranslating, ShownLazily, QAbstractScrollArea):
    """Shows equation_paragraphs() for the session at the playhead (when shown: see ShownLazily).

    Each paragraph is a QStaticText laid out when its text, style or width changes; the equations'
    symbols (a few dozen typeset lines, whatever the numbers) are kept across steps, so that a
    timestep lays out again only its numbers. A step keeps the reader where they scrolled, and
    the lines where they are (see _tallest)."""

    MARGIN = 4  # around the text (a rich-text document's margin)
    _KEPT = 256  # typeset symbol lines kept (three models' lines in every style and a few widths)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # see _fit
        # The scroll bar's range changes with the text's height (another lesson, unit or width).
        # Its container paints its own background, so that redrawing the bar does not paint the
        # dock under it again too (title bar, buttons' icons).
        self.verticalScrollBar().parentWidget().setAutoFillBackground(True)
        self.verticalScrollBar().setSingleStep(20)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(guarded("copying the equations")(self.copy))
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._paragraphs: list[Paragraph] = []
        self._placed: list[Placed] = []
        self._bands: list[QRectF] = []  # the current phase's highlight, behind its paragraphs
        self._height = 0.0
        self._width = -1  # the width laid out for
        # (paragraph, width) -> (its laid-out text, its height), in the font in force: the plain
        # paragraphs of the last layout, and the rich ones ever laid out (within _KEPT)
        self._texts: dict[tuple, tuple[QStaticText, float]] = {}
        self._typeset: dict[tuple, tuple[QStaticText, float]] = {}
        # The most lines each equation's numbers have taken (by equation, style and width): a line
        # that wrapped at one step keeps its room at the next, so that the equations below it do
        # not move up and down by a line as the numbers change (and the scroll bar keeps its range).
        self._tallest: dict[tuple, float] = {}
        self._fonts: tuple[QFont, QFont] | None = None  # (regular, bold): of the widget's font
        self._unit: int | None = None  # the unit whose numbers are shown
        self._fitting = False  # turning the scroll bar on or off (see _fit)
        self.retranslate()

    # -- following the session ------------------------------------------------------------------
    def show_lesson(self, session) -> None:
        super().show_lesson(session)
        self._tallest = {}  # another lesson's numbers

    def refresh(self, position) -> None:
        if self.session.selected_unit != self._unit:
            self._unit, self._tallest = self.session.selected_unit, {}  # another unit's numbers
        self.show_paragraphs(equation_paragraphs(self.session, position))

    def show_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        if paragraphs == self._paragraphs:  # a phase step that changes no line
            return
        self._paragraphs = paragraphs
        self._fit()
        self.setAccessibleDescription(self.toPlainText())  # what a screen reader reads out

    def retranslate(self) -> None:
        """Every text again in the language now in force (at once if shown, else when shown)."""
        self.setAccessibleName(_tr("Equations"))
        self.copy_action.setText(_tr("Copy the equations"))
        if self.session is not None:
            guarded("translating the equations")(self.show_position)(self.session, self.session.playhead.position)

    # -- what it shows (for tests, screen readers and the clipboard) ------------------------------
    @property
    def html(self) -> str:
        return "".join(p.html for p in self._paragraphs)

    def toPlainText(self) -> str:  # noqa: N802 - named as a text browser's
        return "\n".join(p.plain for p in self._paragraphs)

    def placed(self) -> list[Placed]:
        """Each paragraph as laid out, in order."""
        return list(self._placed)

    def highlight(self) -> list[QRectF]:
        """The current phase's highlighted bands (content coordinates)."""
        return list(self._bands)

    def content_height(self) -> float:
        return self._height

    def copy(self) -> None:
        """Ctrl+C, or the context menu: every equation, as text and as HTML (sub- and superscripts
        survive a paste into slides)."""
        data = QMimeData()
        data.setText(self.toPlainText())
        data.setHtml(self.html)
        QGuiApplication.clipboard().setMimeData(data)

    def zoomIn(self, points: int = 1) -> None:  # noqa: N802 - as a text browser's (presentation mode)
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(1.0, font.pointSizeF() + points))
        else:
            font.setPixelSize(max(1, font.pixelSize() + points))
        self.setFont(font)

    def zoomOut(self, points: int = 1) -> None:  # noqa: N802
        self.zoomIn(-points)

    # -- layout ---------------------------------------------------------------------------------
    def _text(self, paragraph: Paragraph, width: int, font: QFont, previous: dict) -> tuple[QStaticText, float]:
        """The paragraph laid out at a width, and its height: a rich one as it was whenever laid out
        before (within _KEPT), a plain one as at the last layout if unchanged; else laid out now."""
        key, rich = (paragraph, width), paragraph.style.rich
        laid_out = (self._typeset if rich else previous).get(key)
        if laid_out is None:
            text = QStaticText(paragraph.text)
            text.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            text.setTextOption(_WRAP)
            text.setTextWidth(width)
            text.prepare(font=font)
            laid_out = (text, text.size().height())
            if rich and len(self._typeset) >= self._KEPT:
                self._typeset.clear()
        (self._typeset if rich else self._texts)[key] = laid_out
        return laid_out

    def _lay_out(self) -> None:
        """Place every paragraph down the viewport's width (margins collapse, as in HTML)."""
        if self._fonts is None:
            bold = QFont(self.font())
            bold.setBold(True)
            self._fonts = (QFont(self.font()), bold)
        self._width = width = self.viewport().width()
        previous, self._texts = self._texts, {}
        placed, bands, margin, tallest = [], [], self.MARGIN, self._tallest
        y, below = float(margin), 0  # (the first paragraph's top margin: nothing above to collapse with)
        title = equation = ""  # the model and the equation of the numbers below
        for paragraph in self._paragraphs:
            kind, style = paragraph.kind, paragraph.style
            if kind == "title":
                title = paragraph.text
            elif kind == "symbols":
                equation = paragraph.text
            y += max(style.top, below)
            font = self._fonts[paragraph.bold]
            left = margin + style.left
            room = max(width - margin - left, 20)
            text, height = self._text(paragraph, room, font, previous)
            if kind == "numbers":  # never less than its equation's numbers have needed
                key = (title, equation, paragraph.current, room)
                if key not in tallest and len(tallest) >= self._KEPT:  # widths the panel had before
                    tallest.clear()
                height = tallest[key] = max(height, tallest.get(key, 0.0))
            placed.append(Placed(paragraph, left, y, height, text, font))
            if paragraph.current:  # one band behind a line and its numbers
                if bands and bands[-1].bottom() >= y:  # (its line's bottom: numbers have no top margin)
                    bands[-1].setBottom(y + height)
                else:
                    bands.append(QRectF(margin, y, max(width - 2 * margin, 0), height))
            y += height
            below = style.bottom
        self._placed, self._bands = placed, bands
        self._height = y + below + margin

    def _fit(self) -> None:
        """Lay out, and turn the vertical scroll bar on or off as the text needs: decided here
        (the text at the viewport's width taller than the viewport) rather than left "as needed",
        which would lay the text out, then the bar would appear and narrow it, at every step."""
        self._lay_out()
        if self._fitting:  # the viewport's resize as the bar below comes or goes: its layout alone
            return
        self._fitting = True
        try:
            if self._height > self.viewport().height():
                self._show_bar(True)
            elif self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
                self._show_bar(False)
                # At the width without the bar a line may take the room it kept there (_tallest):
                # then the bar stays, rather than coming back and going again without end.
                if self._height > self.viewport().height():
                    self._show_bar(True)
        finally:
            self._fitting = False
        viewport, bar = self.viewport(), self.verticalScrollBar()
        bar.setRange(0, max(0, math.ceil(self._height - viewport.height())))  # keeps the place
        bar.setPageStep(viewport.height())
        viewport.update()

    def _show_bar(self, on: bool) -> None:
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn if on else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if self.verticalScrollBarPolicy() != policy:
            # the viewport's resize lays the text out at its new width (see resizeEvent): now if
            # the panel is shown, else when it is
            self.setVerticalScrollBarPolicy(policy)

    # -- Qt's events ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._width or self.verticalScrollBar().pageStep() != self.viewport().height():
            guarded("laying out the equations")(self._fit)()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed, or presentation mode
            self._fonts, self._texts, self._typeset, self._tallest = None, {}, {}, {}
            guarded("laying out the equations")(self._fit)()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        self.viewport().update()

    @guarded("painting the equations")
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event.rect())
        finally:  # ended even if painting failed: a painter left open would refuse every later paint
            painter.end()

    def _paint(self, painter: QPainter, area) -> None:
        top, above, below = self.verticalScrollBar().value(), area.top(), area.bottom()
        shift = QPointF(0, -top)
        if self._bands:
            colour = QColor(html("current"))
            for band in self._bands:
                painter.fillRect(band.translated(shift), colour)
        colours = {"": self.palette().color(QPalette.ColorRole.Text)}
        font = colour = None
        for item in self._placed:
            y = item.top - top
            if y > below:
                break
            if y + item.height < above:
                continue
            if item.font is not font:  # the font the text was laid out in: another would lay it out again
                font = item.font
                painter.setFont(font)
            name = item.paragraph.style.colour
            if name is not colour:
                colour = name
                painter.setPen(colours[name] if name in colours else colours.setdefault(name, QColor(html(name))))
            painter.drawStaticText(QPointF(item.left, y), item.text)
