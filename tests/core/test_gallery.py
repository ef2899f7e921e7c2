"""The gallery's built-in lessons: each loads, has English and Chinese words, and its claim holds
on its own trace and gradients (the lessons are written by tests/make_gallery.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import rnnviz
from rnnviz.core.whatif import WhatIf
from rnnviz.resources import builtin_lessons, find_lesson

GALLERY = ("default", "vanishing_gradients", "exploding_gradients", "perfect_memory", "counter", "three_cells",
           "long_range")


def _lesson(name: str) -> rnnviz.Lesson:
    return rnnviz.load_lesson(find_lesson(name))


def test_the_gallery_lessons_are_built_in():
    assert set(GALLERY) <= set(builtin_lessons())


@pytest.mark.parametrize("name", GALLERY)
def test_each_lesson_speaks_english_and_chinese(name):
    lesson = _lesson(name)
    assert lesson.title
    assert set(lesson.description) == {"en", "zh"}
    assert lesson.notes
    for note in lesson.notes:
        assert set(note.text) == {"en", "zh"}
        if note.question:
            assert set(note.question) == set(note.answer) == {"en", "zh"}


def test_vanishing_gradients_at_initialisation_for_both_models():
    lesson = _lesson("vanishing_gradients")
    rnn = rnnviz.trace(lesson, "rnn", gradients=True)
    # the SimpleRNN: ‖∂h(T)/∂h(t)‖ shrinks at every step back, by at most ‖U‖₂ (|tanh'| <= 1) ...
    spectral = np.linalg.norm(lesson.models["rnn"].weight_hh, 2)
    ratios = rnn.dhT_dh[:-1] / rnn.dhT_dh[1:]
    assert (ratios <= spectral + 1e-12).all()
    # ... and is more than a thousand times smaller 20 steps back
    assert rnn.dhT_dh[0] < 1e-3 * rnn.dhT_dh[-1]
    # the LSTM at initialisation forgets the first token as well (f is about 0.5): the honest result
    lstm = rnnviz.trace(lesson, "lstm", gradients=True)
    assert 0.4 < lstm.f.mean() < 0.6
    assert lstm.dhT_dx[0] < 1e-3 * lstm.dhT_dx[-1]
    assert lstm.dhT_dx[0] <= rnn.dhT_dx[0]  # no better than the SimpleRNN here
    # with the forget-gate bias at 6 (What if), the first token counts about as much as the middle one
    kept = rnnviz.trace(lesson, "lstm", gradients=True, whatif=WhatIf(forget_bias=6.0))
    assert kept.f.mean() > 0.99
    middle = kept.dhT_dx[len(kept.dhT_dx) // 2]
    assert kept.dhT_dx[0] > 0.5 * middle
    assert lstm.dhT_dx[0] < 0.05 * lstm.dhT_dx[len(lstm.dhT_dx) // 2]  # where at initialisation it did not
    # the memory plot then: the cell state's line levels out, the h line still falls (tanh(C) saturates)
    from rnnviz.core.memory import sensitivities

    memory = sensitivities(lesson, kept, 1)
    assert memory["c"].max() < 2 * memory["c"].min()
    assert memory["h"][-1] < 1e-2 * memory["h"][0]
    assert np.abs(kept.c[-1]).max() > 2.0  # C has grown: tanh(C) is saturated


def test_exploding_gradients_grow_by_one_and_a_half_per_step_back():
    lesson = _lesson("exploding_gradients")
    rnn = rnnviz.trace(lesson, "rnn", gradients=True)
    T = rnn.T
    np.testing.assert_allclose(rnn.dhT_dh, math.sqrt(2) * 1.5 ** (T - np.arange(T + 1)), rtol=1e-12)
    np.testing.assert_allclose(rnn.h[-1], 0.1 * (1.5**T - 1) / 0.5, rtol=1e-12)  # the note's 131


def test_the_perfect_memory_keeps_the_first_token_for_thirty_steps():
    lesson = _lesson("perfect_memory")
    lstm = rnnviz.trace(lesson, "lstm", gradients=True)
    assert lstm.T == 31
    assert lstm.c[1, 0] == pytest.approx(math.tanh(3.0), abs=1e-4)  # written at the first step
    assert abs(lstm.c[-1, 0] - lstm.c[1, 0]) < 1e-7  # and kept
    assert (lstm.i[1:, 0] < 1e-13).all()  # nothing else is written
    assert lstm.h[-1, 0] == pytest.approx(math.tanh(math.tanh(3.0)), abs=1e-4)  # the note's 0.76
    assert lstm.dhT_dx[0] == pytest.approx(0.0129, abs=5e-4)  # small: the gates are saturated
    assert lstm.dhT_dx[0] > 1e10 * lstm.dhT_dx[1:].max()  # the fillers count for next to nothing (the note: 1e11)
    # the same sentence starting with a filler: nothing is written, h(T) stays 0
    other = rnnviz.trace(lesson.with_tokens(["x", *lesson.tokens[1:]]), "lstm")
    assert abs(other.h[-1, 0]) < 1e-6


def test_the_counter_counts_the_as_in_its_cell_state():
    lesson = _lesson("counter")
    lstm = rnnviz.trace(lesson, "lstm")
    counts = np.cumsum([token == "a" for token in lesson.tokens])
    np.testing.assert_allclose(lstm.c[1:, 0], counts, atol=1e-6)
    assert counts[-1] == 6  # the note's answer
    rng = np.random.default_rng(0)
    for _ in range(5):  # any sentence of a's and b's, as the last note suggests
        tokens = [str(t) for t in rng.choice(["a", "b"], int(rng.integers(1, 25)))]
        c = rnnviz.trace(lesson.with_tokens(tokens), "lstm").c[-1, 0]
        assert c == pytest.approx(tokens.count("a"), abs=1e-6)
    assert lstm.h[-1, 0] < 1.0  # h = o tanh(C) saturates: it cannot show the count
    assert lstm.h[-1, 0] == pytest.approx(math.tanh(6.0), abs=1e-6)


def test_three_cells_on_one_sentence():
    lesson = _lesson("three_cells")
    assert set(lesson.models) == {"rnn", "lstm", "gru"}
    rnn, lstm, gru = (rnnviz.trace(lesson, m, gradients=True) for m in ("rnn", "lstm", "gru"))
    # the GRU: each unit of h(t) between h(t-1) and n(t) (the note at step 2)
    low, high = np.minimum(gru.h[:-1], gru.n), np.maximum(gru.h[:-1], gru.n)
    assert ((low - 1e-12 <= gru.h[1:]) & (gru.h[1:] <= high + 1e-12)).all()
    np.testing.assert_allclose(rnn.h[1:], np.tanh(rnn.pre), rtol=0, atol=1e-15)  # only h, squashed
    # the last note's result, on the lesson's own gradients: SimpleRNN most, GRU least
    assert rnn.dhT_dx[0] > lstm.dhT_dx[0] > gru.dhT_dx[0]
    assert 0.3 < lstm.f.mean() < 0.7  # untrained gates keep about half
    assert 0.3 < gru.z.mean() < 0.7


def test_long_range_both_hold_the_first_token_but_only_the_lstms_gradient_reaches_it():
    from rnnviz.core.memory import sensitivities

    lesson = _lesson("long_range")
    assert len(lesson.tokens) == 31
    answers = {}
    for first in ("A", "B"):
        sentence = lesson.with_tokens([first, *lesson.tokens[1:]])
        for model in ("rnn", "lstm"):
            answers[first, model] = rnnviz.trace(sentence, model).h[-1, 0]
    # both models keep the first token 30 steps: h(T) flips with it, by a wide margin
    assert answers["A", "rnn"] == pytest.approx(0.96, abs=0.01)
    assert answers["A", "lstm"] == pytest.approx(0.76, abs=0.01)
    for model in ("rnn", "lstm"):
        assert answers["A", model] == pytest.approx(-answers["B", model], abs=1e-12)
        assert answers["A", model] - answers["B", model] > 1.4
    # but only the LSTM's gradient reaches back to it
    rnn, lstm = (rnnviz.trace(lesson, m, gradients=True) for m in ("rnn", "lstm"))
    assert rnn.dhT_dx[0] < 1e-24
    assert lstm.dhT_dx[0] == pytest.approx(0.013, abs=1e-3)
    # the SimpleRNN's factor per step back: 2 (1 - h²) ≈ 0.17 at its stable state
    factor = 2 * (1 - answers["A", "rnn"] ** 2)
    assert factor == pytest.approx(0.17, abs=0.005)
    ratios = rnn.dhT_dh[:-1] / rnn.dhT_dh[1:]
    np.testing.assert_allclose(ratios[5:], factor, rtol=1e-3)  # once h has settled (after a few steps)
    # the memory plot: the SimpleRNN's line falls about 23 decades, the LSTM's cell holds
    rnn_memory = sensitivities(lesson, rnn, 1)["h"]
    assert 22.5 < math.log10(rnn_memory[0] / rnn_memory[-1]) < 24
    cell = sensitivities(lesson, lstm, 1)["c"]
    assert cell.max() < 1.01 * cell.min()


def test_the_default_lessons_notes_say_what_its_numbers_show():
    lesson = _lesson("default")
    lstm, rnn = rnnviz.trace(lesson, "lstm", gradients=True), rnnviz.trace(lesson, "rnn", gradients=True)
    assert lstm.i[0, 0] == pytest.approx(0.88, abs=0.005)  # step 1: 我 is written into unit 0 ...
    assert lstm.c[1, 0] == pytest.approx(0.85, abs=0.005)  # ... which becomes 0.85
    assert lstm.f[1, 0] == pytest.approx(0.98, abs=0.005)  # step 2: unit 0 keeps it
    assert (lstm.c[1, 0], lstm.c[2, 0]) == (pytest.approx(0.85, abs=0.005), pytest.approx(0.79, abs=0.005))
    assert lstm.f[1, 1] == pytest.approx(0.08, abs=0.005)  # unit 1 forgets
    assert (lstm.f[:, 0] > 0.97).all()  # the description: unit 0's forget gate stays near 0.98
    # the answer: the LSTM's last state depends on 我 as much as on 爱; the SimpleRNN's falls 16-fold
    assert lstm.dhT_dx[0] == pytest.approx(0.128, abs=0.0005)
    assert lstm.dhT_dx[1] == pytest.approx(0.128, abs=0.0005)
    assert rnn.dhT_dx[2] == pytest.approx(1.78, abs=0.005)
    assert rnn.dhT_dx[0] == pytest.approx(0.11, abs=0.005)
