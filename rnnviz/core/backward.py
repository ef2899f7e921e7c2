"""Backpropagation through time: the gradients of a recorded trace, in float64, equal to torch.autograd.

One primitive, :func:`backward`: given dh, the gradient of some loss with respect to every
output h(1)..h(T), it returns the gradients of sum(dh ⊙ h) with respect to the weights (PyTorch's
shapes and gate order), the inputs x(1)..x(T) and the initial state. It walks the trace backwards
once, t = T..1, carrying the gradient that reaches h(t-1) (and, for the LSTM, C(t-1)):

* SimpleRNN: h(t) = act(pre), so the gradient at pre is g ⊙ act'(pre) and U^T of that goes on to
  h(t-1): multiplied by U^T diag(1 - h(t)^2) at every step, it usually shrinks geometrically.
* LSTM: the gradient at C(t) goes on to C(t-1) multiplied only by the forget gate f(t), so with
  f near 1 it survives many steps; h(t-1) gets U^T of the gates' pre-activation gradients.
* GRU: h(t) = (1 - z) n + z h(t-1), so h(t-1) gets z ⊙ g directly, plus the gates' part.

The Jacobians of the final hidden state come from the same local derivatives, put together as
matrices, one per step (∂s(t)/∂s(t-1) for the state s = h, or (h, C) for the LSTM), and chained
by one matrix product per step back: :func:`gradient_norms` returns their Frobenius norms
‖∂h_T/∂h_t‖ (t = 0..T; for the LSTM the path through the hidden state alone, the cell states
held fixed) and ‖∂h_T/∂x_t‖ (t = 1..T, the total effect, through every path), and
:func:`backward_pass` what the window's stepped backward pass shows. (Walking H rows of the
identity back through the vector walk gives the same numbers, but at teaching sizes its many
small numpy calls per step cost three times as much.)

Numerical safety as in the engine: the walk runs with floating-point warnings silenced; if any
result is not finite (huge weights overflowed a product), it runs again with every carried
gradient kept inside the float64 range, so the answer holds finite numbers or exact zeros only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import FLOAT_MAX, CellWeights
from .engine import Trace
from .engine import _sanitize as _fit  # safe mode: an overflow becomes the largest float64 of its sign

__all__ = ["BackwardPass", "backward", "backward_pass", "backward_trace", "gradient_norms"]


def _factors(w: CellWeights, tr: Trace) -> dict[str, np.ndarray]:
    """The local derivatives of every step, combined as far as they can be before the walk, so
    that each step of the walk is a few multiplications and one matrix product."""
    if tr.model == "rnn":
        # relu as torch differentiates it: the gradient passes where the output is > 0
        return {"slope": (tr.pre > 0).astype(float) if w.nonlinearity == "relu" else 1.0 - tr.h[1:] ** 2}
    if tr.model == "lstm":
        i, f, g, o, tanh_c = tr.i, tr.f, tr.g, tr.o, tr.tanh_c
        # the gradient at C(t), gc, reaches the pre-activations of i, f and g through these
        # (torch's order: i, f, g); the one at h(t) reaches o's through tanh(C(t)) o (1 - o)
        ifg = np.stack([g * (i * (1.0 - i)), tr.c[:-1] * (f * (1.0 - f)), i * (1.0 - g**2)], axis=1)
        return {"ifg": ifg, "o": tanh_c * (o * (1.0 - o)), "h_to_c": o * (1.0 - tanh_c**2), "f": f}
    r, z, n = tr.r, tr.z, tr.n
    n_slope = (1.0 - z) * (1.0 - n**2)  # from h(t) to n's pre-activation
    rz = np.stack([n_slope * tr.n_pre_h * (r * (1.0 - r)), (tr.h[:-1] - n) * (z * (1.0 - z))], axis=1)
    return {"rz": rz, "n": n_slope, "n_h": n_slope * r, "z": z}


def _walk(w: CellWeights, tr: Trace, seeds: np.ndarray, *, safe: bool = False):
    """Walk the trace backwards, t = T..1, with B cotangents at once.

    seeds: (T, B, H), the gradient injected at each h(t).
    Returns (pre_x gradients (T, B, G*H), pre_h gradients (T, B, G*H), the gradient at h(t) for
    t = 0..T (T + 1, B, H), the gradient reaching C(0) (LSTM)).

    Every step is a few multiplications into preallocated arrays and one matrix product written
    straight into the gradient at h(t-1): at teaching sizes the cost is numpy's per-call overhead.
    """
    T, H = tr.T, tr.H
    U = w.weight_hh
    G = U.shape[0] // H
    F = _factors(w, tr)
    B = seeds.shape[1]
    d_h = np.empty((T, B, G, H))  # the gradients at U h(t-1) + b_hh, gate by gate
    flat = d_h.reshape(T, B, G * H)
    at_h = np.empty((T + 1, B, H))
    at_h[T] = seeds[T - 1]
    carry_c = np.zeros((B, H))
    multiply, dot = np.multiply, np.dot  # np.dot with out= has the least overhead at these sizes
    reverse = slice(None, None, -1)
    # row k of every array below is step k + 1; the walk goes from the last step to the first
    steps = zip(range(T - 1, -1, -1), at_h[1:][reverse], at_h[:-1][reverse], d_h[reverse], flat[reverse], strict=True)
    if tr.model == "rnn":
        for (k, gh, nxt, _, out), slope in zip(steps, F["slope"][reverse], strict=True):
            multiply(gh, slope, out=out)
            if safe:  # before the product: an inf times a 0 must not become NaN in every unit
                _fit(out)
            dot(out, U, out=nxt)  # the gradient reaching h(t-1)
            if safe:
                _fit(nxt)
            if k:
                nxt += seeds[k - 1]
    elif tr.model == "lstm":
        gc = np.empty((B, H))
        factors = zip(F["h_to_c"][reverse], F["ifg"][reverse], F["o"][reverse], F["f"][reverse], strict=True)
        for (k, gh, nxt, out, out_flat), (h_to_c, ifg, o, f) in zip(steps, factors, strict=True):
            multiply(gh, h_to_c, out=gc)  # from h(t) into C(t)
            gc += carry_c  # and, along the cell path, from C(t+1)
            if safe:
                _fit(gc)
            multiply(gc[:, None, :], ifg, out=out[:, :3])  # i, f, g
            multiply(gh, o, out=out[:, 3])  # o
            multiply(gc, f, out=carry_c)  # on to C(t-1): times the forget gate
            if safe:  # before the product: an inf times a 0 must not become NaN in every unit
                _fit(out_flat)
                _fit(carry_c)
            dot(out_flat, U, out=nxt)
            if safe:
                _fit(nxt)
            if k:
                nxt += seeds[k - 1]
    else:  # gru: U_n h(t-1) + b_hn enters n's pre-activation scaled by r
        direct = np.empty((B, H))
        factors = zip(F["rz"][reverse], F["n_h"][reverse], F["z"][reverse], strict=True)
        for (k, gh, nxt, out, out_flat), (rz, n_h, z) in zip(steps, factors, strict=True):
            multiply(gh[:, None, :], rz, out=out[:, :2])
            multiply(gh, n_h, out=out[:, 2])
            if safe:  # before the product: an inf times a 0 must not become NaN in every unit
                _fit(out_flat)
            dot(out_flat, U, out=nxt)
            multiply(gh, z, out=direct)  # h(t) keeps z of h(t-1) directly
            nxt += direct
            if safe:
                _fit(nxt)
            if k:
                nxt += seeds[k - 1]
    if tr.model == "gru":  # W_n x + b_in enters n's pre-activation as it is, not scaled by r
        d_x = flat.copy()
        np.multiply(at_h[1:], F["n"][:, None, :], out=d_x[:, :, 2 * H :])
    else:
        d_x = flat
    return d_x, flat, at_h, carry_c


def frobenius(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Frobenius norms over `axes`, without overflow: each block is scaled by its largest entry
    before squaring, so a gradient of 1e200 has norm 1e200, not inf."""
    scale = np.abs(a).max(axis=axes, keepdims=True)
    with np.errstate(all="ignore"):
        unit = np.where(scale > 0, a / np.where(scale > 0, scale, 1.0), 0.0)
        return np.squeeze(scale, axis=axes) * np.sqrt((unit**2).sum(axis=axes))


def backward_trace(w: CellWeights, tr: Trace, dh: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`backward` on a trace already computed with the weights `w`; dh has shape (T, H)."""
    dh = np.asarray(dh, dtype=np.float64)

    def once(safe: bool) -> dict[str, np.ndarray]:
        d_x, d_h, at_h, c0 = _walk(w, tr, dh[:, None, :], safe=safe)
        d_x, d_h = d_x[:, 0, :], d_h[:, 0, :]
        out = {
            "weight_ih": d_x.T @ tr.x,
            "weight_hh": d_h.T @ tr.h[:-1],
            "bias_ih": d_x.sum(axis=0),
            "bias_hh": d_h.sum(axis=0),
            "x": d_x @ w.weight_ih,
            "h0": at_h[0, 0].copy(),
        }
        if tr.model == "lstm":
            out["c0"] = c0[0]
        return out

    grads = _safely(once)
    for array in grads.values():  # what safe mode kept at the float64 limit (a no-op otherwise)
        _fit(array)
    return grads


def backward(lesson, model: str, dh) -> dict[str, np.ndarray]:
    """Gradients of sum(dh ⊙ h) through the lesson's `model` (backpropagation through time).

    dh: array (T, H), the gradient of a loss with respect to each output h(1)..h(T), as
    torch.autograd.grad(outputs=h_seq, grad_outputs=dh) takes it. Returns a dict of float64
    arrays: weight_ih, weight_hh, bias_ih, bias_hh (PyTorch's shapes and gate order), x (T, D),
    h0 (H) and, for the LSTM, c0 (H). Raises ValueError for a dh of the wrong shape or with
    non-finite numbers, LessonError for a model the lesson does not have.
    """
    from .export import trace

    tr = trace(lesson, model)
    try:
        array = np.array(dh, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"dh is not an array of numbers ({error})") from None
    if array.shape != (tr.T, tr.H):
        raise ValueError(f"dh has shape {array.shape}; expected (T, H) = ({tr.T}, {tr.H}), one row per token")
    if not np.isfinite(array).all():
        raise ValueError("dh holds NaN or infinite numbers; every gradient must be finite")
    return backward_trace(lesson.models[model], tr, array)


def gradient_norms(w: CellWeights, tr: Trace) -> dict[str, np.ndarray]:
    """{"dhT_dh": ‖∂h_T/∂h_t‖ for t = 0..T (T + 1 numbers), "dhT_dx": ‖∂h_T/∂x_t‖ for t = 1..T}.

    Frobenius norms of the Jacobians of the final hidden state. ∂h_T/∂h_t follows the hidden
    state alone: for the LSTM the cell states are held fixed, so it shows what the SimpleRNN-like
    path keeps; ∂h_T/∂x_t is the total effect of the token at step t, cell path included.
    """
    T, H = tr.T, tr.H
    if T == 0:
        return {"dhT_dh": np.array([np.sqrt(H)]), "dhT_dx": np.empty(0)}

    def norms(safe: bool):
        at_h, dx = _jacobians(w, tr, safe)
        return frobenius(at_h, (1, 2)), frobenius(dx, (1, 2))

    dh_norms, dx_norms = _safely(norms)
    return {"dhT_dh": _finite_norms(dh_norms), "dhT_dx": _finite_norms(dx_norms)}


def _local_jacobians(w: CellWeights, tr: Trace) -> tuple[np.ndarray, np.ndarray]:
    """Every step's local Jacobians at once, row t - 1 for step t: M (T, S, S) = ∂s(t)/∂s(t-1)
    and X (T, S, D) = ∂s(t)/∂x(t), where the state s is h (S = H), or (h, C) for the LSTM (S = 2H).
    Built from the same local derivatives the walk multiplies by (_factors), one gate block of
    U (or W) at a time: diag(coefficient) · U_gate, summed."""
    H = tr.H
    F = _factors(w, tr)
    G = w.weight_hh.shape[0] // H

    def blocks(A: np.ndarray) -> np.ndarray:  # (G, H, columns): gate k's rows of W or U
        return A.reshape(G, H, -1)

    def scaled(coefficient: np.ndarray, block: np.ndarray) -> np.ndarray:  # diag(coefficient(t)) · block
        return coefficient[:, :, None] * block[None]

    if tr.model == "rnn":
        return scaled(F["slope"], w.weight_hh), scaled(F["slope"], w.weight_ih)
    if tr.model == "gru":
        rz = F["rz"]

        def through(A: np.ndarray, n_coefficient: np.ndarray) -> np.ndarray:
            r, z, n = blocks(A)
            return scaled(rz[:, 0], r) + scaled(rz[:, 1], z) + scaled(n_coefficient, n)

        M = through(w.weight_hh, F["n_h"])
        M[:, np.arange(H), np.arange(H)] += F["z"]  # h(t) keeps z of h(t-1) directly
        return M, through(w.weight_ih, F["n"])
    ifg, o, h_to_c, f = F["ifg"], F["o"], F["h_to_c"], F["f"]

    def into_c(A: np.ndarray) -> np.ndarray:  # ∂C(t)/∂(h(t-1) or x(t)), through i, f and g
        i, f_, g, _ = blocks(A)
        return scaled(ifg[:, 0], i) + scaled(ifg[:, 1], f_) + scaled(ifg[:, 2], g)

    def into_h(A: np.ndarray, c: np.ndarray) -> np.ndarray:  # ∂h(t)/∂(…): through o, and C(t)
        return scaled(o, blocks(A)[3]) + h_to_c[:, :, None] * c

    T, units = tr.T, np.arange(H)
    M = np.zeros((T, 2 * H, 2 * H))
    c_h = into_c(w.weight_hh)
    M[:, H:, :H] = c_h
    M[:, :H, :H] = into_h(w.weight_hh, c_h)
    M[:, H + units, H + units] = f  # C(t) = f ⊙ C(t-1) + …
    M[:, units, H + units] = h_to_c * f  # and h(t) sees C(t-1) through C(t)
    c_x = into_c(w.weight_ih)
    return M, np.concatenate([into_h(w.weight_ih, c_x), c_x], axis=1)


def _jacobians(w: CellWeights, tr: Trace, safe: bool) -> tuple[np.ndarray, np.ndarray]:
    """(∂h_T/∂h_t for t = 0..T, (T + 1, H, H); ∂h_T/∂x_t for t = 1..T, (T, H, D)).

    One matrix product per step back: J(t-1) = J(t) · M(t), J(T) = [I, 0] (∂h_T/∂s_T), and
    ∂h_T/∂x_t = J(t) · X(t). For the LSTM, ∂h_T/∂h_t follows the hidden state alone, every C held
    fixed (a second chain through the h-to-h block of M); ∂h_T/∂x_t follows every path. Safe
    mode keeps every product inside the float64 range, as the walk does."""
    T, H = tr.T, tr.H
    M, X = _local_jacobians(w, tr)
    if safe:
        _fit(M)
        _fit(X)
    S = M.shape[1]
    J = np.empty((T + 1, H, S))  # ∂h_T/∂s_t, every path
    J[T] = np.eye(H, S)
    dot = np.dot
    for t in range(T, 0, -1):
        dot(J[t], M[t - 1], out=J[t - 1])
        if safe:
            _fit(J[t - 1])
    if S == H:
        at_h = J
    else:
        at_h = np.empty((T + 1, H, H))  # along h alone
        at_h[T] = np.eye(H)
        h_to_h = M[:, :H, :H]
        for t in range(T, 0, -1):
            dot(at_h[t], h_to_h[t - 1], out=at_h[t - 1])
            if safe:
                _fit(at_h[t - 1])
    dx = np.matmul(J[1:], X)
    if safe:
        _fit(dx)
    return at_h, dx


def _safely(compute):
    """compute(safe=False), run again with safe=True when any result (arrays in a tuple or a dict)
    is not finite."""
    with np.errstate(all="ignore"):
        results = compute(False)
        arrays = results.values() if isinstance(results, dict) else results
        if not all(np.isfinite(r).all() for r in arrays):
            results = compute(True)
    return results


def _finite_norms(norms: np.ndarray) -> np.ndarray:
    return np.nan_to_num(norms, nan=0.0, posinf=FLOAT_MAX)


@dataclass(frozen=True)
class BackwardPass:
    """What the stepped backward pass shows, for t = 0..T (row t), in float64.

    The gradient starts at h(T) as the whole Jacobian ∂h(T)/∂h(T) (the identity) and walks back:

    * ``at_h[t, j]``: how much h(T) depends on unit j of h(t), the norm of column j of ∂h(T)/∂h(t)
      (for the LSTM along the hidden state alone, the cell states held fixed). The Frobenius
      norm of the row is ``norm_h[t]``, the memory plot's and the CSV's ‖∂h_T/∂h_t‖ (dhT_dh).
    * ``at_pre`` (SimpleRNN): the same at the pre-activation W x + U h + b of step t, after
      the slope of tanh: ∂h(T)/∂h(t-1) = ∂h(T)/∂pre(t) · U, so ∂h(T)/∂h(t) is multiplied by
      diag(1 - h(t)²) · U (U^T diag(1 - h(t)²) written for column vectors) on the way to t - 1.
    * ``at_c`` (LSTM): ∂h(T)/∂C(t) along the cell path alone, diagonal: o(T)(1 - tanh²C(T))
      times the forget gates f(T)..f(t+1), so ``at_c[t-1] = at_c[t] * f(t)`` exactly;
      ``norm_c[t]`` its norm.
    * ``factor[t]`` for t = 1..T: how much the running norm changed on the way to t - 1,
      ``norm[t-1] / norm[t]`` of the path the model's caption follows (the cell path for the
      LSTM); row 0 is NaN (the walk stops at the initial state), and so is a factor next to a norm
      that overflowed (at the largest float64, the ratio would be made up).

    Rows 1..T of at_pre are the steps; its row 0 is NaN. Non-finite numbers never appear in the
    norms (an overflow is the largest float64).
    """

    model: str
    at_h: np.ndarray  # (T + 1, H)
    norm_h: np.ndarray  # (T + 1,)
    factor: np.ndarray  # (T + 1,), NaN at t = 0
    at_pre: np.ndarray | None = None  # SimpleRNN: (T + 1, H), NaN at t = 0
    at_c: np.ndarray | None = None  # LSTM: (T + 1, H)
    norm_c: np.ndarray | None = None  # LSTM: (T + 1,)

    @property
    def T(self) -> int:
        return len(self.norm_h) - 1

    @property
    def norm(self) -> np.ndarray:
        """The running norm of the path the caption follows: the cell path for the LSTM."""
        return self.norm_c if self.norm_c is not None else self.norm_h


def backward_pass(w: CellWeights, tr: Trace) -> BackwardPass:
    """The numbers of the stepped backward pass (see :class:`BackwardPass`)."""
    T, H = tr.T, tr.H

    def walk(safe: bool):
        if T == 0:
            return (np.ones((1, H)),)
        at_h, _ = _jacobians(w, tr, safe)
        return (frobenius(at_h, (1,)),)  # column norms: over the rows b

    at_h = _finite_norms(_safely(walk)[0])
    at_pre = at_c = norm_c = None
    with np.errstate(all="ignore"):
        if tr.model == "rnn":  # column j of ∂h(T)/∂h(t) times the slope of unit j
            at_pre = np.full((T + 1, H), np.nan)
            at_pre[1:] = _finite_norms(at_h[1:] * np.abs(_factors(w, tr)["slope"]))
        norm_h = _finite_norms(frobenius(at_h[:, None, :], (1, 2)))
        if tr.model == "lstm":
            at_c = np.empty((T + 1, H))
            at_c[T] = tr.o[T - 1] * (1.0 - tr.tanh_c[T - 1] ** 2) if T else 1.0
            for t in range(T, 0, -1):  # along the cell: times the forget gate, nothing else
                at_c[t - 1] = at_c[t] * tr.f[t - 1]
            at_c = _finite_norms(at_c)
            norm_c = _finite_norms(frobenius(at_c[:, None, :], (1, 2)))
        norm = norm_c if norm_c is not None else norm_h
        factor = np.full(T + 1, np.nan)
        factor[1:] = np.where(norm[1:] > 0, norm[:-1] / np.where(norm[1:] > 0, norm[1:], 1.0), 0.0)
        # a norm at the float64 limit is an overflow, not a size: no factor can be read from it
        factor[1:][(norm[1:] >= FLOAT_MAX) | (norm[:-1] >= FLOAT_MAX)] = np.nan
    return BackwardPass(tr.model, at_h, norm_h, factor, at_pre, at_c, norm_c)
