"""General news topics an article discusses: #Elections, #ClimateChange, #DeathPenalty.

Names tell who and where; a reader also follows what kind of story it is. An article about a
Mozambican vote that names no one twice gets #Mozambique and nothing else from the entity
rules, yet it is plainly about #Elections. The topics are a fixed, general list
(data/topics.txt, in the style of news desks' subject lists), each with the other words for
it ('execution' for the death penalty), found as whole words in the text.

A topic word counts only where it is an ordinary word: written in lower case, or opening a
sentence. 'Labour' in 'the Labour Party' or 'Trade' in 'World Trade Organization' is part of a
name, which the entity rules already see. All-capital forms ('AIDS', 'NBA') match as written.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "topics.txt"
# Longest form, in words ('mergers and acquisitions').
MAX_WORDS = 4
# A topic the title names must come back in the text; one the title does not name must be
# named this often: fewer, and it is a word in passing ('police said'), not the subject.
MIN_MENTIONS = 4
TITLE_WEIGHT = 2.0
_TOKEN = re.compile(r"[^\W_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”\n])\s*$")


def _variants(form: str) -> set[str]:
    """The form and its other number: 'elections' ↔ 'election' (the last word only)."""
    if form.isupper():
        return {form}
    form = form.lower()
    if form.endswith("s") and not form.endswith("ss"):
        return {form, form[:-1]}
    return {form, form + "s"}


@lru_cache(maxsize=1)
def forms() -> dict[str, str]:
    """Every form (lower case, or all capitals as written) → its topic label."""
    found: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        label, _, others = line.partition("|")
        label = label.strip()
        for form in [label, *others.split(";")]:
            for variant in _variants(form.strip()):
                if variant:
                    found.setdefault(variant, label)
    return found


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of all forms: a token that is none of them starts no match (speed)."""
    return frozenset(form.split()[0] for form in forms())


def _ordinary(words: list[str], start: int, body: str) -> bool:
    """Written as an ordinary word: lower case, or capitalised only to open a sentence."""
    if all(w.islower() or not w[:1].isalpha() for w in words[1:]) and (
        words[0].islower() or _SENTENCE_END.search(body[max(0, start - 3) : start])
    ):
        return True
    return all(w.isupper() for w in words)


def _count(body: str) -> Counter[str]:
    """How often each topic's forms occur as ordinary words in `body`."""
    table, firsts = forms(), _first_words()
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(body)]
    counts: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        first = tokens[i][0]
        if first not in firsts and first.lower() not in firsts:
            i += 1
            continue
        for size in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            words = [w for w, _ in tokens[i : i + size]]
            written = " ".join(words)
            label = table.get(written) if written.isupper() else table.get(written.lower())
            if label is not None and _ordinary(words, tokens[i][1], body):
                counts[label] += 1
                i += size
                break
        else:
            i += 1
    return counts


def article_topics(title: str, text: str) -> list[tuple[str, float]]:
    """The listed topics the article discusses, best first, as (label, weight).

    A topic qualifies when both title and text name it, or the text does MIN_MENTIONS times;
    its weight is its count, with the title's counting double.
    """
    words = [w for w in _TOKEN.findall(title) if len(w) > 3]
    title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.9 * len(words)
    # A Title Case headline capitalises every word: there, any case is an ordinary word.
    in_title = _count(title.lower() if title_case else title)
    in_text = _count(text)
    weights = {
        label: TITLE_WEIGHT * in_title[label] + in_text[label]
        for label in in_title.keys() | in_text.keys()
        if (in_title[label] and in_text[label]) or in_text[label] >= MIN_MENTIONS
    }
    return sorted(weights.items(), key=lambda item: (-item[1], item[0]))
