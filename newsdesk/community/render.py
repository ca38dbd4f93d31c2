"""A comment's text as HTML: escaped, in paragraphs, with http(s) links made clickable.

Readers' HTML is never rendered: every character is escaped first, and the only markup we
add is <p>, <br> and <a href="http(s)://…" rel="nofollow ugc noopener">. Links are found in
the plain text, so no other scheme (javascript:, data:) can ever become a link.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]}»”’"
MAX_LINK_TEXT = 60


def _split_url(candidate: str) -> tuple[str, str]:
    """The URL and the punctuation after it that belongs to the sentence."""
    url = candidate
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url, candidate[len(url) :]


def _link(url: str) -> str:
    shown = url if len(url) <= MAX_LINK_TEXT else url[: MAX_LINK_TEXT - 1] + "…"
    return f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(shown)}</a>'


def _line(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url, tail = _split_url(match.group(0))
        out.append(str(escape(text[position : match.start()])))
        if len(url) > len("https://"):
            out.append(_link(url))
        else:
            out.append(str(escape(url)))
        out.append(str(escape(tail)))
        position = match.end()
    out.append(str(escape(text[position:])))
    return "".join(out)


def comment_html(body: str) -> Markup:
    paragraphs = [part for part in re.split(r"\n\s*\n", body) if part.strip()]
    html = "".join(
        "<p>" + "<br>".join(_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return Markup(html)


def link_count(body: str) -> int:
    return len(_URL.findall(body))
