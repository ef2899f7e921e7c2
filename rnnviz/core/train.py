"""Training SimpleRNN, LSTM and GRU in numpy (float64): batched forward, backpropagation through
time, a linear readout on the last hidden state, Adam and gradient-norm clipping.

The cells compute exactly what rnnviz.core.cells computes (PyTorch's equations and gate order);
here a whole batch of sequences goes through at once, so a training step is a few matrix
products per timestep. The gradients are those of :func:`rnnviz.backward` summed over the batch
(the tests hold them to it and to finite differences).

Defaults are the same for every model: PyTorch's initialisation (uniform ±1/sqrt(H) for the
recurrent layer and the readout), the LSTM's forget-gate bias +1 (as Keras does by default),
Adam (lr 0.01, betas 0.9 / 0.999, eps 1e-8) and the gradient norm clipped at 1.

Work in progress (issue "Train in the app"): the engine and its gradients. The tasks, the
``rnnviz train`` command, lessons with readouts and the Train view build on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .cells import sigmoid
from .models import spec

PARAMETERS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "readout_weight", "readout_bias")


@dataclass
class Net:
    """A recurrent layer (PyTorch layout) with a linear readout on its last hidden state."""

    model: str
    params: dict[str, np.ndarray]  # PARAMETERS -> float64 arrays
    nonlinearity: str = "tanh"  # SimpleRNN only

    @property
    def H(self) -> int:
        return self.params["weight_hh"].shape[1]

    @property
    def G(self) -> int:
        return spec(self.model).gate_count


def init_net(model: str, input_size: int, hidden_size: int, outputs: int, rng: np.random.Generator,
             forget_bias: float = 1.0) -> Net:  # fmt: skip
    """PyTorch's initialisation, the same for every model: every weight and bias of the layer and
    of the readout uniform in ±1/sqrt(H); for the LSTM the forget gate's input bias then gets +1."""
    G, H = spec(model).gate_count, hidden_size
    bound = 1.0 / np.sqrt(H)

    def uniform(*shape):
        return rng.uniform(-bound, bound, shape)

    params = {"weight_ih": uniform(G * H, input_size), "weight_hh": uniform(G * H, H),
              "bias_ih": uniform(G * H), "bias_hh": uniform(G * H),
              "readout_weight": uniform(outputs, H), "readout_bias": uniform(outputs)}  # fmt: skip
    if model == "lstm":
        params["bias_ih"][H : 2 * H] += forget_bias  # rows i, f, g, o: the forget gate's
    return Net(model, params)


@dataclass
class Cache:
    """What the backward pass needs from the forward pass, step by step (lists of (B, ·) arrays)."""

    x: np.ndarray  # (T, B, D)
    h: list[np.ndarray] = field(default_factory=list)  # h(0)..h(T)
    c: list[np.ndarray] = field(default_factory=list)  # LSTM: C(0)..C(T)
    parts: list[dict[str, np.ndarray]] = field(default_factory=list)  # per step: gates, activations


def forward(net: Net, x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """x: (B, T, D) inputs. Returns the readout's outputs (B, K) and the cache for backward()."""
    p, H = net.params, net.H
    B, T, _ = x.shape
    xs = np.ascontiguousarray(np.transpose(x, (1, 0, 2)))  # (T, B, D)
    cache = Cache(xs)
    h = np.zeros((B, H))
    c = np.zeros((B, H))
    cache.h.append(h)
    if net.model == "lstm":
        cache.c.append(c)
    U = p["weight_hh"]
    gx_all = xs @ p["weight_ih"].T + p["bias_ih"]  # (T, B, G*H): the input side of every step at once
    for t in range(T):
        if net.model == "rnn":
            pre = gx_all[t] + h @ U.T + p["bias_hh"]
            h = np.tanh(pre) if net.nonlinearity == "tanh" else np.maximum(pre, 0.0)
            cache.parts.append({"pre": pre})
        elif net.model == "lstm":
            a = gx_all[t] + h @ U.T + p["bias_hh"]
            i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
            g = np.tanh(a[:, 2 * H : 3 * H])
            c = f * c + i * g
            tc = np.tanh(c)
            h = o * tc
            cache.parts.append({"i": i, "f": f, "g": g, "o": o, "tanh_c": tc})
            cache.c.append(c)
        else:  # gru
            gx, gh = gx_all[t], h @ U.T + p["bias_hh"]
            r = sigmoid(gx[:, :H] + gh[:, :H])
            z = sigmoid(gx[:, H : 2 * H] + gh[:, H : 2 * H])
            n = np.tanh(gx[:, 2 * H :] + r * gh[:, 2 * H :])
            h = (1.0 - z) * n + z * h
            cache.parts.append({"r": r, "z": z, "n": n, "n_pre_h": gh[:, 2 * H :]})
        cache.h.append(h)
    y = h @ p["readout_weight"].T + p["readout_bias"]
    return y, cache


def backward(net: Net, cache: Cache, dy: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Gradients of sum(dy ⊙ y) for every parameter, and the gradient reaching each h(t),
    ‖∂loss/∂h(t)‖ per step being what the Train view plots. Returns (grads, dh (T+1, B, H))."""
    p, H = net.params, net.H
    T = len(cache.parts)
    grads = {name: np.zeros_like(value) for name, value in p.items()}
    h_last = cache.h[-1]
    grads["readout_weight"] = dy.T @ h_last
    grads["readout_bias"] = dy.sum(axis=0)
    gh = dy @ p["readout_weight"]  # (B, H) at h(T)
    gc = np.zeros_like(gh)
    U = p["weight_hh"]
    d_pre_x = np.empty((T, *gh.shape[:1], net.G * H))  # gradients at W x + b_ih, step by step
    dh_all = np.zeros((T + 1, *gh.shape))
    dh_all[T] = gh
    d_U = np.zeros_like(U)
    d_b_hh = np.zeros(net.G * H)
    for t in range(T - 1, -1, -1):
        parts, h_prev = cache.parts[t], cache.h[t]
        if net.model == "rnn":
            h = cache.h[t + 1]  # tanh(pre) already: its slope is 1 - h², no tanh again
            slope = (1.0 - h**2) if net.nonlinearity == "tanh" else (parts["pre"] > 0).astype(float)
            da = gh * slope
            d_pre_x[t] = da
            d_h_side = da
            gh = da @ U
        elif net.model == "lstm":
            i, f, g, o, tc = parts["i"], parts["f"], parts["g"], parts["o"], parts["tanh_c"]
            gc = gc + gh * o * (1.0 - tc**2)
            da = np.concatenate([gc * g * i * (1.0 - i), gc * cache.c[t] * f * (1.0 - f), gc * i * (1.0 - g**2),
                                 gh * tc * o * (1.0 - o)], axis=1)  # fmt: skip
            d_pre_x[t] = da
            d_h_side = da
            gc = gc * f
            gh = da @ U
        else:  # gru
            r, z, n, n_pre_h = parts["r"], parts["z"], parts["n"], parts["n_pre_h"]
            dn = gh * (1.0 - z) * (1.0 - n**2)
            dz = gh * (h_prev - n) * z * (1.0 - z)
            dr = dn * n_pre_h * r * (1.0 - r)
            d_pre_x[t] = np.concatenate([dr, dz, dn], axis=1)
            d_h_side = np.concatenate([dr, dz, dn * r], axis=1)  # U_n h + b_hn enters scaled by r
            gh = d_h_side @ U + gh * z
        d_U += d_h_side.T @ h_prev
        d_b_hh += d_h_side.sum(axis=0)
        dh_all[t] = gh
    xs = cache.x  # (T, B, D)
    grads["weight_ih"] = np.einsum("tbg,tbd->gd", d_pre_x, xs)
    grads["bias_ih"] = d_pre_x.sum(axis=(0, 1))
    grads["weight_hh"] = d_U
    grads["bias_hh"] = d_b_hh
    return grads, dh_all


# -- losses --------------------------------------------------------------------------------------
def mse(y: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error over the batch (one output) and its gradient with respect to y."""
    diff = y[:, 0] - target
    return float(np.mean(diff**2)), (2.0 * diff / len(diff))[:, None]


def cross_entropy(y: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of logits y (B, K) against integer labels, and its gradient."""
    shifted = y - y.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    B = len(labels)
    loss = -float(log_p[np.arange(B), labels].mean())
    grad = np.exp(log_p)
    grad[np.arange(B), labels] -= 1.0
    return loss, grad / B


# -- the optimiser -------------------------------------------------------------------------------
@dataclass
class Adam:
    """torch.optim.Adam with its defaults (no weight decay), plus clipping of the global gradient norm."""

    lr: float = 0.01
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    clip: float | None = 1.0
    step_count: int = 0
    m: dict[str, np.ndarray] = field(default_factory=dict)
    v: dict[str, np.ndarray] = field(default_factory=dict)

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> float:
        """Update params in place; returns the gradient norm before clipping."""
        norm = float(np.sqrt(sum(float((g**2).sum()) for g in grads.values())))
        # as torch.nn.utils.clip_grad_norm_: a factor max_norm / (norm + 1e-6), never above 1
        scale = min(self.clip / (norm + 1e-6), 1.0) if self.clip is not None else 1.0
        self.step_count += 1
        b1, b2 = self.betas
        for name, value in params.items():
            g = grads[name] * scale
            m = self.m.setdefault(name, np.zeros_like(value))
            v = self.v.setdefault(name, np.zeros_like(value))
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            m_hat = m / (1.0 - b1**self.step_count)
            v_hat = v / (1.0 - b2**self.step_count)
            value -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return norm
