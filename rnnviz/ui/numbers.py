"""Numbers as the window writes them: any float64, including overflowed ±∞, NaN, −0.0 and subnormals."""

from __future__ import annotations

import math

NAN_TEXT = "NaN"


def special(value: float) -> str | None:
    """The text for a value that is not a finite number, else None."""
    if math.isnan(value):
        return NAN_TEXT
    if math.isinf(value):
        return "+∞" if value > 0 else "−∞"
    return None


def _unsigned_zero(text: str) -> str:
    """"-0.000" (from -0.0, or -0.0004 rounded) reads as a sign on nothing: write "0.000"."""
    return text[1:] if text.startswith("-") and not text.strip("-0.e") else text


def format_value(value: float, width_px: float) -> str:
    """For a cell of the canvas: as many decimals as fit in this width."""
    value = float(value)
    if -1000.0 < value < 1000.0:  # the usual case, first (NaN is not in it)
        text = f"{value:.3f}" if width_px >= 56 else f"{value:.2f}"
        return text[1:] if text[0] == "-" and not text.strip("-0.") else text
    text = special(value)
    if text is not None:
        return text
    if abs(value) >= 1000:  # 1e308 rather than 1e+308: it must fit a cell of a few digits
        return f"{value:.0e}".replace("e+", "e")
    return _unsigned_zero(f"{value:.3f}" if width_px >= 56 else f"{value:.2f}")


def format_gradient(value: float, width_px: float) -> str:
    """For a cell showing a gradient: a small number as a power of ten ("7e-26"), since how
    small it is, not "0.000", is what the backward pass teaches; otherwise as format_value."""
    value = float(value)
    if value != 0.0 and abs(value) < 0.0005 and special(value) is None:
        return f"{value:.0e}".replace("e-0", "e-")
    return format_value(value, width_px)


def format_norm(value: float) -> str:
    """A norm in a sentence: three significant digits, a power of ten when small or large."""
    value = float(value)
    return special(value) or f"{value:.3g}".replace("e-0", "e-").replace("e+", "e")


def format_fixed(value: float) -> str:
    """Three decimals, as the lesson needs; scientific notation once that would be too wide."""
    value = float(value)
    if -1e5 < value < 1e5:  # the usual case, first (NaN is not in it)
        text = f"{value:.3f}"
        return text[1:] if text[0] == "-" and not text.strip("-0.") else text
    text = special(value)
    if text is not None:
        return text
    return _unsigned_zero(f"{value:.3f}") if abs(value) < 1e5 else f"{value:.3e}"


def format_short(value: float) -> str:
    """Six significant digits (editors, tooltips)."""
    value = float(value)
    return special(value) or _unsigned_zero(f"{value:.6g}")


def format_exact(value: float) -> str:
    """The shortest text that reads back as the same float (tooltips, editing)."""
    value = float(value)
    return special(value) or repr(value)
