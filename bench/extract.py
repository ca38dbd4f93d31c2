"""Extraction quality and speed on the labelled pages in /work/shared/data/pages.

For every page with an evaldata entry, each `with` snippet found in the text is a true
positive (missing: false negative) and each `without` snippet found is a false positive
(missing: true negative), as in trafilatura's own evaluation. Whitespace is collapsed in
text and snippets alike, and invisible soft hyphens removed. Speed is pages per second in
this one process (one core).

    .venv/bin/python bench/extract.py [--pages DIR] [--limit N] [--only NAME ...]

Variants: trafilatura.extract alone (plain text, no metadata; default and fast mode) and
newsdesk's extract_page in both modes (metadata, HTML output with links, decoding,
sanitising and html_to_text on top). Also prints how often the metadata (title, author,
date, site name) matches the labels; dates compare as UTC dates, so a page stating a time
late in the evening west of UTC (or early morning east of it) counts as a miss.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.errors import ExtractError
from newsdesk.ingest import extract as extract_module
from newsdesk.ingest.extract import ExtractedPage, extract_page

DEFAULT_PAGES = Path("/work/shared/data/pages")


def flat(text: str) -> str:
    """Whitespace collapsed, soft hyphens (invisible, but in some labels) removed."""
    return " ".join(text.replace("\u00ad", "").split())


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0
    pages: int = 0
    failed: int = 0
    meta: dict[str, list[int]] = field(default_factory=dict)

    def add(self, text: str, entry: dict[str, Any]) -> None:
        haystack = flat(text)
        for snippet in entry["with"]:
            if flat(snippet) in haystack:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in entry["without"]:
            if flat(snippet) in haystack:
                self.fp += 1
            else:
                self.tn += 1

    def line(self, name: str) -> str:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.tp + self.fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        accuracy = (self.tp + self.tn) / max(self.tp + self.tn + self.fp + self.fn, 1)
        speed = self.pages / self.seconds if self.seconds else 0.0
        return (
            f"{name:<34} {self.tp:>5} {self.fn:>5} {self.fp:>5} {self.tn:>5}  "
            f"{precision:.3f} {recall:.3f} {f1:.3f} {accuracy:.3f}  "
            f"{speed:6.1f}  {self.failed:>4}"
        )


def load_pages(
    directory: Path, limit: int | None, only: list[str]
) -> list[tuple[str, dict, bytes]]:
    evaldata = json.loads((directory / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in evaldata.items():
        path = directory / "html" / f"{entry['file']}.gz"
        if not path.exists() or (only and entry["file"] not in only):
            continue
        pages.append((url, entry, gzip.decompress(path.read_bytes())))
    return pages[:limit] if limit else pages


def trafilatura_text(fast: bool) -> Callable[[bytes, str], str | None]:
    """trafilatura.extract on the bytes, as a caller with no pipeline around it would."""
    options: dict[str, Any] = {"include_comments": False, "include_tables": True}

    def run(html: bytes, url: str) -> str | None:
        return trafilatura.extract(html, url=url, fast=fast, **options)

    return run


def newsdesk_text(fast: bool) -> Callable[[bytes, str], ExtractedPage | None]:
    def run(html: bytes, url: str) -> ExtractedPage | None:
        extract_module.FAST_MODE = fast
        try:
            return extract_page(html, url=url)
        except ExtractError:
            return None

    return run


def meta_match(page: ExtractedPage, entry: dict[str, Any]) -> dict[str, bool]:
    """Which labelled metadata fields the page got right (labels that are empty are skipped)."""
    checks: dict[str, bool] = {}
    if entry.get("title"):
        checks["title"] = " ".join((page.title or "").split()) == " ".join(entry["title"].split())
    if entry.get("author"):
        labels = entry["author"] if isinstance(entry["author"], list) else [entry["author"]]
        wanted = {a.strip().casefold() for label in labels for a in re.split(r"[;,]", label)}
        checks["author"] = bool(wanted & {a.casefold() for a in page.authors})
    if entry.get("date"):
        checks["date"] = page.date is not None and page.date.date().isoformat() == entry["date"]
    if entry.get("sitename"):
        checks["sitename"] = (page.sitename or "") == entry["sitename"]
    return checks


def run_variant(name: str, pages: list[tuple[str, dict, bytes]], fn: Callable) -> Score:
    score = Score()
    for url, entry, html in pages:
        start = time.perf_counter()
        result = fn(html, url)
        score.seconds += time.perf_counter() - start
        score.pages += 1
        if result is None:
            score.failed += 1
            score.add("", entry)
            continue
        text = result if isinstance(result, str) else result.text
        score.add(text, entry)
        if isinstance(result, ExtractedPage):
            for key, ok in meta_match(result, entry).items():
                score.meta.setdefault(key, []).append(int(ok))
    return score


VARIANTS: dict[str, tuple[str, Callable]] = {
    "trafilatura": ("trafilatura.extract default", trafilatura_text(fast=False)),
    "trafilatura-fast": ("trafilatura.extract fast", trafilatura_text(fast=True)),
    "newsdesk": ("newsdesk extract_page default", newsdesk_text(fast=False)),
    "newsdesk-fast": ("newsdesk extract_page fast", newsdesk_text(fast=True)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--only", nargs="*", default=[], help="page file names")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    pages = load_pages(args.pages, args.limit, args.only)
    snippets = sum(len(e["with"]) + len(e["without"]) for _, e, _ in pages)
    print(f"{len(pages)} pages, {snippets} snippets, one process\n")
    print(f"{'variant':<34} {'TP':>5} {'FN':>5} {'FP':>5} {'TN':>5}  prec  recall F1    "
          f"acc    pages/s  none")  # fmt: skip
    saved = extract_module.FAST_MODE
    metas = {}
    try:
        for key in args.variants:
            name, fn = VARIANTS[key]
            score = run_variant(name, pages, fn)
            print(score.line(name), flush=True)
            if score.meta:
                metas[name] = score.meta
    finally:
        extract_module.FAST_MODE = saved
    print("\nmetadata matching the labels (share of labelled pages)")
    for name, meta in metas.items():
        cells = "  ".join(
            f"{k} {sum(v) / len(v):.3f} (n={len(v)})" for k, v in sorted(meta.items())
        )
        print(f"{name:<34} {cells}")


if __name__ == "__main__":
    main()
