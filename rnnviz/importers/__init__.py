"""Import trained PyTorch and Keras recurrent layers as lessons, without running code from the file.

    lesson, layers = import_model("model.pt", layer=0, vocab="vocab.txt")

Readers return RecurrentLayer records in PyTorch's layout; this module picks one, finds its
embeddings and builds a Lesson that computes what the framework computes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..core.cells import CellWeights
from ..core.lesson import Lesson, default_embedding
from .layers import EmbeddingTable, ModelImportError, RecurrentLayer

PYTORCH_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors")
KERAS_SUFFIXES = (".keras", ".h5")
SUFFIXES = PYTORCH_SUFFIXES + KERAS_SUFFIXES
MAX_TOKENS_FROM_VOCAB = 3

__all__ = ["ModelImportError", "RecurrentLayer", "import_model", "read_layers"]


def read_layers(path: str | os.PathLike) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Every recurrent layer (and embedding table) in a model file, in file order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ModelImportError(f"{path}: no such file")
    if suffix in PYTORCH_SUFFIXES:
        from .pytorch import read_layers as read_pytorch

        layers, embeddings = read_pytorch(path)
    elif suffix in KERAS_SUFFIXES:
        from .keras import read_keras

        layers, embeddings = read_keras(path)
    else:
        raise ModelImportError(
            f"{path}: unknown model file type {suffix or '(none)'}; rnnviz reads {', '.join(SUFFIXES)}"
        )
    if not layers:
        raise ModelImportError(f"{path}: no recurrent layer (RNN, LSTM or GRU) found")
    return layers, embeddings


def choose_layer(layers: list[RecurrentLayer], layer: str | int | None, path: Path) -> RecurrentLayer:
    """By index (0-based) or by name; the first layer when None."""
    if layer is None:
        return layers[0]
    if isinstance(layer, int) or (isinstance(layer, str) and layer.strip().isdigit()):
        k = int(layer)
        if not 0 <= k < len(layers):
            raise ModelImportError(f"{path}: no layer {k}; the file has {len(layers)} (0..{len(layers) - 1})")
        return layers[k]
    for candidate in layers:
        if candidate.name == layer:
            return candidate
    names = "; ".join(f"{k}: {c.name}" for k, c in enumerate(layers))
    raise ModelImportError(f"{path}: no layer named {layer!r}; the file has {names}")


def read_vocab(path: str | os.PathLike) -> list[str]:
    """One token per line, in index order (a trailing newline is fine; blank lines are errors)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ModelImportError(f"{path}: cannot read the vocabulary: {error}") from None
    tokens = text.split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    tokens = [token.rstrip("\r") for token in tokens]
    for k, token in enumerate(tokens):
        if not token.strip():
            raise ModelImportError(f"{path}: line {k + 1} of the vocabulary is blank")
    if not tokens:
        raise ModelImportError(f"{path}: the vocabulary is empty")
    return tokens


def import_model(
    path: str | os.PathLike,
    layer: str | int | None = None,
    vocab: str | os.PathLike | None = None,
    tokens: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Lesson, RecurrentLayer, list[RecurrentLayer]]:
    """A lesson around one recurrent layer of a trained model. Raises ModelImportError (one line)."""
    path = Path(path)
    say = progress or (lambda _: None)
    say("reading the model file")
    layers, tables = read_layers(path)
    chosen = choose_layer(layers, layer, path)
    D, H = chosen.input_size, chosen.hidden_size
    say("building the lesson")
    embeddings: dict[str, np.ndarray] = {}
    if vocab is not None:
        words = read_vocab(vocab)
        table = _matching_table(tables, D, len(words), path)
        for word, vector in zip(words, table.weight, strict=False):
            embeddings.setdefault(word, vector)
        if tokens is None:
            tokens = words[:MAX_TOKENS_FROM_VOCAB]
    if tokens is None:
        tokens = ["x1", "x2", "x3"]
    for token in tokens:
        if token not in embeddings:
            embeddings[token] = default_embedding(token, D)
    for vector in embeddings.values():
        vector.flags.writeable = False
    arrays = [_frozen(a, path) for a in (chosen.weight_ih, chosen.weight_hh, chosen.bias_ih, chosen.bias_hh)]
    weights = CellWeights(*arrays, chosen.nonlinearity)
    zeros = np.zeros(H)
    zeros.flags.writeable = False
    note = f"Imported from {path.name}: {chosen.name}" + (f" ({chosen.note})" if chosen.note else "")
    lesson = Lesson(
        tokens=tuple(tokens),
        embeddings=embeddings,
        hidden_size=H,
        models={chosen.kind: weights},
        initial_h=zeros,
        initial_c=zeros,
        title=f"{chosen.name} from {path.name}",
        extra={"source": note},
    )
    return lesson, chosen, layers


def _matching_table(tables: list[EmbeddingTable], D: int, V: int, path: Path) -> EmbeddingTable:
    fitting = [t for t in tables if t.weight.shape[1] == D]
    if not fitting:
        found = ", ".join(f"{t.name} {t.weight.shape[0]}x{t.weight.shape[1]}" for t in tables) or "none"
        raise ModelImportError(f"{path}: --vocab needs an embedding table of width {D} in the file (found: {found})")
    table = fitting[0]
    if table.weight.shape[0] < V:
        raise ModelImportError(
            f"{path}: the vocabulary has {V} tokens but {table.name} has only {table.weight.shape[0]} rows"
        )
    return table


def _frozen(array: np.ndarray, path: Path) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=np.float64)
    if not np.isfinite(array).all():
        raise ModelImportError(f"{path}: the layer holds NaN or infinite weights")
    array.flags.writeable = False
    return array
