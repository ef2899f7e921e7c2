"""Mutation run over the session and view code: generated mutants, not hand-picked ones.

    python bench/mutate_views.py [--jobs 2] [--max-per-file N] [--seed S] [FILE ...]

Every mutant changes one thing in one file: a comparison flipped (< to <=, == to !=, in to
not in, is to is not), `and` swapped with `or`, a `not` dropped, a small integer constant
moved by one (the off-by-one in an index or a limit), `+` swapped with `-` next to a small
constant (`t - 1` -> `t + 1`), or True swapped with False. Each mutant is run against the
tests that guard its file, in a copy of the repository; a mutant that no test fails on
survives. Prints each survivor (file:line, the change) and the score per file and in all.

Mutants are drawn in source order; with --max-per-file a seeded sample keeps a run short.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: File -> the tests that guard it.
_WINDOW = ["tests/ui/test_window.py"]
TARGETS = {  # fastest first: with -x a mutant stops at its first failing test
    "rnnviz/core/models.py": ["tests/core/test_models.py", "tests/test_session.py"],
    "rnnviz/session.py": ["tests/test_session.py", "tests/core/test_models.py", *_WINDOW],
    "rnnviz/ui/canvas.py": ["tests/ui/test_canvas.py", "tests/ui/test_activations_panel.py", *_WINDOW],
    "rnnviz/ui/diagrams.py": ["tests/ui/test_diagrams.py", "tests/ui/test_canvas.py", *_WINDOW],
    "rnnviz/ui/state_panel.py": ["tests/ui/test_state_panel.py", *_WINDOW],
    "rnnviz/ui/timeline.py": ["tests/ui/test_timeline.py", "tests/ui/test_plotting.py", *_WINDOW],
    "rnnviz/ui/plotting.py": ["tests/ui/test_plotting.py", "tests/ui/test_timeline.py",
                              "tests/ui/test_activations_panel.py"],
    "rnnviz/core/backward.py": ["tests/core/test_backward.py", "tests/core/test_memory.py",
                                "tests/core/test_gallery.py"],
    "rnnviz/core/equations.py": ["tests/core/test_equations.py", "tests/ui/test_equations_panel.py",
                                 "tests/ui/test_activations_panel.py"],
    "rnnviz/ui/equations_panel.py": ["tests/ui/test_equations_panel.py", "tests/ui/test_presentation.py"],
    "rnnviz/ui/lazy.py": ["tests/ui/test_notes_panel.py", "tests/ui/test_equations_panel.py"],
    "rnnviz/ui/activations_panel.py": ["tests/ui/test_activations_panel.py", "tests/ui/test_plotting.py"],
    "rnnviz/core/train.py": ["tests/core/test_train.py"],
    "rnnviz/core/tasks.py": ["tests/core/test_tasks.py", "tests/test_cli_train.py"],
    "rnnviz/core/trainrun.py": ["tests/core/test_trainlive.py", "tests/test_cli_train.py"],
    "rnnviz/core/trainlive.py": ["tests/core/test_trainlive.py", "tests/ui/test_train_view.py"],
    "rnnviz/ui/train_view.py": ["tests/ui/test_train_view.py"],
}

MEMORY_LIMIT = 6 * 1024**3  # bytes of address space per test run

_FLIP = {
    ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "==",
    ast.Is: "is not", ast.IsNot: "is", ast.In: "not in", ast.NotIn: "in",
}  # fmt: skip
_TEXT = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
         ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    path: str
    line: int
    start: int  # offsets into the file's text
    end: int
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.old!r} -> {self.new!r}"


def _offsets(text: str) -> list[int]:
    starts, total = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(total)
        total += len(line.encode("utf-8"))
    return starts


def mutants(path: str) -> list[Mutant]:
    """Every mutant of one file, in source order."""
    text = (ROOT / path).read_text(encoding="utf-8")
    data = text.encode("utf-8")
    lines = _offsets(text)
    tree = ast.parse(text)
    skip: set[int] = set()  # docstrings and TYPE_CHECKING blocks
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            skip.update(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(range(node.lineno, node.end_lineno + 1))
        # a Protocol only declares signatures: its bodies never run and its defaults are never used
        if isinstance(node, ast.ClassDef) and any(ast.unparse(base) == "Protocol" for base in node.bases):
            skip.update(range(node.lineno, node.end_lineno + 1))

    def at(node, col: int, lineno: int | None = None) -> int:
        return lines[(lineno or node.lineno) - 1] + col

    out: list[Mutant] = []

    def add(node, start: int, end: int, new: str) -> None:
        if node.lineno in skip:
            return
        old = data[start:end].decode("utf-8")
        if old != new:
            out.append(Mutant(path, node.lineno, start, end, old, new))

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) in _FLIP:
                    gap_start = at(left, left.end_col_offset, left.end_lineno)
                    gap_end = at(right, right.col_offset)
                    gap = data[gap_start:gap_end].decode("utf-8")
                    token = _TEXT[type(op)]
                    k = gap.find(token)
                    if k >= 0 and gap.strip() == token:
                        s = gap_start + len(gap[:k].encode("utf-8"))
                        add(node, s, s + len(token.encode("utf-8")), _FLIP[type(op)])
                left = right
        elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
            a, b = node.values
            gap_start, gap_end = at(a, a.end_col_offset, a.end_lineno), at(b, b.col_offset)
            gap = data[gap_start:gap_end].decode("utf-8")
            token = "and" if isinstance(node.op, ast.And) else "or"
            if gap.strip() == token:
                k = gap.find(token)
                s = gap_start + len(gap[:k].encode("utf-8"))
                add(node, s, s + len(token), "or" if token == "and" else "and")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            start, operand = at(node, node.col_offset), at(node.operand, node.operand.col_offset)
            add(node, start, operand, "")
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            start, end = at(node, node.col_offset), at(node, node.end_col_offset, node.end_lineno)
            add(node, start, end, str(not node.value))
        elif isinstance(node, ast.Constant) and type(node.value) is int and 0 <= node.value <= 16:
            start, end = at(node, node.col_offset), at(node, node.end_col_offset, node.end_lineno)
            add(node, start, end, str(node.value + 1))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            small = [s for s in (node.left, node.right) if isinstance(s, ast.Constant) and type(s.value) is int]
            if small and small[0].value <= 4:
                a, b = node.left, node.right
                gap_start, gap_end = at(a, a.end_col_offset, a.end_lineno), at(b, b.col_offset)
                gap = data[gap_start:gap_end].decode("utf-8")
                token = "+" if isinstance(node.op, ast.Add) else "-"
                if gap.strip() == token:
                    s = gap_start + gap.find(token)
                    add(node, s, s + 1, "-" if token == "+" else "+")
    return sorted(out, key=lambda m: (m.start, m.new))


def changed_lines(rev: str, path: str) -> set[int]:
    """The lines of `path` (as it is now) that differ from commit `rev`."""
    diff = subprocess.run(["git", "diff", "-U0", rev, "--", path], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    lines: set[int] = set()
    for line in diff.splitlines():
        if line.startswith("@@"):  # @@ -a,b +c,d @@: d lines from line c
            new = line.split("+", 1)[1].split(" ", 1)[0]
            first, _, count = new.partition(",")
            lines.update(range(int(first), int(first) + (int(count) if count else 1)))
    return lines


def _limits() -> None:
    """A mutant that loops while growing a list must not take the machine's memory with it."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_tests(work: Path, tests: list[str], timeout: float, show: bool = False) -> bool:
    """True when the tests fail (the mutant is killed); `show` prints the end of a failing run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *tests]
    try:
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, timeout=timeout, preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        return True  # a mutant that hangs the suite is caught by it
    if show and result.returncode != 0:
        print(result.stdout.decode(errors="replace")[-3000:], result.stderr.decode(errors="replace")[-2000:])
    return result.returncode != 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="files to mutate (default: all targets)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--max-per-file", type=int, default=0, help="seeded sample of at most N mutants per file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=90.0)
    parser.add_argument("--tests", nargs="+", help="run these tests instead of each file's own")
    parser.add_argument("--changed", metavar="REV", help="only mutants on the lines changed since this commit")
    args = parser.parse_args()
    if args.tests:
        for path in TARGETS:
            TARGETS[path] = args.tests
    files = args.files or [f for f in TARGETS if (ROOT / f).exists()]
    todo: list[Mutant] = []
    for path in files:
        found = mutants(path)
        if args.changed:
            lines = changed_lines(args.changed, path)
            found = [m for m in found if m.line in lines]
        if args.max_per_file and len(found) > args.max_per_file:
            found = sorted(random.Random(f"{args.seed}:{path}").sample(found, args.max_per_file), key=lambda m: m.start)
        todo.extend(found)
    print(f"{len(todo)} mutants in {len(files)} files, {args.jobs} jobs", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        copies = []
        for k in range(args.jobs):  # the committed tree: edits in progress in the checkout do not count
            work = Path(folder) / f"repo{k}"
            work.mkdir()
            archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
            copies.append(work)
        baseline = sorted({test for m in todo for test in TARGETS[m.path]})
        if run_tests(copies[0], baseline, args.timeout, show=True):
            print("the unmutated tree fails its tests: nothing to measure", flush=True)
            return 1
        free = list(copies)

        def one(mutant: Mutant) -> tuple[Mutant, bool]:
            work = free.pop()
            target = work / mutant.path
            original = target.read_bytes()
            try:
                target.write_bytes(original[: mutant.start] + mutant.new.encode("utf-8") + original[mutant.end :])
                return mutant, run_tests(work, TARGETS[mutant.path], args.timeout)
            finally:
                target.write_bytes(original)
                free.append(work)

        results: list[tuple[Mutant, bool]] = []
        with ThreadPoolExecutor(args.jobs) as pool:
            for mutant, killed in pool.map(one, todo):
                results.append((mutant, killed))
                if not killed:
                    print(f"SURVIVED {mutant.describe()}", flush=True)
                if len(results) % 25 == 0:
                    done = sum(k for _, k in results)
                    elapsed = time.monotonic() - started
                    print(f"  {len(results)}/{len(todo)} run, {done} killed, {elapsed:.0f} s", flush=True)
    print()
    total_killed = 0
    for path in files:
        mine = [killed for m, killed in results if m.path == path]
        total_killed += sum(mine)
        if mine:
            print(f"{path}: {sum(mine)}/{len(mine)} killed ({100 * sum(mine) / len(mine):.1f}%)")
    print(f"all: {total_killed}/{len(results)} killed ({100 * total_killed / max(len(results), 1):.1f}%) "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
