"""SimpleRNN, LSTM and GRU cells with PyTorch's exact semantics, one equation per line.

Weights use PyTorch's layout: ``weight_ih`` is (gates*H, D), ``weight_hh`` is (gates*H, H),
gate rows stacked i, f, g, o for the LSTM and r, z, n for the GRU. (Keras stores the
transpose, (D, gates*H), with GRU gates in the order z, r, h.)

The ``*_step`` functions compute one timestep and are written to be read next to the
equations. ``run_*`` in :mod:`rnnviz.core.engine` computes whole sequences fast and is
tested to equal stepping one timestep at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import GATES  # rows of weight_ih / weight_hh per hidden unit, in PyTorch's order

FLOAT_MAX = np.finfo(np.float64).max



def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, written through tanh so it never overflows: 1/(1+e^-x) = (1+tanh(x/2))/2."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@dataclass(frozen=True)
class CellWeights:
    """One recurrent layer's parameters, float64, PyTorch layout (see module docstring)."""

    weight_ih: np.ndarray  # (G*H, D) input -> hidden
    weight_hh: np.ndarray  # (G*H, H) hidden -> hidden
    bias_ih: np.ndarray  # (G*H,)
    bias_hh: np.ndarray  # (G*H,)
    nonlinearity: str = "tanh"  # SimpleRNN only: "tanh" or "relu"

    @property
    def hidden_size(self) -> int:
        return self.weight_hh.shape[1]

    @property
    def input_size(self) -> int:
        return self.weight_ih.shape[1]

    def gate(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(W, U, b_ih, b_hh) of gate number k, as views into the stacked matrices."""
        H = self.hidden_size
        rows = slice(k * H, (k + 1) * H)
        return self.weight_ih[rows], self.weight_hh[rows], self.bias_ih[rows], self.bias_hh[rows]


def rnn_step(w: CellWeights, x: np.ndarray, h_prev: np.ndarray) -> dict[str, np.ndarray]:
    """h_t = act(W x_t + b_ih + U h_{t-1} + b_hh), act = tanh or relu."""
    pre_x = w.weight_ih @ x + w.bias_ih
    pre_h = w.weight_hh @ h_prev + w.bias_hh
    pre = pre_x + pre_h
    h = np.tanh(pre) if w.nonlinearity == "tanh" else np.maximum(pre, 0.0)
    return {"pre_x": pre_x, "pre_h": pre_h, "pre": pre, "h": h}


def lstm_step(w: CellWeights, x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray) -> dict[str, np.ndarray]:
    """One LSTM timestep (torch.nn.LSTM): returns every intermediate by its equation name."""
    out: dict[str, np.ndarray] = {}
    for k, name in enumerate(GATES["lstm"]):
        W, U, b_ih, b_hh = w.gate(k)
        out[f"{name}_pre_x"] = W @ x + b_ih
        out[f"{name}_pre_h"] = U @ h_prev + b_hh
        out[f"{name}_pre"] = out[f"{name}_pre_x"] + out[f"{name}_pre_h"]
    out["i"] = sigmoid(out["i_pre"])  # input gate
    out["f"] = sigmoid(out["f_pre"])  # forget gate
    out["g"] = np.tanh(out["g_pre"])  # candidate C~_t
    out["o"] = sigmoid(out["o_pre"])  # output gate
    out["c"] = out["f"] * c_prev + out["i"] * out["g"]  # cell state C_t
    out["tanh_c"] = np.tanh(out["c"])
    out["h"] = out["o"] * out["tanh_c"]  # hidden state h_t
    return out


def gru_step(w: CellWeights, x: np.ndarray, h_prev: np.ndarray) -> dict[str, np.ndarray]:
    """One GRU timestep (torch.nn.GRU): the reset gate scales U_n h + b_hn, as PyTorch does."""
    out: dict[str, np.ndarray] = {}
    for k, name in enumerate(GATES["gru"]):
        W, U, b_ih, b_hh = w.gate(k)
        out[f"{name}_pre_x"] = W @ x + b_ih
        out[f"{name}_pre_h"] = U @ h_prev + b_hh
    out["r_pre"] = out["r_pre_x"] + out["r_pre_h"]
    out["z_pre"] = out["z_pre_x"] + out["z_pre_h"]
    out["r"] = sigmoid(out["r_pre"])  # reset gate
    out["z"] = sigmoid(out["z_pre"])  # update gate
    out["n_pre"] = out["n_pre_x"] + out["r"] * out["n_pre_h"]
    out["n"] = np.tanh(out["n_pre"])  # candidate
    out["h"] = (1.0 - out["z"]) * out["n"] + out["z"] * h_prev
    return out
