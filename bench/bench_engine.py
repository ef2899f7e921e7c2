"""Time and memory of rnnviz.trace at teaching size and at scale, next to torch.nn.LSTM."""

from __future__ import annotations

import ctypes
import glob
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a source tree

import rnnviz  # noqa: E402

SEED = 1234
TEACHING = {"T": 100, "D": 8, "H": 16, "scale": 0.5, "repeats": 200, "target_ms": 2.0}
SCALE = {"T": 1000, "D": 128, "H": 256, "scale": 0.5, "repeats": 21}
GATE_COUNT = {"rnn": 1, "lstm": 4, "gru": 3}


def random_lesson_dict(T: int, D: int, H: int, scale: float, models: tuple[str, ...]) -> dict:
    """A lesson dict with uniform random weights in [-scale/sqrt(H), scale/sqrt(H))."""
    rng = np.random.default_rng(SEED)
    vocabulary = [f"w{k}" for k in range(max(2, T // 2))]
    tokens = [vocabulary[k] for k in rng.integers(len(vocabulary), size=T)]
    spread = scale / np.sqrt(H)

    def uniform(*shape: int, width: float = spread) -> list:
        return rng.uniform(-width, width, size=shape).tolist()

    return {
        "format": "rnnviz-lesson",
        "version": 1,
        "tokens": tokens,
        "embeddings": {token: uniform(D, width=1.0) for token in vocabulary},
        "hidden_size": H,
        "models": {
            model: {
                "weight_ih": uniform(GATE_COUNT[model] * H, D),
                "weight_hh": uniform(GATE_COUNT[model] * H, H),
                "bias_ih": uniform(GATE_COUNT[model] * H),
                "bias_hh": uniform(GATE_COUNT[model] * H),
            }
            for model in models
        },
        "initial_state": {"h": uniform(H, width=0.5), "c": uniform(H, width=0.5)},
    }


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def time_once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def openblas_threads() -> str:
    """Threads of the OpenBLAS bundled with numpy, asked through its C API (best effort)."""
    libs_dir = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for library in glob.glob(str(libs_dir / "libscipy_openblas*.so*")):
        blas = ctypes.CDLL(library)
        for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_"):
            if hasattr(blas, symbol):
                return str(getattr(blas, symbol)())
    return "unknown"


def print_environment() -> None:
    print(f"python {platform.python_version()}, numpy {np.__version__}, rnnviz {rnnviz.__version__}")
    print(f"cpu: {platform.machine()}, os.cpu_count() = {os.cpu_count()}")
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        print(f"numpy BLAS: {blas.get('openblas configuration') or blas.get('name')}")
    except Exception as error:  # the config layout is numpy-internal; never fail the bench on it
        print(f"numpy BLAS: unknown ({error})")
    print(f"numpy BLAS threads: {openblas_threads()}")
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        print(f"{variable}={os.environ.get(variable, '(unset)')}")


def bench_teaching_size() -> None:
    size = TEACHING
    lesson = rnnviz.load_lesson(random_lesson_dict(size["T"], size["D"], size["H"], size["scale"], rnnviz.MODELS))

    def trace_all_models() -> None:
        for model in rnnviz.MODELS:
            rnnviz.trace(lesson, model)

    for _ in range(5):
        trace_all_models()
    samples = [time_once(trace_all_models) for _ in range(size["repeats"])]
    median = median_ms(samples)
    verdict = "PASS" if median < size["target_ms"] else "FAIL"
    print(
        f"\n[a] teaching size: T={size['T']} H={size['H']} D={size['D']}, "
        f"rnn+lstm+gru traced, median of {size['repeats']}"
    )
    print(f"    {median:.3f} ms (min {min(samples) * 1e3:.3f} ms)  target < {size['target_ms']:g} ms  {verdict}")


def bench_scale() -> None:
    size = SCALE
    print(f"\n[b] scale: LSTM T={size['T']} D={size['D']} H={size['H']} float64, batch 1")
    started = time.perf_counter()
    lesson_dict = random_lesson_dict(size["T"], size["D"], size["H"], size["scale"], ("lstm",))
    lesson = rnnviz.load_lesson(lesson_dict)
    del lesson_dict
    print(f"    (building the lesson from lists took {time.perf_counter() - started:.2f} s, untimed)")

    run_torch = torch_lstm_runner(lesson)

    def trace_lstm() -> rnnviz.Trace:
        return rnnviz.trace(lesson, "lstm")

    for _ in range(2):
        trace_lstm()
        if run_torch is not None:
            run_torch()
    rnnviz_samples, torch_samples = [], []
    for _ in range(size["repeats"]):  # interleaved so both see the same machine state
        rnnviz_samples.append(time_once(trace_lstm))
        if run_torch is not None:
            torch_samples.append(time_once(run_torch))
    rnnviz_ms = median_ms(rnnviz_samples)
    print(f"    rnnviz.trace: median {rnnviz_ms:.2f} ms of {size['repeats']} (min {min(rnnviz_samples) * 1e3:.2f} ms)")
    if run_torch is not None:
        torch_ms = median_ms(torch_samples)
        ratio = rnnviz_ms / torch_ms
        print(
            f"    torch.nn.LSTM: median {torch_ms:.2f} ms of {size['repeats']} (min {min(torch_samples) * 1e3:.2f} ms)"
        )
        verdict = "PASS" if ratio <= 1.0 else "FAIL"
        print(f"    ratio rnnviz/torch = {ratio:.2f}  target <= 1.0  {verdict}")

    bench_memory(lesson)


def torch_lstm_runner(lesson: rnnviz.Lesson) -> Callable[[], object] | None:
    """A no-grad torch.nn.LSTM forward on the lesson's weights and input; None without torch."""
    try:
        import torch
    except ImportError:
        print("    torch is not importable: skipping the torch comparison")
        return None
    weights = lesson.models["lstm"]
    layer = torch.nn.LSTM(lesson.embedding_size, lesson.hidden_size).double()
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(layer, f"{name}_l0").copy_(torch.from_numpy(np.array(getattr(weights, name))))
    inputs = torch.from_numpy(lesson.inputs.copy()).unsqueeze(1)
    state = (
        torch.from_numpy(np.array(lesson.initial_h)).view(1, 1, -1),
        torch.from_numpy(np.array(lesson.initial_c)).view(1, 1, -1),
    )

    def run() -> object:
        with torch.no_grad():
            return layer(inputs, state)

    output = run()[0][:, 0, :].numpy()
    difference = np.abs(rnnviz.trace(lesson, "lstm").h[1:] - output).max()
    print(
        f"    torch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}; "
        f"max |h_rnnviz - h_torch| = {difference:.2e}"
    )
    return run


def root_array(array: np.ndarray) -> np.ndarray:
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def bench_memory(lesson: rnnviz.Lesson) -> None:
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    trace = rnnviz.trace(lesson, "lstm")
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    distinct_bases = {id(root_array(a)): root_array(a) for a in trace.quantities.values()}
    base_bytes = sum(base.nbytes for base in distinct_bases.values())
    print(f"\n[c] memory of the scale trace ({len(trace.quantities)} quantities)")
    print(
        f"    trace.nbytes = {trace.nbytes / 2**20:.2f} MiB; "
        f"{len(distinct_bases)} distinct base arrays hold {base_bytes / 2**20:.2f} MiB"
    )
    print(f"    tracemalloc peak while tracing = {peak / 2**20:.2f} MiB; peak / nbytes = {peak / trace.nbytes:.3f}")


def main() -> int:
    print_environment()
    bench_teaching_size()
    bench_scale()
    return 0


if __name__ == "__main__":
    sys.exit(main())
