"""The engine: trace shapes, stepping equals the whole sequence, numerical safety, no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import rnnviz
from rnnviz.core.cells import FLOAT_MAX, GATES, CellWeights, gru_step, lstm_step, rnn_step, sigmoid
from rnnviz.core.engine import MODELS, Trace, run
from rnnviz.core.lesson import LessonError, load_lesson

REPO_ROOT = Path(__file__).resolve().parents[2]


def random_lesson(
    H: int = 3,
    D: int = 4,
    T: int = 6,
    seed: int = 0,
    scale: float = 1.0,
    nonlinearity: str = "tanh",
):
    """A lesson with random weights, embeddings and initial state (full float64 precision)."""
    rng = np.random.default_rng(seed)
    tokens = [f"t{k}" for k in range(T)]
    models = {}
    for name, gates in (("rnn", 1), ("lstm", 4), ("gru", 3)):
        models[name] = {
            "weight_ih": (scale * rng.normal(size=(gates * H, D))).tolist(),
            "weight_hh": (scale * rng.normal(size=(gates * H, H))).tolist(),
            "bias_ih": (scale * rng.normal(size=gates * H)).tolist(),
            "bias_hh": (scale * rng.normal(size=gates * H)).tolist(),
        }
    models["rnn"]["nonlinearity"] = nonlinearity
    return load_lesson(
        {
            "format": "rnnviz-lesson",
            "version": 1,
            "tokens": tokens,
            "embeddings": {token: rng.normal(size=D).tolist() for token in tokens},
            "hidden_size": H,
            "models": models,
            "initial_state": {
                "h": rng.uniform(-1, 1, H).tolist(),
                "c": rng.normal(size=H).tolist(),
            },
        }
    )


# --- shapes and the Trace API ---------------------------------------------------------------

EXPECTED_QUANTITIES = {
    "rnn": {"x": "T,D", "pre_x": "T,H", "pre_h": "T,H", "pre": "T,H", "h": "T+1,H"},
    "lstm": {
        "x": "T,D",
        **{f"{g}{s}": "T,H" for g in "ifgo" for s in ("", "_pre_x", "_pre_h", "_pre")},
        "c": "T+1,H",
        "tanh_c": "T,H",
        "h": "T+1,H",
    },
    "gru": {
        "x": "T,D",
        **{f"{g}{s}": "T,H" for g in "rzn" for s in ("", "_pre_x", "_pre_h", "_pre")},
        "h": "T+1,H",
    },
}


@pytest.mark.parametrize("model", MODELS)
def test_trace_shapes(model):
    H, D, T = 3, 4, 5
    lesson = random_lesson(H, D, T)
    tr = rnnviz.trace(lesson, model)
    assert isinstance(tr, Trace)
    assert (tr.model, tr.T, tr.H, tr.D) == (model, T, H, D)
    assert tr.tokens == lesson.tokens
    sizes = {"T": T, "T+1": T + 1, "H": H, "D": D}
    expected = {
        name: tuple(sizes[part] for part in shape.split(",")) for name, shape in EXPECTED_QUANTITIES[model].items()
    }
    assert {name: array.shape for name, array in tr.quantities.items()} == expected
    for name in expected:
        array = getattr(tr, name)
        assert array is tr.quantities[name]
        assert array.dtype == np.float64
        assert np.isfinite(array).all()
    np.testing.assert_array_equal(tr.x, lesson.inputs)
    np.testing.assert_array_equal(tr.h[0], lesson.initial_h)
    if model == "lstm":
        np.testing.assert_array_equal(tr.c[0], lesson.initial_c)


@pytest.mark.parametrize("model", MODELS)
def test_trace_arrays_are_read_only(model):
    tr = rnnviz.trace(random_lesson(), model)
    for name, array in tr.quantities.items():
        assert not array.flags.writeable, name
        with pytest.raises(ValueError, match="read-only"):
            array[0, 0] = 0.5
    before = tr.h.copy()
    with pytest.raises(ValueError, match="read-only"):
        tr.at(1)["h"][0] = 9.0
    np.testing.assert_array_equal(tr.h, before)


def test_trace_at():
    lesson = random_lesson(T=4)
    tr = rnnviz.trace(lesson, "lstm")
    start = tr.at(0)
    assert set(start) == {"h", "c"}
    np.testing.assert_array_equal(start["h"], lesson.initial_h)
    np.testing.assert_array_equal(start["c"], lesson.initial_c)
    for step in range(1, tr.T + 1):
        values = tr.at(step)
        assert set(values) == set(tr.quantities)
        np.testing.assert_array_equal(values["h"], tr.h[step])
        np.testing.assert_array_equal(values["c"], tr.c[step])
        np.testing.assert_array_equal(values["f"], tr.f[step - 1])
        np.testing.assert_array_equal(values["x"], lesson.inputs[step - 1])
    for step in (-1, tr.T + 1):
        with pytest.raises(IndexError, match=f"step {step} is outside 0..4"):
            tr.at(step)


def test_trace_first_step_and_rows():
    tr = rnnviz.trace(random_lesson(), "gru")
    assert tr.first_step("h") == 0
    assert tr.first_step("x") == 1
    assert tr.first_step("z") == 1
    rows = list(tr.rows())
    assert [name for name, _, _ in rows] == list(tr.quantities)
    assert all(first == tr.first_step(name) for name, first, _ in rows)


def test_trace_unknown_quantity():
    tr = rnnviz.trace(random_lesson(), "rnn")
    with pytest.raises(AttributeError, match="has no attribute 'f'"):
        _ = tr.f
    assert not hasattr(tr, "c")
    assert "pre_x" in dir(tr)
    assert "T=6" in repr(tr)


def test_trace_unknown_or_missing_model():
    lesson = load_lesson(rnnviz.default_lesson_path())
    with pytest.raises(LessonError, match="unknown model 'transformer'"):
        rnnviz.trace(lesson, "transformer")
    data = json.loads(rnnviz.default_lesson_path().read_text(encoding="utf-8"))
    del data["models"]["gru"]
    with pytest.raises(LessonError, match="the lesson has no gru model"):
        rnnviz.trace(load_lesson(data), "gru")
    with pytest.raises(ValueError, match="unknown model"):
        run("transformer", lesson.models["rnn"], lesson.inputs, lesson.tokens)


def test_default_lesson_lstm_first_step_by_hand():
    """The forget gate of the first step, computed from the equations by hand."""
    lesson = load_lesson(rnnviz.default_lesson_path())
    tr = rnnviz.trace(lesson, "lstm")
    w = lesson.models["lstm"]
    H = lesson.hidden_size
    x = lesson.inputs[0]
    f_pre = (
        w.weight_ih[H : 2 * H] @ x
        + w.bias_ih[H : 2 * H]
        + w.weight_hh[H : 2 * H] @ lesson.initial_h
        + w.bias_hh[H : 2 * H]
    )
    f = 1.0 / (1.0 + np.exp(-f_pre))
    np.testing.assert_allclose(tr.f[0], f, rtol=0, atol=1e-15)
    # c_0 = 0, so c_1 = i * g
    np.testing.assert_allclose(tr.c[1], tr.i[0] * tr.g[0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(tr.h[1], tr.o[0] * np.tanh(tr.c[1]), rtol=0, atol=1e-15)


def test_sigmoid_matches_logistic():
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(x), 1.0 / (1.0 + np.exp(-x)), rtol=1e-13, atol=1e-16)


# --- stepping equals the whole sequence -----------------------------------------------------


def _step_outputs(model: str, w: CellWeights, X: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> list[dict]:
    h, c = h0, c0
    outputs = []
    for x in X:
        if model == "rnn":
            out = rnn_step(w, x, h)
        elif model == "lstm":
            out = lstm_step(w, x, h, c)
            c = out["c"]
        else:
            out = gru_step(w, x, h)
        h = out["h"]
        outputs.append(out)
    return outputs


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    ("model", "nonlinearity"), [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")]
)
def test_step_by_step_equals_sequence(model, nonlinearity, seed):
    lesson = random_lesson(H=3, D=4, T=7, seed=seed, nonlinearity=nonlinearity)
    tr = rnnviz.trace(lesson, model)
    w = lesson.models[model]
    assert w.nonlinearity == nonlinearity
    outputs = _step_outputs(model, w, lesson.inputs, lesson.initial_h, lesson.initial_c)
    assert len(outputs) == tr.T == 7
    expected_keys = {
        "rnn": {"pre_x", "pre_h", "pre", "h"},
        "lstm": {f"{g}{s}" for g in "ifgo" for s in ("", "_pre_x", "_pre_h", "_pre")} | {"c", "tanh_c", "h"},
        "gru": {f"{g}{s}" for g in "rzn" for s in ("", "_pre_x", "_pre_h", "_pre")} | {"h"},
    }[model]
    for step, out in enumerate(outputs, start=1):
        assert set(out) == expected_keys
        at = tr.at(step)
        for name, value in out.items():
            np.testing.assert_allclose(at[name], value, rtol=0, atol=1e-14, err_msg=f"{model} {name} step {step}")
    if nonlinearity == "relu":
        assert (tr.h[1:] >= 0).all()
        assert (tr.h[1:] == 0).any()  # relu cut some units off
        assert (tr.h[1:] > 0).any()


# --- numerical safety ------------------------------------------------------------------------

MODEL_VARIANTS = [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")]


def _weights(model: str, H: int, D: int, w: float, b: float, nonlinearity: str, rng=None) -> CellWeights:
    G = len(GATES[model]) * H
    if rng is None:  # every entry the same sign: predictable saturation
        return CellWeights(np.full((G, D), w), np.full((G, H), w), np.full(G, b), np.full(G, b), nonlinearity)
    return CellWeights(
        w * rng.uniform(-1, 1, (G, D)),
        w * rng.uniform(-1, 1, (G, H)),
        b * rng.uniform(-1, 1, G),
        b * rng.uniform(-1, 1, G),
        nonlinearity,
    )


def _quiet_run(model, weights, X, h0=None, c0=None) -> Trace:
    """Run with every warning recorded and floating-point errors raising outside the engine."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="raise"):
        warnings.simplefilter("always")
        tr = run(model, weights, X, tuple(f"t{k}" for k in range(len(X))), h0, c0)
    assert [str(w.message) for w in caught] == []
    for name, array in tr.quantities.items():
        assert not np.isnan(array).any(), name
        assert np.isfinite(array).all(), name
    return tr


def _check_ranges(model: str, tr: Trace) -> None:
    gates = {"lstm": "ifo", "gru": "rz"}.get(model, "")
    for gate in gates:
        array = getattr(tr, gate)
        assert ((array >= 0) & (array <= 1)).all(), gate
    for name in ("g", "n", "tanh_c"):
        if name in tr.quantities:
            assert (np.abs(tr.quantities[name]) <= 1).all(), name


@pytest.mark.parametrize(("model", "nonlinearity"), MODEL_VARIANTS)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_extreme_pre_activations_saturate(model, nonlinearity, sign):
    """Biases ±1e308 (their sum overflows) and embeddings ±1e308 times weights 1e6."""
    H, D, T = 3, 2, 4
    weights = _weights(model, H, D, 1e6, sign * 1e308, nonlinearity)
    X = np.full((T, D), sign * 1e308)
    tr = _quiet_run(model, weights, X)
    _check_ranges(model, tr)
    steps = tr.h[1:]
    if model == "rnn" and nonlinearity == "tanh":
        assert (steps == sign).all()
    elif model == "rnn":
        assert (steps == (FLOAT_MAX if sign > 0 else 0.0)).all()
    elif model == "lstm":
        expected_gate = 1.0 if sign > 0 else 0.0
        for gate in "ifo":
            assert (getattr(tr, gate) == expected_gate).all()
        assert (tr.g == sign).all()
        # every gate saturated: c_t = c_{t-1} + 1 when open, 0 when closed
        expected_c = np.arange(1, T + 1, dtype=float)[:, None] if sign > 0 else np.zeros((T, 1))
        np.testing.assert_array_equal(tr.c[1:], np.broadcast_to(expected_c, (T, H)))
        np.testing.assert_array_equal(tr.h[1:], tr.o * np.tanh(tr.c[1:]))
    else:
        assert (tr.r == (1.0 if sign > 0 else 0.0)).all()
        assert (tr.n == sign).all()
        # z = 1 keeps the old state (zeros); z = 0 takes the candidate -1
        assert (steps == (0.0 if sign > 0 else -1.0)).all()
    for name in ("pre_x", "pre_h", "pre", "i_pre", "r_pre_x", "n_pre"):
        if name in tr.quantities:
            assert (np.abs(tr.quantities[name]) <= FLOAT_MAX).all()


@pytest.mark.parametrize(("model", "nonlinearity"), MODEL_VARIANTS)
@pytest.mark.parametrize("scale", [1e6, 1e300])
def test_huge_random_weights_no_nan_no_warnings(model, nonlinearity, scale):
    rng = np.random.default_rng(3)
    H, D, T = 4, 3, 12
    weights = _weights(model, H, D, scale, scale, nonlinearity, rng)
    X = rng.normal(size=(T, D)) * 1e300
    h0 = rng.uniform(-1, 1, H)
    tr = _quiet_run(model, weights, X, h0, rng.normal(size=H))
    _check_ranges(model, tr)
    if nonlinearity == "tanh" and model == "rnn":
        assert (np.abs(tr.h[1:]) <= 1).all()


@pytest.mark.parametrize(("model", "nonlinearity"), MODEL_VARIANTS)
def test_huge_initial_state(model, nonlinearity):
    H, D = 2, 2
    weights = _weights(model, H, D, 1e6, 0.5, nonlinearity, np.random.default_rng(4))
    tr = _quiet_run(
        model,
        weights,
        np.ones((5, D)),
        np.array([1e308, -1e308]),
        np.array([FLOAT_MAX, -FLOAT_MAX]),
    )
    _check_ranges(model, tr)


def test_relu_rnn_growing_over_many_steps():
    H, T = 4, 1500
    weights = CellWeights(3 * np.eye(H), 3 * np.eye(H) + 0.1, np.ones(H), np.ones(H), "relu")
    tr = _quiet_run("rnn", weights, np.ones((T, H)))
    h = tr.h
    assert (np.diff(h, axis=0) >= 0).all()  # grows step by step...
    assert (h[-1] == FLOAT_MAX).all()  # ...and stops at the largest float64
    assert h[10, 0] > 1e4  # the unsaturated start is the real growth


def test_relu_rnn_mixed_sign_growth_has_no_nan():
    """inf - inf inside the recurrent product would be NaN without the safe path."""
    H, T = 4, 1500
    weight_hh = np.array([[3.0, -3.0, 3.0, -3.0], [3.0, 3.0, 3.0, 3.0], [-3.0, 3.0, 3.0, 3.0], [3.0, 3.0, -3.0, 3.0]])
    weights = CellWeights(np.eye(H), weight_hh, np.ones(H), np.ones(H), "relu")
    tr = _quiet_run("rnn", weights, np.ones((T, H)))
    assert (tr.h >= 0).all()
    assert (tr.h[1:] <= FLOAT_MAX).all()


def test_moderate_weights_take_no_safe_path_shortcuts():
    """Away from overflow the trace is exactly the plain computation (the clamp changes nothing)."""
    lesson = random_lesson(scale=30.0, T=5, seed=9)
    tr = rnnviz.trace(lesson, "rnn")
    w = lesson.models["rnn"]
    h = lesson.initial_h
    for t, x in enumerate(lesson.inputs, start=1):
        h = np.tanh(w.weight_ih @ x + w.bias_ih + w.weight_hh @ h + w.bias_hh)
        np.testing.assert_allclose(tr.h[t], h, rtol=0, atol=1e-12)


# --- no Qt in the core ----------------------------------------------------------------------

_QT_CHECK = """
import json, runpy, sys
import rnnviz
import rnnviz.core
import rnnviz.core.export, rnnviz.core.engine, rnnviz.core.lesson
import rnnviz.core.cells, rnnviz.core.atomic
lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
for model in rnnviz.MODELS:
    rnnviz.trace(lesson, model)
from rnnviz.cli import main
assert main(["export", "--out", sys.argv[1]]) == 0
sys.argv = ["rnnviz", "export", "--out", sys.argv[2], "--format", "wide"]
try:
    runpy.run_module("rnnviz", run_name="__main__", alter_sys=True)
except SystemExit as done:
    assert done.code == 0, done.code
QT = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6")
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(json.dumps(qt))
"""


def test_core_and_export_do_not_import_qt(tmp_path):
    long_csv, wide_csv = tmp_path / "long.csv", tmp_path / "wide.csv"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _QT_CHECK, str(long_csv), str(wide_csv)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert long_csv.read_bytes().startswith(b"model,step,token,quantity,unit,value\r\n")
    assert wide_csv.read_bytes().startswith(b"model,step,token,")
