"""Entity rules: one spelling per thing, no titles, dates or sentence-opening words."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import extract

CASES = [
    pytest.param(
        "Xi meets Biden",
        "Chinese President Xi Jinping met Joe Biden on Monday. Later, President Xi said more.",
        {"Xi Jinping": "person", "Joe Biden": "person"},
        id="titles-stripped-short-form-joins-full-name",
    ),
    pytest.param(
        "Trade talks",
        "The World Trade Organization (WTO) met in Geneva. Members of the WTO agreed.",
        {"World Trade Organization": "org", "Geneva": "place"},
        id="acronym-joins-its-name",
    ),
    pytest.param(
        "Storm hits coast",
        "U.S. officials and British ministers spoke. The US embassy in Tokyo was closed.",
        {"United States": "place", "United Kingdom": "place", "Tokyo": "place"},
        id="country-short-forms-and-demonyms",
    ),
    pytest.param(
        "Microsoft CEO Steve Ballmer speaks",
        "Microsoft CEO Steve Ballmer spoke in Seattle.",
        {"Microsoft": "topic", "Steve Ballmer": "person", "Seattle": "place"},
        id="title-inside-span-splits-it",
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_entities_have_one_spelling_and_a_kind(
    title: str, text: str, expected: dict[str, str]
) -> None:
    found = {e.name: e.kind for e in extract(title, text)}
    for name, kind in expected.items():
        assert name in found, f"{name} not in {found}"
        if kind != "topic":
            assert found[name] == kind


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("Twin bombings hit the city on Monday.", "Twin", id="sentence-opening-word"),
        pytest.param("It happened on Monday, January 5.", "January", id="date"),
        pytest.param("However, Reuters said so.", "However", id="stop-word"),
        pytest.param("Mr. said nothing.", "Mr", id="title-alone"),
    ],
)
def test_no_entity_from_ordinary_words(text: str, absent: str) -> None:
    assert absent not in {e.name for e in extract("", text)}


def test_salience_favours_the_title_and_repetition() -> None:
    text = "Paris hosted talks. Paris was calm. A visitor from Lyon came."
    ranked = [e.name for e in extract("Talks in Paris", text)]
    assert ranked.index("Paris") < ranked.index("Lyon")


def test_a_title_counts_a_name_only_as_written() -> None:
    text = "The storm hit Hope hard, and people in Hope said so."
    found = {e.name: e for e in extract("Storm leaves a town without hope", text)}
    assert "Hope" in found and not found["Hope"].in_title
    shouted = {e.name: e for e in extract("STORM HITS HOPE", text)}
    assert shouted["Hope"].in_title
