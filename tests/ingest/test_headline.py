"""A page's headline, repeated as the body's first heading, is not shown twice."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsdesk.ingest.clean import html_to_text
from newsdesk.ingest.extract import extract_page
from newsdesk.ingest.headline import without_repeated_headline

PAGES = Path(__file__).parents[1] / "data" / "pages"


def _page(name: str) -> tuple[str, str]:
    """The extracted body and the page's own title of a real labelled page."""
    raw = gzip.decompress((PAGES / f"{name}.html.gz").read_bytes())
    page = extract_page(raw, url="https://news.example/article")
    return page.html, page.title or ""


@pytest.mark.parametrize(
    ("name", "lede"),
    [
        pytest.param("laola1.at.barisic", "von Alexander Karper", id="same-h1"),
        # <title> adds " - La Stampa" to the <h2> the article opens with
        pytest.param("lastampa.it.temperature", "Piogge, temporali e nevicate", id="site-suffix"),
    ],
)
def test_a_first_heading_that_repeats_the_title_is_dropped(name: str, lede: str) -> None:
    body, title = _page(name)
    assert html_to_text(body).startswith(title.split(" - ")[0])  # the headline, then the lede
    kept, text = without_repeated_headline(body, html_to_text(body), title)
    assert text == html_to_text(kept) and text.startswith(lede)
    assert body.endswith(kept)  # only the heading went: the rest is byte for byte as it was


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("eawag.ch.elektron", id="section-label"),  # "News", above the story
        pytest.param("lapresse.tn.parite", id="other-heading"),  # a heading unlike the title
    ],
)
def test_a_first_heading_that_says_something_else_stays(name: str) -> None:
    body, title = _page(name)
    assert body.lstrip().startswith("<h")
    assert without_repeated_headline(body, html_to_text(body), title) == (body, html_to_text(body))


def test_a_body_that_is_only_its_headline_is_kept_whole() -> None:
    body = "<h1>Harbour reopens</h1>"
    assert without_repeated_headline(body, "Harbour reopens", "Harbour reopens") == (
        body,
        "Harbour reopens",
    )
