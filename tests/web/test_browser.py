"""The site as a reader uses it, in Debian's Chromium: pages, journeys, keyboard, axe-core.

One site per module, loaded with real Wikinews articles through the store's write path.
Screenshots of every page type at phone and desktop width land in tests/artifacts/ for a
person to look at; the tests assert behaviour, never looks or timings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from tests.support import browser
from tests.support.corpus import store_corpus
from tests.support.webserver import running_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

chromium = browser.chromium  # the browser fixture, registered for this module

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
TOKEN = "browser-test-admin-token"
WIDTHS = (360, 1280)
SHOT_HEIGHT = 1600  # the top of each page: what a reader sees first, small enough to look at


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
    store_corpus(store, limit=120)
    with running_site(settings, store) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def paths(site: str) -> dict[str, str]:
    """One URL of each page type."""
    latest = httpx.get(site + "/api/v1/articles").json()["articles"]
    article = httpx.get(f"{site}/article/{latest[0]['id']}", follow_redirects=True)
    source = httpx.get(f"{site}/source/{latest[0]['source_id']}", follow_redirects=True)
    return {
        "front": "/",
        "article": article.url.path,
        "search": "/search?q=police+arrested",
        "source": source.url.path,
        "admin": "/admin",
        "not-found": "/article/999999/nothing",
    }


def _context(chromium: Browser, width: int = 1280, **options: object) -> BrowserContext:
    return chromium.new_context(
        viewport={"width": width, "height": 900},
        extra_http_headers={"X-Admin-Token": TOKEN},
        **options,  # type: ignore[arg-type]
    )


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    assert not errors, f"script errors on {url}: {errors}"
    return page


def test_reader_goes_from_front_page_to_article_to_source_to_search(
    chromium: Browser, site: str
) -> None:
    context = _context(chromium)
    try:
        page = _open(context, site + "/")
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


def test_older_articles_load_in_place(chromium: Browser, site: str) -> None:
    context = _context(chromium)
    try:
        page = _open(context, site + "/")
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
        page = _open(context, site + "/")
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
        page = _open(context, site + "/")
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
        page = _open(context, site + "/")
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
@pytest.mark.parametrize("kind", ["front", "article", "search", "source", "admin", "not-found"])
def test_no_serious_accessibility_violations(
    chromium: Browser, site: str, paths: dict[str, str], kind: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = _context(chromium, color_scheme=scheme)
    try:
        page = _open(context, site + paths[kind])
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
@pytest.mark.parametrize("kind", ["front", "article", "search", "source", "admin", "not-found"])
def test_every_page_fits_and_is_photographed(
    chromium: Browser, site: str, paths: dict[str, str], kind: str, width: int
) -> None:
    context = _context(chromium, width=width)
    try:
        page = _open(context, site + paths[kind])
        overflow = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_HEIGHT)
        page.screenshot(
            path=str(ARTIFACTS / f"{kind}-{width}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
        )
        missing_size = page.evaluate(
            "[...document.images].filter(i => !i.getAttribute('width') ||"
            " !i.getAttribute('height') || i.loading !== 'lazy').length"
        )
    finally:
        context.close()
    assert overflow <= width, f"{kind} scrolls sideways at {width}px ({overflow}px wide)"
    assert missing_size == 0
