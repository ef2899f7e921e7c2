"""Backpropagation-through-time benchmarks (issue: gradients you can watch vanish).

1. The gradient norms ‖∂h_T/∂h_t‖ and ‖∂h_T/∂x_t‖ of all three models at T = 100, H = 16
   (what the memory plot recomputes after every edit): target a median under 10 ms.
2. rnnviz.backward for an LSTM with T = 1000, D = 128, H = 256 against torch.autograd computing
   the same gradients (nn.LSTM, float64, CPU) in the same process: target ratio <= 1. Skipped
   without torch, which is not a dependency (pip install torch==2.13.0 to run it).

Run: python bench/bench_backward.py        Prints medians.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import rnnviz  # noqa: E402
from rnnviz.core.backward import gradient_norms  # noqa: E402

GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def lesson(T: int, H: int, D: int, models=("rnn", "lstm", "gru"), seed: int = 0) -> rnnviz.Lesson:
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{k}" for k in range(50)]
    bound = 1 / np.sqrt(H)
    return rnnviz.load_lesson({
        "format": "rnnviz-lesson", "version": 1, "title": "bench", "hidden_size": H,
        "tokens": [vocabulary[k % 50] for k in range(T)],
        "embeddings": {w: rng.uniform(-1, 1, D).tolist() for w in vocabulary},
        "models": {m: {"weight_ih": rng.uniform(-bound, bound, (GATES[m] * H, D)).tolist(),
                       "weight_hh": rng.uniform(-bound, bound, (GATES[m] * H, H)).tolist(),
                       "bias_ih": rng.uniform(-bound, bound, GATES[m] * H).tolist(),
                       "bias_hh": rng.uniform(-bound, bound, GATES[m] * H).tolist()} for m in models},
    })  # fmt: skip


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1e3:.2f} ms (min {min(samples) * 1e3:.2f}, n={len(samples)})"


def bench_norms(repeats: int = 60) -> None:
    small = lesson(T=100, H=16, D=8)
    traces = {m: rnnviz.trace(small, m) for m in small.models}
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for model, tr in traces.items():
            gradient_norms(small.models[model], tr)
        samples.append(time.perf_counter() - start)
    print(f"gradient norms, T=100 H=16, all three models: {ms(samples[5:])}   target < 10 ms")


def bench_against_torch(repeats: int = 7) -> None:
    try:
        import torch
    except ImportError:
        print("rnnviz.backward vs torch.autograd: skipped (torch is not installed)")
        return
    torch.set_num_threads(torch.get_num_threads())
    T, D, H = 1000, 128, 256
    big = lesson(T=T, H=H, D=D, models=("lstm",))
    w = big.models["lstm"]
    dh = np.random.default_rng(1).uniform(-1, 1, (T, H))
    layer = torch.nn.LSTM(D, H).double()
    with torch.no_grad():
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(layer, key + "_l0").copy_(torch.tensor(getattr(w, key)))
    X = torch.tensor(big.inputs).unsqueeze(1)
    dh_t = torch.tensor(dh).unsqueeze(1)

    def ours():
        rnnviz.backward(big, "lstm", dh)  # includes the forward trace, as torch's includes its forward

    def theirs():
        x = X.clone().requires_grad_(True)
        out, _ = layer(x)
        torch.autograd.grad(out, [*layer.parameters(), x], grad_outputs=dh_t)

    ours(), theirs()  # warm up
    a, b = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        start = time.perf_counter()
        ours()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs()
        b.append(time.perf_counter() - start)
    print(f"LSTM T={T} D={D} H={H}, forward + backward: rnnviz.backward {ms(a)}")
    print(f"                                     torch.autograd (nn.LSTM, float64) {ms(b)}")
    print(f"ratio rnnviz / torch = {statistics.median(a) / statistics.median(b):.2f}   target <= 1.00")
    # the results agree, so the comparison is of the same work
    grads = rnnviz.backward(big, "lstm", dh)
    x = X.clone().requires_grad_(True)
    out, _ = layer(x)
    want = torch.autograd.grad(out, [layer.weight_hh_l0, x], grad_outputs=dh_t)
    error = max(np.abs(grads["weight_hh"] - want[0].numpy()).max(), np.abs(grads["x"] - want[1][:, 0].numpy()).max())
    print(f"  (largest difference from torch: {error:.1e})")


if __name__ == "__main__":
    bench_norms()
    bench_against_torch()
