"""Training while the window watches: the models of a run train in a child process, side by side
(a step of each in turn, on the same batches), and send what the Train view draws a few times a
second. Qt-free: the view polls :meth:`LiveRun.poll` from a timer.

A child process rather than a thread: training is many small numpy calls that hold the
interpreter lock, so a thread would slow the window's stepping; a process uses the other core and
never blocks it. The child (``python -m rnnviz.core.trainlive``) imports only the core; it reads
the settings and then the commands "pause", "resume" and "stop" a line each on its stdin (its
stdin closing means stop), and writes JSON messages a line each on its stdout.

The run is the one `rnnviz train` makes with the same settings (the same Trainer, batches and
defaults), with a history row every LOG_EVERY steps and the gradient norms per timestep every
GRAD_EVERY steps, so that curves move smoothly and the gradient strips refresh every few hundred
steps.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import queue
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from .child import child_env
from .lesson import Lesson, LessonError, load_lesson
from .tasks import TASKS, held_out
from .trainrun import Trainer, check, lesson_dict

LOG_EVERY = 10  # a point of the loss curve this often (or less often: at most MAX_POINTS points a curve)
MAX_POINTS = 2000
GRAD_EVERY = 200  # the gradient strips and the test loss this often (and at step 1 and at the end)
SEND_EVERY = 0.2  # seconds between messages to the window (also at every gradient checkpoint)


@dataclass(frozen=True)
class Settings:
    task: str
    models: tuple[str, ...]
    length: int
    hidden: int = 16
    steps: int = 2000
    seed: int = 0

    def checked(self) -> Settings:
        """The settings as `rnnviz train` accepts them, or LessonError naming the first bad one."""
        check(self.task, list(self.models), self.length, self.hidden, self.steps)
        return self

    def checkpoints(self) -> set[int]:
        return {1, self.steps} | set(range(GRAD_EVERY, self.steps + 1, GRAD_EVERY))

    def log_every(self) -> int:
        """Steps between two points of a loss curve: LOG_EVERY, or more for a long run (a curve of
        a million points would take the window longer to draw than a poll lasts)."""
        return max(LOG_EVERY, -(-self.steps // MAX_POINTS))


def pack(array: np.ndarray) -> dict:
    """A float64 array for a JSON message, exactly and compactly: its shape and its bytes in base64
    (a list of floats would take the window's reader far longer to parse)."""
    array = np.ascontiguousarray(array, dtype="<f8")
    return {"shape": list(array.shape), "b64": base64.b64encode(array.tobytes()).decode("ascii")}


def unpack(data: dict) -> np.ndarray:
    values = np.frombuffer(base64.b64decode(data["b64"], validate=True), dtype="<f8")
    return values.reshape(data["shape"]).astype(np.float64)


def live_worker(settings: Settings, send, paused: threading.Event, stop: threading.Event,
                wanted: threading.Event | None = None) -> None:  # fmt: skip
    """Train every model a step in turn until the last step or `stop`, waiting while `paused` is
    set; hand `send` dict messages (see LiveRun._take). The weights go with the messages at
    checkpoints, on pausing, at the end, and after the step during which `wanted` was set. Never
    raises: a failure becomes an "error" message."""
    try:
        _train_live(settings, send, paused, stop, wanted or threading.Event())
    except Exception as error:  # noqa: BLE001 - the window shows one line; nothing is printed
        send({"kind": "error", "message": f"training failed: {type(error).__name__}: {error}"})


def _train_live(settings: Settings, put, paused: threading.Event, stop: threading.Event,
                wanted: threading.Event) -> None:  # fmt: skip
    task = TASKS[settings.task]
    test = held_out(task, settings.length, settings.seed)
    checkpoints = settings.checkpoints()
    # the norms per timestep travel packed (grad_norms), not as history rows
    trainers = [Trainer(task, m, settings.length, settings.hidden, settings.seed, test, checkpoints,
                        settings.log_every(), timestep_rows=False) for m in settings.models]  # fmt: skip
    norms_sent = {t.model: -1 for t in trainers}  # the step of the gradient norms last sent
    last = 0.0

    def send(step: int, kind: str = "progress", weights: bool = True) -> None:
        message = {"kind": kind, "step": step, "rows": {}, "weights": {}, "grad_norms": {}, "stopped": {}}
        for t in trainers:
            # the rows go once: the child keeps none of a run's history (a long run's would fill memory)
            message["rows"][t.model], t.result.rows = t.result.rows, []
            if weights:
                message["weights"][t.model] = {k: pack(v) for k, v in t.net.params.items()}
            if t.grad_norms is not None and t.grad_step != norms_sent[t.model]:  # new at a checkpoint only
                message["grad_norms"][t.model] = [t.grad_step, pack(t.grad_norms)]
                norms_sent[t.model] = t.grad_step
            if t.stopped:
                message["stopped"][t.model] = t.stopped
        put(message)

    step = 0
    while step < settings.steps and not stop.is_set():
        if paused.is_set():
            send(step, "paused")
            while paused.is_set() and not stop.is_set():
                time.sleep(0.05)
            continue
        step += 1
        for trainer in trainers:
            trainer.step()
        now = time.monotonic()
        if wanted.is_set() or step in checkpoints:
            wanted.clear()
            send(step)
            last = now
        elif now - last >= SEND_EVERY:
            send(step, weights=False)
            last = now
        if all(t.stopped for t in trainers):
            break
    send(step, "stopped" if step < settings.steps and stop.is_set() else "done")


def _child_main() -> int:
    """python -m rnnviz.core.trainlive: the settings as the first line of stdin, then commands."""
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write into the message stream
    lock = threading.Lock()

    def put(message: dict) -> None:
        line = json.dumps(message, allow_nan=True) + "\n"
        with lock:
            out.write(line)
            out.flush()

    paused, stop, wanted = threading.Event(), threading.Event(), threading.Event()
    try:
        data = json.loads(sys.stdin.readline())
        settings = Settings(**{**data, "models": tuple(data["models"])}).checked()
    except Exception as error:  # noqa: BLE001
        put({"kind": "error", "message": f"bad training settings: {error}"})
        return 2

    def commands() -> None:
        for line in sys.stdin:
            command = line.strip()
            if command == "pause":
                paused.set()
            elif command == "resume":
                paused.clear()
            elif command == "weights":
                wanted.set()
            elif command == "stop":
                break
        stop.set()  # "stop", or stdin closed: the window has gone
        paused.clear()

    threading.Thread(target=commands, daemon=True).start()
    try:
        live_worker(settings, put, paused, stop, wanted)
    except OSError:  # the window closed its end of the pipe
        return 1
    return 0


@dataclass
class Curves:
    """One model's history as the view draws it."""

    steps: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    test_steps: list[int] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    grad_norms: np.ndarray | None = None  # ‖∂loss/∂h(t)‖, t = 0..T, at grad_step
    grad_step: int = 0
    weights: dict[str, np.ndarray] | None = None
    weights_step: int = -1  # the step `weights` are from
    stopped: str = ""

    def add(self, row: dict) -> None:
        self.steps.append(row["step"])
        self.loss.append(row["loss"])
        if "test_loss" in row:
            self.test_steps.append(row["step"])
            self.test_loss.append(row["test_loss"])
            if "test_accuracy" in row:
                self.test_accuracy.append(row["test_accuracy"])


class LiveRun:
    """A training run in a child process, and what it has sent so far.

    state: "running", "paused", "done" (every step trained), "stopped" (by the user) or "failed".
    reaped: the child has ended and its pipes are closed (poll until then).
    """

    #: How the child is started (tests start a misbehaving one instead).
    COMMAND = (sys.executable, "-m", "rnnviz.core.trainlive")

    def __init__(self, settings: Settings):
        self.settings = settings.checked()
        self.task = TASKS[settings.task]
        self.curves = {model: Curves() for model in settings.models}
        self.step = 0
        self.state = "running"
        self.message = ""  # why it failed, or which model diverged
        self.reaped = False
        self.started = time.monotonic()
        self.elapsed = 0.0
        self._messages: queue.Queue = queue.Queue()
        self._last_error = ""  # the child's last line on stderr (why it could not start, say)
        try:
            self._process = subprocess.Popen(
                list(self.COMMAND), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=child_env(), text=True, encoding="utf-8", errors="replace", bufsize=1,
            )  # fmt: skip
        except OSError as error:
            raise LessonError(f"cannot start training: {error.strerror or error}") from None
        self._command(json.dumps(asdict(settings)))
        self._reader = threading.Thread(target=self._read, daemon=True, name="rnnviz training reader")
        self._reader.start()
        self._errors = threading.Thread(target=self._read_errors, daemon=True, name="rnnviz training errors")
        self._errors.start()

    def _command(self, line: str) -> None:
        try:
            self._process.stdin.write(line + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError):  # the process has ended (its end is closed)
            pass

    def _read(self) -> None:
        """The reader thread: every line the child writes, as a message; None when it has ended."""
        try:
            for line in self._process.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    message = {"kind": "error", "message": "the training process sent a garbled message"}
                self._messages.put(message)
        except (OSError, ValueError):
            pass
        with contextlib.suppress(OSError):
            self._process.stdout.close()
        self._messages.put(None)

    def _read_errors(self) -> None:
        """The child's stderr, of which only the last line is kept (a traceback ends with its cause)."""
        with contextlib.suppress(OSError, ValueError):
            for line in self._process.stderr:
                if line.strip():
                    self._last_error = " ".join(line.split())[:300]
        with contextlib.suppress(OSError):
            self._process.stderr.close()

    def _release(self) -> None:
        """Once the child's output has ended: reap it and close our end of its pipes."""
        with contextlib.suppress(OSError, ValueError):
            self._process.stdin.close()
        try:
            self._process.wait(5.0)  # it has closed its output: it is ending
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(2.0)
        self._errors.join(2.0)
        self.reaped = True

    @property
    def active(self) -> bool:
        """Running or paused: the run still holds a process (closing the window would lose it)."""
        return self.state in ("running", "paused")

    def pause(self) -> None:
        if self.state == "running":
            self._command("pause")
            self.state = "paused"

    def resume(self) -> None:
        if self.state == "paused":
            self._command("resume")
            self.state = "running"

    def stop(self) -> None:
        """Ask the run to stop after its current step; poll() sees it end. A paused run leaves its
        pause to stop (the child's command loop clears it)."""
        self._command("stop")
        if self.state == "paused":
            self.state = "running"

    def request_weights(self) -> None:
        """Ask for every model's weights after the step training now: they arrive with a later poll()
        (curves[m].weights_step tells which step they are from)."""
        self._command("weights")

    def poll(self) -> bool:
        """Take every message sent so far into the curves; True if anything changed."""
        changed = False
        while True:
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                break
            changed = True
            if message is None:  # the child's output has ended
                self._release()
                if self.active:
                    reason = f": {self._last_error}" if self._last_error else ""
                    self.state, self.message = "failed", f"the training process ended unexpectedly{reason}"
                break
            try:
                self._take(message)
            except (KeyError, ValueError, TypeError, AttributeError):  # not what the child writes
                self.state, self.message = "failed", "the training process sent a garbled message"
            if self.state == "failed":
                self.close()  # a child that failed or talks nonsense trains no more
                break
        if self.active:
            self.elapsed = time.monotonic() - self.started
        return changed

    def _take(self, message: dict) -> None:
        kind = message.get("kind")
        if kind not in ("progress", "paused", "done", "stopped"):
            self.state = "failed"
            self.message = message.get("message") or "the training process sent a garbled message"
            return
        self.step = message["step"]
        for model, rows in message["rows"].items():
            curves = self.curves[model]
            for row in rows:
                curves.add(row)
            if model in message["weights"]:
                curves.weights = {k: unpack(v) for k, v in message["weights"][model].items()}
                curves.weights_step = self.step
            if model in message["grad_norms"]:
                step, norms = message["grad_norms"][model]
                curves.grad_step, curves.grad_norms = step, unpack(norms)
            curves.stopped = message["stopped"].get(model, "")
        self.message = "; ".join(message["stopped"].values())
        if kind in ("done", "stopped"):
            self.state = kind  # its last message: the end of its output follows (poll() reaps it)
            self.elapsed = time.monotonic() - self.started

    def close(self, timeout: float = 3.0) -> None:
        """Stop the run and end its process (killed if it does not stop in time); waits for it."""
        if self._process.poll() is None:
            self.stop()
            with contextlib.suppress(OSError, ValueError):
                self._process.stdin.close()  # the child also stops when its stdin closes
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
        if not self.reaped:
            self._release()
        if self.active:
            self.state = "stopped"

    def wait(self, timeout: float = 60.0) -> None:
        """Poll until the run has ended and its process is reaped (tests and scripts); TimeoutError
        if it does not in time."""
        deadline = time.monotonic() + timeout
        while not self.reaped:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the training run did not end within {timeout} s")
            self.poll()
            time.sleep(0.02)

    def lesson(self, model: str) -> Lesson:
        """The model's weights as they are now, as a lesson (as `rnnviz train` writes it: the task's
        vocabulary, its first test sequence as tokens, the readout)."""
        weights = self.curves[model].weights
        if weights is None:
            raise ValueError(f"the {model} has not sent its weights yet")
        s = self.settings
        tokens, _, targets = self.test
        data = lesson_dict(self.task, model, weights, tokens[0], targets[0], s.length, s.seed)
        data["title"] += f", step {self.curves[model].weights_step}"  # the weights' step, not the run's
        return load_lesson(data)

    @functools.cached_property
    def test(self):
        """The task's test set for this run (held_out), drawn once: the same the child evaluates on."""
        return held_out(self.task, self.settings.length, self.settings.seed)

    def chance(self) -> float:
        """What a model that ignores its input scores on the test set: the variance of the targets
        (regression: the MSE of always answering their mean) or the share of the commonest label."""
        targets = self.test[2]
        if self.task.labels is None:
            return float(np.var(targets))
        return float(np.bincount(targets).max() / len(targets))


# -- what the Train view draws (rules without Qt) ---------------------------------------------------
STRIP_DECADES = 8  # a gradient strip's colour scale: its largest value darkest, 1e-8 of it and less white


def strip_levels(norms: np.ndarray, decades: int = STRIP_DECADES) -> np.ndarray:
    """Each timestep's ‖∂loss/∂h(t)‖ as a level from 0 (at most 10^-decades of the row's largest,
    or zero) to 1 (the largest), on a log scale: a gradient that fades by ten at each step back
    shows as an even fade. A row that is all zero (or not finite) is all 0."""
    norms = np.asarray(norms, dtype=np.float64)
    top = float(np.max(norms, initial=0.0))
    if not np.isfinite(top) or top <= 0.0:
        return np.zeros_like(norms)
    with np.errstate(divide="ignore", invalid="ignore"):
        levels = 1.0 + np.log10(np.where(norms > 0, norms, 0.0) / top) / decades
    return np.clip(np.nan_to_num(levels, nan=0.0, neginf=0.0), 0.0, 1.0)


def short(value: float) -> str:
    """Two significant digits: 0.21, 3.1e-09."""
    return f"{float(value):.2g}"


if __name__ == "__main__":
    sys.exit(_child_main())
