"""The PyTorch reader: torch's own numbers from fixture files, refusal of code, clear errors; torch not needed.

Fixtures under tests/fixtures/models/pytorch/ are written by tests/make_model_fixtures_torch.py
(run by hand with torch). Malicious and hand-made files are built here, in tmp_path.
"""

from __future__ import annotations

import json
import os
import pickle
import shlex
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest

from rnnviz.core.cells import CellWeights
from rnnviz.core.engine import run
from rnnviz.importers.layers import ModelImportError
from rnnviz.importers.pytorch import ALLOWED_GLOBALS, find_layers, read_layers, read_tensors

MODELS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "models" / "pytorch"
MODEL_FILES = sorted(
    path.name for path in MODELS_DIR.iterdir() if path.suffix in (".pt", ".safetensors") and path.stem != "whole_model"
)
TOLERANCE = 1e-12  # engine vs torch, both float64 from the same weights
#: What read_tensors gives for each torch dtype (bfloat16 widened exactly to float32).
NUMPY_DTYPES = {
    "float32": "float32",
    "float64": "float64",
    "float16": "float16",
    "bfloat16": "float32",
    "int64": "int64",
    "int8": "int8",
    "uint8": "uint8",
    "bool": "bool",
}


def expected_for(file_name: str) -> dict:
    return json.loads((MODELS_DIR / file_name).with_suffix(".json").read_text(encoding="utf-8"))


# ---- fixtures written by torch -----------------------------------------------------------------


def test_fixtures_cover_the_formats() -> None:
    names = set(MODEL_FILES)
    for needed in (
        "rnn.pt", "rnn_legacy.pt", "lstm_2layer_bi.pt", "gru.pt", "lstmcell.pt", "embed_lstm.pt",
        "embed_lstm.safetensors", "checkpoint.pt", "gru_f64.pt", "lstm_half.pt", "gru_bf16.pt", "views.pt",
    ):  # fmt: skip
        assert needed in names, f"missing fixture {needed}; run tests/make_model_fixtures_torch.py"
    assert (MODELS_DIR / "whole_model.pt").exists()
    assert sum(path.stat().st_size for path in MODELS_DIR.iterdir()) < 300_000


@pytest.mark.parametrize("file_name", MODEL_FILES)
def test_tensors_equal_torch_exactly(file_name: str) -> None:
    expected = expected_for(file_name)
    tensors = read_tensors(MODELS_DIR / file_name)
    if file_name.endswith(".safetensors"):  # safetensors keeps no order
        assert sorted(tensors) == sorted(expected["tensors"])
    else:
        assert list(tensors) == list(expected["tensors"]), "checkpoint flattened to dotted names, in file order"
    for name, values in expected["tensors"].items():
        array = tensors[name]
        assert array.dtype == np.dtype(NUMPY_DTYPES[expected["dtypes"][name]]), name
        assert array.shape == tuple(expected["shapes"][name]), name
        assert array.flags.c_contiguous, name
        assert array.dtype.isnative, name
        want = np.array(values, dtype=np.float64).reshape(array.shape)
        np.testing.assert_array_equal(array.astype(np.float64), want, err_msg=name)


@pytest.mark.parametrize("file_name", [name for name in MODEL_FILES if name != "views.pt"])
def test_layers_give_torch_hidden_states(file_name: str) -> None:
    expected = expected_for(file_name)
    tensors = read_tensors(MODELS_DIR / file_name)
    layers, _ = find_layers(tensors)
    assert [(layer.name, layer.kind) for layer in layers] == [(e["name"], e["kind"]) for e in expected["layers"]]
    for layer, want in zip(layers, expected["layers"], strict=True):
        for param in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            array = getattr(layer, param)
            assert array.dtype == np.float64, (layer.name, param)
            assert array.flags.c_contiguous, (layer.name, param)
            key = want["keys"].get(param)
            reference = np.array(expected["tensors"][key]) if key else np.zeros(array.shape)
            np.testing.assert_array_equal(array, reference, err_msg=f"{layer.name} {param}")
        x = np.array(want["x"], dtype=np.float64)
        weights = CellWeights(layer.weight_ih, layer.weight_hh, layer.bias_ih, layer.bias_hh, layer.nonlinearity)
        trace = run(layer.kind, weights, x, tuple(f"t{k}" for k in range(len(x))))
        h = np.array(want["h"], dtype=np.float64)
        assert trace.h.shape == h.shape
        np.testing.assert_allclose(trace.h, h, rtol=0, atol=TOLERANCE, err_msg=layer.name)
    first_x = np.array(expected["layers"][0]["x"])
    np.testing.assert_array_equal(first_x, np.array(expected["inputs"]))


@pytest.mark.parametrize("file_name", ["embed_lstm.pt", "embed_lstm.safetensors"])
def test_embedding_found_and_feeds_the_encoder(file_name: str) -> None:
    expected = expected_for(file_name)
    layers, embeddings = read_layers(MODELS_DIR / file_name)
    assert [e.name for e in embeddings] == ["embedding"]  # head.weight is not an embedding
    table = embeddings[0].weight
    assert table.dtype == np.float64
    assert table.shape == (10, 4)
    np.testing.assert_array_equal(table, np.array(expected["tensors"]["embedding.weight"]))
    x = table[expected["token_ids"]]
    np.testing.assert_array_equal(x, np.array(expected["layers"][0]["x"]))
    assert [layer.name for layer in layers] == ["encoder layer 0"]
    assert layers[0].note == ""


def test_notes_for_stacked_bidirectional_and_simple_rnn() -> None:
    layers, _ = read_layers(MODELS_DIR / "lstm_2layer_bi.pt")
    assert [layer.note.split(";")[0] for layer in layers] == [
        "layer 1 of 2, forward direction",
        "layer 1 of 2, reverse direction",
        "layer 2 of 2, forward direction",
        "layer 2 of 2, reverse direction",
    ]
    assert all("one layer and direction at a time" in layer.note for layer in layers)
    assert [layer.input_size for layer in layers] == [3, 3, 8, 8]
    (rnn,), _ = read_layers(MODELS_DIR / "rnn.pt")
    assert rnn.kind == "rnn"
    assert rnn.nonlinearity == "tanh"
    assert "nonlinearity not stored in a state_dict: tanh assumed" in rnn.note


def test_whole_pickled_module_is_refused_with_advice() -> None:
    path = MODELS_DIR / "whole_model.pt"
    with pytest.raises(ModelImportError) as caught:
        read_tensors(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "whole pickled model" in message
    assert "torch.nn.modules.rnn.GRU" in message
    assert "model.state_dict()" in message
    assert "\n" not in message


def test_reader_works_without_torch() -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from rnnviz.importers.pytorch import read_layers\n"
        f"for name in ('rnn.pt', 'rnn_legacy.pt', 'gru_bf16.pt'):\n"
        f"    layers, _ = read_layers({str(MODELS_DIR)!r} + '/' + name)\n"
        "    assert layers\n"
        "assert 'torch' not in {m.split('.')[0] for m, v in sys.modules.items() if v is not None}\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# ---- hand-made pickles ---------------------------------------------------------------------------


class G(NamedTuple):
    """A global, as the GLOBAL opcode names it."""

    module: str
    name: str


class Call(NamedTuple):
    func: Any
    args: tuple


class Pers(NamedTuple):
    """A persistent id (BINPERSID)."""

    pid: Any


class Build(NamedTuple):
    obj: Any
    state: Any


class Put(NamedTuple):
    """obj, remembered in memo slot index (BINPUT)."""

    index: int
    obj: Any


class Get(NamedTuple):
    """The object in memo slot index (BINGET)."""

    index: int


def _encode(obj: Any) -> bytes:
    if isinstance(obj, G):
        return f"c{obj.module}\n{obj.name}\n".encode()
    if isinstance(obj, Call):
        return _encode(obj.func) + _encode(tuple(obj.args)) + b"R"
    if isinstance(obj, Pers):
        return _encode(obj.pid) + b"Q"
    if isinstance(obj, Build):
        return _encode(obj.obj) + _encode(obj.state) + b"b"
    if isinstance(obj, Put):
        return _encode(obj.obj) + b"q" + bytes([obj.index])
    if isinstance(obj, Get):
        return b"h" + bytes([obj.index])
    if obj is None:
        return b"N"
    if isinstance(obj, bool):
        return b"\x88" if obj else b"\x89"
    if isinstance(obj, int):
        if -(2**31) <= obj < 2**31:
            return b"J" + struct.pack("<i", obj)
        data = obj.to_bytes((obj.bit_length() + 8) // 8, "little", signed=True)
        return b"\x8a" + bytes([len(data)]) + data
    if isinstance(obj, float):
        return b"G" + struct.pack(">d", obj)
    if isinstance(obj, str):
        data = obj.encode()
        return b"X" + struct.pack("<I", len(data)) + data
    if isinstance(obj, tuple):
        return b"(" + b"".join(_encode(item) for item in obj) + b"t"
    if isinstance(obj, list):
        return b"](" + b"".join(_encode(item) for item in obj) + b"e"
    if isinstance(obj, dict):
        return b"}(" + b"".join(_encode(k) + _encode(v) for k, v in obj.items()) + b"u"
    raise TypeError(obj)


def pickle_bytes(obj: Any) -> bytes:
    """Protocol-2 pickle of obj, globals written by name: no torch (or anything else) imported."""
    return b"\x80\x02" + _encode(obj) + b"."


def tensor(key: str, numel: int, size: tuple, stride: tuple, offset: int = 0, storage: str = "FloatStorage") -> Call:
    """What torch.save writes for a tensor: _rebuild_tensor_v2 of a persistent storage."""
    pid = Pers(("storage", G("torch", storage), key, "cpu", numel))
    hooks = Call(G("collections", "OrderedDict"), ())
    return Call(G("torch._utils", "_rebuild_tensor_v2"), (pid, offset, size, stride, False, hooks))


def torch_zip(
    path: Path, pkl: bytes, data: dict[str, bytes] | None = None, byteorder: bytes | None = b"little"
) -> Path:
    """torch.save's zip layout: archive/data.pkl, archive/data/<key>, archive/byteorder, archive/version."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pkl)
        if byteorder is not None:
            archive.writestr("archive/byteorder", byteorder)
        for key, raw in (data or {}).items():
            archive.writestr(f"archive/data/{key}", raw)
        archive.writestr("archive/version", b"3\n")
    return path


def import_error(path: Path) -> str:
    with pytest.raises(ModelImportError) as caught:
        read_tensors(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message
    return message


# ---- files that ask to run code ----------------------------------------------------------------


class _Reduce:
    """An object whose pickle calls func(*args) on load: the classic malicious checkpoint."""

    def __init__(self, func: Any, *args: Any):
        self.func, self.args = func, args

    def __reduce__(self) -> tuple:
        return self.func, self.args


def _payloads(marker: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (pickle bytes, the dotted name the refusal must mention). Each would create marker."""
    command = f"touch {shlex.quote(str(marker))}"
    system = os.system.__module__ + ".system"  # posix.system / nt.system
    getattr_system = Call(G("builtins", "getattr"), (Call(G("__builtin__", "__import__"), ("os",)), "system"))
    inst = b"\x80\x02(X" + struct.pack("<I", len(command)) + command.encode() + b"ios\nsystem\n."
    python = f"__import__('os').system({command!r})"
    return {
        "os.system": (pickle.dumps(_Reduce(os.system, command), protocol=2), system),
        "os.system protocol 4": (pickle.dumps({"w": _Reduce(os.system, command)}, protocol=4), system),
        "builtins.eval": (pickle.dumps(_Reduce(eval, python), protocol=2), "builtins.eval"),
        "subprocess.Popen": (
            pickle.dumps(_Reduce(subprocess.Popen, ["touch", str(marker)]), protocol=2),
            "subprocess.Popen",
        ),
        "builtins.getattr": (pickle_bytes(Call(getattr_system, (command,))), "builtins.getattr"),
        "INST opcode": (inst, "os.system"),
        "inside a state_dict": (pickle_bytes({"weight_ih_l0": Call(G("posix", "system"), (command,))}), "posix.system"),
    }


def test_payloads_really_run_code(tmp_path: Path) -> None:
    """Control: plain pickle.loads of the os.system payload does create the marker."""
    marker = tmp_path / "marker"
    pickle.loads(_payloads(marker)["os.system"][0])  # the point of this control
    assert marker.exists()


@pytest.mark.parametrize("container", ["zip", "plain pickle"])
@pytest.mark.parametrize(
    "payload",
    [
        "os.system", "os.system protocol 4", "builtins.eval", "subprocess.Popen", "builtins.getattr",
        "INST opcode", "inside a state_dict",
    ],
)  # fmt: skip
def test_code_in_the_file_is_refused_and_never_runs(tmp_path: Path, payload: str, container: str) -> None:
    marker = tmp_path / "marker"
    pkl, dotted = _payloads(marker)[payload]
    path = tmp_path / "evil.pt"
    if container == "zip":
        torch_zip(path, pkl)
    else:
        path.write_bytes(pkl)
    message = import_error(path)
    assert f"refused: the file asks to run code ({dotted}); rnnviz only reads tensors" in message
    assert not marker.exists()


def test_allowlist_is_exactly_the_tensor_names() -> None:
    storages = {"Float", "Double", "Half", "BFloat16", "Int", "Long", "Short", "Char", "Byte", "Bool"}
    callables = {
        ("collections", "OrderedDict"),
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_tensor"),
        ("torch._utils", "_rebuild_parameter"),
        ("torch._utils", "_rebuild_parameter_with_state"),
        ("torch", "Size"),
    }
    for (module, name), value in ALLOWED_GLOBALS.items():
        assert module in ("collections", "torch", "torch._utils"), module
        if (module, name) in callables:
            assert callable(value), name
            assert value.function.__module__ == "rnnviz.importers.pytorch", name
        elif name.endswith("Storage"):
            assert name.removesuffix("Storage") in storages
            assert not callable(value)
        else:  # dtypes held as values
            assert not callable(value), name
    assert callables <= set(ALLOWED_GLOBALS)


@pytest.mark.parametrize(
    "target",
    [
        G("torch._utils", "_rebuild_tensor_v2"),
        G("collections", "OrderedDict"),
        G("torch", "FloatStorage"),
        G("torch", "float32"),
    ],
)
def test_build_cannot_alter_the_allowlist(tmp_path: Path, target: G) -> None:
    """BUILD sets attributes on the object below it: aimed at our stand-ins, it must fail, changing nothing."""
    before = {
        key: dict((slot, getattr(value, slot)) for slot in value.__slots__) for key, value in ALLOWED_GLOBALS.items()
    }
    for state in ((None, {"function": G("torch", "Size"), "dtype": "<f8", "name": "x"}), {"__call__": 1}):
        message = import_error(torch_zip(tmp_path / "build.pt", pickle_bytes({"x": Build(target, state)})))
        assert "does not load" in message
    after = {
        key: dict((slot, getattr(value, slot)) for slot in value.__slots__) for key, value in ALLOWED_GLOBALS.items()
    }
    assert after == before
    assert read_tensors(MODELS_DIR / "rnn.pt")["weight_ih_l0"].dtype == np.float32


def test_build_cannot_grow_a_checked_storage(tmp_path: Path) -> None:
    """A storage re-sized after its tensor was bounds-checked would let as_strided read past the data."""
    pid = Put(1, Pers(("storage", G("torch", "FloatStorage"), "0", "cpu", 2)))
    hooks = Call(G("collections", "OrderedDict"), ())
    w = Call(G("torch._utils", "_rebuild_tensor_v2"), (pid, 0, (2,), (1,), False, hooks))
    grow = Build(Get(1), (None, {"numel": 1 << 20, "data": None}))
    big = Call(G("torch._utils", "_rebuild_tensor_v2"), (Get(1), 0, (1 << 20,), (1,), False, hooks))
    for obj in ({"w": w, "grown": grow}, {"w": w, "grown": grow, "big": big}):
        message = import_error(torch_zip(tmp_path / "grow.pt", pickle_bytes(obj), {"0": bytes(8)}))
        assert "does not load" in message


def test_copyreg_extensions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "ext.pt"
    path.write_bytes(b"\x80\x02\x82\x01.")
    assert "uses EXT1" in import_error(path)


def _legacy(root: Any, storages: dict[str, np.ndarray]) -> bytes:
    """torch.save's legacy stream: magic, version, sys_info, the object, storage keys, then each storage."""
    head = b"".join(
        pickle.dumps(value, protocol=2)
        for value in (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001, "little_endian": True})
    )
    data = b"".join(struct.pack("<q", len(array)) + array.astype("<f4").tobytes() for array in storages.values())
    return head + pickle_bytes(root) + pickle.dumps(list(storages), protocol=2) + data


def test_legacy_storage_views(tmp_path: Path) -> None:
    values = np.arange(10, dtype=np.float32)
    view = Pers(("storage", G("torch", "FloatStorage"), "140", "cpu", 10, ("141", 3, 4)))
    hooks = Call(G("collections", "OrderedDict"), ())
    w = Call(G("torch._utils", "_rebuild_tensor_v2"), (view, 1, (3,), (1,), False, hooks))
    path = tmp_path / "legacy.pt"
    path.write_bytes(_legacy({"w": w}, {"140": values}))
    np.testing.assert_array_equal(read_tensors(path)["w"], values[4:7])
    outside = Pers(("storage", G("torch", "FloatStorage"), "140", "cpu", 10, ("141", 8, 4)))
    path.write_bytes(_legacy({"w": outside}, {"140": values}))
    assert "a view of storage 140 reaches past its end" in import_error(path)
    path.write_bytes(_legacy({"w": w}, {"140": values})[:-4])
    assert "truncated file: storage data cut short" in import_error(path)


def test_class_from_main_is_a_whole_model(tmp_path: Path) -> None:
    pkl = pickle_bytes(Build(Call(G("__main__", "Net"), ()), {"training": True}))
    message = import_error(torch_zip(tmp_path / "net.pt", pkl))
    assert "whole pickled model (__main__.Net)" in message
    assert "state_dict()" in message


def test_unknown_class_of_a_package_is_refused(tmp_path: Path) -> None:
    pkl = pickle_bytes(Call(G("mypackage.models", "Tagger"), ()))
    message = import_error(torch_zip(tmp_path / "tagger.pt", pkl))
    assert "class mypackage.models.Tagger" in message
    assert "refused" in message


def test_pickled_numpy_arrays_are_refused(tmp_path: Path) -> None:
    path = torch_zip(tmp_path / "np.pt", pickle.dumps({"w": np.ones(3)}, protocol=2))
    message = import_error(path)
    assert "refused: the file holds pickled numpy objects" in message


# ---- hand-made tensors ---------------------------------------------------------------------------


def test_strides_offset_and_big_endian(tmp_path: Path) -> None:
    values = np.arange(10, dtype=np.float64) / 3
    pkl = pickle_bytes({"view": tensor("0", 10, (2, 3), (1, 2), offset=2, storage="DoubleStorage")})
    path = torch_zip(tmp_path / "big.pt", pkl, {"0": values.astype(">f8").tobytes()}, byteorder=b"big")
    array = read_tensors(path)["view"]
    want = np.lib.stride_tricks.as_strided(values[2:], shape=(2, 3), strides=(8, 16))
    np.testing.assert_array_equal(array, want)
    assert array.dtype == np.float64
    assert array.dtype.isnative
    assert array.flags.c_contiguous
    assert array.flags.writeable


def test_missing_byteorder_means_little_endian(tmp_path: Path) -> None:
    pkl = pickle_bytes({"w": tensor("0", 3, (3,), (1,))})
    path = torch_zip(tmp_path / "old.pt", pkl, {"0": np.array([1, 2, 3], "<f4").tobytes()}, byteorder=None)
    np.testing.assert_array_equal(read_tensors(path)["w"], [1, 2, 3])


def test_bfloat16_is_widened_exactly(tmp_path: Path) -> None:
    want = np.array([1.0, -2.5, 0.15625, 2.0**127, -(2.0**-130)], dtype=np.float32)
    halves = (want.view(np.uint32) >> 16).astype("<u2")
    assert np.array_equal((halves.astype(np.uint32) << 16).view(np.float32), want), "values chosen exact in bf16"
    pkl = pickle_bytes({"w": tensor("0", 5, (5,), (1,), storage="BFloat16Storage")})
    array = read_tensors(torch_zip(tmp_path / "bf.pt", pkl, {"0": halves.tobytes()}))["w"]
    assert array.dtype == np.float32
    np.testing.assert_array_equal(array, want)


def test_parameter_and_nested_checkpoint(tmp_path: Path) -> None:
    w = Call(
        G("torch._utils", "_rebuild_parameter"),
        (tensor("0", 2, (2,), (1,)), True, Call(G("collections", "OrderedDict"), ())),
    )
    size = Call(G("torch", "Size"), ([2, 3],))
    pkl = pickle_bytes({"state": {"net": {"w": w}, 5: tensor("0", 2, (1,), (1,), offset=1)}, "epoch": 3, "shape": size,
                        "dtype": G("torch", "float32"), "lr": 0.5, "name": "x", "steps": [1, 2]})  # fmt: skip
    tensors = read_tensors(torch_zip(tmp_path / "ckpt.pt", pkl, {"0": np.array([4, 5], "<f4").tobytes()}))
    assert list(tensors) == ["state.net.w", "state.5"]
    np.testing.assert_array_equal(tensors["state.net.w"], [4, 5])
    np.testing.assert_array_equal(tensors["state.5"], [5])


@pytest.mark.parametrize(
    ("obj", "data", "expected"),
    [
        ({"w": tensor("0", 10, (4, 4), (4, 1))}, 40, "reaches past the end of its storage"),
        ({"w": tensor("0", 10, (10,), (1,), offset=1)}, 40, "reaches past the end of its storage"),
        ({"w": tensor("0", 1, (10**9,), (0,))}, 4, "repeats its 1 stored values too often"),
        ({"w": tensor("0", 10, (10,), (1,))}, 20, "holds 20 bytes, expected 40"),
        ({"w": tensor("0", 10, (2, 5), (5,))}, 40, "has size (2, 5) but stride (5,)"),
        ({"w": tensor("0", 10, (-1,), (1,))}, 40, "size is -1"),
        ({"w": tensor("0", 10, [10], (1,))}, 40, "expected a tuple of integers"),
        ({"w": tensor("1", 10, (10,), (1,))}, 40, "missing"),
        ({"w": tensor("../../etc/passwd", 10, (10,), (1,))}, 40, "a storage has key"),
        ({"w": Pers("0")}, 40, "unexpected persistent id"),
        ({"w": Pers(("storage", "FloatStorage", "0", "cpu", 10))}, 40, "expected a torch storage type"),
        ({"w": Call(G("torch._utils", "_rebuild_tensor_v2"), ("not a storage", 0, (1,), (1,), False, None))}, 40,
         "not backed by a storage"),
        ({"w": Build(tensor("0", 10, (10,), (1,)), (None, {"size": (10**12,)}))}, 40, "does not load"),
        ({"w": Call(G("collections", "OrderedDict"), (5,))}, 40, "does not load"),
        (tensor("0", 10, (10,), (1,)), 40, "a single tensor, not a state_dict"),
        ([tensor("0", 10, (10,), (1,))], 40, "holds a list, not a state_dict"),
        ({"w": tensor("0", 10, (10,), (1,), storage="ComplexFloatStorage")}, 40, "torch.ComplexFloatStorage tensors"),
        ({"w": Call(G("torch._utils", "_rebuild_sparse_tensor"), ())}, 40, "a kind of tensor rnnviz cannot read"),
    ],
)  # fmt: skip
def test_damaged_or_unsupported_tensors(tmp_path: Path, obj: Any, data: int, expected: str) -> None:
    path = torch_zip(tmp_path / "bad.pt", pickle_bytes(obj), {"0": bytes(data)})
    message = import_error(path)
    assert expected in message
    assert "run code" not in message


# ---- damaged and foreign files -------------------------------------------------------------------


def test_truncated_checkpoints(tmp_path: Path) -> None:
    for name in ("rnn.pt", "rnn_legacy.pt", "embed_lstm.safetensors"):
        raw = (MODELS_DIR / name).read_bytes()
        path = tmp_path / name
        path.write_bytes(raw[: len(raw) // 2])
        message = import_error(path)
        assert "truncated" in message or "does not load" in message, message
    assert "truncated or damaged zip archive" in import_error(tmp_path / "rnn.pt")
    assert "truncated safetensors file" in import_error(tmp_path / "embed_lstm.safetensors")


def test_every_cut_and_flipped_byte_gives_a_clean_error(tmp_path: Path) -> None:
    """Any damage gives ModelImportError (or, for flipped data bytes, still a clean result)."""
    rng = np.random.default_rng(7)
    for name in ("rnn.pt", "rnn_legacy.pt", "views.pt", "embed_lstm.safetensors"):
        raw = (MODELS_DIR / name).read_bytes()
        path = tmp_path / f"damaged{Path(name).suffix}"
        cuts = [0, 1, 7, 8, 9, len(raw) - 1, *rng.integers(1, len(raw), 12)]
        variants = [raw[:cut] for cut in cuts]
        for position in rng.integers(0, len(raw), 25):
            flipped = bytearray(raw)
            flipped[position] ^= 0xFF
            variants.append(bytes(flipped))
        messages = []
        for variant in variants:
            path.write_bytes(variant)
            try:
                read_tensors(path)
            except ModelImportError as error:  # anything else fails the test
                messages.append(str(error))
        assert messages
        assert all(message.startswith(str(path)) for message in messages)
        assert not any("\n" in message for message in messages)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.pt", b"just some text\n", "not a PyTorch checkpoint: neither a zip archive"),
        ("empty.pt", b"", "empty file"),
        ("empty.safetensors", b"", "empty file"),
        ("bad.safetensors", struct.pack("<Q", 16) + b"{not json......}", "not a safetensors file (Error"),
        ("short.safetensors", b"\x01\x02", "not a safetensors file"),
        ("plain.pt", pickle.dumps({"a": 1, "b": [2, 3]}, protocol=2), "a pickle but not a PyTorch checkpoint"),
        ("tar.pt", b"x" * 257 + b"ustar" + b"\0" * 300, "legacy tar format"),
    ],
)
def test_foreign_files(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in import_error(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in import_error(tmp_path / "nowhere.pt")
    assert read_tensors(str(MODELS_DIR / "gru.pt")), "str paths work too"


def test_zip_without_data_pkl(tmp_path: Path) -> None:
    path = tmp_path / "other.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/readme.txt", "hello")
    assert "a zip archive without data.pkl" in import_error(path)


def test_torchscript_archive(tmp_path: Path) -> None:
    path = torch_zip(tmp_path / "scripted.pt", pickle_bytes({}))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("archive/code/__torch__/model.py", "def forward(self): ...")
    assert "TorchScript archive" in import_error(path)


def test_zip_bomb_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", pickle_bytes({"w": tensor("0", 1 << 20, (1 << 20,), (1,))}))
        archive.writestr("archive/data/0", bytes(4 << 20))
    assert "would expand" in import_error(path)


def test_safetensors_bfloat16_is_a_clear_error(tmp_path: Path) -> None:
    header = json.dumps({"lstm.weight_ih_l0": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}).encode()
    path = tmp_path / "bf16.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + bytes(4))
    message = import_error(path)
    assert "lstm.weight_ih_l0 is BF16, a type numpy cannot hold" in message


def test_safetensors_by_content_without_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes((MODELS_DIR / "embed_lstm.safetensors").read_bytes())
    assert "encoder.weight_ih_l0" in read_tensors(path)


# ---- find_layers on hand-made state_dicts ------------------------------------------------------


def _lstm(H: int = 2, D: int = 3, prefix: str = "", suffix: str = "_l0") -> dict[str, np.ndarray]:
    rng = np.random.default_rng(H * 10 + D)
    return {
        f"{prefix}weight_ih{suffix}": rng.standard_normal((4 * H, D)).astype(np.float32),
        f"{prefix}weight_hh{suffix}": rng.standard_normal((4 * H, H)).astype(np.float32),
        f"{prefix}bias_ih{suffix}": rng.standard_normal(4 * H).astype(np.float32),
        f"{prefix}bias_hh{suffix}": rng.standard_normal(4 * H).astype(np.float32),
    }


def find_error(tensors: dict[str, np.ndarray]) -> str:
    with pytest.raises(ModelImportError) as caught:
        find_layers(tensors)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_no_recurrent_layer() -> None:
    message = find_error({"fc.weight": np.ones((3, 4)), "fc.bias": np.ones(3)})
    assert message.startswith("no recurrent layer found")
    assert "fc.weight, fc.bias" in message
    assert "holds no tensors" in find_error({})


def test_inconsistent_shapes() -> None:
    sd = _lstm(H=2, D=3, prefix="lstm.")
    sd["lstm.weight_hh_l0"] = np.ones((8, 3), np.float32)
    message = find_error(sd)
    assert message.startswith("inconsistent shapes: lstm.weight_hh_l0 is 8x3")
    sd = _lstm(H=2, D=3, prefix="lstm.")
    sd["lstm.weight_ih_l0"] = np.ones((6, 3), np.float32)
    assert "lstm.weight_hh_l0 is 8x2 but lstm.weight_ih_l0 is 6x3" in find_error(sd)
    sd = _lstm(H=2, D=3, prefix="lstm.")
    sd["lstm.bias_hh_l0"] = np.ones(7, np.float32)
    assert "lstm.bias_hh_l0 is 7, expected 8 values" in find_error(sd)
    sd = _lstm(H=2, D=3, prefix="lstm.")
    sd["lstm.weight_hh_l0"] = np.ones((10, 2), np.float32)  # G = 5
    assert "inconsistent shapes: lstm.weight_hh_l0 is 10x2" in find_error(sd)
    sd = _lstm(H=2, D=3, prefix="lstm.")
    del sd["lstm.weight_hh_l0"]
    assert "incomplete layer: lstm.weight_ih_l0 has no lstm.weight_hh_l0" in find_error(sd)
    sd = _lstm(H=2, D=3, prefix="lstm.")
    sd["lstm.weight_ih_l0"] = np.ones(8, np.float32)
    assert "lstm.weight_ih_l0 is 8, expected a matrix" in find_error(sd)


def test_values_that_are_not_weights() -> None:
    sd = _lstm()
    sd["weight_ih_l0"] = sd["weight_ih_l0"].astype(np.complex64)
    assert "complex" in find_error(sd)
    sd = _lstm()
    sd["bias_hh_l0"][1] = np.nan
    assert "bias_hh_l0 holds NaN or infinite values" in find_error(sd)


def test_order_names_and_missing_biases() -> None:
    rnn = {"dec.weight_hh_l0": np.ones((3, 3)), "dec.weight_ih_l0": np.ones((3, 2))}
    sd = {**rnn, **_lstm(prefix="enc.", suffix="_l1"), **_lstm(prefix="enc.", suffix="_l0_reverse")}
    sd |= _lstm(prefix="enc.", suffix="_l0") | _lstm(D=4, prefix="cell.", suffix="")
    layers, embeddings = find_layers(sd)
    assert [layer.name for layer in layers] == ["dec layer 0", "enc layer 0", "enc layer 0 reverse", "enc layer 1",
                                                "cell"]  # fmt: skip
    assert [layer.kind for layer in layers] == ["rnn", "lstm", "lstm", "lstm", "lstm"]
    assert embeddings == []
    dec = layers[0]
    assert np.array_equal(dec.bias_ih, np.zeros(3))
    assert np.array_equal(dec.bias_hh, np.zeros(3))
    assert layers[3].note.startswith("layer 2 of 2, forward direction")
    assert layers[4].note == ""


def test_projection_lstm_is_skipped_or_refused() -> None:
    proj = _lstm(H=2, D=3, prefix="lstmp.") | {"lstmp.weight_hr_l0": np.ones((1, 2))}
    proj["lstmp.weight_hh_l0"] = np.ones((8, 1))
    assert "proj_size" in find_error(proj)
    layers, _ = find_layers(proj | _lstm(prefix="other."))
    assert [layer.name for layer in layers] == ["other layer 0"]
    assert "skipped lstmp (an LSTM with proj_size" in layers[0].note


def test_embeddings_by_name() -> None:
    sd = _lstm(prefix="rnn.") | {
        "bert.embeddings.word_embeddings.weight": np.ones((5, 3), np.float16),
        "bert.embeddings.LayerNorm.weight": np.ones(3),
        "decoder.embed_tokens.weight": np.ones((6, 3)),
        "src_emb.weight": np.ones((4, 3)),
        "fc.weight": np.ones((2, 2)),
        "weight": np.ones((2, 2)),
    }
    _, embeddings = find_layers(sd)
    assert [e.name for e in embeddings] == ["bert.embeddings.word_embeddings", "decoder.embed_tokens", "src_emb"]
    assert all(e.weight.dtype == np.float64 for e in embeddings)


def test_weights_become_float64_c_contiguous() -> None:
    sd = {k: np.asfortranarray(v) if v.ndim == 2 else v for k, v in _lstm().items()}
    assert not sd["weight_ih_l0"].flags.c_contiguous
    (layer,), _ = find_layers(sd)
    for array, key in ((layer.weight_ih, "weight_ih_l0"), (layer.weight_hh, "weight_hh_l0")):
        assert array.dtype == np.float64
        assert array.flags.c_contiguous
        np.testing.assert_array_equal(array, sd[key].astype(np.float64))
    assert layer.name == "lstm layer 0"
    assert layer.hidden_size == 2
    assert layer.input_size == 3


def test_read_layers_names_the_file(tmp_path: Path) -> None:
    path = torch_zip(tmp_path / "fc.pt", pickle_bytes({"fc.weight": tensor("0", 2, (2,), (1,))}), {"0": bytes(8)})
    with pytest.raises(ModelImportError, match=r"fc\.pt: no recurrent layer found"):
        read_layers(path)
