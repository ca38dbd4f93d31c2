"""Related articles: by topic first, time second; never the article itself or its copies."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.analyze.related import KEEP, rank
from newsdesk.config import Settings
from newsdesk.evaluation.load import load_rows
from newsdesk.store.copies import original_of
from newsdesk.store.engine import Store
from newsdesk.store.related import Candidate, related_rows

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def candidate(article_id: int, days_ago: float, text_hash: str | None = None) -> Candidate:
    when = NOW - timedelta(days=days_ago)
    return Candidate(article_id, when, when, text_hash or f"h{article_id}", None)


def test_time_breaks_ties_but_never_outranks_topic() -> None:
    me = candidate(0, 0)
    found = {1: candidate(1, 400), 2: candidate(2, 1), 3: candidate(3, 0), 4: candidate(4, 2)}
    hits = [(1, 0.80), (2, 0.60), (3, 0.40), (4, 0.60)]
    ranked = [i for i, _ in rank(me, hits, found, set(), {}, half_life_days=30)]
    assert ranked == [1, 2, 4, 3]  # a close match from last year beats loose ones from today


@pytest.mark.parametrize(
    ("case", "copies", "found_hash"),
    [
        pytest.param("copy", {0, 1}, "h1", id="known-copy"),
        pytest.param("same-text", {0}, "h0", id="same-text-hash"),
    ],
)
def test_copies_and_identical_texts_are_left_out(
    case: str, copies: set[int], found_hash: str
) -> None:
    me = candidate(0, 0)
    found = {1: candidate(1, 0, found_hash), 2: candidate(2, 0)}
    ranked = rank(me, [(1, 0.99), (2, 0.5)], found, copies, {}, half_life_days=30)
    assert [i for i, _ in ranked] == [2]


@pytest.mark.parametrize(
    ("originals", "hashes"),
    [
        pytest.param({2: 1}, {}, id="marked-copies"),
        pytest.param({}, {2: "h1"}, id="same-text"),
    ],
)
def test_one_article_per_copy_group_in_a_list(
    originals: dict[int, int], hashes: dict[int, str]
) -> None:
    me = candidate(0, 0)
    found = {i: candidate(i, 0, hashes.get(i)) for i in (1, 2, 3)}
    ranked = rank(me, [(1, 0.9), (2, 0.89), (3, 0.5)], found, set(), {}, 30, originals)
    assert [i for i, _ in ranked] == [1, 3]


def test_weak_neighbours_do_not_pad_the_list() -> None:
    me = candidate(0, 0)
    found = {i: candidate(i, 0) for i in range(1, 20)}
    hits = [(i, 0.9 - i * 0.05) for i in range(1, 20)]
    ranked = rank(me, hits, found, set(), {}, half_life_days=30)
    assert len(ranked) <= KEEP and all(score >= 0.3 * 0.75 for _, score in ranked)


def test_shared_entities_lift_a_neighbour() -> None:
    me = candidate(0, 0)
    found = {1: candidate(1, 0), 2: candidate(2, 0)}
    ranked = rank(me, [(1, 0.6), (2, 0.58)], found, set(), {2: 1.0}, half_life_days=30)
    assert [i for i, _ in ranked] == [2, 1]


def near_copy(row: dict[str, Any]) -> dict[str, Any]:
    """The same article republished elsewhere with a changed last paragraph."""
    paragraphs = row["text"].split("\n\n")
    text = "\n\n".join([*paragraphs[:-1], "Republished with permission."])
    return {**row, "id": "copy", "text": text, "source": "Other", "url": "https://other.example/c"}


def test_related_lists_hold_neither_self_nor_copies(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    rows = [*english_rows[:24], near_copy(english_rows[0])]
    ids = load_rows(store, rows)
    original, copy = ids[rows[0]["id"]], ids["copy"]
    run_analysis(make_context(settings, store))
    with store.session() as session:
        assert original_of(session, article_id=copy) == original  # the duplicates step folded it
        assert copy not in [i for i, _ in related_rows(session, article_id=original)]
    with store.session() as session:
        for article_id in set(ids.values()):
            listed = related_rows(session, article_id=article_id)
            assert article_id not in [i for i, _ in listed]
            assert len(listed) <= KEEP
            assert [s for _, s in listed] == sorted((s for _, s in listed), reverse=True)
        assert copy not in [i for i, _ in related_rows(session, article_id=original)]
        assert original not in [i for i, _ in related_rows(session, article_id=copy)]


@pytest.mark.parametrize(
    "newcomer_is_original", [False, True], ids=["copy-later", "original-later"]
)
def test_a_late_copy_or_original_never_takes_a_second_place_in_older_lists(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]], newcomer_is_original: bool
) -> None:
    """Older lists learn of newcomers by offer: an article's republication analysed in a later
    run (or its original, dated earlier, arriving after the republication) is one item with it
    in every list, never two."""
    ids = load_rows(store, english_rows[:24])
    run_analysis(make_context(settings, store))
    with store.session() as session:
        lists = {i: [o for o, _ in related_rows(session, article_id=i)] for i in ids.values()}
    listed = Counter(o for items in lists.values() for o in items)
    listed_id = listed.most_common(1)[0][0]
    row = next(r for r in english_rows[:24] if ids[r["id"]] == listed_id)
    shift = timedelta(days=-1 if newcomer_is_original else 1)
    published = datetime.fromisoformat(row["published"]) + shift
    newcomer = {**near_copy(row), "published": published.isoformat()}
    ids |= load_rows(store, [newcomer])
    run_analysis(make_context(settings, store))
    pair = {listed_id, ids["copy"]}
    with store.session() as session:
        lists = {i: [o for o, _ in related_rows(session, article_id=i)] for i in ids.values()}
        original, copy = (
            (ids["copy"], listed_id) if newcomer_is_original else (listed_id, ids["copy"])
        )
        assert original_of(session, article_id=copy) == original  # folded, in the dated order
    holding = [i for i, items in lists.items() if pair & set(items)]
    assert len(holding) >= 2  # the pair's neighbours list it
    for article_id in holding:
        assert len(pair & set(lists[article_id])) == 1, (article_id, lists[article_id])


def test_headline_only_articles_are_not_copies_of_each_other() -> None:
    """Articles without a body share the empty text's hash; that says nothing about them."""
    when = NOW
    me = Candidate(0, when, when, "empty", None, word_count=0)
    found = {i: Candidate(i, when, when, "empty", None, word_count=0) for i in (1, 2)}
    ranked = rank(me, [(1, 0.8), (2, 0.7)], found, {0}, {}, half_life_days=30)
    assert [i for i, _ in ranked] == [1, 2]


@pytest.mark.parametrize(
    ("hits", "entities", "expected"),
    [
        pytest.param([(1, 0.9), (2, 0.32)], {}, [1], id="weak-tail-dropped"),
        pytest.param([(1, 0.9), (2, 0.32)], {2: 1.0}, [1, 2], id="shared-entity-lifts-it"),
        pytest.param([(2, 0.32)], {}, [2], id="best-item-always-kept"),
    ],
)
def test_weak_items_after_the_best_are_left_out(
    hits: list[tuple[int, float]], entities: dict[int, float], expected: list[int]
) -> None:
    me = candidate(0, 0)
    found = {1: candidate(1, 0), 2: candidate(2, 0)}
    ranked = rank(me, hits, found, set(), entities, half_life_days=30)
    assert [i for i, _ in ranked] == expected


def test_a_weak_newcomer_is_not_offered_a_place_after_the_best() -> None:
    from newsdesk.analyze.related import _offer

    lists = {1: [(5, 0.9)], 2: []}
    _offer(lists, 1, 9, 0.32, {9})
    _offer(lists, 2, 9, 0.32, {9})
    assert lists == {1: [(5, 0.9)], 2: [(9, 0.32)]}  # an empty list still takes its best
