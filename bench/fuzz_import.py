"""A longer mutation fuzz run of every importer than the suite's: thousands of damaged model files.

Run: python bench/fuzz_import.py --cases 5000 --seed 1
     python bench/fuzz_import.py --sweep keras/gru.weights.h5    (every byte flipped in turn)

Each case is a damaged copy of a fixture in tests/fixtures/models (bytes flipped, inserted,
deleted or cut; a zip member or config.json value changed; HDF5 internals hit more often),
imported in a batch worker with the same memory limit as `rnnviz import`. Prints the cases
tried, the outcomes, the failures by class (an exception other than ModelImportError, a
multi-line message, a lesson that does not load, a warning, a hang, a crashed worker) with
one example each, and the peak memory and worst time of any case. A hang or a crash is what
the child process of a real import turns into one line ("reading took longer than 8 s",
"the reader stopped with SIGSEGV"); anything else is a bug to fix. Exit status 1 if a bug
was found.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a source tree

from rnnviz.importers._fuzz import FORMATS, make_cases, run_cases, sweep_cases  # noqa: E402
from rnnviz.importers._worker import READ_SECONDS  # noqa: E402

MODELS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "models"
#: Hangs and crashes that the child process of a real import already ends in one line.
BOUNDED_BY_THE_CHILD = ("hang", "worker died (-11)", "worker died (-6)", "worker died (-7)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="damaged files to try (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same files")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}")
    parser.add_argument(
        "--sweep", metavar="FIXTURE", help="instead: flip every byte of one fixture, e.g. keras/gru.weights.h5"
    )
    parser.add_argument("--timeout", type=float, default=READ_SECONDS, help="seconds before a case is a hang")
    args = parser.parse_args()
    formats = tuple(name for name in args.formats.split(",") if name)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    cases = sweep_cases(MODELS, args.sweep) if args.sweep else make_cases(MODELS, args.cases, args.seed, formats)
    if args.sweep:
        formats = ("sweep",)
    with tempfile.TemporaryDirectory(prefix="rnnviz-fuzz-") as folder:
        vocab = Path(folder) / "vocab.txt"
        vocab.write_text("".join(f"w{k}\n" for k in range(5)), encoding="utf-8")
        results = run_cases(cases, Path(folder), args.timeout, vocab)
    elapsed = time.perf_counter() - started

    outcomes = collections.Counter((case.how.split(":")[0], answer["outcome"]) for case, answer in results)
    failures: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for case, answer in results:
        if answer["outcome"] == "failed":
            failures[answer["class"]].append((case.source, case.how, answer.get("message", "")))
    worst_case, worst = max(results, key=lambda item: item[1]["seconds"])
    peak_kb = max(answer.get("max_rss_kb", 0) for _, answer in results)

    what = f"every byte of {args.sweep} flipped" if args.sweep else f"seed {args.seed}"
    print(f"cases tried: {len(results)} ({what}, {elapsed:.1f} s)")
    for fmt in formats:
        counts = ", ".join(f"{outcome} {outcomes[(fmt, outcome)]}" for outcome in ("imported", "refused", "failed"))
        print(f"  {fmt:12} {counts}")
    bugs = sum(len(found) for cls, found in failures.items() if cls not in BOUNDED_BY_THE_CHILD)
    bounded = sum(len(found) for cls, found in failures.items() if cls in BOUNDED_BY_THE_CHILD)
    print(f"failures found: {bugs + bounded} ({bugs} bugs, {bounded} hangs or crashes that the child bounds)")
    for cls, found in sorted(failures.items(), key=lambda item: -len(item[1])):
        source, how, message = found[0]
        print(f"  {cls}: {len(found)}, e.g. {source} {how} {message[:120]}")
    print(f"peak memory of any case: {peak_kb / 1024:.1f} MB (largest resident set of a worker)")
    print(f"worst time of any case: {worst['seconds']:.3f} s ({worst_case.source} {worst_case.how})")
    answered = [item for item in results if item[1].get("class") != "hang"]
    if answered and len(answered) < len(results):
        case, answer = max(answered, key=lambda item: item[1]["seconds"])
        print(f"worst time of a case that ended by itself: {answer['seconds']:.3f} s ({case.source} {case.how})")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
