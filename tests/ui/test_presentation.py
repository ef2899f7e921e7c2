"""Presentation mode (F11) and the canvas's zoom (Ctrl+plus / Ctrl+minus / Ctrl+0)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from rnnviz.core.models import Position
from rnnviz.ui.canvas import PRESENTATION_PEN, ZOOM_RANGE, ZOOM_STEP
from rnnviz.ui.colors import MUTED
from rnnviz.ui.colors import PRESENTING_MUTED as PRESENTATION_MUTED


def shortcut_texts(action) -> list[str]:
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]


def test_f11_shows_only_the_diagrams_controls_equations_and_notes_then_puts_everything_back(window, qtbot):
    docks = {dock.objectName(): dock for dock in window.docks}
    before = {name: dock.isVisible() for name, dock in docks.items()}
    assert "F11" in shortcut_texts(window.presentation_action)
    wire = window.canvas.panels["lstm"].elements["c_mid"][0]
    width = wire.pen().widthF()
    qtbot.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.wait(20)  # the toolbar hides its slider when it lays itself out
    assert window.presenting
    assert window.isFullScreen()
    visible = {name for name, dock in docks.items() if dock.isVisible()}
    assert visible == {"equations dock", "notes dock"}
    assert not window.timeline.isVisible()
    assert not window.tokens_bar.isVisible()
    assert not window.menuBar().isVisible()
    assert window.transport_bar.isVisible()
    assert window.buttons["Step forward"].isVisible()
    assert window.leave_presentation_button.isVisible()  # a way out for the mouse: the menus are hidden
    assert not window.slider.isVisible()
    assert wire.pen().widthF() == pytest.approx(width * PRESENTATION_PEN)
    assert window.canvas.panels["lstm"].note.brush().color() == PRESENTATION_MUTED
    assert window.equations_panel.font().pointSizeF() > 0
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)  # the keys still step (a clicker's PgDown too)
    assert window.playhead.position == Position(1)
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert window.playhead.position == Position(2)
    qtbot.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.wait(20)
    assert not window.presenting
    assert not window.isFullScreen()
    assert {name: dock.isVisible() for name, dock in docks.items()} == before
    assert window.timeline.isVisible()
    assert window.tokens_bar.isVisible()
    assert window.menuBar().isVisible()
    assert window.slider.isVisible()
    assert not window.leave_presentation_button.isVisible()
    assert wire.pen().widthF() == pytest.approx(width)
    assert window.canvas.panels["lstm"].note.brush().color() == MUTED


def test_presentation_survives_a_new_lesson_shape(window, qtbot):
    window.set_presentation(True)
    window.session.show_models(["lstm", "gru"])  # the canvas is built again: still projector style
    wire = window.canvas.panels["lstm"].elements["c_mid"][0]
    assert wire.pen().widthF() == pytest.approx(2 * PRESENTATION_PEN)
    window.set_presentation(False)
    assert window.canvas.panels["lstm"].elements["c_mid"][0].pen().widthF() == pytest.approx(2)


def test_zoom_scales_the_drawing_on_top_of_the_fit_and_ctrl_0_fits_again(window, qtbot):
    canvas = window.canvas
    fit = canvas.transform().m11()
    window.zoom_in_action.trigger()
    assert canvas.zoom == pytest.approx(ZOOM_STEP)
    assert canvas.transform().m11() == pytest.approx(fit * ZOOM_STEP)
    assert canvas.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert canvas.zoom == pytest.approx(1 / ZOOM_STEP)
    assert canvas.transform().m11() == pytest.approx(fit / ZOOM_STEP)
    assert canvas.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for _ in range(20):
        window.zoom_in_action.trigger()
    assert canvas.zoom == ZOOM_RANGE[1]
    window.zoom_reset_action.trigger()
    assert canvas.zoom == 1.0
    assert canvas.transform().m11() == pytest.approx(fit)
    assert "Ctrl+0" in shortcut_texts(window.zoom_reset_action)
    assert "Ctrl+=" in shortcut_texts(window.zoom_in_action)
    assert "Ctrl+-" in shortcut_texts(window.zoom_out_action)


def test_ctrl_1_2_3_choose_the_models_even_while_presenting(window, qtbot):
    window.set_presentation(True)
    qtbot.keyClick(window.canvas, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.session.shown_models == ("rnn", "lstm")
    assert set(window.canvas.panels) == {"rnn", "lstm"}
    qtbot.keyClick(window.canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.session.shown_models == ("lstm",)
    qtbot.keyClick(window.canvas, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the last one stays
    assert window.session.shown_models == ("lstm",)
    qtbot.keyClick(window.canvas, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.session.shown_models == ("lstm", "gru")
    window.set_presentation(False)
