"""Write small Keras models and the hidden states Keras computes to tests/fixtures/models/keras/.

Run by hand (needs keras 3 and torch, which the app and its tests do not):

    KERAS_BACKEND=torch .venv/bin/python tests/make_model_fixtures_keras.py

Every model is saved twice, as ``<name>.keras`` (zip with config.json and model.weights.h5)
and as ``<name>.weights.h5`` (weights only). ``<name>.json`` holds a fixed input and, for
each recurrent layer (each direction of a Bidirectional one), the input Keras fed it and the
full hidden-state sequence Keras computed from it (return_sequences=True), float32 values
written exactly. Models that rnnviz must refuse have no recorded outputs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "models" / "keras"
SEED = 20240611
STEPS = 5
WEIGHT_SCALE = 0.6
VOCABULARY_SIZE = 9
RECURRENT = (layers.SimpleRNN, layers.LSTM, layers.GRU)


def exact(a: np.ndarray) -> list:
    """float32 values as Python floats: each one is written (and read back) exactly."""
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def randomize(model: keras.Model, rng: np.random.Generator) -> None:
    """Give every variable (biases included, so they are tested too) a random value."""
    for variable in model.weights:
        variable.assign(rng.normal(0.0, WEIGHT_SCALE, tuple(variable.shape)).astype(np.float32))


def full_sequence(layer: keras.layers.Layer, inputs: np.ndarray) -> np.ndarray:
    """The hidden state after every step: the layer rebuilt with return_sequences=True and its weights."""
    config = layer.get_config()
    config.update(return_sequences=True, return_state=False)
    clone = type(layer).from_config(config)
    clone.build(inputs.shape)
    clone.set_weights(layer.get_weights())
    return keras.ops.convert_to_numpy(clone(inputs))


def record(model: keras.Model, model_input: np.ndarray) -> list[dict]:
    """Input and hidden states of each recurrent layer (direction), in model order."""
    entries = []
    value = model_input
    for layer in model.layers:
        if isinstance(layer, layers.InputLayer):  # listed by Functional models, not by Sequential ones
            continue
        if isinstance(layer, layers.Bidirectional):
            for direction, inner in (("forward", layer.forward_layer), ("backward", layer.backward_layer)):
                h = full_sequence(inner, value)
                entries.append(
                    {"layer": layer.name, "direction": direction, "kind": type(inner).__name__,
                     "input": exact(value[0]), "h": exact(h[0])}
                )  # fmt: skip
            # Keras's own Bidirectional output, backward half flipped back to time order
            merged = keras.ops.convert_to_numpy(layer(value))
            entries[-1]["bidirectional_output"] = exact(merged[0])
        elif isinstance(layer, RECURRENT):
            h = full_sequence(layer, value)
            entries.append(
                {"layer": layer.name, "kind": type(layer).__name__, "input": exact(value[0]), "h": exact(h[0])}
            )
        value = keras.ops.convert_to_numpy(layer(value))
    return entries


def float_input(rng: np.random.Generator, features: int) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, (1, STEPS, features)).astype(np.float32)


def build_models(rng: np.random.Generator) -> dict[str, tuple[keras.Model, np.ndarray | None, bool]]:
    """name -> (model, input batch of one sequence, whether Keras outputs are recorded)."""
    models: dict[str, tuple[keras.Model, np.ndarray | None, bool]] = {}

    models["simple_rnn"] = (
        keras.Sequential([keras.Input((None, 3)), layers.SimpleRNN(4, name="simple_rnn")], name="seq_simple_rnn"),
        float_input(rng, 3), True,
    )  # fmt: skip
    tokens = rng.integers(0, VOCABULARY_SIZE, (1, STEPS)).astype(np.int32)
    models["embedding_lstm"] = (
        keras.Sequential(
            [keras.Input((None,), dtype="int32"), layers.Embedding(VOCABULARY_SIZE, 4, name="embed"),
             layers.LSTM(5, name="lstm")], name="seq_embedding_lstm",
        ),
        tokens, True,
    )  # fmt: skip
    models["gru"] = (
        keras.Sequential([keras.Input((None, 3)), layers.GRU(4, name="gru")], name="seq_gru"),
        float_input(rng, 3), True,
    )  # fmt: skip

    inputs = keras.Input((None, 4))
    encoded = layers.LSTM(6, return_sequences=True, name="encoder")(inputs)
    decoded = layers.LSTM(3, name="decoder")(encoded)
    head = layers.Dense(2, name="head")(decoded)
    models["stacked_lstm"] = (keras.Model(inputs, head, name="functional_stacked_lstm"), float_input(rng, 4), True)

    models["bidirectional_lstm"] = (
        keras.Sequential(
            [keras.Input((None, 2)), layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="bidi")],
            name="seq_bidirectional_lstm",
        ),
        float_input(rng, 2), True,
    )  # fmt: skip
    models["simple_rnn_relu"] = (
        keras.Sequential(
            [keras.Input((None, 2)), layers.SimpleRNN(3, activation="relu", use_bias=False, name="relu_rnn")],
            name="seq_simple_rnn_relu",
        ),
        float_input(rng, 2), True,
    )  # fmt: skip
    models["gru_reset_before"] = (
        keras.Sequential([keras.Input((None, 3)), layers.GRU(4, reset_after=False, name="gru")], name="seq_gru_rb"),
        None, False,
    )  # fmt: skip
    models["lstm_hard_sigmoid"] = (
        keras.Sequential(
            [keras.Input((None, 3)), layers.LSTM(4, recurrent_activation="hard_sigmoid", name="lstm")],
            name="seq_lstm_hard_sigmoid",
        ),
        None, False,
    )  # fmt: skip
    return models


def main() -> int:
    if keras.backend.backend() != "torch":
        print("run with KERAS_BACKEND=torch", file=sys.stderr)
        return 1
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, (model, model_input, recorded) in build_models(rng).items():
        randomize(model, rng)
        keras_path = FIXTURE_DIR / f"{name}.keras"
        weights_path = FIXTURE_DIR / f"{name}.weights.h5"
        model.save(keras_path)
        model.save_weights(weights_path)
        written = [keras_path, weights_path]
        if recorded:
            fixture = {
                "keras_version": keras.__version__,
                "backend": keras.backend.backend(),
                "model": model.name,
                "model_input": model_input[0].tolist() if model_input.dtype.kind == "i" else exact(model_input[0]),
                "layers": record(model, model_input),
            }
            json_path = FIXTURE_DIR / f"{name}.json"
            json_path.write_text(json.dumps(fixture, indent=1) + "\n", encoding="utf-8")
            written.append(json_path)
        sizes = [path.stat().st_size for path in written]
        total += sum(sizes)
        print(f"{name}: " + ", ".join(f"{p.name} {s} B" for p, s in zip(written, sizes, strict=True)))
    print(f"total {total / 1024:.1f} KiB in {FIXTURE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
