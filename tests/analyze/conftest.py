"""Real articles for the analysis tests, stored through the store's real write path."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed

CORPUS = Path(__file__).parents[2] / "newsdesk" / "demo" / "data" / "wikinews-en.jsonl.gz"
FRENCH = Path(__file__).parents[1] / "data" / "analyze" / "wikinews-fr.jsonl"


def corpus_rows(count: int) -> list[dict[str, Any]]:
    """The first `count` English Wikinews articles of the bundled corpus, in eval format."""
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            rows.append(
                {
                    "id": article["id"],
                    "title": article["title"],
                    "text": article["text"],
                    "published": article.get("published"),
                    "source": "Wikinews",
                    "url": article["url"],
                }
            )
            if len(rows) == count:
                return rows
    return rows


def french_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FRENCH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def english_rows() -> list[dict[str, Any]]:
    return corpus_rows(40)


AddArticle = Callable[..., int]
_numbers = count(1)


@pytest.fixture
def ctx(settings: Settings, store: Store) -> AnalyzeContext:
    return AnalyzeContext(settings, store, get_embedder(settings))


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
