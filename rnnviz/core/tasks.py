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

__all__ = ["TASKS", "Task", "held_out", "lesson_words"]

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



def lesson_words(task: Task, tokens: list[str], target) -> tuple[dict[str, str], list[dict]]:
    """What a trained lesson tells the class about its sequence (English and Chinese): a
    description (the task, this sequence's right answer, where to look) and notes at the steps
    that matter (rnnviz.core.notes). `target`: the sequence's value, or its label's index."""
    answer = ("The canvas shows the model's answer at every step: what it would say if the sequence ended there.",
              "画布在每一步都显示模型的回答：如果序列在这里结束，它会怎么回答。")  # fmt: skip
    if task.name == "adding":
        (i, a), (j, b) = [(k + 1, t.rstrip("*")) for k, t in enumerate(tokens) if t.endswith("*")]
        total = f"{float(target):.2f}"
        description = {
            "en": f"Trained on the adding task: the answer is the sum of the two marked values (marked *). In this "
                  f"sequence, the first of the test set, they are {a} at t = {i} and {b} at t = {j}, so the right "
                  f"answer is {total}. Step to them and watch what keeps the first one until the end. {answer[0]}",
            "zh": f"在加法任务上训练：答案是两个被标记数值（带 * 号）之和。"
                  f"在这个序列（测试集的第一个）中，它们是 t = {i} 的 {a} 和 t = {j} 的 {b}，所以正确答案是 {total}。"
                  f"逐步走到它们那里，看看是什么把第一个数值一直保留到最后。{answer[1]}",
        }
        notes = [
            {"step": i, "text": {"en": f"The first marked value, {a}: the model must keep it for {j - i} more steps, "
                                       "past the distractors.",
                                 "zh": f"第一个被标记的数值 {a}：模型必须把它再保留 {j - i} 步，越过中间的干扰项。"}},
            {"step": j, "text": {"en": f"The second marked value, {b}: from here on the answer should be {total}.",
                                 "zh": f"第二个被标记的数值 {b}：从这里起，答案应当是 {total}。"}},
        ]
        return description, notes
    label = task.labels[int(target)]
    if task.name == "remember-first":
        description = {
            "en": f"Trained on remember-first: the answer is the first token, A or B; everything after it is a "
                  f"distraction. This sequence starts with {label}. {answer[0]}",
            "zh": f"在“记住第一个”任务上训练：答案是第一个词元，A 或 B；之后的一切都是干扰。"
                  f"这个序列以 {label} 开头。{answer[1]}",
        }
        notes = [{"step": 1, "text": {"en": f"The token to remember: {label}.", "zh": f"要记住的词元：{label}。"}}]
    else:  # brackets
        description = {
            "en": f"Trained on brackets: {task.description}? This sequence is {label}. {answer[0]}",
            "zh": f"在括号任务上训练：判断字符串中的每个括号是否都按顺序闭合。这个序列是 {label}。{answer[1]}",
        }
        notes = []
    notes.append({"step": len(tokens), "text": {"en": f"The right answer: {label}.", "zh": f"正确答案：{label}。"}})
    return description, notes
