"""Test set-up: no display needed, and every test starts from fresh settings."""

import os

# Before anything imports Qt: run without a display, and keep QSettings away from the user's.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RNNVIZ_SETTINGS_SCOPE"] = "rnnviz-tests"
