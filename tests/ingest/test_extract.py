"""Full-text extraction on real pages, metadata, decoding, teasers and the body choice."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from newsdesk.errors import ExtractError
from newsdesk.ingest import extract as extract_module
from newsdesk.ingest.clean import decode_html
from newsdesk.ingest.extract import (
    ExtractedPage,
    choose_body,
    extract_page,
    extract_to_dict,
    is_teaser,
    parse_date,
    split_authors,
)

PAGES = Path(__file__).parent.parent / "data" / "pages"
EVALDATA: dict[str, dict[str, Any]] = json.loads((PAGES / "evaldata.json").read_text("utf-8"))
CASES = sorted(EVALDATA.items(), key=lambda item: item[1]["file"])
IDS = [entry["file"].removesuffix(".html") for _, entry in CASES]


def page_bytes(entry: dict[str, Any]) -> bytes:
    return gzip.decompress((PAGES / f"{entry['file']}.gz").read_bytes())


def flat(text: str | None) -> str:
    """Whitespace collapsed; soft hyphens (invisible, but in some labels) removed."""
    return " ".join((text or "").replace("\u00ad", "").split())


def found(snippets: list[str], text: str | None) -> set[str]:
    haystack = flat(text)
    return {s for s in snippets if flat(s) in haystack}


@pytest.fixture(scope="module")
def extracted() -> dict[str, ExtractedPage]:
    return {url: extract_page(page_bytes(entry), url=url) for url, entry in CASES}


@pytest.fixture(scope="module")
def alone() -> dict[str, str]:
    """What trafilatura finds with no pipeline around it, in the mode newsdesk uses."""
    return {
        url: trafilatura.extract(
            page_bytes(entry), url=url, fast=extract_module.FAST_MODE, include_comments=False
        )
        or ""
        for url, entry in CASES
    }


def test_copied_pages_match_their_evaldata() -> None:
    assert 20 <= len(CASES) <= 40
    for _, entry in CASES:
        assert (PAGES / f"{entry['file']}.gz").is_file(), entry["file"]
    assert (PAGES / "LICENSE").is_file() and (PAGES / "README.md").is_file()


@pytest.mark.parametrize(("url", "entry"), CASES, ids=IDS)
def test_pipeline_keeps_every_snippet_trafilatura_finds(
    url: str, entry: dict[str, Any], extracted: dict[str, ExtractedPage], alone: dict[str, str]
) -> None:
    assert found(entry["with"], alone[url]) <= found(entry["with"], extracted[url].text)


@pytest.mark.parametrize(("url", "entry"), CASES, ids=IDS)
def test_pipeline_adds_no_boilerplate_trafilatura_leaves_out(
    url: str, entry: dict[str, Any], extracted: dict[str, ExtractedPage], alone: dict[str, str]
) -> None:
    assert found(entry["without"], extracted[url].text) <= found(entry["without"], alone[url])


def test_quality_on_copied_pages_stays_above_the_gate(extracted: dict[str, ExtractedPage]) -> None:
    """trafilatura's eval gate, in small: a regression in extraction fails the build."""
    tp = fn = fp = 0
    for url, entry in CASES:
        text = extracted[url].text
        hits = found(entry["with"], text)
        tp, fn = tp + len(hits), fn + len(entry["with"]) - len(hits)
        fp += len(found(entry["without"], text))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.90, precision
    assert recall >= 0.90, recall


@pytest.mark.parametrize("url", [url for url, _ in CASES], ids=IDS)
def test_text_is_plain_paragraphs_and_html_is_sanitised(
    url: str, extracted: dict[str, ExtractedPage], alone: dict[str, str]
) -> None:
    page = extracted[url]
    assert page.text.strip() == page.text and "\n\n\n" not in page.text
    assert "<" not in page.text or "<" in alone[url]
    assert page.html.startswith("<") and "<script" not in page.html.lower()
    assert "<head" not in page.html and "<meta" not in page.html


def label_matches(field: str, value: Any, label: Any) -> bool:
    if field == "author":
        labels = label if isinstance(label, list) else [label]
        wanted = {a.strip().casefold() for raw in labels for a in split_authors(raw)}
        return bool(wanted & {a.casefold() for a in value})
    if field == "date":  # a label is the publisher's local date, ours is the UTC instant
        return value is not None and abs(value.date() - date.fromisoformat(label)) <= timedelta(1)
    return flat(value) == flat(label)


def trafilatura_metadata(html: bytes, url: str) -> dict[str, Any]:
    doc = trafilatura.extract_metadata(decode_html(html), default_url=url)
    return {
        "title": doc.title,
        "author": split_authors(doc.author),
        "date": parse_date(doc.date),
        "sitename": doc.sitename,
    }


def test_metadata_matches_labels_wherever_trafilatura_gets_them(
    extracted: dict[str, ExtractedPage],
) -> None:
    """Our fields agree with the labels at least wherever trafilatura's own metadata does."""
    checked = 0
    for url, entry in CASES:
        page = extracted[url]
        ours = {
            "title": page.title,
            "author": page.authors,
            "date": page.date,
            "sitename": page.sitename,
        }
        theirs = trafilatura_metadata(page_bytes(entry), url)
        for field in ("title", "author", "date", "sitename"):
            label = entry.get(field)
            if not label or not label_matches(field, theirs[field], label):
                continue
            checked += 1
            assert label_matches(field, ours[field], label), (entry["file"], field, ours[field])
    assert checked >= 40


@pytest.mark.parametrize(("url", "entry"), CASES, ids=IDS)
def test_metadata_is_well_formed(
    url: str, entry: dict[str, Any], extracted: dict[str, ExtractedPage]
) -> None:
    page = extracted[url]
    assert page.url == url
    if page.date is not None:
        assert page.date.utcoffset() == timedelta(0)
    for link in (page.canonical_url, page.image_url):
        assert link is None or link.startswith(("http://", "https://"))
    assert page.language is None or (page.language.isalpha() and page.language.islower())
    assert all(name and name == name.strip() for name in page.authors)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A tripwire: any attempt to resolve or connect is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args)[:100])
        raise OSError("network use during extraction")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts


@pytest.mark.parametrize(
    "html",
    ["https://example.com/", "http://example.com/article.html", b"https://example.com/"],
    ids=["url-string", "url-string-article", "url-bytes"],
)
def test_extract_page_never_fetches_a_url_given_as_html(
    html: bytes | str, no_network: list[str]
) -> None:
    try:
        page = extract_page(html, url="https://example.com/")
    except ExtractError:
        pass
    else:  # the "page" is that text itself, never what the URL would serve
        assert page.text == html.strip() if isinstance(html, str) else html.decode()
    assert no_network == []


def test_extract_page_reads_real_pages_without_network(no_network: list[str]) -> None:
    for url, entry in CASES[:8]:
        extract_page(page_bytes(entry), url=url)
    assert no_network == []


HOSTILE = [
    ("empty-bytes", b""),
    ("empty-string", ""),
    ("whitespace", "   \n\t "),
    ("binary-garbage", bytes(range(256)) * 40),
    ("nul-bytes", b"\x00" * 5000),
    ("gzip-bytes", gzip.compress(b"<html><body><p>compressed</p></body></html>")),
    ("plain-text", "just some words " * 3),
    ("markup-without-text", "<html><head><title>t</title></head><body><div></div></body></html>"),
    ("scripts-only", "<html><body><script>var a = 'lots of text here';</script></body></html>"),
    ("deep-nesting", "<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000),
    ("deep-nesting-tables", "<html><body>" + "<table><tr><td>" * 5000 + "x"),
    ("unclosed-tags", "<html><body><p><b><i><a href='" + "x" * 10000),
    ("xml-declaration", '<?xml version="1.0" encoding="utf-8"?><html><body></body></html>'),
    ("invalid-xml-chars", "<html><body><p>\x01\x02\x0b\x1f</p></body></html>"),
    ("lone-surrogate", "<html><body><p>\ud800</p></body></html>"),
    ("huge-attribute", "<html><body><p title='" + "a" * 1_000_000 + "'></p></body></html>"),
    ("frameset", "<html><frameset><frame src='a.html'></frameset></html>"),
]


@pytest.mark.parametrize("html", [h[1] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_extract_page_on_hostile_input_raises_only_extract_error(html: bytes | str) -> None:
    with pytest.raises(ExtractError) as caught:
        extract_page(html, url="https://example.com/a")
    assert "\n" not in str(caught.value)


def test_extract_page_reads_a_minimal_article() -> None:
    html = (
        "<html lang='en-GB'><head><title>Harbour reopens</title>"
        "<link rel='canonical' href='/news/harbour'>"
        "<meta name='author' content='Jane Roe and John Doe'>"
        "<meta property='article:published_time' content='2024-03-05T08:30:00+01:00'>"
        "</head><body><article><h1>Harbour reopens</h1>"
        + "<p>The harbour reopened on Tuesday after three weeks of repairs to the quay.</p>"
        * 6
        + "<p>Read <a href='/more'>more</a> and see <img src='/i.jpg' alt='quay'>.</p>"
        "</article></body></html>"
    )
    page = extract_page(html, url="https://port.example/news/harbour?utm_source=x")
    assert page.canonical_url == "https://port.example/news/harbour"
    assert page.language == "en"
    assert page.authors == ["Jane Roe", "John Doe"]
    assert page.date == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert "three weeks of repairs" in page.text
    assert 'href="https://port.example/more"' in page.html
    assert 'rel="nofollow noopener noreferrer ugc"' in page.html
    assert list(extract_to_dict(page))[:8] == [
        "url",
        "title",
        "authors",
        "date",
        "sitename",
        "canonical_url",
        "language",
        "text",
    ]
    assert extract_to_dict(page)["date"] == "2024-03-05T07:30:00+00:00"
    json.dumps(extract_to_dict(page))


ARTICLE = "<p>" + "The council approved the new budget after a long debate. " * 12 + "</p>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "<link rel='canonical' href='https://other.example/original'>",
            "https://other.example/original",
        ),
        ("<link rel='Canonical' href='/a/b#top'>", "https://site.example/a/b"),
        ("<meta property='og:url' content='https://site.example/og'>", "https://site.example/og"),
        ("<link rel='canonical' href='https://site.example/'>", None),
        ("<link rel='canonical' href='javascript:alert(1)'>", None),
        ("", None),
    ],
    ids=[
        "cross-site",
        "relative-case-fragment",
        "og-url",
        "home-page-ignored",
        "javascript",
        "none",
    ],
)
def test_canonical_url_comes_from_the_page(head: str, expected: str | None) -> None:
    html = f"<html><head>{head}</head><body><article>{ARTICLE}</article></body></html>"
    assert extract_page(html, url="https://site.example/a/b").canonical_url == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane Roe", ["Jane Roe"]),
        ("Jane Roe; John Doe", ["Jane Roe", "John Doe"]),
        ("Jane Roe, John Doe and Max Mustermann", ["Jane Roe", "John Doe", "Max Mustermann"]),
        ("Anna Schmidt und Peter Meier", ["Anna Schmidt", "Peter Meier"]),
        ("By Jane Roe & John Doe", ["Jane Roe", "John Doe"]),
        ("Doe, Jane", ["Doe, Jane"]),
        ("Jane Roe; jane roe", ["Jane Roe"]),
        ("  ", []),
        (None, []),
    ],
    ids=[
        "one",
        "semicolon",
        "comma-and",
        "und",
        "by-ampersand",
        "surname-first",
        "duplicate",
        "blank",
        "none",
    ],
)
def test_split_authors(raw: str | None, expected: list[str]) -> None:
    assert split_authors(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-27", datetime(2020, 1, 27, tzinfo=UTC)),
        ("2020-01-27T00:00:00", datetime(2020, 1, 27, tzinfo=UTC)),
        ("2021-05-05T10:15:00+0200", datetime(2021, 5, 5, 8, 15, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
    ids=["date-only", "naive-midnight", "offset-to-utc", "garbage", "empty", "none"],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


LONG = " ".join(["The committee met on Monday and agreed the plan for the coming year."] * 10)
TEASERS = [
    ("short-summary", "The council approved the budget on Tuesday after a long debate.", True),
    ("empty", "", True),
    ("long-complete", LONG, False),
    ("long-ellipsis-char", LONG + " And then…", True),
    ("long-three-dots", LONG + " And then...", True),
    ("long-bracket-ellipsis", LONG + " And then […]", True),
    ("long-bracket-dots", LONG + " And then [...]", True),
    ("long-read-more", LONG + " Read more", True),
    ("long-read-more-arrow", LONG + " Read more »", True),
    ("long-continue-reading-title", LONG + " Continue reading Budget approved →", True),
    ("long-more-parenthesised", LONG + " (more…)", True),
    ("long-weiterlesen", LONG + " Weiterlesen", True),
    ("long-mehr-arrow", LONG + " mehr »", True),
    ("long-lire-la-suite", LONG + " Lire la suite", True),
    ("long-leer-mas", LONG + " Leer más", True),
    ("long-czytaj-dalej", LONG + " Czytaj dalej", True),
    ("long-continua-a-leggere", LONG + " Continua a leggere", True),
    ("long-sentence-ending-mehr", LONG + " Das gibt es nicht mehr.", False),
    ("long-wordpress-footer-full", LONG + " The post Budget appeared first on City News.", False),
    (
        "long-wordpress-footer-excerpt",
        LONG + " […] The post Budget appeared first on City News.",
        True,
    ),
    ("cjk-short", "東京都は月曜日に新しい計画を発表した。", True),
    ("cjk-long", "東京都は月曜日に新しい計画を発表した。" * 20, False),
]


@pytest.mark.parametrize(
    ("text", "expected"), [t[1:] for t in TEASERS], ids=[t[0] for t in TEASERS]
)
def test_is_teaser(text: str, expected: bool) -> None:
    assert is_teaser(text) is expected


def make_page(text: str) -> ExtractedPage:
    paragraphs = [p for p in text.split("\n\n") if p]
    return ExtractedPage(
        url="https://site.example/a",
        title="T",
        authors=[],
        date=None,
        sitename=None,
        canonical_url=None,
        language="en",
        description=None,
        image_url=None,
        text=text,
        html="".join(f"<p>{p}</p>" for p in paragraphs),
    )


FULL = "\n\n".join(
    f"Paragraph {i}: the flood barrier held through the night, officials in the river town said "
    f"on Sunday, while engineers checked section {i} for damage."
    for i in range(1, 9)
)
FULL_HTML = "".join(f"<p>{p}</p>" for p in FULL.split("\n\n"))
TEASER_HTML = "<p>The flood barrier held through the night, officials in the river town said.</p>"


def test_choose_body_prefers_the_page_normally() -> None:
    choice = choose_body(feed_html=TEASER_HTML, page=make_page(FULL), page_error=None)
    assert (choice.source, choice.status, choice.reason) == ("page", "ok", None)
    assert choice.text == FULL


def test_choose_body_keeps_feed_when_extraction_failed() -> None:
    choice = choose_body(feed_html=FULL_HTML, page=None, page_error="no main text found")
    assert (choice.source, choice.status) == ("feed", "extract_failed")
    assert choice.reason == "no main text found"
    assert "Paragraph 8" in choice.text and "<p>" in choice.html


def test_choose_body_keeps_feed_when_page_was_not_fetched() -> None:
    choice = choose_body(feed_html=FULL_HTML, page=None, page_error=None)
    assert (choice.source, choice.status, choice.reason) == ("feed", "feed_only", None)


def test_choose_body_keeps_feed_when_page_is_much_shorter() -> None:
    short = "\n\n".join(FULL.split("\n\n")[:3])
    choice = choose_body(feed_html=FULL_HTML, page=make_page(short), page_error=None)
    assert (choice.source, choice.status) == ("feed", "page_worse")
    assert choice.reason and "shorter" in choice.reason


def test_choose_body_keeps_feed_when_page_is_about_something_else() -> None:
    consent = (
        "We value your privacy. We and our partners store and access information on a "
        "device, such as cookies, and process personal data for advertising. "
    ) * 6
    choice = choose_body(feed_html=TEASER_HTML, page=make_page(consent), page_error=None)
    assert (choice.source, choice.status) == ("feed", "page_worse")
    assert choice.reason and "words" in choice.reason


def test_choose_body_keeps_full_feed_when_page_misses_its_opening() -> None:
    paragraphs = FULL.split("\n\n")
    page_text = "\n\n".join([*paragraphs[5:], "Comments are closed. " * 40])
    choice = choose_body(feed_html=FULL_HTML, page=make_page(page_text), page_error=None)
    assert (choice.source, choice.status) == ("feed", "page_worse")
    assert choice.reason is not None


def test_choose_body_takes_page_when_feed_is_empty() -> None:
    choice = choose_body(feed_html=None, page=make_page(FULL), page_error=None)
    assert (choice.source, choice.status) == ("page", "ok")


def test_choose_body_with_nothing_at_all() -> None:
    choice = choose_body(feed_html="", page=None, page_error=None)
    assert (choice.source, choice.status, choice.text) == ("feed", "empty", "")


def test_choose_body_sanitises_the_feed_html_it_returns() -> None:
    hostile = FULL_HTML + "<script>alert(1)</script><img src=x onerror=alert(1)>"
    choice = choose_body(feed_html=hostile, page=None, page_error="timeout")
    assert "<script" not in choice.html and "onerror" not in choice.html
