"""Articles stored the way the pipeline stores them, and the context a step runs with."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import pytest

from newsdesk.analyze.embed import Embedder, get_embedder
from newsdesk.config import Settings
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed

AddArticle = Callable[..., int]
_numbers = count(1)


@dataclass
class Context:
    settings: Settings
    store: Store
    embedder: Embedder


@pytest.fixture
def ctx(settings: Settings, store: Store) -> Context:
    return Context(settings, store, get_embedder(settings))


def store_article(store: Store, title: str, text: str, *, language: str | None = "en") -> int:
    """Store one article as the pipeline does (a feed entry), and return its id."""
    n = next(_numbers)
    data = ArticleData(
        title=title,
        text=text,
        html="",
        text_hash=hashlib.sha256(f"{n}{title}{text}".encode()).hexdigest(),
        canonical_url=f"https://news.example/a/{n}",
        language=language,
    )
    with store.session() as session:
        feed, _ = add_feed(session, url="https://news.example/feed.xml")
        return store_entry(
            session,
            feed_id=feed.id,
            source_id=None,
            guid=f"g{n}",
            entry_url=None,
            entry_hash=str(n),
            data=data,
        ).article_id


@pytest.fixture
def add_article(store: Store) -> AddArticle:
    def add(title: str, text: str, *, language: str | None = "en") -> int:
        return store_article(store, title, text, language=language)

    return add
