"""The Equations panel: the shown models' equations, typeset, with the selected unit's numbers in.

A view of the session like the others. What it shows at a position is :func:`equations_html`,
which needs no widget; the lines and their numbers come from :mod:`rnnviz.core.equations`.
At step t the equations a phase has computed show their numbers, the one computed at the
current phase is highlighted, and the ones still to come are dimmed (symbols only). With no
unit selected it shows unit 0 and says how to choose another.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ..core.equations import equation_lines, number, substitute
from ..core.models import SPECS, Position
from .colors import html
from .i18n import core_text
from .lazy import LazyHtmlView

CONTEXT = "EquationsPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def equations_html(session, position: Position) -> str:
    """The panel's HTML at a position: per shown model its equations, each reached one with the
    numbers of the selected unit (unit 0 when none is) at the position's step."""
    unit = session.selected_unit if session.selected_unit is not None else 0
    t = position.step
    if t == 0:
        where = _tr("t = 0: the initial state; the equations start at t = 1")
    else:
        where = _tr("t = {0} “{1}”, unit {2}").format(t, escape(session.token(t)), unit)
    parts = [f"<p style='margin:2px 0'><b>{where}</b></p>"]
    if session.selected_unit is None and t > 0:
        parts.append(f"<p style='margin:0 0 4px 0; color:{html('faint')}'>"
                     f"{_tr('Click a unit on the diagram or the state panel to show its numbers.')}</p>")  # fmt: skip
    for model, trace in session.shown_traces().items():
        weights = session.whatif.weights(model, session.lesson.models[model])  # what the trace ran on
        forced = session.whatif.forced(model)
        parts.append(f"<h4 style='margin:8px 0 2px 0'>{escape(core_text(SPECS[model].title))}</h4>")
        for line in equation_lines(model, weights.nonlinearity):
            reached = t > 0 and (position.backward or line.stage <= position.phase)
            current = t > 0 and not position.backward and line.stage == position.phase
            if not reached:
                parts.append(f"<p style='margin:3px 0; color:{html('dim')};'>{line.html}</p>")
                continue
            sub = substitute(line, trace, weights, t, unit, forced)
            numbers = sub.numbers_html
            if sub.forced:  # the core's words are English (the CLI's): the panel writes its own
                numbers = f"= {escape(number(sub.value))} {escape(_tr('(what-if: forced)'))}"
            style = f"background:{html('current')}; font-weight:bold;" if current else ""
            parts.append(f"<p style='margin:3px 0 0 0; {style}'>{line.html}</p>")
            parts.append(f"<p style='margin:0 0 3px {NUMBERS_INDENT}px; {style}'>{numbers}</p>")
    return "".join(parts)


#: The numbers of a line are a paragraph of their own, indented under its symbols: a timestep then
#: changes only plain-text paragraphs, which the panel edits in place (see rnnviz.ui.textdiff),
#: rather than the symbols' subscripts, whose many short runs cost most of laying the text out.
NUMBERS_INDENT = 14


class EquationsPanel(LazyHtmlView):
    """Shows equations_html() for the session at the playhead (when shown: see ShownLazily)."""

    keep_place = True  # a step changes the numbers, not the lines: the reader stays where they scrolled

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_tr("Equations"))

    def refresh(self, position) -> None:
        self.show_html(equations_html(self.session, position))

    def retranslate(self) -> None:
        """Every text again in the language now in force (at once if shown, else when shown)."""
        self.setAccessibleName(_tr("Equations"))
        super().retranslate()
