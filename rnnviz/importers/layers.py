"""What every model reader returns: recurrent layers in PyTorch's layout, and embedding tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.cells import CellWeights
from ..core.lesson import LessonError


class ModelImportError(LessonError):
    """A model file that cannot be imported; the message is one line and says why."""


@dataclass(frozen=True, kw_only=True)
class RecurrentLayer(CellWeights):
    """One recurrent layer (one direction of one layer): CellWeights in PyTorch's layout, float64,
    plus where it was found. G = 1 (rnn), 4 (lstm: i, f, g, o) or 3 (gru: r, z, n) gate blocks;
    a layer without biases gets zeros.
    """

    name: str  # where it was found, e.g. "encoder.weight_ih_l0" -> "encoder (layer 0)"
    kind: str  # "rnn", "lstm" or "gru"
    note: str = ""  # e.g. "layer 1 of 2, reverse direction", shown to the user


@dataclass(frozen=True)
class EmbeddingTable:
    """An embedding matrix (vocabulary size V, dimension D) found in the same file."""

    name: str
    weight: np.ndarray  # (V, D) float64
