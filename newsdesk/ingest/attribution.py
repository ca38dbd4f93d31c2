"""Find the line in which a republisher credits the original ("first published by …").

Kept on the article so the page can show it beside the body; the analyze stage later uses it
as one of the syndication signals.
"""

from __future__ import annotations

import re

_PATTERNS = [
    r"\b(?:was\s+|is\s+)?(?:originally|first)\s+(?:published|appeared|posted|ran)\b",
    r"\brepublished\s+(?:from|with|under|by|here)\b",
    r"\breprinted\s+(?:from|with)\b",
    r"\b(?:information|content|story|article)\s+(?:sourced|syndicated)\s+from\b",
    r"\((?:AP|Reuters|AFP|dpa|UPI)\)\s*[—–-]",
    r"\bthis (?:article|story) (?:is|was) (?:part of|produced by|brought to you by)\b",
    r"\bsource:\s+\S+",
]
_ATTRIBUTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)
_MAX_LINE = 400
# Words one of the patterns needs, lower-cased: a paragraph without any cannot match, and
# looking for them is ~20x cheaper than the case-blind regex. The four characters that the
# regex's IGNORECASE equates with ASCII letters but lower() does not are mapped first.
_NEEDED = (
    "originally",
    "first",
    "republished",
    "reprinted",
    "sourced",
    "syndicated",
    "(ap)",
    "(reuters)",
    "(afp)",
    "(dpa)",
    "(upi)",
    "this article",
    "this story",
    "source:",
)
_IGNORECASE_EXTRAS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _may_match(paragraph: str) -> bool:
    if any(char in paragraph for char in "\u0130\u0131\u017f\u212a"):
        paragraph = paragraph.translate(_IGNORECASE_EXTRAS)
    lowered = paragraph.lower()
    return any(word in lowered for word in _NEEDED)


def find_attribution(text: str) -> str | None:
    """The first short paragraph that credits another publisher, or None.

    Only the first and last three paragraphs are searched: that is where outlets put the
    credit, and an article that merely mentions "first published" in its body is not a copy.
    """
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    candidates = paragraphs[:3] + paragraphs[-3:] if len(paragraphs) > 6 else paragraphs
    for paragraph in candidates:
        if not _may_match(paragraph):
            continue
        if len(paragraph) > _MAX_LINE:
            # A long paragraph counts only when it opens with the credit: try the first
            # three positions rather than searching all of it (the same answer, the regex
            # being case-blind over a whole paragraph cost ~0.4 ms a time).
            if any(_ATTRIBUTION.match(paragraph, start) for start in range(3)):
                return _first_sentence(paragraph)
            continue
        if _ATTRIBUTION.search(paragraph):
            return paragraph
    return None


def is_attribution(line: str) -> bool:
    """Whether one short line credits another publisher (the generate stage never quotes one)."""
    return len(line) <= _MAX_LINE and _ATTRIBUTION.search(line) is not None


def _first_sentence(paragraph: str) -> str:
    end = re.search(r"[.!?](?:\s|$)", paragraph)
    return paragraph[: end.end()].strip() if end else paragraph[:_MAX_LINE]
