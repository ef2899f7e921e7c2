"""The engine matches torch-computed golden fixtures (tests/make_golden.py) to within 1e-12."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import rnnviz

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
GOLDEN_FILES = sorted(path.name for path in GOLDEN_DIR.glob("*.json"))
TOLERANCE = 1e-12

#: What each fixture must give for each model, all compared against the trace.
CHECKED_QUANTITIES = {
    "rnn": ("h",),
    "lstm": ("h", "c", "i", "f", "g", "o"),
    "gru": ("h", "r", "z", "n"),
}


def read_fixture(file_name: str) -> dict:
    return json.loads((GOLDEN_DIR / file_name).read_text(encoding="utf-8"))


def test_golden_fixtures_exist() -> None:
    assert GOLDEN_FILES, f"no golden fixtures in {GOLDEN_DIR}; run tests/make_golden.py"
    models_covered = set()
    nonlinearities_covered = set()
    for file_name in GOLDEN_FILES:
        expected = read_fixture(file_name)["expected"]
        models_covered.update(expected)
        if "rnn" in expected:
            nonlinearities_covered.add(expected["rnn"]["nonlinearity"])
    assert models_covered == set(CHECKED_QUANTITIES)
    assert nonlinearities_covered == {"tanh", "relu"}


@pytest.mark.parametrize("file_name", GOLDEN_FILES)
def test_trace_matches_torch(file_name: str) -> None:
    fixture = read_fixture(file_name)
    assert fixture["torch_version"], "fixture does not say which torch made it"
    lesson = rnnviz.load_lesson(fixture["lesson"])
    expected_by_model = fixture["expected"]
    assert expected_by_model, "fixture has no expected values"
    assert set(expected_by_model) == set(lesson.models), "every model in the lesson is checked"

    T, H = len(lesson.tokens), lesson.hidden_size
    mismatches = []
    checked = {}
    for model, expected in expected_by_model.items():
        assert set(expected) - {"nonlinearity"} == set(CHECKED_QUANTITIES[model]), model
        if model == "rnn":
            assert lesson.models["rnn"].nonlinearity == expected["nonlinearity"]
        trace = rnnviz.trace(lesson, model)
        for quantity in CHECKED_QUANTITIES[model]:
            want = np.array(expected[quantity], dtype=np.float64)
            got = getattr(trace, quantity)
            rows = T + 1 if quantity in ("h", "c") else T
            assert want.shape == (rows, H), f"{model}.{quantity} in fixture has shape {want.shape}"
            assert got.shape == want.shape, f"{model}.{quantity}: trace shape {got.shape}"
            error = np.abs(got - want)
            worst = np.unravel_index(np.argmax(error), error.shape)
            if not error.max() <= TOLERANCE:  # also catches NaN
                mismatches.append(
                    f"{model}.{quantity}: max abs error {error.max():.3e} at row {worst[0]} "
                    f"unit {worst[1]} (rnnviz {got[worst]!r}, torch {want[worst]!r})"
                )
            checked.setdefault(model, []).append(quantity)

    assert not mismatches, "\n".join(mismatches)
    assert checked == {model: list(CHECKED_QUANTITIES[model]) for model in expected_by_model}
