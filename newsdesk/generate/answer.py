"""Ask about this article: the sentences that answer a reader's question, or "does not say".

Each usable sentence is scored on three signals:
- meaning: cosine between the question's and the sentence's vectors;
- words: BM25 over the article's own sentences (so a word the whole article repeats, like
  the subject's name, counts for little and the question's distinctive words decide), and
  the share of the question's distinctive weight the sentence covers;
- the kind of answer asked for: "how many" wants a number, "when" a date, "who" a name.
The best sentence answers only when its score clears THRESHOLD, calibrated on the labelled
set in tests/data/eval/answers.jsonl (`newsdesk eval answers`); otherwise the reply is
exactly "The article does not say." A second sentence is added only when it is nearly as
good, so an answer stays short and each sentence carries its citation.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.analyze.embed import Embedder
from newsdesk.generate.cited import Answer, Cited
from newsdesk.generate.document import Document
from newsdesk.generate.question import content_terms, question_kind, wants

METHOD = "extractive"
METHOD_VERSION = "answer-1"

W_MEANING, W_BM25, W_COVER, W_KIND = 0.65, 0.10, 0.25, 0.10
# The question's focus: its words that are neither the article's topic (the headline) nor
# spread over much of the article. A sentence holding none of them rarely answers.
W_FOCUS, FOCUS_MISS = 0.15, 0.15
COMMON_SHARE = 0.3
KIND_MISS = 0.12  # asked for a number/date/name and the sentence has none
THRESHOLD = 0.48
SECOND_WITHIN = 0.10
BM25_K1, BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class Candidate:
    doc: Document
    index: int
    score: float


def score_sentences(doc: Document, question: str, q_vector: np.ndarray) -> list[tuple[int, float]]:
    """(sentence index, score) for every usable sentence, best first."""
    usable = doc.usable
    if not usable:
        return []
    terms = content_terms(question)
    tokens = [content_terms(doc.sentences[i].text) for i in usable]
    idf = _idf(tokens)
    bm25 = _bm25(terms, tokens, idf)
    top = max(bm25) if bm25 and max(bm25) > 0 else 1.0
    weight = sum(idf.get(t, _unseen_idf(len(tokens))) for t in set(terms)) or 1.0
    meaning = doc.vectors[usable] @ q_vector
    kind = question_kind(question)
    title_terms = set(content_terms(doc.title))
    focus = {
        t
        for t in set(terms)
        if t not in title_terms and sum(t in set(s) for s in tokens) <= COMMON_SHARE * len(tokens)
    }
    scored = []
    for row, index in enumerate(usable):
        present = set(tokens[row])
        cover = sum(idf[t] for t in set(terms) if t in present) / weight
        fit = wants(kind, doc.sentences[index].text)
        focus_cover = len(focus & present) / len(focus) if focus else None
        score = (
            W_MEANING * float(meaning[row])
            + W_BM25 * bm25[row] / top * min(1.0, cover * 2)
            + W_COVER * cover
            + (W_KIND if fit is True else -KIND_MISS if fit is False else 0.0)
            + (
                0.0
                if focus_cover is None
                else W_FOCUS * focus_cover
                if focus_cover
                else -FOCUS_MISS
            )
        )
        scored.append((index, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored


def _focus_term(cover: float | None) -> float:
    if cover is None:
        return 0.0
    return W_FOCUS * cover if cover else -FOCUS_MISS


def _idf(tokens: Sequence[Sequence[str]]) -> dict[str, float]:
    n = len(tokens)
    df = Counter(t for sentence in tokens for t in set(sentence))
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


def _unseen_idf(n: int) -> float:
    """A question word the article never uses weighs like the rarest word: it is not covered."""
    return math.log(1 + (n + 0.5) / 0.5)


def _bm25(
    terms: Sequence[str], tokens: Sequence[Sequence[str]], idf: dict[str, float]
) -> list[float]:
    average = sum(len(t) for t in tokens) / max(len(tokens), 1) or 1.0
    scores = []
    for sentence in tokens:
        counts = Counter(sentence)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(sentence) / average)
        scores.append(
            sum(
                idf.get(t, 0.0) * counts[t] * (BM25_K1 + 1) / (counts[t] + norm)
                for t in set(terms)
                if t in counts
            )
        )
    return scores


def best_candidates(
    docs: Sequence[Document], question: str, q_vector: np.ndarray
) -> list[Candidate]:
    """The answering sentences over `docs`, best first: at most two, both over THRESHOLD."""
    pooled = [
        Candidate(doc, index, score)
        for doc in docs
        for index, score in score_sentences(doc, question, q_vector)[:2]
    ]
    pooled.sort(key=lambda c: -c.score)
    if not pooled or pooled[0].score < THRESHOLD:
        return []
    chosen = [pooled[0]]
    if len(pooled) > 1 and pooled[1].score >= max(THRESHOLD, pooled[0].score - SECOND_WITHIN):
        chosen.append(pooled[1])
    return chosen


def answer(
    doc: Document,
    question: str,
    embedder: Embedder,
    *,
    story: Sequence[Document] = (),
) -> Answer:
    """Answer `question` (already checked by question.clean_question) from the article.

    When the article does not say and it belongs to a story, the story's other articles are
    asked, and their sentences come back citing "<article id>/<sentence id>" and the outlet.
    """
    q_vector = np.asarray(embedder.embed([question])[0], dtype=np.float32)
    found = best_candidates([doc], question, q_vector)
    if not found and story:
        found = best_candidates(story, question, q_vector)
    sentences = [_cite(doc, c) for c in sorted(found, key=lambda c: (c.doc.article_id, c.index))]
    return Answer(
        question=question,
        answered=bool(sentences),
        sentences=sentences,
        method=METHOD,
        method_version=METHOD_VERSION,
    )


def _cite(asked: Document, candidate: Candidate) -> Cited:
    sentence = candidate.doc.sentences[candidate.index]
    if candidate.doc.article_id == asked.article_id:
        return Cited(sentence.text, (sentence.id,))
    cite = f"{candidate.doc.article_id}/{sentence.id}"
    return Cited(sentence.text, (cite,), outlet=candidate.doc.outlet or "another outlet")
