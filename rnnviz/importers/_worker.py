"""Reads an untrusted model file in a child process, within limits of time and memory.

A damaged HDF5 file can make libhdf5 spin forever while it holds the GIL, and a few bytes of
a model file can declare gigabytes: no check inside the reading process bounds every case.
So the parent runs ``python -m rnnviz.importers._worker REQUEST``; the child lowers its own
address-space and CPU limits, reads the file with the ordinary readers, and writes back only
what was asked for (the layers' names and shapes, the chosen layer's arrays, the embedding
rows the vocabulary needs) as a JSON header followed by raw float64 bytes: the parent never
unpickles anything. The parent waits on the pipe, which does not hold the GIL, kills the
child at the time limit or when the read is cancelled, and turns every failure into one
ModelImportError line.

``python -m rnnviz.importers._worker --batch`` reads requests as JSON lines from stdin and runs
each whole import in-process (reading, transport, lesson, reload), answering one JSON line per
request: the fuzz tests and bench/fuzz_import.py drive it, killing it when a case hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..core.child import child_env
from .layers import EmbeddingTable, ImportCancelled, ModelImportError, RecurrentLayer, printable

#: Wall-clock time a read may take; with the child's start-up, `rnnviz import` ends within 10 s.
READ_SECONDS = 8.0
#: Address space of the reading process (RLIMIT_AS, POSIX): enough for any file under MAX_FILE_BYTES.
MEMORY_BYTES = 2 * 1024**3
#: Model files larger than this are refused before anything reads them.
MAX_FILE_BYTES = 256 * 1024**2
#: What the child may send back (arrays as float64).
MAX_RESULT_BYTES = 1024**3
#: Numbers an imported lesson may hold: at most about 150 MB of lesson JSON (the loader reads 256 MB),
#: and about 10 s to write on a slow 2-core machine; an H=1024, D=256 LSTM (5.25 million) fits.
MAX_LESSON_NUMBERS = 6_000_000
#: How often the waiting parent looks at the cancel event and the clock.
POLL_SECONDS = 0.05

_MAGIC = b"RNNVIZ-IMPORT-1\n"


@dataclass
class ReadResult:
    """What a read gives the parent: every layer (only `chosen` with its weights when importing),
    the embedding tables sent, and the index of the chosen layer (None when listing)."""

    layers: list[RecurrentLayer]
    tables: list[EmbeddingTable]
    chosen: int | None


# ---------------------------------------------------------------------------------------------
# Child side: read, select, encode


def read_file(path: Path, *, embeddings: bool = True) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Every recurrent layer (and embedding table) in a model file, in file order, in this process."""
    from . import KERAS_SUFFIXES, PYTORCH_SUFFIXES

    suffix = path.suffix.lower()
    if suffix in PYTORCH_SUFFIXES:
        from .pytorch import read_layers as read_pytorch

        layers, tables = read_pytorch(path, embeddings=embeddings)
    elif suffix in KERAS_SUFFIXES:
        from .keras import read_keras

        layers, tables = read_keras(path, embeddings=embeddings)
    else:  # pragma: no cover - the parent checks the suffix first
        raise ModelImportError(f"{path}: unknown model file type")
    if not layers:
        raise ModelImportError(f"{path}: no recurrent layer (RNN, LSTM or GRU) found")
    return layers, tables


def serve(request: dict[str, Any]) -> tuple[dict[str, Any], list[np.ndarray]]:
    """Answer one request ({"path", "mode": "list" | "import", "layer", "vocab_size"}) in this process."""
    from . import choose_layer, matching_table

    path = Path(request["path"])
    vocab_size = request.get("vocab_size")
    listing = request["mode"] == "list"
    with np.errstate(all="ignore"):
        layers, tables = read_file(path, embeddings=listing or vocab_size is not None)
        arrays: list[np.ndarray] = []
        if listing:
            chosen = None
            sent_tables = tables
        else:
            layer = choose_layer(layers, request.get("layer"), path)
            chosen = next(k for k, candidate in enumerate(layers) if candidate is layer)
            sent_tables = []
            if vocab_size is not None:
                table = matching_table(tables, layer.input_size, vocab_size, path)
                sent_tables = [EmbeddingTable(table.name, table.weight[:vocab_size])]
        # Only what the caller uses leaves this process: a listing needs names and shapes, an
        # import the chosen layer's weights and the vocabulary's rows. Sizes are checked first.
        sent = [] if listing else [layers[chosen].weight_ih, layers[chosen].weight_hh, layers[chosen].bias_ih,
                                   layers[chosen].bias_hh, *(table.weight for table in sent_tables)]  # fmt: skip
        _check_sizes(path, sum(a.size for a in sent), None if listing else layers[chosen].name)
        header: dict[str, Any] = {"chosen": chosen, "layers": [], "tables": []}
        for k, layer in enumerate(layers):
            entry = {
                "name": layer.name,
                "kind": layer.kind,
                "note": layer.note,
                "nonlinearity": layer.nonlinearity,
                "stated": layer.nonlinearity_stated,
                "shapes": [list(a.shape) for a in (layer.weight_ih, layer.weight_hh, layer.bias_ih, layer.bias_hh)],
                "arrays": None,
            }
            if k == chosen:
                entry["arrays"] = _add(arrays, layer.weight_ih, layer.weight_hh, layer.bias_ih, layer.bias_hh)
            header["layers"].append(entry)
        for table in sent_tables:
            array = None if listing else _add(arrays, table.weight)[0]
            header["tables"].append({"name": table.name, "shape": list(table.weight.shape), "array": array})
    return header, arrays


def _check_sizes(path: Path, numbers: int, layer_name: str | None) -> None:
    """Refuse, before anything is converted, what would not fit in a lesson or in the answer."""
    if layer_name is not None and numbers > MAX_LESSON_NUMBERS:
        raise ModelImportError(
            f"{path}: {printable(layer_name)} and its embeddings hold {numbers:,} numbers; a lesson holds "
            f"at most {MAX_LESSON_NUMBERS:,} (lesson files are read up to 256 MB)"
        )
    if numbers * 8 > MAX_RESULT_BYTES:
        raise ModelImportError(
            f"{path}: the weights to import take {numbers * 8 / 1024**2:,.0f} MB, more than the "
            f"{MAX_RESULT_BYTES // 1024**2:,} MB rnnviz imports"
        )


def _add(arrays: list[np.ndarray], *new: np.ndarray) -> list[int]:
    start = len(arrays)
    arrays.extend(np.ascontiguousarray(a, dtype="<f8") for a in new)
    return list(range(start, len(arrays)))


def encode(header: dict[str, Any], arrays: list[np.ndarray]) -> bytes:
    """Magic, header length, JSON header (with each array's shape), then each array's float64 bytes."""
    header = {**header, "array_shapes": [list(a.shape) for a in arrays]}
    text = json.dumps(header, ensure_ascii=True).encode("ascii")  # lone surrogates become \\udcxx escapes
    return b"".join([_MAGIC, struct.pack("<Q", len(text)), text, *(a.tobytes() for a in arrays)])


def decode(data: bytes) -> dict[str, Any]:
    """The header of an encoded answer, with its arrays (read-only views into `data`) under "arrays"."""
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 8:
        raise ValueError("not an answer from the reader")
    start = len(_MAGIC) + 8
    (length,) = struct.unpack("<Q", data[len(_MAGIC) : start])
    header = json.loads(data[start : start + length].decode("ascii"))
    offset = start + length
    arrays = []
    for shape in header["array_shapes"]:
        count = int(np.prod(shape, dtype=np.int64))
        array = np.frombuffer(data, dtype="<f8", count=count, offset=offset).reshape(shape)
        arrays.append(array.astype(np.float64, copy=False))
        offset += 8 * count
    if offset != len(data):
        raise ValueError("the reader's answer has the wrong length")
    header["arrays"] = arrays
    return header


def result_from(header: dict[str, Any]) -> ReadResult:
    """Layers and tables from a decoded answer; names and notes from the file made printable.

    A layer or table whose arrays were not sent (a listing, or not the chosen layer) holds
    read-only NaN placeholders of its real shapes, taking no memory.
    """
    arrays = header["arrays"]
    layers = []
    for entry in header["layers"]:
        if entry["arrays"] is None:
            weights = [_placeholder(shape) for shape in entry["shapes"]]
        else:
            weights = [arrays[k] for k in entry["arrays"]]
        layers.append(
            RecurrentLayer(
                name=printable(entry["name"]),
                kind=entry["kind"],
                note=printable(entry["note"]),
                nonlinearity=entry["nonlinearity"],
                nonlinearity_stated=entry["stated"],
                weight_ih=weights[0],
                weight_hh=weights[1],
                bias_ih=weights[2],
                bias_hh=weights[3],
            )
        )
    tables = [
        EmbeddingTable(
            printable(t["name"]),
            arrays[t["array"]] if t["array"] is not None else _placeholder(t["shape"]),
        )
        for t in header["tables"]
    ]
    return ReadResult(layers, tables, header["chosen"])


def _placeholder(shape: list[int]) -> np.ndarray:
    """NaN of a shape that was not sent: read-only, and no memory behind it."""
    return np.broadcast_to(np.float64(np.nan), tuple(shape))


def _limit_resources(cpu: bool = True) -> None:
    """Lower this process's address space and CPU time (POSIX; elsewhere only the parent's clock applies).

    A batch worker (cpu=False) runs many cases; its driver times each one instead.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    limits = (
        (resource.RLIMIT_AS, MEMORY_BYTES, MEMORY_BYTES),
        (resource.RLIMIT_CPU, int(READ_SECONDS) + 2, int(READ_SECONDS) + 4),
        (resource.RLIMIT_CORE, 0, 0),
    )
    for which, soft, hard in limits:
        if which == resource.RLIMIT_CPU and not cpu:
            continue
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        with contextlib.suppress(ValueError, OSError):  # a platform without this limit
            resource.setrlimit(which, (soft, hard))


def _failure(path: object, error: BaseException) -> dict[str, Any]:
    """The answer for a read that failed: one line, and the class of an unexpected error."""
    if isinstance(error, ModelImportError):
        return {"error": str(error)}
    if isinstance(error, MemoryError):
        limit = MEMORY_BYTES // 1024**3
        return {
            "error": f"{path}: reading needs more than the {limit} GB of memory rnnviz allows; "
            "the file is damaged or too large",
            "unexpected": "MemoryError",
        }
    if isinstance(error, RecursionError):
        return {"error": f"{path}: cannot read the file (it is nested too deeply)", "unexpected": "RecursionError"}
    name = type(error).__name__
    text = " ".join(str(error).split())[:200]
    return {"error": f"{path}: cannot read the file ({name}: {text})", "unexpected": name}


def _child_main(argument: str) -> int:
    _limit_resources()
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print from a library must not corrupt the answer
    request: dict[str, Any] = {}
    try:
        request = json.loads(argument)
        data = encode(*serve(request))
    except BaseException as error:  # noqa: BLE001 - every failure becomes one line for the parent
        data = encode(_failure(request.get("path", "?"), error), [])
    answer.write(data)
    answer.flush()
    return 0


# ---------------------------------------------------------------------------------------------
# Parent side: run the child, wait, decode


def read_in_child(
    request: dict[str, Any], *, cancel: threading.Event | None = None, timeout: float = READ_SECONDS
) -> ReadResult:
    """Answer a request in a child process; ModelImportError (one line) for any failure of the read.

    Raises ImportCancelled within about POLL_SECONDS of `cancel` being set.
    """
    path = request["path"]
    command = [sys.executable, "-m", "rnnviz.importers._worker", json.dumps(request, ensure_ascii=True)]
    env = child_env()
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()
    try:
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
    except OSError as error:
        raise ModelImportError(f"{path}: cannot start the reader ({error.strerror or error})") from None
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                out, err = child.communicate(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled() from None
                if time.monotonic() > deadline:
                    raise ModelImportError(
                        f"{path}: reading took longer than {timeout:g} s; the file is damaged or too large"
                    ) from None
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    return _answer(path, child.returncode, out, err)


def _answer(path: object, returncode: int, out: bytes, err: bytes) -> ReadResult:
    try:
        header = decode(out)
    except (ValueError, KeyError, TypeError, struct.error):
        header = None
    if header is not None and "error" in header:
        raise ModelImportError(header["error"])
    if header is not None and returncode == 0:
        return result_from(header)  # our own answer: a failure here is a bug in rnnviz, not in the file
    if returncode < 0:
        import signal

        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        if name == "SIGXCPU":
            raise ModelImportError(f"{path}: reading took too much processor time; the file is damaged or too large")
        raise ModelImportError(f"{path}: the reader stopped with {name}; the file is damaged")
    last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
    raise ModelImportError(f"{path}: the reader failed ({last[:200]})")


# ---------------------------------------------------------------------------------------------
# Batch mode, for fuzzing: whole imports in this process, one JSON line per request


def run_case(request: dict[str, Any]) -> dict[str, Any]:
    """One whole import in this process: {"outcome": "imported" | "refused" | "failed", ...}.

    "failed" is anything but a lesson that loads or a one-line ModelImportError: another
    exception (its class is given), a message over several lines, or a lesson that does not load.
    """
    import warnings

    from ..core.lesson import load_lesson
    from . import build_lesson, read_vocab

    started = time.perf_counter()
    answer: dict[str, Any]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning printed during an import is a failure
            words = read_vocab(request["vocab"]) if request.get("vocab") else None
            sub = {**request, "vocab_size": None if words is None else len(words)}
            try:
                header = decode(encode(*serve(sub)))
            except BaseException as error:
                failure = _failure(request["path"], error)
                if "unexpected" in failure:
                    raise
                raise ModelImportError(failure["error"]) from None
            result = result_from(header)
            lesson = build_lesson(
                Path(request["path"]), result, words, request.get("tokens"), request.get("nonlinearity")
            )
            load_lesson(json.loads(lesson.to_json()))
        answer = {"outcome": "imported", "kind": result.layers[result.chosen].kind}
    except ModelImportError as error:
        message = str(error)
        answer = {"outcome": "refused", "message": message}
        if "\n" in message or "\r" in message:
            answer = {"outcome": "failed", "class": "multi-line message", "message": message}
    except BaseException as error:  # noqa: BLE001 - what the fuzzing looks for
        answer = {"outcome": "failed", "class": type(error).__name__, "message": " ".join(str(error).split())[:300]}
    answer["seconds"] = time.perf_counter() - started
    peak = peak_memory_kb()
    if peak is not None:
        answer["max_rss_kb"] = peak
    return answer


def peak_memory_kb() -> int | None:
    """This process's own peak resident memory in KiB.

    Linux's VmHWM, not getrusage's ru_maxrss: that one survives execve, so a worker started by
    a big parent (a long pytest run) would report the parent's peak as its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _batch_main() -> int:
    _limit_resources(cpu=False)
    answer = os.fdopen(os.dup(1), "w", encoding="ascii")
    os.dup2(2, 1)
    for line in sys.stdin:
        if line.strip():
            answer.write(json.dumps(run_case(json.loads(line))) + "\n")
            answer.flush()
    return 0


def start_batch() -> subprocess.Popen:
    """A batch worker (see the module docstring), with the same limits as an ordinary read."""
    env = child_env()
    return subprocess.Popen(
        [sys.executable, "-m", "rnnviz.importers._worker", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1,
    )  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["--batch"]:
        sys.exit(_batch_main())
    sys.exit(_child_main(sys.argv[1]))
