"""Ask about this article: the sentences that answer a reader's question, or "does not say".

Two small logistic models over generate/evidence.py's features, fitted on the labelled
questions by scripts/fit_answer.py (weights below; refit when the features or the word
matching in question.py change):
- the ranker scores every usable sentence (meaning from the stored vectors, BM25 and the
  question's focus words, the kind of answer asked for) and the best one is the answer;
- the abstainer looks at the best sentence's evidence, its lead over the next and how much
  of the question the article never mentions, and refuses below zero: the reply is then
  exactly "The article does not say." Its line was set in cross-validation so that nine in
  ten questions the article does not answer are refused: never guess.
A second sentence is added only when the ranker scores it nearly as high, or when it is the
best sentence's neighbour and scores close to it (an answer is often split over two sentences:
"Jacques Chirac died at home in Paris." then "He was 86."), so an answer stays short and each
sentence carries its citation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.analyze.embed import Embedder
from newsdesk.generate.cited import Answer, Cited
from newsdesk.generate.document import Document
from newsdesk.generate.evidence import gather, question_evidence

METHOD = "extractive"
METHOD_VERSION = "answer-3"  # 3: synonyms, more answer kinds, a neighbour shown

# scripts/fit_answer.py output; order: evidence.SENTENCE_FEATURES / QUESTION_FEATURES.
RANK_WEIGHTS = np.array(
    [2.749, 7.165, -0.783, 0.113, 1.94, -0.189, 1.427, -0.337, -0.368, 0.935, -0.116, -0.182]
)
RANK_BIAS = -0.616
ABSTAIN_WEIGHTS = np.array([0.579, 0.24, -2.232, 1.46, 1.082, 0.373, 0.753, 0.064, 1.127, 0.772])
ABSTAIN_BIAS = -2.721
SECOND_WITHIN = 1.0  # ranker logits: a second sentence this close to the best is shown too
NEIGHBOUR_WITHIN = 3.0  # ... and the sentence just before or after the best, this close


@dataclass(frozen=True)
class Candidate:
    doc: Document
    index: int
    score: float
    answers: float  # the abstainer's score: the sentence answers when it is >= 0


def candidates(doc: Document, question: str, q_vector: np.ndarray) -> list[Candidate]:
    """The article's two best sentences for the question, best first, with both scores."""
    evidence = gather(doc, question, q_vector)
    if not evidence.indexes:
        return []
    scores = evidence.matrix @ RANK_WEIGHTS + RANK_BIAS
    answers = float(question_evidence(evidence, scores) @ ABSTAIN_WEIGHTS + ABSTAIN_BIAS)
    order = np.argsort(-scores)[:2]
    return [Candidate(doc, evidence.indexes[i], float(scores[i]), answers) for i in order]


def best_candidates(
    docs: Sequence[Document], question: str, q_vector: np.ndarray
) -> list[Candidate]:
    """The answering sentences over `docs`, best first: at most two, or none (abstain)."""
    pooled = [c for doc in docs for c in candidates(doc, question, q_vector)]
    pooled.sort(key=lambda c: -c.score)
    if not pooled or pooled[0].answers < 0:
        return []
    chosen = [pooled[0]]
    if len(pooled) > 1 and pooled[1].score >= pooled[0].score - _within(pooled[0], pooled[1]):
        chosen.append(pooled[1])
    return chosen


def _within(best: Candidate, other: Candidate) -> float:
    """How far below the best a second sentence may score and still be shown."""
    neighbour = best.doc is other.doc and abs(best.index - other.index) == 1
    return NEIGHBOUR_WITHIN if neighbour else SECOND_WITHIN


def answer(
    doc: Document,
    question: str,
    embedder: Embedder,
    *,
    story: Callable[[], Sequence[Document]] | None = None,
) -> Answer:
    """Answer `question` (already checked by question.clean_question) from the article.

    When the article does not say and it belongs to a story, the story's other articles are
    asked, and their sentences come back citing "<article id>/<sentence id>" and the outlet.
    `story` loads them only then: most questions are answered (or refused) by the article,
    and reading up to six more articles' vectors would be most of an answer's time.
    """
    q_vector = np.asarray(embedder.embed([question])[0], dtype=np.float32)
    found = best_candidates([doc], question, q_vector)
    if not found and story is not None:
        found = best_candidates(story(), question, q_vector)
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
