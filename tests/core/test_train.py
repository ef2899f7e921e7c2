"""The training engine's gradients: against finite differences, and against rnnviz.backward (the
golden-tested primitive) summed over a batch; the losses, Adam and clipping."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import rnnviz
from rnnviz.core.train import PARAMETERS, Adam, Net, backward, cross_entropy, forward, init_net, mse

MODELS = ["rnn", "lstm", "gru"]


def _batch(rng, B=4, T=5, D=3):
    return rng.uniform(-1, 1, (B, T, D))


def _loss(net, x, target):
    y, _ = forward(net, x)
    return mse(y, target)[0]


@pytest.mark.parametrize("model", MODELS)
def test_gradients_equal_finite_differences(model):
    rng = np.random.default_rng(3)
    net = init_net(model, 3, 4, 1, rng)
    x, target = _batch(rng), rng.uniform(0, 1, 4)
    y, cache = forward(net, x)
    grads, _ = backward(net, cache, mse(y, target)[1])
    eps = 1e-6
    for name in PARAMETERS:
        value = net.params[name]
        for index in [tuple(rng.integers(0, n) for n in value.shape) for _ in range(4)]:
            old = value[index]
            value[index] = old + eps
            up = _loss(net, x, target)
            value[index] = old - eps
            down = _loss(net, x, target)
            value[index] = old
            assert grads[name][index] == pytest.approx((up - down) / (2 * eps), abs=1e-8), (name, index)


@pytest.mark.parametrize("model", MODELS)
def test_the_batch_gradient_is_rnnviz_backward_summed_over_its_sequences(model):
    """Each sequence as a lesson (its inputs as embeddings), the readout's gradient injected at
    h(T): rnnviz.backward's weight gradients, summed over the batch, are the engine's."""
    rng = np.random.default_rng(5)
    B, T, D, H = 3, 6, 2, 4
    net = init_net(model, D, H, 2, rng)
    x = _batch(rng, B, T, D)
    y, cache = forward(net, x)
    dy = rng.uniform(-1, 1, y.shape)
    grads, dh = backward(net, cache, dy)
    p = net.params
    total = {name: np.zeros_like(p[name]) for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    for b in range(B):
        tokens = [f"t{k}" for k in range(T)]
        lesson = rnnviz.load_lesson({
            "format": "rnnviz-lesson", "version": 1, "tokens": tokens, "hidden_size": H,
            "embeddings": {tok: x[b, k].tolist() for k, tok in enumerate(tokens)},
            "models": {model: {name: p[name].tolist() for name in total}},
        })  # fmt: skip
        trace = rnnviz.trace(lesson, model)
        np.testing.assert_allclose(trace.h[1:], np.array([h[b] for h in cache.h[1:]]), rtol=1e-12, atol=1e-14)
        dh_seq = np.zeros((T, H))
        dh_seq[-1] = dy[b] @ p["readout_weight"]
        for name, value in rnnviz.backward(lesson, model, dh_seq).items():
            if name in total:
                total[name] += value
    for name, value in total.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-10, atol=1e-12, err_msg=name)
    np.testing.assert_allclose(grads["readout_weight"], dy.T @ cache.h[-1])
    assert dh.shape == (T + 1, B, H)


def test_the_lstm_starts_with_its_forget_gate_bias_at_plus_one():
    rng = np.random.default_rng(0)
    net = init_net("lstm", 2, 8, 1, rng)
    H = 8
    f_bias = net.params["bias_ih"][H : 2 * H]
    assert (f_bias > 1 - 1 / np.sqrt(H) - 1e-12).all()
    assert (f_bias < 1 + 1 / np.sqrt(H)).all()
    others = np.concatenate([net.params["bias_ih"][:H], net.params["bias_ih"][2 * H :]])
    assert (np.abs(others) <= 1 / np.sqrt(H)).all()
    again = init_net("lstm", 2, 8, 1, np.random.default_rng(0))
    for name in PARAMETERS:  # deterministic for a seed
        np.testing.assert_array_equal(net.params[name], again.params[name])


def test_cross_entropy_and_its_gradient():
    y = np.array([[2.0, 0.0], [0.0, 3.0]])
    labels = np.array([0, 0])
    loss, grad = cross_entropy(y, labels)
    p = np.exp(y) / np.exp(y).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[[0, 1], [0, 0]])))
    want = p.copy()
    want[[0, 1], [0, 0]] -= 1
    np.testing.assert_allclose(grad, want / 2)
    big = np.array([[1000.0, -1000.0]])  # no overflow: shifted by the largest logit
    assert cross_entropy(big, np.array([0]))[0] == pytest.approx(0.0)


def test_adam_is_torchs_and_clips_the_global_norm():
    params = {"w": np.array([1.0, -2.0])}
    adam = Adam(lr=0.1, clip=1.0)
    norm = adam.step(params, {"w": np.array([3.0, 4.0])})
    assert norm == 5.0
    # the first step of Adam moves each weight by lr against the sign of its (clipped) gradient
    np.testing.assert_allclose(params["w"], [1.0 - 0.1, -2.0 - 0.1], rtol=1e-6)
    plain = Adam(lr=0.1, clip=None)
    p2 = {"w": np.array([0.0])}
    plain.step(p2, {"w": np.array([0.5])})
    plain.step(p2, {"w": np.array([-0.5])})
    m = 0.9 * 0.05 + 0.1 * -0.5  # by hand: m and v after two steps, bias-corrected
    v = 0.999 * (0.001 * 0.25) + 0.001 * 0.25
    step1 = 0.1 * (0.05 / 0.1) / (np.sqrt(0.00025 / 0.001) + 1e-8)
    step2 = 0.1 * (m / (1 - 0.9**2)) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8)
    assert p2["w"][0] == pytest.approx(-step1 - step2, rel=1e-12)


TORCH_RUNS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "train").glob("*.json"))


def test_there_is_a_torch_training_fixture_for_every_model_and_loss():
    names = {path.stem for path in TORCH_RUNS}
    assert names == {"rnn_tanh_mse", "rnn_relu_ce", "lstm_mse", "lstm_ce", "gru_mse", "gru_ce"}


@pytest.mark.parametrize("path", TORCH_RUNS, ids=lambda p: p.stem)
def test_training_steps_equal_pytorchs_from_the_same_weights_and_batches(path):
    """tests/make_train_torch.py trained nn.RNN/LSTM/GRU + nn.Linear with Adam and clip_grad_norm_
    in float64: every step's loss and gradient norm, and the weights after the last step, agree."""
    case = json.loads(path.read_text(encoding="utf-8"))
    params = {name: np.array(value, dtype=np.float64) for name, value in case["initial"].items()}
    net = Net(case["model"], params, case["nonlinearity"])
    optimiser = Adam()
    loss_of = mse if case["loss"] == "mse" else cross_entropy
    clipped = 0
    for batch, expected_loss, expected_norm in zip(case["batches"], case["losses"], case["grad_norms"], strict=True):
        x = np.array(batch["x"], dtype=np.float64)
        target = np.array(batch["target"], dtype=np.float64 if case["loss"] == "mse" else np.int64)
        y, cache = forward(net, x)
        loss, dy = loss_of(y, target)
        grads, _ = backward(net, cache, dy)
        norm = optimiser.step(net.params, grads)
        assert loss == pytest.approx(expected_loss, rel=1e-12, abs=1e-14)
        assert norm == pytest.approx(expected_norm, rel=1e-10)
        clipped += norm > 1.0
    for name, value in case["final"].items():
        np.testing.assert_allclose(net.params[name], value, rtol=1e-10, atol=1e-12, err_msg=name)
    if case["loss"] == "mse" and case["model"] != "gru":
        assert clipped > 0  # these cases have large targets: clipping took part
