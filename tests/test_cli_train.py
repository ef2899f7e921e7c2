"""`rnnviz train`: the files it writes, deterministic for a seed, and one-line refusals (exit 2)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

import rnnviz
from rnnviz.cli import main
from rnnviz.core.tasks import TASKS, held_out


def test_train_list_names_every_task(capsys):
    assert main(["train", "--list"]) == 0
    out = capsys.readouterr().out
    for name, task in TASKS.items():
        assert f"{name}" in out
        assert task.description in out


def test_a_short_run_writes_a_lesson_per_model_the_history_and_the_test_set(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "brackets", "--out", str(out), "--steps", "60", "--length", "12", "--hidden", "4"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["gru.json", "history.csv", "lstm.json", "rnn.json", "test.jsonl"]
    printed = capsys.readouterr().out
    for model in ("rnn", "lstm", "gru"):
        assert f"{model}: test loss" in printed
        lesson = rnnviz.load_lesson(out / f"{model}.json")
        assert list(lesson.models) == [model]
        readout = lesson.readouts[model]
        assert readout.labels == ("unbalanced", "balanced")
        assert readout.weight.shape == (2, 4)
        assert lesson.tokens == tuple(held_out(TASKS["brackets"], 12, 0)[0][0])  # the first test sequence
        np.testing.assert_array_equal(lesson.initial_h, np.zeros(4))
        label = TASKS["brackets"].labels[held_out(TASKS["brackets"], 12, 0)[2][0]]
        assert f"This sequence is {label}." in lesson.description["en"]  # words for the class
        assert lesson.notes[-1].step == 12
    with open(out / "history.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    losses = [r for r in rows if r["model"] == "lstm" and r["loss"]]
    assert [int(r["step"]) for r in losses][:2] == [1, 12]  # step 1 and the first of the checkpoints
    assert all(r["accuracy"] for r in losses)
    gradients = [r for r in rows if r["model"] == "rnn" and r["timestep"] and r["step"] == "60"]
    assert [int(r["timestep"]) for r in gradients] == list(range(13))  # h(0)..h(T)
    assert all(float(r["grad_norm"]) >= 0 for r in gradients)
    lines = (out / "test.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 200
    first = json.loads(lines[0])
    assert first["label"] in ("balanced", "unbalanced")
    assert len(first["tokens"]) == 12


def test_the_same_seed_gives_the_same_run_and_a_rerun_may_write_over_it(tmp_path):
    args = ["train", "adding", "--models", "gru", "--steps", "20", "--length", "8", "--hidden", "3"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "a" / "gru.json").read_text() == (tmp_path / "b" / "gru.json").read_text()
    assert main([*args, "--out", str(tmp_path / "a"), "--seed", "1"]) == 0  # a previous run's folder: fine
    assert (tmp_path / "a" / "gru.json").read_text() != (tmp_path / "b" / "gru.json").read_text()
    target = json.loads((tmp_path / "b" / "test.jsonl").read_text().splitlines()[0])["target"]
    assert isinstance(target, float)


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch"], "unknown task 'nosuch'"),
    (["adding", "--length", "2"], "--length must be from 4 to 1000, not 2"),
    (["adding", "--hidden", "0"], "--hidden must be from 1 to 256, not 0"),
    (["adding", "--steps", "0"], "--steps must be from 1 to 1000000, not 0"),
    (["adding", "--models", "rnn,transformer"], "unknown model 'transformer' in --models"),
])  # fmt: skip
def test_bad_settings_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    assert main(["train", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_folder_with_other_files_or_a_file_is_refused(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    assert main(["train", "adding", "--out", str(folder), "--steps", "5"]) == 2
    assert "holds files other than a previous training run's" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    file = tmp_path / "file.txt"
    file.write_text("x")
    assert main(["train", "adding", "--out", str(file), "--steps", "5"]) == 2
    assert "--out is a file, not a folder" in capsys.readouterr().err


def test_a_diverging_model_stops_and_keeps_its_last_good_weights(monkeypatch):
    from rnnviz.core import trainrun

    calls = {"n": 0}
    real = trainrun.mse

    def failing(y, target):  # the loss of the fourth training batch turns NaN (test-set losses do not count)
        loss, grad = real(y, target)
        if len(target) != trainrun.BATCH:
            return loss, grad
        calls["n"] += 1
        return (float("nan"), grad) if calls["n"] == 4 else (loss, grad)

    monkeypatch.setattr(trainrun, "mse", failing)
    task = TASKS["adding"]
    result = trainrun.train(task, "lstm", 8, 3, 10, 0)
    assert "diverged at step 4" in result.stopped
    assert all(np.isfinite(v).all() for v in result.net.params.values())
    # the fourth batch's loss is NaN with the weights after three updates; the last weights that gave a
    # finite loss (the third batch's) are those after two updates: what the same run stopped at two holds
    calls["n"] = 100
    two = trainrun.train(task, "lstm", 8, 3, 2, 0)
    for name, value in two.net.params.items():
        np.testing.assert_array_equal(result.net.params[name], value)


def test_a_trained_lesson_exports_its_answers_as_quantity_y(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "remember-first", "--out", str(out), "--models", "lstm", "--steps", "30",
                 "--length", "6", "--hidden", "3"]) == 0  # fmt: skip
    lesson = rnnviz.load_lesson(out / "lstm.json")
    tr = rnnviz.trace(lesson, "lstm")
    readout = lesson.readouts["lstm"]
    np.testing.assert_allclose(tr.y, tr.h[1:] @ readout.weight.T + readout.bias)
    assert tr.y.shape == (6, 2)
    csv_path = tmp_path / "trace.csv"
    assert main(["export", str(out / "lstm.json"), "--out", str(csv_path)]) == 0
    with open(csv_path, encoding="utf-8") as file:
        rows = [r for r in csv.DictReader(file) if r["quantity"] == "y"]
    assert [(int(r["step"]), int(r["unit"])) for r in rows] == [(t, k) for t in range(1, 7) for k in range(2)]
    assert [float(r["value"]) for r in rows] == tr.y.ravel().tolist()
    untrained = rnnviz.trace(rnnviz.load_lesson(rnnviz.default_lesson_path()), "lstm")
    assert "y" not in untrained.quantities  # no readout, no y


def test_the_smallest_settings_are_accepted_and_a_full_previous_run_may_be_written_over(tmp_path):
    out = tmp_path / "run"
    args = ["train", "adding", "--out", str(out), "--length", "4", "--hidden", "1", "--steps", "1"]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["gru.json", "history.csv", "lstm.json", "rnn.json", "test.jsonl"]
    assert main([*args, "--seed", "3"]) == 0  # every file a run writes, and nothing else: a previous run


@pytest.mark.parametrize(("args", "message"), [
    (["--hidden", "257"], "--hidden must be from 1 to 256, not 257"),
    (["--steps", "1000001"], "--steps must be from 1 to 1000000, not 1000001"),
    (["--length", "1001"], "--length must be from 4 to 1000, not 1001"),
])  # fmt: skip
def test_settings_above_their_limits_are_refused(tmp_path, capsys, args, message):
    assert main(["train", "adding", "--out", str(tmp_path / "out"), *args]) == 2
    assert message in capsys.readouterr().err
