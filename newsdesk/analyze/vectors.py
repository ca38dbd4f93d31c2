"""Article vectors: stored per article (table `article_vectors`), searchable by similarity.

`nearest_each` answers from a per-process `VectorIndex` (analyze/vector_index.py) for the
current embedding model, brought in step with the table before each batch of look-ups.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.analyze.embed import model_name
from newsdesk.analyze.vector_index import VectorIndex, from_blob, to_blob
from newsdesk.config import Settings
from newsdesk.store.analysis import article_inputs
from newsdesk.store.vectors import get_vector, save_vectors

if TYPE_CHECKING:
    from newsdesk.analyze.context import AnalyzeContext

_indexes: dict[tuple[str, str, str], VectorIndex] = {}
_lock = threading.Lock()


def vector_index(settings: Settings, model: str | None = None) -> VectorIndex:
    """The process's index for this database and model (one per pair, built lazily)."""
    model = model or model_name(settings)
    key = (settings.effective_database_url, str(settings.data_dir.resolve()), model)
    with _lock:
        if key not in _indexes:
            _indexes[key] = VectorIndex(
                settings.data_dir / "vectors", model, exact_limit=settings.vector_exact_limit
            )
        return _indexes[key]


def nearest_each(
    settings: Settings, session: Session, vectors: dict[int, np.ndarray], *, k: int
) -> dict[int, list[tuple[int, float]]]:
    """(article id, cosine) of the k stored articles most similar to each stored article
    given (never itself), best first: one index sync for the batch."""
    index = vector_index(settings)
    index.sync(session)
    ids = list(vectors)
    if not ids:
        return {}
    found = index.search_many(
        np.vstack([vectors[i] for i in ids]), k=k, excludes=[(i,) for i in ids]
    )
    return dict(zip(ids, found, strict=True))


def article_vector(session: Session, article_id: int) -> np.ndarray | None:
    """The article's stored vector as float32, or None if it has none yet."""
    blob = get_vector(session, article_id=article_id)
    return None if blob is None else from_blob(blob)


def store_vectors(session: Session, *, model: str, ids: Sequence[int], vectors: np.ndarray) -> int:
    """Store one row per article (float16); returns how many rows changed."""
    return save_vectors(
        session, model=model, vectors=[(i, to_blob(v)) for i, v in zip(ids, vectors, strict=True)]
    )


# --- the embed step -------------------------------------------------------------------------

STEP_VERSION = "1"


def embed_text(title: str, text: str) -> str:
    """What an article vector is made of: the title and the lede (the model reads 256 tokens)."""
    from newsdesk.analyze.screen import usable_text

    return f"{title.strip()}\n{usable_text(text[:20_000])}".strip()


def analyze_embed(ctx: AnalyzeContext, article_ids: Sequence[int]) -> None:
    """Store one vector per article; the same text gives the same bytes, so no rewrite."""
    with ctx.store.session() as session:
        inputs = article_inputs(session, article_ids=article_ids)
    if not inputs:
        return
    vectors = ctx.embedder.embed([embed_text(a.title, a.text) for a in inputs])
    with ctx.store.session() as session:
        store_vectors(session, model=ctx.embedder.name, ids=[a.id for a in inputs], vectors=vectors)
