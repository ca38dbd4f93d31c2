"""A page's metadata, read only as far as the feed has not already told us.

trafilatura's `extract_metadata` reads everything a page says about itself; a quarter of the
CPU of extracting a page went there (~10 ms a page), mostly on the byline search through the
body (~8 ms when the meta tags name no author), categories and tags (~2.5 ms) and the date
(~2 ms). Categories, tags and licence are used nowhere here; the title, byline and date only
when the feed entry lacks them (assemble.py: the feed wins). So this follows trafilatura's own
steps (same functions, same order, same fix-ups) and skips those a caller says it does not
need. With nothing known it gives trafilatura's values for every field we read
(tests/ingest/test_pagemeta.py holds it to that on real pages).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import Document


@dataclass(frozen=True)
class FeedKnows:
    """Which fields the feed entry already gives (the page's would not be used)."""

    title: bool = False
    authors: bool = False
    date: bool = False


NOTHING_KNOWN = FeedKnows()


def page_metadata(
    tree: HtmlElement, url: str, date_params: dict[str, Any], knows: FeedKnows = NOTHING_KNOWN
) -> Document:
    """trafilatura's metadata of `tree`, without categories, tags, licence, or the fields
    `knows` marks (left None). The tree is only read."""
    meta = trafilatura_metadata
    metadata = meta.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        metadata = meta.extract_meta_json(tree, metadata)
    if knows.title:
        metadata.title = None
    elif not metadata.title:
        metadata.title = meta.extract_title(tree)
    if knows.authors:
        metadata.author = None
    elif not metadata.author:
        metadata.author = meta.extract_author(tree)
    if not metadata.url:
        metadata.url = meta.extract_url(tree, url)
    metadata.date = None if knows.date else find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = meta.extract_sitename(tree)
    if metadata.sitename:
        name = metadata.sitename.lstrip("@")
        capitalise = name and "." not in name and not name[0].isupper()
        metadata.sitename = name.title() if capitalise else name
    elif metadata.url:
        match = meta.META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata
