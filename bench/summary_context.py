"""How many summary lines and key points lean on a sentence the panel leaves out (prints
figures; never a test).

A line leans when generate/context.py's `leans_on` says it needs the sentence before it: a
summary line counts only when that sentence is not shown right before it in the summary, a
key point counts whenever it leans (a list item has nothing before it). Reads the articles of
an answers eval file (default both: tests/data/eval/answers.jsonl, then the held-out file),
stores them through the eval loader and summarises each with the real embedder.
Run: .venv/bin/python bench/summary_context.py [FILE.jsonl ...]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.evaluation.load import load_rows
from newsdesk.generate.context import leans_on
from newsdesk.generate.document import load_document
from newsdesk.generate.summary import METHOD_VERSION, summarize
from newsdesk.store.engine import open_store

EVAL = Path(__file__).parents[1] / "tests/data/eval"
FILES = (EVAL / "answers.jsonl", EVAL / "answers_heldout.jsonl")


def _articles(path: Path) -> list[dict[str, object]]:
    rows, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["title"] not in seen:
            seen.add(row["title"])
            rows.append(row)
    return rows


def measure(path: Path) -> dict[str, int]:
    """Counts over one file's articles: lines shown, and those leaning on an omitted line."""
    counts = dict.fromkeys(
        ("articles", "summary", "summary_leaning", "points", "points_leaning"), 0
    )
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = open_store(settings)
        ids = load_rows(store, _articles(path))
        embedder = get_embedder(settings)
        for article_id in ids.values():
            with store.session() as session:
                doc = load_document(session, embedder, article_id)
            if doc is None:
                continue
            made = summarize(doc)
            needs = leans_on(doc.sentences, doc.title)
            index = {s.id: i for i, s in enumerate(doc.sentences)}
            shown = [index[c.cites[0]] for c in made.summary]
            counts["articles"] += 1
            counts["summary"] += len(shown)
            counts["summary_leaning"] += sum(
                1
                for n, i in enumerate(shown)
                if i in needs and (n == 0 or shown[n - 1] != needs[i])
            )
            points = [index[c.cites[0]] for c in made.key_points]
            counts["points"] += len(points)
            counts["points_leaning"] += sum(1 for i in points if i in needs)
        store.close()
    return counts


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or list(FILES)
    for path in paths:
        wall, cpu = time.perf_counter(), time.process_time()
        counts = measure(path)
        print(
            json.dumps(
                {
                    "file": path.name,
                    "method": METHOD_VERSION,
                    **counts,
                    "seconds": round(time.perf_counter() - wall, 1),
                    "cpu_seconds": round(time.process_time() - cpu, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
