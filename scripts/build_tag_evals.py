"""Build the `sections` and `hashtags` gold sets from the Wikinews corpus in shared/data.

Why a split: the section classifier is trained on the same corpus, so the articles written to
tests/data/eval/sections.jsonl (a fixed hash of their id) are never used for training (see
scripts/train_sections.py); CI's figure is then a held-out one.

Gold fields, as issue 5 defines them:
- `section`: the article's Wikinews top-level categories (a list; any one counts as right).
- `keyphrases`: the article's Wikinews categories whose name appears in its title or text.

`hashtags_heldout.jsonl` is a second check, from the English articles none of whose
categories is named as such: gold = the categories named there by a common other form of a
country or body ('U.S.', 'Americans' for United States; the forms of analyze/lexicon.py). It
leans towards our own normalisation, so it is reported, not gated.

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


def keyphrases(article: dict, *, other_forms: bool = False) -> list[str]:
    body = f"{article['title']}\n{article['text']}"
    found = []
    for name in article["categories"]:
        name = name.strip() if other_forms else name
        if name in MAINTENANCE:
            continue
        forms = [name, *OTHER_FORMS.get(name, [])] if other_forms else [name]
        flags = re.IGNORECASE
        if any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", body, flags) for f in forms):
            found.append(name)
    return found


def _other_forms() -> dict[str, list[str]]:
    """Country or body → its short forms and people's adjectives ('U.S.', 'American(s)')."""
    from newsdesk.analyze.lexicon import ALIASES, DEMONYMS

    forms: dict[str, list[str]] = {}
    for short, name in ALIASES.items():
        forms.setdefault(name, []).append(short)
    for adjective, name in DEMONYMS.items():
        forms.setdefault(name, []).extend([adjective, adjective + "s"])
    return forms


OTHER_FORMS = _other_forms()


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
    sections, hashtags, heldout = [], [], []
    for article in english:
        gold = [name for name in article["categories"] if name in SECTIONS]
        if gold and held_out(article["id"]):
            sections.append(row(article, section=gold))
        phrases = keyphrases(article)
        if phrases:
            hashtags.append(row(article, keyphrases=phrases))
        elif keyphrases(article, other_forms=True):
            heldout.append(row(article, keyphrases=keyphrases(article, other_forms=True)))
    OUT.mkdir(parents=True, exist_ok=True)
    sets = (("sections", sections), ("hashtags", hashtags), ("hashtags_heldout", heldout))
    for name, rows in sets:
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for item in rows:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
