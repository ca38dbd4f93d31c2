"""Build the `sections` and `hashtags` gold sets from the Wikinews corpus in shared/data.

Why a split: the section classifier is trained on the same corpus, so the articles written to
tests/data/eval/sections.jsonl (a fixed hash of their id) are never used for training (see
scripts/train_sections.py); CI's figure is then a held-out one.

Gold fields, as issue 5 defines them:
- `section`: the article's Wikinews top-level categories (a list; any one counts as right).
- `keyphrases`: the article's Wikinews categories whose name appears in its title or text.

Run: python scripts/build_tag_evals.py [CORPUS.jsonl]
Content: Articles from Wikinews (https://www.wikinews.org), CC BY 2.5.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SECTIONS = (
    "Crime and law",
    "Culture and entertainment",
    "Disasters and accidents",
    "Economy and business",
    "Education",
    "Environment",
    "Health",
    "Obituaries",
    "Politics and conflicts",
    "Science and technology",
    "Sports",
    "Weather",
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent.parent / "shared" / "data" / "news-corpus" / "articles.jsonl"
OUT = ROOT / "tests" / "data" / "eval"
# Wikinews housekeeping categories: never a topic of the article.
MAINTENANCE = {"Published", "AutoArchived", "Archived", "Public domain articles", "Spam"}


def held_out(article_id: str) -> bool:
    """The fixed 30% of articles that section training never sees."""
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 10 < 3


def keyphrases(article: dict) -> list[str]:
    body = f"{article['title']}\n{article['text']}"
    found = []
    for name in article["categories"]:
        if name in MAINTENANCE:
            continue
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", body, re.IGNORECASE):
            found.append(name)
    return found


def row(article: dict, **gold: object) -> dict:
    return {
        "id": article["id"],
        "title": article["title"],
        "text": article["text"],
        "published": article["published"],
        "source": "Wikinews",
        "url": article["url"],
        **gold,
    }


def main(corpus: Path) -> None:
    english = [
        json.loads(line)
        for line in corpus.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["lang"] == "en"
    ]
    sections, hashtags = [], []
    for article in english:
        gold = [name for name in article["categories"] if name in SECTIONS]
        if gold and held_out(article["id"]):
            sections.append(row(article, section=gold))
        phrases = keyphrases(article)
        if phrases:
            hashtags.append(row(article, keyphrases=phrases))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (("sections", sections), ("hashtags", hashtags)):
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for item in rows:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
