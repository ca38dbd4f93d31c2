"""The LSH index finds signatures sharing a band, before and after merging its tail."""

from __future__ import annotations

import numpy as np

from newsdesk.analyze.lsh import LshIndex
from newsdesk.analyze.minhash import NUM_PERM


def _signatures(n: int) -> np.ndarray:
    return np.random.default_rng(7).integers(0, 2**32, (n, NUM_PERM), dtype=np.uint32)


def test_near_signature_is_a_candidate_and_random_ones_are_not() -> None:
    sigs = _signatures(2000)
    index = LshIndex()
    index.add_many(np.arange(2000), sigs, np.arange(2000) + 10_000)
    near = sigs[42].copy()
    near[: NUM_PERM // 2] = 0  # half the values changed: bands in the other half still agree
    assert index.candidates(near, 1) == {42}
    assert index.candidates(_signatures(2001)[2000], 2) == set()


def test_same_first_words_make_a_candidate_whatever_the_bands() -> None:
    sigs = _signatures(10)
    index = LshIndex()
    index.add_many(np.arange(10), sigs, np.arange(10))
    other = np.zeros(NUM_PERM, dtype=np.uint32)
    assert index.candidates(other, 3) == {3}


def test_added_one_by_one_then_merged_gives_the_same_candidates() -> None:
    sigs = _signatures(50)
    index = LshIndex()
    for i in range(50):
        index.add(i + 100, sigs[i], i)
    before = [index.candidates(s, 999) for s in sigs]
    index.merge()
    after = [index.candidates(s, 999) for s in sigs]
    assert before == after == [{i + 100} for i in range(50)]
    assert len(index) == 50
