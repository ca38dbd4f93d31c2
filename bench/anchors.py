"""Sentence anchors over real pages: how many sentences get one, and what it costs per page.

Each page of /work/shared/data/pages (or --pages DIR) goes through our extractor
(`extract_page`: sanitised HTML and its plain text, as ingest stores them); then
`anchor_sentences` wraps the sentences. Prints the share of sentences anchored, pages with a
wrong anchor (text not the sentence verbatim, read back with lxml), and CPU ms per page.

    .venv/bin/python bench/anchors.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.errors import ExtractError
from newsdesk.generate.sentences import article_sentences
from newsdesk.ingest.extract import extract_page
from newsdesk.web.anchors import anchor_sentences
from tests.support.anchors import anchored, mismatches

PAGES = Path("/work/shared/data/pages/html")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    files = sorted(args.pages.glob("*.html.gz"))[: args.limit]
    total = wrapped = wrong_pages = 0
    times: list[float] = []
    for path in files:
        with gzip.open(path) as handle:
            raw = handle.read()
        try:
            page = extract_page(raw, url=f"https://example.org/{path.name}")
        except ExtractError:
            continue
        sentences = len(article_sentences(page.text))
        started = time.process_time()
        out = anchor_sentences.__wrapped__(page.html, page.text)
        times.append((time.process_time() - started) * 1000)
        total += sentences
        wrapped += len(anchored(out))
        if mismatches(out, page.text):
            wrong_pages += 1
            print("wrong anchor:", path.name, mismatches(out, page.text)[:2])
    times.sort()
    print(f"pages {len(times)}  sentences {total}  anchored {wrapped} ({wrapped / total:.1%})")
    print(f"pages with a wrong anchor: {wrong_pages}")
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
    print(f"anchor CPU ms per page: p50 {p50:.2f}  p95 {p95:.2f}  max {times[-1]:.2f}")
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
