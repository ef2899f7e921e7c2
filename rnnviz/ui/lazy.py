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
from PySide6.QtWidgets import QDockWidget, QTextBrowser

from .errors import guarded
from .i18n import Retranslating


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
    """A tab of rich text (the notes): lays out its HTML only when it changed, and on a language
    change shows the current position again. Subclasses write refresh() with show_html(), and
    their own texts in retranslate() before calling this one."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # see _fit_scroll_bar
        # The scroll bar's container paints its own background: redrawing the bar (a new range)
        # then does not paint the dock under it again too (title bar, buttons' icons).
        self.verticalScrollBar().parentWidget().setAutoFillBackground(True)
        self.document().setUndoRedoEnabled(False)  # read-only: every new text would be kept for an undo
        self._html = ""

    def show_html(self, html: str) -> None:
        if html == self._html:  # the same text again (a phase step, no notes): nothing to lay out
            return
        self._html = html
        self.setHtml(html)
        self._fit_scroll_bar()

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
