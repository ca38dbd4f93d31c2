"""Acronyms and the names they stand for, as one article writes them.

An article says 'NASA' ten times and 'National Aeronautics and Space Administration' once;
both are one organisation, and one entity and one hashtag (under the full name, the one
spelling rule of entities.py). A name is found for an acronym when the article introduces
it ('World Trade Organization (WTO)') or simply writes it somewhere: a run of capitalised
words, with only small joining words between them, whose initials are the acronym.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from newsdesk.analyze.lexicon import CONNECTORS

# Lower-case words a spelled-out name may hold without an initial of their own.
JOINERS = frozenset(CONNECTORS | {"and", "for", "the", "on", "in", "to", "at", "&"})
_ACRONYM = re.compile(r"[A-Z]{2,6}")


def introduced(body: str) -> dict[str, str]:
    """'World Trade Organization (WTO)' → {'WTO': 'World Trade Organization'}."""
    found: dict[str, str] = {}
    for match in re.finditer(r"\(([A-Z]{2,})\)", body):
        acronym = match.group(1)
        words = body[max(0, match.start() - 200) : match.start()].split()[-(2 * len(acronym) + 2) :]
        caps = 0
        for i in range(len(words) - 1, -1, -1):
            if words[i][:1].isupper():
                caps += 1
            elif words[i] not in JOINERS:
                break
            if caps == len(acronym):
                phrase = words[i:]
                initials = "".join(w[0] for w in phrase if w[:1].isupper())
                if initials == acronym:
                    found[acronym] = " ".join(phrase)
                break
    return found


@lru_cache(maxsize=4096)
def _pattern(acronym: str) -> re.Pattern[str]:
    """'NASA' → N-word, then A-word, S-word, A-word, each optionally after joining words."""
    joiner = r"(?:\s+(?:" + "|".join(re.escape(j) for j in sorted(JOINERS)) + r")){0,2}"
    words = [rf"{letter}[a-z][\w'’-]*" for letter in acronym]
    return re.compile(r"(?<![\w-])" + (joiner + r"\s+").join(words) + r"(?![\w-])")


def spelled_out(body: str, acronyms: Iterable[str]) -> dict[str, str]:
    """Each acronym the body also writes in full: {'NASA': 'National Aeronautics and ...'}."""
    found: dict[str, str] = {}
    for acronym in set(acronyms):
        if _ACRONYM.fullmatch(acronym):
            match = _pattern(acronym).search(body)
            if match is not None:
                found[acronym] = re.sub(r"\s+", " ", match.group())
    return found


def expansions(body: str, names: Iterable[str]) -> dict[str, str]:
    """Acronym → full name for this article: introduced ones first, then spelled-out ones.

    Each multi-word part of a full name ('Space Administration' of 'National Aeronautics and
    Space Administration', which the span reader cuts at 'and') maps to the full name too.
    """
    names = list(names)
    found = introduced(body)
    found.update({k: v for k, v in spelled_out(body, names).items() if k not in found})
    for full in list(found.values()):
        parts = re.split(r"\s+(?:" + "|".join(re.escape(j) for j in JOINERS) + r")\s+", full)
        for part in parts:
            if part != full and " " in part and part in names:
                found.setdefault(part, full)
    return found
