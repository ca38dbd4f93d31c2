"""Named things in an article, one spelling per thing.

Mentions come from capitalised spans (runs of capitalised words, joined by 'of', 'de', ...),
with sentence-initial common words, dates and titles removed; each gets a kind from its own
words and the words around it. Mentions are then resolved within the article: titles are
stripped ("President Xi" → "Xi"), a short form joins the article's full form that contains it
("Xi" → "Xi Jinping"), an acronym joins the name it was introduced with ("World Trade
Organization (WTO)"), and country short names take their common form ("U.S." → "United
States"). Resolution across articles (a lone surname to the full name most articles use) is
done by the tags step against the store.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from newsdesk.analyze.acronyms import expansions
from newsdesk.analyze.casing import written_in, written_lower
from newsdesk.analyze.gazetteer import gazetteer, is_country, is_region, known_place
from newsdesk.analyze.lexicon import (
    ALIASES,
    BODY_ENDINGS,
    CONNECTORS,
    DEMONYMS,
    FOREIGN_ARTICLES,
    MONTHS_AND_DAYS,
    NAME_NOUNS,
    NAME_PART_TITLES,
    ORG_WORDS,
    PLACE_CUES,
    PLACE_WORDS,
    STOP_WORDS,
)
from newsdesk.analyze.sources import cited, medium, outlet, sources
from newsdesk.analyze.spans import glued, name_ends, place_parts, split_titles, title_word

Kind = str  # person | org | place | topic

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’&.-]*[\w]|[^\W\d_]|\d[\d,.:]*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”)\]]\s*$|\n\s*$|^\s*$")


@dataclass(frozen=True)
class Mention:
    text: str
    kind: Kind
    start: int  # character offset in title + "\n\n" + text
    initial: bool = False  # a lone word opening a sentence: maybe just a capitalised word
    cited: bool = False  # in attribution position: 'told X', 'X reported' (analyze/sources.py)


@dataclass
class Entity:
    name: str
    kind: Kind
    mentions: int = 0
    first: int = 0
    in_title: bool = False
    salience: float = 0.0
    forms: set[str] = field(default_factory=set)
    # Also written in lower case ('an All-time high'): a capitalised phrase, not a name. It
    # still counts for the country it names ('British Army' beside 'British army').
    phrase: bool = False
    # Mentions in attribution position, or not naming an outlet itself (analyze/sources.py).
    cited: int = 0

    @property
    def source(self) -> bool:
        """A news outlet only ever cited ('told CNN'): where the news came from, no subject."""
        return self.cited == self.mentions and outlet(self.name)

    @property
    def slug(self) -> str:
        return slugify(self.name)


def slugify(name: str) -> str:
    """'Xi Jinping' → 'xi-jinping'; non-Latin names keep their letters."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w]+", "-", folded).strip("-_")[:200]


def _tokens(body: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(body)]


def _stop(word: str) -> bool:
    """A stop word, unless written as an acronym ('US', 'IT')."""
    return word.lower() in STOP_WORDS and not (word.isupper() and len(word) > 1)


def _in_name(word: str) -> bool:
    """A capitalised stop word that belongs to the name around it: 'New York', 'Time Warner'
    (only ever tested on spans of two or more words)."""
    return word == "New" or word in NAME_NOUNS


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _clean(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix) and word[: -len(suffix)] != "People":
            return word[: -len(suffix)]
    return word.rstrip("'’.") if not re.fullmatch(r"(?:[A-Z]\.){2,}", word) else word


def _raw_spans(
    body: str, tokens: list[tuple[str, int, int]] | None = None
) -> Iterable[tuple[list[str], int, bool, str, int]]:
    """Runs of capitalised words: (words, start, sentence_initial, the word before, end)."""
    tokens = _tokens(body) if tokens is None else tokens
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if not _capitalised(word):
            i += 1
            continue
        initial = bool(_SENTENCE_END.search(body[max(0, start - 3) : start]))
        before = tokens[i - 1][0].lower() if i else ""
        words, j, last_end = [word], i + 1, end
        while j < len(tokens):
            nxt, s, e = tokens[j]
            gap = body[last_end:s]
            possessive = words[-1].endswith(("'s", "’s")) and words[-1][:-2] != "People"
            # 'P. Chidambaram': a lone initial's full stop does not end the name.
            after_initial = gap == ". " and len(words[-1]) == 1 and words[-1].isupper()
            if (gap != " " and not after_initial) or possessive:
                break
            if after_initial and (not _capitalised(nxt) or _stop(nxt)):
                break
            if _capitalised(nxt):
                words.append(nxt)
                last_end, j = e, j + 1
                continue
            # 'Bank of England', 'Luiz Inácio Lula da Silva': a connector between capitals.
            joins = j + 1 < len(tokens) and _capitalised(tokens[j + 1][0])
            if nxt in CONNECTORS and joins and body[e : tokens[j + 1][1]] == " ":
                words.extend([nxt, tokens[j + 1][0]])
                last_end, j = tokens[j + 1][2], j + 2
                continue
            break
        yield words, start, initial, before, last_end
        i = j


def _kind(words: list[str], before: str, titled: bool) -> Kind:
    last = words[-1]
    if titled:
        return "person"
    if any(w in ORG_WORDS for w in words) or (last.isupper() and len(last) > 1 and "." not in last):
        return "org"
    if len(words) > 1 and last in BODY_ENDINGS:
        return "org"
    if last in PLACE_WORDS or before in PLACE_CUES:
        return "place"
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return "person"
    return "topic"


def title_case(title: str) -> bool:
    words = [w for w, _, _ in _tokens(title) if len(w) > 3 and not w[0].isdigit()]
    return len(words) >= 3 and sum(_capitalised(w) for w in words) >= 0.9 * len(words)


def mentions(title: str, text: str) -> list[Mention]:
    """Candidate mentions in title and text, titles and sentence-initial common words gone."""
    # A Title Case headline capitalises every word: its spans say nothing, so only the text
    # is read; the title still counts for salience (see resolve).
    heading = "" if title_case(title) else title
    body = f"{heading}\n\n{text}"
    tokens = _tokens(body)  # once: both the spans and the lower-case words read them
    lower = {w for w, _, _ in tokens if w.islower()}
    found: list[Mention] = []
    spans = [
        ([_clean(w) for w in raw], start, initial, before, cited(body, start, end))
        for raw, start, initial, before, end in _raw_spans(body, tokens)
    ]
    ends = name_ends(words for words, *_ in spans)
    for cleaned, start, initial, before, source in spans:
        start += len(title) - len(heading)
        left, words, titled = split_titles(cleaned)
        cut = glued(words, ends)
        left, words = left + words[:cut], words[cut:]
        got: list[Mention] = []
        if left:
            got.extend(_mention(left, start, False, before, False, lower))
            initial = False
        *places, words = place_parts(words, before) if words else [words]
        for place in places:
            got.extend(_mention(place, start, False, before, False, lower))
        initial = initial and not places
        if initial and not left and _capitalised_by_position(words, body, lower):
            words, initial = words[1:], False
        got.extend(_mention(words, start, initial and not left, before, titled, lower))
        source = source and start >= len(title)  # a headline names a subject, no source
        found.extend(replace(m, cited=source) if source else m for m in got)
    if not heading and not text.strip():
        found.extend(_places_in(title))
    return found


def _capitalised_by_position(words: list[str], body: str, lower: set[str]) -> bool:
    """Whether a span's first word is only capitalised because it opens the sentence.

    'Huge Gay Pride parade held in Brazil', 'Missing French girls found': the first word is
    an ordinary word (the article writes it in lower case too) and the rest is a name the
    article writes more often without it. A place ('South Africa'), a name the word belongs
    to ('New York', 'al Qaeda') or a people ('Ancient Egyptians') keeps it.
    """
    if len(words) < 2:
        return False
    first = words[0]
    if first.lower() not in lower or first.lower() in CONNECTORS:  # 'al Qaeda', 'bin Laden'
        return False
    if _in_name(first) or first in DEMONYMS:
        return False
    full, rest = " ".join(words), " ".join(words[1:])
    # 'Ancient Egyptians': a people's adjective alone would join a longer name ('Roman Egypt').
    if known_place(full) or full in COUNTRIES or full in ALIASES or _canonical(rest, {}) != rest:
        return False
    return body.count(rest) > body.count(full)


def _places_in(title: str) -> list[Mention]:
    """Known places in a Title Case headline with no text: all its spans can reliably tell."""
    found: list[Mention] = []
    for raw, start, *_ in _raw_spans(title):
        words = [_clean(w) for w in raw]
        i = 0
        while i < len(words):
            for size in (3, 2, 1):
                part = " ".join(words[i : i + size])
                name = _canonical(part, {})
                if i + size <= len(words) and (known_place(name) or name in COUNTRIES):
                    found.append(Mention(part, "place", start))
                    i += size
                    break
            else:
                i += 1
    return found


def _mention(
    words: list[str], start: int, initial: bool, before: str, titled: bool, lower: set[str]
) -> list[Mention]:
    # 'New York', 'New Zealand': a capitalised 'New' before another capital is part of a name.
    while words and _stop(words[0]) and not (len(words) > 1 and _in_name(words[0])):
        words, initial = words[1:], False
    while words and (words[-1] in CONNECTORS or (_stop(words[-1]) and not _in_name(words[-1]))):
        words = words[:-1]
    if not words:
        return []
    if len(words) == 1:
        word = words[0]
        if (initial and word.lower() in lower) or len(word) < 2 or title_word(word):
            return []
    if all(w in MONTHS_AND_DAYS or _stop(w) for w in words):
        return []
    words = [w for w in words if w not in MONTHS_AND_DAYS] if len(words) > 1 else words
    name = " ".join(words)
    if not re.search(r"[^\W\d_]{2}", name):
        return []
    lone = initial and len(words) == 1
    return [Mention(name, _kind(words, before, titled), start, lone)]


def resolve(title: str, text: str, found: list[Mention]) -> list[Entity]:
    """One Entity per thing in this article, with mention counts and salience."""
    body = f"{title}\n\n{text}"
    acronyms = expansions(body, [m.text for m in found])
    title_end = len(title)
    entities: dict[str, Entity] = {}
    # Longer names first, so short forms can join them.
    order = sorted(found, key=lambda m: -len(m.text.split()))
    full_names: list[Entity] = []
    quoted = sources((_canonical(m.text, acronyms), m.cited) for m in found)
    # A lone capitalised word that only ever opens sentences ('Twin bombings hit ...') is
    # most likely an ordinary word; it is kept only once seen inside a sentence.
    seen_inside = {_canonical(m.text, acronyms) for m in found if not m.initial}
    for mention in order:
        name = _canonical(mention.text, acronyms)
        target = entities.get(name.lower())
        place = target is None and (name in COUNTRIES or known_place(name))
        if target is None and len(name.split()) == 1:
            # A place is not the source named after it ('Philippines', 'CNN Philippines').
            target = _full_form(name, [e for e in full_names if not (place and e.name in quoted)])
        elif target is None and not place:
            target = _longer_name(name, full_names)
        if target is None:
            # 'Médecins Sans Frontières (MSF)': a name with an acronym is an organisation's.
            spelled = mention.text in acronyms or name in acronyms.values()
            kind = "place" if place else "org" if spelled else mention.kind
            target = Entity(name=name, kind=kind, first=mention.start)
            entities[name.lower()] = target
            if len(name.split()) > 1:
                full_names.append(target)
        target.mentions += 1
        target.cited += mention.cited or not medium(mention.text)
        target.first = min(target.first, mention.start)
        target.in_title = target.in_title or mention.start < title_end or written_in(name, title)
        target.forms.add(mention.text)
        if target.kind == "topic" and mention.kind != "topic":
            target.kind = mention.kind
    result = [e for e in entities.values() if e.kind != "topic" or e.name in seen_inside]
    folded = text.lower()
    # The text only: a headline's capitals are its style ('Namdaemun gate fire' in a
    # sentence-case headline says nothing about 'Namdaemun Gate').
    for entity in result:
        entity.phrase = written_lower(entity.forms, text, folded)
    length = max(len(body), 1)
    for entity in result:
        entity.salience = salience(entity, length)
    result.sort(key=lambda e: (-e.salience, e.name))
    return result


COUNTRIES = frozenset(ALIASES.values()) | frozenset(DEMONYMS.values())


def canonical(text: str) -> str | None:
    """A country or region under its common name ('U.S.', 'Chinese', 'Burma'), else None."""
    name = _canonical(text, {})
    return name if name != text or name in COUNTRIES or known_place(name) else None


def _canonical(text: str, acronyms: dict[str, str]) -> str:
    """The one spelling: 'U.S.' → 'United States', 'Chinese' → 'China', 'WTO' → its name."""
    if text in ALIASES:
        return ALIASES[text]
    if text in DEMONYMS:
        return DEMONYMS[text]
    if text in gazetteer().aliases:
        return gazetteer().aliases[text]
    if text.endswith("s") and text[:-1] in DEMONYMS:  # 'Afghans', 'Americans'
        return DEMONYMS[text[:-1]]
    article, _, rest = text.partition(" ")  # 'La France' in a quote is France
    if article in FOREIGN_ARTICLES and is_country(rest):
        return rest
    return acronyms.get(text, text)


def _full_form(word: str, full_names: list[Entity]) -> Entity | None:
    """The article's longer name that has `word` as one of its words (the most mentioned)."""
    hits = [
        e for e in full_names if word in e.name.split() and e.kind in ("person", "org", "topic")
    ]
    if not hits:
        return None
    return max(hits, key=lambda e: (e.mentions, -e.first))


def _longer_name(name: str, full_names: list[Entity]) -> Entity | None:
    """The article's longer name of a person that ends with `name`: 'dos Santos' is 'José
    Eduardo dos Santos', 'Lula da Silva' is 'Luiz Inácio Lula da Silva'. A name cut short
    after a name-part honorific is the one it opens: 'Khalid Sheikh' is 'Khalid Sheikh
    Mohammed' ('Detroit Pistons' is not 'Detroit Pistons Chauncey Billups')."""
    part = name.lower().split()
    cut = name.split()[-1] in NAME_PART_TITLES
    hits = [
        e
        for e in full_names
        if e.kind == "person"
        and len(e.name.split()) > len(part)
        and (
            e.name.lower().split()[-len(part) :] == part
            or (cut and e.name.lower().split()[: len(part)] == part)
        )
    ]
    return max(hits, key=lambda e: (e.mentions, -e.first)) if hits else None


KIND_WEIGHT = {"person": 1.0, "place": 1.0, "org": 0.9, "topic": 0.6}
# A country or world region is what most news is filed under, and the gazetteer makes the
# name certain; a span the rules merely guessed to be a place is not.
COUNTRY_WEIGHT = 1.4


def salience(entity: Entity, length: int) -> float:
    """Frequency, position, title presence and kind, in one number."""
    position = 1.0 - 0.5 * min(entity.first / length, 1.0)
    title = 1.5 if entity.in_title else 1.0
    kind = KIND_WEIGHT[entity.kind]
    if is_country(entity.name) or is_region(entity.name):
        kind = COUNTRY_WEIGHT
    return (1.0 + math.log(entity.mentions)) * position * title * kind


def extract(title: str, text: str) -> list[Entity]:
    return resolve(title, text, mentions(title, text))
