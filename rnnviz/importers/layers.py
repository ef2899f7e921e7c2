"""What every model reader returns: recurrent layers in PyTorch's layout, and embedding tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.lesson import LessonError


class ModelImportError(LessonError):
    """A model file that cannot be imported; the message is one line and says why."""


@dataclass(frozen=True)
class RecurrentLayer:
    """One recurrent layer (one direction of one layer) in PyTorch's layout and gate order, float64.

    weight_ih (G*H, D), weight_hh (G*H, H), bias_ih (G*H,), bias_hh (G*H,); G = 1 (rnn),
    4 (lstm: i, f, g, o) or 3 (gru: r, z, n). A layer without biases gets zeros.
    """

    name: str  # where it was found, e.g. "encoder.weight_ih_l0" -> "encoder (layer 0)"
    kind: str  # "rnn", "lstm" or "gru"
    weight_ih: np.ndarray
    weight_hh: np.ndarray
    bias_ih: np.ndarray
    bias_hh: np.ndarray
    nonlinearity: str = "tanh"  # SimpleRNN only
    note: str = ""  # e.g. "layer 1 of 2, reverse direction", shown to the user

    @property
    def hidden_size(self) -> int:
        return self.weight_hh.shape[1]

    @property
    def input_size(self) -> int:
        return self.weight_ih.shape[1]


@dataclass(frozen=True)
class EmbeddingTable:
    """An embedding matrix (vocabulary size V, dimension D) found in the same file."""

    name: str
    weight: np.ndarray  # (V, D) float64
