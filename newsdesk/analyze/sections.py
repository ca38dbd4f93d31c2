"""One Wikinews top-level section per article, from its vector.

The classifier is one-vs-rest logistic regression over the article vector, trained by
scripts/train_sections.py on English Wikinews articles the `sections` gold set never contains;
its weights ship as package data (a (12, dim+1) float32 array and a JSON of labels), so
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

from newsdesk.store import tags as tag_store

if TYPE_CHECKING:
    from newsdesk.analyze.embed import Embedder
    from newsdesk.config import Settings
    from newsdesk.store.engine import Store

STEP_VERSION = "1"

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

# What a vector is made of; training uses the same function so the two never drift apart.
LEDE_CHARS = 2000


class StepContext(Protocol):
    """The part of analyze-core's AnalyzeContext a step here uses."""

    settings: Settings
    store: Store
    embedder: Embedder


def vector_text(title: str, text: str) -> str:
    """Title and lede: the embedder keeps the first 256 tokens of this."""
    return f"{title.strip()}\n\n{text.strip()[:LEDE_CHARS]}".strip()


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


def _skip_reason(title: str, text: str, language: str | None) -> str | None:
    if not (title.strip() or text.strip()):
        return "empty"
    if language and not language.lower().startswith("en"):
        return f"language {language} is not English"
    return None


def analyze_sections(ctx: StepContext, article_ids: Sequence[int]) -> None:
    """Classify each article once per (content, model) and store its section or the reason."""
    model = load_model()
    with ctx.store.session() as session:
        articles = tag_store.article_texts(session, article_ids=article_ids)
        todo, texts = [], []
        for article in articles:
            reason = _skip_reason(article.title, article.text, article.language)
            if reason:
                tag_store.set_section(
                    session, article_id=article.id, section=None, confidence=0.0,
                    reason=reason, version=STEP_VERSION,
                )
                continue
            todo.append(article.id)
            texts.append(vector_text(article.title, article.text))
        if not todo:
            return
        for article_id, (section, confidence) in zip(
            todo, model.classify(ctx.embedder.embed(texts)), strict=True
        ):
            tag_store.set_section(
                session, article_id=article_id, section=section, confidence=confidence,
                reason=None, version=STEP_VERSION,
            )
