"""Keras .keras / .weights.h5 import: layers reproduce Keras's own hidden states (tests/make_model_fixtures_keras.py).

Keras is not imported here: the fixtures hold the outputs Keras computed when it wrote them.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest

from rnnviz.core.cells import CellWeights
from rnnviz.core.engine import run
from rnnviz.importers import keras as keras_importer
from rnnviz.importers.keras import read_keras
from rnnviz.importers.layers import ModelImportError, RecurrentLayer

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "models" / "keras"
TOLERANCE = 1e-6  # Keras computed in float32, rnnviz in float64
KINDS = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}
RECORDED = ("simple_rnn", "embedding_lstm", "gru", "stacked_lstm", "bidirectional_lstm", "simple_rnn_relu")
SUFFIXES = (".keras", ".weights.h5")


def fixture(name: str) -> dict:
    return json.loads((FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8"))


def trace_h(layer: RecurrentLayer, X: np.ndarray) -> np.ndarray:
    """h(1..T) from zero initial states, computed by rnnviz's engine."""
    weights = CellWeights(layer.weight_ih, layer.weight_hh, layer.bias_ih, layer.bias_hh, layer.nonlinearity)
    tokens = tuple(f"t{t}" for t in range(len(X)))
    return run(layer.kind, weights, np.asarray(X, dtype=np.float64), tokens).h[1:]


def keras_input(entry: dict) -> np.ndarray:
    """The layer's input in the order it reads it: a backward layer reads the sequence reversed."""
    X = np.array(entry["input"])
    return X[::-1] if entry.get("direction") == "backward" else X


def rewrite_keras(source: Path, target: Path, edit_config=None, edit_weights=None, drop=()) -> Path:
    """A copy of a .keras archive with config.json and/or model.weights.h5 edited, or members dropped."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if name not in drop}
    if edit_config is not None and "config.json" in members:
        config = json.loads(members["config.json"])
        edit_config(config)
        members["config.json"] = json.dumps(config).encode()
    if edit_weights is not None:
        buffer = io.BytesIO(members["model.weights.h5"])
        with h5py.File(buffer, "r+") as h5:
            edit_weights(h5)
        members["model.weights.h5"] = buffer.getvalue()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def copy_weights(source: str, target: Path, edit) -> Path:
    shutil.copyfile(FIXTURE_DIR / source, target)
    with h5py.File(target, "r+") as h5:
        edit(h5)
    return target


def first_layer_config(config: dict) -> dict:
    return next(layer for layer in config["config"]["layers"] if layer["class_name"] != "InputLayer")["config"]


# ---------------------------------------------------------------------------------------------
# Imported layers reproduce Keras


def test_fixtures_exist() -> None:
    for name in RECORDED:
        for suffix in (*SUFFIXES, ".json"):
            assert (FIXTURE_DIR / f"{name}{suffix}").is_file(), "run tests/make_model_fixtures_keras.py"
    total = sum(path.stat().st_size for path in FIXTURE_DIR.iterdir())
    assert total < 400_000


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("name", RECORDED)
def test_each_layer_reproduces_keras(name: str, suffix: str) -> None:
    expected = fixture(name)
    recurrent, _ = read_keras(FIXTURE_DIR / f"{name}{suffix}")
    assert len(recurrent) == len(expected["layers"])
    for layer, entry in zip(recurrent, expected["layers"], strict=True):
        kind = KINDS[entry["kind"]]
        X, h_keras = keras_input(entry), np.array(entry["h"])
        D, H, G = X.shape[1], h_keras.shape[1], GATES[kind]
        assert layer.kind == kind
        assert layer.name == (
            f"{entry['layer']}/{entry['direction']}_{entry['kind'].lower()}" if "direction" in entry else entry["layer"]
        )
        assert (layer.input_size, layer.hidden_size) == (D, H)
        assert layer.weight_ih.shape == (G * H, D)
        assert layer.weight_hh.shape == (G * H, H)
        assert layer.bias_ih.shape == layer.bias_hh.shape == (G * H,)
        assert all(a.dtype == np.float64 for a in (layer.weight_ih, layer.weight_hh, layer.bias_ih, layer.bias_hh))
        if name == "simple_rnn_relu" and suffix == ".weights.h5":
            # a weights file does not say the activation: tanh is assumed, and the note says so
            assert layer.nonlinearity == "tanh"
            assert "assumed" in layer.note
            continue
        np.testing.assert_allclose(trace_h(layer, X), h_keras, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("name", RECORDED)
def test_weights_file_gives_the_same_matrices_as_the_model(name: str) -> None:
    from_model, model_tables = read_keras(FIXTURE_DIR / f"{name}.keras")
    from_weights, weight_tables = read_keras(FIXTURE_DIR / f"{name}.weights.h5")
    for a, b in zip(from_model, from_weights, strict=True):
        assert (a.name, a.kind) == (b.name, b.kind)
        for field in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert [(t.name, t.weight.tolist()) for t in model_tables] == [(t.name, t.weight.tolist()) for t in weight_tables]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_embedding_table_feeds_the_lstm(suffix: str) -> None:
    expected = fixture("embedding_lstm")
    recurrent, embeddings = read_keras(FIXTURE_DIR / f"embedding_lstm{suffix}")
    assert [(table.name, table.weight.shape) for table in embeddings] == [("embed", (9, 4))]
    X = embeddings[0].weight[expected["model_input"]]
    np.testing.assert_array_equal(X, expected["layers"][0]["input"])  # the lookup Keras did, exactly
    np.testing.assert_allclose(trace_h(recurrent[0], X), expected["layers"][0]["h"], rtol=0, atol=TOLERANCE)


def test_stacked_layers_chain_like_keras() -> None:
    expected = fixture("stacked_lstm")
    encoder, decoder = read_keras(FIXTURE_DIR / "stacked_lstm.keras")[0]
    h_encoder = trace_h(encoder, expected["model_input"])
    np.testing.assert_allclose(trace_h(decoder, h_encoder), expected["layers"][1]["h"], rtol=0, atol=TOLERANCE)
    assert "layer 1 of 3 in the model" in encoder.note
    assert "layer 2 of 3 in the model" in decoder.note


def test_bidirectional_backward_layer_reads_the_sequence_reversed() -> None:
    expected = fixture("bidirectional_lstm")
    forward, backward = read_keras(FIXTURE_DIR / "bidirectional_lstm.keras")[0]
    assert "forward direction" in forward.note
    assert "reversed" not in forward.note
    assert "backward direction" in backward.note
    assert "reads the sequence reversed" in backward.note
    X = np.array(expected["model_input"])
    merged = np.array(expected["layers"][1]["bidirectional_output"])  # Keras's Bidirectional output, concat
    H = forward.hidden_size
    np.testing.assert_allclose(trace_h(forward, X), merged[:, :H], rtol=0, atol=TOLERANCE)
    # Keras flips the backward outputs back to time order: row t is the state after reading x(T-1)..x(t)
    np.testing.assert_allclose(trace_h(backward, X[::-1])[::-1], merged[:, H:], rtol=0, atol=TOLERANCE)


def test_gru_gate_blocks_are_reordered() -> None:
    with h5py.File(FIXTURE_DIR / "gru.weights.h5", "r") as h5:
        kernel, recurrent, bias = (h5[f"layers/gru/cell/vars/{k}"][()] for k in range(3))
    (gru,) = read_keras(FIXTURE_DIR / "gru.keras")[0]
    H = 4
    for torch_block, keras_block in enumerate((1, 0, 2)):  # r, z, n <- Keras z, r, h
        rows, columns = slice(torch_block * H, (torch_block + 1) * H), slice(keras_block * H, (keras_block + 1) * H)
        np.testing.assert_array_equal(gru.weight_ih[rows], kernel[:, columns].T)
        np.testing.assert_array_equal(gru.weight_hh[rows], recurrent[:, columns].T)
        np.testing.assert_array_equal(gru.bias_ih[rows], bias[0, columns])
        np.testing.assert_array_equal(gru.bias_hh[rows], bias[1, columns])


def test_notes_say_where_the_layer_is_and_what_was_assumed() -> None:
    (rnn,) = read_keras(FIXTURE_DIR / "simple_rnn.keras")[0]
    assert rnn.name == "simple_rnn"
    assert rnn.note == "Keras SimpleRNN, layer 1 of 1 in the model"
    (lstm,) = read_keras(FIXTURE_DIR / "embedding_lstm.keras")[0]
    assert lstm.note == "Keras LSTM, layer 2 of 2 in the model"
    (relu,) = read_keras(FIXTURE_DIR / "simple_rnn_relu.keras")[0]
    assert relu.nonlinearity == "relu"
    assert not relu.bias_ih.any()
    assert not relu.bias_hh.any()
    for name in RECORDED:
        for layer in read_keras(FIXTURE_DIR / f"{name}.weights.h5")[0]:
            assert "inferred from the weight shapes" in layer.note
            assert "assumed to be the Keras defaults" in layer.note
            assert "weights file does not store them" in layer.note
    forward, backward = read_keras(FIXTURE_DIR / "bidirectional_lstm.weights.h5")[0]
    assert "forward direction" in forward.note
    assert "backward direction: reads the sequence reversed" in backward.note


def test_hard_sigmoid_is_only_assumed_away_in_a_weights_file() -> None:
    (layer,) = read_keras(FIXTURE_DIR / "lstm_hard_sigmoid.weights.h5")[0]
    assert layer.kind == "lstm"
    assert "assumed" in layer.note


# ---------------------------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_gru_reset_after_false_is_refused(suffix: str) -> None:
    with pytest.raises(ModelImportError, match=r"GRU layer 'gru' uses reset_after=False.*reset_after=True"):
        read_keras(FIXTURE_DIR / f"gru_reset_before{suffix}")


def test_hard_sigmoid_gates_are_refused() -> None:
    with pytest.raises(ModelImportError, match=r"^lstm_hard_sigmoid.keras: LSTM layer 'lstm' .*'hard_sigmoid'"):
        read_keras(FIXTURE_DIR / "lstm_hard_sigmoid.keras")


@pytest.mark.parametrize(
    ("name", "setting", "value", "message"),
    [
        ("simple_rnn", "activation", "elu", r"SimpleRNN layer 'simple_rnn' uses activation='elu'; .*'tanh' and 'relu'"),
        ("simple_rnn", "activation", None, r"activation='linear'"),
        ("gru", "activation", "relu", r"GRU layer 'gru' uses activation='relu'"),
        ("gru", "reset_after", False, r"reset_after=False"),
        ("embedding_lstm", "recurrent_activation", "relu", r"LSTM layer 'lstm' uses recurrent_activation='relu'"),
        ("embedding_lstm", "activation", "softsign", r"activation='softsign'"),
    ],
)
def test_activations_pytorch_lacks_are_refused(tmp_path, name, setting, value, message) -> None:
    def edit(config: dict) -> None:
        layer = next(l for l in config["config"]["layers"] if l["class_name"] in KINDS)  # noqa: E741
        layer["config"][setting] = value

    path = rewrite_keras(FIXTURE_DIR / f"{name}.keras", tmp_path / "edited.keras", edit_config=edit)
    with pytest.raises(ModelImportError, match=message):
        read_keras(path)


def test_relu_simple_rnn_in_the_config_is_supported(tmp_path) -> None:
    path = rewrite_keras(
        FIXTURE_DIR / "simple_rnn.keras", tmp_path / "relu.keras",
        edit_config=lambda config: first_layer_config(config).update(activation="relu"),
    )  # fmt: skip
    assert read_keras(path)[0][0].nonlinearity == "relu"


def test_a_model_without_recurrent_layers_is_refused(tmp_path) -> None:
    config = {"class_name": "Sequential", "config": {"name": "dense_only", "layers": [
        {"class_name": "InputLayer", "config": {"name": "input_layer"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 2}},
    ]}}  # fmt: skip
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        h5.create_group("layers/dense/vars").attrs["name"] = "dense"
        h5["layers/dense/vars/0"] = np.ones((3, 2), np.float32)
    path = tmp_path / "dense.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", buffer.getvalue())
    with pytest.raises(ModelImportError, match=r"^dense.keras: no SimpleRNN, LSTM or GRU layer found$"):
        read_keras(path)
    weights = tmp_path / "dense.weights.h5"
    weights.write_bytes(buffer.getvalue())
    with pytest.raises(ModelImportError, match=r"^dense.weights.h5: no SimpleRNN, LSTM or GRU layer found$"):
        read_keras(weights)


# ---------------------------------------------------------------------------------------------
# Damaged and foreign files


def assert_refused(path: Path, message: str) -> str:
    with pytest.raises(ModelImportError, match=message) as caught:
        read_keras(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{path.name}: ")
    return text


def test_truncated_keras_file(tmp_path) -> None:
    path = tmp_path / "truncated.keras"
    path.write_bytes((FIXTURE_DIR / "gru.keras").read_bytes()[:5000])
    assert_refused(path, r"not a zip archive.*truncated")


def test_text_file_renamed_keras(tmp_path) -> None:
    path = tmp_path / "notes.keras"
    path.write_text("this is not a model\n", encoding="utf-8")
    assert_refused(path, r"not a zip archive, so not a .keras model")


def test_weights_file_that_is_not_hdf5(tmp_path) -> None:
    path = tmp_path / "fake.weights.h5"
    path.write_text("not hdf5 at all\n", encoding="utf-8")
    assert_refused(path, r"not an HDF5 file")


def test_truncated_weights_file(tmp_path) -> None:
    path = tmp_path / "truncated.weights.h5"
    path.write_bytes((FIXTURE_DIR / "gru.weights.h5").read_bytes()[:3000])
    assert_refused(path, r"cannot read the Keras weights")


def test_zip_without_config(tmp_path) -> None:
    path = rewrite_keras(FIXTURE_DIR / "gru.keras", tmp_path / "noconfig.keras", drop=("config.json",))
    assert_refused(path, r"no config.json")


def test_zip_without_weights(tmp_path) -> None:
    path = rewrite_keras(FIXTURE_DIR / "gru.keras", tmp_path / "noweights.keras", drop=("model.weights.h5",))
    assert_refused(path, r"no model.weights.h5")


def test_config_that_is_not_json(tmp_path) -> None:
    path = tmp_path / "badconfig.keras"
    with zipfile.ZipFile(FIXTURE_DIR / "gru.keras") as source, zipfile.ZipFile(path, "w") as target:
        target.writestr("config.json", "{not json")
        target.writestr("model.weights.h5", source.read("model.weights.h5"))
    assert_refused(path, r"config.json is not valid JSON")


def test_damaged_weights_inside_the_archive(tmp_path) -> None:
    path = tmp_path / "badweights.keras"
    with zipfile.ZipFile(FIXTURE_DIR / "gru.keras") as source, zipfile.ZipFile(path, "w") as target:
        target.writestr("config.json", source.read("config.json"))
        target.writestr("model.weights.h5", source.read("model.weights.h5")[:3000])
    assert_refused(path, r"model.weights.h5 in the archive is damaged|cannot read the Keras weights")


def test_oversized_member_is_refused_before_reading(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(keras_importer, "MAX_MEMBER_BYTES", 1000)
    assert_refused(FIXTURE_DIR / "gru.keras", r"model.weights.h5 would uncompress to [\d,]+ bytes, more than")


def test_missing_file(tmp_path) -> None:
    assert_refused(tmp_path / "absent.keras", r"no such file")


def test_legacy_keras2_h5_is_named(tmp_path) -> None:
    path = tmp_path / "old.h5"
    with h5py.File(path, "w") as h5:
        h5.attrs["layer_names"] = [b"lstm"]
        h5.create_group("lstm/lstm/lstm_cell")
    assert_refused(path, r"Keras 2 \(legacy .h5\) weights file")


# ---------------------------------------------------------------------------------------------
# Layouts the writer does not produce today but readers meet


def test_groups_are_found_by_position_when_names_are_not_stored(tmp_path) -> None:
    """Keras 3 versions before the `name` attribute: groups lstm, lstm_1 follow the config's order."""

    def strip_names(h5: h5py.File) -> None:
        h5.visititems(lambda _, obj: obj.attrs.pop("name", None) if isinstance(obj, h5py.Group) else None)

    path = rewrite_keras(FIXTURE_DIR / "stacked_lstm.keras", tmp_path / "anonymous.keras", edit_weights=strip_names)
    encoder, decoder = read_keras(path)[0]
    original = read_keras(FIXTURE_DIR / "stacked_lstm.keras")[0]
    assert [encoder.name, decoder.name] == ["encoder", "decoder"]
    np.testing.assert_array_equal(encoder.weight_ih, original[0].weight_ih)
    np.testing.assert_array_equal(decoder.weight_ih, original[1].weight_ih)


def test_subclassed_model_config_falls_back_to_shapes(tmp_path) -> None:
    path = rewrite_keras(
        FIXTURE_DIR / "gru.keras", tmp_path / "subclassed.keras",
        edit_config=lambda config: config.update(class_name="MyModel", config={"units": 4}),
    )  # fmt: skip
    (layer,) = read_keras(path)[0]
    assert layer.kind == "gru"
    assert "config.json does not list the model's layers" in layer.note


def test_gru_weights_without_bias_assume_reset_after(tmp_path) -> None:
    path = copy_weights(
        "gru.weights.h5", tmp_path / "nobias.weights.h5", lambda h5: h5.__delitem__("layers/gru/cell/vars/2")
    )
    (layer,) = read_keras(path)[0]
    assert not layer.bias_ih.any()
    assert not layer.bias_hh.any()
    assert "reset_after cannot be read and is assumed True" in layer.note


def test_bfloat16_weights_are_widened(tmp_path) -> None:
    def to_bfloat16(h5: h5py.File) -> None:
        kernel = h5["layers/simple_rnn/cell/vars/0"][()].astype("<f4")
        del h5["layers/simple_rnn/cell/vars/0"]
        high = (kernel.view("<u4") >> 16).astype("<u2")
        dataset = h5.create_dataset("layers/simple_rnn/cell/vars/0", data=high.view("V2"))
        dataset.attrs["dtype"] = "bfloat16"

    path = copy_weights("simple_rnn.weights.h5", tmp_path / "bf16.weights.h5", to_bfloat16)
    (layer,) = read_keras(path)[0]
    with h5py.File(FIXTURE_DIR / "simple_rnn.weights.h5", "r") as h5:
        kernel = h5["layers/simple_rnn/cell/vars/0"][()]
    truncated = ((kernel.view("<u4") >> 16) << 16).view("<f4")
    np.testing.assert_array_equal(layer.weight_ih, truncated.T.astype(np.float64))


def test_non_finite_weights_are_refused(tmp_path) -> None:
    def poison(h5: h5py.File) -> None:
        h5["layers/simple_rnn/cell/vars/1"][0, 0] = np.nan

    path = copy_weights("simple_rnn.weights.h5", tmp_path / "nan.weights.h5", poison)
    assert_refused(path, r"NaN or infinite")


def test_external_links_are_not_followed(tmp_path) -> None:
    outside = tmp_path / "outside.h5"
    with h5py.File(outside, "w") as h5:
        h5["kernel"] = np.ones((3, 4), np.float32)

    def link_out(h5: h5py.File) -> None:
        del h5["layers/simple_rnn/cell/vars/0"]
        h5["layers/simple_rnn/cell/vars/0"] = h5py.ExternalLink(str(outside), "kernel")

    path = copy_weights("simple_rnn.weights.h5", tmp_path / "linked.weights.h5", link_out)
    assert_refused(path, r"the kernel of .* is a link to data elsewhere, which rnnviz does not follow")


def test_masking_embedding_is_mentioned(tmp_path) -> None:
    path = rewrite_keras(
        FIXTURE_DIR / "embedding_lstm.keras", tmp_path / "masked.keras",
        edit_config=lambda config: first_layer_config(config).update(mask_zero=True),
    )  # fmt: skip
    (layer,) = read_keras(path)[0]
    assert "embedding 'embed' has mask_zero=True: Keras skips steps whose token id is 0" in layer.note


def test_go_backwards_layer_is_noted(tmp_path) -> None:
    def backwards(config: dict) -> None:
        first_layer_config(config)["go_backwards"] = True

    path = rewrite_keras(FIXTURE_DIR / "gru.keras", tmp_path / "backwards.keras", edit_config=backwards)
    (layer,) = read_keras(path)[0]
    assert (
        layer.note
        == "Keras GRU, layer 1 of 1 in the model, go_backwards=True: reads the sequence reversed, last token first"
    )
