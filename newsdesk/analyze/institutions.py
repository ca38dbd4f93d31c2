"""Generic institution names ('Supreme Court', 'Parliament', 'Air Force'), tied to a country.

Every country has a supreme court, a parliament and an army, so #SupremeCourt on an article
about Chile and on one about the United States would file two different courts under one
tag, and a bare 'Union' (from 'Union Home Minister') is no name at all. A name made only of
such generic words is therefore tagged with its country: the one it names itself ('Argentine
Supreme Court', 'Supreme Court of Argentina', 'US Supreme Court', which become one tag) or
else the article's main country ('Supreme Court' in an article about Chile → #ChileSupremeCourt).
With no country to tie it to, it is no tag. A generic word that is no institution of a
country on its own ('Union', 'Party', 'Court') is no tag alone.
"""

from __future__ import annotations

from typing import NamedTuple

from newsdesk.analyze.entities import canonical
from newsdesk.analyze.gazetteer import is_country
from newsdesk.analyze.lexicon import CONNECTORS, DEMONYMS, ORG_WORDS

# Words that describe which of a country's institutions is meant, not whose it is.
QUALIFIERS = frozenset(
    """Supreme High Constitutional National Federal Central State Royal Foreign Interior Home
    Defence Defense Justice Finance Health Education Air Armed Coast Border Secret Intelligence
    Security Special Upper Lower Electoral Election Appeals Appeal Civil Criminal Military
    Presidential Public Naval Marine Marines General Labour Labor Trade Energy
    Transport Agriculture Environment""".split()  # noqa: SIM905 (a word list reads best as text)
)
# Alone, these still name one body of a country ('Parliament', 'the Army').
NATIONAL = frozenset("Parliament Congress Senate Government Cabinet Army Navy Police".split())  # noqa: SIM905


class Institution(NamedTuple):
    country: str | None  # the country the name itself says, if any
    generic: str  # the name without it: 'Supreme Court'
    # The tag's label: 'United States Supreme Court' for 'US Supreme Court' and 'Supreme
    # Court of the United States' alike; a people's adjective is kept as written ('Indian
    # National Congress', 'Argentine Supreme Court'), as it mostly is part of the name.
    label: str


def _generic(words: list[str]) -> bool:
    """Only generic words, ending in an institution word: 'Supreme Court', 'Ministry of
    Defence', 'Parliament' (one word only when it names a country's body on its own)."""
    if not words or (words[-1] not in ORG_WORDS and words[0] not in ORG_WORDS):
        return False
    if len(words) == 1:
        return words[0] in NATIONAL
    return all(w in ORG_WORDS or w in QUALIFIERS or w in CONNECTORS for w in words)


def institution(label: str) -> Institution | None:
    """The label as a generic institution, with the country it names, or None when it is a
    name of its own ('European Union', 'Indian Ocean', 'Microsoft')."""
    words = label.split()
    if _generic(words):
        return Institution(None, label, label)
    for size in (3, 2, 1):
        head, rest = " ".join(words[:size]), words[size:]
        country = canonical(head) if rest else None
        if country is not None and is_country(country) and _generic(rest):
            generic = " ".join(rest)
            kept = label if head in DEMONYMS else f"{country} {generic}"
            return Institution(country, generic, kept)
    if "of" in words:  # 'Supreme Court of Argentina', 'Supreme Court of the United States'
        at = len(words) - 1 - words[::-1].index("of")
        rest, tail = words[:at], words[at + 1 :]
        tail = tail[1:] if tail[:1] in (["the"], ["The"]) else tail
        country = canonical(" ".join(tail)) if tail else None
        if country is not None and is_country(country) and _generic(rest):
            generic = " ".join(rest)
            return Institution(country, generic, f"{country} {generic}")
    return None


def lone_generic(label: str) -> bool:
    """One generic word that names nothing alone: 'Union', 'Court', 'Party'."""
    return " " not in label and label in ORG_WORDS and label not in NATIONAL
