"""The Qt window: canvas, timeline, state panel and editors around a Session."""

import os

# Qt's raster engine hands every large fill and image blit (the cached pixmaps of the diagram's
# and the plots' items among them) to a pool of threads and waits for them. For the small
# regions a step repaints, that hand-off costs more than the painting: it was 16 % of a step on
# a 2-core machine (py-spy, bench/bench_ui.py). Qt reads the variable once, at its first fill,
# so it is set when the UI package is imported, before any window exists; a value already set
# by the user is kept.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
