"""Candidate copies for one article at 100k and 1M signatures: latency, memory, build time.

    .venv/bin/python bench/duplicates.py [--sizes 100000 1000000] [--queries 2000]

The stored signatures are made as the issue asks: the real English Wikinews articles are
signed, then perturbed (a random third of each signature's values redrawn, and a fresh lede
key), so the index holds realistic near-neighbour structure without shingling a million
texts. Also prints shingle+sign throughput on the real texts (one process).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

from newsdesk.analyze.lsh import LshIndex
from newsdesk.analyze.minhash import NUM_PERM, shingle, signature

CORPUS = Path(__file__).resolve().parents[3] / "shared/data/news-corpus/articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    texts = [r["text"] for r in rows if r["lang"] == "en"]
    start = time.perf_counter()
    real = []
    for text in texts:
        shingled = shingle(text)
        real.append(signature(shingled.shingles))
    took = time.perf_counter() - start
    print(f"shingle + sign: {len(texts) / took:.0f} articles/s ({len(texts)} real articles)")
    base = np.stack(real)
    rng = np.random.default_rng(1)
    for size in args.sizes:
        sigs = base[rng.integers(0, len(base), size)].copy()
        redraw = rng.random(sigs.shape) < 1 / 3
        sigs[redraw] = rng.integers(0, 2**32, int(redraw.sum()), dtype=np.uint32)
        ledes = rng.integers(0, 2**32, size, dtype=np.uint32)
        index = LshIndex()
        start = time.perf_counter()
        index.add_many(np.arange(size), sigs, ledes)
        build = time.perf_counter() - start
        picks = rng.integers(0, size, args.queries)
        found = 0
        start = time.perf_counter()
        for i in picks:
            found += len(index.candidates(sigs[i], int(ledes[i])))
        per_query = (time.perf_counter() - start) / args.queries * 1000
        start = time.perf_counter()
        for i in range(1000):
            index.add(size + i, sigs[i], int(ledes[i]))
        add = (time.perf_counter() - start) / 1000 * 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>9,} signatures: candidates {per_query:.3f} ms/article "
            f"({found / args.queries:.1f} candidates each), add {add:.0f} µs, "
            f"build {build:.1f} s, index {index.nbytes / 2**20:.0f} MiB, "
            f"signatures {size * NUM_PERM * 4 / 2**20:.0f} MiB, peak RSS {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
