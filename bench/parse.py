"""feedparser vs feedparser-rs on the real feeds: do they agree, and how fast is each?

Prints, per feed file: entries found by each, how many entries differ in title, link, date,
content and authors (content compared with whitespace collapsed, so CRLF vs LF is no
difference), one example of each kind of difference, and then the time per feed of both
parsers and of our parse_feed. Both parsers get the same bytes with sanitising off.

    .venv/bin/python bench/parse.py [FEEDS_DIR] [--repeat N]

The decision it informed is written in newsdesk/ingest/parse.py's docstring.
"""

from __future__ import annotations

import argparse
import io
import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import feedparser_rs

from newsdesk.errors import ParseError
from newsdesk.ingest.parse import parse_feed

FIELDS = ("title", "link", "date", "content", "authors")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "feeds"


def run_feedparser(body: bytes) -> Any:
    return feedparser.parse(
        io.BytesIO(body),
        sanitize_html=False,
        resolve_relative_uris=False,
        response_headers={"content-type": "application/xml"},
    )


def run_feedparser_rs(body: bytes) -> Any:
    return feedparser_rs.parse(body, sanitize_html=False, resolve_relative_uris=False)


def entry_fields(entry: Any) -> dict[str, object]:
    date = entry.get("published_parsed") or entry.get("updated_parsed")
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    content = max([*contents, entry.get("summary") or ""], key=len)  # the fullest, as we use it
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    return {
        "title": entry.get("title"),
        "link": entry.get("link"),
        "date": tuple(date)[:6] if date else None,
        "content": re.sub(r"\s+", " ", content).strip(),
        "authors": sorted(set(authors)),
    }


def compare(name: str, body: bytes) -> dict[str, int]:
    python, rust = run_feedparser(body), run_feedparser_rs(body)
    counts = dict.fromkeys(FIELDS, 0)
    examples: dict[str, tuple[object, object]] = {}
    for a, b in zip(python.entries, rust.entries, strict=False):
        fa, fb = entry_fields(a), entry_fields(b)
        for field in FIELDS:
            if fa[field] != fb[field]:
                counts[field] += 1
                examples.setdefault(field, (fa[field], fb[field]))
    differing = " ".join(f"{f}={n}" for f, n in counts.items() if n) or "same"
    print(f"{name:26} {len(python.entries):>4} {len(rust.entries):>4}   {differing}")
    for field, (a, b) in examples.items():
        shown_a, shown_b = around_difference(str(a), str(b))
        print(f"{'':28}{field}: feedparser {shown_a!r}")
        print(f"{'':28}{' ' * len(field)}  rs         {shown_b!r}")
    counts["entries"] = int(len(python.entries) != len(rust.entries))
    return counts


def around_difference(a: str, b: str, width: int = 60) -> tuple[str, str]:
    """Both strings cut to a window where they start to differ, so the difference shows."""
    same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    start = max(0, (min(len(a), len(b)) if same is None else same) - width // 3)
    return a[start : start + width], b[start : start + width]


def per_feed_ms(fn: Callable[[bytes], object], bodies: list[bytes], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for body in bodies:
            fn(body)
    return (time.perf_counter() - start) * 1000 / (repeat * len(bodies))


def our_parse(body: bytes) -> object:
    try:
        return parse_feed(body, url="https://example.org/feed")
    except ParseError:
        return None


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("feeds", nargs="?", type=Path, default=DEFAULT_DIR)
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()
    warnings.simplefilter("ignore")
    files = sorted(p for p in args.feeds.iterdir() if p.suffix in {".rss", ".atom", ".xml", ".rdf"})
    json_files = sorted(p for p in args.feeds.iterdir() if p.suffix == ".json")

    print(f"{'XML feed':26} {'fp':>4} {'rs':>4}   entries differing (feedparser vs feedparser-rs)")
    totals = dict.fromkeys((*FIELDS, "entries"), 0)
    for path in files:
        for field, n in compare(path.name, path.read_bytes()).items():
            totals[field] += n
    print("total differing:", " ".join(f"{f}={n}" for f, n in totals.items()))

    print(f"\n{'JSON feed':26} {'fp':>4} {'rs':>4} {'ours':>4}")
    for path in json_files:
        body = path.read_bytes()
        ours = our_parse(body)
        ours_n = len(ours.entries) if ours is not None else "err"  # type: ignore[attr-defined]
        print(
            f"{path.name:26} {len(run_feedparser(body).entries):>4}"
            f" {len(run_feedparser_rs(body).entries):>4} {ours_n:>4}"
        )

    bodies = [p.read_bytes() for p in files]
    json_bodies = [p.read_bytes() for p in json_files]
    fp_ms = per_feed_ms(run_feedparser, bodies, args.repeat)
    rs_ms = per_feed_ms(run_feedparser_rs, bodies, args.repeat)
    ours_ms = per_feed_ms(our_parse, bodies, args.repeat)
    ours_json_ms = per_feed_ms(our_parse, json_bodies, args.repeat)
    size_kb = sum(map(len, bodies)) / len(bodies) / 1024
    print(f"\ntime per XML feed ({len(bodies)} files, mean {size_kb:.0f} KiB, x{args.repeat}):")
    print(f"  feedparser     {fp_ms:7.2f} ms  ({1000 / fp_ms:6.0f} feeds/s)")
    print(f"  feedparser-rs  {rs_ms:7.2f} ms  ({1000 / rs_ms:6.0f} feeds/s)  {fp_ms / rs_ms:.0f}x")
    print(f"  parse_feed     {ours_ms:7.2f} ms  ({1000 / ours_ms:6.0f} feeds/s)  feedparser + ours")
    print(f"time per JSON feed ({len(json_bodies)} files), parse_feed: {ours_json_ms:.2f} ms")


if __name__ == "__main__":
    main()
