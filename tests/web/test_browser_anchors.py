"""Following a citation to its sentence in Debian's Chromium, with JavaScript off and on.

Real Wikinews articles are stored and analysed; the article page's AI panel cites sentences.
With JS off, a citation is a plain link to `#s-P-S`: the sentence must become the :target
and the :target rule must light it up. With JS on, hovering the citation lights the same
anchor (class "cited"), and a click still lands on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from tests.support import browser
from tests.support.anchors import fold
from tests.support.corpus import store_corpus
from tests.support.webserver import running_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

chromium = browser.chromium  # the browser fixture, registered for this module
CLEAR = "rgba(0, 0, 0, 0)"
IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""
TARGET = "() => { const t = document.querySelector(':target'); return t ? t.id : null; }"


@pytest.fixture(scope="module")
def article_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("anchors-site")
    settings = Settings(data_dir=tmp, database_url=f"sqlite:///{tmp / 'newsdesk.db'}")
    store = open_store(settings)
    store_corpus(store, limit=6)
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed", 0) == 0, report.by_status
    with running_site(settings, store) as base:
        yield f"{base}/article/6"
    store.close()


def _open(chromium: Browser, url: str, *, script: bool) -> Page:
    """The page; motion reduced, so following a link jumps (the site scrolls smoothly else)."""
    context = chromium.new_context(
        reduced_motion="reduce", viewport={"width": 1280, "height": 900}, java_script_enabled=script
    )
    return browser.open_page(context, url, timeout=120_000)


def _background(locator: Locator) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))


def _last_key_point(page: Page) -> tuple[Locator, str, Locator]:
    """A key point's citation link, the anchor id it points at, and that anchor."""
    cite = page.locator(".ai-points a.cite").last
    href = cite.get_attribute("href") or ""
    assert href.startswith("#s-")
    sentence = page.locator(f".article-body span.sentence#{href[1:]}")
    assert sentence.count() == 1
    assert fold(sentence.inner_text()) == fold(cite.get_attribute("data-quote") or "")
    return cite, href[1:], sentence


def test_without_javascript_a_citation_lands_on_its_highlighted_sentence(
    chromium: Browser, article_url: str
) -> None:
    page = _open(chromium, article_url, script=False)
    try:
        cite, anchor, sentence = _last_key_point(page)
        assert page.evaluate(TARGET) is None and _background(sentence) == CLEAR
        cite.click()
        page.wait_for_function(f"() => location.hash === '#{anchor}'")
        assert page.evaluate(TARGET) == anchor
        assert _background(sentence) != CLEAR  # the :target rule lights it
        others = page.locator(".article-body span.sentence:not(:target)")
        assert others.count() >= 1 and _background(others.first) == CLEAR
        assert page.evaluate(IN_VIEW, anchor)  # scrolled into view (no smooth scroll: reduced)
    finally:
        page.context.close()


def test_with_javascript_hover_lights_the_cited_sentence_and_a_click_lands_on_it(
    chromium: Browser, article_url: str
) -> None:
    page = _open(chromium, article_url, script=True)
    try:
        cite, anchor, sentence = _last_key_point(page)
        assert _background(sentence) == CLEAR
        cite.hover()
        page.wait_for_function(
            f"() => document.getElementById('{anchor}').classList.contains('cited')"
        )
        # Lit at once: with reduced motion asked for, the highlight does not fade in (site.css).
        assert _background(sentence) != CLEAR
        assert page.locator(".cited").count() == 1  # the sentence, not its whole paragraph
        page.mouse.move(0, 0)
        page.wait_for_function("() => !document.querySelector('.cited')")
        cite.click()
        page.wait_for_function(f"() => location.hash === '#{anchor}'")
        assert page.evaluate(TARGET) == anchor and _background(sentence) != CLEAR
        page.wait_for_function(IN_VIEW, arg=anchor)
    finally:
        page.context.close()
