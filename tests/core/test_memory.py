"""The first-token sensitivity equals finite differences of the engine itself."""

import numpy as np
import pytest

import rnnviz
from rnnviz.core.lesson import Lesson
from rnnviz.core.memory import first_token_sensitivity, sensitivities


def _lesson(model: str, T: int = 6, H: int = 4, D: int = 3, scale: float = 1.0, seed: int = 0) -> Lesson:
    rng = np.random.default_rng(seed)
    G = {"rnn": 1, "lstm": 4, "gru": 3}[model]
    tokens = [f"t{k}" for k in range(T)]
    return rnnviz.load_lesson(
        {
            "format": "rnnviz-lesson",
            "version": 1,
            "tokens": tokens,
            "embeddings": {tok: rng.uniform(-1, 1, D).tolist() for tok in tokens},
            "hidden_size": H,
            "models": {
                model: {
                    "weight_ih": rng.uniform(-scale, scale, (G * H, D)).tolist(),
                    "weight_hh": rng.uniform(-scale, scale, (G * H, H)).tolist(),
                    "bias_ih": rng.uniform(-0.5, 0.5, G * H).tolist(),
                    "bias_hh": rng.uniform(-0.5, 0.5, G * H).tolist(),
                }
            },
        }
    )


def _finite_difference(lesson: Lesson, model: str, eps: float = 1e-6, state: str = "h") -> np.ndarray:
    first = lesson.tokens[0]
    columns = []
    for d in range(lesson.embedding_size):
        h = []
        for sign in (1, -1):
            vector = lesson.embeddings[first].copy()
            vector[d] += sign * eps
            data = lesson.to_dict()
            moved = rnnviz.load_lesson({**data, "embeddings": {**data["embeddings"], first: vector.tolist()}})
            h.append(getattr(rnnviz.trace(moved, model), state)[1:])
        columns.append((h[0] - h[1]) / (2 * eps))  # (T, H)
    J = np.stack(columns, axis=-1)  # (T, H, D)
    return np.linalg.norm(J, axis=(1, 2))


@pytest.mark.parametrize(("model", "state"), [("rnn", "h"), ("lstm", "h"), ("lstm", "c"), ("gru", "h")])
def test_sensitivity_matches_finite_differences(model, state):
    lesson = _lesson(model)
    exact = first_token_sensitivity(lesson, rnnviz.trace(lesson, model), state)
    np.testing.assert_allclose(exact, _finite_difference(lesson, model, state=state), rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gru_sensitivity_matches_finite_differences_with_strong_weights(seed):
    """Large weights drive r, z and n towards saturation, where a wrong term would show most."""
    lesson = _lesson("gru", T=8, H=5, D=2, scale=2.0, seed=seed)
    exact = first_token_sensitivity(lesson, rnnviz.trace(lesson, "gru"))
    expected = _finite_difference(lesson, "gru")
    assert expected[0] > 1e-3  # the check compares real gradients, not zeros
    np.testing.assert_allclose(exact, expected, rtol=1e-5, atol=1e-9)


def test_gru_has_only_a_hidden_state_to_follow():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    norms = sensitivities(lesson, rnnviz.trace(lesson, "gru"))
    assert set(norms) == {"h"}
    assert norms["h"].shape == (3,)


def test_default_lesson_tells_the_story():
    """Built-in weights: over a longer sentence the SimpleRNN loses the first token far faster."""
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path()).with_tokens(["我", "爱", "祖国"] * 4)
    rnn = first_token_sensitivity(lesson, rnnviz.trace(lesson, "rnn"))
    cell = first_token_sensitivity(lesson, rnnviz.trace(lesson, "lstm"), "c")
    assert rnn[-1] / rnn[0] < 1e-5
    assert cell[-1] / cell[0] > 100 * rnn[-1] / rnn[0]


def test_simple_rnn_forgets_faster_than_lstm_on_the_default_lesson_style_weights():
    rnn = _lesson("rnn", T=30, scale=0.3, seed=1)
    sensitivity = first_token_sensitivity(rnn, rnnviz.trace(rnn, "rnn"))
    assert sensitivity[-1] < 1e-6 * sensitivity[0]  # vanishes geometrically


def test_huge_models_are_skipped():
    big = _lesson("lstm", T=2000, H=64, D=8)
    assert first_token_sensitivity(big, rnnviz.trace(big, "lstm")) is None


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_any_tokens_memory_ends_at_the_backward_walks_number_at_every_step(model):
    """‖∂h(t)/∂x(k)‖ by forward mode equals the backward walk's ‖∂h_T/∂x_k‖ with T cut at t:
    the memory plot and `export --gradients` are the same numbers."""
    from rnnviz.core.backward import gradient_norms

    rng = np.random.default_rng(3)
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path()).with_tokens(
        [str(k) for k in rng.integers(0, 5, 9)]
    )
    trace = rnnviz.trace(lesson, model)
    w = lesson.models[model]
    for token in (1, 4, 9):
        memory = sensitivities(lesson, trace, token)["h"]
        assert memory.shape == (trace.T - token + 1,)
        for n, t in enumerate(range(token, trace.T + 1)):
            walk = gradient_norms(w, trace.head(t))["dhT_dx"][token - 1]
            assert memory[n] == pytest.approx(walk, rel=1e-10, abs=1e-300), (token, t)


def test_a_token_outside_the_sentence_is_refused():
    lesson = rnnviz.load_lesson(rnnviz.default_lesson_path())
    trace = rnnviz.trace(lesson, "lstm")
    for token in (0, trace.T + 1):
        with pytest.raises(ValueError, match=rf"token step {token} is outside 1..{trace.T}"):
            sensitivities(lesson, trace, token)
