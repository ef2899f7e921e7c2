"""The Chinese and English interface: every visible string translated, the .qm in step with the
.ts, no string that bypasses translation, a live switch that keeps the edits, and English when a
translation is missing or broken."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

import rnnviz.ui.i18n as i18n
from rnnviz.i18n.update import all_strings, read_ts

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "rnnviz" / "i18n" / "rnnviz_zh_CN.ts"
QM = ROOT / "rnnviz" / "i18n" / "rnnviz_zh_CN.qm"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.install("en")


def test_every_visible_string_has_a_finished_chinese_translation():
    known = read_ts(TS)
    strings = all_strings()
    assert len(strings) > 300
    missing = [m for m in strings if m not in known]
    unfinished = [m for m in strings if m in known and not known[m][1]]
    assert missing == [], f"{len(missing)} strings are not in {TS.name} (python -m rnnviz.i18n.update): {missing[:5]}"
    assert unfinished == [], f"{len(unfinished)} unfinished translations: {unfinished[:5]}"
    worded = [(m, known[m][0]) for m in strings if re.search(r"[A-Za-z]{4,}", _without_names(m[1]))]
    untranslated = [(m, t) for m, t in worded if not CJK.search(t)]
    assert untranslated == [], f"translated to themselves, though they are words: {untranslated[:5]}"


#: Words that stay as they are in Chinese too: names and math.
NOT_WORDS = ("SimpleRNN", "LSTM", "GRU", "English", "rnnviz", "tanh", "relu")


def _without_names(text: str) -> str:
    for word in NOT_WORDS:
        text = text.replace(word, "")
    return text


def test_placeholders_survive_translation():
    for (context, source), (text, _) in read_ts(TS).items():
        assert sorted(re.findall(r"\{\d\}", source)) == sorted(re.findall(r"\{\d\}", text)), (context, source, text)


def test_the_compiled_qm_is_the_ts(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    for (context, source), (text, finished) in read_ts(TS).items():
        if finished:
            assert translator.translate(context, source) == text, (context, source)


VISIBLE_SETTERS = {"setText", "setToolTip", "setStatusTip", "setWindowTitle", "setPlaceholderText", "setTitle",
                   "addMenu", "setAccessibleName", "setAccessibleDescription", "setHorizontalHeaderLabels",
                   "setVerticalHeaderLabels", "QAction", "QLabel", "QPushButton", "QToolBar", "QDockWidget",
                   "QGroupBox", "QCheckBox", "QRadioButton", "setLabel", "setWhatsThis"}  # fmt: skip


def _raw_words(node: ast.AST) -> str | None:
    """A string literal or f-string with words in it (not wrapped in a translation)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[A-Za-z]{3,}", node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return text if re.search(r"[A-Za-z]{3,}", text) else None
    return None


def test_no_visible_string_bypasses_translation():
    offenders = []
    for path in sorted((ROOT / "rnnviz" / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in VISIBLE_SETTERS:
                for arg in node.args[:1]:
                    text = _raw_words(arg)
                    if text is not None:
                        offenders.append(f"{path.name}:{node.lineno} {name}({text!r})")
    assert offenders == []


def test_a_missing_or_broken_translation_falls_back_to_english(qapp, tmp_path, monkeypatch):
    broken = tmp_path / "rnnviz_zh_CN.qm"
    broken.write_bytes(b"not a qm file")
    monkeypatch.setattr(i18n, "qm_path", lambda language: broken)
    assert i18n.install("zh_CN") == "en"
    monkeypatch.setattr(i18n, "qm_path", lambda language: tmp_path / "missing.qm")
    assert i18n.install("zh_CN") == "en"
    assert i18n.install("klingon") == "en"
    assert QCoreApplication.translate("core", "forget gate") == "forget gate"


def test_chinese_is_in_force_after_install(qapp):
    assert i18n.install("zh_CN") == "zh_CN"
    assert i18n.core_text("forget gate") == "遗忘门"
    assert i18n.install("en") == "en"
    assert i18n.core_text("forget gate") == "forget gate"


def _cjk(text: str) -> bool:
    return bool(CJK.search(text))


def test_the_window_switches_language_live_and_keeps_the_edits(window, qtbot):
    from rnnviz.core.edits import SetWeight
    from rnnviz.core.models import Position

    assert window.push_edit(SetWeight("lstm", "weight_hh", (0, 1), 2.5))
    lesson, count = window.session.lesson, window.undo_stack.count()
    window.session.playhead.move_to(Position(2, 1))  # the forget gate of step 2
    window.canvas.finish_animation()
    english = {"menu": window.view_menu.title(), "status": window.position_label.text(),
               "caption": window.canvas.captions()["lstm"], "dock": window.docks[0].windowTitle()}  # fmt: skip
    assert not any(_cjk(text) for text in english.values() if text != english["status"])
    window.set_language("zh_CN")
    qtbot.wait(10)
    window.canvas.finish_animation()
    chinese = {"menu": window.view_menu.title(), "status": window.position_label.text(),
               "caption": window.canvas.captions()["lstm"], "dock": window.docks[0].windowTitle()}  # fmt: skip
    for key, text in chinese.items():
        assert _cjk(text), (key, text)
        assert text != english[key], key
    assert "遗忘门" in window.position_label.text()
    assert window.session.lesson is lesson  # nothing reloaded: the unsaved edit is still there
    assert window.undo_stack.count() == count
    assert window.isWindowModified()
    assert window.session.playhead.position == Position(2, 1)
    assert window.settings.value("language") == "zh_CN"
    window.set_language("en")
    qtbot.wait(10)
    window.canvas.finish_animation()
    again = {"menu": window.view_menu.title(), "status": window.position_label.text(),
             "caption": window.canvas.captions()["lstm"], "dock": window.docks[0].windowTitle()}  # fmt: skip
    assert again == english


# -- the core's error messages ----------------------------------------------------------------------
def test_the_message_catalogue_is_the_sources():
    import json

    from rnnviz.i18n.update import message_templates

    shipped = json.loads((ROOT / "rnnviz" / "i18n" / "messages.json").read_text(encoding="utf-8"))
    assert shipped == message_templates()  # python -m rnnviz.i18n.update writes it
    assert len(shipped) > 150


def test_every_message_template_matches_its_own_messages_and_translates(qapp):
    from rnnviz.i18n.update import message_templates

    assert i18n.install("zh_CN") == "zh_CN"
    for template in message_templates():
        count = len(re.findall(r"\{\d+\}", template))
        values = [f"V{k}x" for k in range(count)]  # values that appear nowhere in a template's own words
        message = template.format(*values)
        shown = i18n.message_text(message)
        assert CJK.search(shown), (template, shown)
        for value in values:
            assert value in shown, (template, shown)  # the values are put back, every one


def test_real_refusals_from_the_core_are_shown_in_chinese(qapp):
    import rnnviz

    data = rnnviz.load_lesson(rnnviz.default_lesson_path()).to_dict()
    refusals = []
    for key, value in (("hidden_size", "three"), ("tokens", []), ("tokens", ["ok", "   "]), ("version", 99)):
        bad = dict(data, **{key: value})
        with pytest.raises(rnnviz.LessonError) as caught:
            rnnviz.load_lesson(bad)
        refusals.append(str(caught.value))
    bad = json.loads(json.dumps(data))
    bad["models"]["lstm"]["weight_ih"][0][0] = "NaN"
    with pytest.raises(rnnviz.LessonError) as caught:
        rnnviz.load_lesson(bad)
    refusals.append(str(caught.value))
    assert i18n.message_text(refusals[0]) == refusals[0]  # English in force: as it is
    i18n.install("zh_CN")
    for message in refusals:
        shown = i18n.message_text(message)
        assert CJK.search(shown), message
    assert i18n.message_text("something no template knows") == "something no template knows"


def test_the_window_shows_a_refused_token_in_chinese(window, qtbot):
    window.set_language("zh_CN")
    window.token_field.setText("ok \u200b")  # a token that shows nothing: refused by the core
    window.apply_tokens()
    shown = window.statusBar().currentMessage()
    assert CJK.search(shown), shown
    window.set_language("en")
