"""The `rnnviz` command: open the window, or export traces as CSV without one.

    rnnviz [LESSON.json]                      open the window (default lesson if none)
    rnnviz export [LESSON.json] --out FILE    write every model's trace as CSV
    rnnviz render [LESSON] --out FILE.png     draw the canvas at one position, without a window
    rnnviz train TASK --out DIR               train SimpleRNN, LSTM and GRU on a task, write lessons

User errors (a bad lesson, an unwritable file) print one line to stderr and exit with 2;
they never print a traceback. The window is imported only when it is opened, so
`rnnviz export` starts without loading Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from . import __version__
from .core.lesson import LessonError, load_lesson
from .resources import find_lesson

EXIT_USAGE = 2
EXIT_BUG = 1  # an error rnnviz did not expect: still one line, but not the user's fault
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line like every other rnnviz error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _main_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rnnviz",
        description="Step through SimpleRNN, LSTM and GRU computations gate by gate.",
        epilog=(
            "commands:\n"
            "  rnnviz export [LESSON.json] --out FILE   write traces as CSV (rnnviz export --help)\n"
            "  rnnviz import MODEL --out LESSON.json    trained PyTorch/Keras weights (rnnviz import --help)\n"
            "  rnnviz render [LESSON] --out FILE.svg    draw the canvas as PNG/SVG (rnnviz render --help)\n"
            "  rnnviz train TASK --out DIR              train the three models on a task (rnnviz train --help)\n"
            '\nWith no LESSON, the built-in lesson "我 爱 祖国" opens.'
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("lesson", nargs="?", help="lesson file (.json) to open")
    parser.add_argument("--version", action="version", version=f"rnnviz {__version__}")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rnnviz export",
        description="Write the trace of every model in a lesson as CSV (UTF-8).",
    )
    parser.add_argument("lesson", nargs="?", help="lesson file (default: the built-in lesson)")
    parser.add_argument("--out", required=True, metavar="FILE", help="output file, or - for standard output")
    parser.add_argument("--models", metavar="LIST", help="comma-separated models to export, e.g. lstm,rnn")
    parser.add_argument(
        "--format",
        choices=("long", "wide"),
        default="long",
        help="long: one row per number (default); wide: one row per model and step",
    )
    parser.add_argument(
        "--gradients",
        action="store_true",
        help="also write the gradient norms ||dh(T)/dh(t)|| (quantity dhT_dh, steps 0..T) and "
        "||dh(T)/dx(t)|| (dhT_dx, steps 1..T), unit 0",
    )
    return parser


def _import_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rnnviz import",
        description=(
            "Turn the weights of a trained PyTorch (.pt, .pth, .safetensors) or Keras (.keras, .weights.h5) "
            "recurrent layer into a lesson. Nothing in the file is executed."
        ),
    )
    parser.add_argument("model", help="model or weights file")
    parser.add_argument("--out", metavar="LESSON.json", help="lesson file to write (required unless --list)")
    parser.add_argument("--layer", metavar="N|NAME", help="which recurrent layer (default: the first; see --list)")
    parser.add_argument(
        "--vocab", metavar="VOCAB.txt", help="tokens of the embedding table, one per line in index order"
    )
    parser.add_argument("--tokens", metavar="TEXT", help="input tokens, space-separated (default: first vocab words)")
    parser.add_argument(
        "--nonlinearity",
        choices=("tanh", "relu"),
        help="what a SimpleRNN / nn.RNN layer applies, when the file does not say (default: tanh)",
    )
    parser.add_argument("--list", action="store_true", help="list the recurrent layers in the file and stop")
    return parser


def _render_parser() -> argparse.ArgumentParser:
    from .render import DEFAULT_WIDTH

    parser = _Parser(
        prog="rnnviz render",
        description="Draw the canvas at one timestep and phase into a PNG or SVG, exactly as the window shows it, "
        "without a window or display.",
    )
    parser.add_argument("lesson", nargs="?", help='lesson file, or a built-in lesson\'s name (default: "default")')
    parser.add_argument("--out", required=True, metavar="FILE.png|FILE.svg", help="image to write")
    parser.add_argument("--step", type=int, metavar="N", help="timestep 0..T (default: the last, T)")
    parser.add_argument(
        "--phase", metavar="NAME", help='phase of a shown model, e.g. forget, reset, "cell state" (default: hidden)'
    )
    parser.add_argument("--models", metavar="LIST", help="comma-separated models to draw, e.g. lstm,gru")
    parser.add_argument(
        "--width", type=int, default=DEFAULT_WIDTH, metavar="PX", help=f"image width (default {DEFAULT_WIDTH})"
    )
    return parser


def _train_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rnnviz train",
        description="Train SimpleRNN, LSTM and GRU side by side on a task (numpy, same batches and defaults for "
        "every model) and write a trained lesson per model, history.csv and test.jsonl into a folder.",
    )
    parser.add_argument("task", nargs="?", help="the task (see --list)")
    parser.add_argument("--out", metavar="DIR", help="folder to write (required unless --list)")
    parser.add_argument("--models", metavar="LIST", default="rnn,lstm,gru", help="comma-separated (default all)")
    parser.add_argument("--length", type=int, metavar="T", help="sequence length (default: the task's)")
    parser.add_argument("--hidden", type=int, default=16, metavar="H", help="hidden size (default 16)")
    parser.add_argument("--steps", type=int, default=2000, metavar="N", help="steps of batch 32 (default 2000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of data and weights (default 0)")
    parser.add_argument("--list", action="store_true", help="list the tasks and stop")
    return parser


def _train(args) -> int:
    from pathlib import Path

    from .core import trainrun
    from .core.tasks import TASKS, held_out

    if args.list:
        for name, task in TASKS.items():
            print(f"{name:16} {task.description} (length {task.default_length})")  # noqa: T201
        return 0
    if args.task is None or args.out is None:
        return _fail("train: give a task and --out DIR (or --list); see rnnviz train --help")
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    try:
        task, length = trainrun.check(args.task, models, args.length, args.hidden, args.steps)
        out = Path(args.out)
        trainrun.prepare_folder(out)
    except LessonError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{args.out}: cannot write there: {error.strerror or error}")
    terminal = sys.stderr.isatty()
    test = held_out(task, length, args.seed)  # once: every model is evaluated on it, and it is written

    def progress(model: str, step: int, loss: float) -> None:
        if terminal:
            print(f"\r{model} step {step}/{args.steps} loss {loss:.4f}   ", end="", file=sys.stderr, flush=True)  # noqa: T201

    results = []
    for model in models:
        result = trainrun.train(task, model, length, args.hidden, args.steps, args.seed, progress, test)
        results.append(result)
        if terminal:
            print(file=sys.stderr)  # noqa: T201
        if result.stopped:
            print(f"rnnviz: {result.stopped}", file=sys.stderr)  # noqa: T201
    try:
        trainrun.write_run(out, task, results, length, args.seed, test)
    except OSError as error:
        return _fail(f"{args.out}: cannot write there: {error.strerror or error}")
    for result in results:
        accuracy = "" if result.test_accuracy is None else f", test accuracy {result.test_accuracy:.3f}"
        print(f"{result.model}: test loss {result.test_loss:.4f}{accuracy}")  # noqa: T201
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one rnnviz command; Ctrl-C ends it with one line and status 130 (temporary files are removed)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("rnnviz: interrupted", file=sys.stderr)  # noqa: T201
        return EXIT_INTERRUPTED
    except MemoryError:
        return _fail("out of memory")
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        _fail(f"unexpected error: {type(error).__name__}: {' '.join(str(error).split())}")
        return EXIT_BUG


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "export":
        return _export(_export_parser().parse_args(argv[1:]))
    if argv and argv[0] == "train":
        return _train(_train_parser().parse_args(argv[1:]))
    if argv and argv[0] == "render":
        return _render(_render_parser().parse_args(argv[1:]))
    if argv and argv[0] == "import":
        parser = _import_parser()
        args = parser.parse_args(argv[1:])
        if args.out is None and not args.list:
            parser.error("the following argument is required: --out")
        return _import(args)
    args = _main_parser().parse_args(argv)
    return _open_window(args.lesson)


def _fail(message: str) -> int:
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")  # e.g. a file name holding a newline
    print(f"rnnviz: {one_line}", file=sys.stderr)  # noqa: T201 - the one-line error is the interface
    return EXIT_USAGE


READ_ONLY = "the file is read-only; choose another --out or make it writable"


def _check_target(out: str, inputs: dict[str, str | os.PathLike | None]) -> str | None:
    """Why `out` must not be written (it is one of the named inputs, or read-only), or None."""
    from .core.atomic import is_read_only, same_file

    for name, source in inputs.items():
        if source is not None and same_file(out, source):
            return f"{out}: --out is the {name} itself; choose another file to write"
    if is_read_only(out):
        return f"{out}: {READ_ONLY}"
    return None


def _lesson_and_models(path, models: str | None):
    """The lesson at path and the models --models names; LessonError names the file either way."""
    from .core.export import parse_models

    lesson = load_lesson(path)
    try:
        return lesson, parse_models(models, lesson)
    except LessonError as error:
        raise LessonError(f"{path}: {error}") from None


def _export(args: argparse.Namespace) -> int:
    from .core.export import export_csv, lesson_traces, write_csv

    try:
        path = find_lesson(args.lesson)
    except LookupError as error:
        return _fail(str(error))
    try:
        lesson, models = _lesson_and_models(path, args.models)
    except LessonError as error:
        return _fail(str(error))
    if args.out != "-" and (refusal := _check_target(args.out, {"lesson": path})):
        return _fail(refusal)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        if args.out == "-":
            traces = lesson_traces(lesson, models, args.gradients)
            out = sys.stdout
            out.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
            write_csv(traces, out, args.format, progress)
            out.flush()
        else:
            export_csv(lesson, args.out, models, args.format, progress, gradients=args.gradients)
    except BrokenPipeError:  # e.g. `rnnviz export --out - | head`
        sys.stderr.close()
        return 0
    except OSError as error:
        return _fail(f"{args.out}: cannot write: {error.strerror or error}")
    except MemoryError:
        return _fail(f"{path}: the trace does not fit in memory")
    finally:
        if progress is not None:
            progress.finish()
    return 0


def _render(args: argparse.Namespace) -> int:
    from .core.atomic import ReadOnlyTargetError, atomic_write_bytes
    from .render import RenderError, check_out, check_width, image, lesson_path, position

    try:
        check_out(args.out)
        check_width(args.width)
        path = lesson_path(args.lesson)
        try:
            lesson, models = _lesson_and_models(path, args.models)
        except LessonError as error:
            return _fail(str(error))
        at = position(lesson, models, args.step, args.phase)
    except RenderError as error:
        return _fail(str(error))
    if refusal := _check_target(args.out, {"lesson": path}):
        return _fail(refusal)
    try:
        atomic_write_bytes(args.out, image(lesson, models, at, args.out, args.width))
    except ReadOnlyTargetError:
        return _fail(f"{args.out}: {READ_ONLY}")
    except OSError as error:
        return _fail(f"{args.out}: cannot write: {error.strerror or error}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .core.atomic import ReadOnlyTargetError
    from .importers import import_model, read_layers, read_vocab

    try:
        if args.list:
            layers, _ = read_layers(args.model)
            sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            for k, layer in enumerate(layers):
                print(f"{k}: {layer.name}  {layer.kind} H={layer.hidden_size} D={layer.input_size}  {layer.note}")  # noqa: T201
            return 0
        if refusal := _check_target(args.out, {"model file": args.model, "vocabulary": args.vocab}):
            return _fail(refusal)
        tokens = args.tokens.split() if args.tokens is not None else None
        if tokens == []:
            return _fail("--tokens is empty; give at least one token")
        words = read_vocab(args.vocab) if args.vocab is not None else None  # once: it may be a pipe
        lesson, chosen, layers = import_model(args.model, args.layer, words, tokens, nonlinearity=args.nonlinearity)
        lesson.save(args.out)
    except LessonError as error:
        return _fail(str(error))
    except ReadOnlyTargetError:
        return _fail(f"{args.out}: {READ_ONLY}")
    except OSError as error:
        return _fail(f"{args.out}: cannot write: {error.strerror or error}")
    except MemoryError:
        return _fail(f"{args.model}: the lesson does not fit in memory")
    if words is not None and tokens is not None:
        known = set(words)
        unknown = list(dict.fromkeys(token for token in tokens if token not in known))
        if unknown:
            shown = " ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            print(  # noqa: T201
                f"rnnviz: warning: not in {args.vocab}, so given made-up embeddings: {shown}", file=sys.stderr
            )
    others = (
        f" ({len(layers)} recurrent layers in the file; choose with --layer, see --list)" if len(layers) > 1 else ""
    )
    print(f"rnnviz: wrote {args.out}: {chosen.kind} {chosen.name}{others}", file=sys.stderr)  # noqa: T201
    return 0


class _Progress:
    """Percentage on one stderr line, once an export has run for half a second."""

    def __init__(self) -> None:
        self._shown = -1
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent != self._shown and time.monotonic() - self._start > 0.5:
            self._shown = percent
            sys.stderr.write(f"\rexporting: {percent:3d}%")
            sys.stderr.flush()

    def finish(self) -> None:
        if self._shown >= 0:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _open_window(lesson_path: str | None) -> int:
    """The window; a lesson that cannot be opened (missing too) is named on stderr and in a dialog."""
    try:
        from .ui.app import run_app
    except ImportError as error:
        return _fail(f"cannot start the window: {error}")
    try:  # a built-in lesson by name; a file as it is (a missing one is reported by the window)
        lesson_path = str(find_lesson(lesson_path)) if lesson_path is not None else None
    except LookupError as error:
        return _fail(str(error))
    return run_app(lesson_path)
