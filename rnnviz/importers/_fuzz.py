"""Mutation fuzzing of the importers: damaged copies of valid model files, each imported in a batch worker.

Used by tests/importers/test_fuzz_import.py (a few hundred cases, fixed seeds) and by
bench/fuzz_import.py (thousands). A case is one damaged file; its outcome comes from
``_worker.run_case`` in a worker process with the same memory limit as a real import, and a
case that does not answer within the time limit is a hang: the worker is killed and replaced.
"""

from __future__ import annotations

import io
import json
import random
import select
import struct
import subprocess
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._worker import start_batch

#: Values that find off-by-one and overflow mistakes more often than random bytes do.
INTERESTING = [
    b"\x00", b"\xff", b"\x7f", b"\x80", b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f",
    b"\x00\x00\x00\x80", b"\xff" * 8, b"\x00" * 8, struct.pack("<Q", 1 << 40), struct.pack("<I", 1 << 29),
]  # fmt: skip


@dataclass
class Case:
    """One damaged file: what it came from and how it was changed."""

    name: str  # file name to write, keeps the source's suffix
    data: bytes
    source: str
    how: str
    request: dict[str, Any] = field(default_factory=dict)  # extra: layer, vocab...


def mutate_bytes(data: bytes, rng: random.Random, focus: int | None = None) -> tuple[bytes, str]:
    """A copy with one to four flips, inserts, deletions, overwrites or a cut; `focus` biases offsets
    towards the first `focus` bytes (where HDF5 keeps its superblock and object headers)."""
    out = bytearray(data)
    steps = []
    for _ in range(rng.choice((1, 1, 1, 2, 4))):
        if not out:
            break
        limit = len(out) if focus is None or rng.random() < 0.3 else min(focus, len(out))
        at = rng.randrange(limit)
        kind = rng.choice(("flip", "flip", "byte", "interesting", "insert", "delete", "cut"))
        if kind == "flip":
            out[at] ^= 1 << rng.randrange(8)
        elif kind == "byte":
            out[at] = rng.randrange(256)
        elif kind == "interesting":
            value = rng.choice(INTERESTING)
            out[at : at + len(value)] = value
        elif kind == "insert":
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.choice((1, 2, 8))))
        elif kind == "delete":
            del out[at : at + rng.choice((1, 2, 8, 64))]
        else:
            del out[at:]
        steps.append(f"{kind}@{at}")
    return bytes(out), "+".join(steps) or "none"


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def mutate_zip_member(data: bytes, rng: random.Random, focus: int | None = 4096) -> tuple[bytes, str]:
    """The archive written again with one member's bytes mutated (so the zip's CRC still matches)."""
    members = _members(data)
    k = rng.randrange(len(members))
    info, content = members[k]
    changed, how = mutate_bytes(content, rng, focus if info.filename.endswith(".h5") else None)
    members[k] = (info, changed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, payload in members:
            archive.writestr(member, payload, compress_type=member.compress_type)
    return buffer.getvalue(), f"{info.filename}:{how}"


def mutate_config(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A .keras archive whose config.json has one value replaced by something odd but valid JSON."""
    members = _members(data)
    k = next(i for i, (info, _) in enumerate(members) if info.filename == "config.json")
    config = json.loads(members[k][1])
    paths: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            paths.append((node, key))
            walk(value)

    walk(config)
    node, key = rng.choice(paths)
    odd = rng.choice([None, 0, -1, 2**70, 1e308, "", "x\ny", "\udc80", [], {}, [[[[]]]], True, "relu", "linear"])
    node[key] = odd
    members[k] = (members[k][0], json.dumps(config).encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, payload in members:
            archive.writestr(member, payload, compress_type=member.compress_type)
    return buffer.getvalue(), f"config.json:{key!r}={odd!r}"


#: (format, fixture files, mutation) for each importer; the fixtures are in tests/fixtures/models.
def _strategies() -> dict[str, tuple[list[str], list[Callable[[bytes, random.Random], tuple[bytes, str]]]]]:
    h5 = lambda data, rng: mutate_bytes(data, rng, focus=4096)  # noqa: E731
    return {
        "pt-zip": (
            ["pytorch/rnn.pt", "pytorch/lstm_2layer_bi.pt", "pytorch/embed_lstm.pt", "pytorch/views.pt"],
            [mutate_bytes, mutate_zip_member, mutate_zip_member],
        ),
        "pt-legacy": (["pytorch/rnn_legacy.pt"], [mutate_bytes]),
        "safetensors": (["pytorch/embed_lstm.safetensors"], [mutate_bytes]),
        "keras": (
            ["keras/simple_rnn.keras", "keras/bidirectional_lstm.keras", "keras/embedding_lstm.keras"],
            [mutate_bytes, mutate_zip_member, mutate_zip_member, mutate_config],
        ),
        "weights-h5": (["keras/gru.weights.h5", "keras/embedding_lstm.weights.h5"], [h5]),
    }


FORMATS = tuple(_strategies())


def make_cases(models: Path, count: int, seed: int, formats: tuple[str, ...] = FORMATS) -> list[Case]:
    """`count` damaged files, spread over the formats, the same for the same seed."""
    rng = random.Random(seed)
    strategies = _strategies()
    cases = []
    for k in range(count):
        fmt = formats[k % len(formats)]
        sources, mutations = strategies[fmt]
        source = rng.choice(sources)
        data = (models / source).read_bytes()
        mutation = rng.choice(mutations)
        try:
            damaged, how = mutation(data, rng)
        except (zipfile.BadZipFile, ValueError):  # pragma: no cover - the fixtures are valid zips
            damaged, how = data, "none"
        request = {"vocab_size_hint": 10} if "embed" in source else {}
        cases.append(Case(f"case{k}_{Path(source).name}", damaged, source, f"{fmt}:{how}", request))
    return cases


def sweep_cases(models: Path, source: str, xor: int = 0xFF) -> list[Case]:
    """One case per byte of a fixture: that byte XORed with `xor` (finds what random mutation misses)."""
    data = (models / source).read_bytes()
    cases = []
    for at in range(len(data)):
        damaged = bytearray(data)
        damaged[at] ^= xor
        cases.append(Case(f"sweep{at}_{Path(source).name}", bytes(damaged), source, f"sweep:xor{xor:#x}@{at}"))
    return cases


class Runner:
    """Runs cases in a batch worker, replacing it after a hang or a crash."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.worker = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker.wait()
            if self.worker.stdin:
                self.worker.stdin.close()
            if self.worker.stdout:
                self.worker.stdout.close()
            self.worker = None

    def run(self, path: Path, request: dict[str, Any]) -> dict[str, Any]:
        if self.worker is None:
            self.worker = start_batch()
        line = json.dumps({"path": str(path), "mode": "import", **request}) + "\n"
        try:
            self.worker.stdin.write(line)
            self.worker.stdin.flush()
        except BrokenPipeError:  # pragma: no cover - the worker died between cases
            self.close()
            return {"outcome": "failed", "class": "worker died", "seconds": 0.0}
        started = time.perf_counter()
        ready, _, _ = select.select([self.worker.stdout], [], [], self.timeout)
        answer = self.worker.stdout.readline() if ready else ""
        if not answer:
            try:
                returncode = self.worker.wait(timeout=1.0) if ready else None
            except subprocess.TimeoutExpired:  # pragma: no cover - closed its output but did not exit
                returncode = None
            self.close()
            what = "hang" if returncode is None else f"worker died ({returncode})"
            return {"outcome": "failed", "class": what, "seconds": time.perf_counter() - started}
        return json.loads(answer)


def run_cases(cases: list[Case], folder: Path, timeout: float, vocab: Path | None = None) -> list[tuple[Case, dict]]:
    """Each case written to `folder` and imported; (case, answer) pairs in order."""
    results = []
    with Runner(timeout) as runner:
        for case in cases:
            path = folder / case.name
            path.write_bytes(case.data)
            request = {}
            if case.request.get("vocab_size_hint") and vocab is not None:
                request["vocab"] = str(vocab)
            results.append((case, runner.run(path, request)))
            path.unlink()
    return results
