"""Related articles: up to 8 per article, by topic (embedding similarity), shared entities, and
only then time.

Score = cosine × decay + ENTITY_WEIGHT × shared-entity overlap, where decay = 3/4 + 1/4 ×
0.5^(days apart / half-life). Time therefore moves a score by at most a quarter: among
equally close articles the nearer in time wins, but a loosely related story from today never
beats a close one from last year, and a list ordered by time alone cannot happen. Neighbours
below MIN_SIMILARITY are left out rather than padding the list. The article itself, its
copies (the duplicates step's table) and anything sharing its text or canonical URL are never
listed. A new article is also offered to its neighbours' lists, so old articles learn of
new coverage without re-ranking the whole store.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.analyze.vector_index import from_blob
from newsdesk.analyze.vectors import nearest
from newsdesk.store.related import (
    Candidate,
    candidates,
    copy_groups,
    related_rows,
    replace_related,
    shared_entity_weights,
)
from newsdesk.store.vectors import get_vector

STEP_VERSION = "1"
KEEP = 8
SEARCH = 48  # neighbours looked at, so copies and near-identical texts can be dropped
MIN_SIMILARITY = 0.3
ENTITY_WEIGHT = 0.15  # HOOK: shared entities (tags step) add up to this much


def decay(days_apart: float, half_life_days: float) -> float:
    return 0.75 + 0.25 * 0.5 ** (abs(days_apart) / max(half_life_days, 1e-9))


def days_between(a: Candidate, b: Candidate) -> float:
    return abs((a.when - b.when).total_seconds()) / 86_400


def same_text(a: Candidate, b: Candidate) -> bool:
    return a.text_hash == b.text_hash or (
        a.canonical_url is not None and a.canonical_url == b.canonical_url
    )


def rank(
    me: Candidate,
    hits: Sequence[tuple[int, float]],
    found: dict[int, Candidate],
    copies: set[int],
    entities: dict[int, float],
    half_life_days: float,
) -> list[tuple[int, float]]:
    """The best KEEP of `hits` for `me`, scored as the module says, best first."""
    scored = []
    for other_id, cosine in hits:
        other = found.get(other_id)
        if other is None or other_id in copies or same_text(me, other):
            continue
        if cosine < MIN_SIMILARITY:
            continue
        score = cosine * decay(days_between(me, other), half_life_days)
        score += ENTITY_WEIGHT * entities.get(other_id, 0.0)
        scored.append((other_id, round(score, 6)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:KEEP]


def analyze_related(ctx: AnalyzeContext, article_ids: Sequence[int]) -> None:
    model = ctx.embedder.name
    with ctx.store.session() as session:
        mine = candidates(session, article_ids=article_ids)
        for article_id in article_ids:
            blob = get_vector(session, article_id=article_id, model=model)
            if blob is None or article_id not in mine:
                ctx.skip(article_id, "no article vector")
                continue
            ranked = _related_for(ctx, session, mine[article_id], from_blob(blob))
            replace_related(session, article_id=article_id, items=ranked)
            for other_id, score in ranked:
                _offer(session, other_id, article_id, score)


def _related_for(
    ctx: AnalyzeContext, session: Session, me: Candidate, vector: object
) -> list[tuple[int, float]]:
    hits = nearest(ctx.settings, session, vector, k=SEARCH, exclude_ids=(me.id,))  # type: ignore[arg-type]
    found = candidates(session, article_ids=[i for i, _ in hits])
    copies = copy_groups(session, article_ids=[me.id])[me.id]
    entities = shared_entity_weights(session, article_id=me.id, candidate_ids=list(found))
    return rank(me, hits, found, copies, entities, ctx.settings.related_half_life_days)


def _offer(session: Session, owner_id: int, newcomer_id: int, score: float) -> None:
    """Put `newcomer` on `owner`'s list if it beats the list's worst (or the list is short).

    The score is symmetric (cosine and days apart), except for the entity overlap, which is
    measured from the owner's side only when the owner is re-analysed; the list stays ranked.
    """
    current = related_rows(session, article_id=owner_id)
    if any(i == newcomer_id for i, _ in current):
        return
    if len(current) >= KEEP and score <= current[-1][1]:
        return
    if newcomer_id in copy_groups(session, article_ids=[owner_id])[owner_id]:
        return
    merged = sorted([*current, (newcomer_id, score)], key=lambda item: (-item[1], item[0]))
    replace_related(session, article_id=owner_id, items=merged[:KEEP])
