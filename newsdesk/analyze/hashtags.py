"""3–8 hashtags per article: its most salient people, organisations, places and topics.

Entities come ranked by salience (analyze/entities.py); when there are few, topic hashtags
come from the article's most repeated noun phrases. A hashtag is the name in CamelCase
(`#XiJinping`, `#RareEarths`); never a stop word, a date, a number or a one-letter fragment.
Tags far below the best one are left out, so a short article gets 3, not 8 weak ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from newsdesk.analyze.entities import Entity
from newsdesk.analyze.lexicon import MONTHS_AND_DAYS, STOP_WORDS

MIN_TAGS = 3
MAX_TAGS = 8
# A tag scoring under this share of the best one is noise unless needed to reach MIN_TAGS.
RELATIVE_FLOOR = 0.5
TOPIC_WEIGHT = 0.5


@dataclass(frozen=True)
class Tag:
    tag: str  # CamelCase, no '#'
    label: str
    score: float


def camel(label: str) -> str:
    """'rare earths' → 'RareEarths'; 'U.S. Open' → 'USOpen'; accents and punctuation dropped."""
    folded = unicodedata.normalize("NFKD", label)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", folded.replace(".", "").replace("'", "").replace("’", ""))
    return "".join(w if w.isupper() or w[:1].isupper() else w[:1].upper() + w[1:] for w in words)


def acceptable(label: str) -> bool:
    words = re.findall(r"[^\W_]+", label)
    if not words or all(w.lower() in STOP_WORDS or w in MONTHS_AND_DAYS for w in words):
        return False
    if all(w.isdigit() for w in words) or re.fullmatch(r"[\d\W]+", label):
        return False
    return len(camel(label)) >= 2 and len(camel(label)) <= 60


def topics(text: str, *, limit: int) -> list[tuple[str, float]]:
    """Repeated lower-case phrases of content words: 'rare earths', 'earthquake'."""
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
    ranked = [(p, float(c)) for p, c in counts.most_common(limit * 3) if c >= 3]
    return ranked[:limit]


def hashtags(entities: list[Entity], text: str) -> list[Tag]:
    """The article's hashtags, best first: entities by salience, topics when entities are few."""
    scored: dict[str, Tag] = {}
    for entity in entities:
        if not acceptable(entity.name):
            continue
        tag = camel(entity.name)
        if tag.lower() not in scored:
            scored[tag.lower()] = Tag(tag, entity.name, entity.salience)
    strong = [t for t in scored.values() if t.score >= 1.0]
    if len(strong) < MIN_TAGS:
        for phrase, count in topics(text, limit=MAX_TAGS):
            tag = camel(phrase)
            if acceptable(phrase) and tag.lower() not in scored:
                scored[tag.lower()] = Tag(tag, phrase, TOPIC_WEIGHT * (1.0 + math.log(count)))
    ranked = sorted(scored.values(), key=lambda t: (-t.score, t.tag))
    if not ranked:
        return []
    floor = ranked[0].score * RELATIVE_FLOOR
    kept = [t for i, t in enumerate(ranked[:MAX_TAGS]) if i < MIN_TAGS or t.score >= floor]
    return kept
