"""Write torch-computed golden fixtures to tests/fixtures/golden/ (run by hand; needs torch)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import torch

GOLDEN_DIR = Path(__file__).resolve().parent / "fixtures" / "golden"
BASE_SEED = 20240611
INPUT_DECIMALS = 6  # lesson numbers are rounded so the JSON stays short; torch sees the same floats
CONSISTENCY_TOLERANCE = 1e-12  # torch's own routes (layer vs cell vs chunked weights) must agree
# A draw is kept only if torch's free-running equation route stays this close to its nn layer:
# chaotic weights amplify rounding differences step after step, and a fixture whose answer
# depends on summation order would make the 1e-12 test flaky on another BLAS.
CONDITIONING_LIMIT = 1e-13
RELU_VALUE_LIMIT = 1e3
MAX_ATTEMPTS = 50
SEED_STRIDE = 1000
VOCABULARY = ("a", "b", "c", "the", "cat", "sat", "on", "mat", "ß", "猫")


@dataclass(frozen=True)
class GoldenCase:
    """One fixture: sizes, weight scale and the SimpleRNN nonlinearity of its lesson."""

    hidden_size: int
    input_size: int
    steps: int
    weight_scale: float
    nonlinearity: str = "tanh"
    models: tuple[str, ...] = ("rnn", "lstm", "gru")

    @property
    def name(self) -> str:
        return f"h{self.hidden_size}_d{self.input_size}_t{self.steps}_scale{self.weight_scale}_{self.nonlinearity}"


# A lesson holds one SimpleRNN, so tanh and relu are separate cases. The tanh cases carry all
# three models; the relu cases carry only the SimpleRNN and stay short and small-scale so that
# the unbounded activations remain below RELU_VALUE_LIMIT.
CASES = (
    GoldenCase(1, 1, 1, 0.1),
    GoldenCase(1, 1, 1, 1.0),
    GoldenCase(1, 1, 1, 3.0),
    GoldenCase(2, 3, 5, 0.1),
    GoldenCase(2, 3, 5, 1.0),
    GoldenCase(2, 3, 5, 3.0),
    GoldenCase(4, 3, 12, 0.1),
    GoldenCase(4, 3, 12, 1.0),
    GoldenCase(4, 3, 12, 3.0),
    GoldenCase(16, 8, 20, 1.0),
    GoldenCase(16, 8, 20, 3.0),
    GoldenCase(1, 1, 3, 1.0, "relu", ("rnn",)),
    GoldenCase(2, 3, 5, 1.0, "relu", ("rnn",)),
    GoldenCase(4, 3, 12, 0.1, "relu", ("rnn",)),
    GoldenCase(4, 3, 12, 1.0, "relu", ("rnn",)),
)

GATE_COUNT = {"rnn": 1, "lstm": 4, "gru": 3}


def uniform(generator: torch.Generator, shape: tuple[int, ...], scale: float) -> torch.Tensor:
    """Uniform in [-scale, scale), rounded to INPUT_DECIMALS decimals."""
    values = (torch.rand(shape, generator=generator) * 2.0 - 1.0) * scale
    return torch.round(values, decimals=INPUT_DECIMALS)


def pick_tokens(generator: torch.Generator, steps: int) -> list[str]:
    """A token sequence in which (when steps >= 2) at least one token is repeated."""
    vocabulary_size = max(1, min(len(VOCABULARY), steps - 1))
    picks = torch.randint(vocabulary_size, (steps,), generator=generator).tolist()
    tokens = [VOCABULARY[k] for k in picks]
    if steps >= 2:
        tokens[-1] = tokens[0]
    return tokens


def make_weights(generator: torch.Generator, model: str, case: GoldenCase) -> dict[str, torch.Tensor]:
    rows = GATE_COUNT[model] * case.hidden_size
    scale = case.weight_scale
    return {
        "weight_ih": uniform(generator, (rows, case.input_size), scale),
        "weight_hh": uniform(generator, (rows, case.hidden_size), scale),
        "bias_ih": uniform(generator, (rows,), scale),
        "bias_hh": uniform(generator, (rows,), scale),
    }


def load_into(module: torch.nn.Module, weights: dict[str, torch.Tensor], suffix: str) -> None:
    """Copy PyTorch-layout weights into a torch module whose parameters end in `suffix`."""
    with torch.no_grad():
        for key, value in weights.items():
            getattr(module, key + suffix).copy_(value)


def assert_close(label: str, actual: torch.Tensor, expected: torch.Tensor) -> None:
    error = (actual - expected).abs().max().item()
    if not error <= CONSISTENCY_TOLERANCE:
        raise AssertionError(f"{label}: torch routes disagree by {error:.3e}")


def expected_rnn(weights, X, h0, nonlinearity) -> dict[str, list]:
    T, D = X.shape
    H = h0.shape[0]
    layer = torch.nn.RNN(D, H, nonlinearity=nonlinearity)
    load_into(layer, weights, "_l0")
    with torch.no_grad():
        output, h_last = layer(X.unsqueeze(1), h0.view(1, 1, H))
    h = torch.cat([h0.view(1, H), output[:, 0, :]])
    assert_close("rnn h_n", h_last[0, 0], h[-1])
    # Independent route: the equation with the weight tensors.
    activation = torch.tanh if nonlinearity == "tanh" else torch.relu
    for t in range(T):
        pre = weights["weight_ih"] @ X[t] + weights["bias_ih"]
        pre = pre + weights["weight_hh"] @ h[t] + weights["bias_hh"]
        assert_close(f"rnn h[{t + 1}]", activation(pre), h[t + 1])
    return {"nonlinearity": nonlinearity, "h": h.tolist()}


def expected_lstm(weights, X, h0, c0) -> dict[str, list]:
    T, D = X.shape
    H = h0.shape[0]
    layer = torch.nn.LSTM(D, H)
    load_into(layer, weights, "_l0")
    cell = torch.nn.LSTMCell(D, H)
    load_into(cell, weights, "")
    with torch.no_grad():
        output, (h_last, c_last) = layer(X.unsqueeze(1), (h0.view(1, 1, H), c0.view(1, 1, H)))
        h = torch.cat([h0.view(1, H), output[:, 0, :]])
        c = torch.empty(T + 1, H)
        c[0] = c0
        cell_h, cell_c = h0.view(1, H), c0.view(1, H)
        for t in range(T):
            cell_h, cell_c = cell(X[t].view(1, D), (cell_h, cell_c))
            assert_close(f"lstm cell h[{t + 1}]", cell_h[0], h[t + 1])
            c[t + 1] = cell_c[0]
    assert_close("lstm h_n", h_last[0, 0], h[-1])
    assert_close("lstm c_n", c_last[0, 0], c[-1])

    gates = {name: torch.empty(T, H) for name in ("i", "f", "g", "o")}
    W_i, W_f, W_g, W_o = weights["weight_ih"].chunk(4)
    U_i, U_f, U_g, U_o = weights["weight_hh"].chunk(4)
    bi_i, bi_f, bi_g, bi_o = weights["bias_ih"].chunk(4)
    bh_i, bh_f, bh_g, bh_o = weights["bias_hh"].chunk(4)
    for t in range(T):
        x, h_prev = X[t], h[t]
        i = torch.sigmoid(W_i @ x + bi_i + U_i @ h_prev + bh_i)
        f = torch.sigmoid(W_f @ x + bi_f + U_f @ h_prev + bh_f)
        g = torch.tanh(W_g @ x + bi_g + U_g @ h_prev + bh_g)
        o = torch.sigmoid(W_o @ x + bi_o + U_o @ h_prev + bh_o)
        assert_close(f"lstm c[{t + 1}] from gates", f * c[t] + i * g, c[t + 1])
        assert_close(f"lstm h[{t + 1}] from gates", o * torch.tanh(c[t + 1]), h[t + 1])
        for name, value in zip("ifgo", (i, f, g, o), strict=True):
            gates[name][t] = value
    return {"h": h.tolist(), "c": c.tolist(), **{k: v.tolist() for k, v in gates.items()}}


def expected_gru(weights, X, h0) -> dict[str, list]:
    T, D = X.shape
    H = h0.shape[0]
    layer = torch.nn.GRU(D, H)
    load_into(layer, weights, "_l0")
    with torch.no_grad():
        output, h_last = layer(X.unsqueeze(1), h0.view(1, 1, H))
    h = torch.cat([h0.view(1, H), output[:, 0, :]])
    assert_close("gru h_n", h_last[0, 0], h[-1])

    gates = {name: torch.empty(T, H) for name in ("r", "z", "n")}
    W_r, W_z, W_n = weights["weight_ih"].chunk(3)
    U_r, U_z, U_n = weights["weight_hh"].chunk(3)
    bi_r, bi_z, bi_n = weights["bias_ih"].chunk(3)
    bh_r, bh_z, bh_n = weights["bias_hh"].chunk(3)
    for t in range(T):
        x, h_prev = X[t], h[t]
        r = torch.sigmoid(W_r @ x + bi_r + U_r @ h_prev + bh_r)
        z = torch.sigmoid(W_z @ x + bi_z + U_z @ h_prev + bh_z)
        n = torch.tanh(W_n @ x + bi_n + r * (U_n @ h_prev + bh_n))
        assert_close(f"gru h[{t + 1}] from gates", (1.0 - z) * n + z * h_prev, h[t + 1])
        for name, value in zip("rzn", (r, z, n), strict=True):
            gates[name][t] = value
    return {"h": h.tolist(), **{k: v.tolist() for k, v in gates.items()}}


def free_running_h(model, weights, X, h0, c0, nonlinearity) -> torch.Tensor:
    """h over the sequence from the equations alone, each step fed its own previous state."""
    h, c = h0, c0
    states = [h0]
    for x in X:
        from_input = weights["weight_ih"] @ x + weights["bias_ih"]
        from_state = weights["weight_hh"] @ h + weights["bias_hh"]
        if model == "rnn":
            pre = from_input + from_state
            h = torch.tanh(pre) if nonlinearity == "tanh" else torch.relu(pre)
        elif model == "lstm":
            i_pre, f_pre, g_pre, o_pre = (from_input + from_state).chunk(4)
            c = torch.sigmoid(f_pre) * c + torch.sigmoid(i_pre) * torch.tanh(g_pre)
            h = torch.sigmoid(o_pre) * torch.tanh(c)
        else:
            x_r, x_z, x_n = from_input.chunk(3)
            h_r, h_z, h_n = from_state.chunk(3)
            r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
            n = torch.tanh(x_n + r * h_n)
            h = (1.0 - z) * n + z * h
        states.append(h)
    return torch.stack(states)


def lesson_dict(title: str, tokens, embeddings, H: int, models: dict, h0, c0) -> dict:
    """A fixture's lesson in the file format (the same layout for every generator)."""
    return {
        "format": "rnnviz-lesson",
        "version": 1,
        "title": title,
        "tokens": tokens,
        "embeddings": {token: vector.tolist() for token, vector in embeddings.items()},
        "hidden_size": H,
        "models": models,
        "initial_state": {"h": h0.tolist(), "c": c0.tolist()},
    }


def build_fixture(case: GoldenCase, seed: int) -> dict:
    generator = torch.Generator().manual_seed(seed)
    H, D = case.hidden_size, case.input_size
    tokens = pick_tokens(generator, case.steps)
    # One extra embedding that the sequence never reads, which must not matter.
    embedding_tokens = [*dict.fromkeys(tokens), "unused"]
    embeddings = {token: uniform(generator, (D,), 1.0) for token in embedding_tokens}
    h0 = uniform(generator, (H,), 0.9)
    c0 = uniform(generator, (H,), 2.0)
    weights = {model: make_weights(generator, model, case) for model in case.models}
    X = torch.stack([embeddings[token] for token in tokens])

    expected = {}
    route_divergence = {}
    lesson_models = {}
    for model in case.models:
        lesson_models[model] = {key: value.tolist() for key, value in weights[model].items()}
        if model == "rnn":
            lesson_models[model]["nonlinearity"] = case.nonlinearity
            expected[model] = expected_rnn(weights[model], X, h0, case.nonlinearity)
        elif model == "lstm":
            expected[model] = expected_lstm(weights[model], X, h0, c0)
        else:
            expected[model] = expected_gru(weights[model], X, h0)
        free_running = free_running_h(model, weights[model], X, h0, c0, case.nonlinearity)
        divergence = (free_running - torch.tensor(expected[model]["h"])).abs().max().item()
        route_divergence[model] = divergence

    lesson = lesson_dict(f"golden {case.name}", tokens, embeddings, H, lesson_models, h0, c0)
    return {
        "case": case.name,
        "generator": "tests/make_golden.py",
        "torch_version": torch.__version__,
        "seed": seed,
        "route_divergence": route_divergence,
        "lesson": lesson,
        "expected": expected,
    }


def fixture_is_usable(case: GoldenCase, fixture: dict) -> bool:
    """Well conditioned; relu cases also need zeros and positives, and values below the limit."""
    if max(fixture["route_divergence"].values()) > CONDITIONING_LIMIT:
        return False
    if case.nonlinearity != "relu":
        return True
    outputs = torch.tensor(fixture["expected"]["rnn"]["h"][1:])
    return bool((outputs == 0).any() and (outputs > 0).any() and outputs.max() < RELU_VALUE_LIMIT)


def draw_fixture(case: GoldenCase, seed: int) -> dict:
    """The fixture for seed, or for seed + k * SEED_STRIDE, the first draw that is usable."""
    for attempt in range(MAX_ATTEMPTS):
        fixture = build_fixture(case, seed + attempt * SEED_STRIDE)
        if fixture_is_usable(case, fixture):
            return fixture
        print(f"{case.name}: seed {fixture['seed']} unusable, drawing again")
    raise RuntimeError(f"{case.name}: no usable draw in {MAX_ATTEMPTS} attempts")


def main() -> int:
    torch.set_default_dtype(torch.float64)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    written = set()
    total_bytes = 0
    for index, case in enumerate(CASES):
        fixture = draw_fixture(case, BASE_SEED + index)
        path = GOLDEN_DIR / f"{case.name}.json"
        text = json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n"
        path.write_text(text, encoding="utf-8")
        written.add(path.name)
        size = path.stat().st_size
        total_bytes += size
        print(f"{path.name}: {size} bytes, models {', '.join(case.models)}")
    for stale in sorted(GOLDEN_DIR.glob("*.json")):
        if stale.name not in written:
            stale.unlink()
            print(f"removed stale {stale.name}")
    print(f"{len(written)} fixtures, {total_bytes} bytes in all, torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
