"""Vector look-ups: exactly brute force below the limit, and kept in step with the table."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import delete

from newsdesk.analyze.vector_index import VectorIndex
from newsdesk.analyze.vectors import article_vector, store_vectors
from newsdesk.config import Settings
from newsdesk.evaluation.load import load_rows
from newsdesk.store.engine import Store
from newsdesk.store.models import Article

MODEL = "test-model"
DIM = 24


def random_unit(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def stored(store: Store, n: int, rng: np.random.Generator) -> dict[int, np.ndarray]:
    """n articles with random vectors, as the table holds them (rounded to float16)."""
    rows = [{"id": f"a{i}", "title": f"Article {i}", "text": ""} for i in range(n)]
    ids = sorted(set(load_rows(store, rows).values()))
    vectors = random_unit(rng, len(ids))
    with store.session() as session:
        store_vectors(session, model=MODEL, ids=ids, vectors=vectors)
    return {i: v.astype(np.float16).astype(np.float32) for i, v in zip(ids, vectors, strict=True)}


def brute_force(table: dict[int, np.ndarray], query: np.ndarray, k: int) -> list[int]:
    scores = sorted(((-float(v @ query), i) for i, v in table.items()))
    return [i for _, i in scores[:k]]


def test_exact_search_equals_brute_force(settings: Settings, store: Store) -> None:
    rng = np.random.default_rng(7)
    table = stored(store, 300, rng)
    index = VectorIndex(settings.data_dir / "vectors", MODEL, exact_limit=10_000)
    with store.session() as session:
        index.sync(session)
    for query in random_unit(rng, 20):
        hits = index.search(query, k=10)
        assert [i for i, _ in hits] == brute_force(table, query, 10)
        assert [s for _, s in hits] == pytest.approx(
            [float(table[i] @ query) for i, _ in hits], abs=1e-5
        )


def test_new_changed_and_deleted_vectors_are_seen(settings: Settings, store: Store) -> None:
    rng = np.random.default_rng(8)
    table = stored(store, 120, rng)
    index = VectorIndex(settings.data_dir / "vectors", MODEL, exact_limit=10_000)
    with store.session() as session:
        index.sync(session)
    changed = sorted(table)[:5]
    new_vectors = random_unit(rng, 5)
    deleted = sorted(table)[-3:]
    with store.session() as session:
        store_vectors(session, model=MODEL, ids=changed, vectors=new_vectors)
        session.execute(delete(Article).where(Article.id.in_(deleted)))
    for i, v in zip(changed, new_vectors, strict=True):
        table[i] = v.astype(np.float16).astype(np.float32)
    for i in deleted:
        del table[i]
    with store.session() as session:
        index.sync(session)
    assert len(index) == len(table)
    for query in [*new_vectors, *random_unit(rng, 5)]:
        assert [i for i, _ in index.search(query, k=8)] == brute_force(table, query, 8)


def test_another_process_maps_the_published_files(settings: Settings, store: Store) -> None:
    rng = np.random.default_rng(9)
    table = stored(store, 50, rng)
    folder = settings.data_dir / "vectors"
    first = VectorIndex(folder, MODEL, exact_limit=10_000)
    with store.session() as session:
        first.sync(session)
        second = VectorIndex(folder, MODEL, exact_limit=10_000)
        second.sync(session)
    query = random_unit(rng, 1)[0]
    assert second.search(query, k=5) == first.search(query, k=5)
    assert [i for i, _ in second.search(query, k=5)] == brute_force(table, query, 5)


def test_hnsw_past_the_limit_finds_the_true_nearest(settings: Settings, store: Store) -> None:
    rng = np.random.default_rng(10)
    table = stored(store, 400, rng)
    index = VectorIndex(settings.data_dir / "vectors", MODEL, exact_limit=100)
    with store.session() as session:
        index.sync(session)
    queries = random_unit(rng, 30)
    found = [index.search(q, k=5) for q in queries]
    assert all(
        hits[0][0] == brute_force(table, q, 1)[0] for q, hits in zip(queries, found, strict=True)
    )
    for q, hits in zip(queries, found, strict=True):  # scores are exact, not quantised
        assert [s for _, s in hits] == pytest.approx(
            [float(table[i] @ q) for i, _ in hits], abs=1e-5
        )


def test_excluded_ids_never_come_back(settings: Settings, store: Store) -> None:
    rng = np.random.default_rng(11)
    table = stored(store, 40, rng)
    index = VectorIndex(settings.data_dir / "vectors", MODEL, exact_limit=10_000)
    with store.session() as session:
        index.sync(session)
    some = sorted(table)[0]
    hits = index.search(table[some], k=5, exclude=[some])
    assert some not in [i for i, _ in hits] and len(hits) == 5


def test_article_vector_reads_what_was_stored(store: Store) -> None:
    rng = np.random.default_rng(12)
    table = stored(store, 3, rng)
    with store.session() as session:
        for article_id, vector in table.items():
            assert np.array_equal(article_vector(session, article_id), vector)
        assert article_vector(session, 10**9) is None
