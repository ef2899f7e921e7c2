"""Break the hardening code on purpose, one mutation at a time, and check that the suite notices.

    python bench/mutation_check.py

Each mutation (a flipped comparison, a dropped check, a changed constant) is applied to a copy
of the repository, and the tests that guard it are run there; a mutation the tests do not
fail on "survives" and points at a missing test. Prints one line per mutation and the totals.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (file, text, replacement): each text occurs exactly once in its file.
MUTATIONS = [
    ("rnnviz/core/lesson.py", "if ndim is not None and array.ndim != ndim:", "if False:"),
    ("rnnviz/core/lesson.py", "if len(raw) > MAX_FILE_BYTES:", "if len(raw) > MAX_FILE_BYTES + 1:"),
    ("rnnviz/core/files.py", "return handle.read(min(size + 1, limit))", "return handle.read(limit)"),
    ("rnnviz/core/lesson.py", "if _depth(value) > MAX_NESTING:", "if _depth(value) >= MAX_NESTING + 2:"),
    ("rnnviz/core/lesson.py", "if len(indent) > 2 * _PRETTY_LEVELS:", "if False:"),
    (
        "rnnviz/core/lesson.py",
        "unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _INVISIBLE_LETTERS",
        "unicodedata.category(ch) not in _INVISIBLE_CATEGORIES",
    ),
    (
        "rnnviz/core/lesson.py",
        '_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn"}',
        '_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cs", "Cn"}',
    ),
    (
        "rnnviz/core/lesson.py",
        "if len(data) > MAX_FILE_BYTES:  # what rnnviz saves",
        "if len(data) > 2 * MAX_FILE_BYTES:  # what rnnviz saves",
    ),
    ("rnnviz/core/lesson.py", 'with np.errstate(invalid="ignore", over="ignore"):', "with np.errstate():"),
    ("rnnviz/core/atomic.py", "if not replace_readonly and is_read_only(target):", "if False:"),
    (
        "rnnviz/core/atomic.py",
        "return stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR",
        "return not st.st_mode & stat.S_IWUSR",
    ),
    ("rnnviz/core/atomic.py", "if match is None or _process_alive(int(match.group(1))):", "if match is None:"),
    ("rnnviz/core/atomic.py", "    remove_stale_temporaries(folder)\n", ""),
    ("rnnviz/cli.py", "if source is not None and same_file(out, source):", "if False:"),
    ("rnnviz/cli.py", "        return EXIT_INTERRUPTED", "        return 1"),
    (
        "rnnviz/cli.py",
        '    one_line = message.replace("\\r", "\\\\r").replace("\\n", "\\\\n")',
        "    one_line = message",
    ),
    (
        "rnnviz/ui/numbers.py",
        'return text[1:] if text.startswith("-") and not text.strip("-0.e") else text',
        "return text",
    ),
    ("rnnviz/importers/_worker.py", "if layer_name is not None and numbers > MAX_LESSON_NUMBERS:", "if False:"),
    ("rnnviz/importers/_worker.py", "            if k == chosen:", "            if True:"),
    ("rnnviz/importers/__init__.py", "if len(data) > MAX_VOCAB_BYTES:", "if False:"),
    ("rnnviz/importers/__init__.py", "            if is_visible(word):", "            if True:"),
    ("rnnviz/importers/__init__.py", "            check_token(token)  # the loader's own rule", "            pass  #"),
]
TESTS = ["tests/core", "tests/test_cli.py", "tests/test_cli_import.py", "tests/ui/test_robustness.py",
         "tests/importers/test_hostile.py"]  # fmt: skip


def main() -> int:
    killed = survived = 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "repo"
        for path, old, new in MUTATIONS:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__"))
            text = (work / path).read_text(encoding="utf-8")
            if text.count(old) != 1:
                print(f"STALE    {path}: {old.strip()[:70]} (not found once; update the list)")
                continue
            (work / path).write_text(text.replace(old, new), encoding="utf-8")
            env = dict(os.environ, PYTHONPATH=str(work))
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", *TESTS], cwd=work, env=env, capture_output=True
            )
            caught = result.returncode != 0
            killed += caught
            survived += not caught
            print(f"{'KILLED  ' if caught else 'SURVIVED'} {path}: {old.strip()[:70]}", flush=True)
    print(f"killed {killed}, survived {survived}")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
