"""Extractive summary and key points: the article's own sentences, chosen and cited.

Each usable sentence gets a salience score from three signals over its vector:
- centrality: mean cosine to the article's other sentences (LexRank's intuition without the
  iteration: on one article's 10-60 sentences the ranking is the same and it costs one
  matrix product);
- closeness to the headline, which the editor wrote as the story's one-line summary;
- position: news is written as an inverted pyramid, so the lede paragraph carries most of
  the news value, and value decays with depth;
- standing alone: a piece of a multi-sentence quotation, or a sentence that opens by
  pointing back ("He had pled guilty...", "This comes after..."), misleads or puzzles
  without the sentence before it (generate/context.py), so it is marked down.
Sentences are then taken by maximal marginal relevance (MMR), so a second sentence that
repeats the first loses to one that adds something. The summary is the first 2-3 picks in
article order; the key points are the next 3-5, also in article order.
"""

from __future__ import annotations

import re

import numpy as np

from newsdesk.generate.cited import Cited, Summary
from newsdesk.generate.context import needs_context
from newsdesk.generate.document import Document

METHOD = "extractive"
METHOD_VERSION = "extractive-3"

W_CENTRAL, W_TITLE, W_POSITION = 0.35, 0.35, 0.30
MMR_LAMBDA = 0.7
QUOTE_PENALTY = 0.08  # a quotation is colour, rarely the news itself
CONTEXT_PENALTY = 0.2  # cannot stand alone: only taken when little else is left
# A longer sentence is fine as a key point, heavy as a summary line; the lede is exempt, as
# it is the editor's own summary however long.
MAX_SUMMARY_WORDS = 55


# Interview transcripts: '((WN)) What made you...', 'Q: ...', 'A. ...' lines are exchanges,
# not reporting, and a question is never a point the article makes.
_TRANSCRIPT = re.compile(r"^\s*(?:\(\([^()]{1,60}\)\)|[QA][:.]\s)")


def not_a_point(text: str, title: str) -> bool:
    """A sentence the answerer may quote but a summary must not: the headline repeated as the
    body's first line (it says nothing the page's title does not), a question, or a
    speaker-labelled line of an interview transcript."""
    line = text.strip()
    return line.endswith("?") or bool(_TRANSCRIPT.match(line)) or _plain(line) == _plain(title)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def salience(doc: Document) -> dict[int, float]:
    """Score of each usable sentence (index → score), higher = more central news."""
    usable = [i for i in doc.usable if not not_a_point(doc.sentences[i].text, doc.title)]
    usable = usable or doc.usable  # an article of questions alone is still summarised
    if not usable:
        return {}
    vectors = doc.vectors[usable]
    similarity = vectors @ vectors.T
    n = len(usable)
    centrality = (similarity.sum(axis=1) - 1.0) / max(n - 1, 1)
    to_title = vectors @ doc.title_vector if doc.title.strip() else np.zeros(n)
    scores: dict[int, float] = {}
    first_paragraph = doc.sentences[usable[0]].paragraph
    dependent = needs_context(doc.sentences)
    for row, index in enumerate(usable):
        sentence = doc.sentences[index]
        depth = sentence.paragraph - first_paragraph
        position = 1.0 / (1.0 + depth) * (1.0 if sentence.index == 0 else 0.8)
        score = (
            W_CENTRAL * float(centrality[row])
            + W_TITLE * float(to_title[row])
            + W_POSITION * position
        )
        if _is_quote(sentence.text):
            score -= QUOTE_PENALTY
        if index in dependent:
            score -= CONTEXT_PENALTY
        scores[index] = score
    return scores


def _is_quote(text: str) -> bool:
    return text.lstrip()[:1] in "\"“‘'"


def mmr_order(doc: Document, scores: dict[int, float], limit: int) -> list[int]:
    """Up to `limit` sentence indexes, each the best trade of salience against repetition."""
    chosen: list[int] = []
    remaining = set(scores)
    while remaining and len(chosen) < limit:
        best, best_value = -1, -np.inf
        for index in sorted(remaining):
            redundancy = max(
                (float(doc.vectors[index] @ doc.vectors[j]) for j in chosen), default=0
            )
            value = MMR_LAMBDA * scores[index] - (1 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = index, value
        chosen.append(best)
        remaining.discard(best)
    return chosen


def summary_size(usable: int) -> tuple[int, int]:
    """(summary sentences, key points) for an article with this many usable sentences."""
    summary = 3 if usable >= 10 else 2 if usable >= 3 else usable
    points = min(5, max(3, usable // 5))
    return summary, max(0, min(points, usable - summary))


def summarize(doc: Document) -> Summary:
    """The article's summary and key points, each an article sentence verbatim with its id."""
    scores = salience(doc)
    n_summary, n_points = summary_size(len(scores))
    order = mmr_order(doc, scores, n_summary + n_points)
    lede = min(scores, default=-1)
    short = [
        i for i in order if i == lede or len(doc.sentences[i].text.split()) <= MAX_SUMMARY_WORDS
    ]
    summary = sorted(short[:n_summary] if len(short) >= n_summary else order[:n_summary])
    points = sorted([i for i in order if i not in summary][:n_points])
    return Summary(
        summary=[_cite(doc, i) for i in summary],
        key_points=[_cite(doc, i) for i in points],
        method=METHOD,
        method_version=METHOD_VERSION,
    )


def _cite(doc: Document, index: int) -> Cited:
    sentence = doc.sentences[index]
    return Cited(text=sentence.text, cites=(sentence.id,))
