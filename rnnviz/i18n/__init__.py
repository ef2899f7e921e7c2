"""Translations of the window: rnnviz_<language>.ts (sources) and the compiled .qm files Qt loads.
Update and compile with ``python -m rnnviz.i18n.update`` (see rnnviz.ui.i18n)."""
