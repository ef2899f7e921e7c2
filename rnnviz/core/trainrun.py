"""A training run as `rnnviz train` does it: every model on the same batches of a task, with the
same defaults, then the trained lessons, the history and the test set written to a folder.

Defaults (the same for every model): hidden size 16, 2000 steps of batch 32, Adam lr 0.01,
gradient norm clipped at 1, PyTorch's initialisation with the LSTM's forget-gate bias +1
(rnnviz.core.train). Deterministic for a seed: the batches are the same for every model.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .atomic import atomic_write_text
from .lesson import LessonError, load_lesson
from .models import MODELS
from .tasks import MAX_LENGTH, MIN_LENGTH, TASKS, Task, held_out, lesson_words
from .train import Adam, Net, backward, cross_entropy, forward, init_net, mse

HIDDEN, STEPS, BATCH = 16, 2000, 32
MAX_HIDDEN, MAX_STEPS = 256, 1_000_000
LOG_EVERY = 50  # a history row per model this often
CHECKPOINTS = 5  # the gradient norm per timestep, at this many evenly spaced steps (and step 1)
HISTORY_COLUMNS = ("model", "step", "loss", "accuracy", "test_loss", "test_accuracy", "timestep", "grad_norm")


@dataclass
class Result:
    model: str
    net: Net
    rows: list[dict] = field(default_factory=list)  # history.csv rows
    test_loss: float = float("nan")
    test_accuracy: float | None = None
    stopped: str = ""  # why training stopped early ("" if it ran every step)


def check(task: str, models: list[str], length: int | None, hidden: int, steps: int) -> tuple[Task, int]:
    """(The task, the length: the task's own when None), or LessonError naming the first setting out of range."""
    if task not in TASKS:
        raise LessonError(f"unknown task {task!r} (tasks: {', '.join(TASKS)}; see rnnviz train --list)")
    for model in models:
        if model not in MODELS:
            raise LessonError(f"unknown model {model!r} in --models (expected {', '.join(MODELS)})")
    if not models:
        raise LessonError("--models names no model")
    length = TASKS[task].default_length if length is None else length
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise LessonError(f"--length must be from {MIN_LENGTH} to {MAX_LENGTH}, not {length}")
    if not 1 <= hidden <= MAX_HIDDEN:
        raise LessonError(f"--hidden must be from 1 to {MAX_HIDDEN}, not {hidden}")
    if not 1 <= steps <= MAX_STEPS:
        raise LessonError(f"--steps must be from 1 to {MAX_STEPS}, not {steps}")
    return TASKS[task], length


def _evaluate(task: Task, net: Net, test) -> tuple[float, float | None]:
    _, x, y = test
    out, _ = forward(net, x)
    if task.labels is None:
        return mse(out, y)[0], None
    return cross_entropy(out, y)[0], float(np.mean(out.argmax(axis=1) == y))


class Trainer:
    """One model's training on a task, a step (one batch) at a time, so that a caller can
    interleave models, pause and stop between steps. The batches come from the seed alone, so
    every model of a run sees the same ones.

    rows: history.csv rows (a row every `log_every` steps; at `checkpoints` also the test loss and,
    with `timestep_rows`, one row per timestep with the gradient norm). grad_norms: ‖∂loss/∂h(t)‖
    per timestep (mean over the batch) at the last checkpoint.
    """

    def __init__(self, task: Task, model: str, length: int, hidden: int, seed: int, test=None,
                 checkpoints: Container[int] = frozenset(), log_every: int = LOG_EVERY,
                 timestep_rows: bool = True):  # fmt: skip
        self.task, self.model, self.length = task, model, length
        self.data_rng = np.random.default_rng([seed, 0])
        self.net = init_net(model, task.input_size, hidden, task.outputs, np.random.default_rng([seed, 1]))
        self.optimiser = Adam()
        self.test = held_out(task, length, seed) if test is None else test
        self.loss_of = mse if task.labels is None else cross_entropy
        self.checkpoints, self.log_every, self.timestep_rows = checkpoints, log_every, timestep_rows
        self.result = Result(model, self.net)
        self.step_count = 0
        self.grad_norms: np.ndarray | None = None
        self.grad_step = 0  # the step grad_norms is from
        self.good = {name: value.copy() for name, value in self.net.params.items()}  # the last finite weights

    @property
    def stopped(self) -> str:
        return self.result.stopped

    def logs(self, step: int) -> bool:
        """Whether a step gets a history row."""
        return step % self.log_every == 0 or step in self.checkpoints

    def step(self) -> float | None:
        """Train on one batch; the loss before the update, or None once training has stopped."""
        if self.result.stopped:
            return None
        self.step_count += 1
        step, net, result = self.step_count, self.net, self.result
        _, x, y = self.task.batch(self.data_rng, BATCH, self.length)
        out, cache = forward(net, x)
        loss, dy = self.loss_of(out, y)
        grads, dh = backward(net, cache, dy) if np.isfinite(loss) else ({}, None)
        if not np.isfinite(loss) or not all(np.isfinite(g).all() for g in grads.values()):
            net.params.update(self.good)
            result.stopped = (f"the {self.model} diverged at step {step} (its loss or gradients are not finite); "
                              "the last good weights are kept")  # fmt: skip
            return None
        for name, value in net.params.items():
            self.good[name][...] = value
        self.optimiser.step(net.params, grads)
        if self.logs(step):
            row = {"model": self.model, "step": step, "loss": loss}
            if self.task.labels is not None:
                row["accuracy"] = float(np.mean(out.argmax(axis=1) == y))
            result.rows.append(row)
            if step in self.checkpoints:
                row["test_loss"], accuracy = _evaluate(self.task, net, self.test)
                if accuracy is not None:
                    row["test_accuracy"] = accuracy
                self.grad_norms = np.sqrt((dh**2).sum(axis=2)).mean(axis=1)  # mean over the batch of ‖∂loss/∂h(t)‖
                self.grad_step = step
                if self.timestep_rows:
                    result.rows += [{"model": self.model, "step": step, "timestep": t, "grad_norm": float(n)}
                                    for t, n in enumerate(self.grad_norms)]  # fmt: skip
        return loss

    def finish(self) -> Result:
        """The result, with the test loss (and accuracy) of the weights as they are now."""
        self.result.test_loss, self.result.test_accuracy = _evaluate(self.task, self.net, self.test)
        return self.result


def train(task: Task, model: str, length: int, hidden: int, steps: int, seed: int,
          progress: Callable[[str, int, float], None] | None = None, test=None) -> Result:  # fmt: skip
    """Train one model for `steps` batches (as `rnnviz train` does), with the gradient norms at step 1
    and at CHECKPOINTS evenly spaced steps. test: the task's test set for this length and seed
    (held_out), drawn here when not given."""
    checkpoints = {1, steps} | {round(steps * k / CHECKPOINTS) for k in range(1, CHECKPOINTS)}
    trainer = Trainer(task, model, length, hidden, seed, test, checkpoints)
    for _ in range(steps):
        loss = trainer.step()
        if loss is None:
            break
        if progress is not None and trainer.logs(trainer.step_count):
            progress(model, trainer.step_count, loss)
    return trainer.finish()


def lesson_dict(task: Task, model: str, p: dict[str, np.ndarray], tokens: list[str], target, length: int,
                seed: int) -> dict:  # fmt: skip
    """A model with parameters `p` (train.PARAMETERS) as a lesson: the task's vocabulary and
    embeddings, `tokens` (the first test sequence, whose right answer is `target`), no initial
    state, the weights and the readout, and words for the class (tasks.lesson_words)."""
    entry = {name: p[name].tolist() for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    readout = {"weight": p["readout_weight"].tolist(), "bias": p["readout_bias"].tolist()}
    if task.labels is not None:
        readout["labels"] = list(task.labels)
    entry["readout"] = readout
    description, notes = lesson_words(task, list(tokens), target)
    return {
        "format": "rnnviz-lesson", "version": 1,
        "title": f"{model} trained on {task.name} (length {length}, seed {seed})",
        "tokens": list(tokens), "embeddings": {t: list(v) for t, v in task.embeddings.items()},
        "hidden_size": p["weight_hh"].shape[1], "models": {model: entry},
        "description": description, "notes": notes,
    }  # fmt: skip


def _previous_run(names: set[str]) -> bool:
    allowed = {f"{m}.json" for m in MODELS} | {"history.csv", "test.jsonl"}
    return names <= allowed


def prepare_folder(out: Path) -> None:
    """Create --out, or check that what it holds is a previous run's; LessonError or OSError if not."""
    if out.exists() and not out.is_dir():
        raise LessonError(f"{out}: --out is a file, not a folder")
    if out.is_dir():
        names = {p.name for p in out.iterdir()}
        if not _previous_run(names):
            raise LessonError(f"{out}: the folder holds files other than a previous training run's; choose another")
    out.mkdir(parents=True, exist_ok=True)


def write_run(out: Path, task: Task, results: list[Result], length: int, seed: int, test=None) -> None:
    """The lessons, history.csv and test.jsonl, each written whole or not at all."""
    tokens, _, targets = held_out(task, length, seed) if test is None else test
    texts = {}
    for result in results:
        data = lesson_dict(task, result.model, result.net.params, tokens[0], targets[0], length, seed)
        texts[f"{result.model}.json"] = load_lesson(data).to_json()  # validated as any lesson
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerows(result.rows)
    texts["history.csv"] = buffer.getvalue()
    lines = []
    for seq, target in zip(tokens, targets.tolist(), strict=True):
        item = {"tokens": seq, "label": task.labels[target]} if task.labels else {"tokens": seq, "target": target}
        lines.append(json.dumps(item, ensure_ascii=False))
    texts["test.jsonl"] = "\n".join(lines) + "\n"
    for name, text in texts.items():
        atomic_write_text(out / name, text)
