"""A few hundred random user actions from fixed seeds: the window lives and shows its session.

RNNVIZ_FUZZ_ACTIONS=5000 runs longer; bench/fuzz_window.py prints counts.
"""

from __future__ import annotations

import os

import pytest

from .window_fuzz import WindowFuzzer

ACTIONS = int(os.environ.get("RNNVIZ_FUZZ_ACTIONS", "250"))


@pytest.mark.parametrize("seed", [7])
def test_random_actions_never_break_the_window(window, tmp_path, seed):
    fuzzer = WindowFuzzer(window, seed, tmp_path)
    fuzzer.run(ACTIONS)
    assert fuzzer.count == ACTIONS
    assert set(fuzzer.tried) >= {"key", "tokens", "weight", "embedding", "undo", "redo", "open", "resize"}
