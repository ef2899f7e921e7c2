"""Light and dark themes: every drawn colour follows, and light comes back exactly."""

from __future__ import annotations

import pytest

from rnnviz.ui import colors
from rnnviz.ui.colors import BOX_FILL, INK, PAPER, THEMES, html


@pytest.fixture(autouse=True)
def _light_afterwards():
    yield
    colors.set_theme("light")


def test_the_dark_theme_recolours_every_view_and_light_comes_back(window, qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    light_paper = QColor(PAPER)
    window.set_theme("dark")
    assert colors.theme() == "dark"
    assert window.settings.value("theme") == "dark"
    assert window.theme_actions["dark"].isChecked()
    assert QColor(*THEMES["dark"]["INK"]) == INK
    assert window.canvas.backgroundBrush().color() == QColor(*THEMES["dark"]["PAPER"])
    box = next(item for item in window.canvas.scene().items() if item.zValue() == -2)  # a cell's box
    assert box.brush().color() == QColor(*THEMES["dark"]["BOX_FILL"])
    title = window.canvas.panels["lstm"].title
    assert title.brush().color() == QColor(*THEMES["dark"]["INK"])
    corner = window.timeline.grab().toImage().pixelColor(1, 1)  # the margin: the plots' paper
    assert corner == QColor(*THEMES["dark"]["PAPER"])
    assert window.state_panel.table._group_brush.color() == QColor(*THEMES["dark"]["GROUP_FILL"])
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    window.session.playhead.move_to(type(window.playhead.position)(1, 1))
    window.docks[5].raise_()
    qtbot.wait(10)
    assert html("current") in window.equations_panel.html  # the current line's dark highlight
    window.set_theme("light")
    assert light_paper == PAPER
    assert QColor(*THEMES["light"]["BOX_FILL"]) == BOX_FILL
    box = next(item for item in window.canvas.scene().items() if item.zValue() == -2)
    assert box.brush().color() == QColor(*THEMES["light"]["BOX_FILL"])
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150
    assert window.settings.value("theme") == "light"


def test_an_unknown_theme_is_light():
    assert colors.set_theme("purple") == "light"
    assert colors.theme() == "light"
