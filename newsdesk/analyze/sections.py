"""One Wikinews top-level section per article, from its vector.

The classifier is one-vs-rest logistic regression over the article vector (the one the embed
step stores, from `embed_text`), trained by scripts/train_sections.py on English Wikinews
articles the `sections` gold set never contains, each section's row started from the vector of
its own name so that sections with a handful of training articles still generalise; its
weights ship as package data (a (sections, dim+1) float32 array and a JSON of labels), so
classifying is one matrix product and needs no training library at run time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from newsdesk.analyze.vectors import article_vector, embed_text
from newsdesk.store import tags as tag_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsdesk.analyze.embed import Embedder
    from newsdesk.config import Settings
    from newsdesk.store.engine import Store

STEP_VERSION = "3"

SECTIONS: tuple[str, ...] = (
    "Crime and law",
    "Culture and entertainment",
    "Disasters and accidents",
    "Economy and business",
    "Education",
    "Environment",
    "Health",
    "Obituaries",
    "Politics and conflicts",
    "Science and technology",
    "Sports",
    "Weather",
)


class StepContext(Protocol):
    """The part of analyze-core's AnalyzeContext a step here uses."""

    settings: Settings
    store: Store
    embedder: Embedder


@dataclass(frozen=True)
class SectionModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dim + 1): the last column is the bias
    embedder: str

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Per section, the probability the article is filed under it (one-vs-rest)."""
        logits = vectors @ self.weights[:, :-1].T + self.weights[:, -1]
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def classify(self, vectors: np.ndarray) -> list[tuple[str, float]]:
        probs = self.probabilities(vectors)
        best = probs.argmax(axis=1)
        return [(self.labels[i], float(probs[row, i])) for row, i in enumerate(best)]


@lru_cache(maxsize=1)
def load_model() -> SectionModel:
    folder = resources.files("newsdesk.analyze") / "data"
    meta: dict[str, Any] = json.loads((folder / "sections.json").read_text(encoding="utf-8"))
    with resources.as_file(folder / "sections.npy") as path:
        weights = np.load(path).astype(np.float32)
    return SectionModel(tuple(meta["labels"]), weights, str(meta["embedder"]))


def skip_reason(title: str, text: str, language: str | None) -> str | None:
    if not (title.strip() or text.strip()):
        return "empty"
    if language and not language.lower().startswith("en"):
        return f"language {language} is not English"
    return None


def _stored_vectors(session: Session, article_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """The vectors the embed step stored; a missing one is embedded from the same text."""
    found = {}
    for article_id in article_ids:
        vector = article_vector(session, article_id)
        if vector is not None:
            found[article_id] = np.asarray(vector, dtype=np.float32)
    return found


def _vectors(ctx: StepContext, session: Session, todo: dict[int, str]) -> np.ndarray:
    stored = _stored_vectors(session, list(todo))
    missing = [article_id for article_id in todo if article_id not in stored]
    if missing:
        fresh = ctx.embedder.embed([todo[article_id] for article_id in missing])
        stored.update(zip(missing, fresh, strict=True))
    return np.stack([stored[article_id] for article_id in todo])


def analyze_sections(ctx: StepContext, article_ids: Sequence[int]) -> None:
    """Classify each article and store its section, or the reason it has none."""
    model = load_model()
    with ctx.store.session() as session:
        todo: dict[int, str] = {}
        for article in tag_store.article_texts(session, article_ids=article_ids):
            reason = skip_reason(article.title, article.text, article.language)
            if reason:
                _record(session, article.id, None, 0.0, reason)
            else:
                todo[article.id] = embed_text(article.title, article.text)
        if not todo:
            return
        try:
            results = model.classify(_vectors(ctx, session, todo))
        except Exception as exc:  # an embedder failure is recorded, never raised out of the run
            for article_id in todo:
                _record(session, article_id, None, 0.0, f"failed: {type(exc).__name__}: {exc}")
            return
        for article_id, (section, confidence) in zip(todo, results, strict=True):
            _record(session, article_id, section, confidence, None)


def _record(
    session: Session, article_id: int, section: str | None, confidence: float, reason: str | None
) -> None:
    tag_store.set_section(
        session,
        article_id=article_id,
        section=section,
        confidence=confidence,
        reason=reason[:500] if reason else None,
        version=STEP_VERSION,
    )
