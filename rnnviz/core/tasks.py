"""Tasks that need memory across a gap, for training SimpleRNN, LSTM and GRU side by side.

Each task draws sequences of tokens from its own vocabulary, with a fixed embedding per token
(so a trained model is a lesson like any other), and a target: a number (regression) or a label
(classification). A test set is drawn from its own seed, apart from the training batches.

* ``adding`` (Hochreiter & Schmidhuber 1997): tokens are values on a 0.01 grid, some marked; each
  token's embedding is [value, marker]. Exactly two tokens are marked, one in each half; the
  target is the sum of the two marked values. Its 202-token vocabulary fits in a lesson.
* ``remember-first``: the first token is A or B, the rest are distractors; the label is the first.
* ``brackets``: a string of "(", ")" and "a"; is every bracket closed, in order (balanced)?
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["TASKS", "Task", "held_out"]

MIN_LENGTH, MAX_LENGTH = 4, 1000


@dataclass(frozen=True)
class Task:
    name: str
    description: str  # one line, for `rnnviz train --list`
    labels: tuple[str, ...] | None  # class names (classification), None for regression
    vocabulary: tuple[str, ...]
    embeddings: dict[str, tuple[float, ...]]
    default_length: int
    draw: Callable[[np.random.Generator, int], tuple[list[str], float | int]]  # (rng, T) -> (tokens, target)

    @property
    def outputs(self) -> int:
        return 1 if self.labels is None else len(self.labels)

    @property
    def input_size(self) -> int:
        return len(next(iter(self.embeddings.values())))

    def batch(self, rng: np.random.Generator, size: int, length: int) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
        """size sequences of `length` tokens: (tokens, inputs (B, T, D), targets (B,))."""
        if not MIN_LENGTH <= length <= MAX_LENGTH:
            raise ValueError(f"the length must be from {MIN_LENGTH} to {MAX_LENGTH}, not {length}")
        drawn = [self.draw(rng, length) for _ in range(size)]
        tokens = [tokens for tokens, _ in drawn]
        x = np.array([[self.embeddings[token] for token in seq] for seq in tokens], dtype=np.float64)
        targets = np.array([target for _, target in drawn], dtype=np.float64 if self.labels is None else np.int64)
        return tokens, x, targets


def _value_token(value: int, marked: bool) -> str:
    return f"{value / 100:.2f}{'*' if marked else ''}"


def _adding(rng: np.random.Generator, T: int) -> tuple[list[str], float]:
    values = rng.integers(0, 101, T)  # 0.00 .. 1.00 in steps of 0.01
    first, second = int(rng.integers(0, T // 2)), int(rng.integers(T // 2, T))
    tokens = [_value_token(int(v), k in (first, second)) for k, v in enumerate(values)]
    return tokens, float(values[first] + values[second]) / 100


def _remember_first(rng: np.random.Generator, T: int) -> tuple[list[str], int]:
    label = int(rng.integers(0, 2))
    return ["AB"[label]] + [str(t) for t in rng.choice(["x", "y", "z"], T - 1)], label


def _brackets(rng: np.random.Generator, T: int) -> tuple[list[str], int]:
    """Half balanced, half not; an unbalanced string differs from a balanced one in one place,
    so that neither the count of brackets alone nor the first token gives the answer away."""
    while True:
        depth, tokens = 0, []
        for k, u in enumerate(rng.random(T).tolist()):  # one draw per token: "(" 35 %, ")" 35 %, "a" 30 %
            left = T - k
            if depth == left:  # what is left must close everything
                choice = ")"
            else:
                choice = "(" if u < 0.35 else ")" if u < 0.7 else "a"
                if choice == ")" and depth == 0:
                    choice = "a"
                if choice == "(" and depth + 1 >= left:  # no room left to close it
                    choice = "a"
            depth += 1 if choice == "(" else -1 if choice == ")" else 0
            tokens.append(choice)
        if "(" in tokens:
            break
    if rng.random() < 0.5:
        return tokens, 1
    brackets = [k for k, t in enumerate(tokens) if t in "()"]
    k = brackets[int(rng.integers(0, len(brackets)))]
    tokens[k] = ")" if tokens[k] == "(" else "("  # one bracket turned: never balanced any more
    return tokens, 0


def _one_hot(vocabulary: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    return {token: tuple(float(k == j) for j in range(len(vocabulary))) for k, token in enumerate(vocabulary)}


_ADDING_VOCABULARY = tuple(_value_token(v, m) for m in (False, True) for v in range(101))

TASKS: dict[str, Task] = {
    "adding": Task("adding", "the sum of the two marked values in a sequence of numbers (regression)", None,
                   _ADDING_VOCABULARY, {t: (int(t.rstrip("*").replace(".", "")) / 100, float(t.endswith("*")))
                                        for t in _ADDING_VOCABULARY}, 50, _adding),
    "remember-first": Task("remember-first", "which of A or B began the sequence, after random distractors",
                           ("A", "B"), ("A", "B", "x", "y", "z"), _one_hot(("A", "B", "x", "y", "z")), 40,
                           _remember_first),
    "brackets": Task("brackets", "whether every bracket in a string of (, ) and a is closed, in order",
                     ("unbalanced", "balanced"), ("(", ")", "a"), _one_hot(("(", ")", "a")), 20, _brackets),
}  # fmt: skip


def held_out(task: Task, length: int, seed: int, size: int = 256):
    """The task's fixed test set for a length: drawn from its own stream of the seed, never from
    the training batches'."""
    rng = np.random.default_rng([seed, 1_000_003, length])
    return task.batch(rng, size, length)

