"""Where each model's cell is drawn: one layout per model, in the style of "Understanding LSTM Networks".

A layout is geometry only: it names the strips (by quantity id), the blocks, the × and +
nodes and the wires of one model's cell, and which of them each phase lights up. It
draws through the small :class:`Drawing` interface, which the canvas implements with Qt
items, so this module imports no Qt. A new model is one more layout here (and its
description in :mod:`rnnviz.core.models`).

Every layout shares one vertical scheme, so models side by side line up: the title and
caption at the top, the state line (C or h) through the top of the cell box, the × nodes
below it, the row of gate blocks, and the [h(t-1), x(t)] bus, which x(t) enters from the
input column on the left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

STRIP_W = 168.0  # a strip of value cells: 3 cells of 56 units hold "-0.864", 4 of 42 hold "-0.38"
STRIP_H = 30.0
BAND_H = 18.0  # under a hidden-size strip: the selected unit's number when the cells are too narrow
BLOCK_W = STRIP_W + 16
BLOCK_H = 80.0  # the title, the strip, and room for its band
NODE_R = 13.0

# Compact on purpose: at 1366x768 two rows of diagrams share a canvas about 950x470 px, so
# every unit of height or width here shrinks every number and caption on a projector.
TITLE_Y = 0.0
CAPTION_Y = 38.0  # the equation (or two), then what it means, wrapped to the diagram's width
BOX_TOP = 108.0
TOP_Y = 136.0  # the state line: C(t-1) -> C(t) (LSTM), h(t-1) -> h(t) (GRU, SimpleRNN)
MID_Y = TOP_Y + 70  # × nodes between the blocks and the state line
GATE_Y = TOP_Y + 140  # top of the row of blocks
BUS_Y = GATE_Y + BLOCK_H + 24  # [h(t-1), x(t)] feeding the blocks; x(t) comes in from the left on it
BOX_BOTTOM = BUS_Y + 22
HEIGHT = BOX_BOTTOM + 2

IN_X = 0.0  # the column of inputs left of the box
JOIN_X = STRIP_W + 12  # where h(t-1) drops onto the bus beside x(t)
BOX_X = STRIP_W + 24  # the cell box's left edge
PAD = 12.0  # inside the box, left and right of the blocks
OUT_GAP = 20.0  # from the box to the output strips (room for an arrow head)
GAP = 12.0  # between blocks
H_PREV_Y = BUS_Y - 70  # h(t-1) above x(t) in the input column (SimpleRNN, LSTM)

Point = tuple[float, float]


class Drawing(Protocol):
    """What a layout draws with (the canvas implements it with QGraphicsItems)."""

    def box(self, x: float, y: float, width: float, height: float) -> None:
        """The cell's outline."""

    def strip(self, quantity: str, x: float, y: float, label: str | None = None, below: bool = False) -> None:
        """A row of value cells for one quantity, with a label above (or below) it."""

    def block(self, quantity: str, title: str, activation: str, x: float, y: float) -> None:
        """A framed block (element key = the quantity id) holding the quantity's strip."""

    def node(self, key: str, symbol: str, x: float, y: float) -> None:
        """A round × or + node centred at (x, y)."""

    def op(self, key: str, text: str, x: float, y: float, width: float = 56.0, height: float = 24.0) -> None:
        """A small operation box (tanh, 1 − z) centred at (x, y)."""

    def wire(self, key: str, points: Sequence[Point], arrow: bool = True) -> None:
        """A polyline; an element key may name several wires."""

    def note(self, text: str, x: float, y: float, right: bool = False) -> None:
        """Small muted text starting at x (or ending there, `right`)."""


@dataclass(frozen=True)
class Layout:
    """One model's diagram: its size, how to draw it, and what each of its phases highlights."""

    model: str
    width: float
    draw: Callable[[Drawing], None]
    highlights: dict[str, frozenset[str]]  # phase id (and "backward") -> element keys (blocks, nodes, wires)
    height: float = HEIGHT

    def strips(self) -> tuple[str, ...]:
        """The quantity ids this layout shows as strips (drawn into a recorder, no Qt)."""
        recorder = _Recorder()
        self.draw(recorder)
        return tuple(recorder.strips)

    def elements(self) -> frozenset[str]:
        recorder = _Recorder()
        self.draw(recorder)
        return frozenset(recorder.elements)


class _Recorder:
    """A Drawing that only notes names and texts: what a layout contains, for checks, tests and
    the translations (every text a layout draws is translated where the canvas draws it)."""

    def __init__(self) -> None:
        self.strips: list[str] = []
        self.elements: list[str] = []
        self.texts: list[str] = []

    def box(self, x, y, width, height) -> None:
        pass

    def strip(self, quantity, x, y, label=None, below=False) -> None:
        self.strips.append(quantity)
        if label:
            self.texts.append(label)

    def block(self, quantity, title, activation, x, y) -> None:
        self.strips.append(quantity)
        self.elements.append(quantity)
        self.texts += [t for t in (title, activation) if t]

    def node(self, key, symbol, x, y) -> None:
        self.elements.append(key)
        self.texts.append(symbol)

    def op(self, key, text, x, y, width=56.0, height=24.0) -> None:
        self.elements.append(key)
        self.texts.append(text)

    def wire(self, key, points, arrow=True) -> None:
        self.elements.append(key)

    def note(self, text, x, y, right=False) -> None:
        self.texts.append(text)


def _keys(names: str) -> frozenset[str]:
    """Element keys written as one space-separated string."""
    return frozenset(names.split())


def _columns(count: int, gaps: Sequence[float] = ()) -> list[float]:
    """Left edges of `count` blocks inside the box, GAP apart unless `gaps` says otherwise."""
    xs, x = [], BOX_X + PAD
    for k in range(count):
        xs.append(x)
        x += BLOCK_W + (gaps[k] if k < len(gaps) else GAP)
    return xs


def _centre(x: float) -> float:
    return x + BLOCK_W / 2


def _inputs(d: Drawing, end: float) -> None:
    """h(t-1) and x(t) in the input column, joining into the bus that runs right to `end`."""
    d.strip("h_prev", IN_X, H_PREV_Y - STRIP_H / 2, "h(t-1)")
    _x_strip(d)
    d.wire("bus", [(IN_X + STRIP_W, H_PREV_Y), (JOIN_X, H_PREV_Y), (JOIN_X, BUS_Y)], arrow=False)
    d.wire("bus", [(JOIN_X, BUS_Y), (end, BUS_Y)], arrow=False)


def _x_strip(d: Drawing) -> None:
    """x(t) at the foot of the input column, on the level of the bus it feeds."""
    d.strip("x", IN_X, BUS_Y - STRIP_H / 2, "x(t)  embedding")
    d.wire("x_in", [(IN_X + STRIP_W, BUS_Y), (JOIN_X, BUS_Y)], arrow=False)


# -- LSTM ---------------------------------------------------------------------------------------
_LSTM_GX = _columns(4)  # forget, input, candidate, output
_LSTM_C = [_centre(x) for x in _LSTM_GX]
_LSTM_IX = (_LSTM_C[1] + _LSTM_C[2]) / 2  # where i(t) ⊙ C̃(t) joins the cell state
_LSTM_BOX_R = _LSTM_GX[3] + BLOCK_W + PAD
_LSTM_OUT = _LSTM_BOX_R + OUT_GAP
_TANH_Y = TOP_Y + 26  # the tanh box on the branch from C(t) down to the output ×
_TANH_STRIP_Y = _TANH_Y + 22
_OUT_NODE_Y = GATE_Y - 23  # h(t) leaves the output × straight to the right


def _draw_lstm(d: Drawing) -> None:
    gx, c, ix, cx = _LSTM_GX, _LSTM_C, _LSTM_IX, _LSTM_C[3]
    d.box(BOX_X, BOX_TOP, _LSTM_BOX_R - BOX_X, BOX_BOTTOM - BOX_TOP)
    d.strip("c_prev", IN_X, TOP_Y - STRIP_H / 2, "C(t-1)  cell state")
    d.strip("c", _LSTM_OUT, TOP_Y - STRIP_H / 2, "C(t)  new cell state")
    d.strip("h", _LSTM_OUT, _OUT_NODE_Y - STRIP_H / 2, "h(t)  output")
    _inputs(d, cx)
    # the cell state along the top: × forget, + input
    d.wire("c_in", [(IN_X + STRIP_W, TOP_Y), (c[0] - NODE_R, TOP_Y)])
    d.node("forget_x", "×", c[0], TOP_Y)
    d.wire("c_mid", [(c[0] + NODE_R, TOP_Y), (ix - NODE_R, TOP_Y)])
    d.node("cell_add", "+", ix, TOP_Y)
    d.wire("c_out", [(ix + NODE_R, TOP_Y), (_LSTM_OUT, TOP_Y)])
    d.node("input_x", "×", ix, MID_Y)
    d.wire("c_update", [(ix, MID_Y - NODE_R), (ix, TOP_Y + NODE_R)])
    # the four gates on the bus
    for gate, x in zip(("f", "i", "g", "o"), c, strict=True):
        d.wire(f"{gate}_in", [(x, BUS_Y), (x, GATE_Y + BLOCK_H)])
    d.block("f", "f(t)  forget", "σ", gx[0], GATE_Y)
    d.block("i", "i(t)  input", "σ", gx[1], GATE_Y)
    d.block("g", "C̃(t)  candidate", "tanh", gx[2], GATE_Y)
    d.block("o", "o(t)  output", "σ", gx[3], GATE_Y)
    d.wire("f_out", [(c[0], GATE_Y), (c[0], TOP_Y + NODE_R)])
    d.wire("i_out", [(c[1], GATE_Y), (c[1], MID_Y), (ix - NODE_R, MID_Y)])
    d.wire("g_out", [(c[2], GATE_Y), (c[2], MID_Y), (ix + NODE_R, MID_Y)])
    # tanh(C(t)) and the output gate meet in the output ×
    d.wire("tanh_in", [(cx, TOP_Y), (cx, _TANH_Y - 11)])
    d.op("tanh", "tanh", cx, _TANH_Y, 52, 22)
    d.wire("tanh_mid", [(cx, _TANH_Y + 11), (cx, _TANH_STRIP_Y)])
    d.strip("tanh_c", gx[3] + 8, _TANH_STRIP_Y)
    d.note("tanh(C(t))", cx - 32, _TANH_Y - 9, right=True)  # left of the box: the right is the cell's edge
    d.wire("tanh_out", [(cx, _TANH_STRIP_Y + STRIP_H + BAND_H), (cx, _OUT_NODE_Y - NODE_R)])
    d.node("output_x", "×", cx, _OUT_NODE_Y)
    d.wire("o_out", [(cx, GATE_Y), (cx, _OUT_NODE_Y + NODE_R)])
    d.wire("h_out", [(cx + NODE_R, _OUT_NODE_Y), (_LSTM_OUT, _OUT_NODE_Y)])


LSTM_LAYOUT = Layout(
    model="lstm",
    width=_LSTM_OUT + STRIP_W,
    draw=_draw_lstm,
    highlights={
        "inputs": _keys("c_in bus x_in"),
        "forget": _keys("f f_in f_out forget_x c_in"),
        "input": _keys("i g i_in g_in i_out g_out input_x"),
        "cell": _keys("forget_x input_x c_mid c_update cell_add c_out"),
        "output": _keys("o o_in tanh_in tanh tanh_mid"),
        "hidden": _keys("o_out tanh_out output_x h_out"),
        "backward": _keys("c_out cell_add c_mid forget_x c_in f f_out"),  # the cell path, times f(t)
    },
)


# -- GRU ----------------------------------------------------------------------------------------
_GRU_GX = _columns(4, gaps=(GAP, GAP, 52.0))  # update z, reset r, U_n h + b_hn, candidate n
_GRU_C = [_centre(x) for x in _GRU_GX]
_GRU_RX = _GRU_GX[2] + BLOCK_W + 26  # the reset × between U_n h + b_hn and the candidate
_GRU_RY = GATE_Y + 45  # level with the strips in the blocks
_GRU_R_TURN = GATE_Y - 30  # r(t) runs right at this height to the reset ×
_GRU_BOX_R = _GRU_GX[3] + BLOCK_W + PAD
_GRU_OUT = _GRU_BOX_R + OUT_GAP
_GRU_DOWN = JOIN_X  # h(t-1) branches down to the bus here


def _draw_gru(d: Drawing) -> None:
    gx, c = _GRU_GX, _GRU_C
    zx, rx, hx, nx = c
    d.box(BOX_X, BOX_TOP, _GRU_BOX_R - BOX_X, BOX_BOTTOM - BOX_TOP)
    d.strip("h_prev", IN_X, TOP_Y - STRIP_H / 2, "h(t-1)")
    d.strip("h", _GRU_OUT, TOP_Y - STRIP_H / 2, "h(t)  new state")
    _x_strip(d)
    # the state line: × z keeps part of h(t-1), + adds (1 − z) ⊙ n
    d.wire("h_in", [(IN_X + STRIP_W, TOP_Y), (zx - NODE_R, TOP_Y)])
    d.node("keep_x", "×", zx, TOP_Y)
    d.wire("h_mid", [(zx + NODE_R, TOP_Y), (nx - NODE_R, TOP_Y)])
    d.node("h_add", "+", nx, TOP_Y)
    d.wire("h_out", [(nx + NODE_R, TOP_Y), (_GRU_OUT, TOP_Y)])
    # h(t-1) also feeds the blocks, through the bus with x(t)
    d.wire("h_down", [(_GRU_DOWN, TOP_Y), (_GRU_DOWN, BUS_Y)], arrow=False)
    d.wire("bus", [(_GRU_DOWN, BUS_Y), (nx, BUS_Y)], arrow=False)
    for key, x in (("z_in", zx), ("r_in", rx), ("n_pre_h_in", hx), ("n_in", nx)):
        d.wire(key, [(x, BUS_Y), (x, GATE_Y + BLOCK_H)])
    d.block("z", "z(t)  update", "σ", gx[0], GATE_Y)
    d.block("r", "r(t)  reset", "σ", gx[1], GATE_Y)
    d.block("n_pre_h", "U_n h(t-1) + b_hn", "", gx[2], GATE_Y)
    d.block("n", "n(t)  candidate", "tanh", gx[3], GATE_Y)
    # the reset gate scales only the recurrent part of the candidate, as PyTorch does
    d.wire("r_out", [(rx, GATE_Y), (rx, _GRU_R_TURN), (_GRU_RX, _GRU_R_TURN), (_GRU_RX, _GRU_RY - NODE_R)])
    d.wire("n_pre_h_out", [(gx[2] + BLOCK_W, _GRU_RY), (_GRU_RX - NODE_R, _GRU_RY)])
    d.node("reset_x", "×", _GRU_RX, _GRU_RY)
    d.wire("reset_out", [(_GRU_RX + NODE_R, _GRU_RY), (gx[3], _GRU_RY)])
    d.note("r(t) ⊙ (U_n h(t-1) + b_hn)", rx + 8, _GRU_R_TURN - 19)
    # h(t) = (1 − z) ⊙ n + z ⊙ h(t-1)
    d.wire("z_out", [(zx, GATE_Y), (zx, TOP_Y + NODE_R)])
    d.wire("z_branch", [(zx, MID_Y), (hx - 30, MID_Y)])
    d.op("one_minus", "1 − z", hx, MID_Y, 60)
    d.wire("one_minus_out", [(hx + 30, MID_Y), (nx - NODE_R, MID_Y)])
    d.node("new_x", "×", nx, MID_Y)
    d.wire("n_out", [(nx, GATE_Y), (nx, MID_Y + NODE_R)])
    d.wire("new_up", [(nx, MID_Y - NODE_R), (nx, TOP_Y + NODE_R)])


GRU_LAYOUT = Layout(
    model="gru",
    width=_GRU_OUT + STRIP_W,
    draw=_draw_gru,
    highlights={
        "inputs": _keys("h_in h_down bus x_in"),
        "reset": _keys("r r_in"),
        "update": _keys("z z_in"),
        "candidate": _keys("n_pre_h n_pre_h_in r_out n_pre_h_out reset_x reset_out n n_in"),
        "hidden": _keys("h_in z_out keep_x h_mid z_branch one_minus one_minus_out n_out new_x new_up h_add h_out"),
        "backward": _keys("h_out h_add h_mid keep_x h_in z z_out"),  # the direct path, times z(t)
    },
)


# -- SimpleRNN ----------------------------------------------------------------------------------
_RNN_GX = _columns(1)
_RNN_C = _centre(_RNN_GX[0])
_RNN_ACT_Y = MID_Y
_RNN_BOX_R = _RNN_GX[0] + BLOCK_W + PAD
_RNN_OUT = _RNN_BOX_R + OUT_GAP


def _draw_rnn(d: Drawing) -> None:
    x = _RNN_C
    d.box(BOX_X, BOX_TOP, _RNN_BOX_R - BOX_X, BOX_BOTTOM - BOX_TOP)
    d.strip("h", _RNN_OUT, TOP_Y - STRIP_H / 2, "h(t)  output")
    _inputs(d, x)
    d.wire("pre_in", [(x, BUS_Y), (x, GATE_Y + BLOCK_H)])
    d.block("pre", "W x + U h + b", "", _RNN_GX[0], GATE_Y)
    d.wire("pre_out", [(x, GATE_Y), (x, _RNN_ACT_Y + 11)])
    d.op("act", "tanh", x, _RNN_ACT_Y, 52, 22)  # the canvas writes relu here for a relu lesson
    d.wire("act_out", [(x, _RNN_ACT_Y - 11), (x, TOP_Y), (_RNN_OUT, TOP_Y)])


RNN_LAYOUT = Layout(
    model="rnn",
    width=_RNN_OUT + STRIP_W,
    draw=_draw_rnn,
    highlights={
        "inputs": _keys("bus x_in"),
        "hidden": _keys("pre pre_in pre_out act act_out"),
        "backward": _keys("act_out act pre_out pre pre_in bus"),  # through tanh′ and U, to h(t-1)
    },
)

#: The layout of every model, by model id.
LAYOUTS: dict[str, Layout] = {layout.model: layout for layout in (RNN_LAYOUT, LSTM_LAYOUT, GRU_LAYOUT)}
