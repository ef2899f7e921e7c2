"""Reads Keras 3 SimpleRNN, LSTM and GRU weights (``.keras`` models, ``.weights.h5`` files) with h5py.

Keras itself is not needed. A ``.keras`` file is a zip archive holding ``config.json`` (the
architecture: each layer's class and settings) and ``model.weights.h5``; a ``.weights.h5``
file is that HDF5 file alone. Keras 3 writes one group per layer under ``layers/``, named
after the layer's class in snake case and numbered in model order when a class repeats
(``lstm``, ``lstm_1``...); the layer's own name is the ``name`` attribute of its ``vars``
group. A recurrent layer's variables live in its cell, in the order they were created::

    layers/lstm/vars                      attrs: name = "encoder"   (the Keras layer name)
    layers/lstm/cell/vars/0               kernel            (D, G*H)
    layers/lstm/cell/vars/1               recurrent_kernel  (H, G*H)
    layers/lstm/cell/vars/2               bias              (G*H,) or, GRU reset_after=True, (2, 3H)
    layers/bidirectional/forward_layer/cell/vars/0..2    and  .../backward_layer/cell/vars/0..2
    layers/embedding/vars/0               embeddings        (V, D)

Conversion to PyTorch's layout (exact: a transpose, a reordering of column blocks, float64):

* SimpleRNN ``h = act(x K + h U + b)``: weight_ih = K.T, weight_hh = U.T, bias_ih = b, bias_hh = 0.
* LSTM: Keras's gate blocks i, f, c, o are PyTorch's i, f, g, o, and the equations are the same:
  weight_ih = K.T, weight_hh = U.T, bias_ih = b, bias_hh = 0.
* GRU, reset_after=True (the Keras default): Keras's blocks z, r, h become PyTorch's r, z, n, and
  the rows of ``bias`` are the input and recurrent biases. Keras computes
  ``hh = tanh(x K_h + b_h + r * (h U_h + b_rh))`` and ``h = z * h_prev + (1 - z) * hh``, which is
  PyTorch's ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))`` and ``h = (1 - z) * n + z * h_prev``
  with the same z. reset_after=False (reset applied before U_h) has no PyTorch equivalent and
  is refused, as are activations PyTorch's layers do not have (e.g. a hard_sigmoid gate).
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import json
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import h5py
import numpy as np

from ..core.models import MODEL_TITLES, SPECS
from .layers import EmbeddingTable, ModelImportError, RecurrentLayer

#: A zip member (or HDF5 dataset) larger than this, uncompressed, is refused before it is read.
MAX_MEMBER_BYTES = 512 * 1024**2
MAX_DATASET_BYTES = 1024**3
#: Values read from an HDF5 file may declare at most this many bytes per byte of the file (plus
#: SLACK_BYTES): Keras stores weights uncompressed, and a chunked dataset whose chunks were never
#: written would otherwise read as gigabytes of fill value from a few kilobytes.
MAX_EXPANSION = 4
SLACK_BYTES = 1 << 20
#: config.json describes the architecture only; anything this large is not a real model.
MAX_CONFIG_BYTES = 64 * 1024**2
#: Groups visited when searching a weights file, and how deep: a real model has a few dozen.
MAX_GROUPS = 100_000
MAX_DEPTH = 64

CONFIG_MEMBER = "config.json"
WEIGHTS_MEMBER = "model.weights.h5"

LAYER_KINDS = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
CELL_KINDS = {"SimpleRNNCell": "rnn", "LSTMCell": "lstm", "GRUCell": "gru"}
GATE_COUNT = {model: spec.gate_count for model, spec in SPECS.items()}
KIND_OF_GATES = {count: model for model, count in GATE_COUNT.items()}
TITLES = MODEL_TITLES
MODEL_CLASSES = ("Sequential", "Functional", "Model")
#: Keras GRU column blocks are z, r, h; PyTorch's rows are r, z, n: block k of PyTorch is block
#: GRU_BLOCKS[k] of Keras.
GRU_BLOCKS = (1, 0, 2)
REVERSED_NOTE = "reads the sequence reversed, last token first"
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


#: Bytes that the values read from the current HDF5 file may still take (see MAX_EXPANSION).
_budget: contextvars.ContextVar[list[int]] = contextvars.ContextVar("keras_read_budget")


@contextlib.contextmanager
def _reading(hdf5_bytes: int) -> Iterator[None]:
    """Reads from an HDF5 file of this size: a byte budget for its values, no numpy warnings."""
    token = _budget.set([MAX_EXPANSION * hdf5_bytes + SLACK_BYTES])
    try:
        with np.errstate(all="ignore"):  # NaN, even signalling, is refused by a check rather than a warning
            yield
    finally:
        _budget.reset(token)


def read_keras(path: str | Path, *, embeddings: bool = True) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Recurrent layers (each direction of a Bidirectional one separately) and embeddings, in model order.

    Raises ModelImportError, with a one-line message, for a file that is not a Keras model or
    weights file, or whose recurrent layers would not be reproduced exactly by PyTorch's cells.
    With embeddings=False no embedding table is read.
    """
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise ModelImportError(f"{label}: no such file")
    try:
        if zipfile.is_zipfile(path):
            recurrent, tables = _read_archive(path, label, embeddings)
        elif _looks_like_hdf5(path):
            with h5py.File(path, "r") as h5, _reading(path.stat().st_size):
                recurrent, tables = _read_by_shapes(h5, label, "a weights file does not store them", embeddings)
        else:
            raise ModelImportError(f"{label}: {_not_a_model(path)}")
    except ModelImportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as error:
        raise ModelImportError(f"{label}: damaged zip archive ({_one_line(error)})") from None
    except EOFError:
        raise ModelImportError(f"{label}: damaged zip archive (a member is cut short)") from None
    except zlib.error as error:
        raise ModelImportError(f"{label}: damaged zip archive (a compressed member: {_one_line(error)})") from None
    except MemoryError:
        raise ModelImportError(f"{label}: the weights need more memory than is available") from None
    except RecursionError:
        raise ModelImportError(f"{label}: cannot read the Keras weights (nested too deeply)") from None
    except Exception as error:  # noqa: BLE001 - h5py reports damage as OSError, KeyError, OverflowError...
        raise ModelImportError(f"{label}: cannot read the Keras weights ({_one_line(error)})") from None
    if not recurrent:
        raise ModelImportError(f"{label}: no SimpleRNN, LSTM or GRU layer found")
    return recurrent, tables


# ---------------------------------------------------------------------------------------------
# Files


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _looks_like_hdf5(path: Path) -> bool:
    with path.open("rb") as f:
        if f.read(len(HDF5_SIGNATURE)) == HDF5_SIGNATURE:
            return True
    try:
        return h5py.is_hdf5(str(path))  # also finds a signature after a user block
    except (OSError, ValueError):
        return False


def _not_a_model(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".keras"):
        return "not a zip archive, so not a .keras model (the file is truncated or is another kind of file)"
    if name.endswith((".h5", ".hdf5")):
        return "not an HDF5 file, so not a Keras .weights.h5 file (the file is truncated or is another kind of file)"
    return "neither a .keras model (zip archive) nor a Keras .weights.h5 file (HDF5)"


def _read_member(archive: zipfile.ZipFile, name: str, limit: int, label: str) -> bytes:
    """A zip member's bytes, refused before reading when it declares more than `limit` bytes."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ModelImportError(
            f"{label}: {name} would uncompress to {info.file_size:,} bytes, more than the {limit:,} rnnviz reads"
        )
    with archive.open(info) as member:
        data = member.read(limit + 1)  # zipfile never yields more than the declared size; belt and braces
    if len(data) > limit:
        raise ModelImportError(f"{label}: {name} uncompresses to more than the {limit:,} bytes rnnviz reads")
    return data


def _read_archive(path: Path, label: str, embeddings: bool) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if CONFIG_MEMBER not in names:
            raise ModelImportError(f"{label}: the archive has no {CONFIG_MEMBER}, so it is not a Keras .keras model")
        if WEIGHTS_MEMBER not in names:
            if "model.weights.json" in names:
                raise ModelImportError(f"{label}: sharded Keras weights (model.weights.json) are not supported")
            raise ModelImportError(f"{label}: the archive has no {WEIGHTS_MEMBER}, so there are no weights to import")
        try:
            config = json.loads(_read_member(archive, CONFIG_MEMBER, MAX_CONFIG_BYTES, label).decode("utf-8"))
        except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ModelImportError(f"{label}: {CONFIG_MEMBER} is not valid JSON ({_one_line(error)})") from None
        data = _read_member(archive, WEIGHTS_MEMBER, MAX_MEMBER_BYTES, label)
    if not data.startswith(HDF5_SIGNATURE):
        raise ModelImportError(f"{label}: {WEIGHTS_MEMBER} in the archive is not an HDF5 file")
    try:
        h5 = h5py.File(io.BytesIO(data), "r")
    except OSError as error:
        raise ModelImportError(f"{label}: {WEIGHTS_MEMBER} in the archive is damaged ({_one_line(error)})") from None
    with h5, _reading(len(data)):
        root = _model_root(h5)
        if _layer_list(config) is None:
            why = f"{CONFIG_MEMBER} does not list the model's layers (a subclassed model?)"
            return _read_by_shapes(h5, label, why, embeddings)
        walker = _ConfigWalker(label, embeddings)
        walker.walk_model(config, root, prefix="", where="the model")
    recurrent = walker.recurrent
    if walker.masking:  # Keras carries the state over masked steps; rnnviz's engine does not mask
        masked = ", ".join(f"'{name}'" for name in walker.masking)
        extra = f"; embedding {masked} has mask_zero=True: Keras skips steps whose token id is 0, rnnviz does not"
        recurrent = [replace(layer, note=layer.note + extra) for layer in recurrent]
    return recurrent, walker.embeddings


def _model_root(h5: h5py.File) -> h5py.Group:
    """The group holding ``layers``: the file itself (tf.keras 2.13 wrote ``_layer_checkpoint_dependencies``)."""
    if "layers" not in h5 and "_layer_checkpoint_dependencies" in h5:
        return _LegacyRoot(h5)  # type: ignore[return-value]
    return h5


class _LegacyRoot:
    """A root group whose ``layers`` child is called ``_layer_checkpoint_dependencies`` (tf.keras 2.13-2.15)."""

    def __init__(self, group: h5py.Group):
        self.group = group

    def get(self, key: str, default=None, getlink: bool = False):
        name = "_layer_checkpoint_dependencies" if key == "layers" else key
        return self.group.get(name, default, getlink=getlink)


# ---------------------------------------------------------------------------------------------
# HDF5 access: hard links only (no external files), bounded sizes


def _child(group, key: str) -> h5py.Group | h5py.Dataset | None:
    """group[key] if it is an ordinary (hard-linked) object, else None."""
    if group is None:
        return None
    link = group.get(key, getlink=True)
    if not isinstance(link, h5py.HardLink):
        return None
    return group.get(key)


def _has_link(group: h5py.Group, key: str) -> bool:
    """Whether group has a member called key, of any kind of link (not followed)."""
    return group.get(key, getlink=True) is not None


def _group(group, *keys: str) -> h5py.Group | None:
    for key in keys:
        group = _child(group, key)
        if not isinstance(group, h5py.Group):
            return None
    return group


def _vars_name(group: h5py.Group | None) -> str | None:
    """The Keras name stored on a layer's ``vars`` group, if any."""
    variables = _group(group, "vars")
    if variables is None:
        return None
    name = variables.attrs.get("name")
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return name if isinstance(name, str) and name else None


def _read_array(group: h5py.Group, key: str, what: str, label: str) -> np.ndarray:
    """A dataset as float64, refusing links to other files, huge sizes and non-float data."""
    if _has_link(group, key) and not isinstance(group.get(key, getlink=True), h5py.HardLink):
        raise ModelImportError(f"{label}: {what} is a link to data elsewhere, which rnnviz does not follow")
    dataset = _child(group, key)
    if not isinstance(dataset, h5py.Dataset):
        raise ModelImportError(f"{label}: {what} is missing from the weights ({group.name}/{key})")
    if dataset.is_virtual or dataset.external:
        raise ModelImportError(f"{label}: {what} refers to data outside the file, which rnnviz does not read")
    count = math.prod(int(n) for n in dataset.shape) if dataset.shape is not None else 0
    declared = count * dataset.dtype.itemsize
    if declared > MAX_DATASET_BYTES:
        raise ModelImportError(f"{label}: {what} has {count:,} values, more than rnnviz reads")
    budget = _budget.get([MAX_DATASET_BYTES])
    if declared > budget[0]:
        raise ModelImportError(
            f"{label}: {what} declares {count:,} values, far more than the file holds (a damaged file)"
        )
    budget[0] -= declared
    bfloat16 = dataset.attrs.get("dtype") in ("bfloat16", b"bfloat16") and dataset.dtype.itemsize == 2
    if not bfloat16 and dataset.dtype.kind != "f":
        raise ModelImportError(f"{label}: {what} holds {dataset.dtype} values, not floating-point weights")
    array = np.asarray(dataset[()])
    if bfloat16:  # stored by Keras as 2 opaque bytes: the high half of a float32
        array = (array.view("<u2").astype(np.uint32) << 16).view(np.float32)
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ModelImportError(f"{label}: {what} contains NaN or infinite values")
    return array


# ---------------------------------------------------------------------------------------------
# Conversion


@dataclass(frozen=True)
class _Settings:
    """What the weights alone do not say: from config.json, or Keras's defaults."""

    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"
    use_bias: bool = True
    reset_after: bool | None = True  # None: not known (weights file without bias)
    go_backwards: bool = False


def _activation_name(value) -> str:
    """An activation as config.json serializes it: a name, a dict for objects, null for linear."""
    if value is None:
        return "linear"
    if isinstance(value, str):
        return value.rsplit(".", 1)[-1]
    if isinstance(value, dict):
        inner = value.get("config")
        if isinstance(inner, str):
            return inner
        if isinstance(inner, dict) and isinstance(inner.get("name"), str):
            return inner["name"]
        return str(value.get("class_name") or value.get("registered_name") or "a custom activation")
    return str(value)


def _settings(config: dict) -> _Settings:
    return _Settings(
        activation=_activation_name(config.get("activation", "tanh")),
        recurrent_activation=_activation_name(config.get("recurrent_activation", "sigmoid")),
        use_bias=bool(config.get("use_bias", True)),
        reset_after=bool(config.get("reset_after", True)),
        go_backwards=bool(config.get("go_backwards", False)),
    )


def _check_settings(kind: str, settings: _Settings, name: str, label: str) -> str:
    """The PyTorch nonlinearity, or ModelImportError for what PyTorch's cell cannot reproduce."""
    title = TITLES[kind]
    if kind == "rnn":
        if settings.activation not in ("tanh", "relu"):
            raise ModelImportError(
                f"{label}: SimpleRNN layer '{name}' uses activation='{settings.activation}'; "
                "rnnviz imports 'tanh' and 'relu' only (PyTorch's nn.RNN nonlinearities)"
            )
        return settings.activation
    if settings.activation != "tanh":
        raise ModelImportError(
            f"{label}: {title} layer '{name}' uses activation='{settings.activation}'; "
            f"rnnviz imports 'tanh' only, as PyTorch's {title} computes"
        )
    if settings.recurrent_activation != "sigmoid":
        raise ModelImportError(
            f"{label}: {title} layer '{name}' uses recurrent_activation='{settings.recurrent_activation}'; "
            f"rnnviz imports 'sigmoid' gates only, as PyTorch's {title} computes"
        )
    if kind == "gru" and settings.reset_after is False:
        raise ModelImportError(
            f"{label}: GRU layer '{name}' uses reset_after=False, which computes the candidate differently "
            "from PyTorch; rnnviz imports reset_after=True (the Keras default) only"
        )
    return "tanh"


def _kind_from_shapes(kernel: np.ndarray, recurrent: np.ndarray) -> str | None:
    if kernel.ndim != 2 or recurrent.ndim != 2 or recurrent.shape[0] == 0:
        return None
    H, columns = recurrent.shape
    if columns % H or kernel.shape[1] != columns:
        return None
    return KIND_OF_GATES.get(columns // H)


def _convert(
    kind: str,
    name: str,
    kernel: np.ndarray,
    recurrent: np.ndarray,
    bias: np.ndarray | None,
    settings: _Settings,
    note: str,
    label: str,
) -> RecurrentLayer:
    """Keras (kernel, recurrent_kernel, bias) -> a RecurrentLayer in PyTorch's layout."""
    title = TITLES[kind]
    G = GATE_COUNT[kind]
    found = _kind_from_shapes(kernel, recurrent)
    if found != kind:
        raise ModelImportError(
            f"{label}: {title} layer '{name}' has weights of shapes {kernel.shape} and {recurrent.shape}, "
            f"not (D, {G}H) and (H, {G}H)"
        )
    H = recurrent.shape[0]
    nonlinearity = _check_settings(kind, settings, name, label)
    bias_ih = np.zeros(G * H)
    bias_hh = np.zeros(G * H)
    if bias is not None:
        if kind == "gru" and bias.shape == (G * H,):
            _check_settings(kind, _Settings(reset_after=False), name, label)  # a reset_after=False bias
        if kind == "gru" and bias.shape == (2, G * H):
            bias_ih, bias_hh = bias[0], bias[1]
        elif kind != "gru" and bias.shape == (G * H,):
            bias_ih = bias
        else:
            raise ModelImportError(
                f"{label}: {title} layer '{name}' has a bias of shape {bias.shape}, not matching H={H}"
            )
    weight_ih, weight_hh = kernel.T, recurrent.T
    if kind == "gru":
        rows = np.concatenate([np.arange(k * H, (k + 1) * H) for k in GRU_BLOCKS])
        weight_ih, weight_hh, bias_ih, bias_hh = weight_ih[rows], weight_hh[rows], bias_ih[rows], bias_hh[rows]
    return RecurrentLayer(
        name=name,
        kind=kind,
        weight_ih=np.ascontiguousarray(weight_ih, dtype=np.float64),
        weight_hh=np.ascontiguousarray(weight_hh, dtype=np.float64),
        bias_ih=np.ascontiguousarray(bias_ih, dtype=np.float64),
        bias_hh=np.ascontiguousarray(bias_hh, dtype=np.float64),
        nonlinearity=nonlinearity,
        note=note,
    )


def _read_cell(layer_group: h5py.Group | None, what: str, label: str):
    """(kernel, recurrent_kernel, bias or None) from ``<layer>/cell/vars``."""
    variables = _group(layer_group, "cell", "vars")
    if variables is None:
        raise ModelImportError(f"{label}: no weights found for {what}")
    kernel = _read_array(variables, "0", f"the kernel of {what}", label)
    recurrent = _read_array(variables, "1", f"the recurrent kernel of {what}", label)
    bias = _read_array(variables, "2", f"the bias of {what}", label) if _has_link(variables, "2") else None
    return kernel, recurrent, bias


# ---------------------------------------------------------------------------------------------
# .keras with config.json: walk the architecture, find each layer's group


def _snake_case(name: str) -> str:
    """keras.src.utils.naming.to_snake_case: how a layer's class names its group in the weights."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _layer_list(model: object) -> list[dict] | None:
    if not isinstance(model, dict) or not isinstance(model.get("config"), dict):
        return None
    layers = model["config"].get("layers")
    if not isinstance(layers, list):
        return None
    return [layer for layer in layers if isinstance(layer, dict)]


def _recurrent_class(layer: dict) -> tuple[str, dict] | None:
    """(kind, config holding the activations) of a SimpleRNN/LSTM/GRU or RNN(cell) layer config."""
    class_name = layer.get("class_name")
    config = layer.get("config") if isinstance(layer.get("config"), dict) else {}
    if class_name in LAYER_KINDS:
        return LAYER_KINDS[class_name], config
    if class_name == "RNN" and isinstance(config.get("cell"), dict):
        cell = config["cell"]
        cell_config = cell.get("config") if isinstance(cell.get("config"), dict) else {}
        if cell.get("class_name") in CELL_KINDS:
            # the wrapper says which way it reads; the cell holds the activations
            return CELL_KINDS[cell["class_name"]], {**cell_config, "go_backwards": config.get("go_backwards", False)}
    return None


class _ConfigWalker:
    """Walks config.json's layer lists and the matching groups of model.weights.h5."""

    def __init__(self, label: str, embeddings: bool = True):
        self.label = label
        self.want_embeddings = embeddings
        self.recurrent: list[RecurrentLayer] = []
        self.embeddings: list[EmbeddingTable] = []
        self.masking: list[str] = []  # embeddings with mask_zero=True
        self.depth = 0

    def walk_model(self, model: dict, root, prefix: str, where: str) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ModelImportError(f"{self.label}: models are nested more than {MAX_DEPTH} deep")
        layers = _layer_list(model) or []
        layers_group = _group(root, "layers")
        counted = [layer for layer in layers if layer.get("class_name") != "InputLayer"]
        by_name = {}
        if layers_group is not None:
            for key in layers_group:
                child = _group(layers_group, key)
                stored = _vars_name(child)
                if stored is not None:
                    by_name.setdefault(stored, child)
        used: dict[str, int] = {}
        position = 0
        for layer in layers:
            class_name = str(layer.get("class_name") or "")
            config = layer.get("config") if isinstance(layer.get("config"), dict) else {}
            key = _snake_case(class_name)
            used[key] = used.get(key, -1) + 1
            if used[key]:
                key = f"{key}_{used[key]}"  # keras.src.saving.saving_lib._get_unique_name
            name = str(config.get("name") or layer.get("name") or key)
            group = by_name.get(name)
            if group is None:
                group = _group(layers_group, key)
            if class_name == "InputLayer":
                continue
            position += 1
            self._layer(
                layer, class_name, config, group, prefix + name, f"layer {position} of {len(counted)} in {where}"
            )
        self.depth -= 1

    def _layer(self, layer: dict, class_name: str, config: dict, group, name: str, position: str) -> None:
        recurrent = _recurrent_class(layer)
        if recurrent is not None:
            kind, settings = recurrent
            self._recurrent(kind, settings, group, name, f"Keras {TITLES[kind]}, {position}")
        elif class_name == "Bidirectional":
            self._bidirectional(config, group, name, position)
        elif class_name == "Embedding" and self.want_embeddings:
            variables = _group(group, "vars")
            if variables is None:
                raise ModelImportError(f"{self.label}: no weights found for Embedding layer '{name}'")
            weight = _read_array(variables, "0", f"the embeddings of layer '{name}'", self.label)
            if weight.ndim != 2:
                raise ModelImportError(f"{self.label}: Embedding layer '{name}' has weights of shape {weight.shape}")
            self.embeddings.append(EmbeddingTable(name=name, weight=weight))
            if config.get("mask_zero"):
                self.masking.append(name)
        elif class_name in MODEL_CLASSES or _layer_list(layer) is not None:
            self.walk_model(layer, group, prefix=f"{name}/", where=f"sub-model '{name}'")

    def _recurrent(self, kind: str, config: dict, group, name: str, note: str, direction: str = "") -> None:
        settings = _settings(config)
        _check_settings(kind, settings, name, self.label)  # refuse before reading any weights
        kernel, recurrent, bias = _read_cell(group, f"{TITLES[kind]} layer '{name}'", self.label)
        if not settings.use_bias:
            bias = None
        if direction:
            note += f", {direction} direction"
        if settings.go_backwards:
            note += f": {REVERSED_NOTE}" if direction else f", go_backwards=True: {REVERSED_NOTE}"
        layer = _convert(kind, name, kernel, recurrent, bias, settings, note, self.label)
        self.recurrent.append(replace(layer, nonlinearity_stated=True))

    def _bidirectional(self, config: dict, group, name: str, position: str) -> None:
        forward = config.get("layer") if isinstance(config.get("layer"), dict) else None
        backward = config.get("backward_layer") if isinstance(config.get("backward_layer"), dict) else None
        if forward is None or _recurrent_class(forward) is None:
            return  # Bidirectional around something else: not ours
        if backward is None:  # Keras builds the backward copy from the forward layer's config, reading the other way
            forward_config = forward.get("config") or {}
            backward = {**forward, "config": {**forward_config, "go_backwards": not forward_config.get("go_backwards")}}
        for direction, inner, key in (("forward", forward, "forward_layer"), ("backward", backward, "backward_layer")):
            recurrent = _recurrent_class(inner)
            if recurrent is None:
                raise ModelImportError(
                    f"{self.label}: Bidirectional layer '{name}' has an unsupported {direction} layer"
                )
            kind, settings = recurrent
            inner_name = str((inner.get("config") or {}).get("name") or direction)
            self._recurrent(
                kind, settings, _group(group, key), f"{name}/{inner_name}",
                f"Keras Bidirectional({TITLES[kind]}), {position}", direction,
            )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Weights only: find recurrent cells by their shapes


def _natural_key(path: str) -> list:
    """Sort key putting lstm_2 before lstm_10, and a forward_layer before its backward_layer."""
    path = re.sub(r"(^|/)forward_layer$", r"\1~0", re.sub(r"(^|/)backward_layer$", r"\1~1", path))
    return [(1, int(part)) if part.isdigit() else (0, part) for part in re.split(r"(\d+)", path)]


def _walk_groups(root: h5py.Group, label: str) -> Iterator[tuple[str, h5py.Group]]:
    """(path, group) of every hard-linked group below root, natural order (lstm_2 before lstm_10)."""
    stack = [("", root, 0)]
    seen = 0
    while stack:
        path, group, depth = stack.pop()
        if path:
            yield path, group
        seen += 1
        if seen > MAX_GROUPS or depth > MAX_DEPTH:
            raise ModelImportError(f"{label}: the weights file has too many groups, or nests them too deep, to search")
        children = []
        for key in group:
            if key in ("vars", "cell"):
                continue
            child = _group(group, key)
            if child is not None:
                children.append((f"{path}/{key}" if path else key, child, depth + 1))
        stack.extend(sorted(children, key=lambda item: _natural_key(item[0]), reverse=True))


def _display_name(root: h5py.Group, path: str) -> str:
    """The Keras names along a group path (``bidi/forward_lstm``), or the path's last part."""
    names = []
    parts = path.split("/")
    for end in range(1, len(parts) + 1):
        stored = _vars_name(_group(root, *parts[:end]))
        if stored is not None:
            names.append(stored)
    return "/".join(names) if names else parts[-1]


def _read_by_shapes(
    h5: h5py.File, label: str, why: str, embeddings: bool = True
) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Every SimpleRNN/LSTM/GRU cell found in the file, the kind read from its weight shapes."""
    if "layers" not in h5 and "_layer_checkpoint_dependencies" not in h5:
        if "layer_names" in h5.attrs or "model_weights" in h5:
            raise ModelImportError(
                f"{label}: this is a Keras 2 (legacy .h5) weights file; "
                "rnnviz reads Keras 3 .keras and .weights.h5 files"
            )
        raise ModelImportError(f"{label}: not a Keras weights file (no 'layers' group)")
    recurrent: list[RecurrentLayer] = []
    tables: list[EmbeddingTable] = []
    for path, group in _walk_groups(h5, label):
        base = path.rsplit("/", 1)[-1]
        variables = _group(group, "cell", "vars")
        if variables is not None and _has_link(variables, "0") and _has_link(variables, "1"):
            recurrent.append(_layer_from_shapes(h5, path, group, label, why))
        elif embeddings and re.fullmatch(r"embedding(_\d+)?", base) and _group(group, "vars") is not None:
            weight = _read_array(_group(group, "vars"), "0", f"the embeddings at {path}", label)
            if weight.ndim == 2:
                tables.append(EmbeddingTable(name=_display_name(h5, path), weight=weight))
    return recurrent, tables


def _layer_from_shapes(h5: h5py.File, path: str, group: h5py.Group, label: str, why: str) -> RecurrentLayer:
    name = _display_name(h5, path)
    kernel, recurrent, bias = _read_cell(group, f"the layer at {path}", label)
    kind = _kind_from_shapes(kernel, recurrent)
    if kind is None:
        raise ModelImportError(
            f"{label}: the recurrent layer at {path} has weights of shapes {kernel.shape} and {recurrent.shape}, "
            "which are not those of a SimpleRNN, LSTM or GRU"
        )
    H = recurrent.shape[0]
    note = f"Keras {TITLES[kind]} at {path} (kind inferred from the weight shapes)"
    base = path.rsplit("/", 1)[-1]
    if base in ("forward_layer", "backward_layer"):
        direction = base.split("_")[0]
        note += f", {direction} direction" + (f": {REVERSED_NOTE}" if direction == "backward" else "")
    defaults = "tanh, with sigmoid gates" if kind != "rnn" else "tanh"
    note += f"; activations assumed to be the Keras defaults ({defaults}) because {why}"
    reset_after: bool | None = True
    if kind == "gru" and bias is None:
        reset_after = None
        note += "; no bias, so reset_after cannot be read and is assumed True (the Keras default)"
    settings = _Settings(reset_after=reset_after)
    if kind == "gru" and bias is not None and bias.shape == (3 * H,):
        raise ModelImportError(
            f"{label}: GRU layer '{name}' uses reset_after=False (its bias has shape ({3 * H},)), which computes "
            "the candidate differently from PyTorch; rnnviz imports reset_after=True (the Keras default) only"
        )
    return _convert(kind, name, kernel, recurrent, bias, settings, note, label)
