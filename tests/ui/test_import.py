"""File > Import trained weights, driven from the window (reading happens on a worker thread)."""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from safetensors.numpy import save_file


def _two_layer_lstm(path, H=3, D=2, seed=0):
    rng = np.random.default_rng(seed)
    tensors = {}
    for layer, inputs in ((0, D), (1, H)):
        tensors[f"lstm.weight_ih_l{layer}"] = rng.uniform(-1, 1, (4 * H, inputs)).astype(np.float32)
        tensors[f"lstm.weight_hh_l{layer}"] = rng.uniform(-1, 1, (4 * H, H)).astype(np.float32)
        tensors[f"lstm.bias_ih_l{layer}"] = rng.uniform(-1, 1, 4 * H).astype(np.float32)
        tensors[f"lstm.bias_hh_l{layer}"] = rng.uniform(-1, 1, 4 * H).astype(np.float32)
    save_file(tensors, str(path))
    return tensors


def test_import_opens_the_chosen_layer_as_an_unsaved_lesson(window, tmp_path):
    tensors = _two_layer_lstm(tmp_path / "model.safetensors")
    offered = []

    def choose(names):
        offered.extend(names)
        return 1

    window.import_path(str(tmp_path / "model.safetensors"), layer=choose, wait=True)
    assert len(offered) == 2
    lesson = window.session.lesson
    assert list(lesson.models) == ["lstm"]
    np.testing.assert_array_equal(lesson.models["lstm"].weight_hh, tensors["lstm.weight_hh_l1"].astype(np.float64))
    assert lesson.embedding_size == 3  # layer 1 reads layer 0's hidden state
    assert window.isWindowModified()
    assert "imported" in window.windowTitle()
    assert window.session.traces["lstm"].h.shape == (len(lesson.tokens) + 1, 3)
    window.playhead.step_forward()
    assert "lstm.output_x" in window.canvas.highlighted()
    assert not any(key.startswith("rnn.") for key in window.canvas.highlighted())  # no SimpleRNN in this lesson
    asked = []
    window.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    window.close()
    assert asked == [1]  # an unsaved import is not dropped silently
    assert window.isVisible()
    window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard


def test_import_refuses_a_pickle_that_runs_code(window, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(Payload(), protocol=2))
        archive.writestr("archive/version", "3\n")
    (tmp_path / "evil.pt").write_bytes(data.getvalue())
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = window.session.lesson
    window.import_path(str(tmp_path / "evil.pt"), wait=True)
    assert not marker.exists()
    assert len(shown) == 1
    assert "evil.pt" in shown[0]
    assert "refused" in shown[0]
    assert window.session.lesson is before
    assert not window.isWindowModified()


def _simple_rnn(path, H=2, D=3, seed=1):
    rng = np.random.default_rng(seed)
    tensors = {
        "rnn.weight_ih_l0": rng.uniform(-1, 1, (H, D)).astype(np.float32),
        "rnn.weight_hh_l0": rng.uniform(-1, 1, (H, H)).astype(np.float32),
        "rnn.bias_ih_l0": rng.uniform(-1, 1, H).astype(np.float32),
        "rnn.bias_hh_l0": rng.uniform(-1, 1, H).astype(np.float32),
    }
    save_file(tensors, str(path))


def test_import_says_what_it_opened_in_a_sentence(window, tmp_path):
    _two_layer_lstm(tmp_path / "model.safetensors")
    window.import_path(str(tmp_path / "model.safetensors"), layer=0, wait=True)
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported the LSTM layer “lstm layer 0” from model.safetensors (layer 1 of 2; ")
    assert message.endswith("). It is a new lesson: save it to keep it.")


def test_import_asks_for_a_pytorch_simple_rnn_nonlinearity(window, tmp_path):
    _simple_rnn(tmp_path / "rnn.safetensors")
    asked = []
    window.import_path(str(tmp_path / "rnn.safetensors"), wait=True,
                       nonlinearity=lambda name: asked.append(name) or "relu")  # fmt: skip
    assert asked == ["rnn layer 0"]
    assert window.session.lesson.models["rnn"].nonlinearity == "relu"
    message = window.statusBar().currentMessage()
    assert message == (
        "Imported the SimpleRNN layer “rnn layer 0” from rnn.safetensors (nonlinearity relu). "
        "It is a new lesson: save it to keep it."
    )
    trace = window.session.traces["rnn"]
    np.testing.assert_array_equal(trace.h[1:], np.maximum(trace.pre, 0.0))  # relu, not tanh


def test_import_nonlinearity_defaults_to_tanh_and_asking_can_stop_it(window, tmp_path):
    _simple_rnn(tmp_path / "rnn.safetensors")
    before = window.session.lesson
    window.import_path(str(tmp_path / "rnn.safetensors"), wait=True, nonlinearity=lambda name: None)
    assert window.session.lesson is before  # the user closed the question: nothing imported
    window.import_path(str(tmp_path / "rnn.safetensors"), wait=True)
    assert window.session.lesson.models["rnn"].nonlinearity == "tanh"


def test_cancel_stops_a_slow_import_and_the_window_stays_responsive(window, tmp_path, qtbot, monkeypatch):
    import threading

    from rnnviz import importers

    seen = threading.Event()
    started = threading.Event()

    def slow_read(path, *, cancel=None):
        started.set()
        if cancel.wait(5):  # the reader checks the event the Cancel button sets
            seen.set()
            raise importers.ImportCancelled(f"{path}: import cancelled")
        raise AssertionError("never cancelled")

    monkeypatch.setattr(importers, "read_layers", slow_read)
    before = window.session.lesson
    window.import_path(str(tmp_path / "slow.pt"))
    progress = window._import_progress
    qtbot.waitUntil(started.is_set)
    window.playhead.step_forward()  # the event loop runs while the file is read
    assert window.position_label.text().startswith("t = 1 / 3")
    assert progress.isVisible()
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(seen.is_set, timeout=1000)
    assert not progress.isVisible()
    assert window.statusBar().currentMessage() == "Import cancelled; the lesson was not changed."
    assert window.session.lesson is before
    assert not window.isWindowModified()
