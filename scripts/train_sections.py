"""Train the section classifier shipped in newsdesk/analyze/data/sections.{npy,json}.

Data: English Wikinews articles of shared/data/news-corpus that carry a top-level section
category and are NOT in tests/data/eval/sections.jsonl (that set is the held-out figure).
Model: one-vs-rest logistic regression over the article vector (the step's `vector_text`).
Prints 5-fold cross-validated accuracy and macro F1 (the eval's definitions) on the training
articles, then the score on the held-out set.

Run: HF_HUB_OFFLINE=1 python scripts/train_sections.py [CORPUS.jsonl]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.sections import SECTIONS, vector_text
from newsdesk.config import Settings
from newsdesk.evaluation.sections import section_scores

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent.parent / "shared" / "data" / "news-corpus" / "articles.jsonl"
EVAL = ROOT / "tests" / "data" / "eval" / "sections.jsonl"
OUT = ROOT / "newsdesk" / "analyze" / "data"
C = 16.0


def fit(vectors: np.ndarray, golds: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """One-vs-rest: per section, P(the article is filed under it); the step takes the best.

    Balanced class weights, or the rare sections (a few articles each) are never predicted.
    """
    labels = sorted({name for gold in golds for name in gold})
    rows = []
    for name in labels:
        target = np.array([name in gold for gold in golds])
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
        model.fit(vectors, target)
        rows.append(np.r_[model.coef_[0], model.intercept_])
    return labels, np.array(rows, dtype=np.float32)


def predict(labels: list[str], matrix: np.ndarray, vectors: np.ndarray) -> list[str]:
    logits = vectors @ matrix[:, :-1].T + matrix[:, -1]
    return [labels[i] for i in logits.argmax(axis=1)]


def main(corpus: Path) -> None:
    held_out = {json.loads(line)["id"] for line in EVAL.read_text().splitlines()}
    train, test = [], []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        gold = [name for name in article["categories"] if name in SECTIONS]
        if article["lang"] != "en" or not gold:
            continue
        (test if article["id"] in held_out else train).append((article, gold))
    embedder = get_embedder(Settings())
    embed = lambda items: embedder.embed([vector_text(a["title"], a["text"]) for a, _ in items])  # noqa: E731
    x_train, x_test = embed(train), embed(test)
    g_train, g_test = [g for _, g in train], [g for _, g in test]

    predictions: list[str | None] = [None] * len(train)
    for fit_idx, val_idx in KFold(5, shuffle=True, random_state=0).split(x_train):
        labels, matrix = fit(x_train[fit_idx], [g_train[i] for i in fit_idx])
        for i, label in zip(val_idx, predict(labels, matrix, x_train[val_idx]), strict=True):
            predictions[i] = label
    cv = section_scores(g_train, predictions)
    labels, matrix = fit(x_train, g_train)
    held = section_scores(g_test, predict(labels, matrix, x_test))
    print(f"train articles {len(train)}, held-out {len(test)}")
    print(f"5-fold CV on training articles: {cv}")
    print(f"held-out (tests/data/eval/sections.jsonl): {held}")
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "sections.npy", matrix)
    meta = {
        "labels": labels,
        "embedder": embedder.name,
        "trained_on": len(train),
        "cv": cv,
        "held_out": held,
        "C": C,
        "data": "English Wikinews (CC BY 2.5), shared/data/news-corpus, eval set held out",
    }
    (OUT / "sections.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
