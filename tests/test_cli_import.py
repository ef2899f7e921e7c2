"""`rnnviz import` end to end: a trained model becomes a lesson that computes the framework's outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rnnviz
from rnnviz.cli import main

MODELS = Path(__file__).resolve().parent / "fixtures" / "models"
REPO = Path(__file__).resolve().parents[1]


def _vocab(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "vocab.txt"
    path.write_text("".join(f"w{k}\n" for k in range(size)), encoding="utf-8")
    return path


def test_pytorch_embedding_and_lstm_match_torch(tmp_path, capsys):
    expected = json.loads((MODELS / "pytorch" / "embed_lstm.json").read_text())
    vocab_size = expected["shapes"]["embedding.weight"][0]
    ids = expected["token_ids"]
    out = tmp_path / "lesson.json"
    args = ["import", str(MODELS / "pytorch" / "embed_lstm.pt"), "--out", str(out)]
    args += ["--vocab", str(_vocab(tmp_path, vocab_size)), "--tokens", " ".join(f"w{k}" for k in ids)]
    assert main(args) == 0
    assert "wrote" in capsys.readouterr().err
    lesson = rnnviz.load_lesson(out)
    trace = rnnviz.trace(lesson, "lstm")
    np.testing.assert_allclose(trace.h, np.array(expected["layers"][0]["h"]), atol=1e-6, rtol=0)
    assert "embed_lstm.pt" in lesson.extra["source"]


def test_safetensors_gives_the_same_lesson_as_pt(tmp_path):
    for suffix in ("pt", "safetensors"):
        model = MODELS / "pytorch" / f"embed_lstm.{suffix}"
        assert main(["import", str(model), "--out", str(tmp_path / f"{suffix}.json")]) == 0
    a, b = (rnnviz.load_lesson(tmp_path / f"{s}.json") for s in ("pt", "safetensors"))
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_array_equal(getattr(a.models["lstm"], name), getattr(b.models["lstm"], name))


def test_keras_embedding_lstm_matches_keras(tmp_path):
    expected = json.loads((MODELS / "keras" / "embedding_lstm.json").read_text())
    ids = expected["model_input"]
    out = tmp_path / "lesson.json"
    args = ["import", str(MODELS / "keras" / "embedding_lstm.keras"), "--out", str(out)]
    args += ["--vocab", str(_vocab(tmp_path, max(ids) + 1)), "--tokens", " ".join(f"w{k}" for k in ids)]
    assert main(args) == 0
    trace = rnnviz.trace(rnnviz.load_lesson(out), "lstm")
    np.testing.assert_allclose(trace.h[1:], np.array(expected["layers"][0]["h"]), atol=1e-6, rtol=0)


def test_list_and_layer_choice(tmp_path, capsys):
    model = MODELS / "pytorch" / "lstm_2layer_bi.pt"
    assert main(["import", str(model), "--list"]) == 0
    listing = capsys.readouterr().out.strip().splitlines()
    assert len(listing) == 4  # 2 layers x 2 directions
    assert not (tmp_path / "x.json").exists()
    assert main(["import", str(model), "--out", str(tmp_path / "x.json"), "--layer", "3"]) == 0
    lesson = rnnviz.load_lesson(tmp_path / "x.json")
    assert "reverse" in lesson.extra["source"]
    assert main(["import", str(model), "--out", str(tmp_path / "y.json"), "--layer", "9"]) == 2
    assert "no layer 9" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pt", b"hello, this is not a model", "not"),
        ("empty.safetensors", b"", "safetensors"),
        ("model.onnx", b"\x08\x01", "unknown model file type"),
        ("truncated.pt", None, "truncated"),
        ("reset_before.keras", "gru_reset_before.keras", "reset_after"),
        ("hard.keras", "lstm_hard_sigmoid.keras", "hard_sigmoid"),
    ],
)
def test_bad_model_files_exit_2_with_one_line_and_write_nothing(tmp_path, name, content, message):
    source = tmp_path / name
    if content is None:
        data = (MODELS / "pytorch" / "rnn.pt").read_bytes()
        source.write_bytes(data[: len(data) // 2])
    elif isinstance(content, str):
        source.write_bytes((MODELS / "keras" / content).read_bytes())
    else:
        source.write_bytes(content)
    out = tmp_path / "lesson.json"
    out.write_text("keep me", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "rnnviz", "import", str(source), "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert name in lines[0]
    assert message in lines[0].lower() or message in lines[0]
    assert out.read_text(encoding="utf-8") == "keep me"


def test_out_is_required_without_list(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(MODELS / "pytorch" / "rnn.pt")])
    assert exit_info.value.code == 2
    assert "--out" in capsys.readouterr().err
