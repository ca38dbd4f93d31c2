"""Fit the answerer's two small models on the labelled questions and print their weights.

generate/answer.py ranks sentences with a logistic model over generate/evidence.py's
features and abstains with a second one over the best sentence's evidence; this script is
where their weights come from (paste its output into answer.py). It trains on every row of
answers.jsonl and on the questions about the first half of answers_heldout.jsonl's articles
(in file order: reader-worded questions, written before answer-3), and holds out the second
half of those articles, never trained on. It reports 5-fold cross-validation grouped by
article on the training rows, and the held-out rows.
Needs scikit-learn (a dev tool, not a runtime dependency).
Run: .venv/bin/python scripts/fit_answer.py [answers.jsonl [answers_heldout.jsonl]]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.evaluation.answers import same_sentence
from newsdesk.evaluation.load import load_rows, read_rows
from newsdesk.generate.answer import NEIGHBOUR_WITHIN, SECOND_WITHIN
from newsdesk.generate.document import Document, load_document
from newsdesk.generate.evidence import Evidence, gather, question_evidence
from newsdesk.store.engine import open_store

GOLD = Path(__file__).parents[1] / "tests/data/eval/answers.jsonl"
HELD_OUT_FILE = Path(__file__).parents[1] / "tests/data/eval/answers_heldout.jsonl"
FOLDS = 5
# The abstain line is set for the target: at least this share of unanswerable
# questions answered "does not say" in cross-validation.
ABSTAIN_TARGET = 0.90


@dataclass
class Record:
    article: str
    held_out: bool
    evidence: Evidence
    gold: np.ndarray  # 1 for the gold sentence's row; all 0 when unanswerable
    answerable: bool


def article_of(row_id: str) -> str:
    return row_id.rsplit("-", 1)[0]


def second_half(rows: list[dict[str, Any]]) -> set[str]:
    """The ids of the questions about the second half of the rows' articles, in file order."""
    articles = list(dict.fromkeys(article_of(row["id"]) for row in rows))
    kept = set(articles[len(articles) // 2 :])
    return {row["id"] for row in rows if article_of(row["id"]) in kept}


def records(
    rows: list[dict[str, Any]],
    docs: dict[str, Document],
    vectors: np.ndarray,
    held_out: set[str] | frozenset[str] = frozenset(),
) -> list[Record]:
    out = []
    for row, q_vector in zip(rows, vectors, strict=True):
        doc = docs[row["id"]]
        evidence = gather(doc, row["question"], q_vector)
        wanted = row.get("answer_sentence")
        gold = np.array(
            [
                bool(wanted) and same_sentence(doc.sentences[i].text, wanted)
                for i in evidence.indexes
            ],
            dtype=np.int64,
        )
        out.append(
            Record(
                article=article_of(row["id"]),
                held_out=row["id"] in held_out,
                evidence=evidence,
                gold=gold,
                answerable=bool(wanted),
            )
        )
    return out


def fit_ranker(train: list[Record]) -> Any:
    from sklearn.linear_model import LogisticRegression

    usable = [r for r in train if r.gold.any()]
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    model.fit(
        np.vstack([r.evidence.matrix for r in usable]), np.concatenate([r.gold for r in usable])
    )
    return model


def fit_abstainer(train: list[Record], ranker: Any) -> Any:
    """Positive: answerable and the best sentence is the gold one; negative: unanswerable."""
    from sklearn.linear_model import LogisticRegression

    x, y = [], []
    for r in train:
        scores = ranker.decision_function(r.evidence.matrix)
        if r.answerable and not r.gold[int(np.argmax(scores))]:
            continue
        x.append(question_evidence(r.evidence, scores))
        y.append(int(r.answerable))
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    model.fit(np.array(x), np.array(y))
    return model


def outcomes(test: list[Record], ranker: Any, abstainer: Any) -> list[tuple[bool, float, bool]]:
    """(answerable, abstain score, whether the answer would cite the gold sentence)."""
    found = []
    for r in test:
        scores = ranker.decision_function(r.evidence.matrix)
        order = np.argsort(-scores)
        top = r.evidence.indexes[order[0]]
        picked = [order[0]] + [
            i
            for i in order[1:2]
            if scores[i]
            >= scores[order[0]]
            - (NEIGHBOUR_WITHIN if abs(r.evidence.indexes[i] - top) == 1 else SECOND_WITHIN)
        ]
        level = float(abstainer.decision_function([question_evidence(r.evidence, scores)])[0])
        found.append((r.answerable, level, bool(any(r.gold[i] for i in picked))))
    return found


def rates(found: list[tuple[bool, float, bool]], line: float) -> tuple[float, float]:
    answerable = [f for f in found if f[0]]
    unanswerable = [f for f in found if not f[0]]
    cites = sum(hit and level >= line for _, level, hit in answerable) / max(len(answerable), 1)
    refuses = sum(level < line for _, level, _ in unanswerable) / max(len(unanswerable), 1)
    return round(cites, 3), round(refuses, 3)


def cross_validated(train: list[Record]) -> list[tuple[bool, float, bool]]:
    articles = sorted({r.article for r in train})
    found = []
    for fold in range(FOLDS):
        test_articles = set(articles[fold::FOLDS])
        fitting = [r for r in train if r.article not in test_articles]
        ranker = fit_ranker(fitting)
        found += outcomes(
            [r for r in train if r.article in test_articles], ranker, fit_abstainer(fitting, ranker)
        )
    return found


def abstain_line(found: list[tuple[bool, float, bool]]) -> float:
    """The lowest line at which cross-validated refusals reach ABSTAIN_TARGET."""
    for line in np.arange(-2.0, 3.0, 0.05):
        if rates(found, float(line))[1] >= ABSTAIN_TARGET:
            return round(float(line), 2)
    return 3.0


def report(every: list[Record]) -> None:
    train = [r for r in every if not r.held_out]
    held_out = [r for r in every if r.held_out]
    cv = cross_validated(train)
    line = abstain_line(cv)
    ranker = fit_ranker(train)
    abstainer = fit_abstainer(train, ranker)
    print(f"abstain line {line}")
    print(f"cross-validated, training rows ({len(train)}): cites, refuses = {rates(cv, line)}")
    if held_out:
        print(
            f"held-out rows ({len(held_out)}): cites, refuses = "
            f"{rates(outcomes(held_out, ranker, abstainer), line)}"
        )
    print("RANK_WEIGHTS =", np.round(ranker.coef_[0], 3).tolist())
    print("RANK_BIAS =", round(float(ranker.intercept_[0]), 3))
    print("ABSTAIN_WEIGHTS =", np.round(abstainer.coef_[0], 3).tolist())
    print("ABSTAIN_BIAS =", round(float(abstainer.intercept_[0]) - line, 3))


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    extra = Path(sys.argv[2]) if len(sys.argv) > 2 else HELD_OUT_FILE
    extra_rows = read_rows(extra)
    rows = read_rows(gold) + extra_rows
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = open_store(settings)
        ids = load_rows(store, rows)
        embedder = get_embedder(settings)
        docs: dict[str, Document] = {}
        with store.session() as session:
            for row in rows:
                doc = load_document(session, embedder, ids[row["id"]])
                assert doc is not None
                docs[row["id"]] = doc
        store.close()
    vectors = embedder.embed([r["question"] for r in rows])
    report(records(rows, docs, vectors, second_half(extra_rows)))


if __name__ == "__main__":
    main()
