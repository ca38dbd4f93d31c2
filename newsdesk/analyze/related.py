"""Related articles: up to 8 per article, by topic (embedding similarity), shared entities, and
only then time.

Score = cosine × decay + ENTITY_WEIGHT × shared-entity overlap, where decay = 3/4 + 1/4 ×
0.5^(days apart / half-life). Time therefore moves a score by at most a quarter: among
equally close articles the nearer in time wins, but a loosely related story from today never
beats a close one from last year, and a list ordered by time alone cannot happen. Neighbours
below MIN_SIMILARITY are left out rather than padding the list, and so are items after the
first that score below MIN_SCORE (weak, off-topic tails). The article itself, its
copies (the duplicates step's table) and anything sharing its text or canonical URL are never
listed. A new article is also offered to its neighbours' lists, so old articles learn of
new coverage without re-ranking the whole store.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.analyze.vector_index import from_blob
from newsdesk.analyze.vectors import nearest_each
from newsdesk.store.related import (
    Candidate,
    candidates,
    copy_groups,
    originals_of,
    related_lists,
    replace_related,
    shared_entity_weights,
)
from newsdesk.store.vectors import vectors_of

STEP_VERSION = "4"
KEEP = 8
SEARCH = 48  # neighbours looked at, so copies and near-identical texts can be dropped
MIN_SIMILARITY = 0.3
# Items after the first must score at least this (cosine × decay + entity bonus): a loose
# neighbour from another story (cosine 0.3, months apart: about 0.25) is left out unless a
# shared entity lifts it. The best item stays whatever its score, so an article with any
# neighbour above MIN_SIMILARITY keeps a list. Tuned with bench/related.py on half the
# headline and Wikinews gold sets: the highest floor that cost no same-story item of the
# Wikinews half (0.38 suited headlines alone but cut real full-text coverage).
MIN_SCORE = 0.34
ENTITY_WEIGHT = 0.15  # HOOK: shared entities (tags step) add up to this much


def decay(days_apart: float, half_life_days: float) -> float:
    return 0.75 + 0.25 * 0.5 ** (abs(days_apart) / max(half_life_days, 1e-9))


def days_between(a: Candidate, b: Candidate) -> float:
    return abs((a.when - b.when).total_seconds()) / 86_400


def same_text(a: Candidate, b: Candidate) -> bool:
    return (a.text_key is not None and a.text_key == b.text_key) or (
        a.canonical_url is not None and a.canonical_url == b.canonical_url
    )


def rank(
    me: Candidate,
    hits: Sequence[tuple[int, float]],
    found: dict[int, Candidate],
    copies: set[int],
    entities: dict[int, float],
    half_life_days: float,
    originals: dict[int, int] | None = None,
) -> list[tuple[int, float]]:
    """The best KEEP of `hits` for `me`, scored as the module says, best first.

    One article per copy group: candidates that are copies of one original (`originals`) or
    share a text hash are one item, represented by the best-scoring of them.
    """
    originals = originals or {}
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
    kept: list[tuple[int, float]] = []
    groups: set[object] = set()
    for other_id, score in scored:
        keys = {("article", originals.get(other_id, other_id)), ("text", found[other_id].text_key)}
        keys.discard(("text", None))
        if keys & groups:
            continue
        groups |= keys
        kept.append((other_id, score))
    return trim(kept)


def trim(items: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
    """A list ranked best first, cut to KEEP, without the weak items after the first."""
    return [(i, s) for n, (i, s) in enumerate(items[:KEEP]) if n == 0 or s >= MIN_SCORE]


def analyze_related(ctx: AnalyzeContext, article_ids: Sequence[int]) -> None:
    """Rank each article's neighbours and offer it to theirs, with batched reads and writes.

    Everything a list depends on is read for the whole chunk at once (vectors, candidates,
    copy groups, shared entities, current lists); the lists are then updated in memory in
    the articles' order, exactly as one article after the other would, and only the lists
    that changed are written.
    """
    with ctx.store.session() as session:
        mine = candidates(session, article_ids=article_ids)
        blobs = vectors_of(session, model=ctx.embedder.name, article_ids=article_ids)
        todo = [i for i in article_ids if i in blobs and i in mine]
        for article_id in article_ids:
            if article_id not in blobs or article_id not in mine:
                ctx.skip(article_id, "no article vector")
        if not todo:
            return
        vectors = {i: from_blob(blobs[i]) for i in todo}
        hits = nearest_each(ctx.settings, session, vectors, k=SEARCH)
        groups = copy_groups(session, article_ids=todo)
        ranked = _rank_all(ctx, session, {i: mine[i] for i in todo}, hits, groups)
        involved = set(todo) | {other for items in ranked.values() for other, _ in items}
        stored = related_lists(session, article_ids=sorted(involved))
        lists = dict(stored)
        for article_id in todo:
            lists[article_id] = ranked[article_id]
            for other_id, score in ranked[article_id]:
                _offer(lists, other_id, article_id, score, groups[article_id])
        changed = {i: items for i, items in lists.items() if _rounded(items) != _rounded(stored[i])}
        if changed:
            replace_related(session, lists=changed)


def _rank_all(
    ctx: AnalyzeContext,
    session: Session,
    mine: dict[int, Candidate],
    hits: dict[int, list[tuple[int, float]]],
    copies: dict[int, set[int]],
) -> dict[int, list[tuple[int, float]]]:
    """Each article's related list, from what the batch's queries found (`copies`: each
    article's copy group, read once for the chunk)."""
    found = candidates(session, article_ids=sorted({i for h in hits.values() for i, _ in h}))
    neighbours = {i: [o for o, _ in h if o in found] for i, h in hits.items()}
    entities = shared_entity_weights(session, candidate_ids=neighbours)
    originals = originals_of(session, article_ids=sorted(found))
    half_life = ctx.settings.related_half_life_days
    return {
        i: rank(me, hits[i], found, copies[i], entities[i], half_life, originals)
        for i, me in mine.items()
    }


def _rounded(items: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
    return [(i, round(s, 6)) for i, s in items]


def _offer(
    lists: dict[int, list[tuple[int, float]]],
    owner_id: int,
    newcomer_id: int,
    score: float,
    newcomer_group: set[int],
) -> None:
    """Put `newcomer` on `owner`'s list if it beats the list's worst (or the list is short).

    The score is symmetric (cosine and days apart), except for the entity overlap, which is
    measured from the owner's side only when the owner is re-analysed; the list stays ranked.
    The owner is never a copy of the newcomer: copy groups are symmetric, and `rank` already
    left the newcomer's copies out of the newcomer's list. A list shows one article per copy
    group, as `rank` does: when it already holds a copy of the newcomer (an original arriving
    after its republication was listed), the better-scoring of the two keeps the place.
    """
    current = lists[owner_id]
    if any(i == newcomer_id for i, _ in current):
        return
    same = [(i, s) for i, s in current if i in newcomer_group]
    if any(s >= score for _, s in same):
        return
    current = [(i, s) for i, s in current if i not in newcomer_group]
    if len(current) >= KEEP and score <= current[-1][1]:
        return
    merged = sorted([*current, (newcomer_id, score)], key=lambda item: (-item[1], item[0]))
    lists[owner_id] = trim(merged)
