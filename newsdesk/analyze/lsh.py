"""A compact MinHash LSH index: candidate copies of an article in microseconds, at 1M articles.

Banding as in datasketch's MinHashLSH (32 bands of 3 rows: see minhash.NUM_PERM), but each
band key is one uint32 in a sorted numpy array instead of a bytes key in a dict of sets.
Measured here with the same 32x3 bands: datasketch's MinHashLSH grew the process by ~11 KB
per article (50k random signatures; ~11 GB at 1M, far over the 3 GB budget) for 0.2 ms a
query; this index holds 8 bytes per band plus 8 per article (259 MiB at 1M) for 0.7-1.3 ms
a query (bench/duplicates.py). New
signatures go to a small unsorted tail that is merged in when it grows, so adding stays cheap.
A band key collision between different bands is only an extra candidate: every candidate is
verified on its text afterwards, and so are stale entries of articles that changed since.
"""

from __future__ import annotations

import numpy as np

from newsdesk.analyze.minhash import NUM_PERM

BANDS = 32
ROWS = NUM_PERM // BANDS
KEYS = BANDS + 1  # the bands, and the key of the first words (minhash.Shingled.lede_key)
_MERGE_AT = 20_000
# Odd 32-bit multipliers: a band's rows mixed into one uint32 key (wrapping arithmetic).
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F][:ROWS], dtype=np.uint32)


def band_keys(signatures: np.ndarray, lede_keys: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) signatures and (n,) lede keys → (n, KEYS) uint32 keys: bands, then lede."""
    sigs = np.asarray(signatures, dtype=np.uint32).reshape(-1, BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = (sigs * _MIX).sum(axis=2, dtype=np.uint32)
        mixed ^= mixed >> np.uint32(15)
        mixed *= np.uint32(0x2C1B3C6D)
        mixed ^= mixed >> np.uint32(12)
    ledes = np.asarray(lede_keys, dtype=np.uint32).reshape(-1, 1)
    return np.concatenate([mixed, ledes], axis=1)


class LshIndex:
    """Article ids by band key; `candidates` gives the ids sharing at least one band."""

    def __init__(self) -> None:
        self._ids = np.empty(0, dtype=np.int64)  # article id per position
        self._keys = np.empty((KEYS, 0), dtype=np.uint32)  # sorted per band
        self._order = np.empty((KEYS, 0), dtype=np.uint32)  # position per sorted key
        self._tail_ids: list[int] = []
        self._tail_keys: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._ids) + len(self._tail_ids)

    @property
    def nbytes(self) -> int:
        return self._ids.nbytes + self._keys.nbytes + self._order.nbytes

    def add(self, article_id: int, signature: np.ndarray, lede_key: int) -> None:
        self._tail_ids.append(article_id)
        self._tail_keys.append(band_keys(signature, np.array([lede_key]))[0])
        if len(self._tail_ids) >= _MERGE_AT:
            self.merge()

    def add_many(
        self, article_ids: np.ndarray, signatures: np.ndarray, lede_keys: np.ndarray
    ) -> None:
        """Add a block at once (building from the table): one sort instead of many."""
        self.merge()
        keys = band_keys(signatures, lede_keys).T
        self._ids = np.concatenate([self._ids, np.asarray(article_ids, dtype=np.int64)])
        unsorted = self._unsorted_keys()
        self._set(np.concatenate([unsorted, keys], axis=1))

    def merge(self) -> None:
        if not self._tail_ids:
            return
        tail = np.stack(self._tail_keys).T
        unsorted = self._unsorted_keys()
        self._ids = np.concatenate([self._ids, np.array(self._tail_ids, dtype=np.int64)])
        self._tail_ids, self._tail_keys = [], []
        self._set(np.concatenate([unsorted, tail], axis=1))

    def candidates(self, signature: np.ndarray, lede_key: int) -> set[int]:
        """Ids of the indexed articles sharing a band (or the first words) with an article."""
        keys = band_keys(signature, np.array([lede_key]))[0]
        found: set[int] = set()
        if self._keys.shape[1]:
            for band in range(KEYS):
                row = self._keys[band]
                lo = int(np.searchsorted(row, keys[band], side="left"))
                hi = int(np.searchsorted(row, keys[band], side="right"))
                if hi > lo:
                    found.update(self._ids[self._order[band, lo:hi]].tolist())
        if self._tail_ids:
            tail = np.stack(self._tail_keys)
            hits = np.nonzero((tail == keys).any(axis=1))[0]
            found.update(self._tail_ids[i] for i in hits.tolist())
        return found

    def _unsorted_keys(self) -> np.ndarray:
        """The band keys back in position order (the sorted form is all that is kept)."""
        out = np.empty_like(self._keys)
        for band in range(KEYS):
            out[band, self._order[band]] = self._keys[band]
        return out

    def _set(self, keys: np.ndarray) -> None:
        order = np.argsort(keys, axis=1, kind="stable").astype(np.uint32)
        self._order = order
        self._keys = np.take_along_axis(keys, order.astype(np.int64), axis=1)
