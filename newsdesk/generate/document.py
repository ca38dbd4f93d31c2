"""An article ready for generation: its sentences and their vectors, computed once and stored.

Vectors are made on first use (a page view, a question, or `newsdesk regenerate`) and kept
in `sentence_vectors` under the embedding model's name and the article's content_hash, so a
later view only decodes them; an edited article or another model makes them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.analyze.embed import Embedder
from newsdesk.generate.sentences import Sentence, article_sentences
from newsdesk.store.generated import (
    ArticleText,
    article_texts,
    get_sentence_vectors,
    save_sentence_vectors,
)


@dataclass(frozen=True)
class Document:
    article_id: int
    title: str
    outlet: str | None
    content_hash: str
    sentences: list[Sentence]
    title_vector: np.ndarray  # (dim,) float32
    vectors: np.ndarray  # (len(sentences), dim) float32; zero rows for unusable sentences

    @property
    def by_id(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences}

    @property
    def usable(self) -> list[int]:
        """Indexes of the sentences that may be picked."""
        return [i for i, s in enumerate(self.sentences) if s.usable]


def load_document(session: Session, embedder: Embedder, article_id: int) -> Document | None:
    """The article as a Document, computing and storing its vectors if they are missing or stale.

    None when there is no such article.
    """
    found = article_texts(session, article_ids=[article_id])
    return build_document(session, embedder, found[0]) if found else None


def load_documents(
    session: Session, embedder: Embedder, article_ids: Sequence[int]
) -> list[Document]:
    return [
        build_document(session, embedder, a)
        for a in article_texts(session, article_ids=article_ids)
    ]


def build_document(session: Session, embedder: Embedder, article: ArticleText) -> Document:
    sentences = article_sentences(article.text)
    matrix = _stored(session, embedder, article, len(sentences) + 1)
    if matrix is None:
        matrix = embed_sentences(embedder, article.title, sentences)
        save_sentence_vectors(
            session,
            article_id=article.id,
            model=embedder.name,
            content_hash=article.content_hash,
            rows=matrix.shape[0],
            vectors=matrix.astype("<f2").tobytes(),
        )
    return Document(
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        content_hash=article.content_hash,
        sentences=sentences,
        title_vector=matrix[0],
        vectors=matrix[1:],
    )


def _stored(
    session: Session, embedder: Embedder, article: ArticleText, rows: int
) -> np.ndarray | None:
    stored = get_sentence_vectors(session, article_id=article.id, model=embedder.name)
    if stored is None or stored.content_hash != article.content_hash or stored.rows != rows:
        return None
    flat = np.frombuffer(stored.vectors, dtype="<f2").astype(np.float32)
    if flat.size != rows * embedder.dim:
        return None
    return flat.reshape(rows, embedder.dim)


def document_from_text(embedder: Embedder, article: ArticleText) -> Document:
    """A Document made in memory, stored nowhere (benchmarks, previews)."""
    sentences = article_sentences(article.text)
    matrix = embed_sentences(embedder, article.title, sentences)
    return Document(
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        content_hash=article.content_hash,
        sentences=sentences,
        title_vector=matrix[0],
        vectors=matrix[1:],
    )


def embed_sentences(embedder: Embedder, title: str, sentences: list[Sentence]) -> np.ndarray:
    """Row 0 the title, then one row per sentence; unusable sentences get zeros (never read)."""
    matrix = np.zeros((len(sentences) + 1, embedder.dim), dtype=np.float32)
    wanted = [i for i, s in enumerate(sentences) if s.usable]
    texts = [title or ""] + [sentences[i].text for i in wanted]
    vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
    matrix[0] = vectors[0]
    for row, index in enumerate(wanted, start=1):
        matrix[index + 1] = vectors[row]
    return matrix
