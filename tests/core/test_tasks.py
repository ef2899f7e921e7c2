"""Every task's generator: sequences of the asked length from its vocabulary, targets that follow
the task's rule, the embeddings it promises, and test sets apart from the training batches."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.core.tasks import TASKS, held_out, lesson_words


def _balanced(tokens) -> bool:
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1, "a": 0}[token]
        if depth < 0:
            return False
    return depth == 0


def test_the_adding_task_marks_one_value_in_each_half_and_sums_them():
    task = TASKS["adding"]
    assert len(task.vocabulary) == 202
    assert task.embeddings["0.37"] == (0.37, 0.0)
    assert task.embeddings["1.00*"] == (1.0, 1.0)
    tokens, x, y = task.batch(np.random.default_rng(1), 64, 50)
    assert x.shape == (64, 50, 2)
    for seq, inputs, target in zip(tokens, x, y, strict=True):
        marked = [k for k, token in enumerate(seq) if token.endswith("*")]
        assert len(marked) == 2
        assert marked[0] < 25 <= marked[1]
        assert target == pytest.approx(inputs[marked, 0].sum())
        np.testing.assert_array_equal(inputs[:, 1], [float(token.endswith("*")) for token in seq])
    assert task.labels is None
    assert task.outputs == 1


def test_remember_first_labels_the_first_token_and_distracts_after_it():
    task = TASKS["remember-first"]
    tokens, x, y = task.batch(np.random.default_rng(2), 200, 40)
    assert set(y.tolist()) == {0, 1}
    for seq, label in zip(tokens, y, strict=True):
        assert seq[0] == task.labels[label]
        assert set(seq[1:]) <= {"x", "y", "z"}
    np.testing.assert_array_equal(x[0, 0], task.embeddings[tokens[0][0]])


def test_brackets_labels_are_whether_the_string_is_balanced_and_both_occur():
    task = TASKS["brackets"]
    tokens, _, y = task.batch(np.random.default_rng(3), 300, 20)
    for seq, label in zip(tokens, y, strict=True):
        assert len(seq) == 20
        assert _balanced(seq) == bool(label), seq
    assert 0.35 < y.mean() < 0.65  # about half and half: no class to guess


def test_test_sets_are_fixed_by_the_seed_and_apart_from_training():
    task = TASKS["adding"]
    a, b = held_out(task, 30, seed=0), held_out(task, 30, seed=0)
    np.testing.assert_array_equal(a[1], b[1])
    assert len(a[0]) >= 200
    training = task.batch(np.random.default_rng(0), 256, 30)
    assert not np.array_equal(training[1], a[1])
    assert not np.array_equal(held_out(task, 30, seed=1)[1], a[1])


@pytest.mark.parametrize("length", [3, 1001])
def test_a_length_out_of_range_is_refused(length):
    with pytest.raises(ValueError, match="the length must be from 4 to 1000"):
        TASKS["adding"].batch(np.random.default_rng(0), 2, length)


def test_a_trained_adding_lesson_says_where_the_marked_values_are_and_the_right_answer():
    tokens = ["0.10", "0.25*", "0.30", "0.05", "0.40*", "0.99"]
    description, notes = lesson_words(TASKS["adding"], tokens, 0.65)
    assert "they are 0.25 at t = 2 and 0.40 at t = 5, so the right answer is 0.65" in description["en"]
    assert "t = 2 的 0.25 和 t = 5 的 0.40，所以正确答案是 0.65" in description["zh"]
    assert [n["step"] for n in notes] == [2, 5]
    assert notes[0]["text"]["en"] == ("The first marked value, 0.25: the model must keep it for 3 more steps, "
                                      "past the distractors.")
    assert notes[1]["text"]["en"] == "The second marked value, 0.40: from here on the answer should be 0.65."


def test_a_trained_classifiers_lesson_names_its_right_answer_at_the_last_step():
    description, notes = lesson_words(TASKS["remember-first"], ["B", "x", "z", "y"], 1)
    assert "This sequence starts with B." in description["en"]
    assert notes == [{"step": 1, "text": {"en": "The token to remember: B.", "zh": "要记住的词元：B。"}},
                     {"step": 4, "text": {"en": "The right answer: B.", "zh": "正确答案：B。"}}]  # fmt: skip
    description, notes = lesson_words(TASKS["brackets"], ["(", "a", ")", ")"], 0)
    assert "This sequence is unbalanced." in description["en"]
    assert notes == [{"step": 4, "text": {"en": "The right answer: unbalanced.", "zh": "正确答案：unbalanced。"}}]


@pytest.mark.parametrize("length", [4, 1000])
def test_the_shortest_and_longest_lengths_are_drawn(length):
    tokens, x, _ = TASKS["brackets"].batch(np.random.default_rng(0), 2, length)
    assert x.shape == (2, length, 3)
    assert all(len(seq) == length for seq in tokens)


def test_the_first_marked_value_may_be_the_very_first_token():
    rng = np.random.default_rng(0)
    firsts = [next(k for k, t in enumerate(TASKS["adding"].draw(rng, 4)[0]) if t.endswith("*")) for _ in range(200)]
    assert set(firsts) == {0, 1}  # anywhere in the first half, its first token included


@pytest.mark.parametrize("name", ["remember-first", "brackets"])
def test_a_classifiers_tokens_are_one_hot_in_vocabulary_order(name):
    task = TASKS[name]
    for k, token in enumerate(task.vocabulary):
        expected = np.zeros(len(task.vocabulary))
        expected[k] = 1.0
        np.testing.assert_array_equal(task.embeddings[token], expected)
