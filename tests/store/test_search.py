"""Full-text search on both databases: words only, every word required, filters, orders."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.store.search import SearchFilters, search_articles, search_terms

ARTICLES = [
    # (host, title, text, published)
    ("harbour.example", "Harbour budget approved", "The council approved the harbour budget.", 1),
    ("harbour.example", "Ferry strike ends", "Ferry crews return after the harbour dispute.", 5),
    ("valley.example", "Valley floods", "Rain flooded the valley; the harbour was spared.", 9),
    ("valley.example", "Café reopens", "The café by the river reopened on Monday.", 12),
]


def _load(store: Store) -> dict[str, int]:
    ids: dict[str, int] = {}
    with store.session() as session:
        for n, (host, title, text, day) in enumerate(ARTICLES):
            feed, _ = add_feed(session, url=f"https://{host}/feed.xml")
            result = store_entry(
                session,
                feed_id=feed.id,
                source_id=feed.source_id,
                guid=f"g{n}",
                entry_url=None,
                entry_hash="h",
                data=ArticleData(
                    title=title,
                    text=text,
                    html=f"<p>{text}</p>",
                    text_hash=hashlib.sha256(text.encode()).hexdigest(),
                    canonical_url=f"https://{host}/{n}",
                    published_at=datetime(2024, 3, day, tzinfo=UTC),
                ),
            )
            ids[title] = result.article_id
    return ids


def _titles(store: Store, query: str, **kwargs: object) -> list[str]:
    with store.session() as session:
        results = search_articles(session, query=query, **kwargs)  # type: ignore[arg-type]
        return [hit.card.title for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        pytest.param("Harbour  budget", ["harbour", "budget"], id="words-lowercased"),
        pytest.param('"harbour" NEAR(budget*) -ferry', ["harbour", "near", "budget", "ferry"],
                     id="fts-syntax-is-words"),
        pytest.param("'; DROP TABLE articles; --", ["drop", "table", "articles"], id="sql"),
        pytest.param("harbour harbour HARBOUR", ["harbour"], id="duplicates"),
        pytest.param("!!! ??? ()", [], id="no-words"),
        pytest.param("x" * 100 + " ok", ["ok"], id="overlong-word-dropped"),
        pytest.param(" ".join(f"w{n}" for n in range(50)), [f"w{n}" for n in range(12)],
                     id="at-most-12-terms"),
    ],
)  # fmt: skip
def test_queries_become_plain_words(query: str, terms: list[str]) -> None:
    assert search_terms(query) == terms


def test_every_word_must_match_in_title_or_text(store: Store) -> None:
    _load(store)
    assert sorted(_titles(store, "harbour")) == [
        "Ferry strike ends",
        "Harbour budget approved",
        "Valley floods",
    ]
    assert _titles(store, "harbour ferry") == ["Ferry strike ends"]
    assert _titles(store, "harbour nowhere") == []


def test_title_matches_rank_first(store: Store) -> None:
    _load(store)
    assert _titles(store, "harbour")[0] == "Harbour budget approved"


def test_date_order_is_newest_first(store: Store) -> None:
    _load(store)
    assert _titles(store, "harbour", sort="date") == [
        "Valley floods",
        "Ferry strike ends",
        "Harbour budget approved",
    ]


def test_filters_by_source_and_dates(store: Store) -> None:
    _load(store)
    with store.session() as session:
        valley = search_articles(session, query="harbour", filters=SearchFilters()).hits
        source_id = next(h.card.source_id for h in valley if h.card.title == "Valley floods")
    assert _titles(store, "harbour", filters=SearchFilters(source_id=source_id)) == [
        "Valley floods"
    ]
    window = SearchFilters(since=date(2024, 3, 5), until=date(2024, 3, 5))
    assert _titles(store, "harbour", filters=window) == ["Ferry strike ends"]


def test_pages_and_capped_total(store: Store) -> None:
    _load(store)
    with store.session() as session:
        first = search_articles(session, query="harbour", per_page=2, sort="date")
        second = search_articles(session, query="harbour", per_page=2, sort="date", page=2)
        far = search_articles(session, query="harbour", per_page=2, page=400)
    assert (first.total, first.has_next, len(first.hits)) == (3, True, 2)
    assert (second.has_next, [h.card.title for h in second.hits]) == (
        False,
        ["Harbour budget approved"],
    )
    assert far.hits == [] and not far.has_next


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('"', id="lone-quote"),
        pytest.param("harbour OR ferry AND NOT (valley", id="operators"),
        pytest.param("harbour* ^ferry col:text", id="fts5-specials"),
        pytest.param("harbour' OR '1'='1", id="injection"),
        pytest.param("\x00\x01 harbour \udcff", id="control-chars"),
        pytest.param("ħ" * 2000, id="junk-2000"),
    ],
)
def test_hostile_queries_answer_calmly(store: Store, query: str) -> None:
    _load(store)
    with store.session() as session:
        results = search_articles(session, query=query)
    assert results.total >= len(results.hits)
    assert all(term.replace("_", "").isalnum() for term in results.terms)


def test_text_with_accents_is_found(store: Store) -> None:
    _load(store)
    assert _titles(store, "café") == ["Café reopens"]
