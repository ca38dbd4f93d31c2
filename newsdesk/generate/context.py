"""Which sentences cannot stand alone: a summary line must read without the one before it.

Two kinds, both found by how the sentence opens and where it sits, not by what it says:
- a piece of a quotation that runs over several sentences ("... whatsoever," Reeves said.
  begins inside a quote; "We need to get this killer off the street. opens one it does not
  close): out of its quote it misleads;
- a sentence that opens by pointing back ("He had pled guilty", "This comes after", "It had
  departed"): without its antecedent the reader does not know who or what.
Answers may still quote them (a reader asked, and the citation shows where they stand).
"""

from __future__ import annotations

import re

from newsdesk.generate.sentences import Sentence

_POINTS_BACK = re.compile(
    r"^(?:he|she|it|they|this|these|those|that|his|her|its|their|him|them|such|"
    r"also|however|but|and|meanwhile|instead|then)\b(?!-)",
    re.IGNORECASE,
)


def quote_pieces(sentences: list[Sentence]) -> set[int]:
    """Indexes of sentences that begin inside, or leave open, a quotation of their paragraph."""
    pieces: set[int] = set()
    open_quote = False
    paragraph = -1
    for index, sentence in enumerate(sentences):
        if sentence.paragraph != paragraph:
            paragraph, open_quote = sentence.paragraph, False
        started_inside = open_quote
        open_quote = _still_open(sentence.text, open_quote)
        if started_inside or open_quote:
            pieces.add(index)
    return pieces


def _still_open(text: str, open_quote: bool) -> bool:
    """Whether a quotation is open after `text`, given whether it was open before."""
    for char in text:
        if char == '"':
            open_quote = not open_quote
        elif char == "“":
            open_quote = True
        elif char == "”":
            open_quote = False
    return open_quote


def points_back(sentence: Sentence) -> bool:
    """Whether the sentence opens with a word that needs the sentence before it."""
    return _POINTS_BACK.match(sentence.text.lstrip("\"“‘'( ")) is not None


def needs_context(sentences: list[Sentence]) -> set[int]:
    """Indexes of the sentences that cannot stand alone as a summary line or key point."""
    return quote_pieces(sentences) | {i for i, s in enumerate(sentences) if points_back(s)}
