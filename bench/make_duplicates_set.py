"""Build tests/data/eval/duplicates.jsonl: real Wikinews articles, realistic copies, hard negatives.

    .venv/bin/python bench/make_duplicates_set.py [--corpus FILE] [--out FILE] [--seed N]

Seeded, so the committed file is reproducible. Every original is a real English Wikinews
article; its copies are what republishers do to a CC BY article: swap the site furniture
(footers, "Read more", newsletter prompts), rewrite the headline, trim the ending, add a credit
line at the top or bottom ("(AP) —", "This article was originally published on Wikinews"),
re-paragraph and lightly edit the text. Hard negatives carry `duplicate_of: null`: other real
articles on the same topics (shared categories, close dates), and new articles that quote an
original's lede and then go on with a different article's text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent.parent / "shared/data/news-corpus/articles.jsonl"
OUT = ROOT / "tests/data/eval/duplicates.jsonl"
ORIGINALS = 110
SAME_TOPIC = 120
LEDE_QUOTERS = 50

OUTLETS = [
    ("The Daily Courier", "dailycourier.example"),
    ("Metro Wire", "metrowire.example"),
    ("Global Report", "globalreport.example"),
    ("Newsline Today", "newslinetoday.example"),
    ("The Evening Ledger", "eveningledger.example"),
    ("Regional Times", "regionaltimes.example"),
    ("World Briefing", "worldbriefing.example"),
]
FOOTERS = [
    "Read more: {title}",
    "Sign up for our daily newsletter to get the top stories in your inbox.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "© {year} {outlet}. All rights reserved.",
    "Share this article",
    "Subscribe now for unlimited access to {outlet}.",
    "Click here to download our app.",
    "Related: More news from {outlet}",
    "Contact the newsroom at news@{host}",
    "Advertisement",
]
CREDITS_TOP = ["(AP) — ", "(Wikinews) — ", "LONDON (Reuters) - ", "(AFP) — "]
CREDITS_BOTTOM = [
    "This article was originally published on Wikinews and is republished under CC BY 2.5.",
    "This article is republished from Wikinews under a Creative Commons license. "
    "Read the original article.",
    "Originally published by Wikinews.",
    "Information sourced from Wikinews.",
    "This story first appeared on Wikinews.",
]
SWAPS = [
    ("said", "stated"),
    ("says", "states"),
    ("United States", "US"),
    ("U.S.", "US"),
    ("percent", "per cent"),
    ("organization", "organisation"),
    ("however", "but"),
    ("announced", "said"),
    ("approximately", "about"),
    ("Tuesday", "on Tuesday"),
    ("according to", "per"),
]
HEADLINE_STYLES = ["prefix", "suffix", "lede", "case", "colon"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    english = [r for r in rows if r["lang"] == "en" and len(r["text"].split()) >= 150]
    rng.shuffle(english)
    originals = english[:ORIGINALS]
    rest = english[ORIGINALS:]
    out: list[dict[str, Any]] = []
    for original in originals:
        gold = _original_row(original)
        out.append(gold)
        for n in range(rng.choice([1, 1, 2, 2, 3])):
            out.append(_copy(rng, original, gold, n))
    same_topic = _same_topic(rest, originals, SAME_TOPIC)
    out.extend(_original_row(r) for r in same_topic)
    unused = [r for r in rest if r not in same_topic]
    for i in range(LEDE_QUOTERS):
        out.append(_lede_quoter(rng, rng.choice(originals), unused[i], i))
    rng.shuffle(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    copies = sum(1 for r in out if r["duplicate_of"])
    print(
        f"{len(out)} rows: {len(originals)} originals, {copies} copies, "
        f"{len(same_topic)} same-topic and {LEDE_QUOTERS} lede-quoting negatives → {args.out}"
    )


def _original_row(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "title": article["title"],
        "text": article["text"],
        "published": _iso(_date(article)),
        "source": "Wikinews",
        "url": article["url"],
        "duplicate_of": None,
    }


def _date(article: dict[str, Any]) -> datetime | None:
    value = article.get("published")
    return datetime.fromisoformat(value + "T09:00:00+00:00") if value else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _paragraphs(rng: random.Random, text: str) -> list[str]:
    """The article's paragraphs; a one-block text is re-paragraphed as a web page would be."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 2:
        return paragraphs
    sentences = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", " ".join(paragraphs))
    grouped, at = [], 0
    while at < len(sentences):
        size = rng.randint(2, 4)
        grouped.append(" ".join(sentences[at : at + size]))
        at += size
    return grouped


def _copy(
    rng: random.Random, article: dict[str, Any], gold: dict[str, Any], n: int
) -> dict[str, Any]:
    outlet, host = rng.choice(OUTLETS)
    paragraphs = _paragraphs(rng, article["text"])
    edits: list[str] = []
    if rng.random() < 0.4 and len(paragraphs) >= 4:
        keep = max(2, round(len(paragraphs) * rng.uniform(0.55, 0.85)))
        paragraphs = paragraphs[:keep]
        edits.append("trimmed")
    if rng.random() < 0.6:
        paragraphs = [_light_edit(rng, p) for p in paragraphs]
        edits.append("edited")
    if rng.random() < 0.6:
        if rng.random() < 0.4:
            paragraphs[0] = rng.choice(CREDITS_TOP) + paragraphs[0]
        else:
            paragraphs.append(rng.choice(CREDITS_BOTTOM))
        edits.append("credited")
    date = _date(article)
    year = (date or datetime(2020, 1, 1)).year
    footer = rng.sample(FOOTERS, rng.randint(1, 3))
    furniture = [
        f.format(title=_other_title(rng), year=year, outlet=outlet, host=host) for f in footer
    ]
    if rng.random() < 0.3:
        paragraphs.insert(rng.randint(1, len(paragraphs)), furniture.pop())
    paragraphs.extend(furniture)
    title = _headline(rng, article["title"], paragraphs[0], outlet)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    published = date + timedelta(hours=rng.randint(2, 72)) if date else None
    return {
        "id": f"{article['id']}-copy{n}",
        "title": title,
        "text": "\n\n".join(paragraphs),
        "published": _iso(published),
        "source": outlet,
        "url": f"https://{host}/{year}/{slug}-{n}",
        "duplicate_of": gold["id"],
    }


_OTHER_TITLES = [
    "Markets close higher as investors weigh rate outlook",
    "City council approves new budget",
    "Five things to know this week",
    "Weather: storms expected over the weekend",
]


def _other_title(rng: random.Random) -> str:
    return rng.choice(_OTHER_TITLES)


def _light_edit(rng: random.Random, paragraph: str) -> str:
    for old, new in SWAPS:
        if old in paragraph and rng.random() < 0.5:
            paragraph = paragraph.replace(old, new, 1)
    paragraph = paragraph.replace('"', "“", 1).replace('"', "”", 1)
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    if len(sentences) > 3 and rng.random() < 0.2:
        del sentences[rng.randrange(1, len(sentences))]
    return " ".join(sentences)


def _headline(rng: random.Random, title: str, lede: str, outlet: str) -> str:
    style = rng.choice(HEADLINE_STYLES)
    if style == "prefix":
        return rng.choice(["UPDATE: ", "Breaking: ", "Report: ", "WATCH: "]) + title
    if style == "suffix":
        return f"{title} | {outlet}"
    if style == "lede":
        words = re.sub(r"^\(\w+\) — ", "", lede).split()[:10]
        return " ".join(words).rstrip(",.;:")
    if style == "case":
        return title.title()
    return title.split(",")[0] + ": what we know"


def _same_topic(
    pool: list[dict[str, Any]], originals: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    """Other real articles closest in topic and date to the originals (hard negatives)."""
    topics = {c for o in originals for c in o.get("categories", []) if c}
    dates = [d for o in originals if (d := _date(o))]

    def closeness(article: dict[str, Any]) -> tuple[int, float]:
        shared = len(topics & set(article.get("categories", [])))
        date = _date(article)
        gap = min((abs((date - d).days) for d in dates), default=9999) if date else 9999
        return (-shared, gap)

    return sorted(pool, key=closeness)[:count]


def _lede_quoter(
    rng: random.Random, quoted: dict[str, Any], body: dict[str, Any], n: int
) -> dict[str, Any]:
    """A new article that quotes another's opening paragraph, then goes its own way."""
    outlet, host = rng.choice(OUTLETS)
    lede = _paragraphs(rng, quoted["text"])[0]
    own = _paragraphs(rng, body["text"])
    intro = rng.choice(
        [
            f'Wikinews reported: "{lede}"',
            f"As first reported elsewhere, {lede}",
            f'"{lede}" That was how the story broke. Here is what else happened.',
        ]
    )
    text = "\n\n".join([intro, *own])
    date = _date(body) or _date(quoted)
    return {
        "id": f"quote-{n}-{body['id']}",
        "title": body["title"],
        "text": text,
        "published": _iso(date + timedelta(days=1) if date else None),
        "source": outlet,
        "url": f"https://{host}/opinion/{body['id']}",
        "duplicate_of": None,
    }


if __name__ == "__main__":
    main()
