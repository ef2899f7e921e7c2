"""The model descriptions and the one rule of what is visible, tested without Qt."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import typing

import numpy as np
import pytest

from rnnviz.core import engine
from rnnviz.core.engine import TRACE_CLASSES, run
from rnnviz.core.lesson import GATE_COUNT, GATE_FACTOR
from rnnviz.core.models import (
    GATE,
    GATES,
    LAST_STAGE,
    MODEL_TITLES,
    MODELS,
    SPECS,
    STAGES,
    VALUE,
    Position,
    models_text,
    stage_name,
    stages_of,
    visible,
)
from tests.core.test_engine import random_lesson

LESSON = random_lesson(H=3, D=4, T=5, seed=3)


def _trace(model: str):
    return run(model, LESSON.models[model], LESSON.inputs, LESSON.tokens, LESSON.initial_h, LESSON.initial_c)


TRACES = {model: _trace(model) for model in MODELS}


def test_every_model_is_described_and_the_engine_lists_come_from_the_descriptions():
    assert MODELS == ("rnn", "lstm", "gru")
    assert MODEL_TITLES == {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
    assert GATES == {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
    assert GATE_COUNT == {"rnn": 1, "lstm": 4, "gru": 3}
    assert GATE_FACTOR == {"rnn": "", "lstm": "4*", "gru": "3*"}
    assert engine.MODELS is MODELS


@pytest.mark.parametrize("model", MODELS)
def test_description_lists_exactly_the_trace_quantities_in_export_order(model):
    trace = TRACES[model]
    assert [q.id for q in SPECS[model].quantities] == list(trace.quantities)
    for q in SPECS[model].quantities:
        assert (trace.first_step(q.id) == 0) == q.state, q.id
    assert set(SPECS[model].states) == {q.id for q in SPECS[model].quantities if q.state}


@pytest.mark.parametrize("model", MODELS)
def test_typed_trace_declares_every_quantity_for_type_checkers(model):
    cls = TRACE_CLASSES[model]
    declared = set(typing.get_type_hints(cls))
    assert {q.id for q in SPECS[model].quantities} <= declared
    trace = TRACES[model]
    assert type(trace) is cls
    for q in SPECS[model].quantities:
        assert getattr(trace, q.id) is trace.quantities[q.id]


@pytest.mark.parametrize("model", MODELS)
def test_phases_are_in_stage_order_and_reveal_every_quantity_once(model):
    spec = SPECS[model]
    stages = [phase.stage for phase in spec.phases]
    assert stages == sorted(stages)
    assert len(set(stages)) == len(stages)
    assert spec.phases[0].id == "inputs"
    assert spec.phases[0].stage == 0
    assert spec.phases[-1].id == "hidden"
    assert spec.phases[-1].stage == LAST_STAGE
    revealed = [id for phase in spec.phases for id in phase.reveals]
    assert len(revealed) == len(set(revealed))
    inputs = {q.id for q in spec.inputs}
    assert set(revealed) == inputs | {q.id for q in spec.quantities}
    assert set(revealed) - inputs == {q.id for q in spec.quantities} - {"x"}


def test_gate_kinds_colour_gates_zero_to_one():
    lstm, gru = SPECS["lstm"], SPECS["gru"]
    assert [lstm.quantity(g).kind for g in ("i", "f", "g", "o")] == [GATE, GATE, VALUE, GATE]
    assert [gru.quantity(g).kind for g in ("r", "z", "n")] == [GATE, GATE, VALUE]
    assert SPECS["rnn"].quantity("h").kind == VALUE


def test_phase_order_of_the_lstm_gru_and_simple_rnn():
    assert [p.id for p in SPECS["lstm"].phases] == ["inputs", "forget", "input", "cell", "output", "hidden"]
    assert [p.id for p in SPECS["gru"].phases] == ["inputs", "reset", "update", "candidate", "hidden"]
    assert [p.id for p in SPECS["rnn"].phases] == ["inputs", "hidden"]
    assert SPECS["lstm"].phase("cell").reveals == ("c",)
    assert "r(t) ⊙ (U_n h(t-1) + b_hn)" in SPECS["gru"].phase("candidate").equation
    assert SPECS["gru"].phase("hidden").equation == "h(t) = (1 − z(t)) ⊙ n(t) + z(t) ⊙ h(t-1)"


def test_common_stage_order_puts_gru_gates_beside_the_lstm_gates():
    lstm, gru = SPECS["lstm"], SPECS["gru"]
    assert gru.phase("reset").stage == lstm.phase("forget").stage == 1
    assert gru.phase("update").stage == lstm.phase("input").stage == 2
    assert gru.phase("candidate").stage == lstm.phase("cell").stage == 3
    assert gru.phase_at(4) is None
    assert gru.latest_phase(4).id == "candidate"
    assert stages_of(["rnn"]) == (0, 5)
    assert stages_of(["gru"]) == (0, 1, 2, 3, 5)
    assert stages_of(["gru", "rnn"]) == (0, 1, 2, 3, 5)
    assert stages_of(["lstm"]) == (0, 1, 2, 3, 4, 5)
    assert len(STAGES) == 6


def test_latest_phase_includes_the_stage_itself():
    gru = SPECS["gru"]
    assert [gru.latest_phase(stage).id for stage in range(6)] == [
        "inputs", "reset", "update", "candidate", "candidate", "hidden"]  # fmt: skip


def test_descriptions_and_positions_are_immutable_values():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SPECS["lstm"].title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SPECS["lstm"].gates[0].id = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SPECS["gru"].phases[1].stage = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SPECS["rnn"].quantities[0].kind = GATE  # type: ignore[misc]
    position = Position(2, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        position.step = 1  # type: ignore[misc]
    assert {position: "a"}[Position(2, 3)] == "a"


def test_position_reached():
    position = Position(2, 3)
    assert position.reached(2, 3)
    assert position.reached(2, 2)
    assert position.reached(1, 5)
    assert not position.reached(2, 4)
    assert not position.reached(3, 0)


def test_models_text_lists_every_model():
    assert models_text() == "rnn, lstm or gru"


def test_stage_names_for_one_and_several_models():
    assert stage_name(1, ["lstm"]) == "forget gate"
    assert stage_name(1, ["gru"]) == "reset gate"
    assert stage_name(1, ["lstm", "gru"]) == "forget gate (LSTM) · reset gate (GRU)"
    assert stage_name(5, ["rnn", "lstm", "gru"]) == "hidden state"
    assert stage_name(4, ["lstm", "gru"]) == "output gate"
    assert stage_name(0, ["rnn"]) == "inputs"


@pytest.mark.parametrize("model", MODELS)
def test_at_step_zero_only_the_initial_states_show(model):
    trace = TRACES[model]
    shown = visible(trace, Position(0))
    spec = SPECS[model]
    assert set(shown) == {q.id for q in (*spec.inputs, *spec.quantities)}
    for id, values in shown.items():
        if id in spec.states:
            np.testing.assert_array_equal(values, trace.quantities[id][0])
        else:
            assert values is None, id


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("step", [1, 2, 5])
def test_a_quantity_shows_from_the_stage_of_its_phase_on(model, step):
    trace, spec = TRACES[model], SPECS[model]
    for stage in range(len(STAGES)):
        shown = visible(trace, Position(step, stage))
        for phase in spec.phases:
            for id in phase.reveals:
                if phase.stage > stage:
                    assert shown[id] is None, (id, stage)
                    continue
                if id.endswith("_prev"):
                    expected = trace.quantities[id[:-5]][step - 1]  # states have T+1 rows: row t-1 is step t-1
                elif id in spec.states:
                    expected = trace.quantities[id][step]
                else:
                    expected = trace.quantities[id][step - 1]  # per-step arrays: row t-1 is step t
                np.testing.assert_array_equal(shown[id], expected, err_msg=f"{id} at stage {stage}")


def test_visible_by_hand_on_the_lstm_cell_phase():
    lstm = TRACES["lstm"]
    shown = visible(lstm, Position(2, 3))
    np.testing.assert_array_equal(shown["c"], lstm.c[2])
    np.testing.assert_array_equal(shown["c_prev"], lstm.c[1])
    np.testing.assert_array_equal(shown["h_prev"], lstm.h[1])
    np.testing.assert_array_equal(shown["g"], lstm.g[1])
    np.testing.assert_array_equal(shown["x"], lstm.x[1])
    assert shown["o"] is None
    assert shown["tanh_c"] is None
    assert shown["h"] is None
    np.testing.assert_allclose(shown["c"], lstm.f[1] * lstm.c[1] + lstm.i[1] * lstm.g[1], rtol=0, atol=1e-15)


def test_trace_value_handles_the_row_offset():
    lstm = TRACES["lstm"]
    assert lstm.value("f", 0) is None
    np.testing.assert_array_equal(lstm.value("f", 1), lstm.f[0])
    np.testing.assert_array_equal(lstm.value("c", 0), lstm.c[0])
    np.testing.assert_array_equal(lstm.value("c", 5), lstm.c[5])
    with pytest.raises(IndexError):
        lstm.value("h", 6)
    with pytest.raises(IndexError):
        lstm.value("h", -1)
    assert set(lstm.at(0)) == {"h", "c"}


def test_trace_token_by_step():
    lstm = TRACES["lstm"]
    assert lstm.token(0) == ""
    assert lstm.token(1) == LESSON.tokens[0]
    assert lstm.token(5) == LESSON.tokens[4]
    with pytest.raises(IndexError):
        lstm.token(6)


def test_trace_head_keeps_the_first_steps_and_the_class():
    gru = TRACES["gru"]
    head = gru.head(2)
    assert type(head) is type(gru)
    assert head.T == 2
    assert head.tokens == gru.tokens[:2]
    assert head.h.shape == (3, 3)
    assert head.n.shape == (2, 3)
    np.testing.assert_array_equal(head.h, gru.h[:3])
    assert gru.head(5) is gru
    assert gru.head(99) is gru


def test_importing_the_core_and_session_does_not_import_qt():
    code = (
        "import sys, rnnviz.core, rnnviz.session, rnnviz.core.models; "
        "print(any(m.split('.')[0] in ('PySide6', 'pyqtgraph') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
