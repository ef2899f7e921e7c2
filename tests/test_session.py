"""The playhead and the session's views, tested without Qt."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rnnviz.core.edits import SetTokens
from rnnviz.core.lesson import load_lesson
from rnnviz.core.models import LAST_STAGE, Position
from rnnviz.resources import default_lesson_path
from rnnviz.session import Playhead, Session


class Recorder:
    """A view that writes down what it was told."""

    def __init__(self):
        self.calls: list[tuple] = []

    def show_lesson(self, session):
        self.calls.append(("lesson", session.shown_models, session.T))

    def show_position(self, session, position):
        self.calls.append(("position", position, session.selected_unit))


@pytest.fixture
def lesson():
    return load_lesson(default_lesson_path())


def _key(position: Position) -> tuple:
    return ("back", position.step) if position.backward else (position.step, position.phase)


def walk(playhead: Playhead) -> list[tuple]:
    """Every position from here to the end, by phase: (step, phase) forward, ("back", step) on
    the backward pass (a playhead that never gets there fails, not hangs)."""
    seen = [_key(playhead.position)]
    for _ in range(1000):
        if playhead.at_end:
            return seen
        playhead.phase_forward()
        seen.append(_key(playhead.position))
    raise AssertionError(f"the playhead never reached the end: {seen[:20]} …")


def test_playhead_walks_every_stage_of_the_lstm_then_back_through_time():
    playhead = Playhead(2, (0, 1, 2, 3, 4, 5))
    assert walk(playhead) == [(0, 5)] + [(t, s) for t in (1, 2) for s in range(6)] + [("back", t) for t in (2, 1, 0)]
    assert playhead.index == playhead.last_index == 15
    assert playhead.forward_end == 12
    assert playhead.position == Position(0, LAST_STAGE, backward=True)


def test_playhead_skips_stages_no_shown_model_uses():
    back = [("back", 2), ("back", 1), ("back", 0)]
    assert walk(Playhead(2, (0, 1, 2, 3, 5))) == [(0, 5), (1, 0), (1, 1), (1, 2), (1, 3), (1, 5),
                                                   (2, 0), (2, 1), (2, 2), (2, 3), (2, 5), *back]  # fmt: skip
    assert walk(Playhead(3, (0, 5))) == [(0, 5), (1, 0), (1, 5), (2, 0), (2, 5), (3, 0), (3, 5), ("back", 3), *back]


def test_the_backward_pass_steps_both_ways_and_has_no_phases():
    playhead = Playhead(3, (0, 1, 2, 3, 5))
    playhead.to_end()
    assert playhead.position == Position(3)
    assert not playhead.at_end
    playhead.step_forward()  # from the last forward phase into the backward pass
    assert playhead.position == Position(3, LAST_STAGE, backward=True)
    playhead.step_forward()
    assert playhead.position == Position(2, backward=True)
    playhead.phase_forward()  # a backward step has no phases: phase and step move alike
    assert playhead.position == Position(1, backward=True)
    playhead.step_back()
    playhead.phase_back()
    assert playhead.position == Position(3, backward=True)
    playhead.step_back()  # back out of the backward pass: the end of the forward pass
    assert playhead.position == Position(3, LAST_STAGE)
    playhead.run_backward()
    assert playhead.position == Position(3, backward=True)
    playhead.move_to(Position(-2, 1, backward=True))
    assert playhead.position == Position(0, LAST_STAGE, backward=True)
    assert playhead.at_end
    playhead.step_forward()  # the end: stays
    assert playhead.position == Position(0, backward=True)
    playhead.reset()
    assert playhead.position == Position(0)
    assert playhead.index == 0


def test_an_empty_sequence_has_no_backward_pass():
    playhead = Playhead(0)
    assert playhead.last_index == 0
    assert playhead.at_end
    playhead.move_to(Position(0, backward=True))
    assert playhead.position == Position(0)
    playhead.run_backward()
    assert playhead.position == Position(0)


def test_playhead_phase_back_and_step_moves():
    playhead = Playhead(3, (0, 1, 2, 3, 5))
    playhead.move_to(Position(2, 1))
    playhead.phase_back()
    assert playhead.position == Position(2, 0)
    playhead.phase_back()
    assert playhead.position == Position(1, 5)
    playhead.step_forward()
    assert playhead.position == Position(2, LAST_STAGE)
    playhead.step_back()
    playhead.step_back()
    playhead.step_back()
    assert playhead.position == Position(0, LAST_STAGE)
    playhead.phase_back()
    assert playhead.position == Position(0)
    playhead.to_end()
    assert playhead.position == Position(3)
    assert playhead.index == playhead.forward_end


def test_playhead_snaps_an_unused_stage_to_the_next_used_one():
    playhead = Playhead(3, (0, 1, 2, 3, 5))
    playhead.move_to(Position(2, 4))  # the GRU has no output gate
    assert playhead.position == Position(2, 5)
    playhead.move_to(Position(9, 0))
    assert playhead.position == Position(3, 0)
    playhead.move_to(Position(-4, 2))
    assert playhead.position == Position(0, LAST_STAGE)


def test_playhead_tells_listeners_only_of_real_moves():
    playhead = Playhead(2)
    heard = []
    playhead.subscribe(heard.append)
    playhead.step_back()
    playhead.reset()
    assert heard == []
    for _ in range(6):
        playhead.step_forward()
    backward = [Position(t, backward=True) for t in (2, 1, 0)]
    assert heard == [Position(1), Position(2), *backward]  # the end: no more moves


def test_a_registered_view_is_shown_the_lesson_then_follows_the_playhead(lesson):
    session = Session(lesson)
    view = Recorder()
    session.add_view(view)
    assert view.calls == [("lesson", ("rnn", "lstm", "gru"), 3), ("position", Position(0), None)]
    session.playhead.phase_forward()
    assert view.calls[-1] == ("position", Position(1, 0), None)
    session.select_unit(2)
    assert view.calls[-1] == ("position", Position(1, 0), 2)
    session.select_unit(7)  # no such unit: clears the selection
    assert session.selected_unit is None
    assert view.calls[-1] == ("position", Position(1, 0), None)
    count = len(view.calls)
    session.select_unit(None)
    assert len(view.calls) == count


def test_showing_fewer_models_changes_the_stages_and_keeps_the_place(lesson):
    session = Session(lesson)
    view = Recorder()
    session.add_view(view)
    session.playhead.move_to(Position(2, 4))
    session.show_models(["gru"])
    assert session.shown_models == ("gru",)
    assert session.playhead.position == Position(2, 5)  # no output gate in a GRU
    assert view.calls[-2:] == [("lesson", ("gru",), 3), ("position", Position(2, 5), None)]
    assert list(session.shown_traces()) == ["gru"]
    session.show_models(["lstm", "rnn"])
    assert session.shown_models == ("rnn", "lstm")
    with pytest.raises(ValueError, match="at least one"):
        session.show_models([])


def test_models_the_lesson_lacks_are_not_shown(lesson):
    gru_only = replace(lesson, models={"gru": lesson.models["gru"]})
    session = Session(gru_only, models=("lstm",))
    assert session.shown_models == ("gru",)  # none of the wanted ones: all of its own
    session.load(lesson, None)
    assert session.shown_models == ("lstm",)


def test_an_edit_tells_views_the_lesson_first_and_clamps_the_playhead(lesson):
    session = Session(lesson)
    view = Recorder()
    session.add_view(view)
    session.playhead.to_end()
    view.calls.clear()
    session.apply(SetTokens(("我",)))
    assert session.playhead.position == Position(1)
    assert view.calls == [("lesson", ("rnn", "lstm", "gru"), 1), ("position", Position(1), None)]


def test_loading_a_lesson_starts_at_the_beginning_and_clears_the_selection(lesson):
    session = Session(lesson)
    session.playhead.to_end()
    session.select_unit(1)
    session.load(lesson, None)
    assert session.playhead.position == Position(0)
    assert session.selected_unit is None


def test_a_failing_view_does_not_stop_the_others(lesson):
    session = Session(lesson)

    class Broken(Recorder):
        def show_position(self, session, position):
            raise RuntimeError("broken view")

    reported = []
    session.on_view_error = lambda error, where: reported.append((str(error), where))
    good = Recorder()
    session.add_view(Broken())
    session.add_view(good)
    session.playhead.step_forward()
    assert good.calls[-1] == ("position", Position(1), None)
    assert reported[-1] == ("broken view", "updating the Broken")
    session.on_view_error = None
    with pytest.raises(RuntimeError):
        session.playhead.step_forward()


def test_session_token_by_step(lesson):
    session = Session(lesson)
    assert [session.token(step) for step in range(4)] == ["", "我", "爱", "祖国"]


def test_the_window_takes_lessons_up_to_its_token_cap(lesson):
    from rnnviz.core.lesson import LessonError
    from rnnviz.session import MAX_WINDOW_TOKENS, check_window_length

    check_window_length(lesson.with_tokens(["a"] * MAX_WINDOW_TOKENS))  # exactly the cap: fine
    with pytest.raises(LessonError, match=f"1001 tokens; the window shows at most {MAX_WINDOW_TOKENS}"):
        check_window_length(lesson.with_tokens(["a"] * (MAX_WINDOW_TOKENS + 1)), "x")


def test_playhead_stages_always_hold_the_inputs_and_the_hidden_state():
    playhead = Playhead(2, (3, 1))
    assert playhead.stages == (0, 1, 3, 5)
    playhead.move_to(Position(1, 4))
    assert playhead.position == Position(1, 5)


def test_selecting_units_inside_and_outside_the_hidden_size(lesson):
    session = Session(lesson)  # H = 3
    session.select_unit(2)
    assert session.selected_unit == 2
    session.select_unit(0)
    assert session.selected_unit == 0
    session.select_unit(3)
    assert session.selected_unit is None
    session.select_unit(1)
    session.select_unit(-1)
    assert session.selected_unit is None


def test_a_smaller_hidden_size_drops_a_selection_it_no_longer_has(lesson):
    from rnnviz.core.edits import ResizeHidden

    session = Session(lesson)
    session.select_unit(2)
    session.apply(ResizeHidden(3, seed=1))  # same size: kept
    assert session.selected_unit == 2
    session.apply(ResizeHidden(2, seed=1))  # unit 2 is gone
    assert session.selected_unit is None
    session.select_unit(1)
    session.apply(ResizeHidden(4, seed=1))
    assert session.selected_unit == 1


def test_saving_to_its_own_file_and_over_a_read_only_one(lesson, tmp_path):
    import os
    import stat

    from rnnviz.core.atomic import ReadOnlyTargetError
    from rnnviz.core.edits import SetTitle

    session = Session(lesson)
    with pytest.raises(ValueError, match="no file"):
        session.save()
    first = tmp_path / "first.json"
    session.save(first)
    assert session.path == first
    assert session.saved_lesson is session.lesson
    session.apply(SetTitle("changed"))
    session.save()  # to its own file
    assert load_lesson(first).title == "changed"
    locked = tmp_path / "locked.json"
    locked.write_text("{}")
    os.chmod(locked, stat.S_IRUSR)
    with pytest.raises(ReadOnlyTargetError):
        session.save(locked)
    assert locked.read_text() == "{}"
    assert session.path == first
    session.save(locked, replace_readonly=True)
    assert load_lesson(locked).title == "changed"


# -- the token the memory plot follows --------------------------------------------------------
class _Recorder:
    def __init__(self):
        self.lessons = 0

    def show_lesson(self, session):
        self.lessons += 1

    def show_position(self, session, position):
        pass


def test_the_memory_plot_follows_the_first_token_until_told_otherwise():
    session = Session(load_lesson(default_lesson_path()))
    view = _Recorder()
    session.add_view(view)
    assert session.memory_token == 1
    session.follow_token(3)
    assert session.memory_token == 3
    assert view.lessons == 2  # every view hears of it, as after an edit
    session.follow_token(3)
    assert view.lessons == 2  # the same token: nothing to redraw
    for asked, followed in ((0, 1), (-5, 1), (7, 3), (2, 2)):  # clamped to 1..T
        session.follow_token(asked)
        assert session.memory_token == followed, asked
    session.follow_token(3)
    session.apply(SetTokens(("我", "爱")))  # a shorter sentence: its last token
    assert session.memory_token == 2
    session.load(load_lesson(default_lesson_path()), None)  # another lesson: its first token
    assert session.memory_token == 1


def test_what_if_overrides_reach_every_view_and_the_same_ones_again_do_nothing():
    from rnnviz.core.whatif import NONE, WhatIf

    session = Session(load_lesson(default_lesson_path()))
    view = _Recorder()
    session.add_view(view)
    lesson = session.lesson
    session.set_whatif(WhatIf().force("lstm", "f", 1))
    assert view.lessons == 2
    assert (session.traces["lstm"].f == 1.0).all()
    assert session.lesson is lesson  # not an edit
    session.set_whatif(WhatIf().force("lstm", "f", 1))  # the same overrides: nothing to redo
    assert view.lessons == 2
    session.set_whatif(NONE)
    assert view.lessons == 3
    assert not (session.traces["lstm"].f == 1.0).all()


def test_the_backward_pass_follows_edits_and_what_ifs(lesson):
    from rnnviz.core.backward import backward_pass
    from rnnviz.core.edits import SetWeight
    from rnnviz.core.whatif import WhatIf

    session = Session(lesson)
    first = session.backward_pass("lstm")
    assert session.backward_pass("lstm") is first  # kept while the trace stays
    session.apply(SetWeight("lstm", "weight_hh", (0, 1), 2.5))
    edited = session.backward_pass("lstm")
    want = backward_pass(session.lesson.models["lstm"], session.traces["lstm"])
    np.testing.assert_array_equal(edited.at_h, want.at_h)
    assert not np.array_equal(edited.at_h, first.at_h)
    session.set_whatif(WhatIf(gates=(("lstm", "f", 1.0), ("lstm", "i", 0.0))))  # a perfect memory: f = 1 all along
    np.testing.assert_array_equal(session.backward_pass("lstm").factor[1:], np.ones(session.T))
    assert session.position_name(Position(2, backward=True)) == "backward pass: the gradient from h(3) reaches h(2)"
