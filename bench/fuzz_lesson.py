"""A long fuzzing campaign against the lesson loader; prints cases tried and failures by class.

    python bench/fuzz_lesson.py [--cases N] [--seed S]

Runs N byte-level mutations of each built-in seed lesson and N generated lessons (hypothesis),
with the property of tests/core/test_fuzz_lesson.py: every input loads and then traces, exports
and saves cleanly, or is refused with a one-line LessonError. A failure is any other outcome.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.core.test_fuzz_lesson import check_lesson, lessons, mutate, seed_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seed", default="0")
    args = parser.parse_args()
    warnings.simplefilter("error")  # a warning is a failure, as in the test suite
    outcomes: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, bytes | dict] = {}
    worst = (0.0, "")

    def run(source, label: str) -> None:
        nonlocal worst
        start = time.perf_counter()
        try:
            outcomes[check_lesson(source)] += 1
        except Exception as error:  # noqa: BLE001 - counting every class of failure is the point
            kind = f"{type(error).__name__}: {str(error)[:80]}"
            failures[kind] += 1
            examples.setdefault(kind, source if isinstance(source, dict) else Path(source).read_bytes()[:200])
        elapsed = time.perf_counter() - start
        if elapsed > worst[0]:
            worst = (elapsed, label)

    start = time.perf_counter()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.json"
        for name, original in seed_files().items():
            rng = random.Random(f"{args.seed}-{name}")
            for case in range(args.cases):
                path.write_bytes(mutate(original, rng))
                run(path, f"{name} mutation {case}")

    @settings(max_examples=args.cases, database=None, derandomize=False, suppress_health_check=list(HealthCheck))
    @given(lessons())
    def generated(data):
        run(data, "generated lesson")

    generated()
    tried = sum(outcomes.values()) + sum(failures.values())
    print(f"cases tried: {tried} ({outcomes['loaded']} loaded, {outcomes['refused']} refused one-line)")
    print(f"failures: {sum(failures.values())} in {len(failures)} classes")
    for kind, count in failures.most_common():
        print(f"  {count:6d}  {kind}\n          e.g. {examples[kind]!r:.200}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"slowest case: {worst[0] * 1000:.1f} ms ({worst[1]}); peak memory {peak:.0f} MB; "
          f"total {time.perf_counter() - start:.1f} s")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
