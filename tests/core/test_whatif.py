"""What-if overrides: forced gates and the forget-gate bias, in the trace, the gradients and the CSV."""

from __future__ import annotations

import numpy as np
import pytest

import rnnviz
from rnnviz.core.backward import backward_trace, gradient_norms
from rnnviz.core.export import csv_text, lesson_traces, write_csv
from rnnviz.core.whatif import NONE, WhatIf


def _lesson(T: int = 6):
    """The built-in lesson, longer, with a cell state that starts away from 0 (so keeping it shows)."""
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data["initial_state"] = {"h": [0.1, -0.2, 0.3], "c": [0.5, -0.8, 1.2]}
    return rnnviz.load_lesson(data).with_tokens(["我", "爱", "祖国", "我", "爱", "祖国"][:T])


def test_f_1_and_i_0_is_a_perfect_memory():
    lesson = _lesson()
    perfect = WhatIf().force("lstm", "f", 1).force("lstm", "i", 0)
    tr = rnnviz.trace(lesson, "lstm", whatif=perfect)
    assert (tr.f == 1.0).all()
    assert (tr.i == 0.0).all()
    assert (tr.c == lesson.initial_c).all()  # C(t) = C(t-1) exactly, every step
    assert (lesson.initial_c != 0).all()
    np.testing.assert_allclose(tr.h[1:], tr.o * np.tanh(tr.c[1:]), rtol=1e-15, atol=0)
    plain = rnnviz.trace(lesson, "lstm")
    np.testing.assert_array_equal(tr.f_pre[0], plain.f_pre[0])  # the pre-activations are still the weights'
    w, H = lesson.models["lstm"], lesson.hidden_size
    rows = slice(H, 2 * H)  # PyTorch's order i, f, g, o
    expected = tr.x @ w.weight_ih[rows].T + w.bias_ih[rows] + tr.h[:-1] @ w.weight_hh[rows].T + w.bias_hh[rows]
    np.testing.assert_allclose(tr.f_pre, expected, rtol=1e-13, atol=1e-13)
    assert not (plain.f == 1.0).all()


@pytest.mark.parametrize(("gate", "value"), [("o", 0.0), ("o", 1.0), ("f", 0.0), ("i", 1.0)])
def test_a_forced_lstm_gate_is_that_value_in_the_cell_equations(gate, value):
    lesson = _lesson()
    tr = rnnviz.trace(lesson, "lstm", whatif=WhatIf().force("lstm", gate, value))
    assert (getattr(tr, gate) == value).all()
    np.testing.assert_allclose(tr.c[1:], tr.f * tr.c[:-1] + tr.i * tr.g, rtol=0, atol=1e-15)
    np.testing.assert_allclose(tr.h[1:], tr.o * np.tanh(tr.c[1:]), rtol=0, atol=1e-15)


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_a_forced_gru_update_gate(value):
    lesson = _lesson()
    tr = rnnviz.trace(lesson, "gru", whatif=WhatIf().force("gru", "z", value))
    assert (tr.z == value).all()
    if value == 1.0:  # keep all of the old state: h never moves from h(0)
        np.testing.assert_allclose(tr.h, np.broadcast_to(lesson.initial_h, tr.h.shape), rtol=0, atol=1e-15)
    else:  # take all of the candidate
        np.testing.assert_array_equal(tr.h[1:], tr.n)


def test_the_forget_bias_sets_every_units_forget_gate_bias():
    lesson = _lesson()
    tr = rnnviz.trace(lesson, "lstm", whatif=WhatIf(forget_bias=4.0))
    w = lesson.models["lstm"]
    H = lesson.hidden_size
    W_f, U_f = w.weight_ih[H : 2 * H], w.weight_hh[H : 2 * H]
    expected = tr.x @ W_f.T + tr.h[:-1] @ U_f.T + 4.0
    np.testing.assert_allclose(tr.f_pre, expected, rtol=1e-13, atol=1e-13)
    assert rnnviz.trace(lesson, "lstm").f.mean() < tr.f.mean()  # a larger bias: the gate opens more
    assert lesson.models["lstm"].bias_ih[H] == w.bias_ih[H]  # the lesson's own weights are untouched


def test_a_forced_gate_passes_no_gradient_through_its_pre_activation():
    lesson = _lesson()
    whatif = WhatIf().force("lstm", "f", 1).force("lstm", "i", 0)
    w = whatif.weights("lstm", lesson.models["lstm"])
    tr = rnnviz.trace(lesson, "lstm", whatif=whatif)
    H = lesson.hidden_size
    grads = backward_trace(w, tr, np.ones((tr.T, H)))
    # PyTorch's row order i, f, g, o: the i and f rows of every weight gradient are exactly zero
    for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        assert (grads[key][: 2 * H] == 0).all(), key
        assert (grads[key][2 * H :] != 0).any(), key
    # with f = 1 the cell path carries the gradient back unshrunk: dC(T)/dC(0) = I, so the
    # final state's dependence on the first token does not fade through the cell
    norms = gradient_norms(w, tr)
    assert norms["dhT_dx"][0] > 0


def test_the_csv_records_the_overrides_in_a_first_comment_line():
    lesson = _lesson(3)
    whatif = WhatIf(forget_bias=2.5).force("gru", "z", 1)
    text = csv_text(lesson, ["lstm"])
    assert text.startswith("model,step,token,quantity,unit,value\r\n")
    import io

    buffer = io.StringIO(newline="")
    write_csv(lesson_traces(lesson, ["lstm", "gru"], whatif=whatif), buffer, comment=whatif.describe())
    lines = buffer.getvalue().split("\r\n")
    assert lines[0] == ("# what-if: GRU z = 1; LSTM forget-gate bias = 2.5 for every unit "
                        "(not the lesson's weights)")  # fmt: skip
    assert lines[1] == "model,step,token,quantity,unit,value"
    z = [line for line in lines if line.startswith("gru,") and ",z," in line]
    assert z
    assert {line.rsplit(",", 1)[1] for line in z} == {"1.0"}


def test_bad_overrides_are_refused_in_one_line():
    with pytest.raises(ValueError, match="cannot be forced"):
        WhatIf().force("lstm", "g", 1)
    with pytest.raises(ValueError, match="cannot be forced"):
        WhatIf().force("rnn", "h", 0)
    with pytest.raises(ValueError, match="0 or 1"):
        WhatIf().force("lstm", "f", 0.5)
    with pytest.raises(ValueError, match="from -6 to 6"):
        WhatIf(forget_bias=10.0)
    with pytest.raises(ValueError, match="from -6 to 6"):
        WhatIf(forget_bias=float("nan"))
    assert not NONE.active
    assert NONE.describe() == ""
    assert WhatIf().force("lstm", "f", 1).force("lstm", "f", None) == NONE


def test_the_session_follows_overrides_without_editing_the_lesson():
    from rnnviz.session import Session

    session = Session(_lesson())
    lesson = session.lesson
    session.set_whatif(WhatIf().force("lstm", "f", 0))
    assert (session.traces["lstm"].f == 0).all()
    assert session.lesson is lesson  # not an edit
    session.set_whatif(NONE)
    np.testing.assert_array_equal(session.traces["lstm"].f, rnnviz.trace(lesson, "lstm").f)
    session.set_whatif(WhatIf(forget_bias=3.0))
    session.load(rnnviz.load_lesson(rnnviz.default_lesson_path()), None)
    assert session.whatif == NONE  # another lesson starts without them
