"""Views that live in a tab: hidden behind another tab, they do nothing at each step but note that
they are out of date, and catch up when shown (rich text and plots cost milliseconds per step)."""

from __future__ import annotations

from .errors import guarded


class ShownLazily:
    """Mixin for a QWidget view of the session; the subclass implements refresh(position)."""

    session = None
    _stale = False

    def show_lesson(self, session) -> None:
        self.session = session

    def show_position(self, session, position) -> None:
        self.session = session
        if self.isVisible():
            self._stale = False
            self.refresh(position)
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.session is not None:
            self._stale = False
            guarded(f"showing the {type(self).__name__}")(self.refresh)(self.session.playhead.position)

    def refresh(self, position) -> None:  # pragma: no cover - every subclass has one
        raise NotImplementedError
