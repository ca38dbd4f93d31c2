"""`newsdesk extract`: run the real fetch and extract stages on pages an operator names.

It shows what the pipeline would store for a page, so someone can see why a source looks
wrong; it uses the same fetch (with its address guard) and the same extractor, nothing else.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError, UserError
from newsdesk.ingest.extract import ExtractedPage, extract_page, extract_to_dict
from newsdesk.ingest.fetch import fetch, make_client
from newsdesk.ingest.pipeline import PAGE_ACCEPT
from newsdesk.ingest.urls import is_http_url

JSON_KEYS = ("url", "title", "authors", "date", "sitename", "canonical_url", "language", "text")


@dataclass(frozen=True)
class Inspection:
    source: str
    url: str | None
    page: ExtractedPage | None
    error: str | None

    def as_json(self) -> dict[str, Any]:
        if self.page is not None:
            data = extract_to_dict(self.page)
            data["url"] = self.url
            return data
        empty: dict[str, Any] = dict.fromkeys(JSON_KEYS)
        empty.update(url=self.url or self.source, authors=[], error=self.error)
        return empty

    def as_text(self) -> str:
        if self.page is None:
            return f"{self.source}: error: {self.error}"
        page = self.page
        lines = [
            f"url:           {self.url or ''}",
            f"title:         {page.title or ''}",
            f"authors:       {', '.join(page.authors)}",
            f"date:          {page.date.isoformat() if page.date else ''}",
            f"sitename:      {page.sitename or ''}",
            f"canonical_url: {page.canonical_url or ''}",
            f"language:      {page.language or ''}",
            f"words:         {len(page.text.split())}",
            "",
            page.text,
            "",
        ]
        return "\n".join(lines)


def _read_local(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise UserError(f"{path} is a damaged gzip file: {exc}") from None
    return raw


async def _fetch_bytes(settings: Settings, url: str) -> tuple[bytes, str]:
    async with make_client(settings) as client:
        result = await fetch(client, url, settings=settings, accept=PAGE_ACCEPT)
        return result.body, result.url


def inspect_one(settings: Settings, source: str, *, url: str | None = None) -> Inspection:
    """Extract one page given as a URL or a file (`url` names the page a file came from)."""
    try:
        if is_http_url(source):
            body, final_url = asyncio.run(_fetch_bytes(settings, source))
            page_url: str | None = final_url
        elif Path(source).exists():
            body, page_url = _read_local(Path(source)), url
        else:
            raise UserError(f"{source} is neither an http(s) URL nor a readable file")
        page = extract_page(body, url=page_url or "")
        return Inspection(source, page_url, page, None)
    except NewsdeskError as exc:
        return Inspection(source, url if not is_http_url(source) else source, None, str(exc))


def inspect_sources(
    settings: Settings, sources: list[str], *, url: str | None = None
) -> Iterator[Inspection]:
    if url is not None and len(sources) > 1:
        raise UserError("--url names one page: give a single file with it")
    for source in sources:
        yield inspect_one(settings, source, url=url)
