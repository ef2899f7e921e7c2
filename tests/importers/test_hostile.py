"""Hostile and damaged model files: each ends in one ModelImportError line, quickly and in little memory.

Each file is built here, in tmp_path. Files that used to take gigabytes are read through
import_model, whose child process has a memory limit, so a regression fails a test instead of
exhausting the machine.
"""

from __future__ import annotations

import io
import json
import struct
import threading
import time
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
from safetensors.numpy import save_file

import rnnviz
from rnnviz.importers import ImportCancelled, ModelImportError, import_model
from rnnviz.importers._worker import _answer, read_in_child
from rnnviz.importers.pytorch import read_tensors
from tests.importers.test_keras import rewrite_keras
from tests.importers.test_pytorch import _legacy, pickle_bytes, tensor, torch_zip

MODELS = Path(__file__).resolve().parent.parent / "fixtures" / "models"
LEGACY_HEAD = b"\x80\x02\x8a\x0al\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."  # the pickled magic number


def refusal(path: Path, **kwargs) -> str:
    """import_model's one-line message for a file it must refuse."""
    with pytest.raises(ModelImportError) as caught:
        import_model(path, **kwargs)
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    return message


# ---- tiny files that declared gigabytes ----------------------------------------------------------


@pytest.mark.parametrize("opcode", [b"r", b"j"])  # LONG_BINPUT, LONG_BINGET
def test_nine_byte_pickle_with_a_huge_memo_index(tmp_path: Path, opcode: bytes) -> None:
    data = b"\x80\x02N" + opcode + struct.pack("<I", 2**29) + b"."
    assert len(data) == 9
    path = tmp_path / "memo.pt"
    path.write_bytes(data)
    entry = "out of range" if opcode == b"r" else "was never stored"
    assert refusal(path) == f"{path}: the pickle inside is damaged (memo entry 536870912 {entry})"
    with pytest.raises(ModelImportError, match="memo entry 536870912"):
        read_tensors(path)  # the parser's own check, without the child's limit


def test_stride_zero_tensors_cannot_describe_gigabytes(tmp_path: Path) -> None:
    huge = {f"junk{k}": tensor("0", 1, (1 << 22,), (0,)) for k in range(40)}  # 40 x 4M views of one value
    path = torch_zip(tmp_path / "stride0.pt", pickle_bytes(huge), {"0": bytes(4)})
    assert path.stat().st_size < 8000
    message = refusal(path)
    assert message == f"{path}: no recurrent layer found: " + message.split("found: ", 1)[1]
    assert "junk0" in message  # named, never built: only a recurrent layer's tensors are materialised
    one = {"weight_ih_l0": tensor("0", 1, (1 << 22, 16), (0, 0)), "weight_hh_l0": tensor("0", 1, (4, 4), (0, 0))}
    path = torch_zip(tmp_path / "stride0_one.pt", pickle_bytes(one), {"0": bytes(4)})
    assert refusal(path) == f"{path}: a tensor of size (4194304, 16) repeats its 1 stored values too often"
    layers = {}
    for k in range(4):  # each view within the limit for one tensor, together beyond the file's budget
        layers[f"weight_ih_l{k}"] = tensor("0", 1, (4, 1 << 19), (0, 0))
        layers[f"weight_hh_l{k}"] = tensor("0", 1, (4, 4), (0, 0))
    path = torch_zip(tmp_path / "stride0_layers.pt", pickle_bytes(layers), {"0": bytes(4)})
    assert refusal(path) == (
        f"{path}: tensor weight_ih_l2 of size 4x524288 would need more memory than the file's size allows "
        "(a damaged or hostile file)"
    )


def test_hdf5_dataset_with_huge_unwritten_chunks(tmp_path: Path) -> None:
    path = tmp_path / "chunks.weights.h5"
    with h5py.File(path, "w") as h5:
        cell = h5.create_group("layers/simple_rnn/cell/vars")
        cell.create_dataset("0", shape=(4000, 3000), dtype="f4", chunks=(1000, 1000))  # nothing written
        cell.create_dataset("1", shape=(3000, 3000), dtype="f4", chunks=(1000, 1000))
    assert path.stat().st_size < 10_000
    assert refusal(path) == (
        "chunks.weights.h5: the kernel of the layer at layers/simple_rnn declares 12,000,000 values, "
        "far more than the file holds (a damaged file)"
    )


def test_hdf5_shape_whose_size_overflows(tmp_path: Path) -> None:
    path = tmp_path / "overflow.weights.h5"
    with h5py.File(path, "w") as h5:
        cell = h5.create_group("layers/lstm/cell/vars")
        cell.create_dataset("0", shape=(2**40, 2**40), dtype="f4", chunks=(1, 1))
        cell.create_dataset("1", shape=(2, 8), dtype="f4")
    assert refusal(path) == (
        f"overflow.weights.h5: the kernel of the layer at layers/lstm has {2**80:,} values, more than rnnviz reads"
    )


# ---- damaged archives and pickles: one line, not a traceback -------------------------------------


def _keras_member_offsets(data: bytes, name: str) -> tuple[int, int]:
    """(offset of the member's compressed data, offset of its compressed size in the central directory)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[local + 26 : local + 30])
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    return local + 30 + name_length + extra_length, central + 20


def _rezipped_keras(compression: int) -> bytes:
    """simple_rnn.keras written again with the given compression, model.weights.h5 last."""
    with zipfile.ZipFile(MODELS / "keras" / "simple_rnn.keras") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name in sorted(members, key=lambda name: name == "model.weights.h5"):
            archive.writestr(name, members[name])
    return buffer.getvalue()


def test_keras_with_a_damaged_deflate_stream(tmp_path: Path) -> None:
    data = bytearray(_rezipped_keras(zipfile.ZIP_DEFLATED))
    start, _ = _keras_member_offsets(bytes(data), "model.weights.h5")
    data[start : start + 16] = b"\xff" * 16
    path = tmp_path / "deflate.keras"
    path.write_bytes(bytes(data))
    assert refusal(path) == (
        "deflate.keras: damaged zip archive (a compressed member: Error -3 while decompressing data: "
        "invalid block type)"
    )


def test_keras_with_a_truncated_member(tmp_path: Path) -> None:
    data = bytearray(_rezipped_keras(zipfile.ZIP_STORED))
    _, sizes_at = _keras_member_offsets(bytes(data), "model.weights.h5")
    compressed, size = struct.unpack("<II", data[sizes_at : sizes_at + 8])
    data[sizes_at : sizes_at + 8] = struct.pack("<II", compressed + 100_000, size + 100_000)  # beyond the file
    path = tmp_path / "truncated.keras"
    path.write_bytes(bytes(data))
    assert refusal(path) == "truncated.keras: damaged zip archive (a member is cut short)"


def test_legacy_version_of_five_thousand_digits(tmp_path: Path) -> None:
    version = 10**5000
    raw = version.to_bytes((version.bit_length() + 8) // 8, "little", signed=True)
    path = tmp_path / "version.pt"
    path.write_bytes(LEGACY_HEAD + b"\x80\x02\x8b" + struct.pack("<I", len(raw)) + raw + b".")
    assert refusal(path) == f"{path}: PyTorch legacy format version an integer of 16610 bits, expected 1001"


def test_deeply_nested_legacy_header(tmp_path: Path) -> None:
    depth = 100_000
    path = tmp_path / "nested.pt"
    path.write_bytes(LEGACY_HEAD + b"\x80\x02" + b"]" * depth + b"a" * (depth - 1) + b".")
    assert refusal(path) == f"{path}: PyTorch legacy format version [[[[...]]]], expected 1001"


# ---- messages: names from files are escaped; nothing written that does not load -------------------


def test_newline_and_other_line_breaks_in_tensor_names(tmp_path: Path) -> None:
    for name, shown in (("enc\rx", "enc\\rx"), ("enc\u2028x", "enc\\u2028x"), ("enc\x85x", "enc\\x85x")):
        path = tmp_path / "names.safetensors"
        save_file({f"{name}.weight_ih_l0": np.zeros((4, 3), dtype=np.float32)}, str(path))
        assert refusal(path) == (
            f"{path}: incomplete layer: {shown}.weight_ih_l0 has no {shown}.weight_hh_l0 next to it"
        )


def test_newline_in_a_keras_config_string(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        layer = next(entry for entry in config["config"]["layers"] if entry["class_name"] == "SimpleRNN")
        layer["config"]["name"] = "enc\nx"
        layer["config"]["activation"] = "selu\nnext line"

    path = rewrite_keras(MODELS / "keras" / "simple_rnn.keras", tmp_path / "newline.keras", edit)
    assert refusal(path) == (
        "newline.keras: SimpleRNN layer 'enc\\nx' uses activation='selu\\nnext line'; "
        "rnnviz imports 'tanh' and 'relu' only (PyTorch's nn.RNN nonlinearities)"
    )


def test_signalling_nan_is_refused_without_a_warning(tmp_path: Path) -> None:
    weights = np.zeros((4, 3), dtype=np.float32)
    weights.view(np.uint32)[1, 1] = 0x7F800001  # a signalling NaN
    path = tmp_path / "snan.safetensors"
    save_file({"weight_ih_l0": weights, "weight_hh_l0": np.zeros((4, 4), dtype=np.float32)}, str(path))
    with pytest.raises(ModelImportError) as caught:  # in-process: pytest turns any warning into an error
        _read_here(path)
    assert str(caught.value) == f"{path}: weight_ih_l0 holds NaN or infinite values"
    half = np.zeros((4, 3), dtype=np.float16)
    half.view(np.uint16)[0, 0] = 0x7C01
    save_file({"weight_ih_l0": half, "weight_hh_l0": np.zeros((4, 4), dtype=np.float16)}, str(path))
    with pytest.raises(ModelImportError, match="weight_ih_l0 holds NaN or infinite values"):
        _read_here(path)


def _read_here(path: Path):
    from rnnviz.importers._worker import read_file

    return read_file(path)


def test_lone_surrogate_in_a_keras_layer_name_still_writes_a_lesson_that_loads(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        layer = next(entry for entry in config["config"]["layers"] if entry["class_name"] == "SimpleRNN")
        layer["config"]["name"] = "enc\udc80"

    path = rewrite_keras(MODELS / "keras" / "simple_rnn.keras", tmp_path / "surrogate.keras", edit)
    lesson, chosen, _ = import_model(path)
    assert chosen.name == "enc\\udc80"
    out = tmp_path / "lesson.json"
    lesson.save(out)
    assert rnnviz.load_lesson(out).title == "enc\\udc80 from surrogate.keras"


def test_model_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = Path(str(tmp_path / "m") + "\udcff.pt")  # the byte 0xff, as os.fsdecode gives it
    path.write_bytes((MODELS / "pytorch" / "rnn.pt").read_bytes())
    lesson, _, _ = import_model(path)
    out = tmp_path / "lesson.json"
    lesson.save(out)
    loaded = rnnviz.load_lesson(out)
    assert loaded.title == "rnn layer 0 from m\\udcff.pt"
    assert loaded.extra["source"].startswith("Imported from m\\udcff.pt: rnn layer 0")


def test_tokens_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    message = refusal(MODELS / "pytorch" / "rnn.pt", tokens=["a", "b\udcff"])
    assert message == "token b\\udcff is not valid text (it holds bytes that are not UTF-8)"


@pytest.mark.parametrize("layer", ["²", "٣", "1" * 5000])
def test_layer_numbers_outside_ascii_or_range(layer: str) -> None:
    path = MODELS / "pytorch" / "rnn.pt"
    message = refusal(path, layer=layer)
    if layer.isascii():
        assert message == f"{path}: no layer 111111111111111111...; the file has 1 (0..0)"
    else:
        assert message == f"{path}: no layer named {layer!r}; the file has 0: rnn layer 0"


# ---- nonlinearity --------------------------------------------------------------------------------


def test_nonlinearity_for_a_state_dict(tmp_path: Path) -> None:
    lesson, chosen, _ = import_model(MODELS / "pytorch" / "rnn.pt", nonlinearity="relu")
    assert lesson.models["rnn"].nonlinearity == "relu"
    assert chosen.nonlinearity == "tanh"  # the layer as read; the lesson applies the choice
    assert (
        lesson.extra["source"] == "Imported from rnn.pt: rnn layer 0 (nonlinearity relu, as given with --nonlinearity)"
    )
    lesson, _, _ = import_model(MODELS / "pytorch" / "rnn.pt")
    assert lesson.models["rnn"].nonlinearity == "tanh"


def test_nonlinearity_that_a_keras_file_contradicts_is_refused() -> None:
    path = MODELS / "keras" / "simple_rnn_relu.keras"
    lesson, _, _ = import_model(path, nonlinearity="relu")
    assert lesson.models["rnn"].nonlinearity == "relu"
    assert refusal(path, nonlinearity="tanh") == (
        f"{path}: layer relu_rnn uses relu, as the file says; --nonlinearity tanh disagrees "
        "(leave it out to use the file's)"
    )
    weights_only = MODELS / "keras" / "simple_rnn_relu.weights.h5"  # states nothing: the choice applies
    lesson, _, _ = import_model(weights_only, nonlinearity="relu")
    assert lesson.models["rnn"].nonlinearity == "relu"
    gru = MODELS / "keras" / "gru.keras"
    assert refusal(gru, nonlinearity="relu") == (
        f"{gru}: --nonlinearity relu applies to SimpleRNN / nn.RNN layers; gru is a GRU, which uses tanh"
    )
    assert refusal(gru, nonlinearity="sigmoid") == "nonlinearity is 'sigmoid'; expected tanh or relu"


# ---- the child process: time limit, cancel, crashes ----------------------------------------------


def test_a_read_past_its_time_limit_is_stopped() -> None:
    path = MODELS / "pytorch" / "rnn.pt"
    started = time.monotonic()
    with pytest.raises(ModelImportError) as caught:
        read_in_child({"path": str(path), "mode": "list"}, timeout=0.01)  # the child cannot even start by then
    assert time.monotonic() - started < 1.0
    assert str(caught.value) == f"{path}: reading took longer than 0.01 s; the file is damaged or too large"


def test_cancel_stops_the_read_at_once() -> None:
    cancel = threading.Event()
    fired: list[float] = []

    def fire() -> None:
        fired.append(time.monotonic())
        cancel.set()

    timer = threading.Timer(0.1, fire)  # while the child is still starting
    timer.start()
    with pytest.raises(ImportCancelled) as caught:
        import_model(MODELS / "keras" / "stacked_lstm.keras", cancel=cancel)
    stopped = time.monotonic()
    timer.join()
    assert str(caught.value) == "import cancelled"
    assert isinstance(caught.value, ModelImportError)
    assert stopped - fired[0] < 1.0  # polled every 0.05 s; generous for a busy machine, far below the 8 s limit


@pytest.mark.parametrize(
    ("returncode", "out", "err", "expected"),
    [
        (-9, b"", b"", "m.pt: the reader stopped with SIGKILL; the file is damaged"),
        (-24, b"", b"", "m.pt: reading took too much processor time; the file is damaged or too large"),
        (1, b"", b"Traceback...\nImportError: no h5py\n", "m.pt: the reader failed (ImportError: no h5py)"),
        (0, b"garbage", b"", "m.pt: the reader failed (no message)"),
    ],
)
def test_a_child_that_dies_gives_one_line(returncode: int, out: bytes, err: bytes, expected: str) -> None:
    with pytest.raises(ModelImportError) as caught:
        _answer("m.pt", returncode, out, err)
    assert str(caught.value) == expected


def test_legacy_files_built_by_the_helpers_still_import(tmp_path: Path) -> None:
    """The caps leave real files alone: a legacy stream with storage views imports as before."""
    values = np.arange(12, dtype=np.float32)
    root = {
        "weight_ih_l0": tensor("0", 8, (4, 2), (2, 1)),
        "weight_hh_l0": tensor("1", 16, (4, 4), (4, 1)),
    }
    path = tmp_path / "legacy.pt"
    path.write_bytes(_legacy(root, {"0": values[:8], "1": np.ones(16, dtype=np.float32)}))
    lesson, chosen, _ = import_model(path)
    assert chosen.kind == "rnn"
    np.testing.assert_array_equal(lesson.models["rnn"].weight_ih, values[:8].reshape(4, 2))
    assert json.loads(lesson.to_json())["hidden_size"] == 4


def test_layer_of_another_type_is_refused_and_a_numpy_integer_accepted() -> None:
    path = MODELS / "pytorch" / "lstm_2layer_bi.pt"
    assert refusal(path, layer=1.5) == "layer is 1.5; expected a number or a name"
    _, chosen, layers = import_model(path, layer=np.int64(2))
    assert chosen.name == "lstm layer 1"
    assert [layer.name for layer in layers] == [
        "lstm layer 0",
        "lstm layer 0 reverse",
        "lstm layer 1",
        "lstm layer 1 reverse",
    ]
    assert layers[0].weight_ih.shape == (16, 3)  # the other layers carry their shapes only
    assert np.isnan(layers[0].weight_ih).all()
    assert chosen.weight_ih.shape == (16, 8)
    assert not np.isnan(chosen.weight_ih).any()


def test_bad_escape_in_a_pickled_string_is_damage_not_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "escape.pt"  # found by bench/fuzz_import.py: a DeprecationWarning on stderr
    path.write_bytes(LEGACY_HEAD + b"S'\\q'\n.")
    with pytest.raises(ModelImportError) as caught:
        read_tensors(path)  # in-process: pytest would turn a warning into an error of its own
    assert str(caught.value) == f"{path}: the pickle inside does not load (invalid escape sequence '\\q')"


def test_a_layer_too_large_for_a_lesson_is_refused_before_it_leaves_the_reader(tmp_path: Path, monkeypatch) -> None:
    """A 100 MB LSTM once imported for 50 s into a 520 MB lesson that rnnviz then refused to open."""
    from rnnviz.importers import _worker

    H, D = 4, 3
    path = tmp_path / "lstm.safetensors"
    rng = np.random.default_rng(0)
    shapes = {"weight_ih_l0": (4 * H, D), "weight_hh_l0": (4 * H, H), "bias_ih_l0": (4 * H,), "bias_hh_l0": (4 * H,)}
    save_file({key: rng.standard_normal(shape) for key, shape in shapes.items()}, str(path))
    numbers = 4 * H * (D + H) + 8 * H
    request = {"path": str(path), "mode": "import", "layer": None, "vocab_size": None}
    monkeypatch.setattr(_worker, "MAX_LESSON_NUMBERS", numbers - 1)
    with pytest.raises(ModelImportError, match=rf"holds? {numbers} numbers; a lesson holds at most {numbers - 1} "):
        _worker.serve(request)
    monkeypatch.setattr(_worker, "MAX_LESSON_NUMBERS", numbers)
    header, arrays = _worker.serve(request)
    assert sum(a.size for a in arrays) == numbers


def test_listing_sends_names_and_shapes_not_weights() -> None:
    """--list and the window's layer list once received every layer's weights (625 MB for a 100 MB file)."""
    layers, tables = rnnviz.importers.read_layers(MODELS / "pytorch" / "embed_lstm.pt")
    assert [(layer.kind, layer.weight_ih.shape, layer.weight_hh.shape) for layer in layers] == [
        ("lstm", (20, 4), (20, 5))
    ]
    assert [table.weight.shape for table in tables] == [(10, 4)]
    for array in (layers[0].weight_ih, layers[0].bias_hh, tables[0].weight):
        assert np.isnan(array).all()
        assert array.strides == (0,) * array.ndim  # a placeholder, no memory behind it


def test_an_invisible_token_is_refused_before_the_file_is_read(monkeypatch) -> None:
    from rnnviz import importers

    def must_not_read(*args, **kwargs):
        raise AssertionError("the model file was read")

    monkeypatch.setattr(importers, "read_in_child", must_not_read)
    with pytest.raises(ModelImportError) as caught:
        import_model(MODELS / "pytorch" / "rnn.pt", tokens=["a", "\u200b"])
    assert str(caught.value) == (
        "token is '\\u200b', which shows nothing (only invisible characters); tokens need visible text"
    )


def test_vocabulary_entries_that_show_nothing_are_left_out_not_fatal(tmp_path: Path) -> None:
    """A tokenizer's vocabulary may hold blank or zero-width entries: one of them refused every import."""
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\u200b\n \nhello\nworld\n\n你\nx\ny\nz\nw\n", encoding="utf-8")
    lesson, _, _ = import_model(MODELS / "pytorch" / "embed_lstm.pt", vocab=vocab)
    assert lesson.tokens == ("hello", "world", "你")
    assert sorted(lesson.embeddings) == ["hello", "w", "world", "x", "y", "z", "你"]
    assert rnnviz.load_lesson(json.loads(lesson.to_json())).tokens == lesson.tokens


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_vocabulary_is_refused_after_reading_at_most_the_cap() -> None:
    from rnnviz.importers import read_vocab

    with pytest.raises(ModelImportError, match=r"^/dev/zero: the vocabulary file is larger than 64 MB$"):
        read_vocab("/dev/zero")
