"""The story page's summary across outlets, over real HTTP on an analysed site.

Real coverage (tests/support/coverage.py) is stored and analysed; the stories step makes the
stories. The page must show what the JSON twin says: each point with a link per outlet to the
article it cites, the differing figures side by side, and a plain line when there is nothing
to compare.
"""

from __future__ import annotations

import re
from html import unescape

import httpx

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.web.anchors import anchor_id, cite_href
from tests.support.anchors import anchored, article_body, fold
from tests.support.corpus import store_corpus, store_republications
from tests.support.coverage import (
    analysed_coverage,
    coverage_rows,
    merge_stories,
    story_id_of,
)
from tests.support.webserver import running_site

TIMEOUT = 120  # the first view embeds the outlets' sentences


def _digest_html(page: str) -> str:
    """The digest section of a story page, entities decoded."""
    found = re.search(r'<section class="ai-panel story-digest".*?</section>', page, re.DOTALL)
    assert found, "the story page has no digest section"
    return unescape(found.group())


def _cite_links(html: str) -> list[tuple[str, str]]:
    """(data-cite, outlet named in the link) of every citation link."""
    return re.findall(
        r'<a class="cite" href="[^"]*" data-cite="([^"]+)"[^>]*>\[([^\]]+)\]</a>', html
    )


def test_points_cite_each_outlet_and_lone_or_unshared_coverage_says_so(
    settings: Settings, store: Store
) -> None:
    ids = analysed_coverage(settings, store)
    centos = story_id_of(store, ids["Open Source Weekly"])
    assert story_id_of(store, ids["Linux Ledger"]) == centos
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/story/{centos}", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/stories/{centos}/summary", timeout=TIMEOUT).json()
        others = {
            httpx.get(f"{base}/api/v1/stories/{story}", timeout=TIMEOUT).json()["outlet_count"]: (
                httpx.get(f"{base}/story/{story}", timeout=TIMEOUT).text
            )
            for story in {story_id_of(store, ids[o]) for o in ("Harbour Times", "Relief Wire")}
            if story != centos
        }
        cited = {  # each outlet's cited article, as a reader following the link reaches it
            outlet: httpx.get(f"{base}{cite_href(cite)}", follow_redirects=True, timeout=TIMEOUT)
            for point in api["points"]
            for cite, outlet in zip(point["cites"], point["outlets"], strict=True)
        }
    assert page.status_code == 200 and api["points"]
    digest = _digest_html(page.text)
    assert "Drawn from the outlets' articles" in digest
    links = _cite_links(digest)
    for point in api["points"]:
        assert point["text"] in digest
        pairs = list(zip(point["cites"], point["outlets"], strict=True))
        assert len({outlet for _, outlet in pairs}) >= 2
        for cite, outlet in pairs:
            assert (cite, outlet) in links
            assert f'href="{cite_href(cite)}" data-cite="{cite}"' in digest
            assert cite_href(cite).startswith(f"/article/{cite.split('/')[0]}#s-")
    titles = {row["source"]: row["title"] for row in coverage_rows()}
    assert set(cited) == {"Open Source Weekly", "Linux Ledger"}
    for outlet, article in cited.items():
        assert article.status_code == 200 and titles[outlet] in unescape(article.text)
    # The link lands on the sentence: the cited article's page has the anchor, holding the
    # sentence verbatim (a point's text is its first cite's sentence).
    for point in api["points"]:
        for number, (cite, outlet) in enumerate(zip(point["cites"], point["outlets"], strict=True)):
            anchors = anchored(article_body(cited[outlet].text))
            assert anchor_id(cite.split("/")[1]) in anchors
            if number == 0:
                assert anchors[anchor_id(cite.split("/")[1])] == fold(point["text"])
    assert "Figures the outlets give differently" not in digest  # they do not disagree
    # Every other story of this coverage has one outlet, or outlets sharing no statement.
    assert others, "the tsunami coverage forms a story of its own"
    for outlets, other in others.items():
        line = (
            "Only one outlet covers this story so far"
            if outlets == 1
            else "no statement appears in more than one of their articles"
        )
        assert line in _digest_html(other) and not _cite_links(_digest_html(other))


def test_differing_figures_are_shown_side_by_side_with_both_outlets_cited(
    settings: Settings, store: Store
) -> None:
    ids = analysed_coverage(settings, store)
    harbour, courier = (story_id_of(store, ids[o]) for o in ("Harbour Times", "Coastal Courier"))
    if harbour != courier:
        merge_stories(settings, store, into=courier, other=harbour)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/story/{courier}", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/stories/{courier}/summary", timeout=TIMEOUT).json()
    assert page.status_code == 200 and api["differences"]
    digest = _digest_html(page.text)
    differences = digest.split("Figures the outlets give differently", 1)[1]
    blocks = re.findall(r'<li class="versions">(.*?)</li>', differences, re.DOTALL)
    assert len(blocks) == len(api["differences"])
    for block, difference in zip(blocks, api["differences"], strict=True):
        figures = re.findall(r"<figcaption>(.*?)</figcaption>", block)
        assert figures == [v["outlet"] for v in difference["versions"]]
        for version in difference["versions"]:
            assert version["text"] in block
            assert (version["cites"][0], version["outlet"]) in _cite_links(block)
    assert any("60,000" in b and "80,000" in b for b in blocks)


def test_a_story_whose_other_coverage_republishes_one_article_says_so(
    settings: Settings, store: Store
) -> None:
    # A second outlet republishing Wikinews articles: two outlets, but one account.
    store_republications(store, limit=20, count=2)
    store_corpus(store, limit=20)
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed", 0) == 0, report.by_status
    with running_site(settings, store) as base:
        story = next(
            s for s in httpx.get(f"{base}/api/v1/front").json()["stories"] if s["outlet_count"] > 1
        )
        page = httpx.get(f"{base}/story/{story['id']}", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/stories/{story['id']}/summary", timeout=TIMEOUT).json()
    assert page.status_code == 200 and api["outlets"] == ["Wikinews"] and not api["points"]
    digest = _digest_html(page.text)
    assert "Only Wikinews reports this story in its own words" in digest
    assert not _cite_links(digest)
