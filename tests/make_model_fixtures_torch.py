"""Write PyTorch model fixtures to tests/fixtures/models/pytorch/ (run by hand; needs torch and safetensors).

Each model file X.pt (or .safetensors) comes with X.json holding what torch itself says:
every tensor of the file in float64 (exact), and for each recurrent layer and direction the
reader should find, the input sequence it consumes and the hidden states torch computes
from it in float64 (rows 0..T, row 0 the zero initial state). Stacked and bidirectional
layers are computed one layer and direction at a time with standalone single-layer modules
holding the same weights, checked against the full module's output.

The tests that use these files (tests/importers/test_pytorch.py) do not import torch.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file
from torch import nn

MODELS_DIR = Path(__file__).resolve().parent / "fixtures" / "models" / "pytorch"
SEED = 20240612
T = 5
CONSISTENCY_TOLERANCE = 1e-12
TANH_NOTE = "nonlinearity not stored in a state_dict: tanh assumed"


def inputs(D: int, seed: int) -> torch.Tensor:
    """A fixed (T, D) float64 input sequence, rounded so the JSON stays short."""
    generator = torch.Generator().manual_seed(seed)
    return torch.round(torch.rand(T, D, generator=generator, dtype=torch.float64) * 2 - 1, decimals=3)


def flatten(obj, prefix: str = "") -> dict[str, torch.Tensor]:
    """The reader's view of a checkpoint: nested dicts flattened with dots, non-tensors dropped."""
    out = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, torch.Tensor):
            out.setdefault(name, value)
        elif isinstance(value, dict):
            out.update({k: v for k, v in flatten(value, name + ".").items() if k not in out})
    return out


def tensor_json(tensors: dict[str, torch.Tensor]) -> dict[str, dict]:
    """Every tensor's values (float64, exact), dtype and shape, by flattened name in file order."""
    return {
        "tensors": {name: t.detach().to(torch.float64).tolist() for name, t in tensors.items()},
        "dtypes": {name: str(t.dtype).removeprefix("torch.") for name, t in tensors.items()},
        "shapes": {name: list(t.shape) for name, t in tensors.items()},
    }


def single(kind: str, D: int, H: int, params: dict[str, torch.Tensor]) -> nn.Module:
    """A one-layer, one-direction float64 module holding the given weights (biases optional)."""
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
    module = cls(D, H, bias="bias_ih" in params, dtype=torch.float64)
    with torch.no_grad():
        for name, value in params.items():
            getattr(module, f"{name}_l0").copy_(value.to(torch.float64))
    return module


def run_single(kind: str, params: dict[str, torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """(T+1, H) hidden states of one layer and direction over x (T, D), zero initial state."""
    H = params["weight_hh"].shape[1]
    module = single(kind, x.shape[1], H, params)
    with torch.no_grad():
        out = module(x)[0]
    return torch.cat([torch.zeros(1, H, dtype=torch.float64), out])


def stacked_layers(module: nn.Module, prefix: str, name: str, kind: str, x: torch.Tensor) -> list[dict]:
    """Per layer and direction: keys, consumed inputs and torch's hidden states; checked against the module."""
    state = module.state_dict()
    directions = ["", "_reverse"] if module.bidirectional else [""]
    layers = []
    layer_input = x
    for layer in range(module.num_layers):
        outputs = []
        for suffix in directions:
            keys = {p: f"{prefix}{p}_l{layer}{suffix}" for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            keys = {p: k for p, k in keys.items() if k[len(prefix) :] in state}
            params = {p: state[k[len(prefix) :]] for p, k in keys.items()}
            consumed = layer_input.flip(0) if suffix else layer_input
            h = run_single(kind, params, consumed)
            outputs.append(h[1:].flip(0) if suffix else h[1:])
            layers.append(
                {
                    "name": f"{name} layer {layer}" + (" reverse" if suffix else ""),
                    "kind": kind,
                    "keys": keys,
                    "x": consumed.tolist(),
                    "h": h.tolist(),
                }
            )
        layer_input = torch.cat(outputs, dim=1)
    full = copy.deepcopy(module).to(torch.float64)
    with torch.no_grad():
        reference = full(x)[0]
    error = (reference - layer_input).abs().max().item()
    assert error < CONSISTENCY_TOLERANCE, f"{name}: per-layer route differs from the module by {error}"
    return layers


def cell_layer(cell: nn.Module, prefix: str, name: str, kind: str, x: torch.Tensor) -> dict:
    cell = copy.deepcopy(cell).to(torch.float64)
    H = cell.hidden_size
    h = torch.zeros(H, dtype=torch.float64)
    c = torch.zeros(H, dtype=torch.float64)
    rows = [h]
    with torch.no_grad():
        for x_t in x:
            if kind == "lstm":
                h, c = cell(x_t, (h, c))
            else:
                h = cell(x_t, h)
            rows.append(h)
    keys = {p: f"{prefix}{p}" for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    return {"name": name, "kind": kind, "keys": keys, "x": x.tolist(), "h": torch.stack(rows).tolist()}


def write(stem: str, saved: dict, layers: list[dict], x: torch.Tensor, **extra) -> None:
    fixture = {
        "torch_version": torch.__version__,
        **tensor_json(flatten(saved)),
        "inputs": x.tolist(),
        "layers": layers,
        **extra,
    }
    (MODELS_DIR / f"{stem}.json").write_text(json.dumps(fixture, separators=(",", ":")) + "\n", encoding="utf-8")


def cast(state: dict[str, torch.Tensor], dtype: torch.dtype) -> dict[str, torch.Tensor]:
    return {k: v.to(dtype) for k, v in state.items()}


def loaded(module: nn.Module, state: dict[str, torch.Tensor]) -> nn.Module:
    """The module holding exactly the (possibly low-precision) saved weights, in float64."""
    module = module.to(torch.float64)
    module.load_state_dict({k: v.to(torch.float64) for k, v in state.items()})
    return module


class Tagger(nn.Module):
    """Embedding -> LSTM encoder -> linear head, like a small sequence tagger."""

    def __init__(self, vocabulary: int = 10, D: int = 4, H: int = 5, classes: int = 3):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, D)
        self.encoder = nn.LSTM(D, H, batch_first=True)
        self.head = nn.Linear(H, classes)


class Classifier(nn.Module):
    """A GRU under the attribute name `rnn`, wrapped in a training checkpoint."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.out = nn.Linear(4, 2)


def main() -> int:
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    for old in MODELS_DIR.iterdir():
        old.unlink()
    torch.manual_seed(SEED)

    # nn.RNN (tanh), zip and legacy formats
    rnn = nn.RNN(3, 4)
    x = inputs(3, 1)
    sd = rnn.state_dict()
    torch.save(sd, MODELS_DIR / "rnn.pt")
    torch.save(sd, MODELS_DIR / "rnn_legacy.pt", _use_new_zipfile_serialization=False)
    layers = stacked_layers(rnn, "", "rnn", "rnn", x)
    write("rnn", sd, layers, x)
    write("rnn_legacy", sd, layers, x)

    # nn.LSTM, 2 layers, bidirectional
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    x = inputs(3, 2)
    sd = lstm.state_dict()
    torch.save(sd, MODELS_DIR / "lstm_2layer_bi.pt")
    write("lstm_2layer_bi", sd, stacked_layers(lstm, "", "lstm", "lstm", x), x)

    # nn.GRU, with and without biases
    gru = nn.GRU(5, 3)
    x = inputs(5, 3)
    torch.save(gru.state_dict(), MODELS_DIR / "gru.pt")
    write("gru", gru.state_dict(), stacked_layers(gru, "", "gru", "gru", x), x)
    gru = nn.GRU(2, 3, bias=False)
    x = inputs(2, 4)
    torch.save(gru.state_dict(), MODELS_DIR / "gru_nobias.pt")
    write("gru_nobias", gru.state_dict(), stacked_layers(gru, "", "gru", "gru", x), x)

    # nn.LSTMCell
    cell = nn.LSTMCell(4, 5)
    x = inputs(4, 5)
    torch.save(cell.state_dict(), MODELS_DIR / "lstmcell.pt")
    write("lstmcell", cell.state_dict(), [cell_layer(cell, "", "lstm cell", "lstm", x)], x)

    # Embedding + LSTM encoder + head, as .pt and .safetensors (one expected file for both)
    tagger = Tagger()
    sd = tagger.state_dict()
    token_ids = [1, 4, 2, 7, 0]
    x = tagger.embedding.weight.detach().to(torch.float64)[token_ids]
    torch.save(sd, MODELS_DIR / "embed_lstm.pt")
    save_file(dict(sd), MODELS_DIR / "embed_lstm.safetensors")
    layers = stacked_layers(tagger.encoder, "encoder.", "encoder", "lstm", x)
    write(
        "embed_lstm", sd, layers, x, token_ids=token_ids, embeddings=[{"name": "embedding", "key": "embedding.weight"}]
    )

    # A training checkpoint wrapping the state_dict
    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.out(model.rnn(torch.randn(T, 3))[0]).sum().backward()
    optimizer.step()
    sd = model.state_dict()
    checkpoint = {"model": sd, "epoch": 3, "optimizer": optimizer.state_dict(), "config": {"hidden": 4, "name": "clf"}}
    torch.save(checkpoint, MODELS_DIR / "checkpoint.pt")
    x = inputs(3, 6)
    write("checkpoint", checkpoint, stacked_layers(model.rnn, "model.rnn.", "model.rnn", "gru", x), x)

    # float64, float16 and bfloat16 weights
    gru = nn.GRU(3, 4).double()
    x = inputs(3, 7)
    torch.save(gru.state_dict(), MODELS_DIR / "gru_f64.pt")
    write("gru_f64", gru.state_dict(), stacked_layers(gru, "", "gru", "gru", x), x)
    lstm = nn.LSTM(2, 3)
    sd = cast(lstm.state_dict(), torch.float16)
    x = inputs(2, 8)
    torch.save(sd, MODELS_DIR / "lstm_half.pt")
    write("lstm_half", sd, stacked_layers(loaded(lstm, sd), "", "lstm", "lstm", x), x)
    gru = nn.GRU(2, 3)
    sd = cast(gru.state_dict(), torch.bfloat16)
    x = inputs(2, 9)
    torch.save(sd, MODELS_DIR / "gru_bf16.pt")
    write("gru_bf16", sd, stacked_layers(loaded(gru, sd), "", "gru", "gru", x), x)

    # Views, strides, offsets, other dtypes, nesting: read_tensors must give torch's values
    base = torch.arange(20, dtype=torch.float32).reshape(4, 5) / 7
    views = {
        "base": base,
        "rows": base[1:3, ::2],
        "transposed": base.T,
        "expanded": torch.arange(3, dtype=torch.float32).expand(2, 3),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "long": torch.arange(-3, 3),
        "int8": torch.tensor([-128, 0, 127], dtype=torch.int8),
        "uint8": torch.tensor([0, 200, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "nested": {"deeper": {"w": torch.ones(2, 2, dtype=torch.float64)}, 7: torch.tensor([1.0])},
        "parameter": nn.Parameter(torch.full((2,), 0.25)),
        "shape": torch.Size([2, 3]),
        "dtype": torch.float32,
        "note": "not a tensor",
    }
    torch.save(views, MODELS_DIR / "views.pt")
    write("views", views, [], torch.zeros(0, 0))

    # A whole pickled module: needs classes to load, so the reader refuses it
    torch.save(nn.GRU(2, 3), MODELS_DIR / "whole_model.pt")

    total = sum(path.stat().st_size for path in MODELS_DIR.iterdir())
    print(f"wrote {len(list(MODELS_DIR.iterdir()))} files, {total} bytes, to {MODELS_DIR}")
    assert total < 300_000, "fixtures too large"
    return 0


if __name__ == "__main__":
    sys.exit(main())
