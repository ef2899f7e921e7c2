"""How much of a token is left in h(t): the size of the gradient ∂h(t)/∂x(k) at every step t ≥ k.

This is the quantity behind "vanishing gradients": in a SimpleRNN it is multiplied by
diag(1 - h^2) U at every step and usually shrinks geometrically (or explodes); in an LSTM
the cell state carries it along multiplied only by the forget gate, and in a GRU h(t) keeps
the update gate's share z of it at every step. Computed exactly by forward-mode
differentiation through the recorded trace (one Jacobian J(t) = ∂state(t)/∂x(k) of shape
(H, D) per step). At t = T it is the same number as the backward walk's ‖∂h_T/∂x_k‖
(:func:`rnnviz.core.backward.gradient_norms`, ``dhT_dx``): the tests hold the two to each other
at every t, and both to torch.autograd.
"""

from __future__ import annotations

import numpy as np

from .backward import frobenius
from .engine import Trace
from .lesson import Lesson
from .models import spec

#: Above this many multiply-adds the sensitivity is not computed (it is for teaching sizes).
MAX_WORK = 2e8


def first_token_sensitivity(lesson: Lesson, trace: Trace, state: str = "h") -> np.ndarray | None:
    """‖∂state(t)/∂x(1)‖ (Frobenius norm) for t = 1..T, state "h" or (LSTM) "c".

    None when the model is too large to compute it at teaching speed.
    """
    norms = sensitivities(lesson, trace)
    return None if norms is None else norms[state]


def sensitivities(lesson: Lesson, trace: Trace, token: int = 1) -> dict[str, np.ndarray] | None:
    """‖∂state(t)/∂x(token)‖ for t = token..T (T - token + 1 numbers), every state in one pass:
    {"h": ...} and, for the LSTM, "c". `token` is a step, 1..T. None when too large to compute
    at teaching speed. Raises ValueError for a step outside 1..T."""
    w = lesson.models[trace.model]
    H, D, T = trace.H, trace.D, trace.T
    if not 1 <= token <= T:
        raise ValueError(f"token step {token} is outside 1..{T}")
    if 4.0 * H * H * D * (T - token + 1) > MAX_WORK:
        return None
    steps = T - token + 1
    norms = {state: np.empty(steps) for state in spec(trace.model).states}
    with np.errstate(all="ignore"):
        if trace.model == "rnn":
            J = w.weight_ih  # ∂pre(k)/∂x(k)
            for n, t in enumerate(range(token - 1, T)):  # row t holds step t + 1
                slope = (1.0 - trace.h[t + 1] ** 2) if w.nonlinearity == "tanh" else (trace.pre[t] > 0).astype(float)
                J = slope[:, None] * (J if n == 0 else w.weight_hh @ J)
                norms["h"][n] = float(frobenius(J, (0, 1)))
        elif trace.model == "gru":
            norms["h"][:] = _gru(w, trace, token)
        else:  # lstm
            Jh = Jc = np.zeros((H, D))  # the states before step k do not depend on x(k)
            for n, t in enumerate(range(token - 1, T)):
                dA = w.weight_ih if n == 0 else w.weight_hh @ Jh  # (4H, D)
                i, f, g, o = trace.i[t], trace.f[t], trace.g[t], trace.o[t]
                di = (i * (1 - i))[:, None] * dA[:H]
                df = (f * (1 - f))[:, None] * dA[H : 2 * H]
                dg = (1 - g**2)[:, None] * dA[2 * H : 3 * H]
                do = (o * (1 - o))[:, None] * dA[3 * H :]
                Jc = df * trace.c[t][:, None] + f[:, None] * Jc + di * g[:, None] + i[:, None] * dg
                tanh_c = trace.tanh_c[t]
                Jh = do * tanh_c[:, None] + (o * (1 - tanh_c**2))[:, None] * Jc
                norms["h"][n] = float(frobenius(Jh, (0, 1)))
                norms["c"][n] = float(frobenius(Jc, (0, 1)))
    return {key: np.nan_to_num(v, nan=0.0, posinf=np.finfo(float).max) for key, v in norms.items()}


def _gru(w, trace: Trace, token: int) -> np.ndarray:
    """‖∂h(t)/∂x(token)‖ of a GRU, through r, z and n exactly as the engine computes them:
    n_pre = n_pre_x + r * n_pre_h and h(t) = (1 - z) n + z h(t-1)."""
    H, D, T = trace.H, trace.D, trace.T
    norms = np.empty(T - token + 1)
    Jh = np.zeros((H, D))  # ∂h(k-1)/∂x(k): the state before the token does not depend on it
    zeros = np.zeros((3 * H, D))
    for n_step, t in enumerate(range(token - 1, T)):
        dx = w.weight_ih if n_step == 0 else zeros  # ∂(W x(t) + b_ih)/∂x(k)
        dh = w.weight_hh @ Jh  # ∂(U h(t-1) + b_hh)/∂x(k)
        r, z, n, h_prev = trace.r[t], trace.z[t], trace.n[t], trace.h[t]
        dr = (r * (1 - r))[:, None] * (dx[:H] + dh[:H])
        dz = (z * (1 - z))[:, None] * (dx[H : 2 * H] + dh[H : 2 * H])
        dn_pre = dx[2 * H :] + dr * trace.n_pre_h[t][:, None] + r[:, None] * dh[2 * H :]
        dn = (1 - n**2)[:, None] * dn_pre
        Jh = dz * (h_prev - n)[:, None] + (1 - z)[:, None] * dn + z[:, None] * Jh
        norms[n_step] = float(frobenius(Jh, (0, 1)))
    return norms
