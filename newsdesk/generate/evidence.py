"""The evidence that a sentence answers a question, as numbers a fitted model can weigh.

Two kinds of signal, for every usable sentence of the article:
- meaning: cosine between the question's and the sentence's stored vectors, absolute and
  relative to the article's best (a question is answered by the sentence closest to it, not
  by any sentence above a fixed line), and the closeness of the sentence before it (an answer
  like "He was 86." follows the sentence that names the subject);
- words: BM25 over the article's own sentences (so a word the whole article repeats counts
  for little), the share of the question's distinctive weight a sentence covers, the
  question's focus words (neither in the headline nor common in the article), shared word
  pairs, and whether the sentence holds the kind of answer asked for ("how many" a number
  the question does not already hold, "who" a name, ...).

Question-level evidence (for the abstain decision) adds how much of the question's weight
falls on words the article never uses: "Which mosque did he attend?" over an article without
"mosque" is rarely answered by it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from newsdesk.generate.document import Document
from newsdesk.generate.question import content_terms, question_kind, wants

SENTENCE_FEATURES = (
    "cosine",
    "cosine_gap",
    "cosine_before",
    "bm25",
    "bm25_relative",
    "cover",
    "focus_cover",
    "focus_miss",
    "word_pairs",
    "kind_fit",
    "depth",
    "length",
)
QUESTION_FEATURES = (
    "top_score",
    "margin",
    "unseen_share",
    "top_cosine",
    "top_cover",
    "top_kind_fit",
    "top_focus_cover",
    "top_focus_miss",
    "over_title",
    "over_mean",
)
COMMON_SHARE = 0.3  # a word in more than this share of the sentences is the article's topic
BM25_K1, BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class Evidence:
    """Features of every usable sentence (rows follow `indexes`) and of the question."""

    indexes: list[int]
    matrix: np.ndarray  # (len(indexes), len(SENTENCE_FEATURES)) float64
    unseen_share: float
    title_cosine: float  # the question against the headline: how on-topic it is at all


def gather(doc: Document, question: str, q_vector: np.ndarray) -> Evidence:
    """The evidence over `doc`'s usable sentences for `question` (vector `q_vector`)."""
    usable = doc.usable
    if not usable:
        return Evidence([], np.zeros((0, len(SENTENCE_FEATURES))), 1.0, 0.0)
    tokens = [content_terms(doc.sentences[i].text) for i in usable]
    asked = content_terms(question)
    terms = set(asked)
    idf = _idf(tokens)
    unseen = _unseen_idf(len(tokens))
    weight = sum(idf.get(t, unseen) for t in terms) or 1.0
    unseen_share = sum(unseen for t in terms if t not in idf) / weight
    focus = _focus(terms, tokens, set(content_terms(doc.title)))
    pairs = set(pairwise(asked))
    bm25 = np.array(_bm25(terms, tokens, idf))
    cosine = doc.vectors[usable] @ q_vector
    before = np.concatenate([[0.0], cosine[:-1]])
    kind = question_kind(question)
    rows = []
    for row, index in enumerate(usable):
        present = set(tokens[row])
        fit = wants(kind, doc.sentences[index].text, question)
        focus_cover = len(focus & present) / len(focus) if focus else 0.0
        rows.append(
            (
                float(cosine[row]),
                float(cosine[row] - cosine.max()),
                float(before[row]),
                float(bm25[row]),
                float(bm25[row] / (bm25.max() or 1.0)),
                sum(idf[t] for t in terms & present) / weight,
                focus_cover,
                1.0 if focus and not focus_cover else 0.0,
                float(min(len(pairs & set(pairwise(tokens[row]))), 2)),
                1.0 if fit is True else -1.0 if fit is False else 0.0,
                math.log1p(row),
                math.log1p(len(tokens[row])),
            )
        )
    matrix = np.array(rows, dtype=np.float64)
    return Evidence(list(usable), matrix, unseen_share, float(doc.title_vector @ q_vector))


def question_evidence(evidence: Evidence, scores: np.ndarray) -> np.ndarray:
    """The abstain model's input: the best sentence's score and evidence, and the margin."""
    order = np.argsort(-scores)
    top = order[0]
    second = float(scores[order[1]]) if len(order) > 1 else float(scores[top]) - 5.0
    row = evidence.matrix[top]
    column = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
    return np.array(
        [
            float(scores[top]),
            float(scores[top]) - second,
            evidence.unseen_share,
            row[column["cosine"]],
            row[column["cover"]],
            row[column["kind_fit"]],
            row[column["focus_cover"]],
            row[column["focus_miss"]],
            row[column["cosine"]] - evidence.title_cosine,
            row[column["cosine"]] - float(evidence.matrix[:, column["cosine"]].mean()),
        ]
    )


def _focus(terms: set[str], tokens: Sequence[Sequence[str]], title: set[str]) -> set[str]:
    """The question's words that are neither the article's topic nor in its headline."""
    limit = COMMON_SHARE * len(tokens)
    return {t for t in terms if t not in title and sum(t in set(s) for s in tokens) <= limit}


def _idf(tokens: Sequence[Sequence[str]]) -> dict[str, float]:
    n = len(tokens)
    df = Counter(t for sentence in tokens for t in set(sentence))
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


def _unseen_idf(n: int) -> float:
    """A question word the article never uses weighs like the rarest word: it is not covered."""
    return math.log(1 + (n + 0.5) / 0.5)


def _bm25(terms: set[str], tokens: Sequence[Sequence[str]], idf: dict[str, float]) -> list[float]:
    average = sum(len(t) for t in tokens) / max(len(tokens), 1) or 1.0
    scores = []
    for sentence in tokens:
        counts = Counter(sentence)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(sentence) / average)
        scores.append(
            sum(
                idf.get(t, 0.0) * counts[t] * (BM25_K1 + 1) / (counts[t] + norm)
                for t in terms
                if t in counts
            )
        )
    return scores
