"""A lesson's words for the class: a description, and notes tied to steps, with "predict, then
reveal" questions whose answer shows at the next step. Each text is in one or more languages
({"en": …, "zh": …}); a plain string is English.

In a lesson file::

    "description": {"en": "Only the first token decides…", "zh": "只有第一个词决定…"},
    "notes": [
      {"step": 1, "text": {"en": "The first token arrives.", "zh": "第一个词到了。"}},
      {"step": 5, "text": "Watch the forget gate.",
       "question": "Will C(t) keep the first token?", "answer": "Yes: f is close to 1."}
    ]

The loader refuses, with one line, a note whose step the sentence does not have (steps run
0..T), a question without an answer (or the other way round), an unknown field or language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 5000  # characters in one text of one language
MAX_NOTES = 1000
LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")  # "en", "zh", "zh-Hans"

Texts = dict[str, str]  # language -> text


@dataclass(frozen=True)
class Note:
    """What the class reads at one step: a text, and perhaps a question answered at the next step."""

    step: int
    text: Texts
    question: Texts = field(default_factory=dict)
    answer: Texts = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"step": self.step, "text": dict(self.text)}
        if self.question:
            out["question"], out["answer"] = dict(self.question), dict(self.answer)
        return out


def pick(texts: Texts, language: str = "en") -> str:
    """The text in `language`, else in English, else in the first language there is ("" if none)."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def texts(value: Any, where: str, fail) -> Texts:
    """A text field: a string (English) or {language: string}."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        fail(f"{where} is {_kind(value)}, expected a text or an object of texts by language, e.g. {{\"en\": …}}")
    out = {}
    for language, text in value.items():
        if not isinstance(language, str) or not LANGUAGE.match(language):
            fail(f"{where} has a text in {language!r}, which is not a language code like \"en\" or \"zh\"")
        if not isinstance(text, str):
            fail(f"{where}.{language} is {_kind(text)}, expected a text")
        if len(text) > MAX_TEXT:
            fail(f"{where}.{language} is {len(text)} characters long (at most {MAX_TEXT})")
        out[language] = text
    return out


def parse_notes(value: Any, T: int, fail) -> tuple[Note, ...]:
    """The "notes" field of a lesson reading T tokens; `fail(message)` raises."""
    if not isinstance(value, list):
        fail(f"notes is {_kind(value)}, expected a list of notes")
    if len(value) > MAX_NOTES:
        fail(f"notes has {len(value)} entries (at most {MAX_NOTES})")
    notes = []
    for k, entry in enumerate(value):
        where = f"notes[{k}]"
        if not isinstance(entry, dict):
            fail(f"{where} is {_kind(entry)}, expected an object with step and text")
        for key in entry:
            if key not in ("step", "text", "question", "answer"):
                fail(f"{where} has unknown field {key!r} (expected step, text, question, answer)")
        if "step" not in entry or "text" not in entry:
            fail(f"{where} needs a step and a text")
        step = entry["step"]
        if isinstance(step, bool) or not isinstance(step, int):
            fail(f"{where}.step is {_kind(step)}, expected a whole number")
        if not 0 <= step <= T:
            fail(f"{where}.step is {step}, but the lesson has {T} tokens (steps 0..{T})")
        if ("question" in entry) != ("answer" in entry):
            fail(f"{where} has a question without an answer or an answer without a question")
        question = texts(entry["question"], f"{where}.question", fail) if "question" in entry else {}
        answer = texts(entry["answer"], f"{where}.answer", fail) if "answer" in entry else {}
        notes.append(Note(step, texts(entry["text"], f"{where}.text", fail), question, answer))
    return tuple(notes)


def at_step(notes: tuple[Note, ...], step: int) -> tuple[list[Note], list[Note]]:
    """(the notes of this step, the notes of the step before whose question is answered now)."""
    return [n for n in notes if n.step == step], [n for n in notes if n.step == step - 1 and n.question]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
