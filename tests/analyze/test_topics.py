"""Topic tags: from a general list, as whole ordinary words, and only to lift two tags to three."""

from __future__ import annotations

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import acceptable, hashtags
from newsdesk.analyze.topics import article_topics, forms

TWO_COUNTRIES = (
    "Voters in Mozambique went to the polls on Sunday. Observers from Portugal watched the "
    "election closely. Mozambique's election commission said the election was calm, and "
    "Portugal praised the election. Mozambique will announce the election results on Friday."
)


def _tags(title: str, text: str) -> list[str]:
    return [t.tag for t in hashtags(extract(title, text), text, title)]


def test_every_listed_topic_makes_an_acceptable_hashtag() -> None:
    labels = set(forms().values())
    assert len(labels) >= 150
    assert all(acceptable(label) for label in labels)


def test_a_topic_counts_as_a_whole_ordinary_word_only() -> None:
    text = (
        "The Labour Party met. Labour Party leaders spoke. The Labour Party voted. The "
        "Labour Party left. He was electioneering, and the electorate was bored."
    )
    assert article_topics("Party conference ends", text) == []


def test_a_topic_in_the_title_needs_the_text_to_name_it_again() -> None:
    assert article_topics("Election called", "The president spoke to reporters.") == []
    labels = [label for label, _ in article_topics("Election called", "The election is soon.")]
    assert labels == ["Elections"]


def test_a_topic_lifts_an_article_with_two_tags_to_three() -> None:
    tags = _tags("Mozambique votes", TWO_COUNTRIES)
    assert set(tags[:2]) == {"Mozambique", "Portugal"}
    assert tags[2:] == ["Elections"]


def test_no_topic_when_the_names_already_give_three_tags_or_only_one() -> None:
    three = TWO_COUNTRIES + " Observers from Brazil came too, and Brazil said the vote was fair."
    tags = _tags("Mozambique, Portugal and Brazil", three)
    assert len(tags) >= 3 and "Elections" not in tags
    one = (
        "Mozambique held an election on Sunday. The election was calm, Mozambique said, and "
        "the election result is due. Turnout in the election was high."
    )
    assert _tags("Mozambique votes", one) == ["Mozambique"]


def test_a_word_with_another_sense_needs_its_longer_form() -> None:
    text = (
        "Air strikes hit the town. A second strike followed, and a suicide bomber struck. "
        "Another strike hit the market; the strike killed four. There was no space left."
    )
    labels = [label for label, _ in article_topics("Air strikes hit town", text)]
    assert "Labour strikes" not in labels and "Space exploration" not in labels
    assert "Suicide" not in labels
