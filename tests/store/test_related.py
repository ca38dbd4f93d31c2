"""Related-article SQL read for a whole chunk at once: copy groups and shared entities."""

from __future__ import annotations

import pytest

from newsdesk.store.engine import Store
from newsdesk.store.models_copies import Copy
from newsdesk.store.models_tags import ArticleEntity, Entity
from newsdesk.store.related import copy_groups, shared_entity_weights
from tests.analyze.conftest import store_article


@pytest.fixture
def articles(store: Store) -> list[int]:
    return [store_article(store, f"Headline {n}", f"Body of article {n}.") for n in range(6)]


def test_copy_groups_follow_chains_both_ways_for_every_article_of_a_batch(
    store: Store, articles: list[int]
) -> None:
    a, b, c, d, e, f = articles
    with store.session() as session:
        for copy, original in [(b, a), (c, b), (e, d)]:  # a <- b <- c, d <- e, f alone
            session.add(Copy(copy_id=copy, original_id=original, method="test", score=1.0))
        session.commit()
        groups = copy_groups(session, article_ids=[a, c, e, f])
    assert groups == {a: {a, b, c}, c: {a, b, c}, e: {d, e}, f: {f}}


def test_shared_entity_weights_are_per_article_and_salience_weighted(
    store: Store, articles: list[int]
) -> None:
    a, b, c, d, _, _ = articles
    saliences = {a: {1: 0.6, 2: 0.4}, b: {1: 0.3}, c: {2: 0.9, 3: 1.0}, d: {3: 1.0}}
    with store.session() as session:
        for n in (1, 2, 3):
            session.add(Entity(id=n, name=f"Entity {n}", slug=f"entity-{n}", kind="topic"))
        session.flush()
        for article, entities in saliences.items():
            for entity, salience in entities.items():
                session.add(
                    ArticleEntity(
                        article_id=article, entity_id=entity, salience=salience, mentions=1
                    )
                )
        session.commit()
        weights = shared_entity_weights(session, candidate_ids={a: [b, c, d], d: [a, c]})
    # a: b shares entity 1 (min 0.3), c shares 2 (min 0.4), d none; over a's total 1.0
    assert weights[a] == pytest.approx({b: 0.3, c: 0.4})
    assert weights[d] == pytest.approx({c: 1.0})
