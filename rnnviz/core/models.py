"""Every model rnnviz teaches, described once: its gates, quantities, phases and equations.

The engine, the lesson format, the CSV export, the importers and every view read these
descriptions; none of them lists a model's gates or phases itself. A fourth model is one
more ``ModelSpec`` here (plus its cell function and its diagram layout).

Phases share one common order, the **stages** below, so that several models shown side
by side step together: stage 1 is where the LSTM computes its forget gate and the GRU its
reset gate, stage 2 the LSTM's input gate and candidate beside the GRU's update gate,
stage 3 the LSTM's cell state beside the GRU's candidate, stage 4 the LSTM's output gate
(the GRU has none), and stage 5 every model's new hidden state. A SimpleRNN has only the
inputs and the hidden state. The playhead visits only the stages the shown models use.

The one rule of what is visible is :func:`visible`: at timestep t and stage s a quantity
shows its value once the phase that computes it has a stage <= s; before that it shows
nothing (None). At t = 0 only the initial states show.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .engine import Trace

#: The common order of phases (see the module docstring); Position.phase indexes it.
STAGES = ("inputs", "forget / reset gate", "input gate & candidate / update gate", "cell state / candidate",
          "output gate", "hidden state")  # fmt: skip
INPUTS_STAGE, LAST_STAGE = 0, len(STAGES) - 1

GATE, VALUE = "gate", "value"  # how a quantity is coloured: 0..1 (sigmoid) or signed


@dataclass(frozen=True)
class Quantity:
    """One named array of a trace (or, for inputs, a row of one: h(t-1) is a row of h)."""

    id: str  # the trace's (and the CSV's) name: "f", "i_pre_x", "c"; inputs: "x", "h_prev", "c_prev"
    symbol: str  # as on the diagram: "f(t)"
    label: str  # as in the state panel: "f(t) = σ(…)"
    kind: str = VALUE  # GATE (0..1) or VALUE
    state: bool = False  # a state carried between steps (row 0 is the initial state: T+1 rows)


@dataclass(frozen=True)
class Gate:
    """One block of rows of weight_ih / weight_hh / biases, in PyTorch's order."""

    id: str  # "i", "f", "g", "o"; "r", "z", "n"; "h" for the SimpleRNN's single block
    name: str  # "forget gate"
    activation: str  # "σ" or "tanh"


@dataclass(frozen=True)
class Phase:
    """A step of the model's equations within one timestep."""

    id: str  # "forget"
    name: str  # "forget gate"
    stage: int  # index into STAGES
    equation: str  # one line, as on the canvas
    note: str  # what it means, in a few words
    reveals: tuple[str, ...]  # quantity ids computed in this phase


@dataclass(frozen=True)
class ModelSpec:
    id: str  # "lstm": the name in lesson files, CSV and --models
    title: str  # "LSTM"
    article: str  # "an": "an LSTM layer"
    gates: tuple[Gate, ...]  # PyTorch's row order
    inputs: tuple[Quantity, ...]  # what arrives at a timestep: x(t), h(t-1) (and C(t-1))
    quantities: tuple[Quantity, ...]  # the trace's arrays in export order (x first)
    phases: tuple[Phase, ...]  # in the order of the equations; the first is always "inputs"
    states: tuple[str, ...]  # the quantities carried between steps: ("h",) or ("h", "c")
    summary: str  # the whole cell in one line

    @property
    def gate_count(self) -> int:
        return len(self.gates)

    @property
    def gate_ids(self) -> tuple[str, ...]:
        return tuple(gate.id for gate in self.gates)

    def quantity(self, id: str) -> Quantity:
        for q in (*self.inputs, *self.quantities):
            if q.id == id:
                return q
        raise KeyError(f"{self.title} has no quantity {id!r}")

    def phase(self, id: str) -> Phase:
        for phase in self.phases:
            if phase.id == id:
                return phase
        raise KeyError(f"{self.title} has no phase {id!r}")

    @functools.cached_property
    def revealed(self) -> dict[str, int]:
        """Quantity id -> the stage of the phase that computes it (inputs: stage 0); worked out
        once per description, since visible() asks for it at every step of every view."""
        out = {q.id: INPUTS_STAGE for q in self.inputs}
        for phase in self.phases:
            for id in phase.reveals:
                out[id] = phase.stage
        return out

    @property
    def stages(self) -> tuple[int, ...]:
        return tuple(phase.stage for phase in self.phases)

    def phase_at(self, stage: int) -> Phase | None:
        """The phase computed exactly at this stage, if the model has one there."""
        for phase in self.phases:
            if phase.stage == stage:
                return phase
        return None

    def latest_phase(self, stage: int) -> Phase:
        """The last phase computed by this stage (the inputs phase at least)."""
        return [phase for phase in self.phases if phase.stage <= stage][-1]


def _pre(gate: str, title: str, activation: str, kind: str) -> tuple[Quantity, ...]:
    """The four quantities of one gate block: W x + b_i, U h + b_h, their sum, the activation."""
    sub = "" if gate == "h" else f"_{gate}"
    return (
        Quantity(f"{gate}_pre_x" if sub else "pre_x", f"W{sub} x(t) + b_i{gate}", f"W{sub} x(t) + b_i{gate}"),
        Quantity(f"{gate}_pre_h" if sub else "pre_h", f"U{sub} h(t-1) + b_h{gate}", f"U{sub} h(t-1) + b_h{gate}"),
        Quantity(f"{gate}_pre" if sub else "pre", f"{title} pre-activation", f"{title} pre-activation"),
        *((Quantity(gate, f"{gate}(t)", f"{gate}(t) = {activation}(…)", kind),) if sub else ()),
    )


_X = Quantity("x", "x(t)", "x(t)  embedding")
_H_PREV = Quantity("h_prev", "h(t-1)", "h(t-1)")
_C_PREV = Quantity("c_prev", "C(t-1)", "C(t-1)")

RNN = ModelSpec(
    id="rnn",
    title="SimpleRNN",
    article="a",
    gates=(Gate("h", "hidden", "tanh"),),
    inputs=(_X, _H_PREV),
    quantities=(
        _X,
        Quantity("pre_x", "W x(t) + b_ih", "W x(t) + b_ih"),
        Quantity("pre_h", "U h(t-1) + b_hh", "U h(t-1) + b_hh"),
        Quantity("pre", "W x + U h + b", "pre-activation"),
        Quantity("h", "h(t)", "h(t) = tanh(…)", state=True),
    ),
    phases=(
        Phase("inputs", "inputs", INPUTS_STAGE, "inputs arrive: x(t) and h(t-1)", "", ("x", "h_prev")),
        Phase("hidden", "hidden state", LAST_STAGE, "h(t) = tanh(W x(t) + U h(t-1) + b)",
              "all memory passes through h, squashed every step", ("pre_x", "pre_h", "pre", "h")),  # fmt: skip
    ),
    states=("h",),
    summary="h(t) = tanh(W x(t) + U h(t-1) + b)",
)

LSTM = ModelSpec(
    id="lstm",
    title="LSTM",
    article="an",
    gates=(Gate("i", "input gate", "σ"), Gate("f", "forget gate", "σ"), Gate("g", "candidate C̃", "tanh"),
           Gate("o", "output gate", "σ")),  # fmt: skip
    inputs=(_X, _H_PREV, _C_PREV),
    quantities=(
        _X,
        *_pre("i", "input", "σ", GATE),
        *_pre("f", "forget", "σ", GATE),
        *_pre("g", "candidate C̃", "tanh", VALUE),
        *_pre("o", "output", "σ", GATE),
        Quantity("c", "C(t)", "C(t) = f·C(t-1) + i·C̃", state=True),
        Quantity("tanh_c", "tanh(C(t))", "tanh(C(t))"),
        Quantity("h", "h(t)", "h(t) = o·tanh(C(t))", state=True),
    ),
    phases=(
        Phase("inputs", "inputs", INPUTS_STAGE, "inputs arrive: x(t), h(t-1) and C(t-1)", "",
              ("x", "h_prev", "c_prev")),
        Phase("forget", "forget gate", 1, "f(t) = σ(W_f x(t) + U_f h(t-1) + b_f)", "how much of C(t-1) to keep",
              ("f_pre_x", "f_pre_h", "f_pre", "f")),
        Phase("input", "input gate & candidate", 2,
              "i(t) = σ(W_i x(t) + U_i h(t-1) + b_i)   C̃(t) = tanh(W_g x(t) + U_g h(t-1) + b_g)",
              "what to write, and how much of it",
              ("i_pre_x", "i_pre_h", "i_pre", "i", "g_pre_x", "g_pre_h", "g_pre", "g")),
        Phase("cell", "cell state", 3, "C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)",
              "the cell state is updated, not overwritten", ("c",)),
        Phase("output", "output gate", 4, "o(t) = σ(W_o x(t) + U_o h(t-1) + b_o)",
              "how much of tanh(C(t)) to show", ("o_pre_x", "o_pre_h", "o_pre", "o", "tanh_c")),
        Phase("hidden", "hidden state", LAST_STAGE, "h(t) = o(t) ⊙ tanh(C(t))", "what the cell shows", ("h",)),
    ),  # fmt: skip
    states=("h", "c"),
    summary="C(t) = f ⊙ C(t-1) + i ⊙ C̃   h(t) = o ⊙ tanh(C(t))",
)

GRU = ModelSpec(
    id="gru",
    title="GRU",
    article="a",
    gates=(Gate("r", "reset gate", "σ"), Gate("z", "update gate", "σ"), Gate("n", "candidate n", "tanh")),
    inputs=(_X, _H_PREV),
    quantities=(
        _X,
        *_pre("r", "reset", "σ", GATE),
        *_pre("z", "update", "σ", GATE),
        Quantity("n_pre_x", "W_n x(t) + b_in", "W_n x(t) + b_in"),
        Quantity("n_pre_h", "U_n h(t-1) + b_hn", "U_n h(t-1) + b_hn"),
        Quantity("n_pre", "candidate pre-activation", "W_n x + b_in + r·(U_n h + b_hn)"),
        Quantity("n", "n(t)", "n(t) = tanh(…)"),
        Quantity("h", "h(t)", "h(t) = (1−z)·n + z·h(t-1)", state=True),
    ),
    phases=(
        Phase("inputs", "inputs", INPUTS_STAGE, "inputs arrive: x(t) and h(t-1)", "", ("x", "h_prev")),
        Phase("reset", "reset gate", 1, "r(t) = σ(W_r x(t) + U_r h(t-1) + b_r)",
              "how much of h(t-1) the candidate may use", ("r_pre_x", "r_pre_h", "r_pre", "r")),
        Phase("update", "update gate", 2, "z(t) = σ(W_z x(t) + U_z h(t-1) + b_z)",
              "how much of h(t-1) to keep", ("z_pre_x", "z_pre_h", "z_pre", "z")),
        Phase("candidate", "candidate", 3, "n(t) = tanh(W_n x(t) + b_in + r(t) ⊙ (U_n h(t-1) + b_hn))",
              "the reset gate scales the recurrent part", ("n_pre_x", "n_pre_h", "n_pre", "n")),
        Phase("hidden", "hidden state", LAST_STAGE, "h(t) = (1 − z(t)) ⊙ n(t) + z(t) ⊙ h(t-1)",
              "keep z of the old state, take 1 − z of the new", ("h",)),
    ),  # fmt: skip
    states=("h",),
    summary="h(t) = (1 − z) ⊙ n + z ⊙ h(t-1)",
)

#: A trained lesson's readout on the hidden state (rnnviz.core.lesson.Readout): the trace's quantity
#: "y", T rows of K outputs, known once h(t) is (the last stage).
READOUT = Quantity("y", "y(t)", "y(t) = W_y h(t) + b_y  (readout)")

#: Every model, in the order lessons, menus and the canvas list them.
SPECS: dict[str, ModelSpec] = {spec.id: spec for spec in (RNN, LSTM, GRU)}
MODELS = tuple(SPECS)
MODEL_TITLES = {id: spec.title for id, spec in SPECS.items()}
GATES = {id: spec.gate_ids for id, spec in SPECS.items()}


def spec(model: str) -> ModelSpec:
    """The description of a model id; KeyError names the known ones."""
    try:
        return SPECS[model]
    except KeyError:
        raise KeyError(f"unknown model {model!r} (expected {', '.join(MODELS)})") from None


def models_text() -> str:
    """'rnn, lstm or gru' for messages."""
    return ", ".join(MODELS[:-1]) + f" or {MODELS[-1]}"


# -- the playhead's position and what it shows ------------------------------------------------
@dataclass(frozen=True)
class Position:
    """Timestep t (0 = initial state, 1..T = after reading token t) and stage within it (STAGES).

    After the forward pass the playhead walks the backward pass: ``backward`` positions go from
    t = T down to 0, each showing the gradient from h(T) arriving at h(t); every forward value
    is computed by then, so they show the whole timestep t (their phase is the last stage).
    """

    step: int
    phase: int = LAST_STAGE
    backward: bool = False

    def reached(self, step: int, phase: int) -> bool:
        """Whether the value computed in (step, phase) is visible at this position."""
        return self.backward or (self.step, self.phase) >= (step, phase)


def stages_of(models) -> tuple[int, ...]:
    """The stages a set of shown models step through, in order (at least inputs and hidden)."""
    used = {INPUTS_STAGE, LAST_STAGE}
    for model in models:
        used.update(spec(model).stages)
    return tuple(sorted(used))


def stage_name(stage: int, models) -> str:
    """What happens at a stage for these models: "forget gate" or "forget gate (LSTM) · reset gate (GRU)"."""
    phases = [(spec(m), spec(m).phase_at(stage)) for m in models]
    phases = [(s, p) for s, p in phases if p is not None]
    names = list(dict.fromkeys(p.name for _, p in phases))
    if len(names) <= 1:
        return names[0] if names else STAGES[stage]
    return " · ".join(f"{p.name} ({s.title})" for s, p in phases)


def visible(trace: Trace, position: Position) -> dict[str, np.ndarray | None]:
    """What each of the trace's quantities shows at a position: its values, or None (not computed yet).

    Keys are the model's input ids (x, h_prev, c_prev) and its quantity ids. At t = 0 only
    the states (h, c) show, holding the initial state; at t >= 1 a quantity shows once the
    stage of the phase computing it is reached.
    """
    model = spec(trace.model)
    t = position.step
    out: dict[str, np.ndarray | None] = {}
    if t == 0:
        for q in (*model.inputs, *model.quantities):
            out[q.id] = trace.value(q.id, 0) if q.state else None
        return out
    for id, stage in model.revealed.items():
        out[id] = _value(trace, id, t) if stage <= position.phase else None
    return out


def _value(trace: Trace, id: str, step: int) -> np.ndarray:
    if id.endswith("_prev"):
        return trace.value(id[: -len("_prev")], step - 1)
    return trace.value(id, step)
