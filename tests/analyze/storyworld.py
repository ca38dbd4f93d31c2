"""A small world for the stories step: articles from named outlets, a keyword embedder.

The embedder is deterministic and transparent (one axis per topic word), so a test can say
exactly which articles are alike; clustering quality on real text is tested separately with
the real model (tests/analyze/test_clustering.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.store.models import Article
from newsdesk.store.sources import get_or_create_source

TOPICS = ("quake", "election", "eclipse", "strike", "flood", "summit")
T0 = datetime(2024, 5, 1, 12, tzinfo=UTC)


class TopicEmbedder:
    """One axis per topic word, plus a small axis per other word so no two texts tie."""

    name = "test-topics/1"
    dim = len(TOPICS) + 1

    def embed(self, texts: Sequence[str]) -> numpy.ndarray:
        rows = []
        for text in texts:
            words = re.findall(r"[a-z]+", text.lower())
            row = numpy.array([float(words.count(t)) for t in TOPICS] + [0.05], dtype=numpy.float32)
            rows.append(row / numpy.linalg.norm(row))
        return numpy.vstack(rows) if rows else numpy.zeros((0, self.dim), dtype=numpy.float32)


def story_ctx(settings: Settings, store: Store) -> AnalyzeContext:
    """The context the runner hands a step, with the topic embedder."""
    return AnalyzeContext(settings=settings, store=store, embedder=TopicEmbedder())


def add_article(
    store: Store,
    title: str,
    *,
    outlet: str = "one.example",
    hours: float = 0.0,
    text: str = "",
    language: str | None = "en",
) -> int:
    """Store one article from `outlet`, published `hours` after T0; returns its id."""
    with store.session() as session:
        source = get_or_create_source(session, url=f"https://{outlet}/")
        digest = hashlib.sha256(f"{outlet}|{title}|{hours}|{text}".encode()).hexdigest()
        article = Article(
            source_id=source.id,
            canonical_url=f"https://{outlet}/{digest[:12]}",
            title=title,
            text=text,
            html="",
            language=language,
            published_at=T0 + timedelta(hours=hours),
            first_seen_at=T0 + timedelta(hours=hours, minutes=5),
            text_hash=digest,
            content_hash=digest,
        )
        session.add(article)
        session.flush()
        return article.id
