"""Article HTML with each of its sentences wrapped in an anchor that citations link to.

A citation "3.2" links to `#s-3-2`; this gives that sentence of the body the id, so the link
lands on it with JavaScript off (a `:target` rule highlights it) and the page's script
highlights the same element on hover. The sentences are the generator's own
(`generate.sentences`, over the stored text), found in order in the
sanitised HTML's text; the wrapping is done by inserting `<span id="s-P-S" class="sentence">`
and `</span>` into the sanitised string, never by re-serialising it, so the article's markup
and text reach the page byte for byte as they were sanitised, plus our spans. A sentence
whose text is not in the HTML as such (the stored text came from another extractor), or
whose span would cross an element it does not wholly hold, is left unwrapped.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from html import unescape

from newsdesk.generate.sentences import sentence_texts
from newsdesk.ingest.clean import BLOCK_TAGS, CELL_TAGS, SKIPPED_IN_TEXT
from newsdesk.web.markup import sanitised_tokens

SENTENCE_CLASS = "sentence"
CACHED_PAGES = 128
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})
# Elements whose content is not the article's text: raw text (an iframe's fallback) or skipped.
_NOT_TEXT = SKIPPED_IN_TEXT | {"iframe"}
_SEPARATORS = BLOCK_TAGS | CELL_TAGS
_BREAK = "\n"  # stands between blocks in the flat text; no folded sentence holds one
_PIECE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?|[^&]+|&")
# What folding changes: runs of whitespace or soft hyphens, save a lone space between words
# (most of them, left literal), which only folds at the start of a piece (after a space).
_SPACE_RUN = re.compile(r"[\s\xad]{2,}|[^\S ]|\xad|^ ")


def anchor_id(sentence_id: str) -> str:
    """The element id of sentence "3.2": "s-3-2" (ids hold only digits, so this is safe)."""
    return "s-" + sentence_id.replace(".", "-")


def cite_href(cite: str, page: str = "") -> str:
    """Where a cite links: "3.2" to the sentence on `page` (this page when ""), "17/3.2" to
    article 17's sentence."""
    if "/" in cite:
        article, sentence = cite.split("/", 1)
        return f"/article/{article}#{anchor_id(sentence)}"
    return f"{page}#{anchor_id(cite)}"


@dataclass
class _Token:
    start: int
    end: int
    kind: str  # "open", "close", "void", "text", "other"
    depth: int  # the nesting depth just before this token


class _Flat:
    """The HTML's visible text, whitespace folded as `html_to_text` folds it, mapped to the HTML.

    `text` is the folded text; `starts[i]` is where piece i begins in it, and `raw[i]`
    (html start, html end, token index) is where that piece stands in the HTML. A piece is a
    run of literal characters (one per character) or a single entity or folded space.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.raw: list[tuple[int, int, int]] = []
        self.literal: list[bool] = []
        self.last = _BREAK

    def add(self, text: str, start: int, end: int, token: int, *, literal: bool) -> None:
        self.starts.append(self.length)
        self.raw.append((start, end, token))
        self.literal.append(literal)
        self.parts.append(text)
        self.length += len(text)
        self.last = text[-1]

    def space(self, start: int, end: int, token: int) -> None:
        if self.last not in (" ", _BREAK):
            self.add(" ", start, end, token, literal=False)

    def brk(self) -> None:
        if self.last != _BREAK:
            self.parts.append(_BREAK)
            self.length += 1
            self.last = _BREAK

    def locate(self, offset: int, *, end: bool) -> tuple[int, int]:
        """(html offset, token index) of folded-text `offset` (as a start, or an end if `end`)."""
        piece = bisect_right(self.starts, offset) - 1
        start, stop, token = self.raw[piece]
        if self.literal[piece]:
            return start + offset - self.starts[piece] + (1 if end else 0), token
        return (stop if end else start), token


def _tokens(html: str) -> tuple[list[_Token], _Flat]:
    tokens: list[_Token] = []
    flat = _Flat()
    depth = 0
    skipping: str | None = None  # inside an element whose content is not text
    for match in sanitised_tokens(html):
        pos = match.end()
        tag = (match.group("tag") or "").lower()
        closing = bool(match.group("end"))
        if skipping is not None:
            kind = "close" if closing and tag == skipping else "other"
            if kind == "close":
                skipping = None
                depth -= 1
            tokens.append(_Token(match.start(), pos, kind, depth + (kind == "close")))
            continue
        if not tag:
            kind = "text" if not match.group(0).startswith("<!--") else "other"
        elif tag in _VOID:
            kind = "void"
        else:
            kind = "close" if closing else "open"
        tokens.append(_Token(match.start(), pos, kind, depth))
        index = len(tokens) - 1
        if kind == "open":
            depth += 1
            skipping = tag if tag in _NOT_TEXT else None
        elif kind == "close":
            depth -= 1
        if tag in _SEPARATORS:
            flat.brk()
        elif tag == "br":
            flat.space(match.start(), pos, index)
        elif kind == "text":
            _add_text(flat, html, match.start(), pos, index)
    return tokens, flat


def _add_text(flat: _Flat, html: str, start: int, end: int, token: int) -> None:
    for piece in _PIECE.finditer(html, start, end):
        raw = piece.group(0)
        if raw.startswith("&") and len(raw) > 1:
            char = unescape(raw)
            if char == "\xad":
                continue
            if char.isspace():
                flat.space(piece.start(), piece.end(), token)
            else:
                flat.add(char, piece.start(), piece.end(), token, literal=False)
            continue
        at, done = piece.start(), 0
        for run in _SPACE_RUN.finditer(raw):
            _literal(flat, raw[done : run.start()], at + done, token)
            if run.group(0).strip("\xad"):
                flat.space(at + run.start(), at + run.end(), token)
            done = run.end()
        _literal(flat, raw[done:], at + done, token)


def _literal(flat: _Flat, text: str, at: int, token: int) -> None:
    if text:
        flat.add(text, at, at + len(text), token, literal=True)


def _blank(html: str, start: int, end: int) -> bool:
    return not unescape(html[start:end]).replace("\xad", "").strip()


def _span(
    html: str, tokens: list[_Token], flat: _Flat, begin: int, stop: int
) -> tuple[int, int] | None:
    """HTML offsets to open and close a span holding folded text [begin, stop), or None.

    Both ends are moved out of inline elements the sentence starts or ends exactly at, until
    the span is balanced; if that needs crossing anything but whitespace, there is no span.
    """
    start, first = flat.locate(begin, end=False)
    finish, last = flat.locate(stop - 1, end=True)
    low = min(token.depth for token in tokens[first : last + 1])
    depth = tokens[first].depth
    if depth > low:
        if not _blank(html, tokens[first].start, start):
            return None
        k = first - 1
        while depth > low:
            if k < 0 or tokens[k].kind not in ("open", "text"):
                return None
            if tokens[k].kind == "text" and not _blank(html, tokens[k].start, tokens[k].end):
                return None
            if tokens[k].kind == "open":
                depth -= 1
                start = tokens[k].start
            k -= 1
    depth = tokens[last].depth
    if depth > low:
        if not _blank(html, finish, tokens[last].end):
            return None
        k = last + 1
        while depth > low:
            if k >= len(tokens) or tokens[k].kind not in ("close", "text"):
                return None
            if tokens[k].kind == "text" and not _blank(html, tokens[k].start, tokens[k].end):
                return None
            if tokens[k].kind == "close":
                depth -= 1
                finish = tokens[k].end
            k += 1
    return start, finish


@functools.lru_cache(maxsize=CACHED_PAGES)
def anchor_sentences(html: str, text: str) -> str:
    """`html` (sanitised) with each sentence of `text` found in it wrapped in its anchor span.

    Every sentence is anchored, furniture too: ids are stable either way, and judging
    furniture would triple the cost of a page view. Kept for the most recent pages: a
    page's cost is linear in its markup (p50 1 ms, but 77 ms for a 195 kB results table),
    and a read article is read again.
    """
    return anchor_given(html, sentence_texts(text)) if html and text else html


def anchor_given(html: str, sentences: list[tuple[str, str]]) -> str:
    """`html` with each (id, text) of `sentences`, in article order, found in it wrapped."""
    tokens, flat = _tokens(html)
    folded = "".join(flat.parts)
    inserts: list[tuple[int, int, str]] = []
    cursor = 0
    for sentence_id, sentence in sentences:
        want = " ".join(sentence.replace("\xad", "").split())
        found = folded.find(want, cursor) if want else -1
        if found < 0:
            continue
        cursor = found + len(want)
        span = _span(html, tokens, flat, found, cursor)
        if span is None:
            continue
        opening = f'<span id="{anchor_id(sentence_id)}" class="{SENTENCE_CLASS}">'
        inserts.append((span[0], 1, opening))
        inserts.append((span[1], 0, "</span>"))
    if not inserts:
        return html
    inserts.sort(key=lambda item: (item[0], item[1]))
    out: list[str] = []
    last = 0
    for at, _, tag in inserts:
        out.append(html[last:at])
        out.append(tag)
        last = at
    out.append(html[last:])
    return "".join(out)
