"""Lesson files: validation of bad input, save/load round trips, generated embeddings."""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import rnnviz
from rnnviz.core import atomic
from rnnviz.core.lesson import Lesson, LessonError, default_embedding, load_lesson

REPO_ROOT = Path(__file__).resolve().parents[2]

# The stored value of default_embedding("你好", 3), computed once. It is a regression check
# only together with test_default_embedding_matches_documented_recipe below.
NIHAO_D3 = [-0.871, 0.098, 0.758]


def small_lesson_dict(hidden: int = 2, inputs: int = 3) -> dict[str, Any]:
    """A valid lesson with all three models, hidden_size 2 and embedding size 3."""
    rng = np.random.default_rng(7)

    def m(rows: int, cols: int) -> list[list[float]]:
        return rng.uniform(-1, 1, (rows, cols)).round(3).tolist()

    def v(n: int) -> list[float]:
        return rng.uniform(-1, 1, n).round(3).tolist()

    H, D = hidden, inputs
    models = {}
    for name, gates in (("rnn", 1), ("lstm", 4), ("gru", 3)):
        models[name] = {
            "weight_ih": m(gates * H, D),
            "weight_hh": m(gates * H, H),
            "bias_ih": v(gates * H),
            "bias_hh": v(gates * H),
        }
    models["rnn"]["nonlinearity"] = "tanh"
    return {
        "format": "rnnviz-lesson",
        "version": 1,
        "title": "small",
        "tokens": ["a", "b", "a"],
        "embeddings": {"a": v(D), "b": v(D)},
        "hidden_size": H,
        "models": models,
        "initial_state": {"h": v(H), "c": v(H)},
    }


RAW = "@@RAW@@"  # a placeholder string replaced by a raw JSON literal (1e400, NaN, ...)


def lesson_text(data: Any, raw: str | None = None) -> str:
    """JSON text of data; ASCII-escaped, so a lone surrogate is written as \\ud800."""
    text = json.dumps(data, ensure_ascii=True, allow_nan=True)
    if raw is not None:
        assert f'"{RAW}"' in text
        text = text.replace(f'"{RAW}"', raw)
    return text


def _edit(change, raw: str | None = None):
    def build() -> bytes:
        data = small_lesson_dict()
        change(data)
        return lesson_text(data, raw).encode("ascii")

    return build


def _set(path: str, value: Any, raw: str | None = None):
    """Set data[a][b]... for a dotted path; integer parts index lists."""

    def change(data: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node = data
        for part in parents:
            node = node[part]
        node[last] = value

    return _edit(change, raw)


def _delete(path: str):
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[part]
        del node[last]

    return _edit(change)


def _raw(text: str | bytes):
    return lambda: text.encode("utf-8") if isinstance(text, str) else text


def _huge_integer_lesson() -> bytes:
    return lesson_text({**small_lesson_dict(), "hidden_size": RAW}, "9" * 5000).encode("ascii")


def _deep_lesson() -> bytes:
    return ('{"format": "rnnviz-lesson", "version": 1, "extra": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()


def _latin1_token() -> bytes:
    """A token written in Latin-1 (é as the single byte 0xE9), not UTF-8."""
    text = lesson_text({**small_lesson_dict(), "tokens": ["cafe"]})
    return text.replace('"cafe"', '"caf\xe9"').encode("latin-1")


#: (id, builder of the file's bytes, regular expression the one-line message must contain)
BAD_LESSONS = [
    ("not-json", _raw("{this is not json"), r"not valid JSON: .* at line 1 column 2"),
    ("empty-file", _raw(""), r"not valid JSON"),
    (
        "truncated",
        _raw('{"format": "rnnviz-lesson", "version": 1, "tokens": ["a"'),
        r"not valid JSON",
    ),
    ("not-utf8", _latin1_token, r"not UTF-8 text \(byte \d+\)"),
    ("binary-garbage", _raw(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"), r"not UTF-8 text \(byte 0\)"),
    ("nested-too-deeply", _deep_lesson, r"nested too deeply"),
    ("top-level-list", _raw("[1, 2, 3]"), r"the lesson is a list, expected a JSON object"),
    ("top-level-number", _raw("42"), r"the lesson is 42, expected a JSON object"),
    (
        "wrong-format",
        _set("format", "pytorch-state-dict"),
        r"\"format\" is 'pytorch-state-dict', expected \"rnnviz-lesson\"",
    ),
    ("missing-format", _delete("format"), r'missing field "format"'),
    ("wrong-version", _set("version", 2), r"unsupported version 2, this rnnviz reads version 1"),
    ("version-true", _set("version", True), r"unsupported version true"),
    ("version-string", _set("version", "1"), r"unsupported version '1'"),
    ("missing-version", _delete("version"), r'missing field "version"'),
    ("missing-tokens", _delete("tokens"), r'missing field "tokens"'),
    ("missing-hidden-size", _delete("hidden_size"), r'missing field "hidden_size"'),
    ("missing-models", _delete("models"), r'missing field "models"'),
    ("missing-weight", _delete("models.lstm.weight_hh"), r'models\.lstm is missing "weight_hh"'),
    ("missing-bias", _delete("models.gru.bias_ih"), r'models\.gru is missing "bias_ih"'),
    (
        "lstm-weight-hh-shape",
        _set("models.lstm.weight_hh", [[0.0] * 3] * 8),
        r"^.*: models\.lstm\.weight_hh has shape 8x3, "
        r"expected 8x2 \(4\*hidden_size x hidden_size\)$",
    ),
    (
        "gru-weight-ih-shape",
        _set("models.gru.weight_ih", [[0.0] * 3] * 4),
        r"models\.gru\.weight_ih has shape 4x3, expected 6x3 \(3\*hidden_size x input size\)",
    ),
    (
        "rnn-weight-ih-shape",
        _set("models.rnn.weight_ih", [[0.0] * 2] * 2),
        r"models\.rnn\.weight_ih has shape 2x2, expected 2x3",
    ),
    (
        "ragged-matrix",
        _set("models.rnn.weight_hh", [[0.0, 0.0], [0.0]]),
        r"models\.rnn\.weight_hh is not rectangular",
    ),
    (
        "matrix-is-vector",
        _set("models.rnn.weight_hh", [0.0, 0.0]),
        r"models\.rnn\.weight_hh is a list, expected a 2x2 matrix",
    ),
    (
        "bias-length",
        _set("models.rnn.bias_ih", [0.0, 0.0, 0.0]),
        r"models\.rnn\.bias_ih has 3 values, expected 2 \(hidden_size\)",
    ),
    (
        "bias-is-matrix",
        _set("models.lstm.bias_hh", [[0.0]] * 8),
        r"models\.lstm\.bias_hh is a matrix",
    ),
    (
        "embedding-length",
        _set("embeddings.b", [0.0, 0.0]),
        r"embeddings\['b'\] has 2 values, expected 3",
    ),
    ("embedding-empty", _set("embeddings.a", []), r"embeddings\['a'\] is empty"),
    (
        "embedding-not-list",
        _set("embeddings.a", "0.5"),
        r"embeddings\['a'\] is '0.5', expected a list of numbers",
    ),
    (
        "string-number",
        _set("models.rnn.weight_ih.0.1", "0.5"),
        r"models\.rnn\.weight_ih\[0\]\[1\] is '0.5', expected a number",
    ),
    (
        "bool-number",
        _set("models.gru.bias_hh.5", True),
        r"models\.gru\.bias_hh\[5\] is true, expected a number",
    ),
    (
        "null-number",
        _set("initial_state.c.1", None),
        r"initial_state\.c\[1\] is null, expected a number",
    ),
    (
        "nan",
        _set("models.rnn.bias_hh.0", RAW, "NaN"),
        r"models\.rnn\.bias_hh\[0\] is NaN; only finite numbers",
    ),
    (
        "infinity",
        _set("embeddings.a.2", RAW, "Infinity"),
        r"embeddings\['a'\]\[2\] is Infinity; only finite numbers",
    ),
    (
        "minus-infinity",
        _set("models.lstm.weight_ih.7.0", RAW, "-Infinity"),
        r"models\.lstm\.weight_ih\[7\]\[0\] is -Infinity",
    ),
    (
        "huge-1e400",
        _set("models.lstm.bias_ih.3", RAW, "1e400"),
        r"models\.lstm\.bias_ih\[3\] is too large for a float64",
    ),
    (
        "huge-minus-1e400",
        _set("initial_state.h.0", RAW, "-1e400"),
        r"initial_state\.h\[0\] is too large for a float64",
    ),
    (
        "huge-integer-400-digits",
        _set("models.rnn.bias_ih.1", RAW, "1" + "0" * 400),
        r"models\.rnn\.bias_ih\[1\] is too large",
    ),
    # 5000 digits is past Python's int-from-text limit (4300 digits): json.loads raises ValueError.
    ("huge-integer-5000-digits", _huge_integer_lesson, r"too large|not valid JSON|hidden_size"),
    ("empty-tokens", _set("tokens", []), r"tokens is empty; a lesson needs at least one token"),
    ("tokens-not-list", _set("tokens", "a b"), r"tokens is 'a b', expected a list of strings"),
    ("token-not-string", _set("tokens", ["a", 5]), r"tokens\[1\] is 5, expected a string"),
    ("blank-token", _set("tokens", ["a", " \t"]), r"tokens\[1\] is blank"),
    # Tokens made only of characters that draw nothing: zero-width space, right-to-left mark, BOM, NUL.
    ("zero-width-token", _set("tokens", ["a", "\u200b"]), r"tokens\[1\] is '\\u200b', which shows nothing"),
    ("rtl-mark-token", _set("tokens", ["\u200f\u200f"]), r"tokens\[0\] .* shows nothing"),
    ("bom-token", _set("tokens", ["\ufeff"]), r"tokens\[0\] .* shows nothing"),
    ("nul-token", _set("tokens", ["a", "\x00"]), r"tokens\[1\] is '\\x00', which shows nothing"),
    ("hangul-filler-token", _set("tokens", ["\u3164"]), r"tokens\[0\] .* shows nothing"),
    ("invisible-embedding-key", _set("embeddings.\u200b", [0.0, 0.0, 0.0]), r"embeddings key .* shows nothing"),
    # A matrix nested one level too deep once reached numpy's reshape (ValueError) or, with one
    # number per cell, was silently flattened into a valid-looking matrix.
    (
        "matrix-too-deep",
        _set("models.rnn.weight_ih", [[[1, 2]] * 3] * 2),
        r"models\.rnn\.weight_ih\[0\]\[0\] is a list",
    ),
    (
        "matrix-too-deep-one-number-per-cell",
        _set("models.lstm.weight_hh", [[[0.5]] * 2] * 8),
        r"models\.lstm\.weight_hh\[0\]\[0\] is a list, expected a number",
    ),
    ("vector-too-deep", _set("initial_state.h", [[0.5], [0.5]]), r"initial_state\.h is a matrix"),
    (
        "unknown-field-nested-too-deep",
        _set("teacher_memo", json.loads("[" * 501 + "]" * 501)),
        r"field 'teacher_memo' is nested more than 500 levels deep",
    ),
    (
        "lone-surrogate-token",
        _set("tokens", ["a", "\ud800"]),
        r"tokens\[1\] is not valid Unicode text",
    ),
    (
        "lone-surrogate-embedding-key",
        _set("embeddings.\udc80x", [0.0, 0.0, 0.0]),
        r"embeddings key .* not valid Unicode",
    ),
    ("lone-surrogate-title", _set("title", "t\udfff"), r"title is not valid Unicode text"),
    ("title-not-string", _set("title", 3), r"title is 3, expected a string"),
    (
        "unknown-model",
        _set("models.transformer", {}),
        r"unknown model 'transformer' in models \(expected rnn, lstm or gru\)",
    ),
    ("empty-models", _set("models", {}), r"models is empty"),
    ("models-not-object", _set("models", ["rnn"]), r"models is a list, expected an object"),
    ("model-not-object", _set("models.gru", [1]), r"models\.gru is a list, expected an object"),
    ("hidden-size-zero", _set("hidden_size", 0), r"hidden_size is 0, expected a whole number >= 1"),
    ("hidden-size-float", _set("hidden_size", 2.5), r"hidden_size is 2.5, expected a whole number"),
    (
        "hidden-size-string",
        _set("hidden_size", "2"),
        r"hidden_size is '2', expected a whole number",
    ),
    (
        "bad-nonlinearity",
        _set("models.rnn.nonlinearity", "sigmoid"),
        r"models\.rnn\.nonlinearity is 'sigmoid', expected \"tanh\" or \"relu\"",
    ),
    (
        "lstm-nonlinearity",
        _set("models.lstm.nonlinearity", "tanh"),
        r"models\.lstm has unknown field 'nonlinearity'",
    ),
    (
        "unknown-weight-field",
        _set("models.rnn.weights", []),
        r"models\.rnn has unknown field 'weights'",
    ),
    (
        "initial-h-length",
        _set("initial_state.h", [0.0]),
        r"initial_state\.h has 1 values, expected 2",
    ),
    (
        "initial-state-field",
        _set("initial_state.x", [0.0, 0.0]),
        r"initial_state has unknown field 'x'",
    ),
    (
        "initial-state-list",
        _set("initial_state", [0.0, 0.0]),
        r"initial_state is a list, expected an object",
    ),
    (
        "embeddings-list",
        _set("embeddings", [[0.0, 0.0, 0.0]]),
        r"embeddings is a list, expected an object",
    ),
]


def write_bad_lesson(folder: Path, build) -> Path:
    path = folder / "bad lesson.json"
    path.write_bytes(build())
    return path


def assert_one_line_message(message: str, path: Path, pattern: str) -> None:
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message, message
    assert "\r" not in message, message
    assert "Traceback" not in message
    assert re.search(pattern, message), f"{message!r} does not match {pattern!r}"
    assert len(message) < 300, message


def test_small_lesson_dict_is_valid(tmp_path):
    """The base of every bad case loads, so each case fails for its own reason only."""
    path = tmp_path / "ok.json"
    path.write_text(lesson_text(small_lesson_dict()), encoding="ascii")
    lesson = load_lesson(path)
    assert lesson.tokens == ("a", "b", "a")
    assert lesson.hidden_size == 2
    assert lesson.embedding_size == 3
    assert list(lesson.models) == ["rnn", "lstm", "gru"]


@pytest.mark.parametrize(("build", "pattern"), [case[1:] for case in BAD_LESSONS], ids=[c[0] for c in BAD_LESSONS])
def test_bad_lesson_raises_one_line_lesson_error(tmp_path, build, pattern):
    path = write_bad_lesson(tmp_path, build)
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert type(caught.value) is rnnviz.LessonError
    assert isinstance(caught.value, ValueError)
    assert caught.value.__cause__ is None
    assert_one_line_message(str(caught.value), path, pattern)


def test_bad_lesson_dict_message_has_no_file_name():
    data = small_lesson_dict()
    data["models"]["lstm"]["weight_hh"] = [[0.0] * 3] * 8
    with pytest.raises(LessonError) as caught:
        load_lesson(data)
    assert str(caught.value) == ("models.lstm.weight_hh has shape 8x3, expected 8x2 (4*hidden_size x hidden_size)")


def test_missing_file_is_lesson_error(tmp_path):
    path = tmp_path / "nowhere.json"
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert str(caught.value) == f"{path}: cannot read: No such file or directory"


def test_directory_is_lesson_error(tmp_path):
    with pytest.raises(LessonError) as caught:
        load_lesson(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path}: cannot read: ")


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + lesson_text(small_lesson_dict()).encode())
    assert load_lesson(path).tokens == ("a", "b", "a")


def test_non_ascii_tokens_load_from_utf8(tmp_path):
    data = small_lesson_dict()
    data["tokens"] = ["我", "😀", "a,b"]
    path = tmp_path / "utf8.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_lesson(path).tokens == ("我", "😀", "a,b")


# --- the default lesson --------------------------------------------------------------------


def test_default_lesson():
    lesson = load_lesson(rnnviz.default_lesson_path())
    assert lesson.tokens == ("我", "爱", "祖国")
    assert {"rnn", "lstm"} <= set(lesson.models)
    assert 2 <= lesson.hidden_size <= 4
    assert lesson.embedding_size == 3
    assert lesson.inputs.shape == (3, 3)
    assert lesson.title
    np.testing.assert_array_equal(lesson.embeddings["我"], [1.0, 0.2, -0.3])


def test_default_lesson_path_is_in_resources():
    path = rnnviz.default_lesson_path()
    assert path.is_file()
    assert path.name == "default.json"
    assert path == rnnviz.resource_path("lessons", "default.json")


# --- generated embeddings -------------------------------------------------------------------


def _documented_embedding(token: str, size: int) -> list[float]:
    """lesson.py's documented recipe, written independently: SHAKE-256 of a fixed prefix and
    the UTF-8 text, 8 big-endian bytes per component, mapped to [-1, 1), 3 decimals."""
    digest = hashlib.shake_256(b"rnnviz-embedding-v1\x00" + token.encode("utf-8")).digest(8 * size)
    values = []
    for k in range(size):
        word = int.from_bytes(digest[8 * k : 8 * k + 8], "big")
        values.append(2.0 * (word / 2**64) - 1.0)
    return values


@pytest.mark.parametrize("token", ["你好", "a", "祖国", "😀", "a,b", "x" * 1000])
@pytest.mark.parametrize("size", [1, 3, 7])
def test_default_embedding_matches_documented_recipe(token, size):
    vector = default_embedding(token, size)
    assert vector.dtype == np.float64
    assert vector.shape == (size,)
    raw = _documented_embedding(token, size)
    for value, exact in zip(vector.tolist(), raw, strict=True):
        assert -1.0 <= value <= 1.0
        assert abs(value - exact) <= 0.0005 + 1e-12
        assert value == round(value, 3)


def test_default_embedding_known_value():
    vector = default_embedding("你好", 3)
    assert vector.tolist() == NIHAO_D3
    assert np.allclose(_documented_embedding("你好", 3), NIHAO_D3, atol=0.0005, rtol=0)


def test_default_embedding_prefix_is_stable():
    """A longer vector starts with the shorter one: components do not depend on the size."""
    assert default_embedding("你好", 5)[:3].tolist() == NIHAO_D3


def test_default_embedding_distinguishes_tokens():
    vectors = {token: tuple(default_embedding(token, 4)) for token in ["a", "b", "A", "a ", "我", "爱"]}
    assert len(set(vectors.values())) == len(vectors)


def test_default_embedding_same_in_other_processes():
    """Not Python's hash(): other hash seeds give the same vector."""
    code = "import rnnviz.core.lesson as l; print(l.default_embedding('你好', 3).tolist())"
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout.strip())
    assert outputs == {str(NIHAO_D3)}


def test_token_without_embedding_gets_default_embedding(tmp_path):
    data = small_lesson_dict()
    data["tokens"] = ["a", "你好", "b"]
    lesson = load_lesson(data)
    assert lesson.embeddings["你好"].tolist() == NIHAO_D3
    np.testing.assert_array_equal(lesson.inputs[1], NIHAO_D3)
    assert not lesson.embeddings["你好"].flags.writeable

    path = tmp_path / "saved.json"
    lesson.save(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["embeddings"]["你好"] == NIHAO_D3
    assert saved["tokens"] == ["a", "你好", "b"]


def test_lesson_without_embeddings_takes_input_size_from_weights():
    data = small_lesson_dict()
    del data["embeddings"]
    lesson = load_lesson(data)
    assert lesson.embedding_size == 3
    assert lesson.embeddings["a"].tolist() == default_embedding("a", 3).tolist()


def test_with_tokens_new_and_old_embeddings():
    lesson = load_lesson(small_lesson_dict())
    changed = lesson.with_tokens(["b", "你好", "b"])
    assert changed.tokens == ("b", "你好", "b")
    assert changed.embeddings["你好"].tolist() == NIHAO_D3
    assert changed.embeddings["b"] is lesson.embeddings["b"]
    assert lesson.tokens == ("a", "b", "a")  # the original is unchanged
    assert "你好" not in lesson.embeddings
    np.testing.assert_array_equal(changed.inputs, [lesson.embeddings["b"], NIHAO_D3, lesson.embeddings["b"]])


def test_with_tokens_generated_embeddings_are_read_only():
    """Lesson's docstring: arrays are float64 and read-only, also for tokens added later."""
    changed = load_lesson(small_lesson_dict()).with_tokens(["新"])
    vector = changed.embeddings["新"]
    assert vector.dtype == np.float64
    assert not vector.flags.writeable


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ([], "tokens is empty"),
        (["a", "  "], "tokens[1] is blank"),
        (["\ud800"], "tokens[0] is not valid Unicode text"),
        ([1], "tokens[0] is 1, expected a string"),
    ],
)
def test_with_tokens_rejects_bad_tokens(tokens, message):
    lesson = load_lesson(small_lesson_dict())
    with pytest.raises(LessonError) as caught:
        lesson.with_tokens(tokens)
    assert message in str(caught.value)


def test_lesson_arrays_are_read_only_float64():
    lesson = load_lesson(small_lesson_dict())
    arrays = [*lesson.embeddings.values(), lesson.initial_h, lesson.initial_c]
    for w in lesson.models.values():
        arrays += [w.weight_ih, w.weight_hh, w.bias_ih, w.bias_hh]
    for array in arrays:
        assert array.dtype == np.float64
        assert not array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        lesson.models["lstm"].weight_hh[0, 0] = 1.0


def test_missing_initial_state_is_zeros():
    data = small_lesson_dict()
    del data["initial_state"]
    lesson = load_lesson(data)
    assert lesson.initial_h.tolist() == [0.0, 0.0]
    assert lesson.initial_c.tolist() == [0.0, 0.0]


# --- save / load ----------------------------------------------------------------------------

AWKWARD_FLOATS = [
    0.1 + 0.2,
    5e-324,
    -0.0,
    1.7976931348623157e308,
    1 / 3,
    -2.2250738585072014e-308,
    1e-7,
    123456789.125,
]


def _awkward_lesson() -> Lesson:
    data = small_lesson_dict()
    data["embeddings"]["a"] = AWKWARD_FLOATS[:3]
    data["models"]["lstm"]["bias_ih"] = AWKWARD_FLOATS
    data["models"]["rnn"]["nonlinearity"] = "relu"
    data["initial_state"]["c"] = AWKWARD_FLOATS[3:5]
    data["title"] = "标题 — “quotes”, \\ and \n newline"
    data["teacher_memo"] = {"kept": [1, "two", None]}
    return load_lesson(data).with_tokens(["a", "新词", "b", "😀"])


def bits(array: np.ndarray) -> list[int]:
    """The exact float64 bit patterns (np.array_equal would call -0.0 and 0.0 equal)."""
    return np.ascontiguousarray(array, dtype=np.float64).view(np.uint64).ravel().tolist()


def assert_same_lesson(a: Lesson, b: Lesson) -> None:
    assert a.tokens == b.tokens
    assert a.title == b.title
    assert a.hidden_size == b.hidden_size
    assert a.extra == b.extra
    assert list(a.embeddings) == list(b.embeddings)
    for token in a.embeddings:
        assert bits(a.embeddings[token]) == bits(b.embeddings[token]), token
    assert list(a.models) == list(b.models)
    for name, w in a.models.items():
        v = b.models[name]
        assert w.nonlinearity == v.nonlinearity
        for field in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            assert getattr(w, field).shape == getattr(v, field).shape
            assert bits(getattr(w, field)) == bits(getattr(v, field)), (name, field)
    assert bits(a.initial_h) == bits(b.initial_h)
    assert bits(a.initial_c) == bits(b.initial_c)


def test_save_load_round_trip_is_exact(tmp_path):
    lesson = _awkward_lesson()
    path = tmp_path / "lesson.json"
    lesson.save(path)
    again = load_lesson(path)
    assert_same_lesson(lesson, again)
    assert again.tokens == ("a", "新词", "b", "😀")
    assert again.embeddings["新词"].tolist() == default_embedding("新词", 3).tolist()
    assert again.extra == {"teacher_memo": {"kept": [1, "two", None]}}
    assert bits(again.models["lstm"].bias_ih) == bits(np.array(AWKWARD_FLOATS))
    # Saving what was loaded gives the same text again.
    second = tmp_path / "again.json"
    again.save(second)
    assert second.read_bytes() == path.read_bytes()


def test_saved_file_is_readable_utf8_json(tmp_path):
    path = tmp_path / "lesson.json"
    _awkward_lesson().save(path)
    raw = path.read_bytes()
    assert "新词".encode() in raw  # not \u escapes
    data = json.loads(raw.decode("utf-8"))
    assert data["format"] == "rnnviz-lesson"
    assert data["version"] == 1
    assert data["models"]["rnn"]["nonlinearity"] == "relu"
    assert "nonlinearity" not in data["models"]["lstm"]
    assert data["models"]["lstm"]["bias_ih"][1] == 5e-324
    assert math.copysign(1.0, data["models"]["lstm"]["bias_ih"][2]) == -1.0


def test_default_lesson_round_trip(tmp_path):
    lesson = load_lesson(rnnviz.default_lesson_path())
    path = tmp_path / "default.json"
    lesson.save(path)
    assert_same_lesson(lesson, load_lesson(path))


def test_save_replaces_existing_file(tmp_path):
    path = tmp_path / "lesson.json"
    path.write_text("old", encoding="utf-8")
    lesson = load_lesson(small_lesson_dict())
    lesson.save(path)
    assert_same_lesson(lesson, load_lesson(path))
    assert sorted(os.listdir(tmp_path)) == ["lesson.json"]


def test_saved_lesson_keeps_unknown_fields_with_odd_text(tmp_path):
    """Unknown top-level fields are kept on save; one holding a lone surrogate must not make
    save() crash with UnicodeEncodeError: either load rejects it (LessonError) or save works."""
    data = small_lesson_dict()
    data["teacher_memo"] = "bad \ud800 text"
    source = tmp_path / "odd.json"
    source.write_text(lesson_text(data), encoding="ascii")
    try:
        lesson = load_lesson(source)
    except LessonError as error:
        message = str(error)
    else:
        message = ""
    if message:  # rejected on load: fine, if it says why
        assert re.search("Unicode|surrogate", message), message
        return
    target = tmp_path / "saved.json"
    lesson.save(target)
    assert load_lesson(target).extra == lesson.extra


@pytest.mark.parametrize("exception", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_save_leaves_existing_file_and_no_temporary(tmp_path, monkeypatch, exception):
    path = tmp_path / "lesson.json"
    path.write_bytes(b"precious old content")
    written: list[Path] = []

    def failing_fsync(fd: int) -> None:
        # By now the whole new text is in the temporary file; then the disk fails.
        written.extend(p for p in tmp_path.iterdir() if p != path)
        raise exception

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(type(exception)):
        load_lesson(small_lesson_dict()).save(path)
    assert len(written) == 1  # the write did get that far
    assert written[0].name.endswith(".tmp")
    assert path.read_bytes() == b"precious old content"
    assert sorted(os.listdir(tmp_path)) == ["lesson.json"]


def test_failed_rename_leaves_existing_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "lesson.json"
    path.write_bytes(b"precious")

    def failing_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        load_lesson(small_lesson_dict()).save(path)
    assert path.read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["lesson.json"]


def test_save_into_missing_folder_fails_and_creates_nothing(tmp_path):
    target = tmp_path / "missing" / "lesson.json"
    with pytest.raises(OSError, match="No such file or directory"):
        load_lesson(small_lesson_dict()).save(target)
    assert os.listdir(tmp_path) == []


def test_save_keeps_permissions_of_existing_file(tmp_path):
    path = tmp_path / "lesson.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o640)
    load_lesson(small_lesson_dict()).save(path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_lesson_is_immutable():
    lesson = load_lesson(small_lesson_dict())
    with pytest.raises(AttributeError):
        lesson.tokens = ("x",)  # type: ignore[misc]
    assert copy.copy(lesson).tokens == ("a", "b", "a")


def test_saving_through_a_symlink_keeps_the_link(tmp_path):
    import rnnviz

    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    rnnviz.load_lesson(rnnviz.default_lesson_path()).save(link)
    assert link.is_symlink()
    assert rnnviz.load_lesson(real).tokens == ("我", "爱", "祖国")


def test_unknown_field_nested_400_deep_saves_and_reloads(tmp_path):
    deep: Any = [1.5, "é"]
    for level in range(400):
        deep = [deep, {"level": level}] if level % 2 else [deep]
    lesson = load_lesson({**small_lesson_dict(), "teacher_memo": deep})
    path = tmp_path / "deep.json"
    lesson.save(path)
    assert load_lesson(path).extra["teacher_memo"] == deep


def test_signalling_nan_array_is_refused_without_a_warning():
    weights = np.zeros((2, 3), dtype=np.float32)
    weights.view(np.uint32)[1, 2] = 0x7F800001  # a signalling NaN: converting it warns in some numpy versions
    data = small_lesson_dict()
    data["models"]["rnn"]["weight_ih"] = weights
    with pytest.raises(LessonError, match=r"^models\.rnn\.weight_ih\[1\]\[2\] is NaN"):
        load_lesson(data)  # warnings are errors in this suite


def test_lesson_file_larger_than_the_cap_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from rnnviz.core import lesson as lesson_module

    path = tmp_path / "big.json"
    path.write_text(lesson_text(small_lesson_dict()), encoding="utf-8")
    monkeypatch.setattr(lesson_module, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(LessonError, match=r"big\.json: larger than 0 MB"):
        load_lesson(path)
    monkeypatch.setattr(lesson_module, "MAX_FILE_BYTES", path.stat().st_size)
    assert load_lesson(path).tokens == ("a", "b", "a")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_file_is_refused_after_reading_at_most_the_cap():
    with pytest.raises(LessonError, match=r"^/dev/zero: larger than 256 MB"):
        load_lesson("/dev/zero")


@pytest.mark.parametrize(
    ("token", "visible"),
    [("a", True), ("我", True), ("a\u200b", True), ("\u0301", True), ("🙂", True), (" ", False), ("\u2028", False),
     ("\u200b\u200c\u200d", False), ("\u2060", False), ("\x7f", False), ("\u3000", False)],
)
def test_is_visible(token, visible):
    from rnnviz.core.lesson import is_visible

    assert is_visible(token) is visible


def test_loading_a_small_file_allocates_little(tmp_path):
    """The size cap must not become an allocation: read(cap) once reserved 256 MB for a 2 KB lesson."""
    import tracemalloc

    path = tmp_path / "small.json"
    path.write_text(lesson_text(small_lesson_dict()), encoding="utf-8")
    tracemalloc.start()
    try:
        load_lesson(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_a_lesson_too_large_to_open_again_is_not_saved(tmp_path, monkeypatch):
    from rnnviz.core import lesson as lesson_module

    lesson = load_lesson(small_lesson_dict())
    size = len(lesson.to_json().encode("utf-8"))
    path = tmp_path / "big.json"
    path.write_bytes(b"precious")
    monkeypatch.setattr(lesson_module, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(LessonError, match=r"big\.json: the lesson would take 0 MB; rnnviz reads lessons up to 0 MB"):
        lesson.save(path)
    assert path.read_bytes() == b"precious"
    monkeypatch.setattr(lesson_module, "MAX_FILE_BYTES", size)
    lesson.save(path)
    assert load_lesson(path).to_json() == lesson.to_json()


# -- readouts (trained lessons) --------------------------------------------------------------------
def _with_readout(readout, model="lstm"):
    from rnnviz.resources import default_lesson_path

    data = load_lesson(default_lesson_path()).to_dict()
    data["models"][model]["readout"] = readout
    return data


def test_a_readout_loads_saves_and_answers(tmp_path):
    H = 3
    lesson = load_lesson(_with_readout({"weight": [[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]], "bias": [0.0, 0.1],
                                        "labels": ["A", "B"]}))  # fmt: skip
    readout = lesson.readouts["lstm"]
    assert readout.labels == ("A", "B")
    assert readout.weight.shape == (2, H)
    assert not readout.weight.flags.writeable
    np.testing.assert_allclose(readout.outputs(np.array([1.0, 2.0, 3.0])), [-2.0, 3.1])
    path = tmp_path / "trained.json"
    lesson.save(path)
    again = load_lesson(path)
    np.testing.assert_array_equal(again.readouts["lstm"].weight, readout.weight)
    assert again.readouts["lstm"].labels == ("A", "B")
    regression = load_lesson(_with_readout({"weight": [[0.1, 0.2, 0.3]], "bias": [1.0]}, "gru"))
    assert regression.readouts["gru"].labels is None
    assert "rnn" not in regression.readouts


@pytest.mark.parametrize(("readout", "message"), [
    ({"weight": [[1.0, 2.0]], "bias": [0.0]}, r"models\.lstm\.readout\.weight has shape 1x2, expected 1x3"),
    ({"weight": [[1.0, 2.0, 3.0]], "bias": [0.0, 1.0]}, r"models\.lstm\.readout\.bias has 2 values, expected 1"),
    ({"weight": [[1.0, 2.0, 3.0]] * 2, "bias": [0.0, 0.0]}, r"readout\.weight has shape 2x3, expected 1x3"),
    ({"weight": [[1.0, 2.0, 3.0]], "bias": [0.0], "labels": ["only"]}, r"labels is a list, expected a list of 2"),
    ({"weight": [[1.0] * 3] * 2, "bias": [0, 0], "labels": ["A", "A"]}, r"labels names a class twice"),
    ({"weight": [[1.0] * 3] * 2, "bias": [0, 0], "labels": ["A", " "]}, r"labels\[1\] is ' ', expected a class"),
    ({"weight": [[float("nan"), 0, 0]], "bias": [0.0]}, r"weight\[0\]\[0\] is NaN"),
    ({"weight": [[0.0] * 3], "bias": [0.0], "softmax": True}, r"readout has unknown field 'softmax'"),
    ({"bias": [0.0]}, r'readout is missing "weight"'),
    ([1, 2], r"readout is a list, expected an object with weight and bias"),
])  # fmt: skip
def test_a_readout_of_the_wrong_shape_is_refused_in_one_line(readout, message):
    with pytest.raises(LessonError, match=message) as caught:
        load_lesson(_with_readout(readout))
    assert "\n" not in str(caught.value)


def test_changing_the_hidden_size_keeps_the_readouts_columns():
    from rnnviz.core.edits import ResizeHidden

    lesson = load_lesson(_with_readout({"weight": [[1.0, 2.0, 3.0]], "bias": [0.5]}))
    wider, _ = ResizeHidden(5).apply(lesson)
    np.testing.assert_array_equal(wider.readouts["lstm"].weight, [[1.0, 2.0, 3.0, 0.0, 0.0]])
    narrower, _ = ResizeHidden(2).apply(lesson)
    np.testing.assert_array_equal(narrower.readouts["lstm"].weight, [[1.0, 2.0]])
    load_lesson(narrower.to_dict())  # still a valid lesson
