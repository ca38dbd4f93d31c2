"""Hashtag defects seen in the demo, each pinned on the real Wikinews article that showed it
(the bundled corpus), so that a rule that stops working fails here, not in a reader's view."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import hashtags
from newsdesk.analyze.institutions import Institution, institution, lone_generic
from tests.support.corpus import corpus


def _article(title: str) -> tuple[str, str]:
    found = next(a for a in corpus() if a.title == title)
    return found.title, "\n\n".join(found.paragraphs)


def _tags(title: str) -> list[str]:
    title, text = _article(title)
    return [t.tag for t in hashtags(extract(title, text), text, title)]


def test_an_honorific_inside_a_name_does_not_split_it() -> None:
    title, text = _article("Alleged 9-11 conspirators will confess and plead guilty")
    names = {e.name: e.mentions for e in extract(title, text)}
    # 'Khalid Sheikh Mohammed', 'Khalid Sheikh [Mohammed]' and 'said Mohammed': one person.
    assert names.get("Khalid Sheikh Mohammed", 0) >= 6
    assert "Khalid" not in names and "Mohammed" not in names
    assert "KhalidSheikhMohammed" in _tags(title)


def test_a_phrase_capitalised_for_emphasis_is_no_hashtag() -> None:
    # 'closed at a new All-time High' beside 'an All-time high': a phrase, not a name.
    tags = _tags("Indian Sensex reaches a New All-time High")
    assert "India" in tags
    assert not any("AllTime" in tag for tag in tags)


def test_a_generic_court_is_tagged_with_the_articles_country() -> None:
    # 'the Supreme Court' of an article about Chile is Chile's: #SupremeCourt would file
    # every country's court under one tag.
    tags = _tags("Pinochet arrested after Supreme Court ruling")
    assert "ChileSupremeCourt" in tags and "SupremeCourt" not in tags


def test_one_countrys_court_written_three_ways_is_one_tag() -> None:
    # 'Argentine Supreme Court', 'Supreme Court of Argentina' and 'the Supreme Court'.
    tags = _tags("Argentine Supreme Court declares Riveros pardon unconstitutional")
    assert sum("SupremeCourt" in tag for tag in tags) == 1, tags


def test_a_bare_generic_word_is_no_hashtag() -> None:
    # 'Union Home Minister', 'Union ministers': 'Union' is read as a name twice over, and
    # qualifies as a candidate; the generic-word rule is what keeps it out.
    title, text = _article(
        "India's Home Minister quits as first political fallout of Mumbai attacks"
    )
    union = next(e for e in extract(title, text) if e.name == "Union")
    assert union.mentions >= 2 and lone_generic(union.name)
    assert "Union" not in _tags(title)


@pytest.mark.parametrize(
    ("label", "country", "generic", "tag_label"),
    [
        ("Supreme Court", None, "Supreme Court", "Supreme Court"),
        ("US Supreme Court", "United States", "Supreme Court", "United States Supreme Court"),
        (
            "Supreme Court of the United States",
            "United States",
            "Supreme Court",
            "United States Supreme Court",
        ),
        ("Argentine Supreme Court", "Argentina", "Supreme Court", "Argentine Supreme Court"),
        ("Ministry of Defence", None, "Ministry of Defence", "Ministry of Defence"),
    ],
)
def test_generic_institutions_and_their_country(
    label: str, country: str | None, generic: str, tag_label: str
) -> None:
    assert institution(label) == Institution(country, generic, tag_label)


@pytest.mark.parametrize(
    "label", ["European Union", "Soviet Union", "Illinois Supreme Court", "Bank of England"]
)
def test_a_named_body_is_no_generic_institution(label: str) -> None:
    assert institution(label) is None and not lone_generic(label)
