"""Backpropagation through time: rnnviz.backward and the gradient norms against torch.autograd
(fixtures from tests/make_golden_backward.py), against finite differences, and on bad input."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

import rnnviz
from rnnviz.core.backward import gradient_norms

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "golden_backward"
GOLDEN_FILES = sorted(path.name for path in GOLDEN_DIR.glob("*.json"))
RELATIVE = 1e-9  # of the largest gradient, as the issue asks


def _fixture(name: str) -> dict:
    return json.loads((GOLDEN_DIR / name).read_text(encoding="utf-8"))


def test_the_fixtures_cover_every_model_both_nonlinearities_and_saturation():
    assert len(GOLDEN_FILES) >= 8
    models, nonlinearities, scales = set(), set(), set()
    for name in GOLDEN_FILES:
        fixture = _fixture(name)
        assert fixture["generator"] == "tests/make_golden_backward.py"
        assert fixture["torch_version"]
        models |= set(fixture["expected"])
        lesson = fixture["lesson"]
        if "rnn" in lesson["models"]:
            nonlinearities.add(lesson["models"]["rnn"].get("nonlinearity", "tanh"))
        scales.add(max(abs(v) for v in np.ravel(lesson["models"][next(iter(lesson["models"]))]["weight_hh"])))
    assert models == {"rnn", "lstm", "gru"}
    assert nonlinearities == {"tanh", "relu"}
    assert max(scales) > 100  # a huge-weight, fully saturated case is among them


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_backward_equals_torch_autograd(name):
    fixture = _fixture(name)
    lesson = rnnviz.load_lesson(fixture["lesson"])
    for model, expected in fixture["expected"].items():
        got = rnnviz.backward(lesson, model, np.array(expected["dh"]))
        want = {key: np.array(value) for key, value in expected["gradients"].items()}
        assert set(got) == set(want), model
        scale = max(np.abs(v).max() for v in want.values())
        for key, value in want.items():
            assert got[key].shape == value.shape, (model, key)
            assert np.isfinite(got[key]).all()
            error = np.abs(got[key] - value).max()
            assert error <= RELATIVE * scale, (model, key, error, scale)


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_gradient_norms_equal_torch_jacobians(name):
    fixture = _fixture(name)
    lesson = rnnviz.load_lesson(fixture["lesson"])
    for model, expected in fixture["expected"].items():
        tr = rnnviz.trace(lesson, model, gradients=True)
        for key, steps in (("dhT_dh", tr.T + 1), ("dhT_dx", tr.T)):
            want = np.array(expected[key])
            got = getattr(tr, key)
            assert got.shape == want.shape == (steps,), (model, key)
            assert np.abs(got - want).max() <= RELATIVE * max(want.max(), 1e-300), (model, key)
        assert tr.dhT_dh[-1] == pytest.approx(math.sqrt(tr.H), rel=1e-15)  # dh(T)/dh(T) is the identity


def _loss(lesson, model, dh) -> float:
    return float((dh * rnnviz.trace(lesson, model).h[1:]).sum())


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_backward_agrees_with_finite_differences(model):
    """Independent of torch: nudge single numbers and watch sum(dh * h) move."""
    rng = np.random.default_rng(7)
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    lesson = rnnviz.load_lesson(data)
    T, H = len(lesson.tokens), lesson.hidden_size
    dh = rng.uniform(-1, 1, (T, H))
    grads = rnnviz.backward(lesson, model, dh)
    eps = 1e-6
    for key, index in (("weight_hh", (1, 2)), ("weight_ih", (0, 1)), ("bias_hh", (2,)), ("bias_ih", (H,))):
        if key.startswith("bias") and index[0] >= len(data["models"][model][key]):
            continue
        numeric = []
        for sign in (1, -1):
            nudged = json.loads(json.dumps(data))
            array = np.array(nudged["models"][model][key])
            array[index] += sign * eps
            nudged["models"][model][key] = array.tolist()
            numeric.append(_loss(rnnviz.load_lesson(nudged), model, dh))
        assert grads[key][index] == pytest.approx((numeric[0] - numeric[1]) / (2 * eps), abs=1e-7), key
    # the first token's embedding: x(1)
    token = lesson.tokens[0]
    numeric = []
    for sign in (1, -1):
        nudged = json.loads(json.dumps(data))
        nudged["embeddings"][token][0] += sign * eps
        numeric.append(_loss(rnnviz.load_lesson(nudged), model, dh))
    expected = (numeric[0] - numeric[1]) / (2 * eps)
    reads = [t for t, tok in enumerate(lesson.tokens) if tok == token]  # every step reading that token
    assert sum(grads["x"][t][0] for t in reads) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_huge_weights_give_finite_gradients_and_no_warnings(model):
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    entry = data["models"][model]
    for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        entry[key] = (np.array(entry[key]) * 1e300).tolist()
    lesson = rnnviz.load_lesson(data)
    T, H = len(lesson.tokens), lesson.hidden_size
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grads = rnnviz.backward(lesson, model, np.full((T, H), 1e300))
        norms = rnnviz.trace(lesson, model, gradients=True)
    for key, value in grads.items():
        assert np.isfinite(value).all(), key
    assert np.isfinite(norms.dhT_dh).all()
    assert np.isfinite(norms.dhT_dx).all()
    assert (norms.dhT_dh >= 0).all()


def test_a_dh_of_the_wrong_shape_or_with_nan_is_refused_in_one_line():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    T, H = len(lesson.tokens), lesson.hidden_size
    with pytest.raises(ValueError, match=rf"dh has shape \(2, 3\); expected \(T, H\) = \({T}, {H}\)"):
        rnnviz.backward(lesson, "lstm", np.zeros((2, 3)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        rnnviz.backward(lesson, "rnn", np.full((T, H), np.nan))
    with pytest.raises(ValueError, match="not an array of numbers"):
        rnnviz.backward(lesson, "gru", [["a"] * H] * T)
    with pytest.raises(rnnviz.LessonError, match="unknown model"):
        rnnviz.backward(lesson, "transformer", np.zeros((T, H)))


def test_plain_traces_carry_no_gradients_and_gradient_traces_export_them():
    from rnnviz.core.export import csv_text

    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    assert "dhT_dh" not in rnnviz.trace(lesson, "lstm").quantities
    rows = [line.split(",") for line in csv_text(lesson, ["rnn"], gradients=True).splitlines()]
    norms = gradient_norms(lesson.models["rnn"], rnnviz.trace(lesson, "rnn"))
    dh_rows = [row for row in rows if row[3] == "dhT_dh"]
    dx_rows = [row for row in rows if row[3] == "dhT_dx"]
    assert [int(row[1]) for row in dh_rows] == list(range(len(lesson.tokens) + 1))
    assert [int(row[1]) for row in dx_rows] == list(range(1, len(lesson.tokens) + 1))
    assert {row[4] for row in dh_rows + dx_rows} == {"0"}
    assert [float(row[5]) for row in dh_rows] == norms["dhT_dh"].tolist()
    assert [float(row[5]) for row in dx_rows] == norms["dhT_dx"].tolist()
    assert "dhT_dh" not in csv_text(lesson, ["rnn"])


def test_the_simple_rnns_gradient_shrinks_at_every_step_back_on_the_default_lesson():
    """On the built-in lesson's own numbers (not a tuned lesson): ‖∂h_T/∂h_t‖ grows with t."""
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    rnn = rnnviz.trace(lesson, "rnn", gradients=True)
    assert (np.diff(rnn.dhT_dh) > 0).all()


def test_exploding_gradients_keep_their_size_instead_of_overflowing_in_the_norm():
    """‖J‖ of entries near 1e200 is about 1e200: squaring them first would overflow to inf."""
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["hidden_size"] = 2
    data["initial_state"] = {"h": [0.0, 0.0], "c": [0.0, 0.0]}
    data["embeddings"] = {"a": [1.0, 1.0, 1.0]}
    data["tokens"] = ["a"] * 12
    data["models"] = {"rnn": {"weight_ih": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "weight_hh": [[1e20, 0.0], [0.0, 1e20]],
                              "bias_ih": [0.0, 0.0], "bias_hh": [0.0, 0.0], "nonlinearity": "relu"}}  # fmt: skip
    lesson = rnnviz.load_lesson(data)
    tr = rnnviz.trace(lesson, "rnn", gradients=True)
    # ∂h(T)/∂h(t) = U^(T-t) on the active units: sqrt(2) * 1e20^(T-t) while it stays below 1.8e308
    T = tr.T
    for t in range(T - 15 if T > 15 else 0, T + 1):
        expected = math.sqrt(2) * 1e20 ** (T - t)
        if expected < 1e300:
            assert tr.dhT_dh[t] == pytest.approx(expected, rel=1e-12), t
    assert np.isfinite(tr.dhT_dh).all()
    assert tr.dhT_dh[0] > 1e200  # huge, not the largest float for every early step
    from rnnviz.core.backward import frobenius

    assert frobenius(np.array([[3e200, 4e200]]), (0, 1)) == pytest.approx(5e200, rel=1e-15)
    assert frobenius(np.zeros((2, 2)), (0, 1)) == 0.0


# -- the stepped backward pass ---------------------------------------------------------------------
def _tail(data: dict, lesson, tr, t: int) -> rnnviz.Lesson:
    """The lesson from step t + 1 on, starting from the state the whole lesson reaches at t."""
    tail = json.loads(json.dumps(data))
    tail["tokens"] = list(lesson.tokens[t:])
    c = tr.c[t] if tr.model == "lstm" else np.zeros(tr.H)
    tail["initial_state"] = {"h": tr.h[t].tolist(), "c": c.tolist()}
    return rnnviz.load_lesson(tail)


def _cases(*models: str) -> list[tuple[str, str]]:
    """(fixture, model) for every fixture holding one of these models."""
    return [(name, m) for name in GOLDEN_FILES for m in models if m in _fixture(name)["expected"]]


@pytest.mark.parametrize(("name", "model"), _cases("rnn", "gru"))
def test_the_backward_pass_shows_the_columns_of_the_jacobian(name, model):
    """Column j of ∂h(T)/∂h(t), built row by row from rnnviz.backward's h0 gradient of the lesson's
    tail (started from h(t)): its norms are what h(t)'s strip shows, their total the running norm."""
    from rnnviz.core.backward import backward_pass

    lesson = rnnviz.load_lesson(_fixture(name)["lesson"])
    data, tr = lesson.to_dict(), rnnviz.trace(lesson, model)
    bp = backward_pass(lesson.models[model], tr)
    T, H = tr.T, tr.H
    assert bp.T == T
    assert bp.at_h.shape == (T + 1, H)
    np.testing.assert_array_equal(bp.at_h[T], np.ones(H))  # ∂h(T)/∂h(T) is the identity
    for t in sorted({0, T // 2, T - 1}):
        tail = _tail(data, lesson, tr, t)
        jacobian = np.empty((H, H))
        for b in range(H):
            dh = np.zeros((T - t, H))
            dh[-1, b] = 1.0
            jacobian[b] = rnnviz.backward(tail, model, dh)["h0"]
        want = np.sqrt((jacobian**2).sum(axis=0))
        scale = max(want.max(), 1e-300)
        assert np.abs(bp.at_h[t] - want).max() <= 1e-9 * scale, (t, bp.at_h[t], want)
    np.testing.assert_allclose(bp.norm_h, gradient_norms(lesson.models[model], tr)["dhT_dh"], rtol=1e-12)
    with np.errstate(all="ignore"):
        ratios = np.where(bp.norm_h[1:] > 0, bp.norm_h[:-1] / bp.norm_h[1:], 0.0)
    np.testing.assert_allclose(bp.factor[1:], ratios, rtol=1e-12)
    assert np.isnan(bp.factor[0])
    if model == "rnn":  # the gradient at the pre-activation: h(t)'s column norms times tanh′ (or relu′)
        w = lesson.models["rnn"]
        slope = (tr.pre > 0) if w.nonlinearity == "relu" else 1.0 - tr.h[1:] ** 2
        np.testing.assert_allclose(bp.at_pre[1:], bp.at_h[1:] * np.abs(slope), rtol=1e-12)
        assert np.isnan(bp.at_pre[0]).all()


@pytest.mark.parametrize(("name", "model"), _cases("lstm"))
def test_the_lstms_cell_path_is_multiplied_by_the_forget_gate_and_nothing_else(name, model):
    from rnnviz.core.backward import backward_pass

    lesson = rnnviz.load_lesson(_fixture(name)["lesson"])
    tr = rnnviz.trace(lesson, "lstm")
    bp = backward_pass(lesson.models["lstm"], tr)
    T = tr.T
    np.testing.assert_array_equal(bp.at_c[T], tr.o[T - 1] * (1.0 - tr.tanh_c[T - 1] ** 2))  # ∂h(T)/∂C(T)
    for t in range(T, 0, -1):
        np.testing.assert_array_equal(bp.at_c[t - 1], bp.at_c[t] * tr.f[t - 1])
    scale = np.maximum(bp.at_c.max(axis=1), 1e-300)  # before squaring: the products underflow
    np.testing.assert_allclose(bp.norm_c, scale * np.sqrt(((bp.at_c / scale[:, None]) ** 2).sum(axis=1)), rtol=1e-12)
    np.testing.assert_allclose(bp.norm, bp.norm_c)  # the caption follows the cell path
    np.testing.assert_allclose(bp.norm_h, gradient_norms(lesson.models["lstm"], tr)["dhT_dh"], rtol=1e-12)


def test_the_backward_pass_on_the_long_range_lesson_vanishes_for_the_simple_rnn_only():
    """The gallery's claim, on the numbers the window shows at the end of the backward pass."""
    from rnnviz.core.backward import backward_pass
    from rnnviz.resources import find_lesson

    lesson = rnnviz.load_lesson(find_lesson("long_range"))
    rnn = backward_pass(lesson.models["rnn"], rnnviz.trace(lesson, "rnn"))
    lstm = backward_pass(lesson.models["lstm"], rnnviz.trace(lesson, "lstm"))
    assert rnn.norm[0] < 1e-20
    assert (rnn.factor[1:] < 1).all()
    assert lstm.norm[0] > 0.1
    assert lstm.norm[0] == pytest.approx(lstm.norm[-1], rel=1e-6)


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_the_backward_pass_of_huge_weights_is_finite_and_quiet(model):
    from rnnviz.core.backward import backward_pass

    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        data["models"][model][key] = (np.array(data["models"][model][key]) * 1e300).tolist()
    lesson = rnnviz.load_lesson(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bp = backward_pass(lesson.models[model], rnnviz.trace(lesson, model))
    for array in (bp.at_h, bp.norm_h, bp.factor[1:], *((bp.at_c, bp.norm_c) if model == "lstm" else ())):
        assert np.isfinite(array).all()
        assert (array >= 0).all()


def test_relu_passes_no_gradient_where_its_input_is_exactly_zero():
    """torch differentiates relu at 0 as 0: a SimpleRNN whose pre-activations are all exactly 0
    (zero weights) passes nothing back, whatever arrives at h."""
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    H = data["hidden_size"]
    D = len(next(iter(data["embeddings"].values())))
    data["models"] = {"rnn": {"weight_ih": np.zeros((H, D)).tolist(), "weight_hh": np.zeros((H, H)).tolist(),
                              "bias_ih": [0.0] * H, "bias_hh": [0.0] * H, "nonlinearity": "relu"}}  # fmt: skip
    lesson = rnnviz.load_lesson(data)
    grads = rnnviz.backward(lesson, "rnn", np.ones((len(lesson.tokens), H)))
    for key, value in grads.items():
        np.testing.assert_array_equal(value, np.zeros_like(value), err_msg=key)
    # the backward pass: the norm is 0 from h(T-1) down, and so is every factor after it (not 0/0)
    from rnnviz.core.backward import backward_pass

    bp = backward_pass(lesson.models["rnn"], rnnviz.trace(lesson, "rnn"))
    T = len(lesson.tokens)
    np.testing.assert_array_equal(bp.norm_h, [0.0] * T + [np.sqrt(H)])
    np.testing.assert_array_equal(bp.factor[1:], np.zeros(T))
