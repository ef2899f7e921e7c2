"""The lesson file: tokens, embeddings and weights of a teaching setup, validated on load.

A lesson is immutable: edits build a new Lesson (see :mod:`rnnviz.core.edits`), so a view
can keep the one it drew and undo is a matter of keeping the old one.
"""

from __future__ import annotations

import functools
import json
import math
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .cells import CellWeights
from .files import read_capped
from .models import MODELS, SPECS, models_text
from .notes import Note, parse_notes, texts

FORMAT = "rnnviz-lesson"
VERSION = 1
GATE_COUNT = {model: spec.gate_count for model, spec in SPECS.items()}
GATE_FACTOR = {model: "" if count == 1 else f"{count}*" for model, count in GATE_COUNT.items()}
NONLINEARITIES = ("tanh", "relu")
EMBEDDING_RANGE = 1.0  # generated embeddings lie in [-1, 1)
MAX_FILE_BYTES = 256 * 1024 * 1024  # a lesson file larger than this is refused before it is read
MAX_NESTING = 500  # unknown fields nested deeper than this are refused: they must be saved again

# Characters that draw nothing: a token made only of these would show as an empty box.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn"}
_INVISIBLE_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}  # Hangul fillers, blank Braille


class LessonError(ValueError):
    """A lesson that cannot be used; the message is one line and says what is wrong."""


@dataclass(frozen=True)
class Readout:
    """A linear readout on a model's hidden state (a trained lesson's): y = weight h + bias.

    With labels it classifies (the answer is the label of the largest output); without, K = 1
    and the one output is the regressed value. Arrays are float64 and read-only."""

    weight: np.ndarray  # (K, H)
    bias: np.ndarray  # (K,)
    labels: tuple[str, ...] | None = None

    def outputs(self, h: np.ndarray) -> np.ndarray:
        """y for each row of h (..., H) -> (..., K)."""
        with np.errstate(all="ignore"):
            return np.asarray(h) @ self.weight.T + self.bias

    def answer(self, y: np.ndarray) -> tuple[str | None, float]:
        """What one output row y (K,) answers: (the label of the largest output, its softmax
        probability) for a classifier, (None, the value) for a regression."""
        y = np.asarray(y, dtype=np.float64)
        if self.labels is None:
            return None, float(y[0])
        k = int(np.argmax(y))
        with np.errstate(all="ignore"):
            shifted = y - y[k]  # softmax without overflow: the largest becomes exp(0) = 1
            p = 1.0 / float(np.sum(np.exp(shifted)))
        return self.labels[k], p

    def to_dict(self, out) -> dict[str, Any]:
        data: dict[str, Any] = {"weight": out(self.weight), "bias": out(self.bias)}
        if self.labels is not None:
            data["labels"] = list(self.labels)
        return data


@dataclass(frozen=True)
class Lesson:
    """A validated lesson. Arrays are float64 and read-only."""

    tokens: tuple[str, ...]
    embeddings: dict[str, np.ndarray]
    hidden_size: int
    models: dict[str, CellWeights]
    initial_h: np.ndarray
    initial_c: np.ndarray
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level fields, kept on save
    description: dict[str, str] = field(default_factory=dict)  # language -> text (rnnviz.core.notes)
    notes: tuple[Note, ...] = ()  # the class's notes, by step
    readouts: dict[str, Readout] = field(default_factory=dict)  # model -> its readout (trained lessons)

    @property
    def embedding_size(self) -> int:
        return len(next(iter(self.embeddings.values())))

    @functools.cached_property
    def inputs(self) -> np.ndarray:
        """The embedded token sequence, shape (T, D), read-only (worked out once per lesson)."""
        inputs = np.array([self.embeddings[token] for token in self.tokens], dtype=np.float64)
        inputs.flags.writeable = False
        return inputs

    def with_tokens(self, tokens: list[str] | tuple[str, ...]) -> Lesson:
        """The same lesson reading other tokens; new tokens get their default embedding."""
        tokens = tuple(tokens)
        _check_tokens(list(tokens))
        embeddings = dict(self.embeddings)
        _add_default_embeddings(embeddings, tokens, self.embedding_size)
        # notes about steps a shorter sentence no longer has are left out (an undo brings them back)
        notes = tuple(note for note in self.notes if note.step <= len(tokens))
        return replace(self, tokens=tokens, embeddings=embeddings, notes=notes)

    def to_dict(self, *, arrays: bool = False) -> dict[str, Any]:
        """The lesson as the JSON layout of the file format.

        With `arrays`, numbers stay numpy arrays instead of lists: what `load_lesson` accepts
        too, and far quicker for checking that a big lesson built in code would load.
        """
        out = (lambda a: a) if arrays else np.ndarray.tolist
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        if self.title:
            data["title"] = self.title
        if self.description:
            data["description"] = dict(self.description)
        data["tokens"] = list(self.tokens)
        data["embeddings"] = {token: out(vector) for token, vector in self.embeddings.items()}
        data["hidden_size"] = self.hidden_size
        data["models"] = {}
        for name, w in self.models.items():
            entry = {
                "weight_ih": out(w.weight_ih),
                "weight_hh": out(w.weight_hh),
                "bias_ih": out(w.bias_ih),
                "bias_hh": out(w.bias_hh),
            }
            if name == "rnn":
                entry["nonlinearity"] = w.nonlinearity
            if name in self.readouts:
                entry["readout"] = self.readouts[name].to_dict(out)
            data["models"][name] = entry
        data["initial_state"] = {"h": out(self.initial_h), "c": out(self.initial_c)}
        if self.notes:
            data["notes"] = [note.to_dict() for note in self.notes]
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    def to_json(self) -> str:
        """Readable JSON: one matrix row per line; floats written so they read back identically."""
        return _dumps_compact_rows(self.to_dict(arrays=True)) + "\n"

    def save(self, path: str | os.PathLike, *, replace_readonly: bool = False) -> None:
        """Write the lesson atomically (a temporary file renamed over the target).

        Raises rnnviz.core.atomic.ReadOnlyTargetError for a read-only target unless `replace_readonly`,
        and LessonError for a lesson too large for `load_lesson` to read back.
        """
        from .atomic import atomic_write_bytes

        data = self.to_json().encode("utf-8")
        if len(data) > MAX_FILE_BYTES:  # what rnnviz saves, rnnviz must be able to open
            size, limit = len(data) >> 20, MAX_FILE_BYTES >> 20
            raise LessonError(f"{path}: the lesson would take {size} MB; rnnviz reads lessons up to {limit} MB")
        atomic_write_bytes(path, data, replace_readonly=replace_readonly)


def default_embedding(token: str, size: int) -> np.ndarray:
    """A vector derived from the token's UTF-8 text alone: the same on every machine and run.

    SHAKE-256 of the text gives 8 bytes per component; each becomes a float in [-1, 1),
    rounded to 3 decimals so the saved lesson stays readable.
    """
    import hashlib  # here, not at start-up: its C library takes 10 ms to load, and most lessons never need it

    digest = hashlib.shake_256(b"rnnviz-embedding-v1\0" + token.encode("utf-8")).digest(8 * size)
    words = np.frombuffer(digest, dtype=">u8").astype(np.float64)
    unit = words / 2.0**64  # [0, 1)
    return np.round((2.0 * unit - 1.0) * EMBEDDING_RANGE, 3)


def _add_default_embeddings(embeddings: dict[str, np.ndarray], tokens, size: int) -> None:
    """Give every token that has no embedding its default one (read-only), in place."""
    for token in tokens:
        if token not in embeddings:
            vector = default_embedding(token, size)
            vector.flags.writeable = False
            embeddings[token] = vector


def load_lesson(source: str | os.PathLike | dict) -> Lesson:
    """Read and validate a lesson from a path or an already-parsed dict.

    Raises LessonError with a one-line message naming the field and the problem; when
    reading a file, the message starts with the file name.
    """
    if isinstance(source, dict):
        try:
            return _from_dict(source)
        except MemoryError:
            raise LessonError("the lesson does not fit in memory") from None
    path = Path(source)
    try:
        raw = read_capped(path, MAX_FILE_BYTES + 1)
    except OSError as error:
        raise LessonError(f"{path}: cannot read: {error.strerror or error}") from None
    except MemoryError:
        raise LessonError(f"{path}: the file does not fit in memory") from None
    if len(raw) > MAX_FILE_BYTES:
        raise LessonError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MB; rnnviz reads lessons up to that size")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        data = json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as error:
        raise LessonError(f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise LessonError(f"{path}: not valid JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer literal with more digits than Python converts
        raise LessonError(f"{path}: not valid JSON: {_first_line(str(error))}") from None
    except MemoryError:
        raise LessonError(f"{path}: the file does not fit in memory") from None
    try:
        return _from_dict(data)
    except LessonError as error:
        raise LessonError(f"{path}: {error}") from None
    except MemoryError:
        raise LessonError(f"{path}: the lesson does not fit in memory") from None


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


class _NonFinite(str):
    """What json gives for NaN / Infinity / -Infinity, so validation can say where they were."""


def _fail(message: str) -> None:
    raise LessonError(message)


def _describe(value: Any) -> str:
    if isinstance(value, _NonFinite):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _number(value: Any, where: str) -> float:
    if isinstance(value, _NonFinite):
        _fail(f"{where} is {value}; only finite numbers are allowed")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        _fail(f"{where} is {_describe(value)}, expected a number")
    try:
        number = float(value)
    except OverflowError:
        _fail(f"{where} is too large for a float64")
    if not math.isfinite(number):
        kind = "NaN" if math.isnan(number) else "too large for a float64"
        _fail(f"{where} is {kind}; only finite numbers are allowed")
    return number


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape) if shape else "a single number"


def _vector(value: Any, where: str, length: int | None = None, expected: str = "") -> np.ndarray:
    if isinstance(value, np.ndarray):
        fast = _fast_numbers(value) if value.ndim == 1 and (length is None or len(value) == length) else None
        if fast is not None and len(fast):
            fast.flags.writeable = False
            return fast
        value = value.tolist()
    if not isinstance(value, list):
        _fail(f"{where} is {_describe(value)}, expected a list of numbers")
    if value and isinstance(value[0], list):
        _fail(f"{where} is a matrix, expected a list of numbers")
    if length is not None and len(value) != length:
        why = f" ({expected})" if expected else ""
        _fail(f"{where} has {len(value)} values, expected {length}{why}")
    array = _fast_numbers(value, ndim=1)
    if array is None:  # something is wrong: find the first bad entry and say which
        array = np.array([_number(v, f"{where}[{k}]") for k, v in enumerate(value)], dtype=np.float64)
    array.flags.writeable = False
    return array


def _fast_numbers(value: Any, ndim: int | None = None) -> np.ndarray | None:
    """A float64 copy of a (nested) list or array when every entry is a finite number, else None.

    With `ndim`, also None unless the array has that many dimensions (a list nested one level
    too deep is then reported entry by entry instead of being reshaped away).

    numpy converts in C; only when that fails or finds something odd does validation go
    entry by entry (so a big trained model loads in a fraction of a second).
    """
    if isinstance(value, np.ndarray):
        array = value
        if array.dtype.kind not in "fiu":
            return None
    else:
        try:
            array = np.array(value)
        except (ValueError, TypeError, OverflowError):
            return None
        if array.dtype.kind not in "fi":  # strings, None, NaN names, huge integers, ragged rows
            return None
        if any(type(v) is bool for v in _flat(value)):
            return None
    if ndim is not None and array.ndim != ndim:
        return None
    with np.errstate(invalid="ignore", over="ignore"):  # a signalling NaN or a float128 overflow: refused below
        array = np.asarray(array, dtype=np.float64)
        finite = np.isfinite(array).all()
    if not finite:
        return None
    return array.copy() if array is value else array


def _flat(value: list) -> Any:
    for item in value:
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _matrix(value: Any, where: str, rows: int, cols: int, expected: str) -> np.ndarray:
    if isinstance(value, np.ndarray):
        fast = _fast_numbers(value) if value.ndim == 2 and value.shape == (rows, cols) else None
        if fast is not None:
            fast.flags.writeable = False
            return fast
        value = value.tolist()
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        _fail(f"{where} is {_describe(value)}, expected a {rows}x{cols} matrix (list of rows)")
    widths = {len(row) for row in value}
    if len(widths) > 1:
        _fail(f"{where} is not rectangular: its rows have {', '.join(str(w) for w in sorted(widths))} values")
    shape = (len(value), widths.pop() if widths else 0)
    if shape != (rows, cols):
        _fail(f"{where} has shape {_shape_text(shape)}, expected {rows}x{cols} ({expected})")
    array = _fast_numbers(value, ndim=2)
    if array is None:  # something is wrong: find the first bad entry and say which
        array = np.array(
            [[_number(v, f"{where}[{r}][{c}]") for c, v in enumerate(row)] for r, row in enumerate(value)],
            dtype=np.float64,
        )
    array = array.reshape(rows, cols)
    array.flags.writeable = False
    return array


def _check_tokens(tokens: Any, where: str = "tokens") -> None:
    if not isinstance(tokens, list):
        _fail(f"{where} is {_describe(tokens)}, expected a list of strings")
    if not tokens:
        _fail(f"{where} is empty; a lesson needs at least one token")
    for k, token in enumerate(tokens):
        _check_token(token, f"{where}[{k}]")


def _check_token(token: Any, where: str) -> None:
    if not isinstance(token, str) or isinstance(token, _NonFinite):
        _fail(f"{where} is {_describe(token)}, expected a string")
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        _fail(f"{where} is not valid Unicode text (it holds a lone surrogate)")
    if not token.strip():
        _fail(f"{where} is blank; tokens need visible text")
    if not is_visible(token):
        shows = "which shows nothing (only invisible characters)"
        _fail(f"{where} is {_describe(token)}, {shows}; tokens need visible text")


def check_token(token: Any, where: str = "token") -> None:
    """Raise LessonError unless `token` is a string a lesson accepts as a token."""
    _check_token(token, where)


def is_visible(text: str) -> bool:
    """Whether the text draws something: not only spaces, controls, format marks (U+200B, U+FEFF) or fillers."""
    return any(
        unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _INVISIBLE_LETTERS for ch in text
    )


def _from_dict(data: Any) -> Lesson:
    if not isinstance(data, dict):
        _fail(f"the lesson is {_describe(data)}, expected a JSON object")
    if data.get("format") != FORMAT:
        if "format" not in data:
            _fail(f'missing field "format" (expected "{FORMAT}")')
        _fail(f'"format" is {_describe(data["format"])}, expected "{FORMAT}"')
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        if "version" not in data:
            _fail(f'missing field "version" (expected {VERSION})')
        _fail(f"unsupported version {_describe(version)}, this rnnviz reads version {VERSION}")
    for key in ("tokens", "hidden_size", "models"):
        if key not in data:
            _fail(f'missing field "{key}"')

    title = data.get("title", "")
    check_title(title)

    tokens = data["tokens"]
    _check_tokens(tokens)

    H = data["hidden_size"]
    if isinstance(H, bool) or not isinstance(H, int) or H < 1:
        _fail(f"hidden_size is {_describe(H)}, expected a whole number >= 1")

    models_in = data["models"]
    if not isinstance(models_in, dict):
        _fail(f"models is {_describe(models_in)}, expected an object with {', '.join(MODELS)} (any of them)")
    if not models_in:
        _fail(f"models is empty; a lesson needs at least one of {', '.join(MODELS)}")
    for name in models_in:
        if name not in GATE_COUNT:
            _fail(f"unknown model {name!r} in models (expected {models_text()})")

    embeddings_in = data.get("embeddings", {})
    if not isinstance(embeddings_in, dict):
        _fail(f"embeddings is {_describe(embeddings_in)}, expected an object mapping tokens to vectors")
    embeddings: dict[str, np.ndarray] = {}
    D = None
    for token, vector in embeddings_in.items():
        _check_token(token, f"embeddings key {token!r}")
        where = f"embeddings[{token!r}]"
        if D is None:
            embeddings[token] = _vector(vector, where)
            D = len(embeddings[token])
            if D == 0:
                _fail(f"{where} is empty; embeddings need at least one number")
        else:
            embeddings[token] = _vector(vector, where, D, "every embedding has the same length")
    if D is None:  # no embeddings given: take the input size from the weights
        first = models_in[next(iter(models_in))]
        w = first.get("weight_ih") if isinstance(first, dict) else None
        if isinstance(w, list) and w and isinstance(w[0], list) and w[0]:
            D = len(w[0])
        else:
            _fail("embeddings is missing and the input size cannot be read from weight_ih")

    models: dict[str, CellWeights] = {}
    readouts: dict[str, Readout] = {}
    for name in MODELS:
        if name in models_in:
            models[name] = _model(name, models_in[name], H, D)
            if "readout" in models_in[name]:
                readouts[name] = _readout(models_in[name]["readout"], f"models.{name}.readout", H)

    state = data.get("initial_state", {})
    if not isinstance(state, dict):
        _fail(f"initial_state is {_describe(state)}, expected an object with h and c")
    for key in state:
        if key not in ("h", "c"):
            _fail(f"initial_state has unknown field {key!r} (expected h and c)")
    zeros = np.zeros(H)
    zeros.flags.writeable = False
    initial_h = _vector(state["h"], "initial_state.h", H, "hidden_size") if "h" in state else zeros
    initial_c = _vector(state["c"], "initial_state.c", H, "hidden_size") if "c" in state else zeros

    _add_default_embeddings(embeddings, tokens, D)

    description = texts(data["description"], "description", _fail) if "description" in data else {}
    notes = parse_notes(data["notes"], len(tokens), _fail) if "notes" in data else ()

    known = {"format", "version", "title", "tokens", "embeddings", "hidden_size", "models", "initial_state",
             "description", "notes"}  # fmt: skip
    extra = {key: value for key, value in data.items() if key not in known}
    for key, value in extra.items():
        if _depth(value) > MAX_NESTING:
            _fail(f"field {key!r} is nested more than {MAX_NESTING} levels deep")
    return Lesson(
        tokens=tuple(tokens),
        embeddings=embeddings,
        hidden_size=H,
        models=models,
        initial_h=initial_h,
        initial_c=initial_c,
        title=title,
        extra=extra,
        description=description,
        notes=notes,
        readouts=readouts,
    )


def _model(name: str, entry: Any, H: int, D: int) -> CellWeights:
    where = f"models.{name}"
    if not isinstance(entry, dict):
        _fail(f"{where} is {_describe(entry)}, expected an object with weight_ih, weight_hh, bias_ih, bias_hh")
    allowed = {"weight_ih", "weight_hh", "bias_ih", "bias_hh", "readout"}  # readout: rnnviz.core.lesson.Readout
    if name == "rnn":
        allowed.add("nonlinearity")
    for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        if key not in entry:
            _fail(f'{where} is missing "{key}"')
    for key in entry:
        if key not in allowed:
            _fail(f"{where} has unknown field {key!r}")
    G = GATE_COUNT[name]
    k = GATE_FACTOR[name]
    weight_ih = _matrix(entry["weight_ih"], f"{where}.weight_ih", G * H, D, f"{k}hidden_size x input size")
    weight_hh = _matrix(entry["weight_hh"], f"{where}.weight_hh", G * H, H, f"{k}hidden_size x hidden_size")
    bias_ih = _vector(entry["bias_ih"], f"{where}.bias_ih", G * H, f"{k}hidden_size")
    bias_hh = _vector(entry["bias_hh"], f"{where}.bias_hh", G * H, f"{k}hidden_size")
    nonlinearity = entry.get("nonlinearity", "tanh")
    if nonlinearity not in NONLINEARITIES or isinstance(nonlinearity, _NonFinite):
        _fail(f'{where}.nonlinearity is {_describe(nonlinearity)}, expected "tanh" or "relu"')
    return CellWeights(weight_ih, weight_hh, bias_ih, bias_hh, nonlinearity)


MAX_OUTPUTS = 1000  # classes a readout may have


def _readout(entry: Any, where: str, H: int) -> Readout:
    """{"weight": K x H, "bias": K, "labels": [K names]} (classification) or without labels, K = 1."""
    if not isinstance(entry, dict):
        _fail(f"{where} is {_describe(entry)}, expected an object with weight and bias")
    for key in entry:
        if key not in ("weight", "bias", "labels"):
            _fail(f"{where} has unknown field {key!r} (expected weight, bias and labels)")
    for key in ("weight", "bias"):
        if key not in entry:
            _fail(f'{where} is missing "{key}"')
    labels = entry.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or not 2 <= len(labels) <= MAX_OUTPUTS:
            _fail(f"{where}.labels is {_describe(labels)}, expected a list of 2 to {MAX_OUTPUTS} class names")
        for k, label in enumerate(labels):
            if not isinstance(label, str) or not is_visible(label):
                _fail(f"{where}.labels[{k}] is {_describe(label)}, expected a class name with visible text")
        if len(set(labels)) != len(labels):
            _fail(f"{where}.labels names a class twice")
    K = 1 if labels is None else len(labels)
    rows = "1 (a regression readout has no labels)" if labels is None else "one per label"
    weight = _matrix(entry["weight"], f"{where}.weight", K, H, f"{rows} x hidden_size")
    bias = _vector(entry["bias"], f"{where}.bias", K, f"{rows}")
    return Readout(weight, bias, None if labels is None else tuple(labels))


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level > MAX_NESTING:
                break
            stack.extend((child, level + 1) for child in item if isinstance(child, (list, dict)))
    return deepest


def _json_scalar(value: Any) -> str:
    """Text stays readable (CJK, emoji as is); only a lone surrogate, not UTF-8 encodable, is escaped."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True)
    return text


_PRETTY_LEVELS = 8


def _float_row(row: list[float]) -> str:
    """Finite floats written so they read back identically (Python's shortest round-trip repr)."""
    return "[" + ", ".join(map(float.__repr__, row)) + "]"


def _dumps_compact_rows(data: Any) -> str:
    """json.dumps with indentation, but each list of numbers kept on one line."""

    def encode(value: Any, indent: str) -> str:
        if len(indent) > 2 * _PRETTY_LEVELS:  # deeper than a lesson's own fields: one line, in C, no recursion limit
            return _json_scalar(value)
        if isinstance(value, dict):
            if not value:
                return "{}"
            inner = indent + "  "
            items = [f"{inner}{_json_scalar(key)}: {encode(v, inner)}" for key, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + indent + "}"
        if isinstance(value, np.ndarray):  # the lesson's own numbers: float64, finite, 1 or 2 dimensions
            if value.ndim == 1:
                return _float_row(value.tolist())
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + _float_row(row) for row in value.tolist()) + "\n" + indent + "]"
        if isinstance(value, list):
            if value and all(type(v) is float for v in value):  # a row of weights: the fast, exact way
                return _float_row(value)
            if all(not isinstance(v, (list, dict)) for v in value):
                return "[" + ", ".join(_json_scalar(v) for v in value) + "]"
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + encode(v, inner) for v in value) + "\n" + indent + "]"
        return _json_scalar(value)

    return encode(data, "")


def pytorch_uniform(rng: np.random.Generator, hidden_size: int, shape: tuple[int, ...]) -> np.ndarray:
    """U(−1/√H, 1/√H), read-only: PyTorch's default initialisation of every RNN/LSTM/GRU weight and bias."""
    bound = 1.0 / math.sqrt(hidden_size)
    array = rng.uniform(-bound, bound, shape)
    array.flags.writeable = False
    return array


def new_lesson(
    tokens: list[str] | tuple[str, ...],
    models: list[str] | tuple[str, ...],
    hidden_size: int,
    embedding_size: int,
    seed: int,
    title: str = "",
) -> Lesson:
    """A fresh lesson: weights drawn as PyTorch initialises them, embeddings derived from the tokens.

    `models` is any of "rnn", "lstm", "gru" (at least one); every weight and bias of each is
    drawn from U(−1/√H, 1/√H) by numpy's Generator seeded with `seed` (models in MODELS
    order, parameters in the order weight_ih, weight_hh, bias_ih, bias_hh), so the same
    arguments give the same lesson. The initial state is zero, as in PyTorch.
    Raises LessonError with one line when an argument is not usable.
    """
    tokens = list(tokens)
    _check_tokens(tokens)
    chosen = set(models)
    for name in chosen:
        if name not in SPECS:
            _fail(f"unknown model {name!r} (expected {models_text()})")
    if not chosen:
        _fail(f"choose at least one model ({models_text()})")
    for name, size in (("hidden_size", hidden_size), ("embedding size", embedding_size)):
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            _fail(f"{name} is {_describe(size)}, expected a whole number >= 1")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        _fail(f"seed is {_describe(seed)}, expected a whole number >= 0")
    check_title(title)
    H, D = int(hidden_size), int(embedding_size)
    rng = np.random.default_rng(int(seed))
    weights = {}
    for name in MODELS:
        if name in chosen:
            rows = GATE_COUNT[name] * H
            shapes = ((rows, D), (rows, H), (rows,), (rows,))
            weights[name] = CellWeights(*(pytorch_uniform(rng, H, shape) for shape in shapes))
    embeddings: dict[str, np.ndarray] = {}
    _add_default_embeddings(embeddings, tokens, D)
    zeros = np.zeros(H)
    zeros.flags.writeable = False
    return Lesson(tuple(tokens), embeddings, H, weights, zeros, zeros, title=title)


def check_title(title: Any) -> None:
    """Raise LessonError unless `title` is text a lesson can save as its title (empty is fine)."""
    if not isinstance(title, str) or isinstance(title, _NonFinite):
        _fail(f"title is {_describe(title)}, expected a string")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        _fail("title is not valid Unicode text (it holds a lone surrogate)")
