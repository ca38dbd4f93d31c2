"""Wikitext the corpus dump left in its plain text, turned into what Wikinews shows.

The dump stripped markup but missed some: links written `[[w:Target|label]]` or
`{{w|target|label}}`, bold and italic quotes, an image's options and caption left as a line
("thumb|left|Colin Powell"), and at the start of some 2004 ledes a `{{byline|date=…}}` template
that it cut one character too far, so the lede's first character went with it ("he report" for
"The report"). Links become their labels, quotes and image residue go, and a cut lede gets its
character back when the corpus's own sentence openings make one choice clear; otherwise the
fragment stays as it is, without the template.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable

# The cut template, sometimes twice over ("{{byline|date{byline|d…").
_BYLINE = re.compile(r"(?:\{\{?byline\|d(?:ate)?)+", re.IGNORECASE)
# An image's options, then its caption: the start of a line the dump kept from [[Image:…]].
_IMAGE_OPTIONS = re.compile(
    r"^(?:(?:thumb|thumbnail|frame|frameless|border|left|right|center|none|upright|\d+px)\|)+"
)
_LINK = re.compile(r"\[\[?(?:[^\[\]|]*\|)?([^\[\]|]+)\]\]")
_W_TEMPLATE = re.compile(r"\{\{?w\|(?:[^{}|]*\|)?([^{}|]+)\}\}")
_EMPHASIS = re.compile(r"'{2,}")
_OPENING = re.compile(r"(?:^|[.!?][\"'”’]?\s+)([^\W\d_]+)(?:[ ,]+([^\W\d_]+))?", re.MULTILINE)
# A restored opening word must be this many times commoner than the next choice.
_MIN_LEAD = 2.0


def opening_words(texts: Iterable[str]) -> Counter[str]:
    """How often each word, and each pair of words, opens a sentence: what a cut lede's first
    word is checked against ("Of the" and "If such" tell apart what "f" alone cannot)."""
    counts: Counter[str] = Counter()
    for text in texts:
        for first, second in _OPENING.findall(text):
            counts[first] += 1
            if second:
                counts[f"{first} {second}"] += 1
    return counts


def has_cut_byline(text: str) -> bool:
    return _BYLINE.search(text) is not None


def unwiki(text: str, openings: Counter[str]) -> str:
    """The text with image residue dropped, cut ledes repaired, links as their labels and no
    emphasis quotes; line breaks (paragraphs) kept."""
    text = "\n".join(_line(line, openings) for line in text.split("\n"))
    text = _LINK.sub(r"\1", text)
    text = _W_TEMPLATE.sub(r"\1", text)
    return _EMPHASIS.sub("", text)


def _line(line: str, openings: Counter[str]) -> str:
    stripped = line.strip()
    marker = _BYLINE.search(stripped)
    if _IMAGE_OPTIONS.match(stripped):  # the caption of an image the text does not show
        return _restore_first(stripped[marker.end() :], openings) if marker else ""
    if marker and marker.start() == 0:
        return _restore_first(stripped[marker.end() :], openings)
    return line


def _restore_first(rest: str, openings: Counter[str]) -> str:
    """Put back the character the cut took: a doubled markup character ("[w:…]]", "'…"), or the
    capital that makes the first word one the corpus opens sentences with clearly more often
    than any other choice."""
    if rest[:1] in "['{" and rest[1:2] != rest[:1]:
        return rest[:1] + rest
    first = re.match(r"([^\W\d_]+)(?:[ ,]+([^\W\d_]+))?", rest)
    if first is None:
        return rest
    word, after = first.groups()
    for key in ((lambda c: f"{c}{word} {after}") if after else None, lambda c: f"{c}{word}"):
        if key is None:
            continue
        ranked = sorted(((openings[key(c)], c) for c in string.ascii_uppercase), reverse=True)
        (best, letter), (runner_up, _) = ranked[0], ranked[1]
        if best > 0:  # the pair decides when the corpus has seen it, else the word alone
            return letter + rest if best >= _MIN_LEAD * runner_up else rest
    return rest
