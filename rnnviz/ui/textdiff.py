"""Which characters of a rich text change when it is replaced by another, found without Qt.

The Equations panel shows the same paragraphs at every timestep with other numbers in them.
Laying the whole text out again (parsing its HTML, shaping every line) was the largest part of
a step; :func:`text_edits` finds, paragraph by paragraph, the one run of plain text that differs,
so that the panel replaces only those characters and Qt lays out only the paragraphs that changed.

It answers None, and the caller lays the new text out whole, whenever it cannot be sure that
the edits give exactly what the new HTML would: another number or kind of paragraphs, another
paragraph style, a changed tag, or text whose white space HTML would collapse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

__all__ = ["TextEdit", "paragraph_edits", "paragraphs", "plain_text", "text_edits"]

#: A paragraph's opening tag as the panels write them: <p ...> or <h1..6 ...>, closed by </p> or </h1..6>.
_OPENING = re.compile(r"<(p|h[1-6])(?: [^>]*)?>")
#: The inline tags a body may hold (anything else, e.g. <br> or <img>, is not one run of text).
_INLINE_TAG = re.compile(r"</?(?:b|i|u|sub|sup|span)(?: [^>]*)?>")
_ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class TextEdit:
    """Replace `length` characters from `start` of paragraph `block`'s text with `text`."""

    block: int
    start: int
    length: int
    text: str


def paragraphs(markup: str) -> list[tuple[str, str]] | None:
    """[(opening tag, body)] of each paragraph, or None if the text is not only paragraphs.
    (Found with str.find, not a regular expression: this runs at every timestep.)"""
    out, start, size = [], 0, len(markup)
    while start < size:
        if not markup.startswith("<", start):
            return None
        opened = markup.find(">", start)
        match = _OPENING.fullmatch(markup, start, opened + 1) if opened != -1 else None
        if match is None:
            return None
        closing = f"</{match.group(1)}>"
        end = markup.find(closing, opened + 1)
        if end == -1:
            return None
        out.append((markup[start : opened + 1], markup[opened + 1 : end]))
        start = end + len(closing)
    return out


def plain_text(body: str) -> str | None:
    """The characters a paragraph's body shows, or None where HTML would not show them one for one:
    a tag other than an inline one, or white space that HTML collapses (runs of it, line breaks,
    tabs, or a space at either end)."""
    if "<" in body or ">" in body:
        text = _ANY_TAG.sub("", body)
        if _INLINE_TAG.sub("", body) != text:
            return None
    else:  # most changed paragraphs: plain numbers
        text = body
    if "  " in text or "\n" in text or "\r" in text or "\t" in text or text[:1] == " " or text[-1:] == " ":
        return None
    return unescape(text)


def _clean_head(body: str, end: int) -> int:
    """The largest cut <= end that falls neither inside a tag nor inside an entity."""
    head = body[:end]
    if head.rfind("<") > head.rfind(">"):
        end = head.rfind("<")
        head = body[:end]
    if head.rfind("&") > head.rfind(";"):
        end = head.rfind("&")
    return end


def _clean_tail(body: str, start: int) -> int:
    """The smallest cut >= start that does not fall inside an entity. (A cut inside a tag needs no
    care here: that tag's "<" is then in the changed run, or the head was cut before it.)"""
    tail = body[start:]
    end_entity, begin_entity = tail.find(";"), tail.find("&")
    if end_entity != -1 and (begin_entity == -1 or end_entity < begin_entity):
        start += end_entity + 1
    return start


def _edit(block: int, old: str, new: str) -> TextEdit | None:
    """The run of plain text between the same markup that turns body `old` into body `new`."""
    if plain_text(old) is None or plain_text(new) is None:
        return None
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    head = _clean_head(old, head)  # the same cut in both: their heads are equal
    old_end, new_end = _clean_tail(old, len(old) - tail), _clean_tail(new, len(new) - tail)
    if old[old_end:] != new[new_end:]:  # cannot happen (equal tails, cut at the same place): be sure
        return None
    removed, added = old[head:old_end], new[head:new_end]
    if "<" in removed or ">" in removed or "<" in added or ">" in added:
        return None  # a tag changed: not one run of text
    start = len(unescape(_ANY_TAG.sub("", old[:head])))
    return TextEdit(block, start, len(unescape(removed)), unescape(added))


def text_edits(old: str, new: str) -> list[TextEdit] | None:
    """The edits that turn the text of HTML `old` into that of HTML `new`, one per paragraph
    that changed; None when the new text must be laid out whole (see the module's docstring)."""
    return paragraph_edits(paragraphs(old), paragraphs(new))


def paragraph_edits(before: list[tuple[str, str]] | None, after: list[tuple[str, str]] | None
                    ) -> list[TextEdit] | None:  # fmt: skip
    """text_edits for texts already split by paragraphs() (a view keeps the split of what it shows)."""
    if before is None or after is None or len(before) != len(after):
        return None
    edits = []
    for block, ((old_tag, old_body), (new_tag, new_body)) in enumerate(zip(before, after, strict=True)):
        if old_tag != new_tag:
            return None
        if old_body == new_body:
            continue
        edit = _edit(block, old_body, new_body)
        if edit is None:
            return None
        edits.append(edit)
    return edits
