"""What every model reader returns: recurrent layers in PyTorch's layout, and embedding tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core.cells import CellWeights
from ..core.lesson import LessonError

#: Characters that would break a one-line message or a lesson file: controls (newlines, tabs,
#: escapes), line and paragraph separators, and lone surrogates (undecodable bytes of a name).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: object) -> str:
    """Text from a file (a tensor or layer name, a file name) made safe to show on one line and to
    save as UTF-8: control characters and lone surrogates become escapes such as ``\\n``, ``\\udc80``.
    """
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], str(text))


class ModelImportError(LessonError):
    """A model file that cannot be imported; the message is one line and says why.

    Whatever the message holds (names from the file included) is escaped to one printable line.
    """

    def __init__(self, message: object = "") -> None:
        super().__init__(printable(message))


class ImportCancelled(ModelImportError):
    """The user cancelled a read (its `cancel` event was set)."""

    def __init__(self, message: object = "import cancelled") -> None:
        super().__init__(message)


@dataclass(frozen=True, kw_only=True)
class RecurrentLayer(CellWeights):
    """One recurrent layer (one direction of one layer): CellWeights in PyTorch's layout, float64,
    plus where it was found. G = 1 (rnn), 4 (lstm: i, f, g, o) or 3 (gru: r, z, n) gate blocks;
    a layer without biases gets zeros.
    """

    name: str  # where it was found, e.g. "encoder.weight_ih_l0" -> "encoder (layer 0)"
    kind: str  # "rnn", "lstm" or "gru"
    note: str = ""  # e.g. "layer 1 of 2, reverse direction", shown to the user
    nonlinearity_stated: bool = False  # True when the file says which one (a Keras config), not assumed


@dataclass(frozen=True)
class EmbeddingTable:
    """An embedding matrix (vocabulary size V, dimension D) found in the same file."""

    name: str
    weight: np.ndarray  # (V, D) float64
