"""The What-if panel and banner: overrides from the controls reach the session, every view and
an exported CSV, say so over the diagrams, and never touch the lesson."""

from __future__ import annotations

import numpy as np

from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.core.whatif import NONE, WhatIf


def test_forcing_gates_from_the_panel_changes_every_view_but_not_the_lesson(window, qtbot):
    panel, session = window.whatif_panel, window.session
    lesson = session.lesson
    assert not window.whatif_banner.isVisible()
    panel.gate_boxes[("lstm", "f")].setCurrentIndex(2)  # forced to 1
    panel.gate_boxes[("lstm", "i")].setCurrentIndex(1)  # forced to 0
    assert session.whatif == WhatIf().force("lstm", "f", 1).force("lstm", "i", 0)
    assert session.lesson is lesson
    assert not window.isWindowModified()  # an override is not an unsaved edit
    assert window.undo_stack.count() == 0
    session.playhead.move_to(Position(2, LAST_STAGE))
    window.canvas.finish_animation()
    assert window.canvas.displayed()["lstm.f"] == ["1.000"] * 3
    assert window.canvas.displayed()["lstm.i"] == ["0.000"] * 3
    assert window.state_panel.displayed()[("lstm", "f")] == ["1.000"] * 3
    np.testing.assert_array_equal(session.traces["lstm"].c[2], session.traces["lstm"].c[0])
    banner = window.whatif_banner
    assert banner.isVisible()
    assert banner.text() == "⚑ what-if: LSTM f = 1, i = 0 (not the lesson's weights)"
    panel.clear_button.click()
    assert session.whatif == NONE
    assert not banner.isVisible()
    assert [box.currentIndex() for box in panel.gate_boxes.values()] == [0, 0, 0, 0]


def test_the_forget_bias_slider_moves_the_forget_gate_live(window):
    panel, session = window.whatif_panel, window.session
    assert not panel.bias_slider.isEnabled()
    panel.bias_check.setChecked(True)
    assert session.whatif.forget_bias == 1.0  # the slider starts at the usual b_f = 1
    assert panel.bias_slider.isEnabled()
    opened = []
    for value in (-16, 0, 16):  # quarters: -4, 0, 4
        panel.bias_slider.setValue(value)
        assert session.whatif.forget_bias == value / 4
        assert panel.bias_label.text() == f"b_f = {value / 4:.2f}"
        opened.append(session.traces["lstm"].f.mean())
    assert opened == sorted(opened)  # a larger bias: the gate opens more
    assert "LSTM forget-gate bias = 4 for every unit" in window.whatif_banner.text()
    panel.bias_check.setChecked(False)
    assert session.whatif == NONE


def test_perfect_memory_and_a_lesson_without_an_lstm(window):
    panel, session = window.whatif_panel, window.session
    panel.perfect_button.click()
    assert session.whatif.forced("lstm") == {"f": 1.0, "i": 0.0}
    assert [panel.gate_boxes[("lstm", g)].currentIndex() for g in ("f", "i", "o")] == [2, 1, 0]
    data = session.lesson.to_dict()
    del data["models"]["lstm"]
    from rnnviz.core.lesson import load_lesson

    session.load(load_lesson(data), None)
    assert session.whatif == NONE  # another lesson starts without overrides
    assert not panel.gate_boxes[("lstm", "f")].isEnabled()
    assert not panel.perfect_button.isEnabled()
    assert panel.gate_boxes[("gru", "z")].isEnabled()


def test_an_exported_csv_records_the_overrides(window, tmp_path):
    window.whatif_panel.gate_boxes[("gru", "z")].setCurrentIndex(2)
    path = tmp_path / "trace.csv"
    assert window.export_trace_to(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# what-if: GRU z = 1 (not the lesson's weights)"
    assert lines[1] == "model,step,token,quantity,unit,value"
    z = {line.rsplit(",", 1)[1] for line in lines if line.startswith("gru,") and ",z," in line}
    assert z == {"1.0"}
