"""A lesson's description and notes: the file format, its refusals, edits and saving."""

from __future__ import annotations

import json

import pytest

import rnnviz
from rnnviz.core.edits import SetTokens
from rnnviz.core.lesson import LessonError
from rnnviz.core.notes import Note, at_step, pick


def _data(**fields) -> dict:
    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    data.update(fields)
    return data


NOTES = [
    {"step": 0, "text": "Before the first token."},
    {"step": 1, "text": {"en": "The first token.", "zh": "第一个词。"},
     "question": {"en": "Will f open?", "zh": "遗忘门会打开吗？"}, "answer": {"en": "Yes.", "zh": "会。"}},
    {"step": 3, "text": {"zh": "最后一个词。"}},
]  # fmt: skip


def test_description_and_notes_load_in_both_languages_and_save_back():
    lesson = rnnviz.load_lesson(_data(description={"en": "Memory.", "zh": "记忆。"}, notes=NOTES))
    assert lesson.description == {"en": "Memory.", "zh": "记忆。"}
    assert lesson.notes[0] == Note(0, {"en": "Before the first token."})
    assert lesson.notes[1].question == {"en": "Will f open?", "zh": "遗忘门会打开吗？"}
    assert pick(lesson.notes[1].text, "zh") == "第一个词。"
    assert pick(lesson.notes[2].text, "en") == "最后一个词。"  # no English: the language there is
    again = rnnviz.load_lesson(json.loads(lesson.to_json()))
    assert again.notes == lesson.notes
    assert again.description == lesson.description
    plain = rnnviz.load_lesson(_data(description="Just English."))
    assert plain.description == {"en": "Just English."}
    bare = {key: value for key, value in _data().items() if key not in ("notes", "description")}
    assert "notes" not in rnnviz.load_lesson(bare).to_dict()
    assert "description" not in rnnviz.load_lesson(bare).to_dict()


def test_the_notes_of_a_step_and_the_answer_it_reveals():
    lesson = rnnviz.load_lesson(_data(notes=NOTES))
    here, answered = at_step(lesson.notes, 1)
    assert [n.step for n in here] == [1]
    assert answered == []
    here, answered = at_step(lesson.notes, 2)
    assert here == []
    assert [pick(n.answer) for n in answered] == ["Yes."]  # predicted at step 1, revealed at step 2


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ([{"step": 4, "text": "x"}], r"notes\[0\]\.step is 4, but the lesson has 3 tokens \(steps 0\.\.3\)"),
        ([{"step": -1, "text": "x"}], r"notes\[0\]\.step is -1, but the lesson has 3 tokens"),
        ([{"step": True, "text": "x"}], r"notes\[0\]\.step is true, expected a whole number"),
        ([{"step": 1.5, "text": "x"}], r"notes\[0\]\.step is the number 1\.5, expected a whole number"),
        ([{"step": 1}], r"notes\[0\] needs a step and a text"),
        ([{"step": 1, "text": "x", "question": "q"}], r"a question without an answer"),
        ([{"step": 1, "text": "x", "answer": "a"}], r"an answer without a question"),
        ([{"step": 1, "text": "x", "colour": "red"}], r"notes\[0\] has unknown field 'colour'"),
        ([{"step": 1, "text": {"english": "x"}}], r"notes\[0\]\.text has a text in 'english', which is not a language"),
        ([{"step": 1, "text": {"en": 3}}], r"notes\[0\]\.text\.en is the number 3, expected a text"),
        ([{"step": 1, "text": {}}], r"notes\[0\]\.text is an object, expected a text or an object of texts"),
        ([{"step": 1, "text": "x" * 5001}], r"notes\[0\]\.text\.en is 5001 characters long \(at most 5000\)"),
        ({"step": 1}, r"notes is an object, expected a list of notes"),
        (["x"], r"notes\[0\] is a text, expected an object with step and text"),
    ],
)
def test_bad_notes_are_refused_in_one_line(notes, message):
    with pytest.raises(LessonError, match=message) as caught:
        rnnviz.load_lesson(_data(notes=notes))
    assert "\n" not in str(caught.value)


def test_a_bad_description_is_refused():
    with pytest.raises(LessonError, match="description is the number 5, expected a text"):
        rnnviz.load_lesson(_data(description=5))


def test_a_shorter_sentence_leaves_out_its_notes_and_undo_brings_them_back():
    lesson = rnnviz.load_lesson(_data(notes=NOTES))
    shorter, inverse = SetTokens(("我", "爱")).apply(lesson)
    assert [n.step for n in shorter.notes] == [0, 1]  # step 3 does not exist any more
    rnnviz.load_lesson(shorter.to_dict())  # and so the lesson still saves and loads
    restored, _ = inverse.apply(shorter)
    assert restored.notes == lesson.notes
    assert restored.tokens == lesson.tokens
