"""Views that live in a tab: behind another tab, they do nothing at each step but note that they
are out of date, and catch up when their tab comes to the front (rich text and plots cost
milliseconds per step).

A widget in a tabbed dock that is not the current tab is still "visible" to Qt (isVisible() is
True); what tells is its dock's visibilityChanged signal, emitted as its tab goes behind or comes
to the front. The window connects that signal to set_in_front(); a view with no dock (a test's,
or one shown on its own) counts as in front whenever it is visible, and catches up when shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDockWidget, QTextBrowser

from .errors import guarded
from .i18n import Retranslating
from .textdiff import TextEdit, paragraph_edits, paragraphs, plain_text


def parked_off_screen(geometry) -> bool:
    """Whether a docked widget with this geometry is a tab behind another: Qt moves such a dock
    off-screen, and its dock's visibilityChanged reports it visible exactly when its right and
    bottom edges are at 0 or more (QDockWidget's own rule)."""
    return not (geometry.right() >= 0 and geometry.bottom() >= 0)


class ShownLazily:
    """Mixin for a QWidget view of the session; the subclass implements refresh(position)."""

    session = None
    _stale = False
    _behind = False  # behind another tab of its dock (set by the dock's visibilityChanged)

    def show_lesson(self, session) -> None:
        self.session = session

    @property
    def on_screen(self) -> bool:
        return self.isVisible() and not self._behind

    def set_in_front(self, in_front: bool) -> None:
        """Connected to the dock's visibilityChanged: the tab went behind another, or came to the front."""
        self._behind = not in_front
        self.catch_up(in_front)

    def show_position(self, session, position) -> None:
        self.session = session
        if self.on_screen:
            self._stale = False
            self.refresh(position)
        else:
            self._stale = True

    def catch_up(self, shown: bool = True) -> None:
        """Draw what is out of date (connected to the dock's visibilityChanged: its tab came to the front)."""
        if shown and self._stale and self.session is not None:
            self._stale = False
            guarded(f"showing the {type(self).__name__}")(self.refresh)(self.session.playhead.position)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # A tab behind another is shown too, before its dock says so: Qt parks it off-screen, and
        # its dock's visibilityChanged (the same rule) comes after this event. Behind, it waits.
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget) and not dock.isFloating():
            self._behind = parked_off_screen(dock.geometry())
        if not self._behind:
            self.catch_up()

    def refresh(self, position) -> None:  # pragma: no cover - every subclass has one
        raise NotImplementedError


class LazyHtmlView(Retranslating, ShownLazily, QTextBrowser):
    """A tab of rich text (the notes, the equations): lays out its HTML only when it changed, and
    on a language change shows the current position again. Subclasses write refresh() with
    show_html(), and their own texts in retranslate() before calling this one."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # see _fit_scroll_bar
        # The scroll bar's range changes whenever a step wraps the text to another height. Its
        # container paints its own background, so that redrawing the bar does not paint the dock
        # under it again too (title bar, buttons' icons: a thirtieth of a step's work).
        self.verticalScrollBar().parentWidget().setAutoFillBackground(True)
        self.document().setUndoRedoEnabled(False)  # read-only: every new text would be kept for an undo
        self._html = ""
        self._paragraphs: list[tuple[str, str]] | None = None  # of the HTML shown (keep_place views)
        self._text: list[str] | None = None  # each block's text, while it is exactly its paragraph's

    #: Keep the reader's place when the text changes (the equations: the same lines with other
    #: numbers); otherwise a new text starts at its top (the notes of another step).
    keep_place = False

    def show_html(self, html: str) -> None:
        if html == self._html:  # the same text again (a phase step, no notes): nothing to lay out
            return
        self._html = html
        if self.keep_place:
            # the same paragraphs with other numbers (a timestep): only the characters that changed
            split = paragraphs(html)
            edits = paragraph_edits(self._paragraphs, split) if self._text is not None else None
            self._paragraphs = split
            if edits is None or not self._edit(edits):
                self._replace(html)
        else:
            self.setHtml(html)
        self._fit_scroll_bar()

    def _replace(self, html: str) -> None:
        """The new text over the old in one edit: setHtml would empty the document first, so the
        scroll bar's range would drop to 0 and come back (the bar and its dock repainted at every
        step) and the reader scrolled down to the GRU would be sent back to the top."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertHtml(html)
        texts = self._keep_shaped_text()
        cursor.endEditBlock()
        # edits by paragraph later only if Qt made one block of each paragraph (show_html split them),
        # with exactly its text
        expected = [plain_text(body) for _tag, body in self._paragraphs or []]
        self._text = expected if texts == expected else None

    def _edit(self, edits: list[TextEdit]) -> bool:
        """Replace the characters `edits` name, an edit block per paragraph; False if the document
        turns out not to hold the text the edits were found for (the caller then lays the whole text
        out again)."""
        document, texts = self.document(), self._text
        blocks = [document.findBlockByNumber(edit.block) for edit in edits]
        if any(block.text() != texts[edit.block] for edit, block in zip(edits, blocks, strict=True)):
            return False
        cursor = QTextCursor(document)
        for edit, block in zip(edits, blocks, strict=True):
            # An edit block per paragraph: Qt lays out again every paragraph between the first and
            # the last change of one edit block, so one block for all the numbers would also shape
            # the symbols' paragraphs between them (their subscripts' many runs) at every step.
            cursor.beginEditBlock()
            start = block.position() + edit.start
            # the characters take the format of the first one they replace (or of the one before)
            cursor.setPosition(start + (1 if edit.length else 0))
            style = cursor.charFormat()
            cursor.setPosition(start)
            cursor.setPosition(start + edit.length, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(edit.text, style)
            cursor.endEditBlock()
            block.layout().setCacheEnabled(True)  # see _keep_shaped_text
        for edit, block in zip(edits, blocks, strict=True):
            old = texts[edit.block]
            texts[edit.block] = old[: edit.start] + edit.text + old[edit.start + edit.length :]
            if block.text() != texts[edit.block]:  # e.g. a character Qt stores otherwise
                self._text = None  # the caller lays the whole text out again
                return False
        return True

    def _keep_shaped_text(self) -> list[str]:
        """Keep each paragraph's shaped text from the layout (made when the edit ends) for the paint
        that follows: Qt otherwise drops it and shapes every line again to draw it. Returns each
        block's text, read on the same pass."""
        texts, block = [], self.document().begin()
        while block.isValid():
            block.layout().setCacheEnabled(True)
            texts.append(block.text())
            block = block.next()
        return texts

    def _fit_scroll_bar(self) -> None:
        """The vertical scroll bar on or off as the text needs, decided here rather than left "as
        needed": setHtml empties the document first, so Qt would hide the bar, widen the text,
        lay it all out, then show the bar and lay it out again, at every step."""
        policy = (Qt.ScrollBarPolicy.ScrollBarAlwaysOn if self.document().size().height() > self.viewport().height()
                  else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fmt: skip
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_scroll_bar()

    @property
    def html(self) -> str:
        """What the view shows (once shown)."""
        return self._html

    def retranslate(self) -> None:
        if self.session is not None:
            guarded(f"translating the {type(self).__name__}")(self.show_position)(
                self.session, self.session.playhead.position)
