"""What the parse stage hands on, and the small normalisers every feed format shares.

parse.py (RSS/Atom through feedparser) and jsonfeed.py (JSON Feed, RSS-in-JSON) both build
these records, so the rules for titles, URLs, dates and fallback ids live here once and the
two formats cannot drift apart.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from feedparser.urls import resolve_relative_uris

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# "2020/1/10 14:33:00": common in Chinese and Japanese feeds; feedparser reads it as 2020-11-01.
_SLASHED_DATE = re.compile(
    r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_WEB_SCHEMES = frozenset({"http", "https"})
_SMALL_NUMBER = re.compile(r"[0-9]{1,9}")
# A URL-carrying attribute whose value has no scheme: something the resolver would change.
_RELATIVE_REFERENCE = re.compile(
    r"""\b(?:href|src|poster|background|cite|action|longdesc|usemap|codebase|data|profile)"""
    r"""\s*=\s*["']?\s*(?![a-z][a-z0-9+.-]*:)(?!["'])""",
    re.IGNORECASE,
)


@dataclass
class ParsedEntry:
    """One item of a feed, normalised; HTML is kept raw (the clean stage sanitises it)."""

    guid: str
    url: str | None
    title: str
    summary_html: str | None
    content_html: str | None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    image_url: str | None = None
    categories: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    """A whole feed document; `format` names what it was (rss20, atom10, json11, ...)."""

    title: str
    site_url: str | None
    description: str | None
    language: str | None
    image: str | None
    ttl_minutes: int | None
    entries: list[ParsedEntry]
    format: str
    skipped_entries: int = 0  # the oldest entries beyond MAX_ENTRIES, left out


# No news feed needs more entries than this in one poll: a longer one is a whole archive, or
# an attack, and reading 60,000 entries holds a worker for a minute. The newest are kept.
MAX_ENTRIES = 2_000


def keep_newest(dates: Sequence[Any]) -> list[int]:
    """Positions of the entries to keep, in document order: all of them up to MAX_ENTRIES,
    else the newest by date (undated ones last; ties in document order, newest first by
    convention). `dates` are comparable with each other: datetimes or struct_times."""
    positions = range(len(dates))
    if len(dates) <= MAX_ENTRIES:
        return list(positions)
    ranked = sorted(positions, key=lambda i: (dates[i] is not None, dates[i] or 0), reverse=True)
    return sorted(ranked[:MAX_ENTRIES])


def capped(feed: ParsedFeed) -> ParsedFeed:
    """`feed` with at most MAX_ENTRIES entries, the newest (see keep_newest)."""
    kept = keep_newest([e.published or e.updated for e in feed.entries])
    if len(kept) == len(feed.entries):
        return feed
    entries = [feed.entries[i] for i in kept]
    return replace(feed, entries=entries, skipped_entries=len(feed.entries) - len(kept))


def clean_title(raw: str | None, *, is_html: bool = True) -> str:
    """Plain one-line text: tags dropped, entities decoded once, whitespace collapsed.

    Entities are decoded even in "plain" titles because double-escaped titles (`&amp;#8217;`)
    are far more common in the wild than titles that mean a literal `&amp;`.
    """
    if not raw:
        return ""
    text = _TAG.sub(" ", raw) if is_html else raw
    return _SPACE.sub(" ", html.unescape(text)).strip()


def plain_text(raw: str | None) -> str | None:
    """Like clean_title for descriptions; None when nothing is left."""
    text = clean_title(raw)
    return text or None


def web_url(raw: object, base: str | None) -> str | None:
    """An absolute http(s) URL, or None: feeds also carry tag:, javascript: and junk here."""
    if not isinstance(raw, str):
        return None
    candidate = raw.strip()
    if not candidate:
        return None
    try:
        absolute = urljoin(base or "", candidate)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return None
    return absolute


def text_to_html(text: str) -> str:
    """Escape plain text and keep its paragraphs, so every *_html field really is HTML."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def absolutise_html(markup: str | None, base: str) -> str | None:
    """Relative src/href/... made absolute by feedparser's resolver, for every format.

    The markup is otherwise kept as it came (unsanitised: the clean stage runs nh3 on it).
    """
    # The resolver is slow (pure Python) and most feeds use absolute URLs; the search is
    # slow too (0.1 ms on 1 kB), and pointless in markup without a single attribute value.
    if not markup or "=" not in markup or not _RELATIVE_REFERENCE.search(markup):
        return markup
    return str(resolve_relative_uris(markup, base, "utf-8", "text/html"))


def positive_int(raw: object) -> int | None:
    """RSS <ttl> and the like: a plain positive whole number, else None."""
    text = str(raw).strip() if isinstance(raw, str | int) else ""
    return int(text) if _SMALL_NUMBER.fullmatch(text) and int(text) > 0 else None


def fallback_guid(*, url: str | None, title: str, content: str | None) -> str:
    """An id for entries that carry none: the link, else a hash that is stable across polls."""
    if url:
        return url
    digest = hashlib.sha256(f"{title}\n{content or ''}".encode()).hexdigest()
    return f"sha256:{digest}"


def unique(values: Iterable[str | None]) -> list[str]:
    """Stripped, non-empty, first occurrence kept, order kept."""
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(_SPACE.sub(" ", value).strip(), None)
    return list(seen)


def from_struct_time(value: object) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime; None for missing or impossible ones."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def parse_date_text(raw: object) -> datetime | None:
    """Read the date formats feeds actually use: RFC 822, ISO 8601/RFC 3339, Y/M/D.

    Naive times are taken as UTC. Far-future dates are kept as given (callers decide).
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    parsed = _slashed_date(text) or _iso_date(text) or _rfc822_date(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def slashed_date(raw: object) -> datetime | None:
    """Only the Y/M/D form, which callers must read before a parser that misreads it."""
    if not isinstance(raw, str):
        return None
    parsed = _slashed_date(raw)
    return parsed.replace(tzinfo=UTC) if parsed else None


def _slashed_date(text: str) -> datetime | None:
    match = _SLASHED_DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)  # naive: the caller adds UTC
    except ValueError:
        return None


def _iso_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _rfc822_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
