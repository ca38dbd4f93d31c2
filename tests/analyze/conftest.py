"""Real articles for the analysis tests, stored through the store's real write path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parents[2] / "newsdesk" / "demo" / "data" / "wikinews-en.jsonl.gz"
FRENCH = Path(__file__).parents[1] / "data" / "analyze" / "wikinews-fr.jsonl"


def corpus_rows(count: int) -> list[dict[str, Any]]:
    """The first `count` English Wikinews articles of the bundled corpus, in eval format."""
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            rows.append(
                {
                    "id": article["id"],
                    "title": article["title"],
                    "text": article["text"],
                    "published": article.get("published"),
                    "source": "Wikinews",
                    "url": article["url"],
                }
            )
            if len(rows) == count:
                return rows
    return rows


def french_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FRENCH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def english_rows() -> list[dict[str, Any]]:
    return corpus_rows(40)
