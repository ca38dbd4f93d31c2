"""pagemeta: trafilatura's metadata, skipping what the feed already gives."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from trafilatura.metadata import extract_metadata

from newsdesk.ingest.clean import decode_html
from newsdesk.ingest.extract import DATE_PARAMS
from newsdesk.ingest.pagemeta import FeedKnows, page_metadata

PAGES = Path(__file__).parent.parent / "data" / "pages"
EVALDATA: dict[str, dict[str, Any]] = json.loads((PAGES / "evaldata.json").read_text("utf-8"))
CASES = sorted(EVALDATA.items(), key=lambda item: item[1]["file"])
FIELDS = ("title", "author", "date", "sitename", "description", "image", "url")


def _tree(entry: dict[str, Any]) -> Any:
    html = gzip.decompress((PAGES / f"{entry['file']}.gz").read_bytes())
    return trafilatura.load_html(decode_html(html))


@pytest.mark.parametrize(("url", "entry"), CASES, ids=[e["file"] for _, e in CASES])
def test_with_nothing_known_it_reads_what_trafilatura_reads(url: str, entry: Any) -> None:
    theirs = extract_metadata(_tree(entry), url, dict(DATE_PARAMS))
    ours = page_metadata(_tree(entry), url, DATE_PARAMS)

    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(theirs, f) for f in FIELDS}


@pytest.mark.parametrize(("url", "entry"), CASES[:5], ids=[e["file"] for _, e in CASES[:5]])
def test_fields_the_feed_gives_are_not_looked_for(url: str, entry: Any) -> None:
    everything = page_metadata(_tree(entry), url, DATE_PARAMS)
    known = FeedKnows(title=True, authors=True, date=True)
    ours = page_metadata(_tree(entry), url, DATE_PARAMS, known)

    assert (ours.title, ours.author, ours.date) == (None, None, None)
    kept = ("sitename", "description", "image", "url")
    assert {f: getattr(ours, f) for f in kept} == {f: getattr(everything, f) for f in kept}
