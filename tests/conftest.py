"""Test set-up: no display needed, and every test starts from fresh settings."""

import os

# Before anything imports Qt: run without a display, and keep QSettings away from the user's.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RNNVIZ_SETTINGS_SCOPE"] = "rnnviz-tests"

# Fuzz tests: the same cases on every run, and no example database written into the repository.
try:
    import atexit
    import shutil
    import tempfile

    from hypothesis import settings as _hypothesis_settings
    from hypothesis.configuration import set_hypothesis_home_dir
except ImportError:  # hypothesis comes with the test extras
    pass
else:
    _home = tempfile.mkdtemp(prefix="rnnviz-hypothesis-")  # its caches, outside the repository
    set_hypothesis_home_dir(_home)
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    _hypothesis_settings.register_profile("rnnviz", database=None, derandomize=True, deadline=None)
    _hypothesis_settings.load_profile("rnnviz")
