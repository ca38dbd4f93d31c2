"""The runner's first look at an article: is there anything an English model can analyse?

Cheap checks only (this runs on every article): empty, all boilerplate, not English, huge.
An article that fails is skipped by every step with the reason recorded; one that passes with
a caveat (a one-liner, a 1 MB body) is analysed and the caveat is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.analysis import ArticleInput

# Past this, only the start is read: the article vector uses title + lede anyway.
MAX_TEXT_CHARS = 200_000
SHORT_WORDS = 25
# Frequent English function words that French, Italian, Spanish and German rarely use.
_ENGLISH = frozenset(
    (
        *("the", "and", "of", "to", "is", "was", "for", "that", "with", "are", "were", "has"),
        *("have", "this", "from", "be", "by", "it", "its", "as", "at", "an", "said", "will"),
        *("which", "their", "after", "been", "but", "not", "they", "he", "she", "who", "would"),
        "had",
    )
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BOILERPLATE = re.compile(
    r"cookie|subscribe|sign up|sign in|log in|newsletter|all rights reserved|privacy policy|"
    r"terms of (use|service)|javascript|advertisement|share (this|on)|follow us|"
    r"click here|read more|download (our|the) app|accept|copyright|©",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None


def usable_text(text: str) -> str:
    """The text without lines that are only site furniture (cookie banners, share links)."""
    lines = [line for line in text[:MAX_TEXT_CHARS].splitlines() if line.strip()]
    return "\n".join(line for line in lines if not _is_boilerplate(line))


def _is_boilerplate(line: str) -> bool:
    return len(line.split()) <= 25 and _BOILERPLATE.search(line) is not None


def english_share(text: str) -> tuple[int, float]:
    """(words, share of them that are common English function words)."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return 0, 0.0
    return len(words), sum(w in _ENGLISH for w in words) / len(words)


def latin_share(text: str) -> float:
    letters = [c for c in text[:5000] if c.isalpha()]
    if not letters:
        return 1.0
    return sum(c.isascii() for c in letters) / len(letters)


def screen(article: ArticleInput) -> Verdict:
    title, text = article.title.strip(), article.text.strip()
    if not title and not text:
        return Verdict(False, "empty: no title and no text")
    body = usable_text(text)
    if not title and not body:
        return Verdict(False, "only boilerplate: no article text")
    language = (article.language or "").lower()
    if language and not language.startswith("en"):
        return Verdict(False, f"not English (language {language})")
    sample = f"{title}\n{body}"
    words, share = english_share(sample)
    if latin_share(sample) < 0.6:
        return Verdict(False, "not English (non-Latin script)")
    if words >= 30 and share < 0.08:
        return Verdict(False, f"not English ({share:.0%} English function words)")
    if len(text) > MAX_TEXT_CHARS:
        return Verdict(True, f"text of {len(text)} characters: analysed from its start")
    if text and not body:
        return Verdict(True, "text is only boilerplate: analysed from the title")
    if len(body.split()) < SHORT_WORDS:
        return Verdict(True, "short text: analysed mostly from the title")
    return Verdict(True)
