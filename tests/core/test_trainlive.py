"""Training while the window watches (rnnviz.core.trainlive), without Qt: the run in its child
process is `rnnviz train`'s run; pause, resume and stop; what the Train view draws."""

from __future__ import annotations

import io
import json
import threading
import time

import numpy as np
import pytest

from rnnviz.core import trainlive, trainrun
from rnnviz.core.lesson import LessonError, Readout
from rnnviz.core.tasks import TASKS, held_out
from rnnviz.core.trainlive import LiveRun, Settings, live_worker, short, strip_levels


def _finished(settings: Settings) -> LiveRun:
    run = LiveRun(settings)
    try:
        run.wait(120)
    finally:
        run.close()
    return run


def test_a_live_run_is_rnnviz_trains_run_step_for_step():
    settings = Settings("brackets", ("rnn", "lstm"), length=8, hidden=3, steps=30, seed=4)
    run = _finished(settings)
    assert run.state == "done"
    assert run.step == 30
    assert run.message == ""
    for model in settings.models:
        expected = trainrun.train(TASKS["brackets"], model, 8, 3, 30, 4)
        curves = run.curves[model]
        for name, value in expected.net.params.items():
            np.testing.assert_array_equal(curves.weights[name], value)  # JSON carries float64 exactly
        assert curves.steps == [1, 10, 20, 30]  # a point every LOG_EVERY steps, and step 1
        assert curves.test_steps == [1, 30]  # checkpoints: step 1, every GRAD_EVERY steps and the last
        last = [r for r in expected.rows if r["step"] == 30 and "test_loss" in r][0]
        assert curves.test_loss[-1] == pytest.approx(last["test_loss"], rel=1e-12)
        assert curves.test_accuracy[-1] == pytest.approx(last["test_accuracy"])
        norms = [r["grad_norm"] for r in expected.rows if r["step"] == 30 and "timestep" in r]
        assert curves.grad_step == 30
        np.testing.assert_allclose(curves.grad_norms, norms, rtol=1e-12)
        assert curves.grad_norms.shape == (9,)  # h(0)..h(T)


def test_the_current_weights_open_as_a_lesson_with_the_readout_and_the_first_test_sequence():
    run = _finished(Settings("adding", ("gru",), length=6, hidden=2, steps=12, seed=1))
    lesson = run.lesson("gru")
    assert list(lesson.models) == ["gru"]
    assert lesson.title == "gru trained on adding (length 6, seed 1), step 12"
    assert lesson.tokens == tuple(held_out(TASKS["adding"], 6, 1)[0][0])
    np.testing.assert_array_equal(lesson.models["gru"].weight_hh, run.curves["gru"].weights["weight_hh"])
    assert lesson.readouts["gru"].labels is None
    np.testing.assert_array_equal(lesson.readouts["gru"].weight, run.curves["gru"].weights["readout_weight"])
    with pytest.raises(KeyError):
        run.lesson("lstm")  # not in this run


def test_pause_holds_the_step_resume_goes_on_and_stop_ends_the_run():
    run = LiveRun(Settings("brackets", ("rnn",), length=6, hidden=2, steps=1_000_000, seed=0))
    try:
        deadline = time.monotonic() + 60
        while run.step < 20:  # the child is up and training
            assert time.monotonic() < deadline
            run.poll()
            time.sleep(0.02)
        run.pause()
        assert run.state == "paused"
        time.sleep(0.5)  # the child sees the command within its step
        run.poll()
        held = run.step
        time.sleep(0.6)
        run.poll()
        assert run.step == held
        assert run.state == "paused"
        run.resume()
        deadline = time.monotonic() + 30
        while run.step <= held:
            assert time.monotonic() < deadline
            run.poll()
            time.sleep(0.02)
        assert run.state == "running"
        run.stop()
        run.wait(30)
        assert run.state == "stopped"
        assert 20 <= run.step < 1_000_000
        assert run.curves["rnn"].weights is not None
    finally:
        run.close()
    assert run._process.returncode is not None  # the child has ended


def test_close_ends_the_child_and_leaves_the_run_stopped():
    run = LiveRun(Settings("adding", ("lstm",), length=50, hidden=16, steps=100_000, seed=0))
    run.close()
    assert run._process.returncode is not None
    assert run.state == "stopped"
    assert not run.active


@pytest.mark.parametrize(("settings", "message"), [
    (Settings("nosuch", ("rnn",), 10), "unknown task 'nosuch'"),
    (Settings("adding", ("rnn",), 2), "--length must be from 4 to 1000, not 2"),
    (Settings("adding", (), 10), "--models names no model"),
    (Settings("adding", ("rnn",), 10, hidden=0), "--hidden must be from 1 to 256, not 0"),
])  # fmt: skip
def test_bad_settings_are_refused_before_any_process_starts(settings, message, monkeypatch):
    started = []
    monkeypatch.setattr(trainlive.subprocess, "Popen", lambda *a, **k: started.append(a))
    with pytest.raises(LessonError, match=message.replace("(", r"\(")):
        LiveRun(settings)
    assert started == []


def test_a_failure_in_training_becomes_one_error_message(monkeypatch):
    def broken(self):
        raise FloatingPointError("boom")

    monkeypatch.setattr(trainrun.Trainer, "step", broken)
    sent = []
    live_worker(Settings("adding", ("rnn",), 6, 2, 5), sent.append, threading.Event(), threading.Event())
    assert sent == [{"kind": "error", "message": "training failed: FloatingPointError: boom"}]


def test_the_worker_sends_progress_then_done_and_stops_when_asked():
    sent = []
    live_worker(Settings("adding", ("rnn", "gru"), 6, 2, 25), sent.append, threading.Event(), threading.Event())
    assert sent[-1]["kind"] == "done"
    assert sent[-1]["step"] == 25
    rows = [row for m in sent for row in m["rows"]["gru"]]
    assert [r["step"] for r in rows if "loss" in r] == [1, 10, 20, 25]
    stop = threading.Event()
    stop.set()
    sent = []
    live_worker(Settings("adding", ("rnn",), 6, 2, 25), sent.append, threading.Event(), stop)
    assert [(m["kind"], m["step"]) for m in sent] == [("stopped", 0)]


def test_the_child_refuses_bad_settings_with_one_json_line(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(trainlive.sys, "stdin", io.StringIO(json.dumps(
        {"task": "adding", "models": ["rnn"], "length": 3, "hidden": 2, "steps": 5, "seed": 0}) + "\n"))  # fmt: skip
    monkeypatch.setattr(trainlive.sys, "stdout", out)
    assert trainlive._child_main() == 2
    message = json.loads(out.getvalue())
    assert message == {"kind": "error", "message": "bad training settings: --length must be from 4 to 1000, not 3"}


def test_chance_is_the_targets_variance_or_the_commonest_labels_share():
    run = LiveRun.__new__(LiveRun)  # no process: only the settings and the task matter here
    run.settings, run.task = Settings("adding", ("rnn",), 50), TASKS["adding"]
    targets = held_out(TASKS["adding"], 50, 0)[2]
    assert run.chance() == pytest.approx(np.var(targets))
    assert 0.12 < run.chance() < 0.22  # the variance of the sum of two uniform values is 1/6
    run.settings, run.task = Settings("brackets", ("rnn",), 20), TASKS["brackets"]
    labels = held_out(TASKS["brackets"], 20, 0)[2]
    assert run.chance() == pytest.approx(max(np.mean(labels), 1 - np.mean(labels)))


def test_strip_levels_are_log_scaled_to_the_rows_largest_value():
    np.testing.assert_allclose(strip_levels(np.array([1e-9, 1e-4, 1e-2, 1.0])), [0.0, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(strip_levels(np.array([2e-3, 2e-1, 2.0])), [1 - 3 / 8, 1 - 1 / 8, 1.0])
    np.testing.assert_array_equal(strip_levels(np.array([0.0, 1.0])), [0.0, 1.0])  # zero: white, no warning
    np.testing.assert_array_equal(strip_levels(np.zeros(3)), np.zeros(3))
    np.testing.assert_array_equal(strip_levels(np.array([np.nan, np.inf])), np.zeros(2))
    assert short(3.14159e-9) == "3.1e-09"
    assert short(0.2134) == "0.21"


def test_a_readouts_answer_is_the_largest_outputs_label_and_probability_or_the_value():
    classes = Readout(np.zeros((2, 1)), np.zeros(2), ("no", "yes"))
    label, p = classes.answer(np.array([0.0, np.log(3.0)]))
    assert label == "yes"
    assert p == pytest.approx(0.75)
    assert classes.answer(np.array([1000.0, -1000.0])) == ("no", 1.0)  # no overflow
    regression = Readout(np.zeros((1, 1)), np.zeros(1))
    assert regression.answer(np.array([0.87])) == (None, 0.87)
