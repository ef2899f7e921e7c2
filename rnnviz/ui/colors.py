"""Colour scales: diverging for tanh-range values, sequential for sigmoid gates (0 shut, 1 open)."""

from __future__ import annotations

import math

from PySide6.QtGui import QColor

# ColorBrewer RdBu (reversed: negative blue, positive red) and a teal sequential ramp.
_DIVERGING = [(33, 102, 172), (103, 169, 207), (209, 229, 240), (247, 247, 247),
              (253, 219, 199), (239, 138, 98), (178, 24, 43)]  # fmt: skip
_SEQUENTIAL = [(247, 252, 253), (204, 236, 230), (153, 216, 201), (102, 194, 164),
               (44, 162, 95), (0, 109, 44), (0, 68, 27)]  # fmt: skip

DIVERGING = "diverging"
SEQUENTIAL = "sequential"

HIGHLIGHT = QColor(230, 126, 34)  # the block being computed
ANSWER = QColor(30, 132, 73)  # a trained lesson's answer (the readout), as the notes' answers
WIRE = QColor(120, 120, 120)
INK = QColor(40, 40, 40)
MUTED = QColor(170, 170, 170)
PAPER = QColor(255, 255, 255)  # the background of the diagrams and plots
BOX_FILL, BOX_EDGE = QColor(250, 250, 246), QColor(200, 200, 190)  # a cell's box
GATE_FILL, VALUE_FILL = QColor(255, 248, 225), QColor(232, 240, 254)  # blocks of gates (σ) and of values
EMPTY = QColor(250, 250, 250)  # a strip with nothing computed yet
GROUP_FILL = QColor(236, 236, 236)  # the state panel's model rows
PRESENTING_MUTED = QColor(85, 85, 85)  # grey text in presentation mode: a projector washes light grey out
SATURATED = QColor(20, 20, 20)  # a unit in the flat ends of its activation (canvas corner, activation curves):
# near black, outlined in white, so it shows on every colour of both scales and beside every model's colour
NAN_COLOR = QColor(190, 190, 190)  # not a number (an overflow like inf - inf): grey, on neither scale


def _ramp(stops: list[tuple[int, int, int]], u: float) -> QColor:
    if math.isnan(u):
        return QColor(NAN_COLOR)
    u = min(max(u, 0.0), 1.0)  # also +-inf
    position = u * (len(stops) - 1)
    k = min(int(position), len(stops) - 2)
    a, b = stops[k], stops[k + 1]
    w = position - k
    return QColor(*(round(a[c] + (b[c] - a[c]) * w) for c in range(3)))


def value_color(value: float, kind: str) -> QColor:
    """Diverging: -1 blue, 0 white, +1 red (clamped). Sequential: 0 white, 1 dark green. NaN grey.

    Any float is fine: +-inf and +-1e308 take the end colours (value / 2 + 0.5 cannot overflow).
    """
    value = float(value)
    if kind == SEQUENTIAL:
        return _ramp(_SEQUENTIAL, value)
    return _ramp(_DIVERGING, value / 2.0 + 0.5)


_LUT_SIZE = 256
_LUTS: dict[str, list[QColor]] = {}


def value_colors(values, kind: str) -> list[QColor]:
    """value_color for a whole array at once, through a 256-step lookup table (for painting)."""
    import numpy as np

    lut = _LUTS.get(kind)
    if lut is None:
        lut = _LUTS[kind] = [value_color(v, kind) for v in _lut_inputs(kind)]
    top = _LUT_SIZE - 1
    if len(values) <= 16:  # a few cells: plain Python beats numpy's per-call overhead
        scale = top if kind == SEQUENTIAL else top / 2.0
        offset = 0.5 if kind == SEQUENTIAL else top / 2.0 + 0.5
        # clamped while still a float: int() of an overflowed inf would raise
        return [NAN_COLOR if v != v else lut[int(min(max(v * scale + offset, 0.0), top))]
                for v in np.asarray(values, dtype=float).tolist()]  # fmt: skip
    index, missing = _lut_index(values, kind)
    colors = [lut[k] for k in index.tolist()]
    for k in np.flatnonzero(missing).tolist():
        colors[k] = NAN_COLOR
    return colors


def _lut_index(values, kind: str):
    """(each value's entry in the lookup table, which values are NaN): the rule value_colors and
    value_rgba share."""
    import numpy as np

    top = _LUT_SIZE - 1
    u = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"):
        u = u if kind == SEQUENTIAL else u / 2.0 + 0.5
        index = np.clip(u * top + 0.5, 0, top)
    missing = np.isnan(index)
    return np.where(missing, 0, index).astype(int), missing


_RGBA: dict[str, object] = {}


def value_rgba(values, kind: str):
    """value_colors as 0xAARRGGBB integers (numpy uint32), for drawing many cells as one image."""
    import numpy as np

    table = _RGBA.get(kind)
    if table is None:
        value_colors([0.0], kind)  # builds the lookup table
        table = _RGBA[kind] = np.array([color.rgba() for color in _LUTS[kind]], dtype=np.uint32)
    index, missing = _lut_index(values, kind)
    rgba = table[index]
    rgba[missing] = NAN_COLOR.rgba()
    return rgba


def _lut_inputs(kind: str) -> list[float]:
    steps = [k / (_LUT_SIZE - 1) for k in range(_LUT_SIZE)]
    return steps if kind == SEQUENTIAL else [2.0 * u - 1.0 for u in steps]


def text_color(background: QColor) -> QColor:
    """Black or white, whichever reads better on the background."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor(20, 20, 20) if luminance > 140 else QColor(255, 255, 255)


# -- themes ----------------------------------------------------------------------------------------
#: The colours of each theme, by the name of the module's colour above. The value scales (white
#: at 0) are the same in both: they encode numbers, and the numbers on them pick black or white text.
THEMES: dict[str, dict[str, tuple[int, int, int]]] = {
    "light": {"WIRE": (120, 120, 120), "INK": (40, 40, 40), "MUTED": (170, 170, 170), "PAPER": (255, 255, 255),
              "BOX_FILL": (250, 250, 246), "BOX_EDGE": (200, 200, 190), "GATE_FILL": (255, 248, 225),
              "VALUE_FILL": (232, 240, 254), "EMPTY": (250, 250, 250), "GROUP_FILL": (236, 236, 236),
              "SATURATED": (20, 20, 20), "PRESENTING_MUTED": (85, 85, 85), "ANSWER": (30, 132, 73)},
    "dark": {"WIRE": (150, 150, 150), "INK": (235, 235, 235), "MUTED": (130, 130, 130), "PAPER": (30, 32, 36),
             "BOX_FILL": (42, 44, 50), "BOX_EDGE": (90, 92, 100), "GATE_FILL": (66, 58, 38),
             "VALUE_FILL": (38, 50, 72), "EMPTY": (48, 50, 56), "GROUP_FILL": (60, 62, 68),
             "SATURATED": (250, 250, 250), "PRESENTING_MUTED": (195, 195, 195), "ANSWER": (88, 214, 141)},
}  # fmt: skip
#: Colours written into HTML (notes, equations, plot titles), per theme.
HTML = {
    "light": {"text": "#333", "soft": "#555", "faint": "#777", "dim": "#b0b0b0", "answer": "#1e8449",
              "question": "#e67e22", "current": "#fdebd0"},
    "dark": {"text": "#e6e6e6", "soft": "#c8c8c8", "faint": "#a0a0a0", "dim": "#6f6f6f", "answer": "#58d68d",
             "question": "#f0a04b", "current": "#6b4314"},
}  # fmt: skip
_theme = "light"


def theme() -> str:
    return _theme


def html(name: str) -> str:
    """An HTML colour of the theme in force: "text", "soft", "faint", "dim", "answer", "question", "current"."""
    return HTML[_theme][name]


def set_theme(name: str) -> str:
    """Put a theme in force: every colour above changes in place (what is drawn from now on uses
    it; views build their items again), and the application's palette follows. Unknown: light."""
    global _theme
    name = name if name in THEMES else "light"
    for key, rgb in THEMES[name].items():
        globals()[key].setRgb(*rgb)
    _theme = name
    _apply_palette(name)
    return name


def _apply_palette(name: str) -> None:
    from PySide6.QtGui import QGuiApplication, QPalette

    app = QGuiApplication.instance()
    if app is None:
        return
    if name == "light":
        app.setPalette(app.style().standardPalette() if hasattr(app, "style") else QPalette())
        return
    palette = QPalette()
    role = QPalette.ColorRole
    for r, rgb in ((role.Window, (45, 47, 52)), (role.WindowText, (230, 230, 230)), (role.Base, (30, 32, 36)),
                   (role.AlternateBase, (45, 47, 52)), (role.Text, (230, 230, 230)), (role.Button, (55, 57, 62)),
                   (role.ButtonText, (230, 230, 230)), (role.ToolTipBase, (60, 62, 68)),
                   (role.ToolTipText, (235, 235, 235)), (role.Highlight, (230, 126, 34)),
                   (role.HighlightedText, (20, 20, 20)), (role.PlaceholderText, (140, 140, 140)),
                   (role.Link, (120, 170, 240))):  # fmt: skip
        palette.setColor(r, QColor(*rgb))
    app.setPalette(palette)
