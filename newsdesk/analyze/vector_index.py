"""The look-up index over stored article vectors: exact numpy, or faiss HNSW at scale.

The table `article_vectors` is the truth; this index is a cache of it on disk, a float16
matrix memory-mapped from DATA_DIR/vectors/ (768 MB at 1M articles instead of 1.5 GB as
float32), plus the ids in the same order. Every look-up first compares the table's stamp (row
count, newest update) with the index's: new or changed vectors go to a small in-memory tail
searched exactly; deletions, or a tail past 5% of the main part, rewrite the files. Files are
written under a new generation name and published by renaming `current.json`, so another
process mapping the old files keeps a consistent view.

Measured here (bench/analyze.py): exact search over float32 rows costs ~1–4 ms at 100k and
~40 ms at 1M, so past `vector_exact_limit` rows the main part is answered by a faiss HNSW graph
over float16 rows, and its hits are re-scored exactly from the matrix.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.store.vectors import vector_stamp, vectors_since

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
# Queries scored per matrix product: bounds the score matrix (200k rows x 64 = 51 MB).
QUERY_BLOCK = 64


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f2").astype(np.float32)


@dataclass
class _Main:
    """One generation on disk: ids ascending, rows in the same order, maybe an HNSW graph."""

    ids: np.ndarray
    rows: np.ndarray  # float16, memory-mapped
    dense: np.ndarray | None  # float32 copy for exact search (small indexes only)
    hnsw: Any  # faiss index or None
    dead: np.ndarray  # rows replaced by the tail or deleted

    def row_of(self, article_id: int) -> int | None:
        row = int(np.searchsorted(self.ids, article_id))
        if row < len(self.ids) and self.ids[row] == article_id:
            return row
        return None


class VectorIndex:
    """Nearest stored vectors for one (database, model), kept in step with the table."""

    def __init__(self, folder: Path, model: str, *, exact_limit: int) -> None:
        self.folder = folder / re.sub(r"[^A-Za-z0-9._-]+", "_", model)
        self.model = model
        self.exact_limit = exact_limit
        self._main: _Main | None = None
        self._tail: dict[int, np.ndarray] = {}
        self._stamp: tuple[int, datetime | None] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        main = self._main
        live = 0 if main is None else int(len(main.ids) - main.dead.sum())
        return live + len(self._tail)

    # --- keeping in step -------------------------------------------------------------------

    def sync(self, session: Session) -> None:
        with self._lock:
            stamp = vector_stamp(session, model=self.model)
            if stamp == self._stamp:
                return
            if self._main is None:
                self.load()
            if self._main is not None and self._stamp != stamp:
                self._apply(vectors_since(session, model=self.model, since=self._stamp_time()))
            main_rows = 0 if self._main is None else len(self._main.ids)
            if len(self) != stamp[0] or len(self._tail) > max(1000, main_rows // 20):
                self._rebuild(session, stamp)
            self._stamp = stamp

    def _stamp_time(self) -> datetime | None:
        return self._stamp[1] if self._stamp else None

    def _apply(self, rows: Iterable[tuple[int, bytes, datetime]]) -> None:
        assert self._main is not None
        for article_id, blob, _ in rows:
            row = self._main.row_of(article_id)
            if row is not None:
                self._main.dead[row] = True
            self._tail[article_id] = from_blob(blob)

    def _rebuild(self, session: Session, stamp: tuple[int, datetime | None]) -> None:
        ids: list[int] = []
        chunks: list[np.ndarray] = []
        for article_id, blob, _ in vectors_since(session, model=self.model, since=None):
            ids.append(article_id)
            chunks.append(np.frombuffer(blob, dtype="<f2"))
        self.write(np.array(ids, dtype=np.int64), np.vstack(chunks) if chunks else None, stamp)

    def write(
        self,
        ids: np.ndarray,
        rows: np.ndarray | None,
        stamp: tuple[int, datetime | None],
    ) -> None:
        """Publish a new generation (ids ascending) and switch to it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        generation = uuid.uuid4().hex[:12]
        dim = rows.shape[1] if rows is not None else 0
        rows = rows if rows is not None else np.zeros((0, dim), dtype="<f2")
        np.save(self.folder / f"{generation}.ids.npy", ids)
        np.save(self.folder / f"{generation}.rows.npy", rows.astype("<f2", copy=False))
        if len(ids) > self.exact_limit:
            _save_hnsw(_build_hnsw(rows), self.folder / f"{generation}.hnsw")
        meta = {
            "generation": generation,
            "count": stamp[0],
            "newest": stamp[1].isoformat() if stamp[1] else None,
        }
        pointer = self.folder / f".current-{generation}.json"
        pointer.write_text(json.dumps(meta))
        previous = self._current_generation()
        pointer.replace(self.folder / "current.json")
        if previous and previous != generation:
            for old in self.folder.glob(f"{previous}.*"):
                old.unlink(missing_ok=True)  # mapped copies stay readable until unmapped
        self._tail = {}
        self._main = self._open(generation)
        self._stamp = stamp

    def _current_generation(self) -> str | None:
        try:
            return str(json.loads((self.folder / "current.json").read_text())["generation"])
        except (OSError, ValueError, KeyError):
            return None

    def load(self) -> None:
        """Map the published generation, if any, and take its stamp as our starting point."""
        try:
            meta = json.loads((self.folder / "current.json").read_text())
            main = self._open(str(meta["generation"]))
        except (OSError, ValueError, KeyError):
            return
        newest = datetime.fromisoformat(meta["newest"]) if meta.get("newest") else None
        self._main, self._tail = main, {}
        self._stamp = (int(meta["count"]), newest)

    def _open(self, generation: str) -> _Main:
        ids = np.load(self.folder / f"{generation}.ids.npy")
        rows = np.load(self.folder / f"{generation}.rows.npy", mmap_mode="r")
        hnsw, dense = None, None
        if (self.folder / f"{generation}.hnsw").is_file():
            hnsw = _load_hnsw(self.folder / f"{generation}.hnsw")
        else:
            dense = np.asarray(rows, dtype=np.float32)
        return _Main(ids, rows, dense, hnsw, np.zeros(len(ids), dtype=bool))

    # --- look-ups --------------------------------------------------------------------------

    def search(
        self, query: np.ndarray, *, k: int, exclude: Iterable[int] = ()
    ) -> list[tuple[int, float]]:
        """The k stored vectors most similar to `query` (cosine), best first."""
        return self.search_many(np.asarray(query).reshape(1, -1), k=k, excludes=[exclude])[0]

    def search_many(
        self, queries: np.ndarray, *, k: int, excludes: Sequence[Iterable[int]]
    ) -> list[list[tuple[int, float]]]:
        """`search` for each row of `queries` (with its own exclusions), best first.

        One pass over the stored matrix for the whole batch: at 100k rows a product per
        query re-reads 150 MB each time, a matrix product reads it once.
        """
        excluded = [set(e) for e in excludes]
        queries = np.asarray(queries, dtype=np.float32).reshape(len(excluded), -1)
        hits: list[dict[int, float]] = [{} for _ in excluded]
        main = self._main
        if main is not None and len(main.ids):
            wants = [k + len(e) for e in excluded]
            for start in range(0, len(queries), QUERY_BLOCK):
                block = slice(start, start + QUERY_BLOCK)
                parts = self._search_main(main, queries[block], wants[block])
                for found, part in zip(hits[block], parts, strict=True):
                    found.update(part)
        if self._tail and len(queries):
            tail_ids = list(self._tail)
            scores = np.vstack(list(self._tail.values())) @ queries.T
            for column, found in enumerate(hits):
                found.update(zip(tail_ids, scores[:, column].tolist(), strict=True))
        return [
            sorted(
                ((i, s) for i, s in found.items() if i not in gone), key=lambda h: (-h[1], h[0])
            )[:k]
            for found, gone in zip(hits, excluded, strict=True)
        ]

    def _search_main(
        self, main: _Main, queries: np.ndarray, wants: list[int]
    ) -> list[dict[int, float]]:
        if main.dense is not None:
            scores = main.dense @ queries.T
            scores[main.dead] = -np.inf
            found = []
            for column, want in enumerate(wants):
                col = scores[:, column]
                want = min(want, len(col))
                top = np.argpartition(-col, want - 1)[:want]
                found.append({int(main.ids[r]): float(col[r]) for r in top if np.isfinite(col[r])})
            return found
        extra = int(main.dead.sum())
        want = min(len(main.ids), max(wants) + extra + 8)
        _, rows = main.hnsw.search(np.ascontiguousarray(queries), want)
        found = []
        for query, row_hits in zip(queries, rows, strict=True):
            kept = sorted(int(r) for r in row_hits if r >= 0 and not main.dead[r])
            exact = np.asarray(main.rows[kept], dtype=np.float32) @ query
            found.append({int(main.ids[r]): float(s) for r, s in zip(kept, exact, strict=True)})
        return found


def _build_hnsw(rows: np.ndarray) -> Any:
    import faiss

    index: Any = faiss.IndexHNSWSQ(
        rows.shape[1],
        faiss.ScalarQuantizer.QT_fp16,  # type: ignore[arg-type]
        HNSW_M,
        faiss.METRIC_INNER_PRODUCT,
    )
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    for start in range(0, len(rows), 50_000):
        chunk = np.ascontiguousarray(rows[start : start + 50_000], dtype=np.float32)
        if not index.is_trained:
            index.train(chunk)
        index.add(chunk)
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def _save_hnsw(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def _load_hnsw(path: Path) -> Any:
    import faiss

    index: Any = faiss.read_index(str(path))
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index
