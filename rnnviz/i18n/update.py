"""Extract the window's strings into the .ts sources and compile them to .qm files.

    python -m rnnviz.i18n.update            # update rnnviz_<language>.ts, then compile each to .qm
    python -m rnnviz.i18n.update --check    # exit 1 if a .ts is out of date or unfinished (no writes)

The strings are found without running the window:

* in every module of rnnviz/ui, each call ``_tr("literal")`` (in the module's ``CONTEXT``),
  ``QCoreApplication.translate("context", "literal")`` and ``core_text("literal")`` (context "core");
* the words of the Qt-free core the window shows, context "core": every model description's
  title, gate names, quantity symbols and labels, phase names, equations and notes, the common
  stage names and every stage name of every combination of models, and the texts each diagram
  layout draws (rnnviz.ui.diagrams, recorded through its Drawing interface).

A .ts keeps the translations it has for strings still in use, adds new strings as unfinished,
and drops strings no longer used. Compiling uses pyside6-lrelease (part of PySide6).
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI = HERE.parent / "ui"
LANGUAGES = ("zh_CN",)
CORE = "core"

Message = tuple[str, str]  # (context, source text)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def ui_strings(folder: Path = UI) -> list[Message]:
    """The translatable strings of the window's modules, in source order."""
    found: list[Message] = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        context = None
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == "CONTEXT" for t in targets):
                context = _literal(node.value)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            args = [_literal(a) for a in node.args]
            if name == "_tr" and args and args[0] is not None:
                if context is None:
                    raise SystemExit(f"{path.name}: _tr() used but no CONTEXT = \"...\" at module level")
                found.append((context, args[0]))
            elif name == "core_text" and args and args[0] is not None:
                found.append((CORE, args[0]))
            elif name == "translate" and len(args) >= 2 and args[0] is not None and args[1] is not None:
                found.append((args[0], args[1]))
    return found


def core_strings() -> list[Message]:
    """The Qt-free core's words that the window shows (translated there with core_text)."""
    from rnnviz.core.models import MODELS, READOUT, SPECS, STAGES, stage_name
    from rnnviz.core.tasks import TASKS
    from rnnviz.core.whatif import DESCRIBE_WORDS
    from rnnviz.ui.diagrams import LAYOUTS, _Recorder

    texts: list[str] = [*STAGES, READOUT.label, *DESCRIBE_WORDS, *(task.description for task in TASKS.values())]
    for spec in SPECS.values():
        texts += [spec.title, spec.summary]
        texts += [gate.name for gate in spec.gates]
        for q in (*spec.inputs, *spec.quantities):
            texts += [q.symbol, q.label]
        for phase in spec.phases:
            texts += [phase.name, phase.equation, phase.note]
    for count in range(1, len(MODELS) + 1):
        for models in itertools.combinations(MODELS, count):
            texts += [stage_name(stage, models) for stage in range(len(STAGES))]
    from rnnviz.core import edits

    records = [cls for cls in vars(edits).values() if isinstance(cls, type)]
    texts += [cls.text for cls in records if isinstance(getattr(cls, "text", None), str)]
    for layout in LAYOUTS.values():
        recorder = _Recorder()
        layout.draw(recorder)
        texts += recorder.texts
    return [(CORE, text) for text in texts if text and text.strip()]


#: The calls that carry a message for the user out of the core and the importers.
RAISERS = {"LessonError", "_fail", "fail", "ValueError", "ModelImportError", "_Damaged", "_Refused", "KeyError",
           "IndexError", "LookupError"}  # fmt: skip
MESSAGES = "messages"  # the context of the core's error messages
MESSAGE_SOURCES = ("core/*.py", "importers/*.py", "session.py", "resources.py")
MIN_LETTERS = 10  # a template with fewer literal letters ("{0}: {1}") would match any message


def _template(node: ast.AST) -> str | None:
    """An f-string (or a plain string) as a template: each {expression} becomes {0}, {1}, …"""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        return None
    out, k = [], 0
    for value in node.values:
        if isinstance(value, ast.Constant):
            out.append(str(value.value).replace("{", "{{").replace("}", "}}"))
        else:
            out.append(f"{{{k}}}")
            k += 1
    return "".join(out)


def message_templates(root: Path = HERE.parent) -> list[str]:
    """The error messages the core and the importers raise, as templates, in source order: what
    the window translates (rnnviz.ui.i18n.message_text matches a message to its template)."""
    found = []
    for pattern in MESSAGE_SOURCES:
        for path in sorted(root.glob(pattern)):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                template = _template(node.args[0]) if name in RAISERS else None
                literal = "" if template is None else re.sub(r"\{\d+\}", "", template)
                # two placeholders side by side ("{2}{3}") cannot be told apart in a message: left English
                adjacent = template is not None and re.search(r"\{\d+\}\{\d+\}", template)
                if template and not adjacent and sum(c.isalpha() for c in literal) >= MIN_LETTERS:
                    found.append(template)
    return list(dict.fromkeys(found))


def all_strings() -> list[Message]:
    """Every string to translate, once each, in a stable order."""
    messages = [(MESSAGES, template) for template in message_templates()]
    return list(dict.fromkeys([*ui_strings(), *core_strings(), *messages]))


# -- the .ts format ------------------------------------------------------------------------------
def read_ts(path: Path) -> dict[Message, tuple[str, bool]]:
    """(context, source) -> (translation, finished) of an existing .ts (empty if there is none)."""
    if not path.exists():
        return {}
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text or "" if translation is not None else ""
            finished = translation is not None and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, source)] = (text, finished and bool(text))
    return out


def write_ts(path: Path, language: str, messages: list[Message], known: dict[Message, tuple[str, bool]]) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    for context, source in messages:
        if context not in contexts:
            contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[context], "name").text = context
        message = ET.SubElement(contexts[context], "message")
        ET.SubElement(message, "source").text = source
        text, finished = known.get((context, source), ("", False))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not finished:
            translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, write nothing; exit 1 when out of date")
    args = parser.parse_args(argv)
    messages = all_strings()
    status = 0
    catalogue = json.dumps(message_templates(), ensure_ascii=False, indent=0) + "\n"
    catalogue_path = HERE / "messages.json"
    if args.check:
        if not catalogue_path.exists() or catalogue_path.read_text(encoding="utf-8") != catalogue:
            status = 1
            sys.stdout.write("messages.json is out of date\n")
    else:
        catalogue_path.write_text(catalogue, encoding="utf-8")
    for language in LANGUAGES:
        ts = HERE / f"rnnviz_{language}.ts"
        known = read_ts(ts)
        missing = [m for m in messages if not known.get(m, ("", False))[1]]
        if args.check:
            if missing:
                status = 1
                sys.stdout.write(f"{ts.name}: {len(missing)} of {len(messages)} strings not translated, "
                                 f"e.g. {missing[:3]}\n")
            continue
        write_ts(ts, language, messages, known)
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease(), str(ts), "-qm", str(qm)], check=True, capture_output=True)
        sys.stdout.write(f"{ts.name}: {len(messages)} strings, {len(missing)} unfinished; compiled {qm.name}\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
