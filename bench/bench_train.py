"""Training benchmarks (issue: train in the app).

1. One training step of an LSTM, batch 32, T = 50, H = 16, on the adding task's inputs (D = 2):
   forward, backpropagation through time and Adam with clipping, ours (numpy float64) against
   PyTorch doing the same in float64 on one thread in the same process (nn.LSTM + nn.Linear,
   loss.backward(), clip_grad_norm_, Adam). Target: ratio ours / torch <= 1. The torch half is
   skipped without torch, which is not a dependency (pip install torch==2.13.0 to run it).
2. With --full: the whole default run, `rnnviz train adding --length 50 --seed S` (three models,
   2000 steps each), timed end to end with each model's test MSE. Target: under 300 s.

Run: python bench/bench_train.py [--full] [--seeds 0,1,2,3,4]      Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from rnnviz.core.tasks import TASKS  # noqa: E402
from rnnviz.core.train import Adam, backward, forward, init_net, mse  # noqa: E402

B, T, H = 32, 50, 16


def _batches(count: int):
    rng = np.random.default_rng(0)
    return [TASKS["adding"].batch(rng, B, T)[1:] for _ in range(count)]


def bench_ours(batches, repeats: int) -> list[float]:
    net = init_net("lstm", 2, H, 1, np.random.default_rng(1))
    optimiser = Adam()
    samples = []
    for k in range(repeats):
        x, target = batches[k % len(batches)]
        start = time.perf_counter()
        y, cache = forward(net, x)
        _, dy = mse(y, target)
        grads, _ = backward(net, cache, dy)
        optimiser.step(net.params, grads)
        samples.append(time.perf_counter() - start)
    return samples


def bench_torch(batches, repeats: int) -> list[float] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    lstm = torch.nn.LSTM(2, H, batch_first=True, dtype=torch.float64)
    readout = torch.nn.Linear(H, 1, dtype=torch.float64)
    parameters = [*lstm.parameters(), *readout.parameters()]
    optimiser = torch.optim.Adam(parameters, lr=0.01)
    tensors = [(torch.from_numpy(x), torch.from_numpy(t)) for x, t in batches]
    samples = []
    for k in range(repeats):
        x, target = tensors[k % len(tensors)]
        start = time.perf_counter()
        optimiser.zero_grad()
        out, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(readout(out[:, -1])[:, 0], target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, max_norm=1.0)
        optimiser.step()
        samples.append(time.perf_counter() - start)
    return samples


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1e3:.2f} ms (min {min(samples) * 1e3:.2f}, n={len(samples)})"


def bench_step(repeats: int = 200, rounds: int = 5) -> None:
    batches = _batches(20)
    ours_all, torch_all, ratios = [], [], []
    for _ in range(rounds):  # interleaved, so that a noisy moment of a shared machine hits both
        ours = bench_ours(batches, repeats)[10:]
        theirs = bench_torch(batches, repeats)
        ours_all += ours
        if theirs is not None:
            theirs = theirs[10:]
            torch_all += theirs
            ratios.append(statistics.median(ours) / statistics.median(theirs))
    print(f"LSTM training step, B={B} T={T} H={H}, ours (numpy float64): {ms(ours_all)}")
    if not torch_all:
        print("torch: not installed, comparison skipped")
        return
    print(f"LSTM training step, same, torch float64, 1 thread:         {ms(torch_all)}")
    print(f"ratio ours / torch: median {statistics.median(ratios):.2f} over {rounds} rounds "
          f"({', '.join(f'{r:.2f}' for r in ratios)})   target <= 1")  # fmt: skip


def bench_full(seeds: list[int]) -> None:
    from rnnviz.cli import main

    times = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            code = main(["train", "adding", "--length", "50", "--seed", str(seed), "--out", folder])
            elapsed = time.perf_counter() - start
            times.append(elapsed)
            print(f"  seed {seed}: {elapsed:.1f} s, exit {code}")
    print(f"rnnviz train adding --length 50 (three models): median {statistics.median(times):.1f} s   target < 300 s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time whole default runs of the adding task")
    parser.add_argument("--seeds", default="0", help="seeds of the full runs (comma-separated)")
    args = parser.parse_args()
    bench_step()
    if args.full:
        bench_full([int(s) for s in args.seeds.split(",")])
