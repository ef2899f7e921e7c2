"""How much of the first token is left in h(t): the size of the gradient dh(t)/dx(1) at every step.

This is the quantity behind "vanishing gradients": in a SimpleRNN it is multiplied by
diag(1 - h^2) U at every step and usually shrinks geometrically (or explodes); in an LSTM
the cell state carries it along multiplied only by the forget gate, and in a GRU h(t) keeps
the update gate's share z of it at every step. Computed exactly by
forward-mode differentiation through the recorded trace (one Jacobian J(t) = dstate/dx(1)
of shape (H, D) per step), and checked against finite differences in the tests.
"""

from __future__ import annotations

import numpy as np

from .engine import Trace
from .lesson import Lesson
from .models import spec

#: Above this many multiply-adds the sensitivity is not computed (it is for teaching sizes).
MAX_WORK = 2e8


def first_token_sensitivity(lesson: Lesson, trace: Trace, state: str = "h") -> np.ndarray | None:
    """||d state(t)/dx(1)|| (Frobenius norm) for t = 1..T, state "h" or (LSTM) "c".

    None when the model is too large to compute it at teaching speed.
    """
    norms = sensitivities(lesson, trace)
    return None if norms is None else norms[state]


def sensitivities(lesson: Lesson, trace: Trace) -> dict[str, np.ndarray] | None:
    """Every state's first-token sensitivity in one pass: {"h": ...} and, for the LSTM, "c"."""
    w = lesson.models[trace.model]
    H, D, T = trace.H, trace.D, trace.T
    if 4.0 * H * H * D * T > MAX_WORK:
        return None
    norms = {state: np.empty(T) for state in spec(trace.model).states}
    with np.errstate(all="ignore"):
        if trace.model == "rnn":
            J = w.weight_ih  # d pre(1) / d x(1)
            for t in range(T):
                slope = (1.0 - trace.h[t + 1] ** 2) if w.nonlinearity == "tanh" else (trace.pre[t] > 0).astype(float)
                J = slope[:, None] * (J if t == 0 else w.weight_hh @ J)
                norms["h"][t] = np.linalg.norm(J)
        elif trace.model == "gru":
            norms["h"][:] = _gru(w, trace)
        else:  # lstm
            Jh = Jc = np.zeros((H, D))
            for t in range(T):
                dA = w.weight_ih if t == 0 else w.weight_hh @ Jh  # (4H, D)
                i, f, g, o = trace.i[t], trace.f[t], trace.g[t], trace.o[t]
                di = (i * (1 - i))[:, None] * dA[:H]
                df = (f * (1 - f))[:, None] * dA[H : 2 * H]
                dg = (1 - g**2)[:, None] * dA[2 * H : 3 * H]
                do = (o * (1 - o))[:, None] * dA[3 * H :]
                Jc = df * trace.c[t][:, None] + f[:, None] * Jc + di * g[:, None] + i[:, None] * dg
                tanh_c = trace.tanh_c[t]
                Jh = do * tanh_c[:, None] + (o * (1 - tanh_c**2))[:, None] * Jc
                norms["h"][t] = np.linalg.norm(Jh)
                norms["c"][t] = np.linalg.norm(Jc)
    return {key: np.nan_to_num(v, nan=0.0, posinf=np.finfo(float).max) for key, v in norms.items()}


def _gru(w, trace: Trace) -> np.ndarray:
    """||dh(t)/dx(1)|| of a GRU, through r, z and n exactly as the engine computes them:
    n_pre = n_pre_x + r * n_pre_h and h(t) = (1 - z) n + z h(t-1)."""
    H, D, T = trace.H, trace.D, trace.T
    norms = np.empty(T)
    Jh = np.zeros((H, D))  # dh(0)/dx(1): the initial state does not depend on the first token
    for t in range(T):
        dx = w.weight_ih if t == 0 else np.zeros((3 * H, D))  # d(W x(t) + b_ih)/dx(1)
        dh = w.weight_hh @ Jh  # d(U h(t-1) + b_hh)/dx(1)
        r, z, n, h_prev = trace.r[t], trace.z[t], trace.n[t], trace.h[t]
        dr = (r * (1 - r))[:, None] * (dx[:H] + dh[:H])
        dz = (z * (1 - z))[:, None] * (dx[H : 2 * H] + dh[H : 2 * H])
        dn_pre = dx[2 * H :] + dr * trace.n_pre_h[t][:, None] + r[:, None] * dh[2 * H :]
        dn = (1 - n**2)[:, None] * dn_pre
        Jh = dz * (h_prev - n)[:, None] + (1 - z)[:, None] * dn + z[:, None] * Jh
        norms[t] = np.linalg.norm(Jh)
    return norms
