"""An OpenAI-compatible `/v1/embeddings` endpoint as the embedder (Ollama, vLLM, OpenAI...).

The endpoint is the operator's choice in the settings, not a URL from a feed, so it is reached
with a plain client rather than the fetch stage's guarded one (which would refuse a local
Ollama on 127.0.0.1). Its answers are still checked: the right count, one width, finite
numbers; anything else is an `EmbeddingError` with one line saying what went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np

from newsdesk.analyze.embed import MAX_CHARS, normalise
from newsdesk.errors import EmbeddingError

BATCH = 64


def endpoint(url: str) -> str:
    """Accept a base URL (`http://host/v1`) or the full embeddings URL."""
    url = url.rstrip("/")
    return url if url.endswith("/embeddings") else f"{url}/embeddings"


class OpenAIEmbedder:
    """Vectors from a remote model; rows are re-normalised, since not every server does."""

    def __init__(self, *, url: str, model: str, api_key: str = "", timeout: float = 30.0):
        self.url = endpoint(url)
        self.model = model
        self.name = f"openai:{model}"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers, trust_env=False)
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.embed(["dimension probe"])
        assert self._dim is not None
        return self._dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        parts = [self._post(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
        return normalise(np.vstack(parts))

    def _post(self, texts: list[str]) -> np.ndarray:
        body = {"model": self.model, "input": [t[:MAX_CHARS] or " " for t in texts]}
        try:
            response = self._client.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise EmbeddingError(f"embeddings endpoint {self.url}: {exc}") from None
        if response.status_code != 200:
            raise EmbeddingError(
                f"embeddings endpoint {self.url} answered HTTP {response.status_code}"
            )
        try:
            return self._rows(response.json(), len(texts))
        except (ValueError, TypeError, KeyError) as exc:
            raise EmbeddingError(
                f"embeddings endpoint {self.url}: unusable answer ({exc})"
            ) from None

    def _rows(self, payload: Any, count: int) -> np.ndarray:
        items = sorted(payload["data"], key=lambda item: int(item.get("index", 0)))
        if len(items) != count:
            raise ValueError(f"{len(items)} vectors for {count} texts")
        rows = np.array([item["embedding"] for item in items], dtype=np.float32)
        if rows.ndim != 2 or rows.shape[1] == 0 or not np.isfinite(rows).all():
            raise ValueError("vectors of mixed width or not numbers")
        if self._dim is not None and rows.shape[1] != self._dim:
            raise ValueError(f"width {rows.shape[1]}, earlier {self._dim}")
        self._dim = rows.shape[1]
        return rows
