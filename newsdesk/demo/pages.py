"""HTML templates for the demo's three publishers, written like real news sites' pages.

Each page wraps the article in the header, navigation, sidebars and footer real sites carry, so
full-text extraction has boilerplate to drop; each publisher has its own markup so no extractor
rule tuned to one template can pass for all three. All corpus text goes through `_e`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

CC_BY_URL = "https://creativecommons.org/licenses/by/2.5/"
ATTRIBUTION = (
    "Articles from Wikinews (https://www.wikinews.org), CC BY 2.5, "
    "https://creativecommons.org/licenses/by/2.5/"
)
PUBLIC_DOMAIN_BEFORE = date(2005, 9, 25)
WIKINEWS_AUTHOR = "Wikinews contributors"


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class ArticleView:
    """What every template needs to know about one article on one site."""

    title: str
    paragraphs: tuple[str, ...]
    description: str
    self_url: str
    original_url: str
    published: date | None
    categories: tuple[Link, ...] = ()
    related: tuple[Link, ...] = ()
    feeds: tuple[Link, ...] = ()


def _e(text: str) -> str:
    return escape(text, quote=True)


def _json_ld(data: dict[str, object]) -> str:
    """JSON-LD that cannot close its <script> element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _paragraphs(view: ArticleView) -> str:
    return "\n".join(f"<p>{_e(p)}</p>" for p in view.paragraphs)


def _links(links: tuple[Link, ...], *, sep: str = "\n") -> str:
    return sep.join(f'<li><a href="{_e(link.href)}">{_e(link.text)}</a></li>' for link in links)


def _long_date(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def wikinews_page(view: ArticleView, *, nav: tuple[Link, ...]) -> str:
    """An article page on the demo's Wikinews mirror, the original publisher of every article."""
    head_dates = ""
    dateline = ""
    if view.published is not None:
        stamp = view.published.isoformat()
        head_dates = f'<meta property="article:published_time" content="{stamp}">\n'
        dateline = f'<p class="dateline"><time datetime="{stamp}">{_long_date(view.published)}'
        dateline += "</time></p>\n"
    tags = "".join(
        f'<meta property="article:tag" content="{_e(c.text)}">\n' for c in view.categories
    )
    alternates = "".join(
        f'<link rel="alternate" type="{_feed_type(f.href)}" title="{_e(f.text)}"'
        f' href="{_e(f.href)}">\n'
        for f in view.feeds
    )
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": view.title,
        "url": view.self_url,
        "author": {"@type": "Organization", "name": WIKINEWS_AUTHOR},
        "publisher": {"@type": "Organization", "name": "Wikinews"},
        "license": CC_BY_URL,
    }
    if view.published is not None:
        ld["datePublished"] = view.published.isoformat()
    public_domain = ""
    if view.published is not None and view.published < PUBLIC_DOMAIN_BEFORE:
        public_domain = (
            '<p class="license-pd">Published before 25 September 2005: this article is in the'
            " public domain.</p>\n"
        )
    categories = " · ".join(f'<a href="{_e(c.href)}">{_e(c.text)}</a>' for c in view.categories)
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>{_e(view.title)} - Wikinews, the free news source</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_e(view.description)}">
<meta name="author" content="{WIKINEWS_AUTHOR}">
<link rel="canonical" href="{_e(view.self_url)}">
<link rel="license" href="{CC_BY_URL}">
<meta property="og:title" content="{_e(view.title)}">
<meta property="og:site_name" content="Wikinews">
<meta property="og:type" content="article">
<meta property="og:url" content="{_e(view.self_url)}">
{head_dates}{tags}{alternates}<script type="application/ld+json">{_json_ld(ld)}</script>
</head>
<body class="mediawiki ns-0 page-article">
<header id="mw-head">
<a class="mw-logo" href="/wikinews/">Wikinews</a>
<span class="tagline">The free news source you can write! (local demo mirror)</span>
<form id="searchform" role="search" action="/wikinews/search"><input type="search" name="q" \
placeholder="Search Wikinews"></form>
</header>
<nav id="mw-panel" aria-label="Sections">
<ul>
{_links(nav)}
</ul>
</nav>
<main id="content">
<article id="bodyContent">
<h1 id="firstHeading">{_e(view.title)}</h1>
{dateline}<div class="mw-parser-output">
{_paragraphs(view)}
</div>
<footer class="article-footer">
<p class="catlinks">Categories: {categories or "none"}</p>
<p class="original">Original: <a href="{_e(view.original_url)}">{_e(view.original_url)}</a></p>
<p class="license">{_e(ATTRIBUTION)}</p>
{public_domain}</footer>
</article>
<aside id="related" aria-label="Related stories">
<h2>Other stories</h2>
<ul>
{_links(view.related)}
</ul>
<h2>Share this article</h2>
<ul class="share"><li><a href="/wikinews/share.html?service=email">Email</a></li>\
<li><a href="/wikinews/share.html?service=print">Print</a></li></ul>
</aside>
</main>
<footer id="footer">
<ul id="footer-places">
<li><a href="/wikinews/about.html">About Wikinews</a></li>
<li><a href="/wikinews/about.html#privacy">Privacy policy</a></li>
<li><a href="/wikinews/about.html#disclaimers">Disclaimers</a></li>
</ul>
<p>Local demo mirror of Wikinews articles, served by newsdesk for testing. Text is available \
under the <a rel="license" href="{CC_BY_URL}">Creative Commons Attribution 2.5</a> licence.</p>
</footer>
</body>
</html>
"""


def demo_daily_page(view: ArticleView, *, republished: datetime | None, source_page: str) -> str:
    """Demo Daily: a tabloid-style demo outlet; canonical is its own URL, credit at the bottom."""
    meta_time = ""
    visible_time = ""
    if republished is not None:
        meta_time = (
            f'<meta property="article:published_time" content="{republished.isoformat()}">\n'
        )
        visible_time = (
            f'<time class="pubdate" datetime="{republished.isoformat()}">'
            f"{republished:%d %B %Y, %H:%M} UTC</time>"
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_e(view.title)} | Demo Daily (demo outlet)</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="canonical" href="{_e(view.self_url)}">
<meta name="description" content="{_e(view.description)}">
<meta name="author" content="{WIKINEWS_AUTHOR}">
<meta property="og:site_name" content="Demo Daily (demo outlet)">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(view.title)}">
<meta property="og:url" content="{_e(view.self_url)}">
{meta_time}<link rel="alternate" type="application/rss+xml" title="Demo Daily (demo outlet)" \
href="/demo-daily/feed.rss">
</head>
<body class="single-post">
<div class="demo-banner" role="note">DEMO OUTLET: Demo Daily is a fictional site generated by \
newsdesk's demo. It is not a real publisher.</div>
<header class="masthead">
<a class="brand" href="/demo-daily/">Demo Daily <small>(demo outlet)</small></a>
<nav class="menu"><ul>
<li><a href="/demo-daily/">Home</a></li><li><a href="/demo-daily/#world">World</a></li>
<li><a href="/demo-daily/#politics">Politics</a></li>
<li><a href="/demo-daily/#business">Business</a></li>
<li><a href="/demo-daily/#subscribe">Subscribe</a></li>
</ul></nav>
</header>
<div class="wrap">
<article class="post">
<header class="post-header">
<h1 class="entry-title">{_e(view.title)}</h1>
<div class="entry-meta"><span class="byline">By {WIKINEWS_AUTHOR}</span> {visible_time}</div>
</header>
<div class="entry-content">
{_paragraphs(view)}
<p class="republication-note"><em>This article was originally published on \
<a href="{_e(source_page)}">Wikinews</a> and is republished under \
<a href="{CC_BY_URL}">CC BY 2.5</a>.</em></p>
</div>
</article>
<aside class="sidebar">
<section class="newsletter"><h2>Get the Demo Daily briefing</h2><p>Every morning in your inbox. \
<a href="/demo-daily/#subscribe">Sign up</a></p></section>
<section class="most-read"><h2>Most read</h2><ul>
{_links(view.related)}
</ul></section>
</aside>
</div>
<footer class="site-footer"><p>© Demo Daily (demo outlet), a fictional publication made by \
newsdesk's demo. Republished Wikinews articles are licensed CC BY 2.5.</p>
<p><a href="/demo-daily/#about">About</a> · <a href="/demo-daily/#contact">Contact</a> · \
<a href="/demo-daily/#privacy">Privacy</a></p></footer>
</body>
</html>
"""


def syndicate_post_page(
    view: ArticleView, *, republished: datetime | None, source_page: str
) -> str:
    """The Syndicate Post: a wire-style demo outlet; canonical points to the original page."""
    meta_time = ""
    visible_time = ""
    if republished is not None:
        meta_time = f'<meta name="date" content="{republished.isoformat()}">\n'
        visible_time = (
            f'<p class="timestamp">Posted <time datetime="{republished.isoformat()}">'
            f"{republished:%Y-%m-%d %H:%M} UTC</time></p>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Syndicate Post (demo outlet) — {_e(view.title)}</title>
<link rel="canonical" href="{_e(source_page)}">
<meta name="description" content="{_e(view.description)}">
<meta name="author" content="{WIKINEWS_AUTHOR}">
<meta property="og:site_name" content="The Syndicate Post (demo outlet)">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(view.title)}">
{meta_time}<link rel="alternate" type="application/atom+xml" \
title="The Syndicate Post (demo outlet)" href="/syndicate-post/feed.atom">
</head>
<body>
<div id="top-bar"><a href="/syndicate-post/">The Syndicate Post</a> \
<span class="demo-label">DEMO OUTLET — fictional site generated by newsdesk's demo, not a real \
publisher</span></div>
<div id="layout">
<nav id="sections"><a href="/syndicate-post/">Front page</a> | \
<a href="/syndicate-post/#wire">Wire</a> | <a href="/syndicate-post/#opinion">Opinion</a></nav>
<div id="story">
<p class="credit">Originally published by <a href="{_e(source_page)}">Wikinews</a> \
(<a href="{_e(view.original_url)}">original</a>). Republished under \
<a href="{CC_BY_URL}">CC BY 2.5</a>.</p>
<h1>{_e(view.title)}</h1>
{visible_time}
<div class="story-text">
{_paragraphs(view)}
</div>
</div>
<div id="rail"><h3>Latest from the wire</h3><ul>
{_links(view.related)}
</ul><p class="ad">Advertisement</p></div>
</div>
<div id="bottom">The Syndicate Post (demo outlet) republishes Creative Commons journalism. \
<a href="/syndicate-post/#terms">Terms</a></div>
</body>
</html>
"""


def listing_page(*, title: str, heading: str, intro: str, items: tuple[Link, ...]) -> str:
    """A plain index page (home, category, outlet front page): lists links, nothing else."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
</head>
<body>
<h1>{_e(heading)}</h1>
<p>{_e(intro)}</p>
<ul>
{_links(items)}
</ul>
</body>
</html>
"""


def _feed_type(href: str) -> str:
    if href.endswith(".atom"):
        return "application/atom+xml"
    if href.endswith(".json"):
        return "application/feed+json"
    return "application/rss+xml"
