"""The equations panel's lines, without Qt: generated from the model descriptions, and with the
engine's numbers substituted, to the digits shown."""

from __future__ import annotations

import re

import numpy as np
import pytest

import rnnviz
from rnnviz.core.equations import equation_lines, number, substitute
from rnnviz.core.export import trace
from rnnviz.core.models import SPECS
from rnnviz.core.whatif import WhatIf
from rnnviz.resources import builtin_lessons, find_lesson

NUMBER = re.compile(r"−?\d+\.\d{3}(?:e[+-]\d+)?")


def values(text: str) -> list[float]:
    return [float(n.replace("−", "-")) for n in NUMBER.findall(text)]


def terms(text: str) -> list[float]:
    """The signed terms of "σ(0.420 − 0.130 + 0.100)": a minus between terms is the next one's sign."""
    return values(text.replace(" − ", " + −"))


def test_each_model_has_one_line_per_computed_quantity_in_the_order_of_its_phases():
    assert [line.quantity for line in equation_lines("rnn")] == ["h"]
    assert [line.quantity for line in equation_lines("lstm")] == ["f", "i", "g", "c", "o", "h"]
    assert [line.quantity for line in equation_lines("gru")] == ["r", "z", "n", "h"]
    for model in SPECS:
        stages = [line.stage for line in equation_lines(model)]
        assert stages == sorted(stages)
        for line in equation_lines(model):
            assert line.quantity in SPECS[model].phase(line.phase).reveals


def test_lines_are_written_as_a_textbook_writes_them():
    lstm = {line.quantity: line for line in equation_lines("lstm")}
    assert lstm["f"].text == "f_t = σ(W_f x_t + U_f h_{t−1} + b_f)"
    assert lstm["g"].text == "C̃_t = tanh(W_g x_t + U_g h_{t−1} + b_g)"
    assert lstm["c"].text == "C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t"
    assert lstm["h"].text == "h_t = o_t ⊙ tanh(C_t)"
    assert lstm["f"].html == ("f<sub>t</sub> = σ(W<sub>f</sub> x<sub>t</sub> + U<sub>f</sub> h<sub>t−1</sub> + "
                              "b<sub>f</sub>)")  # fmt: skip
    gru = {line.quantity: line for line in equation_lines("gru")}
    assert gru["n"].text == "n_t = tanh(W_n x_t + b_{in} + r_t ⊙ (U_n h_{t−1} + b_{hn}))"
    assert gru["h"].text == "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}"
    assert equation_lines("rnn")[0].text == "h_t = tanh(W x_t + U h_{t−1} + b)"
    assert equation_lines("rnn", "relu")[0].text == "h_t = relu(W x_t + U h_{t−1} + b)"


def test_numbers_have_three_decimals_a_real_minus_and_no_negative_zero():
    assert number(0.5961) == "0.596"
    assert number(-0.13) == "−0.130"
    assert number(-0.0004) == "0.000"
    assert number(-2.5e300) == "−2.500e+300"
    assert number(-99999.9996) == "−100000.000"  # just under 1e5: three decimals, however long
    assert number(1e5) == "1.000e+05"
    assert number(-1e5) == "−1.000e+05"
    assert number(float("nan")) == "NaN"


def _lessons():
    return [name for name in builtin_lessons()]


@pytest.mark.parametrize("name", _lessons())
def test_substituted_numbers_are_the_engines_to_the_digits_shown(name):
    lesson = rnnviz.load_lesson(find_lesson(name))
    for model, weights in lesson.models.items():
        tr = trace(lesson, model)
        for step in sorted({1, tr.T // 2 or 1, tr.T}):
            for unit in sorted({0, tr.H - 1}):
                for line in equation_lines(model, weights.nonlinearity):
                    sub = substitute(line, tr, weights, step, unit)
                    shown = values(" = ".join(sub.steps))
                    result = float(tr.value(line.quantity, step)[unit])
                    assert sub.steps[-1] == number(result), (name, model, line.quantity)
                    assert sub.value == result
                    if line.form == "gate":
                        pre = float(tr.value("pre" if model == "rnn" else f"{line.quantity}_pre", step)[unit])
                        assert sub.steps[-2].endswith(f"({number(pre)})")
                        k = [g.id for g in SPECS[model].gates].index(line.quantity)
                        W, U, b_i, b_h = weights.gate(k)
                        wx = float(W[unit] @ tr.x[step - 1])
                        uh = float(U[unit] @ tr.h[step - 1])
                        written = terms(sub.steps[0])
                        assert written == [float(number(v).replace("−", "-")) for v in (wx, uh, b_i[unit] + b_h[unit])]
                        assert sum(written) == pytest.approx(shown[3], abs=2e-3)  # the terms add up
                    elif line.form == "lstm_cell":
                        want = [tr.f[step - 1][unit], tr.c[step - 1][unit], tr.i[step - 1][unit], tr.g[step - 1][unit]]
                        assert shown[:4] == [float(number(v).replace("−", "-")) for v in want]
                    elif line.form == "gru_hidden":
                        want = [tr.z[step - 1][unit], tr.n[step - 1][unit], tr.z[step - 1][unit], tr.h[step - 1][unit]]
                        assert shown[:4] == [float(number(v).replace("−", "-")) for v in want]
                    elif line.form == "lstm_hidden":
                        assert shown[:2] == [float(number(v).replace("−", "-"))
                                             for v in (tr.o[step - 1][unit], tr.c[step][unit])]  # fmt: skip
                        assert shown[3] == float(number(tr.tanh_c[step - 1][unit]).replace("−", "-"))


def test_the_example_of_the_issue_reads_as_it_should():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    tr = trace(lesson, "lstm")
    line = next(line for line in equation_lines("lstm") if line.quantity == "f")
    sub = substitute(line, tr, lesson.models["lstm"], 2, 0)
    assert sub.text == "f_t = σ(W_f x_t + U_f h_{t−1} + b_f) = σ(0.000 + 0.061 + 4.000) = σ(4.061) = 0.983"
    assert sub.html.startswith("f<sub>t</sub> = σ(")
    assert sub.html.endswith(" = σ(4.061) = 0.983")


def test_a_forced_gate_says_so_and_the_forget_bias_override_is_the_bias_shown():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    whatif = WhatIf(gates=(("lstm", "i", 0.0),), forget_bias=-3.0)
    tr = trace(lesson, "lstm", whatif=whatif)
    lines = {line.quantity: line for line in equation_lines("lstm")}
    weights = whatif.weights("lstm", lesson.models["lstm"])  # the weights the trace ran on
    forced = substitute(lines["i"], tr, weights, 1, 0, whatif.forced("lstm"))
    assert forced.forced
    assert forced.text.endswith("= 0.000  (what-if: forced)")
    f = substitute(lines["f"], tr, weights, 1, 1, whatif.forced("lstm"))
    assert terms(f.steps[0])[2] == -3.0


def test_the_bias_is_the_weights_own_even_beside_a_huge_product():
    """pre − W·x − U·h would lose the bias next to W·x = 1e15 (it read 0.250 for 0.300)."""
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    H = data["hidden_size"]
    D = len(next(iter(data["embeddings"].values())))
    weight_ih = np.zeros((H, D))
    weight_ih[0, 0] = 1e15
    data["models"] = {"rnn": {"weight_ih": weight_ih.tolist(), "weight_hh": np.zeros((H, H)).tolist(),
                              "bias_ih": [0.2] * H, "bias_hh": [0.1] * H}}  # fmt: skip
    data["embeddings"] = {token: [1.2345678] + [0.0] * (D - 1) for token in data["embeddings"]}
    lesson = rnnviz.load_lesson(data)
    sub = substitute(equation_lines("rnn")[0], trace(lesson, "rnn"), lesson.models["rnn"], 1, 0)
    assert sub.steps[0] == "tanh(1.235e+15 + 0.000 + 0.300)"


def test_huge_weights_never_show_nan():
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    for entry in data["models"].values():
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            entry[key] = (np.array(entry[key]) * 1e300).tolist()
    lesson = rnnviz.load_lesson(data)
    for model, weights in lesson.models.items():
        tr = trace(lesson, model)
        for line in equation_lines(model):
            for step in range(1, tr.T + 1):
                text = substitute(line, tr, weights, step, 0).text
                assert "NaN" not in text
                assert "nan" not in text


def test_a_step_or_unit_that_does_not_exist_is_refused():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    tr = trace(lesson, "rnn")
    line = equation_lines("rnn")[0]
    with pytest.raises(ValueError, match="step 0 is outside 1..3"):
        substitute(line, tr, lesson.models["rnn"], 0, 0)
    with pytest.raises(ValueError, match="unit 3 is outside 0..2"):
        substitute(line, tr, lesson.models["rnn"], 1, 3)


# -- activation curves and saturation -------------------------------------------------------------
def test_saturation_is_within_one_percent_of_an_end():
    from rnnviz.core.equations import saturated

    assert saturated(0.995, "σ")
    assert saturated(0.005, "σ")
    assert not saturated(0.985, "σ")
    assert not saturated(0.5, "σ")
    assert saturated(-0.995, "tanh")
    assert saturated(0.9999, "tanh")
    assert not saturated(0.985, "tanh")
    assert not saturated(0.0, "tanh")
    np.testing.assert_array_equal(saturated(np.array([0.0, 0.02, 0.98, 1.0]), "σ"), [True, False, False, True])


def test_activation_points_are_every_unit_of_every_gate_from_the_trace():
    from rnnviz.core.equations import activation_points

    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    tr = trace(lesson, "lstm")
    points = activation_points(tr, 2)
    assert [(p.gate, p.unit) for p in points] == [(g, u) for g in ("i", "f", "g", "o") for u in range(3)]
    for p in points:
        assert p.pre == tr.value(f"{p.gate}_pre", 2)[p.unit]
        assert p.value == tr.value(p.gate, 2)[p.unit]
        assert p.activation == ("tanh" if p.gate == "g" else "σ")
    assert points[3].label == "f0"
    assert [p.gate for p in activation_points(tr, 2, {"f"})] == ["f"] * 3
    gru = activation_points(trace(lesson, "gru"), 1)
    assert {p.gate for p in gru} == {"r", "z", "n"}
    assert all(p.pre == trace(lesson, "gru").n_pre[0][p.unit] for p in gru if p.gate == "n")
    rnn = activation_points(trace(lesson, "rnn"), 3)
    assert [p.value for p in rnn] == trace(lesson, "rnn").h[3].tolist()
    data = lesson.to_dict()
    data["models"]["rnn"]["nonlinearity"] = "relu"
    relu = rnnviz.load_lesson(data)
    assert activation_points(trace(relu, "rnn"), 1, nonlinearity="relu") == []  # no σ or tanh curve


def test_the_long_range_lessons_gates_are_saturated_by_design():
    from rnnviz.core.equations import activation_points

    lesson = rnnviz.load_lesson(find_lesson("long_range"))
    points = {p.gate: p for p in activation_points(trace(lesson, "lstm"), 3)}
    assert points["f"].saturated  # f = 1: the cell keeps everything, and no gradient reaches f's weights
    assert points["i"].saturated
    assert not points["g"].saturated


def test_number_boundaries_and_saturation_exactly_at_the_bound():
    from rnnviz.core.equations import saturated

    assert number(99999.9) == "99999.900"
    assert number(1e5) == "1.000e+05"
    assert number(-123456.0) == "−1.235e+05"
    assert number(-0.0) == "0.000"
    assert number(float("inf")) == "∞"
    assert not saturated(0.01, "σ")  # exactly at the bound: not inside it
    assert saturated(0.0099, "σ")
    assert not saturated(0.99, "tanh")
    assert saturated(0.9901, "tanh")
