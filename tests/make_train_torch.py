"""Write tests/fixtures/train/*.json: a few PyTorch training steps to hold rnnviz.core.train to
(run by hand; needs torch, which is not a dependency of rnnviz or its tests).

Each case: a recurrent layer (nn.RNN tanh or relu, nn.LSTM, nn.GRU) with an nn.Linear readout on
the last hidden state, in float64, started from weights drawn here (the LSTM's forget-gate bias
+1, as rnnviz's init does) and trained for STEPS steps on batches drawn here, with
torch.optim.Adam(lr=0.01) and clip_grad_norm_(max_norm=1). The fixture holds the first weights,
the batches, the loss and gradient norm before clipping at every step, and the weights after the
last step.

    python tests/make_train_torch.py
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent / "fixtures" / "train"
STEPS = 6
BATCH, LENGTH = 5, 7

# (name, model, nonlinearity, input size, hidden size, outputs, loss, target scale)
# Targets of scale 5 make the first gradients large, so clipping takes part in those cases.
CASES = [
    ("rnn_tanh_mse", "rnn", "tanh", 2, 4, 1, "mse", 5.0),
    ("rnn_relu_ce", "rnn", "relu", 3, 3, 3, "ce", 0.0),
    ("lstm_mse", "lstm", None, 2, 4, 1, "mse", 5.0),
    ("lstm_ce", "lstm", None, 3, 5, 2, "ce", 0.0),
    ("gru_mse", "gru", None, 2, 4, 1, "mse", 0.5),
    ("gru_ce", "gru", None, 3, 3, 3, "ce", 0.0),
]
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def make_case(name, model, nonlinearity, D, H, K, loss_name, scale, seed):
    torch.manual_seed(seed)
    G = GATES[model]
    bound = 1.0 / H**0.5
    params = {
        "weight_ih": torch.empty(G * H, D, dtype=torch.float64).uniform_(-bound, bound),
        "weight_hh": torch.empty(G * H, H, dtype=torch.float64).uniform_(-bound, bound),
        "bias_ih": torch.empty(G * H, dtype=torch.float64).uniform_(-bound, bound),
        "bias_hh": torch.empty(G * H, dtype=torch.float64).uniform_(-bound, bound),
        "readout_weight": torch.empty(K, H, dtype=torch.float64).uniform_(-bound, bound),
        "readout_bias": torch.empty(K, dtype=torch.float64).uniform_(-bound, bound),
    }
    if model == "lstm":
        params["bias_ih"][H : 2 * H] += 1.0
    layer = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[model]
    kwargs = {"nonlinearity": nonlinearity} if model == "rnn" else {}
    rnn = layer(D, H, batch_first=True, dtype=torch.float64, **kwargs)
    readout = torch.nn.Linear(H, K, dtype=torch.float64)
    with torch.no_grad():
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(rnn, f"{key}_l0").copy_(params[key])
        readout.weight.copy_(params["readout_weight"])
        readout.bias.copy_(params["readout_bias"])
    parameters = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0, readout.weight, readout.bias]
    optimiser = torch.optim.Adam(parameters, lr=0.01)
    batches, losses, norms = [], [], []
    for _ in range(STEPS):
        x = torch.empty(BATCH, LENGTH, D, dtype=torch.float64).uniform_(-1, 1)
        if loss_name == "mse":
            target = torch.empty(BATCH, dtype=torch.float64).uniform_(-scale, scale)
        else:
            target = torch.randint(0, K, (BATCH,))
        batches.append({"x": x.tolist(), "target": target.tolist()})
        optimiser.zero_grad()
        out, _ = rnn(x)
        y = readout(out[:, -1])
        if loss_name == "mse":
            loss = torch.nn.functional.mse_loss(y[:, 0], target)
        else:
            loss = torch.nn.functional.cross_entropy(y, target)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(parameters, max_norm=1.0)
        optimiser.step()
        losses.append(loss.item())
        norms.append(norm.item())
    final = dict(zip(params, (p.detach().tolist() for p in parameters), strict=True))
    return {"name": name, "model": model, "nonlinearity": nonlinearity or "tanh", "loss": loss_name,
            "torch": torch.__version__, "initial": {k: v.tolist() for k, v in params.items()},
            "batches": batches, "losses": losses, "grad_norms": norms, "final": final}  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    for k, case in enumerate(CASES):
        data = make_case(*case, seed=20261130 + k)
        (OUT / f"{case[0]}.json").write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        losses, norms = [round(v, 4) for v in data["losses"]], [round(v, 3) for v in data["grad_norms"]]
        print(case[0], "losses", losses, "gradient norms", norms)  # noqa: T201


if __name__ == "__main__":
    main()
