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

from collections.abc import Iterator

import numpy as np

from .cells import FLOAT_MAX, GATES, CellWeights

MODELS = ("rnn", "lstm", "gru")
MODEL_TITLES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


class Trace:
    """Every intermediate of one model over one token sequence.

    Quantities are numpy arrays, available as attributes named like the CSV quantities:
    ``trace.h`` is (T+1, H) with row 0 the initial state, ``trace.f`` is (T, H) with row
    t-1 holding step t, ``trace.x`` is (T, D). Use :meth:`at` to read a step by number.
    """

    def __init__(self, model: str, tokens: tuple[str, ...], quantities: dict[str, np.ndarray]):
        self.model = model
        self.tokens = tokens
        self.quantities = quantities
        for array in quantities.values():
            array.flags.writeable = False

    def __getattr__(self, name: str) -> np.ndarray:
        quantities = self.__dict__.get("quantities", {})
        if name in quantities:
            return quantities[name]
        raise AttributeError(f"{type(self).__name__} of {self.__dict__.get('model')!r} has no quantity {name!r}")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.quantities]

    def __repr__(self) -> str:
        return f"<Trace {self.model} T={self.T} H={self.H} quantities={list(self.quantities)}>"

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

    def at(self, step: int) -> dict[str, np.ndarray]:
        """Values at step (0..T) of every quantity defined there."""
        if not 0 <= step <= self.T:
            raise IndexError(f"step {step} is outside 0..{self.T}")
        values = {}
        for name, array in self.quantities.items():
            row = step - self.first_step(name)
            if row >= 0:
                values[name] = array[row]
        return values

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


def _signed(w: CellWeights, sign: np.ndarray, order: np.ndarray, X: np.ndarray, safe: bool):
    """Weights with gate rows reordered and multiplied by +-1 (both exact), and W x_t + b_ih for all t.

    Rows of sigmoid gates are negated so that exp() of the sum is exp(-pre) directly:
    sigmoid(pre) = 1 / (1 + exp(-pre)), which is PyTorch's formula and saturates to 0 or 1
    without NaN (exp overflowing to inf gives 1/inf = 0).
    """
    W_ih = w.weight_ih[order] * sign[:, None]
    W_hh = np.ascontiguousarray(w.weight_hh[order] * sign[:, None])
    b_ih = w.bias_ih[order] * sign
    b_hh = w.bias_hh[order] * sign
    pre_x = X @ W_ih.T
    pre_x += b_ih
    if safe:
        _sanitize(pre_x)
    return W_hh, b_hh, pre_x


def _run_rnn(w: CellWeights, X: np.ndarray, h0: np.ndarray, safe: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    pre_x = X @ w.weight_ih.T
    pre_x += w.bias_ih
    if safe:
        _sanitize(pre_x)
    W_hh, b_hh = np.ascontiguousarray(w.weight_hh), w.bias_hh
    pre_h = np.empty((T, H))
    pre = np.empty((T, H))
    h = np.empty((T + 1, H))
    h[0] = h0
    relu = w.nonlinearity == "relu"
    dot, add, tanh, clip = np.dot, np.add, np.tanh, np.clip
    for h_prev, x_part, h_part, total, h_next in zip(h[:-1], pre_x, pre_h, pre, h[1:], strict=True):
        dot(W_hh, h_prev, out=h_part)  # U h(t-1); + b_hh after the loop
        if safe:
            _sanitize(h_part)
        add(h_part, b_hh, out=total)
        add(x_part, total, out=total)
        if safe:
            _clamp(total)
        if relu:
            clip(total, 0.0, FLOAT_MAX, out=h_next)
        else:
            tanh(total, out=h_next)
    pre_h += b_hh
    if safe:
        _clamp(pre_h)
    return {"x": X, "pre_x": pre_x, "pre_h": pre_h, "pre": pre, "h": h}, pre


def _run_lstm(
    w: CellWeights, X: np.ndarray, h0: np.ndarray, c0: np.ndarray, safe: bool
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    # Internally the gates are ordered i, f, o | g so the three sigmoid gates are one slice.
    order = np.concatenate([np.arange(0, 2 * H), np.arange(3 * H, 4 * H), np.arange(2 * H, 3 * H)])
    sign = np.concatenate([-np.ones(3 * H), np.ones(H)])
    W_hh, b_hh, pre_x = _signed(w, sign, order, X, safe)
    pre = pre_x + b_hh  # W x + b_ih + b_hh now, + U h(t-1) in the loop: one addition per step
    if safe:
        _clamp(pre)
    pre_h = np.empty((T, 4 * H))  # U h(t-1) in the loop, + b_hh after it
    act = np.empty((T, 4 * H))  # i, f, o, g
    c = np.empty((T + 1, H))
    tanh_c = np.empty((T, H))
    h = np.empty((T + 1, H))
    h[0], c[0] = h0, c0
    sig, cand = act[:, : 3 * H], act[:, 3 * H :]
    i_gate, f_gate, o_gate = act[:, :H], act[:, H : 2 * H], act[:, 2 * H : 3 * H]
    input_times_candidate = np.empty(H)
    dot, add, multiply, exp, reciprocal, tanh = np.dot, np.add, np.multiply, np.exp, np.reciprocal, np.tanh
    rows = zip(h[:-1], h[1:], c[:-1], c[1:], pre_h, pre, sig, cand, i_gate, f_gate, o_gate, tanh_c, strict=True)
    for h_prev, h_next, c_prev, c_next, uh, total, s, g, i, f, o, tc in rows:
        dot(W_hh, h_prev, out=uh)
        if safe:
            _sanitize(uh)
        add(total, uh, out=total)  # -pre for i, f, o and +pre for g
        if safe:
            _clamp(total)
        exp(total[: 3 * H], out=s)
        s += 1.0
        reciprocal(s, out=s)  # sigmoid = 1 / (1 + exp(-pre))
        tanh(total[3 * H :], out=g)  # candidate C~(t)
        multiply(f, c_prev, out=c_next)  # keep what the forget gate lets through
        multiply(i, g, out=input_times_candidate)
        c_next += input_times_candidate  # add the gated candidate
        tanh(c_next, out=tc)
        multiply(o, tc, out=h_next)
    pre_h += b_hh
    if safe:
        _clamp(pre_h)
    for a in (pre_x, pre_h, pre):  # back to PyTorch's signs (negation is exact), in place
        a[:, : 3 * H] *= -1.0
    quantities = {"x": X}
    views = {"pre_x": pre_x, "pre_h": pre_h, "pre": pre, "": act}
    quantities.update(_gate_views(views, "lstm", H, {"i": 0, "f": 1, "o": 2, "g": 3}))
    quantities.update({"c": c, "tanh_c": tanh_c, "h": h})
    return quantities, pre


def _run_gru(w: CellWeights, X: np.ndarray, h0: np.ndarray, safe: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
    T, H = X.shape[0], w.hidden_size
    order = np.arange(3 * H)
    sign = np.concatenate([-np.ones(2 * H), np.ones(H)])  # r, z negated for exp(-pre)
    W_hh, b_hh, pre_x = _signed(w, sign, order, X, safe)
    pre_h = np.empty((T, 3 * H))
    pre = np.empty((T, 3 * H))  # r_pre, z_pre, n_pre (r and z negated until the end)
    act = np.empty((T, 3 * H))  # r, z, n
    h = np.empty((T + 1, H))
    h[0] = h0
    new_minus_old = np.empty(H)
    dot, add, multiply, subtract, exp, reciprocal, tanh = (
        np.dot, np.add, np.multiply, np.subtract, np.exp, np.reciprocal, np.tanh
    )  # fmt: skip
    rows = zip(h[:-1], h[1:], pre_x, pre_h, pre, act, strict=True)
    for h_prev, h_next, xp, hp, total, a in rows:
        dot(W_hh, h_prev, out=hp)
        hp += b_hh  # the reset gate multiplies U_n h + b_hn, so b_hh is needed inside the loop
        if safe:
            _sanitize(hp)
        rz, r, z, n = a[: 2 * H], a[:H], a[H : 2 * H], a[2 * H :]
        add(xp[: 2 * H], hp[: 2 * H], out=total[: 2 * H])
        if safe:
            _clamp(total)
        exp(total[: 2 * H], out=rz)
        rz += 1.0
        reciprocal(rz, out=rz)
        n_pre = total[2 * H :]
        multiply(r, hp[2 * H :], out=n_pre)
        n_pre += xp[2 * H :]
        if safe:
            _clamp(n_pre)
        tanh(n_pre, out=n)
        # h(t) = (1 - z) * n + z * h(t-1), computed as n + z * (h(t-1) - n) like PyTorch
        subtract(h_prev, n, out=new_minus_old)
        new_minus_old *= z
        add(n, new_minus_old, out=h_next)
    for a in (pre_x, pre_h, pre):
        a *= sign
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
) -> Trace:
    """Trace `model` ("rnn", "lstm" or "gru") over the inputs X (T, D) labelled by tokens."""
    X = np.ascontiguousarray(X, dtype=np.float64)
    H = weights.hidden_size
    h0 = np.zeros(H) if h0 is None else h0
    c0 = np.zeros(H) if c0 is None else c0

    def once(safe: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
        if model == "rnn":
            return _run_rnn(weights, X.copy(), h0, safe)
        if model == "lstm":
            return _run_lstm(weights, X.copy(), h0, c0, safe)
        if model == "gru":
            return _run_gru(weights, X.copy(), h0, safe)
        raise ValueError(f"unknown model {model!r} (expected rnn, lstm or gru)")

    with np.errstate(all="ignore"):
        # Every non-finite value upstream (an overflowed product) shows up in the
        # pre-activations, so checking them is enough to decide on the safe rerun.
        quantities, pre = once(safe=False)
        if not np.isfinite(pre).all():
            quantities, _ = once(safe=True)
    return Trace(model, tuple(tokens), quantities)
