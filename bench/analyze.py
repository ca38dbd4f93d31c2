"""Analysis speed: articles/s per step and end to end, and vector look-ups at 100k and 1M.

    .venv/bin/python bench/analyze.py                 # stages on 300 corpus articles, 100k + 1M
    .venv/bin/python bench/analyze.py --limit 930 --sizes 100000

Prints one JSON object per line. Stages run the real runner on English articles of the
Wikinews corpus (shared/data/news-corpus) in a throwaway SQLite database. Look-ups use the
corpus's own stored vectors, perturbed (Gaussian noise, renormalised) up to each size, written
as the index's published files; a fresh child process then maps them, as a server would, and
times the "related for one article" nearest-neighbour search (k=48, what the related step
asks for) and reports its own peak RSS. No million texts are embedded.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

CORPUS = Path("/work/shared/data/news-corpus/articles.jsonl")
SEARCH_K = 48


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def emit(row: dict[str, Any]) -> None:
    row["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(row), flush=True)


def english_rows(path: Path, limit: int) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article.get("lang") == "en":
            rows.append({**article, "source": "Wikinews"})
        if len(rows) == limit:
            break
    return rows


def bench_stages(rows: list[dict[str, Any]], workdir: Path) -> np.ndarray:
    """Time each step inside one real run; returns the stored vectors (float32)."""
    import newsdesk.analyze.pipeline as pipeline
    from newsdesk.config import Settings
    from newsdesk.evaluation.load import load_rows
    from newsdesk.store.engine import open_store
    from newsdesk.store.vectors import vectors_since

    settings = Settings(data_dir=workdir, database_url=f"sqlite:///{workdir}/bench.db")
    store = open_store(settings)
    started = time.perf_counter()
    load_rows(store, rows)
    emit(
        {"stage": "load", "articles": len(rows), "seconds": round(time.perf_counter() - started, 2)}
    )
    context = pipeline.make_context(settings, store)
    context.embedder.embed(["warm up"])
    spent: dict[str, float] = {}
    spent_cpu: dict[str, float] = {}
    real_steps = pipeline.available_steps

    def timed_steps(name: str) -> list[pipeline.Step]:
        def timed(step: pipeline.Step) -> pipeline.Step:
            def run(ctx: Any, ids: Any) -> None:
                clock, cpu = time.perf_counter(), time.process_time()
                step.run(ctx, ids)
                spent[step.name] = spent.get(step.name, 0.0) + time.perf_counter() - clock
                spent_cpu[step.name] = spent_cpu.get(step.name, 0.0) + time.process_time() - cpu

            return pipeline.Step(step.name, step.version, run)

        return [timed(step) for step in real_steps(name)]

    pipeline.available_steps = timed_steps  # type: ignore[assignment]
    clock, cpu = time.perf_counter(), time.process_time()
    report = pipeline.run_analysis(context)
    total, total_cpu = time.perf_counter() - clock, time.process_time() - cpu
    for step, seconds in spent.items():
        emit(
            {
                "stage": step,
                "articles": report.articles,
                "articles_per_s": round(report.articles / seconds, 1),
                "seconds": round(seconds, 2),
                "cpu_s": round(spent_cpu[step], 2),
            }
        )
    emit(
        {
            "stage": "end_to_end",
            "articles": report.articles,
            "seconds": round(total, 2),
            "cpu_s": round(total_cpu, 2),
            "articles_per_s": round(report.articles / total, 1),
            "loadavg": Path("/proc/loadavg").read_text().split()[0],
            "statuses": report.by_status,
        }
    )
    with store.session() as session:
        blobs = [
            blob for _, blob, _ in vectors_since(session, model=context.embedder.name, since=None)
        ]
    store.close()
    return np.vstack([np.frombuffer(b, dtype="<f2").astype(np.float32) for b in blobs])


def build_index(base: np.ndarray, size: int, folder: Path, exact_limit: int) -> float:
    """Write `size` perturbed copies of the corpus vectors as a published index; seconds."""
    from newsdesk.analyze.vector_index import VectorIndex

    rng = np.random.default_rng(size)
    rows = np.empty((size, base.shape[1]), dtype="<f2")
    for start in range(0, size, 50_000):
        n = min(50_000, size - start)
        picked = base[rng.integers(0, len(base), n)]
        noisy = picked + rng.standard_normal(picked.shape).astype(np.float32) * 0.03
        rows[start : start + n] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    clock = time.perf_counter()
    index = VectorIndex(folder, "bench", exact_limit=exact_limit)
    index.write(np.arange(1, size + 1, dtype=np.int64), rows, (size, None))
    return time.perf_counter() - clock


def lookups(folder: str, exact_limit: int, queries: int) -> None:
    """Child process: map the published index and time nearest-neighbour searches."""
    from newsdesk.analyze.vector_index import VectorIndex

    index = VectorIndex(Path(folder), "bench", exact_limit=exact_limit)
    clock = time.perf_counter()
    index.load()
    opened = time.perf_counter() - clock
    main = index._main
    assert main is not None
    rng = np.random.default_rng(1)
    rows = rng.integers(0, len(main.ids), queries)
    timings = []
    for row in rows:
        query = np.asarray(main.rows[row], dtype=np.float32)
        clock = time.perf_counter()
        index.search(query, k=SEARCH_K, exclude=[int(main.ids[row])])
        timings.append((time.perf_counter() - clock) * 1000)
    ms = np.array(timings[5:])  # the first few fault pages in
    emit(
        {
            "lookup": "related_nearest",
            "vectors": len(main.ids),
            "method": "hnsw" if main.hnsw is not None else "exact",
            "k": SEARCH_K,
            "p50_ms": round(float(np.percentile(ms, 50)), 3),
            "p95_ms": round(float(np.percentile(ms, 95)), 3),
            "open_s": round(opened, 2),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="corpus articles for the stages")
    parser.add_argument("--sizes", default="100000,1000000", help="stored vectors for look-ups")
    parser.add_argument("--exact-limit", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--base-vectors",
        type=Path,
        help="a .npy of corpus vectors: loaded (stages skipped) if it exists, else saved there",
    )
    parser.add_argument("--lookup", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lookup:
        lookups(args.lookup, args.exact_limit, args.queries)
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        if args.base_vectors and args.base_vectors.is_file():
            base = np.load(args.base_vectors)
        else:
            base = bench_stages(english_rows(args.corpus, args.limit), Path(tmp))
            if args.base_vectors:
                np.save(args.base_vectors, base)
        for size in [int(s) for s in args.sizes.split(",") if s]:
            folder = Path(tmp) / f"index-{size}"
            seconds = build_index(base, size, folder, args.exact_limit)
            emit({"build": "index", "vectors": size, "seconds": round(seconds, 1)})
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--lookup",
                    str(folder),
                    "--exact-limit",
                    str(args.exact_limit),
                    "--queries",
                    str(args.queries),
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
