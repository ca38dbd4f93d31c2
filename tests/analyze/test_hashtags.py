"""Hashtags: CamelCase, 3–8, never a stop word, a date or a number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import MAX_TAGS, MIN_TAGS, acceptable, camel, hashtags
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


@pytest.mark.parametrize("label", ["the", "2004", "December", "12,000", "a", "However"])
def test_never_a_stop_word_date_or_number(label: str) -> None:
    assert not acceptable(label)


def test_real_articles_get_3_to_8_clean_hashtags() -> None:
    rows = [json.loads(line) for line in EVAL.read_text().splitlines()[:60]]
    for row in rows:
        tags = hashtags(extract(row["title"], row["text"]), row["text"])
        assert MIN_TAGS <= len(tags) <= MAX_TAGS, (row["title"], tags)
        for tag in tags:
            assert tag.tag.lower() not in STOP_WORDS and tag.tag not in MONTHS_AND_DAYS
            assert not tag.tag.isdigit() and len(tag.tag) >= 2
        assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)


def test_topics_fill_in_when_names_are_few() -> None:
    text = (
        "the rare earths market grew. prices of rare earths rose. rare earths mining expanded. "
        "mining firms said rare earths demand was strong and mining output rose."
    )
    labels = [t.label for t in hashtags(extract("", text), text)]
    assert "rare earths" in labels
