"""Hashtags: CamelCase, at most 8, confident ones only, never a stop word, a date or a number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import MAX_TAGS, acceptable, camel, hashtags
from newsdesk.analyze.lexicon import MONTHS_AND_DAYS, STOP_WORDS

EVAL = Path(__file__).parent.parent / "data" / "eval" / "hashtags.jsonl"


@pytest.mark.parametrize(
    ("label", "tag"),
    [
        pytest.param("Xi Jinping", "XiJinping", id="person"),
        pytest.param("rare earths", "RareEarths", id="topic"),
        pytest.param("Luiz Inácio Lula da Silva", "LuizInacioLulaDaSilva", id="accents"),
        pytest.param("NASA", "NASA", id="acronym"),
        pytest.param("Amazon.com", "Amazoncom", id="punctuation"),
    ],
)
def test_camel_case(label: str, tag: str) -> None:
    assert camel(label) == tag


@pytest.mark.parametrize("label", ["the", "2004", "December", "12,000", "a", "However", "Mt"])
def test_never_a_stop_word_date_or_number(label: str) -> None:
    assert not acceptable(label)


def test_real_articles_get_1_to_8_clean_hashtags() -> None:
    rows = [json.loads(line) for line in EVAL.read_text().splitlines()[:60]]
    counts = []
    for row in rows:
        tags = hashtags(extract(row["title"], row["text"]), row["text"])
        assert 1 <= len(tags) <= MAX_TAGS, (row["title"], tags)
        counts.append(len(tags))
        for tag in tags:
            assert tag.tag.lower() not in STOP_WORDS and tag.tag not in MONTHS_AND_DAYS
            assert not tag.tag.isdigit() and len(tag.tag) >= 2
        assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    # Fewer than 3 only where the article has fewer things worth following, not as a rule.
    assert any(n >= 3 for n in counts) and 1.5 <= sum(counts) / len(counts) <= 4


def _tags(title: str, text: str) -> list[str]:
    return [t.tag for t in hashtags(extract(title, text), text)]


def test_a_name_seen_once_in_passing_is_not_a_tag() -> None:
    text = (
        "France will ban the sale of petrol cars by 2035, the French government said. "
        "The plan was welcomed by Marie Dupont, a teacher in Lyon. France is the second "
        "country in Europe to set such a date."
    )
    tags = _tags("France to ban petrol cars", text)
    assert tags[0] == "France"
    assert "MarieDupont" not in tags


def test_a_city_lends_weight_to_its_country() -> None:
    text = (
        "A car bomb exploded in Baghdad on Sunday. Police in Baghdad said ten people died. "
        "Baghdad has seen several attacks this year, the government of Iraq said."
    )
    tags = _tags("Car bomb kills ten in Baghdad", text)
    assert tags[0] == "Iraq"


def test_a_body_named_after_a_place_points_to_its_country() -> None:
    text = (
        "The Illinois Supreme Court rejected the appeal. The Illinois Supreme Court said the "
        "governor must stand trial. Lawyers in the United States called it a landmark."
    )
    assert "UnitedStates" in _tags("Court rejects governor's appeal", text)


def test_topics_fill_in_when_names_are_few() -> None:
    text = (
        "the rare earths market grew. prices of rare earths rose. rare earths mining expanded. "
        "mining firms said rare earths demand was strong and mining output rose."
    )
    labels = [t.label for t in hashtags(extract("", text), text)]
    assert "rare earths" in labels


def test_a_person_named_like_a_place_implies_no_country() -> None:
    text = (
        "Jordan Henderson scored twice. Jordan Henderson said the team played well. "
        "Liverpool won 3-0 at home."
    )
    assert "Jordan" not in _tags("Jordan Henderson scores twice", text)


def test_a_title_case_headline_without_text_still_gets_its_places() -> None:
    title = "Germany's Dependence On Russian Gas Worries Europe"
    assert set(_tags(title, "")) == {"Germany", "Russia", "Europe"}


def test_a_short_country_name_folds_into_the_country_the_article_names() -> None:
    text = (
        "South Korea said on Monday it would hold talks. Korean officials met in Seoul, and "
        "South Korea's president spoke. Korean media reported the talks."
    )
    tags = _tags("South Korea to hold talks", text)
    assert "SouthKorea" in tags and "Korea" not in tags


def test_two_countries_whose_names_overlap_stay_two() -> None:
    text = (
        "Sudan and South Sudan signed an oil deal. Sudan will carry South Sudan's oil, and "
        "South Sudan will pay Sudan a fee."
    )
    assert {"Sudan", "SouthSudan"} <= set(_tags("Sudan and South Sudan sign oil deal", text))


def test_dates_and_stop_words_never_become_tags_even_when_repeated() -> None:
    text = (
        "On Monday, December 22, 2004, Mozambique held a vote. The December 22 vote was the "
        "first since 1999. However, on Monday the results were late. However, the election on "
        "December 22 was calm. The The election commission of Mozambique met on Monday."
    )
    title = "Monday December 22 election: However The 2004 vote in Mozambique"
    tags = _tags(title, text)
    assert "Mozambique" in tags
    for tag in tags:
        words = {w.lower() for w in re.findall(r"[A-Z][a-z]*|\d+", tag)}
        assert not words <= STOP_WORDS | {m.lower() for m in MONTHS_AND_DAYS}, tag
        assert not any(w.isdigit() for w in words), tag
