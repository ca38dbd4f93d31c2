"""Story clustering quality: B-cubed and pairwise scores on a file in the eval format.

    .venv/bin/python bench/stories.py /work/shared/data/stories/uci-headlines.jsonl
    .venv/bin/python bench/stories.py --wikinews /work/shared/data/news-corpus/articles.jsonl
    .venv/bin/python bench/stories.py FILE --sweep     # the threshold grid the defaults came from
    .venv/bin/python bench/stories.py --wikinews ARTICLES --write-eval OUT.jsonl
        # then `newsdesk eval stories OUT.jsonl --json`: the same gold through the real runner

Embeds each line as the stories step does (its headline; the lede only when it has none),
gives it the step's headline words as terms, runs analyze/clustering.py on it in time order
and prints the scores `newsdesk eval stories` reports. The step also has the tags step's
entities, which this DB-free bench lacks, so its figures differ from the eval's by about
0.01. Vectors are cached under --cache (embedding 3,107 headlines takes minutes here).

--wikinews builds a second gold set from the English Wikinews articles that carry
categories: an article's gold story is the rarest "specific" category it carries (one held
by 2 to 8 of those articles that is not a country or subdivision (pycountry), a date, or one
of the 13 topic sections); articles with none are stories of their own. Weakness: a shared
person or organisation category is looser than one event (George W. Bush spans months) and
most articles are singletons, so this set mainly tests precision on full texts (are distinct
events in one topic kept apart?) while recall against it is understated. Its rows have no
dates, so the time window is not tested by it.
"""

from __future__ import annotations

import os

# One BLAS thread: the clustering does one small matrix-vector product per article, and on a
# shared 2-core machine OpenBLAS' threads fight each other (measured 3x slower with them).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy

from newsdesk.analyze.clustering import Item, Params, cluster
from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.stories import story_terms, story_text
from newsdesk.config import Settings
from newsdesk.evaluation.scoring import bcubed, pairwise

TOPICS = {
    "Crime and law", "Culture and entertainment", "Disasters and accidents",
    "Economy and business", "Education", "Environment", "Health", "Obituaries",
    "Politics and conflicts", "Science and technology", "Sports", "Weather", "Wackynews",
}  # fmt: skip
DATE = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}$")
NO_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def load_eval(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wikinews_gold(path: Path) -> list[dict[str, Any]]:
    """English Wikinews rows with categories, in eval format, gold `event` as described above."""
    import pycountry  # only this gold set needs it: pip install pycountry

    places = {c.name for c in pycountry.countries}
    places |= {getattr(c, "common_name", c.name) for c in pycountry.countries}
    places |= {s.name for s in pycountry.subdivisions}
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["lang"] == "en" and r["categories"]]
    counts = Counter(c for r in rows for c in set(r["categories"]))
    specific = {
        c
        for c, n in counts.items()
        if 2 <= n <= 8 and c not in places and c not in TOPICS and not DATE.match(c)
    }
    out = []
    for r in rows:
        mine = sorted((counts[c], c) for c in set(r["categories"]) if c in specific)
        out.append(
            {
                "id": r["id"],
                "title": r["title"],
                "text": r["text"],
                "published": r["published"],
                "source": "Wikinews",
                "url": r["url"],
                "event": mine[0][1] if mine else r["id"],
            }
        )
    return out


def vectors_for(rows: list[dict[str, Any]], cache: Path, *, titles_only: bool) -> numpy.ndarray:
    texts = [story_text(r["title"], "" if titles_only else r.get("text") or "") for r in rows]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    cached = cache / f"stories-{digest}.npy"
    if cached.exists():
        return numpy.load(cached)
    started = time.perf_counter()
    vectors = get_embedder(Settings()).embed(texts)
    print(f"embedded {len(texts)} texts in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    numpy.save(cached, vectors)
    return vectors


def items_for(rows: list[dict[str, Any]], vectors: numpy.ndarray) -> list[Item]:
    def when(row: dict[str, Any]) -> datetime:
        if not row.get("published"):
            return NO_DATE
        at = datetime.fromisoformat(row["published"])
        return at if at.tzinfo else at.replace(tzinfo=UTC)

    return [
        Item(key=r["id"], at=when(r), vector=v, terms=story_terms(r["title"], frozenset()))
        for r, v in zip(rows, vectors, strict=True)
    ]


def run(rows: list[dict[str, Any]], items: list[Item], params: Params) -> dict[str, float]:
    started = time.perf_counter()
    predicted = cluster(items, params)
    seconds = time.perf_counter() - started
    gold = {r["id"]: r["event"] for r in rows}
    b3, pairs = bcubed(predicted, gold), pairwise(predicted, gold)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
        "stories": len(set(predicted.values())),
        "seconds": seconds,
    }


def show(label: str, scores: dict[str, float]) -> None:
    figures = " ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items()
    )
    print(f"{label} {figures}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--wikinews", action="store_true", help="build the Wikinews gold set")
    parser.add_argument("--cache", type=Path, default=Path("var/bench-cache"))
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--titles-only", action="store_true", help="ignore the text")
    parser.add_argument("--write-eval", type=Path, help="write the gold rows there and stop")
    parser.add_argument("--join", type=float)
    parser.add_argument("--merge", type=float)
    parser.add_argument("--centroid-weight", type=float)
    parser.add_argument("--lexical-weight", type=float)
    parser.add_argument("--size-bonus", type=float)
    args = parser.parse_args()
    rows = wikinews_gold(args.file) if args.wikinews else load_eval(args.file)
    if args.write_eval:
        args.write_eval.write_text("".join(json.dumps(row) + "\n" for row in rows))
        return
    gold_sizes = Counter(r["event"] for r in rows)
    print(f"{len(rows)} articles in {len(gold_sizes)} gold stories", flush=True)
    items = items_for(rows, vectors_for(rows, args.cache, titles_only=args.titles_only))
    params = Params()
    overrides = {
        "join": args.join,
        "merge": args.merge,
        "centroid_weight": args.centroid_weight,
        "lexical_weight": args.lexical_weight,
        "size_bonus": args.size_bonus,
    }
    params = replace(params, **{k: v for k, v in overrides.items() if v is not None})
    if not args.sweep:
        show(label(params), run(rows, items, params))
        return
    for join in (0.52, 0.56, 0.60, 0.64):
        for merge in (0.50, 0.55, 0.60):
            for lexical in (0.0, 0.2, 0.3, 0.4):
                for bonus in (0.0, 0.01, 0.02, 0.03):
                    swept = replace(
                        params, join=join, merge=merge, lexical_weight=lexical, size_bonus=bonus
                    )
                    show(label(swept), run(rows, items, swept))


def label(params: Params) -> str:
    return (
        f"join={params.join} merge={params.merge} cw={params.centroid_weight} "
        f"lex={params.lexical_weight} size={params.size_bonus}"
    )


if __name__ == "__main__":
    main()
