"""Import trained PyTorch and Keras recurrent layers as lessons, without running code from the file.

    lesson, chosen, layers = import_model("model.pt", layer=0, vocab="vocab.txt")

Model files are read in a child process with limits of time and memory (see ``_worker``):
a damaged file ends in one ModelImportError line, never a hang or gigabytes of memory. The
readers return RecurrentLayer records in PyTorch's layout; this module picks one, finds its
embeddings and builds a Lesson that computes what the framework computes.
"""

from __future__ import annotations

import numbers
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..core.cells import CellWeights
from ..core.files import read_capped
from ..core.lesson import NONLINEARITIES, Lesson, LessonError, check_token, default_embedding, is_visible, load_lesson
from ..core.models import SPECS
from ._worker import MAX_FILE_BYTES, MEMORY_BYTES, READ_SECONDS, ReadResult, read_in_child
from .layers import EmbeddingTable, ImportCancelled, ModelImportError, RecurrentLayer, printable

PYTORCH_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors")
KERAS_SUFFIXES = (".keras", ".h5")
SUFFIXES = PYTORCH_SUFFIXES + KERAS_SUFFIXES
MAX_TOKENS_FROM_VOCAB = 3

#: A vocabulary file larger than this is refused (a million tokens of 60 bytes).
MAX_VOCAB_BYTES = 64 * 1024**2

__all__ = [
    "MAX_FILE_BYTES",
    "MEMORY_BYTES",
    "READ_SECONDS",
    "ImportCancelled",
    "ModelImportError",
    "RecurrentLayer",
    "import_model",
    "read_layers",
]


def read_layers(
    path: str | os.PathLike, *, cancel: threading.Event | None = None
) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Every recurrent layer (and embedding table) in a model file, in file order: names and shapes.

    The file is read in a child process (see ``_worker``), and only names and shapes come back:
    the weights are read-only NaN placeholders (import_model reads the chosen layer's). Setting
    `cancel` stops the read and raises ImportCancelled. Raises ModelImportError (one line) for
    any file that cannot be read.
    """
    path = _model_path(path)
    result = read_in_child({"path": str(path), "mode": "list"}, cancel=cancel)
    return result.layers, result.tables


def _model_path(path: str | os.PathLike) -> Path:
    """The path of a model file rnnviz may read: exists, is a regular file of a known type and size."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise ModelImportError(f"{path}: no such file") from None
        raise ModelImportError(f"{path}: cannot read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the name
        raise ModelImportError(f"{path}: no such file") from None
    if not path.is_file():
        raise ModelImportError(f"{path}: not a regular file")
    if suffix not in SUFFIXES:
        raise ModelImportError(
            f"{path}: unknown model file type {suffix or '(none)'}; rnnviz reads {', '.join(SUFFIXES)}"
        )
    if size > MAX_FILE_BYTES:
        raise ModelImportError(
            f"{path}: the file has {size / 1024**2:,.0f} MB; rnnviz imports model files up to "
            f"{MAX_FILE_BYTES // 1024**2} MB"
        )
    return path


def choose_layer(layers: list[RecurrentLayer], layer: str | int | None, path: Path) -> RecurrentLayer:
    """By index (0-based) or by name; the first layer when None."""
    if layer is None:
        return layers[0]
    if isinstance(layer, str) and re.fullmatch(r"[0-9]+", layer.strip()):  # ASCII digits only: not '²'
        digits = layer.strip().lstrip("0") or "0"
        if len(digits) > 18:  # beyond any file, and int() refuses numbers of thousands of digits
            raise ModelImportError(
                f"{path}: no layer {digits[:18]}...; the file has {len(layers)} (0..{len(layers) - 1})"
            )
        layer = int(digits)
    if isinstance(layer, int) and not isinstance(layer, bool):
        if not 0 <= layer < len(layers):
            raise ModelImportError(f"{path}: no layer {layer}; the file has {len(layers)} (0..{len(layers) - 1})")
        return layers[layer]
    for candidate in layers:
        if candidate.name == layer:
            return candidate
    names = "; ".join(f"{k}: {c.name}" for k, c in enumerate(layers))
    raise ModelImportError(f"{path}: no layer named {layer!r}; the file has {names}")


def read_vocab(path: str | os.PathLike) -> list[str]:
    """One token per line, in index order (a trailing newline is fine).

    Every line keeps its index; a word that shows nothing (blank, only invisible characters)
    cannot be a lesson's token, so the lesson leaves it out (see build_lesson).
    """
    try:
        data = read_capped(path, MAX_VOCAB_BYTES + 1)  # a pipe or /dev/zero has no size to check first
        if len(data) > MAX_VOCAB_BYTES:
            raise ModelImportError(f"{path}: the vocabulary file is larger than {MAX_VOCAB_BYTES // 1024**2} MB")
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        if isinstance(error, ModelImportError):
            raise
        raise ModelImportError(f"{path}: cannot read the vocabulary: {error}") from None
    tokens = text.split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    tokens = [token.rstrip("\r") for token in tokens]
    if not tokens:
        raise ModelImportError(f"{path}: the vocabulary is empty")
    return tokens


def import_model(
    path: str | os.PathLike,
    layer: str | int | None = None,
    vocab: str | os.PathLike | list[str] | None = None,
    tokens: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    nonlinearity: str | None = None,
    cancel: threading.Event | None = None,
) -> tuple[Lesson, RecurrentLayer, list[RecurrentLayer]]:
    """A lesson around one recurrent layer of a trained model. Raises ModelImportError (one line).

    Returns (lesson, chosen layer, every layer in the file). Only the chosen layer's weights
    leave the reading process: the others hold read-only NaN placeholders of their real shapes.
    `nonlinearity` ("tanh" or "relu") says what a SimpleRNN
    layer uses when the file does not say (a PyTorch state_dict; default tanh); a Keras file
    that states another activation is refused. Setting `cancel` stops the read and raises
    ImportCancelled. `vocab` is a vocabulary file or its words, already read.
    """
    if isinstance(layer, numbers.Integral) and not isinstance(layer, bool):
        layer = int(layer)  # e.g. a numpy integer from a list widget
    elif layer is not None and not isinstance(layer, str):
        raise ModelImportError(f"layer is {printable(repr(layer))}; expected a number or a name")
    if nonlinearity is not None and nonlinearity not in NONLINEARITIES:
        raise ModelImportError(f"nonlinearity is {printable(repr(nonlinearity))}; expected tanh or relu")
    say = progress or (lambda _: None)
    path = _model_path(path)
    words = read_vocab(vocab) if isinstance(vocab, (str, os.PathLike)) else vocab
    if tokens is not None:
        _check_tokens(tokens)
    say("reading the model file")
    request = {"path": str(path), "mode": "import", "layer": layer, "vocab_size": None if words is None else len(words)}
    result = read_in_child(request, cancel=cancel)
    say("building the lesson")
    return build_lesson(path, result, words, tokens, nonlinearity), result.layers[result.chosen], result.layers


def build_lesson(
    path: Path, result: ReadResult, words: list[str] | None, tokens: list[str] | None, nonlinearity: str | None
) -> Lesson:
    """The lesson around result's chosen layer: its weights, the embedding rows of `words`, `tokens`."""
    chosen = result.layers[result.chosen]
    D, H = chosen.input_size, chosen.hidden_size
    embeddings: dict[str, np.ndarray] = {}
    if words is not None:
        table = result.tables[0]
        for word, vector in zip(words, table.weight, strict=False):
            if is_visible(word):  # a tokenizer's blank or zero-width entries cannot be typed or shown
                embeddings.setdefault(word, np.array(vector))
        if tokens is None:
            tokens = [word for word in words if is_visible(word)][:MAX_TOKENS_FROM_VOCAB] or None
    if tokens is None:
        tokens = ["x1", "x2", "x3"]
    _check_tokens(tokens)
    for token in tokens:
        if token not in embeddings:
            embeddings[token] = default_embedding(token, D)
    for vector in embeddings.values():
        vector.flags.writeable = False
    arrays = [_frozen(a, path) for a in (chosen.weight_ih, chosen.weight_hh, chosen.bias_ih, chosen.bias_hh)]
    activation, note = _nonlinearity(chosen, nonlinearity, path)
    weights = CellWeights(*arrays, activation)
    zeros = np.zeros(H)
    zeros.flags.writeable = False
    file_name = printable(path.name)
    source = f"Imported from {file_name}: {chosen.name}" + (f" ({note})" if note else "")
    lesson = Lesson(
        tokens=tuple(tokens),
        embeddings=embeddings,
        hidden_size=H,
        models={chosen.kind: weights},
        initial_h=zeros,
        initial_c=zeros,
        title=f"{chosen.name} from {file_name}",
        extra={"source": source},
    )
    try:  # whatever import writes must load: check it as the loader will
        load_lesson(lesson.to_dict(arrays=True))
    except LessonError as error:
        raise ModelImportError(f"{path}: the imported layer does not make a valid lesson ({error})") from None
    return lesson


def _nonlinearity(chosen: RecurrentLayer, wanted: str | None, path: Path) -> tuple[str, str]:
    """(the layer's nonlinearity, its note) once the user's choice is applied."""
    from .pytorch import TANH_NOTE

    if wanted is None or wanted == chosen.nonlinearity:
        return chosen.nonlinearity, chosen.note
    if chosen.kind != "rnn":
        raise ModelImportError(
            f"{path}: --nonlinearity {wanted} applies to SimpleRNN / nn.RNN layers; {chosen.name} is "
            f"{SPECS[chosen.kind].article} {SPECS[chosen.kind].title}, which uses tanh"
        )
    if chosen.nonlinearity_stated:
        raise ModelImportError(
            f"{path}: layer {chosen.name} uses {chosen.nonlinearity}, as the file says; --nonlinearity "
            f"{wanted} disagrees (leave it out to use the file's)"
        )
    note = "; ".join(part for part in chosen.note.split("; ") if part != TANH_NOTE)
    given = f"nonlinearity {wanted}, as given with --nonlinearity"
    return wanted, f"{note}; {given}" if note else given


def _check_tokens(tokens: list[str]) -> None:
    if not tokens:
        raise ModelImportError("no tokens given; a lesson needs at least one")
    for token in tokens:
        if isinstance(token, str) and not _encodable(token):  # --tokens bytes that were not UTF-8
            raise ModelImportError(f"token {printable(token)} is not valid text (it holds bytes that are not UTF-8)")
        try:
            check_token(token)  # the loader's own rule (blank, invisible), before the file is read
        except LessonError as error:
            raise ModelImportError(str(error)) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def matching_table(tables: list[EmbeddingTable], D: int, V: int, path: Path) -> EmbeddingTable:
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
