"""The window's languages: English (the source) and Simplified Chinese, through Qt's translation system.

Every visible string goes through ``QCoreApplication.translate(context, text)`` when it is shown
(never at import time, never built by concatenation): each module has a ``_tr`` for its own
context, and the Qt-free core's words (phase names, notes, quantity labels, messages) are
translated where they are shown, with :func:`core_text` (context "core"). The translations are
``rnnviz/i18n/rnnviz_<language>.ts`` (sources, in the repository) compiled to ``.qm`` files
shipped in the package; ``python -m rnnviz.i18n.update`` extracts the strings and compiles.

:func:`install` puts a language in force for the whole application (a missing or broken
``.qm`` falls back to English without an error); Qt then sends every widget a LanguageChange
event, and each widget with fixed texts sets them again in its ``retranslate()``.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

#: Language code -> its own name (menus list languages in their own language).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SOURCE_LANGUAGE = "en"
CORE_CONTEXT = "core"
MESSAGES_CONTEXT = "messages"  # the core's error messages, as templates (rnnviz/i18n/messages.json)

_installed: list[QTranslator] = []  # the translator in force (kept alive: Qt does not own it)
_current = SOURCE_LANGUAGE


def core_text(text: str) -> str:
    """A string of the Qt-free core (a phase name, a note, a label) in the window's language."""
    return QCoreApplication.translate(CORE_CONTEXT, text)


_messages: list[tuple[re.Pattern, str]] | None = None


def _message_patterns() -> list[tuple[re.Pattern, str]]:
    """The core's error-message templates (rnnviz/i18n/messages.json, written by the update tool)
    as patterns, the most specific first: "{0} is not a number" matches "x[0] is not a number"."""
    global _messages
    if _messages is None:
        try:
            templates = json.loads(resources.files("rnnviz.i18n").joinpath("messages.json").read_text("utf-8"))
        except (OSError, ValueError):
            templates = []
        patterns = []
        for template in templates:
            parts = re.split(r"(\{\d+\})", template)  # literal text and {k} placeholders, alternating
            texts = [part.replace("{{", "{").replace("}}", "}") for part in parts[::2]]
            regex = "(.+?)".join(re.escape(text) for text in texts)
            patterns.append((sum(map(len, texts)), re.compile(regex, re.DOTALL), template))
        _messages = [(regex, template) for _, regex, template in sorted(patterns, key=lambda p: -p[0])]
    return _messages


def message_text(text: str) -> str:
    """An error message from the core or an importer (English, with the values in) in the window's
    language: matched to its template, the template translated, the values put back. A message no
    template matches, or any message in English, is shown as it is."""
    if _current == SOURCE_LANGUAGE:
        return text
    for regex, template in _message_patterns():
        match = regex.fullmatch(text)
        if match:
            translated = QCoreApplication.translate(MESSAGES_CONTEXT, template)
            try:
                return translated.format(*match.groups())
            except (IndexError, KeyError, ValueError):
                return text
    return text


def system_language() -> str:
    """The language the system locale asks for, if rnnviz has it (Chinese locales: zh_CN), else English."""
    name = QLocale.system().name()  # "zh_CN", "zh_TW", "en_US", "C"
    return "zh_CN" if name.startswith("zh") else SOURCE_LANGUAGE


def qm_path(language: str):
    """The compiled translation shipped in the package (a Traversable), or None for English."""
    if language == SOURCE_LANGUAGE:
        return None
    return resources.files("rnnviz.i18n").joinpath(f"rnnviz_{language}.qm")


def install(language: str) -> str:
    """Put `language` in force for the application; returns the language now in force (English when
    the language is unknown or its translation is missing or unreadable: never an error)."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        return _current
    translator = None
    if language in LANGUAGES and language != SOURCE_LANGUAGE:
        candidate = QTranslator(app)
        path = qm_path(language)
        if path is not None and path.is_file() and candidate.load(str(path)) and not candidate.isEmpty():
            translator = candidate
    if translator is None:
        language = SOURCE_LANGUAGE
    for old in _installed:
        app.removeTranslator(old)  # sends every widget a LanguageChange event
    _installed.clear()
    if translator is not None:
        app.installTranslator(translator)  # and so does this
        _installed.append(translator)
    _current = language
    return language


def current_language() -> str:
    return _current


class Retranslating:
    """Mixin for a widget with texts of its own: on a language change it calls self.retranslate(),
    which sets them again in the language now in force (and which __init__ calls too)."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - every widget using the mixin has one
        raise NotImplementedError
