"""Window fixtures: a fresh main window on the built-in lesson, with settings in a temp folder."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # never the user's own settings
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("RNNVIZ_SETTINGS_SCOPE", f"rnnviz-tests-{tmp_path.name}")


@pytest.fixture
def window(qtbot):
    from rnnviz.ui.app import create_window

    w = create_window()
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w
