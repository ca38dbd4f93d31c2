"""Which sentences cannot stand alone, and what they lean on, on real Wikinews articles."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.generate.context import (
    leans_on,
    opens_aside,
    points_back,
    quote_pieces,
)
from newsdesk.generate.sentences import Sentence, article_sentences
from tests.support.corpus import corpus_rows

GOLD = Path(__file__).parents[1] / "data/eval/answers.jsonl"


def _first_article() -> str:
    first = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    return str(first["text"])


def test_sentences_inside_a_running_quotation_are_pieces() -> None:
    sentences = article_sentences(_first_article())
    pieces = {sentences[i].text for i in quote_pieces(sentences)}
    assert "But then he disappeared." in pieces
    assert any(s.startswith('"I saw the gunman') for s in pieces)  # opens, does not close
    assert not any(s.startswith("On Thursday night") for s in pieces)


def test_a_sentence_that_points_back_needs_its_context() -> None:
    sentences = article_sentences(_first_article())
    by_start = {s.text.split()[0]: s for s in sentences}
    assert points_back(by_start["He"])
    lede = sentences[0]
    assert lede.text.startswith("On Thursday night") and 0 not in leans_on(sentences)


def _gold(title_start: str) -> list[Sentence]:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["title"].startswith(title_start):
            return article_sentences(str(row["text"]))
    raise AssertionError(title_start)


def _leaning(title_start: str) -> tuple[list[Sentence], dict[str, str | None]]:
    """A bundled article's sentences, and each leaning sentence's text → its antecedent's."""
    row = corpus_rows(title_start)[0]
    sentences = article_sentences(row["text"])
    needs = leans_on(sentences, row["title"])
    return sentences, {
        sentences[i].text: None if on is None else sentences[on].text for i, on in needs.items()
    }


def test_a_he_before_anyone_is_named_leans_on_the_sentence_before() -> None:
    _, leaning = _leaning("Finland considers tougher gun laws")
    before = leaning["There is also evidence he attempted to set the building on fire."]
    assert before == "He later died in hospital."
    # a name ahead of the pronoun reads alone, wherever the name comes from
    assert not any(
        s.startswith(("Auvinen had obtained", "Nine people, including")) for s in leaning
    )


def test_a_pronoun_in_an_opening_phrase_may_name_its_person_after_the_comma() -> None:
    sentences = _gold("No reprieve for Stanley Williams")
    following = next(i for i, s in enumerate(sentences) if s.text.startswith("Following his"))
    assert following not in leans_on(sentences, "No reprieve for Stanley Williams")


def test_the_noun_the_sentence_before_brought_in_leans_on_it() -> None:
    _, leaning = _leaning("Australian Defence Force faces a mass of sexual abuse lawsuits")
    # "a man told the Vietnam Veterans Association he was beaten" comes first, then:
    line = "The beatings included being sexually abused with a mop handle according to the man."
    assert (leaning[line] or "").startswith("This move is in light of similar investigations")


def test_what_the_lede_brought_in_is_known() -> None:
    sentences = _gold("Notre Dame in Paris catches fire")
    spire = next(i for i, s in enumerate(sentences) if s.text.startswith("The spire and"))
    assert spire not in leans_on(sentences, "Notre Dame in Paris catches fire")


def test_a_side_story_s_next_line_leans_on_the_switch_to_it() -> None:
    sentences, leaning = _leaning("Finland considers tougher gun laws")
    aside = leaning['Police say they are treating the incident as a "bad joke".'] or ""
    assert aside.startswith("In related news, police are investigating")
    assert aside not in leaning  # the switch itself reads alone (salience marks it down)
    assert opens_aside(next(s for s in sentences if s.text == aside))


def test_a_reply_leans_on_its_question() -> None:
    _, leaning = _leaning("Open source game developer Perttu Ahola talks about Minetest")
    assert "Well, we of course have an issue list and PR [pull request] list on GitHub." in leaning
