"""What-if overrides: gates forced to 0 or 1, and the LSTM's forget-gate bias set for every unit.

An override is not part of the lesson's weights and is never saved with it. While it is on,
it is part of everything computed from the lesson: the traces (a forced gate shows exactly 0
or 1 at every step, its pre-activation still what the weights give), the diagrams, the
gradients (a forced gate is a constant, so nothing flows through its pre-activation) and the
CSV, which records it in a first comment line.

The classic experiment: LSTM f = 1 and i = 0 is a perfect memory, C(t) = C(t-1) exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .cells import CellWeights
from .models import SPECS

#: The gates that can be forced, per model (the sigmoid gates a class reasons about).
FORCEABLE = {"lstm": ("f", "i", "o"), "gru": ("z",)}
#: The range of the forget-gate bias slider (sigmoid(±6) is within 0.25 % of 0 or 1).
FORGET_BIAS_RANGE = (-6.0, 6.0)


@dataclass(frozen=True)
class WhatIf:
    """The overrides in force (none by default)."""

    gates: tuple[tuple[str, str, float], ...] = ()  # (model, gate, 0.0 or 1.0), sorted
    forget_bias: float | None = None  # the LSTM's b_if + b_hf for every unit, or None: the lesson's own

    def __post_init__(self) -> None:
        seen = set()
        for model, gate, value in self.gates:
            if gate not in FORCEABLE.get(model, ()):
                raise ValueError(f"the {model} gate {gate!r} cannot be forced (forceable: {_forceable_text()})")
            if value not in (0.0, 1.0):
                raise ValueError(f"a forced gate is 0 or 1, not {value!r}")
            if (model, gate) in seen:
                raise ValueError(f"the {model} gate {gate!r} is forced twice")
            seen.add((model, gate))
        if self.forget_bias is not None:
            low, high = FORGET_BIAS_RANGE
            if not (isinstance(self.forget_bias, int | float) and low <= self.forget_bias <= high):
                raise ValueError(f"the forget-gate bias must be a number from {low:g} to {high:g}")

    @property
    def active(self) -> bool:
        return bool(self.gates) or self.forget_bias is not None

    def forced(self, model: str) -> dict[str, float]:
        """{gate: value} forced in this model."""
        return {gate: value for m, gate, value in self.gates if m == model}

    def force(self, model: str, gate: str, value: float | None) -> WhatIf:
        """These overrides with `gate` of `model` forced to value (None: back to what the weights give)."""
        gates = [g for g in self.gates if g[:2] != (model, gate)]
        if value is not None:
            gates.append((model, gate, float(value)))
        return replace(self, gates=tuple(sorted(gates)))

    def with_forget_bias(self, value: float | None) -> WhatIf:
        return replace(self, forget_bias=None if value is None else float(value))

    def weights(self, model: str, w: CellWeights) -> CellWeights:
        """The weights the trace runs on: the lesson's, with the forget-gate bias set when overridden."""
        if model != "lstm" or self.forget_bias is None:
            return w
        H = w.hidden_size
        k = [gate.id for gate in SPECS["lstm"].gates].index("f")
        bias_ih, bias_hh = w.bias_ih.copy(), w.bias_hh.copy()
        bias_ih[k * H : (k + 1) * H] = self.forget_bias
        bias_hh[k * H : (k + 1) * H] = 0.0
        for array in (bias_ih, bias_hh):
            array.flags.writeable = False
        return replace(w, bias_ih=bias_ih, bias_hh=bias_hh)

    def describe(self, translate: Callable[[str], str] = str) -> str:
        """One line for the window's banner and the CSV's comment; "" when nothing is overridden.
        `translate` turns each of DESCRIBE_WORDS (and a model's title) into the window's language;
        the CSV keeps English."""
        parts = []
        for model in FORCEABLE:
            forced = self.forced(model)
            if forced:
                gates = ", ".join(f"{gate} = {value:g}" for gate, value in forced.items())
                parts.append(f"{translate(SPECS[model].title)} {gates}")
        if self.forget_bias is not None:
            parts.append(translate(DESCRIBE_WORDS[0]).format(f"{self.forget_bias:g}"))
        return translate(DESCRIBE_WORDS[1]).format(translate(DESCRIBE_WORDS[2]).join(parts)) if parts else ""


NONE = WhatIf()

#: The words describe() puts around the overrides (the window translates them).
DESCRIBE_WORDS = ("LSTM forget-gate bias = {0} for every unit", "what-if: {0} (not the lesson's weights)", "; ")


def _forceable_text() -> str:
    return ", ".join(f"{model} {'/'.join(gates)}" for model, gates in FORCEABLE.items())

