"""Training while the window watches (rnnviz.core.trainlive), without Qt: the run in its child
process is `rnnviz train`'s run; pause, resume and stop; what the Train view draws."""

from __future__ import annotations

import io
import json
import sys
import threading
import time

import numpy as np
import pytest

from rnnviz.core import trainlive, trainrun
from rnnviz.core.lesson import LessonError, Readout
from rnnviz.core.tasks import TASKS, held_out
from rnnviz.core.trainlive import LiveRun, Settings, live_worker, short, strip_levels


def _poll_until(run: LiveRun, step: int, seconds: float) -> None:
    """Poll the run until it has trained `step` steps (failing after `seconds`)."""
    deadline = time.monotonic() + seconds
    while run.step < step:
        assert time.monotonic() < deadline
        run.poll()
        time.sleep(0.02)


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
    assert run._process.returncode == 0
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
    target = held_out(TASKS["adding"], 6, 1)[2][0]
    assert f"so the right answer is {target:.2f}" in lesson.description["en"]  # the first test sequence's
    np.testing.assert_array_equal(lesson.readouts["gru"].weight, run.curves["gru"].weights["readout_weight"])
    with pytest.raises(KeyError):
        run.lesson("lstm")  # not in this run


def test_pause_holds_the_step_resume_goes_on_and_stop_ends_the_run():
    run = LiveRun(Settings("brackets", ("rnn",), length=6, hidden=2, steps=1_000_000, seed=0))
    assert run.step == 0
    assert run.state == "running"
    try:
        _poll_until(run, 20, 60)  # the child is up and training
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
        _poll_until(run, held + 1, 30)
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
    run = LiveRun.__new__(LiveRun)  # another run (a run draws its test set once)
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


def test_pausing_and_resuming_between_two_polls_loses_no_point_of_the_curves():
    run = LiveRun(Settings("brackets", ("rnn",), length=6, hidden=2, steps=20_000, seed=0))  # a point every 10
    try:
        _poll_until(run, 30, 60)
        for _ in range(3):
            run.pause()
            time.sleep(0.2)  # the child says "paused", with the rows it had not sent yet
            run.resume()  # before the window polls
            time.sleep(0.2)
        run.stop()
        run.wait(30)
    finally:
        run.close()
    steps = run.curves["rnn"].steps
    assert steps == [1, *range(10, steps[-1] + 1, 10)]  # no gap
    assert steps[-1] >= 30


def _fake_child(monkeypatch, code: str) -> None:
    monkeypatch.setattr(LiveRun, "COMMAND", (sys.executable, "-c", code))


def test_a_child_that_talks_nonsense_fails_the_run_and_is_ended(monkeypatch):
    _fake_child(monkeypatch, "import sys, time\nsys.stdin.readline()\nprint('garbage', flush=True)\ntime.sleep(60)")
    run = LiveRun(Settings("adding", ("rnn",), 6, 2, 5))
    started = time.monotonic()
    run.wait(30)
    assert run.state == "failed"
    assert run.message == "the training process sent a garbled message"
    assert run.reaped
    assert run._process.returncode is not None  # ended (killed after the grace time), not left training
    assert time.monotonic() - started < 10


def test_a_child_that_cannot_start_says_why(monkeypatch):
    _fake_child(monkeypatch, "import sys\nsys.stderr.write('Traceback (most recent call last):\\n"
                             "ModuleNotFoundError: No module named numpy\\n')\nsys.exit(1)")  # fmt: skip
    run = LiveRun(Settings("adding", ("rnn",), 6, 2, 5))
    run.wait(30)
    assert run.state == "failed"
    assert run.message == "the training process ended unexpectedly: ModuleNotFoundError: No module named numpy"
    assert not run.active


def test_arrays_travel_exactly_and_long_runs_draw_at_most_2000_points_a_curve():
    values = np.array([[0.1, -2.5e-300], [np.pi, 1e308]])
    np.testing.assert_array_equal(trainlive.unpack(json.loads(json.dumps(trainlive.pack(values)))), values)
    assert Settings("adding", ("rnn",), 6, steps=2000).log_every() == 10
    assert Settings("adding", ("rnn",), 6, steps=1_000_000).log_every() == 500


def test_weights_go_with_checkpoints_and_when_asked_for_not_with_every_message(monkeypatch):
    monkeypatch.setattr(trainlive, "SEND_EVERY", 0.0)  # a message after every step
    wanted = threading.Event()
    sent = []

    def send(message):
        sent.append(message)
        if message["step"] == 3:
            wanted.set()  # as the "weights" command does, while step 4 trains

    live_worker(Settings("adding", ("gru",), 6, 2, 8), send, threading.Event(), threading.Event(), wanted)
    assert [m["step"] for m in sent] == [1, 2, 3, 4, 5, 6, 7, 8, 8]  # the last: "done"
    assert [m["step"] for m in sent if m["weights"]] == [1, 4, 8, 8]  # checkpoints 1 and 8, and when asked
    np.testing.assert_array_equal(trainlive.unpack(sent[-1]["weights"]["gru"]["weight_hh"]),
                                  trainrun.train(TASKS["adding"], "gru", 6, 2, 8, 0).net.params["weight_hh"])


def test_the_history_holds_each_batchs_loss_and_accuracy_before_its_update():
    """Replays the first step by hand: the batch is the seed's first, the weights the first ones."""
    from rnnviz.core.train import cross_entropy, forward, init_net

    task = TASKS["brackets"]
    trainer = trainrun.Trainer(task, "lstm", 8, 3, seed=5, checkpoints={1})
    net = init_net("lstm", task.input_size, 3, task.outputs, np.random.default_rng([5, 1]))
    _, x, y = task.batch(np.random.default_rng([5, 0]), trainrun.BATCH, 8)
    out, _ = forward(net, x)
    loss = trainer.step()
    assert loss == pytest.approx(cross_entropy(out, y)[0], rel=1e-12)
    row = trainer.result.rows[0]
    assert row["step"] == 1
    assert row["loss"] == loss
    assert row["accuracy"] == pytest.approx(np.mean(out.argmax(axis=1) == y))
    assert 0.0 < row["accuracy"] < 1.0  # a real share, from a batch of 32


def test_progress_is_reported_every_50_steps_and_at_the_checkpoints():
    calls = []
    trainrun.train(TASKS["adding"], "rnn", 6, 2, 120, 0, lambda model, step, loss: calls.append((model, step)))
    assert calls == [("rnn", s) for s in (1, 24, 48, 50, 72, 96, 100, 120)]


def test_a_childs_own_error_message_is_the_runs(monkeypatch):
    _fake_child(monkeypatch, "import sys, json\nsys.stdin.readline()\n"
                             "print(json.dumps({'kind': 'error', 'message': 'training failed: MemoryError: '}))")
    run = LiveRun(Settings("adding", ("rnn",), 6, 2, 5))
    run.wait(30)
    assert run.state == "failed"
    assert run.message == "training failed: MemoryError: "
    assert run.reaped


def test_a_model_that_diverges_stops_with_its_message_while_the_others_train_on(monkeypatch):
    real, calls = trainrun.mse, []

    def failing(y, target):  # training batches alternate rnn, gru: the 7th is the SimpleRNN's 4th
        loss, grad = real(y, target)
        if len(target) == trainrun.BATCH:
            calls.append(1)
            if len(calls) == 7:
                return float("nan"), grad
        return loss, grad

    monkeypatch.setattr(trainrun, "mse", failing)
    settings = Settings("adding", ("rnn", "gru"), 6, 2, 12)
    sent = []
    live_worker(settings, sent.append, threading.Event(), threading.Event())
    run = LiveRun.__new__(LiveRun)  # the window's side of the messages, without a process
    run.settings, run.task, run.state, run.message = settings, TASKS["adding"], "running", ""
    run.curves = {m: trainlive.Curves() for m in settings.models}
    run.started, run.elapsed = time.monotonic(), 0.0
    for message in sent:
        run._take(message)
    assert run.state == "done"
    assert run.step == 12  # the GRU trained every step
    assert run.curves["rnn"].stopped.startswith("the rnn diverged at step 4 (its loss or gradients are not finite)")
    assert run.message == run.curves["rnn"].stopped  # the status line shows it
    assert run.curves["gru"].steps[-1] == 12
    assert all(np.isfinite(v).all() for v in run.curves["rnn"].weights.values())  # the last good ones


def test_a_paused_run_stops_when_asked():
    run = LiveRun(Settings("brackets", ("rnn",), length=6, hidden=2, steps=1_000_000, seed=0))
    try:
        _poll_until(run, 5, 60)
        run.pause()
        time.sleep(0.3)
        run.poll()
        assert run.state == "paused"
        run.stop()  # no "resume" needed: the child leaves its pause to stop
        assert run.state == "running"
        run.wait(30)
        assert run.state == "stopped"
    finally:
        run.close()


def test_the_gradient_norms_go_when_new_and_the_history_rows_once(monkeypatch):
    monkeypatch.setattr(trainlive, "SEND_EVERY", 0.0)  # a message after every step
    sent = []
    live_worker(Settings("adding", ("gru",), 6, 2, 8), sent.append, threading.Event(), threading.Event())
    assert [m["step"] for m in sent if m["grad_norms"]] == [1, 8]  # the checkpoints: step 1 and the last
    rows = [row for m in sent for row in m["rows"]["gru"]]
    assert not any("timestep" in row for row in rows)  # the norms travel packed, not as rows
    assert [row["step"] for row in rows] == [1, 8]  # each logged step once (every 10 steps, and the checkpoints)


def test_an_opened_model_is_titled_with_the_step_of_its_weights():
    run = _finished(Settings("adding", ("gru",), length=6, hidden=2, steps=12, seed=1))
    run._take({"kind": "progress", "step": 17, "rows": {"gru": []}, "weights": {}, "grad_norms": {},
               "stopped": {}})  # a later message without weights, drained by the same poll
    assert run.step == 17
    assert run.lesson("gru").title == "gru trained on adding (length 6, seed 1), step 12"
