"""Search snippets with the matched words marked, built from plain text.

The snippet is cut from the article's plain text, every piece is escaped, and only then are
the matches wrapped in <mark>: no markup from the article or the query can reach the page.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

SNIPPET_CHARS = 260


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    words = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def mark(text: str, terms: list[str]) -> Markup:
    """`text` escaped, with each whole-word match of a term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return Markup(escape(text))
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> Markup:
    """A window of `text` around the first match (or its start), marked."""
    flat = " ".join(text.split())
    pattern = _pattern(terms)
    found = pattern.search(flat) if pattern else None
    start = 0
    if found is not None and found.start() > width // 3:
        start = flat.rfind(" ", 0, found.start() - width // 3) + 1
    end = min(len(flat), start + width)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    window = flat[start:end]
    body = mark(window, terms)
    return Markup(("… " if start else "") + body + (" …" if end < len(flat) else ""))
