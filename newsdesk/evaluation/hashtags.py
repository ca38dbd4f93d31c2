"""Scorer of the `hashtags` eval: the stored hashtags of each article against its keyphrases.

Matching rule (issue 5): lower-case both, drop '#', split CamelCase into words; a hashtag
matches a keyphrase when one equals the other or contains it as whole words. Precision is over
the article's top 8 hashtags (an article with none scores 0), recall over its keyphrases.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from newsdesk.store import tags as tag_store

TOP = 8
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words_of(tag_or_phrase: str) -> tuple[str, ...]:
    """'#RareEarths' → ('rare', 'earths'); 'Santiago, Chile' → ('santiago', 'chile')."""
    parts: list[str] = []
    for chunk in re.split(r"[^\w]+", tag_or_phrase.replace("#", " ")):
        parts.extend(_CAMEL.findall(chunk) or ([chunk] if chunk else []))
    return tuple(part.lower() for part in parts if part)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    span = len(shorter)
    return any(longer[i : i + span] == shorter for i in range(len(longer) - span + 1))


def matches(hashtag: str, keyphrase: str) -> bool:
    tag, phrase = words_of(hashtag), words_of(keyphrase)
    if not tag or not phrase:
        return False
    return _contains(tag, phrase) if len(tag) >= len(phrase) else _contains(phrase, tag)


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    precisions: list[float] = []
    recalls: list[float] = []
    for row in rows:
        gold = [str(phrase) for phrase in row.get("keyphrases") or []]
        tags = [
            link.tag for link in tag_store.hashtags_of_article(session, article_id=ids[row["id"]])
        ][:TOP]
        hits = sum(any(matches(tag, phrase) for phrase in gold) for tag in tags)
        precisions.append(hits / len(tags) if tags else 0.0)
        if gold:
            found = sum(any(matches(tag, phrase) for tag in tags) for phrase in gold)
            recalls.append(found / len(gold))
    return {
        "precision_at_8": sum(precisions) / len(precisions) if precisions else 0.0,
        "recall_at_8": sum(recalls) / len(recalls) if recalls else 0.0,
    }
