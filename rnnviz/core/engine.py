"""Runs a whole token sequence through a cell and records every intermediate as a Trace.

The loops below are the hot path: the input projection ``W x_t + b_ih`` of every step is
one matrix product before the loop, and each step then writes straight into the trace's
preallocated arrays (``out=``), so a trace holds nothing but its arrays.

Numerical safety: the fast loop runs with floating-point warnings silenced and is then
checked; if any matrix product overflowed (huge weights, inputs or a ReLU network that
blew up), the sequence is run again with every product clamped to the float64 range, so
activations saturate to their limits and no NaN ever reaches the trace.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np

from .cells import FLOAT_MAX, CellWeights
from .models import GATES, MODEL_TITLES, MODELS, models_text

__all__ = ["MODELS", "MODEL_TITLES", "TRACE_CLASSES", "Trace", "run"]

class Trace:
    """Every intermediate of one model over one token sequence.

    Quantities are read-only numpy arrays, named like the CSV quantities and described in
    :mod:`rnnviz.core.models`: ``trace.h`` is (T+1, H) with row 0 the initial state,
    ``trace.f`` is (T, H) with row t-1 holding step t, ``trace.x`` is (T, D). The subclasses
    below declare each model's arrays as attributes, so editors and type checkers see them.

    The one place that knows the row offset between per-step arrays (T rows) and states
    (T + 1 rows) is :meth:`value` (and :meth:`at`): read a step by its number, never by
    ``t - 1``.
    """

    model: str
    x: np.ndarray
    h: np.ndarray

    def __init__(self, model: str, tokens: tuple[str, ...], quantities: dict[str, np.ndarray]):
        self.model = model
        self.tokens = tokens
        self.quantities = quantities
        for name, array in quantities.items():
            array.flags.writeable = False
            setattr(self, name, array)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} T={self.T} H={self.H} quantities={list(self.quantities)}>"

    def add_gradients(self, norms: dict[str, np.ndarray]) -> None:
        """Hold gradient norms (rnnviz.core.backward.gradient_norms): one number per step, so the
        quantity is one unit wide (a column, unit 0, in the CSV) and the attribute a vector."""
        for name, values in norms.items():
            column = np.array(values, dtype=np.float64).reshape(-1, 1)
            column.flags.writeable = False
            self.quantities[name] = column
            setattr(self, name, column[:, 0])

    def add_readout(self, outputs: np.ndarray) -> None:
        """Hold a readout's outputs y(t) = W h(t) + b for t = 1..T (T, K): the quantity "y", a unit per
        output (what a trained model would answer if the sequence ended at t)."""
        y = np.array(outputs, dtype=np.float64).reshape(self.T, -1)
        y.flags.writeable = False
        self.quantities["y"] = y
        self.y = y

    @property
    def T(self) -> int:
        return len(self.tokens)

    @property
    def H(self) -> int:
        return self.quantities["h"].shape[1]

    @property
    def D(self) -> int:
        return self.quantities["x"].shape[1]

    def first_step(self, name: str) -> int:
        """0 for states that exist before the first token (h, c), 1 for everything else."""
        return 0 if self.quantities[name].shape[0] == self.T + 1 else 1

    def value(self, name: str, step: int) -> np.ndarray | None:
        """The row of quantity `name` at step (0..T); None where it is not defined (e.g. f at step 0)."""
        if not 0 <= step <= self.T:
            raise IndexError(f"step {step} is outside 0..{self.T}")
        row = step - self.first_step(name)
        return self.quantities[name][row] if row >= 0 else None

    def token(self, step: int) -> str:
        """The token read at step (1..T); "" for the initial state, step 0."""
        if not 0 <= step <= self.T:
            raise IndexError(f"step {step} is outside 0..{self.T}")
        return self.tokens[step - 1] if step > 0 else ""

    def at(self, step: int) -> dict[str, np.ndarray]:
        """Values at step (0..T) of every quantity defined there."""
        values = {name: self.value(name, step) for name in self.quantities}
        return {name: v for name, v in values.items() if v is not None}

    def head(self, steps: int) -> Trace:
        """The trace of the first `steps` tokens (this object when it is no longer)."""
        if steps >= self.T:
            return self
        rows = {name: steps + 1 - self.first_step(name) for name in self.quantities}
        return type(self)(self.model, self.tokens[:steps], {n: v[: rows[n]] for n, v in self.quantities.items()})

    def rows(self) -> Iterator[tuple[str, int, np.ndarray]]:
        """(quantity, first step, array) in the order they are exported."""
        for name, array in self.quantities.items():
            yield name, self.first_step(name), array

    @property
    def nbytes(self) -> int:
        """Bytes held by the trace's arrays (views into a shared block are counted once)."""
        seen: dict[int, int] = {}
        for array in self.quantities.values():
            base = array if array.base is None else array.base
            seen[id(base)] = base.nbytes
        return sum(seen.values())


class RNNTrace(Trace):
    """SimpleRNN: h(t) = act(pre_x + pre_h), pre_x = W x(t) + b_ih, pre_h = U h(t-1) + b_hh."""

    pre_x: np.ndarray
    pre_h: np.ndarray
    pre: np.ndarray


class LSTMTrace(Trace):
    """LSTM: gates i, f, o, candidate g (C~), cell state c (T+1 rows), tanh(c), and their pre-activations."""

    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    i_pre_x: np.ndarray
    i_pre_h: np.ndarray
    i_pre: np.ndarray
    f_pre_x: np.ndarray
    f_pre_h: np.ndarray
    f_pre: np.ndarray
    g_pre_x: np.ndarray
    g_pre_h: np.ndarray
    g_pre: np.ndarray
    o_pre_x: np.ndarray
    o_pre_h: np.ndarray
    o_pre: np.ndarray


class GRUTrace(Trace):
    """GRU: reset r, update z, candidate n (n_pre = n_pre_x + r * n_pre_h), and their pre-activations."""

    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    r_pre_x: np.ndarray
    r_pre_h: np.ndarray
    r_pre: np.ndarray
    z_pre_x: np.ndarray
    z_pre_h: np.ndarray
    z_pre: np.ndarray
    n_pre_x: np.ndarray
    n_pre_h: np.ndarray
    n_pre: np.ndarray


TRACE_CLASSES: dict[str, type[Trace]] = {"rnn": RNNTrace, "lstm": LSTMTrace, "gru": GRUTrace}


def _gate_views(
    prefix_arrays: dict[str, np.ndarray], model: str, H: int, blocks: dict[str, int] | None = None
) -> dict[str, np.ndarray]:
    """Split stacked (T, G*H) arrays into named per-gate views, e.g. pre_x -> i_pre_x, f_pre_x...

    `blocks` says which column block holds each gate when the order is not PyTorch's.
    """
    out = {}
    for k, gate in enumerate(GATES[model]):
        column = (blocks or {}).get(gate, k) * H
        for suffix, array in prefix_arrays.items():
            name = f"{gate}_{suffix}" if suffix else gate
            out[name] = array[:, column : column + H]
    return out


def _sanitize(a: np.ndarray) -> None:
    """Safe mode: an overflowed product becomes the largest float64 of its sign (NaN from inf-inf: 0)."""
    np.nan_to_num(a, copy=False, nan=0.0, posinf=FLOAT_MAX, neginf=-FLOAT_MAX)


def _clamp(a: np.ndarray) -> None:
    """Safe mode: keep a sum of two clamped parts inside the float64 range."""
    np.clip(a, -FLOAT_MAX, FLOAT_MAX, out=a)


@functools.lru_cache(maxsize=64)
def _layout(model: str, H: int) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """(row order, row signs, column block of each gate) of a model's internal gate layout.

    LSTM gates are kept in the order f, i, o | g so the three sigmoid gates are one slice;
    rows of sigmoid gates are negated so that exp() of the pre-activation is exp(-pre):
    sigmoid(pre) = 1 / (1 + exp(-pre)), PyTorch's formula, which saturates to 0 or 1 without
    NaN (exp overflowing to inf gives 1/inf = 0). Reordering and negating are exact.
    """
    if model == "lstm":
        f, i, g, o = (np.arange(k * H, (k + 1) * H) for k in (1, 0, 2, 3))
        order = np.concatenate([f, i, o, g])
        sign = np.concatenate([-np.ones(3 * H), np.ones(H)])
        return order, sign, {"f": 0, "i": 1, "o": 2, "g": 3}
    if model == "gru":
        return np.arange(3 * H), np.concatenate([-np.ones(2 * H), np.ones(H)]), {"r": 0, "z": 1, "n": 2}
    return np.arange(H), np.ones(H), {"h": 0}


def _fixed_gates(model: str, forced: dict[str, float], H: int) -> tuple[np.ndarray, np.ndarray]:
    """(mask, value) over the sigmoid gates' columns of the internal layout, for what-if gates
    forced to 0 or 1. The loops keep 1 + exp(-pre) for a sigmoid gate and divide by it, so a gate
    forced to 1 keeps 1 and a gate forced to 0 keeps +inf (1 / inf = 0 exactly)."""
    _, sign, blocks = _layout(model, H)
    width = int((sign < 0).sum())  # the sigmoid gates come first, negated
    mask, value = np.zeros(width, dtype=bool), np.ones(width)
    for gate, v in forced.items():
        columns = slice(blocks[gate] * H, (blocks[gate] + 1) * H)
        mask[columns] = True
        value[columns] = 1.0 if v == 1.0 else np.inf
    return mask, value


def _internal_weights(w: CellWeights, model: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(U_aug, W_ih in the internal layout, transposed; b_ih likewise), worked out once per CellWeights.

    CellWeights are immutable (read-only arrays in a frozen dataclass), so the rearranged copies
    can live on the object: after an edit only the edited model pays for them again.
    """
    cached = w.__dict__.get("_internal")
    if cached is not None and cached[0] == model:
        return cached[1]
    H = w.hidden_size
    order, sign, _ = _layout(model, H)
    U_aug = np.empty((H + 1, len(order)))
    np.multiply(w.weight_hh[order].T, sign, out=U_aug[:H])
    np.multiply(w.bias_hh[order], sign, out=U_aug[H])
    W_in = np.ascontiguousarray((w.weight_ih[order] * sign[:, None]).T)
    b_in = w.bias_ih[order] * sign
    for array in (U_aug, W_in, b_in):
        array.flags.writeable = False
    object.__setattr__(w, "_internal", (model, (U_aug, W_in, b_in)))
    return U_aug, W_in, b_in


def _prepare(w: CellWeights, model: str, X: np.ndarray, h0: np.ndarray, safe: bool):
    """Everything the loop needs, in the internal layout.

    Returns (U_aug, pre_x, h_aug): U_aug is weight_hh transposed with bias_hh as an extra row,
    and h_aug holds every h(t) with a constant 1 appended, so one vector-matrix product
    h_aug(t-1) @ U_aug gives U h(t-1) + b_hh (this orientation is the faster one for BLAS).
    pre_x is W x(t) + b_ih for all t, one matrix product.
    """
    H = w.hidden_size
    U_aug, W_in, b_in = _internal_weights(w, model)
    pre_x = X @ W_in
    pre_x += b_in
    if safe:
        _sanitize(pre_x)
    h_aug = np.empty((X.shape[0] + 1, H + 1))
    h_aug[0, :H] = h0
    h_aug[:, H] = 1.0
    return U_aug, pre_x, h_aug


def _run_rnn(w: CellWeights, X: np.ndarray, h0: np.ndarray, safe: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    U_aug, pre_x, h_aug = _prepare(w, "rnn", X, h0, safe)
    h = h_aug[:, :H]
    pre_h = np.empty((T, H))
    pre = np.empty((T, H))
    relu = w.nonlinearity == "relu"
    dot, add, tanh, clip = np.dot, np.add, np.tanh, np.clip
    for h_prev, x_part, h_part, total, h_next in zip(h_aug[:-1], pre_x, pre_h, pre, h[1:], strict=True):
        dot(h_prev, U_aug, out=h_part)  # U h(t-1) + b_hh
        if safe:
            _sanitize(h_part)
        add(x_part, h_part, out=total)
        if safe:
            _clamp(total)
        if relu:
            clip(total, 0.0, FLOAT_MAX, out=h_next)
        else:
            tanh(total, out=h_next)
    return {"x": X, "pre_x": pre_x, "pre_h": pre_h, "pre": pre, "h": h}, pre


def _run_lstm(
    w: CellWeights, X: np.ndarray, h0: np.ndarray, c0: np.ndarray, safe: bool, fixed=None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    U_aug, pre_x, h_aug = _prepare(w, "lstm", X, h0, safe)
    h = h_aug[:, :H]
    pre_h = np.empty((T, 4 * H))
    pre = np.empty((T, 4 * H))  # -pre for f, i, o and +pre for g until the end
    act = np.empty((T, 3 * H))  # f, i, o (g lives in cg)
    # cg[t] = [C(t), C~(t+1)]: C(t-1) sits next to C~(t), so [f, i] * cg[t-1] = [f C(t-1), i C~(t)]
    # in one multiplication, and C(t) is the sum of its two halves.
    cg = np.empty((T + 1, 2 * H))
    cg[0, :H] = c0
    cg[T, H:] = 0.0  # no candidate after the last step
    c, g_all = cg[:, :H], cg[:-1, H:]
    tanh_c = np.empty((T, H))
    kept_and_added = np.empty(2 * H)
    kept, added = kept_and_added[:H], kept_and_added[H:]
    SIG, CAND = slice(0, 3 * H), slice(3 * H, 4 * H)
    dot, add, divide, exp, tanh = np.dot, np.add, np.divide, np.exp, np.tanh
    # every slice the loop needs is made once here as a 2-D view; the loop only walks rows
    rows = zip(
        h_aug[:-1], h[1:], cg[:-1], c[1:], g_all, pre_x, pre_h, pre, pre[:, SIG], pre[:, CAND], act,
        act[:, : 2 * H], act[:, 2 * H :], tanh_c, strict=True,
    )  # fmt: skip
    for h_prev, h_next, cg_prev, c_next, g, xp, hp, total, sig_pre, g_pre, s, fi, o, tc in rows:
        dot(h_prev, U_aug, out=hp)  # U h(t-1) + b_hh
        if safe:
            _sanitize(hp)
        add(xp, hp, out=total)
        if safe:
            _clamp(total)
        exp(sig_pre, out=s)
        s += 1.0  # f, i, o = sigmoid = 1 / (1 + exp(-pre)): the loop keeps 1 + exp(-pre) and divides by it
        if fixed is not None:  # what-if: gates forced to 1 (keep 1) or 0 (keep inf)
            np.copyto(s, fixed[1], where=fixed[0])
        tanh(g_pre, out=g)  # candidate C~(t)
        divide(cg_prev, fi, out=kept_and_added)  # f C(t-1) and i C~(t)
        add(kept, added, out=c_next)  # C(t): keep what the forget gate lets through, add the gated candidate
        tanh(c_next, out=tc)
        divide(tc, o, out=h_next)  # h(t) = o tanh(C(t))
    np.reciprocal(act, out=act)  # the gates themselves, all steps at once
    for a in (pre_x, pre_h, pre):  # back to PyTorch's signs (negation is exact), in place
        a[:, SIG] *= -1.0
    blocks = _layout("lstm", H)[2]
    quantities = {"x": X}
    for gate in GATES["lstm"]:
        column = blocks[gate] * H
        for suffix, array in (("pre_x", pre_x), ("pre_h", pre_h), ("pre", pre)):
            quantities[f"{gate}_{suffix}"] = array[:, column : column + H]
        quantities[gate] = g_all if gate == "g" else act[:, column : column + H]
    quantities.update({"c": c, "tanh_c": tanh_c, "h": h})
    return quantities, pre


def _run_gru(
    w: CellWeights, X: np.ndarray, h0: np.ndarray, safe: bool, fixed=None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    U_aug, pre_x, h_aug = _prepare(w, "gru", X, h0, safe)
    h = h_aug[:, :H]
    pre_h = np.empty((T, 3 * H))
    pre = np.empty((T, 3 * H))  # r_pre, z_pre, n_pre (r and z negated until the end)
    act = np.empty((T, 3 * H))  # r, z, n
    new_minus_old = np.empty(H)
    dot, add, divide, subtract, exp, tanh = np.dot, np.add, np.divide, np.subtract, np.exp, np.tanh
    RZ, N = slice(0, 2 * H), slice(2 * H, 3 * H)
    rows = zip(
        h_aug[:-1], h[:-1], h[1:], pre_h, pre_x[:, RZ], pre_h[:, RZ], pre[:, RZ], pre_x[:, N], pre_h[:, N], pre[:, N],
        act[:, RZ], act[:, :H], act[:, H : 2 * H], act[:, N], strict=True,
    )  # fmt: skip
    for h_prev_aug, h_prev, h_next, hp, x_rz, h_rz, rz_pre, x_n, h_n, n_pre, rz, r, z, n in rows:
        dot(h_prev_aug, U_aug, out=hp)  # U h(t-1) + b_hh: the reset gate scales U_n h + b_hn
        if safe:
            _sanitize(hp)
        add(x_rz, h_rz, out=rz_pre)
        if safe:
            _clamp(rz_pre)
        exp(rz_pre, out=rz)
        rz += 1.0  # r, z = 1 / (1 + exp(-pre)): the loop keeps 1 + exp(-pre) and divides by it
        if fixed is not None:  # what-if: gates forced to 1 (keep 1) or 0 (keep inf)
            np.copyto(rz, fixed[1], where=fixed[0])
        divide(h_n, r, out=n_pre)  # r (U_n h(t-1) + b_hn)
        n_pre += x_n
        if safe:
            _clamp(n_pre)
        tanh(n_pre, out=n)
        # h(t) = (1 - z) * n + z * h(t-1), computed as n + z * (h(t-1) - n) like PyTorch
        subtract(h_prev, n, out=new_minus_old)
        divide(new_minus_old, z, out=new_minus_old)
        add(n, new_minus_old, out=h_next)
    np.reciprocal(act[:, RZ], out=act[:, RZ])  # the gates themselves, all steps at once
    for a in (pre_x, pre_h, pre):
        a[:, RZ] *= -1.0
    quantities = {"x": X}
    quantities.update(_gate_views({"pre_x": pre_x, "pre_h": pre_h, "pre": pre, "": act}, "gru", H))
    quantities["h"] = h
    return quantities, pre


def run(
    model: str,
    weights: CellWeights,
    X: np.ndarray,
    tokens: tuple[str, ...],
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    forced: dict[str, float] | None = None,
) -> Trace:
    """Trace `model` ("rnn", "lstm" or "gru") over the inputs X (T, D) labelled by tokens.

    forced: what-if gates, {gate: 0.0 or 1.0} (rnnviz.core.whatif), shown as exactly that value at
    every step while their pre-activations stay what the weights give."""
    X = np.array(X, dtype=np.float64, order="C")  # the trace's own copy (it becomes read-only)
    H = weights.hidden_size
    h0 = np.zeros(H) if h0 is None else h0
    c0 = np.zeros(H) if c0 is None else c0
    fixed = _fixed_gates(model, forced, H) if forced else None

    def once(safe: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
        if model == "rnn":
            return _run_rnn(weights, X, h0, safe)
        if model == "lstm":
            return _run_lstm(weights, X, h0, c0, safe, fixed)
        if model == "gru":
            return _run_gru(weights, X, h0, safe, fixed)
        raise ValueError(f"unknown model {model!r} (expected {models_text()})")

    with np.errstate(all="ignore"):
        # Every non-finite value upstream (an overflowed product) shows up in the
        # pre-activations, so checking them is enough to decide on the safe rerun.
        quantities, pre = once(safe=False)
        if not np.isfinite(pre).all():
            quantities, _ = once(safe=True)
    return TRACE_CLASSES[model](model, tuple(tokens), quantities)
