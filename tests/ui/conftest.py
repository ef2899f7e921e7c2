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
    w.ask_training = lambda closing: "stop"  # a run left training never opens a real question box
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture(autouse=True)
def _widgets_outlive_their_test(request):
    """Keep every widget given to qtbot.addWidget alive until pytest-qt has closed it.

    A test's widgets often sit in reference cycles (a view and its session). Once the test
    function returns they are garbage, but still shown, and pytest-qt processes events before
    it closes them: Python's cycle collector could then destroy a widget in the middle of its
    own paint event, a use-after-free that crashed the suite depending on the order of tests.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    qtbot = request.getfixturevalue("qtbot")
    kept = []
    add = qtbot.addWidget

    def add_and_keep(widget, *args, **kwargs):
        kept.append(widget)
        return add(widget, *args, **kwargs)

    qtbot.addWidget = add_and_keep
    yield
    kept.clear()  # pytest-qt closed them before fixtures are torn down
