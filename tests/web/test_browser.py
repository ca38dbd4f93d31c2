"""The site as a reader uses it, in Debian's Chromium: pages, journeys, keyboard, axe-core.

One site per module, loaded with real Wikinews articles through the store's write path.
Screenshots of every page type at phone and desktop width land in tests/artifacts/ for a
person to look at; the tests assert behaviour, never looks or timings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from tests.support import browser
from tests.support.corpus import store_corpus, store_republications
from tests.support.webserver import running_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

chromium = browser.chromium  # the browser fixture, registered for this module

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
TOKEN = "browser-test-admin-token"
WIDTHS = (360, 1280)
SHOT_HEIGHT = 1600  # the top of each page: what a reader sees first, small enough to look at
KINDS = ["front", "article", "search", "source", "story", "hashtag", "entity", "section"]
KINDS += ["admin", "not-found"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-site")
    settings = Settings(
        data_dir=tmp,
        database_url=f"sqlite:///{tmp / 'newsdesk.db'}",
        admin_token=TOKEN,
        poll_every_seconds=0,
    )
    store = open_store(settings)
    # Stored first, so the newest stored (the front page's first cards) are Wikinews's own.
    store_republications(store, limit=120, count=8)
    store_corpus(store, limit=120)
    # The real analysis, as `newsdesk demo` runs it: stories, copies, sections, hashtags,
    # related; so every block and page type shows what a reader would see.
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed", 0) == 0, report.by_status
    with running_site(settings, store) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def paths(site: str) -> dict[str, str]:
    """One URL of each page type."""
    latest = httpx.get(site + "/api/v1/articles").json()["articles"]
    article = httpx.get(f"{site}/article/{latest[0]['id']}", follow_redirects=True)
    source = httpx.get(f"{site}/source/{latest[0]['source_id']}", follow_redirects=True)
    front = httpx.get(site + "/api/v1/front").json()
    story = front["stories"][0]
    tag = next(t for s in front["stories"] for t in s["hashtags"])["tag"]
    entity = next(t["entity"] for t in _all_hashtags(site, latest) if t["entity"])
    return {
        "front": "/",
        "article": article.url.path,
        "search": "/search?q=police+arrested",
        "source": source.url.path,
        "story": f"/story/{story['id']}",
        "hashtag": f"/hashtag/{tag}",
        "entity": f"/entity/{entity}",
        "section": f"/section/{front['sections'][0]['slug']}",
        "admin": "/admin",
        "not-found": "/article/999999/nothing",
    }


def _all_hashtags(site: str, articles: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for article in articles:
        yield from httpx.get(f"{site}/api/v1/articles/{article['id']}").json()["hashtags"]


def _context(chromium: Browser, width: int = 1280, **options: object) -> BrowserContext:
    return chromium.new_context(
        viewport={"width": width, "height": 900},
        extra_http_headers={"X-Admin-Token": TOKEN},
        **options,  # type: ignore[arg-type]
    )


def test_reader_goes_from_front_page_to_article_to_source_to_search(
    chromium: Browser, site: str
) -> None:
    context = _context(chromium)
    try:
        page = browser.open_page(context, site + "/")
        cards = page.locator(".card h3 a")
        assert cards.count() >= 20
        title = cards.first.inner_text()
        cards.first.click()
        page.wait_for_load_state()
        # The article: every block with data shows real content.
        assert page.locator("h1").inner_text() == title
        assert page.locator(".article-body p").count() >= 2
        assert len(page.locator(".article-body").inner_text()) > 300
        assert "Wikinews" in page.locator(".attribution").inner_text()
        original = page.get_by_role("link", name="Read the original at Wikinews")
        assert (original.get_attribute("href") or "").startswith("https://en.wikinews.org/")
        assert page.locator("time[datetime]").count() >= 1
        # Follow the source.
        page.locator(".article-header a.source").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Wikinews"
        assert page.locator(".feeds-table tbody tr").count() >= 1
        assert page.locator(".card").count() >= 10
        # Search from the masthead.
        page.get_by_role("searchbox", name="Search articles").fill("police")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert "police" in page.get_by_role("status").inner_text()
        assert page.locator(".card mark").count() >= 1
        first = page.locator(".card h3 a").first
        first_title = first.inner_text()
        first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == first_title
    finally:
        context.close()


def test_reader_follows_a_story_to_an_article_to_a_hashtag_to_search(
    chromium: Browser, site: str
) -> None:
    context = _context(chromium)
    try:
        page = browser.open_page(context, site + "/")
        # A top story, covered by more than one outlet: follow it.
        covered = page.locator(".story-card .outlets a[href^='/story/']").first
        assert "Covered by 2 outlets" in covered.inner_text()
        covered.click()
        page.wait_for_load_state()
        assert page.locator(".kicker").inner_text().lower() == "story"
        assert page.locator(".outlet").count() >= 1
        assert page.locator(".timeline li").count() >= 2
        assert page.locator(".copies li").count() >= 1  # the republication, folded
        assert page.locator(".facts time[datetime]").count() == 2
        # Open an article of the story: every block shows real content.
        link = page.locator(".coverage-title").first
        title = link.inner_text()
        link.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == title
        assert page.locator(".block.story a[href^='/story/']").count() == 1
        assert "covered by 2 outlets" in page.locator(".block.story").inner_text()
        assert page.locator(".block.provenance").count() == 1
        tags = page.locator(".block.hashtags a")
        assert tags.count() >= 1  # only confident hashtags: often fewer than 3
        assert all(t.startswith("#") and len(t) > 2 for t in tags.all_inner_texts())
        assert page.locator(".related .card h3 a").count() >= 1
        assert len(page.locator(".related .card .snippet").first.inner_text()) > 40
        summary = page.locator(".ai-panel .ai-summary li")
        assert summary.count() >= 1 and len(summary.first.inner_text()) > 40
        # Follow a hashtag: its page lists cards, among them this article.
        tag = tags.first.get_attribute("href") or ""
        tags.first.click()
        page.wait_for_load_state()
        assert page.url.endswith(tag)
        assert page.locator("h1").inner_text().startswith("#")
        assert page.locator(".card").count() >= 1
        assert title in page.locator(".card h3 a").all_inner_texts()
        assert page.locator(".card .meta .source").count() >= 1
        # And search for the story's words from the masthead.
        words = [w for w in re.findall(r"\w+", title) if len(w) > 3][:4]
        page.get_by_role("searchbox", name="Search articles").fill(" ".join(words))
        page.keyboard.press("Enter")
        page.wait_for_url("**/search?*")
        assert page.locator(".card mark").count() >= 1
        assert title in page.locator(".card h3 a").all_inner_texts()
    finally:
        context.close()


def test_entity_and_section_pages_show_their_articles(
    chromium: Browser, site: str, paths: dict[str, str]
) -> None:
    context = _context(chromium)
    try:
        page = browser.open_page(context, site + paths["entity"])
        assert page.locator(".kicker").inner_text().lower() in ("person", "organisation", "place")
        assert page.locator(".card").count() >= 1
        page = browser.open_page(context, site + paths["section"])
        assert (
            page.locator(".tabs a[aria-current='page']").inner_text()
            in page.locator("h1").inner_text()
        )
        assert page.locator(".card").count() >= 10
    finally:
        context.close()


def test_the_current_section_tab_is_in_view_on_a_phone(chromium: Browser, site: str) -> None:
    last = httpx.get(site + "/api/v1/front").json()["sections"][-1]["slug"]
    context = _context(chromium, width=360)
    try:
        page = browser.open_page(context, f"{site}/section/{last}")
        box = page.locator(".tabs a[aria-current='page']").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("scrollY") == 0
    finally:
        context.close()


def test_older_articles_load_in_place(chromium: Browser, site: str) -> None:
    context = _context(chromium)
    try:
        page = browser.open_page(context, site + "/")
        before = page.locator(".card").count()
        page.get_by_role("link", name="Older articles").first.click()
        page.wait_for_function(f"document.querySelectorAll('.card').length > {before}")
        assert page.url.rstrip("/") == site  # htmx appended the next page, no navigation
        assert page.locator("time[data-ago]").last.get_attribute("title") != ""
    finally:
        context.close()


def test_keyboard_focus_is_visible(chromium: Browser, site: str) -> None:
    context = _context(chromium)
    try:
        page = browser.open_page(context, site + "/")
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.textContent")
        assert skip == "Skip to content"
        box = page.locator(".skip-link").bounding_box()
        assert box is not None and box["y"] >= 0  # on screen once focused
        for _ in range(6):
            page.keyboard.press("Tab")
            outline = page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
            )
            assert outline[0] != "none" and outline[1] >= 2, outline
    finally:
        context.close()


def test_theme_toggle_is_kept_across_pages(chromium: Browser, site: str) -> None:
    context = _context(chromium, color_scheme="light")
    try:
        page = browser.open_page(context, site + "/")
        toggle = page.get_by_role("button", name="Dark theme")
        toggle.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.goto(site + "/search")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.get_by_role("button", name="Light theme").get_attribute("aria-pressed") == (
            "true"
        )
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 18, 18)"
    finally:
        context.close()


def test_times_are_shown_in_the_readers_zone(chromium: Browser, site: str) -> None:
    context = _context(chromium, timezone_id="Asia/Tokyo", locale="en-GB")
    try:
        page = browser.open_page(context, site + "/")
        stamp = page.locator("time[data-ago]").first
        title = stamp.get_attribute("title") or ""
        assert "UTC" not in title  # the server's UTC title was replaced
        iso = stamp.get_attribute("datetime") or ""
        expected = page.evaluate(
            "(iso) => new Intl.DateTimeFormat(undefined, {dateStyle: 'long', timeStyle: 'short'})"
            ".format(new Date(iso))",
            iso,
        )
        assert title == expected
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_accessibility_violations(
    chromium: Browser, site: str, paths: dict[str, str], kind: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = _context(chromium, color_scheme=scheme)
    try:
        page = browser.open_page(context, site + paths[kind])
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_fits_and_is_photographed(
    chromium: Browser, site: str, paths: dict[str, str], kind: str, width: int
) -> None:
    context = _context(chromium, width=width)
    try:
        page = browser.open_page(context, site + paths[kind])
        overflow = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_HEIGHT)
        page.screenshot(
            path=str(ARTIFACTS / f"{kind}-{width}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
        )
        if kind == "article":  # the blocks under the body, below the first screenful
            top = page.evaluate(
                "document.querySelector('.attribution').getBoundingClientRect().top + scrollY"
            )
            bottom = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(
                path=str(ARTIFACTS / f"article-blocks-{width}.png"),
                full_page=True,
                clip={"x": 0, "y": top, "width": width, "height": min(bottom - top, SHOT_HEIGHT)},
            )
        missing_size = page.evaluate(
            "[...document.images].filter(i => !i.getAttribute('width') ||"
            " !i.getAttribute('height') || i.loading !== 'lazy').length"
        )
    finally:
        context.close()
    assert overflow <= width, f"{kind} scrolls sideways at {width}px ({overflow}px wide)"
    assert missing_size == 0
