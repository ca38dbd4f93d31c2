"""Which sentences cannot stand alone, on a real Wikinews article (the answers gold set's first)."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.generate.context import needs_context, points_back, quote_pieces
from newsdesk.generate.sentences import article_sentences

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
    assert lede.text.startswith("On Thursday night") and 0 not in needs_context(sentences)
