"""Sentence anchors on the article page (web/anchors.py), over the real app and real articles.

Every anchor must hold its sentence verbatim (read back with lxml, as a browser shows it),
every citation of the AI panel must point at an anchor holding the quoted sentence, and
hostile markup must come out as sanitised as it went in, with only our spans added.
"""

from __future__ import annotations

import re
from html import unescape

import httpx
import lxml.html
import pytest

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.generate.sentences import article_sentences
from newsdesk.ingest.clean import html_to_text, sanitize_html
from newsdesk.store.engine import Store
from newsdesk.store.generated import article_texts
from newsdesk.web.anchors import anchor_sentences
from tests.security.test_xss_vectors import executable_parts, load_vectors
from tests.support.anchors import anchored, article_body, fold, mismatches
from tests.support.corpus import store_corpus
from tests.support.eval_rows import load_rows
from tests.support.webserver import running_site

TIMEOUT = 120  # a first view embeds the article's sentences
CITE = re.compile(r'<a class="cite" href="(#s-[0-9-]+)" data-cite="[^"]+" data-quote="([^"]*)"')
OUR_ID = re.compile(r"s-\d+-\d+\Z")
BASE = "https://example.org/news/story"


def test_every_anchor_is_its_sentence_verbatim_and_every_citation_lands_on_one(
    settings: Settings, store: Store
) -> None:
    stored = store_corpus(store, limit=12)
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed", 0) == 0, report.by_status
    with store.session() as session:
        texts = article_texts(session, article_ids=list(range(1, stored + 1)))
    assert len(texts) == stored
    with running_site(settings, store) as base:
        pages = {
            t.id: httpx.get(f"{base}/article/{t.id}", follow_redirects=True, timeout=TIMEOUT)
            for t in texts
        }
    cites = 0
    for article in texts:
        page = pages[article.id]
        assert page.status_code == 200
        body = article_body(page.text)
        assert mismatches(body, article.text) == []
        # The corpus pages are plain paragraphs: every sentence gets its anchor.
        assert len(anchored(body)) == len(article_sentences(article.text))
        anchors = anchored(body)
        for href, quote in CITE.findall(page.text):
            cites += 1
            assert anchors[href[1:]] == fold(unescape(quote))
    assert cites >= 3 * len(texts)  # a summary and key points on every page


def _hostile_article(payload: str, number: int) -> str:
    return (
        f"<p>The council met on Monday to discuss harbour case {number}. {payload} "
        "The vote was close, officials said.</p>"
        "<p>Residents said they were pleased with the result of the vote.</p>"
    )


def _without_our_spans(markup: str) -> str:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for span in list(root.iter("span")):
        if span.get("class") == "sentence" and OUR_ID.match(span.get("id") or ""):
            span.drop_tag()
    return lxml.html.tostring(root, encoding="unicode")


@pytest.mark.parametrize("chunk", range(4))
def test_hostile_markup_stays_sanitised_with_anchors_added(chunk: int) -> None:
    vectors = load_vectors()[chunk::4]
    for number, vector in enumerate(vectors):
        clean = sanitize_html(_hostile_article(vector.payload, number), base_url=BASE)
        text = html_to_text(clean)
        out = anchor_sentences(clean, text)
        assert executable_parts(out) == [], vector.name
        assert mismatches(out, text) == [], vector.name
        assert anchored(out), f"{vector.name}: no sentence anchored"
        # Only our spans were added: the markup and text are otherwise the sanitised ones.
        assert _without_our_spans(out) == _without_our_spans(clean), vector.name
        ids = re.findall(r'\sid="([^"]*)"', out)
        assert len(ids) == len(set(ids)) and all(OUR_ID.match(i) for i in ids), vector.name


def test_a_hostile_article_page_is_sanitised_and_anchored(settings: Settings, store: Store) -> None:
    payloads = " ".join(v.payload for v in load_vectors()[:60])
    clean = sanitize_html(_hostile_article(payloads, 0), base_url=BASE)
    row = {
        "id": "hostile-1",
        "url": BASE,
        "source": "Example News",
        "title": "Council votes on the harbour",
        "text": html_to_text(clean),
        "html": clean,
    }
    article_id = load_rows(store, [row])["hostile-1"]
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True, timeout=TIMEOUT)
    assert page.status_code == 200
    body = article_body(page.text)
    assert executable_parts(body) == []
    assert mismatches(body, row["text"]) == []
    assert "s-1-0" in anchored(body)  # the paragraph after the payloads
