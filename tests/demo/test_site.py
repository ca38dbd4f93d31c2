"""The demo site built from the bundled Wikinews corpus: feeds, pages, outlets, OPML."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import defusedxml.ElementTree as SafeET
import lxml.html
import pytest

from newsdesk.demo import DemoSite, build_demo_site
from newsdesk.demo.corpus import bundled_corpus_path
from newsdesk.demo.pages import ATTRIBUTION
from newsdesk.errors import UserError

ATOM = "{http://www.w3.org/2005/Atom}"
CORPUS_SIZE = 930


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> DemoSite:
    return build_demo_site(tmp_path_factory.mktemp("demo") / "site")


def entries_of(site: DemoSite, feed_path: str) -> list[dict[str, str | None]]:
    """guid, link, summary and date of each entry, whatever the feed's format."""
    raw = (site.out_dir / feed_path.lstrip("/")).read_bytes()
    if feed_path.endswith(".json"):
        return [
            {
                "guid": item["id"],
                "link": item["url"],
                "summary": item["content_html"],
                "date": item.get("date_published"),
            }
            for item in json.loads(raw)["items"]
        ]
    root = SafeET.fromstring(raw)
    if feed_path.endswith(".atom"):
        return [
            {
                "guid": entry.findtext(f"{ATOM}id"),
                "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
                "summary": entry.findtext(f"{ATOM}summary"),
                "date": entry.findtext(f"{ATOM}published"),
            }
            for entry in root.iter(f"{ATOM}entry")
        ]
    return [
        {
            "guid": item.findtext("guid"),
            "link": item.findtext("link"),
            "summary": item.findtext("description"),
            "date": item.findtext("pubDate"),
        }
        for item in root.iter("item")
    ]


def page(site: DemoSite, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site.out_dir / path.lstrip("/")).read_bytes())


def meta(doc: lxml.html.HtmlElement, key: str) -> str | None:
    found = doc.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return found[0] if found else None


def body_paragraphs(doc: lxml.html.HtmlElement) -> list[str]:
    return doc.xpath("//div[@class='mw-parser-output']/p/text()")


def canonical(doc: lxml.html.HtmlElement) -> str:
    return doc.xpath("//link[@rel='canonical']/@href")[0]


def site_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_site_builds_every_bundled_article(site: DemoSite) -> None:
    pages = list((site.out_dir / "wikinews" / "wiki").glob("*.html"))
    assert site.article_count == CORPUS_SIZE
    assert len(pages) == CORPUS_SIZE


def test_feeds_mix_rss_atom_and_json_feed(site: DemoSite) -> None:
    formats = Counter(Path(feed.path).suffix for feed in site.feeds)
    assert formats[".rss"] > formats[".atom"] >= 1
    assert formats[".json"] >= 1


def test_every_article_is_in_some_wikinews_feed(site: DemoSite) -> None:
    links = {
        entry["link"]
        for feed in site.feeds
        if feed.path.startswith("/wikinews/")
        for entry in entries_of(site, feed.path)
    }
    assert len(links) == CORPUS_SIZE


def test_same_corpus_gives_a_byte_identical_site(site: DemoSite, tmp_path: Path) -> None:
    again = build_demo_site(tmp_path / "again")
    assert site_files(again.out_dir) == site_files(site.out_dir)


def test_rebuilding_into_the_same_directory_leaves_no_stale_files(tmp_path: Path) -> None:
    build_demo_site(tmp_path / "site")
    small = build_demo_site(tmp_path / "site", limit=20)
    pages = list((small.out_dir / "wikinews" / "wiki").glob("*.html"))
    assert len(pages) == small.article_count == 20


def test_refuses_to_empty_a_directory_it_did_not_build(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="not a demo build"):
        build_demo_site(tmp_path, limit=5)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_limit_keeps_a_sample_that_still_uses_every_format(tmp_path: Path) -> None:
    small = build_demo_site(tmp_path / "small", limit=60)
    assert small.article_count == 60
    assert {Path(feed.path).suffix for feed in small.feeds} == {".rss", ".atom", ".json"}


def test_every_feed_parses_and_every_entry_link_resolves_to_a_file(site: DemoSite) -> None:
    for feed in site.feeds:
        entries = entries_of(site, feed.path)
        assert entries, feed.path
        for entry in entries:
            link = entry["link"] or ""
            assert link.startswith("/"), (feed.path, link)
            assert (site.out_dir / link.lstrip("/")).is_file(), (feed.path, link)


def test_article_in_several_topics_has_the_same_guid_and_link_in_each_feed(
    site: DemoSite,
) -> None:
    links_by_guid: dict[str, set[str | None]] = {}
    feeds_by_guid: Counter[str] = Counter()
    for feed in site.feeds:
        if feed.path.startswith("/wikinews/"):
            for entry in entries_of(site, feed.path):
                guid = entry["guid"] or ""
                links_by_guid.setdefault(guid, set()).add(entry["link"])
                feeds_by_guid[guid] += 1
    in_several = [guid for guid, count in feeds_by_guid.items() if count > 1]
    assert len(in_several) > 50
    assert all(len(links_by_guid[guid]) == 1 for guid in in_several)
    assert all(guid.startswith("https://en.wikinews.org/wiki/") for guid in links_by_guid)


def test_wikinews_feed_entries_carry_a_teaser_shorter_than_the_page(site: DemoSite) -> None:
    for feed in site.feeds:
        if not feed.path.startswith("/wikinews/"):
            continue
        for entry in entries_of(site, feed.path):
            summary = lxml.html.fromstring(entry["summary"] or "").text_content()
            body = " ".join(body_paragraphs(page(site, entry["link"] or "")))
            assert " …" in summary, entry["link"]
            assert len(summary) < len(body), entry["link"]


def test_undated_articles_get_no_date_in_any_feed(site: DemoSite) -> None:
    with gzip.open(bundled_corpus_path(), "rt", encoding="utf-8") as lines:
        corpus = [json.loads(line) for line in lines]
    dated = {row["url"] for row in corpus if row["published"]}
    for feed in site.feeds:
        if feed.path.startswith("/wikinews/"):
            for entry in entries_of(site, feed.path):
                assert (entry["date"] is not None) == (entry["guid"] in dated), entry["guid"]


def test_every_article_page_carries_attribution_canonical_and_metadata(site: DemoSite) -> None:
    for path in sorted((site.out_dir / "wikinews" / "wiki").glob("*.html")):
        url = "/" + str(path.relative_to(site.out_dir))
        doc = page(site, url)
        assert doc.get("lang") == "en"
        assert canonical(doc) == url
        assert meta(doc, "og:type") == "article"
        assert meta(doc, "og:site_name") == "Wikinews"
        assert meta(doc, "og:title") == doc.findtext(".//title").removesuffix(
            " - Wikinews, the free news source"
        )
        assert meta(doc, "author") == "Wikinews contributors"
        footer = doc.xpath("string(//article/footer)")
        assert ATTRIBUTION in footer, url
        original = doc.xpath("//p[@class='original']/a/@href")[0]
        assert original.startswith("https://en.wikinews.org/wiki/"), url
        assert body_paragraphs(doc), url


def test_published_time_meta_only_on_dated_pages(site: DemoSite) -> None:
    times = [
        meta(page(site, "/" + str(p.relative_to(site.out_dir))), "article:published_time")
        for p in (site.out_dir / "wikinews" / "wiki").glob("*.html")
    ]
    assert sum(t is not None for t in times) == 320


def test_outlets_republish_a_deterministic_overlapping_share(site: DemoSite) -> None:
    originals = Counter(original for _, original in site.republications)
    daily = [copy for copy, _ in site.republications if copy.startswith("/demo-daily/")]
    post = [copy for copy, _ in site.republications if copy.startswith("/syndicate-post/")]
    assert 0.10 * CORPUS_SIZE < len(daily) < 0.20 * CORPUS_SIZE
    assert 0.06 * CORPUS_SIZE < len(post) < 0.14 * CORPUS_SIZE
    assert 0 < sum(1 for count in originals.values() if count == 2) < len(post)


@pytest.mark.parametrize(
    ("outlet", "canonical_is_original", "credit"),
    [
        pytest.param(
            "/demo-daily/",
            False,
            "This article was originally published on Wikinews and is republished under CC BY 2.5.",
            id="demo-daily-own-canonical",
        ),
        pytest.param(
            "/syndicate-post/",
            True,
            "Originally published by Wikinews",
            id="syndicate-post-canonical-to-original",
        ),
    ],
)
def test_outlet_pages_are_labelled_demo_and_credit_the_original(
    site: DemoSite, outlet: str, canonical_is_original: bool, credit: str
) -> None:
    copies = [(c, o) for c, o in site.republications if c.startswith(outlet)]
    assert copies
    for copy, original in copies:
        doc = page(site, copy)
        text = " ".join(doc.text_content().split())
        assert "(demo outlet)" in (meta(doc, "og:site_name") or "")
        assert "(demo outlet)" in doc.findtext(".//title")
        assert "DEMO OUTLET" in text
        assert credit in text, copy
        assert canonical(doc) == (original if canonical_is_original else copy)
        assert original in doc.xpath("//a/@href"), copy
        original_body = body_paragraphs(page(site, original))
        assert all(p in text for p in original_body), copy


def test_republications_are_dated_hours_after_the_original(site: DemoSite) -> None:
    daily = {e["link"]: e["date"] for e in entries_of(site, "/demo-daily/feed.rss")}
    post = {e["link"]: e["date"] for e in entries_of(site, "/syndicate-post/feed.atom")}
    checked = 0
    for copy, original in site.republications:
        stamp = meta(page(site, original), "article:published_time")
        republished = daily.get(copy) or post.get(copy)
        assert (stamp is None) == (republished is None), copy
        if stamp is None or republished is None:
            continue
        start = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        when = (
            parsedate_to_datetime(republished)
            if copy in daily
            else datetime.fromisoformat(republished)
        )
        assert timedelta(hours=1) < when - start <= timedelta(days=1, hours=3), copy
        checked += 1
    assert checked > 10


def test_demo_daily_feed_has_full_text_and_syndicate_post_only_summaries(
    site: DemoSite,
) -> None:
    daily = SafeET.fromstring((site.out_dir / "demo-daily" / "feed.rss").read_bytes())
    encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
    assert all(item.findtext(encoded) for item in daily.iter("item"))
    post = SafeET.fromstring((site.out_dir / "syndicate-post" / "feed.atom").read_bytes())
    entries = list(post.iter(f"{ATOM}entry"))
    assert entries
    assert all(e.find(f"{ATOM}content") is None and e.findtext(f"{ATOM}summary") for e in entries)


def test_opml_lists_every_feed_in_its_category_folder(site: DemoSite) -> None:
    root = SafeET.fromstring(site.opml_file.read_bytes())
    listed = {
        (feed.get("xmlUrl"), feed.get("title"), folder.get("text"))
        for folder in root.find("body")
        for feed in folder
    }
    assert listed == set(site.feeds)


HOSTILE = {
    "id": "hostile-1",
    "title": "<script>alert('t')</script> & ]]> \"quoted\"",
    "text": "First </p><script>alert(1)</script> paragraph, long enough to be the lead of "
    "this article. It has & ampersands ]]> and a control char \x07 too.\n\n"
    "Second paragraph with <b>tags</b> that must stay text.",
    "published": None,
    "url": "https://en.wikinews.org/wiki/Hostile_%3Cscript%3E",
    "categories": ["Health", "<i>Odd</i> & category"],
}


def test_corpus_text_is_escaped_in_feeds_and_pages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    built = build_demo_site(tmp_path / "site", corpus=corpus)
    for feed in built.feeds:
        for entry in entries_of(built, feed.path):
            assert entry["guid"] == HOSTILE["url"]
    pages = list((built.out_dir).rglob("*.html"))
    assert pages
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw, path
        assert "<b>tags" not in raw, path
        assert "\x07" not in raw, path
    (article_file,) = (built.out_dir / "wikinews" / "wiki").iterdir()
    article = lxml.html.fromstring(article_file.read_bytes())
    assert "<script>alert('t')</script>" in article.findtext(".//h1")
