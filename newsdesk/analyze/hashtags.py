"""Up to 8 hashtags per article: its most salient people, organisations, places and topics.

Entities come ranked by salience (analyze/entities.py); when there are few, topic hashtags
come from the article's most repeated noun phrases, and an article left with two tags gets a
third from the general topic list it keeps naming (analyze/topics.py). A hashtag is the name
in CamelCase (`#XiJinping`, `#RareEarths`); never a stop word, a date, a number or a
one-letter fragment.

Precision first: a tag is a promise that the article is about the thing. Only confident
candidates qualify (named in the title, named twice, or a known country or region), each is
weighed by how often its kind is what an article is about (a country more than a city, a full
name more than a lone surname), cities and bodies named after a place lend weight to their
country, and tags far below the best one are left out. An article about one thing therefore
gets one or two tags; 3–8 come when it names that many things that matter. The article's
subject, a person other articles name too, is kept however heavy its country is.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.analyze.entities import Entity, canonical
from newsdesk.analyze.gazetteer import country_of, is_country, is_region
from newsdesk.analyze.institutions import Institution, institution, lone_generic
from newsdesk.analyze.lexicon import DEMONYMS, MONTHS_AND_DAYS, STOP_WORDS
from newsdesk.analyze.topics import article_topics

# Fewer names than this that qualify: the article's repeated noun phrases are added as topics.
MIN_TAGS = 3
MAX_TAGS = 8
# A tag scoring under this share of the best one is left out: it is not what the article is about.
RELATIVE_FLOOR = 0.5
TOPIC_WEIGHT = 0.5
# A name seen once, outside the title, is a passer-by unless it is a country or region.
MIN_MENTIONS = 2
# A place passes this share of its salience to its country; a country only implied needs this.
IMPLIED_SHARE = 0.5
IMPLIED_MIN = 1.0
# Factors on salience by kind of name (see _prior); a country or region is 1.
PLACE_PRIOR = 0.5
DEMONYM_PRIOR = 0.5
SINGLE_WORD_PRIOR = 0.5
NAME_PRIOR = 0.6
# A continent or region the text names is the frame of the story: kept below the floor too.
REGIONS_ALWAYS = True
# A country's own, lower floor: the second country of a story (where the victims came from,
# who negotiated) is still where readers file it, more often than a second person is.
COUNTRY_FLOOR = 0.4
# Tag counts at which a listed topic is added (see with_topic), and its score as a share of
# the last tag's, so that it ranks last.
TOPIC_FILL = frozenset({2})
TOPIC_SHARE = 0.9
# A person other articles also name, in the headline or the first LEDE_CHARS of the text,
# named at least this often and at least this share as often as the article's most named
# thing, is what the article is about: kept under the floor (see _subjects).
SUBJECT_MENTIONS = 6
SUBJECT_SHARE = 1.0
LEDE_CHARS = 400


@dataclass(frozen=True)
class Tag:
    tag: str  # CamelCase, no '#'
    label: str
    score: float


@lru_cache(maxsize=8192)  # the same names and topics recur across articles
def camel(label: str) -> str:
    """'rare earths' → 'RareEarths'; 'U.S. Open' → 'USOpen'; accents and punctuation dropped."""
    folded = unicodedata.normalize("NFKD", label)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", folded.replace(".", "").replace("'", "").replace("’", ""))
    return "".join(w if w.isupper() or w[:1].isupper() else w[:1].upper() + w[1:] for w in words)


def acceptable(label: str) -> bool:
    """Not a stop word, date, number or fragment ('Mt' of 'Mt. Gox'; 'UN' is an acronym)."""
    words = re.findall(r"[^\W_]+", label)
    if len(words) == 1 and len(label) <= 2 and not label.isupper():
        return False
    if not words or all(w.lower() in STOP_WORDS or w in MONTHS_AND_DAYS for w in words):
        return False
    if all(w.isdigit() for w in words) or re.fullmatch(r"[\d\W]+", label):
        return False
    return len(camel(label)) >= 2 and len(camel(label)) <= 60


def topics(text: str, *, limit: int, title: str = "") -> list[tuple[str, float]]:
    """Repeated lower-case phrases of content words: 'rare earths', 'earthquake'.

    With a title, only phrases the title also uses: a phrase the text merely repeats ('voting
    process') is seldom what the article is about; one in the headline is.
    """
    counts: Counter[str] = Counter()
    for sentence in re.split(r"[.!?;:,()\"“”\n]+", text):
        words = re.findall(r"[^\W\d_][\w-]+", sentence)
        run: list[str] = []
        for word in [*words, "the"]:
            # Capitalised words are names, which the entities already cover.
            if not word.islower() or word in STOP_WORDS or len(word) < 3:
                for size in (1, 2):
                    for i in range(len(run) - size + 1):
                        counts[" ".join(run[i : i + size])] += size
                run = []
            else:
                run.append(word)
    headline = " ".join(re.findall(r"[^\W\d_][\w-]+", title.lower()))
    ranked = [
        (p, float(c))
        for p, c in counts.most_common()
        if c >= 3
        and (not title or (p in headline and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", headline)))
    ]
    return ranked[:limit]


def _named(entity: Entity) -> bool:
    """A country or region the text names ('Italy', 'U.S.'), not only by its people's adjective.

    'Italian tourists hurt in Egypt' is about Egypt: a demonym says whose, not where.
    """
    return any(form not in DEMONYMS and form[:-1] not in DEMONYMS for form in entity.forms)


def _confident(entity: Entity) -> bool:
    """Named in the title, named twice, or a named country: not a name seen once in passing."""
    place = is_country(entity.name) or is_region(entity.name)
    return entity.in_title or entity.mentions >= MIN_MENTIONS or (place and _named(entity))


def _prior(entity: Entity) -> float:
    """How likely a reader follows this kind of name, as a factor on its salience.

    A country is what news is filed under; a city or state mostly says where in a country
    (its weight moves to the country); a lone word that is no known place is too often a
    surname, an ordinary capitalised word or an acronym the article never spelt out.
    """
    if is_country(entity.name) or is_region(entity.name):
        return 1.0 if _named(entity) else DEMONYM_PRIOR
    if country_of(entity.name) is not None:
        return PLACE_PRIOR
    if " " not in entity.name:
        return SINGLE_WORD_PRIOR
    return NAME_PRIOR


def _country_in(name: str, *, person: bool = False) -> str | None:
    """The country a name places itself in: 'Baghdad' → Iraq, 'Illinois Supreme Court' → United
    States, 'Royal Canadian Mounted Police' → Canada, 'U.S. Army' → United States.

    In what looks like a person's name only an adjective or short form counts ('Brazilian
    Federal District'): a place there is a given name ('Jordan Henderson', 'Paris Hilton').
    """
    if is_country(name):
        return None
    words = name.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i : i + size])
            country = None if person else country_of(part)
            if country is None and size < len(words):
                country = canonical(part)
                country = None if person and country == part else country
            if country is not None and is_country(country):
                return country
    return None


def _implied_countries(entities: list[Entity]) -> dict[str, float]:
    """Salience each country gets from the places and bodies in it the article names."""
    implied: dict[str, float] = {}
    for entity in entities:
        country = _country_in(entity.name, person=entity.kind == "person")
        if country is not None:
            implied[country] = implied.get(country, 0.0) + IMPLIED_SHARE * entity.salience
    return implied


def _fold_short_names(scored: dict[str, Tag]) -> None:
    """'Korea' (from 'Korean') beside 'South Korea' is South Korea: one tag, scores added.

    Only a name that is no country or region itself folds ('Sudan' stays beside 'South
    Sudan'), and only into the one country of the article whose name ends with it.
    """
    for key, short in list(scored.items()):
        if is_country(short.label) or is_region(short.label):
            continue
        longer = [
            t
            for t in scored.values()
            if is_country(t.label) and t.label.endswith(" " + short.label)
        ]
        if len(longer) == 1:
            del scored[key]
            into = longer[0]
            scored[into.tag.lower()] = Tag(into.tag, into.label, into.score + short.score)


def _tie_institutions(scored: dict[str, Tag], entities: list[Entity], main: str | None) -> None:
    """'Supreme Court' → #ChileSupremeCourt: a generic institution tagged with its country.

    Its own country when the name says one ('US Supreme Court'), else `main`, the article's
    country; the forms of one country's institution become one tag (the best score of them),
    and one with no country is dropped. A name the article gives an acronym ('Central
    Intelligence Agency (CIA)', 'National Health Service (NHS)') is a proper name: kept.
    """
    proper = {e.name for e in entities if any(len(f) > 1 and f.isupper() for f in e.forms)}
    groups: dict[tuple[str, str], list[tuple[Tag, Institution]]] = {}
    for key, tag in list(scored.items()):
        found = None if tag.label in proper else institution(tag.label)
        if found is not None:
            del scored[key]
            country = found.country or main
            if country is not None:
                groups.setdefault((country, found.generic.lower()), []).append((tag, found))
    for (country, _), members in groups.items():
        named = [(t, i) for t, i in members if i.country is not None]
        label = (
            max(named, key=lambda m: m[0].score)[1].label
            if named
            else f"{country} {members[0][1].generic}"
        )
        score = max(t.score for t, _ in members)
        key = camel(label).lower()
        if key in scored:
            score = max(score, scored[key].score)
        scored[key] = Tag(camel(label), label, score)


def _main_country(scored: dict[str, Tag], implied: dict[str, float]) -> str | None:
    """The country the article is most about: its best scored country tag, else the country
    its places lie in."""
    countries = [t for t in scored.values() if is_country(t.label)]
    if countries:
        return max(countries, key=lambda t: t.score).label
    return max(implied, key=lambda c: implied[c]) if implied else None


def _subjects(entities: list[Entity], text: str, title: str, followed: set[str]) -> set[str]:
    """Tags of the people the article is about, whatever the floor says.

    A country takes its cities' weight, so in 'India's Home Minister quits as first political
    fallout of Mumbai attacks' #India alone passed the floor, above Shivraj Patil, named ten
    times from the first sentence on. Such a person (in the headline or lede, named as often
    as anything else) is kept when other articles name them too (`followed`, entity slugs):
    a name readers can follow, not the one-off victim or witness of a local story.
    """
    lede_end = len(title) + 2 + LEDE_CHARS
    # Some feeds repeat the headline as the text's first line: the lede comes after it.
    repeat = text.find(title) if title else -1
    lede_end += repeat + len(title) if repeat in range(3) else 0
    most = max((e.mentions for e in entities), default=0)
    return {
        camel(e.name).lower()
        for e in entities
        if e.kind == "person"
        and e.slug in followed
        and " " in e.name
        and (e.in_title or e.first < lede_end)
        and e.mentions >= max(SUBJECT_MENTIONS, SUBJECT_SHARE * most)
    }


def hashtags(
    entities: list[Entity], text: str, title: str = "", *, followed: set[str] | None = None
) -> list[Tag]:
    """The article's hashtags, best first: salient names and places, topics when names are few.

    Only confident candidates are shown, and only those near the best one: an article about
    one country and one person gets two tags, not those two and six passers-by.
    """
    implied = _implied_countries(entities)
    places = dict(implied)
    scored: dict[str, Tag] = {}
    for entity in entities:
        if entity.phrase or entity.source or lone_generic(entity.name):
            continue
        if not acceptable(entity.name):
            continue
        if not _confident(entity):
            continue
        tag = camel(entity.name)
        if tag.lower() not in scored:
            score = entity.salience * _prior(entity) + implied.pop(entity.name, 0.0)
            scored[tag.lower()] = Tag(tag, entity.name, score)
    for country, score in implied.items():
        if score >= IMPLIED_MIN and camel(country).lower() not in scored:
            scored[camel(country).lower()] = Tag(camel(country), country, score)
    _fold_short_names(scored)
    _tie_institutions(scored, entities, _main_country(scored, places))
    if len(scored) < MIN_TAGS:
        for phrase, count in topics(text, limit=MAX_TAGS, title=title):
            tag = camel(phrase)
            if acceptable(phrase) and tag.lower() not in scored:
                scored[tag.lower()] = Tag(tag, phrase, TOPIC_WEIGHT * (1.0 + math.log(count)))
    ranked = sorted(scored.values(), key=lambda t: (-t.score, t.tag))
    if not ranked:
        # A short item naming each thing once: its most salient name is still what it is about.
        best = next((e for e in entities if acceptable(e.name) and not e.phrase), None)
        return [Tag(camel(best.name), best.name, best.salience)] if best else []
    floor = ranked[0].score * RELATIVE_FLOOR
    subjects = _subjects(entities, text, title, followed or set())
    kept = [
        t
        for t in ranked
        if t.score >= floor
        or t.tag.lower() in subjects
        or (REGIONS_ALWAYS and is_region(t.label))
        or (is_country(t.label) and t.score >= ranked[0].score * COUNTRY_FLOOR)
    ]
    return with_topic(kept[:MAX_TAGS], title, text)


def with_topic(kept: list[Tag], title: str, text: str) -> list[Tag]:
    """A listed topic the article discusses, as the third tag of an article with only two.

    Most articles are about one or two things, and a third tag is then a guess; a general
    topic the text keeps naming ('elections', 'death penalty') is the safest one to add.
    """
    if len(kept) not in TOPIC_FILL:
        return kept
    taken = [t.tag.lower() for t in kept]
    for label, _ in article_topics(title, text):
        tag = camel(label)
        if acceptable(label) and not any(tag.lower() in other for other in taken):
            return [*kept, Tag(tag, label, kept[-1].score * TOPIC_SHARE)]
    return kept
