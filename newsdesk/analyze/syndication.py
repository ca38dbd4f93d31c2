"""Is one article a copy of another? Text overlap first, syndication signals second.

Candidates come from the LSH index; this is the check that keeps precision: the true Jaccard
of the two shingle sets (near-identical texts), containment (a copy that trimmed the ending),
and, only alongside a substantial overlap, the signals publishers leave when they syndicate
(a credit line naming the other outlet, rel=canonical pointing at its site, the same byline
and lede). A text that merely quotes another's lede shares one paragraph's shingles: too
little overlap for any of the rules, so it is not a copy; neither is another outlet's own
report of the same event, which shares facts and names but few four-word runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.analyze.minhash import Shingled

# Below this many shingles (~25 words of body) a text is too generic to call a copy.
MIN_SHINGLES = 20
NEAR_DUPLICATE_JACCARD = 0.5
CONTAINED = 0.8  # share of the shorter text found in the longer one
MIN_LENGTH_RATIO = 0.2  # a 200-word extract of a 2,000-word article is a quote, not a copy
SIGNALLED_CONTAINMENT = 0.5  # overlap enough when a credit, canonical or byline says so
SAME_LEDE = 0.8


@dataclass(frozen=True)
class Doc:
    """What judging needs to know about one article."""

    id: int
    source_id: int | None
    source_name: str | None
    source_host: str | None
    canonical_host: str | None
    authors: tuple[str, ...]
    attribution: str | None
    date: datetime
    first_seen: datetime
    text: Shingled


@dataclass(frozen=True)
class Match:
    method: str
    score: float


def judge(one: Doc, two: Doc) -> Match | None:
    """The reason `one` and `two` are the same article, or None when they are not."""
    a, b = one.text.shingles, two.text.shingles
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return None
    shared = len(a & b)
    if not shared:
        return None
    jaccard = shared / (len(a) + len(b) - shared)
    if jaccard >= NEAR_DUPLICATE_JACCARD:
        return Match("near_duplicate", jaccard)
    smaller, larger = sorted((len(a), len(b)))
    containment = shared / smaller
    if containment >= CONTAINED and smaller / larger >= MIN_LENGTH_RATIO:
        return Match("contained", containment)
    if containment >= SIGNALLED_CONTAINMENT:
        signal = _signal(one, two) or _signal(two, one)
        if signal is not None:
            return Match(signal, containment)
    return None


def _signal(copy: Doc, original: Doc) -> str | None:
    if credits(copy, original):
        return "attribution"
    if points_to(copy, original):
        return "canonical"
    if copy.authors and copy.authors == original.authors and _same_lede(copy, original):
        return "byline_lede"
    return None


def credits(copy: Doc, original: Doc) -> bool:
    """The copy's credit line names the other article's publisher (by name or web host)."""
    if not copy.attribution or copy.source_id == original.source_id:
        return False
    line = copy.attribution.casefold()
    names = [original.source_name, original.source_host]
    return any(name and len(name) >= 3 and name.casefold() in line for name in names)


def points_to(copy: Doc, original: Doc) -> bool:
    """The copy's canonical URL is on the other article's publisher's site."""
    return bool(
        copy.canonical_host
        and original.source_host
        and copy.source_id != original.source_id
        and copy.canonical_host == original.source_host
    )


def _same_lede(one: Doc, two: Doc) -> bool:
    a, b = one.text.lede, two.text.lede
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= SAME_LEDE


def choose_original(members: list[Doc]) -> Doc:
    """The group's original: the one another member credits or points to, else the earliest."""
    named = [
        m
        for m in members
        if any(o.id != m.id and (credits(o, m) or points_to(o, m)) for o in members)
    ]
    pool = named or members
    return min(pool, key=lambda d: (d.date, d.first_seen, d.id))
