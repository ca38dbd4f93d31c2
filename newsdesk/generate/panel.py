"""What the AI panel asks for: an article's summary (stored, reused) and answers to questions.

A summary is stored in `generated` with the method version and the article's content_hash
and served from there until either changes; `regenerate` rebuilds the stale ones ahead of
time so a reader never waits for vectors. Answers are computed per question (over stored
sentence vectors) and not stored: questions are free text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from newsdesk.analyze.embed import Embedder, get_embedder
from newsdesk.analyze.screen import english_share, latin_share
from newsdesk.config import Settings
from newsdesk.errors import NoTextError, UserError
from newsdesk.generate import answer as answering
from newsdesk.generate import summary as summarizing
from newsdesk.generate.cited import Answer, Summary
from newsdesk.generate.document import Document, build_document, load_documents
from newsdesk.generate.question import clean_question
from newsdesk.generate.story_summary import fresh_story_digest
from newsdesk.store.engine import Store
from newsdesk.store.generated import (
    article_ids_since,
    article_texts,
    get_generated,
    save_generated,
    shared_story_ids,
    story_article_ids,
)

SUMMARY = "summary"
STORY_ARTICLES = 6


class NoSuchArticle(UserError):
    """No article has this id."""


def _usable_document(session: Session, embedder: Embedder, article_id: int) -> Document:
    texts = article_texts(session, article_ids=[article_id])
    if not texts:
        raise NoSuchArticle("No such article.")
    article = texts[0]
    if not article.text.strip():
        raise NoTextError("This article has no text to draw a summary or an answer from.")
    if not _english(article.language, article.text):
        raise NoTextError("Summaries and answers are made for English articles only.")
    doc = build_document(session, embedder, article)
    if not doc.usable:
        raise NoTextError("This article has no sentences to draw a summary or an answer from.")
    return doc


def _english(language: str | None, text: str) -> bool:
    if language and not language.lower().startswith("en"):
        return False
    words, share = english_share(text)
    return latin_share(text) >= 0.6 and (words < 30 or share >= 0.08)


def summary_of(settings: Settings, store: Store, article_id: int) -> Summary:
    """The stored summary when still fresh, else a new one (stored for next time)."""
    with store.session() as session:
        texts = article_texts(session, article_ids=[article_id])
        if texts:
            stored = get_generated(session, article_id=article_id, kind=SUMMARY)
            if (
                stored is not None
                and stored.method_version == summarizing.METHOD_VERSION
                and stored.content_hash == texts[0].content_hash
            ):
                return Summary.from_json(stored.payload)
    return build_summary(get_embedder(settings), store, article_id)


def build_summary(embedder: Embedder, store: Store, article_id: int) -> Summary:
    with store.session() as session:
        doc = _usable_document(session, embedder, article_id)
        made = summarizing.summarize(doc)
        save_generated(
            session,
            article_id=article_id,
            kind=SUMMARY,
            method_version=made.method_version,
            content_hash=doc.content_hash,
            payload=made.as_json(),
        )
    return made


def ask(settings: Settings, store: Store, article_id: int, question: object) -> Answer:
    """The article's answer to a reader's question (QuestionError/NoTextError when unusable)."""
    asked = clean_question(question)
    embedder = get_embedder(settings)
    with store.session() as session:
        doc = _usable_document(session, embedder, article_id)

        def story() -> list[Document]:
            others = story_article_ids(session, article_id=article_id, limit=STORY_ARTICLES)
            return [d for d in load_documents(session, embedder, others) if d.usable]

        return answering.answer(doc, asked, embedder, story=story)


def regenerate(
    settings: Settings,
    store: Store,
    *,
    since: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Make every stale summary (and its sentence vectors), then the stale story digests of
    stories two or more outlets cover, so a story page's first view does not build one.

    Counts: made/fresh/skipped (article summaries), stories_made/stories_fresh.
    """
    embedder = get_embedder(settings)
    counts = {"made": 0, "fresh": 0, "skipped": 0, "stories_made": 0, "stories_fresh": 0}
    after = 0
    while True:
        with store.session() as session:
            ids = article_ids_since(session, since=since, after_id=after, limit=500)
        if not ids:
            break
        for article_id in ids:
            counts[_regenerate_one(embedder, store, article_id)] += 1
            if progress is not None:
                progress(1)
        after = ids[-1]
    after = 0
    while True:
        with store.session() as session:
            stories = shared_story_ids(session, since=since, after_id=after)
        if not stories:
            return counts
        for story_id in stories:
            made = fresh_story_digest(settings, store, story_id)[1]
            counts["stories_made" if made else "stories_fresh"] += 1
            if progress is not None:
                progress(1)
        after = stories[-1]


def _regenerate_one(embedder: Embedder, store: Store, article_id: int) -> str:
    with store.session() as session:
        texts = article_texts(session, article_ids=[article_id])
        stored = get_generated(session, article_id=article_id, kind=SUMMARY)
    if (
        texts
        and stored is not None
        and stored.method_version == summarizing.METHOD_VERSION
        and stored.content_hash == texts[0].content_hash
    ):
        return "fresh"
    try:
        build_summary(embedder, store, article_id)
    except UserError:
        return "skipped"
    return "made"
