"""Names that ran together with the word before them, split apart again.

A run of capitalised words is read as one name, so a word that only describes a person glues
onto their name whenever it is capitalised too: 'Republican Blackwell', 'Italian Silvio
Berlusconi', 'Democrat Nancy Pelosi'. The glued form then becomes the entity and its hashtag
(#RepublicanBlackwell), and the bare name the article uses elsewhere joins it as a short form.

A leading party, ideology or people's adjective is split off when the article also uses the
name after it without it; that evidence keeps names in which such a word belongs ('Irish
Times', 'French Open', 'Liberal Democrats') whole, since the article then never writes the
rest alone. The adjective stays a mention of its own (a demonym still counts for its country).
A place or a body run together with a name is split off too (see place_parts), a title
separates what it qualifies from the person it names (see split_titles), and an honorific or
surname that is also a title word does not split a name (see name_part).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.analyze.gazetteer import known_place
from newsdesk.analyze.lexicon import (
    CONNECTORS,
    DEMONYMS,
    NAME_PART_TITLES,
    NAME_SUFFIXES,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PORTFOLIO_WORDS,
    STOP_WORDS,
    SURNAME_TITLES,
    TITLE_KINDS,
    TITLE_QUALIFIERS,
)

# Party and ideology adjectives that stand before a politician's name.
AFFILIATIONS = frozenset(
    """Republican Democrat Democratic Conservative Labour Liberal Tory Socialist Communist
    Nationalist Separatist Unionist Green Independent Progressive Centrist Populist Islamist
    Maoist Loyalist Republicans Democrats Conservatives Socialists Communists""".split()  # noqa: SIM905 (a word list reads best as text)
)


def _modifier(word: str) -> bool:
    return word in AFFILIATIONS or word in DEMONYMS or (word[-1:] == "s" and word[:-1] in DEMONYMS)


def name_ends(spans: Iterable[list[str]]) -> frozenset[str]:
    """Last words of the spans that do not open with a modifier: the names written bare."""
    ends = set()
    for words in spans:
        words = [w for w in words if w.lower() not in STOP_WORDS] or words
        if not _modifier(words[0]):
            ends.add(words[-1])
    return frozenset(ends)


def glued(words: list[str], ends: frozenset[str]) -> int:
    """How many leading words of `words` are a modifier glued onto a name (0: none).

    'Republican Blackwell' → 1 when the article also writes 'Blackwell' or 'Ken Blackwell'.
    A name with an organisation or place word ('Italian Football Federation', 'British
    Virgin Islands') keeps its adjective: there it is part of the name.
    """
    cut = 0
    while cut < len(words) - 1 and _modifier(words[cut]):
        cut += 1
    if cut == 0:
        return 0
    rest = words[cut:]
    if any(w in ORG_WORDS or w in PLACE_WORDS for w in rest) or rest[-1] not in ends:
        return 0
    if known_place(" ".join(words)) or known_place(" ".join(rest)):
        return 0
    return cut


# 'Qatar-based Al Jazeera', 'Iranian-born Ali': a place and a participle make an adjective.
_PLACE_ADJECTIVE = re.compile(
    r"([A-Z][\w'’]*)-(?:based|born|led|backed|owned|run|funded|controlled|linked|allied|"
    r"occupied|held|bound|made|registered|flagged)"
)


def _person_like(words: list[str]) -> bool:
    """Two or three capitalised words with no organisation or place word: 'Matti Vanhanen'."""
    return 2 <= len(words) <= 3 and not any(
        w in ORG_WORDS or w in PLACE_WORDS or not w[:1].isupper() for w in words
    )


def place_parts(words: list[str], before: str) -> list[list[str]]:
    """A place run together with a name, as separate names (else `words` alone).

    'Qatar-based Al Jazeera' → Qatar, Al Jazeera; 'Lars Henriksson of Finland' → Lars
    Henriksson, Finland; after 'of', 'for' or 'the', 'Finland Matti Vanhanen' ('prime minister
    of Finland Matti Vanhanen', 'Vice President of the United States Joe Biden', 'envoy for
    Iran Brian Hook') → Finland, Matti Vanhanen; a body's name splits off as a place does.
    Only a place the gazetteer knows splits a span: 'Bank of England' and 'Texas Rangers'
    stay whole.
    """
    lead = next((i for i, w in enumerate(words) if w.lower() not in STOP_WORDS), 0)
    adjective = _PLACE_ADJECTIVE.fullmatch(words[lead]) if lead < len(words) - 1 else None
    if adjective is not None:
        return [[adjective.group(1)], words[lead + 1 :]]
    if "of" in words:
        i = words.index("of")
        head, tail = words[:i], words[i + 1 :]
        # 'Tristan Smith of University College London': a body, like a place, is where from.
        where = known_place(" ".join(tail)) or (
            any(w in ORG_WORDS for w in tail) and not any(w.lower() in STOP_WORDS for w in head)
        )
        if _person_like(head) and not known_place(" ".join(head)) and where:
            return [head, tail]
    if before in ("of", "for", "the"):
        for size in (3, 2, 1):
            head, tail = words[:size], words[size:]
            # 'Director-General of the BBC George Entwistle', 'chair of the Met Foundation Ken
            # Marsh': a body's acronym or name alike.
            body = (size == 1 and len(head[0]) > 1 and head[0].isupper()) or (
                size > 1 and head[-1] in ORG_WORDS
            )
            if (known_place(" ".join(head)) or body) and _person_like(tail):
                return [head, tail]
    return [words]


def title_word(word: str) -> bool:
    """A title or role: 'Director', and in hyphenated ones 'Director-General',
    'Singer-songwriter', 'Co-founder' ('Saint-Denis' is a name)."""
    if word in PERSON_TITLES:
        return True
    parts = word.split("-")
    return len(parts) > 1 and any(
        p[:1].upper() + p[1:] in PERSON_TITLES for p in parts if p not in ("Saint", "St")
    )


def name_part(words: list[str], i: int) -> bool:
    """Whether words[i] is a title word used as part of a name, not a title before one.

    'Sheikh' after a given name is part of it: 'Khalid Sheikh Mohammed', 'Sharif Sheikh
    Ahmed'. A title that is also a surname is the name when it ends one after a given name:
    'John Major', 'Martin Luther King Jr' ('Catholic Bishop', 'Saudi King' stay titles).
    Opening a span, or after a title, a people's adjective or a place ('President Sheikh
    Sharif', 'Saudi Sheikh Ahmed'), it is a title.
    """
    word = words[i]
    if i == 0:
        return False
    if word in SURNAME_TITLES:
        if any(w not in NAME_SUFFIXES for w in words[i + 1 :]):
            return False
    elif word not in NAME_PART_TITLES:
        return False
    before = words[i - 1]
    return (
        before[:1].isupper()
        and not before.isupper()
        and before not in PERSON_TITLES | TITLE_QUALIFIERS | TITLE_KINDS | ORG_WORDS
        and not _modifier(before)
        and not known_place(before)
    )


def split_titles(words: list[str]) -> tuple[list[str], list[str], bool]:
    """'Microsoft CEO Steve Ballmer' → (['Microsoft'], ['Steve', 'Ballmer'], True).

    A title inside a span separates what qualifies it from the person it names; a trailing
    title ('Brazilian President') is dropped, and so are the words of a portfolio ('Minister
    for Foreign Affairs Joschka Fischer'). 'World Health Organization' and 'Ministry of
    Foreign Affairs' stay whole.
    """
    for i in range(len(words) - 1, -1, -1):
        rest = words[i + 1 :]
        if name_part(words, i):
            continue
        body = rest[:1] == ["of"] and any(w in ORG_WORDS for w in rest)
        if title_word(words[i]) and body and _all_titles(words[:i]):
            return rest[1:], [], False  # 'Chief Operating Officer of Wikimedia Foundation'
        if title_word(words[i]) and not any(w in ORG_WORDS for w in rest):
            # 'Secretary of State Henry Kissinger': the title's 'of X' is part of the title.
            if len(rest) > 3 and rest[0] in CONNECTORS:
                rest = rest[1:] if rest[1] in PORTFOLIO_WORDS else rest[2:]
            portfolio = 0
            while portfolio < len(rest) and rest[portfolio] in PORTFOLIO_WORDS:
                portfolio += 1
            if portfolio and portfolio == len(rest) and any(w in ORG_WORDS for w in words[:i]):
                return [], words, False  # 'Ministry of Foreign Affairs': a body's name
            rest = rest[portfolio:]
            first = i
            while first > 0 and (
                title_word(words[first - 1]) or words[first - 1] in TITLE_QUALIFIERS
            ):
                first -= 1
            # 'Founder of Amnesty International': the title's body, no person after it.
            return words[:first], rest, bool(rest) and rest[0] not in CONNECTORS
    return [], words, False


def _all_titles(words: list[str]) -> bool:
    return all(title_word(w) or w in TITLE_QUALIFIERS for w in words)
