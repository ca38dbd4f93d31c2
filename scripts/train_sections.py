"""Train the section classifier shipped in newsdesk/analyze/data/sections.{npy,json}.

Data: English Wikinews articles of shared/data/news-corpus that carry a top-level section
category and are NOT in tests/data/eval/sections.jsonl (that set is the held-out figure).

Model: one-vs-rest logistic regression over the article vector (`embed_text`, the text the
embed step stores a vector of), with balanced class weights, started from a prior: the
vector of the section's own name. The training set is 88% 'Crime and law' and has under ten
articles for Sports, Health, Obituaries or Environment, so a plain fit learns those sections
from a handful of examples and files an epidemic under what it saw most. Each section's
score is `alpha * cos(article, name) + w.x + b`, the fit penalising `w` (not the prior) so
the data corrects the name where it has evidence. The prior folds into the weights, so
classifying stays one matrix product. C and alpha are chosen by 5-fold cross-validation,
repeated on 3 splits, on the training articles (accuracy + macro F1, the eval's
definitions; the most regularised fit within one standard error of the best); the
held-out set is scored once, with the choice.

Run: HF_HUB_OFFLINE=1 python scripts/train_sections.py [CORPUS.jsonl]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.model_selection import KFold

from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.sections import SECTIONS
from newsdesk.analyze.vectors import embed_text
from newsdesk.config import Settings
from newsdesk.evaluation.sections import section_scores

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent.parent / "shared" / "data" / "news-corpus" / "articles.jsonl"
EVAL = ROOT / "tests" / "data" / "eval" / "sections.jsonl"
OUT = ROOT / "newsdesk" / "analyze" / "data"
GRID_C = (4.0, 8.0, 16.0, 32.0)
GRID_ALPHA = (0.0, 10.0, 20.0, 30.0, 40.0)
FOLDS = 5
REPEATS = 3
Names = dict[str, np.ndarray]  # section -> the vector of its name
Key = tuple[float, float]  # C, alpha


def fit_one(vectors: np.ndarray, target: np.ndarray, c: float, prior: np.ndarray) -> np.ndarray:
    """Balanced binary logistic regression with the fixed logit offset `vectors @ prior`.

    Returns [w + prior, b]: the prior is part of the shipped row, only w is penalised.
    """
    n, dim = vectors.shape
    positives = target.sum()
    weight = np.where(target > 0, n / (2 * positives), n / (2 * (n - positives)))
    offset = vectors @ prior

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        z = vectors @ w + b + offset
        nll = target * np.logaddexp(0, -z) + (1 - target) * np.logaddexp(0, z)
        grad = weight * (1 / (1 + np.exp(-z)) - target)
        value = c * float(weight @ nll) + 0.5 * float(w @ w)
        return value, np.r_[c * (vectors.T @ grad) + w, c * grad.sum()]

    found = minimize(loss, np.zeros(dim + 1), jac=True, method="L-BFGS-B")
    return np.r_[found.x[:-1] + prior, found.x[-1]]


def fit(
    vectors: np.ndarray, golds: list[list[str]], names: Names, c: float, alpha: float
) -> tuple[list[str], np.ndarray]:
    """One row per section seen in training: P(the article is filed under it)."""
    labels = sorted({name for gold in golds for name in gold})
    rows = [
        fit_one(vectors, np.array([name in gold for gold in golds], float), c, alpha * names[name])
        for name in labels
    ]
    return labels, np.array(rows, dtype=np.float32)


def predict(labels: list[str], matrix: np.ndarray, vectors: np.ndarray) -> list[str]:
    logits = vectors @ matrix[:, :-1].T + matrix[:, -1]
    return [labels[i] for i in logits.argmax(axis=1)]


def cross_validate(
    vectors: np.ndarray, golds: list[list[str]], names: Names, c: float, alpha: float
) -> list[dict[str, float]]:
    """One score per repeat of k-fold CV, each with its own split of the articles."""
    runs = []
    for seed in range(REPEATS):
        predictions: list[str | None] = [None] * len(golds)
        for fit_idx, val_idx in KFold(FOLDS, shuffle=True, random_state=seed).split(vectors):
            labels, matrix = fit(vectors[fit_idx], [golds[i] for i in fit_idx], names, c, alpha)
            for i, label in zip(val_idx, predict(labels, matrix, vectors[val_idx]), strict=True):
                predictions[i] = label
        runs.append(section_scores(golds, predictions))
    return runs


def mean_scores(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: float(np.mean([run[key] for run in runs])) for key in runs[0]}


def choose(grid: dict[Key, list[dict[str, float]]]) -> Key:
    """The smallest C (the most regularised fit) within one standard error of the best.

    With 8 Sports and 2 Environment articles the macro F1 of one split moves by several
    points, and the training set's 88% 'Crime and law' rewards fits that learn its skew;
    the one-standard-error rule keeps the simpler model when the data cannot tell them apart.
    """
    totals = {
        key: [run["accuracy"] + run["macro_f1"] for run in runs] for key, runs in grid.items()
    }
    best = max(totals, key=lambda key: np.mean(totals[key]))
    floor = np.mean(totals[best]) - np.std(totals[best], ddof=1) / np.sqrt(REPEATS)
    near = [key for key in totals if np.mean(totals[key]) >= floor]
    return min(near, key=lambda key: (key[0], -np.mean(totals[key])))


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
    embed = lambda items: embedder.embed([embed_text(a["title"], a["text"]) for a, _ in items])  # noqa: E731
    x_train, x_test = embed(train), embed(test)
    g_train, g_test = [g for _, g in train], [g for _, g in test]
    names = dict(zip(SECTIONS, embedder.embed(list(SECTIONS)), strict=True))
    grid = {
        (c, alpha): cross_validate(x_train, g_train, names, c, alpha)
        for c in GRID_C
        for alpha in GRID_ALPHA
    }
    for (c, alpha), runs in grid.items():
        scores = mean_scores(runs)
        cv = f"{scores['accuracy']:.3f} / {scores['macro_f1']:.3f}"
        print(f"C={c:<5} alpha={alpha:<5} CV {cv}")
    c, alpha = choose(grid)
    labels, matrix = fit(x_train, g_train, names, c, alpha)
    held = section_scores(g_test, predict(labels, matrix, x_test))
    print(f"train articles {len(train)}, held-out {len(test)}; chosen C={c}, alpha={alpha}")
    print(f"{REPEATS}x{FOLDS}-fold CV on training articles: {mean_scores(grid[c, alpha])}")
    print(f"held-out (tests/data/eval/sections.jsonl): {held}")
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "sections.npy", matrix)
    meta = {
        "labels": labels,
        "embedder": embedder.name,
        "trained_on": len(train),
        "cv": mean_scores(grid[c, alpha]),
        "held_out": held,
        "C": c,
        "alpha": alpha,
        "data": "English Wikinews (CC BY 2.5), shared/data/news-corpus, eval set held out",
    }
    (OUT / "sections.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
