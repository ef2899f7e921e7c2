"""Edit records and the new-lesson factory, without Qt: apply, inverse, merge, refusals."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pytest

from rnnviz.core.edits import (
    MAX_HIDDEN_SIZE,
    ResizeHidden,
    SetEmbedding,
    SetEmbeddings,
    SetTitle,
    SetWeight,
    SetWeights,
)
from rnnviz.core.export import trace
from rnnviz.core.lesson import Lesson, LessonError, default_embedding, load_lesson, new_lesson
from rnnviz.core.models import MODELS, SPECS
from rnnviz.resources import default_lesson_path


@pytest.fixture
def lesson() -> Lesson:
    return load_lesson(default_lesson_path())


def assert_same_lesson(a: Lesson, b: Lesson) -> None:
    """Every number, token, title and shape equal (bit for bit)."""
    assert a.tokens == b.tokens
    assert a.title == b.title
    assert a.hidden_size == b.hidden_size
    assert list(a.models) == list(b.models)
    for name in a.models:
        for parameter in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            np.testing.assert_array_equal(getattr(a.models[name], parameter), getattr(b.models[name], parameter))
        assert a.models[name].nonlinearity == b.models[name].nonlinearity
    assert a.embeddings.keys() == b.embeddings.keys()
    for token in a.embeddings:
        np.testing.assert_array_equal(a.embeddings[token], b.embeddings[token])
    np.testing.assert_array_equal(a.initial_h, b.initial_h)
    np.testing.assert_array_equal(a.initial_c, b.initial_c)


# -- SetWeights ---------------------------------------------------------------------------------
def test_set_weights_sets_every_number_and_undoes_exactly(lesson):
    before = lesson.models["lstm"].weight_hh.copy()
    edit = SetWeights("lstm", "weight_hh", {(0, 0): 1.5, (0, 1): -2.0, (5, 1): 1e308})
    changed, inverse = edit.apply(lesson)
    w = changed.models["lstm"].weight_hh
    assert (w[0, 0], w[0, 1], w[5, 1]) == (1.5, -2.0, 1e308)
    untouched = np.ones(w.shape, dtype=bool)
    untouched[[0, 0, 5], [0, 1, 1]] = False
    np.testing.assert_array_equal(w[untouched], before[untouched])
    assert not w.flags.writeable
    np.testing.assert_array_equal(lesson.models["lstm"].weight_hh, before)  # the old lesson is untouched
    assert isinstance(inverse, SetWeights)
    restored, again = inverse.apply(changed)
    assert_same_lesson(restored, lesson)
    redone, _ = again.apply(restored)
    assert_same_lesson(redone, changed)


def test_set_weights_on_a_bias_and_from_pairs(lesson):
    changed, inverse = SetWeights("rnn", "bias_ih", [((1,), 0.25), ((0,), 0.5)]).apply(lesson)
    assert changed.models["rnn"].bias_ih[:2].tolist() == [0.5, 0.25]
    assert_same_lesson(inverse.apply(changed)[0], lesson)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (SetWeights("cnn", "weight_ih", {(0, 0): 1.0}), "no cnn model"),
        (SetWeights("lstm", "weight_xx", {(0, 0): 1.0}), "unknown parameter"),
        (SetWeights("lstm", "weight_ih", {(0, 0): 1.0, (0, 3): 2.0}), "no entry (0, 3)"),
        (SetWeights("lstm", "bias_ih", {(0, 0): 1.0}), "no entry (0, 0)"),
        (SetWeights("lstm", "weight_ih", {(0, 0): 1.0, (0, 1): math.nan}), "finite"),
        (SetWeights("lstm", "weight_ih", {(0, 0): 1.0, (0, 1): math.inf}), "finite"),
        (SetWeights("lstm", "weight_ih", {(0, 0): "1"}), "not a number"),
        (SetWeights("lstm", "weight_ih", {}), "no numbers"),
    ],
)
def test_set_weights_refuses_all_or_nothing(lesson, edit, message):
    with pytest.raises(LessonError, match=re.escape(message)):
        edit.apply(lesson)


def test_set_weights_of_a_model_the_lesson_lacks():
    only_lstm = new_lesson(["a"], ["lstm"], 2, 2, 0)
    with pytest.raises(LessonError, match="no gru model"):
        SetWeights("gru", "weight_ih", {(0, 0): 1.0}).apply(only_lstm)


def test_batch_edits_never_merge_but_single_cell_edits_do():
    paste = SetWeights("lstm", "weight_ih", {(0, 0): 1.0})
    assert not paste.merge(SetWeights("lstm", "weight_ih", {(0, 0): 2.0}))
    assert not SetEmbeddings({("a", 0): 1.0}).merge(SetEmbeddings({("a", 0): 2.0}))
    assert not SetTitle("a").merge(SetTitle("b"))
    assert not ResizeHidden(3).merge(ResizeHidden(4))
    assert SetWeight("lstm", "weight_ih", (0, 0), 1.0).merge(SetWeight("lstm", "weight_ih", (0, 0), 2.0))
    assert not SetWeight("lstm", "weight_ih", (0, 0), 1.0).merge(SetWeight("lstm", "weight_ih", (0, 1), 2.0))
    assert SetEmbedding("a", 0, 1.0).merge(SetEmbedding("a", 0, 3.0))
    assert not SetEmbedding("a", 0, 1.0).merge(SetEmbedding("b", 0, 3.0))


def test_single_cell_edits_still_round_trip(lesson):
    changed, inverse = SetWeight("lstm", "weight_ih", (3, 2), -0.125).apply(lesson)
    assert changed.models["lstm"].weight_ih[3, 2] == -0.125
    assert inverse == SetWeight("lstm", "weight_ih", (3, 2), float(lesson.models["lstm"].weight_ih[3, 2]))
    assert_same_lesson(inverse.apply(changed)[0], lesson)
    changed, inverse = SetEmbedding("爱", 1, 0.75).apply(lesson)
    assert changed.embeddings["爱"][1] == 0.75
    assert_same_lesson(inverse.apply(changed)[0], lesson)


# -- SetEmbeddings ------------------------------------------------------------------------------
def test_set_embeddings_sets_several_tokens_and_undoes_exactly(lesson):
    edit = SetEmbeddings({("我", 0): 0.5, ("我", 2): -0.5, ("祖国", 1): 3.0})
    changed, inverse = edit.apply(lesson)
    assert changed.embeddings["我"].tolist() == [0.5, lesson.embeddings["我"][1], -0.5]
    assert changed.embeddings["祖国"][1] == 3.0
    np.testing.assert_array_equal(changed.embeddings["爱"], lesson.embeddings["爱"])
    assert changed.inputs[0, 0] == 0.5  # the sequence reads the new vector
    assert_same_lesson(inverse.apply(changed)[0], lesson)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({("我", 0): 1.0, ("你", 0): 1.0}, "no embedding for token '你'"),
        ({("我", 3): 1.0}, "no component 3"),
        ({("我", -1): 1.0}, "no component -1"),
        ({("我", 0): 1.0, ("爱", 0): math.nan}, "finite"),
        ({}, "no numbers"),
    ],
)
def test_set_embeddings_refuses_all_or_nothing(lesson, values, message):
    with pytest.raises(LessonError, match=message):
        SetEmbeddings(values).apply(lesson)


# -- SetTitle -----------------------------------------------------------------------------------
def test_set_title_and_back(lesson):
    changed, inverse = SetTitle("Gates, slowly").apply(lesson)
    assert changed.title == "Gates, slowly"
    assert changed.to_dict()["title"] == "Gates, slowly"
    assert inverse == SetTitle(lesson.title)
    assert inverse.apply(changed)[0].title == lesson.title
    assert SetTitle("").apply(lesson)[0].title == ""
    with pytest.raises(LessonError, match="lone surrogate"):
        SetTitle("a\udc80").apply(lesson)
    with pytest.raises(LessonError, match="expected a string"):
        SetTitle(3).apply(lesson)  # type: ignore[arg-type]


# -- ResizeHidden -------------------------------------------------------------------------------
@pytest.mark.parametrize("new_size", [1, 2, 3, 5, 8])
def test_resize_keeps_the_overlap_of_every_gate_block(lesson, new_size):
    H, D = lesson.hidden_size, lesson.embedding_size
    keep = min(H, new_size)
    state = replace(lesson, initial_h=np.arange(1.0, H + 1), initial_c=-np.arange(1.0, H + 1))
    resized, inverse = ResizeHidden(new_size, seed=4).apply(state)
    assert resized.hidden_size == new_size
    bound = 1 / math.sqrt(new_size)
    for name, weights in resized.models.items():
        G = SPECS[name].gate_count
        old = state.models[name]
        assert weights.weight_ih.shape == (G * new_size, D)
        assert weights.weight_hh.shape == (G * new_size, new_size)
        assert weights.bias_ih.shape == weights.bias_hh.shape == (G * new_size,)
        for k in range(G):
            new_rows, old_rows = slice(k * new_size, k * new_size + keep), slice(k * H, k * H + keep)
            np.testing.assert_array_equal(weights.weight_ih[new_rows], old.weight_ih[old_rows])
            np.testing.assert_array_equal(weights.weight_hh[new_rows, :keep], old.weight_hh[old_rows, :keep])
            np.testing.assert_array_equal(weights.bias_ih[new_rows], old.bias_ih[old_rows])
            np.testing.assert_array_equal(weights.bias_hh[new_rows], old.bias_hh[old_rows])
            # what is new lies within PyTorch's bound for the new H
            fresh = np.ones((new_size, new_size), dtype=bool)
            fresh[:keep, :keep] = False
            block = weights.weight_hh[k * new_size : (k + 1) * new_size]
            assert np.all(np.abs(block[fresh]) <= bound)
            assert np.all(np.abs(weights.weight_ih[k * new_size + keep : (k + 1) * new_size]) <= bound)
        assert weights.nonlinearity == old.nonlinearity
    assert resized.initial_h.tolist() == list(np.arange(1.0, H + 1)[:keep]) + [0.0] * (new_size - keep)
    assert resized.initial_c.tolist() == list(-np.arange(1.0, H + 1)[:keep]) + [0.0] * (new_size - keep)
    assert resized.tokens == state.tokens
    for token in state.embeddings:
        np.testing.assert_array_equal(resized.embeddings[token], state.embeddings[token])
    for name in resized.models:  # the engine runs on it, and it saves and loads as a valid lesson
        assert trace(resized, name).h.shape == (len(resized.tokens) + 1, new_size)
    assert_same_lesson(load_lesson(resized.to_dict()), resized)
    restored, _ = inverse.apply(resized)
    assert restored is state  # one undo gives back the very lesson


def test_resize_is_the_same_for_the_same_seed_and_differs_for_another(lesson):
    a, _ = ResizeHidden(6, seed=1).apply(lesson)
    b, _ = ResizeHidden(6, seed=1).apply(lesson)
    c, _ = ResizeHidden(6, seed=2).apply(lesson)
    assert_same_lesson(a, b)
    assert not np.array_equal(a.models["lstm"].weight_hh, c.models["lstm"].weight_hh)


@pytest.mark.parametrize("size", [0, -1, MAX_HIDDEN_SIZE + 1, 2.5, "4", True])
def test_resize_refuses_sizes_out_of_range(lesson, size):
    with pytest.raises(LessonError, match="whole number from 1 to 1024"):
        ResizeHidden(size, 0).apply(lesson)


def test_resize_to_the_limit_works():
    small = new_lesson(["a"], ["rnn"], 2, 1, 0)
    resized, _ = ResizeHidden(MAX_HIDDEN_SIZE, 0).apply(small)
    assert resized.models["rnn"].weight_hh.shape == (MAX_HIDDEN_SIZE, MAX_HIDDEN_SIZE)


# -- new_lesson ---------------------------------------------------------------------------------
def test_new_lesson_draws_pytorch_initialisation_from_the_seed():
    lesson = new_lesson(["the", "cat", "the"], ["gru", "rnn"], 4, 3, seed=11, title="Cats")
    assert lesson.tokens == ("the", "cat", "the")
    assert lesson.title == "Cats"
    assert list(lesson.models) == ["rnn", "gru"]  # MODELS order whatever the order asked
    assert lesson.hidden_size == 4
    assert lesson.embedding_size == 3
    rng = np.random.default_rng(11)  # the documented drawing order
    bound = 1 / math.sqrt(4)
    for name in ("rnn", "gru"):
        rows = SPECS[name].gate_count * 4
        w = lesson.models[name]
        for parameter, shape in (("weight_ih", (rows, 3)), ("weight_hh", (rows, 4)), ("bias_ih", (rows,)),
                                 ("bias_hh", (rows,))):  # fmt: skip
            np.testing.assert_array_equal(getattr(w, parameter), rng.uniform(-bound, bound, shape))
            assert np.all(np.abs(getattr(w, parameter)) <= bound)
    assert lesson.embeddings.keys() == {"the", "cat"}
    np.testing.assert_array_equal(lesson.embeddings["cat"], default_embedding("cat", 3))
    assert lesson.initial_h.tolist() == lesson.initial_c.tolist() == [0.0] * 4
    assert_same_lesson(new_lesson(["the", "cat", "the"], ["rnn", "gru"], 4, 3, seed=11, title="Cats"), lesson)
    assert_same_lesson(load_lesson(lesson.to_dict()), lesson)  # a valid lesson file


def test_new_lesson_with_every_model_traces(tmp_path):
    lesson = new_lesson(["x"], MODELS, 1, 1, 0)
    assert list(lesson.models) == list(MODELS)
    path = tmp_path / "new.json"
    lesson.save(path)
    assert_same_lesson(load_lesson(path), lesson)
    for name in MODELS:
        assert trace(lesson, name).h.shape == (2, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (([], ["lstm"], 2, 2, 0), "at least one token"),
        ((["a", " "], ["lstm"], 2, 2, 0), "blank"),
        ((["a"], [], 2, 2, 0), "at least one model"),
        ((["a"], ["transformer"], 2, 2, 0), "unknown model"),
        ((["a"], ["lstm"], 0, 2, 0), "hidden_size"),
        ((["a"], ["lstm"], 2, 0, 0), "embedding size"),
        ((["a"], ["lstm"], 2.0, 2, 0), "hidden_size"),
        ((["a"], ["lstm"], 2, 2, -1), "seed"),
    ],
)
def test_new_lesson_refuses_bad_arguments(arguments, message):
    with pytest.raises(LessonError, match=message):
        new_lesson(*arguments)
