"""The story summary across outlets as a reader sees it, in Debian's Chromium, with axe-core.

The site holds real coverage of two events by several outlets, stored and analysed
(tests/support/coverage.py); the tsunami outlets' stories are merged into one, as the stories
step merges stories that meet, so one page shows both shared points and differing figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from newsdesk.web.anchors import anchor_id
from tests.support import browser
from tests.support.coverage import (
    analysed_coverage,
    coverage_rows,
    merge_stories,
    story_id_of,
)
from tests.support.webserver import running_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

chromium = browser.chromium  # the browser fixture, registered for this module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    """The site's base URL, the tsunami story's id and the CentOS story's id."""
    tmp = tmp_path_factory.mktemp("story-digest-site")
    settings = Settings(data_dir=tmp, database_url=f"sqlite:///{tmp / 'newsdesk.db'}")
    store = open_store(settings)
    ids = analysed_coverage(settings, store)
    stories = {story_id_of(store, ids[o]) for o in ("Harbour Times", "Coastal Courier")}
    into = story_id_of(store, ids["Coastal Courier"])
    for other in stories - {into}:
        merge_stories(settings, store, into=into, other=other)
    with running_site(settings, store) as base:
        yield base, into, story_id_of(store, ids["Linux Ledger"])
    store.close()


def _open(chromium: Browser, url: str, **options: object) -> Page:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, **options)  # type: ignore[arg-type]
    return browser.open_page(context, url, timeout=120_000)


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_reader_sees_shared_points_and_follows_an_outlets_citation(
    chromium: Browser, site: tuple[str, int, int], script: bool
) -> None:
    base, _, story = site
    page = _open(chromium, f"{base}/story/{story}", java_script_enabled=script)
    try:
        digest = page.get_by_role("region", name="What the outlets report")
        assert "Drawn from the outlets' articles" in digest.locator(".ai-label").inner_text()
        points = digest.locator(".digest-points > li")
        assert points.count() >= 1
        cites = points.first.locator("a.cite")
        names = [n.strip("[]") for n in cites.all_inner_texts()]
        assert len(set(names)) == len(names) >= 2  # one per outlet reporting it
        titles = {row["source"]: row["title"] for row in coverage_rows()}
        cite = cites.nth(1).get_attribute("data-cite") or ""
        cites.nth(1).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == titles[names[1]]
        # It lands on the cited sentence, which the :target rule lights up.
        target = page.locator(".article-body span.sentence:target")
        assert target.get_attribute("id") == anchor_id(cite.split("/")[1])
        assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    finally:
        page.context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_reader_sees_differing_figures_side_by_side_and_follows_a_version(
    chromium: Browser, site: tuple[str, int, int], script: bool
) -> None:
    base, story, _ = site
    page = _open(chromium, f"{base}/story/{story}", java_script_enabled=script)
    try:
        digest = page.get_by_role("region", name="What the outlets report")
        versions = digest.locator(".versions").first.locator(".version")
        assert versions.count() == 2
        names = versions.locator("figcaption").all_inner_texts()
        assert len(set(names)) == 2
        left, right = (versions.nth(i).bounding_box() for i in (0, 1))
        assert left and right and left["y"] == right["y"] and left["x"] < right["x"]
        # Follow the second version's citation: its outlet's article opens.
        titles = {row["source"]: row["title"] for row in coverage_rows()}
        versions.nth(1).locator("a.cite").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == titles[names[1]]
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_story_summary_has_no_serious_accessibility_violations(
    chromium: Browser, site: tuple[str, int, int], scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base, *stories = site
    violations = []
    for story in stories:  # differing figures; shared points
        page = _open(chromium, f"{base}/story/{story}", color_scheme=scheme)
        try:
            assert page.locator(".story-digest li").count() >= 1
            violations += Axe().run(page).response["violations"]
        finally:
            page.context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def test_story_summary_fits_a_phone(chromium: Browser, site: tuple[str, int, int]) -> None:
    base, story, _ = site
    page = _open(chromium, f"{base}/story/{story}")
    try:
        page.set_viewport_size({"width": 360, "height": 800})
        versions = page.locator(".story-digest .version")
        top, under = (versions.nth(i).bounding_box() for i in (0, 1))
        overflow = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.context.close()
    assert overflow <= 360, f"the story page scrolls sideways on a phone ({overflow}px wide)"
    assert top and under and under["y"] > top["y"]  # the versions stack on a narrow screen
