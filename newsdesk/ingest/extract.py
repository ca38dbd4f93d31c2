"""Full text and metadata of an article page, and the choice between page and feed text.

trafilatura does the reading. It is only ever handed HTML we fetched ourselves (parsed here,
with trafilatura's own `load_html`, which never downloads): `fetch_url` is never called, and
no option used below makes trafilatura or htmldate go to the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import trafilatura
from lxml.html import HtmlElement

from newsdesk.errors import ExtractError
from newsdesk.ingest.clean import decode_html, html_to_text, normalise_text, sanitize_html
from newsdesk.ingest.pagemeta import NOTHING_KNOWN, FeedKnows, page_metadata
from newsdesk.ingest.urls import InvalidURLError, canonical_url, resolve_url

# Options measured with bench/extract.py on the 884 labelled pages (F1 of the text): fast
# mode loses F1 (0.928 -> 0.922), so it stays off. Images and inline formatting change
# which blocks trafilatura keeps: with images F1 drops 0.008 (captions and teasers come
# along); with bold/italic kept, 8 snippets trafilatura's plain text has go missing (2
# without). Headings, lists, quotes, tables and links are kept either way.
FAST_MODE = False
EXTRACT_OPTIONS: dict[str, Any] = {
    "output_format": "html",
    "include_comments": False,  # readers' comments are not the article
    "include_tables": True,
    "include_images": False,
    "include_links": True,
    "include_formatting": False,
    "deduplicate": False,
}
# htmldate gives the time of day too when the page states it; its default is the date only.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": DATE_FORMAT}
HTML_HEAD = re.compile(r"<head>.*?</head>", re.S)
AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||,|\s+and\s+|\s+und\s+|\s+&\s+|\s+et\s+)\s*", re.I)
AUTHOR_PREFIX = re.compile(r"^(?:by|von|par|por|di|door|av|przez)\s+", re.I)
LANGUAGE_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")

# --- teasers and body choice -------------------------------------------------------------
# Feed summaries are one to three sentences (20-60 words in the feeds under
# /work/shared/data/feeds); the shortest complete news briefs run past 100 words. 80 sits
# between, and erring low only costs one page fetch that choose_body can still overrule.
TEASER_MAX_WORDS = 80
ELLIPSIS = r"(?:…|\.{3,}|\[\s*(?:…|\.{2,})\s*\]|\(\s*(?:…|\.{2,})\s*\))"
READ_MORE = (
    r"read\s+more|read\s+the\s+(?:full|whole|rest)(?:\s+\w+){0,2}|continue\s+reading\b[^.!?]{0,150}"
    r"|keep\s+reading|full\s+(?:story|article|post)|weiterlesen|mehr\s+lesen|zum\s+artikel"
    r"|lire\s+la\s+suite|lire\s+plus|leer\s+m[aá]s|seguir\s+leyendo|continuar\s+leyendo"
    r"|leia\s+mais|continue\s+lendo|continua\s+a\s+leggere|leggi\s+tutto|leggi\s+di\s+pi[uù]"
    r"|czytaj\s+dalej|czytaj\s+więcej|lees\s+meer|lees\s+verder|verder\s+lezen|läs\s+mer"
    r"|läs\s+vidare|les\s+mer|læs\s+mere|lue\s+lisää|читать\s+далее|читать\s+полностью"
    r"|подробнее|devamını\s+oku|続きを読む|阅读全文|查看全文|閱讀全文|더\s*보기"
)
MORE_WORD = r"more|mehr|plus|suite|m[aá]s|mais|altro|meer|więcej|ещё|еще"
DECORATION = r"[\s.…:!»›→>\]\)\"'”’]*"
TEASER_ENDING = re.compile(
    rf"(?:{ELLIPSIS}[\"'”’»)\]]*"
    rf"|(?<!\w)(?:{READ_MORE}){DECORATION}"
    rf"|[\[(]\s*(?:{MORE_WORD}|{READ_MORE})\s*{ELLIPSIS}?\s*[\])]{DECORATION}"
    rf"|(?<!\w)(?:{MORE_WORD})\s*(?:…|\.{{3}}|»|›|→|>>){DECORATION}"
    rf"|(?:…|\.{{3}}|»|›|→)\s*(?:{MORE_WORD}){DECORATION})\Z",
    re.I,
)
# WordPress (and Yoast) append this to excerpts and full posts alike; it says nothing.
FEED_FOOTER = re.compile(r"\s*The post .{1,300} appeared first on .{1,200}\Z", re.I | re.S)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A page is worse than the feed when it has less than this share of the feed's words ...
MIN_LENGTH_RATIO = 0.7
# ... or shares too few of the feed's longer words (it is about something else: a consent
# wall, an error page, a neighbouring article). Measured with the 371 labelled pages whose
# meta description has 8+ words, standing in for feed teasers: 17 (4.6%) of the pages' own
# texts fall below 0.25 (mostly site-wide descriptions or failed extractions), while 30 (8%)
# of randomly paired other pages reach it ...
MIN_WORD_OVERLAP = 0.25
# ... or, when the feed carries the full text, misses most of its phrases.
MIN_PHRASE_COVERAGE = 0.6
SHINGLE = 5

BodySource = Literal["feed", "page"]
BodyStatus = Literal["ok", "feed_only", "extract_failed", "page_worse", "empty"]


@dataclass(frozen=True)
class ExtractedPage:
    """What one article page says about itself; html is sanitised, text is plain."""

    url: str
    title: str | None
    authors: list[str]
    date: datetime | None
    sitename: str | None
    canonical_url: str | None
    language: str | None
    description: str | None
    image_url: str | None
    text: str
    html: str


@dataclass(frozen=True)
class BodyChoice:
    """The body an article gets, where it came from, and why when it is the feed's."""

    html: str
    text: str
    source: BodySource
    status: BodyStatus
    reason: str | None


def extract_page(html: bytes | str, *, url: str, knows: FeedKnows = NOTHING_KNOWN) -> ExtractedPage:
    """Main text and metadata of a fetched page; ExtractError when it has no usable text.

    `knows` names the fields the feed entry already gives: the page's are then not looked
    for (they would not be used) and come back empty.
    """
    markup = decode_html(html) if isinstance(html, bytes) else html
    tree = _parse(markup)
    metadata = page_metadata(tree, url, DATE_PARAMS, knows)
    main_html = _run_trafilatura(tree, url)
    # with output_format="html", trafilatura may open with a <head>: not part of the body
    body = sanitize_html(HTML_HEAD.sub("", main_html, count=1), base_url=url).strip()
    text = html_to_text(body)
    if not any(char.isalnum() for char in text):
        raise ExtractError("no main text found")
    return ExtractedPage(
        url=url,
        title=_clean_field(metadata.title),
        authors=split_authors(metadata.author),
        date=parse_date(metadata.date),
        sitename=_clean_field(metadata.sitename),
        canonical_url=_canonical_link(tree, url),
        language=_language(tree),
        description=_clean_field(metadata.description),
        image_url=_absolute_http(url, metadata.image),
        text=text,
        html=body,
    )


def extract_to_dict(page: ExtractedPage) -> dict[str, Any]:
    """The JSON the CLI prints for an extracted page (keys in this order)."""
    return {
        "url": page.url,
        "title": page.title,
        "authors": list(page.authors),
        "date": page.date.isoformat() if page.date else None,
        "sitename": page.sitename,
        "canonical_url": page.canonical_url,
        "language": page.language,
        "text": page.text,
        "description": page.description,
        "image_url": page.image_url,
    }


def split_authors(raw: str | None) -> list[str]:
    """Names from a byline: "A, B and C" or "A; B" (trafilatura joins with "; ")."""
    if not raw:
        return []
    raw = AUTHOR_PREFIX.sub("", " ".join(raw.split()))
    parts = [p for p in AUTHOR_SEPARATORS.split(raw) if p]
    # "Doe, Jane" is one person written surname first, not two
    if "," in raw and len(parts) == 2 and all(" " not in p for p in parts) and ";" not in raw:
        parts = [raw]
    names: list[str] = []
    for part in parts:
        name = AUTHOR_PREFIX.sub("", part).strip(" .,-–—")
        if name and len(name) <= 100 and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def parse_date(value: str | None) -> datetime | None:
    """htmldate's ISO string as an aware UTC datetime (midnight UTC for a date alone)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def is_teaser(text: str) -> bool:
    """Whether a feed entry's text is only a lead-in to the article on the page.

    True when it is short (under TEASER_MAX_WORDS) or ends the way truncated excerpts do:
    an ellipsis ("…", "...", "[…]") or a read-more link in one of a dozen languages.
    """
    body = FEED_FOOTER.sub("", " ".join(text.split()))
    if not body:
        return True
    if TEASER_ENDING.search(body[-200:]):
        return True
    return word_count(body) < TEASER_MAX_WORDS


def word_count(text: str) -> float:
    """Words, counting two CJK characters as one word (those scripts do not use spaces)."""
    cjk = len(CJK.findall(text))
    return len(CJK.sub(" ", text).split()) + cjk / 2


def choose_body(
    *,
    feed_html: str | None,
    page: ExtractedPage | None,
    page_error: str | None,
    feed_html_is_clean: bool = False,
) -> BodyChoice:
    """The page's text unless extraction failed or it is worse than the feed's text.

    `feed_html` is sanitised here unless the caller says it has just done so with
    `sanitize_html` (assemble_article does: twice cost a tenth of storing a feed's entry).
    """
    if feed_html_is_clean:
        feed_clean = feed_html or ""
    else:
        feed_clean = sanitize_html(feed_html, base_url=None) if feed_html else ""
    feed_text = html_to_text(feed_clean)
    if page is None or not page.text.strip():
        status: BodyStatus = "extract_failed" if page_error or page else "feed_only"
        reason = page_error or ("page had no text" if page else None)
        if not feed_text and status == "feed_only":
            status = "empty"
        return BodyChoice(feed_clean, feed_text, "feed", status, reason)
    if not feed_text:
        return BodyChoice(page.html, page.text, "page", "ok", None)
    worse = page_worse_reason(page.text, feed_text)
    if worse is not None:
        return BodyChoice(feed_clean, feed_text, "feed", "page_worse", worse)
    return BodyChoice(page.html, page.text, "page", "ok", None)


def page_worse_reason(page_text: str, feed_text: str) -> str | None:
    """Why the page's text is worse than the feed's, or None when it is not.

    Worse means it lost content the feed has: it is clearly shorter, it is about something
    else (few shared words), or, when the feed carries the whole article, it misses much of
    the feed's wording (e.g. it starts halfway or stops early).
    """
    page_count, feed_count = word_count(page_text), word_count(feed_text)
    if page_count < MIN_LENGTH_RATIO * feed_count:
        return f"page text is shorter than the feed's ({page_count:.0f} vs {feed_count:.0f} words)"
    page_terms, feed_terms = _terms(page_text), _terms(feed_text)
    overlap = _word_overlap(feed_terms, page_terms)
    if overlap < MIN_WORD_OVERLAP:
        return f"page text shares only {overlap:.0%} of the feed text's words"
    if not is_teaser(feed_text):
        coverage = _phrase_coverage(feed_terms, page_terms)
        if coverage < MIN_PHRASE_COVERAGE:
            return f"page text contains only {coverage:.0%} of the feed text's phrases"
    return None


def _terms(text: str) -> list[str]:
    """Normalised words; runs of CJK characters become character pairs (no spaces there)."""
    normalised = normalise_text(text)
    if not CJK.search(normalised):  # most texts: one scan instead of one per word
        return normalised.split()
    terms: list[str] = []
    for word in normalised.split():
        if CJK.search(word) and len(word) > 2:
            terms.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            terms.append(word)
    return terms


def _word_overlap(feed_terms: list[str], page_terms: list[str]) -> float:
    """Share of the feed's distinct telling terms (4+ characters, or CJK pairs) in the page."""
    wanted = {t for t in feed_terms if len(t) >= 4 or CJK.search(t)} or set(feed_terms)
    if not wanted:
        return 1.0
    return len(wanted & set(page_terms)) / len(wanted)


def _phrase_coverage(feed_terms: list[str], page_terms: list[str]) -> float:
    """Share of the feed's five-term sequences that appear in the page."""
    wanted = _shingles(feed_terms)
    if not wanted:
        return 1.0
    return len(wanted & _shingles(page_terms)) / len(wanted)


def _shingles(terms: list[str]) -> set[tuple[str, ...]]:
    return {tuple(terms[i : i + SHINGLE]) for i in range(max(len(terms) - SHINGLE + 1, 0))}


def _parse(markup: str) -> HtmlElement:
    try:
        tree = trafilatura.load_html(markup)
    except Exception as exc:  # hostile input must not crash the caller; lxml raises many kinds
        raise ExtractError(f"page could not be parsed: {type(exc).__name__}") from exc
    if tree is None:
        raise ExtractError("no main text found")
    return tree


def _run_trafilatura(tree: HtmlElement, url: str) -> str:
    """The main content as HTML (metadata is read apart, by pagemeta.py)."""
    try:
        main_html = trafilatura.extract(tree, url=url, fast=FAST_MODE, **EXTRACT_OPTIONS)
    except RecursionError as exc:
        raise ExtractError("page is nested too deeply to read") from exc
    except Exception as exc:  # a bug in the extractor on a hostile page is that page's failure
        raise ExtractError(f"extractor failed: {type(exc).__name__}") from exc
    if not main_html:
        raise ExtractError("no main text found")
    return main_html


def _canonical_link(tree: HtmlElement, url: str) -> str | None:
    """rel=canonical, else og:url, made absolute; a site's home page does not count.

    CMSs misconfigured to name the home page as every article's canonical URL would make
    all their articles one; a cross-site canonical (syndication) is kept, it is real.
    """
    candidates = [
        *tree.xpath('//link[contains(concat(" ", translate(@rel, "CANOICL", "canoicl"), " "),'
                    ' " canonical ")]/@href'),
        *tree.xpath('//meta[translate(@property, "OGURL", "ogurl")="og:url"]/@content'),
    ]  # fmt: skip
    for candidate in candidates:
        absolute = _absolute_http(url, str(candidate))
        if absolute is None:
            continue
        try:
            canonical = canonical_url(absolute)
            page = canonical_url(url)
        except InvalidURLError:
            continue
        if _is_home(canonical) and not _is_home(page):
            continue
        return canonical
    return None


def _is_home(url: str) -> bool:
    return url.split("/", 3)[3:] in ([], [""])


def _language(tree: HtmlElement) -> str | None:
    """Primary language subtag ("de" for "de-AT") from the markup's own declarations."""
    values = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath('//meta[translate(@http-equiv, "CONTENTLAGU", "contentlagu")'
                    '="content-language"]/@content'),
        *tree.xpath('//meta[translate(@property, "OGLCALE", "oglcale")="og:locale"]/@content'),
    ]  # fmt: skip
    for value in values:
        match = LANGUAGE_TAG.match(str(value or "").split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None


def _absolute_http(base: str, value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    return resolve_url(base, value.strip())


def _clean_field(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None
