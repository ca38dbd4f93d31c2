"""Feed documents in the three formats the pipeline must read: RSS 2.0, Atom 1.0, JSON Feed 1.1.

Written as text by hand (not through an XML library) so the output is byte-stable and looks like
what real publishers' templates emit. Dates are only written when known: an undated entry has
no pubDate / updated / date_published, which makes such Atom entries not strictly valid, exactly
as undated entries are found in the wild; the reader must not invent one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

FeedFormat = Literal["rss", "atom", "json"]

FEED_EXTENSIONS: dict[FeedFormat, str] = {"rss": ".rss", "atom": ".atom", "json": ".json"}


@dataclass(frozen=True)
class FeedEntry:
    """One item, already rendered: `summary_html`/`content_html` are HTML fragments."""

    guid: str
    link: str
    title: str
    summary_html: str
    published: datetime | None = None
    content_html: str | None = None
    author: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedDocument:
    """A whole feed; `feed_id` is the Atom/JSON Feed identity, stable across builds."""

    format: FeedFormat
    title: str
    description: str
    home_url: str
    self_url: str
    feed_id: str
    entries: list[FeedEntry] = field(default_factory=list)
    language: str = "en"

    @property
    def newest(self) -> datetime | None:
        dates = [entry.published for entry in self.entries if entry.published is not None]
        return max(dates) if dates else None


def render_feed(doc: FeedDocument) -> str:
    """The document in its own format."""
    if doc.format == "rss":
        return render_rss(doc)
    if doc.format == "atom":
        return render_atom(doc)
    return render_json_feed(doc)


def render_rss(doc: FeedDocument) -> str:
    """RSS 2.0 with dc:creator, content:encoded (only when an entry has content) and atom:link."""
    newest = doc.newest
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{escape(doc.title)}</title>",
        f"<link>{escape(doc.home_url)}</link>",
        f"<description>{escape(doc.description)}</description>",
        f"<language>{escape(doc.language)}</language>",
        "<generator>newsdesk demo</generator>",
        f'<atom:link href={quoteattr(doc.self_url)} rel="self" type="application/rss+xml"/>',
    ]
    if newest is not None:
        lines.append(f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>")
    for entry in doc.entries:
        lines.append("<item>")
        lines.append(f"<title>{escape(entry.title)}</title>")
        lines.append(f"<link>{escape(entry.link)}</link>")
        lines.append(f'<guid isPermaLink="false">{escape(entry.guid)}</guid>')
        if entry.published is not None:
            lines.append(f"<pubDate>{format_datetime(entry.published)}</pubDate>")
        if entry.author:
            lines.append(f"<dc:creator>{escape(entry.author)}</dc:creator>")
        lines.extend(f"<category>{escape(c)}</category>" for c in entry.categories)
        lines.append(f"<description>{escape(entry.summary_html)}</description>")
        if entry.content_html is not None:
            lines.append(f"<content:encoded>{_cdata(entry.content_html)}</content:encoded>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def render_atom(doc: FeedDocument) -> str:
    """Atom 1.0; entries carry <summary type="html"> and <content> only when they have content."""
    newest = doc.newest
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(doc.language)}>',
        f"<id>{escape(doc.feed_id)}</id>",
        f"<title>{escape(doc.title)}</title>",
        f"<subtitle>{escape(doc.description)}</subtitle>",
        f'<link rel="alternate" type="text/html" href={quoteattr(doc.home_url)}/>',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(doc.self_url)}/>',
        "<generator>newsdesk demo</generator>",
    ]
    if newest is not None:
        lines.append(f"<updated>{newest.isoformat()}</updated>")
    for entry in doc.entries:
        lines.append("<entry>")
        lines.append(f"<id>{escape(entry.guid)}</id>")
        lines.append(f'<title type="text">{escape(entry.title)}</title>')
        lines.append(f'<link rel="alternate" type="text/html" href={quoteattr(entry.link)}/>')
        if entry.published is not None:
            stamp = entry.published.isoformat()
            lines.append(f"<published>{stamp}</published>")
            lines.append(f"<updated>{stamp}</updated>")
        if entry.author:
            lines.append(f"<author><name>{escape(entry.author)}</name></author>")
        lines.extend(f"<category term={quoteattr(c)}/>" for c in entry.categories)
        lines.append(f'<summary type="html">{escape(entry.summary_html)}</summary>')
        if entry.content_html is not None:
            lines.append(f'<content type="html">{escape(entry.content_html)}</content>')
        lines.append("</entry>")
    lines += ["</feed>", ""]
    return "\n".join(lines)


def render_json_feed(doc: FeedDocument) -> str:
    """JSON Feed 1.1; `content_html` is the teaser (or full text when given), `summary` plain."""
    items: list[dict[str, object]] = []
    for entry in doc.entries:
        item: dict[str, object] = {
            "id": entry.guid,
            "url": entry.link,
            "title": entry.title,
            "content_html": entry.content_html or entry.summary_html,
        }
        if entry.published is not None:
            item["date_published"] = entry.published.isoformat()
        if entry.author:
            item["authors"] = [{"name": entry.author}]
        if entry.categories:
            item["tags"] = list(entry.categories)
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": doc.title,
        "home_page_url": doc.home_url,
        "feed_url": doc.self_url,
        "description": doc.description,
        "language": doc.language,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class OpmlFeed:
    title: str
    xml_url: str
    html_url: str


def render_opml(title: str, folders: list[tuple[str, list[OpmlFeed]]]) -> str:
    """OPML 2.0 with one folder outline per category, as feed readers export them."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<opml version="2.0">',
        "<head>",
        f"<title>{escape(title)}</title>",
        "</head>",
        "<body>",
    ]
    for folder, feeds in folders:
        lines.append(f"<outline text={quoteattr(folder)} title={quoteattr(folder)}>")
        for feed in feeds:
            # type="rss" for every format: the OPML convention readers export and import.
            lines.append(
                f'<outline type="rss" text={quoteattr(feed.title)}'
                f" title={quoteattr(feed.title)} xmlUrl={quoteattr(feed.xml_url)}"
                f" htmlUrl={quoteattr(feed.html_url)} category={quoteattr('/' + folder)}/>"
            )
        lines.append("</outline>")
    lines += ["</body>", "</opml>", ""]
    return "\n".join(lines)


def _cdata(text: str) -> str:
    """A CDATA section that survives a literal ']]>' in the text."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
