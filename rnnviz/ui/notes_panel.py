"""The Notes panel: the lesson's description and the notes of the current step, in every language
the lesson gives (English first), with "predict, then reveal" questions answered a step later.

A view of the session like the others; what it shows at a step is :func:`notes_html`, which
needs no widget (rnnviz.core.notes holds the rules).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ..core.notes import Texts, at_step
from .colors import html
from .lazy import LazyHtmlView

CONTEXT = "NotesPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


ORDER = ("en", "zh")  # languages shown first, in this order; others follow as the lesson lists them


def _paragraphs(texts: Texts, style: str = "") -> str:
    languages = [lang for lang in ORDER if lang in texts] + [lang for lang in texts if lang not in ORDER]
    return "".join(f"<p style='margin:2px 0; {style}'>{escape(texts[lang]).replace(chr(10), '<br>')}</p>"
                   for lang in languages)  # fmt: skip


def notes_html(lesson, step: int) -> str:
    """What the panel shows at a step: the description, the step's notes and questions, and the
    answers to the previous step's questions."""
    parts = [f"<h3 style='margin:2px 0'>{escape(lesson.title or _tr('Untitled lesson'))}</h3>"]
    if lesson.description:
        parts.append(_paragraphs(lesson.description, f"color:{html('soft')}"))
    here, answered = at_step(lesson.notes, step)
    token = f" “{escape(lesson.tokens[step - 1])}”" if 0 < step <= len(lesson.tokens) else ""
    if here or answered:
        parts.append(f"<h4 style='margin:8px 0 2px 0'>t = {step}{token}</h4>")
    for note in answered:
        parts.append(f"<p style='margin:4px 0 0 0; color:{html('answer')}'><b>{_tr('Answer')}</b></p>")
        parts.append(_paragraphs(note.answer, f"color:{html('answer')}"))
    last = step == len(lesson.tokens)
    for note in here:
        parts.append(_paragraphs(note.text))
        if note.question:
            ask = _tr("Predict") if last else _tr("Predict, then step on")
            parts.append(f"<p style='margin:4px 0 0 0; color:{html('question')}'><b>{ask}</b></p>")
            parts.append(_paragraphs(note.question, f"color:{html('question')}"))
            if last:  # no next step to reveal it at: the answer follows the question here
                parts.append(f"<p style='margin:4px 0 0 0; color:{html('answer')}'><b>{_tr('Answer')}</b></p>")
                parts.append(_paragraphs(note.answer, f"color:{html('answer')}"))
    if not lesson.notes and not lesson.description:
        parts.append(f"<p style='color:{html('faint')}'>{_tr('This lesson has no notes.')}</p>")
    return "".join(parts)


class NotesPanel(LazyHtmlView):
    """Shows notes_html() for the session's lesson at the playhead's step (when shown: see ShownLazily)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_tr("Notes"))
        self._shown: tuple | None = None

    def show_lesson(self, session) -> None:
        super().show_lesson(session)
        self._shown = None

    def refresh(self, position) -> None:
        key = (id(self.session.lesson), position.step)
        if key == self._shown:
            return  # a phase step: the same notes
        self._shown = key
        self.show_html(notes_html(self.session.lesson, position.step))

    def retranslate(self) -> None:
        """Every text again in the language now in force (at once if shown, else when shown)."""
        self.setAccessibleName(_tr("Notes"))
        self._shown = None  # the same step, in other words
        super().retranslate()
