"""Write torch.autograd golden fixtures for rnnviz.backward and the gradient norms to
tests/fixtures/golden_backward/ (run by hand from the repository root; needs torch, which is not
a dependency of rnnviz or its tests):

    python tests/make_golden_backward.py

Each fixture holds a lesson, a dh (T, H), the gradients torch.autograd.grad gives for
sum(dh ⊙ h) through nn.RNN / nn.LSTM / nn.GRU in float64, and the Frobenius norms of the
Jacobians ‖∂h_T/∂h_t‖ (t = 0..T; for the LSTM through the hidden state with each C(t-1) held
fixed, as a chain of per-step LSTMCell Jacobians) and ‖∂h_T/∂x_t‖ (t = 1..T, the full layer).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
from make_golden import GATE_COUNT, lesson_dict, load_into, pick_tokens, uniform  # same folder: run as a script
from make_golden import GoldenCase as Case  # the same sizes, scale, nonlinearity and file name

OUT_DIR = Path(__file__).resolve().parent / "fixtures" / "golden_backward"
BASE_SEED = 20261130


# scale 8 saturates many gates (derivatives near 0 and 1); scale 1000 saturates them exactly
# (tanh and sigmoid round to +-1, 0 and 1, so many local derivatives are exact zeros)
CASES = (
    Case(1, 1, 1, 0.5),
    Case(2, 3, 5, 1.0),
    Case(4, 3, 12, 0.5),
    Case(4, 3, 12, 1.5),
    Case(8, 5, 30, 1.0),
    Case(16, 8, 20, 0.5),
    Case(4, 3, 10, 8.0),
    Case(3, 2, 6, 1000.0),
    Case(2, 3, 5, 1.0, "relu", ("rnn",)),
    Case(4, 3, 12, 0.5, "relu", ("rnn",)),
)

LAYERS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CELLS = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}


def layer_for(model: str, weights: dict, D: int, H: int, nonlinearity: str) -> torch.nn.Module:
    extra = {"nonlinearity": nonlinearity} if model == "rnn" else {}
    layer = LAYERS[model](D, H, **extra)
    load_into(layer, weights, "_l0")
    return layer


def cell_for(model: str, weights: dict, D: int, H: int, nonlinearity: str) -> torch.nn.Module:
    extra = {"nonlinearity": nonlinearity} if model == "rnn" else {}
    cell = CELLS[model](D, H, **extra)
    load_into(cell, weights, "")
    return cell


def gradients(model, weights, X, h0, c0, dh, nonlinearity) -> dict[str, list]:
    T, D = X.shape
    H = h0.shape[0]
    layer = layer_for(model, weights, D, H, nonlinearity)
    X = X.clone().requires_grad_(True)
    h0 = h0.clone().requires_grad_(True)
    c0 = c0.clone().requires_grad_(True)
    state = (h0.view(1, 1, H), c0.view(1, 1, H)) if model == "lstm" else h0.view(1, 1, H)
    output, _ = layer(X.unsqueeze(1), state)
    params = [getattr(layer, f"{name}_l0") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    inputs = [*params, X, h0] + ([c0] if model == "lstm" else [])
    grads = torch.autograd.grad(output[:, 0, :], inputs, grad_outputs=dh)
    names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh", "x", "h0"] + (["c0"] if model == "lstm" else [])
    return {name: grad.tolist() for name, grad in zip(names, grads, strict=True)}


def norms(model, weights, X, h0, c0, nonlinearity) -> dict[str, list]:
    T, D = X.shape
    H = h0.shape[0]
    layer = layer_for(model, weights, D, H, nonlinearity)

    def h_last(inputs):
        state = (h0.view(1, 1, H), c0.view(1, 1, H)) if model == "lstm" else h0.view(1, 1, H)
        return layer(inputs.unsqueeze(1), state)[0][-1, 0]

    dx = torch.autograd.functional.jacobian(h_last, X)  # (H, T, D)
    dhT_dx = [torch.linalg.norm(dx[:, t, :]).item() for t in range(T)]

    # the states along the sequence, then the chain of one-step Jacobians dh(t)/dh(t-1)
    with torch.no_grad():
        state = (h0.view(1, 1, H), c0.view(1, 1, H)) if model == "lstm" else h0.view(1, 1, H)
        out = layer(X.unsqueeze(1), state)[0][:, 0, :]
    hs = torch.cat([h0.view(1, H), out])
    cs = [c0]
    cell = cell_for(model, weights, D, H, nonlinearity)
    if model == "lstm":
        with torch.no_grad():
            h, c = h0.view(1, H), c0.view(1, H)
            for t in range(T):
                h, c = cell(X[t].view(1, D), (h, c))
                cs.append(c[0])
    J = torch.eye(H)
    dhT_dh = [torch.linalg.norm(J).item()]
    for t in range(T, 0, -1):
        x = X[t - 1].view(1, D)
        if model == "lstm":  # the hidden path: C(t-1) held fixed
            c_prev = cs[t - 1].view(1, H)
            def one_step(h, x=x, c=c_prev):
                return cell(x, (h.view(1, H), c))[0][0]

            step = torch.autograd.functional.jacobian(one_step, hs[t - 1])
        else:
            step = torch.autograd.functional.jacobian(lambda h, x=x: cell(x, h.view(1, H))[0], hs[t - 1])
        J = J @ step
        dhT_dh.append(torch.linalg.norm(J).item())
    return {"dhT_dh": dhT_dh[::-1], "dhT_dx": dhT_dx}


def build(case: Case, seed: int) -> dict:
    generator = torch.Generator().manual_seed(seed)
    H, D, T = case.hidden_size, case.input_size, case.steps
    tokens = pick_tokens(generator, T)
    embeddings = {token: uniform(generator, (D,), 1.0) for token in dict.fromkeys(tokens)}
    h0 = uniform(generator, (H,), 0.9)
    c0 = uniform(generator, (H,), 2.0)
    X = torch.stack([embeddings[token] for token in tokens])
    lesson_models, expected = {}, {}
    for model in case.models:
        rows = GATE_COUNT[model] * H
        s = case.weight_scale
        weights = {
            "weight_ih": uniform(generator, (rows, D), s),
            "weight_hh": uniform(generator, (rows, H), s),
            "bias_ih": uniform(generator, (rows,), s),
            "bias_hh": uniform(generator, (rows,), s),
        }
        dh = uniform(generator, (T, H), 1.0)
        lesson_models[model] = {key: value.tolist() for key, value in weights.items()}
        if model == "rnn":
            lesson_models[model]["nonlinearity"] = case.nonlinearity
        expected[model] = {
            "dh": dh.tolist(),
            "gradients": gradients(model, weights, X, h0, c0, dh, case.nonlinearity),
            **norms(model, weights, X, h0, c0, case.nonlinearity),
        }
    lesson = lesson_dict(f"golden backward {case.name}", tokens, embeddings, H, lesson_models, h0, c0)
    return {
        "case": case.name,
        "generator": "tests/make_golden_backward.py",
        "torch_version": torch.__version__,
        "seed": seed,
        "lesson": lesson,
        "expected": expected,
    }


def main() -> int:
    torch.set_default_dtype(torch.float64)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = set()
    for index, case in enumerate(CASES):
        fixture = build(case, BASE_SEED + index)
        for model, expected in fixture["expected"].items():
            values = [v for grad in expected["gradients"].values() for v in torch.tensor(grad).flatten().tolist()]
            values += expected["dhT_dh"] + expected["dhT_dx"]
            if not all(torch.isfinite(torch.tensor(values))):
                raise RuntimeError(f"{case.name} {model}: torch's answer is not finite; pick another case")
        path = OUT_DIR / f"{case.name}.json"
        path.write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        written.add(path.name)
        print(f"{path.name}: {path.stat().st_size} bytes, models {', '.join(case.models)}")
    for stale in sorted(OUT_DIR.glob("*.json")):
        if stale.name not in written:
            stale.unlink()
    print(f"{len(written)} fixtures, torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
