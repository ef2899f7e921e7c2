"""The `rnnviz` command: exit codes, one-line errors, untouched output files, CSV to stdout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import rnnviz
from rnnviz.cli import main
from rnnviz.core.export import csv_text
from rnnviz.core.lesson import LessonError, load_lesson
from tests.core.test_lesson import BAD_LESSONS, small_lesson_dict, write_bad_lesson

REPO_ROOT = Path(__file__).resolve().parents[1]
PRECIOUS = b"an earlier export\r\n"


def run_cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m rnnviz ARGS` from the repository root (so it runs the source tree)."""
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "rnnviz", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def assert_one_error_line(stderr: str, *pieces: str) -> str:
    assert stderr.endswith("\n"), repr(stderr)
    line = stderr[:-1]
    assert "\n" not in line, repr(stderr)
    assert "\r" not in line, repr(stderr)
    assert "Traceback" not in stderr
    assert line.startswith("rnnviz"), line
    for piece in pieces:
        assert piece in line, (piece, line)
    return line


def default_lesson():
    return load_lesson(rnnviz.default_lesson_path())


# --- bad lessons ----------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "pattern"), [case[1:] for case in BAD_LESSONS], ids=[c[0] for c in BAD_LESSONS])
def test_export_bad_lesson_exits_2_with_one_line(tmp_path, capsys, build, pattern):
    lesson_path = write_bad_lesson(tmp_path, build)
    existing = tmp_path / "existing.csv"
    existing.write_bytes(PRECIOUS)
    missing = tmp_path / "missing.csv"
    for out in (existing, missing):
        assert main(["export", str(lesson_path), "--out", str(out)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        line = assert_one_error_line(captured.err, f"rnnviz: {lesson_path}: ")
        assert re.search(pattern, line), (pattern, line)
    assert existing.read_bytes() == PRECIOUS
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad lesson.json", "existing.csv"]
    # load_lesson raises LessonError with the very same message
    with pytest.raises(LessonError) as caught:
        load_lesson(lesson_path)
    assert line == f"rnnviz: {caught.value}"


SUBPROCESS_CASES = [
    "not-json",
    "not-utf8",
    "lstm-weight-hh-shape",
    "nan",
    "huge-1e400",
    "huge-integer-5000-digits",
    "lone-surrogate-token",
    "empty-tokens",
    "unknown-model",
]


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_export_bad_lesson_subprocess(tmp_path, case):
    (_, build, pattern) = next(c for c in BAD_LESSONS if c[0] == case)
    lesson_path = write_bad_lesson(tmp_path, build)
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    result = run_cli("export", str(lesson_path), "--out", str(out))
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert result.stdout == b""
    line = assert_one_error_line(stderr, f"rnnviz: {lesson_path}: ")
    assert re.search(pattern, line), (pattern, line)
    assert out.read_bytes() == PRECIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad lesson.json", "out.csv"]


def test_export_bad_lesson_to_stdout_writes_nothing(tmp_path, capsys):
    lesson_path = tmp_path / "bad.json"
    lesson_path.write_text("[]", encoding="utf-8")
    assert main(["export", str(lesson_path), "--out", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_error_line(captured.err, "expected a JSON object")


def test_export_missing_lesson_file(tmp_path, capsys):
    lesson_path = tmp_path / "nowhere.json"
    out = tmp_path / "out.csv"
    assert main(["export", str(lesson_path), "--out", str(out)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert line == f"rnnviz: {lesson_path}: cannot read: No such file or directory"
    assert not out.exists()


# --- output problems ------------------------------------------------------------------------


def test_export_into_missing_folder(tmp_path, capsys):
    out = tmp_path / "no" / "such" / "folder" / "out.csv"
    assert main(["export", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    line = assert_one_error_line(captured.err)
    assert line == f"rnnviz: {out}: cannot write: No such file or directory"
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_export_into_missing_folder_subprocess(tmp_path):
    out = tmp_path / "missing" / "out.csv"
    result = run_cli("export", "--out", str(out))
    assert result.returncode == 2
    assert_one_error_line(result.stderr.decode(), str(out), "cannot write")
    assert list(tmp_path.iterdir()) == []


def test_export_onto_a_directory(tmp_path, capsys):
    folder = tmp_path / "a folder"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep", encoding="utf-8")
    assert main(["export", "--out", str(folder)]) == 2
    assert_one_error_line(capsys.readouterr().err, f"rnnviz: {folder}: cannot write")
    assert folder.is_dir()
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder"]


def test_export_disk_full_keeps_existing_output(tmp_path, capsys, monkeypatch):
    import rnnviz.core.export as export_module

    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)

    def failing_write(traces, handle, fmt="long", progress=None, comment=""):
        handle.write("model,step,token,quantity,unit,value\r\nrnn,0,,h,0,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_csv", failing_write)
    assert main(["export", "--out", str(out)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert line == f"rnnviz: {out}: cannot write: No space left on device"
    assert out.read_bytes() == PRECIOUS
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# --- successful exports ---------------------------------------------------------------------


def test_export_default_lesson(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["export", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""
    assert out.read_bytes() == csv_text(default_lesson()).encode("utf-8")
    assert out.read_bytes().startswith(b"model,step,token,quantity,unit,value\r\nrnn,0,,h,0,0.0\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_export_replaces_existing_output(tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    assert main(["export", str(rnnviz.default_lesson_path()), "--out", str(out), "--models", "gru"]) == 0
    assert out.read_bytes() == csv_text(default_lesson(), ["gru"]).encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_export_named_lesson_with_awkward_tokens(tmp_path, capsys):
    data = small_lesson_dict()
    data["tokens"] = ["a,b", 'q"uote', "new\nline", "=1+1", "😀", "中文"]
    lesson_path = tmp_path / "课 lesson.json"
    lesson_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "输出.csv"
    assert main(["export", str(lesson_path), "--out", str(out)]) == 0
    assert out.read_bytes().decode("utf-8") == csv_text(load_lesson(lesson_path))


def test_export_to_stdout_in_process(capsys):
    assert main(["export", "--out", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == csv_text(default_lesson())
    assert captured.err == ""


def test_export_to_stdout_subprocess_is_utf8_whatever_the_locale():
    result = run_cli("export", "--out", "-", env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout == csv_text(default_lesson()).encode("utf-8")
    assert "祖国".encode() in result.stdout


def test_export_to_closed_pipe_is_quiet(tmp_path):
    """`rnnviz export --out - | head -1`: no traceback, exit 0."""
    data = json.loads(rnnviz.default_lesson_path().read_text(encoding="utf-8"))
    data["tokens"] = [f"w{k}" for k in range(3000)]
    lesson_path = tmp_path / "long.json"
    lesson_path.write_text(json.dumps(data), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "rnnviz", "export", str(lesson_path), "--out", "-"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline() == b"model,step,token,quantity,unit,value\r\n"
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert stderr == b""


def test_export_models_option(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["export", "--out", str(out), "--models", "lstm,rnn"]) == 0
    text = out.read_bytes().decode("utf-8")
    assert text == csv_text(default_lesson(), ["lstm", "rnn"])
    models = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert models == {"lstm", "rnn"}


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ("lstm,transformer", "unknown model 'transformer' in --models"),
        (",", "--models is empty"),
    ],
)
def test_export_bad_models_option(tmp_path, capsys, models, message):
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    assert main(["export", "--out", str(out), "--models", models]) == 2
    assert_one_error_line(capsys.readouterr().err, message)
    assert out.read_bytes() == PRECIOUS


def test_export_model_missing_from_lesson(tmp_path, capsys):
    data = small_lesson_dict()
    del data["models"]["gru"]
    lesson_path = tmp_path / "two models.json"
    lesson_path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", str(lesson_path), "--out", str(out), "--models", "gru"]) == 2
    assert_one_error_line(capsys.readouterr().err, "has no gru model", "rnn, lstm")
    assert not out.exists()


def test_export_wide_format(tmp_path, capsys):
    out = tmp_path / "wide.csv"
    assert main(["export", "--out", str(out), "--format", "wide", "--models", "lstm"]) == 0
    text = out.read_bytes().decode("utf-8")
    assert text == csv_text(default_lesson(), ["lstm"], "wide")
    header = text.split("\r\n")[0].split(",")
    assert header[:4] == ["model", "step", "token", "x[0]"]
    assert {"h[0]", "h[2]", "c[1]", "f[0]", "tanh_c[2]"} <= set(header)
    assert len(text.split("\r\n")) == 1 + 4 + 1  # header, steps 0..3, final line end


def test_export_long_format_is_default(tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["export", "--out", str(a)]) == 0
    assert main(["export", "--out", str(b), "--format", "long"]) == 0
    assert a.read_bytes() == b.read_bytes()


# --- usage errors, help and version ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "pieces"),
    [
        (["export"], ["rnnviz export:", "--out"]),
        (
            ["export", "--out", "x.csv", "--format", "xml"],
            ["rnnviz export:", "invalid choice: 'xml'"],
        ),
        (
            ["export", "a.json", "b.json", "--out", "x.csv"],
            ["rnnviz export:", "unrecognized arguments"],
        ),
        (["--bogus"], ["rnnviz:", "--bogus"]),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, monkeypatch, argv, pieces):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_error_line(captured.err, *pieces)
    assert list(tmp_path.iterdir()) == []


def test_open_missing_lesson_goes_to_the_window_to_be_shown(tmp_path, monkeypatch):
    """Launched from a file manager (a stale recent file), a missing lesson must not be silent."""
    import rnnviz.ui.app

    opened = []
    monkeypatch.setattr(rnnviz.ui.app, "run_app", lambda path: opened.append(path) or 0)
    path = tmp_path / "nowhere.json"
    assert main([str(path)]) == 0
    assert opened == [str(path)]


def test_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: rnnviz")
    assert "rnnviz export [LESSON.json] --out FILE" in out
    assert "--version" in out


def test_export_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: rnnviz export")
    for option in ("--out", "--models", "--format", "long", "wide"):
        assert option in out


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = pyproject["project"]["version"]
    assert rnnviz.__version__ == version
    assert capsys.readouterr().out == f"rnnviz {version}\n"


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["export", "--help"]])
def test_python_m_rnnviz_matches_in_process(capsys, args):
    with pytest.raises(SystemExit):
        main(args)
    expected = capsys.readouterr().out
    result = run_cli(*args, env={"COLUMNS": os.environ.get("COLUMNS", "80")})
    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout.decode("utf-8") == expected


def test_python_m_rnnviz_export_matches_in_process(tmp_path, capsys):
    a, b = tmp_path / "in-process.csv", tmp_path / "subprocess.csv"
    assert main(["export", "--out", str(a), "--format", "wide"]) == 0
    result = run_cli("export", "--out", str(b), "--format", "wide")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert result.stderr == b""
    assert a.read_bytes() == b.read_bytes()


# --- files: own input, read-only targets, interrupted and endless input ---------------------


def test_export_refuses_to_overwrite_its_own_input(tmp_path, capsys):
    lesson = tmp_path / "x.json"
    lesson.write_text(json.dumps(small_lesson_dict()), encoding="utf-8")
    before = lesson.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(lesson)
    hard = tmp_path / "hard.json"
    os.link(lesson, hard)
    for source, out in [(lesson, lesson), (link, lesson), (lesson, link), (hard, lesson)]:
        assert main(["export", str(source), "--out", str(out)]) == 2
        message = f"{out}: --out is the lesson itself; choose another file to write"
        assert_one_error_line(capsys.readouterr().err, message)
    assert lesson.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["hard.json", "link.json", "x.json"]


def test_export_refuses_a_read_only_target(tmp_path, capsys):
    out = tmp_path / "locked.csv"
    out.write_bytes(PRECIOUS)
    out.chmod(0o444)
    assert main(["export", "--out", str(out)]) == 2
    assert_one_error_line(
        capsys.readouterr().err, f"{out}: the file is read-only; choose another --out or make it writable"
    )
    assert out.read_bytes() == PRECIOUS
    assert out.stat().st_mode & 0o777 == 0o444
    assert os.listdir(tmp_path) == ["locked.csv"]


def test_export_error_naming_a_file_with_a_newline_stays_one_line(tmp_path, capsys):
    odd = tmp_path / "two\nlines.json"
    odd.write_text("{", encoding="utf-8")
    assert main(["export", str(odd), "--out", str(tmp_path / "out.csv")]) == 2
    assert_one_error_line(capsys.readouterr().err, "two\\nlines.json: not valid JSON")


@pytest.mark.skipif(not hasattr(os, "killpg") or sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_a_long_export_prints_one_line_exits_130_and_leaves_no_temporary(tmp_path):
    import signal
    import time

    data = small_lesson_dict()
    data["tokens"] = ["a", "b"] * 150_000
    lesson = tmp_path / "long.json"
    lesson.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-W", "error", "-m", "rnnviz", "export", str(lesson), "--out", str(out)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C as in a terminal: a suite started in the background by a non-interactive shell (as
        # `cmd &` in a script) inherits SIGINT ignored, and so would the export, which then never stops
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):  # the CSV is being written
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:  # a failure must not leave the export running into the next test
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert err.decode() == "rnnviz: interrupted\n"
    assert sorted(os.listdir(tmp_path)) == ["long.json"]


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform == "win32", reason="needs /dev/zero and rlimits")
def test_export_of_an_endless_file_under_a_memory_limit_is_one_line(tmp_path):
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", limit + "from rnnviz.cli import main; raise SystemExit(main())",
         "export", "/dev/zero", "--out", str(tmp_path / "z.csv")],
        cwd=REPO_ROOT, capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert_one_error_line(result.stderr.decode(), "/dev/zero: larger than 256 MB")
    assert os.listdir(tmp_path) == []


def test_export_gradients_adds_the_norms_as_unit_0_rows(tmp_path, capsys):
    from rnnviz.core.backward import gradient_norms

    out = tmp_path / "grads.csv"
    assert main(["export", "--out", str(out), "--models", "gru", "--gradients"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    norms = gradient_norms(lesson.models["gru"], rnnviz.trace(lesson, "gru"))
    T = len(lesson.tokens)
    dh = [line.split(",") for line in lines if ",dhT_dh," in line]
    dx = [line.split(",") for line in lines if ",dhT_dx," in line]
    assert [(row[0], int(row[1]), row[4]) for row in dh] == [("gru", t, "0") for t in range(T + 1)]
    assert [(row[0], int(row[1]), row[4]) for row in dx] == [("gru", t, "0") for t in range(1, T + 1)]
    assert [float(row[5]) for row in dh] == norms["dhT_dh"].tolist()
    assert [float(row[5]) for row in dx] == norms["dhT_dx"].tolist()
    plain = tmp_path / "plain.csv"
    assert main(["export", "--out", str(plain), "--models", "gru"]) == 0
    assert "dhT_" not in plain.read_text(encoding="utf-8")
    assert [line for line in lines if "dhT_" not in line] == plain.read_text(encoding="utf-8").splitlines()


def test_export_takes_a_built_in_lesson_by_name(tmp_path, capsys):
    by_name, default = tmp_path / "named.csv", tmp_path / "default.csv"
    assert main(["export", "default", "--out", str(by_name)]) == 0
    assert main(["export", "--out", str(default)]) == 0
    assert by_name.read_bytes() == default.read_bytes()


def test_an_unknown_lesson_name_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert main(["export", "no-such-lesson", "--out", str(out)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    from rnnviz.resources import builtin_lessons

    known = ", ".join(builtin_lessons())
    assert "default, " in known + ", "
    assert line == f"rnnviz: no-such-lesson: no such lesson file or built-in lesson (built-in: {known})"
    assert not out.exists()
    assert main(["no-such-lesson"]) == 2  # the window is not opened on a name it does not know
    assert assert_one_error_line(capsys.readouterr().err) == line


def test_find_lesson_tells_files_from_names(tmp_path, monkeypatch):
    from rnnviz.resources import builtin_lessons, default_lesson_path, find_lesson

    assert "default" in builtin_lessons()
    assert find_lesson(None) == default_lesson_path()
    assert find_lesson("default") == default_lesson_path()
    assert find_lesson("lesson.json").name == "lesson.json"  # a file, even one that does not exist yet
    assert find_lesson("sub/lesson") == Path("sub/lesson")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "default").write_text("{}", encoding="utf-8")
    assert find_lesson("default") == Path("default")  # an existing file wins over a built-in name
