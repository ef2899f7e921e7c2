"""The equations of each model as a textbook writes them, and with one unit's numbers substituted.

Generated from the model descriptions (:mod:`rnnviz.core.models`): every phase that computes a
quantity with an equation gets one line. A gate block of the description (``Gate``: id and
activation) becomes ``q_t = act(W_q x_t + U_q h_{t-1} + b_q)``; the four combining equations
(the GRU's candidate, the LSTM's cell and hidden state, the GRU's hidden state) are named
by their form. For a unit u at step t, :func:`substitute` writes the same line with the
engine's numbers in, term by term::

    f_t = σ(W_f·x_t + U_f·h_{t-1} + b_f) = σ(0.420 − 0.130 + 0.100) = σ(0.390) = 0.596

The products W·x and U·h and the bias b_i + b_h come from the weights the trace ran on (pass
``WhatIf.weights(model, w)`` so that a what-if forget-gate bias is the bias shown) and the trace's
inputs; the pre-activation and the result are the trace's own numbers. A forced (what-if) gate
says so instead. Every number is written with three decimals (no "-0.000", no NaN: the engine has none).

Each line is available as plain text (tests, the CLI) and as HTML with sub- and superscripts
(the window's equations panel). No Qt here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from .cells import CellWeights
from .engine import Trace
from .models import SPECS, spec

__all__ = ["Line", "Part", "equation_lines", "substitute"]

#: How the textbook writes each quantity (the canvas's g is C̃).
SYMBOLS = {"i": "i", "f": "f", "g": "C̃", "o": "o", "c": "C", "h": "h", "r": "r", "z": "z", "n": "n"}
#: The equations that are not a gate block: quantity -> form, per model.
COMBINING = {("gru", "n"): "gru_candidate", ("lstm", "c"): "lstm_cell", ("lstm", "h"): "lstm_hidden",
             ("gru", "h"): "gru_hidden"}  # fmt: skip


@dataclass(frozen=True)
class Part:
    """A run of text, optionally with a subscript: ("W", "f") is W_f."""

    text: str
    sub: str = ""
    sup: str = ""


def _plain(parts: tuple[Part, ...]) -> str:
    out = []
    for p in parts:
        out.append(p.text)
        if p.sub:
            out.append(f"_{p.sub}" if len(p.sub) == 1 else f"_{{{p.sub}}}")
        if p.sup:
            out.append(f"^{p.sup}")
    return "".join(out)


def _html(parts: tuple[Part, ...]) -> str:
    out = []
    for p in parts:
        out.append(html.escape(p.text))
        if p.sub:
            out.append(f"<sub>{html.escape(p.sub)}</sub>")
        if p.sup:
            out.append(f"<sup>{html.escape(p.sup)}</sup>")
    return "".join(out)


@dataclass(frozen=True)
class Line:
    """One equation of a model: the quantity it computes, the phase (and stage) computing it."""

    model: str
    quantity: str  # the trace's name: "f", "c", "h"
    phase: str  # the phase id of the description
    stage: int
    form: str  # "gate", "gru_candidate", "lstm_cell", "lstm_hidden", "gru_hidden"
    parts: tuple[Part, ...]  # the symbolic equation

    @cached_property  # a line never changes, and the Equations panel writes every line at every step
    def text(self) -> str:
        return _plain(self.parts)

    @cached_property
    def html(self) -> str:
        return _html(self.parts)


def _sym(quantity: str, t: str = "t") -> Part:
    return Part(SYMBOLS[quantity], t)


_X, _H_PREV, _C_PREV = Part("x", "t"), Part("h", "t−1"), Part("C", "t−1")
_EQ, _PLUS, _TIMES = Part(" = "), Part(" + "), Part(" ⊙ ")


def _gate_parts(gate: str, activation: str) -> tuple[Part, ...]:
    """q_t = act(W_q x_t + U_q h_{t-1} + b_q); the SimpleRNN's single block (h) has no subscripts."""
    sub = "" if gate == "h" else gate
    return (_sym(gate), _EQ, Part(f"{activation}("), Part("W", sub), Part(" "), _X, _PLUS, Part("U", sub), Part(" "),
            _H_PREV, _PLUS, Part("b", sub), Part(")"))  # fmt: skip


def _combining_parts(form: str) -> tuple[Part, ...]:
    if form == "gru_candidate":
        return (_sym("n"), _EQ, Part("tanh("), Part("W", "n"), Part(" "), _X, _PLUS, Part("b", "in"), _PLUS,
                _sym("r"), _TIMES, Part("("), Part("U", "n"), Part(" "), _H_PREV, _PLUS, Part("b", "hn"),
                Part("))"))  # fmt: skip
    if form == "lstm_cell":
        return (_sym("c"), _EQ, _sym("f"), _TIMES, _C_PREV, _PLUS, _sym("i"), _TIMES, _sym("g"))
    if form == "lstm_hidden":
        return (_sym("h"), _EQ, _sym("o"), _TIMES, Part("tanh("), _sym("c"), Part(")"))
    return (_sym("h"), _EQ, Part("(1 − "), _sym("z"), Part(")"), _TIMES, _sym("n"), _PLUS, _sym("z"), _TIMES,
            _H_PREV)  # fmt: skip


@cache  # made once per model and activation: the Equations panel asks at every step
def equation_lines(model: str, nonlinearity: str = "tanh") -> tuple[Line, ...]:
    """The model's equations in the order of its phases (the SimpleRNN's with tanh or relu)."""
    description = spec(model)
    stage_of = description.revealed
    gates = {g.id: g for g in description.gates}
    lines = []
    for phase in description.phases:
        for quantity in phase.reveals:
            form = COMBINING.get((model, quantity)) or ("gate" if quantity in gates else None)
            if form == "gate":
                activation = nonlinearity if model == "rnn" else gates[quantity].activation
                parts = _gate_parts(quantity, activation)
            elif form is not None:
                parts = _combining_parts(form)
            else:
                continue  # a part of an equation (W x + b, tanh(C)): shown inside its line
            lines.append(Line(model, quantity, phase.id, stage_of[quantity], form, parts))
    return tuple(lines)


# -- numbers ------------------------------------------------------------------------------------
def number(value: float) -> str:
    """Three decimals, a real minus sign, no "-0.000"; scientific beyond 1e5."""
    value = float(value)
    if -1e5 < value < 1e5:  # the usual case, first (NaN is not in it)
        text = f"{value:.3f}"
        if text[0] != "-":
            return text
        return "0.000" if text == "-0.000" else "−" + text[1:]
    if math.isnan(value):  # the engine never gives one; written plainly if a caller does
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.3f}" if abs(value) < 1e5 else f"{value:.3e}"
    if text.startswith("-") and text.strip("-0.e") == "":
        text = text[1:]
    return text.replace("-", "−")


def _signed_terms(values: list[float]) -> str:
    """"0.420 − 0.130 + 0.100": the first with its sign, the rest joined by + or −."""
    out = number(values[0])
    for v in values[1:]:
        text = number(v)
        out += f" − {text[1:]}" if text.startswith("−") else f" + {text}"
    return out


def _factor(value: float) -> str:
    """A number inside a product: negative ones in brackets, "0.190 × (−0.220)"."""
    text = number(value)
    return f"({text})" if text.startswith("−") else text


@dataclass(frozen=True)
class Substitution:
    """A line with one unit's numbers: the symbolic side, then "= … = value"."""

    line: Line
    steps: tuple[str, ...]  # each "= …" stage after the symbolic form, numbers in
    value: float  # the engine's result (what the last step writes)
    forced: bool = False

    @property
    def text(self) -> str:
        return self.line.text + "".join(f" = {s}" for s in self.steps)

    @property
    def numbers(self) -> str:
        """The numbers alone: "= σ(0.100 + …) = σ(0.3) = 0.574"."""
        return "= " + " = ".join(self.steps)

    @property
    def numbers_html(self) -> str:
        return html.escape(self.numbers)

    @property
    def html(self) -> str:
        return f"{self.line.html} {self.numbers_html}"


def _activation(name: str, pre: float) -> str:
    return f"{name}({number(pre)})"


def substitute(line: Line, trace: Trace, weights: CellWeights, step: int, unit: int,
               forced: dict[str, float] | None = None) -> Substitution:  # fmt: skip
    """The line with unit `unit`'s numbers at `step` (1..T). `weights` are those the trace ran on
    (the products W·x and U·h, the biases); everything else comes from the trace. `forced`: the
    what-if gates of this model ({"f": 1.0})."""
    if not 1 <= step <= trace.T:
        raise ValueError(f"step {step} is outside 1..{trace.T}")
    if not 0 <= unit < trace.H:
        raise ValueError(f"unit {unit} is outside 0..{trace.H - 1}")
    forced = forced or {}
    q, u, model = line.quantity, unit, line.model
    value = float(trace.value(q, step)[u])

    def v(name: str) -> float:
        return float(trace.value(name, step)[u])

    def terms(k: int) -> tuple[float, float, float, float]:
        """Gate block k's W·x(t), U·h(t-1), b_i and b_h for unit u."""
        W, U, b_i, b_h = weights.gate(k)
        with np.errstate(all="ignore"):
            return float(W[u] @ trace.x[step - 1]), float(U[u] @ trace.h[step - 1]), float(b_i[u]), float(b_h[u])

    if line.form == "gate" and q in forced:
        return Substitution(line, (f"{number(forced[q])}  (what-if: forced)",), value, forced=True)
    if line.form == "gate":
        k = [g.id for g in SPECS[model].gates].index(q)
        wx, uh, b_i, b_h = terms(k)
        bias = b_i + b_h  # inf when both are near the float64 limit: written as ∞
        pre = v("pre" if model == "rnn" else f"{q}_pre")
        activation = weights.nonlinearity if model == "rnn" else SPECS[model].gates[k].activation
        return Substitution(line, (f"{activation}({_signed_terms([wx, uh, bias])})", _activation(activation, pre),
                                   number(value)), value)  # fmt: skip
    if line.form == "gru_candidate":
        wx, uh, b_in, b_hn = terms(2)
        inner = f"tanh({_signed_terms([wx, b_in])} + {number(v('r'))} × ({_signed_terms([uh, b_hn])}))"
        return Substitution(line, (inner, _activation("tanh", v("n_pre")), number(value)), value)
    if line.form == "lstm_cell":
        c_prev = float(trace.c[step - 1][u])
        product = f"{number(v('f'))} × {_factor(c_prev)} + {number(v('i'))} × {_factor(v('g'))}"
        return Substitution(line, (product, number(value)), value)
    if line.form == "lstm_hidden":
        o = v("o")
        return Substitution(line, (f"{number(o)} × tanh({number(v('c'))})", f"{number(o)} × {_factor(v('tanh_c'))}",
                                   number(value)), value)  # fmt: skip
    z, h_prev = v("z"), float(trace.h[step - 1][u])
    mix = f"(1 − {number(z)}) × {_factor(v('n'))} + {number(z)} × {_factor(h_prev)}"
    return Substitution(line, (mix, number(value)), value)


# -- activation curves ---------------------------------------------------------------------------
#: A unit is saturated when its activation is within this much of an end of its range (σ: 0 or 1,
#: tanh: −1 or +1): its gradient there is below 0.01 (σ) or 0.02 (tanh), so almost nothing flows back.
SATURATION = 0.01


@dataclass(frozen=True)
class ActivationPoint:
    """One unit of one gate at one step: where its pre-activation sits on its activation's curve."""

    model: str
    gate: str  # the quantity: "f", "g", "n", "h" (the SimpleRNN's)
    unit: int
    pre: float
    value: float
    activation: str  # "σ" or "tanh"

    @property
    def saturated(self) -> bool:
        return saturated(self.value, self.activation)

    @property
    def label(self) -> str:
        return f"{SYMBOLS[self.gate]}{self.unit}"


def saturated(value, activation: str):
    """Whether values (a float or an array) sit within SATURATION of an end of the activation's range."""
    value = np.asarray(value, dtype=float)
    ends = np.minimum(value, 1.0 - value) if activation == "σ" else 1.0 - np.abs(value)  # distance to an end
    out = ends < SATURATION
    return bool(out) if out.ndim == 0 else out


def gate_activations(model: str, nonlinearity: str = "tanh") -> dict[str, tuple[str, str]]:
    """{quantity: (its pre-activation's quantity, activation)} of every gate with a curve: σ and tanh
    (a relu SimpleRNN has none)."""
    out = {}
    for g in spec(model).gates:
        activation = nonlinearity if model == "rnn" else g.activation
        if activation in ("σ", "tanh"):
            out[g.id] = ("pre" if model == "rnn" else f"{g.id}_pre", activation)
    return out


def activation_points(trace: Trace, step: int, quantities=None, nonlinearity: str = "tanh") -> list[ActivationPoint]:
    """Every unit of every gate of the trace's model at step (1..T), in gate order; `quantities`
    limits them to those (e.g. the gates a phase has computed)."""
    points = []
    for gate, (pre_name, activation) in gate_activations(trace.model, nonlinearity).items():
        if quantities is not None and gate not in quantities:
            continue
        pre, value = trace.value(pre_name, step), trace.value(gate, step)
        for unit in range(trace.H):
            points.append(ActivationPoint(trace.model, gate, unit, float(pre[unit]), float(value[unit]), activation))
    return points
