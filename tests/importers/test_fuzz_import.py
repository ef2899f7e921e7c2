"""Fuzzing every importer: damaged copies of the valid fixtures import to a lesson that loads or give one line.

Each case runs in a batch worker with the same memory limit as a real import (see
rnnviz.importers._worker): another exception, a message over two lines, a lesson that does
not load, a printed warning or a MemoryError is a failure. Seeds and hypothesis are fixed
(derandomize), so the suite is the same on every run; bench/fuzz_import.py runs thousands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnviz.importers import ModelImportError
from rnnviz.importers._fuzz import FORMATS, Runner, make_cases, run_cases
from rnnviz.importers._worker import read_in_child

# POSIX only: the fuzz runner waits on its workers' pipes with select(), and limits come from rlimits.
resource = pytest.importorskip("resource")

MODELS = Path(__file__).resolve().parent.parent / "fixtures" / "models"
REPO = Path(__file__).resolve().parents[2]
CASES_PER_FORMAT = 80
SECONDS_PER_CASE = 5.0


def _vocab(folder: Path) -> Path:
    path = folder / "vocab.txt"
    path.write_text("".join(f"w{k}\n" for k in range(5)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_mutated_files_import_or_give_one_line(tmp_path: Path, fmt: str) -> None:
    cases = make_cases(MODELS, CASES_PER_FORMAT, seed=20260101 + FORMATS.index(fmt), formats=(fmt,))
    results = run_cases(cases, tmp_path, SECONDS_PER_CASE, vocab=_vocab(tmp_path))
    failures = [(case.how, answer) for case, answer in results if answer["outcome"] == "failed"]
    assert failures == []
    outcomes = {answer["outcome"] for _, answer in results}
    assert outcomes == {"imported", "refused"}, "the mutations should both spare and break files"
    assert max(answer["max_rss_kb"] for _, answer in results) < 512 * 1024
    assert list(tmp_path.iterdir()) == [tmp_path / "vocab.txt"]  # nothing written next to the model files


@pytest.fixture(scope="module")
def runner():
    with Runner(SECONDS_PER_CASE) as running:
        yield running


FIXTURES = [
    "pytorch/rnn.pt", "pytorch/rnn_legacy.pt", "pytorch/embed_lstm.safetensors", "keras/gru.keras",
    "keras/gru.weights.h5",
]  # fmt: skip


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    source=st.sampled_from(FIXTURES),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.none() | st.floats(0, 1),
)
def test_property_any_bytes_import_or_give_one_line(runner, tmp_path_factory, source, edits, cut) -> None:
    data = bytearray((MODELS / source).read_bytes())
    for where, value in edits:
        data[int(where * len(data))] = value
    if cut is not None:
        del data[int(cut * len(data)) :]
    path = tmp_path_factory.mktemp("case") / Path(source).name
    path.write_bytes(bytes(data))
    answer = runner.run(path, {})
    assert answer["outcome"] in ("imported", "refused"), answer
    if answer["outcome"] == "refused":
        assert len(answer["message"].splitlines()) == 1


# ---- what only a child process can bound ----------------------------------------------------------


def _flipped(tmp_path: Path, source: str, at: int) -> Path:
    data = bytearray((MODELS / source).read_bytes())
    data[at] ^= 0xFF
    path = tmp_path / Path(source).name
    path.write_bytes(bytes(data))
    return path


def test_hdf5_that_makes_libhdf5_spin_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    path = _flipped(tmp_path, "keras/gru.weights.h5", 2056)  # found by bench/fuzz_import.py: spins forever
    with pytest.raises(ModelImportError) as caught:
        read_in_child({"path": str(path), "mode": "list"}, timeout=1.5)
    assert str(caught.value) == f"{path}: reading took longer than 1.5 s; the file is damaged or too large"


def test_hdf5_that_crashes_libhdf5_gives_one_line(tmp_path: Path) -> None:
    path = _flipped(tmp_path, "keras/gru.weights.h5", 8841)  # found by bench/fuzz_import.py: a segfault
    with pytest.raises(ModelImportError) as caught:
        read_in_child({"path": str(path), "mode": "list"})
    assert str(caught.value) == f"{path}: the reader stopped with SIGSEGV; the file is damaged"


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3_000_000 * 1024, 3_000_000 * 1024))  # ulimit -v 3000000


def test_cli_under_a_3_gb_address_space_limit_ends_in_one_line(tmp_path: Path) -> None:
    memo = tmp_path / "memo.pt"
    memo.write_bytes(b"\x80\x02Nr\x00\x00\x00\x20.")
    out = tmp_path / "lesson.json"
    result = subprocess.run(
        [sys.executable, "-m", "rnnviz", "import", str(memo), "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=30, preexec_fn=_limit_address_space,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == f"rnnviz: {memo}: the pickle inside is damaged (memo entry 536870912 out of range)\n"
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc")
def test_worker_peak_memory_is_its_own_not_its_parents():
    """getrusage's ru_maxrss survives execve: a worker of a big pytest process reported 735 MB for 34."""
    script = (
        "import subprocess, sys\n"
        "ballast = b'x' * (300 << 20)\n"
        "code = 'from rnnviz.importers._worker import peak_memory_kb; print(peak_memory_kb())'\n"
        "print(subprocess.run([sys.executable, '-c', code], capture_output=True, text=True).stdout)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    child_kb = int(result.stdout.split()[0])
    assert 1_000 < child_kb < 200 * 1024
