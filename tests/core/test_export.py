"""CSV export: long and wide layouts read back exactly with the csv module and pandas."""

from __future__ import annotations

import csv
import io
import os
import warnings
from collections import defaultdict

import numpy as np
import pytest

import rnnviz
from rnnviz.core.export import (
    LONG_HEADER,
    csv_text,
    export_csv,
    lesson_traces,
    parse_models,
    write_csv,
)
from rnnviz.core.lesson import LessonError, load_lesson
from tests.core.test_lesson import small_lesson_dict

AWKWARD_TOKENS = [
    "a,b",
    'say "hi"',
    "line\nbreak",
    "crlf\r\nend",
    "cr\ronly",
    "😀",
    "中文词",
    "=SUM(A1:A9)",
    "+1",
    "-1.5",
    " lead",
    "trail ",
    "NA",
    "nan",
    "null",
    "#comment",
    "'quote",
    "\ufeffbom",
    "tab\tinside",
    "nul\x00byte",
    "a,b",  # a repeated token
    "a",  # its embedding holds -0.0 and a subnormal
]


def awkward_lesson():
    data = small_lesson_dict()
    data["embeddings"]["a"] = [-0.0, 5e-324, 0.1 + 0.2]  # -0.0 and a subnormal in x
    lesson = load_lesson(data)
    return lesson.with_tokens(AWKWARD_TOKENS)


def bits(array) -> list[int]:
    return np.ascontiguousarray(array, dtype=np.float64).view(np.uint64).ravel().tolist()


def parse_long(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def read_pandas(text: str, **kwargs):
    pd = pytest.importorskip("pandas")
    # pandas 3 deprecates float_precision (its default parser now round-trips); keep asking
    # for round_trip explicitly so older pandas reads exactly too.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*float_precision.*")
        return pd.read_csv(io.StringIO(text, newline=""), float_precision="round_trip", **kwargs)


# --- long layout ---------------------------------------------------------------------------


def test_long_header_and_row_count():
    lesson = load_lesson(rnnviz.default_lesson_path())
    text = csv_text(lesson)
    assert text.startswith("model,step,token,quantity,unit,value\r\n")
    header, rows = parse_long(text)
    assert tuple(header) == LONG_HEADER == ("model", "step", "token", "quantity", "unit", "value")
    traces = lesson_traces(lesson)
    assert len(rows) == sum(array.size for tr in traces for array in tr.quantities.values())
    assert all(len(row) == 6 for row in rows)
    assert [m for m in dict.fromkeys(row[0] for row in rows)] == ["rnn", "lstm", "gru"]


def _by_quantity(rows: list[list[str]]) -> dict[tuple[str, str], dict[tuple[int, int], str]]:
    table: dict[tuple[str, str], dict[tuple[int, int], str]] = defaultdict(dict)
    for model, step, _token, quantity, unit, value in rows:
        key = (int(step), int(unit))
        assert key not in table[(model, quantity)], "duplicate row"
        table[(model, quantity)][key] = value
    return table


def test_long_steps_units_tokens_and_quantities():
    lesson = load_lesson(rnnviz.default_lesson_path())
    _, rows = parse_long(csv_text(lesson))
    H, D = lesson.hidden_size, lesson.embedding_size
    table = _by_quantity(rows)
    steps = lambda q, m: sorted({s for s, _ in table[(m, q)]})  # noqa: E731
    units = lambda q, m: sorted({u for _, u in table[(m, q)]})  # noqa: E731
    for model in ("rnn", "lstm", "gru"):
        assert steps("x", model) == [1, 2, 3]
        assert units("x", model) == list(range(D))
        assert steps("h", model) == [0, 1, 2, 3]
        assert units("h", model) == list(range(H))
    for gate in "ifgo":
        assert steps(gate, "lstm") == [1, 2, 3]
        assert units(gate, "lstm") == list(range(H))
    assert steps("c", "lstm") == [0, 1, 2, 3]
    for gate in "rzn":
        assert steps(gate, "gru") == [1, 2, 3]
    assert ("rnn", "c") not in table
    assert ("rnn", "f") not in table
    for model, step, token, *_ in rows:
        assert token == ("", "我", "爱", "祖国")[int(step)], (model, step, token)


def _check_long_values(rows, traces) -> None:
    table = _by_quantity(rows)
    for tr in traces:
        for name, first, array in tr.rows():
            cells = table[(tr.model, name)]
            assert len(cells) == array.size
            read = np.empty(array.shape)
            for (step, unit), text in cells.items():
                read[step - first, unit] = float(text)
            assert np.array_equal(read, array), (tr.model, name)
            assert bits(read) == bits(array), (tr.model, name)


def test_long_values_read_back_bit_for_bit():
    lesson = awkward_lesson()
    traces = lesson_traces(lesson)
    _, rows = parse_long(csv_text(lesson))
    _check_long_values(rows, traces)
    x = traces[1].x[-1].tolist()
    assert x[:2] == [-0.0, 5e-324]
    assert str(x[0]) == "-0.0"
    assert any(row[3] == "x" and row[5] == "-0.0" for row in rows)
    assert any(row[3] == "x" and row[5] == "5e-324" for row in rows)


def test_random_weights_read_back_bit_for_bit():
    from tests.core.test_engine import random_lesson

    lesson = random_lesson(H=4, D=5, T=9, seed=11, scale=3.0)
    _, rows = parse_long(csv_text(lesson))
    _check_long_values(rows, lesson_traces(lesson))


def test_awkward_tokens_read_back_with_csv_module():
    lesson = awkward_lesson()
    _, rows = parse_long(csv_text(lesson))
    for model in ("rnn", "lstm", "gru"):
        by_step = {int(row[1]): row[2] for row in rows if row[0] == model}
        assert [by_step[step] for step in range(len(AWKWARD_TOKENS) + 1)] == ["", *AWKWARD_TOKENS]


def test_long_csv_with_pandas():
    lesson = awkward_lesson()
    df = read_pandas(csv_text(lesson), keep_default_na=False, dtype={"token": str})
    assert list(df.columns) == list(LONG_HEADER)
    assert str(df["value"].dtype) == "float64"
    assert df["step"].dtype.kind == "i"
    assert df["unit"].dtype.kind == "i"
    for tr in lesson_traces(lesson):
        part = df[df["model"] == tr.model]
        by_step = dict(zip(part["step"], part["token"], strict=True))
        assert [by_step[step] for step in range(tr.T + 1)] == ["", *AWKWARD_TOKENS]
        for name, first, array in tr.rows():
            rows = part[part["quantity"] == name].sort_values(["step", "unit"])
            assert rows["step"].min() == first
            values = rows["value"].to_numpy().reshape(array.shape)
            assert np.array_equal(values, array), (tr.model, name)
            assert bits(values) == bits(array), (tr.model, name)


def test_export_file_is_utf8_crlf(tmp_path):
    lesson = awkward_lesson()
    path = tmp_path / "out.csv"
    export_csv(lesson, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "中文词".encode() in raw
    assert "😀".encode() in raw
    assert raw.decode("utf-8") == csv_text(lesson)
    assert raw.count(b"\r\n") >= len(parse_long(csv_text(lesson))[1])
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_export_models_subset_in_order(tmp_path):
    lesson = load_lesson(rnnviz.default_lesson_path())
    path = tmp_path / "out.csv"
    export_csv(lesson, path, ["lstm", "rnn"])
    _, rows = parse_long(path.read_text(encoding="utf-8"))
    assert list(dict.fromkeys(row[0] for row in rows)) == ["lstm", "rnn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ["rnn", "lstm", "gru"]),
        ("lstm,rnn", ["lstm", "rnn"]),
        (" gru , lstm,,gru ", ["gru", "lstm"]),
    ],
)
def test_parse_models(text, expected):
    assert parse_models(text, load_lesson(rnnviz.default_lesson_path())) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "--models is empty"),
        (" , ", "--models is empty"),
        ("lstm,transformer", "unknown model 'transformer' in --models"),
        ("LSTM", "unknown model 'LSTM'"),
    ],
)
def test_parse_models_errors(text, message):
    with pytest.raises(LessonError) as caught:
        parse_models(text, load_lesson(rnnviz.default_lesson_path()))
    assert message in str(caught.value)


def test_parse_models_missing_from_lesson():
    data = small_lesson_dict()
    del data["models"]["gru"]
    with pytest.raises(LessonError, match=r"the lesson has no gru model \(it has rnn, lstm\)"):
        parse_models("gru", load_lesson(data))


def test_unknown_format_is_lesson_error():
    with pytest.raises(LessonError, match="unknown format 'xml'"):
        write_csv(lesson_traces(load_lesson(rnnviz.default_lesson_path())), io.StringIO(), "xml")


def test_export_failure_keeps_existing_file(tmp_path, monkeypatch):
    import rnnviz.core.export as export_module

    path = tmp_path / "out.csv"
    path.write_bytes(b"old export")

    def failing_write(traces, handle, fmt="long", progress=None, comment=""):
        handle.write("model,step,token,quantity,unit,value\r\nrnn,0,,h,0,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_csv", failing_write)
    with pytest.raises(OSError, match="No space left"):
        export_csv(load_lesson(rnnviz.default_lesson_path()), path)
    assert path.read_bytes() == b"old export"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_progress_reports_every_step():
    lesson = load_lesson(rnnviz.default_lesson_path())
    calls = []
    write_csv(
        lesson_traces(lesson),
        io.StringIO(newline=""),
        "long",
        lambda done, total: calls.append((done, total)),
    )
    assert calls == [(k, 12) for k in range(1, 13)]


# --- wide layout ----------------------------------------------------------------------------


def test_wide_layout():
    lesson = awkward_lesson()
    traces = lesson_traces(lesson)
    rows = list(csv.reader(io.StringIO(csv_text(lesson, fmt="wide"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["model", "step", "token"]
    expected_columns = {
        f"{name}[{unit}]" for tr in traces for name, array in tr.quantities.items() for unit in range(array.shape[1])
    }
    assert set(header[3:]) == expected_columns
    assert len(header) == len(set(header))
    assert {"h[0]", "f[1]", "x[2]", "z[0]"} <= set(header)
    assert len(body) == sum(tr.T + 1 for tr in traces)
    assert all(len(row) == len(header) for row in body)
    column = {name: k for k, name in enumerate(header)}
    row_of = {(row[0], int(row[1])): row for row in body}
    assert len(row_of) == len(body)  # one row per model and step
    for tr in traces:
        for step in range(tr.T + 1):
            row = row_of[(tr.model, step)]
            assert row[2] == ("" if step == 0 else AWKWARD_TOKENS[step - 1])
            values = tr.at(step)
            filled = set()
            for name, vector in values.items():
                for unit, value in enumerate(vector.tolist()):
                    text = row[column[f"{name}[{unit}]"]]
                    assert bits([float(text)]) == bits([value]), (tr.model, step, name, unit)
                    filled.add(column[f"{name}[{unit}]"])
            assert all(row[k] == "" for k in range(3, len(header)) if k not in filled)
    # step 0 carries only the states
    start = row_of[("lstm", 0)]
    assert start[column["h[0]"]] == repr(lesson.initial_h[0].item())
    assert start[column["c[1]"]] == repr(lesson.initial_c[1].item())
    assert start[column["f[0]"]] == ""


def test_wide_layout_with_pandas():
    lesson = awkward_lesson()
    traces = lesson_traces(lesson)
    text = csv_text(lesson, ["lstm", "rnn"], fmt="wide")
    header = next(csv.reader(io.StringIO(text, newline="")))
    values = [name for name in header if "[" in name]
    df = read_pandas(text, keep_default_na=False, na_values={name: [""] for name in values}, dtype={"token": str})
    assert list(df["model"].unique()) == ["lstm", "rnn"]
    for tr in traces:
        if tr.model == "gru":
            continue
        part = df[df["model"] == tr.model].sort_values("step")
        assert part["token"].tolist() == ["", *AWKWARD_TOKENS]
        for name, first, array in tr.rows():
            for unit in range(array.shape[1]):
                column = part[f"{name}[{unit}]"].to_numpy()
                assert np.isnan(column[:first]).all()
                assert bits(column[first:]) == bits(array[:, unit]), (tr.model, name, unit)
