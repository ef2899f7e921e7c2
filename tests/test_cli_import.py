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


# ---- issue 7: refusals in one line, nothing written that does not load ------------------------------


def _run(*args: str | bytes, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rnnviz", "import", *args], capture_output=True, cwd=cwd, timeout=60
    )  # fmt: skip


def test_out_that_is_the_model_file_itself_is_refused(tmp_path):
    model = tmp_path / "m.pt"
    model.write_bytes((MODELS / "pytorch" / "rnn.pt").read_bytes())
    before = model.read_bytes()
    for out in (model, tmp_path / "." / "m.pt"):
        assert main(["import", str(model), "--out", str(out)]) == 2
    assert model.read_bytes() == before
    vocab = _vocab(tmp_path, 10)
    assert main(["import", str(MODELS / "pytorch" / "embed_lstm.pt"), "--vocab", str(vocab), "--out", str(vocab)]) == 2
    assert vocab.read_text(encoding="utf-8").startswith("w0\n")


def test_messages_for_own_input_and_read_only_target(tmp_path, capsys):
    model = tmp_path / "m.pt"
    model.write_bytes((MODELS / "pytorch" / "rnn.pt").read_bytes())
    assert main(["import", str(model), "--out", str(model)]) == 2
    assert capsys.readouterr().err == f"rnnviz: {model}: --out is the model file itself; choose another file to write\n"
    target = tmp_path / "locked.json"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    assert main(["import", str(model), "--out", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"rnnviz: {target}: the file is read-only; choose another --out or make it writable\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me"


def test_layer_given_as_a_superscript_digit(tmp_path):
    model = MODELS / "pytorch" / "rnn.pt"
    result = _run(str(model), "--out", str(tmp_path / "x.json"), "--layer", "²")
    assert result.returncode == 2
    assert result.stderr.decode() == f"rnnviz: {model}: no layer named '²'; the file has 0: rnn layer 0\n"
    assert not (tmp_path / "x.json").exists()


def test_tokens_with_bytes_that_are_not_utf8(tmp_path):
    out = tmp_path / "x.json"
    result = _run(str(MODELS / "pytorch" / "rnn.pt"), "--out", str(out), "--tokens", b"a \xff b")
    assert result.returncode == 2
    assert result.stderr.decode() == "rnnviz: token \\udcff is not valid text (it holds bytes that are not UTF-8)\n"
    assert not out.exists()


def test_model_file_name_that_is_not_utf8_writes_a_lesson_that_loads(tmp_path):
    model = tmp_path.joinpath(b"m\xff.pt".decode("utf-8", "surrogateescape"))
    model.write_bytes((MODELS / "pytorch" / "rnn.pt").read_bytes())
    out = tmp_path / "x.json"
    result = _run(bytes(model), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert rnnviz.load_lesson(out).title == "rnn layer 0 from m\\udcff.pt"


def test_nonlinearity_option(tmp_path, capsys):
    out = tmp_path / "relu.json"
    assert main(["import", str(MODELS / "pytorch" / "rnn.pt"), "--out", str(out), "--nonlinearity", "relu"]) == 0
    assert rnnviz.load_lesson(out).models["rnn"].nonlinearity == "relu"
    keras = MODELS / "keras" / "simple_rnn.keras"
    capsys.readouterr()
    assert main(["import", str(keras), "--out", str(tmp_path / "k.json"), "--nonlinearity", "relu"]) == 2
    assert capsys.readouterr().err == (
        f"rnnviz: {keras}: layer simple_rnn uses tanh, as the file says; --nonlinearity relu disagrees "
        "(leave it out to use the file's)\n"
    )
    assert not (tmp_path / "k.json").exists()
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(keras), "--out", str(tmp_path / "k.json"), "--nonlinearity", "sigmoid"])
    assert exit_info.value.code == 2


def test_tokens_missing_from_the_vocabulary_are_named_in_one_warning(tmp_path, capsys):
    vocab = _vocab(tmp_path, 10)
    out = tmp_path / "x.json"
    args = ["import", str(MODELS / "pytorch" / "embed_lstm.pt"), "--out", str(out), "--vocab", str(vocab)]
    assert main([*args, "--tokens", "w1 zz w2 qq zz"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"rnnviz: warning: not in {vocab}, so given made-up embeddings: zz qq",
        f"rnnviz: wrote {out}: lstm encoder layer 0",
    ]
    assert main([*args, "--tokens", "w1 w2"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_vocabulary_is_read_once_so_a_pipe_works(tmp_path, capsys, monkeypatch):
    """`--vocab <(...)` gives its words once: a second read for the warning met an empty pipe and a traceback."""
    import rnnviz.importers

    vocab = _vocab(tmp_path, 10)
    real_read = rnnviz.importers.read_vocab
    reads: list[str] = []

    def read_like_a_pipe(path):
        reads.append(str(path))
        if len(reads) > 1:
            raise rnnviz.importers.ModelImportError(f"{path}: the vocabulary is empty")
        return real_read(path)

    monkeypatch.setattr(rnnviz.importers, "read_vocab", read_like_a_pipe)
    out = tmp_path / "x.json"
    model = MODELS / "pytorch" / "embed_lstm.pt"
    assert main(["import", str(model), "--out", str(out), "--vocab", str(vocab), "--tokens", "w3 zz"]) == 0
    assert reads == [str(vocab)]
    assert capsys.readouterr().err.splitlines() == [
        f"rnnviz: warning: not in {vocab}, so given made-up embeddings: zz",
        f"rnnviz: wrote {out}: lstm encoder layer 0",
    ]
    assert rnnviz.load_lesson(out).tokens == ("w3", "zz")


def test_an_unexpected_error_is_one_line_and_status_1(tmp_path, capsys, monkeypatch):
    import rnnviz.importers

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(rnnviz.importers, "import_model", broken)
    out = tmp_path / "x.json"
    assert main(["import", str(MODELS / "pytorch" / "rnn.pt"), "--out", str(out)]) == 1
    assert capsys.readouterr().err == "rnnviz: unexpected error: RuntimeError: a bug over two lines\n"
    assert not out.exists()
