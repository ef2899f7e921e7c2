"""`rnnviz render`: the canvas as PNG or SVG without a window; one-line errors that write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rnnviz.cli import main
from rnnviz.resources import default_lesson_path

REPO_ROOT = Path(__file__).resolve().parents[1]


def assert_one_line(stderr: str, *pieces: str) -> None:
    assert stderr.endswith("\n"), repr(stderr)
    assert stderr.count("\n") == 1, repr(stderr)
    assert stderr.startswith("rnnviz"), stderr
    assert "Traceback" not in stderr
    for piece in pieces:
        assert piece in stderr, (piece, stderr)


def test_a_fresh_process_writes_a_png_of_the_requested_width(tmp_path):
    out = tmp_path / "cell.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "rnnviz", "render", "--out", str(out), "--width", "1200"],
        cwd=tmp_path,
        capture_output=True,
        env={**env, "PYTHONPATH": str(REPO_ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() == 1200
    assert 300 < image.height() < 1200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cell.png"]


def test_svg_of_chosen_models_at_a_phase(tmp_path):
    out = tmp_path / "cell.svg"
    args = ["render", "default", "--out", str(out), "--models", "lstm,gru", "--step", "1", "--phase", "reset"]
    assert main(args) == 0
    svg = out.read_text(encoding="utf-8")
    assert "LSTM" in svg
    assert "GRU" in svg
    assert "SimpleRNN" not in svg
    assert "我" in svg  # step 1 (the quotes may be written in a run of their own font)
    # the GRU's caption at the reset stage and the LSTM's forget gate at the same stage (σ is a run of its own)
    assert "W_r x(t) + U_r h(t-1) + b_r)" in svg
    assert "W_f x(t) + U_f h(t-1) + b_f)" in svg
    assert "W_z x(t)" not in svg
    assert 'viewBox="0 0 1600 ' in svg
    assert 'width="423.333mm"' in svg  # 1600 CSS pixels (96 per inch)


def test_phase_names_map_to_their_stage(tmp_path):
    out = tmp_path / "cell.svg"
    assert main(["render", str(default_lesson_path()), "--out", str(out), "--step", "2", "--phase", "cell state"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)" in svg
    assert "爱" in svg


def test_the_default_is_the_last_step_and_phase(tmp_path):
    out = tmp_path / "cell.svg"
    assert main(["render", "--out", str(out), "--models", "rnn"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "祖国" in svg
    assert "t = 3" in svg
    assert "h(t) = tanh(W x(t) + U h(t-1) + b)" in svg


@pytest.mark.parametrize(
    ("args", "pieces"),
    [
        (["--step", "4"], ["--step 4 is outside 0..3"]),
        (["--step", "-1"], ["--step -1 is outside 0..3"]),
        (["--phase", "sideways"], ["unknown --phase 'sideways'"]),
        (["--models", "rnn", "--phase", "forget"], ["--phase 'forget'", "only the LSTM has it"]),
        (["--models", "lstm,tree"], ["unknown model 'tree'"]),
        (["--models", ""], ["--models is empty"]),
        (["--width", "0"], ["--width 0 is outside"]),
        (["nosuchlesson"], ["nosuchlesson: no such lesson file or built-in lesson"]),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, args, pieces):
    for name in ("cell.png", "cell.svg"):
        assert main(["render", *args, "--out", str(tmp_path / name)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert_one_line(captured.err, *pieces)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_extension_or_an_unwritable_path_exits_2(tmp_path, capsys):
    assert main(["render", "--out", str(tmp_path / "cell.jpg")]) == 2
    assert_one_line(capsys.readouterr().err, "cell.jpg: --out must end in .png or .svg")
    assert main(["render", "--out", str(tmp_path / "missing" / "cell.png")]) == 2
    assert_one_line(capsys.readouterr().err, "cannot write")
    readonly = tmp_path / "old.png"
    readonly.write_bytes(b"precious")
    readonly.chmod(0o444)
    assert main(["render", "--out", str(readonly)]) == 2
    assert_one_line(capsys.readouterr().err, "read-only")
    assert readonly.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]


def test_a_bad_lesson_exits_2(tmp_path, capsys):
    lesson = tmp_path / "bad.json"
    data = json.loads(default_lesson_path().read_text(encoding="utf-8"))
    data["hidden_size"] = 4
    lesson.write_text(json.dumps(data), encoding="utf-8")
    assert main(["render", str(lesson), "--out", str(tmp_path / "cell.png")]) == 2
    assert_one_line(capsys.readouterr().err, str(lesson))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
